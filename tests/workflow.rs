//! Linting content repositories: configuration files, inline suppressions, baselines, exit-code
//! policy, output files, and directories.

mod common;

use std::fs;
use std::path::Path;

use common::mtlint_in;

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(p, text).unwrap();
}

/// The `(path, rule)` of each finding of a `--format json` report, paths with `/`.
fn path_rule_pairs(json: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    v.as_array()
        .expect("an array of findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().replace('\\', "/"),
                f["rule"].as_str().unwrap_or_default().into(),
            )
        })
        .collect()
}

const DAMAGED: &str = "Talks resumed in kyiv on Sunday.\n-Putin promises a response\n";

#[test]
fn configuration_is_found_upwards_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "mtlint.toml", "ignore = [\"stray-bullet\"]\nlang = \"en\"\nallow = [\"Iermak\"]\n[severity]\nlowercase-proper-noun = \"error\"\n");
    write(
        d,
        "news/a.txt",
        &format!("{DAMAGED}Andriï Iermak said so.\n"),
    );
    let r = mtlint_in(d, &["check", "--format", "json", "news/a.txt"], None);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let rules: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        vec!["lowercase-proper-noun", "foreign-romanization"],
        "{}",
        r.stdout
    );
    assert_eq!(v[0]["severity"], "error");
    // `Andriï Iermak` is flagged as a whole; `allow` lists exact flagged texts.
    let r = mtlint_in(
        d,
        &["check", "--no-config", "--format", "json", "news/a.txt"],
        None,
    );
    assert!(
        r.stdout.contains("stray-bullet"),
        "--no-config ignores the file"
    );
    let shown = mtlint_in(d, &["config", "news/a.txt"], None);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(shown.stdout.contains("mtlint.toml"), "{}", shown.stdout);
    assert!(
        shown.stdout.contains("ignore = [\"stray-bullet\"]"),
        "{}",
        shown.stdout
    );
}

#[test]
fn pyproject_and_bad_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "pyproject.toml",
        "[project]\nname = \"x\"\n[tool.mtlint]\nselect = [\"casing\"]\n",
    );
    write(d, "a.txt", DAMAGED);
    let r = mtlint_in(
        d,
        &["check", "--lang", "en", "--format", "json", "a.txt"],
        None,
    );
    assert!(
        r.stdout.contains("lowercase-proper-noun") && !r.stdout.contains("stray-bullet"),
        "{}",
        r.stdout
    );
    write(d, "pyproject.toml", "[tool.mtlint]\nselct = [\"casing\"]\n");
    let r = mtlint_in(d, &["check", "a.txt"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("pyproject.toml: [tool.mtlint]: unknown field `selct`"),
        "{}",
        r.stderr
    );
}

#[test]
fn per_file_ignores() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "mtlint.toml",
        "[per-file-ignores]\n\"legacy/*.txt\" = [\"casing\"]\n",
    );
    write(d, "legacy/old.txt", DAMAGED);
    write(d, "new.txt", DAMAGED);
    let r = mtlint_in(
        d,
        &[
            "check",
            "--lang",
            "en",
            "--format",
            "json",
            "legacy/old.txt",
            "new.txt",
        ],
        None,
    );
    assert_eq!(
        path_rule_pairs(&r.stdout),
        vec![
            ("legacy/old.txt".into(), "stray-bullet".into()),
            ("new.txt".into(), "lowercase-proper-noun".into()),
            ("new.txt".into(), "stray-bullet".into()),
        ]
    );
}

#[test]
fn inline_suppressions_and_unused_ones() {
    let text = "<!-- mtlint-disable-next-line lowercase-proper-noun -->\nin kyiv\n<!-- mtlint-disable casing -->\nin kyiv\n<!-- mtlint-enable -->\n<!-- mtlint-disable-next-line names -->\nin kyiv\n";
    let r = mtlint_in(
        Path::new("."),
        &["check", "--lang", "en", "--format", "json", "-"],
        Some(text.as_bytes()),
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let got: Vec<(u64, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![(6, "unused-suppression"), (7, "lowercase-proper-noun")]
    );
}

#[test]
fn baseline_silences_recorded_findings_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", DAMAGED);
    let w = mtlint_in(
        d,
        &[
            "check",
            "--lang",
            "en",
            "--write-baseline",
            "base.json",
            "a.txt",
        ],
        None,
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(
        w.stderr.contains("recorded 2 findings in base.json"),
        "{}",
        w.stderr
    );
    let r = mtlint_in(
        d,
        &["check", "--lang", "en", "--baseline", "base.json", "a.txt"],
        None,
    );
    assert_eq!((r.code, r.stdout.trim()), (0, "No findings."));
    // Edits elsewhere keep the baseline valid; a new finding is reported.
    write(
        d,
        "a.txt",
        &format!("A new first line.\n{DAMAGED}More news from kharkiv.\n"),
    );
    let r = mtlint_in(
        d,
        &[
            "check",
            "--lang",
            "en",
            "--baseline",
            "base.json",
            "--format",
            "json",
            "a.txt",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v.as_array().unwrap().len(), 1, "{}", r.stdout);
    assert_eq!(v[0]["line"], 4);
    fs::write(d.join("bad.json"), "{}").unwrap();
    let r = mtlint_in(d, &["check", "--baseline", "bad.json", "a.txt"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("bad.json: invalid baseline"),
        "{}",
        r.stderr
    );
}

#[test]
fn exit_code_policy_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", "We met on monday.\n");
    let run = |args: &[&str]| mtlint_in(d, args, None);
    assert_eq!(run(&["check", "--lang", "en", "a.txt"]).code, 1);
    assert_eq!(
        run(&["check", "--lang", "en", "--fail-on", "error", "a.txt"]).code,
        0
    );
    assert_eq!(
        run(&["check", "--lang", "en", "--fail-on", "warning", "a.txt"]).code,
        1
    );
    assert_eq!(
        run(&["check", "--lang", "en", "--exit-zero", "a.txt"]).code,
        0
    );
    let r = run(&[
        "check",
        "--lang",
        "en",
        "--format",
        "json",
        "--output-file",
        "out.json",
        "a.txt",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join("out.json")).unwrap()).unwrap();
    assert_eq!(v[0]["rule"], "lowercase-month-or-day");
    let q = run(&["check", "--lang", "en", "--quiet", "a.txt"]);
    assert!(!q.stdout.contains("Found 1 finding"), "{}", q.stdout);
}

#[test]
fn directories_are_walked_in_a_stable_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "b/two.txt", "in kyiv\n");
    write(d, "a/one.md", "in kyiv\n");
    write(d, "a/skip.bin", "in kyiv\n");
    let r = mtlint_in(d, &["check", "--lang", "en", "--format", "json", "."], None);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2, "{}", r.stdout);
    assert!(
        paths[0].ends_with("a/one.md") && paths[1].ends_with("b/two.txt"),
        "{paths:?}"
    );
}

