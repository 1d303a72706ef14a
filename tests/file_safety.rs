//! File safety (issue 7): what `mtlint fix` does to the files it writes, and never does to the
//! files it must not write.
//!
//! - Writes keep the mode bits (including setuid/setgid) and the owner, and leave no temporary
//!   file behind.
//! - A directory where the temporary file cannot be created gives one clear error line, exit 2,
//!   and the original byte for byte; so does a full disk.
//! - Inputs that are not UTF-8 text (binary, NUL, invalid UTF-8, UTF-16/32 with a BOM) give a
//!   clear message and are never written, not even by `fix` on a directory that holds them.
//!
//! **Root.** These tests usually run as root (CI and development machines here), and root
//! ignores permission bits: `chmod 555 dir` stops nobody. So a read-only directory is made in
//! three ways, each used when the machine allows it, and each proving something different:
//! 1. Permission bits, with mtlint run as an unprivileged user (uid/gid 65534, `nobody`) when the
//!    tests are root, and as the current user otherwise. This is the ordinary case: a user
//!    running mtlint on a directory they may read but not write.
//! 2. `chattr +i` (immutable directory): refuses even root, on file systems that support it
//!    (ext2/3/4, xfs, btrfs; not tmpfs or overlayfs).
//! 3. A tmpfs mounted read-only, and one too small for the temporary copy (a full disk), in a
//!    private mount namespace (`unshare -m`, needs CAP_SYS_ADMIN): EROFS and ENOSPC, which stop
//!    root too. The mounts vanish with the namespace.
//!
//! A way the machine does not allow is skipped with a line on stderr, so the test passes without
//! proving that part: run `cargo test --test file_safety -- --nocapture` to see what ran. What
//! none of them can prove: behaviour on network file systems, on a disk that fails mid-write
//! (EIO), or after a power cut between the `fsync` and the rename.

mod common;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::Run;

const NOBODY: u32 = 65534;

fn is_root() -> bool {
    fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_mtlint")
}

/// Run mtlint with `args` (no config file, English), optionally as another user.
fn run_as(uid: Option<u32>, args: &[&str]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(["--no-config", "--lang", "en"])
        .args(args)
        .stdin(Stdio::null());
    if let Some(u) = uid {
        cmd.uid(u).gid(u);
    }
    cmd.output().expect("run mtlint").into()
}

fn run(args: &[&str]) -> Run {
    run_as(None, args)
}

/// The names in `dir`, sorted (to see temporary files left behind).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A temporary directory that everyone may enter (tempdir's 0700 would stop `nobody`).
fn open_tempdir() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    fs::set_permissions(d.path(), fs::Permissions::from_mode(0o755)).expect("chmod tempdir");
    d
}

/// Exit 2, one line on stderr naming `file` and containing `needle`, nothing on stdout.
fn assert_one_error(r: &Run, file: &Path, needle: &str) {
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("mtlint: error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(
        errors[0].contains(&*name),
        "{} does not name {name}",
        errors[0]
    );
    assert!(
        errors[0].to_lowercase().contains(&needle.to_lowercase()),
        "expected `{needle}` in: {}",
        errors[0]
    );
}

const BEFORE: &[u8] = b"Talks in kyiv.\r\n-Putin said 800 km2.\n";
const AFTER: &[u8] = b"Talks in Kyiv.\r\nPutin said 800 km\xC2\xB2.\n";

