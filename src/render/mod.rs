//! Showing findings: one small emitter per output format.

pub mod ci;
pub mod diff;
pub mod human;
pub mod json;
pub mod stream;

use crate::document::Document;
use crate::rules::Finding;

/// The findings of one document, ready to render.
pub struct FileReport<'a> {
    /// The name shown for the document (path, or `-` for stdin).
    pub name: &'a str,
    /// The document (for line and column numbers and source lines).
    pub doc: &'a Document<'a>,
    /// Its findings, in text order.
    pub findings: &'a [Finding],
}
