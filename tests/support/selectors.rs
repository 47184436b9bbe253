//! Label and field selectors as the API server parses them (k8s.io/apimachinery/pkg/labels
//! and pkg/fields). A comma means AND. Labels support `=`, `==`, `!=`, `in`, `notin`, `key`
//! and `!key`, and fields support `=`, `==` and `!=` on a dotted path.

use serde_json::Value;

/// One label requirement.
#[derive(Debug, Clone, PartialEq)]
enum LabelTerm {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

/// Splits on commas that are not inside `( )`, because `in (a,b)` contains commas.
fn split_terms(selector: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for character in selector.chars() {
        match character {
            '(' => {
                depth += 1;
                current.push(character);
            }
            ')' => {
                depth = depth.saturating_sub(1);
                current.push(character);
            }
            ',' if depth == 0 => terms.push(std::mem::take(&mut current)),
            _ => current.push(character),
        }
    }
    terms.push(current);
    terms
        .into_iter()
        .map(|term| term.trim().to_string())
        .filter(|term| !term.is_empty())
        .collect()
}

fn parse_set(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix('(')?.strip_suffix(')')?;
    Some(
        inner
            .split(',')
            .map(|value| value.trim().to_string())
            .collect(),
    )
}

fn parse_label_term(term: &str) -> Result<LabelTerm, String> {
    if let Some((key, value)) = term.split_once("!=") {
        return Ok(LabelTerm::NotEquals(key.trim().into(), value.trim().into()));
    }
    if let Some((key, value)) = term.split_once("==") {
        return Ok(LabelTerm::Equals(key.trim().into(), value.trim().into()));
    }
    if let Some((key, value)) = term.split_once('=') {
        return Ok(LabelTerm::Equals(key.trim().into(), value.trim().into()));
    }
    if let Some((key, rest)) = term.split_once(" notin ") {
        let values = parse_set(rest).ok_or_else(|| format!("invalid set in {term:?}"))?;
        return Ok(LabelTerm::NotIn(key.trim().into(), values));
    }
    if let Some((key, rest)) = term.split_once(" in ") {
        let values = parse_set(rest).ok_or_else(|| format!("invalid set in {term:?}"))?;
        return Ok(LabelTerm::In(key.trim().into(), values));
    }
    if let Some(key) = term.strip_prefix('!') {
        return Ok(LabelTerm::DoesNotExist(key.trim().into()));
    }
    if term.contains(' ') || term.contains('(') {
        return Err(format!("unable to parse requirement: {term:?}"));
    }
    Ok(LabelTerm::Exists(term.into()))
}

/// A parsed label selector.
#[derive(Debug, Clone, Default)]
pub struct LabelSelector {
    terms: Vec<LabelTerm>,
}

impl LabelSelector {
    pub fn parse(selector: &str) -> Result<LabelSelector, String> {
        let terms = split_terms(selector)
            .iter()
            .map(|term| parse_label_term(term))
            .collect::<Result<_, _>>()?;
        Ok(LabelSelector { terms })
    }

    pub fn matches(&self, object: &Value) -> bool {
        let labels = &object["metadata"]["labels"];
        let label = |key: &str| labels.get(key).and_then(Value::as_str);
        self.terms.iter().all(|term| match term {
            LabelTerm::Equals(key, value) => label(key) == Some(value.as_str()),
            // `!=` also matches objects without the label, as in apimachinery.
            LabelTerm::NotEquals(key, value) => label(key) != Some(value.as_str()),
            LabelTerm::In(key, values) => label(key).is_some_and(|v| values.iter().any(|x| x == v)),
            LabelTerm::NotIn(key, values) => {
                label(key).is_none_or(|v| !values.iter().any(|x| x == v))
            }
            LabelTerm::Exists(key) => label(key).is_some(),
            LabelTerm::DoesNotExist(key) => label(key).is_none(),
        })
    }
}

/// The field paths this fake server supports; a real server rejects others per resource.
const SUPPORTED_FIELDS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "spec.nodeName",
    "status.phase",
    "spec.unschedulable",
];

/// A parsed field selector.
#[derive(Debug, Clone, Default)]
pub struct FieldSelector {
    terms: Vec<(String, bool, String)>,
}

impl FieldSelector {
    pub fn parse(selector: &str) -> Result<FieldSelector, String> {
        let mut terms = Vec::new();
        for term in split_terms(selector) {
            let (path, equal, value) = if let Some((path, value)) = term.split_once("!=") {
                (path, false, value)
            } else if let Some((path, value)) = term.split_once("==") {
                (path, true, value)
            } else if let Some((path, value)) = term.split_once('=') {
                (path, true, value)
            } else {
                return Err(format!(
                    "invalid selector: '{term}'; can't understand '{term}'"
                ));
            };
            let path = path.trim();
            if !SUPPORTED_FIELDS.contains(&path) {
                return Err(format!("field label not supported: {path}"));
            }
            terms.push((path.to_string(), equal, value.trim().to_string()));
        }
        Ok(FieldSelector { terms })
    }

    pub fn matches(&self, object: &Value) -> bool {
        self.terms.iter().all(|(path, equal, value)| {
            let mut current = object;
            for part in path.split('.') {
                current = &current[part];
            }
            // A missing field compares as the empty string, as the API server's field sets do.
            let actual = match current {
                Value::String(text) => text.clone(),
                Value::Bool(flag) => flag.to_string(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            (actual == *value) == *equal
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn label_forms() {
        let object = json!({"metadata": {"labels": {"app": "k6", "tier": "runner"}}});
        for (selector, expected) in [
            ("app=k6", true),
            ("app==k6", true),
            ("app!=k6", false),
            ("app in (k6, web)", true),
            ("app notin (k6)", false),
            ("tier", true),
            ("!tier", false),
            ("missing!=x", true),
            ("app=k6,tier in (runner)", true),
        ] {
            let parsed = LabelSelector::parse(selector).unwrap();
            assert_eq!(parsed.matches(&object), expected, "{selector}");
        }
    }

    #[test]
    fn field_phase_and_node() {
        let object = json!({"spec": {"nodeName": "n1"}, "status": {"phase": "Running"}});
        let selector =
            FieldSelector::parse("status.phase!=Succeeded,status.phase!=Failed").unwrap();
        assert!(selector.matches(&object));
        assert!(
            FieldSelector::parse("spec.nodeName=n1")
                .unwrap()
                .matches(&object)
        );
        assert!(FieldSelector::parse("spec.foo=x").is_err());
    }
}
