//! Language: `--lang`, auto-detection per document, `detect`, and rules gated by language.

mod common;

use common::{mtlint_in, root};

const FRENCH: &str = "Les négociations ont repris dimanche à Kyiv, selon le gouvernement ukrainien. Les deux délégations se sont rencontrées pendant trois heures.\n";
const ENGLISH: &str = "The talks resumed on Sunday in Kyiv, according to the Ukrainian government. Both delegations met for three hours.\n";

#[test]
fn detects_the_document_language_and_says_so_when_verbose() {
    let r = mtlint_in(&root(), &["-v", "check", "-"], Some(FRENCH.as_bytes()));
    assert!(
        r.stderr.contains("-: language fr (detected"),
        "{}",
        r.stderr
    );
    let r = mtlint_in(&root(), &["check", "--verbose", "-"], Some(b"kyiv\n"));
    assert!(r.stderr.contains("too little text"), "{}", r.stderr);
    assert!(
        r.stderr.contains("using the default language en"),
        "{}",
        r.stderr
    );
    assert_eq!(r.code, 1, "the default language's rules ran: {}", r.stdout);
}

#[test]
fn english_rules_do_not_run_on_french_text() {
    // `janvier` stays lowercase in French; an English-only rule would also flag `october`.
    let text = "Le sommet aura lieu le 20 janvier à Bruxelles, a déclaré le porte-parole du gouvernement. La réunion d'october est reportée.\n";
    let auto = mtlint_in(
        &root(),
        &["check", "--format", "json", "-"],
        Some(text.as_bytes()),
    );
    assert!(
        !auto.stdout.contains("lowercase-month-or-day"),
        "{}",
        auto.stdout
    );
    let forced = mtlint_in(
        &root(),
        &["check", "--lang", "en", "--format", "json", "-"],
        Some(text.as_bytes()),
    );
    assert!(
        forced.stdout.contains("lowercase-month-or-day"),
        "{}",
        forced.stdout
    );
}

#[test]
fn detect_reports_languages_and_foreign_sentences() {
    let text = format!(
        "{ENGLISH}{}Residents said дякуємо to the volunteers.\n",
        FRENCH
    );
    let r = mtlint_in(&root(), &["detect", "-"], Some(text.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("-: en (confidence"), "{}", r.stdout);
    assert!(r.stdout.contains("  2:1: fr ("), "{}", r.stdout);
    assert!(
        r.stdout.contains("  3:16: uk (1.00): дякуємо"),
        "{}",
        r.stdout
    );
    let j = mtlint_in(
        &root(),
        &["detect", "--format", "json", "-"],
        Some(FRENCH.as_bytes()),
    );
    let v: serde_json::Value = serde_json::from_str(&j.stdout).expect("json");
    assert_eq!(v[0]["language"], "fr");
    assert_eq!(v[0]["foreign"], serde_json::json!([]));
    let forced = mtlint_in(
        &root(),
        &["detect", "--lang", "de", "-"],
        Some(FRENCH.as_bytes()),
    );
    assert!(
        forced.stdout.starts_with("-: de (given with --lang)"),
        "{}",
        forced.stdout
    );
}

#[test]
fn detect_walks_directories_as_check_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("news")).expect("mkdir");
    std::fs::write(dir.path().join("news/b.txt"), ENGLISH).expect("write");
    std::fs::write(dir.path().join("news/a.md"), FRENCH).expect("write");
    std::fs::write(dir.path().join("news/image.png"), [0x89, b'P', b'N', b'G']).expect("write");
    let r = mtlint_in(dir.path(), &["detect", "news"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let langs: Vec<&str> = r
        .stdout
        .lines()
        .map(|l| &l[..l.find(" (").unwrap_or(l.len())])
        .collect();
    assert_eq!(langs, ["news/a.md: fr", "news/b.txt: en"], "{}", r.stdout);
}

#[test]
fn untranslated_text_is_flagged_not_fixed() {
    let text = format!("{ENGLISH}The mayor thanked everyone. Le gouvernement a annoncé une nouvelle aide pour les réfugiés.\n");
    let r = mtlint_in(
        &root(),
        &["check", "--format", "json", "-"],
        Some(text.as_bytes()),
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let f = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "untranslated-text")
        .expect("flagged");
    assert_eq!(
        f["message"],
        "text left in French: `Le gouvernement a annoncé une nouvelle aide pour les réfugiés.`"
    );
    assert_eq!(f["fix"], serde_json::Value::Null);
}
