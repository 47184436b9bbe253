//! `capplan catalog` end to end through the binary.

use std::process::Command;

fn capplan(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("CAPPLAN_LANG")
        .output()
        .expect("run capplan");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn catalog_prints_t3a_allocatable() {
    let (code, stdout, stderr) = capplan(&["catalog", "t3a.xlarge,t3a.2xlarge"]);
    assert_eq!(code, 0, "{stderr}");
    // t3a.xlarge: 4000m − 80m kube-reserved = 3920m; 16384 − ceil(0.075 × 16384) = 15155Mi,
    // − (11 × 58 + 255 = 893Mi) − 100Mi = 14162Mi; max pods 4 × (15 − 1) + 2 = 58.
    let xlarge = stdout
        .lines()
        .find(|line| line.contains("t3a.xlarge "))
        .expect(&stdout);
    for cell in ["3920m", "14162Mi", "58", "$0.1504"] {
        assert!(xlarge.contains(cell), "{cell} missing in {xlarge}");
    }
    // t3a.2xlarge: 8000m − 90m = 7910m; 32768 − 2458 − 893 − 100 = 29317Mi.
    let double = stdout
        .lines()
        .find(|line| line.contains("t3a.2xlarge"))
        .expect(&stdout);
    for cell in ["7910m", "29317Mi", "58", "$0.3008"] {
        assert!(double.contains(cell), "{cell} missing in {double}");
    }
}

#[test]
fn catalog_json_has_integers() {
    let (code, stdout, stderr) = capplan(&["catalog", "t3a.xlarge", "-o", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect(&stdout);
    let row = &json["instance_types"][0];
    assert_eq!(row["name"], "t3a.xlarge");
    assert_eq!(row["allocatable"]["cpu_millis"], 3920);
    assert_eq!(row["allocatable"]["memory_bytes"], 14162_i64 * 1024 * 1024);
    assert_eq!(row["allocatable"]["pods"], 58);
    assert_eq!(row["price_micros_per_hour"], 150_400);
    assert_eq!(json["schema_version"], "capplan.io/v1alpha1");
}

#[test]
fn catalog_unknown_type_exits_2() {
    let (code, _, stderr) = capplan(&["catalog", "t3a.huge"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("t3a.huge"), "{stderr}");
}

#[test]
fn catalog_korean_headings() {
    let (code, stdout, _) = capplan(&["catalog", "t3a.xlarge", "--lang", "ko"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("인스턴스 타입"), "{stdout}");
    assert!(stdout.contains("14162Mi"), "{stdout}");
}
