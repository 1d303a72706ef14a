//! `--format json`: one JSON array of findings (a public interface; schema in the README).

use serde::Serialize;

use super::FileReport;

/// A finding as serialized.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    /// The document's name.
    pub path: &'a str,
    /// Rule id.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// The message.
    pub message: &'a str,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in Unicode scalar values.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the end (exclusive), in Unicode scalar values.
    pub end_column: usize,
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
    /// The default fix, or null.
    pub fix: Option<JsonFix<'a>>,
    /// Other replacements for the same span.
    pub alternatives: &'a [String],
}

/// A fix as serialized.
#[derive(Debug, Serialize)]
pub struct JsonFix<'a> {
    /// `safe` or `unsafe`.
    pub applicability: &'static str,
    /// The replacement text for the span.
    pub replacement: &'a str,
}

/// Convert the findings of one report.
pub fn findings<'a>(report: &'a FileReport<'a>) -> Vec<JsonFinding<'a>> {
    report
        .findings
        .iter()
        .map(|f| {
            let (line, column) = report.doc.line_col(f.range.start);
            let (end_line, end_column) = report.doc.line_col(f.range.end);
            JsonFinding {
                path: report.name,
                rule: &f.rule,
                severity: f.severity.as_str(),
                message: &f.message,
                line,
                column,
                end_line,
                end_column,
                start: f.range.start,
                end: f.range.end,
                fix: f.fix.as_ref().map(|x| JsonFix {
                    applicability: x.applicability.as_str(),
                    replacement: &x.replacement,
                }),
                alternatives: &f.alternatives,
            }
        })
        .collect()
}

/// All reports as one pretty-printed JSON array.
pub fn render(reports: &[FileReport]) -> String {
    let all: Vec<JsonFinding> = reports.iter().flat_map(findings).collect();
    let mut s = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}
