//! Adversarial rule files passed with `--rules` (issue 7): patterns that look catastrophic, huge
//! lists, empty and empty-matching patterns, a 10 MB word. Each either loads and runs, or is
//! rejected with one clear error line that names the file (exit 2). Never a panic, a hang or a
//! crash.
//!
//! There are no timing assertions. Instead the inputs are pathological: a linear engine gets
//! through each in well under a second (release) or a few seconds (debug), while anything
//! quadratic in the input or the list size would take minutes, which shows as a test that does
//! not finish. The quadratic paths found so far have each a test here that pins the fix.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use common::{mtlint_in, Run};

/// A rule file of one rule: `body` holds the kind-specific keys (TOML).
fn rule_file(id: &str, kind: &str, body: &str, fix: &str, example: &str) -> String {
    format!(
        r#"language = "en"
category = "adversarial"

[[rule]]
id = "{id}"
kind = "{kind}"
{body}
message = "found `{{found}}`"
severity = "warning"
fix = "{fix}"
examples = [{example}]
clean = ["nothing to see"]
"#
    )
}

/// A detection-only regex rule (`fix = "none"`) flagging `flagged` in `bad`.
fn regex_rule(id: &str, pattern: &str, bad: &str, flagged: &str) -> String {
    rule_file(
        id,
        "regex",
        &format!("pattern = {}", toml_literal(pattern)),
        "none",
        &format!(
            "{{ bad = {}, flagged = {} }}",
            toml_literal(bad),
            toml_literal(flagged)
        ),
    )
}

/// A TOML basic string with everything escaped that needs it.
fn toml_literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        Case {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        fs::write(&p, contents).expect("write");
        p
    }

    fn run(&self, args: &[&str]) -> Run {
        mtlint_in(self.dir.path(), args, None)
    }
}

/// Exit 2 and exactly one error line on stderr, naming `file`, containing `needle`.
fn assert_rejected(r: &Run, file: &Path, needle: &str) {
    let file = file.file_name().unwrap().to_string_lossy();
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().count(),
        1,
        "expected one error line:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.starts_with("mtlint: error: ") && r.stderr.contains(&*file),
        "the error must name {file}: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(needle),
        "expected `{needle}` in: {}",
        r.stderr
    );
}

/// Linted: exit 0 or 1, no error output.
fn assert_linted(r: &Run) {
    assert!(
        r.code == 0 || r.code == 1,
        "exit {}\nstderr: {}",
        r.code,
        r.stderr.chars().take(2000).collect::<String>()
    );
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
}

/// Patterns a backtracking engine takes exponential time on. Rust's regex crate has no
/// backtracking blow-up, so they load, and run over a 1 MB line of `a`s (and one of words) in
/// linear time.
#[test]
fn catastrophic_looking_regexes_load_and_run_linearly() {
    let c = Case::new();
    let patterns = [
        ("nested-plus", r"(a+)+$", "baa", "aa"),
        ("alternation", r"(a|aa)+$", "baa", "aa"),
        ("star-star", r"(a*)*b", "aab", "aab"),
        ("double-plus", r"(x+x+)+y", "xxy", "xxy"),
        ("words", r"(\w+\s?)+$", "ab", "ab"),
        ("dot-repeat", r"(.*a){12}", "aaaaaaaaaaaa", "aaaaaaaaaaaa"),
        (
            "email-like",
            r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",
            "a@b.com",
            "a@b.com",
        ),
    ];
    for (i, (id, pat, bad, flagged)) in patterns.iter().enumerate() {
        let file = c.write(
            &format!("r{i}.toml"),
            regex_rule(&format!("adv-{id}"), pat, bad, flagged),
        );
        let r = c.run(&[
            "rules",
            "--rules",
            file.to_str().unwrap(),
            &format!("adv-{id}"),
        ]);
        assert_eq!(r.code, 0, "{pat}: {}", r.stderr);
    }
    let mut line = "a".repeat(1 << 20);
    line.push('!');
    c.write("a.txt", &line);
    // Lines of words: every `b` matches `(a*)*b`, 180,000 findings. (On one line the same
    // findings hit the quadratic column computation: `many_findings_on_one_long_line`.)
    let words: String = "aaaa bbb aaaa bbb aaaa bbb\n".repeat(20_000);
    c.write("w.txt", &words);
    let r = c.run(&[
        "check",
        "--lang",
        "en",
        "--rules",
        ".",
        "--select",
        "adversarial",
        "--format",
        "json",
        "a.txt",
        "w.txt",
    ]);
    assert_linted(&r);
}

