//! Engine throughput (placeholder until the benchmark harness lands, issue 7).
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let set = mtlint::load(&[]).expect("rules");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/kursk-offensive.en.txt"
    ))
    .expect("seed");
    c.bench_function("check seed", |b| {
        b.iter(|| set.check(&mtlint::Document::new(&text, "en")).len())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
