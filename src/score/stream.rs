//! The rubric path at scale: the same scores as [`score`](super::score), computed claim by claim on
//! every core and written out as they are made, so that memory holds a claim's details only while
//! it is written.
//!
//! [`score`](super::score) keeps every claim's origins and reports (a few kilobytes per report) in
//! one [`CaseScore`](super::CaseScore) before anything is printed. Here:
//!
//! 1. **Totals** ([`Prepared::new`]): each claim's engine runs once, in parallel, and keeps only its
//!    [`Summary`](super::engine::Summary) (what posteriors, grades and the order of claims need) and
//!    its origins' counts for the source table ([`OriginCounts`], summed in any order: integers).
//! 2. **Posteriors, intervals, order and questions**, from the totals: the same functions as the
//!    reference path, so the same numbers.
//! 3. **Details** ([`Prepared::claims_in_order`]): claims in the printed order, a block at a time;
//!    within a block every claim's engine runs again with its details, in parallel, and the block
//!    is handed to the writer in order, then dropped.
//!
//! Each claim's numbers come from its own reports only (the engine's sums are exact, see
//! [`engine`](super::engine)), so the thread count never changes a byte. `tests/stream.rs` checks
//! the result against the reference path on the seeds, the test ledgers and random ledgers.

use rayon::prelude::*;

use super::aggregate::{self, Posterior};
use super::evidence::{ClaimEvidence, Detail, claim_evidence, claim_totals};
use super::{
    CaseScore, ClaimScore, Interval, OriginCounts, QuestionScore, RubricSummary, SourceScore,
    claim_head, claim_score, reports_by_claim, source_table, written_moment,
};
use crate::learn::LearnMethod;
use crate::learn::ledger::{LearningSummary, LedgerLearning, learn_ledger};
use crate::ledger::{Ledger, Moment};
use crate::rubric::Rubric;

/// Reports per block of claims whose details are made together: enough to keep both cores busy,
/// few enough that a block's details (about 4 KB per report) stay within a few hundred MB.
const BLOCK_REPORTS: usize = 1 << 14;

/// Everything of a scored case but the claims' details.
pub struct Prepared<'a> {
    ledger: &'a Ledger,
    rubric: &'a Rubric,
    pub as_of: Option<Moment>,
    /// Reports in force, by claim (ledger indices).
    by_claim: Vec<Vec<usize>>,
    /// All reports, by claim (for the moments as written).
    all_by_claim: Vec<Vec<usize>>,
    learning: Option<LedgerLearning>,
    totals: Vec<ClaimEvidence>,
    posteriors: Vec<Posterior>,
    intervals: Vec<Interval>,
    /// Claim indices in the printed order.
    pub order: Vec<usize>,
    pub questions: Vec<QuestionScore>,
    pub sources: Vec<SourceScore>,
}

impl<'a> Prepared<'a> {
    /// Scores every claim's totals and the sources (steps 1 and 2 above).
    pub fn new(ledger: &'a Ledger, rubric: &'a Rubric, as_of: Option<Moment>) -> Prepared<'a> {
        let as_of = as_of.or_else(|| ledger.default_as_of());
        let (in_force, by_claim) = reports_by_claim(ledger, as_of);
        let (_, all_by_claim) = reports_by_claim(ledger, None);
        let learning = rubric
            .reliability
            .filter(|p| p.method != LearnMethod::None)
            .map(|p| learn_ledger(ledger, &in_force, &p, rubric.interval));
        let n_sources = ledger.sources.len();
        // Each claim's totals, and its origins counted for the source table; a worker's counts
        // are merged with the others' (integer sums: the same in any order). At most 64 pieces,
        // so that the counts' tables (three numbers per source) stay few.
        let pieces = (ledger.claims.len() / 64).max(1);
        let (mut totals, counts) = by_claim
            .par_iter()
            .enumerate()
            .with_min_len(pieces)
            .fold(
                || (Vec::new(), None::<OriginCounts>),
                |(mut totals, mut counts), (ci, reports)| {
                    let (ev, tallies) =
                        claim_totals(ledger, rubric, ci, reports, learning.as_ref());
                    counts
                        .get_or_insert_with(|| OriginCounts::new(n_sources))
                        .add(&tallies);
                    totals.push((ci, ev));
                    (totals, counts)
                },
            )
            .reduce(
                || (Vec::new(), None),
                |(mut ta, ca), (tb, cb)| {
                    ta.extend(tb);
                    let counts = match (ca, cb) {
                        (Some(mut a), Some(b)) => {
                            a.merge(&b);
                            Some(a)
                        }
                        (a, b) => a.or(b),
                    };
                    (ta, counts)
                },
            );
        totals.sort_unstable_by_key(|(ci, _)| *ci);
        let totals: Vec<ClaimEvidence> = totals.into_iter().map(|(_, t)| t).collect();
        let counts = counts.unwrap_or_else(|| OriginCounts::new(n_sources));
        let posteriors = aggregate::posteriors(ledger, rubric, &totals);
        let intervals = intervals(rubric, &posteriors);