/// An empty pattern, and patterns that match the empty string, would flag every position:
/// rejected at load with one line naming the file.
#[test]
fn empty_and_empty_matching_patterns_are_rejected() {
    let c = Case::new();
    for (i, pat) in ["", "a*", "(?m)^", "x?", "(?:)", "|a", r"\s*$", r"\B"]
        .iter()
        .enumerate()
    {
        let f = c.write(
            &format!("e{i}.toml"),
            regex_rule("adv-empty", pat, "a", "a"),
        );
        let r = c.run(&["check", "--rules", f.to_str().unwrap(), "-"]);
        assert_rejected(&r, &f, "matches the empty string");
    }
}

/// Patterns that match the empty string only in context (`\b` needs a word next to it) pass
/// the load-time check, which only tries `is_match("")`. They load and then never flag anything
/// (empty matches are skipped), or flag only part of what they say (`a|\b`). The check could
/// use `regex_syntax`'s `hir.properties().minimum_len() == Some(0)` instead.
#[test]
fn patterns_that_match_empty_in_context_are_rejected() {
    let c = Case::new();
    for (i, pat) in [r"\b", r"\bx?", r"a|\b", r"(?m)\b$"].iter().enumerate() {
        let f = c.write(
            &format!("e{i}.toml"),
            regex_rule("adv-empty", pat, "a", "a"),
        );
        let r = c.run(&["check", "--rules", f.to_str().unwrap(), "-"]);
        assert_rejected(&r, &f, "matches the empty string");
    }
}

/// Regexes that compile to more than the 16 MB limit (counted repetitions of big Unicode
/// classes): rejected at load, one line each, in a fraction of a second.
#[test]
fn oversized_regexes_are_rejected_on_one_line() {
    let c = Case::new();
    for (i, pat) in [r"[\p{L}\p{N}]{5000}", r"\w{1000}{1000}", r"(\w{100}){100}"]
        .iter()
        .enumerate()
    {
        let f = c.write(&format!("b{i}.toml"), regex_rule("adv-big", pat, "a", "a"));
        let r = c.run(&["check", "--rules", f.to_str().unwrap(), "-"]);
        assert_rejected(&r, &f, "exceeds size limit");
    }
}

/// The regex crate's syntax errors are several lines (the pattern, a caret, the problem), and
/// every regex error repeats the whole pattern: a 10 MB literal gives a 10 MB error line (and
/// 1 GB of peak memory). The README promises one line per error.
#[test]
fn regex_errors_are_one_short_line() {
    let c = Case::new();
    let f = c.write("b.toml", regex_rule("adv-open", "(ab", "ab", "ab"));
    let r = c.run(&["check", "--rules", f.to_str().unwrap(), "-"]);
    assert_rejected(&r, &f, "unclosed group");
    let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
    let f = c.write("deep.toml", regex_rule("adv-deep", &deep, "a", "a"));
    let r = c.run(&["check", "--rules", f.to_str().unwrap(), "-"]);
    assert_rejected(&r, &f, "nest");
    assert!(r.stderr.len() < 4096, "a {}-byte error", r.stderr.len());
    let big = "Kharkov".repeat(10 * (1 << 20) / 7);
    let f = c.write("huge.toml", regex_rule("adv-huge-re", &big, "a", "a"));
    let r = c.run(&["check", "--rules", f.to_str().unwrap(), "-"]);
    assert_rejected(&r, &f, "size limit");
    assert!(r.stderr.len() < 4096, "a {}-byte error", r.stderr.len());
}

