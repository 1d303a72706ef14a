//! `consistency`: one name spelled two ways in one document (`Zelensky` and `Zelenskyy`). Each
//! group lists the preferred form first, then its variants; when a document holds two or more
//! forms of a group, every occurrence of a form other than the preferred one is flagged with
//! the preferred form as the suggestion.

use super::{Candidate, WordMatcher};

/// A compiled consistency rule.
#[derive(Debug)]
pub struct Consistency {
    pub(super) automaton: WordMatcher,
    /// For each pattern: (group index, whether it is the group's preferred form).
    members: Vec<(usize, bool)>,
    preferred: Vec<String>,
}

impl Consistency {
    /// Compile groups (`[preferred, variant, ...]`, at least two forms each; a form may belong
    /// to one group only).
    pub fn new(groups: &[Vec<String>]) -> Result<Consistency, String> {
        let mut patterns: Vec<String> = Vec::new();
        let mut members = Vec::new();
        let mut preferred = Vec::new();
        for (g, forms) in groups.iter().enumerate() {
            if forms.len() < 2 {
                return Err(format!(
                    "group `{}` needs a preferred form and at least one variant",
                    forms.join(" ")
                ));
            }
            for (i, f) in forms.iter().enumerate() {
                if patterns.contains(f) {
                    return Err(format!("`{f}` is in two groups"));
                }
                patterns.push(f.clone());
                members.push((g, i == 0));
            }
            preferred.push(forms[0].clone());
        }
        let automaton = WordMatcher::new(&patterns);
        Ok(Consistency {
            automaton,
            members,
            preferred,
        })
    }

    /// The group of the form at pattern index `pattern` (as [`WordMatcher::find`] numbers
    /// the forms).
    pub fn group_of(&self, pattern: usize) -> usize {
        self.members[pattern].0
    }

    /// Candidates from the list's whole-word matches (as [`WordMatcher::find`] gives them).
    /// With `every_group_mixed` (a block of a larger document, see
    /// [`crate::document::Document::in_block`]), every variant is a candidate, as if each
    /// group appeared in two forms; the caller keeps those of groups that do.
    pub(crate) fn candidates_from_hits(
        &self,
        hits: Vec<(std::ops::Range<usize>, usize)>,
        every_group_mixed: bool,
        out: &mut Vec<Candidate>,
    ) {
        // Which groups appear in two or more forms?
        let mut forms_seen: Vec<Vec<usize>> = vec![Vec::new(); self.preferred.len()];
        for (_, pat) in &hits {
            let g = self.members[*pat].0;
            if !forms_seen[g].contains(pat) {
                forms_seen[g].push(*pat);
            }
        }
        for (range, pat) in hits {
            let (g, is_preferred) = self.members[pat];
            if (every_group_mixed || forms_seen[g].len() >= 2) && !is_preferred {
                out.push(Candidate::new(range, vec![self.preferred[g].clone()]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn run(text: &str) -> Vec<(String, String)> {
        let groups = vec![
            vec![
                "Zelensky".to_string(),
                "Zelenskyy".to_string(),
                "Zelenskiy".to_string(),
            ],
            vec!["Kyiv".to_string(), "Kiev".to_string()],
        ];
        let c = Consistency::new(&groups).unwrap();
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        c.candidates_from_hits(c.automaton.find(doc.text), false, &mut out);
        out.into_iter()
            .map(|c| (text[c.range].to_string(), c.replacements[0].clone()))
            .collect()
    }

    #[test]
    fn flags_minority_forms_only_when_mixed() {
        assert!(run("Zelenskyy met Zelenskyy's aides in Kyiv.").is_empty());
        assert_eq!(
            run("Zelensky spoke. Later Zelenskyy and Zelenskiy's office said so."),
            vec![
                ("Zelenskyy".into(), "Zelensky".into()),
                ("Zelenskiy".into(), "Zelensky".into())
            ]
        );
        assert_eq!(
            run("Zelenskyy and Zelenskiy"),
            vec![
                ("Zelenskyy".into(), "Zelensky".into()),
                ("Zelenskiy".into(), "Zelensky".into())
            ]
        );
    }

    #[test]
    fn refuses_bad_groups() {
        assert!(Consistency::new(&[vec!["A".into()]]).is_err());
        assert!(
            Consistency::new(&[vec!["A".into(), "B".into()], vec!["C".into(), "B".into()]])
                .is_err()
        );
    }
}
