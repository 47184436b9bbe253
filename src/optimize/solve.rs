//! The exact planner: a lexicographic sequence of integer programs over node patterns.

use std::time::{Duration, Instant};

use super::dominance::{self, Pruned};
use super::greedy::greedy_nodes;
use super::model::{Model, Objective, Stage, StageOutcome};
use super::patterns::{self, Pattern, Slot};
use super::{
    GroupCount, NodeSource, OptimizeError, Plan, PlannedNode, PoolUsage, Problem, SolveStatus,
    shortfall,
};

/// Maximum number of pods in one problem. It is far above a sharded load test and low
/// enough that the greedy packing (pods × NodeClaims) and the pattern counts stay small.
pub(crate) const MAX_PODS: u32 = 20_000;

/// Tolerance for reading integer objective values back from the solver's floats.
const EPSILON: f64 = 1e-6;

/// Finds the node plan that places the most pods, then costs least per hour, then
/// uses the fewest new nodes, then prefers instance types earlier in name order.
///
/// Each criterion is its own integer program that keeps the earlier ones at their
/// optimum as constraints, so no weighted objective can trade one against another.
/// When `problem.time_limit` runs out the best plan found so far is returned with
/// [`SolveStatus::TimeLimit`]. Explaining unplaced pods gets a second budget of the
/// same length.
pub fn solve(problem: &Problem) -> Result<Plan, OptimizeError> {
    validate(problem)?;
    let deadline = deadline_after(problem.time_limit);
    let pruned = dominance::prune(problem);
    let work = &pruned.problem;
    let patterns = patterns::enumerate(work)?;
    let model = Model::with_ranks(work, &patterns, pruned.name_rank.clone());
    let mut search = Search {
        model: &model,
        deadline,
        best: greedy_start(problem, &pruned, &patterns),
        stopped: false,
        placed_proven: false,
    };

    search.advance(Objective::MaxPlaced, Bounds::default())?;
    search.placed_proven = !search.stopped;
    let placed = search.placed();
    let bounds = Bounds {
        min_placed: Some(placed),
        ..Bounds::default()
    };
    search.advance(Objective::MinCost, bounds)?;
    let cost = model
        .objective_value(Objective::MinCost, &search.best)
        .round() as i64;
    let bounds = Bounds {
        max_cost_micros: Some(cost),
        ..bounds
    };
    search.advance(Objective::MinNodes, bounds)?;
    let nodes = model
        .objective_value(Objective::MinNodes, &search.best)
        .round() as i64;
    if problem.node_options.len() > 1 {
        let bounds = Bounds {
            max_new_nodes: Some(nodes),
            ..bounds
        };
        search.advance(Objective::MinNameRank, bounds)?;
    }

    let lower_bound = relaxation(&model, Objective::MinCost, Some(placed), deadline)?
        .map(|bound| (bound - EPSILON).ceil() as i64);
    let status = if search.stopped {
        let pods_gap = if search.placed_proven {
            0
        } else {
            relaxation(&model, Objective::MaxPlaced, None, deadline)?
                .map(|bound| ((bound + EPSILON).floor() as u32).saturating_sub(placed))
                .unwrap_or(0)
        };
        SolveStatus::TimeLimit {
            cost_gap_micros: lower_bound.map_or(0, |bound| (cost - bound).max(0)),
            pods_gap,
        }
    } else {
        SolveStatus::Optimal
    };

    let nodes = extract_nodes(work, &patterns, &search.best);
    let mut plan = assemble(work, nodes, status, lower_bound);
    if !plan.places_all() {
        let explain_deadline = deadline_after(problem.time_limit);
        plan.shortfalls = shortfall::explain(problem, &model, plan.placed_pods, explain_deadline)?;
    }
    Ok(plan)
}

/// Bounds that earlier stages fix for later ones.
#[derive(Debug, Clone, Copy, Default)]
struct Bounds {
    min_placed: Option<u32>,
    max_cost_micros: Option<i64>,
    max_new_nodes: Option<i64>,
}

/// The incumbent across stages and whether the time limit stopped the search.
struct Search<'a> {
    model: &'a Model<'a>,
    deadline: Instant,
    /// Pattern counts, then placed pods per group; starts at Karpenter's greedy plan.
    best: Vec<f64>,
    stopped: bool,
    placed_proven: bool,
}

