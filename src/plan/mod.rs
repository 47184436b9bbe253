//! A plan: the scenario's shards sized, the node types that can hold them, the cheapest
//! node mix proven by the optimizer, what Karpenter would launch instead, what it costs
//! per hour and per test run, and what may still go wrong.

mod findings;

use std::collections::BTreeSet;
use std::time::Duration;

use serde::Serialize;

use crate::catalog::{Catalog, NodeModel};
use crate::finding::Finding;
use crate::optimize::{
    self, ExistingNode, Limits, NodeOption, NodeSource, Plan, PodGroup, PoolUsage, Problem,
};
use crate::quantity::Resources;
use crate::report::JSON_SCHEMA_VERSION;
use crate::scenario::Scenario;
use crate::sizing::{self, BurstableCpu, CreditCharge, Sizing};
use crate::{Error, Result, t};

/// Changes to a scenario given on the command line.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Replaces the scenario's allowed instance types.
    pub instance_types: Option<Vec<String>>,
    /// Replaces the scenario's region.
    pub region: Option<String>,
    /// Replaces the NodePool cpu limit, in millicores of instance capacity.
    pub cpu_limit_millis: Option<i64>,
    /// Solver time limit; past it the best plan found is reported with its gap.
    pub time_limit: Duration,
}

/// Everything `capplan plan` reports, serialized as its JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    pub schema_version: &'static str,
    pub scenario: ScenarioSummary,
    pub sizing: Sizing,
    /// DaemonSet requests on every node, including their pod slots.
    pub daemonset_overhead: Resources,
    /// Each allowed instance type and how many runner pods one node of it holds.
    pub node_types: Vec<NodeTypeFit>,
    /// Allowed types left out because their allocatable is below the DaemonSet overhead.
    pub left_out_types: Vec<String>,
    /// The cheapest node mix, from the integer program.
    pub optimal: CostedPlan,
    /// The nodes Karpenter's greedy packing would launch for the same pods.
    pub karpenter: CostedPlan,
    pub proposals: Vec<ProposalCheck>,
    pub findings: Vec<Finding>,
}

/// The scenario's identity and the settings in force after command-line overrides.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioSummary {
    pub name: String,
    pub file: String,
    pub target_rps: u64,
    pub region: String,
    pub test_duration_seconds: u64,
    pub node_pool: Option<String>,
    pub limits: Limits,
}

/// One allowed instance type with the room it leaves for runner pods.
#[derive(Debug, Clone, Serialize)]
pub struct NodeTypeFit {
    pub instance_type: String,
    pub capacity: Resources,
    pub allocatable: Resources,
    /// Allocatable minus DaemonSet requests: the room runner pods share.
    pub available: Resources,
    /// Runner pods one node holds.
    pub pods_per_node: u32,
    pub price_micros_per_hour: i64,
    pub price_verified: bool,
    /// True when a measured allocatable replaced the model's figure.
    pub allocatable_measured: bool,
}

impl NodeTypeFit {
    /// Returns the optimizer's view of this type: the room left for runner pods, with
    /// no cap on the count.
    pub fn node_option(&self) -> NodeOption {
        NodeOption {
            instance_type: self.instance_type.clone(),
            allocatable: self.available.clone(),
            capacity: self.capacity.clone(),
            price_micros: self.price_micros_per_hour,
            max_count: None,
        }
    }
}

/// A plan with its cost per test run, including T3/T3a surplus CPU credits.
#[derive(Debug, Clone, Serialize)]
pub struct CostedPlan {
    pub plan: Plan,
    /// Instance cost of the new nodes over the test's duration.
    pub instance_cost_per_run_micros: i64,
    /// Surplus-credit charges of burstable nodes over the test (an estimate).
    pub credit_cost_per_run_micros: i64,
    pub total_cost_per_run_micros: i64,
    /// Credit charge per burstable node, in node order.
    pub credit_charges: Vec<NodeCredit>,
}

/// The surplus-credit estimate of one burstable node.
#[derive(Debug, Clone, Serialize)]
pub struct NodeCredit {
    pub node: String,
    pub instance_type: String,
    pub charge: CreditCharge,
}

