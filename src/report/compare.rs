//! The `capplan compare` report: options side by side, one column per option, the
//! ranking with its reason, and for HTML the cost, load-profile and packing charts.

use crate::compare::{ComparedOption, Comparison};
use crate::quantity::{Resources, format_bytes, format_cpu_millis};
use crate::t;

use super::charts::{CostBar, ProfileSeries, cost_chart, packing_chart, profile_chart};
use super::html::{charts_section, document_body, page};
use super::packing::{BarResource, terminal_lines};
use super::{Block, Document, format_dollars, group_digits};

/// Builds the comparison document, which the caller renders as a table or Markdown.
pub fn compare_document(comparison: &Comparison) -> Document {
    let mut document = Document::new(match &comparison.varied {
        Some(key) => t!(
            "compare-title-varied",
            count = comparison.options.len(),
            key = key.clone()
        ),
        None => t!("compare-title", count = comparison.options.len()),
    });
    document.push(
        Some(t!("compare-heading-ranking")),
        Block::Lines(ranking_lines(comparison)),
    );
    document.push(
        Some(t!("compare-heading-options")),
        options_table(comparison),
    );
    document
}

fn ranking_lines(comparison: &Comparison) -> Vec<String> {
    let mut lines = vec![comparison.reason.clone()];
    for (position, &index) in comparison.ranking.iter().enumerate() {
        let option = &comparison.options[index];
        let verdict = if option.viable {
            t!("compare-viable")
        } else {
            t!("compare-not-viable")
        };
        lines.push(t!(
            "compare-ranking-line",
            rank = (position + 1).to_string(),
            label = option.label.clone(),
            cost = format_dollars(option.total_cost_per_run_micros),
            verdict = verdict
        ));
    }
    lines
}

fn cpu_memory(resources: &Resources) -> String {
    format!(
        "cpu {} / memory {}",
        format_cpu_millis(resources.cpu_millis),
        format_bytes(resources.memory_bytes)
    )
}

fn rps_per_pod(option: &ComparedOption) -> String {
    if option.rps_per_pod_min == option.rps_per_pod_max {
        group_digits(option.rps_per_pod_max)
    } else {
        format!(
            "{}–{}",
            group_digits(option.rps_per_pod_min),
            group_digits(option.rps_per_pod_max)
        )
    }
}

