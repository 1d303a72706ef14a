//! The text model: one document's text with its lines, sentences and protected spans, all as
//! byte ranges into the text. Line and column numbers are computed only when a finding is shown.

pub mod excerpt;
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
    chars: OnceLock<CharIndex>,
    names: OnceLock<Vec<Range<usize>>>,
    cyrillic: OnceLock<bool>,
    rival_words: OnceLock<Vec<Range<usize>>>,
    block: bool,
}

impl<'a> Document<'a> {
    /// Build the model of `text` in language `lang`.
    pub fn new(text: &'a str, lang: &str) -> Document<'a> {
        Document::with_original(text, text, lang)
    }

    /// Build the model of `text` (what rules see) for a file whose bytes are `original` (same
    /// length, same line breaks).
    pub fn with_original(text: &'a str, original: &'a str, lang: &str) -> Document<'a> {
        let line_starts = line_starts(text);
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
            chars: OnceLock::new(),
            names: OnceLock::new(),
            cyrillic: OnceLock::new(),
            rival_words: OnceLock::new(),
            block: false,
        }
    }

    /// This document as one block of a larger one (read a block at a time): rules whose
    /// findings depend on the whole document (a name spelled two ways, a context word) report
    /// what they would report if the condition held, and the caller decides once every block
    /// is read.
    pub fn in_block(mut self) -> Document<'a> {
        self.block = true;
        self
    }

    /// Whether this document is one block of a larger one (see [`Document::in_block`]).
    pub fn is_block(&self) -> bool {
        self.block
    }

    /// The 1-based line and 1-based column (in Unicode scalar values) of byte offset `at`.
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= at) - 1;
        let start = self.line_starts[line];
        let col = if at - start <= LONG_LINE {
            count_chars(&self.original.as_bytes()[start..at])
        } else {
            // A long line: counting from its start for every finding would be quadratic.
            let bytes = self.original.as_bytes();
            let index = self.chars.get_or_init(|| CharIndex::new(bytes));
            index.before(bytes, at) - index.before(bytes, start)
        };
        (line + 1, col + 1)
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

    /// The number of lines (a text without a final line break still has its last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line that byte offset `at` is on (a line's terminator belongs to it).
    pub fn line_of(&self, at: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= at)
    }

    /// The line that byte offset `at` is on, as [`Document::line_of`] gives it, for an `at` on
    /// line `from` or after: the search gallops forward from `from` (a pass over the text in
    /// order finds each next line in a few steps, not a binary search of every line).
    pub fn line_of_after(&self, at: usize, from: usize) -> usize {
        let starts = &self.line_starts[from.max(1) - 1..];
        let mut end = 1;
        while end < starts.len() && starts[end] <= at {
            end *= 2;
        }
        let end = end.min(starts.len());
        from.max(1) - 1 + end / 2 + starts[end / 2..end].partition_point(|&s| s <= at)
    }

    /// Every line's byte range, without line terminators.
    pub fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        (1..=self.line_starts.len()).map(|l| self.line_range(l))
    }

    /// Every sentence's range (abbreviation aware, trimmed): what
    /// [`Document::sentences_holding`] and [`Document::sentence_after`] are tested against.
    #[cfg(test)]
    pub fn sentences(&self) -> Vec<Range<usize>> {
        segment::sentences(self.text, self.lines())
    }

    /// The sentences (abbreviation aware, trimmed, within a line) that hold one of `runs`, runs of
    /// word characters in order and not overlapping, each sentence once and in order. They are
    /// found around the runs, not by cutting the whole text: no run straddles a sentence's end
    /// (terminators and line breaks are no word characters), so each lies in one sentence.
    /// A pass over the runs reads each byte of the text at most twice.
    pub fn sentences_holding<'s>(
        &'s self,
        runs: &'s [Range<usize>],
    ) -> impl Iterator<Item = Range<usize>> + 's {
        // The line of the last run, and where the last sentence found ends (untrimmed).
        let (mut line, mut end) = (1, 0);
        runs.iter().filter_map(move |run| {
            if run.start < end {
                return None;
            }
            line = self.line_of_after(run.start, line);
            let range = self.line_range(line);
            let start = segment::sentence_start(self.text, end.max(range.start), run.start);
            end = segment::sentence_end(self.text, run.end, range.end);
            Some(segment::trimmed(self.text, start..end))
        })
    }

    /// The sentence (abbreviation aware, trimmed) that starts at byte `start`, on line `line`,
    /// given that `start` is a sentence's start: the text before it on its line, back to the
    /// last sentence end, is white space.
    pub fn sentence_after(&self, line: usize, start: usize) -> Range<usize> {
        let end = segment::sentence_end(self.text, start, self.line_range(line).end);
        segment::trimmed(self.text, start..end)
    }

    /// Capitalized words of at least three letters (`Koursk`, not `KURSK` or `IoT`): the
    /// candidate names every romanization rule looks at, found once on first use.
    pub fn names(&self) -> &[Range<usize>] {
        self.names
            .get_or_init(|| crate::rules::kinds::romanization::names(self.text))
    }

    /// Whether [`Document::names`] is still to be found.
    pub fn lacks_names(&self) -> bool {
        self.names.get().is_none()
    }

    /// Give the document the [`Document::names`] another pass over its words found (ignored
    /// if it has them already).
    pub fn set_names(&self, names: Vec<Range<usize>>) {
        let _ = self.names.set(names);
    }

    /// Whether the text holds any Cyrillic letter (computed once; lets Latin-only texts skip
    /// script checks).
    pub fn has_cyrillic(&self) -> bool {
        *self
            .cyrillic
            .get_or_init(|| crate::language::has_cyrillic(self.text))
    }

    /// The runs of word characters that may hold a function word of another language than the
    /// document's ([`crate::language::RivalWords`]): what the untranslated-text rule counts
    /// words in. Found on first use, unless the word index's pass over the words found them
    /// first ([`Document::set_rival_word_runs`]).
    pub fn rival_word_runs(&self) -> &[Range<usize>] {
        self.rival_words
            .get_or_init(|| crate::language::RivalWords::of(&self.lang).runs_in(self.text))
    }

    /// Whether [`Document::rival_word_runs`] is still to be found.
    pub fn lacks_rival_word_runs(&self) -> bool {
        self.rival_words.get().is_none()
    }

    /// Give the document the [`Document::rival_word_runs`] another pass over its words found
    /// (ignored if it has them already).
    pub fn set_rival_word_runs(&self, runs: Vec<Range<usize>>) {
        let _ = self.rival_words.set(runs);
    }

    /// Whether `range` overlaps a span no rule may touch (URLs, e-mail addresses, handles).
    pub fn is_protected(&self, range: &Range<usize>) -> bool {
        let i = self.protected.partition_point(|p| p.end <= range.start);
        self.protected
            .get(i)
            .is_some_and(|p| p.start < range.end.max(range.start + 1))
    }
}

