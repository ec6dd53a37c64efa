//! `--format json`: the scored case as one JSON document.
//!
//! Stable contract, version 2 (the evidence model of likelihood ratios; version 1 was the model of
//! levels): top-level `format`, `version`, `title`, `as_of`, `rubric`, `questions`, `claims` (each
//! with `id`, `kind`, `treatment`, `confidence` in [0, 1] or null for an unscored kind, `interval`,
//! `likelihood`, `confidence_level`, `admiralty`, `contest`, `criteria`, `by_origin`, …) and
//! `sources`. Fields are only ever added within a version.
//!
//! Layout: pretty-printed down to the claims' fields; every array or object nested deeper (each
//! origin with its reports, a question's answers, a source's details) is one compact line, a record
//! a line as in the triples report, so that a report of millions of reports stays about 40%
//! smaller than fully indented JSON, and `grep` finds an origin on one line. `jq .` re-indents it.

use serde::Serialize;

use super::Renderer;
use crate::score::CaseScore;

pub const FORMAT_NAME: &str = "corroborate-report";
/// The version of the bulk triples report: 2 since `rubric` became an object `{name}`, as in the
/// ledger report (it was the bare name in version 1).
pub const FORMAT_VERSION: u32 = 2;
/// The version of the ledger report: 4 since an origin and a report under it leave out their
/// qualifiers at the default (`source_name` when it is the id, `interest`, `verification`, `hedging`, `hops`, `multiplier`,
/// `stance_factor`, `later`; a report's `stance`, always its origin's, its `published` when it is
/// `stated`, and `dates`), a third of a large report's bytes; 3 since an origin in `by_origin` left
/// out its `discount_reason` and `later_note` (sentences, given by `explain`) and any empty
/// `superseded`, and a report under it its empty `via`, `cites`, `document` and `quote`.
pub const REPORT_VERSION: u32 = 4;
/// Arrays and objects opening this many levels deep are written on one line: the document is
/// level 0, `claims` 1, a claim 2, its fields 3 (`by_origin`), an origin 4.
pub const RECORD_DEPTH: usize = 4;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    #[serde(flatten)]
    case: &'a CaseScore,
}

pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn render(&self, case: &CaseScore) -> String {
        let doc = Document {
            format: FORMAT_NAME,
            version: REPORT_VERSION,
            case,
        };
        // Serialising plain structs of strings, numbers and dates cannot fail; NaN never reaches
        // here because the rubric and ledger reject it.
        crate::text::json::pretty_records(&doc, RECORD_DEPTH)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"))
    }
}
