//! Scale benchmarks: the optimizer over 2, 28 and every catalog type with 1, 3 and 10
//! pod shapes; preflight end to end at Kubernetes' scale limits and at everyday size,
//! against the time to parse the same snapshot.
//!
//! Run all of it with `cargo bench --bench scale`; pass `plan`, `preflight`, `max`,
//! `everyday` or `catalog` after `--` to run a part.

#[path = "support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use capplan::catalog::{Catalog, NodeModel};
use capplan::cluster::load::load_snapshot_files;
use capplan::manifest::{Workload, load_manifests};
use capplan::optimize::{self, Limits, NodeOption, Problem};
use capplan::plan::{NodeTypeFit, PlanOptions, plan};
use capplan::preflight::{PreflightOptions, preflight};
use capplan::scenario::Scenario;

use synth::ClusterSpec;

/// The allocator the `capplan` binary uses, so that in-process parse times are
/// comparable with the whole-process runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MIB: i64 = 1024 * 1024;
/// Solver time limit of the plan runs: the 1 s target for ten pod shapes. A run that
/// reaches it reports its gap to the LP bound.
const PLAN_TIME_LIMIT: Duration = Duration::from_secs(1);

/// Timings of repeated runs.
struct Samples(Vec<Duration>);

impl Samples {
    fn measure(runs: usize, mut run: impl FnMut()) -> Samples {
        let mut samples = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            run();
            samples.push(start.elapsed());
        }
        Samples(samples)
    }

    fn median(&self) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort();
        sorted[sorted.len() / 2]
    }

    fn summary(&self) -> String {
        let min = self.0.iter().min().copied().unwrap_or_default();
        let max = self.0.iter().max().copied().unwrap_or_default();
        format!(
            "median {} (min {}, max {}, n={})",
            ms(self.median()),
            ms(min),
            ms(max),
            self.0.len()
        )
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

fn dollars(micros: i64) -> String {
    format!("${:.4}/h", micros as f64 / 1e6)
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let wants = |part: &str| filters.is_empty() || filters.iter().any(|f| f == part);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    println!("machine: {}", machine());

    if wants("plan") {
        bench_plan(&root);
    }
    if wants("preflight") || wants("everyday") {
        bench_preflight(&root, "everyday", &ClusterSpec::everyday(), 20);
    }
    if wants("preflight") || wants("max") {
        bench_preflight(&root, "max", &ClusterSpec::max_scale(), 3);
    }
    if wants("catalog") {
        bench_catalog(&root);
    }
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split(':').nth(1))
        .unwrap_or("unknown")
        .trim()
        .to_string();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find(|line| line.starts_with("MemTotal"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kib| kib.parse::<u64>().ok())
        .map_or("unknown".to_string(), |kib| {
            format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0)
        });
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {model}, {memory}")
}

