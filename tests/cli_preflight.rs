//! `capplan preflight` and `capplan snapshot` end to end through the binary, on the
//! bundled snapshot and on the fake API server. Expected values come from the hand
//! count in scenarios/snapshot/README.md:
//!
//! - ip-10-0-1-10 (t3a.2xlarge, NodePool loadtest) has 5730m free: two 2-CPU parts fit
//!   (4000 ≤ 5730), a third would need 6000.
//! - ip-10-0-2-20 (t3a.xlarge) belongs to the default NodePool: no workload-type=loadtest
//!   label and an untolerated taint for nothing, so the parts cannot go there.
//! - The four other parts go to Karpenter's loadtest NodePool: a NodeClaim keeps the
//!   types that hold all its pods, so three parts share a t3a.2xlarge (7730m after
//!   DaemonSets holds 3 × 2000m) and the fourth gets the cheapest type that holds one,
//!   a t3a.xlarge (3740m). NodePool cpu: 8 in use + 8 + 4 = 20 ≤ 32.

mod common;
mod support;

use common::{capplan, capplan_json, temp_file};

const SNAPSHOT: &str = "scenarios/snapshot/eks-loadtest.json";
const JOBS_30K: &str = "scenarios/manifests/30k";

fn outcomes(json: &serde_json::Value) -> Vec<(String, String, String)> {
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
            (
                pod["pod"].as_str().unwrap_or("").to_string(),
                outcome["outcome"].as_str().unwrap_or("").to_string(),
                place,
            )
        })
        .collect()
}

#[test]
fn runbook_jobs_match_hand_count() {
    let (code, json) = capplan_json(&["preflight", "-f", JOBS_30K, "--snapshot", SNAPSHOT]);
    assert_eq!(code, 0);
    let outcomes = outcomes(&json);
    assert_eq!(outcomes.len(), 6);
    for (index, (pod, outcome, place)) in outcomes.iter().enumerate() {
        let part = index + 1;
        assert!(
            pod.starts_with(&format!("load-test/k6-loadtest-30k-part{part}-")),
            "{pod}"
        );
        let expected = match part {
            1 | 2 => ("scheduled", "ip-10-0-1-10.ec2.internal"),
            3..=5 => ("on-new-node", "t3a.2xlarge"),
            _ => ("on-new-node", "t3a.xlarge"),
        };
        assert_eq!((outcome.as_str(), place.as_str()), expected, "part {part}");
    }
    assert_eq!(json["summary"]["scheduled"], 2);
    assert_eq!(json["summary"]["on_new_nodes"], 4);
    assert_eq!(json["summary"]["pending"], 0);
    assert_eq!(json["summary"]["new_nodes"], 2);
    // $0.3008 + $0.1504 per hour for the two new nodes.
    assert_eq!(json["summary"]["new_nodes_price_micros_per_hour"], 451_200);
    assert_eq!(json["passed"], true);
}

#[test]
fn runbook_jobs_warn_of_staggered_start() {
    let run = capplan(&["preflight", "-f", JOBS_30K, "--snapshot", SNAPSHOT]);
    assert_eq!(run.code, 0);
    // Two parts start at once; four wait about 90 s for new nodes.
    assert!(run.stdout.contains("start 90 s apart"), "{}", run.stdout);
    let gated = capplan(&[
        "preflight",
        "-f",
        JOBS_30K,
        "--snapshot",
        SNAPSHOT,
        "--fail-on",
        "warning",
    ]);
    assert_eq!(gated.code, 1);
}

#[test]
fn scenario_pods_match_manifests() {
    let (code, json) = capplan_json(&["preflight", "scenarios/30k.yaml", "--snapshot", SNAPSHOT]);
    assert_eq!(code, 0);
    // The scenario names the loadtest NodePool, so its pods select and tolerate it like
    // the Jobs do, and land the same way.
    let places: Vec<String> = outcomes(&json)
        .into_iter()
        .map(|(_, _, place)| place)
        .collect();
    assert_eq!(
        places,
        [
            "ip-10-0-1-10.ec2.internal",
            "ip-10-0-1-10.ec2.internal",
            "t3a.2xlarge",
            "t3a.2xlarge",
            "t3a.2xlarge",
            "t3a.xlarge"
        ]
    );
}

