//! The node overhead model: capacity → allocatable for an instance type.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::quantity::Quantity;

/// Parameters of the overhead model. Defaults are Karpenter's and the EKS AL2023 AMI's;
/// a scenario or an EC2NodeClass may override any of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct NodeModel {
    /// Share of memory Karpenter assumes the hypervisor keeps, in parts per million
    /// (75000 = Karpenter's default `vmMemoryOverheadPercent` of 0.075).
    pub vm_memory_overhead_ppm: i64,
    /// Overrides the ENI-derived max pods (`EC2NodeClass.spec.kubelet.maxPods`).
    pub max_pods: Option<i64>,
    /// Overrides kube-reserved per resource (`cpu`, `memory`, `ephemeral-storage`);
    /// absent resources use the EKS ladder.
    pub kube_reserved: BTreeMap<String, Quantity>,
    /// system-reserved per resource; the EKS AMIs set none.
    pub system_reserved: BTreeMap<String, Quantity>,
    /// The kubelet's `evictionHard` `memory.available` threshold.
    pub eviction_hard_memory: Quantity,
    /// Measured allocatable per instance type, replacing the model's figure for that type.
    pub allocatable_overrides: BTreeMap<String, BTreeMap<String, Quantity>>,
}

impl Default for NodeModel {
    fn default() -> NodeModel {
        NodeModel {
            vm_memory_overhead_ppm: 75_000,
            max_pods: None,
            kube_reserved: BTreeMap::new(),
            system_reserved: BTreeMap::new(),
            eviction_hard_memory: Quantity::from_bytes(100 * 1024 * 1024),
            allocatable_overrides: BTreeMap::new(),
        }
    }
}
