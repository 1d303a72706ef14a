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

/// Whether `text` may hold a Cyrillic letter: it has a byte that starts the UTF-8 encoding of
/// a character in one of the Cyrillic blocks (U+0400–U+052F, U+1C80–U+1C8F, U+2DE0–U+2DFF,
/// U+A640–U+A69F). `false` is certain; `true` needs a look at the characters.
#[inline]
pub fn may_hold_cyrillic(text: &str) -> bool {
    text.bytes()
        .any(|b| matches!(b, 0xD0..=0xD4 | 0xE1 | 0xE2 | 0xEA))
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

    #[test]
    fn cyrillic_lead_bytes() {
        for s in ["Київ", "\u{1C80}", "\u{2DE0}", "\u{A640}", "Ӿ"] {
            assert!(may_hold_cyrillic(s), "{s}");
        }
        assert!(!may_hold_cyrillic("Genève, naïve, Zoë"));
    }
}
