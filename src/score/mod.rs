//! Scoring: a pure function from (ledger, rubric, as-of date) to plain serialisable results.
//!
//! The stages, each in its own file:
//! - [`evidence`]: reports in force → origins (relays and repeats collapsed) → dependence discounts →
//!   the three criteria's contributions per origin;
//! - [`aggregate`]: contributions → probability and interval (log-odds or subjective logic; answers of
//!   one question together);
//! - [`grade`]: probability and evidence → ICD 203 phrase, confidence level and Admiralty rating.

pub mod aggregate;
pub mod evidence;
pub mod grade;
pub mod sl;

use chrono::NaiveDate;
use serde::Serialize;

use crate::ledger::{
    DateBasis, Grade, Hedging, Ledger, Resolution, SourceKind, Stance, Verification,
};
use crate::rubric::{Method, Rubric};
pub use grade::ConfidenceLevel;
pub use sl::Opinion;

/// The three criteria, as contributions to the claim's log-odds (nats; + towards true).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Criteria {
    pub verification: f64,
    pub official: f64,
    pub later: f64,
}

impl Criteria {
    pub fn total(&self) -> f64 {
        self.verification + self.official + self.later
    }
    fn add(&mut self, o: &Criteria) {
        self.verification += o.verification;
        self.official += o.official;
        self.later += o.later;
    }
}

/// A report as shown under its origin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRef {
    pub id: String,
    pub stance: Stance,
    pub stated: NaiveDate,
    pub published: NaiveDate,
    pub dates: DateBasis,
    /// Relaying outlets, nearest the speaker first.
    pub via: Vec<String>,
    pub cites: Option<String>,
    pub verification: Verification,
    pub hedging: Hedging,
    pub hops: u32,
    pub document: Option<String>,
    pub quote: Option<String>,
}

/// One independent origin of a claim and what it contributed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OriginScore {
    pub source: String,
    pub source_name: String,
    /// The stance of the origin's latest statement (a later statement replaces an earlier one).
    pub stance: Stance,
    pub first_stated: NaiveDate,
    /// The official-versus-unofficial level of the source, interest discount included.
    pub source_level: f64,
    /// How that level was reached, e.g. `official x interest 0.5`.
    pub source_basis: String,
    /// The report whose qualifiers count for this origin (the strongest of its reports).
    pub best_report: String,
    pub verification: Verification,
    pub verification_level: f64,
    pub hedging: Hedging,
    pub hops: u32,
    /// hedging level x relay_decay^hops.
    pub multiplier: f64,
    /// Dependence discount: 1, or the rubric's factor for a second origin of one organisation/government.
    pub discount: f64,
    pub discount_reason: Option<String>,
    /// Counted by the later-corroboration criterion.
    pub later: bool,
    pub contributions: Criteria,
    /// Reports of this origin with its current stance, oldest first.
    pub reports: Vec<ReportRef>,
    /// Reports of this origin with the other stance, replaced by its later statement.
    pub superseded: Vec<String>,
}

/// How the probability was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregation {
    pub method: Method,
    /// The claim's prior probability (for an answer of a question, its share of the prior).
    pub prior: f64,
    /// Sum of all contributions (nats).
    pub evidence: f64,
    /// Evidence for and against: the sums of the supporting and refuting origins' contributions.
    pub evidence_for: f64,
    pub evidence_against: f64,
    /// Log-odds method, claim outside any question: logit(prior) + evidence.
    pub log_odds: Option<f64>,
    /// Subjective logic: the fused opinion (base rate = prior).
    pub opinion: Option<Opinion>,
    /// Answers of a question: how the answers were normalised together.
    pub question: Option<QuestionStep>,
    /// Strength of the Beta distribution behind the interval (prior weight + evidence).
    pub interval_strength: f64,
    /// The probability before the rubric's `single_origin_cap` lowered it (absent when no cap
    /// applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncapped: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionStep {
    pub question: String,
    pub answers: usize,
    pub exhaustive: bool,
    /// Prior of "none of the listed answers" (0 for an exhaustive question).
    pub none_prior: f64,
    /// Posterior of "none of the listed answers".
    pub none_posterior: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
    pub level: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Admiralty {
    /// Letter and digit, e.g. `B2`.
    pub rating: String,
    pub source: char,
    pub information: u8,
    /// The source whose reliability gave the letter.
    pub letter_from: Option<String>,
}

