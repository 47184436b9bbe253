//! The scenario file as written: serde structs that keep each value's location so
//! validation can point at the line of a wrong value.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::catalog::NodeModel;
use crate::quantity::Quantity;

/// Numbers are read as floats so that negative, fractional and NaN values reach
/// validation, which names the field, instead of failing inside serde.
pub type Number = Spanned<f64>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawScenario {
    pub api_version: Spanned<String>,
    pub kind: Spanned<String>,
    pub name: Spanned<String>,
    pub target_rps: Number,
    pub profile: Spanned<RawProfile>,
    pub shards: Spanned<RawShards>,
    #[serde(default)]
    pub runner: Option<Spanned<RawRunner>>,
    #[serde(default)]
    pub nodes: Option<RawNodes>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawProfile {
    pub target_scope: Spanned<String>,
    #[serde(default)]
    pub start_rps: Option<Number>,
    pub stages: Spanned<Vec<RawStage>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawStage {
    pub duration: Spanned<String>,
    pub target: Number,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawShards {
    #[serde(default)]
    pub pods: Option<Number>,
    #[serde(default)]
    pub rps_per_pod: Option<Number>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawRunner {
    #[serde(default)]
    pub requests: Option<Spanned<RawResources>>,
    #[serde(default)]
    pub limits: Option<Spanned<RawResources>>,
    #[serde(default, rename = "maxVUs")]
    pub max_vus: Option<Number>,
    #[serde(default)]
    pub throughput: Option<RawThroughput>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawResources {
    #[serde(default)]
    pub cpu: Option<Spanned<Quantity>>,
    #[serde(default)]
    pub memory: Option<Spanned<Quantity>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawThroughput {
    #[serde(default)]
    pub rps_per_cpu: Option<Number>,
    #[serde(default, rename = "memoryPerVU")]
    pub memory_per_vu: Option<Spanned<Quantity>>,
    #[serde(default)]
    pub base_memory: Option<Spanned<Quantity>>,
    #[serde(default)]
    pub mean_iteration_seconds: Option<Number>,
    #[serde(default)]
    pub requests_per_iteration: Option<Number>,
    #[serde(default)]
    pub cpu_target_percent: Option<Number>,
    #[serde(default)]
    pub memory_limit_percent: Option<Number>,
    #[serde(default)]
    pub vu_cushion_percent: Option<Number>,
    #[serde(default)]
    pub keep_trend_samples: Option<bool>,
    #[serde(default)]
    pub remote_write_trend_stats: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawNodes {
    #[serde(default)]
    pub region: Option<Spanned<String>>,
    #[serde(default)]
    pub instance_types: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub capacity_type: Option<Spanned<String>>,
    #[serde(default)]
    pub node_model: Option<NodeModel>,
    #[serde(default)]
    pub daemon_sets: Option<Vec<RawDaemonSet>>,
    #[serde(default)]
    pub node_pool: Option<RawNodePool>,
    #[serde(default)]
    pub existing: Vec<RawExistingNode>,
    #[serde(default)]
    pub proposals: Vec<RawProposal>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawProposal {
    pub name: Spanned<String>,
    pub instance_type: Spanned<String>,
    pub count: Number,
    #[serde(default)]
    pub max_count: Option<Number>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawDaemonSet {
    pub name: Spanned<String>,
    #[serde(default)]
    pub cpu: Option<Spanned<Quantity>>,
    #[serde(default)]
    pub memory: Option<Spanned<Quantity>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawNodePool {
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    pub limits: Option<RawPoolResources>,
    #[serde(default)]
    pub usage: Option<RawPoolResources>,
    #[serde(default)]
    pub node_selector: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    pub tolerations: Vec<Spanned<RawToleration>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawToleration {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub operator: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub effect: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawPoolResources {
    #[serde(default)]
    pub cpu: Option<Spanned<Quantity>>,
    #[serde(default)]
    pub memory: Option<Spanned<Quantity>>,
    #[serde(default)]
    pub nodes: Option<Spanned<Quantity>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawExistingNode {
    pub name: Spanned<String>,
    pub instance_type: Spanned<String>,
    pub free: Spanned<RawFree>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawFree {
    pub cpu: Spanned<Quantity>,
    pub memory: Spanned<Quantity>,
    pub pods: Spanned<Quantity>,
}
