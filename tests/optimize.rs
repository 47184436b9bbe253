//! Tests of the node-mix optimizer and of Karpenter's greedy packing.
//!
//! Allocatable figures are Karpenter's AL2023 model minus a typical EKS DaemonSet set
//! (180m, 104Mi, 5 pod slots): t3a.xlarge 3920m/14162Mi/58 → 3740m/14058Mi/53,
//! t3a.2xlarge 7910m/29317Mi/58 → 7730m/29213Mi/53, t3a.large 1930m/6837Mi/35 →
//! 1750m/6733Mi/30. Prices are us-east-1 on-demand: $0.0752, $0.1504, $0.3008 per hour.

use std::collections::BTreeMap;
use std::time::Duration;

use capplan::i18n::{Lang, with_language};
use capplan::optimize::{
    ExistingNode, LimitChange, LimitKind, Limits, NodeOption, NodeSource, Plan, PodGroup,
    PoolUsage, Problem, ResourceExcess, Shortfall, SolveStatus, karpenter_greedy, solve,
};
use capplan::quantity::{ResourceName, Resources};
use proptest::prelude::*;

const MI: i64 = 1024 * 1024;
const GI: i64 = 1024 * MI;

fn resources(cpu_millis: i64, memory_bytes: i64, pods: i64) -> Resources {
    Resources {
        pods,
        ..Resources::new(cpu_millis, memory_bytes)
    }
}

fn option(name: &str, allocatable: Resources, capacity_cpu: i64, price_micros: i64) -> NodeOption {
    NodeOption {
        instance_type: name.to_string(),
        capacity: Resources::new(capacity_cpu, capacity_cpu / 1000 * 4 * GI),
        allocatable,
        price_micros,
        max_count: None,
    }
}

fn t3a_large() -> NodeOption {
    option("t3a.large", resources(1750, 6733 * MI, 30), 2000, 75_200)
}

fn t3a_xlarge() -> NodeOption {
    option("t3a.xlarge", resources(3740, 14058 * MI, 53), 4000, 150_400)
}

fn t3a_2xlarge() -> NodeOption {
    option(
        "t3a.2xlarge",
        resources(7730, 29213 * MI, 53),
        8000,
        300_800,
    )
}

fn runners(count: u32) -> PodGroup {
    PodGroup {
        name: "k6-runner".to_string(),
        requests: resources(2000, 4 * GI, 1),
        count,
    }
}

fn problem(groups: Vec<PodGroup>, options: Vec<NodeOption>) -> Problem {
    Problem {
        pod_groups: groups,
        node_options: options,
        existing_nodes: Vec::new(),
        limits: Limits::default(),
        time_limit: Duration::from_secs(20),
    }
}

/// Counts new nodes per instance type.
fn new_nodes_by_type(plan: &Plan) -> BTreeMap<String, u32> {
    let mut counts = BTreeMap::new();
    for node in &plan.nodes {
        if let NodeSource::New { instance_type, .. } = &node.source {
            *counts.entry(instance_type.clone()).or_insert(0) += 1;
        }
    }
    counts
}

fn type_counts(entries: &[(&str, u32)]) -> BTreeMap<String, u32> {
    entries
        .iter()
        .map(|(name, count)| (name.to_string(), *count))
        .collect()
}

#[test]
fn six_runners_take_two_2xlarge() {
    // A 2000m/4Gi pod: t3a.xlarge holds min(3740/2000, 14058/4096, 53) = 1,
    // t3a.2xlarge holds min(7730/2000, 29213/4096, 53) = 3. With a 2xlarge and b xlarge,
    // 3a + b ≥ 6 at 150400 × (2a + b): a = 2 gives 4 units = 601,600; a = 1, b = 3 gives 5.
    let plan = solve(&problem(
        vec![runners(6)],
        vec![t3a_xlarge(), t3a_2xlarge()],
    ))
    .unwrap();

    assert_eq!(plan.status, SolveStatus::Optimal);
    assert_eq!(plan.placed_pods, 6);
    assert_eq!(plan.cost_micros, 601_600);
    assert_eq!(new_nodes_by_type(&plan), type_counts(&[("t3a.2xlarge", 2)]));
    // Each 2xlarge keeps 7730 − 3 × 2000 = 1730m and 29213 − 3 × 4096 = 16925Mi.
    for node in &plan.nodes {
        assert_eq!(node.headroom.cpu_millis, 1730);
        assert_eq!(node.headroom.memory_bytes, 16925 * MI);
        assert_eq!(node.headroom.pods, 50);
    }
    assert!(plan.unplaced.is_empty());
    assert!(plan.shortfalls.is_empty());
}

