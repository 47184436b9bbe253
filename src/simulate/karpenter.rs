//! Karpenter's provisioning simulation for the pods kube-scheduler could not place:
//! NodePools by weight, requirement and limit filtering, first-fit-decreasing packing
//! onto NodeClaims and the cheapest launch (kubernetes-sigs/karpenter
//! `pkg/controllers/provisioning/scheduling/scheduler.go` and `nodeclaim.go`).

use std::collections::{BTreeMap, HashMap};

use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{PodSpec, Taint};

use super::filters::{self, PodView, SchedNode};
use super::matching::{self, LabelLookup, LabelValue, Layered, NodeLabels};
use super::messages;
use super::topology::{PodTopology, TopologyIndex};
use super::verdict::{AllocatableSource, NodePoolRejection, RejectionReason};
use super::{DaemonSetOverheadSource, InstanceOffer, SimulateOptions};
use crate::cluster::requests::pod_requests;
use crate::cluster::{ClusterPod, ClusterState, NodePool};
use crate::quantity::{ResourceName, Resources};

/// Labels every EKS node has whose value Karpenter chooses at launch (zone, hostname),
/// so a pod may require them even when neither the NodePool nor the offer sets them.
const LABELS_CHOSEN_AT_LAUNCH: [&str; 5] = [
    "topology.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "topology.k8s.aws/zone-id",
    "kubernetes.io/hostname",
    "karpenter.sh/capacity-type",
];

/// One offer as a node of one NodePool.
#[derive(Debug, Clone)]
pub(crate) struct PoolOffer {
    pub offer: usize,
    /// DaemonSet overhead Karpenter counts (one pod slot per DaemonSet included).
    pub overhead_model: Resources,
    /// DaemonSet overhead the real node carries.
    pub overhead_real: Resources,
    pub allocatable_real: Resources,
    pub real_source: AllocatableSource,
}

/// A NodePool prepared for the simulation.
#[derive(Debug, Clone)]
pub(crate) struct PoolPlan {
    pub name: String,
    pub weight: i32,
    pub taints: Vec<Taint>,
    pub base_labels: NodeLabels,
    pub offers: Vec<PoolOffer>,
    /// `spec.limits` in each resource's integer unit.
    pub limits: BTreeMap<String, i64>,
    /// `status.resources` for the limited resources.
    pub in_use: BTreeMap<String, i64>,
    /// What is left under the limits; Karpenter subtracts each planned NodeClaim's
    /// largest candidate.
    pub remaining: BTreeMap<String, i64>,
}

/// A NodeClaim planned in this simulation.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    pub name: String,
    pub pool: usize,
    /// Indices into the simulation's pending pods, in packing order.
    pub pods: Vec<usize>,
    pub total: Resources,
    /// Indices into the pool's offers that still hold every pod.
    pub candidates: Vec<usize>,
    /// The claim's position in the shared node list (for topology and ports).
    pub node: usize,
}

/// Converts a limit or status quantity to the resource's integer unit.
fn amount(key: &str, quantity: &crate::quantity::Quantity) -> i64 {
    match key {
        "cpu" => quantity.millis(),
        _ => quantity.units(),
    }
}

fn capacity_of(offer: &InstanceOffer, key: &str) -> i64 {
    offer.capacity.get(&ResourceName::from_key(key))
}

/// Orders NodePools as `OrderByWeight` does: weight descending, then name descending.
pub(crate) fn order_pools(pools: &[NodePool]) -> Vec<&NodePool> {
    let mut ordered: Vec<&NodePool> = pools.iter().collect();
    ordered.sort_by(|a, b| {
        let weight = |pool: &NodePool| pool.spec.weight.unwrap_or(0);
        let name = |pool: &NodePool| pool.metadata.name.clone().unwrap_or_default();
        weight(b)
            .cmp(&weight(a))
            .then_with(|| name(b).cmp(&name(a)))
    });
    ordered
}

