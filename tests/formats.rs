//! The CI output formats of `mtlint check` (concise, jsonl, github, sarif, rdjson), run through
//! the real binary: golden outputs for the seed article in `fixtures/golden/formats/` (rewrite
//! them with `MTLINT_BLESS=1`, then review the diff), SARIF validated against the official
//! OASIS schema in `tests/data/`, and each format checked against `--format json`.

mod common;

use std::fs;

use serde_json::Value;

use common::{mtlint, mtlint_in, root};
use mtlint::render::ci::github::{escape_data, escape_property};

const SEED: &str = "fixtures/kursk-offensive.en.txt";
const RESIDUE: &str = "fixtures/translation-residue.en.txt";

/// The formats with a golden file, and the golden file's extension.
const FORMATS: &[(&str, &str)] = &[
    ("concise", "concise.txt"),
    ("jsonl", "jsonl"),
    ("github", "github.txt"),
    ("sarif", "sarif.json"),
    ("rdjson", "rdjson.json"),
];

/// `check --lang en --format FORMAT PATHS...`, which must report findings (exit 1).
fn check(format: &str, paths: &[&str]) -> String {
    let mut args = vec!["check", "--lang", "en", "--format", format];
    args.extend_from_slice(paths);
    let run = mtlint(&args);
    assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
    run.stdout
}

/// The elements of `--format json`.
fn json_findings(paths: &[&str]) -> Vec<Value> {
    let out = check("json", paths);
    match serde_json::from_str(&out).expect("--format json parses") {
        Value::Array(a) => a,
        other => panic!("not an array: {other}"),
    }
}

fn text_of(path: &str) -> String {
    fs::read_to_string(root().join(path)).expect("read fixture")
}

fn u(v: &Value) -> usize {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}")) as usize
}

/// Byte offsets where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

