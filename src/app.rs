//! Running the commands: read inputs, lint or fix them, render, and decide the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Parser;

use crate::cli::{
    CheckArgs, Cli, Command, Common, DetectArgs, DetectFormat, FailOn, FixArgs, Format, RulesArgs,
};
use crate::document::excerpt::{Excerpt, Located};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::fix::fix_until_stable;
use std::ops::ControlFlow;

use crate::parallel::for_each_ordered;
use crate::pipeline::Context;
use crate::render::{self, FileReport};
use crate::rules::{self, Applicability, Finding, RuleSet, Severity};
use crate::source::Source;

/// Exit code: nothing found, nothing changed.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings reported, or (with `fix --diff`) changes to make.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: an error (bad input, bad rule file, bad flag).
pub const EXIT_ERROR: u8 = 2;

/// The default language until detection is configured.
pub const DEFAULT_LANG: &str = "en";

/// Parse the command line, run it, and return the exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mtlint: error: {e}");
            EXIT_ERROR
        }
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<u8> {
    match &cli.command {
        Command::Check(args) => check(&cli.common, args),
        Command::Fix(args) => fix(&cli.common, args),
        Command::Review(args) => crate::review::run(&cli.common, args),
        Command::Rules(args) => rules_cmd(&cli.common, args),
        Command::Detect(args) => detect(&cli.common, args),
        Command::Config(args) => crate::config::show(&cli.common, args),
        Command::Completions(args) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "mtlint", &mut out);
            write_stdout(&out)?;
            Ok(EXIT_CLEAN)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map_err(|e| Error::new(format!("cannot render the manual page: {e}")))?;
            write_stdout(&out)?;
            Ok(EXIT_CLEAN)
        }
    }
}

/// The rule set the common options ask for.
pub(crate) fn rule_set(common: &Common) -> Result<RuleSet> {
    let mut set = rules::load::load(&common.rules)?;
    set.filter(&common.select, &common.ignore)?;
    Ok(set)
}

/// The language the common options give (`--lang`), if any.
pub(crate) fn language(common: &Common) -> Result<Option<String>> {
    match &common.lang {
        None => Ok(None),
        Some(l) if l.len() == 2 && l.chars().all(|c| c.is_ascii_alphabetic()) => {
            Ok(Some(l.to_ascii_lowercase()))
        }
        Some(l) => Err(Error::new(format!(
            "--lang `{l}`: expected a two-letter ISO 639-1 code such as `en`"
        ))),
    }
}

/// The inputs: the given paths, or stdin when the only path is `-` or none is given and stdin
/// is not a terminal.
pub(crate) fn inputs(paths: &[PathBuf]) -> Result<Vec<Option<PathBuf>>> {
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(Error::new(
                "no input: give one or more PATHs, or pipe text on stdin (see --help)",
            ));
        }
        return Ok(vec![None]);
    }
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Error::new("`-` (stdin) can be given only once"));
    }
    Ok(paths
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                None
            } else {
                Some(p.clone())
            }
        })
        .collect())
}

/// Read one input (`None` = stdin).
pub(crate) fn read(input: &Option<PathBuf>) -> Result<Source> {
    match input {
        Some(p) => Source::read(p),
        None => Source::stdin(),
    }
}

/// Reports an error for one input and keeps going with the others.
fn report_error(e: &Error, had_error: &mut bool) {
    eprintln!("mtlint: error: {e}");
    *had_error = true;
}