/// Builds the labels a node of this pool may carry before the instance type is known.
fn base_labels(pool: &NodePool, name: &str) -> NodeLabels {
    let mut labels: NodeLabels = LABELS_CHOSEN_AT_LAUNCH
        .iter()
        .map(|key| (key.to_string(), LabelValue::Any))
        .collect();
    labels.insert(
        "kubernetes.io/os".to_string(),
        LabelValue::Fixed("linux".to_string()),
    );
    for requirement in &pool.spec.template.spec.requirements {
        match requirement.operator.as_str() {
            "In" if requirement.values.len() == 1 => {
                labels.insert(
                    requirement.key.clone(),
                    LabelValue::Fixed(requirement.values[0].clone()),
                );
            }
            "In" => {
                labels.insert(
                    requirement.key.clone(),
                    LabelValue::OneOf(requirement.values.clone()),
                );
            }
            "Exists" => {
                labels
                    .entry(requirement.key.clone())
                    .or_insert(LabelValue::Any);
            }
            "DoesNotExist" => {
                labels.remove(&requirement.key);
            }
            _ => {}
        }
    }
    for (key, value) in &pool.spec.template.metadata.labels {
        labels.insert(key.clone(), LabelValue::Fixed(value.clone()));
    }
    labels.insert(
        "karpenter.sh/nodepool".to_string(),
        LabelValue::Fixed(name.to_string()),
    );
    labels
}

/// Returns true when the offer satisfies every pool requirement on a label the offer
/// defines; requirements on other labels shape the pool's base labels instead.
/// `offer_labels` are the offer's labels as node labels.
pub(crate) fn offer_allowed(pool: &NodePool, offer_labels: &impl LabelLookup) -> bool {
    pool.spec
        .template
        .spec
        .requirements
        .iter()
        .all(|requirement| {
            offer_labels.lookup(&requirement.key).is_none()
                || matching::requirement_matches(
                    &requirement.key,
                    &requirement.operator,
                    &requirement.values,
                    offer_labels,
                )
        })
}

/// Returns true when a DaemonSet's pods would run on a node with these taints and labels.
fn daemon_runs_on(spec: &PodSpec, taints: &[Taint], labels: &impl LabelLookup) -> bool {
    let tolerations = spec.tolerations.as_deref().unwrap_or_default();
    matching::first_untolerated(tolerations, taints).is_none()
        && matching::pod_matches_node_affinity(spec, labels, None)
}

/// The effective request of each DaemonSet: from its template (Karpenter's model when
/// no DaemonSet pod is cached) and from live pods it owns (after admission defaults).
struct DaemonRequests {
    spec: PodSpec,
    template: Resources,
    live: Option<Resources>,
}

fn daemon_requests(
    cluster: &ClusterState,
    daemon_sets: &[DaemonSet],
) -> crate::Result<Vec<DaemonRequests>> {
    let mut daemons = Vec::new();
    for daemon_set in daemon_sets {
        let spec = template_spec(daemon_set);
        let id = format!(
            "{}/{}",
            daemon_set
                .metadata
                .namespace
                .as_deref()
                .unwrap_or("default"),
            daemon_set.metadata.name.as_deref().unwrap_or_default()
        );
        let template = pod_requests(&spec).map_err(|error| {
            crate::Error::input(
                format!("DaemonSet {id}"),
                crate::t!("simulate-invalid-pod-quantity", detail = error.to_string()),
            )
        })?;
        let mut live: Option<Resources> = None;
        for pod in cluster.pods.iter().filter(|pod| owned_by(pod, daemon_set)) {
            if pod.spec.is_some()
                && let Ok(requests) = pod.requests()
            {
                live = Some(live.map_or_else(
                    || requests.clone().into_owned(),
                    |seen| seen.max_each(&requests),
                ));
            }
        }
        daemons.push(DaemonRequests {
            spec,
            template,
            live,
        });
    }
    Ok(daemons)
}

fn template_spec(daemon_set: &DaemonSet) -> PodSpec {
    daemon_set
        .spec
        .as_ref()
        .and_then(|spec| spec.template.spec.clone())
        .unwrap_or_default()
}

fn owned_by(pod: &ClusterPod, daemon_set: &DaemonSet) -> bool {
    pod.metadata.namespace == daemon_set.metadata.namespace
        && pod.metadata.owner_references.iter().flatten().any(|owner| {
            owner.kind == "DaemonSet" && Some(&owner.name) == daemon_set.metadata.name.as_ref()
        })
}

/// Finds the real allocatable of an instance type: the smallest figure among live
/// nodes of that type, else the caller's, else the model.
fn real_allocatable(
    offer: &InstanceOffer,
    live_by_type: &HashMap<String, (Resources, String)>,
) -> (Resources, AllocatableSource) {
    match (live_by_type.get(&offer.name), &offer.allocatable_real) {
        (Some((allocatable, node)), _) => (
            allocatable.clone(),
            AllocatableSource::LiveNode(node.clone()),
        ),
        (None, Some(given)) => (given.clone(), AllocatableSource::Given),
        (None, None) => (offer.allocatable_model.clone(), AllocatableSource::Model),
    }
}

