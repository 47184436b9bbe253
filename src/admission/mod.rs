//! Admission before scheduling: API-server defaulting and LimitRange defaults, the
//! LimitRange min/max checks, then ResourceQuota. A rejected pod is never created, so
//! its controller reports FailedCreate rather than a Pending pod.

pub mod limit_range;
pub mod quota;

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{LimitRange, Pod, PodSpec, ResourceQuota};

use crate::Error;
use crate::cluster::ClusterState;
use crate::cluster::requests::InvalidResource;
use crate::finding::{Finding, Severity};
use crate::manifest::{Stage, Workload};
use quota::QuotaAmounts;

/// Why the API server refused to create a pod.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RejectionReason {
    /// A ResourceQuota would be exceeded; only the exceeded keys are listed.
    QuotaExceeded {
        quota: String,
        requested: QuotaAmounts,
        used: QuotaAmounts,
        limited: QuotaAmounts,
    },
    /// A ResourceQuota tracks cpu or memory and a container does not state it.
    QuotaMissingResources { quota: String, detail: String },
    /// A LimitRange min or max is violated.
    LimitRange { violations: Vec<String> },
}

/// A pod the API server would refuse to create.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejection {
    /// `Kind namespace/name` of the workload whose controller creates the pod.
    pub workload: String,
    pub namespace: String,
    /// The pod's name, or its `generateName` prefix for generated names.
    pub pod: String,
    pub reason: RejectionReason,
    /// The API server's message: `pods "k6-part1-" is forbidden: exceeded quota: ...`.
    pub message: String,
}

impl Rejection {
    /// Returns the Error finding that reports this rejection.
    pub fn finding(&self) -> Finding {
        let code = match self.reason {
            RejectionReason::QuotaExceeded { .. }
            | RejectionReason::QuotaMissingResources { .. } => "quota-exceeded",
            RejectionReason::LimitRange { .. } => "limitrange-rejected",
        };
        let message = crate::t!(
            "admission-failed-create",
            workload = self.workload.clone(),
            detail = self.message.clone()
        );
        let mut finding = Finding::new(code, Severity::Error, message)
            .with_subject(self.workload.clone())
            .with_value("pod", self.pod.clone());
        if let RejectionReason::QuotaExceeded {
            quota,
            requested,
            used,
            limited,
        } = &self.reason
        {
            finding = finding
                .with_value("quota", quota.clone())
                .with_value("requested", quota::pretty_print(requested))
                .with_value("used", quota::pretty_print(used))
                .with_value("limited", quota::pretty_print(limited));
        }
        finding
    }
}

/// The result of admission.
#[derive(Debug, Clone, Default)]
pub struct Admission {
    /// The workloads with only their admitted pods, defaults applied.
    pub workloads: Vec<Workload>,
    pub rejections: Vec<Rejection>,
    /// The cluster's DaemonSets with their namespace's defaults applied to the pod
    /// template, so per-node overhead counts what the pods will really request.
    pub daemon_sets: Vec<DaemonSet>,
}

struct QuotaState<'a> {
    quota: &'a ResourceQuota,
    name: String,
    hard: QuotaAmounts,
    used: QuotaAmounts,
}

