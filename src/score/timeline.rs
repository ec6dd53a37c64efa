//! How each claim's standing moved over time: every point of a timeline is exactly what
//! `report --as-of DATE` prints for that date (a test checks it).
//!
//! The timelines come from one sweep per claim (with the other answers of its question) over its
//! reports in publication order: each report is added to the claim's [`ClaimEngine`], and the
//! standing is read off after each publication moment, so the whole ledger costs O(n log n) time
//! and linear memory. Only where the rubric learns source reliability (`[reliability]`), which
//! depends on every report in force, is the case re-scored as of each date instead.
//!
//! A claim's timeline starts from its standing before any report of the ledger was published (the
//! day before the first publication date), then has one step per date on which its standing changed
//! (probability, ICD 203 phrase, confidence level or Admiralty rating) or a report about it was
//! published. A step names the reports about the claim published that day and, for an answer of a
//! question, the reports about competing answers that moved it.
//!
//! A report is marked as a *relay* when it adds no new origin: it repeats another report (`cites`),
//! or its origin had already said the same about the claim in an earlier (or same-day, smaller id)
//! report.
//!
//! Over 600 lines: the timeline sweep and its incremental state are one algorithm; about 120 of its
//! lines are tests.

use rayon::prelude::*;
use std::collections::BTreeSet;

use crate::ledger::Moment;
use serde::Serialize;

use super::engine::ClaimEngine;
use super::{CaseScore, ClaimScore, ConfidenceLevel, Interval, aggregate, evidence, grade, score};
use crate::learn::LearnMethod;
use crate::ledger::{Ledger, Stance};
use crate::rubric::Rubric;

/// A change in probability smaller than this is rounding, not a change of standing.
const EPSILON: f64 = 1e-9;

/// Where a claim stood on one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub confidence: f64,
    pub interval: Interval,
    pub likelihood: &'static str,
    pub confidence_level: ConfidenceLevel,
    /// Admiralty rating, e.g. `B2`.
    pub admiralty: String,
    /// Reports in force and independent origins.
    pub reports: usize,
    pub origins: usize,
}

impl Standing {
    fn of(c: &ClaimScore) -> Standing {
        Standing {
            confidence: c.confidence,
            interval: c.interval,
            likelihood: c.likelihood,
            confidence_level: c.confidence_level,
            admiralty: c.admiralty.rating.clone(),
            reports: c.reports,
            origins: c.origins,
        }
    }

    fn differs(&self, o: &Standing) -> bool {
        (self.confidence - o.confidence).abs() > EPSILON
            || self.likelihood != o.likelihood
            || self.confidence_level != o.confidence_level
            || self.admiralty != o.admiralty
    }
}

/// How a report is drawn on a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    Supports,
    Refutes,
    /// Adds no new origin: a repeat or relay of what its origin already said.
    Relay,
    /// Takes no position: repeats without endorsing, or no comment.
    Neutral,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Supports => "supports",
            Mark::Refutes => "refutes",
            Mark::Relay => "relay",
            Mark::Neutral => "neutral",
        }
    }
}

/// A report about the claim, as placed on its timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineReport {
    pub id: String,
    /// The speaker.
    pub source: String,
    pub source_name: String,
    /// The source the statement originates from (differs from `source` when it repeats a report).
    pub origin: String,
    pub stance: Stance,
    pub mark: Mark,
    pub stated: Moment,
    pub published: Moment,
    /// Relaying outlets, nearest the speaker first.
    pub via: Vec<String>,
    pub cites: Option<String>,
}

/// One date on a claim's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineStep {
    pub date: Moment,
    pub standing: Standing,
    /// Whether the standing differs from the previous step's (or the start's).
    pub changed: bool,
    /// Change in probability since the previous step.
    pub delta: f64,
    /// Reports about this claim published on this date.
    pub reports: Vec<String>,
    /// Reports about competing answers of the claim's question published on this date.
    pub competing: Vec<String>,
}

