//! Workload expansion from manifests: Jobs, Indexed Jobs, Deployments, TestRuns,
//! missing ConfigMaps and errors that name the file, document and object.

use std::path::{Path, PathBuf};

use capplan::cluster::ClusterState;
use capplan::cluster::load::load_snapshot_files;
use capplan::manifest::{Stage, load_manifests, parse_manifests};

fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn names(pods: &[k8s_openapi::api::core::v1::Pod]) -> Vec<String> {
    pods.iter()
        .map(|pod| pod.metadata.name.clone().unwrap())
        .collect()
}

#[test]
fn thirty_k_directory_gives_six_jobs() {
    let manifests = load_manifests(&[scenarios().join("manifests/30k")], None).unwrap();
    // Sorted order: the ConfigMap file comes before the Job file.
    assert_eq!(manifests.config_maps.len(), 6);
    assert_eq!(manifests.workloads.len(), 6);
    assert_eq!(manifests.pods().count(), 6);
    let first = &manifests.workloads[0];
    assert_eq!(first.label(), "Job load-test/k6-loadtest-30k-part1");
    assert_eq!(names(&first.pods), ["k6-loadtest-30k-part1-xxxxx"]);
    let labels = first.pods[0].metadata.labels.as_ref().unwrap();
    assert_eq!(labels["part"], "1");
    assert_eq!(labels["test"], "30k-distributed");
    assert_eq!(labels["job-name"], "k6-loadtest-30k-part1");
    let owner = &first.pods[0].metadata.owner_references.as_ref().unwrap()[0];
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str()),
        ("Job", "k6-loadtest-30k-part1")
    );
    // The first Job fills lines 1-42 of its file and `---` is line 43, so the second
    // Job starts on line 44.
    assert_eq!(first.origin.line, 1);
    assert_eq!(manifests.workloads[1].origin.document, 2);
    assert_eq!(manifests.workloads[1].origin.line, 44);
}

#[test]
fn configmaps_found_in_manifests_or_cluster() {
    let jobs = scenarios().join("manifests/30k/k6-job-parallel-30k.yaml");
    let only_jobs = load_manifests(std::slice::from_ref(&jobs), None).unwrap();
    // Without the ConfigMap file and with an empty cluster, all six are missing.
    let findings = only_jobs.config_map_findings(&ClusterState::default());
    assert_eq!(findings.len(), 6);
    assert_eq!(findings[0].code, "configmap-missing");
    assert_eq!(findings[0].values["configmap"], "k6-script-30k-part1");
    // The bundled snapshot defines them.
    let cluster = load_snapshot_files(&[scenarios().join("snapshot/eks-loadtest.json")]).unwrap();
    assert!(only_jobs.config_map_findings(&cluster).is_empty());
}

#[test]
fn indexed_job_names_and_labels() {
    let text = "apiVersion: batch/v1
kind: Job
metadata:
  name: k6
spec:
  parallelism: 3
  completions: 5
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: k6
          image: grafana/k6
";
    let manifests = parse_manifests(Path::new("job.yaml"), text, Some("load-test")).unwrap();
    let workload = &manifests.workloads[0];
    // min(parallelism 3, completions 5) = 3 pods, indexes 0..2.
    assert_eq!(
        names(&workload.pods),
        ["k6-0-xxxxx", "k6-1-xxxxx", "k6-2-xxxxx"]
    );
    let index = &workload.pods[2].metadata.labels.as_ref().unwrap()["batch.kubernetes.io/job-completion-index"];
    assert_eq!(index, "2");
    assert_eq!(workload.namespace, "load-test");
}

#[test]
fn job_completions_below_parallelism() {
    let text = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  parallelism: 4\n  completions: 2\n  template:\n    spec:\n      containers:\n        - name: c\n";
    let manifests = parse_manifests(Path::new("j.yaml"), text, None).unwrap();
    // min(4, 2) = 2 pods; non-indexed names end in an ordinal placeholder.
    assert_eq!(names(&manifests.workloads[0].pods), ["j-xxxxx", "j-xxxx1"]);
    assert_eq!(manifests.workloads[0].namespace, "default");
}

#[test]
fn deployment_replicas_default_to_one() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: c\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: api\n  template:\n    spec:\n      containers:\n        - name: c\n";
    let manifests = parse_manifests(Path::new("d.yaml"), text, None).unwrap();
    assert_eq!(manifests.workloads[0].pods.len(), 1);
    assert_eq!(manifests.workloads[1].pods.len(), 3);
    assert_eq!(
        manifests.workloads[0].pods[0].metadata.name.as_deref(),
        Some("web-xxxxxxxxxx-xxxxx")
    );
}

