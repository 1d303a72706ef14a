//! `stray-bullet`: a list marker glued to the first word of a line (`-Putin promises`), which MT
//! leaves when it drops the space of a bulleted heading. `- item` (a real list item), `-5
//! degrees` (a number) and `-Xmx512m` (not a plain word) are left alone.

use super::Candidate;
use crate::document::Document;

/// A compiled stray-bullet rule.
#[derive(Debug)]
pub struct StrayBullet {
    bullets: Vec<char>,
    /// Whether a byte starts the UTF-8 of a bullet: the lines that start with none are passed
    /// over without decoding a character (this looks at every line of a document).
    first_bytes: [bool; 256],
}

impl StrayBullet {
    /// Markers that count as bullets (e.g. `-•·–`).
    pub fn new(bullets: &str) -> Result<StrayBullet, String> {
        let bullets: Vec<char> = bullets.chars().collect();
        if bullets.is_empty()
            || bullets
                .iter()
                .any(|c| c.is_alphanumeric() || c.is_whitespace())
        {
            return Err("`bullets` must be one or more punctuation characters".into());
        }
        let mut first_bytes = [false; 256];
        for &c in &bullets {
            first_bytes[usize::from(crate::scan::first_byte(c))] = true;
        }
        Ok(StrayBullet {
            bullets,
            first_bytes,
        })
    }

    pub(crate) fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        let bytes = doc.text.as_bytes();
        for line in doc.lines() {
            if !bytes
                .get(line.start)
                .is_some_and(|&b| self.first_bytes[usize::from(b)])
            {
                continue;
            }
            let text = &doc.text[line.clone()];
            let mut chars = text.chars();
            let (Some(b), Some(first)) = (chars.next(), chars.next()) else {
                continue;
            };
            if !self.bullets.contains(&b) || !first.is_uppercase() {
                continue;
            }
            // The glued word must be a plain word: letters, then end or a separator.
            let word: String = text[b.len_utf8()..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
            let core = word.trim_end_matches([',', ':', ';', '.', '!', '?', '’', '\'', '"', '”']);
            if core
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '’' || c == '\'')
            {
                out.push(Candidate::new(
                    line.start..line.start + b.len_utf8(),
                    vec![String::new()],
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_bullets_only() {
        let r = StrayBullet::new("-•").unwrap();
        let text =
            "-Putin promises\n- item\n-5 degrees\n-Xmx512m\n•Kyiv: news\r\n-putin\nA-Bc\n‣Kyiv";
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        r.candidates(&doc, &mut out);
        let got: Vec<_> = out.iter().map(|c| doc.line_col(c.range.start).0).collect();
        assert_eq!(got, vec![1, 5]);
        assert!(StrayBullet::new("a").is_err());
    }
}
