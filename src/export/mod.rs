//! Exports for the tools analysts already run: MISP events ([`misp`]), STIX 2.1 bundles ([`stix`])
//! and schema.org ClaimReview JSON-LD ([`claimreview`]).
//!
//! Outputs are reproducible: object ids are UUIDv5 in a fixed namespace, named from the case title
//! and the ledger id of the claim or source, and every timestamp is the as-of date at midnight UTC —
//! never the clock. Exporting the same ledger twice gives the same bytes.

pub mod claimreview;
pub mod misp;
pub mod stix;

use crate::ledger::Moment;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::score::CaseScore;

/// The namespace of every id corroborate makes: UUIDv5 of the URL namespace and `urn:corroborate`.
pub fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:corroborate")
}

/// A deterministic id for `kind`/`key` within the case titled `title`.
pub fn uuid(title: &str, kind: &str, key: &str) -> Uuid {
    let name = format!("{title}\u{1f}{kind}\u{1f}{key}");
    Uuid::new_v5(&namespace(), name.as_bytes())
}

/// Which format to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Misp,
    Stix,
    ClaimReview,
}

/// Options that are not part of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Who publishes the assessment (the ClaimReview author, the STIX producer identity).
    pub author: String,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            author: "corroborate".to_string(),
        }
    }
}

/// The as-of date every export is stamped with.
fn as_of(case: &CaseScore) -> Result<Moment> {
    case.as_of.ok_or_else(|| {
        Error::Usage(
            "the case has no date (no report and no `as_of` in the ledger): give --as-of YYYY-MM-DD"
                .into(),
        )
    })
}

/// The title that scopes the ids.
fn title(case: &CaseScore) -> &str {
    case.title.as_deref().unwrap_or("corroborate case")
}

/// Renders `case` in the target format, as pretty-printed JSON with a final newline.
pub fn export(case: &CaseScore, target: Target, opts: &ExportOptions) -> Result<String> {
    let v = match target {
        Target::Misp => misp::event(case, opts)?,
        Target::Stix => stix::bundle(case, opts)?,
        Target::ClaimReview => claimreview::reviews(case, opts)?,
    };
    crate::text::json::pretty(&v).map_err(|e| Error::Run(e.to_string()))
}

/// One line on a claim's standing, for comments and explanations.
fn summary(c: &crate::score::ClaimScore) -> String {
    format!(
        "P = {:.2} ({}), {:.0}% interval {:.2}-{:.2}; {} confidence; Admiralty {}; {} report(s) from {} independent origin(s)",
        c.confidence,
        c.likelihood,
        c.interval.level * 100.0,
        c.interval.low,
        c.interval.high,
        c.confidence_level.as_str(),
        c.admiralty.rating,
        c.reports,
        c.origins
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_5_and_stable() {
        let a = uuid("t", "claim", "c1");
        assert_eq!(a.get_version_num(), 5);
        assert_eq!(a, uuid("t", "claim", "c1"));
        assert_ne!(a, uuid("t", "claim", "c2"));
        assert_ne!(a, uuid("u", "claim", "c1"));
        // Fixed forever: changing it would change every exported id.
        assert_eq!(
            namespace(),
            Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:corroborate")
        );
    }
}
