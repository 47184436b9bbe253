//! Rendering results for people (terminal tables, Markdown, HTML) and programs (JSON),
//! in English or Korean.

pub mod charts;
pub mod compare;
mod document;
pub mod html;
pub mod nodes;
pub mod packing;
pub mod plan;
pub mod plan_page;
pub mod preflight;

pub use document::{Block, Document, severity_label};

/// Prints micro-dollars as dollars with four decimals: 300800 → `$0.3008`.
pub fn format_dollars(micros: i64) -> String {
    let sign = if micros < 0 { "-" } else { "" };
    let micros = micros.unsigned_abs();
    let ten_thousandths = (micros + 50) / 100;
    format!(
        "{sign}${}.{:04}",
        ten_thousandths / 10_000,
        ten_thousandths % 10_000
    )
}

/// The version of capplan's JSON output; bumped when a field changes meaning or is removed.
pub const JSON_SCHEMA_VERSION: &str = "capplan.io/v1alpha1";

/// Prints a whole number with thousands separators: 37080000 → `37,080,000`.
pub fn group_digits(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::{format_dollars, group_digits};

    #[test]
    fn digits_group_by_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(37_080_000), "37,080,000");
    }

    #[test]
    fn dollars_round_to_four_decimals() {
        assert_eq!(format_dollars(601_600), "$0.6016");
        assert_eq!(format_dollars(49), "$0.0000");
        assert_eq!(format_dollars(50), "$0.0001");
        assert_eq!(format_dollars(-150_400), "-$0.1504");
    }
}
