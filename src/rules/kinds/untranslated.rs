//! `untranslated`: text left in another language than the document's — Cyrillic words inside
//! English (`дякуємо`), or a whole sentence in French inside an English article. Detection
//! only. A cheap function-word pre-filter decides which sentences the (slow) statistical
//! detector sees; names, titles and loanwords (`coup d'état`, `Bundestag`) are too short or too
//! poor in function words to be suspected.

use super::Candidate;
use crate::document::Document;
use crate::language::{foreign_spans, name};

/// A compiled untranslated-text rule.
#[derive(Debug)]
pub struct Untranslated {
    min_words: usize,
    min_confidence: f64,
}

impl Untranslated {
    /// Sentences of at least `min_words` words, flagged when the detector's confidence in
    /// another language reaches `min_confidence`.
    pub fn new(min_words: usize, min_confidence: f64) -> Result<Untranslated, String> {
        if !(2..=50).contains(&min_words) {
            return Err("`min_words` must be between 2 and 50".into());
        }
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err("`min_confidence` must be between 0 and 1".into());
        }
        Ok(Untranslated {
            min_words,
            min_confidence,
        })
    }

    pub(crate) fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        for f in foreign_spans(doc, self.min_words, self.min_confidence) {
            let mut c = Candidate::new(f.range, Vec::new());
            c.detail = name(&f.lang).to_string();
            out.push(c);
        }
    }
}
