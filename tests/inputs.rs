//! Inputs, through the library: walking directories (`input::expand`), formats
//! (`input::format_for`, `input::lintable`, `input::drop_masked`) and JSON Lines batches
//! (`input::jsonl`).
//!
//! The files in `fixtures/formats/` hold artifacts in prose and the same words as bait where
//! they must not be linted (code, URLs, timings, `msgid`s...). Their expected masked views,
//! findings and fixed texts are in `fixtures/formats/expected/`; run with `MTLINT_BLESS=1` to
//! rewrite them, then review the change as a plain diff.

use std::fs;
use std::path::{Path, PathBuf};

use mtlint::cli::InputFormat;
use mtlint::fix::fix_until_stable;
use mtlint::input::{self, jsonl};
use mtlint::{Applicability, Document, Finding, RuleSet};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rules() -> &'static RuleSet {
    static SET: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| mtlint::load(&[]).expect("built-in rules load"))
}

/// Lint `text` as `format`, the way `check` does: rules see the masked view, and findings that
/// touch masked bytes are dropped.
fn lint(format: InputFormat, text: &str) -> Vec<Finding> {
    let masked = input::lintable(format, text);
    let mut findings = rules().check(&Document::new(&masked, "en"));
    input::drop_masked(text, &masked, &mut findings);
    findings
}

fn fixed(format: InputFormat, text: &str) -> String {
    fix_until_stable(text, Applicability::Safe, |t| lint(format, t))
        .expect("fixes converge")
        .text
}

fn golden(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("MTLINT_BLESS").is_some() {
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

/// Occurrences of `word` in `text` at bytes that `masked` hides.
fn masked_count(text: &str, masked: &str, word: &str) -> usize {
    text.match_indices(word)
        .filter(|(i, _)| masked.as_bytes()[*i] == b' ')
        .count()
}

/// `line:col rule `flagged``, one finding per line, in document order.
fn findings_listing(text: &str, findings: &[Finding]) -> String {
    let doc = Document::new(text, "en");
    let mut fs: Vec<&Finding> = findings.iter().collect();
    fs.sort_by_key(|f| (f.range.start, f.range.end, f.rule.clone()));
    let mut out = String::new();
    for f in fs {
        let (l, c) = doc.line_col(f.range.start);
        let fix = match &f.fix {
            Some(x) => format!(" -> `{}` ({})", x.replacement, x.applicability.as_str()),
            None => String::new(),
        };
        out.push_str(&format!(
            "{l}:{c} {} `{}`{fix}\n",
            f.rule,
            &text[f.range.clone()]
        ));
    }
    out
}

#[test]
fn format_fixtures_match_their_goldens() {
    let dir = root().join("fixtures/formats");
    let mut failures = Vec::new();
    let mut seen = 0;
    for name in ["kursk.en.md", "kursk.en.srt", "kursk.en.vtt", "kursk.en.po"] {
        let path = dir.join(name);
        let text = fs::read_to_string(&path).expect("fixture");
        let format = input::format_for(Some(&path), None);
        assert_ne!(format, InputFormat::Text, "{name}");
        let masked = input::lintable(format, &text);
        assert_eq!(masked.len(), text.len(), "{name}");
        let findings = lint(format, &text);
        let out = fixed(format, &text);
        let (stem, ext) = name.rsplit_once('.').expect("extension");
        let expected = dir.join("expected");
        golden(
            &expected.join(format!("{name}.lintable")),
            &masked,
            &mut failures,
        );
        golden(
            &expected.join(format!("{name}.findings")),
            &findings_listing(&text, &findings),
            &mut failures,
        );
        golden(
            &expected.join(format!("{stem}.fixed.{ext}")),
            &out,
            &mut failures,
        );
        // Fixes changed only visible text: every bait word in a masked part is still there,
        // and no `kyiv` is left where rules can see it.
        let masked_after = input::lintable(format, &out);
        for word in ["kyiv", "km2", "Kharkov", "Koursk"] {
            assert_eq!(
                out.matches(word).count(),
                masked_count(&text, &masked, word) + masked_after.matches(word).count(),
                "{name}: `{word}` in a masked part was changed"
            );
        }
        if format != InputFormat::Srt {
            assert!(masked_count(&text, &masked, "kyiv") > 0, "{name} has bait");
        }
        assert!(
            !masked_after.contains("kyiv"),
            "{name}: a visible kyiv is left"
        );
        assert!(!findings.is_empty(), "{name} has findings");
        // A second fix changes nothing.
        assert_eq!(fixed(format, &out), out, "{name}: fix is not idempotent");
        seen += 1;
    }
    assert_eq!(seen, 4);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn markdown_fixture_keeps_the_syntax_and_sees_the_prose() {
    let text = fs::read_to_string(root().join("fixtures/formats/kursk.en.md")).unwrap();
    let findings = lint(InputFormat::Markdown, &text);
    let flagged: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), &text[f.range.clone()]))
        .collect();
    // The glued bullet of a paragraph line is seen; list dashes are not.
    assert!(flagged.contains(&("stray-bullet", "-")), "{flagged:?}");
    assert_eq!(
        flagged.iter().filter(|(r, _)| *r == "stray-bullet").count(),
        1,
        "{flagged:?}"
    );
    assert!(flagged.contains(&("unit-squared", "km2")), "{flagged:?}");
    // Link text is seen, its target is not.
    let link_text = text.find("[kyiv](").unwrap() + 1;
    assert!(findings.iter().any(|f| f.range.start == link_text));
    let out = fixed(InputFormat::Markdown, &text);
    assert!(out.contains("[Kyiv](https://kyiv.example/kyiv)"));
    assert!(out.contains("```json\n{\"city\": \"kyiv\", \"note\": \"-Putin\""));
    assert!(out.contains("\nPutin promises a response to match\n"));
    assert!(out.contains("\n- Ukraine still controls around 800 km² near the border.\n"));
    assert!(out.starts_with("---\ntitle: \"kyiv launches"));
}

