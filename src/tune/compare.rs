//! `compare R1 R2`: two rubrics side by side on the same case — every claim's probability and
//! phrase under each, the differences, how far the two rankings of the claims agree (Spearman's ρ
//! and Kendall's τ-b), the claims that change phrase or cross 50%, and both rubrics' calibration on
//! the resolved claims with the paired difference.

use crate::ledger::Moment;
use serde::Serialize;

use super::bootstrap::BootstrapSpec;
use super::calibrate::{CalibrationReport, calibrate};
use super::eval::ResolvedSet;
use super::metrics::{Estimate, paired_difference};
use super::rank::{kendall_tau_b, spearman};
use crate::rubric::{Method, Rubric};
use crate::score::CaseScore;

/// A rubric as named in the output: its name and the file it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricLabel {
    pub name: String,
    pub file: String,
    pub method: Method,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub id: String,
    pub statement: String,
    pub question: Option<String>,
    pub p1: f64,
    pub p2: f64,
    /// p2 - p1.
    pub change: f64,
    pub phrase1: &'static str,
    pub phrase2: &'static str,
    pub phrase_changed: bool,
    /// One probability below 0.5 and the other at or above it.
    pub crosses_half: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub rubric1: RubricLabel,
    pub rubric2: RubricLabel,
    pub ledgers: Vec<String>,
    pub as_of: Option<Moment>,
    /// Every claim, largest |change| first (then by id).
    pub rows: Vec<Row>,
    pub mean_abs_change: f64,
    pub max_abs_change: f64,
    /// Rank correlation of the two rubrics' probabilities over all claims (None if undefined).
    pub spearman: Option<f64>,
    pub kendall_tau_b: Option<f64>,
    pub phrase_changes: Vec<String>,
    pub crossings: Vec<String>,
    pub calibration1: CalibrationReport,
    pub calibration2: CalibrationReport,
    /// Brier score and log loss of rubric 2 minus rubric 1 on the resolved claims, paired
    /// bootstrap intervals; negative favours rubric 2.
    pub brier_difference: Option<Estimate>,
    pub log_loss_difference: Option<Estimate>,
}

/// The inputs of a comparison: both scored cases (same ledger, same date) and the resolved claims.
pub struct Sides<'a> {
    pub case1: &'a CaseScore,
    pub case2: &'a CaseScore,
    pub rubric1: (&'a Rubric, String),
    pub rubric2: (&'a Rubric, String),
}

pub fn compare(
    sides: &Sides<'_>,
    resolved: &ResolvedSet,
    ledgers: &[String],
    bins: usize,
    spec: &BootstrapSpec,
) -> Comparison {
    let mut rows: Vec<Row> = sides
        .case1
        .claims
        .iter()
        .filter_map(|c1| {
            let c2 = sides.case2.claim(&c1.id)?;
            Some(Row {
                id: c1.id.clone(),
                statement: c1.statement.clone(),
                question: c1.question.clone(),
                p1: c1.confidence,
                p2: c2.confidence,
                change: c2.confidence - c1.confidence,
                phrase1: c1.likelihood,
                phrase2: c2.likelihood,
                phrase_changed: c1.likelihood != c2.likelihood,
                crosses_half: (c1.confidence < 0.5) != (c2.confidence < 0.5),
            })
        })
        .collect();
    let p1: Vec<f64> = rows.iter().map(|r| r.p1).collect();
    let p2: Vec<f64> = rows.iter().map(|r| r.p2).collect();
    rows.sort_by(|a, b| {
        b.change
            .abs()
            .total_cmp(&a.change.abs())
            .then_with(|| a.id.cmp(&b.id))
    });
    let n = rows.len().max(1) as f64;
    let (r1, f1) = &sides.rubric1;
    let (r2, f2) = &sides.rubric2;
    let cal1 = calibrate(resolved, r1, ledgers, bins, spec);
    let cal2 = calibrate(resolved, r2, ledgers, bins, spec);
    let diff = paired_difference(
        &resolved.probabilities(r1),
        &resolved.probabilities(r2),
        &resolved.outcomes(),
        spec,
    );
    let ids = |f: fn(&Row) -> bool| -> Vec<String> {
        let mut v: Vec<String> = rows.iter().filter(|r| f(r)).map(|r| r.id.clone()).collect();
        v.sort();
        v
    };
    Comparison {
        rubric1: RubricLabel {
            name: r1.name.clone(),
            file: f1.clone(),
            method: r1.method,
        },
        rubric2: RubricLabel {
            name: r2.name.clone(),
            file: f2.clone(),
            method: r2.method,
        },
        ledgers: ledgers.to_vec(),
        as_of: sides.case1.as_of,
        mean_abs_change: rows.iter().map(|r| r.change.abs()).sum::<f64>() / n,
        max_abs_change: rows.iter().map(|r| r.change.abs()).fold(0.0, f64::max),
        spearman: spearman(&p1, &p2),
        kendall_tau_b: kendall_tau_b(&p1, &p2),
        phrase_changes: ids(|r| r.phrase_changed),
        crossings: ids(|r| r.crosses_half),
        rows,
        calibration1: cal1,
        calibration2: cal2,
        brier_difference: diff.map(|d| d.0),
        log_loss_difference: diff.map(|d| d.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;
    use crate::score::score;
    use crate::tune::eval::Cut;

    #[test]
    fn a_rubric_compared_with_itself_changes_nothing() {
        let l = parse_ledgers(&[SourceText::new("seeds", crate::cmd::SEEDS)]).unwrap();
        let r = Rubric::default_rubric();
        let case = score(&l, &r, None);
        let resolved = ResolvedSet::new(&l, Cut::default());
        let c = compare(
            &Sides {
                case1: &case,
                case2: &case,
                rubric1: (&r, "a".into()),
                rubric2: (&r, "a".into()),
            },
            &resolved,
            &[],
            10,
            &BootstrapSpec::default(),
        );
        assert_eq!(c.rows.len(), l.claims.len());
        assert_eq!(c.max_abs_change, 0.0);
        assert_eq!(c.spearman, Some(1.0));
        assert!((c.kendall_tau_b.unwrap() - 1.0).abs() < 1e-12);
        assert!(c.phrase_changes.is_empty() && c.crossings.is_empty());
        assert_eq!(c.brier_difference.unwrap().value, 0.0);
    }

    #[test]
    fn a_lower_prior_moves_claims_and_is_reported() {
        let l = parse_ledgers(&[SourceText::new("seeds", crate::cmd::SEEDS)]).unwrap();
        let r1 = Rubric::default_rubric();
        let r2 = Rubric {
            prior: 0.2,
            ..Rubric::default_rubric()
        };
        let (c1, c2) = (score(&l, &r1, None), score(&l, &r2, None));
        let resolved = ResolvedSet::new(&l, Cut::default());
        let c = compare(
            &Sides {
                case1: &c1,
                case2: &c2,
                rubric1: (&r1, "a".into()),
                rubric2: (&r2, "b".into()),
            },
            &resolved,
            &[],
            10,
            &BootstrapSpec::default(),
        );
        assert!(c.rows.iter().all(|r| r.change <= 0.0));
        assert!(
            c.rows
                .windows(2)
                .all(|w| w[0].change.abs() >= w[1].change.abs())
        );
        for r in &c.rows {
            assert_eq!(r.crosses_half, c.crossings.contains(&r.id));
            assert_eq!(r.phrase_changed, r.phrase1 != r.phrase2);
        }
        assert!(!c.crossings.is_empty());
    }
}
