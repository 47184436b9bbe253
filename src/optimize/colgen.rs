//! Column generation: the LP relaxation over every node pattern without listing them
//! all, and the patterns whose reduced cost leaves room to beat a known plan.
//!
//! The restricted master LP is solved in its dual form, because microlp (through
//! good_lp or directly) returns primal values only: the dual's variables are the
//! prices of the master's rows, which the pricing knapsack needs. HiGHS, behind the
//! `highs` feature, solves the same dual form, so both backends share one path.

use std::collections::HashSet;
use std::time::Instant;

use good_lp::{Expression, ResolutionError, Solution, SolverModel, Variable, variable, variables};

use super::backend;
use super::model::Objective;
use super::patterns::{Pattern, Slot};
use super::pricing::{ListingLimits, ListingStopped, Packing, PatternFilter};
use super::{LimitKind, OptimizeError, Problem};

/// Reduced costs above −TOLERANCE (in the master's scaled units, where the largest
/// objective coefficient is 1) count as non-negative. microlp's own tolerances are
/// about 1e-9.
const TOLERANCE: f64 = 1e-9;

/// Maximum number of column generation rounds; each adds at most one column per slot.
const MAX_ROUNDS: usize = 500;

/// Patterns without duplicates, in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct Pool {
    pub patterns: Vec<Pattern>,
    seen: HashSet<Pattern>,
}

impl Pool {
    /// Adds `pattern` unless the pool has it; returns true when added.
    pub fn add(&mut self, pattern: Pattern) -> bool {
        if self.seen.contains(&pattern) {
            return false;
        }
        self.seen.insert(pattern.clone());
        self.patterns.push(pattern);
        true
    }
}

/// A row whose coefficient on a pattern depends only on the pattern's slot.
struct SlotRow {
    /// Coefficient per slot, in `Packing::slots` order.
    coefficients: Vec<f64>,
    rhs: f64,
}

/// The LP relaxation of one stage over all patterns: `MaxPlaced`, or `MinCost` with at
/// least `min_placed` pods. Rows are those of `Model::solve_stage` for the same stage
/// with the `max_count` caps on.
pub(crate) struct Master<'a> {
    packing: &'a Packing,
    objective: Objective,
    min_placed: Option<u32>,
    rows: Vec<SlotRow>,
    /// Objective coefficient per slot, divided by `objective_scale`.
    costs: Vec<f64>,
    /// Objective units (micro-USD for the cost, pods for the placed count) per master unit.
    objective_scale: f64,
    /// Upper bound on the new nodes of a plan without idle nodes: one pod each.
    max_new_nodes: f64,
}

/// A dual solution of the master: the prices of its rows.
#[derive(Debug, Clone)]
pub(crate) struct Duals {
    /// Price of one pod per group (the coverage rows), never negative.
    pub pod_prices: Vec<f64>,
    /// Per slot, the objective coefficient plus the priced slot rows: a pattern of the
    /// slot has negative reduced cost when its pods are worth more than this.
    pub slot_prices: Vec<f64>,
    /// The dual objective, in master units.
    value: f64,
}

/// The result of column generation.
#[derive(Debug, Clone)]
pub(crate) struct Relaxation {
    /// Lower bound on the stage's objective over every integer plan, in objective
    /// units; for `MaxPlaced` that objective is minus the placed pods.
    pub bound: f64,
    pub duals: Duals,
    /// False when the time limit or the round limit stopped the generation: `bound`
    /// is then valid but weaker than the LP optimum.
    pub converged: bool,
    /// Rounds run, each one master solve and one pricing pass.
    pub rounds: usize,
}

