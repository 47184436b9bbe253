use proptest::prelude::*;

use super::*;

fn parse(text: &str) -> Quantity {
    Quantity::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

#[test]
fn cpu_forms_to_millis() {
    assert_eq!(parse("2").millis(), 2000);
    assert_eq!(parse("500m").millis(), 500);
    assert_eq!(parse("0.5").millis(), 500);
    assert_eq!(parse(".5").millis(), 500);
    assert_eq!(parse("5.").millis(), 5000);
    assert_eq!(parse("1.5").millis(), 1500);
    assert_eq!(parse("+3").millis(), 3000);
    assert_eq!(parse("1e3").millis(), 1_000_000);
    assert_eq!(parse("1E-3").millis(), 1);
    // 100 micro-cores round up to one millicore, as MilliValue() does.
    assert_eq!(parse("100u").millis(), 1);
    assert_eq!(parse("250000n").millis(), 1);
    assert_eq!(parse("1000000n").millis(), 1);
}

#[test]
fn memory_forms_to_bytes() {
    assert_eq!(parse("4Gi").units(), 4 * 1024 * 1024 * 1024);
    assert_eq!(parse("14162Mi").units(), 14162 * 1024 * 1024);
    assert_eq!(parse("104Mi").units(), 109_051_904);
    assert_eq!(parse("1k").units(), 1000);
    assert_eq!(parse("1Ki").units(), 1024);
    assert_eq!(parse("1.5Gi").units(), 1_610_612_736);
    assert_eq!(parse("128974848").units(), 128_974_848);
    assert_eq!(parse("129e6").units(), 129_000_000);
    assert_eq!(parse("123M").units(), 123_000_000);
    assert_eq!(parse("1Ei").units(), 1i64 << 60);
    assert_eq!(parse("8E").units(), 8_000_000_000_000_000_000);
    // Half a byte rounds up to one byte, as Value() does.
    assert_eq!(parse("0.5").units(), 1);
    assert_eq!(parse("0.1Ki").units(), 103);
}

#[test]
fn canonical_printing() {
    assert_eq!(format_cpu_millis(3920), "3920m");
    assert_eq!(format_cpu_millis(7910), "7910m");
    assert_eq!(format_cpu_millis(4000), "4");
    assert_eq!(format_cpu_millis(0), "0");
    assert_eq!(format_bytes(14162 * 1024 * 1024), "14162Mi");
    assert_eq!(format_bytes(29317 * 1024 * 1024), "29317Mi");
    assert_eq!(format_bytes(4 * 1024 * 1024 * 1024), "4Gi");
    assert_eq!(format_bytes(1000), "1k");
    assert_eq!(format_bytes(1536 * 1024 * 1024), "1536Mi");
    assert_eq!(parse("0.5").to_string(), "500m");
    assert_eq!(parse("1.5Gi").to_string(), "1536Mi");
    assert_eq!(parse("1e3").to_string(), "1e3");
    assert_eq!(parse("1500").to_string(), "1500");
    assert_eq!(parse("1000").to_string(), "1k");
    assert_eq!(parse("100u").to_string(), "100u");
    assert_eq!(parse("0Gi").to_string(), "0");
}

#[test]
fn invalid_strings_quote_the_value() {
    for (text, reason) in [
        ("2Gb", QuantityErrorReason::UnknownSuffix("Gb".into())),
        ("-1", QuantityErrorReason::Negative),
        ("1.5.5", QuantityErrorReason::SeveralDecimalPoints),
        ("", QuantityErrorReason::Empty),
        ("  ", QuantityErrorReason::Empty),
        ("Gi", QuantityErrorReason::NoDigits),
        (".", QuantityErrorReason::NoDigits),
        ("1 Gi", QuantityErrorReason::UnknownSuffix(" Gi".into())),
        ("1e", QuantityErrorReason::UnknownSuffix("e".into())),
        ("1e3.5", QuantityErrorReason::UnknownSuffix("e3.5".into())),
        ("abc", QuantityErrorReason::NoDigits),
        ("9223372036854775808", QuantityErrorReason::TooLarge),
        ("9Ei", QuantityErrorReason::TooLarge),
        ("1e100", QuantityErrorReason::TooLarge),
        (
            "99999999999999999999999999999999999999999",
            QuantityErrorReason::TooManyDigits,
        ),
    ] {
        let error = Quantity::parse(text).expect_err(text);
        assert_eq!(error.reason, reason, "{text:?}");
        assert!(error.to_string().contains(&format!("{text:?}")), "{error}");
    }
}

#[test]
fn limits_are_accepted() {
    assert_eq!(parse("9223372036854775807").units(), i64::MAX);
    assert_eq!(parse("7Ei").units(), 7i64 << 60);
    assert_eq!(parse("-0").units(), 0);
}

#[test]
fn order_compares_exact_values() {
    assert!(parse("1Gi") > parse("1G"));
    assert!(parse("1000m") == parse("1"));
    assert!(parse("999m") < parse("1"));
    assert!(parse("1Ki") == parse("1024"));
}

#[test]
fn serde_accepts_numbers_and_strings() {
    let from_json: Vec<Quantity> = serde_json::from_str(r#"["500m", 2, 0.5]"#).unwrap();
    assert_eq!(from_json[0].millis(), 500);
    assert_eq!(from_json[1].millis(), 2000);
    assert_eq!(from_json[2].millis(), 500);
    let error = serde_json::from_str::<Quantity>(r#""2Gb""#).unwrap_err();
    assert!(error.to_string().contains("\"2Gb\""), "{error}");
}

#[test]
fn resources_arithmetic() {
    let pod = Resources::parse_map([("cpu", "2"), ("memory", "4Gi")]).unwrap();
    let six = pod.times(6);
    assert_eq!(six.cpu_millis, 12_000);
    assert_eq!(six.memory_bytes, 24 * 1024 * 1024 * 1024);
    assert!(pod.fits_in(&Resources::new(2000, 4 << 30)));
    assert!(!pod.fits_in(&Resources::new(1999, 4 << 30)));
    assert_eq!(six.to_string(), "cpu=12 memory=24Gi");
    let (key, error) = Resources::parse_map([("cpu", "2"), ("memory", "4GB")]).unwrap_err();
    assert_eq!(key, "memory");
    assert_eq!(error.value, "4GB");
}

/// An exact rational: numerator / 10^9, built independently of the parser.
fn suffix_strategy() -> impl Strategy<Value = (&'static str, i128, i128)> {
    // (suffix, multiplier numerator, multiplier denominator) in nano-units.
    prop::sample::select(vec![
        ("", 1_000_000_000, 1),
        ("m", 1_000_000, 1),
        ("u", 1_000, 1),
        ("n", 1, 1),
        ("k", 1_000_000_000_000, 1),
        ("M", 1_000_000_000_000_000, 1),
        ("G", 1_000_000_000_000_000_000, 1),
        ("Ki", 1_024_000_000_000, 1),
        ("Mi", 1_048_576_000_000_000, 1),
        ("Gi", 1_073_741_824_000_000_000, 1),
        ("e3", 1_000_000_000_000, 1),
        ("e-2", 10_000_000, 1),
    ])
}

proptest! {
    #[test]
    fn parse_matches_rational_value(
        whole in 0i128..1_000_000,
        fraction in 0i128..1000,
        (suffix, numerator, denominator) in suffix_strategy(),
    ) {
        let text = format!("{whole}.{fraction:03}{suffix}");
        let quantity = Quantity::parse(&text).unwrap();
        // value = (whole * 1000 + fraction) / 1000 × multiplier, rounded up to a nano.
        let exact_numerator = (whole * 1000 + fraction) * numerator;
        let exact_denominator = 1000 * denominator;
        let expected = (exact_numerator + exact_denominator - 1) / exact_denominator;
        prop_assert_eq!(quantity.nanos(), expected);
    }

    #[test]
    fn print_then_parse_round_trips(
        value in 0i64..(1i64 << 30),
        (suffix, _, _) in suffix_strategy(),
    ) {
        let quantity = Quantity::parse(&format!("{value}{suffix}")).unwrap();
        let printed = quantity.to_string();
        let reparsed = Quantity::parse(&printed).unwrap();
        prop_assert_eq!(reparsed, quantity, "printed as {}", printed);
    }

    #[test]
    fn order_is_preserved_by_printing(a in 0i64..(1i64 << 40), b in 0i64..(1i64 << 40)) {
        let first = Quantity::from_bytes(a);
        let second = Quantity::from_millis(b);
        let first_printed = Quantity::parse(&first.to_string()).unwrap();
        let second_printed = Quantity::parse(&second.to_string()).unwrap();
        prop_assert_eq!(first.cmp(&second), first_printed.cmp(&second_printed));
        // Bytes are whole units and millis are thousandths: compare in thousandths.
        prop_assert_eq!(first.cmp(&second), (i128::from(a) * 1000).cmp(&i128::from(b)));
    }

    #[test]
    fn resource_sums_match_integers(cpus in prop::collection::vec(0i64..100_000, 0..20)) {
        let mut total = Resources::default();
        for cpu in &cpus {
            total.add(&Resources::new(*cpu, 0));
        }
        prop_assert_eq!(total.cpu_millis, cpus.iter().sum::<i64>());
    }
}

#[test]
fn binary_si_not_whole_ki_prints_plain() {
    // 62.5Ki = 62.5 × 1024 = 64000 bytes, not a whole number of Ki, so Kubernetes'
    // CanonicalizeBytes prints the plain "64000"; that text is DecimalSI and prints "64k".
    let quantity = parse("62.5Ki");
    assert_eq!(quantity.units(), 64_000);
    assert_eq!(quantity.to_string(), "64000");
    assert_eq!(parse("64000").to_string(), "64k");
}