/// A claim's standing over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimTimeline {
    pub claim: String,
    pub statement: String,
    pub question: Option<String>,
    /// The last date scored: the as-of date of the case.
    pub as_of: Option<Moment>,
    /// The date of the starting point (the day before the ledger's first publication date), if any
    /// report is in force.
    pub start_date: Option<Moment>,
    /// The standing before any report was published: the prior.
    pub start: Standing,
    pub steps: Vec<TimelineStep>,
    /// Every report about the claim in force, by publication date then id.
    pub reports: Vec<TimelineReport>,
}

/// The timelines of every claim, in the order of `score(ledger, rubric, as_of).claims`.
pub fn timelines(ledger: &Ledger, rubric: &Rubric, as_of: Option<Moment>) -> Vec<ClaimTimeline> {
    timelines_of(ledger, rubric, &score(ledger, rubric, as_of))
}

/// The timelines of every claim of `last`, the case as scored by `score(ledger, rubric, as_of)`
/// (for a caller that holds it already: the HTML report would otherwise score the case twice).
pub fn timelines_of(ledger: &Ledger, rubric: &Rubric, last: &CaseScore) -> Vec<ClaimTimeline> {
    let order: Vec<usize> = last
        .claims
        .iter()
        .filter_map(|c| ledger.claim_index(&c.id))
        .collect();
    if learns(rubric) {
        return build(ledger, rubric, last, &order);
    }
    sweep(ledger, rubric, last.as_of, &order)
}

/// Whether the rubric learns source reliability from every report in force (then a timeline
/// re-scores the case as of each date instead of sweeping).
pub fn learns(rubric: &Rubric) -> bool {
    rubric
        .reliability
        .is_some_and(|p| p.method != LearnMethod::None)
}

/// The timeline of one claim (by id), or `None` if the ledger has no such claim.
pub fn claim_timeline(
    ledger: &Ledger,
    rubric: &Rubric,
    as_of: Option<Moment>,
    claim: &str,
) -> Option<ClaimTimeline> {
    let ci = ledger.claim_index(claim)?;
    if learns(rubric) {
        let last = score(ledger, rubric, as_of);
        return build(ledger, rubric, &last, &[ci]).pop();
    }
    let as_of = as_of.or_else(|| ledger.default_as_of());
    sweep(ledger, rubric, as_of, &[ci]).pop()
}

impl Standing {
    fn from_parts(
        rubric: &Rubric,
        ledger: &Ledger,
        ev: &evidence::ClaimEvidence,
        post: &aggregate::Posterior,
        intervals: &mut std::collections::HashMap<(u64, u64), Interval>,
    ) -> Standing {
        let p = post.probability;
        let strength = post.aggregation.interval_strength;
        let interval = *intervals
            .entry((p.to_bits(), strength.to_bits()))
            .or_insert_with(|| aggregate::interval(p, strength, rubric.interval));
        Standing {
            confidence: p,
            interval,
            likelihood: grade::likelihood_phrase(rubric, p),
            confidence_level: grade::confidence_level(rubric, ev),
            admiralty: grade::admiralty(rubric, ledger, ev, p).rating,
            reports: ev.summary.reports,
            origins: ev.summary.origins,
        }
    }
}

/// The timelines of `claims` (indices into `ledger.claims`, in the order wanted), by one sweep over
/// the reports of each claim and its question's other answers.
fn sweep(
    ledger: &Ledger,
    rubric: &Rubric,
    as_of: Option<crate::ledger::Moment>,
    claims: &[usize],
) -> Vec<ClaimTimeline> {
    Sweep::new(ledger, rubric, as_of).timelines(claims)
}

/// What every claim's sweep reads, made once for the ledger: reports in force by claim, the answers
/// of each question and which reports are relays.
pub struct Sweep<'a> {
    ledger: &'a Ledger,
    rubric: &'a Rubric,
    as_of: Option<Moment>,
    first_published: Option<Moment>,
    by_claim: Vec<Vec<usize>>,
    members: Vec<Vec<usize>>,
    relays: Vec<bool>,
}