fn headroom(option: &ComparedOption) -> String {
    if option.headroom.is_empty() {
        return "-".to_string();
    }
    option
        .headroom
        .iter()
        .map(|node| {
            format!(
                "{}: {} / {} / {}",
                node.node,
                format_cpu_millis(node.cpu_millis),
                format_bytes(node.memory_bytes),
                node.pods
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn preflight(option: &ComparedOption) -> String {
    match &option.preflight {
        None => "-".to_string(),
        Some(summary) if summary.passed => t!(
            "compare-preflight-passed",
            nodes = summary.new_nodes,
            price = format_dollars(summary.new_nodes_price_micros_per_hour)
        ),
        Some(summary) => t!(
            "compare-preflight-failed",
            pending = summary.pending,
            rejected = summary.failed_create
        ),
    }
}

/// One row per figure, one column per option, as a review table reads.
fn options_table(comparison: &Comparison) -> Block {
    let options = &comparison.options;
    let mut header = vec![t!("compare-col-item")];
    header.extend(options.iter().map(|option| option.label.clone()));
    let row = |label: String, value: &dyn Fn(&ComparedOption) -> String| -> Vec<String> {
        let mut cells = vec![label];
        cells.extend(options.iter().map(value));
        cells
    };
    let mut rows = vec![
        row(t!("compare-row-rank"), &|option| option.rank.to_string()),
        row(t!("compare-row-scenario"), &|option| {
            format!("{} ({})", option.scenario, option.file)
        }),
        row(t!("compare-row-target"), &|option| {
            format!("{} RPS", group_digits(option.target_rps))
        }),
        row(t!("plan-field-pods"), &|option| option.pods.to_string()),
        row(t!("plan-field-rps-per-pod"), &rps_per_pod),
        row(t!("plan-field-requests"), &|option| {
            cpu_memory(&option.pod_requests)
        }),
        row(t!("plan-field-limits"), &|option| {
            cpu_memory(&option.pod_limits)
        }),
        row(t!("plan-field-total-requests"), &|option| {
            cpu_memory(&option.total_requests)
        }),
        row(t!("plan-field-total-limits"), &|option| {
            cpu_memory(&option.total_limits)
        }),
        row(t!("plan-field-max-vus"), &|option| {
            t!(
                "plan-value-max-vus",
                per_pod = group_digits(option.max_vus_per_pod),
                total = group_digits(option.max_vus_total)
            )
        }),
        row(t!("compare-row-duration"), &|option| {
            t!(
                "compare-value-minutes",
                minutes = format!("{:.1}", option.test_duration_seconds as f64 / 60.0)
            )
        }),
        row(t!("plan-field-mix"), &|option| option.node_mix.clone()),
        row(t!("plan-field-placed"), &|option| {
            t!(
                "plan-value-placed",
                placed = i64::from(option.placed_pods),
                total = i64::from(option.total_pods)
            )
        }),
        row(t!("compare-row-cost-hour"), &|option| {
            format_dollars(option.cost_micros_per_hour)
        }),
        row(t!("compare-row-cost-run"), &|option| {
            format_dollars(option.instance_cost_per_run_micros)
        }),
        row(t!("compare-row-credits"), &|option| {
            format_dollars(option.credit_cost_per_run_micros)
        }),
        row(t!("compare-row-total-run"), &|option| {
            format_dollars(option.total_cost_per_run_micros)
        }),
        row(t!("compare-row-headroom"), &headroom),
        row(t!("compare-row-rps-short"), &|option| {
            option.findings.rps_short.to_string()
        }),
        row(t!("compare-row-oom"), &|option| {
            option.findings.oom_risk.to_string()
        }),
        row(t!("compare-row-cpu"), &|option| {
            option.findings.cpu_throttling.to_string()
        }),
        row(t!("compare-row-pending"), &|option| {
            option.findings.pending_pods.to_string()
        }),
        row(t!("compare-row-errors-warnings"), &|option| {
            format!("{} / {}", option.findings.errors, option.findings.warnings)
        }),
    ];
    if options.iter().any(|option| option.preflight.is_some()) {
        rows.push(row(t!("compare-row-preflight"), &preflight));
    }
    Block::Table { header, rows }
}

/// Renders the comparison for a terminal, with each option's packing as unicode bars.
pub fn compare_terminal(comparison: &Comparison) -> String {
    let mut document = compare_document(comparison);
    for option in &comparison.options {
        if option.nodes.is_empty() {
            continue;
        }
        document.push(
            Some(t!("compare-heading-packing", label = option.label.clone())),
            Block::Lines(terminal_lines(&option.nodes)),
        );
    }
    document.to_terminal()
}

/// Renders the comparison as a self-contained HTML page with charts.
pub fn compare_html(comparison: &Comparison) -> String {
    let document = compare_document(comparison);
    let mut body = document_body(&document);

    let costs: Vec<CostBar> = comparison
        .options
        .iter()
        .map(|option| CostBar {
            name: option.label.clone(),
            instance_micros: option.instance_cost_per_run_micros,
            credit_micros: option.credit_cost_per_run_micros,
        })
        .collect();
    body.push_str(&charts_section(
        &t!("compare-heading-cost-chart"),
        &[cost_chart(&t!("chart-title-cost"), &costs)],
    ));

    let total: Vec<ProfileSeries> = comparison
        .options
        .iter()
        .map(|option| ProfileSeries {
            name: option.label.clone(),
            points: option
                .profile
                .iter()
                .map(|point| (point.seconds as f64 / 60.0, point.total_rps as f64))
                .collect(),
        })
        .collect();
    let per_pod: Vec<ProfileSeries> = comparison
        .options
        .iter()
        .map(|option| ProfileSeries {
            name: option.label.clone(),
            points: option
                .profile
                .iter()
                .map(|point| {
                    // The busiest pod carries rps_per_pod_max of target_rps at every moment.
                    let share = option.rps_per_pod_max as f64 / option.target_rps.max(1) as f64;
                    (point.seconds as f64 / 60.0, point.total_rps as f64 * share)
                })
                .collect(),
        })
        .collect();
    body.push_str(&charts_section(
        &t!("compare-heading-profile-chart"),
        &[
            profile_chart(&t!("chart-title-profile-total"), &total),
            profile_chart(&t!("chart-title-profile-pod"), &per_pod),
        ],
    ));

    for option in &comparison.options {
        if option.nodes.is_empty() {
            continue;
        }
        body.push_str(&charts_section(
            &t!("compare-heading-packing", label = option.label.clone()),
            &[
                packing_chart(
                    &t!("chart-title-packing-cpu"),
                    &option.nodes,
                    BarResource::Cpu,
                ),
                packing_chart(
                    &t!("chart-title-packing-memory"),
                    &option.nodes,
                    BarResource::Memory,
                ),
            ],
        ));
    }
    page(&document.title, &body)
}
