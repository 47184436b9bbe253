//! Findings: what capplan predicts will go wrong (or is worth knowing), with the numbers
//! behind it. Every layer that computes a risk returns findings; reports render them.

use std::collections::BTreeMap;

use serde::Serialize;

/// How much a finding matters; `Error` findings fail the preflight gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One predicted problem or notable fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// A stable identifier for programs, such as `rps-short` or `oom-risk`.
    pub code: String,
    pub severity: Severity,
    /// What the finding is about: a pod, part, node, NodePool or scenario field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The sentence for people, already in the output language.
    pub message: String,
    /// The numbers behind the message, for programs (`{"needed_vus": 3000}`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, serde_json::Value>,
}

impl Finding {
    /// Builds a finding with no subject and no values.
    pub fn new(code: &str, severity: Severity, message: String) -> Finding {
        Finding {
            code: code.to_string(),
            severity,
            subject: None,
            message,
            values: BTreeMap::new(),
        }
    }

    /// Sets what the finding is about.
    pub fn with_subject(mut self, subject: impl Into<String>) -> Finding {
        self.subject = Some(subject.into());
        self
    }

    /// Adds a named number or string for programs.
    pub fn with_value(mut self, name: &str, value: impl Into<serde_json::Value>) -> Finding {
        self.values.insert(name.to_string(), value.into());
        self
    }
}
