//! A `check` report written one file at a time, in input order, so that a run over many files
//! holds the text of only the files in flight: each file's part of the report is written (or,
//! for the formats whose header depends on every finding, kept in serialized form) and the
//! file is dropped.
//!
//! The output is byte for byte what rendering all the reports at once gives.

use std::io::{self, Write};

use super::ci::{self, rdjson::Rdjson, sarif::Sarif, RuleCounts};
use super::human::{self, Summary};
use super::json::{self, PrettyArray};
use super::FileReport;
use crate::cli::Format;
use crate::rules::RuleSet;

/// Where a format keeps what it cannot write yet.
enum Pending {
    /// Formats written as the files come.
    None,
    /// `json`: the array is open.
    Json(PrettyArray),
    /// `sarif`: the results, until the rule table is known.
    Sarif(Sarif),
    /// `rdjson`: the diagnostics, until the top severity is known.
    Rdjson(Rdjson),
}

/// A report in one format, written to `out` as the files come.
pub struct ReportWriter<W: Write> {
    out: W,
    format: Format,
    color: bool,
    pending: Pending,
    /// The human format's summary line (left out with `--quiet`).
    summary: Option<Summary>,
    /// `--statistics`.
    counts: Option<RuleCounts>,
}

impl<W: Write> ReportWriter<W> {
    /// A report in `format` (`color`: ANSI colours in the human format; `summary`: end the
    /// human format with its summary line; `statistics`: add the table of `--statistics`).
    pub fn new(
        out: W,
        format: Format,
        color: bool,
        summary: bool,
        statistics: bool,
    ) -> ReportWriter<W> {
        let pending = match format {
            Format::Json => Pending::Json(PrettyArray::default()),
            Format::Sarif => Pending::Sarif(Sarif::default()),
            Format::Rdjson => Pending::Rdjson(Rdjson::default()),
            _ => Pending::None,
        };
        ReportWriter {
            out,
            format,
            color,
            pending,
            summary: (summary && format == Format::Human).then(Summary::default),
            counts: statistics.then(RuleCounts::default),
        }
    }

    /// Add one file: its findings, and for `--format diff` its patch (`None` for the others).
    pub fn file(&mut self, report: &FileReport, patch: Option<&str>) -> io::Result<()> {
        if let Some(s) = &mut self.summary {
            report.findings.iter().for_each(|f| s.add(f));
        }
        if let Some(c) = &mut self.counts {
            c.add(report.findings);
        }
        let one = std::slice::from_ref(report);
        let part = match &mut self.pending {
            Pending::Json(array) => return array.extend(&mut self.out, json::findings(report)),
            Pending::Sarif(log) => {
                log.file(report);
                return Ok(());
            }
            Pending::Rdjson(result) => {
                result.file(report);
                return Ok(());
            }
            Pending::None => match self.format {
                Format::Diff => return self.out.write_all(patch.unwrap_or("").as_bytes()),
                Format::Human => {
                    let mut s = String::new();
                    human::render(report, &mut s, self.color);
                    s
                }
                Format::Jsonl => ci::jsonl::render(one),
                Format::Github => ci::github::render(one),
                _ => ci::concise::render(one),
            },
        };
        self.out.write_all(part.as_bytes())
    }

    /// Flush what was written so far.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// End the report (`set`: the rules, which SARIF describes) and give back the writer.
    /// The statistics of a machine-readable format go to standard error, which keeps its
    /// output parseable.
    pub fn finish(mut self, set: &RuleSet) -> io::Result<W> {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::Json(array) => array.finish(&mut self.out)?,
            Pending::Sarif(log) => log.finish(set, &mut self.out)?,
            Pending::Rdjson(result) => result.finish(&mut self.out)?,
            Pending::None => {}
        }
        if let Some(s) = &self.summary {
            writeln!(self.out, "{}", s.render())?;
        }
        if let Some(c) = &self.counts {
            match self.format {
                Format::Human | Format::Concise => self.out.write_all(c.render().as_bytes())?,
                _ => eprint!("{}", c.render()),
            }
        }
        self.out.flush()?;
        Ok(self.out)
    }
}
