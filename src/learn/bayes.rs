//! The default model: Bayesian truth discovery that carries the uncertainty of every estimate into
//! the answers.
//!
//! **Truth.** Each question has one true value: one of its answers, or a value nobody claimed (∅).
//!
//! **Sources.** Source s names the truth with probability a_s; otherwise it names a wrong value.
//! Each a_s has a Beta(α₀, β₀) prior whose parameters are learned from all the sources together
//! (empirical Bayes: the beta-binomial maximum-likelihood fit to every source's expected number of
//! right claims, Minka's fixed point), so a source seen on few claims is pulled toward what sources
//! of this data set are typically like, and one seen on many is judged on its record.
//!
//! **The sources' posteriors and their cavities.** The posterior over every a_s is kept, not a
//! point estimate: Beta(α_s, β_s) = Beta(α₀ + C_s, β₀ + n_s − C_s), with n_s the source's claims
//! and C_s the sum of their probabilities of being true. The E-step weighs source s's report of
//! claim c (probability p_c in the previous E-step) by the log-odds of its *cavity*, the posterior
//! without that claim, Beta(α_s − p_c, β_s − (1 − p_c)):
//!     w_sc = ln E[a_s | cavity] − ln E[1 − a_s | cavity] = ln[(α_s − p_c) / (β_s − 1 + p_c)].
//! This is the message of belief propagation from a source to one of its questions (Liu, Peng &
//! Ihler, "Variational inference for crowdsourcing", NIPS 2012, §3), with the count of the
//! source's other right claims taken at its expected value: a claim never vouches for its own
//! sources. A source seen once is worth exactly the prior mean; one seen on three claims cannot
//! make anything certain (odds at most (α₀ + 2)/β₀). The mean-field weight ψ(α_s) − ψ(β_s) of
//! the same paper counted each claim in its own sources' records, which a few sources of a few
//! claims could amplify into certainty (two against two on one question, with one dissent
//! elsewhere: 0.98 where the exact posterior is about 0.6). On many claims the two agree.
//!
//! **Wrong values.** When the values form a label set shared by the questions (see
//! [`super::values::label_set`]), a question can take K values and wrong answers are drawn from a
//! symmetric Dirichlet–multinomial over the K − 1 wrong ones, with concentration β per value:
//! β → ∞ is the one-coin model of Dawid & Skene (wrong answers uniform), small β lets errors
//! cluster. Otherwise (free text, numbers, lists) the set of possible values is unbounded and
//! wrong answers follow a Chinese restaurant process with concentration α (its K → ∞ limit): a
//! wrong answer repeats an earlier wrong answer or is new. β or α is learned from the data
//! (empirical Bayes, with a hyperprior uniform on π, the probability that two independent wrong
//! answers coincide: see `Counts::slope`). Relative to "the truth is a value nobody claimed", answer v with x_v reports
//! out of X scores
//!     S(v) = Σ_{s names v} w_sv + ln [ P(wrong reports | truth v) / P(all reports wrong) ]
//! with, for the restaurant process, ln Γ(α + X) − ln Γ(α + X − x_v) − ln Γ(x_v) − ln α, and for
//! the Dirichlet, ln Γ((K−1)β + X) − ln Γ((K−1)β + X − x_v) − [ln Γ(β + x_v) − ln Γ(β)] (in the
//! limit β → ∞ this is x_v ln(K − 1), the one-coin weight). P(v) ∝ e^S(v) and P(∅) ∝ 1 for the
//! restaurant process, K − m (the m answers' unclaimed alternatives) for the label set: the
//! values nobody claimed get exactly the probability the model gives them. A lone report of a
//! source seen once is true with about the probability its accuracy has: honest, not 0.18 nor 1.
//!
//! **Structure.** Answers of times, dates, numbers and lists lend each other support
//! ([`super::values`]: a share k(u → v) ∈ (0, 1] for answers u close to v): each report of u adds
//! ln(1 + ρ·k(u → v)) to S(v), ρ = [`STRUCTURE_RHO`] — a near miss of v is 1 + ρk times likelier
//! when v is the truth than when it is not — so S(v) gains Σ_u x_u·ln(1 + ρ·k(u → v)), x_u the
//! (discounted) count of u's reports.
//!
//! **Copying.** Sources that copy each other are found from the values they share, above all false
//! ones, and discounted ([`super::copying`]): a report counts with weight I(s)·w_sc and as I(s)
//! reports. Copy detection runs once the estimates have converged without discounts; if it finds
//! copies, every later iteration detects them again from the new estimates, until both the
//! estimates and every pair's probability of dependence (within [`COPY_SETTLED`]) settle.
//!
//! **Known answers.** Seeded questions (`--seed`) have their truth fixed: they take part in
//! learning every source's accuracy, and keep probability 1 on the seeded answer.
//!
//! **Convergence.** An iteration is an M-step (the sources' posteriors, the prior, the
//! concentration) and an E-step (every question's posterior); the model stops when no source's
//! posterior mean accuracy moves by more than `tolerance`, or at the iteration cap.

use rayon::prelude::*;

use super::copying::{Dependence, PairCounts};
use super::special::{digamma, fit_beta_binomial, ln_gamma};
use super::values::{KindCounts, Structure};
use super::{
    Graph, LearnMethod, Learned, Params, add_to_sources, em, max_change, parallel, question_blocks,
    scatter_sums, source_sums, total_sums, vote,
};

/// ρ of the near-miss likelihood ratio 1 + ρ·k(u → v) (see the module documentation).
pub const STRUCTURE_RHO: f64 = 1.0;

/// Copy detection has settled when no pair's probability of dependence moved by more than this in
/// an iteration.
pub const COPY_SETTLED: f64 = 0.01;
/// Bounds of the learned concentration: below 10⁻⁴ every error is a repeat, above 10⁸ (per
/// wrong value of a label set) errors are uniform to within 10⁻⁸.
pub const CONCENTRATION_MIN: f64 = 1e-4;
pub const CONCENTRATION_MAX: f64 = 1e8;

/// What the model needs besides the graph.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extra<'a> {
    /// How answers support each other (`None`: all categorical).
    pub structure: Option<&'a Structure>,
    /// K, the size of the label set, when the values form one.
    pub labels: Option<u32>,
    /// Known answers: (question, claim), claim `None` when the known value is nobody's answer.
    pub seeds: &'a [(u32, Option<u32>)],
}

