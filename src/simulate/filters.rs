//! kube-scheduler's filter plugins in their default order; the first plugin that
//! rejects a node names that node's reasons (`RunFilterPlugins` in
//! `pkg/scheduler/framework/runtime/framework.go`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{PodAffinityTerm, PodSpec, Taint, Toleration};

use super::TaintReasonForm;
use super::matching::{self, NodeLabels};
use super::messages;
use super::topology::{PodTopology, TopologyIndex};
use crate::cluster::requests::{ContainerResources, SpecResources};
use crate::quantity::Resources;

/// A pod as the filters see it: its spec, labels and effective request.
#[derive(Debug, Clone)]
pub(crate) struct PodView<'a> {
    /// `namespace/name`.
    pub id: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub spec: Cow<'a, PodSpec>,
    /// Effective request (`pod_requests`), one pod slot included.
    pub requests: Resources,
    pub priority: i32,
}

/// A pod bound to a node, reduced to what the filters read about the pods already
/// there, so a snapshot of 150,000 pods does not keep 150,000 pod specs.
#[derive(Debug, Clone)]
pub(crate) struct PlacedPod<'a> {
    pub namespace: &'a str,
    pub labels: &'a BTreeMap<String, String>,
    pub priority: i32,
    host_ports: Vec<HostPort>,
}

/// Returns the cpu and memory kube-scheduler's scoring counts for a pod: its requests,
/// with 100m and 200Mi standing in for zero.
pub(crate) fn score_requests(requests: &Resources) -> (i64, i64) {
    (
        if requests.cpu_millis == 0 {
            SCORING_DEFAULT_CPU_MILLIS
        } else {
            requests.cpu_millis
        },
        if requests.memory_bytes == 0 {
            SCORING_DEFAULT_MEMORY_BYTES
        } else {
            requests.memory_bytes
        },
    )
}

impl<'a> PlacedPod<'a> {
    /// Keeps what other pods' filters read from a pod with this spec.
    pub(crate) fn new(
        namespace: &'a str,
        labels: &'a BTreeMap<String, String>,
        priority: i32,
        spec: &impl SpecResources,
    ) -> PlacedPod<'a> {
        PlacedPod {
            namespace,
            labels,
            priority,
            host_ports: host_ports(spec),
        }
    }
}

impl PodView<'_> {
    /// Returns what stays of this pod once it is bound.
    pub(crate) fn placed(&self) -> PlacedPod<'_> {
        PlacedPod {
            namespace: &self.namespace,
            labels: &self.labels,
            priority: self.priority,
            host_ports: host_ports(self.spec.as_ref()),
        }
    }

    fn tolerations(&self) -> &[Toleration] {
        self.spec.tolerations.as_deref().unwrap_or_default()
    }

    pub(super) fn required_anti_affinity(&self) -> &[PodAffinityTerm] {
        required_anti_affinity(self.spec.as_ref())
    }

    pub(super) fn required_affinity(&self) -> &[PodAffinityTerm] {
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
}

/// Returns a pod's required pod anti-affinity terms.
pub(crate) fn required_anti_affinity(spec: &impl SpecResources) -> &[PodAffinityTerm] {
    spec.affinity()
        .and_then(|affinity| affinity.pod_anti_affinity.as_ref())
        .and_then(|anti| {
            anti.required_during_scheduling_ignored_during_execution
                .as_deref()
        })
        .unwrap_or_default()
}

/// Lists the host ports the containers of a pod bind on its node.
pub(crate) fn host_ports<S: SpecResources>(spec: &S) -> Vec<HostPort> {
    spec.containers()
        .iter()
        .chain(spec.init_containers())
        .flat_map(|container| container.ports())
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

/// A host port a pod binds on its node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostPort {
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
pub(crate) struct SchedNode<'a> {
    pub name: String,
    pub labels: NodeLabels,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub allocatable: Resources,
    /// Σ effective requests of the pods below, one pod slot each.
    pub requested: Resources,
    pub pods: Vec<PlacedPod<'a>>,
    /// Σ cpu and memory requests of `pods` with kube-scheduler's scoring defaults for
    /// zero requests, kept so scoring a node does not walk its pods.
    pub score_requested: (i64, i64),
}

