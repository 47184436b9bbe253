//! Turns the raw file into a `Scenario`: fills defaults and rejects values that the
//! YAML types allow but a load test cannot have, naming the file, line and field.

use serde_saphyr::{Location, Spanned};

use super::raw::{
    Number, RawDaemonSet, RawExistingNode, RawNodePool, RawNodes, RawPoolResources, RawProfile,
    RawProposal, RawResources, RawRunner, RawScenario, RawShards, RawThroughput, RawToleration,
};
use super::yaml_path::path_at_line;
use super::{
    API_VERSION, CapacityType, DaemonSetOverhead, ExistingNode, KIND, LoadProfile, NodePoolBudget,
    Nodes, PoolResources, PoolToleration, Proposal, Runner, RunnerShape, Scenario, Shards, Stage,
    TargetScope, Throughput, parse_duration_millis,
};
use crate::quantity::{Quantity, Resources, format_bytes, format_cpu_millis};
use crate::{Error, Result, t};

/// Ten million RPS: far beyond any single k6 test, and low enough that every product in
/// sizing (rate × milliseconds × samples × bytes) stays inside 64 bits.
const MAX_RPS: u64 = 10_000_000;
/// More runner pods than any cluster would schedule for one test.
const MAX_PODS: u64 = 10_000;
/// Thirty days: longer than any load test, short enough to keep request counts in range.
const MAX_DURATION_MILLIS: u64 = 30 * 24 * 3_600_000;
/// One instance runs 30k–40k VUs according to the k6 docs; a million is a typo guard.
const MAX_VUS: u64 = 1_000_000;

/// The default instance types: the two sizes the team's load-test NodePool uses today.
const DEFAULT_INSTANCE_TYPES: [&str; 2] = ["t3a.xlarge", "t3a.2xlarge"];
const DEFAULT_REGION: &str = "us-east-1";
const MIB: i64 = 1024 * 1024;

pub fn parse(text: &str, origin: &str) -> Result<Scenario> {
    let context = Context { text, origin };
    let raw: RawScenario =
        serde_saphyr::from_str(text).map_err(|error| context.yaml_error(&error))?;
    context.scenario(raw)
}

