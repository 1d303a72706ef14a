//! `substitution`: replace whole words or phrases from a list (`Iermak` → `Yermak`), thousands
//! of entries in one Aho-Corasick pass. With `case = "match"` the ALL-CAPS form of an entry is
//! matched too and replaced in ALL CAPS; the lowercase form is never matched (a lowercased
//! foreign name may be an ordinary word: `poutine`).

use std::collections::HashMap;

use super::{Candidate, WordMatcher};

/// Which case shapes of an entry are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseMode {
    /// The entry as written and its ALL-CAPS form.
    Match,
    /// Only the entry exactly as written.
    Exact,
}

/// A compiled substitution list.
#[derive(Debug)]
pub struct Substitution {
    pub(super) automaton: WordMatcher,
    targets: Vec<Vec<String>>,
}

impl Substitution {
    /// Compile `entries` (variant → replacements, first is the default). Fails on an entry
    /// listed twice with different replacements.
    pub fn new(entries: &[(String, Vec<String>)], mode: CaseMode) -> Result<Substitution, String> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<String>> = Vec::new();
        let mut add = |pat: String, repl: Vec<String>| -> Result<(), String> {
            match index.get(&pat) {
                Some(&i) if targets[i] != repl => Err(format!(
                    "`{pat}` is listed twice with different replacements ({} and {})",
                    targets[i].join(" | "),
                    repl.join(" | ")
                )),
                Some(_) => Ok(()),
                None => {
                    index.insert(pat.clone(), patterns.len());
                    patterns.push(pat);
                    targets.push(repl);
                    Ok(())
                }
            }
        };
        for (variant, repl) in entries {
            if variant.trim().is_empty() || repl.is_empty() {
                return Err(format!("empty entry `{variant}`"));
            }
            if repl.iter().any(|r| r == variant) {
                return Err(format!("`{variant}` is replaced by itself"));
            }
            add(variant.clone(), repl.clone())?;
            let upper = variant.to_uppercase();
            if mode == CaseMode::Match && upper != *variant {
                add(upper, repl.iter().map(|r| r.to_uppercase()).collect())?;
            }
        }
        let automaton = WordMatcher::new(&patterns);
        Ok(Substitution { automaton, targets })
    }

    /// Number of patterns (entries and their case forms).
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Candidates from the list's whole-word matches (as [`WordMatcher::find`] gives them).
    pub(crate) fn candidates_from_hits(
        &self,
        hits: Vec<(std::ops::Range<usize>, usize)>,
        out: &mut Vec<Candidate>,
    ) {
        for (range, pat) in hits {
            let targets = &self.targets[pat];
            let mut c = Candidate::new(range, targets.clone());
            c.lower_to_unsafe = targets.len() > 1;
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn run(entries: &[(&str, &[&str])], mode: CaseMode, text: &str) -> Vec<(String, String)> {
        let entries: Vec<_> = entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect();
        let s = Substitution::new(&entries, mode).unwrap();
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        s.candidates_from_hits(s.automaton.find(doc.text), &mut out);
        out.into_iter()
            .map(|c| (text[c.range].to_string(), c.replacements[0].clone()))
            .collect()
    }

    #[test]
    fn whole_words_longest_first_and_caps() {
        let e: &[(&str, &[&str])] = &[
            ("Iermak", &["Yermak"]),
            ("Andriï", &["Andriy"]),
            ("Andriï Iermak", &["Andriy Yermak"]),
        ];
        assert_eq!(
            run(
                e,
                CaseMode::Match,
                "Andriï Iermak and IERMAK, not Iermakov or iermak"
            ),
            vec![
                ("Andriï Iermak".into(), "Andriy Yermak".into()),
                ("IERMAK".into(), "YERMAK".into())
            ]
        );
        assert_eq!(run(e, CaseMode::Exact, "IERMAK"), vec![]);
        // The full name fails its boundary, so the parts are used.
        assert_eq!(
            run(e, CaseMode::Match, "Andriï Iermakov"),
            vec![("Andriï".into(), "Andriy".into())]
        );
    }

    #[test]
    fn conflicting_duplicates_are_refused() {
        let e = vec![
            ("Kiew".to_string(), vec!["Kyiv".to_string()]),
            ("Kiew".to_string(), vec!["Kiev".to_string()]),
        ];
        assert!(Substitution::new(&e, CaseMode::Match)
            .unwrap_err()
            .contains("twice"));
    }
}
