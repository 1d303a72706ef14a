//! The review of one file's findings as a state machine, independent of any terminal.
//!
//! A [`Session`] holds the findings of one round in document order (the order
//! [`crate::fix::select`] uses: start, longer span first, higher priority, rule id), one
//! [`Status`] per finding, and a stack of `Step`s. The finding under review is always the
//! first one still [`Status::Pending`]; every decision is made on it, so everything after it is
//! pending or was dropped by an earlier decision. A step records the previous status of every
//! finding it touched (the decided one, findings dropped because they overlap an accepted
//! change, findings accepted automatically by `A`), so [`Session::undo`] restores exactly the
//! state before it. After the round, [`Session::edits`] are the accepted changes (pairwise
//! disjoint by construction) and [`second_round`] picks the findings of the re-linted text that
//! the accepted changes caused.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::rules::{Applicability, Finding, Fix, Severity};

/// What happened to one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Not decided yet.
    Pending,
    /// Suggestion `choice` (0 = the default fix when there is one, see [`choices`]) accepted.
    Accepted {
        /// Index into the finding's [`choices`].
        choice: usize,
        /// Accepted without a question because its rule was accepted for every file (`A`).
        auto: bool,
    },
    /// Replaced with text the person typed.
    Edited(String),
    /// Left as it is.
    Skipped,
    /// Left as it is because it overlaps the accepted change of finding `by`.
    Dropped {
        /// Index of the finding whose accepted change overlaps this one.
        by: usize,
    },
}

/// A decision on the finding under review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Accept the default fix (`y`).
    Accept,
    /// Accept suggestion `n` (0-based index into [`choices`]; keys `1`–`9`).
    Choose(usize),
    /// Replace the span with this text (`e`).
    Edit(String),
    /// Leave it (`n`).
    Skip,
    /// Accept this and every later default fix in this file (`a`).
    AcceptRest,
    /// Leave this and every later finding in this file (`d`); findings of rules accepted with
    /// `A` are still accepted.
    SkipRest,
    /// Accept this and every finding of its rule from now on, in every file (`A`).
    AcceptRule,
}

/// Why a decision or an undo was refused (the state is unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `y`, `A` on a finding without a default fix.
    NoDefault,
    /// A suggestion number that does not exist; `available` suggestions exist.
    NoSuchChoice {
        /// How many suggestions the finding has.
        available: usize,
    },
    /// Every finding is decided.
    Finished,
    /// No decision to undo in this round.
    NothingToUndo,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NoDefault => {
                f.write_str("this finding has no default fix; choose a number, e or n")
            }
            Refusal::NoSuchChoice { available: 0 } => {
                f.write_str("this finding has no suggestion; press e to type a replacement or n")
            }
            Refusal::NoSuchChoice { available: 1 } => {
                f.write_str("this finding has one suggestion only: press 1")
            }
            Refusal::NoSuchChoice { available } => {
                write!(f, "there is no such suggestion; choose 1 to {available}")
            }
            Refusal::Finished => f.write_str("every finding of this file is decided"),
            Refusal::NothingToUndo => f.write_str("nothing to undo in this file"),
        }
    }
}

/// What is decided for the findings nobody was asked about yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rest {
    /// Ask about each.
    Ask,
    /// Accept every default fix (`a`, `--accept-all`); findings without one are skipped.
    AcceptAll,
    /// Skip them all (`d`), except findings of rules accepted with `A`.
    SkipAll,
}

/// The suggestions a person can pick for `f`, numbered from 1 on screen: the default fix first
/// when there is one, then the alternatives.
pub fn choices(f: &Finding) -> Vec<&str> {
    f.fix
        .iter()
        .map(|x| x.replacement.as_str())
        .chain(f.alternatives.iter().map(String::as_str))
        .collect()
}

/// Whether two spans conflict: they share a byte, or they are the same empty span (two
/// insertions at one place).
pub fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a.is_empty() && a == b)
}

/// One decision, as much as is needed to take it back.
#[derive(Debug, Clone)]
struct Step {
    /// The previous status of every finding the step changed.
    previous: Vec<(usize, Status)>,
    /// The rule `A` added to the automatically accepted rules.
    added_rule: Option<String>,
    /// The [`Rest`] before the step.
    rest: Rest,
}

