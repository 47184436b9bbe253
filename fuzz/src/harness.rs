//! One function per fuzz target. Each feeds arbitrary bytes to a parser a user can
//! reach, and checks that it returns instead of panicking and that what it accepts
//! keeps its invariants. The corpus replay test in the main crate includes this file
//! with `#[path]`, so it uses only `capplan` and `std`.

use std::path::{Path, PathBuf};

use capplan::cluster::ClusterState;
use capplan::quantity::Quantity;
use capplan::scenario::Scenario;
use capplan::simulate::{SimulateOptions, simulate};

/// Fuzzes `Quantity::parse`: an accepted value prints to text that parses back to the
/// same value, and its integer views round up.
pub fn quantity(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(quantity) = Quantity::parse(text) else {
        return;
    };
    let printed = quantity.to_string();
    let reparsed = match Quantity::parse(&printed) {
        Ok(reparsed) => reparsed,
        Err(error) => panic!("{text:?} printed as {printed:?}, which does not parse: {error}"),
    };
    assert_eq!(reparsed, quantity, "{text:?} printed as {printed:?}");
    // The printed text is not always a fixed point, in Kubernetes too: "62.5Ki" prints
    // as "64000" (BinarySI that is not a whole number of Ki), which parses as DecimalSI
    // and prints as "64k". Only the value must survive.
    // millis() and units() round up as Quantity.MilliValue and Value do; millis
    // saturate at i64::MAX, units cannot (parsing stops at i64::MAX units).
    let nanos = quantity.nanos();
    let millis = i128::from(quantity.millis());
    assert!(
        millis == i128::from(i64::MAX)
            || (millis * 1_000_000 >= nanos && (millis - 1) * 1_000_000 < nanos.max(1)),
        "{text:?}"
    );
    let units = i128::from(quantity.units());
    assert!(
        units * 1_000_000_000 >= nanos && (units - 1) * 1_000_000_000 < nanos.max(1),
        "{text:?}"
    );
}

/// `Scenario::from_str` and, for an accepted scenario, the sizing built on it.
pub fn scenario(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(scenario) = Scenario::from_str(text, "fuzz.yaml") {
        assert!(scenario.pod_count() >= 1);
        let _ = capplan::sizing::size(&scenario);
    }
}

/// Splits off the first byte to pick the syntax a file name would: odd is JSON, even is YAML.
fn named(data: &[u8], stem: &str) -> Option<(PathBuf, String)> {
    let (&first, rest) = data.split_first()?;
    let text = std::str::from_utf8(rest).ok()?;
    let extension = if first % 2 == 1 { "json" } else { "yaml" };
    Some((
        PathBuf::from(format!("{stem}.{extension}")),
        text.to_string(),
    ))
}

/// `parse_manifests` (multi-document YAML or JSON into workloads), then admission and
/// the scheduling simulation of the admitted pods on an empty cluster.
pub fn manifest(data: &[u8]) {
    let Some((path, text)) = named(data, "manifests") else {
        return;
    };
    let Ok(manifests) = capplan::manifest::parse_manifests(&path, &text, None) else {
        return;
    };
    let cluster = ClusterState::default();
    let Ok(admission) = capplan::admission::admit(&manifests.workloads, &cluster) else {
        return;
    };
    let pods: Vec<_> = admission
        .workloads
        .iter()
        .flat_map(|workload| workload.pods.iter().cloned())
        .collect();
    let _ = simulate(&cluster, &pods, &[], &SimulateOptions::default());
}

/// `parse_snapshot` (kubectl Lists, single objects, capplan snapshots), then the
/// simulation reads every node, pod and DaemonSet's quantities.
pub fn snapshot(data: &[u8]) {
    let Some((path, text)) = named(data, "snapshot") else {
        return;
    };
    let Ok(loaded) = capplan::cluster::load::parse_snapshot(&path, &text) else {
        return;
    };
    let _ = simulate(&loaded.state, &[], &[], &SimulateOptions::default());
}

/// Kubeconfig text as capplan reads a kubeconfig file; the bytes after the first NUL
/// are a second file merged after the first, as `KUBECONFIG=a:b` merges them.
pub fn kubeconfig(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (first, second) = text.split_once('\0').unwrap_or((text, ""));
    let Ok(first) = capplan::cluster::live::parse_kubeconfig(first, "first") else {
        return;
    };
    if let Ok(second) = capplan::cluster::live::parse_kubeconfig(second, "second") {
        let _ = first.merge(second);
    }
}

/// Writes the bytes to a file and reads it as a scenario,
/// as manifests and as a snapshot, through the same size-limited reader the CLI uses.
pub fn files(data: &[u8]) {
    let dir = std::env::temp_dir().join(format!("capplan-fuzz-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    for name in ["input.yaml", "input.json"] {
        let path = dir.join(name);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        read_all(&path);
    }
}

fn read_all(path: &Path) {
    let _ = Scenario::load(path);
    let _ = capplan::manifest::load_manifests(&[path.to_path_buf()], Some("fuzz"));
    let _ = capplan::cluster::load::load_snapshot_files(&[path.to_path_buf()]);
}
