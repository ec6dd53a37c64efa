//! Any bytes as an article: drafting must return, never panic; every span lies inside the text,
//! and the TOML draft is a valid ledger.
#![no_main]

use corroborate::draft::{Article, Options, draft, toml_out};
use corroborate::error::SourceText;
use corroborate::ledger::parse_ledgers;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let d = draft(
        &[Article { name: "fuzz.txt".into(), text: text.to_string() }],
        &Options { published: corroborate::NaiveDate::from_ymd_opt(2024, 12, 3), outlet: None },
    );
    let n = text.chars().count();
    for a in &d.spans[0].attributions {
        for [s, e] in a.cue.iter().chain(&a.source).chain(&a.content).copied() {
            assert!(s < e && e <= n, "span {s}..{e} outside 0..{n}");
        }
    }
    let toml = toml_out::render(&d);
    parse_ledgers(&[SourceText::new("draft.toml", toml)]).expect("the draft is a valid ledger");
});