#[test]
fn writes_keep_mode_bits_and_leave_no_temporary_file() {
    let dir = open_tempdir();
    let modes: &[u32] = &[
        0o600, 0o640, 0o644, 0o664, 0o666, 0o700, 0o755, 0o4755, 0o2755,
    ];
    for &mode in modes {
        let p = dir.path().join(format!("m{mode:o}.txt"));
        fs::write(&p, BEFORE).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
        let r = run(&["fix", p.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{mode:o}: {}", r.stderr);
        assert_eq!(fs::read(&p).unwrap(), AFTER, "{mode:o}");
        let got = fs::metadata(&p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(got, mode, "mode {mode:o} became {got:o}");
    }
    let expected: Vec<String> = modes.iter().map(|m| format!("m{m:o}.txt")).collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(names(dir.path()), expected, "temporary files left behind");
}

/// Root fixing a file owned by someone else (a CI container fixing a checkout, an admin fixing a
/// shared tree) must not take the file over: the rename puts a new root-owned file in its place.
/// Non-root users hit the same in group-writable directories (the file changes owner and group
/// to whoever ran `fix`). Fix: `fchown` the temporary file to the original's uid/gid before the
/// rename (best effort; what `sed -i` does).
#[test]
fn writes_keep_the_owner() {
    if !is_root() {
        eprintln!("skipped: needs root to create a file owned by someone else");
        return;
    }
    let dir = open_tempdir();
    let p = dir.path().join("theirs.txt");
    fs::write(&p, BEFORE).unwrap();
    std::os::unix::fs::chown(&p, Some(NOBODY), Some(NOBODY)).unwrap();
    let r = run(&["fix", p.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read(&p).unwrap(), AFTER);
    let m = fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid()), (NOBODY, NOBODY), "owner changed");
}

/// Way 1: permission bits. As root, mtlint runs as `nobody` on a directory owned by root, mode
/// 0555, holding a file `nobody` may read (0644) and, for the second case, write (0666): writing
/// in place would be allowed, but the temporary file cannot be created.
#[test]
fn a_read_only_directory_by_permissions() {
    let dir = open_tempdir();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    let p = ro.join("a.txt");
    fs::write(&p, BEFORE).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    let uid = if is_root() { Some(NOBODY) } else { None };
    let mtime = fs::metadata(&p).unwrap().mtime_nsec();
    let r = run_as(uid, &["fix", p.to_str().unwrap()]);
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    assert_one_error(&r, &p, "permission denied");
    assert!(
        r.stderr.contains(&*ro.to_string_lossy()),
        "the error should name the directory that refused the temporary file: {}",
        r.stderr
    );
    assert_eq!(fs::read(&p).unwrap(), BEFORE, "original changed");
    assert_eq!(fs::metadata(&p).unwrap().mtime_nsec(), mtime);
    assert_eq!(names(&ro), vec!["a.txt"]);
    // `check`, `fix --diff` and `fix --stdout` need no write access.
    let r = run_as(uid, &["check", p.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = run_as(uid, &["fix", "--stdout", p.to_str().unwrap()]);
    assert_eq!(r.stdout.as_bytes(), AFTER, "{}", r.stderr);
}

/// Drops the immutable flag again, whatever happens in the test.
struct Immutable(PathBuf);

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

/// Way 2: an immutable directory (`chattr +i`), which refuses even root.
#[test]
fn a_read_only_directory_by_chattr() {
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    let p = ro.join("a.txt");
    fs::write(&p, BEFORE).unwrap();
    let ok = Command::new("chattr")
        .arg("+i")
        .arg(&ro)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: chattr +i is not available here (no chattr, or the file system)");
        return;
    }
    let _guard = Immutable(ro.clone());
    let r = run(&["fix", p.to_str().unwrap()]);
    assert_one_error(&r, &p, "temporary file");
    assert_eq!(fs::read(&p).unwrap(), BEFORE, "original changed");
    assert_eq!(names(&ro), vec!["a.txt"]);
}

/// When the write fails, the summary must not claim the fixes: today it says
/// `mtlint: fixed 3 findings.` under the error line, though nothing was written (the count is
/// taken before the write). Seen with a read-only directory, a read-only file system and a full
/// disk alike.
#[test]
fn a_failed_write_is_not_reported_as_fixed() {
    let dir = open_tempdir();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    let p = ro.join("a.txt");
    fs::write(&p, BEFORE).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    let uid = if is_root() { Some(NOBODY) } else { None };
    let r = run_as(uid, &["fix", p.to_str().unwrap()]);
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        !r.stderr.contains("mtlint: fixed 3"),
        "claims fixes that were not written: {}",
        r.stderr
    );
}

/// Runs `script` with `sh` in a private mount namespace; `None` when that is not allowed.
fn in_mount_namespace(script: &str) -> Option<std::process::Output> {
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        return None;
    }
    Some(
        Command::new("unshare")
            .args(["-m", "sh", "-euc", script])
            .env("MTLINT", bin())
            .output()
            .expect("unshare"),
    )
}

/// Splits the output of the mount-namespace scripts below: mtlint's exit code and stderr, then
/// what the file holds and which names the directory has afterwards.
fn parse_ns(out: &std::process::Output) -> (i32, String, Vec<u8>, String) {
    assert!(
        out.status.success(),
        "script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = out.stdout.clone();
    let text = String::from_utf8_lossy(&s).into_owned();
    let code: i32 = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("exit="))
        .and_then(|c| c.parse().ok())
        .expect("exit line");
    let stderr = text.split("--stderr--\n").nth(1).unwrap_or("");
    let stderr = stderr.split("--file--\n").next().unwrap_or("").to_string();
    let start = s
        .windows(9)
        .position(|w| w == b"--file--\n")
        .expect("file marker")
        + 9;
    let end = s
        .windows(10)
        .position(|w| w == b"--names--\n")
        .expect("names marker");
    let names = String::from_utf8_lossy(&s[end + 10..]).trim().to_string();
    (code, stderr, s[start..end].to_vec(), names)
}

const NS_SCRIPT: &str = r#"
d=$(mktemp -d)
mount -t tmpfs -o size=SIZE tmpfs "$d"
cp "$SRC" "$d/a.txt"
REMOUNT
set +e
"$MTLINT" --no-config --lang en fix "$d/a.txt" 2>"$d.err"
echo "exit=$?"
set -e
echo "--stderr--"; cat "$d.err"; rm -f "$d.err"
echo "--file--"; cat "$d/a.txt"
echo "--names--"; ls -A "$d"
"#;

/// Way 3a: a read-only file system (tmpfs remounted read-only), which refuses root too.
#[test]
fn a_read_only_file_system() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.txt");
    fs::write(&src, BEFORE).unwrap();
    let script = NS_SCRIPT
        .replace("SIZE", "1m")
        .replace("REMOUNT", "mount -o remount,ro \"$d\"")
        .replace("$SRC", &src.to_string_lossy());
    let Some(out) = in_mount_namespace(&script) else {
        eprintln!("skipped: cannot mount in a private namespace (unshare -m; needs CAP_SYS_ADMIN)");
        return;
    };
    let (code, stderr, file, names) = parse_ns(&out);
    assert_eq!(code, 2, "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("mtlint: error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("a.txt") && errors[0].to_lowercase().contains("read-only file system"),
        "{stderr}"
    );
    assert_eq!(file, BEFORE, "original changed");
    assert_eq!(names, "a.txt");
}

