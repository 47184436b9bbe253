//! Label, node-selector, label-selector and toleration matching, shared by the
//! kube-scheduler filters and Karpenter's NodePool and NodeClaim checks.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{NodeSelectorRequirement, PodSpec, Taint, Toleration};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

/// The value a node label has or may take on a node that does not exist yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LabelValue {
    /// A known value, as on every real node.
    Fixed(String),
    /// One of these values; Karpenter picks one that satisfies the pod (a NodePool
    /// requirement `zone In [a, b]`).
    OneOf(Vec<String>),
    /// Some value not known before launch (a zone or a hostname Karpenter assigns).
    Any,
}

impl LabelValue {
    fn as_ref(&self) -> LabelRef<'_> {
        match self {
            LabelValue::Fixed(value) => LabelRef::Fixed(value),
            LabelValue::OneOf(values) => LabelRef::OneOf(values),
            LabelValue::Any => LabelRef::Any,
        }
    }

    /// Returns the value when it is known.
    pub(crate) fn fixed(&self) -> Option<&str> {
        match self {
            LabelValue::Fixed(value) => Some(value),
            _ => None,
        }
    }
}

/// A node's labels, or the labels a planned node may get.
pub(crate) type NodeLabels = BTreeMap<String, LabelValue>;

/// A borrowed `LabelValue`, so that plain `key: value` maps and layered maps can be
/// matched without building a `NodeLabels` copy.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LabelRef<'a> {
    Fixed(&'a str),
    OneOf(&'a [String]),
    Any,
}

impl LabelRef<'_> {
    fn any_satisfies(self, predicate: impl Fn(&str) -> bool) -> bool {
        match self {
            LabelRef::Fixed(value) => predicate(value),
            LabelRef::OneOf(values) => values.iter().any(|value| predicate(value)),
            LabelRef::Any => true,
        }
    }
}

/// Labels that node selectors can be matched against.
pub(crate) trait LabelLookup {
    fn lookup(&self, key: &str) -> Option<LabelRef<'_>>;
}

impl LabelLookup for NodeLabels {
    fn lookup(&self, key: &str) -> Option<LabelRef<'_>> {
        self.get(key).map(LabelValue::as_ref)
    }
}

/// A real object's labels: every value is known.
impl LabelLookup for BTreeMap<String, String> {
    fn lookup(&self, key: &str) -> Option<LabelRef<'_>> {
        self.get(key).map(|value| LabelRef::Fixed(value))
    }
}

/// Two label sets read as one, `top` winning where both have a key: an instance
/// type's labels over the labels its NodePool gives every node.
pub(crate) struct Layered<'a, A: ?Sized, B: ?Sized> {
    pub top: &'a A,
    pub base: &'a B,
}

impl<A: LabelLookup + ?Sized, B: LabelLookup + ?Sized> LabelLookup for Layered<'_, A, B> {
    fn lookup(&self, key: &str) -> Option<LabelRef<'_>> {
        self.top.lookup(key).or_else(|| self.base.lookup(key))
    }
}

/// The one field a `matchFields` term may name, `metadata.name`. It is unknown on a
/// node that is not launched yet.
struct NodeNameField<'a>(Option<&'a str>);

impl LabelLookup for NodeNameField<'_> {
    fn lookup(&self, key: &str) -> Option<LabelRef<'_>> {
        (key == "metadata.name").then_some(self.0.map_or(LabelRef::Any, LabelRef::Fixed))
    }
}

/// Wraps a real node's labels.
pub(crate) fn fixed_labels(labels: &BTreeMap<String, String>) -> NodeLabels {
    labels
        .iter()
        .map(|(key, value)| (key.clone(), LabelValue::Fixed(value.clone())))
        .collect()
}

/// Evaluates one node selector requirement (`In`, `NotIn`, `Exists`, `DoesNotExist`,
/// `Gt`, `Lt`) as `k8s.io/component-helpers/scheduling/corev1/nodeaffinity` does.
/// An unknown operator matches nothing, as the API server would have rejected it.
pub(crate) fn requirement_matches(
    key: &str,
    operator: &str,
    values: &[String],
    labels: &(impl LabelLookup + ?Sized),
) -> bool {
    let label = labels.lookup(key);
    match operator {
        "In" => label
            .is_some_and(|label| label.any_satisfies(|value| values.iter().any(|v| v == value))),
        "NotIn" => {
            label.is_none_or(|label| label.any_satisfies(|value| values.iter().all(|v| v != value)))
        }
        "Exists" => label.is_some(),
        "DoesNotExist" => label.is_none(),
        "Gt" | "Lt" => {
            let Some(bound) = values.first().and_then(|value| value.parse::<i64>().ok()) else {
                return false;
            };
            label.is_some_and(|label| {
                label.any_satisfies(|value| match value.parse::<i64>() {
                    Ok(number) if operator == "Gt" => number > bound,
                    Ok(number) => number < bound,
                    Err(_) => false,
                })
            })
        }
        _ => false,
    }
}

