//! What a review shows: the finding, a diff hunk of its change with word-level highlighting,
//! the suggestions, the prompt, the help and the summary. Everything is built as a `String`;
//! colour is plain ANSI SGR and only used when [`Style::color`] is set. Without colour the
//! changed words are marked with a `^` line under them instead.

use std::fmt::Write as _;
use std::ops::Range;

use similar::{ChangeTag, TextDiff};

use super::session::{choices, Counts};
use crate::document::Document;
use crate::rules::{Applicability, Finding};

/// Lines of context shown above and below a change.
pub const CONTEXT: usize = 2;

/// How output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour (ANSI escapes) on or off.
    pub color: bool,
    /// Columns available; long lines are cut to fit, around the change.
    pub width: usize,
}

impl Style {
    /// `s` in SGR style `code`, or `s` as is without colour.
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// SGR codes.
mod sgr {
    pub const BOLD: &str = "1";
    pub const DIM: &str = "2";
    pub const RED: &str = "31";
    pub const GREEN: &str = "32";
    pub const YELLOW_BOLD: &str = "1;33";
    pub const CYAN: &str = "36";
    pub const RED_WORD: &str = "1;7;31";
    pub const GREEN_WORD: &str = "1;7;32";
    pub const FLAG_WORD: &str = "1;4;33";
}

/// `text` in backticks, or a description when it is empty.
pub fn quoted(text: &str) -> String {
    if text.is_empty() {
        "nothing (delete it)".to_string()
    } else {
        format!("`{text}`")
    }
}

/// Where a finding sits in its round.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    /// 1-based number of the finding among those of the round.
    pub number: usize,
    /// Findings in the round.
    pub total: usize,
    /// 1 for the findings of the file as read, 2 for those the accepted changes caused.
    pub round: u8,
}

/// The lines a hunk shows: whole lines of text around a change.
#[derive(Debug, Clone, Copy)]
pub struct Excerpt<'a> {
    /// The lines, without the last one's terminator.
    pub text: &'a str,
    /// The number of its first line in the file (1-based).
    pub first_line: usize,
}

/// The byte range of the lines shown around `range` in `doc`: the lines it spans and
/// [`CONTEXT`] lines on each side (the empty "line" after a final line terminator excluded).
pub fn context(doc: &Document, range: &Range<usize>) -> Range<usize> {
    let mut count = doc.lines().count();
    if doc.text.ends_with('\n') && count > 1 {
        count -= 1;
    }
    let (l0, _) = doc.line_col(range.start.min(doc.text.len()));
    let (l1, _) = doc.line_col(range.end.min(doc.text.len()));
    let first = l0.saturating_sub(CONTEXT).max(1);
    let last = (l1 + CONTEXT).min(count).max(l1);
    doc.line_range(first).start..doc.line_range(last).end
}

/// The whole block shown for one finding: header (`name:line:col`, from `at`),
/// applicability, message, the hunk of its change in `excerpt` (`f.range` is relative to the
/// excerpt), suggestions.
pub fn finding(
    style: &Style,
    name: &str,
    at: (usize, usize),
    excerpt: Excerpt,
    f: &Finding,
    pos: Position,
) -> String {
    let (line, col) = at;
    let mut out = String::new();
    let round = if pos.round > 1 {
        ", caused by your changes"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{} {}",
        style.paint(sgr::BOLD, &format!("{name}:{line}:{col}: {}", f.rule)),
        style.paint(
            sgr::DIM,
            &format!("({} of {}{round})", pos.number, pos.total)
        ),
    );
    let level = match &f.fix {
        Some(x) if x.applicability == Applicability::Safe => style.paint(sgr::GREEN, "safe fix"),
        Some(_) => style.paint(sgr::YELLOW_BOLD, "UNSAFE fix: usually right, check it"),
        None if f.alternatives.is_empty() => {
            style.paint(sgr::CYAN, "detection only: no suggestion (n next, e edit)")
        }
        None => style.paint(sgr::CYAN, "no default fix: pick a suggestion or edit"),
    };
    let _ = writeln!(out, "  {level}: {}", f.message);
    let default = f.fix.as_ref().map(|x| x.replacement.as_str());
    out.push_str(&hunk(style, excerpt, &f.range, default));
    let list = choices(f);
    if list.len() > 1 || (default.is_none() && !list.is_empty()) {
        for (i, c) in list.iter().enumerate() {
            let note = if i == 0 && default.is_some() {
                " (default, shown above)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {}: replace with {}{note}", i + 1, quoted(c));
        }
    }
    out
}

