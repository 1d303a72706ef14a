//! `fix` on a large plain-text file a block at a time, so that neither the text nor its fixed
//! version is ever whole in memory (the same files `check` reads a block at a time, see
//! [`Context::lint_large`]).
//!
//! Each pass of the fix loop lints the current text a block at a time (the findings are those
//! of the whole text), chooses the fixes as [`fix::select`] does, and writes the text with them
//! applied, block by block, to a temporary file beside the original; the next pass lints that
//! file. Every rule is line-local and a fix never reaches past its own line, so the fixes of a
//! block are applied to that block alone ([`fix::apply`] checks each block's bytes outside the
//! spans). The loop ends as [`fix::fix_until_stable`] ends (no fix left, rules that undo each
//! other, too many passes), with the same errors. The original is replaced only if it still
//! holds the bytes first read (length and hash); the diff is printed a line at a time when the
//! fixes kept every line break ([`render::diff::unified_aligned`]), else from both texts read
//! whole.
//!
//! `None` from [`fix_large`]: the file is fixed whole (not large, not plain text, an inline
//! suppression, not UTF-8 text...), exactly as a small file is.

use std::hash::Hasher;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::block_reader::{BlockReader, Next};
use crate::error::{Error, Result};
use crate::fix::{self, Passes, MAX_PASSES};
use crate::pipeline::{Context, FileFindings};
use crate::render;
use crate::rules::{Applicability, Finding};
use crate::source::{self, Source};

/// What the fix loop made of a large file.
pub struct LargeFix {
    /// The name shown for the file.
    pub name: String,
    /// Rule ids of the fixes applied, one entry per fix, in pass order.
    pub applied: Vec<String>,
    /// How many findings are left in the fixed text.
    pub remaining: usize,
    /// The fixed file's bytes (the byte order mark included), beside the original; `None`
    /// when no fix applied.
    fixed: Option<NamedTempFile>,
    /// The file, its path resolved (the one replaced).
    target: PathBuf,
    /// Whether it starts with a byte order mark.
    bom: bool,
    /// Its length and hash when first read.
    original: (u64, u64),
    /// Whether every fix applied kept its line's line breaks (so that line `i` of the fixed
    /// text is line `i` of the original).
    aligned: bool,
}

/// Fix the large plain-text file `path` a block at a time; `None` when it is to be fixed whole
/// (see the module documentation).
pub fn fix_large(ctx: &Context, path: &Path, level: Applicability) -> Option<Result<LargeFix>> {
    run(ctx, path, level, false).map(|r| r.map(|(fixed, _)| fixed))
}

/// `check --format diff` on the large plain-text file `path`: its findings (what
/// [`Context::lint_large`] gives) and its safe fixes, from one run of the fix loop (whose
/// first pass lints the file as it is); `None` when it is to be read whole.
pub fn check_large(ctx: &Context, path: &Path) -> Option<Result<(FileFindings, LargeFix)>> {
    match run(ctx, path, Applicability::Safe, true)? {
        // (the first pass is always kept when asked for)
        Ok((fixed, first)) => Some(Ok((first?, fixed))),
        Err(e) => Some(Err(e)),
    }
}

/// The fix loop on `path` if it is read a block at a time, with the first pass's findings when
/// `report` asks for them.
fn run(
    ctx: &Context,
    path: &Path,
    level: Applicability,
    report: bool,
) -> Option<Result<(LargeFix, Option<FileFindings>)>> {
    let block = ctx.large_block(path)?;
    let fixed = passes(ctx, path, block, level, report);
    if fixed.is_none() {
        ctx.say_read_whole(path, block);
    }
    fixed
}

