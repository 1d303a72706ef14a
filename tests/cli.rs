//! The real binary: exit codes, stdin, diffs that apply, atomic writes that keep CRLF, BOM and
//! permissions, and one clear error for each kind of bad input.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{mtlint, mtlint_in, root, seed};

fn tmp_with(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    fs::write(&path, bytes).expect("write");
    (dir, path)
}

#[test]
fn version_and_help() {
    let v = mtlint(&["--version"]);
    assert_eq!(v.code, 0);
    assert!(v.stdout.starts_with("mtlint "), "{}", v.stdout);
    for cmd in ["check", "fix", "rules"] {
        let h = mtlint(&[cmd, "--help"]);
        assert_eq!(h.code, 0, "{cmd}");
        assert!(h.stdout.contains("Usage: mtlint"), "{}", h.stdout);
    }
}

#[test]
fn check_exit_codes_and_human_output() {
    let r = mtlint(&["check", "fixtures/kursk-offensive.en.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("fixtures/kursk-offensive.en.txt:4:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("lowercase-proper-noun [*] `kyiv` is a proper noun: write `Kyiv`"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("^^^^"), "{}", r.stdout);
    assert!(r.stdout.contains("Found 12 findings (9 fixable with `mtlint fix`, 3 more with `mtlint fix --unsafe-fixes`)."), "{}", r.stdout);
    let (_d, clean) = tmp_with("clean.txt", b"Kyiv is the capital of Ukraine.\n");
    let r = mtlint(&["check", clean.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.trim()), (0, "No findings."));
}

#[test]
fn check_reads_stdin_with_dash_or_without_path() {
    for args in [&["check", "-"][..], &["check"][..]] {
        let r = mtlint_in(&root(), args, Some(b"talks in kyiv\n"));
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stdout.starts_with("-:1:10: lowercase-proper-noun"),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn json_schema() {
    let r = mtlint_in(
        &root(),
        &["check", "--format", "json", "-"],
        Some("Zoë in kyiv\n-Putin said".as_bytes()),
    );
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid json");
    let f = &v[0];
    assert_eq!(f["path"], "-");
    assert_eq!(f["rule"], "lowercase-proper-noun");
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(8))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(1), Some(12))
    );
    assert_eq!(
        (f["start"].as_u64(), f["end"].as_u64()),
        (Some(8), Some(12))
    );
    assert_eq!(
        f["fix"],
        serde_json::json!({"applicability": "safe", "replacement": "Kyiv"})
    );
    assert_eq!(f["alternatives"], serde_json::json!([]));
    assert!(f["message"].as_str().unwrap().contains("Kyiv"));
    assert_eq!(v[1]["rule"], "stray-bullet");
    let none = mtlint_in(
        &root(),
        &["check", "--format", "json"],
        Some(b"All clean.\n"),
    );
    assert_eq!((none.code, none.stdout.trim()), (0, "[]"));
}

#[test]
fn fix_in_place_equals_stdout_and_is_idempotent() {
    let (dir, path) = tmp_with("a.txt", seed().as_bytes());
    let p = path.to_str().unwrap();
    let stdout = mtlint(&["fix", "--stdout", p]);
    assert_eq!(stdout.code, 1, "unsafe findings remain: {}", stdout.stderr);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        seed(),
        "--stdout must not write"
    );
    let fixed = mtlint(&["fix", p]);
    assert_eq!(fixed.code, 1, "{}", fixed.stderr);
    assert!(
        fixed
            .stderr
            .contains("fixed 9 findings in 1 file; 3 remain"),
        "{}",
        fixed.stderr
    );
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(after, stdout.stdout);
    assert!(
        after.contains("Kyiv had already")
            && after.contains("Andriy Yermak")
            && after.contains("800 km²")
    );
    assert!(after.contains("\nPutin promises a response to match\n"));
    let again = mtlint(&["fix", "--diff", p]);
    assert_eq!(
        (again.code, again.stdout.as_str()),
        (0, ""),
        "a second fix changes nothing"
    );
    let unsafe_ = mtlint(&["fix", "--unsafe-fixes", p]);
    assert_eq!(unsafe_.code, 0, "{}", unsafe_.stderr);
    let all = fs::read_to_string(&path).unwrap();
    assert!(
        all.contains("town of Berdin,")
            && all.contains("conflict offensive.")
            && all.contains("Trump in power.")
    );
    assert_eq!(mtlint(&["check", p]).code, 0);
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let r = mtlint_in(&root(), &["fix"], Some(b"in kyiv on monday\n"));
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "in Kyiv on Monday\n"),
        "{}",
        r.stderr
    );
}

