//! Public reports of Pending pods, reproduced through capplan's own input files and the
//! command line (tests/cases/*). Each expected value is worked out from the report's
//! numbers in the comment above it.

mod common;

use common::capplan_json;
use serde_json::Value;

fn preflight(case: &str, workload: &str) -> (i32, Value) {
    let manifests = format!("tests/cases/{case}/{workload}");
    let snapshot = format!("tests/cases/{case}/cluster.yaml");
    capplan_json(&["preflight", "-f", &manifests, "--snapshot", &snapshot])
}

fn outcome<'a>(json: &'a Value, pod: &str) -> &'a Value {
    json["verdict"]["pods"]
        .as_array()
        .and_then(|pods| pods.iter().find(|verdict| verdict["pod"] == pod))
        .map(|verdict| &verdict["outcome"])
        .unwrap_or_else(|| panic!("no verdict for {pod}: {json}"))
}

#[test]
fn c02_launched_node_too_small() {
    // Model: c5.large 4096 − ceil(0.075 × 4096) = 3788Mi, − (11 × 29 + 255 = 574) − 100
    // = 3114Mi ≥ 3000 + 100 (DaemonSets) = 3100Mi, so Karpenter launches a c5.large.
    // Real: the live c5.large reports 3106640Ki = 3033.8Mi < 3100Mi, 67760Ki (66.2Mi) short.
    let (code, json) = preflight("c02", "workload.yaml");
    assert_eq!(code, 1);
    let verdict = outcome(&json, "jobs/worker");
    assert_eq!(verdict["outcome"], "launch-loop");
    assert_eq!(verdict["instance_type"], "c5.large");
    assert_eq!(verdict["shortfall"]["memory_bytes"], 67_760 * 1024);
    assert_eq!(verdict["reasons"][0], "Insufficient memory");
}

#[test]
fn c05_model_gap_on_m6a() {
    // 32768 − 2458 = 30310Mi, − 893 − 100 = 29317Mi = 30741102592 bytes. The pod with
    // DaemonSets needs 30064771072 + 812700032 = 30877471104 bytes: 136368512 (130.05Mi) short.
    let (code, json) = preflight("c05", "workload.yaml");
    assert_eq!(code, 1);
    let big = outcome(&json, "batch/big");
    assert_eq!(big["outcome"], "pending");
    let reason = &big["node_pools"][0]["reasons"][0];
    assert_eq!(reason["closest"], "m6a.2xlarge");
    assert_eq!(reason["shortfall"]["memory_bytes"], 136_368_512);
    assert_eq!(reason["shortfall"]["cpu_millis"], 0);
    // 26Gi: 26624 + 775.05 = 27399Mi ≤ 29317Mi.
    let smaller = outcome(&json, "batch/smaller");
    assert_eq!(smaller["outcome"], "on-new-node");
    assert_eq!(smaller["instance_type"], "m6a.2xlarge");
}

#[test]
fn c12_limitrange_default_counts() {
    // DaemonSets: 630m declared + 1000m LimitRange default = 1630m. A 16-vCPU type has
    // 16000 − 110 = 15890m < 15000 + 1630 = 16630m, so only the 32-vCPU c6i.8xlarge
    // (32000 − 150 = 31850m) holds the pod.
    let (code, json) = preflight("c12", "workload.yaml");
    assert_eq!(code, 0);
    let verdict = outcome(&json, "batch/solver");
    assert_eq!(verdict["outcome"], "on-new-node");
    assert_eq!(verdict["instance_type"], "c6i.8xlarge");
    assert_eq!(
        json["verdict"]["node_claims"][0]["daemonset_overhead"]["cpu_millis"],
        1630
    );
}

#[test]
fn c14_pinned_daemonsets_add_nothing() {
    // The two 1-CPU DaemonSets select app=etcd; the NodePool's nodes are app=apiserver, so
    // they add 0 and the pod (no requests) fits a t2.large (1930m, 6837Mi).
    let (code, json) = preflight("c14", "workload.yaml");
    assert_eq!(code, 0);
    let verdict = outcome(&json, "control/apiserver");
    assert_eq!(verdict["outcome"], "on-new-node");
    assert_eq!(verdict["instance_type"], "t2.large");
    assert_eq!(
        json["verdict"]["node_claims"][0]["daemonset_overhead"]["cpu_millis"],
        0
    );
}

