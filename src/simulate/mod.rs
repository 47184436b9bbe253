//! The scheduling simulation: kube-scheduler's filters on the existing nodes, then
//! Karpenter's provisioning for the pods that fit nowhere, then when each part starts.

mod explain;
mod filters;
mod karpenter;
mod matching;
mod messages;
mod placement;
mod topology;
#[cfg(test)]
mod topology_tests;
mod verdict;

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::Pod;
use serde::{Deserialize, Serialize};

use crate::cluster::{ClusterState, KarpenterVisibility, NodePool};
use crate::finding::{Finding, Severity};
use crate::quantity::Resources;

pub use verdict::{
    AllocatableSource, LimitUse, NodePoolRejection, NodePoolSummary, PlannedNodeClaim, PodOutcome,
    PodVerdict, RejectionReason, Verdict,
};

use filters::PodView;
use karpenter::Provisioner;
use placement::Attempt;

/// Returns true when some NodePool's requirements allow an instance type with
/// `labels`, read under the offer's own labels `overlay` (its capacity type).
pub fn any_pool_allows(
    node_pools: &[NodePool],
    overlay: &BTreeMap<String, String>,
    labels: &BTreeMap<String, String>,
) -> bool {
    let labels = matching::Layered {
        top: overlay,
        base: labels,
    };
    node_pools
        .iter()
        .any(|pool| karpenter::offer_allowed(pool, &labels))
}

/// An instance type Karpenter may launch, with its labels and both allocatable figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstanceOffer {
    /// The instance type, such as `t3a.2xlarge`.
    pub name: String,
    /// The labels a node of this type carries (`node.kubernetes.io/instance-type`,
    /// `karpenter.k8s.aws/instance-family`, `kubernetes.io/arch`, ...), which NodePool
    /// requirements and pod selectors are matched against.
    pub labels: BTreeMap<String, String>,
    /// Capacity as Karpenter counts it against NodePool limits (vCPU, memory after the
    /// VM overhead, max pods).
    pub capacity: Resources,
    /// Allocatable in Karpenter's model, which decides what it launches.
    pub allocatable_model: Resources,
    /// Allocatable a real node of this type reports, when measured. A live node of the
    /// type in the cluster takes precedence over this figure.
    pub allocatable_real: Option<Resources>,
    /// On-demand price, micro-dollars per hour.
    pub price_micros: i64,
}

/// The form of TaintToleration's reason, which changed between Kubernetes releases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaintReasonForm {
    /// `node(s) had untolerated taint(s)`: v1.35 and v1.34 patches from November 2025.
    #[default]
    Aggregated,
    /// `node(s) had untolerated taint {key: value}`: about v1.26 to v1.34.1.
    KeyValue,
    /// `node(s) had taint {key: value}, that the pod didn't tolerate`: 2020-era releases.
    Legacy,
}

/// Which DaemonSet requests Karpenter counts as overhead on a new node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DaemonSetOverheadSource {
    /// A live pod of the DaemonSet when one exists, else its template, as current
    /// Karpenter does (`getDaemonSetPods` in `provisioner.go`).
    #[default]
    LivePodWhenPresent,
    /// Always the template, as older Karpenter releases did; admission defaults such as
    /// a LimitRange's are then missed.
    Template,
}

/// Settings of one simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SimulateOptions {
    /// Seconds from a NodeClaim's creation until its node is Ready. Public reports give
    /// 30–90 s; busy clusters see 120–300 s.
    pub node_startup_seconds: u32,
    pub taint_reason_form: TaintReasonForm,
    pub daemonset_overhead: DaemonSetOverheadSource,
    /// Parts of one workload starting this many seconds apart or more get a finding.
    pub stagger_warning_seconds: u32,
}

impl Default for SimulateOptions {
    fn default() -> SimulateOptions {
        SimulateOptions {
            node_startup_seconds: 90,
            taint_reason_form: TaintReasonForm::default(),
            daemonset_overhead: DaemonSetOverheadSource::default(),
            stagger_warning_seconds: 60,
        }
    }
}

