//! Baselines: findings recorded once and not reported again, so a team can adopt mtlint on an
//! existing archive and see only new problems. An entry is keyed by file, rule, the flagged
//! text and the text of its line — not by line number, so edits elsewhere in the file do not
//! invalidate it. Each entry silences as many findings as it was recorded for.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::excerpt::Located;
use crate::error::{Error, Result};
use crate::rules::Finding;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub struct Entry {
    /// The file as named on the command line.
    pub path: String,
    /// The rule id.
    pub rule: String,
    /// The flagged text.
    pub text: String,
    /// The whole line it is on, trimmed.
    pub line: String,
}

/// A baseline file.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// The recorded findings.
    pub entries: Vec<Entry>,
}

/// The entry a finding would be recorded as.
pub fn entry(path: &str, doc: &dyn Located, f: &Finding) -> Entry {
    let (line, _) = doc.line_col(f.range.start);
    Entry {
        path: path.to_string(),
        rule: f.rule.clone(),
        text: doc.slice(f.range.clone()).to_string(),
        line: doc.slice(doc.line_range(line)).trim().to_string(),
    }
}

impl Baseline {
    /// Read a baseline file.
    pub fn read(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::file(path, format!("cannot read the baseline: {e}")))?;
        let b: Baseline = serde_json::from_str(&text)
            .map_err(|e| Error::file(path, format!("invalid baseline: {e}")))?;
        if b.version != 1 {
            return Err(Error::file(
                path,
                format!(
                    "baseline version {} is not supported (expected 1)",
                    b.version
                ),
            ));
        }
        Ok(b)
    }

    /// Write a baseline file (entries sorted, so the file diffs well).
    pub fn write(path: &Path, mut entries: Vec<Entry>) -> Result<()> {
        entries.sort();
        let b = Baseline {
            version: 1,
            entries,
        };
        let mut text = serde_json::to_string_pretty(&b).map_err(|e| Error::new(e.to_string()))?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| Error::file(path, format!("cannot write the baseline: {e}")))
    }

    /// How many findings each entry may still silence.
    pub fn budget(&self) -> HashMap<Entry, usize> {
        let mut m = HashMap::new();
        for e in &self.entries {
            *m.entry(e.clone()).or_insert(0) += 1;
        }
        m
    }
}

/// Drop the findings the baseline records, spending its budget.
pub fn filter(
    budget: &mut HashMap<Entry, usize>,
    path: &str,
    doc: &dyn Located,
    findings: &mut Vec<Finding>,
) {
    findings.retain(|f| match budget.get_mut(&entry(path, doc, f)) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    });
}
