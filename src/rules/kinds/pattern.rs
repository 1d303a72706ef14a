//! `regex`: a regular expression with replacement templates (`$1`, `${name}`). Patterns match
//! within one line at a time (so `^` and `$` are the line's start and end), which also keeps
//! the regex engine fast on non-ASCII text. When the pattern has a group
//! named `span`, only that group is flagged and replaced; the rest of the match is context
//! (the regex crate has no look-behind, so `\d\s?(?P<span>km2)` flags `km2` after a number).

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

use super::Candidate;
use crate::document::Document;
use crate::rules::required;

/// A compiled regex rule.
#[derive(Debug)]
pub struct Pattern {
    /// Compiled on first use: the patterns of rules a run never applies (other languages')
    /// cost no start-up time.
    regex: OnceLock<Result<Regex, String>>,
    templates: Vec<String>,
    source: String,
    /// The same pattern in multi-line mode, to find the lines worth searching (built on the
    /// first document long enough to use it; `None` when the pattern cannot be used that way).
    lines: OnceLock<Option<LineFinder>>,
    /// The pattern compiled for anchored searches (built on first need; see
    /// [`Pattern::by_candidates`]).
    anchored: OnceLock<Option<regex_automata::meta::Regex>>,
    /// Whether the pattern asserts a Unicode word boundary (worked out on first need).
    unicode_words: OnceLock<bool>,
    /// A search for the literals one of which every match holds ([`required::literals`]),
    /// worked out on first use; `None` when no such set is known. A document without any is
    /// not searched, and the regex is not compiled for it: most documents lack the rare
    /// characters many rules look for (`«`, `„`, `¿`), and compiling a rule's regex is what
    /// a short document's check costs most.
    required: OnceLock<Option<Box<required::Finder>>>,
}

/// Lines longer than this are searched match by match from the [`LineFinder`]'s candidates.
pub(crate) const LONG_LINE: usize = 64 * 1024;

/// A regex that finds the lines worth searching: the rule's pattern in multi-line mode, with
/// its Unicode word-boundary assertions dropped and its long counted repetitions unbounded
/// (see [`loosened`]). Both only add matches, so every line with a match of the rule is found
/// (and every position where one starts); without the assertions the lazy DFA never has to
/// give up on non-ASCII text, as it does on Unicode `\b`, for the slow engines to scan the
/// rest of a long stretch of text.
pub(crate) type LineFinder = regex_automata::meta::Regex;

/// Bytes of whole lines searched at once for the lines that may hold a match.
pub(crate) const CHUNK: usize = 64 * 1024;
/// Documents with fewer lines are searched line by line only.
pub(crate) const MIN_LINES_FOR_CHUNKS: usize = 32;

/// Compile a rule regex the way every rule regex is compiled (CRLF-aware, bounded size).
pub fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .crlf(true)
        .size_limit(16 << 20)
        .build()
        .map_err(|e| {
            // The regex crate's message is several lines with a caret diagram; keep the last
            // line (what is wrong) so the error stays one line.
            let msg = e.to_string();
            let what = msg
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .trim_start_matches("error: ")
                .to_string();
            let shown: String = pattern.chars().take(60).collect();
            let more = if pattern.chars().count() > 60 {
                "…"
            } else {
                ""
            };
            format!("invalid regex `{shown}{more}`: {what}")
        })
}

impl Pattern {
    /// Compile `pattern` with its replacement templates (first = default). Fails on an invalid
    /// regex, a regex that matches the empty string, or a template naming a missing group.
    pub fn new(pattern: &str, templates: Vec<String>) -> Result<Pattern, String> {
        let p = Pattern::unchecked(pattern, templates);
        p.build_now()?;
        Ok(p)
    }

    /// The rule for `pattern`, compiled and checked on first use: for built-in rules, which
    /// the test suite checks with [`Pattern::build_now`].
    pub fn unchecked(pattern: &str, templates: Vec<String>) -> Pattern {
        Pattern {
            regex: OnceLock::new(),
            templates,
            source: pattern.to_string(),
            lines: OnceLock::new(),
            anchored: OnceLock::new(),
            unicode_words: OnceLock::new(),
            required: OnceLock::new(),
        }
    }

    fn regex(&self) -> &Result<Regex, String> {
        self.regex.get_or_init(|| compile(&self.source))
    }

