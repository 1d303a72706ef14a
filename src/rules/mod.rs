//! Rules: their common header, the closed set of rule kinds, and the compiled rule set that
//! turns a [`Document`] into [`Finding`]s.

pub mod blocks;
pub mod builtin;
pub mod case;
pub mod kinds;
pub mod lexicon;
pub mod load;
pub mod pattern_group;
pub mod required;
pub mod schema;
pub mod verify;
pub mod word_index;

use std::collections::BTreeSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::language::RivalWords;
use kinds::{Candidate, Kind};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; rarely wrong to leave.
    Info,
    /// Almost certainly an artifact.
    Warning,
    /// Damage a reader will notice.
    Error,
}

impl Severity {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// How far a fix can be trusted: `none` < `unsafe` < `safe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Never written without a person choosing it (review only).
    None,
    /// Usually right; applied by `fix --unsafe-fixes`.
    Unsafe,
    /// Always right; applied by `fix`.
    Safe,
}

impl Applicability {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::None => "none",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// A bad → good example of a rule, which is also its test.
#[derive(Debug, Clone)]
pub struct Example {
    /// Text the rule must flag.
    pub bad: String,
    /// What the rule's default fix must turn `bad` into (absent for detection-only rules).
    pub good: Option<String>,
    /// The exact text the rule must flag in `bad` (optional).
    pub flagged: Option<String>,
    /// The language the example is written in, if not the rule's.
    pub lang: Option<String>,
}

/// The header every rule has, whatever its kind.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id naming the artifact.
    pub id: String,
    /// The kind's name as written in the rule file.
    pub kind_name: &'static str,
    /// Category used by `--select` / `--ignore` (from the rule or its file).
    pub category: String,
    /// Language codes the rule runs on; empty means every language.
    pub languages: Vec<String>,
    /// Message template with `{found}` and `{replacement}` placeholders.
    pub message: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// Applicability of its fixes (a finding may lower it, never raise it).
    pub fix: Applicability,
    /// When an unsafe fix is wrong (required for `fix = "unsafe"`).
    pub fix_safety: Option<String>,
    /// Why the rule exists, shown by `mtlint rules ID`.
    pub why: Option<String>,
    /// Its examples (tests).
    pub examples: Vec<Example>,
    /// Strings it must never flag.
    pub clean: Vec<String>,
    /// Patterns whose matches cancel an overlapping finding.
    pub unless: Vec<kinds::pattern::Pattern>,
    /// Tie-breaker between overlapping fixes (higher wins).
    pub priority: i32,
    /// The rule file it came from (`builtin:en/names.toml` or a path).
    pub file: String,
    /// Where its data came from and under which licence, if it says.
    pub provenance: Option<String>,
    /// The data files its entries were read from (`builtin:en/data/x.tsv` or paths).
    pub data_files: Vec<String>,
}

/// One rule: header plus kind.
#[derive(Debug)]
pub struct Rule {
    /// The common header.
    pub meta: RuleMeta,
    /// What it looks for and how it fixes it.
    pub kind: Kind,
}

impl Rule {
    /// Whether the rule runs on text of language `lang`.
    pub fn applies_to(&self, lang: &str) -> bool {
        self.meta.languages.is_empty() || self.meta.languages.iter().any(|l| l == lang)
    }

    /// The findings of this rule in `doc` (language is not checked here).
    pub fn check(&self, doc: &Document, out: &mut Vec<Finding>) {
        let mut cands = Vec::new();
        self.kind.candidates(doc, &mut cands);
        self.check_candidates(doc, cands, out);
    }

    /// The findings of this rule in `doc` from its kind's candidates: `unless` patterns and
    /// protected spans cancel some, the others get the rule's message and fix.
    pub fn check_candidates(&self, doc: &Document, cands: Vec<Candidate>, out: &mut Vec<Finding>) {
        if cands.is_empty() {
            return;
        }
        // `unless` patterns run line by line, like regex rules, around the candidates' lines.
        let mut unless: Vec<Range<usize>> = Vec::new();
        if !self.meta.unless.is_empty() {
            let mut lines: Vec<Range<usize>> = Vec::new();
            for c in &cands {
                let l = doc.line_of(c.range.start);
                let r = doc.line_range(l);
                if lines.last() != Some(&r) {
                    lines.push(r);
                }
            }
            for r in lines {
                for p in &self.meta.unless {
                    p.find_in_line(doc.text, r.clone(), &mut unless);
                }
            }
        }
        // Sorted by start with a running maximum of ends, so each candidate is checked against
        // the `unless` ranges by bisection, not one by one.
        unless.sort_by_key(|u| u.start);
        let mut reach = Vec::with_capacity(unless.len());
        let mut max_end = 0;
        for u in &unless {
            max_end = max_end.max(u.end);
            reach.push(max_end);
        }
        let cancelled = |r: &Range<usize>| {
            // Ranges starting before the candidate's end; does any of them end after its start?
            let n = unless.partition_point(|u| u.start < r.end);
            n > 0 && reach[n - 1] > r.start
        };
        for c in cands {
            if doc.is_protected(&c.range) || cancelled(&c.range) {
                continue;
            }
            out.push(self.finding(doc.text, c));
        }
    }

