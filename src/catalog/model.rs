//! The node overhead model: capacity → allocatable for an instance type.
//!
//! The rules follow Karpenter's AWS provider (`pkg/providers/instancetype/types.go`:
//! `memory`, `ephemeralStorage`, `pods`, `ENILimitedPods`, `kubeReservedResources`,
//! `evictionThreshold`), whose numbers match the EKS AL2023 AMI's `nodeadm`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cluster::karpenter::KubeletConfiguration;
use crate::error::{Error, Result};
use crate::quantity::{Quantity, ResourceName, Resources};
use crate::t;

use super::types::InstanceType;

const MIB: i64 = 1024 * 1024;
const GIB: i64 = 1024 * MIB;
const PPM: i64 = 1_000_000;

/// Graviton (arm64) types keep 64 MiB of CMA memory that the kernel cannot use
/// (Karpenter's `memory()`).
const ARM64_CMA_RESERVED_MIB: i64 = 64;

/// The CPU ladder of kube-reserved as (from millicores, to millicores, basis points):
/// 6% of the first core, 1% of the second, 0.5% of cores 3–4 and 0.25% above.
/// Karpenter, the AL2 `bootstrap.sh` and AL2023 `nodeadm` use the same ranges.
const KUBE_RESERVED_CPU_LADDER: [(i64, i64, i64); 4] = [
    (0, 1000, 600),
    (1000, 2000, 100),
    (2000, 4000, 50),
    (4000, i64::MAX, 25),
];

/// kube-reserved memory per pod and fixed part, in MiB: `11 × maxPods + 255`.
const KUBE_RESERVED_MIB_PER_POD: i64 = 11;
const KUBE_RESERVED_MIB_BASE: i64 = 255;

/// Parameters of the overhead model. Defaults are Karpenter's and the EKS AL2023 AMI's;
/// a scenario or an EC2NodeClass may override any of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct NodeModel {
    /// Share of memory Karpenter assumes the hypervisor keeps, in parts per million
    /// (75000 = Karpenter's default `vmMemoryOverheadPercent` of 0.075).
    pub vm_memory_overhead_ppm: i64,
    /// Overrides the ENI-derived max pods (`EC2NodeClass.spec.kubelet.maxPods`).
    pub max_pods: Option<i64>,
    /// Caps max pods at `podsPerCore × vCPU` (`EC2NodeClass.spec.kubelet.podsPerCore`).
    pub pods_per_core: Option<i64>,
    /// ENIs kept out of pod networking (Karpenter's `--reserved-enis`, default 0).
    pub reserved_enis: i64,
    /// Overrides kube-reserved per resource (`cpu`, `memory`, `ephemeral-storage`);
    /// absent resources use the EKS ladder.
    pub kube_reserved: BTreeMap<String, Quantity>,
    /// system-reserved per resource; the EKS AMIs set none.
    pub system_reserved: BTreeMap<String, Quantity>,
    /// The kubelet's `evictionHard` `memory.available` threshold.
    pub eviction_hard_memory: Quantity,
    /// `memory.available` as a share of memory capacity in parts per million; when
    /// set it replaces `eviction_hard_memory`.
    pub eviction_hard_memory_ppm: Option<i64>,
    /// `nodefs.available` as a share of the root volume, in parts per million
    /// (100000 = the AMIs' and Karpenter's default of 10%).
    pub eviction_hard_nodefs_ppm: i64,
    /// `nodefs.available` as an amount; when set it replaces `eviction_hard_nodefs_ppm`.
    pub eviction_hard_nodefs: Option<Quantity>,
    /// Root volume size, the node's ephemeral-storage capacity (Karpenter's AL2023
    /// default block device mapping is 20Gi).
    pub root_volume_size: Quantity,
    /// Measured allocatable per instance type, replacing the model's figure for that type.
    pub allocatable_overrides: BTreeMap<String, BTreeMap<String, Quantity>>,
}

impl Default for NodeModel {
    fn default() -> NodeModel {
        NodeModel {
            vm_memory_overhead_ppm: 75_000,
            max_pods: None,
            pods_per_core: None,
            reserved_enis: 0,
            kube_reserved: BTreeMap::new(),
            system_reserved: BTreeMap::new(),
            eviction_hard_memory: Quantity::from_bytes(100 * MIB),
            eviction_hard_memory_ppm: None,
            eviction_hard_nodefs_ppm: 100_000,
            eviction_hard_nodefs: None,
            root_volume_size: Quantity::from_bytes(20 * GIB),
            allocatable_overrides: BTreeMap::new(),
        }
    }
}

