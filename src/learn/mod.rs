//! Learned source reliability: how far to trust each source, estimated from the data together with
//! the truth of the claims, for sources nobody has graded.
//!
//! Every algorithm runs on a [`Graph`] of sources and claims, claims grouped into questions whose
//! answers compete (exactly one is true). All are iterative, stop when the largest change of a source's
//! trust falls below `tolerance` or after `max_iterations`, and are deterministic: every number is
//! computed by one thread in a fixed order, so results do not depend on the number of threads.
//!
//! - [`em`]: the default. EM for a one-coin Dawid–Skene model with a Beta prior on each source's
//!   accuracy (Dawid & Skene 1979; one-coin form as in Karger, Oh & Shah 2011; MAP-EM with Beta
//!   priors as in Raykar et al. 2010).
//! - [`classic`]: Sums (Kleinberg 1999's hubs and authorities, as adapted by Pasternack & Roth 2010),
//!   AverageLog, Investment and PooledInvestment (Pasternack & Roth, COLING 2010, "Knowing what to
//!   believe (when you already know something)").
//! - [`truthfinder`]: TruthFinder (Yin, Han & Yu, KDD 2007 / TKDE 2008).
//! - `none`: majority vote: every source counts the same.
//!
//! A claim's `confidence` is its share of its question: for EM the posterior probability, for the
//! other methods the method's belief score divided by the sum over the question's answers (a ranking
//! score, not a calibrated probability). A source's `reliability` is, for EM, its estimated accuracy;
//! for the other methods the mean of Beta(a + C, b + n − C), where n is the number of claims it asserts
//! and C the sum of their confidences (its expected number of correct claims). The interval is the
//! central interval of that same Beta distribution for every method.
//!
//! Tie policy: the top answer of a question is the one with the highest confidence; answers within
//! [`TIE_EPSILON`] of it are tied. Tables show the first tied answer in claim order (claims are sorted
//! by value) and mark the tie; accuracy against a gold file gives a tied question 1/k credit when the
//! gold answer is one of the k tied answers (the expected accuracy of breaking the tie at random).

pub mod bayes;
pub mod classic;
pub mod copying;
pub mod em;
pub mod graph;
pub mod ledger;
pub mod special;
pub mod truthfinder;
pub mod values;

use std::ops::Range;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use graph::Graph;

/// Answers whose confidences differ by at most this much are tied.
pub const TIE_EPSILON: f64 = 1e-9;

/// Below this many (source, claim) pairs, the algorithms run on one thread (same results either way).
const PARALLEL_MIN_EDGES: usize = 1 << 15;
/// Questions per parallel block.
const BLOCK_QUESTIONS: usize = 4096;

/// How sources' reliability is learned (the rubric's `[reliability] method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LearnMethod {
    /// Nothing is learned: for triples, a majority vote; for TOML ledgers, the rubric's levels.
    None,
    /// The default: variational Bayes over each source's accuracy with a learned prior, an honest
    /// model of wrong and unclaimed values, structured values and copy detection ([`bayes`]).
    Bayes,
    /// EM over a one-coin Dawid–Skene model with Beta priors (MAP estimates).
    Em,
    Sums,
    AverageLog,
    Investment,
    PooledInvestment,
    Truthfinder,
}