fn passes(
    ctx: &Context,
    path: &Path,
    block: usize,
    level: Applicability,
    report: bool,
) -> Option<Result<(LargeFix, Option<FileFindings>)>> {
    // Resolved, so that the temporary files are made beside the file a symbolic link names
    // (as a small file's are).
    let target = std::fs::canonicalize(path).ok()?;
    let original = fingerprint(&target).ok()?;
    let (unit, first, reader) = match ctx.open_large(path, block)? {
        Ok(x) => x,
        Err(e) => return Some(Err(e)),
    };
    // The same worker threads lint every pass (see `Workers`).
    crate::parallel::with_workers(|workers| {
        let (mut findings, excerpt) =
            ctx.lint_blocks(workers, &unit, first, reader, path, block)?;
        let first_pass = report.then(|| FileFindings {
            name: unit.source.name.clone(),
            prepared: std::sync::Arc::clone(&unit.prepared),
            findings: findings.clone(),
            excerpt,
        });
        let mut loop_ = Passes::new(original.1);
        let (mut fixed, mut applied, mut aligned): (Option<NamedTempFile>, Vec<String>, bool) =
            (None, Vec::new(), true);
        for _ in 0..=MAX_PASSES {
            let chosen = fix::select(&findings, level);
            if chosen.is_empty() {
                let fixed = LargeFix {
                    name: unit.source.name.clone(),
                    applied,
                    remaining: findings.len(),
                    fixed,
                    target,
                    bom: unit.source.bom,
                    original,
                    aligned,
                };
                return Some(Ok((fixed, first_pass)));
            }
            let rules: Vec<String> = chosen.iter().map(|f| f.rule.clone()).collect();
            let read = fixed.as_ref().map_or(path, |t| t.path());
            let next = match apply_blocks(read, block, unit.source.bom, &chosen, &target)? {
                Ok(next) => next,
                Err(e) => return Some(Err(Error::file(path, e))),
            };
            aligned &= next.aligned;
            if let Err(e) = loop_.record(next.hash, rules.clone()) {
                return Some(Err(Error::file(path, e)));
            }
            applied.extend(rules);
            let mut reader = BlockReader::open(next.file.path(), block)?;
            let Next::Block(first) = reader.next()? else {
                return None;
            };
            findings = ctx
                .lint_blocks(workers, &unit, first, reader, next.file.path(), block)?
                .0;
            fixed = Some(next.file);
        }
        Some(Err(Error::file(path, loop_.too_many())))
    })
}

/// A text with a pass's fixes applied.
struct Applied {
    /// Its bytes.
    file: NamedTempFile,
    /// Its hash (as [`Passes::hasher`] hashes).
    hash: u64,
    /// Whether every fix kept its line breaks.
    aligned: bool,
}

/// Write the text of `read` with the fixes `chosen` (sorted, not overlapping, positions in the
/// text without the byte order mark) applied, a block at a time, to a temporary file beside
/// `target`. `None`: the text is to be fixed whole (a block the reader cannot give, or a fix
/// that crosses a block's end).
fn apply_blocks(
    read: &Path,
    block: usize,
    bom: bool,
    chosen: &[&Finding],
    target: &Path,
) -> Option<std::result::Result<Applied, String>> {
    let reader = BlockReader::open(read, block)?;
    let mut file = match source::temp_beside(target) {
        Ok(f) => f,
        Err(e) => return Some(Err(e)),
    };
    let mut hash = Passes::hasher();
    let mut aligned = true;
    let mut out = std::io::BufWriter::new(file.as_file_mut());
    let mut write = |bytes: &[u8]| {
        hash.write(bytes);
        out.write_all(bytes)
            .map_err(|e| format!("cannot write the fixed text: {e}"))
    };
    if bom {
        if let Err(e) = write(source::BOM.as_bytes()) {
            return Some(Err(e));
        }
    }
    let mut rest = chosen;
    let mut blocks = reader.peekable();
    while let Some(next) = blocks.next() {
        let Next::Block(b) = next else {
            return None;
        };
        let end = b.start + b.text.len();
        // A fix at a block's end belongs to the next block, or to the last (an insertion at
        // the end of the text).
        let last = blocks.peek().is_none();
        let here = rest
            .iter()
            .take_while(|f| f.range.start < end || (last && f.range.start == end))
            .count();
        let (mine, later) = rest.split_at(here);
        rest = later;
        if mine.iter().any(|f| f.range.end > end) {
            return None;
        }
        aligned &= fix::keeps_lines(&b.text, b.start, mine);
        let text = match fix::apply_at(&b.text, b.start, mine) {
            Ok(t) => t,
            Err(e) => return Some(Err(e.to_string())),
        };
        if let Err(e) = write(text.as_bytes()) {
            return Some(Err(e));
        }
    }
    if !rest.is_empty() {
        // Fixes past the end of the text read: it is not the text linted.
        return Some(Err(
            "changed on disk while it was being fixed; not overwritten".to_string(),
        ));
    }
    let flushed = out
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|f| f.sync_all());
    if let Err(e) = flushed {
        return Some(Err(format!("cannot write the fixed text: {e}")));
    }
    Some(Ok(Applied {
        file,
        hash: hash.finish(),
        aligned,
    }))
}

/// The length and hash (as [`Passes::hasher`] hashes) of the bytes of `path`.
fn fingerprint(path: &Path) -> std::io::Result<(u64, u64)> {
    let mut file = std::fs::File::open(path)?;
    let (mut hash, mut len) = (Passes::hasher(), 0u64);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok((len, hash.finish()));
        }
        hash.write(&buf[..n]);
        len += n as u64;
    }
}

impl LargeFix {
    /// Whether a fix applied.
    pub fn changed(&self) -> bool {
        self.fixed.is_some()
    }

