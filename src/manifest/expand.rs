//! Expansion of pod-creating objects into the pods their controllers create.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Pod, PodSpec, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

use super::document::{self, Document, ObjectLabel, TypeMeta};
use super::{Manifests, Note, Origin, Stage, Workload, field_error, testrun};
use crate::Error;
use crate::cluster::ObjectName;
use crate::cluster::requests::{pod_limits, pod_requests};

/// The generated-name placeholder for the random suffix the API server appends.
pub(crate) const SUFFIX: &str = "xxxxx";

/// API versions of built-in groups: a kind in one of these that capplan does not know is
/// a typo, not a custom resource.
const BUILT_IN_API_VERSIONS: [&str; 12] = [
    "v1",
    "apps/v1",
    "batch/v1",
    "networking.k8s.io/v1",
    "policy/v1",
    "rbac.authorization.k8s.io/v1",
    "autoscaling/v1",
    "autoscaling/v2",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1",
    "k6.io/v1alpha1",
    "karpenter.sh/v1",
];

/// Built-in kinds that create no pods by themselves when applied.
const PODLESS_KINDS: [&str; 24] = [
    "ConfigMap",
    "Secret",
    "Service",
    "ServiceAccount",
    "Namespace",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "Endpoints",
    "LimitRange",
    "ResourceQuota",
    "Role",
    "RoleBinding",
    "ClusterRole",
    "ClusterRoleBinding",
    "NetworkPolicy",
    "Ingress",
    "IngressClass",
    "PodDisruptionBudget",
    "HorizontalPodAutoscaler",
    "PriorityClass",
    "StorageClass",
    "CronJob",
    "DaemonSet",
    "NodePool",
];

