//! The scheduling simulation: each kube-scheduler filter deciding alone, the
//! FailedScheduling text, placement counts and Karpenter's provisioning rules.

use std::collections::BTreeMap;

use capplan::cluster::{ClusterPod, ClusterState, NodePool};
use capplan::finding::Severity;
use capplan::i18n::{Lang, with_language};
use capplan::quantity::Resources;
use capplan::simulate::{
    InstanceOffer, PodOutcome, RejectionReason, SimulateOptions, TaintReasonForm, Verdict, simulate,
};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Node, Pod};
use serde_json::{Value, json};

const MI: i64 = 1024 * 1024;
const GI: i64 = 1024 * MI;

fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (key, value) in patch {
                merge(base.entry(key).or_insert(Value::Null), value);
            }
        }
        (base, patch) => *base = patch,
    }
}

/// Builds a node with allocatable cpu/memory/pods and a hostname label, plus a JSON patch.
fn node(name: &str, cpu: &str, memory: &str, pods: i64, patch: Value) -> Node {
    let mut value = json!({
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}},
        "spec": {},
        "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": pods.to_string()}},
    });
    merge(&mut value, patch);
    serde_json::from_value(value).unwrap()
}

/// Builds a pod in namespace `load` with one container's requests, plus a JSON patch.
fn pod(name: &str, cpu: &str, memory: &str, patch: Value) -> Pod {
    let mut value = json!({
        "metadata": {"name": name, "namespace": "load"},
        "spec": {"containers": [{"name": "main", "resources": {"requests": {"cpu": cpu, "memory": memory}}}]},
    });
    merge(&mut value, patch);
    serde_json::from_value(value).unwrap()
}

fn bound(mut pod: Pod, node: &str) -> Pod {
    pod.spec.as_mut().unwrap().node_name = Some(node.to_string());
    pod
}

fn node_pool(value: Value) -> NodePool {
    serde_json::from_value(value).unwrap()
}

fn daemon_set(name: &str, pod_spec: Value) -> DaemonSet {
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "kube-system"},
        "spec": {"selector": {}, "template": {"spec": pod_spec}},
    }))
    .unwrap()
}

/// Builds an instance type with capacity and modelled allocatable in millicores and MiB.
fn offer(
    name: &str,
    vcpu: i64,
    capacity_mib: i64,
    allocatable: (i64, i64),
    pods: i64,
    price_micros: i64,
) -> InstanceOffer {
    let family = name.split('.').next().unwrap();
    InstanceOffer {
        name: name.to_string(),
        labels: BTreeMap::from([
            (
                "node.kubernetes.io/instance-type".to_string(),
                name.to_string(),
            ),
            (
                "karpenter.k8s.aws/instance-family".to_string(),
                family.to_string(),
            ),
            (
                "karpenter.k8s.aws/instance-cpu".to_string(),
                vcpu.to_string(),
            ),
            ("kubernetes.io/arch".to_string(), "amd64".to_string()),
            (
                "karpenter.sh/capacity-type".to_string(),
                "on-demand".to_string(),
            ),
        ]),
        capacity: Resources {
            pods,
            ..Resources::new(vcpu * 1000, capacity_mib * MI)
        },
        allocatable_model: Resources {
            pods,
            ..Resources::new(allocatable.0, allocatable.1 * MI)
        },
        allocatable_real: None,
        price_micros,
    }
}

/// t3a.xlarge: 4 vCPU, 16384 MiB − ceil(0.075 × 16384) = 15155 MiB capacity;
/// allocatable 4000 − 80 = 3920m and 15155 − 893 − 100 = 14162 MiB; 58 pods; $0.1504/h.
fn t3a_xlarge() -> InstanceOffer {
    offer("t3a.xlarge", 4, 15155, (3920, 14162), 58, 150_400)
}

/// t3a.2xlarge: 8 vCPU, 32768 − 2458 = 30310 MiB; allocatable 7910m, 29317 MiB; 58 pods; $0.3008/h.
fn t3a_2xlarge() -> InstanceOffer {
    offer("t3a.2xlarge", 8, 30310, (7910, 29317), 58, 300_800)
}

fn cluster(nodes: Vec<Node>, pods: Vec<Pod>) -> ClusterState {
    ClusterState {
        nodes,
        pods: pods.into_iter().map(ClusterPod::from).collect(),
        ..ClusterState::default()
    }
}

fn run(cluster: &ClusterState, pods: &[Pod]) -> Verdict {
    simulate(cluster, pods, &[], &SimulateOptions::default()).unwrap()
}

fn pending_message(verdict: &Verdict, id: &str) -> String {
    match &verdict.pod(id).unwrap().outcome {
        PodOutcome::Pending { message, .. } => message.clone(),
        other => panic!("{id} is not Pending: {other:?}"),
    }
}

