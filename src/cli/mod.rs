//! The command line: parses arguments, runs a command, prints its report and returns
//! the exit code. Business rules live in the library modules; this layer only wires.

pub mod args;
mod catalog;
mod compare;

mod emit;
pub mod help;
mod output;
mod plan;
pub mod plugin;
mod preflight;

use clap::{CommandFactory, FromArgMatches};

pub use args::{Cli, OutputFormat};
pub use output::write_stdout;

use crate::error::exit_code;
use crate::i18n::{self, Lang};

/// Builds the clap command with help texts in the current language.
pub fn command() -> clap::Command {
    help::localize(Cli::command())
}

/// Runs capplan with raw process arguments and returns the exit code.
pub fn main_with_args(raw_args: Vec<String>) -> u8 {
    let lang = args::language_from_args(&raw_args)
        .or_else(|| match std::env::var("CAPPLAN_LANG").as_deref() {
            Ok("ko") => Some(Lang::Ko),
            Ok("en") => Some(Lang::En),
            _ => None,
        })
        .unwrap_or_else(Lang::from_locale);
    i18n::set_language(lang);

    plugin::remember_invoked_name(&raw_args);
    let matches = match plugin::command_as_invoked().try_get_matches_from(&raw_args) {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                exit_code::BAD_INPUT
            } else {
                exit_code::SUCCESS
            };
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return exit_code::BAD_INPUT;
        }
    };
    init_logging(cli.global.verbose);

    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            output::print_error(&error);
            error.exit_code()
        }
    }
}

fn init_logging(verbose: u8) {
    // kube-rs and hyper log every failed connection attempt at error level; capplan
    // reports the final failure itself, so their logs show only with -vv or RUST_LOG.
    let default_filter = match verbose {
        0 => "warn,kube=off,kube_client=off,hyper=off,hyper_util=off,rustls=off",
        1 => "info,kube=off,kube_client=off,hyper=off,hyper_util=off,rustls=off",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .with_target(false)
        .try_init();
}

/// Runs one parsed command and returns its exit code.
pub fn run(cli: Cli) -> crate::Result<u8> {
    match &cli.command {
        args::Command::Catalog(args) => catalog::run(args, &cli.global),
        args::Command::Plan(args) => plan::run(args, &cli.global),
        args::Command::Preflight(args) => preflight::run(args, &cli.global),
        args::Command::Snapshot(args) => preflight::run_snapshot(args),
        args::Command::Compare(args) => compare::run(args, &cli.global),

        args::Command::Emit(args) => emit::run(args, &cli.global),
        args::Command::Completions(args) => plugin::run_completions(args),
        args::Command::Man(args) => plugin::run_man(args),
    }
}

/// Returns the process's resident and peak memory for debug logs, where the system
/// reports them (`/proc/self/status` on Linux), else an empty text.
pub(crate) fn memory_use() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .filter(|line| line.starts_with("VmRSS") || line.starts_with("VmHWM"))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}
