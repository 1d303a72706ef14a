//! Unified diffs that apply with `patch -p1` and `git apply`.
//!
//! The line diff is `similar`'s (Myers); the hunks are printed here because `similar` splits
//! lines at a lone CR as well as at LF, and `patch` does not: a file with a stray `\r` (old Mac
//! line ends, a CR inside a line) got a malformed patch. Lines here end at `\n` only, as in GNU
//! diff, and a CR is just a byte of its line.

use std::fmt::Write as _;

use std::borrow::Cow;

use similar::{Algorithm, ChangeTag};

/// Lines of context around each change, as `diff -u`.
const CONTEXT: usize = 3;

/// The diff of fixes that turned `old` into `new` (as [`unified`] takes them). `aligned`: the
/// fixes kept every line break (see [`crate::fix::keeps_lines`]), so each changed line is
/// shown against the line it was, as [`unified_aligned`] does, and not against whichever old
/// line the shortest edit script pairs it with (a fixed `friday` is `Friday`, which may be the
/// next line too).
pub fn of_fixes(name: &str, bom: bool, old: &str, new: &str, aligned: bool) -> String {
    if aligned && old != new {
        let (old_lines, new_lines) = (lines(old, bom), lines(new, bom));
        if old_lines.len() == new_lines.len() {
            let mut out = String::new();
            let mut hunk = Aligned::default();
            for (line, (o, n)) in old_lines.into_iter().zip(new_lines).enumerate() {
                hunk.line(line, o, n, name, &mut out);
            }
            hunk.close(name, &mut out);
            return out;
        }
    }
    unified(name, bom, old, new)
}

/// A unified diff turning `old` into `new`, with `a/NAME` and `b/NAME` headers; empty when the
/// texts are equal. With `bom`, both texts are those of a file starting with a byte order mark
/// (not in `old` and `new`), which the diff's first line shows, so that it applies to the file
/// (only that line is copied to add the mark).
pub fn unified(name: &str, bom: bool, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let (old_lines, new_lines) = (lines(old, bom), lines(new, bom));
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    for group in similar::group_diff_ops(ops, CONTEXT) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            Range(first.old_range().start, last.old_range().end),
            Range(first.new_range().start, last.new_range().end)
        );
        for op in &group {
            for change in op.iter_changes(&old_lines, &new_lines) {
                let mark = match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                };
                push_line(&mut out, mark, &change.value());
            }
        }
    }
    out
}

/// What [`unified`] prints for two texts with the same number of lines whose line `i` is to be
/// compared with line `i` (what fixes that neither add nor remove a line break make), read a
/// line at a time so that neither text is held: a run of changed lines is printed as its old
/// lines then its new ones, and hunks closer than twice the context are joined, as `diff -u`
/// and [`unified`] do. An error of kind `InvalidData` when the line counts differ or a line is
/// not UTF-8.
pub fn unified_aligned(
    name: &str,
    mut old: impl std::io::BufRead,
    mut new: impl std::io::BufRead,
) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind};
    let bad = |what: &str| Error::new(ErrorKind::InvalidData, what.to_string());
    let mut out = String::new();
    let mut hunk = Aligned::default();
    for line in 0.. {
        let (mut o, mut n) = (Vec::new(), Vec::new());
        let (a, b) = (
            old.read_until(b'\n', &mut o)?,
            new.read_until(b'\n', &mut n)?,
        );
        if a == 0 && b == 0 {
            break;
        }
        if a == 0 || b == 0 {
            return Err(bad("the texts have different numbers of lines"));
        }
        let (o, n) = (
            String::from_utf8(o).map_err(|_| bad("not UTF-8"))?,
            String::from_utf8(n).map_err(|_| bad("not UTF-8"))?,
        );
        hunk.line(line, Cow::Owned(o), Cow::Owned(n), name, &mut out);
    }
    hunk.close(name, &mut out);
    Ok(out)
}

/// A line of a hunk with its mark (` `, `-` or `+`).
type Marked<'a> = (char, Cow<'a, str>);

