//! Differential tests of the topology index against the scan over every node's pods
//! that it replaced, and of the fast dynamic-filter check against the full one.

use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodAffinity,
    PodAffinityTerm, PodAntiAffinity, PodSpec, Taint, Toleration, TopologySpreadConstraint,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use super::TaintReasonForm;
use super::filters::{self, NodeRejection, PlacedPod, PodView, SchedNode};
use super::matching::{self, LabelValue, NodeLabels};
use super::messages;
use super::topology::TopologyIndex;
use crate::quantity::Resources;

const ZONE: &str = "topology.kubernetes.io/zone";
const HOSTNAME: &str = "kubernetes.io/hostname";
const ZONES: [&str; 3] = ["zone-a", "zone-b", "zone-c"];

// ---------------------------------------------------------------------------------
// Reference: the scan-based filters as they were before the index (commit 08ff1eb,
// `pod_topology_spread`, `inter_pod_affinity`, `term_selects`, `same_domain` and
// `spread_selector` in filters.rs), on plain data instead of `SchedNode`s.
// ---------------------------------------------------------------------------------

/// A pod already on a node, reduced to what other pods' topology rules read.
#[derive(Debug, Clone)]
struct ReferencePod {
    namespace: String,
    labels: BTreeMap<String, String>,
    anti_affinity: Vec<PodAffinityTerm>,
}

#[derive(Debug, Clone)]
struct ReferenceNode {
    name: String,
    labels: NodeLabels,
    taints: Vec<Taint>,
    pods: Vec<ReferencePod>,
}

impl ReferenceNode {
    fn of(node: &SchedNode) -> ReferenceNode {
        ReferenceNode {
            name: node.name.clone(),
            labels: node.labels.clone(),
            taints: node.taints.clone(),
            pods: Vec::new(),
        }
    }
}

/// The pod being scheduled.
#[derive(Debug, Clone)]
struct IncomingPod {
    namespace: String,
    labels: BTreeMap<String, String>,
    spec: PodSpec,
}

impl IncomingPod {
    fn tolerations(&self) -> &[Toleration] {
        self.spec.tolerations.as_deref().unwrap_or_default()
    }
}

/// Runs the reference PodTopologySpread then InterPodAffinity for `pod` on `nodes[index]`.
fn reference_check(
    pod: &IncomingPod,
    nodes: &[ReferenceNode],
    index: usize,
) -> Result<(), NodeRejection> {
    reference_spread(pod, nodes, index)?;
    reference_affinity(pod, nodes, index)
}

