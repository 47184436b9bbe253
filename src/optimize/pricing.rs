//! Pattern search for column generation: the pattern of one node with the largest
//! total pod weight (a bounded knapsack in several resources), and every maximal
//! pattern worth at least a given weight.

use std::time::Instant;

use super::Problem;
use super::patterns::{Pattern, Slot, copies_that_fit};

/// Relative tolerance when comparing pattern weights, which are sums of LP duals.
const WEIGHT_TOLERANCE: f64 = 1e-9;

/// A filter on listed patterns: it gets the slot, the pods per group and the
/// resources they request, and returns whether to keep the pattern.
pub(crate) type PatternFilter<'a> = dyn Fn(usize, &[u32], &[i64]) -> bool + 'a;

/// The reason a listing of patterns stopped before it was complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListingStopped {
    /// More patterns than the caller's limit reached the weight.
    TooMany,
    /// The deadline passed.
    TimedOut,
}

/// The limits at which a listing of patterns gives up.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListingLimits {
    pub max_patterns: usize,
    pub deadline: Instant,
}

/// Listing nodes visited between two looks at the clock.
const CLOCK_INTERVAL: u64 = 4096;

/// Pod requests and node rooms as dense integer vectors over the resources that some
/// pod requests, so the search does not touch `Resources` maps in its inner loop.
pub(crate) struct Packing {
    /// Existing nodes, then node options: the order `patterns::enumerate` uses.
    pub slots: Vec<Slot>,
    /// Room per slot and resource.
    rooms: Vec<Vec<i64>>,
    /// Request of one pod per group and resource.
    requests: Vec<Vec<i64>>,
    /// Whether one pod of a group fits the empty slot, per slot and group. A group
    /// that does not fit never enters that slot's patterns.
    fits: Vec<Vec<bool>>,
    /// Pods per group, the most any pattern has.
    pub demand: Vec<u32>,
}

impl Packing {
    pub fn new(problem: &Problem) -> Packing {
        let groups = &problem.pod_groups;
        // Only resources some pod requests can limit a count. A resource no pod requests
        // only matters when its room is negative, which `fits` already records.
        let mut readers: Vec<fn(&crate::quantity::Resources) -> i64> = Vec::new();
        let scalar: [fn(&crate::quantity::Resources) -> i64; 4] = [
            |r| r.cpu_millis,
            |r| r.memory_bytes,
            |r| r.ephemeral_storage_bytes,
            |r| r.pods,
        ];
        for reader in scalar {
            if groups.iter().any(|group| reader(&group.requests) > 0) {
                readers.push(reader);
            }
        }
        let mut extended_keys: Vec<&String> = groups
            .iter()
            .flat_map(|group| group.requests.extended.iter())
            .filter(|(_, amount)| **amount > 0)
            .map(|(key, _)| key)
            .collect();
        extended_keys.sort();
        extended_keys.dedup();

        let dense = |resources: &crate::quantity::Resources| -> Vec<i64> {
            readers
                .iter()
                .map(|reader| reader(resources))
                .chain(
                    extended_keys
                        .iter()
                        .map(|key| resources.extended.get(*key).copied().unwrap_or(0)),
                )
                .collect()
        };

        let mut slots = Vec::new();
        let mut rooms = Vec::new();
        let mut fits = Vec::new();
        let existing = problem
            .existing_nodes
            .iter()
            .enumerate()
            .map(|(index, node)| (Slot::Existing(index), &node.free));
        let new = problem
            .node_options
            .iter()
            .enumerate()
            .map(|(index, option)| (Slot::New(index), &option.allocatable));
        for (slot, room) in existing.chain(new) {
            slots.push(slot);
            rooms.push(dense(room));
            fits.push(
                groups
                    .iter()
                    .map(|group| copies_that_fit(&group.requests, room, 1) == 1)
                    .collect(),
            );
        }
        Packing {
            slots,
            rooms,
            requests: groups.iter().map(|group| dense(&group.requests)).collect(),
            fits,
            demand: groups.iter().map(|group| group.count).collect(),
        }
    }

