//! The cheapest node mix for a set of pods: an exact integer program over node
//! patterns, and Karpenter's greedy packing of the same pods for comparison.

mod backend;
mod colgen;
mod dominance;
mod greedy;
mod model;
mod patterns;
mod price_and_branch;
mod pricing;
mod shortfall;
mod solve;
#[cfg(test)]
mod tests;

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::quantity::{ResourceName, Resources};

pub use backend::SOLVER;
pub use greedy::karpenter_greedy;
pub use solve::solve;

/// Pods that share one request, such as the runner pods of one k6 test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodGroup {
    pub name: String,
    /// Effective request of one pod, with `pods = 1`.
    pub requests: Resources,
    pub count: u32,
}

/// An instance type that new nodes may be launched as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeOption {
    pub instance_type: String,
    /// Allocatable left for these pods: node allocatable minus DaemonSet requests,
    /// pod slots included.
    pub allocatable: Resources,
    /// Node capacity, which NodePool `spec.limits` count.
    pub capacity: Resources,
    /// On-demand price in micro-USD per hour.
    pub price_micros: i64,
    /// Maximum number of new nodes of this type, if capped.
    pub max_count: Option<u32>,
}

/// A node that already runs and has room left; using it costs nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingNode {
    pub name: String,
    /// Allocatable minus the requests of the pods already on it.
    pub free: Resources,
}

/// NodePool `spec.limits` and the usage they are checked against. Karpenter counts
/// node capacity, not allocatable, and `status.resources` already contains the pool's nodes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub cpu_millis: Option<i64>,
    pub memory_bytes: Option<i64>,
    pub nodes: Option<i64>,
    /// The pool's current usage (`status.resources`).
    pub in_use: PoolUsage,
}

/// Capacity already counted against a NodePool's limits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolUsage {
    pub cpu_millis: i64,
    pub memory_bytes: i64,
    pub nodes: i64,
}

/// One limited NodePool resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LimitKind {
    Cpu,
    Memory,
    Nodes,
}

impl LimitKind {
    pub const ALL: [LimitKind; 3] = [LimitKind::Cpu, LimitKind::Memory, LimitKind::Nodes];

    /// Returns the limit in millicores, bytes or nodes, if set.
    pub fn limit(self, limits: &Limits) -> Option<i64> {
        match self {
            LimitKind::Cpu => limits.cpu_millis,
            LimitKind::Memory => limits.memory_bytes,
            LimitKind::Nodes => limits.nodes,
        }
    }

    /// Returns the pool's current usage of this resource.
    pub fn in_use(self, limits: &Limits) -> i64 {
        match self {
            LimitKind::Cpu => limits.in_use.cpu_millis,
            LimitKind::Memory => limits.in_use.memory_bytes,
            LimitKind::Nodes => limits.in_use.nodes,
        }
    }

    /// Returns what one node of `option` adds to the pool's usage.
    pub fn per_node(self, option: &NodeOption) -> i64 {
        match self {
            LimitKind::Cpu => option.capacity.cpu_millis,
            LimitKind::Memory => option.capacity.memory_bytes,
            LimitKind::Nodes => 1,
        }
    }

    fn set(self, limits: &mut Limits, value: Option<i64>) {
        match self {
            LimitKind::Cpu => limits.cpu_millis = value,
            LimitKind::Memory => limits.memory_bytes = value,
            LimitKind::Nodes => limits.nodes = value,
        }
    }
}

/// Everything the optimizer needs, already reduced to integers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub pod_groups: Vec<PodGroup>,
    pub node_options: Vec<NodeOption>,
    /// Nodes with free room, filled before any new node is launched.
    pub existing_nodes: Vec<ExistingNode>,
    pub limits: Limits,
    /// Wall-clock budget for the solve. Explaining unplaced pods gets a second budget
    /// of the same length.
    pub time_limit: Duration,
}

/// The origin of a planned node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NodeSource {
    /// A new node of a node option.
    New {
        instance_type: String,
        price_micros: i64,
    },
    /// Free room on a node that already runs.
    Existing { name: String },
}

/// A number of pods of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    pub group: String,
    pub count: u32,
}

/// One node of a plan and the pods it gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedNode {
    pub source: NodeSource,
    /// Pods per group, groups without pods left out.
    pub pods: Vec<GroupCount>,
    /// Sum of the requests of the pods placed here.
    pub requested: Resources,
    /// Allocatable (or free room, for an existing node) left after these pods.
    pub headroom: Resources,
}

