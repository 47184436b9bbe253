//! The scale benchmarks' code paths at a reduced size: a generated snapshot read from
//! its file and checked by preflight, and the plan over every catalog type.
//! Results are checked; times are measured only by `cargo bench --bench scale`.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::time::Duration;

use capplan::catalog::{Catalog, NodeModel};
use capplan::cluster::load::load_snapshot_files;
use capplan::manifest::load_manifests;
use capplan::optimize::SolveStatus;
use capplan::plan::{PlanOptions, plan};
use capplan::preflight::{PreflightOptions, preflight};
use capplan::scenario::Scenario;
use capplan::simulate::PodOutcome;

#[test]
fn reduced_max_scale_preflight_places_every_runner() {
    // max_scale / 50: 100 nodes, 3,000 pods, 200 new pods.
    let spec = synth::ClusterSpec::reduced(50);
    let dir = tempfile::tempdir().expect("tempdir");
    let files = synth::write(&spec, dir.path()).expect("generate");

    let cluster = load_snapshot_files(std::slice::from_ref(&files.snapshot)).expect("parse");
    assert_eq!(cluster.nodes.len(), 100);
    assert_eq!(cluster.pods.len(), 3_000);
    assert_eq!(cluster.daemon_sets.len(), 12);
    assert_eq!(cluster.node_pools.len(), 24);

    let manifests =
        load_manifests(std::slice::from_ref(&files.manifests), Some("default")).expect("manifests");
    let catalog = Catalog::bundled().expect("catalog");
    let report = preflight(
        &cluster,
        &manifests.workloads,
        Some(&manifests),
        &catalog,
        &NodeModel::default(),
        &PreflightOptions::default(),
    )
    .expect("preflight");

    assert_eq!(report.summary.pods, 200);
    assert_eq!(report.summary.pending, 0);
    assert_eq!(report.summary.launch_loop, 0);
    assert_eq!(report.summary.scheduled + report.summary.on_new_nodes, 200);
    // The runners select `team: loadtest`; one node in twenty is in that pool
    // (indices 0, 20, 40, 60, 80), so only those five may take them.
    let loadtest_nodes = [
        "ip-10-0-0-0.ec2.internal",
        "ip-10-0-0-20.ec2.internal",
        "ip-10-0-0-40.ec2.internal",
        "ip-10-0-0-60.ec2.internal",
        "ip-10-0-0-80.ec2.internal",
    ];
    for pod in &report.verdict.pods {
        match &pod.outcome {
            PodOutcome::Scheduled { node } => {
                assert!(loadtest_nodes.contains(&node.as_str()), "{node}")
            }
            PodOutcome::OnNewNode { node_pool, .. } => assert_eq!(node_pool, "loadtest"),
            other => panic!("{}: {other:?}", pod.pod),
        }
    }
    // Each loadtest node has 15890m allocatable, so at most 15 one-CPU runners fit
    // even on an empty node: 5 × 15 = 75 bounds the pods on existing nodes.
    assert!(
        report.summary.scheduled <= 75,
        "{}",
        report.summary.scheduled
    );
    assert!(report.summary.new_nodes >= 1);
}

#[test]
fn plan_over_every_catalog_type_is_proven_and_beats_greedy() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = Scenario::load(&root.join("scenarios/50k.yaml")).expect("scenario");
    let catalog = Catalog::bundled().expect("catalog");
    let priced = synth::usable_types(&scenario, &catalog);
    assert!(priced.len() > 500, "{}", priced.len());
    let options = PlanOptions {
        instance_types: Some(priced),
        time_limit: Duration::from_secs(30),
        ..PlanOptions::default()
    };
    let report = plan(&scenario, &catalog, &options).expect("plan");
    let optimal = &report.optimal.plan;
    let greedy = &report.karpenter.plan;
    // 50,000 RPS at 5,000 per pod: 10 runner pods, all placeable.
    assert_eq!(optimal.total_pods, 10);
    assert!(optimal.places_all());
    assert_eq!(optimal.status, SolveStatus::Optimal);
    assert!(optimal.cost_micros <= greedy.cost_micros);
    let bound = optimal.lower_bound_micros.expect("bound");
    assert!(bound <= optimal.cost_micros);
    // A superset of types can never cost more: the two scenario types alone give an
    // upper bound the full-catalog optimum must meet.
    let narrow = PlanOptions {
        instance_types: Some(scenario.instance_types().to_vec()),
        time_limit: Duration::from_secs(30),
        ..PlanOptions::default()
    };
    let narrow_report = plan(&scenario, &catalog, &narrow).expect("plan");
    assert!(optimal.cost_micros <= narrow_report.optimal.plan.cost_micros);
}
