//! k6-operator `TestRun` (and the older `K6`, same spec): the initializer, runner and
//! starter pods the operator creates (`pkg/resources/jobs/{initializer,runner,starter}.go`
//! in grafana/k6-operator).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Affinity, ConfigMapVolumeSource, Container, ContainerPort, EnvFromSource, EnvVar,
    LocalObjectReference, Pod, PodAffinityTerm, PodAntiAffinity, PodSecurityContext, PodSpec,
    PodTemplateSpec, ResourceRequirements, SecurityContext, Toleration, TopologySpreadConstraint,
    Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta,
};
use serde::{Deserialize, Serialize};

use super::document::{Document, ObjectLabel};
use super::expand::{SUFFIX, owner, pod_from_template, validate_resources};
use super::{Stage, field_error};

/// The k6 image the operator uses when `runner.image` is unset.
const DEFAULT_RUNNER_IMAGE: &str = "grafana/k6:latest";
/// The starter image the operator uses when `starter.image` is unset.
const DEFAULT_STARTER_IMAGE: &str = "ghcr.io/grafana/k6-operator:latest-starter";
/// The port of k6's REST API, which the starter calls and the probes check.
const K6_API_PORT: i32 = 6565;

/// A `k6.io/v1alpha1` TestRun or K6 object, with the fields that shape its pods.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TestRun {
    #[serde(default)]
    pub metadata: ObjectMeta,
    pub spec: TestRunSpec,
}

/// `TestRun.spec`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestRunSpec {
    /// The number of runner pods; required by the CRD.
    pub parallelism: i32,
    /// When true, at most one runner per node (required pod anti-affinity on hostname).
    #[serde(default)]
    pub separate: bool,
    #[serde(default)]
    pub script: Option<Script>,
    #[serde(default)]
    pub runner: K6PodSpec,
    /// Copied from `runner` when absent.
    #[serde(default)]
    pub initializer: Option<K6PodSpec>,
    #[serde(default)]
    pub starter: K6PodSpec,
}

/// `spec.script`: where the test script comes from.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Script {
    #[serde(default)]
    pub config_map: Option<ScriptConfigMap>,
    #[serde(default)]
    pub volume_claim: Option<ScriptVolumeClaim>,
}

/// `spec.script.configMap`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ScriptConfigMap {
    pub name: String,
    #[serde(default)]
    pub file: Option<String>,
}

/// `spec.script.volumeClaim`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ScriptVolumeClaim {
    pub name: String,
}

/// The operator's `Pod` sub-spec, used for `runner`, `initializer` and `starter`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct K6PodSpec {
    /// Initializer only: skip the initializer pod.
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub affinity: Option<Affinity>,
    #[serde(default)]
    pub env: Option<Vec<EnvVar>>,
    #[serde(default)]
    pub env_from: Option<Vec<EnvFromSource>>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub image_pull_secrets: Option<Vec<LocalObjectReference>>,
    #[serde(default)]
    pub metadata: K6PodMetadata,
    #[serde(default)]
    pub node_selector: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub tolerations: Option<Vec<Toleration>>,
    #[serde(default)]
    pub topology_spread_constraints: Option<Vec<TopologySpreadConstraint>>,
    #[serde(default)]
    pub resources: Option<ResourceRequirements>,
    #[serde(default)]
    pub service_account_name: Option<String>,
    #[serde(default)]
    pub security_context: Option<PodSecurityContext>,
    #[serde(default)]
    pub container_security_context: Option<SecurityContext>,
    #[serde(default)]
    pub init_containers: Option<Vec<Container>>,
    #[serde(default)]
    pub volumes: Option<Vec<Volume>>,
    #[serde(default)]
    pub volume_mounts: Option<Vec<VolumeMount>>,
    #[serde(default)]
    pub priority_class_name: Option<String>,
    #[serde(default)]
    pub scheduler_name: Option<String>,
}

/// Labels and annotations the operator copies onto a pod.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct K6PodMetadata {
    #[serde(default)]
    pub labels: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub annotations: Option<BTreeMap<String, String>>,
}

/// Returns the initializer (unless disabled), the runners `<name>-1..N` and the starter,
/// in creation order, with their stages.
pub(crate) fn expand(
    doc: &Document,
    label: &ObjectLabel,
    test_run: &TestRun,
    namespace: &str,
) -> crate::Result<(Vec<Pod>, Vec<Stage>)> {
    let spec = &test_run.spec;
    let name = &label.name;
    if spec.parallelism < 1 {
        return Err(field_error(
            doc,
            label,
            "spec.parallelism",
            &crate::t!("manifest-parallelism-positive", value = spec.parallelism),
        ));
    }
    if i64::from(spec.parallelism) > super::expand::MAX_PODS_PER_WORKLOAD {
        return Err(field_error(
            doc,
            label,
            "spec.parallelism",
            &crate::t!(
                "input-count-too-large",
                value = spec.parallelism,
                limit = super::expand::MAX_PODS_PER_WORKLOAD
            ),
        ));
    }

    let runner = runner_spec(spec);
    validate_resources(doc, label, &runner, "spec.runner")?;
    let initializer_source = spec.initializer.as_ref().unwrap_or(&spec.runner);
    let initializer = pod_spec(initializer_source, "k6", DEFAULT_RUNNER_IMAGE, spec, false);
    validate_resources(doc, label, &initializer, "spec.initializer")?;
    let starter = pod_spec(&spec.starter, "k6-curl", DEFAULT_STARTER_IMAGE, spec, false);
    validate_resources(doc, label, &starter, "spec.starter")?;

    let mut pods = Vec::new();
    let mut stages = Vec::new();
    let base = base_labels(name);

    if !initializer_source.disabled {
        let job = format!("{name}-initializer");
        let template = template(initializer_source, initializer, &base);
        let owner = owner("batch/v1", "Job", &job);
        let pod_name = format!("{job}-{SUFFIX}");
        pods.push(pod_from_template(
            &template,
            namespace,
            &pod_name,
            &owner,
            &BTreeMap::new(),
        ));
        stages.push(Stage::Before);
    }

    let mut runner_labels = base.clone();
    runner_labels.insert("runner".to_string(), "true".to_string());
    for index in 1..=spec.parallelism {
        let job = format!("{name}-{index}");
        let template = template(&spec.runner, runner.clone(), &runner_labels);
        let owner = owner("batch/v1", "Job", &job);
        let pod_name = format!("{job}-{SUFFIX}");
        pods.push(pod_from_template(
            &template,
            namespace,
            &pod_name,
            &owner,
            &BTreeMap::new(),
        ));
        stages.push(Stage::Main);
    }

    let job = format!("{name}-starter");
    let template = template(&spec.starter, starter, &base);
    let owner = owner("batch/v1", "Job", &job);
    pods.push(pod_from_template(
        &template,
        namespace,
        &format!("{job}-{SUFFIX}"),
        &owner,
        &BTreeMap::new(),
    ));
    stages.push(Stage::After);
    Ok((pods, stages))
}

