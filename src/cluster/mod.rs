//! The cluster state preflight reads: nodes, pods, DaemonSets, Karpenter NodePools and
//! admission objects. Snapshot files and the live API both fill a `ClusterState`;
//! the simulator reads only this.

mod item_lines;
pub mod karpenter;
pub mod load;

pub mod live;
mod pod;
pub mod requests;
pub mod snapshot;
mod stream;

use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{LimitRange, Node, ResourceQuota};
use serde::{Deserialize, Serialize};

pub use karpenter::{Ec2NodeClass, NodePool};
pub use pod::{ClusterContainer, ClusterPod, ClusterPodSpec, ClusterPodStatus, PodMeta};

/// Whether Karpenter's objects could be read, which decides if provisioning can be predicted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "detail")]
pub enum KarpenterVisibility {
    /// NodePools were read (possibly none).
    #[default]
    Known,
    /// The cluster has no `karpenter.sh` API group.
    NotInstalled,
    /// Listing NodePools was refused; the detail says by whom and why.
    Forbidden(String),
}

/// A namespaced object reference, `namespace/name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectName {
    pub namespace: String,
    pub name: String,
}

/// Everything preflight needs to know about a cluster.
#[derive(Debug, Clone, Default)]
pub struct ClusterState {
    pub nodes: Vec<Node>,
    /// Pods already in the cluster, bound or not.
    pub pods: Vec<ClusterPod>,
    pub daemon_sets: Vec<DaemonSet>,
    pub node_pools: Vec<NodePool>,
    pub node_classes: Vec<Ec2NodeClass>,
    pub resource_quotas: Vec<ResourceQuota>,
    pub limit_ranges: Vec<LimitRange>,
    /// Names of ConfigMaps that exist; their data is never read.
    pub config_maps: Vec<ObjectName>,
    pub karpenter: KarpenterVisibility,
    /// Where the state came from (file paths or `context/cluster`), for reports.
    pub sources: Vec<String>,
}
