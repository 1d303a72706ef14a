//! The per-file pipeline shared by `check` and `fix`: which configuration and rule set apply to
//! a file, its language, what rules may see of it (input format), and the findings after
//! per-file ignores and allowed words. Files run in parallel; results keep the input order.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::app::DEFAULT_LANG;
use crate::block_reader::{Block, BlockReader, Next};
use crate::cli::{Common, InputFormat};
use crate::config::{self, Config, Settings};
use crate::document::excerpt::Excerpt;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::input;
use crate::rules::blocks::{BlockFindings, Blocks, Seen};
use crate::rules::{self, Finding, RuleSet};
use crate::source::Source;

/// A configuration with its settings and the rule set they select.
#[derive(Debug)]
pub struct Prepared {
    /// The configuration found.
    pub config: Config,
    /// Its settings, with command-line flags applied.
    pub settings: Settings,
    /// The rules it enables.
    pub set: RuleSet,
}

/// Everything a run shares: the options and one prepared rule set per configuration file.
pub struct Context<'c> {
    /// The command-line options.
    pub common: &'c Common,
    /// The prepared rules by configuration file.
    cache: Mutex<HashMap<Option<PathBuf>, Arc<Prepared>>>,
    /// The prepared rules by the directory their configuration was looked for from
    /// ([`config::start_dir`]): the files of one directory look only once during a run (the
    /// stat calls up to the root, and the parse of a configuration file found there, cost 5 %
    /// of checking a tree of 10,000 small files).
    by_dir: Mutex<HashMap<Option<PathBuf>, Arc<Prepared>>>,
}

/// One input, ready to lint.
pub struct Unit {
    /// The text as read.
    pub source: Source,
    /// Its configuration and rules.
    pub prepared: Arc<Prepared>,
    /// Its input format.
    pub format: InputFormat,
    /// Its language.
    pub lang: String,
    /// Rules or categories ignored for this file (`per-file-ignores`).
    pub ignores: Vec<String>,
}

/// A file's findings with the lines they touch (a large file's, linted a block at a time, or
/// any file's once its text is no longer needed).
pub struct FileFindings {
    /// The name shown for the file.
    pub name: String,
    /// Its configuration and rules.
    pub prepared: Arc<Prepared>,
    /// Its findings, in text order.
    pub findings: Vec<Finding>,
    /// The lines its findings touch, for rendering them.
    pub excerpt: Excerpt,
}

/// One block of a large file, linted.
struct LintedBlock {
    /// Its findings.
    found: BlockFindings,
    /// The lines they touch.
    lines: Excerpt,
    /// Its first line (offset, line number, text), unless longer than [`HEAD_BYTES`]: the
    /// line a finding of the block before reaches when it ends at the block's end.
    head: Option<(usize, usize, String)>,
}

/// The longest first line a block keeps for the block before (a longer one needed makes the
/// file read whole).
const HEAD_BYTES: usize = 64 * 1024;

/// The target size of a block when a large file is linted a block at a time: 1 MiB, or the
/// `MTLINT_BLOCK_BYTES` environment variable (tests use small blocks).
pub fn block_bytes() -> usize {
    std::env::var("MTLINT_BLOCK_BYTES")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1 << 20)
}

/// Files of at least this many blocks are linted a block at a time.
pub const LARGE_FILE_BLOCKS: usize = 8;

/// The error of a lock that a panicking thread left poisoned (the caches of [`Context`]).
fn poisoned<T>(_: T) -> Error {
    Error::new("internal error: poisoned lock")
}

