//! `--lang ko` output of plan, preflight and compare on the bundled examples has no
//! English sentence left: no run of four or more English words outside known terms
//! (field names, units and Kubernetes words, which Korean text keeps as they are).

mod common;

use common::capplan;

/// Words Korean output keeps in English: Kubernetes, Karpenter, k6 and AWS terms,
/// field and resource names. Compared lowercase.
const TERMS: &[&str] = &[
    "allocatable",
    "cpu",
    "memory",
    "pods",
    "pod",
    "runner",
    "requests",
    "limits",
    "limit",
    "maxvus",
    "rps",
    "daemonset",
    "daemonsets",
    "nodepool",
    "nodeclaim",
    "karpenter",
    "pending",
    "scheduled",
    "job",
    "configmap",
    "scenario",
    "testrun",
    "succeeded",
    "failed",
    "failedcreate",
    "unlimited",
    "on-demand",
    "spot",
    "lp",
    "oom",
    "preflight",
    "kubeconfig",
    "json",
    "yaml",
    "gi",
    "mi",
    "ms",
    "min",
    "capplan",
    "html",
    "markdown",
    "table",
    "rps-short",
    "oom-risk",
    "cpu-throttling",
    "document",
    "default",
    "loadtest",
    "t3",
    "t3a",
];

fn is_english_word(token: &str) -> bool {
    let word = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    word.len() >= 2
        && word
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'')
        && !TERMS.contains(&word.to_ascii_lowercase().as_str())
}

/// Returns the lines holding four or more English words in a row.
fn english_sentences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let mut run = 0;
        for token in line.split_whitespace() {
            if is_english_word(token) {
                run += 1;
                if run >= 4 {
                    found.push(line.trim().to_string());
                    break;
                }
            } else {
                run = 0;
            }
        }
    }
    found
}

/// Drops the style sheet and tags of an HTML page, keeping the text people read.
fn html_text(html: &str) -> String {
    let without_style = match (html.find("<style>"), html.find("</style>")) {
        (Some(start), Some(end)) => format!("{}{}", &html[..start], &html[end..]),
        _ => html.to_string(),
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in without_style.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

fn korean(args: &[&str]) -> String {
    let mut all = vec!["--lang", "ko"];
    all.extend(args);
    let run = capplan(&all);
    assert!(run.code <= 1, "{args:?}: {}", run.stderr);
    format!("{}\n{}", run.stdout, run.stderr)
}

#[test]
fn detector_flags_sentences_not_terms() {
    assert_eq!(
        english_sentences("경고 k6 should stay at or below 80%").len(),
        1
    );
    assert!(english_sentences("파드당 requests cpu 2 / memory 4Gi, Pending 0").is_empty());
}

#[test]
fn korean_reports_have_no_english() {
    let scenarios = [
        "scenarios/10k.yaml",
        "scenarios/30k.yaml",
        "scenarios/50k.yaml",
        "scenarios/50k-6x.yaml",
    ];
    let mut outputs: Vec<(String, String)> = Vec::new();
    for scenario in scenarios {
        for format in ["table", "markdown"] {
            outputs.push((
                format!("plan {scenario} -o {format}"),
                korean(&["plan", scenario, "-o", format]),
            ));
        }
        outputs.push((
            format!("plan {scenario} -o html"),
            html_text(&korean(&["plan", scenario, "-o", "html"])),
        ));
    }
    let snapshot = "scenarios/snapshot/eks-loadtest.json";
    outputs.push((
        "preflight scenario".to_string(),
        korean(&["preflight", "scenarios/50k.yaml", "--snapshot", snapshot]),
    ));
    outputs.push((
        "preflight manifests".to_string(),
        korean(&[
            "preflight",
            "-f",
            "scenarios/manifests/30k",
            "--snapshot",
            snapshot,
            "-o",
            "markdown",
        ]),
    ));
    let mut compare: Vec<&str> = vec!["compare"];
    compare.extend(scenarios);
    for format in ["table", "markdown"] {
        let mut args = compare.clone();
        args.extend(["-o", format]);
        outputs.push((format!("compare -o {format}"), korean(&args)));
    }
    let mut args = compare.clone();
    args.extend(["-o", "html"]);
    outputs.push(("compare -o html".to_string(), html_text(&korean(&args))));
    outputs.push((
        "compare --vary".to_string(),
        korean(&[
            "compare",
            "scenarios/50k.yaml",
            "--vary",
            "pods=6,10",
            "--snapshot",
            snapshot,
        ]),
    ));

    let mut problems = Vec::new();
    for (name, output) in &outputs {
        // Proposal names are the user's own words from scenarios/30k.yaml, not messages.
        let output = output
            .replace("runbook minimum", "")
            .replace("runbook recommended", "");
        for line in english_sentences(&output) {
            problems.push(format!("{name}: {line}"));
        }
    }
    assert!(
        problems.is_empty(),
        "English left in Korean output:\n{}",
        problems.join("\n")
    );
}

/// A bad quantity is explained in Korean, reason included, with exit code 2.
#[test]
fn korean_quantity_error() {
    let run = capplan(&[
        "--lang",
        "ko",
        "preflight",
        "-f",
        "tests/bad_input/manifest-negative-cpu.yaml",
        "--snapshot",
        "scenarios/snapshot/eks-loadtest.json",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("잘못된 수량 \"-2\": 리소스 수량은 음수일 수 없습니다"),
        "{}",
        run.stderr
    );
    assert!(english_sentences(&run.stderr).is_empty(), "{}", run.stderr);
}
