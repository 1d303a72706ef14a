//! Inputs: walking directories, input formats (what part of a file rules may see), and JSON
//! Lines batches.
//!
//! - [`expand`] turns the paths of the command line into the files to lint.
//! - [`format_for`] tells a file's format (the one given, else its extension).
//! - [`lintable`] gives the text rules may see: the file with everything that is not prose
//!   (Markdown code and link targets, subtitle timings, PO `msgid`s...) replaced by spaces of
//!   the same byte length. Every byte offset is the original's, so findings point into the
//!   file and fixes apply to it. [`touches_mask`] / [`drop_masked`] then discard the findings
//!   whose span covers masked bytes (a masked link target must never be "fixed").
//! - [`jsonl::for_each_document`] streams a JSON Lines batch, one document at a time.

pub mod jsonl;
mod markdown;
mod mask;
mod po;
mod subtitles;
mod walk;

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::cli::InputFormat;
use crate::error::Result;
use crate::rules::Finding;

pub use walk::DEFAULT_EXTENSIONS;

/// The files to lint, sorted by path and deduplicated.
///
/// - A path that is not a directory (a file, a named pipe, a symbolic link to a file) is
///   returned as given, whatever its extension and even if a `.gitignore` lists it, unless it
///   matches an `exclude` glob — by the path as given, by its file name, or (for a relative
///   path) by one of its parent directories (`drafts/a.md` with `--exclude drafts`).
///   `--exclude` wins over naming a file, so a pre-commit hook passing every changed file
///   still skips excluded ones. The same holds for a directory given (except `.` and `..`).
///   `-` (standard input) is returned as is.
/// - A directory is walked recursively. Skipped: hidden files and directories (name starting
///   with `.`), whatever `.gitignore` (also outside a git repository, and in parent
///   directories), `.ignore`, `.git/info/exclude` and git's global excludes file list, and
///   symbolic links (never followed while walking). Taken: files with one of the
///   [`DEFAULT_EXTENSIONS`] (case-insensitive) or matching an `include` glob, minus those
///   matching an `exclude` glob. A directory matching an `exclude` glob is not entered. An
///   `include` glob does not bring back a file that an ignore file or hiddenness skips.
/// - Globs are matched against the path relative to the walked directory, the path as walked
///   (without a leading `./`) and the file name; `*` does not cross `/` (use `**`), so `*.srt`
///   matches a file name anywhere and `drafts/**` everything under `drafts`. A trailing `/` in
///   a glob is ignored.
///
/// The result is sorted by path (ignoring a leading `./`) and deduplicated (`a.md` given twice,
/// or given and found by walking `.`, is linted once; paths are compared as written, not
/// resolved).
///
/// Errors: a path that does not exist (`PATH: no such file or directory`), a bad glob, or a
/// directory that cannot be read while walking (`DIR: permission denied`).
pub fn expand(paths: &[PathBuf], include: &[String], exclude: &[String]) -> Result<Vec<PathBuf>> {
    walk::expand(paths, include, exclude)
}

/// Like [`expand`], but a path that fails (missing, unreadable while walking) does not stop
/// the others: the files found are returned with one error per failing path, in the order
/// the paths were given, so a caller can report each error and lint the rest. A bad glob is
/// the only error and no file is returned.
pub fn expand_lenient(
    paths: &[PathBuf],
    include: &[String],
    exclude: &[String],
) -> (Vec<PathBuf>, Vec<crate::error::Error>) {
    walk::expand_lenient(paths, include, exclude)
}

/// The format of an input: the one given, or guessed from the file extension
/// (case-insensitive): `.md`/`.markdown` Markdown, `.srt` SubRip, `.vtt` WebVTT, `.po`/`.pot`
/// gettext, `.jsonl` JSON Lines, anything else (and standard input) plain text.
pub fn format_for(path: Option<&Path>, given: Option<InputFormat>) -> InputFormat {
    if let Some(f) = given {
        return f;
    }
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("md" | "markdown") => InputFormat::Markdown,
        Some("srt") => InputFormat::Srt,
        Some("vtt") => InputFormat::Vtt,
        Some("po" | "pot") => InputFormat::Po,
        Some("jsonl") => InputFormat::Jsonl,
        _ => InputFormat::Text,
    }
}

