//! Choosing, applying and iterating fixes.
//!
//! Overlaps are resolved deterministically: sort by start, longer span first, then higher
//! priority, then rule id; a fix is accepted only if it starts at or after the end of the last
//! accepted one (an identical edit from a second rule is applied once). Accepted edits are
//! spliced in one pass, the text is linted again, and this repeats until nothing applies. Every
//! text produced is remembered: seeing one again means rules undo each other, which is an error
//! naming them, and nothing is written.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeSet;
use std::hash::Hasher;

use crate::error::{Error, Result};
use crate::rules::{Applicability, Finding};

/// The most lint-and-fix passes before giving up.
pub const MAX_PASSES: usize = 10;

/// The order in which overlapping fixes compete: by start, longer span first, then higher
/// priority, then rule id.
pub fn order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    a.range
        .start
        .cmp(&b.range.start)
        .then(b.range.end.cmp(&a.range.end))
        .then(b.priority.cmp(&a.priority))
        .then(a.rule.cmp(&b.rule))
}

/// The findings whose default fix is at least `level`, minus overlaps, in text order.
pub fn select(findings: &[Finding], level: Applicability) -> Vec<&Finding> {
    let mut cands: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|x| x.applicability >= level))
        .collect();
    cands.sort_by(|a, b| order(a, b));
    let mut out: Vec<&Finding> = Vec::with_capacity(cands.len());
    for f in cands {
        match out.last() {
            Some(last) if last.range == f.range && last.fix == f.fix => continue,
            Some(last) if f.range.start < last.range.end => continue,
            _ => out.push(f),
        }
    }
    out
}

/// Apply the chosen (sorted, non-overlapping) fixes to `text`, then verify that every byte
/// outside their spans is unchanged.
pub fn apply(text: &str, chosen: &[&Finding]) -> Result<String> {
    apply_at(text, 0, chosen)
}

/// [`apply`] to a piece of a text that starts at byte `start` of it, the spans of `chosen`
/// being positions in the whole text (a block of a large file).
pub fn apply_at(text: &str, start: usize, chosen: &[&Finding]) -> Result<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for f in chosen {
        let r = f.range.start.wrapping_sub(start)..f.range.end.wrapping_sub(start);
        let Some(fix) = &f.fix else { continue };
        if r.start < at
            || r.start > r.end
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            return Err(Error::new(format!(
                "internal error: rule `{}` produced an invalid edit {}..{}; nothing was written",
                f.rule, f.range.start, f.range.end
            )));
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&fix.replacement);
        at = r.end;
    }
    out.push_str(&text[at..]);
    verify_outside_spans(text, start, &out, chosen)?;
    Ok(out)
}

/// Check that `new` equals `old` (which starts at byte `start` of the text the spans of
/// `chosen` are positions in) everywhere but those spans.
fn verify_outside_spans(old: &str, start: usize, new: &str, chosen: &[&Finding]) -> Result<()> {
    let (mut o, mut n) = (0usize, 0usize);
    let mut same = true;
    for f in chosen {
        let Some(fix) = &f.fix else { continue };
        let (span_start, span_end) = (f.range.start - start, f.range.end - start);
        let gap = span_start - o;
        same &= old.as_bytes().get(o..span_start) == new.as_bytes().get(n..n + gap);
        n += gap + fix.replacement.len();
        o = span_end;
    }
    same &= old.as_bytes().get(o..) == new.as_bytes().get(n..);
    if same {
        Ok(())
    } else {
        Err(Error::new(
            "internal error: a fix changed text outside its span; nothing was written",
        ))
    }
}

/// What the fix loop produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The fixed text.
    pub text: String,
    /// Rule ids of the fixes applied, one entry per fix, in pass order.
    pub applied: Vec<String>,
    /// The findings left in the fixed text.
    pub remaining: Vec<Finding>,
    /// Whether every fix applied kept the line breaks of its span (line `i` of the fixed text
    /// is then line `i` of the original; see [`keeps_lines`]).
    pub aligned: bool,
}

/// Whether each fix of `chosen` replaces its span with as many line breaks as it had; `text`
/// starts at byte `start` of the text the spans are positions in.
pub fn keeps_lines(text: &str, start: usize, chosen: &[&Finding]) -> bool {
    chosen.iter().all(|f| {
        let replacement = f.fix.as_ref().map_or("", |x| x.replacement.as_str());
        let span = f.range.start.wrapping_sub(start)..f.range.end.wrapping_sub(start);
        text.get(span)
            .is_some_and(|span| span.matches('\n').count() == replacement.matches('\n').count())
    })
}

fn hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(text.as_bytes());
    h.finish()
}

/// The texts the fix loop has produced (by hash) and the rules that made each: a text seen
/// again means rules undo each other's changes.
pub struct Passes {
    seen: Vec<(u64, Vec<String>)>,
}