fn reference_spread_selector(
    constraint: &TopologySpreadConstraint,
    pod: &IncomingPod,
) -> Option<LabelSelector> {
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

fn reference_spread(
    pod: &IncomingPod,
    nodes: &[ReferenceNode],
    index: usize,
) -> Result<(), NodeRejection> {
    let node = &nodes[index];
    let constraints = pod
        .spec
        .topology_spread_constraints
        .as_deref()
        .unwrap_or_default();
    for constraint in constraints
        .iter()
        .filter(|c| c.when_unsatisfiable == "DoNotSchedule")
    {
        let key = &constraint.topology_key;
        let Some(domain) = node.labels.get(key) else {
            return Err(NodeRejection::unresolvable(
                messages::TOPOLOGY_SPREAD_MISSING_LABEL,
            ));
        };
        let Some(domain) = domain.fixed() else {
            continue;
        };
        let selector = reference_spread_selector(constraint, pod);
        let honor_affinity = constraint.node_affinity_policy.as_deref() != Some("Ignore");
        let honor_taints = constraint.node_taints_policy.as_deref() == Some("Honor");

        let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
        for other in nodes {
            let Some(other_domain) = other.labels.get(key).and_then(|value| value.fixed()) else {
                continue;
            };
            if honor_affinity
                && !matching::pod_matches_node_affinity(&pod.spec, &other.labels, Some(&other.name))
            {
                continue;
            }
            if honor_taints
                && matching::first_untolerated(pod.tolerations(), &other.taints).is_some()
            {
                continue;
            }
            let matching_pods = other
                .pods
                .iter()
                .filter(|placed| placed.namespace == pod.namespace)
                .filter(|placed| {
                    selector.as_ref().is_some_and(|selector| {
                        matching::selector_matches(selector, &placed.labels)
                    })
                })
                .count();
            *counts.entry(other_domain).or_insert(0) += i64::try_from(matching_pods).unwrap();
        }

        let mut min_match = counts.values().copied().min().unwrap_or(0);
        if let Some(min_domains) = constraint.min_domains
            && counts.len() < usize::try_from(min_domains).unwrap_or(0)
        {
            min_match = 0;
        }
        let self_match = selector
            .as_ref()
            .is_some_and(|selector| matching::selector_matches(selector, &pod.labels));
        let skew = counts.get(domain).copied().unwrap_or(0) + i64::from(self_match) - min_match;
        if skew > i64::from(constraint.max_skew) {
            return Err(NodeRejection::resolvable(vec![
                messages::TOPOLOGY_SPREAD.to_string(),
            ]));
        }
    }
    Ok(())
}

/// Returns true when a term owned by a pod in `owner_namespace` selects the target
/// pod, as the old `term_selects` did with `PodView`s.
fn reference_term_selects(
    term: &PodAffinityTerm,
    owner_namespace: &str,
    target_namespace: &str,
    target_labels: &BTreeMap<String, String>,
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
    let in_namespace = all_namespaces
        || namespaces.iter().any(|listed| listed == target_namespace)
        || (namespaces.is_empty() && target_namespace == owner_namespace);
    in_namespace
        && term
            .label_selector
            .as_ref()
            .is_some_and(|selector| matching::selector_matches(selector, target_labels))
}

fn reference_same_domain(a: &ReferenceNode, b: &ReferenceNode, key: &str) -> bool {
    match (
        a.labels.get(key).and_then(|v| v.fixed()),
        b.labels.get(key).and_then(|v| v.fixed()),
    ) {
        (Some(left), Some(right)) => left == right,
        _ => false,
    }
}

/// Runs the old `inter_pod_affinity`. It scans every node for existing pods'
/// anti-affinity, where the old code read only the nodes it listed as having such pods.
fn reference_affinity(
    pod: &IncomingPod,
    nodes: &[ReferenceNode],
    index: usize,
) -> Result<(), NodeRejection> {
    let node = &nodes[index];
    let selects = |term: &PodAffinityTerm, placed: &ReferencePod| {
        reference_term_selects(term, &pod.namespace, &placed.namespace, &placed.labels)
    };

    for term in required_affinity(&pod.spec) {
        let satisfied = nodes.iter().any(|other| {
            reference_same_domain(node, other, &term.topology_key)
                && other.pods.iter().any(|placed| selects(term, placed))
        });
        let no_match_anywhere = !nodes
            .iter()
            .any(|other| other.pods.iter().any(|placed| selects(term, placed)));
        let bootstrap = no_match_anywhere
            && reference_term_selects(term, &pod.namespace, &pod.namespace, &pod.labels)
            && node.labels.contains_key(&term.topology_key);
        if !satisfied && !bootstrap {
            return Err(NodeRejection::unresolvable(messages::AFFINITY));
        }
    }

    let repels_existing = required_anti_affinity(&pod.spec).iter().any(|term| {
        nodes.iter().any(|other| {
            reference_same_domain(node, other, &term.topology_key)
                && other.pods.iter().any(|placed| selects(term, placed))
        })
    });
    if repels_existing {
        return Err(NodeRejection::resolvable(vec![
            messages::ANTI_AFFINITY.to_string(),
        ]));
    }

    let existing_repels = nodes.iter().any(|other| {
        other.pods.iter().any(|placed| {
            placed.anti_affinity.iter().any(|term| {
                reference_term_selects(term, &placed.namespace, &pod.namespace, &pod.labels)
                    && reference_same_domain(node, other, &term.topology_key)
            })
        })
    });
    if existing_repels {
        return Err(NodeRejection::resolvable(vec![
            messages::EXISTING_ANTI_AFFINITY.to_string(),
        ]));
    }
    Ok(())
}

fn required_affinity(spec: &PodSpec) -> &[PodAffinityTerm] {
    spec.affinity
        .as_ref()
        .and_then(|affinity| affinity.pod_affinity.as_ref())
        .and_then(|affinity| {
            affinity
                .required_during_scheduling_ignored_during_execution
                .as_deref()
        })
        .unwrap_or_default()
}

fn required_anti_affinity(spec: &PodSpec) -> &[PodAffinityTerm] {
    spec.affinity
        .as_ref()
        .and_then(|affinity| affinity.pod_anti_affinity.as_ref())
        .and_then(|anti| {
            anti.required_during_scheduling_ignored_during_execution
                .as_deref()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------
// Building the simulation's own values.
// ---------------------------------------------------------------------------------

fn pod_view<'a>(
    spec: &'a PodSpec,
    labels: BTreeMap<String, String>,
    namespace: &str,
    name: &str,
) -> PodView<'a> {
    PodView {
        id: format!("{namespace}/{name}"),
        namespace: namespace.to_string(),
        labels,
        spec: Cow::Borrowed(spec),
        requests: Resources {
            pods: 1,
            ..Resources::default()
        },
        priority: 0,
    }
}

fn string_map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

fn taint(key: &str, value: &str, effect: &str) -> Taint {
    Taint {
        key: key.to_string(),
        value: Some(value.to_string()),
        effect: effect.to_string(),
        time_added: None,
    }
}

/// The zone label of a generated node: absent, known, or not yet chosen by Karpenter.
#[derive(Debug, Clone)]
enum ZoneLabel {
    Missing,
    Fixed(usize),
    Any,
    OneOf(Vec<usize>),
}

#[derive(Debug, Clone)]
struct NodeRecipe {
    zone: ZoneLabel,
    /// A `disk` label for nodeSelector and node affinity to match.
    disk: Option<&'static str>,
    /// Whether the node has the `dedicated=load:NoSchedule` taint.
    tainted: bool,
}

impl NodeRecipe {
    fn build<'a>(&self, name: String, zone_count: usize) -> SchedNode<'a> {
        let zone = |index: usize| ZONES[index % zone_count].to_string();
        let mut labels = NodeLabels::new();
        labels.insert(HOSTNAME.to_string(), LabelValue::Fixed(name.clone()));
        match &self.zone {
            ZoneLabel::Missing => {}
            ZoneLabel::Fixed(index) => {
                labels.insert(ZONE.to_string(), LabelValue::Fixed(zone(*index)));
            }
            ZoneLabel::Any => {
                labels.insert(ZONE.to_string(), LabelValue::Any);
            }
            ZoneLabel::OneOf(indices) => {
                let mut values: Vec<String> = indices.iter().map(|index| zone(*index)).collect();
                values.dedup();
                labels.insert(ZONE.to_string(), LabelValue::OneOf(values));
            }
        }
        if let Some(disk) = self.disk {
            labels.insert("disk".to_string(), LabelValue::Fixed(disk.to_string()));
        }
        let taints = if self.tainted {
            vec![taint("dedicated", "load", "NoSchedule")]
        } else {
            Vec::new()
        };
        SchedNode::new(name, labels, taints, false, Resources::default())
    }
}

#[derive(Debug, Clone)]
struct ExistingPod {
    /// Index of the node, taken modulo the node count.
    node: usize,
    namespace: String,
    labels: BTreeMap<String, String>,
    spec: PodSpec,
}

/// How a pod reuses an earlier pod's spec, so the index's cached counts are shared.
#[derive(Debug, Clone)]
enum Reuse {
    /// The same namespace, labels and spec, as replicas of one workload have.
    Replica,
    /// The same spread constraints and pod affinity terms with the pod's own
    /// namespace, labels, nodeSelector, node affinity and tolerations.
    SameRules,
}

#[derive(Debug, Clone)]
struct Step {
    pod: IncomingPod,
    /// An earlier pod (index modulo the step number) whose spec this pod reuses.
    reuse: Option<(usize, Reuse)>,
    probe: NodeRecipe,
    /// A node that joins before this pod is scheduled.
    added_node: Option<NodeRecipe>,
}

#[derive(Debug, Clone)]
struct Scenario {
    zone_count: usize,
    nodes: Vec<NodeRecipe>,
    existing: Vec<ExistingPod>,
    steps: Vec<Step>,
}

// ---------------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------------

fn namespace_strategy() -> impl Strategy<Value = String> {
    select(vec!["ns1", "ns2"]).prop_map(String::from)
}

fn pod_labels_strategy() -> impl Strategy<Value = BTreeMap<String, String>> {
    (
        prop::option::weighted(0.8, select(vec!["a", "b", "c"])),
        prop::option::weighted(0.5, select(vec!["x", "y"])),
    )
        .prop_map(|(app, tier)| {
            let mut labels = BTreeMap::new();
            if let Some(app) = app {
                labels.insert("app".to_string(), app.to_string());
            }
            if let Some(tier) = tier {
                labels.insert("tier".to_string(), tier.to_string());
            }
            labels
        })
}

fn requirement_strategy() -> impl Strategy<Value = LabelSelectorRequirement> {
    (
        select(vec!["app", "tier"]),
        select(vec!["In", "NotIn", "Exists", "DoesNotExist"]),
        subsequence(vec!["a", "b", "c", "x", "y"], 1..=2),
    )
        .prop_map(|(key, operator, values)| LabelSelectorRequirement {
            key: key.to_string(),
            operator: operator.to_string(),
            values: matches!(operator, "In" | "NotIn")
                .then(|| values.into_iter().map(String::from).collect()),
        })
}

/// Label selectors over `app` and `tier`, the empty one (which selects every pod)
/// included.
fn selector_strategy() -> impl Strategy<Value = LabelSelector> {
    (
        prop::option::weighted(0.7, pod_labels_strategy()),
        prop::collection::vec(requirement_strategy(), 0..=1),
    )
        .prop_map(|(match_labels, expressions)| LabelSelector {
            match_labels,
            match_expressions: (!expressions.is_empty()).then_some(expressions),
        })
}

fn topology_key_strategy() -> impl Strategy<Value = String> {
    select(vec![ZONE, HOSTNAME]).prop_map(String::from)
}

fn affinity_term_strategy() -> impl Strategy<Value = PodAffinityTerm> {
    let namespaces = prop_oneof![
        6 => Just(None),
        1 => Just(Some(Vec::new())),
        1 => Just(Some(vec!["ns1".to_string()])),
        1 => Just(Some(vec!["ns2".to_string()])),
        1 => Just(Some(vec!["ns1".to_string(), "ns2".to_string()])),
    ];
    let namespace_selector = prop_oneof![
        6 => Just(None),
        2 => Just(Some(LabelSelector::default())),
        1 => Just(Some(LabelSelector {
            match_labels: Some(string_map(&[("team", "load")])),
            ..LabelSelector::default()
        })),
    ];
    (
        topology_key_strategy(),
        prop::option::weighted(0.9, selector_strategy()),
        namespaces,
        namespace_selector,
    )
        .prop_map(
            |(topology_key, label_selector, namespaces, namespace_selector)| PodAffinityTerm {
                topology_key,
                label_selector,
                namespaces,
                namespace_selector,
                ..PodAffinityTerm::default()
            },
        )
}

fn terms_strategy(weight: u32) -> impl Strategy<Value = Vec<PodAffinityTerm>> {
    prop_oneof![
        weight => Just(Vec::new()),
        1 => prop::collection::vec(affinity_term_strategy(), 1..=2),
    ]
}

fn policy_strategy() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        1 => Just(Some("Honor".to_string())),
        1 => Just(Some("Ignore".to_string())),
    ]
}

