//! corroborate: tells an analyst how far to believe each claim in a story, and each source behind it.
//!
//! The pipeline, one module a stage: [`ledger`] (load → validate → resolve relays and origins),
//! [`rubric`] (how to score), [`score`] (pure: ledger + rubric + as-of date → results), [`render`]
//! (one renderer per output format), [`cmd`] (one file per command: arguments → validated plan → run) and [`error`] (the
//! one place errors are rendered and exit codes chosen). [`tune`] checks rubrics against resolved
//! claims (calibration, comparison, sensitivity, fitting); [`export`] and [`import`] speak STIX,
//! MISP and ClaimReview; [`output`] writes files safely. The
//! library never reads the clock.
//!
//! At scale: [`bulk`] (CSV / TSV / JSON Lines input: truth-discovery triples and bulk ledgers),
//! [`learn`] (source reliability learned from the data: EM and the classic algorithms), the lean
//! triples path in [`score::triples`] and [`render::triples`], and [`synth`] (the synthetic benchmark).

pub mod bulk;
pub mod cmd;
pub mod draft;
pub mod error;
pub mod export;
pub mod import;
pub mod learn;
pub mod ledger;
pub mod output;
pub mod read;
pub mod render;
pub mod rubric;
pub mod schema;
pub mod score;
pub mod spark;
pub mod synth;
pub mod text;
pub mod tune;

/// Dates in the API (`score`'s as-of date, every date in the results) are chrono's.
pub use chrono::NaiveDate;
pub use error::{Diagnostic, Error, Result};
pub use ledger::Ledger;
pub use ledger::Moment;
pub use rubric::Rubric;
pub use score::{CaseScore, ClaimScore, score};
