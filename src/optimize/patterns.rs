//! Maximal node patterns: the multisets of pods one node can hold that no other
//! pattern of the same node contains.

use crate::quantity::Resources;

use super::{OptimizeError, Problem};

/// Maximum number of patterns in one integer program. Beyond this, microlp's branch
/// and bound gets slow and mostly ends at the time limit.
pub(crate) const MAX_PATTERNS: usize = 20_000;

/// The node a pattern describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A new node of `node_options[index]`.
    New(usize),
    /// `existing_nodes[index]`.
    Existing(usize),
}

/// A node together with the pods per group it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    pub slot: Slot,
    pub counts: Vec<u32>,
}

/// Returns how many copies of `request` fit into `room`, capped at `cap`.
pub(crate) fn copies_that_fit(request: &Resources, room: &Resources, cap: u32) -> u32 {
    let mut copies = i64::from(cap);
    let mut bound = |requested: i64, available: i64| {
        if requested > 0 {
            copies = copies.min(available.max(0) / requested);
        } else if available < 0 {
            copies = 0;
        }
    };
    bound(request.cpu_millis, room.cpu_millis);
    bound(request.memory_bytes, room.memory_bytes);
    bound(
        request.ephemeral_storage_bytes,
        room.ephemeral_storage_bytes,
    );
    bound(request.pods, room.pods);
    for (key, amount) in &request.extended {
        bound(*amount, room.extended.get(key).copied().unwrap_or(0));
    }
    u32::try_from(copies).unwrap_or(0)
}

/// Enumerates the maximal patterns of every node option and existing node.
///
/// A pattern is maximal when no group with pods left in demand fits once more.
/// Minimizing cost never needs a non-maximal pattern: the coverage rows are `≥`,
/// so a node may hold fewer pods than its pattern allows at the same price.
pub(crate) fn enumerate(problem: &Problem) -> Result<Vec<Pattern>, OptimizeError> {
    let demand: Vec<u32> = problem.pod_groups.iter().map(|group| group.count).collect();
    let requests: Vec<&Resources> = problem
        .pod_groups
        .iter()
        .map(|group| &group.requests)
        .collect();
    let mut patterns = Vec::new();

    let slots = (0..problem.existing_nodes.len())
        .map(|index| (Slot::Existing(index), &problem.existing_nodes[index].free))
        .chain(
            (0..problem.node_options.len())
                .map(|index| (Slot::New(index), &problem.node_options[index].allocatable)),
        );
    for (slot, room) in slots {
        let mut counts = vec![0; demand.len()];
        extend(
            slot,
            room,
            &requests,
            &demand,
            0,
            &mut counts,
            &mut patterns,
        )?;
    }
    Ok(patterns)
}

fn extend(
    slot: Slot,
    room: &Resources,
    requests: &[&Resources],
    demand: &[u32],
    group: usize,
    counts: &mut Vec<u32>,
    patterns: &mut Vec<Pattern>,
) -> Result<(), OptimizeError> {
    if group == demand.len() {
        let maximal = (0..demand.len())
            .all(|g| counts[g] >= demand[g] || copies_that_fit(requests[g], room, 1) == 0);
        if maximal && counts.iter().any(|&count| count > 0) {
            if patterns.len() >= MAX_PATTERNS {
                return Err(OptimizeError::TooManyPatterns {
                    limit: MAX_PATTERNS,
                });
            }
            patterns.push(Pattern {
                slot,
                counts: counts.clone(),
            });
        }
        return Ok(());
    }

    let most = copies_that_fit(requests[group], room, demand[group]);
    for count in (0..=most).rev() {
        counts[group] = count;
        let left = room.minus(&requests[group].times(i64::from(count)));
        extend(slot, &left, requests, demand, group + 1, counts, patterns)?;
    }
    counts[group] = 0;
    Ok(())
}