/// Runs admission for every workload pod in order, against the cluster's LimitRanges
/// and ResourceQuotas. Quota usage starts from `status.used` when the quota has one,
/// otherwise from the cluster's non-terminal pods in the namespace, and grows with
/// each admitted pod.
pub fn admit(workloads: &[Workload], cluster: &ClusterState) -> crate::Result<Admission> {
    let mut quotas: BTreeMap<String, Vec<QuotaState<'_>>> = BTreeMap::new();
    let mut admission = Admission {
        daemon_sets: daemon_sets_with_defaults(cluster),
        ..Admission::default()
    };

    for workload in workloads {
        let namespace = &workload.namespace;
        if !quotas.contains_key(namespace) {
            let states = quota_states(namespace, cluster)?;
            quotas.insert(namespace.clone(), states);
        }
        let limit_ranges = limit_ranges_in(cluster, namespace);
        let defaults = limit_range::container_defaults(&limit_ranges);

        let mut admitted = Workload {
            kind: workload.kind.clone(),
            namespace: workload.namespace.clone(),
            name: workload.name.clone(),
            origin: workload.origin.clone(),
            pods: Vec::new(),
            stages: Vec::new(),
        };
        // Pods of the `Before` stage (the k6 initializer) finish before the main pods
        // are created, and a finished pod no longer counts against a quota.
        let mut release: Vec<Charge> = Vec::new();
        for (pod, stage) in workload.pods.iter().zip(&workload.stages) {
            if *stage != Stage::Before {
                let states = quotas.entry(namespace.clone()).or_default();
                for (index, amounts) in release.drain(..) {
                    for (key, amount) in amounts {
                        *states[index].used.entry(key).or_insert(0) -= amount;
                    }
                }
            }
            let mut pod = pod.clone();
            let spec = pod.spec.get_or_insert_with(PodSpec::default);
            limit_range::apply_defaults(spec, &defaults);

            let pod_name = display_name(&pod);
            let no_spec = PodSpec::default();
            let spec = pod.spec.as_ref().unwrap_or(&no_spec);
            let invalid = |error: InvalidResource| {
                Error::input(
                    workload.label(),
                    crate::t!(
                        "input-invalid-field",
                        field = error.field.clone(),
                        detail = error.error.to_string()
                    ),
                )
            };

            let violations = limit_range::violations(spec, &limit_ranges).map_err(invalid)?;
            if !violations.is_empty() {
                let detail = aggregate(&violations);
                admission.rejections.push(Rejection {
                    workload: workload.label(),
                    namespace: namespace.clone(),
                    pod: pod_name.clone(),
                    reason: RejectionReason::LimitRange { violations },
                    message: format!("pods \"{pod_name}\" is forbidden: {detail}"),
                });
                continue;
            }

            let states = quotas.entry(namespace.clone()).or_default();
            match check_quotas(&pod, spec, states).map_err(invalid)? {
                Err(reason) => {
                    let detail = match &reason {
                        RejectionReason::QuotaExceeded {
                            quota,
                            requested,
                            used,
                            limited,
                        } => format!(
                            "exceeded quota: {quota}, requested: {}, used: {}, limited: {}",
                            quota::pretty_print(requested),
                            quota::pretty_print(used),
                            quota::pretty_print(limited)
                        ),
                        RejectionReason::QuotaMissingResources { quota, detail } => {
                            format!("failed quota: {quota}: {detail}")
                        }
                        RejectionReason::LimitRange { violations } => aggregate(violations),
                    };
                    admission.rejections.push(Rejection {
                        workload: workload.label(),
                        namespace: namespace.clone(),
                        pod: pod_name.clone(),
                        reason,
                        message: format!("pods \"{pod_name}\" is forbidden: {detail}"),
                    });
                }
                Ok(charges) => {
                    if *stage == Stage::Before {
                        release.extend(charges);
                    }
                    admitted.pods.push(pod);
                    admitted.stages.push(*stage);
                }
            }
        }
        admission.workloads.push(admitted);
    }
    Ok(admission)
}

/// Returns the cluster's DaemonSets with API-server and LimitRange defaults applied to
/// their pod templates, as the DaemonSet controller's pods receive them at creation.
pub fn daemon_sets_with_defaults(cluster: &ClusterState) -> Vec<DaemonSet> {
    cluster
        .daemon_sets
        .iter()
        .map(|daemon_set| {
            let mut daemon_set = daemon_set.clone();
            let namespace = daemon_set.metadata.namespace.clone().unwrap_or_default();
            let limit_ranges = limit_ranges_in(cluster, &namespace);
            let defaults = limit_range::container_defaults(&limit_ranges);
            if let Some(spec) = daemon_set
                .spec
                .as_mut()
                .and_then(|spec| spec.template.spec.as_mut())
            {
                limit_range::apply_defaults(spec, &defaults);
            }
            daemon_set
        })
        .collect()
}

fn limit_ranges_in<'a>(cluster: &'a ClusterState, namespace: &str) -> Vec<&'a LimitRange> {
    cluster
        .limit_ranges
        .iter()
        .filter(|range| range.metadata.namespace.as_deref() == Some(namespace))
        .collect()
}

