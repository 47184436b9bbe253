//! Findings of a plan beyond sizing: pods that do not fit, proposals that leave pods
//! Pending, Karpenter's packing against the optimum, and CPU credit charges.

use crate::finding::{Finding, Severity};
use crate::report::format_dollars;
use crate::report::nodes::{node_mix, shortfall_text};
use crate::sizing;
use crate::t;

use super::PlanReport;

/// Collects every finding of a plan, sizing findings first.
pub fn collect(report: &PlanReport) -> Vec<Finding> {
    let mut findings = report.sizing.findings.clone();
    findings.extend(unplaced(report));
    if !report.left_out_types.is_empty() {
        findings.push(
            Finding::new(
                "types-left-out",
                Severity::Warning,
                t!(
                    "plan-finding-left-out",
                    types = report.left_out_types.join(", ")
                ),
            )
            .with_value("instance_types", report.left_out_types.clone()),
        );
    }
    findings.extend(proposals(report));
    findings.extend(karpenter_difference(report));
    findings.extend(credits(report));
    findings
}

fn unplaced(report: &PlanReport) -> Vec<Finding> {
    let plan = &report.optimal.plan;
    if plan.places_all() {
        return Vec::new();
    }
    let reasons: Vec<String> = plan.shortfalls.iter().map(shortfall_text).collect();
    let message = t!(
        "plan-finding-unplaced",
        placed = i64::from(plan.placed_pods),
        total = i64::from(plan.total_pods),
        reasons = reasons.join(" ")
    );
    let mut finding = Finding::new("pods-unplaced", Severity::Error, message)
        .with_value("placed_pods", plan.placed_pods)
        .with_value("total_pods", plan.total_pods);
    if let Ok(shortfalls) = serde_json::to_value(&plan.shortfalls) {
        finding = finding.with_value("shortfalls", shortfalls);
    }
    vec![finding]
}

fn proposals(report: &PlanReport) -> Vec<Finding> {
    report
        .proposals
        .iter()
        .map(|check| {
            let nodes = if check.count == check.max_count {
                check.count.to_string()
            } else {
                format!("{}–{}", check.count, check.max_count)
            };
            let pending = if check.pending_at_count == check.pending_at_max_count {
                check.pending_at_count.to_string()
            } else {
                format!("{}–{}", check.pending_at_max_count, check.pending_at_count)
            };
            let needed = check
                .nodes_needed
                .map(|count| count.to_string())
                .unwrap_or_else(|| "-".to_string());
            let (severity, message) = if check.pending_at_count == 0 {
                (
                    Severity::Info,
                    t!(
                        "plan-finding-proposal-fits",
                        name = check.name.clone(),
                        nodes = nodes,
                        instance_type = check.instance_type.clone(),
                        per_node = i64::from(check.pods_per_node),
                        pods = i64::from(check.pods_needed)
                    ),
                )
            } else {
                (
                    Severity::Warning,
                    t!(
                        "plan-finding-proposal-pending",
                        name = check.name.clone(),
                        nodes = nodes,
                        instance_type = check.instance_type.clone(),
                        per_node = i64::from(check.pods_per_node),
                        pending = pending,
                        pods = i64::from(check.pods_needed),
                        needed = needed
                    ),
                )
            };
            Finding::new("proposal-check", severity, message)
                .with_subject(check.name.clone())
                .with_value("instance_type", check.instance_type.clone())
                .with_value("pods_per_node", check.pods_per_node)
                .with_value("pending_at_count", check.pending_at_count)
                .with_value("pending_at_max_count", check.pending_at_max_count)
        })
        .collect()
}

fn karpenter_difference(report: &PlanReport) -> Vec<Finding> {
    let optimal = &report.optimal.plan;
    let greedy = &report.karpenter.plan;
    let costs_more = greedy.cost_micros > optimal.cost_micros;
    let places_fewer = greedy.placed_pods < optimal.placed_pods;
    if !costs_more && !places_fewer {
        return Vec::new();
    }
    let message = t!(
        "plan-finding-karpenter-differs",
        greedy_mix = node_mix(greedy),
        greedy_cost = format_dollars(greedy.cost_micros),
        greedy_pods = i64::from(greedy.placed_pods),
        optimal_mix = node_mix(optimal),
        optimal_cost = format_dollars(optimal.cost_micros),
        optimal_pods = i64::from(optimal.placed_pods)
    );
    vec![
        Finding::new("karpenter-differs", Severity::Info, message)
            .with_value("greedy_cost_micros", greedy.cost_micros)
            .with_value("optimal_cost_micros", optimal.cost_micros),
    ]
}

fn credits(report: &PlanReport) -> Vec<Finding> {
    // Nodes of one type with the same load get one finding, with the node count as its
    // subject, so ten identical nodes do not print ten identical lines.
    let mut groups: Vec<(&crate::plan::NodeCredit, usize)> = Vec::new();
    for credit in &report.optimal.credit_charges {
        match groups.iter_mut().find(|(first, _)| {
            first.instance_type == credit.instance_type
                && first.charge.busy_cpu_millis == credit.charge.busy_cpu_millis
        }) {
            Some((_, count)) => *count += 1,
            None => groups.push((credit, 1)),
        }
    }
    groups
        .into_iter()
        .filter_map(|(credit, count)| {
            let subject = if count == 1 {
                credit.node.clone()
            } else {
                t!(
                    "plan-credit-subject",
                    count = count,
                    instance_type = credit.instance_type.clone()
                )
            };
            sizing::cpu_credits_finding(&subject, &credit.instance_type, &credit.charge)
                .map(|finding| finding.with_value("nodes", count))
        })
        .collect()
}
