//! Public reports of pods that went Pending, reproduced with their arithmetic:
//! Karpenter's memory model on small and large types, LimitRange-defaulted DaemonSets,
//! DaemonSet selectors, init containers, NodePool limits, max pods and k6 runners
//! that need a node each.

use std::collections::BTreeMap;

use capplan::cluster::{ClusterPod, ClusterState, NodePool};
use capplan::quantity::Resources;
use capplan::simulate::{
    DaemonSetOverheadSource, InstanceOffer, PodOutcome, RejectionReason, SimulateOptions, Verdict,
    simulate,
};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Node, Pod};
use serde_json::{Value, json};

const MI: i64 = 1024 * 1024;

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

fn node(name: &str, cpu: &str, memory: &str, pods: i64, patch: Value) -> Node {
    let mut value = json!({
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}},
        "spec": {},
        "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": pods.to_string()}},
    });
    merge(&mut value, patch);
    serde_json::from_value(value).unwrap()
}

fn pod(name: &str, resources: Value, patch: Value) -> Pod {
    let mut value = json!({
        "metadata": {"name": name, "namespace": "load"},
        "spec": {"containers": [{"name": "main", "resources": {"requests": resources}}]},
    });
    merge(&mut value, patch);
    serde_json::from_value(value).unwrap()
}

fn node_pool(value: Value) -> NodePool {
    serde_json::from_value(value).unwrap()
}

fn daemon_set(name: &str, requests: Value, pod_patch: Value) -> DaemonSet {
    let mut spec = json!({"containers": [{"name": name, "resources": {"requests": requests}}]});
    merge(&mut spec, pod_patch);
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "kube-system"},
        "spec": {"selector": {}, "template": {"spec": spec}},
    }))
    .unwrap()
}

/// Builds a pod as the DaemonSet controller creates it on `node`, with the requests admission gave it.
fn daemon_pod(daemon_set: &str, node: &str, requests: Value) -> Pod {
    serde_json::from_value(json!({
        "metadata": {"name": format!("{daemon_set}-{node}"), "namespace": "kube-system",
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": daemon_set, "uid": "u", "controller": true}]},
        "spec": {"nodeName": node, "containers": [{"name": daemon_set, "resources": {"requests": requests}}]},
    }))
    .unwrap()
}

fn offer(
    name: &str,
    labels: &[(&str, &str)],
    capacity: Resources,
    allocatable: Resources,
    price_micros: i64,
) -> InstanceOffer {
    let mut all = BTreeMap::from([(
        "node.kubernetes.io/instance-type".to_string(),
        name.to_string(),
    )]);
    for (key, value) in labels {
        all.insert(key.to_string(), value.to_string());
    }
    InstanceOffer {
        name: name.to_string(),
        labels: all,
        capacity,
        allocatable_model: allocatable,
        allocatable_real: None,
        price_micros,
    }
}

fn amounts(cpu_millis: i64, memory_mib: i64, pods: i64) -> Resources {
    Resources {
        pods,
        ..Resources::new(cpu_millis, memory_mib * MI)
    }
}

fn outcome<'a>(verdict: &'a Verdict, id: &str) -> &'a PodOutcome {
    &verdict.pod(id).unwrap().outcome
}

// C02: c5.large fits Karpenter's model by 14Mi and the pod stays Pending on the real node.

fn c02_daemon_sets() -> Vec<DaemonSet> {
    // Karpenter counted 1825m − 1600m = 225m CPU, 3100Mi − 3000Mi = 100Mi and 5 pods.
    vec![
        daemon_set("aws-node", json!({"cpu": "25m"}), json!({})),
        daemon_set("kube-proxy", json!({"cpu": "100m"}), json!({})),
        daemon_set("ebs-csi-node", json!({"cpu": "100m"}), json!({})),
        daemon_set("log-shipper", json!({"memory": "100Mi"}), json!({})),
        daemon_set("node-exporter", json!({}), json!({})),
    ]
}