/// What the Bayesian model learned besides the claims' probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct BayesInfo {
    /// The Beta prior on accuracy (learned unless the rubric fixed it).
    pub prior: (f64, f64),
    pub prior_learned: bool,
    /// β per wrong value of a label set, or α of the restaurant process.
    pub concentration: f64,
    pub labels: Option<u32>,
    /// Each source's posterior Beta(α_s, β_s) on its accuracy.
    pub posterior: Vec<(f64, f64)>,
    /// The last round of copy detection, if it ran.
    pub dependence: Option<Dependence>,
    /// Rounds of copy detection run, and whether the model (its probabilities of dependence
    /// included) settled before the iteration cap.
    pub copy_rounds: u32,
    pub copy_settled: bool,
    pub kinds: KindCounts,
    /// Questions whose answer was given (`--seed`).
    pub seeded: usize,
}

/// The wrong-value model of one run: its concentration and the tables of its ln Γ differences.
struct WrongValues {
    labels: Option<u32>,
    conc: f64,
    /// Restaurant: Σ_{i<n} ln(α + i) = ln Γ(α + n) − ln Γ(α); label set: with (K − 1)β in place of α.
    total: Vec<f64>,
    /// Restaurant: ln Γ(n); label set: ln Γ(β + n) − ln Γ(β).
    own: Vec<f64>,
}

/// Counts up to this are looked up in tables; larger (or fractional) ones computed.
const TABLE_MAX: usize = 1 << 16;

impl WrongValues {
    fn new(labels: Option<u32>, conc: f64, largest: usize) -> WrongValues {
        let len = largest.min(TABLE_MAX) + 1;
        let base = match labels {
            Some(k) => f64::from(k.max(2) - 1) * conc,
            None => conc,
        };
        let mut total = Vec::with_capacity(len);
        let mut own = Vec::with_capacity(len);
        let (mut t, mut o) = (0.0, 0.0);
        for i in 0..len {
            total.push(t);
            t += (base + i as f64).ln();
            match labels {
                Some(_) => {
                    own.push(o);
                    o += (conc + i as f64).ln();
                }
                None => {
                    // ln Γ(i) = Σ_{j<i} ln j from Γ(1) = 1 (ln Γ(0) is never used: x > 0).
                    own.push(o);
                    if i >= 1 {
                        o += (i as f64).ln();
                    }
                }
            }
        }
        WrongValues {
            labels,
            conc,
            total,
            own,
        }
    }

    /// The probability that two independent wrong answers coincide.
    fn coincidence(&self) -> f64 {
        match self.labels {
            Some(k) => (self.conc + 1.0) / (f64::from(k.max(2) - 1) * self.conc + 1.0),
            None => 1.0 / (1.0 + self.conc),
        }
    }

    fn table(t: &[f64], x: f64) -> Option<f64> {
        let i = x as usize;
        (i as f64 == x && i < t.len()).then(|| t[i])
    }

    /// ln [P(wrong reports | truth v) / P(all reports wrong)] for x reports of v out of `total`.
    fn score(&self, x: f64, total: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        let rest = (total - x).max(0.0);
        match self.labels {
            Some(k) => {
                let base = f64::from(k.max(2) - 1) * self.conc;
                let diff = match (
                    Self::table(&self.total, total),
                    Self::table(&self.total, rest),
                ) {
                    (Some(a), Some(b)) => a - b,
                    _ => ln_gamma(base + total) - ln_gamma(base + rest),
                };
                let own = Self::table(&self.own, x)
                    .unwrap_or_else(|| ln_gamma(self.conc + x) - ln_gamma(self.conc));
                diff - own
            }
            None => {
                let a = self.conc;
                let diff = match (
                    Self::table(&self.total, total),
                    Self::table(&self.total, rest),
                ) {
                    (Some(p), Some(q)) => p - q,
                    _ => ln_gamma(a + total) - ln_gamma(a + rest),
                };
                let own = Self::table(&self.own, x).unwrap_or_else(|| ln_gamma(x));
                diff - own - a.ln()
            }
        }
    }

    /// The weight of "a value nobody claimed" in a question of m answers.
    fn unclaimed(&self, m: usize) -> f64 {
        match self.labels {
            Some(k) => (k as usize).saturating_sub(m) as f64,
            None => 1.0,
        }
    }
}

/// Histograms of the wrong-report counts the concentration's likelihood needs.
#[derive(Default)]
struct Counts {
    /// Restaurant: Σ P(t)·(distinct wrong values under t).
    distinct: f64,
    /// Σ P(t) by the number of wrong reports under t, keyed by 8× the count (rounded).
    wrong: Vec<f64>,
    /// Label set: Σ (1 − P(v)) by each answer's count of reports (keyed likewise).
    answers: Vec<f64>,
}

const KEY_SCALE: f64 = 8.0;

fn key(x: f64) -> usize {
    (x * KEY_SCALE).round().max(0.0) as usize
}

fn add_at(v: &mut Vec<f64>, k: usize, w: f64) {
    if k >= v.len() {
        v.resize(k + 1, 0.0);
    }
    v[k] += w;
}

impl Counts {
    fn merge(mut self, o: Counts) -> Counts {
        self.distinct += o.distinct;
        for (k, w) in o.wrong.into_iter().enumerate() {
            if w != 0.0 {
                add_at(&mut self.wrong, k, w);
            }
        }
        for (k, w) in o.answers.into_iter().enumerate() {
            if w != 0.0 {
                add_at(&mut self.answers, k, w);
            }
        }
        self
    }

    /// The derivative in ln c of the expected log-likelihood of the wrong reports plus the log
    /// hyperprior: uniform on π, the probability that two independent wrong answers coincide
    /// (π = 1/(1 + α) for the restaurant, (β + 1)/((K − 1)β + 1) for a label set; see
    /// [`WrongValues::coincidence`]). With B = α or (K − 1)β, its density in ln c is
    /// proportional to B/(1 + B)², whose derivative in ln c is 1 − 2B/(1 + B): the uniform
    /// shrinkage prior of Christiansen & Morris (JASA 1997) that [`fit_beta_binomial`] puts on
    /// the accuracy prior, applied to π. It keeps the fit off the bounds when a few questions
    /// cannot tell how errors cluster (three sources agreeing on one question, where the
    /// likelihood alone is largest as α → 0 and makes their agreement worthless). A label set
    /// of two values has one wrong value (π = 1 whatever β): no hyperprior there.
    fn slope(&self, labels: Option<u32>, c: f64) -> f64 {
        let shrink = |b: f64| 1.0 - 2.0 * b / (1.0 + b);
        let bins = |v: &[f64], f: &dyn Fn(f64) -> f64| -> f64 {
            v.iter()
                .enumerate()
                .filter(|(_, w)| **w != 0.0)
                .map(|(k, w)| w * f(k as f64 / KEY_SCALE))
                .sum()
        };
        match labels {
            None => {
                // d/dα: Σ P(t) [K_t/α + ψ(α) − ψ(α + N_t)]
                let d = self.distinct / c + bins(&self.wrong, &|n| digamma(c) - digamma(c + n));
                d * c + shrink(c)
            }
            Some(k) => {
                let kw = f64::from(k.max(2) - 1);
                let d = kw * bins(&self.wrong, &|n| digamma(kw * c) - digamma(kw * c + n))
                    + bins(&self.answers, &|x| digamma(c + x) - digamma(c));
                d * c + if kw >= 2.0 { shrink(kw * c) } else { 0.0 }
            }
        }
    }