fn min_each(a: &Resources, b: &Resources) -> Resources {
    let mut extended = BTreeMap::new();
    for (key, value) in &a.extended {
        extended.insert(
            key.clone(),
            (*value).min(b.extended.get(key).copied().unwrap_or(0)),
        );
    }
    Resources {
        cpu_millis: a.cpu_millis.min(b.cpu_millis),
        memory_bytes: a.memory_bytes.min(b.memory_bytes),
        ephemeral_storage_bytes: a.ephemeral_storage_bytes.min(b.ephemeral_storage_bytes),
        pods: a.pods.min(b.pods),
        extended,
    }
}

/// Prepares every NodePool: its offers, DaemonSet overhead per offer and limits.
/// `daemon_sets` replace the cluster's own, as admission returns them.
pub(crate) fn plan_pools(
    cluster: &ClusterState,
    daemon_sets: &[DaemonSet],
    offers: &[InstanceOffer],
    options: &SimulateOptions,
) -> crate::Result<Vec<PoolPlan>> {
    let daemons = daemon_requests(cluster, daemon_sets)?;
    // The smallest allocatable of each instance type among live nodes, and the first
    // such node by position, which reports name.
    let mut live_by_type: HashMap<String, (Resources, String)> = HashMap::new();
    for node in &cluster.nodes {
        let instance_type = node
            .metadata
            .labels
            .as_ref()
            .and_then(|labels| labels.get("node.kubernetes.io/instance-type"));
        if let Some(instance_type) = instance_type {
            let allocatable = super::placement::node_allocatable(node)?;
            live_by_type
                .entry(instance_type.clone())
                .and_modify(|(seen, _)| *seen = min_each(seen, &allocatable))
                .or_insert_with(|| {
                    let name = node.metadata.name.clone().unwrap_or_default();
                    (allocatable.clone(), name)
                });
        }
    }

    let mut plans = Vec::new();
    for pool in order_pools(&cluster.node_pools) {
        let name = pool.metadata.name.clone().unwrap_or_default();
        let base = base_labels(pool, &name);
        let taints = pool.spec.template.spec.taints.clone();

        let mut pool_offers = Vec::new();
        for (index, offer) in offers.iter().enumerate() {
            if !offer_allowed(pool, &offer.labels) {
                continue;
            }
            let labels = Layered {
                top: &offer.labels,
                base: &base,
            };
            let mut overhead_template = Resources::default();
            let mut overhead_real = Resources::default();
            for daemon in daemons
                .iter()
                .filter(|daemon| daemon_runs_on(&daemon.spec, &taints, &labels))
            {
                overhead_template.add(&daemon.template);
                overhead_real.add(daemon.live.as_ref().unwrap_or(&daemon.template));
            }
            let overhead_model = match options.daemonset_overhead {
                DaemonSetOverheadSource::LivePodWhenPresent => overhead_real.clone(),
                DaemonSetOverheadSource::Template => overhead_template,
            };
            let (allocatable_real, real_source) = real_allocatable(offer, &live_by_type);
            pool_offers.push(PoolOffer {
                offer: index,
                overhead_model,
                overhead_real,
                allocatable_real,
                real_source,
            });
        }

        let limits: BTreeMap<String, i64> = pool
            .spec
            .limits
            .iter()
            .map(|(key, quantity)| (key.clone(), amount(key, quantity)))
            .collect();
        let status = pool.status.clone().unwrap_or_default();
        let in_use: BTreeMap<String, i64> = limits
            .keys()
            .map(|key| {
                (
                    key.clone(),
                    status.resources.get(key).map_or(0, |q| amount(key, q)),
                )
            })
            .collect();
        let remaining = limits
            .iter()
            .map(|(key, limit)| (key.clone(), limit - in_use.get(key).copied().unwrap_or(0)))
            .collect();
        plans.push(PoolPlan {
            name,
            weight: pool.spec.weight.unwrap_or(0),
            taints,
            base_labels: base,
            offers: pool_offers,
            limits,
            in_use,
            remaining,
        });
    }
    Ok(plans)
}

