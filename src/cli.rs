//! The command-line interface (clap derive). Every option here is documented in the README.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find and fix the artifacts machine translation leaves in text.
#[derive(Debug, Parser)]
#[command(name = "mtlint", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Options shared by every command.
    #[command(flatten)]
    pub common: Common,
}

/// Options accepted by every command (before or after the command name).
#[derive(Debug, Args)]
pub struct Common {
    /// Add the rule files in PATH (a directory, searched recursively for *.toml, or one file)
    /// to the built-in rules. Repeatable.
    #[arg(long = "rules", value_name = "PATH", global = true)]
    pub rules: Vec<PathBuf>,
    /// Run only these rules or categories (comma-separated; repeatable).
    #[arg(long, value_name = "RULE", value_delimiter = ',', global = true)]
    pub select: Vec<String>,
    /// Do not run these rules or categories (comma-separated; repeatable).
    #[arg(long, value_name = "RULE", value_delimiter = ',', global = true)]
    pub ignore: Vec<String>,
    /// The language of the text (ISO 639-1 code such as `en`, `fr`). Default: detected per
    /// document, `en` when the text is too short to tell.
    #[arg(long, value_name = "CODE", global = true)]
    pub lang: Option<String>,
    /// Say more on stderr (e.g. each document's detected language).
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print only findings or errors: no summary lines, no progress bar.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// When to colour the output (`NO_COLOR` turns `auto` off).
    #[arg(long, value_enum, default_value = "auto", global = true)]
    pub color: ColorChoice,
    /// Use this configuration file instead of searching for `mtlint.toml` / `.mtlint.toml` /
    /// `pyproject.toml` (`[tool.mtlint]`) from each file's directory upwards.
    #[arg(long, value_name = "FILE", global = true, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long, global = true)]
    pub no_config: bool,
    /// Also lint files matching this glob when walking directories (repeatable).
    #[arg(long, value_name = "GLOB", global = true)]
    pub include: Vec<String>,
    /// Skip files matching this glob when walking directories (repeatable).
    #[arg(long, value_name = "GLOB", global = true)]
    pub exclude: Vec<String>,
    /// Read inputs as this format instead of guessing from the file extension.
    #[arg(long, value_enum, value_name = "FORMAT", global = true)]
    pub input_format: Option<InputFormat>,
    /// With `--input-format jsonl`: the field holding each document's id.
    #[arg(long, value_name = "FIELD", default_value = "id", global = true)]
    pub jsonl_id: String,
    /// With `--input-format jsonl`: the field holding each document's text.
    #[arg(long, value_name = "FIELD", default_value = "text", global = true)]
    pub jsonl_text: String,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report findings (exit 0 clean, 1 findings, 2 error).
    Check(CheckArgs),
    /// Apply fixes in place, or show them as a diff or on stdout.
    Fix(FixArgs),
    /// Go through suggested changes one by one and write what you accept.
    Review(ReviewArgs),
    /// List the rules, explain one, or run their examples.
    Rules(RulesArgs),
    /// Tell the language of each document and the sentences in another language.
    Detect(DetectArgs),
    /// Print the configuration that applies to a path.
    Config(ConfigArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    Man,
}

/// Arguments of `config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The file or directory whose configuration to show (default: the current directory).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Output formats of `detect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DetectFormat {
    /// For people.
    Human,
    /// One JSON array.
    Json,
}

/// Arguments of `detect`.
#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Files or directories to inspect; `-` or nothing (with piped input) reads stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DetectFormat,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: location, message, the line with the span underlined, the fix.
    Human,
    /// One line per finding: `path:line:col: rule message`.
    Concise,
    /// One JSON array of findings (schema in the README).
    Json,
    /// One JSON object per finding per line.
    Jsonl,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, with rule metadata and fixes.
    Sarif,
    /// reviewdog diagnostic format (rdjson), with suggestions.
    Rdjson,
    /// The unified diff `fix` would apply.
    Diff,
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Plain text: everything is linted.
    Text,
    /// CommonMark: code, URLs, link targets, HTML and front matter are left alone.
    Markdown,
    /// SubRip subtitles: only cue text is linted.
    Srt,
    /// WebVTT subtitles: only cue text is linted.
    Vtt,
    /// gettext PO: only `msgstr` text is linted.
    Po,
    /// JSON Lines documents (`{"id": ..., "text": ...}`), streamed.
    Jsonl,
}

/// Severities for `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any finding fails.
    Info,
    /// Warnings and errors fail.
    Warning,
    /// Only errors fail.
    Error,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files to lint; `-` or nothing (with piped input) reads stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// Print the number of findings per rule after the report.
    #[arg(long)]
    pub statistics: bool,
    /// Exit 1 only for findings at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value = "info")]
    pub fail_on: FailOn,
    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Do not report findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and report nothing).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

/// Arguments of `fix`.
#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files to fix in place; `-` or nothing (with piped input) reads stdin and implies --stdout.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also apply unsafe fixes (usually right, but check them).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what would change and write nothing (exit 1 if anything would).
    #[arg(long, conflicts_with = "stdout")]
    pub diff: bool,
    /// Print the fixed text instead of writing the file.
    #[arg(long)]
    pub stdout: bool,
}

/// Arguments of `rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Explain this rule: why, fix safety, examples.
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Run every example and clean string of the rules as tests (exit 1 on a failure).
    #[arg(long, conflicts_with = "id")]
    pub verify: bool,
    /// Show which rules list TEXT in their data files, where, and where that data comes from.
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["id", "verify"])]
    pub entry: Option<String>,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Arguments of `review`.
#[derive(Debug, Args)]
#[command(after_help = "\
Keys (single key presses on a terminal; one answer per line on a pipe):
  y    accept the default fix
  n    leave it as it is (next finding)
  1-9  accept that suggestion (1 = the default fix, 2 = the first alternative...)
  e    type your own replacement (on a pipe: the next line is the replacement)
  a    accept this and every remaining default fix in this file
  d    leave the rest of this file as it is
  A    accept this and every finding of its rule, in this and all remaining files
  u    undo the previous decision in this file
  q    write what was accepted in this file and stop
  ?    help
Each file is written once its findings are decided; Ctrl-C or the end of the input writes
nothing more for the current file.")]
pub struct ReviewArgs {
    /// Files or directories to review (walked as `check` walks them); each file is rewritten in
    /// place once its findings are decided.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Accept every default fix (safe and unsafe) without asking; findings without one are left.
    #[arg(long, conflicts_with = "dry_run")]
    pub accept_all: bool,
    /// Ask as usual but write nothing.
    #[arg(long)]
    pub dry_run: bool,
}
