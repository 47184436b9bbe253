//! Karpenter's provisioning simulation: first-fit-decreasing over existing nodes,
//! in-flight NodeClaims and new NodeClaims, launching the cheapest type that fits.
//!
//! Follows `pkg/controllers/provisioning/scheduling/{scheduler.go,queue.go,nodeclaim.go}`
//! in kubernetes-sigs/karpenter v1.14.

use crate::quantity::Resources;

use super::patterns::{Slot, copies_that_fit};
use super::solve::{assemble, validate};
use super::{LimitKind, NodeOption, Plan, Problem, SolveStatus, shortfall};

/// A NodeClaim being planned: its pods and the instance types that still hold them all.
struct Claim {
    instance_types: Vec<usize>,
    requested: Resources,
    counts: Vec<u32>,
    pods: u32,
}

/// Predicts the nodes Karpenter would launch for the problem's pods.
///
/// Pods are taken by CPU request, then memory, both descending. Each pod goes to the
/// first existing node (by name) with room, else to the in-flight NodeClaim with the
/// fewest pods that some remaining instance type still fits, else to a new NodeClaim.
/// A NodeClaim keeps every instance type whose allocatable fits all its pods and
/// launches the cheapest of them. Invalid input (negative amounts) places no pods.
pub fn karpenter_greedy(problem: &Problem) -> Plan {
    let nodes = if validate(problem).is_ok() {
        greedy_nodes(problem)
    } else {
        Vec::new()
    };
    let mut plan = assemble(problem, nodes, SolveStatus::Greedy, None);
    if !plan.places_all() {
        plan.shortfalls = shortfall::pods_too_large(problem);
    }
    plan
}

/// Runs the packing and returns each node with its pods per group.
pub(crate) fn greedy_nodes(problem: &Problem) -> Vec<(Slot, Vec<u32>)> {
    let group_count = problem.pod_groups.len();

    // queue.go byCPUAndMemoryDescending; group order replaces creationTimestamp.
    let mut queue: Vec<usize> = Vec::new();
    for (index, group) in problem.pod_groups.iter().enumerate() {
        queue.extend(std::iter::repeat_n(index, group.count as usize));
    }
    queue.sort_by(|&a, &b| {
        let (left, right) = (
            &problem.pod_groups[a].requests,
            &problem.pod_groups[b].requests,
        );
        right
            .cpu_millis
            .cmp(&left.cpu_millis)
            .then(right.memory_bytes.cmp(&left.memory_bytes))
            .then(a.cmp(&b))
    });

    let mut existing_order: Vec<usize> = (0..problem.existing_nodes.len()).collect();
    existing_order.sort_by(|&a, &b| {
        problem.existing_nodes[a]
            .name
            .cmp(&problem.existing_nodes[b].name)
    });
    let mut existing_free: Vec<Resources> = problem
        .existing_nodes
        .iter()
        .map(|node| node.free.clone())
        .collect();
    let mut existing_counts = vec![vec![0u32; group_count]; problem.existing_nodes.len()];

    // scheduler.go: remaining = limits − status.resources, reduced by each new claim.
    let mut remaining: Vec<(LimitKind, i64)> = LimitKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let limit = kind.limit(&problem.limits)?;
            Some((kind, limit.saturating_sub(kind.in_use(&problem.limits))))
        })
        .collect();
    let mut claims: Vec<Claim> = Vec::new();

    // A failed pod goes to the back of the queue; stop when a whole pass places nothing.
    loop {
        let mut failed = Vec::new();
        for &group in &queue {
            let request = &problem.pod_groups[group].requests;
            let placed = add_to_existing(&existing_order, &mut existing_free, request)
                .map(|node| existing_counts[node][group] += 1)
                .is_some()
                || add_to_inflight(problem, &mut claims, group)
                || add_to_new(problem, &mut claims, &mut remaining, group);
            if !placed {
                failed.push(group);
            }
        }
        if failed.is_empty() || failed.len() == queue.len() {
            break;
        }
        queue = failed;
    }

    let mut nodes: Vec<(Slot, Vec<u32>)> = existing_order
        .iter()
        .filter(|&&node| existing_counts[node].iter().any(|&count| count > 0))
        .map(|&node| (Slot::Existing(node), existing_counts[node].clone()))
        .collect();
    let mut launched = vec![0u32; problem.node_options.len()];
    for claim in claims {
        if let Some(option) = cheapest_launchable(&problem.node_options, &claim, &launched) {
            launched[option] += 1;
            nodes.push((Slot::New(option), claim.counts));
        }
    }
    nodes
}

