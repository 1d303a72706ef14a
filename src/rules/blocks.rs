//! Linting one document a block at a time (a file too large to hold whole): what a block's
//! findings wait on, and the document-wide decisions taken once every block is read.
//!
//! Everything a rule decides is local to a line (a line break ends a sentence, regex rules
//! search one line at a time, words and runs of words stop at line breaks), except two
//! conditions on the whole document: a `consistency` rule flags a variant only when
//! its group appears in two forms somewhere in the document, and a `romanization` rule with
//! context words reports only in a document that holds one. In a block
//! ([`Document::in_block`]) those rules report as if their condition held; the block records
//! the forms it holds, and its context words when it has such findings; [`Blocks::finish`]
//! keeps the findings whose condition holds in the whole document, then resolves overlaps as
//! [`RuleSet::check`] does.

use std::collections::BTreeSet;
use std::ops::Range;

use super::kinds::Kind;
use super::{drop_subsumed, sort_findings, Finding, RuleSet};
use crate::document::Document;

/// What a finding of a block waits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    /// Its group (rule position, group) must appear in two forms in the document.
    Mixed(usize, usize),
    /// One of its rule's context words must appear in the document (rule position).
    Context(usize),
}

/// A finding of a block with what it waits on, and whether the caller's filters drop it once
/// overlaps are resolved (an allowed word).
#[derive(Debug)]
struct Pending {
    finding: Finding,
    wait: Option<Wait>,
    dropped: bool,
}

/// What the blocks of one document found out so far, shared by the threads that lint them: a
/// block does not look for the context words that another block already found.
#[derive(Debug, Default)]
pub struct Seen {
    context: std::sync::Mutex<BTreeSet<usize>>,
}

impl Seen {
    fn context(&self) -> std::sync::MutexGuard<'_, BTreeSet<usize>> {
        self.context
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The findings of one block (before overlaps are resolved), with what the block tells about
/// the whole document.
#[derive(Debug, Default)]
pub struct BlockFindings {
    pending: Vec<Pending>,
    /// Consistency forms held: (rule position, group, form).
    forms: BTreeSet<(usize, usize, usize)>,
    /// Romanization rules whose context words the block holds.
    context: BTreeSet<usize>,
}

impl BlockFindings {
    /// The findings `out` of `doc` under `set`, with their conditions.
    pub(super) fn new(
        set: &RuleSet,
        doc: &Document,
        out: Vec<Finding>,
        seen: &Seen,
    ) -> BlockFindings {
        let mut b = BlockFindings {
            pending: out
                .into_iter()
                .map(|finding| Pending {
                    finding,
                    wait: None,
                    dropped: false,
                })
                .collect(),
            ..BlockFindings::default()
        };
        for (position, rule) in set.rules.iter().enumerate() {
            if !rule.applies_to(&doc.lang) {
                continue;
            }
            let mine = |p: &Pending| p.finding.rule == rule.meta.id;
            match &rule.kind {
                Kind::Consistency(k) => {
                    let hits = rule
                        .kind
                        .word_list()
                        .map_or_else(Vec::new, |l| l.find(doc.text));
                    for (_, form) in &hits {
                        b.forms.insert((position, k.group_of(*form), *form));
                    }
                    for p in b.pending.iter_mut().filter(|p| mine(p)) {
                        let start = p.finding.range.start;
                        let i = hits.partition_point(|(r, _)| r.start < start);
                        if let Some((_, form)) = hits.get(i).filter(|(r, _)| r.start == start) {
                            p.wait = Some(Wait::Mixed(position, k.group_of(*form)));
                        }
                    }
                }
                Kind::Romanization(k) if k.needs_context() => {
                    let mut any = false;
                    for p in b.pending.iter_mut().filter(|p| mine(p)) {
                        p.wait = Some(Wait::Context(position));
                        any = true;
                    }
                    // Looked for where the rule found something, as in a whole document, until
                    // one block has found them.
                    if any && !seen.context().contains(&position) && k.in_context_of(doc) {
                        b.context.insert(position);
                        seen.context().insert(position);
                    }
                }
                _ => {}
            }
        }
        b
    }

    /// Mark the findings whose text (in `text`, the block's) `drop` says the caller's filters
    /// remove: they are removed after overlaps are resolved, as in a whole document.
    pub fn mark_dropped(&mut self, text: &str, drop: impl Fn(&str) -> bool) {
        for p in &mut self.pending {
            p.dropped = drop(text.get(p.finding.range.clone()).unwrap_or(""));
        }
    }

    /// Move every finding by `by` bytes (the block's offset in the document).
    pub fn shift(&mut self, by: usize) {
        for p in &mut self.pending {
            let r = &mut p.finding.range;
            *r = r.start + by..r.end + by;
        }
    }

    /// The findings' ranges, in the order found.
    pub fn ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.pending.iter().map(|p| p.finding.range.clone())
    }
}

/// The blocks of one document, gathered in order.
#[derive(Debug, Default)]
pub struct Blocks {
    pending: Vec<Pending>,
    forms: BTreeSet<(usize, usize, usize)>,
    context: BTreeSet<usize>,
}

impl Blocks {
    /// Add the next block's findings (already shifted to document offsets).
    pub fn add(&mut self, b: BlockFindings) {
        self.pending.extend(b.pending);
        self.forms.extend(b.forms);
        self.context.extend(b.context);
    }