/// The byte offsets where the lines of `text` start (0, then just after each line feed). The
/// vector lives as long as the text: it is grown as lines are found (the copies cost less than
/// a count of the line feeds first) and trimmed when much of it is spare.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(64);
    starts.push(0);
    for feed in crate::scan::positions(bytes, *b"\n") {
        starts.push(feed + 1);
    }
    if starts.capacity() - starts.len() > starts.len() / 4 {
        starts.shrink_to_fit();
    }
    starts
}

/// Lines longer than this (in bytes) get their columns from a [`CharIndex`].
pub(crate) const LONG_LINE: usize = 4096;

/// The number of characters in valid UTF-8 `bytes`: the bytes that start a character.
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Character counts at every [`CharIndex::BLOCK`] bytes of a text, so that the column of any
/// offset costs at most one block of counting (built only when a finding sits on a long line).
#[derive(Debug, Clone)]
pub(crate) struct CharIndex {
    /// `before[k]`: characters starting before byte `k * BLOCK`.
    before: Vec<usize>,
}

impl CharIndex {
    const BLOCK: usize = 1024;

    /// The index of `bytes` (valid UTF-8).
    pub(crate) fn new(bytes: &[u8]) -> CharIndex {
        let mut before = Vec::with_capacity(bytes.len() / Self::BLOCK + 2);
        let mut total = 0;
        before.push(0);
        for block in bytes.chunks(Self::BLOCK) {
            total += count_chars(block);
            before.push(total);
        }
        CharIndex { before }
    }

