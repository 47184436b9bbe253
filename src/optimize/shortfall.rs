//! Reasons for unplaced pods, and the smallest change that places them all.

use std::time::Instant;

use crate::quantity::{ResourceName, Resources};

use super::model::{Model, Objective, Stage, StageOutcome};
use super::patterns::copies_that_fit;
use super::{LimitChange, LimitKind, Limits, OptimizeError, Problem, ResourceExcess, Shortfall};

/// Explains a plan that places `placed` of the problem's pods.
///
/// Pods too large for every node are reported first. For the rest, each NodePool limit
/// is lifted alone and the smallest value that places every pod is searched for
/// (several limits give alternatives). When no single limit suffices, all are lifted
/// and the cheapest plan that places every pod gives the values needed.
///
/// `all_patterns` says whether the model contains every maximal pattern. When it does
/// not, a needed value still places every pod but is not claimed minimal, and a
/// `max_count` cause cannot be told from a missing pattern.
pub(crate) fn explain(
    problem: &Problem,
    model: &Model,
    placed: u32,
    all_patterns: bool,
    deadline: Instant,
) -> Result<Vec<Shortfall>, OptimizeError> {
    let mut shortfalls = pods_too_large(problem);
    let too_large: u32 = shortfalls
        .iter()
        .map(|shortfall| match shortfall {
            Shortfall::PodTooLarge { pods, .. } => *pods,
            _ => 0,
        })
        .sum();
    let placeable = model.total_pods() - too_large;
    if placed >= placeable {
        return Ok(shortfalls);
    }

    let unlimited = Limits {
        in_use: problem.limits.in_use.clone(),
        ..Limits::default()
    };
    match model.solve_stage(&stage(Objective::MaxPlaced, &unlimited, None, deadline))? {
        StageOutcome::Solved(solution) if solution.objective.round() as u32 >= placeable => {}
        StageOutcome::Solved(solution) if solution.proven && all_patterns => {
            shortfalls.push(Shortfall::MaxCountReached {
                placeable_without_limits: solution.objective.round() as u32,
            });
            return Ok(shortfalls);
        }
        _ => {
            shortfalls.push(Shortfall::Unexplained);
            return Ok(shortfalls);
        }
    }

    let set_limits: Vec<LimitKind> = LimitKind::ALL
        .into_iter()
        .filter(|kind| kind.limit(&problem.limits).is_some())
        .collect();
    let mut single_found = false;
    for &kind in &set_limits {
        let mut lifted = problem.limits.clone();
        kind.set(&mut lifted, None);
        let outcome = model.solve_stage(&stage(
            Objective::MinUsage(kind),
            &lifted,
            Some(placeable),
            deadline,
        ))?;
        if let StageOutcome::Solved(solution) = outcome {
            single_found = true;
            shortfalls.push(Shortfall::LimitTooLow {
                limit: kind,
                current: kind.limit(&problem.limits).unwrap_or(0),
                needed: kind.in_use(&problem.limits) + solution.objective.round() as i64,
                proven_minimal: solution.proven && all_patterns,
            });
        }
    }
    if single_found {
        return Ok(shortfalls);
    }

    match model.solve_stage(&stage(
        Objective::MinCost,
        &unlimited,
        Some(placeable),
        deadline,
    ))? {
        StageOutcome::Solved(solution) => {
            let changes = set_limits
                .iter()
                .filter_map(|&kind| {
                    let current = kind.limit(&problem.limits)?;
                    let usage = model.objective_value(Objective::MinUsage(kind), &solution.values);
                    let needed = kind.in_use(&problem.limits) + usage.round() as i64;
                    (needed > current).then_some(LimitChange {
                        limit: kind,
                        current,
                        needed,
                    })
                })
                .collect();
            shortfalls.push(Shortfall::LimitsTooLow { changes });
        }
        StageOutcome::Infeasible | StageOutcome::TimedOut | StageOutcome::Failed => {
            shortfalls.push(Shortfall::Unexplained)
        }
    }
    Ok(shortfalls)
}

fn stage(
    objective: Objective,
    limits: &Limits,
    min_placed: Option<u32>,
    deadline: Instant,
) -> Stage<'_> {
    Stage {
        objective,
        limits,
        max_counts: true,
        min_placed,
        max_cost_micros: None,
        max_new_nodes: None,
        relaxed: false,
        better_than: None,
        seconds: deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64(),
    }
}

/// Lists the groups whose pods fit no node option and no existing node.
pub(crate) fn pods_too_large(problem: &Problem) -> Vec<Shortfall> {
    problem
        .pod_groups
        .iter()
        .filter(|group| group.count > 0 && !fits_somewhere(problem, &group.requests))
        .map(|group| Shortfall::PodTooLarge {
            group: group.name.clone(),
            pods: group.count,
            exceeded: exceeded_resources(problem, &group.requests),
        })
        .collect()
}

fn fits_somewhere(problem: &Problem, request: &Resources) -> bool {
    let rooms = problem
        .node_options
        .iter()
        .map(|option| &option.allocatable)
        .chain(problem.existing_nodes.iter().map(|node| &node.free));
    rooms
        .into_iter()
        .any(|room| copies_that_fit(request, room, 1) == 1)
}

/// Lists the resources of `request` that no node offers. Compared against node
/// options, or against existing nodes when there are no options.
fn exceeded_resources(problem: &Problem, request: &Resources) -> Vec<ResourceExcess> {
    let mut candidates: Vec<(&str, &Resources)> = if problem.node_options.is_empty() {
        problem
            .existing_nodes
            .iter()
            .map(|node| (node.name.as_str(), &node.free))
            .collect()
    } else {
        problem
            .node_options
            .iter()
            .map(|option| (option.instance_type.as_str(), &option.allocatable))
            .collect()
    };
    candidates.sort_by(|a, b| a.0.cmp(b.0));
    let mut names = request.names();
    if !names.contains(&ResourceName::Pods) {
        names.push(ResourceName::Pods);
    }

    let mut over_every_node = Vec::new();
    for name in &names {
        let requested = request.get(name);
        let largest = candidates
            .iter()
            .map(|(node, room)| (room.get(name), *node))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)));
        match largest {
            Some((allocatable, node)) if allocatable < requested => {
                over_every_node.push(excess(name, requested, allocatable, node))
            }
            None if requested > 0 => over_every_node.push(excess(name, requested, 0, "")),
            _ => {}
        }
    }
    if !over_every_node.is_empty() {
        return over_every_node;
    }

    // Each resource fits some node on its own, but no node has them all: compare with
    // the node that misses the fewest resources, then by name.
    candidates
        .iter()
        .map(|(node, room)| {
            names
                .iter()
                .filter(|name| room.get(name) < request.get(name))
                .map(|name| excess(name, request.get(name), room.get(name), node))
                .collect::<Vec<_>>()
        })
        .min_by_key(|missed| missed.len())
        .unwrap_or_default()
}

fn excess(name: &ResourceName, requested: i64, allocatable: i64, node: &str) -> ResourceExcess {
    ResourceExcess {
        resource: name.clone(),
        requested,
        allocatable,
        node: node.to_string(),
    }
}
