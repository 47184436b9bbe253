//! Reads the fixture cluster through the real kube-rs client and the fake API server in
//! tests/support, including faults, and cross-checks the server with kubectl when present.

mod support;

use std::time::{Duration, Instant};

use capplan::cluster::KarpenterVisibility;
use capplan::cluster::live::{LiveOptions, read_cluster};
use capplan::i18n::{Lang, with_language};
use capplan::quantity::Quantity;
use support::{FakeApiServer, Fault, FaultRule};

const PODS: &str = "/api/v1/pods";
const NODES: &str = "/api/v1/nodes";
const NODEPOOLS: &str = "/apis/karpenter.sh/v1/nodepools";

/// Options for a test: page size 2 so that every list with more than two objects pages,
/// and short timeouts and backoff so that fault tests stay fast.
fn options(server: &FakeApiServer, dir: &tempfile::TempDir) -> LiveOptions {
    LiveOptions {
        kubeconfig: Some(server.write_kubeconfig(dir.path())),
        page_size: 2,
        request_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        backoff_initial: Duration::from_millis(20),
        backoff_max: Duration::from_millis(100),
        show_progress: false,
        ..LiveOptions::default()
    }
}

fn names<'a>(metas: impl Iterator<Item = &'a Option<String>>) -> Vec<String> {
    let mut names: Vec<String> = metas.map(|name| name.clone().unwrap_or_default()).collect();
    names.sort();
    names
}

#[test]
fn reads_fixture_cluster() {
    let server = FakeApiServer::start();
    let dir = tempfile::tempdir().unwrap();
    let state = read_cluster(&options(&server, &dir)).unwrap();

    assert_eq!(
        names(state.nodes.iter().map(|node| &node.metadata.name)),
        [
            "ip-10-0-1-10.ap-northeast-2.compute.internal",
            "ip-10-0-2-11.ap-northeast-2.compute.internal",
            "ip-10-0-3-20.ap-northeast-2.compute.internal",
            "ip-10-0-3-21.ap-northeast-2.compute.internal",
            "ip-10-0-4-30.ap-northeast-2.compute.internal",
        ]
    );
    let t3a = &state.nodes[2];
    let allocatable = t3a.status.as_ref().unwrap().allocatable.as_ref().unwrap();
    assert_eq!(allocatable["cpu"].0, "7910m");
    assert_eq!(allocatable["memory"].0, "30021696Ki");

    // pods.json has 15 pods: 7 in kube-system, 5 in load-test (one Succeeded), 3 in
    // monitoring (one Failed). The field selector leaves 7 + 4 + 2 = 13.
    assert_eq!(state.pods.len(), 13);
    let phases: Vec<String> = state
        .pods
        .iter()
        .map(|pod| pod.status.as_ref().unwrap().phase.clone().unwrap())
        .collect();
    assert!(
        !phases.iter().any(|p| p == "Succeeded" || p == "Failed"),
        "{phases:?}"
    );
    let pending: Vec<&str> = state
        .pods
        .iter()
        .filter(|pod| pod.spec.as_ref().unwrap().node_name.is_none())
        .map(|pod| pod.metadata.name.as_deref().unwrap())
        .collect();
    assert_eq!(pending, ["k6-runner-4-t6y1u"]);

    assert_eq!(
        names(state.daemon_sets.iter().map(|ds| &ds.metadata.name)),
        ["aws-node", "ebs-csi-node", "kube-proxy"]
    );
    let quota = &state.resource_quotas[0];
    assert_eq!(state.resource_quotas.len(), 1);
    assert_eq!(
        quota.spec.as_ref().unwrap().hard.as_ref().unwrap()["pods"].0,
        "20"
    );
    assert_eq!(state.limit_ranges.len(), 1);
    let limit = &state.limit_ranges[0].spec.as_ref().unwrap().limits[0];
    assert_eq!(limit.default_request.as_ref().unwrap()["cpu"].0, "500m");

    let mut config_maps: Vec<String> = state
        .config_maps
        .iter()
        .map(|name| format!("{}/{}", name.namespace, name.name))
        .collect();
    config_maps.sort();
    assert_eq!(
        config_maps,
        [
            "kube-system/coredns",
            "load-test/k6-script",
            "load-test/kube-root-ca.crt"
        ]
    );

    assert_eq!(state.karpenter, KarpenterVisibility::Known);
    assert_eq!(
        names(state.node_pools.iter().map(|pool| &pool.metadata.name)),
        ["general", "k6"]
    );
    let k6 = state
        .node_pools
        .iter()
        .find(|pool| pool.metadata.name.as_deref() == Some("k6"))
        .unwrap();
    assert_eq!(k6.spec.weight, Some(10));
    assert_eq!(k6.spec.limits["cpu"], Quantity::from_units(64));
    assert_eq!(k6.spec.template.spec.taints[0].key, "dedicated");
    assert_eq!(
        k6.spec.template.spec.requirements[0].values,
        ["t3a.xlarge", "t3a.2xlarge"]
    );
    assert_eq!(state.node_classes.len(), 1);
    let kubelet = state.node_classes[0].spec.kubelet.as_ref().unwrap();
    assert_eq!(kubelet.max_pods, Some(58));
    assert_eq!(state.sources, ["fake/fake-cluster"]);
}