    /// Characters starting before byte `at` of `bytes` (the text it was built from).
    pub(crate) fn before(&self, bytes: &[u8], at: usize) -> usize {
        let k = at / Self::BLOCK;
        self.before[k] + count_chars(&bytes[k * Self::BLOCK..at])
    }
}

/// URLs, e-mail addresses, @handles and #hashtags: text that is an identifier, not prose.
///
/// None of these contains whitespace, and each holds an anchor byte (`@`, `#`, `:`, or a `.`
/// followed by more of the word), so the regex runs only on the whitespace-delimited words
/// around anchors, not over the whole text: the same matches, at memchr speed on prose.
fn protected_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut done = 0;
    for at in anchors(bytes) {
        if at < done || !may_protect(bytes, at) {
            continue;
        }
        // The word holding the anchor, plus the character before it (a handle's match starts
        // with the character before `@`).
        let word_start = text[done..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(done, |(i, c)| done + i + c.len_utf8());
        let window_start = text[..word_start]
            .chars()
            .next_back()
            .map_or(word_start, |c| word_start - c.len_utf8())
            .max(done);
        let end = text[at..]
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(text.len(), |(i, _)| at + i);
        // The regex is compiled on the first anchor that may start a span: a short text
        // without one costs no compilation.
        let window = &text[window_start..end];
        let shift = |r: Range<usize>| window_start + r.start..window_start + r.end;
        if window.is_ascii() {
            out.extend(
                protected_regex_ascii()
                    .find_iter(window.as_bytes())
                    .map(|m| shift(m.range())),
            );
        } else {
            out.extend(
                protected_regex()
                    .find_iter(window)
                    .map(|m| shift(m.range())),
            );
        }
        done = end;
    }
    out
}

/// Offsets of the bytes `@`, `#`, `.` and `:`, in order.
fn anchors(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    crate::scan::positions(bytes, *b"@#.:")
}

/// The suffixes after a dot in [`protected_regex`]'s domains and file names.
const SUFFIXES: &[&str] = &[
    "com", "org", "net", "gov", "edu", "ua", "ru", "uk", "de", "fr", "eu", "io", "рф", "укр",
    "htm", "php", "asp", "pdf", "jpg", "jpeg", "png", "gif", "doc", "xls", "csv", "txt", "md",
];

/// Whether the anchor at `at` can be part of a protected span. Every protected span holds an
/// `@` or `#`, a `://`, or a dot that follows `www` or comes before one of the domain and file
/// suffixes of [`protected_regex`]; other anchors (a `:` in prose, the dots of `e.g.` or of a
/// version number) cannot start one, and the word's other anchors are still looked at.
fn may_protect(bytes: &[u8], at: usize) -> bool {
    match bytes[at] {
        b'.' => {
            let rest = &bytes[at + 1..];
            // (every suffix starts with a lowercase ASCII letter or the lead byte of `р` and
            // `у`: the dot that ends a sentence is passed over without comparing them all)
            (at >= 3 && &bytes[at - 3..at] == b"www")
                || rest
                    .first()
                    .is_some_and(|&b| b.is_ascii_lowercase() || b == 0xD1)
                    && SUFFIXES.iter().any(|s| rest.starts_with(s.as_bytes()))
        }
        b':' => bytes[at + 1..].starts_with(b"//"),
        _ => true,
    }
}

/// The protected-span pattern (see [`protected_regex`]).
const PROTECTED: &str = r"(?x)
    # No Unicode \b here: it would force the slow regex engine on non-ASCII text.
    (?:https?|ftp)://[^\s<>\x22]+         # URLs with a scheme
    | www\.[^\s<>\x22]+                   # bare www. URLs
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+        # e-mail addresses
    | (?:^|[^\w@\#])[@\#]\w[\w.-]*        # @handles and #hashtags
    | [\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|ua|ru|uk|de|fr|eu|io|рф|укр)(?-u:\b)(?:/[^\s]*)?  # bare domains
    | [\w./-]*\w\.(?:html?|php|aspx?|pdf|jpe?g|png|gif|docx?|xlsx?|csv|txt|md)(?-u:\b)  # file names
    ";

/// The protected spans' regex, with Unicode classes (`\w`, `\s`).
fn protected_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(PROTECTED).expect("built-in protected-span regex is valid"))
}

