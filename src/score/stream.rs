//! The rubric path at scale: the same scores as [`score`](super::score), computed claim by claim on
//! every core and written out as they are made, so that memory holds a claim's details only while
//! it is written.
//!
//! [`score`](super::score) keeps every claim's origins and reports (a few kilobytes per report) in
//! one [`CaseScore`](super::CaseScore) before anything is printed. Here:
//!
//! 1. **Order and questions** ([`Prepared::new`]): the printed order needs each claim's first
//!    statement only (the earliest `stated` of its reports in force), and the answers of each
//!    question are scored together: their engines run once, in parallel, for their totals (the
//!    posteriors and intervals of the answers, with the same functions as the reference path).
//! 2. **Details** ([`Prepared::claims_in_order`]): claims in the printed order, a block at a time;
//!    within a block every claim's engine runs with its details, in parallel (a claim outside any
//!    question gets its posterior from them, as the reference path does), and the block is handed
//!    to the writer in order, then dropped. The writer adds up each claim's origins for the
//!    source table ([`OriginCounts`], summed in any order: integers), which comes after the
//!    claims. A feed's claim is scored once (it was twice, totals then details: a sixth of a
//!    million-report run).
//!
//! Each claim's numbers come from its own reports only (the engine's sums are exact, see
//! [`engine`](super::engine)), so the thread count never changes a byte. `tests/stream.rs` checks
//! the result against the reference path on the seeds, the test ledgers and random ledgers.

use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::aggregate::{self, Posterior};
use super::engine::Tally;
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

/// Intervals kept by [`Prepared::interval`] before its table is emptied (about 40 bytes each).
const MEMO_INTERVALS: usize = 1 << 16;

/// Everything of a scored case but the claims' details.
pub struct Prepared<'a> {
    ledger: &'a Ledger,
    rubric: &'a Rubric,
    pub as_of: Option<Moment>,
    /// Reports in force (ledger indices), and by claim.
    in_force: Vec<usize>,
    by_claim: Vec<Vec<usize>>,
    /// All reports, by claim (for the moments as written), where some are not in force; `None`
    /// when every report is (the default as-of date covers them all): `by_claim` is that list
    /// then, and ten million reports save its 80 MB.
    all_by_claim: Option<Vec<Vec<usize>>>,
    learning: Option<LedgerLearning>,
    /// The posterior and interval of each answer of a question, made from the totals of all its
    /// answers; a claim outside any question has its own made with its details.
    answers: FxHashMap<usize, (Posterior, Interval)>,
    memo: Mutex<FxHashMap<(u64, u64), Interval>>,
    /// Claim indices in the printed order.
    pub order: Vec<usize>,
    pub questions: Vec<QuestionScore>,
}

impl<'a> Prepared<'a> {
    /// The order of the claims and the questions (steps 1 and 2 above).
    pub fn new(ledger: &'a Ledger, rubric: &'a Rubric, as_of: Option<Moment>) -> Prepared<'a> {
        let as_of = as_of.or_else(|| ledger.default_as_of());
        let (in_force, by_claim) = reports_by_claim(ledger, as_of);
        let all_by_claim =
            (in_force.len() != ledger.reports.len()).then(|| reports_by_claim(ledger, None).1);
        let all = all_by_claim.as_ref().unwrap_or(&by_claim);
        let learning = rubric
            .reliability
            .filter(|p| p.method != LearnMethod::None)
            .map(|p| learn_ledger(ledger, &in_force, &p, rubric.interval));

