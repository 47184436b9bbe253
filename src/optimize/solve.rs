//! The exact planner: a lexicographic sequence of integer programs over node patterns.

use std::time::{Duration, Instant};

use super::dominance::{self, Pruned};
use super::greedy::greedy_nodes;
use super::model::{Model, Objective, Stage, StageOutcome};
use super::patterns::{self, Pattern, Slot};
use super::{
    GroupCount, NodeSource, OptimizeError, Plan, PlannedNode, PoolUsage, Problem, SolveStatus,
    price_and_branch, shortfall,
};

/// Maximum number of pods in one problem. It is far above a sharded load test and low
/// enough that the greedy packing (pods × NodeClaims) and the pattern counts stay small.
pub(crate) const MAX_PODS: u32 = 20_000;

/// Tolerance for reading integer objective values back from the solver's floats.
pub(crate) const EPSILON: f64 = 1e-6;

/// Pattern counts that decide how a problem is solved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PatternLimits {
    /// Problems with at most this many maximal patterns are solved over all of them.
    /// Larger ones go to column generation (`price_and_branch`), whose listing within
    /// the gap has far fewer patterns: 26 instead of 706 for three pod shapes over the
    /// full catalog, where the tie-break stages over all 706 ran past 1 s.
    pub direct: usize,
    /// Maximum number of patterns column generation lists to prove a plan optimal.
    pub listed: usize,
}

impl Default for PatternLimits {
    fn default() -> PatternLimits {
        PatternLimits {
            direct: 100,
            listed: patterns::MAX_PATTERNS,
        }
    }
}

/// Finds the node plan that places the most pods, then costs least per hour, then
/// uses the fewest new nodes, then prefers instance types earlier in name order.
///
/// Each criterion is its own integer program that keeps the earlier ones at their
/// optimum as constraints, so no weighted objective can trade one against another.
/// Small problems list every maximal pattern. Larger ones generate patterns by column
/// generation and prove optimality only when every pattern that could improve on the
/// plan can be listed. When `problem.time_limit` runs out the best plan found so far
/// is returned with [`SolveStatus::TimeLimit`]. A plan that could not be proven
/// optimal for another reason gets [`SolveStatus::Bounded`]. Explaining unplaced pods
/// gets a second budget of the same length.
pub fn solve(problem: &Problem) -> Result<Plan, OptimizeError> {
    solve_with(problem, PatternLimits::default())
}

/// Solves with explicit pattern limits; `direct: 0` always uses column generation.
pub(crate) fn solve_with(problem: &Problem, limits: PatternLimits) -> Result<Plan, OptimizeError> {
    validate(problem)?;
    let deadline = deadline_after(problem.time_limit);
    let pruned = dominance::prune(problem);
    let work = &pruned.problem;
    let listing = patterns::enumerate(work, limits.direct);
    tracing::debug!(
        solver = super::SOLVER,
        options = work.node_options.len(),
        listed = listing.as_ref().map_or(0, Vec::len),
        "pattern listing"
    );
    let outcome = match listing {
        Ok(patterns) => solve_listed(problem, &pruned, patterns, deadline)?,
        Err(OptimizeError::TooManyPatterns { .. }) => {
            price_and_branch::solve(problem, &pruned, limits.listed, deadline)?
        }
        Err(error) => return Err(error),
    };

    let nodes = extract_nodes(work, &outcome.patterns, &outcome.values);
    let mut plan = assemble(work, nodes, outcome.status, outcome.lower_bound);
    if !plan.places_all() {
        // The explanations lift limits, so they need patterns beyond those of the plan:
        // every maximal pattern when they can be listed.
        let (patterns, all_patterns) = if outcome.all_patterns {
            (outcome.patterns, true)
        } else {
            match patterns::enumerate(work, limits.listed) {
                Ok(all) => (all, true),
                Err(_) => (outcome.patterns, false),
            }
        };
        let model = Model::with_ranks(work, &patterns, pruned.name_rank.clone());
        let explain_deadline = deadline_after(problem.time_limit);
        plan.shortfalls = shortfall::explain(
            problem,
            &model,
            plan.placed_pods,
            all_patterns,
            explain_deadline,
        )?;
    }
    Ok(plan)
}

