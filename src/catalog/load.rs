//! Parsing of the catalog CSV files, with errors that name the file and line.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, Result};
use crate::quantity::{Quantity, ResourceName, Resources};
use crate::t;

use super::types::{Burstable, InstanceType, Price, RowSource};

pub(crate) const INSTANCE_TYPES_FILE: &str = "instance-types.csv";
pub(crate) const BURSTABLE_FILE: &str = "burstable.csv";
pub(crate) const PRICES_FILE: &str = "prices.csv";

const LABEL_PREFIX: &str = "label:";
const KARPENTER_ALLOCATABLE_PREFIX: &str = "karpenter-allocatable:";

/// One CSV record with its header, for reading columns by name.
struct Row<'a> {
    file: &'a str,
    line: u64,
    header: &'a HashMap<String, usize>,
    record: csv::StringRecord,
}

impl Row<'_> {
    fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    fn text(&self, column: &str) -> Result<&str> {
        let index = self.header.get(column).ok_or_else(|| {
            Error::input(
                format!("{}:1", self.file),
                t!("catalog-missing-column", column = column),
            )
        })?;
        Ok(self.record.get(*index).unwrap_or("").trim())
    }

    fn required(&self, column: &str) -> Result<&str> {
        let value = self.text(column)?;
        if value.is_empty() {
            return Err(Error::input(
                self.location(),
                t!("catalog-empty-value", column = column),
            ));
        }
        Ok(value)
    }

    fn integer(&self, column: &str) -> Result<i64> {
        let value = self.required(column)?;
        value.parse::<i64>().map_err(|_| {
            Error::input(
                self.location(),
                t!("catalog-invalid-integer", column = column, value = value),
            )
        })
    }

    fn optional_integer(&self, column: &str) -> Result<Option<i64>> {
        if self.text(column)?.is_empty() {
            return Ok(None);
        }
        self.integer(column).map(Some)
    }

    fn boolean(&self, column: &str) -> Result<bool> {
        match self.text(column)? {
            "true" => Ok(true),
            "false" | "" => Ok(false),
            value => Err(Error::input(
                self.location(),
                t!("catalog-invalid-boolean", column = column, value = value),
            )),
        }
    }

    fn decimal(&self, column: &str, fraction_digits: u32) -> Result<i64> {
        let value = self.required(column)?;
        parse_scaled_decimal(value, fraction_digits).ok_or_else(|| {
            Error::input(
                self.location(),
                t!(
                    "catalog-invalid-decimal",
                    column = column,
                    value = value,
                    digits = fraction_digits
                ),
            )
        })
    }

    fn quantity(&self, column: &str) -> Result<Option<Quantity>> {
        let value = self.text(column)?;
        if value.is_empty() {
            return Ok(None);
        }
        Quantity::parse(value).map(Some).map_err(|error| {
            Error::input(
                self.location(),
                t!(
                    "catalog-invalid-quantity",
                    column = column,
                    value = value,
                    reason = error.reason.to_string()
                ),
            )
        })
    }
}

/// Reads every record of a CSV text and passes it, with its line, to `parse_row`.
fn read_rows<T>(
    file: &str,
    text: &str,
    mut parse_row: impl FnMut(&Row<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let csv_error = |error: csv::Error| {
        let line = error.position().map_or(1, csv::Position::line);
        Error::input(
            format!("{file}:{line}"),
            t!("catalog-invalid-csv", reason = error.to_string()),
        )
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: HashMap<String, usize> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .enumerate()
        .map(|(index, name)| (name.trim().to_string(), index))
        .collect();

    let mut parsed = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, csv::Position::line);
        let row = Row {
            file,
            line,
            header: &header,
            record,
        };
        parsed.push(parse_row(&row)?);
    }
    Ok(parsed)
}

/// Parses a non-negative decimal such as `0.1504` into an integer scaled by
/// 10^`fraction_digits`, exactly; more fraction digits than that are rejected.
pub(crate) fn parse_scaled_decimal(text: &str, fraction_digits: u32) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) || fraction.len() > fraction_digits as usize {
        return None;
    }
    let scale = 10_i64.checked_pow(fraction_digits)?;
    let whole_value = if whole.is_empty() {
        0
    } else {
        whole.parse::<i64>().ok()?
    };
    let padding = 10_i64.checked_pow(fraction_digits - fraction.len() as u32)?;
    let fraction_value = if fraction.is_empty() {
        0
    } else {
        fraction.parse::<i64>().ok()?
    };
    whole_value
        .checked_mul(scale)?
        .checked_add(fraction_value.checked_mul(padding)?)
}

