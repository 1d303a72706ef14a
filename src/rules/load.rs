//! Loading rule files: the built-in ones embedded in the binary plus a team's own (`--rules`).
//! Loading is strict and happens once: every problem is one error naming the file, the rule id
//! and what is wrong.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use regex::Regex;

use super::kinds::{
    casing::Casing,
    consistency::Consistency,
    mixed_script::MixedScript,
    mojibake::Mojibake,
    orphan_fragment::OrphanFragment,
    pattern,
    romanization::Romanization,
    stray_bullet::StrayBullet,
    substitution::{CaseMode, Substitution},
    untranslated::Untranslated,
    Kind,
};
use super::lexicon::Lexicon;
use super::schema::{ExampleEntry, OneOrMany, RuleEntry, RuleFile};
use super::{builtin, Applicability, Example, Preference, Rule, RuleMeta, RuleSet, PLACEHOLDERS};
use crate::error::{Error, Result};

/// The names of the rule kinds, as written in rule files.
pub const KINDS: &[&str] = &[
    "substitution",
    "casing",
    "regex",
    "stray-bullet",
    "orphan-fragment",
    "romanization",
    "untranslated",
    "mixed-script",
    "mojibake",
    "consistency",
    "unused-suppression",
    "sentence-start",
];

/// Where a rule file lives, for reading the data files it refers to.
#[derive(Debug, Clone)]
enum Origin {
    /// Embedded: path relative to `rules/`.
    Builtin(String),
    /// On disk.
    Disk(PathBuf),
}

impl Origin {
    fn display(&self) -> String {
        match self {
            Origin::Builtin(p) => format!("builtin:{p}"),
            Origin::Disk(p) => p.display().to_string(),
        }
    }

    /// Where a data file named relative to this rule file's directory is: its path among the
    /// built-in files, or on disk.
    fn locate(&self, rel: &str) -> std::result::Result<String, PathBuf> {
        match self {
            Origin::Builtin(p) => Ok(match p.rsplit_once('/') {
                Some((dir, _)) if !dir.is_empty() => format!("{dir}/{rel}"),
                _ => rel.to_string(),
            }),
            Origin::Disk(p) => Err(p.parent().unwrap_or(Path::new(".")).join(rel)),
        }
    }

    /// The name a data file named relative to this rule file's directory is known by
    /// (`builtin:…` or its path on disk), without reading it.
    fn data_name(&self, rel: &str) -> String {
        match self.locate(rel) {
            Ok(builtin) => format!("builtin:{builtin}"),
            Err(path) => path.display().to_string(),
        }
    }

    /// Read a data file named relative to this rule file's directory: its name (as
    /// [`Origin::data_name`]) and its text.
    fn read_data(&self, rel: &str) -> std::result::Result<(String, Cow<'static, str>), String> {
        match self.locate(rel) {
            Ok(full) => builtin::file(&full)
                .map(|c| (format!("builtin:{full}"), Cow::Borrowed(c)))
                .ok_or_else(|| format!("data file `{rel}` not found")),
            Err(full) => fs::read_to_string(&full)
                .map(|c| (full.display().to_string(), Cow::Owned(c)))
                .map_err(|e| format!("cannot read data file `{}`: {e}", full.display())),
        }
    }
}

/// Loads rule files, sharing parsed lexicons between rules.
#[derive(Default)]
struct Loader {
    lexicons: HashMap<String, Arc<Lexicon>>,
    ids: BTreeSet<String>,
    rules: Vec<Rule>,
    prefer: Vec<Preference>,
    /// Check built-in lists against their lexicons too (tests).
    strict: bool,
}

/// Load the built-in rules plus the rule files in `extra` (directories, searched recursively
/// for `*.toml`, or single files).
pub fn load(extra: &[PathBuf]) -> Result<RuleSet> {
    load_with(extra, false)
}

/// Like [`load`], but also checks the built-in casing lists against their lexicons (which
/// [`load`] leaves to the test suite, as they cannot change after the build).
pub fn load_strict(extra: &[PathBuf]) -> Result<RuleSet> {
    load_with(extra, true)
}

