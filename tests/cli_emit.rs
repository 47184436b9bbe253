//! `capplan emit`, the kubectl plugin name, completions and man pages, through the
//! binary. Expected values are worked out by hand from k6's execution-segment rules.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{capplan, capplan_json};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::ConfigMap;

const SNAPSHOT: &str = "scenarios/snapshot/eks-loadtest.json";
const SCRIPT: &str = "import http from 'k6/http';\n\
export const options = { scenarios: { load: {\n\
  executor: 'ramping-arrival-rate',\n\
  startRate: Number(__ENV.CAPPLAN_START_RATE), timeUnit: __ENV.CAPPLAN_TIME_UNIT,\n\
  preAllocatedVUs: Number(__ENV.CAPPLAN_PRE_ALLOCATED_VUS),\n\
  maxVUs: Number(__ENV.CAPPLAN_MAX_VUS),\n\
  stages: JSON.parse(__ENV.CAPPLAN_STAGES) } } };\n\
export default function () { http.get('http://backend/'); }\n";

/// Writes the script into a new temporary directory and returns both.
fn script_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("script.js");
    std::fs::write(&path, SCRIPT).expect("script");
    (dir, path)
}

/// Runs `capplan emit` into `dir/out` and returns the output directory.
fn emit_to(dir: &Path, script: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("out");
    let mut args = vec![
        "emit",
        "scenarios/30k.yaml",
        "--script",
        script.to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
    ];
    args.extend(extra);
    let run = capplan(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// Parses a k6 rational such as `0`, `1` or `5/6` into (numerator, denominator).
fn rational(text: &str) -> (u64, u64) {
    match text.split_once('/') {
        Some((numerator, denominator)) => (
            numerator.parse().expect("numerator"),
            denominator.parse().expect("denominator"),
        ),
        None => (text.parse().expect("whole"), 1),
    }
}

/// Runs the Job's container command as the kubelet would for completion index
/// `index`, with a stand-in `k6` on PATH that prints its arguments one per line.
fn k6_arguments(job: &Job, index: u32, fake_bin: &Path) -> Vec<String> {
    let container = &job
        .spec
        .as_ref()
        .expect("spec")
        .template
        .spec
        .as_ref()
        .expect("pod")
        .containers[0];
    let command = container.command.as_ref().expect("command");
    let args = container.args.as_ref().expect("args");
    // The kubelet turns `$$` into `$` when it expands `$(VAR)` references in args.
    let script = args[0].replace("$$", "$");
    let output = Command::new(&command[0])
        .arg(&command[1])
        .arg(script)
        .env("PATH", format!("{}:/usr/bin:/bin", fake_bin.display()))
        .env("JOB_COMPLETION_INDEX", index.to_string())
        .output()
        .expect("run the wrapper");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn flag_value(arguments: &[String], flag: &str) -> String {
    let position = arguments
        .iter()
        .position(|argument| argument == flag)
        .unwrap_or_else(|| panic!("{flag} missing in {arguments:?}"));
    arguments[position + 1].clone()
}

#[test]
fn job_segments_tile_zero_to_one() {
    let (dir, script) = script_dir();
    let out = emit_to(
        dir.path(),
        &script,
        &["--format", "job", "--snapshot", SNAPSHOT],
    );
    let job: Job = serde_saphyr::from_str(&read(&out, "k6-30k-job.yaml")).expect("Job");
    let spec = job.spec.as_ref().expect("spec");
    // 30k: six pods of one Indexed Job.
    assert_eq!(spec.completion_mode.as_deref(), Some("Indexed"));
    assert_eq!(spec.completions, Some(6));
    assert_eq!(spec.parallelism, Some(6));

    let fake_bin = dir.path().join("bin");
    std::fs::create_dir(&fake_bin).expect("bin");
    let k6 = fake_bin.join("k6");
    std::fs::write(&k6, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n").expect("k6");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&k6, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    // Each index must run (i/6, (i+1)/6]: consecutive, no gap or overlap, 0 to 1.
    let mut previous_end = (0, 1);
    for index in 0..6 {
        let arguments = k6_arguments(&job, index, &fake_bin);
        assert_eq!(arguments[0], "run");
        assert_eq!(
            flag_value(&arguments, "--execution-segment-sequence"),
            "0,1/6,2/6,3/6,4/6,5/6,1"
        );
        let segment = flag_value(&arguments, "--execution-segment");
        let (from, to) = segment.split_once(':').expect("from:to");
        let (from, to) = (rational(from), rational(to));
        // a/b == c/d ⇔ a·d == c·b
        assert_eq!(
            from.0 * previous_end.1,
            previous_end.0 * from.1,
            "index {index}: {segment}"
        );
        assert_eq!(
            to.0 * 6,
            (u64::from(index) + 1) * to.1,
            "index {index}: {segment}"
        );
        previous_end = to;
        let part = index + 1;
        assert!(arguments.contains(&format!("part={part}")), "{arguments:?}");
        assert!(arguments.contains(&"test=30k".to_string()), "{arguments:?}");
        assert_eq!(
            arguments.last().map(String::as_str),
            Some("/scripts/script.js")
        );
    }
    assert_eq!(previous_end.0, previous_end.1, "the last segment ends at 1");
}

#[test]
fn job_max_vus_split_sums_to_total() {
    let (dir, script) = script_dir();
    let out = emit_to(dir.path(), &script, &["--format", "job"]);
    let text = read(&out, "k6-30k-job.yaml");
    let job: Job = serde_saphyr::from_str(&text).expect("Job");
    let container = &job
        .spec
        .expect("spec")
        .template
        .spec
        .expect("pod")
        .containers[0];
    let env = |name: &str| {
        container
            .env
            .iter()
            .flatten()
            .find(|variable| variable.name == name)
            .and_then(|variable| variable.value.clone())
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    // maxVUs 2,500 per pod × 6 pods = 15,000 in total; the script declares the total.
    assert_eq!(env("CAPPLAN_MAX_VUS"), "15000");
    assert_eq!(env("CAPPLAN_PARTS"), "6");
    // Stages are 2,000 and 5,000 per pod: totals 12,000 and 30,000.
    assert_eq!(
        env("CAPPLAN_STAGES"),
        r#"[{"duration":"3m","target":12000},{"duration":"5m","target":30000},{"duration":"15m","target":30000},{"duration":"3m","target":0}]"#
    );

    // k6's ScaleInt64 stripes 15,000 units over six 1/6 segments (LCD 6): 15,000 = 6 ×
    // 2,500 with no remainder, so every part gets 2,500 and runs 30,000 × 2,500 / 15,000
    // = 5,000 RPS at the peak. The header table states the same.
    let table: Vec<(u64, u64)> = text
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.trim_start_matches('#').split_whitespace().collect();
            match fields.as_slice() {
                [part, segment, vus, rps]
                    if segment.contains(':') && part.parse::<u32>().is_ok() =>
                {
                    Some((vus.parse().ok()?, rps.parse().ok()?))
                }
                _ => None,
            }
        })
        .collect();
    assert_eq!(table, vec![(2_500, 5_000); 6]);
    assert_eq!(table.iter().map(|(vus, _)| vus).sum::<u64>(), 15_000);
}

#[test]
fn emitted_job_round_trips_through_preflight() {
    let (dir, script) = script_dir();
    let out = emit_to(
        dir.path(),
        &script,
        &["--format", "job", "--snapshot", SNAPSHOT, "-n", "load-test"],
    );
    let config_map: ConfigMap =
        serde_saphyr::from_str(&read(&out, "k6-script-30k.yaml")).expect("ConfigMap");
    assert_eq!(
        config_map
            .data
            .as_ref()
            .and_then(|data| data.get("script.js"))
            .map(String::as_str),
        Some(SCRIPT)
    );

    let (emitted_code, emitted) = capplan_json(&[
        "preflight",
        "-f",
        out.to_str().expect("path"),
        "--snapshot",
        SNAPSHOT,
    ]);
    let (scenario_code, scenario) = capplan_json(&[
        "preflight",
        "scenarios/30k.yaml",
        "-n",
        "load-test",
        "--snapshot",
        SNAPSHOT,
    ]);
    assert_eq!(emitted_code, 0);
    assert_eq!(emitted_code, scenario_code);
    let placements = |json: &serde_json::Value| -> Vec<(String, String)> {
        json["verdict"]["pods"]
            .as_array()
            .expect("pods")
            .iter()
            .map(|pod| {
                let outcome = &pod["outcome"];
                let place = outcome["node"]
                    .as_str()
                    .or(outcome["instance_type"].as_str())
                    .unwrap_or("")
                    .to_string();
                (outcome["outcome"].as_str().unwrap_or("").to_string(), place)
            })
            .collect()
    };
    assert_eq!(placements(&emitted), placements(&scenario));
    assert_eq!(placements(&emitted).len(), 6);
    assert_eq!(emitted["summary"], scenario["summary"]);
    // The NodeClaims match but for the pod names (Job pods vs. the scenario's parts).
    let claims = |json: &serde_json::Value| -> Vec<(String, String, usize)> {
        json["verdict"]["node_claims"]
            .as_array()
            .expect("node_claims")
            .iter()
            .map(|claim| {
                (
                    claim["name"].as_str().unwrap_or("").to_string(),
                    claim["instance_type"].as_str().unwrap_or("").to_string(),
                    claim["pods"].as_array().map_or(0, Vec::len),
                )
            })
            .collect()
    };
    assert_eq!(claims(&emitted), claims(&scenario));
    // The ConfigMap comes with the Job, so preflight finds no missing script.
    assert!(
        !emitted.to_string().contains("configmap-missing"),
        "{emitted}"
    );
}

#[test]
fn testrun_deserializes_as_crd() {
    let (dir, script) = script_dir();
    let out = emit_to(
        dir.path(),
        &script,
        &[
            "--format",
            "testrun",
            "--snapshot",
            SNAPSHOT,
            "--separate",
            "always",
        ],
    );
    let text = read(&out, "k6-30k-testrun.yaml");
    assert!(text.contains("apiVersion: k6.io/v1alpha1"), "{text}");
    assert!(text.contains("kind: TestRun"), "{text}");
    let test_run: capplan::manifest::TestRun = serde_saphyr::from_str(&text).expect("TestRun");
    assert_eq!(test_run.spec.parallelism, 6);
    assert!(test_run.spec.separate);
    let config_map = test_run
        .spec
        .script
        .as_ref()
        .and_then(|script| script.config_map.as_ref())
        .expect("script.configMap");
    assert_eq!(config_map.name, "k6-script-30k");
    assert_eq!(config_map.file.as_deref(), Some("script.js"));
    let runner = &test_run.spec.runner;
    let requests = runner
        .resources
        .as_ref()
        .and_then(|resources| resources.requests.as_ref())
        .expect("requests");
    assert_eq!(requests["cpu"].0, "2");
    assert_eq!(requests["memory"].0, "4Gi");
    assert_eq!(
        runner
            .node_selector
            .as_ref()
            .and_then(|labels| labels.get("workload-type"))
            .map(String::as_str),
        Some("loadtest")
    );
    let toleration = &runner.tolerations.as_ref().expect("tolerations")[0];
    assert_eq!(toleration.key.as_deref(), Some("dedicated"));
    assert_eq!(toleration.value.as_deref(), Some("loadtest"));

    // The runners land where the scenario's pods do; the operator adds an initializer
    // before them and a starter after.
    let (code, json) = capplan_json(&[
        "preflight",
        "-f",
        out.to_str().expect("path"),
        "--snapshot",
        SNAPSHOT,
    ]);
    assert!(code == 0 || code == 1, "{json}");
    assert_eq!(json["verdict"]["pods"].as_array().map(Vec::len), Some(8));
}

#[test]
fn stdout_is_multi_document_yaml() {
    let (_dir, script) = script_dir();
    let run = capplan(&[
        "emit",
        "scenarios/30k.yaml",
        "--format",
        "job",
        "--script",
        script.to_str().expect("path"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let documents: Vec<&str> = run.stdout.split("\n---\n").collect();
    assert_eq!(documents.len(), 2, "{}", run.stdout);
    let _: ConfigMap = serde_saphyr::from_str(documents[0]).expect("ConfigMap");
    let job: Job = serde_saphyr::from_str(documents[1]).expect("Job");
    // Without a snapshot the scenario's own nodeSelector and tolerations apply.
    let pod = job.spec.expect("spec").template.spec.expect("pod");
    assert_eq!(
        pod.node_selector
            .as_ref()
            .and_then(|labels| labels.get("workload-type"))
            .map(String::as_str),
        Some("loadtest")
    );
    assert_eq!(pod.tolerations.map(|list| list.len()), Some(1));
}

#[test]
fn uneven_rates_warn_in_both_languages() {
    let (_dir, script) = script_dir();
    let script = script.to_str().expect("path");
    // 10k: stage totals 4,000 and 10,000 over 3 parts; 10,000 / 3 = 3333.333 RPS each.
    let english = capplan(&[
        "emit",
        "scenarios/10k.yaml",
        "--format",
        "job",
        "--script",
        script,
    ]);
    assert_eq!(english.code, 0, "{}", english.stderr);
    assert!(
        english.stderr.contains("4000, 10000, 10000"),
        "{}",
        english.stderr
    );
    assert!(english.stderr.contains("3333.333"), "{}", english.stderr);
    let korean = capplan(&[
        "emit",
        "scenarios/10k.yaml",
        "--format",
        "job",
        "--script",
        script,
        "--lang",
        "ko",
    ]);
    assert_eq!(korean.code, 0, "{}", korean.stderr);
    assert!(
        korean.stderr.contains("나누어떨어지지 않아서"),
        "{}",
        korean.stderr
    );
}

#[test]
fn bad_input_exits_2_naming_it() {
    let missing = capplan(&[
        "emit",
        "scenarios/30k.yaml",
        "--format",
        "job",
        "--script",
        "no-such-script.js",
    ]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("no-such-script.js"),
        "{}",
        missing.stderr
    );

    let (_dir, script) = script_dir();
    let unknown = capplan(&[
        "emit",
        "scenarios/30k.yaml",
        "--format",
        "helm",
        "--script",
        script.to_str().expect("path"),
    ]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("helm"), "{}", unknown.stderr);
}

#[test]
fn kubectl_runs_capplan_as_plugin() {
    let Some(kubectl) = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"]
        .into_iter()
        .map(Path::new)
        .find(|path| path.exists())
    else {
        eprintln!("skipped: kubectl is not installed, so the plugin lookup cannot run");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let plugin = dir.path().join("kubectl-capplan");
    std::fs::copy(env!("CARGO_BIN_EXE_capplan"), &plugin).expect("copy binary");
    let output = Command::new(kubectl)
        .args(["capplan", "--help"])
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", dir.path().display()))
        .env("HOME", dir.path())
        .output()
        .expect("run kubectl");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Usage: kubectl capplan"), "{stdout}");
    assert!(stdout.contains("emit"), "{stdout}");
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = capplan(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("capplan"), "{shell}");
        assert!(run.stdout.contains("emit"), "{shell}");
    }
    let unknown = capplan(&["completions", "tcsh"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("tcsh"), "{}", unknown.stderr);
}

#[test]
fn man_pages_written_per_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = capplan(&["man", "-o", dir.path().to_str().expect("path")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["capplan.1", "capplan-emit.1", "capplan-preflight.1"] {
        let text = read(dir.path(), page);
        assert!(
            text.starts_with(".ie") || text.contains(".TH"),
            "{page}: {text}"
        );
    }
}
