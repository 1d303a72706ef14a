//! `orphan-fragment`: a short lowercase run that MT left after the end of a sentence, closing the
//! paragraph or followed by a new sentence (`…of the conflict. offensive.`, `…of Trump. in
//! power.`). Detection with two unsafe repairs: merge (drop the end marks, the default)
//! and drop (delete the fragment).

use std::sync::OnceLock;

use regex::Regex;

use super::Candidate;
use crate::document::segment::ends_sentence;
use crate::document::Document;

/// A compiled orphan-fragment rule.
#[derive(Debug)]
pub struct OrphanFragment {
    max_words: usize,
}

fn fragment_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[.!?]([ \t]+)(\p{Ll}[\p{Ll}'’-]*(?:[ \t]+\p{Ll}[\p{Ll}'’-]*)*)([.!?])")
            .expect("built-in orphan-fragment regex is valid")
    })
}

impl OrphanFragment {
    /// A rule flagging fragments of at most `max_words` words.
    pub fn new(max_words: usize) -> Result<OrphanFragment, String> {
        if !(1..=8).contains(&max_words) {
            return Err("`max_words` must be between 1 and 8".into());
        }
        Ok(OrphanFragment { max_words })
    }

    pub(crate) fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        let text = doc.text;
        // One search over the whole text, not one per line: no match crosses a line break
        // (none of the regex's classes holds `\n` or `\r`), so the matches are those of the
        // lines, without a search set up per line.
        for caps in fragment_regex().captures_iter(text) {
            let (Some(all), Some(gap), Some(frag), Some(end)) =
                (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
            else {
                continue;
            };
            let line = doc.line_range(doc.line_of(all.start()));
            let start = all.start();
            if frag.as_str().split_whitespace().count() > self.max_words
                || !ends_sentence(text, start)
                || !three_words_before(&text[line.start..start])
            {
                continue;
            }
            // The fragment must close the paragraph or be followed by a new sentence.
            let rest = &text[end.end()..line.end];
            let after = rest.trim_start();
            let closes = after.is_empty()
                || (after.len() < rest.len()
                    && after.chars().next().is_some_and(|c| c.is_uppercase()));
            if !closes {
                continue;
            }
            // The span takes in the whole run of end marks (`so.?!? offensive.`): merging
            // drops them all and dropping keeps them all, so a second pass finds nothing (one
            // mark at a time, a long run needed a pass per mark).
            let marks = text[..start]
                .bytes()
                .rev()
                .take_while(|b| matches!(b, b'.' | b'!' | b'?'))
                .count();
            let first = start - marks;
            let merge = format!("{}{}{}", gap.as_str(), frag.as_str(), end.as_str());
            let drop = text[first..start + 1].to_string();
            out.push(Candidate::new(first..all.end(), vec![merge, drop]));
        }
    }
}

/// Whether `s` ends with at least three words. Counted from the end and only up to three, so
/// that many fragments on one long line stay linear.
fn three_words_before(s: &str) -> bool {
    s.split_whitespace().rev().take(3).count() == 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, Vec<String>)> {
        let doc = Document::new(text, "en");
        let mut out = Vec::new();
        OrphanFragment::new(3).unwrap().candidates(&doc, &mut out);
        out.into_iter()
            .map(|c| (text[c.range].to_string(), c.replacements))
            .collect()
    }

    #[test]
    fn finds_fragments_that_close_a_paragraph() {
        assert_eq!(
            run("at the height of the conflict. offensive.\nThe return of Trump. in power. Next one."),
            vec![
                (". offensive.".into(), vec![" offensive.".into(), ".".into()]),
                (". in power.".into(), vec![" in power.".into(), ".".into()]),
            ]
        );
    }

    #[test]
    fn each_line_is_judged_alone() {
        // A fragment closes its line whatever the next line holds; CRLF endings too; the
        // three words before it are counted on its own line.
        assert_eq!(
            run("We saw it all. then.\nmore text follows here.\r\nin the end of it. gone.\r\nok"),
            vec![
                (". then.".into(), vec![" then.".into(), ".".into()]),
                (". gone.".into(), vec![" gone.".into(), ".".into()]),
            ]
        );
        assert!(run("one two three\nfour. five.").is_empty());
    }

    #[test]
    fn the_whole_run_of_end_marks_is_one_span() {
        assert_eq!(
            run("It says so much.?!?? offensive.\nNews of the day!! gone."),
            vec![
                (
                    ".?!?? offensive.".into(),
                    vec![" offensive.".into(), ".?!??".into()]
                ),
                ("!! gone.".into(), vec![" gone.".into(), "!!".into()]),
            ]
        );
    }

    #[test]
    fn leaves_abbreviations_and_sentences_alone() {
        assert!(run("They met at 9 a.m. local time.").is_empty());
        assert!(run("He works for the U.S. government.").is_empty());
        assert!(run("It was over... and then it began again.").is_empty());
        assert!(run("Prices rose 2.5 percent. eBay fell.").is_empty());
        assert!(
            run("The war goes on. it said in a statement that lasted for hours and hours.")
                .is_empty()
        );
        assert!(run("Yes. no.").is_empty());
        assert!(run("The talks ended. then, more talks.").is_empty());
    }
}
