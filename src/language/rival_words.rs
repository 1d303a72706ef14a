//! Where a document may hold function words of another language than its own, found in the
//! one pass over its words that the word-list rules already make (see
//! [`crate::rules::word_index::WordIndex::scan_with`]).
//!
//! The untranslated-text rule hands a sentence to the statistical detector only when
//! [`Rivals::suspect`] says so, and that needs a function word of some other language in the
//! sentence: more of that language's function words than of the document's, and at least two.
//! Counting function words sentence by sentence cut every sentence into words a second time;
//! now a sentence is counted only when a run of word characters inside it
//! ([`crate::rules::case::is_word_char`], the word index's runs) may hold such a word, which
//! most English sentences do not.
//!
//! A function word counted for a rival language is a maximal run of letters of its sentence
//! without an apostrophe (no rival language's function word holds one; a word with an inner
//! apostrophe is looked up whole and is none). Letters are word characters, so that run lies in
//! one run of word characters, where it is a maximal run of letters too: a sentence's edge
//! never cuts a run (terminators and line breaks are no word characters; see
//! [`crate::document::Document::sentences_holding`]). So a run of ASCII letters is looked up as
//! it is, and
//! a run with any other character (digits, `_`, non-ASCII letters, combining marks) has each of
//! its runs of letters looked up: the runs found are a superset of those the counting finds.

use std::ops::Range;
use std::sync::OnceLock;

use super::{stopwords, AsciiWords, Rivals};
use crate::scan::HIGH_BITS as HIGH;

/// The function words of the languages a document in one language is compared with, and only
/// those: a run of word characters that holds none cannot make a sentence suspect.
pub struct RivalWords {
    /// The languages compared with, one bit each (as [`Rivals::others`]).
    others: u32,
    /// Their all-ASCII function words of up to 8 bytes.
    ascii: AsciiWords,
    /// The byte length of the longest of their all-ASCII function words (longer than 8
    /// bytes, it is looked up as the counting does).
    longest_ascii: usize,
}

/// Which of the `len` bytes packed in `raw` are ASCII letters (their high bit set in the
/// answer), if all are ASCII: with bit 5 set (lowercase), a letter is from `a` (0x61) to `z`
/// (0x7A). Adding 0x1F reaches the high bit from `a` on, adding 0x05 from `{` on; bytes of
/// seven bits do not carry into their neighbours.
#[inline]
fn ascii_letters(raw: u64, len: usize) -> Option<u64> {
    if raw & HIGH != 0 {
        return None;
    }
    let low = raw | 0x2020_2020_2020_2020;
    let letters =
        low.wrapping_add(0x1F1F_1F1F_1F1F_1F1F) & !low.wrapping_add(0x0505_0505_0505_0505) & HIGH;
    Some(letters & (HIGH >> (8 * (8 - len))))
}

/// Whether `bytes` are all ASCII letters, eight at a time.
fn all_ascii_letters(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    let whole = chunks.by_ref().all(|c| {
        let raw = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        ascii_letters(raw, 8) == Some(HIGH)
    });
    let rest = chunks.remainder();
    whole
        && (rest.is_empty()
            || crate::scan::packed(rest, 0, rest.len()).and_then(|r| ascii_letters(r, rest.len()))
                == Some(HIGH >> (8 * (8 - rest.len()))))
}

