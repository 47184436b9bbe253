//! Parsing of the catalog CSV files, with errors that name the file and line.
//!
//! Rows are kept compact, with numbers parsed and strings in one shared buffer.
//! The catalog builds an `InstanceType` and its label map only when a command reads it.

use std::ops::Range;

use crate::error::{Error, Result};
use crate::quantity::{Quantity, ResourceName, Resources};
use crate::t;

use super::types::{InstanceType, RowSource};

pub(crate) const INSTANCE_TYPES_FILE: &str = "instance-types.csv";
pub(crate) const BURSTABLE_FILE: &str = "burstable.csv";
pub(crate) const PRICES_FILE: &str = "prices.csv";

const LABEL_PREFIX: &str = "label:";
const KARPENTER_ALLOCATABLE_PREFIX: &str = "karpenter-allocatable:";

/// A string stored in `Strings`, as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    start: usize,
    end: usize,
}

/// The string fields of a catalog, one after the other in one buffer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings(String);

impl Strings {
    /// Makes room for `bytes` of text, such as the total size of the files to parse.
    pub(crate) fn with_capacity(bytes: usize) -> Strings {
        Strings(String::with_capacity(bytes))
    }

    fn push(&mut self, text: &str) -> Span {
        let start = self.0.len();
        self.0.push_str(text);
        Span {
            start,
            end: self.0.len(),
        }
    }

    /// Returns the text of `span`. Every span comes from `push`, so it is in bounds.
    pub(crate) fn get(&self, span: Span) -> &str {
        self.0.get(span.start..span.end).unwrap_or_default()
    }
}

/// A column the parser reads, with its position in the header, if present.
struct Column<'h> {
    name: &'h str,
    index: Option<usize>,
}

/// The trimmed column names of a CSV header.
struct Header(Vec<String>);

impl Header {
    /// Finds `name`. When a name appears twice, the last column counts.
    fn column<'h>(&self, name: &'h str) -> Column<'h> {
        Column {
            name,
            index: self.0.iter().rposition(|column| column == name),
        }
    }

    /// Lists every column in file order, each name once at its last position.
    fn columns(&self) -> Vec<Column<'_>> {
        self.0
            .iter()
            .enumerate()
            .filter(|(index, name)| !self.0[index + 1..].contains(name))
            .map(|(index, name)| Column {
                name,
                index: Some(index),
            })
            .collect()
    }
}

/// A CSV reader that reuses one record for every row.
struct Rows<'a> {
    file: &'a str,
    reader: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
}

/// Opens `text` as CSV and reads its header.
fn open<'a>(file: &'a str, text: &'a str) -> Result<(Rows<'a>, Header)> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|error| csv_error(file, error))?
        .iter()
        .map(|name| name.trim().to_string())
        .collect();
    let rows = Rows {
        file,
        reader,
        record: csv::StringRecord::new(),
    };
    Ok((rows, Header(header)))
}

fn csv_error(file: &str, error: csv::Error) -> Error {
    let line = error.position().map_or(1, csv::Position::line);
    Error::input(
        format!("{file}:{line}"),
        t!("catalog-invalid-csv", reason = error.to_string()),
    )
}

impl Rows<'_> {
    /// Reads the next record, or `None` at the end of the file.
    fn next_row(&mut self) -> Result<Option<Row<'_>>> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|error| csv_error(self.file, error))?;
        if !more {
            return Ok(None);
        }
        Ok(Some(Row {
            file: self.file,
            line: self.record.position().map_or(0, csv::Position::line),
            record: &self.record,
        }))
    }
}