#[test]
fn six_runners_on_xlarge_only_take_six() {
    // One 2000m pod per t3a.xlarge (3740 < 2 × 2000): 6 × 150400 = 902,400.
    let plan = solve(&problem(vec![runners(6)], vec![t3a_xlarge()])).unwrap();

    assert_eq!(plan.new_nodes, 6);
    assert_eq!(plan.cost_micros, 902_400);
    assert_eq!(plan.lower_bound_micros, Some(902_400));
}

#[test]
fn ten_runners_mix_types() {
    // 3a + b ≥ 10 minimizing 2a + b: a = 3, b = 1 gives 7 units = 1,052,800;
    // 4 × 2xlarge would be 8 units = 1,203,200.
    let plan = solve(&problem(
        vec![runners(10)],
        vec![t3a_xlarge(), t3a_2xlarge()],
    ))
    .unwrap();

    assert_eq!(plan.status, SolveStatus::Optimal);
    assert_eq!(plan.cost_micros, 1_052_800);
    assert_eq!(
        new_nodes_by_type(&plan),
        type_counts(&[("t3a.2xlarge", 3), ("t3a.xlarge", 1)])
    );
    // The LP relaxation uses only 2xlarge at 100266.7 micros per pod: 10/3 × 300800 =
    // 1,002,666.7, rounded up.
    assert_eq!(plan.lower_bound_micros, Some(1_002_667));
}

#[test]
fn cpu_limit_leaves_one_runner_and_suggests_28() {
    // Limits count capacity: 8 vCPU per 2xlarge, 4 per xlarge. 8a + 4b ≤ 24 allows at
    // most 3a + b = 9 pods (a = 3). Placing all 10 needs min 8a + 4b with 3a + b ≥ 10:
    // a = 3, b = 1 → 28 vCPU.
    let mut input = problem(vec![runners(10)], vec![t3a_xlarge(), t3a_2xlarge()]);
    input.limits.cpu_millis = Some(24_000);
    let plan = solve(&input).unwrap();

    assert_eq!(plan.placed_pods, 9);
    assert_eq!(plan.unplaced.len(), 1);
    assert_eq!(plan.unplaced[0].count, 1);
    assert_eq!(plan.cost_micros, 902_400);
    assert_eq!(plan.added_capacity.cpu_millis, 24_000);
    assert_eq!(
        plan.shortfalls,
        vec![Shortfall::LimitTooLow {
            limit: LimitKind::Cpu,
            current: 24_000,
            needed: 28_000,
            proven_minimal: true,
        }]
    );
}

#[test]
fn node_limit_counts_existing_pool_nodes() {
    // The pool already has 1 node and a limit of 4, so 3 new nodes fit: 3 × 2xlarge hold
    // 9 pods. All 10 need min a + b with 3a + b ≥ 10 → 4 new nodes, so the limit must be 1 + 4 = 5.
    let mut input = problem(vec![runners(10)], vec![t3a_xlarge(), t3a_2xlarge()]);
    input.limits.nodes = Some(4);
    input.limits.in_use = PoolUsage {
        cpu_millis: 4000,
        memory_bytes: 16 * GI,
        nodes: 1,
    };
    let plan = solve(&input).unwrap();

    assert_eq!(plan.placed_pods, 9);
    assert_eq!(plan.new_nodes, 3);
    assert_eq!(
        plan.shortfalls,
        vec![Shortfall::LimitTooLow {
            limit: LimitKind::Nodes,
            current: 4,
            needed: 5,
            proven_minimal: true,
        }]
    );
}

