//! Sizing a scenario: runner pod count, per-pod rate, VUs, pod resources, and the
//! memory and CPU each pod is predicted to use, with the risks as findings.

mod credits;
mod findings;
mod profile;
mod split;

use serde::Serialize;

use crate::finding::Finding;
use crate::quantity::Resources;
use crate::scenario::{RunnerShape, Scenario, TargetScope, Throughput};

pub use credits::{
    BurstableCpu, CreditCharge, SURPLUS_PRICE_MICROS_PER_VCPU_HOUR, cpu_credits_finding,
    surplus_credits,
};
pub use profile::{doubled_request_millis, requests_for_share};
pub use split::split_even;

/// k6 emits seven Trend samples per HTTP request (`http_req_duration`, `_blocked`,
/// `_connecting`, `_tls_handshaking`, `_sending`, `_waiting`, `_receiving`) and one
/// `iteration_duration` per iteration (`metrics/builtin.go`).
pub const TREND_SAMPLES_PER_REQUEST: u64 = 7;
/// A Trend sink stores each sample as a float64 (`metrics/sink.go`, `TrendSink.values`).
pub const TREND_SAMPLE_BYTES: u64 = 8;
/// Derived CPU requests are rounded up to this many millicores.
const CPU_STEP_MILLIS: i64 = 100;
/// Derived memory requests are rounded up to this many bytes (256Mi).
const MEMORY_STEP_BYTES: i64 = 256 * 1024 * 1024;

/// The sizing of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub struct Sizing {
    pub scenario: String,
    pub pods: u32,
    /// Each pod's peak rate; parts differ by at most one and sum to the target.
    pub rps_per_pod: Vec<u64>,
    /// Whether the pod shape came from the scenario or was derived.
    pub shape: ShapeSource,
    /// One pod's requests, with one pod slot.
    pub requests: Resources,
    /// One pod's limits; 0 for a resource without a limit.
    pub limits: Resources,
    pub max_vus_per_pod: u64,
    /// VUs the busiest pod keeps busy by Little's law, when the iteration time is known.
    pub needed_vus_per_pod: Option<u64>,
    /// The maximum mean iteration time maxVUs allows at the busiest pod's peak rate.
    pub max_mean_iteration_micros: u64,
    pub totals: Totals,
    pub memory: MemoryPrediction,
    pub cpu: CpuPrediction,
    pub test_duration_millis: u64,
    /// Requests the busiest pod sends over the whole profile.
    pub requests_per_pod: u64,
    /// Requests all pods send over the whole profile.
    pub total_requests: u64,
    pub findings: Vec<Finding>,
}

/// The origin of the pod shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShapeSource {
    Fixed,
    Derived,
}

/// Sums over all runner pods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub struct Totals {
    pub rps: u64,
    pub requests: Resources,
    pub limits: Resources,
    pub max_vus: u64,
}

/// Predicted peak memory of the busiest pod: an estimate from the throughput model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub struct MemoryPrediction {
    pub base_bytes: i64,
    /// maxVUs × memory per VU: k6 may initialize every VU up to maxVUs.
    pub vus_bytes: i64,
    /// Trend samples kept until the end of the test.
    pub trend_samples: u64,
    pub trend_sample_bytes: i64,
    pub total_bytes: i64,
    /// The memory limit, or the request when no limit is set.
    pub limit_bytes: i64,
    pub percent_of_limit: f64,
}

/// Predicted CPU of the busiest pod at its peak rate: an estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub struct CpuPrediction {
    pub rps_per_cpu: u64,
    pub busy_cpu_millis: i64,
    /// The CPU limit, or the request when no limit is set.
    pub limit_cpu_millis: i64,
    pub percent_of_limit: f64,
}

impl Sizing {
    /// Returns one runner pod's requests as kube-scheduler counts them (one pod slot).
    pub fn pod_requests(&self) -> Resources {
        self.requests.clone()
    }
}