#[test]
fn completions_and_man_page() {
    let r = mtlint_in(Path::new("."), &["completions", "bash"], None);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("_mtlint()"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    let m = mtlint_in(Path::new("."), &["man"], None);
    assert!(
        m.stdout.starts_with(".ie") || m.stdout.contains(".TH mtlint"),
        "{}",
        &m.stdout[..200.min(m.stdout.len())]
    );
}

#[test]
fn json_lines_batches_stream_findings_and_fixed_texts() {
    let input = "{\"id\": 1, \"text\": \"Talks in kyiv on monday.\"}\n\n{\"id\": \"b\", \"text\": \"All clean here.\"}\n";
    let r = mtlint_in(
        Path::new("."),
        &["check", "--input-format", "jsonl", "--lang", "en", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(r.stdout.starts_with("{\"id\":1,"), "id first: {}", r.stdout);
    assert_eq!(lines[0]["findings"].as_array().unwrap().len(), 2);
    assert_eq!(lines[1], serde_json::json!({"id": "b", "findings": []}));
    let f = mtlint_in(
        Path::new("."),
        &[
            "fix",
            "--input-format",
            "jsonl",
            "--lang",
            "en",
            "--jsonl-id",
            "key",
            "--jsonl-text",
            "body",
            "-",
        ],
        Some(b"{\"key\": 7, \"body\": \"in kyiv\"}\n"),
    );
    assert_eq!(
        f.stdout, "{\"id\":7,\"text\":\"in Kyiv\",\"fixed\":1,\"remaining\":0}\n",
        "{}",
        f.stderr
    );
    let bad = mtlint_in(
        Path::new("."),
        &["check", "--input-format", "jsonl", "-"],
        Some(b"{\"id\": 1}\n"),
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("line 1"), "{}", bad.stderr);
}

#[test]
fn formats_through_the_binary_fix_only_visible_text() {
    let root = common::root();
    for ext in ["md", "srt", "vtt", "po"] {
        let input = format!("fixtures/formats/kursk.en.{ext}");
        let expected = fs::read_to_string(
            root.join(format!("fixtures/formats/expected/kursk.en.fixed.{ext}")),
        )
        .unwrap();
        let r = mtlint_in(&root, &["fix", "--lang", "en", "--stdout", &input], None);
        assert_eq!(r.stdout, expected, "{input}: {}", r.stderr);
        // Reported columns are columns of the file itself, not of the masked view.
        let c = mtlint_in(
            &root,
            &["check", "--lang", "en", "--format", "json", &input],
            None,
        );
        let text = fs::read_to_string(root.join(&input)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&c.stdout).expect("json");
        for f in v.as_array().unwrap() {
            let start = f["start"].as_u64().unwrap() as usize;
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let col = text[line_start..start].chars().count() + 1;
            assert_eq!(f["column"].as_u64().unwrap() as usize, col, "{input}: {f}");
        }
    }
}

#[test]
fn each_directory_finds_its_own_configuration() {
    // Files of one directory share their configuration lookup; files of another directory
    // (its own mtlint.toml, or none but its parent's) must not get theirs.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "mtlint.toml", "ignore = [\"casing\"]\n");
    write(d, "strict/mtlint.toml", "ignore = [\"stray-bullet\"]\n");
    for f in [
        "a.txt",
        "b.txt",
        "strict/a.txt",
        "strict/b.txt",
        "plain/a.txt",
    ] {
        write(d, f, DAMAGED);
    }
    let r = mtlint_in(d, &["check", "--lang", "en", "--format", "json", "."], None);
    let mut got = path_rule_pairs(&r.stdout);
    got.sort();
    let want: Vec<(String, String)> = [
        ("a.txt", "stray-bullet"),
        ("b.txt", "stray-bullet"),
        ("plain/a.txt", "stray-bullet"),
        ("strict/a.txt", "lowercase-proper-noun"),
        ("strict/b.txt", "lowercase-proper-noun"),
    ]
    .iter()
    .map(|(p, r)| (p.to_string(), r.to_string()))
    .collect();
    assert_eq!(got, want);
}
