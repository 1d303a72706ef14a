//! Fast scans over text shared by the rules that walk every word: the next character at a
//! byte offset with an ASCII fast path, and maximal runs of characters of one class. Prose is
//! mostly ASCII; decoding UTF-8 only where a byte is not keeps a pass over a document at a
//! few hundred MB/s.

use std::ops::Range;

pub mod byte_set;
pub mod char_table;
mod positions;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod simd;

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

/// The first byte of `c`'s UTF-8 form.
pub fn first_byte(c: char) -> u8 {
    c.encode_utf8(&mut [0u8; 4]).as_bytes()[0]
}

pub use positions::{positions, Positions};

/// The bytes `bytes[start..start + len]` (1 ≤ `len` ≤ 8) as a little-endian `u64`, zero
/// padded (`None` for another `len`): one unaligned load where eight bytes are there to read,
/// so that a word of a text is packed without a copy. Distinct byte strings of up to eight
/// bytes give distinct values.
#[inline]
pub fn packed(bytes: &[u8], start: usize, len: usize) -> Option<u64> {
    if len == 0 || len > 8 {
        return None;
    }
    let keep = u64::MAX >> (8 * (8 - len));
    Some(match bytes.get(start..start + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().ok()?) & keep,
        None => bytes
            .get(start..start + len)?
            .iter()
            .rev()
            .fold(0u64, |k, &b| (k << 8) | u64::from(b)),
    })
}

/// The high bit of each byte of a `u64`: a packed word ([`packed`]) is all ASCII when it has
/// none of them set.
pub const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// A fast, fixed (the same in every run) hash of a byte string, for the word tables that are
/// looked up once per word of a text (the word-list index, the lexicon's gate): foldhash, as
/// their hash maps use.
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(bytes)
}

/// Maximal runs of characters for which `member` holds, in order. `member` is asked once per
/// ASCII character up front (a table then answers for ASCII bytes), and per character only
/// for the others.
///
/// The text is classified 64 bytes at a time into a bit mask of member bytes (a table lookup
/// per byte, no branch), and runs are cut from the mask with bit arithmetic: the branches are
/// per run, not per byte, which matters for the scans that visit every word of a document.
/// Chunks with a byte ≥ 0x80 decode their characters to ask `member`.
pub fn runs<'a, F: Fn(char) -> bool + 'a>(
    text: &'a str,
    member: F,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let class = ascii_class(&member);
    Runs::new(text, class, member)
}

/// [`runs`] with the ASCII members given as a class ([`ascii_class`] of `member`, built once):
/// for scans of many short texts, where asking `member` about every ASCII character per text
/// would cost more than the scan.
pub fn runs_of_class<'a, F: Fn(char) -> bool + 'a>(
    text: &'a str,
    class: &'a AsciiClass,
    member: F,
) -> impl Iterator<Item = Range<usize>> + 'a {
    Runs::new(text, class, member)
}

/// The class [`runs_of_class`] takes: the ASCII characters for which `member` holds (bytes
/// ≥ 0x80 are never members: those characters are asked one by one).
pub fn ascii_class(member: impl Fn(char) -> bool) -> AsciiClass {
    let table: [u8; 256] =
        std::array::from_fn(|b| u8::from(b < 0x80 && member(char::from(b as u8))));
    // The members as ranges of consecutive bytes, if there are at most `MAX_SPANS`.
    let mut spans = [Span::default(); MAX_SPANS];
    let mut n = 0;
    let mut b = 0;
    while b < 0x80 {
        if table[b] == 0 {
            b += 1;
            continue;
        }
        let first = b;
        while b < 0x80 && table[b] != 0 {
            b += 1;
        }
        if n < MAX_SPANS {
            spans[n] = Span {
                first: first as u8,
                len: (b - first) as u8,
            };
        }
        n += 1;
    }
    AsciiClass {
        table,
        spans,
        n_spans: n,
    }
}