impl Search<'_> {
    /// Runs one stage from the incumbent, unless the time limit already stopped the search.
    fn advance(&mut self, objective: Objective, bounds: Bounds) -> Result<(), OptimizeError> {
        if self.stopped {
            return Ok(());
        }
        let seconds = seconds_left(self.deadline);
        if seconds <= 0.0 {
            self.stopped = true;
            return Ok(());
        }
        let stage = Stage {
            objective,
            limits: &self.model.problem.limits,
            max_counts: true,
            min_placed: bounds.min_placed,
            max_cost_micros: bounds.max_cost_micros,
            max_new_nodes: bounds.max_new_nodes,
            relaxed: false,
            warm_start: Some(&self.best),
            seconds,
        };
        match self.model.solve_stage(&stage)? {
            StageOutcome::Solved(solution) => {
                self.best = solution.values;
                self.stopped = !solution.proven;
            }
            StageOutcome::TimedOut => self.stopped = true,
            // The incumbent satisfies every bound of this stage, so the model is feasible.
            StageOutcome::Infeasible => {
                return Err(OptimizeError::Solver {
                    detail: format!("{objective:?} stage reported infeasible"),
                });
            }
        }
        Ok(())
    }

    fn placed(&self) -> u32 {
        let placed = self.model.objective_value(Objective::MaxPlaced, &self.best);
        placed.round() as u32
    }
}

/// Expresses Karpenter's greedy plan in pattern counts, the first incumbent.
///
/// Every node of that plan fits inside some maximal pattern of the same node, because
/// the enumeration visits every fill up to the demand. The greedy plan keeps the
/// NodePool limits (it subtracts the largest candidate's capacity) and `max_count`, so
/// the point is feasible. A node without a pattern only leaves its pods out of the start.
///
/// The greedy plan runs on the original options; a node of a pruned option becomes a
/// node of the option that dominates it, which holds the same pods.
fn greedy_start(problem: &Problem, pruned: &Pruned, patterns: &[Pattern]) -> Vec<f64> {
    let group_count = problem.pod_groups.len();
    let mut values = vec![0.0; patterns.len() + group_count];
    for (slot, counts) in greedy_nodes(problem) {
        let slot = match slot {
            Slot::New(option) => Slot::New(pruned.replacement[option]),
            existing => existing,
        };
        let container = patterns.iter().position(|pattern| {
            pattern.slot == slot && pattern.counts.iter().zip(&counts).all(|(p, c)| p >= c)
        });
        if let Some(index) = container {
            values[index] += 1.0;
            for (group, &count) in counts.iter().enumerate() {
                values[patterns.len() + group] += f64::from(count);
            }
        }
    }
    values
}

/// Returns now + `limit`, capped at one day so the solver's own timer cannot overflow.
fn deadline_after(limit: Duration) -> Instant {
    Instant::now() + limit.min(Duration::from_secs(86_400))
}

fn seconds_left(deadline: Instant) -> f64 {
    deadline
        .saturating_duration_since(Instant::now())
        .as_secs_f64()
}

/// Solves the LP relaxation of `objective`; `None` when it has no solution in time.
fn relaxation(
    model: &Model,
    objective: Objective,
    min_placed: Option<u32>,
    deadline: Instant,
) -> Result<Option<f64>, OptimizeError> {
    // The relaxation takes milliseconds on pattern models, so it runs even when the
    // integer stages used up the time limit.
    let seconds = seconds_left(deadline).max(1.0);
    let stage = Stage {
        objective,
        limits: &model.problem.limits,
        max_counts: true,
        min_placed,
        max_cost_micros: None,
        max_new_nodes: None,
        relaxed: true,
        warm_start: None,
        seconds,
    };
    Ok(match model.solve_stage(&stage)? {
        StageOutcome::Solved(solution) => Some(solution.objective),
        StageOutcome::Infeasible | StageOutcome::TimedOut => None,
    })
}

/// Turns pattern counts into nodes, filling existing nodes first and handing out
/// only the pods the solution places (a pattern may have more room than it gets).
fn extract_nodes(problem: &Problem, patterns: &[Pattern], values: &[f64]) -> Vec<(Slot, Vec<u32>)> {
    let group_count = problem.pod_groups.len();
    let mut left: Vec<u32> = values[patterns.len()..]
        .iter()
        .map(|&placed| placed.round().max(0.0) as u32)
        .collect();

    let mut chosen: Vec<(&Pattern, u32)> = patterns
        .iter()
        .zip(values)
        .filter_map(|(pattern, &count)| {
            let count = count.round().max(0.0) as u32;
            (count > 0).then_some((pattern, count))
        })
        .collect();
    chosen.sort_by(|(a, _), (b, _)| {
        slot_key(problem, a.slot)
            .cmp(&slot_key(problem, b.slot))
            .then(b.counts.cmp(&a.counts))
    });

    let mut nodes = Vec::new();
    for (pattern, count) in chosen {
        for _ in 0..count {
            let pods: Vec<u32> = (0..group_count)
                .map(|group| {
                    let take = pattern.counts[group].min(left[group]);
                    left[group] -= take;
                    take
                })
                .collect();
            if pods.iter().any(|&count| count > 0) {
                nodes.push((pattern.slot, pods));
            }
        }
    }
    nodes
}

