//! Decisions from a terminal: single key presses without Enter (crossterm raw mode), and a
//! small line editor for `e` with the suggestion pre-filled.
//!
//! Raw mode is on only while a key or a line is being read, and a guard turns it off again on
//! every path out (return, error, unwinding panic); a panic hook also turns it off before the
//! panic message is printed, so the terminal is always left usable.

use std::io::{self, Write};
use std::sync::Once;

use crossterm::cursor::MoveToColumn;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::Print;
use crossterm::terminal::{self, Clear, ClearType};
use crossterm::QueueableCommand;

use super::input::{Answer, Input, Key, LineAnswer};

/// Keys read from the terminal.
pub struct Terminal {
    _private: (),
}

impl Terminal {
    /// Prepare to read keys (installs the panic hook that restores the terminal).
    pub fn new() -> Terminal {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let _ = terminal::disable_raw_mode();
                previous(info);
            }));
        });
        Terminal { _private: () }
    }
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal::new()
    }
}

/// Raw mode for as long as it lives.
struct RawMode;

impl RawMode {
    fn enable() -> io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// The next key press (releases and other events are ignored).
fn read_key() -> io::Result<KeyEvent> {
    loop {
        if let Event::Key(k) = event::read()? {
            if k.kind != KeyEventKind::Release {
                return Ok(k);
            }
        }
    }
}

fn is_ctrl(k: &KeyEvent, c: char) -> bool {
    k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char(c)
}

impl Input for Terminal {
    fn key(&mut self, out: &mut dyn Write, prompt: &str) -> io::Result<Answer> {
        let raw = RawMode::enable()?;
        write!(out, "{prompt}")?;
        out.flush()?;
        let (answer, echo) = loop {
            let k = read_key()?;
            if is_ctrl(&k, 'c') {
                break (Answer::Interrupt, "^C".to_string());
            }
            if is_ctrl(&k, 'd') {
                break (Answer::End, "^D".to_string());
            }
            if k.modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            {
                continue;
            }
            match k.code {
                KeyCode::Char(c) => break (Answer::Key(Key::parse(&c.to_string())), c.to_string()),
                // Enter out of habit after a key, arrows, function keys: nothing to do.
                _ => continue,
            }
        };
        write!(out, "{echo}\r\n")?;
        out.flush()?;
        drop(raw);
        Ok(answer)
    }

    fn line(&mut self, out: &mut dyn Write, prompt: &str, prefill: &str) -> io::Result<LineAnswer> {
        // The prompt names the span, which can be long: it gets its own line, and the text is
        // edited on the next one.
        writeln!(out, "{prompt}")?;
        out.flush()?;
        let raw = RawMode::enable()?;
        let mut editor = Editor::new(prefill);
        let width = terminal::size().map_or(80, |(w, _)| usize::from(w)).max(16);
        let answer = loop {
            editor.draw(out, width)?;
            let k = read_key()?;
            if is_ctrl(&k, 'c') {
                break LineAnswer::Interrupt;
            }
            if is_ctrl(&k, 'd') && editor.text.is_empty() {
                break LineAnswer::End;
            }
            match k.code {
                KeyCode::Enter => break LineAnswer::Text(editor.text.iter().collect()),
                KeyCode::Esc => break LineAnswer::Cancel,
                _ => editor.key(&k),
            }
        };
        write!(out, "\r\n")?;
        out.flush()?;
        drop(raw);
        Ok(answer)
    }
}

/// The text being typed and the cursor in it (in characters).
struct Editor {
    text: Vec<char>,
    at: usize,
}

/// What the editing line starts with.
const EDIT_PROMPT: &str = "> ";

impl Editor {
    fn new(prefill: &str) -> Editor {
        let text: Vec<char> = prefill.chars().collect();
        let at = text.len();
        Editor { text, at }
    }

    fn key(&mut self, k: &KeyEvent) {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Char('a') if ctrl => self.at = 0,
            KeyCode::Char('e') if ctrl => self.at = self.text.len(),
            KeyCode::Char('u') if ctrl => {
                self.text.drain(..self.at);
                self.at = 0;
            }
            KeyCode::Char('k') if ctrl => self.text.truncate(self.at),
            KeyCode::Char('d') if ctrl && self.at < self.text.len() => {
                self.text.remove(self.at);
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.text.insert(self.at, c);
                self.at += 1;
            }
            KeyCode::Backspace if self.at > 0 => {
                self.at -= 1;
                self.text.remove(self.at);
            }
            KeyCode::Delete if self.at < self.text.len() => {
                self.text.remove(self.at);
            }
            KeyCode::Left => self.at = self.at.saturating_sub(1),
            KeyCode::Right => self.at = (self.at + 1).min(self.text.len()),
            KeyCode::Home => self.at = 0,
            KeyCode::End => self.at = self.text.len(),
            _ => {}
        }
    }

    /// Redraw the editing line, scrolled so that the cursor is visible.
    fn draw(&self, out: &mut dyn Write, width: usize) -> io::Result<()> {
        let room = width.saturating_sub(EDIT_PROMPT.len() + 1).max(4);
        let first = (self.at + 1).saturating_sub(room);
        let shown: String = self.text.iter().skip(first).take(room).collect();
        let column = EDIT_PROMPT.len() + self.at - first;
        out.queue(MoveToColumn(0))?
            .queue(Clear(ClearType::UntilNewLine))?
            .queue(Print(EDIT_PROMPT))?
            .queue(Print(shown))?
            .queue(MoveToColumn(u16::try_from(column).unwrap_or(u16::MAX)))?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(e: &mut Editor, code: KeyCode, modifiers: KeyModifiers) {
        e.key(&KeyEvent::new(code, modifiers));
    }

    #[test]
    fn editor_edits_around_the_cursor() {
        let mut e = Editor::new("Kyiv");
        press(&mut e, KeyCode::Backspace, KeyModifiers::NONE);
        press(&mut e, KeyCode::Left, KeyModifiers::NONE);
        press(&mut e, KeyCode::Char('é'), KeyModifiers::NONE);
        press(&mut e, KeyCode::Home, KeyModifiers::NONE);
        press(&mut e, KeyCode::Delete, KeyModifiers::NONE);
        press(&mut e, KeyCode::Char('k'), KeyModifiers::NONE);
        assert_eq!(e.text.iter().collect::<String>(), "kyéi");
        press(&mut e, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(e.text.iter().collect::<String>(), "yéi");
        press(&mut e, KeyCode::Char('k'), KeyModifiers::CONTROL);
        assert!(e.text.is_empty());
        let mut out = Vec::new();
        Editor::new(&"x".repeat(100)).draw(&mut out, 20).unwrap();
        let drawn = String::from_utf8(out).unwrap();
        assert!(
            drawn.contains(&format!("> {}\u{1b}", "x".repeat(16))),
            "{drawn:?}"
        );
    }
}
