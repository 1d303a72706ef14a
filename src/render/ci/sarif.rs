//! `--format sarif`: a SARIF 2.1.0 log (OASIS standard, errata 01) for GitHub code scanning and
//! other SARIF viewers.
//!
//! One run: `tool.driver` names mtlint, its version and the rules that have results (sorted by
//! id, with their message template, `why`, help and default level); each result has its rule,
//! level, message and location, and a `fixes` entry when the finding has a default fix.
//! Columns count Unicode code points (`run.columnKind = "unicodeCodePoints"`), from 1, the end
//! column exclusive, as in `--format json`. Paths become relative URI references (percent-encoded)
//! against `%SRCROOT%`; an absolute path under the working directory is made relative to it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::document::excerpt::Located;
use crate::render::FileReport;
use crate::rules::{Applicability, Finding, Fix, RuleMeta, RuleSet, Severity};

use super::{information_uri, TOOL_NAME, TOOL_VERSION};

/// The schema a log names in `$schema`.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base a relative artifact URI is resolved against (the checkout for code scanning).
pub const SRCROOT: &str = "%SRCROOT%";

/// At most this many of a rule's examples go into its help.
const HELP_EXAMPLES: usize = 3;

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    /// Each a serialized [`SarifResult`].
    results: Vec<Box<RawValue>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    kind: &'static str,
    fix: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    alternatives: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: &'a ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text,
    artifact_changes: [ArtifactChange<'a>; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: &'a ArtifactLocation,
    replacements: [Replacement; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

/// Render `reports` as one SARIF log; `set` describes the rules.
pub fn render(reports: &[FileReport], set: &RuleSet) -> String {
    let mut log = Sarif::default();
    for r in reports {
        log.file(r);
    }
    let mut out = Vec::new();
    // Writing to a vector cannot fail.
    let _ = log.finish(set, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// A SARIF log built one file at a time. Each result is kept as JSON text (it no longer needs
/// the file's text), with a placeholder for its `ruleIndex`, filled in by [`Sarif::finish`] when
/// the table of the rules with results, which the log lists before the results, is known.
#[derive(Default)]
pub struct Sarif {
    results: Vec<(String, String)>,
}

/// Where results sit in the log: `runs[0].results[i]`.
const RESULT_DEPTH: usize = 4;

/// The `ruleIndex` of a result until the rule table is known. JSON strings escape their
/// quotes, so this text cannot occur inside one: its first occurrence is the member itself.
const UNKNOWN_INDEX: &str = "\"ruleIndex\": 18446744073709551615";

impl Sarif {
    /// Add the findings of one file.
    pub fn file(&mut self, report: &FileReport) {
        let artifact = artifact(report.name);
        for f in report.findings {
            let result = result(report.doc, f, &artifact, usize::MAX);
            let text = crate::render::json::pretty_at(&result, RESULT_DEPTH);
            self.results.push((f.rule.clone(), text));
        }
    }

    /// Write the log, pretty-printed, with a final newline.
    pub fn finish(self, set: &RuleSet, out: &mut impl std::io::Write) -> std::io::Result<()> {
        // Rules with results, sorted by id; `ruleIndex` points into this list.
        let used: BTreeSet<String> = self.results.iter().map(|(id, _)| id.clone()).collect();
        let ids: BTreeMap<String, usize> = used
            .into_iter()
            .enumerate()
            .map(|(i, id)| (id, i))
            .collect();
        let rules = ids
            .keys()
            .map(|id| descriptor(id, set.get(id).map(|r| &r.meta)))
            .collect();
        let results = self
            .results
            .into_iter()
            .map(|(id, mut text)| {
                if let Some(at) = text.find(UNKNOWN_INDEX) {
                    let index = format!("\"ruleIndex\": {}", ids[&id]);
                    text.replace_range(at..at + UNKNOWN_INDEX.len(), &index);
                }
                // It is JSON, as serde_json wrote it.
                RawValue::from_string(text).unwrap_or_else(|_| RawValue::NULL.to_owned())
            })
            .collect();
        let log = Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: TOOL_NAME,
                        version: TOOL_VERSION,
                        semantic_version: TOOL_VERSION,
                        information_uri: information_uri(),
                        rules,
                    },
                },
                column_kind: "unicodeCodePoints",
                results,
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::from)?;
        out.write_all(b"\n")
    }
}

fn result<'a>(
    doc: &dyn Located,
    f: &'a Finding,
    artifact: &'a ArtifactLocation,
    rule_index: usize,
) -> SarifResult<'a> {
    let mut region = region(doc, f);
    region.snippet = Some(Text {
        text: doc.slice(f.range.clone()).to_string(),
    });
    let fixes = f
        .fix
        .iter()
        .map(|x| SarifFix {
            description: Text {
                text: fix_description(doc.slice(f.range.clone()), x),
            },
            artifact_changes: [ArtifactChange {
                artifact_location: artifact,
                replacements: [Replacement {
                    deleted_region: self::region(doc, f),
                    inserted_content: Text {
                        text: x.replacement.clone(),
                    },
                }],
            }],
            properties: FixProperties {
                applicability: x.applicability.as_str(),
            },
        })
        .collect();
    SarifResult {
        rule_id: &f.rule,
        rule_index,
        level: level(f.severity),
        message: Text {
            text: f.message.clone(),
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact,
                region,
            },
        }],
        fixes,
        properties: (!f.alternatives.is_empty()).then_some(ResultProperties {
            alternatives: &f.alternatives,
        }),
    }
}

