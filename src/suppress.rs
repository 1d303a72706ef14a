//! Inline suppressions written in the text itself:
//!
//! - `mtlint-disable-next-line RULE[,RULE...]` silences the next non-blank line;
//! - `mtlint-disable RULE...` … `mtlint-enable [RULE...]` silences a stretch;
//! - without RULE, every rule is silenced.
//!
//! The directive is recognised inside any comment syntax (`<!-- … -->` in Markdown and HTML,
//! `# …` in PO files, `{…}` in subtitles) or on a line of its own. RULE is a rule id or a
//! category. A directive that silences nothing is itself reported (`unused-suppression`).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Silence the next non-blank line.
    NextLine,
    /// Silence from here to the matching enable.
    Disable,
    /// End a disabled stretch.
    Enable,
}

/// One directive found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Byte range of the directive text (`mtlint-disable-next-line RULE`).
    pub range: Range<usize>,
    /// What it does.
    pub action: Action,
    /// Rule ids or categories; empty means all rules.
    pub names: Vec<String>,
    /// The byte ranges it silences (for enable: none).
    pub scopes: Vec<Range<usize>>,
}

fn directive_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"mtlint-(disable-next-line|disable|enable)((?:[ \t]+[a-z0-9][a-z0-9-]*,?)*)")
            .expect("built-in directive regex is valid")
    })
}

/// Every directive in `text`, with the stretches it silences.
pub fn parse(text: &str) -> Vec<Directive> {
    if !text.contains("mtlint-") {
        return Vec::new();
    }
    let mut out: Vec<Directive> = Vec::new();
    for caps in directive_regex().captures_iter(text) {
        let (Some(all), Some(verb)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let names: Vec<String> = caps
            .get(2)
            .map_or("", |m| m.as_str())
            .split([' ', '\t', ','])
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect();
        let action = match verb.as_str() {
            "disable-next-line" => Action::NextLine,
            "disable" => Action::Disable,
            _ => Action::Enable,
        };
        let mut d = Directive {
            range: all.range(),
            action,
            names,
            scopes: Vec::new(),
        };
        if action == Action::NextLine {
            d.scopes.push(next_line(text, all.end()));
        }
        out.push(d);
    }
    // Close each disable at the first later enable naming all of it (or naming nothing).
    for i in 0..out.len() {
        if out[i].action != Action::Disable {
            continue;
        }
        let start = out[i].range.end;
        let end = out[i + 1..]
            .iter()
            .find(|e| {
                e.action == Action::Enable
                    && (e.names.is_empty() || out[i].names.iter().all(|n| e.names.contains(n)))
            })
            .map_or(text.len(), |e| e.range.start);
        out[i].scopes.push(start..end);
    }
    out
}

/// The byte range of the first non-blank line after byte `at`'s line.
fn next_line(text: &str, at: usize) -> Range<usize> {
    let mut pos = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if !text[pos..end].trim().is_empty() {
            return pos..end;
        }
        pos = end + 1;
    }
    text.len()..text.len()
}

/// Drop the findings silenced by `directives`; `names_rule(name, rule_id)` says whether a
/// directive name (rule id or category) covers a rule. Returns, for each directive, whether it
/// silenced anything.
pub fn apply<F>(
    directives: &[Directive],
    findings: &mut Vec<crate::rules::Finding>,
    names_rule: F,
) -> Vec<bool>
where
    F: Fn(&str, &str) -> bool,
{
    let mut used = vec![false; directives.len()];
    findings.retain(|f| {
        let mut keep = true;
        for (i, d) in directives.iter().enumerate() {
            let covers = d
                .scopes
                .iter()
                .any(|s| s.start <= f.range.start && f.range.start < s.end.max(s.start + 1));
            if covers && (d.names.is_empty() || d.names.iter().any(|n| names_rule(n, &f.rule))) {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    for (i, d) in directives.iter().enumerate() {
        if d.action == Action::Enable {
            used[i] = true; // an enable only ends a stretch; it is never "unused"
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives_and_scopes() {
        let t = "<!-- mtlint-disable-next-line casing -->\n\nin kyiv\n# mtlint-disable stray-bullet, names\n-Putin\n# mtlint-enable\nend";
        let d = parse(t);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].action, Action::NextLine);
        assert_eq!(d[0].names, vec!["casing"]);
        assert_eq!(&t[d[0].scopes[0].clone()], "in kyiv");
        assert_eq!(d[1].names, vec!["stray-bullet", "names"]);
        assert!(t[d[1].scopes[0].clone()].contains("-Putin"));
        assert!(!t[d[1].scopes[0].clone()].contains("end"));
        assert_eq!(&t[d[2].range.clone()], "mtlint-enable");
    }

    #[test]
    fn a_disable_without_enable_runs_to_the_end() {
        let t = "mtlint-disable\nkyiv\nkyiv";
        assert_eq!(parse(t)[0].scopes, vec![14..t.len()]);
    }
}