/// What a decision did besides deciding the finding under review.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    /// Findings dropped because they overlap an accepted change.
    pub dropped: Vec<usize>,
    /// Findings accepted without a question (their rule was accepted with `A`).
    pub auto: Vec<usize>,
    /// Later findings decided along with this one by `a` (accepted or, without a default fix,
    /// skipped) or `d` (skipped).
    pub rest: Vec<usize>,
}

/// One accepted change, in the coordinates of the text the round reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The rule of the finding.
    pub rule: String,
    /// The replaced span.
    pub range: Range<usize>,
    /// Its new text.
    pub replacement: String,
    /// Typed by the person rather than suggested.
    pub edited: bool,
}

/// The counts of one rule (or one file) at the end of a round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Suggestions accepted (`y`, `a`, `A`, a number, or `e` keeping a suggestion).
    pub accepted: usize,
    /// Replacements typed with `e`.
    pub edited: usize,
    /// Findings left as they are (`n`, `d`, or dropped as overlapping an accepted change).
    pub skipped: usize,
    /// Findings not reached (quit or interrupted before them).
    pub unreviewed: usize,
}

impl Counts {
    /// Add `other` to these counts.
    pub fn add(&mut self, other: Counts) {
        self.accepted += other.accepted;
        self.edited += other.edited;
        self.skipped += other.skipped;
        self.unreviewed += other.unreviewed;
    }
}

/// The review of one round of one file.
#[derive(Debug, Clone)]
pub struct Session {
    findings: Vec<Finding>,
    status: Vec<Status>,
    steps: Vec<Step>,
    auto_rules: BTreeSet<String>,
    rest: Rest,
    /// Findings decided when the session was created (by `rest` or the automatic rules).
    initial: Vec<usize>,
}

impl Session {
    /// A session over `findings` (any order; they are sorted into document order).
    /// `auto_rules` are rules whose default fixes are accepted without a question; `rest`
    /// decides everything up front unless it is [`Rest::Ask`]. Decisions made here cannot be
    /// undone.
    pub fn new(mut findings: Vec<Finding>, auto_rules: BTreeSet<String>, rest: Rest) -> Session {
        findings.sort_by(crate::fix::order);
        let n = findings.len();
        let mut s = Session {
            findings,
            status: vec![Status::Pending; n],
            steps: Vec::new(),
            auto_rules,
            rest: Rest::Ask,
            initial: Vec::new(),
        };
        let mut step = Step {
            previous: Vec::new(),
            added_rule: None,
            rest: Rest::Ask,
        };
        match rest {
            Rest::Ask => {}
            Rest::AcceptAll => s.accept_rest(&mut step),
            Rest::SkipAll => s.skip_rest(&mut step),
        }
        s.rest = rest;
        s.auto_advance(&mut step);
        s.initial = step.previous.iter().map(|(i, _)| *i).collect();
        s
    }

    /// The findings, in review order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The status of finding `i`.
    pub fn status(&self, i: usize) -> &Status {
        &self.status[i]
    }

    /// Findings decided without a question when the session was created.
    pub fn initial(&self) -> &[usize] {
        &self.initial
    }

    /// The rules accepted for every file (`A`), including any added in this session.
    pub fn auto_rules(&self) -> &BTreeSet<String> {
        &self.auto_rules
    }

    /// What is decided for findings not reached yet (changed by `a` and `d`).
    pub fn rest(&self) -> Rest {
        self.rest
    }

    /// The index of the finding under review, `None` when every finding is decided.
    pub fn current(&self) -> Option<usize> {
        self.status.iter().position(|s| *s == Status::Pending)
    }

    /// How many decisions can be undone.
    pub fn undoable(&self) -> usize {
        self.steps.len()
    }

