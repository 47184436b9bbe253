//! The LP and integer program solver behind good_lp. microlp, in pure Rust, is the
//! default. The cargo feature `highs` switches to HiGHS, whose build needs cmake, a
//! C++ compiler and libclang (docs/optimizer.md).
//!
//! Every model in the optimizer goes through [`using`], so both backends solve the
//! same formulation with the same time limit and report the same statuses.

use good_lp::variable::UnsolvedProblem;
use good_lp::{ResolutionError, SolutionStatus, SolverModel};

/// The solver backend's name, for logs and the benchmark output.
#[cfg(not(feature = "highs"))]
pub const SOLVER: &str = "microlp";
/// The solver backend's name, for logs and the benchmark output.
#[cfg(feature = "highs")]
pub const SOLVER: &str = "HiGHS";

/// Hands `problem`, a model with `columns` variables, to the backend with a time
/// limit of `seconds`.
#[cfg(not(feature = "highs"))]
pub(crate) fn using(
    problem: UnsolvedProblem,
    _columns: usize,
    seconds: f64,
) -> impl SolverModel<Error = ResolutionError> {
    use good_lp::WithTimeLimit;
    problem
        .using(good_lp::microlp)
        .with_time_limit(seconds.max(0.0))
}

/// Models with more variables than this are solved by HiGHS without presolve. Its MIP
/// presolve (clique extraction, dominated columns) does not check the time limit: on
/// the 11,550 patterns of the 10-shape plan benchmark it took 3.4 s against a limit of
/// 0.8 s. Smaller models keep it, since it finds better plans within 1 s.
#[cfg(feature = "highs")]
const PRESOLVE_MAX_COLUMNS: usize = 1_000;

/// Hands `problem`, a model with `columns` variables, to the backend with a time
/// limit of `seconds`.
///
/// HiGHS stops a MIP by default once its gap is below 0.01 % of the objective
/// (`mip_rel_gap`), which would turn a proof into an estimate. Every objective here
/// is an integer (pods, gcd-scaled prices, nodes, rank sums), so an absolute gap below
/// 1 already proves the incumbent optimal, and the relative gap is switched off.
// NOTE: HiGHS 1.16 crashed (SIGSEGV, in RENS) on catalog prices near $10⁶/h with odd
// fractions, passed in with `--catalog`. Bundled prices never did.
#[cfg(feature = "highs")]
pub(crate) fn using(
    problem: UnsolvedProblem,
    columns: usize,
    seconds: f64,
) -> impl SolverModel<Error = ResolutionError> {
    let presolve = if columns > PRESOLVE_MAX_COLUMNS {
        "off"
    } else {
        "choose"
    };
    problem
        .using(good_lp::highs)
        .set_time_limit(seconds.max(0.0))
        .set_threads(1)
        .set_option("presolve", presolve)
        .set_option("mip_abs_gap", 0.5)
        .set_option("mip_rel_gap", 0.0)
}

/// Returns whether `status` proves the solution optimal for an integer objective.
///
/// good_lp reports HiGHS's stop at `mip_abs_gap` as [`SolutionStatus::GapLimit`].
/// [`using`] sets that gap below 1, so the stop is a proof. microlp never reports it.
pub(crate) fn proven(status: SolutionStatus) -> bool {
    matches!(status, SolutionStatus::Optimal | SolutionStatus::GapLimit)
}

/// Returns whether `error` means the time limit ran out before a feasible point was
/// found.
///
/// good_lp 1.15 reports that as `Other` with a fixed message: "Time limit reached
/// before finding a feasible solution" from microlp, "NoSolutionFound" from HiGHS.
/// HiGHS's load and solve errors are `Other` too, with other messages, and stay
/// errors.
pub(crate) fn timed_out(error: &ResolutionError) -> bool {
    #[cfg(not(feature = "highs"))]
    const MESSAGE: &str = "Time limit reached before finding a feasible solution";
    #[cfg(feature = "highs")]
    const MESSAGE: &str = "NoSolutionFound";
    matches!(error, ResolutionError::Other(message) if *message == MESSAGE)
}

#[cfg(test)]
mod tests {
    use good_lp::{SolverModel, constraint, variable, variables};

    use super::{timed_out, using};

    #[test]
    fn zero_time_limit_is_timed_out() {
        // The LP optimum x = y = 0.75 is fractional, so the solver has to branch before
        // it has an integer point, and a zero time limit stops it first.
        let mut vars = variables!();
        let x = vars.add(variable().integer().min(0).max(10));
        let y = vars.add(variable().integer().min(0).max(10));
        let result = using(vars.maximise(x + y), 2, 0.0)
            .with(constraint!(2 * x + 2 * y <= 3))
            .with(constraint!(4 * x - 4 * y <= 1))
            .solve();

        let Err(error) = result else {
            panic!("expected the time limit to stop the solver before a feasible point");
        };
        assert!(timed_out(&error), "{error:?}");
    }
}