fn scheduled_node(verdict: &Verdict, id: &str) -> String {
    match &verdict.pod(id).unwrap().outcome {
        PodOutcome::Scheduled { node } => node.clone(),
        other => panic!("{id} is not Scheduled: {other:?}"),
    }
}

const NOT_HELPFUL_1: &str =
    "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
const NO_VICTIMS_1: &str =
    "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";

#[test]
fn cordoned_node_is_unschedulable() {
    let state = cluster(
        vec![node(
            "n1",
            "4",
            "16Gi",
            58,
            json!({"spec": {"unschedulable": true}}),
        )],
        vec![],
    );
    let verdict = run(&state, &[pod("p", "1", "1Gi", json!({}))]);
    assert_eq!(
        pending_message(&verdict, "load/p"),
        format!("0/1 nodes are available: 1 node(s) were unschedulable. {NOT_HELPFUL_1}")
    );
}

#[test]
fn cordon_toleration_lets_pod_in() {
    let state = cluster(
        vec![node(
            "n1",
            "4",
            "16Gi",
            58,
            json!({"spec": {"unschedulable": true}}),
        )],
        vec![],
    );
    let tolerant = pod(
        "p",
        "1",
        "1Gi",
        json!({"spec": {"tolerations": [{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}]}}),
    );
    assert_eq!(scheduled_node(&run(&state, &[tolerant]), "load/p"), "n1");
}

#[test]
fn taint_reason_in_each_release_form() {
    let tainted = node(
        "n1",
        "4",
        "16Gi",
        58,
        json!({"spec": {"taints": [{"key": "dedicated", "value": "k6", "effect": "NoSchedule"}]}}),
    );
    let state = cluster(vec![tainted], vec![]);
    let pods = [pod("p", "1", "1Gi", json!({}))];
    let cases = [
        (
            TaintReasonForm::Aggregated,
            "1 node(s) had untolerated taint(s)",
        ),
        (
            TaintReasonForm::KeyValue,
            "1 node(s) had untolerated taint {dedicated: k6}",
        ),
        (
            TaintReasonForm::Legacy,
            "1 node(s) had taint {dedicated: k6}, that the pod didn't tolerate",
        ),
    ];
    for (form, reason) in cases {
        let options = SimulateOptions {
            taint_reason_form: form,
            ..SimulateOptions::default()
        };
        let verdict = simulate(&state, &pods, &[], &options).unwrap();
        assert_eq!(
            pending_message(&verdict, "load/p"),
            format!("0/1 nodes are available: {reason}. {NOT_HELPFUL_1}")
        );
    }
}

#[test]
fn prefer_no_schedule_taint_does_not_filter() {
    let tainted = node(
        "n1",
        "4",
        "16Gi",
        58,
        json!({"spec": {"taints": [{"key": "spot", "effect": "PreferNoSchedule"}]}}),
    );
    let verdict = run(
        &cluster(vec![tainted], vec![]),
        &[pod("p", "1", "1Gi", json!({}))],
    );
    assert_eq!(scheduled_node(&verdict, "load/p"), "n1");
}

#[test]
fn node_selector_mismatch() {
    let state = cluster(
        vec![node(
            "n1",
            "4",
            "16Gi",
            58,
            json!({"metadata": {"labels": {"role": "web"}}}),
        )],
        vec![],
    );
    let selective = pod(
        "p",
        "1",
        "1Gi",
        json!({"spec": {"nodeSelector": {"role": "load"}}}),
    );
    assert_eq!(
        pending_message(&run(&state, &[selective]), "load/p"),
        format!(
            "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. {NOT_HELPFUL_1}"
        )
    );
}

#[test]
fn required_node_affinity_terms_are_ored() {
    let state = cluster(
        vec![node(
            "n1",
            "4",
            "16Gi",
            58,
            json!({"metadata": {"labels": {"role": "load"}}}),
        )],
        vec![],
    );
    let affinity = json!({"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
    "nodeSelectorTerms": [
        {"matchExpressions": [{"key": "role", "operator": "In", "values": ["web"]}]},
        {"matchExpressions": [{"key": "role", "operator": "In", "values": ["load"]}]}
    ]}}}}});
    assert_eq!(
        scheduled_node(&run(&state, &[pod("p", "1", "1Gi", affinity)]), "load/p"),
        "n1"
    );
}

#[test]
fn host_port_conflict() {
    let with_port = json!({"spec": {"containers": [{"name": "main", "ports": [{"containerPort": 6565, "hostPort": 6565}],
        "resources": {"requests": {"cpu": "100m"}}}]}});
    let state = cluster(
        vec![node("n1", "4", "16Gi", 58, json!({}))],
        vec![bound(pod("old", "1", "1Gi", with_port.clone()), "n1")],
    );
    let verdict = run(&state, &[pod("p", "1", "1Gi", with_port)]);
    assert_eq!(
        pending_message(&verdict, "load/p"),
        format!(
            "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. {NO_VICTIMS_1}"
        )
    );
}

