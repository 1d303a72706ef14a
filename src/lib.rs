//! mtlint: find and fix the artifacts machine translation leaves in text.
//!
//! The flow of data: [`source`] reads text, [`document`] models it, [`rules`] find problems,
//! [`fix`] repairs them, [`render`] shows them; [`app`] wires these into the command line.

pub mod app;
pub mod baseline;
pub mod block_reader;
pub mod cli;
pub mod config;
pub mod document;
pub mod error;
pub mod fix;
pub mod input;
pub mod language;
pub mod large_fix;
pub mod parallel;
pub mod pipeline;
pub mod render;
pub mod review;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;

pub use document::Document;
pub use error::{Error, Result};
pub use rules::{load::load, Applicability, Finding, RuleSet, Severity};