fn spread_strategy() -> impl Strategy<Value = TopologySpreadConstraint> {
    let match_label_keys = prop::option::weighted(
        0.3,
        prop_oneof![
            Just(vec!["app".to_string()]),
            Just(vec!["tier".to_string()]),
            Just(vec!["app".to_string(), "tier".to_string()]),
        ],
    );
    let when_unsatisfiable = prop_oneof![
        4 => Just("DoNotSchedule".to_string()),
        1 => Just("ScheduleAnyway".to_string()),
    ];
    (
        1..=2i32,
        topology_key_strategy(),
        prop::option::weighted(0.9, selector_strategy()),
        prop::option::weighted(0.3, 1..=4i32),
        match_label_keys,
        policy_strategy(),
        policy_strategy(),
        when_unsatisfiable,
    )
        .prop_map(
            |(
                max_skew,
                topology_key,
                label_selector,
                min_domains,
                match_label_keys,
                node_affinity_policy,
                node_taints_policy,
                when_unsatisfiable,
            )| TopologySpreadConstraint {
                max_skew,
                topology_key,
                label_selector,
                min_domains,
                match_label_keys,
                node_affinity_policy,
                node_taints_policy,
                when_unsatisfiable,
            },
        )
}

fn node_selector_strategy() -> impl Strategy<Value = Option<BTreeMap<String, String>>> {
    prop_oneof![
        4 => Just(None),
        1 => Just(Some(string_map(&[("disk", "ssd")]))),
        1 => Just(Some(string_map(&[(ZONE, "zone-a")]))),
    ]
}

/// Required node affinity on the zone label, which the `Any` and `OneOf` zones of
/// planned nodes match differently from fixed ones.
fn node_affinity_strategy() -> impl Strategy<Value = Option<NodeAffinity>> {
    prop::option::weighted(
        0.2,
        (
            select(vec!["In", "NotIn"]),
            subsequence(ZONES.to_vec(), 1..=2),
        )
            .prop_map(|(operator, zones)| NodeAffinity {
                required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_expressions: Some(vec![NodeSelectorRequirement {
                            key: ZONE.to_string(),
                            operator: operator.to_string(),
                            values: Some(zones.into_iter().map(String::from).collect()),
                        }]),
                        match_fields: None,
                    }],
                }),
                ..NodeAffinity::default()
            }),
    )
}

fn tolerations_strategy() -> impl Strategy<Value = Option<Vec<Toleration>>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some(vec![Toleration {
            key: Some("dedicated".to_string()),
            operator: Some("Equal".to_string()),
            value: Some("load".to_string()),
            effect: Some("NoSchedule".to_string()),
            ..Toleration::default()
        }])),
        1 => Just(Some(vec![Toleration {
            operator: Some("Exists".to_string()),
            ..Toleration::default()
        }])),
    ]
}

fn incoming_pod_strategy() -> impl Strategy<Value = IncomingPod> {
    (
        namespace_strategy(),
        pod_labels_strategy(),
        prop::collection::vec(spread_strategy(), 0..=2),
        terms_strategy(3),
        terms_strategy(3),
        node_selector_strategy(),
        node_affinity_strategy(),
        tolerations_strategy(),
        prop::collection::vec(prop::bool::ANY, 6),
    )
        .prop_map(
            |(
                namespace,
                labels,
                mut spreads,
                mut affinity,
                mut anti_affinity,
                node_selector,
                node,
                tolerations,
                select_own,
            )| {
                // Most real workloads spread and (anti-)affine against their own labels.
                for (constraint, own) in spreads.iter_mut().zip(&select_own[0..2]) {
                    select_own_labels(&mut constraint.label_selector, *own, &labels);
                }
                for (term, own) in affinity.iter_mut().zip(&select_own[2..4]) {
                    select_own_labels(&mut term.label_selector, *own, &labels);
                }
                for (term, own) in anti_affinity.iter_mut().zip(&select_own[4..6]) {
                    select_own_labels(&mut term.label_selector, *own, &labels);
                }
                let pod_affinity = (!affinity.is_empty()).then(|| PodAffinity {
                    required_during_scheduling_ignored_during_execution: Some(affinity),
                    ..PodAffinity::default()
                });
                let pod_anti_affinity = (!anti_affinity.is_empty()).then(|| PodAntiAffinity {
                    required_during_scheduling_ignored_during_execution: Some(anti_affinity),
                    ..PodAntiAffinity::default()
                });
                let affinity =
                    (pod_affinity.is_some() || pod_anti_affinity.is_some() || node.is_some())
                        .then_some(Affinity {
                            node_affinity: node,
                            pod_affinity,
                            pod_anti_affinity,
                        });
                IncomingPod {
                    namespace,
                    labels,
                    spec: PodSpec {
                        topology_spread_constraints: (!spreads.is_empty()).then_some(spreads),
                        affinity,
                        node_selector,
                        tolerations,
                        ..PodSpec::default()
                    },
                }
            },
        )
}

