//! Cluster state from files: the bundled EKS snapshot, YAML and JSON Lists, merging,
//! the ClusterSnapshot round trip and errors that name the object.

use std::path::{Path, PathBuf};

use capplan::cluster::load::{load_snapshot_files, parse_snapshot};
use capplan::cluster::requests::{pod_requests, resources_from_map};
use capplan::cluster::snapshot::write_snapshot;
use capplan::cluster::{ClusterState, KarpenterVisibility};

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/snapshot/eks-loadtest.json")
}

fn free_on(state: &ClusterState, node: &str) -> (i64, i64, i64) {
    let node_object = state
        .nodes
        .iter()
        .find(|n| n.metadata.name.as_deref() == Some(node))
        .unwrap();
    let allocatable = node_object
        .status
        .as_ref()
        .unwrap()
        .allocatable
        .as_ref()
        .unwrap();
    let allocatable = resources_from_map(allocatable, "allocatable").unwrap();
    let mut used = capplan::quantity::Resources::default();
    for pod in &state.pods {
        let spec = pod.spec.as_ref().unwrap();
        if spec.node_name.as_deref() == Some(node) {
            used.add(&pod_requests(spec).unwrap());
        }
    }
    let free = allocatable.minus(&used);
    (free.cpu_millis, free.memory_bytes >> 20, free.pods)
}

#[test]
fn bundled_snapshot_counts() {
    let state = load_snapshot_files(&[bundled()]).unwrap();
    assert_eq!(state.nodes.len(), 2);
    // 5 DaemonSet pods on each of 2 nodes, 2 load-test pods, 3 kube-system pods;
    // the Succeeded k6 pod is dropped.
    assert_eq!(state.pods.len(), 10 + 2 + 3);
    assert_eq!(state.daemon_sets.len(), 5);
    assert_eq!(state.node_pools.len(), 2);
    assert_eq!(state.node_classes.len(), 1);
    assert_eq!(state.resource_quotas.len(), 1);
    assert_eq!(state.limit_ranges.len(), 1);
    assert_eq!(state.config_maps.len(), 7);
    assert_eq!(state.karpenter, KarpenterVisibility::Known);
}

#[test]
fn bundled_snapshot_free_capacity() {
    let state = load_snapshot_files(&[bundled()]).unwrap();
    // t3a.2xlarge: 7910m, 29317Mi, 58 pods. DaemonSets 50+100+30 = 180m, 104Mi, 5 pods;
    // mock-backend 1500m/2048Mi and k6-smoke 500m/1024Mi.
    // Free: 7910 - 2180 = 5730m, 29317 - 3176 = 26141Mi, 58 - 7 = 51 pods.
    assert_eq!(
        free_on(&state, "ip-10-0-1-10.ec2.internal"),
        (5730, 26141, 51)
    );
    // t3a.xlarge: 3920m, 14162Mi. DaemonSets 180m/104Mi, two coredns 100m/70Mi,
    // karpenter 1000m/1024Mi. Free: 3920 - 1380 = 2540m, 14162 - 1268 = 12894Mi, 50 pods.
    assert_eq!(
        free_on(&state, "ip-10-0-2-20.ec2.internal"),
        (2540, 12894, 50)
    );
}

const NODE_YAML: &str = "apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Node
    metadata:
      name: n1
    status:
      allocatable:
        cpu: 3920m
        memory: 14162Mi
        pods: \"58\"
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: k6
      namespace: load-test
    data:
      secret: never-kept
  - apiVersion: v1
    kind: Service
    metadata:
      name: web
      namespace: default
";

#[test]
fn yaml_list_equals_json_list() {
    let from_yaml = parse_snapshot(Path::new("state.yaml"), NODE_YAML).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(NODE_YAML).unwrap();
    let json = serde_json::to_string(&value).unwrap();
    let from_json = parse_snapshot(Path::new("state.json"), &json).unwrap();
    assert_eq!(from_yaml.state.nodes, from_json.state.nodes);
    assert_eq!(from_yaml.state.config_maps, from_json.state.config_maps);
    assert_eq!(from_yaml.state.nodes.len(), 1);
    // The Service is skipped with a note; no Karpenter objects means not installed.
    assert!(
        from_yaml
            .notes
            .iter()
            .any(|n| n.message.contains("Service"))
    );
    assert_eq!(from_yaml.state.karpenter, KarpenterVisibility::NotInstalled);
}