/// One line to show: segments of text, emphasized or not.
type Segments = Vec<(bool, String)>;

/// A diff hunk of replacing `range` (relative to the excerpt) with `replacement` (or, with
/// `None`, the flagged span marked in its lines); every line of the excerpt is shown.
pub fn hunk(
    style: &Style,
    excerpt: Excerpt,
    range: &Range<usize>,
    replacement: Option<&str>,
) -> String {
    let old = excerpt.text;
    if range.start > range.end
        || !old.is_char_boundary(range.start)
        || !old.is_char_boundary(range.end)
    {
        return String::new();
    }
    let first = excerpt.first_line;
    let (s, e) = (range.start, range.end);
    let digits = (first + old.matches('\n').count()).to_string().len() + 1;
    let mut rows: Vec<(char, usize, Segments)> = Vec::new();
    match replacement {
        Some(repl) => {
            let new = format!("{}{repl}{}", &old[..s], &old[e..]);
            let diff = TextDiff::from_lines(old, new.as_str());
            for op in diff.ops() {
                for change in diff.iter_inline_changes(op) {
                    let (sign, index) = match change.tag() {
                        ChangeTag::Equal => (' ', change.old_index()),
                        ChangeTag::Delete => ('-', change.old_index()),
                        ChangeTag::Insert => ('+', change.new_index()),
                    };
                    let segs: Segments = change
                        .iter_strings_lossy()
                        .map(|(em, v)| (em, v.into_owned()))
                        .collect();
                    rows.push((sign, first + index.unwrap_or(0), segs));
                }
            }
        }
        None => {
            // Mark the span within each line.
            let mut offset = 0;
            for (k, line) in old.split('\n').enumerate() {
                let (ls, le) = (offset, offset + line.len());
                let (ms, me) = (s.clamp(ls, le) - ls, e.clamp(ls, le) - ls);
                let part = |r: Range<usize>| line.get(r).unwrap_or_default().to_string();
                let segs = vec![
                    (false, part(0..ms)),
                    (true, part(ms..me)),
                    (false, part(me..line.len())),
                ];
                rows.push((' ', first + k, segs));
                offset = le + 1;
            }
        }
    }
    let mut out = String::new();
    for (sign, number, segs) in rows {
        let segs = trim_line_end(segs);
        let gutter = format!("{sign}{number:>digits$} │ ");
        let room = style.width.saturating_sub(gutter.chars().count()).max(20);
        let (shown, marks) = window(&segs, room);
        let (line_code, word_code) = match sign {
            '-' => (sgr::RED, sgr::RED_WORD),
            '+' => (sgr::GREEN, sgr::GREEN_WORD),
            _ => (sgr::DIM, sgr::FLAG_WORD),
        };
        out.push_str(&style.paint(line_code, &gutter));
        for (em, part) in &shown {
            let code = if *em { word_code } else { line_code };
            out.push_str(&style.paint(code, part));
        }
        out.push('\n');
        let flagged = replacement.is_none() && marks.contains('^');
        if (!style.color || flagged) && marks.contains('^') {
            let _ = writeln!(
                out,
                "{}{}",
                " ".repeat(gutter.chars().count()),
                marks.trim_end()
            );
        }
    }
    out
}

