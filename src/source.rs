//! Reading input text (from a file or stdin) and writing fixed text back safely.
//!
//! Reading refuses what is not UTF-8 text (binary files, NUL bytes, UTF-16, invalid UTF-8) with
//! a clear error. A UTF-8 byte order mark is remembered and stripped; line endings are kept as
//! they are (CRLF, LF or mixed), so that rules see the text and writes reproduce it byte for byte
//! outside the fixed spans. Writing is atomic: a temporary file in the same directory, flushed to
//! disk, given the original's permissions, then renamed over the original.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// One input document as read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file path, or `None` for standard input.
    pub path: Option<PathBuf>,
    /// The name shown in output (`-` for standard input).
    pub name: String,
    /// Whether the input started with a UTF-8 byte order mark (not part of `text`).
    pub bom: bool,
    /// The text, without the byte order mark.
    pub text: String,
    /// When `text` is only the first block of a large file read a block at a time: the sample
    /// of the whole file's text its language is detected from
    /// ([`crate::language::document_sample`]). `None`: the sample is taken from `text`.
    pub language_sample: Option<String>,
}

impl Source {
    /// Read a file, refusing directories, binary and non-UTF-8 content.
    pub fn read(path: &Path) -> Result<Source> {
        // Read first, and asked what the path is only if that fails: a `stat` of the path
        // before every read cost a system call per file.
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e)
                if e.kind() == std::io::ErrorKind::IsADirectory
                    || fs::metadata(path).is_ok_and(|m| m.is_dir()) =>
            {
                return Err(Error::file(
                    path,
                    "is a directory; give the files to lint (mtlint reads files, not directories)",
                ))
            }
            Err(e) => return Err(Error::file(path, io_problem(&e))),
        };
        let (bom, text) = decode(bytes).map_err(|p| Error::file(path, p))?;
        Ok(Source {
            path: Some(path.to_path_buf()),
            name: path.display().to_string(),
            bom,
            text,
            language_sample: None,
        })
    }

    /// Read all of standard input.
    pub fn stdin() -> Result<Source> {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::new(format!("-: cannot read standard input: {e}")))?;
        let (bom, text) = decode(bytes).map_err(|p| Error::new(format!("-: {p}")))?;
        Ok(Source::from_text("-", bom, text))
    }

    /// A source made from text in memory (tests, benches, stdin).
    pub fn from_text(name: &str, bom: bool, text: String) -> Source {
        Source {
            path: None,
            name: name.to_string(),
            bom,
            text,
            language_sample: None,
        }
    }

    /// The bytes that writing `text` for this source would produce (BOM restored).
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.bom {
            out.extend_from_slice(BOM.as_bytes());
        }
        out.extend_from_slice(text.as_bytes());
        out
    }

    /// Atomically replace the file with `text` (BOM restored, permissions kept).
    ///
    /// Refuses to write when the file changed on disk since it was read. A symbolic link is
    /// followed: its target is rewritten and the link stays a link.
    pub fn write(&self, text: &str) -> Result<()> {
        let Some(path) = &self.path else {
            return Err(Error::new("-: standard input cannot be written in place"));
        };
        let target = fs::canonicalize(path).map_err(|e| Error::file(path, io_problem(&e)))?;
        let current = fs::read(&target).map_err(|e| Error::file(path, io_problem(&e)))?;
        if current != self.encode(&self.text) {
            return Err(Error::file(
                path,
                "changed on disk since it was read; not overwritten",
            ));
        }
        write_atomic(&target, &self.encode(text)).map_err(|e| Error::file(path, e))
    }
}

/// Write `bytes` to `target` through a temporary file in the same directory and a rename.
fn write_atomic(target: &Path, bytes: &[u8]) -> std::result::Result<(), String> {
    let mut tmp = temp_beside(target)?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write the fixed text: {}", io_problem(&e)))?;
    replace_with(target, tmp)
}

