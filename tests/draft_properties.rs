//! Invariants of the drafter on any text: it never panics, every span lies inside the text and
//! in order, and the TOML draft is always a ledger that `check` accepts.

use chrono::NaiveDate;
use corroborate::draft::{Article, Options, draft, spans, toml_out};
use corroborate::error::SourceText;
use corroborate::ledger::parse_ledgers;
use proptest::prelude::*;

/// Words that reach the cue, source, date and qualifier rules, glued with spaces, punctuation and
/// line breaks.
fn news_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "said",
        "told",
        "reporters",
        "according",
        "to",
        "citing",
        "“",
        "”",
        "\"",
        ",",
        ".",
        ":",
        "\n",
        "\n\n",
        "the",
        "a",
        "Pentagon",
        "spokesman",
        "Maj.",
        "Gen.",
        "Pat",
        "Ryder",
        "he",
        "she",
        "that",
        "on",
        "Monday",
        "last",
        "week",
        "mid-October",
        "Nov.",
        "12",
        "a",
        "day",
        "later",
        "could",
        "not",
        "be",
        "independently",
        "verified",
        "did",
        "confirm",
        "Source",
        "Quote",
        "from",
        "interview",
        "with",
        "Kyodo",
        "News",
        "agency",
        "Ukraine’s",
        "military",
        "intelligence",
        "and",
        "NATO",
        "U.S.",
        "officials",
        "is",
        "convinced",
        "has",
        "information",
        "10,000",
        "troops",
        "are",
        "in",
        "Kursk",
        "adding",
        "(",
        ")",
        "—",
        "é",
        "李",
        "🙂",
    ]);
    prop::collection::vec(words, 0..80).prop_map(|w| w.join(" "))
}

fn check_draft(text: &str) {
    let d = draft(
        &[Article {
            name: "a.txt".into(),
            text: text.to_string(),
        }],
        &Options {
            published: NaiveDate::from_ymd_opt(2024, 12, 3),
            outlet: None,
        },
    );
    let n = text.chars().count();
    for a in &d.spans[0].attributions {
        for role in [&a.cue, &a.source, &a.content] {
            let mut last = 0;
            for [s, e] in role.iter().copied() {
                assert!(s < e && e <= n, "span {s}..{e} outside 0..{n}");
                assert!(
                    s >= last || role.len() == 1 || last == 0,
                    "fragments out of order"
                );
                last = e;
            }
        }
        assert!(!a.cue.is_empty());
    }
    let toml = toml_out::render(&d);
    if let Err(e) = parse_ledgers(&[SourceText::new("draft.toml", toml.clone())]) {
        panic!("the draft is not a valid ledger: {e:?}\n{toml}");
    }
    for line in spans::render(&d).lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn news_like_text_gives_a_valid_draft(text in news_text()) {
        check_draft(&text);
    }

    #[test]
    fn any_text_gives_a_valid_draft(text in "\\PC{0,300}") {
        check_draft(&text);
    }
}
