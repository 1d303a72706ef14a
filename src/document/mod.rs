//! The text model: one document's text with its lines, sentences and protected spans, all as
//! byte ranges into the text. Line and column numbers are computed only when a finding is shown.

pub mod segment;

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// A document ready to be linted: the text plus everything rules share about it.
#[derive(Debug)]
pub struct Document<'a> {
    /// The text rules see (BOM already stripped). For formats such as Markdown, what must not be
    /// linted is blanked out with spaces of the same byte length, so offsets are the file's.
    pub text: &'a str,
    /// The file's text as it is (equal to `text` for plain text): where inline suppressions
    /// are read.
    pub original: &'a str,
    /// The language code rules are selected for (`en`, `fr`...).
    pub lang: String,
    line_starts: Vec<usize>,
    protected: Vec<Range<usize>>,
    sentences: OnceLock<Vec<Range<usize>>>,
    cyrillic: OnceLock<bool>,
}

impl<'a> Document<'a> {
    /// Build the model of `text` in language `lang`.
    pub fn new(text: &'a str, lang: &str) -> Document<'a> {
        Document::with_original(text, text, lang)
    }

    /// Build the model of `text` (what rules see) for a file whose bytes are `original` (same
    /// length, same line breaks).
    pub fn with_original(text: &'a str, original: &'a str, lang: &str) -> Document<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text));
        Document {
            text,
            original: if original.len() == text.len() {
                original
            } else {
                text
            },
            lang: lang.to_string(),
            line_starts,
            protected: protected_spans(text),
            sentences: OnceLock::new(),
            cyrillic: OnceLock::new(),
        }
    }

    /// The 1-based line and 1-based column (in Unicode scalar values) of byte offset `at`.
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= at) - 1;
        let start = self.line_starts[line];
        let col = self.original[start..at].chars().count() + 1;
        (line + 1, col)
    }

    /// The byte range of 1-based line `line`, without its line terminator.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts[line - 1];
        let mut end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Every line's byte range, without line terminators.
    pub fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        (1..=self.line_starts.len()).map(|l| self.line_range(l))
    }

    /// Sentence ranges (abbreviation aware), computed once on first use.
    pub fn sentences(&self) -> &[Range<usize>] {
        self.sentences
            .get_or_init(|| segment::sentences(self.text, &self.lines().collect::<Vec<_>>()))
    }

    /// Whether the text holds any Cyrillic letter (computed once; lets Latin-only texts skip
    /// script checks).
    pub fn has_cyrillic(&self) -> bool {
        *self
            .cyrillic
            .get_or_init(|| crate::language::has_cyrillic(self.text))
    }

    /// Whether `range` overlaps a span no rule may touch (URLs, e-mail addresses, handles).
    pub fn is_protected(&self, range: &Range<usize>) -> bool {
        let i = self.protected.partition_point(|p| p.end <= range.start);
        self.protected
            .get(i)
            .is_some_and(|p| p.start < range.end.max(range.start + 1))
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

/// URLs, e-mail addresses, @handles and #hashtags: text that is an identifier, not prose.
fn protected_spans(text: &str) -> Vec<Range<usize>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            # No Unicode \b here: it would force the slow regex engine on non-ASCII text.
            (?:https?|ftp)://[^\s<>\x22]+         # URLs with a scheme
            | www\.[^\s<>\x22]+                   # bare www. URLs
            | [\w.+-]+@[\w-]+(?:\.[\w-]+)+        # e-mail addresses
            | (?:^|[^\w@\#])[@\#]\w[\w.-]*        # @handles and #hashtags
            | [\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|ua|ru|uk|de|fr|eu|io|рф|укр)(?-u:\b)(?:/[^\s]*)?  # bare domains
            | [\w./-]*\w\.(?:html?|php|aspx?|pdf|jpe?g|png|gif|docx?|xlsx?|csv|txt|md)(?-u:\b)  # file names
            ",
        )
        .expect("built-in protected-span regex is valid")
    });
    re.find_iter(text).map(|m| m.range()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_lines() {
        let d = Document::new("ab\r\nZoë kyiv\nx", "en");
        assert_eq!(d.line_col(0), (1, 1));
        assert_eq!(d.line_col(4), (2, 1));
        let k = d.text.find("kyiv").unwrap();
        assert_eq!(d.line_col(k), (2, 5));
        assert_eq!(d.line_range(1), 0..2);
        assert_eq!(&d.text[d.line_range(2)], "Zoë kyiv");
        assert_eq!(d.lines().count(), 3);
    }

    #[test]
    fn urls_and_handles_are_protected() {
        let t = "see https://example.com/kyiv and #kyiv or a@kyiv.ua, kyiv-news.html but kyiv";
        let d = Document::new(t, "en");
        let at = |s: &str, nth: usize| {
            let i = t.match_indices(s).nth(nth).unwrap().0;
            i..i + s.len()
        };
        assert!(d.is_protected(&at("kyiv", 0)));
        assert!(d.is_protected(&at("kyiv", 1)));
        assert!(d.is_protected(&at("kyiv", 2)));
        assert!(d.is_protected(&at("kyiv", 3)));
        assert!(!d.is_protected(&at("kyiv", 4)));
    }
}