fn applies_with(tool: &[&str], dir: &Path, diff: &str) {
    let mut child = Command::new(tool[0])
        .args(&tool[1..])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("patch tool");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(diff.as_bytes())
        .unwrap();
    assert!(
        child.wait().unwrap().success(),
        "{tool:?} failed on:\n{diff}"
    );
}

#[test]
fn diff_applies_with_patch_and_git_apply() {
    for tool in [
        &["patch", "-p1", "--quiet"][..],
        &["git", "apply", "-p1", "-"][..],
    ] {
        for content in [
            seed(),
            seed().replace('\n', "\r\n"),
            format!("{}\n", seed()),
            format!("\u{feff}{}", seed()),
        ] {
            let dir = tempfile::tempdir().unwrap();
            fs::write(dir.path().join("seed.txt"), &content).unwrap();
            let diff = mtlint_in(dir.path(), &["fix", "--diff", "seed.txt"], None);
            assert_eq!(diff.code, 1, "{}", diff.stderr);
            assert!(
                diff.stdout
                    .starts_with("--- a/seed.txt\n+++ b/seed.txt\n@@"),
                "{}",
                diff.stdout
            );
            let expected = mtlint_in(dir.path(), &["fix", "--stdout", "seed.txt"], None).stdout;
            if tool[0] == "git" {
                Command::new("git")
                    .args(["init", "-q"])
                    .current_dir(dir.path())
                    .status()
                    .unwrap();
            }
            applies_with(tool, dir.path(), &diff.stdout);
            assert_eq!(
                fs::read_to_string(dir.path().join("seed.txt")).unwrap(),
                expected,
                "{tool:?}"
            );
        }
    }
}

#[test]
fn writes_keep_crlf_bom_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, path) = tmp_with("w.txt", b"\xEF\xBB\xBFin kyiv\r\n-Putin said\r\nkm2\r\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let r = mtlint(&["fix", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::read(&path).unwrap(),
        b"\xEF\xBB\xBFin Kyiv\r\nPutin said\r\nkm2\r\n"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let out = mtlint_in(
        &root(),
        &["fix", "--stdout", "-"],
        Some(b"\xEF\xBB\xBFin kyiv\r\n"),
    );
    assert_eq!(out.stdout.as_bytes(), b"\xEF\xBB\xBFin Kyiv\r\n");
}

#[test]
fn symlinks_are_followed_and_stay_links() {
    let (dir, target) = tmp_with("t.txt", b"in kyiv\n");
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_eq!(mtlint(&["fix", link.to_str().unwrap()]).code, 0);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap(), "in Kyiv\n");
}

