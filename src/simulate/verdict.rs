//! The simulation's result: where each pod lands, what Karpenter launches, and when
//! each part can start.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::exit_code;
use crate::finding::{Finding, Severity};
use crate::quantity::Resources;

/// The result of one simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// One entry per new pod, in the order the pods were given.
    pub pods: Vec<PodVerdict>,
    /// One entry per NodePool, in Karpenter's order (weight, then name descending).
    pub node_pools: Vec<NodePoolSummary>,
    /// The NodeClaims Karpenter would create, in creation order.
    pub node_claims: Vec<PlannedNodeClaim>,
    /// Start-time spreads, stalled workloads and simulation gaps.
    pub findings: Vec<Finding>,
}

impl Verdict {
    /// Returns true when every pod gets a node that can hold it and no finding is an error.
    pub fn passes(&self) -> bool {
        let pods_run = self.pods.iter().all(|pod| {
            matches!(
                pod.outcome,
                PodOutcome::Scheduled { .. } | PodOutcome::OnNewNode { .. }
            )
        });
        pods_run
            && self
                .findings
                .iter()
                .all(|finding| finding.severity < Severity::Error)
    }

    /// Returns the process exit code for this verdict: 0 when it passes, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        if self.passes() {
            exit_code::SUCCESS
        } else {
            exit_code::FINDINGS
        }
    }

    /// Returns the verdict of one pod by its `namespace/name`.
    pub fn pod(&self, id: &str) -> Option<&PodVerdict> {
        self.pods.iter().find(|pod| pod.pod == id)
    }
}

/// The outcome of one pod.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PodVerdict {
    /// `namespace/name`.
    pub pod: String,
    /// The effective request the simulation used (one pod slot included).
    pub requests: Resources,
    pub outcome: PodOutcome,
    /// Estimated seconds from submission until the pod can start: 0 on an existing
    /// node, the node start-up estimate on a new one, absent when it never starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_seconds: Option<u32>,
}

/// The place a pod lands: an existing node, a new node, or none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum PodOutcome {
    /// kube-scheduler binds it to an existing node.
    Scheduled { node: String },
    /// Karpenter launches a node for it, and the real node has room for it.
    OnNewNode {
        node_claim: String,
        node_pool: String,
        /// The type Karpenter launches: the cheapest candidate.
        instance_type: String,
        /// Every type the NodeClaim could still become, cheapest first.
        candidates: Vec<String>,
    },
    /// Karpenter launches a node it models as big enough, but the real node cannot
    /// hold the pod, so it stays Pending while Karpenter keeps launching.
    LaunchLoop {
        node_claim: String,
        node_pool: String,
        instance_type: String,
        /// The pod's FailedScheduling reasons on the launched node (`Insufficient cpu`).
        reasons: Vec<String>,
        /// How much the real node lacks for this pod, per resource.
        shortfall: Resources,
        /// A sentence for people, in the output language.
        explanation: String,
    },
    /// No existing node and no NodePool can take it.
    Pending {
        /// The FailedScheduling event text kube-scheduler writes, verbatim.
        message: String,
        /// Karpenter's FailedScheduling event text, verbatim, when NodePools were tried.
        #[serde(skip_serializing_if = "Option::is_none")]
        karpenter_message: Option<String>,
        /// The reason each NodePool could not help, in Karpenter's order.
        node_pools: Vec<NodePoolRejection>,
    },
}

/// The reason one NodePool could not take a pod.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodePoolRejection {
    pub node_pool: String,
    /// Every blocker found; Karpenter reports the first.
    pub reasons: Vec<RejectionReason>,
    /// Karpenter's own error text for this pool, verbatim.
    pub karpenter_error: String,
    /// A sentence for people, in the output language.
    pub explanation: String,
}

/// The kind of NodePool rejection, with its numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RejectionReason {
    /// A template taint the pod does not tolerate, as `key=value:Effect`.
    Taint { taint: String },
    /// The pod's nodeSelector or required node affinity excludes every node the pool makes.
    Requirements,
    /// The pool's requirements leave no instance type among the offers.
    NoInstanceTypes,
    /// The pool's `nodes` limit is used up.
    NodeLimit { limit: i64, in_use: i64 },
    /// Every instance type's capacity exceeds what the limits leave.
    LimitsExceeded { remaining: BTreeMap<String, i64> },
    /// No instance type holds the pod plus the pool's DaemonSet overhead.
    NoInstanceTypeFits {
        /// The type that comes closest, and what it lacks in Karpenter's model.
        closest: String,
        shortfall: Resources,
        /// True when the real node of that type (a live node or a given figure) would hold it.
        fits_real_node: bool,
    },
    /// Inter-pod anti-affinity or topology spread rules exclude a new node.
    Topology { reasons: Vec<String> },
}

/// Karpenter's plan for one NodePool.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodePoolSummary {
    pub node_pool: String,
    pub weight: i32,
    /// NodeClaims this pool launches.
    pub nodes_to_launch: usize,
    /// Launched instance types and how many of each.
    pub instance_types: BTreeMap<String, usize>,
    /// On-demand price of the launched nodes, micro-dollars per hour.
    pub price_micros_per_hour: i64,
    /// Use of each limited resource.
    pub limits: Vec<LimitUse>,
}

/// One `spec.limits` entry: amounts in the resource's integer unit (millicores for
/// cpu, bytes for memory and ephemeral-storage, whole units otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LimitUse {
    pub resource: String,
    pub limit: i64,
    /// From `status.resources` (capacity of the pool's current nodes).
    pub in_use: i64,
    /// Capacity of the nodes this simulation launches.
    pub planned: i64,
}

/// A NodeClaim Karpenter would create.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedNodeClaim {
    pub name: String,
    pub node_pool: String,
    /// The launched type: the cheapest candidate.
    pub instance_type: String,
    /// Types that still hold every pod plus DaemonSet overhead, cheapest first.
    pub candidates: Vec<String>,
    /// Pods Karpenter packed onto it (`namespace/name`).
    pub pods: Vec<String>,
    /// Σ effective requests of those pods.
    pub pod_requests: Resources,
    /// DaemonSet overhead Karpenter counts for the launched type.
    pub daemonset_overhead: Resources,
    /// DaemonSet overhead the real node carries (from live DaemonSet pods when present).
    pub daemonset_overhead_real: Resources,
    pub allocatable_model: Resources,
    /// Allocatable of the real node, and where the figure came from.
    pub allocatable_real: Resources,
    pub allocatable_real_source: AllocatableSource,
    pub price_micros_per_hour: i64,
}

/// The source of a real node's allocatable figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", content = "detail", rename_all = "kebab-case")]
pub enum AllocatableSource {
    /// A live node of that type (its name).
    LiveNode(String),
    /// The caller's figure (a measured value from the catalog).
    Given,
    /// No better figure: Karpenter's model.
    Model,
}
