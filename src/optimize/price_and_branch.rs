//! The planner for problems with too many patterns to list (price and branch). Column
//! generation gives the LP bound and a pattern pool, and rounding the LP gives a plan.
//! The integer program then runs over every pattern that could still beat that plan.
//!
//! A pattern with reduced cost r under the duals of a bound B appears only in plans
//! that cost at least B + r. Let C be the best known plan's cost. When the patterns
//! with r ≤ C − B can all be listed, an integer program over them that finishes is
//! optimal over all patterns. So are the node-count and name-order stages, which keep
//! the cost.

use std::time::Instant;

use super::colgen::{Master, Pool, Relaxation};
use super::dominance::Pruned;
use super::greedy::greedy_nodes;
use super::model::{Model, Objective};
use super::patterns::{Pattern, Slot};
use super::pricing::{ListingLimits, ListingStopped, Packing, PatternFilter};
use super::solve::{
    Bounds, EPSILON, Outcome, Search, express, extract_nodes, greedy_nodes_of, relaxed_point,
};
use super::{LimitKind, OptimizeError, PoolUsage, Problem, SolveStatus};

/// Share of the time left that the integer program over the generated columns gets
/// before the patterns within the gap are listed.
const POOL_SHARE: f64 = 0.4;

/// Number of patterns of least reduced cost that a short integer program searches
/// for a cheaper plan when more patterns than this lie within the gap.
const HEURISTIC_PATTERNS: usize = 2_000;

/// Share of the time left for that short integer program.
const HEURISTIC_SHARE: f64 = 0.25;

/// Listings are ranked by reduced cost up to this many times the proof's limit.
/// Beyond that the listing stops and the plan from the pool is kept.
const WIDE_LISTING: usize = 5;

/// Nodes of a plan: the slot and the pods per group on it.
type Nodes = Vec<(Slot, Vec<u32>)>;

/// Result of the first stage: the number of placed pods and its proof.
struct Placed {
    count: u32,
    /// Whether no plan places more.
    proven: bool,
    /// Largest count the LP relaxation allows.
    upper_bound: u32,
}

/// Solves `pruned.problem` by column generation; `problem` is the unpruned original,
/// on which Karpenter's greedy plan gives the first incumbent. A proof lists at most
/// `max_listed` patterns.
pub(crate) fn solve(
    problem: &Problem,
    pruned: &Pruned,
    max_listed: usize,
    deadline: Instant,
) -> Result<Outcome, OptimizeError> {
    let work = &pruned.problem;
    let packing = Packing::new(work);
    let mut incumbent = greedy_nodes_of(problem, pruned);
    let mut pool = Pool::default();
    seed(&packing, &incumbent, &mut pool);

    let placed = maximize_placed(
        pruned,
        &packing,
        &mut pool,
        &mut incumbent,
        max_listed,
        deadline,
    )?;

    let master = Master::new(work, &packing, Objective::MinCost, Some(placed.count));
    let relaxation = master.generate(&mut pool, deadline)?;
    tracing::debug!(
        rounds = relaxation.rounds,
        columns = pool.patterns.len(),
        bound_micros = relaxation.bound,
        converged = relaxation.converged,
        "column generation for the cost"
    );
    let search = CostSearch {
        pruned,
        packing: &packing,
        master: &master,
        relaxation: &relaxation,
        min_placed: placed.count,
        max_listed,
        deadline,
    };
    search.improve(&pool, &mut incumbent)?;
    let proof = search.prove(&pool, &mut incumbent)?;

    let cost_micros = cost(work, &incumbent);
    let (values, stages_stopped) = {
        let mut model = Model::with_ranks(work, &proof.patterns, pruned.name_rank.clone());
        if proof.complete {
            model = model.with_pattern_caps(search.pattern_caps(&proof.patterns, cost_micros));
        }
        let start = express(work, &incumbent, &proof.patterns);
        let mut stages = Search::new(&model, deadline, start);
        stages.after_cost(placed.count, cost_micros)?;
        (stages.best, stages.stopped)
    };

    let lower_bound = cost_bound(relaxation.bound).min(cost_micros);
    let cost_proven = proof.proven && proof.complete;
    let cost_gap_micros = if cost_proven {
        0
    } else {
        cost_micros - lower_bound
    };
    let pods_gap = if placed.proven {
        0
    } else {
        placed.upper_bound.saturating_sub(placed.count)
    };
    let status = if placed.proven && cost_proven && !stages_stopped {
        SolveStatus::Optimal
    } else if stages_stopped || proof.timed_out {
        SolveStatus::TimeLimit {
            cost_gap_micros,
            pods_gap,
        }
    } else {
        SolveStatus::Bounded {
            cost_gap_micros,
            pods_gap,
        }
    };
    Ok(Outcome {
        patterns: proof.patterns,
        values,
        status,
        lower_bound: Some(lower_bound),
        all_patterns: false,
    })
}

