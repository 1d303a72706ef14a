//! `casing`: words that must be written exactly as listed (`Kyiv`, `NATO`, `January`). Their
//! all-lowercase form, as a whole word, is flagged and replaced by the listed form. Other shapes
//! (`KYIV` in a headline, `Nato` as a house style) are left alone.

use super::{Candidate, WordMatcher};

/// A compiled casing list.
#[derive(Debug)]
pub struct Casing {
    pub(super) automaton: WordMatcher,
    canonical: Vec<String>,
}

impl Casing {
    /// Compile the canonical forms. An entry with no uppercase letter is refused (it could never
    /// be miscased).
    pub fn new(words: &[String]) -> Result<Casing, String> {
        let mut canonical: Vec<String> = Vec::new();
        let mut lower: Vec<String> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for w in words {
            let l = w.to_lowercase();
            if l == *w {
                return Err(format!(
                    "`{w}` has no uppercase letter, so it can never be miscased"
                ));
            }
            if let Some(&i) = seen.get(&l) {
                if canonical[i] != *w {
                    return Err(format!("`{w}` and `{}` differ only in case", canonical[i]));
                }
                continue;
            }
            seen.insert(l.clone(), lower.len());
            lower.push(l);
            canonical.push(w.clone());
        }
        let automaton = WordMatcher::new(&lower);
        Ok(Casing {
            automaton,
            canonical,
        })
    }

    /// Candidates from the list's whole-word matches (as [`WordMatcher::find`] gives them).
    pub(crate) fn candidates_from_hits(
        &self,
        hits: Vec<(std::ops::Range<usize>, usize)>,
        out: &mut Vec<Candidate>,
    ) {
        for (range, pat) in hits {
            out.push(Candidate::new(range, vec![self.canonical[pat].clone()]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn flags_only_all_lowercase_whole_words() {
        let c = Casing::new(&["Kyiv".into(), "NATO".into(), "New York".into()]).unwrap();
        let text = "kyiv and KYIV and Kyiv, nato, kyivan, new york's";
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        c.candidates_from_hits(c.automaton.find(doc.text), &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|c| (&text[c.range.clone()], c.replacements[0].as_str()))
            .collect();
        assert_eq!(
            got,
            vec![("kyiv", "Kyiv"), ("nato", "NATO"), ("new york", "New York")]
        );
    }

    #[test]
    fn refuses_lowercase_and_case_duplicates() {
        assert!(Casing::new(&["kyiv".into()]).is_err());
        assert!(Casing::new(&["Nato".into(), "NATO".into()]).is_err());
    }
}
