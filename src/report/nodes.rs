//! Rendering optimizer plans: node mixes, per-node packing and shortfall explanations.

use std::collections::BTreeMap;

use crate::optimize::{LimitKind, NodeSource, Plan, Shortfall, SolveStatus};
use crate::quantity::{ResourceName, format_bytes, format_cpu_millis};
use crate::t;

use super::format_dollars;

/// Summarizes the new nodes of a plan as `3 × t3a.2xlarge + 1 × t3a.xlarge`, most
/// numerous type first; existing nodes used are counted at the end.
pub fn node_mix(plan: &Plan) -> String {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    let mut existing = 0;
    for node in &plan.nodes {
        match &node.source {
            NodeSource::New { instance_type, .. } => *counts.entry(instance_type).or_insert(0) += 1,
            NodeSource::Existing { .. } => existing += 1,
        }
    }
    let mut ordered: Vec<(&str, u32)> = counts.into_iter().collect();
    ordered.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut parts: Vec<String> = ordered
        .iter()
        .map(|(instance_type, count)| format!("{count} × {instance_type}"))
        .collect();
    if existing > 0 {
        parts.push(t!("plan-existing-nodes", count = existing));
    }
    if parts.is_empty() {
        t!("plan-no-nodes")
    } else {
        parts.join(" + ")
    }
}

/// Returns one table row per node: node, pods by group, requested and headroom.
pub fn node_rows(plan: &Plan) -> Vec<Vec<String>> {
    plan.nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let name = match &node.source {
                NodeSource::New { instance_type, .. } => format!("#{} {instance_type}", index + 1),
                NodeSource::Existing { name } => t!("plan-existing-node", name = name.clone()),
            };
            let price = match &node.source {
                NodeSource::New { price_micros, .. } => format_dollars(*price_micros),
                NodeSource::Existing { .. } => "-".to_string(),
            };
            let pods = node
                .pods
                .iter()
                .map(|group| format!("{} × {}", group.count, group.group))
                .collect::<Vec<_>>()
                .join(", ");
            vec![
                name,
                pods,
                format!(
                    "{} / {}",
                    format_cpu_millis(node.requested.cpu_millis),
                    format_bytes(node.requested.memory_bytes)
                ),
                format!(
                    "{} / {} / {}",
                    format_cpu_millis(node.headroom.cpu_millis),
                    format_bytes(node.headroom.memory_bytes),
                    node.headroom.pods
                ),
                price,
            ]
        })
        .collect()
}

/// Describes how the plan was proven, in the output language.
pub fn status_text(plan: &Plan) -> String {
    match &plan.status {
        SolveStatus::Optimal => t!("plan-status-optimal"),
        SolveStatus::TimeLimit {
            cost_gap_micros,
            pods_gap,
        } => t!(
            "plan-status-time-limit",
            gap = format_dollars(*cost_gap_micros),
            pods = i64::from(*pods_gap)
        ),
        SolveStatus::Bounded {
            cost_gap_micros,
            pods_gap,
        } => t!(
            "plan-status-bounded",
            gap = format_dollars(*cost_gap_micros),
            pods = i64::from(*pods_gap)
        ),
        SolveStatus::Greedy => t!("plan-status-greedy"),
    }
}

/// Formats a NodePool limit value in its unit: cores for cpu, Gi for memory, a count for nodes.
pub fn format_limit(kind: LimitKind, value: i64) -> String {
    match kind {
        LimitKind::Cpu => format_cpu_millis(value),
        LimitKind::Memory => format_bytes(value),
        LimitKind::Nodes => value.to_string(),
    }
}

fn limit_name(kind: LimitKind) -> &'static str {
    match kind {
        LimitKind::Cpu => "cpu",
        LimitKind::Memory => "memory",
        LimitKind::Nodes => "nodes",
    }
}

fn format_resource(resource: &ResourceName, value: i64) -> String {
    match resource {
        ResourceName::Cpu => format_cpu_millis(value),
        ResourceName::Memory | ResourceName::EphemeralStorage => format_bytes(value),
        _ => value.to_string(),
    }
}

/// Explains why pods were left unplaced and the smallest change that places them all.
pub fn shortfall_text(shortfall: &Shortfall) -> String {
    match shortfall {
        Shortfall::PodTooLarge {
            group,
            pods,
            exceeded,
        } => {
            let details = exceeded
                .iter()
                .map(|excess| {
                    t!(
                        "plan-shortfall-resource",
                        resource = excess.resource.to_string(),
                        requested = format_resource(&excess.resource, excess.requested),
                        allocatable = format_resource(&excess.resource, excess.allocatable),
                        node = excess.node.clone(),
                        excess = format_resource(&excess.resource, excess.excess())
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            t!(
                "plan-shortfall-pod-too-large",
                group = group.clone(),
                pods = i64::from(*pods),
                details = details
            )
        }
        Shortfall::LimitTooLow {
            limit,
            current,
            needed,
            proven_minimal,
        } => {
            let text = t!(
                "plan-shortfall-limit",
                limit = limit_name(*limit),
                current = format_limit(*limit, *current),
                needed = format_limit(*limit, *needed)
            );
            if *proven_minimal {
                text
            } else {
                format!("{text} {}", t!("plan-shortfall-not-minimal"))
            }
        }
        Shortfall::LimitsTooLow { changes } => {
            let changes = changes
                .iter()
                .map(|change| {
                    format!(
                        "{}: {} → {}",
                        limit_name(change.limit),
                        format_limit(change.limit, change.current),
                        format_limit(change.limit, change.needed)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            t!("plan-shortfall-limits", changes = changes)
        }
        Shortfall::MaxCountReached {
            placeable_without_limits,
        } => t!(
            "plan-shortfall-max-count",
            pods = i64::from(*placeable_without_limits)
        ),
        Shortfall::Unexplained => t!("plan-shortfall-unexplained"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_language};
    use crate::optimize::PoolUsage;

    fn plan_with(status: SolveStatus) -> Plan {
        Plan {
            nodes: Vec::new(),
            status,
            total_pods: 0,
            placed_pods: 0,
            new_nodes: 0,
            cost_micros: 0,
            lower_bound_micros: None,
            added_capacity: PoolUsage::default(),
            unplaced: Vec::new(),
            shortfalls: Vec::new(),
        }
    }

    #[test]
    fn bounded_status_states_gap_in_both_languages() {
        // 29,191 micro-USD is $0.0292 at four decimals.
        let plan = plan_with(SolveStatus::Bounded {
            cost_gap_micros: 29_191,
            pods_gap: 2,
        });
        let english = status_text(&plan);
        let korean = with_language(Lang::Ko, || status_text(&plan));

        assert!(english.contains("column generation"), "{english}");
        assert!(english.contains("$0.0292"), "{english}");
        assert!(english.contains("2 more pods"), "{english}");
        assert!(korean.contains("열 생성"), "{korean}");
        assert!(korean.contains("$0.0292"), "{korean}");
        assert!(korean.contains("2개"), "{korean}");
    }
}