/// The same pattern with ASCII classes, for ASCII windows, where it matches exactly what
/// [`protected_regex`] matches. Its lazy DFAs are a fraction of the size: the Unicode `\w` of
/// the reverse search (which finds where a match starts) made each thread determinize states
/// for ~50 ms on a 60 MB English corpus.
fn protected_regex_ascii() -> &'static regex::bytes::Regex {
    static RE: OnceLock<regex::bytes::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::bytes::RegexBuilder::new(PROTECTED)
            .unicode(false)
            .build()
            .expect("built-in protected-span regex is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// The sentences found around runs of word characters are the whole text's sentences
        /// that hold one, and the sentence after any sentence's start is that sentence.
        #[test]
        fn sentences_found_around_runs_are_the_texts_sentences(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Kursk", "le", "3", "_", "é", "Київ", "\u{308}", " ", "\t", "\u{A0}", ".",
                "?", "!", "...", "Dr", "e.g", "J", "\n", "\r\n", "\r", "’", "-", "3.5", "U.S.",
            ]), 0..24),
            keep in proptest::collection::vec(proptest::bool::ANY, 24),
        ) {
            let text: String = parts.concat();
            let doc = Document::new(&text, "en");
            let sentences = doc.sentences();
            let runs: Vec<Range<usize>> = crate::scan::runs(&text, crate::rules::case::is_word_char)
                .enumerate()
                .filter(|(i, _)| keep[i % keep.len()])
                .map(|(_, r)| r)
                .collect();
            let want: Vec<Range<usize>> = sentences
                .iter()
                .filter(|s| runs.iter().any(|r| r.start >= s.start && r.end <= s.end))
                .cloned()
                .collect();
            let got: Vec<Range<usize>> = doc.sentences_holding(&runs).collect();
            proptest::prop_assert_eq!(got, want, "{:?}", text);
            // (every run lies inside one sentence)
            for r in &runs {
                proptest::prop_assert!(sentences.iter().any(|s| r.start >= s.start && r.end <= s.end));
            }
            for s in &sentences {
                proptest::prop_assert_eq!(doc.sentence_after(doc.line_of(s.start), s.start), s.clone());
            }
        }
    }

    #[test]
    fn every_suffix_starts_with_a_byte_the_dot_check_lets_through() {
        for suffix in SUFFIXES {
            let b = suffix.as_bytes()[0];
            assert!(b.is_ascii_lowercase() || b == 0xD1, "{suffix}");
        }
    }

    #[test]
    fn line_of_after_agrees_with_line_of() {
        let text = "a\n\nbc\r\nd\n\n\nefg\nh";
        let doc = Document::new(text, "en");
        for at in 0..=text.len() {
            for from in 1..=doc.line_of(at) {
                assert_eq!(
                    doc.line_of_after(at, from),
                    doc.line_of(at),
                    "{at} from {from}"
                );
            }
        }
    }

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
    fn columns_on_long_lines_come_from_the_index() {
        let line = "é".repeat(3000) + "kyiv " + &"ж".repeat(5000) + "end";
        let t = format!("first\n{line}\nlast");
        let d = Document::new(&t, "en");
        for needle in ["kyiv", "end", "last"] {
            let at = t.find(needle).unwrap();
            let start = t[..at].rfind('\n').unwrap() + 1;
            let expected = t[start..at].chars().count() + 1;
            assert_eq!(d.line_col(at).1, expected, "{needle}");
        }
        assert_eq!(d.line_col(t.find("end").unwrap()).0, 2);
    }

    #[test]
    fn anchored_search_finds_what_the_whole_text_search_finds() {
        // Every combination of a few fragments, four at a time: the same spans as the regex
        // over the whole text.
        let parts = [
            "http://", "www.", "www", "a@b", "@", "#", ".com", ".pdf", ".html", ".ua", "x", " ",
            "\u{a0}", ".", ")", "é", "ж", ":", "//", "-", "/", "\n", "_", "1", "docx", "\u{b}",
            "\u{85}", "<",
        ];
        let n = parts.len();
        for i in 0..n * n * n * n {
            let t: String = [i % n, i / n % n, i / (n * n) % n, i / (n * n * n)]
                .iter()
                .map(|&k| parts[k])
                .collect();
            let whole: Vec<_> = protected_regex().find_iter(&t).map(|m| m.range()).collect();
            assert_eq!(protected_spans(&t), whole, "{t:?}");
        }
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
