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
    let mut out = Vec::new();
    let mut array = PrettyArray::default();
    for r in reports {
        // Writing to a vector cannot fail.
        let _ = array.extend(&mut out, findings(r));
    }
    let _ = array.finish(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// `value` pretty-printed as `serde_json::to_string_pretty` prints it `depth` levels deep in a
/// larger value (without the indentation of its first line).
pub fn pretty_at(value: &impl Serialize, depth: usize) -> String {
    // A struct of strings and integers always serializes.
    let s = serde_json::to_string_pretty(value).unwrap_or_default();
    // JSON strings hold no raw line break, so every line break is one of the pretty-printer's.
    s.replace('\n', &format!("\n{}", "  ".repeat(depth)))
}

/// `value` pretty-printed for `depth` levels deep, kept as JSON text that a later
/// `to_string_pretty` of the whole writes as it is: a report keeps what it must hold until the
/// end as compact text rather than as a tree of values.
pub fn raw_at(value: &impl Serialize, depth: usize) -> Box<serde_json::value::RawValue> {
    let s = pretty_at(value, depth);
    // It is JSON, as serde_json wrote it.
    serde_json::value::RawValue::from_string(s)
        .unwrap_or_else(|_| serde_json::value::RawValue::NULL.to_owned())
}

/// A top-level JSON array written one element at a time, byte for byte what
/// `serde_json::to_string_pretty` gives for the whole array (and a final newline), so that a
/// report over many files needs no file's findings once written.
#[derive(Debug, Default)]
pub struct PrettyArray {
    written: usize,
}

impl PrettyArray {
    /// Write `items` as the next elements.
    pub fn extend<T: Serialize>(
        &mut self,
        out: &mut impl std::io::Write,
        items: impl IntoIterator<Item = T>,
    ) -> std::io::Result<()> {
        for item in items {
            out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
            self.written += 1;
            out.write_all(b"  ")?;
            out.write_all(pretty_at(&item, 1).as_bytes())?;
        }
        Ok(())
    }

    /// Close the array.
    pub fn finish(self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_array_matches_serde_json_for_the_whole_array() {
        let value = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
        let elements = [
            value(r#"{"a": 1, "b": [1, {"c": "x\ny"}], "d": {}, "e": []}"#),
            value(r#""plain \"quoted\" string""#),
            value(r#"{"nested": {"deeper": {"deepest": [null, true, 1.5]}}}"#),
        ];
        for n in 0..=elements.len() {
            for split in 0..=n {
                let mut out = Vec::new();
                let mut array = PrettyArray::default();
                array.extend(&mut out, &elements[..split]).unwrap();
                array.extend(&mut out, &elements[split..n]).unwrap();
                array.finish(&mut out).unwrap();
                let whole = serde_json::to_string_pretty(&elements[..n]).unwrap() + "\n";
                assert_eq!(String::from_utf8(out).unwrap(), whole, "{n} elements");
            }
        }
    }
}
