//! Reading decisions: one key press on a terminal ([`super::terminal`]), one line per decision
//! on a pipe ([`Lines`]). Both sit behind [`Input`], so the review loop never knows which.

use std::io::{self, BufRead, Write};

/// A key of the review prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// `y`: accept the default fix.
    Yes,
    /// `n`: skip.
    No,
    /// `a`: accept this and the rest of the file.
    AcceptRest,
    /// `d`: skip the rest of the file.
    SkipRest,
    /// `A`: accept this rule everywhere from now on.
    AcceptRule,
    /// `1`–`9`: accept that suggestion (1-based, as shown).
    Choice(usize),
    /// `e`: type a replacement.
    Edit,
    /// `u`: undo the previous decision.
    Undo,
    /// `?`: help.
    Help,
    /// `q`: write what was accepted in this file and stop.
    Quit,
    /// Anything else (shown back in the error message).
    Other(String),
}

impl Key {
    /// The key an answer line (or a typed character) stands for.
    pub fn parse(s: &str) -> Key {
        match s {
            "y" => Key::Yes,
            "n" => Key::No,
            "a" => Key::AcceptRest,
            "d" => Key::SkipRest,
            "A" => Key::AcceptRule,
            "e" => Key::Edit,
            "u" => Key::Undo,
            "?" => Key::Help,
            "q" => Key::Quit,
            _ => match s.parse::<usize>() {
                Ok(n @ 1..=9) if s.len() == 1 => Key::Choice(n),
                _ => Key::Other(s.to_string()),
            },
        }
    }
}

/// What the person answered at the key prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A key.
    Key(Key),
    /// Ctrl-C on a terminal.
    Interrupt,
    /// End of input (a pipe closed, Ctrl-D on a terminal).
    End,
}

/// What the person answered when asked for a replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineAnswer {
    /// The replacement text (possibly empty: delete the span).
    Text(String),
    /// Esc on a terminal: back to the key prompt.
    Cancel,
    /// Ctrl-C on a terminal.
    Interrupt,
    /// End of input.
    End,
}

/// Where decisions come from.
pub trait Input {
    /// Show `prompt` on `out` and read one key.
    fn key(&mut self, out: &mut dyn Write, prompt: &str) -> io::Result<Answer>;
    /// Show `prompt` on `out` and read one line of replacement text; a terminal pre-fills it
    /// with `prefill` for editing.
    fn line(&mut self, out: &mut dyn Write, prompt: &str, prefill: &str) -> io::Result<LineAnswer>;
}

/// Decisions read one per line from a pipe or a file; each answer is echoed after the prompt
/// so that the output reads as a transcript.
pub struct Lines<R> {
    reader: R,
}

impl<R: BufRead> Lines<R> {
    /// Read answers from `reader`.
    pub fn new(reader: R) -> Self {
        Lines { reader }
    }

    /// The next line without its terminator (`\n` or `\r\n`), `None` at end of input.
    fn next_line(&mut self) -> io::Result<Option<String>> {
        let mut buf = Vec::new();
        if self.reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(None);
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }
}

impl<R: BufRead> Input for Lines<R> {
    fn key(&mut self, out: &mut dyn Write, prompt: &str) -> io::Result<Answer> {
        write!(out, "{prompt}")?;
        out.flush()?;
        match self.next_line()? {
            None => {
                writeln!(out)?;
                Ok(Answer::End)
            }
            Some(line) => {
                writeln!(out, "{line}")?;
                Ok(Answer::Key(Key::parse(line.trim())))
            }
        }
    }

    fn line(
        &mut self,
        out: &mut dyn Write,
        prompt: &str,
        _prefill: &str,
    ) -> io::Result<LineAnswer> {
        write!(out, "{prompt}")?;
        out.flush()?;
        match self.next_line()? {
            None => {
                writeln!(out)?;
                Ok(LineAnswer::End)
            }
            Some(line) => {
                writeln!(out, "{line}")?;
                Ok(LineAnswer::Text(line))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_unknown_answers_are_kept() {
        assert_eq!(Key::parse("y"), Key::Yes);
        assert_eq!(Key::parse("A"), Key::AcceptRule);
        assert_eq!(Key::parse("3"), Key::Choice(3));
        assert_eq!(Key::parse("0"), Key::Other("0".into()));
        assert_eq!(Key::parse("10"), Key::Other("10".into()));
        assert_eq!(Key::parse("+1"), Key::Other("+1".into()));
        assert_eq!(Key::parse("Y"), Key::Other("Y".into()));
        assert_eq!(Key::parse(""), Key::Other(String::new()));
    }

    #[test]
    fn lines_echo_answers_and_keep_replacement_text_exactly() {
        let mut input = Lines::new(&b"y\r\n e \n  two words \n\xff\n"[..]);
        let mut out = Vec::new();
        assert_eq!(input.key(&mut out, "? ").unwrap(), Answer::Key(Key::Yes));
        assert_eq!(input.key(&mut out, "? ").unwrap(), Answer::Key(Key::Edit));
        assert_eq!(
            input.line(&mut out, "> ", "x").unwrap(),
            LineAnswer::Text("  two words ".into())
        );
        assert_eq!(
            input.key(&mut out, "? ").unwrap(),
            Answer::Key(Key::Other("\u{fffd}".into()))
        );
        assert_eq!(input.key(&mut out, "? ").unwrap(), Answer::End);
        assert_eq!(input.line(&mut out, "> ", "").unwrap(), LineAnswer::End);
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("? y\n?  e \n>   two words \n"), "{out:?}");
    }
}
