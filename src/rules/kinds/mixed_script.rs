//! `mixed-script`: a word mixing letters of two scripts (`Кursk` with a Cyrillic К, or Latin
//! letters inside a Cyrillic word): homoglyphs a reader cannot see but search, spell checkers and
//! screen readers trip on. The odd letters are replaced by their look-alikes in the word's main
//! script when every one of them has a look-alike (`confusables_file`); otherwise the word is only
//! flagged.

use std::collections::HashMap;

use super::Candidate;
use crate::document::Document;
use crate::language::{is_cyrillic, is_numeric_lookalike};

/// A compiled mixed-script rule.
#[derive(Debug)]
pub struct MixedScript {
    to_latin: HashMap<char, char>,
    to_cyrillic: HashMap<char, char>,
}

impl MixedScript {
    /// Build from `(cyrillic, latin)` look-alike pairs.
    pub fn new(pairs: &[(String, Vec<String>)]) -> Result<MixedScript, String> {
        let mut to_latin = HashMap::new();
        let mut to_cyrillic = HashMap::new();
        for (cyr, lat) in pairs {
            let (Some(c), Some(l)) = (single(cyr), lat.first().and_then(|l| single(l))) else {
                return Err(format!(
                    "confusable pair `{cyr}` → `{}` must be one character each",
                    lat.join(" ")
                ));
            };
            if !is_cyrillic(c) || !l.is_ascii_alphabetic() {
                return Err(format!(
                    "confusable pair `{c}` → `{l}` must map a Cyrillic letter to a Latin one"
                ));
            }
            to_latin.insert(c, l);
            to_cyrillic.entry(l).or_insert(c);
        }
        Ok(MixedScript {
            to_latin,
            to_cyrillic,
        })
    }

    pub(crate) fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        if !doc.has_cyrillic() {
            return;
        }
        let text = doc.text;
        // Only a word with a Cyrillic letter can mix scripts.
        for w in crate::scan::runs_with_cyrillic(text, |c| c.is_alphanumeric() || c == '°') {
            self.word(text, w.start, w.end, out);
        }
    }

    fn word(&self, text: &str, s: usize, e: usize, out: &mut Vec<Candidate>) {
        let word = &text[s..e];
        let cyr = word.chars().filter(|&c| is_cyrillic(c)).count();
        let lat = word
            .chars()
            .filter(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(c))
            .count();
        let digits = word.chars().any(|c| c.is_ascii_digit());
        let to_cyrillic = match (cyr, lat) {
            (0, _) => return,
            // A Cyrillic letter or two glued to a number in Latin-script text: `22°С` (a
            // Cyrillic Es), `105х195` (a Cyrillic ha).
            (_, 0)
                if digits && numeric_lookalikes(text, s, e) && !neighbours_cyrillic(text, s, e) =>
            {
                false
            }
            (_, 0) => return,
            // The main script is the one with more letters; a tie goes to the neighbours'.
            _ => cyr > lat || (cyr == lat && neighbours_cyrillic(text, s, e)),
        };
        let fixed: Option<String> = word
            .chars()
            .map(|c| match (to_cyrillic, is_cyrillic(c)) {
                (true, false) if c.is_alphabetic() => self.to_cyrillic.get(&c).copied(),
                (false, true) => self.to_latin.get(&c).copied(),
                _ => Some(c),
            })
            .collect();
        let mut replacements: Vec<String> = fixed.into_iter().filter(|f| f != word).collect();
        // `105х195`: the writer meant a multiplication sign or an `x`; offer both, unsafe.
        let times = lat == 0 && word.chars().any(|c| c == 'х' || c == 'Х');
        if times {
            let sign: String = word
                .chars()
                .map(|c| if c == 'х' || c == 'Х' { '×' } else { c })
                .collect();
            replacements.insert(0, sign);
        }
        let mut c = Candidate::new(s..e, replacements);
        c.lower_to_unsafe = times;
        out.push(c);
    }
}

/// Whether every Cyrillic letter of the token `s..e` is a look-alike inside a number (`22°С`,
/// `90х190х27`).
fn numeric_lookalikes(text: &str, s: usize, e: usize) -> bool {
    text[s..e]
        .char_indices()
        .filter(|&(_, c)| is_cyrillic(c))
        .all(|(i, c)| is_numeric_lookalike(text, s + i..s + i + c.len_utf8()))
}

fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Whether the letters around `s..e` (up to 40 on each side) are mostly Cyrillic.
fn neighbours_cyrillic(text: &str, s: usize, e: usize) -> bool {
    let around = text[..s]
        .chars()
        .rev()
        .take(40)
        .chain(text[e..].chars().take(40));
    let (mut c, mut l) = (0, 0);
    for ch in around.filter(|c| c.is_alphabetic()) {
        if is_cyrillic(ch) {
            c += 1;
        } else {
            l += 1;
        }
    }
    c > l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> MixedScript {
        let p = |c: &str, l: &str| (c.to_string(), vec![l.to_string()]);
        MixedScript::new(&[
            p("К", "K"),
            p("о", "o"),
            p("а", "a"),
            p("р", "p"),
            p("С", "C"),
            p("х", "x"),
        ])
        .unwrap()
    }

    #[test]
    fn replaces_odd_letters_with_look_alikes() {
        let text = "Кursk and Kyiv, Москвa, Hаrbор, Кщrsk, 22°С and 9 sq. m, 12 км";
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        rule().candidates(&doc, &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|c| (&text[c.range.clone()], c.replacements.clone()))
            .collect();
        assert_eq!(got[0], ("Кursk", vec!["Kursk".to_string()]));
        assert_eq!(got[1], ("Москвa", vec!["Москва".to_string()]));
        assert_eq!(got[2], ("Hаrbор", vec!["Harbop".to_string()]));
        assert_eq!(
            got[3],
            ("Кщrsk", vec![]),
            "щ has no look-alike: flagged only"
        );
        assert_eq!(got[4], ("22°С", vec!["22°C".to_string()]));
        let text = "a 105х195 mattress for 3650р.";
        let mut out = Vec::new();
        rule().candidates(&Document::new(text, "en"), &mut out);
        assert_eq!(
            out[0].replacements,
            vec!["105×195".to_string(), "105x195".to_string()]
        );
        assert!(out[0].lower_to_unsafe);
        assert_eq!(
            got.len(),
            5,
            "`12 км` is a Cyrillic word, not glued: left alone"
        );
    }
}
