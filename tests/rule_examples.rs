//! Every example and clean string of every built-in rule, in one test that reports all failures.

use mtlint::rules::verify::verify;

#[test]
fn every_builtin_rule_example_passes() {
    let set = mtlint::rules::load::load_strict(&[]).expect("built-in rules load strictly");
    assert!(
        set.rules.len() >= 10,
        "expected the built-in rule set, got {} rules",
        set.rules.len()
    );
    let failures = verify(&set);
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_builtin_rule_is_documented() {
    let set = mtlint::load(&[]).expect("built-in rules load");
    for rule in &set.rules {
        let m = &rule.meta;
        assert!(
            m.why.as_deref().is_some_and(|w| w.len() > 20),
            "{}: needs a `why`",
            m.id
        );
        assert!(!m.examples.is_empty() && !m.clean.is_empty(), "{}", m.id);
    }
}

#[test]
fn a_broken_example_is_reported() {
    let text = r#"
language = "en"
category = "t"
[[rule]]
id = "colour"
kind = "substitution"
replace = { "color" = "colour" }
message = "m"
severity = "info"
fix = "safe"
why = "test"
examples = [{ bad = "color", good = "color!" }, { bad = "nothing here", good = "x" }]
clean = ["a colour", "color"]
"#;
    let set = mtlint::rules::load::load_str("t.toml", text).unwrap();
    let failures = verify(&set);
    assert_eq!(failures.len(), 4, "{failures:#?}");
    assert!(failures[0].contains("fixes to `colour`, expected `color!`"));
    assert!(failures[1].contains("`nothing here` is not flagged"));
    assert!(failures[2].contains("good text `color!` is flagged by the rule itself"));
    assert!(failures[3].contains("clean text `color` is flagged by the rule itself"));
}