fn c5_large() -> InstanceOffer {
    // Model: 4096 − ceil(0.075 × 4096 = 307.2) = 3788Mi capacity; allocatable
    // 3788 − (11 × 29 + 255 = 574) − 100 = 3114Mi, 2000 − 70 = 1930m, 29 pods.
    offer(
        "c5.large",
        &[],
        amounts(2000, 3788, 29),
        amounts(1930, 3114, 29),
        85_000,
    )
}

fn c5_xlarge() -> InstanceOffer {
    // 8192 − 615 = 7577Mi; allocatable 7577 − 893 − 100 = 6584Mi, 3920m, 58 pods.
    offer(
        "c5.xlarge",
        &[],
        amounts(4000, 7577, 58),
        amounts(3920, 6584, 58),
        170_000,
    )
}

fn c02_cluster() -> ClusterState {
    ClusterState {
        node_pools: vec![node_pool(json!({"metadata": {"name": "default"}}))],
        daemon_sets: c02_daemon_sets(),
        ..ClusterState::default()
    }
}

#[test]
fn c02_model_fits_real_node_does_not() {
    // Model: 1600 + 225 = 1825m ≤ 1930m, 3000 + 100 = 3100Mi ≤ 3114Mi, 1 + 5 = 6 ≤ 29
    // pods, so Karpenter launches the cheaper c5.large. The real node reports
    // 3106640Ki = 3181199360 bytes; 3100Mi = 3250585600 bytes, short by 69386240 bytes
    // (66.2Mi): Insufficient memory.
    let mut c5 = c5_large();
    c5.allocatable_real = Some(Resources {
        memory_bytes: 3_106_640 * 1024,
        ..amounts(1930, 0, 29)
    });
    let pods = [pod(
        "app",
        json!({"cpu": "1600m", "memory": "3000Mi"}),
        json!({}),
    )];
    let verdict = simulate(
        &c02_cluster(),
        &pods,
        &[c5, c5_xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();

    let PodOutcome::LaunchLoop {
        instance_type,
        reasons,
        shortfall,
        ..
    } = outcome(&verdict, "load/app")
    else {
        panic!(
            "expected LaunchLoop, got {:?}",
            outcome(&verdict, "load/app")
        );
    };
    assert_eq!(instance_type, "c5.large");
    assert_eq!(reasons, &["Insufficient memory"]);
    assert_eq!(shortfall.memory_bytes, 69_386_240);
    assert_eq!(shortfall.cpu_millis, 0);
    let claim = &verdict.node_claims[0];
    assert_eq!(
        claim.pod_requests.plus(&claim.daemonset_overhead),
        amounts(1825, 3100, 6)
    );
    assert!(!verdict.passes());
}

#[test]
fn c02_measured_allocatable_picks_next_size() {
    // With the measured 3106640Ki as Karpenter's figure, c5.large no longer fits
    // (3100Mi > 3033.8Mi) and the next size, c5.xlarge (6584Mi), is launched.
    let mut c5 = c5_large();
    c5.allocatable_model.memory_bytes = 3_106_640 * 1024;
    let pods = [pod(
        "app",
        json!({"cpu": "1600m", "memory": "3000Mi"}),
        json!({}),
    )];
    let verdict = simulate(
        &c02_cluster(),
        &pods,
        &[c5, c5_xlarge()],
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::OnNewNode { instance_type, .. } = outcome(&verdict, "load/app") else {
        panic!("expected OnNewNode");
    };
    assert_eq!(instance_type, "c5.xlarge");
}

// C05: a 6-CPU / 28Gi pod is 130Mi over Karpenter's model of m6a.2xlarge.

fn c05_cluster() -> ClusterState {
    let pool = node_pool(
        json!({"metadata": {"name": "masters"}, "spec": {"template": {"spec": {"requirements": [
            {"key": "karpenter.k8s.aws/instance-family", "operator": "In", "values": ["m6a"]},
            {"key": "karpenter.k8s.aws/instance-cpu", "operator": "In", "values": ["8"]},
            {"key": "karpenter.k8s.aws/instance-hypervisor", "operator": "In", "values": ["nitro"]},
            {"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["on-demand"]},
            {"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["eu-west-1a"]},
            {"key": "node-role", "operator": "In", "values": ["master"]}
        ]}}}}),
    );
    ClusterState {
        node_pools: vec![pool],
        // One DaemonSet set carrying the whole measured overhead: 480m, 812700032 bytes, 5 pods.
        daemon_sets: vec![
            daemon_set(
                "agents",
                json!({"cpu": "480m", "memory": "812700032"}),
                json!({}),
            ),
            daemon_set("a", json!({}), json!({})),
            daemon_set("b", json!({}), json!({})),
            daemon_set("c", json!({}), json!({})),
            daemon_set("d", json!({}), json!({})),
        ],
        ..ClusterState::default()
    }
}

fn m6a(
    name: &str,
    vcpu: i64,
    capacity_mib: i64,
    allocatable: Resources,
    price: i64,
) -> InstanceOffer {
    offer(
        name,
        &[
            ("karpenter.k8s.aws/instance-family", "m6a"),
            ("karpenter.k8s.aws/instance-cpu", &vcpu.to_string()),
            ("karpenter.k8s.aws/instance-hypervisor", "nitro"),
            ("karpenter.sh/capacity-type", "on-demand"),
        ],
        amounts(vcpu * 1000, capacity_mib, 58),
        allocatable,
        price,
    )
}

fn c05_offers() -> Vec<InstanceOffer> {
    // m6a.2xlarge: 32768 − 2458 = 30310Mi; allocatable 30310 − 893 − 100 = 29317Mi, 7910m.
    // The real node (an ASG node ran the pod) is modelled with a 0.1% VM overhead:
    // 32768 − 33 = 32735; − 993 = 31742Mi.
    let mut m6a_2xlarge = m6a("m6a.2xlarge", 8, 30310, amounts(7910, 29317, 58), 345_600);
    m6a_2xlarge.allocatable_real = Some(amounts(7910, 31742, 58));
    // m6a.4xlarge has 16 vCPU, which the pool's instance-cpu requirement excludes.
    let m6a_4xlarge = m6a(
        "m6a.4xlarge",
        16,
        60620,
        amounts(15890, 59627, 234),
        691_200,
    );
    vec![m6a_2xlarge, m6a_4xlarge]
}

fn master_pod(memory: &str) -> Pod {
    pod(
        "master",
        json!({"cpu": "6", "memory": memory}),
        json!({"spec": {"nodeSelector": {"node-role": "master"}}}),
    )
}

#[test]
fn c05_model_short_by_130mi() {
    // 28Gi = 30064771072 + 812700032 = 30877471104 bytes needed; 29317Mi = 30741102592
    // bytes: short 136368512 bytes (130.05Mi). CPU 6000 + 480 = 6480 ≤ 7910m.
    let verdict = simulate(
        &c05_cluster(),
        &[master_pod("28Gi")],
        &c05_offers(),
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::Pending {
        message,
        karpenter_message,
        node_pools,
    } = outcome(&verdict, "load/master")
    else {
        panic!("expected Pending");
    };
    assert_eq!(message, "no nodes available to schedule pods");
    assert_eq!(
        karpenter_message.as_deref(),
        Some("Failed to schedule pod, no instance type has enough resources")
    );
    let RejectionReason::NoInstanceTypeFits {
        closest,
        shortfall,
        fits_real_node,
    } = &node_pools[0].reasons[0]
    else {
        panic!(
            "expected NoInstanceTypeFits, got {:?}",
            node_pools[0].reasons
        );
    };
    assert_eq!(closest, "m6a.2xlarge");
    assert_eq!(shortfall.memory_bytes, 136_368_512);
    assert_eq!(shortfall.cpu_millis, 0);
    assert!(fits_real_node);
    assert!(
        node_pools[0]
            .explanation
            .contains("vmMemoryOverheadPercent")
    );
}

#[test]
fn c05_26gi_fits() {
    // 26Gi = 26624Mi + 775.05Mi = 27399.05Mi ≤ 29317Mi.
    let verdict = simulate(
        &c05_cluster(),
        &[master_pod("26Gi")],
        &c05_offers(),
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::OnNewNode { instance_type, .. } = outcome(&verdict, "load/master") else {
        panic!("expected OnNewNode");
    };
    assert_eq!(instance_type, "m6a.2xlarge");
}

// C12: a LimitRange gave a request-less DaemonSet 1 CPU per pod; Karpenter's template
// view counted 630m instead of 1630m.

fn c12_cluster() -> ClusterState {
    // Nine DaemonSets: eight with 630m in total, one ("scanner") with no resources in its
    // template; its live pod got 1000m from the namespace LimitRange at admission.
    let mut daemon_sets: Vec<DaemonSet> = (0..7)
        .map(|i| daemon_set(&format!("agent-{i}"), json!({"cpu": "80m"}), json!({})))
        .collect();
    daemon_sets.push(daemon_set("agent-7", json!({"cpu": "70m"}), json!({})));
    daemon_sets.push(daemon_set("scanner", json!({}), json!({})));
    // 7 × 80 + 70 = 630m.
    let mut pods: Vec<Pod> = (0..7)
        .map(|i| daemon_pod(&format!("agent-{i}"), "old-1", json!({"cpu": "80m"})))
        .collect();
    pods.push(daemon_pod("agent-7", "old-1", json!({"cpu": "70m"})));
    pods.push(daemon_pod("scanner", "old-1", json!({"cpu": "1"})));
    ClusterState {
        // A 2-vCPU node already running the DaemonSet pods (1630m of 1930m): the 15-CPU
        // pod does not fit there.
        nodes: vec![node(
            "old-1",
            "1930m",
            "3114Mi",
            29,
            json!({"metadata": {"labels": {"node.kubernetes.io/instance-type": "c6i.large"}}}),
        )],
        pods: pods.into_iter().map(ClusterPod::from).collect(),
        daemon_sets,
        node_pools: vec![node_pool(json!({"metadata": {"name": "default"}}))],
        ..ClusterState::default()
    }
}

fn c12_offers() -> Vec<InstanceOffer> {
    // 16 vCPU: 16000 − (60 + 10 + 10 + 30 = 110) = 15890m. 32 vCPU: 32000 − 150 = 31850m.
    vec![
        offer(
            "c6i.4xlarge",
            &[],
            amounts(16000, 30310, 234),
            amounts(15890, 27600, 234),
            680_000,
        ),
        offer(
            "c6i.8xlarge",
            &[],
            amounts(32000, 60620, 234),
            amounts(31850, 57000, 234),
            1_360_000,
        ),
    ]
}

#[test]
fn c12_template_overhead_loops() {
    // Template view: 15000 + 630 = 15630 ≤ 15890m → c6i.4xlarge. Real: 15000 + 1630 =
    // 16630 > 15890m, short 740m: the pod stays Pending on every node launched.
    let options = SimulateOptions {
        daemonset_overhead: DaemonSetOverheadSource::Template,
        ..SimulateOptions::default()
    };
    let pods = [pod("big", json!({"cpu": "15"}), json!({}))];
    let verdict = simulate(&c12_cluster(), &pods, &c12_offers(), &options).unwrap();
    let PodOutcome::LaunchLoop {
        instance_type,
        reasons,
        shortfall,
        ..
    } = outcome(&verdict, "load/big")
    else {
        panic!(
            "expected LaunchLoop, got {:?}",
            outcome(&verdict, "load/big")
        );
    };
    assert_eq!(instance_type, "c6i.4xlarge");
    assert_eq!(reasons, &["Insufficient cpu"]);
    assert_eq!(shortfall.cpu_millis, 740);
    assert_eq!(
        verdict.node_claims[0].daemonset_overhead,
        amounts(630, 0, 9)
    );
    assert_eq!(
        verdict.node_claims[0].daemonset_overhead_real,
        amounts(1630, 0, 9)
    );
}

#[test]
fn c12_live_daemon_pods_pick_32_vcpu() {
    // Counting the live DaemonSet pods (1630m), 16630m needs the 32-vCPU type (31850m).
    let pods = [pod("big", json!({"cpu": "15"}), json!({}))];
    let verdict = simulate(
        &c12_cluster(),
        &pods,
        &c12_offers(),
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::OnNewNode {
        instance_type,
        candidates,
        ..
    } = outcome(&verdict, "load/big")
    else {
        panic!(
            "expected OnNewNode, got {:?}",
            outcome(&verdict, "load/big")
        );
    };
    assert_eq!(instance_type, "c6i.8xlarge");
    assert_eq!(candidates, &["c6i.8xlarge"]);
}

// C14: DaemonSets selecting app=etcd must not count on an app=apiserver node.

#[test]
fn c14_daemon_set_selector_excludes_pool() {
    // t2.large: 2000 − 70 = 1930m, 8192 − 615 − 640 − 100 = 6837Mi, 35 pods. Two 1-CPU
    // DaemonSets select app=etcd, so they add 0 on the apiserver pool; counted wrongly
    // they would need 2000m > 1930m. Expected: 1 × t2.large.
    let etcd_only = json!({"nodeSelector": {"app": "etcd"}});
    let state = ClusterState {
        daemon_sets: vec![
            daemon_set("etcd-backup", json!({"cpu": "1"}), etcd_only.clone()),
            daemon_set("etcd-metrics", json!({"cpu": "1"}), etcd_only),
        ],
        node_pools: vec![
            node_pool(
                json!({"metadata": {"name": "apiserver"}, "spec": {"template": {"metadata": {"labels": {"app": "apiserver"}}}}}),
            ),
            node_pool(
                json!({"metadata": {"name": "etcd"}, "spec": {"template": {"metadata": {"labels": {"app": "etcd"}}}}}),
            ),
        ],
        ..ClusterState::default()
    };
    let t2_large = offer(
        "t2.large",
        &[],
        amounts(2000, 7577, 35),
        amounts(1930, 6837, 35),
        92_800,
    );
    let apiserver = pod(
        "apiserver",
        json!({}),
        json!({"spec": {"nodeSelector": {"app": "apiserver", "node.kubernetes.io/instance-type": "t2.large"}}}),
    );
    let verdict = simulate(
        &state,
        &[apiserver],
        &[t2_large],
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::OnNewNode {
        node_pool,
        instance_type,
        ..
    } = outcome(&verdict, "load/apiserver")
    else {
        panic!(
            "expected OnNewNode, got {:?}",
            outcome(&verdict, "load/apiserver")
        );
    };
    assert_eq!(node_pool, "apiserver");
    assert_eq!(instance_type, "t2.large");
    assert_eq!(
        verdict.node_claims[0].daemonset_overhead,
        Resources::default()
    );
    assert_eq!(
        verdict
            .node_pools
            .iter()
            .map(|p| p.nodes_to_launch)
            .sum::<usize>(),
        1
    );
}

// C15: an init container's 3 CPU stays reserved for the pod's whole life.

fn c15_pod(name: &str) -> Pod {
    pod(
        name,
        json!({"cpu": "30m"}),
        json!({"spec": {"initContainers": [{"name": "warmup", "resources": {"requests": {"cpu": "3"}}}]}}),
    )
}

fn c15_cluster(allocatable_cpu: &str) -> ClusterState {
    // DaemonSets use 400m, leaving 3520m on the 4-vCPU node (3920m). Replica 1 is Running.
    let mut running = c15_pod("web-1");
    running.spec.as_mut().unwrap().node_name = Some("n1".to_string());
    let daemon = daemon_pod("agents", "n1", json!({"cpu": "400m"}));
    ClusterState {
        nodes: vec![node("n1", allocatable_cpu, "14162Mi", 58, json!({}))],
        pods: vec![running.into(), daemon.into()],
        ..ClusterState::default()
    }
}

#[test]
fn c15_init_container_blocks_second_replica() {
    // Effective request = max(3000m init, 30m app) = 3000m per pod, finished init or not:
    // 400 + 3000 + 3000 = 6400m > 3920m.
    let verdict = simulate(
        &c15_cluster("3920m"),
        &[c15_pod("web-2")],
        &[],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert_eq!(verdict.pod("load/web-2").unwrap().requests.cpu_millis, 3000);
    let PodOutcome::Pending { message, .. } = outcome(&verdict, "load/web-2") else {
        panic!("expected Pending");
    };
    assert_eq!(
        message,
        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    );
}

#[test]
fn c15_eight_vcpu_holds_both() {
    // 8 vCPU: 7910m; 400 + 6000 = 6400 ≤ 7910m.
    let verdict = simulate(
        &c15_cluster("7910m"),
        &[c15_pod("web-2")],
        &[],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert!(
        matches!(outcome(&verdict, "load/web-2"), PodOutcome::Scheduled { node } if node == "n1")
    );
}

// C19: the default NodePool sits at its 48-CPU limit; the others are tainted.

#[test]
fn c19_every_pool_refuses() {
    // Any type adds ≥ 1 vCPU: 48 + k > 48, so all are excluded; memory headroom
    // (128Gi − 93.1Gi) does not matter. The default pool's weight is assumed higher,
    // as the observed event lists it first.
    let state = ClusterState {
        node_pools: vec![
            node_pool(
                json!({"metadata": {"name": "default"}, "spec": {"weight": 10,
                "limits": {"cpu": "48", "memory": "128Gi"}},
                "status": {"resources": {"cpu": "48", "memory": "97633168Ki", "nodes": "24"}}}),
            ),
            node_pool(
                json!({"metadata": {"name": "runners"}, "spec": {"limits": {"cpu": "8"},
                "template": {"spec": {"taints": [{"key": "runner-key", "value": "true", "effect": "NoSchedule"}]}}},
                "status": {"resources": {"cpu": "8"}}}),
            ),
            node_pool(json!({"metadata": {"name": "observability"}, "spec": {
                "template": {"spec": {"taints": [{"key": "workload", "value": "observability", "effect": "NoSchedule"}]}}}})),
        ],
        ..ClusterState::default()
    };
    let c6i_large = offer(
        "c6i.large",
        &[],
        amounts(2000, 3788, 29),
        amounts(1930, 3114, 29),
        85_000,
    );
    let canary = pod(
        "canary",
        json!({"cpu": "250m", "memory": "256Mi"}),
        json!({}),
    );
    let verdict = simulate(&state, &[canary], &[c6i_large], &SimulateOptions::default()).unwrap();
    let PodOutcome::Pending {
        karpenter_message,
        node_pools,
        ..
    } = outcome(&verdict, "load/canary")
    else {
        panic!("expected Pending");
    };
    assert_eq!(
        karpenter_message.as_deref(),
        Some(
            "Failed to schedule pod, all available instance types exceed limits for nodepool (NodePool=default); \
             did not tolerate taint (runner-key=true:NoSchedule); \
             did not tolerate taint (workload=observability:NoSchedule)"
        )
    );
    let remaining = BTreeMap::from([
        ("cpu".to_string(), 0),
        // 128Gi − 97633168Ki = 137438953472 − 99976364032 = 37462589440 bytes.
        ("memory".to_string(), 37_462_589_440),
    ]);
    assert_eq!(
        node_pools[0].reasons,
        vec![RejectionReason::LimitsExceeded { remaining }]
    );
    // The runners pool is blocked twice: the taint, and its 8/8 CPU limit.
    assert_eq!(
        node_pools[1].reasons,
        vec![
            RejectionReason::Taint {
                taint: "runner-key=true:NoSchedule".to_string()
            },
            RejectionReason::LimitsExceeded {
                remaining: BTreeMap::from([("cpu".to_string(), 0)])
            },
        ]
    );
    assert_eq!(
        node_pools[2].reasons,
        vec![RejectionReason::Taint {
            taint: "workload=observability:NoSchedule".to_string()
        }]
    );
}

// C22: a DaemonSet pod pinned to a t3.small that already runs 11 of 11 pods.

fn c22_cluster(max_pods: i64) -> ClusterState {
    let nodes: Vec<Node> = (1..=3)
        .map(|i| node(&format!("node-{i}"), "1930m", "1400Mi", max_pods, json!({})))
        .collect();
    let pods: Vec<Pod> = (0..11)
        .map(|i| {
            let mut filler = pod(&format!("system-{i}"), json!({"cpu": "10m"}), json!({}));
            filler.spec.as_mut().unwrap().node_name = Some("node-1".to_string());
            filler
        })
        .collect();
    ClusterState {
        nodes,
        pods: pods.into_iter().map(ClusterPod::from).collect(),
        ..ClusterState::default()
    }
}

fn security_agent_pod() -> Pod {
    // The DaemonSet controller pins each pod to its node with matchFields metadata.name.
    serde_json::from_value(json!({
        "metadata": {"name": "security-agent-node-1", "namespace": "kube-system",
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "security-agent", "uid": "u", "controller": true}]},
        "spec": {"nodeSelector": {"kubernetes.io/hostname": "node-1"},
            "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node-1"]}]}]}}},
            "containers": [{"name": "agent", "resources": {"requests": {"cpu": "10m"}}}]},
    }))
    .unwrap()
}

#[test]
fn c22_max_pods_blocks_daemon_pod() {
    // t3.small: 3 ENIs × (4 − 1) + 2 = 11 pods; node-1 runs 11, so 11 + 1 > 11. The
    // other two nodes fail the pinning affinity. Karpenter leaves DaemonSet pods alone.
    let mut state = c22_cluster(11);
    state.node_pools = vec![node_pool(json!({"metadata": {"name": "default"}}))];
    let verdict = simulate(
        &state,
        &[security_agent_pod()],
        &[],
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::Pending {
        message,
        karpenter_message,
        ..
    } = outcome(&verdict, "kube-system/security-agent-node-1")
    else {
        panic!("expected Pending");
    };
    assert_eq!(
        message,
        "0/3 nodes are available: 1 Too many pods, 2 node(s) didn't match Pod's node affinity/selector. \
         preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, \
         2 Preemption is not helpful for scheduling."
    );
    assert_eq!(karpenter_message, &None);
}

#[test]
fn c22_t3_medium_has_room() {
    // t3.medium: 3 × (6 − 1) + 2 = 17 pods; 11 + 1 ≤ 17.
    let verdict = simulate(
        &c22_cluster(17),
        &[security_agent_pod()],
        &[],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert!(
        matches!(outcome(&verdict, "kube-system/security-agent-node-1"), PodOutcome::Scheduled { node } if node == "node-1")
    );
}

// C26: k6-operator `separate: true` puts one runner per node; in v0.0.8 the starter
// pod was repelled too.

fn k6_pod(name: &str, runner: bool, selector: Value, created: &str) -> Pod {
    let mut labels = json!({"app": "k6", "k6_cr": "k6-sample"});
    let mut spec = json!({"containers": [{"name": "k6", "resources": {"requests": {"cpu": "500m", "memory": "512Mi"}}}]});
    if runner {
        labels["runner"] = json!("true");
        spec["affinity"] = json!({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
            {"labelSelector": selector, "topologyKey": "kubernetes.io/hostname"}]}});
    }
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "load", "labels": labels, "creationTimestamp": created},
        "spec": spec,
    }))
    .unwrap()
}

