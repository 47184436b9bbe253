//! A pod's effective request, as kube-scheduler's NodeResourcesFit and ResourceQuota
//! compute it (`PodRequests` in `k8s.io/component-helpers/resource/helpers.go`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, Container, ContainerPort, PodSpec, ResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as KubeQuantity;

use super::pod::{ClusterContainer, ClusterPodSpec};
use crate::quantity::{Quantity, QuantityError, ResourceName, Resources};

/// The fields of a container that requests, limits and host ports are read from. Both
/// k8s-openapi's `Container` and the compact `ClusterContainer` have them.
pub trait ContainerResources {
    fn name(&self) -> &str;
    fn resources(&self) -> Option<&ResourceRequirements>;
    fn restart_policy(&self) -> Option<&str>;
    fn ports(&self) -> &[ContainerPort];
}

/// The fields of a pod spec that requests, limits, quota scopes and pod anti-affinity
/// are read from: `PodSpec` for new pods, `ClusterPodSpec` for pods in the cluster.
pub trait SpecResources {
    type Container: ContainerResources;
    fn containers(&self) -> &[Self::Container];
    fn init_containers(&self) -> &[Self::Container];
    fn pod_resources(&self) -> Option<&ResourceRequirements>;
    fn overhead(&self) -> Option<&BTreeMap<String, KubeQuantity>>;
    fn active_deadline_seconds(&self) -> Option<i64>;
    fn affinity(&self) -> Option<&Affinity>;
}

/// Implements both traits for a spec type and its container type, which name these
/// fields alike: k8s-openapi's and the compact ones of `ClusterPod`.
macro_rules! impl_spec_resources {
    ($spec:ty, $container:ty) => {
        impl ContainerResources for $container {
            fn name(&self) -> &str {
                &self.name
            }

            fn resources(&self) -> Option<&ResourceRequirements> {
                self.resources.as_ref()
            }

            fn restart_policy(&self) -> Option<&str> {
                self.restart_policy.as_deref()
            }

            fn ports(&self) -> &[ContainerPort] {
                self.ports.as_deref().unwrap_or_default()
            }
        }

        impl SpecResources for $spec {
            type Container = $container;

            fn containers(&self) -> &[$container] {
                &self.containers
            }

            fn init_containers(&self) -> &[$container] {
                self.init_containers.as_deref().unwrap_or_default()
            }

            fn pod_resources(&self) -> Option<&ResourceRequirements> {
                self.resources.as_ref()
            }

            fn overhead(&self) -> Option<&BTreeMap<String, KubeQuantity>> {
                self.overhead.as_ref()
            }

            fn active_deadline_seconds(&self) -> Option<i64> {
                self.active_deadline_seconds
            }

            fn affinity(&self) -> Option<&Affinity> {
                self.affinity.as_ref()
            }
        }
    };
}

impl_spec_resources!(PodSpec, Container);
impl_spec_resources!(ClusterPodSpec, ClusterContainer);

/// A container or pod resource field that holds an invalid quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {error}")]
pub struct InvalidResource {
    /// The field path, such as `containers[k6].resources.requests.cpu`.
    pub field: String,
    pub error: QuantityError,
}

/// Converts a Kubernetes resource map, naming the field of the first invalid quantity.
pub fn resources_from_map(
    map: &BTreeMap<String, KubeQuantity>,
    field: &str,
) -> Result<Resources, InvalidResource> {
    let mut resources = Resources::default();
    for (key, value) in map {
        let quantity = Quantity::parse(&value.0).map_err(|error| InvalidResource {
            field: format!("{field}.{key}"),
            error,
        })?;
        resources.set(&ResourceName::from_key(key), &quantity);
    }
    Ok(resources)
}

