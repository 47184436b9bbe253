//! Requests in a load profile: the exact integral of the piecewise-linear k6 stages.

use crate::scenario::LoadProfile;

/// Returns twice the integral of the rate over the profile, in requests × 1000
/// (rate in requests per second times milliseconds, doubled so that linear ramps stay
/// integers). k6 `ramping-arrival-rate` moves linearly from one target to the next.
pub fn doubled_request_millis(profile: &LoadProfile) -> u128 {
    let mut previous = u128::from(profile.start_rps);
    let mut sum: u128 = 0;
    for stage in &profile.stages {
        let target = u128::from(stage.target_rps);
        sum += (previous + target) * u128::from(stage.duration_millis);
        previous = target;
    }
    sum
}

/// Returns the requests a profile sends, scaled by `share / whole` (one pod's part of a
/// total profile), rounded down.
pub fn requests_for_share(doubled_request_millis: u128, share: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    let requests = doubled_request_millis * u128::from(share) / (2_000 * u128::from(whole));
    u64::try_from(requests).unwrap_or(u64::MAX)
}
