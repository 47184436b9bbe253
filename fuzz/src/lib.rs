//! Fuzz harnesses for capplan's input parsers, shared by the libFuzzer targets in
//! `fuzz_targets/` and by the corpus replay test in the main crate.

pub mod harness;
