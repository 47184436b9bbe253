//! Deterministic synthetic clusters for the scale benchmarks: a `kubectl get -o json`
//! style `v1 List` snapshot and the manifests of the new pods, from a seed.
//!
//! Shared by `benches/scale.rs` and `tests/scale.rs` through `#[path]`.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// The shape of one synthetic cluster.
#[derive(Debug, Clone)]
pub struct ClusterSpec {
    pub nodes: usize,
    /// Pods already in the cluster, DaemonSet pods included.
    pub pods: usize,
    pub daemon_sets: usize,
    pub node_pools: usize,
    pub namespaces: usize,
    /// `status.allocatable.pods` of every node.
    pub max_pods_per_node: usize,
    /// New pods the manifests create (k6 runner Jobs).
    pub new_pods: usize,
    /// Per mille of existing app pods with required pod anti-affinity on the hostname.
    pub anti_affinity_per_mille: u64,
    pub seed: u64,
}

impl ClusterSpec {
    /// Kubernetes' documented scale limits: 5,000 nodes, 150,000 pods, 110 pods per
    /// node; tens of DaemonSets and NodePools; 10,000 new pods.
    pub fn max_scale() -> ClusterSpec {
        ClusterSpec {
            nodes: 5_000,
            pods: 150_000,
            daemon_sets: 12,
            node_pools: 24,
            namespaces: 60,
            max_pods_per_node: 110,
            new_pods: 10_000,
            anti_affinity_per_mille: 10,
            seed: 7,
        }
    }

    /// The everyday cluster: 100 nodes, 3,000 pods, 60 new pods.
    pub fn everyday() -> ClusterSpec {
        ClusterSpec {
            nodes: 100,
            pods: 3_000,
            daemon_sets: 6,
            node_pools: 4,
            namespaces: 12,
            max_pods_per_node: 110,
            new_pods: 60,
            anti_affinity_per_mille: 10,
            seed: 7,
        }
    }

    /// The max-scale shape divided by `factor`, for tests that run the same code path.
    pub fn reduced(factor: usize) -> ClusterSpec {
        let full = ClusterSpec::max_scale();
        ClusterSpec {
            nodes: full.nodes / factor,
            pods: full.pods / factor,
            new_pods: full.new_pods / factor,
            ..full
        }
    }
}

/// SplitMix64: a small, fast, well-mixed generator, so runs are identical everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns a value in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// An instance type the synthetic nodes run as, with EKS-like allocatable figures.
struct NodeType {
    name: &'static str,
    family: &'static str,
    cpu_millis: u64,
    memory_mib: u64,
    allocatable_cpu_millis: u64,
    allocatable_memory_mib: u64,
}

const NODE_TYPES: [NodeType; 6] = [
    NodeType {
        name: "m5.2xlarge",
        family: "m5",
        cpu_millis: 8_000,
        memory_mib: 32_768,
        allocatable_cpu_millis: 7_910,
        allocatable_memory_mib: 29_317,
    },
    NodeType {
        name: "m5.4xlarge",
        family: "m5",
        cpu_millis: 16_000,
        memory_mib: 65_536,
        allocatable_cpu_millis: 15_890,
        allocatable_memory_mib: 59_800,
    },
    NodeType {
        name: "c5.4xlarge",
        family: "c5",
        cpu_millis: 16_000,
        memory_mib: 32_768,
        allocatable_cpu_millis: 15_890,
        allocatable_memory_mib: 29_317,
    },
    NodeType {
        name: "m6i.4xlarge",
        family: "m6i",
        cpu_millis: 16_000,
        memory_mib: 65_536,
        allocatable_cpu_millis: 15_890,
        allocatable_memory_mib: 59_800,
    },
    NodeType {
        name: "c6i.4xlarge",
        family: "c6i",
        cpu_millis: 16_000,
        memory_mib: 32_768,
        allocatable_cpu_millis: 15_890,
        allocatable_memory_mib: 29_317,
    },
    NodeType {
        name: "r5.2xlarge",
        family: "r5",
        cpu_millis: 8_000,
        memory_mib: 65_536,
        allocatable_cpu_millis: 7_910,
        allocatable_memory_mib: 61_000,
    },
];