/// A proposed node count checked against the pods: how many would stay Pending.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalCheck {
    pub name: String,
    pub instance_type: String,
    pub count: u32,
    pub max_count: u32,
    pub pods_per_node: u32,
    pub pods_needed: u32,
    /// Pending pods with `count` nodes.
    pub pending_at_count: u32,
    /// Pending pods with `max_count` nodes.
    pub pending_at_max_count: u32,
    /// The minimum number of nodes of this type for every pod, or none when one pod does not fit.
    pub nodes_needed: Option<u32>,
}

/// Plans a loaded scenario against the catalog.
///
/// # Errors
/// An allowed instance type missing from the catalog or without a price in the
/// region, or an optimizer failure.
pub fn plan(scenario: &Scenario, catalog: &Catalog, options: &PlanOptions) -> Result<PlanReport> {
    let sizing = sizing::size(scenario);
    let region = options
        .region
        .clone()
        .unwrap_or_else(|| scenario.region().to_string());
    let allowed: Vec<String> = options
        .instance_types
        .clone()
        .unwrap_or_else(|| scenario.instance_types().to_vec());
    let daemonset_overhead = scenario.daemonset_overhead();
    let (node_types, left_out_types) = node_type_fits(
        catalog,
        scenario.node_model(),
        &region,
        &allowed,
        &daemonset_overhead,
        &sizing.pod_requests(),
        &scenario.origin,
    )?;

    let limits = limits(scenario, options);
    let problem = Problem {
        pod_groups: vec![PodGroup {
            name: t!("plan-runner-group"),
            requests: sizing.pod_requests(),
            count: sizing.pods,
        }],
        node_options: node_types.iter().map(NodeTypeFit::node_option).collect(),
        existing_nodes: scenario
            .existing_nodes()
            .iter()
            .map(|node| ExistingNode {
                name: node.name.clone(),
                free: node.free.clone(),
            })
            .collect(),
        limits: limits.clone(),
        time_limit: options.time_limit,
    };

    let optimal_plan = optimize::solve(&problem)
        .map_err(|error| Error::input(scenario.origin.clone(), error.to_string()))?;
    let greedy_plan = optimize::karpenter_greedy(&problem);
    let load_curve = load_curve(scenario);
    let optimal = cost_plan(optimal_plan, catalog, &sizing, &load_curve);
    let karpenter = cost_plan(greedy_plan, catalog, &sizing, &load_curve);
    let proposals = check_proposals(scenario, &node_types, sizing.pods, &region, catalog)?;

    let mut report = PlanReport {
        schema_version: JSON_SCHEMA_VERSION,
        scenario: ScenarioSummary {
            name: scenario.name.clone(),
            file: scenario.origin.clone(),
            target_rps: scenario.target_rps,
            region,
            test_duration_seconds: sizing.test_duration_millis / 1000,
            node_pool: scenario.node_pool().name.clone(),
            limits,
        },
        sizing,
        daemonset_overhead,
        node_types,
        left_out_types,
        optimal,
        karpenter,
        proposals,
        findings: Vec::new(),
    };
    report.findings = findings::collect(&report);
    Ok(report)
}

impl PlanReport {
    /// Returns true when every runner pod has a place in the optimal plan.
    pub fn places_all(&self) -> bool {
        self.optimal.plan.places_all()
    }

    /// Returns true when every pod is placed and no finding is an error, the condition
    /// for exit code 0 (and for a viable option in `compare`).
    pub fn passes(&self) -> bool {
        self.places_all()
            && self
                .findings
                .iter()
                .all(|finding| finding.severity < crate::finding::Severity::Error)
    }
}

fn limits(scenario: &Scenario, options: &PlanOptions) -> Limits {
    let budget = scenario.node_pool();
    Limits {
        cpu_millis: options.cpu_limit_millis.or(budget.limits.cpu_millis),
        memory_bytes: budget.limits.memory_bytes,
        nodes: budget.limits.nodes,
        in_use: PoolUsage {
            cpu_millis: budget.usage.cpu_millis.unwrap_or(0),
            memory_bytes: budget.usage.memory_bytes.unwrap_or(0),
            nodes: budget.usage.nodes.unwrap_or(0),
        },
    }
}