/// The cost stage: improving the incumbent and proving it cheapest.
struct CostSearch<'a> {
    pruned: &'a Pruned,
    packing: &'a Packing,
    master: &'a Master<'a>,
    relaxation: &'a Relaxation,
    min_placed: u32,
    max_listed: usize,
    deadline: Instant,
}

/// The patterns the later stages run over, and what the cost stage proved.
struct CostProof {
    patterns: Vec<Pattern>,
    /// Whether `patterns` contains every pattern a plan as cheap as the incumbent can use.
    complete: bool,
    /// Whether the integer program over `patterns` proved the incumbent cheapest.
    proven: bool,
    timed_out: bool,
}

impl CostSearch<'_> {
    /// Improves the incumbent by rounding the LP optimum over the pool, then by integer
    /// programs over the pool on part of the time left. The closer the plan is to the
    /// bound, the fewer patterns a proof lists.
    fn improve(&self, pool: &Pool, incumbent: &mut Nodes) -> Result<(), OptimizeError> {
        let work = &self.pruned.problem;
        let rounded = round_lp(
            self.pruned,
            self.packing,
            pool,
            self.min_placed,
            self.deadline,
        )?;
        tracing::debug!(
            rounded_micros = rounded.as_ref().map(|nodes| cost(work, nodes)),
            incumbent_micros = cost(work, incumbent),
            "rounded LP"
        );
        if let Some(rounded) = rounded
            && cost(work, &rounded) < cost(work, incumbent)
        {
            *incumbent = rounded;
        }
        // Each cheaper plan adds its nodes, made maximal, to the patterns, and those
        // often combine into a cheaper plan still.
        loop {
            let patterns = with_nodes(self.packing, pool.patterns.clone(), incumbent);
            if !self.cheaper_over(&patterns, incumbent, POOL_SHARE)? {
                return Ok(());
            }
        }
    }

    /// Lists the patterns that can beat the incumbent and runs the cost stage over them.
    ///
    /// While there are more than `HEURISTIC_PATTERNS`, a short integer program over the
    /// ones of least reduced cost looks for a cheaper plan first. Each plan it finds
    /// narrows the gap and the listing. Past `max_listed` patterns no proof is tried.
    fn prove(&self, pool: &Pool, incumbent: &mut Nodes) -> Result<CostProof, OptimizeError> {
        let work = &self.pruned.problem;
        let stand_ins = stand_ins(work, self.packing, &self.pruned.name_rank);
        let undominated = |slot: usize, counts: &[u32], used: &[i64]| {
            !stand_ins[slot]
                .iter()
                .any(|&other| self.packing.has_room_for(other, counts, used))
        };
        let unproven = |incumbent: &Nodes, timed_out: bool| CostProof {
            patterns: with_nodes(self.packing, pool.patterns.clone(), incumbent),
            complete: false,
            proven: false,
            timed_out,
        };
        loop {
            let wide_limit = self.max_listed.saturating_mul(WIDE_LISTING);
            let listing = self.within_gap(cost(work, incumbent), &undominated, wide_limit);
            tracing::debug!(
                listed = listing.as_ref().map_or(usize::MAX, Vec::len),
                "patterns within the gap"
            );
            let mut within = match listing {
                Ok(within) => within,
                Err(stopped) => {
                    return Ok(unproven(incumbent, stopped == ListingStopped::TimedOut));
                }
            };
            if within.len() > HEURISTIC_PATTERNS {
                let mut scored: Vec<(f64, Pattern)> = within
                    .into_iter()
                    .map(|pattern| (self.least_cost_with(&pattern), pattern))
                    .collect();
                scored.sort_by(|a, b| a.0.total_cmp(&b.0));
                within = scored.into_iter().map(|(_, pattern)| pattern).collect();
                let best = with_nodes(
                    self.packing,
                    within[..HEURISTIC_PATTERNS].to_vec(),
                    incumbent,
                );
                if self.cheaper_over(&best, incumbent, HEURISTIC_SHARE)? {
                    continue;
                }
            }
            if within.len() > self.max_listed {
                return Ok(unproven(incumbent, Instant::now() >= self.deadline));
            }

            let patterns = with_nodes(self.packing, within, incumbent);
            let (proven, timed_out) = {
                let caps = self.pattern_caps(&patterns, cost(work, incumbent));
                let model = Model::with_ranks(work, &patterns, self.pruned.name_rank.clone())
                    .with_pattern_caps(caps);
                let start = express(work, incumbent, &patterns);
                let mut search = Search::new(&model, self.deadline, start);
                let bounds = Bounds {
                    min_placed: Some(self.min_placed),
                    ..Bounds::default()
                };
                search.advance(Objective::MinCost, bounds)?;
                let nodes = extract_nodes(work, &patterns, &search.best);
                if placed(&nodes) >= self.min_placed && cost(work, &nodes) <= cost(work, incumbent)
                {
                    *incumbent = nodes;
                }
                (search.last_proven, search.stopped)
            };
            return Ok(CostProof {
                patterns,
                complete: true,
                proven,
                timed_out,
            });
        }
    }

    /// Lists the maximal patterns that `keep` accepts and that a plan costing at most
    /// `cost_micros` can use. Fails past `limit`.
    fn within_gap(
        &self,
        cost_micros: i64,
        keep: &PatternFilter,
        limit: usize,
    ) -> Result<Vec<Pattern>, ListingStopped> {
        // One micro-USD more than the gap keeps plans that tie the incumbent despite
        // the floating-point error of the bound.
        let gap = (cost_micros as f64 - self.relaxation.bound).max(0.0) + 1.0;
        let stop = ListingLimits {
            max_patterns: limit,
            deadline: self.deadline,
        };
        self.master
            .columns_within(&self.relaxation.duals, gap, keep, stop)
    }

    /// Returns the least cost of a plan that uses `pattern`: the bound plus the
    /// pattern's reduced cost.
    fn least_cost_with(&self, pattern: &Pattern) -> f64 {
        let duals = &self.relaxation.duals;
        self.relaxation.bound + self.master.objective_reduced_cost(duals, pattern)
    }

    /// Returns, per pattern, the most nodes a plan costing at most `cost_micros` can
    /// build from it: the plan costs at least the bound plus each node's reduced cost,
    /// so a pattern of reduced cost r > 0 fits at most (cost − bound) / r times.
    fn pattern_caps(&self, patterns: &[Pattern], cost_micros: i64) -> Vec<u32> {
        // The extra micro-USD absorbs the floating-point error of the bound, as in the listing.
        let gap = (cost_micros as f64 - self.relaxation.bound).max(0.0) + 1.0;
        let duals = &self.relaxation.duals;
        patterns
            .iter()
            .map(|pattern| {
                let reduced = self.master.objective_reduced_cost(duals, pattern);
                if reduced > 0.0 {
                    (gap / reduced).floor().min(f64::from(u32::MAX)) as u32
                } else {
                    u32::MAX
                }
            })
            .collect()
    }

    /// Runs the cost stage over `patterns` on `share` of the time left and keeps a
    /// cheaper plan that places enough pods. Returns whether it found one.
    fn cheaper_over(
        &self,
        patterns: &[Pattern],
        incumbent: &mut Nodes,
        share: f64,
    ) -> Result<bool, OptimizeError> {
        let work = &self.pruned.problem;
        let model = Model::with_ranks(work, patterns, self.pruned.name_rank.clone());
        let start = express(work, incumbent, patterns);
        let mut search = Search::new(&model, part_of(self.deadline, share), start);
        let bounds = Bounds {
            min_placed: Some(self.min_placed),
            ..Bounds::default()
        };
        search.advance(Objective::MinCost, bounds)?;
        let nodes = extract_nodes(work, patterns, &search.best);
        let cheaper =
            placed(&nodes) >= self.min_placed && cost(work, &nodes) < cost(work, incumbent);
        if cheaper {
            *incumbent = nodes;
        }
        Ok(cheaper)
    }
}