/// One clear error line naming the input, exit 2, and no panic.
fn assert_error(r: &common::Run, needle: &str) {
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(needle),
        "expected `{needle}` in: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn bad_inputs_give_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("bin.dat"), b"\x7fELF\x02\x01\x00\x00").unwrap();
    fs::write(d.join("latin1.txt"), b"Gen\xe8ve\n").unwrap();
    fs::write(d.join("utf16.txt"), b"\xff\xfek\x00").unwrap();
    let p = |n: &str| d.join(n).to_string_lossy().into_owned();
    for cmd in ["check", "fix"] {
        let r = mtlint(&[cmd, &p("missing.txt")]);
        assert_error(&r, &format!("{}: no such file", p("missing.txt")));
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        // A directory is walked: its text files are read (and the bad ones reported).
        let walked = mtlint(&[cmd, &p("")]);
        assert_error(&walked, "latin1.txt: not valid UTF-8");
        assert!(
            !walked.stderr.contains("bin.dat"),
            "not a text extension: {}",
            walked.stderr
        );
        assert_error(&mtlint(&[cmd, &p("bin.dat")]), "bin.dat: binary file");
        assert_error(
            &mtlint(&[cmd, &p("latin1.txt")]),
            "latin1.txt: not valid UTF-8 (invalid byte 0xE8 at line 1, column 4)",
        );
        assert_error(
            &mtlint(&[cmd, &p("utf16.txt")]),
            "utf16.txt: UTF-16 text is not supported",
        );
    }
    assert_eq!(
        fs::read(d.join("latin1.txt")).unwrap(),
        b"Gen\xe8ve\n",
        "never written"
    );
    assert_error(
        &mtlint(&["check", "--bogus"]),
        "unexpected argument '--bogus'",
    );
    assert_error(
        &mtlint(&["check", "--format", "xml", "-"]),
        "invalid value 'xml'",
    );
    assert_error(
        &mtlint(&["check", "--select", "no-such-rule", "-"]),
        "unknown rule or category `no-such-rule`",
    );
    assert_error(
        &mtlint(&["check", "--lang", "english", "-"]),
        "--lang `english`",
    );
    assert_error(
        &mtlint(&["rules", "no-such-rule"]),
        "unknown rule `no-such-rule`",
    );
}

#[test]
fn an_error_in_one_file_does_not_stop_the_others() {
    let (_d, good) = tmp_with("g.txt", b"in kyiv\n");
    let r = mtlint(&["check", "/nonexistent/x.txt", good.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("lowercase-proper-noun"), "{}", r.stdout);
}

const RULE: &str = r#"
language = "en"
category = "house"
[[rule]]
id = "house-colour"
kind = "substitution"
replace = { "color" = "colour" }
message = "house style: `{replacement}`"
severity = "info"
fix = "safe"
examples = [{ bad = "a color", good = "a colour" }]
clean = ["a colour"]
"#;

#[test]
fn bad_rule_files_give_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let syntax = write(
        "syntax.toml",
        "language = \"en\"\ncategory = \"x\"\n[[rule]\n",
    );
    assert_error(
        &mtlint(&["--rules", &syntax, "check", "-"]),
        "syntax.toml: invalid rule file: line 3",
    );
    let regex = write(
        "regex.toml",
        &RULE.replace(
            "kind = \"substitution\"\nreplace = { \"color\" = \"colour\" }",
            "kind = \"regex\"\npattern = '(colo'\nreplacement = 'x'",
        ),
    );
    assert_error(
        &mtlint(&["--rules", &regex, "check", "-"]),
        "regex.toml: rule `house-colour`: invalid regex `(colo`",
    );
    let unknown = write(
        "unknown.toml",
        &RULE.replace("severity = \"info\"", "severity = \"info\"\nsevirity = 1"),
    );
    assert_error(
        &mtlint(&["--rules", &unknown, "check", "-"]),
        "unknown field `sevirity`",
    );
    let dup = write(
        "dup.toml",
        &RULE.replace("house-colour", "foreign-romanization"),
    );
    assert_error(
        &mtlint(&["--rules", &dup, "rules"]),
        "rule `foreign-romanization`: duplicate rule id",
    );
    assert_error(
        &mtlint(&["--rules", "/nonexistent/rules", "rules"]),
        "/nonexistent/rules: cannot read rules",
    );
}

