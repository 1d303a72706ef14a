//! A set of bytes searched for in a text: the next position of any of them. The literal
//! finder of the regex rules ([`crate::rules::required::Finder`]) stops at every byte of its
//! set (digits among them), which in real text is one byte in thirty or so: the search between
//! two stops is the cost, and a table lookup a byte was most of it.
//!
//! On x86-64 processors with SSSE3 (all made since about 2008) 16 bytes are classified at once
//! by two nibble lookups (`pshufb`, as Teddy in aho-corasick and simdjson do): a byte `b` may be
//! in the set when `low[b & 15] & high[b >> 4]` is not zero. The high nibbles are put in at
//! most eight groups, one bit each, by the set of low nibbles that follow them in the set; up to
//! eight distinct sets this is exact, beyond that the last group takes the union of the rest
//! (more candidates). Every candidate is checked against the exact table, so the answer is the
//! table's either way, and the portable search answers where SSSE3 is missing.

/// A set of bytes with a fast search for the next member.
#[derive(Debug, Clone)]
pub struct ByteSet {
    /// Whether each byte is a member.
    member: [bool; 256],
    /// The nibble tables, when the processor can use them.
    #[cfg(target_arch = "x86_64")]
    nibbles: Option<Nibbles>,
}

/// The two 16-entry tables of the nibble classification.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy)]
struct Nibbles {
    low: [u8; 16],
    high: [u8; 16],
}

impl Default for ByteSet {
    /// The empty set.
    fn default() -> ByteSet {
        ByteSet {
            member: [false; 256],
            #[cfg(target_arch = "x86_64")]
            nibbles: None,
        }
    }
}

impl ByteSet {
    /// The set of the bytes for which `member` is true.
    pub fn new(member: [bool; 256]) -> ByteSet {
        ByteSet {
            member,
            #[cfg(target_arch = "x86_64")]
            nibbles: std::arch::is_x86_feature_detected!("ssse3").then(|| Nibbles::new(&member)),
        }
    }

    /// Whether `b` is a member.
    #[inline]
    pub fn contains(&self, b: u8) -> bool {
        self.member[usize::from(b)]
    }

    /// The positions of the members in `text` from `from` on, in order. The text is
    /// classified 64 bytes at a time into a mask of candidates; each candidate is checked
    /// against the table.
    pub fn positions<'s, 't>(&'s self, text: &'t [u8], from: usize) -> Positions<'s, 't> {
        Positions {
            set: self,
            text,
            chunk: from,
            bits: 0,
            next: from,
        }
    }

    /// The candidate bits of the (up to 64) bytes of `bytes`: bit `k` for byte `k`.
    #[inline]
    fn candidates(&self, bytes: &[u8]) -> u64 {
        #[cfg(target_arch = "x86_64")]
        if let (Some(nibbles), Ok(chunk)) = (&self.nibbles, <&[u8; 64]>::try_from(bytes)) {
            // SAFETY: `nibbles` exists only where the processor has SSSE3 (checked at run
            // time in `ByteSet::new`).
            return unsafe { nibbles.candidates(chunk) };
        }
        bytes.iter().enumerate().fold(0, |bits, (k, &b)| {
            bits | u64::from(self.member[usize::from(b)]) << k
        })
    }
}

/// The positions of the members of a [`ByteSet`] in a text ([`ByteSet::positions`]).
pub struct Positions<'s, 't> {
    set: &'s ByteSet,
    text: &'t [u8],
    /// Where the chunk of `bits` starts.
    chunk: usize,
    /// The candidates of the chunk not yet given.
    bits: u64,
    /// Where the next chunk starts.
    next: usize,
}

impl Iterator for Positions<'_, '_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        loop {
            while self.bits != 0 {
                let at = self.chunk + self.bits.trailing_zeros() as usize;
                self.bits &= self.bits - 1;
                if self.set.contains(self.text[at]) {
                    return Some(at);
                }
            }
            let bytes = self.text.get(self.next..)?;
            if bytes.is_empty() {
                return None;
            }
            let bytes = &bytes[..bytes.len().min(64)];
            self.chunk = self.next;
            self.next += bytes.len();
            self.bits = self.set.candidates(bytes);
        }
    }
}

