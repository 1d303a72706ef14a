//! gettext PO (`.po`, `.pot`): only translations are visible — the contents of `msgstr` and
//! `msgstr[N]` strings, across their continuation lines.
//!
//! Masked: comments (`#`, `#.`, `#:`, `#,`, `#|`, and obsolete `#~` entries), the keywords
//! `msgctxt`, `msgid`, `msgid_plural` and `msgstr` with their strings' quotes, the `msgid`,
//! `msgid_plural` and `msgctxt` strings, the header entry's `msgstr` (the one whose `msgid` is
//! empty and has no context: `Project-Id-Version: …`), and inside translations the backslash
//! escapes (`\n`, `\"`, `\t`, `\\`, octal and hex) and format placeholders (`%s`, `%d`,
//! `%1$s`, `%(name)s`, `%.2f`, `%%`, `{0}`, `{name}`), so no rule sees `\n` as a word nor a
//! placeholder as text, and no fix can touch one.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::mask::{lines, Mask};

/// What the string lines being read belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing that continues (after a comment, a blank line or junk).
    None,
    /// `msgctxt`.
    Context,
    /// `msgid` or `msgid_plural`.
    Id,
    /// `msgstr` or `msgstr[N]`.
    Str,
}

/// What is known about the entry being read.
#[derive(Debug, Default)]
struct Entry {
    has_context: bool,
    has_id_text: bool,
    seen_str: bool,
}

impl Entry {
    /// The header entry: `msgid ""` with no context.
    fn is_header(&self) -> bool {
        !self.has_context && !self.has_id_text
    }
}

fn placeholder_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            %(?:\d+\$)?(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-+\#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?
              (?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn%@]
            | \{[A-Za-z0-9_.]*\}
            ",
        )
        .expect("built-in placeholder regex is valid")
    })
}

/// The lintable view of a PO file (see [`super::lintable`]).
pub(crate) fn lintable(text: &str) -> Cow<'_, str> {
    let mut mask = Mask::hidden(text);
    let mut state = State::None;
    let mut entry = Entry::default();
    for line in lines(text) {
        let body = &text[line.clone()];
        let trimmed = body.trim_start_matches([' ', '\t', '\u{feff}']);
        let indent = body.len() - trimmed.len();
        if trimmed.trim_end().is_empty() {
            state = State::None;
            entry = Entry::default();
            continue;
        }
        if trimmed.starts_with('#') {
            state = State::None;
            continue;
        }
        let (next, rest) = if trimmed.starts_with('"') {
            (state, indent)
        } else if let Some((kw, len)) = keyword(trimmed) {
            if kw != State::Str && entry.seen_str {
                entry = Entry::default(); // a new entry without a blank line before it
            }
            match kw {
                State::Context => entry.has_context = true,
                State::Str => entry.seen_str = true,
                _ => {}
            }
            (kw, indent + len)
        } else {
            state = State::None; // junk
            continue;
        };
        state = next;
        let Some(content) = string_content(body, rest) else {
            continue;
        };
        let content = line.start + content.start..line.start + content.end;
        match state {
            State::Id if !content.is_empty() => entry.has_id_text = true,
            State::Str if !entry.is_header() => show_translation(text, content, &mut mask),
            _ => {}
        }
    }
    mask.finish()
}

/// The keyword starting `line` and its length: `msgctxt`, `msgid`, `msgid_plural`, `msgstr`,
/// `msgstr[N]`; it must be followed by white space or a quote.
fn keyword(line: &str) -> Option<(State, usize)> {
    let (state, mut len) = if line.starts_with("msgid_plural") {
        (State::Id, "msgid_plural".len())
    } else if line.starts_with("msgid") {
        (State::Id, "msgid".len())
    } else if line.starts_with("msgctxt") {
        (State::Context, "msgctxt".len())
    } else if line.starts_with("msgstr") {
        (State::Str, "msgstr".len())
    } else {
        return None;
    };
    if state == State::Str && line[len..].starts_with('[') {
        let close = line[len..].find(']')?;
        len += close + 1;
    }
    line[len..]
        .starts_with([' ', '\t', '"'])
        .then_some((state, len))
}

/// The byte range (in `line`) of the contents of the quoted string starting at or after
/// `from` (after white space), without its quotes. An unterminated string runs to the end of
/// the line.
fn string_content(line: &str, from: usize) -> Option<Range<usize>> {
    let rest = line.get(from..)?;
    let open = from + rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if !line[open..].starts_with('"') {
        return None;
    }
    let start = open + 1;
    let bytes = line.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(start..i),
            _ => i += 1,
        }
    }
    Some(start..line.len())
}

/// Show the contents of a translation string, minus escapes and placeholders.
fn show_translation(text: &str, content: Range<usize>, mask: &mut Mask) {
    mask.show(content.clone());
    let body = &text[content.clone()];
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let len = escape_len(&body[i..]);
        mask.hide(content.start + i..content.start + i + len);
        i += len;
    }
    for m in placeholder_regex().find_iter(body) {
        mask.hide(content.start + m.start()..content.start + m.end());
    }
}

