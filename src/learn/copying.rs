//! Copying between sources: Dong, Berti-Equille & Srivastava, "Integrating conflicting data: the
//! role of source dependence", VLDB 2009 (the Depen and AccuCopy models).
//!
//! For two sources that answer some questions in common: `shared` is how many questions they both
//! answer, `same` how many of those they answer alike, of which an expected `kt` = Σ P(true) are
//! alike and true and `kf = same − kt` alike and false; `kd = shared − same` differ. With their
//! accuracies a₁, a₂ (posterior means), independent sources agree on a true value with probability
//! Pt = a₁a₂, on a false one with Pf = (1 − a₁)(1 − a₂)·π, where π is the probability that two
//! independent wrong answers coincide under the model's wrong-value distribution, and differ with
//! Pd = 1 − Pt − Pf. A source that copies the other copies each answer with probability c and
//! otherwise answers independently, so (source 1 copying source 2)
//!     P(alike, true) = c·a₂ + (1 − c)·Pt,  P(alike, false) = c·(1 − a₂) + (1 − c)·Pf,
//!     P(differ) = (1 − c)·Pd.
//! Bayes' rule over "independent", "1 copies 2" and "2 copies 1", with prior probability α for each
//! direction, gives each pair's probability of dependence. Sharing false values is the strong
//! evidence (Pf is small); sharing true ones is weak evidence, and differing is evidence against.
//!
//! c = 0.8 is the copy rate of Dong et al.'s experiments (§6). α is learned from the data
//! (empirical Bayes): the α that makes the examined pairs' counts most likely, within
//! [`PRIOR_MIN`], [`PRIOR_MAX`].
//!
//! Discounting (their vote count, §4): a claim's sources are taken most accurate first; each counts
//! with the probability that it did not copy any source already counted,
//!     I(s) = Π_{s' before s} (1 − c·P(s and s' dependent)),
//! so two sources that always copy each other count as about 1.2 sources, not 2.
//!
//! Sparse and bounded. Only pairs of sources that answer a question in common are examined, found
//! through the questions' source lists (the index over shared values of Li et al., "Scaling up
//! copy detection", ICDE 2015); a question answered by more than [`MAX_SOURCES`] sources is left
//! out of the counts, so the work is at most [`MAX_SOURCES`] / 2 pairs per (source, question) pair.
//! A pair less than [`DEPENDENT_MIN`] likely to be dependent is counted as independent: its
//! discount would change a vote by less than c·0.05 = 4%.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::Graph;

/// Dong et al.'s copy rate.
pub const COPY_RATE: f64 = 0.8;
/// Bounds of the learned prior probability of copying in one direction.
pub const PRIOR_MIN: f64 = 1e-4;
pub const PRIOR_MAX: f64 = 0.25;
/// Questions answered by more sources than this are left out of the pair counts.
pub const MAX_SOURCES: usize = 128;
/// Pairs less likely to be dependent than this are counted as independent.
pub const DEPENDENT_MIN: f64 = 0.05;
/// Below this many sources, pair counts are kept in a dense triangle instead of a hash map.
const DENSE_MAX_SOURCES: usize = 1024;

/// Where the counts of each pair (a < b) are kept: a square matrix (slot a·n + b) for a few
/// sources, a hash map of the pairs met otherwise.
#[derive(Debug, Clone)]
enum PairIndex {
    Dense(usize),
    Sparse(HashMap<u64, u32>),
}

impl PairIndex {
    #[inline]
    fn get(&self, a: u32, b: u32) -> Option<usize> {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        match self {
            PairIndex::Dense(n) => Some(a as usize * n + b as usize),
            PairIndex::Sparse(m) => m
                .get(&(u64::from(a) << 32 | u64::from(b)))
                .map(|&i| i as usize),
        }
    }
}

