//! EM for a one-coin Dawid–Skene model with a Beta prior on each source's accuracy.
//!
//! The model: every question has one true value, uniform over its k possible values; source s tells
//! the truth with probability a_s and otherwise names one of the k − 1 wrong values uniformly
//! (Dawid & Skene 1979, with one accuracy per source instead of a confusion matrix; Karger, Oh &
//! Shah 2011). Each a_s has a Beta(prior_a, prior_b) prior (Raykar et al., JMLR 2010), so a source
//! with few claims stays near the prior's mode instead of jumping to 0 or 1.
//!
//! k is the number of answers observed for the question, or `alternatives` if larger (values nobody
//! asserted). Dividing the likelihood of each candidate truth t by the likelihood that every
//! assertion is wrong leaves
//!     P(t | data) ∝ exp( Σ_{s asserting t} w_s ),  w_s = ln(a_s / (1 − a_s)) + ln(k − 1),
//! a softmax over the answers, with weight exp(0) = 1 for each unobserved value (E-step). The M-step
//! is the MAP estimate a_s = (C_s + prior_a − 1) / (n_s + prior_a + prior_b − 2), with n_s the
//! source's claims and C_s the sum of their posteriors. EM starts from the majority vote's shares and
//! alternates M and E steps until no a_s moves by more than `tolerance`.
//!
//! Each E-step and M-step is one pass over the (source, claim) pairs; nothing is quadratic.

use rayon::prelude::*;

use super::{
    Graph, LearnMethod, Learned, Params, add_to_sources, max_change, parallel, question_blocks,
    question_spans, scatter_sums, source_sums, total_sums, vote,
};

/// Accuracies are kept in [ACCURACY_FLOOR, 1 − ACCURACY_FLOOR] so that every weight is finite
/// (|w| ≤ ln(1e6) ≈ 13.8 nats).
pub const ACCURACY_FLOOR: f64 = 1e-6;

/// M-step: the MAP accuracy of every source given `correct`, the sum of the posteriors of its
/// claims.
pub fn m_step(g: &Graph, correct: &[f64], a: f64, b: f64, acc: &mut [f64]) {
    for (s, x) in acc.iter_mut().enumerate() {
        let n = g.source_degree(s) as f64;
        let denom = n + a + b - 2.0;
        let v = if denom > 0.0 {
            (correct[s] + a - 1.0) / denom
        } else {
            a / (a + b)
        };
        *x = v.clamp(ACCURACY_FLOOR, 1.0 - ACCURACY_FLOOR);
    }
}

/// What the E-step needs about the sources: their log-odds, their odds, and ln(k − 1) for small k.
struct Weights<'a> {
    logit: &'a [f64],
    odds: Vec<f64>,
    /// odds_s · (k − 1) for the most common k, `alternatives` (when it is at least 2).
    scaled: Vec<f64>,
    ln_km1: Vec<f64>,
}

/// |ln odds| of any source: accuracies are kept within [ACCURACY_FLOOR, 1 − ACCURACY_FLOOR].
const MAX_LN_ODDS: f64 = 13.816;
/// Products of odds are used while their logarithm stays within ±this (f64 reaches e^±708).
const SAFE_LN: f64 = 600.0;