#[test]
fn later_file_replaces_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.yaml");
    let second = dir.path().join("b.yaml");
    std::fs::write(&first, NODE_YAML).unwrap();
    std::fs::write(&second, NODE_YAML.replace("3920m", "7910m")).unwrap();
    let state = load_snapshot_files(&[first, second]).unwrap();
    assert_eq!(state.nodes.len(), 1);
    let allocatable = state.nodes[0]
        .status
        .as_ref()
        .unwrap()
        .allocatable
        .as_ref()
        .unwrap();
    assert_eq!(allocatable["cpu"].0, "7910m");
    assert_eq!(state.sources.len(), 2);
}

#[test]
fn snapshot_round_trip_strips_secrets() {
    let state = load_snapshot_files(&[bundled()]).unwrap();
    let written = write_snapshot(&state);
    assert!(!written.contains("not-a-real-secret"));
    assert!(!written.contains("nodepool-hash"));
    assert!(!written.contains("data is never read"));
    let again = parse_snapshot(Path::new("snap.json"), &written)
        .unwrap()
        .state;
    assert_eq!(again.nodes.len(), state.nodes.len());
    assert_eq!(again.pods.len(), state.pods.len());
    assert_eq!(again.node_pools, state.node_pools);
    assert_eq!(again.config_maps, state.config_maps);
    assert_eq!(again.resource_quotas, state.resource_quotas);
    assert_eq!(again.karpenter, KarpenterVisibility::Known);
}

#[test]
fn bad_allocatable_names_item_and_field() {
    let text = NODE_YAML.replace("cpu: 3920m", "cpu: 4x");
    let error = parse_snapshot(Path::new("state.yaml"), &text)
        .unwrap_err()
        .to_string();
    assert!(
        // The item starts on line 4, at `- apiVersion: v1`.
        error.contains("state.yaml:4 (document 1, items[0], Node n1)"),
        "{error}"
    );
    assert!(error.contains("status.allocatable.cpu"), "{error}");
}

#[test]
fn wrong_item_shape_names_item() {
    let text = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: p\n      namespace: x\n    spec:\n      containers: oops\n";
    let error = parse_snapshot(Path::new("s.yaml"), text)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("s.yaml:4 (document 1, items[0], Pod x/p)"),
        "{error}"
    );
    assert!(error.contains("invalid type"), "{error}");
}

#[test]
fn yaml_item_error_names_file_line() {
    // Document 2 starts on line 5, after the `---` on line 4. Its items[1] starts at
    // the `- kind: Pod` on line 12 of the file.
    let text = "\
apiVersion: v1
kind: Namespace
metadata: {name: x}
---
apiVersion: v1
kind: List
items:
- kind: Pod
  apiVersion: v1
  metadata: {name: ok, namespace: x}
  spec: {containers: [{name: c, image: i}]}
- kind: Pod
  apiVersion: v1
  metadata: {name: bad, namespace: x}
  spec:
    containers:
    - name: c
      image: i
      resources: {requests: {cpu: 2x}}
";
    let error = parse_snapshot(Path::new("two.yaml"), text)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("two.yaml:12 (document 2, items[1], Pod x/bad)"),
        "{error}"
    );
}

#[test]
fn yaml_snapshot_section_names_file_line() {
    // pods[1] starts on line 9, at its `- metadata:`.
    let text = "\
apiVersion: capplan.io/v1alpha1
kind: ClusterSnapshot
pods:
- metadata: {name: a, namespace: x}
  spec:
    nodeName: n1
    containers:
    - {name: c, image: i}
- metadata: {name: b, namespace: x}
  spec:
    nodeName: n1
    containers:
    - name: c
      image: i
      resources: {limits: {memory: -1Gi}}
";
    let error = parse_snapshot(Path::new("snap.yaml"), text)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("snap.yaml:9 (document 1, pods[1], Pod x/b)"),
        "{error}"
    );
}

#[test]
fn list_items_must_be_objects() {
    let text = "apiVersion: v1\nkind: List\nitems:\n  - just a string\n";
    let error = parse_snapshot(Path::new("s.yaml"), text)
        .unwrap_err()
        .to_string();
    assert!(error.contains("items[0]"), "{error}");
}