const ZONES: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
const CPU_REQUESTS: [&str; 4] = ["100m", "200m", "250m", "500m"];
const MEMORY_REQUESTS: [&str; 4] = ["128Mi", "256Mi", "512Mi", "1Gi"];

/// The pool the new k6 runner pods go to: tainted, selected by a label.
pub const LOADTEST_POOL: &str = "loadtest";

fn pool_name(index: usize) -> String {
    if index == 0 {
        LOADTEST_POOL.to_string()
    } else {
        format!("team-{index:02}")
    }
}

/// Pools with a `dedicated` taint: the load-test pool and every third team pool.
fn pool_tainted(index: usize) -> bool {
    index.is_multiple_of(3)
}

fn pool_types(index: usize) -> Vec<&'static NodeType> {
    if index == 0 {
        return vec![&NODE_TYPES[2], &NODE_TYPES[4]];
    }
    let first = index % NODE_TYPES.len();
    let second = (index + 1) % NODE_TYPES.len();
    vec![&NODE_TYPES[first], &NODE_TYPES[second]]
}

fn node_name(index: usize) -> String {
    format!(
        "ip-10-{}-{}-{}.ec2.internal",
        index / 65_536 % 256,
        index / 256 % 256,
        index % 256
    )
}

/// Which pool node `index` belongs to: the load-test pool gets one node in twenty.
fn node_pool_of(index: usize, pools: usize) -> usize {
    if index.is_multiple_of(20) || pools == 1 {
        0
    } else {
        1 + index % (pools - 1)
    }
}

fn taint_of(pool: usize) -> Value {
    json!({"key": "dedicated", "value": pool_name(pool), "effect": "NoSchedule"})
}

fn node_pool(index: usize, cpu_in_use_millis: u64, nodes_in_use: usize) -> Value {
    let name = pool_name(index);
    let types: Vec<&str> = if index == 0 {
        // The load-test pool may launch any compute or general-purpose type.
        Vec::new()
    } else {
        pool_types(index).iter().map(|t| t.name).collect()
    };
    let mut requirements = vec![
        json!({"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["on-demand"]}),
        json!({"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64"]}),
    ];
    if types.is_empty() {
        requirements.push(json!({
            "key": "karpenter.k8s.aws/instance-category", "operator": "In", "values": ["c", "m"]
        }));
    } else {
        requirements.push(json!({
            "key": "node.kubernetes.io/instance-type", "operator": "In", "values": types
        }));
    }
    let mut spec = json!({
        "template": {
            "metadata": {"labels": {"team": name}},
            "spec": {
                "nodeClassRef": {"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": "default"},
                "requirements": requirements,
            }
        },
        "limits": {"cpu": "200000", "memory": "800000Gi"},
        "disruption": {"consolidationPolicy": "WhenEmpty", "consolidateAfter": "5m"}
    });
    if pool_tainted(index) {
        spec["template"]["spec"]["taints"] = json!([taint_of(index)]);
    }
    json!({
        "apiVersion": "karpenter.sh/v1",
        "kind": "NodePool",
        "metadata": {"name": name},
        "spec": spec,
        "status": {"resources": {
            "cpu": format!("{cpu_in_use_millis}m"),
            "nodes": nodes_in_use.to_string()
        }}
    })
}

fn node(index: usize, pool: usize, node_type: &NodeType, max_pods: usize) -> Value {
    let name = node_name(index);
    let zone = ZONES[index % ZONES.len()];
    let mut spec = json!({"providerID": format!("aws:///{zone}/i-{index:017x}")});
    if pool_tainted(pool) {
        spec["taints"] = json!([taint_of(pool)]);
    }
    json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": name,
            "labels": {
                "kubernetes.io/hostname": name,
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/os": "linux",
                "node.kubernetes.io/instance-type": node_type.name,
                "karpenter.k8s.aws/instance-family": node_type.family,
                "karpenter.sh/nodepool": pool_name(pool),
                "karpenter.sh/capacity-type": "on-demand",
                "topology.kubernetes.io/zone": zone,
                "team": pool_name(pool),
            }
        },
        "spec": spec,
        "status": {
            "capacity": {
                "cpu": format!("{}m", node_type.cpu_millis),
                "memory": format!("{}Mi", node_type.memory_mib),
                "pods": max_pods.to_string(),
            },
            "allocatable": {
                "cpu": format!("{}m", node_type.allocatable_cpu_millis),
                "memory": format!("{}Mi", node_type.allocatable_memory_mib),
                "pods": max_pods.to_string(),
            },
            "conditions": [{"type": "Ready", "status": "True"}]
        }
    })
}

