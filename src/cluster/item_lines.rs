//! File lines of the items in a YAML document's object arrays.
//!
//! A YAML document is read through an untyped tree, which keeps no positions. The
//! lines come from a second parse that keeps only the position of each item. It runs
//! the first time an error or note names an item of the document, so a document read
//! without one is parsed once.

use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use crate::manifest::document::Document;

type Spans = Option<Vec<Spanned<IgnoredAny>>>;

/// The positions of the items of every object array that a List or a snapshot has.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ArraySpans {
    items: Spans,
    nodes: Spans,
    pods: Spans,
    daemon_sets: Spans,
    node_pools: Spans,
    ec2_node_classes: Spans,
    resource_quotas: Spans,
    limit_ranges: Spans,
    config_maps: Spans,
}

impl ArraySpans {
    fn section(&self, section: &str) -> Option<&Vec<Spanned<IgnoredAny>>> {
        match section {
            "items" => self.items.as_ref(),
            "nodes" => self.nodes.as_ref(),
            "pods" => self.pods.as_ref(),
            "daemonSets" => self.daemon_sets.as_ref(),
            "nodePools" => self.node_pools.as_ref(),
            "ec2NodeClasses" => self.ec2_node_classes.as_ref(),
            "resourceQuotas" => self.resource_quotas.as_ref(),
            "limitRanges" => self.limit_ranges.as_ref(),
            "configMaps" => self.config_maps.as_ref(),
            _ => None,
        }
    }
}

/// Item lines of one YAML document, parsed on first use.
#[derive(Default)]
pub(super) struct YamlItemLines(OnceLock<Option<ArraySpans>>);

impl YamlItemLines {
    /// Returns the file line where item `index` of the array `section` starts, or
    /// `None` when the document's arrays cannot be read with positions.
    pub fn line(&self, doc: &Document, section: &str, index: usize) -> Option<usize> {
        let spans = self
            .0
            .get_or_init(|| serde_saphyr::from_str(&doc.text).ok());
        let span = spans.as_ref()?.section(section)?.get(index)?;
        // serde-saphyr counts lines from 1 within the text it parsed.
        let line = usize::try_from(span.referenced.line()).ok()?;
        line.checked_sub(1).map(|line| doc.start_line + line)
    }
}
