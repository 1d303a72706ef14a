//! The regex rules of one language searched together: one pass over the document finds every
//! line where any of them may match (each pattern as its `Pattern::finder_hir` gives it, the
//! form of its own line finder), and only the rules that may match in such a line search it.
//! Run one by one, each regex rule without a literal to look for costs a pass of the lazy DFA
//! over the whole document; a dozen such rules made up a third of `check`'s time on English
//! prose.
//!
//! When every match of every pattern holds one of a set of rare literals (English: ` ?`,
//! `km2`, `0h`…), the pass looks for those, and a line is searched by the rules whose own
//! literals it holds. Otherwise a multi-pattern lazy DFA finds the lines, and an overlapping
//! search of each tells which patterns match in it. (An overlapping search of the lines by a
//! lazy DFA of all the patterns built new states for most lines it was given: on the first
//! 16 MB of the benchmark's prose, the rules' own searches of the lines that hold their
//! literals cost 2.8 % fewer instructions in all.)
//!
//! The findings are exactly those of the rules run one by one (`Pattern::candidates`): each
//! rule still searches, line by line, every line where its own finder matches, since such a
//! line holds one of its literals, or is found by the multi-pattern DFA and matched by its
//! pattern there.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::util::pool::Pool;
use regex_automata::{hybrid, Input, MatchError, MatchKind, PatternSet};

use super::kinds::pattern::{hit_lines, Pattern, MIN_LINES_FOR_CHUNKS};
use super::kinds::{Candidate, Kind};
use super::required;
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

/// The finders of a [`PatternGroup`]'s rules that can be searched with one: the literals of
/// all the patterns, or lazy DFAs built from one forward and one reverse NFA of all the
/// patterns (a meta regex per finder compiled both NFAs for each: four compilations of the
/// whole set, a third of the time `check` took on a 5 KB file).
struct Joint {
    /// The slot of each pattern of the finders (pattern `i` is rule `slots[i]`'s).
    slots: Vec<usize>,
    /// How the lines where some pattern may match are found, and which patterns may match in
    /// each.
    lines: Lines,
    /// Each thread's lazy-DFA caches.
    caches: Pool<Caches, Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>>,
}

/// How a [`Joint`] finds the lines where some pattern may match, and the patterns that may
/// match in each.
enum Lines {
    /// By the literals one of which every match of every pattern contains
    /// ([`required::tagged_union`]), when they are rare enough to be worth it: only the lines
    /// where one occurs can hold a match, and only of the patterns whose literals occur there.
    Literals(Box<required::Finder>),
    /// By a leftmost-first lazy DFA of all the patterns over every byte (`next`): the next
    /// line where some pattern matches; then an overlapping search of the line by a lazy DFA
    /// of all the patterns (`which`, forward only): every pattern that matches in it.
    Dfa {
        next: Arc<hybrid::regex::Regex>,
        which: Box<hybrid::dfa::DFA>,
    },
}

/// One thread's caches for searches with a [`Joint`]'s finders ([`Lines::Dfa`]'s: with
/// [`Lines::Literals`] the pool is never asked for them).
struct Caches {
    next: Option<hybrid::regex::Cache>,
    which: Option<hybrid::dfa::Cache>,
}

impl std::fmt::Debug for Joint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Joint")
            .field("slots", &self.slots)
            .finish_non_exhaustive()
    }
}