#[test]
fn resources_fit_lists_every_short_resource() {
    // Allocatable 2000m / 4Gi / 2 pods; two bound pods use 1500m / 3Gi / 2 slots.
    // The new 1000m / 2Gi pod: 2 + 1 > 2 pods, 1000 > 500m, 2Gi > 1Gi.
    let state = cluster(
        vec![node("n1", "2", "4Gi", 2, json!({}))],
        vec![
            bound(pod("a", "1", "2Gi", json!({})), "n1"),
            bound(pod("b", "500m", "1Gi", json!({})), "n1"),
        ],
    );
    let verdict = run(&state, &[pod("p", "1", "2Gi", json!({}))]);
    assert_eq!(
        pending_message(&verdict, "load/p"),
        format!(
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. {NO_VICTIMS_1}"
        )
    );
}

#[test]
fn ephemeral_storage_and_extended_resources() {
    // The node has 10Gi ephemeral storage and no GPU; the pod requests 20Gi and one GPU.
    let gpu_node = node(
        "n1",
        "4",
        "16Gi",
        58,
        json!({"status": {"allocatable": {"ephemeral-storage": "10Gi"}}}),
    );
    let hungry = json!({"spec": {"containers": [{"name": "main", "resources": {"requests": {
        "cpu": "1", "ephemeral-storage": "20Gi", "nvidia.com/gpu": "1"}}}]}});
    let verdict = run(
        &cluster(vec![gpu_node], vec![]),
        &[pod("p", "1", "1Gi", hungry)],
    );
    assert_eq!(
        pending_message(&verdict, "load/p"),
        format!(
            "0/1 nodes are available: 1 Insufficient ephemeral-storage, 1 Insufficient nvidia.com/gpu. {NO_VICTIMS_1}"
        )
    );
}

#[test]
fn first_failing_filter_names_the_node() {
    // The node is tainted and too small: TaintToleration runs before NodeResourcesFit,
    // so only the taint is reported, and preemption cannot help.
    let tainted = node(
        "n1",
        "500m",
        "1Gi",
        58,
        json!({"spec": {"taints": [{"key": "a", "effect": "NoExecute"}]}}),
    );
    let verdict = run(
        &cluster(vec![tainted], vec![]),
        &[pod("p", "1", "2Gi", json!({}))],
    );
    assert_eq!(
        pending_message(&verdict, "load/p"),
        format!("0/1 nodes are available: 1 node(s) had untolerated taint(s). {NOT_HELPFUL_1}")
    );
}

#[test]
fn failed_scheduling_counts_and_sorts_reasons() {
    // Ten 1-CPU nodes too small for a 2-CPU pod and two tainted nodes. Go's sort.Strings
    // puts "10 Insufficient cpu" before "2 node(s)…" ('1' < '2').
    let mut nodes: Vec<Node> = (0..10)
        .map(|i| node(&format!("small-{i}"), "1", "4Gi", 58, json!({})))
        .collect();
    for i in 0..2 {
        nodes.push(node(
            &format!("tainted-{i}"),
            "8",
            "32Gi",
            58,
            json!({"spec": {"taints": [{"key": "a", "effect": "NoSchedule"}]}}),
        ));
    }
    let verdict = run(&cluster(nodes, vec![]), &[pod("p", "2", "1Gi", json!({}))]);
    assert_eq!(
        pending_message(&verdict, "load/p"),
        "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint(s). \
         preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, \
         2 Preemption is not helpful for scheduling."
    );
}

#[test]
fn no_nodes_at_all() {
    let verdict = run(&ClusterState::default(), &[pod("p", "1", "1Gi", json!({}))]);
    assert_eq!(
        pending_message(&verdict, "load/p"),
        "no nodes available to schedule pods"
    );
}

#[test]
fn finished_pods_hold_nothing() {
    // A Succeeded pod bound with 3 CPU does not count; the 3-CPU pod fits the 3920m node.
    let done = json!({"status": {"phase": "Succeeded"}});
    let state = cluster(
        vec![node("n1", "3920m", "14162Mi", 58, json!({}))],
        vec![bound(pod("done", "3", "1Gi", done), "n1")],
    );
    assert_eq!(
        scheduled_node(&run(&state, &[pod("p", "3", "1Gi", json!({}))]), "load/p"),
        "n1"
    );
}

#[test]
fn least_allocated_spreads_and_counts_fit() {
    // Three t3a.xlarge nodes (3920m) and six 2000m pods: one per node fits
    // (2 × 2000 = 4000 > 3920), so three run and three are Pending. LeastAllocated
    // sends each pod to an empty node first.
    let nodes: Vec<Node> = (1..=3)
        .map(|i| node(&format!("n{i}"), "3920m", "14162Mi", 58, json!({})))
        .collect();
    let pods: Vec<Pod> = (1..=6)
        .map(|i| pod(&format!("k6-{i}"), "2", "4Gi", json!({})))
        .collect();
    let verdict = run(&cluster(nodes, vec![]), &pods);
    let placed: Vec<String> = (1..=3)
        .map(|i| scheduled_node(&verdict, &format!("load/k6-{i}")))
        .collect();
    assert_eq!(placed, ["n1", "n2", "n3"]);
    for i in 4..=6 {
        assert_eq!(
            pending_message(&verdict, &format!("load/k6-{i}")),
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
        );
    }
    assert!(!verdict.passes());
    assert_eq!(verdict.exit_code(), 1);
}

