//! `romanization`: names written with another language's romanization of Cyrillic (French
//! `Berdine`, `Tchassiv Iar`), found by convention rather than by list. A capitalized word that
//! matches a `triggers` pattern, is not in the `lexicon` (so not an English word or a known
//! name), in a document that mentions one of the `context` words, is rewritten by the ordered
//! `rewrites` into the target convention. The result is a guess: rules of this kind should be
//! `unsafe` or `none`.

use std::collections::HashSet;
use std::sync::Arc;

use regex::Regex;

use super::Candidate;
use crate::document::Document;
use crate::rules::case::is_word_char;
use crate::rules::lexicon::Lexicon;

/// A compiled convention detector.
#[derive(Debug)]
pub struct Romanization {
    triggers: Regex,
    /// `triggers` as a fully built DFA when it is small enough: asked about every name of a
    /// document, it needs no per-thread cache (a `Regex` takes one from its pool per call,
    /// which costs a lock on every thread but the first one that used it).
    dense: Option<Box<DenseDfa>>,
    rewrites: Vec<(Regex, String)>,
    lexicon: Option<Arc<Lexicon>>,
    context: HashSet<String>,
    /// Whether every context word is a name (see [`is_name`]): then only the document's
    /// names need looking at, not all its words.
    context_names: bool,
}

impl Romanization {
    /// Build the detector from compiled parts.
    pub fn new(
        triggers: Regex,
        rewrites: Vec<(Regex, String)>,
        lexicon: Option<Arc<Lexicon>>,
        context: &[String],
    ) -> Romanization {
        Romanization {
            dense: dense_dfa(triggers.as_str()).map(Box::new),
            triggers,
            rewrites,
            lexicon,
            context: context.iter().cloned().collect(),
            context_names: context.iter().all(|w| is_name(w)),
        }
    }

    /// Whether `word` matches `triggers`.
    fn triggers_match(&self, word: &str) -> bool {
        use regex_automata::{dfa::Automaton, Input};
        match &self.dense {
            Some(dfa) => match dfa.try_search_fwd(&Input::new(word).earliest(true)) {
                Ok(found) => found.is_some(),
                Err(_) => self.triggers.is_match(word),
            },
            None => self.triggers.is_match(word),
        }
    }

    /// The word rewritten into the target convention.
    pub fn rewrite(&self, word: &str) -> String {
        let mut w = word.to_string();
        for (re, to) in &self.rewrites {
            w = re.replace_all(&w, to.as_str()).into_owned();
        }
        w
    }

    /// Whether the rule only reports names in documents that hold one of its context words.
    pub fn needs_context(&self) -> bool {
        !self.context.is_empty()
    }

    /// Whether `text` holds one of the context words (or the rule needs none).
    pub fn in_context(&self, text: &str) -> bool {
        if self.context_names {
            self.context_in(text, &names(text))
        } else {
            self.context.is_empty() || words(text).any(|(_, w)| self.context.contains(w))
        }
    }

    /// [`Romanization::in_context`] for a document's text (its names are found once for
    /// every rule that needs them).
    pub fn in_context_of(&self, doc: &Document) -> bool {
        if self.context_names {
            self.context_in(doc.text, doc.names())
        } else {
            self.in_context(doc.text)
        }
    }

    /// Whether one of `names` (ranges of `text`) is a context word (every context word being
    /// a name, a word equal to one is among the names).
    fn context_in(&self, text: &str, names: &[std::ops::Range<usize>]) -> bool {
        self.context.is_empty()
            || names
                .iter()
                .any(|r| self.context.contains(&text[r.clone()]))
    }

    pub(crate) fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        let mut found = Vec::new();
        for r in doc.names() {
            let (start, w) = (r.start, &doc.text[r.clone()]);
            if !self.triggers_match(w) {
                continue;
            }
            if self.lexicon.as_ref().is_some_and(|l| l.contains(w)) {
                continue;
            }
            let fixed = self.rewrite(w);
            if fixed != w {
                found.push(Candidate::new(start..start + w.len(), vec![fixed]));
            }
        }
        // The context check costs a pass over the words (over the names, when the context
        // words are all names): do it only when something was found.
        // In a block of a larger document the caller checks the context.
        if !found.is_empty() && (doc.is_block() || self.in_context_of(doc)) {
            out.extend(found);
        }
    }
}