/// Fills the pool with the incumbent's nodes, made maximal, and for every slot and
/// group the pattern that starts with as many pods of that group as fit.
fn seed(packing: &Packing, incumbent: &Nodes, pool: &mut Pool) {
    for pattern in maximal_patterns(packing, incumbent) {
        pool.add(pattern);
    }
    for slot in 0..packing.slots.len() {
        for group in 0..packing.group_count() {
            if let Some(counts) = packing.single_group(slot, group) {
                pool.add(Pattern {
                    slot: packing.slots[slot],
                    counts,
                });
            }
        }
    }
}

/// Finds the most pods any plan places, starting from the incumbent's count.
fn maximize_placed(
    pruned: &Pruned,
    packing: &Packing,
    pool: &mut Pool,
    incumbent: &mut Nodes,
    max_listed: usize,
    deadline: Instant,
) -> Result<Placed, OptimizeError> {
    let work = &pruned.problem;
    let placeable: u32 = (0..packing.group_count())
        .filter(|&group| (0..packing.slots.len()).any(|slot| packing.fits(slot, group)))
        .map(|group| packing.demand[group])
        .sum();
    let current = placed(incumbent);
    if current >= placeable {
        return Ok(Placed {
            count: current,
            proven: true,
            upper_bound: current,
        });
    }

    let master = Master::new(work, packing, Objective::MaxPlaced, None);
    let relaxation = master.generate(pool, deadline)?;
    // The bound is on minus the placed pods.
    let upper_bound = ((-relaxation.bound + EPSILON).floor().max(0.0) as u32).min(placeable);
    let patterns = with_nodes(packing, pool.patterns.clone(), incumbent);
    let (nodes, _) = best_placed(pruned, &patterns, incumbent, deadline)?;
    *incumbent = nodes;
    let count = placed(incumbent);
    if count >= upper_bound {
        return Ok(Placed {
            count,
            proven: true,
            upper_bound,
        });
    }

    // A plan with one more pod has objective −(count + 1), so it only uses patterns
    // with reduced cost up to −(count + 1) minus the bound.
    let gap = -(f64::from(count) + 1.0) - relaxation.bound;
    let mut proven = false;
    let every = |_: usize, _: &[u32], _: &[i64]| true;
    let stop = ListingLimits {
        max_patterns: max_listed,
        deadline,
    };
    let listing = master.columns_within(&relaxation.duals, gap, &every, stop);
    if let Ok(within) = listing {
        let patterns = with_nodes(packing, within, incumbent);
        let (nodes, finished) = best_placed(pruned, &patterns, incumbent, deadline)?;
        *incumbent = nodes;
        proven = finished;
    }
    Ok(Placed {
        count: placed(incumbent),
        proven,
        upper_bound,
    })
}