fn zone_node(name: &str, zone: &str, cpu: &str) -> Node {
    node(
        name,
        cpu,
        "16Gi",
        58,
        json!({"metadata": {"labels": {"topology.kubernetes.io/zone": zone}}}),
    )
}

fn zone_spread() -> Value {
    json!({"metadata": {"labels": {"app": "web"}}, "spec": {"topologySpreadConstraints": [{
        "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
        "labelSelector": {"matchLabels": {"app": "web"}}}]}})
}

#[test]
fn topology_spread_skew() {
    // Zone a contains one web pod, zone b none (its node is too small for 1 CPU).
    // On a: skew = 1 + 1 − min(1, 0) = 2 > maxSkew 1. On b: Insufficient cpu.
    let state = cluster(
        vec![zone_node("a1", "a", "4"), zone_node("b1", "b", "500m")],
        vec![bound(
            pod(
                "web-0",
                "100m",
                "1Gi",
                json!({"metadata": {"labels": {"app": "web"}}}),
            ),
            "a1",
        )],
    );
    let verdict = run(&state, &[pod("web-1", "1", "1Gi", zone_spread())]);
    assert_eq!(
        pending_message(&verdict, "load/web-1"),
        "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints. \
         preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."
    );
}

#[test]
fn topology_spread_missing_label() {
    let state = cluster(vec![node("n1", "4", "16Gi", 58, json!({}))], vec![]);
    let verdict = run(&state, &[pod("web-1", "1", "1Gi", zone_spread())]);
    assert_eq!(
        pending_message(&verdict, "load/web-1"),
        format!(
            "0/1 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label). {NOT_HELPFUL_1}"
        )
    );
}

#[test]
fn topology_spread_balances_zones() {
    // Four pods over zones a and b with maxSkew 1 land two per zone.
    let state = cluster(
        vec![zone_node("a1", "a", "8"), zone_node("b1", "b", "8")],
        vec![],
    );
    let pods: Vec<Pod> = (0..4)
        .map(|i| pod(&format!("web-{i}"), "1", "1Gi", zone_spread()))
        .collect();
    let verdict = run(&state, &pods);
    let in_a = (0..4)
        .filter(|i| scheduled_node(&verdict, &format!("load/web-{i}")) == "a1")
        .count();
    assert_eq!(in_a, 2);
}

fn runner_anti_affinity(selector: Value) -> Value {
    json!({"metadata": {"labels": {"app": "k6", "k6_cr": "k6-sample", "runner": "true"}},
        "spec": {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{
            "labelSelector": selector, "topologyKey": "kubernetes.io/hostname"}]}}}})
}

#[test]
fn anti_affinity_one_runner_per_node() {
    // Three runners that repel each other on kubernetes.io/hostname and two large nodes:
    // two run, the third is Pending on both nodes.
    let nodes = vec![
        node("n1", "8", "32Gi", 58, json!({})),
        node("n2", "8", "32Gi", 58, json!({})),
    ];
    let selector = json!({"matchLabels": {"runner": "true"}});
    let pods: Vec<Pod> = (1..=3)
        .map(|i| {
            pod(
                &format!("k6-{i}"),
                "1",
                "1Gi",
                runner_anti_affinity(selector.clone()),
            )
        })
        .collect();
    let verdict = run(&cluster(nodes, vec![]), &pods);
    assert_ne!(
        scheduled_node(&verdict, "load/k6-1"),
        scheduled_node(&verdict, "load/k6-2")
    );
    assert_eq!(
        pending_message(&verdict, "load/k6-3"),
        "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. \
         preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."
    );
}

fn default_pool(name: &str, extra: Value) -> NodePool {
    let mut value =
        json!({"metadata": {"name": name}, "spec": {"template": {"spec": {"requirements": []}}}});
    merge(&mut value, extra);
    node_pool(value)
}

fn karpenter_cluster(pools: Vec<NodePool>) -> ClusterState {
    ClusterState {
        node_pools: pools,
        ..ClusterState::default()
    }
}

fn new_node(verdict: &Verdict, id: &str) -> (String, String, String) {
    match &verdict.pod(id).unwrap().outcome {
        PodOutcome::OnNewNode {
            node_claim,
            node_pool,
            instance_type,
            ..
        } => (node_claim.clone(), node_pool.clone(), instance_type.clone()),
        other => panic!("{id} is not on a new node: {other:?}"),
    }
}