impl PoolPlan {
    /// Returns the labels a node of the pool's offer `index` gets: the instance type's
    /// labels over the pool's own.
    pub(crate) fn offer_labels<'a>(
        &'a self,
        index: usize,
        offers: &'a [InstanceOffer],
    ) -> Layered<'a, BTreeMap<String, String>, NodeLabels> {
        Layered {
            top: &offers[self.offers[index].offer].labels,
            base: &self.base_labels,
        }
    }
}

/// The packing state: planned NodeClaims and the shared node list they extend.
pub(crate) struct Provisioner<'a> {
    pub offers: &'a [InstanceOffer],
    pub pools: Vec<PoolPlan>,
    pub claims: Vec<Claim>,
    /// Existing nodes followed by one node per planned NodeClaim.
    pub nodes: Vec<SchedNode<'a>>,
    /// Domain counts over `nodes` for topology spread and inter-pod affinity.
    pub topology: TopologyIndex,
}

impl<'a> Provisioner<'a> {
    /// Places one pod: onto a planned NodeClaim (least pods first), else onto a new one
    /// from the first NodePool that can take it. Returns the claim index or why every
    /// pool refused.
    pub(crate) fn add(
        &mut self,
        pod_index: usize,
        pod: &'a PodView<'a>,
    ) -> Result<usize, Vec<NodePoolRejection>> {
        let prepared = self.topology.prepare(pod, &self.nodes);
        let mut order: Vec<usize> = (0..self.claims.len()).collect();
        order.sort_by_key(|&claim| self.claims[claim].pods.len());
        for claim in order {
            if let Some(candidates) = self.fits_claim(claim, pod, &prepared) {
                self.commit(claim, pod_index, pod, candidates);
                return Ok(claim);
            }
        }

        let mut rejections = Vec::new();
        for pool in 0..self.pools.len() {
            match self.new_claim(pool, pod, &prepared) {
                Ok(candidates) => {
                    let claim = self.open_claim(pool);
                    self.commit(claim, pod_index, pod, candidates);
                    self.charge_limits(claim);
                    return Ok(claim);
                }
                Err(rejection) => rejections.push(rejection),
            }
        }
        Err(rejections)
    }

    /// Returns the claim's candidates that still hold the pod, or None when the pod
    /// cannot join.
    fn fits_claim(
        &self,
        claim: usize,
        pod: &PodView,
        prepared: &PodTopology,
    ) -> Option<Vec<usize>> {
        let claim = &self.claims[claim];
        let pool = &self.pools[claim.pool];
        if matching::first_untolerated(pod_tolerations(pod), &pool.taints).is_some() {
            return None;
        }
        if self
            .topology_rejects(pod, prepared, &self.nodes[claim.node], false)
            .is_some()
        {
            return None;
        }
        let total = claim.total.plus(&pod.requests);
        let candidates: Vec<usize> = claim
            .candidates
            .iter()
            .copied()
            .filter(|&index| self.offer_takes(pool, index, pod, &total))
            .collect();
        (!candidates.is_empty()).then_some(candidates)
    }

    fn offer_takes(&self, pool: &PoolPlan, index: usize, pod: &PodView, total: &Resources) -> bool {
        let pool_offer = &pool.offers[index];
        let offer = &self.offers[pool_offer.offer];
        matching::pod_matches_node_affinity(&pod.spec, &pool.offer_labels(index, self.offers), None)
            && total
                .plus(&pool_offer.overhead_model)
                .fits_in(&offer.allocatable_model)
    }

    /// Runs host-port, topology spread and inter-pod affinity checks for the pod on
    /// `node`, returning the reasons when it is rejected. A `probe` is a fresh node not
    /// yet among `nodes`.
    fn topology_rejects(
        &self,
        pod: &PodView,
        prepared: &PodTopology,
        node: &SchedNode,
        probe: bool,
    ) -> Option<Vec<String>> {
        let checks = filters::node_ports(pod, node)
            .and_then(|()| self.topology.check(prepared, node, probe));
        checks.err().map(|rejection| rejection.reasons)
    }

