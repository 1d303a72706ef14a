//! Expanding the paths of the command line into the files to lint (see [`super::expand`]).

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;

use crate::error::{Error, Result};

/// The extensions (lowercase, without the dot) of the files taken when walking a directory.
/// `.pot` templates (no translations) and `.jsonl` batches (another output shape) are left out;
/// `--include '*.jsonl'` adds them.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "srt", "vtt", "po"];

/// Globs compiled so that `*` does not cross `/`.
fn globs(patterns: &[String]) -> Result<GlobSet> {
    let mut set = GlobSetBuilder::new();
    for p in patterns {
        let trimmed = p.strip_suffix('/').unwrap_or(p);
        let glob = GlobBuilder::new(trimmed)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::new(format!("bad glob `{p}`: {}", e.kind())))?;
        set.add(glob);
    }
    set.build()
        .map_err(|e| Error::new(format!("bad glob: {}", e.kind())))
}

/// `path` without leading `./` components (`./a/b` → `a/b`; `.` stays `.`).
fn without_dot(path: &Path) -> PathBuf {
    let rest: PathBuf = path
        .components()
        .skip_while(|c| matches!(c, Component::CurDir))
        .collect();
    if rest.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        rest
    }
}

/// Bytes that compare as `path` does with [`Path::cmp`]: component by component, each as its
/// kind (in the order of [`Component`]'s variants), its bytes and a 0 byte (below any byte of a
/// name).
fn order_key(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for c in path.components() {
        key.push(match c {
            Component::Prefix(_) => 1,
            Component::RootDir => 2,
            Component::CurDir => 3,
            Component::ParentDir => 4,
            Component::Normal(_) => 5,
        });
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key
}

/// Whether `set` matches `path` by any of the names it is known by: relative to the walked
/// root (`rel`), as walked or given, and its file name.
fn matches(set: &GlobSet, path: &Path, rel: Option<&Path>) -> bool {
    if set.is_empty() {
        return false;
    }
    rel.is_some_and(|r| !r.as_os_str().is_empty() && set.is_match(r))
        || set.is_match(without_dot(path))
        || path.file_name().is_some_and(|n| set.is_match(n))
}

/// Whether a path given on the command line matches `set`: as given, by its file name, or —
/// for a relative path — by one of its parent directories (`drafts/a.md` with `drafts`).
/// The parents of an absolute path are not tried: they lie outside what the user is linting.
fn explicitly_excluded(set: &GlobSet, path: &Path) -> bool {
    if matches(set, path, None) {
        return true;
    }
    if path.is_absolute() || set.is_empty() {
        return false;
    }
    let rel = without_dot(path);
    rel.ancestors()
        .skip(1)
        .filter(|a| {
            !a.as_os_str().is_empty() && a.components().all(|c| matches!(c, Component::Normal(_)))
        })
        .any(|a| set.is_match(a) || a.file_name().is_some_and(|n| set.is_match(n)))
}

/// Whether `path` has one of the default extensions.
fn has_default_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e)))
}

pub(crate) fn expand(
    paths: &[PathBuf],
    include: &[String],
    exclude: &[String],
) -> Result<Vec<PathBuf>> {
    let (files, mut errors) = expand_lenient(paths, include, exclude);
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors.swap_remove(0))
    }
}

pub(crate) fn expand_lenient(
    paths: &[PathBuf],
    include: &[String],
    exclude: &[String],
) -> (Vec<PathBuf>, Vec<Error>) {
    let (include, exclude) = match (globs(include), globs(exclude)) {
        (Ok(i), Ok(e)) => (i, e),
        (Err(e), _) | (_, Err(e)) => return (Vec::new(), vec![e]),
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(path.clone());
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(match e.kind() {
                    ErrorKind::NotFound => Error::file(path, "no such file or directory"),
                    ErrorKind::PermissionDenied => Error::file(path, "permission denied"),
                    _ => Error::file(path, e),
                });
                continue;
            }
        };
        // `.` and `..` have no name: never excluded (`--exclude '.*'` means hidden files).
        if path.file_name().is_some() && explicitly_excluded(&exclude, path) {
            continue;
        }
        if meta.is_dir() {
            if let Err(e) = walk(path, &include, &exclude, &mut out) {
                errors.push(e);
            }
        } else {
            out.push(path.clone());
        }
    }
    // Sorted and deduplicated by the path without `./`, in the order of `Path`'s comparison,
    // with each key made once (comparing `Path`s parses their components every time: it took
    // longer than the walk on 10,000 files).
    let mut keyed: Vec<(Vec<u8>, PathBuf)> = out
        .into_iter()
        .map(|p| (order_key(&without_dot(&p)), p))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    (keyed.into_iter().map(|(_, p)| p).collect(), errors)
}

