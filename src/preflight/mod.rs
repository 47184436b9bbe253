//! Preflight: the pods that manifests or a scenario will create, admitted and scheduled
//! against a cluster state, with a verdict per pod and a pass/fail result for CI.

mod scenario_pods;

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Pod;
use serde::Serialize;

use crate::admission::{self, Rejection};
use crate::catalog::{Catalog, NodeModel};
use crate::cluster::{ClusterState, KarpenterVisibility, NodePool};
use crate::finding::{Finding, Severity};
use crate::manifest::{Manifests, Stage, Workload};
use crate::quantity::{format_bytes, format_cpu_millis};
use crate::report::JSON_SCHEMA_VERSION;
use crate::simulate::{self, InstanceOffer, PodOutcome, SimulateOptions, Verdict};
use crate::t;

pub use scenario_pods::scenario_workload;

/// The label Karpenter puts on every node with its capacity type.
const CAPACITY_TYPE_LABEL: &str = "karpenter.sh/capacity-type";

/// Settings of one preflight run.
#[derive(Debug, Clone)]
pub struct PreflightOptions {
    pub simulate: SimulateOptions,
    /// The lowest finding severity that fails the gate (exit code 1).
    pub fail_on: Severity,
    /// Region whose prices rank instance types for Karpenter's cheapest launch.
    pub region: String,
}

impl Default for PreflightOptions {
    fn default() -> PreflightOptions {
        PreflightOptions {
            simulate: SimulateOptions::default(),
            fail_on: Severity::Error,
            region: "us-east-1".to_string(),
        }
    }
}

/// Everything `capplan preflight` reports, serialized as its JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct PreflightReport {
    pub schema_version: &'static str,
    /// Where the cluster state came from.
    pub cluster_sources: Vec<String>,
    /// The workloads checked, as `Kind namespace/name`.
    pub workloads: Vec<String>,
    pub summary: Summary,
    pub verdict: Verdict,
    /// Pods the API server would reject at admission (FailedCreate), never scheduled.
    pub rejections: Vec<Rejection>,
    /// Every finding: admission, missing ConfigMaps, scheduling and provisioning.
    pub findings: Vec<Finding>,
    /// Things read and skipped, for the record.
    pub notes: Vec<String>,
    pub passed: bool,
}

/// Pod counts by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub pods: usize,
    pub scheduled: usize,
    pub on_new_nodes: usize,
    pub launch_loop: usize,
    pub pending: usize,
    pub failed_create: usize,
    pub new_nodes: usize,
    pub new_nodes_price_micros_per_hour: i64,
}

/// Runs admission and the scheduling simulation for `workloads` against `cluster`.
///
/// # Errors
/// An invalid quantity in a pod, node or DaemonSet, or a catalog that cannot be priced.
pub fn preflight(
    cluster: &ClusterState,
    workloads: &[Workload],
    manifests: Option<&Manifests>,
    catalog: &Catalog,
    model: &NodeModel,
    options: &PreflightOptions,
) -> crate::Result<PreflightReport> {
    let started = std::time::Instant::now();
    let mut admission = admission::admit(workloads, cluster)?;
    tracing::debug!(elapsed = ?started.elapsed(), "admission done");

    let mut findings: Vec<Finding> = Vec::new();
    let model = model_for_cluster(model, cluster, &mut findings)?;
    let offers = instance_offers(catalog, &model, &options.region, &cluster.node_pools)?;
    tracing::debug!(elapsed = ?started.elapsed(), offers = offers.len(), "instance offers built");

    // The k6-operator initializer runs to completion before the runners exist, so it
    // competes with nothing of its own workload; the starter comes after the runners.
    let mut before: Vec<Pod> = Vec::new();
    let mut main: Vec<Pod> = Vec::new();
    for workload in &mut admission.workloads {
        let pods = std::mem::take(&mut workload.pods);
        for (pod, stage) in pods.into_iter().zip(&workload.stages) {
            match stage {
                Stage::Before => before.push(pod),
                Stage::Main | Stage::After => main.push(pod),
            }
        }
    }
    let daemon_sets = &admission.daemon_sets;
    let mut verdict = simulate::simulate_with_daemon_sets(
        cluster,
        daemon_sets,
        &main,
        &offers,
        &options.simulate,
    )?;
    if !before.is_empty() {
        // NOTE: a node launched for the initializer is not offered to the runners that
        // follow; Karpenter would often reuse it, so new-node counts may be one high.
        let first = simulate::simulate_with_daemon_sets(
            cluster,
            daemon_sets,
            &before,
            &offers,
            &options.simulate,
        )?;
        let mut pods = first.pods;
        pods.append(&mut verdict.pods);
        verdict.pods = pods;
        verdict.findings.extend(first.findings);
    }

    findings.extend(admission.rejections.iter().map(Rejection::finding));
    if let Some(manifests) = manifests {
        findings.extend(manifests.config_map_findings(cluster));
    }
    findings.extend(verdict.findings.iter().cloned());
    findings.extend(karpenter_visibility_finding(cluster, &verdict));
    findings.extend(calibration_findings(&verdict));

    let summary = summarize(&verdict, admission.rejections.len());
    let passed = findings
        .iter()
        .all(|finding| finding.severity < options.fail_on)
        && verdict.passes()
        && admission.rejections.is_empty();
    let mut notes: Vec<String> = Vec::new();
    if let Some(manifests) = manifests {
        notes.extend(
            manifests
                .notes
                .iter()
                .map(|note| format!("{}: {}", note.location, note.message)),
        );
    }

    Ok(PreflightReport {
        schema_version: JSON_SCHEMA_VERSION,
        cluster_sources: cluster.sources.clone(),
        workloads: workloads.iter().map(Workload::label).collect(),
        summary,
        verdict,
        rejections: admission.rejections,
        findings,
        notes,
        passed,
    })
}

