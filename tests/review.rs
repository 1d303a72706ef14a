//! `mtlint review` through the real binary: scripted answers on a pipe (accept all, a mix of
//! every key, quit, end of input, a file changed on disk mid-session, the second round,
//! detection-only findings, `A` across files, colour, errors), and single key presses through a
//! pseudo-terminal.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_mtlint");

/// How long any single wait on the binary may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(20);

fn seed() -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kursk-offensive.en.txt"),
    )
    .expect("seed fixture")
}

/// A temporary directory holding files `names`, each a copy of the seed article.
fn copies(names: &[&str]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = names
        .iter()
        .map(|n| {
            let p = dir.path().join(n);
            fs::write(&p, seed()).expect("write copy");
            p
        })
        .collect();
    (dir, paths)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The rules the tests run (unless a test selects its own), so that rules added to mtlint
/// later do not change the findings these tests walk through.
const RULES: &str = "lowercase-proper-noun,foreign-romanization,french-romanization,\
                     russian-era-place-name,stray-bullet,unit-squared,orphan-fragment";

/// `mtlint review ARGS`, with the [`RULES`] unless ARGS select rules or ask for all of them
/// (`--select all`, which is dropped).
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("review");
    match args {
        ["--select", "all", rest @ ..] => cmd.args(rest),
        _ if args.contains(&"--select") => cmd.args(args),
        _ => cmd.args(["--select", RULES]).args(args),
    };
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Run `mtlint review ARGS` in `dir` with `answers` on a pipe.
fn review(dir: &Path, args: &[&str], answers: &str) -> Run {
    let mut child = command(dir, args).spawn().expect("spawn mtlint");
    let mut stdin = child.stdin.take().expect("stdin");
    let out = Watch::new(child.stdout.take().expect("stdout"));
    let err = Watch::new(child.stderr.take().expect("stderr"));
    // The binary may stop reading early (q): a closed pipe is fine.
    let _ = stdin.write_all(answers.as_bytes());
    drop(stdin);
    finish(child, out, err)
}

/// Wait for `child` to exit (killing it, and failing, after [`TIMEOUT`]) and collect its
/// output.
fn finish(mut child: Child, mut out: Watch, mut err: Watch) -> Run {
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        match child.try_wait().expect("try_wait") {
            Some(status) => break status,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("mtlint did not finish in time:\n{}", out.rest());
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out.rest(),
        stderr: err.rest(),
    }
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).expect("read result")
}

