//! The default output, for people: `path:line:col: rule [*] message`, the source line with the
//! span underlined, the suggested replacement, and a summary line.

use std::fmt::Write;

use super::FileReport;
use crate::rules::{Applicability, Finding};

/// Characters of context shown on each side of a span in long lines.
const CONTEXT: usize = 40;

/// Render the findings of one document.
pub fn render(report: &FileReport, out: &mut String) {
    for f in report.findings {
        finding(report, f, out);
    }
}

fn finding(report: &FileReport, f: &Finding, out: &mut String) {
    let doc = report.doc;
    let (line, col) = doc.line_col(f.range.start);
    let mark = match &f.fix {
        Some(x) if x.applicability == Applicability::Safe => "[*] ",
        _ => "",
    };
    let _ = writeln!(
        out,
        "{}:{line}:{col}: {} {mark}{}",
        report.name, f.rule, f.message
    );

    let line_range = doc.line_range(line);
    let span_end = f.range.end.min(line_range.end).max(f.range.start);
    let before: Vec<char> = doc.text[line_range.start..f.range.start].chars().collect();
    let span: Vec<char> = doc.text[f.range.start..span_end].chars().collect();
    let after: Vec<char> = doc.text[span_end..line_range.end].chars().collect();
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
    let _ = writeln!(out, "{pad} | {}{carets}", " ".repeat(offset));
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
    let n = findings.len();
    if n == 0 {
        return "No findings.".to_string();
    }
    let level = |a: Applicability| {
        findings
            .iter()
            .filter(|f| f.fix.as_ref().is_some_and(|x| x.applicability == a))
            .count()
    };
    let (safe, unsafe_) = (level(Applicability::Safe), level(Applicability::Unsafe));
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
