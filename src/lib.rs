//! capplan: capacity planning and preflight simulation for sharded load generators on Kubernetes.
//!
//! The modules follow the data flow: `quantity` (exact resource arithmetic) →
//! `catalog` (instance types and the node overhead model) → `scenario` and `sizing`
//! (what the test needs) → `optimize` (the cheapest node mix) → `cluster` and
//! `manifest` (what exists and what will be applied) → `simulate` (kube-scheduler and
//! Karpenter) → `report` (tables, JSON, Markdown in English and Korean) → `cli`.

// Bad input must never panic: errors go through `crate::Error` instead.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod admission;
pub mod catalog;
pub mod cli;
pub mod cluster;
pub mod compare;

pub mod emit;
pub mod error;
pub mod finding;
pub mod i18n;
pub mod input;
pub mod optimize;
pub mod plan;
pub mod preflight;

pub mod manifest;
pub mod quantity;
pub mod report;

pub mod scenario;
pub mod sizing;

pub mod simulate;

pub use error::{Error, Result};
