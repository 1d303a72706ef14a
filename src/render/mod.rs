//! Showing findings: one small emitter per output format.

pub mod ci;
pub mod diff;
pub mod human;
pub mod json;
pub mod stream;

use crate::document::excerpt::Located;
use crate::rules::Finding;

/// The findings of one document, ready to render.
pub struct FileReport<'a> {
    /// The name shown for the document (path, or `-` for stdin).
    pub name: &'a str,
    /// Where its findings are (line and column numbers and source lines): the whole
    /// [`crate::document::Document`], or an [`crate::document::excerpt::Excerpt`] of the lines
    /// findings touch.
    pub doc: &'a dyn Located,
    /// Its findings, in text order.
    pub findings: &'a [Finding],
}
