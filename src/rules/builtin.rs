//! The built-in rule files, embedded at build time from `rules/`.

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The contents of the built-in file at `path` (relative to `rules/`).
pub fn file(path: &str) -> Option<&'static str> {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, c)| *c)
}

/// The built-in rule files (`*.toml`), sorted by path.
pub fn rule_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().copied().filter(|(p, _)| p.ends_with(".toml"))
}