fn node_recipe_strategy() -> impl Strategy<Value = NodeRecipe> {
    let zone = prop_oneof![
        2 => Just(ZoneLabel::Missing),
        7 => (0..3usize).prop_map(ZoneLabel::Fixed),
        2 => Just(ZoneLabel::Any),
        1 => subsequence(vec![0usize, 1, 2], 1..=2).prop_map(ZoneLabel::OneOf),
    ];
    (
        zone,
        prop::option::weighted(0.5, select(vec!["ssd", "hdd"])),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(zone, disk, tainted)| NodeRecipe {
            zone,
            disk,
            tainted,
        })
}

fn existing_pod_strategy() -> impl Strategy<Value = ExistingPod> {
    (
        0..8usize,
        namespace_strategy(),
        pod_labels_strategy(),
        terms_strategy(2),
        prop::collection::vec(prop::bool::ANY, 2),
    )
        .prop_map(|(node, namespace, labels, mut anti_affinity, select_own)| {
            for (term, own) in anti_affinity.iter_mut().zip(&select_own) {
                select_own_labels(&mut term.label_selector, *own, &labels);
            }
            ExistingPod {
                node,
                namespace,
                labels,
                spec: PodSpec {
                    affinity: (!anti_affinity.is_empty()).then(|| Affinity {
                        pod_anti_affinity: Some(PodAntiAffinity {
                            required_during_scheduling_ignored_during_execution: Some(
                                anti_affinity,
                            ),
                            ..PodAntiAffinity::default()
                        }),
                        ..Affinity::default()
                    }),
                    ..PodSpec::default()
                },
            }
        })
}

/// Replaces a present selector with one for exactly `labels` when `own` is set.
fn select_own_labels(
    selector: &mut Option<LabelSelector>,
    own: bool,
    labels: &BTreeMap<String, String>,
) {
    if own && selector.is_some() {
        *selector = Some(LabelSelector {
            match_labels: Some(labels.clone()),
            match_expressions: None,
        });
    }
}

fn step_strategy() -> impl Strategy<Value = Step> {
    (
        incoming_pod_strategy(),
        prop::option::weighted(
            0.5,
            (
                0..10usize,
                prop_oneof![Just(Reuse::Replica), Just(Reuse::SameRules)],
            ),
        ),
        node_recipe_strategy(),
        prop::option::weighted(0.25, node_recipe_strategy()),
    )
        .prop_map(|(pod, reuse, probe, added_node)| Step {
            pod,
            reuse,
            probe,
            added_node,
        })
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        2..=3usize,
        prop::collection::vec(node_recipe_strategy(), 1..=8),
        prop::collection::vec(existing_pod_strategy(), 0..=20),
        prop::collection::vec(step_strategy(), 1..=10),
    )
        .prop_map(|(zone_count, nodes, existing, steps)| Scenario {
            zone_count,
            nodes,
            existing,
            steps,
        })
}

// ---------------------------------------------------------------------------------
// The differential run.
// ---------------------------------------------------------------------------------

/// Resolves each step's `reuse` into the pod it schedules.
fn incoming_pods(steps: &[Step]) -> Vec<IncomingPod> {
    let mut pods: Vec<IncomingPod> = Vec::with_capacity(steps.len());
    for (number, step) in steps.iter().enumerate() {
        let pod = match &step.reuse {
            Some((earlier, Reuse::Replica)) if number > 0 => pods[earlier % number].clone(),
            Some((earlier, Reuse::SameRules)) if number > 0 => {
                let earlier = &pods[earlier % number].spec;
                let mut pod = step.pod.clone();
                pod.spec.topology_spread_constraints = earlier.topology_spread_constraints.clone();
                let node_affinity = pod
                    .spec
                    .affinity
                    .as_ref()
                    .and_then(|affinity| affinity.node_affinity.clone());
                let affinity = Affinity {
                    node_affinity,
                    ..earlier.affinity.clone().unwrap_or_default()
                };
                pod.spec.affinity = (affinity != Affinity::default()).then_some(affinity);
                pod
            }
            _ => step.pod.clone(),
        };
        pods.push(pod);
    }
    pods
}

