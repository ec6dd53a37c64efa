//! From contributions to probabilities.
//!
//! A claim outside any question:
//! - log-odds: p = sigmoid(logit(prior) + E), E the sum of the contributions (naive-Bayes pooling of
//!   independent evidence; Good, *Probability and the Weighing of Evidence*, 1950);
//! - subjective logic: every origin is an opinion from evidence (r = its weight if it supports, s if it
//!   refutes; prior weight W, base rate = prior), fused by cumulative fusion; p is the projected
//!   probability, (r + W a) / (r + s + W).
//!
//! Answers of one question are mutually exclusive and scored together, so their probabilities sum to at
//! most 1. Each of the k answers gets prior π = 1/k if the question is exhaustive, else
//! min(prior, 1/(k+1)), the rest going to "none of these".
//! - log-odds: p_i = π e^{E_i} / (Σ_j π e^{E_j} + (1 - kπ)), a softmax;
//! - subjective logic: a Dirichlet over the answers and "none": support of answer i is evidence for i,
//!   refutation of i is evidence spread evenly over the other categories; p_i = (r_i + W π) / (R + W).
//!
//! The interval is the central `interval` mass of Beta(pN, (1-p)N), N = W + the evidence behind the
//! claim (for an answer: behind its question). For subjective logic this is exactly the opinion's Beta
//! (α = r + W a, β = s + W (1 - a)); for log-odds it is the Beta with the same mean and strength.

use statrs::distribution::{Beta, ContinuousCDF};

use super::evidence::ClaimEvidence;
use super::sl::Opinion;
use super::{Aggregation, Interval, QuestionStep};
use crate::ledger::{Ledger, Stance};
use crate::rubric::{Method, Rubric};

#[derive(Debug, Clone)]
pub struct Posterior {
    pub probability: f64,
    pub aggregation: Aggregation,
}

pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// Fuses one opinion per origin by cumulative fusion, starting from the vacuous opinion.
pub fn fuse(ev: &ClaimEvidence, w: f64, base_rate: f64) -> Opinion {
    ev.origins
        .iter()
        .fold(Opinion::vacuous(base_rate), |acc, o| {
            let (r, s) = match o.stance {
                Stance::Supports => (o.weight(), 0.0),
                Stance::Refutes => (0.0, o.weight()),
            };
            let op = Opinion::from_evidence(r, s, w, base_rate);
            // Defined whenever W > 0 (neither opinion is dogmatic), which the rubric guarantees.
            acc.cumulative_fusion(&op).unwrap_or(acc)
        })
}

fn binary(rubric: &Rubric, ev: &ClaimEvidence) -> Posterior {
    let e = ev.criteria().total();
    let (ef, ea) = (
        ev.weight_of(Stance::Supports),
        ev.weight_of(Stance::Refutes),
    );
    let mut agg = Aggregation {
        method: rubric.method,
        prior: rubric.prior,
        evidence: e,
        evidence_for: ef,
        evidence_against: ea,
        log_odds: None,
        opinion: None,
        question: None,
        interval_strength: rubric.prior_weight + ef + ea,
    };
    let p = match rubric.method {
        Method::LogOdds => {
            let lo = logit(rubric.prior) + e;
            agg.log_odds = Some(lo);
            sigmoid(lo)
        }
        Method::SubjectiveLogic => {
            let op = fuse(ev, rubric.prior_weight, rubric.prior);
            agg.opinion = Some(op);
            op.probability()
        }
    };
    Posterior {
        probability: p,
        aggregation: agg,
    }
}