fn quota_states<'a>(
    namespace: &str,
    cluster: &'a ClusterState,
) -> crate::Result<Vec<QuotaState<'a>>> {
    let mut states = Vec::new();
    for resource_quota in &cluster.resource_quotas {
        if resource_quota.metadata.namespace.as_deref() != Some(namespace) {
            continue;
        }
        let name = resource_quota.metadata.name.clone().unwrap_or_default();
        let label = format!("ResourceQuota {namespace}/{name}");
        let invalid = |error: InvalidResource| {
            Error::input(
                label.clone(),
                crate::t!(
                    "input-invalid-field",
                    field = error.field.clone(),
                    detail = error.error.to_string()
                ),
            )
        };
        let hard_map = resource_quota
            .spec
            .as_ref()
            .and_then(|spec| spec.hard.clone())
            .unwrap_or_default();
        let hard = quota::parse_quota_map(&hard_map, "spec.hard").map_err(invalid)?;
        let status_used = resource_quota
            .status
            .as_ref()
            .and_then(|status| status.used.as_ref());
        let used = match status_used {
            Some(used) => quota::parse_quota_map(used, "status.used").map_err(invalid)?,
            None => usage_of_existing_pods(namespace, resource_quota, cluster, &hard)
                .map_err(invalid)?,
        };
        states.push(QuotaState {
            quota: resource_quota,
            name,
            hard,
            used,
        });
    }
    Ok(states)
}

fn usage_of_existing_pods(
    namespace: &str,
    resource_quota: &ResourceQuota,
    cluster: &ClusterState,
    hard: &QuotaAmounts,
) -> Result<QuotaAmounts, InvalidResource> {
    let mut used: QuotaAmounts = hard.keys().map(|key| (key.clone(), 0)).collect();
    for pod in &cluster.pods {
        let phase = pod
            .status
            .as_ref()
            .and_then(|status| status.phase.as_deref());
        let terminal = matches!(phase, Some("Succeeded" | "Failed"));
        if terminal
            || pod.metadata.namespace.as_deref() != Some(namespace)
            || !quota::scopes_match(resource_quota, pod.spec.as_ref())
        {
            continue;
        }
        let Some(spec) = &pod.spec else { continue };
        for (key, amount) in quota::pod_usage(spec)? {
            if let Some(total) = used.get_mut(&key) {
                *total += amount;
            }
        }
    }
    Ok(used)
}

/// An amount charged to the quota at an index of the namespace's quota list.
type Charge = (usize, QuotaAmounts);

/// Checks every matching quota; on success charges the pod to all of them and returns
/// the charges.
fn check_quotas(
    pod: &Pod,
    spec: &PodSpec,
    states: &mut [QuotaState<'_>],
) -> Result<Result<Vec<Charge>, RejectionReason>, InvalidResource> {
    let usage = quota::pod_usage(spec)?;
    let mut charges = Vec::new();
    for (index, state) in states.iter().enumerate() {
        if !quota::scopes_match(state.quota, pod.spec.as_ref()) {
            continue;
        }
        if let Some(detail) = quota::missing_constraints(spec, &state.hard) {
            return Ok(Err(RejectionReason::QuotaMissingResources {
                quota: state.name.clone(),
                detail,
            }));
        }
        let requested: QuotaAmounts = usage
            .iter()
            .filter(|(key, _)| state.hard.contains_key(*key))
            .map(|(key, amount)| (key.clone(), *amount))
            .collect();
        let exceeded: Vec<&String> = requested
            .iter()
            .filter(|(key, amount)| {
                let used = state.used.get(*key).copied().unwrap_or(0);
                let hard = state.hard.get(*key).copied().unwrap_or(0);
                used + **amount > hard
            })
            .map(|(key, _)| key)
            .collect();
        if !exceeded.is_empty() {
            let mask = |amounts: &QuotaAmounts| -> QuotaAmounts {
                exceeded
                    .iter()
                    .map(|key| ((*key).clone(), amounts.get(*key).copied().unwrap_or(0)))
                    .collect()
            };
            return Ok(Err(RejectionReason::QuotaExceeded {
                quota: state.name.clone(),
                requested: mask(&requested),
                used: mask(&state.used),
                limited: mask(&state.hard),
            }));
        }
        charges.push((index, requested));
    }
    for (index, requested) in &charges {
        for (key, amount) in requested {
            *states[*index].used.entry(key.clone()).or_insert(0) += amount;
        }
    }
    Ok(Ok(charges))
}

/// Joins several errors as `utilerrors.NewAggregate` prints them: one error alone,
/// several as `[a, b]`.
fn aggregate(errors: &[String]) -> String {
    match errors {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

/// Returns the name the API server's message shows: `generateName` for generated pods.
fn display_name(pod: &Pod) -> String {
    pod.metadata
        .generate_name
        .clone()
        .or_else(|| pod.metadata.name.clone())
        .unwrap_or_default()
}