/// The bundled snapshot with the loadtest NodePool's cpu limit set to `limit`.
fn snapshot_with_cpu_limit(limit: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let text = std::fs::read_to_string(SNAPSHOT).expect("snapshot");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    for item in json["items"].as_array_mut().expect("items") {
        if item["kind"] == "NodePool" && item["metadata"]["name"] == "loadtest" {
            item["spec"]["limits"]["cpu"] = serde_json::Value::String(limit.to_string());
        }
    }
    temp_file("limited.json", &json.to_string())
}

#[test]
fn nodepool_limit_leaves_parts_pending() {
    // With cpu limit 12 and 8 in use, only 4 vCPU remain: Karpenter keeps only the types
    // within the limit (t3a.xlarge), which holds one part. The last three parts stay
    // Pending, so the gate fails.
    let (_dir, path) = snapshot_with_cpu_limit("12");
    let path = path.to_str().expect("path");
    let (code, json) = capplan_json(&["preflight", "-f", JOBS_30K, "--snapshot", path]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["scheduled"], 2);
    assert_eq!(json["summary"]["on_new_nodes"], 1);
    assert_eq!(json["summary"]["pending"], 3);
    assert_eq!(json["passed"], false);
    let run = capplan(&["preflight", "-f", JOBS_30K, "--snapshot", path]);
    assert!(
        run.stdout.contains("0/2 nodes are available"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("exceed limits for nodepool"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Preflight: FAIL"), "{}", run.stdout);
}

#[test]
fn quota_rejects_eighth_part() {
    // The quota admits seven 3-CPU/6Gi parts (24 CPU limit); an eighth is FailedCreate.
    let job = r#"apiVersion: batch/v1
kind: Job
metadata:
  name: k6-many
  namespace: load-test
spec:
  parallelism: 8
  completions: 8
  template:
    spec:
      restartPolicy: Never
      nodeSelector:
        workload-type: loadtest
      tolerations:
        - key: dedicated
          operator: Equal
          value: loadtest
          effect: NoSchedule
      containers:
        - name: k6
          image: grafana/k6
          resources:
            requests: {cpu: "2", memory: 4Gi}
            limits: {cpu: "3", memory: 6Gi}
"#;
    let (_dir, path) = temp_file("many.yaml", job);
    let (code, json) = capplan_json(&[
        "preflight",
        "-f",
        path.to_str().expect("path"),
        "--snapshot",
        SNAPSHOT,
    ]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["failed_create"], 1);
    let message = json["rejections"][0]["message"].as_str().expect("message");
    assert!(
        message.contains("exceeded quota: load-test-quota"),
        "{message}"
    );
    assert!(message.contains("limited: limits.cpu=24"), "{message}");
}

#[test]
fn preflight_markdown_and_korean() {
    let markdown = capplan(&[
        "preflight",
        "-f",
        JOBS_30K,
        "--snapshot",
        SNAPSHOT,
        "-o",
        "markdown",
    ]);
    assert_eq!(markdown.code, 0);
    assert!(
        markdown.stdout.starts_with("# Preflight: PASS"),
        "{}",
        markdown.stdout
    );
    assert!(
        markdown.stdout.contains("| NodeClaim |"),
        "{}",
        markdown.stdout
    );
    let korean = capplan(&[
        "preflight",
        "-f",
        JOBS_30K,
        "--snapshot",
        SNAPSHOT,
        "--lang",
        "ko",
    ]);
    assert_eq!(korean.code, 0);
    assert!(
        korean.stdout.contains("사전 점검(preflight): 통과"),
        "{}",
        korean.stdout
    );
    assert!(korean.stdout.contains("t3a.2xlarge"), "{}", korean.stdout);
}

#[test]
fn bad_inputs_exit_2_naming_the_place() {
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "typo.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\nspec:\n  containers:\n    - name: k6\n      resource:\n        requests:\n          cpu: 2\n",
            &["typo.yaml:8", "spec.containers[0].resource", "typo"],
        ),
        (
            "notyaml.yaml",
            "kind: Job\n  bad: [indent\n",
            &["notyaml.yaml"],
        ),
        (
            "unknown.yaml",
            "apiVersion: batch/v1\nkind: Jobb\nmetadata:\n  name: x\n",
            &["unknown.yaml", "Jobb"],
        ),
        (
            "nospec.yaml",
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: nospec\n",
            &["nospec.yaml", "nospec"],
        ),
        (
            "badqty.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: k6\n      resources:\n        requests:\n          cpu: 2Gb\n",
            &["badqty.yaml", "2Gb", "p"],
        ),
        (
            "second.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers: 7\n",
            &["second.yaml", "document 2", "broken"],
        ),
    ];
    for (name, text, expected) in cases {
        let (_dir, path) = temp_file(name, text);
        let run = capplan(&[
            "preflight",
            "-f",
            path.to_str().expect("path"),
            "--snapshot",
            SNAPSHOT,
        ]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        for needle in expected {
            assert!(
                run.stderr.contains(needle),
                "{name}: {needle} missing in {}",
                run.stderr
            );
        }
    }
}

#[test]
fn bad_snapshot_exits_2() {
    let (_dir, path) = temp_file(
        "wrong.json",
        r#"{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"status":{"allocatable":{"cpu":"4x"}}}]}"#,
    );
    let run = capplan(&[
        "preflight",
        "-f",
        JOBS_30K,
        "--snapshot",
        path.to_str().expect("path"),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("wrong.json"), "{}", run.stderr);
    assert!(run.stderr.contains("n1"), "{}", run.stderr);
    assert!(run.stderr.contains("4x"), "{}", run.stderr);
}

#[test]
fn preflight_needs_something_to_check() {
    let run = capplan(&["preflight", "--snapshot", SNAPSHOT]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-f"), "{}", run.stderr);
}

#[test]
fn snapshot_round_trip_keeps_verdict() {
    let dir = tempfile::tempdir().expect("dir");
    let written = dir.path().join("state.json");
    let written = written.to_str().expect("path");
    let run = capplan(&["snapshot", "--snapshot", SNAPSHOT, "-o", written]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(written).expect("written");
    // The bundled snapshot plants an env value in every DaemonSet pod; only the
    // variable's name may survive.
    assert!(!text.contains("not-a-real-secret"), "env values leaked");
    let (_, original) = capplan_json(&["preflight", "-f", JOBS_30K, "--snapshot", SNAPSHOT]);
    let (_, reread) = capplan_json(&["preflight", "-f", JOBS_30K, "--snapshot", written]);
    assert_eq!(original["verdict"], reread["verdict"]);
}

const LIVE_JOB: &str = r#"apiVersion: batch/v1
kind: Job
metadata:
  name: k6
  namespace: load-test
spec:
  parallelism: 6
  completions: 6
  template:
    spec:
      restartPolicy: Never
      nodeSelector:
        karpenter.sh/nodepool: k6
      tolerations:
        - {key: dedicated, operator: Equal, value: k6, effect: NoSchedule}
      containers:
        - name: k6
          image: grafana/k6
          resources:
            requests: {cpu: "2", memory: 4Gi}
"#;

#[test]
fn live_cluster_matches_its_snapshot() {
    let server = support::FakeApiServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let kubeconfig = server.write_kubeconfig(dir.path());
    let kubeconfig = kubeconfig.to_str().expect("path");
    let manifest = dir.path().join("job.yaml");
    std::fs::write(&manifest, LIVE_JOB).expect("manifest");
    let manifest = manifest.to_str().expect("path");
    let written = dir.path().join("live.json");
    let written = written.to_str().expect("path");

    let args = ["preflight", "-f", manifest, "--region", "ap-northeast-2"];
    let mut live_args = args.to_vec();
    live_args.extend(["--kubeconfig", kubeconfig, "--context", "fake"]);
    let (live_code, live) = capplan_json(&live_args);
    let snapshot = capplan(&[
        "snapshot",
        "--kubeconfig",
        kubeconfig,
        "--context",
        "fake",
        "-o",
        written,
    ]);
    assert_eq!(snapshot.code, 0, "{}", snapshot.stderr);
    let mut file_args = args.to_vec();
    file_args.extend(["--snapshot", written]);
    let (file_code, from_file) = capplan_json(&file_args);

    assert_eq!(live_code, file_code);
    assert_eq!(live["verdict"], from_file["verdict"]);
    assert_eq!(live["verdict"]["pods"].as_array().map(Vec::len), Some(6));
    // capplan only reads: every request the server saw was a GET.
    let methods: Vec<String> = server
        .requests()
        .iter()
        .map(|request| request.method.clone())
        .collect();
    assert!(methods.iter().all(|method| method == "GET"), "{methods:?}");
}

#[test]
fn live_cluster_refusal_exits_2() {
    let server = support::FakeApiServer::start();
    server.add_fault(support::FaultRule::new(
        "/api/v1/pods",
        support::Fault::Status(403),
    ));
    let dir = tempfile::tempdir().expect("dir");
    let kubeconfig = server.write_kubeconfig(dir.path());
    let run = capplan(&[
        "preflight",
        "scenarios/30k.yaml",
        "--kubeconfig",
        kubeconfig.to_str().expect("path"),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("list pods"), "{}", run.stderr);
    assert!(run.stderr.contains("verbs: [\"list\"]"), "{}", run.stderr);
}

#[test]
fn nodeclass_kubelet_changes_the_model() {
    // kubeReserved cpu 2 on the EC2NodeClass: a new t3a.2xlarge models 8000 − 2000 = 6000m,
    // − 180m DaemonSets = 5820m, so it holds two 2-CPU parts, and a t3a.xlarge
    // (4000 − 2000 − 180 = 1820m) holds none. The four parts left over need two t3a.2xlarge.
    let text = std::fs::read_to_string(SNAPSHOT).expect("snapshot");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    for item in json["items"].as_array_mut().expect("items") {
        if item["kind"] == "EC2NodeClass" {
            item["spec"]["kubelet"] = serde_json::json!({"kubeReserved": {"cpu": "2"}});
        }
    }
    let (_dir, path) = temp_file("kubelet.json", &json.to_string());
    let (code, json) = capplan_json(&[
        "preflight",
        "-f",
        JOBS_30K,
        "--snapshot",
        path.to_str().expect("path"),
    ]);
    assert_eq!(code, 0);
    let claims = json["verdict"]["node_claims"].as_array().expect("claims");
    assert_eq!(claims.len(), 2);
    for claim in claims {
        assert_eq!(claim["instance_type"], "t3a.2xlarge");
        assert_eq!(claim["allocatable_model"]["cpu_millis"], 6000);
        assert_eq!(claim["pods"].as_array().map(Vec::len), Some(2));
    }
}

#[test]
fn preflight_draws_new_node_packing() {
    let run = capplan(&["preflight", "-f", JOBS_30K, "--snapshot", SNAPSHOT]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("New nodes packed"), "{}", run.stdout);
    // The new t3a.2xlarge holds 180m of DaemonSets and three 2-CPU parts: 6180m of 7910m;
    // memory 104Mi + 3 × 4Gi = 12392Mi of 29317Mi.
    assert!(run.stdout.contains("6180m / 7910m"), "{}", run.stdout);
    assert!(run.stdout.contains("12392Mi / 29317Mi"), "{}", run.stdout);
    // The t3a.xlarge holds one part: 2180m of 3920m.
    assert!(run.stdout.contains("2180m / 3920m"), "{}", run.stdout);
}

#[test]
fn repeated_manifests_count_once() {
    // The same six Jobs given twice are six objects to kubectl apply, not twelve.
    let (code, json) = capplan_json(&[
        "preflight",
        "-f",
        JOBS_30K,
        "-f",
        JOBS_30K,
        "--snapshot",
        SNAPSHOT,
    ]);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["pods"], 6);
    assert_eq!(json["summary"]["failed_create"], 0);
}

#[test]
fn unknown_context_exits_2() {
    let server = support::FakeApiServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let kubeconfig = server.write_kubeconfig(dir.path());
    let run = capplan(&[
        "preflight",
        "scenarios/30k.yaml",
        "--kubeconfig",
        kubeconfig.to_str().expect("path"),
        "--context",
        "nosuch",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("nosuch"), "{}", run.stderr);
}
