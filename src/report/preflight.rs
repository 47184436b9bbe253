//! The `capplan preflight` report for people: the gate's result, every pod's fate in
//! the scheduler's and Karpenter's own words, the nodes Karpenter would launch, and
//! the findings.

use crate::preflight::PreflightReport;
use crate::quantity::{format_bytes, format_cpu_millis};
use crate::simulate::{AllocatableSource, PodOutcome};
use crate::t;

use super::packing::{NodeBar, terminal_lines};
use super::{Block, Document, format_dollars};

/// Renders preflight for a terminal, with each node Karpenter would launch drawn as
/// unicode bars against Karpenter's modelled allocatable.
pub fn preflight_terminal(report: &PreflightReport) -> String {
    let mut document = preflight_document(report);
    let bars = node_claim_bars(report);
    if !bars.is_empty() {
        document.push(
            Some(t!("preflight-heading-packing")),
            Block::Lines(terminal_lines(&bars)),
        );
    }
    document.to_terminal()
}

/// Returns one bar per planned NodeClaim. Pods of equal requests are drawn one block
/// each; pods of different sizes are drawn as one block, so the total stays exact.
pub fn node_claim_bars(report: &PreflightReport) -> Vec<NodeBar> {
    report
        .verdict
        .node_claims
        .iter()
        .map(|claim| {
            let count = i64::try_from(claim.pods.len()).unwrap_or(1).max(1);
            let total = &claim.pod_requests;
            let even = total.cpu_millis % count == 0 && total.memory_bytes % count == 0;
            let (runner_pods, divisor) = if even {
                (u32::try_from(count).unwrap_or(1), count)
            } else {
                (1, 1)
            };
            NodeBar {
                label: format!("{} {}", claim.name, claim.instance_type),
                daemonset_cpu_millis: claim.daemonset_overhead.cpu_millis,
                daemonset_memory_bytes: claim.daemonset_overhead.memory_bytes,
                runner_pods,
                pod_cpu_millis: total.cpu_millis / divisor,
                pod_memory_bytes: total.memory_bytes / divisor,
                allocatable_cpu_millis: claim.allocatable_model.cpu_millis,
                allocatable_memory_bytes: claim.allocatable_model.memory_bytes,
            }
        })
        .collect()
}

/// Builds the preflight document; the caller renders it as a table or Markdown.
pub fn preflight_document(report: &PreflightReport) -> Document {
    let result = if report.passed {
        t!("preflight-pass")
    } else {
        t!("preflight-fail")
    };
    let mut document = Document::new(t!("preflight-title", result = result));
    document.push(None, summary_block(report));
    document.push(Some(t!("preflight-heading-pods")), pods_block(report));
    if !report.verdict.node_claims.is_empty() {
        document.push(
            Some(t!("preflight-heading-nodeclaims")),
            node_claims_block(report),
        );
    }
    if !report.verdict.node_pools.is_empty() {
        document.push(
            Some(t!("preflight-heading-nodepools")),
            node_pools_block(report),
        );
    }
    let explanations = pending_explanations(report);
    if !explanations.is_empty() {
        document.push(
            Some(t!("preflight-heading-why")),
            Block::Lines(explanations),
        );
    }
    if !report.findings.is_empty() {
        document.push(
            Some(t!("preflight-heading-findings")),
            Block::Findings(report.findings.clone()),
        );
    }
    if !report.notes.is_empty() {
        document.push(
            Some(t!("preflight-heading-notes")),
            Block::Lines(report.notes.clone()),
        );
    }
    document
}

fn summary_block(report: &PreflightReport) -> Block {
    let summary = &report.summary;
    let mut fields = vec![
        (
            t!("preflight-field-cluster"),
            report.cluster_sources.join(", "),
        ),
        (t!("preflight-field-workloads"), report.workloads.join(", ")),
        (t!("preflight-field-pods"), summary.pods.to_string()),
        (
            t!("preflight-field-scheduled"),
            summary.scheduled.to_string(),
        ),
        (
            t!("preflight-field-new-nodes"),
            summary.on_new_nodes.to_string(),
        ),
    ];
    if summary.launch_loop > 0 {
        fields.push((
            t!("preflight-field-launch-loop"),
            summary.launch_loop.to_string(),
        ));
    }
    fields.push((t!("preflight-field-pending"), summary.pending.to_string()));
    fields.push((
        t!("preflight-field-failed-create"),
        summary.failed_create.to_string(),
    ));
    if summary.new_nodes > 0 {
        fields.push((
            t!("preflight-field-launches"),
            t!(
                "preflight-value-launches",
                count = summary.new_nodes,
                price = format_dollars(summary.new_nodes_price_micros_per_hour)
            ),
        ));
    }
    Block::Fields(fields)
}