/// Builds one `NodeTypeFit` per allowed type, in the order the scenario lists them.
fn node_type_fits(
    catalog: &Catalog,
    model: &NodeModel,
    region: &str,
    allowed: &[String],
    daemonset_overhead: &Resources,
    pod: &Resources,
    origin: &str,
) -> Result<(Vec<NodeTypeFit>, Vec<String>)> {
    let names: BTreeSet<String> = allowed.iter().cloned().collect();
    let offerings = catalog
        .offerings(model, region, Some(&names))
        .map_err(|error| Error::input(origin.to_string(), error.to_string()))?;

    let mut fits = Vec::with_capacity(allowed.len());
    let mut left_out = Vec::new();
    for name in allowed {
        let Some(offering) = offerings
            .iter()
            .find(|offering| &offering.instance_type.name == name)
        else {
            continue;
        };
        let Some(price) = offering.price_micros else {
            return Err(Error::input(
                origin.to_string(),
                t!(
                    "plan-no-price",
                    instance_type = name.clone(),
                    region = region.to_string()
                ),
            ));
        };
        let available = offering.allocatable.minus(daemonset_overhead);
        // A type too small for the DaemonSets alone can never hold a runner; the optimizer
        // rejects negative room, so it is left out and reported.
        let too_small =
            available.cpu_millis < 0 || available.memory_bytes < 0 || available.pods < 0;
        if too_small {
            left_out.push(name.clone());
            continue;
        }
        fits.push(NodeTypeFit {
            instance_type: name.clone(),
            capacity: offering.capacity.clone(),
            allocatable: offering.allocatable.clone(),
            pods_per_node: pods_per_node(&available, pod),
            available,
            price_micros_per_hour: price,
            price_verified: offering.price_verified,
            allocatable_measured: offering.allocatable_measured,
        });
    }
    if fits.is_empty() && !left_out.is_empty() {
        return Err(Error::input(
            origin.to_string(),
            t!("plan-no-usable-types", types = left_out.join(", ")),
        ));
    }
    Ok((fits, left_out))
}

/// Returns how many copies of `pod` fit in `available`, resource by resource.
pub fn pods_per_node(available: &Resources, pod: &Resources) -> u32 {
    let mut count = i64::MAX;
    for name in pod.names() {
        let requested = pod.get(&name);
        if requested > 0 {
            count = count.min(available.get(&name).max(0) / requested);
        }
    }
    u32::try_from(count.clamp(0, i64::from(u32::MAX))).unwrap_or(0)
}

/// Adds the cost per test run and the surplus-credit estimate of burstable nodes.
fn cost_plan(
    plan: Plan,
    catalog: &Catalog,
    sizing: &Sizing,
    load_curve: &[(u64, f64)],
) -> CostedPlan {
    let duration_millis = sizing.test_duration_millis;
    let instance_cost = cost_over(plan.cost_micros, duration_millis);

    let mut credit_charges = Vec::new();
    for (index, node) in plan.nodes.iter().enumerate() {
        let NodeSource::New { instance_type, .. } = &node.source else {
            continue;
        };
        let Some(instance) = catalog.get(instance_type) else {
            continue;
        };
        let Some(burstable) = &instance.burstable else {
            continue;
        };
        let vcpus = u32::try_from(instance.vcpu).unwrap_or(u32::MAX);
        let node_cpu = BurstableCpu {
            vcpus,
            baseline_cpu_millis: burstable.baseline_cpu_millis(instance.vcpu),
        };
        let runner_pods: i64 = node.pods.iter().map(|group| i64::from(group.count)).sum();
        let busy = sizing.cpu.busy_cpu_millis.saturating_mul(runner_pods);
        let mut charge = sizing::surplus_credits(busy, node_cpu, duration_millis);
        integrate_surplus(&mut charge, busy, node_cpu, load_curve);
        credit_charges.push(NodeCredit {
            node: format!("#{} {instance_type}", index + 1),
            instance_type: instance_type.clone(),
            charge,
        });
    }
    let credit_cost: i64 = credit_charges
        .iter()
        .map(|credit| credit.charge.cost_micros)
        .sum();

    CostedPlan {
        plan,
        instance_cost_per_run_micros: instance_cost,
        credit_cost_per_run_micros: credit_cost,
        total_cost_per_run_micros: instance_cost.saturating_add(credit_cost),
        credit_charges,
    }
}

