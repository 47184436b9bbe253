//! Catalog rows: an EC2 instance type, its burstable credits and its prices.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::quantity::Resources;

/// Price of surplus CPU credits for T3 and T3a instances in unlimited mode, in
/// micro-USD per vCPU-hour: $0.05. AWS's worked example for unlimited mode
/// (EC2 User Guide, "Unlimited mode concepts", us-east-1 Linux) uses this rate.
// NOTE: AWS text confirms $0.05 for T3 only; the T3a rate comes from third-party
// price write-ups, and other regions were not checked.
pub const SURPLUS_CREDIT_PRICE_MICROS_PER_VCPU_HOUR: i64 = 50_000;

/// One EC2 instance type with its hardware, network limits and Karpenter labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstanceType {
    /// The EC2 name, such as `t3a.xlarge`.
    pub name: String,
    /// Default vCPUs (`karpenter.k8s.aws/instance-cpu`).
    pub vcpu: i64,
    /// Memory as EC2 reports it (`MemoryInfo.SizeInMiB`).
    pub memory_mib: i64,
    /// `amd64` or `arm64`.
    pub arch: String,
    /// Every label Karpenter sets for this type, keyed by label name; labels that
    /// do not apply (no GPU, no local NVMe) are absent.
    pub labels: BTreeMap<String, String>,
    /// ENIs on the default network card (index 0), the only card the VPC CNI uses.
    /// `None` when the EC2 ENI limits were not published for the type.
    pub enis: Option<i64>,
    /// ENIs over all network cards.
    pub enis_all_cards: Option<i64>,
    /// IPv4 addresses per ENI.
    pub ipv4_per_eni: Option<i64>,
    /// ENI-limited max pods: `enis × (ipv4_per_eni − 1) + 2`, or the EKS AMI's
    /// published value when the ENI limits are unknown.
    pub max_pods: i64,
    /// Whether the type supports a trunk ENI (security groups for pods).
    pub trunking_compatible: bool,
    /// Branch ENIs available for security groups for pods.
    pub branch_interfaces: i64,
    /// CPU credit figures for burstable (T family) types.
    pub burstable: Option<Burstable>,
    /// Karpenter's pre-launch allocatable for this type (AL2023, default settings),
    /// kept to cross-check the node model.
    pub karpenter_allocatable: Resources,
    /// Where the row's figures come from.
    pub source: RowSource,
}

impl InstanceType {
    /// Returns the value of a Karpenter label, such as `karpenter.k8s.aws/instance-family`.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.get(key).map(String::as_str)
    }
}

/// Source tags (defined in `instance-catalog/sources.csv`) and snapshot dates of a row.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RowSource {
    pub hardware_source: String,
    pub hardware_date: String,
    pub eni_source: String,
    pub eni_date: String,
    pub max_pods_source: String,
}

/// CPU credit figures of a burstable instance type, from the AWS credit table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Burstable {
    /// Baseline utilization per vCPU in millicores (400 = 40%).
    pub baseline_millis_per_vcpu: i64,
    /// CPU credits earned per hour, in thousandths of a credit (one credit is one
    /// vCPU at 100% for one minute). The AWS table has fractions such as 81.6.
    pub credits_per_hour_thousandths: i64,
    /// Maximum accrued credits, in thousandths of a credit.
    pub max_accrued_credits_thousandths: i64,
    /// Source tag of the row.
    pub source: String,
}

impl Burstable {
    /// Returns the CPU an instance with `vcpu` vCPUs sustains without spending
    /// credits, in millicores.
    pub fn baseline_cpu_millis(&self, vcpu: i64) -> i64 {
        self.baseline_millis_per_vcpu.saturating_mul(vcpu)
    }

    /// Estimates the surplus-credit charge per hour in unlimited mode when the
    /// instance runs at `used_cpu_millis` for the whole 24-hour averaging window,
    /// in micro-USD: `(used − baseline) × $0.05 per vCPU-hour`. This is an
    /// estimate, because AWS bills on the 24-hour average.
    pub fn surplus_micros_per_hour(&self, vcpu: i64, used_cpu_millis: i64) -> i64 {
        let excess_millis = used_cpu_millis
            .min(vcpu.saturating_mul(1000))
            .saturating_sub(self.baseline_cpu_millis(vcpu))
            .max(0);
        excess_millis.saturating_mul(SURPLUS_CREDIT_PRICE_MICROS_PER_VCPU_HOUR) / 1000
    }
}

/// An on-demand Linux price for one type in one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Price {
    /// Micro-USD per hour.
    pub micros_per_hour: i64,
    /// False when the source could not be confirmed (the ap-northeast-2 figures).
    pub verified: bool,
    /// Source tag of the row.
    pub source: String,
    /// Snapshot date of the source, or `undated`.
    pub source_date: String,
}