fn pods_block(report: &PreflightReport) -> Block {
    let mut rows: Vec<Vec<String>> = report
        .verdict
        .pods
        .iter()
        .map(|pod| {
            let (outcome, place, reason) = match &pod.outcome {
                PodOutcome::Scheduled { node } => (
                    t!("preflight-outcome-scheduled"),
                    node.clone(),
                    String::new(),
                ),
                PodOutcome::OnNewNode {
                    node_claim,
                    node_pool,
                    instance_type,
                    ..
                } => (
                    t!("preflight-outcome-new-node"),
                    format!("{node_claim} ({node_pool}, {instance_type})"),
                    String::new(),
                ),
                PodOutcome::LaunchLoop {
                    node_claim,
                    instance_type,
                    reasons,
                    ..
                } => (
                    t!("preflight-outcome-launch-loop"),
                    format!("{node_claim} ({instance_type})"),
                    reasons.join(", "),
                ),
                PodOutcome::Pending {
                    message,
                    karpenter_message,
                    ..
                } => {
                    let mut reason = message.clone();
                    if let Some(karpenter) = karpenter_message {
                        reason.push('\n');
                        reason.push_str(karpenter);
                    }
                    (t!("preflight-outcome-pending"), "-".to_string(), reason)
                }
            };
            let start = pod
                .start_seconds
                .map(|seconds| format!("{seconds}s"))
                .unwrap_or_else(|| "-".to_string());
            vec![
                pod.pod.clone(),
                format!(
                    "{} / {}",
                    format_cpu_millis(pod.requests.cpu_millis),
                    format_bytes(pod.requests.memory_bytes)
                ),
                outcome,
                place,
                start,
                reason,
            ]
        })
        .collect();
    rows.extend(report.rejections.iter().map(|rejection| {
        vec![
            format!("{}/{}", rejection.namespace, rejection.pod),
            "-".to_string(),
            t!("preflight-outcome-failed-create"),
            "-".to_string(),
            "-".to_string(),
            rejection.message.clone(),
        ]
    }));
    Block::Table {
        header: vec![
            t!("preflight-col-pod"),
            t!("preflight-col-requests"),
            t!("preflight-col-outcome"),
            t!("preflight-col-where"),
            t!("preflight-col-start"),
            t!("preflight-col-reason"),
        ],
        rows,
    }
}

fn node_claims_block(report: &PreflightReport) -> Block {
    let rows = report
        .verdict
        .node_claims
        .iter()
        .map(|claim| {
            let source = match &claim.allocatable_real_source {
                AllocatableSource::LiveNode(node) => {
                    t!("preflight-real-from-node", node = node.clone())
                }
                AllocatableSource::Given => t!("preflight-real-measured"),
                AllocatableSource::Model => t!("preflight-real-model"),
            };
            vec![
                claim.name.clone(),
                claim.node_pool.clone(),
                claim.instance_type.clone(),
                claim.pods.len().to_string(),
                format!(
                    "{} / {}",
                    format_cpu_millis(claim.allocatable_model.cpu_millis),
                    format_bytes(claim.allocatable_model.memory_bytes)
                ),
                format!(
                    "{} / {} ({source})",
                    format_cpu_millis(claim.allocatable_real.cpu_millis),
                    format_bytes(claim.allocatable_real.memory_bytes)
                ),
                format_dollars(claim.price_micros_per_hour),
            ]
        })
        .collect();
    Block::Table {
        header: vec![
            t!("preflight-col-nodeclaim"),
            t!("preflight-col-nodepool"),
            t!("preflight-col-type"),
            t!("preflight-col-pods"),
            t!("preflight-col-alloc-model"),
            t!("preflight-col-alloc-real"),
            t!("preflight-col-price"),
        ],
        rows,
    }
}

fn node_pools_block(report: &PreflightReport) -> Block {
    let rows = report
        .verdict
        .node_pools
        .iter()
        .map(|pool| {
            let types = pool
                .instance_types
                .iter()
                .map(|(name, count)| format!("{count} × {name}"))
                .collect::<Vec<_>>()
                .join(", ");
            let limits = pool
                .limits
                .iter()
                .map(|limit| {
                    let format = |value: i64| match limit.resource.as_str() {
                        "cpu" => format_cpu_millis(value),
                        "memory" => format_bytes(value),
                        _ => value.to_string(),
                    };
                    t!(
                        "preflight-value-limit",
                        resource = limit.resource.clone(),
                        used = format(limit.in_use + limit.planned),
                        limit = format(limit.limit)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            vec![
                pool.node_pool.clone(),
                pool.weight.to_string(),
                pool.nodes_to_launch.to_string(),
                if types.is_empty() {
                    "-".to_string()
                } else {
                    types
                },
                if pool.nodes_to_launch == 0 {
                    "-".to_string()
                } else {
                    format_dollars(pool.price_micros_per_hour)
                },
                if limits.is_empty() {
                    "-".to_string()
                } else {
                    limits
                },
            ]
        })
        .collect();
    Block::Table {
        header: vec![
            t!("preflight-col-nodepool"),
            t!("preflight-col-weight"),
            t!("preflight-col-launches"),
            t!("preflight-col-types"),
            t!("preflight-col-price"),
            t!("preflight-col-limits"),
        ],
        rows,
    }
}

/// Returns, for each Pending pod, why each NodePool could not help.
fn pending_explanations(report: &PreflightReport) -> Vec<String> {
    let mut lines = Vec::new();
    for pod in &report.verdict.pods {
        match &pod.outcome {
            PodOutcome::Pending { node_pools, .. } => {
                for pool in node_pools {
                    lines.push(format!(
                        "{} — {}: {}",
                        pod.pod, pool.node_pool, pool.explanation
                    ));
                }
            }
            PodOutcome::LaunchLoop { explanation, .. } => {
                lines.push(format!("{} — {explanation}", pod.pod));
            }
            _ => {}
        }
    }
    lines
}
