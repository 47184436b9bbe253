//! Scenario files: the bundled scenarios load with the runbook's numbers, defaults are
//! filled in, and bad input is rejected with the file, line and field named.

use std::path::PathBuf;

use capplan::Error;
use capplan::quantity::Resources;
use capplan::scenario::{CapacityType, RunnerShape, Scenario, Shards, Stage, TargetScope};

const GIB: i64 = 1024 * 1024 * 1024;
const MIB: i64 = 1024 * 1024;

fn bundled(name: &str) -> Scenario {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "scenarios", name]
        .iter()
        .collect();
    match Scenario::load(&path) {
        Ok(scenario) => scenario,
        Err(error) => panic!("{name} failed to load: {error}"),
    }
}

/// A minimal valid scenario; tests replace one line to break it.
const VALID: &str = "\
apiVersion: capplan/v1
kind: Scenario
name: small
targetRps: 1000
profile:
  targetScope: total
  stages:
    - duration: 1m
      target: 1000
shards:
  pods: 2
runner:
  requests:
    cpu: 500m
    memory: 1Gi
  limits:
    cpu: \"1\"
    memory: 2Gi
  maxVUs: 200
";

fn load_error(text: &str) -> (String, String) {
    match Scenario::from_str(text, "bad.yaml") {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(Error::Input { location, message }) => (location, message),
        Err(other) => panic!("expected an input error, got {other}"),
    }
}

#[test]
fn thirty_k_matches_runbook() {
    let scenario = bundled("30k.yaml");
    assert_eq!(scenario.name, "30k");
    assert_eq!(scenario.target_rps, 30_000);
    assert_eq!(scenario.shards, Shards::Pods(6));
    assert_eq!(scenario.pod_count(), 6);

    assert_eq!(scenario.profile.target_scope, TargetScope::PerPod);
    // 0–3 min → 2k, 3–8 → 5k, 8–23 hold, 23–26 → 0, in milliseconds.
    assert_eq!(
        scenario.profile.stages,
        vec![
            Stage {
                duration_millis: 180_000,
                target_rps: 2_000
            },
            Stage {
                duration_millis: 300_000,
                target_rps: 5_000
            },
            Stage {
                duration_millis: 900_000,
                target_rps: 5_000
            },
            Stage {
                duration_millis: 180_000,
                target_rps: 0
            },
        ]
    );
    // 26 min = 1,560,000 ms.
    assert_eq!(scenario.duration_millis(), 1_560_000);

    assert_eq!(
        scenario.runner.shape,
        RunnerShape::Fixed {
            requests: Resources::new(2_000, 4 * GIB),
            limits: Resources::new(3_000, 6 * GIB),
            max_vus: 2_500,
        }
    );
    assert_eq!(scenario.node_pool().name.as_deref(), Some("loadtest"));
}

#[test]
fn defaults_filled_in() {
    let scenario = match Scenario::from_str(VALID, "valid.yaml") {
        Ok(scenario) => scenario,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(scenario.region(), "us-east-1");
    assert_eq!(scenario.instance_types(), ["t3a.xlarge", "t3a.2xlarge"]);
    assert_eq!(scenario.nodes.capacity_type, CapacityType::OnDemand);
    assert_eq!(
        scenario.node_model(),
        &capplan::catalog::NodeModel::default()
    );
    assert!(scenario.existing_nodes().is_empty());
    assert_eq!(scenario.node_pool().limits.cpu_millis, None);

    // aws-node 50m + kube-proxy 100m + ebs-csi-node 30m = 180m; ebs-csi-node's
    // 40Mi + 32Mi + 32Mi = 104Mi; five DaemonSets = five pod slots.
    let overhead = scenario.daemonset_overhead();
    assert_eq!(overhead.cpu_millis, 180);
    assert_eq!(overhead.memory_bytes, 104 * MIB);
    assert_eq!(overhead.pods, 5);
    let names: Vec<&str> = scenario
        .nodes
        .daemon_sets
        .iter()
        .map(|daemon_set| daemon_set.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "aws-node",
            "kube-proxy",
            "ebs-csi-node",
            "eks-pod-identity-agent",
            "node-exporter"
        ]
    );

    let throughput = &scenario.runner.throughput;
    assert_eq!(throughput.rps_per_cpu, 2_000);
    assert_eq!(throughput.cpu_target_percent, 80);
    assert_eq!(throughput.memory_limit_percent, 90);
    assert_eq!(throughput.requests_per_iteration, 1);
    assert!(throughput.keep_trend_samples);
    assert_eq!(throughput.mean_iteration_micros, None);
}