fn node_requirement_matches(
    requirement: &NodeSelectorRequirement,
    labels: &(impl LabelLookup + ?Sized),
) -> bool {
    let values = requirement.values.as_deref().unwrap_or_default();
    requirement_matches(&requirement.key, &requirement.operator, values, labels)
}

/// Checks `spec.nodeSelector` and the required node affinity of a pod against a node:
/// every nodeSelector entry must match, and one of the ORed `nodeSelectorTerms`, whose
/// expressions are ANDed. A term with no expressions matches nothing. `node_name` is
/// `None` for a planned node, whose name any `matchFields` term accepts.
pub(crate) fn pod_matches_node_affinity(
    spec: &PodSpec,
    labels: &(impl LabelLookup + ?Sized),
    node_name: Option<&str>,
) -> bool {
    if let Some(selector) = &spec.node_selector {
        let all_match = selector.iter().all(|(key, value)| {
            requirement_matches(key, "In", std::slice::from_ref(value), labels)
        });
        if !all_match {
            return false;
        }
    }

    let required = spec
        .affinity
        .as_ref()
        .and_then(|affinity| affinity.node_affinity.as_ref())
        .and_then(|node_affinity| {
            node_affinity
                .required_during_scheduling_ignored_during_execution
                .as_ref()
        });
    let Some(required) = required else {
        return true;
    };
    required.node_selector_terms.iter().any(|term| {
        let expressions = term.match_expressions.as_deref().unwrap_or_default();
        let fields = term.match_fields.as_deref().unwrap_or_default();
        if expressions.is_empty() && fields.is_empty() {
            return false;
        }
        let name_labels = NodeNameField(node_name);
        expressions
            .iter()
            .all(|requirement| node_requirement_matches(requirement, labels))
            && fields
                .iter()
                .all(|requirement| node_requirement_matches(requirement, &name_labels))
    })
}

/// Checks a label selector against an object's labels. An empty selector matches
/// everything; callers treat an absent selector as matching nothing.
pub(crate) fn selector_matches(
    selector: &LabelSelector,
    labels: &BTreeMap<String, String>,
) -> bool {
    let labels_match = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(key, value)| labels.get(key) == Some(value));
    if !labels_match {
        return false;
    }
    selector
        .match_expressions
        .iter()
        .flatten()
        .all(|expression| {
            let values = expression.values.as_deref().unwrap_or_default();
            let label = labels.get(&expression.key);
            match expression.operator.as_str() {
                "In" => label.is_some_and(|value| values.contains(value)),
                "NotIn" => label.is_none_or(|value| !values.contains(value)),
                "Exists" => label.is_some(),
                "DoesNotExist" => label.is_none(),
                _ => false,
            }
        })
}

/// Checks one toleration against one taint, as `Toleration.ToleratesTaint` in
/// `k8s.io/api/core/v1/toleration.go` does.
pub(crate) fn toleration_tolerates(toleration: &Toleration, taint: &Taint) -> bool {
    let effect = toleration.effect.as_deref().unwrap_or_default();
    if !effect.is_empty() && effect != taint.effect {
        return false;
    }
    let key = toleration.key.as_deref().unwrap_or_default();
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match toleration.operator.as_deref().unwrap_or("Equal") {
        "Exists" => true,
        "Equal" | "" => {
            toleration.value.as_deref().unwrap_or_default()
                == taint.value.as_deref().unwrap_or_default()
        }
        _ => false,
    }
}

/// Returns true when some toleration in the list tolerates the taint.
pub(crate) fn tolerates(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations
        .iter()
        .any(|toleration| toleration_tolerates(toleration, taint))
}

/// Returns the first `NoSchedule` or `NoExecute` taint the tolerations do not cover;
/// `PreferNoSchedule` only lowers a node's score.
pub(crate) fn first_untolerated<'a>(
    tolerations: &[Toleration],
    taints: &'a [Taint],
) -> Option<&'a Taint> {
    taints.iter().find(|taint| {
        (taint.effect == "NoSchedule" || taint.effect == "NoExecute")
            && !tolerates(tolerations, taint)
    })
}