#[test]
fn jsonl_fixture_check_and_fix() {
    let dir = root().join("fixtures/formats");
    let input = fs::read(dir.join("kursk.en.jsonl")).unwrap();
    let mut failures = Vec::new();

    let mut out = Vec::new();
    let n = jsonl::for_each_document(&input[..], &mut out, "id", "text", |id, text| {
        let findings = lint(InputFormat::Text, text);
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        Ok(json!({ "id": id, "findings": rules }))
    })
    .unwrap();
    assert_eq!(n, 4);
    let check = String::from_utf8(out).unwrap();
    golden(
        &dir.join("expected/kursk.en.check.jsonl"),
        &check,
        &mut failures,
    );

    let mut out = Vec::new();
    jsonl::for_each_document(&input[..], &mut out, "id", "text", |id, text| {
        Ok(json!({ "id": id, "text": fixed(InputFormat::Text, text) }))
    })
    .unwrap();
    let fixed_lines = String::from_utf8(out).unwrap();
    golden(
        &dir.join("expected/kursk.en.fixed.jsonl"),
        &fixed_lines,
        &mut failures,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let ids: Vec<Value> = fixed_lines
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
        .collect();
    // A missing id is the line number (line 4: the blank line 2 counts).
    assert_eq!(ids, vec![json!("a1"), json!(2), json!(4), Value::Null]);
    assert!(fixed_lines.contains("Talks resumed in Kyiv on Monday."));
}

#[test]
fn jsonl_errors_name_the_input_line() {
    let mut out = Vec::new();
    let e = jsonl::for_each_document(
        &b"{\"text\":\"a\"}\n\n{\"id\":3}\n"[..],
        &mut out,
        "id",
        "text",
        |id, _| Ok(id.clone()),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "jsonl line 3: no string field \"text\"");
    assert_eq!(out, b"1\n");
}

#[test]
fn format_for_extensions() {
    let f = |p: &str| input::format_for(Some(Path::new(p)), None);
    assert_eq!(f("news/a.md"), InputFormat::Markdown);
    assert_eq!(f("a.markdown"), InputFormat::Markdown);
    assert_eq!(f("a.srt"), InputFormat::Srt);
    assert_eq!(f("a.vtt"), InputFormat::Vtt);
    assert_eq!(f("a.po"), InputFormat::Po);
    assert_eq!(f("a.pot"), InputFormat::Po);
    assert_eq!(f("a.jsonl"), InputFormat::Jsonl);
    assert_eq!(f("a.txt"), InputFormat::Text);
    assert_eq!(f("a.html"), InputFormat::Text);
    assert_eq!(
        input::format_for(Some(Path::new("a.txt")), Some(InputFormat::Markdown)),
        InputFormat::Markdown
    );
}

#[test]
fn lintable_samples_for_every_format() {
    let sp = |n: usize| " ".repeat(n);
    let md = "# kyiv\n\nSee [kyiv](https://kyiv.example/kyiv) and `kyiv`.\n";
    assert_eq!(
        input::lintable(InputFormat::Markdown, md),
        format!("  kyiv\n\nSee  kyiv{} and {}.\n", sp(28), sp(6))
    );
    let srt = "1\n00:00:01,000 --> 00:00:04,000\nkyiv\n";
    assert_eq!(
        input::lintable(InputFormat::Srt, srt),
        format!(" \n{}\nkyiv\n", sp(29))
    );
    let vtt = "WEBVTT\n\nNOTE kyiv\n\n00:01.000 --> 00:02.000\n<i>kyiv</i>\n";
    assert_eq!(
        input::lintable(InputFormat::Vtt, vtt),
        format!(
            "{}\n\n{}\n\n{}\n{}kyiv{}\n",
            sp(6),
            sp(9),
            sp(23),
            sp(3),
            sp(4)
        )
    );
    let po = "msgid \"kyiv\"\nmsgstr \"kyiv\\n\"\n";
    assert_eq!(
        input::lintable(InputFormat::Po, po),
        format!("{}\n{}kyiv{}\n", sp(12), sp(8), sp(3))
    );
    let text = "`kyiv` <b>";
    assert_eq!(input::lintable(InputFormat::Text, text), text);
}

#[test]
fn findings_in_masked_bytes_are_dropped() {
    // `space-before-question-exclamation` would see the spaces that stand for `](…)`.
    let md = "Is this [really](https://example.org) ?\n";
    let masked = input::lintable(InputFormat::Markdown, md);
    let raw = rules().check(&Document::new(&masked, "en"));
    assert!(
        raw.iter()
            .any(|f| f.rule == "space-before-question-exclamation"
                && input::touches_mask(md, &masked, f.range.clone())),
        "{raw:?}"
    );
    let mut kept = raw.clone();
    input::drop_masked(md, &masked, &mut kept);
    assert!(kept.is_empty(), "{kept:?}");
    // Without the guard the fix would have deleted `](https://example.org)`.
    assert_eq!(fixed(InputFormat::Markdown, md), md);
}

// ---- walking directories ----

fn touch(root: &Path, rel: &str, content: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, content).unwrap();
}

