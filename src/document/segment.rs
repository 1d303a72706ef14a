//! Sentence segmentation: a full stop, `?` or `!` ends a sentence unless it belongs to an
//! abbreviation (`a.m.`, `U.S.`, `Dr.`, `No. 3`, `e.g.`), an initial, a number or an ellipsis.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Abbreviations (lowercase, without the final full stop) after which a full stop does not end
/// a sentence when lowercase text or a number follows. Covers English plus the common ones of
/// the other languages mtlint reads.
pub const ABBREVIATIONS: &[&str] = &[
    "a.m", "p.m", "u.s", "u.k", "u.n", "e.g", "i.e", "etc", "vs", "approx", "dr", "mr", "mrs",
    "ms", "st", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "inc", "ltd", "co", "corp", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "lt",
    "col", "sgt", "capt", "cmdr", "adm", "maj", "mt", "ft", "fig", "vol", "ed", "al", "cf", "ca",
    "est", "dept", "univ", "ave", "blvd", "rd", "pp", "p", "op", "cit", "ibid", "viz", "mln", "bn",
    "nr", "incl", "excl", "sq", "cub", "max", "min", "avg", "tel", "ref", "resp", "govt", "intl",
    "bzw", "usw", "z.b", "d.h", "mme", "mlle", "env", "cf", "sr", "sra", "av", "núm", "pág",
];

/// Abbreviations that come before a name or a number (`Dr. Smith`, `Jan. 20`): after them a
/// full stop does not end a sentence even before a capital letter. (ASCII: no other character
/// lowercases to these letters, so comparing without regard to ASCII case is exact.)
const TITLES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "st", "prof", "gen", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
];

/// Whether `word` (the text just before a full stop, without it) is a known abbreviation or an
/// initial such as the `J` of `J. Smith`.
pub fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    if matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic()) {
        return true;
    }
    // This runs at every full stop: ASCII words are lowercased on the stack, not into a new
    // string (no abbreviation is longer than 8 bytes; lowercasing at most doubles a word).
    if word.len() > 16 {
        return false;
    }
    if word.is_ascii() {
        let mut buf = [0u8; 16];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        abbreviations().contains(&*lower)
    } else {
        abbreviations().contains(word.to_lowercase().as_bytes())
    }
}

/// [`ABBREVIATIONS`] as a set.
fn abbreviations() -> &'static HashSet<&'static [u8], foldhash::fast::FixedState> {
    static SET: OnceLock<HashSet<&'static [u8], foldhash::fast::FixedState>> = OnceLock::new();
    SET.get_or_init(|| ABBREVIATIONS.iter().map(|a| a.as_bytes()).collect())
}

/// The word (letters, digits and inner full stops) that ends at byte `end` of `text`. (Read
/// back byte by byte while the bytes are ASCII, character by character from the first that
/// is not: this runs at every full stop.)
pub fn word_before(text: &str, end: usize) -> &str {
    let bytes = text.as_bytes();
    let mut start = end;
    while let Some(&b) = start.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b >= 0x80 {
            start = word_start_by_chars(text, start);
            break;
        }
        if !(b.is_ascii_alphanumeric() || b == b'.') {
            break;
        }
        start -= 1;
    }
    &text[start..end]
}

/// Where the word of [`word_before`] that reaches back to byte `end` of `text` starts, read
/// character by character.
fn word_start_by_chars(text: &str, end: usize) -> usize {
    text[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(end, |(i, _)| i)
}

/// Whether the terminator at byte `at` (`.`, `?`, `!`) ends a sentence.
pub fn ends_sentence(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let term = bytes[at];
    let next = text[at + 1..].chars().next();
    // Ellipses and runs like `?!` end where the run ends.
    if matches!(next, Some('.' | '?' | '!')) {
        return false;
    }
    if term == b'.' {
        if at > 0 && bytes[at - 1] == b'.' {
            return false; // `...`
        }
        if matches!(next, Some(c) if c.is_alphanumeric()) {
            return false; // `3.5`, `example.com`
        }
        let word = word_before(text, at);
        let mut letters = word.chars();
        if matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase()) {
            return false; // an initial: `J. Smith`
        }
        if !word.is_empty() && is_abbreviation(word.trim_start_matches('.')) {
            // After an abbreviation a sentence ends only before a capital letter.
            let after = text[at + 1..].trim_start();
            return after.chars().next().is_some_and(|c| c.is_uppercase())
                && !TITLES.iter().any(|t| word.eq_ignore_ascii_case(t));
        }
    }
    true
}

/// Sentence ranges within each line (a line break always ends a sentence in plain text),
/// trimmed of surrounding white space: the reference the rules' lookups around a position
/// ([`sentence_start`], [`sentence_end`]) are tested against. The rules never cut a whole
/// document this way: the sentences they look at are few.
#[cfg(test)]
pub fn sentences(text: &str, lines: impl IntoIterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut terminators = memchr::memchr3_iter(b'.', b'?', b'!', text.as_bytes()).peekable();
    for line in lines {
        let mut start = line.start;
        while let Some(at) = terminators.next_if(|&at| at < line.end) {
            if at >= line.start && ends_sentence(text, at) {
                out.extend(Some(trimmed(text, start..at + 1)).filter(|r| !r.is_empty()));
                start = at + 1;
            }
        }
        out.extend(Some(trimmed(text, start..line.end)).filter(|r| !r.is_empty()));
    }
    out
}

