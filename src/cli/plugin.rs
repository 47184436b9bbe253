//! The binary's names: `capplan`, or `kubectl-capplan` when installed as a kubectl
//! plugin, plus the shell completions and man pages generated from the clap definitions.

use std::path::Path;
use std::sync::OnceLock;

use super::args::{CompletionsArgs, ManArgs};
use crate::error::exit_code;
use crate::{Error, t};

/// The file name kubectl looks for on PATH to run `kubectl capplan`.
pub const PLUGIN_NAME: &str = "kubectl-capplan";

static INVOKED_AS_PLUGIN: OnceLock<bool> = OnceLock::new();

/// Returns true when `argv0` names the kubectl plugin executable. kubectl runs a plugin
/// with its full path as argv[0]; Windows adds `.exe`.
pub fn is_plugin_name(argv0: &str) -> bool {
    let path = Path::new(argv0);
    let stem = if path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("exe"))
    {
        path.file_stem()
    } else {
        path.file_name()
    };
    stem.is_some_and(|name| name == PLUGIN_NAME)
}

/// Records how the process was started, from argv[0], for help and completions.
pub fn remember_invoked_name(raw_args: &[String]) {
    let plugin = raw_args.first().is_some_and(|argv0| is_plugin_name(argv0));
    let _ = INVOKED_AS_PLUGIN.set(plugin);
}

/// Returns the localized command, named `kubectl capplan` in usage lines when the
/// binary runs as the kubectl plugin.
pub fn command_as_invoked() -> clap::Command {
    name_command(super::command(), *INVOKED_AS_PLUGIN.get().unwrap_or(&false))
}

/// Names `command` for the plugin form, or leaves it as `capplan`.
pub fn name_command(command: clap::Command, plugin: bool) -> clap::Command {
    if plugin {
        command
            .name(PLUGIN_NAME)
            .display_name(PLUGIN_NAME)
            .bin_name("kubectl capplan")
    } else {
        command
    }
}

/// Runs `capplan completions SHELL`: prints the completion script for the name the
/// binary was started as.
pub fn run_completions(args: &CompletionsArgs) -> crate::Result<u8> {
    let mut command = command_as_invoked();
    let bin_name = command.get_name().to_string();
    let mut buffer: Vec<u8> = Vec::new();
    clap_complete::generate(args.shell, &mut command, bin_name, &mut buffer);
    super::write_stdout(&String::from_utf8_lossy(&buffer))?;
    Ok(exit_code::SUCCESS)
}

/// Runs `capplan man -o DIR`: writes `capplan.1` and one page per command.
pub fn run_man(args: &ManArgs) -> crate::Result<u8> {
    std::fs::create_dir_all(&args.output)
        .map_err(|error| Error::io(&args.output, t!("cli-write-failed"), error))?;
    clap_mangen::generate_to(command_as_invoked(), &args.output)
        .map_err(|error| Error::io(&args.output, t!("cli-write-failed"), error))?;
    eprintln!(
        "{}",
        t!("cli-man-written", dir = args.output.display().to_string())
    );
    Ok(exit_code::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_name_from_argv0() {
        assert!(is_plugin_name("kubectl-capplan"));
        assert!(is_plugin_name("/usr/local/bin/kubectl-capplan"));
        assert!(is_plugin_name("C:/bin/kubectl-capplan.exe"));
        assert!(!is_plugin_name("capplan"));
        assert!(!is_plugin_name("/usr/bin/kubectl-capplan-old"));
    }

    #[test]
    fn plugin_usage_says_kubectl_capplan() {
        let mut command = name_command(crate::cli::command(), true);
        let usage = command.render_usage().to_string();
        assert!(usage.contains("kubectl capplan"), "{usage}");
    }
}