impl<'a> Sweep<'a> {
    /// The sweep of `ledger` as of `as_of` (the last date scored, as in [`score`]).
    pub fn new(ledger: &'a Ledger, rubric: &'a Rubric, as_of: Option<Moment>) -> Sweep<'a> {
        let in_force = |d: Moment| as_of.is_none_or(|a| a.covers(d));
        let first_published = ledger
            .reports
            .iter()
            .map(|r| r.published)
            .filter(|&d| in_force(d))
            .min();
        let mut by_claim: Vec<Vec<usize>> = vec![Vec::new(); ledger.claims.len()];
        for (i, r) in ledger.reports.iter().enumerate() {
            if in_force(r.published) {
                by_claim[r.claim].push(i);
            }
        }
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); ledger.questions.len()];
        for (ci, c) in ledger.claims.iter().enumerate() {
            if let Some(q) = c.question {
                members[q].push(ci);
            }
        }
        Sweep {
            ledger,
            rubric,
            as_of,
            first_published,
            by_claim,
            members,
            relays: relay_flags(ledger),
        }
    }

    /// The timelines of `claims` (indices into `ledger.claims`), in that order, each group of
    /// claims swept on its own on every core.
    pub fn timelines(&self, claims: &[usize]) -> Vec<ClaimTimeline> {
        let (ledger, rubric, as_of) = (self.ledger, self.rubric, self.as_of);
        let (by_claim, members, relays) = (&self.by_claim, &self.members, &self.relays);
        let first_published = self.first_published;
        let start_date = first_published.map(|d| d.plus_secs(-crate::ledger::moment::DAY));
        let wanted: std::collections::HashSet<usize> = claims.iter().copied().collect();
        // The claims swept together: a question's answers, or a claim alone; each group once.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut seen_question: std::collections::HashSet<usize> = std::collections::HashSet::new();
        let mut seen_claim: std::collections::HashSet<usize> = std::collections::HashSet::new();
        for &ci in claims {
            match ledger.claims[ci].question {
                Some(q) if seen_question.insert(q) => groups.push(members[q].clone()),
                None if seen_claim.insert(ci) => groups.push(vec![ci]),
                _ => {}
            }
        }
        // Each group is swept on its own (its numbers come from its reports only), on every core.
        let mut done: std::collections::HashMap<usize, ClaimTimeline> = groups
            .par_iter()
            .flat_map_iter(|group| {
                let mut out: Vec<(usize, ClaimTimeline)> = Vec::new();
                let mut intervals = std::collections::HashMap::new();
                let question = ledger.claims[group[0]]
                    .question
                    .map(|q| &ledger.questions[q]);
                let learned = |_: usize| None;
                let mut engines: Vec<ClaimEngine<'_>> = group
                    .iter()
                    .map(|&c| ClaimEngine::new(ledger, rubric, c, &by_claim[c], &learned))
                    .collect();
                // The group's reports in publication order: (published, engine).
                let mut events: Vec<(Moment, usize, usize)> = Vec::new();
                for (gi, e) in engines.iter().enumerate() {
                    for (k, &li) in e.order().iter().enumerate() {
                        events.push((ledger.reports[li].published, gi, k));
                    }
                }
                events.sort_by_key(|&(p, gi, k)| (p.secs(), gi, k));
                let standings = |engines: &[ClaimEngine<'_>],
                                 intervals: &mut std::collections::HashMap<
                    (u64, u64),
                    Interval,
                >|
                 -> Vec<Standing> {
                    let evs: Vec<evidence::ClaimEvidence> = engines
                        .iter()
                        .map(|e| evidence::snapshot(ledger, e, evidence::Detail::Totals))
                        .collect();
                    let posts: Vec<aggregate::Posterior> = match question {
                        Some(q) => {
                            let refs: Vec<&evidence::ClaimEvidence> = evs.iter().collect();
                            aggregate::question_posteriors(rubric, q, &refs)
                        }
                        None => evs
                            .iter()
                            .map(|ev| aggregate::claim_posterior(rubric, ev))
                            .collect(),
                    };
                    evs.iter()
                        .zip(&posts)
                        .map(|(ev, post)| Standing::from_parts(rubric, ledger, ev, post, intervals))
                        .collect()
                };
                let start = standings(&engines, &mut intervals);
                let mut prev = start.clone();
                let mut steps: Vec<Vec<TimelineStep>> = vec![Vec::new(); group.len()];
                let mut at = 0;
                while at < events.len() {
                    let moment = events[at].0;
                    let mut end = at;
                    let mut published: Vec<(usize, usize)> = Vec::new();
                    while end < events.len() && events[end].0.secs() == moment.secs() {
                        let (_, gi, _) = events[end];
                        let li = engines[gi].order()[engines[gi].added()];
                        engines[gi].add_next();
                        published.push((gi, li));
                        end += 1;
                    }
                    at = end;
                    let now = standings(&engines, &mut intervals);
                    for (gi, &c) in group.iter().enumerate() {
                        if !wanted.contains(&c) {
                            continue;
                        }
                        let about = |same: bool| -> Vec<String> {
                            let mut v: Vec<&str> = published
                                .iter()
                                .filter(|&&(g, _)| (g == gi) == same)
                                .map(|&(_, li)| &*ledger.reports[li].id)
                                .collect();
                            v.sort_unstable();
                            v.into_iter().map(String::from).collect()
                        };
                        let reports = about(true);
                        let changed = now[gi].differs(&prev[gi]);
                        if changed || !reports.is_empty() {
                            steps[gi].push(TimelineStep {
                                date: moment,
                                delta: now[gi].confidence - prev[gi].confidence,
                                changed,
                                competing: if changed { about(false) } else { Vec::new() },
                                reports,
                                standing: now[gi].clone(),
                            });
                        }
                    }
                    prev = now;
                }
                for (gi, &c) in group.iter().enumerate() {
                    if !wanted.contains(&c) {
                        continue;
                    }
                    let claim = &ledger.claims[c];
                    out.push((
                        c,
                        ClaimTimeline {
                            claim: claim.id.clone(),
                            statement: claim.statement.clone(),
                            question: claim.question.map(|q| ledger.questions[q].id.clone()),
                            as_of,
                            start_date: if first_published.is_none() {
                                None
                            } else {
                                start_date
                            },
                            start: start[gi].clone(),
                            steps: std::mem::take(&mut steps[gi]),
                            reports: timeline_reports(ledger, &by_claim[c], relays),
                        },
                    ));
                }
                out
            })
            .collect();
        claims.iter().filter_map(|c| done.remove(c)).collect()
    }
}

