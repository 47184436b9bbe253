//! Instance catalog and node overhead model, checked against values worked out by
//! hand from Karpenter's and the EKS AMI's rules, and against Karpenter's own
//! modelled allocatable for every instance type.

use std::collections::{BTreeMap, BTreeSet};

use capplan::catalog::{Burstable, Catalog, InstanceType, NodeModel, Price, RowSource};
use capplan::cluster::karpenter::KubeletConfiguration;
use capplan::i18n::{Lang, with_language};
use capplan::quantity::{Quantity, Resources};

const MIB: i64 = 1024 * 1024;
const GIB: i64 = 1024 * MIB;

fn catalog() -> Catalog {
    Catalog::bundled().expect("the bundled catalog parses")
}

fn instance<'a>(catalog: &'a Catalog, name: &str) -> &'a InstanceType {
    catalog
        .get(name)
        .unwrap_or_else(|| panic!("{name} is in the catalog"))
}

fn quantity(text: &str) -> Quantity {
    Quantity::parse(text).expect("valid quantity")
}

#[test]
fn bundled_catalog_sizes() {
    let catalog = catalog();
    assert_eq!(catalog.len(), 1363);
    assert_eq!(catalog.iter().filter(|t| t.burstable.is_some()).count(), 28);
    assert_eq!(catalog.regions(), vec!["ap-northeast-2", "us-east-1"]);
    // 1363 types less 18 without a us-east-1 price in the 2026-07-20 snapshot.
    let priced = catalog
        .iter()
        .filter(|t| catalog.price_micros(&t.name, "us-east-1").is_some())
        .count();
    assert_eq!(priced, 1345);
}

#[test]
fn t3a_xlarge_row() {
    let catalog = catalog();
    let t3a = instance(&catalog, "t3a.xlarge");
    assert_eq!(t3a.vcpu, 4);
    assert_eq!(t3a.memory_mib, 16384);
    assert_eq!(t3a.arch, "amd64");
    assert_eq!(t3a.enis, Some(4));
    assert_eq!(t3a.ipv4_per_eni, Some(15));
    // 4 × (15 − 1) + 2 = 58.
    assert_eq!(t3a.max_pods, 58);
    assert!(!t3a.trunking_compatible);
    assert_eq!(t3a.label("karpenter.k8s.aws/instance-family"), Some("t3a"));
    assert_eq!(t3a.label("karpenter.k8s.aws/instance-category"), Some("t"));
    assert_eq!(
        t3a.label("karpenter.k8s.aws/instance-generation"),
        Some("3")
    );
    assert_eq!(t3a.label("karpenter.k8s.aws/instance-size"), Some("xlarge"));
    assert_eq!(
        t3a.label("karpenter.k8s.aws/instance-hypervisor"),
        Some("nitro")
    );
    assert_eq!(
        t3a.label("karpenter.k8s.aws/instance-cpu-manufacturer"),
        Some("amd")
    );
    assert_eq!(
        t3a.label("karpenter.k8s.aws/instance-network-bandwidth"),
        Some("1024")
    );
    assert_eq!(t3a.label("kubernetes.io/arch"), Some("amd64"));
    assert_eq!(t3a.label("kubernetes.io/os"), Some("linux"));
    assert_eq!(
        t3a.label("node.kubernetes.io/instance-type"),
        Some("t3a.xlarge")
    );
    // No GPU, so no GPU labels.
    assert_eq!(t3a.label("karpenter.k8s.aws/instance-gpu-count"), None);
    assert_eq!(t3a.source.hardware_source, "karpenter-docs");
    assert_eq!(t3a.source.eni_date, "2026-08-06");
}

