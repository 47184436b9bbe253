//! Design reviews: several plans side by side, one row per option, ranked so that the
//! cheapest option that places every pod without an error finding comes first.

mod vary;

use serde::Serialize;

use crate::finding::Severity;
use crate::optimize::NodeSource;
use crate::plan::PlanReport;
use crate::preflight::PreflightReport;
use crate::quantity::Resources;
use crate::report::JSON_SCHEMA_VERSION;
use crate::report::nodes::node_mix;
use crate::report::packing::{NodeBar, node_bars};
use crate::scenario::{LoadProfile, TargetScope};
use crate::t;

pub use vary::{Variation, VaryKey, apply_variation, parse_vary};

/// One option to compare: a plan, the scenario's load profile and, when a cluster was
/// given, the preflight of the same scenario.
#[derive(Debug, Clone)]
pub struct CompareInput {
    /// The option's name in the report: the scenario name, or `pods=6` for a variation.
    pub label: String,
    pub report: PlanReport,
    pub profile: LoadProfile,
    pub preflight: Option<PreflightReport>,
}

/// Everything `capplan compare` reports, serialized as its JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub schema_version: &'static str,
    /// The field varied with `--vary`, when one was.
    pub varied: Option<String>,
    /// The options in the order given.
    pub options: Vec<ComparedOption>,
    /// Indices into `options`, best first.
    pub ranking: Vec<usize>,
    /// Why the first option is first, in the output language.
    pub reason: String,
}

/// One option's row: the figures a design review puts side by side.
#[derive(Debug, Clone, Serialize)]
pub struct ComparedOption {
    pub label: String,
    pub scenario: String,
    pub file: String,
    /// 1 for the best option.
    pub rank: usize,
    /// Places every runner pod, has no error finding and, when checked, passes preflight.
    pub viable: bool,
    pub target_rps: u64,
    pub region: String,
    pub pods: u32,
    pub rps_per_pod_min: u64,
    pub rps_per_pod_max: u64,
    /// One pod's requests and limits.
    pub pod_requests: Resources,
    pub pod_limits: Resources,
    pub total_requests: Resources,
    pub total_limits: Resources,
    pub max_vus_per_pod: u64,
    pub max_vus_total: u64,
    pub test_duration_seconds: u64,
    pub node_mix: String,
    pub new_nodes: u32,
    pub placed_pods: u32,
    pub total_pods: u32,
    pub cost_micros_per_hour: i64,
    pub instance_cost_per_run_micros: i64,
    /// T3/T3a surplus CPU credits over one run (an estimate).
    pub credit_cost_per_run_micros: i64,
    pub total_cost_per_run_micros: i64,
    /// Room left on each node of the cheapest mix, in node order.
    pub headroom: Vec<NodeHeadroom>,
    /// What fills each node of the cheapest mix, for the packing charts.
    pub nodes: Vec<NodeBar>,
    pub findings: FindingCounts,
    pub preflight: Option<PreflightSummary>,
    /// The load profile: total requests per second at each stage boundary.
    pub profile: Vec<ProfilePoint>,
}

/// The room one node keeps after its runner pods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeHeadroom {
    pub node: String,
    pub cpu_millis: i64,
    pub memory_bytes: i64,
    pub pods: i64,
}

/// Findings counted by the risk they name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FindingCounts {
    /// maxVUs too low for the rate (`rps-short`).
    pub rps_short: usize,
    /// Predicted memory near or past the limit (`oom-risk`).
    pub oom_risk: usize,
    /// Predicted CPU past the target share of the limit (`cpu-throttling`).
    pub cpu_throttling: usize,
    /// Runner pods the cheapest mix cannot place: they would stay Pending.
    pub pending_pods: u32,
    pub errors: usize,
    pub warnings: usize,
}

/// The preflight verdict of one option against the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreflightSummary {
    pub passed: bool,
    pub pending: usize,
    pub failed_create: usize,
    pub new_nodes: usize,
    pub new_nodes_price_micros_per_hour: i64,
}

