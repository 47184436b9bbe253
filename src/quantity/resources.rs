//! A resource list in integer units: CPU in millicores, memory and storage in bytes,
//! pods and extended resources in whole units.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Quantity, QuantityError, format_bytes, format_cpu_millis};

/// A resource name as Kubernetes spells it in `requests`, `limits` and `allocatable`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResourceName {
    Cpu,
    Memory,
    EphemeralStorage,
    Pods,
    /// Any other resource, such as `nvidia.com/gpu` or `vpc.amazonaws.com/pod-eni`.
    Extended(String),
}

impl ResourceName {
    /// Maps a Kubernetes resource key to a name.
    pub fn from_key(key: &str) -> ResourceName {
        match key {
            "cpu" => ResourceName::Cpu,
            "memory" => ResourceName::Memory,
            "ephemeral-storage" => ResourceName::EphemeralStorage,
            "pods" => ResourceName::Pods,
            other => ResourceName::Extended(other.to_string()),
        }
    }

    /// Returns the Kubernetes key, as used in scheduler messages (`Insufficient cpu`).
    pub fn key(&self) -> &str {
        match self {
            ResourceName::Cpu => "cpu",
            ResourceName::Memory => "memory",
            ResourceName::EphemeralStorage => "ephemeral-storage",
            ResourceName::Pods => "pods",
            ResourceName::Extended(name) => name,
        }
    }
}

impl fmt::Display for ResourceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Amounts of resources in integer units; absent resources are zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Resources {
    /// CPU in millicores.
    pub cpu_millis: i64,
    /// Memory in bytes.
    pub memory_bytes: i64,
    /// Ephemeral storage in bytes.
    pub ephemeral_storage_bytes: i64,
    /// Pod slots.
    pub pods: i64,
    /// Extended resources in whole units, keyed by their Kubernetes name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extended: BTreeMap<String, i64>,
}

impl Resources {
    /// Builds a resource list from CPU millicores and memory bytes.
    pub fn new(cpu_millis: i64, memory_bytes: i64) -> Resources {
        Resources {
            cpu_millis,
            memory_bytes,
            ..Resources::default()
        }
    }