/// The posteriors of the answers of question `q` (written to `slot`). A claim's weight is
/// exp(Σ logit_s + d·ln(k − 1)) over its d sources: computed as the product Π (odds_s · (k − 1)) when
/// no product can overflow or underflow, otherwise in log space, shifted by the largest exponent.
fn question_posteriors(g: &Graph, q: usize, w: &Weights, alternatives: u32, slot: &mut [f64]) {
    let r = g.question_claims(q);
    let m = r.len();
    let k = m.max(alternatives as usize);
    if k <= 1 {
        // One possible value: it is the truth.
        slot.iter_mut().for_each(|x| *x = 1.0);
        return;
    }
    let lk = match w.ln_km1.get(k) {
        Some(&l) => l,
        None => ((k - 1) as f64).ln(),
    };
    let unobserved = (k - m) as f64;
    let widest = r.clone().map(|c| g.claim_degree(c)).max().unwrap_or(0);
    if widest as f64 * (MAX_LN_ODDS + lk) <= SAFE_LN {
        // odds_s · (k − 1), from the table made for the usual k.
        let (table, factor) = if k == alternatives as usize {
            (&w.scaled, 1.0)
        } else {
            (&w.odds, (k - 1) as f64)
        };
        let mut total = unobserved;
        for (x, c) in slot.iter_mut().zip(r) {
            *x = g
                .claim_sources(c)
                .iter()
                .map(|&s| table[s as usize] * factor)
                .product();
            total += *x;
        }
        let inverse = 1.0 / total;
        slot.iter_mut().for_each(|x| *x *= inverse);
        return;
    }
    for (x, c) in slot.iter_mut().zip(r) {
        let sources = g.claim_sources(c);
        let total: f64 = sources.iter().map(|&s| w.logit[s as usize]).sum();
        *x = total + sources.len() as f64 * lk;
    }
    let mut top = slot.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if unobserved > 0.0 {
        top = top.max(0.0);
    }
    let mut total = unobserved * (-top).exp();
    for x in slot.iter_mut() {
        *x = (*x - top).exp();
        total += *x;
    }
    slot.iter_mut().for_each(|x| *x /= total);
}

/// Whether bit `i` of `bits` is set.
pub(crate) fn bit(bits: &[u64], i: usize) -> bool {
    (bits[i >> 6] >> (i & 63)) & 1 == 1
}

/// A bit set with bits `at` set, for positions below `len`.
pub(crate) fn bit_set(len: usize, at: impl Iterator<Item = usize>) -> Vec<u64> {
    let mut bits = vec![0u64; len.div_ceil(64)];
    for i in at {
        bits[i >> 6] |= 1 << (i & 63);
    }
    bits
}

/// What the flat E-step needs, made once per run. The flat E-step weighs every claim by walking
/// the (claim, source) pairs in order with no branch on where a claim or a question ends (those
/// ends are read from bit sets): a loop per claim mispredicts its exit about once per claim, which
/// cost more than the arithmetic.
pub(crate) struct Flat {
    /// Bit e: pair e (a position in `c_src`) is its claim's first.
    claim_starts: Vec<u64>,
    /// Bit c: claim c is its question's first answer.
    question_starts: Vec<u64>,
    /// Questions the flat pass does not weigh, ascending: more answers than `alternatives`, or a claim
    /// with so many sources that a product of odds could overflow. [`question_posteriors`] weighs
    /// them.
    exceptions: Vec<u32>,
}

impl Flat {
    /// `None` when the flat pass does not apply: fewer than two alternatives (each question's k is
    /// then its own number of answers), or a claim without sources, or a question without answers.
    pub(crate) fn new(g: &Graph, alternatives: u32) -> Option<Flat> {
        if alternatives < 2
            || (0..g.n_claims())
                .into_par_iter()
                .any(|c| g.claim_degree(c) == 0)
            || (0..g.n_questions())
                .into_par_iter()
                .any(|q| g.question_claims(q).is_empty())
        {
            return None;
        }
        let lk = f64::from(alternatives - 1).ln();
        let exceptions = (0..g.n_questions())
            .into_par_iter()
            .filter(|&q| {
                let r = g.question_claims(q);
                let widest = r.clone().map(|c| g.claim_degree(c)).max().unwrap_or(0);
                r.len() > alternatives as usize || widest as f64 * (MAX_LN_ODDS + lk) > SAFE_LN
            })
            .map(|q| q as u32)
            .collect();
        let (claim_starts, question_starts) = rayon::join(
            || bit_set(g.n_edges(), (0..g.n_claims()).map(|c| g.c_ptr[c] as usize)),
            || {
                bit_set(
                    g.n_claims(),
                    (0..g.n_questions()).map(|q| g.q_ptr[q] as usize),
                )
            },
        );
        Some(Flat {
            claim_starts,
            question_starts,
            exceptions,
        })
    }
}

