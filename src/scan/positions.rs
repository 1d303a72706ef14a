//! The positions of a few bytes in a text, found 64 bytes at a time: a bit mask of the chunk's
//! matching bytes, then one bit at a time. For bytes that are frequent in prose (line breaks,
//! full stops: one every 40 bytes or so) a `memchr` call per occurrence costs ~60
//! instructions of set-up; a chunk's mask costs about as much and serves every occurrence in
//! it.

/// The positions in `bytes` of the bytes in `needles`, in order. Meant for a few ASCII
/// needles in UTF-8 text, where such a byte is always a whole character.
pub fn positions<const N: usize>(bytes: &[u8], needles: [u8; N]) -> Positions<'_, N> {
    let mut it = Positions {
        bytes,
        needles,
        base: 0,
        bits: 0,
    };
    if !bytes.is_empty() {
        it.bits = it.chunk_bits(0);
    }
    it
}

/// The iterator of [`positions`].
#[derive(Debug, Clone)]
pub struct Positions<'a, const N: usize> {
    bytes: &'a [u8],
    /// The bytes looked for.
    needles: [u8; N],
    /// Where the current 64-byte chunk starts.
    base: usize,
    /// The matching bits of the current chunk not yet handed out.
    bits: u64,
}

impl<const N: usize> Positions<'_, N> {
    /// The bits of the chunk at `base` (bit `i`: byte `base + i` is a needle).
    #[inline(always)]
    fn chunk_bits(&self, base: usize) -> u64 {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if let Some(full) = self
            .bytes
            .get(base..base.wrapping_add(64))
            .and_then(|c| <&[u8; 64]>::try_from(c).ok())
        {
            return super::simd::eq_bits(full, &self.needles);
        }
        self.bits_by_byte(base)
    }

    /// [`Positions::chunk_bits`] a byte at a time: the last, shorter chunk of a text (or every
    /// chunk, without SSE2).
    #[inline(never)]
    fn bits_by_byte(&self, base: usize) -> u64 {
        let end = (base + 64).min(self.bytes.len());
        let mut bits = 0u64;
        for (i, b) in self.bytes[base..end].iter().enumerate() {
            bits |= u64::from(self.needles.contains(b)) << i;
        }
        bits
    }
}

impl<const N: usize> Iterator for Positions<'_, N> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            self.base += 64;
            if self.base >= self.bytes.len() {
                return None;
            }
            self.bits = self.chunk_bits(self.base);
        }
        let at = self.base + self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The positions a byte loop finds.
    fn by_loop(bytes: &[u8], needles: &[u8]) -> Vec<usize> {
        (0..bytes.len())
            .filter(|&i| needles.contains(&bytes[i]))
            .collect()
    }

    #[test]
    fn positions_are_found_across_chunks_and_at_the_edges() {
        let mut text = vec![b'x'; 200];
        for at in [0, 1, 63, 64, 65, 127, 128, 190, 199] {
            text[at] = b'\n';
        }
        text[70] = b'.';
        let found: Vec<usize> = positions(&text, *b"\n").collect();
        assert_eq!(found, [0, 1, 63, 64, 65, 127, 128, 190, 199]);
        assert_eq!(positions(&text, *b".\n").nth(5), Some(70));
        assert_eq!(positions(b"", *b"\n").next(), None);
        assert_eq!(positions(b"abc", []).count(), 0);
    }

    proptest! {
        /// The iterator agrees with a byte loop, for any bytes and one to four needles.
        #[test]
        fn positions_are_the_bytes_a_loop_finds(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'.', b'\n', b':', b'@', b'#', 0xC3, 0x80]),
                0..300,
            ),
            needles in proptest::array::uniform4(
                proptest::sample::select(vec![b'.', b'\n', b':', b'@', b'#', b'z']),
            ),
        ) {
            let found = |n: &[u8]| -> Vec<usize> {
                match *n {
                    [a] => positions(&bytes, [a]).collect(),
                    [a, b] => positions(&bytes, [a, b]).collect(),
                    [a, b, c] => positions(&bytes, [a, b, c]).collect(),
                    [a, b, c, d] => positions(&bytes, [a, b, c, d]).collect(),
                    _ => unreachable!(),
                }
            };
            for n in 1..=4 {
                prop_assert_eq!(found(&needles[..n]), by_loop(&bytes, &needles[..n]));
            }
        }
    }
}
