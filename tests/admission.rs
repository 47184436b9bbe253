//! Admission: LimitRange defaults on workload pods and DaemonSets, and ResourceQuota
//! rejections with the API server's wording.

use std::path::{Path, PathBuf};

use capplan::admission::{RejectionReason, admit, daemon_sets_with_defaults};
use capplan::cluster::ClusterState;
use capplan::cluster::load::{load_snapshot_files, parse_snapshot};
use capplan::cluster::requests::pod_requests;
use capplan::manifest::{load_manifests, parse_manifests};

fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn cluster(text: &str) -> ClusterState {
    parse_snapshot(Path::new("cluster.yaml"), text)
        .unwrap()
        .state
}

fn daemon_set(name: &str, namespace: &str, cpu: Option<&str>) -> String {
    let resources = match cpu {
        Some(cpu) => format!("{{requests: {{cpu: {cpu}}}}}"),
        None => "{}".to_string(),
    };
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec:\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    spec:\n      containers: [{{name: {name}, resources: {resources}}}]\n"
    )
}

#[test]
fn limitrange_defaults_reach_daemonsets() {
    // DaemonSets declare 50 + 100 + 30 + 450 = 630m; `node-agent` declares nothing and
    // its namespace's LimitRange gives it a 1 CPU default request: 1630m in total.
    let text = [
        daemon_set("aws-node", "kube-system", Some("50m")),
        daemon_set("kube-proxy", "kube-system", Some("100m")),
        daemon_set("ebs-csi-node", "kube-system", Some("30m")),
        daemon_set("fluent-bit", "logging", Some("450m")),
        daemon_set("node-agent", "agents", None),
        "apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults, namespace: agents}\nspec:\n  limits:\n    - type: Container\n      defaultRequest: {cpu: \"1\"}\n      default: {cpu: \"2\"}\n".to_string(),
    ]
    .join("---\n");
    let state = cluster(&text);

    let total = |daemon_sets: &[k8s_openapi::api::apps::v1::DaemonSet]| -> i64 {
        daemon_sets
            .iter()
            .map(|ds| {
                let spec = ds.spec.as_ref().unwrap().template.spec.as_ref().unwrap();
                pod_requests(spec).unwrap().cpu_millis
            })
            .sum()
    };
    assert_eq!(total(&state.daemon_sets), 630);
    let defaulted = daemon_sets_with_defaults(&state);
    assert_eq!(total(&defaulted), 1630);

    // A 15-CPU pod on a 16-vCPU node (allocatable 16000 - 110 = 15890m):
    // 15000 + 630 = 15630 fits, 15000 + 1630 = 16630 does not.
    let allocatable = 16000 - 110;
    assert!(15000 + total(&state.daemon_sets) <= allocatable);
    assert!(15000 + total(&defaulted) > allocatable);
}

#[test]
fn limitrange_defaults_reach_workload_pods() {
    let state = load_snapshot_files(&[scenarios().join("snapshot/eks-loadtest.json")]).unwrap();
    let manifests =
        load_manifests(&[scenarios().join("manifests/testrun-30k.yaml")], None).unwrap();
    let admission = admit(&manifests.workloads, &state).unwrap();
    assert!(
        admission.rejections.is_empty(),
        "{:?}",
        admission.rejections
    );
    // The starter states no resources; load-test's LimitRange gives 250m/256Mi requests.
    let starter = admission.workloads[0].pods.last().unwrap();
    let requests = pod_requests(starter.spec.as_ref().unwrap()).unwrap();
    assert_eq!(requests.cpu_millis, 250);
    assert_eq!(requests.memory_bytes, 256 << 20);
}

