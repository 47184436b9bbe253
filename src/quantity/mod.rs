//! Kubernetes `resource.Quantity`: parsing, exact integer arithmetic and canonical printing.
//!
//! The grammar follows `k8s.io/apimachinery/pkg/api/resource/quantity.go`:
//! a signed decimal number (`1`, `1.5`, `.5`, `5.`) followed by a binary suffix
//! (`Ki Mi Gi Ti Pi Ei`), a decimal suffix (`n u m "" k M G T P E`) or a decimal
//! exponent (`e3`, `E-2`). Values are kept exactly as an integer count of nano-units,
//! the finest precision Kubernetes keeps; finer digits are rounded up as the API
//! server does. Fit decisions use `millis()` (CPU) and `units()` (bytes, pods),
//! both integers, never floats.

mod format;
mod resources;

pub use format::{format_bytes, format_cpu_millis};
pub use resources::{ResourceName, Resources};

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

const NANOS_PER_UNIT: i128 = 1_000_000_000;
const NANOS_PER_MILLI: i128 = 1_000_000;

/// The largest value capplan accepts, in base units: 2^63 − 1, the limit of the
/// int64 fast path Kubernetes itself uses for resource values.
const MAX_UNITS: i128 = i64::MAX as i128;

/// The suffix family a quantity was written in, which canonical printing keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Binary suffixes: `Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`.
    BinarySi,
    /// Decimal suffixes: `n`, `u`, `m`, none, `k`, `M`, `G`, `T`, `P`, `E`.
    DecimalSi,
    /// Decimal exponents: `1e3`, `5E-3`.
    DecimalExponent,
}

/// An exact, non-negative Kubernetes quantity.
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    nanos: i128,
    format: Format,
}

/// A quantity string that is not valid, with the value quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityError {
    /// The text that failed to parse.
    pub value: String,
    /// The problem with it.
    pub reason: QuantityErrorReason,
}

impl std::fmt::Display for QuantityError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = crate::t!(
            "quantity-invalid",
            value = format!("{:?}", self.value),
            reason = self.reason.to_string()
        );
        formatter.write_str(&message)
    }
}

impl std::error::Error for QuantityError {}

/// The reason a quantity string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityErrorReason {
    Empty,
    NoDigits,
    SeveralDecimalPoints,
    UnknownSuffix(String),
    Negative,
    TooLarge,
    TooManyDigits,
}

impl std::fmt::Display for QuantityErrorReason {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = match self {
            QuantityErrorReason::Empty => crate::t!("quantity-empty"),
            QuantityErrorReason::NoDigits => crate::t!("quantity-no-digits"),
            QuantityErrorReason::SeveralDecimalPoints => crate::t!("quantity-several-points"),
            QuantityErrorReason::UnknownSuffix(suffix) => {
                crate::t!("quantity-unknown-suffix", suffix = format!("{suffix:?}"))
            }
            QuantityErrorReason::Negative => crate::t!("quantity-negative"),
            QuantityErrorReason::TooLarge => crate::t!("quantity-too-large"),
            QuantityErrorReason::TooManyDigits => crate::t!("quantity-too-many-digits"),
        };
        formatter.write_str(&message)
    }
}

impl std::error::Error for QuantityErrorReason {}

impl QuantityError {
    fn new(value: &str, reason: QuantityErrorReason) -> Self {
        Self {
            value: value.to_string(),
            reason,
        }
    }
}

impl Quantity {
    /// The zero quantity.
    pub const ZERO: Quantity = Quantity {
        nanos: 0,
        format: Format::DecimalSi,
    };

    /// Parses a quantity string such as `2`, `500m`, `1.5Gi` or `1e3`.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        parse_quantity(text)
    }

    /// Builds a CPU-style quantity from millicores.
    pub fn from_millis(millis: i64) -> Quantity {
        Quantity {
            nanos: i128::from(millis) * NANOS_PER_MILLI,
            format: Format::DecimalSi,
        }
    }

    /// Builds a memory-style quantity from bytes, printed with binary suffixes.
    pub fn from_bytes(bytes: i64) -> Quantity {
        Quantity {
            nanos: i128::from(bytes) * NANOS_PER_UNIT,
            format: Format::BinarySi,
        }
    }

    /// Builds a count-style quantity (pods, GPUs) from whole units.
    pub fn from_units(units: i64) -> Quantity {
        Quantity {
            nanos: i128::from(units) * NANOS_PER_UNIT,
            format: Format::DecimalSi,
        }
    }

    /// Returns the value in thousandths, rounded up as `Quantity.MilliValue()` does.
    pub fn millis(&self) -> i64 {
        // Parsing bounds the value to MAX_UNITS base units, so millis fit in i64 only
        // up to i64::MAX / 1000 units; saturate past that.
        let millis = ceil_div(self.nanos, NANOS_PER_MILLI);
        i64::try_from(millis).unwrap_or(i64::MAX)
    }

    /// Returns the value in whole units, rounded up as `Quantity.Value()` does.
    pub fn units(&self) -> i64 {
        let units = ceil_div(self.nanos, NANOS_PER_UNIT);
        i64::try_from(units).unwrap_or(i64::MAX)
    }

    /// Returns the exact value in nano-units.
    pub fn nanos(&self) -> i128 {
        self.nanos
    }

    /// Returns the suffix family the value was written in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Returns true when the value is zero.
    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }
}

fn ceil_div(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator / denominator;
    if numerator % denominator > 0 {
        quotient + 1
    } else {
        quotient
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl std::hash::Hash for Quantity {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.nanos.hash(state);
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_quantity(text)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format::canonical(self.nanos, self.format))
    }
}

