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
    #[arg(short, long, global = true)]
    pub verbose: bool,
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
}

/// Arguments of `detect`.
#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Files to inspect; `-` or nothing (with piped input) reads stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: location, message, the line with the span underlined, the fix.
    Human,
    /// One JSON array of findings (schema in the README).
    Json,
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
    /// Files to review; each is rewritten in place once its findings are decided.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Accept every default fix (safe and unsafe) without asking; findings without one are left.
    #[arg(long, conflicts_with = "dry_run")]
    pub accept_all: bool,
    /// Ask as usual but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}