    /// Converts a Kubernetes resource map (`{"cpu": "500m", "memory": "1Gi"}`).
    pub fn from_quantities<'a>(
        entries: impl IntoIterator<Item = (&'a str, &'a Quantity)>,
    ) -> Resources {
        let mut resources = Resources::default();
        for (key, quantity) in entries {
            resources.set(&ResourceName::from_key(key), quantity);
        }
        resources
    }

    /// Parses a map of quantity strings, naming the key of the first invalid one.
    pub fn parse_map<'a>(
        entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Resources, (String, QuantityError)> {
        let mut resources = Resources::default();
        for (key, text) in entries {
            let quantity = Quantity::parse(text).map_err(|error| (key.to_string(), error))?;
            resources.set(&ResourceName::from_key(key), &quantity);
        }
        Ok(resources)
    }

    /// Sets one resource from a quantity, in that resource's integer unit.
    pub fn set(&mut self, name: &ResourceName, quantity: &Quantity) {
        match name {
            ResourceName::Cpu => self.cpu_millis = quantity.millis(),
            ResourceName::Memory => self.memory_bytes = quantity.units(),
            ResourceName::EphemeralStorage => self.ephemeral_storage_bytes = quantity.units(),
            ResourceName::Pods => self.pods = quantity.units(),
            ResourceName::Extended(key) => {
                self.extended.insert(key.clone(), quantity.units());
            }
        }
    }

    /// Returns the amount of one resource in its integer unit.
    pub fn get(&self, name: &ResourceName) -> i64 {
        match name {
            ResourceName::Cpu => self.cpu_millis,
            ResourceName::Memory => self.memory_bytes,
            ResourceName::EphemeralStorage => self.ephemeral_storage_bytes,
            ResourceName::Pods => self.pods,
            ResourceName::Extended(key) => self.extended.get(key).copied().unwrap_or(0),
        }
    }

    /// Returns true when a resource was named (for extended resources) or is non-zero.
    pub fn has(&self, name: &ResourceName) -> bool {
        match name {
            ResourceName::Extended(key) => self.extended.contains_key(key),
            _ => self.get(name) != 0,
        }
    }

    /// Lists the resources that are set, in Kubernetes' order: cpu, memory,
    /// ephemeral-storage, pods, then extended resources by name.
    pub fn names(&self) -> Vec<ResourceName> {
        let mut names = Vec::new();
        for name in [
            ResourceName::Cpu,
            ResourceName::Memory,
            ResourceName::EphemeralStorage,
            ResourceName::Pods,
        ] {
            if self.get(&name) != 0 {
                names.push(name);
            }
        }
        names.extend(self.extended.keys().cloned().map(ResourceName::Extended));
        names
    }

    /// Adds every resource of `other`, saturating instead of overflowing.
    pub fn add(&mut self, other: &Resources) {
        self.cpu_millis = self.cpu_millis.saturating_add(other.cpu_millis);
        self.memory_bytes = self.memory_bytes.saturating_add(other.memory_bytes);
        self.ephemeral_storage_bytes = self
            .ephemeral_storage_bytes
            .saturating_add(other.ephemeral_storage_bytes);
        self.pods = self.pods.saturating_add(other.pods);
        for (key, value) in &other.extended {
            let entry = self.extended.entry(key.clone()).or_insert(0);
            *entry = entry.saturating_add(*value);
        }
    }

    /// Subtracts every resource of `other`; results may go negative.
    pub fn sub(&mut self, other: &Resources) {
        self.cpu_millis = self.cpu_millis.saturating_sub(other.cpu_millis);
        self.memory_bytes = self.memory_bytes.saturating_sub(other.memory_bytes);
        self.ephemeral_storage_bytes = self
            .ephemeral_storage_bytes
            .saturating_sub(other.ephemeral_storage_bytes);
        self.pods = self.pods.saturating_sub(other.pods);
        for (key, value) in &other.extended {
            let entry = self.extended.entry(key.clone()).or_insert(0);
            *entry = entry.saturating_sub(*value);
        }
    }

    /// Returns the sum of two resource lists.
    pub fn plus(&self, other: &Resources) -> Resources {
        let mut sum = self.clone();
        sum.add(other);
        sum
    }

    /// Returns `self − other`.
    pub fn minus(&self, other: &Resources) -> Resources {
        let mut difference = self.clone();
        difference.sub(other);
        difference
    }

    /// Multiplies every amount by `factor`, saturating.
    pub fn times(&self, factor: i64) -> Resources {
        Resources {
            cpu_millis: self.cpu_millis.saturating_mul(factor),
            memory_bytes: self.memory_bytes.saturating_mul(factor),
            ephemeral_storage_bytes: self.ephemeral_storage_bytes.saturating_mul(factor),
            pods: self.pods.saturating_mul(factor),
            extended: self
                .extended
                .iter()
                .map(|(key, value)| (key.clone(), value.saturating_mul(factor)))
                .collect(),
        }
    }

    /// Takes the larger amount of each resource, as kube-scheduler does for init containers.
    pub fn max_each(&self, other: &Resources) -> Resources {
        let mut extended = self.extended.clone();
        for (key, value) in &other.extended {
            let entry = extended.entry(key.clone()).or_insert(0);
            *entry = (*entry).max(*value);
        }
        Resources {
            cpu_millis: self.cpu_millis.max(other.cpu_millis),
            memory_bytes: self.memory_bytes.max(other.memory_bytes),
            ephemeral_storage_bytes: self
                .ephemeral_storage_bytes
                .max(other.ephemeral_storage_bytes),
            pods: self.pods.max(other.pods),
            extended,
        }
    }

    /// Returns true when every amount of `self` is at most the same amount in `capacity`.
    pub fn fits_in(&self, capacity: &Resources) -> bool {
        self.cpu_millis <= capacity.cpu_millis
            && self.memory_bytes <= capacity.memory_bytes
            && self.ephemeral_storage_bytes <= capacity.ephemeral_storage_bytes
            && self.pods <= capacity.pods
            && self
                .extended
                .iter()
                .all(|(key, value)| *value <= capacity.extended.get(key).copied().unwrap_or(0))
    }
}

impl fmt::Display for Resources {
    /// Prints `cpu=3920m memory=14162Mi pods=58`, skipping zero amounts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.cpu_millis != 0 {
            parts.push(format!("cpu={}", format_cpu_millis(self.cpu_millis)));
        }
        if self.memory_bytes != 0 {
            parts.push(format!("memory={}", format_bytes(self.memory_bytes)));
        }
        if self.ephemeral_storage_bytes != 0 {
            parts.push(format!(
                "ephemeral-storage={}",
                format_bytes(self.ephemeral_storage_bytes)
            ));
        }
        if self.pods != 0 {
            parts.push(format!("pods={}", self.pods));
        }
        for (key, value) in &self.extended {
            parts.push(format!("{key}={value}"));
        }
        f.write_str(&parts.join(" "))
    }
}
