//! Any bytes as a ledger file: parsing, validation, scoring and every renderer must return, never panic.
#![no_main]

use corroborate::error::SourceText;
use corroborate::ledger::parse_ledgers;
use corroborate::render::{Renderer, json::JsonRenderer, table::TableRenderer};
use corroborate::rubric::Rubric;
use corroborate::score;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_ledgers(&[SourceText::new("fuzz.toml", text)]) {
        Ok(ledger) => {
            let case = score(&ledger, &Rubric::default_rubric(), None);
            let _ = TableRenderer { width: Some(100) }.render(&case);
            let _ = JsonRenderer.render(&case);
        }
        Err(e) => {
            // Rendering the diagnostics (line, column, caret) must not panic either.
            let _ = e.render();
        }
    }
});