/// Labels the operator puts on every pod of a test run.
fn base_labels(name: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("app".to_string(), "k6".to_string()),
        ("k6_cr".to_string(), name.to_string()),
    ])
}

fn template(
    source: &K6PodSpec,
    spec: PodSpec,
    operator_labels: &BTreeMap<String, String>,
) -> PodTemplateSpec {
    let mut labels = source.metadata.labels.clone().unwrap_or_default();
    labels.extend(operator_labels.clone());
    PodTemplateSpec {
        metadata: Some(ObjectMeta {
            labels: Some(labels),
            annotations: source.metadata.annotations.clone(),
            ..ObjectMeta::default()
        }),
        spec: Some(spec),
    }
}

/// The runner's pod spec: with `separate`, the operator replaces the runner's affinity
/// with a required anti-affinity against other runners (`app=k6`, `runner=true`) on
/// `kubernetes.io/hostname`, so the starter and initializer may share a runner's node.
fn runner_spec(spec: &TestRunSpec) -> PodSpec {
    let mut pod = pod_spec(&spec.runner, "k6", DEFAULT_RUNNER_IMAGE, spec, true);
    if spec.separate {
        let selector = LabelSelector {
            match_expressions: Some(vec![
                LabelSelectorRequirement {
                    key: "app".to_string(),
                    operator: "In".to_string(),
                    values: Some(vec!["k6".to_string()]),
                },
                LabelSelectorRequirement {
                    key: "runner".to_string(),
                    operator: "In".to_string(),
                    values: Some(vec!["true".to_string()]),
                },
            ]),
            match_labels: None,
        };
        pod.affinity = Some(Affinity {
            pod_anti_affinity: Some(PodAntiAffinity {
                required_during_scheduling_ignored_during_execution: Some(vec![PodAffinityTerm {
                    label_selector: Some(selector),
                    topology_key: "kubernetes.io/hostname".to_string(),
                    ..PodAffinityTerm::default()
                }]),
                ..PodAntiAffinity::default()
            }),
            ..Affinity::default()
        });
    }
    pod
}

/// Builds the pod spec the operator derives from a `Pod` sub-spec: one container with
/// the sub-spec's image and resources, the script volume for k6 containers, and
/// `restartPolicy: Never` as on every operator Job.
fn pod_spec(
    source: &K6PodSpec,
    container_name: &str,
    default_image: &str,
    spec: &TestRunSpec,
    runner: bool,
) -> PodSpec {
    let mut volumes = source.volumes.clone().unwrap_or_default();
    let mut mounts = source.volume_mounts.clone().unwrap_or_default();
    let is_k6 = container_name == "k6";
    if is_k6 && let Some(config_map) = spec.script.as_ref().and_then(|s| s.config_map.as_ref()) {
        volumes.push(Volume {
            name: "k6-test-volume".to_string(),
            config_map: Some(ConfigMapVolumeSource {
                name: config_map.name.clone(),
                ..ConfigMapVolumeSource::default()
            }),
            ..Volume::default()
        });
        mounts.push(VolumeMount {
            name: "k6-test-volume".to_string(),
            mount_path: "/test".to_string(),
            ..VolumeMount::default()
        });
    }

    let ports = runner.then(|| {
        vec![ContainerPort {
            container_port: K6_API_PORT,
            ..ContainerPort::default()
        }]
    });
    let container = Container {
        name: container_name.to_string(),
        image: Some(
            source
                .image
                .clone()
                .unwrap_or_else(|| default_image.to_string()),
        ),
        resources: source.resources.clone(),
        env: source.env.clone(),
        env_from: if is_k6 { source.env_from.clone() } else { None },
        volume_mounts: (!mounts.is_empty()).then_some(mounts),
        security_context: source.container_security_context.clone(),
        ports,
        ..Container::default()
    };
    PodSpec {
        containers: vec![container],
        init_containers: source.init_containers.clone(),
        affinity: source.affinity.clone(),
        node_selector: source.node_selector.clone(),
        tolerations: source.tolerations.clone(),
        topology_spread_constraints: source.topology_spread_constraints.clone(),
        security_context: source.security_context.clone(),
        service_account_name: source.service_account_name.clone(),
        image_pull_secrets: source.image_pull_secrets.clone(),
        priority_class_name: source.priority_class_name.clone(),
        scheduler_name: source.scheduler_name.clone(),
        volumes: (!volumes.is_empty()).then_some(volumes),
        restart_policy: Some("Never".to_string()),
        ..PodSpec::default()
    }
}