/// Two runners, then the starter, created in that order.
fn k6_test_run(selector: Value) -> Vec<Pod> {
    vec![
        k6_pod(
            "k6-sample-1",
            true,
            selector.clone(),
            "2026-01-01T00:00:00Z",
        ),
        k6_pod("k6-sample-2", true, selector, "2026-01-01T00:00:01Z"),
        k6_pod(
            "k6-sample-starter",
            false,
            json!({}),
            "2026-01-01T00:00:30Z",
        ),
    ]
}

fn big_nodes(count: usize) -> ClusterState {
    let nodes = (1..=count)
        .map(|i| node(&format!("n{i}"), "7910m", "29317Mi", 58, json!({})))
        .collect();
    ClusterState {
        nodes,
        ..ClusterState::default()
    }
}

#[test]
fn c26_v008_needs_parallelism_plus_one() {
    // v0.0.8 selects app=k6, which the starter also carries: with 2 nodes both hold a
    // runner whose anti-affinity repels the starter; 3 nodes (parallelism + 1) suffice.
    let old_selector = json!({"matchLabels": {"app": "k6", "k6_cr": "k6-sample"}});
    let verdict = simulate(
        &big_nodes(2),
        &k6_test_run(old_selector.clone()),
        &[],
        &SimulateOptions::default(),
    )
    .unwrap();
    let PodOutcome::Pending { message, .. } = outcome(&verdict, "load/k6-sample-starter") else {
        panic!("expected Pending");
    };
    assert_eq!(
        message,
        "0/2 nodes are available: 2 node(s) didn't satisfy existing pods anti-affinity rules. \
         preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."
    );
    let verdict = simulate(
        &big_nodes(3),
        &k6_test_run(old_selector),
        &[],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert!(verdict.passes());
}

#[test]
fn c26_fixed_selector_needs_parallelism() {
    // The fix adds runner=true to the selector, so the starter shares a node: 2 nodes.
    let selector = json!({"matchLabels": {"app": "k6", "k6_cr": "k6-sample", "runner": "true"}});
    let verdict = simulate(
        &big_nodes(2),
        &k6_test_run(selector),
        &[],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert!(verdict.passes());
}

#[test]
fn c26_karpenter_one_claim_per_runner_within_limits() {
    // Three 500m runners would share one t3a.2xlarge, but anti-affinity gives each its
    // own NodeClaim. limits.cpu 16 with 8-vCPU nodes: 8 + 8 = 16, so the third runner
    // hits the limit and the whole TestRun stalls.
    let selector = json!({"matchLabels": {"runner": "true"}});
    let runners: Vec<Pod> = (1..=3)
        .map(|i| {
            k6_pod(
                &format!("k6-sample-{i}"),
                true,
                selector.clone(),
                "2026-01-01T00:00:00Z",
            )
        })
        .collect();
    let state = ClusterState {
        node_pools: vec![node_pool(
            json!({"metadata": {"name": "load"}, "spec": {"limits": {"cpu": "16"}}}),
        )],
        ..ClusterState::default()
    };
    let t3a_2xlarge = offer(
        "t3a.2xlarge",
        &[],
        amounts(8000, 30310, 58),
        amounts(7910, 29317, 58),
        300_800,
    );
    let verdict = simulate(
        &state,
        &runners,
        &[t3a_2xlarge],
        &SimulateOptions::default(),
    )
    .unwrap();
    assert_eq!(verdict.node_claims.len(), 2);
    let PodOutcome::Pending { node_pools, .. } = outcome(&verdict, "load/k6-sample-3") else {
        panic!("expected Pending");
    };
    assert!(matches!(
        node_pools[0].reasons[0],
        RejectionReason::LimitsExceeded { .. }
    ));
    assert!(
        verdict
            .findings
            .iter()
            .any(|finding| finding.code == "workload-stalled")
    );
}