/// Where the sentence that holds byte `at` of a line starts, untrimmed: after the last
/// terminator in `text[from..at]` that ends a sentence, or at `from`, which must be the start
/// of a line or the end of a sentence. A sentence's bounds depend only on the text around each
/// terminator ([`ends_sentence`]), so they can be found around any position.
pub fn sentence_start(text: &str, from: usize, at: usize) -> usize {
    memchr::memrchr3_iter(b'.', b'?', b'!', &text.as_bytes()[from..at])
        .map(|i| from + i)
        .find(|&t| ends_sentence(text, t))
        .map_or(from, |t| t + 1)
}

/// Where the sentence that holds byte `at` of a line that ends at `line_end` ends, untrimmed:
/// after the first terminator in `text[at..line_end]` that ends a sentence, or at the line's
/// end.
pub fn sentence_end(text: &str, at: usize, line_end: usize) -> usize {
    memchr::memchr3_iter(b'.', b'?', b'!', &text.as_bytes()[at..line_end])
        .map(|i| at + i)
        .find(|&t| ends_sentence(text, t))
        .map_or(line_end, |t| t + 1)
}

/// `text[r]` trimmed of white space, as `str::trim` trims it (an empty range if nothing is
/// left). ASCII white space is trimmed byte by byte; `str::trim_start`/`trim_end` take over at
/// the first byte of another character.
pub fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    // `char::is_whitespace` of an ASCII byte.
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let bytes = text.as_bytes();
    let (mut start, mut end) = (r.start, r.end);
    while start < end && space(bytes[start]) {
        start += 1;
    }
    if start < end && bytes[start] >= 0x80 {
        start = end - text[start..end].trim_start().len();
    }
    while end > start && space(bytes[end - 1]) {
        end -= 1;
    }
    if end > start && bytes[end - 1] >= 0x80 {
        end = start + text[start..end].trim_end().len();
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        let whole: Range<usize> = 0..t.len();
        sentences(t, [whole]).into_iter().map(|r| &t[r]).collect()
    }

    proptest::proptest! {
        /// The word before any character boundary is the one read character by character.
        #[test]
        fn the_word_before_is_read_back_as_by_characters(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Z", "9", ".", " ", "é", "Київ", "٣", "-", "\u{308}", "\n", "’", "_", "ß",
            ]), 0..20),
            cut in 0usize..100,
        ) {
            let text: String = parts.concat();
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let end = boundaries[cut % boundaries.len()];
            let start = word_start_by_chars(&text, end);
            proptest::prop_assert_eq!(word_before(&text, end), &text[start..end]);
        }
    }

    proptest::proptest! {
        /// A range is trimmed as `str::trim` trims it.
        #[test]
        fn ranges_are_trimmed_as_str_trim_does(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", " ", "\t", "\n", "\r", "\u{B}", "\u{C}", "\u{A0}", "\u{2003}", "é",
                "\u{85}", "\u{3000}", "x y", ".",
            ]), 0..12),
        ) {
            let text: String = parts.concat();
            let got = trimmed(&text, 0..text.len());
            let start = text.len() - text.trim_start().len();
            proptest::prop_assert_eq!(&text[got.clone()], text.trim());
            if !text.trim().is_empty() {
                proptest::prop_assert_eq!(got.start, start);
            }
        }
    }

    #[test]
    fn abbreviations_are_known_in_any_case_and_initials_are_abbreviations() {
        for w in ["e.g", "E.G", "Dr", "DR", "approx", "Núm", "NÚM", "J", "é"] {
            assert!(is_abbreviation(w), "{w}");
        }
        for w in ["", "Drs", "eg", "approxi", "Paris", "núme", "İ.g"] {
            assert!(!is_abbreviation(w), "{w}");
        }
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 8));
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("At 9 a.m. local time the U.S. team met Dr. Smith. Then it rained."),
            vec![
                "At 9 a.m. local time the U.S. team met Dr. Smith.",
                "Then it rained."
            ]
        );
        assert_eq!(
            split("Room No. 3 is approx. five metres wide."),
            vec!["Room No. 3 is approx. five metres wide."]
        );
        assert_eq!(
            split("He met J. Smith on Jan. 20 in St. Petersburg."),
            vec!["He met J. Smith on Jan. 20 in St. Petersburg."]
        );
        assert_eq!(split("Wait... what? Yes!"), vec!["Wait... what?", "Yes!"]);
        // Titles in any case; other abbreviations end a sentence before a capital.
        assert_eq!(
            split("MR. Jones came at 9 p.m. Then he left etc. The end."),
            vec!["MR. Jones came at 9 p.m.", "Then he left etc.", "The end."]
        );
    }

    #[test]
    fn a_line_break_ends_a_sentence_and_each_line_has_its_own() {
        let t = "One. Two\r\nthree. Four?\n\nFive\n. Six!";
        let doc = crate::document::Document::new(t, "en");
        let got: Vec<&str> = doc.sentences().iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(
            got,
            vec!["One.", "Two", "three.", "Four?", "Five", ".", "Six!"]
        );
    }

    #[test]
    fn ordinary_sentences_split() {
        assert_eq!(
            split("The conflict. offensive. It went on 3.5 km."),
            vec!["The conflict.", "offensive.", "It went on 3.5 km."]
        );
    }
}
