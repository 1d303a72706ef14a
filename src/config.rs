//! Configuration files: `mtlint.toml`, `.mtlint.toml`, or `[tool.mtlint]` in `pyproject.toml`,
//! found from each file's directory upwards (the first directory holding one wins). Command-line
//! flags override what a file says. Unknown keys are errors.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::cli::{Common, ConfigArgs};
use crate::error::{Error, Result};
use crate::rules::{Applicability, Severity};

/// The file names searched, in order, in each directory.
pub const FILE_NAMES: &[&str] = &["mtlint.toml", ".mtlint.toml", "pyproject.toml"];

/// The settings a configuration file may hold.
#[derive(Debug, Default, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// Run only these rules or categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
    /// Do not run these rules or categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Rules or categories to ignore in files matching a glob (relative to the config file).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// The language of the text (else detected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Extra rule directories or files (relative to the config file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<PathBuf>,
    /// Words and phrases never flagged (a newsroom's own spellings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    /// Per-rule severity overrides.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Severity>,
    /// Per-rule fix applicability overrides (may only lower: safe → unsafe → none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fix_safety: BTreeMap<String, Applicability>,
    /// More globs of files to lint when walking directories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extend_include: Vec<String>,
    /// Globs of files to skip when walking directories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

/// `pyproject.toml` with a `[tool.mtlint]` table (other tables ignored).
#[derive(Debug, Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Debug, Deserialize)]
struct PyTool {
    mtlint: Option<toml::Value>,
}

/// A configuration as found for a path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it came from (`None`: no file, defaults only).
    pub file: Option<PathBuf>,
    /// Its settings.
    pub settings: Settings,
}

impl Config {
    /// The directory relative paths in the file are resolved against.
    pub fn base(&self) -> PathBuf {
        match &self.file {
            Some(f) => f
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            None => PathBuf::from("."),
        }
    }

    /// Rule ids or categories ignored for `path` by `per-file-ignores`.
    pub fn ignored_for(&self, path: &Path) -> Result<Vec<String>> {
        let base = self.base();
        let rel = path.strip_prefix(&base).unwrap_or(path);
        let mut out = Vec::new();
        for (glob, names) in &self.settings.per_file_ignores {
            let set = glob_set(std::slice::from_ref(glob)).map_err(|e| self.error(e))?;
            if set.is_match(rel) || path.file_name().is_some_and(|n| set.is_match(n)) {
                out.extend(names.iter().cloned());
            }
        }
        Ok(out)
    }

    /// Extra rule paths, resolved against the file's directory.
    pub fn rule_paths(&self) -> Vec<PathBuf> {
        let base = self.base();
        self.settings.rules.iter().map(|r| base.join(r)).collect()
    }

    fn error(&self, problem: impl std::fmt::Display) -> Error {
        match &self.file {
            Some(f) => Error::file(f, problem),
            None => Error::new(problem.to_string()),
        }
    }
}

/// Compile globs.
pub fn glob_set(globs: &[String]) -> std::result::Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|e| format!("bad glob `{g}`: {e}"))?);
    }
    b.build().map_err(|e| e.to_string())
}

/// Parse a configuration file's text.
pub fn parse(path: &Path, text: &str) -> Result<Option<Settings>> {
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let settings = if is_pyproject {
        let py: PyProject = toml::from_str(text)
            .map_err(|e| Error::file(path, format!("invalid TOML: {}", e.message().trim())))?;
        match py.tool.and_then(|t| t.mtlint) {
            Some(v) => v.try_into().map_err(|e: toml::de::Error| {
                Error::file(path, format!("[tool.mtlint]: {}", e.message().trim()))
            })?,
            None => return Ok(None),
        }
    } else {
        toml::from_str(text).map_err(|e| {
            Error::file(
                path,
                format!("invalid configuration: {}", e.message().trim()),
            )
        })?
    };
    validate(path, &settings)?;
    Ok(Some(settings))
}

fn validate(path: &Path, s: &Settings) -> Result<()> {
    if let Some(l) = &s.lang {
        if l.len() != 2 || !l.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(Error::file(
                path,
                format!("lang `{l}`: expected a two-letter ISO 639-1 code"),
            ));
        }
    }
    for globs in [&s.extend_include, &s.exclude] {
        glob_set(globs).map_err(|e| Error::file(path, e))?;
    }
    for g in s.per_file_ignores.keys() {
        glob_set(std::slice::from_ref(g))
            .map_err(|e| Error::file(path, format!("per-file-ignores: {e}")))?;
    }
    Ok(())
}

/// The directory where the search for a file's configuration starts: the file's own (for
/// `None`, standard input, the current directory). Files of one directory share their
/// configuration.
pub fn start_dir(path: Option<&Path>) -> Option<PathBuf> {
    match path {
        Some(p) => {
            // (a relative path is joined to the working directory read once: `absolute` would
            // ask the system for it again for every file of a run)
            let joined = match working_dir() {
                Some(cwd) if p.is_relative() => cwd.join(p),
                _ => p.to_path_buf(),
            };
            let abs = std::path::absolute(&joined).unwrap_or(joined);
            abs.parent().map(Path::to_path_buf)
        }
        None => working_dir().cloned(),
    }
}

/// The working directory, read on first use (mtlint never changes it).
fn working_dir() -> Option<&'static PathBuf> {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok()).as_ref()
}