/// Every report about a claim in force, by publication date then id, with its mark.
fn timeline_reports(ledger: &Ledger, reports: &[usize], relays: &[bool]) -> Vec<TimelineReport> {
    let mut out: Vec<TimelineReport> = reports
        .iter()
        .map(|&i| report_entry(ledger, i, relays[i]))
        .collect();
    out.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    out
}

fn report_entry(ledger: &Ledger, i: usize, relay: bool) -> TimelineReport {
    let r = &ledger.reports[i];
    let src = &ledger.sources[r.source];
    TimelineReport {
        id: r.id.to_string(),
        source: src.id.clone(),
        source_name: src.name.clone(),
        origin: ledger.sources[r.origin].id.clone(),
        stance: r.stance,
        mark: if relay {
            Mark::Relay
        } else {
            match r.stance {
                Stance::Supports => Mark::Supports,
                Stance::Refutes | Stance::CannotConfirm | Stance::Doubts => Mark::Refutes,
                Stance::Repeats | Stance::NoComment => Mark::Neutral,
            }
        },
        stated: r.stated,
        published: r.published,
        via: r
            .via()
            .iter()
            .map(|&v| ledger.sources[v].id.clone())
            .collect(),
        cites: r.cites.map(|c| ledger.reports[c].id.to_string()),
    }
}