    /// Checks whether a new NodeClaim of this pool can take the pod, in the order
    /// Karpenter reports: taints, requirements, limits, then fit.
    fn new_claim(
        &mut self,
        pool_index: usize,
        pod: &PodView,
        prepared: &PodTopology,
    ) -> Result<Vec<usize>, NodePoolRejection> {
        let pool = &self.pools[pool_index];
        let name = pool.name.clone();
        let mut reasons = Vec::new();
        let mut karpenter_error: Option<String> = None;

        if let Some(taint) = matching::first_untolerated(pod_tolerations(pod), &pool.taints) {
            karpenter_error = Some(messages::karpenter_untolerated(taint));
            reasons.push(RejectionReason::Taint {
                taint: matching::format_taint(taint),
            });
        }

        if pool.offers.is_empty() {
            karpenter_error
                .get_or_insert_with(|| messages::KARPENTER_REQUIREMENTS_FILTERED.to_string());
            reasons.push(RejectionReason::NoInstanceTypes);
            return Err(rejection(&name, reasons, karpenter_error));
        }
        let compatible: Vec<usize> = (0..pool.offers.len())
            .filter(|&index| {
                matching::pod_matches_node_affinity(
                    &pod.spec,
                    &pool.offer_labels(index, self.offers),
                    None,
                )
            })
            .collect();
        if compatible.is_empty() {
            karpenter_error.get_or_insert_with(|| {
                format!(
                    "{} with nodepool \"{name}\"",
                    messages::KARPENTER_INCOMPATIBLE
                )
            });
            reasons.push(RejectionReason::Requirements);
        }

        if let (Some(limit), Some(remaining)) =
            (pool.limits.get("nodes"), pool.remaining.get("nodes"))
            && *remaining <= 0
        {
            karpenter_error.get_or_insert_with(|| {
                format!("{} (NodePool={name})", messages::KARPENTER_NODE_LIMIT)
            });
            reasons.push(RejectionReason::NodeLimit {
                limit: *limit,
                in_use: limit - remaining,
            });
        }
        // Karpenter drops every type whose capacity exceeds what a limit leaves
        // (`filterByRemainingResources`); the `nodes` key has no capacity figure.
        let within_limits = |index: &usize| {
            let offer = &self.offers[pool.offers[*index].offer];
            pool.remaining
                .iter()
                .filter(|(key, _)| key.as_str() != "nodes")
                .all(|(key, remaining)| capacity_of(offer, key) <= *remaining)
        };
        let all_offers: Vec<usize> = (0..pool.offers.len()).collect();
        if !all_offers.iter().any(within_limits) {
            karpenter_error.get_or_insert_with(|| {
                format!("{} (NodePool={name})", messages::KARPENTER_LIMITS_EXCEEDED)
            });
            reasons.push(RejectionReason::LimitsExceeded {
                remaining: pool.remaining.clone(),
            });
        }
        if !reasons.is_empty() {
            return Err(rejection(&name, reasons, karpenter_error));
        }

        let usable: Vec<usize> = compatible.into_iter().filter(within_limits).collect();
        let total = pod.requests.clone();
        let candidates: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&index| self.offer_takes(pool, index, pod, &total))
            .collect();
        if candidates.is_empty() {
            let closest = self.closest_offer(pool, &usable, &total);
            return Err(rejection(
                &name,
                vec![closest],
                Some(messages::KARPENTER_NO_INSTANCE_TYPE.to_string()),
            ));
        }

