//! `--format rdjson`: reviewdog's diagnostic format (the JSON form of its `DiagnosticResult`
//! message), so `reviewdog -f=rdjson` comments on a pull request and offers "apply suggestion".
//!
//! Positions follow reviewdog's `Position`: lines from 1 and **columns from 1 counted in UTF-8
//! bytes** (not characters, unlike `--format json`), the end exclusive. Each diagnostic's
//! suggestions are the default fix, if any, then the alternatives, all replacing the flagged
//! span: on a pull request a person picks one. Only fields of the proto are written, since
//! reviewdog's parser rejects unknown ones.

use serde::Serialize;

use crate::document::excerpt::Located;
use crate::render::FileReport;
use crate::rules::{Finding, Severity};

use super::{information_uri, TOOL_NAME};

/// reviewdog's name for a severity.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

#[derive(Serialize)]
struct DiagnosticResult {
    source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'static str>,
    /// Each a serialized [`Diagnostic`].
    diagnostics: Vec<Box<serde_json::value::RawValue>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'static str>,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: &'a str,
    location: Location<'a>,
    severity: &'static str,
    code: Code<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize, Clone, Copy)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize, Clone, Copy)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    range: Range,
    text: &'a str,
}

/// The 1-based line and 1-based UTF-8 byte column of byte offset `at`.
pub fn byte_position(doc: &dyn Located, at: usize) -> (usize, usize) {
    let (line, _) = doc.line_col(at);
    (line, at - doc.line_range(line).start + 1)
}

fn range(doc: &dyn Located, f: &Finding) -> Range {
    let pos = |at| {
        let (line, column) = byte_position(doc, at);
        Position { line, column }
    };
    Range {
        start: pos(f.range.start),
        end: pos(f.range.end),
    }
}

/// The whole result, pretty-printed, with a final newline. Its top-level `severity` (the
/// default for diagnostics without one) is the highest severity found; it is left out when
/// there is no finding.
pub fn render(reports: &[FileReport]) -> String {
    let mut result = Rdjson::default();
    for r in reports {
        result.file(r);
    }
    let mut out = Vec::new();
    // Writing to a vector cannot fail.
    let _ = result.finish(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// An rdjson result built one file at a time: the top severity comes before the diagnostics,
/// so each diagnostic is kept as JSON text (it no longer needs the file's text) until
/// [`Rdjson::finish`].
#[derive(Default)]
pub struct Rdjson {
    diagnostics: Vec<Box<serde_json::value::RawValue>>,
    top: Option<Severity>,
}

impl Rdjson {
    /// Add the findings of one file.
    pub fn file(&mut self, r: &FileReport) {
        for f in r.findings {
            let range = range(r.doc, f);
            let suggestions = f
                .fix
                .iter()
                .map(|x| x.replacement.as_str())
                .chain(f.alternatives.iter().map(String::as_str))
                .map(|text| Suggestion { range, text })
                .collect();
            let diagnostic = Diagnostic {
                message: &f.message,
                location: Location {
                    path: r.name,
                    range,
                },
                severity: severity(f.severity),
                code: Code { value: &f.rule },
                suggestions,
            };
            // `diagnostics[i]` of the result.
            self.diagnostics
                .push(crate::render::json::raw_at(&diagnostic, 2));
            self.top = self.top.max(Some(f.severity));
        }
    }

    /// Write the result, pretty-printed, with a final newline.
    pub fn finish(self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let result = DiagnosticResult {
            source: Source {
                name: TOOL_NAME,
                url: information_uri(),
            },
            severity: self.top.map(severity),
            diagnostics: self.diagnostics,
        };
        serde_json::to_writer_pretty(&mut *out, &result).map_err(std::io::Error::from)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::{Applicability, Fix};

    #[test]
    fn columns_are_utf8_bytes_and_suggestions_cover_the_span() {
        // reviewdog's own example: in `a𐐀b`, `b` is at column 6.
        let doc = Document::new("x\na𐐀b kyiv", "en");
        assert_eq!(byte_position(&doc, 7), (2, 6));
        let findings = vec![Finding {
            rule: "lowercase-proper-noun".into(),
            severity: Severity::Warning,
            message: "m".into(),
            range: 9..13,
            fix: Some(Fix {
                replacement: "Kyiv".into(),
                applicability: Applicability::Safe,
            }),
            alternatives: vec!["KYIV".into()],
            priority: 0,
        }];
        let report = FileReport {
            name: "a.txt",
            doc: &doc,
            findings: &findings,
        };
        let v: serde_json::Value = serde_json::from_str(&render(&[report])).expect("json");
        assert_eq!(v["severity"], "WARNING");
        assert_eq!(v["source"]["name"], "mtlint");
        let d = &v["diagnostics"][0];
        assert_eq!(d["code"]["value"], "lowercase-proper-noun");
        let range = serde_json::json!({"start": {"line": 2, "column": 8}, "end": {"line": 2, "column": 12}});
        assert_eq!(d["location"]["range"], range);
        assert_eq!(d["suggestions"][0]["range"], range);
        assert_eq!(d["suggestions"][0]["text"], "Kyiv");
        assert_eq!(d["suggestions"][1]["text"], "KYIV");
    }

    #[test]
    fn no_findings_no_severity() {
        let v: serde_json::Value = serde_json::from_str(&render(&[])).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"source": {"name": "mtlint"}, "diagnostics": []})
        );
    }
}
