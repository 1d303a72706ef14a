//! Case shapes of words: keeping `Title`, `UPPER` and `lower` shapes when replacing text.

/// The case shape of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// No uppercase letter (`kyiv`).
    Lower,
    /// No lowercase letter and at least one uppercase (`KYIV`).
    Upper,
    /// Anything else (`Kyiv`, `McDonald`, `eBay`).
    Mixed,
}

/// The case shape of `s`.
pub fn shape(s: &str) -> Shape {
    let upper = s.chars().any(char::is_uppercase);
    let lower = s.chars().any(char::is_lowercase);
    match (upper, lower) {
        (true, false) => Shape::Upper,
        (false, _) => Shape::Lower,
        _ => Shape::Mixed,
    }
}

/// `s` with its first letter uppercased.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `c` belongs to a word (so that a match next to it is not a whole word): a letter,
/// a digit, `_` or a combining mark.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    is_non_ascii_word_char(c)
}

/// [`is_word_char`] outside ASCII, by a table (out of line: the word scans inline the ASCII
/// test only).
#[inline(never)]
fn is_non_ascii_word_char(c: char) -> bool {
    static TABLE: crate::scan::char_table::CharTable =
        crate::scan::char_table::CharTable::new(is_word_char_by_class);
    TABLE.contains(c)
}

/// [`is_word_char`] by the characters' Unicode classes.
fn is_word_char_by_class(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

/// Combining diacritical marks (a decomposed `ï` is `i` + U+0308).
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `text[start..end]` stands as a whole word: no word character touches either side
/// (a side of the match that is itself not a word character needs no boundary).
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let matched = &text[start..end];
    let first_is_word = matched.chars().next().is_some_and(is_word_char);
    let last_is_word = matched.chars().next_back().is_some_and(is_word_char);
    let before_ok = !first_is_word || !text[..start].chars().next_back().is_some_and(is_word_char);
    let after_ok = !last_is_word || !text[end..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_by_table_are_those_by_class() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), is_word_char_by_class(c), "{c:?}");
        }
        assert!(is_word_char('é') && is_word_char('Ж') && is_word_char('\u{301}'));
        assert!(!is_word_char('’') && !is_word_char('—') && !is_word_char('\u{a0}'));
        assert!(is_word_char('\u{20D7}') && is_word_char('_') && is_word_char('9'));
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("kyiv"), Shape::Lower);
        assert_eq!(shape("KYIV"), Shape::Upper);
        assert_eq!(shape("Kyiv"), Shape::Mixed);
        assert_eq!(shape("1,5"), Shape::Lower);
        assert_eq!(capitalize("ïr"), "Ïr");
    }

    #[test]
    fn whole_words() {
        let t = "Kiewer Kiew, x_Kiew Kiew";
        assert!(!is_whole_word(t, 0, 4));
        assert!(is_whole_word(t, 7, 11));
        assert!(!is_whole_word(t, 15, 19));
        assert!(is_whole_word(t, 20, 24));
        assert!(!is_whole_word("Andrii\u{308}", 0, 6));
    }
}
