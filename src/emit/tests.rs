//! Tests of the emitted manifests, with values worked out from k6's segment rules.

use super::*;
use crate::scenario::Scenario;

const SCENARIO: &str = "apiVersion: capplan/v1
kind: Scenario
name: NAME
targetRps: 900
profile:
  targetScope: total
  stages:
    - duration: 90s
      target: 900
shards:
  pods: 3
runner:
  requests: {cpu: 500m, memory: 1Gi}
  maxVUs: 100
nodes:
  nodePool:
    name: k6
";

fn scenario(name: &str) -> Scenario {
    Scenario::from_str(&SCENARIO.replace("NAME", name), "test.yaml").expect("scenario")
}

fn options(format: EmitFormat) -> EmitOptions {
    EmitOptions {
        format,
        script_key: DEFAULT_SCRIPT_KEY.to_string(),
        script: "export default function () {}\n".to_string(),
        namespace: None,
        image: DEFAULT_IMAGE.to_string(),
        placement: Placement::default(),
        separate: false,
    }
}

#[test]
fn k6_durations_read_as_written() {
    assert_eq!(k6_duration(180_000), "3m");
    assert_eq!(k6_duration(90_000), "1m30s");
    assert_eq!(k6_duration(5_400_000), "1h30m");
    assert_eq!(k6_duration(1_500), "1500ms");
    assert_eq!(k6_duration(0), "0s");
}

#[test]
fn names_must_be_dns_labels() {
    assert!(Names::for_scenario(&scenario("30k")).is_ok());
    for bad in ["Big", "under_score", "-dash", "dash-"] {
        let error = Names::for_scenario(&scenario(bad)).expect_err(bad);
        let text = error.to_string();
        assert!(text.contains("test.yaml"), "{text}");
        assert!(text.contains(bad), "{text}");
    }
    // "k6-script-" is 10 characters, so a 54-character name makes a 64-character
    // ConfigMap name, one over the 63 a DNS-1123 label allows.
    assert!(Names::for_scenario(&scenario(&"a".repeat(53))).is_ok());
    assert!(Names::for_scenario(&scenario(&"a".repeat(54))).is_err());
}

#[test]
fn placement_falls_back_to_nodepool_label() {
    let placement = Placement::from_scenario(&scenario("small"));
    assert_eq!(
        placement.node_selector,
        BTreeMap::from([("karpenter.sh/nodepool".to_string(), "k6".to_string())])
    );
    assert!(placement.tolerations.is_empty());
}

#[test]
fn total_scope_rates_stay_totals() {
    let scenario = scenario("small");
    let sizing = crate::sizing::size(&scenario);
    let split = split_for(&scenario, &sizing);
    // maxVUs 100 per pod × 3 = 300 in total, 100 per part; 900/s total, 300/s per part.
    assert_eq!(split.total_max_vus, 300);
    assert_eq!(split.total_stage_rps, vec![900]);
    let vus: Vec<u64> = split.parts.iter().map(|part| part.max_vus).collect();
    assert_eq!(vus, vec![100, 100, 100]);
    let rates: Vec<u64> = split
        .parts
        .iter()
        .map(|part| part.peak_rps_millis)
        .collect();
    assert_eq!(rates, vec![300_000; 3]);
}

#[test]
fn emit_writes_configmap_then_workload() {
    let scenario = scenario("small");
    let sizing = crate::sizing::size(&scenario);
    let job = emit(&scenario, &sizing, &options(EmitFormat::Job)).expect("job");
    let names: Vec<&str> = job.files.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(names, ["k6-script-small.yaml", "k6-small-job.yaml"]);
    assert!(job.warnings.is_empty(), "{:?}", job.warnings);
    // No namespace given: the objects name none, so kubectl's namespace applies.
    assert!(!job.to_yaml_stream().contains("namespace:"));

    let test_run = emit(&scenario, &sizing, &options(EmitFormat::TestRun)).expect("testrun");
    let yaml = &test_run.files[1].yaml;
    let parsed: crate::manifest::TestRun = serde_saphyr::from_str(yaml).expect("TestRun");
    assert_eq!(parsed.spec.parallelism, 3);
    assert!(!parsed.spec.separate);
    assert!(yaml.contains("arguments: --tag test=small"), "{yaml}");
}

#[test]
fn invalid_toleration_names_field() {
    let text = SCENARIO.replace("NAME", "x").replace(
        "    name: k6\n",
        "    name: k6\n    tolerations:\n      - key: dedicated\n        operator: Exists\n        value: k6\n",
    );
    let error = Scenario::from_str(&text, "test.yaml").expect_err("Exists with a value");
    assert!(
        error.to_string().contains("nodes.nodePool.tolerations[0]"),
        "{error}"
    );
}
