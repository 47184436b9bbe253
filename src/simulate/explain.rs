//! Sentences for people about the simulation's results, through `crate::t!`; the
//! scheduler's and Karpenter's own strings stay verbatim inside them.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;

use super::SimulateOptions;
use super::verdict::{PodOutcome, PodVerdict, RejectionReason};
use crate::finding::{Finding, Severity};
use crate::quantity::{Resources, format_bytes, format_cpu_millis};

/// Formats a limit's remaining amounts: `cpu=0, memory=34Gi, nodes=2`.
fn format_amounts(amounts: &BTreeMap<String, i64>) -> String {
    amounts
        .iter()
        .map(|(key, value)| match key.as_str() {
            "cpu" => format!("cpu={}", format_cpu_millis(*value)),
            "memory" | "ephemeral-storage" => format!("{key}={}", format_bytes(*value)),
            _ => format!("{key}={value}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Explains one NodePool rejection.
pub(crate) fn rejection(pool: &str, reason: &RejectionReason) -> String {
    let pool = pool.to_string();
    match reason {
        RejectionReason::Taint { taint } => {
            crate::t!("simulate-pool-taint", pool = pool, taint = taint.clone())
        }
        RejectionReason::Requirements => crate::t!("simulate-pool-requirements", pool = pool),
        RejectionReason::NoInstanceTypes => {
            crate::t!("simulate-pool-no-instance-types", pool = pool)
        }
        RejectionReason::NodeLimit { limit, in_use } => crate::t!(
            "simulate-pool-node-limit",
            pool = pool,
            limit = limit.to_string(),
            in_use = in_use.to_string()
        ),
        RejectionReason::LimitsExceeded { remaining } => {
            crate::t!(
                "simulate-pool-limits",
                pool = pool,
                remaining = format_amounts(remaining)
            )
        }
        RejectionReason::NoInstanceTypeFits {
            closest,
            shortfall,
            fits_real_node,
        } => {
            let mut text = crate::t!(
                "simulate-pool-no-fit",
                pool = pool,
                instance_type = closest.clone(),
                shortfall = shortfall.to_string()
            );
            if *fits_real_node {
                text.push(' ');
                text.push_str(&crate::t!(
                    "simulate-pool-no-fit-real",
                    instance_type = closest.clone()
                ));
            }
            text
        }
        RejectionReason::Topology { reasons } => {
            crate::t!(
                "simulate-pool-topology",
                pool = pool,
                reasons = reasons.join(", ")
            )
        }
    }
}

/// Explains a pod that a launched node cannot hold.
pub(crate) fn launch_loop(
    instance_type: &str,
    reasons: &[String],
    shortfall: &Resources,
) -> String {
    crate::t!(
        "simulate-launch-loop",
        instance_type = instance_type.to_string(),
        shortfall = shortfall.to_string(),
        reasons = reasons.join(", ")
    )
}

/// Names the workload a pod belongs to: the k6-operator TestRun (`k6_cr` label), else
/// a test split into parallel parts (`test` and `part` labels, one Job per part), else
/// its controller, else its `app.kubernetes.io/instance` or `app` label.
fn workload_of(pod: &Pod) -> Option<String> {
    let labels = pod.metadata.labels.clone().unwrap_or_default();
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    if let Some(test_run) = labels.get("k6_cr") {
        return Some(format!("TestRun {namespace}/{test_run}"));
    }
    if let (Some(test), Some(_)) = (labels.get("test"), labels.get("part")) {
        return Some(format!("{namespace}/test={test}"));
    }
    let controller = pod
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|owner| owner.controller == Some(true));
    if let Some(owner) = controller {
        return Some(format!("{} {namespace}/{}", owner.kind, owner.name));
    }
    ["app.kubernetes.io/instance", "app"]
        .iter()
        .find_map(|key| labels.get(*key))
        .map(|name| format!("{namespace}/{name}"))
}

/// Flags workloads whose parts start far apart or never start: k6 runners begin only
/// when every runner is Ready, so the slowest part sets the start of the whole test.
pub(crate) fn workload_findings(
    pods: &[Pod],
    verdicts: &[PodVerdict],
    options: &SimulateOptions,
) -> Vec<Finding> {
    let mut groups: BTreeMap<String, Vec<&PodVerdict>> = BTreeMap::new();
    for (pod, verdict) in pods.iter().zip(verdicts) {
        if let Some(workload) = workload_of(pod) {
            groups.entry(workload).or_default().push(verdict);
        }
    }

    let mut findings = Vec::new();
    for (workload, parts) in groups.into_iter().filter(|(_, parts)| parts.len() > 1) {
        // k6-operator starts every runner together once all are Ready; parallel Jobs each
        // run `k6 run` on their own, so early parts run alone and a missing part lowers
        // the load instead of stalling the test.
        let synchronized = workload.starts_with("TestRun ");
        let total = parts.len();
        let stuck = parts
            .iter()
            .filter(|part| part.start_seconds.is_none())
            .count();
        let starting = parts.iter().filter_map(|part| part.start_seconds);
        let earliest = starting.clone().min();
        let latest = starting.max();
        if stuck > 0 && stuck < total {
            findings.push(
                Finding::new(
                    "workload-stalled",
                    Severity::Error,
                    if synchronized {
                        crate::t!(
                            "simulate-workload-stalled",
                            workload = workload.clone(),
                            stuck = stuck.to_string(),
                            total = total.to_string()
                        )
                    } else {
                        crate::t!(
                            "simulate-parts-missing",
                            workload = workload.clone(),
                            stuck = stuck.to_string(),
                            total = total.to_string()
                        )
                    },
                )
                .with_subject(workload.clone())
                .with_value("stuck_parts", stuck)
                .with_value("parts", total),
            );
        }
        if let (Some(earliest), Some(latest)) = (earliest, latest)
            && latest - earliest >= options.stagger_warning_seconds
        {
            let late = parts
                .iter()
                .filter(|part| matches!(part.outcome, PodOutcome::OnNewNode { .. }))
                .count();
            findings.push(
                Finding::new(
                    "staggered-start",
                    Severity::Warning,
                    if synchronized {
                        crate::t!(
                            "simulate-staggered-start",
                            workload = workload.clone(),
                            seconds = (latest - earliest).to_string(),
                            late = late.to_string(),
                            total = total.to_string()
                        )
                    } else {
                        crate::t!(
                            "simulate-parts-staggered",
                            workload = workload.clone(),
                            seconds = (latest - earliest).to_string(),
                            late = late.to_string(),
                            total = total.to_string()
                        )
                    },
                )
                .with_subject(workload)
                .with_value("spread_seconds", latest - earliest)
                .with_value("parts_on_new_nodes", late),
            );
        }
    }
    findings
}