    /// Compile the pattern now and check it and its templates.
    pub fn build_now(&self) -> Result<(), String> {
        let regex = self.regex().as_ref().map_err(Clone::clone)?;
        let pattern = &self.source;
        // A pattern that can match an empty span (`\b`, `x*`) would flag nothing visible.
        for probe in ["", "a", "a b", " ", "1", "a.", ".a", "A a"] {
            if regex.find_iter(probe).any(|m| m.is_empty()) {
                return Err(format!("regex `{pattern}` matches the empty string (e.g. in `{probe}`); every match must cover text"));
            }
        }
        for t in &self.templates {
            for group in template_groups(t) {
                let known = match group.parse::<usize>() {
                    Ok(n) => n < regex.captures_len(),
                    Err(_) => regex.capture_names().flatten().any(|n| n == group),
                };
                if !known {
                    return Err(format!(
                        "replacement `{t}` refers to group `{group}`, which the regex does not have"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The multi-line form of the pattern (see [`Pattern::finder_hir`]).
    fn lines_regex(&self) -> Option<&LineFinder> {
        self.lines
            .get_or_init(|| self.finder_hir().and_then(|hir| line_finder(&hir)))
            .as_ref()
    }

    /// The pattern as a [`LineFinder`] sees it: in multi-line mode, [`loosened`]. `None` when
    /// it uses what means something else over many lines than over one: `\A` and `\z` (a
    /// line's ends, line by line) or a flag group that turns multi-line mode off.
    pub(crate) fn finder_hir(&self) -> Option<regex_syntax::hir::Hir> {
        let s = &self.source;
        let unsafe_flags = s.contains("\\A")
            || s.contains("\\z")
            || s.match_indices("(?").any(|(i, _)| {
                // A flag group: `(?flags)` or `(?flags:...)`, flags being letters and `-` (a
                // named group `(?P<m>...)` is not one).
                let rest = &s[i + 2..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
                    .unwrap_or(rest.len());
                let flags = &rest[..end];
                matches!(rest[end..].chars().next(), Some(':' | ')'))
                    && flags
                        .split_once('-')
                        .is_some_and(|(_, off)| off.contains('m'))
            });
        if unsafe_flags {
            return None;
        }
        Some(loosened(&self.hir(true)?))
    }

    /// The pattern parsed as [`compile`] reads it (in multi-line mode if `multi_line`), if it
    /// parses.
    fn hir(&self, multi_line: bool) -> Option<regex_syntax::hir::Hir> {
        regex_syntax::ParserBuilder::new()
            .crlf(true)
            .multi_line(multi_line)
            .build()
            .parse(&self.source)
            .ok()
    }

    pub(crate) fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        if !self.may_match(doc.text) {
            return;
        }
        let chunked = if doc.line_count() >= MIN_LINES_FOR_CHUNKS {
            self.lines_regex()
        } else {
            None
        };
        let Some(lines_regex) = chunked else {
            for line in doc.lines() {
                self.line_candidates(doc.text, line, out);
            }
            return;
        };
        // (the meta regex never gives up: it falls back to a slower engine)
        let _ = hit_lines(
            doc,
            |input| Ok(lines_regex.find(input)),
            |line| self.line_candidates(doc.text, doc.line_range(line), out),
        );
    }

    /// Matches within one line: short haystacks keep the regex crate on its fast engines even
    /// with Unicode word boundaries, and a rule can never reach across a line break.
    pub(crate) fn line_candidates(
        &self,
        text: &str,
        line: std::ops::Range<usize>,
        out: &mut Vec<Candidate>,
    ) {
        if self.by_candidates(&text[line.clone()]) {
            if let (Some(finder), Some(exact)) = (self.lines_regex(), self.anchored()) {
                return self.anchored_candidates(line.start, &text[line], finder, exact, out);
            }
        }
        self.plain_line_candidates(text, line, out);
    }

    /// Whether `text` holds one of the literals every match of the pattern holds (`true` when
    /// no such set is known): when it does not, no line of it can match.
    pub(crate) fn may_match(&self, text: &str) -> bool {
        let finder = self.required.get_or_init(|| {
            let lits = required::literals(&self.hir(false)?)?;
            Some(Box::new(required::Finder::new(&lits)))
        });
        finder
            .as_ref()
            .is_none_or(|f| f.find(text.as_bytes(), 0).is_some())
    }

    /// Whether the rule's regex has been compiled.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }

    /// Whether the pattern compiles (compiling it now if it has not been).
    pub fn compiles(&self) -> Result<(), String> {
        self.regex().as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// The matches of the pattern in one line (no line terminator), as `Regex::find_iter`
    /// over that line gives them, without its cost on a long or non-ASCII line (see
    /// `Pattern::anchored_candidates`): for `unless` patterns.
    pub fn find_in_line(
        &self,
        text: &str,
        line: std::ops::Range<usize>,
        out: &mut Vec<std::ops::Range<usize>>,
    ) {
        let base = line.start;
        let hay = &text[line];
        if self.by_candidates(hay) {
            if let (Some(finder), Some(exact)) = (self.lines_regex(), self.anchored()) {
                anchored_matches(hay, finder, exact, false, |caps| {
                    let m = caps.get_match()?;
                    out.push(base + m.start()..base + m.end());
                    Some(if m.is_empty() {
                        boundary_from(hay, m.end() + 1)
                    } else {
                        m.end()
                    })
                });
                return;
            }
        }
        if let Ok(regex) = self.regex() {
            out.extend(
                regex
                    .find_iter(hay)
                    .map(|m| base + m.start()..base + m.end()),
            );
        }
    }

    /// Whether the matches in line `hay` are to be found from the [`LineFinder`]'s candidates,
    /// the pattern tried anchored at each (see `Pattern::anchored_candidates`), rather than by
    /// an unanchored search: in a long line, and in a line with non-ASCII text when the
    /// pattern has a Unicode word-boundary assertion. There the regex crate's lazy DFA gives up
    /// at the first non-ASCII byte and the bounded backtracker searches the rest of the line
    /// from every position; anchored at the candidates it runs over a match's length only
    /// (a check of the 3.6 MB of non-ASCII lines of the benchmark file: 2.61 G → 2.06 G
    /// instructions).
    fn by_candidates(&self, hay: &str) -> bool {
        hay.len() > LONG_LINE || (self.has_unicode_word_boundary() && !hay.is_ascii())
    }

    /// Whether the pattern asserts a Unicode word boundary (`\b`, `\B`, `\<`...).
    fn has_unicode_word_boundary(&self) -> bool {
        *self.unicode_words.get_or_init(|| {
            self.hir(false)
                .is_some_and(|hir| hir.properties().look_set().contains_word_unicode())
        })
    }

    /// The pattern as an engine that can be anchored at a position (see
    /// [`Pattern::by_candidates`]).
    fn anchored(&self) -> Option<&regex_automata::meta::Regex> {
        self.anchored
            .get_or_init(|| {
                use regex_automata::{meta, util::syntax};
                meta::Regex::builder()
                    .syntax(syntax::Config::new().crlf(true))
                    .configure(meta::Config::new().nfa_size_limit(Some(16 << 20)))
                    .build(&self.source)
                    .ok()
            })
            .as_ref()
    }

    /// The matches in one long or non-ASCII line (see [`Pattern::by_candidates`]), found as
    /// [`Pattern::plain_line_candidates`] finds them but without its cost there: when the
    /// pattern has a Unicode `\b` and the line holds non-ASCII text, an unanchored search runs
    /// the slow engine from where it starts to the end of the line, for every match (minutes
    /// on a 50 MB line without a line break).
    /// Instead the [`LineFinder`] finds each position where a match may start (every match of
    /// the rule starts at one of them) and the rule's pattern is tried anchored there, which
    /// stops where the match can no longer grow.
    fn anchored_candidates(
        &self,
        base: usize,
        hay: &str,
        finder: &LineFinder,
        exact: &regex_automata::meta::Regex,
        out: &mut Vec<Candidate>,
    ) {
        let span_group = exact
            .group_info()
            .to_index(regex_automata::PatternID::ZERO, "span");
        anchored_matches(hay, finder, exact, true, |caps| {
            let whole = caps.get_match()?.range();
            let span = span_group.and_then(|i| caps.get_group(i));
            Some(
                self.push_match(base, hay, whole, span.map(|s| s.range()), out, |t, r| {
                    caps.interpolate_string_into(hay, t, r)
                }),
            )
        });
    }

    /// Record one match (`whole`, and the `span` group's range if the pattern has one) of a
    /// line `hay` that starts at byte `base` of the text, with the replacements `expand` makes
    /// from the templates; return where the next search starts.
    fn push_match(
        &self,
        base: usize,
        hay: &str,
        whole: std::ops::Range<usize>,
        span: Option<std::ops::Range<usize>>,
        out: &mut Vec<Candidate>,
        expand: impl Fn(&str, &mut String),
    ) -> usize {
        // With a `span` group, the text around the span is context: the next search starts at
        // the end of the span, not of the whole match, so context is not used up (two
        // questions in a row both match a rule that looks at what follows each).
        let m = span.unwrap_or(whole.clone());
        let next = boundary_from(hay, m.end.max(whole.start + 1));
        if m.is_empty() {
            return next;
        }
        let text = &hay[m.clone()];
        let mut replacements: Vec<String> = Vec::with_capacity(self.templates.len());
        for t in &self.templates {
            let mut r = String::new();
            expand(t, &mut r);
            if r != text && !replacements.contains(&r) {
                replacements.push(r);
            }
        }
        if self.templates.is_empty() || !replacements.is_empty() {
            out.push(Candidate::new(base + m.start..base + m.end, replacements));
        }
        // (every replacement being the text itself leaves nothing to repair)
        next
    }

    /// The matches in one line, searched on its own.
    fn plain_line_candidates(
        &self,
        text: &str,
        line: std::ops::Range<usize>,
        out: &mut Vec<Candidate>,
    ) {
        let hay = &text[line.clone()];
        if hay.is_empty() {
            return;
        }
        let Ok(regex) = self.regex() else {
            return;
        };
        let base = line.start;
        let mut at = 0;
        while at <= hay.len() {
            let Some(caps) = regex.captures_at(hay, at) else {
                break;
            };
            let Some(whole) = caps.get(0) else { break };
            let span = caps.name("span").map(|m| m.range());
            at = self.push_match(base, hay, whole.range(), span, out, |t, r| {
                caps.expand(t, r)
            });
        }
    }
}

/// Call `on_line` with each line of `doc` (1-based, in order, once each) where `finder` finds
/// a match that starts in it: one search over many lines finds the next such line. Every match
/// of a rule within one line is also a match of its [`LineFinder`] (same span, and `^`, `$`
/// and `\b` see the same things at a line's ends), so no line with a match of any pattern of
/// `finder` is skipped; a multi-line match that crosses a line break only costs a line search
/// that finds nothing.
///
/// `find` is the finder's leftmost-first search; an error from it (a lazy DFA that gave up)
/// ends the scan and is returned.
pub(crate) fn hit_lines(
    doc: &Document,
    mut find: impl FnMut(
        regex_automata::Input<'_>,
    ) -> Result<Option<regex_automata::Match>, regex_automata::MatchError>,
    mut on_line: impl FnMut(usize),
) -> Result<(), regex_automata::MatchError> {
    let n = doc.line_count();
    let mut line = 1;
    while line <= n {
        let start = doc.line_range(line).start;
        let mut last = line;
        while last < n && doc.line_range(last).end - start < CHUNK {
            last += 1;
        }
        let hay = &doc.text[..doc.line_range(last).end];
        let mut at = start;
        while let Some(m) = find(regex_automata::Input::new(hay).span(at..hay.len()))? {
            let hit = doc.line_of(m.start()).max(line);
            on_line(hit);
            if hit >= last {
                break;
            }
            at = doc.line_range(hit + 1).start;
        }
        line = last + 1;
    }
    Ok(())
}

/// Every match of `exact` in the line `hay`, left to right, as an unanchored search
/// finds them: `exact` is tried anchored at each position where `finder` (which matches
/// wherever `exact` does) finds a match may start. `on_match` records a match and returns
/// where the next search starts; `None` means no match at that position. `groups`: whether
/// `on_match` needs the groups, or only the match's bounds.
fn anchored_matches(
    hay: &str,
    finder: &LineFinder,
    exact: &regex_automata::meta::Regex,
    groups: bool,
    mut on_match: impl FnMut(&regex_automata::util::captures::Captures) -> Option<usize>,
) {
    use regex_automata::{util::captures::Captures, Anchored, Input};
    // Without groups, only the match's bounds are asked for: the fast engines can answer.
    let mut caps = if groups {
        exact.create_captures()
    } else {
        Captures::matches(exact.group_info().clone())
    };
    let mut at = 0;
    while at <= hay.len() {
        let Some(candidate) = finder.find(Input::new(hay).span(at..hay.len())) else {
            break;
        };
        let start = candidate.start();
        let input = Input::new(hay)
            .span(start..hay.len())
            .anchored(Anchored::Yes);
        exact.search_captures(&input, &mut caps);
        at = match on_match(&caps) {
            Some(next) => next,
            None => boundary_from(hay, start + 1),
        };
    }
}

/// The first character boundary of `hay` at or after `n` (or `n` itself past the end).
fn boundary_from(hay: &str, mut n: usize) -> usize {
    while n < hay.len() && !hay.is_char_boundary(n) {
        n += 1;
    }
    n
}

/// The [`LineFinder`] of a pattern's `hir` (as [`Pattern::finder_hir`] gives it), or `None`
/// when it cannot be built (the line-by-line search is then the only one).
fn line_finder(hir: &regex_syntax::hir::Hir) -> Option<LineFinder> {
    use regex_automata::{meta, util::syntax};
    meta::Regex::builder()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(16 << 20))
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit),
        )
        .syntax(syntax::Config::new().crlf(true).multi_line(true))
        .build_from_hir(hir)
        .ok()
}

/// Counted repetitions with a larger upper bound than this are unbounded in [`loosened`].
const LOOSE_REPETITION: u32 = 16;

/// `hir` with every Unicode word-boundary assertion replaced by the empty match, and every
/// repetition with an upper bound above [`LOOSE_REPETITION`] unbounded (`x{0,400}` becomes
/// `x*`): a regex that matches wherever `hir` does, starting at the same positions, and
/// more. Quote rules bound a quotation with `[^"“”„«»\n]{0,400}?`: four hundred copies of
/// a Unicode class made their line finders and the joint finder of the rules
/// ([`PatternGroup`](crate::rules::pattern_group::PatternGroup)) cost more to compile than
/// every other rule together, and their lazy DFAs count through four hundred states per
/// quotation mark. The bound is the rule's own regex's to check, on the lines found.
fn loosened(hir: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};
    match hir.kind() {
        HirKind::Look(
            Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode,
        ) => Hir::empty(),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(loosened(&r.sub)),
            max: r.max.filter(|&max| max <= LOOSE_REPETITION),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(loosened(&c.sub)),
            ..c.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(loosened).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(loosened).collect()),
        _ => hir.clone(),
    }
}

/// The group names or numbers a replacement template refers to (`$1`, `${name}`; `$$` is a
/// literal dollar).
fn template_groups(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('$') {
            rest = r;
        } else if let Some(r) = rest.strip_prefix('{') {
            let end = r.find('}').unwrap_or(r.len());
            out.push(r[..end].to_string());
            rest = &r[end..];
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end > 0 {
                out.push(rest[..end].to_string());
            }
            rest = &rest[end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_templates() {
        let p = Pattern::new(r"(\d) ?km2\b", vec!["$1 km²".into()]).unwrap();
        let doc = Document::new("800 km2 and 1,400km2 and km²", "en");
        let mut out = Vec::new();
        p.candidates(&doc, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].replacements, vec!["0 km²".to_string()]);
        assert_eq!(out[1].replacements, vec!["0 km²".to_string()]);
    }

    #[test]
    fn span_group_narrows_the_finding() {
        let p = Pattern::new(r"\d\s?(?P<span>(?P<u>km|m)2)\b", vec!["${u}²".into()]).unwrap();
        let text = "800 km2 and M2";
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        p.candidates(&doc, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(&text[out[0].range.clone()], "km2");
        assert_eq!(out[0].replacements, vec!["km²".to_string()]);
    }

    #[test]
    fn span_context_is_not_used_up() {
        // Each `?` is flagged when a space precedes it and a capital or the end follows.
        let p = Pattern::new(r"(?P<span> \?)(?:\s+\p{Lu}|$)", vec!["?".into()]).unwrap();
        let text = "Will it come ? Will peace come ?";
        let mut out = Vec::new();
        p.candidates(&Document::new(text, "en"), &mut out);
        assert_eq!(out.len(), 2);
    }

    fn ranges(
        p: &Pattern,
        doc: &Document,
        chunked: bool,
    ) -> Vec<(std::ops::Range<usize>, Vec<String>)> {
        let mut out = Vec::new();
        if chunked {
            p.candidates(doc, &mut out);
        } else {
            for line in doc.lines() {
                p.plain_line_candidates(doc.text, line, &mut out);
            }
        }
        out.into_iter().map(|c| (c.range, c.replacements)).collect()
    }

    #[test]
    fn a_document_without_the_literals_a_pattern_needs_costs_no_compilation() {
        let p = Pattern::unchecked(r"«[ \x{A0}]*(?P<q>[^«»\n]{0,400}?)[ \x{A0}]*»", vec![]);
        let mut found = Vec::new();
        for text in ["", "plain text\nwithout any quotation marks\n", "„so“"] {
            p.candidates(&Document::new(text, "en"), &mut found);
        }
        assert!(found.is_empty());
        assert!(p.regex.get().is_none(), "not compiled without a `«`");
        p.candidates(&Document::new("a « quote » here", "en"), &mut found);
        assert_eq!(found.len(), 1);
        assert!(p.regex.get().is_some());
    }

    #[test]
    fn line_finders_drop_long_bounds_only() {
        let hir = |p: &str| Pattern::unchecked(p, vec![]).finder_hir().expect("finder");
        // `x{0,400}` is unbounded in the finder; a short count stays exact.
        assert_eq!(hir(r"«[^»\n]{0,400}?»").properties().maximum_len(), None);
        assert_eq!(
            hir(r"[0-9]{1,3},[0-9]{1,2}").properties().maximum_len(),
            Some(6)
        );
        assert_eq!(hir(r"a{2,16}").properties().minimum_len(), Some(2));
    }

    #[test]
    fn searching_many_lines_at_once_finds_what_each_line_does() {
        let lines = [
            "Will it come ?",
            "? at the start",
            "",
            "end with a space ?\r",
            "lone\rcr ?  Next",
            "word boundary km2 and xkm2 and km2x",
            "  ",
            "crosses ? ",
            "Next line after a crossing",
            "Ünïcode wörds km2 ébène\u{a0}?",
            "a « short quote » and « a quotation far longer than the bound of the rule » too",
        ];
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(lines[i % lines.len()]);
            text.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
            if i % 97 == 0 {
                text.push_str(&"long line filler ".repeat(500));
                text.push('\n');
            }
            if i % 151 == 0 {
                // Longer than LONG_LINE: searched candidate by candidate.
                let mut k = i;
                let mut long = String::new();
                while long.len() < LONG_LINE + 5_000 {
                    long.push_str(lines[k % lines.len()]);
                    long.push(' ');
                    k += 1;
                }
                text.push_str(&long);
                text.push('\n');
            }
        }
        let doc = Document::new(&text, "en");
        assert!(doc.line_count() >= MIN_LINES_FOR_CHUNKS);
        assert!(doc.lines().filter(|l| l.len() > LONG_LINE).count() >= 2);
        for (pattern, templates) in [
            (r"(?P<span> \?)(?:\s+\p{Lu}|$)", vec!["?"]),
            (r"^\?", vec![]),
            (r"\?$", vec![]),
            (r"\bkm2\b", vec!["km²"]),
            (r"\s+\S", vec![]),
            (r"(?m:^)\s*$\n?x|\?\s", vec![]),
            (r"\A\p{L}+", vec![]),
            (r"(?-m:^)\p{L}", vec![]),
            (r"\p{Lu}\p{Ll}+\z", vec![]),
            (r"\w+\r", vec![]),
            (r"(?i)\bwörds\b|\Bcod", vec![]),
            (r"ène\b", vec![]),
            // (its line finder is unbounded: it finds the long quotation's line too)
            (r"«\s*(?P<q>[^«»\n]{1,40}?)\s*»", vec!["“$q”"]),
        ] {
            let p =
                Pattern::new(pattern, templates.into_iter().map(String::from).collect()).unwrap();
            let want = ranges(&p, &doc, false);
            assert!(!want.is_empty(), "{pattern} finds something");
            assert_eq!(ranges(&p, &doc, true), want, "{pattern}");
            // `unless` patterns: every match, as `find_iter` gives them line by line.
            let regex = p.regex().as_ref().unwrap();
            for line in doc.lines() {
                let mut got = Vec::new();
                p.find_in_line(&text, line.clone(), &mut got);
                let want: Vec<_> = regex
                    .find_iter(&text[line.clone()])
                    .map(|m| line.start + m.start()..line.start + m.end())
                    .collect();
                assert_eq!(got, want, "{pattern} in line at {}", line.start);
            }
        }
    }

    /// The built-in rules' patterns, and pieces of text to build lines from: the lines of
    /// every built-in rule's examples (bad and good: what the rules look for and what they
    /// must leave alone), cut at spaces, and non-ASCII letters, digits and spaces to glue
    /// them with (loaded once for all the property test's cases).
    fn builtin_patterns() -> &'static (Vec<Pattern>, Vec<String>) {
        static BUILTIN: OnceLock<(Vec<Pattern>, Vec<String>)> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let rules = crate::rules::load::load(&[])
                .expect("built-in rules load")
                .rules;
            let mut pieces: Vec<String> = [
                "é", "Ж", "ü", "ß", "ǅ", "e\u{301}", "\u{0660}", "1", "12", " ", "\u{a0}", "x",
            ]
            .map(String::from)
            .to_vec();
            for e in rules.iter().flat_map(|r| &r.meta.examples) {
                for text in std::iter::once(&e.bad).chain(&e.good) {
                    pieces.extend(
                        text.lines()
                            .flat_map(|l| l.split_inclusive(' '))
                            .map(String::from),
                    );
                }
            }
            pieces.sort();
            pieces.dedup();
            let patterns = rules
                .into_iter()
                .filter_map(|r| match r.kind {
                    crate::rules::kinds::Kind::Pattern(p) => Some(p),
                    _ => None,
                })
                .collect();
            (patterns, pieces)
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// A line searched from the line finder's candidates (a non-ASCII line, for a pattern
        /// with a Unicode word boundary) gives what an unanchored search of the line gives, for
        /// every built-in pattern.
        #[test]
        fn searching_from_candidates_finds_what_the_line_search_finds(
            picks in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 1..12)
        ) {
            let (patterns, pieces) = builtin_patterns();
            let line: String = picks.iter().map(|i| i.get(pieces).as_str()).collect();
            for p in patterns {
                let Ok(regex) = p.regex() else { continue };
                let mut got = Vec::new();
                p.line_candidates(&line, 0..line.len(), &mut got);
                let mut want = Vec::new();
                p.plain_line_candidates(&line, 0..line.len(), &mut want);
                let pairs = |c: Vec<Candidate>| -> Vec<_> {
                    c.into_iter().map(|c| (c.range, c.replacements)).collect()
                };
                proptest::prop_assert_eq!(pairs(got), pairs(want), "{} in {:?}", p.source, line);
                let mut got = Vec::new();
                p.find_in_line(&line, 0..line.len(), &mut got);
                let want: Vec<_> = regex.find_iter(&line).map(|m| m.range()).collect();
                proptest::prop_assert_eq!(got, want, "{} in {:?}", p.source, line);
            }
        }
    }

    #[test]
    fn only_turning_multi_line_off_keeps_a_pattern_line_by_line() {
        let finder = |p: &str| Pattern::new(p, vec![]).unwrap().lines_regex().is_some();
        assert!(finder(r"(?P<m>[0-5]\d)h"));
        assert!(finder(r"(?i-s:x)y"));
        assert!(finder(r"(?m-i)x"));
        assert!(!finder(r"(?i-m)^x"));
        assert!(!finder(r"(?-m:^x)"));
        assert!(!finder(r"\Ax"));
        assert!(!finder(r"x\z"));
    }

    #[test]
    fn validates_groups_and_empty_matches() {
        assert!(Pattern::new(r"(a)", vec!["$2".into()])
            .unwrap_err()
            .contains("group `2`"));
        assert!(Pattern::new(r"(?P<x>a)", vec!["${y}".into()]).is_err());
        assert!(Pattern::new(r"(?P<x>a)", vec!["${x}$$".into()]).is_ok());
        assert!(Pattern::new(r"a*", vec![])
            .unwrap_err()
            .contains("matches the empty string"));
        assert!(Pattern::new(r"\b", vec![])
            .unwrap_err()
            .contains("matches the empty string"));
        assert!(Pattern::new(r"(", vec![])
            .unwrap_err()
            .contains("invalid regex"));
    }
}