#[test]
fn team_rules_select_ignore_and_rules_command() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("house.toml"), RULE).unwrap();
    let rules = dir.path().to_string_lossy().into_owned();
    let r = mtlint_in(
        &root(),
        &["check", "--rules", &rules, "-"],
        Some(b"a color in kyiv\n"),
    );
    assert!(
        r.stdout.contains("house-colour") && r.stdout.contains("lowercase-proper-noun"),
        "{}",
        r.stdout
    );
    let r = mtlint_in(
        &root(),
        &["check", "--rules", &rules, "--select", "house", "-"],
        Some(b"a color in kyiv\n"),
    );
    assert!(
        r.stdout.contains("house-colour") && !r.stdout.contains("lowercase-proper-noun"),
        "{}",
        r.stdout
    );
    let r = mtlint_in(
        &root(),
        &["check", "--ignore", "casing,stray-bullet", "-"],
        Some(b"in kyiv\n-Putin\n"),
    );
    assert_eq!((r.code, r.stdout.trim()), (0, "No findings."));
    let list = mtlint(&["rules", "--rules", &rules]);
    assert_eq!(list.code, 0);
    for id in [
        "house-colour",
        "lowercase-proper-noun",
        "foreign-romanization",
        "stray-bullet",
        "orphan-fragment",
        "unit-squared",
    ] {
        assert!(
            list.stdout.contains(id),
            "{id} missing from:\n{}",
            list.stdout
        );
    }
    let one = mtlint(&["rules", "orphan-fragment"]);
    assert!(
        one.stdout.contains("Why:")
            && one.stdout.contains("When the fix is wrong:")
            && one.stdout.contains("→"),
        "{}",
        one.stdout
    );
    let verify = mtlint(&["rules", "--verify", "--rules", &rules]);
    assert_eq!(verify.code, 0, "{}", verify.stdout);
    assert!(verify.stdout.contains(": 0 failures"), "{}", verify.stdout);
}

/// `check` of a file large enough for its rules to run on several threads gives the same
/// findings on one thread, on two, and with a `MTLINT_THREADS` that is not a number.
#[test]
fn large_documents_give_the_same_findings_on_any_number_of_threads() {
    let article = seed();
    let mut text = String::new();
    let mut i = 0;
    while text.len() < (1 << 20) + 4096 {
        // Vary the copies a little, so that findings are not all at the same offsets per copy.
        text.push_str(&format!("Report {i}: the kyiv office said so.\n\n"));
        text.push_str(&article);
        i += 1;
    }
    let (_dir, path) = tmp_with("big.txt", text.as_bytes());
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .args(["check", "--format", "json", "--lang", "en"])
            .arg(&path)
            .env("MTLINT_THREADS", threads)
            .output()
            .expect("run mtlint");
        assert_eq!(out.status.code(), Some(1), "threads={threads}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let one = run("1");
    assert!(
        one.matches("\"rule\"").count() > 7 * i,
        "{}",
        &one[..500.min(one.len())]
    );
    assert_eq!(run("2"), one);
    assert_eq!(run("many"), one);
}

#[test]
fn many_files_are_reported_in_input_order_on_any_number_of_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paragraph = seed()
        .split("\n\n")
        .find(|p| p.len() > 200)
        .expect("a paragraph")
        .to_string();
    // Files of very different sizes, so that the workers finish them out of order; more files
    // than the workers may run ahead of the report.
    let n = 40;
    for i in 0..n {
        let mut text = format!("File {i}: the kyiv office said so on monday.\n\n");
        for _ in 0..(i * 7) % 19 {
            text.push_str(&paragraph);
            text.push_str("\n\n");
        }
        fs::write(dir.path().join(format!("f{i:03}.txt")), text).expect("write");
    }
    let run = |threads: &str, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .args(["check", "--lang", "en"])
            .args(args)
            .current_dir(dir.path())
            .env("MTLINT_THREADS", threads)
            .output()
            .expect("run mtlint");
        assert_eq!(out.status.code(), Some(1), "threads={threads} {args:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    // The report over the directory is the reports of the files alone, in path order.
    let alone: String = (0..n)
        .map(|i| run("1", &["--format", "concise", &format!("f{i:03}.txt")]))
        .collect();
    assert_eq!(
        run("2", &["--format", "concise", "."]).replace("./", ""),
        alone
    );
    for format in ["concise", "human", "json", "sarif", "rdjson", "diff"] {
        let one = run("1", &["--format", format, "."]);
        assert_eq!(run("2", &["--format", format, "."]), one, "{format}");
        assert_eq!(run("3", &["--format", format, "."]), one, "{format}");
    }
}