impl LearnMethod {
    pub const ALL: [LearnMethod; 8] = [
        LearnMethod::None,
        LearnMethod::Bayes,
        LearnMethod::Em,
        LearnMethod::Sums,
        LearnMethod::AverageLog,
        LearnMethod::Investment,
        LearnMethod::PooledInvestment,
        LearnMethod::Truthfinder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LearnMethod::None => "none",
            LearnMethod::Bayes => "bayes",
            LearnMethod::Em => "em",
            LearnMethod::Sums => "sums",
            LearnMethod::AverageLog => "average-log",
            LearnMethod::Investment => "investment",
            LearnMethod::PooledInvestment => "pooled-investment",
            LearnMethod::Truthfinder => "truthfinder",
        }
    }

    /// The iteration cap when the rubric sets none: 100, except Bayes (1000) and Investment (20)
    /// and PooledInvestment (10), the counts of their reference implementation (the `truthdiscovery`
    /// package, after Pasternack & Roth): their trust keeps concentrating on a few sources instead of
    /// settling, and answers get worse the longer they run.
    pub fn default_max_iterations(self) -> u32 {
        match self {
            LearnMethod::Investment => 20,
            LearnMethod::PooledInvestment => 10,
            // EM-like iterations converge linearly; the model's two phases (without, then with copy
            // discounts) each need their own run to the tolerance.
            LearnMethod::Bayes => 1000,
            _ => 100,
        }
    }

    pub fn parse(s: &str) -> Option<LearnMethod> {
        LearnMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// The settings of a learning run (the rubric's `[reliability]` table).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Params {
    pub method: LearnMethod,
    /// Stop when no source's trust changes by more than this between two iterations.
    pub tolerance: f64,
    /// Stop after this many iterations even if not converged; `None`: the method's default
    /// ([`LearnMethod::default_max_iterations`]).
    pub max_iterations: Option<u32>,
    /// Beta(prior_a, prior_b): the prior on each source's accuracy (Bayes: its starting point when
    /// `learn_prior`; EM) and the pseudo-counts of the other methods' reliability intervals. A
    /// source with few claims is shrunk toward its mean.
    pub prior_a: f64,
    pub prior_b: f64,
    /// Bayes: learn the prior from the data (empirical Bayes). False when the rubric sets
    /// `prior_a` or `prior_b`.
    pub learn_prior: bool,
    /// Bayes: detect copying between sources and discount copies.
    pub copying: bool,
    /// Bayes: let close values of times, dates, numbers and lists support each other.
    pub structure: bool,
    /// EM: how many values a question can take. N > 0: at least N, the values nobody asserted
    /// included. 0 (the default): for triples whose values form a label set shared by the
    /// questions (at most half as many distinct values as claims, as with crowdsourced labels),
    /// the number of distinct values, as in Dawid & Skene's model; otherwise only the answers
    /// observed for the question (see [`Params::resolve_alternatives`]).
    pub alternatives: u32,
}

impl Params {
    /// `alternatives` for a data set with `values` distinct values over `claims` claims: as set, or
    /// if 0, the number of distinct values when they form a shared label set.
    pub fn resolve_alternatives(&self, values: usize, claims: usize) -> u32 {
        if self.alternatives == 0 && values >= 2 && values.saturating_mul(2) <= claims {
            u32::try_from(values).unwrap_or(u32::MAX)
        } else {
            self.alternatives
        }
    }

    /// The iteration cap in force.
    pub fn cap(&self) -> u32 {
        self.max_iterations
            .unwrap_or_else(|| self.method.default_max_iterations())
            .max(1)
    }
}

impl Default for Params {
    /// EM; tolerance 1e-6 on trust; the method's iteration cap; Beta(2, 2), the weakest Beta prior
    /// whose MAP estimate never reaches 0 or 1 (Laplace's rule: (correct + 1) / (claims + 2)).
    fn default() -> Self {
        Params {
            method: LearnMethod::Bayes,
            tolerance: 1e-6,
            max_iterations: None,
            prior_a: 2.0,
            prior_b: 2.0,
            learn_prior: true,
            copying: true,
            structure: true,
            alternatives: 0,
        }
    }
}