/// Formats a taint as kubectl and Karpenter print it: `key=value:Effect`.
pub(crate) fn format_taint(taint: &Taint) -> String {
    match taint.value.as_deref() {
        Some(value) if !value.is_empty() => format!("{}={}:{}", taint.key, value, taint.effect),
        _ => format!("{}:{}", taint.key, taint.effect),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> NodeLabels {
        pairs
            .iter()
            .map(|(key, value)| (key.to_string(), LabelValue::Fixed(value.to_string())))
            .collect()
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| value.to_string()).collect()
    }

    /// An instance type's labels win over its NodePool's where both set a key. Keys that
    /// only the pool sets, such as a zone it may pick from, still match.
    #[test]
    fn layered_labels_prefer_the_top_layer() {
        let offer = BTreeMap::from([
            ("kubernetes.io/arch".to_string(), "arm64".to_string()),
            (
                "node.kubernetes.io/instance-type".to_string(),
                "m6g.large".to_string(),
            ),
        ]);
        let mut pool = labels(&[("kubernetes.io/arch", "amd64"), ("team", "loadtest")]);
        pool.insert(
            "topology.kubernetes.io/zone".to_string(),
            LabelValue::OneOf(strings(&["a", "b"])),
        );
        let node = Layered {
            top: &offer,
            base: &pool,
        };

        let arch = "kubernetes.io/arch";
        assert!(requirement_matches(arch, "In", &strings(&["arm64"]), &node));
        assert!(!requirement_matches(
            arch,
            "In",
            &strings(&["amd64"]),
            &node
        ));
        assert!(requirement_matches(
            "team",
            "In",
            &strings(&["loadtest"]),
            &node
        ));
        let zone = "topology.kubernetes.io/zone";
        assert!(requirement_matches(
            zone,
            "In",
            &strings(&["b", "c"]),
            &node
        ));
        assert!(!requirement_matches(zone, "In", &strings(&["c"]), &node));
        assert!(requirement_matches("gpu", "DoesNotExist", &[], &node));
    }

    #[test]
    fn requirement_operators() {
        let node = labels(&[("karpenter.k8s.aws/instance-cpu", "8"), ("arch", "amd64")]);
        let cpu = "karpenter.k8s.aws/instance-cpu";
        assert!(requirement_matches(cpu, "Gt", &strings(&["4"]), &node));
        assert!(!requirement_matches(cpu, "Gt", &strings(&["8"]), &node));
        assert!(requirement_matches(cpu, "Lt", &strings(&["16"]), &node));
        assert!(requirement_matches(
            "arch",
            "In",
            &strings(&["amd64", "arm64"]),
            &node
        ));
        assert!(!requirement_matches(
            "arch",
            "NotIn",
            &strings(&["amd64"]),
            &node
        ));
        assert!(requirement_matches(
            "zone",
            "NotIn",
            &strings(&["a"]),
            &node
        ));
        assert!(requirement_matches("zone", "DoesNotExist", &[], &node));
        assert!(!requirement_matches("zone", "Exists", &[], &node));
        assert!(!requirement_matches(
            "arch",
            "Matches",
            &strings(&["amd64"]),
            &node
        ));
    }

    #[test]
    fn one_of_takes_any_allowed_value() {
        let node =
            NodeLabels::from([("zone".to_string(), LabelValue::OneOf(strings(&["a", "b"])))]);
        assert!(requirement_matches("zone", "In", &strings(&["b"]), &node));
        assert!(!requirement_matches("zone", "In", &strings(&["c"]), &node));
        assert!(requirement_matches(
            "zone",
            "NotIn",
            &strings(&["a"]),
            &node
        ));
    }

    #[test]
    fn toleration_rules() {
        let taint = Taint {
            key: "dedicated".to_string(),
            value: Some("k6".to_string()),
            effect: "NoSchedule".to_string(),
            time_added: None,
        };
        let equal = Toleration {
            key: Some("dedicated".to_string()),
            value: Some("k6".to_string()),
            ..Toleration::default()
        };
        let wrong_value = Toleration {
            value: Some("web".to_string()),
            ..equal.clone()
        };
        let exists_all = Toleration {
            operator: Some("Exists".to_string()),
            ..Toleration::default()
        };
        let wrong_effect = Toleration {
            effect: Some("NoExecute".to_string()),
            ..equal.clone()
        };
        assert!(toleration_tolerates(&equal, &taint));
        assert!(!toleration_tolerates(&wrong_value, &taint));
        assert!(toleration_tolerates(&exists_all, &taint));
        assert!(!toleration_tolerates(&wrong_effect, &taint));
        assert_eq!(format_taint(&taint), "dedicated=k6:NoSchedule");
    }
}
