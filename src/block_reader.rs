//! Reading a large file a block at a time, so that linting it never holds the whole text.
//!
//! A block ends just after the first line break at or after the target size, so blocks start
//! at line starts: no rule looks across a line break (a line break ends a sentence, and regex
//! rules search one line at a time), so no finding is lost or changed by the cut. Whatever
//! this reader cannot handle as well as reading the file whole (a byte that makes the file not
//! UTF-8 text, no line break in [`MAX_FACTOR`] times the target size, a read error) ends the
//! iteration with [`Next::ReadWhole`]: the caller then reads the file whole, which reports the
//! problem exactly as it does for small files.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// A block may grow to this many times the target size while no line break comes.
pub const MAX_FACTOR: usize = 16;

/// What is read first beyond the target size to find the line break that ends a block (each
/// further read is twice the last).
const STEP: usize = 64 * 1024;

/// One block of a file's text.
#[derive(Debug)]
pub struct Block {
    /// Its byte offset in the text (the byte order mark excluded).
    pub start: usize,
    /// The 1-based number of its first line.
    pub first_line: usize,
    /// Its text.
    pub text: String,
}

/// What the reader gives next.
#[derive(Debug)]
pub enum Next {
    /// A block of text.
    Block(Block),
    /// The file must be read whole instead (see the module documentation).
    ReadWhole,
}

/// The blocks of one file, in order.
pub struct BlockReader {
    file: File,
    /// Bytes read and not handed out yet.
    buf: Vec<u8>,
    target: usize,
    start: usize,
    line: usize,
    bom: bool,
    first: bool,
    done: bool,
}

impl BlockReader {
    /// A reader of `path` in blocks of about `target` bytes (`None`: it cannot be opened; the
    /// caller reads the file whole, which reports why).
    pub fn open(path: &Path, target: usize) -> Option<BlockReader> {
        let file = File::open(path).ok()?;
        Some(BlockReader {
            file,
            buf: Vec::new(),
            target: target.max(1),
            start: 0,
            line: 1,
            bom: false,
            first: true,
            done: false,
        })
    }

    /// Whether the file starts with a UTF-8 byte order mark (known once the first block is
    /// read).
    pub fn bom(&self) -> bool {
        self.bom
    }

    /// Read until the buffer holds `want` bytes or the file ends; false on a read error. The
    /// bytes are read into the buffer's spare room, which is not zeroed first.
    fn fill(&mut self, want: usize) -> bool {
        let have = self.buf.len();
        if have >= want {
            return true;
        }
        // Exactly: the buffer becomes a block's text, kept while the block is linted.
        self.buf.reserve_exact(want - have);
        let limit = u64::try_from(want - have).unwrap_or(u64::MAX);
        (&mut self.file)
            .take(limit)
            .read_to_end(&mut self.buf)
            .is_ok()
    }

    fn next_block(&mut self) -> Option<Next> {
        if self.done {
            return None;
        }
        let mut want = self.target;
        // A block ends at the first line break after the target size: room for that line, so
        // that the buffer is not moved to grow (and what follows the cut, copied to start the
        // next block, is short).
        self.buf
            .reserve_exact((self.target + STEP).saturating_sub(self.buf.len()));
        let mut step = STEP;
        let cut = loop {
            if !self.fill(want) {
                return Some(self.give_up());
            }
            if self.first {
                self.first = false;
                if self.buf.starts_with(&[0xFF, 0xFE]) || self.buf.starts_with(&[0xFE, 0xFF]) {
                    return Some(self.give_up());
                }
                if self.buf.starts_with("\u{feff}".as_bytes()) {
                    self.bom = true;
                    self.buf.drain(..3);
                    // (the three bytes read again from the text)
                    if !self.fill(want) {
                        return Some(self.give_up());
                    }
                }
            }
            if let Some(cut) = line_end(&self.buf, self.target.min(self.buf.len())) {
                break cut;
            }
            // (the file ends before a line break after the target size)
            if self.buf.len() < want {
                break self.buf.len();
            }
            let most = self.target.saturating_mul(MAX_FACTOR);
            if want >= most {
                return Some(self.give_up());
            }
            want = want.saturating_add(step).min(most);
            step = step.saturating_mul(2);
        };
        if cut == 0 {
            self.done = true;
            return None;
        }
        let rest = self.buf.split_off(cut);
        let bytes = std::mem::replace(&mut self.buf, rest);
        if memchr::memchr(0, &bytes).is_some() {
            return Some(self.give_up());
        }
        let Ok(text) = String::from_utf8(bytes) else {
            return Some(self.give_up());
        };
        let block = Block {
            start: self.start,
            first_line: self.line,
            text,
        };
        self.start += block.text.len();
        self.line += memchr::memchr_iter(b'\n', block.text.as_bytes()).count();
        Some(Next::Block(block))
    }

    fn give_up(&mut self) -> Next {
        self.done = true;
        self.buf = Vec::new();
        Next::ReadWhole
    }
}

impl Iterator for BlockReader {
    type Item = Next;

    fn next(&mut self) -> Option<Next> {
        self.next_block()
    }
}

/// The end of the first line (just after its `\n`) that ends at or after byte `from` of
/// `bytes`, if any.
fn line_end(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'\n', &bytes[from.saturating_sub(1)..]).map(|i| from.saturating_sub(1) + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn blocks(bytes: &[u8], target: usize) -> Vec<Next> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        BlockReader::open(f.path(), target).unwrap().collect()
    }

    fn texts(bytes: &[u8], target: usize) -> Vec<(usize, usize, String)> {
        blocks(bytes, target)
            .into_iter()
            .map(|n| match n {
                Next::Block(b) => (b.start, b.first_line, b.text),
                Next::ReadWhole => panic!("read whole"),
            })
            .collect()
    }

    #[test]
    fn blocks_end_after_line_breaks_and_cover_the_text() {
        let text = "one two.\nthree\n\nfour five\r\n\r\nsix\nseven";
        let b = texts(format!("\u{feff}{text}").as_bytes(), 4);
        let joined: String = b.iter().map(|(_, _, t)| t.as_str()).collect();
        assert_eq!(joined, text);
        assert_eq!(
            b,
            vec![
                (0, 1, "one two.\n".to_string()),
                (9, 2, "three\n".to_string()),
                (15, 3, "\nfour five\r\n".to_string()),
                (27, 5, "\r\nsix\n".to_string()),
                (33, 7, "seven".to_string()),
            ]
        );
        // Larger blocks hold several lines.
        assert_eq!(texts(text.as_bytes(), 20).len(), 2);
        assert_eq!(texts(b"", 4).len(), 0);
    }

    #[test]
    fn what_is_not_plain_utf8_or_has_no_line_break_is_read_whole() {
        for bad in [
            &b"\xFF\xFEa\0b\0"[..],
            b"fine\n\nthen a NUL\0 here\n\nmore",
            b"fine\n\nthen bad \xE9 UTF-8\n\nmore",
        ] {
            let b = blocks(bad, 4);
            assert!(matches!(b.last(), Some(Next::ReadWhole)), "{bad:?}");
        }
        let line = "word ".repeat(200);
        assert!(matches!(
            blocks(line.as_bytes(), 4).last(),
            Some(Next::ReadWhole)
        ));
        // Within the limit, a long paragraph is one block.
        assert_eq!(texts(line.as_bytes(), 100).len(), 1);
    }
}