fn build(
    ledger: &Ledger,
    rubric: &Rubric,
    last: &CaseScore,
    claims: &[usize],
) -> Vec<ClaimTimeline> {
    let as_of = last.as_of;
    let in_force = |d: Moment| as_of.is_none_or(|a| a.covers(d));
    let dates: Vec<Moment> = ledger
        .reports
        .iter()
        .map(|r| r.published)
        .filter(|&d| in_force(d))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let start_date = dates
        .first()
        .map(|d| d.plus_secs(-crate::ledger::moment::DAY));
    // Scored once per date and shared by all claims; the last date is the case itself.
    let start_case = match start_date {
        Some(d) => score(ledger, rubric, Some(d)),
        None => last.clone(),
    };
    let cases: Vec<CaseScore> = dates
        .iter()
        .map(|&d| {
            if Some(d) == as_of {
                last.clone()
            } else {
                score(ledger, rubric, Some(d))
            }
        })
        .collect();
    let relays = relay_flags(ledger);
    // Standings indexed like `ledger.claims`, so that each lookup is O(1).
    let standings = |case: &CaseScore| -> Vec<Option<Standing>> {
        let mut v = vec![None; ledger.claims.len()];
        for c in &case.claims {
            if let Some(i) = ledger.claim_index(&c.id) {
                v[i] = Some(Standing::of(c));
            }
        }
        v
    };
    let start_all = standings(&start_case);
    let all: Vec<Vec<Option<Standing>>> = cases.iter().map(standings).collect();
    let mut by_claim: Vec<Vec<usize>> = vec![Vec::new(); ledger.claims.len()];
    for (i, r) in ledger.reports.iter().enumerate() {
        by_claim[r.claim].push(i);
    }
    // Reports by publication date (indices into `dates`).
    let mut published_on: Vec<Vec<usize>> = vec![Vec::new(); dates.len()];
    for (i, r) in ledger.reports.iter().enumerate() {
        if let Ok(k) = dates.binary_search(&r.published) {
            published_on[k].push(i);
        }
    }

    claims
        .iter()
        .map(|&ci| {
            let claim = &ledger.claims[ci];
            let get = |v: &[Option<Standing>]| {
                v[ci]
                    .clone()
                    .unwrap_or_else(|| unreachable!("every claim is scored"))
            };
            let start = get(&start_all);
            let mut prev = start.clone();
            let mut steps = Vec::new();
            for (k, d) in dates.iter().enumerate() {
                let now = get(&all[k]);
                let about = |same: bool| -> Vec<String> {
                    published_on[k]
                        .iter()
                        .map(|&i| &ledger.reports[i])
                        .filter(|r| {
                            if same {
                                r.claim == ci
                            } else {
                                r.claim != ci
                                    && claim.question.is_some()
                                    && ledger.claims[r.claim].question == claim.question
                            }
                        })
                        .map(|r| r.id.to_string())
                        .collect()
                };
                let reports = about(true);
                let changed = now.differs(&prev);
                if changed || !reports.is_empty() {
                    steps.push(TimelineStep {
                        date: *d,
                        delta: now.confidence - prev.confidence,
                        changed,
                        competing: if changed { about(false) } else { Vec::new() },
                        reports,
                        standing: now.clone(),
                    });
                }
                prev = now;
            }
            let in_force_reports: Vec<usize> = by_claim[ci]
                .iter()
                .copied()
                .filter(|&i| in_force(ledger.reports[i].published))
                .collect();
            let reports = timeline_reports(ledger, &in_force_reports, &relays);
            ClaimTimeline {
                claim: claim.id.clone(),
                statement: claim.statement.clone(),
                question: claim.question.map(|q| ledger.questions[q].id.clone()),
                as_of,
                start_date: if dates.is_empty() { None } else { start_date },
                start,
                steps,
                reports,
            }
        })
        .collect()
}