#[test]
fn t3a_xlarge_allocatable() {
    let catalog = catalog();
    let model = NodeModel::default();
    let t3a = instance(&catalog, "t3a.xlarge");

    // Capacity: 16384 MiB − ceil(16384 × 0.075 = 1228.8) = 16384 − 1229 = 15155 MiB.
    let capacity = model.capacity(t3a);
    assert_eq!(capacity.cpu_millis, 4000);
    assert_eq!(capacity.memory_bytes, 15155 * MIB);
    assert_eq!(capacity.ephemeral_storage_bytes, 20 * GIB);
    assert_eq!(capacity.pods, 58);

    // kube-reserved: 60 + 10 + 10 = 80m; 11 × 58 + 255 = 893 MiB; 1Gi.
    let reserved = model.kube_reserved(t3a);
    assert_eq!(reserved.cpu_millis, 80);
    assert_eq!(reserved.memory_bytes, 893 * MIB);
    assert_eq!(reserved.ephemeral_storage_bytes, GIB);

    // 4000 − 80 = 3920m; 15155 − 893 − 100 = 14162 MiB; 20 − 1 − 2 (10%) = 17Gi.
    let allocatable = model.allocatable(t3a);
    assert_eq!(allocatable.cpu_millis, 3920);
    assert_eq!(allocatable.memory_bytes, 14162 * MIB);
    assert_eq!(allocatable.pods, 58);
    assert_eq!(allocatable.ephemeral_storage_bytes, 17 * GIB);
}

#[test]
fn t3a_2xlarge_allocatable() {
    let catalog = catalog();
    let allocatable = NodeModel::default().allocatable(instance(&catalog, "t3a.2xlarge"));
    // 8000 − (60 + 10 + 10 + 0.25% × 4000 = 10) = 7910m.
    assert_eq!(allocatable.cpu_millis, 7910);
    // 32768 − ceil(2457.6) = 30310; 30310 − 893 − 100 = 29317 MiB.
    assert_eq!(allocatable.memory_bytes, 29317 * MIB);
    assert_eq!(allocatable.pods, 58);
}

#[test]
fn m6g_xlarge_arm64_allocatable() {
    let catalog = catalog();
    let m6g = instance(&catalog, "m6g.xlarge");
    assert_eq!(m6g.arch, "arm64");
    // 16384 − 64 (Graviton CMA) = 16320; 16320 × 0.075 = 1224 exactly;
    // 16320 − 1224 − 893 − 100 = 14103 MiB.
    let allocatable = NodeModel::default().allocatable(m6g);
    assert_eq!(allocatable.memory_bytes, 14103 * MIB);
    assert_eq!(allocatable.cpu_millis, 3920);
}

#[test]
fn kube_reserved_cpu_ladder() {
    let catalog = catalog();
    let model = NodeModel::default();
    // 2 vCPU: 60 + 10 = 70; 4: +10 = 80; 8: +10 = 90; 16: 80 + 30 = 110; 32: 80 + 70 = 150.
    for (name, vcpu, expected_millis) in [
        ("t3a.medium", 2, 70),
        ("t3a.xlarge", 4, 80),
        ("t3a.2xlarge", 8, 90),
        ("m5.4xlarge", 16, 110),
        ("m5.8xlarge", 32, 150),
    ] {
        let instance_type = instance(&catalog, name);
        assert_eq!(instance_type.vcpu, vcpu, "{name} vCPU");
        assert_eq!(
            model.kube_reserved(instance_type).cpu_millis,
            expected_millis,
            "{name} kube-reserved cpu"
        );
    }
}

