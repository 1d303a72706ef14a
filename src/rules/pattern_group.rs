//! The regex rules of one language searched together: one pass of a multi-pattern
//! [`LineFinder`] over the document finds every line where any of them may match, and only
//! the rules whose pattern matches somewhere in such a line search it. Run one by one, each
//! regex rule without a literal to look for costs a pass of the lazy DFA over the whole
//! document; a dozen such rules made up a third of `check`'s time on English prose.
//!
//! The findings are exactly those of the rules run one by one ([`Pattern::candidates`]): each
//! rule still searches, line by line, every line where its own finder matches, since a line
//! where one pattern of the group matches is searched for every pattern that matches in it.

use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::{Input, MatchKind, PatternSet};

use super::kinds::pattern::{hit_lines, line_finder, LineFinder, Pattern, MIN_LINES_FOR_CHUNKS};
use super::kinds::{Candidate, Kind};
use super::Rule;
use crate::document::Document;

/// The regex rules of a language behind one multi-pattern finder.
#[derive(Debug, Default)]
pub struct PatternGroup {
    /// The position (in the rule set) of the rule of each slot.
    positions: Vec<usize>,
    /// The joint finders, built on the first document long enough to use them (building them
    /// costs about as much as loading the rules, which a run over short texts need not pay).
    joint: OnceLock<Option<Joint>>,
}

/// The finders of a [`PatternGroup`]'s rules that can be searched with one.
#[derive(Debug)]
struct Joint {
    /// The slot of each pattern of the finders (pattern `i` is rule `slots[i]`'s).
    slots: Vec<usize>,
    /// Leftmost-first: the next line where some pattern matches.
    next: LineFinder,
    /// Every pattern that matches in a line.
    which: LineFinder,
}

/// Fewer regex rules than this are run one by one: a group of one saves nothing.
const MIN_GROUP: usize = 2;

