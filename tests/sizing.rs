//! Sizing with hand-worked numbers: the 30k runbook step, the 50k options, the
//! derived pod shape, the trend-sample memory term and T3 surplus credits.

use std::path::PathBuf;

use capplan::finding::Severity;
use capplan::scenario::Scenario;
use capplan::sizing::{BurstableCpu, ShapeSource, Sizing, size, split_even, surplus_credits};
use proptest::prelude::*;

const GIB: i64 = 1024 * 1024 * 1024;
const MIB: i64 = 1024 * 1024;

fn bundled(name: &str) -> Scenario {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "scenarios", name]
        .iter()
        .collect();
    match Scenario::load(&path) {
        Ok(scenario) => scenario,
        Err(error) => panic!("{name} failed to load: {error}"),
    }
}

fn parse(text: &str) -> Scenario {
    match Scenario::from_str(text, "test.yaml") {
        Ok(scenario) => scenario,
        Err(error) => panic!("{error}"),
    }
}

fn finding_codes(sizing: &Sizing) -> Vec<(&str, Severity)> {
    sizing
        .findings
        .iter()
        .map(|finding| (finding.code.as_str(), finding.severity))
        .collect()
}

#[test]
fn thirty_k_runbook_numbers() {
    let sizing = size(&bundled("30k.yaml"));
    assert_eq!(sizing.shape, ShapeSource::Fixed);
    assert_eq!(sizing.pods, 6);
    assert_eq!(sizing.rps_per_pod, vec![5_000; 6]);
    // 6 × 2 CPU = 12 CPU, 6 × 4Gi = 24Gi requested; 6 × 3 CPU = 18, 6 × 6Gi = 36Gi limit.
    assert_eq!(sizing.totals.requests.cpu_millis, 12_000);
    assert_eq!(sizing.totals.requests.memory_bytes, 24 * GIB);
    assert_eq!(sizing.totals.requests.pods, 6);
    assert_eq!(sizing.totals.limits.cpu_millis, 18_000);
    assert_eq!(sizing.totals.limits.memory_bytes, 36 * GIB);
    // 6 × 2,500 = 15,000 VUs.
    assert_eq!(sizing.totals.max_vus, 15_000);
    // 2,500 VUs / 5,000 iterations per second = 0.5 s = 500,000 µs.
    assert_eq!(sizing.max_mean_iteration_micros, 500_000);
    assert_eq!(sizing.test_duration_millis, 1_560_000);
}

#[test]
fn thirty_k_profile_requests() {
    let sizing = size(&bundled("30k.yaml"));
    // 1k avg × 180 s + 3.5k × 300 s + 5k × 900 s + 2.5k × 180 s
    // = 180,000 + 1,050,000 + 4,500,000 + 450,000 = 6,180,000 per pod.
    assert_eq!(sizing.requests_per_pod, 6_180_000);
    // Six pods: 37,080,000.
    assert_eq!(sizing.total_requests, 37_080_000);
}

#[test]
fn thirty_k_memory_prediction() {
    let sizing = size(&bundled("30k.yaml"));
    let memory = &sizing.memory;
    // 7 HTTP trend samples per request + 1 iteration_duration per iteration
    // = 8 × 6,180,000 = 49,440,000 samples; × 8 bytes = 395,520,000 bytes (≈ 0.4 GB).
    assert_eq!(memory.trend_samples, 49_440_000);
    assert_eq!(memory.trend_sample_bytes, 395_520_000);
    // 2,500 VUs × 1,000,000 bytes.
    assert_eq!(memory.vus_bytes, 2_500_000_000);
    assert_eq!(memory.base_bytes, 64 * MIB);
    // 67,108,864 + 2,500,000,000 + 395,520,000 = 2,962,628,864 bytes.
    assert_eq!(memory.total_bytes, 2_962_628_864);
    assert_eq!(memory.limit_bytes, 6 * GIB);
    // 2,962,628,864 / 6,442,450,944 = 45.99%: under 90%, no oom-risk.
    assert!(
        (memory.percent_of_limit - 45.986).abs() < 0.01,
        "{}",
        memory.percent_of_limit
    );
    assert!(
        !sizing
            .findings
            .iter()
            .any(|finding| finding.code == "oom-risk")
    );
}