/// The ASCII characters of a class of characters (see [`ascii_class`]): a byte table, and the
/// same members as a few ranges of bytes when they are that few (letters: `A-Z`, `a-z`; word
/// characters: digits, capitals, `_`, small letters), which a chunk of text is compared with
/// 16 bytes at a time where the processor allows.
#[derive(Debug, Clone)]
pub struct AsciiClass {
    /// Per byte: 1 for an ASCII member, 0 otherwise (and for every byte ≥ 0x80).
    table: [u8; 256],
    /// The members as ranges (the first `n_spans`, when there are at most [`MAX_SPANS`]).
    spans: [Span; MAX_SPANS],
    /// How many ranges the members make.
    n_spans: usize,
}

/// A range of ASCII bytes of an [`AsciiClass`]: `len` bytes from `first`.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    first: u8,
    len: u8,
}

/// The most ranges of bytes an [`AsciiClass`] is compared by (each is three vector operations
/// per 16 bytes); a class of more is looked up in its table.
const MAX_SPANS: usize = 4;

impl AsciiClass {
    /// The class's ranges, if it has at most [`MAX_SPANS`].
    #[cfg_attr(
        not(all(target_arch = "x86_64", target_feature = "sse2")),
        allow(dead_code)
    )]
    fn spans(&self) -> Option<&[Span]> {
        self.spans.get(..self.n_spans)
    }

    /// The member bits of `chunk` (≤ 64 bytes; bit `i`: byte `i` is an ASCII member) and
    /// whether it holds a byte ≥ 0x80.
    #[inline(always)]
    fn chunk_bits(&self, chunk: &[u8]) -> (u64, bool) {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if let (Ok(full), Some(spans)) = (<&[u8; 64]>::try_from(chunk), self.spans()) {
            return simd::chunk_bits(full, spans);
        }
        self.table_bits(chunk)
    }

    /// [`AsciiClass::chunk_bits`] by the table, a byte at a time (no branch).
    #[inline]
    fn table_bits(&self, chunk: &[u8]) -> (u64, bool) {
        let mut bits = 0u64;
        let mut high = 0u8;
        if let Ok(full) = <&[u8; 64]>::try_from(chunk) {
            for (i, &b) in full.iter().enumerate() {
                bits |= u64::from(self.table[usize::from(b)]) << i;
                high |= b;
            }
        } else {
            for (i, &b) in chunk.iter().enumerate() {
                bits |= u64::from(self.table[usize::from(b)]) << i;
                high |= b;
            }
        }
        (bits, high >= 0x80)
    }
}

/// The iterator of [`runs`].
struct Runs<'a, F, T = AsciiClass> {
    text: &'a str,
    /// The ASCII members; owned by [`runs`], borrowed by [`runs_of_class`] (copying the class
    /// would cost a short text's scan).
    class: T,
    member: F,
    /// Where the current 64-byte chunk starts.
    base: usize,
    /// The member bits of the current chunk not yet handed out.
    bits: u64,
}

impl<'a, F: Fn(char) -> bool, T: std::borrow::Borrow<AsciiClass>> Runs<'a, F, T> {
    fn new(text: &'a str, class: T, member: F) -> Self {
        let mut runs = Runs {
            text,
            class,
            member,
            base: 0,
            bits: 0,
        };
        if !text.is_empty() {
            runs.bits = runs.chunk_bits(0);
        }
        runs
    }

    /// The member bits of the chunk starting at `base` (bit `i`: byte `base + i` belongs to a
    /// member character; bits past the end of the text are 0).
    #[inline(always)]
    fn chunk_bits(&self, base: usize) -> u64 {
        let bytes = self.text.as_bytes();
        let end = (base + 64).min(bytes.len());
        let (mut bits, high) = self.class.borrow().chunk_bits(&bytes[base..end]);
        if high {
            bits |= self.non_ascii_bits(base, end);
        }
        bits
    }

    /// The member bits of the bytes ≥ 0x80 of `base..end`: every byte of a member character,
    /// including the continuation bytes of a character that starts before `base`.
    #[cold]
    fn non_ascii_bits(&self, base: usize, end: usize) -> u64 {
        let bytes = self.text.as_bytes();
        let mut bits = 0u64;
        let mut at = base;
        // Continuation bytes at the start belong to the character before the chunk.
        if bytes[at] & 0xC0 == 0x80 {
            let mut lead = at;
            while !self.text.is_char_boundary(lead) {
                lead -= 1;
            }
            let (c, len) = char_at(self.text, lead);
            let stop = (lead + len).min(end);
            if (self.member)(c) {
                bits |= ones(at - base, stop - base);
            }
            at = stop;
        }
        while at < end {
            let b = bytes[at];
            if b < 0x80 {
                at += 1;
                continue;
            }
            let (c, len) = char_at(self.text, at);
            let stop = (at + len).min(end);
            if (self.member)(c) {
                bits |= ones(at - base, stop - base);
            }
            at = stop;
        }
        bits
    }
}