#[test]
fn existing_free_capacity_is_used_first() {
    // The existing node's 4000m/8Gi holds 2 runners at no cost. The other 4 need
    // 3a + b ≥ 4 minimizing 2a + b: a = 1, b = 1 → 3 units = 451,200.
    let mut input = problem(vec![runners(6)], vec![t3a_xlarge(), t3a_2xlarge()]);
    input.existing_nodes = vec![ExistingNode {
        name: "ip-10-0-1-5.ec2.internal".to_string(),
        free: resources(4000, 8 * GI, 20),
    }];
    let plan = solve(&input).unwrap();

    assert_eq!(plan.placed_pods, 6);
    assert_eq!(plan.cost_micros, 451_200);
    assert_eq!(
        plan.nodes[0].source,
        NodeSource::Existing {
            name: "ip-10-0-1-5.ec2.internal".to_string()
        }
    );
    assert_eq!(plan.nodes[0].pods[0].count, 2);
    assert_eq!(plan.nodes[0].headroom, resources(0, 0, 18));
    assert_eq!(
        new_nodes_by_type(&plan),
        type_counts(&[("t3a.2xlarge", 1), ("t3a.xlarge", 1)])
    );
}

#[test]
fn pod_larger_than_every_type() {
    // 8000m exceeds the largest allocatable cpu, t3a.2xlarge's 7730m, by 270m; its 4Gi fits.
    let big = PodGroup {
        name: "big".to_string(),
        requests: resources(8000, 4 * GI, 1),
        count: 2,
    };
    let plan = solve(&problem(
        vec![big, runners(3)],
        vec![t3a_xlarge(), t3a_2xlarge()],
    ))
    .unwrap();

    assert_eq!(plan.placed_pods, 3);
    assert_eq!(plan.cost_micros, 300_800);
    let expected = ResourceExcess {
        resource: ResourceName::Cpu,
        requested: 8000,
        allocatable: 7730,
        node: "t3a.2xlarge".to_string(),
    };
    assert_eq!(expected.excess(), 270);
    assert_eq!(
        plan.shortfalls,
        vec![Shortfall::PodTooLarge {
            group: "big".to_string(),
            pods: 2,
            exceeded: vec![expected],
        }]
    );
}

#[test]
fn max_count_caps_a_type() {
    // At most one 2xlarge: 3 pods there, the other 3 on 3 xlarge = 300800 + 451200 = 752,000.
    let mut two_x = t3a_2xlarge();
    two_x.max_count = Some(1);
    let plan = solve(&problem(vec![runners(6)], vec![t3a_xlarge(), two_x])).unwrap();

    assert_eq!(plan.cost_micros, 752_000);
    assert_eq!(
        new_nodes_by_type(&plan),
        type_counts(&[("t3a.2xlarge", 1), ("t3a.xlarge", 3)])
    );
}

#[test]
fn zero_time_limit_returns_greedy_start() {
    // No stage gets to run, so the plan is the greedy incumbent: 2 × 2xlarge = 601,600,
    // not proven. The LP bound is 6 pods at 300800/3 each = 601,600, so both gaps are 0.
    let mut input = problem(vec![runners(6)], vec![t3a_xlarge(), t3a_2xlarge()]);
    input.time_limit = Duration::ZERO;
    let plan = solve(&input).unwrap();

    assert_eq!(
        plan.status,
        SolveStatus::TimeLimit {
            cost_gap_micros: 0,
            pods_gap: 0
        }
    );
    assert_eq!(plan.cost_micros, 601_600);
    assert_eq!(plan.lower_bound_micros, Some(601_600));
}

#[test]
fn zero_time_limit_keeps_greedy_cost_gap() {
    // Greedy puts the 3000m and 1000m pods on one t3a.2xlarge (300,800). The LP bound is
    // at most the optimum 225,600, so the gap is at least 75,200.
    let groups = vec![
        PodGroup {
            name: "large".to_string(),
            requests: resources(3000, GI, 1),
            count: 1,
        },
        PodGroup {
            name: "small".to_string(),
            requests: resources(1000, GI, 1),
            count: 1,
        },
    ];
    let mut input = problem(groups, vec![t3a_large(), t3a_xlarge(), t3a_2xlarge()]);
    input.time_limit = Duration::ZERO;
    let plan = solve(&input).unwrap();

    assert_eq!(plan.cost_micros, 300_800);
    let SolveStatus::TimeLimit {
        cost_gap_micros,
        pods_gap,
    } = plan.status
    else {
        panic!("expected TimeLimit, got {:?}", plan.status);
    };
    assert!(cost_gap_micros >= 75_200, "{cost_gap_micros}");
    assert_eq!(pods_gap, 0);
}