#[test]
fn pages_follow_continue_tokens() {
    let server = FakeApiServer::start();
    let dir = tempfile::tempdir().unwrap();
    read_cluster(&options(&server, &dir)).unwrap();

    // 5 nodes in pages of 2: offsets 0, 2, 4, so two continue tokens.
    let nodes = server.requests_to(NODES);
    let tokens: Vec<Option<String>> = nodes.iter().map(|r| r.param("continue")).collect();
    assert_eq!(
        tokens,
        [None, Some("rv1000-2".into()), Some("rv1000-4".into())]
    );
    assert!(
        nodes
            .iter()
            .all(|r| r.param("limit").as_deref() == Some("2"))
    );

    // 13 matching pods in pages of 2: 7 requests, each with the phase field selector.
    let pods = server.requests_to(PODS);
    assert_eq!(pods.len(), 7);
    for request in &pods {
        assert_eq!(
            request.param("fieldSelector").as_deref(),
            Some("status.phase!=Succeeded,status.phase!=Failed")
        );
    }
    assert_eq!(pods[6].param("continue").as_deref(), Some("rv1000-12"));

    // ConfigMaps are asked for as metadata only.
    let config_maps = server.requests_to("/api/v1/configmaps");
    assert_eq!(config_maps.len(), 2);
    let accept = config_maps[0].accept.clone().unwrap_or_default();
    assert!(accept.contains("as=PartialObjectMetadataList"), "{accept}");
}

#[test]
fn sends_only_gets_on_list_paths() {
    let server = FakeApiServer::start();
    let dir = tempfile::tempdir().unwrap();
    read_cluster(&options(&server, &dir)).unwrap();

    let expected = [
        NODES,
        PODS,
        "/apis/apps/v1/daemonsets",
        "/api/v1/resourcequotas",
        "/api/v1/limitranges",
        "/api/v1/configmaps",
        NODEPOOLS,
        "/apis/karpenter.k8s.aws/v1/ec2nodeclasses",
    ];
    let requests = server.requests();
    assert!(!requests.is_empty());
    for request in &requests {
        assert_eq!(request.method, "GET", "{request:?}");
        assert!(expected.contains(&request.path.as_str()), "{request:?}");
        assert!(request.param("watch").is_none(), "{request:?}");
    }
    for path in expected {
        assert!(
            requests.iter().any(|r| r.path == path),
            "no request to {path}"
        );
    }
}

#[test]
fn expired_continue_restarts_list() {
    let server = FakeApiServer::start();
    server.add_fault(
        FaultRule::new(PODS, Fault::Status(410))
            .on_continue()
            .times(1),
    );
    let dir = tempfile::tempdir().unwrap();
    let state = read_cluster(&options(&server, &dir)).unwrap();

    assert_eq!(state.pods.len(), 13);
    // First page, 410 on the first continue, then the whole list again: 2 + 7 requests.
    let pods = server.requests_to(PODS);
    assert_eq!(pods.len(), 9);
    assert_eq!(pods[1].param("continue").as_deref(), Some("rv1000-2"));
    assert_eq!(pods[2].param("continue"), None);
}

