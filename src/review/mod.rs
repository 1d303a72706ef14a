//! `mtlint review`: go through the suggested changes one by one and write what is accepted.
//!
//! - [`session`]: the state machine of one round of one file (queue, decisions, undo, overlap
//!   dropping) and the choice of second-round findings; no I/O.
//! - [`input`]: where decisions come from ([`input::Input`]): lines on a pipe;
//!   [`terminal`]: single key presses in raw mode on a terminal.
//! - [`show`]: the finding, its diff hunk, the prompt, the help, the summary lines.
//! - [`round`]: the question loop of one round.
//!
//! This module walks the files (directories as `check` walks them; each file with its own
//! configuration, input format and language, as `check` and `fix` see it, through
//! [`crate::pipeline`]): read one (only when its turn comes, so that it is fresh), ask
//! about its findings, apply the accepted edits in one pass ([`crate::fix::apply`], which checks
//! every byte outside the spans), write atomically ([`Source::write`], which refuses a file that
//! changed on disk since it was read), re-lint once and ask about the findings the accepted
//! changes caused, then go on with the next file; a summary comes last.

pub mod input;
pub mod round;
pub mod session;
pub mod show;
pub mod terminal;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::app::{jsonl_mode, language, EXIT_CLEAN, EXIT_ERROR};
use crate::cli::{ColorChoice, Common, ReviewArgs};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::pipeline::{Context, Unit};
use crate::source::Source;
use input::{Input, Lines};
use round::{End, Round};
use session::{apply_edits, second_round, Counts, Edit, Rest, Session};
use show::Style;

/// Exit code after Ctrl-C (128 + SIGINT, as a shell reports an interrupted command).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Columns assumed when standard output is not a terminal.
pub const PIPE_WIDTH: usize = 100;

/// Whether to colour: `--color always`/`never` decide; `auto` colours only a terminal, and only
/// when `NO_COLOR` is unset or empty.
pub fn color_enabled(choice: ColorChoice, terminal: bool, no_color: Option<OsString>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
    }
}

/// Run a review session.
pub fn run(common: &Common, args: &ReviewArgs) -> Result<u8> {
    language(common)?;
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::new(
            "-: review changes files in place and reads its answers from standard input; give the paths of the files to review",
        ));
    }
    let ctx = Context::new(common);
    let mut had_error = false;
    let paths = files_in_order(&ctx, &args.paths, &mut had_error)?;
    if jsonl_mode(common, &paths.iter().cloned().map(Some).collect::<Vec<_>>()) {
        return Err(Error::new(
            "review does not apply to JSON Lines input: review the documents with `fix --diff` or `check`",
        ));
    }
    let stdout = io::stdout();
    let terminal_out = stdout.is_terminal();
    let width = if terminal_out {
        crossterm::terminal::size().map_or(PIPE_WIDTH, |(w, _)| usize::from(w))
    } else {
        PIPE_WIDTH
    };
    let style = Style {
        color: color_enabled(common.color, terminal_out, std::env::var_os("NO_COLOR")),
        width: width.max(40),
    };
    let mut input: Box<dyn Input> = if io::stdin().is_terminal() {
        Box::new(terminal::Terminal::new())
    } else {
        Box::new(Lines::new(io::stdin().lock()))
    };
    let mut out = stdout.lock();
    let mut reviewer = Reviewer {
        ctx: &ctx,
        style,
        accept_all: args.accept_all,
        dry_run: args.dry_run,
        auto_rules: BTreeSet::new(),
        files: Vec::new(),
        had_error,
    };
    let mut stop = None;
    for path in &paths {
        if stop.is_some() {
            reviewer.files.push(FileResult::new(
                &path.display().to_string(),
                State::NotReached,
            ));
            continue;
        }
        stop = reviewer
            .file(path, input.as_mut(), &mut out)
            .map_err(|e| Error::new(format!("cannot show the review or read answers: {e}")))?;
    }
    let summary = reviewer.summary();
    write!(out, "{summary}")
        .and_then(|_| out.flush())
        .map_err(|e| Error::new(format!("cannot write to standard output: {e}")))?;
    Ok(if reviewer.had_error {
        EXIT_ERROR
    } else if stop == Some(End::Interrupted) {
        EXIT_INTERRUPTED
    } else {
        EXIT_CLEAN
    })
}

