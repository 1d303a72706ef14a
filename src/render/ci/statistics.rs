//! `--statistics`: how many findings each rule has, most first.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt::Write;

use crate::render::FileReport;
use crate::rules::Finding;

/// One line per rule with findings, `  12  lowercase-proper-noun`, sorted by count (highest
/// first) then rule id, and a last line with the total (`  15  total`). Counts are right-aligned
/// to the width of the total (at least 4).
pub fn statistics(reports: &[FileReport]) -> String {
    let mut counts = RuleCounts::default();
    for r in reports {
        counts.add(r.findings);
    }
    counts.render()
}

/// The number of findings of each rule, counted one file at a time.
#[derive(Debug, Default)]
pub struct RuleCounts(BTreeMap<String, usize>);

impl RuleCounts {
    /// Count these findings.
    pub fn add(&mut self, findings: &[Finding]) {
        for f in findings {
            match self.0.get_mut(&f.rule) {
                Some(n) => *n += 1,
                None => {
                    self.0.insert(f.rule.clone(), 1);
                }
            }
        }
    }

    /// The table of [`statistics`].
    pub fn render(&self) -> String {
        let total: usize = self.0.values().sum();
        let mut rows: Vec<(&str, usize)> = self.0.iter().map(|(id, &n)| (id.as_str(), n)).collect();
        rows.sort_by_key(|&(id, n)| (Reverse(n), id));
        let width = total.to_string().len().max(4);
        let mut out = String::new();
        for (id, n) in rows {
            let _ = writeln!(out, "{n:>width$}  {id}");
        }
        let _ = writeln!(out, "{total:>width$}  total");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::Severity;

    fn finding(rule: &str) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            message: String::new(),
            range: 0..1,
            fix: None,
            alternatives: vec![],
            priority: 0,
        }
    }

    #[test]
    fn counts_sorted_by_count_then_id_across_files() {
        let doc = Document::new("text", "en");
        let a = vec![finding("b-rule"), finding("a-rule"), finding("c-rule")];
        let b = vec![finding("c-rule"), finding("b-rule"), finding("c-rule")];
        let reports = [
            FileReport {
                name: "a",
                doc: &doc,
                findings: &a,
            },
            FileReport {
                name: "b",
                doc: &doc,
                findings: &b,
            },
        ];
        assert_eq!(
            statistics(&reports),
            "   3  c-rule\n   2  b-rule\n   1  a-rule\n   6  total\n"
        );
        assert_eq!(statistics(&[]), "   0  total\n");
    }

    #[test]
    fn wide_counts_stay_aligned() {
        let doc = Document::new("text", "en");
        let many: Vec<Finding> = (0..12345).map(|_| finding("x")).collect();
        let reports = [FileReport {
            name: "a",
            doc: &doc,
            findings: &many,
        }];
        assert_eq!(statistics(&reports), "12345  x\n12345  total\n");
    }
}