#[test]
fn expired_continue_restarts_bounded() {
    let server = FakeApiServer::start();
    server.add_fault(FaultRule::new(PODS, Fault::Status(410)).on_continue());
    let dir = tempfile::tempdir().unwrap();
    let error = read_cluster(&options(&server, &dir)).unwrap_err();

    let text = error.to_string();
    assert!(text.contains("list pods"), "{text}");
    assert!(text.contains("410 Gone"), "{text}");
    // The first pass and max_gone_restarts = 2 restarts, each a first page and a continue.
    assert_eq!(server.requests_to(PODS).len(), 6);
    assert_eq!(error.exit_code(), 2);
}

#[test]
fn too_many_requests_waits_retry_after() {
    let server = FakeApiServer::start();
    server.add_fault(
        FaultRule::new(
            NODES,
            Fault::TooManyRequests {
                retry_after_seconds: 1,
            },
        )
        .times(1),
    );
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let state = read_cluster(&options(&server, &dir)).unwrap();

    assert_eq!(state.nodes.len(), 5);
    // The backoff is 20 ms, so only Retry-After explains a wait of a second.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests_to(NODES).len(), 4);
}

#[test]
fn server_errors_retried() {
    let server = FakeApiServer::start();
    server.add_fault(FaultRule::new(NODES, Fault::Status(500)).times(2));
    let dir = tempfile::tempdir().unwrap();
    let state = read_cluster(&options(&server, &dir)).unwrap();

    assert_eq!(state.nodes.len(), 5);
    // Two 500s on the first page, then three pages.
    assert_eq!(server.requests_to(NODES).len(), 5);
}

#[test]
fn dropped_connection_retried() {
    let server = FakeApiServer::start();
    server.add_fault(FaultRule::new(PODS, Fault::Drop).times(1));
    let dir = tempfile::tempdir().unwrap();
    let state = read_cluster(&options(&server, &dir)).unwrap();

    assert_eq!(state.pods.len(), 13);
    assert_eq!(server.requests_to(PODS).len(), 8);
}

