//! kube-scheduler's filter plugins in their default order; the first plugin that
//! rejects a node names that node's reasons (`RunFilterPlugins` in
//! `pkg/scheduler/framework/runtime/framework.go`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    PodAffinityTerm, PodSpec, Taint, Toleration, TopologySpreadConstraint,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};

use super::TaintReasonForm;
use super::matching::{self, NodeLabels};
use super::messages;
use crate::quantity::Resources;

/// A pod as the filters see it: its spec, labels and effective request.
#[derive(Debug, Clone)]
pub(crate) struct PodView {
    /// `namespace/name`.
    pub id: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub spec: PodSpec,
    /// Effective request (`pod_requests`), one pod slot included.
    pub requests: Resources,
    pub priority: i32,
}

impl PodView {
    /// The cpu and memory kube-scheduler's scoring counts for this pod: its requests,
    /// with 100m and 200Mi standing in for zero.
    pub(crate) fn score_requests(&self) -> (i64, i64) {
        (
            if self.requests.cpu_millis == 0 {
                SCORING_DEFAULT_CPU_MILLIS
            } else {
                self.requests.cpu_millis
            },
            if self.requests.memory_bytes == 0 {
                SCORING_DEFAULT_MEMORY_BYTES
            } else {
                self.requests.memory_bytes
            },
        )
    }

    pub(crate) fn has_required_anti_affinity(&self) -> bool {
        !self.required_anti_affinity().is_empty()
    }

    fn tolerations(&self) -> &[Toleration] {
        self.spec.tolerations.as_deref().unwrap_or_default()
    }

    fn required_anti_affinity(&self) -> &[PodAffinityTerm] {
        self.spec
            .affinity
            .as_ref()
            .and_then(|affinity| affinity.pod_anti_affinity.as_ref())
            .and_then(|anti| {
                anti.required_during_scheduling_ignored_during_execution
                    .as_deref()
            })
            .unwrap_or_default()
    }

    fn required_affinity(&self) -> &[PodAffinityTerm] {
        self.spec
            .affinity
            .as_ref()
            .and_then(|affinity| affinity.pod_affinity.as_ref())
            .and_then(|affinity| {
                affinity
                    .required_during_scheduling_ignored_during_execution
                    .as_deref()
            })
            .unwrap_or_default()
    }

    fn host_ports(&self) -> Vec<HostPort> {
        self.spec
            .containers
            .iter()
            .chain(self.spec.init_containers.iter().flatten())
            .flat_map(|container| container.ports.iter().flatten())
            .filter_map(|port| {
                let host_port = port.host_port.filter(|port| *port > 0)?;
                Some(HostPort {
                    protocol: port.protocol.clone().unwrap_or_else(|| "TCP".to_string()),
                    host_ip: port.host_ip.clone().unwrap_or_default(),
                    port: host_port,
                })
            })
            .collect()
    }
}

/// A host port a pod binds on its node.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HostPort {
    protocol: String,
    host_ip: String,
    port: i32,
}

impl HostPort {
    /// Two bindings conflict on the same protocol and port unless both name different
    /// specific addresses (`0.0.0.0` or empty means every address).
    fn conflicts(&self, other: &HostPort) -> bool {
        let wildcard = |ip: &str| ip.is_empty() || ip == "0.0.0.0";
        self.protocol == other.protocol
            && self.port == other.port
            && (wildcard(&self.host_ip)
                || wildcard(&other.host_ip)
                || self.host_ip == other.host_ip)
    }
}

/// A node, existing or planned, with the pods bound or placed on it.
#[derive(Debug, Clone)]
pub(crate) struct SchedNode {
    pub name: String,
    pub labels: NodeLabels,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub allocatable: Resources,
    /// Σ effective requests of the pods below, one pod slot each.
    pub requested: Resources,
    pub pods: Vec<PodView>,
    /// Σ cpu and memory requests of `pods` with kube-scheduler's scoring defaults for
    /// zero requests, kept so scoring a node does not walk its pods.
    pub score_requested: (i64, i64),
    /// Pods in `pods` with required pod anti-affinity terms.
    pub anti_affinity_pods: usize,
}