/// Returns the load profile as (milliseconds, share of the peak rate) corners; the rate
/// changes linearly between them, as k6's ramping-arrival-rate stages do.
fn load_curve(scenario: &Scenario) -> Vec<(u64, f64)> {
    let profile = &scenario.profile;
    let peak = profile
        .stages
        .iter()
        .map(|stage| stage.target_rps)
        .chain(std::iter::once(profile.start_rps))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut corners = vec![(0, profile.start_rps as f64 / peak)];
    let mut millis: u64 = 0;
    for stage in &profile.stages {
        millis = millis.saturating_add(stage.duration_millis);
        corners.push((millis, stage.target_rps as f64 / peak));
    }
    corners
}

/// Replaces the charge's whole-run cost, which assumes peak CPU throughout, with the
/// surplus integrated over the load profile: busy CPU follows the rate, and only the part
/// above the baseline is charged. Sampled every second; an estimate like the rest.
fn integrate_surplus(
    charge: &mut CreditCharge,
    peak_busy_millis: i64,
    node: BurstableCpu,
    curve: &[(u64, f64)],
) {
    let capacity = f64::from(node.vcpus) * 1000.0;
    let baseline = node.baseline_cpu_millis as f64;
    let mut surplus_millicore_seconds = 0.0;
    for pair in curve.windows(2) {
        let ((start, from), (end, to)) = (pair[0], pair[1]);
        let seconds = end.saturating_sub(start) / 1000;
        for second in 0..seconds {
            let position = (second as f64 + 0.5) / seconds as f64;
            let share = from + (to - from) * position;
            let busy = (peak_busy_millis as f64 * share).clamp(0.0, capacity);
            surplus_millicore_seconds += (busy - baseline).max(0.0);
        }
    }
    let vcpu_hours = surplus_millicore_seconds / 1000.0 / 3600.0;
    let price = sizing::SURPLUS_PRICE_MICROS_PER_VCPU_HOUR as f64;
    charge.surplus_vcpu_hours = vcpu_hours;
    charge.cost_micros = (vcpu_hours * price).round() as i64;
}

/// Returns the cost of `micros_per_hour` over `duration_millis`, rounded up to a micro-dollar.
/// EC2 bills Linux on-demand instances per second, so a run is charged for its length.
fn cost_over(micros_per_hour: i64, duration_millis: u64) -> i64 {
    let total = i128::from(micros_per_hour) * i128::from(duration_millis);
    let hour_millis = 3_600_000_i128;
    i64::try_from((total + hour_millis - 1) / hour_millis).unwrap_or(i64::MAX)
}

fn check_proposals(
    scenario: &Scenario,
    node_types: &[NodeTypeFit],
    pods_needed: u32,
    region: &str,
    catalog: &Catalog,
) -> Result<Vec<ProposalCheck>> {
    let mut checks = Vec::new();
    for proposal in &scenario.nodes.proposals {
        let pods_per_node = match node_types
            .iter()
            .find(|fit| fit.instance_type == proposal.instance_type)
        {
            Some(fit) => fit.pods_per_node,
            None => {
                // A proposal may name a type the planner is not allowed to use.
                let model = scenario.node_model();
                let names = BTreeSet::from([proposal.instance_type.clone()]);
                let offerings = catalog
                    .offerings(model, region, Some(&names))
                    .map_err(|error| Error::input(scenario.origin.clone(), error.to_string()))?;
                let Some(offering) = offerings.first() else {
                    continue;
                };
                let available = offering.allocatable.minus(&scenario.daemonset_overhead());
                pods_per_node(&available, &scenario_pod(scenario))
            }
        };
        let pending = |nodes: u32| pods_needed.saturating_sub(nodes.saturating_mul(pods_per_node));
        checks.push(ProposalCheck {
            name: proposal.name.clone(),
            instance_type: proposal.instance_type.clone(),
            count: proposal.count,
            max_count: proposal.max_count,
            pods_per_node,
            pods_needed,
            pending_at_count: pending(proposal.count),
            pending_at_max_count: pending(proposal.max_count),
            nodes_needed: (pods_per_node > 0).then(|| pods_needed.div_ceil(pods_per_node)),
        });
    }
    Ok(checks)
}

fn scenario_pod(scenario: &Scenario) -> Resources {
    sizing::size(scenario).pod_requests()
}