impl<'c> Context<'c> {
    /// A context for these options.
    pub fn new(common: &'c Common) -> Context<'c> {
        Context {
            common,
            cache: Mutex::new(HashMap::new()),
            by_dir: Mutex::new(HashMap::new()),
        }
    }

    /// The configuration and rule set for a file (`None`: standard input / current directory).
    pub fn prepared(&self, path: Option<&Path>) -> Result<Arc<Prepared>> {
        let dir = config::start_dir(path);
        if let Some(p) = self.by_dir.lock().map_err(poisoned)?.get(&dir) {
            return Ok(p.clone());
        }
        let config = config::find(self.common, dir.clone())?;
        self.prepared_in(dir, config)
    }

    /// The rule set of `config`, the configuration [`config::find`] found for directory `dir`:
    /// compiled once per configuration file, and remembered for the directory.
    pub fn prepared_in(&self, dir: Option<PathBuf>, config: Config) -> Result<Arc<Prepared>> {
        let prepared = self.prepared_with(config)?;
        self.by_dir
            .lock()
            .map_err(poisoned)?
            .insert(dir, prepared.clone());
        Ok(prepared)
    }

    /// The rule set of `config`, compiled once per configuration file.
    fn prepared_with(&self, config: Config) -> Result<Arc<Prepared>> {
        let key = config.file.clone();
        if let Some(p) = self.cache.lock().map_err(poisoned)?.get(&key) {
            return Ok(p.clone());
        }
        let settings = config::effective(self.common, &config);
        let mut set = rules::load::load(&settings.rules)?;
        let in_file = |e: Error| match &config.file {
            Some(f) => Error::new(format!("{}: {e}", f.display())),
            None => e,
        };
        set.filter(&settings.select, &settings.ignore)
            .map_err(in_file)?;
        for (id, sev) in &settings.severity {
            let rule = set
                .rules
                .iter_mut()
                .find(|r| r.meta.id == *id)
                .ok_or_else(|| in_file(Error::new(format!("severity: unknown rule `{id}`"))))?;
            rule.meta.severity = *sev;
        }
        for (id, fix) in &settings.fix_safety {
            let rule = set
                .rules
                .iter_mut()
                .find(|r| r.meta.id == *id)
                .ok_or_else(|| in_file(Error::new(format!("fix-safety: unknown rule `{id}`"))))?;
            rule.meta.fix = *fix;
        }
        let prepared = Arc::new(Prepared {
            config,
            settings,
            set,
        });
        self.cache
            .lock()
            .map_err(poisoned)?
            .insert(key, prepared.clone());
        Ok(prepared)
    }

    /// Read and prepare one input (`None`: standard input).
    pub fn unit(&self, path: Option<&PathBuf>) -> Result<Unit> {
        let source = match path {
            Some(p) => Source::read(p)?,
            None => Source::stdin()?,
        };
        self.unit_from(source, path.map(PathBuf::as_path))
    }

    /// Lint a large plain-text file a block at a time (blocks of [`block_bytes`], linted in
    /// parallel), so that its whole text is never in memory. The findings are those of the
    /// whole text (see [`crate::rules::blocks`]).
    ///
    /// `None`: the file is to be read whole: it is smaller than [`LARGE_FILE_BLOCKS`] blocks,
    /// not plain text, holds an inline suppression (`mtlint-disable` stretches may span
    /// blocks), is not UTF-8 text, or has no line break for too long (see
    /// [`crate::block_reader`]).
    pub fn lint_large(&self, path: &Path) -> Option<Result<FileFindings>> {
        let block = self.large_block(path)?;
        let linted = match self.open_large(path, block) {
            Some(Ok((unit, first, reader))) => crate::parallel::with_workers(|workers| {
                self.lint_blocks(workers, &unit, first, reader, path, block)
            })
            .map(|(findings, excerpt)| {
                Ok(FileFindings {
                    name: unit.source.name,
                    prepared: unit.prepared,
                    findings,
                    excerpt,
                })
            }),
            Some(Err(e)) => Some(Err(e)),
            None => None,
        };
        if linted.is_none() {
            self.say_read_whole(path, block);
        }
        linted
    }

    /// The block size for `path` when it is to be read a block at a time: a plain-text file of
    /// at least [`LARGE_FILE_BLOCKS`] blocks.
    pub(crate) fn large_block(&self, path: &Path) -> Option<usize> {
        let block = block_bytes();
        let meta = std::fs::metadata(path).ok()?;
        let large = (meta.len() as usize) >= block.saturating_mul(LARGE_FILE_BLOCKS);
        if !meta.is_file() || !large {
            return None;
        }
        if input::format_for(Some(path), self.common.input_format) != InputFormat::Text {
            return None;
        }
        Some(block)
    }

    /// With `--verbose`, say why a large file is read whole after all.
    pub(crate) fn say_read_whole(&self, path: &Path, block: usize) {
        if self.common.verbose {
            eprintln!(
                "mtlint: {}: read whole (it has an inline suppression, a stretch of {} bytes \
                 without a line break, or bytes that are not UTF-8 text)",
                path.display(),
                block.saturating_mul(crate::block_reader::MAX_FACTOR)
            );
        }
    }

    /// A large file's unit (its configuration and rules, and its language, detected from the
    /// start of the text; no text), its first block and the reader of the others.
    pub(crate) fn open_large(
        &self,
        path: &Path,
        block: usize,
    ) -> Option<Result<(Unit, Block, BlockReader)>> {
        let mut reader = BlockReader::open(path, block)?;
        let Next::Block(first) = reader.next()? else {
            return None;
        };
        let bom = reader.bom();
        // The language is detected from the same sample as if the file were read whole, unless
        // it is given (`--lang`, or the configuration's).
        let given = self
            .prepared(Some(path))
            .is_ok_and(|p| p.settings.lang.is_some());
        let language_sample = match given {
            true => None,
            false => Some(file_sample(path, bom)?),
        };
        let source = Source {
            path: Some(path.to_path_buf()),
            name: path.display().to_string(),
            bom,
            text: first.text,
            language_sample,
        };
        let mut unit = match self.unit_from(source, Some(path)) {
            Ok(u) => u,
            Err(e) => return Some(Err(e)),
        };
        let first = Block {
            text: std::mem::take(&mut unit.source.text),
            ..first
        };
        Some(Ok((unit, first, reader)))
    }

    /// The findings of the text read by `reader` (its first block `first`, already read) as
    /// `unit` sees them, a block at a time (the blocks linted in parallel), with the lines they
    /// touch; `path` is the file read, opened again if names need context words found in no
    /// block with names. `None`: the file is to be read whole (see [`Context::lint_large`]).
    pub(crate) fn lint_blocks<'env>(
        &self,
        workers: &crate::parallel::Workers<'env>,
        unit: &'env Unit,
        first: Block,
        reader: BlockReader,
        path: &Path,
        block: usize,
    ) -> Option<(Vec<Finding>, Excerpt)> {
        let (mut blocks, mut excerpt, mut whole) = (Blocks::default(), Excerpt::default(), false);
        let (seen, mut count) = (std::sync::Arc::new(Seen::default()), 0);
        let seen_by_workers = std::sync::Arc::clone(&seen);
        workers.for_each_ordered(
            std::iter::once(Next::Block(first)).chain(reader),
            move |next| match next {
                Next::Block(b) => unit.lint_block(&b, &seen_by_workers),
                Next::ReadWhole => None,
            },
            |linted| match linted {
                Some(linted) => {
                    count += 1;
                    if excerpt.open_line().is_some() {
                        // A finding of the block before ends at this block's start: its line
                        // is this block's first.
                        let Some((start, line, head)) = linted.head else {
                            whole = true;
                            return ControlFlow::Break(());
                        };
                        excerpt.add_block(&head, start, line, std::iter::once(0..0));
                    }
                    blocks.add(linted.found);
                    excerpt.append(linted.lines);
                    ControlFlow::Continue(())
                }
                None => {
                    whole = true;
                    ControlFlow::Break(())
                }
            },
        );
        if whole {
            return None;
        }
        if self.common.verbose {
            eprintln!(
                "mtlint: {}: read in {count} blocks of about {block} bytes",
                unit.source.name
            );
        }
        if blocks.needs_context() {
            // Rare: a name to report in a block without context words. Look for them in the
            // whole text, a block at a time.
            for next in BlockReader::open(path, block)? {
                let Next::Block(b) = next else {
                    return None;
                };
                blocks.look_for_context(&unit.prepared.set, &b.text);
                if !blocks.needs_context() {
                    break;
                }
            }
        }
        let mut findings = blocks.finish();
        findings.retain(|f| !unit.ignored(f));
        Some((findings, excerpt))
    }

