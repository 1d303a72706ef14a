//! The rule-file format as written on disk (TOML), before validation. Unknown keys are errors.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Applicability, Severity};

/// One rule file: rules for one language (or `any`) and category.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Language code(s) the file's rules run on, or `any`.
    pub language: OneOrMany,
    /// Default category of the file's rules.
    pub category: String,
    /// The rules.
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleEntry>,
    /// House style: `"form" = "preferred form"`. Every rule's suggestions use the preferred
    /// form, the preferred form is never flagged, and the form itself is flagged (rule
    /// `house-style`).
    #[serde(default)]
    pub prefer: BTreeMap<String, String>,
}

/// A string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single string.
    One(String),
    /// Several strings (the first is the default where one is used).
    Many(Vec<String>),
}

impl OneOrMany {
    /// The strings, in order.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// An example: `bad` with the `good` its fix gives, or the exact text `flagged` in it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleEntry {
    /// Text the rule must flag.
    pub bad: String,
    /// What the default fix turns `bad` into.
    pub good: Option<String>,
    /// The exact text flagged in `bad`.
    pub flagged: Option<String>,
    /// The language the example is written in (default: the rule's first language, or `en`).
    pub lang: Option<String>,
}

/// One `[[rule]]` table. Kind-specific keys are optional here and checked per kind on load.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    /// Stable kebab-case id.
    pub id: String,
    /// One of `substitution`, `casing`, `regex`, `stray-bullet`, `orphan-fragment`.
    pub kind: String,
    /// Message template (`{found}`, `{replacement}`).
    pub message: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// `safe`, `unsafe` or `none`.
    pub fix: Applicability,
    /// When the unsafe fix is wrong (required with `fix = "unsafe"`).
    pub fix_safety: Option<String>,
    /// Why the rule exists.
    pub why: Option<String>,
    /// Overrides the file's category.
    pub category: Option<String>,
    /// Overrides the file's language(s).
    pub languages: Option<Vec<String>>,
    /// Bad → good examples (at least one).
    #[serde(default)]
    pub examples: Vec<ExampleEntry>,
    /// Strings the rule must not flag (at least one).
    #[serde(default)]
    pub clean: Vec<String>,
    /// Regexes whose matches cancel an overlapping finding.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Tie-breaker between overlapping fixes (higher wins).
    #[serde(default)]
    pub priority: i32,
    /// Where the rule's data comes from (shown by `mtlint rules ID`).
    pub source: Option<String>,
    /// The data's licence.
    pub licence: Option<String>,

    /// substitution: inline `variant = "replacement"` (or a list: first is the default).
    pub replace: Option<BTreeMap<String, OneOrMany>>,
    /// substitution: a TSV file `variant<TAB>replacement[<TAB>alternative...]`.
    pub replace_file: Option<String>,
    /// substitution: `match` (entry and ALL CAPS; default) or `exact`.
    pub case: Option<String>,

    /// casing: canonical forms.
    pub words: Option<Vec<String>>,
    /// casing: a file of canonical forms, one a line.
    pub words_file: Option<String>,
    /// casing: a word list; entries whose lowercase form is an ordinary word are refused.
    /// romanization: words in this list (any case) are never flagged.
    pub lexicon: Option<String>,

    /// regex: the pattern.
    pub pattern: Option<String>,
    /// regex: replacement template(s); absent for detection only.
    pub replacement: Option<OneOrMany>,

    /// stray-bullet: the marker characters (default `-•·–`).
    pub bullets: Option<String>,

    /// romanization: regex a word must match to be considered.
    pub triggers: Option<String>,
    /// romanization: ordered `[pattern, replacement]` rewrites into the target convention.
    pub rewrites: Option<Vec<(String, String)>>,
    /// romanization: words of which the document must contain one (the region it is about).
    pub context: Option<Vec<String>>,

    /// untranslated: shortest sentence considered, in words (default 4).
    pub min_words: Option<usize>,
    /// untranslated: the detector's confidence needed to flag (default 0.75).
    pub min_confidence: Option<f64>,
    /// mixed-script: a TSV of `cyrillic<TAB>latin` look-alike letters.
    pub confusables_file: Option<String>,
    /// consistency: groups of forms, the preferred first.
    pub groups: Option<Vec<Vec<String>>>,
    /// consistency: a TSV of groups, `preferred<TAB>variant[<TAB>variant...]`.
    pub groups_file: Option<String>,

    /// orphan-fragment: longest fragment in words (default 3).
    pub max_words: Option<usize>,
}