/// The 28 commonly used types: kube-reserved CPU (m), kube-reserved memory
/// (11 × maxPods + 255 MiB) and Karpenter's modelled allocatable CPU (m) and
/// memory (MiB), from Karpenter's generated instance-type reference.
const CURATED: [(&str, i64, i64, i64, i64); 28] = [
    ("t3a.medium", 70, 442, 1930, 3246),
    ("t3a.large", 70, 640, 1930, 6837),
    ("t3a.xlarge", 80, 893, 3920, 14162),
    ("t3a.2xlarge", 90, 893, 7910, 29317),
    ("t3.xlarge", 80, 893, 3920, 14162),
    ("t3.2xlarge", 90, 893, 7910, 29317),
    ("m5.large", 70, 574, 1930, 6903),
    ("m5.xlarge", 80, 893, 3920, 14162),
    ("m5.2xlarge", 90, 893, 7910, 29317),
    ("m5.4xlarge", 110, 2829, 15890, 57691),
    ("m6i.xlarge", 80, 893, 3920, 14162),
    ("m6i.2xlarge", 90, 893, 7910, 29317),
    ("m6i.4xlarge", 110, 2829, 15890, 57691),
    ("m7i.xlarge", 80, 893, 3920, 14162),
    ("m7i.2xlarge", 90, 893, 7910, 29317),
    ("c5.xlarge", 80, 893, 3920, 6584),
    ("c5.2xlarge", 90, 893, 7910, 14162),
    ("c5.4xlarge", 110, 2829, 15890, 27381),
    ("c6i.xlarge", 80, 893, 3920, 6584),
    ("c6i.2xlarge", 90, 893, 7910, 14162),
    ("c6i.4xlarge", 110, 2829, 15890, 27381),
    ("c7i.2xlarge", 90, 893, 7910, 14162),
    ("m6g.xlarge", 80, 893, 3920, 14103),
    ("m6g.2xlarge", 90, 893, 7910, 29258),
    ("c6g.2xlarge", 90, 893, 7910, 14103),
    ("c7g.2xlarge", 90, 893, 7910, 14103),
    ("r5.xlarge", 80, 893, 3920, 29317),
    ("r6i.xlarge", 80, 893, 3920, 29317),
];

#[test]
fn curated_types_match_table() {
    let catalog = catalog();
    let model = NodeModel::default();
    for (name, reserved_cpu, reserved_mib, allocatable_cpu, allocatable_mib) in CURATED {
        let instance_type = instance(&catalog, name);
        let reserved = model.kube_reserved(instance_type);
        let allocatable = model.allocatable(instance_type);
        assert_eq!(
            reserved.cpu_millis, reserved_cpu,
            "{name} kube-reserved cpu"
        );
        assert_eq!(
            reserved.memory_bytes,
            reserved_mib * MIB,
            "{name} kube-reserved memory"
        );
        assert_eq!(allocatable.cpu_millis, allocatable_cpu, "{name} cpu");
        assert_eq!(
            allocatable.memory_bytes,
            allocatable_mib * MIB,
            "{name} memory"
        );
    }
}

/// Every field of the model's allocatable that differs from Karpenter's, as text.
fn differences(model: &Resources, karpenter: &Resources) -> Vec<String> {
    let mut found = Vec::new();
    if model.cpu_millis != karpenter.cpu_millis {
        found.push(format!(
            "cpu {} != {}",
            model.cpu_millis, karpenter.cpu_millis
        ));
    }
    if model.memory_bytes != karpenter.memory_bytes {
        found.push(format!(
            "memory {}Mi != {}Mi",
            model.memory_bytes / MIB,
            karpenter.memory_bytes / MIB
        ));
    }
    if model.ephemeral_storage_bytes != karpenter.ephemeral_storage_bytes {
        found.push(format!(
            "ephemeral-storage {} != {}",
            model.ephemeral_storage_bytes, karpenter.ephemeral_storage_bytes
        ));
    }
    if model.pods != karpenter.pods {
        found.push(format!("pods {} != {}", model.pods, karpenter.pods));
    }
    if model.extended != karpenter.extended {
        found.push(format!(
            "extended {:?} != {:?}",
            model.extended, karpenter.extended
        ));
    }
    found
}