/// The bits `from..to` of a u64 (`to` ≤ 64).
#[inline]
fn ones(from: usize, to: usize) -> u64 {
    let upto = if to >= 64 { u64::MAX } else { (1u64 << to) - 1 };
    upto & !((1u64 << from) - 1)
}

impl<F: Fn(char) -> bool, T: std::borrow::Borrow<AsciiClass>> Iterator for Runs<'_, F, T> {
    type Item = Range<usize>;

    #[inline(always)]
    fn next(&mut self) -> Option<Range<usize>> {
        let len = self.text.len();
        while self.bits == 0 {
            self.base += 64;
            if self.base >= len {
                return None;
            }
            self.bits = self.chunk_bits(self.base);
        }
        let from = self.bits.trailing_zeros() as usize;
        let start = self.base + from;
        // Members from `from` on: the run ends at the first non-member bit.
        let run = (!(self.bits >> from)).trailing_zeros() as usize;
        if from + run < 64 {
            self.bits &= u64::MAX << (from + run);
            return Some(start..start + run);
        }
        // The run reaches the end of the chunk: it goes on into the next ones.
        loop {
            self.base += 64;
            if self.base >= len {
                self.bits = 0;
                return Some(start..len);
            }
            let bits = self.chunk_bits(self.base);
            let members = (!bits).trailing_zeros() as usize;
            if members < 64 {
                self.bits = bits & (u64::MAX << members);
                return Some(start..self.base + members);
            }
        }
    }
}

/// The maximal runs of characters for which `member` holds (as [`runs`] cuts them) that hold a
/// Cyrillic character (see [`crate::language::is_cyrillic`]) for which `member` holds, in
/// order. Only the bytes that can start a Cyrillic character are looked at closely (see
/// [`is_cyrillic_lead`]) and only the runs around Cyrillic characters are cut out: on text
/// with a few Cyrillic words this costs a byte scan, not a pass over every word.
pub fn runs_with_cyrillic<'a, F: Fn(char) -> bool + 'a>(
    text: &'a str,
    member: F,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let p = find_high(bytes, at, is_cyrillic_lead)?;
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

/// Whether byte `b` can start the UTF-8 encoding of a character in one of the Cyrillic blocks
/// (U+0400–U+052F, U+1C80–U+1C8F, U+2DE0–U+2DFF, U+A640–U+A69F); other characters start with
/// these bytes too, so a `true` needs a look at the character.
#[inline]
pub fn is_cyrillic_lead(b: u8) -> bool {
    matches!(b, 0xD0..=0xD4 | 0xE1 | 0xE2 | 0xEA)
}

/// The number of letters (characters for which `char::is_alphabetic` holds) in `text`: the
/// ASCII letters counted bytewise (a loop the compiler vectorizes), the other characters
/// decoded one by one from their lead bytes.
pub fn count_letters(text: &str) -> usize {
    ascii_letters(text) + non_ascii_letters(text).count()
}

/// The number of ASCII letters of `text`: counted in bytes over pieces of 255 bytes (which
/// cannot overflow one), a loop the compiler makes 16 bytes at a time. (`filter().count()`
/// was compiled a byte at a time: 6 instructions a byte, 4 % of a check of small files.)
pub fn ascii_letters(text: &str) -> usize {
    text.as_bytes()
        .chunks(255)
        .map(|piece| {
            piece
                .iter()
                .fold(0u8, |n, &b| n + u8::from(is_ascii_letter(b))) as usize
        })
        .sum()
}

/// [`u8::is_ascii_alphabetic`] without branches: with bit 5 set, a letter is `a`..=`z`.
#[inline(always)]
fn is_ascii_letter(b: u8) -> bool {
    (b | 0x20).wrapping_sub(b'a') < 26
}

/// The letters of `text` outside ASCII, with their byte offsets, in order (decoded from their
/// lead bytes, see [`lead_chars`]).
pub fn non_ascii_letters(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    lead_chars(text, |b| b >= 0xC0).filter(|&(_, c)| char_table::is_alphabetic(c))
}

/// The characters of `text` (with their byte offsets, in order) whose first byte is one for
/// which `lead` holds, where `lead` holds only for bytes that start a character of two bytes
/// or more (≥ 0xC0): every character not in ASCII for `|b| b >= 0xC0`. ASCII is skipped 32
/// bytes at a time (see [`find_high`]).
pub fn lead_chars<'a>(
    text: &'a str,
    lead: impl Fn(u8) -> bool + 'a,
) -> impl Iterator<Item = (usize, char)> + 'a {
    let mut at = 0;
    std::iter::from_fn(move || {
        // (a byte ≥ 0xC0 always starts a character)
        let p = find_high(text.as_bytes(), at, &lead)?;
        let (c, len) = char_at(text, p);
        at = p + len;
        Some((p, c))
    })
}