    /// Decide the finding under review.
    pub fn decide(&mut self, action: Action) -> Result<Effects, Refusal> {
        let at = self.current().ok_or(Refusal::Finished)?;
        let available = choices(&self.findings[at]).len();
        let has_default = self.findings[at].fix.is_some();
        match &action {
            Action::Accept | Action::AcceptRule if !has_default => return Err(Refusal::NoDefault),
            Action::Choose(k) if *k >= available => {
                return Err(Refusal::NoSuchChoice { available })
            }
            _ => {}
        }
        let mut step = Step {
            previous: Vec::new(),
            added_rule: None,
            rest: self.rest,
        };
        match action {
            Action::Accept => self.accept(&mut step, at, 0, false),
            Action::Choose(k) => self.accept(&mut step, at, k, false),
            Action::Edit(text) => {
                // A suggestion typed or kept unchanged counts as that suggestion.
                match choices(&self.findings[at]).iter().position(|c| *c == text) {
                    Some(k) => self.accept(&mut step, at, k, false),
                    None => {
                        self.set(&mut step, at, Status::Edited(text));
                        self.drop_overlapping(&mut step, at);
                    }
                }
            }
            Action::Skip => self.set(&mut step, at, Status::Skipped),
            Action::AcceptRest => {
                self.accept_rest(&mut step);
                self.rest = Rest::AcceptAll;
            }
            Action::SkipRest => {
                self.skip_rest(&mut step);
                self.rest = Rest::SkipAll;
            }
            Action::AcceptRule => {
                let rule = self.findings[at].rule.clone();
                if self.auto_rules.insert(rule.clone()) {
                    step.added_rule = Some(rule);
                }
                self.accept(&mut step, at, 0, false);
            }
        }
        let before = step.previous.len();
        self.auto_advance(&mut step);
        let mut effects = Effects::default();
        for (k, (i, _)) in step.previous.iter().enumerate() {
            match &self.status[*i] {
                Status::Dropped { .. } => effects.dropped.push(*i),
                Status::Accepted { auto: true, .. } if k >= before => effects.auto.push(*i),
                _ if *i != at => effects.rest.push(*i),
                _ => {}
            }
        }
        self.steps.push(step);
        Ok(effects)
    }

    /// Take back the last decision of this round; returns the finding under review again.
    pub fn undo(&mut self) -> Result<usize, Refusal> {
        let step = self.steps.pop().ok_or(Refusal::NothingToUndo)?;
        for (i, previous) in step.previous.into_iter().rev() {
            self.status[i] = previous;
        }
        if let Some(rule) = step.added_rule {
            self.auto_rules.remove(&rule);
        }
        self.rest = step.rest;
        self.current().ok_or(Refusal::Finished)
    }

    /// The accepted changes, sorted by position (pairwise disjoint).
    pub fn edits(&self) -> Vec<Edit> {
        let mut out: Vec<Edit> = self
            .findings
            .iter()
            .zip(&self.status)
            .filter_map(|(f, s)| {
                let (replacement, edited) = match s {
                    Status::Accepted { choice, .. } => {
                        ((*choices(f).get(*choice)?).to_string(), false)
                    }
                    Status::Edited(t) => (t.clone(), true),
                    _ => return None,
                };
                Some(Edit {
                    rule: f.rule.clone(),
                    range: f.range.clone(),
                    replacement,
                    edited,
                })
            })
            .collect();
        out.sort_by_key(|e| (e.range.start, e.range.end));
        out
    }

    /// The findings whose change was not accepted (skipped, dropped or not reached).
    pub fn left(&self) -> Vec<&Finding> {
        self.findings
            .iter()
            .zip(&self.status)
            .filter(|(_, s)| !matches!(s, Status::Accepted { .. } | Status::Edited(_)))
            .map(|(f, _)| f)
            .collect()
    }

    /// Counts per rule id, in rule order.
    pub fn tally(&self) -> Vec<(String, Counts)> {
        let mut out: std::collections::BTreeMap<String, Counts> = Default::default();
        for (f, s) in self.findings.iter().zip(&self.status) {
            let c = out.entry(f.rule.clone()).or_default();
            match s {
                Status::Pending => c.unreviewed += 1,
                Status::Accepted { .. } => c.accepted += 1,
                Status::Edited(_) => c.edited += 1,
                Status::Skipped | Status::Dropped { .. } => c.skipped += 1,
            }
        }
        out.into_iter().collect()
    }

    fn set(&mut self, step: &mut Step, i: usize, status: Status) {
        let previous = std::mem::replace(&mut self.status[i], status);
        step.previous.push((i, previous));
    }

    fn accept(&mut self, step: &mut Step, i: usize, choice: usize, auto: bool) {
        self.set(step, i, Status::Accepted { choice, auto });
        self.drop_overlapping(step, i);
    }

