//! The masking primitive shared by the input formats: a per-byte visibility map over a text,
//! turned into a same-length text where hidden characters are spaces.

use std::borrow::Cow;
use std::ops::Range;

/// Which bytes of a text rules may see.
#[derive(Debug)]
pub(crate) struct Mask<'a> {
    text: &'a str,
    visible: Vec<bool>,
}

impl<'a> Mask<'a> {
    /// A mask hiding everything (formats then show what is prose).
    pub(crate) fn hidden(text: &'a str) -> Mask<'a> {
        Mask {
            text,
            visible: vec![false; text.len()],
        }
    }

    /// The text masked.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// Make `range` visible (clamped to the text).
    pub(crate) fn show(&mut self, range: Range<usize>) {
        self.set(range, true);
    }

    /// Hide `range` (clamped to the text).
    pub(crate) fn hide(&mut self, range: Range<usize>) {
        self.set(range, false);
    }

    /// Whether the byte at `at` is visible.
    pub(crate) fn is_visible(&self, at: usize) -> bool {
        self.visible.get(at).copied().unwrap_or(false)
    }

    fn set(&mut self, range: Range<usize>, value: bool) {
        let end = range.end.min(self.visible.len());
        if range.start < end {
            self.visible[range.start..end].fill(value);
        }
    }

    /// The masked text: every character whose first byte is hidden becomes as many ASCII spaces
    /// as it has bytes, except `\n` and `\r`, which are always kept. Borrowed when nothing
    /// changes.
    pub(crate) fn finish(self) -> Cow<'a, str> {
        let text = self.text;
        let changes = text
            .char_indices()
            .any(|(i, c)| !self.visible[i] && c != ' ' && c != '\n' && c != '\r');
        if !changes {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut run_start = 0; // start of the current run of visible text not yet copied
        for (i, c) in text.char_indices() {
            if self.visible[i] || c == '\n' || c == '\r' {
                continue;
            }
            out.push_str(&text[run_start..i]);
            for _ in 0..c.len_utf8() {
                out.push(' ');
            }
            run_start = i + c.len_utf8();
        }
        out.push_str(&text[run_start..]);
        Cow::Owned(out)
    }
}

/// The lines of `text` as `(start, end)` byte offsets of their content, without `\n` or
/// `\r\n`.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |l| {
        let s = start;
        start += l.len();
        let body = l.strip_suffix('\n').unwrap_or(l);
        let body = body.strip_suffix('\r').unwrap_or(body);
        s..s + body.len()
    })
}

/// Test helper: assert that `actual` (the masked `text`) matches `pattern`, written under
/// `text` with one character per character of `text`: `·` for a masked character (spaces of
/// its byte length in `actual`), anything else for a character that stays as it is.
#[cfg(test)]
#[track_caller]
pub(crate) fn assert_masked(text: &str, actual: &str, pattern: &str) {
    assert_eq!(
        text.chars().count(),
        pattern.chars().count(),
        "pattern length for {text:?}"
    );
    let mut expected = String::new();
    for (c, p) in text.chars().zip(pattern.chars()) {
        if p == '·' && c != '·' {
            expected.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            assert_eq!(c, p, "pattern {pattern:?} does not follow {text:?}");
            expected.push(c);
        }
    }
    assert_eq!(actual, expected, "\n text: {text:?}\n want: {pattern:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_chars_become_spaces_of_their_byte_length() {
        let t = "aé€𝄞\r\nb";
        let mut m = Mask::hidden(t);
        m.show(0..1);
        let out = m.finish();
        assert_eq!(out, format!("a{}\r\n ", " ".repeat(9)));
        assert_masked(t, &out, "a···\r\n·");
    }

    #[test]
    fn nothing_hidden_borrows() {
        let t = "ab";
        let mut m = Mask::hidden(t);
        m.show(0..99);
        assert!(matches!(m.finish(), Cow::Borrowed(_)));
        // Hiding only spaces and line breaks changes nothing either.
        assert!(matches!(
            Mask::hidden(" \n\r\n ").finish(),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn lines_strip_terminators() {
        let t = "a\r\nbc\n\nd";
        let got: Vec<&str> = lines(t).map(|r| &t[r]).collect();
        assert_eq!(got, vec!["a", "bc", "", "d"]);
        assert_eq!(lines("").count(), 0);
    }
}
