//! `sentence-start`: a sentence that begins with a lowercase word right after the end of the
//! previous sentence on the same line (`…in Kursk. the offensive began…`), which MT leaves
//! when it splits or joins sentences. Sentence ends are abbreviation-aware (`a.m.`, `U.S.`,
//! `e.g.`); words with inner capitals (`eBay`, `iPhone`) and short runs (orphan fragments, a
//! rule of their own) are left alone.

use super::Candidate;
use crate::document::segment::{ends_sentence, word_before};
use crate::document::Document;
use crate::rules::case::capitalize;

/// A compiled sentence-start rule.
#[derive(Debug)]
pub struct SentenceStart {
    min_words: usize,
}

impl SentenceStart {
    /// Flag sentences of at least `min_words` words.
    pub fn new(min_words: usize) -> Result<SentenceStart, String> {
        if !(1..=50).contains(&min_words) {
            return Err("`min_words` must be between 1 and 50".into());
        }
        Ok(SentenceStart { min_words })
    }

    pub(crate) fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        let text = doc.text;
        let bytes = text.as_bytes();
        let mut line = 1;
        // Only sentences that follow another on the same line, after a full stop and spaces or
        // tabs. After a full stop that ends a word of four letters or more (not `?` or `!`,
        // which end names like `Yahoo!` and sit inside sentences; not short or dotted words,
        // which are often abbreviations mtlint does not know: `sq.`, `s.r.o.`).
        for stop in crate::scan::positions(bytes, *b".") {
            let start = stop
                + 1
                + bytes[stop + 1..]
                    .iter()
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
            // (what most full stops are turned away by: no lowercase letter follows)
            if !text[start..].chars().next().is_some_and(char::is_lowercase)
                || !ends_sentence(text, stop)
            {
                continue;
            }
            let prev = word_before(text, stop);
            if prev.contains('.') || prev.chars().filter(|c| c.is_alphabetic()).count() < 4 {
                continue;
            }
            line = doc.line_of_after(stop, line);
            out.extend(self.candidate(text, doc.sentence_after(line, start)));
        }
    }

    /// The candidate of sentence `s`, which follows a full stop that ends a word of four
    /// letters or more: its first word, when that is lowercase (not `eBay`), in a sentence of
    /// at least `min_words` words.
    fn candidate(&self, text: &str, s: std::ops::Range<usize>) -> Option<Candidate> {
        let sentence = &text[s.clone()];
        let word_len = sentence
            .find(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’' || c == '-'))
            .unwrap_or(sentence.len());
        let word = &sentence[..word_len];
        let first = word.chars().next();
        if !first.is_some_and(char::is_lowercase) || word.chars().any(char::is_uppercase) {
            return None;
        }
        if sentence.split_whitespace().count() < self.min_words {
            return None;
        }
        // (a lowercase letter without a capital, `ƫ`, has nothing to fix: reported, its "fix"
        // would change nothing and `fix` would never settle)
        let capital = capitalize(word);
        if capital == word {
            return None;
        }
        Some(Candidate::new(s.start..s.start + word_len, vec![capital]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<String> {
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        SentenceStart::new(4).unwrap().candidates(&doc, &mut out);
        out.into_iter().map(|c| c.replacements[0].clone()).collect()
    }

    /// The rule as it was first written: every sentence of the document, in order, each after
    /// a full stop asked for its candidate.
    fn by_sentences(rule: &SentenceStart, doc: &Document) -> Vec<Candidate> {
        let text = doc.text;
        let mut out = Vec::new();
        for s in doc.sentences() {
            let before = text[..s.start].trim_end_matches([' ', '\t']);
            let Some(stem) = before.strip_suffix('.') else {
                continue;
            };
            let prev = word_before(text, stem.len());
            if prev.contains('.') || prev.chars().filter(|c| c.is_alphabetic()).count() < 4 {
                continue;
            }
            out.extend(rule.candidate(text, s));
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]
        /// Looking at the full stops finds what looking at every sentence finds.
        #[test]
        fn the_full_stops_find_what_the_sentences_find(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "the", "Kursk", "offensive", "began", "iPhone", "état", "a", " ", "\t", "\u{A0}",
                ".", ". ", "?", "!", "...", "Dr", "e.g.", "\n", "\r\n", "’s", "-", "3.5", "U.S.",
                "sq.", "words", "ünd", "ƫ",
            ]), 0..24),
            min_words in 1usize..4,
        ) {
            let text: String = parts.concat();
            let doc = Document::new(&text, "en");
            let rule = SentenceStart::new(min_words).expect("rule");
            let mut got = Vec::new();
            rule.candidates(&doc, &mut got);
            let want = by_sentences(&rule, &doc);
            let key = |c: &Candidate| (c.range.clone(), c.replacements.clone());
            proptest::prop_assert_eq!(
                got.iter().map(key).collect::<Vec<_>>(),
                want.iter().map(key).collect::<Vec<_>>(),
                "{:?}", text
            );
        }
    }

    #[test]
    fn capitalizes_lowercase_sentence_starts() {
        assert_eq!(
            run("Troops advanced in Kursk. the offensive began at dawn."),
            vec!["The"]
        );
        assert!(run("They met at 9 a.m. local time and then left.").is_empty());
        assert!(run("It rose. eBay shares fell sharply today.").is_empty());
        assert!(run("It was the conflict. offensive.").is_empty());
        assert!(run("the first line starts lowercase but is not after a sentence end.").is_empty());
        assert!(run("Wait... and then it all began again.").is_empty());
        assert!(run("The fire covered 1000 sq. meters of the warehouse floor.").is_empty());
        assert!(run("He told Aha! and added that it was late.").is_empty());
        // A lowercase letter with no capital form (found by the fuzzer: the fix changed
        // nothing, so `fix` reported that the rule undid its own change).
        assert!(run("It was late. ƫhe offensive began at dawn.").is_empty());
    }
}
