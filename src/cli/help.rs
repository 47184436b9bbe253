//! Localized help: every command and argument takes its help text from the
//! `help-*` messages of the output language, so `--help` reads in Korean with `--lang ko`.

use clap::{Arg, ArgAction, Command};

use crate::i18n;

/// The message id for a command's about text (`help-plan`) or an argument's help
/// (`help-plan-instance-types`; global arguments: `help-global-lang`).
pub fn help_id(command_path: &[&str], arg: Option<&str>) -> String {
    let mut parts: Vec<&str> = vec!["help"];
    if command_path.is_empty() {
        parts.push("capplan");
    } else {
        parts.extend(command_path);
    }
    if let Some(arg) = arg {
        parts.push(arg);
    }
    parts.join("-").replace('_', "-")
}

/// Applies the current language's help texts to `command` and all its subcommands.
pub fn localize(command: Command) -> Command {
    localize_at(command, &[])
}

fn lookup(id: &str) -> Option<String> {
    let loader = i18n::loader();
    loader.has(id).then(|| loader.get(id))
}

fn localize_at(mut command: Command, path: &[&str]) -> Command {
    if let Some(about) = lookup(&help_id(path, None)) {
        command = command.about(about);
    }
    if let Some(template) = lookup("help-template") {
        command = command.help_template(template);
    }
    // clap's own help flag and help subcommand carry fixed English text; replace the
    // flag with one whose help is localized, and leave `--help` as the way to get help.
    command = command
        .subcommand_help_heading(crate::t!("help-heading-commands"))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true),
        );
    if path.is_empty() {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version),
        );
    }

    let arg_ids: Vec<String> = command
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for arg_id in arg_ids {
        let id = if is_global(&arg_id) {
            help_id(&["global"], Some(&arg_id))
        } else {
            help_id(path, Some(&arg_id))
        };
        if let Some(help) = lookup(&id) {
            // The help text names the accepted values in the output language, so clap's
            // English list of possible values is hidden.
            command = command.mut_arg(arg_id.as_str(), |arg| {
                let takes_value = matches!(arg.get_action(), ArgAction::Set | ArgAction::Append);
                let has_choices = takes_value && arg.get_value_parser().possible_values().is_some();
                let heading = if arg.is_positional() {
                    crate::t!("help-heading-arguments")
                } else {
                    crate::t!("help-heading-options")
                };
                arg.help(help)
                    .hide_possible_values(has_choices)
                    .help_heading(heading)
            });
        }
    }

    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let mut sub_path: Vec<&str> = path.to_vec();
        sub_path.push(&name);
        let sub_path_owned: Vec<String> = sub_path.iter().map(|s| s.to_string()).collect();
        command = command.mut_subcommand(name.as_str(), |sub| {
            let borrowed: Vec<&str> = sub_path_owned.iter().map(String::as_str).collect();
            localize_at(sub, &borrowed)
        });
    }
    command
}

/// Arguments defined once on the top-level command and shown on every subcommand.
pub fn is_global(arg_id: &str) -> bool {
    matches!(arg_id, "lang" | "catalog" | "verbose" | "help" | "version")
}

/// Lists every help message id the command tree uses, for the catalog test.
pub fn all_help_ids(command: &Command) -> Vec<String> {
    let mut ids = Vec::new();
    collect_ids(command, &[], &mut ids);
    ids.sort();
    ids.dedup();
    ids
}

fn collect_ids(command: &Command, path: &[&str], ids: &mut Vec<String>) {
    ids.push(help_id(path, None));
    for arg in command.get_arguments() {
        let arg_id = arg.get_id().as_str();
        if is_global(arg_id) {
            ids.push(help_id(&["global"], Some(arg_id)));
        } else {
            ids.push(help_id(path, Some(arg_id)));
        }
    }
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let mut sub_path = path.to_vec();
        sub_path.push(sub.get_name());
        collect_ids(sub, &sub_path, ids);
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, with_language};

    #[test]
    fn localized_commands_pass_clap_checks() {
        for lang in [Lang::En, Lang::Ko] {
            with_language(lang, || crate::cli::command().debug_assert());
        }
    }

    #[test]
    fn korean_help_is_applied() {
        let help = with_language(Lang::Ko, || {
            crate::cli::command().render_long_help().to_string()
        });
        assert!(help.contains("사용법:"), "{help}");
        assert!(help.contains("출력 언어"), "{help}");
    }
}