    /// Returns the index of `slot` in `slots`.
    pub fn slot_index(&self, slot: Slot) -> Option<usize> {
        self.slots.iter().position(|&candidate| candidate == slot)
    }

    pub fn group_count(&self) -> usize {
        self.demand.len()
    }

    /// Returns true when some pod of `group` fits slot `slot`.
    pub fn fits(&self, slot: usize, group: usize) -> bool {
        self.fits[slot][group] && self.demand[group] > 0
    }

    /// Returns how many more pods of `group` fit into `room`, capped at `cap`.
    fn copies(&self, slot: usize, group: usize, room: &[i64], cap: u32) -> u32 {
        if !self.fits[slot][group] {
            return 0;
        }
        let mut copies = i64::from(cap);
        for (&request, &available) in self.requests[group].iter().zip(room) {
            if request > 0 {
                copies = copies.min(available.max(0) / request);
            }
        }
        u32::try_from(copies).unwrap_or(0)
    }

    /// Returns what the slot's pods request, from the room they leave.
    fn used(&self, slot: usize, room: &[i64]) -> Vec<i64> {
        self.rooms[slot]
            .iter()
            .zip(room)
            .map(|(&total, &left)| total - left)
            .collect()
    }

    fn room_after(&self, slot: usize, counts: &[u32]) -> Vec<i64> {
        let mut room = self.rooms[slot].clone();
        for (group, &count) in counts.iter().enumerate() {
            take(&mut room, &self.requests[group], count);
        }
        room
    }

    /// Returns true when `counts` fits slot `slot` and stays within the demand.
    #[cfg(test)]
    pub fn has_room(&self, slot: usize, counts: &[u32]) -> bool {
        let within_demand = counts.iter().zip(&self.demand).all(|(c, d)| c <= d);
        within_demand && self.has_room_for(slot, counts, &self.usage(counts))
    }

    /// Returns the resources `counts` requests, per resource.
    #[cfg(test)]
    pub fn usage(&self, counts: &[u32]) -> Vec<i64> {
        let mut used = vec![0; self.rooms.first().map_or(0, Vec::len)];
        for (group, &count) in counts.iter().enumerate() {
            take(&mut used, &self.requests[group], count);
        }
        used.iter().map(|amount| -amount).collect()
    }

    /// Returns true when slot `slot` has room for pods `counts`, which request `used`.
    pub fn has_room_for(&self, slot: usize, counts: &[u32], used: &[i64]) -> bool {
        let allowed = counts
            .iter()
            .enumerate()
            .all(|(group, &count)| count == 0 || self.fits[slot][group]);
        allowed
            && self.rooms[slot]
                .iter()
                .zip(used)
                .all(|(&room, &amount)| room >= amount)
    }

    /// Adds pods, group by group, until no group with demand left fits once more,
    /// so the result contains `counts` and is maximal in the sense of `patterns`.
    pub fn maximalize(&self, slot: usize, counts: &mut [u32]) {
        let mut room = self.room_after(slot, counts);
        for (group, count) in counts.iter_mut().enumerate() {
            let more = self.copies(
                slot,
                group,
                &room,
                self.demand[group].saturating_sub(*count),
            );
            *count += more;
            take(&mut room, &self.requests[group], more);
        }
    }

    /// Returns the maximal pattern that starts with as many pods of `group` as fit.
    pub fn single_group(&self, slot: usize, group: usize) -> Option<Vec<u32>> {
        let count = self.copies(slot, group, &self.rooms[slot], self.demand[group]);
        if count == 0 {
            return None;
        }
        let mut counts = vec![0; self.group_count()];
        counts[group] = count;
        self.maximalize(slot, &mut counts);
        Some(counts)
    }

    /// Returns Σ weight × count.
    pub fn weight(counts: &[u32], weights: &[f64]) -> f64 {
        counts
            .iter()
            .zip(weights)
            .map(|(&count, &weight)| f64::from(count) * weight)
            .sum()
    }