/// Schedules the scenario's pods one by one with the index and the reference side by
/// side, as placement.rs and karpenter.rs drive the index, and fails on the first
/// verdict that differs.
fn run_scenario(scenario: &Scenario) -> Result<(), TestCaseError> {
    let incoming = incoming_pods(&scenario.steps);
    let views: Vec<PodView> = incoming
        .iter()
        .enumerate()
        .map(|(number, pod)| {
            pod_view(
                &pod.spec,
                pod.labels.clone(),
                &pod.namespace,
                &format!("pod-{number}"),
            )
        })
        .collect();

    let mut nodes: Vec<SchedNode> = scenario
        .nodes
        .iter()
        .enumerate()
        .map(|(number, recipe)| recipe.build(format!("node-{number}"), scenario.zone_count))
        .collect();
    let mut reference: Vec<ReferenceNode> = nodes.iter().map(ReferenceNode::of).collect();
    let mut index = TopologyIndex::default();

    // The snapshot, built as `placement::existing_nodes` builds it.
    for pod in &scenario.existing {
        let at = pod.node % nodes.len();
        let placed = PlacedPod::new(&pod.namespace, &pod.labels, 0, &pod.spec);
        index.placed(&nodes[at], &placed, required_anti_affinity(&pod.spec));
        nodes[at].add_pod(&Resources::default(), placed);
        reference[at].pods.push(ReferencePod {
            namespace: pod.namespace.clone(),
            labels: pod.labels.clone(),
            anti_affinity: required_anti_affinity(&pod.spec).to_vec(),
        });
    }

    for (number, ((step, pod), view)) in
        scenario.steps.iter().zip(&incoming).zip(&views).enumerate()
    {
        if let Some(recipe) = &step.added_node {
            let node = recipe.build(format!("node-{}", nodes.len()), scenario.zone_count);
            index.node_added(&node);
            reference.push(ReferenceNode::of(&node));
            nodes.push(node);
        }

        let prepared = index.prepare(view, &nodes);
        let mut chosen = None;
        for (at, node) in nodes.iter().enumerate() {
            let actual = index.check(&prepared, node, false);
            let expected = reference_check(pod, &reference, at);
            prop_assert_eq!(
                &actual,
                &expected,
                "pod {} on {} ({:?})",
                number,
                &node.name,
                &node.labels
            );
            let fits = filters::static_filters(view, node, TaintReasonForm::default());
            if chosen.is_none() && actual.is_ok() && fits.is_ok() {
                chosen = Some(at);
            }
        }

        // Karpenter's probe: a node not in the list, checked as if appended to it.
        let probe = step
            .probe
            .build(format!("probe-{number}"), scenario.zone_count);
        let actual = index.check(&prepared, &probe, true);
        let mut with_probe = reference.clone();
        with_probe.push(ReferenceNode::of(&probe));
        let expected = reference_check(pod, &with_probe, reference.len());
        prop_assert_eq!(
            &actual,
            &expected,
            "pod {} on the probe ({:?})",
            number,
            &probe.labels
        );

        // As Karpenter does, open the probe as a new node when no node takes the pod.
        let probe_fits = filters::static_filters(view, &probe, TaintReasonForm::default());
        if chosen.is_none() && actual.is_ok() && probe_fits.is_ok() {
            index.node_added(&probe);
            reference.push(ReferenceNode::of(&probe));
            nodes.push(probe);
            chosen = Some(nodes.len() - 1);
        }

        if let Some(at) = chosen {
            let placed = view.placed();
            index.placed(&nodes[at], &placed, view.required_anti_affinity());
            nodes[at].add_pod(&view.requests, placed);
            reference[at].pods.push(ReferencePod {
                namespace: pod.namespace.clone(),
                labels: pod.labels.clone(),
                anti_affinity: required_anti_affinity(&pod.spec).to_vec(),
            });
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn index_matches_scan(scenario in scenario_strategy()) {
        run_scenario(&scenario)?;
    }
}

// ---------------------------------------------------------------------------------
// Hand-worked cases.
// ---------------------------------------------------------------------------------

fn zone_node<'a>(name: &str, zone: Option<&str>) -> SchedNode<'a> {
    let mut labels = NodeLabels::new();
    labels.insert(HOSTNAME.to_string(), LabelValue::Fixed(name.to_string()));
    if let Some(zone) = zone {
        labels.insert(ZONE.to_string(), LabelValue::Fixed(zone.to_string()));
    }
    SchedNode::new(
        name.to_string(),
        labels,
        Vec::new(),
        false,
        Resources::default(),
    )
}

/// Binds a pod to `nodes[at]` the way placement.rs does: the index first, then the node.
fn bind<'a>(
    index: &mut TopologyIndex,
    nodes: &mut [SchedNode<'a>],
    at: usize,
    placed: PlacedPod<'a>,
    anti_affinity: &[PodAffinityTerm],
) {
    index.placed(&nodes[at], &placed, anti_affinity);
    nodes[at].add_pod(&Resources::default(), placed);
}

fn app_selector(app: &str) -> LabelSelector {
    LabelSelector {
        match_labels: Some(string_map(&[("app", app)])),
        match_expressions: None,
    }
}

fn zone_spread(max_skew: i32) -> TopologySpreadConstraint {
    TopologySpreadConstraint {
        max_skew,
        topology_key: ZONE.to_string(),
        when_unsatisfiable: "DoNotSchedule".to_string(),
        label_selector: Some(app_selector("web")),
        ..TopologySpreadConstraint::default()
    }
}

fn with_spreads(constraints: Vec<TopologySpreadConstraint>) -> PodSpec {
    PodSpec {
        topology_spread_constraints: Some(constraints),
        ..PodSpec::default()
    }
}

fn term(app: &str, topology_key: &str) -> PodAffinityTerm {
    PodAffinityTerm {
        label_selector: Some(app_selector(app)),
        topology_key: topology_key.to_string(),
        ..PodAffinityTerm::default()
    }
}

fn with_affinity(terms: Vec<PodAffinityTerm>) -> PodSpec {
    PodSpec {
        affinity: Some(Affinity {
            pod_affinity: Some(PodAffinity {
                required_during_scheduling_ignored_during_execution: Some(terms),
                ..PodAffinity::default()
            }),
            ..Affinity::default()
        }),
        ..PodSpec::default()
    }
}

fn with_anti_affinity(terms: Vec<PodAffinityTerm>) -> PodSpec {
    PodSpec {
        affinity: Some(Affinity {
            pod_anti_affinity: Some(PodAntiAffinity {
                required_during_scheduling_ignored_during_execution: Some(terms),
                ..PodAntiAffinity::default()
            }),
            ..Affinity::default()
        }),
        ..PodSpec::default()
    }
}

fn spread_rejection() -> Result<(), NodeRejection> {
    Err(NodeRejection::resolvable(vec![
        messages::TOPOLOGY_SPREAD.to_string(),
    ]))
}

fn affinity_rejection() -> Result<(), NodeRejection> {
    Err(NodeRejection::unresolvable(messages::AFFINITY))
}

#[test]
fn spread_counts_two_one_zero() {
    let web = string_map(&[("app", "web")]);
    let placed_spec = PodSpec::default();
    let mut nodes = vec![
        zone_node("node-a", Some("zone-a")),
        zone_node("node-b", Some("zone-b")),
        zone_node("node-c", Some("zone-c")),
    ];
    let mut index = TopologyIndex::default();
    for at in [0, 0, 1] {
        let placed = PlacedPod::new("ns1", &web, 0, &placed_spec);
        bind(&mut index, &mut nodes, at, placed, &[]);
    }

    // Matching pods per zone: a = 2, b = 1, c = 0, so the minimum is 0 and the pod
    // (app=web) matches itself: skew = count + 1 − 0.
    // maxSkew 1: a = 3 > 1 and b = 2 > 1 are rejected, c = 1 passes.
    let spec = with_spreads(vec![zone_spread(1)]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-1");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), spread_rejection());
    assert_eq!(index.check(&prepared, &nodes[1], false), spread_rejection());
    assert_eq!(index.check(&prepared, &nodes[2], false), Ok(()));

    // maxSkew 2: a = 3 > 2 is rejected, b = 2 and c = 1 pass.
    let spec = with_spreads(vec![zone_spread(2)]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-2");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), spread_rejection());
    assert_eq!(index.check(&prepared, &nodes[1], false), Ok(()));
    assert_eq!(index.check(&prepared, &nodes[2], false), Ok(()));

    // A pod in another namespace counts none of them: skew = 0 + 1 − 0 = 1 everywhere.
    let spec = with_spreads(vec![zone_spread(1)]);
    let pod = pod_view(&spec, web.clone(), "ns2", "web-3");
    let prepared = index.prepare(&pod, &nodes);
    for node in &nodes {
        assert_eq!(index.check(&prepared, node, false), Ok(()), "{}", node.name);
    }

    // ScheduleAnyway only scores, so no node is filtered.
    let spec = with_spreads(vec![TopologySpreadConstraint {
        when_unsatisfiable: "ScheduleAnyway".to_string(),
        ..zone_spread(1)
    }]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-4");
    let prepared = index.prepare(&pod, &nodes);
    for node in &nodes {
        assert_eq!(index.check(&prepared, node, false), Ok(()), "{}", node.name);
    }

    // Binding the maxSkew-1 pod to zone c makes the counts 2/1/1: minimum 1, so
    // a = 2 + 1 − 1 = 2 > 1 is rejected and b = c = 1 + 1 − 1 = 1 pass.
    let spec = with_spreads(vec![zone_spread(1)]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-5");
    bind(&mut index, &mut nodes, 2, pod.placed(), &[]);
    let next = pod_view(&spec, web.clone(), "ns1", "web-6");
    let prepared = index.prepare(&next, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), spread_rejection());
    assert_eq!(index.check(&prepared, &nodes[1], false), Ok(()));
    assert_eq!(index.check(&prepared, &nodes[2], false), Ok(()));
}

#[test]
fn spread_min_domains_and_probe() {
    let web = string_map(&[("app", "web")]);
    let placed_spec = PodSpec::default();
    let mut nodes = vec![
        zone_node("node-a", Some("zone-a")),
        zone_node("node-b", Some("zone-b")),
        zone_node("node-x", None),
    ];
    let mut index = TopologyIndex::default();
    for at in [0, 1] {
        let placed = PlacedPod::new("ns1", &web, 0, &placed_spec);
        bind(&mut index, &mut nodes, at, placed, &[]);
    }

    // Counts a = 1, b = 1 over 2 domains. Without minDomains the minimum is 1 and
    // skew = 1 + 1 − 1 = 1 passes in both zones.
    let spec = with_spreads(vec![zone_spread(1)]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-1");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), Ok(()));
    assert_eq!(index.check(&prepared, &nodes[1], false), Ok(()));
    // A node without the zone label cannot be placed in any domain.
    assert_eq!(
        index.check(&prepared, &nodes[2], false),
        Err(NodeRejection::unresolvable(
            messages::TOPOLOGY_SPREAD_MISSING_LABEL
        ))
    );

    // minDomains 3 with 2 domains: the minimum counts as 0, so skew = 1 + 1 − 0 = 2 > 1.
    let spec = with_spreads(vec![TopologySpreadConstraint {
        min_domains: Some(3),
        ..zone_spread(1)
    }]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-2");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), spread_rejection());
    assert_eq!(index.check(&prepared, &nodes[1], false), spread_rejection());

    // A new node in zone c adds a third domain with 0 pods: skew = 0 + 1 − 0 = 1.
    let probe = zone_node("planned-1", Some("zone-c"));
    assert_eq!(index.check(&prepared, &probe, true), Ok(()));
    // A new node in zone a lands in a domain with 1 pod, and there are still 2
    // domains: skew = 1 + 1 − 0 = 2 > 1.
    let probe = zone_node("planned-2", Some("zone-a"));
    assert_eq!(index.check(&prepared, &probe, true), spread_rejection());
    // A planned node whose zone Karpenter has not chosen yet is assumed to fit.
    let mut unknown_zone = zone_node("planned-3", None);
    unknown_zone
        .labels
        .insert(ZONE.to_string(), LabelValue::Any);
    assert_eq!(index.check(&prepared, &unknown_zone, true), Ok(()));

    // Once the zone-c node joins, a = 1, b = 1, c = 0 over 3 domains: the minimum is
    // 0 by count, so a and b still have skew 2 and c has skew 1.
    let joined = zone_node("planned-1", Some("zone-c"));
    index.node_added(&joined);
    nodes.push(joined);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-3");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), spread_rejection());
    assert_eq!(index.check(&prepared, &nodes[3], false), Ok(()));
}

#[test]
fn spread_taints_policy_honor() {
    let web = string_map(&[("app", "web")]);
    let placed_spec = PodSpec::default();
    let mut tainted = zone_node("node-b", Some("zone-b"));
    tainted.taints = vec![taint("dedicated", "load", "NoSchedule")];
    let mut nodes = vec![zone_node("node-a", Some("zone-a")), tainted];
    let mut index = TopologyIndex::default();
    let placed = PlacedPod::new("ns1", &web, 0, &placed_spec);
    bind(&mut index, &mut nodes, 0, placed, &[]);
    let honor = TopologySpreadConstraint {
        node_taints_policy: Some("Honor".to_string()),
        ..zone_spread(1)
    };

    // Without a toleration, Honor leaves zone b out: counts {a: 1}, minimum 1, so
    // zone a has skew 1 + 1 − 1 = 1 and passes.
    let spec = with_spreads(vec![honor.clone()]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-1");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), Ok(()));

    // The same constraint on a pod that tolerates the taint counts zone b:
    // {a: 1, b: 0}, minimum 0, so zone a has skew 1 + 1 − 0 = 2 > 1 and zone b has 1.
    let tolerating = PodSpec {
        tolerations: Some(vec![Toleration {
            key: Some("dedicated".to_string()),
            operator: Some("Exists".to_string()),
            ..Toleration::default()
        }]),
        ..with_spreads(vec![honor])
    };
    let pod = pod_view(&tolerating, web.clone(), "ns1", "web-2");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), spread_rejection());
    assert_eq!(index.check(&prepared, &nodes[1], false), Ok(()));

    // The default policy (Ignore) counts tainted nodes for every pod: as above.
    let spec = with_spreads(vec![zone_spread(1)]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-3");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), spread_rejection());
}

#[test]
fn spread_node_affinity_policy() {
    let web = string_map(&[("app", "web")]);
    let placed_spec = PodSpec::default();
    let disk_node = |name: &str, zone: &str, disk: &str| {
        let mut node = zone_node(name, Some(zone));
        node.labels
            .insert("disk".to_string(), LabelValue::Fixed(disk.to_string()));
        node
    };
    let mut nodes = vec![
        disk_node("node-a", "zone-a", "ssd"),
        disk_node("node-b", "zone-b", "ssd"),
        disk_node("node-h", "zone-a", "hdd"),
    ];
    let mut index = TopologyIndex::default();
    let ssd_only = PodSpec {
        node_selector: Some(string_map(&[("disk", "ssd")])),
        ..with_spreads(vec![zone_spread(1)])
    };
    let first = pod_view(&ssd_only, web.clone(), "ns1", "web-1");
    let prepared = index.prepare(&first, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), Ok(()));

    // A web pod lands on the hdd node in zone a after the constraint's counts exist.
    let placed = PlacedPod::new("ns1", &web, 0, &placed_spec);
    bind(&mut index, &mut nodes, 2, placed, &[]);

    // The default nodeAffinityPolicy (Honor) counts only ssd nodes, which hold no web
    // pod: {a: 0, b: 0}, so zone a has skew 0 + 1 − 0 = 1 and passes.
    let second = pod_view(&ssd_only, web.clone(), "ns1", "web-2");
    let prepared = index.prepare(&second, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), Ok(()));

    // Ignore counts the hdd node too: {a: 1, b: 0}, so zone a has skew 1 + 1 − 0 = 2 > 1.
    let ignore = PodSpec {
        node_selector: Some(string_map(&[("disk", "ssd")])),
        ..with_spreads(vec![TopologySpreadConstraint {
            node_affinity_policy: Some("Ignore".to_string()),
            ..zone_spread(1)
        }])
    };
    let third = pod_view(&ignore, web.clone(), "ns1", "web-3");
    let prepared = index.prepare(&third, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), spread_rejection());
    assert_eq!(index.check(&prepared, &nodes[1], false), Ok(()));
}

#[test]
fn affinity_bootstrap_then_domain() {
    let cache = string_map(&[("app", "cache")]);
    let guard = string_map(&[("app", "guard")]);
    let guard_spec = with_anti_affinity(vec![term("cache", HOSTNAME)]);
    let mut nodes = vec![
        zone_node("node-a", Some("zone-a")),
        zone_node("node-b", Some("zone-b")),
        zone_node("node-x", None),
    ];
    let mut index = TopologyIndex::default();
    // A guard pod on node-b repels app=cache pods of its own namespace from its host.
    let placed = PlacedPod::new("ns1", &guard, 0, &guard_spec);
    let guard_terms = required_anti_affinity(&guard_spec).to_vec();
    bind(&mut index, &mut nodes, 1, placed, &guard_terms);

    // No app=cache pod exists yet and the pod is app=cache itself, so its zone
    // affinity lets it onto any node with a zone label. node-b then fails on the
    // guard's anti-affinity, and node-x has no zone label.
    let spec = with_affinity(vec![term("cache", ZONE)]);
    let first = pod_view(&spec, cache.clone(), "ns1", "cache-1");
    let prepared = index.prepare(&first, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), Ok(()));
    assert_eq!(
        index.check(&prepared, &nodes[1], false),
        Err(NodeRejection::resolvable(vec![
            messages::EXISTING_ANTI_AFFINITY.to_string()
        ]))
    );
    assert_eq!(
        index.check(&prepared, &nodes[2], false),
        affinity_rejection()
    );

    // The guard's term names no namespaces, so it covers only ns1: the same pod in
    // ns2 passes node-b.
    let other_namespace = pod_view(&spec, cache.clone(), "ns2", "cache-1");
    let prepared = index.prepare(&other_namespace, &nodes);
    assert_eq!(index.check(&prepared, &nodes[1], false), Ok(()));

    // With the first pod in zone a, the next one must join zone a.
    bind(&mut index, &mut nodes, 0, first.placed(), &[]);
    let second = pod_view(&spec, cache.clone(), "ns1", "cache-2");
    let prepared = index.prepare(&second, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), Ok(()));
    assert_eq!(
        index.check(&prepared, &nodes[1], false),
        affinity_rejection()
    );
    assert_eq!(
        index.check(&prepared, &nodes[2], false),
        affinity_rejection()
    );
    // So must a new node: one in zone a passes, one in zone b does not.
    let probe = zone_node("planned-1", Some("zone-a"));
    assert_eq!(index.check(&prepared, &probe, true), Ok(()));
    let probe = zone_node("planned-2", Some("zone-b"));
    assert_eq!(index.check(&prepared, &probe, true), affinity_rejection());
}

#[test]
fn anti_affinity_namespaces() {
    let cache = string_map(&[("app", "cache")]);
    let web = string_map(&[("app", "web")]);
    let placed_spec = PodSpec::default();
    let mut nodes = vec![
        zone_node("node-a", Some("zone-a")),
        zone_node("node-b", Some("zone-b")),
        zone_node("node-x", None),
    ];
    let mut index = TopologyIndex::default();
    let placed = PlacedPod::new("ns1", &cache, 0, &placed_spec);
    bind(&mut index, &mut nodes, 0, placed, &[]);
    let anti_affinity_rejection = Err(NodeRejection::resolvable(vec![
        messages::ANTI_AFFINITY.to_string(),
    ]));

    // A web pod in ns1 that avoids app=cache per zone: zone a has one, zone b does
    // not, and a node without the zone label is in no domain.
    let spec = with_anti_affinity(vec![term("cache", ZONE)]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-1");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(
        index.check(&prepared, &nodes[0], false),
        anti_affinity_rejection
    );
    assert_eq!(index.check(&prepared, &nodes[1], false), Ok(()));
    assert_eq!(index.check(&prepared, &nodes[2], false), Ok(()));

    // The same term from ns2 covers ns2 only and ignores the ns1 pod.
    let pod = pod_view(&spec, web.clone(), "ns2", "web-2");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), Ok(()));

    // An empty namespaceSelector covers every namespace.
    let all_namespaces = with_anti_affinity(vec![PodAffinityTerm {
        namespace_selector: Some(LabelSelector::default()),
        ..term("cache", ZONE)
    }]);
    let pod = pod_view(&all_namespaces, web.clone(), "ns2", "web-3");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(
        index.check(&prepared, &nodes[0], false),
        anti_affinity_rejection
    );

    // So does a namespaces list that names ns1.
    let listed = with_anti_affinity(vec![PodAffinityTerm {
        namespaces: Some(vec!["ns1".to_string()]),
        ..term("cache", ZONE)
    }]);
    let pod = pod_view(&listed, web.clone(), "ns2", "web-4");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(
        index.check(&prepared, &nodes[0], false),
        anti_affinity_rejection
    );
}