#[test]
fn testrun_creates_initializer_runners_starter() {
    let manifests =
        load_manifests(&[scenarios().join("manifests/testrun-30k.yaml")], None).unwrap();
    let workload = &manifests.workloads[0];
    // 1 initializer + 6 runners + 1 starter.
    assert_eq!(workload.pods.len(), 8);
    assert_eq!(workload.stages[0], Stage::Before);
    assert_eq!(workload.stages[7], Stage::After);
    assert_eq!(
        workload.pods[1].metadata.name.as_deref(),
        Some("k6-30k-1-xxxxx")
    );
    assert_eq!(
        workload.pods[7].metadata.name.as_deref(),
        Some("k6-30k-starter-xxxxx")
    );
    // The initializer copies the runner's resources when `initializer` is unset.
    let init = &workload.pods[0].spec.as_ref().unwrap().containers[0];
    let requests = init.resources.as_ref().unwrap().requests.as_ref().unwrap();
    assert_eq!(requests["cpu"].0, "2");
    let runner_labels = workload.pods[1].metadata.labels.as_ref().unwrap();
    assert_eq!(runner_labels["runner"], "true");
    assert_eq!(runner_labels["k6_cr"], "k6-30k");
    // `separate: false` leaves the runner without anti-affinity.
    assert!(workload.pods[1].spec.as_ref().unwrap().affinity.is_none());
}

#[test]
fn testrun_separate_adds_anti_affinity() {
    let text = "apiVersion: k6.io/v1alpha1\nkind: TestRun\nmetadata:\n  name: t\nspec:\n  parallelism: 2\n  separate: true\n  script:\n    configMap:\n      name: s\n";
    let manifests = parse_manifests(Path::new("t.yaml"), text, None).unwrap();
    let pods = &manifests.workloads[0].pods;
    assert_eq!(pods.len(), 4);
    let runner = pods[1].spec.as_ref().unwrap();
    let terms = runner
        .affinity
        .as_ref()
        .unwrap()
        .pod_anti_affinity
        .as_ref()
        .unwrap()
        .required_during_scheduling_ignored_during_execution
        .as_ref()
        .unwrap();
    assert_eq!(terms[0].topology_key, "kubernetes.io/hostname");
    // The starter carries no anti-affinity, so it may share a runner's node.
    assert!(pods[3].spec.as_ref().unwrap().affinity.is_none());
}

#[test]
fn configmap_and_service_are_notes() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: m\n";
    let manifests = parse_manifests(Path::new("m.yaml"), text, None).unwrap();
    assert!(manifests.workloads.is_empty());
    assert_eq!(manifests.notes.len(), 3);
    assert_eq!(manifests.config_maps[0].name, "c");
}

#[test]
fn not_yaml_names_file_and_document() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\nkind: [unclosed\n";
    let error = parse_manifests(Path::new("bad.yaml"), text, None)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("bad.yaml:"), "{error}");
    assert!(error.contains("(document 2)"), "{error}");
}

#[test]
fn unknown_kind_is_an_error() {
    let text = "apiVersion: batch/v1\nkind: Jobb\nmetadata:\n  name: j\n";
    let error = parse_manifests(Path::new("k.yaml"), text, None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("k.yaml:1 (document 1, Jobb default/j)"),
        "{error}"
    );
    assert!(error.contains("unknown kind Jobb"), "{error}");
}

#[test]
fn missing_spec_is_an_error() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  namespace: load-test\n";
    let error = parse_manifests(Path::new("s.yaml"), text, None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("s.yaml:6 (document 2, Job load-test/j)"),
        "{error}"
    );
    assert!(error.contains("spec is missing"), "{error}");
}

#[test]
fn bad_quantity_names_field_and_line() {
    let text = "apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: k6
      resources:
        requests:
          memory: 1Gi
        limits:
          cpu: 2Gb
";
    let error = parse_manifests(Path::new("p.yaml"), text, None)
        .unwrap_err()
        .to_string();
    // `cpu: 2Gb` is on line 12.
    assert!(
        error.contains("p.yaml:12 (document 1, Pod default/p)"),
        "{error}"
    );
    assert!(
        error.contains("spec.containers[k6].resources.limits.cpu"),
        "{error}"
    );
    assert!(error.contains("2Gb"), "{error}");
}