struct Context<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Context<'_> {
    fn location(&self, location: Location) -> String {
        if location.line() == 0 {
            self.origin.to_string()
        } else {
            format!("{}:{}:{}", self.origin, location.line(), location.column())
        }
    }

    fn error(&self, location: Location, message: String) -> Error {
        Error::input(self.location(location), message)
    }

    /// Reports a parse error with its line, column and the field path at that line.
    fn yaml_error(&self, error: &serde_saphyr::Error) -> Error {
        let location = error.location();
        let mut detail = match error.without_snippet() {
            // The library's text names an option of its own, which a user cannot set.
            serde_saphyr::Error::DuplicateMappingKey { key: Some(key), .. } => {
                t!("input-duplicate-key", key = format!("{key:?}"))
            }
            other => other.to_string(),
        };
        let Some(location) = location else {
            return Error::input(
                self.origin,
                t!("scenario-yaml-invalid-document", detail = detail),
            );
        };
        // The library appends the position; the location prefix already carries it.
        let suffix = format!(" at line {}, column {}", location.line(), location.column());
        if let Some(stripped) = detail.strip_suffix(&suffix) {
            detail = stripped.to_string();
        }
        let mut field = usize::try_from(location.line())
            .map(|line| path_at_line(self.text, line))
            .unwrap_or_default();
        if let serde_saphyr::Error::SerdeMissingField { field: missing, .. } =
            error.without_snippet()
        {
            // The location is a key of the mapping that lacks the field, so the
            // missing field's path is that key's parent plus the field's name.
            field = join_field(parent_path(&field), missing);
        }
        let message = if field.is_empty() {
            t!("scenario-yaml-invalid-document", detail = detail)
        } else {
            t!("scenario-yaml-invalid", field = field, detail = detail)
        };
        self.error(location, message)
    }

    fn scenario(&self, raw: RawScenario) -> Result<Scenario> {
        if raw.api_version.value != API_VERSION {
            return Err(self.error(
                raw.api_version.referenced,
                t!(
                    "scenario-api-version",
                    expected = API_VERSION,
                    found = raw.api_version.value.clone()
                ),
            ));
        }
        if raw.kind.value != KIND {
            return Err(self.error(
                raw.kind.referenced,
                t!(
                    "scenario-kind",
                    expected = KIND,
                    found = raw.kind.value.clone()
                ),
            ));
        }
        let name = self.non_empty("name", &raw.name)?;
        let target_rps = self.whole("targetRps", &raw.target_rps, 1, MAX_RPS)?;
        let shards = self.shards(&raw.shards, target_rps)?;
        let pods = match shards {
            Shards::Pods(pods) => u64::from(pods),
            Shards::RpsPerPod(rps) => target_rps.div_ceil(rps),
        };
        let profile = self.profile(&raw.profile, target_rps, pods)?;
        let runner = match &raw.runner {
            Some(runner) => self.runner(runner)?,
            None => Runner {
                shape: RunnerShape::Derived,
                throughput: Throughput::default(),
            },
        };
        if runner.shape == RunnerShape::Derived && runner.throughput.mean_iteration_micros.is_none()
        {
            let location = raw
                .runner
                .as_ref()
                .map_or(raw.name.referenced, |runner| runner.referenced);
            return Err(self.error(location, t!("scenario-runner-derive-needs-iteration")));
        }
        let nodes = match raw.nodes {
            Some(nodes) => self.nodes(nodes)?,
            None => self.nodes(RawNodes::default())?,
        };

        Ok(Scenario {
            origin: self.origin.to_string(),
            name,
            target_rps,
            profile,
            shards,
            runner,
            nodes,
        })
    }

    fn shards(&self, raw: &Spanned<RawShards>, target_rps: u64) -> Result<Shards> {
        let shards = match (&raw.value.pods, &raw.value.rps_per_pod) {
            (Some(pods), None) => {
                let count = self.whole("shards.pods", pods, 1, MAX_PODS)?;
                if count > target_rps {
                    return Err(self.error(
                        pods.referenced,
                        t!(
                            "scenario-shards-too-many",
                            pods = count.to_string(),
                            target = target_rps.to_string()
                        ),
                    ));
                }
                // MAX_PODS fits in u32.
                Shards::Pods(u32::try_from(count).unwrap_or(u32::MAX))
            }
            (None, Some(rps)) => {
                let rps_value = self.whole("shards.rpsPerPod", rps, 1, MAX_RPS)?;
                let count = target_rps.div_ceil(rps_value);
                if count > MAX_PODS {
                    return Err(self.error(
                        rps.referenced,
                        t!(
                            "scenario-number-out-of-range",
                            field = "shards.rpsPerPod",
                            min = target_rps.div_ceil(MAX_PODS).to_string(),
                            max = MAX_RPS.to_string(),
                            value = rps_value.to_string()
                        ),
                    ));
                }
                Shards::RpsPerPod(rps_value)
            }
            _ => return Err(self.error(raw.referenced, t!("scenario-shards-choice"))),
        };
        Ok(shards)
    }

    fn profile(
        &self,
        raw: &Spanned<RawProfile>,
        target_rps: u64,
        pods: u64,
    ) -> Result<LoadProfile> {
        let profile = &raw.value;
        let target_scope = match profile.target_scope.value.as_str() {
            "perPod" => TargetScope::PerPod,
            "total" => TargetScope::Total,
            other => {
                return Err(self.error(
                    profile.target_scope.referenced,
                    t!("scenario-target-scope", found = other.to_string()),
                ));
            }
        };
        let start_rps = match &profile.start_rps {
            Some(start) => self.whole("profile.startRps", start, 0, MAX_RPS)?,
            None => 0,
        };
        if profile.stages.value.is_empty() {
            return Err(self.error(profile.stages.referenced, t!("scenario-stages-empty")));
        }

        let mut stages = Vec::with_capacity(profile.stages.value.len());
        let mut total_millis: u64 = 0;
        for (index, stage) in profile.stages.value.iter().enumerate() {
            let duration_field = format!("profile.stages[{index}].duration");
            let duration_millis =
                parse_duration_millis(&stage.duration.value).ok_or_else(|| {
                    self.error(
                        stage.duration.referenced,
                        t!(
                            "scenario-duration-invalid",
                            field = duration_field.clone(),
                            value = stage.duration.value.clone()
                        ),
                    )
                })?;
            total_millis = total_millis.saturating_add(duration_millis);
            if total_millis > MAX_DURATION_MILLIS {
                return Err(self.error(
                    stage.duration.referenced,
                    t!("scenario-duration-too-long", field = duration_field),
                ));
            }
            let target_field = format!("profile.stages[{index}].target");
            let target = self.whole(&target_field, &stage.target, 0, MAX_RPS)?;
            stages.push(Stage {
                duration_millis,
                target_rps: target,
            });
        }
        if total_millis == 0 {
            return Err(self.error(profile.stages.referenced, t!("scenario-duration-zero")));
        }

        self.check_peak(raw, target_scope, start_rps, &stages, target_rps, pods)?;
        Ok(LoadProfile {
            target_scope,
            start_rps,
            stages,
        })
    }

    /// Checks that the profile's highest rate is exactly `targetRps` in total.
    fn check_peak(
        &self,
        raw: &Spanned<RawProfile>,
        scope: TargetScope,
        start_rps: u64,
        stages: &[Stage],
        target_rps: u64,
        pods: u64,
    ) -> Result<()> {
        let peak = stages
            .iter()
            .map(|stage| stage.target_rps)
            .fold(start_rps, u64::max);
        let location = raw.value.stages.referenced;
        let (peak_total, expected) = match scope {
            TargetScope::Total => (peak, target_rps),
            TargetScope::PerPod => {
                if !target_rps.is_multiple_of(pods) {
                    return Err(self.error(
                        raw.value.target_scope.referenced,
                        t!(
                            "scenario-per-pod-uneven",
                            target = target_rps.to_string(),
                            pods = pods.to_string()
                        ),
                    ));
                }
                (peak.saturating_mul(pods), target_rps / pods)
            }
        };
        if peak_total < target_rps {
            return Err(self.error(
                location,
                t!(
                    "scenario-stages-below-target",
                    peak = peak_total.to_string(),
                    target = target_rps.to_string(),
                    expected = expected.to_string()
                ),
            ));
        }
        if peak_total > target_rps {
            return Err(self.error(
                location,
                t!(
                    "scenario-stages-above-target",
                    peak = peak_total.to_string(),
                    target = target_rps.to_string(),
                    expected = expected.to_string()
                ),
            ));
        }
        Ok(())
    }

    fn runner(&self, raw: &Spanned<RawRunner>) -> Result<Runner> {
        let runner = &raw.value;
        let throughput = match &runner.throughput {
            Some(throughput) => self.throughput(throughput)?,
            None => Throughput::default(),
        };

        let shape = match (&runner.requests, &runner.max_vus) {
            (None, None) => {
                if let Some(limits) = &runner.limits {
                    return Err(self.error(
                        limits.referenced,
                        t!("scenario-runner-missing", field = "runner.requests"),
                    ));
                }
                RunnerShape::Derived
            }
            (None, Some(_)) => {
                return Err(self.error(
                    raw.referenced,
                    t!("scenario-runner-missing", field = "runner.requests"),
                ));
            }
            (Some(_), None) => {
                return Err(self.error(
                    raw.referenced,
                    t!("scenario-runner-missing", field = "runner.maxVUs"),
                ));
            }
            (Some(requests), Some(max_vus)) => {
                let requests = self.pod_resources("runner.requests", requests, true)?;
                let limits = match &runner.limits {
                    Some(limits) => self.pod_resources("runner.limits", limits, false)?,
                    None => Resources::default(),
                };
                self.check_limits(runner, &requests, &limits)?;
                let max_vus = self.whole("runner.maxVUs", max_vus, 1, MAX_VUS)?;
                RunnerShape::Fixed {
                    requests,
                    limits,
                    max_vus,
                }
            }
        };
        Ok(Runner { shape, throughput })
    }

    /// Reads `requests` or `limits`; requests need both cpu and memory above zero.
    fn pod_resources(
        &self,
        field: &str,
        raw: &Spanned<RawResources>,
        required: bool,
    ) -> Result<Resources> {
        let mut resources = Resources::default();
        for (name, value) in [("cpu", &raw.value.cpu), ("memory", &raw.value.memory)] {
            let path = format!("{field}.{name}");
            match value {
                Some(quantity) if quantity.value.is_zero() => {
                    return Err(self.error(
                        quantity.referenced,
                        t!("scenario-quantity-zero", field = path),
                    ));
                }
                Some(quantity) => {
                    if name == "cpu" {
                        resources.cpu_millis = quantity.value.millis();
                    } else {
                        resources.memory_bytes = quantity.value.units();
                    }
                }
                None if required => {
                    return Err(
                        self.error(raw.referenced, t!("scenario-runner-missing", field = path))
                    );
                }
                None => {}
            }
        }
        Ok(resources)
    }

    fn check_limits(
        &self,
        runner: &RawRunner,
        requests: &Resources,
        limits: &Resources,
    ) -> Result<()> {
        let Some(raw_limits) = &runner.limits else {
            return Ok(());
        };
        if let Some(cpu) = &raw_limits.value.cpu
            && limits.cpu_millis < requests.cpu_millis
        {
            return Err(self.error(
                cpu.referenced,
                t!(
                    "scenario-limit-below-request",
                    field = "runner.limits.cpu",
                    limit = format_cpu_millis(limits.cpu_millis),
                    request = format_cpu_millis(requests.cpu_millis)
                ),
            ));
        }
        if let Some(memory) = &raw_limits.value.memory
            && limits.memory_bytes < requests.memory_bytes
        {
            return Err(self.error(
                memory.referenced,
                t!(
                    "scenario-limit-below-request",
                    field = "runner.limits.memory",
                    limit = format_bytes(limits.memory_bytes),
                    request = format_bytes(requests.memory_bytes)
                ),
            ));
        }
        Ok(())
    }

    fn throughput(&self, raw: &RawThroughput) -> Result<Throughput> {
        let defaults = Throughput::default();
        let field = |name: &str| format!("runner.throughput.{name}");
        let whole_or = |name: &str, value: &Option<Number>, min, max, default| match value {
            Some(value) => self.whole(&field(name), value, min, max),
            None => Ok(default),
        };
        let bytes_or = |value: &Option<Spanned<Quantity>>, default| match value {
            Some(quantity) => Ok(quantity.value.units()),
            None => Ok::<i64, Error>(default),
        };

        let mean_iteration_micros = match &raw.mean_iteration_seconds {
            Some(seconds) => Some(self.iteration_micros(seconds)?),
            None => None,
        };
        let memory_per_vu_bytes = bytes_or(&raw.memory_per_vu, defaults.memory_per_vu_bytes)?;
        if let Some(quantity) = &raw.memory_per_vu
            && quantity.value.is_zero()
        {
            return Err(self.error(
                quantity.referenced,
                t!("scenario-quantity-zero", field = field("memoryPerVU")),
            ));
        }

        Ok(Throughput {
            rps_per_cpu: whole_or(
                "rpsPerCpu",
                &raw.rps_per_cpu,
                1,
                MAX_RPS,
                defaults.rps_per_cpu,
            )?,
            memory_per_vu_bytes,
            base_memory_bytes: bytes_or(&raw.base_memory, defaults.base_memory_bytes)?,
            mean_iteration_micros,
            requests_per_iteration: whole_or(
                "requestsPerIteration",
                &raw.requests_per_iteration,
                1,
                10_000,
                defaults.requests_per_iteration,
            )?,
            cpu_target_percent: whole_or(
                "cpuTargetPercent",
                &raw.cpu_target_percent,
                1,
                100,
                defaults.cpu_target_percent,
            )?,
            memory_limit_percent: whole_or(
                "memoryLimitPercent",
                &raw.memory_limit_percent,
                1,
                100,
                defaults.memory_limit_percent,
            )?,
            vu_cushion_percent: whole_or(
                "vuCushionPercent",
                &raw.vu_cushion_percent,
                0,
                1_000,
                defaults.vu_cushion_percent,
            )?,
            keep_trend_samples: raw
                .keep_trend_samples
                .unwrap_or(defaults.keep_trend_samples),
            remote_write_trend_stats: raw
                .remote_write_trend_stats
                .unwrap_or(defaults.remote_write_trend_stats),
        })
    }

    /// Converts the mean iteration time to microseconds; it must be above 0 and at most an hour.
    fn iteration_micros(&self, seconds: &Number) -> Result<u64> {
        let path = "runner.throughput.meanIterationSeconds";
        let value = seconds.value;
        if !value.is_finite() {
            return Err(self.error(
                seconds.referenced,
                t!(
                    "scenario-number-not-finite",
                    field = path,
                    value = value.to_string()
                ),
            ));
        }
        if value <= 0.0 || value > 3_600.0 {
            return Err(self.error(
                seconds.referenced,
                t!(
                    "scenario-number-out-of-range",
                    field = path,
                    min = "0.000001",
                    max = "3600",
                    value = value.to_string()
                ),
            ));
        }
        // The range check above keeps the product within u64; the cast only drops the
        // fraction below one microsecond, rounded to the nearest.
        let micros = (value * 1_000_000.0).round() as u64;
        Ok(micros.max(1))
    }

    fn nodes(&self, raw: RawNodes) -> Result<Nodes> {
        let region = match &raw.region {
            Some(region) => self.non_empty("nodes.region", region)?,
            None => DEFAULT_REGION.to_string(),
        };
        let instance_types = match &raw.instance_types {
            Some(types) => self.instance_types(types)?,
            None => DEFAULT_INSTANCE_TYPES
                .iter()
                .map(|name| name.to_string())
                .collect(),
        };
        let capacity_type = match &raw.capacity_type {
            Some(capacity) if capacity.value == "on-demand" => CapacityType::OnDemand,
            Some(capacity) => {
                return Err(self.error(
                    capacity.referenced,
                    t!("scenario-capacity-type", found = capacity.value.clone()),
                ));
            }
            None => CapacityType::OnDemand,
        };
        let daemon_sets = match &raw.daemon_sets {
            Some(daemon_sets) => self.daemon_sets(daemon_sets)?,
            None => default_daemon_sets(),
        };
        let node_pool = match &raw.node_pool {
            Some(pool) => self.node_pool(pool)?,
            None => NodePoolBudget::default(),
        };
        let existing = self.existing(&raw.existing)?;
        let proposals = self.proposals(&raw.proposals)?;

        Ok(Nodes {
            region,
            instance_types,
            capacity_type,
            node_model: raw.node_model.unwrap_or_default(),
            daemon_sets,
            node_pool,
            existing,
            proposals,
        })
    }

    fn proposals(&self, raw: &[RawProposal]) -> Result<Vec<Proposal>> {
        let mut proposals: Vec<Proposal> = Vec::with_capacity(raw.len());
        for (index, entry) in raw.iter().enumerate() {
            let name = self.non_empty(&format!("nodes.proposals[{index}].name"), &entry.name)?;
            let instance_type = self.non_empty(
                &format!("nodes.proposals[{index}].instanceType"),
                &entry.instance_type,
            )?;
            let count_path = format!("nodes.proposals[{index}].count");
            let count = self.whole(&count_path, &entry.count, 1, 10_000)?;
            let max_count = match &entry.max_count {
                Some(max_count) => {
                    let path = format!("nodes.proposals[{index}].maxCount");
                    self.whole(&path, max_count, count, 10_000)?
                }
                None => count,
            };
            proposals.push(Proposal {
                name,
                instance_type,
                count: count as u32,
                max_count: max_count as u32,
            });
        }
        Ok(proposals)
    }

    fn instance_types(&self, raw: &Spanned<Vec<Spanned<String>>>) -> Result<Vec<String>> {
        if raw.value.is_empty() {
            return Err(self.error(raw.referenced, t!("scenario-instance-types-empty")));
        }
        let mut names: Vec<String> = Vec::with_capacity(raw.value.len());
        for (index, name) in raw.value.iter().enumerate() {
            let path = format!("nodes.instanceTypes[{index}]");
            let value = self.non_empty(&path, name)?;
            if names.contains(&value) {
                return Err(self.error(
                    name.referenced,
                    t!("scenario-duplicate-name", field = path, name = value),
                ));
            }
            names.push(value);
        }
        Ok(names)
    }

    fn daemon_sets(&self, raw: &[RawDaemonSet]) -> Result<Vec<DaemonSetOverhead>> {
        let mut daemon_sets: Vec<DaemonSetOverhead> = Vec::with_capacity(raw.len());
        for (index, entry) in raw.iter().enumerate() {
            let path = format!("nodes.daemonSets[{index}].name");
            let name = self.non_empty(&path, &entry.name)?;
            if daemon_sets.iter().any(|existing| existing.name == name) {
                return Err(self.error(
                    entry.name.referenced,
                    t!("scenario-duplicate-name", field = path, name = name),
                ));
            }
            daemon_sets.push(DaemonSetOverhead {
                name,
                cpu_millis: entry.cpu.as_ref().map_or(0, |cpu| cpu.value.millis()),
                memory_bytes: entry
                    .memory
                    .as_ref()
                    .map_or(0, |memory| memory.value.units()),
            });
        }
        Ok(daemon_sets)
    }

    fn node_pool(&self, raw: &RawNodePool) -> Result<NodePoolBudget> {
        let name = match &raw.name {
            Some(name) => Some(self.non_empty("nodes.nodePool.name", name)?),
            None => None,
        };
        let mut tolerations = Vec::with_capacity(raw.tolerations.len());
        for (index, entry) in raw.tolerations.iter().enumerate() {
            tolerations.push(self.toleration(index, entry)?);
        }
        Ok(NodePoolBudget {
            name,
            limits: raw.limits.as_ref().map(pool_resources).unwrap_or_default(),
            usage: raw.usage.as_ref().map(pool_resources).unwrap_or_default(),
            node_selector: raw.node_selector.clone().unwrap_or_default(),
            tolerations,
        })
    }

    /// Checks a toleration as the API server does (`ValidateTolerations` in
    /// `pkg/apis/core/validation`): operator Equal or Exists, no value with Exists, an
    /// empty key only with Exists, and a known effect.
    fn toleration(&self, index: usize, raw: &Spanned<RawToleration>) -> Result<PoolToleration> {
        let entry = &raw.value;
        let field = format!("nodes.nodePool.tolerations[{index}]");
        let operator = entry
            .operator
            .clone()
            .unwrap_or_else(|| "Equal".to_string());
        let key_empty = entry.key.as_deref().unwrap_or("").is_empty();
        let valid_operator = match operator.as_str() {
            "Equal" => !key_empty,
            "Exists" => entry.value.as_deref().unwrap_or("").is_empty(),
            _ => false,
        };
        let valid_effect = matches!(
            entry.effect.as_deref().unwrap_or(""),
            "" | "NoSchedule" | "PreferNoSchedule" | "NoExecute"
        );
        if !valid_operator || !valid_effect {
            return Err(self.error(
                raw.referenced,
                t!("scenario-toleration-invalid", field = field),
            ));
        }
        Ok(PoolToleration {
            key: entry.key.clone(),
            operator,
            value: entry.value.clone(),
            effect: entry.effect.clone(),
        })
    }

    fn existing(&self, raw: &[RawExistingNode]) -> Result<Vec<ExistingNode>> {
        let mut nodes: Vec<ExistingNode> = Vec::with_capacity(raw.len());
        for (index, entry) in raw.iter().enumerate() {
            let name_path = format!("nodes.existing[{index}].name");
            let name = self.non_empty(&name_path, &entry.name)?;
            if nodes.iter().any(|node| node.name == name) {
                return Err(self.error(
                    entry.name.referenced,
                    t!("scenario-duplicate-name", field = name_path, name = name),
                ));
            }
            let instance_type = self.non_empty(
                &format!("nodes.existing[{index}].instanceType"),
                &entry.instance_type,
            )?;
            let free = &entry.free.value;
            let mut resources = Resources::new(free.cpu.value.millis(), free.memory.value.units());
            resources.pods = free.pods.value.units();
            nodes.push(ExistingNode {
                name,
                instance_type,
                free: resources,
            });
        }
        Ok(nodes)
    }

    /// Reads a whole number in `min..=max`, naming `field` when it is not one.
    fn whole(&self, field: &str, number: &Number, min: u64, max: u64) -> Result<u64> {
        let value = number.value;
        if !value.is_finite() {
            return Err(self.error(
                number.referenced,
                t!(
                    "scenario-number-not-finite",
                    field = field.to_string(),
                    value = value.to_string()
                ),
            ));
        }
        if value.fract() != 0.0 {
            return Err(self.error(
                number.referenced,
                t!(
                    "scenario-number-not-whole",
                    field = field.to_string(),
                    value = value.to_string()
                ),
            ));
        }
        // Both bounds are far below 2^53, so comparing as floats is exact.
        if value < min as f64 || value > max as f64 {
            return Err(self.error(
                number.referenced,
                t!(
                    "scenario-number-out-of-range",
                    field = field.to_string(),
                    min = min.to_string(),
                    max = max.to_string(),
                    value = value.to_string()
                ),
            ));
        }
        Ok(value as u64)
    }

    fn non_empty(&self, field: &str, value: &Spanned<String>) -> Result<String> {
        let trimmed = value.value.trim();
        if trimmed.is_empty() {
            return Err(self.error(
                value.referenced,
                t!("scenario-value-empty", field = field.to_string()),
            ));
        }
        Ok(trimmed.to_string())
    }
}

