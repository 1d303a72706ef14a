//! Engine throughput (issue 7): `check` and `fix` on a few MB of real English prose, reported in
//! bytes so that criterion prints MB/s (MiB/s, strictly: criterion divides by 2^20).
//!
//! The prose is, in order of preference:
//! 1. the file named by `MTLINT_BENCH_CORPUS`;
//! 2. `target/bench/slice-4mb.txt`, written by `scripts/bench-corpus.py` (man pages, Debian
//!    copyright files, the Rust books, Python docstrings...);
//! 3. otherwise, built here: Debian's copyright files and licences, paragraphs deduplicated, up
//!    to 4 MiB (every Debian machine has them).
//!
//! Nothing is committed: the text is read from the machine at bench time. The "seeded" input is
//! the same prose with the seed article (`fixtures/kursk-offensive.en.txt`, 12 findings) inserted
//! every 64 KiB, so that `fix` has something to fix.
//!
//! Run: `cargo bench --bench engine` (all), or e.g. `cargo bench --bench engine -- check/`.
//! The per-rule group (`rule/ID`) runs each built-in English rule alone on the first MiB: it
//! shows which rule costs what (each number includes building the document model, which
//! `check/document-model` measures alone). Whole-process numbers (start-up, peak memory, peers) are scripts/bench.sh's.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use mtlint::fix::fix_until_stable;
use mtlint::{Applicability, Document};

const MIB: usize = 1 << 20;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A prefix of `text` of at most `max` bytes, cut at a paragraph break.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind("\n\n") {
        Some(i) if i > 0 => &text[..i + 1],
        _ => &text[..end],
    }
}

/// Debian copyright files and licences, paragraphs deduplicated, up to `max` bytes.
fn debian_prose(max: usize) -> String {
    let mut files: Vec<PathBuf> = Vec::new();
    if let Ok(rd) = std::fs::read_dir("/usr/share/common-licenses") {
        files.extend(rd.flatten().map(|e| e.path()));
    }
    if let Ok(rd) = std::fs::read_dir("/usr/share/doc") {
        files.extend(rd.flatten().map(|e| e.path().join("copyright")));
    }
    files.sort();
    let mut seen = HashSet::new();
    let mut out = String::new();
    for f in files {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let Ok(text) = mtlint::source::decode(bytes).map(|(_, t)| t) else {
            continue;
        };
        let text = text.replace("\r\n", "\n");
        for para in text.split("\n\n") {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            para.hash(&mut h);
            if para.trim().len() < 20 || !seen.insert(h.finish()) {
                continue;
            }
            out.push_str(para.trim_matches('\n'));
            out.push_str("\n\n");
            if out.len() >= max {
                return out;
            }
        }
    }
    out
}

fn prose() -> (String, String) {
    let max = 4 * MIB;
    let from_file = |p: &Path| {
        std::fs::read(p)
            .ok()
            .and_then(|b| mtlint::source::decode(b).ok())
            .map(|(_, t)| t)
    };
    if let Some(p) = std::env::var_os("MTLINT_BENCH_CORPUS") {
        let p = PathBuf::from(p);
        let text = from_file(&p).unwrap_or_else(|| panic!("cannot read {}", p.display()));
        return (prefix(&text, max).to_string(), p.display().to_string());
    }
    let slice = root().join("target/bench/slice-4mb.txt");
    if let Some(text) = from_file(&slice) {
        return (prefix(&text, max).to_string(), slice.display().to_string());
    }
    let text = debian_prose(max);
    assert!(
        text.len() > MIB,
        "found only {} bytes of prose in /usr/share/doc; set MTLINT_BENCH_CORPUS",
        text.len()
    );
    (text, "Debian copyright files and licences".to_string())
}

/// `text` with the seed article inserted after the first paragraph break past every 64 KiB.
fn seeded(text: &str) -> String {
    let seed = std::fs::read_to_string(root().join("fixtures/kursk-offensive.en.txt"))
        .expect("seed fixture");
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut at = 0;
    while at < text.len() {
        let mut from = (at + 64 * 1024).min(text.len());
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let next = text[from..]
            .find("\n\n")
            .map_or(text.len(), |i| from + i + 2);
        out.push_str(&text[at..next]);
        out.push_str(seed.trim_end());
        out.push_str("\n\n");
        at = next;
    }
    out
}

fn bench(c: &mut Criterion) {
    let (text, origin) = prose();
    let seeded = seeded(&text);
    let mib = prefix(&text, MIB).to_string();
    eprintln!(
        "engine bench: {:.2} MiB of prose from {origin}; seeded {:.2} MiB",
        text.len() as f64 / MIB as f64,
        seeded.len() as f64 / MIB as f64
    );
    let set = mtlint::load(&[]).expect("built-in rules load");

    let mut g = c.benchmark_group("load");
    g.sample_size(20);
    g.bench_function("builtin-rules", |b| {
        b.iter(|| mtlint::load(&[]).expect("rules").rules.len())
    });
    g.finish();

    let mut g = c.benchmark_group("check");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("document-model", |b| {
        b.iter(|| Document::new(&text, "en").lines().count())
    });
    g.bench_function("prose", |b| {
        b.iter(|| set.check(&Document::new(&text, "en")).len())
    });
    g.bench_function("detect-language", |b| {
        b.iter(|| mtlint::language::detect_document(&text, "en").lang)
    });
    g.throughput(Throughput::Bytes(seeded.len() as u64));
    g.bench_function("seeded", |b| {
        b.iter(|| set.check(&Document::new(&seeded, "en")).len())
    });
    g.finish();

    let mut g = c.benchmark_group("fix");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    g.throughput(Throughput::Bytes(seeded.len() as u64));
    for (name, level) in [
        ("seeded-safe", Applicability::Safe),
        ("seeded-unsafe", Applicability::Unsafe),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                fix_until_stable(&seeded, level, |t| set.check(&Document::new(t, "en")))
                    .expect("fix converges")
                    .applied
                    .len()
            })
        });
    }
    g.finish();

    // Each rule alone on the first MiB: where the time of `check/prose` goes.
    let mut g = c.benchmark_group("rule");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Bytes(mib.len() as u64));
    // Rules of other languages do nothing on English text: only the English (and `any`) ones.
    let ids: Vec<String> = set
        .rules
        .iter()
        .filter(|r| r.applies_to("en"))
        .map(|r| r.meta.id.clone())
        .collect();
    for id in ids {
        let mut one = mtlint::load(&[]).expect("rules");
        one.filter(std::slice::from_ref(&id), &[])
            .expect("a built-in id");
        g.bench_function(&id, |b| {
            b.iter(|| one.check(&Document::new(&mib, "en")).len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
