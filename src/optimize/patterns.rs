//! Maximal node patterns: the multisets of pods one node can hold that no other
//! pattern of the same node contains.

use crate::quantity::Resources;

use super::{OptimizeError, Problem};

/// Maximum number of patterns in one integer program. Beyond this, microlp's branch
/// and bound gets slow and mostly ends at the time limit.
pub(crate) const MAX_PATTERNS: usize = 20_000;

/// The node a pattern describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Slot {
    /// A new node of `node_options[index]`.
    New(usize),
    /// `existing_nodes[index]`.
    Existing(usize),
}

/// A node together with the pods per group it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

/// Enumerates the maximal patterns of every node option and existing node, failing
/// when there are more than `limit`.
///
/// A pattern is maximal when no group with pods left in demand fits once more.
/// Minimizing cost never needs a non-maximal pattern: the coverage rows are `≥`,
/// so a node may hold fewer pods than its pattern allows at the same price.
pub(crate) fn enumerate(problem: &Problem, limit: usize) -> Result<Vec<Pattern>, OptimizeError> {
    let mut enumeration = Enumeration {
        requests: problem
            .pod_groups
            .iter()
            .map(|group| &group.requests)
            .collect(),
        demand: problem.pod_groups.iter().map(|group| group.count).collect(),
        limit,
        patterns: Vec::new(),
    };
    let slots = (0..problem.existing_nodes.len())
        .map(|index| (Slot::Existing(index), &problem.existing_nodes[index].free))
        .chain(
            (0..problem.node_options.len())
                .map(|index| (Slot::New(index), &problem.node_options[index].allocatable)),
        );
    for (slot, room) in slots {
        let mut counts = vec![0; enumeration.demand.len()];
        enumeration.extend(slot, room, 0, &mut counts)?;
    }
    Ok(enumeration.patterns)
}

/// The state of one enumeration: the groups and the patterns found so far.
struct Enumeration<'a> {
    requests: Vec<&'a Resources>,
    demand: Vec<u32>,
    limit: usize,
    patterns: Vec<Pattern>,
}

impl Enumeration<'_> {
    fn extend(
        &mut self,
        slot: Slot,
        room: &Resources,
        group: usize,
        counts: &mut Vec<u32>,
    ) -> Result<(), OptimizeError> {
        let demand = &self.demand;
        if group == demand.len() {
            let maximal = (0..demand.len())
                .all(|g| counts[g] >= demand[g] || copies_that_fit(self.requests[g], room, 1) == 0);
            if maximal && counts.iter().any(|&count| count > 0) {
                if self.patterns.len() >= self.limit {
                    return Err(OptimizeError::TooManyPatterns { limit: self.limit });
                }
                self.patterns.push(Pattern {
                    slot,
                    counts: counts.clone(),
                });
            }
            return Ok(());
        }

        let request = self.requests[group];
        let most = copies_that_fit(request, room, demand[group]);
        for count in (0..=most).rev() {
            counts[group] = count;
            let left = room.minus(&request.times(i64::from(count)));
            self.extend(slot, &left, group + 1, counts)?;
        }
        counts[group] = 0;
        Ok(())
    }
}