/// Way 3b: a full disk (a tmpfs with room for the file but not for its temporary copy): one
/// clear error, the original intact, the half-written temporary file removed.
#[test]
fn a_full_disk() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.txt");
    // 24 KiB of text on a 32 KiB tmpfs: the copy does not fit.
    let mut text = Vec::new();
    while text.len() < 24 * 1024 {
        text.extend_from_slice(BEFORE);
    }
    fs::write(&src, &text).unwrap();
    let script = NS_SCRIPT
        .replace("SIZE", "32k")
        .replace("REMOUNT", "")
        .replace("$SRC", &src.to_string_lossy());
    let Some(out) = in_mount_namespace(&script) else {
        eprintln!("skipped: cannot mount in a private namespace (unshare -m; needs CAP_SYS_ADMIN)");
        return;
    };
    let (code, stderr, file, names) = parse_ns(&out);
    assert_eq!(code, 2, "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("mtlint: error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("a.txt") && errors[0].to_lowercase().contains("no space left"),
        "{stderr}"
    );
    assert_eq!(file, text, "original changed");
    assert_eq!(names, "a.txt", "temporary file left behind");
}

/// Inputs that are not UTF-8 text, each with a lowercased proper noun that `fix` would change
/// if it read the file as text.
fn not_text() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let mut late_nul = b"in kyiv\n".repeat(200_000);
    late_nul.extend_from_slice(b"\0tail in kyiv\n");
    let mut late_bad = b"in kyiv\n".repeat(200_000);
    late_bad.extend_from_slice(b"caf\xE9 in kyiv\n");
    let utf16 = |bom: &[u8], le: bool| {
        let mut v = bom.to_vec();
        for u in "in kyiv\n".encode_utf16() {
            v.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    };
    vec![
        (
            "elf.txt",
            b"\x7fELF\x02\x01\x01\0in kyiv".to_vec(),
            "binary",
        ),
        ("nul.txt", b"in kyiv\0 and kyiv\n".to_vec(), "binary"),
        ("late-nul.txt", late_nul, "binary"),
        ("latin1.txt", b"in kyiv, caf\xE9\n".to_vec(), "UTF-8"),
        ("late-bad.txt", late_bad, "line 200001"),
        ("truncated.txt", b"in kyiv \xE2\x82".to_vec(), "UTF-8"),
        ("utf16le.txt", utf16(b"\xFF\xFE", true), "UTF-16"),
        ("utf16be.txt", utf16(b"\xFE\xFF", false), "UTF-16"),
        (
            "utf32le.txt",
            b"\xFF\xFE\0\0i\0\0\0n\0\0\0 \0\0\0k\0\0\0".to_vec(),
            "UTF-16",
        ),
    ]
}