/// Reads one document into `manifests`: a workload, a ConfigMap name or a note.
pub(crate) fn read_document(
    doc: &Document,
    default_namespace: &str,
    manifests: &mut Manifests,
) -> crate::Result<()> {
    let value = doc.value()?;
    let meta = document::type_meta(doc, &value)?;
    let mut label = ObjectLabel::from_value(&value);
    let namespace = label
        .namespace
        .clone()
        .unwrap_or_else(|| default_namespace.to_string());
    label.namespace = Some(namespace.clone());

    if label.name.is_empty() && meta.kind != "List" {
        return Err(Error::input(
            doc.object_location(doc.start_line, &label),
            crate::t!("input-missing-name"),
        ));
    }

    let origin = Origin {
        path: doc.path.clone(),
        document: doc.index,
        line: doc.start_line,
    };
    let workload = |pods: Vec<Pod>, stages: Vec<Stage>| Workload {
        kind: meta.kind.clone(),
        namespace: namespace.clone(),
        name: label.name.clone(),
        origin: origin.clone(),
        pods,
        stages,
    };

    match (meta.api_version.as_str(), meta.kind.as_str()) {
        ("v1", "Pod") => {
            let pod: Pod = doc.typed_strict(&label)?;
            let spec = required_spec(doc, &label, pod.spec.as_ref())?;
            validate_resources(doc, &label, spec, "spec")?;
            let mut pod = pod;
            pod.metadata.namespace = Some(namespace.clone());
            pod.status = None;
            manifests
                .workloads
                .push(workload(vec![pod], vec![Stage::Main]));
        }
        ("batch/v1", "Job") => {
            let job: Job = doc.typed_strict(&label)?;
            let pods = expand_job(doc, &label, &job, &namespace)?;
            let stages = vec![Stage::Main; pods.len()];
            manifests.workloads.push(workload(pods, stages));
        }
        ("apps/v1", "Deployment") => {
            let deployment: Deployment = doc.typed_strict(&label)?;
            let spec = required_spec(doc, &label, deployment.spec.as_ref())?;
            validate_template(doc, &label, &spec.template, "spec.template.spec")?;
            let replicas = non_negative(doc, &label, spec.replicas, "spec.replicas", 1)?;
            // A Deployment's pods belong to its ReplicaSet `<deployment>-<pod-template-hash>`.
            let hash = "x".repeat(10);
            let replica_set = format!("{}-{hash}", label.name);
            let owner = owner("apps/v1", "ReplicaSet", &replica_set);
            let extra = BTreeMap::from([("pod-template-hash".to_string(), hash)]);
            let pods = (0..replicas)
                .map(|ordinal| {
                    let name = format!("{replica_set}-{}", suffix(ordinal));
                    pod_from_template(&spec.template, &namespace, &name, &owner, &extra)
                })
                .collect::<Vec<_>>();
            let stages = vec![Stage::Main; pods.len()];
            manifests.workloads.push(workload(pods, stages));
        }
        ("apps/v1", "ReplicaSet") => {
            let replica_set: ReplicaSet = doc.typed_strict(&label)?;
            let spec = required_spec(doc, &label, replica_set.spec.as_ref())?;
            validate_template(
                doc,
                &label,
                spec.template
                    .as_ref()
                    .unwrap_or(&PodTemplateSpec::default()),
                "spec.template.spec",
            )?;
            let template = spec.template.clone().unwrap_or_default();
            let replicas = non_negative(doc, &label, spec.replicas, "spec.replicas", 1)?;
            let owner = owner("apps/v1", "ReplicaSet", &label.name);
            let pods = (0..replicas)
                .map(|ordinal| {
                    let name = format!("{}-{}", label.name, suffix(ordinal));
                    pod_from_template(&template, &namespace, &name, &owner, &BTreeMap::new())
                })
                .collect::<Vec<_>>();
            let stages = vec![Stage::Main; pods.len()];
            manifests.workloads.push(workload(pods, stages));
        }
        ("apps/v1", "StatefulSet") => {
            let stateful_set: StatefulSet = doc.typed_strict(&label)?;
            let spec = required_spec(doc, &label, stateful_set.spec.as_ref())?;
            validate_template(doc, &label, &spec.template, "spec.template.spec")?;
            let replicas = non_negative(doc, &label, spec.replicas, "spec.replicas", 1)?;
            let start = spec
                .ordinals
                .as_ref()
                .and_then(|ordinals| ordinals.start)
                .unwrap_or(0);
            let owner = owner("apps/v1", "StatefulSet", &label.name);
            let pods = (0..replicas)
                .map(|offset| {
                    let ordinal = i64::from(start) + offset;
                    let name = format!("{}-{ordinal}", label.name);
                    // Labels the StatefulSet controller adds (`pkg/controller/statefulset`).
                    let extra = BTreeMap::from([
                        (
                            "statefulset.kubernetes.io/pod-name".to_string(),
                            name.clone(),
                        ),
                        (
                            "apps.kubernetes.io/pod-index".to_string(),
                            ordinal.to_string(),
                        ),
                    ]);
                    pod_from_template(&spec.template, &namespace, &name, &owner, &extra)
                })
                .collect::<Vec<_>>();
            let stages = vec![Stage::Main; pods.len()];
            manifests.workloads.push(workload(pods, stages));
        }
        ("k6.io/v1alpha1", "TestRun" | "K6") => {
            let test_run: testrun::TestRun = doc.typed(&label)?;
            let (pods, stages) = testrun::expand(doc, &label, &test_run, &namespace)?;
            manifests.workloads.push(workload(pods, stages));
        }
        ("v1", "ConfigMap") => {
            manifests.config_maps.push(ObjectName {
                namespace: namespace.clone(),
                name: label.name.clone(),
            });
            manifests.notes.push(skipped(doc, &label, &meta));
        }
        (api_version, kind) => {
            // A workload kind under another version of its own group is a typo the API
            // server would refuse ("no matches for kind"), not an object to skip. Other
            // groups may define a kind of the same name (Volcano's Job), so they are skipped.
            if let Some(expected) = workload_api_version(kind)
                && api_group(expected) == api_group(api_version)
            {
                return Err(Error::input(
                    doc.object_location(doc.start_line, &label),
                    crate::t!(
                        "manifest-wrong-api-version",
                        kind = kind.to_string(),
                        found = api_version.to_string(),
                        expected = expected
                    ),
                ));
            }
            let built_in = BUILT_IN_API_VERSIONS.contains(&api_version);
            if built_in && !PODLESS_KINDS.contains(&kind) {
                return Err(Error::input(
                    doc.object_location(doc.start_line, &label),
                    crate::t!(
                        "manifest-unknown-kind",
                        kind = kind.to_string(),
                        api_version = api_version.to_string()
                    ),
                ));
            }
            manifests.notes.push(skipped(doc, &label, &meta));
        }
    }
    Ok(())
}

