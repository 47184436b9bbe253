//! PodTopologySpread and InterPodAffinity over counts kept per topology domain, so a
//! candidate node costs a lookup instead of a walk over every other node's pods.
//!
//! kube-scheduler computes the same counts once per pod in the plugins' PreFilter
//! (`plugins/podtopologyspread/filtering.go`, `plugins/interpodaffinity/filtering.go`).
//! Here they are also carried from one pod to the next and updated as pods are placed.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, PodAffinityTerm, PodSpec, Toleration, TopologySpreadConstraint,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};
use rustc_hash::FxHashMap;

use super::filters::{NodeRejection, PlacedPod, PodView, SchedNode};
use super::matching;
use super::messages;

/// Domain counts for every affinity term and spread constraint seen so far.
#[derive(Debug, Default)]
pub(crate) struct TopologyIndex {
    /// Required anti-affinity terms of placed pods, one entry per owner namespace and term.
    repellers: Vec<TermCounts>,
    /// Required affinity and anti-affinity terms of the pods being scheduled.
    terms: Vec<TermCounts>,
    spreads: Vec<SpreadCounts>,
}

/// Placed pods a pod-affinity term selects, by the value of its topology key.
#[derive(Debug)]
struct TermCounts {
    /// The namespace of the pod that owns the term, which an empty namespace list means.
    namespace: String,
    term: PodAffinityTerm,
    /// Matching pods per fixed value of `term.topology_key`.
    domains: FxHashMap<String, u64>,
    /// Matching pods on any node, with or without the key.
    anywhere: u64,
}

/// Pods a spread constraint counts, per domain of the nodes it considers.
#[derive(Debug)]
struct SpreadCounts {
    namespace: String,
    topology_key: String,
    selector: Option<LabelSelector>,
    /// The pod's nodeSelector and node affinity when `nodeAffinityPolicy` honours them.
    node_affinity: Option<PodSpec>,
    /// The pod's tolerations when `nodeTaintsPolicy` honours taints.
    tolerations: Option<Vec<Toleration>>,
    /// Matching pods per domain; every domain of a considered node has an entry.
    domains: FxHashMap<String, i64>,
}

impl SpreadCounts {
    /// Returns true when the constraint counts `node`'s domain (`nodeAffinityPolicy`,
    /// `nodeTaintsPolicy`).
    fn considers(&self, node: &SchedNode) -> bool {
        if let Some(spec) = &self.node_affinity
            && !matching::pod_matches_node_affinity(spec, &node.labels, Some(&node.name))
        {
            return false;
        }
        if let Some(tolerations) = &self.tolerations
            && matching::first_untolerated(tolerations, &node.taints).is_some()
        {
            return false;
        }
        true
    }

    fn counts(&self, pod: &PlacedPod) -> bool {
        pod.namespace == self.namespace
            && self
                .selector
                .as_ref()
                .is_some_and(|selector| matching::selector_matches(selector, pod.labels))
    }
}

/// The index entries one pod reads, found once before its candidate nodes are checked.
#[derive(Debug, Default)]
pub(crate) struct PodTopology {
    spreads: Vec<SpreadCheck>,
    /// Indices into `terms` of the pod's required affinity terms.
    affinity: Vec<AffinityCheck>,
    /// Indices into `terms` of the pod's required anti-affinity terms.
    anti_affinity: Vec<usize>,
    /// Indices into `repellers` of the terms that select this pod.
    repelled_by: Vec<usize>,
}

#[derive(Debug)]
struct SpreadCheck {
    spread: usize,
    max_skew: i64,
    min_domains: Option<usize>,
    /// The smallest count over the considered domains.
    min_match: i64,
    /// 1 when the pod matches its own selector.
    self_match: i64,
}

#[derive(Debug)]
struct AffinityCheck {
    term: usize,
    /// True when the term selects the pod itself, which lets the first pod of a group
    /// go anywhere.
    selects_self: bool,
}

impl PodTopology {
    /// Returns true when no spread constraint or affinity term applies to the pod, so
    /// its labels and namespace play no part in filtering.
    pub(crate) fn is_empty(&self) -> bool {
        self.spreads.is_empty()
            && self.affinity.is_empty()
            && self.anti_affinity.is_empty()
            && self.repelled_by.is_empty()
    }
}

