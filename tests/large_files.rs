//! Large plain-text files are linted a block at a time (`MTLINT_BLOCK_BYTES` makes small files
//! "large" here): every output format must be byte for byte what reading the file whole gives.

mod common;

use std::path::Path;
use std::process::Command;

use common::{root, Run};

/// Run mtlint with blocks of `block` bytes.
fn run(block: usize, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .current_dir(root())
        .env("MTLINT_BLOCK_BYTES", block.to_string())
        .env("MTLINT_THREADS", "2")
        .env_remove("NO_COLOR")
        .output()
        .expect("run mtlint")
        .into()
}

/// Every English fixture, with blank lines between paragraphs, `copies` times: names spelled
/// two ways and context words fall in different blocks.
fn article(copies: usize, crlf: bool) -> String {
    let mut text = String::new();
    for _ in 0..copies {
        for f in ["kursk-offensive.en.txt", "translation-residue.en.txt"] {
            let t = std::fs::read_to_string(root().join("fixtures").join(f)).expect("fixture");
            text.push_str(&t.replace('\n', "\n\n"));
        }
        text.push_str("Zelenskyy spoke later.\n\nThe town of Berdine held.\n\n");
    }
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

const WHOLE: usize = 1 << 30;
const SMALL: usize = 300;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write input");
    path.display().to_string()
}

#[test]
fn every_format_is_the_same_read_in_blocks_or_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lf = write(dir.path(), "lf.txt", article(3, false).as_bytes());
    let crlf = write(
        dir.path(),
        "crlf.txt",
        format!("\u{feff}{}", article(2, true)).as_bytes(),
    );
    for file in [&lf, &crlf] {
        let verbose = run(SMALL, &["check", "--verbose", "--format", "concise", file]);
        assert!(
            verbose.stderr.contains(" blocks of about 300 bytes"),
            "{}",
            verbose.stderr
        );
        for format in [
            "human", "concise", "json", "jsonl", "github", "sarif", "rdjson", "diff",
        ] {
            let args = [
                "check",
                "--color",
                "never",
                "--statistics",
                "--format",
                format,
                file,
            ];
            let (blocks, whole) = (run(SMALL, &args), run(WHOLE, &args));
            assert!(!whole.stdout.is_empty());
            assert_eq!(blocks.stdout, whole.stdout, "{format} {file}");
            assert_eq!((blocks.code, &blocks.stderr), (whole.code, &whole.stderr));
        }
    }
}

#[test]
fn a_long_file_is_detected_from_its_start_middle_and_end_in_blocks_or_whole() {
    // 6 KB of Korean, then English: the file is English (its middle and end say so), and
    // its English sentences are not text left untranslated in a Korean document.
    let dir = tempfile::tempdir().expect("temp dir");
    let preface = "이 책은 러스트 프로그래밍 언어에 대한 입문서입니다.\n".repeat(90);
    let text = format!("{preface}{}", article(14, false));
    assert!(text.len() > 64 * 1024, "{}", text.len());
    let lf = write(dir.path(), "ko-en.txt", text.as_bytes());
    let bom = write(dir.path(), "bom.txt", format!("\u{feff}{text}").as_bytes());
    for file in [&lf, &bom] {
        let args = ["check", "--verbose", "--format", "json", file.as_str()];
        let (blocks, whole) = (run(SMALL, &args), run(WHOLE, &args));
        assert!(blocks.stderr.contains(" blocks of about 300 bytes"));
        let language = |r: &Run| {
            r.stderr
                .lines()
                .find(|l| l.contains(": language "))
                .map(|l| l.split(": language ").nth(1).unwrap_or("").to_string())
        };
        let said = language(&whole).expect("the language is said");
        assert!(said.starts_with("en (detected"), "{said}");
        assert_eq!(language(&blocks), Some(said));
        assert_eq!(blocks.stdout, whole.stdout);
        assert!(!whole.stdout.contains("untranslated"), "{}", whole.stdout);
        // Its first 4 KB alone are Korean.
        let start = write(dir.path(), "start.txt", preface.as_bytes());
        let r = run(WHOLE, &["detect", &start]);
        assert!(r.stdout.contains("ko"), "{}", r.stdout);
    }
}

#[test]
fn baselines_are_the_same_read_in_blocks_or_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(dir.path(), "a.txt", article(3, false).as_bytes());
    let mut written = Vec::new();
    for (block, name) in [(SMALL, "b1.json"), (WHOLE, "b2.json")] {
        let out = dir.path().join(name).display().to_string();
        let r = run(block, &["check", "--write-baseline", &out, &file]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        written.push(std::fs::read_to_string(&out).expect("baseline"));
        // The file's findings are all in the baseline, read either way.
        let again = run(block, &["check", "--baseline", &out, &file]);
        assert_eq!(again.code, 0, "{}", again.stdout);
    }
    assert_eq!(written[0], written[1]);
}