/// The end state of a solve: the patterns of the last integer program, the best point
/// over them (pattern counts, then placed pods per group) and what is proven about it.
pub(crate) struct Outcome {
    pub patterns: Vec<Pattern>,
    pub values: Vec<f64>,
    pub status: SolveStatus,
    pub lower_bound: Option<i64>,
    /// Whether `patterns` contains every maximal pattern, so other integer programs over
    /// them (the shortfall explanations) are exact too.
    pub all_patterns: bool,
}

/// Runs the four stages over every maximal pattern.
fn solve_listed(
    problem: &Problem,
    pruned: &Pruned,
    patterns: Vec<Pattern>,
    deadline: Instant,
) -> Result<Outcome, OptimizeError> {
    let work = &pruned.problem;
    let model = Model::with_ranks(work, &patterns, pruned.name_rank.clone());
    let start = express(work, &greedy_nodes_of(problem, pruned), &patterns);
    let mut search = Search::new(&model, deadline, start);

    search.advance(Objective::MaxPlaced, Bounds::default())?;
    search.placed_proven = !search.stopped;
    let placed = search.placed();
    let bounds = Bounds {
        min_placed: Some(placed),
        ..Bounds::default()
    };
    search.advance(Objective::MinCost, bounds)?;
    let cost_proven = search.last_proven;
    let cost = model
        .objective_value(Objective::MinCost, &search.best)
        .round() as i64;
    search.after_cost(placed, cost)?;

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
        let cost_gap_micros = if cost_proven {
            0
        } else {
            lower_bound.map_or(0, |bound| (cost - bound).max(0))
        };
        if search.failed {
            SolveStatus::Bounded {
                cost_gap_micros,
                pods_gap,
            }
        } else {
            SolveStatus::TimeLimit {
                cost_gap_micros,
                pods_gap,
            }
        }
    } else {
        SolveStatus::Optimal
    };
    let values = search.best;
    Ok(Outcome {
        patterns,
        values,
        status,
        lower_bound,
        all_patterns: true,
    })
}

/// Bounds that earlier stages fix for later ones.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Bounds {
    pub min_placed: Option<u32>,
    pub max_cost_micros: Option<i64>,
    pub max_new_nodes: Option<i64>,
}

/// The incumbent across stages and whether the time limit stopped the search.
pub(crate) struct Search<'a> {
    model: &'a Model<'a>,
    deadline: Instant,
    /// Pattern counts, then placed pods per group.
    pub best: Vec<f64>,
    pub stopped: bool,
    /// Whether a solver failure, not the time limit, stopped the search.
    pub failed: bool,
    /// Whether the last stage run was proven optimal over the model's patterns.
    pub last_proven: bool,
    pub placed_proven: bool,
}

impl<'a> Search<'a> {
    pub fn new(model: &'a Model<'a>, deadline: Instant, start: Vec<f64>) -> Search<'a> {
        Search {
            model,
            deadline,
            best: start,
            stopped: false,
            failed: false,
            last_proven: false,
            placed_proven: false,
        }
    }

    /// Runs one stage from the incumbent, unless the time limit already stopped the search.
    ///
    /// The stage admits only plans better than the incumbent by at least one unit of the
    /// objective, so when it finds none the incumbent is proven optimal.
    pub fn advance(&mut self, objective: Objective, bounds: Bounds) -> Result<(), OptimizeError> {
        self.last_proven = false;
        if self.stopped {
            return Ok(());
        }
        let seconds = seconds_left(self.deadline);
        if seconds <= 0.0 {
            self.stopped = true;
            return Ok(());
        }
        let incumbent = self.model.objective_value(objective, &self.best).round() as i64;
        let stage = Stage {
            objective,
            limits: &self.model.problem.limits,
            max_counts: true,
            min_placed: bounds.min_placed,
            max_cost_micros: bounds.max_cost_micros,
            max_new_nodes: bounds.max_new_nodes,
            relaxed: false,
            // The incumbent violates `better_than`, so it cannot start the search.
            better_than: Some(incumbent),
            seconds,
        };
        let outcome = self.model.solve_stage(&stage)?;
        tracing::debug!(
            ?objective,
            incumbent,
            patterns = self.model.patterns.len(),
            seconds_used = seconds - seconds_left(self.deadline),
            outcome = match &outcome {
                StageOutcome::Solved(solution) if solution.proven => "better, proven",
                StageOutcome::Solved(_) => "better, not proven",
                StageOutcome::Infeasible => "incumbent proven",
                StageOutcome::TimedOut => "timed out",
                StageOutcome::Failed => "solver failed",
            },
            "integer stage"
        );
        match outcome {
            StageOutcome::Solved(solution) => {
                self.best = solution.values;
                self.stopped = !solution.proven;
                self.last_proven = solution.proven;
            }
            StageOutcome::TimedOut => self.stopped = true,
            StageOutcome::Failed => {
                self.stopped = true;
                self.failed = true;
            }
            // Every plan of the stage is at most as good as the incumbent, which meets
            // all of the stage's other bounds.
            StageOutcome::Infeasible => self.last_proven = true,
        }
        Ok(())
    }

    /// Runs the stages after the cost: nodes, then name order.
    pub fn after_cost(&mut self, placed: u32, cost_micros: i64) -> Result<(), OptimizeError> {
        let model = self.model;
        let bounds = Bounds {
            min_placed: Some(placed),
            max_cost_micros: Some(cost_micros),
            ..Bounds::default()
        };
        self.advance(Objective::MinNodes, bounds)?;
        let nodes = model
            .objective_value(Objective::MinNodes, &self.best)
            .round() as i64;
        if model.problem.node_options.len() > 1 {
            let bounds = Bounds {
                max_new_nodes: Some(nodes),
                ..bounds
            };
            self.advance(Objective::MinNameRank, bounds)?;
        }
        Ok(())
    }

    pub fn placed(&self) -> u32 {
        let placed = self.model.objective_value(Objective::MaxPlaced, &self.best);
        placed.round() as u32
    }
}