fn bench_plan(root: &Path) {
    let scenario = match Scenario::load(&root.join("scenarios/50k.yaml")) {
        Ok(scenario) => scenario,
        Err(error) => panic!("scenarios/50k.yaml: {error}"),
    };
    let catalog = Catalog::bundled().expect("bundled catalog");
    let all = synth::usable_types(&scenario, &catalog);
    let type_sets: [(&str, Vec<String>); 3] = [
        ("2 types", scenario.instance_types().to_vec()),
        (
            "28 types",
            capplan::catalog::COMMON_TYPES
                .iter()
                .map(|t| t.to_string())
                .collect(),
        ),
        ("all types", all),
    ];
    println!(
        "\n== plan: scenarios/50k.yaml, solver {} ==",
        optimize::SOLVER
    );
    for (label, types) in type_sets {
        let options = PlanOptions {
            instance_types: Some(types.clone()),
            time_limit: PLAN_TIME_LIMIT,
            ..PlanOptions::default()
        };
        let report = plan(&scenario, &catalog, &options).expect("plan");
        let samples = Samples::measure(5, || {
            plan(&scenario, &catalog, &options).expect("plan");
        });
        println!(
            "plan {label:>9}, 1 shape  ({} options): {}",
            report.node_types.len(),
            samples.summary()
        );
        print_costs(&report.optimal.plan, &report.karpenter.plan);

        let runner = report.sizing.pod_requests();
        let node_options: Vec<NodeOption> = report
            .node_types
            .iter()
            .map(NodeTypeFit::node_option)
            .collect();
        for shape_count in [3, 10] {
            let problem = Problem {
                pod_groups: synth::pod_groups(
                    &runner,
                    report.sizing.pods,
                    &synth::OTHER_PODS[..shape_count - 1],
                ),
                node_options: node_options.clone(),
                existing_nodes: Vec::new(),
                limits: Limits::default(),
                time_limit: PLAN_TIME_LIMIT,
            };
            let result = optimize::solve(&problem);
            let samples = Samples::measure(3, || {
                let _ = optimize::solve(&problem);
            });
            let greedy = optimize::karpenter_greedy(&problem);
            match result {
                Ok(solved) => {
                    println!(
                        "plan {label:>9}, {shape_count} shapes ({} options): {}",
                        problem.node_options.len(),
                        samples.summary()
                    );
                    print_costs(&solved, &greedy);
                }
                Err(error) => println!(
                    "plan {label:>9}, {shape_count} shapes: error after {}: {error}",
                    samples.summary()
                ),
            }
        }
    }
}

fn print_costs(plan: &optimize::Plan, greedy: &optimize::Plan) {
    let bound = plan.lower_bound_micros.map_or("none".to_string(), dollars);
    println!(
        "    plan {} ({:?}, {} nodes, {}/{} pods), LP bound {bound}, Karpenter greedy {} ({} nodes), greedy/plan {:.3}",
        dollars(plan.cost_micros),
        plan.status,
        plan.new_nodes,
        plan.placed_pods,
        plan.total_pods,
        dollars(greedy.cost_micros),
        greedy.new_nodes,
        greedy.cost_micros as f64 / plan.cost_micros.max(1) as f64,
    );
}

fn bench_preflight(root: &Path, label: &str, spec: &ClusterSpec, runs: usize) {
    let data = root.join("target/bench-data");
    let generated = synth::write(spec, &data).expect("write the synthetic cluster");
    let size = std::fs::metadata(&generated.snapshot).map_or(0, |m| m.len());
    println!(
        "\n== preflight {label}: {} nodes, {} pods, {} DaemonSets, {} NodePools, {} new pods; snapshot {:.1} MiB ==",
        spec.nodes,
        spec.pods,
        spec.daemon_sets,
        spec.node_pools,
        spec.new_pods,
        size as f64 / MIB as f64
    );

    let snapshot = vec![generated.snapshot.clone()];
    let parse = Samples::measure(runs, || {
        load_snapshot_files(&snapshot).expect("parse");
    });
    println!("parse only (in process):      {}", parse.summary());

    let cluster = load_snapshot_files(&snapshot).expect("parse");
    let manifests = load_manifests(std::slice::from_ref(&generated.manifests), Some("default"))
        .expect("manifests");
    let workloads: Vec<Workload> = manifests.workloads.clone();
    let catalog = Catalog::bundled().expect("catalog");
    let model = NodeModel::default();
    let options = PreflightOptions::default();
    let report = preflight(
        &cluster,
        &workloads,
        Some(&manifests),
        &catalog,
        &model,
        &options,
    )
    .expect("preflight");
    let simulate = Samples::measure(runs, || {
        preflight(
            &cluster,
            &workloads,
            Some(&manifests),
            &catalog,
            &model,
            &options,
        )
        .expect("preflight");
    });
    println!(
        "preflight after parse:        {}  ({:.2}× parse)",
        simulate.summary(),
        simulate.median().as_secs_f64() / parse.median().as_secs_f64()
    );
    println!(
        "    {} pods: {} on existing nodes, {} on {} new nodes ({}), {} pending",
        report.summary.pods,
        report.summary.scheduled,
        report.summary.on_new_nodes,
        report.summary.new_nodes,
        dollars(report.summary.new_nodes_price_micros_per_hour),
        report.summary.pending
    );

    let binary = env!("CARGO_BIN_EXE_capplan");
    let preflight_args: Vec<String> = vec![
        "preflight".into(),
        "--snapshot".into(),
        generated.snapshot.display().to_string(),
        "-f".into(),
        generated.manifests.display().to_string(),
        "-o".into(),
        "json".into(),
    ];
    whole_process(
        &format!("capplan preflight ({label})"),
        binary,
        &preflight_args,
        runs,
        parse.median(),
    );
    if label == "everyday" {
        let plan_args: Vec<String> = vec![
            "plan".into(),
            root.join("scenarios/50k.yaml").display().to_string(),
            "-o".into(),
            "json".into(),
        ];
        whole_process(
            "capplan plan (50k)",
            binary,
            &plan_args,
            runs,
            parse.median(),
        );
    }
}