impl Joint {
    /// The finders of `hirs` (as [`Pattern::finder_hir`] gives them); `None` when the NFAs or
    /// lazy DFAs cannot be built (the rules then run on their own). With `by_literals`, the
    /// patterns' literals when they are rare enough ([`Lines::Literals`]: no NFA is built).
    ///
    /// Each lazy DFA gets `cache_capacity` bytes of cache per thread and gives up, as a meta
    /// regex's does, when it has cleared its cache three times and makes fewer than 10 bytes
    /// of progress per state built (text that needs more states than the cache holds).
    fn new(
        slots: Vec<usize>,
        hirs: &[regex_syntax::hir::Hir],
        cache_capacity: usize,
        by_literals: bool,
    ) -> Option<Joint> {
        use regex_automata::nfa::thompson::{self, WhichCaptures};
        use regex_automata::util::prefilter::Prefilter;
        let caches = |next: Option<Arc<hybrid::regex::Regex>>, which: Option<hybrid::dfa::DFA>| {
            Pool::new(Box::new(move || Caches {
                next: next.as_ref().map(|n| n.create_cache()),
                which: which.as_ref().map(|w| w.create_cache()),
            })
                as Box<
                    dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe,
                >)
        };
        if let Some(set) = required::tagged_union(hirs).filter(|_| by_literals) {
            return Some(Joint {
                slots,
                lines: Lines::Literals(Box::new(required::Finder::tagged(&set))),
                caches: caches(None, None),
            });
        }
        let nfa = |reverse: bool| {
            thompson::Compiler::new()
                .configure(
                    thompson::Config::new()
                        .reverse(reverse)
                        .nfa_size_limit(Some(16 << 20))
                        .which_captures(WhichCaptures::None),
                )
                .build_many_from_hir(hirs)
                .ok()
        };
        let forward = nfa(false)?;
        let dfa = |nfa: thompson::NFA, kind: MatchKind, prefilter: Option<Prefilter>| {
            hybrid::dfa::DFA::builder()
                .configure(
                    hybrid::dfa::Config::new()
                        .match_kind(kind)
                        .prefilter(prefilter)
                        .cache_capacity(cache_capacity)
                        .skip_cache_capacity_check(true)
                        .minimum_cache_clear_count(Some(3))
                        .minimum_bytes_per_state(Some(10)),
                )
                .build_from_nfa(nfa)
                .ok()
        };
        // (a prefilter of the patterns' literal prefixes, as a meta regex would use)
        let prefilter = Prefilter::from_hirs_prefix(MatchKind::LeftmostFirst, hirs);
        let next = Arc::new(hybrid::regex::Regex::builder().build_from_dfas(
            dfa(forward.clone(), MatchKind::LeftmostFirst, prefilter)?,
            dfa(nfa(true)?, MatchKind::All, None)?,
        ));
        let which = dfa(forward, MatchKind::All, None)?;
        Some(Joint {
            slots,
            caches: caches(Some(Arc::clone(&next)), Some(which.clone())),
            lines: Lines::Dfa {
                next,
                which: Box::new(which),
            },
        })
    }
}