#[test]
fn golden_outputs_match() {
    let dir = root().join("fixtures/golden/formats");
    let bless = std::env::var_os("MTLINT_BLESS").is_some();
    let mut failures = Vec::new();
    for (format, ext) in FORMATS {
        let actual = check(format, &[SEED]);
        let path = dir.join(format!("kursk-offensive.en.{ext}"));
        if bless {
            fs::create_dir_all(&dir).expect("mkdir golden");
            fs::write(&path, &actual).expect("write golden");
            continue;
        }
        match fs::read_to_string(&path) {
            Ok(expected) if expected == actual => {}
            Ok(_) => failures.push(format!(
                "{} differs (run with MTLINT_BLESS=1 and review the diff)",
                path.display()
            )),
            Err(_) => failures.push(format!(
                "{} is missing (run with MTLINT_BLESS=1)",
                path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn outputs_are_deterministic() {
    for (format, _) in FORMATS {
        assert_eq!(
            check(format, &[SEED, RESIDUE]),
            check(format, &[SEED, RESIDUE]),
            "{format}"
        );
    }
}

#[test]
fn concise_lines_are_path_line_col_rule_message() {
    let findings = json_findings(&[SEED, RESIDUE]);
    let expected: String = findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {} {}\n",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(check("concise", &[SEED, RESIDUE]), expected);
}

#[test]
fn jsonl_lines_equal_the_json_elements() {
    let findings = json_findings(&[SEED, RESIDUE]);
    let out = check("jsonl", &[SEED, RESIDUE]);
    assert!(out.ends_with('\n'));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), findings.len());
    assert_eq!(lines, findings);
}

// ---------------------------------------------------------------------------------------------
// github

#[test]
fn github_escaping_follows_the_runner() {
    assert_eq!(escape_data("50%\r\n"), "50%25%0D%0A");
    assert_eq!(escape_data("a: b, c"), "a: b, c");
    assert_eq!(escape_property("a: b, c%"), "a%3A b%2C c%25");
    assert_eq!(escape_property("x\ny"), "x%0Ay");
    assert_eq!(escape_property("%2C"), "%252C");
}

#[test]
fn github_commands_match_the_findings() {
    let findings = json_findings(&[SEED, RESIDUE]);
    let out = check("github", &[SEED, RESIDUE]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), findings.len());
    for (line, f) in lines.iter().zip(&findings) {
        let command = match f["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            "info" => "notice",
            s => panic!("severity {s}"),
        };
        let position = if f["line"] == f["end_line"] {
            format!(
                "line={},col={},endLine={},endColumn={}",
                f["line"], f["column"], f["end_line"], f["end_column"]
            )
        } else {
            format!("line={},endLine={}", f["line"], f["end_line"])
        };
        let expected = format!(
            "::{command} file={},{position},title={}::{}",
            escape_property(f["path"].as_str().unwrap()),
            escape_property(f["rule"].as_str().unwrap()),
            escape_data(f["message"].as_str().unwrap()),
        );
        assert_eq!(*line, expected);
    }
}

#[test]
fn github_escapes_file_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a,b:c%.txt"), "Talks in kyiv went on.\n").expect("write");
    let run = mtlint_in(
        dir.path(),
        &["check", "--lang", "en", "--format", "github", "a,b:c%.txt"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "::warning file=a%2Cb%3Ac%25.txt,line=1,col=10,endLine=1,endColumn=14,\
         title=lowercase-proper-noun::`kyiv` is a proper noun: write `Kyiv`\n"
    );
}

// ---------------------------------------------------------------------------------------------
// sarif

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json"))
            .expect("tests/data/sarif-schema-2.1.0.json"),
    )
    .expect("schema parses");
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, log: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let validator = sarif_validator();
    for paths in [&[SEED][..], &[SEED, RESIDUE][..]] {
        let log: Value = serde_json::from_str(&check("sarif", paths)).expect("sarif parses");
        assert_valid(&validator, &log, &format!("{paths:?}"));
    }
    // A clean document: a run with no results is still a valid log.
    let run = mtlint_in(
        &root(),
        &["check", "--lang", "en", "--format", "sarif", "-"],
        Some(b"Nothing to see in Kyiv today.\n"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log: Value = serde_json::from_str(&run.stdout).expect("sarif parses");
    assert_valid(&validator, &log, "a clean run");
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    // The validator does reject what the schema forbids.
    let mut bad: Value = serde_json::from_str(&check("sarif", &[SEED])).expect("sarif parses");
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(
        !validator.is_valid(&bad),
        "a level of `fatal` must be rejected"
    );
}

#[test]
fn sarif_results_match_the_json_findings() {
    let paths = [SEED, RESIDUE];
    let findings = json_findings(&paths);
    let log: Value = serde_json::from_str(&check("sarif", &paths)).expect("sarif parses");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "mtlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "rules are sorted by id, each once");
    for r in rules {
        assert!(r["shortDescription"]["text"].is_string(), "{r}");
        assert!(r["help"]["text"].is_string(), "{r}");
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{r}");
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), findings.len());
    let texts: Vec<(String, String)> = paths.iter().map(|p| (p.to_string(), text_of(p))).collect();
    for (r, f) in results.iter().zip(&findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        assert_eq!(rules[u(&r["ruleIndex"])]["id"], f["rule"]);
        let level = match f["severity"].as_str().unwrap() {
            "info" => "note",
            s => s,
        };
        assert_eq!(r["level"], level);
        assert_eq!(r["message"]["text"], f["message"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], f["path"]);
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &loc["region"];
        assert_eq!(region["startLine"], f["line"]);
        assert_eq!(region["startColumn"], f["column"]);
        assert_eq!(region["endLine"], f["end_line"]);
        assert_eq!(region["endColumn"], f["end_column"]);
        let text = &texts.iter().find(|(p, _)| *p == f["path"]).unwrap().1;
        let flagged = &text[u(&f["start"])..u(&f["end"])];
        assert_eq!(region["snippet"]["text"], flagged);
        // The columns count code points: cutting the line by them gives the flagged text.
        if f["line"] == f["end_line"] {
            let line = text.lines().nth(u(&f["line"]) - 1).unwrap();
            let cut: String = line
                .chars()
                .skip(u(&region["startColumn"]) - 1)
                .take(u(&region["endColumn"]) - u(&region["startColumn"]))
                .collect();
            assert_eq!(cut, flagged);
        }
        match f["fix"].as_object() {
            Some(fix) => {
                let change = &r["fixes"][0]["artifactChanges"][0];
                assert_eq!(change["artifactLocation"]["uri"], f["path"]);
                let rep = &change["replacements"][0];
                assert_eq!(rep["insertedContent"]["text"], fix["replacement"]);
                for k in ["startLine", "startColumn", "endLine", "endColumn"] {
                    assert_eq!(rep["deletedRegion"][k], region[k], "{k}");
                }
                assert_eq!(
                    r["fixes"][0]["properties"]["applicability"],
                    fix["applicability"]
                );
            }
            None => assert!(r.get("fixes").is_none(), "{r}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// rdjson

/// The byte offset of a reviewdog position (1-based line, 1-based UTF-8 byte column).
fn offset(starts: &[usize], pos: &Value) -> usize {
    starts[u(&pos["line"]) - 1] + u(&pos["column"]) - 1
}

#[test]
fn rdjson_has_suggestions_with_correct_byte_ranges() {
    let paths = [SEED, RESIDUE];
    let findings = json_findings(&paths);
    let result: Value = serde_json::from_str(&check("rdjson", &paths)).expect("rdjson parses");
    assert_eq!(result["source"]["name"], "mtlint");
    let diagnostics = result["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), findings.len());
    let mut suggested = 0;
    for (d, f) in diagnostics.iter().zip(&findings) {
        let path = d["location"]["path"].as_str().unwrap();
        assert_eq!(path, f["path"]);
        let text = text_of(path);
        let starts = line_starts(&text);
        let range = &d["location"]["range"];
        assert_eq!(offset(&starts, &range["start"]), u(&f["start"]), "{d}");
        assert_eq!(offset(&starts, &range["end"]), u(&f["end"]), "{d}");
        assert_eq!(d["message"], f["message"]);
        assert_eq!(d["code"]["value"], f["rule"]);
        let severity = f["severity"].as_str().unwrap().to_uppercase();
        assert_eq!(d["severity"], severity.as_str());
        let mut expected: Vec<Value> = Vec::new();
        if let Some(fix) = f["fix"].as_object() {
            expected.push(fix["replacement"].clone());
        }
        expected.extend(f["alternatives"].as_array().unwrap().iter().cloned());
        let got: Vec<Value> = d["suggestions"]
            .as_array()
            .map(|s| {
                s.iter()
                    .inspect(|s| assert_eq!(&s["range"], range, "{d}"))
                    .map(|s| s["text"].clone())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(got, expected, "{d}");
        suggested += usize::from(!got.is_empty());
    }
    assert!(suggested > 0, "some diagnostic must suggest a change");
}

#[test]
fn rdjson_columns_are_utf8_bytes_not_characters() {
    let input = "Zürich and Łódź sent envoys to kyiv.\n";
    let run = mtlint_in(
        &root(),
        &["check", "--lang", "en", "--format", "rdjson", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let result: Value = serde_json::from_str(&run.stdout).expect("rdjson parses");
    let d = result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"]["value"] == "lowercase-proper-noun")
        .expect("kyiv is flagged");
    let start = input.find("kyiv").unwrap();
    assert_eq!(d["location"]["path"], "-");
    let range = &d["location"]["range"];
    assert_eq!(range["start"]["column"], start + 1);
    assert_eq!(range["end"]["column"], start + 5);
    assert_ne!(
        u(&range["start"]["column"]),
        input[..start].chars().count() + 1
    );
    let s = &d["suggestions"][0];
    assert_eq!(s["text"], "Kyiv");
    let mut fixed = input.to_string();
    let starts = line_starts(input);
    fixed.replace_range(
        offset(&starts, &s["range"]["start"])..offset(&starts, &s["range"]["end"]),
        s["text"].as_str().unwrap(),
    );
    assert_eq!(fixed, "Zürich and Łódź sent envoys to Kyiv.\n");
}

#[test]
fn clean_input_gives_empty_ci_outputs() {
    let run = |format: &str| {
        let r = mtlint_in(
            &root(),
            &["check", "--lang", "en", "--format", format, "-"],
            Some(b"Nothing to see in Kyiv today.\n"),
        );
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        r.stdout
    };
    assert_eq!(run("concise"), "");
    assert_eq!(run("jsonl"), "");
    assert_eq!(run("github"), "");
    let rd: Value = serde_json::from_str(&run("rdjson")).expect("rdjson parses");
    assert_eq!(rd["diagnostics"], serde_json::json!([]));
    let sarif: Value = serde_json::from_str(&run("sarif")).expect("sarif parses");
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"],
        serde_json::json!([])
    );
}