/// The byte length of the escape sequence starting `s` (which starts with a backslash): `\x`
/// plus hex digits, `\` plus up to three octal digits, or `\` plus one character.
fn escape_len(s: &str) -> usize {
    let after = &s[1..];
    let Some(c) = after.chars().next() else {
        return 1;
    };
    let digits = |pred: fn(&u8) -> bool, max: usize, skip: usize| {
        skip + after.as_bytes()[skip..]
            .iter()
            .take(max)
            .take_while(|b| pred(b))
            .count()
    };
    1 + match c {
        'x' => digits(u8::is_ascii_hexdigit, usize::MAX, 1),
        '0'..='7' => digits(|b| (b'0'..=b'7').contains(b), 3, 0),
        _ => c.len_utf8(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::mask::assert_masked;
    use super::*;

    #[track_caller]
    fn check(text: &str, pattern: &str) {
        assert_masked(text, &lintable(text), pattern);
    }

    #[test]
    fn only_msgstr_contents_stay() {
        check(
            "# kyiv comment\n#: src/kyiv.c:12\nmsgctxt \"kyiv\"\nmsgid \"Kyiv\"\nmsgstr \"kyiv\"\n",
            "··············\n················\n······· ······\n····· ······\n······ ·kyiv·\n",
        );
    }

    #[test]
    fn continuation_lines_follow_their_keyword() {
        check(
            "msgid \"\"\n\"kyiv id \"\n\"more\"\nmsgstr \"\"\n\"kyiv is \"\n\"the capital.\"\n",
            "····· ··\n··········\n······\n······ ··\n·kyiv is ·\n·the capital.·\n",
        );
    }

    #[test]
    fn plurals_and_entries_without_blank_lines() {
        check(
            "msgid \"one city\"\nmsgid_plural \"%d cities\"\nmsgstr[0] \"une ville\"\nmsgstr[1] \"%d villes\"\nmsgid \"x\"\nmsgstr \"y\"\n",
            "····· ··········\n············ ···········\n········· ·une ville·\n········· ····villes·\n····· ···\n······ ·y·\n",
        );
    }

    #[test]
    fn header_comments_and_obsolete_entries_are_masked() {
        check(
            "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\n#~ msgid \"old\"\n#~ msgstr \"kyiv\"\nmsgctxt \"c\"\nmsgid \"\"\nmsgstr \"kyiv\"\n",
            "····· ··\n······ ··\n················\n\n·· ····· ·····\n·· ······ ······\n······· ···\n····· ··\n······ ·kyiv·\n",
        );
    }

    #[test]
    fn escapes_and_placeholders_are_masked() {
        check(
            "msgid \"a\"\nmsgstr \"Say \\\"kyiv\\\"\\n%s at %(h)s, {0} ok\\t\\101\\x41!\"\n",
            "····· ···\n······ ·Say ··kyiv······ at ·····, ··· ok··········!·\n",
        );
        // `50 % des` is prose, not a placeholder.
        check(
            "msgid \"a\"\nmsgstr \"50 % des cas\"\n",
            "····· ···\n······ ·50 % des cas·\n",
        );
    }

    #[test]
    fn multibyte_crlf_and_junk() {
        check(
            "msgid \"Київ\"\r\nmsgstr \"Kyjiw\"\r\njunk kyiv\r\n\"kyiv\"\r\n",
            "····· ······\r\n······ ·Kyjiw·\r\n·········\r\n······\r\n",
        );
        let t = "msgid \"Київ\"\nmsgstr \"Київ\"\n";
        let out = lintable(t);
        assert_eq!(out.len(), t.len());
        assert!(out.starts_with(&" ".repeat("msgid \"Київ\"".len())));
    }

    #[test]
    fn keywords_and_strings() {
        assert_eq!(keyword("msgstr[12] \"x\""), Some((State::Str, 10)));
        assert_eq!(keyword("msgstr \"x\""), Some((State::Str, 6)));
        assert_eq!(keyword("msgstrx \"x\""), None);
        assert_eq!(keyword("msgstr[1"), None);
        assert_eq!(string_content("msgstr \"a\\\"b\" x", 6), Some(8..12));
        assert_eq!(string_content("msgstr \"open", 6), Some(8..12));
        assert_eq!(string_content("msgstr x", 6), None);
        assert_eq!(string_content("msgstr \"a\\", 6), Some(8..10));
        assert_eq!(escape_len("\\n"), 2);
        assert_eq!(escape_len("\\x4142z"), 6);
        assert_eq!(escape_len("\\1014"), 4);
        assert_eq!(escape_len("\\"), 1);
        assert_eq!(escape_len("\\é"), 3);
    }
}
