//! `capplan compare` end to end: every figure of a compared option equals what
//! `capplan plan -o json` reports for the same scenario, in JSON, Markdown and HTML.

mod common;

use capplan::report::{format_dollars, group_digits};
use common::{capplan, capplan_json};
use serde_json::Value;

const BUNDLED: [&str; 4] = [
    "scenarios/10k.yaml",
    "scenarios/30k.yaml",
    "scenarios/50k.yaml",
    "scenarios/50k-6x.yaml",
];

fn plan(path: &str) -> Value {
    capplan_json(&["plan", path]).1
}

fn micros(value: &Value) -> i64 {
    value.as_i64().expect("an integer")
}

/// Checks one compared option against the plan of its scenario, field by field.
fn assert_matches_plan(option: &Value, plan: &Value) {
    let sizing = &plan["sizing"];
    let optimal = &plan["optimal"];
    let label = option["label"].as_str().unwrap_or("?");
    assert_eq!(option["pods"], sizing["pods"], "{label}: pods");
    let rates: Vec<u64> = sizing["rps_per_pod"]
        .as_array()
        .expect("rps_per_pod")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    assert_eq!(
        option["rps_per_pod_min"],
        rates.iter().min().copied().unwrap_or(0)
    );
    assert_eq!(
        option["rps_per_pod_max"],
        rates.iter().max().copied().unwrap_or(0)
    );
    assert_eq!(option["pod_requests"], sizing["requests"], "{label}");
    assert_eq!(option["pod_limits"], sizing["limits"], "{label}");
    assert_eq!(
        option["total_requests"], sizing["totals"]["requests"],
        "{label}"
    );
    assert_eq!(
        option["total_limits"], sizing["totals"]["limits"],
        "{label}"
    );
    assert_eq!(
        option["max_vus_per_pod"], sizing["max_vus_per_pod"],
        "{label}"
    );
    assert_eq!(
        option["max_vus_total"], sizing["totals"]["max_vus"],
        "{label}"
    );
    assert_eq!(
        option["test_duration_seconds"], plan["scenario"]["test_duration_seconds"],
        "{label}"
    );
    assert_eq!(option["new_nodes"], optimal["plan"]["new_nodes"], "{label}");
    assert_eq!(
        option["placed_pods"], optimal["plan"]["placed_pods"],
        "{label}"
    );
    assert_eq!(
        option["total_pods"], optimal["plan"]["total_pods"],
        "{label}"
    );
    assert_eq!(
        option["cost_micros_per_hour"], optimal["plan"]["cost_micros"],
        "{label}"
    );
    for field in [
        "instance_cost_per_run_micros",
        "credit_cost_per_run_micros",
        "total_cost_per_run_micros",
    ] {
        assert_eq!(option[field], optimal[field], "{label}: {field}");
    }
    let nodes = optimal["plan"]["nodes"].as_array().expect("nodes");
    let headroom = option["headroom"].as_array().expect("headroom");
    assert_eq!(headroom.len(), nodes.len(), "{label}");
    for (row, node) in headroom.iter().zip(nodes) {
        assert_eq!(row["cpu_millis"], node["headroom"]["cpu_millis"], "{label}");
        assert_eq!(
            row["memory_bytes"], node["headroom"]["memory_bytes"],
            "{label}"
        );
        assert_eq!(row["pods"], node["headroom"]["pods"], "{label}");
    }
    let findings = plan["findings"].as_array().expect("findings");
    let count = |code: &str| findings.iter().filter(|f| f["code"] == code).count();
    let severity = |level: &str| findings.iter().filter(|f| f["severity"] == level).count();
    assert_eq!(
        option["findings"]["rps_short"],
        count("rps-short"),
        "{label}"
    );
    assert_eq!(option["findings"]["oom_risk"], count("oom-risk"), "{label}");
    assert_eq!(
        option["findings"]["cpu_throttling"],
        count("cpu-throttling"),
        "{label}"
    );
    assert_eq!(option["findings"]["errors"], severity("error"), "{label}");
    assert_eq!(
        option["findings"]["warnings"],
        severity("warning"),
        "{label}"
    );
}