fn daemon_set_name(index: usize) -> String {
    format!("agent-{index:02}")
}

fn daemon_set_requests(index: usize) -> Value {
    json!({"cpu": format!("{}m", 10 + 5 * (index % 6)), "memory": format!("{}Mi", 32 + 16 * (index % 4))})
}

fn daemon_set(index: usize) -> Value {
    let name = daemon_set_name(index);
    json!({
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": name, "namespace": "kube-system"},
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {
                    "containers": [{
                        "name": "agent",
                        "image": "example/agent:v1",
                        "resources": {"requests": daemon_set_requests(index)}
                    }],
                    "tolerations": [{"operator": "Exists"}]
                }
            }
        }
    })
}

fn daemon_pod(daemon: usize, node_index: usize) -> Value {
    let name = daemon_set_name(daemon);
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": format!("{name}-{node_index:05}"),
            "namespace": "kube-system",
            "labels": {"app": name},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": name, "uid": format!("uid-{name}"), "controller": true}]
        },
        "spec": {
            "nodeName": node_name(node_index),
            "priorityClassName": "system-node-critical",
            "priority": 2_000_001_000,
            "containers": [{
                "name": "agent",
                "image": "example/agent:v1",
                "resources": {"requests": daemon_set_requests(daemon)}
            }],
            "tolerations": [{"operator": "Exists"}]
        },
        "status": {"phase": "Running"}
    })
}

fn app_pod(
    rng: &mut Rng,
    spec: &ClusterSpec,
    serial: usize,
    node_index: usize,
    pool: usize,
) -> Value {
    let namespace = format!("team-ns-{:02}", serial % spec.namespaces);
    let app = format!("svc-{}", serial % 997);
    let cpu = *rng.pick(&CPU_REQUESTS);
    let memory = *rng.pick(&MEMORY_REQUESTS);
    let mut pod_spec = json!({
        "nodeName": node_name(node_index),
        "containers": [{
            "name": "app",
            "image": "example/app:v1",
            "ports": [{"containerPort": 8080, "protocol": "TCP"}],
            "resources": {
                "requests": {"cpu": cpu, "memory": memory},
                "limits": {"memory": memory}
            },
            "env": [{"name": "MODE", "value": "serve"}]
        }],
        "nodeSelector": {"team": pool_name(pool)}
    });
    if pool_tainted(pool) {
        pod_spec["tolerations"] = json!([{
            "key": "dedicated", "operator": "Equal", "value": pool_name(pool), "effect": "NoSchedule"
        }]);
    }
    if rng.below(1000) < spec.anti_affinity_per_mille {
        pod_spec["affinity"] = json!({"podAntiAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [{
                "labelSelector": {"matchLabels": {"app": app}},
                "topologyKey": "kubernetes.io/hostname"
            }]
        }});
    }
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": format!("{app}-{serial:06}"),
            "namespace": namespace,
            "labels": {"app": app, "pod-template-hash": "5d8f7c9b4"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": format!("{app}-5d8f7c9b4"), "uid": format!("uid-{app}"), "controller": true}]
        },
        "spec": pod_spec,
        "status": {"phase": "Running"}
    })
}