impl PreflightReport {
    /// Returns the gate's exit code: 0 when it passed, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        if self.passed {
            crate::error::exit_code::SUCCESS
        } else {
            crate::error::exit_code::FINDINGS
        }
    }
}

fn summarize(verdict: &Verdict, failed_create: usize) -> Summary {
    let mut summary = Summary {
        pods: verdict.pods.len() + failed_create,
        failed_create,
        new_nodes: verdict.node_claims.len(),
        new_nodes_price_micros_per_hour: verdict
            .node_claims
            .iter()
            .map(|claim| claim.price_micros_per_hour)
            .sum(),
        ..Summary::default()
    };
    for pod in &verdict.pods {
        match pod.outcome {
            PodOutcome::Scheduled { .. } => summary.scheduled += 1,
            PodOutcome::OnNewNode { .. } => summary.on_new_nodes += 1,
            PodOutcome::LaunchLoop { .. } => summary.launch_loop += 1,
            PodOutcome::Pending { .. } => summary.pending += 1,
        }
    }
    summary
}

/// Applies the kubelet settings of the EC2NodeClass that the NodePools reference to the
/// node model, as Karpenter does when it computes allocatable before launch.
fn model_for_cluster(
    model: &NodeModel,
    cluster: &ClusterState,
    findings: &mut Vec<Finding>,
) -> crate::Result<NodeModel> {
    let mut references: BTreeMap<String, usize> = BTreeMap::new();
    for pool in &cluster.node_pools {
        if let Some(reference) = &pool.spec.template.spec.node_class_ref {
            *references.entry(reference.name.clone()).or_insert(0) += 1;
        }
    }
    // The most referenced class wins, ties by name, so the choice is deterministic.
    let Some((class_name, _)) = references
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
    else {
        return Ok(model.clone());
    };
    let Some(kubelet) = cluster
        .node_classes
        .iter()
        .find(|class| class.metadata.name.as_deref() == Some(class_name.as_str()))
        .and_then(|class| class.spec.kubelet.as_ref())
    else {
        return Ok(model.clone());
    };
    let mut adjusted = model.clone();
    adjusted.apply_kubelet(kubelet).map_err(|error| {
        crate::Error::input(format!("EC2NodeClass {class_name}"), error.to_string())
    })?;
    if references.len() > 1 {
        // NOTE: one node model serves every NodePool; pools on other EC2NodeClasses
        // with different kubelet settings are modelled with this class's settings.
        findings.push(Finding::new(
            "nodeclass-model",
            Severity::Info,
            t!("preflight-nodeclass-model", class = class_name.clone()),
        ));
    }
    Ok(adjusted)
}