    fn finding(&self, text: &str, c: Candidate) -> Finding {
        let found = &text[c.range.clone()];
        let mut replacements = c.replacements.into_iter();
        let first = replacements.next();
        let message = render_message(&self.meta.message, found, first.as_deref().unwrap_or(""))
            .replace("{detail}", &c.detail);
        let mut level = self.meta.fix;
        if c.lower_to_unsafe {
            level = level.min(Applicability::Unsafe);
        }
        let mut alternatives: Vec<String> = replacements.collect();
        let fix = match first {
            Some(r) if level > Applicability::None => Some(Fix {
                replacement: r,
                applicability: level,
            }),
            Some(r) => {
                alternatives.insert(0, r);
                None
            }
            None => None,
        };
        Finding {
            rule: self.meta.id.clone(),
            severity: self.meta.severity,
            message,
            range: c.range,
            fix,
            alternatives,
            priority: self.meta.priority,
        }
    }
}

/// The placeholders a message template may use.
pub const PLACEHOLDERS: &[&str] = &["found", "replacement", "detail"];

/// Fill a message template.
pub fn render_message(template: &str, found: &str, replacement: &str) -> String {
    template
        .replace("{found}", found)
        .replace("{replacement}", replacement)
}

/// A proposed change: replace the finding's span with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The new text for the span.
    pub replacement: String,
    /// How far it can be trusted.
    pub applicability: Applicability,
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The id of the rule that found it.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// The rendered message.
    pub message: String,
    /// Byte range of the flagged text.
    pub range: Range<usize>,
    /// The default fix, if the rule's applicability allows one.
    pub fix: Option<Fix>,
    /// Other replacements for the same span (offered in review).
    pub alternatives: Vec<String>,
    /// Tie-breaker between overlapping fixes.
    pub priority: i32,
}

/// The level of a finding's default fix (`none` when it has none).
fn level(f: &Finding) -> Applicability {
    f.fix
        .as_ref()
        .map_or(Applicability::None, |x| x.applicability)
}

/// Drop findings that lie inside the span of a finding of another rule whose fix is more
/// certain (`Andriï` guessed by a convention detector inside `Andriï Iermak` from a list): the
/// more certain rule speaks for that text.
///
/// `finding` gives the finding of an item (items may carry more than the finding).
fn drop_subsumed<T>(items: &mut Vec<T>, finding: impl Fn(&T) -> &Finding) {
    items.sort_by(|a, b| {
        let (a, b) = (finding(a), finding(b));
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
            .then(level(b).cmp(&level(a)))
    });
    let mut keep = vec![true; items.len()];
    let mut open: Vec<usize> = Vec::new();
    for i in 0..items.len() {
        let f = finding(&items[i]);
        open.retain(|&j| finding(&items[j]).range.end > f.range.start);
        if open.iter().any(|&j| {
            let g = finding(&items[j]);
            g.rule != f.rule && g.range.end >= f.range.end && level(g) > level(f)
        }) {
            keep[i] = false;
        }
        open.push(i);
    }
    let mut k = keep.into_iter();
    items.retain(|_| k.next().unwrap_or(true));
}

