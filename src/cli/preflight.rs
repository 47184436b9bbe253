//! `capplan preflight` and `capplan snapshot`: reading the cluster, from files or live.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::args::{ClusterArgs, FailOn, GlobalArgs, OutputFormat, PreflightArgs, SnapshotArgs};
use super::catalog::load_catalog;
use super::plan::to_json;
use crate::catalog::NodeModel;
use crate::cluster::live::{LiveOptions, read_cluster};
use crate::cluster::load::load_snapshot_files_with_notes;
use crate::cluster::{ClusterState, snapshot};
use crate::error::exit_code;
use crate::finding::Severity;
use crate::manifest::{Manifests, Workload, load_manifests};
use crate::preflight::{PreflightOptions, preflight, scenario_workload};
use crate::report::preflight::{preflight_document, preflight_terminal};
use crate::scenario::Scenario;
use crate::simulate::SimulateOptions;
use crate::{Error, t};

/// Reads the cluster state from snapshot files when any are given, otherwise from the
/// live cluster the kubeconfig points at. Returns the state and notes about what was skipped.
pub fn read_cluster_state(args: &ClusterArgs) -> crate::Result<(ClusterState, Vec<String>)> {
    if !args.snapshot.is_empty() {
        if args.kubeconfig.is_some() || args.context.is_some() {
            return Err(Error::input("--snapshot", t!("cli-snapshot-and-live")));
        }
        if args.nodepool.is_some() || args.node_selector.is_some() {
            return Err(Error::input(
                "--snapshot",
                t!("cli-snapshot-and-node-filter"),
            ));
        }
        let loaded = load_snapshot_files_with_notes(&args.snapshot)?;
        let state = &loaded.state;
        if state.nodes.is_empty()
            && state.node_pools.is_empty()
            && state.pods.is_empty()
            && state.daemon_sets.is_empty()
        {
            // A scenario or manifest passed as --snapshot would otherwise read as an empty
            // cluster and fail the gate for the wrong reason.
            let files: Vec<String> = args
                .snapshot
                .iter()
                .map(|path| path.display().to_string())
                .collect();
            return Err(Error::input(files.join(", "), t!("cli-snapshot-empty")));
        }
        let notes = loaded
            .notes
            .iter()
            .map(|note| format!("{}: {}", note.location, note.message))
            .collect();
        return Ok((loaded.state, notes));
    }
    let options = LiveOptions {
        kubeconfig: args.kubeconfig.clone(),
        context: args.context.clone(),
        nodepool: args.nodepool.clone(),
        node_selector: args.node_selector.clone(),
        request_timeout: Duration::from_secs(args.request_timeout.max(1)),
        ..LiveOptions::default()
    };
    Ok((read_cluster(&options)?, Vec::new()))
}

/// Runs `capplan preflight`: exit 0 when every pod runs, 1 on a failing finding.
pub fn run(args: &PreflightArgs, global: &GlobalArgs) -> crate::Result<u8> {
    if args.scenario.is_none() && args.files.is_empty() {
        return Err(Error::input("preflight", t!("cli-preflight-nothing")));
    }
    let scenario = args.scenario.as_deref().map(Scenario::load).transpose()?;
    let manifests: Option<Manifests> = if args.files.is_empty() {
        None
    } else {
        Some(load_manifests(&args.files, Some(&args.namespace))?)
    };
    let started = std::time::Instant::now();
    let (cluster, cluster_notes) = read_cluster_state(&args.cluster)?;
    tracing::debug!(elapsed = ?started.elapsed(), memory = %super::memory_use(), "cluster state read");
    let catalog = load_catalog(global)?;
    tracing::debug!(elapsed = ?started.elapsed(), memory = %super::memory_use(), "catalog read");

    let mut workloads: Vec<Workload> = Vec::new();
    if let Some(scenario) = &scenario {
        workloads.push(scenario_workload(scenario, &cluster, &args.namespace));
    }
    let mut duplicate_notes: Vec<String> = Vec::new();
    if let Some(manifests) = &manifests {
        for workload in &manifests.workloads {
            // kubectl apply keeps one object per kind, namespace and name: the last one read.
            if let Some(index) = workloads.iter().position(|known| {
                known.kind == workload.kind
                    && known.namespace == workload.namespace
                    && known.name == workload.name
            }) {
                duplicate_notes.push(t!(
                    "cli-duplicate-workload",
                    workload = workload.label(),
                    origin = workload.origin.to_string()
                ));
                workloads.remove(index);
            }
            workloads.push(workload.clone());
        }
    }
    if workloads.iter().all(|workload| workload.pods.is_empty()) {
        // A gate that checked nothing must not pass: a wrong path or a file of
        // ConfigMaps alone is an input error.
        let files: Vec<String> = args
            .files
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        return Err(Error::input(files.join(", "), t!("cli-preflight-no-pods")));
    }
    let model = scenario
        .as_ref()
        .map(|scenario| scenario.node_model().clone())
        .unwrap_or_else(NodeModel::default);
    let options = PreflightOptions {
        simulate: SimulateOptions {
            node_startup_seconds: u32::try_from(args.node_startup_seconds).unwrap_or(u32::MAX),
            ..SimulateOptions::default()
        },
        fail_on: match args.fail_on {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        },
        region: args.region.clone(),
    };
    let mut report = preflight(
        &cluster,
        &workloads,
        manifests.as_ref(),
        &catalog,
        &model,
        &options,
    )?;
    tracing::debug!(elapsed = ?started.elapsed(), memory = %super::memory_use(), "preflight simulated");
    report.notes.extend(cluster_notes);
    report.notes.extend(duplicate_notes);
    if scenario.is_some() {
        report.notes.push(t!(
            "cli-scenario-namespace",
            namespace = args.namespace.clone()
        ));
    }

    let text = match args.format.output {
        OutputFormat::Json => to_json(&report)?,
        OutputFormat::Table => preflight_terminal(&report),
        OutputFormat::Markdown => preflight_document(&report).to_markdown(),
        OutputFormat::Html => crate::report::html::document_page(&preflight_document(&report)),
    };
    super::write_stdout(&text)?;
    tracing::debug!(elapsed = ?started.elapsed(), memory = %super::memory_use(), "report written");
    let code = report.exit_code();
    // The process ends next: freeing a cluster of 150,000 pods piece by piece would take
    // longer than the exit that releases it at once.
    std::mem::forget(cluster);
    std::mem::forget(report);
    Ok(code)
}

/// Runs `capplan snapshot`: reads the cluster and writes what preflight needs.
pub fn run_snapshot(args: &SnapshotArgs) -> crate::Result<u8> {
    let (cluster, _) = read_cluster_state(&args.cluster)?;
    let text = snapshot::write_snapshot(&cluster);
    write_atomically(&args.output, &text)?;
    eprintln!(
        "{}",
        t!(
            "cli-snapshot-written",
            path = args.output.display().to_string(),
            nodes = cluster.nodes.len(),
            pods = cluster.pods.len()
        )
    );
    Ok(exit_code::SUCCESS)
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`, so a
/// reader never sees a half-written snapshot.
fn write_atomically(path: &Path, text: &str) -> crate::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "snapshot".to_string());
    let temporary = directory.join(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, text)
        .map_err(|error| Error::io(&temporary, t!("cli-write-failed"), error))?;
    std::fs::rename(&temporary, path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        Error::io(path, t!("cli-write-failed"), error)
    })
}
