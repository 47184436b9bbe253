//! The `capplan` binary: see `capplan --help`.

// Bad input must never panic: errors go through `crate::Error` instead.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

/// mimalloc instead of the system allocator: reading a large snapshot makes millions of
/// small allocations on every core, where glibc's arenas spent about half the parse
/// time in `malloc` and in growing their heaps. Its transparent huge pages are off
/// (feature `no_thp`): with them, the first max-scale run after the machine had idled
/// spent 2.5 s or more in the kernel here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let code = capplan::cli::main_with_args(std::env::args().collect());
    std::process::ExitCode::from(code)
}
