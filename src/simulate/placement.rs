//! kube-scheduler on the existing nodes: build the snapshot, filter every node, score
//! the feasible ones and bind, one pod at a time.

use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Node, NodeAffinity, Pod, PodSpec, Toleration};
use rustc_hash::FxHashMap;

use super::filters::{self, PlacedPod, PodView, SchedNode};
use super::matching::fixed_labels;
use super::messages;
use super::topology::TopologyIndex;
use super::{SimulateOptions, TaintReasonForm};
use crate::cluster::requests::{pod_requests, resources_from_map};
use crate::cluster::{ClusterPod, ClusterState};
use crate::quantity::Resources;

/// Returns a pod's `namespace/name`; a template pod without a name gets its
/// `generateName` or its position.
pub(crate) fn pod_id(pod: &Pod, position: usize) -> String {
    let meta = &pod.metadata;
    object_id(
        meta.namespace.as_deref(),
        meta.name.as_deref().or(meta.generate_name.as_deref()),
        position,
    )
}

/// Returns a cluster pod's `namespace/name`, as `pod_id` does.
fn cluster_pod_id(pod: &ClusterPod, position: usize) -> String {
    let meta = &pod.metadata;
    object_id(
        meta.namespace.as_deref(),
        meta.name.as_deref().or(meta.generate_name.as_deref()),
        position,
    )
}

/// Formats `namespace/name`, with `default` for a missing namespace and the
/// position for a missing name.
fn object_id(namespace: Option<&str>, name: Option<&str>, position: usize) -> String {
    let namespace = namespace.unwrap_or("default");
    match name {
        Some(name) => format!("{namespace}/{name}"),
        None => format!("{namespace}/pod-{position}"),
    }
}

/// Builds the filters' view of a pod, computing its effective request.
pub(crate) fn pod_view(pod: &Pod, position: usize) -> crate::Result<PodView<'_>> {
    let id = pod_id(pod, position);
    let spec = match &pod.spec {
        Some(spec) => Cow::Borrowed(spec),
        None => Cow::Owned(PodSpec::default()),
    };
    let requests = pod_requests(spec.as_ref()).map_err(|error| {
        crate::Error::input(
            format!("Pod {id}"),
            crate::t!("simulate-invalid-pod-quantity", detail = error.to_string()),
        )
    })?;
    Ok(PodView {
        namespace: pod
            .metadata
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_string()),
        labels: pod.metadata.labels.clone().unwrap_or_default(),
        priority: spec.priority.unwrap_or(0),
        id,
        spec,
        requests,
    })
}

/// Returns true for pods that hold resources on their node: bound and not finished.
fn holds_resources(pod: &ClusterPod) -> bool {
    !matches!(pod.phase(), Some("Succeeded" | "Failed"))
}

/// Reads a node's allocatable; a node without one has none.
pub(crate) fn node_allocatable(node: &Node) -> crate::Result<Resources> {
    let name = node.metadata.name.as_deref().unwrap_or_default();
    match node
        .status
        .as_ref()
        .and_then(|status| status.allocatable.as_ref())
    {
        Some(map) => resources_from_map(map, "status.allocatable").map_err(|error| {
            crate::Error::input(
                format!("Node {name}"),
                crate::t!("simulate-invalid-node-quantity", detail = error.to_string()),
            )
        }),
        None => Ok(Resources::default()),
    }
}

/// Builds the scheduler snapshot, every node with the non-terminated pods bound to it,
/// and the topology counts over those pods.
pub(crate) fn existing_nodes(
    cluster: &ClusterState,
) -> crate::Result<(Vec<SchedNode<'_>>, TopologyIndex)> {
    let mut nodes = Vec::with_capacity(cluster.nodes.len());
    for node in &cluster.nodes {
        let spec = node.spec.as_ref();
        nodes.push(SchedNode::new(
            node.metadata.name.clone().unwrap_or_default(),
            node.metadata
                .labels
                .as_ref()
                .map(fixed_labels)
                .unwrap_or_default(),
            spec.and_then(|spec| spec.taints.clone())
                .unwrap_or_default(),
            spec.and_then(|spec| spec.unschedulable).unwrap_or(false),
            node_allocatable(node)?,
        ));
    }
    let index_by_name: FxHashMap<&str, usize> = cluster
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| (node.metadata.name.as_deref().unwrap_or_default(), index))
        .collect();
    let mut topology = TopologyIndex::default();
    for (position, pod) in cluster.pods.iter().enumerate() {
        // A pod without a spec names no node.
        let Some(spec) = pod.spec.as_ref() else {
            continue;
        };
        let Some(&index) = spec
            .node_name
            .as_deref()
            .and_then(|name| index_by_name.get(name))
        else {
            continue;
        };
        if !holds_resources(pod) {
            continue;
        }
        let requests = pod.requests().map_err(|error| {
            crate::Error::input(
                format!("Pod {}", cluster_pod_id(pod, position)),
                crate::t!("simulate-invalid-pod-quantity", detail = error.to_string()),
            )
        })?;
        let placed = PlacedPod::new(
            pod.metadata.namespace.as_deref().unwrap_or("default"),
            pod.metadata.labels.as_ref().unwrap_or(&NO_LABELS),
            spec.priority.unwrap_or(0),
            spec,
        );
        let anti_affinity = filters::required_anti_affinity(spec);
        topology.placed(&nodes[index], &placed, anti_affinity);
        nodes[index].add_pod(&requests, placed);
    }
    Ok((nodes, topology))
}

