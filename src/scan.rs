//! Fast scans over text shared by the rules that walk every word: the next character at a
//! byte offset with an ASCII fast path, and maximal runs of characters of one class. Prose is
//! mostly ASCII; decoding UTF-8 only where a byte is not keeps a pass over a document at a
//! few hundred MB/s.

use std::ops::Range;

/// The character starting at byte `at` of `text` (which must be a character boundary) and
/// its length in bytes.
#[inline]
pub fn char_at(text: &str, at: usize) -> (char, usize) {
    let b = text.as_bytes()[at];
    if b < 0x80 {
        return (char::from(b), 1);
    }
    let c = text[at..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// Maximal runs of characters for which `member` holds, in order. `member` is asked once per
/// ASCII character up front (a table then answers for ASCII bytes), and per character only
/// for the others.
pub fn runs<'a, F: Fn(char) -> bool + 'a>(
    text: &'a str,
    member: F,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let ascii: [bool; 128] = std::array::from_fn(|b| member(char::from(b as u8)));
    let bytes = text.as_bytes();
    let is_member = move |at: usize| -> (bool, usize) {
        let b = bytes[at];
        if b < 0x80 {
            (ascii[usize::from(b)], 1)
        } else {
            let (c, len) = char_at(text, at);
            (member(c), len)
        }
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if at >= bytes.len() {
                return None;
            }
            let (m, len) = is_member(at);
            if m {
                break at;
            }
            at += len;
        };
        while at < bytes.len() {
            let (m, len) = is_member(at);
            if !m {
                break;
            }
            at += len;
        }
        Some(start..at)
    })
}

/// The maximal runs of characters for which `member` holds (as [`runs`] cuts them) that hold a
/// Cyrillic character (see [`crate::language::is_cyrillic`]) for which `member` holds, in
/// order. Only the bytes that can start a Cyrillic character are looked at closely (see
/// [`may_hold_cyrillic`]) and only the runs around Cyrillic characters are cut out: on text
/// with a few Cyrillic words this costs a byte scan, not a pass over every word.
pub fn runs_with_cyrillic<'a, F: Fn(char) -> bool + 'a>(
    text: &'a str,
    member: F,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let i = bytes[at..].iter().position(|&b| is_cyrillic_lead(b))?;
            let p = at + i;
            let (c, len) = char_at(text, p);
            if !(crate::language::is_cyrillic(c) && member(c)) {
                at = p + len;
                continue;
            }
            let (start, end) = (run_start(text, p, &member), run_end(text, p, &member));
            at = end;
            return Some(start..end);
        }
        None
    })
}

/// Where the run of `member` characters that goes on to byte `at` of `text` starts (`at` if
/// the character before it is not a member).
pub fn run_start(text: &str, at: usize, member: impl Fn(char) -> bool) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| member(c))
        .last()
        .map_or(at, |(i, _)| i)
}

/// Where the run of `member` characters from byte `at` of `text` ends (`at` if the character
/// there is not a member).
pub fn run_end(text: &str, at: usize, member: impl Fn(char) -> bool) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !member(c))
        .map_or(text.len(), |(i, _)| at + i)
}

/// Whether byte `b` can start the UTF-8 encoding of a Cyrillic character.
#[inline]
fn is_cyrillic_lead(b: u8) -> bool {
    matches!(b, 0xD0..=0xD4 | 0xE1 | 0xE2 | 0xEA)
}

/// Whether `text` may hold a Cyrillic letter: it has a byte that starts the UTF-8 encoding of
/// a character in one of the Cyrillic blocks (U+0400–U+052F, U+1C80–U+1C8F, U+2DE0–U+2DFF,
/// U+A640–U+A69F). `false` is certain; `true` needs a look at the characters.
#[inline]
pub fn may_hold_cyrillic(text: &str) -> bool {
    text.bytes().any(is_cyrillic_lead)
}

/// Texts made of up to `max` of `fragments` in any order: for property tests of scans that
/// must cut text exactly as a slower definition does.
#[cfg(test)]
pub(crate) fn texts_of(
    fragments: &[&'static str],
    max: usize,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy;
    proptest::collection::vec(proptest::sample::select(fragments.to_vec()), 0..max)
        .prop_map(|parts| parts.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_match_a_char_by_char_scan() {
        let text = "Kyiv, Київ — 22°С; l'été\u{301}x  end";
        let got: Vec<&str> = runs(text, char::is_alphanumeric)
            .map(|r| &text[r])
            .collect();
        assert_eq!(got, vec!["Kyiv", "Київ", "22", "С", "l", "été", "x", "end"]);
        assert_eq!(runs("", char::is_alphanumeric).count(), 0);
        assert_eq!(char_at("aé", 1), ('é', 2));
    }

    proptest::proptest! {
        #[test]
        fn runs_with_cyrillic_are_the_runs_holding_a_cyrillic_member(
            text in crate::scan::texts_of(
                &[
                    "Kursk", "Кursk", "Київ", " ", "-", "22°С", "105х195", "\u{482}", "\u{483}",
                    "\u{2DE0}", "—", "’", "a", "Ж", "\n", "é", "٣",
                ],
                30,
            )
        ) {
            let member = |c: char| c.is_alphanumeric() || c == '°';
            let slow: Vec<Range<usize>> = runs(&text, member)
                .filter(|r| text[r.clone()].chars().any(|c| crate::language::is_cyrillic(c) && member(c)))
                .collect();
            proptest::prop_assert_eq!(runs_with_cyrillic(&text, member).collect::<Vec<_>>(), slow);
        }
    }

    #[test]
    fn cyrillic_lead_bytes() {
        for s in ["Київ", "\u{1C80}", "\u{2DE0}", "\u{A640}", "Ӿ"] {
            assert!(may_hold_cyrillic(s), "{s}");
        }
        assert!(!may_hold_cyrillic("Genève, naïve, Zoë"));
    }
}