impl TopologyIndex {
    /// Works out the pod's domain counts, building those not seen before from `nodes`.
    pub(crate) fn prepare(&mut self, pod: &PodView, nodes: &[SchedNode]) -> PodTopology {
        let mut prepared = PodTopology::default();
        for constraint in pod
            .spec
            .topology_spread_constraints
            .iter()
            .flatten()
            .filter(|c| c.when_unsatisfiable == "DoNotSchedule")
        {
            let spread = self.spread_for(constraint, pod, nodes);
            let counts = &self.spreads[spread];
            prepared.spreads.push(SpreadCheck {
                spread,
                max_skew: i64::from(constraint.max_skew),
                min_domains: constraint
                    .min_domains
                    .map(|min| usize::try_from(min).unwrap_or(0)),
                min_match: counts.domains.values().copied().min().unwrap_or(0),
                self_match: i64::from(
                    counts
                        .selector
                        .as_ref()
                        .is_some_and(|selector| matching::selector_matches(selector, &pod.labels)),
                ),
            });
        }
        for term in pod.required_affinity() {
            let index = self.term_for(term, &pod.namespace, nodes);
            prepared.affinity.push(AffinityCheck {
                term: index,
                selects_self: term_selects(term, &pod.namespace, &pod.namespace, &pod.labels),
            });
        }
        for term in pod.required_anti_affinity() {
            let index = self.term_for(term, &pod.namespace, nodes);
            prepared.anti_affinity.push(index);
        }
        prepared.repelled_by = (0..self.repellers.len())
            .filter(|&index| {
                let repeller = &self.repellers[index];
                term_selects(
                    &repeller.term,
                    &repeller.namespace,
                    &pod.namespace,
                    &pod.labels,
                )
            })
            .collect();
        prepared
    }

    /// Runs PodTopologySpread then InterPodAffinity for the pod on `node`. A `probe` is
    /// a node not yet in the snapshot: its domain counts for spreading as an empty one.
    pub(crate) fn check(
        &self,
        prepared: &PodTopology,
        node: &SchedNode,
        probe: bool,
    ) -> Result<(), NodeRejection> {
        self.pod_topology_spread(prepared, node, probe)?;
        self.inter_pod_affinity(prepared, node)
    }

    /// Counts `pod`, just bound to `node`, in every term and constraint it matches;
    /// `anti_affinity` is the pod's required anti-affinity.
    pub(crate) fn placed(
        &mut self,
        node: &SchedNode,
        pod: &PlacedPod,
        anti_affinity: &[PodAffinityTerm],
    ) {
        for counts in &mut self.terms {
            if term_selects(&counts.term, &counts.namespace, pod.namespace, pod.labels) {
                counts.anywhere += 1;
                if let Some(value) = fixed_value(node, &counts.term.topology_key) {
                    *counts.domains.entry(value.to_string()).or_insert(0) += 1;
                }
            }
        }
        for spread in &mut self.spreads {
            if spread.counts(pod)
                && spread.considers(node)
                && let Some(value) = fixed_value(node, &spread.topology_key)
            {
                *spread.domains.entry(value.to_string()).or_insert(0) += 1;
            }
        }
        for term in anti_affinity {
            self.add_repeller(node, pod.namespace, term);
        }
    }

    /// Adds the domain of a node that joined the snapshot (a planned NodeClaim).
    pub(crate) fn node_added(&mut self, node: &SchedNode) {
        for spread in &mut self.spreads {
            if spread.considers(node)
                && let Some(value) = fixed_value(node, &spread.topology_key)
            {
                spread.domains.entry(value.to_string()).or_insert(0);
            }
        }
    }

    fn add_repeller(&mut self, node: &SchedNode, namespace: &str, term: &PodAffinityTerm) {
        let index = match self
            .repellers
            .iter()
            .position(|counts| counts.namespace == namespace && counts.term == *term)
        {
            Some(index) => index,
            None => {
                self.repellers.push(TermCounts {
                    namespace: namespace.to_string(),
                    term: term.clone(),
                    domains: FxHashMap::default(),
                    anywhere: 0,
                });
                self.repellers.len() - 1
            }
        };
        let counts = &mut self.repellers[index];
        counts.anywhere += 1;
        if let Some(value) = fixed_value(node, &term.topology_key) {
            *counts.domains.entry(value.to_string()).or_insert(0) += 1;
        }
    }

