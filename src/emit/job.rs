//! The Indexed Job: one pod per part, each running k6 on the execution segment its
//! completion index picks.

use k8s_openapi::api::batch::v1::{Job, JobSpec};
use k8s_openapi::api::core::v1::{
    ConfigMapVolumeSource, Container, PodSpec, PodTemplateSpec, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::{
    EmitOptions, Names, Split, contract_comment, env_vars, labels, metadata, parts_table, resources,
};
use crate::scenario::Scenario;
use crate::sizing::Sizing;

/// The mount path of the script's ConfigMap in the runner container.
pub const SCRIPT_DIR: &str = "/scripts";

/// Builds the Indexed Job with `completions = parallelism = parts`.
///
/// `backoffLimitPerIndex: 0` fails a part without retrying it and leaves the other parts
/// running, as separate per-part Jobs would. A plain `backoffLimit: 0` would fail the
/// whole Job at the first failure and stop every part (`pkg/controller/job`; the field is
/// GA in Kubernetes 1.33).
pub fn indexed_job(
    scenario: &Scenario,
    sizing: &Sizing,
    split: &Split,
    names: &Names,
    options: &EmitOptions,
) -> Job {
    let parts = i32::try_from(split.count()).unwrap_or(i32::MAX);
    let placement = &options.placement;
    let container = Container {
        name: "k6".to_string(),
        image: Some(options.image.clone()),
        command: Some(vec!["/bin/sh".to_string(), "-c".to_string()]),
        args: Some(vec![wrapper_script(scenario, split, options)]),
        env: Some(env_vars(scenario, split)),
        resources: Some(resources(sizing)),
        volume_mounts: Some(vec![VolumeMount {
            name: "script".to_string(),
            mount_path: SCRIPT_DIR.to_string(),
            read_only: Some(true),
            ..VolumeMount::default()
        }]),
        ..Container::default()
    };
    let pod = PodSpec {
        restart_policy: Some("Never".to_string()),
        node_selector: (!placement.node_selector.is_empty())
            .then(|| placement.node_selector.clone()),
        tolerations: (!placement.tolerations.is_empty()).then(|| placement.tolerations.clone()),
        containers: vec![container],
        volumes: Some(vec![Volume {
            name: "script".to_string(),
            config_map: Some(ConfigMapVolumeSource {
                name: names.config_map.clone(),
                ..ConfigMapVolumeSource::default()
            }),
            ..Volume::default()
        }]),
        ..PodSpec::default()
    };
    Job {
        metadata: metadata(&names.workload, names, options),
        spec: Some(JobSpec {
            completion_mode: Some("Indexed".to_string()),
            completions: Some(parts),
            parallelism: Some(parts),
            backoff_limit_per_index: Some(0),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels(names)),
                    ..ObjectMeta::default()
                }),
                spec: Some(pod),
            },
            ..JobSpec::default()
        }),
        status: None,
    }
}

/// Builds the shell command each pod runs. The Job controller sets `JOB_COMPLETION_INDEX`
/// (0-based) in every container of an Indexed Job. k6 reads execution segments only from
/// flags, and Kubernetes' `$(VAR)` expansion cannot add 1, so a shell computes the
/// segment end. `$$` is Kubernetes' escape for a literal `$` in `args`.
fn wrapper_script(scenario: &Scenario, split: &Split, options: &EmitOptions) -> String {
    let parts = split.count();
    format!(
        "set -eu\n\
         index=\"$${{JOB_COMPLETION_INDEX:?}}\"\n\
         part=$$((index + 1))\n\
         exec k6 run \\\n  \
         --execution-segment \"$${{index}}/{parts}:$${{part}}/{parts}\" \\\n  \
         --execution-segment-sequence \"{sequence}\" \\\n  \
         --tag test={test} --tag part=\"$${{part}}\" \\\n  \
         {SCRIPT_DIR}/{script}\n",
        sequence = split.execution_segment_sequence,
        test = scenario.name,
        script = options.script_key,
    )
}

/// Formats the comment above the Job: what each part runs and the env contract.
pub fn header_comment(
    scenario: &Scenario,
    split: &Split,
    names: &Names,
    options: &EmitOptions,
) -> String {
    let mut text = format!(
        "# Test {test}: {parts} parts of one Indexed Job, written by capplan emit from {origin}.\n\
         # Pod JOB_COMPLETION_INDEX i runs k6 with --execution-segment i/{parts}:(i+1)/{parts} and\n\
         # --execution-segment-sequence {sequence}, and tags its metrics\n\
         # test={test} and part=i+1. The pods carry the labels app=k6 and test={test}; select one\n\
         # part with batch.kubernetes.io/job-completion-index=i. Each part runs:\n",
        test = scenario.name,
        parts = split.count(),
        origin = scenario.origin,
        sequence = split.execution_segment_sequence,
    );
    text.push_str(&parts_table(split));
    text.push_str(&contract_comment(scenario, split));
    text.push_str(&format!(
        "# The script is {SCRIPT_DIR}/{} from ConfigMap {}.\n",
        options.script_key, names.config_map
    ));
    text
}
