//! The plan benchmark's column generation path at a reduced size: ten pod shapes of one
//! or two pods each over every usable catalog type. Results are checked; times are
//! measured only by `cargo bench --bench scale -- plan`.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::time::Duration;

use capplan::catalog::Catalog;
use capplan::optimize::{
    self, Limits, NodeOption, NodeSource, Plan, PodGroup, Problem, SolveStatus,
};
use capplan::plan::{NodeTypeFit, PlanOptions, plan};
use capplan::quantity::Resources;
use capplan::scenario::Scenario;

/// Returns the benchmark's ten shapes (`synth::OTHER_PODS` after the runners), with one or
/// two pods each.
fn ten_shapes(runner: &Resources) -> Vec<PodGroup> {
    let counts = [1, 2, 1, 1, 2, 2, 1, 1, 1];
    let others: Vec<(&str, i64, i64, u32)> = synth::OTHER_PODS
        .iter()
        .zip(counts)
        .map(|(&(name, cpu_millis, memory_bytes, _), count)| {
            (name, cpu_millis, memory_bytes, count)
        })
        .collect();
    synth::pod_groups(runner, 2, &others)
}

/// Checks that every node's pods fit its allocatable.
fn assert_nodes_fit(problem: &Problem, plan: &Plan) {
    for node in &plan.nodes {
        let NodeSource::New { instance_type, .. } = &node.source else {
            panic!("no existing nodes in this problem: {:?}", node.source);
        };
        let option = problem
            .node_options
            .iter()
            .find(|option| &option.instance_type == instance_type)
            .expect("a planned type is one of the options");
        assert!(
            node.requested.fits_in(&option.allocatable),
            "{instance_type}: {} does not fit {}",
            node.requested,
            option.allocatable
        );
    }
}

#[test]
fn ten_shapes_over_every_type_beat_greedy() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = Scenario::load(&root.join("scenarios/50k.yaml")).expect("scenario");
    let catalog = Catalog::bundled().expect("catalog");
    let types = synth::usable_types(&scenario, &catalog);
    let options = PlanOptions {
        instance_types: Some(types),
        time_limit: Duration::from_secs(30),
        ..PlanOptions::default()
    };
    let report = plan(&scenario, &catalog, &options).expect("plan");
    let node_options: Vec<NodeOption> = report
        .node_types
        .iter()
        .map(NodeTypeFit::node_option)
        .collect();
    assert!(node_options.len() > 500, "{}", node_options.len());
    let problem = Problem {
        pod_groups: ten_shapes(&report.sizing.pod_requests()),
        node_options,
        existing_nodes: Vec::new(),
        limits: Limits::default(),
        time_limit: Duration::from_secs(5),
    };

    let optimal = optimize::solve(&problem).expect("solve");
    let greedy = optimize::karpenter_greedy(&problem);

    // 2 runners + 1 + 2 + 1 + 1 + 2 + 2 + 1 + 1 + 1 = 14 pods; the largest (8000m,
    // 32Gi) fits many catalog types.
    assert_eq!(optimal.total_pods, 14);
    assert!(optimal.places_all(), "{:?}", optimal.unplaced);
    assert!(greedy.places_all(), "{:?}", greedy.unplaced);
    assert!(optimal.cost_micros <= greedy.cost_micros);
    let bound = optimal.lower_bound_micros.expect("an LP bound");
    assert!(bound <= optimal.cost_micros);
    assert!(bound > 0);
    assert_ne!(optimal.status, SolveStatus::Greedy);
    assert_nodes_fit(&problem, &optimal);
}
