//! The manifests that run a plan on Kubernetes: one Indexed Job or one k6-operator
//! TestRun, with the user's script in a ConfigMap and the plan's totals in env vars.
//!
//! The script reads its totals from `__ENV` (see [`env_contract`]); k6 splits them
//! over the parts by execution segment, so capplan never writes load logic itself.

mod job;
mod segments;
mod testrun;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ConfigMap, EnvVar, ResourceRequirements, Toleration};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as KubeQuantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;

use crate::cluster::ClusterState;
use crate::quantity::{Resources, format_bytes, format_cpu_millis};
use crate::scenario::{Scenario, TargetScope};
use crate::sizing::Sizing;
use crate::{Error, t};

pub use job::indexed_job;
pub use segments::{Part, Split, format_millis, scale_int, scale_rate_millis, segment, sequence};
pub use testrun::{TestRunManifest, test_run};

/// The k6 image used when none is given. The Job wrapper needs `/bin/sh`, which the
/// Alpine-based grafana/k6 images have.
pub const DEFAULT_IMAGE: &str = "grafana/k6:latest";
/// The key of the script in the ConfigMap, and the file name k6 runs.
pub const DEFAULT_SCRIPT_KEY: &str = "script.js";
/// The label Karpenter puts on every node of a NodePool.
const NODEPOOL_LABEL: &str = "karpenter.sh/nodepool";

/// The two manifest layouts `capplan emit` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmitFormat {
    /// One Indexed Job whose completion index picks the execution segment.
    Job,
    /// One k6-operator `TestRun`; the operator adds the segment flags itself.
    TestRun,
}

/// The runner pods' node constraints: the NodePool's node labels and tolerations for its taints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placement {
    pub node_selector: BTreeMap<String, String>,
    pub tolerations: Vec<Toleration>,
}

impl Placement {
    /// Returns the placement the scenario writes in `nodes.nodePool.nodeSelector` and
    /// `nodes.nodePool.tolerations`. Without a nodeSelector, a named NodePool is selected
    /// by the `karpenter.sh/nodepool` label that Karpenter puts on its nodes.
    pub fn from_scenario(scenario: &Scenario) -> Placement {
        let pool = scenario.node_pool();
        let mut node_selector = pool.node_selector.clone();
        if node_selector.is_empty()
            && let Some(name) = &pool.name
        {
            node_selector.insert(NODEPOOL_LABEL.to_string(), name.clone());
        }
        let tolerations = pool
            .tolerations
            .iter()
            .map(|toleration| Toleration {
                key: toleration.key.clone(),
                operator: Some(toleration.operator.clone()),
                value: toleration.value.clone(),
                effect: toleration.effect.clone(),
                ..Toleration::default()
            })
            .collect();
        Placement {
            node_selector,
            tolerations,
        }
    }

    /// Returns the placement `capplan preflight SCENARIO` gives the scenario's pods in
    /// `cluster`: the NodePool's template labels and a toleration for each of its taints.
    /// When the cluster has no NodePool of the scenario's name, the scenario's own fields
    /// apply.
    pub fn from_cluster(scenario: &Scenario, cluster: &ClusterState) -> Placement {
        let pool_known = scenario.node_pool().name.as_ref().is_some_and(|name| {
            cluster
                .node_pools
                .iter()
                .any(|pool| pool.metadata.name.as_deref() == Some(name.as_str()))
        });
        if !pool_known {
            return Placement::from_scenario(scenario);
        }
        // The same pods preflight checks, so an emitted manifest and the scenario get the
        // same verdict.
        let workload = crate::preflight::scenario_workload(scenario, cluster, "default");
        let spec = workload.pods.first().and_then(|pod| pod.spec.clone());
        Placement {
            node_selector: spec
                .as_ref()
                .and_then(|spec| spec.node_selector.clone())
                .unwrap_or_default(),
            tolerations: spec.and_then(|spec| spec.tolerations).unwrap_or_default(),
        }
    }
}

/// Settings of one `capplan emit` run.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    pub format: EmitFormat,
    /// The script file's name, used as the ConfigMap key and the file k6 runs.
    pub script_key: String,
    /// The script's text, copied into the ConfigMap unchanged.
    pub script: String,
    /// The namespace of every object; `None` leaves it to `kubectl apply -n`.
    pub namespace: Option<String>,
    pub image: String,
    pub placement: Placement,
    /// TestRun only: at most one runner per node (`spec.separate`).
    pub separate: bool,
}

/// One file of output: its name in `-o DIR` and its YAML documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmittedFile {
    pub name: String,
    pub yaml: String,
}

/// The manifests of one plan, with the split they carry out and the warnings about it.
#[derive(Debug, Clone)]
pub struct Emitted {
    pub files: Vec<EmittedFile>,
    pub split: Split,
    /// Localized warnings, for stderr.
    pub warnings: Vec<String>,
}