    /// The concentration maximising the expected log-likelihood, by bisection on the slope in
    /// ln c (the likelihood is unimodal in c).
    fn fit(&self, labels: Option<u32>) -> f64 {
        let (mut lo, mut hi) = (CONCENTRATION_MIN.ln(), CONCENTRATION_MAX.ln());
        if self.slope(labels, hi.exp()) >= 0.0 {
            return CONCENTRATION_MAX;
        }
        if self.slope(labels, lo.exp()) <= 0.0 {
            return CONCENTRATION_MIN;
        }
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if self.slope(labels, mid.exp()) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (0.5 * (lo + hi)).exp()
    }
}

/// Per question in an E-step: each claim's discounted weight and count.
struct Scratch {
    weight: Vec<f64>,
    count: Vec<f64>,
    score: Vec<f64>,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            weight: Vec::new(),
            count: Vec::new(),
            score: Vec::new(),
        }
    }
}

/// The state the E-step reads.
struct Model<'a> {
    g: &'a Graph,
    /// Per source, α_s and β_s − 1 of its posterior Beta(α_s, β_s): claim c's cavity odds are
    /// (α_s − p_c) / (β_s − 1 + p_c) (see the module documentation).
    num: &'a [f64],
    den: &'a [f64],
    /// Per claim, its probability in the previous E-step (p_c).
    prev: &'a [f64],
    wrong: &'a WrongValues,
    structure: Option<&'a Structure>,
    /// Each (claim, source) pair's vote share, in the order of `g.c_src` (copy discounts).
    shares: Option<&'a [f64]>,
    /// Per question: the seeded claim (`Some(None)`: the seeded value is nobody's answer).
    seeded: &'a [Option<Option<u32>>],
}

impl Model<'_> {
    /// ln of source `s`'s cavity odds for claim `c`.
    fn cavity(&self, s: u32, c: usize) -> f64 {
        let p = self.prev[c];
        ((self.num[s as usize] - p) / (self.den[s as usize] + p)).ln()
    }

    /// The weights and counts of question `q`'s claims into `sc`.
    fn weigh(&self, q: usize, sc: &mut Scratch) {
        let g = self.g;
        let r = g.question_claims(q);
        sc.weight.clear();
        sc.count.clear();
        for c in r {
            let s = g.claim_sources(c);
            match self.shares {
                Some(all) => {
                    let sh = &all[g.c_ptr[c] as usize..g.c_ptr[c + 1] as usize];
                    let mut wt = 0.0;
                    let mut n = 0.0;
                    for (&src, &x) in s.iter().zip(sh) {
                        wt += x * self.cavity(src, c);
                        n += x;
                    }
                    sc.weight.push(wt);
                    sc.count.push(n);
                }
                None => {
                    sc.weight.push(s.iter().map(|&x| self.cavity(x, c)).sum());
                    sc.count.push(s.len() as f64);
                }
            }
        }
    }

    /// Question `q`'s posteriors into `out` (its claims); returns P(∅).
    fn question(&self, q: usize, sc: &mut Scratch, out: &mut [f64]) -> f64 {
        let g = self.g;
        let r = g.question_claims(q);
        let m = r.len();
        if let Some(seed) = self.seeded.get(q).copied().flatten() {
            for (i, c) in r.clone().enumerate() {
                out[i] = if seed == Some(c as u32) { 1.0 } else { 0.0 };
            }
            return if seed.is_none() { 1.0 } else { 0.0 };
        }
        self.weigh(q, sc);
        let total: f64 = sc.count.iter().sum();
        sc.score.clear();
        for (i, c) in r.clone().enumerate() {
            let mut score = sc.weight[i] + self.wrong.score(sc.count[i], total);
            if let Some(st) = self.structure {
                // Each report of a close answer u: ln(1 + ρ·k(u → v)).
                for &(u, k) in st.into_claim(c) {
                    let u = u as usize - r.start;
                    score += sc.count[u] * (STRUCTURE_RHO * f64::from(k)).ln_1p();
                }
            }
            sc.score.push(score);
        }
        let empty = self.wrong.unclaimed(m);
        let mut top = sc.score.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if empty > 0.0 {
            top = top.max(0.0);
        }
        let mut z = empty * (-top).exp();
        for (o, &s) in out.iter_mut().zip(&sc.score) {
            *o = (s - top).exp();
            z += *o;
        }
        out.iter_mut().for_each(|x| *x /= z);
        empty * (-top).exp() / z
    }
}

/// Questions with more reports than this take the log-space path of the E-step.
const FLAT_MAX_TOTAL: usize = 1024;
/// Products of odds are used while their logarithm stays within ±this (f64 reaches e^±708).
const SAFE_LN: f64 = 600.0;

/// What the flat E-step needs, made once per run: every claim is weighed by walking the (claim,
/// source) pairs in order, with the ends of claims and questions read from bit sets (a loop per
/// claim mispredicts its exit about once per claim), as a product of the sources' cavity odds e^w_sc times
/// the wrong-value factor of its (question total, claim count), looked up.
struct Flat {
    claim_starts: Vec<u64>,
    question_starts: Vec<u64>,
    /// Per claim: the index of its (question total X, claim count x) in `totals`.
    key: Vec<u32>,
    /// The distinct (X, x).
    totals: Vec<(u32, u32)>,
    /// Per question: the sources of its widest claim, and the largest of these.
    widest: Vec<u32>,
    widest_max: u32,
    /// Questions always weighed in log space: seeded, or with more than FLAT_MAX_TOTAL reports.
    fixed: Vec<u32>,
    /// The most reports of a question of at most FLAT_MAX_TOTAL.
    top: usize,
}