/// Returns the group of an apiVersion: `batch` for `batch/v1`, empty for `v1`.
fn api_group(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// The apiVersion each workload kind capplan expands is served under.
fn workload_api_version(kind: &str) -> Option<&'static str> {
    match kind {
        "Pod" => Some("v1"),
        "Job" => Some("batch/v1"),
        "Deployment" | "ReplicaSet" | "StatefulSet" => Some("apps/v1"),
        "TestRun" | "K6" => Some("k6.io/v1alpha1"),
        _ => None,
    }
}

fn skipped(doc: &Document, label: &ObjectLabel, meta: &TypeMeta) -> Note {
    Note {
        location: doc.object_location(doc.start_line, label),
        message: crate::t!(
            "manifest-object-skipped",
            kind = meta.kind.clone(),
            api_version = meta.api_version.clone()
        ),
    }
}

fn required_spec<'a, T>(
    doc: &Document,
    label: &ObjectLabel,
    spec: Option<&'a T>,
) -> crate::Result<&'a T> {
    spec.ok_or_else(|| {
        Error::input(
            doc.object_location(doc.start_line, label),
            crate::t!("input-missing-field", field = "spec"),
        )
    })
}

/// The most pods one workload may expand to. Kubernetes' documented scale limit is
/// 150,000 pods per cluster; one load test far beyond this is a typo, and expanding it
/// would exhaust memory.
pub const MAX_PODS_PER_WORKLOAD: i64 = 10_000;

fn non_negative(
    doc: &Document,
    label: &ObjectLabel,
    value: Option<i32>,
    field: &str,
    default: i64,
) -> crate::Result<i64> {
    match value {
        None => Ok(default),
        Some(count) if i64::from(count) > MAX_PODS_PER_WORKLOAD => Err(field_error(
            doc,
            label,
            field,
            &crate::t!(
                "input-count-too-large",
                value = count,
                limit = MAX_PODS_PER_WORKLOAD
            ),
        )),
        Some(count) if count >= 0 => Ok(i64::from(count)),
        Some(count) => Err(field_error(
            doc,
            label,
            field,
            &crate::t!("input-negative-count", value = count),
        )),
    }
}

