//! The generated gazetteers in `rules/en/data/gazetteer-*` are exactly what
//! `scripts/gen-gazetteer.py` writes from the pinned data packages: a hand edit, a change to the
//! curated inputs in `rules/en/data/sources/` or to the hand-written lists without regenerating,
//! or a generator change without regenerating, fails here.
//!
//! The generator needs Python 3 and the packages of `scripts/requirements-gen.txt`. Without them
//! the test fails under CI (`CI` set) and is skipped with a warning elsewhere, so that a
//! developer without the Python packages can still run `cargo test`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

const REGENERATE: &str =
    "pip install -r scripts/requirements-gen.txt && python3 scripts/gen-gazetteer.py";

/// Exit code of the generator when a dependency is missing or has the wrong version.
const MISSING_DEPENDENCY: i32 = 3;

fn generated_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gazetteer-"))
        .collect();
    names.sort();
    names
}

/// The first line where two texts differ, for the failure message.
fn first_difference(committed: &str, fresh: &str) -> String {
    let mut c = committed.lines();
    let mut f = fresh.lines();
    let mut n = 1;
    loop {
        match (c.next(), f.next()) {
            (Some(a), Some(b)) if a == b => n += 1,
            (None, None) => return "the files differ only in line endings".into(),
            (a, b) => {
                return format!(
                    "first difference at line {n}:\n    committed: {}\n    generated: {}",
                    a.unwrap_or("(end of file)"),
                    b.unwrap_or("(end of file)")
                )
            }
        }
    }
}

#[test]
fn generated_gazetteers_are_up_to_date() {
    let root = common::root();
    let data = root.join("rules/en/data");
    let out = tempfile::tempdir().expect("temporary directory");
    let run = Command::new("python3")
        .arg(root.join("scripts/gen-gazetteer.py"))
        .arg("--out")
        .arg(out.path())
        .current_dir(&root)
        .output();
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    let run = match run {
        Ok(o) => o,
        Err(e) => {
            assert!(
                !in_ci,
                "cannot run python3 ({e}); CI must install Python 3 and the generator's packages: {REGENERATE}"
            );
            eprintln!("warning: gazetteer check skipped: cannot run python3 ({e})");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&run.stderr);
    if run.status.code() == Some(MISSING_DEPENDENCY) {
        assert!(
            !in_ci,
            "the gazetteer generator's dependencies are missing in CI:\n{stderr}"
        );
        eprintln!("warning: gazetteer check skipped (install the generator's packages to run it):\n{stderr}");
        return;
    }
    assert!(
        run.status.success(),
        "scripts/gen-gazetteer.py failed ({}):\n{stderr}",
        run.status
    );

    let fresh = generated_names(out.path());
    assert!(!fresh.is_empty(), "the generator wrote no gazetteer-* file");
    let committed = generated_names(&data);
    let mut problems = Vec::new();
    for name in &committed {
        if !fresh.contains(name) {
            problems.push(format!(
                "rules/en/data/{name} is no longer generated: delete it (or regenerate)"
            ));
        }
    }
    for name in &fresh {
        let new = fs::read_to_string(out.path().join(name)).expect("read generated file");
        match fs::read_to_string(data.join(name)) {
            Err(_) => problems.push(format!(
                "rules/en/data/{name} is generated but not committed"
            )),
            Ok(old) if old != new => problems.push(format!(
                "rules/en/data/{name} differs from what the generator writes ({} lines committed, {} generated); {}",
                old.lines().count(),
                new.lines().count(),
                first_difference(&old, &new)
            )),
            Ok(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "the generated gazetteers are out of date:\n  {}\nRegenerate them from the repository root with:\n  {REGENERATE}\nand commit the result (never edit gazetteer-* files by hand: edit rules/en/data/sources/ or the generator).",
        problems.join("\n  ")
    );
}