fn parent_path(path: &str) -> &str {
    match path.rfind('.') {
        Some(dot) => &path[..dot],
        None => "",
    }
}

fn join_field(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

fn pool_resources(raw: &RawPoolResources) -> PoolResources {
    PoolResources {
        cpu_millis: raw.cpu.as_ref().map(|cpu| cpu.value.millis()),
        memory_bytes: raw.memory.as_ref().map(|memory| memory.value.units()),
        nodes: raw.nodes.as_ref().map(|nodes| nodes.value.units()),
    }
}

/// Returns the DaemonSets of a typical EKS node with their effective requests.
/// aws-node: VPC CNI v1.23 manifest, two 25m containers. kube-proxy: 100m as EKS
/// installs it. ebs-csi-node: aws-ebs-csi-driver chart 2.64, three 10m containers with
/// 40Mi + 32Mi + 32Mi. eks-pod-identity-agent and prometheus-node-exporter: no requests.
pub fn default_daemon_sets() -> Vec<DaemonSetOverhead> {
    let entry = |name: &str, cpu_millis, memory_bytes| DaemonSetOverhead {
        name: name.to_string(),
        cpu_millis,
        memory_bytes,
    };
    vec![
        entry("aws-node", 50, 0),
        entry("kube-proxy", 100, 0),
        entry("ebs-csi-node", 30, 104 * MIB),
        entry("eks-pod-identity-agent", 0, 0),
        entry("node-exporter", 0, 0),
    ]
}