// NOTE: for 21 multi-card types missing from the EKS max-pods table, the catalog
// derives card 0's ENIs from Karpenter's pods figure, so their pods check is not independent.
#[test]
fn model_matches_karpenter_for_every_type() {
    let catalog = catalog();
    let model = NodeModel::default();
    let mismatches: Vec<String> = catalog
        .iter()
        .filter_map(|instance_type| {
            let found = differences(
                &model.allocatable(instance_type),
                &instance_type.karpenter_allocatable,
            );
            (!found.is_empty()).then(|| format!("{}: {}", instance_type.name, found.join(", ")))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} types differ:\n{}",
        mismatches.len(),
        catalog.len(),
        mismatches.join("\n")
    );
}

#[test]
fn multi_card_types_use_card_zero() {
    let catalog = catalog();
    // p5.48xlarge has 64 ENIs over 32 network cards, 2 on card 0:
    // 2 × (50 − 1) + 2 = 100 pods.
    let p5 = instance(&catalog, "p5.48xlarge");
    assert_eq!(p5.enis_all_cards, Some(64));
    assert_eq!(p5.enis, Some(2));
    assert_eq!(NodeModel::default().pods(p5), 100);
}

#[test]
fn max_pods_override_keeps_eni_memory() {
    let catalog = catalog();
    let model = NodeModel {
        max_pods: Some(20),
        ..NodeModel::default()
    };
    let t3a = instance(&catalog, "t3a.xlarge");
    let allocatable = model.allocatable(t3a);
    assert_eq!(allocatable.pods, 20);
    // kube-reserved memory still uses the ENI-limited 58 pods: 11 × 58 + 255 = 893 MiB,
    // so memory stays 15155 − 893 − 100 = 14162 MiB.
    assert_eq!(model.kube_reserved(t3a).memory_bytes, 893 * MIB);
    assert_eq!(allocatable.memory_bytes, 14162 * MIB);
}

#[test]
fn vm_overhead_override() {
    let catalog = catalog();
    let model = NodeModel {
        vm_memory_overhead_ppm: 1000,
        ..NodeModel::default()
    };
    // 32768 − ceil(32768 × 0.001 = 32.768) = 32735; 32735 − 893 − 100 = 31742 MiB.
    let allocatable = model.allocatable(instance(&catalog, "m6a.2xlarge"));
    assert_eq!(allocatable.memory_bytes, 31742 * MIB);
}

#[test]
fn measured_allocatable_replaces_model() {
    let catalog = catalog();
    let measured = BTreeMap::from([("memory".to_string(), quantity("31458488Ki"))]);
    let model = NodeModel {
        allocatable_overrides: BTreeMap::from([("m5.2xlarge".to_string(), measured)]),
        ..NodeModel::default()
    };
    let m5 = instance(&catalog, "m5.2xlarge");
    let allocatable = model.allocatable(m5);
    assert_eq!(allocatable.memory_bytes, 31_458_488 * 1024);
    // Resources not measured keep the model's figure: 8000 − 90 = 7910m.
    assert_eq!(allocatable.cpu_millis, 7910);
    assert!(model.has_measured_allocatable("m5.2xlarge"));
    assert!(!model.has_measured_allocatable("m5.xlarge"));
}

#[test]
fn reserved_overrides() {
    let catalog = catalog();
    let model = NodeModel {
        kube_reserved: BTreeMap::from([("cpu".to_string(), quantity("200m"))]),
        system_reserved: BTreeMap::from([
            ("cpu".to_string(), quantity("100m")),
            ("memory".to_string(), quantity("128Mi")),
        ]),
        eviction_hard_memory: quantity("500Mi"),
        ..NodeModel::default()
    };
    let allocatable = model.allocatable(instance(&catalog, "t3a.xlarge"));
    // 4000 − 200 − 100 = 3700m.
    assert_eq!(allocatable.cpu_millis, 3700);
    // kube-reserved memory keeps its ladder value: 15155 − 893 − 128 − 500 = 13634 MiB.
    assert_eq!(allocatable.memory_bytes, 13634 * MIB);
}

