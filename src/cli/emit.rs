//! `capplan emit`: reads the scenario and script, builds the manifests and writes them
//! to a directory or stdout, with the split's warnings on stderr.

use std::path::Path;
use std::time::Duration;

use super::args::{EmitArgs, EmitFormatArg, GlobalArgs, SeparateArg};
use super::catalog::load_catalog;
use crate::cluster::load::load_snapshot_files_with_notes;
use crate::emit::{EmitFormat, EmitOptions, Placement, emit};
use crate::error::exit_code;
use crate::plan::{PlanOptions, plan};
use crate::scenario::Scenario;
use crate::sizing;
use crate::{Error, t};

/// The API server rejects a ConfigMap whose data exceeds 1 MiB (`ValidateConfigMap` in
/// `pkg/apis/core/validation` checks it against `core.MaxSecretSize`).
const MAX_CONFIG_MAP_BYTES: usize = 1024 * 1024;

/// Runs `capplan emit`; exit 0 once the manifests are written.
pub fn run(args: &EmitArgs, global: &GlobalArgs) -> crate::Result<u8> {
    let scenario = Scenario::load(&args.scenario)?;
    let (script_key, script) = read_script(&args.script)?;
    let sizing = sizing::size(&scenario);

    let placement = if args.snapshot.is_empty() {
        Placement::from_scenario(&scenario)
    } else {
        let loaded = load_snapshot_files_with_notes(&args.snapshot)?;
        Placement::from_cluster(&scenario, &loaded.state)
    };
    if placement.node_selector.is_empty() {
        eprintln!("{}", t!("cli-emit-no-placement"));
    }

    let format = match args.format {
        EmitFormatArg::Job => EmitFormat::Job,
        EmitFormatArg::Testrun => EmitFormat::TestRun,
    };
    let separate = match (format, args.separate) {
        (EmitFormat::Job, _) | (_, SeparateArg::Never) => false,
        (EmitFormat::TestRun, SeparateArg::Always) => true,
        (EmitFormat::TestRun, SeparateArg::Auto) => plan_separates_runners(&scenario, global)?,
    };

    let options = EmitOptions {
        format,
        script_key,
        script,
        namespace: args.namespace.clone(),
        image: args.image.clone(),
        placement,
        separate,
    };
    let emitted = emit(&scenario, &sizing, &options)?;
    for warning in &emitted.warnings {
        eprintln!("{}: {warning}", t!("severity-warning"));
    }

    match &args.output {
        Some(directory) => {
            std::fs::create_dir_all(directory)
                .map_err(|error| Error::io(directory, t!("cli-write-failed"), error))?;
            for file in &emitted.files {
                let path = directory.join(&file.name);
                std::fs::write(&path, &file.yaml)
                    .map_err(|error| Error::io(&path, t!("cli-write-failed"), error))?;
            }
            eprintln!(
                "{}",
                t!(
                    "cli-emit-written",
                    count = emitted.files.len(),
                    dir = directory.display().to_string()
                )
            );
        }
        None => super::write_stdout(&emitted.to_yaml_stream())?,
    }
    Ok(exit_code::SUCCESS)
}

/// Reads the script and returns its ConfigMap key (the file name) and text.
fn read_script(path: &Path) -> crate::Result<(String, String)> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Error::io(path, t!("cli-emit-script-unreadable"), error))?;
    let key = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // ConfigMap keys are `[-._a-zA-Z0-9]+` (`IsConfigMapKey` in apimachinery).
    let valid_key = !key.is_empty()
        && key != "."
        && key != ".."
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid_key {
        return Err(Error::input(
            path.display().to_string(),
            t!("cli-emit-script-name", name = key),
        ));
    }
    if text.len() > MAX_CONFIG_MAP_BYTES {
        return Err(Error::input(
            path.display().to_string(),
            t!("cli-emit-script-too-large", bytes = text.len()),
        ));
    }
    Ok((key, text))
}

/// Returns true when the cheapest plan puts at most one runner on every node, so a
/// TestRun with `separate: true` requests the placement the plan costed.
fn plan_separates_runners(scenario: &Scenario, global: &GlobalArgs) -> crate::Result<bool> {
    let catalog = load_catalog(global)?;
    let options = PlanOptions {
        time_limit: Duration::from_secs(10),
        ..PlanOptions::default()
    };
    let report = plan(scenario, &catalog, &options)?;
    let nodes = &report.optimal.plan.nodes;
    let one_per_node = !nodes.is_empty()
        && nodes
            .iter()
            .all(|node| node.pods.iter().map(|group| group.count).sum::<u32>() <= 1);
    if one_per_node {
        eprintln!("{}", t!("cli-emit-separate"));
    }
    Ok(one_per_node)
}