#[test]
fn thirty_k_cpu_prediction() {
    let sizing = size(&bundled("30k.yaml"));
    // 5,000 RPS / 2,000 RPS per core = 2.5 cores = 2500m of the 3000m limit = 83.3%.
    assert_eq!(sizing.cpu.busy_cpu_millis, 2_500);
    assert_eq!(sizing.cpu.limit_cpu_millis, 3_000);
    assert!((sizing.cpu.percent_of_limit - 83.333).abs() < 0.01);
    // Above the 80% target but below the limit: a warning. No iteration time given, so
    // only the iteration budget is reported.
    assert_eq!(
        finding_codes(&sizing),
        vec![
            ("iteration-budget", Severity::Info),
            ("cpu-throttling", Severity::Warning)
        ]
    );
    let throttling = &sizing.findings[1];
    // ceil(2500 × 100 / 80) = 3125m, rounded up to 3200m.
    assert_eq!(throttling.values["suggested_limit_millis"], 3_200);
    assert!(
        throttling.message.contains("2500m"),
        "{}",
        throttling.message
    );
}

#[test]
fn fifty_k_ten_pods() {
    let sizing = size(&bundled("50k.yaml"));
    // ceil(50,000 / 5,000) = 10 pods of 5,000.
    assert_eq!(sizing.pods, 10);
    assert_eq!(sizing.rps_per_pod, vec![5_000; 10]);
    assert_eq!(sizing.totals.requests.cpu_millis, 20_000);
    assert_eq!(sizing.totals.max_vus, 25_000);
    assert_eq!(sizing.max_mean_iteration_micros, 500_000);
    assert_eq!(sizing.requests_per_pod, 6_180_000);
}

#[test]
fn fifty_k_six_pods_split() {
    let sizing = size(&bundled("50k-6x.yaml"));
    // 50,000 = 6 × 8,333 + 2: the first two parts carry one more.
    assert_eq!(
        sizing.rps_per_pod,
        vec![8_334, 8_334, 8_333, 8_333, 8_333, 8_333]
    );
    assert_eq!(sizing.rps_per_pod.iter().sum::<u64>(), 50_000);
    // 2,500 VUs / 8,334 per second = 0.299976 s: the 300 ms budget.
    assert_eq!(sizing.max_mean_iteration_micros, 299_976);
    // Total profile: 10k avg × 180 s + 35k × 300 s + 50k × 900 s + 25k × 180 s
    // = 1,800,000 + 10,500,000 + 45,000,000 + 4,500,000 = 61,800,000 requests.
    assert_eq!(sizing.total_requests, 61_800_000);
    // The busiest pod's share: 61,800,000 × 8,334 / 50,000 = 10,300,824.
    assert_eq!(sizing.requests_per_pod, 10_300_824);
    // × 8 samples × 8 bytes = 659,252,736 bytes (≈ 0.66 GB).
    assert_eq!(sizing.memory.trend_sample_bytes, 659_252_736);
    // 8,334 / 2,000 = 4.167 cores, over the 3-core limit: an error.
    assert_eq!(sizing.cpu.busy_cpu_millis, 4_167);
    let throttling = sizing
        .findings
        .iter()
        .find(|finding| finding.code == "cpu-throttling");
    assert_eq!(
        throttling.map(|finding| finding.severity),
        Some(Severity::Error)
    );
}

