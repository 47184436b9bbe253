//! Runs the binary on every class of broken input a user can produce, as a scenario
//! (`plan`), as manifests (`preflight -f`) and as a snapshot (`preflight --snapshot`):
//! each must exit 2 with a message that names the file (and line or object) and says
//! what to do, and none may panic.

mod common;

use common::capplan;

const SNAPSHOT: &str = "scenarios/snapshot/eks-loadtest.json";
const JOBS: &str = "scenarios/manifests/30k/k6-job-parallel-30k.yaml";

#[derive(Clone, Copy, Debug)]
enum Reader {
    Scenario,
    Manifests,
    Snapshot,
}

fn run_as(reader: Reader, path: &str) -> common::Run {
    match reader {
        Reader::Scenario => capplan(&["plan", path]),
        Reader::Manifests => capplan(&["preflight", "-f", path, "--snapshot", SNAPSHOT]),
        Reader::Snapshot => capplan(&["preflight", "-f", JOBS, "--snapshot", path]),
    }
}

/// Asserts exit code 2, no panic, the file's name and every fragment in stderr.
fn assert_rejected(reader: Reader, path: &str, fragments: &[&str]) {
    let run = run_as(reader, path);
    let context = format!("{reader:?} {path}: exit {}\n{}", run.code, run.stderr);
    assert_eq!(run.code, 2, "{context}");
    assert!(!run.stderr.contains("panicked"), "{context}");
    let name = std::path::Path::new(path)
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or(path);
    assert!(run.stderr.contains(name), "{context}");
    for fragment in fragments {
        assert!(
            run.stderr.contains(fragment),
            "missing {fragment:?} in {context}"
        );
    }
}

fn corpus(name: &str) -> String {
    format!("tests/bad_input/{name}")
}

const ALL: [Reader; 3] = [Reader::Scenario, Reader::Manifests, Reader::Snapshot];

#[test]
fn empty_file() {
    assert_rejected(
        Reader::Scenario,
        &corpus("empty.yaml"),
        &["empty.yaml:1:1", "Fix the YAML"],
    );
    for reader in [Reader::Manifests, Reader::Snapshot] {
        assert_rejected(
            reader,
            &corpus("empty.yaml"),
            &["has no objects", "check that it is the file"],
        );
    }
}

#[test]
fn binary_garbage() {
    // Byte 8 (0xff) is the first that is not UTF-8; it is on line 1.
    for reader in ALL {
        assert_rejected(
            reader,
            &corpus("garbage.yaml"),
            &["garbage.yaml:1:", "offset 8", "save it as UTF-8"],
        );
    }
}

#[test]
fn deep_nesting_is_bounded() {
    // 300 nested flow sequences on line 1; 200 nested block mappings, one per line.
    // serde-saphyr's default budget stops at depth 64, serde_json's at 128.
    for reader in [Reader::Manifests, Reader::Snapshot] {
        assert_rejected(
            reader,
            &corpus("deep-flow.yaml"),
            &["deep-flow.yaml:1 ", "fix the file at this line"],
        );
        assert_rejected(
            reader,
            &corpus("deep-block.yaml"),
            &["Depth", "fix the file at this line"],
        );
    }
    // The scenario schema rejects the unknown top-level key before descending.
    assert_rejected(
        Reader::Scenario,
        &corpus("deep-flow.yaml"),
        &["unknown field `a`"],
    );
}

#[test]
fn billion_laughs_is_bounded() {
    // Ten levels of 9 aliases each would expand to 9^10 (3.5 billion) strings; the
    // default budget of 250,000 nodes stops it.
    for reader in [Reader::Manifests, Reader::Snapshot] {
        assert_rejected(
            reader,
            &corpus("billion-laughs.yaml"),
            &["budget breached", "fix the file at this line"],
        );
    }
    assert_rejected(
        Reader::Scenario,
        &corpus("billion-laughs.yaml"),
        &["unknown field `a0`"],
    );
}

#[test]
fn numbers_and_quantities_past_i64() {
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-huge-rps.yaml"),
        &[":5:12", "targetRps must be between 1 and 10000000"],
    );
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-huge-quantity.yaml"),
        &[":29:10", "runner.requests.cpu", "exceeds 2^63-1"],
    );
    assert_rejected(
        Reader::Manifests,
        &corpus("manifest-huge-quantity.yaml"),
        &[
            ":31 ",
            "Job load-test/k6-loadtest-30k-part1",
            "exceeds 2^63-1",
        ],
    );
    assert_rejected(
        Reader::Snapshot,
        &corpus("snapshot-huge-quantity.json"),
        &[
            "Node ip-10-0-1-10.ec2.internal",
            "status.allocatable.memory",
            "exceeds 2^63-1",
        ],
    );
}