fn walk(root: &Path, include: &GlobSet, exclude: &GlobSet, out: &mut Vec<PathBuf>) -> Result<()> {
    let prune = exclude.clone();
    let walk_root = root.to_path_buf();
    let walker = WalkBuilder::new(root)
        .standard_filters(true) // hidden files, .ignore, .gitignore, git excludes
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |e| {
            e.depth() == 0
                || !e.file_type().is_some_and(|t| t.is_dir())
                || !matches(&prune, e.path(), e.path().strip_prefix(&walk_root).ok())
        })
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| walk_error(root, &e))?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue; // directories, symbolic links, sockets...
        }
        let path = entry.path();
        let rel = path.strip_prefix(root).ok();
        let wanted = has_default_extension(path) || matches(include, path, rel);
        if wanted && !matches(exclude, path, rel) {
            out.push(without_dot(path));
        }
    }
    Ok(())
}

/// A walk error as one line naming the path it concerns (else the walked root).
fn walk_error(root: &Path, e: &ignore::Error) -> Error {
    match e {
        ignore::Error::WithPath { path, err } => Error::file(path, walk_problem(err)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(root, err)
        }
        ignore::Error::Loop { child, .. } => Error::file(child, "file system loop"),
        other => Error::file(root, walk_problem(other)),
    }
}

/// The problem of a walk error, without path and without Rust's `(os error N)`.
fn walk_problem(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_problem(err),
        ignore::Error::Io(io) if io.kind() == ErrorKind::PermissionDenied => {
            "permission denied".to_string()
        }
        other => {
            let s = other.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_sort_as_paths_do() {
        let paths = [
            "a", "ab", "a/b", "a-b", "a.b", "a/b/c", "a/bc", "a b", "../x", "..", ".", "./a",
            "/abs", "/abs/z", "/a", "b/../a", "Z", "é/x", "a\\b", "-x", "x/-y", "x/.y",
        ];
        for a in paths {
            for b in paths {
                let (pa, pb) = (Path::new(a), Path::new(b));
                assert_eq!(order_key(pa).cmp(&order_key(pb)), pa.cmp(pb), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn leading_dots_are_dropped() {
        assert_eq!(without_dot(Path::new("./a/b.md")), PathBuf::from("a/b.md"));
        assert_eq!(without_dot(Path::new("a/./b.md")), PathBuf::from("a/b.md"));
        assert_eq!(without_dot(Path::new(".")), PathBuf::from("."));
        assert_eq!(without_dot(Path::new("../x")), PathBuf::from("../x"));
    }

    #[test]
    fn globs_match_relative_path_full_path_or_name() {
        let set = globs(&["*.srt".into(), "drafts/".into(), "docs/old/**".into()]).unwrap();
        assert!(matches(
            &set,
            Path::new("x/y/a.srt"),
            Some(Path::new("y/a.srt"))
        ));
        assert!(matches(
            &set,
            Path::new("x/drafts"),
            Some(Path::new("drafts"))
        ));
        assert!(matches(
            &set,
            Path::new("./docs/old/a.md"),
            Some(Path::new("old/a.md"))
        ));
        assert!(!matches(
            &set,
            Path::new("x/y/a.md"),
            Some(Path::new("y/a.md"))
        ));
        assert!(globs(&["a[".into()])
            .unwrap_err()
            .to_string()
            .contains("bad glob `a[`"));
        assert!(!matches(&globs(&[]).unwrap(), Path::new("a"), None));
    }

    #[test]
    fn explicit_paths_under_excluded_directories() {
        let set = globs(&["drafts".into(), "old/*".into(), ".*".into()]).unwrap();
        assert!(explicitly_excluded(&set, Path::new("drafts/a.md")));
        assert!(explicitly_excluded(
            &set,
            Path::new("./news/drafts/deep/a.md")
        ));
        assert!(explicitly_excluded(&set, Path::new("old/x/a.md")));
        assert!(explicitly_excluded(&set, Path::new(".git/a.md")));
        assert!(!explicitly_excluded(&set, Path::new("news/a.md")));
        assert!(!explicitly_excluded(&set, Path::new("../news/a.md")));
        assert!(!explicitly_excluded(&set, Path::new("/srv/drafts/a.md")));
    }

    #[test]
    fn walk_errors_name_their_path() {
        let denied = ignore::Error::WithPath {
            path: PathBuf::from("root/locked"),
            err: Box::new(ignore::Error::Io(std::io::Error::from(
                ErrorKind::PermissionDenied,
            ))),
        };
        let e = walk_error(Path::new("root"), &denied);
        assert_eq!(e.to_string(), "root/locked: permission denied");
        let other = ignore::Error::Io(std::io::Error::other("disk on fire (os error 5)"));
        let e = walk_error(Path::new("root"), &other);
        assert_eq!(e.to_string(), "root: disk on fire");
    }

    #[test]
    fn default_extensions_ignore_case() {
        assert!(has_default_extension(Path::new("README.MD")));
        assert!(has_default_extension(Path::new("a.po")));
        assert!(!has_default_extension(Path::new("a.pot")));
        assert!(!has_default_extension(Path::new("a.jsonl")));
        assert!(!has_default_extension(Path::new("Makefile")));
    }
}
