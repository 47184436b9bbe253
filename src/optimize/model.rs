//! One stage of the lexicographic objective as a good_lp integer program.

use good_lp::{Expression, ResolutionError, Solution, SolverModel, Variable, variable, variables};

use super::backend;
use super::patterns::{Pattern, Slot};
use super::{LimitKind, Limits, OptimizeError, Problem};

/// The quantity a stage optimizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Objective {
    /// Maximize the number of pods placed.
    MaxPlaced,
    /// Minimize the price of the new nodes.
    MinCost,
    /// Minimize the number of new nodes.
    MinNodes,
    /// Minimize the sum of the new nodes' positions in instance type name order.
    MinNameRank,
    /// Minimize what the new nodes add to one NodePool limit.
    MinUsage(LimitKind),
}

/// One integer program: an objective, the limits in force and the bounds that
/// earlier stages fixed.
#[derive(Debug, Clone)]
pub(crate) struct Stage<'a> {
    pub objective: Objective,
    pub limits: &'a Limits,
    /// Whether the per-type `max_count` caps apply.
    pub max_counts: bool,
    pub min_placed: Option<u32>,
    pub max_cost_micros: Option<i64>,
    pub max_new_nodes: Option<i64>,
    /// Solves the LP relaxation (continuous variables) instead.
    pub relaxed: bool,
    /// Admits only points at least one unit better than this objective value, so an
    /// infeasible outcome proves a plan of this value optimal. The objective is an
    /// integer (pods, or the gcd-scaled price, node count and rank sums). The solver's
    /// own pruning does not use that, because it only drops branches whose LP bound
    /// reaches the incumbent, not those within one unit of it.
    pub better_than: Option<i64>,
    pub seconds: f64,
}

/// A stage's solution: pattern counts, then placed pods per group.
#[derive(Debug, Clone)]
pub(crate) struct StageSolution {
    pub values: Vec<f64>,
    pub proven: bool,
    /// Objective value in the objective's own unit (pods, micros, nodes, rank, limit unit).
    pub objective: f64,
}

#[derive(Debug, Clone)]
pub(crate) enum StageOutcome {
    Solved(StageSolution),
    Infeasible,
    /// The time limit ran out before any feasible point was found.
    TimedOut,
    /// The solver stopped on a numerical failure, such as microlp's "Singular matrix",
    /// with no point. The incumbent is still a valid plan, only not proven.
    Failed,
}

/// The patterns with the data every stage shares.
pub(crate) struct Model<'a> {
    pub problem: &'a Problem,
    pub patterns: &'a [Pattern],
    /// Position of each node option's instance type in name order.
    pub name_rank: Vec<usize>,
    /// Per pattern, the most nodes any plan worth considering builds from it; `None`
    /// leaves only the slot's own limits.
    pub pattern_caps: Option<Vec<u32>>,
}

