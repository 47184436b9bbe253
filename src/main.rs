//! The `capplan` binary: see `capplan --help`.

// Bad input must never panic: errors go through `crate::Error` instead.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

fn main() -> std::process::ExitCode {
    let code = capplan::cli::main_with_args(std::env::args().collect());
    std::process::ExitCode::from(code)
}
