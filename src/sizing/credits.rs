//! Surplus CPU credits of T3/T3a nodes, which launch in `unlimited` credit mode.
//!
//! In unlimited mode a burstable instance keeps full speed above its baseline and pays
//! for the surplus: $0.05 per vCPU-hour in AWS's us-east-1 Linux worked example (EC2
//! User Guide, "Unlimited mode for burstable performance instances"). T3/T3a get no
//! launch credits, so a node that Karpenter starts for the test and removes after it
//! pays for every surplus vCPU-hour of the run.

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::quantity::format_cpu_millis;
use crate::t;

/// Price of one surplus vCPU-hour, in micro-dollars.
pub const SURPLUS_PRICE_MICROS_PER_VCPU_HOUR: i64 = 50_000;

const MILLIS_PER_HOUR: i128 = 3_600_000;

/// The CPU of a burstable instance type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub struct BurstableCpu {
    pub vcpus: u32,
    /// CPU the instance may use without spending credits, summed over its vCPUs.
    pub baseline_cpu_millis: i64,
}

impl BurstableCpu {
    /// Builds from the per-vCPU baseline percentage EC2 publishes (40 for t3a.2xlarge).
    pub fn from_baseline_percent(vcpus: u32, baseline_percent_per_vcpu: u32) -> BurstableCpu {
        BurstableCpu {
            vcpus,
            baseline_cpu_millis: i64::from(vcpus) * i64::from(baseline_percent_per_vcpu) * 10,
        }
    }

    /// Builds from the credits earned per hour (192 for t3a.2xlarge). One credit is one
    /// vCPU at 100% for one minute, so the baseline is credits / 60 vCPUs.
    pub fn from_credits_per_hour(vcpus: u32, credits_per_hour: u32) -> BurstableCpu {
        BurstableCpu {
            vcpus,
            baseline_cpu_millis: i64::from(credits_per_hour) * 1_000 / 60,
        }
    }
}

/// The surplus a node spends over a test, and what it costs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub struct CreditCharge {
    /// Busy CPU, capped at the node's vCPUs.
    pub busy_cpu_millis: i64,
    pub baseline_cpu_millis: i64,
    pub surplus_cpu_millis: i64,
    pub duration_millis: u64,
    /// Surplus vCPU-hours over the duration (an estimate for reports).
    pub surplus_vcpu_hours: f64,
    /// Surplus charge per hour of sustained load, in micro-dollars.
    pub cost_micros_per_hour: i64,
    /// Surplus charge over the whole duration, in micro-dollars, rounded up.
    pub cost_micros: i64,
}

/// Computes the surplus credits a burstable node spends while `busy_cpu_millis` of its
/// CPU is in use for `duration_millis`.
pub fn surplus_credits(
    busy_cpu_millis: i64,
    node: BurstableCpu,
    duration_millis: u64,
) -> CreditCharge {
    let capacity_millis = i64::from(node.vcpus) * 1_000;
    let busy = busy_cpu_millis.clamp(0, capacity_millis);
    let surplus = (busy - node.baseline_cpu_millis).max(0);

    let price = i128::from(SURPLUS_PRICE_MICROS_PER_VCPU_HOUR);
    // millicores × $/vCPU-h ÷ 1000 gives the hourly charge.
    let per_hour = i128::from(surplus) * price / 1_000;
    let whole_run = i128::from(surplus) * i128::from(duration_millis) * price;
    let divisor = 1_000 * MILLIS_PER_HOUR;
    let cost = (whole_run + divisor - 1) / divisor;

    CreditCharge {
        busy_cpu_millis: busy,
        baseline_cpu_millis: node.baseline_cpu_millis,
        surplus_cpu_millis: surplus,
        duration_millis,
        surplus_vcpu_hours: surplus as f64 / 1_000.0 * duration_millis as f64
            / MILLIS_PER_HOUR as f64,
        cost_micros_per_hour: i64::try_from(per_hour).unwrap_or(i64::MAX),
        cost_micros: i64::try_from(cost).unwrap_or(i64::MAX),
    }
}

/// Builds the `cpu-credits` finding for a node, or `None` when it stays at or below
/// its baseline.
pub fn cpu_credits_finding(
    node: &str,
    instance_type: &str,
    charge: &CreditCharge,
) -> Option<Finding> {
    if charge.surplus_cpu_millis == 0 {
        return None;
    }
    let message = t!(
        "finding-cpu-credits",
        instance_type = instance_type.to_string(),
        busy = format_cpu_millis(charge.busy_cpu_millis),
        baseline = format_cpu_millis(charge.baseline_cpu_millis),
        cost_per_hour = crate::report::format_dollars(charge.cost_micros_per_hour),
        cost = crate::report::format_dollars(charge.cost_micros),
        minutes = charge.duration_millis.div_ceil(60_000).to_string()
    );
    Some(
        Finding::new("cpu-credits", Severity::Warning, message)
            .with_subject(node)
            .with_value("instance_type", instance_type)
            .with_value("busy_cpu_millis", charge.busy_cpu_millis)
            .with_value("baseline_cpu_millis", charge.baseline_cpu_millis)
            .with_value("surplus_cpu_millis", charge.surplus_cpu_millis)
            .with_value("surplus_vcpu_hours", charge.surplus_vcpu_hours)
            .with_value("cost_micros_per_hour", charge.cost_micros_per_hour)
            .with_value("cost_micros", charge.cost_micros)
            .with_value("duration_millis", charge.duration_millis),
    )
}
