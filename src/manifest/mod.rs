//! Workloads from manifest files (`-f FILE|DIR`): the pods that Pods, Jobs, Deployments,
//! StatefulSets, ReplicaSets and k6-operator TestRuns will create, before admission.
//!
//! Names of generated pods follow the controllers' patterns, with the random
//! `generateName` suffix shown as `xxxxx`. When one controller creates several pods
//! with the same prefix, the suffix ends in the pod's ordinal (`xxxx1`, `xxxx2`).

pub mod document;
mod expand;
mod testrun;

use std::collections::BTreeSet;
use std::path::PathBuf;

use k8s_openapi::api::core::v1::{Pod, PodSpec};

use crate::Error;
use crate::cluster::{ClusterState, ObjectName};
use crate::finding::{Finding, Severity};

pub use document::{Document, ObjectLabel, TypeMeta};
pub use testrun::{K6PodSpec, TestRun, TestRunSpec};

/// Where a workload was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    /// 1-based position among the file's non-empty documents.
    pub document: usize,
    /// 1-based line where the document starts.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{} (document {})",
            self.path.display(),
            self.line,
            self.document
        )
    }
}

/// When a workload's pod runs relative to the others of the same workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Runs for the workload's duration (Job pods, replicas, k6 runners).
    Main,
    /// Runs to completion before the main pods are created (the k6-operator initializer).
    Before,
    /// Created once every main pod is Ready (the k6-operator starter).
    After,
}

/// An object that creates pods, with the pods it will create.
#[derive(Debug, Clone)]
pub struct Workload {
    /// `Pod`, `Job`, `Deployment`, `StatefulSet`, `ReplicaSet`, `TestRun` or `K6`.
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub origin: Origin,
    /// The pods in creation order, with the template's labels and spec and an owner
    /// reference to the controller that creates them.
    pub pods: Vec<Pod>,
    /// The stage of each pod, parallel to `pods`.
    pub stages: Vec<Stage>,
}

impl Workload {
    /// Returns `Kind namespace/name`, the form used in messages.
    pub fn label(&self) -> String {
        format!("{} {}/{}", self.kind, self.namespace, self.name)
    }
}

/// An object that was read but creates no pods, or a remark about one that does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The file, document and object the note is about.
    pub location: String,
    pub message: String,
}

/// Everything read from the manifest files.
#[derive(Debug, Clone, Default)]
pub struct Manifests {
    pub workloads: Vec<Workload>,
    /// ConfigMaps defined in the manifests.
    pub config_maps: Vec<ObjectName>,
    pub notes: Vec<Note>,
}

/// Reads manifest files and directories into workloads. Objects without a namespace go
/// to `default_namespace`, or `default` when none is given.
pub fn load_manifests(
    paths: &[PathBuf],
    default_namespace: Option<&str>,
) -> crate::Result<Manifests> {
    let namespace = default_namespace.unwrap_or("default");
    let mut manifests = Manifests::default();
    for file in document::expand_paths(paths)? {
        for doc in document::read_documents(&file)? {
            expand::read_document(&doc, namespace, &mut manifests)?;
        }
    }
    Ok(manifests)
}

/// Reads workloads from text, as if it were the file `path`; used by tests and stdin.
pub fn parse_manifests(
    path: &std::path::Path,
    text: &str,
    default_namespace: Option<&str>,
) -> crate::Result<Manifests> {
    let namespace = default_namespace.unwrap_or("default");
    let mut manifests = Manifests::default();
    for doc in document::split_documents(path, text) {
        expand::read_document(&doc, namespace, &mut manifests)?;
    }
    Ok(manifests)
}

impl Manifests {
    /// Returns every pod of every workload, in file order.
    pub fn pods(&self) -> impl Iterator<Item = &Pod> {
        self.workloads
            .iter()
            .flat_map(|workload| workload.pods.iter())
    }

    /// Finds pods that reference a ConfigMap (volume, projected volume, `envFrom` or
    /// `valueFrom`) that neither the manifests nor the cluster define. The kubelet keeps
    /// such a pod in ContainerCreating, unless the reference is marked optional.
    pub fn config_map_findings(&self, cluster: &ClusterState) -> Vec<Finding> {
        let known: BTreeSet<(&str, &str)> = self
            .config_maps
            .iter()
            .chain(cluster.config_maps.iter())
            .map(|name| (name.namespace.as_str(), name.name.as_str()))
            .collect();

        let mut findings = Vec::new();
        for workload in &self.workloads {
            let mut reported = BTreeSet::new();
            for pod in &workload.pods {
                let Some(spec) = &pod.spec else { continue };
                for config_map in required_config_maps(spec) {
                    let key = (workload.namespace.as_str(), config_map.as_str());
                    if known.contains(&key) || !reported.insert(config_map.clone()) {
                        continue;
                    }
                    let message = crate::t!(
                        "manifest-configmap-missing",
                        workload = workload.label(),
                        namespace = workload.namespace.clone(),
                        configmap = config_map.clone()
                    );
                    findings.push(
                        Finding::new("configmap-missing", Severity::Error, message)
                            .with_subject(workload.label())
                            .with_value("namespace", workload.namespace.clone())
                            .with_value("configmap", config_map),
                    );
                }
            }
        }
        findings
    }
}

/// Lists the ConfigMaps a pod cannot start without.
pub fn required_config_maps(spec: &PodSpec) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for volume in spec.volumes.iter().flatten() {
        if let Some(source) = &volume.config_map
            && source.optional != Some(true)
        {
            names.insert(source.name.clone());
        }
        for projection in volume
            .projected
            .iter()
            .flat_map(|projected| projected.sources.iter().flatten())
        {
            if let Some(source) = &projection.config_map
                && source.optional != Some(true)
            {
                names.insert(source.name.clone());
            }
        }
    }
    let containers = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten());
    for container in containers {
        for source in container.env_from.iter().flatten() {
            if let Some(reference) = &source.config_map_ref
                && reference.optional != Some(true)
            {
                names.insert(reference.name.clone());
            }
        }
        for variable in container.env.iter().flatten() {
            if let Some(selector) = variable
                .value_from
                .as_ref()
                .and_then(|source| source.config_map_key_ref.as_ref())
                && selector.optional != Some(true)
            {
                names.insert(selector.name.clone());
            }
        }
    }
    names
}

/// Builds the input error for an invalid field of an object in a document.
pub(crate) fn field_error(
    doc: &Document,
    object: &ObjectLabel,
    field: &str,
    detail: &str,
) -> Error {
    let line = doc.line_of_field(field).unwrap_or(doc.start_line);
    Error::input(
        doc.object_location(line, object),
        crate::t!(
            "input-invalid-field",
            field = field.to_string(),
            detail = detail.to_string()
        ),
    )
}