/// Runs the placed-pods stage over `patterns` from `start`; returns the best plan and
/// whether the solver proved it optimal over those patterns.
fn best_placed(
    pruned: &Pruned,
    patterns: &[Pattern],
    start: &Nodes,
    deadline: Instant,
) -> Result<(Nodes, bool), OptimizeError> {
    let work = &pruned.problem;
    let model = Model::with_ranks(work, patterns, pruned.name_rank.clone());
    let mut search = Search::new(&model, deadline, express(work, start, patterns));
    search.advance(Objective::MaxPlaced, Bounds::default())?;
    let nodes = extract_nodes(work, patterns, &search.best);
    Ok((nodes, search.last_proven))
}

/// Returns the instant after `share` of the time left before `deadline`.
fn part_of(deadline: Instant, share: f64) -> Instant {
    let now = Instant::now();
    now + deadline.saturating_duration_since(now).mul_f64(share)
}

/// Rounds the LP optimum over the pool down and packs the remaining pods with
/// Karpenter's greedy packing, within what the rounded nodes leave of every limit.
/// Returns `None` when the result places fewer than `min_placed` pods.
fn round_lp(
    pruned: &Pruned,
    packing: &Packing,
    pool: &Pool,
    min_placed: u32,
    deadline: Instant,
) -> Result<Option<Nodes>, OptimizeError> {
    let work = &pruned.problem;
    let model = Model::with_ranks(work, &pool.patterns, pruned.name_rank.clone());
    let Some((_, values)) = relaxed_point(&model, Objective::MinCost, Some(min_placed), deadline)?
    else {
        return Ok(None);
    };

    let mut left = packing.demand.clone();
    let mut nodes: Nodes = Vec::new();
    for (pattern, &count) in pool.patterns.iter().zip(&values) {
        for _ in 0..(count + EPSILON).floor() as u32 {
            let pods: Vec<u32> = pattern
                .counts
                .iter()
                .zip(left.iter_mut())
                .map(|(&room, left)| {
                    let take = room.min(*left);
                    *left -= take;
                    take
                })
                .collect();
            if pods.iter().any(|&count| count > 0) {
                nodes.push((pattern.slot, pods));
            }
        }
    }

    let mut residual = work.clone();
    for (group, count) in residual.pod_groups.iter_mut().zip(&left) {
        group.count = *count;
    }
    for (slot, _) in &nodes {
        match *slot {
            Slot::Existing(index) => {
                // No pod fits a node with negative room, whatever it requests.
                let free = &mut residual.existing_nodes[index].free;
                *free = crate::quantity::Resources {
                    cpu_millis: -1,
                    memory_bytes: -1,
                    ephemeral_storage_bytes: -1,
                    pods: -1,
                    ..crate::quantity::Resources::default()
                };
            }
            Slot::New(index) => {
                let option = &mut residual.node_options[index];
                option.max_count = option.max_count.map(|cap| cap.saturating_sub(1));
                let usage: &mut PoolUsage = &mut residual.limits.in_use;
                usage.cpu_millis += option.capacity.cpu_millis;
                usage.memory_bytes += option.capacity.memory_bytes;
                usage.nodes += 1;
            }
        }
    }
    nodes.extend(greedy_nodes(&residual));
    Ok((placed(&nodes) >= min_placed).then_some(nodes))
}