impl Emitted {
    /// Returns every file's documents as one multi-document YAML stream.
    pub fn to_yaml_stream(&self) -> String {
        self.files
            .iter()
            .map(|file| file.yaml.as_str())
            .collect::<Vec<_>>()
            .join("---\n")
    }
}

/// Builds the manifests for a sized scenario. Pure: no file or cluster is read.
///
/// # Errors
/// `Error::Input` when the scenario's name does not make valid Kubernetes object names.
pub fn emit(scenario: &Scenario, sizing: &Sizing, options: &EmitOptions) -> crate::Result<Emitted> {
    let names = Names::for_scenario(scenario)?;
    let split = split_for(scenario, sizing);
    let config_map = script_config_map(&names, options);
    let config_map_yaml = to_yaml(&config_map)?;

    let workload_file = match options.format {
        EmitFormat::Job => {
            let job = indexed_job(scenario, sizing, &split, &names, options);
            EmittedFile {
                name: format!("{}-job.yaml", names.workload),
                yaml: format!(
                    "{}{}",
                    job::header_comment(scenario, &split, &names, options),
                    to_yaml(&job)?
                ),
            }
        }
        EmitFormat::TestRun => {
            let test_run = test_run(scenario, sizing, &split, &names, options);
            EmittedFile {
                name: format!("{}-testrun.yaml", names.workload),
                yaml: format!(
                    "{}{}",
                    testrun::header_comment(scenario, &split, options),
                    to_yaml(&test_run)?
                ),
            }
        }
    };
    let config_map_file = EmittedFile {
        name: format!("{}.yaml", names.config_map),
        yaml: format!(
            "# The k6 script of test {}, copied unchanged from {}.\n{config_map_yaml}",
            scenario.name, options.script_key
        ),
    };

    let warnings = split.warnings();
    Ok(Emitted {
        files: vec![config_map_file, workload_file],
        split,
        warnings,
    })
}

/// The object names derived from the scenario's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub test: String,
    pub workload: String,
    pub config_map: String,
}

impl Names {
    /// Derives `k6-<name>` and `k6-script-<name>`, checking them as DNS-1123 labels.
    ///
    /// # Errors
    /// `Error::Input` naming the scenario file when the name has characters Kubernetes
    /// rejects in a label value or an object name.
    pub fn for_scenario(scenario: &Scenario) -> crate::Result<Names> {
        let names = Names {
            test: scenario.name.clone(),
            workload: format!("k6-{}", scenario.name),
            config_map: format!("k6-script-{}", scenario.name),
        };
        // An Indexed Job's pod hostname is `<job>-<index>`, which must be a DNS-1123 label
        // of at most 63 characters. The ConfigMap's name is usually the longer one.
        let index_digits = scenario.pod_count().saturating_sub(1).to_string().len();
        let longest = names
            .config_map
            .len()
            .max(names.workload.len() + 1 + index_digits);
        if !is_dns_label(&scenario.name) || longest > 63 {
            return Err(Error::input(
                scenario.origin.clone(),
                t!("emit-invalid-name", name = scenario.name.clone()),
            ));
        }
        Ok(names)
    }
}

/// Checks a DNS-1123 label: lowercase letters, digits and `-`, starting and ending
/// with a letter or digit (`IsDNS1123Label` in apimachinery's validation).
fn is_dns_label(text: &str) -> bool {
    let bytes = text.as_bytes();
    let allowed = bytes
        .iter()
        .all(|&byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
    let edges = |byte: Option<&u8>| byte.is_some_and(|byte| *byte != b'-');
    !text.is_empty() && text.len() <= 63 && allowed && edges(bytes.first()) && edges(bytes.last())
}

/// Computes the totals the script receives and each part's share of them.
pub fn split_for(scenario: &Scenario, sizing: &Sizing) -> Split {
    let pods = u64::from(sizing.pods);
    let to_total = |rate: u64| match scenario.profile.target_scope {
        TargetScope::PerPod => rate.saturating_mul(pods),
        TargetScope::Total => rate,
    };
    let stage_totals = scenario
        .profile
        .stages
        .iter()
        .map(|stage| to_total(stage.target_rps))
        .collect();
    Split::new(
        sizing.pods,
        sizing.totals.max_vus,
        to_total(scenario.profile.start_rps),
        stage_totals,
    )
}

/// Returns the environment variables the script reads its totals from, in the order written.
///
/// Every value is a total over all parts: k6 scales `maxVUs` and `preAllocatedVUs` by
/// execution segment and each part's rate by its share of maxVUs, so the script must not
/// divide by the part count itself.
pub fn env_contract(scenario: &Scenario, split: &Split) -> Vec<(&'static str, String)> {
    let stages: Vec<String> = scenario
        .profile
        .stages
        .iter()
        .zip(&split.total_stage_rps)
        .map(|(stage, target)| {
            format!(
                r#"{{"duration":"{}","target":{target}}}"#,
                k6_duration(stage.duration_millis)
            )
        })
        .collect();
    vec![
        ("CAPPLAN_TEST", scenario.name.clone()),
        ("CAPPLAN_PARTS", split.count().to_string()),
        ("CAPPLAN_MAX_VUS", split.total_max_vus.to_string()),
        ("CAPPLAN_PRE_ALLOCATED_VUS", split.total_max_vus.to_string()),
        ("CAPPLAN_TIME_UNIT", "1s".to_string()),
        ("CAPPLAN_START_RATE", split.total_start_rps.to_string()),
        ("CAPPLAN_STAGES", format!("[{}]", stages.join(","))),
        ("CAPPLAN_TARGET_RPS", split.total_peak_rps.to_string()),
    ]
}

/// Formats milliseconds as a k6 duration such as `3m`, `1m30s` or `1500ms`.
pub fn k6_duration(millis: u64) -> String {
    if !millis.is_multiple_of(1_000) {
        return format!("{millis}ms");
    }
    let mut seconds = millis / 1_000;
    if seconds == 0 {
        return "0s".to_string();
    }
    let mut text = String::new();
    for (unit, size) in [("h", 3_600), ("m", 60), ("s", 1)] {
        if seconds >= size {
            text.push_str(&format!("{}{unit}", seconds / size));
            seconds %= size;
        }
    }
    text
}

fn env_vars(scenario: &Scenario, split: &Split) -> Vec<EnvVar> {
    env_contract(scenario, split)
        .into_iter()
        .map(|(name, value)| EnvVar {
            name: name.to_string(),
            value: Some(value),
            ..EnvVar::default()
        })
        .collect()
}

/// Returns the labels of every object and pod: `app: k6` and `test: <scenario name>`.
fn labels(names: &Names) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("app".to_string(), "k6".to_string()),
        ("test".to_string(), names.test.clone()),
    ])
}