impl NodeModel {
    /// Computes the capacity Karpenter assumes before a node of this type registers:
    /// vCPU × 1000 millicores, memory less the arm64 CMA reservation and the VM
    /// overhead share (rounded up to whole MiB), the root volume, and max pods.
    /// Accelerators, EFA and pod-eni come from the catalog unchanged.
    pub fn capacity(&self, instance_type: &InstanceType) -> Resources {
        let mut visible_mib = instance_type.memory_mib;
        if instance_type.arch == "arm64" {
            visible_mib -= ARM64_CMA_RESERVED_MIB;
        }
        let overhead_mib = ceil_ppm(visible_mib, self.vm_memory_overhead_ppm);

        Resources {
            cpu_millis: instance_type.vcpu.saturating_mul(1000),
            memory_bytes: (visible_mib - overhead_mib).saturating_mul(MIB),
            ephemeral_storage_bytes: self.root_volume_size.units(),
            pods: self.pods(instance_type),
            extended: instance_type
                .karpenter_allocatable
                .extended
                .iter()
                .filter(|(_, count)| **count > 0)
                .map(|(key, count)| (key.clone(), *count))
                .collect(),
        }
    }

    /// Returns the pod limit the kubelet gets: `max_pods` when set, else the
    /// ENI-limited value, capped by `pods_per_core × vCPU` when that is set.
    pub fn pods(&self, instance_type: &InstanceType) -> i64 {
        let pods = self
            .max_pods
            .unwrap_or_else(|| self.eni_limited_pods(instance_type));
        match self.pods_per_core {
            Some(per_core) if per_core > 0 => pods.min(per_core.saturating_mul(instance_type.vcpu)),
            _ => pods,
        }
    }

    /// Returns `ENIs × (IPv4 per ENI − 1) + 2` on the default network card, less
    /// `reserved_enis`; 0 when no ENI is left. Types without published ENI limits
    /// keep the catalog's max pods.
    pub fn eni_limited_pods(&self, instance_type: &InstanceType) -> i64 {
        let (Some(enis), Some(ipv4_per_eni)) = (instance_type.enis, instance_type.ipv4_per_eni)
        else {
            return instance_type.max_pods;
        };
        let usable_enis = (enis - self.reserved_enis).max(0);
        if usable_enis == 0 {
            return 0;
        }
        usable_enis * (ipv4_per_eni - 1) + 2
    }

    /// Computes kube-reserved: the CPU ladder, `11 × ENI-limited pods + 255` MiB of
    /// memory and 1Gi of ephemeral storage, then the per-resource overrides.
    /// Memory uses the ENI-limited pods even when `max_pods` is overridden, as
    /// AL2023 `nodeadm` and Karpenter (`UsesENILimitedMemoryOverhead`) do.
    pub fn kube_reserved(&self, instance_type: &InstanceType) -> Resources {
        let pods = self.eni_limited_pods(instance_type);
        let mut reserved = Resources {
            cpu_millis: kube_reserved_cpu_millis(instance_type.vcpu.saturating_mul(1000)),
            memory_bytes: (KUBE_RESERVED_MIB_PER_POD * pods + KUBE_RESERVED_MIB_BASE) * MIB,
            ephemeral_storage_bytes: GIB,
            ..Resources::default()
        };
        for (key, quantity) in &self.kube_reserved {
            reserved.set(&ResourceName::from_key(key), quantity);
        }
        reserved
    }

    /// Returns system-reserved as configured; empty by default.
    pub fn system_reserved(&self) -> Resources {
        Resources::from_quantities(
            self.system_reserved
                .iter()
                .map(|(key, quantity)| (key.as_str(), quantity)),
        )
    }