        // A fresh node may still break inter-pod rules on labels it shares with others.
        let probe = self.probe_node(pool_index);
        let topology = self.topology_rejects(pod, prepared, &probe, true);
        if let Some(reasons) = topology {
            return Err(rejection(
                &name,
                vec![RejectionReason::Topology {
                    reasons: reasons.clone(),
                }],
                Some(reasons.join(", ")),
            ));
        }
        Ok(candidates)
    }

    /// Picks the type that comes closest to holding the pod: fewest short resources,
    /// then the smallest cpu and memory shortfall, then the lowest price.
    fn closest_offer(
        &self,
        pool: &PoolPlan,
        usable: &[usize],
        total: &Resources,
    ) -> RejectionReason {
        let shortfall_of = |allocatable: &Resources, overhead: &Resources| {
            shortfall(&total.plus(overhead), allocatable)
        };
        let best = usable.iter().copied().min_by_key(|&index| {
            let pool_offer = &pool.offers[index];
            let offer = &self.offers[pool_offer.offer];
            let short = shortfall_of(&offer.allocatable_model, &pool_offer.overhead_model);
            (
                short.names().len(),
                short.cpu_millis + short.memory_bytes / (1024 * 1024),
                offer.price_micros,
            )
        });
        match best {
            Some(index) => {
                let pool_offer = &pool.offers[index];
                let offer = &self.offers[pool_offer.offer];
                let short = shortfall_of(&offer.allocatable_model, &pool_offer.overhead_model);
                let fits_real = total
                    .plus(&pool_offer.overhead_real)
                    .fits_in(&pool_offer.allocatable_real);
                RejectionReason::NoInstanceTypeFits {
                    closest: offer.name.clone(),
                    shortfall: short,
                    fits_real_node: fits_real,
                }
            }
            None => RejectionReason::Requirements,
        }
    }

    fn probe_node(&self, pool: usize) -> SchedNode<'a> {
        let name = format!("{}-{}", self.pools[pool].name, self.claims.len() + 1);
        let mut labels = self.pools[pool].base_labels.clone();
        labels.insert(
            "kubernetes.io/hostname".to_string(),
            LabelValue::Fixed(name.clone()),
        );
        SchedNode::new(
            name,
            labels,
            self.pools[pool].taints.clone(),
            false,
            Resources::default(),
        )
    }

    fn open_claim(&mut self, pool: usize) -> usize {
        let node = self.probe_node(pool);
        let name = node.name.clone();
        self.topology.node_added(&node);
        self.nodes.push(node);
        self.claims.push(Claim {
            name,
            pool,
            pods: Vec::new(),
            total: Resources::default(),
            candidates: Vec::new(),
            node: self.nodes.len() - 1,
        });
        self.claims.len() - 1
    }

    fn commit(
        &mut self,
        claim: usize,
        pod_index: usize,
        pod: &'a PodView<'a>,
        candidates: Vec<usize>,
    ) {
        let claim = &mut self.claims[claim];
        claim.pods.push(pod_index);
        claim.total.add(&pod.requests);
        claim.candidates = candidates;
        let node = claim.node;
        let placed = pod.placed();
        self.topology
            .placed(&self.nodes[node], &placed, pod.required_anti_affinity());
        self.nodes[node].add_pod(&pod.requests, placed);
    }

    /// Subtracts the largest candidate's capacity from every limited resource
    /// (`subtractMax`), and one node from a `nodes` limit.
    // NOTE: Karpenter does not decrement `nodes` within one scheduling round and checks
    // it again at creation, so a large batch may overrun a node limit; this simulation
    // holds the limit instead.
    fn charge_limits(&mut self, claim: usize) {
        let claim = &self.claims[claim];
        let pool = &mut self.pools[claim.pool];
        for (key, remaining) in pool.remaining.iter_mut() {
            if key == "nodes" {
                *remaining -= 1;
                continue;
            }
            let largest = claim
                .candidates
                .iter()
                .map(|&index| capacity_of(&self.offers[pool.offers[index].offer], key))
                .max()
                .unwrap_or(0);
            *remaining -= largest;
        }
    }
}

fn pod_tolerations<'a>(pod: &'a PodView<'_>) -> &'a [k8s_openapi::api::core::v1::Toleration] {
    pod.spec.tolerations.as_deref().unwrap_or_default()
}

/// Returns how much of each resource `need` exceeds `available` by; zero where it fits.
pub(crate) fn shortfall(need: &Resources, available: &Resources) -> Resources {
    let gap = |need: i64, have: i64| (need - have).max(0);
    let mut extended = BTreeMap::new();
    for (key, value) in &need.extended {
        let missing = gap(*value, available.extended.get(key).copied().unwrap_or(0));
        if missing > 0 {
            extended.insert(key.clone(), missing);
        }
    }
    Resources {
        cpu_millis: gap(need.cpu_millis, available.cpu_millis),
        memory_bytes: gap(need.memory_bytes, available.memory_bytes),
        ephemeral_storage_bytes: gap(
            need.ephemeral_storage_bytes,
            available.ephemeral_storage_bytes,
        ),
        pods: gap(need.pods, available.pods),
        extended,
    }
}

fn rejection(
    pool: &str,
    reasons: Vec<RejectionReason>,
    karpenter_error: Option<String>,
) -> NodePoolRejection {
    let explanation = reasons
        .iter()
        .map(|reason| super::explain::rejection(pool, reason))
        .collect::<Vec<_>>()
        .join(" ");
    NodePoolRejection {
        node_pool: pool.to_string(),
        reasons,
        karpenter_error: karpenter_error.unwrap_or_default(),
        explanation,
    }
}