/// The files to review, in the order given: a directory is walked as `check` walks it (its
/// files sorted, `--include`/`--exclude` and the configuration's globs applied), a file named
/// twice is reviewed once, and a missing path is reported (`had_error`) and left out.
fn files_in_order(ctx: &Context, given: &[PathBuf], had_error: &mut bool) -> Result<Vec<PathBuf>> {
    let here = ctx.prepared(None)?;
    let (include, exclude) = (&here.settings.extend_include, &here.settings.exclude);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for path in given {
        let (found, errors) =
            crate::input::expand_lenient(std::slice::from_ref(path), include, exclude);
        for e in errors {
            eprintln!("mtlint: error: {e}");
            *had_error = true;
        }
        out.extend(found.into_iter().filter(|f| seen.insert(f.clone())));
    }
    Ok(out)
}

/// What became of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Nothing was accepted.
    Unchanged,
    /// The accepted changes were written.
    Written,
    /// The first round's changes were written, the second round's were not (why).
    WrittenFirstRound(&'static str),
    /// `--dry-run`: the accepted changes were not written.
    DryRun,
    /// Not written; why.
    NotWritten(&'static str),
    /// The file could not be read or written (the error was reported).
    Error,
    /// The session stopped before this file.
    NotReached,
}

impl State {
    fn describe(&self) -> &'static str {
        match self {
            State::Unchanged => "nothing to write",
            State::Written => "written",
            State::WrittenFirstRound(why) => why,
            State::DryRun => "not written (dry run)",
            State::NotWritten(why) => why,
            State::Error => "not written (see the error above)",
            State::NotReached => "not reviewed",
        }
    }
}

/// A file's counts and state for the summary.
#[derive(Debug, Clone)]
struct FileResult {
    name: String,
    state: State,
    rules: BTreeMap<String, Counts>,
}

impl FileResult {
    fn new(name: &str, state: State) -> FileResult {
        FileResult {
            name: name.to_string(),
            state,
            rules: BTreeMap::new(),
        }
    }

    fn add(&mut self, tally: Vec<(String, Counts)>) {
        for (rule, c) in tally {
            self.rules.entry(rule).or_default().add(c);
        }
    }

    fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.rules.values() {
            t.add(*c);
        }
        t
    }
}

/// The state of a whole session.
struct Reviewer<'a> {
    /// Each file's configuration, rules, input format and language.
    ctx: &'a Context<'a>,
    style: Style,
    accept_all: bool,
    dry_run: bool,
    /// Rules accepted everywhere with `A`.
    auto_rules: BTreeSet<String>,
    files: Vec<FileResult>,
    had_error: bool,
}