        // The printed order: questions (by id) with their answers, then the other claims; within a
        // group by first statement (claims with none last), then id (as `sort_claims`).
        let firsts: Vec<Option<Moment>> = totals
            .par_iter()
            .enumerate()
            .map(|(ci, t)| written_moment(ledger, &all_by_claim[ci], t.summary.first))
            .collect();
        let mut order: Vec<usize> = (0..ledger.claims.len()).collect();
        let key = |ci: usize| {
            let c = &ledger.claims[ci];
            (
                c.question.unwrap_or(usize::MAX),
                firsts[ci].is_none(),
                firsts[ci],
                c.id.as_str(),
            )
        };
        order.par_sort_by(|&a, &b| key(a).cmp(&key(b)));

        let mut members: Vec<Vec<usize>> = vec![Vec::new(); ledger.questions.len()];
        for &ci in &order {
            if let Some(q) = ledger.claims[ci].question {
                members[q].push(ci);
            }
        }
        let questions = ledger
            .questions
            .iter()
            .zip(members)
            .map(|(q, m)| {
                super::question_score(
                    q,
                    m.iter().map(|&ci| ledger.claims[ci].id.clone()).collect(),
                    m.iter().map(|&ci| posteriors[ci].probability),
                )
            })
            .collect();
        let sources = source_table(ledger, rubric, &in_force, &counts, learning.as_ref());
        Prepared {
            ledger,
            rubric,
            as_of,
            by_claim,
            all_by_claim,
            learning,
            totals,
            posteriors,
            intervals,
            order,
            questions,
            sources,
        }
    }

    pub fn title(&self) -> Option<&str> {
        self.ledger.title.as_deref()
    }

    pub fn rubric(&self) -> RubricSummary {
        RubricSummary {
            name: self.rubric.name.clone(),
            method: self.rubric.method,
        }
    }

    pub fn reliability(&self) -> Option<&LearningSummary> {
        self.learning.as_ref().map(|l| &l.summary)
    }

    /// One claim's full score (its engine run again, with details).
    pub fn claim(&self, ci: usize) -> ClaimScore {
        let (head, ev) = self.claim_head(ci);
        ClaimScore {
            by_origin: ev
                .origins
                .iter()
                .map(|o| super::evidence::origin_score(self.ledger, o))
                .collect(),
            ..head
        }
    }

    /// One claim's score without its origins (`by_origin` empty), and its evidence with every
    /// origin's detail: for a writer that writes the origins from the evidence itself.
    pub fn claim_head(&self, ci: usize) -> (ClaimScore, ClaimEvidence) {
        let ev = claim_evidence(
            self.ledger,
            self.rubric,
            ci,
            &self.by_claim[ci],
            self.learning.as_ref(),
            Detail::Origins,
        );
        debug_assert_eq!(ev.summary, self.totals[ci].summary);
        let head = claim_head(
            self.ledger,
            self.rubric,
            ci,
            &self.all_by_claim[ci],
            &ev,
            &self.posteriors[ci],
            self.intervals[ci],
        );
        (head, ev)
    }

    /// The ledger scored.
    pub fn ledger(&self) -> &'a Ledger {
        self.ledger
    }

    /// Every claim in the printed order, made a block at a time on every core and mapped by `each`
    /// (in parallel); `sink` receives the results in order. Stops at the first error of `sink`.
    pub fn claims_in_order<T: Send, E>(
        &self,
        each: impl Fn(ClaimScore) -> T + Sync,
        sink: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        self.each_claim_in_order(|ci| each(self.claim(ci)), sink)
    }

    /// As [`claims_in_order`](Self::claims_in_order), with `each` given the claim's index.
    ///
    /// The blocks are pipelined: while `sink` takes one block's results on the calling thread,
    /// the next block is made on the pool, so writing (often the kernel's copy of the bytes)
    /// overlaps scoring. At most two blocks are held at a time.
    pub fn each_claim_in_order<T: Send, E>(
        &self,
        each: impl Fn(usize) -> T + Sync,
        mut sink: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let make = |block: &[usize]| -> Vec<T> { block.par_iter().map(|&ci| each(ci)).collect() };
        let mut pending: Vec<T> = Vec::new();
        let mut start = 0;
        while start < self.order.len() {
            let mut end = start;
            let mut reports = 0;
            while end < self.order.len() && (end == start || reports < BLOCK_REPORTS) {
                reports += self.by_claim[self.order[end]].len() + 1;
                end += 1;
            }
            let block = &self.order[start..end];
            let mut next: Vec<T> = Vec::new();
            let mut sunk = Ok(());
            rayon::in_place_scope(|scope| {
                scope.spawn(|_| next = make(block));
                sunk = pending.drain(..).try_for_each(&mut sink);
            });
            sunk?;
            pending = next;
            start = end;
        }
        pending.into_iter().try_for_each(sink)
    }

    /// The whole case, as [`score`](super::score) gives it.
    pub fn into_case(self) -> CaseScore {
        let mut claims = Vec::with_capacity(self.order.len());
        let pushed: Result<(), std::convert::Infallible> = self.claims_in_order(
            |c| c,
            |c| {
                claims.push(c);
                Ok(())
            },
        );
        let Ok(()) = pushed;
        CaseScore {
            title: self.ledger.title.clone(),
            as_of: self.as_of,
            rubric: self.rubric(),
            questions: self.questions,
            claims,
            sources: self.sources,
            reliability: self.learning.map(|l| l.summary),
        }
    }
}

