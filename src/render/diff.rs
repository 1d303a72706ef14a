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
                out.push(match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                });
                let line = change.value();
                out.push_str(&line);
                if !line.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
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