/// Put findings in their reported order: by position, then rule id.
fn sort_findings<T>(items: &mut [T], finding: impl Fn(&T) -> &Finding) {
    items.sort_by(|a, b| {
        let (a, b) = (finding(a), finding(b));
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
}

/// A house-style preference from a rule file's `[prefer]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preference {
    /// The form to avoid.
    pub from: String,
    /// The house form.
    pub to: String,
    /// Languages it applies to (empty: all).
    pub languages: Vec<String>,
}

impl Preference {
    fn applies_to(&self, lang: &str) -> bool {
        self.languages.is_empty() || self.languages.iter().any(|l| l == lang)
    }
}

/// Replace whole-word occurrences of `from` in `s` by `to`.
fn replace_words(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    for (i, _) in s.match_indices(from) {
        if i >= at && case::is_whole_word(s, i, i + from.len()) {
            out.push_str(&s[at..i]);
            out.push_str(to);
            at = i + from.len();
        }
    }
    out.push_str(&s[at..]);
    out
}

/// Apply house-style preferences to findings: suggestions use the house forms, and a finding
/// that would change a house form (or whose suggestion becomes the text itself) is dropped.
fn apply_preferences(text: &str, prefs: &[&Preference], findings: &mut Vec<Finding>) {
    findings.retain_mut(|f| {
        let found = &text[f.range.clone()];
        if prefs.iter().any(|p| p.to == found) {
            return false;
        }
        for p in prefs {
            if let Some(x) = f.fix.as_mut() {
                x.replacement = replace_words(&x.replacement, &p.from, &p.to);
            }
            for a in f.alternatives.iter_mut() {
                *a = replace_words(a, &p.from, &p.to);
            }
        }
        f.alternatives.retain(|a| a != found);
        if f.fix.as_ref().is_some_and(|x| x.replacement == found) {
            f.fix = None;
            return !f.alternatives.is_empty();
        }
        true
    });
}

/// Documents at least this large have their rules run on several threads (smaller ones are
/// not worth a thread each, and files are already spread over threads).
const PARALLEL_RULES_BYTES: usize = 1 << 20;

/// How the rules of one language run together: the word-list rules in one pass over the
/// words, the regex rules in one pass of a joint finder.
#[derive(Debug)]
struct Plan {
    words: word_index::WordIndex,
    patterns: pattern_group::PatternGroup,
    /// Whether an untranslated-text rule applies: the word-list rules' pass then also finds
    /// where it has function words to count ([`Document::rival_word_runs`]).
    counts_function_words: bool,
    /// Whether a romanization rule applies: the word-list rules' pass then also finds the
    /// names it looks at ([`Document::names`]).
    looks_at_names: bool,
}

/// One unit of work of [`RuleSet::check`]: what one thread runs at a time.
#[derive(Clone, Copy)]
enum Task<'a> {
    /// The word-list rules, together.
    Words,
    /// The grouped regex rules, together.
    Patterns,
    /// One rule on its own.
    Rule(&'a Rule),
}

/// All enabled rules, compiled once.
#[derive(Debug, Default)]
pub struct RuleSet {
    /// The rules, in load order.
    pub rules: Vec<Rule>,
    /// House-style preferences (`[prefer]` tables), applied to every rule's suggestions.
    pub prefer: Vec<Preference>,
    /// How the rules of each language checked so far are run together (built on a
    /// language's first document; [`RuleSet::filter`] clears it).
    plans: std::sync::Mutex<Vec<(String, std::sync::Arc<Plan>)>>,
}

impl RuleSet {
    /// Every finding of every rule that applies to the document's language, sorted by position
    /// then rule id.
    pub fn check(&self, doc: &Document) -> Vec<Finding> {
        let mut out = self.raw_findings(doc);
        drop_subsumed(&mut out, |f| f);
        self.suppress(doc, &mut out);
        sort_findings(&mut out, |f| f);
        out
    }

    /// The findings of `doc`, one block of a larger document (see [`Document::in_block`]),
    /// with what the block tells about the conditions some of them wait on. Inline
    /// suppressions are not applied: documents that hold any are not read block by block.
    /// `seen` is shared by the blocks of one document.
    pub fn check_block(&self, doc: &Document, seen: &blocks::Seen) -> blocks::BlockFindings {
        let out = self.raw_findings(doc);
        blocks::BlockFindings::new(self, doc, out, seen)
    }

    /// Every rule's findings in `doc`, with house-style preferences applied, before overlaps
    /// are resolved and suppressions applied.
    fn raw_findings(&self, doc: &Document) -> Vec<Finding> {
        let plan = self.plan(&doc.lang);
        // The word-list rules in one task (one pass over the words), the regex rules in another
        // (one pass of their joint finder), every other rule in its own; the costliest first,
        // so that threads finish together.
        let mut tasks: Vec<Task> = Vec::new();
        if !plan.words.is_empty() || plan.counts_function_words || plan.looks_at_names {
            tasks.push(Task::Words);
        }
        if !plan.patterns.is_empty() {
            tasks.push(Task::Patterns);
        }
        tasks.extend(
            self.rules
                .iter()
                .enumerate()
                .filter(|(position, r)| {
                    r.applies_to(&doc.lang)
                        && plan.words.slot(*position).is_none()
                        && !plan.patterns.contains(*position)
                })
                .map(|(_, r)| Task::Rule(r)),
        );
        // (the word-list rules' pass first: it finds what the untranslated-text rule, the
        // costliest otherwise, needs)
        tasks.sort_by_key(|t| match t {
            Task::Words => 0,
            Task::Rule(r) => 1 + r.kind.cost_rank(),
            Task::Patterns => 3,
        });
        let run = |task: Task| -> Vec<Finding> {
            let mut out = Vec::new();
            match task {
                Task::Rule(rule) => rule.check(doc, &mut out),
                Task::Words => {
                    // The runs the untranslated-text rule counts function words in, found in
                    // the same pass (that rule's task comes after this one).
                    // And the names the romanization rules look at.
                    let collect = plan.counts_function_words && doc.lacks_rival_word_runs();
                    let collect_names = plan.looks_at_names && doc.lacks_names();
                    let (mut rival, mut names) = (Vec::new(), Vec::new());
                    let scanned = plan.words.scan_with(
                        doc.text,
                        &self.rules,
                        word_index::Collect {
                            rival: collect.then(|| (RivalWords::of(&doc.lang), &mut rival)),
                            names: collect_names.then_some(&mut names),
                        },
                    );
                    if collect {
                        doc.set_rival_word_runs(rival);
                    }
                    if collect_names {
                        doc.set_names(names);
                    }
                    for (slot, hits) in scanned.into_iter().enumerate() {
                        let rule = &self.rules[plan.words.rule_position(slot)];
                        let mut cands = Vec::new();
                        rule.kind.candidates_from_hits(doc, hits, &mut cands);
                        rule.check_candidates(doc, cands, &mut out);
                    }
                }
                Task::Patterns => {
                    for (slot, cands) in
                        plan.patterns.scan(doc, &self.rules).into_iter().enumerate()
                    {
                        let rule = &self.rules[plan.patterns.rule_position(slot)];
                        rule.check_candidates(doc, cands, &mut out);
                    }
                }
            }
            out
        };
        // Findings are put in a total order below, so the order of the tasks' results does not
        // matter.
        // The blocks of a large document already run in parallel.
        let parts = if doc.text.len() >= PARALLEL_RULES_BYTES && !doc.is_block() {
            crate::parallel::parallel_map(tasks, run)
        } else {
            tasks.into_iter().map(run).collect()
        };
        let mut out: Vec<Finding> = parts.into_iter().flatten().collect();
        let prefs: Vec<&Preference> = self
            .prefer
            .iter()
            .filter(|p| p.applies_to(&doc.lang))
            .collect();
        if !prefs.is_empty() {
            apply_preferences(doc.text, &prefs, &mut out);
        }
        out
    }

    /// Apply the document's inline suppressions; report the unused ones when the
    /// `unused-suppression` rule is enabled.
    fn suppress(&self, doc: &Document, findings: &mut Vec<Finding>) {
        let directives = crate::suppress::parse(doc.original);
        if directives.is_empty() {
            return;
        }
        let names_rule = |name: &str, rule: &str| {
            name == rule || self.get(rule).is_some_and(|r| r.meta.category == name)
        };
        let used = crate::suppress::apply(&directives, findings, names_rule);
        let reporter = self
            .rules
            .iter()
            .find(|r| matches!(r.kind, Kind::UnusedSuppression) && r.applies_to(&doc.lang));
        if let Some(rule) = reporter {
            for (d, used) in directives.iter().zip(used) {
                if !used {
                    findings
                        .push(rule.finding(doc.text, Candidate::new(d.range.clone(), Vec::new())));
                }
            }
        }
    }

    /// How the rules that apply to `lang` run together, worked out on first need.
    fn plan(&self, lang: &str) -> std::sync::Arc<Plan> {
        let mut built = self
            .plans
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, plan)) = built.iter().find(|(l, _)| l == lang) {
            return plan.clone();
        }
        let rules = || {
            self.rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.applies_to(lang))
        };
        let plan = std::sync::Arc::new(Plan {
            words: word_index::WordIndex::new(rules()),
            patterns: pattern_group::PatternGroup::new(rules()),
            counts_function_words: rules().any(|(_, r)| matches!(r.kind, Kind::Untranslated(_))),
            looks_at_names: rules().any(|(_, r)| matches!(r.kind, Kind::Romanization(_))),
        });
        built.push((lang.to_string(), plan.clone()));
        plan
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.id == id)
    }

    /// Keep only the rules named by `select` (all when empty), minus those named by `ignore`.
    /// Names are rule ids or categories; an unknown name is an error.
    pub fn filter(&mut self, select: &[String], ignore: &[String]) -> Result<()> {
        let known: BTreeSet<&str> = self
            .rules
            .iter()
            .flat_map(|r| [r.meta.id.as_str(), r.meta.category.as_str()])
            .collect();
        for name in select.iter().chain(ignore) {
            if !known.contains(name.as_str()) {
                return Err(Error::new(format!(
                    "unknown rule or category `{name}` (see `mtlint rules`)"
                )));
            }
        }
        let named = |r: &Rule, names: &[String]| {
            names
                .iter()
                .any(|n| *n == r.meta.id || *n == r.meta.category)
        };
        self.rules
            .retain(|r| (select.is_empty() || named(r, select)) && !named(r, ignore));
        self.plans = Default::default();
        Ok(())
    }
}