/// A new temporary file in the directory of `target` (so that a rename replaces `target`
/// atomically), removed when dropped.
pub fn temp_beside(target: &Path) -> std::result::Result<tempfile::NamedTempFile, String> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    tempfile::Builder::new()
        .prefix(".mtlint-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| {
            format!(
                "cannot create a temporary file in {}: {}",
                dir.display(),
                io_problem(&e)
            )
        })
}

/// Replace `target` with `tmp` (made by [`temp_beside`], written and synced): its owner,
/// group and mode become `target`'s, then a rename puts it in place.
pub fn replace_with(
    target: &Path,
    tmp: tempfile::NamedTempFile,
) -> std::result::Result<(), String> {
    let perms = fs::metadata(target)
        .map_err(|e| format!("cannot read its metadata: {}", io_problem(&e)))?
        .permissions();
    // Keep the owner and group where this process may (root, or the owner keeping its group);
    // before the mode, since a change of owner clears set-user-ID and set-group-ID bits.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(meta) = fs::metadata(target) {
            let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
        }
    }
    fs::set_permissions(tmp.path(), perms)
        .map_err(|e| format!("cannot set permissions: {}", io_problem(&e)))?;
    tmp.persist(target)
        .map_err(|e| format!("cannot replace the file: {}", io_problem(&e.error)))?;
    Ok(())
}

/// Decode bytes as UTF-8 text, returning whether a BOM was present.
pub fn decode(bytes: Vec<u8>) -> std::result::Result<(bool, String), String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("UTF-16 text is not supported; convert it to UTF-8".to_string());
    }
    if let Some(pos) = memchr::memchr(0, &bytes) {
        return Err(format!(
            "binary file (NUL byte at offset {pos}); only UTF-8 text is linted"
        ));
    }
    // The text keeps the bytes read (no copy): a 100 MB file costs 100 MB.
    let mut bytes = bytes;
    let bom = bytes.starts_with(BOM.as_bytes());
    if bom {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((bom, s)),
        Err(e) => {
            let body = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let before = &body[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            // The prefix is valid UTF-8 by construction.
            let col = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            Err(format!(
                "not valid UTF-8 (invalid byte 0x{:02X} at line {line}, column {col}); only UTF-8 text is linted",
                body[at]
            ))
        }
    }
}

/// A short description of an I/O error, without Rust's `(os error N)` noise.
pub(crate) fn io_problem(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file".to_string(),
        PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_keeps_crlf() {
        let (bom, text) = decode(b"\xEF\xBB\xBFa\r\nb".to_vec()).unwrap();
        assert!(bom);
        assert_eq!(text, "a\r\nb");
    }

    #[test]
    fn decode_rejects_binary_utf16_and_bad_utf8() {
        assert!(decode(b"ab\0cd".to_vec()).unwrap_err().contains("binary"));
        assert!(decode(b"\xFF\xFEa\0".to_vec())
            .unwrap_err()
            .contains("UTF-16"));
        let e = decode(b"ok\nfa\xE9il".to_vec()).unwrap_err();
        assert!(e.contains("line 2, column 3"), "{e}");
    }

    #[test]
    fn read_names_a_directory_and_a_missing_file() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let e = Source::read(dir.path()).unwrap_err().to_string();
        assert!(e.contains("is a directory"), "{e}");
        assert!(e.contains(&dir.path().display().to_string()), "{e}");
        let missing = dir.path().join("missing.txt");
        let e = Source::read(&missing).unwrap_err().to_string();
        assert!(e.contains("no such file"), "{e}");
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "\u{feff}Kyiv\r\n").expect("written");
        let s = Source::read(&file).expect("read");
        assert_eq!((s.bom, s.text.as_str()), (true, "Kyiv\r\n"));
    }

    #[test]
    fn encode_restores_bom() {
        let s = Source::from_text("x", true, "hi".into());
        assert_eq!(s.encode("yo"), b"\xEF\xBB\xBFyo");
    }
}