impl SchedNode {
    /// Returns a node with no pods bound.
    pub(crate) fn new(
        name: String,
        labels: NodeLabels,
        taints: Vec<Taint>,
        unschedulable: bool,
        allocatable: Resources,
    ) -> SchedNode {
        SchedNode {
            name,
            labels,
            taints,
            unschedulable,
            allocatable,
            requested: Resources::default(),
            pods: Vec::new(),
            score_requested: (0, 0),
            anti_affinity_pods: 0,
        }
    }

    /// Binds a pod to this node.
    pub(crate) fn add_pod(&mut self, pod: PodView) {
        self.requested.add(&pod.requests);
        let (cpu, memory) = pod.score_requests();
        self.score_requested.0 += cpu;
        self.score_requested.1 += memory;
        if pod.has_required_anti_affinity() {
            self.anti_affinity_pods += 1;
        }
        self.pods.push(pod);
    }
}

/// kube-scheduler's scoring stand-ins for pods without requests
/// (`DefaultMilliCPURequest`, `DefaultMemoryRequest` in `pkg/scheduler/util`).
const SCORING_DEFAULT_CPU_MILLIS: i64 = 100;
const SCORING_DEFAULT_MEMORY_BYTES: i64 = 200 * 1024 * 1024;

/// Indices of the nodes holding a pod with required anti-affinity: the only nodes whose
/// pods can repel another pod in InterPodAffinity's existing-pods check.
pub(crate) fn anti_affinity_holders(nodes: &[SchedNode]) -> Vec<usize> {
    (0..nodes.len())
        .filter(|&index| nodes[index].anti_affinity_pods > 0)
        .collect()
}

/// Why one node rejected a pod: the reasons of the first failing plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodeRejection {
    pub reasons: Vec<String>,
    /// `UnschedulableAndUnresolvable` in kube-scheduler: preemption cannot help.
    pub unresolvable: bool,
}

impl NodeRejection {
    fn unresolvable(reason: impl Into<String>) -> NodeRejection {
        NodeRejection {
            reasons: vec![reason.into()],
            unresolvable: true,
        }
    }

    fn resolvable(reasons: Vec<String>) -> NodeRejection {
        NodeRejection {
            reasons,
            unresolvable: false,
        }
    }
}

/// Runs the filters for `pod` on `nodes[index]`; `nodes` is the whole snapshot, which
/// topology spread and inter-pod affinity read.
/// The filters that read only the pod's spec and the node's name, labels, taints and
/// cordon, which do not change while pods are placed: NodeUnschedulable, NodeName,
/// TaintToleration and NodeAffinity.
pub(crate) fn static_filters(
    pod: &PodView,
    node: &SchedNode,
    taint_form: TaintReasonForm,
) -> Result<(), NodeRejection> {
    node_unschedulable(pod, node)?;
    node_name(pod, node)?;
    taint_toleration(pod, node, taint_form)?;
    node_affinity(pod, node)
}

/// The filters that read the pods already placed: NodePorts, NodeResourcesFit,
/// PodTopologySpread and InterPodAffinity, in that order.
pub(crate) fn dynamic_filters(
    pod: &PodView,
    nodes: &[SchedNode],
    index: usize,
    holders: &[usize],
) -> Result<(), NodeRejection> {
    let node = &nodes[index];
    node_ports(pod, node)?;
    node_resources_fit(pod, node)?;
    topology_filters(pod, nodes, index, holders)
}