fn push_item(out: &mut String, first: &mut bool, item: &Value) {
    if !*first {
        out.push_str(",\n");
    }
    *first = false;
    out.push_str("    ");
    // A Value always serializes.
    out.push_str(&serde_json::to_string(item).unwrap_or_default());
}

/// Writes the snapshot as one `v1 List`, in the order kubectl prints kinds.
pub fn snapshot_json(spec: &ClusterSpec) -> String {
    let mut rng = Rng::new(spec.seed);
    let mut out = String::with_capacity(spec.pods * 900 + spec.nodes * 1200);
    out.push_str("{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n");
    let mut first = true;

    let pools = spec.node_pools.max(1);
    let mut node_types: Vec<&NodeType> = Vec::with_capacity(spec.nodes);
    let mut pool_of: Vec<usize> = Vec::with_capacity(spec.nodes);
    let mut pool_cpu = vec![0u64; pools];
    let mut pool_nodes = vec![0usize; pools];
    for index in 0..spec.nodes {
        let pool = node_pool_of(index, pools);
        let types = pool_types(pool);
        let node_type = types[index / pools % types.len()];
        pool_cpu[pool] += node_type.cpu_millis;
        pool_nodes[pool] += 1;
        push_item(
            &mut out,
            &mut first,
            &node(index, pool, node_type, spec.max_pods_per_node),
        );
        node_types.push(node_type);
        pool_of.push(pool);
    }

    let mut placed = 0usize;
    for daemon in 0..spec.daemon_sets {
        for node_index in 0..spec.nodes {
            if placed == spec.pods {
                break;
            }
            push_item(&mut out, &mut first, &daemon_pod(daemon, node_index));
            placed += 1;
        }
    }
    let app_pods = spec.pods - placed;
    for serial in 0..app_pods {
        let node_index = serial % spec.nodes.max(1);
        let value = app_pod(&mut rng, spec, serial, node_index, pool_of[node_index]);
        push_item(&mut out, &mut first, &value);
    }

    for daemon in 0..spec.daemon_sets {
        push_item(&mut out, &mut first, &daemon_set(daemon));
    }
    for pool in 0..pools {
        push_item(
            &mut out,
            &mut first,
            &node_pool(pool, pool_cpu[pool], pool_nodes[pool]),
        );
    }
    push_item(
        &mut out,
        &mut first,
        &json!({
            "apiVersion": "karpenter.k8s.aws/v1",
            "kind": "EC2NodeClass",
            "metadata": {"name": "default"},
            "spec": {"amiSelectorTerms": [{"alias": "al2023@latest"}]}
        }),
    );
    out.push_str("\n  ],\n  \"kind\": \"List\",\n  \"metadata\": {\"resourceVersion\": \"\"}\n}\n");
    out
}

/// Two k6 runner Jobs that together create `spec.new_pods` pods on the load-test pool.
pub fn manifests_yaml(spec: &ClusterSpec) -> String {
    let first = spec.new_pods / 2;
    let second = spec.new_pods - first;
    let mut out = String::new();
    for (index, count) in [first, second].into_iter().enumerate() {
        if index > 0 {
            out.push_str("---\n");
        }
        let _ = write!(
            out,
            "apiVersion: batch/v1
kind: Job
metadata:
  name: k6-runner-{index}
  namespace: load-test
spec:
  parallelism: {count}
  completions: {count}
  template:
    metadata:
      labels:
        app: k6-runner
    spec:
      restartPolicy: Never
      nodeSelector:
        team: {LOADTEST_POOL}
      tolerations:
        - key: dedicated
          operator: Equal
          value: {LOADTEST_POOL}
          effect: NoSchedule
      containers:
        - name: k6
          image: grafana/k6:0.54.0
          resources:
            requests:
              cpu: \"1\"
              memory: 2Gi
            limits:
              cpu: \"2\"
              memory: 3Gi
"
        );
    }
    out
}