#[test]
fn ten_k_uneven_split() {
    let sizing = size(&bundled("10k.yaml"));
    // 10,000 = 3 × 3,333 + 1.
    assert_eq!(sizing.rps_per_pod, vec![3_334, 3_333, 3_333]);
    // 3 × 1.5 CPU = 4.5 CPU, 3 × 3Gi = 9Gi; limits 6 CPU, 12Gi; 4,500 VUs.
    assert_eq!(sizing.totals.requests.cpu_millis, 4_500);
    assert_eq!(sizing.totals.requests.memory_bytes, 9 * GIB);
    assert_eq!(sizing.totals.limits.cpu_millis, 6_000);
    assert_eq!(sizing.totals.limits.memory_bytes, 12 * GIB);
    assert_eq!(sizing.totals.max_vus, 4_500);
    assert_eq!(sizing.test_duration_millis, 20 * 60_000);
}

const THIRTY_K_WITH_ITERATION: &str = "\
apiVersion: capplan/v1
kind: Scenario
name: 30k-iter
targetRps: 30000
profile:
  targetScope: perPod
  stages:
    - {duration: 3m, target: 2000}
    - {duration: 5m, target: 5000}
    - {duration: 15m, target: 5000}
    - {duration: 3m, target: 0}
shards:
  pods: 6
";

