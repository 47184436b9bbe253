#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| capplan_fuzz::harness::files(data));