/// The labels of a pod that has none.
static NO_LABELS: BTreeMap<String, String> = BTreeMap::new();

/// The result of one scheduling attempt on the existing nodes.
pub(crate) enum Attempt {
    Bound(usize),
    Unschedulable {
        /// The FailedScheduling message.
        message: String,
        /// True when some node has lower-priority pods whose eviction could make room;
        /// preemption is not simulated then.
        preemption_possible: bool,
    },
}

/// The static filters' verdict for one pod spec on every node.
struct StaticVerdict {
    /// The parts of the spec the static filters read.
    key: StaticKey,
    /// Nodes that pass, in node order.
    passing: Vec<usize>,
    /// How many failing nodes give each reason. Every static rejection is
    /// `UnschedulableAndUnresolvable`, so preemption cannot help on these nodes.
    reasons: BTreeMap<String, usize>,
    rejected: usize,
}

#[derive(PartialEq)]
struct StaticKey {
    node_name: Option<String>,
    node_selector: Option<BTreeMap<String, String>>,
    node_affinity: Option<NodeAffinity>,
    tolerations: Option<Vec<Toleration>>,
}

impl StaticKey {
    fn of(pod: &PodView) -> StaticKey {
        StaticKey {
            node_name: pod.spec.node_name.clone(),
            node_selector: pod.spec.node_selector.clone(),
            node_affinity: pod
                .spec
                .affinity
                .as_ref()
                .and_then(|affinity| affinity.node_affinity.clone()),
            tolerations: pod.spec.tolerations.clone(),
        }
    }
}

/// The static filters' results per distinct pod spec. The pods of one workload share
/// a spec, so each node is checked once per workload instead of once per pod. Valid
/// while the nodes' names, labels, taints and cordons stay as they are.
#[derive(Default)]
pub(crate) struct StaticCache {
    verdicts: Vec<StaticVerdict>,
    /// Pods bound so far in this pass.
    binds: usize,
    /// The last pod that fit no node, when its outcome depends only on what the key holds.
    last_failure: Option<Failure>,
}

/// An unschedulable outcome and what it depended on. A pod with the same static filters,
/// request and priority, no host ports and no topology rules fails the same way as long
/// as no pod was bound since: the filters then read only the unchanged node state.
struct Failure {
    verdict: usize,
    requests: Resources,
    priority: i32,
    binds: usize,
    message: String,
    preemption_possible: bool,
}

impl StaticCache {
    fn verdict(
        &mut self,
        pod: &PodView,
        nodes: &[SchedNode],
        taint_form: TaintReasonForm,
    ) -> usize {
        let key = StaticKey::of(pod);
        if let Some(found) = self.verdicts.iter().position(|verdict| verdict.key == key) {
            return found;
        }
        let mut passing = Vec::new();
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        let mut rejected = 0;
        for (index, node) in nodes.iter().enumerate() {
            match filters::static_filters(pod, node, taint_form) {
                Ok(()) => passing.push(index),
                Err(rejection) => {
                    rejected += 1;
                    for reason in rejection.reasons {
                        *reasons.entry(reason).or_insert(0) += 1;
                    }
                }
            }
        }
        self.verdicts.push(StaticVerdict {
            key,
            passing,
            reasons,
            rejected,
        });
        self.verdicts.len() - 1
    }
}

