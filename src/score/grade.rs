//! Words and grades for a probability and its evidence.
//!
//! - Likelihood: ICD 203 (US ODNI, *Analytic Standards*, 2015) — almost no chance 1–5%, very unlikely
//!   5–20%, unlikely 20–45%, roughly even chance 45–55%, likely 55–80%, very likely 80–95%, almost
//!   certain 95–99%; the bounds come from the rubric.
//! - Confidence level: ICD 203 keeps it separate from likelihood. High needs enough effective
//!   independent origins and a good best origin; moderate the same with lower bars. Neither measure
//!   can fall when an origin is added, so a new independent report never lowers the level; whether
//!   the claim is contested is shown beside it (`Contest`).
//! - Admiralty rating (NATO AJP-2.1): a source letter A–F and an information digit 1–6.

use serde::Serialize;

use super::Admiralty;
use super::evidence::ClaimEvidence;
use crate::ledger::{Ledger, Source};
use crate::rubric::{ConfidenceRule, Rubric};

pub const PHRASES: [&str; 7] = [
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
];

/// The ICD 203 phrase for `p`: the first phrase whose upper bound `p` is below.
pub fn likelihood_phrase(rubric: &Rubric, p: f64) -> &'static str {
    let i = rubric
        .likelihood_bounds
        .iter()
        .position(|&b| p < b)
        .unwrap_or(PHRASES.len() - 1);
    PHRASES[i]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfidenceLevel {
    Low,
    Moderate,
    High,
}

impl ConfidenceLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            ConfidenceLevel::Low => "low",
            ConfidenceLevel::Moderate => "moderate",
            ConfidenceLevel::High => "high",
        }
    }
}

fn meets(rule: &ConfidenceRule, ev: &ClaimEvidence) -> bool {
    ev.effective_origins() >= rule.min_origins - 1e-9 && ev.quality() >= rule.min_quality - 1e-9
}

pub fn confidence_level(rubric: &Rubric, ev: &ClaimEvidence) -> ConfidenceLevel {
    if meets(&rubric.confidence_high, ev) {
        ConfidenceLevel::High
    } else if meets(&rubric.confidence_moderate, ev) {
        ConfidenceLevel::Moderate
    } else {
        ConfidenceLevel::Low
    }
}

/// A source's letter: the analyst's grade where given, else from its support reliability by the
/// rubric's bounds; F ("cannot be judged") at 0.5.
pub fn source_letter(rubric: &Rubric, s: &Source, level: f64) -> char {
    if let Some(g) = s.grade {
        return g.as_char();
    }
    if level <= 0.5 {
        return 'F';
    }
    ['A', 'B', 'C', 'D']
        .into_iter()
        .zip(rubric.letter_bounds)
        .find(|&(_, b)| level >= b)
        .map_or('E', |(l, _)| l)
}

/// The claim's Admiralty rating. The letter is that of the most reliable supporting origin (F, "cannot
/// be judged", with none). The digit: 6 with no evidence; 1 "confirmed" when p reaches `confirmed`
/// and at least `confirm_origins` effective independent origins support it; else 2, 3, 4 by the
/// probability bounds and 5 "improbable" below them.
pub fn admiralty(rubric: &Rubric, ledger: &Ledger, ev: &ClaimEvidence, p: f64) -> Admiralty {
    let sm = &ev.summary;
    let best = sm.best_support;
    let letter = best.map_or('F', |(level, s)| {
        source_letter(rubric, &ledger.sources[s], level)
    });
    let [confirmed, probably, possibly, doubtful] = rubric.information_bounds;
    let digit = if sm.effective <= 0.0 {
        6
    } else if p >= confirmed && sm.effective_for >= rubric.confirm_origins - 1e-9 {
        1
    } else if p >= probably {
        2
    } else if p >= possibly {
        3
    } else if p >= doubtful {
        4
    } else {
        5
    };
    Admiralty {
        rating: format!("{letter}{digit}"),
        source: letter,
        information: digit,
        letter_from: best.map(|(_, s)| ledger.sources[s].id.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_follow_icd_203_bounds() {
        let r = Rubric::default_rubric();
        assert_eq!(likelihood_phrase(&r, 0.01), "almost no chance");
        assert_eq!(likelihood_phrase(&r, 0.05), "very unlikely");
        assert_eq!(likelihood_phrase(&r, 0.3), "unlikely");
        assert_eq!(likelihood_phrase(&r, 0.5), "roughly even chance");
        assert_eq!(likelihood_phrase(&r, 0.55), "likely");
        assert_eq!(likelihood_phrase(&r, 0.9), "very likely");
        assert_eq!(likelihood_phrase(&r, 0.97), "almost certain");
        assert_eq!(likelihood_phrase(&r, 1.0), "almost certain");
    }
}