#[test]
fn apply_kubelet_settings() {
    let catalog = catalog();
    let kubelet = KubeletConfiguration {
        max_pods: Some(110),
        pods_per_core: None,
        kube_reserved: BTreeMap::from([("memory".to_string(), quantity("1Gi"))]),
        system_reserved: BTreeMap::from([("cpu".to_string(), quantity("100m"))]),
        eviction_hard: BTreeMap::from([
            ("memory.available".to_string(), "5%".to_string()),
            ("nodefs.available".to_string(), "15%".to_string()),
        ]),
    };
    let mut model = NodeModel::default();
    model
        .apply_kubelet(&kubelet)
        .expect("valid kubelet settings");
    let allocatable = model.allocatable(instance(&catalog, "t3a.2xlarge"));
    assert_eq!(allocatable.pods, 110);
    // 8000 − 90 − 100 = 7810m.
    assert_eq!(allocatable.cpu_millis, 7810);
    // Capacity 30310 MiB; 5% = 1515.5 MiB = 1589116928 bytes;
    // 30310 MiB − 1024 MiB − 1589116928 bytes = 29286 MiB − 1589116928 bytes.
    assert_eq!(allocatable.memory_bytes, 29286 * MIB - 1_589_116_928);
    // 20Gi − 1Gi − ceil(15% × 20Gi = 3Gi) = 16Gi.
    assert_eq!(allocatable.ephemeral_storage_bytes, 16 * GIB);
}

#[test]
fn apply_kubelet_pods_per_core() {
    let catalog = catalog();
    let kubelet = KubeletConfiguration {
        pods_per_core: Some(10),
        ..KubeletConfiguration::default()
    };
    let mut model = NodeModel::default();
    model
        .apply_kubelet(&kubelet)
        .expect("valid kubelet settings");
    // min(58, 10 × 4) = 40.
    assert_eq!(model.pods(instance(&catalog, "t3a.xlarge")), 40);
}

#[test]
fn apply_kubelet_rejects_bad_threshold() {
    let kubelet = KubeletConfiguration {
        eviction_hard: BTreeMap::from([("memory.available".to_string(), "lots".to_string())]),
        ..KubeletConfiguration::default()
    };
    let error = NodeModel::default()
        .apply_kubelet(&kubelet)
        .expect_err("invalid threshold");
    let message = error.to_string();
    assert!(message.contains("evictionHard"), "{message}");
    assert!(message.contains("lots"), "{message}");
}

#[test]
fn prices_per_region() {
    let catalog = catalog();
    // $0.1504 per hour.
    assert_eq!(
        catalog.price_micros("t3a.xlarge", "us-east-1"),
        Some(150_400)
    );
    assert_eq!(
        catalog.price_micros("t3a.2xlarge", "us-east-1"),
        Some(300_800)
    );
    // Seoul $0.1872, from an unverified source.
    assert_eq!(
        catalog.price_micros("t3a.xlarge", "ap-northeast-2"),
        Some(187_200)
    );
    let seoul = catalog
        .price("t3a.xlarge", "ap-northeast-2")
        .expect("Seoul price");
    assert!(!seoul.verified);
    assert!(
        catalog
            .price("t3a.xlarge", "us-east-1")
            .is_some_and(|price| price.verified)
    );
    assert_eq!(catalog.price_micros("t3a.medium", "ap-northeast-2"), None);
    assert_eq!(catalog.price_micros("p5e.48xlarge", "us-east-1"), None);
    assert_eq!(catalog.price_micros("t3a.xlarge", "eu-west-1"), None);
}