/// The text rules may see: the same bytes, with everything that must not be linted replaced by
/// ASCII spaces of the same byte length (`\n` and `\r` kept), so that every position is the
/// same as in the original file. A masked multi-byte character becomes as many spaces as it
/// has bytes, so the result is always valid UTF-8 of the same length. Never panics.
///
/// - **Text**, **Jsonl**: unchanged (a JSON Lines batch goes through [`jsonl`]; each document's
///   text is plain text).
/// - **Markdown** (CommonMark with tables, footnotes, strikethrough, task lists, heading
///   attributes and GFM alerts): only text is kept — headings, paragraphs, list items, table
///   cells, emphasised text, link text and image alt text. Masked: every syntax marker (`#`,
///   `>`, list bullets and numbers, emphasis delimiters, table pipes, link brackets), code
///   blocks and inline code, link and image destinations and titles, autolinks and bare
///   `http(s)://`/`www.` URLs, reference definitions, footnote references, raw HTML (blocks,
///   inline tags and comments), and YAML (`---`) or TOML (`+++`) front matter. A paragraph line
///   starting `-Putin` is text (CommonMark needs a space after a bullet), so `stray-bullet`
///   still sees it; a real list's `- ` is masked.
/// - **Srt**, **Vtt**: cue numbers and identifiers, timing lines (with their settings), the
///   `WEBVTT` header block and `NOTE`/`STYLE`/`REGION` blocks are masked; cue text stays,
///   minus formatting tags (`<i>`, `<font …>`, `<v Name>`, `<00:01.000>`, `{\an8}`) and a
///   dialogue dash starting a line (`-Where?`), which is subtitle style, not a stray bullet.
/// - **Po**: only the contents of `msgstr` / `msgstr[N]` strings stay (across continuation
///   lines), minus backslash escapes (`\n`, `\"`) and format placeholders (`%s`, `%(name)d`,
///   `%1$s`, `{0}`, `{name}`). The header entry (`msgid ""`), `msgid`, `msgid_plural`,
///   `msgctxt`, comments (`#`, including obsolete `#~` entries), keywords and quotes are
///   masked. A fix can therefore never touch an escape or a placeholder.
pub fn lintable(format: InputFormat, text: &str) -> Cow<'_, str> {
    match format {
        InputFormat::Text | InputFormat::Jsonl => Cow::Borrowed(text),
        InputFormat::Markdown => markdown::lintable(text),
        InputFormat::Srt => subtitles::lintable(text, false),
        InputFormat::Vtt => subtitles::lintable(text, true),
        InputFormat::Po => po::lintable(text),
    }
}

/// Whether `range` (a finding's span in `lintable`) covers masked bytes: bytes where
/// `lintable` differs from `original`. An empty range (an insertion) touches the mask when the
/// bytes on both sides of it are masked. A finding that touches the mask must be dropped: its
/// span holds syntax the rule did not see (a space-before-`?` rule matching the spaces that
/// stand for `](https://…)` would otherwise delete a link target). Ranges past the end, and
/// texts of different lengths, count as touching.
pub fn touches_mask(original: &str, lintable: &str, range: Range<usize>) -> bool {
    let (o, l) = (original.as_bytes(), lintable.as_bytes());
    if o.len() != l.len() || range.end > o.len() || range.start > range.end {
        return true;
    }
    if std::ptr::eq(o, l) {
        return false;
    }
    if range.is_empty() {
        let at = range.start;
        return at > 0 && at < o.len() && o[at - 1] != l[at - 1] && o[at] != l[at];
    }
    o[range.clone()] != l[range]
}

/// Drop the findings (from rules run on `lintable`) whose span touches masked bytes
/// ([`touches_mask`]); what remains can be fixed in `original`.
pub fn drop_masked(original: &str, lintable: &str, findings: &mut Vec<Finding>) {
    if std::ptr::eq(original, lintable) {
        return;
    }
    findings.retain(|f| !touches_mask(original, lintable, f.range.clone()));
}

