//! SubRip (`.srt`) and WebVTT (`.vtt`) subtitles: only cue text is visible.
//!
//! The file is read as blocks of lines separated by blank lines. In each block:
//!
//! - a timing line (`00:00:01,000 --> 00:00:04,000`, with or without hours, `,` or `.` before
//!   the milliseconds, and any cue settings after it) is masked;
//! - the line just before a timing line is masked when it is the first line of its block (the
//!   SRT cue number or the WebVTT cue identifier) or a bare number (an SRT cue number after a
//!   missing blank line);
//! - in WebVTT, the first block when it starts with `WEBVTT` (the header and its metadata), and
//!   blocks starting with `NOTE`, `STYLE` or `REGION`, are masked whole;
//! - every other line is cue text, minus its formatting tags (`<i>`, `</i>`, `<font …>`,
//!   `<v Speaker>`, `<c.yellow>`, `<00:00:01.500>`, `{\an8}`) and a dialogue dash at its start
//!   (`-Where were you?` / `-Here.`: subtitle style for a change of speaker, not a stray
//!   bullet).
//!
//! A block with no timing line is kept as cue text: it is most often the text of the cue
//! before, cut by a stray blank line.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::mask::{lines, Mask};

fn timing_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[ \t]*\d[\d.,]*:[\d:.,]*[ \t]*-->").expect("built-in timing regex is valid")
    })
}

fn tag_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"</?[A-Za-z][^<>\n]*>|<\d[\d:.]*>|\{\\[^{}\n]*\}")
            .expect("built-in subtitle tag regex is valid")
    })
}

/// Whether `line` is a WebVTT block keyword line (`NOTE`, `NOTE text`, `STYLE`, `REGION`).
fn is_vtt_keyword(line: &str) -> bool {
    ["NOTE", "STYLE", "REGION"].iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// The lintable view of a subtitle file (see [`super::lintable`]); `vtt` selects WebVTT.
pub(crate) fn lintable(text: &str, vtt: bool) -> Cow<'_, str> {
    let mut mask = Mask::hidden(text);
    let mut block: Vec<Range<usize>> = Vec::new();
    let mut first_block = true;
    for line in lines(text).chain(std::iter::once(text.len()..text.len())) {
        if text[line.clone()].trim().is_empty() {
            if !block.is_empty() {
                read_block(text, &block, vtt, first_block, &mut mask);
                block.clear();
                first_block = false;
            }
            continue;
        }
        block.push(line);
    }
    mask.finish()
}

fn read_block(text: &str, block: &[Range<usize>], vtt: bool, first: bool, mask: &mut Mask) {
    let head = text[block[0].clone()].trim_start_matches('\u{feff}');
    if vtt && ((first && head.starts_with("WEBVTT")) || is_vtt_keyword(head)) {
        return; // header, NOTE, STYLE, REGION: everything stays hidden
    }
    let timing: Vec<bool> = block
        .iter()
        .map(|l| timing_regex().is_match(&text[l.clone()]))
        .collect();
    for (i, line) in block.iter().enumerate() {
        if timing[i] {
            continue;
        }
        if timing.get(i + 1) == Some(&true) {
            let s = text[line.clone()].trim();
            if i == 0 || s.bytes().all(|b| b.is_ascii_digit()) {
                continue; // cue number or identifier
            }
        }
        cue_text(text, line.clone(), mask);
    }
}

/// Show one line of cue text, minus formatting tags and a leading dialogue dash.
fn cue_text(text: &str, line: Range<usize>, mask: &mut Mask) {
    mask.show(line.clone());
    let body = &text[line.clone()];
    let tags: Vec<Range<usize>> = tag_regex()
        .find_iter(body)
        .map(|m| line.start + m.start()..line.start + m.end())
        .collect();
    for t in &tags {
        mask.hide(t.clone());
    }
    // The first character that is neither white space nor part of a tag.
    let first = body.char_indices().find(|&(i, c)| {
        let at = line.start + i;
        !c.is_whitespace() && !tags.iter().any(|t| t.contains(&at))
    });
    if let Some((i, c @ ('-' | '–' | '—'))) = first {
        let at = line.start + i;
        mask.hide(at..at + c.len_utf8());
    }
}

#[cfg(test)]
mod tests {
    use super::super::mask::assert_masked;
    use super::*;