/// The lazy-DFA cache of each joint finder, per thread (the regex crate's default).
const CACHE_CAPACITY: usize = 2 << 20;

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

    /// The joint finders of the rules whose pattern has a line finder
    /// ([`Pattern::finder_hir`]); `None` when fewer than [`MIN_GROUP`] have (the rules then
    /// all run on their own).
    ///
    /// The rules' own regexes are not compiled here, only where a line may hold a match of
    /// theirs: compiling all of them cost two thirds of the first document's check. (A
    /// pattern that parses but does not compile finds nothing in the lines it is given, as
    /// it finds nothing on its own.)
    fn joint(&self, patterns: &[&Pattern]) -> Option<&Joint> {
        self.joint
            .get_or_init(|| {
                let mut slots = Vec::new();
                let mut hirs = Vec::new();
                for (slot, p) in patterns.iter().enumerate() {
                    if let Some(hir) = p.finder_hir() {
                        slots.push(slot);
                        hirs.push(hir);
                    }
                }
                if slots.len() < MIN_GROUP {
                    return None;
                }
                Joint::new(slots, &hirs, CACHE_CAPACITY, true)
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
        if joint.scan(doc, &patterns, &mut out).is_err() {
            // A lazy DFA gave up (its cache cleared over and over): every rule on its own,
            // which finds the same.
            for (p, found) in patterns.iter().zip(out.iter_mut()) {
                found.clear();
                p.candidates(doc, found);
            }
        }
        out
    }
}

impl Joint {
    /// The candidates of the group's rules (`patterns`, by slot) in `doc`, into `out`. An
    /// error means a lazy DFA gave up; `out` is then incomplete.
    fn scan(
        &self,
        doc: &Document,
        patterns: &[&Pattern],
        out: &mut [Vec<Candidate>],
    ) -> Result<(), MatchError> {
        for (slot, p) in patterns.iter().enumerate() {
            if !self.slots.contains(&slot) {
                p.candidates(doc, &mut out[slot]);
            }
        }
        let mut matching = PatternSet::new(self.slots.len());
        // Each pattern that may match in the line (all those that do) searches it.
        let mut run_line = |range: Range<usize>, matching: &PatternSet| {
            for id in matching.iter() {
                let slot = self.slots[id.as_usize()];
                patterns[slot].line_candidates(doc.text, range.clone(), &mut out[slot]);
            }
        };
        match &self.lines {
            // A match within a line holds one of its pattern's literals within that line: the
            // lines without any cannot match, and in a line with some, only their patterns.
            Lines::Literals(literals) => {
                let text = doc.text.as_bytes();
                lines_with(doc, literals, |line| {
                    let range = doc.line_range(line);
                    // (to the line break: a literal may hold the `\r` of a CRLF)
                    let to = memchr::memchr(b'\n', &text[range.start..])
                        .map_or(text.len(), |i| range.start + i);
                    matching.clear();
                    literals.patterns_in(text, range.start, to, |p| {
                        if let Ok(id) = regex_automata::PatternID::new(p as usize) {
                            if id.as_usize() < matching.capacity() {
                                matching.insert(id);
                            }
                        }
                    });
                    run_line(range, &matching);
                });
                Ok(())
            }
            Lines::Dfa {
                next: regex,
                which: dfa,
            } => {
                // (the pool's caches have both for a DFA joint; the literals need none)
                let mut caches = self.caches.get();
                let Caches { next, which } = &mut *caches;
                let next = next.get_or_insert_with(|| regex.create_cache());
                let which = which.get_or_insert_with(|| dfa.create_cache());
                // (the error of the which-search, seen by both closures)
                let failed: std::cell::RefCell<Option<MatchError>> = Default::default();
                let on_line = |line| {
                    if failed.borrow().is_some() {
                        return; // (given up: the rules run alone instead)
                    }
                    let range: Range<usize> = doc.line_range(line);
                    // The patterns that match within the line (the search sees the text
                    // around it, as the line-by-line search of each rule's finder does).
                    matching.clear();
                    let hay = &doc.text[..range.end];
                    let input = Input::new(hay).span(range.clone());
                    if let Err(e) = dfa.try_which_overlapping_matches(which, &input, &mut matching)
                    {
                        *failed.borrow_mut() = Some(e);
                        return;
                    }
                    run_line(range, &matching);
                };
                hit_lines(
                    doc,
                    |input| match failed.borrow().clone() {
                        None => regex.try_search(next, &input),
                        Some(e) => Err(e),
                    },
                    on_line,
                )?;
                failed.into_inner().map_or(Ok(()), Err)
            }
        }
    }
}

/// Hand `on_line` each line of `doc` where [`required::Finder::find`] finds a literal, in
/// order.
fn lines_with(doc: &Document, literals: &required::Finder, mut on_line: impl FnMut(usize)) {
    let (text, mut at, mut line) = (doc.text.as_bytes(), 0, 1);
    while let Some(i) = literals.find(text, at) {
        line = doc.line_of_after(i, line);
        on_line(line);
        if line >= doc.line_count() {
            break;
        }
        at = doc.line_range(line + 1).start;
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
            // (longer than the quote rules' bound, which their line finders drop)
            concat!(
                "« ",
                "une citation beaucoup trop longue pour la règle ",
                "une citation beaucoup trop longue pour la règle ",
                "une citation beaucoup trop longue pour la règle ",
                "une citation beaucoup trop longue pour la règle ",
                "une citation beaucoup trop longue pour la règle ",
                "une citation beaucoup trop longue pour la règle ",
                "une citation beaucoup trop longue pour la règle ",
                "une citation beaucoup trop longue pour la règle ",
                "une citation beaucoup trop longue pour la règle ",
                "une citation beaucoup trop longue pour la règle »"
            ),
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
            // Those built-in rules all need a rare literal: the lines without one are skipped.
            let joint = group
                .joint
                .get()
                .and_then(Option::as_ref)
                .expect("joint finders");
            assert!(
                matches!(joint.lines, Lines::Literals(_)),
                "{lang}: lines are found by literals"
            );
        }
        // The sample sets off most English rules, so the comparison means something.
        let (set, group) = group("en");
        let text = sample(200, 7);
        let found = group.scan(&Document::new(&text, "en"), &set.rules);
        let fired = found.iter().filter(|c| !c.is_empty()).count();
        assert!(fired >= 8, "{fired} rules fired: {found:?}");
    }

    /// The rules of `group` as patterns, with the slots and finder HIRs of a [`Joint`].
    fn parts<'r>(
        group: &PatternGroup,
        set: &'r crate::rules::RuleSet,
    ) -> (Vec<&'r Pattern>, Vec<usize>, Vec<regex_syntax::hir::Hir>) {
        let patterns: Vec<&Pattern> = group
            .positions
            .iter()
            .filter_map(|&p| match &set.rules[p].kind {
                Kind::Pattern(k) => Some(k),
                _ => None,
            })
            .collect();
        let (slots, hirs) = patterns
            .iter()
            .enumerate()
            .filter_map(|(slot, p)| Some((slot, p.finder_hir()?)))
            .unzip();
        (patterns, slots, hirs)
    }

    #[test]
    fn rules_are_compiled_only_for_lines_that_may_hold_their_matches() {
        let (set, group) = group("en");
        let text = "Plain words and more words\n".repeat(2 * MIN_LINES_FOR_CHUNKS);
        let doc = Document::new(&text, "en");
        assert!(group.scan(&doc, &set.rules).iter().all(Vec::is_empty));
        let (patterns, _, _) = parts(&group, &set);
        assert!(group.joint.get().is_some_and(Option::is_some));
        assert!(patterns.iter().all(|p| !p.is_compiled()));
        // A short document: the rules whose literals it holds are compiled, and only those.
        let doc = Document::new("It is 5 km2.\n", "en");
        let found = group.scan(&doc, &set.rules);
        let compiled: Vec<bool> = patterns.iter().map(|p| p.is_compiled()).collect();
        for (slot, p) in patterns.iter().enumerate() {
            assert_eq!(compiled[slot], p.may_match(doc.text), "slot {slot}");
            assert!(compiled[slot] || found[slot].is_empty());
        }
        assert_eq!(found.iter().filter(|c| !c.is_empty()).count(), 1);
        assert!(compiled.iter().filter(|&&c| c).count() < patterns.len() / 2);
    }

    #[test]
    fn the_english_literals_pass_over_ordinary_prose() {
        let (set, group) = group("en");
        let (_, slots, hirs) = parts(&group, &set);
        let joint = Joint::new(slots, &hirs, CACHE_CAPACITY, true).expect("finders");
        let Lines::Literals(literals) = &joint.lines else {
            panic!("the English group should search by literals");
        };
        // Colons, question marks, years and numbers are everywhere in English prose; no
        // English regex rule matches these lines, and the which-search is not asked.
        for line in [
            "Note: this is how it works; see below.",
            "What happened in 2014? Nobody knows!",
            "He paid 12 dollars for 3 books at 10 o'clock.",
            "Chapter 12 (pages 100-120) \"Why?\" she asked.",
        ] {
            assert_eq!(literals.find(line.as_bytes(), 0), None, "{line}");
        }
        // The lines the rules are about still are.
        for line in [
            "Where is he ? Nobody knows.",
            "Note : this is French spacing.",
            "They left at 14h30.",
            "It costs 1 000 euros.",
        ] {
            assert!(literals.find(line.as_bytes(), 0).is_some(), "{line}");
        }
    }

    #[test]
    fn without_literals_the_lazy_dfa_finds_the_lines() {
        let (set, group) = group("en");
        let (patterns, slots, hirs) = parts(&group, &set);
        let joint = Joint::new(slots, &hirs, CACHE_CAPACITY, false).expect("finders");
        assert!(matches!(joint.lines, Lines::Dfa { .. }));
        assert!(group.joint.set(Some(joint)).is_ok());
        for seed in 0..10 {
            let text = sample(60, seed);
            let doc = Document::new(&text, "en");
            assert_eq!(group.scan(&doc, &set.rules), one_by_one(&group, &set, &doc));
        }
        assert!(patterns.len() >= MIN_GROUP);
    }

    #[test]
    fn finders_that_give_up_leave_the_rules_to_run_alone() {
        let (set, group) = group("en");
        let (patterns, slots, hirs) = parts(&group, &set);
        // A cache too small for the text's states: cleared over and over, then given up.
        let text = sample(400, 3);
        let doc = Document::new(&text, "en");
        let starved = Joint::new(slots.clone(), &hirs, 0, false).expect("finders");
        let mut out = vec![Vec::new(); patterns.len()];
        assert!(starved.scan(&doc, &patterns, &mut out).is_err());
        // (the literals' search has no lazy DFA to give up)
        let by_literals = Joint::new(slots.clone(), &hirs, 0, true).expect("finders");
        let mut out = vec![Vec::new(); patterns.len()];
        assert!(by_literals.scan(&doc, &patterns, &mut out).is_ok());
        assert_eq!(out, one_by_one(&group, &set, &doc));
        let starved = Joint::new(slots, &hirs, 0, false).expect("finders");
        // The group with such finders finds what each rule finds alone.
        assert!(group.joint.set(Some(starved)).is_ok());
        assert_eq!(group.scan(&doc, &set.rules), one_by_one(&group, &set, &doc));
    }
}
