//! Replays the fuzz seeds and every saved crash input through the fuzz harnesses, so
//! CI covers the fuzz targets without a fuzzer installed.

#[path = "../fuzz/src/harness.rs"]
mod harness;

use std::path::Path;

/// Runs `target` on every file under `fuzz/seeds/NAME` and `tests/fuzz_regressions/NAME`.
fn replay(name: &str, target: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in [
        root.join("fuzz/seeds").join(name),
        root.join("tests/fuzz_regressions").join(name),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name} panicked on {}", file.display());
            count += 1;
        }
    }
    assert!(count > 0, "no inputs for {name}");
}

#[test]
fn quantity_corpus() {
    replay("quantity", harness::quantity);
}

#[test]
fn scenario_corpus() {
    replay("scenario", harness::scenario);
}

#[test]
fn manifest_corpus() {
    replay("manifest", harness::manifest);
}

#[test]
fn snapshot_corpus() {
    replay("snapshot", harness::snapshot);
}

#[test]
fn kubeconfig_corpus() {
    replay("kubeconfig", harness::kubeconfig);
}

#[test]
fn files_corpus() {
    replay("files", harness::files);
}