/// A fully built DFA (see [`Romanization::dense`]).
type DenseDfa = regex_automata::dfa::dense::DFA<Vec<u32>>;

/// The largest DFA built for `triggers` (bigger patterns keep their `Regex`).
const DENSE_LIMIT: usize = 1 << 20;

/// The DFA of `pattern` (as `Regex::new` reads it), unless it is too large or cannot be built
/// (the caller keeps the `Regex`). A search that gives up (a quit byte) falls back too.
fn dense_dfa(pattern: &str) -> Option<DenseDfa> {
    use regex_automata::dfa::{dense, StartKind};
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Unanchored)
                .dfa_size_limit(Some(DENSE_LIMIT))
                .determinize_size_limit(Some(DENSE_LIMIT)),
        )
        .build(pattern)
        .ok()
}

/// Words (maximal runs of word characters) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    crate::scan::runs(text, is_word_char).map(move |r| (r.start, &text[r]))
}

/// The capitalized words of `text` of at least three letters: an uppercase letter, then
/// lowercase only (`Koursk`; not `IoT`, `MagLatch`, `KURSK`). The words romanization rules
/// look at, found once per document for all of them (see [`Document::names`]).
///
/// A name starts with an uppercase letter, which is an ASCII capital or a character of two or
/// more bytes; the text is read 8 bytes at a time for those bytes only (a few in a hundred of
/// English prose), and the word is cut around each one that starts a word. The words of
/// [`words`] filtered by [`is_name`] are the definition this is tested against.
pub(crate) fn names(text: &str) -> Vec<std::ops::Range<usize>> {
    use crate::scan::HIGH_BITS as HIGH;
    // `is_word_char` of an ASCII byte.
    let ascii_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // Bytes before this offset belong to a word already looked at.
    let mut resume = 0;
    let mut base = 0;
    while base < bytes.len() {
        let x = match bytes.get(base..base + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])),
            None => bytes[base..]
                .iter()
                .rev()
                .fold(0u64, |k, &b| (k << 8) | u64::from(b)),
        };
        // Per byte, the high bit: an ASCII capital (bytes of seven bits + 0x3F reach 0x80 from
        // `A` on, + 0x25 from `[` on) or a byte ≥ 0x80.
        let low = x & !HIGH;
        let capital =
            low.wrapping_add(0x3F3F_3F3F_3F3F_3F3F) & !low.wrapping_add(0x2525_2525_2525_2525) & !x;
        let mut marks = (capital | x) & HIGH;
        while marks != 0 {
            let at = base + (marks.trailing_zeros() / 8) as usize;
            marks &= marks - 1;
            if at < resume || !text.is_char_boundary(at) {
                continue;
            }
            let starts_word = match at.checked_sub(1).map(|i| bytes[i]) {
                None => true,
                Some(b) if b < 0x80 => !ascii_word(b),
                Some(_) => text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !is_word_char(c)),
            };
            // (a capital then another: `KURSK`, `IoT` is left at its second letter)
            if !starts_word || bytes.get(at + 1).is_some_and(u8::is_ascii_uppercase) {
                continue;
            }
            let (first, len) = crate::scan::char_at(text, at);
            if !first.is_uppercase() {
                continue;
            }
            // The word's end: ASCII bytewise (a capital there ends the question), then
            // character by character if need be.
            let mut end = at + len;
            let mut capitals = false;
            while end < bytes.len() && ascii_word(bytes[end]) {
                capitals |= bytes[end].is_ascii_uppercase();
                end += 1;
            }
            if capitals {
                continue;
            }
            let name = if end < bytes.len() && bytes[end] >= 0x80 {
                end = crate::scan::run_end(text, end, is_word_char);
                is_name(&text[at..end])
            } else {
                // The first letter and at least two ASCII characters after it.
                end - (at + len) >= 2
            };
            if name {
                out.push(at..end);
            }
            resume = end;
        }
        base += 8;
    }
    out
}

