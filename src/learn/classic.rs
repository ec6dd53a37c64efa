//! Sums, AverageLog, Investment and PooledInvestment (Pasternack & Roth, COLING 2010, "Knowing what
//! to believe (when you already know something)"), as fixed-point iterations of a source trust T and a
//! claim belief B over the source–claim graph. C(s) are the claims of source s, S(c) the sources of
//! claim c, M(c) the answers of c's question.
//!
//! - Sums (Kleinberg's hubs and authorities): T(s) = Σ_{c∈C(s)} B(c); B(c) = Σ_{s∈S(c)} T(s).
//!   B starts at 0.5.
//! - AverageLog: T(s) = ln|C(s)| · Σ_{c∈C(s)} B(c) / |C(s)|; B as Sums. B starts at 0.5.
//! - Investment: sources invest their trust evenly in their claims and are repaid in proportion to
//!   what they invested: T(s) = Σ_{c∈C(s)} B(c) · (T(s)/|C(s)|) / Σ_{r∈S(c)} (T(r)/|C(r)|);
//!   B(c) = (Σ_{s∈S(c)} T(s)/|C(s)|)^1.2. T starts at 1, B at the vote share.
//! - PooledInvestment: T as Investment; H(c) = Σ_{s∈S(c)} T(s)/|C(s)|,
//!   B(c) = H(c) · H(c)^1.4 / Σ_{d∈M(c)} H(d)^1.4 (mutually exclusive answers pool their returns).
//!   T starts at 1, B at 1/|M(c)|.
//!
//! After each iteration T and B are divided by their largest entry (the normalisation of the paper
//! and of the `truthdiscovery` package, where the exponents 1.2 and 1.4 are the defaults too).
//! Convergence: the largest change of the normalised T.

use super::{
    Graph, LearnMethod, Learned, Params, for_claims, for_question_blocks, for_sources, max_change,
    normalise_questions, scale_to_max, vote,
};

/// Pasternack & Roth's growth exponents.
pub const INVESTMENT_G: f64 = 1.2;
pub const POOLED_INVESTMENT_G: f64 = 1.4;