/// Posteriors of every claim (indexed like `ledger.claims`).
pub fn posteriors(ledger: &Ledger, rubric: &Rubric, evidence: &[ClaimEvidence]) -> Vec<Posterior> {
    let mut out: Vec<Posterior> = evidence.iter().map(|ev| binary(rubric, ev)).collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ledger.questions.len()];
    for (ci, c) in ledger.claims.iter().enumerate() {
        if let Some(q) = c.question {
            members[q].push(ci);
        }
    }
    for (qi, answers) in members.iter().enumerate() {
        if answers.is_empty() {
            continue;
        }
        let q = &ledger.questions[qi];
        let k = answers.len() as f64;
        let pi = if q.exhaustive {
            1.0 / k
        } else {
            rubric.prior.min(1.0 / (k + 1.0))
        };
        let none_prior = if q.exhaustive {
            0.0
        } else {
            (1.0 - k * pi).max(0.0)
        };
        let total_weight: f64 = answers
            .iter()
            .map(|&ci| {
                evidence[ci].weight_of(Stance::Supports) + evidence[ci].weight_of(Stance::Refutes)
            })
            .sum();
        let strength = rubric.prior_weight + total_weight;
        let (probs, none_posterior, normaliser): (Vec<f64>, f64, f64) = match rubric.method {
            Method::LogOdds => {
                // Softmax in log space: terms ln π + E_i and ln(none prior).
                let mut terms: Vec<f64> = answers
                    .iter()
                    .map(|&ci| pi.ln() + evidence[ci].criteria().total())
                    .collect();
                if none_prior > 0.0 {
                    terms.push(none_prior.ln());
                }
                let m = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let lse = m + terms.iter().map(|t| (t - m).exp()).sum::<f64>().ln();
                let probs: Vec<f64> = terms.iter().map(|t| (t - lse).exp()).collect();
                let none = if none_prior > 0.0 {
                    probs[answers.len()]
                } else {
                    0.0
                };
                (probs[..answers.len()].to_vec(), none, lse.exp())
            }
            Method::SubjectiveLogic => {
                let categories = answers.len() + usize::from(none_prior > 0.0);
                let mut r = vec![0.0; categories];
                for (i, &ci) in answers.iter().enumerate() {
                    r[i] += evidence[ci].weight_of(Stance::Supports);
                    let against = evidence[ci].weight_of(Stance::Refutes);
                    if categories > 1 {
                        let share = against / (categories - 1) as f64;
                        for (j, rj) in r.iter_mut().enumerate() {
                            if j != i {
                                *rj += share;
                            }
                        }
                    }
                }
                let total: f64 = r.iter().sum();
                let n = total + rubric.prior_weight;
                let probs = (0..answers.len())
                    .map(|i| (r[i] + rubric.prior_weight * pi) / n)
                    .collect();
                let none = if none_prior > 0.0 {
                    (r[answers.len()] + rubric.prior_weight * none_prior) / n
                } else {
                    0.0
                };
                for (i, &ci) in answers.iter().enumerate() {
                    out[ci].aggregation.opinion = Some(Opinion {
                        belief: r[i] / n,
                        disbelief: (total - r[i]) / n,
                        uncertainty: rubric.prior_weight / n,
                        base_rate: pi,
                    });
                }
                (probs, none, n)
            }
        };
        for (i, &ci) in answers.iter().enumerate() {
            let post = &mut out[ci];
            post.probability = probs[i];
            post.aggregation.prior = pi;
            post.aggregation.log_odds = None;
            post.aggregation.interval_strength = strength;
            post.aggregation.question = Some(QuestionStep {
                question: q.id.clone(),
                answers: answers.len(),
                exhaustive: q.exhaustive,
                none_prior,
                none_posterior,
                normaliser,
            });
        }
    }
    out
}

/// The central `level` interval of Beta(pN, (1-p)N).
pub fn interval(p: f64, strength: f64, level: f64) -> Interval {
    let pc = p.clamp(1e-9, 1.0 - 1e-9);
    let n = strength.max(1e-9);
    let (lo_q, hi_q) = ((1.0 - level) / 2.0, (1.0 + level) / 2.0);
    let (low, high) = match Beta::new(pc * n, (1.0 - pc) * n) {
        Ok(b) => (
            b.try_inverse_cdf(lo_q).unwrap_or(p),
            b.try_inverse_cdf(hi_q).unwrap_or(p),
        ),
        Err(_) => (p, p),
    };
    Interval {
        low: low.min(p),
        high: high.max(p),
        level,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logit_and_sigmoid_are_inverse() {
        assert!((sigmoid(logit(0.2)) - 0.2).abs() < 1e-12);
        assert_eq!(sigmoid(0.0), 0.5);
        // sigmoid(1) = e/(1+e) = 0.7310585786300049
        assert!((sigmoid(1.0) - 0.731_058_578_630_004_9).abs() < 1e-15);
        assert!(sigmoid(-800.0) >= 0.0 && sigmoid(800.0) <= 1.0);
    }

    #[test]
    fn interval_of_a_uniform_prior_is_its_quantiles() {
        // p = 0.5, N = 2: Beta(1, 1) is uniform, so the 90% interval is [0.05, 0.95].
        let i = interval(0.5, 2.0, 0.9);
        assert!(
            (i.low - 0.05).abs() < 1e-9 && (i.high - 0.95).abs() < 1e-9,
            "{i:?}"
        );
    }

    #[test]
    fn interval_narrows_with_evidence() {
        let wide = interval(0.7, 3.0, 0.9);
        let narrow = interval(0.7, 30.0, 0.9);
        assert!(narrow.high - narrow.low < wide.high - wide.low);
        assert!(narrow.low <= 0.7 && 0.7 <= narrow.high);
    }
}
