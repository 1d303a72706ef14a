//! One round of questions: show the finding under review, read a key, turn it into an
//! [`Action`] on the [`Session`], repeat until every finding is decided or the person stops.

use std::io::{self, Write};

use super::input::{Answer, Input, Key, LineAnswer};
use super::session::{apply_edits, choices, map_range, Action, Edit, Effects, Session, Status};
use super::show::{self, quoted, Excerpt, Position, Style};
use crate::document::Document;
use crate::rules::Finding;

/// How a round ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Every finding is decided.
    Done,
    /// `q`: write what was accepted in this file, then stop.
    Quit,
    /// Ctrl-C on a terminal: write nothing more, stop.
    Interrupted,
    /// End of input: write nothing more, stop.
    EndOfInput,
}

/// What a round shows its findings in.
pub struct Round<'a> {
    /// The file's name as given.
    pub name: &'a str,
    /// The text the round reviews.
    pub doc: &'a Document<'a>,
    /// Colour and width.
    pub style: Style,
    /// 1 for the file as read, 2 for findings the accepted changes caused.
    pub round: u8,
}

impl Round<'_> {
    /// `name:line:col: rule: `old` → `new`` for finding `i` of `session`.
    pub fn change_line(&self, session: &Session, i: usize) -> String {
        let f = &session.findings()[i];
        let (line, col) = self.doc.line_col(f.range.start);
        let old = self.doc.text.get(f.range.clone()).unwrap_or_default();
        let new = match session.status(i) {
            Status::Accepted { choice, .. } => choices(f).get(*choice).copied().unwrap_or_default(),
            Status::Edited(t) => t.as_str(),
            _ => old,
        };
        format!(
            "{}:{line}:{col}: {}: {} → {}",
            self.name,
            f.rule,
            quoted(old),
            quoted(new)
        )
    }

    fn report(&self, session: &Session, effects: &Effects, out: &mut dyn Write) -> io::Result<()> {
        for &i in &effects.dropped {
            let f = &session.findings()[i];
            let (line, col) = self.doc.line_col(f.range.start);
            writeln!(
                out,
                "  dropped {}:{line}:{col}: {}: it overlaps the change just accepted",
                self.name, f.rule
            )?;
        }
        for &i in &effects.rest {
            match session.status(i) {
                Status::Accepted { auto, .. } => {
                    let key = if *auto { 'A' } else { 'a' };
                    writeln!(out, "  accepted ({key}): {}", self.change_line(session, i))?
                }
                _ => {
                    let f = &session.findings()[i];
                    let (line, col) = self.doc.line_col(f.range.start);
                    writeln!(out, "  skipped: {}:{line}:{col}: {}", self.name, f.rule)?
                }
            }
        }
        for &i in &effects.auto {
            writeln!(out, "  accepted (A): {}", self.change_line(session, i))?;
        }
        Ok(())
    }

    /// The block shown for finding `f`: its location in the file as read, and its hunk in the
    /// text as it will be written, with the changes accepted so far in this round. Only the
    /// lines shown are rebuilt, so this stays cheap in a long file.
    fn block(&self, session: &Session, f: &Finding, pos: Position) -> String {
        let doc = self.doc;
        let at = doc.line_col(f.range.start);
        let edits = session.edits();
        // The lines around the finding, widened to whole lines and whole edits.
        let mut region = show::context(doc, &f.range);
        loop {
            let before = region.clone();
            for e in &edits {
                if e.range.start < region.start && region.start < e.range.end {
                    region.start = e.range.start;
                }
                if e.range.start < region.end && region.end < e.range.end {
                    region.end = e.range.end;
                }
            }
            region.start = doc.line_range(doc.line_col(region.start).0).start;
            region.end = doc
                .line_range(doc.line_col(region.end).0)
                .end
                .max(region.end);
            if region == before {
                break;
            }
        }
        let local: Vec<Edit> = edits
            .iter()
            .filter(|e| region.start <= e.range.start && e.range.end <= region.end)
            .map(|e| Edit {
                range: e.range.start - region.start..e.range.end - region.start,
                ..e.clone()
            })
            .collect();
        let old = doc.text.get(region.clone()).unwrap_or_default();
        let range =
            f.range.start.saturating_sub(region.start)..f.range.end.saturating_sub(region.start);
        let (text, range) = match (apply_edits(old, &local), map_range(&local, &range)) {
            (Ok(text), Some(mapped)) => (text, mapped),
            _ => (old.to_string(), range),
        };
        let excerpt = Excerpt {
            text: &text,
            first_line: doc.line_col(region.start).0,
        };
        let shown = Finding { range, ..f.clone() };
        show::finding(&self.style, self.name, at, excerpt, &shown, pos)
    }

    /// Ask about every pending finding of `session`.
    pub fn run(
        &self,
        session: &mut Session,
        input: &mut dyn Input,
        out: &mut dyn Write,
    ) -> io::Result<End> {
        for &i in session.initial() {
            if matches!(session.status(i), Status::Accepted { auto: true, .. }) {
                writeln!(out, "accepted (A): {}", self.change_line(session, i))?;
            }
        }
        let total = session.findings().len();
        'finding: loop {
            let Some(i) = session.current() else {
                return Ok(End::Done);
            };
            let f = session.findings()[i].clone();
            let pos = Position {
                number: i + 1,
                total,
                round: self.round,
            };
            writeln!(out)?;
            write!(out, "{}", self.block(session, &f, pos))?;
            loop {
                let prompt = show::prompt(&self.style, &f, pos, session.undoable() > 0);
                let key = match input.key(out, &prompt)? {
                    Answer::Key(k) => k,
                    Answer::Interrupt => return Ok(End::Interrupted),
                    Answer::End => return Ok(End::EndOfInput),
                };
                let action = match key {
                    Key::Help => {
                        write!(out, "{}", show::HELP)?;
                        continue;
                    }
                    Key::Quit => return Ok(End::Quit),
                    Key::Undo => {
                        match session.undo() {
                            Ok(_) => {
                                writeln!(out, "  undone")?;
                                continue 'finding;
                            }
                            Err(r) => writeln!(out, "  {r}")?,
                        }
                        continue;
                    }
                    Key::Yes => Action::Accept,
                    Key::No => Action::Skip,
                    Key::AcceptRest => Action::AcceptRest,
                    Key::SkipRest => Action::SkipRest,
                    Key::AcceptRule => Action::AcceptRule,
                    Key::Choice(n) => Action::Choose(n.saturating_sub(1)),
                    Key::Edit => {
                        let found = self.doc.text.get(f.range.clone()).unwrap_or_default();
                        let prefill = choices(&f).first().copied().unwrap_or(found);
                        let question = format!("replace {} with: ", quoted(found));
                        match input.line(out, &question, prefill)? {
                            LineAnswer::Text(t) if t == found => {
                                writeln!(out, "  unchanged: left as it is")?;
                                Action::Skip
                            }
                            LineAnswer::Text(t) => Action::Edit(t),
                            LineAnswer::Cancel => continue,
                            LineAnswer::Interrupt => return Ok(End::Interrupted),
                            LineAnswer::End => return Ok(End::EndOfInput),
                        }
                    }
                    Key::Other(s) => {
                        writeln!(out, "  unknown answer {s:?}: press ? for help")?;
                        continue;
                    }
                };
                match session.decide(action) {
                    Ok(effects) => {
                        self.report(session, &effects, out)?;
                        continue 'finding;
                    }
                    Err(r) => writeln!(out, "  {r}")?,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::input::Lines;
    use crate::rules::{Applicability, Fix, Severity};
    use std::collections::BTreeSet;

    const TEXT: &str = "in kyiv and odessa\n";

    fn findings() -> Vec<Finding> {
        let f = |rule: &str, word: &str, fix: &str, alts: &[&str]| {
            let start = TEXT.find(word).unwrap();
            Finding {
                rule: rule.into(),
                severity: Severity::Warning,
                message: format!("about `{word}`"),
                range: start..start + word.len(),
                fix: Some(Fix {
                    replacement: fix.into(),
                    applicability: Applicability::Unsafe,
                }),
                alternatives: alts.iter().map(|a| a.to_string()).collect(),
                priority: 0,
            }
        };
        vec![
            f("casing", "kyiv", "Kyiv", &[]),
            f("place", "odessa", "Odesa", &["Odessa"]),
        ]
    }

    fn play(answers: &str) -> (End, Session, String) {
        let doc = Document::new(TEXT, "en");
        let round = Round {
            name: "t.txt",
            doc: &doc,
            style: Style {
                color: false,
                width: 80,
            },
            round: 1,
        };
        let mut session = Session::new(
            findings(),
            BTreeSet::new(),
            super::super::session::Rest::Ask,
        );
        let mut input = Lines::new(answers.as_bytes());
        let mut out = Vec::new();
        let end = round.run(&mut session, &mut input, &mut out).unwrap();
        (end, session, String::from_utf8(out).unwrap())
    }

    #[test]
    fn scripted_answers_drive_the_session() {
        let (end, s, out) = play("?\nx\ny\nu\ne\nKiev\n3\n2\n");
        assert_eq!(end, End::Done);
        assert!(out.contains("  y    accept the default fix\n"), "{out}");
        assert!(
            out.contains("unknown answer \"x\": press ? for help"),
            "{out}"
        );
        assert!(out.contains("  undone\n"), "{out}");
        assert!(out.contains("replace `kyiv` with: Kiev\n"), "{out}");
        assert!(
            out.contains("there is no such suggestion; choose 1 to 2"),
            "{out}"
        );
        assert!(out.contains("UNSAFE fix"), "{out}");
        assert!(out.contains("  2: replace with `Odessa`\n"), "{out}");
        let edits: Vec<String> = s.edits().into_iter().map(|e| e.replacement).collect();
        assert_eq!(edits, ["Kiev", "Odessa"]);
    }

    #[test]
    fn quit_end_of_input_and_unchanged_edits() {
        let (end, s, _) = play("y\nq\n");
        assert_eq!((end, s.edits().len()), (End::Quit, 1));
        let (end, s, out) = play("y\n");
        assert_eq!((end, s.current()), (End::EndOfInput, Some(1)));
        // The next hunk shows the text with the change accepted so far.
        assert!(out.contains("\n- 1 │ in Kyiv and odessa\n"), "{out}");
        assert!(out.contains("\n+ 1 │ in Kyiv and Odesa\n"), "{out}");
        let (end, _, _) = play("e\n");
        assert_eq!(end, End::EndOfInput);
        // Typing the flagged text back is leaving it as it is.
        let (end, s, out) = play("e\nkyiv\nn\n");
        assert_eq!((end, s.edits().len()), (End::Done, 0));
        assert!(out.contains("unchanged: left as it is"), "{out}");
    }
}