/// Simulates scheduling `new_pods` (already admitted, defaults applied) into the
/// cluster: kube-scheduler first, then Karpenter for the pods no node can take.
///
/// # Errors
///
/// Returns an input error naming the pod, node or DaemonSet whose resource quantity
/// is invalid.
pub fn simulate(
    cluster: &ClusterState,
    new_pods: &[Pod],
    offers: &[InstanceOffer],
    options: &SimulateOptions,
) -> crate::Result<Verdict> {
    simulate_with_daemon_sets(cluster, &cluster.daemon_sets, new_pods, offers, options)
}

/// Simulates as [`simulate`] does, with `daemon_sets` in place of the cluster's own
/// (admission may have given their templates defaults).
///
/// # Errors
///
/// As [`simulate`].
pub fn simulate_with_daemon_sets(
    cluster: &ClusterState,
    daemon_sets: &[DaemonSet],
    new_pods: &[Pod],
    offers: &[InstanceOffer],
    options: &SimulateOptions,
) -> crate::Result<Verdict> {
    let started = std::time::Instant::now();
    let (mut nodes, mut topology) = placement::existing_nodes(cluster)?;
    tracing::debug!(elapsed = ?started.elapsed(), nodes = nodes.len(), "scheduler snapshot built");
    let views = new_pods
        .iter()
        .enumerate()
        .map(|(position, pod)| placement::pod_view(pod, position))
        .collect::<crate::Result<Vec<PodView<'_>>>>()?;

    let scheduler_order = scheduler_order(new_pods, &views);
    let mut outcomes: Vec<Option<PodOutcome>> = vec![None; views.len()];
    let mut messages: BTreeMap<usize, String> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut static_cache = placement::StaticCache::default();
    for &index in &scheduler_order {
        match placement::schedule_on_existing(
            &views[index],
            &mut nodes,
            options,
            &mut static_cache,
            &mut topology,
        ) {
            Attempt::Bound(node) => {
                outcomes[index] = Some(PodOutcome::Scheduled {
                    node: nodes[node].name.clone(),
                });
            }
            Attempt::Unschedulable {
                message,
                preemption_possible,
            } => {
                if preemption_possible {
                    findings.push(
                        Finding::new(
                            "preemption-not-simulated",
                            Severity::Warning,
                            crate::t!(
                                "simulate-preemption-not-simulated",
                                pod = views[index].id.clone()
                            ),
                        )
                        .with_subject(views[index].id.clone()),
                    );
                }
                messages.insert(index, message);
            }
        }
    }

    tracing::debug!(elapsed = ?started.elapsed(), "kube-scheduler pass done");
    let karpenter_known =
        cluster.karpenter == KarpenterVisibility::Known && !cluster.node_pools.is_empty();
    let mut provisioner = Provisioner {
        offers,
        pools: if karpenter_known {
            karpenter::plan_pools(cluster, daemon_sets, offers, options)?
        } else {
            Vec::new()
        },
        claims: Vec::new(),
        nodes,
        topology,
    };

    // Karpenter packs first-fit-decreasing: cpu, then memory, descending; ties keep
    // kube-scheduler's order (creation time). DaemonSet pods are left to their controller.
    let mut karpenter_order: Vec<usize> = scheduler_order
        .iter()
        .copied()
        .filter(|index| messages.contains_key(index) && !owned_by_daemon_set(&new_pods[*index]))
        .collect();
    karpenter_order.sort_by(|a, b| {
        let (a, b) = (&views[*a].requests, &views[*b].requests);
        b.cpu_millis
            .cmp(&a.cpu_millis)
            .then(b.memory_bytes.cmp(&a.memory_bytes))
    });
    tracing::debug!(elapsed = ?started.elapsed(), "NodePools prepared");
    let mut claim_of: BTreeMap<usize, usize> = BTreeMap::new();
    for index in karpenter_order {
        match provisioner.add(index, &views[index]) {
            Ok(claim) => {
                claim_of.insert(index, claim);
            }
            Err(rejections) => {
                let karpenter_message = (!rejections.is_empty()).then(|| {
                    let errors: Vec<String> = rejections
                        .iter()
                        .map(|r| r.karpenter_error.clone())
                        .collect();
                    messages::karpenter_failed(&errors)
                });
                outcomes[index] = Some(PodOutcome::Pending {
                    message: messages.get(&index).cloned().unwrap_or_default(),
                    karpenter_message,
                    node_pools: rejections,
                });
            }
        }
    }

    tracing::debug!(elapsed = ?started.elapsed(), claims = provisioner.claims.len(), "Karpenter pass done");
    let node_claims = finalize_claims(&provisioner, &views, &scheduler_order, &mut outcomes);
    tracing::debug!(elapsed = ?started.elapsed(), "NodeClaims finalized");
    for (index, outcome) in outcomes.iter_mut().enumerate() {
        if outcome.is_none() {
            *outcome = Some(PodOutcome::Pending {
                message: messages.get(&index).cloned().unwrap_or_default(),
                karpenter_message: None,
                node_pools: Vec::new(),
            });
        }
    }

    let pods: Vec<PodVerdict> = views
        .iter()
        .zip(outcomes)
        .map(|(view, outcome)| {
            let outcome = outcome.unwrap_or(PodOutcome::Pending {
                message: String::new(),
                karpenter_message: None,
                node_pools: Vec::new(),
            });
            let start_seconds = match &outcome {
                PodOutcome::Scheduled { .. } => Some(0),
                PodOutcome::OnNewNode { .. } => Some(options.node_startup_seconds),
                _ => None,
            };
            PodVerdict {
                pod: view.id.clone(),
                requests: view.requests.clone(),
                outcome,
                start_seconds,
            }
        })
        .collect();

    findings.extend(explain::workload_findings(new_pods, &pods, options));
    Ok(Verdict {
        node_pools: summarize_pools(&provisioner, &node_claims),
        pods,
        node_claims,
        findings,
    })
}

