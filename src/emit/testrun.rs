//! The k6-operator `TestRun` (`k6.io/v1alpha1`): the operator starts `parallelism`
//! runners and passes each the segment flags for equal parts itself.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{EnvVar, ResourceRequirements, Toleration};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;

use super::{
    EmitOptions, Names, Split, contract_comment, env_vars, labels, metadata, parts_table, resources,
};
use crate::scenario::Scenario;
use crate::sizing::Sizing;

/// A `TestRun` as written: only the fields capplan sets, in the CRD's JSON names
/// (`api/v1alpha1/testrun_types.go` in grafana/k6-operator).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestRunManifest {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: TestRunSpecManifest,
}

/// `TestRun.spec`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestRunSpecManifest {
    pub parallelism: i32,
    pub separate: bool,
    pub script: ScriptManifest,
    /// Extra `k6 run` arguments, split on whitespace by the operator.
    pub arguments: String,
    pub runner: RunnerManifest,
}

/// `spec.script`: the ConfigMap and its key.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptManifest {
    pub config_map: ScriptConfigMapManifest,
}

/// `spec.script.configMap`.
#[derive(Debug, Clone, Serialize)]
pub struct ScriptConfigMapManifest {
    pub name: String,
    pub file: String,
}

/// `spec.runner`, the operator's Pod sub-spec; the initializer copies it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunnerManifest {
    pub image: String,
    pub metadata: RunnerMetadata,
    pub env: Vec<EnvVar>,
    pub resources: ResourceRequirements,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
}

/// `spec.runner.metadata`: labels the operator copies onto the runner pods.
#[derive(Debug, Clone, Serialize)]
pub struct RunnerMetadata {
    pub labels: BTreeMap<String, String>,
}

/// Builds the TestRun. Runner `i` (1-based) gets the operator's segment
/// `(i-1)/N:i/N`, the same one Job index `i-1` runs, and the tag `instance_id=i`.
pub fn test_run(
    scenario: &Scenario,
    sizing: &Sizing,
    split: &Split,
    names: &Names,
    options: &EmitOptions,
) -> TestRunManifest {
    TestRunManifest {
        api_version: "k6.io/v1alpha1".to_string(),
        kind: "TestRun".to_string(),
        metadata: metadata(&names.workload, names, options),
        spec: TestRunSpecManifest {
            parallelism: i32::try_from(split.count()).unwrap_or(i32::MAX),
            separate: options.separate,
            script: ScriptManifest {
                config_map: ScriptConfigMapManifest {
                    name: names.config_map.clone(),
                    file: options.script_key.clone(),
                },
            },
            arguments: format!("--tag test={}", scenario.name),
            runner: RunnerManifest {
                image: options.image.clone(),
                metadata: RunnerMetadata {
                    labels: labels(names),
                },
                env: env_vars(scenario, split),
                resources: resources(sizing),
                node_selector: options.placement.node_selector.clone(),
                tolerations: options.placement.tolerations.clone(),
            },
        },
    }
}

/// Formats the comment above the TestRun: what each runner runs and the env contract.
pub fn header_comment(scenario: &Scenario, split: &Split, options: &EmitOptions) -> String {
    let separate = if options.separate {
        "# separate: true keeps every runner on its own node, as the plan places them.\n"
    } else {
        ""
    };
    let mut text = format!(
        "# Test {test}: a k6-operator TestRun of {parts} runners, written by capplan emit from {origin}.\n\
         # The operator gives runner i (1-based) --execution-segment (i-1)/{parts}:i/{parts} and the\n\
         # tag instance_id=i; this TestRun adds the tag test={test}. Each runner runs:\n",
        test = scenario.name,
        parts = split.count(),
        origin = scenario.origin,
    );
    text.push_str(&parts_table(split));
    text.push_str(separate);
    text.push_str(&contract_comment(scenario, split));
    text
}
