//! `--vary KEY=V1,V2,...`: one scenario turned into several options, one field changed.

use crate::plan::PlanOptions;
use crate::quantity::Quantity;
use crate::scenario::{Scenario, Shards, Stage, TargetScope};
use crate::{Error, Result, t};

/// The scenario fields `--vary` can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaryKey {
    /// The number of runner pods (shards).
    Pods,
    /// The allowed instance types, with `+` joining the types of one option.
    InstanceTypes,
    Region,
    /// The NodePool cpu limit.
    CpuLimit,
}

impl VaryKey {
    /// The key as written on the command line.
    pub fn name(self) -> &'static str {
        match self {
            VaryKey::Pods => "pods",
            VaryKey::InstanceTypes => "instance-types",
            VaryKey::Region => "region",
            VaryKey::CpuLimit => "cpu-limit",
        }
    }
}

/// A parsed `--vary` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variation {
    pub key: VaryKey,
    pub values: Vec<String>,
}

const KEYS: &str = "pods, instance-types, region, cpu-limit";

/// Parses `KEY=V1,V2,...`.
///
/// # Errors
/// A missing `=`, an unknown key, no value, or `capacity-type`: the scenario model plans
/// on-demand nodes only, so it has no capacity type to vary.
pub fn parse_vary(text: &str) -> Result<Variation> {
    let Some((key, values)) = text.split_once('=') else {
        return Err(Error::input(
            "--vary",
            t!("compare-vary-syntax", value = text.to_string()),
        ));
    };
    let key = match key.trim() {
        "pods" | "shards" => VaryKey::Pods,
        "instance-types" | "instance-type" => VaryKey::InstanceTypes,
        "region" => VaryKey::Region,
        "cpu-limit" => VaryKey::CpuLimit,
        "capacity-type" => {
            return Err(Error::input("--vary", t!("compare-vary-capacity-type")));
        }
        other => {
            return Err(Error::input(
                "--vary",
                t!("compare-vary-key", key = other.to_string(), keys = KEYS),
            ));
        }
    };
    let values: Vec<String> = values
        .split(',')
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_string)
        .collect();
    if values.is_empty() {
        return Err(Error::input(
            "--vary",
            t!("compare-vary-no-values", key = key.name()),
        ));
    }
    Ok(Variation { key, values })
}

/// Returns the option's label, its scenario and its plan options with `key` set to `value`.
///
/// # Errors
/// A value that does not parse for the key, or a pod count outside 1..=targetRps.
pub fn apply_variation(
    scenario: &Scenario,
    options: &PlanOptions,
    key: VaryKey,
    value: &str,
) -> Result<(String, Scenario, PlanOptions)> {
    let label = format!("{}={value}", key.name());
    let mut scenario = scenario.clone();
    let mut options = options.clone();
    let location = format!("--vary {}", key.name());
    match key {
        VaryKey::Pods => {
            let pods: u32 = value
                .parse()
                .ok()
                .filter(|&pods| pods >= 1 && u64::from(pods) <= scenario.target_rps)
                .ok_or_else(|| {
                    Error::input(
                        location.clone(),
                        t!(
                            "compare-vary-pods",
                            value = value.to_string(),
                            max = scenario.target_rps.to_string()
                        ),
                    )
                })?;
            set_pods(&mut scenario, pods);
        }
        VaryKey::InstanceTypes => {
            let types: Vec<String> = value
                .split('+')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_string)
                .collect();
            if types.is_empty() {
                return Err(Error::input(
                    location,
                    t!("compare-vary-no-values", key = key.name()),
                ));
            }
            options.instance_types = Some(types);
        }
        VaryKey::Region => options.region = Some(value.to_string()),
        VaryKey::CpuLimit => {
            let quantity = Quantity::parse(value).map_err(|error| {
                Error::input(
                    location.clone(),
                    t!("cli-invalid-quantity", error = error.to_string()),
                )
            })?;
            options.cpu_limit_millis = Some(quantity.millis());
        }
    }
    Ok((label, scenario, options))
}

/// Sets the pod count and keeps the total load: a per-pod profile becomes the total
/// profile it produced (each target times the old pod count), which the new pods share.
fn set_pods(scenario: &mut Scenario, pods: u32) {
    if scenario.profile.target_scope == TargetScope::PerPod {
        let old_pods = u64::from(scenario.pod_count());
        let profile = &mut scenario.profile;
        profile.start_rps = profile.start_rps.saturating_mul(old_pods);
        profile.stages = profile
            .stages
            .iter()
            .map(|stage| Stage {
                duration_millis: stage.duration_millis,
                target_rps: stage.target_rps.saturating_mul(old_pods),
            })
            .collect();
        profile.target_scope = TargetScope::Total;
    }
    scenario.shards = Shards::Pods(pods);
}
