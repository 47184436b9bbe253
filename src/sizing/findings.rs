//! The risks a sizing shows: dropped iterations, OOM kills and CPU throttling.

use super::{MEMORY_STEP_BYTES, Sizing, ceil_percent, round_up};
use crate::finding::{Finding, Severity};
use crate::quantity::{format_bytes, format_cpu_millis};
use crate::scenario::Throughput;
use crate::t;

const CPU_STEP_MILLIS: i64 = 100;

pub(super) fn sizing_findings(sizing: &Sizing, throughput: &Throughput) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(vu_finding(sizing, throughput));
    findings.extend(memory_finding(sizing, throughput));
    findings.extend(cpu_finding(sizing, throughput));
    findings
}

fn peak_rps(sizing: &Sizing) -> u64 {
    sizing.rps_per_pod.first().copied().unwrap_or(0)
}

/// `rps-short` when Little's law needs more VUs than maxVUs; otherwise, when the
/// iteration time is unknown, the iteration budget maxVUs allows.
fn vu_finding(sizing: &Sizing, throughput: &Throughput) -> Option<Finding> {
    let rps = peak_rps(sizing);
    let limit_ms = format_millis(sizing.max_mean_iteration_micros);
    let subject = t!("finding-subject-runner", scenario = sizing.scenario.clone());
    let Some(needed) = sizing.needed_vus_per_pod else {
        let message = t!(
            "finding-iteration-budget",
            rps = rps.to_string(),
            max_vus = sizing.max_vus_per_pod.to_string(),
            limit_ms = limit_ms.clone()
        );
        return Some(
            Finding::new("iteration-budget", Severity::Info, message)
                .with_subject(subject)
                .with_value("pod_rps", rps)
                .with_value("max_vus", sizing.max_vus_per_pod)
                .with_value(
                    "max_mean_iteration_micros",
                    sizing.max_mean_iteration_micros,
                ),
        );
    };
    if needed <= sizing.max_vus_per_pod {
        return None;
    }
    let iteration_micros = throughput.mean_iteration_micros.unwrap_or(0);
    let message = t!(
        "finding-rps-short",
        rps = rps.to_string(),
        iteration_ms = format_millis(iteration_micros),
        needed = needed.to_string(),
        max_vus = sizing.max_vus_per_pod.to_string(),
        limit_ms = limit_ms
    );
    Some(
        Finding::new("rps-short", Severity::Error, message)
            .with_subject(subject)
            .with_value("pod_rps", rps)
            .with_value("needed_vus", needed)
            .with_value("max_vus", sizing.max_vus_per_pod)
            .with_value("mean_iteration_micros", iteration_micros)
            .with_value(
                "max_mean_iteration_micros",
                sizing.max_mean_iteration_micros,
            ),
    )
}

/// `oom-risk` when predicted memory passes the share of the limit k6 should stay under
/// (Warning) or the limit itself (Error: the container is OOM-killed).
fn memory_finding(sizing: &Sizing, throughput: &Throughput) -> Option<Finding> {
    let memory = &sizing.memory;
    let allowed = i128::from(memory.limit_bytes) * i128::from(throughput.memory_limit_percent);
    let used = i128::from(memory.total_bytes) * 100;
    if used <= allowed {
        return None;
    }
    let severity = if memory.total_bytes > memory.limit_bytes {
        Severity::Error
    } else {
        Severity::Warning
    };
    let suggested = round_up(
        ceil_percent(memory.total_bytes, throughput.memory_limit_percent),
        MEMORY_STEP_BYTES,
    );
    let message = t!(
        "finding-oom-risk",
        predicted = format_gib(memory.total_bytes),
        percent = format!("{:.1}", memory.percent_of_limit),
        limit = format_bytes(memory.limit_bytes),
        base = format_gib(memory.base_bytes),
        vus = format_gib(memory.vus_bytes),
        vu_count = sizing.max_vus_per_pod.to_string(),
        trend = format_gib(memory.trend_sample_bytes),
        requests = sizing.requests_per_pod.to_string(),
        max_percent = throughput.memory_limit_percent.to_string(),
        suggested = format_bytes(suggested)
    );
    Some(
        Finding::new("oom-risk", severity, message)
            .with_subject(t!(
                "finding-subject-runner",
                scenario = sizing.scenario.clone()
            ))
            .with_value("predicted_memory_bytes", memory.total_bytes)
            .with_value("memory_limit_bytes", memory.limit_bytes)
            .with_value("percent_of_limit", memory.percent_of_limit)
            .with_value("base_memory_bytes", memory.base_bytes)
            .with_value("vu_memory_bytes", memory.vus_bytes)
            .with_value("trend_sample_bytes", memory.trend_sample_bytes)
            .with_value("suggested_limit_bytes", suggested),
    )
}

/// `cpu-throttling` when predicted CPU passes the target share of the limit (Warning)
/// or the limit itself (Error: the CFS quota caps k6 below the target rate).
fn cpu_finding(sizing: &Sizing, throughput: &Throughput) -> Option<Finding> {
    let cpu = &sizing.cpu;
    let allowed = i128::from(cpu.limit_cpu_millis) * i128::from(throughput.cpu_target_percent);
    let used = i128::from(cpu.busy_cpu_millis) * 100;
    if used <= allowed {
        return None;
    }
    let severity = if cpu.busy_cpu_millis > cpu.limit_cpu_millis {
        Severity::Error
    } else {
        Severity::Warning
    };
    let suggested = round_up(
        ceil_percent(cpu.busy_cpu_millis, throughput.cpu_target_percent),
        CPU_STEP_MILLIS,
    );
    let message = t!(
        "finding-cpu-throttling",
        predicted = format_cpu_millis(cpu.busy_cpu_millis),
        rps = peak_rps(sizing).to_string(),
        rps_per_cpu = cpu.rps_per_cpu.to_string(),
        percent = format!("{:.1}", cpu.percent_of_limit),
        limit = format_cpu_millis(cpu.limit_cpu_millis),
        target = throughput.cpu_target_percent.to_string(),
        suggested = format_cpu_millis(suggested)
    );
    Some(
        Finding::new("cpu-throttling", severity, message)
            .with_subject(t!(
                "finding-subject-runner",
                scenario = sizing.scenario.clone()
            ))
            .with_value("pod_rps", peak_rps(sizing))
            .with_value("rps_per_cpu", cpu.rps_per_cpu)
            .with_value("predicted_cpu_millis", cpu.busy_cpu_millis)
            .with_value("cpu_limit_millis", cpu.limit_cpu_millis)
            .with_value("percent_of_limit", cpu.percent_of_limit)
            .with_value("suggested_limit_millis", suggested),
    )
}

/// Prints microseconds as milliseconds with up to three decimals (`299.976`, `500`).
fn format_millis(micros: u64) -> String {
    let whole = micros / 1_000;
    let fraction = micros % 1_000;
    if fraction == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{fraction:03}")
            .trim_end_matches('0')
            .to_string()
    }
}

/// Prints bytes as GiB with two decimals, for estimates.
fn format_gib(bytes: i64) -> String {
    format!("{:.2}Gi", bytes as f64 / (1024.0 * 1024.0 * 1024.0))
}
