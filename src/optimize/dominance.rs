//! Dominance pruning: a node option that another option beats on every count the
//! integer program sees can never be part of an optimal plan, so it is left out.

use super::model::name_ranks;
use super::{LimitKind, NodeOption, Problem};

/// A problem without its dominated node options, and the way back to the original.
pub(crate) struct Pruned {
    pub problem: Problem,
    /// For each original option, the index in `problem` of itself or of a kept option
    /// that dominates it.
    pub replacement: Vec<usize>,
    /// Name-order rank of each kept option among all the original options.
    pub name_rank: Vec<usize>,
}

/// Removes every node option dominated by another.
///
/// Option `u` dominates `t` when one node of `u` can stand in for one node of `t` in
/// any solution without making any stage of the objective worse: `u` has no
/// `max_count`; it holds every multiset of pods `t` holds (at least `t`'s allocatable
/// in each resource a pod requests, and no negative room where `t` has none); it adds
/// no more to any set cpu or memory limit; and it comes first in (price, name order),
/// the order the cost and tie-break stages minimize. Ranks stay those of the full
/// list, so the name-order stage keeps its values.
pub(crate) fn prune(problem: &Problem) -> Pruned {
    let ranks = name_ranks(problem);
    let count = problem.node_options.len();
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&option| (problem.node_options[option].price_micros, ranks[option]));

    let mut kept: Vec<usize> = Vec::new();
    let mut replacement_original = vec![0usize; count];
    for &option in &order {
        let dominator = kept
            .iter()
            .copied()
            .find(|&candidate| dominates(problem, candidate, option));
        match dominator {
            Some(dominator) => replacement_original[option] = dominator,
            None => {
                replacement_original[option] = option;
                kept.push(option);
            }
        }
    }
    // Keep the original relative order of the surviving options.
    kept.sort_unstable();
    let mut position = vec![usize::MAX; count];
    for (new_index, &original) in kept.iter().enumerate() {
        position[original] = new_index;
    }
    let replacement = replacement_original
        .iter()
        .map(|&original| position[original])
        .collect();
    let pruned = Problem {
        pod_groups: problem.pod_groups.clone(),
        node_options: kept
            .iter()
            .map(|&original| problem.node_options[original].clone())
            .collect(),
        existing_nodes: problem.existing_nodes.clone(),
        limits: problem.limits.clone(),
        time_limit: problem.time_limit,
    };
    Pruned {
        problem: pruned,
        replacement,
        name_rank: kept.iter().map(|&original| ranks[original]).collect(),
    }
}

/// Returns true when option `u` dominates option `t`; `u` must come first in
/// (price, name order), which the caller's iteration guarantees.
fn dominates(problem: &Problem, u: usize, t: usize) -> bool {
    let (better, worse): (&NodeOption, &NodeOption) =
        (&problem.node_options[u], &problem.node_options[t]);
    if better.max_count.is_some() {
        return false;
    }
    for kind in [LimitKind::Cpu, LimitKind::Memory] {
        if kind.limit(&problem.limits).is_some() && kind.per_node(better) > kind.per_node(worse) {
            return false;
        }
    }
    let requested = |amount: fn(&crate::quantity::Resources) -> i64| {
        problem
            .pod_groups
            .iter()
            .any(|group| amount(&group.requests) > 0)
    };
    let room_at_least = |better_room: i64, worse_room: i64, is_requested: bool| {
        if is_requested {
            better_room >= worse_room
        } else {
            // A resource no pod requests only matters when its room is negative.
            worse_room < 0 || better_room >= 0
        }
    };
    let (a, b) = (&better.allocatable, &worse.allocatable);
    let scalar: [fn(&crate::quantity::Resources) -> i64; 4] = [
        |r| r.cpu_millis,
        |r| r.memory_bytes,
        |r| r.ephemeral_storage_bytes,
        |r| r.pods,
    ];
    if !scalar
        .iter()
        .all(|&amount| room_at_least(amount(a), amount(b), requested(amount)))
    {
        return false;
    }
    let keys = a.extended.keys().chain(b.extended.keys()).chain(
        problem
            .pod_groups
            .iter()
            .flat_map(|g| g.requests.extended.keys()),
    );
    for key in keys {
        let is_requested = problem
            .pod_groups
            .iter()
            .any(|group| group.requests.extended.get(key).copied().unwrap_or(0) > 0);
        let better_room = a.extended.get(key).copied().unwrap_or(0);
        let worse_room = b.extended.get(key).copied().unwrap_or(0);
        if !room_at_least(better_room, worse_room, is_requested) {
            return false;
        }
    }
    true
}
