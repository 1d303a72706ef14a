//! The member bits of a 64-byte chunk, 16 bytes at a time: [`super::AsciiClass::spans`]
//! compared with SSE2, which every x86-64 processor has. A table lookup a byte (the portable
//! way, `AsciiClass::table_bits`) read 2.0 GB/s of prose in a micro-benchmark; this, with
//! the four ranges of word characters, 4.7 GB/s.

use std::arch::x86_64::{
    __m128i, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    _mm_set_epi64x, _mm_setzero_si128, _mm_sub_epi8, _mm_xor_si128,
};

use super::Span;

/// The member bits of `chunk` (bit `i`: byte `i` is in one of `spans`) and whether a byte of
/// it is ≥ 0x80 (those bytes are never members here: every span lies below 0x80).
///
/// The SSE2 intrinsics are safe to call here: this module is compiled only where the target
/// has SSE2 (`target_feature = "sse2"`, see `super`; part of the x86-64 baseline). Always
/// inlined: a call a chunk and the spans' loop kept out of the word scans cost 3 % of a check
/// when the compiler's partition of the crate left it out of line.
#[inline(always)]
pub fn chunk_bits(chunk: &[u8; 64], spans: &[Span]) -> (u64, bool) {
    let v = lanes(chunk);
    // SAFETY: the intrinsics need SSE2, which the target has (see above).
    let members = unsafe {
        let mut members = [_mm_setzero_si128(); 4];
        // (an unsigned `x - first < len` is a signed comparison with both sides' top bits
        // flipped)
        let flip = _mm_set1_epi8(i8::MIN);
        for span in spans {
            let first = _mm_set1_epi8(span.first as i8);
            let limit = _mm_set1_epi8((span.len ^ 0x80) as i8);
            for (m, &v) in members.iter_mut().zip(&v) {
                let from_first = _mm_xor_si128(_mm_sub_epi8(v, first), flip);
                *m = _mm_or_si128(*m, _mm_cmplt_epi8(from_first, limit));
            }
        }
        members
    };
    (top_bits(&members), top_bits(&v) != 0)
}

/// The bits of the bytes of `chunk` that equal one of `needles` (bit `i`: byte `i`), for
/// [`super::positions`]: a comparison per needle and 16 bytes.
#[inline(always)]
pub fn eq_bits(chunk: &[u8; 64], needles: &[u8]) -> u64 {
    let v = lanes(chunk);
    // SAFETY: the intrinsics need SSE2, which the target has (see [`chunk_bits`]).
    let found = unsafe {
        let mut found = [_mm_setzero_si128(); 4];
        for &needle in needles {
            let needle = _mm_set1_epi8(needle as i8);
            for (f, &v) in found.iter_mut().zip(&v) {
                *f = _mm_or_si128(*f, _mm_cmpeq_epi8(v, needle));
            }
        }
        found
    };
    top_bits(&found)
}

/// The four 16-byte vectors of `chunk`, in order.
#[inline(always)]
fn lanes(chunk: &[u8; 64]) -> [__m128i; 4] {
    [
        load(chunk, 0),
        load(chunk, 16),
        load(chunk, 32),
        load(chunk, 48),
    ]
}

/// The top bit of every byte of four vectors as one mask: bit `16 * k + i` is byte `i` of
/// vector `k`.
#[inline(always)]
fn top_bits(v: &[__m128i; 4]) -> u64 {
    let mut bits = 0u64;
    for (k, &x) in v.iter().enumerate() {
        // SAFETY: the intrinsic needs SSE2, which the target has (see [`chunk_bits`]).
        bits |= u64::from(unsafe { _mm_movemask_epi8(x) } as u16) << (16 * k);
    }
    bits
}

/// The 16 bytes of `chunk` from `at` as a vector (two 8-byte loads the compiler joins into
/// one).
#[inline(always)]
fn load(chunk: &[u8; 64], at: usize) -> __m128i {
    let half = |at: usize| {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(&chunk[at..at + 8]);
        i64::from_le_bytes(eight)
    };
    // SAFETY: the intrinsic needs SSE2, which the target has (see [`chunk_bits`]).
    unsafe { _mm_set_epi64x(half(at + 8), half(at)) }
}