// ---------------------------------------------------------------------------------
// kube-scheduler decisions that the index, like the scan before it, does not make
// yet. Each test asserts kube-scheduler's verdict and is ignored until the index
// follows it.
// ---------------------------------------------------------------------------------

fn labels_term(pairs: &[(&str, &str)], topology_key: &str) -> PodAffinityTerm {
    PodAffinityTerm {
        label_selector: Some(LabelSelector {
            match_labels: Some(string_map(pairs)),
            match_expressions: None,
        }),
        topology_key: topology_key.to_string(),
        ..PodAffinityTerm::default()
    }
}

#[test]
#[ignore = "the index counts a node for each constraint whose key it has"]
fn spread_skips_nodes_missing_any_key() {
    // `calPreFilterState` in podtopologyspread/filtering.go counts a node for no
    // constraint unless it has the topology keys of all the pod's DoNotSchedule
    // constraints (`nodeLabelsMatchSpreadConstraints`).
    let web = string_map(&[("app", "web")]);
    let placed_spec = PodSpec::default();
    let mut nodes = vec![
        zone_node("node-a", Some("zone-a")),
        zone_node("node-b", Some("zone-a")),
        zone_node("node-x", None),
    ];
    let mut index = TopologyIndex::default();
    for at in [0, 1] {
        let placed = PlacedPod::new("ns1", &web, 0, &placed_spec);
        bind(&mut index, &mut nodes, at, placed, &[]);
    }
    let hostname_spread = TopologySpreadConstraint {
        topology_key: HOSTNAME.to_string(),
        ..zone_spread(1)
    };
    let spec = with_spreads(vec![zone_spread(1), hostname_spread]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-1");
    let prepared = index.prepare(&pod, &nodes);

    // node-x has no zone label, so it is left out of both constraints' counts.
    // Zone: {a: 2}, minimum 2, skew on node-a = 2 + 1 − 2 = 1.
    // Hostname: {node-a: 1, node-b: 1}, minimum 1, skew on node-a = 1 + 1 − 1 = 1.
    // Counting node-x's hostname domain with 0 pods would make the minimum 0 and
    // the skew 2 > 1.
    assert_eq!(index.check(&prepared, &nodes[0], false), Ok(()));
    assert_eq!(index.check(&prepared, &nodes[1], false), Ok(()));
}

#[test]
#[ignore = "the index counts matching pods per affinity term"]
fn affinity_counts_pods_matching_every_term() {
    // interpodaffinity/filtering.go counts an existing pod for the incoming pod's
    // required affinity only when it matches all the terms
    // (`updateWithAffinityTerms` and `podMatchesAllAffinityTerms`).
    let web = string_map(&[("app", "web")]);
    let cache = string_map(&[("tier", "cache")]);
    let placed_spec = PodSpec::default();
    let mut nodes = vec![
        zone_node("node-a", Some("zone-a")),
        zone_node("node-b", Some("zone-b")),
    ];
    let mut index = TopologyIndex::default();
    let placed = PlacedPod::new("ns1", &web, 0, &placed_spec);
    bind(&mut index, &mut nodes, 0, placed, &[]);
    let placed = PlacedPod::new("ns1", &cache, 0, &placed_spec);
    bind(&mut index, &mut nodes, 0, placed, &[]);
    let spec = with_affinity(vec![
        labels_term(&[("app", "web")], ZONE),
        labels_term(&[("tier", "cache")], ZONE),
    ]);

    // Zone a has an app=web pod and a tier=cache pod but no pod with both, so no
    // pod is counted and a pod that matches neither term fits nowhere.
    let api = pod_view(&spec, string_map(&[("app", "api")]), "ns1", "api-1");
    let prepared = index.prepare(&api, &nodes);
    assert_eq!(
        index.check(&prepared, &nodes[0], false),
        affinity_rejection()
    );
}

#[test]
#[ignore = "the index allows the first pod of a group per affinity term"]
fn affinity_bootstrap_needs_no_pod_matching_every_term() {
    // `satisfyPodAffinity` in interpodaffinity/filtering.go lets a pod that matches
    // all its own terms go to any node with the keys when no existing pod matches
    // all of them. A pod that matches only some of the terms is not counted.
    let web = string_map(&[("app", "web")]);
    let placed_spec = PodSpec::default();
    let mut nodes = vec![
        zone_node("node-a", Some("zone-a")),
        zone_node("node-b", Some("zone-b")),
    ];
    let mut index = TopologyIndex::default();
    let placed = PlacedPod::new("ns1", &web, 0, &placed_spec);
    bind(&mut index, &mut nodes, 0, placed, &[]);
    let spec = with_affinity(vec![
        labels_term(&[("app", "web")], ZONE),
        labels_term(&[("tier", "cache")], ZONE),
    ]);

    // The app=web pod in zone a lacks tier=cache, so the pod below is the first of
    // its group and zone b is as good as zone a.
    let both = string_map(&[("app", "web"), ("tier", "cache")]);
    let first = pod_view(&spec, both, "ns1", "web-cache-1");
    let prepared = index.prepare(&first, &nodes);
    assert_eq!(index.check(&prepared, &nodes[1], false), Ok(()));
}

#[test]
#[ignore = "the index counts matching pods on nodes without the topology key"]
fn affinity_bootstrap_ignores_keyless_nodes() {
    // interpodaffinity/filtering.go counts a matching pod only under the topology
    // pair of its node (`topologyToMatchedTermCount.update`), so a pod on a node
    // without the key leaves the counts empty and the first-pod rule applies.
    let web = string_map(&[("app", "web")]);
    let placed_spec = PodSpec::default();
    let mut nodes = vec![
        zone_node("node-a", Some("zone-a")),
        zone_node("node-x", None),
    ];
    let mut index = TopologyIndex::default();
    let placed = PlacedPod::new("ns1", &web, 0, &placed_spec);
    bind(&mut index, &mut nodes, 1, placed, &[]);

    let spec = with_affinity(vec![term("web", ZONE)]);
    let pod = pod_view(&spec, web.clone(), "ns1", "web-1");
    let prepared = index.prepare(&pod, &nodes);
    assert_eq!(index.check(&prepared, &nodes[0], false), Ok(()));
}

// ---------------------------------------------------------------------------------
// NodeResourcesFit: the fast check against the one that lists reasons.
// ---------------------------------------------------------------------------------

const GIB: i64 = 1024 * 1024 * 1024;

/// Small multiples of 500m, 1Gi and whole extended units, so a request often equals
/// what is free to the unit, and `requested` may exceed allocatable.
fn resources_strategy(max_units: i64) -> impl Strategy<Value = Resources> {
    (
        0..=max_units,
        0..=max_units,
        0..=max_units,
        0..=max_units,
        prop::collection::btree_map(
            select(vec!["nvidia.com/gpu", "example.com/fpga"]).prop_map(String::from),
            0..=max_units,
            0..=2,
        ),
    )
        .prop_map(|(cpu, memory, storage, pods, extended)| Resources {
            cpu_millis: cpu * 500,
            memory_bytes: memory * GIB,
            ephemeral_storage_bytes: storage * GIB,
            pods,
            extended,
        })
}

// `passes_dynamic_filters` runs the full filters after its own fit check, so only a
// fast check that rejects too much changes its verdict, and that is what this finds.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fast_fit_matches_dynamic_filters(
        request in resources_strategy(3),
        allocatable in resources_strategy(4),
        requested in resources_strategy(5),
    ) {
        let spec = PodSpec::default();
        let pod = PodView {
            requests: request,
            ..pod_view(&spec, BTreeMap::new(), "ns1", "pod")
        };
        let mut node = SchedNode::new(
            "node".to_string(),
            NodeLabels::new(),
            Vec::new(),
            false,
            allocatable,
        );
        node.requested = requested;
        let mut index = TopologyIndex::default();
        let prepared = index.prepare(&pod, std::slice::from_ref(&node));

        let full = filters::dynamic_filters(&pod, &node, &index, &prepared);
        let fast = filters::passes_dynamic_filters(&pod, &node, &index, &prepared);
        prop_assert_eq!(fast, full.is_ok(), "full filters: {:?}", full);
    }
}
