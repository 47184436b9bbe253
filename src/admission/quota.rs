//! The ResourceQuota admission check (`staging/src/k8s.io/apiserver/pkg/admission/plugin/
//! resourcequota/controller.go` and the pod evaluator in `pkg/quota/v1/evaluator/core/pods.go`).

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{PodSpec, ResourceQuota};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as KubeQuantity;

use crate::cluster::requests::{
    ContainerResources, InvalidResource, SpecResources, pod_limits, pod_requests,
};
use crate::quantity::{Quantity, format_bytes, format_cpu_millis};

/// Quota amounts by quota key (`limits.cpu`), in millicores for CPU keys and whole
/// units (bytes, counts) for the others.
pub type QuotaAmounts = BTreeMap<String, i64>;

/// Resources whose quota requires every container to state them
/// (`validationSet` in the pod evaluator).
const VALIDATED_KEYS: [&str; 6] = [
    "cpu",
    "memory",
    "requests.cpu",
    "requests.memory",
    "limits.cpu",
    "limits.memory",
];

fn is_cpu_key(key: &str) -> bool {
    matches!(key, "cpu" | "requests.cpu" | "limits.cpu")
}

fn is_byte_key(key: &str) -> bool {
    key.ends_with("memory") || key.ends_with("ephemeral-storage") || key.ends_with("storage")
}

/// Prints a quota amount as the API server prints the quantity.
pub fn print_amount(key: &str, amount: i64) -> String {
    if is_cpu_key(key) {
        format_cpu_millis(amount)
    } else if is_byte_key(key) {
        format_bytes(amount)
    } else {
        amount.to_string()
    }
}

/// Converts a quota map (`spec.hard`, `status.used`), naming the first invalid field.
pub fn parse_quota_map(
    map: &BTreeMap<String, KubeQuantity>,
    field: &str,
) -> Result<QuotaAmounts, InvalidResource> {
    let mut amounts = QuotaAmounts::new();
    for (key, value) in map {
        let quantity = Quantity::parse(&value.0).map_err(|error| InvalidResource {
            field: format!("{field}.{key}"),
            error,
        })?;
        let amount = if is_cpu_key(key) {
            quantity.millis()
        } else {
            quantity.units()
        };
        amounts.insert(key.clone(), amount);
    }
    Ok(amounts)
}

/// The quota usage of one pod, as the pod evaluator computes it: requests under both
/// `cpu` and `requests.cpu` (memory alike), limits when any app container sets
/// them, and one `pods` / `count/pods`.
pub fn pod_usage(spec: &impl SpecResources) -> Result<QuotaAmounts, InvalidResource> {
    let requests = pod_requests(spec)?;
    let limits = pod_limits(spec)?;
    let mut usage = QuotaAmounts::from([
        ("pods".to_string(), 1),
        ("count/pods".to_string(), 1),
        ("cpu".to_string(), requests.cpu_millis),
        ("requests.cpu".to_string(), requests.cpu_millis),
        ("memory".to_string(), requests.memory_bytes),
        ("requests.memory".to_string(), requests.memory_bytes),
    ]);
    if requests.ephemeral_storage_bytes > 0 {
        usage.insert(
            "requests.ephemeral-storage".to_string(),
            requests.ephemeral_storage_bytes,
        );
    }
    let limited = |key: &str| {
        spec.containers().iter().any(|container| {
            container
                .resources()
                .and_then(|resources| resources.limits.as_ref())
                .is_some_and(|limits| limits.contains_key(key))
        })
    };
    if limited("cpu") {
        usage.insert("limits.cpu".to_string(), limits.cpu_millis);
    }
    if limited("memory") {
        usage.insert("limits.memory".to_string(), limits.memory_bytes);
    }
    Ok(usage)
}

/// Returns the `must specify` error of the pod evaluator's `Constraints`, when a quota
/// tracks cpu or memory and a container does not state it.
pub fn missing_constraints(spec: &PodSpec, hard: &QuotaAmounts) -> Option<String> {
    let mut missing: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let required = VALIDATED_KEYS.iter().filter(|key| hard.contains_key(**key));
    for key in required {
        let (section, resource) = match key.split_once('.') {
            Some(("limits", resource)) => ("limits", resource),
            Some((_, resource)) => ("requests", resource),
            None => ("requests", *key),
        };
        let containers = spec
            .containers
            .iter()
            .chain(spec.init_containers.iter().flatten());
        for container in containers {
            let resources = container.resources.as_ref();
            let map = match section {
                "limits" => resources.and_then(|r| r.limits.as_ref()),
                _ => resources.and_then(|r| r.requests.as_ref()),
            };
            if !map.is_some_and(|map| map.contains_key(resource)) {
                missing
                    .entry(key)
                    .or_default()
                    .insert(container.name.clone());
            }
        }
    }
    if missing.is_empty() {
        return None;
    }
    let parts: Vec<String> = missing
        .iter()
        .map(|(key, names)| {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            format!("{key} for: {}", names.join(","))
        })
        .collect();
    Some(format!("must specify {}", parts.join("; ")))
}

/// Whether a quota's `scopes` select the pod (`Terminating`, `NotTerminating`,
/// `BestEffort`, `NotBestEffort`).
// NOTE: `scopeSelector` (PriorityClass, CrossNamespacePodAffinity) is not evaluated;
// a quota with one is treated as matching every pod.
pub fn scopes_match<S: SpecResources>(quota: &ResourceQuota, spec: Option<&S>) -> bool {
    let Some(spec) = spec else {
        return true;
    };
    let scopes = quota.spec.as_ref().and_then(|spec| spec.scopes.as_ref());
    let terminating = spec
        .active_deadline_seconds()
        .is_some_and(|seconds| seconds >= 0);
    let best_effort = spec
        .containers()
        .iter()
        .chain(spec.init_containers())
        .all(|container| {
            container.resources().is_none_or(|resources| {
                resources.requests.as_ref().is_none_or(|map| map.is_empty())
                    && resources.limits.as_ref().is_none_or(|map| map.is_empty())
            })
        });
    scopes
        .into_iter()
        .flatten()
        .all(|scope| match scope.as_str() {
            "Terminating" => terminating,
            "NotTerminating" => !terminating,
            "BestEffort" => best_effort,
            "NotBestEffort" => !best_effort,
            _ => true,
        })
}

/// Prints amounts as `key=value` joined by commas in key order (`prettyPrint`).
pub fn pretty_print(amounts: &QuotaAmounts) -> String {
    amounts
        .iter()
        .map(|(key, amount)| format!("{key}={}", print_amount(key, *amount)))
        .collect::<Vec<_>>()
        .join(",")
}
