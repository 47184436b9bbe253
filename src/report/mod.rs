//! Rendering results for people (terminal tables, Markdown) and programs (JSON),
//! in English or Korean.

mod document;

pub use document::{Block, Document, severity_label};

/// The version of capplan's JSON output; bumped when a field changes meaning or is removed.
pub const JSON_SCHEMA_VERSION: &str = "capplan.io/v1alpha1";
