//! The default output, for people: `path:line:col: rule [*] message`, the source line with the
//! span underlined, the suggested replacement, and a summary line.

use std::fmt::Write;

use super::FileReport;
use crate::rules::{Applicability, Finding, Severity};

/// Characters of context shown on each side of a span in long lines.
const CONTEXT: usize = 40;

/// ANSI styles, empty when colour is off.
struct Style {
    bold: &'static str,
    sev: &'static str,
    fix: &'static str,
    reset: &'static str,
}

impl Style {
    fn new(color: bool, severity: Severity) -> Style {
        if !color {
            return Style {
                bold: "",
                sev: "",
                fix: "",
                reset: "",
            };
        }
        let sev = match severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Info => "\x1b[1;36m",
        };
        Style {
            bold: "\x1b[1m",
            sev,
            fix: "\x1b[32m",
            reset: "\x1b[0m",
        }
    }
}

/// Render the findings of one document (with ANSI colours when `color`).
pub fn render(report: &FileReport, out: &mut String, color: bool) {
    for f in report.findings {
        finding(report, f, out, &Style::new(color, f.severity));
    }
}

fn finding(report: &FileReport, f: &Finding, out: &mut String, st: &Style) {
    let doc = report.doc;
    let (line, col) = doc.line_col(f.range.start);
    let mark = match &f.fix {
        Some(x) if x.applicability == Applicability::Safe => "[*] ",
        _ => "",
    };
    let (b, s, g, r) = (st.bold, st.sev, st.fix, st.reset);
    let mark = if mark.is_empty() {
        String::new()
    } else {
        format!("{g}{mark}{r}")
    };
    let _ = writeln!(
        out,
        "{b}{}:{line}:{col}:{r} {s}{}{r} {mark}{}",
        report.name, f.rule, f.message
    );

    let line_range = doc.line_range(line);
    let span_end = f.range.end.min(line_range.end).max(f.range.start);
    // At most CONTEXT characters either side (one more to know whether to elide): the line
    // may be megabytes long.
    let mut before: Vec<char> = doc
        .slice(line_range.start..f.range.start)
        .chars()
        .rev()
        .take(CONTEXT + 1)
        .collect();
    before.reverse();
    let span: Vec<char> = doc.slice(f.range.start..span_end).chars().collect();
    let after: Vec<char> = doc
        .slice(span_end..line_range.end)
        .chars()
        .take(CONTEXT + 1)
        .collect();
    let (lead, before) = if before.len() > CONTEXT {
        ("…", &before[before.len() - CONTEXT..])
    } else {
        ("", &before[..])
    };
    let (after, tail) = if after.len() > CONTEXT {
        (&after[..CONTEXT], "…")
    } else {
        (&after[..], "")
    };
    let clean = |cs: &[char]| -> String {
        cs.iter()
            .map(|&c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(
        out,
        "{number} | {lead}{}{}{}{tail}",
        clean(before),
        clean(&span),
        clean(after)
    );
    let offset = lead.chars().count() + before.len();
    let carets = "^".repeat(span.len().max(1));
    let _ = writeln!(out, "{pad} | {}{s}{carets}{r}", " ".repeat(offset));
    match &f.fix {
        Some(x) => {
            let how = if x.applicability == Applicability::Safe {
                "safe fix"
            } else {
                "unsafe fix, applied with --unsafe-fixes"
            };
            let _ = writeln!(out, "{pad} = {}: {how}", describe(&x.replacement));
        }
        None if !f.alternatives.is_empty() => {
            let _ = writeln!(
                out,
                "{pad} = suggestion (not applied automatically): {}",
                describe(&f.alternatives[0])
            );
        }
        None => {}
    }
    let skip = usize::from(f.fix.is_none());
    for alt in f.alternatives.iter().skip(skip) {
        let _ = writeln!(out, "{pad} = or: {}", describe(alt));
    }
    out.push('\n');
}

fn describe(replacement: &str) -> String {
    if replacement.is_empty() {
        "delete it".to_string()
    } else {
        format!("replace with `{replacement}`")
    }
}

/// The summary line for a set of findings.
pub fn summary(findings: &[&Finding]) -> String {
    let mut s = Summary::default();
    for f in findings {
        s.add(f);
    }
    s.render()
}

/// The counts behind the summary line, gathered one finding at a time.
#[derive(Debug, Default)]
pub struct Summary {
    total: usize,
    safe: usize,
    unsafe_: usize,
}

impl Summary {
    /// Count one finding.
    pub fn add(&mut self, f: &Finding) {
        self.total += 1;
        match f.fix.as_ref().map(|x| x.applicability) {
            Some(Applicability::Safe) => self.safe += 1,
            Some(Applicability::Unsafe) => self.unsafe_ += 1,
            _ => {}
        }
    }

    /// `Found 3 findings (2 fixable with `mtlint fix`).`, or `No findings.`
    pub fn render(&self) -> String {
        let (n, safe, unsafe_) = (self.total, self.safe, self.unsafe_);
        if n == 0 {
            return "No findings.".to_string();
        }
        let mut s = format!("Found {n} finding{}", if n == 1 { "" } else { "s" });
        let mut parts = Vec::new();
        if safe > 0 {
            parts.push(format!("{safe} fixable with `mtlint fix`"));
        }
        if unsafe_ > 0 {
            parts.push(format!("{unsafe_} more with `mtlint fix --unsafe-fixes`"));
        }
        if !parts.is_empty() {
            let _ = write!(s, " ({})", parts.join(", "));
        }
        s.push('.');
        s
    }
}