    /// Stream JSON Lines documents from each input (`None`: standard input) to standard output:
    /// `f` turns one document (as a unit) into the output object's fields besides `id`.
    pub fn jsonl(
        &self,
        inputs: &[Option<PathBuf>],
        mut f: impl FnMut(&Unit) -> Result<serde_json::Map<String, serde_json::Value>>,
    ) -> Result<usize> {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let mut total = 0;
        for input in inputs {
            let name = input
                .as_ref()
                .map_or_else(|| "-".to_string(), |p| p.display().to_string());
            let prepared = self.prepared(input.as_deref())?;
            let reader: Box<dyn std::io::BufRead> = match input {
                Some(p) => Box::new(std::io::BufReader::new(
                    std::fs::File::open(p).map_err(|e| Error::file(p, e))?,
                )),
                None => Box::new(std::io::BufReader::new(std::io::stdin())),
            };
            let ignores = match input {
                Some(p) => prepared.config.ignored_for(p)?,
                None => Vec::new(),
            };
            total += input::jsonl::for_each_document(
                reader,
                &mut out,
                &self.common.jsonl_id,
                &self.common.jsonl_text,
                |id, text| {
                    let source = Source::from_text(&name, false, text.to_string());
                    let lang = self.language(&prepared.settings, &source);
                    let unit = Unit {
                        source,
                        prepared: prepared.clone(),
                        format: InputFormat::Text,
                        lang,
                        ignores: ignores.clone(),
                    };
                    let mut obj = serde_json::Map::new();
                    obj.insert("id".to_string(), id.clone());
                    obj.extend(f(&unit)?);
                    Ok(serde_json::Value::Object(obj))
                },
            )
            .map_err(|e| Error::new(format!("{name}: {e}")))?;
        }
        Ok(total)
    }

    /// Prepare a source already read.
    pub fn unit_from(&self, source: Source, path: Option<&Path>) -> Result<Unit> {
        let prepared = self.prepared(path)?;
        let format = input::format_for(path, self.common.input_format);
        let ignores = match path {
            Some(p) => prepared.config.ignored_for(p)?,
            None => Vec::new(),
        };
        let lang = self.language(&prepared.settings, &source);
        Ok(Unit {
            source,
            prepared,
            format,
            lang,
            ignores,
        })
    }