impl<'a> Model<'a> {
    /// Builds the model with ranks computed on a larger option list, so removing
    /// options does not change the name-order objective's values.
    pub fn with_ranks(
        problem: &'a Problem,
        patterns: &'a [Pattern],
        name_rank: Vec<usize>,
    ) -> Model<'a> {
        Model {
            problem,
            patterns,
            name_rank,
            pattern_caps: None,
        }
    }

    /// Caps the nodes of each pattern, one entry per pattern.
    pub fn with_pattern_caps(mut self, caps: Vec<u32>) -> Model<'a> {
        debug_assert_eq!(caps.len(), self.patterns.len());
        self.pattern_caps = Some(caps);
        self
    }

    pub fn total_pods(&self) -> u32 {
        self.problem
            .pod_groups
            .iter()
            .map(|group| group.count)
            .sum()
    }

    /// Returns the per-node coefficient of `objective` for pattern `pattern`, in the objective's unit.
    pub fn coefficient(&self, objective: Objective, pattern: &Pattern) -> i64 {
        let Slot::New(option) = pattern.slot else {
            return 0;
        };
        let node = &self.problem.node_options[option];
        match objective {
            Objective::MaxPlaced => 0,
            Objective::MinCost => node.price_micros,
            Objective::MinNodes => 1,
            Objective::MinNameRank => i64::try_from(self.name_rank[option]).unwrap_or(i64::MAX),
            Objective::MinUsage(kind) => kind.per_node(node),
        }
    }

    /// Builds and solves one stage.
    pub fn solve_stage(&self, stage: &Stage) -> Result<StageOutcome, OptimizeError> {
        let total = self.total_pods();
        let mut vars = variables!();

        let pattern_vars: Vec<Variable> = self
            .patterns
            .iter()
            .enumerate()
            .map(|(index, pattern)| {
                let slot_upper = match pattern.slot {
                    Slot::Existing(_) => 1,
                    Slot::New(option) => {
                        let cap = self.problem.node_options[option].max_count;
                        match cap {
                            Some(cap) if stage.max_counts => cap.min(total),
                            _ => total,
                        }
                    }
                };
                let upper = self
                    .pattern_caps
                    .as_ref()
                    .map_or(slot_upper, |caps| caps[index].min(slot_upper));
                vars.add(bounded(stage.relaxed, upper))
            })
            .collect();
        let placed_vars: Vec<Variable> = self
            .problem
            .pod_groups
            .iter()
            .map(|group| vars.add(bounded(stage.relaxed, group.count)))
            .collect();

        // Scaling each row by the gcd of its coefficients keeps microlp's numbers small
        // (prices of 150400 and 300800 micros become 1 and 2) without changing the
        // integer solutions.
        let objective_expression = match stage.objective {
            Objective::MaxPlaced => placed_vars
                .iter()
                .fold(Expression::from(0), |sum, v| sum + *v),
            other => self.weighted_sum(other, &pattern_vars).0,
        };
        let columns = vars.len();
        let unsolved = if stage.objective == Objective::MaxPlaced {
            vars.maximise(objective_expression.clone())
        } else {
            vars.minimise(objective_expression.clone())
        };
        let mut model = backend::using(unsolved, columns, stage.seconds);

        for (group, &placed) in placed_vars.iter().enumerate() {
            let mut covered = Expression::from(0);
            for (pattern, &count) in self.patterns.iter().zip(&pattern_vars) {
                let per_node = pattern.counts[group];
                if per_node > 0 {
                    covered.add_mul(f64::from(per_node), count);
                }
            }
            model = model.with(covered.geq(placed));
        }

        for existing in 0..self.problem.existing_nodes.len() {
            let mut used = Expression::from(0);
            for (pattern, &count) in self.patterns.iter().zip(&pattern_vars) {
                if pattern.slot == Slot::Existing(existing) {
                    used.add_mul(1.0, count);
                }
            }
            model = model.with(used.leq(1.0));
        }

        if stage.max_counts {
            for (option, node) in self.problem.node_options.iter().enumerate() {
                let Some(cap) = node.max_count else { continue };
                let mut launched = Expression::from(0);
                for (pattern, &count) in self.patterns.iter().zip(&pattern_vars) {
                    if pattern.slot == Slot::New(option) {
                        launched.add_mul(1.0, count);
                    }
                }
                model = model.with(launched.leq(f64::from(cap)));
            }
        }

        for kind in LimitKind::ALL {
            let Some(limit) = kind.limit(stage.limits) else {
                continue;
            };
            let remaining = limit.saturating_sub(kind.in_use(stage.limits)).max(0);
            let (usage, scale) = self.weighted_sum(Objective::MinUsage(kind), &pattern_vars);
            model = model.with(usage.leq(scaled_floor(remaining, scale)));
        }

        if let Some(value) = stage.better_than {
            model = match stage.objective {
                Objective::MaxPlaced => {
                    let placed = placed_vars
                        .iter()
                        .fold(Expression::from(0), |sum, v| sum + *v);
                    model.with(placed.geq(value.saturating_add(1) as f64))
                }
                other => {
                    let (sum, scale) = self.weighted_sum(other, &pattern_vars);
                    model.with(sum.leq(scaled_floor(value.saturating_sub(1), scale)))
                }
            };
        }
        if let Some(min_placed) = stage.min_placed {
            let placed = placed_vars
                .iter()
                .fold(Expression::from(0), |sum, v| sum + *v);
            model = model.with(placed.geq(f64::from(min_placed)));
        }
        if let Some(max_cost) = stage.max_cost_micros {
            let (cost, scale) = self.weighted_sum(Objective::MinCost, &pattern_vars);
            model = model.with(cost.leq(scaled_floor(max_cost, scale)));
        }
        if let Some(max_nodes) = stage.max_new_nodes {
            let (nodes, _) = self.weighted_sum(Objective::MinNodes, &pattern_vars);
            model = model.with(nodes.leq(max_nodes as f64));
        }

        let solution = match model.solve() {
            Ok(solution) => solution,
            Err(ResolutionError::Infeasible) => return Ok(StageOutcome::Infeasible),
            Err(error) if backend::timed_out(&error) => return Ok(StageOutcome::TimedOut),
            Err(error) => {
                tracing::warn!(
                    solver = backend::SOLVER,
                    objective = ?stage.objective,
                    relaxed = stage.relaxed,
                    %error,
                    "solver failed on one stage; keeping the best plan found so far"
                );
                return Ok(StageOutcome::Failed);
            }
        };

        let proven = backend::proven(solution.status());
        let values: Vec<f64> = pattern_vars
            .iter()
            .chain(&placed_vars)
            .map(|&v| {
                let value = solution.value(v);
                if stage.relaxed { value } else { value.round() }
            })
            .collect();
        let objective = self.objective_value(stage.objective, &values);
        Ok(StageOutcome::Solved(StageSolution {
            values,
            proven,
            objective,
        }))
    }

    /// Evaluates `objective` at `values` in the objective's own unit.
    pub fn objective_value(&self, objective: Objective, values: &[f64]) -> f64 {
        match objective {
            Objective::MaxPlaced => values[self.patterns.len()..].iter().sum(),
            other => self
                .patterns
                .iter()
                .zip(values)
                .map(|(pattern, &count)| self.coefficient(other, pattern) as f64 * count)
                .sum(),
        }
    }

    /// Returns Σ coefficient/scale × count over the patterns, and the scale (the gcd
    /// of the coefficients, or 1).
    fn weighted_sum(&self, objective: Objective, pattern_vars: &[Variable]) -> (Expression, i64) {
        let scale = self
            .patterns
            .iter()
            .map(|pattern| self.coefficient(objective, pattern))
            .fold(0, gcd)
            .max(1);
        let mut sum = Expression::from(0);
        for (pattern, &count) in self.patterns.iter().zip(pattern_vars) {
            let coefficient = self.coefficient(objective, pattern) / scale;
            if coefficient != 0 {
                sum.add_mul(coefficient as f64, count);
            }
        }
        (sum, scale)
    }
}

fn bounded(relaxed: bool, upper: u32) -> good_lp::VariableDefinition {
    let definition = variable().min(0).max(f64::from(upper));
    if relaxed {
        definition
    } else {
        definition.integer()
    }
}

/// Returns ⌊value / scale⌋ as f64, so an integer row scaled by `scale` keeps its integer solutions.
fn scaled_floor(value: i64, scale: i64) -> f64 {
    value.div_euclid(scale) as f64
}

fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Returns each node option's position in instance type name order (then price).
pub(crate) fn name_ranks(problem: &Problem) -> Vec<usize> {
    let mut order: Vec<usize> = (0..problem.node_options.len()).collect();
    order.sort_by(|&a, &b| {
        let (left, right) = (&problem.node_options[a], &problem.node_options[b]);
        left.instance_type
            .cmp(&right.instance_type)
            .then(left.price_micros.cmp(&right.price_micros))
    });
    let mut name_rank = vec![0; order.len()];
    for (rank, &option) in order.iter().enumerate() {
        name_rank[option] = rank;
    }
    name_rank
}