#[test]
fn rps_short_when_vus_run_out() {
    let text = format!(
        "{THIRTY_K_WITH_ITERATION}runner:
  requests: {{cpu: \"2\", memory: 4Gi}}
  limits: {{cpu: \"3\", memory: 6Gi}}
  maxVUs: 2500
  throughput:
    meanIterationSeconds: 0.6
"
    );
    let sizing = size(&parse(&text));
    // Little's law: 5,000 per second × 0.6 s = 3,000 VUs busy > 2,500.
    assert_eq!(sizing.needed_vus_per_pod, Some(3_000));
    let short = sizing
        .findings
        .iter()
        .find(|finding| finding.code == "rps-short");
    let Some(short) = short else {
        panic!("no rps-short finding: {:?}", sizing.findings);
    };
    assert_eq!(short.severity, Severity::Error);
    assert_eq!(short.values["needed_vus"], 3_000);
    assert_eq!(short.values["max_vus"], 2_500);
}

#[test]
fn enough_vus_no_finding() {
    let text = format!(
        "{THIRTY_K_WITH_ITERATION}runner:
  requests: {{cpu: \"2\", memory: 4Gi}}
  limits: {{cpu: \"4\", memory: 6Gi}}
  maxVUs: 2500
  throughput:
    meanIterationSeconds: 0.2
"
    );
    let sizing = size(&parse(&text));
    // 5,000 × 0.2 = 1,000 VUs ≤ 2,500; 2500m of a 4000m limit = 62.5% ≤ 80%.
    assert_eq!(sizing.needed_vus_per_pod, Some(1_000));
    assert!(sizing.findings.is_empty(), "{:?}", sizing.findings);
}

#[test]
fn derived_shape() {
    let text =
        format!("{THIRTY_K_WITH_ITERATION}runner:\n  throughput:\n    meanIterationSeconds: 0.2\n");
    let sizing = size(&parse(&text));
    assert_eq!(sizing.shape, ShapeSource::Derived);
    // 1,000 busy VUs + 20% cushion = 1,200.
    assert_eq!(sizing.max_vus_per_pod, 1_200);
    // 2500m busy / 80% = 3125m, rounded up to 3200m.
    assert_eq!(sizing.requests.cpu_millis, 3_200);
    // 67,108,864 + 1,200 × 1,000,000 + 395,520,000 = 1,662,628,864 bytes; / 90% =
    // 1,847,365,405 (rounded up); rounded up to 256Mi steps: 7 × 256Mi = 1792Mi.
    assert_eq!(sizing.memory.total_bytes, 1_662_628_864);
    assert_eq!(sizing.requests.memory_bytes, 1_792 * MIB);
    assert_eq!(sizing.limits.cpu_millis, 3_200);
    assert_eq!(sizing.limits.memory_bytes, 1_792 * MIB);
    assert_eq!(sizing.requests.pods, 1);
    assert!(sizing.findings.is_empty(), "{:?}", sizing.findings);
}

#[test]
fn oom_risk_when_memory_tight() {
    let text = format!(
        "{THIRTY_K_WITH_ITERATION}runner:
  requests: {{cpu: \"2\", memory: 2Gi}}
  limits: {{cpu: \"4\", memory: 3Gi}}
  maxVUs: 2500
  throughput:
    meanIterationSeconds: 0.2
    remoteWriteTrendStats: true
"
    );
    let sizing = size(&parse(&text));
    // Two trend copies: 2 × 395,520,000 = 791,040,000 bytes; total
    // 67,108,864 + 2,500,000,000 + 791,040,000 = 3,358,148,864 > 3Gi (3,221,225,472).
    assert_eq!(sizing.memory.total_bytes, 3_358_148_864);
    let oom = sizing
        .findings
        .iter()
        .find(|finding| finding.code == "oom-risk");
    assert_eq!(oom.map(|finding| finding.severity), Some(Severity::Error));
}

#[test]
fn t3a_credit_cost() {
    // t3a.2xlarge: 8 vCPUs earning 192 credits per hour = 3.2 vCPU baseline.
    let node = BurstableCpu::from_credits_per_hour(8, 192);
    assert_eq!(node, BurstableCpu::from_baseline_percent(8, 40));
    // At 100%: (8 − 192/60) × $0.05 = 4.8 × $0.05 = $0.24 per hour.
    let hour = surplus_credits(8_000, node, 3_600_000);
    assert_eq!(hour.surplus_cpu_millis, 4_800);
    assert_eq!(hour.cost_micros_per_hour, 240_000);
    assert_eq!(hour.cost_micros, 240_000);
    assert!((hour.surplus_vcpu_hours - 4.8).abs() < 1e-9);
    assert_eq!(capplan::report::format_dollars(hour.cost_micros), "$0.2400");
    // The 26-minute test: 4.8 vCPU × 26/60 h × $0.05 = $0.104.
    let test = surplus_credits(8_000, node, 1_560_000);
    assert_eq!(test.cost_micros, 104_000);
}

#[test]
fn credits_below_baseline_free() {
    // t3a.xlarge: 4 vCPUs at 40% = 1600m baseline; 1500m busy spends no surplus.
    let node = BurstableCpu::from_baseline_percent(4, 40);
    let charge = surplus_credits(1_500, node, 3_600_000);
    assert_eq!(charge.surplus_cpu_millis, 0);
    assert_eq!(charge.cost_micros, 0);
    assert!(capplan::sizing::cpu_credits_finding("node-a", "t3a.xlarge", &charge).is_none());
    // Busy CPU past the node's 4 vCPUs is capped: (4000 − 1600) × 50 = 120,000 µ$/h.
    let capped = surplus_credits(9_000, node, 3_600_000);
    assert_eq!(capped.cost_micros_per_hour, 120_000);
    let finding = capplan::sizing::cpu_credits_finding("node-a", "t3a.xlarge", &capped);
    assert_eq!(
        finding.map(|finding| finding.values["cost_micros"].clone()),
        Some(120_000.into())
    );
}

#[test]
fn split_examples() {
    assert_eq!(
        split_even(50_000, 6),
        vec![8_334, 8_334, 8_333, 8_333, 8_333, 8_333]
    );
    assert_eq!(split_even(4, 3), vec![2, 1, 1]);
    assert_eq!(split_even(7, 1), vec![7]);
    assert!(split_even(7, 0).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn split_sums_and_differs_by_one(total in 0u64..100_000_000, parts in 1u32..500) {
        let split = split_even(total, parts);
        prop_assert_eq!(split.len(), parts as usize);
        prop_assert_eq!(split.iter().sum::<u64>(), total);
        let max = split.iter().copied().max().unwrap_or(0);
        let min = split.iter().copied().min().unwrap_or(0);
        prop_assert!(max - min <= 1);
        // Larger parts come first.
        prop_assert!(split.windows(2).all(|pair| pair[0] >= pair[1]));
    }
}