impl<'a> SchedNode<'a> {
    /// Returns a node with no pods bound.
    pub(crate) fn new(
        name: String,
        labels: NodeLabels,
        taints: Vec<Taint>,
        unschedulable: bool,
        allocatable: Resources,
    ) -> SchedNode<'a> {
        SchedNode {
            name,
            labels,
            taints,
            unschedulable,
            allocatable,
            requested: Resources::default(),
            pods: Vec::new(),
            score_requested: (0, 0),
        }
    }

    /// Binds a pod with effective request `requests` to this node.
    pub(crate) fn add_pod(&mut self, requests: &Resources, pod: PlacedPod<'a>) {
        self.requested.add(requests);
        let (cpu, memory) = score_requests(requests);
        self.score_requested.0 += cpu;
        self.score_requested.1 += memory;
        self.pods.push(pod);
    }
}

/// kube-scheduler's scoring stand-ins for pods without requests
/// (`DefaultMilliCPURequest`, `DefaultMemoryRequest` in `pkg/scheduler/util`).
const SCORING_DEFAULT_CPU_MILLIS: i64 = 100;
const SCORING_DEFAULT_MEMORY_BYTES: i64 = 200 * 1024 * 1024;

/// Why one node rejected a pod: the reasons of the first failing plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodeRejection {
    pub reasons: Vec<String>,
    /// `UnschedulableAndUnresolvable` in kube-scheduler: preemption cannot help.
    pub unresolvable: bool,
}

impl NodeRejection {
    pub(super) fn unresolvable(reason: impl Into<String>) -> NodeRejection {
        NodeRejection {
            reasons: vec![reason.into()],
            unresolvable: true,
        }
    }

    pub(super) fn resolvable(reasons: Vec<String>) -> NodeRejection {
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
    node: &SchedNode,
    topology: &TopologyIndex,
    prepared: &PodTopology,
) -> Result<(), NodeRejection> {
    node_ports(pod, node)?;
    node_resources_fit(pod, node)?;
    topology.check(prepared, node, false)
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
    let requested = host_ports(pod.spec.as_ref());
    if requested.is_empty() {
        return Ok(());
    }
    let conflict = node
        .pods
        .iter()
        .flat_map(|placed| placed.host_ports.iter())
        .any(|used| requested.iter().any(|port| port.conflicts(used)));
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

/// Returns true when every filter that reads the placed pods passes. The verdict equals
/// [`dynamic_filters`]'s, but no reasons are built for a node that fails on resources.
pub(crate) fn passes_dynamic_filters(
    pod: &PodView,
    node: &SchedNode,
    topology: &TopologyIndex,
    prepared: &PodTopology,
) -> bool {
    resources_fit(&pod.requests, &node.requested, &node.allocatable)
        && dynamic_filters(pod, node, topology, prepared).is_ok()
}

/// NodeResourcesFit's verdict alone: true when [`insufficient_resources`] lists nothing.
fn resources_fit(request: &Resources, requested: &Resources, allocatable: &Resources) -> bool {
    let fits = |amount: i64, available: i64, used: i64| amount <= 0 || amount <= available - used;
    requested.pods < allocatable.pods
        && fits(
            request.cpu_millis,
            allocatable.cpu_millis,
            requested.cpu_millis,
        )
        && fits(
            request.memory_bytes,
            allocatable.memory_bytes,
            requested.memory_bytes,
        )
        && fits(
            request.ephemeral_storage_bytes,
            allocatable.ephemeral_storage_bytes,
            requested.ephemeral_storage_bytes,
        )
        && request.extended.iter().all(|(name, amount)| {
            fits(
                *amount,
                allocatable.extended.get(name).copied().unwrap_or(0),
                requested.extended.get(name).copied().unwrap_or(0),
            )
        })
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