/// TOML nested 100,000 levels deep: the parser's recursion limit, not a stack overflow.
#[test]
fn deeply_nested_toml_is_rejected() {
    let c = Case::new();
    let f = c.write(
        "deep.toml",
        format!(
            "language = \"en\"\ncategory = \"x\"\nx = {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    let r = c.run(&["check", "--rules", f.to_str().unwrap(), "-"]);
    assert_rejected(&r, &f, "invalid rule file");
}

/// A rule file that is not UTF-8, and one that is binary.
#[test]
fn rule_files_that_are_not_text_are_rejected() {
    let c = Case::new();
    let latin1 = c.write(
        "latin1.toml",
        b"language = \"en\"\ncategory = \"caf\xe9\"\n",
    );
    let r = c.run(&["check", "--rules", latin1.to_str().unwrap(), "-"]);
    assert_rejected(&r, &latin1, "UTF-8");
    let bin = c.write("bin.toml", b"\x7fELF\x02\x01\x01\x00\x00\x00");
    let r = c.run(&["check", "--rules", bin.to_str().unwrap(), "-"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("bin.toml"), "{}", r.stderr);
}

/// A 100,000-entry substitution list (200,000 patterns with their ALL-CAPS forms), generated
/// here: it loads, finds its entries, and runs over a 1 MB text of entries.
#[test]
fn a_100k_entry_substitution_list_loads_and_runs() {
    let c = Case::new();
    let mut tsv = String::from("# generated\n");
    let word = |i: usize, first: char| {
        let mut s = String::from(first);
        let mut x = i;
        for _ in 0..6 {
            s.push((b'a' + (x % 26) as u8) as char);
            x /= 26;
        }
        s
    };
    for i in 0..100_000 {
        let _ = writeln!(tsv, "{}\t{}", word(i, 'Z'), word(i, 'R'));
    }
    c.write("big.tsv", &tsv);
    let f = c.write(
        "big.toml",
        rule_file(
            "adv-big-list",
            "substitution",
            "replace_file = \"big.tsv\"",
            "safe",
            &format!(
                "{{ bad = \"see {} here\", good = \"see {} here\" }}",
                word(4242, 'Z'),
                word(4242, 'R')
            ),
        ),
    );
    let verify = c.run(&[
        "rules",
        "--verify",
        "--select",
        "adversarial",
        "--rules",
        f.to_str().unwrap(),
    ]);
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    // Every entry once, space separated, on one 1 MB line; then the same in ALL CAPS.
    let mut text = String::new();
    for i in (0..100_000).step_by(7) {
        text.push_str(&word(i, 'Z'));
        text.push(' ');
    }
    let upper = text.to_uppercase();
    text.push('\n');
    text.push_str(&upper);
    c.write("t.txt", &text);
    let r = c.run(&[
        "check",
        "--lang",
        "en",
        "--rules",
        "big.toml",
        "--select",
        "adv-big-list",
        "--format",
        "json",
        "t.txt",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let findings: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(
        findings.as_array().map(Vec::len),
        Some(2 * 100_000usize.div_ceil(7))
    );
}

/// A 100,000-word casing list. `Casing::new` deduplicates with a linear search per word
/// (`lower.iter().position(..)`), so loading is quadratic: about 15 s in a release build,
/// minutes in debug, for a list this size (and 4x that for 200,000 words).
#[test]
fn a_100k_word_casing_list_loads() {
    let c = Case::new();
    let mut words = String::new();
    for i in 0..100_000usize {
        let mut s = String::from("Q");
        let mut x = i;
        for _ in 0..6 {
            s.push((b'a' + (x % 26) as u8) as char);
            x /= 26;
        }
        words.push_str(&s);
        words.push('\n');
    }
    c.write("words.txt", &words);
    let f = c.write(
        "casing.toml",
        rule_file(
            "adv-casing",
            "casing",
            "words_file = \"words.txt\"",
            "safe",
            "{ bad = \"in qaaaaaa\", good = \"in Qaaaaaa\" }",
        ),
    );
    let r = c.run(&[
        "rules",
        "--verify",
        "--select",
        "adversarial",
        "--rules",
        f.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// `unless` ranges are checked against every candidate with a linear scan
/// (`unless.iter().any(..)` in `Rule::check`), and every candidate's line is found with
/// `line_col`, which counts characters from the line start: O(candidates x unless matches) and
/// O(candidates x line length). 160,000 candidates with as many `unless` matches take about
/// 13 s in a release build (80,000: 2 s); a 10 MB file of them, hours.
#[test]
fn unless_is_linear_in_candidates() {
    let c = Case::new();
    let f = c.write(
        "unless.toml",
        rule_file(
            "adv-unless",
            "substitution",
            "replace = { \"Foo\" = \"Bar\" }\nunless = ['\\d']",
            "safe",
            "{ bad = \"a Foo x\", good = \"a Bar x\" }",
        ),
    );
    c.write("lines.txt", "Foo 1\n".repeat(200_000));
    c.write("one-line.txt", "Foo 1 ".repeat(200_000));
    let r = c.run(&[
        "check",
        "--lang",
        "en",
        "--rules",
        f.to_str().unwrap(),
        "--select",
        "adv-unless",
        "--format",
        "json",
        "lines.txt",
        "one-line.txt",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

/// Many findings on one long line: columns come from a character index, not from counting
/// the line from its start for every finding (that was O(findings x line length): 360,000
/// findings on a 1 MB line took 14.5 s to print as JSON), and human output takes only the
/// context it shows. Machine-translated text often has one paragraph per line, and the 50 MB
/// no-newline file of scripts/bench.sh hits the same path.
#[test]
fn many_findings_on_one_long_line() {
    let c = Case::new();
    let f = c.write("p.toml", regex_rule("adv-b", "b", "ab", "b"));
    c.write("w.txt", "aaaa bbb ".repeat(120_000));
    for format in ["json", "human"] {
        let r = c.run(&[
            "check",
            "--lang",
            "en",
            "--rules",
            f.to_str().unwrap(),
            "--select",
            "adversarial",
            "--format",
            format,
            "w.txt",
        ]);
        assert_eq!(r.code, 1, "{}", r.stderr);
    }
}

/// `orphan-fragment` counted the words before each match from the start of its line, which only
/// needs to know whether there are 3: O(matches x line length) on one long line (40,000
/// fragments on one 1 MB line took 32 s). It now counts backwards and stops at 3.
#[test]
fn orphan_fragments_on_one_long_line() {
    let c = Case::new();
    c.write("one-line.txt", "The war goes on. in power. ".repeat(40_000));
    let r = c.run(&["fix", "--lang", "en", "--diff", "one-line.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A small `unless` case that must keep working whatever the fix for the quadratic path: the
/// `unless` match cancels only the finding it overlaps.
#[test]
fn unless_cancels_only_overlapping_findings() {
    let c = Case::new();
    let f = c.write(
        "unless.toml",
        rule_file(
            "adv-unless",
            "substitution",
            "replace = { \"Foo\" = \"Bar\" }\nunless = ['Foo\\d']",
            "safe",
            "{ bad = \"a Foo x\", good = \"a Bar x\" }",
        ),
    );
    c.write("t.txt", "Foo1 Foo\nFoo Foo2\n".repeat(1000));
    let r = c.run(&[
        "fix",
        "--stdout",
        "--lang",
        "en",
        "--rules",
        f.to_str().unwrap(),
        "--select",
        "adv-unless",
        "t.txt",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "Foo1 Bar\nBar Foo2\n".repeat(1000));
}

/// A 10 MB word as input, with every built-in rule: one word made of rule triggers
/// (`Kharkov` glued to itself), and one made of a lowercased proper noun (`kyivkyiv...`:
/// 2.6 million overlapping automaton matches, none a whole word). Linted, nothing to fix.
#[test]
fn a_ten_megabyte_word_as_input() {
    let c = Case::new();
    c.write("word.txt", "Kharkov".repeat(10 * (1 << 20) / 7));
    c.write("kyiv.txt", "kyiv".repeat(10 * (1 << 20) / 4));
    let r = c.run(&[
        "check", "--lang", "en", "--format", "json", "word.txt", "kyiv.txt",
    ]);
    assert_linted(&r);
    assert_eq!(r.stdout.trim(), "[]");
    let r = c.run(&[
        "fix",
        "--lang",
        "en",
        "--unsafe-fixes",
        "--diff",
        "kyiv.txt",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A 10 MB regex literal in a rule file: over the compiled-size limit, so rejected (the length
/// of the message is `regex_errors_are_one_short_line`'s business).
#[test]
fn a_ten_megabyte_regex_is_rejected() {
    let c = Case::new();
    let big = "Kharkov".repeat(10 * (1 << 20) / 7);
    let f = c.write("huge.toml", regex_rule("adv-huge-re", &big, "a", "a"));
    let r = c.run(&["check", "--rules", f.to_str().unwrap(), "-"]);
    assert_eq!(
        r.code,
        2,
        "{}",
        r.stderr.chars().take(300).collect::<String>()
    );
    assert_eq!(r.stderr.lines().count(), 1);
    assert!(r.stderr.starts_with("mtlint: error: "));
    assert!(r.stderr.contains("huge.toml: rule `adv-huge-re`: "));
}

/// A long list entry made of a repeated word (1 MB of `Kharkov`), in a substitution list and a
/// casing list. Regression test: when the word lists were built with aho-corasick's default
/// (a DFA for small pattern sets), construction followed failure links as long as the periodic
/// pattern: quadratic in the entry's length (a 30 KB entry took 11.5 s to load, a 1 MB one more
/// than 9 minutes, all in `aho_corasick::dfa::Builder::build_from_noncontiguous`). The shared
/// word matcher now asks for a contiguous NFA, which builds in linear time.
#[test]
fn a_long_repetitive_list_entry_loads_or_is_rejected_fast() {
    let c = Case::new();
    let big = "Kharkov".repeat((1 << 20) / 7);
    for (name, kind, body, example) in [
        (
            "sub.toml",
            "substitution",
            format!("replace = {{ {} = \"x\" }}", toml_literal(&big)),
            "{ bad = \"a Kharkov\", good = \"a Kharkiv\" }",
        ),
        (
            "casing.toml",
            "casing",
            format!("words = [{}]", toml_literal(&big)),
            "{ bad = \"a kharkov\", good = \"a Kharkov\" }",
        ),
    ] {
        let f = c.write(name, rule_file("adv-huge", kind, &body, "safe", example));
        let r = c.run(&["check", "--lang", "en", "--rules", f.to_str().unwrap(), "-"]);
        assert!(
            r.code == 0 || (r.code == 2 && r.stderr.lines().count() == 1),
            "exit {}: {}",
            r.code,
            r.stderr.chars().take(500).collect::<String>()
        );
    }
}

/// Many rule files in a directory tree, each with a rule: they all load.
#[test]
fn a_thousand_rule_files_load() {
    let c = Case::new();
    for i in 0..1000 {
        let d = c.path(&format!("rules/{}", i % 10));
        fs::create_dir_all(&d).expect("mkdir");
        fs::write(
            d.join(format!("r{i}.toml")),
            rule_file(
                &format!("adv-many-{i}"),
                "substitution",
                &format!("replace = {{ \"Zzq{i}\" = \"Rrq{i}\" }}"),
                "safe",
                &format!("{{ bad = \"a Zzq{i}\", good = \"a Rrq{i}\" }}"),
            ),
        )
        .expect("write");
    }
    let r = c.run(&[
        "rules",
        "--verify",
        "--select",
        "adversarial",
        "--rules",
        "rules",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}
