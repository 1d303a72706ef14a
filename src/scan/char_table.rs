//! Character classes looked up in tables of bits.
//!
//! The standard library's Unicode tables (`char::is_alphabetic`) search ranges: about 300
//! instructions for a character outside ASCII, which the word scans ask of every such
//! character. A [`CharTable`] answers a character of the Basic Multilingual Plane (every
//! script of today's languages, and the punctuation `’ “ — …`) from one bit, each page of 256
//! characters worked out on its first use, and asks the class itself for the rest.

use std::sync::OnceLock;

/// Characters in a page of the table.
const PAGE: u32 = 256;
/// Pages of the table: the Basic Multilingual Plane.
const PAGES: usize = 0x10000 / PAGE as usize;

/// A character class (a `fn(char) -> bool`) with its answers for the characters of the Basic
/// Multilingual Plane kept in bits, a page of 256 characters at a time, worked out on first
/// use (a page costs a few hundred class tests, once).
pub struct CharTable {
    pages: [OnceLock<[u64; PAGE as usize / 64]>; PAGES],
    class: fn(char) -> bool,
}

impl CharTable {
    /// The table of `class`, empty until asked.
    pub const fn new(class: fn(char) -> bool) -> CharTable {
        CharTable {
            pages: [const { OnceLock::new() }; PAGES],
            class,
        }
    }

    /// Whether `c` is in the class.
    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let u = u32::from(c);
        let Some(page) = self.pages.get((u / PAGE) as usize) else {
            return (self.class)(c);
        };
        let bits = page.get_or_init(|| self.page_bits(u / PAGE));
        let bit = (u % PAGE) as usize;
        bits[bit / 64] >> (bit % 64) & 1 != 0
    }

    /// The bits of page `page`.
    #[cold]
    fn page_bits(&self, page: u32) -> [u64; PAGE as usize / 64] {
        let mut bits = [0u64; PAGE as usize / 64];
        for bit in 0..PAGE {
            // (no character in the surrogates' pages: their bits stay 0, never asked)
            if char::from_u32(page * PAGE + bit).is_some_and(self.class) {
                bits[bit as usize / 64] |= 1 << (bit % 64);
            }
        }
        bits
    }
}

/// `char::is_alphabetic`, by a [`CharTable`] outside ASCII.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    is_non_ascii_alphabetic(c)
}

/// [`is_alphabetic`] outside ASCII (out of line: the scans inline the ASCII test only).
#[inline(never)]
fn is_non_ascii_alphabetic(c: char) -> bool {
    static TABLE: CharTable = CharTable::new(char::is_alphabetic);
    TABLE.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character, and so the table's ranges, their edges and the rest.
    fn every_char() -> impl Iterator<Item = char> {
        (0..=0x10FFFFu32).filter_map(char::from_u32)
    }

    #[test]
    fn a_table_answers_what_its_class_answers() {
        let odd = |c: char| u32::from(c) % 3 == 0;
        let table = CharTable::new(odd);
        for c in every_char() {
            assert_eq!(table.contains(c), odd(c), "{c:?}");
        }
    }

    #[test]
    fn letters_by_table_are_the_alphabetic_characters() {
        for c in every_char() {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
        assert!(is_alphabetic('é') && is_alphabetic('Ж') && is_alphabetic('한'));
        assert!(!is_alphabetic('’') && !is_alphabetic('—') && !is_alphabetic('1'));
    }
}
