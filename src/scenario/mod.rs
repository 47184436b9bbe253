//! The scenario file: what load a distributed k6 test must produce and where its
//! runner pods may run. `Scenario::load` parses and validates it; `crate::sizing` sizes it.

mod duration;
mod raw;
mod validate;
mod yaml_path;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::Result;
use crate::catalog::NodeModel;
use crate::quantity::Resources;

pub use duration::parse_duration_millis;

/// The only `apiVersion` this version of capplan reads.
pub const API_VERSION: &str = "capplan/v1";
/// The `kind` of a scenario document.
pub const KIND: &str = "Scenario";

/// A validated scenario. Every field has its default filled in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    /// The scenario's source: a file path, or the label given to `from_str`.
    pub origin: String,
    pub name: String,
    /// Total requests per second over all runner pods at the profile's peak.
    pub target_rps: u64,
    pub profile: LoadProfile,
    pub shards: Shards,
    pub runner: Runner,
    pub nodes: Nodes,
}

/// The load profile as k6 `ramping-arrival-rate` stages, in requests per second.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadProfile {
    /// Whether stage targets are totals over all pods or each pod's own rate.
    pub target_scope: TargetScope,
    /// Rate at time 0, in the same scope as the targets (k6 `startRate`, default 0).
    pub start_rps: u64,
    pub stages: Vec<Stage>,
}

/// One stage: the rate moves linearly from the previous stage's target to `target_rps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    pub duration_millis: u64,
    pub target_rps: u64,
}

/// The scope of the stage targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TargetScope {
    /// Every pod runs these targets, so the total is `pods ×` the target.
    PerPod,
    /// The targets are totals, and each pod runs its share.
    Total,
}

/// The split of the load over runner pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Shards {
    /// A fixed number of pods.
    Pods(u32),
    /// The maximum RPS one pod carries. The pod count is `ceil(targetRps / rpsPerPod)`.
    RpsPerPod(u64),
}

/// The runner pod: its shape and the throughput model used to predict its needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Runner {
    pub shape: RunnerShape,
    pub throughput: Throughput,
}

/// Whether the pod's resources are given or derived from the throughput model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RunnerShape {
    /// Requests, limits and maxVUs as the Job manifests set them. A resource without a
    /// limit is 0 in `limits`.
    Fixed {
        requests: Resources,
        limits: Resources,
        max_vus: u64,
    },
    /// capplan derives requests, limits and maxVUs from `Throughput`.
    Derived,
}

/// Throughput and memory parameters of one k6 runner. Defaults are documented in
/// `docs/scenario.md` with their sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Throughput {
    /// Requests per second one fully busy core sustains.
    pub rps_per_cpu: u64,
    pub memory_per_vu_bytes: i64,
    pub base_memory_bytes: i64,
    /// Mean iteration duration, when known.
    pub mean_iteration_micros: Option<u64>,
    pub requests_per_iteration: u64,
    /// The highest share of the CPU limit k6 should use.
    pub cpu_target_percent: u64,
    /// The highest share of the memory limit k6 should use.
    pub memory_limit_percent: u64,
    /// VUs added on top of Little's law when capplan derives maxVUs.
    pub vu_cushion_percent: u64,
    /// Whether the end-of-test summary or thresholds are on, so k6 keeps every trend sample.
    pub keep_trend_samples: bool,
    /// Whether the Prometheus remote-write output keeps a second copy in trend-stats mode.
    pub remote_write_trend_stats: bool,
}

impl Default for Throughput {
    fn default() -> Throughput {
        Throughput {
            rps_per_cpu: 2_000,
            memory_per_vu_bytes: 1_000_000,
            base_memory_bytes: 64 * 1024 * 1024,
            mean_iteration_micros: None,
            requests_per_iteration: 1,
            cpu_target_percent: 80,
            memory_limit_percent: 90,
            vu_cushion_percent: 20,
            keep_trend_samples: true,
            remote_write_trend_stats: false,
        }
    }
}

/// The nodes the runner pods may run on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Nodes {
    pub region: String,
    /// Instance types the planner may use, by EC2 name.
    pub instance_types: Vec<String>,
    pub capacity_type: CapacityType,
    pub node_model: NodeModel,
    /// DaemonSet pods that run on every node of the NodePool, with their requests.
    pub daemon_sets: Vec<DaemonSetOverhead>,
    pub node_pool: NodePoolBudget,
    /// Nodes that already exist and have room, with what is free on each.
    pub existing: Vec<ExistingNode>,
    /// Node counts someone proposed (a runbook's guess), checked against the pods.
    pub proposals: Vec<Proposal>,
}

