//! Pods already in the cluster, kept with only the fields scheduling, admission and
//! Karpenter read. A dump of 150,000 pods then skips volumes, probes, environment and
//! managed fields instead of building and keeping them. Each pod takes a few hundred
//! bytes, where k8s-openapi's `Pod` and one `Container` take 4.2 KiB before any string
//! or map.

use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, Container, ContainerPort, Pod, PodSpec, PodStatus, ResourceRequirements, Toleration,
    TopologySpreadConstraint,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use serde::Deserialize;

use super::requests::{InvalidResource, pod_requests};
use crate::quantity::Resources;

/// A pod already in the cluster. Snapshot files are read straight into it, and every
/// other field of the Pod is skipped unread. Live pods are converted with `From<Pod>`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPod {
    #[serde(default)]
    pub metadata: PodMeta,
    pub spec: Option<ClusterPodSpec>,
    pub status: Option<ClusterPodStatus>,
    /// The effective request, kept when a snapshot reader has already computed it.
    #[serde(skip)]
    requests: Option<Resources>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodMeta {
    pub name: Option<String>,
    pub generate_name: Option<String>,
    pub namespace: Option<String>,
    pub uid: Option<String>,
    pub labels: Option<BTreeMap<String, String>>,
    pub owner_references: Option<Vec<OwnerReference>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPodSpec {
    pub node_name: Option<String>,
    pub containers: Vec<ClusterContainer>,
    pub init_containers: Option<Vec<ClusterContainer>>,
    pub overhead: Option<BTreeMap<String, Quantity>>,
    pub resources: Option<ResourceRequirements>,
    pub priority: Option<i32>,
    pub priority_class_name: Option<String>,
    pub active_deadline_seconds: Option<i64>,
    pub scheduler_name: Option<String>,
    pub affinity: Option<Affinity>,
    pub tolerations: Option<Vec<Toleration>>,
    pub node_selector: Option<BTreeMap<String, String>>,
    pub topology_spread_constraints: Option<Vec<TopologySpreadConstraint>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterContainer {
    pub name: String,
    pub resources: Option<ResourceRequirements>,
    pub ports: Option<Vec<ContainerPort>>,
    pub restart_policy: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterPodStatus {
    pub phase: Option<String>,
    pub nominated_node_name: Option<String>,
}

impl ClusterPod {
    /// Returns the pod's phase, when it has one.
    pub fn phase(&self) -> Option<&str> {
        self.status
            .as_ref()
            .and_then(|status| status.phase.as_deref())
    }

    /// Returns the pod's effective request: `pod_requests` of its spec, or one pod slot
    /// for a pod without a spec.
    ///
    /// # Errors
    /// An invalid quantity, naming its field.
    pub fn requests(&self) -> Result<Cow<'_, Resources>, InvalidResource> {
        if let Some(requests) = &self.requests {
            return Ok(Cow::Borrowed(requests));
        }
        let requests = match &self.spec {
            Some(spec) => pod_requests(spec)?,
            None => pod_requests(&ClusterPodSpec::default())?,
        };
        Ok(Cow::Owned(requests))
    }

    /// Computes and keeps the effective request, so that later readers do not parse
    /// the quantities again.
    pub(crate) fn keep_requests(&mut self) -> Result<(), InvalidResource> {
        let requests = self.requests()?.into_owned();
        self.requests = Some(requests);
        Ok(())
    }

    /// Returns the Pod with the fields kept and every other field unset, as snapshots
    /// are written.
    pub fn to_pod(&self) -> Pod {
        let meta = &self.metadata;
        Pod {
            metadata: ObjectMeta {
                name: meta.name.clone(),
                generate_name: meta.generate_name.clone(),
                namespace: meta.namespace.clone(),
                uid: meta.uid.clone(),
                labels: meta.labels.clone(),
                owner_references: meta.owner_references.clone(),
                ..ObjectMeta::default()
            },
            spec: self.spec.as_ref().map(|spec| PodSpec {
                node_name: spec.node_name.clone(),
                containers: spec
                    .containers
                    .iter()
                    .map(ClusterContainer::to_container)
                    .collect(),
                init_containers: spec.init_containers.as_ref().map(|containers| {
                    containers
                        .iter()
                        .map(ClusterContainer::to_container)
                        .collect()
                }),
                overhead: spec.overhead.clone(),
                resources: spec.resources.clone(),
                priority: spec.priority,
                priority_class_name: spec.priority_class_name.clone(),
                active_deadline_seconds: spec.active_deadline_seconds,
                scheduler_name: spec.scheduler_name.clone(),
                affinity: spec.affinity.clone(),
                tolerations: spec.tolerations.clone(),
                node_selector: spec.node_selector.clone(),
                topology_spread_constraints: spec.topology_spread_constraints.clone(),
                ..PodSpec::default()
            }),
            status: self.status.as_ref().map(|status| PodStatus {
                phase: status.phase.clone(),
                nominated_node_name: status.nominated_node_name.clone(),
                ..PodStatus::default()
            }),
        }
    }
}

impl From<Pod> for ClusterPod {
    fn from(pod: Pod) -> ClusterPod {
        let meta = pod.metadata;
        ClusterPod {
            metadata: PodMeta {
                name: meta.name,
                generate_name: meta.generate_name,
                namespace: meta.namespace,
                uid: meta.uid,
                labels: meta.labels,
                owner_references: meta.owner_references,
            },
            spec: pod.spec.map(|spec| ClusterPodSpec {
                node_name: spec.node_name,
                containers: spec
                    .containers
                    .into_iter()
                    .map(ClusterContainer::from)
                    .collect(),
                init_containers: spec
                    .init_containers
                    .map(|containers| containers.into_iter().map(ClusterContainer::from).collect()),
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
            }),
            status: pod.status.map(|status| ClusterPodStatus {
                phase: status.phase,
                nominated_node_name: status.nominated_node_name,
            }),
            requests: None,
        }
    }
}

impl ClusterContainer {
    fn to_container(&self) -> Container {
        Container {
            name: self.name.clone(),
            resources: self.resources.clone(),
            ports: self.ports.clone(),
            restart_policy: self.restart_policy.clone(),
            ..Container::default()
        }
    }
}

impl From<Container> for ClusterContainer {
    fn from(container: Container) -> ClusterContainer {
        ClusterContainer {
            name: container.name,
            resources: container.resources,
            ports: container.ports,
            restart_policy: container.restart_policy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_pod_keeps_scheduling_fields() {
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
        let pod = serde_json::from_str::<ClusterPod>(text).unwrap().to_pod();

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

    /// A live pod converted and written back keeps every field preflight reads and loses
    /// the image, which no rule reads.
    #[test]
    fn cluster_pod_from_live_pod() {
        let live: Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "a", "namespace": "n", "uid": "u1",
                         "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet",
                                              "name": "ds", "uid": "u0"}]},
            "spec": {
                "nodeName": "node-1", "priorityClassName": "high", "activeDeadlineSeconds": 60,
                "containers": [{"name": "c", "image": "i", "restartPolicy": "Always",
                                "resources": {"limits": {"memory": "1Gi"}}}],
                "nodeSelector": {"team": "x"}
            },
            "status": {"phase": "Pending", "nominatedNodeName": "node-2"}
        }))
        .unwrap();

        let pod = ClusterPod::from(live.clone());
        assert_eq!(pod.phase(), Some("Pending"));
        let written = pod.to_pod();

        let mut expected = live;
        expected.spec.as_mut().unwrap().containers[0].image = None;
        assert_eq!(written, expected);
    }

    #[test]
    fn cluster_pod_rejects_wrong_types() {
        let text = r#"{"spec": {"containers": [{"name": "c", "resources": {"requests": 5}}]}}"#;
        assert!(serde_json::from_str::<ClusterPod>(text).is_err());
    }
}