/// Runs Karpenter's greedy packing on the original options and moves each node of a
/// pruned option to the option that dominates it, which fits the same pods.
pub(crate) fn greedy_nodes_of(problem: &Problem, pruned: &Pruned) -> Vec<(Slot, Vec<u32>)> {
    greedy_nodes(problem)
        .into_iter()
        .map(|(slot, counts)| match slot {
            Slot::New(option) => (Slot::New(pruned.replacement[option]), counts),
            existing => (existing, counts),
        })
        .collect()
}

/// Expresses a plan's nodes in pattern counts, then placed pods per group.
///
/// Each node counts toward the first pattern of its slot that contains its pods. For
/// Karpenter's greedy plan over all maximal patterns one always exists, because the
/// enumeration visits every fill up to the demand. The greedy plan keeps the NodePool
/// limits (it subtracts the largest candidate's capacity) and `max_count`, so the
/// point is feasible. A node without a pattern only leaves its pods out.
pub(crate) fn express(
    problem: &Problem,
    nodes: &[(Slot, Vec<u32>)],
    patterns: &[Pattern],
) -> Vec<f64> {
    let group_count = problem.pod_groups.len();
    let mut values = vec![0.0; patterns.len() + group_count];
    for (slot, counts) in nodes {
        let container = patterns.iter().position(|pattern| {
            pattern.slot == *slot && pattern.counts.iter().zip(counts).all(|(p, c)| p >= c)
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

pub(crate) fn seconds_left(deadline: Instant) -> f64 {
    deadline
        .saturating_duration_since(Instant::now())
        .as_secs_f64()
}

/// Solves the LP relaxation of `objective`; `None` when it has no solution in time.
pub(crate) fn relaxation(
    model: &Model,
    objective: Objective,
    min_placed: Option<u32>,
    deadline: Instant,
) -> Result<Option<f64>, OptimizeError> {
    Ok(relaxed_point(model, objective, min_placed, deadline)?.map(|(value, _)| value))
}

/// Solves the LP relaxation of `objective` and returns its value and its point.
pub(crate) fn relaxed_point(
    model: &Model,
    objective: Objective,
    min_placed: Option<u32>,
    deadline: Instant,
) -> Result<Option<(f64, Vec<f64>)>, OptimizeError> {
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
        better_than: None,
        seconds,
    };
    Ok(match model.solve_stage(&stage)? {
        StageOutcome::Solved(solution) => Some((solution.objective, solution.values)),
        StageOutcome::Infeasible | StageOutcome::TimedOut | StageOutcome::Failed => None,
    })
}

/// Turns pattern counts into nodes, filling existing nodes first and handing out
/// only the pods the solution places (a pattern may have more room than it gets).
pub(crate) fn extract_nodes(
    problem: &Problem,
    patterns: &[Pattern],
    values: &[f64],
) -> Vec<(Slot, Vec<u32>)> {
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