/// `Replace `kyiv` with `Kyiv` (safe fix)`, or `Delete `-` (safe fix)`.
fn fix_description(found: &str, fix: &Fix) -> String {
    let what = if fix.replacement.is_empty() {
        format!("Delete {}", code_span(found))
    } else {
        format!(
            "Replace {} with {}",
            code_span(found),
            code_span(&fix.replacement)
        )
    };
    format!("{what} ({} fix)", fix.applicability.as_str())
}

fn region(doc: &dyn Located, f: &Finding) -> Region {
    let (start_line, start_column) = doc.line_col(f.range.start);
    let (end_line, end_column) = doc.line_col(f.range.end);
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
        snippet: None,
    }
}

fn descriptor(id: &str, meta: Option<&RuleMeta>) -> Descriptor {
    let Some(meta) = meta else {
        // A finding of a rule the set does not know (not produced by `check`): name it only.
        return Descriptor {
            id: id.to_string(),
            short_description: Text {
                text: id.to_string(),
            },
            full_description: None,
            help: None,
            default_configuration: Configuration { level: "warning" },
            properties: None,
        };
    };
    Descriptor {
        id: meta.id.clone(),
        short_description: Text {
            text: meta.message.clone(),
        },
        full_description: meta.why.as_ref().map(|w| Text { text: w.clone() }),
        help: Some(help(meta)),
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: Some(RuleProperties {
            tags: vec![meta.category.clone()],
            kind: meta.kind_name,
            fix: meta.fix.as_str(),
        }),
    }
}

/// What a fix of this applicability means for a user.
fn fix_note(meta: &RuleMeta) -> String {
    match meta.fix {
        Applicability::Safe => "Fix: safe; `mtlint fix` applies it.".to_string(),
        Applicability::Unsafe => {
            let mut s = "Fix: unsafe; `mtlint fix --unsafe-fixes` applies it.".to_string();
            if let Some(when) = &meta.fix_safety {
                s.push_str(" Why unsafe: ");
                s.push_str(when.trim());
            }
            s
        }
        Applicability::None => {
            "Fix: none; `mtlint review` shows any suggestions for a person to choose.".to_string()
        }
    }
}

/// Rule help as plain text and Markdown: why, the fix, and a few examples.
fn help(meta: &RuleMeta) -> Help {
    let mut text = format!("{}\n", meta.why.as_deref().unwrap_or(&meta.message).trim());
    let mut markdown = text.clone();
    text.push('\n');
    text.push_str(&fix_note(meta));
    text.push('\n');
    markdown.push('\n');
    markdown.push_str(&fix_note(meta));
    markdown.push('\n');
    let examples: Vec<_> = meta.examples.iter().take(HELP_EXAMPLES).collect();
    if !examples.is_empty() {
        text.push_str("\nExamples:\n");
        markdown.push_str("\nExamples:\n\n");
        for e in examples {
            match &e.good {
                Some(good) => {
                    text.push_str(&format!("  {} -> {}\n", e.bad, good));
                    markdown.push_str(&format!("- {} → {}\n", code_span(&e.bad), code_span(good)));
                }
                None => {
                    text.push_str(&format!("  {}\n", e.bad));
                    markdown.push_str(&format!("- {}\n", code_span(&e.bad)));
                }
            }
        }
    }
    Help {
        text: text.trim_end().to_string(),
        markdown: markdown.trim_end().to_string(),
    }
}

