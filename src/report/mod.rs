//! Rendering results for people (terminal tables, Markdown) and programs (JSON),
//! in English or Korean.

mod document;
pub mod nodes;

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