impl Passes {
    /// The loop before its first pass, on a text of hash `start` (hashed as [`Passes::hasher`]
    /// hashes: the text's bytes, written in any number of pieces).
    pub fn new(start: u64) -> Passes {
        Passes {
            seen: vec![(start, Vec::new())],
        }
    }

    /// A hasher of texts for [`Passes`] (the same hash however the bytes are cut).
    pub fn hasher() -> DefaultHasher {
        DefaultHasher::new()
    }

    /// Record that `rules` made a text of hash `h`; an error naming the rules that fight when
    /// that text was seen before.
    pub fn record(&mut self, h: u64, rules: Vec<String>) -> Result<()> {
        if let Some(i) = self.seen.iter().position(|(sh, _)| *sh == h) {
            let mut fighting: BTreeSet<String> = rules.into_iter().collect();
            for (_, r) in &self.seen[i + 1..] {
                fighting.extend(r.iter().cloned());
            }
            let names: Vec<String> = fighting.iter().map(|r| format!("`{r}`")).collect();
            return Err(Error::new(format!(
                "fixes do not converge: rules {} undo each other's changes; nothing was written",
                names.join(" and ")
            )));
        }
        self.seen.push((h, rules));
        Ok(())
    }

    /// The error after [`MAX_PASSES`] passes that all changed the text.
    pub fn too_many(&self) -> Error {
        let rules: BTreeSet<String> = self
            .seen
            .iter()
            .flat_map(|(_, r)| r.iter().cloned())
            .collect();
        Error::new(format!(
            "fixes still changing the text after {MAX_PASSES} passes (rules {}); nothing was written",
            rules.into_iter().collect::<Vec<_>>().join(", ")
        ))
    }
}

/// Lint and fix `text` until no fix of at least `level` applies.
pub fn fix_until_stable(
    text: &str,
    level: Applicability,
    mut lint: impl FnMut(&str) -> Vec<Finding>,
) -> Result<Outcome> {
    // Borrowed until the first pass changes it: a file no fix applies to is not copied until
    // the end.
    let mut current = std::borrow::Cow::Borrowed(text);
    let mut passes = Passes::new(hash(&current));
    let (mut applied, mut aligned) = (Vec::new(), true);
    for _ in 0..=MAX_PASSES {
        let findings = lint(&current);
        let chosen = select(&findings, level);
        if chosen.is_empty() {
            return Ok(Outcome {
                text: current.into_owned(),
                applied,
                remaining: findings,
                aligned,
            });
        }
        let rules: Vec<String> = chosen.iter().map(|f| f.rule.clone()).collect();
        aligned &= keeps_lines(&current, 0, &chosen);
        let next = apply(&current, &chosen)?;
        passes.record(hash(&next), rules.clone())?;
        applied.extend(rules);
        current = std::borrow::Cow::Owned(next);
    }
    Err(passes.too_many())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Fix, Severity};

    fn finding(rule: &str, start: usize, end: usize, repl: &str, level: Applicability) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            message: String::new(),
            range: start..end,
            fix: Some(Fix {
                replacement: repl.into(),
                applicability: level,
            }),
            alternatives: vec![],
            priority: 0,
        }
    }

    #[test]
    fn overlaps_prefer_earlier_then_longer() {
        let fs = vec![
            finding("b", 2, 4, "X", Applicability::Safe),
            finding("a", 0, 3, "Y", Applicability::Safe),
            finding("c", 0, 1, "Z", Applicability::Safe),
            finding("d", 4, 5, "W", Applicability::Unsafe),
            finding("e", 5, 6, "V", Applicability::Safe),
            finding("f", 5, 6, "V", Applicability::Safe),
        ];
        let chosen = select(&fs, Applicability::Safe);
        let ids: Vec<_> = chosen.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(ids, vec!["a", "e"]);
        assert_eq!(apply("abcdefg", &chosen).unwrap(), "YdeVg");
        let ids: Vec<_> = select(&fs, Applicability::Unsafe)
            .iter()
            .map(|f| f.rule.clone())
            .collect();
        assert_eq!(ids, vec!["a", "d", "e"]);
    }

    #[test]
    fn loop_reaches_a_fixed_point() {
        // a → b, then b → c: two passes.
        let out = fix_until_stable("a", Applicability::Safe, |t| match t {
            "a" => vec![finding("ab", 0, 1, "b", Applicability::Safe)],
            "b" => vec![finding("bc", 0, 1, "c", Applicability::Safe)],
            _ => vec![],
        })
        .unwrap();
        assert_eq!(out.text, "c");
        assert_eq!(out.applied, vec!["ab", "bc"]);
    }

    #[test]
    fn a_cycle_names_both_rules() {
        let err = fix_until_stable("a", Applicability::Safe, |t| match t {
            "a" => vec![finding("to-b", 0, 1, "b", Applicability::Safe)],
            _ => vec![finding("to-a", 0, 1, "a", Applicability::Safe)],
        })
        .unwrap_err();
        assert!(err.message().contains("`to-a` and `to-b`"), "{err}");
    }
}