/// The outcome of a learning run.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    pub method: LearnMethod,
    pub iterations: u32,
    pub converged: bool,
    /// Per claim: its share of its question (EM: posterior probability).
    pub confidence: Vec<f64>,
    /// Per source: the method's own trust score (EM: estimated accuracy; Sums, AverageLog,
    /// Investment, PooledInvestment: scaled so that the largest is 1; TruthFinder: t(s); none: 1).
    pub trust: Vec<f64>,
    /// Per source: the sum of `confidence` over its claims, when the method added it up on the way
    /// (EM's last E-step does); [`source_reliability`] adds it up otherwise.
    pub correct: Option<Vec<f64>>,
    /// What the Bayesian model learned besides (its sources' posteriors, copying, …).
    pub bayes: Option<Box<bayes::BayesInfo>>,
}

/// What the per-source tables and JSON show.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SourceReliability {
    /// Claims the source asserts.
    pub claims: usize,
    /// Expected number of them that are true: the sum of their confidences.
    pub correct: f64,
    /// Estimated probability that a claim of this source is true.
    pub reliability: f64,
    pub low: f64,
    pub high: f64,
    pub level: f64,
    /// The method's own trust score.
    pub trust: f64,
}

/// Runs the method of `params` on `graph`, all values categorical.
pub fn run(graph: &Graph, params: &Params) -> Learned {
    run_with(graph, params, &bayes::Extra::default())
}

/// Runs the method of `params` on `graph`, with what the Bayesian model uses besides the graph
/// (the other methods ignore it).
pub fn run_with(graph: &Graph, params: &Params, extra: &bayes::Extra) -> Learned {
    match params.method {
        LearnMethod::None => Learned {
            method: LearnMethod::None,
            iterations: 0,
            converged: true,
            confidence: vote(graph),
            trust: vec![1.0; graph.n_sources],
            correct: None,
            bayes: None,
        },
        LearnMethod::Bayes => bayes::bayes(graph, params, extra),
        LearnMethod::Em => em::em(graph, params),
        LearnMethod::Sums
        | LearnMethod::AverageLog
        | LearnMethod::Investment
        | LearnMethod::PooledInvestment => classic::run(graph, params),
        LearnMethod::Truthfinder => truthfinder::truthfinder(graph, params),
    }
}

/// Majority vote: each claim's share of the sources that answered its question.
pub fn vote(g: &Graph) -> Vec<f64> {
    let mut out: Vec<f64> = (0..g.n_claims())
        .map(|c| g.claim_degree(c) as f64)
        .collect();
    normalise_questions(g, &mut out);
    out
}

/// Divides every claim's score by the sum over its question; a question whose scores are all zero
/// (or not finite) gets equal shares.
pub fn normalise_questions(g: &Graph, scores: &mut [f64]) {
    for_question_blocks(g, scores, |qs, base, out| {
        for q in qs {
            let r = g.question_claims(q);
            let s = &mut out[r.start - base..r.end - base];
            let total: f64 = s.iter().sum();
            if total > 0.0 && total.is_finite() {
                s.iter_mut().for_each(|x| *x /= total);
            } else {
                let share = 1.0 / s.len() as f64;
                s.iter_mut().for_each(|x| *x = share);
            }
        }
    });
}

/// The graph's questions cut into blocks of consecutive questions; the cut depends only on the
/// graph.
pub(crate) fn question_spans(g: &Graph) -> Vec<Range<usize>> {
    let nq = g.n_questions();
    (0..nq)
        .step_by(BLOCK_QUESTIONS)
        .map(|q0| q0..(q0 + BLOCK_QUESTIONS).min(nq))
        .collect()
}

/// `out` (one entry per claim) cut into the blocks of [`question_spans`]: (questions, first claim,
/// the block's claims).
pub(crate) fn question_blocks<'a>(
    g: &Graph,
    out: &'a mut [f64],
) -> Vec<(Range<usize>, usize, &'a mut [f64])> {
    let mut rest = out;
    question_spans(g)
        .into_iter()
        .map(|qs| {
            let len = (g.q_ptr[qs.end] - g.q_ptr[qs.start]) as usize;
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(len);
            rest = tail;
            let c0 = g.q_ptr[qs.start] as usize;
            (qs, c0, head)
        })
        .collect()
}

