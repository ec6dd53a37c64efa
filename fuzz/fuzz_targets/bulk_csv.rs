//! Any bytes as a CSV bulk file (triples, sources, claims or reports, told by the header).
#![no_main]

#[path = "bulk_common.rs"]
mod bulk_common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bulk_common::check(data, "csv"));