/// Returns a container's requests, with a limit standing in for a missing request as
/// the API server's defaulting does (`SetDefaults_Pod`).
pub fn container_requests(
    container: &impl ContainerResources,
    field: &str,
) -> Result<Resources, InvalidResource> {
    let Some(requirements) = container.resources() else {
        return Ok(Resources::default());
    };
    let empty = BTreeMap::new();
    let requests = requirements.requests.as_ref().unwrap_or(&empty);
    let limits = requirements.limits.as_ref().unwrap_or(&empty);
    // The union of both maps in key order, a request winning over its limit, read
    // without copying either map.
    let mut resources = Resources::default();
    let mut requests = requests
        .iter()
        .map(|(key, value)| (key, value, "requests"))
        .peekable();
    let mut limits = limits
        .iter()
        .map(|(key, value)| (key, value, "limits"))
        .peekable();
    loop {
        let next = match (requests.peek(), limits.peek()) {
            (Some((request, ..)), Some((limit, ..))) => match request.cmp(limit) {
                std::cmp::Ordering::Less => requests.next(),
                std::cmp::Ordering::Greater => limits.next(),
                std::cmp::Ordering::Equal => {
                    limits.next();
                    requests.next()
                }
            },
            (Some(_), None) => requests.next(),
            (None, _) => limits.next(),
        };
        let Some((key, value, source)) = next else {
            break;
        };
        // A limit standing in for its request is named where it is written.
        let quantity = Quantity::parse(&value.0).map_err(|error| InvalidResource {
            field: format!("{field}.resources.{source}.{key}"),
            error,
        })?;
        resources.set(&ResourceName::from_key(key), &quantity);
    }
    Ok(resources)
}

/// Computes the pod's effective request per resource:
/// `max(Σ app + Σ sidecars, max over init containers of (init + sidecars started before it))`,
/// then pod-level `spec.resources.requests` replaces cpu and memory, then `spec.overhead`
/// is added. The result counts one pod slot.
pub fn pod_requests(spec: &impl SpecResources) -> Result<Resources, InvalidResource> {
    let mut app = Resources::default();
    for container in spec.containers() {
        let field = format!("containers[{}]", container.name());
        app.add(&container_requests(container, &field)?);
    }

    let mut sidecars = Resources::default();
    let mut init_max = Resources::default();
    for container in spec.init_containers() {
        let field = format!("initContainers[{}]", container.name());
        let requests = container_requests(container, &field)?;
        if container.restart_policy() == Some("Always") {
            app.add(&requests);
            sidecars.add(&requests);
            init_max = init_max.max_each(&sidecars);
        } else {
            init_max = init_max.max_each(&requests.plus(&sidecars));
        }
    }
    let mut effective = app.max_each(&init_max);

    if let Some(pod_level) = spec.pod_resources().and_then(|r| r.requests.as_ref()) {
        let pod_level = resources_from_map(pod_level, "resources.requests")?;
        if pod_level.has(&ResourceName::Cpu) {
            effective.cpu_millis = pod_level.cpu_millis;
        }
        if pod_level.has(&ResourceName::Memory) {
            effective.memory_bytes = pod_level.memory_bytes;
        }
    }
    if let Some(overhead) = spec.overhead() {
        effective.add(&resources_from_map(overhead, "overhead")?);
    }
    effective.pods = 1;
    Ok(effective)
}

