//! Any bytes as a rubric file: validation must return, never panic; a valid rubric must score.
#![no_main]

use corroborate::cmd::{SEEDS, SEEDS_NAME};
use corroborate::error::SourceText;
use corroborate::ledger::parse_ledgers;
use corroborate::rubric::parse_rubric;
use corroborate::score;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_rubric(&SourceText::new("fuzz.toml", text)) {
        Ok(rubric) => {
            let ledger = parse_ledgers(&[SourceText::new(SEEDS_NAME, SEEDS)]).expect("seeds are valid");
            let case = score(&ledger, &rubric, None);
            for c in &case.claims {
                assert!((0.0..=1.0).contains(&c.confidence), "{} = {}", c.id, c.confidence);
            }
        }
        Err(e) => {
            let _ = e.render();
        }
    }
});