/// Files of one generated cluster.
pub struct Generated {
    pub snapshot: PathBuf,
    pub manifests: PathBuf,
}

/// Writes `snapshot.json` and `manifests.yaml` under `dir`, reusing files a previous
/// run wrote for the same spec.
pub fn write(spec: &ClusterSpec, dir: &Path) -> std::io::Result<Generated> {
    let tag = format!(
        "n{}-p{}-d{}-np{}-new{}-s{}",
        spec.nodes, spec.pods, spec.daemon_sets, spec.node_pools, spec.new_pods, spec.seed
    );
    let dir = dir.join(tag);
    std::fs::create_dir_all(&dir)?;
    let generated = Generated {
        snapshot: dir.join("snapshot.json"),
        manifests: dir.join("manifests.yaml"),
    };
    if !generated.snapshot.exists() {
        let partial = dir.join("snapshot.json.partial");
        std::fs::write(&partial, snapshot_json(spec))?;
        std::fs::rename(&partial, &generated.snapshot)?;
    }
    std::fs::write(&generated.manifests, manifests_yaml(spec))?;
    Ok(generated)
}

/// Lists every catalog type priced in us-east-1 whose allocatable has room for the
/// scenario's DaemonSets (plan leaves the others out itself; the list keeps the count explicit).
pub fn usable_types(
    scenario: &capplan::scenario::Scenario,
    catalog: &capplan::catalog::Catalog,
) -> Vec<String> {
    let overhead = scenario.daemonset_overhead();
    let offerings = catalog
        .offerings(scenario.node_model(), "us-east-1", None)
        .expect("offerings");
    offerings
        .iter()
        .filter(|offering| offering.price_micros.is_some())
        .filter(|offering| {
            let room = offering.allocatable.minus(&overhead);
            room.cpu_millis >= 0
                && room.memory_bytes >= 0
                && room.pods >= 0
                && room.ephemeral_storage_bytes >= 0
        })
        .map(|offering| offering.instance_type.name.clone())
        .collect()
}

const MIB: i64 = 1024 * 1024;
const GIB: i64 = 1024 * MIB;

/// Other teams' pods that share a cluster with the k6 runners, in the order the plan
/// benchmark adds them: name, cpu millicores, memory bytes and pod count.
pub const OTHER_PODS: [(&str, i64, i64, u32); 9] = [
    ("collector", 500, GIB, 3),
    ("team-api", 250, 512 * MIB, 20),
    ("team-worker", 1_000, 2 * GIB, 8),
    ("team-cache", 500, 4 * GIB, 4),
    ("team-batch", 2_000, 2 * GIB, 6),
    ("team-web", 100, 256 * MIB, 30),
    ("team-db", 4_000, 16 * GIB, 2),
    ("team-ml", 8_000, 32 * GIB, 1),
    ("team-queue", 750, 1_536 * MIB, 5),
];

/// Builds a mixed workload: `runners` k6 runner pods, then one group per entry of `others`.
pub fn pod_groups(
    runner: &capplan::quantity::Resources,
    runners: u32,
    others: &[(&str, i64, i64, u32)],
) -> Vec<capplan::optimize::PodGroup> {
    let mut groups = vec![capplan::optimize::PodGroup {
        name: "k6-runner".to_string(),
        requests: runner.clone(),
        count: runners,
    }];
    for &(name, cpu_millis, memory_bytes, count) in others {
        groups.push(capplan::optimize::PodGroup {
            name: name.to_string(),
            requests: capplan::quantity::Resources {
                cpu_millis,
                memory_bytes,
                pods: 1,
                ..capplan::quantity::Resources::default()
            },
            count,
        });
    }
    groups
}
