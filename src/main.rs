//! The `mtlint` command: run the CLI and map the result to an exit code
//! (0 clean, 1 findings or changes, 2 error).

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(mtlint::app::main())
}
