//! The LimitRanger admission plugin (`plugin/pkg/admission/limitranger/admission.go`):
//! default requests and limits per container, then min/max checks per container and pod.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, LimitRange, LimitRangeItem, PodSpec, ResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as KubeQuantity;

use crate::cluster::requests::{InvalidResource, pod_limits, pod_requests, resources_from_map};
use crate::quantity::{Quantity, ResourceName, Resources, format_bytes, format_cpu_millis};

type ResourceMap = BTreeMap<String, KubeQuantity>;

/// Returns the `Container` defaults of a namespace's LimitRanges: `default` becomes
/// limits and `defaultRequest` becomes requests. The API server stores a LimitRange
/// with `default` filled from `max` and `defaultRequest` from `default`
/// (`SetDefaults_LimitRangeItem`); that is repeated here for objects built by hand.
/// With several LimitRanges, the first to define a resource wins.
pub fn container_defaults(limit_ranges: &[&LimitRange]) -> ResourceRequirements {
    let mut limits = ResourceMap::new();
    let mut requests = ResourceMap::new();
    for item in container_items(limit_ranges) {
        let mut default = item.default.clone().unwrap_or_default();
        for (key, value) in item.max.iter().flatten() {
            default.entry(key.clone()).or_insert_with(|| value.clone());
        }
        let mut default_request = item.default_request.clone().unwrap_or_default();
        for (key, value) in &default {
            default_request
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
        for (key, value) in default {
            limits.entry(key).or_insert(value);
        }
        for (key, value) in default_request {
            requests.entry(key).or_insert(value);
        }
    }
    ResourceRequirements {
        limits: Some(limits),
        requests: Some(requests),
        ..ResourceRequirements::default()
    }
}

fn container_items<'a>(
    limit_ranges: &[&'a LimitRange],
) -> impl Iterator<Item = &'a LimitRangeItem> {
    items_of_type(limit_ranges, "Container")
}

fn items_of_type<'a>(
    limit_ranges: &[&'a LimitRange],
    type_: &'static str,
) -> impl Iterator<Item = &'a LimitRangeItem> {
    limit_ranges
        .iter()
        .filter_map(|range| range.spec.as_ref())
        .flat_map(|spec| spec.limits.iter())
        .filter(move |item| item.type_ == type_)
}

/// Applies API-server defaulting and LimitRange defaults to a pod spec, in the order
/// the API server runs them: requests from limits at decode (`SetDefaults_Pod`), then
/// missing limits from `default` and missing requests from `defaultRequest`, for app
/// and init containers.
pub fn apply_defaults(spec: &mut PodSpec, defaults: &ResourceRequirements) {
    for container in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
    {
        default_requests_from_limits(container);
        merge_defaults(container, defaults);
    }
}

fn default_requests_from_limits(container: &mut Container) {
    let Some(resources) = container.resources.as_mut() else {
        return;
    };
    let Some(limits) = resources.limits.clone() else {
        return;
    };
    let requests = resources.requests.get_or_insert_with(ResourceMap::new);
    for (key, value) in limits {
        requests.entry(key).or_insert(value);
    }
}

fn merge_defaults(container: &mut Container, defaults: &ResourceRequirements) {
    let empty = ResourceMap::new();
    let default_limits = defaults.limits.as_ref().unwrap_or(&empty);
    let default_requests = defaults.requests.as_ref().unwrap_or(&empty);
    if default_limits.is_empty() && default_requests.is_empty() {
        return;
    }
    let resources = container
        .resources
        .get_or_insert_with(ResourceRequirements::default);
    let limits = resources.limits.get_or_insert_with(ResourceMap::new);
    for (key, value) in default_limits {
        limits.entry(key.clone()).or_insert_with(|| value.clone());
    }
    let requests = resources.requests.get_or_insert_with(ResourceMap::new);
    for (key, value) in default_requests {
        requests.entry(key.clone()).or_insert_with(|| value.clone());
    }
}

