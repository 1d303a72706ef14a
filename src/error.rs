//! The one error type of mtlint: every failure becomes a single, human-readable line that names
//! the file (or rule file and rule id) and what is wrong. The CLI maps any `Error` to exit code 2.

use std::fmt;
use std::path::Path;

/// An error with a complete, user-facing message (no further context needed to act on it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
        }
    }

    /// An error about a file: `path: problem`.
    pub fn file(path: impl AsRef<Path>, problem: impl fmt::Display) -> Self {
        Error::new(format!("{}: {}", path.as_ref().display(), problem))
    }

    /// An error about one rule of a rule file: `file: rule id: problem`.
    pub fn rule(file: &str, id: &str, problem: impl fmt::Display) -> Self {
        Error::new(format!("{file}: rule `{id}`: {problem}"))
    }

    /// The message, without any prefix.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Result alias used throughout mtlint.
pub type Result<T> = std::result::Result<T, Error>;