#[test]
fn negative_and_zero_capacities() {
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-negative-cpu.yaml"),
        &[":29:10", "negative quantities"],
    );
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-zero-pods.yaml"),
        &[":24:9", "shards.pods must be between 1 and 10000, found 0"],
    );
    assert_rejected(
        Reader::Manifests,
        &corpus("manifest-negative-cpu.yaml"),
        &[":31 ", "requests.cpu", "negative quantities"],
    );
    assert_rejected(
        Reader::Snapshot,
        &corpus("snapshot-negative-cpu.json"),
        &["status.allocatable.cpu", "negative quantities"],
    );
}

#[test]
fn nan_and_infinity_in_scenario_numbers() {
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-nan.yaml"),
        &[":5:12", "finite number", "NaN"],
    );
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-inf.yaml"),
        &[":5:12", "finite number", "inf"],
    );
}

#[test]
fn duplicate_keys() {
    // The second targetRps is on line 6; the second backoffLimit on line 11; the
    // second "pods" of the node's allocatable on line 19.
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-duplicate-key.yaml"),
        &[":6:1", "duplicate key \"targetRps\""],
    );
    assert_rejected(
        Reader::Manifests,
        &corpus("manifest-duplicate-key.yaml"),
        &[":11 ", "duplicate key \"backoffLimit\""],
    );
    assert_rejected(
        Reader::Snapshot,
        &corpus("snapshot-duplicate-key.json"),
        &[":19 ", "duplicate key \"pods\""],
    );
}

#[test]
fn unknown_fields_name_the_field_and_the_valid_ones() {
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-unknown-field.yaml"),
        &[":28:3", "unknown field `request`", "requests"],
    );
    assert_rejected(
        Reader::Snapshot,
        &corpus("snapshot-unknown-field.json"),
        &[":4 ", "unknown field node", "did you mean nodes?"],
    );
}

#[test]
fn wrong_api_version_or_kind() {
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-wrong-api-version.yaml"),
        &[":2:13", "Set apiVersion: capplan/v1"],
    );
    assert_rejected(
        Reader::Scenario,
        &corpus("scenario-wrong-kind.yaml"),
        &[":3:7", "Set kind: Scenario"],
    );
    assert_rejected(
        Reader::Manifests,
        &corpus("manifest-wrong-api-version.yaml"),
        &[
            "Job load-test/k6-loadtest-30k-part1",
            "set apiVersion: batch/v1",
        ],
    );
    assert_rejected(
        Reader::Manifests,
        &corpus("manifest-wrong-kind.yaml"),
        &["Jobb", "check the spelling"],
    );
    assert_rejected(
        Reader::Snapshot,
        &corpus("snapshot-wrong-api-version.json"),
        &["set apiVersion: capplan.io/v1alpha1"],
    );
    assert_rejected(
        Reader::Snapshot,
        &corpus("snapshot-wrong-kind.json"),
        &["kind Nodes has items", "set kind: List"],
    );
    assert_rejected(
        Reader::Snapshot,
        &corpus("snapshot-wrong-list-api-version.json"),
        &[
            "snapshot-wrong-list-api-version.json:1",
            "apiVersion v1, found v2",
            "set apiVersion: v1",
        ],
    );
}

#[test]
fn truncated_json() {
    assert_rejected(
        Reader::Manifests,
        &corpus("manifest-truncated.json"),
        &[":1 ", "EOF while parsing", "fix the file"],
    );
    assert_rejected(
        Reader::Snapshot,
        &corpus("snapshot-truncated.json"),
        &[":13 ", "EOF while parsing", "fix the file"],
    );
}

#[test]
fn file_past_size_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.yaml");
    // A sparse 1 GiB file: set_len allocates no blocks, and capplan must refuse it by
    // its size (256 MiB limit) without reading it.
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(1 << 30).expect("set_len");
    let text = path.to_str().expect("path");
    for reader in ALL {
        assert_rejected(reader, text, &["larger than 256 MiB", "split it"]);
    }
}
