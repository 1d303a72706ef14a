//! Running every rule's examples and clean strings as tests (LanguageTool's habit): `bad` is
//! flagged by its rule, the rule's fix turns `bad` into `good`, and neither the rule nor the whole
//! rule set flags `good` or any `clean` string.

use super::{Applicability, Rule, RuleSet};
use crate::document::Document;
use crate::fix::fix_until_stable;

/// The language a rule's examples are written in.
fn example_lang(rule: &Rule) -> &str {
    rule.meta.languages.first().map_or("en", String::as_str)
}

fn rule_findings(rule: &Rule, text: &str, lang: &str) -> Vec<super::Finding> {
    let doc = Document::new(text, lang);
    let mut out = Vec::new();
    rule.check(&doc, &mut out);
    out
}

/// Findings of a rule that works at the level of the whole rule set (unused suppressions).
fn set_findings(set: &RuleSet, rule: &Rule, text: &str, lang: &str) -> Vec<super::Finding> {
    let doc = Document::new(text, lang);
    set.check(&doc)
        .into_iter()
        .filter(|f| f.rule == rule.meta.id)
        .collect()
}

/// Check every example and clean string of every rule in `set`; one message per failure.
pub fn verify(set: &RuleSet) -> Vec<String> {
    let mut failures = Vec::new();
    for rule in &set.rules {
        verify_rule(set, rule, &mut failures);
    }
    failures
}

fn verify_rule(set: &RuleSet, rule: &Rule, failures: &mut Vec<String>) {
    let id = &rule.meta.id;
    let lang = example_lang(rule);
    let mut fail = |msg: String| failures.push(format!("{}: rule `{id}`: {msg}", rule.meta.file));
    for ex in &rule.meta.examples {
        let lang = ex.lang.as_deref().unwrap_or(lang);
        let found = if matches!(rule.kind, super::kinds::Kind::UnusedSuppression) {
            set_findings(set, rule, &ex.bad, lang)
        } else {
            rule_findings(rule, &ex.bad, lang)
        };
        if found.is_empty() {
            fail(format!("example `{}` is not flagged", ex.bad));
            continue;
        }
        if let Some(flagged) = &ex.flagged {
            let texts: Vec<&str> = found.iter().map(|f| &ex.bad[f.range.clone()]).collect();
            if !texts.contains(&flagged.as_str()) {
                fail(format!(
                    "example `{}` should flag `{flagged}` but flags {texts:?}",
                    ex.bad
                ));
            }
        }
        if let Some(good) = &ex.good {
            match fix_until_stable(&ex.bad, Applicability::Unsafe, |t| {
                rule_findings(rule, t, lang)
            }) {
                Ok(out) if out.text == *good => {}
                Ok(out) => fail(format!(
                    "example `{}` fixes to `{}`, expected `{good}`",
                    ex.bad, out.text
                )),
                Err(e) => fail(format!("example `{}`: {e}", ex.bad)),
            }
        }
    }
    let silent: Vec<(&str, &str, &str)> = rule
        .meta
        .examples
        .iter()
        .filter_map(|ex| {
            ex.good
                .as_deref()
                .map(|g| ("good", g, ex.lang.as_deref().unwrap_or(lang)))
        })
        .chain(rule.meta.clean.iter().map(|c| ("clean", c.as_str(), lang)))
        .collect();
    for (what, text, lang) in silent {
        let doc = Document::new(text, lang);
        // A team's house style legitimately disagrees with built-in examples.
        let house = |r: &str| set.get(r).is_some_and(|r| r.meta.category == "house-style");
        for f in set
            .check(&doc)
            .into_iter()
            .filter(|f| f.rule == *id || !house(&f.rule))
        {
            let by = if f.rule == *id {
                "the rule itself".to_string()
            } else {
                format!("rule `{}`", f.rule)
            };
            fail(format!(
                "{what} text `{text}` is flagged by {by} at `{}`",
                &text[f.range.clone()]
            ));
        }
    }
}
