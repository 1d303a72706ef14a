//! `--format concise`: one line per finding, `path:line:col: rule message`, the shape compilers
//! use, so editors and `grep` can jump to it.

use std::fmt::Write;

use crate::render::FileReport;

/// One line per finding. Control characters in the path or message (a flagged span can hold a
/// line break) are written as Rust escapes (`\n`, `\u{7}`), so every finding stays on one line.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        let name = one_line(r.name);
        for f in r.findings {
            let (line, col) = r.doc.line_col(f.range.start);
            let _ = writeln!(
                out,
                "{name}:{line}:{col}: {} {}",
                f.rule,
                one_line(&f.message)
            );
        }
    }
    out
}

/// `s` with control characters escaped.
fn one_line(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::{Finding, Severity};

    #[test]
    fn one_line_per_finding_with_char_columns() {
        let doc = Document::new("Zürich\nin kyiv\u{7}x", "en");
        let findings = vec![
            Finding {
                rule: "lowercase-proper-noun".into(),
                severity: Severity::Warning,
                message: "`kyiv` is a proper noun: write `Kyiv`".into(),
                range: 11..15,
                fix: None,
                alternatives: vec![],
                priority: 0,
            },
            Finding {
                rule: "control-character".into(),
                severity: Severity::Error,
                message: "stray \u{7}\nthere".into(),
                range: 15..16,
                fix: None,
                alternatives: vec![],
                priority: 0,
            },
        ];
        let report = FileReport {
            name: "a b.txt",
            doc: &doc,
            findings: &findings,
        };
        assert_eq!(
            render(&[report]),
            "a b.txt:2:4: lowercase-proper-noun `kyiv` is a proper noun: write `Kyiv`\n\
             a b.txt:2:8: control-character stray \\u{7}\\nthere\n"
        );
    }
}