pub fn run(g: &Graph, p: &Params) -> Learned {
    let method = p.method;
    let ns = g.n_sources;
    let nc = g.n_claims();
    let degree: Vec<f64> = (0..ns).map(|s| g.source_degree(s) as f64).collect();
    let mut trust = match method {
        // Not used by the first update: NaN makes the first change infinite.
        LearnMethod::Sums | LearnMethod::AverageLog => vec![f64::NAN; ns],
        _ => vec![1.0; ns],
    };
    let mut belief = match method {
        LearnMethod::Sums | LearnMethod::AverageLog => vec![0.5; nc],
        LearnMethod::Investment => vote(g),
        _ => {
            let mut b = vec![1.0; nc];
            normalise_questions(g, &mut b);
            b
        }
    };
    let mut new_trust = vec![0.0; ns];
    let mut invested = vec![0.0; nc];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < p.cap() {
        iterations += 1;
        match method {
            LearnMethod::Sums => for_sources(g, &mut new_trust, |s| {
                g.source_claims(s).iter().map(|&c| belief[c as usize]).sum()
            }),
            LearnMethod::AverageLog => for_sources(g, &mut new_trust, |s| {
                let n = degree[s];
                if n == 0.0 {
                    return 0.0;
                }
                let sum: f64 = g.source_claims(s).iter().map(|&c| belief[c as usize]).sum();
                n.ln() * sum / n
            }),
            _ => {
                // What each claim received: Σ_{r∈S(c)} T(r)/|C(r)|.
                for_claims(g, &mut invested, |c| {
                    g.claim_sources(c)
                        .iter()
                        .map(|&s| trust[s as usize] / degree[s as usize])
                        .sum()
                });
                for_sources(g, &mut new_trust, |s| {
                    let share = trust[s] / degree[s];
                    g.source_claims(s)
                        .iter()
                        .map(|&c| {
                            let h = invested[c as usize];
                            if h > 0.0 {
                                belief[c as usize] * share / h
                            } else {
                                0.0
                            }
                        })
                        .sum()
                });
            }
        }
        match method {
            LearnMethod::Sums | LearnMethod::AverageLog => for_claims(g, &mut belief, |c| {
                g.claim_sources(c)
                    .iter()
                    .map(|&s| new_trust[s as usize])
                    .sum()
            }),
            LearnMethod::Investment => for_claims(g, &mut belief, |c| {
                let h: f64 = g
                    .claim_sources(c)
                    .iter()
                    .map(|&s| new_trust[s as usize] / degree[s as usize])
                    .sum();
                h.powf(INVESTMENT_G)
            }),
            _ => {
                for_claims(g, &mut belief, |c| {
                    g.claim_sources(c)
                        .iter()
                        .map(|&s| new_trust[s as usize] / degree[s as usize])
                        .sum()
                });
                for_question_blocks(g, &mut belief, |qs, base, out| {
                    for q in qs {
                        let r = g.question_claims(q);
                        let h = &mut out[r.start - base..r.end - base];
                        let pool: f64 = h.iter().map(|x| x.powf(POOLED_INVESTMENT_G)).sum();
                        for x in h.iter_mut() {
                            *x = if pool > 0.0 {
                                *x * x.powf(POOLED_INVESTMENT_G) / pool
                            } else {
                                0.0
                            };
                        }
                    }
                });
            }
        }
        scale_to_max(&mut new_trust);
        scale_to_max(&mut belief);
        let delta = max_change(&new_trust, &trust);
        std::mem::swap(&mut trust, &mut new_trust);
        if delta <= p.tolerance {
            converged = true;
            break;
        }
    }
    normalise_questions(g, &mut belief);
    Learned {
        method,
        iterations,
        converged,
        confidence: belief,
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

    fn p(method: LearnMethod, max_iterations: u32) -> Params {
        Params {
            method,
            max_iterations: Some(max_iterations),
            ..Params::default()
        }
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    }

    #[test]
    fn sums_first_iteration_by_hand() {
        // B = 0.5 everywhere. T = (1, 1, 1, 0.5) -> scaled (1, 1, 1, 0.5).
        // B(c0) = 1 + 1 + 0.5 = 2.5, B(c1) = 1, B(c2) = 0, B(c3) = 2, B(c4) = 1 -> scaled by 2.5.
        // Shares: q0 (1, 0.4, 0)/1.4; q1 (0.8, 0.4)/1.2.
        let l = run(&small(), &p(LearnMethod::Sums, 1));
        assert!(close(&l.trust, &[1.0, 1.0, 1.0, 0.5]), "{l:?}");
        assert!(close(
            &l.confidence,
            &[1.0 / 1.4, 0.4 / 1.4, 0.0, 0.8 / 1.2, 0.4 / 1.2]
        ));
    }

    #[test]
    fn average_log_gives_a_one_claim_source_no_trust() {
        // ln 1 = 0: s3 (one claim) gets trust 0; the others ln 2 · 1/2 each -> scaled to 1.
        let l = run(&small(), &p(LearnMethod::AverageLog, 1));
        assert!(close(&l.trust, &[1.0, 1.0, 1.0, 0.0]), "{l:?}");
        // B(c0) = 2, B(c1) = 1, B(c3) = 2, B(c4) = 1.
        assert!(close(
            &l.confidence,
            &[2.0 / 3.0, 1.0 / 3.0, 0.0, 2.0 / 3.0, 1.0 / 3.0]
        ));
    }

    #[test]
    fn investment_first_iteration_by_hand() {
        // T = 1, B = vote = (0.75, 0.25, 0, 2/3, 1/3). Investments T/|C|: (0.5, 0.5, 0.5, 1).
        // Received: c0 = 0.5 + 0.5 + 1 = 2, c1 = 0.5, c3 = 1, c4 = 0.5.
        // T(s0) = 0.5 (0.75/2 + (2/3)/1) = 0.5 (0.375 + 0.666..) = 0.5208333..; T(s1) the same;
        // T(s2) = 0.5 (0.25/0.5 + (1/3)/0.5) = 0.5833333..; T(s3) = 1 · 0.75/2 = 0.375.
        let l = run(&small(), &p(LearnMethod::Investment, 1));
        let t = [
            0.520_833_333_333_333_4,
            0.520_833_333_333_333_4,
            0.583_333_333_333_333_4,
            0.375,
        ];
        let m = 0.583_333_333_333_333_4;
        assert!(close(&l.trust, &t.map(|x| x / m)), "{l:?}");
        // B(c) = (Σ T(s)/|C(s)|)^1.2 with the unscaled T.
        let h = [
            t[0] / 2.0 + t[1] / 2.0 + t[3],
            t[2] / 2.0,
            0.0,
            t[0] / 2.0 + t[1] / 2.0,
            t[2] / 2.0,
        ];
        let b = h.map(|x: f64| x.powf(1.2));
        let want = [
            b[0] / (b[0] + b[1]),
            b[1] / (b[0] + b[1]),
            0.0,
            b[3] / (b[3] + b[4]),
            b[4] / (b[3] + b[4]),
        ];
        assert!(close(&l.confidence, &want), "{:?} {want:?}", l.confidence);
    }

    #[test]
    fn pooled_investment_first_iteration_by_hand() {
        // T = 1, B = 1/|M(c)|: (1/3, 1/3, 1/3, 1/2, 1/2). Investments T/|C|: (0.5, 0.5, 0.5, 1);
        // received: c0 = 2, c1 = 0.5, c3 = 1, c4 = 0.5.
        // T(s0) = T(s1) = 0.5 ((1/3)/2 + (1/2)/1) = 1/3; T(s2) = 0.5 ((1/3)/0.5 + (1/2)/0.5) = 5/6;
        // T(s3) = (1/3)/2 = 1/6; scaled by 5/6: (0.4, 0.4, 1, 0.2).
        // H(c) = Σ T(s)/|C(s)|: c0 = 1/2, c1 = 5/12, c2 = 0, c3 = 1/3, c4 = 5/12;
        // B(c) = H(c)^2.4 / Σ_{d∈M(c)} H(d)^1.4, so within a question the shares go as H^2.4.
        let l = run(&small(), &p(LearnMethod::PooledInvestment, 1));
        assert!(close(&l.trust, &[0.4, 0.4, 1.0, 0.2]), "{l:?}");
        let g = |x: f64| x.powf(2.4);
        let (a, b) = (g(0.5), g(5.0 / 12.0));
        let (c, d) = (g(1.0 / 3.0), g(5.0 / 12.0));
        assert!(close(
            &l.confidence,
            &[a / (a + b), b / (a + b), 0.0, c / (c + d), d / (c + d)]
        ));
    }

    #[test]
    fn pooled_investment_pools_within_a_question() {
        let g = small();
        let l = run(&g, &p(LearnMethod::PooledInvestment, 100));
        assert!(l.converged);
        assert_eq!(top_answer(&g, &l.confidence, 0), Some((0, 1)));
        assert_eq!(top_answer(&g, &l.confidence, 1), Some((3, 1)));
        let total: f64 = g.question_claims(0).map(|c| l.confidence[c]).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }

    #[test]
    fn every_method_handles_a_single_source_and_lone_answers() {
        // One source, two questions of one answer each.
        let g = Graph::new(1, vec![0, 1, 2], vec![(0, 0), (1, 0)]);
        for m in [
            LearnMethod::Sums,
            LearnMethod::AverageLog,
            LearnMethod::Investment,
            LearnMethod::PooledInvestment,
        ] {
            let l = run(&g, &p(m, 100));
            assert_eq!(l.confidence, vec![1.0, 1.0], "{m:?}");
            assert_eq!(l.trust, vec![1.0], "{m:?}");
            assert!(l.converged, "{m:?}");
        }
    }

    #[test]
    fn a_symmetric_split_is_a_tie_for_every_method() {
        let g = Graph::new(2, vec![0, 2], vec![(0, 0), (1, 1)]);
        for m in [
            LearnMethod::Sums,
            LearnMethod::AverageLog,
            LearnMethod::Investment,
            LearnMethod::PooledInvestment,
        ] {
            let l = run(&g, &p(m, 100));
            assert_eq!(top_answer(&g, &l.confidence, 0), Some((0, 2)), "{m:?}");
        }
    }
}
