//! Names: consistency inside a document, a team's house style (`[prefer]`), and where an entry
//! of the built-in lists comes from.

mod common;

use std::fs;

use common::{mtlint, mtlint_in, root};

fn json(args: &[&str], stdin: &str) -> Vec<serde_json::Value> {
    let r = mtlint_in(&root(), args, Some(stdin.as_bytes()));
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    serde_json::from_str::<serde_json::Value>(&r.stdout)
        .expect("json")
        .as_array()
        .expect("array")
        .clone()
}

#[test]
fn two_spellings_of_one_name_are_flagged() {
    let text =
        "President Zelensky spoke on Monday. Later, Zelenskyy's office said the talks went well.\n";
    let f = json(&["check", "--lang", "en", "--format", "json", "-"], text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["rule"], "inconsistent-spelling");
    assert_eq!(
        f[0]["fix"],
        serde_json::json!({"applicability": "unsafe", "replacement": "Zelensky"})
    );
    let one = json(
        &["check", "--lang", "en", "--format", "json", "-"],
        "Zelenskyy spoke. Zelenskyy left.\n",
    );
    assert!(
        one.is_empty(),
        "one spelling throughout is consistent: {one:?}"
    );
}

#[test]
fn a_house_style_file_overrides_the_preferred_form() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("house.toml"),
        "language = \"en\"\ncategory = \"house\"\n[prefer]\n\"Zelensky\" = \"Zelenskyy\"\n",
    )
    .unwrap();
    let rules = dir.path().to_string_lossy().into_owned();
    let text = "Selenskyj met Zelensky. Zelenskyy's aides and Zelenskiy's office.\n";
    let r = mtlint_in(
        &root(),
        &[
            "fix",
            "--rules",
            &rules,
            "--lang",
            "en",
            "--unsafe-fixes",
            "-",
        ],
        Some(text.as_bytes()),
    );
    assert_eq!(
        r.stdout, "Zelenskyy met Zelenskyy. Zelenskyy's aides and Zelenskyy's office.\n",
        "{}",
        r.stderr
    );
    let f = json(
        &[
            "check", "--rules", &rules, "--lang", "en", "--format", "json", "-",
        ],
        "Zelenskyy spoke.\n",
    );
    assert!(f.is_empty(), "the house form is never flagged: {f:?}");
    let list = mtlint(&["rules", "--rules", &rules]);
    assert!(list.stdout.contains("house-style-en"), "{}", list.stdout);
    let verify = mtlint(&["rules", "--verify", "--rules", &rules]);
    assert_eq!(verify.code, 0, "{}", verify.stdout);
}

#[test]
fn a_second_house_style_for_the_same_language_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for n in ["a", "b"] {
        fs::write(
            dir.path().join(format!("{n}.toml")),
            "language = \"en\"\ncategory = \"house\"\n[prefer]\n\"Kyiv\" = \"Kiev\"\n",
        )
        .unwrap();
    }
    let r = mtlint(&["rules", "--rules", &dir.path().to_string_lossy()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("b.toml: `[prefer]` for these languages is already set"),
        "{}",
        r.stderr
    );
}

#[test]
fn rules_entry_shows_where_a_list_entry_comes_from() {
    let r = mtlint(&["rules", "--entry", "Iermak"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .starts_with("foreign-romanization: builtin:en/data/foreign-romanization.tsv:"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Iermak → Yermak"), "{}", r.stdout);
    let none = mtlint(&["rules", "--entry", "Springfield"]);
    assert_eq!(none.stdout, "`Springfield` is in no rule's data file.\n");
}