#[test]
fn forbidden_pods_names_rule() {
    let server = FakeApiServer::start();
    server.add_fault(FaultRule::new(PODS, Fault::Status(403)));
    let dir = tempfile::tempdir().unwrap();
    let error = read_cluster(&options(&server, &dir)).unwrap_err();

    assert_eq!(error.exit_code(), 2);
    let text = error.to_string();
    assert!(text.contains("list pods"), "{text}");
    assert!(text.contains("at the cluster scope"), "{text}");
    assert!(
        text.contains(r#"apiGroups: [""], resources: ["pods"], verbs: ["list"]"#),
        "{text}"
    );
    // The server's own message is kept, so the user sees which identity was refused.
    assert!(
        text.contains("system:serviceaccount:capplan:reader"),
        "{text}"
    );
    // A 403 is final: no retry.
    assert_eq!(server.requests_to(PODS).len(), 1);
}

#[test]
fn forbidden_pods_in_korean() {
    let server = FakeApiServer::start();
    server.add_fault(FaultRule::new(PODS, Fault::Status(403)));
    let dir = tempfile::tempdir().unwrap();
    let options = options(&server, &dir);
    let text = with_language(Lang::Ko, || read_cluster(&options).unwrap_err().to_string());

    assert!(text.contains("list pods 요청이 거부되었습니다"), "{text}");
    assert!(text.contains(r#"resources: ["pods"]"#), "{text}");
}

#[test]
fn unauthorized_asks_for_credentials() {
    let server = FakeApiServer::start();
    server.add_fault(FaultRule::new(NODES, Fault::Status(401)));
    let dir = tempfile::tempdir().unwrap();
    let text = read_cluster(&options(&server, &dir))
        .unwrap_err()
        .to_string();

    assert!(text.contains("401 Unauthorized"), "{text}");
    assert!(text.contains("list nodes"), "{text}");
}

#[test]
fn forbidden_nodepools_still_loads() {
    let server = FakeApiServer::start();
    server.add_fault(FaultRule::new(NODEPOOLS, Fault::Status(403)));
    let dir = tempfile::tempdir().unwrap();
    let state = read_cluster(&options(&server, &dir)).unwrap();

    let KarpenterVisibility::Forbidden(detail) = &state.karpenter else {
        panic!("expected Forbidden, got {:?}", state.karpenter);
    };
    assert!(detail.contains("list nodepools.karpenter.sh"), "{detail}");
    assert!(
        detail
            .contains(r#"apiGroups: ["karpenter.sh"], resources: ["nodepools"], verbs: ["list"]"#),
        "{detail}"
    );
    assert!(state.node_pools.is_empty());
    assert_eq!(state.nodes.len(), 5);
    assert_eq!(state.pods.len(), 13);
    assert_eq!(state.config_maps.len(), 3);
}

#[test]
fn missing_karpenter_is_not_installed() {
    let server = FakeApiServer::start();
    server.remove_group("karpenter.sh");
    server.remove_group("karpenter.k8s.aws");
    let dir = tempfile::tempdir().unwrap();
    let state = read_cluster(&options(&server, &dir)).unwrap();

    assert_eq!(state.karpenter, KarpenterVisibility::NotInstalled);
    assert!(state.node_pools.is_empty());
    assert!(state.node_classes.is_empty());
    assert_eq!(state.nodes.len(), 5);
}

#[test]
fn slow_server_hits_total_timeout() {
    let server = FakeApiServer::start();
    server.add_fault(FaultRule::new(NODES, Fault::Delay(Duration::from_secs(5))));
    let dir = tempfile::tempdir().unwrap();
    let options = LiveOptions {
        request_timeout: Duration::from_millis(200),
        total_timeout: Duration::from_millis(600),
        ..options(&server, &dir)
    };
    let started = Instant::now();
    let text = read_cluster(&options).unwrap_err().to_string();

    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(text.contains("list nodes"), "{text}");
    assert!(text.contains("total timeout of 0.6 s"), "{text}");
    assert!(text.contains("got no complete response within"), "{text}");
    // Each 200 ms attempt is retried after 20, then 40 ms backoff; the last attempt gets
    // only what remains of the 600 ms.
    assert!(server.requests_to(NODES).len() >= 2);
}

#[test]
fn nodepool_narrows_nodes_only() {
    let server = FakeApiServer::start();
    let dir = tempfile::tempdir().unwrap();
    let options = LiveOptions {
        nodepool: Some("k6".into()),
        node_selector: Some("topology.kubernetes.io/zone in (ap-northeast-2c)".into()),
        ..options(&server, &dir)
    };
    let state = read_cluster(&options).unwrap();

    // k6 nodes are ip-10-0-3-20 (zone 2a) and ip-10-0-3-21 (zone 2c); only the latter is in 2c.
    assert_eq!(
        names(state.nodes.iter().map(|node| &node.metadata.name)),
        ["ip-10-0-3-21.ap-northeast-2.compute.internal"]
    );
    assert_eq!(state.node_pools.len(), 2);
    assert_eq!(state.pods.len(), 13);
    let selector = server.requests_to(NODES)[0].param("labelSelector");
    assert_eq!(
        selector.as_deref(),
        Some("karpenter.sh/nodepool=k6,topology.kubernetes.io/zone in (ap-northeast-2c)")
    );
}

#[test]
fn refused_connection_stops_early() {
    // Bind and close a port so that nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kubeconfig");
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: gone\n\
             clusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:{port}\n\
             contexts:\n- name: gone\n  context:\n    cluster: c\n    user: u\n\
             users:\n- name: u\n  user:\n    token: t\n"
        ),
    )
    .unwrap();
    let options = LiveOptions {
        kubeconfig: Some(path),
        request_timeout: Duration::from_millis(200),
        total_timeout: Duration::from_millis(500),
        backoff_initial: Duration::from_millis(20),
        show_progress: false,
        ..LiveOptions::default()
    };
    let text = read_cluster(&options).unwrap_err().to_string();

    // Nothing listens on the port, so every connection is refused: capplan stops after
    // four refused attempts instead of waiting out the total timeout, as kubectl does.
    assert!(text.contains("list nodes"), "{text}");
    assert!(text.contains("4 connection attempts in a row"), "{text}");
    assert!(text.contains("Connection refused"), "{text}");
}

/// Runs kubectl against the fake server with a private cache directory.
fn kubectl(kubeconfig: &std::path::Path, cache: &std::path::Path, args: &[&str]) -> String {
    let output = std::process::Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .arg("--cache-dir")
        .arg(cache)
        .arg("--request-timeout=10s")
        .args(args)
        .output()
        .expect("run kubectl");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "kubectl {args:?} failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn kubectl_reads_fake_server() {
    let available = std::process::Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_ok_and(|output| output.status.success());
    if !available {
        eprintln!("skipped: kubectl is not installed, so the fake server is not cross-checked");
        return;
    }
    let server = FakeApiServer::start();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.write_kubeconfig(dir.path());
    let cache = dir.path().join("cache");

    let nodes = kubectl(&kubeconfig, &cache, &["get", "nodes"]);
    assert!(
        nodes.contains("ip-10-0-4-30.ap-northeast-2.compute.internal"),
        "{nodes}"
    );
    let pods = kubectl(&kubeconfig, &cache, &["get", "pods", "-A"]);
    assert!(pods.contains("k6-runner-4-t6y1u"), "{pods}");
    assert!(pods.contains("backup-29384756-kq2lz"), "{pods}");
    let pools = kubectl(&kubeconfig, &cache, &["get", "nodepools"]);
    assert!(pools.contains("general"), "{pools}");
    assert!(pools.contains("k6"), "{pools}");

    let chunked = kubectl(
        &kubeconfig,
        &cache,
        &["get", "pods", "-A", "--chunk-size=2"],
    );
    // 15 pods and a header line.
    assert_eq!(chunked.lines().count(), 16, "{chunked}");
    let continued = server
        .requests_to(PODS)
        .iter()
        .filter(|r| r.param("continue").is_some())
        .count();
    // 15 pods in pages of 2: 8 pages, 7 of them requested with a continue token.
    assert_eq!(continued, 7);

    let pool = kubectl(
        &kubeconfig,
        &cache,
        &["get", "nodepool", "k6", "-o", "json"],
    );
    let pool: serde_json::Value = serde_json::from_str(&pool).unwrap();
    assert_eq!(pool["spec"]["weight"], 10);
}

/// Returns the ClusterRole document of the first YAML block in a Markdown file.
fn documented_role(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap();
    let start = text.find("```yaml\n").unwrap() + "```yaml\n".len();
    let end = start + text[start..].find("```").unwrap();
    let documents: Vec<serde_json::Value> = serde_saphyr::from_multiple(&text[start..end]).unwrap();
    documents
        .into_iter()
        .find(|document| document["kind"] == "ClusterRole")
        .unwrap()
}

#[test]
fn documented_role_covers_requests() {
    let server = FakeApiServer::start();
    let dir = tempfile::tempdir().unwrap();
    read_cluster(&options(&server, &dir)).unwrap();
    let role = documented_role("docs/rbac.md");
    let rules = role["rules"].as_array().unwrap();

    let mut granted = Vec::new();
    for rule in rules {
        assert_eq!(rule["verbs"], serde_json::json!(["get", "list"]), "{rule}");
        for group in rule["apiGroups"].as_array().unwrap() {
            for resource in rule["resources"].as_array().unwrap() {
                granted.push(format!(
                    "{}/{}",
                    group.as_str().unwrap(),
                    resource.as_str().unwrap()
                ));
            }
        }
    }
    let mut requested: Vec<String> = server
        .requests()
        .iter()
        .map(|request| {
            let parts: Vec<&str> = request.path.split('/').collect();
            match parts.as_slice() {
                ["", "api", _, plural] => format!("/{plural}"),
                ["", "apis", group, _, plural] => format!("{group}/{plural}"),
                _ => panic!("unexpected path {}", request.path),
            }
        })
        .collect();
    requested.sort();
    requested.dedup();
    granted.sort();
    // The role grants exactly the resources that are read, no more.
    assert_eq!(granted, requested);
    assert_eq!(documented_role("docs/ko/rbac.md"), role);
}