    fn term_for(&mut self, term: &PodAffinityTerm, namespace: &str, nodes: &[SchedNode]) -> usize {
        if let Some(found) = self
            .terms
            .iter()
            .position(|counts| counts.namespace == namespace && counts.term == *term)
        {
            return found;
        }
        let mut counts = TermCounts {
            namespace: namespace.to_string(),
            term: term.clone(),
            domains: FxHashMap::default(),
            anywhere: 0,
        };
        for node in nodes {
            let matching = node
                .pods
                .iter()
                .filter(|placed| term_selects(term, namespace, placed.namespace, placed.labels))
                .count() as u64;
            if matching == 0 {
                continue;
            }
            counts.anywhere += matching;
            if let Some(value) = fixed_value(node, &term.topology_key) {
                *counts.domains.entry(value.to_string()).or_insert(0) += matching;
            }
        }
        self.terms.push(counts);
        self.terms.len() - 1
    }

    fn spread_for(
        &mut self,
        constraint: &TopologySpreadConstraint,
        pod: &PodView,
        nodes: &[SchedNode],
    ) -> usize {
        let selector = spread_selector(constraint, pod);
        let node_affinity =
            (constraint.node_affinity_policy.as_deref() != Some("Ignore")).then(|| PodSpec {
                node_selector: pod.spec.node_selector.clone(),
                affinity: pod
                    .spec
                    .affinity
                    .as_ref()
                    .and_then(|affinity| affinity.node_affinity.clone())
                    .map(|node_affinity| Affinity {
                        node_affinity: Some(node_affinity),
                        ..Affinity::default()
                    }),
                ..PodSpec::default()
            });
        let tolerations = (constraint.node_taints_policy.as_deref() == Some("Honor"))
            .then(|| pod.spec.tolerations.clone().unwrap_or_default());
        if let Some(found) = self.spreads.iter().position(|spread| {
            spread.namespace == pod.namespace
                && spread.topology_key == constraint.topology_key
                && spread.selector == selector
                && spread.node_affinity == node_affinity
                && spread.tolerations == tolerations
        }) {
            return found;
        }
        let mut spread = SpreadCounts {
            namespace: pod.namespace.clone(),
            topology_key: constraint.topology_key.clone(),
            selector,
            node_affinity,
            tolerations,
            domains: FxHashMap::default(),
        };
        // NOTE: kube-scheduler counts a node for no constraint unless it has the keys of
        // all the pod's DoNotSchedule constraints (`nodeLabelsMatchSpreadConstraints`).
        // Here a node counts for every constraint whose key it has.
        for node in nodes {
            let Some(value) = fixed_value(node, &spread.topology_key) else {
                continue;
            };
            if !spread.considers(node) {
                continue;
            }
            let matching = node
                .pods
                .iter()
                .filter(|placed| spread.counts(placed))
                .count();
            *spread.domains.entry(value.to_string()).or_insert(0) +=
                i64::try_from(matching).unwrap_or(i64::MAX);
        }
        self.spreads.push(spread);
        self.spreads.len() - 1
    }

    /// PodTopologySpread's filter for `DoNotSchedule` constraints: skew = matching pods
    /// in the node's domain + 1 if the pod matches itself − the minimum over the
    /// considered domains, which is 0 while fewer than `minDomains` domains exist.
    fn pod_topology_spread(
        &self,
        prepared: &PodTopology,
        node: &SchedNode,
        probe: bool,
    ) -> Result<(), NodeRejection> {
        for check in &prepared.spreads {
            let spread = &self.spreads[check.spread];
            let Some(value) = node.labels.get(&spread.topology_key) else {
                return Err(NodeRejection::unresolvable(
                    messages::TOPOLOGY_SPREAD_MISSING_LABEL,
                ));
            };
            // NOTE: a planned node whose domain is not fixed yet (a zone Karpenter chooses)
            // is assumed to land in a domain that satisfies the constraint.
            let Some(domain) = value.fixed() else {
                continue;
            };
            let mut min_match = check.min_match;
            let mut domain_count = spread.domains.len();
            if probe && !spread.domains.contains_key(domain) && spread.considers(node) {
                min_match = 0;
                domain_count += 1;
            }
            if check.min_domains.is_some_and(|min| domain_count < min) {
                min_match = 0;
            }
            let in_domain = spread.domains.get(domain).copied().unwrap_or(0);
            if in_domain + check.self_match - min_match > check.max_skew {
                return Err(NodeRejection::resolvable(vec![
                    messages::TOPOLOGY_SPREAD.to_string(),
                ]));
            }
        }
        Ok(())
    }