/// A tree with every kind of file `expand` must take or skip.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    for f in [
        "a.md",
        "b.txt",
        "c.srt",
        "d.vtt",
        "e.po",
        "f.pot",
        "g.jsonl",
        "h.rs",
        "README",
        "UPPER.MD",
        "notes.text",
        "long.markdown",
        ".hidden.md",
        ".hiddendir/x.md",
        "ignored.md",
        "build/out.md",
        "skip.txt",
        "sub/k.md",
        "sub/s.srt",
        "sub/deep/z.txt",
        "drafts/d.md",
        "drafts/keep.txt",
    ] {
        touch(r, f, "kyiv\n");
    }
    touch(r, ".gitignore", "ignored.md\nbuild/\n");
    touch(r, ".ignore", "skip.txt\n");
    touch(r, "sub/.gitignore", "*.srt\n");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(r.join("a.md"), r.join("link.md")).unwrap();
        std::os::unix::fs::symlink(r.join("sub"), r.join("linkdir")).unwrap();
    }
    dir
}

/// `expand` of `paths` (relative to `root`), as paths relative to `root`.
fn expand_in(root: &Path, paths: &[&str], include: &[&str], exclude: &[&str]) -> Vec<String> {
    let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    input::expand(&paths, &s(include), &s(exclude))
        .unwrap()
        .into_iter()
        .map(|p| {
            p.strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn walk_takes_text_files_and_honours_ignore_files() {
    let dir = tree();
    let got = expand_in(dir.path(), &["."], &[], &[]);
    assert_eq!(
        got,
        vec![
            "UPPER.MD",
            "a.md",
            "b.txt",
            "c.srt",
            "d.vtt",
            "drafts/d.md",
            "drafts/keep.txt",
            "e.po",
            "long.markdown",
            "notes.text",
            "sub/deep/z.txt",
            "sub/k.md",
        ]
    );
}

#[test]
fn walk_include_and_exclude() {
    let dir = tree();
    let r = dir.path();
    let got = expand_in(r, &[""], &["*.jsonl", "*.rs", "sub/**/*.srt"], &[]);
    assert!(got.contains(&"g.jsonl".to_string()), "{got:?}");
    assert!(got.contains(&"h.rs".to_string()), "{got:?}");
    // An include glob does not override .gitignore.
    assert!(!got.contains(&"sub/s.srt".to_string()), "{got:?}");
    assert!(!got.contains(&"f.pot".to_string()), "{got:?}");

    let got = expand_in(
        r,
        &[""],
        &[],
        &["drafts", "*.srt", "sub/deep/**", "UPPER.*"],
    );
    assert_eq!(
        got,
        vec![
            "a.md",
            "b.txt",
            "d.vtt",
            "e.po",
            "long.markdown",
            "notes.text",
            "sub/k.md"
        ]
    );
    // `*` does not cross `/`: `sub/*.txt` does not reach `sub/deep/z.txt`.
    let got = expand_in(r, &["sub"], &[], &["sub/*.txt"]);
    assert_eq!(got, vec!["sub/deep/z.txt", "sub/k.md"]);
    // Relative to the walked directory too.
    let got = expand_in(r, &["sub"], &[], &["deep/**"]);
    assert_eq!(got, vec!["sub/k.md"]);
}

#[test]
fn explicit_files_are_taken_unless_excluded() {
    let dir = tree();
    let r = dir.path();
    let got = expand_in(
        r,
        &[
            "h.rs",
            "ignored.md",
            ".hidden.md",
            "build/out.md",
            "a.md",
            "a.md",
        ],
        &[],
        &[],
    );
    assert_eq!(
        got,
        vec![".hidden.md", "a.md", "build/out.md", "h.rs", "ignored.md"]
    );
    let got = expand_in(r, &["h.rs", "drafts"], &[], &["*.rs", "drafts"]);
    assert!(got.is_empty(), "{got:?}");
    let got = expand_in(r, &["drafts/d.md"], &[], &["**/drafts/**"]);
    assert!(got.is_empty(), "{got:?}");
    // A hidden directory given explicitly is walked.
    assert_eq!(
        expand_in(r, &[".hiddendir"], &[], &[]),
        vec![".hiddendir/x.md"]
    );
    // A path ending in `..` (or `.`) has no name: a glob meant for hidden files skips hidden
    // files in it, not the directory itself.
    let got = expand_in(r, &["sub/.."], &[], &[".*"]);
    assert!(got.contains(&"sub/../a.md".to_string()), "{got:?}");
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_when_walking() {
    let dir = tree();
    let r = dir.path();
    let got = expand_in(r, &[""], &[], &[]);
    assert!(!got.iter().any(|p| p.starts_with("link")), "{got:?}");
    // Given explicitly, a link is taken (a link to a directory is walked).
    assert_eq!(expand_in(r, &["link.md"], &[], &[]), vec!["link.md"]);
    assert_eq!(
        expand_in(r, &["linkdir"], &[], &[]),
        vec!["linkdir/deep/z.txt", "linkdir/k.md"]
    );
}

#[test]
fn dot_paths_are_deduplicated_and_stdin_passes() {
    let dir = tree();
    let r = dir.path();
    let paths = vec![
        r.join("."),
        r.join("a.md"),
        PathBuf::from("-"),
        r.join("sub/./k.md"),
    ];
    let got = input::expand(&paths, &[], &[]).unwrap();
    assert_eq!(got.iter().filter(|p| p.ends_with("a.md")).count(), 1);
    assert_eq!(got.iter().filter(|p| p.ends_with("k.md")).count(), 1);
    assert!(got.contains(&PathBuf::from("-")));
    assert_eq!(got.len(), 13, "{got:?}");
    let files: Vec<&PathBuf> = got.iter().filter(|p| p.as_os_str() != "-").collect();
    assert!(files.is_sorted(), "{files:?}");
}

#[test]
fn missing_paths_and_bad_globs_are_errors() {
    let dir = tree();
    let missing = dir.path().join("nope.md");
    let e = input::expand(std::slice::from_ref(&missing), &[], &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}: no such file or directory", missing.display())
    );
    let e = input::expand(&[dir.path().to_path_buf()], &["a[".into()], &[]).unwrap_err();
    assert!(e.to_string().contains("bad glob `a[`"), "{e}");
    // The lenient form reports each failing path and keeps the others.
    let other = dir.path().join("gone.txt");
    let paths = [missing.clone(), dir.path().join("a.md"), other.clone()];
    let (files, errors) = input::expand_lenient(&paths, &[], &[]);
    assert_eq!(files, vec![dir.path().join("a.md")]);
    let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        errors,
        vec![
            format!("{}: no such file or directory", missing.display()),
            format!("{}: no such file or directory", other.display()),
        ]
    );
    let (files, errors) = input::expand_lenient(&paths, &[], &["[".into()]);
    assert!(files.is_empty());
    assert_eq!(errors.len(), 1);
}