/// Says, per launched instance type with a live node, how far Karpenter's allocatable
/// model is from what the real node reports.
fn calibration_findings(verdict: &Verdict) -> Vec<Finding> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut findings = Vec::new();
    for claim in &verdict.node_claims {
        let simulate::AllocatableSource::LiveNode(node) = &claim.allocatable_real_source else {
            continue;
        };
        if !seen.insert(claim.instance_type.as_str()) {
            continue;
        }
        let model = &claim.allocatable_model;
        let real = &claim.allocatable_real;
        let memory_difference = real.memory_bytes - model.memory_bytes;
        let percent = if model.memory_bytes > 0 {
            memory_difference as f64 * 100.0 / model.memory_bytes as f64
        } else {
            0.0
        };
        findings.push(
            Finding::new(
                "allocatable-calibrated",
                Severity::Info,
                t!(
                    "preflight-calibrated",
                    instance_type = claim.instance_type.clone(),
                    node = node.clone(),
                    model_cpu = format_cpu_millis(model.cpu_millis),
                    model_memory = format_bytes(model.memory_bytes),
                    real_cpu = format_cpu_millis(real.cpu_millis),
                    real_memory = format_bytes(real.memory_bytes),
                    difference = format!("{:+.1}", memory_difference as f64 / (1024.0 * 1024.0)),
                    percent = format!("{percent:+.1}")
                ),
            )
            .with_subject(claim.instance_type.clone())
            .with_value("model_memory_bytes", model.memory_bytes)
            .with_value("real_memory_bytes", real.memory_bytes)
            .with_value("model_cpu_millis", model.cpu_millis)
            .with_value("real_cpu_millis", real.cpu_millis),
        );
    }
    findings
}

/// Reports when Karpenter's NodePools could not be read, so a gate never passes
/// silently on pods that would have needed a new node.
fn karpenter_visibility_finding(cluster: &ClusterState, verdict: &Verdict) -> Option<Finding> {
    let needs_provisioning = verdict
        .pods
        .iter()
        .any(|pod| !matches!(pod.outcome, PodOutcome::Scheduled { .. }));
    let (code, message) = match &cluster.karpenter {
        KarpenterVisibility::Known => return None,
        KarpenterVisibility::NotInstalled => (
            "karpenter-not-installed",
            t!("preflight-karpenter-not-installed"),
        ),
        KarpenterVisibility::Forbidden(detail) => (
            "karpenter-forbidden",
            t!("preflight-karpenter-forbidden", detail = detail.clone()),
        ),
    };
    let severity = if needs_provisioning {
        Severity::Error
    } else {
        Severity::Info
    };
    Some(Finding::new(code, severity, message))
}

/// Builds Karpenter's view of every catalog type: labels, capacity, the modelled
/// allocatable and, where measured, the real one.
pub fn instance_offers(
    catalog: &Catalog,
    model: &NodeModel,
    region: &str,
    node_pools: &[NodePool],
) -> crate::Result<Vec<InstanceOffer>> {
    // NOTE: only on-demand offerings are modelled and no zone label is offered, so a
    // NodePool that requires spot or a zone finds no instance type.
    let capacity_type =
        BTreeMap::from([(CAPACITY_TYPE_LABEL.to_string(), "on-demand".to_string())]);
    // Only types that some NodePool's requirements allow can be launched. No other offer
    // is read later, so none is built.
    let allowed: BTreeSet<String> = catalog
        .iter()
        .filter(|instance_type| {
            simulate::any_pool_allows(node_pools, &capacity_type, &instance_type.labels)
        })
        .map(|instance_type| instance_type.name.clone())
        .collect();
    let offerings = catalog.offerings(model, region, Some(&allowed))?;
    // Karpenter's own figure ignores measured overrides: it plans with the model until a
    // node of the type has registered.
    let mut unmeasured = model.clone();
    unmeasured.allocatable_overrides.clear();
    let mut offers = Vec::with_capacity(offerings.len());
    for offering in offerings {
        // Karpenter launches only types with an offering (a price) in the region.
        let Some(price_micros) = offering.price_micros else {
            continue;
        };
        let instance_type = offering.instance_type;
        let mut labels: BTreeMap<String, String> = instance_type.labels.clone();
        labels.extend(capacity_type.clone());
        offers.push(InstanceOffer {
            name: instance_type.name.clone(),
            labels,
            capacity: offering.capacity.clone(),
            allocatable_model: unmeasured.allocatable(instance_type),
            allocatable_real: offering
                .allocatable_measured
                .then(|| offering.allocatable.clone()),
            price_micros,
        });
    }
    Ok(offers)
}

/// Lists the names of the workloads' namespaces, for messages.
pub fn namespaces(workloads: &[Workload]) -> BTreeSet<String> {
    workloads
        .iter()
        .map(|workload| workload.namespace.clone())
        .collect()
}
