//! `mtlint review`: go through suggested changes one by one (work in progress, issue 5).

use crate::cli::{Common, ReviewArgs};
use crate::error::{Error, Result};

/// Run a review session.
pub fn run(_common: &Common, _args: &ReviewArgs) -> Result<u8> {
    Err(Error::new("`mtlint review` is not implemented yet"))
}