#[test]
fn c15_init_container_dominates() {
    // Each replica requests max(3000m init, 30m app) = 3000m. The node has 3920m and the
    // first replica holds 3000m, so 920m < 3000m remain.
    let (code, json) = preflight("c15", "workload.yaml");
    assert_eq!(code, 1);
    let verdict = outcome(&json, "app/web-2");
    assert_eq!(verdict["outcome"], "pending");
    let message = verdict["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("0/1 nodes are available: 1 Insufficient cpu."),
        "{message}"
    );
    assert_eq!(json["verdict"]["pods"][0]["requests"]["cpu_millis"], 3000);
}

#[test]
fn c19_every_nodepool_blocked() {
    // default: 48 of 48 CPU used, any type adds ≥ 1 vCPU; runners and observability: taints.
    let (code, json) = preflight("c19", "workload.yaml");
    assert_eq!(code, 1);
    let verdict = outcome(&json, "web/canary");
    assert_eq!(verdict["outcome"], "pending");
    let karpenter = verdict["karpenter_message"].as_str().unwrap_or_default();
    assert!(
        karpenter
            .contains("all available instance types exceed limits for nodepool (NodePool=default)"),
        "{karpenter}"
    );
    assert!(
        karpenter.contains("did not tolerate taint (runner=true:NoSchedule)"),
        "{karpenter}"
    );
    assert!(
        karpenter.contains("did not tolerate taint (workload=observability:NoSchedule)"),
        "{karpenter}"
    );
}

#[test]
fn c22_node_at_max_pods() {
    // node-3 holds 11 of 11 pods (3 ENIs × (4 − 1) + 2); the pod is pinned to node-3, so
    // the two other nodes do not match.
    let (code, json) = preflight("c22", "workload.yaml");
    assert_eq!(code, 1);
    let verdict = outcome(&json, "kube-system/security-agent-node-3");
    let message = verdict["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("0/3 nodes are available: 1 Too many pods, 2 node(s) didn't match Pod's node affinity/selector."),
        "{message}"
    );
}

#[test]
fn c25_quota_rejects_at_admission() {
    // shop: 6 + 1 > 6 CPU and 12 + 2 > 12Gi of limits; tools: 40m + 20m > 50m requests.
    let (code, json) = preflight("c25", "workload.yaml");
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["failed_create"], 2);
    assert_eq!(json["summary"]["pending"], 0);
    let messages: Vec<&str> = json["rejections"]
        .as_array()
        .expect("rejections")
        .iter()
        .filter_map(|rejection| rejection["message"].as_str())
        .collect();
    assert_eq!(
        messages[0],
        "pods \"web-surge\" is forbidden: exceeded quota: namespace-quota, requested: limits.cpu=1,limits.memory=2Gi, used: limits.cpu=6,limits.memory=12Gi, limited: limits.cpu=6,limits.memory=12Gi"
    );
    assert_eq!(
        messages[1],
        "pods \"tool\" is forbidden: exceeded quota: small-quota, requested: requests.cpu=20m, used: requests.cpu=40m, limited: requests.cpu=50m"
    );
}

#[test]
fn c26_separate_needs_a_node_per_runner() {
    // Two nodes: parallelism 2 places one runner on each, and the starter shares a node
    // (its anti-affinity selects only runner=true pods since k6-operator PR #170).
    let (code, json) = preflight("c26", "testrun-2.yaml");
    assert_eq!(code, 0);
    let nodes: Vec<&str> = json["verdict"]["pods"]
        .as_array()
        .expect("pods")
        .iter()
        .filter(|pod| {
            pod["pod"].as_str().is_some_and(|name| {
                name.starts_with("k6/load-2-")
                    && !name.contains("initializer")
                    && !name.contains("starter")
            })
        })
        .filter_map(|pod| pod["outcome"]["node"].as_str())
        .collect();
    assert_eq!(nodes, ["k6-node-1", "k6-node-2"]);
    assert_eq!(
        outcome(&json, "k6/load-2-starter-xxxxx")["outcome"],
        "scheduled"
    );

    // Parallelism 3 on two nodes: the third runner has no node without a runner.
    let (code, json) = preflight("c26", "testrun-3.yaml");
    assert_eq!(code, 1);
    let third = outcome(&json, "k6/load-3-3-xxxxx");
    assert_eq!(third["outcome"], "pending");
    let message = third["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("2 node(s) didn't match pod anti-affinity rules"),
        "{message}"
    );
    // The whole test stalls: k6 waits for every runner.
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|finding| finding["code"].as_str())
        .collect();
    assert!(codes.contains(&"workload-stalled"), "{codes:?}");
}