/// Runs PodTopologySpread then InterPodAffinity, the filters that read other nodes.
pub(crate) fn topology_filters(
    pod: &PodView,
    nodes: &[SchedNode],
    index: usize,
    holders: &[usize],
) -> Result<(), NodeRejection> {
    pod_topology_spread(pod, nodes, index)?;
    inter_pod_affinity(pod, nodes, index, holders)
}

fn node_unschedulable(pod: &PodView, node: &SchedNode) -> Result<(), NodeRejection> {
    if !node.unschedulable {
        return Ok(());
    }
    let cordon = Taint {
        key: "node.kubernetes.io/unschedulable".to_string(),
        effect: "NoSchedule".to_string(),
        value: None,
        time_added: None,
    };
    if !matching::tolerates(pod.tolerations(), &cordon) {
        return Err(NodeRejection::unresolvable(messages::NODE_UNSCHEDULABLE));
    }
    Ok(())
}

fn node_name(pod: &PodView, node: &SchedNode) -> Result<(), NodeRejection> {
    match pod.spec.node_name.as_deref() {
        Some(name) if !name.is_empty() && name != node.name => {
            Err(NodeRejection::unresolvable(messages::NODE_NAME))
        }
        _ => Ok(()),
    }
}

pub(crate) fn taint_toleration(
    pod: &PodView,
    node: &SchedNode,
    taint_form: TaintReasonForm,
) -> Result<(), NodeRejection> {
    match matching::first_untolerated(pod.tolerations(), &node.taints) {
        Some(taint) => Err(NodeRejection::unresolvable(messages::untolerated_taint(
            taint, taint_form,
        ))),
        None => Ok(()),
    }
}

pub(crate) fn node_affinity(pod: &PodView, node: &SchedNode) -> Result<(), NodeRejection> {
    if matching::pod_matches_node_affinity(&pod.spec, &node.labels, Some(&node.name)) {
        Ok(())
    } else {
        Err(NodeRejection::unresolvable(messages::NODE_AFFINITY))
    }
}

pub(crate) fn node_ports(pod: &PodView, node: &SchedNode) -> Result<(), NodeRejection> {
    let wanted = pod.host_ports();
    if wanted.is_empty() {
        return Ok(());
    }
    let conflict = node
        .pods
        .iter()
        .flat_map(PodView::host_ports)
        .any(|used| wanted.iter().any(|port| port.conflicts(&used)));
    if conflict {
        Err(NodeRejection::resolvable(vec![
            messages::NODE_PORTS.to_string(),
        ]))
    } else {
        Ok(())
    }
}

/// NodeResourcesFit's `fitsRequest` (`pkg/scheduler/framework/plugins/noderesources/fit.go`):
/// the pod count first, then each requested resource against allocatable − requested.
pub(crate) fn node_resources_fit(pod: &PodView, node: &SchedNode) -> Result<(), NodeRejection> {
    let reasons = insufficient_resources(&pod.requests, &node.requested, &node.allocatable);
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(NodeRejection::resolvable(reasons))
    }
}

/// Lists NodeResourcesFit's reasons for a request against a node's allocatable and
/// what is already requested there, in the plugin's order.
pub(crate) fn insufficient_resources(
    request: &Resources,
    requested: &Resources,
    allocatable: &Resources,
) -> Vec<String> {
    let mut reasons = Vec::new();
    if requested.pods + 1 > allocatable.pods {
        reasons.push(messages::TOO_MANY_PODS.to_string());
    }
    let free = |amount: i64, used: i64| amount - used;
    if request.cpu_millis > 0
        && request.cpu_millis > free(allocatable.cpu_millis, requested.cpu_millis)
    {
        reasons.push(messages::insufficient("cpu"));
    }
    if request.memory_bytes > 0
        && request.memory_bytes > free(allocatable.memory_bytes, requested.memory_bytes)
    {
        reasons.push(messages::insufficient("memory"));
    }
    if request.ephemeral_storage_bytes > 0
        && request.ephemeral_storage_bytes
            > free(
                allocatable.ephemeral_storage_bytes,
                requested.ephemeral_storage_bytes,
            )
    {
        reasons.push(messages::insufficient("ephemeral-storage"));
    }
    for (name, amount) in &request.extended {
        let available = allocatable.extended.get(name).copied().unwrap_or(0);
        let used = requested.extended.get(name).copied().unwrap_or(0);
        if *amount > 0 && *amount > available - used {
            reasons.push(messages::insufficient(name));
        }
    }
    reasons
}