/// Sizes a validated scenario. Pure: the same scenario always gives the same sizing.
pub fn size(scenario: &Scenario) -> Sizing {
    let throughput = &scenario.runner.throughput;
    let pods = scenario.pod_count().max(1);
    let rps_per_pod = split_even(scenario.target_rps, pods);
    // split_even puts the larger parts first.
    let peak_rps = rps_per_pod.first().copied().unwrap_or(0);

    let doubled = doubled_request_millis(&scenario.profile);
    let (requests_per_pod, total_requests) = match scenario.profile.target_scope {
        TargetScope::Total => (
            requests_for_share(doubled, peak_rps, scenario.target_rps),
            requests_for_share(doubled, 1, 1),
        ),
        TargetScope::PerPod => {
            let per_pod = requests_for_share(doubled, 1, 1);
            (per_pod, per_pod.saturating_mul(u64::from(pods)))
        }
    };

    let needed_vus = throughput
        .mean_iteration_micros
        .map(|micros| needed_vus(peak_rps, micros, throughput.requests_per_iteration));
    let trend = trend_samples(requests_per_pod, throughput);
    let busy_cpu_millis = busy_cpu_millis(peak_rps, throughput.rps_per_cpu);

    let (shape, requests, limits, max_vus) = match &scenario.runner.shape {
        RunnerShape::Fixed {
            requests,
            limits,
            max_vus,
        } => (
            ShapeSource::Fixed,
            requests.clone(),
            limits.clone(),
            *max_vus,
        ),
        RunnerShape::Derived => {
            let (resources, max_vus) =
                derive_shape(needed_vus.unwrap_or(1), trend, busy_cpu_millis, throughput);
            (ShapeSource::Derived, resources.clone(), resources, max_vus)
        }
    };
    let mut requests = requests;
    requests.pods = 1;

    let memory = predict_memory(max_vus, trend, throughput, &requests, &limits);
    let cpu = predict_cpu(busy_cpu_millis, throughput.rps_per_cpu, &requests, &limits);
    let max_mean_iteration_micros = max_mean_iteration_micros(max_vus, peak_rps, throughput);

    let pods_i64 = i64::from(pods);
    let totals = Totals {
        rps: scenario.target_rps,
        requests: requests.times(pods_i64),
        limits: limits.times(pods_i64),
        max_vus: max_vus.saturating_mul(u64::from(pods)),
    };

    let mut sizing = Sizing {
        scenario: scenario.name.clone(),
        pods,
        rps_per_pod,
        shape,
        requests,
        limits,
        max_vus_per_pod: max_vus,
        needed_vus_per_pod: needed_vus,
        max_mean_iteration_micros,
        totals,
        memory,
        cpu,
        test_duration_millis: scenario.duration_millis(),
        requests_per_pod,
        total_requests,
        findings: Vec::new(),
    };
    sizing.findings = findings::sizing_findings(&sizing, throughput);
    sizing
}

/// Little's law: busy VUs = iteration rate × mean iteration time, rounded up.
pub fn needed_vus(rps: u64, mean_iteration_micros: u64, requests_per_iteration: u64) -> u64 {
    let numerator = u128::from(rps) * u128::from(mean_iteration_micros);
    let denominator = 1_000_000 * u128::from(requests_per_iteration.max(1));
    u64::try_from(numerator.div_ceil(denominator)).unwrap_or(u64::MAX)
}

/// Returns the maximum mean iteration time (µs) `max_vus` sustains at `rps`, rounded down.
pub fn max_mean_iteration_micros(max_vus: u64, rps: u64, throughput: &Throughput) -> u64 {
    if rps == 0 {
        return u64::MAX;
    }
    let numerator = u128::from(max_vus) * u128::from(throughput.requests_per_iteration) * 1_000_000;
    u64::try_from(numerator / u128::from(rps)).unwrap_or(u64::MAX)
}

/// Trend samples one pod keeps: seven per request plus one per iteration, for each
/// copy k6 keeps (the metrics engine while the summary or thresholds are on, and the
/// Prometheus remote-write output in trend-stats mode).
pub fn trend_samples(requests: u64, throughput: &Throughput) -> u64 {
    let copies =
        u64::from(throughput.keep_trend_samples) + u64::from(throughput.remote_write_trend_stats);
    let iterations = requests.div_ceil(throughput.requests_per_iteration.max(1));
    requests
        .saturating_mul(TREND_SAMPLES_PER_REQUEST)
        .saturating_add(iterations)
        .saturating_mul(copies)
}

