//! Judgements as they stood on a date, computed fast enough to be recomputed thousands of times.
//!
//! [`Evaluator`] answers "what probability did claim c have on date d under rubric r?" for a fixed
//! list of (claim, date) targets. It gives exactly the number [`crate::score::score`] gives for that
//! claim on that date (a test checks this), but prepares the work once: for each distinct date it
//! keeps a small ledger holding only the claims needed (the targets and the other answers of their
//! questions, which are scored together) and their reports published on or before that date. A
//! call then runs only the evidence and aggregation stages, without intervals, grades or sources.
//!
//! [`ResolvedSet`] builds the targets for calibration: every resolved claim, judged as it stood
//! before its outcome was known ([`Cut`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ledger::moment::DAY;
use crate::ledger::{Ix, Ledger, Moment};
use crate::rubric::Rubric;
use crate::score::{aggregate, evidence};

/// The claims needed on one date, with their reports in force.
#[derive(Debug, Clone)]
struct Group {
    ledger: Ledger,
    by_claim: Vec<Vec<usize>>,
    /// (position in the output, claim index in `ledger`).
    targets: Vec<(usize, usize)>,
}

/// Probabilities of a fixed list of (claim, date) targets under any rubric.
#[derive(Debug, Clone)]
pub struct Evaluator {
    groups: Vec<Group>,
    len: usize,
}

impl Evaluator {
    /// Prepares the targets: `(index into ledger.claims, as-of date)`.
    pub fn new(ledger: &Ledger, targets: &[(usize, Moment)]) -> Evaluator {
        let mut by_date: BTreeMap<Moment, Vec<(usize, usize)>> = BTreeMap::new();
        for (pos, &(ci, date)) in targets.iter().enumerate() {
            by_date.entry(date).or_default().push((pos, ci));
        }
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); ledger.questions.len()];
        for (ci, c) in ledger.claims.iter().enumerate() {
            if let Some(q) = c.question {
                members[q].push(ci);
            }
        }
        let groups = by_date
            .into_iter()
            .map(|(date, list)| {
                let mut needed: BTreeSet<usize> = BTreeSet::new();
                for &(_, ci) in &list {
                    match ledger.claims[ci].question {
                        Some(q) => needed.extend(&members[q]),
                        None => {
                            needed.insert(ci);
                        }
                    }
                }
                sub_ledger(ledger, &needed, date, &list)
            })
            .collect();
        Evaluator {
            groups,
            len: targets.len(),
        }
    }

    /// The probability of every target under `rubric`, in the order of the targets.
    pub fn probabilities(&self, rubric: &Rubric) -> Vec<f64> {
        let mut out = vec![f64::NAN; self.len];
        for g in &self.groups {
            let ev: Vec<evidence::ClaimEvidence> = g
                .by_claim
                .iter()
                .enumerate()
                .map(|(ci, reports)| {
                    evidence::claim_evidence(
                        &g.ledger,
                        rubric,
                        ci,
                        reports,
                        None,
                        evidence::Detail::Totals,
                    )
                })
                .collect();
            let post = aggregate::posteriors(&g.ledger, rubric, &ev);
            for &(pos, ci) in &g.targets {
                out[pos] = post[ci].probability;
            }
        }
        out
    }

    /// Reports in force for each target.
    pub fn reports_in_force(&self) -> Vec<usize> {
        let mut out = vec![0; self.len];
        for g in &self.groups {
            for &(pos, ci) in &g.targets {
                out[pos] = g.by_claim[ci].len();
            }
        }
        out
    }
}

/// A ledger of only the `needed` claims (indices into `ledger.claims`, increasing) and their
/// reports published on or before `date`. Order is kept, so every tie is broken as in the whole
/// ledger and the scores are identical.
fn sub_ledger(
    ledger: &Ledger,
    needed: &BTreeSet<usize>,
    date: Moment,
    list: &[(usize, usize)],
) -> Group {
    let mut claim_map = vec![usize::MAX; ledger.claims.len()];
    for (new, &old) in needed.iter().enumerate() {
        claim_map[old] = new;
    }
    let qs: BTreeSet<usize> = needed
        .iter()
        .filter_map(|&ci| ledger.claims[ci].question)
        .collect();
    let mut question_map = vec![usize::MAX; ledger.questions.len()];
    for (new, &old) in qs.iter().enumerate() {
        question_map[old] = new;
    }
    let claims = needed
        .iter()
        .map(|&ci| {
            let mut c = ledger.claims[ci].clone();
            c.question = c.question.map(|q| question_map[q]);
            c
        })
        .collect();
    let mut by_claim = vec![Vec::new(); needed.len()];
    let reports = ledger
        .reports
        .iter()
        .filter(|r| claim_map[r.claim] != usize::MAX && date.covers(r.published))
        .enumerate()
        .map(|(i, r)| {
            let mut r = r.clone();
            r.claim = Ix::new(claim_map[r.claim]);
            by_claim[r.claim].push(i);
            // Indices into the whole ledger's reports would dangle here; scoring never reads them.
            r.cites = None;
            if let Some(t) = &mut r.text {
                t.quote = None;
                t.note = None;
            }
            r
        })
        .collect();
    Group {
        ledger: Ledger {
            title: None,
            as_of: Some(date),
            sources: ledger.sources.clone(),
            questions: qs.iter().map(|&q| ledger.questions[q].clone()).collect(),
            claims,
            reports,
        },
        by_claim,
        targets: list.iter().map(|&(pos, ci)| (pos, claim_map[ci])).collect(),
    }
}