#[test]
fn nodes_section_overrides() {
    let text = format!(
        "{VALID}nodes:
  region: ap-northeast-2
  instanceTypes: [c6i.2xlarge]
  nodeModel:
    vmMemoryOverheadPpm: 50000
  daemonSets:
    - name: aws-node
      cpu: 25m
    - name: fluent-bit
      cpu: 100m
      memory: 128Mi
  nodePool:
    name: loadtest
    limits: {{cpu: \"100\", memory: 400Gi, nodes: \"10\"}}
    usage: {{cpu: \"16\", memory: 64Gi, nodes: \"2\"}}
  existing:
    - name: ip-10-0-1-23
      instanceType: t3a.2xlarge
      free: {{cpu: 3500m, memory: 12Gi, pods: \"40\"}}
"
    );
    let scenario = match Scenario::from_str(&text, "nodes.yaml") {
        Ok(scenario) => scenario,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(scenario.region(), "ap-northeast-2");
    assert_eq!(scenario.instance_types(), ["c6i.2xlarge"]);
    assert_eq!(scenario.node_model().vm_memory_overhead_ppm, 50_000);
    // 25m + 100m, 128Mi, two pod slots.
    let overhead = scenario.daemonset_overhead();
    assert_eq!(
        overhead,
        Resources {
            cpu_millis: 125,
            memory_bytes: 128 * MIB,
            pods: 2,
            ..Resources::default()
        }
    );
    let pool = scenario.node_pool();
    assert_eq!(pool.limits.cpu_millis, Some(100_000));
    assert_eq!(pool.limits.memory_bytes, Some(400 * GIB));
    assert_eq!(pool.limits.nodes, Some(10));
    assert_eq!(pool.usage.cpu_millis, Some(16_000));
    assert_eq!(pool.usage.nodes, Some(2));
    let existing = &scenario.existing_nodes()[0];
    assert_eq!(existing.name, "ip-10-0-1-23");
    assert_eq!(existing.free.cpu_millis, 3_500);
    assert_eq!(existing.free.memory_bytes, 12 * GIB);
    assert_eq!(existing.free.pods, 40);
}

#[test]
fn broken_yaml_names_line() {
    let text = VALID.replace("  pods: 2", "  pods: [2");
    let (location, message) = load_error(&text);
    assert!(location.starts_with("bad.yaml:"), "{location}");
    assert!(
        message.contains("shards.pods") || location.starts_with("bad.yaml:1"),
        "{location}: {message}"
    );
}

#[test]
fn unknown_field_named() {
    let text = VALID.replace("  maxVUs: 200", "  maxVUs: 200\n  maxVus: 300");
    let (location, message) = load_error(&text);
    // The unknown key sits on line 20, column 3.
    assert_eq!(location, "bad.yaml:20:3");
    assert!(message.contains("maxVus"), "{message}");
    assert!(message.contains("runner.maxVus"), "{message}");
}

#[test]
fn bad_cpu_unit_named() {
    let text = VALID.replace("cpu: 500m", "cpu: 2Gb");
    let (location, message) = load_error(&text);
    // `cpu: 2Gb` is line 14; the value starts at column 10.
    assert_eq!(location, "bad.yaml:14:10");
    assert!(message.contains("runner.requests.cpu"), "{message}");
    assert!(message.contains("\"2Gb\""), "{message}");
}

#[test]
fn negative_rps_rejected() {
    let text = VALID.replace("targetRps: 1000", "targetRps: -1000");
    let (location, message) = load_error(&text);
    assert_eq!(location, "bad.yaml:4:12");
    assert!(message.contains("targetRps"), "{message}");
    assert!(message.contains("-1000"), "{message}");
}

#[test]
fn missing_target_rps_named() {
    let text = VALID.replace("targetRps: 1000\n", "");
    let (location, message) = load_error(&text);
    assert!(location.starts_with("bad.yaml:"), "{location}");
    assert!(
        message.starts_with("targetRps: missing field `targetRps`"),
        "{message}"
    );
}

#[test]
fn non_finite_and_huge_rps() {
    for (value, expected) in [
        (".nan", "NaN"),
        ("1e12", "1000000000000"),
        ("0", "0"),
        ("2.5", "2.5"),
    ] {
        let text = VALID.replace("targetRps: 1000", &format!("targetRps: {value}"));
        let (location, message) = load_error(&text);
        assert_eq!(location, "bad.yaml:4:12", "{value}");
        assert!(message.contains("targetRps"), "{value}: {message}");
        assert!(message.contains(expected), "{value}: {message}");
    }
}

#[test]
fn limit_below_request() {
    let text = VALID.replace("    memory: 2Gi", "    memory: 512Mi");
    let (location, message) = load_error(&text);
    assert_eq!(location, "bad.yaml:18:13");
    assert!(message.contains("runner.limits.memory"), "{message}");
    assert!(
        message.contains("512Mi") && message.contains("1Gi"),
        "{message}"
    );
}

#[test]
fn stages_never_reach_target() {
    let text = VALID.replace("      target: 1000", "      target: 800");
    let (location, message) = load_error(&text);
    // The error points at the stage list (line 8).
    assert_eq!(location, "bad.yaml:8:5");
    assert!(
        message.contains("800") && message.contains("1000"),
        "{message}"
    );
}

#[test]
fn per_pod_targets_must_divide() {
    let text = VALID
        .replace("targetScope: total", "targetScope: perPod")
        .replace("targetRps: 1000", "targetRps: 1001")
        .replace("      target: 1000", "      target: 500");
    let (location, message) = load_error(&text);
    assert_eq!(location, "bad.yaml:6:16");
    assert!(message.contains("1001"), "{message}");
}

#[test]
fn invalid_duration_named() {
    let text = VALID.replace("duration: 1m", "duration: 1.5m");
    let (location, message) = load_error(&text);
    assert_eq!(location, "bad.yaml:8:17");
    assert!(message.contains("profile.stages[0].duration"), "{message}");
    assert!(message.contains("1.5m"), "{message}");
}

#[test]
fn shards_need_one_choice() {
    let text = VALID.replace("  pods: 2", "  pods: 2\n  rpsPerPod: 500");
    let (location, message) = load_error(&text);
    assert_eq!(location, "bad.yaml:11:3");
    assert!(message.contains("rpsPerPod"), "{message}");
}

#[test]
fn fixed_shape_needs_max_vus() {
    let text = VALID.replace("  maxVUs: 200\n", "");
    let (_, message) = load_error(&text);
    assert!(message.contains("runner.maxVUs"), "{message}");
}

#[test]
fn derived_shape_needs_iteration() {
    let end = VALID.find("runner:").unwrap_or(VALID.len());
    let text = format!(
        "{}runner:\n  throughput:\n    rpsPerCpu: 1500\n",
        &VALID[..end]
    );
    let (_, message) = load_error(&text);
    assert!(message.contains("meanIterationSeconds"), "{message}");
}

#[test]
fn wrong_api_version() {
    let text = VALID.replace("capplan/v1", "capplan/v2");
    let (location, message) = load_error(&text);
    assert_eq!(location, "bad.yaml:1:13");
    assert!(message.contains("capplan/v2"), "{message}");
}

#[test]
fn missing_file_is_io_error() {
    let path = PathBuf::from("/nonexistent/scenario.yaml");
    match Scenario::load(&path) {
        Err(Error::Io { path: reported, .. }) => assert_eq!(reported, path),
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

#[test]
fn korean_message() {
    let text = VALID.replace("targetRps: 1000", "targetRps: -1000");
    let message = capplan::i18n::with_language(capplan::i18n::Lang::Ko, || load_error(&text).1);
    assert!(message.contains("targetRps"), "{message}");
    assert!(message.contains("사이여야"), "{message}");
}

#[test]
fn missing_nested_field_named() {
    let text = VALID.replace(
        "    - duration: 1m\n      target: 1000",
        "    - target: 1000",
    );
    let (location, message) = load_error(&text);
    assert!(location.starts_with("bad.yaml:"), "{location}");
    assert!(
        message.contains("profile.stages[0].duration"),
        "{location}: {message}"
    );
}