    /// An error unless the file still holds the bytes first read.
    fn unchanged_on_disk(&self) -> Result<()> {
        match fingerprint(&self.target) {
            Ok(now) if now == self.original => Ok(()),
            Ok(_) => Err(Error::file(
                &self.name,
                "changed on disk since it was read; not overwritten",
            )),
            Err(e) => Err(Error::file(&self.name, source::io_problem(&e))),
        }
    }

    /// The unified diff from the file to its fixed text (empty when no fix applied).
    pub fn diff(&self) -> Result<String> {
        let Some(fixed) = &self.fixed else {
            return Ok(String::new());
        };
        self.unchanged_on_disk()?;
        let problem = |e: std::io::Error| Error::file(&self.name, source::io_problem(&e));
        if self.aligned {
            let old = BufReader::new(std::fs::File::open(&self.target).map_err(problem)?);
            let new = BufReader::new(fixed.reopen().map_err(problem)?);
            return render::diff::unified_aligned(&self.name, old, new).map_err(problem);
        }
        // A fix added or removed a line break: the line diff of both texts, read whole.
        let old = Source::read(&self.target)?;
        let new = Source::read(fixed.path())?;
        Ok(render::diff::of_fixes(
            &self.name, self.bom, &old.text, &new.text, false,
        ))
    }

    /// Copy the fixed text (the original when no fix applied) to `out`.
    pub fn copy_to(&self, out: &mut dyn Write) -> Result<()> {
        let problem = |e: std::io::Error| Error::file(&self.name, source::io_problem(&e));
        let mut from = match &self.fixed {
            Some(f) => f.reopen().map_err(problem)?,
            None => std::fs::File::open(&self.target).map_err(problem)?,
        };
        match std::io::copy(&mut from, out).and_then(|_| out.flush()) {
            Ok(()) => Ok(()),
            // A closed pipe (`mtlint fix --stdout big.txt | head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(Error::new(format!("cannot write to standard output: {e}"))),
        }
    }

    /// Replace the file with its fixed text (nothing to do when no fix applied), unless it
    /// changed on disk since it was read.
    pub fn write(self) -> Result<()> {
        if self.fixed.is_none() {
            return Ok(());
        }
        self.unchanged_on_disk()?;
        let Some(fixed) = self.fixed else {
            return Ok(());
        };
        source::replace_with(&self.target, fixed).map_err(|e| Error::file(&self.name, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// A plain-text file of `LARGE_FILE_BLOCKS` default blocks and a bit, with fixable
    /// findings all through it.
    fn large_file(dir: &Path) -> PathBuf {
        let line = "Troops left kyiv on Monday; talks resumed in kyiv on Tuesday.\n";
        let want = crate::pipeline::LARGE_FILE_BLOCKS * (1 << 20) + 4096;
        let path = dir.join("large.txt");
        std::fs::write(&path, line.repeat(want / line.len() + 1)).expect("write");
        path
    }

    #[test]
    fn a_large_file_changed_on_disk_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = large_file(dir.path());
        let cli = crate::cli::Cli::parse_from(["mtlint", "--lang", "en", "fix", "x"]);
        let ctx = Context::new(&cli.common);
        let fixed = fix_large(&ctx, &path, Applicability::Safe)
            .expect("fixed a block at a time")
            .expect("fixed");
        assert!(fixed.changed() && !fixed.applied.is_empty());
        // Someone edits the file before it is written.
        let mut edited = std::fs::read(&path).expect("read");
        edited.extend_from_slice(b"A line added meanwhile.\n");
        std::fs::write(&path, &edited).expect("edit");
        let err = fixed.write().expect_err("not overwritten");
        assert!(
            err.to_string()
                .contains("changed on disk since it was read"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).expect("read"), edited);
        // Unchanged, it is written: the fixed text, and no temporary file is left.
        let fixed = fix_large(&ctx, &path, Applicability::Safe)
            .expect("fixed a block at a time")
            .expect("fixed");
        fixed.write().expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(!text.contains("kyiv") && text.ends_with("A line added meanwhile.\n"));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["large.txt"]);
    }

    #[test]
    fn the_hash_of_a_text_does_not_depend_on_how_it_is_cut() {
        let text = "Kyiv, Kharkiv and Odesa. ".repeat(100);
        let whole = {
            let mut h = Passes::hasher();
            h.write(text.as_bytes());
            h.finish()
        };
        for cut in [1, 7, 64, 1000] {
            let mut h = Passes::hasher();
            for piece in text.as_bytes().chunks(cut) {
                h.write(piece);
            }
            assert_eq!(h.finish(), whole, "{cut}");
        }
    }
}