/// One CSV record, read by column.
struct Row<'a> {
    file: &'a str,
    line: u64,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn location(&self) -> String {
        location(self.file, self.line)
    }

    fn text(&self, column: &Column<'_>) -> Result<&str> {
        let index = column.index.ok_or_else(|| {
            Error::input(
                format!("{}:1", self.file),
                t!("catalog-missing-column", column = column.name),
            )
        })?;
        Ok(trim(self.record.get(index).unwrap_or("")))
    }

    fn required(&self, column: &Column<'_>) -> Result<&str> {
        let value = self.text(column)?;
        if value.is_empty() {
            return Err(Error::input(
                self.location(),
                t!("catalog-empty-value", column = column.name),
            ));
        }
        Ok(value)
    }

    fn integer(&self, column: &Column<'_>) -> Result<i64> {
        let value = self.required(column)?;
        value.parse::<i64>().map_err(|_| {
            Error::input(
                self.location(),
                t!(
                    "catalog-invalid-integer",
                    column = column.name,
                    value = value
                ),
            )
        })
    }

    fn optional_integer(&self, column: &Column<'_>) -> Result<Option<i64>> {
        if self.text(column)?.is_empty() {
            return Ok(None);
        }
        self.integer(column).map(Some)
    }

    fn boolean(&self, column: &Column<'_>) -> Result<bool> {
        match self.text(column)? {
            "true" => Ok(true),
            "false" | "" => Ok(false),
            value => Err(Error::input(
                self.location(),
                t!(
                    "catalog-invalid-boolean",
                    column = column.name,
                    value = value
                ),
            )),
        }
    }

    fn decimal(&self, column: &Column<'_>, fraction_digits: u32) -> Result<i64> {
        let value = self.required(column)?;
        parse_scaled_decimal(value, fraction_digits).ok_or_else(|| {
            Error::input(
                self.location(),
                t!(
                    "catalog-invalid-decimal",
                    column = column.name,
                    value = value,
                    digits = fraction_digits
                ),
            )
        })
    }

    fn quantity(&self, column: &Column<'_>) -> Result<Option<Quantity>> {
        let value = self.text(column)?;
        if value.is_empty() {
            return Ok(None);
        }
        Quantity::parse(value).map(Some).map_err(|error| {
            Error::input(
                self.location(),
                t!(
                    "catalog-invalid-quantity",
                    column = column.name,
                    value = value,
                    reason = error.reason.to_string()
                ),
            )
        })
    }
}

/// Trims whitespace as `str::trim` does, without decoding characters when the
/// ends are printable ASCII, as they are in almost every field.
fn trim(value: &str) -> &str {
    let bytes = value.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => value,
        _ => value.trim(),
    }
}

/// Returns the line count of `text`, an upper bound on its number of records.
fn record_count_bound(text: &str) -> usize {
    text.bytes().filter(|byte| *byte == b'\n').count() + 1
}

/// Returns `file:line`, the location errors name.
pub(crate) fn location(file: &str, line: u64) -> String {
    format!("{file}:{line}")
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

/// One row of `instance-types.csv`, parsed, with its strings in `Strings` and its
/// labels and extended resources in `TypeTable`.
#[derive(Debug, Clone)]
pub(crate) struct TypeRow {
    pub name: Span,
    vcpu: i64,
    memory_mib: i64,
    arch: Span,
    enis: Option<i64>,
    enis_all_cards: Option<i64>,
    ipv4_per_eni: Option<i64>,
    max_pods: i64,
    trunking_compatible: bool,
    branch_interfaces: i64,
    /// Karpenter's allocatable without extended resources, which `extended` points to.
    karpenter_allocatable: Resources,
    labels: Range<usize>,
    extended: Range<usize>,
    hardware_source: Span,
    hardware_date: Span,
    eni_source: Span,
    eni_date: Span,
    max_pods_source: Span,
}

/// The rows of `instance-types.csv`, with the label and extended-resource values of
/// all rows in two flat lists.
#[derive(Debug, Clone, Default)]
pub(crate) struct TypeTable {
    pub rows: Vec<TypeRow>,
    /// Label keys, from the `label:<key>` columns.
    label_keys: Vec<String>,
    /// Extended resource names, from the `karpenter-allocatable:<resource>` columns
    /// that are not cpu, memory, ephemeral-storage or pods.
    extended_keys: Vec<String>,
    /// (index into `label_keys`, value) of every non-empty label.
    labels: Vec<(usize, Span)>,
    /// (index into `extended_keys`, amount in whole units) of every non-empty
    /// extended resource.
    extended: Vec<(usize, i64)>,
}

impl TypeTable {
    /// Builds the `InstanceType` of `row`, without burstable figures.
    pub(crate) fn instance_type(&self, row: &TypeRow, strings: &Strings) -> InstanceType {
        let text = |span: Span| strings.get(span).to_string();
        let labels = self.labels[row.labels.clone()]
            .iter()
            .map(|(key, value)| (self.label_keys[*key].clone(), text(*value)))
            .collect();
        let mut karpenter_allocatable = row.karpenter_allocatable.clone();
        for (key, units) in &self.extended[row.extended.clone()] {
            karpenter_allocatable
                .extended
                .insert(self.extended_keys[*key].clone(), *units);
        }
        InstanceType {
            name: text(row.name),
            vcpu: row.vcpu,
            memory_mib: row.memory_mib,
            arch: text(row.arch),
            labels,
            enis: row.enis,
            enis_all_cards: row.enis_all_cards,
            ipv4_per_eni: row.ipv4_per_eni,
            max_pods: row.max_pods,
            trunking_compatible: row.trunking_compatible,
            branch_interfaces: row.branch_interfaces,
            burstable: None,
            karpenter_allocatable,
            source: RowSource {
                hardware_source: text(row.hardware_source),
                hardware_date: text(row.hardware_date),
                eni_source: text(row.eni_source),
                eni_date: text(row.eni_date),
                max_pods_source: text(row.max_pods_source),
            },
        }
    }
}

/// A `karpenter-allocatable:<resource>` column, with the value of the row before.
struct AllocatableColumn<'h> {
    column: Column<'h>,
    target: AllocatableTarget,
    previous_text: String,
    previous: Option<Quantity>,
}

