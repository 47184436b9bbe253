//! Charts as SVG text, drawn with plotters' SVG backend: node packing, the load profile
//! over time and the cost per option. The SVG is embedded in HTML reports.

use plotters::prelude::*;

use super::packing::{BarResource, NodeBar};
use crate::t;

const DAEMONSET_COLOR: RGBColor = RGBColor(160, 160, 160);
const POD_COLORS: [RGBColor; 2] = [RGBColor(31, 119, 180), RGBColor(92, 163, 214)];
const ALLOCATABLE_COLOR: RGBColor = RGBColor(214, 39, 40);
const CREDIT_COLOR: RGBColor = RGBColor(255, 127, 14);
/// Line colours for options, in order. They repeat past ten options.
const SERIES_COLORS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

const FONT: &str = "sans-serif";

type ChartResult = Result<(), String>;

fn failed<E: std::fmt::Debug>(error: E) -> String {
    format!("{error:?}")
}

/// Draws into an SVG string. A drawing error becomes a short localized note instead.
fn svg(draw: impl FnOnce(&mut String) -> ChartResult) -> String {
    let mut text = String::new();
    match draw(&mut text) {
        Ok(()) => text.replacen("<svg ", "<svg role=\"img\" ", 1),
        Err(error) => format!(
            "<p class=\"chart-error\">{}</p>",
            super::html::escape(&t!("chart-failed", error = error))
        ),
    }
}

/// Node packing of one resource: each node a bar of DaemonSets and runner pods, with a
/// red line at its allocatable.
pub fn packing_chart(title: &str, bars: &[NodeBar], resource: BarResource) -> String {
    let (unit_name, scale) = match resource {
        BarResource::Cpu => (t!("chart-axis-cores"), 1000.0),
        BarResource::Memory => (t!("chart-axis-gib"), 1024.0 * 1024.0 * 1024.0),
    };
    let count = u32::try_from(bars.len()).unwrap_or(u32::MAX).max(1);
    let top = bars
        .iter()
        .map(|bar| bar.used(resource).max(bar.parts(resource).2))
        .max()
        .unwrap_or(1)
        .max(1) as f64
        / scale
        * 1.1;
    let width = 160 + 90 * count.min(12);
    svg(|text| {
        let root = SVGBackend::with_string(text, (width, 360)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            // plotters counts both ends of an integer range, so 0..count-1 is count bars.
            .build_cartesian_2d((0..count - 1).into_segmented(), 0.0..top)
            .map_err(failed)?;
        let labels: Vec<String> = bars.iter().map(|bar| bar.label.clone()).collect();
        let formatter = |value: &SegmentValue<u32>| match value {
            SegmentValue::CenterOf(index) | SegmentValue::Exact(index) => {
                labels.get(*index as usize).cloned().unwrap_or_default()
            }
            SegmentValue::Last => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(bars.len().max(1))
            .x_label_formatter(&formatter)
            .y_desc(unit_name)
            .label_style((FONT, 12))
            .draw()
            .map_err(failed)?;

        let segment = |index: usize, from: f64, to: f64, color: RGBColor| {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            let mut rectangle = Rectangle::new(
                [
                    (SegmentValue::Exact(index), from),
                    (SegmentValue::Exact(index + 1), to),
                ],
                color.filled(),
            );
            rectangle.set_margin(0, 0, 14, 14);
            rectangle
        };
        chart
            .draw_series(bars.iter().enumerate().map(|(index, bar)| {
                let (daemonsets, _, _) = bar.parts(resource);
                segment(index, 0.0, daemonsets as f64 / scale, DAEMONSET_COLOR)
            }))
            .map_err(failed)?
            .label(t!("chart-legend-daemonsets"))
            .legend(|(x, y)| {
                Rectangle::new([(x, y - 5), (x + 12, y + 5)], DAEMONSET_COLOR.filled())
            });
        let mut pods = Vec::new();
        for (index, bar) in bars.iter().enumerate() {
            let (daemonsets, pod, _) = bar.parts(resource);
            for number in 0..i64::from(bar.runner_pods) {
                let from = daemonsets.saturating_add(pod.saturating_mul(number)) as f64 / scale;
                let to = daemonsets.saturating_add(pod.saturating_mul(number + 1)) as f64 / scale;
                let mut rectangle = segment(index, from, to, POD_COLORS[(number % 2) as usize]);
                rectangle.set_margin(1, 1, 14, 14);
                pods.push(rectangle);
            }
        }
        chart
            .draw_series(pods)
            .map_err(failed)?
            .label(t!("chart-legend-runner-pods"))
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], POD_COLORS[0].filled()));
        chart
            .draw_series(bars.iter().enumerate().map(|(index, bar)| {
                let index = u32::try_from(index).unwrap_or(u32::MAX);
                let allocatable = bar.parts(resource).2 as f64 / scale;
                PathElement::new(
                    vec![
                        (SegmentValue::Exact(index), allocatable),
                        (SegmentValue::Exact(index + 1), allocatable),
                    ],
                    ALLOCATABLE_COLOR.stroke_width(3),
                )
            }))
            .map_err(failed)?
            .label(t!("chart-legend-allocatable"))
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 12, y)], ALLOCATABLE_COLOR.stroke_width(3))
            });
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font((FONT, 12))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)
    })
}