#[test]
fn files_that_cannot_be_read_in_blocks_are_read_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = article(3, false);
    let cases = [
        // A suppression stretch may span blocks.
        format!("<!-- mtlint-disable -->\n\n{text}<!-- mtlint-enable -->\n"),
        // No line break at all.
        text.replace(['\n', '\r'], " "),
    ];
    for (i, case) in cases.iter().enumerate() {
        let file = write(dir.path(), &format!("{i}.txt"), case.as_bytes());
        let args = ["check", "--verbose", "--format", "concise", &file];
        let (blocks, whole) = (run(SMALL, &args), run(WHOLE, &args));
        assert!(blocks.stderr.contains("read whole"), "{}", blocks.stderr);
        assert_eq!(blocks.stdout, whole.stdout);
    }
    // Invalid UTF-8 after the first block: the same error as for a file read whole.
    let mut bytes = text.into_bytes();
    let at = bytes.len() - 10;
    bytes[at] = 0xFF;
    let file = write(dir.path(), "bad.txt", &bytes);
    let (blocks, whole) = (run(SMALL, &["check", &file]), run(WHOLE, &["check", &file]));
    assert_eq!(blocks.code, 2);
    assert!(
        blocks.stderr.contains("not valid UTF-8"),
        "{}",
        blocks.stderr
    );
    assert_eq!((blocks.stdout, blocks.stderr), (whole.stdout, whole.stderr));
}

/// Rules for the fix tests: one whose fix adds line breaks, and two that undo each other.
const FIX_RULES: &str = r#"language = "en"
category = "test"

[[rule]]
id = "split-bullets"
kind = "regex"
pattern = '''(?P<span> • )'''
replacement = "\n• "
message = "a bullet inside a line"
severity = "info"
fix = "safe"
examples = [{ bad = "Kyiv • Kharkiv", good = "Kyiv\n• Kharkiv" }]
clean = ["Kyiv and Kharkiv"]

[[rule]]
id = "up"
kind = "regex"
pattern = '''\bkyiv\b'''
replacement = "Kyiv"
message = "up"
severity = "info"
fix = "safe"
examples = [{ bad = "in kyiv", good = "in Kyiv" }]
clean = ["in Lviv"]

[[rule]]
id = "down"
kind = "regex"
pattern = '''\bKyiv\b'''
replacement = "kyiv"
message = "down"
severity = "info"
fix = "safe"
examples = [{ bad = "in Kyiv", good = "in kyiv" }]
clean = ["in Lviv"]
"#;

#[test]
fn fix_is_the_same_in_blocks_or_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = write(dir.path(), "fix.toml", FIX_RULES.as_bytes());
    let lf = write(dir.path(), "lf.txt", article(3, false).as_bytes());
    let crlf = write(
        dir.path(),
        "crlf.txt",
        format!("\u{feff}{}", article(2, true)).as_bytes(),
    );
    // A fix that adds line breaks, far from the start.
    let bullets = write(
        dir.path(),
        "bullets.txt",
        format!("{}Cities: Lviv • Kharkiv • Odesa\n", article(2, false)).as_bytes(),
    );
    let cases: [(&String, &[&str]); 4] = [
        (&lf, &[]),
        (&crlf, &[]),
        (&bullets, &["--rules", &rules, "--select", "split-bullets"]),
        (
            &bullets,
            &[
                "--rules",
                &rules,
                "--select",
                "split-bullets,orphan-fragment",
            ],
        ),
    ];
    for (file, rule_args) in cases {
        for fix_args in [
            &["fix", "--verbose", "--diff"][..],
            &["fix", "--stdout"],
            &["fix", "--unsafe-fixes", "--diff"],
            &["fix", "--unsafe-fixes", "--stdout"],
        ] {
            let args: Vec<&str> = rule_args
                .iter()
                .chain(fix_args)
                .copied()
                .chain([file.as_str()])
                .collect();
            let (blocks, whole) = (run(SMALL, &args), run(WHOLE, &args));
            if fix_args.contains(&"--verbose") {
                assert!(
                    blocks.stderr.contains("blocks of about 300 bytes"),
                    "{}",
                    blocks.stderr
                );
                continue;
            }
            assert_eq!(blocks.code, whole.code, "{args:?} {}", blocks.stderr);
            assert_eq!(blocks.stderr, whole.stderr, "{args:?}");
            assert_eq!(blocks.stdout, whole.stdout, "{args:?}");
        }
        // In place: the same bytes and mode as when fixed whole.
        let mut written = Vec::new();
        for block in [SMALL, WHOLE] {
            let copy = dir.path().join(format!("in-place-{block}.txt"));
            std::fs::copy(file, &copy).expect("copy");
            set_mode(&copy, 0o640);
            let copy = copy.display().to_string();
            let args: Vec<&str> = rule_args
                .iter()
                .copied()
                .chain(["fix", "--unsafe-fixes", copy.as_str()])
                .collect();
            let r = run(block, &args);
            written.push((
                r.code,
                r.stderr,
                std::fs::read(&copy).expect("read"),
                mode(&copy),
            ));
        }
        assert_eq!(written[0], written[1], "{file} {rule_args:?}");
        assert_ne!(
            written[0].2,
            std::fs::read(file).expect("read"),
            "{file}: fixed"
        );
    }
}

#[test]
fn fixes_that_undo_each_other_leave_a_large_file_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = write(dir.path(), "fix.toml", FIX_RULES.as_bytes());
    let text = format!("{}Fighting over kyiv.\n", article(2, false));
    let file = write(dir.path(), "fight.txt", text.as_bytes());
    let args = ["--rules", &rules, "--select", "up,down", "fix", &file];
    let (blocks, whole) = (run(SMALL, &args), run(WHOLE, &args));
    assert_eq!(blocks.code, 2);
    assert!(
        blocks
            .stderr
            .contains("fixes do not converge: rules `down` and `up`"),
        "{}",
        blocks.stderr
    );
    assert_eq!((blocks.stdout, blocks.stderr), (whole.stdout, whole.stderr));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), text);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".mtlint-")),
        "{names:?}"
    );
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(unix)]
fn mode(path: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

#[cfg(not(unix))]
fn mode(_: &str) -> u32 {
    0
}