    /// InterPodAffinity's filter in its order: the pod's required affinity, its required
    /// anti-affinity, then placed pods' required anti-affinity.
    fn inter_pod_affinity(
        &self,
        prepared: &PodTopology,
        node: &SchedNode,
    ) -> Result<(), NodeRejection> {
        // NOTE: kube-scheduler counts only pods that match all the required affinity
        // terms, on nodes that have the term's key, and applies the first-pod rule to
        // all terms at once (`satisfyPodAffinity`). Here each term counts its own
        // matches on every node.
        for check in &prepared.affinity {
            let counts = &self.terms[check.term];
            let key = &counts.term.topology_key;
            let satisfied = in_domain(&counts.domains, node, key);
            // The first pod of a group that selects itself may go anywhere with the key,
            // or no such pod could ever be scheduled.
            let bootstrap =
                counts.anywhere == 0 && check.selects_self && node.labels.contains_key(key);
            if !satisfied && !bootstrap {
                return Err(NodeRejection::unresolvable(messages::AFFINITY));
            }
        }
        let repels_placed = prepared.anti_affinity.iter().any(|&term| {
            let counts = &self.terms[term];
            in_domain(&counts.domains, node, &counts.term.topology_key)
        });
        if repels_placed {
            return Err(NodeRejection::resolvable(vec![
                messages::ANTI_AFFINITY.to_string(),
            ]));
        }
        let placed_repel = prepared.repelled_by.iter().any(|&repeller| {
            let counts = &self.repellers[repeller];
            in_domain(&counts.domains, node, &counts.term.topology_key)
        });
        if placed_repel {
            return Err(NodeRejection::resolvable(vec![
                messages::EXISTING_ANTI_AFFINITY.to_string(),
            ]));
        }
        Ok(())
    }
}

/// Returns true when a placed pod counted in `domains` shares `node`'s fixed value of `key`.
fn in_domain(domains: &FxHashMap<String, u64>, node: &SchedNode, key: &str) -> bool {
    fixed_value(node, key).is_some_and(|value| domains.get(value).is_some_and(|count| *count > 0))
}

fn fixed_value<'a>(node: &'a SchedNode, key: &str) -> Option<&'a str> {
    node.labels.get(key).and_then(|value| value.fixed())
}

/// Returns true when a pod-affinity term owned by a pod in `owner_namespace` selects a
/// pod in `namespace` with `labels`: same namespace set and a matching label selector.
/// An absent selector selects nothing.
fn term_selects(
    term: &PodAffinityTerm,
    owner_namespace: &str,
    namespace: &str,
    labels: &BTreeMap<String, String>,
) -> bool {
    let namespaces = term.namespaces.as_deref().unwrap_or_default();
    let all_namespaces = term.namespace_selector.as_ref().is_some_and(|selector| {
        selector
            .match_labels
            .as_ref()
            .is_none_or(BTreeMap::is_empty)
            && selector
                .match_expressions
                .as_ref()
                .is_none_or(Vec::is_empty)
    });
    // NOTE: a non-empty namespaceSelector needs namespace labels, which the cluster
    // state does not carry; such terms are evaluated for the listed and own namespace only.
    let in_namespace = all_namespaces
        || namespaces.iter().any(|listed| listed == namespace)
        || (namespaces.is_empty() && namespace == owner_namespace);
    in_namespace
        && term
            .label_selector
            .as_ref()
            .is_some_and(|selector| matching::selector_matches(selector, labels))
}

/// Builds the selector a topology spread constraint counts with: its `labelSelector` plus
/// the pod's own values for `matchLabelKeys`.
fn spread_selector(constraint: &TopologySpreadConstraint, pod: &PodView) -> Option<LabelSelector> {
    let mut selector = constraint.label_selector.clone()?;
    for key in constraint.match_label_keys.iter().flatten() {
        if let Some(value) = pod.labels.get(key) {
            selector
                .match_expressions
                .get_or_insert_with(Vec::new)
                .push(LabelSelectorRequirement {
                    key: key.clone(),
                    operator: "In".to_string(),
                    values: Some(vec![value.clone()]),
                });
        }
    }
    Some(selector)
}