impl<'a> Master<'a> {
    /// Builds the master for `objective`, which must be `MaxPlaced` or `MinCost`.
    pub fn new(
        problem: &Problem,
        packing: &'a Packing,
        objective: Objective,
        min_placed: Option<u32>,
    ) -> Master<'a> {
        debug_assert!(matches!(
            objective,
            Objective::MaxPlaced | Objective::MinCost
        ));
        let slot_count = packing.slots.len();
        let usable: Vec<bool> = (0..slot_count)
            .map(|slot| (0..packing.group_count()).any(|group| packing.fits(slot, group)))
            .collect();
        let new_option = |slot: usize| match packing.slots[slot] {
            Slot::New(option) => Some(&problem.node_options[option]),
            Slot::Existing(_) => None,
        };
        let mut rows = Vec::new();

        for index in 0..problem.existing_nodes.len() {
            let coefficients = packing
                .slots
                .iter()
                .map(|&slot| f64::from(u8::from(slot == Slot::Existing(index))))
                .collect();
            rows.push(SlotRow {
                coefficients,
                rhs: 1.0,
            });
        }
        for (index, option) in problem.node_options.iter().enumerate() {
            let Some(cap) = option.max_count else {
                continue;
            };
            let coefficients = packing
                .slots
                .iter()
                .map(|&slot| f64::from(u8::from(slot == Slot::New(index))))
                .collect();
            rows.push(SlotRow {
                coefficients,
                rhs: f64::from(cap),
            });
        }
        for kind in LimitKind::ALL {
            let Some(limit) = kind.limit(&problem.limits) else {
                continue;
            };
            let remaining = limit.saturating_sub(kind.in_use(&problem.limits)).max(0);
            // The same row as the integer model: coefficients divided by their gcd and
            // the right-hand side rounded down, which keeps every integer solution and
            // gives the same LP bound as the full pattern model.
            let per_node: Vec<i64> = (0..slot_count)
                .map(|slot| match new_option(slot) {
                    Some(option) if usable[slot] => kind.per_node(option),
                    _ => 0,
                })
                .collect();
            let scale = per_node.iter().fold(0, |a, &b| gcd(a, b)).max(1);
            let largest = per_node
                .iter()
                .map(|&v| v / scale)
                .max()
                .unwrap_or(0)
                .max(1) as f64;
            rows.push(SlotRow {
                coefficients: per_node
                    .iter()
                    .map(|&v| (v / scale) as f64 / largest)
                    .collect(),
                rhs: remaining.div_euclid(scale) as f64 / largest,
            });
        }