fn load_with(extra: &[PathBuf], strict: bool) -> Result<RuleSet> {
    let mut loader = Loader {
        strict,
        ..Loader::default()
    };
    for (path, text) in builtin::rule_files() {
        loader.load_file(Origin::Builtin(path.to_string()), text)?;
    }
    for p in extra {
        for file in rule_files_at(p)? {
            let text = fs::read_to_string(&file).map_err(|e| Error::file(&file, e))?;
            loader.load_file(Origin::Disk(file), &text)?;
        }
    }
    Ok(RuleSet {
        rules: loader.rules,
        prefer: loader.prefer,
        plans: Default::default(),
    })
}

/// The text of a data file named as in [`super::RuleMeta::data_files`].
pub fn read_data_file(full: &str) -> Option<String> {
    match full.strip_prefix("builtin:") {
        Some(rel) => builtin::file(rel).map(str::to_string),
        None => fs::read_to_string(full).ok(),
    }
}

/// Where an entry of a rule's data files is defined: `(file, line number, line)` for every
/// line whose first column is `entry` (case-insensitively).
pub fn find_entry(files: &[String], entry: &str) -> Vec<(String, usize, String)> {
    let want = entry.to_lowercase();
    let mut out = Vec::new();
    for f in files {
        let Some(text) = read_data_file(f) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            let first = line.split('\t').next().unwrap_or("").trim();
            if !first.is_empty() && first.to_lowercase() == want {
                out.push((f.clone(), n + 1, line.replace('\t', " → ")));
            }
        }
    }
    out
}

