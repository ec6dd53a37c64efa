//! `calibrate`: how well a rubric's judgements, as they stood before each outcome was known,
//! match what happened.

use serde::Serialize;

use super::bootstrap::BootstrapSpec;
use super::eval::{Cut, Hindsight, ResolvedSet};
use super::metrics::{Calibration, calibration, log_loss_one};
use crate::rubric::{Method, Rubric};

/// One resolved claim's judgement and its cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    pub id: String,
    pub statement: String,
    pub question: Option<String>,
    pub outcome: bool,
    pub resolved_on: Option<crate::ledger::Moment>,
    pub judged_as_of: crate::ledger::Moment,
    pub reports_in_force: usize,
    pub probability: f64,
    /// (p - outcome)².
    pub squared_error: f64,
    /// -ln of the (clipped) probability given to the outcome.
    pub log_loss: f64,
}

/// Everything `calibrate` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationReport {
    pub rubric: String,
    pub method: Method,
    /// Ledger files as named on the command line.
    pub ledgers: Vec<String>,
    pub cut: Cut,
    pub cut_description: String,
    /// Resolved claims judged.
    pub resolved: usize,
    /// Of them, claims with no report in force at their cut (the prior stands).
    pub without_reports: usize,
    /// Resolved claims left out because the cut falls on or after their resolution.
    pub hindsight: Vec<Hindsight>,
    /// Claims whose outcome is recorded as unresolvable: left out.
    pub unresolvable: Vec<String>,
    pub judgements: Vec<Judgement>,
    /// None when there is no resolved claim to score.
    pub calibration: Option<Calibration>,
}

/// Scores `rubric` on the resolved claims of `set`.
pub fn calibrate(
    set: &ResolvedSet,
    rubric: &Rubric,
    ledgers: &[String],
    bins: usize,
    spec: &BootstrapSpec,
) -> CalibrationReport {
    let ps = set.probabilities(rubric);
    let ys = set.outcomes();
    let judgements = set
        .claims
        .iter()
        .zip(&ps)
        .map(|(c, &p)| Judgement {
            id: c.id.clone(),
            statement: c.statement.clone(),
            question: c.question.clone(),
            outcome: c.outcome,
            resolved_on: c.resolved_on,
            judged_as_of: c.judged_as_of,
            reports_in_force: c.reports_in_force,
            probability: p,
            squared_error: (p - f64::from(u8::from(c.outcome))).powi(2),
            log_loss: log_loss_one(p, c.outcome),
        })
        .collect();
    CalibrationReport {
        rubric: rubric.name.clone(),
        method: rubric.method,
        ledgers: ledgers.to_vec(),
        cut: set.cut,
        cut_description: set.cut.describe(),
        resolved: set.len(),
        without_reports: set.without_reports(),
        hindsight: set.hindsight.clone(),
        unresolvable: set.unresolvable.clone(),
        judgements,
        calibration: calibration(&ps, &ys, bins, spec),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;

    #[test]
    fn per_claim_costs_add_up_to_the_scores() {
        let l = parse_ledgers(&[SourceText::new("seeds", crate::cmd::SEEDS)]).unwrap();
        let set = ResolvedSet::new(&l, Cut::default());
        let r = calibrate(
            &set,
            &Rubric::default_rubric(),
            &[],
            10,
            &BootstrapSpec::default(),
        );
        let c = r.calibration.unwrap();
        let n = r.judgements.len() as f64;
        let brier: f64 = r.judgements.iter().map(|j| j.squared_error).sum::<f64>() / n;
        let ll: f64 = r.judgements.iter().map(|j| j.log_loss).sum::<f64>() / n;
        assert!((brier - c.brier.value).abs() < 1e-12);
        assert!((ll - c.log_loss.value).abs() < 1e-12);
        assert_eq!(c.count, r.resolved);
    }
}