        // The answers of each question are scored together: their totals first.
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); ledger.questions.len()];
        for (ci, c) in ledger.claims.iter().enumerate() {
            if let Some(q) = c.question {
                members[q].push(ci);
            }
        }
        let posts: Vec<(usize, Posterior)> = members
            .par_iter()
            .enumerate()
            .filter(|(_, m)| !m.is_empty())
            .flat_map_iter(|(q, m)| {
                // A question may have most of the ledger's claims: its answers on every core too.
                let totals: Vec<ClaimEvidence> = m
                    .par_iter()
                    .map(|&ci| claim_totals(ledger, rubric, ci, &by_claim[ci], learning.as_ref()).0)
                    .collect();
                let evs: Vec<&ClaimEvidence> = totals.iter().collect();
                let posts = aggregate::question_posteriors(rubric, &ledger.questions[q], &evs);
                m.iter().copied().zip(posts).collect::<Vec<_>>()
            })
            .collect();
        let (cis, posts): (Vec<usize>, Vec<Posterior>) = posts.into_iter().unzip();
        let ivs = intervals(rubric, &posts);
        let answers: FxHashMap<usize, (Posterior, Interval)> =
            cis.into_iter().zip(posts.into_iter().zip(ivs)).collect();

        // The printed order: questions (by id) with their answers, then the other claims; within a
        // group by first statement (claims with none last), then id (as `sort_claims`). A claim's
        // first statement is the earliest `stated` of its reports in force, as its engine finds it.
        let firsts: Vec<Option<Moment>> = by_claim
            .par_iter()
            .enumerate()
            .map(|(ci, reports)| {
                let first = reports
                    .iter()
                    .map(|&i| ledger.reports[i].stated.secs())
                    .min();
                written_moment(ledger, &all[ci], first)
            })
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
                    m.iter().map(|&ci| answers[&ci].0.probability),
                )
            })
            .collect();
        Prepared {
            ledger,
            rubric,
            as_of,
            in_force,
            by_claim,
            all_by_claim,
            learning,
            answers,
            memo: Mutex::new(FxHashMap::default()),
            order,
            questions,
        }
    }

    /// The source table, from the tallies of every claim's origins (as
    /// [`claim_head`](Self::claim_head) gives them, added up in any order: integers).
    pub fn sources(&self, counts: &OriginCounts) -> Vec<SourceScore> {
        source_table(
            self.ledger,
            self.rubric,
            &self.in_force,
            counts,
            self.learning.as_ref(),
        )
    }

    /// Empty counts of origins, one per source, for [`sources`](Self::sources).
    pub fn no_counts(&self) -> OriginCounts {
        OriginCounts::new(self.ledger.sources.len())
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
        let own;
        let (posterior, interval) = match self.answers.get(&ci) {
            Some((p, i)) => (p, *i),
            None => {
                own = aggregate::claim_posterior(self.rubric, &ev);
                (&own, self.interval(&own))
            }
        };
        let head = claim_head(
            self.ledger,
            self.rubric,
            ci,
            &self.all_by_claim.as_ref().unwrap_or(&self.by_claim)[ci],
            &ev,
            posterior,
            interval,
        );
        (head, ev)
    }

    /// A claim's credible interval. Beta quantiles are iterative and costly, and many claims of a
    /// feed share their probability and strength (a claim of one report from one kind of source,
    /// a claim with none): each pair is computed once, and kept while there are few enough.
    fn interval(&self, p: &Posterior) -> Interval {
        let key = (
            p.probability.to_bits(),
            p.aggregation.interval_strength.to_bits(),
        );
        if let Some(i) = self.memo.lock().ok().and_then(|m| m.get(&key).copied()) {
            return i;
        }
        let i = aggregate::interval(
            p.probability,
            p.aggregation.interval_strength,
            self.rubric.interval,
        );
        if let Ok(mut m) = self.memo.lock() {
            if m.len() >= MEMO_INTERVALS {
                m.clear();
            }
            m.insert(key, i);
        }
        i
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
        let mut counts = self.no_counts();
        let pushed: Result<(), std::convert::Infallible> = self.each_claim_in_order(
            |ci| {
                let (head, ev) = self.claim_head(ci);
                let tallies: Vec<Tally> = ev.origins.iter().map(|o| o.tally()).collect();
                let by_origin = ev
                    .origins
                    .iter()
                    .map(|o| super::evidence::origin_score(self.ledger, o))
                    .collect();
                (ClaimScore { by_origin, ..head }, tallies)
            },
            |(c, tallies)| {
                counts.add(&tallies);
                claims.push(c);
                Ok(())
            },
        );
        let Ok(()) = pushed;
        let sources = self.sources(&counts);
        CaseScore {
            title: self.ledger.title.clone(),
            as_of: self.as_of,
            rubric: self.rubric(),
            questions: self.questions,
            claims,
            sources,
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