/// For each report: does it add no new origin? It repeats a report (`cites`), or an earlier report
/// (by publication date, then id) of the same origin said the same about the same claim.
fn relay_flags(ledger: &Ledger) -> Vec<bool> {
    let mut order: Vec<usize> = (0..ledger.reports.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&ledger.reports[a], &ledger.reports[b]);
        (x.published, &x.id).cmp(&(y.published, &y.id))
    });
    let mut heard: BTreeSet<(usize, usize, Stance)> = BTreeSet::new();
    let mut flags = vec![false; ledger.reports.len()];
    for i in order {
        let r = &ledger.reports[i];
        let fresh = heard.insert((r.claim.get(), r.origin.get(), r.stance));
        flags[i] = r.cites.is_some() || !fresh;
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;

    const CASE: &str = r#"
[[sources]]
id = "a"
name = "A"
kind = "government"

[[sources]]
id = "b"
name = "B"
kind = "newspaper"

[[claims]]
id = "c"
statement = "C"

[[reports]]
id = "r1"
claim = "c"
source = "a"
stance = "supports"
stated = "2024-01-01"
published = "2024-01-02"

[[reports]]
id = "r2"
claim = "c"
source = "b"
stance = "supports"
stated = "2024-01-05"
published = "2024-01-05"
cites = "r1"

[[reports]]
id = "r3"
claim = "c"
source = "b"
stance = "refutes"
stated = "2024-01-09"
published = "2024-01-10"
"#;

    #[test]
    fn each_step_is_the_case_rescored_as_of_that_date() {
        let ledger = parse_ledgers(&[SourceText::new("t.toml", CASE)]).unwrap();
        let rubric = Rubric::default_rubric();
        let t = claim_timeline(&ledger, &rubric, None, "c").unwrap();
        assert_eq!(t.start_date, Moment::ymd(2024, 1, 1));
        assert!((t.start.confidence - rubric.prior).abs() < 1e-12);
        let dates: Vec<String> = t.steps.iter().map(|s| s.date.to_string()).collect();
        assert_eq!(dates, ["2024-01-02", "2024-01-05", "2024-01-10"]);
        for s in &t.steps {
            let direct = score(&ledger, &rubric, Some(s.date));
            assert_eq!(direct.claim("c").unwrap().confidence, s.standing.confidence);
        }
        // r1 raises the claim; r2 repeats r1 and changes nothing; r3 refutes and lowers it.
        assert!(t.steps[0].changed && t.steps[0].delta > 0.0);
        assert!(!t.steps[1].changed && t.steps[1].delta == 0.0);
        assert!(t.steps[2].changed && t.steps[2].delta < 0.0);
        let marks: Vec<Mark> = t.reports.iter().map(|r| r.mark).collect();
        assert_eq!(marks, [Mark::Supports, Mark::Relay, Mark::Refutes]);
        assert_eq!(t.reports[1].origin, "a");
    }

    #[test]
    fn as_of_cuts_the_timeline() {
        let ledger = parse_ledgers(&[SourceText::new("t.toml", CASE)]).unwrap();
        let rubric = Rubric::default_rubric();
        let t = claim_timeline(&ledger, &rubric, Moment::ymd(2024, 1, 6), "c").unwrap();
        assert_eq!(t.steps.len(), 2);
        assert_eq!(t.reports.len(), 2);
        assert!(claim_timeline(&ledger, &rubric, None, "zz").is_none());
    }

    #[test]
    fn a_competing_answer_moves_an_answer() {
        let text = r#"
[[sources]]
id = "a"
name = "A"
kind = "government"

[[questions]]
id = "q"
text = "Q?"

[[claims]]
id = "x"
statement = "X"
question = "q"

[[claims]]
id = "y"
statement = "Y"
question = "q"

[[reports]]
id = "r1"
claim = "y"
source = "a"
stance = "supports"
stated = "2024-01-01"
published = "2024-01-01"
"#;
        let ledger = parse_ledgers(&[SourceText::new("t.toml", text)]).unwrap();
        let rubric = Rubric::default_rubric();
        let t = claim_timeline(&ledger, &rubric, None, "x").unwrap();
        assert_eq!(t.steps.len(), 1);
        assert!(t.steps[0].changed && t.steps[0].delta < 0.0);
        assert!(t.steps[0].reports.is_empty());
        assert_eq!(t.steps[0].competing, ["r1"]);
    }
}