/// Whether the graph is large enough for the learning loops to run in parallel.
pub(crate) fn parallel(g: &Graph) -> bool {
    g.n_edges() >= PARALLEL_MIN_EDGES
}

/// Calls `f(questions, first_claim, claims_slice)` on blocks of consecutive questions, in parallel
/// for large graphs. Each block writes only its own claims, so the result is the same on any number
/// of threads.
pub(crate) fn for_question_blocks<F>(g: &Graph, out: &mut [f64], f: F)
where
    F: Fn(Range<usize>, usize, &mut [f64]) + Sync,
{
    let blocks = question_blocks(g, out);
    if parallel(g) {
        blocks
            .into_par_iter()
            .for_each(|(qs, base, s)| f(qs, base, s));
    } else {
        for (qs, base, s) in blocks {
            f(qs, base, s);
        }
    }
}

/// Sets `out[s] = f(s)` for every source, in parallel for large graphs.
pub(crate) fn for_sources<F>(g: &Graph, out: &mut [f64], f: F)
where
    F: Fn(usize) -> f64 + Sync,
{
    if parallel(g) {
        out.par_iter_mut()
            .enumerate()
            .with_min_len(64)
            .for_each(|(s, x)| *x = f(s));
    } else {
        for (s, x) in out.iter_mut().enumerate() {
            *x = f(s);
        }
    }
}

/// Sets `out[c] = f(c)` for every claim, in parallel for large graphs.
pub(crate) fn for_claims<F>(g: &Graph, out: &mut [f64], f: F)
where
    F: Fn(usize) -> f64 + Sync,
{
    if parallel(g) {
        out.par_iter_mut()
            .enumerate()
            .with_min_len(4096)
            .for_each(|(c, x)| *x = f(c));
    } else {
        for (c, x) in out.iter_mut().enumerate() {
            *x = f(c);
        }
    }
}

/// Largest absolute difference between two vectors (infinite if either holds a NaN).
pub(crate) fn max_change(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(
            0.0,
            |m, d| if d.is_nan() { f64::INFINITY } else { m.max(d) },
        )
}

/// Divides by the largest entry (if positive), so that the largest is 1.
pub(crate) fn scale_to_max(v: &mut [f64]) {
    let m = v.iter().copied().fold(0.0, f64::max);
    if m > 0.0 && m.is_finite() {
        v.iter_mut().for_each(|x| *x /= m);
    }
}

/// Claims per block of [`source_sums`]'s scatter.
const SUM_BLOCK_CLAIMS: usize = 1 << 14;

/// Whether per-source sums are best made by adding each claim to its sources' sums, keeping one array
/// of sums per block of `blocks`: when those arrays cost no more than the graph's pairs.
pub(crate) fn scatter_sums(g: &Graph, blocks: usize) -> bool {
    g.n_sources.saturating_mul(blocks) <= g.n_edges()
}

/// Adds `values[c]` to the sums of claim `c`'s sources, for every claim of `claims`.
pub(crate) fn add_to_sources(g: &Graph, claims: Range<usize>, values: &[f64], sums: &mut [f64]) {
    for (c, &x) in claims.zip(values) {
        for &s in g.claim_sources(c) {
            sums[s as usize] += x;
        }
    }
}

/// Adds blocks' per-source sums in block order.
pub(crate) fn total_sums(n_sources: usize, parts: Vec<Vec<f64>>) -> Vec<f64> {
    let mut out = vec![0.0; n_sources];
    for p in parts {
        out.iter_mut().zip(p).for_each(|(o, x)| *o += x);
    }
    out
}

