//! Any bytes as a JSON Lines bulk file (one record a line; triples or ledger parts).
#![no_main]

#[path = "bulk_common.rs"]
mod bulk_common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bulk_common::check(data, "jsonl"));