impl Flat {
    /// `None` when a claim has no source or a question no answer (the log path handles both).
    fn new(g: &Graph, seeded: &[Option<Option<u32>>]) -> Option<Flat> {
        let nq = g.n_questions();
        if (0..g.n_claims())
            .into_par_iter()
            .any(|c| g.claim_degree(c) == 0)
            || (0..nq)
                .into_par_iter()
                .any(|q| g.question_claims(q).is_empty())
        {
            return None;
        }
        let per_q: Vec<(u32, u32)> = (0..nq)
            .into_par_iter()
            .map(|q| {
                let r = g.question_claims(q);
                let total = g.c_ptr[r.end] - g.c_ptr[r.start];
                let widest = r.map(|c| g.claim_degree(c) as u32).max().unwrap_or(0);
                (total, widest)
            })
            .collect();
        // (X, x) with 1 ≤ x ≤ X ≤ the largest flat X, numbered X(X − 1)/2 + x − 1; the ones that
        // occur are listed in that order.
        let top = per_q
            .iter()
            .map(|&(t, _)| t)
            .filter(|&t| t as usize <= FLAT_MAX_TOTAL)
            .max()
            .unwrap_or(0) as usize;
        let slot = |t: u32, x: u32| (t as usize * (t as usize - 1)) / 2 + x as usize - 1;
        let mut used = vec![false; (top * (top + 1)) / 2];
        for (q, &(total, _)) in per_q.iter().enumerate() {
            if total as usize > FLAT_MAX_TOTAL {
                continue;
            }
            for c in g.question_claims(q) {
                used[slot(total, g.claim_degree(c) as u32)] = true;
            }
        }
        let mut number = vec![u32::MAX; used.len()];
        let mut totals = Vec::new();
        for t in 1..=top as u32 {
            for x in 1..=t {
                let i = slot(t, x);
                if used[i] {
                    number[i] = totals.len() as u32;
                    totals.push((t, x));
                }
            }
        }
        let mut key = vec![0u32; g.n_claims()];
        key.par_chunks_mut(1 << 14)
            .enumerate()
            .for_each(|(k, part)| {
                let c0 = k << 14;
                let mut q = g.q_ptr.partition_point(|&p| p as usize <= c0) - 1;
                for (i, out) in part.iter_mut().enumerate() {
                    let c = c0 + i;
                    while g.q_ptr[q + 1] as usize <= c {
                        q += 1;
                    }
                    let total = per_q[q].0;
                    if total as usize <= FLAT_MAX_TOTAL {
                        *out = number[slot(total, g.claim_degree(c) as u32)];
                    }
                }
            });
        let widest: Vec<u32> = per_q.iter().map(|x| x.1).collect();
        let widest_max = widest.iter().copied().max().unwrap_or(0);
        let fixed: Vec<u32> = (0..nq as u32)
            .filter(|&q| {
                per_q[q as usize].0 as usize > FLAT_MAX_TOTAL || seeded[q as usize].is_some()
            })
            .collect();
        let (claim_starts, question_starts) = rayon::join(
            || em::bit_set(g.n_edges(), (0..g.n_claims()).map(|c| g.c_ptr[c] as usize)),
            || em::bit_set(g.n_claims(), (0..nq).map(|q| g.q_ptr[q] as usize)),
        );
        Some(Flat {
            claim_starts,
            question_starts,
            key,
            totals,
            widest,
            widest_max,
            fixed,
            top,
        })
    }
}

/// One iteration's inputs to the flat pass.
struct FlatRun<'a> {
    flat: &'a Flat,
    /// e^(wrong-value score) per entry of `flat.totals`.
    factor: Vec<f64>,
    /// Questions weighed in log space this iteration, ascending.
    exceptions: Vec<u32>,
}

impl<'a> FlatRun<'a> {
    /// `posterior`: each source's Beta(α_s, β_s); `prior`: (α₀, β₀).
    fn new(
        flat: &'a Flat,
        posterior: &[(f64, f64)],
        prior: (f64, f64),
        wrong: &WrongValues,
    ) -> FlatRun<'a> {
        let scores: Vec<f64> = flat
            .totals
            .iter()
            .map(|&(t, x)| wrong.score(f64::from(x), f64::from(t)))
            .collect();
        let max_factor = scores.iter().fold(0.0f64, |m, s| m.max(s.abs()));
        // A cavity's odds lie between max(α_s − 1, α₀) / β_s and α_s / max(β_s − 1, β₀) (p_c
        // is at most 1 and at most C_s = α_s − α₀; 1 − p_c at most n_s − C_s = β_s − β₀).
        let max_w = posterior.iter().fold(0.0f64, |m, &(a, b)| {
            let lo = ((a - 1.0).max(prior.0) / b).ln().abs();
            let hi = (a / (b - 1.0).max(prior.1)).ln().abs();
            m.max(lo).max(hi)
        });
        // A claim's product stays within e^±SAFE_LN when widest · max|w| + max|score| does.
        let room = SAFE_LN - max_factor;
        let wide = |q: &u32| f64::from(flat.widest[*q as usize]) * max_w > room;
        let exceptions: Vec<u32> = if f64::from(flat.widest_max) * max_w > room {
            let mut ex: Vec<u32> = (0..flat.widest.len() as u32)
                .filter(wide)
                .chain(flat.fixed.iter().copied())
                .collect();
            ex.sort_unstable();
            ex.dedup();
            ex
        } else {
            flat.fixed.clone()
        };
        FlatRun {
            flat,
            factor: scores.iter().map(|x| x.exp()).collect(),
            exceptions,
        }
    }
}

/// The flat pass over the questions `qs` (claims from `c0`, into `out`), the exceptions in log
/// space; adds each question to `counts`.
fn flat_questions(
    model: &Model,
    run: &FlatRun,
    qs: std::ops::Range<usize>,
    out: &mut [f64],
    counts: &mut Counts,
) {
    let g = model.g;
    let flat = run.flat;
    let c0 = g.q_ptr[qs.start] as usize;
    let claims = c0..c0 + out.len();
    let pairs = g.c_ptr[c0] as usize..g.c_ptr[claims.end] as usize;
    out.iter_mut().for_each(|x| *x = 1.0);
    let prev = &model.prev[claims.clone()];
    let mut c = usize::MAX;
    for (e, &s) in pairs.clone().zip(&g.c_src[pairs]) {
        c = c.wrapping_add(usize::from(em::bit(&flat.claim_starts, e)));
        let p = prev[c];
        out[c] *= (model.num[s as usize] - p) / (model.den[s as usize] + p);
    }
    for (x, k) in out.iter_mut().zip(&flat.key[claims.clone()]) {
        *x *= run.factor[*k as usize];
    }
    let mut totals: Vec<f64> = qs
        .clone()
        .map(|q| {
            model
                .wrong
                .unclaimed((g.q_ptr[q + 1] - g.q_ptr[q]) as usize)
        })
        .collect();
    let mut q = usize::MAX;
    for (i, &x) in claims.clone().zip(out.iter()) {
        q = q.wrapping_add(usize::from(em::bit(&flat.question_starts, i)));
        totals[q] += x;
    }
    totals.iter_mut().for_each(|t| *t = 1.0 / *t);
    let mut q = usize::MAX;
    for (i, x) in claims.clone().zip(out.iter_mut()) {
        q = q.wrapping_add(usize::from(em::bit(&flat.question_starts, i)));
        *x *= totals[q];
    }
    // The questions the products do not fit, in log space.
    let ex = &run.exceptions;
    let lo = ex.partition_point(|&x| (x as usize) < qs.start);
    let hi = ex.partition_point(|&x| (x as usize) < qs.end);
    let mut sc = Scratch::new();
    let mut next_ex = lo;
    // The histograms' bins of the flat questions, made once (empty bins are skipped wherever
    // the histograms are read, so their length changes nothing).
    let bins = KEY_SCALE as usize * flat.top + 1;
    if counts.wrong.len() < bins {
        counts.wrong.resize(bins, 0.0);
    }
    if model.wrong.labels.is_some() && counts.answers.len() < bins {
        counts.answers.resize(bins, 0.0);
    }
    for (k, q) in qs.clone().enumerate() {
        let r = g.question_claims(q);
        let slot = &mut out[r.start - c0..r.end - c0];
        if next_ex < hi && ex[next_ex] as usize == q {
            next_ex += 1;
            let empty = model.question(q, &mut sc, slot);
            model.weigh(q, &mut sc);
            tally(counts, model.wrong.labels, &sc.count, slot, empty);
            continue;
        }
        let empty = model.wrong.unclaimed(r.len()) * totals[k];
        tally_flat(counts, model.wrong.labels, g, r.start, slot, empty);
    }
}