/// Builds the selector a topology spread constraint counts with: its `labelSelector` plus the
/// pod's own values for `matchLabelKeys`.
fn spread_selector(constraint: &TopologySpreadConstraint, pod: &PodView) -> Option<LabelSelector> {
    let mut selector = constraint.label_selector.clone()?;
    for key in constraint.match_label_keys.iter().flatten() {
        if let Some(value) = pod.labels.get(key) {
            selector
                .match_expressions
                .get_or_insert_with(Vec::new)
                .push(LabelSelectorRequirement {
                    key: key.clone(),
                    operator: "In".to_string(),
                    values: Some(vec![value.clone()]),
                });
        }
    }
    Some(selector)
}

/// PodTopologySpread's filter for `DoNotSchedule` constraints
/// (`plugins/podtopologyspread/filtering.go`): skew = matching pods in the node's domain
/// + 1 if the pod matches itself − the minimum over eligible domains.
fn pod_topology_spread(
    pod: &PodView,
    nodes: &[SchedNode],
    index: usize,
) -> Result<(), NodeRejection> {
    let node = &nodes[index];
    let constraints = pod
        .spec
        .topology_spread_constraints
        .as_deref()
        .unwrap_or_default();
    for constraint in constraints
        .iter()
        .filter(|c| c.when_unsatisfiable == "DoNotSchedule")
    {
        let key = &constraint.topology_key;
        let Some(domain) = node.labels.get(key) else {
            return Err(NodeRejection::unresolvable(
                messages::TOPOLOGY_SPREAD_MISSING_LABEL,
            ));
        };
        // NOTE: a planned node whose domain is not fixed yet (a zone Karpenter chooses)
        // is assumed to land in a domain that satisfies the constraint.
        let Some(domain) = domain.fixed() else {
            continue;
        };
        let selector = spread_selector(constraint, pod);
        let honor_affinity = constraint.node_affinity_policy.as_deref() != Some("Ignore");
        let honor_taints = constraint.node_taints_policy.as_deref() == Some("Honor");

        let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
        for other in nodes {
            let Some(other_domain) = other.labels.get(key).and_then(|value| value.fixed()) else {
                continue;
            };
            if honor_affinity
                && !matching::pod_matches_node_affinity(&pod.spec, &other.labels, Some(&other.name))
            {
                continue;
            }
            if honor_taints
                && matching::first_untolerated(pod.tolerations(), &other.taints).is_some()
            {
                continue;
            }
            let matching_pods = other
                .pods
                .iter()
                .filter(|placed| placed.namespace == pod.namespace)
                .filter(|placed| {
                    selector.as_ref().is_some_and(|selector| {
                        matching::selector_matches(selector, &placed.labels)
                    })
                })
                .count();
            *counts.entry(other_domain).or_insert(0) +=
                i64::try_from(matching_pods).unwrap_or(i64::MAX);
        }

        let mut min_match = counts.values().copied().min().unwrap_or(0);
        if let Some(min_domains) = constraint.min_domains
            && counts.len() < usize::try_from(min_domains).unwrap_or(0)
        {
            min_match = 0;
        }
        let self_match = selector
            .as_ref()
            .is_some_and(|selector| matching::selector_matches(selector, &pod.labels));
        let skew = counts.get(domain).copied().unwrap_or(0) + i64::from(self_match) - min_match;
        if skew > i64::from(constraint.max_skew) {
            return Err(NodeRejection::resolvable(vec![
                messages::TOPOLOGY_SPREAD.to_string(),
            ]));
        }
    }
    Ok(())
}