#[test]
fn inputs_that_are_not_text_are_refused_and_never_written() {
    let dir = open_tempdir();
    for (name, bytes, needle) in not_text() {
        let p = dir.path().join(name);
        fs::write(&p, &bytes).unwrap();
        let mtime = fs::metadata(&p).unwrap().mtime_nsec();
        for args in [
            &["check"][..],
            &["fix"][..],
            &["fix", "--unsafe-fixes"][..],
            &["fix", "--diff"][..],
            &["fix", "--stdout"][..],
        ] {
            let r = run(&[args, &[p.to_str().unwrap()]].concat());
            assert_one_error(&r, &p, needle);
            if args[0] == "fix" {
                assert!(r.stdout.is_empty(), "{name} {args:?}: {}", r.stdout);
            }
        }
        assert_eq!(fs::read(&p).unwrap(), bytes, "{name} was written");
        assert_eq!(fs::metadata(&p).unwrap().mtime_nsec(), mtime, "{name}");
    }
    let mut expected: Vec<String> = not_text().iter().map(|(n, _, _)| n.to_string()).collect();
    expected.sort();
    assert_eq!(names(dir.path()), expected, "temporary files left behind");
}

/// `fix` on a directory: the text files are fixed, the others reported and left alone, exit 2.
#[test]
fn fix_on_a_directory_skips_what_is_not_text() {
    let dir = open_tempdir();
    let tree = dir.path().join("tree");
    fs::create_dir_all(tree.join("sub")).unwrap();
    fs::write(tree.join("good.txt"), BEFORE).unwrap();
    fs::write(tree.join("sub/good.md"), BEFORE).unwrap();
    let bad: Vec<(&str, Vec<u8>, &str)> = not_text();
    for (name, bytes, _) in &bad {
        fs::write(tree.join("sub").join(name), bytes).unwrap();
    }
    let r = run(&["fix", tree.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let errors = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("mtlint: error:"))
        .count();
    assert_eq!(errors, bad.len(), "{}", r.stderr);
    assert_eq!(fs::read(tree.join("good.txt")).unwrap(), AFTER);
    assert_eq!(fs::read(tree.join("sub/good.md")).unwrap(), AFTER);
    for (name, bytes, _) in &bad {
        assert_eq!(
            &fs::read(tree.join("sub").join(name)).unwrap(),
            bytes,
            "{name}"
        );
    }
    let mut expected: Vec<String> = bad.iter().map(|(n, _, _)| n.to_string()).collect();
    expected.push("good.md".into());
    expected.sort();
    assert_eq!(names(&tree.join("sub")), expected);
}

/// Special files named on the command line: a directory is an error only when it cannot be
/// walked, and `/dev/null` is empty text.
#[test]
fn special_paths() {
    let r = run(&["check", "/dev/null"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["fix", "/dev/null"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["check", "/proc/self/fd/does-not-exist"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}