/// Drop the line terminator from the end of a line's segments.
fn trim_line_end(mut segs: Segments) -> Segments {
    while let Some((_, last)) = segs.last_mut() {
        let trimmed = last.trim_end_matches(['\n', '\r']).len();
        last.truncate(trimmed);
        if last.is_empty() {
            segs.pop();
        } else {
            break;
        }
    }
    segs
}

/// Cut a line to `room` characters around its emphasized part, with `…` where text was cut;
/// also returns a line of `^` under the emphasized characters shown.
fn window(segs: &Segments, room: usize) -> (Segments, String) {
    let chars: Vec<(bool, char)> = segs
        .iter()
        .flat_map(|(em, s)| s.chars().map(move |c| (*em, c)))
        .collect();
    let total = chars.len();
    let (mut start, mut end) = (0, total);
    if total > room {
        let first_em = chars.iter().position(|(em, _)| *em).unwrap_or(0);
        start = first_em.saturating_sub(room / 3).min(total - room);
        end = start + room;
    }
    let mut shown: Segments = Vec::new();
    let mut marks = String::new();
    let mut push = |em: bool, c: char| {
        marks.push(if em { '^' } else { ' ' });
        match shown.last_mut() {
            Some((e, s)) if *e == em => s.push(c),
            _ => shown.push((em, c.to_string())),
        }
    };
    if start > 0 {
        push(false, '…');
        start += 1;
    }
    let cut_end = end < total;
    if cut_end {
        end -= 1;
    }
    for &(em, c) in chars.get(start..end).unwrap_or(&[]) {
        // Tabs would shift the `^` line: show them as one space.
        push(em, if c == '\t' { ' ' } else { c });
    }
    if cut_end {
        push(false, '…');
    }
    (shown, marks)
}

/// The keys that make sense for `f`, for the prompt.
pub fn prompt(style: &Style, f: &Finding, pos: Position, can_undo: bool) -> String {
    let n = choices(f).len();
    let mut keys: Vec<String> = Vec::new();
    if f.fix.is_some() {
        keys.push("y".into());
    }
    keys.push("n".into());
    match n {
        0 => {}
        1 if f.fix.is_some() => {}
        1 => keys.push("1".into()),
        _ => keys.push(format!("1-{}", n.min(9))),
    }
    keys.push("e".into());
    keys.extend(["a".to_string(), "d".to_string()]);
    if f.fix.is_some() {
        keys.push("A".into());
    }
    if can_undo {
        keys.push("u".into());
    }
    keys.extend(["q".to_string(), "?".to_string()]);
    let question = if n == 0 { "Next" } else { "Accept" };
    style.paint(
        sgr::BOLD,
        &format!(
            "({}/{}) {question}? [{}] ",
            pos.number,
            pos.total,
            keys.join(",")
        ),
    )
}

/// The help shown by `?`.
pub const HELP: &str = concat!(
    "  y    accept the default fix\n",
    "  n    leave this one as it is (next finding)\n",
    "  1-9  accept that suggestion, as numbered in the list (1 = the default fix)\n",
    "  e    type your own replacement for the flagged text\n",
    "  a    accept this and every remaining default fix in this file\n",
    "  d    leave the rest of this file as it is\n",
    "  A    accept this and every finding of this rule, in this and all remaining files\n",
    "  u    undo the previous decision in this file\n",
    "  q    write what was accepted in this file and stop\n",
    "  ?    this help\n",
);

