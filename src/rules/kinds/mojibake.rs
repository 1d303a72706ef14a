//! `mojibake`: UTF-8 text that was decoded as Windows-1252 or Latin-1 somewhere on its way
//! (`GenÃ¨ve`, `itâ€™s`). A run of characters that encodes back to exactly one valid UTF-8
//! sequence of two to four bytes is replaced by the character it encodes; anything else is left
//! alone, so the repair is unique.

use super::Candidate;
use crate::document::Document;

/// A mojibake rule (no settings).
#[derive(Debug, Default)]
pub struct Mojibake;

/// The Windows-1252 byte of `c`, if it has one (Latin-1 for 0xA0–0xFF, the C1 controls kept as
/// Latin-1 does, and the 0x80–0x9F specials of Windows-1252).
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// How many bytes a UTF-8 sequence starting with lead byte `b` has (2–4), if `b` is a lead.
fn sequence_len(b: u8) -> Option<usize> {
    match b {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

impl Mojibake {
    pub(crate) fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        let text = doc.text;
        if text.is_ascii() {
            return;
        }
        // The characters that are not ASCII: those that start with a byte ≥ 0xC0.
        let chars: Vec<(usize, char)> = crate::scan::lead_chars(text, |b| b >= 0xC0).collect();
        let mut i = 0;
        // Consecutive repairs merge into one finding (`â€œGenÃ¨veâ€` is one span).
        let mut pending: Option<(usize, usize, String)> = None;
        while i < chars.len() {
            let (start, c) = chars[i];
            let repaired = cp1252_byte(c).and_then(sequence_len).and_then(|n| {
                let run = chars.get(i..i + n)?;
                // The run must be contiguous in the text.
                let contiguous = run.windows(2).all(|w| w[0].0 + w[0].1.len_utf8() == w[1].0);
                let bytes: Option<Vec<u8>> = run.iter().map(|&(_, c)| cp1252_byte(c)).collect();
                let s = String::from_utf8(bytes?).ok()?;
                let end = run[n - 1].0 + run[n - 1].1.len_utf8();
                contiguous.then_some((end, s, n))
            });
            match repaired {
                Some((end, s, n)) => {
                    match &mut pending {
                        Some((_, pend_end, rep)) if *pend_end == start => {
                            rep.push_str(&s);
                            *pend_end = end;
                        }
                        _ => {
                            if let Some((a, b, r)) = pending.take() {
                                out.push(Candidate::new(a..b, vec![r]));
                            }
                            pending = Some((start, end, s));
                        }
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        if let Some((a, b, r)) = pending {
            out.push(Candidate::new(a..b, vec![r]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, String)> {
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        Mojibake.candidates(&doc, &mut out);
        out.into_iter()
            .map(|c| (text[c.range].to_string(), c.replacements[0].clone()))
            .collect()
    }

    #[test]
    fn repairs_unique_sequences() {
        assert_eq!(run("GenÃ¨ve"), vec![("Ã¨".into(), "è".into())]);
        assert_eq!(run("itâ€™s"), vec![("â€™".into(), "’".into())]);
        assert_eq!(
            run("â€œhiâ€\u{9d}"),
            vec![("â€œ".into(), "“".into()), ("â€\u{9d}".into(), "”".into())]
        );
        assert_eq!(
            run("ZÃ¼rich and KrakÃ³w"),
            vec![("Ã¼".into(), "ü".into()), ("Ã³".into(), "ó".into())]
        );
    }

    #[test]
    fn leaves_real_text_alone() {
        assert!(run("Genève, Zoë, naïve, café, Âge, £5, 50°C, «oui», Ã alone").is_empty());
        assert!(run("Kyiv — “quoted” – fine…").is_empty());
    }
}