#[cfg(target_arch = "x86_64")]
impl Nibbles {
    /// The tables for `member` (see the module's documentation).
    fn new(member: &[bool; 256]) -> Nibbles {
        // For each high nibble, the set of low nibbles that make a member with it.
        let lows: Vec<u16> = (0..16)
            .map(|h| {
                (0..16)
                    .filter(|&l| member[h * 16 + l])
                    .fold(0u16, |set, l| set | 1 << l)
            })
            .collect();
        let mut groups: Vec<u16> = Vec::new();
        for &set in lows.iter().filter(|&&set| set != 0) {
            if !groups.contains(&set) {
                groups.push(set);
            }
        }
        // Beyond eight groups, the eighth takes the union of the rest.
        if groups.len() > 8 {
            let rest = groups[7..].iter().fold(0, |all, &set| all | set);
            groups.truncate(7);
            groups.push(rest);
        }
        let group_of = |set: u16| {
            groups
                .iter()
                .position(|&g| g == set)
                .unwrap_or(groups.len().saturating_sub(1))
        };
        let (mut low, mut high) = ([0u8; 16], [0u8; 16]);
        for (h, &set) in lows.iter().enumerate() {
            if set == 0 {
                continue;
            }
            let g = group_of(set);
            high[h] = 1 << g;
            for (l, bits) in low.iter_mut().enumerate() {
                if groups[g] & 1 << l != 0 {
                    *bits |= 1 << g;
                }
            }
        }
        Nibbles { low, high }
    }

    /// Bit `k` set for each byte `k` of `chunk` that may be a member.
    #[target_feature(enable = "ssse3")]
    fn candidates(&self, chunk: &[u8; 64]) -> u64 {
        use std::arch::x86_64::{
            __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8,
            _mm_set_epi64x, _mm_setzero_si128, _mm_shuffle_epi8, _mm_srli_epi16,
        };
        // (16 bytes as a vector: two 8-byte loads the compiler joins into one)
        let vector = |bytes: &[u8], at: usize| -> __m128i {
            let half = |at: usize| {
                let mut eight = [0u8; 8];
                eight.copy_from_slice(&bytes[at..at + 8]);
                i64::from_le_bytes(eight)
            };
            _mm_set_epi64x(half(at + 8), half(at))
        };
        let low_table = vector(&self.low, 0);
        let high_table = vector(&self.high, 0);
        let mask = _mm_set1_epi8(0x0F);
        let mut bits = 0u64;
        for k in 0..4 {
            let v = vector(chunk, 16 * k);
            let low = _mm_shuffle_epi8(low_table, _mm_and_si128(v, mask));
            let high = _mm_shuffle_epi8(high_table, _mm_and_si128(_mm_srli_epi16::<4>(v), mask));
            let none = _mm_cmpeq_epi8(_mm_and_si128(low, high), _mm_setzero_si128());
            bits |= u64::from(!(_mm_movemask_epi8(none) as u16)) << (16 * k);
        }
        bits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set_of(bytes: &[u8]) -> ByteSet {
        let mut member = [false; 256];
        for &b in bytes {
            member[usize::from(b)] = true;
        }
        ByteSet::new(member)
    }

    proptest! {
        /// The search finds the first member, as a byte-by-byte search does, whatever the set
        /// (up to 40 bytes: more high nibbles than the eight groups) and the text.
        #[test]
        fn the_next_member_is_the_first_member(
            members in proptest::collection::vec(any::<u8>(), 0..40),
            text in proptest::collection::vec(any::<u8>(), 0..300),
            from in 0usize..310,
        ) {
            let set = set_of(&members);
            let want = text
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, b)| members.contains(b))
                .map(|(i, _)| i);
            prop_assert_eq!(set.positions(&text, from).next(), want);
            let all: Vec<usize> = (from..text.len()).filter(|&i| members.contains(&text[i])).collect();
            prop_assert_eq!(set.positions(&text, from).collect::<Vec<_>>(), all.clone());
            // (and by the table alone, as where SSSE3 is missing)
            let table = ByteSet { member: set.member, ..ByteSet::default() };
            prop_assert_eq!(table.positions(&text, from).collect::<Vec<_>>(), all);
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn up_to_eight_groups_of_high_nibbles_classify_exactly() {
        if !std::arch::is_x86_feature_detected!("ssse3") {
            return;
        }
        // Digits, `$`, `,`, `:`, `N`, `M`, `h` and the lead bytes of `«` and `„`: six groups.
        let members = b"0123456789$,:NMh\xC2\xE2";
        let mut member = [false; 256];
        for &b in members {
            member[usize::from(b)] = true;
        }
        let nibbles = Nibbles::new(&member);
        for b in 0..=255u8 {
            let may = nibbles.low[usize::from(b & 15)] & nibbles.high[usize::from(b >> 4)] != 0;
            assert_eq!(may, member[usize::from(b)], "{b:#x}");
        }
    }
}