/// When a resolved claim is judged: never on or after the day its outcome was known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cut {
    /// As of this many days before each claim's resolution date (at least 1; 1 is the default, the
    /// day before).
    Horizon(u32),
    /// As of one date for all; claims resolved on or before it are left out.
    AsOf(Moment),
}

impl Default for Cut {
    fn default() -> Self {
        Cut::Horizon(1)
    }
}

impl Cut {
    /// The as-of date for a claim resolved on `resolved`, or `None` when the cut would see the
    /// outcome. A claim whose resolution has no date is judged as of `latest` (everything the
    /// ledger holds), or of the cut's own date.
    pub fn date_for(self, resolved: Option<Moment>, latest: Moment) -> Option<Moment> {
        match (self, resolved) {
            (Cut::Horizon(d), Some(r)) => Some(r.plus_secs(-i64::from(d.max(1)) * DAY)),
            (Cut::Horizon(_), None) => Some(latest),
            (Cut::AsOf(d), Some(r)) => (!d.covers(r)).then_some(d),
            (Cut::AsOf(d), None) => Some(d),
        }
    }

    /// In words, for output.
    pub fn describe(self) -> String {
        match self {
            Cut::Horizon(1) => "as of the day before each claim's resolution date".to_string(),
            Cut::Horizon(d) => format!("as of {d} days before each claim's resolution date"),
            Cut::AsOf(d) => format!("as of {d} for every claim resolved after it"),
        }
    }
}

/// A resolved claim and when it is judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedClaim {
    pub id: String,
    pub statement: String,
    pub question: Option<String>,
    pub outcome: bool,
    /// When the outcome became known (absent when the ledger does not say).
    pub resolved_on: Option<Moment>,
    /// The as-of date of the judgement: reports published after it are not counted.
    pub judged_as_of: Moment,
    pub reports_in_force: usize,
    #[serde(skip)]
    pub claim: usize,
}

/// A resolved claim left out because the cut falls on or after its resolution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hindsight {
    pub id: String,
    pub resolved_on: Option<Moment>,
}

/// The resolved claims of a ledger, judged before their outcomes were known.
#[derive(Debug, Clone)]
pub struct ResolvedSet {
    pub cut: Cut,
    /// Sorted by claim id.
    pub claims: Vec<ResolvedClaim>,
    pub hindsight: Vec<Hindsight>,
    /// Claims whose outcome is recorded as unresolvable: shown, but left out of calibration.
    pub unresolvable: Vec<String>,
    evaluator: Evaluator,
}

impl ResolvedSet {
    pub fn new(ledger: &Ledger, cut: Cut) -> ResolvedSet {
        Self::select(ledger, cut, |_| true)
    }

    /// Only the resolved claims whose index into `ledger.claims` passes `keep`.
    pub fn select(ledger: &Ledger, cut: Cut, keep: impl Fn(usize) -> bool) -> ResolvedSet {
        let mut claims = Vec::new();
        let mut hindsight = Vec::new();
        let mut unresolvable = Vec::new();
        let latest = ledger.default_as_of().unwrap_or(Moment::MAX);
        for (ci, c) in ledger.claims.iter().enumerate() {
            let Some(res) = &c.resolution else { continue };
            if !keep(ci) {
                continue;
            }
            let Some(outcome) = res.outcome.truth() else {
                unresolvable.push(c.id.clone());
                continue;
            };
            match cut.date_for(res.date, latest) {
                Some(d) => claims.push(ResolvedClaim {
                    id: c.id.clone(),
                    statement: c.statement.clone(),
                    question: c.question.map(|q| ledger.questions[q].id.clone()),
                    outcome,
                    resolved_on: res.date,
                    judged_as_of: d,
                    reports_in_force: 0,
                    claim: ci,
                }),
                None => hindsight.push(Hindsight {
                    id: c.id.clone(),
                    resolved_on: res.date,
                }),
            }
        }
        let targets: Vec<(usize, Moment)> =
            claims.iter().map(|c| (c.claim, c.judged_as_of)).collect();
        let evaluator = Evaluator::new(ledger, &targets);
        for (c, n) in claims.iter_mut().zip(evaluator.reports_in_force()) {
            c.reports_in_force = n;
        }
        ResolvedSet {
            cut,
            claims,
            hindsight,
            unresolvable,
            evaluator,
        }
    }