/// Lists, per slot, the new-node slots that can take over any of its nodes they have
/// room for and so make the plan better. Such a slot comes first in (price, name rank),
/// has no `max_count`, and adds no more to a set cpu or memory limit. A pattern that
/// one of them has room for is in no optimal plan, because moving that node would
/// improve it.
fn stand_ins(problem: &Problem, packing: &Packing, name_rank: &[usize]) -> Vec<Vec<usize>> {
    let option_of = |slot: usize| match packing.slots[slot] {
        Slot::New(index) => Some(index),
        Slot::Existing(_) => None,
    };
    (0..packing.slots.len())
        .map(|slot| {
            let Some(worse) = option_of(slot) else {
                return Vec::new();
            };
            let worse_node = &problem.node_options[worse];
            (0..packing.slots.len())
                .filter(|&other| {
                    let Some(better) = option_of(other) else {
                        return false;
                    };
                    let better_node = &problem.node_options[better];
                    let first = (better_node.price_micros, name_rank[better])
                        < (worse_node.price_micros, name_rank[worse]);
                    let within_limits = [LimitKind::Cpu, LimitKind::Memory].iter().all(|kind| {
                        kind.limit(&problem.limits).is_none()
                            || kind.per_node(better_node) <= kind.per_node(worse_node)
                    });
                    first && better_node.max_count.is_none() && within_limits
                })
                .collect()
        })
        .collect()
}

/// Returns `patterns` plus the maximal patterns of `nodes` it lacks, so the nodes can
/// be expressed in it.
fn with_nodes(packing: &Packing, patterns: Vec<Pattern>, nodes: &Nodes) -> Vec<Pattern> {
    let mut pool = Pool::default();
    for pattern in patterns {
        pool.add(pattern);
    }
    for pattern in maximal_patterns(packing, nodes) {
        pool.add(pattern);
    }
    pool.patterns
}

/// Returns each node's pods, topped up to a maximal pattern of its slot.
fn maximal_patterns(packing: &Packing, nodes: &Nodes) -> Vec<Pattern> {
    nodes
        .iter()
        .filter_map(|(slot, counts)| {
            let index = packing.slot_index(*slot)?;
            let mut counts = counts.clone();
            packing.maximalize(index, &mut counts);
            Some(Pattern {
                slot: *slot,
                counts,
            })
        })
        .collect()
}

fn placed(nodes: &Nodes) -> u32 {
    nodes.iter().flat_map(|(_, counts)| counts).sum()
}

/// Returns the price per hour of the new nodes.
fn cost(problem: &Problem, nodes: &Nodes) -> i64 {
    nodes
        .iter()
        .filter_map(|(slot, _)| match slot {
            Slot::New(index) => Some(problem.node_options[*index].price_micros),
            Slot::Existing(_) => None,
        })
        .sum()
}

/// Rounds the cost bound up to whole micro-USD, less a margin for the floating-point
/// error of the dual values.
fn cost_bound(bound: f64) -> i64 {
    let margin = EPSILON + 1e-9 * bound.abs();
    (bound - margin).ceil().max(0.0) as i64
}