    /// Finds a maximal pattern of slot `slot` with the largest Σ weight × count (the
    /// pricing problem of column generation), by depth-first branch and bound.
    /// Weights must not be negative. Returns the weight and the counts.
    // NOTE: this search does not look at the clock, because a pricing cut short would
    // make the bound invalid. A knapsack that defeats its fractional bounds (many
    // groups of nearly equal worth per resource on a very large node) can run past
    // the time limit.
    pub fn heaviest(&self, slot: usize, weights: &[f64]) -> (f64, Vec<u32>) {
        let order = self.search_order(slot, weights, true);
        let mut search = Search {
            packing: self,
            slot,
            weights,
            order: &order,
            counts: vec![0; self.group_count()],
            best_weight: 0.0,
            best: vec![0; self.group_count()],
        };
        let room = self.rooms[slot].clone();
        search.heaviest_from(0, &room, 0.0);
        let mut best = search.best;
        self.maximalize(slot, &mut best);
        (Packing::weight(&best, weights), best)
    }

    /// Appends every maximal pattern of slot `slot` whose Σ weight × count is at least
    /// `min_weight` and that `keep` accepts. `keep` gets the slot, the counts and the
    /// resources they request. Stops when `found` would grow past `stop.max_patterns`
    /// or `stop.deadline` passes.
    pub fn worth_at_least(
        &self,
        slot: usize,
        weights: &[f64],
        min_weight: f64,
        keep: &PatternFilter,
        stop: ListingLimits,
        found: &mut Vec<Pattern>,
    ) -> Result<(), ListingStopped> {
        let order = self.search_order(slot, weights, false);
        let mut listing = Listing {
            packing: self,
            slot,
            weights,
            order: &order,
            min_weight: min_weight - WEIGHT_TOLERANCE * min_weight.abs().max(1.0),
            keep,
            limit: stop.max_patterns,
            deadline: stop.deadline,
            visited: 0,
            counts: vec![0; self.group_count()],
            found,
        };
        let room = self.rooms[slot].clone();
        listing.list_from(0, &room, 0.0)
    }

    /// Orders the groups that fit the slot by weight, heaviest first. Groups of
    /// weight 0 add nothing to the heaviest pattern, so `heaviest` leaves them out and
    /// `maximalize` adds them afterwards.
    fn search_order(&self, slot: usize, weights: &[f64], weighted_only: bool) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.group_count())
            .filter(|&group| self.fits(slot, group))
            .filter(|&group| !weighted_only || weights[group] > 0.0)
            .collect();
        order.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]).then(a.cmp(&b)));
        order
    }

    /// Returns an upper bound on the weight the groups `order[from..]` can add to
    /// `room`: the smallest, over the resources, of the fractional knapsack on that
    /// resource alone, with each group capped at the copies that fit by themselves.
    fn weight_bound(
        &self,
        slot: usize,
        weights: &[f64],
        order: &[usize],
        from: usize,
        room: &[i64],
    ) -> f64 {
        let rest = &order[from..];
        let caps: Vec<u32> = rest
            .iter()
            .map(|&group| self.copies(slot, group, room, self.demand[group]))
            .collect();
        let mut bound: f64 = rest
            .iter()
            .zip(&caps)
            .map(|(&group, &cap)| weights[group] * f64::from(cap))
            .sum();
        for (resource, &available) in room.iter().enumerate() {
            // (weight per unit of the resource, units the capped count uses, its weight)
            let mut items: Vec<(f64, f64, f64)> = Vec::with_capacity(rest.len());
            let mut value = 0.0;
            for (&group, &cap) in rest.iter().zip(&caps) {
                let request = self.requests[group][resource];
                let full = weights[group] * f64::from(cap);
                if request > 0 {
                    let size = request as f64 * f64::from(cap);
                    items.push((weights[group] / request as f64, size, full));
                } else {
                    value += full;
                }
            }
            items.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut left = available.max(0) as f64;
            for (ratio, size, full) in items {
                if left <= 0.0 {
                    break;
                }
                if size <= left {
                    value += full;
                    left -= size;
                } else {
                    value += ratio * left;
                    left = 0.0;
                }
            }
            bound = bound.min(value);
        }
        bound
    }

    /// Returns true when no group with demand left fits once more into `room`.
    fn is_maximal(&self, slot: usize, counts: &[u32], room: &[i64]) -> bool {
        (0..counts.len()).all(|group| {
            counts[group] >= self.demand[group] || self.copies(slot, group, room, 1) == 0
        })
    }
}

