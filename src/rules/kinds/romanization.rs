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
    rewrites: Vec<(Regex, String)>,
    lexicon: Option<Arc<Lexicon>>,
    context: HashSet<String>,
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
            triggers,
            rewrites,
            lexicon,
            context: context.iter().cloned().collect(),
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
        self.context.is_empty() || words(text).any(|(_, w)| self.context.contains(w))
    }

    pub(crate) fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        let mut found = Vec::new();
        for r in doc.names() {
            let (start, w) = (r.start, &doc.text[r.clone()]);
            if !self.triggers.is_match(w) {
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
        // The context check costs a pass over the words: do it only when something was found.
        // In a block of a larger document the caller checks the context.
        if !found.is_empty() && (doc.is_block() || self.in_context(doc.text)) {
            out.extend(found);
        }
    }
}

/// Words (maximal runs of word characters) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    crate::scan::runs(text, is_word_char).map(move |r| (r.start, &text[r]))
}

/// The capitalized words of `text` of at least three letters: an uppercase letter, then
/// lowercase only (`Koursk`; not `IoT`, `MagLatch`, `KURSK`). The words romanization rules
/// look at, found once per document for all of them (see [`Document::names`]).
///
/// Words that start with a lowercase ASCII letter, a digit or `_` (most words) are passed
/// over on their first byte.
pub(crate) fn names(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    words(text)
        .filter(|&(start, w)| {
            if !(bytes[start].is_ascii_uppercase() || bytes[start] >= 0x80) {
                return false;
            }
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.clone().nth(1).is_some()
                && chars.all(|c| !c.is_uppercase())
        })
        .map(|(start, w)| start..start + w.len())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
