//! Invariants the results rest on, checked on random input: quantities against exact
//! rational arithmetic, shard splitting, and the scheduling simulation's placement.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use capplan::cluster::ClusterState;
use capplan::quantity::Quantity;
use capplan::simulate::{PodOutcome, SimulateOptions, Verdict, simulate};
use capplan::sizing::split_even;
use k8s_openapi::api::core::v1::{Node, Pod};
use proptest::prelude::*;
use serde_json::json;

/// (suffix, value of one unit in nano-units) for every suffix family.
fn suffix() -> impl Strategy<Value = (&'static str, i128)> {
    prop::sample::select(vec![
        ("n", 1),
        ("u", 1_000),
        ("m", 1_000_000),
        ("", 1_000_000_000),
        ("k", 1_000_000_000_000),
        ("M", 1_000_000_000_000_000),
        ("Ki", 1_024_000_000_000),
        ("Mi", 1_048_576_000_000_000),
        ("Gi", 1_073_741_824_000_000_000),
        ("e2", 100_000_000_000),
        ("e-1", 100_000_000),
    ])
}

fn node(name: &str, cpu_millis: i64, memory_mib: i64, pods: i64) -> Node {
    serde_json::from_value(json!({
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}},
        "spec": {},
        "status": {"allocatable": {
            "cpu": format!("{cpu_millis}m"),
            "memory": format!("{memory_mib}Mi"),
            "pods": pods.to_string(),
        }},
    }))
    .expect("node")
}

fn pod(name: &str, cpu_millis: i64, memory_mib: i64) -> Pod {
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "load"},
        "spec": {"containers": [{"name": "main", "resources": {"requests": {
            "cpu": format!("{cpu_millis}m"),
            "memory": format!("{memory_mib}Mi"),
        }}}]},
    }))
    .expect("pod")
}

fn run(nodes: Vec<Node>, pods: &[Pod]) -> Verdict {
    let cluster = ClusterState {
        nodes,
        ..ClusterState::default()
    };
    simulate(&cluster, pods, &[], &SimulateOptions::default()).expect("simulate")
}

fn pending(verdict: &Verdict) -> usize {
    verdict
        .pods
        .iter()
        .filter(|pod| !matches!(pod.outcome, PodOutcome::Scheduled { .. }))
        .count()
}

/// Nodes as (cpu millis, memory MiB, pod slots) and pods as (cpu millis, memory MiB).
type Spec = (Vec<(i64, i64, i64)>, Vec<(i64, i64)>);

/// Random nodes and pods, small enough that some pods fit and some do not.
fn nodes_and_pods() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec((1_000i64..8_000, 1_024i64..16_384, 1i64..6), 1..5),
        prop::collection::vec((100i64..3_000, 128i64..6_000), 1..12),
    )
}

