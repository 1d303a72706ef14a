//! Golden fixtures: each `fixtures/NAME.txt` has its expected findings (JSON), `fix --diff`
//! and fixed texts beside it in `fixtures/golden/`. Run with `MTLINT_BLESS=1` to rewrite them,
//! then review the change as a plain diff. Every file in `fixtures/clean/` must give no finding.

mod common;

use std::fs;
use std::path::Path;

use common::{mtlint, root};

fn inputs() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("fixtures"))
        .expect("fixtures/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

/// The language of a fixture from its name (`NAME.LANG.txt`), `en` when it has none.
fn lang_of(name: &str) -> String {
    let parts: Vec<&str> = name.rsplit('.').collect();
    match parts.get(1) {
        Some(l) if l.len() == 2 => l.to_string(),
        _ => "en".to_string(),
    }
}

fn golden(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("MTLINT_BLESS").is_some() {
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir golden");
        fs::write(path, actual).expect("write golden");
        return;
    }
    match fs::read_to_string(path) {
        Ok(expected) if expected == actual => {}
        Ok(_) => failures.push(format!(
            "{} differs (run with MTLINT_BLESS=1 and review the diff)",
            path.display()
        )),
        Err(_) => failures.push(format!(
            "{} is missing (run with MTLINT_BLESS=1)",
            path.display()
        )),
    }
}

#[test]
fn golden_outputs_match() {
    let names = inputs();
    assert!(names.contains(&"kursk-offensive.en.txt".to_string()));
    let mut failures = Vec::new();
    for name in &names {
        let input = format!("fixtures/{name}");
        let stem = name.trim_end_matches(".txt");
        let lang = lang_of(name);
        let g = root().join("fixtures/golden");
        let check = mtlint(&["check", "--lang", &lang, "--format", "json", &input]);
        assert!(
            check.code == 0 || check.code == 1,
            "{input}: {}",
            check.stderr
        );
        golden(
            &g.join(format!("{stem}.findings.json")),
            &check.stdout,
            &mut failures,
        );
        let diff = mtlint(&["fix", "--lang", &lang, "--diff", &input]);
        golden(
            &g.join(format!("{stem}.fix.diff")),
            &diff.stdout,
            &mut failures,
        );
        let fixed = mtlint(&["fix", "--lang", &lang, "--stdout", &input]);
        golden(
            &g.join(format!("{stem}.fixed.txt")),
            &fixed.stdout,
            &mut failures,
        );
        let fixed = mtlint(&["fix", "--lang", &lang, "--stdout", "--unsafe-fixes", &input]);
        golden(
            &g.join(format!("{stem}.unsafe-fixed.txt")),
            &fixed.stdout,
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn clean_fixtures_give_no_finding() {
    let dir = root().join("fixtures/clean");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("fixtures/clean")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "fixtures/clean/ must hold clean prose");
    for f in files
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
    {
        let name = f.file_name().and_then(|n| n.to_str()).expect("utf-8 name");
        let run = mtlint(&[
            "check",
            "--lang",
            &lang_of(name),
            f.to_str().expect("utf-8 path"),
        ]);
        assert_eq!(
            run.code,
            0,
            "{} must be clean:\n{}{}",
            f.display(),
            run.stdout,
            run.stderr
        );
        assert!(run.stdout.contains("No findings."), "{}", run.stdout);
    }
}

/// The seed article's findings, stated independently of the golden files: exactly these.
#[test]
fn seed_article_gives_exactly_the_expected_findings() {
    let run = mtlint(&[
        "check",
        "--format",
        "json",
        "fixtures/kursk-offensive.en.txt",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let text = common::seed();
    let got: Vec<(String, String, String, String)> = findings
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            let (s, e) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            let fix = &f["fix"];
            (
                f["rule"].as_str().unwrap().to_string(),
                text[s..e].to_string(),
                fix["replacement"].as_str().unwrap_or("").to_string(),
                fix["applicability"].as_str().unwrap_or("none").to_string(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    };
    let kyiv = s("lowercase-proper-noun", "kyiv", "Kyiv", "safe");
    let expected = vec![
        kyiv.clone(),
        s(
            "foreign-romanization",
            "Andriï Iermak",
            "Andriy Yermak",
            "safe",
        ),
        s("french-romanization", "Berdine", "Berdin", "unsafe"),
        kyiv.clone(),
        kyiv.clone(),
        s("stray-bullet", "-", "", "safe"),
        kyiv.clone(),
        kyiv,
        s("unit-squared", "km2", "km²", "safe"),
        s("unit-squared", "km2", "km²", "safe"),
        s("orphan-fragment", ". offensive.", " offensive.", "unsafe"),
        s("orphan-fragment", ". in power.", " in power.", "unsafe"),
    ];
    assert_eq!(got, expected);
    let orphan = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "orphan-fragment")
        .unwrap();
    assert_eq!(orphan["alternatives"], serde_json::json!(["."]));
}