/// `s` as a Markdown code span, fenced with more backticks than it holds in a row.
fn code_span(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// The artifact location of a document name: a relative, percent-encoded URI reference against
/// `%SRCROOT%`, or a `file:` URI for an absolute path outside the working directory.
fn artifact(name: &str) -> ArtifactLocation {
    let path = Path::new(name);
    if path.is_absolute() {
        let under_cwd = std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
        match under_cwd {
            Some(rel) if rel.components().next().is_some() => {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                return relative(&parts.join("/"));
            }
            _ => {
                let slashed = slashes(name);
                let rooted = if slashed.starts_with('/') {
                    slashed
                } else {
                    format!("/{slashed}")
                };
                return ArtifactLocation {
                    uri: format!("file://{}", encode(&rooted, true)),
                    uri_base_id: None,
                };
            }
        }
    }
    let s = slashes(name);
    // `./a.txt` and `a.txt` are the same artifact.
    let mut rest = s.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    relative(rest)
}

fn relative(path: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: encode(path, false),
        uri_base_id: Some(SRCROOT),
    }
}

/// The path with the platform's separators as `/`.
fn slashes(name: &str) -> String {
    if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_string()
    }
}

/// Percent-encode everything but RFC 3986's unreserved and sub-delimiter characters, `@` and
/// `/` (and `:` in an absolute URI's path: in a relative reference it could read as a scheme).
fn encode(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@/".contains(&b)
            || (keep_colon && b == b':');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::{Finding, Fix};

    #[test]
    fn relative_paths_become_encoded_uri_references() {
        let a = artifact("fixtures/kursk-offensive.en.txt");
        assert_eq!(a.uri, "fixtures/kursk-offensive.en.txt");
        assert_eq!(a.uri_base_id, Some(SRCROOT));
        assert_eq!(artifact("./docs/a b#1%.txt").uri, "docs/a%20b%231%25.txt");
        assert_eq!(artifact("Київ:x.md").uri, "%D0%9A%D0%B8%D1%97%D0%B2%3Ax.md");
        assert_eq!(artifact("-").uri, "-");
    }

    #[test]
    fn absolute_paths_are_made_relative_to_the_working_directory() {
        let cwd = std::env::current_dir().expect("cwd");
        let inside = cwd.join("sub").join("a.txt");
        let a = artifact(&inside.to_string_lossy());
        assert_eq!(a.uri, "sub/a.txt");
        assert_eq!(a.uri_base_id, Some(SRCROOT));
        if cfg!(unix) && !cwd.starts_with("/nonexistent-mtlint") {
            let b = artifact("/nonexistent-mtlint/a b.txt");
            assert_eq!(b.uri, "file:///nonexistent-mtlint/a%20b.txt");
            assert_eq!(b.uri_base_id, None);
        }
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code_span("kyiv"), "`kyiv`");
        assert_eq!(code_span("a `b` c"), "``a `b` c``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
    }

    #[test]
    fn columns_are_code_points_and_fixes_replace_the_region() {
        // `é` is 2 bytes and `𐐀` 4: the columns must count them once each.
        let text = "é𐐀 kyiv";
        let doc = Document::new(text, "en");
        let findings = vec![Finding {
            rule: "not-in-the-set".into(),
            severity: Severity::Info,
            message: "m".into(),
            range: 7..11,
            fix: Some(Fix {
                replacement: "Kyiv".into(),
                applicability: Applicability::Safe,
            }),
            alternatives: vec!["KYIV".into()],
            priority: 0,
        }];
        let report = FileReport {
            name: "x.txt",
            doc: &doc,
            findings: &findings,
        };
        let log: serde_json::Value =
            serde_json::from_str(&render(&[report], &RuleSet::default())).expect("json");
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "not-in-the-set");
        let result = &run["results"][0];
        assert_eq!(result["level"], "note");
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(result["properties"]["alternatives"][0], "KYIV");
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startColumn"], 4);
        assert_eq!(region["endColumn"], 8);
        assert_eq!(region["snippet"]["text"], "kyiv");
        let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert_eq!(replacement["deletedRegion"]["startColumn"], 4);
        assert_eq!(replacement["insertedContent"]["text"], "Kyiv");
    }
}
