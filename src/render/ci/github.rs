//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request's changed lines:
//! `::warning file=PATH,line=L,col=C,endLine=L,endColumn=C,title=RULE::MESSAGE`.
//!
//! Severity `error` gives `::error`, `warning` gives `::warning`, `info` gives `::notice`.
//! Columns are 1-based, in Unicode scalar values, the end column exclusive (as in `--format
//! json`); GitHub takes columns only for an annotation within one line, so a finding spanning
//! lines gives `line` and `endLine` only.

use std::fmt::Write;

use crate::render::FileReport;
use crate::rules::Severity;

/// Escape a command's data (the message), as the runner expects: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (`file`, `title`): as data, plus `:` and `,`, which would otherwise
/// end the value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command for a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// One workflow command per finding.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        let file = escape_property(r.name);
        for f in r.findings {
            let (line, col) = r.doc.line_col(f.range.start);
            let (end_line, end_col) = r.doc.line_col(f.range.end);
            let _ = write!(out, "::{} file={file},line={line}", command(f.severity));
            if end_line == line {
                let _ = write!(out, ",col={col},endLine={end_line},endColumn={end_col}");
            } else {
                let _ = write!(out, ",endLine={end_line}");
            }
            let _ = writeln!(
                out,
                ",title={}::{}",
                escape_property(&f.rule),
                escape_data(&f.message)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::Finding;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("100% sure\r\nnext"), "100%25 sure%0D%0Anext");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(
            escape_property("dir,x/a:b%.txt\n"),
            "dir%2Cx/a%3Ab%25.txt%0A"
        );
        // `%` is escaped first, so an existing `%3A` is not mistaken for an escape.
        assert_eq!(escape_property("%3A"), "%253A");
    }

    fn finding(severity: Severity, range: std::ops::Range<usize>, message: &str) -> Finding {
        Finding {
            rule: "some-rule".into(),
            severity,
            message: message.into(),
            range,
            fix: None,
            alternatives: vec![],
            priority: 0,
        }
    }

    #[test]
    fn commands_by_severity_and_columns_only_within_a_line() {
        let doc = Document::new("é kyiv\nab\ncd", "en");
        let findings = vec![
            finding(Severity::Error, 3..7, "50%: `kyiv`, really"),
            finding(Severity::Warning, 9..11, "two\nlines"),
            finding(Severity::Info, 12..13, "x"),
        ];
        let report = FileReport {
            name: "a,b:c.txt",
            doc: &doc,
            findings: &findings,
        };
        assert_eq!(
            render(&[report]),
            "::error file=a%2Cb%3Ac.txt,line=1,col=3,endLine=1,endColumn=7,title=some-rule::50%25: `kyiv`, really\n\
             ::warning file=a%2Cb%3Ac.txt,line=2,endLine=3,title=some-rule::two%0Alines\n\
             ::notice file=a%2Cb%3Ac.txt,line=3,col=2,endLine=3,endColumn=3,title=some-rule::x\n"
        );
    }
}
