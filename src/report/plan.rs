//! The `capplan plan` report for people: shards, node types, the optimal mix, what
//! Karpenter would do, proposals checked and findings.

use crate::plan::{CostedPlan, PlanReport};
use crate::quantity::{Resources, format_bytes, format_cpu_millis};
use crate::t;

use super::nodes::{format_limit, node_mix, node_rows, status_text};
use super::{Block, Document, format_dollars, group_digits};
use crate::optimize::LimitKind;

/// Builds the plan document; the caller renders it as a table or Markdown.
pub fn plan_document(report: &PlanReport) -> Document {
    let mut document = Document::new(t!(
        "plan-title",
        name = report.scenario.name.clone(),
        file = report.scenario.file.clone(),
        rps = group_digits(report.scenario.target_rps),
        region = report.scenario.region.clone()
    ));
    document.push(Some(t!("plan-heading-shards")), shards_block(report));
    document.push(
        Some(t!("plan-heading-node-types")),
        node_types_block(report),
    );
    if report.node_types.iter().any(|fit| !fit.price_verified) {
        document.push(None, Block::Lines(vec![t!("plan-unverified-price")]));
    }
    document.push(
        Some(t!("plan-heading-optimal")),
        costed_fields(&report.optimal, report, true),
    );
    document.push(
        None,
        Block::Table {
            header: vec![
                t!("plan-col-node"),
                t!("plan-col-pods"),
                t!("plan-col-requested"),
                t!("plan-col-headroom"),
                t!("plan-col-price"),
            ],
            rows: node_rows(&report.optimal.plan),
        },
    );
    document.push(
        Some(t!("plan-heading-karpenter")),
        costed_fields(&report.karpenter, report, false),
    );
    if !report.proposals.is_empty() {
        document.push(Some(t!("plan-heading-proposals")), proposals_block(report));
    }
    if !report.findings.is_empty() {
        document.push(
            Some(t!("plan-heading-findings")),
            Block::Findings(report.findings.clone()),
        );
    }
    document
}

fn cpu_memory(resources: &Resources) -> String {
    format!(
        "cpu {} / memory {}",
        format_cpu_millis(resources.cpu_millis),
        format_bytes(resources.memory_bytes)
    )
}

fn shards_block(report: &PlanReport) -> Block {
    let sizing = &report.sizing;
    let rps_per_pod = {
        let max = sizing.rps_per_pod.iter().max().copied().unwrap_or(0);
        let min = sizing.rps_per_pod.iter().min().copied().unwrap_or(0);
        if max == min {
            group_digits(max)
        } else {
            format!("{}–{}", group_digits(min), group_digits(max))
        }
    };
    let mut fields = vec![
        (t!("plan-field-pods"), sizing.pods.to_string()),
        (t!("plan-field-rps-per-pod"), rps_per_pod),
        (t!("plan-field-requests"), cpu_memory(&sizing.requests)),
        (t!("plan-field-limits"), cpu_memory(&sizing.limits)),
        (
            t!("plan-field-total-requests"),
            cpu_memory(&sizing.totals.requests),
        ),
        (
            t!("plan-field-total-limits"),
            cpu_memory(&sizing.totals.limits),
        ),
        (
            t!("plan-field-max-vus"),
            t!(
                "plan-value-max-vus",
                per_pod = group_digits(sizing.max_vus_per_pod),
                total = group_digits(sizing.totals.max_vus)
            ),
        ),
    ];
    if let Some(needed) = sizing.needed_vus_per_pod {
        fields.push((t!("plan-field-needed-vus"), group_digits(needed)));
    }
    fields.extend([
        (
            t!("plan-field-iteration-budget"),
            t!(
                "plan-value-iteration-budget",
                millis = format!("{:.0}", sizing.max_mean_iteration_micros as f64 / 1000.0)
            ),
        ),
        (
            t!("plan-field-memory"),
            t!(
                "plan-value-of-limit",
                value = format_bytes(round_to_mebibytes(sizing.memory.total_bytes)),
                limit = format_bytes(sizing.memory.limit_bytes),
                percent = format!("{:.0}", sizing.memory.percent_of_limit)
            ),
        ),
        (
            t!("plan-field-cpu"),
            t!(
                "plan-value-of-limit",
                value = format_cpu_millis(sizing.cpu.busy_cpu_millis),
                limit = format_cpu_millis(sizing.cpu.limit_cpu_millis),
                percent = format!("{:.0}", sizing.cpu.percent_of_limit)
            ),
        ),
        (
            t!("plan-field-duration"),
            t!(
                "plan-value-duration",
                minutes = format!("{:.1}", sizing.test_duration_millis as f64 / 60_000.0),
                requests = group_digits(sizing.total_requests)
            ),
        ),
        (
            t!("plan-field-daemonsets"),
            t!(
                "plan-value-daemonsets",
                resources = cpu_memory(&report.daemonset_overhead),
                pods = report.daemonset_overhead.pods
            ),
        ),
    ]);
    Block::Fields(fields)
}