#[test]
fn burstable_credits() {
    let catalog = catalog();
    let t3a = instance(&catalog, "t3a.xlarge");
    let burstable = t3a.burstable.as_ref().expect("t3a.xlarge is burstable");
    // 96 credits/h ÷ 4 vCPU ÷ 60 = 40% = 400m per vCPU.
    assert_eq!(burstable.baseline_millis_per_vcpu, 400);
    assert_eq!(burstable.credits_per_hour_thousandths, 96_000);
    assert_eq!(burstable.baseline_cpu_millis(t3a.vcpu), 1600);
    // At 100%: (4000 − 1600)m = 2.4 vCPU × $0.05 = $0.12 per hour.
    assert_eq!(burstable.surplus_micros_per_hour(t3a.vcpu, 4000), 120_000);
    // At or below baseline there is no surplus charge.
    assert_eq!(burstable.surplus_micros_per_hour(t3a.vcpu, 1500), 0);

    let t2 = instance(&catalog, "t2.2xlarge");
    let t2_burstable = t2.burstable.as_ref().expect("t2.2xlarge is burstable");
    // 81.6 credits/h ÷ 8 ÷ 60 = 17%.
    assert_eq!(t2_burstable.credits_per_hour_thousandths, 81_600);
    assert_eq!(t2_burstable.baseline_millis_per_vcpu, 170);
    assert!(instance(&catalog, "m5.xlarge").burstable.is_none());
}

#[test]
fn offerings_for_region() {
    let catalog = catalog();
    let allowed = BTreeSet::from(["t3a.xlarge".to_string(), "t3a.2xlarge".to_string()]);
    let offerings = catalog
        .offerings(&NodeModel::default(), "us-east-1", Some(&allowed))
        .expect("known types");
    let names: Vec<&str> = offerings
        .iter()
        .map(|offering| offering.instance_type.name.as_str())
        .collect();
    assert_eq!(names, vec!["t3a.xlarge", "t3a.2xlarge"]);
    assert_eq!(offerings[0].allocatable.memory_bytes, 14162 * MIB);
    assert_eq!(offerings[0].capacity.memory_bytes, 15155 * MIB);
    assert_eq!(offerings[1].price_micros, Some(300_800));
    assert!(offerings[1].price_verified);
    assert!(!offerings[1].allocatable_measured);

    let all = catalog
        .offerings(&NodeModel::default(), "ap-northeast-2", None)
        .expect("all types");
    assert_eq!(all.len(), 1363);
    assert_eq!(
        all.iter()
            .filter(|offering| offering.price_micros.is_some())
            .count(),
        10
    );
}

#[test]
fn offerings_reject_unknown_type() {
    let catalog = catalog();
    let allowed = BTreeSet::from(["t3a.xxlarge".to_string()]);
    let error = catalog
        .offerings(&NodeModel::default(), "us-east-1", Some(&allowed))
        .expect_err("unknown type");
    assert!(error.to_string().contains("t3a.xxlarge"));
}

/// Writes the bundled catalog to a directory, with `edit` applied to one file.
fn catalog_dir(file: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instance-catalog");
    for name in ["instance-types.csv", "burstable.csv", "prices.csv"] {
        let text = std::fs::read_to_string(source.join(name)).expect("bundled file");
        let text = if name == file { edit(text) } else { text };
        std::fs::write(dir.path().join(name), text).expect("write catalog file");
    }
    dir
}

/// Replaces the given line (1-based) of a file's text.
fn replace_line(text: &str, line: usize, replace: impl FnOnce(&str) -> String) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[line - 1] = replace(&lines[line - 1]);
    lines.join("\n") + "\n"
}

#[test]
fn load_dir_reads_valid_files() {
    let dir = catalog_dir("", |text| text);
    let loaded = Catalog::load_dir(dir.path()).expect("valid catalog");
    assert_eq!(loaded.len(), 1363);
}

#[test]
fn load_dir_names_file_and_line() {
    // Line 3 is a1.large; its vcpu becomes "two".
    let dir = catalog_dir("instance-types.csv", |text| {
        replace_line(&text, 3, |line| {
            line.replacen("a1.large,2,", "a1.large,two,", 1)
        })
    });
    let error = Catalog::load_dir(dir.path()).expect_err("broken vcpu");
    let message = error.to_string();
    assert!(message.contains("instance-types.csv:3"), "{message}");
    assert!(message.contains("vcpu"), "{message}");
    assert!(message.contains("two"), "{message}");
}