/// The posteriors of the answers of questions `qs` (written to `out`, their claims), as
/// [`question_posteriors`] computes them, with the same operations in the same order: each claim's
/// product of scaled odds, each question's total (starting from its unobserved values), one
/// division per question.
fn flat_posteriors(
    g: &Graph,
    flat: &Flat,
    qs: std::ops::Range<usize>,
    w: &Weights,
    alternatives: u32,
    out: &mut [f64],
) {
    let c0 = g.q_ptr[qs.start] as usize;
    let claims = c0..c0 + out.len();
    let pairs = g.c_ptr[c0] as usize..g.c_ptr[claims.end] as usize;
    // Products, multiplied in place (a running product would need a select per pair, which the
    // compiler turns back into a branch). `c` and `q` count the claims and questions started so
    // far, from −1; an iterator adapter doing the counting made the E-step 8% slower.
    out.iter_mut().for_each(|x| *x = 1.0);
    let mut c = usize::MAX;
    for (e, &s) in pairs.clone().zip(&g.c_src[pairs]) {
        c = c.wrapping_add(usize::from(bit(&flat.claim_starts, e)));
        out[c] *= w.scaled[s as usize];
    }
    // Totals, from each question's unobserved values (k − m), then their inverses.
    let mut totals: Vec<f64> = qs
        .clone()
        .map(|q| f64::from(alternatives.saturating_sub(g.q_ptr[q + 1] - g.q_ptr[q])))
        .collect();
    let mut q = usize::MAX;
    for (i, &x) in claims.clone().zip(out.iter()) {
        q = q.wrapping_add(usize::from(bit(&flat.question_starts, i)));
        totals[q] += x;
    }
    totals.iter_mut().for_each(|t| *t = 1.0 / *t);
    let mut q = usize::MAX;
    for (i, x) in claims.zip(out.iter_mut()) {
        q = q.wrapping_add(usize::from(bit(&flat.question_starts, i)));
        *x *= totals[q];
    }
    // The questions the products do not fit.
    let ex = &flat.exceptions;
    let lo = ex.partition_point(|&x| (x as usize) < qs.start);
    let hi = ex.partition_point(|&x| (x as usize) < qs.end);
    for &q in &ex[lo..hi] {
        let r = g.question_claims(q as usize);
        question_posteriors(
            g,
            q as usize,
            w,
            alternatives,
            &mut out[r.start - c0..r.end - c0],
        );
    }
}

/// Adds each claim's `values` entry to its sources' sums, for the claims from `c0` on that
/// `values` holds, walking the pairs in order as [`flat_posteriors`] does.
/// `claim_starts` has bit e set where pair e is its claim's first ([`Flat::claim_starts`]).
pub(crate) fn flat_add_to_sources(
    g: &Graph,
    claim_starts: &[u64],
    c0: usize,
    values: &[f64],
    sums: &mut [f64],
) {
    let pairs = g.c_ptr[c0] as usize..g.c_ptr[c0 + values.len()] as usize;
    let mut c = usize::MAX;
    for (e, &s) in pairs.clone().zip(&g.c_src[pairs]) {
        c = c.wrapping_add(usize::from(bit(claim_starts, e)));
        sums[s as usize] += values[c];
    }
}

