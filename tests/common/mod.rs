//! Helpers shared by the command-line tests: run the built binary with a clean locale.

#![allow(dead_code)]

use std::process::Command;

/// The exit code, stdout and stderr of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `capplan` with `args` in the crate root, with no locale variables set.
pub fn capplan(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("CAPPLAN_LANG")
        .env_remove("KUBECONFIG")
        .output()
        .expect("run capplan");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `capplan ... -o json` and parses stdout.
pub fn capplan_json(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-o", "json"]);
    let run = capplan(&all);
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}\n{}", run.stdout, run.stderr));
    (run.code, json)
}

/// Writes `text` to a file named `name` in a new temporary directory.
pub fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write temp file");
    (dir, path)
}
