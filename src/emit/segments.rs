//! k6 execution segments for N equal parts, and how k6 splits integer totals and
//! arrival rates over them (`lib/execution_segment.go` in grafana/k6).

use serde::Serialize;

use crate::sizing::split_even;

/// Returns part `index`'s (0-based) `--execution-segment` value, `index/N:(index+1)/N`.
pub fn segment(index: u32, parts: u32) -> String {
    format!("{index}/{parts}:{}/{parts}", index + 1)
}

/// Returns the `--execution-segment-sequence` value `0,1/N,…,(N-1)/N,1` that every part
/// passes, so all parts compute the same non-overlapping split.
pub fn sequence(parts: u32) -> String {
    let mut points: Vec<String> = vec!["0".to_string()];
    points.extend((1..parts).map(|index| format!("{index}/{parts}")));
    points.push("1".to_string());
    points.join(",")
}

/// Returns each part's share of an integer total such as maxVUs.
///
/// k6 scales integers with `ExecutionTuple.ScaleInt64`, which stripes units over the
/// sequence's segments: for N equal segments the LCD is N and unit `u` goes to segment
/// `u mod N`. So every part gets `total / N` and the first `total % N` parts one more,
/// and the parts add up to the total.
pub fn scale_int(total: u64, parts: u32) -> Vec<u64> {
    split_even(total, parts)
}

/// Returns each part's arrival rate in milli-iterations per time unit, rounded down.
///
/// Both arrival-rate executors re-segment the sequence in proportion to each part's
/// integer share of maxVUs (`GetNewExecutionTupleFromValue(MaxVUs)` in `Init()`), then
/// scale the rate by that new segment, so a part runs `rate × its maxVUs / total maxVUs`.
/// A part with no VUs sends nothing.
pub fn scale_rate_millis(rate: u64, max_vus: &[u64]) -> Vec<u64> {
    let total: u128 = max_vus.iter().map(|&vus| u128::from(vus)).sum();
    max_vus
        .iter()
        .map(|&vus| {
            if total == 0 {
                return 0;
            }
            let millis = u128::from(rate) * 1_000 * u128::from(vus) / total;
            u64::try_from(millis).unwrap_or(u64::MAX)
        })
        .collect()
}

/// Formats milli-units as a decimal with up to three places: 5000000 → "5000",
/// 3333333 → "3333.333".
pub fn format_millis(millis: u64) -> String {
    let whole = millis / 1_000;
    let fraction = millis % 1_000;
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:03}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// One part of the split, as the emitted manifests run it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// 1-based, as the `part` metric tag; the Job completion index is `part - 1`.
    pub part: u32,
    pub execution_segment: String,
    /// The part's maxVUs (and preAllocatedVUs, which the contract sets equal).
    pub max_vus: u64,
    /// The part's peak arrival rate in milli-requests per second.
    pub peak_rps_millis: u64,
}

/// The totals the script receives and what each part runs of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Split {
    pub parts: Vec<Part>,
    pub execution_segment_sequence: String,
    pub total_max_vus: u64,
    pub total_start_rps: u64,
    /// The stage targets over all parts, in requests per second.
    pub total_stage_rps: Vec<u64>,
    pub total_peak_rps: u64,
}

impl Split {
    /// Splits the totals over `parts` equal segments.
    pub fn new(
        parts: u32,
        total_max_vus: u64,
        total_start_rps: u64,
        total_stage_rps: Vec<u64>,
    ) -> Split {
        let total_peak_rps = total_stage_rps
            .iter()
            .copied()
            .max()
            .unwrap_or(0)
            .max(total_start_rps);
        let vus = scale_int(total_max_vus, parts);
        let rates = scale_rate_millis(total_peak_rps, &vus);
        let parts_list = (0..parts)
            .zip(vus.iter().zip(rates))
            .map(|(index, (&max_vus, peak_rps_millis))| Part {
                part: index + 1,
                execution_segment: segment(index, parts),
                max_vus,
                peak_rps_millis,
            })
            .collect();
        Split {
            parts: parts_list,
            execution_segment_sequence: sequence(parts),
            total_max_vus,
            total_start_rps,
            total_stage_rps,
            total_peak_rps,
        }
    }