/// E-step: every claim's posterior probability of being its question's true answer, given the
/// sources' log-odds of accuracy `logit[s] = ln(a_s / (1 − a_s))`. Returns each source's sum of the
/// new posteriors over its claims (the next M-step's input), added up in the same pass when the
/// sources are few (see [`super::scatter_sums`]). With `flat` (from [`Flat::new`] for this graph
/// and `alternatives`), the same numbers are computed by the flat passes.
pub(crate) fn e_step(
    g: &Graph,
    logit: &[f64],
    alternatives: u32,
    flat: Option<&Flat>,
    post: &mut [f64],
) -> Vec<f64> {
    let odds: Vec<f64> = logit.iter().map(|l| l.exp()).collect();
    let base = f64::from(alternatives.max(2) - 1);
    let w = Weights {
        logit,
        scaled: odds.iter().map(|o| o * base).collect(),
        odds,
        ln_km1: (0..64).map(|k| (f64::from(k) - 1.0).ln()).collect(),
    };
    let blocks = question_blocks(g, post);
    let scatter = scatter_sums(g, blocks.len());
    let run = |(qs, base, out): (std::ops::Range<usize>, usize, &mut [f64])| {
        let mut sums = if scatter {
            vec![0.0; g.n_sources]
        } else {
            Vec::new()
        };
        if let Some(flat) = flat {
            flat_posteriors(g, flat, qs, &w, alternatives, out);
            if scatter {
                flat_add_to_sources(g, &flat.claim_starts, base, out, &mut sums);
            }
            return sums;
        }
        for q in qs {
            let r = g.question_claims(q);
            let slot = &mut out[r.start - base..r.end - base];
            question_posteriors(g, q, &w, alternatives, slot);
            if scatter {
                add_to_sources(g, r, slot, &mut sums);
            }
        }
        sums
    };
    let parts: Vec<Vec<f64>> = if parallel(g) {
        blocks.into_par_iter().map(run).collect()
    } else {
        blocks.into_iter().map(run).collect()
    };
    if scatter {
        total_sums(g.n_sources, parts)
    } else {
        source_sums(g, post)
    }
}

/// Each source's sum of `values` over its claims, as [`source_sums`] gives it, by the flat walk
/// over blocks of questions when the sources are few enough for a sum per block (a loop per claim
/// mispredicts its exit about once per claim).
fn flat_source_sums(g: &Graph, flat: &Flat, values: &[f64]) -> Vec<f64> {
    let blocks: Vec<(usize, usize)> = question_spans(g)
        .into_iter()
        .map(|qs| (g.q_ptr[qs.start] as usize, g.q_ptr[qs.end] as usize))
        .collect();
    if !scatter_sums(g, blocks.len()) {
        return source_sums(g, values);
    }
    let run = |&(c0, c1): &(usize, usize)| {
        let mut sums = vec![0.0; g.n_sources];
        flat_add_to_sources(g, &flat.claim_starts, c0, &values[c0..c1], &mut sums);
        sums
    };
    let parts: Vec<Vec<f64>> = if parallel(g) {
        blocks.par_iter().map(run).collect()
    } else {
        blocks.iter().map(run).collect()
    };
    total_sums(g.n_sources, parts)
}

