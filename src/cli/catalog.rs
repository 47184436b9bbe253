//! `capplan catalog`: instance types with their modelled allocatable and prices.

use std::collections::BTreeSet;

use serde::Serialize;

use super::args::{CatalogArgs, GlobalArgs, OutputFormat};
use crate::catalog::{Catalog, NodeModel};
use crate::error::exit_code;
use crate::quantity::{Resources, format_bytes, format_cpu_millis};
use crate::report::{Block, Document, JSON_SCHEMA_VERSION, format_dollars};
use crate::t;

/// One instance type as `capplan catalog -o json` prints it.
#[derive(Debug, Serialize)]
pub struct CatalogRow {
    pub name: String,
    pub vcpu: i64,
    pub memory_mib: i64,
    pub arch: String,
    pub max_pods: i64,
    pub capacity: Resources,
    pub allocatable: Resources,
    /// CPU share a burstable type sustains without surplus credits, per vCPU, in millicores.
    pub baseline_millis_per_vcpu: Option<i64>,
    pub price_micros_per_hour: Option<i64>,
    pub price_verified: bool,
}

#[derive(Debug, Serialize)]
struct CatalogOutput<'a> {
    schema_version: &'a str,
    region: &'a str,
    instance_types: Vec<CatalogRow>,
}

/// Loads the catalog from `--catalog DIR` or the bundled files.
pub fn load_catalog(global: &GlobalArgs) -> crate::Result<Catalog> {
    match &global.catalog {
        Some(dir) => Catalog::load_dir(dir),
        None => Catalog::bundled(),
    }
}

/// Runs `capplan catalog`.
pub fn run(args: &CatalogArgs, global: &GlobalArgs) -> crate::Result<u8> {
    let catalog = load_catalog(global)?;
    let model = NodeModel::default();
    let allowed: Option<BTreeSet<String>> = if args.all {
        None
    } else if args.types.is_empty() {
        Some(
            crate::catalog::COMMON_TYPES
                .iter()
                .map(|name| name.to_string())
                .collect(),
        )
    } else {
        Some(args.types.iter().cloned().collect())
    };
    let offerings = catalog.offerings(&model, &args.region, allowed.as_ref())?;

    let rows: Vec<CatalogRow> = offerings
        .iter()
        .map(|offering| {
            let instance_type = offering.instance_type;
            CatalogRow {
                name: instance_type.name.clone(),
                vcpu: instance_type.vcpu,
                memory_mib: instance_type.memory_mib,
                arch: instance_type.arch.clone(),
                max_pods: offering.allocatable.pods,
                capacity: offering.capacity.clone(),
                allocatable: offering.allocatable.clone(),
                baseline_millis_per_vcpu: instance_type
                    .burstable
                    .as_ref()
                    .map(|burstable| burstable.baseline_millis_per_vcpu),
                price_micros_per_hour: offering.price_micros,
                price_verified: offering.price_verified,
            }
        })
        .collect();

    let text = match args.format.output {
        OutputFormat::Json => {
            let output = CatalogOutput {
                schema_version: JSON_SCHEMA_VERSION,
                region: &args.region,
                instance_types: rows,
            };
            serde_json::to_string_pretty(&output)
                .map_err(|error| crate::Error::input("catalog", error.to_string()))?
        }
        OutputFormat::Table => document(&rows, &args.region).to_terminal(),
        OutputFormat::Markdown => document(&rows, &args.region).to_markdown(),
        OutputFormat::Html => crate::report::html::document_page(&document(&rows, &args.region)),
    };
    super::write_stdout(&text)?;
    Ok(exit_code::SUCCESS)
}

fn document(rows: &[CatalogRow], region: &str) -> Document {
    let mut document = Document::new(t!("catalog-title", region = region.to_string()));
    let header = vec![
        t!("catalog-col-type"),
        t!("catalog-col-vcpu"),
        t!("catalog-col-memory"),
        t!("catalog-col-arch"),
        t!("catalog-col-alloc-cpu"),
        t!("catalog-col-alloc-memory"),
        t!("catalog-col-pods"),
        t!("catalog-col-baseline"),
        t!("catalog-col-price"),
    ];
    let table_rows = rows
        .iter()
        .map(|row| {
            vec![
                row.name.clone(),
                row.vcpu.to_string(),
                format!("{}Mi", row.memory_mib),
                row.arch.clone(),
                format_cpu_millis(row.allocatable.cpu_millis),
                format_bytes(row.allocatable.memory_bytes),
                row.max_pods.to_string(),
                row.baseline_millis_per_vcpu
                    .map(|millis| format!("{}%", millis / 10))
                    .unwrap_or_else(|| "-".to_string()),
                match row.price_micros_per_hour {
                    Some(micros) if row.price_verified => format_dollars(micros),
                    Some(micros) => format!("{}*", format_dollars(micros)),
                    None => "-".to_string(),
                },
            ]
        })
        .collect();
    document.push(
        None,
        Block::Table {
            header,
            rows: table_rows,
        },
    );
    document.push(None, Block::Lines(vec![t!("catalog-footnote")]));
    document
}

#[cfg(test)]
mod tests {
    use crate::report::format_dollars;

    #[test]
    fn dollars_round_to_four_decimals() {
        assert_eq!(format_dollars(300_800), "$0.3008");
        assert_eq!(format_dollars(1_052_800), "$1.0528");
        assert_eq!(format_dollars(49), "$0.0000");
        assert_eq!(format_dollars(50), "$0.0001");
        assert_eq!(format_dollars(-150_400), "-$0.1504");
    }
}