/// For every source, the sum of `values` over its claims: by [`scatter_sums`] with blocks of claims
/// read in order, in parallel, their sums added in block order; otherwise by gathering each
/// source's claims. Either way the order of the additions depends only on the graph, so the result
/// is the same on any number of threads.
pub fn source_sums(g: &Graph, values: &[f64]) -> Vec<f64> {
    let n = g.n_sources;
    let blocks = g.n_claims().div_ceil(SUM_BLOCK_CLAIMS);
    if !scatter_sums(g, blocks) {
        let mut out = vec![0.0; n];
        for_sources(g, &mut out, |s| {
            g.source_claims(s).iter().map(|&c| values[c as usize]).sum()
        });
        return out;
    }
    let block = |b: usize| {
        let mut sums = vec![0.0; n];
        let r = b * SUM_BLOCK_CLAIMS..((b + 1) * SUM_BLOCK_CLAIMS).min(g.n_claims());
        add_to_sources(g, r.clone(), &values[r], &mut sums);
        sums
    };
    let parts: Vec<Vec<f64>> = if parallel(g) {
        (0..blocks).into_par_iter().map(block).collect()
    } else {
        (0..blocks).map(block).collect()
    };
    total_sums(n, parts)
}

/// The central `level` interval of Beta(alpha, beta).
pub fn beta_interval(alpha: f64, beta: f64, level: f64) -> (f64, f64) {
    // Bounded in time for any parameters (see `score::beta`).
    crate::score::beta::central(alpha, beta, level)
}

/// Reliability and interval of every source (see the module documentation).
pub fn source_reliability(
    g: &Graph,
    learned: &Learned,
    params: &Params,
    level: f64,
) -> Vec<SourceReliability> {
    // Expected number of correct claims of each source: the sum of its claims' confidences.
    let summed;
    let correct = match &learned.correct {
        Some(c) => c,
        None => {
            summed = source_sums(g, &learned.confidence);
            &summed
        }
    };
    let posterior = learned.bayes.as_ref().map(|b| &b.posterior);
    let one = |s: usize| {
        let n = g.source_degree(s) as f64;
        let c = correct[s].clamp(0.0, n);
        let (alpha, beta) = match posterior {
            // The model's own posterior on the source's accuracy.
            Some(p) => p[s],
            None => (params.prior_a + c, params.prior_b + (n - c)),
        };
        let (low, high) = beta_interval(alpha, beta, level);
        let reliability = match learned.method {
            LearnMethod::Em => learned.trust[s],
            _ if alpha + beta > 0.0 => alpha / (alpha + beta),
            _ => params.prior_a / (params.prior_a + params.prior_b),
        };
        SourceReliability {
            claims: g.source_degree(s),
            correct: c,
            reliability,
            low: low.min(reliability),
            high: high.max(reliability),
            level,
            trust: learned.trust[s],
        }
    };
    // A Beta quantile takes some microseconds: worth spreading from a few dozen sources.
    if g.n_sources >= 32 {
        (0..g.n_sources).into_par_iter().map(one).collect()
    } else {
        (0..g.n_sources).map(one).collect()
    }
}

/// The top answer of question `q` and the number of answers tied with it (1 when there is no tie).
/// `None` for a question without answers.
pub fn top_answer(g: &Graph, confidence: &[f64], q: usize) -> Option<(usize, usize)> {
    let r = g.question_claims(q);
    let best = r
        .clone()
        .map(|c| confidence[c])
        .fold(f64::NEG_INFINITY, f64::max);
    let mut first = None;
    let mut ties = 0;
    for c in r {
        if confidence[c] >= best - TIE_EPSILON {
            first.get_or_insert(c);
            ties += 1;
        }
    }
    first.map(|c| (c, ties))
}

