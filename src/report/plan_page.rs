//! `capplan plan` beyond the shared document: the terminal rendering with packing bars,
//! and the HTML page with the packing and load-profile charts.

use crate::compare::profile_points;
use crate::plan::PlanReport;
use crate::scenario::LoadProfile;
use crate::t;

use super::Block;
use super::charts::{ProfileSeries, packing_chart, profile_chart};
use super::html::{charts_section, document_body, page};
use super::packing::{BarResource, node_bars, terminal_lines};
use super::plan::plan_document;

/// Renders the plan for a terminal, with the cheapest mix drawn as unicode bars.
pub fn plan_terminal(report: &PlanReport) -> String {
    let mut document = plan_document(report);
    let bars = node_bars(report);
    if !bars.is_empty() {
        document.push(
            Some(t!("plan-heading-packing")),
            Block::Lines(terminal_lines(&bars)),
        );
    }
    document.to_terminal()
}

/// Renders the plan as a self-contained HTML page with charts.
pub fn plan_html(report: &PlanReport, profile: &LoadProfile) -> String {
    let document = plan_document(report);
    let mut body = document_body(&document);
    let bars = node_bars(report);
    if !bars.is_empty() {
        body.push_str(&charts_section(
            &t!("plan-heading-packing"),
            &[
                packing_chart(&t!("chart-title-packing-cpu"), &bars, BarResource::Cpu),
                packing_chart(
                    &t!("chart-title-packing-memory"),
                    &bars,
                    BarResource::Memory,
                ),
            ],
        ));
    }
    let points = profile_points(profile, report.sizing.pods);
    let share = report.sizing.rps_per_pod.iter().max().copied().unwrap_or(0) as f64
        / report.scenario.target_rps.max(1) as f64;
    let series = [
        ProfileSeries {
            name: t!("chart-legend-total"),
            points: points
                .iter()
                .map(|point| (point.seconds as f64 / 60.0, point.total_rps as f64))
                .collect(),
        },
        ProfileSeries {
            name: t!("chart-legend-busiest-pod"),
            points: points
                .iter()
                .map(|point| (point.seconds as f64 / 60.0, point.total_rps as f64 * share))
                .collect(),
        },
    ];
    body.push_str(&charts_section(
        &t!("compare-heading-profile-chart"),
        &[profile_chart(&t!("chart-title-profile-total"), &series)],
    ));
    page(&document.title, &body)
}