    /// Drop the pending findings whose span overlaps that of accepted finding `i`.
    fn drop_overlapping(&mut self, step: &mut Step, i: usize) {
        let range = self.findings[i].range.clone();
        for j in i + 1..self.findings.len() {
            // Sorted by start: nothing further on can overlap.
            if self.findings[j].range.start > range.end {
                break;
            }
            if self.status[j] == Status::Pending && overlaps(&range, &self.findings[j].range) {
                self.set(step, j, Status::Dropped { by: i });
            }
        }
    }

    /// The first pending finding at or after `from` (everything before the finding under
    /// review is decided, so scanning on from it is enough).
    fn next_pending(&self, from: usize) -> Option<usize> {
        (from..self.status.len()).find(|&i| self.status[i] == Status::Pending)
    }

    fn accept_rest(&mut self, step: &mut Step) {
        let mut next = self.current();
        while let Some(i) = next {
            if self.findings[i].fix.is_some() {
                self.accept(step, i, 0, false);
            } else {
                self.set(step, i, Status::Skipped);
            }
            next = self.next_pending(i + 1);
        }
    }

    /// Skip every pending finding, except that the rules accepted with `A` still apply.
    fn skip_rest(&mut self, step: &mut Step) {
        let mut next = self.current();
        while let Some(i) = next {
            let f = &self.findings[i];
            if f.fix.is_some() && self.auto_rules.contains(&f.rule) {
                self.accept(step, i, 0, true);
            } else {
                self.set(step, i, Status::Skipped);
            }
            next = self.next_pending(i + 1);
        }
    }

    /// Accept, without a question, the findings at the front whose rule was accepted with `A`.
    fn auto_advance(&mut self, step: &mut Step) {
        let mut next = self.current();
        while let Some(i) = next {
            let f = &self.findings[i];
            if f.fix.is_none() || !self.auto_rules.contains(&f.rule) {
                break;
            }
            self.accept(step, i, 0, true);
            next = self.next_pending(i + 1);
        }
    }
}

/// `text` with `edits` (sorted, disjoint) applied in one pass by [`crate::fix::apply`], which
/// verifies that every byte outside them is unchanged.
pub fn apply_edits(text: &str, edits: &[Edit]) -> crate::error::Result<String> {
    let as_findings: Vec<Finding> = edits
        .iter()
        .map(|e| Finding {
            rule: e.rule.clone(),
            severity: Severity::Info,
            message: String::new(),
            range: e.range.clone(),
            fix: Some(Fix {
                replacement: e.replacement.clone(),
                applicability: Applicability::None,
            }),
            alternatives: Vec::new(),
            priority: 0,
        })
        .collect();
    let refs: Vec<&Finding> = as_findings.iter().collect();
    crate::fix::apply(text, &refs)
}

/// Where the accepted `edits` (sorted, disjoint, in old coordinates) put their new text.
pub fn new_spans(edits: &[Edit]) -> Vec<Range<usize>> {
    let mut delta: isize = 0;
    edits
        .iter()
        .map(|e| {
            let start = e.range.start.saturating_add_signed(delta);
            delta += e.replacement.len() as isize - e.range.len() as isize;
            start..start + e.replacement.len()
        })
        .collect()
}

/// The span `range` of the old text in the new text, if no edit overlaps it.
pub fn map_range(edits: &[Edit], range: &Range<usize>) -> Option<Range<usize>> {
    let mut delta: isize = 0;
    for e in edits {
        let before = e.range.end <= range.start && range.end > e.range.start;
        let after = range.end <= e.range.start;
        if before {
            delta += e.replacement.len() as isize - e.range.len() as isize;
        } else if !after {
            return None;
        }
    }
    Some(range.start.saturating_add_signed(delta)..range.end.saturating_add_signed(delta))
}