/// A point of the load profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProfilePoint {
    pub seconds: u64,
    /// Requests per second over all pods.
    pub total_rps: u64,
}

/// Builds the comparison of `inputs` and ranks them.
pub fn compare(inputs: &[CompareInput], varied: Option<String>) -> Comparison {
    let mut options: Vec<ComparedOption> = inputs.iter().map(option).collect();
    let ranking = rank(&options);
    for (position, &index) in ranking.iter().enumerate() {
        options[index].rank = position + 1;
    }
    let reason = reason(&options, &ranking);
    Comparison {
        schema_version: JSON_SCHEMA_VERSION,
        varied,
        options,
        ranking,
        reason,
    }
}

fn option(input: &CompareInput) -> ComparedOption {
    let report = &input.report;
    let sizing = &report.sizing;
    let optimal = &report.optimal;
    let findings = count_findings(report);
    let preflight = input.preflight.as_ref().map(|preflight| PreflightSummary {
        passed: preflight.passed,
        pending: preflight.summary.pending + preflight.summary.launch_loop,
        failed_create: preflight.summary.failed_create,
        new_nodes: preflight.summary.new_nodes,
        new_nodes_price_micros_per_hour: preflight.summary.new_nodes_price_micros_per_hour,
    });
    let viable = report.places_all()
        && findings.errors == 0
        && preflight.as_ref().is_none_or(|preflight| preflight.passed);
    ComparedOption {
        label: input.label.clone(),
        scenario: report.scenario.name.clone(),
        file: report.scenario.file.clone(),
        rank: 0,
        viable,
        target_rps: report.scenario.target_rps,
        region: report.scenario.region.clone(),
        pods: sizing.pods,
        rps_per_pod_min: sizing.rps_per_pod.iter().min().copied().unwrap_or(0),
        rps_per_pod_max: sizing.rps_per_pod.iter().max().copied().unwrap_or(0),
        pod_requests: sizing.requests.clone(),
        pod_limits: sizing.limits.clone(),
        total_requests: sizing.totals.requests.clone(),
        total_limits: sizing.totals.limits.clone(),
        max_vus_per_pod: sizing.max_vus_per_pod,
        max_vus_total: sizing.totals.max_vus,
        test_duration_seconds: report.scenario.test_duration_seconds,
        node_mix: node_mix(&optimal.plan),
        new_nodes: optimal.plan.new_nodes,
        placed_pods: optimal.plan.placed_pods,
        total_pods: optimal.plan.total_pods,
        cost_micros_per_hour: optimal.plan.cost_micros,
        instance_cost_per_run_micros: optimal.instance_cost_per_run_micros,
        credit_cost_per_run_micros: optimal.credit_cost_per_run_micros,
        total_cost_per_run_micros: optimal.total_cost_per_run_micros,
        headroom: headroom(report),
        nodes: node_bars(report),
        findings,
        preflight,
        profile: profile_points(&input.profile, sizing.pods),
    }
}

fn count_findings(report: &PlanReport) -> FindingCounts {
    let mut counts = FindingCounts {
        pending_pods: report
            .optimal
            .plan
            .total_pods
            .saturating_sub(report.optimal.plan.placed_pods),
        ..FindingCounts::default()
    };
    for finding in &report.findings {
        match finding.code.as_str() {
            "rps-short" => counts.rps_short += 1,
            "oom-risk" => counts.oom_risk += 1,
            "cpu-throttling" => counts.cpu_throttling += 1,
            _ => {}
        }
        match finding.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Info => {}
        }
    }
    counts
}

fn headroom(report: &PlanReport) -> Vec<NodeHeadroom> {
    report
        .optimal
        .plan
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| NodeHeadroom {
            node: node_label(index, &node.source),
            cpu_millis: node.headroom.cpu_millis,
            memory_bytes: node.headroom.memory_bytes,
            pods: node.headroom.pods,
        })
        .collect()
}