#[test]
fn load_dir_rejects_bad_price() {
    let dir = catalog_dir("prices.csv", |text| {
        replace_line(&text, 2, |line| {
            let fields: Vec<&str> = line.split(',').collect();
            format!(
                "{},{},0.12345678,{}",
                fields[0],
                fields[1],
                fields[3..].join(",")
            )
        })
    });
    let message = Catalog::load_dir(dir.path())
        .expect_err("too many decimals")
        .to_string();
    assert!(message.contains("prices.csv:2"), "{message}");
    assert!(message.contains("usd_per_hour"), "{message}");
}

#[test]
fn load_dir_rejects_unknown_price_type() {
    let dir = catalog_dir("prices.csv", |text| {
        text + "t9z.huge,us-east-1,0.1,true,test,2026-01-01\n"
    });
    let message = Catalog::load_dir(dir.path())
        .expect_err("unknown type")
        .to_string();
    // prices.csv has a header and 1355 rows, so the appended row is line 1357.
    assert!(message.contains("prices.csv:1357"), "{message}");
    assert!(message.contains("t9z.huge"), "{message}");
}

#[test]
fn load_dir_rejects_ragged_csv() {
    let dir = catalog_dir("burstable.csv", |text| {
        replace_line(&text, 4, |line| format!("{line},extra"))
    });
    let message = Catalog::load_dir(dir.path())
        .expect_err("ragged row")
        .to_string();
    assert!(message.contains("burstable.csv:4"), "{message}");
}

#[test]
fn load_dir_missing_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let message = Catalog::load_dir(dir.path())
        .expect_err("no files")
        .to_string();
    assert!(message.contains("instance-types.csv"), "{message}");
}

#[test]
fn load_error_in_korean() {
    let dir = catalog_dir("instance-types.csv", |text| {
        replace_line(&text, 3, |line| {
            line.replacen("a1.large,2,", "a1.large,two,", 1)
        })
    });
    let message = with_language(Lang::Ko, || {
        Catalog::load_dir(dir.path())
            .expect_err("broken vcpu")
            .to_string()
    });
    assert!(message.contains("instance-types.csv:3"), "{message}");
    assert!(message.contains("정수가 아닙니다"), "{message}");
}

/// Reads a bundled catalog file the plain way: one map per row, from trimmed
/// column name to trimmed value.
fn plain_rows(file: &str) -> Vec<BTreeMap<String, String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("instance-catalog")
        .join(file);
    let mut reader = csv::Reader::from_path(&path).expect("bundled file");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(|name| name.trim().to_string())
        .collect();
    reader
        .records()
        .map(|record| {
            let record = record.expect("CSV record");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(|value| value.trim().to_string()))
                .collect()
        })
        .collect()
}

/// Converts a decimal with at most `digits` fraction digits to an integer scaled by
/// 10^digits. Floats are exact enough here, because the catalog's values (at most
/// $361 and 4,608 credits) need at most 9 significant digits and f64 has 15.
fn scaled(text: &str, digits: i32) -> i64 {
    let value: f64 = text.parse().expect("decimal");
    (value * 10_f64.powi(digits)).round() as i64
}

