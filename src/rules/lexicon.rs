//! A word list of a language (one word a line, original case) used to refuse casing entries
//! that are ordinary words and to tell known words from foreign spellings.

use std::collections::HashSet;

/// The words of a language, split by whether they are attested in lowercase.
#[derive(Debug, Default)]
pub struct Lexicon {
    lower: HashSet<String>,
    all: HashSet<String>,
}

impl Lexicon {
    /// Parse a word list: one word a line, `#` comments and blank lines ignored.
    pub fn parse(text: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        for w in text.lines().map(str::trim) {
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            if !w.chars().any(char::is_uppercase) {
                lex.lower.insert(w.to_string());
            }
            lex.all.insert(w.to_lowercase());
        }
        lex
    }

    /// Whether `word`, lowercased, is written in lowercase in ordinary text (`turkey`, `may`).
    pub fn is_ordinary(&self, word: &str) -> bool {
        self.lower.contains(&word.to_lowercase())
    }

    /// Whether `word` is in the list in any case (`Caroline`, `turkey`).
    pub fn contains(&self, word: &str) -> bool {
        self.all.contains(&word.to_lowercase())
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_means_attested_in_lowercase() {
        let lex = Lexicon::parse("# c\nTurkey\nturkey\nKyiv\nMay\nmay\n");
        assert!(lex.is_ordinary("Turkey"));
        assert!(lex.is_ordinary("may"));
        assert!(!lex.is_ordinary("kyiv"));
        assert!(lex.contains("KYIV"));
        assert_eq!(lex.len(), 3);
    }
}
