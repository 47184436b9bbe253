//! Command-line arguments. English help lives in the doc comments; Korean help is
//! applied at run time from the `help-*` messages (see `localize_help`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

/// Capacity planner and preflight simulator for sharded load generators on Kubernetes.
#[derive(Debug, Parser)]
#[command(name = "capplan", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Output language; defaults to Korean when the locale (LANG, LC_ALL) is Korean.
    #[arg(long, global = true, value_enum, env = "CAPPLAN_LANG")]
    pub lang: Option<Lang>,

    /// Read the instance catalog from this directory instead of the bundled one.
    #[arg(long, global = true, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    /// Log decisions to stderr (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Tables for a terminal.
    Table,
    /// JSON with a schema version, for programs and CI.
    Json,
    /// Markdown, for pasting into a design review.
    Markdown,
    /// A self-contained HTML page with charts, for a design review.
    Html,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Size the shards and find the cheapest node mix for a scenario.
    Plan(PlanArgs),
    /// Predict which pods will run, launch nodes or stay Pending, before applying anything.
    Preflight(PreflightArgs),
    /// List instance types with their modelled allocatable resources and prices.
    Catalog(CatalogArgs),
    /// Write the cluster state preflight needs to a file, read-only, without secrets.
    Snapshot(SnapshotArgs),
    /// Plan several scenarios, or one scenario across values of a field, side by side.
    Compare(CompareArgs),

    /// Write the manifests that run a scenario: an Indexed Job or a k6-operator TestRun.
    Emit(EmitArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Write man pages for capplan and each command to a directory.
    Man(ManArgs),
}

/// The report format, shared by the commands that print reports.
#[derive(Debug, Clone, Copy, Args)]
pub struct FormatArgs {
    /// Output format: a table for people, JSON for programs, Markdown for reviews.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

/// Where the cluster state comes from: snapshot files, or the live cluster.
#[derive(Debug, Clone, Args)]
pub struct ClusterArgs {
    /// Cluster snapshot files: `kubectl get ... -o json` Lists or capplan snapshots. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Vec<PathBuf>,

    /// The kubeconfig file to read the live cluster with (default: KUBECONFIG, then ~/.kube/config).
    #[arg(long, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,

    /// The kubeconfig context to use.
    #[arg(long, value_name = "CONTEXT")]
    pub context: Option<String>,

    /// Read only the nodes of this Karpenter NodePool (all NodePools are still read).
    #[arg(long, value_name = "NAME")]
    pub nodepool: Option<String>,

    /// A label selector narrowing the nodes read, such as workload-type=loadtest.
    #[arg(long, value_name = "SELECTOR")]
    pub node_selector: Option<String>,

    /// Seconds one API request may take before it is retried.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub request_timeout: u64,
}

/// Arguments of `capplan plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub format: FormatArgs,

    /// The scenario file (YAML), for example scenarios/30k.yaml.
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,

    /// Allow only these instance types (comma-separated), replacing the scenario's list.
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub instance_types: Vec<String>,

    /// Replace the scenario's region (prices).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Replace the NodePool cpu limit, in cores of instance capacity.
    #[arg(long, value_name = "CPU")]
    pub cpu_limit: Option<String>,

    /// Solver time limit in milliseconds; past it the best plan found is reported with its gap.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub time_limit_ms: u64,
}

/// Arguments of `capplan preflight`.
#[derive(Debug, Args)]
pub struct PreflightArgs {
    /// A scenario whose planned pods are checked (instead of, or besides, -f manifests).
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// Manifest files or directories (multi-document YAML) to check.
    #[arg(short = 'f', long = "filename", value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub cluster: ClusterArgs,

    #[command(flatten)]
    pub format: FormatArgs,

    /// Region whose on-demand prices rank instance types for Karpenter's cheapest launch.
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    pub region: String,

    /// Namespace for manifests that name none.
    #[arg(short = 'n', long, value_name = "NAMESPACE", default_value = "default")]
    pub namespace: String,