/// Builds what the catalog should hold for one instance-types.csv row, from the
/// column meanings in instance-catalog/README.md.
fn expected_type(row: &BTreeMap<String, String>) -> InstanceType {
    let integer = |column: &str| row[column].parse::<i64>().expect("integer");
    let optional = |column: &str| (!row[column].is_empty()).then(|| integer(column));
    let labels = row
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .filter_map(|(column, value)| {
            let key = column.strip_prefix("label:")?;
            Some((key.to_string(), value.clone()))
        })
        .collect();
    let karpenter_allocatable = Resources::parse_map(
        row.iter()
            .filter(|(_, value)| !value.is_empty())
            .filter_map(|(column, value)| {
                let key = column.strip_prefix("karpenter-allocatable:")?;
                Some((key, value.as_str()))
            }),
    )
    .expect("quantities");
    InstanceType {
        name: row["name"].clone(),
        vcpu: integer("vcpu"),
        memory_mib: integer("memory_mib"),
        arch: row["arch"].clone(),
        labels,
        enis: optional("enis"),
        enis_all_cards: optional("enis_all_cards"),
        ipv4_per_eni: optional("ipv4_per_eni"),
        max_pods: integer("max_pods"),
        trunking_compatible: row["trunking_compatible"] == "true",
        branch_interfaces: optional("branch_interfaces").unwrap_or(0),
        burstable: None,
        karpenter_allocatable,
        source: RowSource {
            hardware_source: row["hardware_source"].clone(),
            hardware_date: row["hardware_date"].clone(),
            eni_source: row["eni_source"].clone(),
            eni_date: row["eni_date"].clone(),
            max_pods_source: row["max_pods_source"].clone(),
        },
    }
}

#[test]
fn bundled_matches_plain_csv_read() {
    let mut burstable: BTreeMap<String, Burstable> = plain_rows("burstable.csv")
        .into_iter()
        .map(|row| {
            let figures = Burstable {
                baseline_millis_per_vcpu: row["baseline_millis_per_vcpu"].parse().expect("integer"),
                credits_per_hour_thousandths: scaled(&row["credits_per_hour"], 3),
                max_accrued_credits_thousandths: scaled(&row["max_accrued_credits"], 3),
                source: row["source"].clone(),
            };
            (row["name"].clone(), figures)
        })
        .collect();
    let rows = plain_rows("instance-types.csv");
    let catalog = catalog();
    assert_eq!(catalog.len(), rows.len());

    for (row, actual) in rows.iter().zip(catalog.iter()) {
        let mut expected = expected_type(row);
        expected.burstable = burstable.remove(&expected.name);
        assert_eq!(actual, &expected);
        assert!(
            std::ptr::eq(catalog.get(&expected.name).expect("by name"), actual),
            "{} found by name is the same type",
            expected.name
        );
    }
    assert!(burstable.is_empty(), "burstable rows left: {burstable:?}");

    let prices = plain_rows("prices.csv");
    let mut regions = BTreeSet::new();
    for row in &prices {
        let expected = Price {
            micros_per_hour: scaled(&row["usd_per_hour"], 6),
            verified: row["verified"] == "true",
            source: row["source"].clone(),
            source_date: row["source_date"].clone(),
        };
        assert_eq!(
            catalog.price(&row["name"], &row["region"]),
            Some(&expected),
            "{} in {}",
            row["name"],
            row["region"]
        );
        assert_eq!(
            catalog.price_micros(&row["name"], &row["region"]),
            Some(expected.micros_per_hour)
        );
        regions.insert(row["region"].as_str());
    }
    assert_eq!(catalog.regions(), regions.into_iter().collect::<Vec<_>>());
    // Every (type, region) pair with a price has a row, so none comes from elsewhere.
    let priced = catalog
        .regions()
        .iter()
        .map(|region| {
            catalog
                .iter()
                .filter(|t| catalog.price(&t.name, region).is_some())
                .count()
        })
        .sum::<usize>();
    assert_eq!(priced, prices.len());
}

#[test]
fn load_dir_matches_bundled() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instance-catalog");
    let loaded = Catalog::load_dir(&dir).expect("instance-catalog parses");
    let bundled = catalog();
    assert_eq!(loaded.len(), bundled.len());
    for (from_dir, embedded) in loaded.iter().zip(bundled.iter()) {
        assert_eq!(from_dir, embedded);
        for region in bundled.regions() {
            assert_eq!(
                loaded.price(&from_dir.name, region),
                bundled.price(&embedded.name, region)
            );
        }
    }
    assert_eq!(loaded.regions(), bundled.regions());
}
