//! Pods read from snapshot files with only the fields scheduling, admission and
//! Karpenter read. A dump of 150,000 pods then skips volumes, probes, environment and
//! managed fields instead of building and keeping them.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, Container, ContainerPort, Pod, PodSpec, PodStatus, ResourceRequirements, Toleration,
    TopologySpreadConstraint,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use serde::Deserialize;

/// A Pod with the fields capplan reads; every other field is skipped unread.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SlimPod {
    #[serde(default)]
    metadata: SlimMeta,
    spec: Option<SlimSpec>,
    status: Option<SlimStatus>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SlimMeta {
    name: Option<String>,
    generate_name: Option<String>,
    namespace: Option<String>,
    uid: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    owner_references: Option<Vec<OwnerReference>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SlimSpec {
    node_name: Option<String>,
    containers: Vec<SlimContainer>,
    init_containers: Option<Vec<SlimContainer>>,
    overhead: Option<BTreeMap<String, Quantity>>,
    resources: Option<ResourceRequirements>,
    priority: Option<i32>,
    priority_class_name: Option<String>,
    active_deadline_seconds: Option<i64>,
    scheduler_name: Option<String>,
    affinity: Option<Affinity>,
    tolerations: Option<Vec<Toleration>>,
    node_selector: Option<BTreeMap<String, String>>,
    topology_spread_constraints: Option<Vec<TopologySpreadConstraint>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SlimContainer {
    name: String,
    resources: Option<ResourceRequirements>,
    ports: Option<Vec<ContainerPort>>,
    restart_policy: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SlimStatus {
    phase: Option<String>,
    nominated_node_name: Option<String>,
}

impl SlimContainer {
    fn into_container(self) -> Container {
        Container {
            name: self.name,
            resources: self.resources,
            ports: self.ports,
            restart_policy: self.restart_policy,
            ..Container::default()
        }
    }
}

impl SlimPod {
    /// Returns the Pod with the fields read and every other field unset.
    pub(super) fn into_pod(self) -> Pod {
        let meta = self.metadata;
        Pod {
            metadata: ObjectMeta {
                name: meta.name,
                generate_name: meta.generate_name,
                namespace: meta.namespace,
                uid: meta.uid,
                labels: meta.labels,
                owner_references: meta.owner_references,
                ..ObjectMeta::default()
            },
            spec: self.spec.map(|spec| PodSpec {
                node_name: spec.node_name,
                containers: spec
                    .containers
                    .into_iter()
                    .map(SlimContainer::into_container)
                    .collect(),
                init_containers: spec.init_containers.map(|containers| {
                    containers
                        .into_iter()
                        .map(SlimContainer::into_container)
                        .collect()
                }),
                overhead: spec.overhead,
                resources: spec.resources,
                priority: spec.priority,
                priority_class_name: spec.priority_class_name,
                active_deadline_seconds: spec.active_deadline_seconds,
                scheduler_name: spec.scheduler_name,
                affinity: spec.affinity,
                tolerations: spec.tolerations,
                node_selector: spec.node_selector,
                topology_spread_constraints: spec.topology_spread_constraints,
                ..PodSpec::default()
            }),
            status: self.status.map(|status| PodStatus {
                phase: status.phase,
                nominated_node_name: status.nominated_node_name,
                ..PodStatus::default()
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slim_pod_keeps_scheduling_fields() {
        let text = r#"{
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "a", "namespace": "n", "labels": {"app": "x"},
                         "annotations": {"big": "yes"}, "managedFields": [{"manager": "m"}]},
            "spec": {
                "nodeName": "node-1", "priority": 5,
                "containers": [{"name": "c", "image": "i", "env": [{"name": "E", "value": "v"}],
                                "resources": {"requests": {"cpu": "250m"}},
                                "ports": [{"containerPort": 80, "hostPort": 8080}]}],
                "volumes": [{"name": "v", "emptyDir": {}}],
                "tolerations": [{"key": "k", "operator": "Exists"}]
            },
            "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}
        }"#;
        let slim: SlimPod = serde_json::from_str(text).unwrap();
        let pod = slim.into_pod();

        assert_eq!(pod.metadata.name.as_deref(), Some("a"));
        assert!(pod.metadata.annotations.is_none());
        assert!(pod.metadata.managed_fields.is_none());

        let spec = pod.spec.unwrap();
        assert_eq!(spec.node_name.as_deref(), Some("node-1"));
        assert_eq!(spec.priority, Some(5));
        assert!(spec.volumes.is_none());

        let container = &spec.containers[0];
        assert_eq!(container.name, "c");
        assert!(container.image.is_none());
        assert!(container.env.is_none());
        let requests = container
            .resources
            .as_ref()
            .unwrap()
            .requests
            .as_ref()
            .unwrap();
        assert_eq!(requests["cpu"], Quantity("250m".to_string()));
        assert_eq!(container.ports.as_ref().unwrap()[0].host_port, Some(8080));
        assert_eq!(spec.tolerations.unwrap()[0].key.as_deref(), Some("k"));

        assert_eq!(pod.status.unwrap().phase.as_deref(), Some("Running"));
    }

    #[test]
    fn slim_pod_rejects_wrong_types() {
        let text = r#"{"spec": {"containers": [{"name": "c", "resources": {"requests": 5}}]}}"#;
        assert!(serde_json::from_str::<SlimPod>(text).is_err());
    }
}