/// Filters every node, binds the pod to the best-scoring feasible one, or explains why
/// none fits. `topology` is kept up to date with the binding.
pub(crate) fn schedule_on_existing<'a>(
    pod: &'a PodView<'a>,
    nodes: &mut [SchedNode<'a>],
    options: &SimulateOptions,
    cache: &mut StaticCache,
    topology: &mut TopologyIndex,
) -> Attempt {
    let prepared = topology.prepare(pod, nodes);
    let verdict_index = cache.verdict(pod, nodes, options.taint_reason_form);
    let independent = prepared.is_empty() && filters::host_ports(pod.spec.as_ref()).is_empty();
    if independent
        && let Some(failure) = &cache.last_failure
        && failure.verdict == verdict_index
        && failure.binds == cache.binds
        && failure.requests == pod.requests
        && failure.priority == pod.priority
    {
        return Attempt::Unschedulable {
            message: failure.message.clone(),
            preemption_possible: failure.preemption_possible,
        };
    }
    let verdict = &cache.verdicts[verdict_index];
    let mut best: Option<(i64, usize)> = None;
    for &index in &verdict.passing {
        let node = &nodes[index];
        if !filters::passes_dynamic_filters(pod, node, topology, &prepared) {
            continue;
        }
        let score = least_allocated_score(pod, node);
        // Ties go to the first node by name; kube-scheduler picks among ties at random.
        let better = match best {
            None => true,
            Some((best_score, best_index)) => {
                score > best_score || (score == best_score && node.name < nodes[best_index].name)
            }
        };
        if better {
            best = Some((score, index));
        }
    }
    if let Some((_, index)) = best {
        let placed = pod.placed();
        topology.placed(&nodes[index], &placed, pod.required_anti_affinity());
        nodes[index].add_pod(&pod.requests, placed);
        cache.binds += 1;
        return Attempt::Bound(index);
    }
    if nodes.is_empty() {
        return Attempt::Unschedulable {
            message: messages::NO_NODES_AVAILABLE.to_string(),
            preemption_possible: false,
        };
    }

    // No node fits: run the dynamic filters again to collect every node's reasons.
    let mut reasons = verdict.reasons.clone();
    let mut preemption: BTreeMap<String, usize> = BTreeMap::new();
    if verdict.rejected > 0 {
        preemption.insert(
            messages::PREEMPTION_NOT_HELPFUL.to_string(),
            verdict.rejected,
        );
    }
    let mut preemption_possible = false;
    for &index in &verdict.passing {
        let node = &nodes[index];
        let Err(rejection) = filters::dynamic_filters(pod, node, topology, &prepared) else {
            continue;
        };
        for reason in &rejection.reasons {
            *reasons.entry(reason.clone()).or_insert(0) += 1;
        }
        let preemption_reason = if rejection.unresolvable {
            messages::PREEMPTION_NOT_HELPFUL
        } else {
            if node
                .pods
                .iter()
                .any(|placed| placed.priority < pod.priority)
            {
                preemption_possible = true;
            }
            messages::NO_PREEMPTION_VICTIMS
        };
        *preemption.entry(preemption_reason.to_string()).or_insert(0) += 1;
    }
    let preemption_suffix = if preemption_possible {
        None
    } else {
        Some(&preemption)
    };
    let message = messages::failed_scheduling(nodes.len(), &reasons, preemption_suffix);
    if independent {
        cache.last_failure = Some(Failure {
            verdict: verdict_index,
            requests: pod.requests.clone(),
            priority: pod.priority,
            binds: cache.binds,
            message: message.clone(),
            preemption_possible,
        });
    }
    Attempt::Unschedulable {
        message,
        preemption_possible,
    }
}

/// NodeResourcesFit's default `LeastAllocated` score (cpu and memory, weight 1 each):
/// the share of allocatable left free after placing the pod, 0–100.
// NOTE: the other score plugins (BalancedAllocation, default topology spreading,
// ImageLocality) are left out; they agree with LeastAllocated for identical pods.
fn least_allocated_score(pod: &PodView, node: &SchedNode) -> i64 {
    let (pod_cpu, pod_memory) = filters::score_requests(&pod.requests);
    let cpu = pod_cpu + node.score_requested.0;
    let memory = pod_memory + node.score_requested.1;
    let free_share = |used: i64, total: i64| {
        if total <= 0 || used > total {
            0
        } else {
            (total - used).saturating_mul(100) / total
        }
    };
    (free_share(cpu, node.allocatable.cpu_millis)
        + free_share(memory, node.allocatable.memory_bytes))
        / 2
}
