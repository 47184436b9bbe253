//! capplan's snapshot format (`capplan.io/v1alpha1` ClusterSnapshot): the objects
//! preflight reads, stripped of environment values, commands, annotations, managed
//! fields, addresses and ConfigMap data. Pods keep only the fields preflight reads
//! (`ClusterPod`).

use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetSpec, DaemonSetStatus};
use k8s_openapi::api::core::v1::{
    Container, EnvVar, LimitRange, Node, NodeCondition, NodeStatus, Pod, PodSpec, ResourceQuota,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use super::{ClusterPod, ClusterState, Ec2NodeClass, KarpenterVisibility, NodePool, ObjectName};

pub const SNAPSHOT_API_VERSION: &str = "capplan.io/v1alpha1";
pub const SNAPSHOT_KIND: &str = "ClusterSnapshot";

/// The file written by `write_snapshot`; `load_snapshot_files` reads it back.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSnapshot {
    pub api_version: String,
    pub kind: String,
    /// Where the state was read from (file paths or `context/cluster`).
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub karpenter: KarpenterVisibility,
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub pods: Vec<Pod>,
    #[serde(default)]
    pub daemon_sets: Vec<DaemonSet>,
    #[serde(default)]
    pub node_pools: Vec<NodePool>,
    #[serde(default)]
    pub ec2_node_classes: Vec<Ec2NodeClass>,
    #[serde(default)]
    pub resource_quotas: Vec<ResourceQuota>,
    #[serde(default)]
    pub limit_ranges: Vec<LimitRange>,
    /// Names only.
    #[serde(default)]
    pub config_maps: Vec<ObjectName>,
}

/// Serializes a cluster state as a ClusterSnapshot (JSON, which YAML readers also read).
pub fn write_snapshot(state: &ClusterState) -> String {
    let snapshot = ClusterSnapshot {
        api_version: SNAPSHOT_API_VERSION.to_string(),
        kind: SNAPSHOT_KIND.to_string(),
        sources: state.sources.clone(),
        karpenter: state.karpenter.clone(),
        nodes: state.nodes.iter().map(strip_node).collect(),
        pods: state.pods.iter().map(ClusterPod::to_pod).collect(),
        daemon_sets: state.daemon_sets.iter().map(strip_daemon_set).collect(),
        node_pools: state
            .node_pools
            .iter()
            .map(|pool| NodePool {
                metadata: strip_meta(&pool.metadata),
                ..pool.clone()
            })
            .collect(),
        ec2_node_classes: state
            .node_classes
            .iter()
            .map(|class| Ec2NodeClass {
                metadata: strip_meta(&class.metadata),
                ..class.clone()
            })
            .collect(),
        resource_quotas: state
            .resource_quotas
            .iter()
            .map(|quota| ResourceQuota {
                metadata: strip_meta(&quota.metadata),
                ..quota.clone()
            })
            .collect(),
        limit_ranges: state
            .limit_ranges
            .iter()
            .map(|range| LimitRange {
                metadata: strip_meta(&range.metadata),
                ..range.clone()
            })
            .collect(),
        config_maps: state.config_maps.clone(),
    };
    // Every field is a plain map, list, string or number, so serialization cannot fail;
    // an empty document would still read back as an empty state.
    serde_json::to_string_pretty(&snapshot).unwrap_or_default()
}

/// Keeps name, namespace, labels, uid and owner references.
fn strip_meta(meta: &ObjectMeta) -> ObjectMeta {
    ObjectMeta {
        name: meta.name.clone(),
        namespace: meta.namespace.clone(),
        labels: meta.labels.clone(),
        uid: meta.uid.clone(),
        owner_references: meta.owner_references.clone(),
        ..ObjectMeta::default()
    }
}

fn strip_node(node: &Node) -> Node {
    let status = node.status.as_ref().map(|status| NodeStatus {
        allocatable: status.allocatable.clone(),
        capacity: status.capacity.clone(),
        conditions: status.conditions.as_ref().map(|conditions| {
            conditions
                .iter()
                .map(|condition| NodeCondition {
                    type_: condition.type_.clone(),
                    status: condition.status.clone(),
                    ..NodeCondition::default()
                })
                .collect()
        }),
        node_info: status.node_info.clone(),
        ..NodeStatus::default()
    });
    Node {
        metadata: strip_meta(&node.metadata),
        spec: node.spec.clone(),
        status,
    }
}

fn strip_daemon_set(daemon_set: &DaemonSet) -> DaemonSet {
    let spec = daemon_set.spec.as_ref().map(|spec| {
        let mut template = spec.template.clone();
        template.metadata = template.metadata.as_ref().map(strip_meta);
        template.spec = template.spec.as_ref().map(strip_pod_spec);
        DaemonSetSpec {
            selector: spec.selector.clone(),
            template,
            ..DaemonSetSpec::default()
        }
    });
    let status = daemon_set.status.as_ref().map(|status| DaemonSetStatus {
        desired_number_scheduled: status.desired_number_scheduled,
        current_number_scheduled: status.current_number_scheduled,
        number_ready: status.number_ready,
        number_misscheduled: status.number_misscheduled,
        ..DaemonSetStatus::default()
    });
    DaemonSet {
        metadata: strip_meta(&daemon_set.metadata),
        spec,
        status,
    }
}

/// Drops what may hold secrets (env values, commands, arguments) and keeps what
/// scheduling reads.
fn strip_pod_spec(spec: &PodSpec) -> PodSpec {
    let strip = |containers: &Vec<Container>| -> Vec<Container> {
        containers.iter().map(strip_container).collect()
    };
    PodSpec {
        containers: strip(&spec.containers),
        init_containers: spec.init_containers.as_ref().map(strip),
        ..spec.clone()
    }
}

fn strip_container(container: &Container) -> Container {
    Container {
        command: None,
        args: None,
        env: container.env.as_ref().map(|variables| {
            variables
                .iter()
                .map(|variable| EnvVar {
                    name: variable.name.clone(),
                    ..EnvVar::default()
                })
                .collect()
        }),
        ..container.clone()
    }
}