/// Each claim's credible interval. Beta quantiles are iterative and costly; claims with the same
/// probability and strength (the unreported answers of a large question) share one, computed once.
fn intervals(rubric: &Rubric, posteriors: &[Posterior]) -> Vec<Interval> {
    let key = |p: &Posterior| {
        (
            p.probability.to_bits(),
            p.aggregation.interval_strength.to_bits(),
        )
    };
    let mut keys: Vec<(u64, u64)> = posteriors.iter().map(key).collect();
    keys.par_sort_unstable();
    keys.dedup();
    let values: Vec<Interval> = keys
        .par_iter()
        .map(|&(p, s)| aggregate::interval(f64::from_bits(p), f64::from_bits(s), rubric.interval))
        .collect();
    posteriors
        .iter()
        .map(|p| values[keys.binary_search(&key(p)).unwrap_or(0)])
        .collect()
}

/// One claim's full score, as [`score`](super::score) gives it, from the reports of that claim and
/// of the other answers of its question only (what `explain` needs: a millionth of a large
/// ledger's work). Returns the date scored as of, too.
pub fn claim_alone(
    ledger: &Ledger,
    rubric: &Rubric,
    as_of: Option<Moment>,
    ci: usize,
) -> (Option<Moment>, ClaimScore) {
    let as_of = as_of.or_else(|| ledger.default_as_of());
    let learning = rubric
        .reliability
        .filter(|p| p.method != LearnMethod::None)
        .map(|p| {
            learn_ledger(
                ledger,
                &reports_by_claim(ledger, as_of).0,
                &p,
                rubric.interval,
            )
        });
    let question = ledger.claims[ci].question;
    // The claims scored together: the answers of its question (in ledger order, as
    // `aggregate::posteriors` takes them), or the claim alone.
    let answers: Vec<usize> = match question {
        Some(q) => (0..ledger.claims.len())
            .filter(|&c| ledger.claims[c].question == Some(q))
            .collect(),
        None => vec![ci],
    };
    let mut slot = vec![usize::MAX; ledger.claims.len()];
    for (k, &a) in answers.iter().enumerate() {
        slot[a] = k;
    }
    let mut in_force: Vec<Vec<usize>> = vec![Vec::new(); answers.len()];
    let mut all: Vec<usize> = Vec::new();
    for (i, r) in ledger.reports.iter().enumerate() {
        if r.claim == ci {
            all.push(i);
        }
        let k = slot[r.claim];
        if k != usize::MAX && as_of.is_none_or(|d| d.covers(r.published)) {
            in_force[k].push(i);
        }
    }
    let evidence: Vec<ClaimEvidence> = answers
        .par_iter()
        .zip(&in_force)
        .map(|(&a, reports)| {
            let detail = if a == ci {
                Detail::Notes
            } else {
                Detail::Totals
            };
            claim_evidence(ledger, rubric, a, reports, learning.as_ref(), detail)
        })
        .collect();
    let k = slot[ci];
    let posterior = match question {
        Some(q) => {
            let evs: Vec<&ClaimEvidence> = evidence.iter().collect();
            aggregate::question_posteriors(rubric, &ledger.questions[q], &evs).swap_remove(k)
        }
        None => aggregate::claim_posterior(rubric, &evidence[k]),
    };
    let interval = aggregate::interval(
        posterior.probability,
        posterior.aggregation.interval_strength,
        rubric.interval,
    );
    let score = claim_score(ledger, rubric, ci, &all, &evidence[k], &posterior, interval);
    (as_of, score)
}