pub fn em(g: &Graph, p: &Params) -> Learned {
    let flat = Flat::new(g, p.alternatives);
    let mut post = vote(g);
    let mut correct = match &flat {
        Some(f) => flat_source_sums(g, f, &post),
        None => source_sums(g, &post),
    };
    let mut acc = vec![f64::NAN; g.n_sources];
    let mut next = vec![0.0; g.n_sources];
    let mut logit = vec![0.0; g.n_sources];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < p.cap() {
        iterations += 1;
        m_step(g, &correct, p.prior_a, p.prior_b, &mut next);
        let delta = max_change(&next, &acc);
        std::mem::swap(&mut acc, &mut next);
        for (w, &a) in logit.iter_mut().zip(&acc) {
            *w = (a / (1.0 - a)).ln();
        }
        correct = e_step(g, &logit, p.alternatives, flat.as_ref(), &mut post);
        if delta <= p.tolerance {
            converged = true;
            break;
        }
    }
    Learned {
        method: LearnMethod::Em,
        iterations,
        converged,
        confidence: post,
        trust: acc,
        correct: Some(correct),
        bayes: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::tests::small;
    use crate::learn::{Accuracy, GoldAnswer, accuracy, source_reliability, top_answer};

    fn params() -> Params {
        Params::default()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn one_step_by_hand() {
        // From the vote [0.75, 0.25, 0, 2/3, 1/3], Beta(2, 2):
        // a0 = a1 = (0.75 + 2/3 + 1)/(2 + 2) = 0.6041666..., a2 = (0.25 + 1/3 + 1)/4 = 0.3958333...,
        // a3 = (0.75 + 1)/(1 + 2) = 0.5833333...
        // q0 (k = 3, ln 2 per assertion): score(c0) = 2 logit(a0) + logit(a3) + 3 ln 2,
        // score(c1) = logit(a2) + ln 2, score(c2) = 0; q1 (k = 2): score(c3) = 2 logit(a0),
        // score(c4) = logit(a2).
        let g = small();
        let l = em(
            &g,
            &Params {
                max_iterations: Some(1),
                ..params()
            },
        );
        let (a0, a2, a3) = (0.75 + 2.0 / 3.0 + 1.0, 0.25 + 1.0 / 3.0 + 1.0, 1.75);
        let (a0, a2, a3) = (a0 / 4.0, a2 / 4.0, a3 / 3.0);
        assert!(close(l.trust[0], a0) && close(l.trust[1], a0));
        assert!(close(l.trust[2], a2) && close(l.trust[3], a3));
        let lg = |a: f64| (a / (1.0 - a)).ln();
        let ln2 = 2f64.ln();
        let s = [2.0 * lg(a0) + lg(a3) + 3.0 * ln2, lg(a2) + ln2, 0.0];
        let z: f64 = s.iter().map(|x| x.exp()).sum();
        for (i, x) in s.iter().enumerate() {
            assert!(close(l.confidence[i], x.exp() / z), "{i}: {l:?}");
        }
        let (t3, t4) = ((2.0 * lg(a0)).exp(), lg(a2).exp());
        assert!(close(l.confidence[3], t3 / (t3 + t4)));
        assert!(close(l.confidence[4], t4 / (t3 + t4)));
        assert_eq!(l.iterations, 1);
        assert!(!l.converged);
    }

    #[test]
    fn converges_and_keeps_each_question_a_distribution() {
        let g = small();
        let l = em(&g, &params());
        assert!(l.converged, "{l:?}");
        for q in 0..g.n_questions() {
            let total: f64 = g.question_claims(q).map(|c| l.confidence[c]).sum();
            assert!(close(total, 1.0));
        }
        // The two agreeing sources win both questions.
        assert_eq!(top_answer(&g, &l.confidence, 0), Some((0, 1)));
        assert_eq!(top_answer(&g, &l.confidence, 1), Some((3, 1)));
        assert!(l.trust[0] > 0.5 && l.trust[2] < 0.5);
    }

    #[test]
    fn a_question_with_one_answer_is_certain_and_credits_its_source() {
        // One source, one question, one answer: posterior 1; a = (1 + 2 − 1)/(1 + 2 + 2 − 2) = 2/3.
        let g = Graph::new(1, vec![0, 1], vec![(0, 0)]);
        let l = em(&g, &params());
        assert_eq!(l.confidence, vec![1.0]);
        assert!(close(l.trust[0], 2.0 / 3.0));
        // Second iteration changes nothing: converged after 2.
        assert_eq!((l.iterations, l.converged), (2, true));
        let r = source_reliability(&g, &l, &params(), 0.9);
        assert_eq!(r[0].claims, 1);
        assert!(close(r[0].correct, 1.0));
        // Beta(3, 2): the interval contains the MAP estimate 2/3.
        assert!(r[0].low < 2.0 / 3.0 && 2.0 / 3.0 < r[0].high);
    }

    #[test]
    fn unobserved_alternatives_keep_a_lone_answer_uncertain() {
        // With 4 possible values and one source of accuracy a = 2/3 naming one:
        // P = e^w / (e^w + 3), w = ln(2) + ln(3) = ln 6, so P = 6/9 = 2/3 (the source's accuracy).
        let g = Graph::new(1, vec![0, 1], vec![(0, 0)]);
        let l = em(
            &g,
            &Params {
                alternatives: 4,
                max_iterations: Some(1),
                ..params()
            },
        );
        assert!(close(l.confidence[0], 2.0 / 3.0), "{l:?}");
    }

    #[test]
    fn a_single_source_splitting_a_question_leaves_a_tie() {
        // Two sources, two answers, one each: symmetric, so 0.5 each and a tie.
        let g = Graph::new(2, vec![0, 2], vec![(0, 0), (1, 1)]);
        let l = em(&g, &params());
        assert!(close(l.confidence[0], 0.5) && close(l.confidence[1], 0.5));
        assert_eq!(top_answer(&g, &l.confidence, 0), Some((0, 2)));
        let gold = [GoldAnswer {
            question: Some(0),
            claim: Some(1),
        }];
        let Accuracy { accuracy: a, .. } = accuracy(&g, &l.confidence, &gold, &[]);
        assert_eq!(a, 0.5);
    }

    #[test]
    fn a_source_with_few_claims_is_shrunk_toward_the_prior() {
        // s0 and s1 agree on 20 questions; s2 agrees with them once. s2's MAP accuracy with Beta(2, 2)
        // is (1 + 1)/(1 + 2) = 2/3, not 1.
        let mut edges = Vec::new();
        let mut q_ptr = vec![0u32];
        for q in 0..20u32 {
            let c = 2 * q;
            edges.push((c, 0));
            edges.push((c, 1));
            edges.push((c + 1, 3));
            if q == 0 {
                edges.push((c, 2));
            }
            q_ptr.push(c + 2);
        }
        let g = Graph::new(4, q_ptr, edges);
        let l = em(&g, &params());
        assert!(l.trust[2] < 0.7 && l.trust[2] > 0.6, "{:?}", l.trust);
        assert!(l.trust[0] > 0.9);
        assert!(l.trust[3] < 0.1);
    }

    #[test]
    fn results_do_not_depend_on_threads() {
        // Large enough to run in parallel; compare against a one-thread pool.
        let g = crate::learn::graph::parallel_test_graph();
        assert!(g.n_edges() >= 1 << 15);
        let par = em(&g, &params());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let one = pool.install(|| em(&g, &params()));
        assert_eq!(par, one);
    }

    #[test]
    fn flat_passes_give_the_same_bits_as_the_loop_per_question() {
        // Questions of 1 to 5 answers with 1 to 60 sources each, so that some questions have more
        // answers than the 4 alternatives and some claims too many sources for a product of odds
        // (60 · (13.8 + ln 3) > 600): both kinds are weighed in log space by the exception list.
        let mut edges = Vec::new();
        let mut q_ptr = vec![0u32];
        let mut x: u64 = 7;
        let mut next = |m: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
        let mut c = 0u32;
        for _ in 0..3000 {
            for _ in 0..1 + next(5) {
                let d = if next(50) == 0 { 60 } else { 1 + next(8) };
                for _ in 0..d {
                    edges.push((c, next(80) as u32));
                }
                c += 1;
            }
            q_ptr.push(c);
        }
        let g = Graph::new(80, q_ptr, edges);
        let flat = Flat::new(&g, 4).unwrap();
        assert!(!flat.exceptions.is_empty());
        let logit: Vec<f64> = (0..80).map(|s| (s as f64 - 30.0) / 7.0).collect();
        let mut a = vec![0.0; g.n_claims()];
        let mut b = vec![0.0; g.n_claims()];
        let sums_a = e_step(&g, &logit, 4, None, &mut a);
        let sums_b = e_step(&g, &logit, 4, Some(&flat), &mut b);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&b));
        assert_eq!(bits(&sums_a), bits(&sums_b));
        // Fewer than two alternatives, or a claim without sources: no flat pass.
        assert!(Flat::new(&g, 1).is_none());
        assert!(Flat::new(&Graph::new(1, vec![0, 2], vec![(0, 0)]), 4).is_none());
    }
}