/// The findings of the re-linted text to offer in a second round: those whose span overlaps or
/// touches the new text of an accepted edit, except findings the first round already offered
/// and were left (same rule, same span once shifted, same suggestions).
pub fn second_round(edits: &[Edit], left: &[&Finding], relinted: Vec<Finding>) -> Vec<Finding> {
    let spans = new_spans(edits);
    let carried: Vec<(&Finding, Range<usize>)> = left
        .iter()
        .filter_map(|f| map_range(edits, &f.range).map(|r| (*f, r)))
        .collect();
    relinted
        .into_iter()
        .filter(|f| {
            spans
                .iter()
                .any(|s| f.range.start <= s.end && s.start <= f.range.end)
        })
        .filter(|f| {
            !carried.iter().any(|(g, r)| {
                g.rule == f.rule
                    && *r == f.range
                    && g.fix == f.fix
                    && g.alternatives == f.alternatives
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finding of `rule` on `range` with default `fix` (none when empty) and `alts`.
    fn f(rule: &str, range: Range<usize>, fix: &str, alts: &[&str]) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            message: String::new(),
            range,
            fix: (!fix.is_empty()).then(|| Fix {
                replacement: fix.into(),
                applicability: Applicability::Safe,
            }),
            alternatives: alts.iter().map(|a| a.to_string()).collect(),
            priority: 0,
        }
    }

    fn new(findings: Vec<Finding>) -> Session {
        Session::new(findings, BTreeSet::new(), Rest::Ask)
    }

    fn replaced(s: &Session) -> Vec<(Range<usize>, String)> {
        s.edits()
            .into_iter()
            .map(|e| (e.range, e.replacement))
            .collect()
    }

    #[test]
    fn queue_is_in_document_order_longer_span_first() {
        let s = new(vec![
            f("b", 10..12, "B", &[]),
            f("a", 0..2, "A", &[]),
            f("c", 10..15, "C", &[]),
        ]);
        let order: Vec<&str> = s.findings().iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(order, ["a", "c", "b"]);
        assert_eq!(s.current(), Some(0));
    }

    #[test]
    fn yes_no_choice_and_edit_become_edits() {
        let mut s = new(vec![
            f("a", 0..1, "A", &["AA", "AAA"]),
            f("b", 2..3, "B", &[]),
            f("c", 4..5, "C", &["CC"]),
            f("d", 6..7, "", &[]),
            f("e", 8..9, "E", &[]),
        ]);
        s.decide(Action::Choose(2)).unwrap();
        s.decide(Action::Skip).unwrap();
        s.decide(Action::Edit("typed".into())).unwrap();
        // Detection only: no default, no suggestion, but edit and skip work.
        assert_eq!(s.decide(Action::Accept), Err(Refusal::NoDefault));
        assert_eq!(
            s.decide(Action::Choose(0)),
            Err(Refusal::NoSuchChoice { available: 0 })
        );
        s.decide(Action::Skip).unwrap();
        s.decide(Action::Accept).unwrap();
        assert_eq!(s.current(), None);
        assert_eq!(s.decide(Action::Skip), Err(Refusal::Finished));
        assert_eq!(
            replaced(&s),
            [
                (0..1, "AAA".to_string()),
                (4..5, "typed".to_string()),
                (8..9, "E".to_string())
            ]
        );
        let edited: Vec<bool> = s.edits().iter().map(|e| e.edited).collect();
        assert_eq!(edited, [false, true, false]);
        let tally = s.tally();
        assert_eq!(tally[0].1.accepted, 1);
        assert_eq!(tally[2].1.edited, 1);
        assert_eq!(tally[3].1.skipped, 1);
    }

    #[test]
    fn choices_number_the_default_first_then_alternatives() {
        assert_eq!(choices(&f("r", 0..1, "x", &["y", "z"])), ["x", "y", "z"]);
        // Without a default fix the suggestions are numbered from 1 all the same.
        assert_eq!(choices(&f("r", 0..1, "", &["y"])), ["y"]);
        let mut s = new(vec![f("r", 0..1, "", &["y", "z"])]);
        assert_eq!(s.decide(Action::Accept), Err(Refusal::NoDefault));
        assert_eq!(
            s.decide(Action::Choose(2)),
            Err(Refusal::NoSuchChoice { available: 2 })
        );
        s.decide(Action::Choose(1)).unwrap();
        assert_eq!(replaced(&s), [(0..1, "z".to_string())]);
    }

    #[test]
    fn an_edit_equal_to_a_suggestion_counts_as_accepting_it() {
        let mut s = new(vec![f("r", 0..1, "x", &["y"])]);
        s.decide(Action::Edit("y".into())).unwrap();
        assert_eq!(
            *s.status(0),
            Status::Accepted {
                choice: 1,
                auto: false
            }
        );
        assert_eq!(s.tally()[0].1.accepted, 1);
    }

    #[test]
    fn accepting_drops_later_overlapping_findings_and_undo_brings_them_back() {
        let mut s = new(vec![
            f("long", 0..10, "L", &[]),
            f("inner", 2..4, "I", &[]),
            f("touching", 10..12, "T", &[]),
            f("tail", 9..11, "X", &[]),
        ]);
        let effects = s.decide(Action::Accept).unwrap();
        assert_eq!(effects.dropped, [1, 2]); // inner (2..4) and tail (9..11), in review order
        assert_eq!(s.findings()[s.current().unwrap()].rule, "touching");
        assert_eq!(s.undo(), Ok(0));
        assert!((0..4).all(|i| *s.status(i) == Status::Pending));
        // Skipping does not drop anything.
        s.decide(Action::Skip).unwrap();
        assert_eq!(s.current(), Some(1));
        assert_eq!(s.undo(), Ok(0));
        assert_eq!(s.undo(), Err(Refusal::NothingToUndo));
    }

    #[test]
    fn identical_empty_spans_overlap_but_neighbours_do_not() {
        assert!(overlaps(&(3..3), &(3..3)));
        assert!(overlaps(&(2..5), &(3..3)));
        assert!(!overlaps(&(3..5), &(5..7)));
        assert!(!overlaps(&(3..3), &(3..5)));
    }

    #[test]
    fn undo_walks_back_step_by_step() {
        let mut s = new(vec![
            f("a", 0..1, "A", &[]),
            f("b", 2..3, "B", &[]),
            f("c", 4..5, "C", &[]),
        ]);
        s.decide(Action::Accept).unwrap();
        s.decide(Action::Edit("x".into())).unwrap();
        assert_eq!(s.undoable(), 2);
        assert_eq!(s.undo(), Ok(1));
        s.decide(Action::Skip).unwrap();
        s.decide(Action::Accept).unwrap();
        assert_eq!(
            replaced(&s),
            [(0..1, "A".to_string()), (4..5, "C".to_string())]
        );
    }

    #[test]
    fn accept_rest_and_skip_rest_are_one_undoable_step() {
        let items = vec![
            f("a", 0..1, "A", &[]),
            f("b", 2..3, "B", &[]),
            f("none", 4..5, "", &["N"]),
            f("c", 4..6, "C", &[]),
            f("d", 8..9, "D", &[]),
        ];
        let mut s = new(items.clone());
        s.decide(Action::Skip).unwrap();
        let effects = s.decide(Action::AcceptRest).unwrap();
        assert_eq!(s.rest(), Rest::AcceptAll);
        assert_eq!(s.current(), None);
        // `c` (4..6) sorts before `none` (4..5) and drops it; no default fix is never accepted.
        assert_eq!(effects.dropped, [3]);
        assert_eq!(effects.rest, [2, 4]);
        assert_eq!(
            replaced(&s),
            [
                (2..3, "B".to_string()),
                (4..6, "C".to_string()),
                (8..9, "D".to_string())
            ]
        );
        assert_eq!(s.undo(), Ok(1));
        assert_eq!(s.rest(), Rest::Ask);
        let effects = s.decide(Action::SkipRest).unwrap();
        assert_eq!(effects.rest, [2, 3, 4]);
        assert_eq!(s.rest(), Rest::SkipAll);
        assert!(s.edits().is_empty());
        assert_eq!(s.tally().iter().map(|(_, c)| c.skipped).sum::<usize>(), 5);
    }

    #[test]
    fn accept_rule_accepts_its_later_findings_and_carries_to_the_next_session() {
        let mut s = new(vec![
            f("r", 0..1, "R", &[]),
            f("r", 2..3, "R", &[]),
            f("other", 4..5, "O", &[]),
            f("r", 6..7, "R", &[]),
            f("r", 8..9, "", &["R?"]),
        ]);
        let effects = s.decide(Action::AcceptRule).unwrap();
        assert_eq!(effects.auto, [1]);
        assert_eq!(s.current(), Some(2));
        let effects = s.decide(Action::Skip).unwrap();
        assert_eq!(effects.auto, [3]);
        // Without a default fix it is still asked.
        assert_eq!(s.current(), Some(4));
        assert!(s.auto_rules().contains("r"));
        // Undoing the skip puts back the finding it auto-accepted.
        s.undo().unwrap();
        assert_eq!(*s.status(3), Status::Pending);
        // Undoing `A` forgets the rule.
        s.undo().unwrap();
        assert!(s.auto_rules().is_empty());
        assert_eq!(s.current(), Some(0));
        s.decide(Action::AcceptRule).unwrap();

        let next = Session::new(
            vec![f("r", 0..1, "R", &[]), f("x", 2..3, "X", &[])],
            s.auto_rules().clone(),
            Rest::Ask,
        );
        assert_eq!(next.initial(), [0]);
        assert_eq!(next.current(), Some(1));
        let mut next = next;
        // What was decided up front cannot be undone.
        assert_eq!(next.undo(), Err(Refusal::NothingToUndo));
    }

    #[test]
    fn skip_rest_still_accepts_the_rules_accepted_everywhere() {
        let mut s = new(vec![
            f("r", 0..1, "R", &[]),
            f("other", 2..3, "O", &[]),
            f("r", 4..5, "R", &[]),
            f("x", 4..6, "X", &[]),
        ]);
        s.decide(Action::AcceptRule).unwrap();
        let effects = s.decide(Action::SkipRest).unwrap();
        // `x` (4..6) sorts first and is skipped; `r` at 4..5 is still accepted.
        assert_eq!(effects.rest, [2, 3]);
        assert_eq!(
            replaced(&s),
            [(0..1, "R".to_string()), (4..5, "R".to_string())]
        );
        let next = Session::new(
            vec![f("r", 0..1, "R", &[]), f("o", 2..3, "O", &[])],
            s.auto_rules().clone(),
            Rest::SkipAll,
        );
        assert_eq!(replaced(&next), [(0..1, "R".to_string())]);
    }

    #[test]
    fn accept_all_session_decides_everything_up_front() {
        let s = Session::new(
            vec![
                f("a", 0..3, "A", &[]),
                f("b", 1..2, "B", &[]),
                f("c", 5..6, "", &[]),
            ],
            BTreeSet::new(),
            Rest::AcceptAll,
        );
        assert_eq!(s.current(), None);
        assert_eq!(replaced(&s), [(0..3, "A".to_string())]);
        assert_eq!(s.initial().len(), 3);
    }

    #[test]
    fn unreached_findings_are_counted_as_not_reviewed() {
        let mut s = new(vec![f("a", 0..1, "A", &[]), f("a", 2..3, "A", &[])]);
        s.decide(Action::Accept).unwrap();
        let (_, c) = &s.tally()[0];
        assert_eq!((c.accepted, c.unreviewed), (1, 1));
        assert_eq!(s.left().len(), 1);
    }

    fn edit(range: Range<usize>, replacement: &str) -> Edit {
        Edit {
            rule: "r".into(),
            range,
            replacement: replacement.into(),
            edited: false,
        }
    }

    #[test]
    fn new_spans_shift_with_earlier_edits() {
        let edits = [edit(0..4, "ab"), edit(10..10, "xyz"), edit(20..21, "")];
        assert_eq!(new_spans(&edits), [0..2, 8..11, 21..21]);
        assert_eq!(map_range(&edits, &(5..8)), Some(3..6));
        assert_eq!(map_range(&edits, &(10..12)), Some(11..13));
        assert_eq!(map_range(&edits, &(8..10)), Some(6..8));
        assert_eq!(map_range(&edits, &(3..5)), None);
        assert_eq!(map_range(&edits, &(22..23)), Some(22..23));
    }

    #[test]
    fn second_round_offers_only_what_the_edits_caused() {
        // Old text: "aa bb cc dd"; `bb` (3..5) was replaced with "B B" (new 3..6).
        let edits = [edit(3..5, "B B")];
        let skipped = f("skipped", 6..8, "C", &[]);
        let relinted = vec![
            f("inside", 3..4, "x", &[]),   // in the new text
            f("touching", 6..7, "y", &[]), // starts where the new text ends
            f("skipped", 7..9, "C", &[]),  // the skipped `cc`, shifted by one: not again
            f("far", 10..12, "z", &[]),    // `dd`: not caused by the edit
            f("before", 0..3, "w", &[]),   // ends where the new text starts
        ];
        let second = second_round(&edits, &[&skipped], relinted);
        let ids: Vec<&str> = second.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(ids, ["inside", "touching", "before"]);
        // A deletion touches the findings on both sides of where it was.
        let second = second_round(
            &[edit(2..3, "")],
            &[],
            vec![
                f("l", 0..2, "", &[]),
                f("r", 2..4, "", &[]),
                f("x", 3..4, "", &[]),
            ],
        );
        assert_eq!(second.len(), 2);
    }
}
