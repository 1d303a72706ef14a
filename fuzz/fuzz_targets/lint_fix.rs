//! Fuzz the whole pipeline: decode bytes as mtlint reads a file, build the document model, run
//! every built-in rule, render the findings, and fix until stable (unsafe fixes included).
//!
//! Asserts the invariants the README promises, so that a violation is a crash libFuzzer keeps:
//! spans lie on char boundaries inside the text; every finding renders; `fix` changes no byte
//! outside the spans it applied; fixing the output again changes nothing.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mtlint::fix::{apply, fix_until_stable, select};
use mtlint::render::{self, FileReport};
use mtlint::{Applicability, Document, RuleSet};

fn rules() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| mtlint::load(&[]).expect("built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    // Bytes that mtlint refuses to read are only checked for a clean refusal.
    let Ok((_bom, text)) = mtlint::source::decode(data.to_vec()) else {
        return;
    };
    let set = rules();
    let doc = Document::new(&text, "en");
    let findings = set.check(&doc);
    for f in &findings {
        assert!(
            f.range.start <= f.range.end && f.range.end <= text.len(),
            "span {:?} of `{}` outside a text of {} bytes",
            f.range,
            f.rule,
            text.len()
        );
        assert!(
            text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end),
            "span {:?} of `{}` not on char boundaries",
            f.range,
            f.rule
        );
    }
    // Rendering computes line/column of every span: it must not panic.
    let report = FileReport {
        name: "fuzz",
        doc: &doc,
        findings: &findings,
    };
    let mut human = String::new();
    render::human::render(&report, &mut human, false);
    let _ = render::json::render(std::slice::from_ref(&report));

    // One pass of the selected fixes: `apply` verifies bytes outside the spans itself; an error
    // here means a rule produced an invalid edit.
    for level in [Applicability::Safe, Applicability::Unsafe] {
        let chosen = select(&findings, level);
        if let Err(e) = apply(&text, &chosen) {
            panic!("apply failed on the first pass: {e}");
        }
        let lint = |t: &str| set.check(&Document::new(t, "en"));
        // With the built-in rules the loop must converge: a "fixes do not converge" error would
        // leave the user's file unfixable, so it counts as a crash here.
        let once = match fix_until_stable(&text, level, lint) {
            Ok(o) => o,
            Err(e) => panic!("fix ({}) failed: {e}", level.as_str()),
        };
        let twice = fix_until_stable(&once.text, level, lint)
            .unwrap_or_else(|e| panic!("fixing a fixed text failed: {e}"));
        assert_eq!(once.text, twice.text, "fixing twice differs from fixing once");
    }
});