/// The first position at or after `from` of a byte of `bytes` for which `wanted` holds, where
/// `wanted` holds for no ASCII byte: runs of ASCII are skipped 32 bytes at a time (most of an
/// English text), and only the other bytes are asked about.
#[inline]
pub fn find_high(bytes: &[u8], from: usize, wanted: impl Fn(u8) -> bool) -> Option<usize> {
    let mut at = from;
    loop {
        // 32 bytes at a time (four words or'ed: two vector loads and a test), then 8.
        while let Some(block) = bytes
            .get(at..at + 32)
            .and_then(|w| <&[u8; 32]>::try_from(w).ok())
        {
            let word = |i: usize| {
                let mut eight = [0u8; 8];
                eight.copy_from_slice(&block[i..i + 8]);
                u64::from_le_bytes(eight)
            };
            if (word(0) | word(8) | word(16) | word(24)) & HIGH_BITS != 0 {
                break;
            }
            at += 32;
        }
        while let Some(word) = bytes
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            if u64::from_le_bytes(word) & HIGH_BITS != 0 {
                break;
            }
            at += 8;
        }
        let end = (at + 8).min(bytes.len());
        if let Some(i) = bytes.get(at..end)?.iter().position(|&b| wanted(b)) {
            return Some(at + i);
        }
        if end >= bytes.len() {
            return None;
        }
        at = end;
    }
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

    /// [`runs`] character by character: the definition the chunked scan is tested against.
    fn runs_by_chars(text: &str, member: impl Fn(char) -> bool) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for (i, c) in text.char_indices() {
            if !member(c) {
                continue;
            }
            match out.last_mut() {
                Some(r) if r.end == i => r.end = i + c.len_utf8(),
                _ => out.push(i..i + c.len_utf8()),
            }
        }
        out
    }

    #[test]
    fn runs_across_chunk_edges() {
        // Runs and multi-byte characters that straddle 64-byte chunk edges, runs longer than
        // a chunk, texts that end mid-run.
        for text in [
            "a".repeat(63) + "é" + &"b".repeat(70) + " x",
            " ".repeat(62) + "Київ" + &" ".repeat(60) + "ж",
            "x ".repeat(40) + &"ж".repeat(100),
            "—".repeat(30) + "a",
            "a".repeat(64),
            "a".repeat(128) + " ",
        ] {
            for member in [
                char::is_alphanumeric,
                |c: char| c == ' ',
                |c: char| !c.is_ascii(),
            ] {
                assert_eq!(
                    runs(&text, member).collect::<Vec<_>>(),
                    runs_by_chars(&text, member)
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn runs_equal_a_char_by_char_scan(
            text in crate::scan::texts_of(
                &["Kyiv", " ", "é", "Київ", "—", "\u{301}", "22", "l'", "’", "\n", "𝔘", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ж"],
                60,
            )
        ) {
            for member in [char::is_alphanumeric, char::is_alphabetic, |c: char| c == '’' || c == ' '] {
                proptest::prop_assert_eq!(runs(&text, member).collect::<Vec<_>>(), runs_by_chars(&text, member));
            }
        }

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
    fn the_classes_of_the_word_scans_are_compared_by_ranges() {
        let is_apostrophe = |c: char| c == '\'' || c == '’';
        let letters = ascii_class(char::is_alphabetic);
        let words = ascii_class(crate::rules::case::is_word_char);
        let with_apostrophes = ascii_class(|c| c.is_alphabetic() || is_apostrophe(c));
        let spans = |class: &AsciiClass| -> Vec<(u8, u8)> {
            let spans = class.spans().unwrap_or_default();
            spans.iter().map(|s| (s.first, s.len)).collect()
        };
        assert_eq!(spans(&letters), [(b'A', 26), (b'a', 26)]);
        assert_eq!(
            spans(&words),
            [(b'0', 10), (b'A', 26), (b'_', 1), (b'a', 26)]
        );
        assert_eq!(
            spans(&with_apostrophes),
            [(b'\'', 1), (b'A', 26), (b'a', 26)]
        );
        // Five ranges or more: the table alone.
        assert!(ascii_class(|c| "aeiou".contains(c)).spans().is_none());
        assert_eq!(
            ascii_class(|c| "aeio".contains(c))
                .spans()
                .map(<[Span]>::len),
            Some(4)
        );
    }

    proptest::proptest! {
        /// Chunks compared with the ranges of a class have the member bits its table gives.
        #[test]
        fn chunks_are_classified_as_by_the_table(
            bounds in proptest::collection::vec((0u8..0x80, 0u8..0x80), 0..6),
            chunk in proptest::collection::vec(proptest::prelude::any::<u8>(), 64),
            high in 0usize..64,
        ) {
            let member = |c: char| bounds.iter().any(|&(a, b)| (a.min(b)..=a.max(b)).contains(&(c as u32 as u8)) && c.is_ascii());
            let class = ascii_class(member);
            let mut chunk = chunk;
            for with_high in [false, true] {
                if !with_high {
                    for b in chunk.iter_mut() {
                        *b &= 0x7F;
                    }
                } else {
                    chunk[high] |= 0x80;
                }
                let by_table = class.table_bits(&chunk);
                proptest::prop_assert_eq!(class.chunk_bits(&chunk), by_table);
                proptest::prop_assert_eq!(by_table.1, with_high);
                for (i, &b) in chunk.iter().enumerate() {
                    proptest::prop_assert_eq!(by_table.0 >> i & 1 == 1, b < 0x80 && member(char::from(b)));
                }
            }
        }

        #[test]
        fn count_letters_counts_alphabetic_chars(
            text in crate::scan::texts_of(&["abc", " ", "é", "Ж", "—", "1", "\u{301}", "𝔘", "ǅ", "٣"], 40),
        ) {
            proptest::prop_assert_eq!(count_letters(&text), text.chars().filter(|c| c.is_alphabetic()).count());
        }

        #[test]
        fn find_high_finds_the_first_wanted_byte(
            text in crate::scan::texts_of(&["abcdefg", " ", "é", "Ж", "—", "x", "\u{A640}"], 40),
            from in 0usize..64,
        ) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            for wanted in [is_cyrillic_lead, |b: u8| b >= 0xC0, |b: u8| b == 0x94] {
                let slow = bytes[from..].iter().position(|&b| wanted(b)).map(|i| from + i);
                proptest::prop_assert_eq!(find_high(bytes, from, wanted), slow);
            }
        }
    }

    #[test]
    fn ascii_letters_are_counted_in_any_length_of_text() {
        for b in 0..=u8::MAX {
            assert_eq!(is_ascii_letter(b), b.is_ascii_alphabetic(), "{b:#x}");
        }
        for (n, piece) in [
            (0, ""),
            (1, "a"),
            (254, "ab"),
            (255, "Zz"),
            (256, "q."),
            (3000, "x"),
        ] {
            let text = piece.repeat(n);
            let want = text.bytes().filter(u8::is_ascii_alphabetic).count();
            assert_eq!(ascii_letters(&text), want, "{n} x {piece:?}");
        }
    }

    #[test]
    fn cyrillic_lead_bytes() {
        let lead = |s: &str| find_high(s.as_bytes(), 0, is_cyrillic_lead).is_some();
        for s in ["Київ", "\u{1C80}", "\u{2DE0}", "\u{A640}", "Ӿ"] {
            assert!(lead(s), "{s}");
        }
        assert!(!lead("Genève, naïve, Zoë"));
    }
}
