//! The runner pods a scenario plans, as Pod objects the simulator can place.

use std::collections::BTreeMap;
use std::path::PathBuf;

use k8s_openapi::api::core::v1::{Container, Pod, PodSpec, ResourceRequirements, Toleration};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as KubeQuantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::cluster::ClusterState;
use crate::manifest::{Origin, Stage, Workload};
use crate::quantity::{Resources, format_bytes, format_cpu_millis};
use crate::scenario::Scenario;
use crate::sizing;

/// The label Karpenter puts on every node of a NodePool.
const NODEPOOL_LABEL: &str = "karpenter.sh/nodepool";

/// Builds the scenario's runner pods in `namespace`, one per shard. They carry the
/// scenario's `nodePool.nodeSelector` and `tolerations`; without those, when the scenario
/// names a NodePool that exists in the cluster, they select its nodes and tolerate its
/// taints, as the load-test manifests would.
pub fn scenario_workload(scenario: &Scenario, cluster: &ClusterState, namespace: &str) -> Workload {
    let sizing = sizing::size(scenario);
    let pool_name = scenario.node_pool().name.clone();
    let pool = pool_name.as_ref().and_then(|name| {
        cluster
            .node_pools
            .iter()
            .find(|pool| pool.metadata.name.as_deref() == Some(name.as_str()))
    });

    // The scenario's own placement fields say what the real manifests carry; without
    // them, the pods select and tolerate the named NodePool as found in the cluster.
    let declared = scenario.node_pool();
    let node_selector: Option<BTreeMap<String, String>> = if !declared.node_selector.is_empty() {
        Some(declared.node_selector.clone())
    } else {
        match (&pool_name, pool) {
            (_, Some(pool)) if !pool.spec.template.metadata.labels.is_empty() => {
                Some(pool.spec.template.metadata.labels.clone())
            }
            (Some(name), _) => Some(BTreeMap::from([(NODEPOOL_LABEL.to_string(), name.clone())])),
            (None, _) => None,
        }
    };
    let tolerations: Option<Vec<Toleration>> = if !declared.tolerations.is_empty() {
        Some(
            declared
                .tolerations
                .iter()
                .map(|toleration| Toleration {
                    key: toleration.key.clone(),
                    operator: Some(toleration.operator.clone()),
                    value: toleration.value.clone(),
                    effect: toleration.effect.clone(),
                    ..Toleration::default()
                })
                .collect(),
        )
    } else {
        pool.map(|pool| {
            pool.spec
                .template
                .spec
                .taints
                .iter()
                .map(|taint| Toleration {
                    key: Some(taint.key.clone()),
                    operator: Some("Equal".to_string()),
                    value: taint.value.clone(),
                    effect: Some(taint.effect.clone()),
                    ..Toleration::default()
                })
                .collect()
        })
    };

    let pods = (1..=sizing.pods)
        .map(|part| {
            let labels = BTreeMap::from([
                ("app".to_string(), "k6".to_string()),
                ("test".to_string(), scenario.name.clone()),
                ("part".to_string(), part.to_string()),
            ]);
            Pod {
                metadata: ObjectMeta {
                    name: Some(format!("{}-part{part}", scenario.name)),
                    namespace: Some(namespace.to_string()),
                    labels: Some(labels),
                    ..ObjectMeta::default()
                },
                spec: Some(PodSpec {
                    containers: vec![Container {
                        name: "k6".to_string(),
                        resources: Some(ResourceRequirements {
                            requests: Some(quantities(&sizing.requests)),
                            limits: Some(quantities(&sizing.limits)),
                            ..ResourceRequirements::default()
                        }),
                        ..Container::default()
                    }],
                    node_selector: node_selector.clone(),
                    tolerations: tolerations.clone(),
                    restart_policy: Some("Never".to_string()),
                    ..PodSpec::default()
                }),
                status: None,
            }
        })
        .collect::<Vec<Pod>>();

    Workload {
        kind: "Scenario".to_string(),
        namespace: namespace.to_string(),
        name: scenario.name.clone(),
        origin: Origin {
            path: PathBuf::from(&scenario.origin),
            document: 1,
            line: 1,
        },
        stages: vec![Stage::Main; pods.len()],
        pods,
    }
}

fn quantities(resources: &Resources) -> BTreeMap<String, KubeQuantity> {
    let mut map = BTreeMap::new();
    if resources.cpu_millis > 0 {
        map.insert(
            "cpu".to_string(),
            KubeQuantity(format_cpu_millis(resources.cpu_millis)),
        );
    }
    if resources.memory_bytes > 0 {
        map.insert(
            "memory".to_string(),
            KubeQuantity(format_bytes(resources.memory_bytes)),
        );
    }
    map
}