/// Rounds bytes up to a whole MiB so estimates print as `2826Mi`, not as raw bytes.
fn round_to_mebibytes(bytes: i64) -> i64 {
    const MEBIBYTE: i64 = 1024 * 1024;
    (bytes.max(0) as u64).div_ceil(MEBIBYTE as u64) as i64 * MEBIBYTE
}

fn node_types_block(report: &PlanReport) -> Block {
    let rows = report
        .node_types
        .iter()
        .map(|fit| {
            let measured = if fit.allocatable_measured {
                format!(" ({})", t!("plan-measured"))
            } else {
                String::new()
            };
            vec![
                fit.instance_type.clone(),
                format!(
                    "{} / {} / {}{measured}",
                    format_cpu_millis(fit.allocatable.cpu_millis),
                    format_bytes(fit.allocatable.memory_bytes),
                    fit.allocatable.pods
                ),
                format!(
                    "{} / {} / {}",
                    format_cpu_millis(fit.available.cpu_millis),
                    format_bytes(fit.available.memory_bytes),
                    fit.available.pods
                ),
                fit.pods_per_node.to_string(),
                if fit.price_verified {
                    format_dollars(fit.price_micros_per_hour)
                } else {
                    format!("{}*", format_dollars(fit.price_micros_per_hour))
                },
            ]
        })
        .collect();
    Block::Table {
        header: vec![
            t!("plan-col-type"),
            t!("plan-col-allocatable"),
            t!("plan-col-available"),
            t!("plan-col-pods-per-node"),
            t!("plan-col-price"),
        ],
        rows,
    }
}

fn costed_fields(costed: &CostedPlan, report: &PlanReport, optimal: bool) -> Block {
    let plan = &costed.plan;
    let mut fields = vec![
        (t!("plan-field-mix"), node_mix(plan)),
        (
            t!("plan-field-placed"),
            t!(
                "plan-value-placed",
                placed = i64::from(plan.placed_pods),
                total = i64::from(plan.total_pods)
            ),
        ),
        (
            t!("plan-field-cost"),
            t!(
                "plan-value-cost",
                per_hour = format_dollars(plan.cost_micros),
                per_run = format_dollars(costed.instance_cost_per_run_micros),
                minutes = format!(
                    "{:.0}",
                    report.sizing.test_duration_millis as f64 / 60_000.0
                )
            ),
        ),
    ];
    if costed.credit_cost_per_run_micros > 0 {
        fields.push((
            t!("plan-field-credits"),
            t!(
                "plan-value-credits",
                credits = format_dollars(costed.credit_cost_per_run_micros),
                total = format_dollars(costed.total_cost_per_run_micros)
            ),
        ));
    }
    if optimal {
        fields.push((t!("plan-field-status"), status_text(plan)));
        if let Some(bound) = plan.lower_bound_micros {
            fields.push((t!("plan-field-bound"), format_dollars(bound)));
        }
        let limits = &report.scenario.limits;
        let limit_texts: Vec<String> = LimitKind::ALL
            .iter()
            .filter_map(|kind| {
                kind.limit(limits).map(|value| {
                    format!(
                        "{} {} ({} {})",
                        limit_name(*kind),
                        format_limit(*kind, value),
                        t!("plan-in-use"),
                        format_limit(*kind, kind.in_use(limits))
                    )
                })
            })
            .collect();
        if !limit_texts.is_empty() {
            fields.push((t!("plan-field-limits-nodepool"), limit_texts.join(", ")));
        }
    } else {
        let difference = plan.cost_micros - report.optimal.plan.cost_micros;
        let comparison = if plan.placed_pods == report.optimal.plan.placed_pods && difference == 0 {
            t!("plan-value-same-as-optimal")
        } else {
            t!(
                "plan-value-more-than-optimal",
                difference = format_dollars(difference)
            )
        };
        fields.push((t!("plan-field-vs-optimal"), comparison));
    }
    Block::Fields(fields)
}

fn limit_name(kind: LimitKind) -> &'static str {
    match kind {
        LimitKind::Cpu => "cpu",
        LimitKind::Memory => "memory",
        LimitKind::Nodes => "nodes",
    }
}

fn proposals_block(report: &PlanReport) -> Block {
    let rows = report
        .proposals
        .iter()
        .map(|check| {
            let nodes = if check.count == check.max_count {
                format!("{} × {}", check.count, check.instance_type)
            } else {
                format!(
                    "{}–{} × {}",
                    check.count, check.max_count, check.instance_type
                )
            };
            let pending = if check.pending_at_count == check.pending_at_max_count {
                check.pending_at_count.to_string()
            } else {
                format!("{}–{}", check.pending_at_max_count, check.pending_at_count)
            };
            vec![
                check.name.clone(),
                nodes,
                check.pods_per_node.to_string(),
                pending,
                check
                    .nodes_needed
                    .map(|count| format!("{count} × {}", check.instance_type))
                    .unwrap_or_else(|| "-".to_string()),
            ]
        })
        .collect();
    Block::Table {
        header: vec![
            t!("plan-col-proposal"),
            t!("plan-col-nodes"),
            t!("plan-col-pods-per-node"),
            t!("plan-col-pending"),
            t!("plan-col-needed"),
        ],
        rows,
    }
}