/// The field a `karpenter-allocatable:<resource>` column sets.
enum AllocatableTarget {
    /// cpu, memory, ephemeral-storage or pods, set on `TypeRow::karpenter_allocatable`.
    Base(ResourceName),
    /// An index into `TypeTable::extended_keys`.
    Extended(usize),
}

pub(crate) fn parse_instance_types(
    file: &str,
    text: &str,
    strings: &mut Strings,
) -> Result<TypeTable> {
    let (mut rows, header) = open(file, text)?;
    let mut table = TypeTable::default();

    let mut label_columns = Vec::new();
    let mut allocatable_columns = Vec::new();
    for column in header.columns() {
        if let Some(key) = column.name.strip_prefix(LABEL_PREFIX) {
            table.label_keys.push(key.to_string());
            label_columns.push(column);
        } else if let Some(key) = column.name.strip_prefix(KARPENTER_ALLOCATABLE_PREFIX) {
            let target = match ResourceName::from_key(key) {
                ResourceName::Extended(key) => {
                    table.extended_keys.push(key);
                    AllocatableTarget::Extended(table.extended_keys.len() - 1)
                }
                name => AllocatableTarget::Base(name),
            };
            allocatable_columns.push(AllocatableColumn {
                column,
                target,
                previous_text: String::new(),
                previous: None,
            });
        }
    }
    let name = header.column("name");
    let vcpu = header.column("vcpu");
    let memory_mib = header.column("memory_mib");
    let arch = header.column("arch");
    let enis = header.column("enis");
    let enis_all_cards = header.column("enis_all_cards");
    let ipv4_per_eni = header.column("ipv4_per_eni");
    let max_pods = header.column("max_pods");
    let trunking_compatible = header.column("trunking_compatible");
    let branch_interfaces = header.column("branch_interfaces");
    let hardware_source = header.column("hardware_source");
    let hardware_date = header.column("hardware_date");
    let eni_source = header.column("eni_source");
    let eni_date = header.column("eni_date");
    let max_pods_source = header.column("max_pods_source");

    let records = record_count_bound(text);
    table.rows.reserve(records);
    table.labels.reserve(records * label_columns.len());
    table.extended.reserve(records * table.extended_keys.len());

    while let Some(row) = rows.next_row()? {
        let labels_start = table.labels.len();
        for (key, column) in label_columns.iter().enumerate() {
            let value = row.text(column)?;
            if !value.is_empty() {
                table.labels.push((key, strings.push(value)));
            }
        }

        let extended_start = table.extended.len();
        let mut karpenter_allocatable = Resources::default();
        for allocatable in &mut allocatable_columns {
            // Consecutive rows often repeat a value (ephemeral-storage is 17Gi in every
            // bundled row), so a text equal to the previous row's reuses its quantity.
            let value = row.text(&allocatable.column)?;
            let quantity = if value == allocatable.previous_text {
                allocatable.previous
            } else {
                let quantity = row.quantity(&allocatable.column)?;
                allocatable.previous_text.clear();
                allocatable.previous_text.push_str(value);
                allocatable.previous = quantity;
                quantity
            };
            let Some(quantity) = quantity else {
                continue;
            };
            match &allocatable.target {
                AllocatableTarget::Base(name) => karpenter_allocatable.set(name, &quantity),
                AllocatableTarget::Extended(key) => table.extended.push((*key, quantity.units())),
            }
        }

        let type_row = TypeRow {
            name: strings.push(row.required(&name)?),
            vcpu: row.integer(&vcpu)?,
            memory_mib: row.integer(&memory_mib)?,
            arch: strings.push(row.required(&arch)?),
            enis: row.optional_integer(&enis)?,
            enis_all_cards: row.optional_integer(&enis_all_cards)?,
            ipv4_per_eni: row.optional_integer(&ipv4_per_eni)?,
            max_pods: row.integer(&max_pods)?,
            trunking_compatible: row.boolean(&trunking_compatible)?,
            branch_interfaces: row.optional_integer(&branch_interfaces)?.unwrap_or(0),
            karpenter_allocatable,
            labels: labels_start..table.labels.len(),
            extended: extended_start..table.extended.len(),
            hardware_source: strings.push(row.text(&hardware_source)?),
            hardware_date: strings.push(row.text(&hardware_date)?),
            eni_source: strings.push(row.text(&eni_source)?),
            eni_date: strings.push(row.text(&eni_date)?),
            max_pods_source: strings.push(row.text(&max_pods_source)?),
        };
        table.rows.push(type_row);
    }
    Ok(table)
}

