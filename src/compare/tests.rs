use std::path::Path;
use std::time::Duration;

use super::*;
use crate::catalog::Catalog;
use crate::plan::{PlanOptions, plan};
use crate::scenario::Scenario;

fn load(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    Scenario::load(&path).expect("bundled scenario")
}

fn options() -> PlanOptions {
    PlanOptions {
        time_limit: Duration::from_secs(10),
        ..PlanOptions::default()
    }
}

fn input(label: &str, scenario: &Scenario, options: &PlanOptions) -> CompareInput {
    let catalog = Catalog::bundled().expect("bundled catalog");
    CompareInput {
        label: label.to_string(),
        report: plan(scenario, &catalog, options).expect("plan"),
        profile: scenario.profile.clone(),
        preflight: None,
    }
}

fn synthetic(label: &str, viable: bool, per_run: i64, per_hour: i64) -> ComparedOption {
    ComparedOption {
        label: label.to_string(),
        scenario: label.to_string(),
        file: format!("{label}.yaml"),
        rank: 0,
        viable,
        target_rps: 1000,
        region: "us-east-1".to_string(),
        pods: 1,
        rps_per_pod_min: 1000,
        rps_per_pod_max: 1000,
        pod_requests: Resources::new(1000, 1 << 30),
        pod_limits: Resources::new(1000, 1 << 30),
        total_requests: Resources::new(1000, 1 << 30),
        total_limits: Resources::new(1000, 1 << 30),
        max_vus_per_pod: 100,
        max_vus_total: 100,
        test_duration_seconds: 600,
        node_mix: "1 × m5.large".to_string(),
        new_nodes: 1,
        placed_pods: 1,
        total_pods: 1,
        cost_micros_per_hour: per_hour,
        instance_cost_per_run_micros: per_run,
        credit_cost_per_run_micros: 0,
        total_cost_per_run_micros: per_run,
        headroom: Vec::new(),
        nodes: Vec::new(),
        findings: FindingCounts::default(),
        preflight: None,
        profile: Vec::new(),
    }
}

#[test]
fn viable_options_rank_first() {
    let options = vec![
        synthetic("a", true, 500, 1000),
        synthetic("b", false, 100, 200),
        synthetic("c", true, 300, 5000),
        // Same cost per run as c: the cheaper hour breaks the tie.
        synthetic("d", true, 300, 4000),
    ];
    // Viable first (a, c, d), by cost per run: d and c at 300 (d's hour is cheaper), then a, and b last.
    assert_eq!(rank(&options), vec![3, 2, 0, 1]);
}

#[test]
fn reason_names_next_option() {
    let options = vec![
        synthetic("six", true, 469_000, 1),
        synthetic("ten", true, 755_000, 1),
    ];
    let text = crate::i18n::with_language(crate::i18n::Lang::En, || reason(&options, &[0, 1]));
    // 755,000 − 469,000 = 286,000 micro-dollars = $0.2860.
    assert!(text.contains("six"), "{text}");
    assert!(text.contains("ten"), "{text}");
    assert!(text.contains("$0.2860"), "{text}");
}

#[test]
fn vary_pods_keeps_total_load() {
    let scenario = load("50k.yaml");
    let (label, varied, _) =
        apply_variation(&scenario, &options(), VaryKey::Pods, "6").expect("vary");
    assert_eq!(label, "pods=6");
    assert_eq!(varied.pod_count(), 6);
    assert_eq!(varied.profile.target_scope, TargetScope::Total);
    // The per-pod targets 2,000 / 5,000 / 5,000 / 0 run on 10 pods: totals 20,000 / 50,000 / 50,000 / 0.
    let targets: Vec<u64> = varied
        .profile
        .stages
        .iter()
        .map(|stage| stage.target_rps)
        .collect();
    assert_eq!(targets, vec![20_000, 50_000, 50_000, 0]);
    // 50,000 = 6 × 8,333 + 2, so two pods carry 8,334.
    let sizing = crate::sizing::size(&varied);
    assert_eq!(sizing.rps_per_pod, vec![8334, 8334, 8333, 8333, 8333, 8333]);
}

#[test]
fn six_pods_match_the_six_pod_file() {
    // The six-pod file states the same total profile by hand, so the plans must agree.
    let ten = load("50k.yaml");
    let (_, varied, varied_options) =
        apply_variation(&ten, &options(), VaryKey::Pods, "6").expect("vary");
    let by_flag = input("pods=6", &varied, &varied_options);
    let by_file = input("50k-6x", &load("50k-6x.yaml"), &options());
    let a = compare(&[by_flag], None).options.remove(0);
    let b = compare(&[by_file], None).options.remove(0);
    assert_eq!(a.pods, b.pods);
    assert_eq!(a.total_requests, b.total_requests);
    assert_eq!(a.node_mix, b.node_mix);
    assert_eq!(a.total_cost_per_run_micros, b.total_cost_per_run_micros);
    assert_eq!(a.findings, b.findings);
    assert_eq!(a.profile, b.profile);
}

#[test]
fn profile_points_at_stage_ends() {
    let scenario = load("50k.yaml");
    let points = profile_points(&scenario.profile, 10);
    // Per-pod stages 3m→2,000, 5m→5,000, 15m→5,000, 3m→0, times 10 pods.
    let expected = [
        (0, 0),
        (180, 20_000),
        (480, 50_000),
        (1380, 50_000),
        (1560, 0),
    ];
    let actual: Vec<(u64, u64)> = points
        .iter()
        .map(|point| (point.seconds, point.total_rps))
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn cpu_error_makes_option_not_viable() {
    // 8,334 RPS at 2,000 RPS per core needs 4,167m, past the 3-core limit: an error.
    let six = input("50k-6x", &load("50k-6x.yaml"), &options());
    let ten = input("50k", &load("50k.yaml"), &options());
    let comparison = compare(&[six, ten], None);
    let six = &comparison.options[0];
    assert_eq!(six.findings.cpu_throttling, 1);
    assert!(six.findings.errors >= 1);
    assert!(!six.viable);
    assert!(comparison.options[1].viable);
    assert_eq!(comparison.ranking, vec![1, 0]);
    assert_eq!(comparison.options[1].rank, 1);
}

#[test]
fn capacity_type_is_rejected() {
    let error = crate::i18n::with_language(crate::i18n::Lang::En, || {
        parse_vary("capacity-type=spot,on-demand").expect_err("refused")
    });
    assert!(error.to_string().contains("on-demand"), "{error}");
    assert!(parse_vary("pods").is_err());
    assert!(parse_vary("colour=red").is_err());
    let parsed = parse_vary("instance-types=t3a.xlarge+t3a.2xlarge,c6i.2xlarge").expect("parse");
    assert_eq!(parsed.key, VaryKey::InstanceTypes);
    assert_eq!(parsed.values, vec!["t3a.xlarge+t3a.2xlarge", "c6i.2xlarge"]);
}

#[test]
fn pod_count_above_target_rejected() {
    let scenario = load("10k.yaml");
    assert!(apply_variation(&scenario, &options(), VaryKey::Pods, "10001").is_err());
    assert!(apply_variation(&scenario, &options(), VaryKey::Pods, "0").is_err());
    assert!(apply_variation(&scenario, &options(), VaryKey::Pods, "x").is_err());
}
