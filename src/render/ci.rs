//! Machine-readable report formats for CI: concise, jsonl, github, sarif, rdjson, plus the
//! per-rule counts of `--statistics`.
//!
//! Every emitter takes the reports in the order `check` builds them (path, then position) and
//! is deterministic: the same findings give byte-identical output.

pub mod concise;
pub mod github;
pub mod jsonl;
pub mod rdjson;
pub mod sarif;
mod statistics;

pub use statistics::{statistics, RuleCounts};

use super::FileReport;
use crate::cli::Format;
use crate::rules::RuleSet;

/// The name tools see: `mtlint`.
pub const TOOL_NAME: &str = "mtlint";

/// mtlint's version, as in `Cargo.toml`.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where to read about mtlint: the package's `repository` (or `homepage`) from `Cargo.toml`,
/// `None` while it declares neither. SARIF's `informationUri` and rdjson's `source.url` are left
/// out rather than invented.
pub fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|u| !u.is_empty())
}

/// Render `reports` in one of the CI formats.
///
/// `human` and `diff` need more than the findings (a terminal, the fixed text) and are rendered
/// by `app`; given one of them this falls back to `concise`. `json` is the array of
/// [`super::json::render`].
pub fn render(format: Format, reports: &[FileReport], set: &RuleSet) -> String {
    match format {
        Format::Jsonl => jsonl::render(reports),
        Format::Github => github::render(reports),
        Format::Sarif => sarif::render(reports, set),
        Format::Rdjson => rdjson::render(reports),
        Format::Json => super::json::render(reports),
        Format::Concise | Format::Human | Format::Diff => concise::render(reports),
    }
}