/// The counts that do not depend on the truth: for every pair, questions answered in common and
/// answered alike.
#[derive(Debug, Clone)]
pub struct PairCounts {
    index: PairIndex,
    /// Pair of each slot (a < b).
    pairs: Vec<(u32, u32)>,
    shared: Vec<u32>,
    same: Vec<u32>,
    /// Per question: whether it is counted (at most [`MAX_SOURCES`] sources).
    counted: Vec<bool>,
}

/// The distinct sources of question `q` into `buf` (a source may give a question several
/// answers), using `mark` (per source, the last question it was seen in, plus one).
fn question_sources(g: &Graph, q: usize, mark: &mut [u32], buf: &mut Vec<u32>) {
    buf.clear();
    for c in g.question_claims(q) {
        for &s in g.claim_sources(c) {
            if mark[s as usize] != q as u32 + 1 {
                mark[s as usize] = q as u32 + 1;
                buf.push(s);
            }
        }
    }
}

/// How many blocks of questions the parallel counts use: a fixed number, so that the sums of
/// [`PairCounts::alike_true`] are added in the same order on any number of threads (a number that
/// followed the threads changed their last bits); 16 keeps up to 16 threads busy, and each block
/// holds one counter per pair.
const BLOCKS: usize = 16;

/// Blocks of questions for the parallel counts.
fn blocks(g: &Graph) -> Vec<std::ops::Range<usize>> {
    let nq = g.n_questions();
    let parts = BLOCKS;
    let per = nq.div_ceil(parts).max(1);
    (0..parts)
        .map(|k| (k * per).min(nq)..((k + 1) * per).min(nq))
        .filter(|r| !r.is_empty())
        .collect()
}

impl PairCounts {
    pub fn new(g: &Graph) -> PairCounts {
        let n = g.n_sources;
        let counted: Vec<bool> = (0..g.n_questions())
            .map(|q| {
                let r = g.question_claims(q);
                let d = (g.c_ptr[r.end] - g.c_ptr[r.start]) as usize;
                (2..=MAX_SOURCES).contains(&d)
            })
            .collect();
        if n <= DENSE_MAX_SOURCES {
            let slots = n * n;
            let parts: Vec<(Vec<u32>, Vec<u32>)> = blocks(g)
                .into_par_iter()
                .map(|qs| {
                    let mut shared = vec![0u32; slots];
                    let mut same = vec![0u32; slots];
                    let mut mark = vec![0u32; n];
                    let mut buf = Vec::new();
                    for q in qs {
                        if !counted[q] {
                            continue;
                        }
                        question_sources(g, q, &mut mark, &mut buf);
                        for (i, &a) in buf.iter().enumerate() {
                            for &b in &buf[i + 1..] {
                                let (a, b) = (a.min(b) as usize, a.max(b) as usize);
                                shared[a * n + b] += 1;
                            }
                        }
                        for c in g.question_claims(q) {
                            let s = g.claim_sources(c);
                            for (i, &a) in s.iter().enumerate() {
                                let row = &mut same[a as usize * n..];
                                for &b in &s[i + 1..] {
                                    // Ascending within a claim: a < b.
                                    row[b as usize] += 1;
                                }
                            }
                        }
                    }
                    (shared, same)
                })
                .collect();
            let mut shared = vec![0u32; slots];
            let mut same = vec![0u32; slots];
            for (sh, sa) in parts {
                shared.iter_mut().zip(sh).for_each(|(x, y)| *x += y);
                same.iter_mut().zip(sa).for_each(|(x, y)| *x += y);
            }
            let pairs = (0..slots)
                .map(|i| ((i / n.max(1)) as u32, (i % n.max(1)) as u32))
                .collect();
            return PairCounts {
                index: PairIndex::Dense(n),
                pairs,
                shared,
                same,
                counted,
            };
        }
        let mut map: HashMap<u64, u32> = HashMap::new();
        let mut pairs = Vec::new();
        let mut shared: Vec<u32> = Vec::new();
        let mut same: Vec<u32> = Vec::new();
        let mut mark = vec![0u32; n];
        let mut buf = Vec::new();
        let mut slot = |map: &mut HashMap<u64, u32>, a: u32, b: u32| -> usize {
            let (a, b) = (a.min(b), a.max(b));
            *map.entry(u64::from(a) << 32 | u64::from(b))
                .or_insert_with(|| {
                    pairs.push((a, b));
                    shared.push(0);
                    same.push(0);
                    (pairs.len() - 1) as u32
                }) as usize
        };
        let mut shared_at = Vec::new();
        let mut same_at = Vec::new();
        for (q, _) in counted.iter().enumerate().filter(|x| *x.1) {
            question_sources(g, q, &mut mark, &mut buf);
            for (i, &a) in buf.iter().enumerate() {
                for &b in &buf[i + 1..] {
                    shared_at.push(slot(&mut map, a, b));
                }
            }
            for c in g.question_claims(q) {
                let s = g.claim_sources(c);
                for (i, &a) in s.iter().enumerate() {
                    for &b in &s[i + 1..] {
                        same_at.push(slot(&mut map, a, b));
                    }
                }
            }
        }
        for i in shared_at {
            shared[i] += 1;
        }
        for i in same_at {
            same[i] += 1;
        }
        PairCounts {
            index: PairIndex::Sparse(map),
            pairs,
            shared,
            same,
            counted,
        }
    }

