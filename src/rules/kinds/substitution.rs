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
        use std::collections::hash_map::Entry;
        // The ALL-CAPS form of each entry where it differs (`case = "match"`), made first so
        // that every form can be filed by reference: a gazetteer has thousands of entries,
        // and copying each form into the index cost a third of loading the built-in rules.
        let upper: Vec<Option<(String, Vec<String>)>> = entries
            .iter()
            .map(|(variant, repl)| {
                if mode != CaseMode::Match {
                    return None;
                }
                let up = variant.to_uppercase();
                (up != *variant).then(|| (up, repl.iter().map(|r| r.to_uppercase()).collect()))
            })
            .collect();
        let mut index: HashMap<&str, usize, foldhash::fast::FixedState> =
            HashMap::with_capacity_and_hasher(entries.len() * 2, Default::default());
        let mut patterns: Vec<&str> = Vec::with_capacity(entries.len() * 2);
        let mut targets: Vec<Vec<String>> = Vec::with_capacity(entries.len() * 2);
        for ((variant, repl), up) in entries.iter().zip(&upper) {
            if variant.trim().is_empty() || repl.is_empty() {
                return Err(format!("empty entry `{variant}`"));
            }
            if repl.iter().any(|r| r == variant) {
                return Err(format!("`{variant}` is replaced by itself"));
            }
            // The entry, then its capitals.
            for (pat, repl) in
                std::iter::once((variant, repl)).chain(up.iter().map(|(p, r)| (p, r)))
            {
                match index.entry(pat.as_str()) {
                    Entry::Occupied(i) if targets[*i.get()] != *repl => {
                        return Err(format!(
                            "`{pat}` is listed twice with different replacements ({} and {})",
                            targets[*i.get()].join(" | "),
                            repl.join(" | ")
                        ))
                    }
                    Entry::Occupied(_) => {}
                    Entry::Vacant(slot) => {
                        slot.insert(patterns.len());
                        patterns.push(pat);
                        targets.push(repl.clone());
                    }
                }
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

    #[test]
    fn agreeing_duplicates_are_one_pattern_and_bad_entries_are_named() {
        let e = |list: &[(&str, &str)]| -> Vec<(String, Vec<String>)> {
            list.iter()
                .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
                .collect()
        };
        let same = e(&[("Kiew", "Kyiv"), ("Charkiw", "Kharkiv"), ("Kiew", "Kyiv")]);
        let s = Substitution::new(&same, CaseMode::Match).expect("agreeing duplicates");
        assert_eq!(s.len(), 4, "Kiew, KIEW, Charkiw, CHARKIW");
        assert_eq!(
            Substitution::new(&same, CaseMode::Exact).map(|s| s.len()),
            Ok(2)
        );
        // The capitals of one entry clash with another entry.
        let clash = e(&[("Lwiw", "Lviv"), ("LWIW", "Lvov")]);
        let err = Substitution::new(&clash, CaseMode::Match).unwrap_err();
        assert!(err.contains("`LWIW` is listed twice"), "{err}");
        assert!(Substitution::new(&clash, CaseMode::Exact).is_ok());
        for (bad, why) in [
            (e(&[("Kiew", "Kyiv"), (" ", "x")]), "empty entry"),
            (e(&[("Kyiv", "Kyiv")]), "replaced by itself"),
        ] {
            let err = Substitution::new(&bad, CaseMode::Match).unwrap_err();
            assert!(err.contains(why), "{err}");
        }
    }
}