/// [`tally`] for a question of the flat pass, whose counts are its claims' sources: whole
/// numbers, so that a count n falls in bin 8n exactly (what [`key`] gives it), in bins that
/// `counts` already holds (see [`flat_questions`]).
fn tally_flat(
    counts: &mut Counts,
    labels: Option<u32>,
    g: &Graph,
    c0: usize,
    p: &[f64],
    empty: f64,
) {
    let scale = KEY_SCALE as usize;
    let ptr = &g.c_ptr[c0..=c0 + p.len()];
    let total = (ptr[p.len()] - ptr[0]) as usize;
    let present = p.len() as f64;
    for (i, &pi) in p.iter().enumerate() {
        let xi = (ptr[i + 1] - ptr[i]) as usize;
        if total > xi {
            counts.wrong[scale * (total - xi)] += pi;
            if labels.is_none() {
                counts.distinct += pi * (present - 1.0);
            }
        }
        if labels.is_some() {
            counts.answers[scale * xi] += 1.0 - pi;
        }
    }
    if empty > 0.0 {
        counts.wrong[scale * total] += empty;
        if labels.is_none() {
            counts.distinct += empty * present;
        }
    }
}

/// The E-step over every question (in parallel blocks for large graphs): the flat pass where it
/// applies, else log space. Returns the concentration's histograms and each source's sum of the
/// new posteriors.
/// `starts`: the bit set of [`Flat::claim_starts`], when made.
fn e_step(
    model: &Model,
    flat: Option<&FlatRun>,
    starts: Option<&[u64]>,
    post: &mut [f64],
) -> (Counts, Vec<f64>) {
    let g = model.g;
    let labels = model.wrong.labels;
    let blocks = question_blocks(g, post);
    let scatter = scatter_sums(g, blocks.len());
    let run = |(qs, base, out): (std::ops::Range<usize>, usize, &mut [f64])| {
        let mut counts = Counts::default();
        match flat {
            Some(f) => flat_questions(model, f, qs.clone(), out, &mut counts),
            None => {
                let mut sc = Scratch::new();
                for q in qs.clone() {
                    let r = g.question_claims(q);
                    let slot = &mut out[r.start - base..r.end - base];
                    let empty = model.question(q, &mut sc, slot);
                    if model.seeded.get(q).copied().flatten().is_some() {
                        model.weigh(q, &mut sc);
                    }
                    tally(&mut counts, labels, &sc.count, slot, empty);
                }
            }
        }
        let mut sums = Vec::new();
        if scatter {
            sums = vec![0.0; g.n_sources];
            match starts {
                // The same additions in the same order, walking the pairs.
                Some(bits) => em::flat_add_to_sources(g, bits, base, out, &mut sums),
                None => add_to_sources(g, base..base + out.len(), out, &mut sums),
            }
        }
        (counts, sums)
    };
    let parts: Vec<(Counts, Vec<f64>)> = if parallel(g) {
        blocks.into_par_iter().map(run).collect()
    } else {
        blocks.into_iter().map(run).collect()
    };
    let mut counts = Counts::default();
    let mut sums = Vec::with_capacity(parts.len());
    for (c, s) in parts {
        counts = counts.merge(c);
        sums.push(s);
    }
    let sums = if scatter {
        total_sums(g.n_sources, sums)
    } else {
        source_sums(g, post)
    };
    (counts, sums)
}

/// Adds one question (counts `x`, posteriors `p`, P(∅) `empty`) to the concentration's histograms.
fn tally(counts: &mut Counts, labels: Option<u32>, x: &[f64], p: &[f64], empty: f64) {
    let total: f64 = x.iter().sum();
    let present = x.iter().filter(|&&v| v > 0.0).count() as f64;
    // Truth = answer i: the others are wrong; truth = ∅: all are.
    for (&xi, &pi) in x.iter().zip(p) {
        if pi > 0.0 && total - xi > 0.0 {
            add_at(&mut counts.wrong, key(total - xi), pi);
            if labels.is_none() {
                counts.distinct += pi * (present - f64::from(u8::from(xi > 0.0)));
            }
        }
        if labels.is_some() && xi > 0.0 {
            add_at(&mut counts.answers, key(xi), 1.0 - pi);
        }
    }
    if empty > 0.0 && total > 0.0 {
        add_at(&mut counts.wrong, key(total), empty);
        if labels.is_none() {
            counts.distinct += empty * present;
        }
    }
}