#[test]
fn greedy_matches_karpenter_on_runners() {
    // Pod 1 opens a claim {xlarge, 2xlarge}; pod 2 (4000m > 3740m) narrows it to 2xlarge;
    // pod 3 fills it to 6000m; pod 4 opens a second claim. Ten pods give three full
    // 2xlarge claims and one claim with one pod that still allows xlarge, the cheapest.
    let plan = karpenter_greedy(&problem(
        vec![runners(10)],
        vec![t3a_xlarge(), t3a_2xlarge()],
    ));

    assert_eq!(plan.status, SolveStatus::Greedy);
    assert_eq!(plan.cost_micros, 1_052_800);
    assert_eq!(
        new_nodes_by_type(&plan),
        type_counts(&[("t3a.2xlarge", 3), ("t3a.xlarge", 1)])
    );
}

#[test]
fn greedy_packs_mixed_pods_onto_one_node() {
    // Karpenter puts the 3000m pod and the 1000m pod on one claim: 4000m > 3740m leaves
    // only t3a.2xlarge ($0.3008). The optimum splits them: t3a.xlarge (3000m) plus
    // t3a.large (1000m ≤ 1750m) = 150400 + 75200 = 225,600.
    let groups = vec![
        PodGroup {
            name: "large".to_string(),
            requests: resources(3000, GI, 1),
            count: 1,
        },
        PodGroup {
            name: "small".to_string(),
            requests: resources(1000, GI, 1),
            count: 1,
        },
    ];
    let input = problem(groups, vec![t3a_large(), t3a_xlarge(), t3a_2xlarge()]);
    let greedy = karpenter_greedy(&input);
    let optimal = solve(&input).unwrap();

    assert_eq!(greedy.cost_micros, 300_800);
    assert_eq!(
        new_nodes_by_type(&greedy),
        type_counts(&[("t3a.2xlarge", 1)])
    );
    assert_eq!(optimal.cost_micros, 225_600);
}

#[test]
fn greedy_cpu_limit_subtracts_largest_type() {
    // Each new claim allows both types, so remaining −= 8 vCPU (the largest capacity):
    // 24 → 16 → 8 → 0. Three claims of three pods; the tenth finds remaining 0 < 4.
    let mut input = problem(vec![runners(10)], vec![t3a_xlarge(), t3a_2xlarge()]);
    input.limits.cpu_millis = Some(24_000);
    let plan = karpenter_greedy(&input);

    assert_eq!(plan.placed_pods, 9);
    assert_eq!(plan.new_nodes, 3);
}

#[test]
fn greedy_uses_existing_node_first() {
    // The existing node takes two runners (free 4000m); the other four open claims.
    let mut input = problem(vec![runners(6)], vec![t3a_xlarge(), t3a_2xlarge()]);
    input.existing_nodes = vec![ExistingNode {
        name: "ip-10-0-1-5.ec2.internal".to_string(),
        free: resources(4000, 8 * GI, 20),
    }];
    let plan = karpenter_greedy(&input);

    assert_eq!(plan.placed_pods, 6);
    assert_eq!(plan.nodes[0].pods[0].count, 2);
    assert_eq!(plan.cost_micros, 451_200);
}

#[test]
fn negative_request_is_rejected() {
    let mut group = runners(1);
    group.requests.cpu_millis = -1;
    let error = solve(&problem(vec![group], vec![t3a_xlarge()])).unwrap_err();

    assert!(error.to_string().contains("k6-runner"), "{error}");
}

#[test]
fn two_limits_must_rise_together() {
    // cpu 24 alone allows 3 × 2xlarge (9 pods); nodes 3 alone also allows 9. Lifting
    // both, the cheapest plan for 10 pods is 3 × 2xlarge + 1 × xlarge: 28 vCPU, 4 nodes.
    let mut input = problem(vec![runners(10)], vec![t3a_xlarge(), t3a_2xlarge()]);
    input.limits.cpu_millis = Some(24_000);
    input.limits.nodes = Some(3);
    let plan = solve(&input).unwrap();

    assert_eq!(plan.placed_pods, 9);
    assert_eq!(
        plan.shortfalls,
        vec![Shortfall::LimitsTooLow {
            changes: vec![
                LimitChange {
                    limit: LimitKind::Cpu,
                    current: 24_000,
                    needed: 28_000,
                },
                LimitChange {
                    limit: LimitKind::Nodes,
                    current: 3,
                    needed: 4,
                },
            ],
        }]
    );
}