/// existingnode.go: the first node, by name, whose free room fits the pod.
fn add_to_existing(order: &[usize], free: &mut [Resources], request: &Resources) -> Option<usize> {
    let node = order
        .iter()
        .copied()
        .find(|&node| copies_that_fit(request, &free[node], 1) == 1)?;
    free[node].sub(request);
    Some(node)
}

/// scheduler.go addToInflightNode: claims sorted by pod count ascending, first that fits.
fn add_to_inflight(problem: &Problem, claims: &mut [Claim], group: usize) -> bool {
    let request = &problem.pod_groups[group].requests;
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_by_key(|&claim| claims[claim].pods);
    for claim_index in order {
        let claim = &mut claims[claim_index];
        let requested = claim.requested.plus(request);
        let still_fit: Vec<usize> = claim
            .instance_types
            .iter()
            .copied()
            .filter(|&option| requested.fits_in(&problem.node_options[option].allocatable))
            .collect();
        if still_fit.is_empty() {
            continue;
        }
        claim.instance_types = still_fit;
        claim.requested = requested;
        claim.counts[group] += 1;
        claim.pods += 1;
        return true;
    }
    false
}

/// scheduler.go addToNewNodeClaim with filterByRemainingResources and subtractMax.
fn add_to_new(
    problem: &Problem,
    claims: &mut Vec<Claim>,
    remaining: &mut [(LimitKind, i64)],
    group: usize,
) -> bool {
    let request = &problem.pod_groups[group].requests;
    // NOTE: Karpenter v1.14 checks `nodes` only when it creates NodeClaims, so it can
    // overrun the limit. Here the limit is a hard cap, decremented by each new claim.
    if remaining
        .iter()
        .any(|&(kind, left)| kind == LimitKind::Nodes && left <= 0)
    {
        return false;
    }
    let candidates: Vec<usize> = (0..problem.node_options.len())
        .filter(|&option| {
            let node = &problem.node_options[option];
            request.fits_in(&node.allocatable)
                && remaining
                    .iter()
                    .all(|&(kind, left)| kind.per_node(node) <= left)
        })
        .collect();
    if candidates.is_empty() {
        return false;
    }
    for (kind, left) in remaining.iter_mut() {
        let largest = candidates
            .iter()
            .map(|&option| kind.per_node(&problem.node_options[option]))
            .max()
            .unwrap_or(0);
        *left -= largest;
    }
    let mut counts = vec![0u32; problem.pod_groups.len()];
    counts[group] = 1;
    claims.push(Claim {
        instance_types: candidates,
        requested: request.clone(),
        counts,
        pods: 1,
    });
    true
}

/// Picks the cheapest remaining type (then by name) that has not reached its `max_count`.
fn cheapest_launchable(options: &[NodeOption], claim: &Claim, launched: &[u32]) -> Option<usize> {
    claim
        .instance_types
        .iter()
        .copied()
        .filter(|&option| {
            options[option]
                .max_count
                .is_none_or(|cap| launched[option] < cap)
        })
        .min_by(|&a, &b| {
            options[a]
                .price_micros
                .cmp(&options[b].price_micros)
                .then(options[a].instance_type.cmp(&options[b].instance_type))
        })
}
