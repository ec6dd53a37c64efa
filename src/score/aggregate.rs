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
//! Single-origin cap (optional, `[aggregation] single_origin_cap`): a claim whose support rests on
//! fewer than two effective independent origins (counted after dependence and correlation, see
//! [`engine`](super::engine)) gets at most the cap, however strong that one origin is. For an
//! answer of a question that is not exhaustive, the mass removed goes to "none of these"; answers of
//! an exhaustive question are not capped (they must sum to 1).
//!
//! The interval is the central `interval` mass of Beta(pN, (1-p)N), N = W + the evidence behind the
//! claim (for an answer: behind its question). For subjective logic this is exactly the opinion's Beta
//! (α = r + W a, β = s + W (1 - a)); for log-odds it is the Beta with the same mean and strength.

use super::evidence::ClaimEvidence;
use super::sl::Opinion;
use super::{Aggregation, Interval, QuestionStep};
use crate::ledger::Ledger;
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

/// The fused opinion of a claim's origins. Each origin is an opinion from evidence (r = its weight
/// if it is for the claim, s if against), and cumulative fusion of such opinions adds their
/// evidence, so the fused opinion is the one from the summed evidence.
pub fn fuse(ev: &ClaimEvidence, w: f64, base_rate: f64) -> Opinion {
    Opinion::from_evidence(
        ev.summary.evidence_for,
        ev.summary.evidence_against,
        w,
        base_rate,
    )
}

/// The cap that applies to this claim's probability, if any: fewer than two effective independent
/// supporting origins.
fn cap_for(rubric: &Rubric, ev: &ClaimEvidence) -> Option<f64> {
    rubric
        .single_origin_cap
        .filter(|_| ev.summary.effective_for < 2.0 - 1e-9)
}

fn binary(rubric: &Rubric, ev: &ClaimEvidence) -> Posterior {
    let e = ev.criteria().total();
    let (ef, ea) = (ev.summary.evidence_for, ev.summary.evidence_against);
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
        uncapped: None,
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
    let p = match cap_for(rubric, ev) {
        Some(cap) if p > cap => {
            agg.uncapped = Some(p);
            cap
        }
        _ => p,
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
        let evs: Vec<&ClaimEvidence> = answers.iter().map(|&ci| &evidence[ci]).collect();
        for (&ci, post) in
            answers
                .iter()
                .zip(question_posteriors(rubric, &ledger.questions[qi], &evs))
        {
            out[ci] = post;
        }
    }
    out
}

/// The posterior of a claim outside any question.
pub fn claim_posterior(rubric: &Rubric, ev: &ClaimEvidence) -> Posterior {
    binary(rubric, ev)
}

/// The posteriors of the answers of question `q`, from their evidence (in the same order).
pub fn question_posteriors(
    rubric: &Rubric,
    q: &crate::ledger::Question,
    evs: &[&ClaimEvidence],
) -> Vec<Posterior> {
    let mut out: Vec<Posterior> = evs.iter().map(|ev| binary(rubric, ev)).collect();
    let n_answers = evs.len();
    let k = n_answers as f64;
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
    let total_weight: f64 = evs
        .iter()
        .map(|ev| ev.summary.evidence_for + ev.summary.evidence_against)
        .sum();
    let strength = rubric.prior_weight + total_weight;
    let (probs, none_posterior, normaliser): (Vec<f64>, f64, f64) = match rubric.method {
        Method::LogOdds => {
            // Softmax in log space: terms ln π + E_i and ln(none prior).
            let mut terms: Vec<f64> = evs
                .iter()
                .map(|ev| pi.ln() + ev.criteria().total())
                .collect();
            if none_prior > 0.0 {
                terms.push(none_prior.ln());
            }
            let m = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lse = m + terms.iter().map(|t| (t - m).exp()).sum::<f64>().ln();
            let probs: Vec<f64> = terms.iter().map(|t| (t - lse).exp()).collect();
            let none = if none_prior > 0.0 {
                probs[n_answers]
            } else {
                0.0
            };
            (probs[..n_answers].to_vec(), none, lse.exp())
        }
        Method::SubjectiveLogic => {
            // Categories: the answers and, unless exhaustive, "none". Evidence against an answer
            // is spread evenly over the other categories: r_j = for_j + (A - against_j) / (C - 1),
            // A the evidence against all answers (linear in the answers, not quadratic).
            let categories = n_answers + usize::from(none_prior > 0.0);
            let against_all: f64 = evs.iter().map(|ev| ev.summary.evidence_against).sum();
            let spread = |against_j: f64| {
                if categories > 1 {
                    (against_all - against_j) / (categories - 1) as f64
                } else {
                    0.0
                }
            };
            let mut r: Vec<f64> = evs
                .iter()
                .map(|ev| ev.summary.evidence_for + spread(ev.summary.evidence_against))
                .collect();
            if none_prior > 0.0 {
                r.push(spread(0.0));
            }
            let total: f64 = r.iter().sum();
            let n = total + rubric.prior_weight;
            let probs = (0..n_answers)
                .map(|i| (r[i] + rubric.prior_weight * pi) / n)
                .collect();
            let none = if none_prior > 0.0 {
                (r[n_answers] + rubric.prior_weight * none_prior) / n
            } else {
                0.0
            };
            for (i, post) in out.iter_mut().enumerate() {
                post.aggregation.opinion = Some(Opinion {
                    belief: r[i] / n,
                    disbelief: (total - r[i]) / n,
                    uncertainty: rubric.prior_weight / n,
                    base_rate: pi,
                });
            }
            (probs, none, n)
        }
    };
    let mut probs = probs;
    let mut none_posterior = none_posterior;
    let mut uncapped = vec![None; n_answers];
    if !q.exhaustive {
        for (i, ev) in evs.iter().enumerate() {
            if let Some(cap) = cap_for(rubric, ev)
                && probs[i] > cap
            {
                uncapped[i] = Some(probs[i]);
                none_posterior += probs[i] - cap;
                probs[i] = cap;
            }
        }
    }
    for (i, post) in out.iter_mut().enumerate() {
        post.probability = probs[i].clamp(0.0, 1.0);
        post.aggregation.uncapped = uncapped[i];
        post.aggregation.prior = pi;
        post.aggregation.log_odds = None;
        post.aggregation.interval_strength = strength;
        post.aggregation.question = Some(QuestionStep {
            question: q.id.clone(),
            answers: n_answers,
            exhaustive: q.exhaustive,
            none_prior,
            none_posterior: none_posterior.clamp(0.0, 1.0),
            normaliser,
        });
    }
    out
}