/// Find the configuration for the files of directory `start` (see [`start_dir`]): the first
/// configuration file from there up, unless the options name one or none.
pub fn find(common: &Common, start: Option<PathBuf>) -> Result<Config> {
    if common.no_config {
        return Ok(Config::default());
    }
    if let Some(f) = &common.config {
        let text = std::fs::read_to_string(f)
            .map_err(|e| Error::file(f, format!("cannot read the configuration: {e}")))?;
        let settings = parse(f, &text)?.ok_or_else(|| Error::file(f, "no [tool.mtlint] table"))?;
        return Ok(Config {
            file: Some(f.clone()),
            settings,
        });
    }
    let mut dir = start;
    while let Some(d) = dir {
        for name in FILE_NAMES {
            let f = d.join(name);
            if f.is_file() {
                let text = std::fs::read_to_string(&f)
                    .map_err(|e| Error::file(&f, format!("cannot read the configuration: {e}")))?;
                if let Some(settings) = parse(&f, &text)? {
                    return Ok(Config {
                        file: Some(f),
                        settings,
                    });
                }
            }
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    Ok(Config::default())
}

/// The settings in effect for a file: its configuration, overridden by command-line flags.
pub fn effective(common: &Common, config: &Config) -> Settings {
    let mut s = config.settings.clone();
    if !common.select.is_empty() {
        s.select = common.select.clone();
    }
    if !common.ignore.is_empty() {
        s.ignore.extend(common.ignore.iter().cloned());
    }
    if common.lang.is_some() {
        s.lang = common.lang.clone();
    }
    s.rules = config.rule_paths();
    s.rules.extend(common.rules.iter().cloned());
    s.extend_include.extend(common.include.iter().cloned());
    s.exclude.extend(common.exclude.iter().cloned());
    s
}

/// `mtlint config [PATH]`: print which file applies and the effective settings, as TOML.
pub fn show(common: &Common, args: &ConfigArgs) -> Result<u8> {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let probe = if path.is_dir() {
        path.join("_")
    } else {
        path.clone()
    };
    let config = find(common, start_dir(Some(&probe)))?;
    let mut s = effective(common, &config);
    let ignored = config.ignored_for(&probe)?;
    let mut out = String::new();
    match &config.file {
        Some(f) => {
            let _ = writeln!(out, "# configuration: {}", f.display());
        }
        None => out.push_str("# configuration: none found (defaults)\n"),
    }
    if path.is_file() && !ignored.is_empty() {
        let _ = writeln!(
            out,
            "# per-file-ignores for {}: {}",
            path.display(),
            ignored.join(", ")
        );
        s.ignore.extend(ignored);
    }
    out.push_str(
        &toml::to_string(&s)
            .map_err(|e| Error::new(format!("cannot print the configuration: {e}")))?,
    );
    print!("{out}");
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_start_dir_is_its_absolute_paths_parent() {
        for p in [
            "a.txt",
            "./a.txt",
            "d/./e/../a.txt",
            "d/a.txt/",
            "/tmp/x/a.txt",
            "/a.txt",
        ] {
            let p = Path::new(p);
            let want = std::path::absolute(p)
                .ok()
                .and_then(|a| a.parent().map(Path::to_path_buf));
            assert_eq!(start_dir(Some(p)), want, "{p:?}");
        }
        assert_eq!(start_dir(None), std::env::current_dir().ok());
    }

    #[test]
    fn parses_and_refuses_unknown_keys() {
        let p = Path::new("mtlint.toml");
        let s = parse(p, "select = [\"casing\"]\nallow = [\"Kiev\"]\n[severity]\norphan-fragment = \"error\"\n[per-file-ignores]\n\"docs/*.md\" = [\"names\"]\n").unwrap().unwrap();
        assert_eq!(s.select, vec!["casing"]);
        assert_eq!(s.severity.get("orphan-fragment"), Some(&Severity::Error));
        let e = parse(p, "selct = []\n").unwrap_err().to_string();
        assert!(
            e.starts_with("mtlint.toml: invalid configuration: unknown field `selct`"),
            "{e}"
        );
        assert!(parse(p, "lang = \"english\"\n").is_err());
        assert!(parse(p, "exclude = [\"[\"]\n")
            .unwrap_err()
            .to_string()
            .contains("bad glob"));
    }

    #[test]
    fn pyproject_needs_tool_mtlint() {
        let p = Path::new("pyproject.toml");
        assert_eq!(parse(p, "[project]\nname = \"x\"\n").unwrap(), None);
        let s = parse(p, "[tool.mtlint]\nlang = \"fr\"\n").unwrap().unwrap();
        assert_eq!(s.lang.as_deref(), Some("fr"));
    }

    #[test]
    fn per_file_ignores_match_relative_paths() {
        let mut settings = Settings::default();
        settings
            .per_file_ignores
            .insert("docs/*.md".into(), vec!["names".into()]);
        let c = Config {
            file: Some(PathBuf::from("/r/mtlint.toml")),
            settings,
        };
        assert_eq!(
            c.ignored_for(Path::new("/r/docs/a.md")).unwrap(),
            vec!["names"]
        );
        assert!(c.ignored_for(Path::new("/r/a.md")).unwrap().is_empty());
    }
}
