//! Node packing: what fills each node of a plan (DaemonSets, then runner pods) against
//! its allocatable, as data for charts and as unicode bars for a terminal.

use serde::Serialize;

use crate::optimize::NodeSource;
use crate::plan::PlanReport;
use crate::quantity::{format_bytes, format_cpu_millis};
use crate::t;

/// One node of the cheapest mix, split into what is requested on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeBar {
    pub label: String,
    pub daemonset_cpu_millis: i64,
    pub daemonset_memory_bytes: i64,
    pub runner_pods: u32,
    pub pod_cpu_millis: i64,
    pub pod_memory_bytes: i64,
    pub allocatable_cpu_millis: i64,
    pub allocatable_memory_bytes: i64,
}

/// The resource a bar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarResource {
    Cpu,
    Memory,
}

impl NodeBar {
    /// DaemonSet share, one pod's share and the allocatable, in the resource's unit.
    pub fn parts(&self, resource: BarResource) -> (i64, i64, i64) {
        match resource {
            BarResource::Cpu => (
                self.daemonset_cpu_millis,
                self.pod_cpu_millis,
                self.allocatable_cpu_millis,
            ),
            BarResource::Memory => (
                self.daemonset_memory_bytes,
                self.pod_memory_bytes,
                self.allocatable_memory_bytes,
            ),
        }
    }

    /// Requested in all: DaemonSets plus every runner pod.
    pub fn used(&self, resource: BarResource) -> i64 {
        let (daemonsets, pod, _) = self.parts(resource);
        daemonsets.saturating_add(pod.saturating_mul(i64::from(self.runner_pods)))
    }
}

/// Returns one bar per node of the plan's cheapest mix. A new node's allocatable comes
/// from its instance type. An existing node shows only the room it had free.
pub fn node_bars(report: &PlanReport) -> Vec<NodeBar> {
    let pod = report.sizing.pod_requests();
    let daemonsets = &report.daemonset_overhead;
    report
        .optimal
        .plan
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let runner_pods: u32 = node.pods.iter().map(|group| group.count).sum();
            let free = node.requested.plus(&node.headroom);
            match &node.source {
                NodeSource::New { instance_type, .. } => {
                    let allocatable = report
                        .node_types
                        .iter()
                        .find(|fit| &fit.instance_type == instance_type)
                        .map(|fit| fit.allocatable.clone())
                        .unwrap_or_else(|| free.plus(daemonsets));
                    NodeBar {
                        label: format!("#{} {instance_type}", index + 1),
                        daemonset_cpu_millis: daemonsets.cpu_millis,
                        daemonset_memory_bytes: daemonsets.memory_bytes,
                        runner_pods,
                        pod_cpu_millis: pod.cpu_millis,
                        pod_memory_bytes: pod.memory_bytes,
                        allocatable_cpu_millis: allocatable.cpu_millis,
                        allocatable_memory_bytes: allocatable.memory_bytes,
                    }
                }
                // NOTE: the scenario gives an existing node's free room, not its allocatable
                // or its pods, so its bar is scaled to that room and has no DaemonSet part.
                NodeSource::Existing { name } => NodeBar {
                    label: name.clone(),
                    daemonset_cpu_millis: 0,
                    daemonset_memory_bytes: 0,
                    runner_pods,
                    pod_cpu_millis: pod.cpu_millis,
                    pod_memory_bytes: pod.memory_bytes,
                    allocatable_cpu_millis: free.cpu_millis,
                    allocatable_memory_bytes: free.memory_bytes,
                },
            }
        })
        .collect()
}

/// Cells of a full bar: a node's allocatable.
const BAR_CELLS: i64 = 40;

/// Renders the bars for a terminal: `▒` DaemonSets, `█`/`▓` alternating runner pods,
/// `░` allocatable left, one line per node and resource, and a legend first.
pub fn terminal_lines(bars: &[NodeBar]) -> Vec<String> {
    let mut lines = vec![t!("packing-legend")];
    let label_width = bars
        .iter()
        .map(|bar| bar.label.chars().count())
        .max()
        .unwrap_or(0);
    for bar in bars {
        for resource in [BarResource::Cpu, BarResource::Memory] {
            let (name, used, allocatable) = match resource {
                BarResource::Cpu => (
                    "cpu   ",
                    format_cpu_millis(bar.used(resource)),
                    format_cpu_millis(bar.allocatable_cpu_millis),
                ),
                BarResource::Memory => (
                    "memory",
                    format_bytes(bar.used(resource)),
                    format_bytes(bar.allocatable_memory_bytes),
                ),
            };
            let label = if resource == BarResource::Cpu {
                bar.label.clone()
            } else {
                String::new()
            };
            let pad = " ".repeat(label_width - label.chars().count());
            lines.push(format!(
                "{label}{pad}  {name} {} {used} / {allocatable}",
                bar_cells(bar, resource)
            ));
        }
    }
    lines
}

/// Draws one bar. Segment ends are rounded from the running total, so rounding errors do
/// not add up across pods. A request past the allocatable is cut at the bar's end.
pub fn bar_cells(bar: &NodeBar, resource: BarResource) -> String {
    let (daemonsets, pod, allocatable) = bar.parts(resource);
    if allocatable <= 0 {
        return "?".repeat(BAR_CELLS as usize);
    }
    let cell = |amount: i64| -> i64 {
        let scaled = i128::from(amount.max(0)) * i128::from(BAR_CELLS);
        let rounded = (scaled + i128::from(allocatable) / 2) / i128::from(allocatable);
        i64::try_from(rounded.min(i128::from(BAR_CELLS))).unwrap_or(BAR_CELLS)
    };
    let mut text = String::new();
    let mut drawn = 0;
    let mut push = |text: &mut String, end: i64, symbol: char| {
        let end = end.min(BAR_CELLS);
        while drawn < end {
            text.push(symbol);
            drawn += 1;
        }
    };
    push(&mut text, cell(daemonsets), '▒');
    for index in 0..i64::from(bar.runner_pods) {
        let end = cell(daemonsets.saturating_add(pod.saturating_mul(index + 1)));
        push(&mut text, end, if index % 2 == 0 { '█' } else { '▓' });
    }
    push(&mut text, BAR_CELLS, '░');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(pods: u32) -> NodeBar {
        NodeBar {
            label: "#1 t3a.2xlarge".to_string(),
            daemonset_cpu_millis: 180,
            daemonset_memory_bytes: 104 << 20,
            runner_pods: pods,
            pod_cpu_millis: 2000,
            pod_memory_bytes: 4 << 30,
            allocatable_cpu_millis: 7910,
            allocatable_memory_bytes: 29317 << 20,
        }
    }

    #[test]
    fn cpu_bar_splits_node() {
        let text = bar_cells(&bar(3), BarResource::Cpu);
        // 40 cells for 7910m: DaemonSets 180 × 40 / 7910 = 0.91 → 1 cell;
        // pod ends at 2180 → 11.02 → 11, 4180 → 21.14 → 21, 6180 → 31.25 → 31; free to 40.
        let expected = format!(
            "▒{}{}{}{}",
            "█".repeat(10),
            "▓".repeat(10),
            "█".repeat(10),
            "░".repeat(9)
        );
        assert_eq!(text, expected);
        assert_eq!(text.chars().count(), 40);
    }

    #[test]
    fn overfull_bar_is_cut() {
        let text = bar_cells(&bar(5), BarResource::Cpu);
        // 180 + 5 × 2000 = 10180m > 7910m: the bar is full, with no free cells.
        assert_eq!(text.chars().count(), 40);
        assert!(!text.contains('░'), "{text}");
    }
}