#[test]
fn max_count_shortfall() {
    // One t3a.2xlarge at most, holding 3 of the 6 runners; no NodePool limit is set.
    let mut two_x = t3a_2xlarge();
    two_x.max_count = Some(1);
    let plan = solve(&problem(vec![runners(6)], vec![two_x])).unwrap();

    assert_eq!(plan.placed_pods, 3);
    assert_eq!(
        plan.shortfalls,
        vec![Shortfall::MaxCountReached {
            placeable_without_limits: 3
        }]
    );
}

#[test]
fn too_many_pods_is_rejected_in_korean() {
    // 20,001 pods is one more than the optimizer accepts.
    let input = problem(vec![runners(20_001)], vec![t3a_xlarge()]);
    let error = solve(&input).unwrap_err();
    let message = with_language(Lang::Ko, || error.to_string());

    assert!(message.contains("20000"), "{message}");
    assert!(message.contains("파드"), "{message}");
    assert_eq!(karpenter_greedy(&input).placed_pods, 0);
}

// ---- properties on small random instances ----

/// Computes (max pods placed, then min cost and nodes for them) by dynamic programming
/// over pod count vectors, adding one node at a time.
fn brute_force(input: &Problem) -> (u32, i64, u32) {
    let counts: Vec<u32> = input.pod_groups.iter().map(|g| g.count).collect();
    let states: Vec<Vec<u32>> = all_vectors(&counts);
    let mut best: BTreeMap<Vec<u32>, (i64, u32)> = BTreeMap::new();
    best.insert(vec![0; counts.len()], (0, 0));
    // States in order of total pods, so every smaller state is already known.
    let mut ordered = states.clone();
    ordered.sort_by_key(|state| state.iter().sum::<u32>());
    for state in &ordered {
        if state.iter().all(|&c| c == 0) {
            continue;
        }
        let mut found: Option<(i64, u32)> = None;
        for node in &input.node_options {
            for load in all_vectors(state) {
                if load.iter().all(|&c| c == 0) {
                    continue;
                }
                let mut used = Resources::default();
                for (group, &count) in input.pod_groups.iter().zip(&load) {
                    used.add(&group.requests.times(i64::from(count)));
                }
                if !used.fits_in(&node.allocatable) {
                    continue;
                }
                let rest: Vec<u32> = state.iter().zip(&load).map(|(s, l)| s - l).collect();
                if let Some(&(cost, nodes)) = best.get(&rest) {
                    let candidate = (cost + node.price_micros, nodes + 1);
                    if found.is_none_or(|current| candidate < current) {
                        found = Some(candidate);
                    }
                }
            }
        }
        if let Some(value) = found {
            best.insert(state.clone(), value);
        }
    }
    let mut answer = (0u32, 0i64, 0u32);
    for (state, (cost, nodes)) in &best {
        let placed: u32 = state.iter().sum();
        let better =
            placed > answer.0 || (placed == answer.0 && (*cost, *nodes) < (answer.1, answer.2));
        if better {
            answer = (placed, *cost, *nodes);
        }
    }
    answer
}

fn all_vectors(bounds: &[u32]) -> Vec<Vec<u32>> {
    let mut vectors = vec![Vec::new()];
    for &bound in bounds {
        vectors = vectors
            .into_iter()
            .flat_map(|prefix| {
                (0..=bound).map(move |value| {
                    let mut next = prefix.clone();
                    next.push(value);
                    next
                })
            })
            .collect();
    }
    vectors
}

fn node_strategy(index: usize) -> impl Strategy<Value = NodeOption> {
    (2u32..=16, 1i64..=16, 2i64..=6, 1i64..=12, 1i64..=20).prop_map(
        move |(half_cores, memory_gib, pods, price_units, capacity_cores)| NodeOption {
            instance_type: format!("type-{index}"),
            allocatable: resources(i64::from(half_cores) * 500, memory_gib * GI, pods),
            capacity: Resources::new(capacity_cores * 1000, memory_gib * GI),
            price_micros: price_units * 25_000,
            max_count: None,
        },
    )
}