    /// Seconds a new node takes to become Ready, for start-time estimates.
    #[arg(long, value_name = "SECONDS", default_value_t = 90)]
    pub node_startup_seconds: u64,

    /// Also fail (exit 1) on warnings, not only on pods that will not run.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

/// The finding level that makes preflight exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Pods Pending or rejected at admission.
    Error,
    /// Errors and warnings (OOM risk, staggered starts, ...).
    Warning,
}

/// Arguments of `capplan catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(flatten)]
    pub format: FormatArgs,

    /// Show only these instance types (comma-separated); by default the curated common types.
    #[arg(value_delimiter = ',', value_name = "TYPES")]
    pub types: Vec<String>,

    /// Show all 1,363 instance types.
    #[arg(long)]
    pub all: bool,

    /// Region whose on-demand prices are shown.
    #[arg(long, default_value = "us-east-1", value_name = "REGION")]
    pub region: String,
}

/// Arguments of `capplan snapshot`.
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// The file to write; it is replaced atomically (written to a temporary file, then renamed).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// Arguments of `capplan compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files (YAML) to compare; with --vary, exactly one.
    #[arg(value_name = "SCENARIO", required = true)]
    pub scenarios: Vec<PathBuf>,

    /// Vary one field of the scenario: pods, instance-types ('+' joins types of one option),
    /// region or cpu-limit, as KEY=V1,V2,...
    #[arg(long, value_name = "KEY=V1,V2,...")]
    pub vary: Option<String>,

    #[command(flatten)]
    pub format: FormatArgs,

    #[command(flatten)]
    pub cluster: ClusterArgs,

    /// Namespace the scenario's runner pods are checked in, when a cluster is given.
    #[arg(short = 'n', long, value_name = "NAMESPACE", default_value = "default")]
    pub namespace: String,

    /// Solver time limit per option in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub time_limit_ms: u64,
}

/// Arguments of `capplan emit`.
#[derive(Debug, Args)]
pub struct EmitArgs {
    /// The scenario file (YAML), for example scenarios/30k.yaml.
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,

    /// The manifest layout: job (one Indexed Job) or testrun (a k6-operator TestRun).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: EmitFormatArg,

    /// The k6 script to run; it is copied unchanged into a ConfigMap.
    #[arg(long, value_name = "FILE")]
    pub script: PathBuf,

    /// Write one file per object into this directory (created if missing) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Namespace of every object; by default none is set and kubectl's namespace applies.
    #[arg(short = 'n', long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// The k6 container image; the Job needs one with /bin/sh, as grafana/k6 has.
    #[arg(long, value_name = "IMAGE", default_value = crate::emit::DEFAULT_IMAGE)]
    pub image: String,

    /// Cluster snapshot files to take the NodePool's labels and taints from. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Vec<PathBuf>,

    /// TestRun only: put each runner on its own node (auto: when the plan does).
    #[arg(long, value_enum, default_value_t = SeparateArg::Auto)]
    pub separate: SeparateArg,
}

/// The manifest layout of `capplan emit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EmitFormatArg {
    /// One Indexed Job with a pod per part.
    Job,
    /// One k6-operator TestRun (k6.io/v1alpha1).
    Testrun,
}

/// Whether a TestRun sets `separate: true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeparateArg {
    /// When the cheapest plan puts one runner on each node.
    Auto,
    /// Always one runner per node.
    Always,
    /// Never; runners may share nodes.
    Never,
}

/// Arguments of `capplan completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Arguments of `capplan man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The directory to write the man pages to (created if missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
}

/// Finds `--lang` in raw arguments before clap runs, so help text can be localized.
pub fn language_from_args(args: &[String]) -> Option<Lang> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let value = if arg == "--lang" {
            iter.next().map(String::as_str)
        } else {
            arg.strip_prefix("--lang=")
        };
        match value {
            Some("ko") => return Some(Lang::Ko),
            Some("en") => return Some(Lang::En),
            _ => {}
        }
    }
    None
}