/// CPU kept busy at `rps`, in millicores, rounded up.
pub fn busy_cpu_millis(rps: u64, rps_per_cpu: u64) -> i64 {
    let millis = u128::from(rps) * 1_000;
    i64::try_from(millis.div_ceil(u128::from(rps_per_cpu.max(1)))).unwrap_or(i64::MAX)
}

fn predict_memory(
    max_vus: u64,
    trend_samples: u64,
    throughput: &Throughput,
    requests: &Resources,
    limits: &Resources,
) -> MemoryPrediction {
    let vus_bytes =
        saturating_i64(u128::from(max_vus) * throughput.memory_per_vu_bytes.max(0) as u128);
    // NOTE: trend samples live in growing Go slices, so reallocation can briefly push the
    // real peak above this estimate; the model leaves that out.
    let trend_sample_bytes =
        saturating_i64(u128::from(trend_samples) * u128::from(TREND_SAMPLE_BYTES));
    let total_bytes = throughput
        .base_memory_bytes
        .saturating_add(vus_bytes)
        .saturating_add(trend_sample_bytes);
    let limit_bytes = if limits.memory_bytes > 0 {
        limits.memory_bytes
    } else {
        requests.memory_bytes
    };
    MemoryPrediction {
        base_bytes: throughput.base_memory_bytes,
        vus_bytes,
        trend_samples,
        trend_sample_bytes,
        total_bytes,
        limit_bytes,
        percent_of_limit: percent(total_bytes, limit_bytes),
    }
}

fn predict_cpu(
    busy_cpu_millis: i64,
    rps_per_cpu: u64,
    requests: &Resources,
    limits: &Resources,
) -> CpuPrediction {
    let limit_cpu_millis = if limits.cpu_millis > 0 {
        limits.cpu_millis
    } else {
        requests.cpu_millis
    };
    CpuPrediction {
        rps_per_cpu,
        busy_cpu_millis,
        limit_cpu_millis,
        percent_of_limit: percent(busy_cpu_millis, limit_cpu_millis),
    }
}

/// Derives requests (equal to limits) and maxVUs from the throughput model. Requests
/// equal limits so the pod's CPU and memory are reserved for the whole run and
/// GOMAXPROCS (container-aware since Go 1.25) matches what the pod can use.
fn derive_shape(
    needed_vus: u64,
    trend_samples: u64,
    busy_cpu_millis: i64,
    throughput: &Throughput,
) -> (Resources, u64) {
    let cushioned = u128::from(needed_vus) * u128::from(100 + throughput.vu_cushion_percent);
    let max_vus = u64::try_from(cushioned.div_ceil(100))
        .unwrap_or(u64::MAX)
        .max(1);

    let cpu = round_up(
        ceil_percent(busy_cpu_millis, throughput.cpu_target_percent),
        CPU_STEP_MILLIS,
    );
    let empty = Resources::default();
    let predicted = predict_memory(max_vus, trend_samples, throughput, &empty, &empty);
    let memory = round_up(
        ceil_percent(predicted.total_bytes, throughput.memory_limit_percent),
        MEMORY_STEP_BYTES,
    );
    (Resources::new(cpu, memory), max_vus)
}

/// Returns the smallest amount of which `value` is at most `percent`%.
fn ceil_percent(value: i64, percent: u64) -> i64 {
    let scaled = i128::from(value) * 100;
    saturating_i64_signed((scaled + i128::from(percent.max(1)) - 1) / i128::from(percent.max(1)))
}

/// Rounds a non-negative amount up to a multiple of `step`.
fn round_up(value: i64, step: i64) -> i64 {
    let steps = value / step + i64::from(value % step > 0);
    steps.saturating_mul(step)
}

fn percent(value: i64, whole: i64) -> f64 {
    if whole <= 0 {
        return f64::INFINITY;
    }
    value as f64 * 100.0 / whole as f64
}

fn saturating_i64(value: u128) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn saturating_i64_signed(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