/// Whether the word `text[word]` (a maximal run of word characters) is a name as [`names`]
/// finds them: [`is_name`], answered from the bytes when the word starts with an ASCII
/// character (which is a name's first letter only if it is a capital) and the rest is ASCII.
/// `raw` is the word's bytes packed ([`crate::scan::packed`]; `None` for a word of more than 8
/// bytes), loaded once by the caller for its other tests too: a word of up to 8 ASCII bytes is
/// told from them without a loop.
#[inline(always)]
pub(crate) fn word_is_name(text: &str, word: std::ops::Range<usize>, raw: Option<u64>) -> bool {
    let bytes = text.as_bytes();
    let first = bytes[word.start];
    if first < 0x80 {
        if !first.is_ascii_uppercase() || word.len() < 3 {
            return false;
        }
        match raw {
            // (the first byte is a capital: a name when it is the only one)
            Some(raw) if raw & crate::scan::HIGH_BITS == 0 => return ascii_capitals(raw) == 0x80,
            Some(_) => {}
            None => {
                let rest = &bytes[word.start + 1..word.end];
                if rest.is_ascii() {
                    return !rest.iter().any(u8::is_ascii_uppercase);
                }
            }
        }
    }
    is_name(&text[word])
}

/// The high bit of each byte of `raw` (ASCII bytes only, packed as [`crate::scan::packed`]
/// packs them) that is a capital `A`-`Z`: adding 0x3F reaches the high bit from `A` (0x41) on,
/// adding 0x25 from `[` (0x5B) on; seven-bit bytes do not carry into their neighbours.
#[inline(always)]
fn ascii_capitals(raw: u64) -> u64 {
    raw.wrapping_add(0x3F3F_3F3F_3F3F_3F3F)
        & !raw.wrapping_add(0x2525_2525_2525_2525)
        & crate::scan::HIGH_BITS
}