/// Names a planned node as the plan report does: `#2 t3a.2xlarge`, or the existing node's name.
pub fn node_label(index: usize, source: &NodeSource) -> String {
    match source {
        NodeSource::New { instance_type, .. } => format!("#{} {instance_type}", index + 1),
        NodeSource::Existing { name } => name.clone(),
    }
}

/// Returns the total rate at time 0 and at the end of each stage. k6's
/// `ramping-arrival-rate` moves linearly between these points, so they draw the profile.
pub fn profile_points(profile: &LoadProfile, pods: u32) -> Vec<ProfilePoint> {
    let scale = match profile.target_scope {
        TargetScope::Total => 1,
        TargetScope::PerPod => u64::from(pods),
    };
    let mut points = vec![ProfilePoint {
        seconds: 0,
        total_rps: profile.start_rps.saturating_mul(scale),
    }];
    let mut millis: u64 = 0;
    for stage in &profile.stages {
        millis = millis.saturating_add(stage.duration_millis);
        points.push(ProfilePoint {
            seconds: millis / 1000,
            total_rps: stage.target_rps.saturating_mul(scale),
        });
    }
    points
}

/// Returns true when the options aim at different total RPS, so absolute costs are not
/// comparable and the ranking uses cost per 1,000 RPS instead.
fn targets_differ(options: &[ComparedOption]) -> bool {
    options
        .windows(2)
        .any(|pair| pair[0].target_rps != pair[1].target_rps)
}

/// Returns an option's cost per run (credits included) per 1,000 RPS of its target.
fn cost_per_thousand_rps(option: &ComparedOption) -> i64 {
    let target = i128::from(option.target_rps.max(1));
    let scaled = i128::from(option.total_cost_per_run_micros) * 1000 / target;
    i64::try_from(scaled).unwrap_or(i64::MAX)
}

/// Orders the options: viable ones first, then by cost per run including credits (per
/// 1,000 RPS when the targets differ), then by cost per hour, then by the order given.
fn rank(options: &[ComparedOption]) -> Vec<usize> {
    let per_rps = targets_differ(options);
    let mut order: Vec<usize> = (0..options.len()).collect();
    order.sort_by_key(|&index| {
        let option = &options[index];
        let cost = if per_rps {
            cost_per_thousand_rps(option)
        } else {
            option.total_cost_per_run_micros
        };
        (!option.viable, cost, option.cost_micros_per_hour, index)
    });
    order
}

fn reason(options: &[ComparedOption], ranking: &[usize]) -> String {
    let Some(&first_index) = ranking.first() else {
        return String::new();
    };
    let first = &options[first_index];
    let cost = crate::report::format_dollars(first.total_cost_per_run_micros);
    if options.len() == 1 {
        return t!(
            "compare-reason-single",
            first = first.label.clone(),
            cost = cost
        );
    }
    if !first.viable {
        return t!(
            "compare-reason-none-viable",
            first = first.label.clone(),
            cost = cost
        );
    }
    let next = ranking.get(1).map(|&index| &options[index]);
    if targets_differ(options)
        && let Some(next) = next.filter(|next| next.viable)
    {
        return t!(
            "compare-reason-cheapest-per-rps",
            first = first.label.clone(),
            pods = i64::from(first.total_pods),
            cost = crate::report::format_dollars(cost_per_thousand_rps(first)),
            next = next.label.clone(),
            next_cost = crate::report::format_dollars(cost_per_thousand_rps(next))
        );
    }
    match next {
        Some(next) if next.viable => t!(
            "compare-reason-cheapest",
            first = first.label.clone(),
            pods = i64::from(first.total_pods),
            cost = cost,
            next = next.label.clone(),
            difference = crate::report::format_dollars(
                next.total_cost_per_run_micros - first.total_cost_per_run_micros
            )
        ),
        _ => t!(
            "compare-reason-only-viable",
            first = first.label.clone(),
            pods = i64::from(first.total_pods),
            cost = cost
        ),
    }
}

#[cfg(test)]
mod tests;