impl Reviewer<'_> {
    fn error(&mut self, e: &Error) {
        eprintln!("mtlint: error: {e}");
        self.had_error = true;
    }

    /// Review one file; `Some(end)` when the session must stop.
    fn file(
        &mut self,
        path: &Path,
        input: &mut dyn Input,
        out: &mut dyn Write,
    ) -> io::Result<Option<End>> {
        let unit = match self.ctx.unit(Some(&path.to_path_buf())) {
            Ok(u) => u,
            Err(e) => {
                self.error(&e);
                self.files
                    .push(FileResult::new(&path.display().to_string(), State::Error));
                return Ok(None);
            }
        };
        let mut result = FileResult::new(&unit.source.name, State::Unchanged);
        let stop = self.rounds(&unit, &mut result, input, out);
        self.files.push(result);
        stop
    }

    /// The two rounds of one file; fills `result`.
    fn rounds(
        &mut self,
        unit: &Unit,
        result: &mut FileResult,
        input: &mut dyn Input,
        out: &mut dyn Write,
    ) -> io::Result<Option<End>> {
        let source = &unit.source;
        // The findings as `fix` sees them (input format, configuration, per-file ignores);
        // the document only shows their lines.
        let doc = Document::new(&source.text, &unit.lang);
        let findings = unit.lint(&source.text);
        if findings.is_empty() {
            writeln!(out, "{}: nothing to review", source.name)?;
            return Ok(None);
        }
        let rest = if self.accept_all {
            Rest::AcceptAll
        } else {
            Rest::Ask
        };
        let mut first = Session::new(findings, self.auto_rules.clone(), rest);
        let end = self.play(&mut first, &source.name, &doc, 1, input, out)?;
        result.add(first.tally());
        if let Some(stop) = self.stopped(end, &source.name, result) {
            return Ok(Some(stop));
        }
        let edits = first.edits();
        if edits.is_empty() {
            return Ok((end == End::Quit).then_some(End::Quit));
        }
        let Some(text) = self.apply_and_write(source, &edits, result) else {
            return Ok((end == End::Quit).then_some(End::Quit));
        };
        if end == End::Quit || first.rest() == Rest::SkipAll {
            return Ok((end == End::Quit).then_some(End::Quit));
        }
        // Second round: what the accepted changes caused.
        let doc2 = Document::new(&text, &unit.lang);
        let follow = second_round(&edits, &first.left(), unit.lint(&text));
        if follow.is_empty() {
            return Ok(None);
        }
        let mut second = Session::new(follow, self.auto_rules.clone(), first.rest());
        let end = self.play(&mut second, &source.name, &doc2, 2, input, out)?;
        result.add(second.tally());
        if matches!(end, End::Interrupted | End::EndOfInput) {
            if result.state == State::Written {
                result.state =
                    State::WrittenFirstRound("written, but not the second round (it was stopped)");
            }
            self.stopped(end, &source.name, result);
            return Ok(Some(end));
        }
        let edits = second.edits();
        if !edits.is_empty() {
            let after_first = Source {
                text: text.clone(),
                ..source.clone()
            };
            self.apply_and_write(&after_first, &edits, result);
        }
        Ok((end == End::Quit).then_some(End::Quit))
    }

    /// Ask about (or, with `--accept-all`, list) the findings of one round.
    fn play(
        &mut self,
        session: &mut Session,
        name: &str,
        doc: &Document,
        round: u8,
        input: &mut dyn Input,
        out: &mut dyn Write,
    ) -> io::Result<End> {
        let r = Round {
            name,
            doc,
            style: self.style,
            round,
        };
        let end = if self.accept_all {
            for i in 0..session.findings().len() {
                if matches!(session.status(i), session::Status::Accepted { .. }) {
                    writeln!(out, "accepted: {}", r.change_line(session, i))?;
                }
            }
            End::Done
        } else {
            r.run(session, input, out)?
        };
        self.auto_rules = session.auto_rules().clone();
        Ok(end)
    }

    /// For Ctrl-C and end of input: note that the current file is not written.
    fn stopped(&mut self, end: End, name: &str, result: &mut FileResult) -> Option<End> {
        let why = match end {
            End::Interrupted => "interrupted",
            End::EndOfInput => "input ended",
            End::Done | End::Quit => return None,
        };
        if result.state == State::Unchanged {
            result.state = State::NotWritten(match end {
                End::Interrupted => "not written (interrupted)",
                _ => "not written (input ended before every finding was decided)",
            });
        }
        eprintln!(
            "mtlint: {why}: the changes accepted in {name} since its last write were not written"
        );
        Some(end)
    }

    /// Apply `edits` to the source's text and write it (unless `--dry-run`); the new text, or
    /// `None` when it could not be made or written.
    fn apply_and_write(
        &mut self,
        source: &Source,
        edits: &[Edit],
        result: &mut FileResult,
    ) -> Option<String> {
        let text = match apply_edits(&source.text, edits) {
            Ok(t) => t,
            Err(e) => {
                self.error(&Error::file(&source.name, e));
                result.state = State::Error;
                return None;
            }
        };
        if self.dry_run {
            result.state = State::DryRun;
            return Some(text);
        }
        if text == source.text {
            return Some(text);
        }
        match source.write(&text) {
            Ok(()) => {
                result.state = State::Written;
                Some(text)
            }
            Err(e) => {
                self.error(&e);
                result.state = if result.state == State::Written {
                    State::WrittenFirstRound(
                        "written, but not the second round (see the error above)",
                    )
                } else {
                    State::Error
                };
                None
            }
        }
    }

    /// The summary per file and per rule.
    fn summary(&self) -> String {
        let mut out = String::from("\nSummary:\n");
        let mut by_rule: BTreeMap<&str, Counts> = BTreeMap::new();
        for f in &self.files {
            if f.rules.is_empty() {
                out.push_str(&format!("  {}: {}\n", f.name, f.state.describe()));
            } else {
                out.push_str(&format!(
                    "  {}: {}; {}\n",
                    f.name,
                    show::counts(&f.total()),
                    f.state.describe()
                ));
            }
            for (rule, c) in &f.rules {
                by_rule.entry(rule).or_default().add(*c);
            }
        }
        if !by_rule.is_empty() {
            out.push_str("By rule:\n");
            let w = by_rule.keys().map(|r| r.len()).max().unwrap_or(0);
            for (rule, c) in &by_rule {
                out.push_str(&format!("  {rule:<w$}  {}\n", show::counts(c)));
            }
        }
        if self.dry_run {
            out.push_str("Dry run: no file was written.\n");
        }
        out
    }
}
