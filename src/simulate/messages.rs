//! The scheduler's and Karpenter's own strings, verbatim, and the FailedScheduling
//! event text built from them (`FitError.Error()` in `pkg/scheduler/framework/types.go`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Taint;

use super::TaintReasonForm;
use super::matching::format_taint;

// kube-scheduler filter reasons, from each plugin's source file.
pub(crate) const NODE_UNSCHEDULABLE: &str = "node(s) were unschedulable";
pub(crate) const NODE_NAME: &str = "node(s) didn't match the requested node name";
pub(crate) const NODE_AFFINITY: &str = "node(s) didn't match Pod's node affinity/selector";
pub(crate) const NODE_PORTS: &str = "node(s) didn't have free ports for the requested pod ports";
pub(crate) const TOO_MANY_PODS: &str = "Too many pods";
pub(crate) const TOPOLOGY_SPREAD: &str = "node(s) didn't match pod topology spread constraints";
pub(crate) const TOPOLOGY_SPREAD_MISSING_LABEL: &str =
    "node(s) didn't match pod topology spread constraints (missing required label)";
pub(crate) const AFFINITY: &str = "node(s) didn't match pod affinity rules";
pub(crate) const ANTI_AFFINITY: &str = "node(s) didn't match pod anti-affinity rules";
pub(crate) const EXISTING_ANTI_AFFINITY: &str =
    "node(s) didn't satisfy existing pods anti-affinity rules";

// DefaultPreemption's per-node reasons.
pub(crate) const PREEMPTION_NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
pub(crate) const NO_PREEMPTION_VICTIMS: &str = "No preemption victims found for incoming pod";

// Karpenter's errors (kubernetes-sigs/karpenter `pkg/controllers/provisioning/scheduling`).
pub(crate) const KARPENTER_LIMITS_EXCEEDED: &str =
    "all available instance types exceed limits for nodepool";
pub(crate) const KARPENTER_NODE_LIMIT: &str = "node limits have been exhausted for nodepool";
pub(crate) const KARPENTER_INCOMPATIBLE: &str = "incompatible requirements";
pub(crate) const KARPENTER_NO_INSTANCE_TYPE: &str = "no instance type has enough resources";
pub(crate) const KARPENTER_REQUIREMENTS_FILTERED: &str =
    "nodepool requirements filtered out all available instance types";

/// Returns NodeResourcesFit's reason for one resource: `Insufficient cpu`.
pub(crate) fn insufficient(resource: &str) -> String {
    format!("Insufficient {resource}")
}

/// Returns TaintToleration's reason in the chosen release's form.
pub(crate) fn untolerated_taint(taint: &Taint, form: TaintReasonForm) -> String {
    let value = taint.value.as_deref().unwrap_or_default();
    match form {
        TaintReasonForm::Aggregated => "node(s) had untolerated taint(s)".to_string(),
        TaintReasonForm::KeyValue => {
            format!("node(s) had untolerated taint {{{}: {}}}", taint.key, value)
        }
        TaintReasonForm::Legacy => {
            format!(
                "node(s) had taint {{{}: {}}}, that the pod didn't tolerate",
                taint.key, value
            )
        }
    }
}

/// Renders a reason histogram: `"<count> <reason>"` per reason, sorted as whole strings
/// (Go's `sort.Strings`, so `"10 …"` sorts before `"2 …"`), joined with `", "`.
pub(crate) fn histogram(counts: &BTreeMap<String, usize>) -> String {
    let mut entries: Vec<String> = counts
        .iter()
        .map(|(reason, count)| format!("{count} {reason}"))
        .collect();
    entries.sort();
    entries.join(", ")
}

/// kube-scheduler's error when the snapshot has no nodes (`ErrNoNodesAvailable`).
pub(crate) const NO_NODES_AVAILABLE: &str = "no nodes available to schedule pods";

/// Builds the FailedScheduling message: `0/N nodes are available: <histogram>.` and,
/// when preemption ran, ` preemption: 0/N nodes are available: <histogram>.`
pub(crate) fn failed_scheduling(
    node_count: usize,
    reasons: &BTreeMap<String, usize>,
    preemption: Option<&BTreeMap<String, usize>>,
) -> String {
    let mut message = format!("0/{node_count} nodes are available");
    if !reasons.is_empty() {
        message.push_str(&format!(": {}", histogram(reasons)));
    }
    message.push('.');
    if let Some(preemption) = preemption {
        message.push_str(&format!(
            " preemption: 0/{node_count} nodes are available: {}.",
            histogram(preemption)
        ));
    }
    message
}

/// Karpenter's taint error for one NodePool taint.
pub(crate) fn karpenter_untolerated(taint: &Taint) -> String {
    format!("did not tolerate taint ({})", format_taint(taint))
}

/// Karpenter's pod event: `Failed to schedule pod, <errors joined with "; ">`.
pub(crate) fn karpenter_failed(errors: &[String]) -> String {
    format!("Failed to schedule pod, {}", errors.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_sorts_whole_strings() {
        // "10 Insufficient cpu" < "2 node(s)…" because '1' < '2' byte-wise.
        let counts = BTreeMap::from([
            ("node(s) had untolerated taint(s)".to_string(), 2),
            ("Insufficient cpu".to_string(), 10),
        ]);
        assert_eq!(
            histogram(&counts),
            "10 Insufficient cpu, 2 node(s) had untolerated taint(s)"
        );
    }

    #[test]
    fn failed_scheduling_with_preemption() {
        // Sorted as whole strings, "2 node(s)…" comes before "3 Insufficient cpu".
        let reasons = BTreeMap::from([
            ("Insufficient cpu".to_string(), 3),
            ("node(s) had untolerated taint(s)".to_string(), 2),
        ]);
        let preemption = BTreeMap::from([
            (NO_PREEMPTION_VICTIMS.to_string(), 3),
            (PREEMPTION_NOT_HELPFUL.to_string(), 2),
        ]);
        assert_eq!(
            failed_scheduling(5, &reasons, Some(&preemption)),
            "0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu. \
             preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, \
             3 No preemption victims found for incoming pod."
        );
    }

    #[test]
    fn taint_forms() {
        let taint = Taint {
            key: "node-role.kubernetes.io/control-plane".to_string(),
            value: None,
            effect: "NoSchedule".to_string(),
            time_added: None,
        };
        assert_eq!(
            untolerated_taint(&taint, TaintReasonForm::KeyValue),
            "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"
        );
        assert_eq!(
            untolerated_taint(&taint, TaintReasonForm::Aggregated),
            "node(s) had untolerated taint(s)"
        );
        assert_eq!(
            untolerated_taint(&taint, TaintReasonForm::Legacy),
            "node(s) had taint {node-role.kubernetes.io/control-plane: }, that the pod didn't tolerate"
        );
    }
}
