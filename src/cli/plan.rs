//! `capplan plan`: sizes a scenario and finds the cheapest node mix.

use std::time::Duration;

use super::args::{GlobalArgs, OutputFormat, PlanArgs};
use super::catalog::load_catalog;
use crate::error::exit_code;
use crate::plan::{PlanOptions, plan};
use crate::quantity::Quantity;
use crate::report::plan::plan_document;
use crate::report::plan_page::{plan_html, plan_terminal};
use crate::scenario::Scenario;
use crate::{Error, t};

/// Runs `capplan plan`; exit code 1 when some runner pods cannot be placed or a finding
/// is an error (the same test `compare` uses for a viable option).
pub fn run(args: &PlanArgs, global: &GlobalArgs) -> crate::Result<u8> {
    let scenario = Scenario::load(&args.scenario)?;
    let catalog = load_catalog(global)?;
    let options = plan_options(args)?;
    let report = plan(&scenario, &catalog, &options)?;

    let text = match args.format.output {
        OutputFormat::Json => to_json(&report)?,
        OutputFormat::Table => plan_terminal(&report),
        OutputFormat::Markdown => plan_document(&report).to_markdown(),
        OutputFormat::Html => plan_html(&report, &scenario.profile),
    };
    super::write_stdout(&text)?;
    Ok(if report.passes() {
        exit_code::SUCCESS
    } else {
        exit_code::FINDINGS
    })
}

/// Turns the command-line overrides into plan options.
pub fn plan_options(args: &PlanArgs) -> crate::Result<PlanOptions> {
    let cpu_limit_millis = match &args.cpu_limit {
        Some(text) => {
            let quantity = Quantity::parse(text).map_err(|error| {
                Error::input(
                    "--cpu-limit",
                    t!("cli-invalid-quantity", error = error.to_string()),
                )
            })?;
            Some(quantity.millis())
        }
        None => None,
    };
    Ok(PlanOptions {
        instance_types: (!args.instance_types.is_empty()).then(|| args.instance_types.clone()),
        region: args.region.clone(),
        cpu_limit_millis,
        time_limit: Duration::from_millis(args.time_limit_ms),
    })
}

/// Serializes a report as pretty JSON.
pub fn to_json<T: serde::Serialize>(value: &T) -> crate::Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|error| Error::input("<output>", t!("cli-json-failed", error = error.to_string())))
}