impl RivalWords {
    /// The rival words of a document in `doc_lang` (built once per language of the stop-word
    /// table; every other language shares one set, compared with all Latin-script languages).
    pub fn of(doc_lang: &str) -> &'static RivalWords {
        static ALL: OnceLock<Vec<(&'static str, RivalWords)>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            let sw = stopwords();
            sw.langs
                .iter()
                .copied()
                .chain([""])
                .map(|lang| (lang, RivalWords::build(lang)))
                .collect()
        });
        let found = all.iter().find(|(l, _)| *l == doc_lang);
        // (the last entry, for the empty language code, is compared with every language)
        &found.or(all.last()).expect("one set at least").1
    }

    fn build(doc_lang: &str) -> RivalWords {
        let sw = stopwords();
        let others = Rivals::of(doc_lang).others;
        let words: Vec<(&str, u32)> = sw
            .words
            .iter()
            .filter(|(w, m)| *m & others != 0 && w.is_ascii())
            .map(|(w, m)| (*w, *m & others))
            .collect();
        let mut ascii = AsciiWords::with_room_for(words.len());
        let mut longest_ascii = 0;
        for (w, mask) in words {
            longest_ascii = longest_ascii.max(w.len());
            // (`add` files words of up to 8 bytes only)
            ascii.add(w, mask);
        }
        RivalWords {
            others,
            ascii,
            longest_ascii,
        }
    }

    /// Whether the run of word characters `text[run]` may hold a function word of a rival
    /// language (see the module's documentation): exact for a run of ASCII letters, a lookup
    /// of each run of letters otherwise.
    #[inline(always)]
    pub fn may_hold(&self, text: &str, run: Range<usize>) -> bool {
        let raw = crate::scan::packed(text.as_bytes(), run.start, run.len());
        self.may_hold_packed(text, run, raw)
    }

    /// [`RivalWords::may_hold`] given the run's bytes packed ([`crate::scan::packed`]; `None`
    /// for a run of more than 8 bytes), for a caller that loaded them already.
    #[inline(always)]
    pub fn may_hold_packed(&self, text: &str, run: Range<usize>, raw: Option<u64>) -> bool {
        let len = run.len();
        if let Some(raw) = raw {
            match ascii_letters(raw, len) {
                // (digits and `_` only)
                Some(0) => return false,
                Some(letters) if letters == HIGH >> (8 * (8 - len)) => {
                    return len <= self.longest_ascii && self.holds_packed(raw, len);
                }
                _ => {}
            }
        } else if len > self.longest_ascii && all_ascii_letters(&text.as_bytes()[run.clone()]) {
            // (ASCII letters only, longer than any function word)
            return false;
        }
        self.letters_may_hold(text, run)
    }

    /// [`RivalWords::may_hold`] for a run with other characters than ASCII letters: each of its
    /// runs of letters looked up as the counting looks words up.
    #[inline(never)]
    fn letters_may_hold(&self, text: &str, run: Range<usize>) -> bool {
        let bytes = text.as_bytes();
        if bytes[run.clone()].is_ascii() {
            // (numbers with letters, mostly; a byte loop: for runs this short, setting up
            // `runs_of_class` costs more, ~0.5 % of a `check`)
            let mut at = run.start;
            while at < run.end {
                if !bytes[at].is_ascii_alphabetic() {
                    at += 1;
                    continue;
                }
                let start = at;
                while at < run.end && bytes[at].is_ascii_alphabetic() {
                    at += 1;
                }
                if at - start <= self.longest_ascii && self.holds_ascii_letters(text, start..at) {
                    return true;
                }
            }
            return false;
        }
        static LETTER: OnceLock<crate::scan::AsciiClass> = OnceLock::new();
        let letter = LETTER.get_or_init(|| crate::scan::ascii_class(char::is_alphabetic));
        let is_letter = crate::scan::char_table::is_alphabetic;
        crate::scan::runs_of_class(&text[run.clone()], letter, is_letter).any(|piece| {
            let piece = run.start + piece.start..run.start + piece.end;
            let ascii = text[piece.clone()].is_ascii();
            self.holds(text, piece, ascii)
        })
    }

    /// [`RivalWords::holds`] for a run of ASCII letters: from the packed table when it is
    /// short enough to be filed there (all-ASCII function words of up to 8 bytes are).
    #[inline]
    fn holds_ascii_letters(&self, text: &str, word: Range<usize>) -> bool {
        match crate::scan::packed(text.as_bytes(), word.start, word.len()) {
            Some(raw) => self.holds_packed(raw, word.len()),
            None => self.holds(text, word, true),
        }
    }

    /// Whether the `len` ASCII letters packed in `raw` ([`crate::scan::packed`]) are a rival
    /// function word, in any case.
    #[inline]
    fn holds_packed(&self, raw: u64, len: usize) -> bool {
        self.ascii.get_key(AsciiWords::lowered(raw, len)).is_some()
    }

    /// Whether the word `text[word]` is a function word of a rival language, looked up as the
    /// counting looks words up.
    #[cold]
    fn holds(&self, text: &str, word: Range<usize>, ascii: bool) -> bool {
        stopwords()
            .mask(text, word, ascii, &mut String::new())
            .is_some_and(|m| m & self.others != 0)
    }

    /// The runs of word characters of `text` that may hold a rival function word, in order:
    /// what the word index collects in its pass, for a document whose rules have none.
    pub fn runs_in(&self, text: &str) -> Vec<Range<usize>> {
        crate::scan::runs(text, crate::rules::case::is_word_char)
            .filter(|r| self.may_hold(text, r.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_letters_are_told_from_other_bytes() {
        for (word, want) in [
            ("de", true),
            ("Der", true),
            ("azAZ", true),
            ("de2", false),
            ("d_e", false),
            ("@a", false),
            ("[a", false),
            ("`a", false),
            ("{a", false),
            ("abcdefgh", true),
            ("abcdefg1", false),
            ("é", false),
        ] {
            let raw = crate::scan::packed(word.as_bytes(), 0, word.len()).expect("packed");
            let all = HIGH >> (8 * (8 - word.len()));
            assert_eq!(ascii_letters(raw, word.len()) == Some(all), want, "{word}");
        }
        let letters =
            |w: &str| ascii_letters(crate::scan::packed(w.as_bytes(), 0, w.len())?, w.len());
        assert_eq!(letters("2024_1"), Some(0));
        assert_eq!(letters("a2"), Some(0x80));
        assert_eq!(letters("2é"), None);
        for (word, want) in [
            ("abcdefghi", true),
            ("abcdefghijklmnop", true),
            ("abcdefgh1", false),
            ("abcdefg1ijklmnop", false),
            ("abcdefghijklmnoé", false),
        ] {
            assert_eq!(all_ascii_letters(word.as_bytes()), want, "{word}");
        }
    }

    fn found<'a>(lang: &str, text: &'a str) -> Vec<&'a str> {
        RivalWords::of(lang)
            .runs_in(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]
        /// Every sentence the function-word counting finds suspect, in any language of the
        /// document, holds one of the runs: looking only at the sentences that hold one never
        /// changes an answer.
        #[test]
        fn no_suspect_sentence_is_filtered_out(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "de", "Der", "DIE", "und", "le", "les", "la", "el", "los", "für", "não", "że",
                "the", "and", "of", "it's", "'", "’", "l'", "2", "_", "x", "é", "\u{308}", " ",
                ".", "-", "/", "\n", "más", "Más", "ÜBER", "über", "się", "Київ", "и", "abcdefghij",
                "?", "!", "Dr. ", "3.5", "\r\n", "...",
            ]), 0..16),
            lang in proptest::sample::select(vec!["en", "fr", "de", "es", "pl", "uk", "xx"]),
        ) {
            let text: String = parts.concat();
            let rivals = Rivals::of(lang);
            let runs = RivalWords::of(lang).runs_in(&text);
            let doc = crate::document::Document::new(&text, lang);
            let holding: Vec<Range<usize>> = doc.sentences_holding(&runs).collect();
            for sentence in doc.sentences() {
                if rivals.suspect(&text[sentence.clone()], 2) {
                    proptest::prop_assert!(
                        holding.contains(&sentence), "{:?} in {:?}", sentence, text
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// A run with other characters than ASCII letters holds a rival function word exactly
        /// when one of its runs of letters, looked up as the counting looks words up, is one.
        #[test]
        fn the_runs_of_letters_of_a_run_are_looked_up_as_the_counting_does(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "de", "Der", "und", "le", "LES", "x", "2", "_", "9", "é", "für", "dans",
                "abcdefghij", "a", "y", "ein", "werden", "Quando",
            ]), 1..14),
            lang in proptest::sample::select(vec!["en", "fr", "de", "xx"]),
        ) {
            let text: String = parts.concat();
            let words = RivalWords::of(lang);
            let want = crate::scan::runs(&text, char::is_alphabetic).any(|piece| {
                let ascii = text[piece.clone()].is_ascii();
                words.holds(&text, piece, ascii)
            });
            proptest::prop_assert_eq!(words.letters_may_hold(&text, 0..text.len()), want);
        }
    }

    #[test]
    fn finds_the_function_words_of_other_languages_only() {
        let text = "The cat et le chien DER Hund 2der x_les für the and dans1 l'été";
        assert_eq!(
            found("en", text),
            vec!["le", "DER", "2der", "x_les", "für", "dans1", "été"]
        );
        // French words are the document's own in French; English ones are rivals there.
        assert_eq!(
            found("fr", text),
            vec!["The", "DER", "2der", "für", "the", "and"]
        );
    }
}