/// Returns true when a pod-affinity term of `owner` selects `target`: same namespace
/// set and a matching label selector. An absent selector selects nothing.
fn term_selects(term: &PodAffinityTerm, owner: &PodView, target: &PodView) -> bool {
    let namespaces = term.namespaces.as_deref().unwrap_or_default();
    let all_namespaces = term.namespace_selector.as_ref().is_some_and(|selector| {
        selector
            .match_labels
            .as_ref()
            .is_none_or(BTreeMap::is_empty)
            && selector
                .match_expressions
                .as_ref()
                .is_none_or(Vec::is_empty)
    });
    // NOTE: a non-empty namespaceSelector needs namespace labels, which the cluster
    // state does not carry; such terms are evaluated for the listed and own namespace only.
    let in_namespace = all_namespaces
        || namespaces.contains(&target.namespace)
        || (namespaces.is_empty() && target.namespace == owner.namespace);
    in_namespace
        && term
            .label_selector
            .as_ref()
            .is_some_and(|selector| matching::selector_matches(selector, &target.labels))
}

/// Returns true when two nodes share a fixed value of `key` (the same topology domain).
fn same_domain(a: &SchedNode, b: &SchedNode, key: &str) -> bool {
    match (
        a.labels.get(key).and_then(|v| v.fixed()),
        b.labels.get(key).and_then(|v| v.fixed()),
    ) {
        (Some(left), Some(right)) => left == right,
        _ => false,
    }
}

/// InterPodAffinity's filter (`plugins/interpodaffinity/filtering.go`), in its order:
/// the pod's required affinity, its required anti-affinity, then existing pods'
/// required anti-affinity.
fn inter_pod_affinity(
    pod: &PodView,
    nodes: &[SchedNode],
    index: usize,
    holders: &[usize],
) -> Result<(), NodeRejection> {
    let node = &nodes[index];

    // NOTE: the pod's own affinity and anti-affinity terms still scan every node's pods
    // for every candidate node, quadratic in the cluster size for such pods.
    for term in pod.required_affinity() {
        let satisfied = nodes.iter().any(|other| {
            same_domain(node, other, &term.topology_key)
                && other
                    .pods
                    .iter()
                    .any(|placed| term_selects(term, pod, placed))
        });
        // The first pod of a group that selects itself may go anywhere with the key, or
        // no such pod could ever be scheduled.
        let no_match_anywhere = !nodes.iter().any(|other| {
            other
                .pods
                .iter()
                .any(|placed| term_selects(term, pod, placed))
        });
        let bootstrap = no_match_anywhere
            && term_selects(term, pod, pod)
            && node.labels.contains_key(&term.topology_key);
        if !satisfied && !bootstrap {
            return Err(NodeRejection::unresolvable(messages::AFFINITY));
        }
    }

    let repels_existing = pod.required_anti_affinity().iter().any(|term| {
        nodes.iter().any(|other| {
            same_domain(node, other, &term.topology_key)
                && other
                    .pods
                    .iter()
                    .any(|placed| term_selects(term, pod, placed))
        })
    });
    if repels_existing {
        return Err(NodeRejection::resolvable(vec![
            messages::ANTI_AFFINITY.to_string(),
        ]));
    }

    // Only nodes in `holders` have pods with required anti-affinity.
    let existing_repels = holders.iter().map(|&other| &nodes[other]).any(|other| {
        other.pods.iter().any(|placed| {
            placed.required_anti_affinity().iter().any(|term| {
                term_selects(term, placed, pod) && same_domain(node, other, &term.topology_key)
            })
        })
    });
    if existing_repels {
        return Err(NodeRejection::resolvable(vec![
            messages::EXISTING_ANTI_AFFINITY.to_string(),
        ]));
    }
    Ok(())
}
