//! TruthFinder (Yin, Han & Yu, "Truth discovery with multiple conflicting information providers on
//! the web", KDD 2007; TKDE 2008).
//!
//! Source trust t(s) starts at 0.9. Each iteration:
//!     τ(s)  = −ln(1 − t(s))                                  (trust score)
//!     σ(c)  = Σ_{s∈S(c)} τ(s)                                 (confidence score)
//!     σ*(c) = σ(c) + ρ Σ_{d∈M(c), d≠c} σ(d) · imp(d → c)      (influence of the other answers)
//!     s(c)  = 1 / (1 + exp(−γ σ*(c)))                        (dampened confidence)
//!     t(s)  = mean of s(c) over the claims of s
//! with the paper's ρ = 0.5, γ = 0.3, and imp(d → c) = sim(d, c) − base_sim = −0.5 for every pair of
//! competing answers (no similarity between answers is assumed; base_sim = 0.5 as in the paper), so
//! the sum over the other answers is one pass per question: Σ_{d≠c} σ(d) = Σ_d σ(d) − σ(c).
//! Convergence: the largest change of t.

use super::{
    Graph, LearnMethod, Learned, Params, for_claims, for_question_blocks, for_sources, max_change,
    normalise_questions,
};

pub const INITIAL_TRUST: f64 = 0.9;
pub const RHO: f64 = 0.5;
pub const GAMMA: f64 = 0.3;
pub const IMPLICATION: f64 = -0.5;
/// t(s) is kept below 1 so that τ(s) stays finite.
const MAX_TRUST: f64 = 1.0 - 1e-12;

pub fn truthfinder(g: &Graph, p: &Params) -> Learned {
    let ns = g.n_sources;
    let mut trust = vec![INITIAL_TRUST; ns];
    let mut tau = vec![0.0; ns];
    let mut conf = vec![0.0; g.n_claims()];
    let mut new_trust = vec![0.0; ns];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < p.cap() {
        iterations += 1;
        for (x, &t) in tau.iter_mut().zip(&trust) {
            *x = -(1.0 - t.min(MAX_TRUST)).ln();
        }
        for_claims(g, &mut conf, |c| {
            g.claim_sources(c).iter().map(|&s| tau[s as usize]).sum()
        });
        for_question_blocks(g, &mut conf, |qs, base, out| {
            for q in qs {
                let r = g.question_claims(q);
                let sig = &mut out[r.start - base..r.end - base];
                let total: f64 = sig.iter().sum();
                for x in sig.iter_mut() {
                    let adjusted = *x + RHO * IMPLICATION * (total - *x);
                    *x = 1.0 / (1.0 + (-GAMMA * adjusted).exp());
                }
            }
        });
        for_sources(g, &mut new_trust, |s| {
            let claims = g.source_claims(s);
            if claims.is_empty() {
                return INITIAL_TRUST;
            }
            claims.iter().map(|&c| conf[c as usize]).sum::<f64>() / claims.len() as f64
        });
        let delta = max_change(&new_trust, &trust);
        std::mem::swap(&mut trust, &mut new_trust);
        if delta <= p.tolerance {
            converged = true;
            break;
        }
    }
    normalise_questions(g, &mut conf);
    Learned {
        method: LearnMethod::Truthfinder,
        iterations,
        converged,
        confidence: conf,
        trust,
        correct: None,
        bayes: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::tests::small;
    use crate::learn::top_answer;

    fn p(max_iterations: u32) -> Params {
        Params {
            method: LearnMethod::Truthfinder,
            max_iterations: Some(max_iterations),
            ..Params::default()
        }
    }

    #[test]
    fn first_iteration_by_hand() {
        // τ = −ln(0.1) = ln 10 for every source.
        // q0: σ = (3 ln10, ln10, 0), total 4 ln10; σ*(c0) = 3 ln10 − 0.25 · ln10 = 2.75 ln10,
        // σ*(c1) = ln10 − 0.75 ln10 = 0.25 ln10, σ*(c2) = −ln10.
        // q1: σ = (2 ln10, ln10); σ*(c3) = 1.75 ln10, σ*(c4) = 0.5 ln10.
        let l = truthfinder(&small(), &p(1));
        let ln10 = 10f64.ln();
        let s = |x: f64| 1.0 / (1.0 + (-0.3 * x * ln10).exp());
        let raw = [s(2.75), s(0.25), s(-1.0), s(1.75), s(0.5)];
        let t0 = (raw[0] + raw[3]) / 2.0;
        assert!((l.trust[0] - t0).abs() < 1e-12, "{l:?}");
        assert!((l.trust[3] - raw[0]).abs() < 1e-12);
        let z0 = raw[0] + raw[1] + raw[2];
        assert!((l.confidence[1] - raw[1] / z0).abs() < 1e-12);
    }

    #[test]
    fn converges_to_the_agreeing_sources() {
        let g = small();
        let l = truthfinder(&g, &p(100));
        assert!(l.converged);
        assert_eq!(top_answer(&g, &l.confidence, 0), Some((0, 1)));
        assert!(l.trust[0] > l.trust[2]);
    }

    #[test]
    fn a_single_source_with_one_answer() {
        let g = Graph::new(1, vec![0, 1], vec![(0, 0)]);
        let l = truthfinder(&g, &p(100));
        assert_eq!(l.confidence, vec![1.0]);
        assert!(l.converged);
        assert!(l.trust[0] > 0.5 && l.trust[0] < 1.0);
    }

    #[test]
    fn a_symmetric_split_is_a_tie() {
        let g = Graph::new(2, vec![0, 2], vec![(0, 0), (1, 1)]);
        let l = truthfinder(&g, &p(100));
        assert_eq!(top_answer(&g, &l.confidence, 0), Some((0, 2)));
    }
}
