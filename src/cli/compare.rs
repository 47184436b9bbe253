//! `capplan compare`: plans several scenarios, or one across values of a field, and
//! prints them side by side, ranked.

use std::time::Duration;

use super::args::{CompareArgs, GlobalArgs, OutputFormat};
use super::catalog::load_catalog;
use super::plan::to_json;
use super::preflight::read_cluster_state;
use crate::compare::{CompareInput, apply_variation, compare, parse_vary};
use crate::error::exit_code;
use crate::plan::{PlanOptions, plan};
use crate::preflight::{PreflightOptions, preflight, scenario_workload};
use crate::report::compare::{compare_document, compare_html, compare_terminal};
use crate::scenario::Scenario;
use crate::{Error, t};

/// Runs `capplan compare`. The exit code is 1 when no option places every pod without an error.
pub fn run(args: &CompareArgs, global: &GlobalArgs) -> crate::Result<u8> {
    let base_options = PlanOptions {
        time_limit: Duration::from_millis(args.time_limit_ms),
        ..PlanOptions::default()
    };
    let variation = args.vary.as_deref().map(parse_vary).transpose()?;
    let mut options: Vec<(String, Scenario, PlanOptions)> = Vec::new();
    match &variation {
        Some(variation) => {
            let [path] = args.scenarios.as_slice() else {
                return Err(Error::input("--vary", t!("compare-vary-one-scenario")));
            };
            let scenario = Scenario::load(path)?;
            for value in &variation.values {
                options.push(apply_variation(
                    &scenario,
                    &base_options,
                    variation.key,
                    value,
                )?);
            }
        }
        None => {
            let scenarios = args
                .scenarios
                .iter()
                .map(|path| Scenario::load(path))
                .collect::<crate::Result<Vec<_>>>()?;
            for scenario in &scenarios {
                let shared_name = scenarios
                    .iter()
                    .filter(|other| other.name == scenario.name)
                    .count()
                    > 1;
                let label = if shared_name {
                    format!("{} ({})", scenario.name, scenario.origin)
                } else {
                    scenario.name.clone()
                };
                options.push((label, scenario.clone(), base_options.clone()));
            }
        }
    }

    let catalog = load_catalog(global)?;
    let cluster_given = !args.cluster.snapshot.is_empty()
        || args.cluster.kubeconfig.is_some()
        || args.cluster.context.is_some();
    let cluster = if cluster_given {
        Some(read_cluster_state(&args.cluster)?.0)
    } else {
        None
    };

    let mut inputs = Vec::with_capacity(options.len());
    for (label, scenario, plan_options) in options {
        let report = plan(&scenario, &catalog, &plan_options)?;
        let preflight_report = match &cluster {
            Some(cluster) => {
                let workload = scenario_workload(&scenario, cluster, &args.namespace);
                let preflight_options = PreflightOptions {
                    region: plan_options
                        .region
                        .clone()
                        .unwrap_or_else(|| scenario.region().to_string()),
                    ..PreflightOptions::default()
                };
                Some(preflight(
                    cluster,
                    &[workload],
                    None,
                    &catalog,
                    scenario.node_model(),
                    &preflight_options,
                )?)
            }
            None => None,
        };
        inputs.push(CompareInput {
            label,
            report,
            profile: scenario.profile.clone(),
            preflight: preflight_report,
        });
    }

    let varied = variation.map(|variation| variation.key.name().to_string());
    let comparison = compare(&inputs, varied);
    let text = match args.format.output {
        OutputFormat::Json => to_json(&comparison)?,
        OutputFormat::Table => compare_terminal(&comparison),
        OutputFormat::Markdown => compare_document(&comparison).to_markdown(),
        OutputFormat::Html => compare_html(&comparison),
    };
    super::write_stdout(&text)?;
    let first_viable = comparison
        .ranking
        .first()
        .is_some_and(|&index| comparison.options[index].viable);
    Ok(if first_viable {
        exit_code::SUCCESS
    } else {
        exit_code::FINDINGS
    })
}