/// Agreement of the top answers with a gold standard, and the calibration of their confidences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accuracy {
    /// Share of the gold questions (seeded ones excepted) whose top answer is the gold one, ties
    /// earning 1/k: every gold line counts, including questions missing from the data.
    pub accuracy: f64,
    /// The same share over the gold questions found in the data (the peers' figure: items with at
    /// least one claim), ties earning 1/k.
    pub accuracy_found: f64,
    /// Over the same questions, ties broken as the peers break them: the smallest tied value wins.
    pub accuracy_smallest: f64,
    /// Questions in the gold file.
    pub questions: usize,
    /// Of those, questions that appear in the data (seeded ones excepted).
    pub found: usize,
    /// Of those, questions where some source gave the gold answer.
    pub answerable: usize,
    /// Gold questions that were also seeded (`--seed`): left out of every measure.
    pub seeded: usize,
    /// Credit earned (a tied question earns 1/k).
    pub correct: f64,
    /// Expected calibration error of the top answer's confidence over the found questions: the
    /// mean over equal-width bins of |confidence − accuracy|, weighted by the bin's share.
    pub ece: f64,
    /// Brier score of the top answer's confidence: the mean of (confidence − credit)².
    pub brier: f64,
    /// The reliability diagram: the found questions by the top answer's confidence.
    pub bins: Vec<CalibrationBin>,
}

/// One bin of a reliability diagram.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CalibrationBin {
    pub low: f64,
    pub high: f64,
    pub count: usize,
    /// Mean confidence and mean credit (accuracy) of the questions in the bin.
    pub confidence: f64,
    pub accuracy: f64,
}

/// Bins of the reliability diagram and of the ECE: [0, 0.1), [0.1, 0.2), …, [0.9, 1] (the
/// customary ten, as in Guo et al., "On calibration of modern neural networks", ICML 2017).
pub const CALIBRATION_BINS: usize = 10;

/// One gold answer resolved against the data: the question's index if it appears, and the claim
/// index of the gold value if some source asserted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoldAnswer {
    pub question: Option<u32>,
    pub claim: Option<u32>,
}