impl serde::Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Quantity {
    /// Accepts a string (`"500m"`) or a YAML/JSON number (`2`, `0.5`), as kubectl does.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct QuantityVisitor;

        impl serde::de::Visitor<'_> for QuantityVisitor {
            type Value = Quantity;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Kubernetes quantity such as \"500m\", \"2\" or \"4Gi\"")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Quantity, E> {
                Quantity::parse(value).map_err(E::custom)
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Quantity, E> {
                Quantity::parse(&value.to_string()).map_err(E::custom)
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Quantity, E> {
                Quantity::parse(&value.to_string()).map_err(E::custom)
            }

            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Quantity, E> {
                if !value.is_finite() {
                    return Err(E::custom(format!(
                        "invalid quantity {value}: not a finite number"
                    )));
                }
                Quantity::parse(&value.to_string()).map_err(E::custom)
            }
        }

        deserializer.deserialize_any(QuantityVisitor)
    }
}

/// Splits `text` into sign, digits and suffix and converts it to exact nano-units.
fn parse_quantity(text: &str) -> Result<Quantity, QuantityError> {
    let error = |reason| QuantityError::new(text, reason);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(error(QuantityErrorReason::Empty));
    }

    let (negative, unsigned) = match trimmed.as_bytes()[0] {
        b'-' => (true, &trimmed[1..]),
        b'+' => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };

    let number_len = unsigned
        .bytes()
        .take_while(|byte| byte.is_ascii_digit() || *byte == b'.')
        .count();
    let (number, suffix) = unsigned.split_at(number_len);
    if number.matches('.').count() > 1 {
        return Err(error(QuantityErrorReason::SeveralDecimalPoints));
    }
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(error(QuantityErrorReason::NoDigits));
    }

    let (format, exp10, exp2) = parse_suffix(suffix)
        .ok_or_else(|| error(QuantityErrorReason::UnknownSuffix(suffix.to_string())))?;

    // The digits without the point form an integer mantissa; the point shifts the
    // decimal exponent by the number of fraction digits.
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    let fraction_len =
        i32::try_from(fraction.len()).map_err(|_| error(QuantityErrorReason::TooManyDigits))?;
    if digits.len() > 38 {
        return Err(error(QuantityErrorReason::TooManyDigits));
    }
    let nanos = to_nanos(digits, exp10 - fraction_len + 9, exp2)
        .ok_or_else(|| error(QuantityErrorReason::TooLarge))?;

    if negative && nanos != 0 {
        return Err(error(QuantityErrorReason::Negative));
    }
    if nanos > MAX_UNITS * NANOS_PER_UNIT {
        return Err(error(QuantityErrorReason::TooLarge));
    }
    Ok(Quantity { nanos, format })
}

/// Returns (format, decimal exponent, binary exponent) for a suffix.
fn parse_suffix(suffix: &str) -> Option<(Format, i32, u32)> {
    let decimal = |exp10| Some((Format::DecimalSi, exp10, 0));
    let binary = |exp2| Some((Format::BinarySi, 0, exp2));
    match suffix {
        "" => decimal(0),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ => parse_exponent(suffix),
    }
}

/// Parses `e<int>` or `E<int>`; a bare `E` is the exa suffix and handled before this.
fn parse_exponent(suffix: &str) -> Option<(Format, i32, u32)> {
    let rest = suffix
        .strip_prefix('e')
        .or_else(|| suffix.strip_prefix('E'))?;
    let unsigned = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    if unsigned.is_empty()
        || !unsigned.bytes().all(|byte| byte.is_ascii_digit())
        || unsigned.len() > 4
    {
        return None;
    }
    let exponent: i32 = rest.parse().ok()?;
    Some((Format::DecimalExponent, exponent, 0))
}

/// Computes digits × 10^exp10 × 2^exp2, rounded up to an integer, or None on overflow.
fn to_nanos(digits: &str, exp10: i32, exp2: u32) -> Option<i128> {
    if digits.is_empty() {
        return Some(0);
    }
    // Any non-zero value past about 10^30 nano-units is over MAX_UNITS; stop early so the
    // integer arithmetic below cannot overflow.
    let magnitude = i32::try_from(digits.len()).ok()? + exp10;
    if magnitude > 31 {
        return None;
    }
    let mut value: i128 = 0;
    let mut dropped_nonzero = false;
    let keep = if exp10 < 0 {
        digits.len().saturating_sub(exp10.unsigned_abs() as usize)
    } else {
        digits.len()
    };
    for (index, byte) in digits.bytes().enumerate() {
        if index < keep {
            value = value
                .checked_mul(10)?
                .checked_add(i128::from(byte - b'0'))?;
        } else if byte != b'0' {
            dropped_nonzero = true;
        }
    }
    if exp10 > 0 {
        value = value.checked_mul(10i128.checked_pow(exp10.unsigned_abs())?)?;
    }
    // The binary multiplier applies to the exact value; rounding happens once, after it.
    if exp2 > 0 {
        if exp10 < 0 {
            // Redo the computation exactly: digits × 2^exp2 / 10^-exp10, rounded up.
            let mut exact: i128 = 0;
            for byte in digits.bytes() {
                exact = exact
                    .checked_mul(10)?
                    .checked_add(i128::from(byte - b'0'))?;
            }
            let scaled = exact.checked_mul(1i128.checked_shl(exp2)?)?;
            let divisor = 10i128.checked_pow(exp10.unsigned_abs())?;
            return Some(ceil_div(scaled, divisor));
        }
        value = value.checked_mul(1i128.checked_shl(exp2)?)?;
    }
    if dropped_nonzero {
        value = value.checked_add(1)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests;