/// Sums container limits the same way as requests; a resource without a limit in any
/// app container is absent (unbounded).
pub fn pod_limits(spec: &impl SpecResources) -> Result<Resources, InvalidResource> {
    let mut total = Resources::default();
    for container in spec.containers() {
        if let Some(limits) = container.resources().and_then(|r| r.limits.as_ref()) {
            let field = format!("containers[{}].resources.limits", container.name());
            total.add(&resources_from_map(limits, &field)?);
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(name: &str, cpu: &str, memory: &str, restart_policy: Option<&str>) -> Container {
        let requests = BTreeMap::from([
            ("cpu".to_string(), KubeQuantity(cpu.to_string())),
            ("memory".to_string(), KubeQuantity(memory.to_string())),
        ]);
        Container {
            name: name.to_string(),
            restart_policy: restart_policy.map(str::to_string),
            resources: Some(ResourceRequirements {
                requests: Some(requests),
                ..ResourceRequirements::default()
            }),
            ..Container::default()
        }
    }

    #[test]
    fn init_containers_take_the_max() {
        // The worked example in kube-scheduler's fit.go: init 2/1G and 2/3G, app 2/1G and
        // 1/1G give an effective request of 3 CPU, 3G.
        let spec = PodSpec {
            init_containers: Some(vec![
                container("ic1", "2", "1G", None),
                container("ic2", "2", "3G", None),
            ]),
            containers: vec![
                container("c1", "2", "1G", None),
                container("c2", "1", "1G", None),
            ],
            ..PodSpec::default()
        };
        let requests = pod_requests(&spec).unwrap();
        assert_eq!(requests.cpu_millis, 3000);
        assert_eq!(requests.memory_bytes, 3_000_000_000);
        assert_eq!(requests.pods, 1);
    }

    #[test]
    fn sidecars_add_to_app_and_later_inits() {
        // Sidecar 500m/100M runs with the app (1/1G): 1500m. The init after the sidecar
        // needs 2 + 0.5 = 2500m, which is the max.
        let spec = PodSpec {
            init_containers: Some(vec![
                container("proxy", "500m", "100M", Some("Always")),
                container("migrate", "2", "200M", None),
            ]),
            containers: vec![container("app", "1", "1G", None)],
            ..PodSpec::default()
        };
        let requests = pod_requests(&spec).unwrap();
        assert_eq!(requests.cpu_millis, 2500);
        assert_eq!(requests.memory_bytes, 1_100_000_000);
    }

    #[test]
    fn limits_stand_in_for_missing_requests() {
        let limits = BTreeMap::from([("cpu".to_string(), KubeQuantity("3".to_string()))]);
        let spec = PodSpec {
            containers: vec![Container {
                name: "k6".to_string(),
                resources: Some(ResourceRequirements {
                    limits: Some(limits),
                    ..ResourceRequirements::default()
                }),
                ..Container::default()
            }],
            ..PodSpec::default()
        };
        assert_eq!(pod_requests(&spec).unwrap().cpu_millis, 3000);
    }

    /// Requests and limits are merged key by key: a request wins over its limit, even an
    /// invalid limit, and a limit without a request counts as the request.
    #[test]
    fn requests_merge_with_limits() {
        let quantities = |pairs: &[(&str, &str)]| -> BTreeMap<String, KubeQuantity> {
            pairs
                .iter()
                .map(|(key, value)| (key.to_string(), KubeQuantity(value.to_string())))
                .collect()
        };
        let mut container = Container {
            name: "c".to_string(),
            resources: Some(ResourceRequirements {
                requests: Some(quantities(&[("cpu", "500m")])),
                limits: Some(quantities(&[
                    ("cpu", "not-a-quantity"),
                    ("memory", "1Gi"),
                    ("nvidia.com/gpu", "1"),
                ])),
                ..ResourceRequirements::default()
            }),
            ..Container::default()
        };

        let requests = container_requests(&container, "containers[c]").unwrap();
        assert_eq!(requests.cpu_millis, 500);
        assert_eq!(requests.memory_bytes, 1 << 30);
        assert_eq!(requests.extended.get("nvidia.com/gpu"), Some(&1));

        let resources = container.resources.as_mut().unwrap();
        resources.limits = Some(quantities(&[("memory", "1Gb")]));
        let error = container_requests(&container, "containers[c]").unwrap_err();
        assert_eq!(error.field, "containers[c].resources.limits.memory");
    }

    #[test]
    fn overhead_and_pod_level_requests() {
        let spec = PodSpec {
            containers: vec![container("app", "1", "1Gi", None)],
            overhead: Some(BTreeMap::from([(
                "cpu".to_string(),
                KubeQuantity("250m".to_string()),
            )])),
            resources: Some(ResourceRequirements {
                requests: Some(BTreeMap::from([(
                    "memory".to_string(),
                    KubeQuantity("2Gi".to_string()),
                )])),
                ..ResourceRequirements::default()
            }),
            ..PodSpec::default()
        };
        let requests = pod_requests(&spec).unwrap();
        assert_eq!(requests.cpu_millis, 1250);
        assert_eq!(requests.memory_bytes, 2 << 30);
    }

    #[test]
    fn invalid_quantity_names_the_field() {
        let spec = PodSpec {
            containers: vec![container("k6", "2", "4GB", None)],
            ..PodSpec::default()
        };
        let error = pod_requests(&spec).unwrap_err();
        assert_eq!(error.field, "containers[k6].resources.requests.memory");
        assert_eq!(error.error.value, "4GB");
    }
}