#[test]
fn heavier_node_pool_first() {
    let pools = vec![
        default_pool("spot", json!({"spec": {"weight": 10}})),
        default_pool("on-demand", json!({"spec": {"weight": 50}})),
    ];
    let verdict = simulate(
        &karpenter_cluster(pools),
        &[pod("p", "1", "1Gi", json!({}))],
        &[t3a_xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert_eq!(new_node(&verdict, "load/p").1, "on-demand");
    let order: Vec<&str> = verdict
        .node_pools
        .iter()
        .map(|pool| pool.node_pool.as_str())
        .collect();
    assert_eq!(order, ["on-demand", "spot"]);
}

#[test]
fn equal_weights_go_by_name_descending() {
    let pools = vec![
        default_pool("alpha", json!({})),
        default_pool("beta", json!({})),
    ];
    let verdict = simulate(
        &karpenter_cluster(pools),
        &[pod("p", "1", "1Gi", json!({}))],
        &[t3a_xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert_eq!(new_node(&verdict, "load/p").1, "beta");
}

#[test]
fn pool_requirements_filter_offers() {
    // c6i.2xlarge is cheaper per the offers below but the pool allows only t3a with
    // more than 4 vCPU, so a 3-CPU pod gets t3a.2xlarge, not t3a.xlarge or c6i.2xlarge.
    let pool = default_pool(
        "default",
        json!({"spec": {"template": {"spec": {"requirements": [
            {"key": "karpenter.k8s.aws/instance-family", "operator": "In", "values": ["t3a"]},
            {"key": "karpenter.k8s.aws/instance-cpu", "operator": "Gt", "values": ["4"]},
            {"key": "kubernetes.io/arch", "operator": "Exists"},
            {"key": "karpenter.k8s.aws/instance-size", "operator": "DoesNotExist"}
        ]}}}}),
    );
    let c6i = offer("c6i.2xlarge", 8, 15155, (7910, 14162), 58, 100_000);
    let verdict = simulate(
        &karpenter_cluster(vec![pool]),
        &[pod("p", "3", "1Gi", json!({}))],
        &[t3a_xlarge(), t3a_2xlarge(), c6i],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert_eq!(new_node(&verdict, "load/p").2, "t3a.2xlarge");
}

#[test]
fn pod_selector_filters_offers() {
    let mut graviton = offer("m7g.xlarge", 4, 15091, (3920, 14100), 58, 163_200);
    graviton
        .labels
        .insert("kubernetes.io/arch".to_string(), "arm64".to_string());
    let arm_pod = pod(
        "p",
        "1",
        "1Gi",
        json!({"spec": {"nodeSelector": {"kubernetes.io/arch": "arm64"}}}),
    );
    let verdict = simulate(
        &karpenter_cluster(vec![default_pool("default", json!({}))]),
        &[arm_pod],
        &[t3a_xlarge(), graviton],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert_eq!(new_node(&verdict, "load/p").2, "m7g.xlarge");
}

#[test]
fn unknown_label_is_incompatible() {
    // The pool does not set `team`, so no node it launches carries that label.
    let picky = pod(
        "p",
        "1",
        "1Gi",
        json!({"spec": {"nodeSelector": {"team": "perf"}}}),
    );
    let verdict = simulate(
        &karpenter_cluster(vec![default_pool("default", json!({}))]),
        &[picky],
        &[t3a_xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::Pending {
        node_pools,
        karpenter_message,
        ..
    } = &verdict.pod("load/p").unwrap().outcome
    else {
        panic!("expected Pending");
    };
    assert_eq!(node_pools[0].reasons, vec![RejectionReason::Requirements]);
    assert_eq!(
        karpenter_message.as_deref(),
        Some("Failed to schedule pod, incompatible requirements with nodepool \"default\"")
    );
}

fn eks_daemon_sets() -> Vec<DaemonSet> {
    // aws-node 50m, kube-proxy 100m, ebs-csi-node 30m/104Mi: 180m, 104Mi, 3 pods.
    vec![
        daemon_set(
            "aws-node",
            json!({"containers": [{"name": "c", "resources": {"requests": {"cpu": "50m"}}}]}),
        ),
        daemon_set(
            "kube-proxy",
            json!({"containers": [{"name": "c", "resources": {"requests": {"cpu": "100m"}}}]}),
        ),
        daemon_set(
            "ebs-csi-node",
            json!({"containers": [{"name": "c", "resources": {"requests": {"cpu": "30m", "memory": "104Mi"}}}]}),
        ),
    ]
}

#[test]
fn packing_keeps_fitting_types_and_launches_cheapest() {
    // Four 2000m/4Gi pods, DaemonSets 180m. Claim 1: pod 1 fits both types; with pod 2,
    // 4000 + 180 = 4180 > 3920 drops t3a.xlarge; pod 3: 6180 ≤ 7910; pod 4: 8180 > 7910
    // opens claim 2, which still allows t3a.xlarge (2180 ≤ 3920) and launches it as the
    // cheapest. Cost = 300800 + 150400 = 451200 micro-dollars per hour.
    let mut state = karpenter_cluster(vec![default_pool("default", json!({}))]);
    state.daemon_sets = eks_daemon_sets();
    let pods: Vec<Pod> = (1..=4)
        .map(|i| pod(&format!("k6-{i}"), "2", "4Gi", json!({})))
        .collect();
    let verdict = simulate(
        &state,
        &pods,
        &[t3a_xlarge(), t3a_2xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();

    assert_eq!(verdict.node_claims.len(), 2);
    assert_eq!(verdict.node_claims[0].instance_type, "t3a.2xlarge");
    assert_eq!(verdict.node_claims[0].pods.len(), 3);
    assert_eq!(verdict.node_claims[0].candidates, ["t3a.2xlarge"]);
    assert_eq!(verdict.node_claims[1].instance_type, "t3a.xlarge");
    assert_eq!(
        verdict.node_claims[1].candidates,
        ["t3a.xlarge", "t3a.2xlarge"]
    );
    assert_eq!(
        verdict.node_claims[0].daemonset_overhead,
        Resources {
            pods: 3,
            ..Resources::new(180, 104 * MI)
        }
    );
    let summary = &verdict.node_pools[0];
    assert_eq!(summary.nodes_to_launch, 2);
    assert_eq!(summary.price_micros_per_hour, 451_200);
    assert!(verdict.passes());
    assert_eq!(verdict.exit_code(), 0);
    assert_eq!(verdict.pod("load/k6-1").unwrap().start_seconds, Some(90));
}

#[test]
fn six_runners_need_two_large_nodes() {
    // The 30k step: six 2000m/4Gi pods with 180m DaemonSets. Three fit a t3a.2xlarge
    // (3 × 2000 + 180 = 6180 ≤ 7910, a fourth makes 8180), so Karpenter launches two
    // t3a.2xlarge: 2 × $0.3008 = $0.6016/h = 601600 micro-dollars.
    let mut state = karpenter_cluster(vec![default_pool("default", json!({}))]);
    state.daemon_sets = eks_daemon_sets();
    let pods: Vec<Pod> = (1..=6)
        .map(|i| pod(&format!("k6-{i}"), "2", "4Gi", json!({})))
        .collect();
    let verdict = simulate(
        &state,
        &pods,
        &[t3a_xlarge(), t3a_2xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert_eq!(
        verdict.node_pools[0].instance_types,
        BTreeMap::from([("t3a.2xlarge".to_string(), 2)])
    );
    assert_eq!(verdict.node_pools[0].price_micros_per_hour, 601_600);
}

#[test]
fn limits_subtract_largest_candidate() {
    // limits.cpu 100, status 88 → 12 vCPU left. Runners repel each other, so each needs
    // its own claim. Claim 1 allows t3a.xlarge (4) and t3a.2xlarge (8): Karpenter
    // subtracts the larger, 8 → 4 left. Claim 2: only t3a.xlarge (4 ≤ 4) → 0 left.
    // Runner 3: every type exceeds the limit, although two t3a.xlarge use only 8 of 12.
    let pool = default_pool(
        "default",
        json!({"spec": {"limits": {"cpu": "100"}}, "status": {"resources": {"cpu": "88"}}}),
    );
    let selector = json!({"matchLabels": {"runner": "true"}});
    let pods: Vec<Pod> = (1..=3)
        .map(|i| {
            pod(
                &format!("k6-{i}"),
                "1",
                "1Gi",
                runner_anti_affinity(selector.clone()),
            )
        })
        .collect();
    let verdict = simulate(
        &karpenter_cluster(vec![pool]),
        &pods,
        &[t3a_xlarge(), t3a_2xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();

    assert_eq!(new_node(&verdict, "load/k6-1").2, "t3a.xlarge");
    assert_eq!(new_node(&verdict, "load/k6-2").2, "t3a.xlarge");
    let PodOutcome::Pending {
        node_pools,
        karpenter_message,
        ..
    } = &verdict.pod("load/k6-3").unwrap().outcome
    else {
        panic!("expected Pending");
    };
    assert_eq!(
        node_pools[0].reasons,
        vec![RejectionReason::LimitsExceeded {
            remaining: BTreeMap::from([("cpu".to_string(), 0)])
        }]
    );
    assert_eq!(
        karpenter_message.as_deref(),
        Some(
            "Failed to schedule pod, all available instance types exceed limits for nodepool (NodePool=default)"
        )
    );
    let cpu = &verdict.node_pools[0].limits[0];
    assert_eq!(
        (cpu.limit, cpu.in_use, cpu.planned),
        (100_000, 88_000, 8_000)
    );
}

#[test]
fn node_limit_exhausted() {
    let pool = default_pool(
        "default",
        json!({"spec": {"limits": {"nodes": "2"}}, "status": {"resources": {"nodes": "2"}}}),
    );
    let verdict = simulate(
        &karpenter_cluster(vec![pool]),
        &[pod("p", "1", "1Gi", json!({}))],
        &[t3a_xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::Pending {
        node_pools,
        karpenter_message,
        ..
    } = &verdict.pod("load/p").unwrap().outcome
    else {
        panic!("expected Pending");
    };
    assert_eq!(
        node_pools[0].reasons,
        vec![RejectionReason::NodeLimit {
            limit: 2,
            in_use: 2
        }]
    );
    assert_eq!(
        karpenter_message.as_deref(),
        Some(
            "Failed to schedule pod, node limits have been exhausted for nodepool (NodePool=default)"
        )
    );
}

#[test]
fn daemon_set_overhead_counts_matching_pools_only() {
    // A 1-CPU DaemonSet tolerates the gpu pool's taint and selects its label; the
    // general pool's nodes carry neither, so only the gpu pool counts 1000m + 1 pod.
    let pools = vec![
        default_pool("general", json!({})),
        default_pool(
            "gpu",
            json!({"spec": {"template": {"metadata": {"labels": {"accel": "gpu"}},
            "spec": {"taints": [{"key": "gpu", "effect": "NoSchedule"}]}}}}),
        ),
    ];
    let mut state = karpenter_cluster(pools);
    state.daemon_sets = vec![daemon_set(
        "dcgm",
        json!({
        "nodeSelector": {"accel": "gpu"},
        "tolerations": [{"key": "gpu", "operator": "Exists"}],
        "containers": [{"name": "c", "resources": {"requests": {"cpu": "1"}}}]}),
    )];
    let gpu_pod = pod(
        "g",
        "1",
        "1Gi",
        json!({"spec": {"nodeSelector": {"accel": "gpu"}, "tolerations": [{"key": "gpu", "operator": "Exists"}]}}),
    );
    let plain_pod = pod("p", "1", "1Gi", json!({}));
    let verdict = simulate(
        &state,
        &[gpu_pod, plain_pod],
        &[t3a_xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();
    let overhead: BTreeMap<&str, &Resources> = verdict
        .node_claims
        .iter()
        .map(|claim| (claim.node_pool.as_str(), &claim.daemonset_overhead))
        .collect();
    assert_eq!(
        overhead["gpu"],
        &Resources {
            pods: 1,
            ..Resources::new(1000, 0)
        }
    );
    assert_eq!(overhead["general"], &Resources::default());
}

#[test]
fn live_node_allocatable_reveals_launch_loop() {
    // Karpenter models t3a.xlarge at 14162Mi; a live t3a.xlarge reports 14000Mi. A
    // 14100Mi pod fits the model and not the real node: 14100 − 14000 = 100Mi short.
    let live = node(
        "ip-10-0-0-1",
        "3920m",
        "14000Mi",
        58,
        json!({"metadata": {"labels": {"node.kubernetes.io/instance-type": "t3a.xlarge"}}}),
    );
    let mut state = karpenter_cluster(vec![default_pool("default", json!({}))]);
    state.nodes = vec![live];
    let verdict = simulate(
        &state,
        &[pod("p", "1", "14100Mi", json!({}))],
        &[t3a_xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::LaunchLoop {
        instance_type,
        reasons,
        shortfall,
        ..
    } = &verdict.pod("load/p").unwrap().outcome
    else {
        panic!("expected LaunchLoop");
    };
    assert_eq!(instance_type, "t3a.xlarge");
    assert_eq!(reasons, &["Insufficient memory"]);
    assert_eq!(shortfall.memory_bytes, 100 * MI);
    assert_eq!(
        verdict.node_claims[0].allocatable_real_source,
        capplan::simulate::AllocatableSource::LiveNode("ip-10-0-0-1".to_string())
    );
    assert_eq!(verdict.pod("load/p").unwrap().start_seconds, None);
    assert!(!verdict.passes());
}

#[test]
fn staggered_start_finding() {
    // One runner fits the existing node (start 0 s), the other waits for a new node
    // (90 s): 90 ≥ 60 s, so the TestRun gets a staggered-start warning.
    let mut state = karpenter_cluster(vec![default_pool("default", json!({}))]);
    state.nodes = vec![node("n1", "3920m", "14162Mi", 58, json!({}))];
    let runner = json!({"metadata": {"labels": {"k6_cr": "k6-sample"}}});
    let pods = [
        pod("k6-1", "2", "4Gi", runner.clone()),
        pod("k6-2", "2", "4Gi", runner),
    ];
    let verdict = simulate(&state, &pods, &[t3a_xlarge()], &SimulateOptions::default()).unwrap();
    let finding = verdict
        .findings
        .iter()
        .find(|finding| finding.code == "staggered-start")
        .unwrap();
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.values["spread_seconds"], 90);
    assert!(verdict.passes());
}

#[test]
fn stalled_workload_is_an_error() {
    let runner = json!({"metadata": {"labels": {"k6_cr": "k6-sample"}}});
    let state = cluster(vec![node("n1", "3920m", "14162Mi", 58, json!({}))], vec![]);
    let verdict = run(
        &state,
        &[
            pod("k6-1", "2", "4Gi", runner.clone()),
            pod("k6-2", "2", "4Gi", runner),
        ],
    );
    let finding = verdict
        .findings
        .iter()
        .find(|finding| finding.code == "workload-stalled")
        .unwrap();
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.values["stuck_parts"], 1);
}

#[test]
fn korean_explanation_keeps_scheduler_terms() {
    let pool = default_pool(
        "default",
        json!({"spec": {"template": {"spec": {"taints": [{"key": "a", "value": "b", "effect": "NoSchedule"}]}}}}),
    );
    let verdict = with_language(Lang::Ko, || {
        simulate(
            &karpenter_cluster(vec![pool]),
            &[pod("p", "1", "1Gi", json!({}))],
            &[t3a_xlarge()],
            &SimulateOptions::default(),
        )
        .unwrap()
    });
    let PodOutcome::Pending { node_pools, .. } = &verdict.pod("load/p").unwrap().outcome else {
        panic!("expected Pending");
    };
    assert_eq!(
        node_pools[0].explanation,
        "NodePool default에 파드가 허용(toleration)하지 않는 taint a=b:NoSchedule가 있습니다."
    );
    assert_eq!(
        node_pools[0].karpenter_error,
        "did not tolerate taint (a=b:NoSchedule)"
    );
}

#[test]
fn invalid_quantity_names_the_pod() {
    let error = simulate(
        &ClusterState::default(),
        &[pod("p", "2", "4GB", json!({}))],
        &[],
        &SimulateOptions::default(),
    )
    .unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with("Pod load/p: invalid resource quantity"),
        "{text}"
    );
    assert_eq!(error.exit_code(), 2);
}

#[test]
fn verdict_serializes() {
    let verdict = run(
        &cluster(vec![node("n1", "4", "16Gi", 58, json!({}))], vec![]),
        &[pod("p", "1", "1Gi", json!({}))],
    );
    let value = serde_json::to_value(&verdict).unwrap();
    assert_eq!(value["pods"][0]["outcome"]["outcome"], "scheduled");
    assert_eq!(value["pods"][0]["outcome"]["node"], "n1");
    let _ = GI;
}

/// Preflight builds offers only for the types some NodePool allows. Pool `a` lists two
/// types. Pool `b` allows the m5 family on amd64: the catalog CSV has 9 m5 sizes, all
/// priced in us-east-1. A pool that requires spot allows nothing, because only
/// on-demand offerings are modelled.
#[test]
fn instance_offers_pool_filter() {
    let catalog = capplan::catalog::Catalog::bundled().unwrap();
    let model = capplan::catalog::NodeModel::default();
    let requirement =
        |key: &str, values: &[&str]| json!({"key": key, "operator": "In", "values": values});
    let pools = vec![
        default_pool(
            "a",
            json!({"spec": {"template": {"spec": {"requirements": [
                requirement("node.kubernetes.io/instance-type", &["t3a.xlarge", "t3a.2xlarge"]),
            ]}}}}),
        ),
        default_pool(
            "b",
            json!({"spec": {"template": {"spec": {"requirements": [
                requirement("karpenter.k8s.aws/instance-family", &["m5"]),
                requirement("kubernetes.io/arch", &["amd64"]),
            ]}}}}),
        ),
        default_pool(
            "spot",
            json!({"spec": {"template": {"spec": {"requirements": [
                requirement("karpenter.sh/capacity-type", &["spot"]),
            ]}}}}),
        ),
    ];

    let offers =
        capplan::preflight::instance_offers(&catalog, &model, "us-east-1", &pools).unwrap();
    let mut names: Vec<&str> = offers.iter().map(|offer| offer.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "m5.12xlarge",
            "m5.16xlarge",
            "m5.24xlarge",
            "m5.2xlarge",
            "m5.4xlarge",
            "m5.8xlarge",
            "m5.large",
            "m5.metal",
            "m5.xlarge",
            "t3a.2xlarge",
            "t3a.xlarge",
        ]
    );
    assert!(offers.iter().all(|offer| {
        offer
            .labels
            .get("karpenter.sh/capacity-type")
            .map(String::as_str)
            == Some("on-demand")
    }));

    let spot_only = &pools[2..];
    let none = capplan::preflight::instance_offers(&catalog, &model, "us-east-1", spot_only);
    assert!(none.unwrap().is_empty());
    assert!(
        capplan::preflight::instance_offers(&catalog, &model, "us-east-1", &[])
            .unwrap()
            .is_empty()
    );
}