impl PatternGroup {
    /// The group of the regex rules among `rules` (with their positions in the rule set).
    pub fn new<'a>(rules: impl IntoIterator<Item = (usize, &'a Rule)>) -> PatternGroup {
        let positions: Vec<usize> = rules
            .into_iter()
            .filter(|(_, r)| matches!(r.kind, Kind::Pattern(_)))
            .map(|(position, _)| position)
            .collect();
        if positions.len() < MIN_GROUP {
            return PatternGroup::default();
        }
        PatternGroup {
            positions,
            joint: OnceLock::new(),
        }
    }

    /// Whether the group holds no rule.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Whether the rule at `position` of the rule set is in the group.
    pub fn contains(&self, position: usize) -> bool {
        self.positions.contains(&position)
    }

    /// The position in the rule set of the rule of slot `slot`.
    pub fn rule_position(&self, slot: usize) -> usize {
        self.positions[slot]
    }

    /// The joint finders of the rules whose pattern compiles and has a [`LineFinder`]; `None`
    /// when fewer than [`MIN_GROUP`] have (the rules then all run on their own).
    fn joint(&self, patterns: &[&Pattern]) -> Option<&Joint> {
        self.joint
            .get_or_init(|| {
                let mut slots = Vec::new();
                let mut hirs = Vec::new();
                for (slot, p) in patterns.iter().enumerate() {
                    if let (Ok(()), Some(hir)) = (p.compiles(), p.finder_hir()) {
                        slots.push(slot);
                        hirs.push(hir);
                    }
                }
                if slots.len() < MIN_GROUP {
                    return None;
                }
                Some(Joint {
                    slots,
                    next: line_finder(&hirs, MatchKind::LeftmostFirst)?,
                    which: line_finder(&hirs, MatchKind::All)?,
                })
            })
            .as_ref()
    }

    /// The candidates of every rule of the group in `doc`, by slot, each in the order its
    /// rule alone finds them.
    pub fn scan(&self, doc: &Document, rules: &[Rule]) -> Vec<Vec<Candidate>> {
        let mut out: Vec<Vec<Candidate>> = vec![Vec::new(); self.positions.len()];
        let patterns: Vec<&Pattern> = self
            .positions
            .iter()
            .filter_map(|&p| match &rules[p].kind {
                Kind::Pattern(k) => Some(k),
                _ => None,
            })
            .collect();
        let joint =
            if patterns.len() == self.positions.len() && doc.line_count() >= MIN_LINES_FOR_CHUNKS {
                self.joint(&patterns)
            } else {
                None
            };
        let Some(joint) = joint else {
            // Few lines (or nothing to join): each rule on its own, line by line.
            for (p, found) in patterns.iter().zip(out.iter_mut()) {
                p.candidates(doc, found);
            }
            return out;
        };
        for (slot, p) in patterns.iter().enumerate() {
            if !joint.slots.contains(&slot) {
                p.candidates(doc, &mut out[slot]);
            }
        }
        let mut matching = PatternSet::new(joint.which.pattern_len());
        hit_lines(doc, &joint.next, |line| {
            let range: Range<usize> = doc.line_range(line);
            // The patterns that match within the line (the search sees the text around it, as
            // the line-by-line search of each rule's finder does).
            matching.clear();
            let hay = &doc.text[..range.end];
            joint
                .which
                .which_overlapping_matches(&Input::new(hay).span(range.clone()), &mut matching);
            for id in matching.iter() {
                let slot = joint.slots[id.as_usize()];
                patterns[slot].line_candidates(doc.text, range.clone(), &mut out[slot]);
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in rules of `lang` (and `any`), and their group.
    fn group(lang: &str) -> (crate::rules::RuleSet, PatternGroup) {
        let set = crate::load(&[]).expect("built-in rules");
        let group = PatternGroup::new(
            set.rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.applies_to(lang)),
        );
        (set, group)
    }

    /// Each rule's candidates when it runs alone, by slot.
    fn one_by_one(
        group: &PatternGroup,
        set: &crate::rules::RuleSet,
        doc: &Document,
    ) -> Vec<Vec<Candidate>> {
        (0..group.positions.len())
            .map(|slot| {
                let mut found = Vec::new();
                set.rules[group.rule_position(slot)]
                    .kind
                    .candidates(doc, &mut found);
                found
            })
            .collect()
    }

    /// Lines built from fragments that set off the regex rules of every language, in a
    /// pseudo-random mix, with LF and CRLF endings.
    fn sample(lines: usize, seed: u64) -> String {
        const FRAGMENTS: &[&str] = &[
            "Line of plain prose, nothing to see",
            "He asked : why ? The area is 5 km2",
            "and 3,5 km long",
            "« Bonjour » she said at 14h30, M. Dupont too",
            "It cost 1 000 000 euros, n° 5, „quoted“ and ¿what?",
            "A zero\u{200B}width space and a control \u{7} byte",
            "it goes on; and on ? Yes !",
            "Il a dit : « oui » à 20 h 15",
            "Er sagte „ja“ und 1.000,5 Euro",
            "¡Hola! dijo el 3,5 %",
            "from 9h to 17h, between 8 and 9h",
            "1 500 tonnes and 2\u{A0}000 people",
            "",
        ];
        let mut state = seed;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        let mut text = String::new();
        for _ in 0..lines {
            for _ in 0..next(4) {
                text.push_str(FRAGMENTS[next(FRAGMENTS.len())]);
                text.push_str([" ", ". ", "", "  "][next(4)]);
            }
            text.push_str(["\n", "\r\n", "\n\n"][next(3)]);
        }
        text
    }

    #[test]
    fn the_group_finds_what_each_rule_finds_alone() {
        for lang in ["en", "fr", "de", "es"] {
            let (set, group) = group(lang);
            assert!(
                group.positions.len() >= MIN_GROUP,
                "{lang}: regex rules are grouped"
            );
            for seed in 0..20 {
                let text = sample(60, seed);
                let doc = Document::new(&text, lang);
                assert!(doc.line_count() >= MIN_LINES_FOR_CHUNKS);
                let grouped = group.scan(&doc, &set.rules);
                assert_eq!(
                    grouped,
                    one_by_one(&group, &set, &doc),
                    "{lang}, seed {seed}"
                );
            }
        }
        // The sample sets off most English rules, so the comparison means something.
        let (set, group) = group("en");
        let text = sample(200, 7);
        let found = group.scan(&Document::new(&text, "en"), &set.rules);
        let fired = found.iter().filter(|c| !c.is_empty()).count();
        assert!(fired >= 8, "{fired} rules fired: {found:?}");
    }
}