/// The hunk an aligned diff ([`unified_aligned`], [`of_fixes`]) is building: its lines are
/// kept (borrowed from texts in memory) until it closes, when its header can be written.
#[derive(Default)]
struct Aligned<'a> {
    /// The last unchanged lines before a change (at most [`CONTEXT`]).
    before: std::collections::VecDeque<Cow<'a, str>>,
    /// The open hunk's first line (0-based) and lines; `None` when no hunk is open.
    open: Option<(usize, Vec<Marked<'a>>)>,
    /// The changed lines not yet added to the hunk (old, new).
    removed: Vec<Cow<'a, str>>,
    added: Vec<Cow<'a, str>>,
    /// Unchanged lines after the last change of the open hunk.
    after: Vec<Cow<'a, str>>,
}

impl<'a> Aligned<'a> {
    /// Line `line` (0-based) is `old` in the old text and `new` in the new one.
    fn line(
        &mut self,
        line: usize,
        old: Cow<'a, str>,
        new: Cow<'a, str>,
        name: &str,
        out: &mut String,
    ) {
        if old != new {
            let (_, lines) = self.open.get_or_insert_with(|| {
                let before: Vec<_> = self.before.drain(..).collect();
                let first = line - before.len();
                (first, before.into_iter().map(|l| (' ', l)).collect())
            });
            lines.extend(self.after.drain(..).map(|l| (' ', l)));
            self.removed.push(old);
            self.added.push(new);
            return;
        }
        if self.open.is_none() {
            self.before.push_back(old);
            if self.before.len() > CONTEXT {
                self.before.pop_front();
            }
            return;
        }
        self.flush_changes();
        self.after.push(old);
        if self.after.len() > 2 * CONTEXT {
            // Too far from the next change: this hunk ends, and its last lines are the next
            // one's context.
            let mut after = std::mem::take(&mut self.after);
            self.before = after.split_off(after.len() - CONTEXT).into();
            after.truncate(CONTEXT);
            self.after = after;
            self.close(name, out);
        }
    }

    /// Add the pending changed lines to the open hunk.
    fn flush_changes(&mut self) {
        let Some((_, lines)) = self.open.as_mut() else {
            return;
        };
        lines.extend(self.removed.drain(..).map(|l| ('-', l)));
        lines.extend(self.added.drain(..).map(|l| ('+', l)));
    }

    /// Print the open hunk (with at most [`CONTEXT`] lines after its last change).
    fn close(&mut self, name: &str, out: &mut String) {
        self.flush_changes();
        let Some((start, mut lines)) = self.open.take() else {
            return;
        };
        lines.extend(self.after.drain(..).take(CONTEXT).map(|l| (' ', l)));
        if out.is_empty() {
            let _ = write!(out, "--- a/{name}\n+++ b/{name}\n");
        }
        // Both sides have as many lines: each changed line is one old and one new line.
        let len = lines.iter().filter(|(mark, _)| *mark != '+').count();
        let range = Range(start, start + len);
        let _ = writeln!(out, "@@ -{range} +{range} @@");
        for (mark, line) in &lines {
            push_line(out, *mark, line);
        }
    }
}

/// One line of a hunk, marked, with the note `diff -u` adds to a last line without `\n`.
fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// `text` cut after each `\n`; the last line may lack one. With `bom`, the first line starts
/// with the byte order mark (a file holding only the mark has that one line).
fn lines(text: &str, bom: bool) -> Vec<Cow<'_, str>> {
    let mut out: Vec<Cow<'_, str>> = text.split_inclusive('\n').map(Cow::Borrowed).collect();
    if bom {
        match out.first_mut() {
            Some(first) => *first = Cow::Owned(format!("\u{feff}{first}")),
            None => out.push(Cow::Borrowed("\u{feff}")),
        }
    }
    out
}

/// A hunk's line range as `diff -u` prints it: `START,LEN` (1-based), `START` alone when LEN is
/// 1, and the line before the range when it is empty.
struct Range(usize, usize);

impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.1 - self.0;
        match len {
            1 => write!(f, "{}", self.0 + 1),
            0 => write!(f, "{},0", self.0),
            _ => write!(f, "{},{}", self.0 + 1, len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aligned_diff_is_the_diff_of_texts_with_lines_changed_in_place() {
        // Every set of changed lines among 16 (and a last line with or without `\n`, CRLF).
        for mask in 0u32..(1 << 16) {
            for (end, eol) in [("\n", "\n"), ("", "\r\n")] {
                let n = 16;
                let old: Vec<String> = (0..n).map(|i| format!("line {i} kyiv")).collect();
                let new: Vec<String> = (0..n)
                    .map(|i| {
                        if mask & (1 << i) != 0 {
                            format!("line {i} Kyiv")
                        } else {
                            old[i].clone()
                        }
                    })
                    .collect();
                let (old, new) = (old.join(eol) + end, new.join(eol) + end);
                let aligned = unified_aligned("x.txt", old.as_bytes(), new.as_bytes())
                    .expect("same number of lines");
                assert_eq!(aligned, unified("x.txt", false, &old, &new), "{mask:b}");
            }
        }
        let err = unified_aligned("x", "a\nb\n".as_bytes(), "a\n".as_bytes()).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    }

    #[test]
    fn a_fixed_line_is_shown_against_the_line_it_was() {
        // The fixed first line equals the second: the shortest edit script pairs them.
        let (old, new) = (
            "friday\nFriday\nmonday\nMonday\n",
            "Friday\nFriday\nMonday\nMonday\n",
        );
        let aligned = of_fixes("x", false, old, new, true);
        assert_eq!(
            aligned,
            "--- a/x\n+++ b/x\n@@ -1,4 +1,4 @@\n-friday\n+Friday\n Friday\n-monday\n+Monday\n Monday\n"
        );
        assert_ne!(aligned, unified("x", false, old, new));
        // Fixes that moved line breaks: the line diff.
        assert_eq!(
            of_fixes("x", false, "a b\n", "a\nb\n", false),
            unified("x", false, "a b\n", "a\nb\n")
        );
        // With a byte order mark, on the first line as `unified` shows it.
        assert_eq!(
            of_fixes("x", true, "kyiv\n", "Kyiv\n", true),
            unified("x", true, "kyiv\n", "Kyiv\n")
        );
    }

    #[test]
    fn marks_missing_final_newline_and_keeps_crlf() {
        let d = unified("x.txt", false, "a\r\nkyiv", "a\r\nKyiv");
        assert!(d.starts_with("--- a/x.txt\n+++ b/x.txt\n@@ -1,2 +1,2 @@\n a\r\n-kyiv\n\\ No newline at end of file\n+Kyiv\n\\ No newline at end of file\n"), "{d:?}");
        assert_eq!(unified("x", false, "same", "same"), "");
    }

    #[test]
    fn a_byte_order_mark_shows_on_the_first_line_only() {
        let cases = [
            (
                "kyiv
b
", "Kyiv
b
",
            ),
            (
                "a
kyiv
", "a
Kyiv
",
            ),
            (
                "a
b
c
d
e
kyiv
",
                "a
b
c
d
e
Kyiv
",
            ),
            (
                "a
", "x
a
",
            ),
            (
                "a
b", "b",
            ),
            ("", "kyiv"),
            ("kyiv", ""),
        ];
        for (old, new) in cases {
            assert_eq!(
                unified("x", true, old, new),
                unified(
                    "x",
                    false,
                    &format!("\u{feff}{old}"),
                    &format!("\u{feff}{new}")
                ),
                "{old:?} -> {new:?}"
            );
        }
    }

    #[test]
    fn a_lone_cr_is_part_of_its_line() {
        assert_eq!(
            unified("x", false, "a\rkyiv\nb\n", "a\rKyiv\nb\n"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\rkyiv\n+a\rKyiv\n b\n"
        );
    }

    #[test]
    fn ranges_print_as_diff_u_does() {
        assert_eq!(Range(0, 1).to_string(), "1");
        assert_eq!(Range(4, 4).to_string(), "4,0");
        assert_eq!(Range(0, 0).to_string(), "0,0");
        assert_eq!(Range(2, 7).to_string(), "3,5");
    }

    #[test]
    fn separate_changes_get_separate_hunks() {
        let old: String = (0..20).map(|i| format!("l{i}\n")).collect();
        let new = old.replace("l2\n", "L2\n").replace("l17\n", "L17\n");
        let d = unified("x", false, &old, &new);
        assert_eq!(d.matches("\n@@ ").count(), 2, "{d}");
        assert!(d.contains("@@ -1,6 +1,6 @@\n"), "{d}");
        assert!(d.contains("@@ -15,6 +15,6 @@\n"), "{d}");
    }
}