/// Expands a Job: `min(parallelism, completions)` pods start at once, where parallelism
/// defaults to 1 and completions, when unset, to parallelism (`pkg/controller/job`).
/// Indexed Jobs get indexes 0.. and the completion-index label; a suspended Job creates none.
fn expand_job(
    doc: &Document,
    label: &ObjectLabel,
    job: &Job,
    namespace: &str,
) -> crate::Result<Vec<Pod>> {
    let spec = required_spec(doc, label, job.spec.as_ref())?;
    validate_template(doc, label, &spec.template, "spec.template.spec")?;
    if spec.suspend == Some(true) {
        return Ok(Vec::new());
    }
    let parallelism = non_negative(doc, label, spec.parallelism, "spec.parallelism", 1)?;
    let completions = non_negative(
        doc,
        label,
        spec.completions,
        "spec.completions",
        parallelism,
    )?;
    let count = parallelism.min(completions);
    let indexed = spec.completion_mode.as_deref() == Some("Indexed");

    let owner = owner("batch/v1", "Job", &label.name);
    let mut pods = Vec::new();
    for ordinal in 0..count {
        // Labels the Job controller adds to every pod (`pkg/controller/job/job_controller.go`).
        let mut extra = BTreeMap::from([
            (
                "batch.kubernetes.io/job-name".to_string(),
                label.name.clone(),
            ),
            ("job-name".to_string(), label.name.clone()),
        ]);
        let name = if indexed {
            extra.insert(
                "batch.kubernetes.io/job-completion-index".to_string(),
                ordinal.to_string(),
            );
            format!("{}-{ordinal}-{SUFFIX}", label.name)
        } else {
            format!("{}-{}", label.name, suffix(ordinal))
        };
        pods.push(pod_from_template(
            &spec.template,
            namespace,
            &name,
            &owner,
            &extra,
        ));
    }
    Ok(pods)
}

/// Returns the generated-name placeholder for the `ordinal`-th pod with one prefix.
pub(crate) fn suffix(ordinal: i64) -> String {
    if ordinal == 0 {
        return SUFFIX.to_string();
    }
    let digits = ordinal.to_string();
    let pad = SUFFIX.len().saturating_sub(digits.len());
    format!("{}{digits}", "x".repeat(pad))
}

/// Returns the `generateName` prefix of a name that ends in a suffix placeholder.
fn generate_name(name: &str) -> Option<String> {
    let (prefix, last) = name.rsplit_once('-')?;
    let placeholder = last.len() == SUFFIX.len()
        && last.starts_with('x')
        && last.chars().all(|c| c == 'x' || c.is_ascii_digit());
    placeholder.then(|| format!("{prefix}-"))
}

pub(crate) fn owner(api_version: &str, kind: &str, name: &str) -> OwnerReference {
    OwnerReference {
        api_version: api_version.to_string(),
        kind: kind.to_string(),
        name: name.to_string(),
        controller: Some(true),
        block_owner_deletion: Some(true),
        uid: String::new(),
    }
}

/// Builds a pod from a template: its labels and annotations, the controller's labels
/// (`extra`), the namespace and an owner reference.
pub(crate) fn pod_from_template(
    template: &PodTemplateSpec,
    namespace: &str,
    name: &str,
    owner: &OwnerReference,
    extra: &BTreeMap<String, String>,
) -> Pod {
    let template_meta = template.metadata.clone().unwrap_or_default();
    let mut labels = template_meta.labels.unwrap_or_default();
    labels.extend(extra.clone());
    Pod {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            generate_name: generate_name(name),
            namespace: Some(namespace.to_string()),
            labels: Some(labels),
            annotations: template_meta.annotations,
            owner_references: Some(vec![owner.clone()]),
            ..ObjectMeta::default()
        },
        spec: template.spec.clone(),
        status: None,
    }
}

fn validate_template(
    doc: &Document,
    label: &ObjectLabel,
    template: &PodTemplateSpec,
    prefix: &str,
) -> crate::Result<()> {
    match &template.spec {
        Some(spec) => validate_resources(doc, label, spec, prefix),
        None => Err(Error::input(
            doc.object_location(doc.start_line, label),
            crate::t!("input-missing-field", field = prefix.to_string()),
        )),
    }
}

/// Checks every resource quantity of a pod spec, naming the field of the first invalid one.
pub(crate) fn validate_resources(
    doc: &Document,
    label: &ObjectLabel,
    spec: &PodSpec,
    prefix: &str,
) -> crate::Result<()> {
    let checked = pod_limits(spec).and_then(|_| pod_requests(spec));
    let Err(invalid) = checked else {
        return Ok(());
    };
    let field = format!("{prefix}.{}", invalid.field);
    Err(field_error(doc, label, &field, &invalid.error.to_string()))
}
