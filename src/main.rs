//! The `capplan` binary: see `capplan --help`.

fn main() -> std::process::ExitCode {
    let code = capplan::cli::main_with_args(std::env::args().collect());
    std::process::ExitCode::from(code)
}