/// `text` with the `n`th (0-based) occurrence of `from` replaced by `to`.
fn replace_nth(text: &str, from: &str, n: usize, to: &str) -> String {
    let (at, _) = text
        .match_indices(from)
        .nth(n)
        .unwrap_or_else(|| panic!("no occurrence {n} of {from:?}"));
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

/// What `mtlint fix --unsafe-fixes --stdout` makes of the seed article with the [`RULES`]
/// (with every rule when `all`).
fn fixed_unsafe_with(all: bool) -> String {
    let select = if all { vec![] } else { vec!["--select", RULES] };
    let out = Command::new(BIN)
        .args(select)
        .args([
            "fix",
            "--unsafe-fixes",
            "--stdout",
            "fixtures/kursk-offensive.en.txt",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run fix");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// What `mtlint fix --unsafe-fixes --stdout` makes of the seed article with the [`RULES`].
fn fixed_unsafe() -> String {
    static FIXED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FIXED.get_or_init(|| fixed_unsafe_with(false)).clone()
}

#[test]
fn accepting_everything_gives_what_fix_unsafe_gives() {
    // With every rule mtlint has, the flag gives what `fix --unsafe-fixes` gives.
    let (dir, paths) = copies(&["all.txt"]);
    let r = review(
        dir.path(),
        &["--select", "all", "--accept-all", "all.txt"],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read(&paths[0]), fixed_unsafe_with(true));

    let want = fixed_unsafe();
    assert_ne!(want, seed());
    // Three ways to accept every default fix: the flag, `a` at the first question, `y` to all.
    let (dir, paths) = copies(&["flag.txt", "a.txt", "y.txt"]);
    let r = review(dir.path(), &["--accept-all", "flag.txt"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("accepted: flag.txt:4:186: lowercase-proper-noun: `kyiv` → `Kyiv`"),
        "{}",
        r.stdout
    );
    let r = review(dir.path(), &["a.txt"], "a\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = review(dir.path(), &["y.txt"], &"y\n".repeat(12));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("  y.txt: 12 accepted, 0 edited, 0 skipped; written\n"),
        "{}",
        r.stdout
    );
    for p in &paths {
        assert_eq!(read(p), want, "{}", p.display());
    }
}

#[test]
fn a_mix_of_answers_gives_the_exact_file() {
    let (dir, paths) = copies(&["mix.txt"]);
    let answers = [
        "y", // 1 kyiv (line 4) → Kyiv
        "n", // 2 Andriï Iermak: left
        "e", // 3 Berdine: typed
        "Berdyne", "y", // 4 kyiv (line 6) → Kyiv ...
        "u", // ... undone
        "n", //   and left instead
        "n", // 5 kyiv (line 8): left
        "y", // 6 stray bullet: deleted
        "?", //   help changes nothing
        "n", // 7 kyiv (line 11): left
        "y", // 8 kyiv (line 13) → Kyiv
        "1", // 9 km2 → km² (1 = the default fix)
        "n", // 10 km2: left
        "2", // 11 `. offensive.` → `.` (2 = first alternative: drop)
        "1", // 12 `. in power.` → ` in power.` (merge)
    ];
    let r = review(dir.path(), &["mix.txt"], &(answers.join("\n") + "\n"));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let mut want = seed();
    want = replace_nth(&want, "kyiv", 0, "Kyiv");
    want = want.replace("town of Berdine,", "town of Berdyne,");
    want = want.replace("\n-Putin promises", "\nPutin promises");
    want = replace_nth(&want, "kyiv", 3, "Kyiv");
    want = want.replace("around 800 km2", "around 800 km²");
    want = want.replace("of the conflict. offensive.", "of the conflict.");
    want = want.replace("return of Trump. in power.", "return of Trump in power.");
    assert_eq!(read(&paths[0]), want);
    let out = &r.stdout;
    assert!(out.contains("replace `Berdine` with: Berdyne\n"), "{out}");
    assert!(out.contains("  undone\n"), "{out}");
    assert!(out.contains("  1-9  accept that suggestion"), "{out}");
    assert!(out.contains("UNSAFE fix"), "{out}");
    assert!(
        out.contains(
            "  1: replace with ` offensive.` (default, shown above)\n  2: replace with `.`\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  mix.txt: 6 accepted, 1 edited, 5 skipped; written\n"),
        "{out}"
    );
    assert!(
        out.contains("  lowercase-proper-noun  2 accepted, 0 edited, 3 skipped\n"),
        "{out}"
    );
    assert!(
        out.contains("  french-romanization    0 accepted, 1 edited, 0 skipped\n"),
        "{out}"
    );
}

#[test]
fn the_hunk_shows_context_and_the_changed_words() {
    let (dir, _) = copies(&["h.txt"]);
    let r = review(dir.path(), &["h.txt"], "q\n");
    let want = "\
h.txt:4:186: lowercase-proper-noun (1 of 12)
  safe fix: `kyiv` is a proper noun: write `Kyiv`
  2 │ As Donald Trump’s return to the White House fast approaches, Ukraine has just launched a new …
  3 │ A Ukrainian counterattack that disrupts Russian plans
- 4 │ … advance in the Kursk region. kyiv had already controlled several hundred square kilometers …
                                     ^^^^
+ 4 │ … advance in the Kursk region. Kyiv had already controlled several hundred square kilometers …
                                     ^^^^
  5 │ According to Moscow, the Ukrainian assault group was defeated by Russian artillery and aviati…
  6 │ Trump returns, kyiv picks up the pace
(1/12) Accept? [y,n,e,a,d,A,q,?] q
";
    assert!(r.stdout.starts_with(&format!("\n{want}")), "{}", r.stdout);
}

#[test]
fn quit_writes_what_was_accepted_and_stops() {
    let (dir, paths) = copies(&["one.txt", "two.txt"]);
    let r = review(dir.path(), &["one.txt", "two.txt"], "y\nn\nq\ny\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read(&paths[0]), replace_nth(&seed(), "kyiv", 0, "Kyiv"));
    assert_eq!(read(&paths[1]), seed());
    assert!(
        r.stdout.contains(
            "  one.txt: 1 accepted, 0 edited, 1 skipped, 10 not reviewed; written\n  two.txt: not reviewed\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn end_of_input_writes_nothing_more_for_the_current_file() {
    let (dir, paths) = copies(&["done.txt", "cut.txt"]);
    let r = review(dir.path(), &["done.txt", "cut.txt"], "a\ny\ny\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(&paths[0]),
        fixed_unsafe(),
        "finished file stays written"
    );
    assert_eq!(read(&paths[1]), seed(), "unfinished file untouched");
    assert!(r.stderr.contains("input ended"), "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "  cut.txt: 2 accepted, 0 edited, 0 skipped, 10 not reviewed; not written (input ended before every finding was decided)\n"
        ),
        "{}",
        r.stdout
    );
    // No answer at all: nothing written.
    let (dir, paths) = copies(&["empty.txt"]);
    let r = review(dir.path(), &["empty.txt"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read(&paths[0]), seed());
}

/// Reads a child's output on a thread; `wait_for` blocks until some text appears.
struct Watch {
    rx: mpsc::Receiver<Vec<u8>>,
    seen: String,
}

impl Watch {
    fn new(mut r: impl Read + Send + 'static) -> Watch {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = r.read(&mut buf) {
                if tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Watch {
            rx,
            seen: String::new(),
        }
    }

    fn wait_for(&mut self, needle: &str) -> bool {
        let deadline = Instant::now() + TIMEOUT;
        while !self.seen.contains(needle) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(chunk) => self.seen.push_str(&String::from_utf8_lossy(&chunk)),
                Err(_) => return false,
            }
        }
        true
    }

    fn rest(&mut self) -> String {
        while let Ok(chunk) = self.rx.recv_timeout(TIMEOUT) {
            self.seen.push_str(&String::from_utf8_lossy(&chunk));
        }
        self.seen.clone()
    }
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_and_the_session_goes_on() {
    let (dir, paths) = copies(&["a.txt", "b.txt", "c.txt"]);
    let mut child = command(dir.path(), &["a.txt", "b.txt", "c.txt"])
        .spawn()
        .expect("spawn mtlint");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut out = Watch::new(child.stdout.take().expect("stdout"));
    let err = Watch::new(child.stderr.take().expect("stderr"));
    stdin.write_all(b"a\n").expect("answer a.txt");
    // b.txt has been read when its first question shows: change it behind mtlint's back.
    if !out.wait_for("b.txt:4:186: lowercase-proper-noun (1 of 12)") {
        let _ = child.kill();
        panic!("no question about b.txt:\n{}", out.seen);
    }
    let edited = format!("{}An editor's line.\n", seed());
    fs::write(&paths[1], &edited).expect("edit b.txt");
    stdin.write_all(b"a\na\n").expect("answer b.txt and c.txt");
    drop(stdin);
    let Run {
        code,
        stdout,
        stderr,
    } = finish(child, out, err);
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert_eq!(read(&paths[0]), fixed_unsafe());
    assert_eq!(read(&paths[1]), edited, "b.txt must not be overwritten");
    assert_eq!(
        read(&paths[2]),
        fixed_unsafe(),
        "the session goes on after b.txt"
    );
    assert!(
        stderr.contains("mtlint: error: b.txt: changed on disk since it was read; not overwritten"),
        "{stderr}"
    );
    assert!(
        stdout.contains(
            "  b.txt: 12 accepted, 0 edited, 0 skipped; not written (see the error above)\n"
        ),
        "{stdout}"
    );
}

#[test]
fn bom_and_crlf_survive_a_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("w.txt");
    fs::write(&p, "\u{feff}in kyiv\r\nnext kyiv\r\n").expect("write");
    let r = review(dir.path(), &["--lang", "en", "w.txt"], "y\nn\n");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(read(&p), "\u{feff}in Kyiv\r\nnext kyiv\r\n");
    assert!(!r.stdout.contains('\r'), "{:?}", r.stdout);
}

#[test]
fn findings_caused_by_accepted_changes_come_in_a_second_round() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("t.txt");
    fs::write(&p, "Troops left kyiv today; kyiv is quiet.\n").expect("write");
    // Typing a Russian-era name creates a finding the second round offers; the skipped
    // second `kyiv` is not offered again.
    let r = review(dir.path(), &["--lang", "en", "t.txt"], "e\nKharkov\nn\ny\n");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(read(&p), "Troops left Kharkiv today; kyiv is quiet.\n");
    assert!(
        r.stdout
            .contains("t.txt:1:13: russian-era-place-name (1 of 1, caused by your changes)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("  t.txt: 1 accepted, 1 edited, 1 skipped; written\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn detection_only_findings_offer_next_and_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("house.toml"),
        r#"language = "en"
category = "house"

[[rule]]
id = "house-todo"
kind = "regex"
pattern = '\bTODO\b'
message = "a leftover `{found}`"
severity = "info"
fix = "none"
examples = [{ bad = "a TODO here", flagged = "TODO" }]
clean = ["a todo list"]
"#,
    )
    .expect("rule file");
    let p = dir.path().join("t.txt");
    fs::write(&p, "First TODO.\nSecond TODO.\n").expect("write");
    let args = ["--rules", "house.toml", "--select", "house-todo", "t.txt"];
    let r = review(dir.path(), &args, "y\nn\ne\ndone\n");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(read(&p), "First TODO.\nSecond done.\n");
    let out = &r.stdout;
    assert!(out.contains("detection only"), "{out}");
    assert!(
        out.contains("(1/2) Next? [n,e,a,d,q,?] y\n  this finding has no default fix"),
        "{out}"
    );
    assert!(
        out.contains("  1 │ First TODO.\n            ^^^^\n"),
        "{out}"
    );
}

#[test]
fn accept_rule_applies_to_all_remaining_files() {
    let (dir, paths) = copies(&["a.txt", "b.txt"]);
    // a.txt: `A` on the first kyiv, leave the next two findings (the kyivs after them are
    // accepted without a question), then `d`: the rest is left, but `A` still holds for the
    // remaining kyivs. b.txt: `d` at once, with the same effect.
    let r = review(dir.path(), &["a.txt", "b.txt"], "A\nn\nn\nd\nd\n");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let want = seed().replace("kyiv", "Kyiv");
    assert_eq!(read(&paths[0]), want);
    assert_eq!(read(&paths[1]), want);
    assert!(
        r.stdout
            .contains("(3/12) Accept? [y,n,e,a,d,A,u,q,?] n\n  accepted (A): a.txt:6:16: lowercase-proper-noun: `kyiv` → `Kyiv`\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("  accepted (A): a.txt:13:106: lowercase-proper-noun: `kyiv` → `Kyiv`\n  skipped: a.txt:13:355: unit-squared\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("accepted (A): b.txt:4:186: lowercase-proper-noun: `kyiv` → `Kyiv`"),
        "{}",
        r.stdout
    );
}

#[test]
fn dry_run_writes_nothing() {
    let (dir, paths) = copies(&["d.txt"]);
    let r = review(dir.path(), &["--dry-run", "d.txt"], "a\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read(&paths[0]), seed());
    assert!(
        r.stdout
            .contains("12 accepted, 0 edited, 0 skipped; not written (dry run)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Dry run: no file was written."),
        "{}",
        r.stdout
    );
}

#[test]
fn colour_only_when_asked_on_a_pipe() {
    let (dir, _) = copies(&["c.txt"]);
    let plain = review(dir.path(), &["c.txt"], "q\n");
    assert!(!plain.stdout.contains('\x1b'), "{}", plain.stdout);
    let never = review(dir.path(), &["--color", "never", "c.txt"], "q\n");
    assert!(!never.stdout.contains('\x1b'));
    let mut cmd = command(dir.path(), &["--color", "always", "c.txt"]);
    cmd.env("NO_COLOR", "1");
    let mut child = cmd.spawn().expect("spawn");
    let _ = child.stdin.take().expect("stdin").write_all(b"q\n");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\x1b[1;7;31mkyiv\x1b[0m"), "{stdout}");
    assert!(stdout.contains("\x1b[1;7;32mKyiv\x1b[0m"), "{stdout}");
}

#[test]
fn errors_name_the_file_and_the_others_are_still_reviewed() {
    let (dir, paths) = copies(&["ok.txt"]);
    let r = review(dir.path(), &["missing.txt", "ok.txt"], "a\n");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr.trim(),
        "mtlint: error: missing.txt: no such file or directory"
    );
    assert_eq!(read(&paths[0]), fixed_unsafe());
    let r = review(dir.path(), &["-"], "");
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("mtlint: error: -: review changes files in place"),
        "{}",
        r.stderr
    );
    let r = review(dir.path(), &["--accept-all", "--dry-run", "ok.txt"], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn files_are_reviewed_as_fix_sees_them_format_configuration_and_directories() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).expect("mkdir");
    // Markdown: code blocks, inline code and link targets are not text.
    let md = "# News from kyiv\n\nThe talks in kyiv went on (`kyiv`).\n\n```\nkyiv = 1\n```\n\n\
              See [the map](https://example.com/kyiv).\n";
    fs::write(docs.join("a.md"), md).expect("write");
    // The configuration found from the file's directory upwards allows one spelling.
    fs::write(dir.path().join("mtlint.toml"), "allow = [\"kharkiv\"]\n").expect("write");
    fs::write(
        docs.join("b.txt"),
        "Shelling in kharkiv and kyiv went on.\n",
    )
    .expect("write");
    let r = review(dir.path(), &["--accept-all", "docs"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(&docs.join("a.md")),
        md.replace("from kyiv", "from Kyiv")
            .replace("talks in kyiv", "talks in Kyiv")
    );
    assert_eq!(
        read(&docs.join("b.txt")),
        "Shelling in kharkiv and Kyiv went on.\n"
    );
    // The directory's files in order, each once.
    let a = r.stdout.find("docs/a.md").expect("a.md reviewed");
    let b = r.stdout.find("docs/b.txt").expect("b.txt reviewed");
    assert!(a < b, "{}", r.stdout);
    // JSON Lines documents are not files to rewrite in place.
    fs::write(
        dir.path().join("c.jsonl"),
        "{\"id\": 1, \"text\": \"kyiv\"}\n",
    )
    .expect("write");
    let r = review(dir.path(), &["c.jsonl"], "");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("review does not apply to JSON Lines input"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
mod terminal {
    use super::*;
    use expectrl::process::unix::WaitStatus;
    use expectrl::session::OsSession as Session;
    use expectrl::Expect;

    /// `mtlint review t.txt` in a pseudo-terminal. The pty starts with echo off; a shell turns
    /// it on first, so that a test can tell raw mode (echo off) from the restored terminal.
    fn spawn(dir: &Path, no_color: bool) -> Session {
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            "stty echo && exec \"$0\" review --select \"$1\" t.txt",
            BIN,
            RULES,
        ])
        .current_dir(dir);
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let mut s = Session::spawn(cmd).expect("spawn in a pty");
        s.set_expect_timeout(Some(TIMEOUT));
        s
    }

    /// The exit status, polled until [`TIMEOUT`] (a child still alive then fails the test and
    /// is killed when the session is dropped).
    fn exit_status(s: &Session) -> WaitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match s.get_process().status().expect("status") {
                WaitStatus::StillAlive if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                status => return status,
            }
        }
    }

    fn expect(s: &mut Session, needle: &str) -> String {
        match s.expect(needle) {
            Ok(found) => String::from_utf8_lossy(found.before()).into_owned(),
            Err(e) => panic!("waiting for {needle:?}: {e}"),
        }
    }

    #[test]
    fn single_key_presses_without_enter_on_a_terminal() {
        let (dir, paths) = copies(&["t.txt"]);
        let mut s = spawn(dir.path(), false);
        let shown = expect(&mut s, "(1/12) Accept? ");
        // Colour on a terminal: the changed words are highlighted, no `^` line.
        assert!(shown.contains("\x1b[1;7;32mKyiv\x1b[0m"), "{shown}");
        s.send("y").expect("send y");
        expect(&mut s, "(2/12) Accept? ");
        s.send("n").expect("send n");
        expect(&mut s, "(3/12) Accept? ");
        s.send("e").expect("send e");
        expect(&mut s, "replace `Berdine` with: ");
        // The suggestion is pre-filled: one backspace, then Enter.
        expect(&mut s, "> Berdin");
        s.send("\x7f").expect("send backspace");
        s.send("\r").expect("send enter");
        expect(&mut s, "(4/12) Accept? ");
        s.send("q").expect("send q");
        expect(&mut s, "Summary:");
        let status = exit_status(&s);
        assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
        let want = replace_nth(&seed(), "kyiv", 0, "Kyiv").replace("Berdine", "Berdi");
        assert_eq!(read(&paths[0]), want);
    }

    #[test]
    fn no_color_on_a_terminal_and_ctrl_c_writes_nothing() {
        let (dir, paths) = copies(&["t.txt"]);
        let mut s = spawn(dir.path(), true);
        let shown = expect(&mut s, "(1/12) Accept? ");
        assert!(!shown.contains("\x1b[1;7;32m"), "{shown}");
        assert!(shown.contains("^^^^"), "{shown}");
        s.send("y").expect("send y");
        expect(&mut s, "(2/12) Accept? ");
        // Waiting for a key: raw mode, so no echo.
        assert!(!s.get_process().get_echo().expect("termios"), "raw mode");
        s.send("\x03").expect("send ctrl-c");
        expect(&mut s, "Summary:");
        // Raw mode is off again: the terminal echoes what is typed.
        assert!(
            s.get_process().get_echo().expect("termios"),
            "echo restored"
        );
        let status = exit_status(&s);
        assert!(matches!(status, WaitStatus::Exited(_, 130)), "{status:?}");
        assert_eq!(read(&paths[0]), seed());
    }
}