    #[track_caller]
    fn srt(text: &str, pattern: &str) {
        assert_masked(text, &lintable(text, false), pattern);
    }

    #[track_caller]
    fn vtt(text: &str, pattern: &str) {
        assert_masked(text, &lintable(text, true), pattern);
    }

    #[test]
    fn srt_numbers_and_timings_are_masked() {
        srt(
            "1\n00:00:01,000 --> 00:00:04,000\nTroops entered kyiv.\n\n2\n00:00:05,000 --> 00:00:07,500 X1:10 X2:20\nSecond line\nof the cue.\n",
            "·\n············ ··· ············\nTroops entered kyiv.\n\n·\n············ ··· ············ ····· ·····\nSecond line\nof the cue.\n",
        );
    }

    #[test]
    fn srt_crlf_tags_and_dialogue_dashes() {
        srt(
            "1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>kyiv</i> {\\an8}at night\r\n-Where?\r\n- Here.\r\n",
            "·\r\n············ ··· ············\r\n···kyiv···· ······at night\r\n·Where?\r\n· Here.\r\n",
        );
        srt(
            "7\n00:01:00,000 --> 00:01:02,000\n<font color=\"#ff0\">-Km2</font>\n",
            "·\n············ ··· ············\n····· ··············Km2·······\n",
        );
    }

    #[test]
    fn srt_missing_blank_line_and_stray_blank_line() {
        // A missing blank line: the number before the next timing is still masked.
        srt(
            "1\n00:00:01,000 --> 00:00:02,000\nFirst.\n2\n00:00:03,000 --> 00:00:04,000\nSecond.\n",
            "·\n············ ··· ············\nFirst.\n·\n············ ··· ············\nSecond.\n",
        );
        // A stray blank line inside a cue: the rest is still text.
        srt(
            "1\n00:00:01,000 --> 00:00:02,000\nFirst part\n\nsecond part.\n",
            "·\n············ ··· ············\nFirst part\n\nsecond part.\n",
        );
    }

    #[test]
    fn vtt_header_notes_styles_and_identifiers_are_masked() {
        vtt(
            "WEBVTT - kyiv\nKind: captions\n\nNOTE kyiv is\nhere\n\nSTYLE\n::cue { color: kyiv }\n\nREGION\nid:kyiv\n\nintro-kyiv\n00:01.000 --> 00:04.000 align:start\n<v Anna>kyiv at <00:02.000>dawn</v>\n\n00:00:05.000 --> 00:00:06.000\n—Where?\n",
            "······ · ····\n····· ········\n\n···· ···· ··\n····\n\n·····\n····· · ······ ···· ·\n\n······\n·······\n\n··········\n········· ··· ········· ···········\n·· ·····kyiv at ···········dawn····\n\n············ ··· ············\n·Where?\n",
        );
    }

    #[test]
    fn vtt_text_without_header_and_multibyte() {
        // A `NOTE` in cue text is text; a `WEBVTT` line after the first block is text.
        vtt(
            "WEBVTT\n\n1\n00:00.000 --> 00:01.000\nNOTE: Київ\n\nWEBVTT\n",
            "······\n\n·\n········· ··· ·········\nNOTE: Київ\n\nWEBVTT\n",
        );
        let t = "1\n00:00:01,000 --> 00:00:02,000\n<i>Київ</i>\n";
        let out = lintable(t, false);
        assert_eq!(out.len(), t.len());
        assert!(out.ends_with("   Київ    \n"));
    }

    #[test]
    fn keywords_need_a_word_boundary() {
        assert!(is_vtt_keyword("NOTE"));
        assert!(is_vtt_keyword("NOTE this"));
        assert!(!is_vtt_keyword("NOTED"));
        assert!(is_vtt_keyword("STYLE"));
        assert!(!is_vtt_keyword("REGIONAL news"));
    }

    #[test]
    fn timing_lines() {
        for l in [
            "00:00:01,000 --> 00:00:04,000",
            "00:01.000 --> 00:04.000 line:0 position:10%",
            "  1:02:03.5-->1:02:04.5",
        ] {
            assert!(timing_regex().is_match(l), "{l}");
        }
        for l in ["1 --> 2", "He said --> no", "-->"] {
            assert!(!timing_regex().is_match(l), "{l}");
        }
    }
}