/// Checks a defaulted pod against `min` and `max` of `Container` and `Pod` items and
/// returns the violations in the plugin's wording (`maximum cpu usage per Container
/// is 2, but limit is 3`).
// NOTE: maxLimitRequestRatio and PersistentVolumeClaim items are not checked.
pub fn violations(
    spec: &PodSpec,
    limit_ranges: &[&LimitRange],
) -> Result<Vec<String>, InvalidResource> {
    let mut found = Vec::new();
    for item in items_of_type(limit_ranges, "Container") {
        for container in spec
            .containers
            .iter()
            .chain(spec.init_containers.iter().flatten())
        {
            let field = format!("containers[{}]", container.name);
            let empty = ResourceRequirements::default();
            let resources = container.resources.as_ref().unwrap_or(&empty);
            let requests = resources_from_map(
                resources.requests.as_ref().unwrap_or(&ResourceMap::new()),
                &format!("{field}.resources.requests"),
            )?;
            let limits = resources_from_map(
                resources.limits.as_ref().unwrap_or(&ResourceMap::new()),
                &format!("{field}.resources.limits"),
            )?;
            let request_keys = keys(resources.requests.as_ref());
            let limit_keys = keys(resources.limits.as_ref());
            check_item(
                item,
                "Container",
                &requests,
                &request_keys,
                &limits,
                &limit_keys,
                &mut found,
            )?;
        }
    }
    let pod_items: Vec<&LimitRangeItem> = items_of_type(limit_ranges, "Pod").collect();
    if !pod_items.is_empty() {
        let requests = pod_requests(spec)?;
        let limits = pod_limits(spec)?;
        // A pod-level value exists only when every app container sets it.
        let all_set = |pick: fn(&ResourceRequirements) -> Option<&ResourceMap>, key: &str| {
            spec.containers.iter().all(|container| {
                container
                    .resources
                    .as_ref()
                    .and_then(pick)
                    .is_some_and(|map| map.contains_key(key))
            })
        };
        for item in pod_items {
            let keys_in = |map: &Option<ResourceMap>| keys(map.as_ref());
            let mut request_keys = Vec::new();
            let mut limit_keys = Vec::new();
            for key in keys_in(&item.min).into_iter().chain(keys_in(&item.max)) {
                if all_set(|r| r.requests.as_ref(), &key) {
                    request_keys.push(key.clone());
                }
                if all_set(|r| r.limits.as_ref(), &key) {
                    limit_keys.push(key);
                }
            }
            check_item(
                item,
                "Pod",
                &requests,
                &request_keys,
                &limits,
                &limit_keys,
                &mut found,
            )?;
        }
    }
    Ok(found)
}

fn keys(map: Option<&ResourceMap>) -> Vec<String> {
    map.map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

/// The messages of `minConstraint` and `maxConstraint` in the LimitRanger plugin.
fn check_item(
    item: &LimitRangeItem,
    limit_type: &str,
    requests: &Resources,
    request_keys: &[String],
    limits: &Resources,
    limit_keys: &[String],
    found: &mut Vec<String>,
) -> Result<(), InvalidResource> {
    for (key, min) in item.min.iter().flatten() {
        let name = ResourceName::from_key(key);
        let min_value = parse(min, &format!("limits.{limit_type}.min.{key}"))?;
        let min_amount = amount(&name, &min_value);
        if !request_keys.contains(key) {
            found.push(format!(
                "minimum {key} usage per {limit_type} is {}.  No request is specified",
                min.0
            ));
        } else if requests.get(&name) < min_amount {
            found.push(format!(
                "minimum {key} usage per {limit_type} is {}, but request is {}",
                min.0,
                print(&name, requests.get(&name))
            ));
        }
    }
    for (key, max) in item.max.iter().flatten() {
        let name = ResourceName::from_key(key);
        let max_value = parse(max, &format!("limits.{limit_type}.max.{key}"))?;
        let max_amount = amount(&name, &max_value);
        if !limit_keys.contains(key) {
            found.push(format!(
                "maximum {key} usage per {limit_type} is {}.  No limit is specified",
                max.0
            ));
        } else if limits.get(&name) > max_amount {
            found.push(format!(
                "maximum {key} usage per {limit_type} is {}, but limit is {}",
                max.0,
                print(&name, limits.get(&name))
            ));
        }
    }
    Ok(())
}

fn parse(value: &KubeQuantity, field: &str) -> Result<Quantity, InvalidResource> {
    Quantity::parse(&value.0).map_err(|error| InvalidResource {
        field: field.to_string(),
        error,
    })
}

fn amount(name: &ResourceName, quantity: &Quantity) -> i64 {
    let mut resources = Resources::default();
    resources.set(name, quantity);
    resources.get(name)
}

/// Prints an amount the way Kubernetes prints the quantity: millicores for CPU,
/// binary suffixes for memory and storage, plain numbers otherwise.
pub(crate) fn print(name: &ResourceName, amount: i64) -> String {
    match name {
        ResourceName::Cpu => format_cpu_millis(amount),
        ResourceName::Memory | ResourceName::EphemeralStorage => format_bytes(amount),
        _ => amount.to_string(),
    }
}