/// A proposed node count of one instance type, possibly a range such as "3–4".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    pub name: String,
    pub instance_type: String,
    pub count: u32,
    /// The upper end of a range; equal to `count` for a single value.
    pub max_count: u32,
}

/// The capacity type new nodes are bought as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapacityType {
    OnDemand,
}

/// One DaemonSet's effective pod request on each node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonSetOverhead {
    pub name: String,
    pub cpu_millis: i64,
    pub memory_bytes: i64,
}

/// The NodePool's `spec.limits` and its current `status.resources`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodePoolBudget {
    pub name: Option<String>,
    pub limits: PoolResources,
    pub usage: PoolResources,
    /// The labels runner pods select the pool's nodes by, as the pod's `nodeSelector`.
    pub node_selector: BTreeMap<String, String>,
    /// Tolerations for the pool's taints, copied into the runner pods.
    pub tolerations: Vec<PoolToleration>,
}

/// A toleration as a pod spec writes it (`operator` is `Equal` or `Exists`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolToleration {
    pub key: Option<String>,
    pub operator: String,
    pub value: Option<String>,
    pub effect: Option<String>,
}

/// Capacity counted against NodePool limits; `None` means no limit (or no usage given).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolResources {
    pub cpu_millis: Option<i64>,
    pub memory_bytes: Option<i64>,
    pub nodes: Option<i64>,
}

/// An existing node with room left for runner pods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExistingNode {
    pub name: String,
    pub instance_type: String,
    /// Free CPU, memory and pod slots (allocatable minus the requests already placed).
    pub free: Resources,
}

impl Scenario {
    /// Reads and validates a scenario file.
    ///
    /// # Errors
    /// `Error::Io` when the file cannot be read; `Error::Input` naming the file, line,
    /// column and field when it is not a valid scenario.
    pub fn load(path: &Path) -> Result<Scenario> {
        let text = crate::input::read_text(path)?;
        Scenario::from_str(&text, &path.display().to_string())
    }

    /// Parses and validates scenario text; `origin` names it in error messages.
    ///
    /// # Errors
    /// `Error::Input` naming `origin`, the line, column and field of the first problem.
    pub fn from_str(text: &str, origin: &str) -> Result<Scenario> {
        validate::parse(text, origin)
    }

    /// Returns the number of runner pods.
    pub fn pod_count(&self) -> u32 {
        match self.shards {
            Shards::Pods(pods) => pods,
            // Validation rejects an rpsPerPod that gives more than 10,000 pods.
            Shards::RpsPerPod(rps) => {
                u32::try_from(self.target_rps.div_ceil(rps)).unwrap_or(u32::MAX)
            }
        }
    }

    /// Returns the summed DaemonSet requests per node, with one pod slot per DaemonSet.
    pub fn daemonset_overhead(&self) -> Resources {
        let mut overhead = Resources::default();
        for daemon_set in &self.nodes.daemon_sets {
            overhead.cpu_millis += daemon_set.cpu_millis;
            overhead.memory_bytes += daemon_set.memory_bytes;
            overhead.pods += 1;
        }
        overhead
    }

    /// Returns the instance types the planner may choose from.
    pub fn instance_types(&self) -> &[String] {
        &self.nodes.instance_types
    }

    /// Returns the AWS region whose prices and types apply.
    pub fn region(&self) -> &str {
        &self.nodes.region
    }

    /// Returns the NodePool limits and usage.
    pub fn node_pool(&self) -> &NodePoolBudget {
        &self.nodes.node_pool
    }

    /// Returns the existing nodes with free capacity.
    pub fn existing_nodes(&self) -> &[ExistingNode] {
        &self.nodes.existing
    }

    /// Returns the node overhead model.
    pub fn node_model(&self) -> &NodeModel {
        &self.nodes.node_model
    }

    /// Returns the total test duration: the sum of the stage durations.
    pub fn duration_millis(&self) -> u64 {
        self.profile
            .stages
            .iter()
            .map(|stage| stage.duration_millis)
            .sum()
    }
}