/// Subtracts `count` pods of `request` from `room`.
fn take(room: &mut [i64], request: &[i64], count: u32) {
    for (left, &amount) in room.iter_mut().zip(request) {
        *left = left.saturating_sub(amount.saturating_mul(i64::from(count)));
    }
}

/// Depth-first branch and bound for the heaviest pattern.
struct Search<'a> {
    packing: &'a Packing,
    slot: usize,
    weights: &'a [f64],
    order: &'a [usize],
    counts: Vec<u32>,
    best_weight: f64,
    best: Vec<u32>,
}

impl Search<'_> {
    fn heaviest_from(&mut self, depth: usize, room: &[i64], weight: f64) {
        if weight > self.best_weight {
            self.best_weight = weight;
            self.best.clone_from(&self.counts);
        }
        if depth == self.order.len() {
            return;
        }
        let bound = self
            .packing
            .weight_bound(self.slot, self.weights, self.order, depth, room);
        if weight + bound <= self.best_weight * (1.0 + WEIGHT_TOLERANCE) {
            return;
        }
        let group = self.order[depth];
        let fitting = self
            .packing
            .copies(self.slot, group, room, self.packing.demand[group]);
        let request = &self.packing.requests[group];
        for count in (0..=fitting).rev() {
            let mut left = room.to_vec();
            take(&mut left, request, count);
            self.counts[group] = count;
            let added = self.weights[group] * f64::from(count);
            self.heaviest_from(depth + 1, &left, weight + added);
        }
        self.counts[group] = 0;
    }
}

/// Depth-first listing of the maximal patterns above a weight.
struct Listing<'a> {
    packing: &'a Packing,
    slot: usize,
    weights: &'a [f64],
    order: &'a [usize],
    min_weight: f64,
    keep: &'a PatternFilter<'a>,
    limit: usize,
    deadline: Instant,
    /// Nodes of the search visited so far, to look at the clock now and then.
    visited: u64,
    counts: Vec<u32>,
    found: &'a mut Vec<Pattern>,
}

impl Listing<'_> {
    fn list_from(&mut self, depth: usize, room: &[i64], weight: f64) -> Result<(), ListingStopped> {
        self.visited += 1;
        if self.visited.is_multiple_of(CLOCK_INTERVAL) && Instant::now() >= self.deadline {
            return Err(ListingStopped::TimedOut);
        }
        if depth == self.order.len() {
            let useful = self.counts.iter().any(|&count| count > 0);
            if useful
                && weight >= self.min_weight
                && self.packing.is_maximal(self.slot, &self.counts, room)
                && (self.keep)(self.slot, &self.counts, &self.packing.used(self.slot, room))
            {
                if self.found.len() >= self.limit {
                    return Err(ListingStopped::TooMany);
                }
                self.found.push(Pattern {
                    slot: self.packing.slots[self.slot],
                    counts: self.counts.clone(),
                });
            }
            return Ok(());
        }
        let bound = self
            .packing
            .weight_bound(self.slot, self.weights, self.order, depth, room);
        if weight + bound < self.min_weight {
            return Ok(());
        }
        let group = self.order[depth];
        let fitting = self
            .packing
            .copies(self.slot, group, room, self.packing.demand[group]);
        let request = &self.packing.requests[group];
        for count in (0..=fitting).rev() {
            let mut left = room.to_vec();
            take(&mut left, request, count);
            self.counts[group] = count;
            let added = self.weights[group] * f64::from(count);
            self.list_from(depth + 1, &left, weight + added)?;
        }
        self.counts[group] = 0;
        Ok(())
    }
}