/// One summary line for a file.
pub fn counts(c: &Counts) -> String {
    let mut s = format!(
        "{} accepted, {} edited, {} skipped",
        c.accepted, c.edited, c.skipped
    );
    if c.unreviewed > 0 {
        let _ = write!(s, ", {} not reviewed", c.unreviewed);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Fix, Severity};

    fn kyiv(text: &str) -> Finding {
        let start = text.find("kyiv").unwrap();
        Finding {
            rule: "lowercase-proper-noun".into(),
            severity: Severity::Warning,
            message: "`kyiv` is a proper noun: write `Kyiv`".into(),
            range: start..start + 4,
            fix: Some(Fix {
                replacement: "Kyiv".into(),
                applicability: Applicability::Safe,
            }),
            alternatives: vec!["KYIV".into()],
            priority: 0,
        }
    }

    /// The hunk of `range` in `text` with its context, as the review shows it.
    fn hunk_in(style: &Style, text: &str, range: &Range<usize>, repl: Option<&str>) -> String {
        let doc = Document::new(text, "en");
        let region = context(&doc, range);
        let excerpt = Excerpt {
            text: &text[region.clone()],
            first_line: doc.line_col(region.start).0,
        };
        let local = range.start - region.start..range.end - region.start;
        hunk(style, excerpt, &local, repl)
    }

    const PLAIN: Style = Style {
        color: false,
        width: 60,
    };

    #[test]
    fn hunk_has_context_and_marks_the_changed_word() {
        let text = "one\ntwo\nthree in kyiv today\r\nfour\nfive\nsix\n";
        let f = kyiv(text);
        let h = hunk_in(&PLAIN, text, &f.range, Some("Kyiv"));
        assert_eq!(
            h,
            "  1 │ one\n  2 │ two\n- 3 │ three in kyiv today\n               ^^^^\n+ 3 │ three in Kyiv today\n               ^^^^\n  4 │ four\n  5 │ five\n"
        );
        let colored = hunk_in(
            &Style {
                color: true,
                width: 60,
            },
            text,
            &f.range,
            Some("Kyiv"),
        );
        assert!(colored.contains("\x1b[1;7;31mkyiv\x1b[0m"), "{colored:?}");
        assert!(colored.contains("\x1b[1;7;32mKyiv\x1b[0m"), "{colored:?}");
        assert!(!colored.contains('^'));
    }

    #[test]
    fn long_lines_are_cut_around_the_change() {
        let text = format!("{} kyiv {}", "a".repeat(200), "b".repeat(200));
        let f = kyiv(&text);
        let h = hunk_in(&PLAIN, &text, &f.range, Some("Kyiv"));
        let lines: Vec<&str> = h.lines().collect();
        assert_eq!(lines.len(), 4, "{h}");
        assert!(
            lines[0].starts_with("- 1 │ …aaa") && lines[0].ends_with("bb…"),
            "{h}"
        );
        assert!(lines[0].contains(" kyiv "), "{h}");
        assert_eq!(lines[0].chars().count(), 60, "{h}");
        assert!(lines[2].contains(" Kyiv "), "{h}");
    }

    #[test]
    fn detection_only_marks_the_span_and_finding_lists_suggestions() {
        let text = "x kyiv y\n";
        let mut f = kyiv(text);
        let h = hunk_in(&PLAIN, text, &f.range, None);
        let excerpt = Excerpt {
            text: "x kyiv y",
            first_line: 1,
        };
        assert_eq!(h, "  1 │ x kyiv y\n        ^^^^\n");
        let pos = Position {
            number: 2,
            total: 5,
            round: 2,
        };
        let block = finding(&PLAIN, "a.txt", (1, 3), excerpt, &f, pos);
        assert!(
            block.starts_with(
                "a.txt:1:3: lowercase-proper-noun (2 of 5, caused by your changes)\n  safe fix: "
            ),
            "{block}"
        );
        assert!(
            block.contains(
                "  1: replace with `Kyiv` (default, shown above)\n  2: replace with `KYIV`\n"
            ),
            "{block}"
        );
        assert_eq!(
            prompt(&PLAIN, &f, pos, true),
            "(2/5) Accept? [y,n,1-2,e,a,d,A,u,q,?] "
        );
        f.fix = None;
        f.alternatives.clear();
        assert_eq!(prompt(&PLAIN, &f, pos, false), "(2/5) Next? [n,e,a,d,q,?] ");
        assert!(finding(&PLAIN, "a.txt", (1, 3), excerpt, &f, pos).contains("detection only"));
    }
}
