//! `sensitivity`: what each number of a rubric does. Every parameter of [`super::params::PARAMS`]
//! the rubric sets is moved by ±step (relative: v x (1 ± step), clamped to its valid range), one
//! at a time, and we record how far every claim's probability moves (max and mean absolute change,
//! as of the case's date) and how the Brier score on the resolved claims moves (each judged before
//! its outcome was known). Rows are ranked by the largest move of any claim, largest first.

use crate::ledger::Moment;
use serde::Serialize;

use super::eval::{Evaluator, ResolvedSet};
use super::metrics::brier;
use super::params::{Kind, PARAMS};
use crate::rubric::{Method, Rubric};

/// The effect of one perturbation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// The perturbed value.
    pub value: f64,
    /// Largest |Δp| over all claims, and the claim that moved most (first by id on a tie).
    pub max_abs_change: f64,
    pub most_moved: Option<String>,
    /// Mean |Δp| over all claims.
    pub mean_abs_change: f64,
    /// Brier score after the change minus before (None without resolved claims).
    pub brier_change: Option<f64>,
}

/// One parameter's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub parameter: String,
    pub kind: Kind,
    pub value: f64,
    /// None when the change cannot move the value (it is 0, or at the bound of its range).
    pub down: Option<Effect>,
    pub up: Option<Effect>,
    /// The larger of the two directions' largest |Δp|: the ranking key.
    pub max_abs_change: f64,
    /// The larger of the two directions' |ΔBrier|.
    pub max_abs_brier_change: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitivityReport {
    pub rubric: String,
    pub method: Method,
    pub ledgers: Vec<String>,
    pub as_of: Option<Moment>,
    pub step: f64,
    pub claims: usize,
    pub resolved: usize,
    pub cut_description: String,
    pub base_brier: Option<f64>,
    /// Ranked, largest effect first.
    pub rows: Vec<Row>,
    /// Optional parameters the rubric does not set (not perturbed).
    pub unset: Vec<String>,
}

/// The inputs: every claim as of the case's date, and the resolved claims at their cuts.
pub struct Subject<'a> {
    pub all: &'a Evaluator,
    /// Ids of the claims of `all`, in its order.
    pub claim_ids: &'a [String],
    pub as_of: Option<Moment>,
    pub resolved: &'a ResolvedSet,
    pub ledgers: &'a [String],
}

pub fn sensitivity(s: &Subject<'_>, rubric: &Rubric, step: f64) -> SensitivityReport {
    let base = s.all.probabilities(rubric);
    let ys = s.resolved.outcomes();
    let brier_of = |r: &Rubric| (!ys.is_empty()).then(|| brier(&s.resolved.probabilities(r), &ys));
    let base_brier = brier_of(rubric);

    let effect = |r: &Rubric, value: f64| -> Effect {
        let p = s.all.probabilities(r);
        let mut max = 0.0;
        let mut who: Option<usize> = None;
        let mut sum = 0.0;
        for (i, (a, b)) in base.iter().zip(&p).enumerate() {
            let d = (a - b).abs();
            sum += d;
            if d > max {
                max = d;
                who = Some(i);
            }
        }
        Effect {
            value,
            max_abs_change: max,
            most_moved: who.map(|i| s.claim_ids[i].clone()),
            mean_abs_change: if p.is_empty() {
                0.0
            } else {
                sum / p.len() as f64
            },
            brier_change: brier_of(r).zip(base_brier).map(|(a, b)| a - b),
        }
    };

    let mut rows = Vec::new();
    let mut unset = Vec::new();
    for param in PARAMS {
        let Some(v) = param.get(rubric) else {
            unset.push(param.name.to_string());
            continue;
        };
        let moved = |factor: f64| -> Option<Effect> {
            let target = (v * factor).clamp(param.lo, param.hi);
            (target != v).then(|| {
                let mut r = rubric.clone();
                param.set(&mut r, target);
                effect(&r, target)
            })
        };
        let down = moved(1.0 - step);
        let up = moved(1.0 + step);
        let both = [&down, &up];
        let max_abs_change = both
            .iter()
            .filter_map(|e| e.as_ref().map(|e| e.max_abs_change))
            .fold(0.0, f64::max);
        let briers: Vec<f64> = both
            .iter()
            .filter_map(|e| e.as_ref().and_then(|e| e.brier_change).map(f64::abs))
            .collect();
        let max_abs_brier_change = if base_brier.is_some() {
            Some(briers.into_iter().fold(0.0, f64::max))
        } else {
            None
        };
        rows.push(Row {
            parameter: param.name.to_string(),
            kind: param.kind,
            value: v,
            down,
            up,
            max_abs_change,
            max_abs_brier_change,
        });
    }
    rows.sort_by(|a, b| {
        b.max_abs_change
            .total_cmp(&a.max_abs_change)
            .then_with(|| {
                b.max_abs_brier_change
                    .unwrap_or(0.0)
                    .total_cmp(&a.max_abs_brier_change.unwrap_or(0.0))
            })
            .then_with(|| a.parameter.cmp(&b.parameter))
    });
    SensitivityReport {
        rubric: rubric.name.clone(),
        method: rubric.method,
        ledgers: s.ledgers.to_vec(),
        as_of: s.as_of,
        step,
        claims: base.len(),
        resolved: s.resolved.len(),
        cut_description: s.resolved.cut.describe(),
        base_brier,
        rows,
        unset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;
    use crate::tune::eval::Cut;

    #[test]
    fn rows_are_ranked_and_match_a_direct_perturbation() {
        let l = parse_ledgers(&[SourceText::new("seeds", crate::cmd::SEEDS)]).unwrap();
        let as_of = l.default_as_of().unwrap();
        let targets: Vec<_> = (0..l.claims.len()).map(|i| (i, as_of)).collect();
        let all = Evaluator::new(&l, &targets);
        let ids: Vec<String> = l.claims.iter().map(|c| c.id.clone()).collect();
        let resolved = ResolvedSet::new(&l, Cut::default());
        let subject = Subject {
            all: &all,
            claim_ids: &ids,
            as_of: Some(as_of),
            resolved: &resolved,
            ledgers: &[],
        };
        let r = Rubric::default_rubric();
        let rep = sensitivity(&subject, &r, 0.2);
        assert!(
            rep.rows
                .windows(2)
                .all(|w| w[0].max_abs_change >= w[1].max_abs_change)
        );
        assert_eq!(rep.unset, ["aggregation.single_origin_cap"]);

        // official.weight 1.0 → 1.2, checked by scoring directly.
        let row = rep
            .rows
            .iter()
            .find(|x| x.parameter == "criteria.official.weight")
            .unwrap();
        let up = row.up.as_ref().unwrap();
        assert_eq!(up.value, 1.2);
        let mut r2 = r.clone();
        r2.official_weight = 1.2;
        let before = all.probabilities(&r);
        let after = all.probabilities(&r2);
        let max = before
            .iter()
            .zip(&after)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert_eq!(up.max_abs_change, max);
        // Under log-odds the prior weight only widens intervals: no probability moves.
        let pw = rep
            .rows
            .iter()
            .find(|x| x.parameter == "aggregation.prior_weight")
            .unwrap();
        assert_eq!(pw.max_abs_change, 0.0);
        // A level at 1.0 cannot go up.
        let none = rep
            .rows
            .iter()
            .find(|x| x.parameter == "hedging.none")
            .unwrap();
        assert!(none.up.is_none() && none.down.is_some());
    }
}