    /// Computes the hard eviction thresholds against `capacity`: `memory.available`
    /// (100Mi by default) and `nodefs.available` (10% of the root volume by default),
    /// percentages rounded up as Karpenter's `computeEvictionSignal` does.
    pub fn eviction_hard(&self, capacity: &Resources) -> Resources {
        let memory_bytes = match self.eviction_hard_memory_ppm {
            Some(ppm) => ceil_ppm(capacity.memory_bytes, ppm),
            None => self.eviction_hard_memory.units(),
        };
        let ephemeral_storage_bytes = match &self.eviction_hard_nodefs {
            Some(quantity) => quantity.units(),
            None => ceil_ppm(
                capacity.ephemeral_storage_bytes,
                self.eviction_hard_nodefs_ppm,
            ),
        };
        Resources {
            memory_bytes,
            ephemeral_storage_bytes,
            ..Resources::default()
        }
    }

    /// Computes allocatable: capacity − kube-reserved − system-reserved − eviction-hard,
    /// floored at zero as the kubelet does. Resources measured on a real node
    /// (`allocatable_overrides`) replace the model's figures.
    pub fn allocatable(&self, instance_type: &InstanceType) -> Resources {
        let capacity = self.capacity(instance_type);
        let mut allocatable = capacity
            .minus(&self.kube_reserved(instance_type))
            .minus(&self.system_reserved())
            .minus(&self.eviction_hard(&capacity));
        clamp_at_zero(&mut allocatable);

        if let Some(measured) = self.allocatable_overrides.get(&instance_type.name) {
            for (key, quantity) in measured {
                allocatable.set(&ResourceName::from_key(key), quantity);
            }
        }
        allocatable
    }

    /// Returns true when a measured allocatable replaces the model for `name`.
    pub fn has_measured_allocatable(&self, name: &str) -> bool {
        self.allocatable_overrides.contains_key(name)
    }

    /// Takes an EC2NodeClass's kubelet settings: `maxPods`, `podsPerCore`,
    /// `kubeReserved` and `systemReserved` per resource, and the `evictionHard`
    /// `memory.available` and `nodefs.available` thresholds (amounts or percentages).
    pub fn apply_kubelet(&mut self, kubelet: &KubeletConfiguration) -> Result<()> {
        if let Some(max_pods) = kubelet.max_pods {
            if max_pods < 0 {
                return Err(negative_error("spec.kubelet.maxPods", max_pods));
            }
            self.max_pods = Some(i64::from(max_pods));
        }
        if let Some(pods_per_core) = kubelet.pods_per_core {
            if pods_per_core < 0 {
                return Err(negative_error("spec.kubelet.podsPerCore", pods_per_core));
            }
            self.pods_per_core = Some(i64::from(pods_per_core));
        }
        for (key, quantity) in &kubelet.kube_reserved {
            self.kube_reserved.insert(key.clone(), *quantity);
        }
        for (key, quantity) in &kubelet.system_reserved {
            self.system_reserved.insert(key.clone(), *quantity);
        }
        if let Some(value) = kubelet.eviction_hard.get("memory.available") {
            match parse_threshold("memory.available", value)? {
                Threshold::Amount(quantity) => {
                    self.eviction_hard_memory = quantity;
                    self.eviction_hard_memory_ppm = None;
                }
                Threshold::Ppm(ppm) => self.eviction_hard_memory_ppm = Some(ppm),
            }
        }
        if let Some(value) = kubelet.eviction_hard.get("nodefs.available") {
            match parse_threshold("nodefs.available", value)? {
                Threshold::Amount(quantity) => self.eviction_hard_nodefs = Some(quantity),
                Threshold::Ppm(ppm) => {
                    self.eviction_hard_nodefs_ppm = ppm;
                    self.eviction_hard_nodefs = None;
                }
            }
        }
        Ok(())
    }
}

/// Sums the kube-reserved CPU ladder over `cpu_millis`; each step truncates to
/// whole millicores, as Karpenter's `int64(r * percentage)` does.
fn kube_reserved_cpu_millis(cpu_millis: i64) -> i64 {
    KUBE_RESERVED_CPU_LADDER
        .iter()
        .filter(|(start, _, _)| cpu_millis > *start)
        .map(|(start, end, basis_points)| {
            let span = cpu_millis.min(*end) - start;
            span * basis_points / 10_000
        })
        .sum()
}