/// kube-scheduler's queue order: priority descending, then creation time; pods without
/// a timestamp keep their given order.
fn scheduler_order(pods: &[Pod], views: &[PodView]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..pods.len()).collect();
    order.sort_by(|a, b| {
        let created = |index: usize| {
            pods[index]
                .metadata
                .creation_timestamp
                .as_ref()
                .map(|time| time.0)
        };
        views[*b]
            .priority
            .cmp(&views[*a].priority)
            .then_with(|| match (created(*a), created(*b)) {
                (Some(left), Some(right)) => left.cmp(&right),
                _ => std::cmp::Ordering::Equal,
            })
    });
    order
}

fn owned_by_daemon_set(pod: &Pod) -> bool {
    pod.metadata
        .owner_references
        .iter()
        .flatten()
        .any(|owner| owner.kind == "DaemonSet")
}

/// Launches the cheapest candidate of each claim and checks its pods against the real
/// node, in the order kube-scheduler will bind them.
fn finalize_claims(
    provisioner: &Provisioner<'_>,
    views: &[PodView],
    scheduler_order: &[usize],
    outcomes: &mut [Option<PodOutcome>],
) -> Vec<PlannedNodeClaim> {
    let position: BTreeMap<usize, usize> = scheduler_order
        .iter()
        .enumerate()
        .map(|(rank, index)| (*index, rank))
        .collect();
    let mut planned = Vec::new();
    for claim in &provisioner.claims {
        let pool = &provisioner.pools[claim.pool];
        let mut candidates = claim.candidates.clone();
        candidates.sort_by(|a, b| {
            let (a, b) = (
                &provisioner.offers[pool.offers[*a].offer],
                &provisioner.offers[pool.offers[*b].offer],
            );
            a.price_micros
                .cmp(&b.price_micros)
                .then_with(|| a.name.cmp(&b.name))
        });
        let Some(&chosen) = candidates.first() else {
            continue;
        };
        let pool_offer = &pool.offers[chosen];
        let offer = &provisioner.offers[pool_offer.offer];
        let candidate_names: Vec<String> = candidates
            .iter()
            .map(|index| provisioner.offers[pool.offers[*index].offer].name.clone())
            .collect();

        let mut bind_order = claim.pods.clone();
        bind_order.sort_by_key(|index| position.get(index).copied().unwrap_or(usize::MAX));
        let mut requested = pool_offer.overhead_real.clone();
        for index in bind_order {
            let pod = &views[index];
            let reasons = filters::insufficient_resources(
                &pod.requests,
                &requested,
                &pool_offer.allocatable_real,
            );
            outcomes[index] = Some(if reasons.is_empty() {
                requested.add(&pod.requests);
                PodOutcome::OnNewNode {
                    node_claim: claim.name.clone(),
                    node_pool: pool.name.clone(),
                    instance_type: offer.name.clone(),
                    candidates: candidate_names.clone(),
                }
            } else {
                let short = karpenter::shortfall(
                    &requested.plus(&pod.requests),
                    &pool_offer.allocatable_real,
                );
                PodOutcome::LaunchLoop {
                    node_claim: claim.name.clone(),
                    node_pool: pool.name.clone(),
                    instance_type: offer.name.clone(),
                    explanation: explain::launch_loop(&offer.name, &reasons, &short),
                    reasons,
                    shortfall: short,
                }
            });
        }

        planned.push(PlannedNodeClaim {
            name: claim.name.clone(),
            node_pool: pool.name.clone(),
            instance_type: offer.name.clone(),
            candidates: candidate_names,
            pods: claim
                .pods
                .iter()
                .map(|index| views[*index].id.clone())
                .collect(),
            pod_requests: claim.total.clone(),
            daemonset_overhead: pool_offer.overhead_model.clone(),
            daemonset_overhead_real: pool_offer.overhead_real.clone(),
            allocatable_model: offer.allocatable_model.clone(),
            allocatable_real: pool_offer.allocatable_real.clone(),
            allocatable_real_source: pool_offer.real_source.clone(),
            price_micros_per_hour: offer.price_micros,
        });
    }
    planned
}