/// The cells of the Markdown table row whose first cell is `label`.
fn markdown_row(markdown: &str, label: &str) -> Vec<String> {
    let prefix = format!("| {label} |");
    let line = markdown
        .lines()
        .find(|line| line.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no row {label}:\n{markdown}"));
    line.trim_matches('|')
        .split(" | ")
        .map(|cell| cell.trim().to_string())
        .skip(1)
        .collect()
}

/// The cells of the HTML table row whose first cell is `label`.
fn html_row(html: &str, label: &str) -> Vec<String> {
    let prefix = format!("<tr><td>{label}</td>");
    let line = html
        .lines()
        .find(|line| line.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no row {label}"));
    line.trim_start_matches(&prefix)
        .trim_end_matches("</tr>")
        .split("</td>")
        .filter(|cell| !cell.is_empty())
        .map(|cell| cell.trim_start_matches("<td>").to_string())
        .collect()
}

/// Expected cells of the rendered table, computed from the plans' JSON.
fn expected_rows(plans: &[Value]) -> Vec<(&'static str, Vec<String>)> {
    let each = |f: &dyn Fn(&Value) -> String| plans.iter().map(f).collect::<Vec<_>>();
    vec![
        ("pods", each(&|plan| plan["sizing"]["pods"].to_string())),
        (
            "cost per hour",
            each(&|plan| format_dollars(micros(&plan["optimal"]["plan"]["cost_micros"]))),
        ),
        (
            "instances per run",
            each(&|plan| format_dollars(micros(&plan["optimal"]["instance_cost_per_run_micros"]))),
        ),
        (
            "T3/T3a surplus credits per run (estimate)",
            each(&|plan| format_dollars(micros(&plan["optimal"]["credit_cost_per_run_micros"]))),
        ),
        (
            "cost per run in all",
            each(&|plan| format_dollars(micros(&plan["optimal"]["total_cost_per_run_micros"]))),
        ),
        (
            "pods placed",
            each(&|plan| {
                format!(
                    "{} of {}",
                    plan["optimal"]["plan"]["placed_pods"], plan["optimal"]["plan"]["total_pods"]
                )
            }),
        ),
        (
            "maxVUs",
            each(&|plan| {
                format!(
                    "{} per pod, {} in total",
                    group_digits(plan["sizing"]["max_vus_per_pod"].as_u64().unwrap_or(0)),
                    group_digits(plan["sizing"]["totals"]["max_vus"].as_u64().unwrap_or(0))
                )
            }),
        ),
    ]
}

#[test]
fn bundled_comparison_equals_each_plan() {
    let mut args = vec!["compare"];
    args.extend(BUNDLED);
    let (code, json) = capplan_json(&args);
    // 10k, 30k and 50k place every pod without an error finding, so the first is viable.
    assert_eq!(code, 0);
    let plans: Vec<Value> = BUNDLED.iter().map(|path| plan(path)).collect();
    let options = json["options"].as_array().expect("options");
    assert_eq!(options.len(), 4);
    for (option, plan) in options.iter().zip(&plans) {
        assert_matches_plan(option, plan);
    }

    let mut markdown_args = args.clone();
    markdown_args.extend(["-o", "markdown"]);
    let markdown = capplan(&markdown_args).stdout;
    let mut html_args = args.clone();
    html_args.extend(["-o", "html"]);
    let html = capplan(&html_args).stdout;
    for (label, expected) in expected_rows(&plans) {
        assert_eq!(markdown_row(&markdown, label), expected, "markdown {label}");
        assert_eq!(html_row(&html, label), expected, "html {label}");
    }
}

#[test]
fn six_pods_rank_last_for_cpu() {
    let mut args = vec!["compare"];
    args.extend(BUNDLED);
    let (_, json) = capplan_json(&args);
    // 50k-6x runs 8,334 RPS on a 3-core limit at 2,000 RPS per core: 4,167m, an error.
    // The targets differ, so the three viable ones are ordered by cost per run with
    // credits per 1,000 RPS: 10k $0.1189 / 10 = $0.0119, 30k $0.3915 / 30 = $0.0130,
    // 50k $0.6652 / 50 = $0.0133 (credits integrated over each profile, see cli_plan.rs).
    assert_eq!(json["ranking"], serde_json::json!([0, 1, 2, 3]));
    assert_eq!(json["options"][3]["viable"], false);
    let reason = json["reason"].as_str().unwrap_or("");
    assert!(
        reason.contains("cost per run for each 1,000 RPS"),
        "{reason}"
    );
    assert!(reason.contains("10k comes first"), "{reason}");
    assert!(reason.contains("$0.0119 per 1,000 RPS"), "{reason}");
}

#[test]
fn vary_pods_matches_both_files() {
    let (code, json) = capplan_json(&["compare", "scenarios/50k.yaml", "--vary", "pods=6,10"]);
    assert_eq!(code, 0);
    assert_eq!(json["varied"], "pods");
    let options = json["options"].as_array().expect("options");
    assert_eq!(options[0]["label"], "pods=6");
    assert_eq!(options[1]["label"], "pods=10");
    // Six pods share the 50k total profile exactly as scenarios/50k-6x.yaml writes it out.
    // Ten pods are scenarios/50k.yaml itself.
    assert_matches_plan(&options[0], &plan("scenarios/50k-6x.yaml"));
    assert_matches_plan(&options[1], &plan("scenarios/50k.yaml"));
    // Ten pods of 5k are viable; six pods of 8.3k exceed the CPU limit, so ten rank first.
    assert_eq!(json["ranking"], serde_json::json!([1, 0]));
}

#[test]
fn vary_instance_types_joins_with_plus() {
    let (_, json) = capplan_json(&[
        "compare",
        "scenarios/30k.yaml",
        "--vary",
        "instance-types=t3a.xlarge+t3a.2xlarge,t3a.xlarge",
    ]);
    let options = json["options"].as_array().expect("options");
    assert_eq!(options.len(), 2);
    // t3a.xlarge alone holds one 2-core runner per node (3740m after DaemonSets): 6 nodes.
    assert_eq!(options[1]["node_mix"], "6 × t3a.xlarge");
    assert_eq!(options[1]["new_nodes"], 6);
}

#[test]
fn spot_is_rejected_with_exit_2() {
    let run = capplan(&[
        "compare",
        "scenarios/30k.yaml",
        "--vary",
        "capacity-type=spot,on-demand",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("on-demand"), "{}", run.stderr);
    let run = capplan(&[
        "compare",
        "scenarios/30k.yaml",
        "scenarios/50k.yaml",
        "--vary",
        "pods=6",
    ]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_snapshot_adds_the_preflight_verdict() {
    let (_, json) = capplan_json(&[
        "compare",
        "scenarios/30k.yaml",
        "scenarios/50k.yaml",
        "--snapshot",
        "scenarios/snapshot/eks-loadtest.json",
    ]);
    for option in json["options"].as_array().expect("options") {
        assert!(option["preflight"].is_object(), "{option}");
    }
    let table = capplan(&[
        "compare",
        "scenarios/30k.yaml",
        "--snapshot",
        "scenarios/snapshot/eks-loadtest.json",
    ]);
    assert!(
        table.stdout.contains("preflight against the cluster"),
        "{}",
        table.stdout
    );
}

#[test]
fn html_charts_render_in_chromium() {
    let chromium = std::path::Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        println!("skipped: /usr/bin/chromium is not installed (apt-get install chromium)");
        return;
    }
    let mut args = vec!["compare"];
    args.extend(BUNDLED);
    args.extend(["-o", "html"]);
    let html = capplan(&args).stdout;
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("compare.html");
    std::fs::write(&page, &html).expect("write page");
    let url = format!("file://{}", page.display());
    let shot = dir.path().join("compare.png");
    let chromium_run = |extra: &[String]| {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut command = std::process::Command::new(chromium);
        command.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ]);
        command.arg(format!("--user-data-dir={}", profile.path().display()));
        command.args(extra);
        command.arg(&url);
        command.output().expect("run chromium")
    };
    let dom = chromium_run(&["--dump-dom".to_string()]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    // One cost chart, two load-profile charts, and CPU and memory packing for 4 options.
    assert_eq!(dom.matches("<svg").count(), 1 + 2 + 4 * 2, "{dom}");
    assert!(dom.matches("<rect").count() > 20, "bars drawn");
    assert!(dom.matches("<polyline").count() >= 8, "profile lines drawn");

    chromium_run(&[
        format!("--screenshot={}", shot.display()),
        "--window-size=1280,2400".to_string(),
    ]);
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    assert!(png.len() > 10_000, "a screenshot with content");
}