    /// Whether some findings wait on context words that no block holding them had: the caller
    /// must then show every block to [`Blocks::look_for_context`] before finishing.
    pub fn needs_context(&self) -> bool {
        self.pending
            .iter()
            .any(|p| matches!(p.wait, Some(Wait::Context(r)) if !self.context.contains(&r)))
    }

    /// Record the context words of the rules still waiting for them that `block` holds.
    pub fn look_for_context(&mut self, set: &RuleSet, block: &str) {
        let waiting: BTreeSet<usize> = self
            .pending
            .iter()
            .filter_map(|p| match p.wait {
                Some(Wait::Context(r)) if !self.context.contains(&r) => Some(r),
                _ => None,
            })
            .collect();
        for r in waiting {
            if let Some(Kind::Romanization(k)) = set.rules.get(r).map(|rule| &rule.kind) {
                if k.in_context(block) {
                    self.context.insert(r);
                }
            }
        }
    }

    /// The document's findings: those whose condition holds, overlaps resolved, the dropped
    /// ones removed, in reported order.
    pub fn finish(self) -> Vec<Finding> {
        let Blocks {
            mut pending,
            forms,
            context,
        } = self;
        pending.retain(|p| match p.wait {
            None => true,
            Some(Wait::Context(r)) => context.contains(&r),
            Some(Wait::Mixed(r, g)) => forms.range((r, g, 0)..=(r, g, usize::MAX)).nth(1).is_some(),
        });
        drop_subsumed(&mut pending, |p| &p.finding);
        pending.retain(|p| !p.dropped);
        sort_findings(&mut pending, |p| &p.finding);
        pending.into_iter().map(|p| p.finding).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings of `text` linted a block at a time, cut after every `every`-th line break.
    fn by_blocks(set: &RuleSet, text: &str, lang: &str, every: usize) -> Vec<Finding> {
        let ends: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes())
            .map(|i| i + 1)
            .collect();
        let mut cuts: Vec<usize> = ends.into_iter().step_by(every.max(1)).collect();
        cuts.push(text.len());
        cuts.dedup();
        let mut pieces = Vec::new();
        let mut start = 0;
        for end in cuts {
            if end > start {
                pieces.push((start, &text[start..end]));
                start = end;
            }
        }
        let (mut blocks, seen) = (Blocks::default(), Seen::default());
        for &(start, piece) in &pieces {
            let doc = Document::new(piece, lang).in_block();
            let mut b = set.check_block(&doc, &seen);
            b.shift(start);
            blocks.add(b);
        }
        if blocks.needs_context() {
            for &(_, piece) in &pieces {
                blocks.look_for_context(set, piece);
            }
        }
        blocks.finish()
    }

    /// Sentences that set off every kind of rule (names spelled two ways, French
    /// romanizations with and without a context word, lowercased names, typography, a
    /// sentence left in French or Ukrainian, abbreviations before a line break), between line
    /// breaks.
    const FRAGMENTS: &[&str] = &[
        "Zelensky arrived. ",
        "Later Zelenskyy spoke. ",
        "Navalnyy had warned them. ",
        "near Tchassiv Iar ",
        "the town of Berdine ",
        "in Ukraine. ",
        "in kyiv on january 5. ",
        "-Putin promises a response\n",
        "at the height of the conflict. offensive. ",
        "an area of 5 km2 and 1,5 billion ",
        "why ? ",
        "« quoted » ",
        "GenÃ¨ve and Кursk ",
        "Le gouvernement a annoncé une nouvelle aide pour les habitants de la région. ",
        "etc. ",
        "Dr.",
        "No.",
        "дякуємо всім ",
        "- ",
        "https://example.com/x.",
        "\n",
        "\r\n",
        "\n\n",
        "\r\n\r\n",
        "\n\n\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn blocks_give_the_findings_of_the_whole_document(
            text in crate::scan::texts_of(FRAGMENTS, 40),
            every in 1usize..4,
        ) {
            let set = crate::load(&[]).expect("built-in rules");
            let whole = set.check(&Document::new(&text, "en"));
            proptest::prop_assert_eq!(by_blocks(&set, &text, "en", every), whole);
        }
    }

    #[test]
    fn document_wide_conditions_are_decided_over_all_blocks() {
        let set = crate::load(&[]).expect("built-in rules");
        // The two forms of a name, and the context word, are in different blocks.
        let text = "Zelensky arrived.\nthe town of Berdine\nLater Zelenskyy spoke.\nin Ukraine.\n";
        let whole = set.check(&Document::new(text, "en"));
        let rules: Vec<&str> = whole.iter().map(|f| f.rule.as_str()).collect();
        assert!(rules.contains(&"inconsistent-spelling"), "{rules:?}");
        assert!(rules.contains(&"french-romanization"), "{rules:?}");
        assert_eq!(by_blocks(&set, text, "en", 1), whole);
        // Without the other form or the context word, neither is reported.
        let alone = "the town of Berdine\nLater Zelenskyy spoke.\nin Paris.\n";
        let found = by_blocks(&set, alone, "en", 1);
        assert!(found.is_empty(), "{found:?}");
    }
}