/// Accuracy and calibration against `gold`. A gold question missing from the data, or whose gold
/// value nobody asserted, counts as wrong. Questions marked in `seeded` are left out.
pub fn accuracy(g: &Graph, confidence: &[f64], gold: &[GoldAnswer], seeded: &[bool]) -> Accuracy {
    let mut found = 0;
    let mut answerable = 0;
    let mut n_seeded = 0;
    let mut correct = 0.0;
    let mut smallest = 0.0;
    let mut brier = 0.0;
    let mut bins = [(0usize, 0.0f64, 0.0f64); CALIBRATION_BINS];
    for a in gold {
        let Some(q) = a.question else { continue };
        if seeded.get(q as usize).copied().unwrap_or(false) {
            n_seeded += 1;
            continue;
        }
        found += 1;
        let r = g.question_claims(q as usize);
        let best = r
            .clone()
            .map(|x| confidence[x])
            .fold(f64::NEG_INFINITY, f64::max);
        let tied: Vec<usize> = r.filter(|&x| confidence[x] >= best - TIE_EPSILON).collect();
        let mut credit = 0.0;
        if let Some(c) = a.claim {
            answerable += 1;
            if tied.contains(&(c as usize)) {
                credit = 1.0 / tied.len() as f64;
            }
            if tied.first() == Some(&(c as usize)) {
                smallest += 1.0;
            }
        }
        correct += credit;
        let conf = if best.is_finite() { best } else { 0.0 };
        brier += (conf - credit).powi(2);
        let b = ((conf * CALIBRATION_BINS as f64) as usize).min(CALIBRATION_BINS - 1);
        bins[b].0 += 1;
        bins[b].1 += conf;
        bins[b].2 += credit;
    }
    let share = |x: f64, n: usize| if n == 0 { 0.0 } else { x / n as f64 };
    let ece = bins
        .iter()
        .map(|&(n, c, k)| if n == 0 { 0.0 } else { (c - k).abs() })
        .sum::<f64>();
    Accuracy {
        accuracy: share(correct, gold.len() - n_seeded),
        accuracy_found: share(correct, found),
        accuracy_smallest: share(smallest, found),
        questions: gold.len(),
        found,
        answerable,
        seeded: n_seeded,
        correct,
        ece: share(ece, found),
        brier: share(brier, found),
        bins: bins
            .iter()
            .enumerate()
            .map(|(i, &(n, c, k))| CalibrationBin {
                low: i as f64 / CALIBRATION_BINS as f64,
                high: (i + 1) as f64 / CALIBRATION_BINS as f64,
                count: n,
                confidence: share(c, n),
                accuracy: share(k, n),
            })
            .collect(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two questions: q0 = {c0, c1, c2}, q1 = {c3, c4}; sources 0..4.
    /// s0: c0, c3; s1: c0, c3; s2: c1, c4; s3: c0.
    pub fn small() -> Graph {
        Graph::new(
            4,
            vec![0, 3, 5],
            vec![(0, 0), (3, 0), (0, 1), (3, 1), (1, 2), (4, 2), (0, 3)],
        )
    }

    #[test]
    fn vote_is_the_share_of_sources() {
        let v = vote(&small());
        assert_eq!(v, vec![0.75, 0.25, 0.0, 2.0 / 3.0, 1.0 / 3.0]);
    }

    #[test]
    fn ties_get_fractional_credit() {
        let g = Graph::new(2, vec![0, 2], vec![(0, 0), (1, 1)]);
        let conf = vote(&g);
        assert_eq!(top_answer(&g, &conf, 0), Some((0, 2)));
        let a = accuracy(
            &g,
            &conf,
            &[GoldAnswer {
                question: Some(0),
                claim: Some(1),
            }],
            &[],
        );
        assert_eq!(a.correct, 0.5);
        assert_eq!(a.accuracy, 0.5);
        // The peers' rule: the smallest tied value (the first claim) wins, and it is not gold.
        assert_eq!(a.accuracy_smallest, 0.0);
        // Confidence 0.5, credit 0.5: calibrated.
        assert_eq!((a.ece, a.brier), (0.0, 0.0));
        assert_eq!(a.bins[5].count, 1);
    }

    #[test]
    fn missing_gold_questions_count_as_wrong() {
        let g = small();
        let conf = vote(&g);
        let gold = [
            GoldAnswer {
                question: Some(0),
                claim: Some(0),
            },
            GoldAnswer {
                question: Some(1),
                claim: None,
            },
            GoldAnswer {
                question: None,
                claim: None,
            },
        ];
        let a = accuracy(&g, &conf, &gold, &[]);
        assert_eq!((a.questions, a.found, a.answerable), (3, 2, 1));
        assert!((a.accuracy - 1.0 / 3.0).abs() < 1e-15);
        // Over the questions found: 1 of 2.
        assert_eq!((a.accuracy_found, a.accuracy_smallest), (0.5, 0.5));
        // q0: top 0.75, right; q1: top 2/3, wrong (its gold value nobody asserted).
        let want = ((0.75f64 - 1.0).powi(2) + (2.0f64 / 3.0).powi(2)) / 2.0;
        assert!((a.brier - want).abs() < 1e-15);
        // Bins [0.6, 0.7) and [0.7, 0.8): |2/3 − 0| and |0.75 − 1|, each over 2 questions.
        assert!((a.ece - (2.0 / 3.0 + 0.25) / 2.0).abs() < 1e-15);
        // Seeding q0 leaves only q1, which is wrong.
        let a = accuracy(&g, &conf, &gold, &[true, false]);
        assert_eq!((a.found, a.seeded, a.correct), (1, 1, 0.0));
        assert_eq!(a.accuracy, 0.0);
    }

    #[test]
    fn beta_interval_of_the_uniform_is_its_quantiles() {
        let (lo, hi) = beta_interval(1.0, 1.0, 0.9);
        assert!((lo - 0.05).abs() < 1e-9 && (hi - 0.95).abs() < 1e-9);
    }

    #[test]
    fn method_names_round_trip() {
        for m in LearnMethod::ALL {
            assert_eq!(LearnMethod::parse(m.as_str()), Some(m));
        }
    }
}