/// The central `level` interval of Beta(pN, (1-p)N).
pub fn interval(p: f64, strength: f64, level: f64) -> Interval {
    let pc = p.clamp(1e-9, 1.0 - 1e-9);
    let n = strength.max(1e-9);
    // Bounded in time for any strength (see `beta`).
    let (low, high) = super::beta::central(pc * n, (1.0 - pc) * n, level);
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

    mod cap {
        use crate::error::SourceText;
        use crate::ledger::{Ledger, parse_ledgers};
        use crate::rubric::Rubric;
        use crate::score::score;

        const SOURCES: &str = r#"
[[sources]]
id = "a"
name = "A, a ministry"
kind = "government"
organisation = "x"
government = "g"
[[sources]]
id = "b"
name = "B, the same ministry"
kind = "government"
organisation = "x"
government = "g"
[[sources]]
id = "c"
name = "C, a newspaper"
kind = "newspaper"
organisation = "y"
[[questions]]
id = "q"
text = "Which?"
[[claims]]
id = "c1"
statement = "One"
[[claims]]
id = "a1"
statement = "Answer one"
question = "q"
[[claims]]
id = "a2"
statement = "Answer two"
question = "q"
"#;

        fn ledger(reports: &[(&str, &str, &str)]) -> Ledger {
            let mut t = SOURCES.to_string();
            for (id, claim, source) in reports {
                t.push_str(&format!(
                    "[[reports]]\nid = \"{id}\"\nclaim = \"{claim}\"\nsource = \"{source}\"\nstance = \"supports\"\nstated = \"2024-01-01\"\n"
                ));
            }
            parse_ledgers(&[SourceText::new("t.toml", t)]).unwrap()
        }

        fn capped(cap: f64) -> Rubric {
            Rubric {
                single_origin_cap: Some(cap),
                ..Rubric::default_rubric()
            }
        }

        fn p(l: &Ledger, r: &Rubric, id: &str) -> (f64, Option<f64>) {
            let case = score(l, r, None);
            let c = case.claim(id).unwrap();
            (c.confidence, c.aggregation.uncapped)
        }

        #[test]
        fn one_origin_is_capped() {
            // Official, unverified, unhedged: ln 4 nats; sigmoid(ln 4) = 0.8.
            let l = ledger(&[("r1", "c1", "a")]);
            let (p0, u0) = p(&l, &Rubric::default_rubric(), "c1");
            assert!((p0 - 0.8).abs() < 1e-12 && u0.is_none());
            let (p1, u1) = p(&l, &capped(0.7), "c1");
            assert_eq!(p1, 0.7);
            assert_eq!(u1, Some(p0));
            // A cap above the probability changes nothing.
            assert_eq!(p(&l, &capped(0.9), "c1"), (p0, None));
        }

        #[test]
        fn a_dependent_second_origin_does_not_lift_the_cap() {
            // b is discounted as the same organisation as a: still one independent voice.
            let l = ledger(&[("r1", "c1", "a"), ("r2", "c1", "b")]);
            assert_eq!(p(&l, &capped(0.7), "c1").0, 0.7);
            // An independent newspaper lifts it: odds 4 x 0.65/0.35 = 52/7, p = 52/59.
            let l = ledger(&[("r1", "c1", "a"), ("r2", "c1", "c")]);
            let (p2, u2) = p(&l, &capped(0.7), "c1");
            assert!((p2 - 52.0 / 59.0).abs() < 1e-12 && u2.is_none(), "{p2}");
        }

        #[test]
        fn a_capped_answer_gives_its_excess_to_none_of_these() {
            let l = ledger(&[("r1", "a1", "a"), ("r2", "a1", "c")]);
            let free = score(&l, &Rubric::default_rubric(), None);
            let l1 = ledger(&[("r1", "a1", "a")]);
            let case = score(&l1, &capped(0.4), None);
            let a1 = case.claim("a1").unwrap();
            assert_eq!(a1.confidence, 0.4);
            let step = a1.aggregation.question.as_ref().unwrap();
            let a2 = case.claim("a2").unwrap().confidence;
            assert!((a1.confidence + a2 + step.none_posterior - 1.0).abs() < 1e-12);
            // Two independent origins: not capped.
            let lifted = score(&l, &capped(0.4), None);
            assert_eq!(
                lifted.claim("a1").unwrap().confidence,
                free.claim("a1").unwrap().confidence
            );
        }
    }

    #[test]
    fn interval_narrows_with_evidence() {
        let wide = interval(0.7, 3.0, 0.9);
        let narrow = interval(0.7, 30.0, 0.9);
        assert!(narrow.high - narrow.low < wide.high - wide.low);
        assert!(narrow.low <= 0.7 && 0.7 <= narrow.high);
    }
}