pub(crate) fn parse_instance_types(file: &str, text: &str) -> Result<Vec<InstanceType>> {
    read_rows(file, text, |row| {
        let mut labels = BTreeMap::new();
        let mut karpenter_allocatable = Resources::default();
        for (column, _) in sorted_columns(row.header) {
            if let Some(key) = column.strip_prefix(LABEL_PREFIX) {
                let value = row.text(column)?;
                if !value.is_empty() {
                    labels.insert(key.to_string(), value.to_string());
                }
            } else if let Some(key) = column.strip_prefix(KARPENTER_ALLOCATABLE_PREFIX)
                && let Some(quantity) = row.quantity(column)?
            {
                karpenter_allocatable.set(&ResourceName::from_key(key), &quantity);
            }
        }

        Ok(InstanceType {
            name: row.required("name")?.to_string(),
            vcpu: row.integer("vcpu")?,
            memory_mib: row.integer("memory_mib")?,
            arch: row.required("arch")?.to_string(),
            labels,
            enis: row.optional_integer("enis")?,
            enis_all_cards: row.optional_integer("enis_all_cards")?,
            ipv4_per_eni: row.optional_integer("ipv4_per_eni")?,
            max_pods: row.integer("max_pods")?,
            trunking_compatible: row.boolean("trunking_compatible")?,
            branch_interfaces: row.optional_integer("branch_interfaces")?.unwrap_or(0),
            burstable: None,
            karpenter_allocatable,
            source: RowSource {
                hardware_source: row.text("hardware_source")?.to_string(),
                hardware_date: row.text("hardware_date")?.to_string(),
                eni_source: row.text("eni_source")?.to_string(),
                eni_date: row.text("eni_date")?.to_string(),
                max_pods_source: row.text("max_pods_source")?.to_string(),
            },
        })
    })
}

/// Lists the header's columns in file order.
fn sorted_columns(header: &HashMap<String, usize>) -> Vec<(&str, usize)> {
    let mut columns: Vec<(&str, usize)> = header
        .iter()
        .map(|(name, index)| (name.as_str(), *index))
        .collect();
    columns.sort_by_key(|(_, index)| *index);
    columns
}

/// A burstable row with the line it came from, so an unknown type can be reported.
pub(crate) struct BurstableRow {
    pub name: String,
    pub location: String,
    pub burstable: Burstable,
}

pub(crate) fn parse_burstable(file: &str, text: &str) -> Result<Vec<BurstableRow>> {
    read_rows(file, text, |row| {
        Ok(BurstableRow {
            name: row.required("name")?.to_string(),
            location: row.location(),
            burstable: Burstable {
                baseline_millis_per_vcpu: row.integer("baseline_millis_per_vcpu")?,
                credits_per_hour_thousandths: row.decimal("credits_per_hour", 3)?,
                max_accrued_credits_thousandths: row.decimal("max_accrued_credits", 3)?,
                source: row.text("source")?.to_string(),
            },
        })
    })
}

/// A price row with its type, region and the line it came from.
pub(crate) struct PriceRow {
    pub name: String,
    pub region: String,
    pub location: String,
    pub price: Price,
}

pub(crate) fn parse_prices(file: &str, text: &str) -> Result<Vec<PriceRow>> {
    read_rows(file, text, |row| {
        Ok(PriceRow {
            name: row.required("name")?.to_string(),
            region: row.required("region")?.to_string(),
            location: row.location(),
            price: Price {
                // Six fraction digits of a dollar are exactly micro-dollars.
                micros_per_hour: row.decimal("usd_per_hour", 6)?,
                verified: row.boolean("verified")?,
                source: row.text("source")?.to_string(),
                source_date: row.text("source_date")?.to_string(),
            },
        })
    })
}

#[cfg(test)]
mod tests {
    use super::parse_scaled_decimal;

    #[test]
    fn scaled_decimal_exact() {
        // $0.1504 per hour = 150400 micro-dollars.
        assert_eq!(parse_scaled_decimal("0.1504", 6), Some(150_400));
        // 81.6 credits = 81600 thousandths.
        assert_eq!(parse_scaled_decimal("81.6", 3), Some(81_600));
        assert_eq!(parse_scaled_decimal("12", 3), Some(12_000));
        assert_eq!(parse_scaled_decimal(".5", 3), Some(500));
    }

    #[test]
    fn scaled_decimal_rejects_bad_text() {
        assert_eq!(parse_scaled_decimal("0.1234567", 6), None);
        assert_eq!(parse_scaled_decimal("-1", 6), None);
        assert_eq!(parse_scaled_decimal("1e3", 6), None);
        assert_eq!(parse_scaled_decimal(".", 6), None);
        assert_eq!(parse_scaled_decimal("", 6), None);
        assert_eq!(parse_scaled_decimal("1.2.3", 6), None);
    }
}