/// Orders existing nodes before new ones, each by name.
fn slot_key(problem: &Problem, slot: Slot) -> (u8, &str) {
    match slot {
        Slot::Existing(index) => (0, problem.existing_nodes[index].name.as_str()),
        Slot::New(index) => (1, problem.node_options[index].instance_type.as_str()),
    }
}

/// Builds a plan from nodes and their pods per group, computing totals and headroom.
pub(crate) fn assemble(
    problem: &Problem,
    nodes: Vec<(Slot, Vec<u32>)>,
    status: SolveStatus,
    lower_bound_micros: Option<i64>,
) -> Plan {
    let groups = &problem.pod_groups;
    let mut placed_per_group = vec![0u32; groups.len()];
    let mut planned = Vec::with_capacity(nodes.len());
    let mut cost_micros = 0i64;
    let mut new_nodes = 0u32;
    let mut added_capacity = PoolUsage::default();

    for (slot, counts) in nodes {
        let mut requested = crate::quantity::Resources::default();
        let mut pods = Vec::new();
        for (group, &count) in groups.iter().zip(&counts) {
            if count > 0 {
                requested.add(&group.requests.times(i64::from(count)));
                pods.push(GroupCount {
                    group: group.name.clone(),
                    count,
                });
            }
        }
        for (total, &count) in placed_per_group.iter_mut().zip(&counts) {
            *total += count;
        }
        let (source, room) = match slot {
            Slot::Existing(index) => {
                let node = &problem.existing_nodes[index];
                let source = NodeSource::Existing {
                    name: node.name.clone(),
                };
                (source, &node.free)
            }
            Slot::New(index) => {
                let option = &problem.node_options[index];
                cost_micros = cost_micros.saturating_add(option.price_micros);
                new_nodes += 1;
                added_capacity.cpu_millis += option.capacity.cpu_millis;
                added_capacity.memory_bytes += option.capacity.memory_bytes;
                added_capacity.nodes += 1;
                let source = NodeSource::New {
                    instance_type: option.instance_type.clone(),
                    price_micros: option.price_micros,
                };
                (source, &option.allocatable)
            }
        };
        planned.push(PlannedNode {
            source,
            pods,
            headroom: room.minus(&requested),
            requested,
        });
    }

    let unplaced = groups
        .iter()
        .zip(&placed_per_group)
        .filter(|(group, placed)| group.count > **placed)
        .map(|(group, placed)| GroupCount {
            group: group.name.clone(),
            count: group.count - placed,
        })
        .collect();
    Plan {
        nodes: planned,
        status,
        total_pods: groups.iter().map(|group| group.count).sum(),
        placed_pods: placed_per_group.iter().sum(),
        new_nodes,
        cost_micros,
        lower_bound_micros,
        added_capacity,
        unplaced,
        shortfalls: Vec::new(),
    }
}

/// Rejects negative amounts, which no real request, node or price has.
pub(crate) fn validate(problem: &Problem) -> Result<(), OptimizeError> {
    let negative = |subject: &str, field: &'static str| OptimizeError::Negative {
        subject: subject.to_string(),
        field,
    };
    for group in &problem.pod_groups {
        if has_negative(&group.requests) {
            return Err(negative(&group.name, "requests"));
        }
    }
    for option in &problem.node_options {
        if has_negative(&option.allocatable) {
            return Err(negative(&option.instance_type, "allocatable"));
        }
        if has_negative(&option.capacity) {
            return Err(negative(&option.instance_type, "capacity"));
        }
        if option.price_micros < 0 {
            return Err(negative(&option.instance_type, "price"));
        }
    }
    let total: u64 = problem
        .pod_groups
        .iter()
        .map(|group| u64::from(group.count))
        .sum();
    if total > u64::from(MAX_PODS) {
        return Err(OptimizeError::TooManyPods { limit: MAX_PODS });
    }
    let usage = &problem.limits.in_use;
    if usage.cpu_millis < 0 || usage.memory_bytes < 0 || usage.nodes < 0 {
        return Err(negative("NodePool", "status.resources"));
    }
    Ok(())
}

fn has_negative(resources: &crate::quantity::Resources) -> bool {
    resources.cpu_millis < 0
        || resources.memory_bytes < 0
        || resources.ephemeral_storage_bytes < 0
        || resources.pods < 0
        || resources.extended.values().any(|&amount| amount < 0)
}