    /// Returns the number of parts.
    pub fn count(&self) -> u32 {
        u32::try_from(self.parts.len()).unwrap_or(u32::MAX)
    }

    /// Returns the localized warnings for totals that do not divide evenly over the parts.
    pub fn warnings(&self) -> Vec<String> {
        let parts = u64::from(self.count().max(1));
        let mut warnings = Vec::new();
        let idle = self.parts.iter().filter(|part| part.max_vus == 0).count();
        if idle > 0 {
            warnings.push(crate::t!(
                "emit-parts-without-vus",
                max_vus = self.total_max_vus,
                parts = parts,
                idle = idle
            ));
        } else if !self.total_max_vus.is_multiple_of(parts) {
            let low = self
                .parts
                .iter()
                .map(|part| part.max_vus)
                .min()
                .unwrap_or(0);
            let high = self
                .parts
                .iter()
                .map(|part| part.max_vus)
                .max()
                .unwrap_or(0);
            warnings.push(crate::t!(
                "emit-uneven-vus",
                max_vus = self.total_max_vus,
                parts = parts,
                low = low,
                high = high
            ));
        }
        let uneven_rates: Vec<String> = std::iter::once(self.total_start_rps)
            .chain(self.total_stage_rps.iter().copied())
            .filter(|rate| !rate.is_multiple_of(parts))
            .map(|rate| rate.to_string())
            .collect();
        if idle == 0 && !uneven_rates.is_empty() {
            let peak = self
                .parts
                .iter()
                .map(|part| part.peak_rps_millis)
                .min()
                .unwrap_or(0);
            warnings.push(crate::t!(
                "emit-uneven-rates",
                rates = uneven_rates.join(", "),
                parts = parts,
                peak = format_millis(peak)
            ));
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_tile_zero_to_one() {
        assert_eq!(segment(0, 6), "0/6:1/6");
        assert_eq!(segment(5, 6), "5/6:6/6");
        assert_eq!(sequence(6), "0,1/6,2/6,3/6,4/6,5/6,1");
        assert_eq!(sequence(1), "0,1");
    }

    #[test]
    fn scale_int_matches_k6_striping() {
        // 4 units over 3 equal segments: units 0,1,2,3 go to segments 0,1,2,0.
        assert_eq!(scale_int(4, 3), vec![2, 1, 1]);
        // 15,000 over 6: 2,500 each, no remainder.
        assert_eq!(scale_int(15_000, 6), vec![2_500; 6]);
    }

    #[test]
    fn rates_follow_vu_shares() {
        // maxVUs 4 over 3 parts → 2,1,1; a 900/s rate splits 900×2/4, 900×1/4, 900×1/4.
        let vus = scale_int(4, 3);
        assert_eq!(
            scale_rate_millis(900, &vus),
            vec![450_000, 225_000, 225_000]
        );
        // 10,000/s over 3 parts with 4,500 VUs (1,500 each): 10,000/3 = 3333.333 each.
        assert_eq!(
            scale_rate_millis(10_000, &[1_500, 1_500, 1_500]),
            vec![3_333_333; 3]
        );
        assert_eq!(format_millis(3_333_333), "3333.333");
        assert_eq!(format_millis(5_000_000), "5000");
        assert_eq!(format_millis(450_500), "450.5");
    }

    #[test]
    fn warnings_name_uneven_totals() {
        let even = Split::new(6, 15_000, 0, vec![12_000, 30_000, 30_000, 0]);
        assert!(even.warnings().is_empty());

        let uneven_vus = Split::new(3, 4, 0, vec![900]);
        let warnings = uneven_vus.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("1–2") || warnings[0].contains("1-2"),
            "{warnings:?}"
        );

        let uneven_rates = Split::new(3, 4_500, 0, vec![4_000, 10_000, 10_000, 0]);
        let warnings = uneven_rates.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("4000, 10000, 10000"), "{warnings:?}");
        assert!(warnings[0].contains("3333.333"), "{warnings:?}");

        let idle = Split::new(6, 4, 0, vec![600]);
        let warnings = idle.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains('2'), "{warnings:?}");
    }
}