/// A fix's replacement made safe to write into a file of `format`: in a PO string, `\`,
/// `"` and line breaks are escaped (`\\`, `\"`, `\n`), so that a suggestion such as `"Kyiv"`
/// (straight quotes) cannot end the string early. Other formats take the replacement as it
/// is.
pub fn escape_replacement(format: InputFormat, replacement: &str) -> Cow<'_, str> {
    if format != InputFormat::Po || !replacement.contains(['\\', '"', '\n', '\r', '\t']) {
        return Cow::Borrowed(replacement);
    }
    let mut out = String::with_capacity(replacement.len() + 8);
    for c in replacement.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [InputFormat; 6] = [
        InputFormat::Text,
        InputFormat::Markdown,
        InputFormat::Srt,
        InputFormat::Vtt,
        InputFormat::Po,
        InputFormat::Jsonl,
    ];

    #[test]
    fn format_from_extension_or_given() {
        let f = |p: &str| format_for(Some(Path::new(p)), None);
        assert_eq!(f("a/b.md"), InputFormat::Markdown);
        assert_eq!(f("README.MARKDOWN"), InputFormat::Markdown);
        assert_eq!(f("x.srt"), InputFormat::Srt);
        assert_eq!(f("x.VTT"), InputFormat::Vtt);
        assert_eq!(f("fr.po"), InputFormat::Po);
        assert_eq!(f("messages.pot"), InputFormat::Po);
        assert_eq!(f("batch.jsonl"), InputFormat::Jsonl);
        assert_eq!(f("notes.txt"), InputFormat::Text);
        assert_eq!(f("Makefile"), InputFormat::Text);
        assert_eq!(f(".md"), InputFormat::Text); // a hidden file named `.md` has no extension
        assert_eq!(format_for(None, None), InputFormat::Text);
        assert_eq!(
            format_for(Some(Path::new("x.md")), Some(InputFormat::Po)),
            InputFormat::Po
        );
        assert_eq!(format_for(None, Some(InputFormat::Srt)), InputFormat::Srt);
    }

    #[test]
    fn text_and_jsonl_are_borrowed_unchanged() {
        let t = "kyiv `x` <b>";
        assert!(matches!(lintable(InputFormat::Text, t), Cow::Borrowed(s) if s == t));
        assert!(matches!(lintable(InputFormat::Jsonl, t), Cow::Borrowed(s) if s == t));
    }

    #[test]
    fn replacements_are_escaped_for_po_only() {
        assert_eq!(
            escape_replacement(InputFormat::Po, "\"Kyiv\" a\\b\nc"),
            "\\\"Kyiv\\\" a\\\\b\\nc"
        );
        assert!(matches!(
            escape_replacement(InputFormat::Po, "Kyiv"),
            Cow::Borrowed("Kyiv")
        ));
        assert_eq!(escape_replacement(InputFormat::Markdown, "\"x\""), "\"x\"");
    }

    #[test]
    fn touches_mask_compares_bytes() {
        let o = "ab](u) ?";
        let l = "ab     ?";
        assert!(!touches_mask(o, l, 0..2));
        assert!(touches_mask(o, l, 2..7));
        assert!(!touches_mask(o, l, 6..7)); // a real space
        assert!(!touches_mask(o, l, 2..2)); // insertion at the edge of the mask
        assert!(touches_mask(o, l, 3..3)); // insertion inside it
        assert!(touches_mask(o, l, 7..9));
        assert!(touches_mask(o, "short", 0..1));
        assert!(!touches_mask(o, o, 0..8));
    }

    /// A tiny deterministic generator (no dependency needed for a smoke fuzz).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    fn random_text(rng: &mut Lcg) -> String {
        const PIECES: &[&str] = &[
            "kyiv",
            " ",
            "\n",
            "\r\n",
            "\n\n",
            "-",
            "#",
            ">",
            "*",
            "_",
            "`",
            "```",
            "~~~",
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "!",
            "\"",
            "\\",
            "|",
            "---",
            "+++",
            ":",
            "-->",
            "00:00:01,000",
            "1",
            "msgid",
            "msgstr",
            "msgstr[0]",
            "msgctxt",
            "\"\"",
            "#~",
            "WEBVTT",
            "NOTE",
            "%s",
            "{0}",
            "<!--",
            "-->",
            "http://",
            "www.",
            "é",
            "ї",
            "€",
            "𝄞",
            "\t",
            "&amp;",
            "<i>",
            "{\\an8}",
            "[^1]",
            "![",
            "](",
            "\\n",
            "=",
            "   ",
            "1.",
        ];
        let n = rng.next() % 60;
        let mut s = String::new();
        for _ in 0..n {
            if rng.next() % 5 == 0 {
                // Any scalar value, including controls and the BOM.
                let c = char::from_u32((rng.next() % 0x11000) as u32).unwrap_or('\u{feff}');
                s.push(c);
            } else {
                s.push_str(PIECES[(rng.next() as usize) % PIECES.len()]);
            }
        }
        s
    }

    #[test]
    fn fuzz_lintable_keeps_length_and_line_breaks() {
        let mut rng = Lcg(0x5eed);
        for _ in 0..4000 {
            let text = random_text(&mut rng);
            for f in ALL {
                let out = lintable(f, &text);
                assert_eq!(out.len(), text.len(), "{f:?} {text:?}");
                for (i, (a, b)) in text.bytes().zip(out.bytes()).enumerate() {
                    assert!(
                        a == b || b == b' ',
                        "{f:?} byte {i} became {b:?} in {text:?} -> {out:?}"
                    );
                    if a == b'\n' || a == b'\r' {
                        assert_eq!(a, b, "{f:?} line break masked in {text:?}");
                    }
                }
                // Masked text can be read again as the same format.
                let again = lintable(f, &out);
                assert_eq!(again.len(), out.len());
            }
        }
    }

    #[test]
    fn fuzz_lintable_on_arbitrary_bytes() {
        let mut rng = Lcg(42);
        for _ in 0..3000 {
            let n = (rng.next() % 80) as usize;
            let bytes: Vec<u8> = (0..n).map(|_| (rng.next() & 0xFF) as u8).collect();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            for f in ALL {
                let out = lintable(f, &text);
                assert_eq!(out.len(), text.len());
                assert_eq!(
                    out.bytes().filter(|&b| b == b'\n').count(),
                    text.bytes().filter(|&b| b == b'\n').count()
                );
            }
        }
    }
}
