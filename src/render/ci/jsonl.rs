//! `--format jsonl`: one finding per line, each the same object as an element of
//! `--format json` (see [`crate::render::json::JsonFinding`]), so a stream of findings can be
//! processed line by line (`jq -c`, log shippers).

use crate::render::{json, FileReport};

/// One compact JSON object per finding, each followed by a newline; nothing when there are no
/// findings.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for f in json::findings(r) {
            // A struct of strings and integers always serializes.
            out.push_str(&serde_json::to_string(&f).unwrap_or_default());
            out.push('\n');
        }
    }
    out
}