/// Runs the model.
pub fn bayes(g: &Graph, p: &Params, extra: &Extra) -> Learned {
    let ns = g.n_sources;
    let degree: Vec<f64> = (0..ns).map(|s| g.source_degree(s) as f64).collect();
    let active = degree.iter().filter(|&&d| d > 0.0).count();
    let mut seeded: Vec<Option<Option<u32>>> = vec![None; g.n_questions()];
    for &(q, c) in extra.seeds {
        if let Some(x) = seeded.get_mut(q as usize) {
            *x = Some(c);
        }
    }
    let n_seeded = seeded.iter().filter(|s| s.is_some()).count();
    let largest = (0..g.n_questions())
        .map(|q| {
            let r = g.question_claims(q);
            (g.c_ptr[r.end] - g.c_ptr[r.start]) as usize
        })
        .max()
        .unwrap_or(0);
    // Start: the majority vote's shares (seeded questions fixed).
    let mut post = vote(g);
    for (q, s) in seeded.iter().enumerate() {
        if let Some(seed) = s {
            for c in g.question_claims(q) {
                post[c] = if *seed == Some(c as u32) { 1.0 } else { 0.0 };
            }
        }
    }
    let mut correct = source_sums(g, &post);
    let flat = Flat::new(g, &seeded);
    let mut prior = (p.prior_a, p.prior_b);
    let mut conc = 1.0;
    let mut counts: Option<Counts> = None;
    let mut pairs: Option<PairCounts> = None;
    let mut dependence: Option<Dependence> = None;
    let mut shares: Option<Vec<f64>> = None;
    let mut coincidence: Option<f64> = None;
    let mut rank: Option<Vec<f64>> = None;
    let mut copy_rounds = 0;
    let mut mean = vec![f64::NAN; ns];
    let mut num = vec![0.0; ns];
    let mut den = vec![0.0; ns];
    let mut prev = post.clone();
    let mut posterior = vec![(0.0, 0.0); ns];
    let mut iterations = 0;
    let mut converged = false;
    // Phase 1 learns without discounts; once it has converged, copying is detected, and from then
    // on every iteration detects it again with the new estimates (phase 2).
    let mut detecting = false;
    while iterations < p.cap() {
        iterations += 1;
        // M-step: the prior (empirical Bayes), the sources' posteriors, the concentration.
        if p.learn_prior && active >= 2 {
            let counts: Vec<(f64, f64)> = degree
                .iter()
                .copied()
                .zip(correct.iter().copied())
                .collect();
            prior = fit_beta_binomial(&counts, prior);
        }
        let mut next = vec![0.0; ns];
        for s in 0..ns {
            let c = correct[s].clamp(0.0, degree[s]);
            let (a, b) = (prior.0 + c, prior.1 + degree[s] - c);
            posterior[s] = (a, b);
            num[s] = a;
            den[s] = b - 1.0;
            next[s] = a / (a + b);
        }
        let delta = max_change(&next, &mean);
        mean = next;
        if let Some(h) = &counts {
            conc = h.fit(extra.labels);
        }
        let wrong = WrongValues::new(extra.labels, conc, largest);
        prev.copy_from_slice(&post);
        let model = Model {
            g,
            num: &num,
            den: &den,
            prev: &prev,
            wrong: &wrong,
            structure: extra.structure.filter(|s| s.any()),
            shares: shares.as_deref(),
            seeded: &seeded,
        };
        let run = match (&flat, model.structure, model.shares) {
            (Some(f), None, None) => Some(FlatRun::new(f, &posterior, prior, &wrong)),
            _ => None,
        };
        let starts = flat.as_ref().map(|f| f.claim_starts.as_slice());
        let (h, sums) = e_step(&model, run.as_ref(), starts, &mut post);
        counts = Some(h);
        correct = sums;
        let settled = delta <= p.tolerance;
        if !p.copying || (!detecting && !settled) {
            if settled {
                converged = true;
                break;
            }
            continue;
        }
        // Copy detection, with how often independent wrong answers coincide as the model without
        // discounts saw it (with them, coincidences explained by copying would lower it, and more
        // pairs would look like copies in turn).
        let pc = pairs.get_or_insert_with(|| PairCounts::new(g));
        let pi = *coincidence
            .get_or_insert_with(|| WrongValues::new(extra.labels, conc, 0).coincidence());
        let start = dependence.as_ref().map_or(0.05, |d| d.prior);
        let found = Dependence::detect(g, pc, &post, &mean, pi, start);
        copy_rounds += 1;
        let moved = dependence_change(dependence.as_ref(), &found);
        if !detecting && !found.any() {
            // Nobody copies: phase 1's estimates stand.
            dependence = Some(found);
            converged = true;
            break;
        }
        // Sources are counted in the order of their accuracies when copying was first detected:
        // a fixed order, so that two sources of about the same accuracy cannot swap places from one
        // iteration to the next.
        let order = rank.get_or_insert_with(|| mean.clone());
        shares = found.any().then(|| found.shares(g, order));
        dependence = Some(found);
        if detecting && settled && moved <= COPY_SETTLED {
            converged = true;
            break;
        }
        if !detecting {
            // The discounts change every estimate: the stopping test starts afresh.
            detecting = true;
            mean.iter_mut().for_each(|x| *x = f64::NAN);
        }
    }
    // The sources' posteriors given the last E-step (what the tables show, consistent with the
    // claims' probabilities).
    for s in 0..ns {
        let c = correct[s].clamp(0.0, degree[s]);
        let (a, b) = (prior.0 + c, prior.1 + degree[s] - c);
        posterior[s] = (a, b);
        mean[s] = a / (a + b);
    }
    let info = BayesInfo {
        prior,
        prior_learned: p.learn_prior,
        concentration: conc,
        labels: extra.labels,
        posterior,
        dependence,
        copy_rounds,
        copy_settled: converged,
        kinds: extra
            .structure
            .map(Structure::counts)
            .unwrap_or_else(|| KindCounts {
                categorical: g.n_questions(),
                ..KindCounts::default()
            }),
        seeded: n_seeded,
    };
    Learned {
        method: LearnMethod::Bayes,
        iterations,
        converged,
        confidence: post,
        trust: mean,
        correct: Some(correct),
        bayes: Some(Box::new(info)),
    }
}