#[test]
fn quota_equal_to_usage_rejects_surge_pod() {
    let text = "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: namespace-quota, namespace: app}\nspec:\n  hard: {limits.cpu: \"6\", limits.memory: 12Gi}\nstatus:\n  used: {limits.cpu: \"6\", limits.memory: 12Gi}\n";
    let state = cluster(text);
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    spec:\n      containers:\n        - name: web\n          resources: {limits: {cpu: \"1\", memory: 2Gi}}\n";
    let manifests = parse_manifests(Path::new("web.yaml"), deployment, None).unwrap();
    let admission = admit(&manifests.workloads, &state).unwrap();
    assert!(admission.workloads[0].pods.is_empty());
    let rejection = &admission.rejections[0];
    // 6 + 1 = 7 > 6 CPU and 12 + 2 = 14 > 12Gi.
    assert_eq!(
        rejection.message,
        "pods \"web-xxxxxxxxxx-\" is forbidden: exceeded quota: namespace-quota, \
         requested: limits.cpu=1,limits.memory=2Gi, used: limits.cpu=6,limits.memory=12Gi, \
         limited: limits.cpu=6,limits.memory=12Gi"
    );
    assert_eq!(rejection.finding().code, "quota-exceeded");
}

#[test]
fn quota_rejects_small_cpu_overrun() {
    // 40m used + 20m requested = 60m > 50m.
    let text = "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: app}\nspec:\n  hard: {requests.cpu: 50m}\nstatus:\n  used: {requests.cpu: 40m}\n";
    let state = cluster(text);
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: app}\nspec:\n  containers:\n    - name: c\n      resources: {requests: {cpu: 20m}}\n";
    let manifests = parse_manifests(Path::new("p.yaml"), pod, None).unwrap();
    let admission = admit(&manifests.workloads, &state).unwrap();
    let RejectionReason::QuotaExceeded {
        requested,
        used,
        limited,
        ..
    } = &admission.rejections[0].reason
    else {
        panic!("expected a quota rejection");
    };
    assert_eq!(requested["requests.cpu"], 20);
    assert_eq!(used["requests.cpu"], 40);
    assert_eq!(limited["requests.cpu"], 50);
    assert!(admission.rejections[0].message.ends_with(
        "requested: requests.cpu=20m, used: requests.cpu=40m, limited: requests.cpu=50m"
    ));
}

#[test]
fn bundled_quota_admits_seven_parts_not_eight() {
    let state = load_snapshot_files(&[scenarios().join("snapshot/eks-loadtest.json")]).unwrap();
    let jobs = std::fs::read_to_string(scenarios().join("manifests/30k/k6-job-parallel-30k.yaml"))
        .unwrap();
    let mut text = jobs.clone();
    for part in [7, 8] {
        text.push_str("---\n");
        text.push_str(
            &jobs
                .split("---\n")
                .next()
                .unwrap()
                .replace("part1", &format!("part{part}")),
        );
    }
    let manifests = parse_manifests(Path::new("jobs.yaml"), &text, None).unwrap();
    let admission = admit(&manifests.workloads, &state).unwrap();
    // Existing load-test pods use limits 2 + 1 = 3 CPU and 3Gi + 2Gi = 5Gi; each part
    // adds 3 CPU and 6Gi. After seven: 3 + 21 = 24 CPU (= hard 24) and 5 + 42 = 47Gi.
    // The eighth would reach 27 > 24 CPU and 53Gi > 48Gi.
    assert_eq!(admission.rejections.len(), 1);
    assert_eq!(
        admission.rejections[0].message,
        "pods \"k6-loadtest-30k-part8-\" is forbidden: exceeded quota: load-test-quota, \
         requested: limits.cpu=3,limits.memory=6Gi, used: limits.cpu=24,limits.memory=47Gi, \
         limited: limits.cpu=24,limits.memory=48Gi"
    );
}

#[test]
fn limitrange_max_rejects_pod() {
    let text = "apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr, namespace: app}\nspec:\n  limits:\n    - type: Container\n      max: {cpu: \"2\"}\n";
    let state = cluster(text);
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: app}\nspec:\n  containers:\n    - name: c\n      resources: {limits: {cpu: \"3\"}}\n";
    let manifests = parse_manifests(Path::new("p.yaml"), pod, None).unwrap();
    let admission = admit(&manifests.workloads, &state).unwrap();
    assert_eq!(
        admission.rejections[0].message,
        "pods \"p\" is forbidden: maximum cpu usage per Container is 2, but limit is 3"
    );
}