/// Runs the binary under `/usr/bin/time -v` and reports wall time and peak RSS.
fn whole_process(label: &str, binary: &str, args: &[String], runs: usize, floor: Duration) {
    let mut walls = Vec::new();
    let mut peak_kib = 0u64;
    for _ in 0..runs {
        let start = Instant::now();
        let output = Command::new("/usr/bin/time")
            .arg("-v")
            .arg(binary)
            .args(args)
            .output()
            .expect("run /usr/bin/time");
        walls.push(start.elapsed());
        let stderr = String::from_utf8_lossy(&output.stderr);
        let rss = stderr
            .lines()
            .find_map(|line| {
                line.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|value| value.trim().parse::<u64>().ok())
            .unwrap_or(0);
        peak_kib = peak_kib.max(rss);
        let code = output.status.code().unwrap_or(-1);
        if code > 1 {
            println!("{label}: exit {code}: {stderr}");
            return;
        }
    }
    let samples = Samples(walls);
    println!(
        "{label:<30}{}  ({:.2}× parse), peak RSS {:.0} MiB",
        samples.summary(),
        samples.median().as_secs_f64() / floor.as_secs_f64(),
        peak_kib as f64 / 1024.0
    );
}

/// Loads the bundled catalog in process, then times whole commands that read it.
fn bench_catalog(root: &Path) {
    let types = Catalog::bundled().expect("catalog").len();
    println!("\n== catalog: {types} bundled instance types ==");
    let load = Samples::measure(200, || {
        std::hint::black_box(Catalog::bundled().expect("catalog"));
    });
    println!("Catalog::bundled():            {}", load.summary());
    // Preflight reads every type's labels, so this is the cost a preflight pays.
    let every_type = Samples::measure(50, || {
        let catalog = Catalog::bundled().expect("catalog");
        let labels: usize = catalog.iter().map(|t| t.labels.len()).sum();
        std::hint::black_box(labels);
    });
    println!("bundled, every type read:      {}", every_type.summary());

    let binary = env!("CARGO_BIN_EXE_capplan");
    let plan = root.join("scenarios/50k.yaml").display().to_string();
    let commands: [(&str, Vec<&str>); 2] = [
        ("capplan catalog t3a.xlarge", vec!["catalog", "t3a.xlarge"]),
        ("capplan plan (50k)", vec!["plan", &plan, "-o", "json"]),
    ];
    for (label, args) in commands {
        let samples = Samples::measure(20, || {
            let output = Command::new(binary)
                .args(&args)
                .output()
                .expect("run capplan");
            assert!(output.status.success(), "{label}: {output:?}");
        });
        println!("{label:<31}{}", samples.summary());
    }
}