    /// The language of a document: `--lang` or the configuration's, else detected.
    pub fn language(&self, settings: &Settings, source: &Source) -> String {
        document_language(self.common.verbose, settings.lang.as_deref(), source)
    }
}

/// The [`crate::language::document_sample`] of the text of the file at `path` (after its byte
/// order mark if `bom`), read where the sample's pieces are. `None`: the file cannot be read
/// there, or a piece is not UTF-8 (the file is then read whole, and refused if it is not
/// text).
fn file_sample(path: &Path, bom: bool) -> Option<String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let skip = if bom { crate::source::BOM.len() } else { 0 };
    let len = usize::try_from(file.metadata().ok()?.len())
        .ok()?
        .checked_sub(skip)?;
    crate::language::document_sample_by(len, |at, want| {
        file.seek(SeekFrom::Start(u64::try_from(skip + at).ok()?))
            .ok()?;
        let mut bytes = Vec::with_capacity(want);
        (&mut file)
            .take(u64::try_from(want).ok()?)
            .read_to_end(&mut bytes)
            .ok()?;
        Some(std::borrow::Cow::Owned(bytes))
    })
}

/// The language of a document: the one given, else detected from its text (falling back to
/// the default, and saying why on stderr when `verbose`).
pub fn document_language(verbose: bool, given: Option<&str>, source: &Source) -> String {
    if let Some(l) = given {
        return l.to_ascii_lowercase();
    }
    let sample = match &source.language_sample {
        Some(s) => std::borrow::Cow::Borrowed(s.as_str()),
        None => crate::language::document_sample(&source.text),
    };
    // (`--verbose` prints the exact confidence; otherwise the vote may stop early)
    let d = crate::language::detect_sample(&sample, DEFAULT_LANG, verbose);
    if verbose {
        match &d.fallback {
            Some(why) => eprintln!(
                "mtlint: {}: {why}; using the default language {}",
                source.name, d.lang
            ),
            None => eprintln!(
                "mtlint: {}: language {} (detected, confidence {:.2})",
                source.name, d.lang, d.confidence
            ),
        }
    }
    d.lang
}

impl Unit {
    /// The findings in `text` (this unit's text, or a fixed version of it).
    pub fn lint(&self, text: &str) -> Vec<Finding> {
        let masked = input::lintable(self.format, text);
        let doc = Document::with_original(&masked, text, &self.lang);
        let mut findings = self.prepared.set.check(&doc);
        input::drop_masked(text, &masked, &mut findings);
        self.filter(text, &mut findings);
        if self.format == InputFormat::Po {
            for f in &mut findings {
                if let Some(x) = f.fix.as_mut() {
                    x.replacement =
                        input::escape_replacement(self.format, &x.replacement).into_owned();
                }
                for a in &mut f.alternatives {
                    *a = input::escape_replacement(self.format, a).into_owned();
                }
            }
        }
        findings
    }

    /// The findings of one block of a large plain-text file (see [`Context::lint_large`]),
    /// with the lines they touch; `None` when the block holds an inline suppression.
    fn lint_block(&self, block: &Block, seen: &Seen) -> Option<LintedBlock> {
        if block.text.contains("mtlint-") {
            return None;
        }
        let doc = Document::new(&block.text, &self.lang).in_block();
        let mut found = self.prepared.set.check_block(&doc, seen);
        found.mark_dropped(&block.text, |text| self.allowed(text));
        let mut lines = Excerpt::default();
        lines.add_block(&block.text, block.start, block.first_line, found.ranges());
        found.shift(block.start);
        let first =
            memchr::memchr(b'\n', block.text.as_bytes()).map_or(block.text.len(), |i| i + 1);
        let head = (first <= HEAD_BYTES).then(|| {
            (
                block.start,
                block.first_line,
                block.text[..first].to_string(),
            )
        });
        Some(LintedBlock { found, lines, head })
    }

    fn filter(&self, text: &str, findings: &mut Vec<Finding>) {
        findings.retain(|f| !self.ignored(f) && !self.allowed(&text[f.range.clone()]));
    }

    /// Whether a finding's rule or category is ignored for this file (`per-file-ignores`).
    fn ignored(&self, f: &Finding) -> bool {
        let set = &self.prepared.set;
        self.ignores
            .iter()
            .any(|n| *n == f.rule || set.get(&f.rule).is_some_and(|r| r.meta.category == *n))
    }

    /// Whether the text of a finding is an allowed word (`allow`).
    fn allowed(&self, found: &str) -> bool {
        self.prepared.settings.allow.iter().any(|a| a == found)
    }
}