/// Whether `word` (a whole word) is a name as [`names`] finds them: an uppercase letter, then
/// at least two more characters, none uppercase.
fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().nth(1).is_some()
        && chars.all(|c| !c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kinds::Kind;

    #[test]
    fn capitals_are_told_from_packed_ascii_bytes() {
        for b in 0u8..0x80 {
            for at in 0..8 {
                let want = if b.is_ascii_uppercase() {
                    0x80 << (8 * at)
                } else {
                    0
                };
                // alone, and among the bytes that carry most (0x7F) and least (0x00)
                for fill in [0u64, 0x7F7F_7F7F_7F7F_7F7F] {
                    let raw = fill & !(0xFF << (8 * at)) | u64::from(b) << (8 * at);
                    assert_eq!(ascii_capitals(raw), want, "{b:#x} at {at} in {fill:#x}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The byte scan finds the names the words hold.
        #[test]
        fn names_are_the_words_that_are_names(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "Kursk", "kyiv", "IoT", "Éva", "Київ", "київ", "Al", "KURSK", "é", "É", " ", ".",
                "_", "1", "\u{308}", "Ab", "c", "Z", "\n", "Ǆa", "ǅab", "ß", "ẞxy", "-", "’",
                "aaaaaaa", "Bbbbbbbbbb",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            let want: Vec<_> = words(&text)
                .filter(|&(_, w)| is_name(w))
                .map(|(start, w)| start..start + w.len())
                .collect();
            proptest::prop_assert_eq!(names(&text), want);
        }
    }

    proptest::proptest! {
        /// With context words that are all names, looking among the names finds a context
        /// word exactly when looking among all the words does.
        #[test]
        fn the_context_is_found_among_the_names_as_among_the_words(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "Ukraine", "ukraine", "UKRAINE", "Ukraine's", "xUkraine", "Ukraine1", "Ukrainé",
                "_Ukraine", " ", ".", "é", "Київ", "-",
            ]), 0..12)
        ) {
            let text: String = parts.concat();
            let r = french();
            proptest::prop_assert!(r.context_names);
            let want = words(&text).any(|(_, w)| w == "Ukraine");
            proptest::prop_assert_eq!(r.in_context(&text), want);
            proptest::prop_assert_eq!(r.in_context_of(&Document::new(&text, "en")), want);
        }
    }

    /// The built-in rules' triggers are searched by a DFA, which answers as their regex does.
    #[test]
    fn the_triggers_dfa_answers_as_the_regex() {
        let set = crate::load(&[]).expect("built-in rules");
        let words = [
            "Tchassiv",
            "Iar",
            "Iouri",
            "Berdine",
            "Ukraine",
            "Caroline",
            "Kharkiw",
            "Selenskyj",
            "Pokrowsk",
            "Tschernihiw",
            "Jewhen",
            "Schmidt",
            "Paris",
            "Éva",
            "Київ",
            "Kyiv",
            "Wolodymyr",
            "Lwiw",
            "Mykolajiw",
            "Donezk",
            "Saporischschja",
            "Iéna",
            "Marïa",
            "Odessa",
            "Chasiv",
            "ss",
            "",
            "Jelena",
            "Kijewski",
            "Zelenskyy",
            "Rivne",
        ];
        let mut n = 0;
        for rule in &set.rules {
            let Kind::Romanization(r) = &rule.kind else {
                continue;
            };
            assert!(r.dense.is_some(), "{}: no DFA", rule.meta.id);
            for w in words {
                assert_eq!(
                    r.triggers_match(w),
                    r.triggers.is_match(w),
                    "{} {w}",
                    rule.meta.id
                );
            }
            n += 1;
        }
        assert!(n >= 2, "{n} romanization rules");
        // Some of the words trigger and some do not: the comparison says something.
        let Some(Kind::Romanization(fr)) = set.get("french-romanization").map(|r| &r.kind) else {
            panic!("no french-romanization rule");
        };
        assert!(fr.triggers_match("Tchassiv") && !fr.triggers_match("Paris"));
    }

    proptest::proptest! {
        /// On any word, the DFA and the regex agree.
        #[test]
        fn the_dfa_and_the_regex_agree(w in "[A-ZÉa-zïéšß]{0,12}") {
            let r = french();
            proptest::prop_assert!(r.dense.is_some());
            proptest::prop_assert_eq!(r.triggers_match(&w), r.triggers.is_match(&w));
        }
    }

    #[test]
    fn names_are_capitalized_words_of_three_letters_or_more() {
        let text = "Koursk, KURSK, IoT, Al, Éva, Ïa, Київ and MagLatch (kyiv) Tchassiv";
        let got: Vec<&str> = names(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, vec!["Koursk", "Éva", "Київ", "Tchassiv"]);
    }

    fn french() -> Romanization {
        let rw = |p: &str, r: &str| (Regex::new(p).unwrap(), r.to_string());
        Romanization::new(
            Regex::new(r"^(?:Tch|I[aeo])|tch|ï|ss|ine$").unwrap(),
            vec![
                rw("^Tch", "Ch"),
                rw("^Ia", "Ya"),
                rw("([aeiou])ss([aeiou])", "${1}s$2"),
                rw("ine$", "in"),
            ],
            Some(Arc::new(Lexicon::parse("Caroline\nUkraine\n"))),
            &["Ukraine".to_string()],
        )
    }

    #[test]
    fn rewrites_unknown_words_in_context() {
        let text = "Tchassiv Iar and Berdine, not Caroline, in Ukraine";
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        french().candidates(&doc, &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|c| (&text[c.range.clone()], c.replacements[0].as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Tchassiv", "Chasiv"),
                ("Iar", "Yar"),
                ("Berdine", "Berdin")
            ]
        );
    }

    #[test]
    fn needs_context() {
        let doc = Document::new("Berdine went to Paris.", "en");
        let mut out = Vec::new();
        french().candidates(&doc, &mut out);
        assert!(out.is_empty());
    }
}