    /// Each claim's probability under `rubric` as of its cut, in the order of `claims`.
    pub fn probabilities(&self, rubric: &Rubric) -> Vec<f64> {
        self.evaluator.probabilities(rubric)
    }

    pub fn outcomes(&self) -> Vec<bool> {
        self.claims.iter().map(|c| c.outcome).collect()
    }

    /// Claims with no report in force at their cut: their prior stands.
    pub fn without_reports(&self) -> usize {
        self.claims
            .iter()
            .filter(|c| c.reports_in_force == 0)
            .count()
    }

    pub fn len(&self) -> usize {
        self.claims.len()
    }

    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;
    use crate::score::score;

    fn seeds() -> Ledger {
        parse_ledgers(&[SourceText::new("seeds", crate::cmd::SEEDS)]).unwrap()
    }

    fn rubrics() -> Vec<Rubric> {
        let mut sl = Rubric::default_rubric();
        sl.method = crate::rubric::Method::SubjectiveLogic;
        let capped = Rubric {
            single_origin_cap: Some(0.6),
            ..Rubric::default_rubric()
        };
        vec![Rubric::default_rubric(), sl, capped]
    }

    #[test]
    fn the_evaluator_gives_exactly_what_score_gives() {
        let l = seeds();
        let dates = ["2024-10-20", "2024-11-05", "2024-12-02", "2025-01-01"];
        for r in rubrics() {
            for d in dates {
                let d: Moment = d.parse().unwrap();
                // Every claim, and a mix of claims on a mix of dates.
                let all: Vec<(usize, Moment)> = (0..l.claims.len()).map(|i| (i, d)).collect();
                let got = Evaluator::new(&l, &all).probabilities(&r);
                let case = score(&l, &r, Some(d));
                for (i, c) in l.claims.iter().enumerate() {
                    assert_eq!(
                        got[i],
                        case.claim(&c.id).unwrap().confidence,
                        "{} {d}",
                        c.id
                    );
                }
            }
            let mixed: Vec<(usize, Moment)> = (0..l.claims.len())
                .map(|i| (i, dates[i % dates.len()].parse().unwrap()))
                .collect();
            let got = Evaluator::new(&l, &mixed).probabilities(&r);
            for (k, &(i, d)) in mixed.iter().enumerate() {
                let want = score(&l, &r, Some(d))
                    .claim(&l.claims[i].id)
                    .unwrap()
                    .confidence;
                assert_eq!(got[k], want);
            }
        }
    }

    #[test]
    fn resolved_claims_are_judged_the_day_before_by_default() {
        let l = seeds();
        let set = ResolvedSet::new(&l, Cut::default());
        assert!(set.len() >= 6);
        assert!(set.hindsight.is_empty());
        for c in &set.claims {
            assert_eq!(
                c.judged_as_of,
                c.resolved_on
                    .unwrap()
                    .plus_secs(-crate::ledger::moment::DAY)
            );
            let want = score(&l, &Rubric::default_rubric(), Some(c.judged_as_of));
            let n = want.claim(&c.id).unwrap().reports;
            assert_eq!(c.reports_in_force, n, "{}", c.id);
        }
    }

    #[test]
    fn a_fixed_cut_leaves_out_what_was_already_known() {
        let l = seeds();
        let d: Moment = "2024-11-01".parse().unwrap();
        let set = ResolvedSet::new(&l, Cut::AsOf(d));
        // The June 2024 pact was settled before 1 Nov 2024: judging it then would be hindsight.
        assert!(set.hindsight.iter().any(|h| h.id == "ru-dprk-defense-pact"));
        assert!(
            set.claims
                .iter()
                .all(|c| c.judged_as_of == d && c.resolved_on.unwrap() > d)
        );
    }

    #[test]
    fn cut_dates() {
        let d: Moment = "2025-04-28".parse().unwrap();
        let latest = Moment::MAX;
        let at = |c: Cut| c.date_for(Some(d), latest);
        assert_eq!(at(Cut::Horizon(1)), "2025-04-27".parse().ok());
        assert_eq!(at(Cut::Horizon(30)), "2025-03-29".parse().ok());
        assert_eq!(at(Cut::AsOf(d)), None);
        // A horizon of 0 would be hindsight; it is treated as 1.
        assert_eq!(at(Cut::Horizon(0)), "2025-04-27".parse().ok());
        // Moments with a time: a day before, to the second; a cut at 12:00 does not see 12:00.
        let t: Moment = "2025-04-28T12:00:00Z".parse().unwrap();
        assert_eq!(
            Cut::Horizon(1).date_for(Some(t), latest),
            "2025-04-27T12:00:00Z".parse().ok()
        );
        assert_eq!(Cut::AsOf(t).date_for(Some(t), latest), None);
        // No resolution date: judged on everything the ledger holds.
        assert_eq!(Cut::Horizon(1).date_for(None, d), Some(d));
    }
}
