//! `--format csv`: one row per claim, for spreadsheets. The header ([`CLAIM_HEADER`]) is a stable
//! contract documented in the README: columns are only ever added at the end.
//!
//! Ledger text is untrusted: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
//! could be run as a formula by a spreadsheet (CSV injection), so such text cells get a leading
//! single quote (OWASP's advice). Numbers are written by us and are never prefixed.

use csv::{QuoteStyle, WriterBuilder};

use super::Renderer;
use crate::score::CaseScore;
use crate::score::track_record::SourceRecord;

/// The columns of `report --format csv`, in order.
pub const CLAIM_HEADER: [&str; 32] = [
    "as_of",
    "claim",
    "statement",
    "question",
    "tags",
    "probability",
    "interval_low",
    "interval_high",
    "interval_level",
    "likelihood",
    "confidence_level",
    "admiralty",
    "source_reliability",
    "information_credibility",
    "letter_from",
    "reports",
    "origins",
    "effective_origins",
    "first_reported",
    "last_reported",
    "verification",
    "official",
    "later",
    "quality",
    "conflict",
    "resolution",
    "resolution_date",
    "kind",
    "scored",
    "origins_for",
    "origins_against",
    "latest_stance",
];

/// The columns of `sources --format csv`, in order.
pub const SOURCE_HEADER: [&str; 24] = [
    "source",
    "name",
    "kind",
    "official",
    "interested",
    "organisation",
    "government",
    "grade",
    "level",
    "letter",
    "reports",
    "relays",
    "claims_supported",
    "later_corroborated",
    "claims_refuted",
    "resolved_true",
    "resolved_false",
    "track_successes",
    "track_failures",
    "track_mean",
    "track_low",
    "track_high",
    "first_reported",
    "last_reported",
];

/// Text from the ledger, made safe for a spreadsheet: a leading `'` when it begins with a character
/// that would start a formula.
pub fn text_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A number with six decimals; `-0` is written as `0`.
fn num(x: f64) -> String {
    format!("{:.6}", x + 0.0)
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn bool_cell(b: bool) -> String {
    b.to_string()
}

fn write(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut w = WriterBuilder::new()
        .quote_style(QuoteStyle::Necessary)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

pub struct CsvRenderer;

impl Renderer for CsvRenderer {
    fn render(&self, case: &CaseScore) -> String {
        let as_of = opt(case.as_of);
        let rows = case
            .claims
            .iter()
            .map(|c| {
                vec![
                    as_of.clone(),
                    text_cell(&c.id),
                    text_cell(&c.statement),
                    text_cell(c.question.as_deref().unwrap_or("")),
                    text_cell(&c.tags.join(";")),
                    if c.scored() {
                        num(c.confidence)
                    } else {
                        String::new()
                    },
                    num(c.interval.low),
                    num(c.interval.high),
                    num(c.interval.level),
                    c.likelihood.to_string(),
                    c.confidence_level.as_str().to_string(),
                    c.admiralty.rating.clone(),
                    c.admiralty.source.to_string(),
                    c.admiralty.information.to_string(),
                    text_cell(c.admiralty.letter_from.as_deref().unwrap_or("")),
                    c.reports.to_string(),
                    c.origins.to_string(),
                    num(c.effective_origins),
                    opt(c.first),
                    opt(c.last),
                    num(c.criteria.verification),
                    num(c.criteria.official),
                    num(c.criteria.later),
                    num(c.quality),
                    num(c.conflict),
                    c.resolution
                        .as_ref()
                        .map_or(String::new(), |r| r.outcome.to_string()),
                    opt(c.resolution.as_ref().and_then(|r| r.date)),
                    c.kind.as_str().to_string(),
                    c.scored().to_string(),
                    c.contest.for_.to_string(),
                    c.contest.against.to_string(),
                    c.contest
                        .latest
                        .map_or(String::new(), |t| t.as_str().to_string()),
                ]
            })
            .collect();
        write(&CLAIM_HEADER, rows)
    }
}

/// `sources --format csv`: one row per source.
pub fn sources(records: &[SourceRecord]) -> String {
    let rows = records
        .iter()
        .map(|s| {
            let t = &s.track_record;
            vec![
                text_cell(&s.id),
                text_cell(&s.name),
                s.kind.as_str().to_string(),
                bool_cell(s.official),
                bool_cell(s.interested),
                text_cell(s.organisation.as_deref().unwrap_or("")),
                text_cell(s.government.as_deref().unwrap_or("")),
                opt(s.grade.map(|g| g.as_char())),
                num(s.level),
                s.letter.to_string(),
                s.reports.to_string(),
                s.relays.to_string(),
                s.claims_supported.to_string(),
                s.later_corroborated.to_string(),
                s.claims_refuted.to_string(),
                s.resolved_true.to_string(),
                s.resolved_false.to_string(),
                t.successes.to_string(),
                t.failures.to_string(),
                num(t.mean),
                num(t.interval.low),
                num(t.interval.high),
                opt(s.first),
                opt(s.last),
            ]
        })
        .collect();
    write(&SOURCE_HEADER, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(text_cell(s), format!("'{s}"));
        }
        assert_eq!(text_cell("plain = text"), "plain = text");
        assert_eq!(text_cell(""), "");
    }

    #[test]
    fn negative_zero_is_zero() {
        assert_eq!(num(-0.0), "0.000000");
        assert_eq!(num(-0.5), "-0.500000");
    }
}