    /// Pairs that answer at least one question in common.
    pub fn examined(&self) -> usize {
        self.shared.iter().filter(|&&x| x > 0).count()
    }

    /// For every pair, the expected number of questions answered alike and truly: Σ P(true) over
    /// the claims both assert.
    fn alike_true(&self, g: &Graph, truth: &[f64]) -> Vec<f64> {
        let parts: Vec<Vec<f64>> = blocks(g)
            .into_par_iter()
            .map(|qs| {
                let mut kt = vec![0.0; self.shared.len()];
                for q in qs {
                    if !self.counted[q] {
                        continue;
                    }
                    for c in g.question_claims(q) {
                        let s = g.claim_sources(c);
                        let t = truth[c];
                        for (i, &a) in s.iter().enumerate() {
                            for &b in &s[i + 1..] {
                                if let Some(k) = self.index.get(a, b) {
                                    kt[k] += t;
                                }
                            }
                        }
                    }
                }
                kt
            })
            .collect();
        let mut kt = vec![0.0; self.shared.len()];
        for p in parts {
            kt.iter_mut().zip(p).for_each(|(x, y)| *x += y);
        }
        kt
    }
}

/// A detected dependence between two sources.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairDependence {
    pub a: u32,
    pub b: u32,
    /// Questions both answer, and of those answered alike.
    pub shared: u32,
    pub same: u32,
    /// Expected number answered alike and falsely.
    pub same_false: f64,
    /// P(a copies b), P(b copies a).
    pub a_copies_b: f64,
    pub b_copies_a: f64,
}

impl PairDependence {
    pub fn probability(&self) -> f64 {
        (self.a_copies_b + self.b_copies_a).min(1.0)
    }
}

/// The outcome of one round of copy detection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dependence {
    /// The learned prior probability of copying in one direction.
    pub prior: f64,
    /// Pairs examined (answering a question in common).
    pub examined: usize,
    /// Pairs at least [`DEPENDENT_MIN`] likely to be dependent, most likely first.
    pub pairs: Vec<PairDependence>,
    /// Per source, its dependent partners (ascending) and the probability: `partners[ptr[s]..]`.
    ptr: Vec<u32>,
    partners: Vec<(u32, f64)>,
}

/// The log-likelihoods of a pair's counts under independence and under each direction of copying.
fn pair_loglik(a1: f64, a2: f64, pi: f64, kt: f64, kf: f64, kd: f64) -> (f64, f64, f64) {
    let c = COPY_RATE;
    let pt = a1 * a2;
    let pf = (1.0 - a1) * (1.0 - a2) * pi;
    let pd = (1.0 - pt - pf).max(1e-300);
    let ln = |x: f64| x.max(1e-300).ln();
    let ind = kt * ln(pt) + kf * ln(pf) + kd * ln(pd);
    let copies = |orig: f64| {
        kt * ln(c * orig + (1.0 - c) * pt)
            + kf * ln(c * (1.0 - orig) + (1.0 - c) * pf)
            + kd * ln((1.0 - c) * pd)
    };
    // "1 copies 2": the original is 2.
    (ind, copies(a2), copies(a1))
}