fn metadata(name: &str, names: &Names, options: &EmitOptions) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_string()),
        namespace: options.namespace.clone(),
        labels: Some(labels(names)),
        ..ObjectMeta::default()
    }
}

fn script_config_map(names: &Names, options: &EmitOptions) -> ConfigMap {
    ConfigMap {
        metadata: metadata(&names.config_map, names, options),
        data: Some(BTreeMap::from([(
            options.script_key.clone(),
            options.script.clone(),
        )])),
        ..ConfigMap::default()
    }
}

/// Converts the sizing's requests and limits for the runner container. A resource
/// without a limit is left out of `limits`.
fn resources(sizing: &Sizing) -> ResourceRequirements {
    ResourceRequirements {
        requests: Some(quantities(&sizing.requests)),
        limits: Some(quantities(&sizing.limits)).filter(|limits| !limits.is_empty()),
        ..ResourceRequirements::default()
    }
}

fn quantities(resources: &Resources) -> BTreeMap<String, KubeQuantity> {
    let mut map = BTreeMap::new();
    if resources.cpu_millis > 0 {
        map.insert(
            "cpu".to_string(),
            KubeQuantity(format_cpu_millis(resources.cpu_millis)),
        );
    }
    if resources.memory_bytes > 0 {
        map.insert(
            "memory".to_string(),
            KubeQuantity(format_bytes(resources.memory_bytes)),
        );
    }
    map
}

/// Serializes one object as a YAML document.
fn to_yaml<T: Serialize>(value: &T) -> crate::Result<String> {
    serde_saphyr::to_string(value).map_err(|error| {
        Error::input(
            "<output>",
            t!("emit-yaml-failed", error = error.to_string()),
        )
    })
}

/// Formats the per-part table that both header comments show.
fn parts_table(split: &Split) -> String {
    let mut text = String::from("#   part  --execution-segment  maxVUs  peak RPS\n");
    for part in &split.parts {
        text.push_str(&format!(
            "#   {:>4}  {:<19}  {:>6}  {}\n",
            part.part,
            part.execution_segment,
            part.max_vus,
            format_millis(part.peak_rps_millis)
        ));
    }
    text
}

/// Formats the env contract as YAML comment lines, with a script fragment that follows it.
fn contract_comment(scenario: &Scenario, split: &Split) -> String {
    let mut text = String::from(
        "# The script reads these totals from __ENV; k6 splits them over the parts by\n\
         # execution segment, so the script must not divide them itself:\n",
    );
    for (name, value) in env_contract(scenario, split) {
        text.push_str(&format!("#   {name}={value}\n"));
    }
    text.push_str(
        "# For example:\n\
         #   export const options = { scenarios: { load: {\n\
         #     executor: 'ramping-arrival-rate',\n\
         #     startRate: Number(__ENV.CAPPLAN_START_RATE), timeUnit: __ENV.CAPPLAN_TIME_UNIT,\n\
         #     preAllocatedVUs: Number(__ENV.CAPPLAN_PRE_ALLOCATED_VUS),\n\
         #     maxVUs: Number(__ENV.CAPPLAN_MAX_VUS),\n\
         #     stages: JSON.parse(__ENV.CAPPLAN_STAGES) } } };\n",
    );
    text
}

#[cfg(test)]
mod tests;
