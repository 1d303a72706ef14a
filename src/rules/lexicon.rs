//! A word list of a language (one word a line, original case) used to refuse casing entries
//! that are ordinary words and to tell known words from foreign spellings.
//!
//! The list is parsed lazily, on first lookup, into a sorted vector searched by bisection, with
//! a set of the words' hashes in front of it: most runs never look a word up, and those that
//! do pay a few milliseconds once. Most lookups are of words not in the list (the variants of a
//! name in the other cases), answered by the hash set alone.

use std::borrow::Cow;
use std::sync::OnceLock;

/// The words of a language.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// The list as read (a built-in list is not copied).
    text: Cow<'static, str>,
    words: OnceLock<Words>,
}

/// The parsed list: the words' byte ranges in the text, sorted and deduplicated, and their
/// hashes.
#[derive(Debug, Default)]
struct Words {
    sorted: Vec<(usize, usize)>,
    hashes: std::collections::HashSet<u64, foldhash::fast::FixedState>,
}

/// The hash of a word in [`Words::hashes`].
fn hash(word: &str) -> u64 {
    crate::scan::hash_bytes(word.as_bytes())
}

impl Lexicon {
    /// A lexicon over a word list: one word a line, `#` comments and blank lines ignored.
    pub fn parse(text: impl Into<Cow<'static, str>>) -> Lexicon {
        Lexicon {
            text: text.into(),
            words: OnceLock::new(),
        }
    }

    fn words(&self) -> &Words {
        self.words.get_or_init(|| {
            let mut at = 0;
            let mut out = Vec::new();
            for line in self.text.split_inclusive('\n') {
                let rest = line.trim_start();
                let w = rest.trim_end();
                if !w.is_empty() && !w.starts_with('#') {
                    let start = at + (line.len() - rest.len());
                    out.push((start, start + w.len()));
                }
                at += line.len();
            }
            let text = &self.text;
            let word = |&(s, e): &(usize, usize)| &text[s..e];
            // Generated lists come sorted (`LC_ALL=C sort -u` is byte order, as `str`
            // compares): checking costs a pass, sorting 75,000 words several milliseconds.
            if !out.is_sorted_by(|a, b| word(a) < word(b)) {
                out.sort_unstable_by(|a, b| word(a).cmp(word(b)));
                out.dedup_by(|a, b| word(a) == word(b));
            }
            let mut hashes: std::collections::HashSet<u64, foldhash::fast::FixedState> =
                std::collections::HashSet::with_capacity_and_hasher(out.len(), Default::default());
            hashes.extend(out.iter().map(|w| hash(word(w))));
            Words {
                sorted: out,
                hashes,
            }
        })
    }

    fn has_exact(&self, word: &str) -> bool {
        let (text, words) = (&self.text, self.words());
        words.hashes.contains(&hash(word))
            && words
                .sorted
                .binary_search_by(|&(s, e)| text[s..e].cmp(word))
                .is_ok()
    }

    /// Whether `word`, lowercased, is written in lowercase in ordinary text (`turkey`, `may`).
    pub fn is_ordinary(&self, word: &str) -> bool {
        self.has_exact(&word.to_lowercase())
    }

    /// Whether `word` is in the list as written, in lowercase, capitalized or in capitals
    /// (`Caroline`, `turkey`, `NATO`).
    pub fn contains(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.has_exact(word)
            || self.has_exact(&lower)
            || self.has_exact(&crate::rules::case::capitalize(&lower))
            || self.has_exact(&word.to_uppercase())
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words().sorted.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.words().sorted.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_means_attested_in_lowercase() {
        let lex = Lexicon::parse("# c\nTurkey\nturkey\nKyiv\nMay\nmay\nNATO\n");
        assert!(lex.is_ordinary("Turkey"));
        assert!(lex.is_ordinary("may"));
        assert!(!lex.is_ordinary("kyiv"));
        assert!(lex.contains("KYIV") && lex.contains("kyiv") && lex.contains("Nato"));
        assert!(!lex.contains("Kiev"));
        assert_eq!(lex.len(), 6);
    }

    #[test]
    fn lists_sorted_or_not_read_the_same() {
        for text in [
            "apple\napple\n  banana \n\tcherry\n",
            "\tcherry\n  banana \napple\napple",
        ] {
            let lex = Lexicon::parse(text.to_string());
            assert_eq!(lex.len(), 3, "{text:?}");
            for w in ["apple", "banana", "cherry", "Cherry"] {
                assert!(lex.contains(w), "{w} in {text:?}");
            }
            assert!(!lex.contains("banana ") && !lex.contains("anana"));
        }
    }
}