/// P(1 copies 2), P(2 copies 1) from the log-likelihoods and the prior of each direction.
fn posterior((ind, c12, c21): (f64, f64, f64), prior: f64) -> (f64, f64) {
    let li = ind + (1.0 - 2.0 * prior).ln();
    let l12 = c12 + prior.ln();
    let l21 = c21 + prior.ln();
    let top = li.max(l12).max(l21);
    let (ei, e12, e21) = ((li - top).exp(), (l12 - top).exp(), (l21 - top).exp());
    let z = ei + e12 + e21;
    (e12 / z, e21 / z)
}

impl Dependence {
    /// One round: every examined pair's probability of dependence given the claims' probabilities of
    /// being true (`truth`), the sources' accuracies (`accuracy`, posterior means) and `pi`, with
    /// the prior learned from the pairs, starting from `prior`.
    pub fn detect(
        g: &Graph,
        counts: &PairCounts,
        truth: &[f64],
        accuracy: &[f64],
        pi: f64,
        prior: f64,
    ) -> Dependence {
        let kt = counts.alike_true(g, truth);
        let slots: Vec<usize> = (0..counts.shared.len())
            .filter(|&i| counts.shared[i] > 0)
            .collect();
        let ll: Vec<(f64, f64, f64)> = slots
            .par_iter()
            .with_min_len(1024)
            .map(|&i| {
                let (a, b) = counts.pairs[i];
                let same = f64::from(counts.same[i]);
                let t = kt[i].clamp(0.0, same);
                pair_loglik(
                    accuracy[a as usize],
                    accuracy[b as usize],
                    pi,
                    t,
                    same - t,
                    f64::from(counts.shared[i] - counts.same[i]),
                )
            })
            .collect();
        // Empirical Bayes: the prior maximises the likelihood of the pairs' counts,
        // Σ ln[(1 − 2α) L_ind + α (L₁₂ + L₂₁)], a concave function of α: bisection on its slope
        // Σ (r − 2) / (1 − 2α + α r), with r = (L₁₂ + L₂₁) / L_ind.
        let _ = prior;
        let ratio: Vec<f64> = ll
            .iter()
            .map(|&(ind, c12, c21)| {
                let top = c12.max(c21);
                ((top - ind).min(700.0)).exp() * ((c12 - top).exp() + (c21 - top).exp())
            })
            .collect();
        let slope = |a: f64| -> f64 {
            ratio
                .iter()
                .map(|&r| (r - 2.0) / (1.0 - 2.0 * a + a * r))
                .sum()
        };
        let prior = if ll.is_empty() || slope(PRIOR_MIN) <= 0.0 {
            PRIOR_MIN
        } else if slope(PRIOR_MAX) >= 0.0 {
            PRIOR_MAX
        } else {
            let (mut lo, mut hi) = (PRIOR_MIN, PRIOR_MAX);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if slope(mid) > 0.0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            0.5 * (lo + hi)
        };
        let mut pairs: Vec<PairDependence> = slots
            .iter()
            .zip(&ll)
            .filter_map(|(&i, &l)| {
                let (p12, p21) = posterior(l, prior);
                let (a, b) = counts.pairs[i];
                let same = f64::from(counts.same[i]);
                let d = PairDependence {
                    a,
                    b,
                    shared: counts.shared[i],
                    same: counts.same[i],
                    same_false: same - kt[i].clamp(0.0, same),
                    a_copies_b: p12,
                    b_copies_a: p21,
                };
                (d.probability() >= DEPENDENT_MIN).then_some(d)
            })
            .collect();
        pairs.sort_by(|x, y| {
            y.probability()
                .total_cmp(&x.probability())
                .then(x.a.cmp(&y.a))
                .then(x.b.cmp(&y.b))
        });
        let mut lists: Vec<Vec<(u32, f64)>> = vec![Vec::new(); g.n_sources];
        for p in &pairs {
            lists[p.a as usize].push((p.b, p.probability()));
            lists[p.b as usize].push((p.a, p.probability()));
        }
        let mut ptr = vec![0u32];
        let mut partners = Vec::new();
        for mut l in lists {
            l.sort_by_key(|x| x.0);
            partners.extend(l);
            ptr.push(partners.len() as u32);
        }
        Dependence {
            prior,
            examined: slots.len(),
            pairs,
            ptr,
            partners,
        }
    }