/// The largest change of a pair's probability of dependence between two rounds (pairs missing from
/// a round count as 0).
fn dependence_change(old: Option<&Dependence>, new: &Dependence) -> f64 {
    let Some(old) = old else {
        return if new.any() { 1.0 } else { 0.0 };
    };
    let mut m: f64 = 0.0;
    for p in &new.pairs {
        m = m.max((p.probability() - old.between(p.a, p.b)).abs());
    }
    for p in &old.pairs {
        m = m.max((p.probability() - new.between(p.a, p.b)).abs());
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::values::Structure;

    fn params() -> Params {
        Params {
            method: LearnMethod::Bayes,
            ..Params::default()
        }
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn the_restaurant_scores_by_hand() {
        // α = 1: a lone report scores 0 (P = e^w / (1 + e^w), the source's accuracy); two alike
        // out of two score ln Γ(3) − ln Γ(1) − ln Γ(2) − ln 1 = ln 2; one of two scores
        // ln Γ(3) − ln Γ(2) − 0 − 0 = ln 2.
        let wv = WrongValues::new(None, 1.0, 8);
        assert!(close(wv.score(1.0, 1.0), 0.0, 1e-12));
        assert!(close(wv.score(2.0, 2.0), 2f64.ln(), 1e-12));
        assert!(close(wv.score(1.0, 2.0), 2f64.ln(), 1e-12));
        // Fractional counts agree with the tables' integer values.
        assert!(close(
            wv.score(2.0 + 1e-12, 3.0 + 1e-12),
            wv.score(2.0, 3.0),
            1e-9
        ));
        // The label set in its one-coin limit: x ln(K − 1).
        let wv = WrongValues::new(Some(4), CONCENTRATION_MAX, 8);
        assert!(close(wv.score(3.0, 5.0), 3.0 * 3f64.ln(), 1e-6));
        assert_eq!(wv.unclaimed(2), 2.0);
        // Two wrong answers coincide with probability 1/(1 + α), or 1/(K − 1) uniformly.
        assert!(close(
            WrongValues::new(None, 3.0, 0).coincidence(),
            0.25,
            1e-12
        ));
        assert!(close(wv.coincidence(), 1.0 / 3.0, 1e-6));
    }

    #[test]
    fn the_concentration_fit_by_hand() {
        // Nothing wrong was ever reported: the hyperprior alone, whose mode in ln c is where
        // 1 − 2B/(1 + B) = 0, B = 1: α = 1 for the restaurant (π = 1/2), (K − 1)β = 1 for a
        // label set of K = 5 (β = 1/4, π = 5/8, halfway between 1/4 and 1).
        let none = Counts::default();
        assert!(close(none.fit(None), 1.0, 1e-9));
        assert!(close(none.fit(Some(5)), 0.25, 1e-9));
        // Three reports alike under "nobody's value" with probability 1/2 (three sources agreeing
        // on one question): the likelihood alone, ln Γ(α) − ln Γ(α + 3) + ln α + ln 2 per unit of
        // weight, is largest as α → 0 (the bound, which made agreement worthless); with the
        // hyperprior, the slope (1/2)(1 − α(ψ(α + 3) − ψ(α))) + 1 − 2α/(1 + α) vanishes inside.
        let mut h = Counts::default();
        add_at(&mut h.wrong, key(3.0), 0.5);
        h.distinct = 0.5;
        let a = h.fit(None);
        let slope = 0.5 * (1.0 - a * (digamma(a + 3.0) - digamma(a))) + 1.0 - 2.0 * a / (1.0 + a);
        assert!(a > 0.1 && a < 1.0 && slope.abs() < 1e-9, "{a} {slope}");
        // A label set of two values has one wrong value: no hyperprior, and nothing to fit (the
        // slope is 0 everywhere: the upper bound, errors "uniform" over the one wrong value).
        assert_eq!(none.fit(Some(2)), CONCENTRATION_MAX);
    }

    #[test]
    fn a_source_seen_once_cannot_make_anything_certain() {
        // One source, one question, one answer, a prior Beta(a, b) held fixed. The claim's cavity
        // is the prior itself (the source has no other claim), so its odds are a/b, and the
        // restaurant's score of one report out of one is ln Γ(α + 1) − ln Γ(α) − ln Γ(1) − ln α
        // = 0: P(true) = (a/b) / (a/b + 1) = a/(a + b), the prior mean, exactly what one report
        // of a source drawn from the prior is worth. Beta(2, 2): 1/2; Beta(3, 1): 3/4 (the
        // mean-field weight ψ(a + C) − ψ(b + 1 − C) gave 0.82, the claim vouching for itself).
        let g = Graph::new(1, vec![0, 1], vec![(0, 0)]);
        for (a, b) in [(2.0, 2.0), (3.0, 1.0)] {
            let l = bayes(
                &g,
                &Params {
                    prior_a: a,
                    prior_b: b,
                    learn_prior: false,
                    copying: false,
                    ..params()
                },
                &Extra::default(),
            );
            assert!(l.converged);
            let pt = l.confidence[0];
            assert!(close(pt, a / (a + b), 1e-12), "{a} {b}: {pt}");
            let info = l.bayes.unwrap();
            assert!(close(info.posterior[0].0, a + pt, 1e-6));
            assert!(close(info.posterior[0].1, b + 1.0 - pt, 1e-6));
        }
    }

    #[test]
    fn values_one_unit_apart_support_each_other() {
        // One question: one source says 71, two say 72, two say 73. Without structure 72 and 73
        // tie; with it, each report of a close answer adds ln(1 + ρ k): 72 gets ln 1.5 from 71 and
        // from each 73, while 73 gets ln 1.25 from 71 (two units) and ln 1.5 from each 72.
        let values = ["71", "72", "73"];
        let g = Graph::new(5, vec![0, 3], vec![(0, 0), (1, 1), (1, 2), (2, 3), (2, 4)]);
        let st = Structure::detect(&g, &[0, 1, 2], 3, |v| values[v as usize]);
        let p = Params {
            learn_prior: false,
            copying: false,
            max_iterations: Some(1),
            ..params()
        };
        let with = bayes(
            &g,
            &p,
            &Extra {
                structure: Some(&st),
                ..Extra::default()
            },
        );
        let without = bayes(&g, &p, &Extra::default());
        assert!(close(without.confidence[1], without.confidence[2], 1e-12));
        assert!(
            with.confidence[1] > with.confidence[2],
            "{:?}",
            with.confidence
        );
        // By hand, one iteration from the vote's shares (1/5, 2/5, 2/5) with the prior Beta(2, 2):
        // every source has one claim, so its cavity is the prior: odds (2 + p − p)/(2 + 1 − p − 1
        // + p) = 1, weight 0. The restaurant term at α = 1 (the first iteration's concentration)
        // of x reports out of X = 5 is ln Γ(6) − ln Γ(6 − x) − ln Γ(x); ρ = 1.
        let (w71, w7x) = (0.0, 0.0);
        let crp = |x: f64| ln_gamma(6.0) - ln_gamma(6.0 - x) - ln_gamma(x);
        let (half, quarter) = (1.5f64.ln(), 1.25f64.ln());
        let s = [
            w71 + crp(1.0) + 2.0 * half + 2.0 * quarter,
            2.0 * w7x + crp(2.0) + half + 2.0 * half,
            2.0 * w7x + crp(2.0) + quarter + 2.0 * half,
        ];
        let z = 1.0 + s.iter().map(|x| x.exp()).sum::<f64>();
        for (i, si) in s.iter().enumerate() {
            assert!(
                close(with.confidence[i], si.exp() / z, 1e-9),
                "{i}: {:?}",
                with.confidence
            );
        }
    }

    #[test]
    fn a_seeded_question_keeps_its_answer_and_teaches_the_sources() {
        // Two sources disagree on q0 and q1; the seed says source 1 is right on q0. Source 1 then
        // wins q1, which without the seed is a tie.
        let g = Graph::new(2, vec![0, 2, 4], vec![(0, 0), (1, 1), (2, 0), (3, 1)]);
        let p = Params {
            learn_prior: false,
            copying: false,
            ..params()
        };
        let free = bayes(&g, &p, &Extra::default());
        assert!(close(free.confidence[2], free.confidence[3], 1e-12));
        let seeds = [(0u32, Some(1u32))];
        let l = bayes(
            &g,
            &p,
            &Extra {
                seeds: &seeds,
                ..Extra::default()
            },
        );
        assert_eq!((l.confidence[0], l.confidence[1]), (0.0, 1.0));
        let info = l.bayes.as_ref().unwrap();
        assert_eq!(info.seeded, 1);
        // Source 0 has Beta(2 + C₂, 2 + 2 − C₂), source 1 Beta(3 + C₃, 3 − C₃); at the fixed point
        // q1's answers weigh e^w each against 1 for "nobody's answer" (the restaurant's single
        // claims score 0 + ln((α + 2)/α) − ... the same for both), so the seeded source wins.
        let (c2, c3) = (l.confidence[2], l.confidence[3]);
        assert!(
            close(info.posterior[0].0, 2.0 + c2, 1e-9)
                && close(info.posterior[1].0, 3.0 + c3, 1e-9)
        );
        assert!(c3 > c2 + 0.1, "{:?}", l.confidence);
    }

    /// The exact posterior of the model with the prior Beta(2, 2) and the restaurant's α held
    /// fixed, by enumerating every question's truth (an answer or nobody's value) and integrating
    /// every source's accuracy: `answers[q]` lists question q's answers as their sources.
    fn exact(answers: &[Vec<Vec<usize>>], sources: usize, alpha: f64) -> Vec<Vec<f64>> {
        let ln_b = |a: f64, b: f64| ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
        let crp = |sizes: &[usize]| -> f64 {
            let n: usize = sizes.iter().sum();
            if n == 0 {
                return 0.0;
            }
            sizes.len() as f64 * alpha.ln() + ln_gamma(alpha) - ln_gamma(alpha + n as f64)
                + sizes.iter().map(|&k| ln_gamma(k as f64)).sum::<f64>()
        };
        let mut n = vec![0usize; sources];
        for q in answers {
            for v in q {
                for &s in v {
                    n[s] += 1;
                }
            }
        }
        let mut post: Vec<Vec<f64>> = answers.iter().map(|q| vec![0.0; q.len() + 1]).collect();
        let mut z = 0.0;
        let combos: usize = answers.iter().map(|q| q.len() + 1).product();
        for mut k in 0..combos {
            let truth: Vec<usize> = answers
                .iter()
                .map(|q| {
                    let t = k % (q.len() + 1);
                    k /= q.len() + 1;
                    t
                })
                .collect();
            let mut right = vec![0usize; sources];
            let mut lp = 0.0;
            for (q, &t) in answers.iter().zip(&truth) {
                let wrong: Vec<usize> = (0..q.len())
                    .filter(|&v| v != t)
                    .map(|v| q[v].len())
                    .collect();
                lp += crp(&wrong);
                if let Some(v) = q.get(t) {
                    v.iter().for_each(|&s| right[s] += 1);
                }
            }
            for s in 0..sources {
                let (k, m) = (right[s] as f64, n[s] as f64);
                lp += ln_b(2.0 + k, 2.0 + m - k) - ln_b(2.0, 2.0);
            }
            let w = lp.exp();
            z += w;
            for (q, &t) in truth.iter().enumerate() {
                post[q][t] += w;
            }
        }
        post.iter_mut()
            .for_each(|q| q.iter_mut().for_each(|x| *x /= z));
        post
    }

    #[test]
    fn two_against_two_stays_even_and_one_dissent_is_no_landslide() {
        let p = Params {
            learn_prior: false,
            copying: false,
            ..params()
        };
        // q: sources 0 and 1 say c0, sources 2 and 3 say c1. Every source is seen once, so every
        // cavity is the prior (odds 1): both answers score the restaurant's term of 2 reports out
        // of 4, S = ln Γ(α + 4) − ln Γ(α + 2) − ln Γ(2) − ln α, and P = e^S / (2e^S + 1) each.
        let g = Graph::new(4, vec![0, 2], vec![(0, 0), (0, 1), (1, 2), (1, 3)]);
        let l = bayes(&g, &p, &Extra::default());
        let a = l.bayes.as_ref().unwrap().concentration;
        let sc = ln_gamma(a + 4.0) - ln_gamma(a + 2.0) - a.ln();
        assert_eq!(l.confidence[0], l.confidence[1]);
        assert!(close(
            l.confidence[0],
            sc.exp() / (2.0 * sc.exp() + 1.0),
            1e-9
        ));
        assert!(l.confidence[0] < 0.5);
        // Add r: sources 0, 1 and 2 say c2, source 3 alone says c3. Source 3's dissent tells
        // against its answer to q, but once: the exact posterior (at the model's learned α) gives
        // c0 about 0.6, and so must the model; the mean-field weight ψ(α_s) − ψ(β_s), in which
        // each claim vouched for its own sources, ran away to 0.86 with α = 1 (0.98 with the
        // prior learned too).
        let g = Graph::new(
            4,
            vec![0, 2, 4],
            vec![
                (0, 0),
                (0, 1),
                (1, 2),
                (1, 3),
                (2, 0),
                (2, 1),
                (2, 2),
                (3, 3),
            ],
        );
        let l = bayes(&g, &p, &Extra::default());
        let a = l.bayes.as_ref().unwrap().concentration;
        let want = exact(
            &[vec![vec![0, 1], vec![2, 3]], vec![vec![0, 1, 2], vec![3]]],
            4,
            a,
        );
        for (c, (q, v)) in [(0, 0), (0, 1), (1, 0), (1, 1)].into_iter().enumerate() {
            assert!(
                (l.confidence[c] - want[q][v]).abs() < 0.03,
                "{c}: {} against {} (α = {a})",
                l.confidence[c],
                want[q][v]
            );
        }
        assert!(l.confidence[0] > l.confidence[1] && l.confidence[0] < 0.7);
    }

    #[test]
    fn every_question_sums_to_one_with_the_unclaimed() {
        let g = crate::learn::tests::small();
        let l = bayes(&g, &params(), &Extra::default());
        for q in 0..g.n_questions() {
            let total: f64 = g.question_claims(q).map(|c| l.confidence[c]).sum();
            assert!(total < 1.0 && total > 0.5, "{q}: {total}");
        }
    }

    #[test]
    fn results_do_not_depend_on_threads() {
        let g = crate::learn::graph::parallel_test_graph();
        let par = bayes(&g, &params(), &Extra::default());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let one = pool.install(|| bayes(&g, &params(), &Extra::default()));
        assert_eq!(par, one);
    }
}
