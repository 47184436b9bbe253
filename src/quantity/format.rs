//! Canonical printing, following `Quantity.String()` and `CanonicalizeBytes` in
//! `k8s.io/apimachinery/pkg/api/resource`.

use super::{Format, NANOS_PER_MILLI, NANOS_PER_UNIT, Quantity};

/// Decimal suffixes with their exponent, largest first.
const DECIMAL_SUFFIXES: [(i32, &str); 10] = [
    (18, "E"),
    (15, "P"),
    (12, "T"),
    (9, "G"),
    (6, "M"),
    (3, "k"),
    (0, ""),
    (-3, "m"),
    (-6, "u"),
    (-9, "n"),
];

const BINARY_SUFFIXES: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/// Prints millicores the way kubectl does: `4` for whole cores, `3920m` otherwise.
pub fn format_cpu_millis(millis: i64) -> String {
    Quantity::from_millis(millis).to_string()
}

/// Prints bytes with the largest binary suffix that divides them exactly: `14162Mi`.
pub fn format_bytes(bytes: i64) -> String {
    Quantity::from_bytes(bytes).to_string()
}

pub(super) fn canonical(nanos: i128, format: Format) -> String {
    if nanos == 0 {
        return "0".to_string();
    }
    if format == Format::BinarySi {
        let whole = nanos % NANOS_PER_UNIT == 0;
        // Kubernetes prints values below 1024 and fractional values in decimal form,
        // because no binary suffix would express them exactly.
        if whole && nanos >= 1024 * NANOS_PER_UNIT {
            return binary(nanos / NANOS_PER_UNIT);
        }
    }
    decimal(nanos, format == Format::DecimalExponent)
}

fn binary(mut units: i128) -> String {
    let mut exponent = 0;
    while exponent < BINARY_SUFFIXES.len() - 1 && units % 1024 == 0 {
        units /= 1024;
        exponent += 1;
    }
    format!("{units}{}", BINARY_SUFFIXES[exponent])
}

fn decimal(nanos: i128, exponent_form: bool) -> String {
    for (exponent, suffix) in DECIMAL_SUFFIXES {
        let divisor = 10i128.pow((exponent + 9).unsigned_abs());
        if nanos % divisor == 0 {
            let mantissa = nanos / divisor;
            return match (exponent_form, exponent) {
                (true, 0) => mantissa.to_string(),
                (true, _) => format!("{mantissa}e{exponent}"),
                (false, _) => format!("{mantissa}{suffix}"),
            };
        }
    }
    // Every nano count is divisible by 10^0, so the loop always returns; keep a
    // defined result for the compiler.
    format!("{nanos}n")
}

#[allow(dead_code)]
const _: () = assert!(NANOS_PER_MILLI * 1000 == NANOS_PER_UNIT);