    /// Whether any pair is dependent.
    pub fn any(&self) -> bool {
        !self.pairs.is_empty()
    }

    /// The dependent partners of source `s`, ascending, with their probabilities.
    pub fn partners(&self, s: usize) -> &[(u32, f64)] {
        match (self.ptr.get(s), self.ptr.get(s + 1)) {
            (Some(&a), Some(&b)) => &self.partners[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The probability that `s` and `t` are dependent (0 below [`DEPENDENT_MIN`]).
    pub fn between(&self, s: u32, t: u32) -> f64 {
        let p = self.partners(s as usize);
        p.binary_search_by_key(&t, |x| x.0).map_or(0.0, |i| p[i].1)
    }

    /// The vote share I(s) of every (claim, source) pair of `g`, in the order of `g.c_src`: a
    /// claim's sources are counted by decreasing `rank` (the accuracies when copying was detected),
    /// then by index. The order is fixed for a round, so the shares are too.
    pub fn shares(&self, g: &Graph, rank: &[f64]) -> Vec<f64> {
        let mut out = vec![1.0; g.n_edges()];
        let chunk = 4096;
        out.par_chunks_mut(chunk).enumerate().for_each(|(k, slot)| {
            let (e0, e1) = (k * chunk, k * chunk + slot.len());
            // The claims whose pairs begin in this chunk (a claim's pairs may run past it).
            let mut c = g
                .c_ptr
                .partition_point(|&p| (p as usize) <= e0)
                .saturating_sub(1);
            let mut buf = Vec::new();
            while c < g.n_claims() && (g.c_ptr[c] as usize) < e1 {
                let (a, b) = (g.c_ptr[c] as usize, g.c_ptr[c + 1] as usize);
                if a >= e0 || b > e0 {
                    self.discounts(g.claim_sources(c), rank, &mut buf);
                    for (e, &x) in (a..b).zip(&buf) {
                        if (e0..e1).contains(&e) {
                            slot[e - e0] = x;
                        }
                    }
                }
                c += 1;
            }
        });
        out
    }

    /// The vote share I(s) of each source of a claim (`sources`, ranked by `weight`), in the order
    /// given, into `out`: sources are counted by decreasing weight (then index), each with the
    /// probability that it copied none of those counted before it.
    pub fn discounts(&self, sources: &[u32], weight: &[f64], out: &mut Vec<f64>) {
        out.clear();
        out.resize(sources.len(), 1.0);
        if sources.len() < 2
            || !sources
                .iter()
                .any(|&s| !self.partners(s as usize).is_empty())
        {
            return;
        }
        let mut order: Vec<usize> = (0..sources.len()).collect();
        order.sort_by(|&i, &j| {
            weight[sources[j] as usize]
                .total_cmp(&weight[sources[i] as usize])
                .then(sources[i].cmp(&sources[j]))
        });
        for (k, &i) in order.iter().enumerate() {
            let s = sources[i];
            if self.partners(s as usize).is_empty() {
                continue;
            }
            let mut share = 1.0;
            for &j in &order[..k] {
                share *= 1.0 - COPY_RATE * self.between(s, sources[j]);
            }
            out[i] = share;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pure_copier_is_found_and_counts_little() {
        // Sources 0..3 answer 40 questions of three answers; 0, 1 and 2 are independent, each
        // wrong on its own questions (0 on q % 4 == 1, 1 on q % 4 == 2, 2 on q % 4 == 3); source 3
        // copies source 0, its errors included.
        let mut edges = Vec::new();
        let mut q_ptr = vec![0u32];
        for q in 0..40u32 {
            let c = 3 * q;
            for s in 0..3u32 {
                let wrong = q % 4 == s + 1;
                edges.push((if wrong { c + 1 + s % 2 } else { c }, s));
            }
            let s0 = if q % 4 == 1 { c + 1 } else { c };
            edges.push((s0, 3));
            q_ptr.push(c + 3);
        }
        let g = Graph::new(4, q_ptr, edges);
        let counts = PairCounts::new(&g);
        // The truth: answer 0 of every question; accuracies as they are.
        let truth: Vec<f64> = (0..g.n_claims())
            .map(|c| if c % 3 == 0 { 1.0 } else { 0.0 })
            .collect();
        let acc = [0.75, 0.75, 0.75, 0.75];
        let pi = 0.5;
        let d = Dependence::detect(&g, &counts, &truth, &acc, pi, 0.1);
        assert_eq!(d.examined, 6);
        // Only the copier's pair is dependent.
        assert_eq!(d.pairs.len(), 1, "{:?}", d.pairs);
        let p = d.pairs[0];
        assert_eq!((p.a, p.b, p.shared, p.same), (0, 3, 40, 40));
        assert!((p.same_false - 10.0).abs() < 1e-12);
        assert!(p.probability() > 0.999, "{p:?}");
        // By hand: 30 alike and true, 10 alike and false, none differ. Independent: 30 ln(0.5625)
        // + 10 ln(0.0625 · 0.5); copying: 30 ln(0.8 · 0.75 + 0.2 · 0.5625) + 10 ln(0.8 · 0.25 +
        // 0.2 · 0.03125). Evidence for copying: 30 ln(0.7125 / 0.5625) + 10 ln(0.20625 / 0.03125).
        let (ind, c12, _) = pair_loglik(0.75, 0.75, pi, 30.0, 10.0, 0.0);
        let want = 30.0 * (0.7125f64 / 0.5625).ln() + 10.0 * (0.20625f64 / 0.03125).ln();
        assert!((c12 - ind - want).abs() < 1e-9);
        // A claim asserted by 0 and 3 counts them as 1 + (1 − 0.8 · P) sources.
        let mut out = Vec::new();
        d.discounts(&[0, 3], &[1.0, 1.0, 1.0, 1.0], &mut out);
        assert_eq!(out[0], 1.0);
        assert!((out[1] - (1.0 - 0.8 * p.probability())).abs() < 1e-12);
        // Independent sources are not discounted.
        d.discounts(&[0, 1, 2], &[1.0, 1.0, 1.0, 1.0], &mut out);
        assert_eq!(out, vec![1.0, 1.0, 1.0]);
    }

    #[test]
    fn pair_counts_by_hand() {
        // q0: source 0 says c0, sources 1 and 2 say c1; q1: sources 0 and 2 say c2, and source 2
        // also says c3 (two answers to one question count it once as shared).
        let g = Graph::new(
            3,
            vec![0, 2, 4],
            vec![(0, 0), (1, 1), (1, 2), (2, 0), (2, 2), (3, 2)],
        );
        let pc = PairCounts::new(&g);
        let get = |a: u32, b: u32| {
            let k = pc.index.get(a, b).unwrap();
            (pc.shared[k], pc.same[k])
        };
        assert_eq!(get(0, 1), (1, 0));
        assert_eq!(get(1, 2), (1, 1));
        assert_eq!(get(0, 2), (2, 1));
        assert_eq!(get(2, 0), (2, 1));
        assert_eq!(pc.examined(), 3);
    }
}