/// The inputs of `check`, `fix` and `detect`: stdin (`-`, or nothing with piped input) and the given
/// files, with directories walked (`--include`/`--exclude` and the configuration's
/// `extend-include`/`exclude` apply).
fn collect_inputs(
    ctx: &Context,
    paths: &[PathBuf],
    had_error: &mut bool,
) -> Result<Vec<Option<PathBuf>>> {
    let given = inputs(paths)?;
    let mut out: Vec<Option<PathBuf>> = given.iter().filter(|p| p.is_none()).cloned().collect();
    let files: Vec<&PathBuf> = given.iter().flatten().collect();
    if files.is_empty() {
        return Ok(out);
    }
    let owned: Vec<PathBuf> = files.into_iter().cloned().collect();
    // The configuration of the current directory gives the walk its globs. Its rule set, which
    // the files will need, is compiled meanwhile on another thread when there are several:
    // on a tree of 10,000 small files each took about a hundredth of a second, which no
    // worker could use.
    let here = crate::config::start_dir(None);
    let config = crate::config::find(ctx.common, here.clone())?;
    let settings = crate::config::effective(ctx.common, &config);
    let walk = || crate::input::expand_lenient(&owned, &settings.extend_include, &settings.exclude);
    let compile = move || ctx.prepared_in(here, config).map(drop);
    let (found, errors) = if crate::parallel::threads() > 1 {
        std::thread::scope(|scope| {
            let rules = scope.spawn(compile);
            let walked = walk();
            match rules.join() {
                Ok(compiled) => compiled.map(|()| walked),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })?
    } else {
        compile()?;
        walk()
    };
    // A missing path is reported and the others are still linted.
    for e in &errors {
        report_error(e, had_error);
    }
    out.extend(found.into_iter().map(Some));
    Ok(out)
}

/// A progress bar on stderr for long runs on a terminal.
fn progress(common: &Common, n: usize) -> Option<indicatif::ProgressBar> {
    if common.quiet || n < 50 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// Whether to colour standard output.
fn color(common: &Common) -> bool {
    crate::review::color_enabled(
        common.color,
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR"),
    )
}

/// The lowest severity that makes `check` exit 1.
fn threshold(fail_on: FailOn) -> Severity {
    match fail_on {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    }
}

/// Whether the inputs are JSON Lines batches: `--input-format jsonl`, or only `.jsonl` files.
pub(crate) fn jsonl_mode(common: &Common, inputs: &[Option<PathBuf>]) -> bool {
    match common.input_format {
        Some(f) => f == crate::cli::InputFormat::Jsonl,
        None => {
            !inputs.is_empty()
                && inputs.iter().all(|i| {
                    i.as_ref()
                        .is_some_and(|p| p.extension().is_some_and(|e| e == "jsonl"))
                })
        }
    }
}

/// The context of a command, never freed: it holds the compiled rule set (gazetteers, word
/// index, automata), which the process would spend milliseconds freeing just before it exits.
fn lasting_context(common: &Common) -> std::mem::ManuallyDrop<Context<'_>> {
    std::mem::ManuallyDrop::new(Context::new(common))
}

fn check(common: &Common, args: &CheckArgs) -> Result<u8> {
    language(common)?;
    let ctx = lasting_context(common);
    let mut had_error = false;
    let inputs = collect_inputs(&ctx, &args.paths, &mut had_error)?;
    if jsonl_mode(common, &inputs) {
        let threshold = threshold(args.fail_on);
        let mut failing = false;
        ctx.jsonl(&inputs, |u| {
            let findings = u.lint(&u.source.text);
            failing |= findings.iter().any(|f| f.severity >= threshold);
            let doc = Document::new(&u.source.text, &u.lang);
            let report = FileReport {
                name: &u.source.name,
                doc: &doc,
                findings: &findings,
            };
            let mut m = serde_json::Map::new();
            m.insert(
                "findings".into(),
                serde_json::to_value(render::json::findings(&report))
                    .map_err(|e| Error::new(e.to_string()))?,
            );
            Ok(m)
        })?;
        return Ok(if had_error {
            EXIT_ERROR
        } else if failing && !args.exit_zero {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        });
    }
    let threshold = threshold(args.fail_on);
    let mut budget = match &args.baseline {
        Some(path) => Some(crate::baseline::Baseline::read(path)?.budget()),
        None => None,
    };
    let mut recorded = Vec::new();
    let out = match args.output_file {
        // Written whole at the end: a report file is never left half-written, and an input
        // of the same name is read before it is replaced.
        Some(_) => ReportOut::Buffer(Vec::new()),
        None => ReportOut::Stdout(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut report = render::stream::ReportWriter::new(
        out,
        args.format,
        color(common),
        !common.quiet,
        args.statistics,
    );
    let (mut failing, mut write_error) = (false, None);
    let mut first: Option<std::sync::Arc<crate::pipeline::Prepared>> = None;
    let bar = progress(common, inputs.len());
    let diff = args.format == Format::Diff && args.write_baseline.is_none();
    // One file's report: its name, its positions, its findings and its patch.
    let mut report_file =
        |name: &str, doc: &dyn Located, mut findings: Vec<Finding>, patch: Option<&str>| {
            if args.write_baseline.is_some() {
                recorded.extend(
                    findings
                        .iter()
                        .map(|f| crate::baseline::entry(name, doc, f)),
                );
                return ControlFlow::Continue(());
            }
            if let Some(budget) = &mut budget {
                crate::baseline::filter(budget, name, doc, &mut findings);
            }
            failing |= findings.iter().any(|f| f.severity >= threshold);
            let file = FileReport {
                name,
                doc,
                findings: &findings,
            };
            let written = match &bar {
                // Written out before the bar is drawn again.
                Some(b) => b.suspend(|| report.file(&file, patch).and_then(|()| report.flush())),
                None => report.file(&file, patch),
            };
            go_on_unless_failed(written, &mut write_error)
        };
    // Files are linted in parallel and reported in order, each dropped once reported. A large
    // plain-text file is linted (and its patch made) a block at a time.
    for_each_ordered(
        inputs,
        |input| {
            let large = input.as_ref().and_then(|path| match diff {
                // Its findings and the patch of its safe fixes from one run of the fix loop,
                // a block at a time (its first pass is the lint).
                true => crate::large_fix::check_large(&ctx, path)
                    .map(|r| r.and_then(|(l, fixed)| Ok(Linted::Whole(l, Some(fixed.diff()?))))),
                false => ctx.lint_large(path).map(|r| r.map(Linted::Large)),
            });
            let r = match large {
                Some(r) => r,
                None => ctx.unit(input.as_ref()).and_then(|u| {
                    let findings = u.lint(&u.source.text);
                    let patch = match diff {
                        true => Some(patch(&u)?),
                        false => None,
                    };
                    // The lines the findings touch, for their positions: the text is dropped
                    // here, on the worker's thread.
                    let mut excerpt = Excerpt::default();
                    let ranges = findings.iter().map(|f| f.range.clone());
                    excerpt.add_block(&u.source.text, 0, 1, ranges);
                    Ok(Linted::Whole(
                        crate::pipeline::FileFindings {
                            name: u.source.name,
                            prepared: u.prepared,
                            findings,
                            excerpt,
                        },
                        patch,
                    ))
                }),
            };
            if let Some(b) = &bar {
                b.inc(1);
            }
            r
        },
        |r| match r {
            Err(e) => {
                report_error(&e, &mut had_error);
                ControlFlow::Continue(())
            }
            Ok(Linted::Whole(l, patch)) => {
                first.get_or_insert_with(|| l.prepared.clone());
                report_file(&l.name, &l.excerpt, l.findings, patch.as_deref())
            }
            Ok(Linted::Large(l)) => {
                first.get_or_insert_with(|| l.prepared.clone());
                report_file(&l.name, &l.excerpt, l.findings, None)
            }
        },
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(path) = &args.write_baseline {
        let n = recorded.len();
        crate::baseline::Baseline::write(path, recorded)?;
        if !common.quiet {
            eprintln!(
                "mtlint: recorded {n} finding{} in {}",
                if n == 1 { "" } else { "s" },
                path.display()
            );
        }
        return Ok(if had_error { EXIT_ERROR } else { EXIT_CLEAN });
    }
    let empty = RuleSet::default();
    let set = first.as_ref().map_or(&empty, |p| &p.set);
    let finished = match write_error {
        Some(e) => Err(e),
        None => report.finish(set),
    };
    match (finished, &args.output_file) {
        (Ok(ReportOut::Buffer(bytes)), Some(path)) => std::fs::write(path, bytes)
            .map_err(|e| Error::file(path, format!("cannot write the report: {e}")))?,
        (Ok(_), _) => {}
        // A closed pipe (`mtlint check | head`) is not an error worth a message.
        (Err(e), _) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        (Err(e), _) => {
            return Err(Error::new(format!("cannot write the report: {e}")));
        }
    }
    Ok(if had_error {
        EXIT_ERROR
    } else if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// One file fixed by `fix`.
enum Fixed {
    /// Read whole: the unit, the fix loop's outcome and its patch (`--diff`).
    Whole(crate::pipeline::Unit, crate::fix::Outcome, Option<String>),
    /// A large file, fixed a block at a time, with its patch (`--diff`).
    Large(crate::large_fix::LargeFix, Option<String>),
}

/// Fix one input (`None`: standard input) as far as `level` allows; with `diff`, its patch.
fn fix_one(
    ctx: &Context,
    input: Option<&PathBuf>,
    level: Applicability,
    diff: bool,
) -> Result<Fixed> {
    if let Some(large) = input.and_then(|p| crate::large_fix::fix_large(ctx, p, level)) {
        let large = large?;
        let patch = if diff { Some(large.diff()?) } else { None };
        return Ok(Fixed::Large(large, patch));
    }
    let u = ctx.unit(input)?;
    let (outcome, patch) = fix_whole(&u, level, diff)?;
    Ok(Fixed::Whole(u, outcome, patch))
}

/// Fix a unit's text (read whole) as far as `level` allows; with `diff`, the patch: a unified
/// diff of the bytes on disk (BOM included, so that it applies to the file).
fn fix_whole(
    u: &crate::pipeline::Unit,
    level: Applicability,
    diff: bool,
) -> Result<(crate::fix::Outcome, Option<String>)> {
    let outcome = fix_until_stable(&u.source.text, level, |t| u.lint(t))
        .map_err(|e| Error::file(&u.source.name, e))?;
    let patch = diff.then(|| {
        let s = &u.source;
        render::diff::of_fixes(&s.name, s.bom, &s.text, &outcome.text, outcome.aligned)
    });
    Ok((outcome, patch))
}

/// One file linted by `check`: its findings and the lines they touch.
enum Linted {
    /// Read whole, with its patch (`--format diff`).
    Whole(crate::pipeline::FileFindings, Option<String>),
    /// Read a block at a time.
    Large(crate::pipeline::FileFindings),
}

/// The patch of `check --format diff` for one unit: its safe fixes.
fn patch(u: &crate::pipeline::Unit) -> Result<String> {
    Ok(fix_whole(u, Applicability::Safe, true)?
        .1
        .unwrap_or_default())
}

/// Where `check` writes its report: standard output as it goes, or a buffer for
/// `--output-file`.
enum ReportOut {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    Buffer(Vec<u8>),
}

impl Write for ReportOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            ReportOut::Stdout(w) => w.write(buf),
            ReportOut::Buffer(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            ReportOut::Stdout(w) => w.flush(),
            ReportOut::Buffer(w) => w.flush(),
        }
    }
}

fn fix(common: &Common, args: &FixArgs) -> Result<u8> {
    language(common)?;
    let ctx = lasting_context(common);
    let level = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mut had_error = false;
    let inputs = collect_inputs(&ctx, &args.paths, &mut had_error)?;
    if jsonl_mode(common, &inputs) {
        if args.diff {
            return Err(Error::new("--diff does not apply to JSON Lines input; use --stdout (the default for JSON Lines)"));
        }
        let mut remaining = false;
        ctx.jsonl(&inputs, |u| {
            let outcome = fix_until_stable(&u.source.text, level, |t| u.lint(t))?;
            remaining |= !outcome.remaining.is_empty();
            let mut m = serde_json::Map::new();
            m.insert("text".into(), serde_json::Value::String(outcome.text));
            m.insert(
                "fixed".into(),
                serde_json::Value::from(outcome.applied.len()),
            );
            m.insert(
                "remaining".into(),
                serde_json::Value::from(outcome.remaining.len()),
            );
            Ok(m)
        })?;
        return Ok(if had_error {
            EXIT_ERROR
        } else if remaining {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        });
    }
    let bar = progress(common, inputs.len());
    let (mut changed, mut fixed, mut remaining, mut files_changed) =
        (false, 0usize, 0usize, 0usize);
    let (mut processed, mut failure) = (0usize, None);
    // Files are fixed in parallel and written (or printed) in order, each dropped once done.
    for_each_ordered(
        inputs,
        |input| {
            let r = fix_one(&ctx, input.as_ref(), level, args.diff);
            if let Some(b) = &bar {
                b.inc(1);
            }
            r
        },
        |r| {
            let fixed_file = match r {
                Ok(x) => x,
                Err(e) => {
                    report_error(&e, &mut had_error);
                    return ControlFlow::Continue(());
                }
            };
            processed += 1;
            // Printed with the progress bar out of the way.
            let show = |bytes: &[u8]| match &bar {
                Some(b) => b.suspend(|| write_stdout(bytes)),
                None => write_stdout(bytes),
            };
            let printed = match fixed_file {
                Fixed::Whole(unit, outcome, patch) => {
                    let source = &unit.source;
                    let file_changed = outcome.text != source.text;
                    changed |= file_changed;
                    remaining += outcome.remaining.len();
                    if let Some(patch) = patch {
                        show(patch.as_bytes())
                    } else if args.stdout || source.path.is_none() {
                        fixed += outcome.applied.len();
                        show(&source.encode(&outcome.text))
                    } else {
                        if file_changed {
                            match source.write(&outcome.text) {
                                Ok(()) => {
                                    files_changed += 1;
                                    fixed += outcome.applied.len();
                                }
                                // Not written: its findings are still there.
                                Err(e) => {
                                    report_error(&e, &mut had_error);
                                    remaining += outcome.applied.len();
                                }
                            }
                        }
                        Ok(())
                    }
                }
                Fixed::Large(large, patch) => {
                    changed |= large.changed();
                    remaining += large.remaining;
                    if let Some(patch) = patch {
                        show(patch.as_bytes())
                    } else if args.stdout {
                        fixed += large.applied.len();
                        // Streamed: the fixed text is never whole in memory.
                        let copy = || large.copy_to(&mut std::io::stdout().lock());
                        match &bar {
                            Some(b) => b.suspend(copy),
                            None => copy(),
                        }
                    } else {
                        let n = large.applied.len();
                        let file_changed = large.changed();
                        match large.write() {
                            Ok(()) if file_changed => {
                                files_changed += 1;
                                fixed += n;
                            }
                            Ok(()) => {}
                            Err(e) => {
                                report_error(&e, &mut had_error);
                                remaining += n;
                            }
                        }
                        Ok(())
                    }
                }
            };
            go_on_unless_failed(printed, &mut failure)
        },
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(e) = failure {
        return Err(e);
    }
    if !args.diff && processed > 0 && !common.quiet {
        let verb = if args.stdout { "would fix" } else { "fixed" };
        let mut msg = format!(
            "mtlint: {verb} {fixed} finding{}",
            if fixed == 1 { "" } else { "s" }
        );
        if !args.stdout && files_changed > 0 {
            msg.push_str(&format!(
                " in {files_changed} file{}",
                if files_changed == 1 { "" } else { "s" }
            ));
        }
        if remaining > 0 {
            msg.push_str(&format!("; {remaining} remain (see `mtlint check`)"));
        }
        eprintln!("{msg}.");
    }
    Ok(if had_error {
        EXIT_ERROR
    } else if args.diff {
        if changed {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    } else if remaining > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// One document's language report, as `detect --format json` prints it.
#[derive(serde::Serialize)]
struct DetectReport {
    path: String,
    language: String,
    confidence: f64,
    fallback: Option<String>,
    foreign: Vec<ForeignReport>,
}

/// A stretch of text in another language.
#[derive(serde::Serialize)]
struct ForeignReport {
    line: usize,
    column: usize,
    language: String,
    confidence: f64,
    text: String,
}

fn detect(common: &Common, args: &DetectArgs) -> Result<u8> {
    let given = language(common)?;
    let mut had_error = false;
    let mut reports = Vec::new();
    // Directories are walked as `check` walks them.
    let ctx = Context::new(common);
    for input in collect_inputs(&ctx, &args.paths, &mut had_error)? {
        let source = match read(&input) {
            Ok(s) => s,
            Err(e) => {
                report_error(&e, &mut had_error);
                continue;
            }
        };
        let d = match &given {
            Some(l) => crate::language::Detection {
                lang: l.clone(),
                confidence: 1.0,
                fallback: Some("given with --lang".into()),
            },
            None => crate::language::detect_document(&source.text, DEFAULT_LANG),
        };
        let doc = Document::new(&source.text, &d.lang);
        let foreign = crate::language::foreign_spans(&doc, 4, 0.75)
            .into_iter()
            .map(|f| {
                let (line, column) = doc.line_col(f.range.start);
                ForeignReport {
                    line,
                    column,
                    language: f.lang,
                    confidence: f.confidence,
                    text: source.text[f.range].to_string(),
                }
            })
            .collect();
        reports.push(DetectReport {
            path: source.name.clone(),
            language: d.lang,
            confidence: d.confidence,
            fallback: d.fallback,
            foreign,
        });
    }
    let mut out = String::new();
    match args.format {
        DetectFormat::Json => {
            out = serde_json::to_string_pretty(&reports)
                .map_err(|e| Error::new(format!("cannot write JSON: {e}")))?;
            out.push('\n');
        }
        DetectFormat::Human => {
            for r in &reports {
                match &r.fallback {
                    Some(why) => out.push_str(&format!("{}: {} ({why})\n", r.path, r.language)),
                    None => out.push_str(&format!(
                        "{}: {} (confidence {:.2})\n",
                        r.path, r.language, r.confidence
                    )),
                }
                for f in &r.foreign {
                    let text: String = f.text.chars().take(60).collect();
                    let more = if f.text.chars().count() > 60 {
                        "…"
                    } else {
                        ""
                    };
                    out.push_str(&format!(
                        "  {}:{}: {} ({:.2}): {text}{more}\n",
                        f.line, f.column, f.language, f.confidence
                    ));
                }
            }
        }
    }
    print(&out)?;
    Ok(if had_error { EXIT_ERROR } else { EXIT_CLEAN })
}

fn rules_cmd(common: &Common, args: &RulesArgs) -> Result<u8> {
    let set = rule_set(common)?;
    if args.verify {
        let failures = rules::verify::verify(&set);
        let examples: usize = set
            .rules
            .iter()
            .map(|r| r.meta.examples.len() + r.meta.clean.len())
            .sum();
        let mut out = String::new();
        for f in &failures {
            out.push_str(f);
            out.push('\n');
        }
        out.push_str(&format!(
            "{} rules, {examples} examples and clean strings: {} failure{}\n",
            set.rules.len(),
            failures.len(),
            if failures.len() == 1 { "" } else { "s" }
        ));
        print(&out)?;
        return Ok(if failures.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_FINDINGS
        });
    }
    if let Some(entry) = &args.entry {
        let mut out = String::new();
        for rule in &set.rules {
            for (file, line, text) in rules::load::find_entry(&rule.meta.data_files, entry) {
                out.push_str(&format!("{}: {file}:{line}: {text}\n", rule.meta.id));
                for h in rules::load::data_file_header(&file) {
                    out.push_str(&format!("    # {h}\n"));
                }
            }
        }
        if out.is_empty() {
            out = format!("`{entry}` is in no rule's data file.\n");
        }
        print(&out)?;
        return Ok(EXIT_CLEAN);
    }
    let out = match &args.id {
        Some(id) => {
            let rule = set
                .get(id)
                .ok_or_else(|| Error::new(format!("unknown rule `{id}` (see `mtlint rules`)")))?;
            explain(rule)
        }
        None => list(&set),
    };
    print(&out)?;
    Ok(EXIT_CLEAN)
}

fn languages(rule: &rules::Rule) -> String {
    if rule.meta.languages.is_empty() {
        "any".to_string()
    } else {
        rule.meta.languages.join(",")
    }
}

fn list(set: &RuleSet) -> String {
    let mut rows: Vec<&rules::Rule> = set.rules.iter().collect();
    rows.sort_by(|a, b| (&a.meta.category, &a.meta.id).cmp(&(&b.meta.category, &b.meta.id)));
    let w = rows
        .iter()
        .map(|r| r.meta.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let mut out = format!(
        "{:<w$}  {:<16} {:<10} {:<8} {:<8} MESSAGE\n",
        "ID", "KIND", "CATEGORY", "LANG", "FIX"
    );
    for r in rows {
        let m = &r.meta;
        out.push_str(&format!(
            "{:<w$}  {:<16} {:<10} {:<8} {:<8} {}\n",
            m.id,
            m.kind_name,
            m.category,
            languages(r),
            m.fix.as_str(),
            m.message
        ));
    }
    out
}

fn explain(rule: &rules::Rule) -> String {
    let m = &rule.meta;
    let mut out = format!(
        "{}\n  kind: {}\n  category: {}\n  languages: {}\n  severity: {}\n  fix: {}\n  message: {}\n  defined in: {}\n",
        m.id, m.kind_name, m.category, languages(rule), m.severity.as_str(), m.fix.as_str(), m.message, m.file
    );
    for f in &m.data_files {
        out.push_str(&format!("  data: {f}\n"));
    }
    if let Some(p) = &m.provenance {
        out.push_str(&format!("  provenance: {p}\n"));
    }
    if let Some(why) = &m.why {
        out.push_str(&format!("\nWhy: {why}\n"));
    }
    if let Some(s) = &m.fix_safety {
        out.push_str(&format!("\nWhen the fix is wrong: {s}\n"));
    }
    out.push_str("\nExamples:\n");
    for ex in &m.examples {
        match (&ex.good, &ex.flagged) {
            (Some(good), _) => out.push_str(&format!("  {}\n  → {}\n", ex.bad, good)),
            (None, Some(fl)) => out.push_str(&format!("  {}\n  (flags `{}`)\n", ex.bad, fl)),
            (None, None) => out.push_str(&format!("  {}\n", ex.bad)),
        }
    }
    out.push_str("\nNot flagged:\n");
    for c in &m.clean {
        out.push_str(&format!("  {c}\n"));
    }
    out
}

fn print(s: &str) -> Result<()> {
    write_stdout(s.as_bytes())
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`mtlint check | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::new(format!("cannot write to standard output: {e}"))),
    }
}

/// For a file-by-file run: go on after `result` if it is `Ok`; otherwise keep the error in
/// `failure` and stop.
fn go_on_unless_failed<E>(
    result: std::result::Result<(), E>,
    failure: &mut Option<E>,
) -> ControlFlow<()> {
    match result {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            *failure = Some(e);
            ControlFlow::Break(())
        }
    }
}