/// A burstable row with the line it came from, so an unknown type can be reported.
pub(crate) struct BurstableRow {
    pub name: Span,
    pub line: u64,
    pub baseline_millis_per_vcpu: i64,
    pub credits_per_hour_thousandths: i64,
    pub max_accrued_credits_thousandths: i64,
    pub source: Span,
}

pub(crate) fn parse_burstable(
    file: &str,
    text: &str,
    strings: &mut Strings,
) -> Result<Vec<BurstableRow>> {
    let (mut rows, header) = open(file, text)?;
    let name = header.column("name");
    let baseline_millis_per_vcpu = header.column("baseline_millis_per_vcpu");
    let credits_per_hour = header.column("credits_per_hour");
    let max_accrued_credits = header.column("max_accrued_credits");
    let source = header.column("source");

    let mut parsed = Vec::new();
    while let Some(row) = rows.next_row()? {
        parsed.push(BurstableRow {
            name: strings.push(row.required(&name)?),
            line: row.line,
            baseline_millis_per_vcpu: row.integer(&baseline_millis_per_vcpu)?,
            credits_per_hour_thousandths: row.decimal(&credits_per_hour, 3)?,
            max_accrued_credits_thousandths: row.decimal(&max_accrued_credits, 3)?,
            source: strings.push(row.text(&source)?),
        });
    }
    Ok(parsed)
}

/// A price row with its type, region and the line it came from.
pub(crate) struct PriceRow {
    pub name: Span,
    pub region: Span,
    pub line: u64,
    pub micros_per_hour: i64,
    pub verified: bool,
    pub source: Span,
    pub source_date: Span,
}

pub(crate) fn parse_prices(file: &str, text: &str, strings: &mut Strings) -> Result<Vec<PriceRow>> {
    let (mut rows, header) = open(file, text)?;
    let name = header.column("name");
    let region = header.column("region");
    let usd_per_hour = header.column("usd_per_hour");
    let verified = header.column("verified");
    let source = header.column("source");
    let source_date = header.column("source_date");

    let mut parsed = Vec::with_capacity(record_count_bound(text));
    while let Some(row) = rows.next_row()? {
        parsed.push(PriceRow {
            name: strings.push(row.required(&name)?),
            region: strings.push(row.required(&region)?),
            line: row.line,
            // Six fraction digits of a dollar are exactly micro-dollars.
            micros_per_hour: row.decimal(&usd_per_hour, 6)?,
            verified: row.boolean(&verified)?,
            source: strings.push(row.text(&source)?),
            source_date: strings.push(row.text(&source_date)?),
        });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::{parse_scaled_decimal, trim};

    #[test]
    fn trim_matches_str_trim() {
        // U+00A0 (no-break space) and U+000B (vertical tab) are whitespace to str::trim.
        for value in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{a0}a\u{a0}",
            "\u{b}a",
            "é",
            " é ",
        ] {
            assert_eq!(trim(value), value.trim(), "{value:?}");
        }
    }

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