/// One line of a load-profile chart: a name and (minutes, RPS) points.
pub struct ProfileSeries {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// The load profile over time, one line per option.
pub fn profile_chart(title: &str, series: &[ProfileSeries]) -> String {
    let end = series
        .iter()
        .flat_map(|line| line.points.iter().map(|point| point.0))
        .fold(1.0_f64, f64::max);
    let top = series
        .iter()
        .flat_map(|line| line.points.iter().map(|point| point.1))
        .fold(1.0_f64, f64::max)
        * 1.1;
    svg(|text| {
        let root = SVGBackend::with_string(text, (720, 360)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..end, 0.0..top)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_desc(t!("chart-axis-minutes"))
            .y_desc(t!("chart-axis-rps"))
            .y_label_formatter(&|value| super::group_digits(value.max(0.0).round() as u64))
            .label_style((FONT, 12))
            .draw()
            .map_err(failed)?;
        for (index, line) in series.iter().enumerate() {
            let color = SERIES_COLORS[index % SERIES_COLORS.len()];
            chart
                .draw_series(LineSeries::new(
                    line.points.iter().copied(),
                    color.stroke_width(2),
                ))
                .map_err(failed)?
                .label(line.name.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font((FONT, 12))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)
    })
}

/// One bar of the cost chart: instance cost and credit charges per run, in micro-dollars.
pub struct CostBar {
    pub name: String,
    pub instance_micros: i64,
    pub credit_micros: i64,
}

/// Cost per test run for each option: instances, with T3/T3a surplus credits on top.
pub fn cost_chart(title: &str, bars: &[CostBar]) -> String {
    let count = u32::try_from(bars.len()).unwrap_or(u32::MAX).max(1);
    let dollars = |micros: i64| micros as f64 / 1_000_000.0;
    let top = bars
        .iter()
        .map(|bar| dollars(bar.instance_micros.saturating_add(bar.credit_micros)))
        .fold(0.01_f64, f64::max)
        * 1.15;
    let width = 200 + 110 * count.min(12);
    svg(|text| {
        let root = SVGBackend::with_string(text, (width, 340)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(64)
            // plotters counts both ends of an integer range, so 0..count-1 is count bars.
            .build_cartesian_2d((0..count - 1).into_segmented(), 0.0..top)
            .map_err(failed)?;
        let names: Vec<String> = bars.iter().map(|bar| bar.name.clone()).collect();
        let formatter = |value: &SegmentValue<u32>| match value {
            SegmentValue::CenterOf(index) | SegmentValue::Exact(index) => {
                names.get(*index as usize).cloned().unwrap_or_default()
            }
            SegmentValue::Last => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(bars.len().max(1))
            .x_label_formatter(&formatter)
            .y_desc(t!("chart-axis-dollars-per-run"))
            .y_label_formatter(&|value| format!("${value:.2}"))
            .label_style((FONT, 12))
            .draw()
            .map_err(failed)?;
        let rectangle = |index: usize, from: f64, to: f64, color: RGBColor| {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            let mut rectangle = Rectangle::new(
                [
                    (SegmentValue::Exact(index), from),
                    (SegmentValue::Exact(index + 1), to),
                ],
                color.filled(),
            );
            rectangle.set_margin(0, 0, 18, 18);
            rectangle
        };
        chart
            .draw_series(bars.iter().enumerate().map(|(index, bar)| {
                rectangle(index, 0.0, dollars(bar.instance_micros), POD_COLORS[0])
            }))
            .map_err(failed)?
            .label(t!("chart-legend-instances"))
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], POD_COLORS[0].filled()));
        chart
            .draw_series(bars.iter().enumerate().map(|(index, bar)| {
                let from = dollars(bar.instance_micros);
                rectangle(index, from, from + dollars(bar.credit_micros), CREDIT_COLOR)
            }))
            .map_err(failed)?
            .label(t!("chart-legend-credits"))
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], CREDIT_COLOR.filled()));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font((FONT, 12))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)
    })
}