        let (costs, objective_scale) = match objective {
            Objective::MinCost => {
                let prices: Vec<i64> = (0..slot_count)
                    .map(|slot| new_option(slot).map_or(0, |option| option.price_micros))
                    .collect();
                let scale = prices.iter().copied().max().unwrap_or(0).max(1) as f64;
                (prices.iter().map(|&p| p as f64 / scale).collect(), scale)
            }
            _ => (vec![0.0; slot_count], 1.0),
        };
        let total: u32 = packing.demand.iter().sum();
        Master {
            packing,
            objective,
            min_placed,
            rows,
            costs,
            objective_scale,
            max_new_nodes: f64::from(total),
        }
    }

    /// Runs column generation from the columns in `pool`, adding the priced columns
    /// to it, until no pattern has negative reduced cost or `deadline` passes.
    ///
    /// The pool must hold a plan that meets `min_placed`, or the master is infeasible.
    pub fn generate(
        &self,
        pool: &mut Pool,
        deadline: Instant,
    ) -> Result<Relaxation, OptimizeError> {
        let mut best: Option<Relaxation> = None;
        for round in 1..=MAX_ROUNDS {
            let duals = self.solve_dual(&pool.patterns, deadline)?;
            let mut added = 0;
            let mut min_reduced_new = 0.0f64;
            let mut existing_correction = 0.0;
            for slot in 0..self.packing.slots.len() {
                if !(0..self.packing.group_count()).any(|g| self.packing.fits(slot, g)) {
                    continue;
                }
                let (weight, counts) = self.packing.heaviest(slot, &duals.pod_prices);
                let reduced_cost = duals.slot_prices[slot] - weight;
                match self.packing.slots[slot] {
                    Slot::Existing(_) => existing_correction += reduced_cost.min(0.0),
                    Slot::New(_) => min_reduced_new = min_reduced_new.min(reduced_cost),
                }
                if reduced_cost < -TOLERANCE {
                    let slot = self.packing.slots[slot];
                    if pool.add(Pattern { slot, counts }) {
                        added += 1;
                    }
                }
            }
            // Lagrangian bound: every plan costs at least the dual value plus each node's
            // reduced cost, and a plan without idle nodes has at most one new node per
            // pod and uses each existing node once.
            let bound_units =
                duals.value + existing_correction + min_reduced_new * self.max_new_nodes;
            let relaxation = Relaxation {
                bound: bound_units * self.objective_scale,
                duals,
                converged: added == 0,
                rounds: round,
            };
            let better = best
                .as_ref()
                .is_none_or(|previous| relaxation.bound > previous.bound);
            let converged = relaxation.converged;
            if better || converged {
                best = Some(relaxation);
            } else if let Some(previous) = best.as_mut() {
                previous.rounds = round;
            }
            if converged || Instant::now() >= deadline {
                break;
            }
        }
        best.ok_or_else(|| OptimizeError::Solver {
            detail: "column generation ran no round".to_string(),
        })
    }

    /// Lists every maximal pattern that `keep` accepts and whose reduced cost under
    /// `duals` is at most `gap` objective units: the patterns a plan at most `gap`
    /// above the bound of `duals` can use. Stops at the first of `stop`'s limits.
    pub fn columns_within(
        &self,
        duals: &Duals,
        gap: f64,
        keep: &PatternFilter,
        stop: ListingLimits,
    ) -> Result<Vec<Pattern>, ListingStopped> {
        let gap_units = gap / self.objective_scale;
        let mut found = Vec::new();
        for slot in 0..self.packing.slots.len() {
            let min_weight = duals.slot_prices[slot] - gap_units;
            self.packing.worth_at_least(
                slot,
                &duals.pod_prices,
                min_weight,
                keep,
                stop,
                &mut found,
            )?;
        }
        Ok(found)
    }

    /// Returns the reduced cost of `pattern` under `duals`, in master units.
    pub fn reduced_cost(&self, duals: &Duals, pattern: &Pattern) -> f64 {
        let Some(slot) = self.packing.slot_index(pattern.slot) else {
            return f64::INFINITY;
        };
        duals.slot_prices[slot] - Packing::weight(&pattern.counts, &duals.pod_prices)
    }

    /// Returns the reduced cost of `pattern` under `duals`, in objective units
    /// (micro-USD for the cost).
    pub fn objective_reduced_cost(&self, duals: &Duals, pattern: &Pattern) -> f64 {
        self.reduced_cost(duals, pattern) * self.objective_scale
    }

    /// Solves the dual of the restricted master over `patterns`.
    ///
    /// Primal, minimized (`MaxPlaced` minimizes −Σ y):
    ///   Σ_p a_pg x_p − y_g ≥ 0 (price π_g), −y_g ≥ −n_g (ν_g), Σ y_g ≥ P (σ),
    ///   −Σ_p h_rp x_p ≥ −b_r (ρ_r), x, y ≥ 0.
    /// Dual (maximize σP − Σ n_g ν_g − Σ b_r ρ_r), all prices ≥ 0:
    ///   Σ_g a_pg π_g − Σ_r h_rp ρ_r ≤ c_p per pattern, σ − π_g − ν_g ≤ e_g per group,
    /// where e_g is the objective coefficient of y_g (−1 for `MaxPlaced`, else 0).
    fn solve_dual(&self, patterns: &[Pattern], deadline: Instant) -> Result<Duals, OptimizeError> {
        let group_count = self.packing.group_count();
        let mut vars = variables!();
        let pod_vars: Vec<Variable> = (0..group_count)
            .map(|_| vars.add(variable().min(0)))
            .collect();
        let demand_vars: Vec<Variable> = (0..group_count)
            .map(|_| vars.add(variable().min(0)))
            .collect();
        let placed_var = self.min_placed.map(|_| vars.add(variable().min(0)));
        let row_vars: Vec<Variable> = self
            .rows
            .iter()
            .map(|_| vars.add(variable().min(0)))
            .collect();

        let mut objective = Expression::from(0);
        if let (Some(var), Some(placed)) = (placed_var, self.min_placed) {
            objective.add_mul(f64::from(placed), var);
        }
        for (&var, &demand) in demand_vars.iter().zip(&self.packing.demand) {
            objective.add_mul(-f64::from(demand), var);
        }
        for (&var, row) in row_vars.iter().zip(&self.rows) {
            objective.add_mul(-row.rhs, var);
        }
        let seconds = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
            .max(1.0);
        let columns = vars.len();
        let mut model = backend::using(vars.maximise(objective), columns, seconds);

        for pattern in patterns {
            let Some(slot) = self.packing.slot_index(pattern.slot) else {
                continue;
            };
            let mut lhs = Expression::from(0);
            for (&count, &var) in pattern.counts.iter().zip(&pod_vars) {
                if count > 0 {
                    lhs.add_mul(f64::from(count), var);
                }
            }
            for (row, &var) in self.rows.iter().zip(&row_vars) {
                let coefficient = row.coefficients[slot];
                if coefficient != 0.0 {
                    lhs.add_mul(-coefficient, var);
                }
            }
            model = model.with(lhs.leq(self.costs[slot]));
        }
        let placed_coefficient = self.placed_coefficient();
        for group in 0..group_count {
            let mut lhs = Expression::from(0);
            if let Some(var) = placed_var {
                lhs.add_mul(1.0, var);
            }
            lhs.add_mul(-1.0, pod_vars[group]);
            lhs.add_mul(-1.0, demand_vars[group]);
            model = model.with(lhs.leq(placed_coefficient));
        }

        let solution = match model.solve() {
            Ok(solution) => solution,
            // An unbounded dual means an infeasible master. HiGHS may report the
            // dual only as "unbounded or infeasible", which good_lp names Infeasible,
            // and the dual cannot be infeasible: every pattern costs zero or more.
            Err(ResolutionError::Unbounded | ResolutionError::Infeasible) => {
                return Err(OptimizeError::Solver {
                    detail: "the restricted master LP has no feasible plan".to_string(),
                });
            }
            Err(error) => {
                return Err(OptimizeError::Solver {
                    detail: error.to_string(),
                });
            }
        };

        // Recompute the dual objective from clamped prices, with ν set to the smallest
        // value its rows allow. The value is then exactly that of a dual point whose
        // group rows hold, and pricing checks the pattern rows.
        let pod_prices: Vec<f64> = pod_vars
            .iter()
            .map(|&var| solution.value(var).max(0.0))
            .collect();
        let placed_price = placed_var.map_or(0.0, |var| solution.value(var).max(0.0));
        let row_prices: Vec<f64> = row_vars
            .iter()
            .map(|&var| solution.value(var).max(0.0))
            .collect();
        let mut value = placed_price * f64::from(self.min_placed.unwrap_or(0));
        for (group, &price) in pod_prices.iter().enumerate() {
            let demand_price = (placed_price - placed_coefficient - price).max(0.0);
            value -= demand_price * f64::from(self.packing.demand[group]);
        }
        for (row, &price) in self.rows.iter().zip(&row_prices) {
            value -= row.rhs * price;
        }
        let slot_prices = (0..self.packing.slots.len())
            .map(|slot| {
                self.costs[slot]
                    + self
                        .rows
                        .iter()
                        .zip(&row_prices)
                        .map(|(row, &price)| row.coefficients[slot] * price)
                        .sum::<f64>()
            })
            .collect();
        Ok(Duals {
            pod_prices,
            slot_prices,
            value,
        })
    }

    /// Returns e_g, the objective coefficient of a placed pod in the minimized form.
    fn placed_coefficient(&self) -> f64 {
        match self.objective {
            Objective::MaxPlaced => -1.0,
            _ => 0.0,
        }
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