/// The opening comment block of a data file (its description, source and licence).
pub fn data_file_header(full: &str) -> Vec<String> {
    read_data_file(full)
        .map(|t| {
            t.lines()
                .take_while(|l| l.starts_with('#'))
                .map(|l| l.trim_start_matches('#').trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Load only the given rule file text (tests, `--rules` validation).
pub fn load_str(name: &str, text: &str) -> Result<RuleSet> {
    let mut loader = Loader::default();
    loader.load_file(Origin::Disk(PathBuf::from(name)), text)?;
    Ok(RuleSet {
        rules: loader.rules,
        prefer: loader.prefer,
        plans: Default::default(),
    })
}

fn rule_files_at(p: &Path) -> Result<Vec<PathBuf>> {
    let meta = fs::metadata(p).map_err(|e| Error::file(p, format!("cannot read rules: {e}")))?;
    if meta.is_file() {
        return Ok(vec![p.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![p.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|e| Error::file(&dir, e))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::file(&dir, e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(Error::file(p, "no rule files (*.toml) found"));
    }
    Ok(out)
}

/// Describe a TOML error as `LINE:COL: message`.
fn toml_problem(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {col}: {msg}")
        }
        None => msg,
    }
}

fn kebab(id: &str) -> bool {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$").expect("valid"))
        .is_match(id)
}

fn check_languages(langs: &[String]) -> std::result::Result<(), String> {
    for l in langs {
        if l != "any" && !(l.len() == 2 && l.chars().all(|c| c.is_ascii_lowercase())) {
            return Err(format!(
                "language `{l}` is not `any` or a two-letter ISO 639-1 code"
            ));
        }
    }
    Ok(())
}

/// Check that a message template uses only known `{placeholders}`.
fn check_placeholders(message: &str) -> std::result::Result<(), String> {
    let mut rest = message;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let end = after.find('}').ok_or("message has an unclosed `{`")?;
        let name = &after[..end];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "message uses unknown placeholder `{{{name}}}` (known: {})",
                PLACEHOLDERS
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

/// Parse `variant<TAB>replacement[<TAB>alternative...]` lines.
fn parse_tsv(name: &str, text: &str) -> std::result::Result<Vec<(String, Vec<String>)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t').map(str::trim);
        let variant = cols.next().unwrap_or_default().to_string();
        let repl: Vec<String> = cols.filter(|c| !c.is_empty()).map(String::from).collect();
        if variant.is_empty() || repl.is_empty() {
            return Err(format!(
                "{name}:{}: expected `variant<TAB>replacement`",
                n + 1
            ));
        }
        out.push((variant, repl));
    }
    Ok(out)
}

/// Parse one-entry-a-line word lists.
fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// Kind-specific keys set on an entry.
fn kind_keys(e: &RuleEntry) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let mut k = |set: bool, name: &'static str| {
        if set {
            keys.push(name);
        }
    };
    k(e.replace.is_some(), "replace");
    k(e.replace_file.is_some(), "replace_file");
    k(e.case.is_some(), "case");
    k(e.words.is_some(), "words");
    k(e.words_file.is_some(), "words_file");
    k(e.lexicon.is_some(), "lexicon");
    k(e.pattern.is_some(), "pattern");
    k(e.replacement.is_some(), "replacement");
    k(e.bullets.is_some(), "bullets");
    k(e.max_words.is_some(), "max_words");
    k(e.triggers.is_some(), "triggers");
    k(e.rewrites.is_some(), "rewrites");
    k(e.context.is_some(), "context");
    k(e.min_words.is_some(), "min_words");
    k(e.min_confidence.is_some(), "min_confidence");
    k(e.confusables_file.is_some(), "confusables_file");
    k(e.groups.is_some(), "groups");
    k(e.groups_file.is_some(), "groups_file");
    keys
}

impl Loader {
    fn load_file(&mut self, origin: Origin, text: &str) -> Result<()> {
        let name = origin.display();
        let file: RuleFile = toml::from_str(text).map_err(|e| {
            Error::new(format!(
                "{name}: invalid rule file: {}",
                toml_problem(text, &e)
            ))
        })?;
        let file_langs = file.language.to_vec();
        check_languages(&file_langs).map_err(|p| Error::new(format!("{name}: {p}")))?;
        if file.rules.is_empty() && file.prefer.is_empty() {
            return Err(Error::new(format!(
                "{name}: no [[rule]] and no [prefer] table in the file"
            )));
        }
        if !file.prefer.is_empty() {
            self.house_style(&name, &file_langs, &file.prefer)?;
        }
        for entry in file.rules {
            let id = entry.id.clone();
            if !self.ids.insert(id.clone()) {
                return Err(Error::rule(
                    &name,
                    &id,
                    "duplicate rule id (ids must be unique across all rule files)",
                ));
            }
            let rule = self
                .build(&origin, &file_langs, &file.category, entry)
                .map_err(|p| Error::rule(&name, &id, p))?;
            self.rules.push(rule);
        }
        Ok(())
    }

    /// A file's `[prefer]` table: record the preferences and add the rule that flags the
    /// non-preferred forms.
    fn house_style(
        &mut self,
        name: &str,
        langs: &[String],
        prefer: &std::collections::BTreeMap<String, String>,
    ) -> Result<()> {
        let languages: Vec<String> = if langs.iter().any(|l| l == "any") {
            Vec::new()
        } else {
            langs.to_vec()
        };
        let id = format!(
            "house-style-{}",
            languages.first().map_or("any", String::as_str)
        );
        if !self.ids.insert(id.clone()) {
            return Err(Error::new(format!("{name}: `[prefer]` for these languages is already set by another rule file (rule `{id}`)")));
        }
        let mut entries = Vec::new();
        for (from, to) in prefer {
            if from.trim().is_empty() || to.trim().is_empty() || from == to {
                return Err(Error::rule(
                    name,
                    &id,
                    format!("prefer `{from}` = `{to}`: both forms must be non-empty and differ"),
                ));
            }
            self.prefer.push(Preference {
                from: from.clone(),
                to: to.clone(),
                languages: languages.clone(),
            });
            entries.push((from.clone(), vec![to.clone()]));
        }
        let kind =
            Substitution::new(&entries, CaseMode::Match).map_err(|p| Error::rule(name, &id, p))?;
        let (bad, good) = (entries[0].0.clone(), entries[0].1[0].clone());
        self.rules.push(Rule {
            meta: RuleMeta {
                id,
                kind_name: "substitution",
                category: "house-style".to_string(),
                languages,
                message: "house style: write `{replacement}`, not `{found}`".to_string(),
                severity: super::Severity::Info,
                fix: Applicability::Safe,
                fix_safety: None,
                why: Some(format!("The `[prefer]` table of {name} sets the house spelling of these names; every rule's suggestions use it too.")),
                examples: vec![Example { bad, good: Some(good.clone()), flagged: None, lang: None }],
                clean: vec![good],
                unless: Vec::new(),
                priority: 10,
                file: name.to_string(),
                provenance: None,
                data_files: Vec::new(),
            },
            kind: Kind::Substitution(kind),
        });
        Ok(())
    }

    /// The lexicon in the data file `rel`, parsed once however many rules name it (and read
    /// once: a file already parsed is not read again).
    fn lexicon(&mut self, origin: &Origin, rel: &str) -> std::result::Result<Arc<Lexicon>, String> {
        if let Some(lexicon) = self.lexicons.get(&origin.data_name(rel)) {
            return Ok(lexicon.clone());
        }
        let (full, text) = origin.read_data(rel)?;
        Ok(self
            .lexicons
            .entry(full)
            .or_insert_with(|| Arc::new(Lexicon::parse(text)))
            .clone())
    }

    fn build(
        &mut self,
        origin: &Origin,
        file_langs: &[String],
        category: &str,
        e: RuleEntry,
    ) -> std::result::Result<Rule, String> {
        if !kebab(&e.id) {
            return Err("id must be kebab-case (`lowercase-words-like-this`)".into());
        }
        check_placeholders(&e.message)?;
        let languages = e.languages.clone().unwrap_or_else(|| file_langs.to_vec());
        check_languages(&languages)?;
        let languages: Vec<String> = if languages.iter().any(|l| l == "any") {
            Vec::new()
        } else {
            languages
        };
        if e.fix == Applicability::Unsafe
            && e.fix_safety.as_deref().is_none_or(|s| s.trim().is_empty())
        {
            return Err(
                "`fix = \"unsafe\"` needs `fix_safety`: one sentence on when the fix is wrong"
                    .into(),
            );
        }
        if e.examples.is_empty() {
            return Err(
                "no examples: every rule needs at least one `{ bad, good }` or `{ bad, flagged }`"
                    .into(),
            );
        }
        if e.clean.is_empty() {
            return Err(
                "no `clean` strings: every rule needs at least one text it must not flag".into(),
            );
        }
        let examples = e
            .examples
            .iter()
            .map(|x| example(x, e.fix))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        // Like rule patterns and word lists, `unless` patterns are compiled on first use, except
        // those of rule files, whose errors must show when they are loaded.
        let compile_now = self.strict || matches!(origin, Origin::Disk(_));
        let unless = e
            .unless
            .iter()
            .map(|u| {
                let p = pattern::Pattern::unchecked(u, Vec::new());
                if compile_now {
                    p.compiles().map_err(|m| format!("unless: {m}"))?;
                }
                Ok::<_, String>(p)
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;

        let (kind_name, allowed): (&'static str, &[&str]) = match e.kind.as_str() {
            "substitution" => ("substitution", &["replace", "replace_file", "case"]),
            "casing" => ("casing", &["words", "words_file", "lexicon"]),
            "regex" => ("regex", &["pattern", "replacement"]),
            "stray-bullet" => ("stray-bullet", &["bullets"]),
            "orphan-fragment" => ("orphan-fragment", &["max_words"]),
            "romanization" => (
                "romanization",
                &["triggers", "rewrites", "context", "lexicon"],
            ),
            "untranslated" => ("untranslated", &["min_words", "min_confidence"]),
            "mixed-script" => ("mixed-script", &["confusables_file"]),
            "mojibake" => ("mojibake", &[]),
            "consistency" => ("consistency", &["groups", "groups_file"]),
            "unused-suppression" => ("unused-suppression", &[]),
            "sentence-start" => ("sentence-start", &["min_words"]),
            other => {
                return Err(format!(
                    "unknown kind `{other}` (known: {})",
                    KINDS.join(", ")
                ))
            }
        };
        if let Some(k) = kind_keys(&e).into_iter().find(|k| !allowed.contains(k)) {
            return Err(format!("`{k}` does not apply to kind `{kind_name}`"));
        }
        let mut data_files: Vec<String> = Vec::new();
        let kind = match kind_name {
            "substitution" => {
                let mut entries: Vec<(String, Vec<String>)> = e
                    .replace
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v.to_vec()))
                    .collect();
                if let Some(f) = &e.replace_file {
                    let (full, text) = origin.read_data(f)?;
                    entries.extend(parse_tsv(&full, &text)?);
                    data_files.push(full);
                }
                if entries.is_empty() {
                    return Err("substitution needs `replace` or `replace_file`".into());
                }
                let mode = match e.case.as_deref() {
                    None | Some("match") => CaseMode::Match,
                    Some("exact") => CaseMode::Exact,
                    Some(o) => return Err(format!("case `{o}` is not `match` or `exact`")),
                };
                Kind::Substitution(Substitution::new(&entries, mode)?)
            }
            "casing" => {
                let mut words = e.words.clone().unwrap_or_default();
                if let Some(f) = &e.words_file {
                    let (full, text) = origin.read_data(f)?;
                    words.extend(parse_list(&text));
                    data_files.push(full);
                }
                if words.is_empty() {
                    return Err("casing needs `words` or `words_file`".into());
                }
                // Built-in lists cannot change after the build and are checked by the test
                // suite (`load_strict`); checking them on every run would cost start-up time.
                let check = self.strict || matches!(origin, Origin::Disk(_));
                if let (Some(lx), true) = (&e.lexicon, check) {
                    let lex = self.lexicon(origin, lx)?;
                    let ordinary: Vec<&String> = words
                        .iter()
                        .filter(|w| w.split_whitespace().all(|p| lex.is_ordinary(p)))
                        .collect();
                    if !ordinary.is_empty() {
                        let shown: Vec<String> =
                            ordinary.iter().take(8).map(|w| format!("`{w}`")).collect();
                        return Err(format!(
                            "{} entr{} an ordinary lowercase word in `{lx}` and would be miscapitalized: {}",
                            ordinary.len(),
                            if ordinary.len() == 1 { "y is" } else { "ies are" },
                            shown.join(", ")
                        ));
                    }
                }
                Kind::Casing(Casing::new(&words)?)
            }
            "regex" => {
                let pat = e.pattern.as_deref().ok_or("regex needs `pattern`")?;
                let templates = e
                    .replacement
                    .as_ref()
                    .map(OneOrMany::to_vec)
                    .unwrap_or_default();
                if templates.is_empty() && e.fix != Applicability::None {
                    return Err(
                        "a regex rule without `replacement` must have `fix = \"none\"`".into(),
                    );
                }
                Kind::Pattern(pattern::Pattern::unchecked(pat, templates))
            }
            "romanization" => {
                if e.fix == Applicability::Safe {
                    return Err(
                        "a romanization rule guesses: its fix must be `unsafe` or `none`".into(),
                    );
                }
                let triggers = pattern::compile(
                    e.triggers
                        .as_deref()
                        .ok_or("romanization needs `triggers`")?,
                )?;
                let rewrites = e
                    .rewrites
                    .as_deref()
                    .ok_or("romanization needs `rewrites`")?
                    .iter()
                    .map(|(p, r)| pattern::compile(p).map(|re| (re, r.clone())))
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                let lexicon = match &e.lexicon {
                    Some(lx) => Some(self.lexicon(origin, lx)?),
                    None => None,
                };
                Kind::Romanization(Romanization::new(
                    triggers,
                    rewrites,
                    lexicon,
                    e.context.as_deref().unwrap_or(&[]),
                ))
            }
            "stray-bullet" => {
                Kind::StrayBullet(StrayBullet::new(e.bullets.as_deref().unwrap_or("-•·–"))?)
            }
            "untranslated" => {
                if e.fix != Applicability::None {
                    return Err("an untranslated rule only detects: its fix must be `none`".into());
                }
                Kind::Untranslated(Untranslated::new(
                    e.min_words.unwrap_or(4),
                    e.min_confidence.unwrap_or(0.75),
                )?)
            }
            "mixed-script" => {
                let f = e
                    .confusables_file
                    .as_deref()
                    .ok_or("mixed-script needs `confusables_file`")?;
                let (full, text) = origin.read_data(f)?;
                data_files.push(full.clone());
                Kind::MixedScript(MixedScript::new(&parse_tsv(&full, &text)?)?)
            }
            "consistency" => {
                let mut groups = e.groups.clone().unwrap_or_default();
                if let Some(f) = &e.groups_file {
                    let (full, text) = origin.read_data(f)?;
                    groups.extend(parse_tsv(&full, &text)?.into_iter().map(|(p, mut v)| {
                        v.insert(0, p);
                        v
                    }));
                    data_files.push(full);
                }
                if groups.is_empty() {
                    return Err("consistency needs `groups` or `groups_file`".into());
                }
                Kind::Consistency(Consistency::new(&groups)?)
            }
            "mojibake" => Kind::Mojibake(Mojibake),
            "unused-suppression" => Kind::UnusedSuppression,
            "sentence-start" => Kind::SentenceStart(
                crate::rules::kinds::sentence_start::SentenceStart::new(e.min_words.unwrap_or(4))?,
            ),
            "orphan-fragment" => {
                Kind::OrphanFragment(OrphanFragment::new(e.max_words.unwrap_or(3))?)
            }
            other => return Err(format!("unknown kind `{other}`")),
        };
        // Word lists are compiled on first use; a rule file's must compile now, so that its
        // errors show when it is loaded (built-in lists are compiled by the test suite).
        if compile_now {
            kind.build_now()?;
        }
        let provenance = [
            e.source.clone().map(|s| format!("source: {s}")),
            e.licence.clone().map(|l| format!("licence: {l}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
        let provenance = (!provenance.is_empty()).then(|| provenance.join("; "));
        Ok(Rule {
            meta: RuleMeta {
                id: e.id,
                kind_name,
                category: e.category.unwrap_or_else(|| category.to_string()),
                languages,
                message: e.message,
                severity: e.severity,
                fix: e.fix,
                fix_safety: e.fix_safety,
                why: e.why,
                examples,
                clean: e.clean,
                unless,
                priority: e.priority,
                file: origin.display(),
                provenance,
                data_files,
            },
            kind,
        })
    }
}

fn example(x: &ExampleEntry, fix: Applicability) -> std::result::Result<Example, String> {
    match (&x.good, &x.flagged, fix) {
        (None, None, _) => Err(format!("example `{}` needs `good` or `flagged`", x.bad)),
        (Some(_), _, Applicability::None) => Err(format!(
            "example `{}` has `good` but the rule has no fix (`fix = \"none\"`): use `flagged`",
            x.bad
        )),
        _ => Ok(Example {
            bad: x.bad.clone(),
            good: x.good.clone(),
            flagged: x.flagged.clone(),
            lang: x.lang.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
language = "en"
category = "test"
[[rule]]
id = "km-squared"
kind = "regex"
pattern = '(\d) ?km2\b'
replacement = "$1 km²"
message = "write `{replacement}`"
severity = "warning"
fix = "safe"
examples = [{ bad = "800 km2", good = "800 km²" }]
clean = ["800 km²"]
"#;

    #[test]
    fn a_lexicon_named_by_several_rules_is_read_and_parsed_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("words.txt");
        fs::write(&file, "may\nturkey\n").unwrap();
        let origin = Origin::Disk(dir.path().join("rules.toml"));
        let mut loader = Loader::default();
        let first = loader.lexicon(&origin, "words.txt").unwrap();
        // Gone from disk: the second rule gets the lexicon already parsed, not an error.
        fs::remove_file(&file).unwrap();
        let second = loader.lexicon(&origin, "words.txt").unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert!(loader.lexicon(&origin, "other.txt").is_err());
        let builtin = Origin::Builtin("en/casing.toml".into());
        let a = loader.lexicon(&builtin, "data/lexicon.txt").unwrap();
        let b = loader.lexicon(&builtin, "data/lexicon.txt").unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(
            builtin.data_name("data/lexicon.txt"),
            "builtin:en/data/lexicon.txt"
        );
    }

    #[test]
    fn loads_a_valid_file() {
        let set = load_str("t.toml", GOOD).unwrap();
        assert_eq!(set.rules.len(), 1);
        assert_eq!(set.rules[0].meta.languages, vec!["en".to_string()]);
    }

    fn err(text: &str) -> String {
        load_str("t.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn strict_errors_name_file_rule_and_problem() {
        assert!(
            err(&GOOD.replace("kind = \"regex\"", "kind = \"regex\"\nbogus = 1"))
                .contains("unknown field `bogus`")
        );
        assert!(err(&GOOD.replace("(\\d)", "(\\d"))
            .starts_with("t.toml: rule `km-squared`: invalid regex"));
        assert!(
            err(&GOOD.replace("{replacement}", "{nope}")).contains("unknown placeholder `{nope}`")
        );
        assert!(
            err(&GOOD.replace("examples = [{ bad = \"800 km2\", good = \"800 km²\" }]", ""))
                .contains("no examples")
        );
        assert!(err(&GOOD.replace("fix = \"safe\"", "fix = \"unsafe\"")).contains("fix_safety"));
        assert!(
            err(&GOOD.replace("id = \"km-squared\"", "id = \"KmSquared\"")).contains("kebab-case")
        );
        assert!(
            err(&GOOD.replace("kind = \"regex\"", "kind = \"regex\"\nwords = [\"X\"]"))
                .contains("`words` does not apply")
        );
        assert!(err(&format!("{GOOD}\n[[rule]]\nid = \"km-squared\"")).contains("line"));
        let dup = format!("{GOOD}{}", &GOOD[GOOD.find("[[rule]]").unwrap()..]);
        assert!(err(&dup).contains("duplicate rule id"));
        assert!(err("language = \"en\"\ncategory = \"x\"\n[[rule]\n").contains("line 3"));
    }
}