fn group_strategy(index: usize) -> impl Strategy<Value = PodGroup> {
    (1i64..=12, 1i64..=8, 1u32..=3).prop_map(move |(quarter_cores, memory_gib, count)| PodGroup {
        name: format!("group-{index}"),
        requests: resources(quarter_cores * 250, memory_gib * GI, 1),
        count,
    })
}

fn problem_strategy() -> impl Strategy<Value = Problem> {
    let options = (1usize..=3).prop_flat_map(|n| (0..n).map(node_strategy).collect::<Vec<_>>());
    let groups = (1usize..=2).prop_flat_map(|n| (0..n).map(group_strategy).collect::<Vec<_>>());
    (groups, options).prop_map(|(groups, options)| problem(groups, options))
}

fn assert_nodes_fit(input: &Problem, plan: &Plan) {
    let mut per_group: BTreeMap<String, u32> = BTreeMap::new();
    for node in &plan.nodes {
        let room = match &node.source {
            NodeSource::New { instance_type, .. } => {
                &input
                    .node_options
                    .iter()
                    .find(|option| &option.instance_type == instance_type)
                    .unwrap()
                    .allocatable
            }
            NodeSource::Existing { name } => {
                &input
                    .existing_nodes
                    .iter()
                    .find(|n| &n.name == name)
                    .unwrap()
                    .free
            }
        };
        let mut requested = Resources::default();
        for pods in &node.pods {
            let group = input
                .pod_groups
                .iter()
                .find(|g| g.name == pods.group)
                .unwrap();
            requested.add(&group.requests.times(i64::from(pods.count)));
            *per_group.entry(pods.group.clone()).or_insert(0) += pods.count;
        }
        assert!(requested.fits_in(room), "{requested} does not fit {room}");
        assert_eq!(node.requested, requested);
    }
    for group in &input.pod_groups {
        assert!(per_group.get(&group.name).copied().unwrap_or(0) <= group.count);
    }
    assert_eq!(per_group.values().sum::<u32>(), plan.placed_pods);
}

/// True when `better` places more pods, or as many at no higher cost.
fn no_worse(better: &Plan, worse: &Plan) -> bool {
    better.placed_pods > worse.placed_pods
        || (better.placed_pods == worse.placed_pods && better.cost_micros <= worse.cost_micros)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn optimum_matches_brute_force(input in problem_strategy()) {
        let plan = solve(&input).unwrap();
        let (placed, cost, nodes) = brute_force(&input);

        prop_assert_eq!(plan.status.clone(), SolveStatus::Optimal);
        prop_assert_eq!(plan.placed_pods, placed);
        prop_assert_eq!(plan.cost_micros, cost);
        prop_assert_eq!(plan.new_nodes, nodes);
        assert_nodes_fit(&input, &plan);
        prop_assert!(plan.lower_bound_micros.unwrap() <= plan.cost_micros);

        let greedy = karpenter_greedy(&input);
        assert_nodes_fit(&input, &greedy);
        if greedy.places_all() {
            prop_assert!(plan.cost_micros <= greedy.cost_micros);
        }
    }

    #[test]
    fn more_types_never_cost_more(input in problem_strategy(), extra in node_strategy(9)) {
        let plan = solve(&input).unwrap();
        let mut wider = input.clone();
        wider.node_options.push(extra);
        let wider_plan = solve(&wider).unwrap();

        prop_assert!(no_worse(&wider_plan, &plan));
    }

    #[test]
    fn higher_limit_never_costs_more(
        input in problem_strategy(),
        limit_cores in 0i64..=24,
        raise_cores in 1i64..=16,
    ) {
        let mut limited = input.clone();
        limited.limits.cpu_millis = Some(limit_cores * 1000);
        let plan = solve(&limited).unwrap();
        assert_nodes_fit(&limited, &plan);
        prop_assert!(plan.added_capacity.cpu_millis <= limit_cores * 1000);

        let mut raised = limited.clone();
        raised.limits.cpu_millis = Some((limit_cores + raise_cores) * 1000);
        let raised_plan = solve(&raised).unwrap();

        prop_assert!(no_worse(&raised_plan, &plan));
    }
}