/// How far a plan is from proven optimal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SolveStatus {
    /// The solver proved every stage of the objective optimal.
    Optimal,
    /// The time limit ran out: the plan is the best found, not proven optimal.
    TimeLimit {
        /// Cost of the plan minus the LP relaxation bound, in micro-USD per hour.
        cost_gap_micros: i64,
        /// Pods the LP relaxation could still place beyond this plan (0 once the
        /// placed count is proven maximal).
        pods_gap: u32,
    },
    /// The solver finished within the time limit but could not prove the plan optimal:
    /// too many node patterns could still beat it to list them all. The plan is the
    /// best over the patterns that column generation found.
    Bounded {
        /// Cost of the plan minus the LP relaxation bound, in micro-USD per hour.
        cost_gap_micros: i64,
        /// Pods the LP relaxation could still place beyond this plan (0 once the
        /// placed count is proven maximal).
        pods_gap: u32,
    },
    /// Karpenter's greedy packing, which makes no claim of optimality.
    Greedy,
}

/// A node plan: the nodes, their pods, the cost and what could not be placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub nodes: Vec<PlannedNode>,
    pub status: SolveStatus,
    pub total_pods: u32,
    pub placed_pods: u32,
    /// Number of new nodes (existing nodes are not counted).
    pub new_nodes: u32,
    /// Cost of the new nodes in micro-USD per hour.
    pub cost_micros: i64,
    /// LP relaxation lower bound on the cost of placing `placed_pods` pods, rounded
    /// up; `None` for the greedy plan.
    pub lower_bound_micros: Option<i64>,
    /// New-node capacity the plan adds, as NodePool limits count it.
    pub added_capacity: PoolUsage,
    /// Pods left unplaced, per group with any.
    pub unplaced: Vec<GroupCount>,
    /// Reasons for unplaced pods, with the smallest change that places them all.
    pub shortfalls: Vec<Shortfall>,
}

impl Plan {
    /// Returns true when every pod has a node.
    pub fn places_all(&self) -> bool {
        self.placed_pods == self.total_pods
    }
}

/// A resource a pod requests beyond what any node offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceExcess {
    pub resource: ResourceName,
    pub requested: i64,
    /// The largest allocatable of this resource among the compared node options.
    pub allocatable: i64,
    /// The instance type that offers `allocatable`, or the existing node's name when
    /// the problem has no node options.
    pub node: String,
}

impl ResourceExcess {
    /// Returns how much the request exceeds the allocatable.
    pub fn excess(&self) -> i64 {
        self.requested.saturating_sub(self.allocatable)
    }
}

/// One way to make every pod fit, or the reason none is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shortfall {
    /// A pod of `group` fits no node option and no existing node. Each entry compares
    /// one resource with the largest allocatable of any type. When every resource fits
    /// some type on its own, the entries compare against the type that misses the fewest.
    PodTooLarge {
        group: String,
        pods: u32,
        exceeded: Vec<ResourceExcess>,
    },
    /// Raising this one NodePool limit to `needed` (same unit as the limit) places
    /// every pod. Several entries are alternatives.
    LimitTooLow {
        limit: LimitKind,
        current: i64,
        needed: i64,
        /// False when the time limit stopped the search: `needed` then fits all
        /// pods but a smaller value might too.
        proven_minimal: bool,
    },
    /// No single limit is enough: raising all of these together places every pod.
    /// The values come from the cheapest plan that places every pod.
    LimitsTooLow { changes: Vec<LimitChange> },
    /// Per-type node counts (`max_count`) keep pods unplaced even without NodePool limits.
    MaxCountReached { placeable_without_limits: u32 },
    /// The time limit ran out before the cause could be found.
    Unexplained,
}

/// A NodePool limit and the value it must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitChange {
    pub limit: LimitKind,
    pub current: i64,
    pub needed: i64,
}

/// An error that stops the optimizer from returning a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptimizeError {
    /// A request, allocatable, capacity, price or usage is negative.
    Negative {
        subject: String,
        field: &'static str,
    },
    /// More pods than the optimizer accepts.
    TooManyPods { limit: u32 },
    /// Too many node patterns to build the integer program.
    TooManyPatterns { limit: usize },
    /// The solver failed for a reason other than the time limit.
    Solver { detail: String },
}

impl fmt::Display for OptimizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            OptimizeError::Negative { subject, field } => crate::t!(
                "optimize-negative",
                subject = subject.clone(),
                field = field.to_string()
            ),
            OptimizeError::TooManyPods { limit } => {
                crate::t!("optimize-too-many-pods", limit = limit.to_string())
            }
            OptimizeError::TooManyPatterns { limit } => {
                crate::t!("optimize-too-many-patterns", limit = limit.to_string())
            }
            OptimizeError::Solver { detail } => {
                crate::t!("optimize-solver-failed", detail = detail.clone())
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for OptimizeError {}
