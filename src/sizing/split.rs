//! Splitting an integer total into near-equal integer parts.

/// Splits `total` into `parts` integers that differ by at most one and sum to `total`.
///
/// The first `total % parts` parts get the extra unit, as k6's `ExecutionTuple.ScaleInt64`
/// does for a sequence of equal segments (`0,1/N,…,1`): its striping hands unit `i` to
/// segment `i mod N` (`lib/execution_segment.go`). Returns an empty list for 0 parts.
pub fn split_even(total: u64, parts: u32) -> Vec<u64> {
    if parts == 0 {
        return Vec::new();
    }
    let parts_u64 = u64::from(parts);
    let base = total / parts_u64;
    let remainder = total % parts_u64;
    (0..parts_u64)
        .map(|index| if index < remainder { base + 1 } else { base })
        .collect()
}