/// Everything computed for one claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimScore {
    pub id: String,
    pub statement: String,
    pub tags: Vec<String>,
    pub question: Option<String>,
    /// The probability that the claim is true, in [0, 1].
    pub confidence: f64,
    pub interval: Interval,
    /// ICD 203 likelihood phrase for `confidence`.
    pub likelihood: &'static str,
    /// Confidence in the judgement (quantity, quality and consistency of the evidence).
    pub confidence_level: ConfidenceLevel,
    pub admiralty: Admiralty,
    pub reports: usize,
    pub origins: usize,
    /// Origins counted with their dependence discounts.
    pub effective_origins: f64,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub criteria: Criteria,
    /// Weighted mean quality of the origins, in [0, 1].
    pub quality: f64,
    /// Weaker side's evidence over the stronger side's, in [0, 1].
    pub conflict: f64,
    pub aggregation: Aggregation,
    pub by_origin: Vec<OriginScore>,
    pub resolution: Option<Resolution>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionScore {
    pub id: String,
    pub text: String,
    pub exhaustive: bool,
    pub claims: Vec<String>,
    /// Sum of the answers' probabilities (at most 1).
    pub total: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceScore {
    pub id: String,
    pub name: String,
    pub kind: SourceKind,
    pub official: bool,
    pub interested: bool,
    pub organisation: Option<String>,
    pub government: Option<String>,
    pub grade: Option<Grade>,
    pub level: f64,
    pub letter: char,
    /// Reports in force in which this source is the speaker.
    pub reports: usize,
    /// Reports in force that this source relayed.
    pub relays: usize,
    pub claims_supported: usize,
    pub claims_refuted: usize,
    /// Claims this source supported that an independent origin confirmed later.
    pub later_corroborated: usize,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricSummary {
    pub name: String,
    pub method: Method,
}

/// The scored case: what every renderer prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseScore {
    pub title: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub rubric: RubricSummary,
    pub questions: Vec<QuestionScore>,
    pub claims: Vec<ClaimScore>,
    pub sources: Vec<SourceScore>,
}

impl CaseScore {
    pub fn claim(&self, id: &str) -> Option<&ClaimScore> {
        self.claims.iter().find(|c| c.id == id)
    }
}

/// Scores every claim and source of `ledger` under `rubric`, counting only reports published on or
/// before `as_of` (default: the ledger's own date, else its latest publication date).
pub fn score(ledger: &Ledger, rubric: &Rubric, as_of: Option<NaiveDate>) -> CaseScore {
    let as_of = as_of.or_else(|| ledger.default_as_of());
    let in_force: Vec<usize> = (0..ledger.reports.len())
        .filter(|&i| as_of.is_none_or(|d| ledger.reports[i].published <= d))
        .collect();
    let mut by_claim: Vec<Vec<usize>> = vec![Vec::new(); ledger.claims.len()];
    for &i in &in_force {
        by_claim[ledger.reports[i].claim].push(i);
    }

    let evidence: Vec<evidence::ClaimEvidence> = by_claim
        .iter()
        .map(|reports| evidence::claim_evidence(ledger, rubric, reports))
        .collect();
    let posteriors = aggregate::posteriors(ledger, rubric, &evidence);

    let mut claims: Vec<ClaimScore> = ledger
        .claims
        .iter()
        .enumerate()
        .map(|(ci, claim)| {
            let ev = &evidence[ci];
            let post = &posteriors[ci];
            let p = post.probability;
            ClaimScore {
                id: claim.id.clone(),
                statement: claim.statement.clone(),
                tags: claim.tags.clone(),
                question: claim.question.map(|q| ledger.questions[q].id.clone()),
                confidence: p,
                interval: aggregate::interval(
                    p,
                    post.aggregation.interval_strength,
                    rubric.interval,
                ),
                likelihood: grade::likelihood_phrase(rubric, p),
                confidence_level: grade::confidence_level(rubric, ev),
                admiralty: grade::admiralty(rubric, ledger, ev, p),
                reports: by_claim[ci].len(),
                origins: ev.origins.len(),
                effective_origins: ev.effective_origins(),
                first: ev.first,
                last: ev.last,
                criteria: ev.criteria(),
                quality: ev.quality(),
                conflict: ev.conflict(),
                aggregation: post.aggregation.clone(),
                by_origin: ev.origins.iter().map(|o| o.to_score(ledger)).collect(),
                resolution: claim.resolution.clone(),
            }
        })
        .collect();
    sort_claims(&mut claims, ledger);

    let questions = ledger
        .questions
        .iter()
        .map(|q| {
            let members: Vec<&ClaimScore> = claims
                .iter()
                .filter(|c| c.question.as_deref() == Some(q.id.as_str()))
                .collect();
            QuestionScore {
                id: q.id.clone(),
                text: q.text.clone(),
                exhaustive: q.exhaustive,
                claims: members.iter().map(|c| c.id.clone()).collect(),
                total: members.iter().map(|c| c.confidence).sum(),
            }
        })
        .collect();

    let sources = source_scores(ledger, rubric, &in_force, &evidence);
    CaseScore {
        title: ledger.title.clone(),
        as_of,
        rubric: RubricSummary {
            name: rubric.name.clone(),
            method: rubric.method,
        },
        questions,
        claims,
        sources,
    }
}

/// Questions (by id) first, each with its answers; then the other claims. Within a group, by first
/// statement date, then id; claims with no reports in force last.
fn sort_claims(claims: &mut [ClaimScore], ledger: &Ledger) {
    let group = |c: &ClaimScore| match &c.question {
        Some(q) => ledger
            .questions
            .binary_search_by(|x| x.id.as_str().cmp(q))
            .unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    claims.sort_by(|a, b| {
        (group(a), a.first.is_none(), a.first, &a.id).cmp(&(
            group(b),
            b.first.is_none(),
            b.first,
            &b.id,
        ))
    });
}

fn source_scores(
    ledger: &Ledger,
    rubric: &Rubric,
    in_force: &[usize],
    evidence: &[evidence::ClaimEvidence],
) -> Vec<SourceScore> {
    let n = ledger.sources.len();
    let mut reports = vec![0usize; n];
    let mut relays = vec![0usize; n];
    let mut first: Vec<Option<NaiveDate>> = vec![None; n];
    let mut last: Vec<Option<NaiveDate>> = vec![None; n];
    for &i in in_force {
        let r = &ledger.reports[i];
        reports[r.source] += 1;
        first[r.source] = Some(first[r.source].map_or(r.stated, |d| d.min(r.stated)));
        last[r.source] = Some(last[r.source].map_or(r.stated, |d| d.max(r.stated)));
        for &v in &r.via {
            relays[v] += 1;
        }
    }
    let mut supported = vec![0usize; n];
    let mut refuted = vec![0usize; n];
    let mut later_corroborated = vec![0usize; n];
    for ev in evidence {
        let confirmed_later = ev
            .origins
            .iter()
            .any(|o| o.later && o.stance == Stance::Supports);
        for o in &ev.origins {
            match o.stance {
                Stance::Supports => {
                    supported[o.source] += 1;
                    // Corroborated by some *other* origin that came later.
                    if confirmed_later
                        && ev.origins.iter().any(|x| {
                            x.later
                                && x.stance == Stance::Supports
                                && x.source != o.source
                                && x.first_stated > o.first_stated
                        })
                    {
                        later_corroborated[o.source] += 1;
                    }
                }
                Stance::Refutes => refuted[o.source] += 1,
            }
        }
    }
    let mut out: Vec<SourceScore> = ledger
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (level, _) = evidence::source_level(rubric, s);
            SourceScore {
                id: s.id.clone(),
                name: s.name.clone(),
                kind: s.kind,
                official: s.official,
                interested: s.interested,
                organisation: s.organisation.clone(),
                government: s.government.clone(),
                grade: s.grade,
                level,
                letter: grade::source_letter(rubric, s, level),
                reports: reports[i],
                relays: relays[i],
                claims_supported: supported[i],
                claims_refuted: refuted[i],
                later_corroborated: later_corroborated[i],
                first: first[i],
                last: last[i],
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.reports, b.relays)
            .cmp(&(a.reports, a.relays))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}