fn summarize_pools(
    provisioner: &Provisioner<'_>,
    claims: &[PlannedNodeClaim],
) -> Vec<NodePoolSummary> {
    provisioner
        .pools
        .iter()
        .map(|pool| {
            let launched: Vec<&PlannedNodeClaim> = claims
                .iter()
                .filter(|claim| claim.node_pool == pool.name)
                .collect();
            let mut instance_types: BTreeMap<String, usize> = BTreeMap::new();
            for claim in &launched {
                *instance_types
                    .entry(claim.instance_type.clone())
                    .or_insert(0) += 1;
            }
            let capacity_of = |claim: &PlannedNodeClaim, key: &str| {
                provisioner
                    .offers
                    .iter()
                    .find(|offer| offer.name == claim.instance_type)
                    .map_or(0, |offer| {
                        offer
                            .capacity
                            .get(&crate::quantity::ResourceName::from_key(key))
                    })
            };
            let limits = pool
                .limits
                .iter()
                .map(|(key, limit)| LimitUse {
                    resource: key.clone(),
                    limit: *limit,
                    in_use: pool.in_use.get(key).copied().unwrap_or(0),
                    planned: if key == "nodes" {
                        i64::try_from(launched.len()).unwrap_or(i64::MAX)
                    } else {
                        launched.iter().map(|claim| capacity_of(claim, key)).sum()
                    },
                })
                .collect();
            NodePoolSummary {
                node_pool: pool.name.clone(),
                weight: pool.weight,
                nodes_to_launch: launched.len(),
                instance_types,
                price_micros_per_hour: launched
                    .iter()
                    .map(|claim| claim.price_micros_per_hour)
                    .sum(),
                limits,
            }
        })
        .collect()
}