fn build(spec: &Spec) -> (Vec<Node>, Vec<Pod>) {
    let nodes = spec
        .0
        .iter()
        .enumerate()
        .map(|(index, (cpu, memory, slots))| node(&format!("node-{index}"), *cpu, *memory, *slots))
        .collect();
    let pods = spec
        .1
        .iter()
        .enumerate()
        .map(|(index, (cpu, memory))| pod(&format!("pod-{index:02}"), *cpu, *memory))
        .collect();
    (nodes, pods)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Parts cover the total exactly once, there are `parts` of them, and they differ by
    /// at most one.
    #[test]
    fn split_even_covers_the_total(total in 0u64..1_000_000_000, parts in 1u32..500) {
        let split = split_even(total, parts);
        prop_assert_eq!(split.len(), parts as usize);
        prop_assert_eq!(split.iter().sum::<u64>(), total);
        let max = split.iter().max().copied().unwrap_or(0);
        let min = split.iter().min().copied().unwrap_or(0);
        prop_assert!(max - min <= 1);
    }

    /// Comparing two parsed quantities agrees with comparing the exact rationals
    /// `digits / 1000 × unit` (cross-multiplied, so no rounding is involved), as long as
    /// neither is finer than a nano-unit.
    #[test]
    fn quantity_order_matches_rationals(
        a in 0i128..10_000_000, (a_suffix, a_unit) in suffix(),
        b in 0i128..10_000_000, (b_suffix, b_unit) in suffix(),
    ) {
        let first = Quantity::parse(&format!("{}.{:03}{a_suffix}", a / 1000, a % 1000)).unwrap();
        let second = Quantity::parse(&format!("{}.{:03}{b_suffix}", b / 1000, b % 1000)).unwrap();
        // The exact values are a × a_unit / 1000 and b × b_unit / 1000 nano-units.
        let exact = (a * a_unit).cmp(&(b * b_unit));
        let representable = (a * a_unit) % 1000 == 0 && (b * b_unit) % 1000 == 0;
        if representable {
            prop_assert_eq!(first.cmp(&second), exact);
        } else if exact != Ordering::Equal {
            // Rounding up to a nano-unit never reverses a strict order.
            prop_assert_ne!(first.cmp(&second), exact.reverse());
        }
    }

    /// After placement no node is given more than its allocatable cpu, memory or pod slots.
    #[test]
    fn no_node_is_over_committed(spec in nodes_and_pods()) {
        let (nodes, pods) = build(&spec);
        let verdict = run(nodes, &pods);
        let mut used: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
        for (pod_verdict, (cpu, memory)) in verdict.pods.iter().zip(&spec.1) {
            if let PodOutcome::Scheduled { node } = &pod_verdict.outcome {
                let entry = used.entry(node.clone()).or_default();
                entry.0 += cpu;
                entry.1 += memory;
                entry.2 += 1;
            }
        }
        for (index, (cpu, memory, slots)) in spec.0.iter().enumerate() {
            let (used_cpu, used_memory, used_slots) =
                used.get(&format!("node-{index}")).copied().unwrap_or_default();
            prop_assert!(used_cpu <= *cpu && used_memory <= *memory && used_slots <= *slots);
        }
    }

    /// The verdict does not depend on the order the cluster's nodes are listed in
    /// (kube-scheduler breaks ties by its own rules, not by list position); the new
    /// pods keep their order, which kube-scheduler's queue does depend on.
    #[test]
    fn node_order_does_not_change_the_verdict(spec in nodes_and_pods(), seed in any::<u64>()) {
        let (nodes, pods) = build(&spec);
        let mut shuffled = nodes.clone();
        // A Fisher–Yates shuffle driven by the seed.
        let mut state = seed | 1;
        for index in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(index, (state % (index as u64 + 1)) as usize);
        }
        prop_assert_eq!(run(nodes, &pods), run(shuffled, &pods));
    }

    /// With identical pods, adding a node never increases the number of Pending pods,
    /// and removing a pod never turns a Scheduled pod Pending. (With pods of different
    /// sizes neither holds in general: kube-scheduler places one pod at a time and a
    /// different earlier choice can leave a later pod without room, as in the real
    /// scheduler.)
    #[test]
    fn more_room_or_fewer_pods_never_adds_pending(
        spec in nodes_and_pods(),
        extra in (1_000i64..8_000, 1_024i64..16_384, 1i64..6),
        removed in 0usize..12,
    ) {
        let (cpu, memory) = spec.1[0];
        let pods: Vec<Pod> = (0..spec.1.len()).map(|index| pod(&format!("pod-{index:02}"), cpu, memory)).collect();
        let (nodes, _) = build(&spec);
        let before = run(nodes.clone(), &pods);

        let mut more = nodes.clone();
        more.push(node("node-extra", extra.0, extra.1, extra.2));
        prop_assert!(pending(&run(more, &pods)) <= pending(&before));

        let removed = removed % pods.len();
        let mut fewer = pods.clone();
        fewer.remove(removed);
        let after = run(nodes, &fewer);
        let was_scheduled = before.pods.iter().enumerate()
            .filter(|(index, pod)| *index != removed && matches!(pod.outcome, PodOutcome::Scheduled { .. }))
            .count();
        let still_scheduled = after.pods.iter().filter(|pod| matches!(pod.outcome, PodOutcome::Scheduled { .. })).count();
        prop_assert!(still_scheduled >= was_scheduled);
    }
}