/// Returns `ceil(value × ppm / 1_000_000)` without overflow.
fn ceil_ppm(value: i64, ppm: i64) -> i64 {
    let product = i128::from(value) * i128::from(ppm);
    let ppm_scale = i128::from(PPM);
    let quotient = product / ppm_scale + i128::from(product % ppm_scale > 0);
    i64::try_from(quotient).unwrap_or(i64::MAX)
}

fn clamp_at_zero(resources: &mut Resources) {
    resources.cpu_millis = resources.cpu_millis.max(0);
    resources.memory_bytes = resources.memory_bytes.max(0);
    resources.ephemeral_storage_bytes = resources.ephemeral_storage_bytes.max(0);
    resources.pods = resources.pods.max(0);
    for count in resources.extended.values_mut() {
        *count = (*count).max(0);
    }
}

enum Threshold {
    Amount(Quantity),
    Ppm(i64),
}

/// Parses an eviction threshold: a quantity (`100Mi`) or a percentage (`10%`,
/// `7.5%`). `100%` disables the threshold, as the kubelet documents, so it maps to 0.
fn parse_threshold(signal: &str, value: &str) -> Result<Threshold> {
    let invalid = || {
        Error::input(
            format!("spec.kubelet.evictionHard.{signal}"),
            t!("kubelet-invalid-threshold", signal = signal, value = value),
        )
    };
    let Some(percent) = value.trim().strip_suffix('%') else {
        return Quantity::parse(value.trim())
            .map(Threshold::Amount)
            .map_err(|_| invalid());
    };
    // Percent with up to four decimals, in parts per million (1% = 10000 ppm).
    let ppm = super::load::parse_scaled_decimal(percent.trim(), 4).ok_or_else(invalid)?;
    if ppm > PPM {
        return Err(invalid());
    }
    Ok(Threshold::Ppm(if ppm == PPM { 0 } else { ppm }))
}

fn negative_error(field: &str, value: i32) -> Error {
    Error::input(
        field,
        t!("kubelet-negative-value", field = field, value = value),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_ladder_per_vcpu_count() {
        // 1 vCPU: 6% of 1000m = 60m.
        assert_eq!(kube_reserved_cpu_millis(1000), 60);
        // 2 vCPU: 60 + 1% of 1000m (10) = 70m.
        assert_eq!(kube_reserved_cpu_millis(2000), 70);
        // 4 vCPU: 70 + 0.5% of 2000m (10) = 80m.
        assert_eq!(kube_reserved_cpu_millis(4000), 80);
        // 8 vCPU: 80 + 0.25% of 4000m (10) = 90m.
        assert_eq!(kube_reserved_cpu_millis(8000), 90);
        // 16 vCPU: 80 + 0.25% of 12000m (30) = 110m.
        assert_eq!(kube_reserved_cpu_millis(16_000), 110);
        // 32 vCPU: 80 + 0.25% of 28000m (70) = 150m.
        assert_eq!(kube_reserved_cpu_millis(32_000), 150);
        // 6 vCPU: 80 + 0.25% of 2000m (5) = 85m.
        assert_eq!(kube_reserved_cpu_millis(6000), 85);
    }

    #[test]
    fn ceil_ppm_rounds_up() {
        // 16384 MiB × 7.5% = 1228.8 → 1229.
        assert_eq!(ceil_ppm(16_384, 75_000), 1229);
        // 4000 MiB × 7.5% = 300 exactly, so no rounding.
        assert_eq!(ceil_ppm(4000, 75_000), 300);
        assert_eq!(ceil_ppm(0, 75_000), 0);
    }

    #[test]
    fn threshold_parsing() {
        assert!(matches!(
            parse_threshold("memory.available", "10%"),
            Ok(Threshold::Ppm(100_000))
        ));
        assert!(matches!(
            parse_threshold("memory.available", "7.5%"),
            Ok(Threshold::Ppm(75_000))
        ));
        assert!(matches!(
            parse_threshold("memory.available", "100%"),
            Ok(Threshold::Ppm(0))
        ));
        assert!(matches!(
            parse_threshold("memory.available", "500Mi"),
            Ok(Threshold::Amount(quantity)) if quantity.units() == 500 * MIB
        ));
        assert!(parse_threshold("memory.available", "120%").is_err());
        assert!(parse_threshold("memory.available", "lots").is_err());
    }
}
