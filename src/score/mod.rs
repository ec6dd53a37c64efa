//! Scoring: a pure function from (ledger, rubric, as-of date) to plain serialisable results.
//!
//! The stages, each in its own file:
//! - [`evidence`]: reports in force → origins (relays and repeats collapsed) → dependence discounts →
//!   the three criteria's contributions per origin;
//! - [`aggregate`]: contributions → probability and interval (log-odds or subjective logic; answers of
//!   one question together);
//! - [`grade`]: probability and evidence → ICD 203 phrase, confidence level and Admiralty rating.
//!
//! Over 600 lines: the plain result types of scoring, which every renderer reads, with their
//! documentation; about 480 of its lines are tests.

pub mod aggregate;
pub mod beta;
pub mod engine;
pub mod evidence;
pub mod grade;
pub mod model;
pub mod sl;
pub mod stream;
pub mod timeline;
pub mod track_record;
pub mod triples;

use crate::ledger::Moment;
use rayon::prelude::*;
use serde::Serialize;

use crate::learn::LearnMethod;
use crate::learn::ledger::{LearnedReliability, LearningSummary, LedgerLearning, learn_ledger};
use crate::ledger::{
    ClaimKind, DateBasis, Grade, Hedging, Ledger, Resolution, SourceKind, Stance, Verification,
};
use crate::rubric::{KindRule, Method, Rubric};
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
}

// A value at its default is left out of the JSON (as in the proto3 JSON mapping): most reports of
// a large feed are unverified, unhedged and direct, and writing so was a third of a report's bytes.
fn is_default<T: Default + PartialEq>(x: &T) -> bool {
    *x == T::default()
}

fn is_one(x: &f64) -> bool {
    *x == 1.0
}

fn is_false(x: &bool) -> bool {
    !*x
}

fn no_interest(x: &model::Interest) -> bool {
    *x == model::Interest::None
}

/// A report as shown under its origin. In JSON (version 4) its stance is left out (it is always
/// its origin's), `published` when it is `stated`, and `dates`, `verification`, `hedging` and `hops`
/// at their defaults (`inferred`, `unverified`, `none`, 0).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRef {
    pub id: String,
    pub stance: Stance,
    pub stated: Moment,
    pub published: Moment,
    pub dates: DateBasis,
    /// Relaying outlets, nearest the speaker first (left out when there are none).
    pub via: Vec<String>,
    /// The report it cites (left out when none).
    pub cites: Option<String>,
    pub verification: Verification,
    pub hedging: Hedging,
    pub hops: u32,
    /// Where it was read, and its words (each left out when the ledger has none).
    pub document: Option<String>,
    pub quote: Option<String>,
}

impl Serialize for ReportRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("stated", &self.stated)?;
        if self.published != self.stated {
            m.serialize_entry("published", &self.published)?;
        }
        if !is_default(&self.dates) {
            m.serialize_entry("dates", &self.dates)?;
        }
        if !self.via.is_empty() {
            m.serialize_entry("via", &self.via)?;
        }
        if let Some(c) = &self.cites {
            m.serialize_entry("cites", c)?;
        }
        if !is_default(&self.verification) {
            m.serialize_entry("verification", &self.verification)?;
        }
        if !is_default(&self.hedging) {
            m.serialize_entry("hedging", &self.hedging)?;
        }
        if self.hops != 0 {
            m.serialize_entry("hops", &self.hops)?;
        }
        if let Some(d) = &self.document {
            m.serialize_entry("document", d)?;
        }
        if let Some(q) = &self.quote {
            m.serialize_entry("quote", q)?;
        }
        m.end()
    }
}

/// One origin of a claim and what it contributed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OriginScore {
    pub source: String,
    /// The source's name; `None` (and left out of JSON) when it is its id, as in a bulk file
    /// without names. [`OriginScore::name`] gives it either way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_name: Option<String>,
    /// The stance it counts with: its latest position (or, with none, its latest word).
    pub stance: Stance,
    /// Its first statement of that stance.
    pub first_stated: Moment,
    /// The source's reliability in the direction of the stance, interest included.
    pub source_level: f64,
    /// How the reliability was reached, e.g. `official`, `grade B`, `unofficial online-outlet`.
    pub source_basis: String,
    /// How the speaker's interest bears on the statement (left out of JSON at `none`).
    #[serde(skip_serializing_if = "no_interest")]
    pub interest: model::Interest,
    /// The report whose qualifiers count for this origin (the strongest of its reports).
    pub best_report: String,
    /// Its qualifiers, left out of JSON at their defaults (`unverified`, `none`, 0).
    #[serde(skip_serializing_if = "is_default")]
    pub verification: Verification,
    #[serde(skip_serializing_if = "is_default")]
    pub hedging: Hedging,
    #[serde(skip_serializing_if = "is_default")]
    pub hops: u32,
    /// hedging level x relay_decay^hops (left out of JSON at 1).
    #[serde(skip_serializing_if = "is_one")]
    pub multiplier: f64,
    /// The stance's share (`[stances]`; left out of JSON at 1).
    #[serde(skip_serializing_if = "is_one")]
    pub stance_factor: f64,
    /// Its evidence alone, before dependence (nats).
    pub strength: f64,
    /// Dependence weight: 1 for an independent origin, less for one that depends on another (same
    /// organisation, same government, correlated unlinked origins), 0 when superseded.
    pub discount: f64,
    /// Why the discount is below 1: in `explain` only (a report leaves it out; it is the same
    /// sentence for every origin of a pool, and most of a large report's bytes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_reason: Option<String>,
    /// Counted by the later-corroboration criterion (left out of JSON when not).
    #[serde(skip_serializing_if = "is_false")]
    pub later: bool,
    /// Why it did or did not count as later corroboration: in `explain` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub later_note: Option<String>,
    pub contributions: Criteria,
    /// Reports of this origin with its current stance, oldest first.
    pub reports: Vec<ReportRef>,
    /// Reports of this origin with another stance, replaced by its later statement (left out
    /// when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub superseded: Vec<String>,
    /// Set when the whole origin is replaced by a later statement of its organisation or
    /// government (`[dependence] supersession`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<SupersededBy>,
}

impl OriginScore {
    /// The source's name (its id when it has no other).
    pub fn name(&self) -> &str {
        self.source_name.as_deref().unwrap_or(&self.source)
    }
}

/// The statement that replaced an origin's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupersededBy {
    pub source: String,
    pub report: String,
    pub stance: Stance,
    pub stated: Moment,
}

/// Whether a claim is contested: origins in force on each side and the side of the latest word.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Contest {
    /// Origins in force that support the claim.
    #[serde(rename = "for")]
    pub for_: usize,
    /// Origins in force that refute it, cannot confirm it, or doubt it.
    pub against: usize,
    /// The stance of the latest statement that takes a position.
    pub latest: Option<Stance>,
}

impl Contest {
    /// Origins on both sides.
    pub fn contested(&self) -> bool {
        self.for_ > 0 && self.against > 0
    }
    /// `3▲ 2▼, latest ▼`: for tables.
    pub fn mark(&self) -> String {
        if !self.contested() {
            return String::new();
        }
        let latest = match self.latest {
            Some(Stance::Supports) => "▲",
            Some(_) => "▼",
            None => "–",
        };
        format!("{}▲ {}▼, latest {latest}", self.for_, self.against)
    }
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
    /// The denominator: log-odds, the sum over answers of prior x e^evidence plus the none prior;
    /// subjective logic, all evidence in the question plus the prior weight. `None` (JSON null)
    /// where it is too large for a number (e^709 and more): see `log_normaliser`.
    pub normaliser: Option<f64>,
    /// The natural logarithm of the denominator, always a number.
    pub log_normaliser: f64,
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
    /// fact, assessment, forecast or opinion.
    pub kind: ClaimKind,
    /// How the rubric treats the kind: scored, apart, unscored.
    pub treatment: KindRule,
    /// The probability that the claim is true, as printed: null for an unscored claim.
    #[serde(rename = "confidence")]
    pub printed_confidence: Option<f64>,
    /// The probability that the claim is true, in [0, 1] (for an unscored claim the prior, which is
    /// no judgement: renderers print none).
    #[serde(skip)]
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
    /// Origins on each side and the side of the latest word.
    pub contest: Contest,
    pub first: Option<Moment>,
    pub last: Option<Moment>,
    pub criteria: Criteria,
    /// Quality of the best origin, in [0, 1).
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
    pub first: Option<Moment>,
    pub last: Option<Moment>,
    /// Learned reliability, where the rubric's `[reliability]` asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned: Option<LearnedReliability>,
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
    pub as_of: Option<Moment>,
    pub rubric: RubricSummary,
    pub questions: Vec<QuestionScore>,
    pub claims: Vec<ClaimScore>,
    pub sources: Vec<SourceScore>,
    /// How source reliability was learned, where the rubric's `[reliability]` asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliability: Option<LearningSummary>,
}

impl CaseScore {
    pub fn claim(&self, id: &str) -> Option<&ClaimScore> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// The claims as reports show them: each question with its answers (questions without any
    /// skipped), then the other claims, then the claims the rubric shows apart (forecasts, by
    /// default), then those it does not score (opinions). Linear in the number of claims.
    pub fn groups(&self) -> Vec<ClaimGroup<'_>> {
        let by_id: std::collections::HashMap<&str, &ClaimScore> =
            self.claims.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut groups: Vec<ClaimGroup<'_>> = self
            .questions
            .iter()
            .map(|q| ClaimGroup {
                question: Some(q),
                section: Section::Question,
                claims: q
                    .claims
                    .iter()
                    .filter_map(|id| by_id.get(id.as_str()).copied())
                    .collect(),
            })
            .filter(|g| !g.claims.is_empty())
            .collect();
        for section in [Section::Claims, Section::Apart, Section::Unscored] {
            let claims: Vec<&ClaimScore> = self
                .claims
                .iter()
                .filter(|c| c.question.is_none() && Section::of(c) == section)
                .collect();
            if !claims.is_empty() {
                groups.push(ClaimGroup {
                    question: None,
                    section,
                    claims,
                });
            }
        }
        groups
    }
}

/// Where a claim is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The answers of a question.
    Question,
    /// Claims scored with the facts.
    Claims,
    /// Scored, shown apart (`[kinds]` = "apart": forecasts by default).
    Apart,
    /// Not scored (`[kinds]` = "unscored": opinions by default).
    Unscored,
}

impl Section {
    fn of(c: &ClaimScore) -> Section {
        match c.treatment {
            KindRule::Scored => Section::Claims,
            KindRule::Apart => Section::Apart,
            KindRule::Unscored => Section::Unscored,
        }
    }

    /// The heading of a group of claims outside any question.
    pub fn heading(self, questions: bool) -> &'static str {
        match self {
            Section::Question => "",
            Section::Claims if questions => "Other claims",
            Section::Claims => "Claims",
            Section::Apart => "Scored apart (forecasts and other kinds the rubric shows apart)",
            Section::Unscored => "Not scored (opinions and other kinds the rubric does not score)",
        }
    }
}

/// The answers of one question, or (`question: None`) a section of the claims outside any question.
#[derive(Debug, Clone)]
pub struct ClaimGroup<'a> {
    pub question: Option<&'a QuestionScore>,
    pub section: Section,
    pub claims: Vec<&'a ClaimScore>,
}

impl ClaimScore {
    /// Whether the claim has a probability to print (not an unscored kind).
    pub fn scored(&self) -> bool {
        self.treatment != KindRule::Unscored
    }

    /// The claim's kind as a tag for tables (` (forecast)`), empty for a fact.
    pub fn kind_tag(&self) -> String {
        match self.kind {
            ClaimKind::Fact => String::new(),
            k => format!(" ({})", k.as_str()),
        }
    }
}

impl QuestionScore {
    /// What the answers leave over: `none of these: 0.11`, or that they are exhaustive.
    pub fn remainder(&self) -> String {
        if self.exhaustive {
            "the answers are exhaustive".to_string()
        } else {
            format!("none of these: {:.2}", (1.0 - self.total).max(0.0))
        }
    }
}

/// The reports in force as of `as_of` (all without a date), by claim.
pub fn reports_by_claim(ledger: &Ledger, as_of: Option<Moment>) -> (Vec<usize>, Vec<Vec<usize>>) {
    let in_force: Vec<usize> = (0..ledger.reports.len())
        .filter(|&i| as_of.is_none_or(|d| d.covers(ledger.reports[i].published)))
        .collect();
    let mut by_claim: Vec<Vec<usize>> = vec![Vec::new(); ledger.claims.len()];
    for &i in &in_force {
        by_claim[ledger.reports[i].claim].push(i);
    }
    (in_force, by_claim)
}

/// A question's row: its answers (ids, in the printed order) and their summed probability, summed
/// in that order so that every path gives the same bits. Rounding can carry a sum of answers a hair
/// past 1; they are at most 1 by construction.
pub(crate) fn question_score(
    q: &crate::ledger::Question,
    claims: Vec<String>,
    probabilities: impl Iterator<Item = f64>,
) -> QuestionScore {
    QuestionScore {
        id: q.id.clone(),
        text: q.text.clone(),
        exhaustive: q.exhaustive,
        claims,
        total: (probabilities.sum::<f64>() + 0.0).min(1.0),
    }
}

/// Scores every claim and source of `ledger` under `rubric`, counting only reports published on or
/// before `as_of` (default: the ledger's own date, else its latest publication date).
pub fn score(ledger: &Ledger, rubric: &Rubric, as_of: Option<Moment>) -> CaseScore {
    score_with(ledger, rubric, as_of, |_| true)
}

/// [`score`], with `by_origin` filled only for the claims for which `origins` holds: for the
/// outputs that show claims and sources but not every origin (tables, Markdown, CSV; HTML, whose
/// track records need the origins of resolved claims), which then never hold every origin of a
/// large ledger at once. Every other number is the same.
pub fn score_with(
    ledger: &Ledger,
    rubric: &Rubric,
    as_of: Option<Moment>,
    origins: fn(&crate::ledger::Claim) -> bool,
) -> CaseScore {
    let as_of = as_of.or_else(|| ledger.default_as_of());
    let (in_force, by_claim) = reports_by_claim(ledger, as_of);
    let (_, all_by_claim) = reports_by_claim(ledger, None);
    let learning = rubric
        .reliability
        .filter(|p| p.method != LearnMethod::None)
        .map(|p| learn_ledger(ledger, &in_force, &p, rubric.interval));
    // Each claim's evidence is its own (the engine's sums are exact): made on every core, with
    // its origins' tallies for the source table.
    let (evidence, tallies): (Vec<evidence::ClaimEvidence>, Vec<Vec<engine::Tally>>) = by_claim
        .par_iter()
        .enumerate()
        .map(|(ci, reports)| {
            if origins(&ledger.claims[ci]) {
                let ev = evidence::claim_evidence(
                    ledger,
                    rubric,
                    ci,
                    reports,
                    learning.as_ref(),
                    evidence::Detail::Origins,
                );
                let tallies = ev.origins.iter().map(|o| o.tally()).collect();
                (ev, tallies)
            } else {
                evidence::claim_totals(ledger, rubric, ci, reports, learning.as_ref())
            }
        })
        .unzip();
    let mut counts = OriginCounts::new(ledger.sources.len());
    for t in &tallies {
        counts.add(t);
    }
    drop(tallies);
    let posteriors = aggregate::posteriors(ledger, rubric, &evidence);

    let mut intervals: std::collections::HashMap<(u64, u64), Interval> =
        std::collections::HashMap::new();
    let mut claims: Vec<ClaimScore> = ledger
        .claims
        .iter()
        .enumerate()
        .map(|(ci, _)| {
            let ev = &evidence[ci];
            let post = &posteriors[ci];
            let p = post.probability;
            // Beta quantiles are iterative and costly; claims with the same probability and
            // strength (e.g. the unreported answers of a large question) share one.
            let interval = *intervals
                .entry((p.to_bits(), post.aggregation.interval_strength.to_bits()))
                .or_insert_with(|| {
                    aggregate::interval(p, post.aggregation.interval_strength, rubric.interval)
                });
            claim_score(ledger, rubric, ci, &all_by_claim[ci], ev, post, interval)
        })
        .collect();
    sort_claims(&mut claims, ledger);

    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ledger.questions.len()];
    for (i, c) in claims.iter().enumerate() {
        if let Some(q) = &c.question
            && let Ok(qi) = ledger.questions.binary_search_by(|x| x.id.as_str().cmp(q))
        {
            members[qi].push(i);
        }
    }
    let questions = ledger
        .questions
        .iter()
        .zip(members)
        .map(|(q, m)| {
            question_score(
                q,
                m.iter().map(|&i| claims[i].id.clone()).collect(),
                m.iter().map(|&i| claims[i].confidence),
            )
        })
        .collect();

    let sources = source_table(ledger, rubric, &in_force, &counts, learning.as_ref());
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
        reliability: learning.map(|l| l.summary),
    }
}

/// The moment `secs` as the claim's reports wrote it (a bare date stays a date): the statement
/// date of the first of `reports` (all the claim's reports, in ledger order) at that second.
pub fn written_moment(ledger: &Ledger, reports: &[usize], secs: Option<i64>) -> Option<Moment> {
    secs.map(|x| {
        reports
            .iter()
            .map(|&i| ledger.reports[i].stated)
            .find(|m| m.secs() == x)
            .or_else(|| Moment::from_timestamp(x))
            .unwrap_or_default()
    })
}

/// One claim's score from its evidence and posterior. `all_reports` are the claim's reports in
/// ledger order, in force or not (for [`written_moment`]).
pub fn claim_score(
    ledger: &Ledger,
    rubric: &Rubric,
    ci: usize,
    all_reports: &[usize],
    ev: &evidence::ClaimEvidence,
    post: &aggregate::Posterior,
    interval: Interval,
) -> ClaimScore {
    let mut score = claim_head(ledger, rubric, ci, all_reports, ev, post, interval);
    score.by_origin = ev
        .origins
        .iter()
        .map(|o| evidence::origin_score(ledger, o))
        .collect();
    score
}

/// [`claim_score`] without its origins (`by_origin` left empty): for a writer that writes the
/// origins straight from the evidence (`render::json_stream`).
pub fn claim_head(
    ledger: &Ledger,
    rubric: &Rubric,
    ci: usize,
    all_reports: &[usize],
    ev: &evidence::ClaimEvidence,
    post: &aggregate::Posterior,
    interval: Interval,
) -> ClaimScore {
    let claim = &ledger.claims[ci];
    let p = post.probability;
    let treatment = rubric.kind_rule(claim.kind);
    let sm = &ev.summary;
    let moment = |secs: Option<i64>| written_moment(ledger, all_reports, secs);
    ClaimScore {
        id: claim.id.clone(),
        statement: claim.statement.clone(),
        tags: claim.tags.clone(),
        question: claim.question.map(|q| ledger.questions[q].id.clone()),
        kind: claim.kind,
        treatment,
        printed_confidence: (treatment != KindRule::Unscored).then_some(p),
        confidence: p,
        interval,
        likelihood: grade::likelihood_phrase(rubric, p),
        confidence_level: grade::confidence_level(rubric, ev),
        admiralty: grade::admiralty(rubric, ledger, ev, p),
        reports: sm.reports,
        origins: sm.origins,
        effective_origins: sm.effective,
        contest: Contest {
            for_: sm.origins_for,
            against: sm.origins_against,
            latest: sm.latest,
        },
        first: moment(sm.first),
        last: moment(sm.last),
        criteria: ev.criteria(),
        quality: ev.quality(),
        conflict: ev.conflict(),
        aggregation: post.aggregation.clone(),
        by_origin: Vec::new(),
        resolution: claim.resolution.clone(),
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

/// Per source: the claims it supported, refuted (or could not confirm, or doubted), and supported
/// with an independent origin confirming later. Sums of per-claim counts, so claims can be counted
/// in any order, on any thread, and merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginCounts {
    pub supported: Vec<usize>,
    pub refuted: Vec<usize>,
    pub later_corroborated: Vec<usize>,
}

impl OriginCounts {
    pub fn new(sources: usize) -> OriginCounts {
        OriginCounts {
            supported: vec![0; sources],
            refuted: vec![0; sources],
            later_corroborated: vec![0; sources],
        }
    }

    /// Counts one claim's origins.
    pub fn add(&mut self, origins: &[engine::Tally]) {
        let (supported, refuted, later_corroborated) = (
            &mut self.supported,
            &mut self.refuted,
            &mut self.later_corroborated,
        );
        // The two latest later-supporting origins (first statement, source): enough to tell, for
        // every supporting origin, whether some *other* origin confirmed the claim after it.
        let mut top: [Option<(i64, usize)>; 2] = [None, None];
        for o in origins
            .iter()
            .filter(|o| o.later && o.stance == Stance::Supports)
        {
            let v = Some((o.first, o.source));
            if v > top[0] {
                top = [v, top[0]];
            } else if v > top[1] {
                top[1] = v;
            }
        }
        for o in origins.iter().filter(|o| !o.superseded) {
            match o.stance {
                Stance::Supports => {
                    supported[o.source] += 1;
                    let other = top.iter().flatten().find(|(_, s)| *s != o.source);
                    if other.is_some_and(|(d, _)| *d > o.first) {
                        later_corroborated[o.source] += 1;
                    }
                }
                Stance::Refutes | Stance::CannotConfirm | Stance::Doubts => refuted[o.source] += 1,
                _ => {}
            }
        }
    }
}

/// The sources' scores from the reports in force and the counts of their claims' origins.
pub fn source_table(
    ledger: &Ledger,
    rubric: &Rubric,
    in_force: &[usize],
    counts: &OriginCounts,
    learning: Option<&LedgerLearning>,
) -> Vec<SourceScore> {
    let n = ledger.sources.len();
    let mut reports = vec![0usize; n];
    let mut relays = vec![0usize; n];
    let mut first: Vec<Option<Moment>> = vec![None; n];
    let mut last: Vec<Option<Moment>> = vec![None; n];
    for &i in in_force {
        let r = &ledger.reports[i];
        reports[r.source] += 1;
        first[r.source] = Some(first[r.source].map_or(r.stated, |d| d.min(r.stated)));
        last[r.source] = Some(last[r.source].map_or(r.stated, |d| d.max(r.stated)));
        for &v in r.via() {
            relays[v] += 1;
        }
    }
    let mut out: Vec<SourceScore> = ledger
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let level = model::reliability_level(
                rubric,
                s,
                learning.and_then(|l| l.level(i)),
                Stance::Supports,
            );
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
                claims_supported: counts.supported[i],
                claims_refuted: counts.refuted[i],
                later_corroborated: counts.later_corroborated[i],
                first: first[i],
                last: last[i],
                learned: learning.and_then(|l| l.sources[i]),
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

#[cfg(test)]
mod tests {
    //! Hand-computed expectations for each criterion and aggregator, under the default rubric
    //! (verification weight 1, official weight 1, official level 1, unverified 0.4, relay decay 0.9,
    //! same organisation 0.2, same government 0.5, later weight 0.5, prior 0.5, W = 2).
    use super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;

    const SOURCES: &str = r#"
[[sources]]
id = "dod"
name = "Pentagon spokesperson"
kind = "spokesperson"
organisation = "us-dod"
government = "us"
[[sources]]
id = "secdef"
name = "Secretary of Defense"
kind = "government"
organisation = "us-dod"
government = "us"
[[sources]]
id = "state"
name = "State Department"
kind = "spokesperson"
organisation = "us-state"
government = "us"
[[sources]]
id = "kr"
name = "South Korean intelligence"
kind = "intelligence"
government = "kr"
[[sources]]
id = "wire"
name = "A wire agency"
kind = "wire-agency"
[[sources]]
id = "paper"
name = "A newspaper"
kind = "newspaper"
[[sources]]
id = "ua"
name = "Ukraine"
kind = "government"
government = "ua"
interested = true
[[claims]]
id = "c"
statement = "Troops are deployed"
"#;

    fn report(id: &str, source: &str, stance: &str, stated: &str, extra: &str) -> String {
        format!(
            "[[reports]]\nid = \"{id}\"\nclaim = \"c\"\nsource = \"{source}\"\nstance = \"{stance}\"\nstated = {stated}\n{extra}\n"
        )
    }

    fn case(reports: &[String], rubric: &Rubric) -> ClaimScore {
        let text = format!("{SOURCES}\n{}", reports.join("\n"));
        let ledger = parse_ledgers(&[SourceText::new("t.toml", text)]).unwrap();
        score(&ledger, rubric, None).claims.remove(0)
    }

    /// The claim as `explain` scores it: with the notes saying why.
    fn explained(reports: &[String], rubric: &Rubric) -> ClaimScore {
        let text = format!("{SOURCES}\n{}", reports.join("\n"));
        let ledger = parse_ledgers(&[SourceText::new("t.toml", text)]).unwrap();
        let explained = stream::claim_alone(&ledger, rubric, None, 0).1;
        assert_eq!(
            explained.confidence,
            score(&ledger, rubric, None).claims[0].confidence
        );
        explained
    }

    fn near(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    /// ln 4: an official source's evidence (reliability 0.8: ln(0.8 / 0.2)).
    fn l4() -> f64 {
        4f64.ln()
    }

    #[test]
    fn one_official_unverified_origin() {
        // O = logit 0.8 = ln 4; unverified adds nothing; p = sigmoid(ln 4) = 4/5.
        let c = case(
            &[report("r1", "dod", "supports", "2024-11-04", "")],
            &Rubric::default_rubric(),
        );
        near(c.criteria.verification, 0.0);
        near(c.criteria.official, l4());
        near(c.criteria.later, 0.0);
        near(c.confidence, 0.8);
        assert_eq!(c.likelihood, "very likely");
        assert_eq!(c.admiralty.rating, "B2");
    }

    #[test]
    fn relays_decay_and_a_relay_of_an_origin_adds_nothing() {
        let rubric = Rubric::default_rubric();
        // Through two outlets: multiplier 0.9^2 = 0.81.
        let relayed = case(
            &[report(
                "r1",
                "dod",
                "supports",
                "2024-11-04",
                "via = [\"wire\", \"paper\"]",
            )],
            &rubric,
        );
        near(relayed.criteria.total(), 0.81 * l4());
        // The direct report and its relay: one origin, the direct (stronger) report counts.
        let both = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report(
                    "r2",
                    "dod",
                    "supports",
                    "2024-11-05",
                    "via = [\"wire\", \"paper\"]",
                ),
                report("r3", "paper", "supports", "2024-11-06", "cites = \"r1\""),
            ],
            &rubric,
        );
        assert_eq!((both.reports, both.origins), (3, 1));
        near(both.criteria.total(), l4());
    }

    #[test]
    fn same_organisation_and_government_are_discounted() {
        let rubric = Rubric::default_rubric();
        // dod and secdef (same organisation) and state (same government), all ln 4:
        // dod x 1 + state x 0.5 (same government) + secdef x 0.2 (same organisation) = 1.7 ln 4.
        let c = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "secdef", "supports", "2024-11-04", ""),
                report("r3", "state", "supports", "2024-11-04", ""),
            ],
            &rubric,
        );
        near(c.criteria.total(), 1.7 * l4());
        near(c.effective_origins, 1.7);
    }

    #[test]
    fn an_independent_origin_raises_and_a_refutation_lowers() {
        let rubric = Rubric::default_rubric();
        let one = case(
            &[report("r1", "dod", "supports", "2024-11-04", "")],
            &rubric,
        );
        let two = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "kr", "supports", "2024-11-04", ""),
            ],
            &rubric,
        );
        // Two independent officials: 2 ln 4, p = 16/17.
        near(two.criteria.total(), 2.0 * l4());
        near(two.confidence, 16.0 / 17.0);
        assert!(two.confidence > one.confidence);
        // A wire agency's denial (reliability 0.85): ln 4 - ln(17/3) = ln(12/17), p = 12/29.
        let refuted = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "wire", "refutes", "2024-11-04", ""),
            ],
            &rubric,
        );
        near(refuted.confidence, 12.0 / 29.0);
        near(refuted.conflict, l4() / (17.0f64 / 3.0).ln());
        assert!(refuted.contest.contested());
        assert_eq!(refuted.contest.mark(), "1▲ 1▼, latest ▼");
    }

    #[test]
    fn later_corroboration_needs_an_independent_later_origin() {
        let rubric = Rubric::default_rubric();
        // kr confirms ten days later: + 0.25 on top of 2 ln 4.
        let c = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "kr", "supports", "2024-11-14", ""),
            ],
            &rubric,
        );
        near(c.criteria.later, 0.25);
        near(c.criteria.total(), 2.0 * l4() + 0.25);
        // secdef ten days later is the Pentagon again: discounted, and not later corroboration.
        let same = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "secdef", "supports", "2024-11-14", ""),
            ],
            &rubric,
        );
        near(same.criteria.later, 0.0);
        near(same.criteria.total(), 1.2 * l4());
    }

    #[test]
    fn hedging_and_interest_multiply() {
        let rubric = Rubric::default_rubric();
        // ua: official, interested with no side named: ln 4 halved; "indications" 0.7.
        let c = case(
            &[report(
                "r1",
                "ua",
                "supports",
                "2024-11-04",
                "hedging = \"indications\"",
            )],
            &rubric,
        );
        near(c.criteria.total(), 0.35 * l4());
    }

    #[test]
    fn the_latest_statement_of_an_origin_replaces_earlier_ones() {
        let rubric = Rubric::default_rubric();
        let c = case(
            &[
                report("r1", "dod", "refutes", "2024-12-02", ""),
                report("r2", "dod", "supports", "2024-12-16", ""),
            ],
            &rubric,
        );
        assert_eq!(c.by_origin[0].stance, Stance::Supports);
        assert_eq!(c.by_origin[0].superseded, vec!["r1".to_string()]);
        near(c.criteria.total(), l4());
    }

    #[test]
    fn an_organisation_speaks_with_its_latest_word() {
        let rubric = Rubric::default_rubric();
        // secdef denied on 2 December; the Pentagon spokesperson confirmed on 16 December: the
        // denial of the same organisation no longer stands.
        let c = case(
            &[
                report("r1", "secdef", "refutes", "2024-12-02", ""),
                report("r2", "dod", "supports", "2024-12-16", ""),
            ],
            &rubric,
        );
        near(c.criteria.total(), l4());
        let secdef = c.by_origin.iter().find(|o| o.source == "secdef").unwrap();
        assert_eq!(secdef.discount, 0.0);
        assert_eq!(secdef.superseded_by.as_ref().unwrap().report, "r2");
        // Per speaker, both stand: ln 4 - ln 4 = 0.
        let mut per_speaker = Rubric::default_rubric();
        per_speaker.supersession = crate::rubric::Supersession::Speaker;
        let c = case(
            &[
                report("r1", "secdef", "refutes", "2024-12-02", ""),
                report("r2", "dod", "supports", "2024-12-16", ""),
            ],
            &per_speaker,
        );
        near(c.criteria.total(), 0.0);
    }

    #[test]
    fn unlinked_outlets_count_by_the_design_effect() {
        let rubric = Rubric::default_rubric();
        // Ten newspapers that name no organisation, each ln(0.65/0.35): at correlation 0.2 they
        // count as 10 / (1 + 0.2 x 9) = 3.5714... origins.
        let mut text = SOURCES.to_string();
        let mut reports = Vec::new();
        for i in 0..10 {
            text.push_str(&format!(
                "[[sources]]\nid = \"p{i}\"\nname = \"Paper {i}\"\nkind = \"newspaper\"\n"
            ));
            reports.push(report(
                &format!("r{i}"),
                &format!("p{i}"),
                "supports",
                "2024-11-04",
                "",
            ));
        }
        let ledger = parse_ledgers(&[SourceText::new(
            "t.toml",
            format!("{text}\n{}", reports.join("\n")),
        )])
        .unwrap();
        let c = score(&ledger, &rubric, None).claims.remove(0);
        let one = (0.65f64 / 0.35).ln();
        near(c.criteria.total(), one * 10.0 / 2.8);
        near(c.effective_origins, 10.0 / 2.8);
        assert!(
            c.confidence < 0.95,
            "ten echoes are not almost certain: {}",
            c.confidence
        );
    }

    #[test]
    fn neutral_stances_weigh_little_or_nothing() {
        let rubric = Rubric::default_rubric();
        // A denial by the State Department's spokesperson: -ln 4. "Cannot confirm": half of it.
        // "Doubts" (a query) and "no comment": nothing. A wire agency repeating without endorsing:
        // half of what its support would be worth (0.7), against: -0.5 ln(7/3).
        for (stance, want) in [
            ("refutes", -l4()),
            ("cannot-confirm", -0.5 * l4()),
            ("doubts", 0.0),
            ("no-comment", 0.0),
        ] {
            let c = case(&[report("r1", "state", stance, "2024-11-04", "")], &rubric);
            near(c.criteria.total(), want);
        }
        // A rubric that reads a query as a tenth of a denial: -0.1 ln 4.
        let mut tenth = Rubric::default_rubric();
        tenth.stance_factors[crate::ledger::Stance::Doubts as usize] = 0.1;
        let c = case(&[report("r1", "state", "doubts", "2024-11-04", "")], &tenth);
        near(c.criteria.total(), -0.1 * l4());
        let c = case(
            &[report("r1", "wire", "repeats", "2024-11-04", "")],
            &rubric,
        );
        near(c.criteria.total(), -0.5 * (7.0f64 / 3.0).ln());
        // Contest counts positions only: a repeat takes none.
        assert!(!c.contest.contested());
        assert_eq!((c.contest.for_, c.contest.against), (0, 0));
    }

    #[test]
    fn later_is_measured_from_the_first_statement_of_the_same_stance() {
        let rubric = Rubric::default_rubric();
        // The first denial comes 20 days after the first support; a second, independent denial 10
        // days after the first denial is later; the first denial is not (0 days after its stance's
        // first statement), whatever came before it.
        let c = explained(
            &[
                report("r1", "dod", "supports", "2024-11-01", ""),
                report("r2", "kr", "refutes", "2024-11-21", ""),
                report("r3", "wire", "refutes", "2024-12-01", ""),
            ],
            &rubric,
        );
        let kr = c.by_origin.iter().find(|o| o.source == "kr").unwrap();
        let wire = c.by_origin.iter().find(|o| o.source == "wire").unwrap();
        assert!(
            !kr.later && wire.later,
            "{:?} / {:?}",
            kr.later_note,
            wire.later_note
        );
        near(c.criteria.later, -0.25);
    }

    #[test]
    fn the_later_gap_can_be_set_in_hours() {
        let mut rubric = Rubric::default_rubric();
        rubric.later_min_gap = 6 * 3600;
        // kr confirms seven hours after dod: later, with a gap of six hours.
        let c = explained(
            &[
                report("r1", "dod", "supports", "\"2024-11-04T08:00:00Z\"", ""),
                report("r2", "kr", "supports", "\"2024-11-04T15:00:00Z\"", ""),
            ],
            &rubric,
        );
        near(c.criteria.later, 0.25);
        let kr = c.by_origin.iter().find(|o| o.source == "kr").unwrap();
        let note = kr.later_note.as_deref().unwrap_or_default();
        assert!(note.contains("7.0 hours"), "{note}");
        // A report leaves the notes out.
        let reported = case(
            &[
                report("r1", "dod", "supports", "\"2024-11-04T08:00:00Z\"", ""),
                report("r2", "kr", "supports", "\"2024-11-04T15:00:00Z\"", ""),
            ],
            &rubric,
        );
        assert!(reported.by_origin.iter().all(|o| o.later_note.is_none()));
    }

    #[test]
    fn an_opinion_is_shown_without_a_probability() {
        let rubric = Rubric::default_rubric();
        let text = format!(
            "{}\n{}",
            SOURCES.replace(
                "statement = \"Troops are deployed\"",
                "statement = \"They are cannon fodder\"\nkind = \"opinion\""
            ),
            report("r1", "ua", "supports", "2024-11-04", "")
        );
        let ledger = parse_ledgers(&[SourceText::new("t.toml", text)]).unwrap();
        let case = score(&ledger, &rubric, None);
        let c = &case.claims[0];
        assert!(!c.scored());
        assert_eq!(c.printed_confidence, None);
        let json = serde_json::to_value(c).unwrap();
        assert!(json["confidence"].is_null());
        assert_eq!(case.groups()[0].section, Section::Unscored);
    }

    #[test]
    fn subjective_logic_uses_evidence_counts() {
        let mut rubric = Rubric::default_rubric();
        rubric.method = Method::SubjectiveLogic;
        // r = ln 4, s = 0, W = 2, a = 0.5: p = (ln 4 + 1) / (ln 4 + 2).
        let c = case(
            &[report("r1", "dod", "supports", "2024-11-04", "")],
            &rubric,
        );
        near(c.confidence, (l4() + 1.0) / (l4() + 2.0));
        // One for (ln 4), one against (a wire's denial: ln(17/3)).
        let c = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "wire", "refutes", "2024-11-04", ""),
            ],
            &rubric,
        );
        near(
            c.confidence,
            (l4() + 1.0) / (l4() + (17.0f64 / 3.0).ln() + 2.0),
        );
    }

    fn question_case(rubric: &Rubric, exhaustive: bool) -> CaseScore {
        let text = format!(
            "{SOURCES}
[[questions]]
id = \"q\"
text = \"How many?\"
exhaustive = {exhaustive}
[[claims]]
id = \"c2\"
statement = \"Other answer\"
question = \"q\"
{}",
            report("r1", "dod", "supports", "2024-11-04", "")
        )
        .replace(
            "statement = \"Troops are deployed\"",
            "statement = \"Answer one\"\nquestion = \"q\"",
        );
        let ledger = parse_ledgers(&[SourceText::new("t.toml", text)]).unwrap();
        score(&ledger, rubric, None)
    }

    #[test]
    fn answers_of_a_question_share_a_softmax() {
        let rubric = Rubric::default_rubric();
        // Two answers, not exhaustive: each prior 1/3, none 1/3. E = ln 4 for `c`, 0 for `c2`:
        // p(c) = 4 / (4 + 1 + 1), p(c2) = 1 / 6.
        let s = question_case(&rubric, false);
        near(s.claim("c").unwrap().confidence, 4.0 / 6.0);
        near(s.claim("c2").unwrap().confidence, 1.0 / 6.0);
        assert!(s.questions[0].total < 1.0);
        // Exhaustive: priors 1/2 each, no "none": p(c) = 4 / 5; the two sum to 1.
        let s = question_case(&rubric, true);
        near(s.claim("c").unwrap().confidence, 0.8);
        near(s.questions[0].total, 1.0);
    }

    #[test]
    fn answers_of_a_question_form_a_dirichlet_in_subjective_logic() {
        let mut rubric = Rubric::default_rubric();
        rubric.method = Method::SubjectiveLogic;
        // Categories c, c2, none; r = (ln 4, 0, 0), W = 2, priors 1/3: p(c) = (ln 4 + 2/3) / (ln 4 + 2).
        let s = question_case(&rubric, false);
        near(
            s.claim("c").unwrap().confidence,
            (l4() + 2.0 / 3.0) / (l4() + 2.0),
        );
        near(
            s.claim("c2").unwrap().confidence,
            (2.0 / 3.0) / (l4() + 2.0),
        );
    }

    #[test]
    fn with_no_report_the_prior_stands() {
        let rubric = Rubric::default_rubric();
        let c = case(
            &[report(
                "r1",
                "dod",
                "supports",
                "2024-11-04",
                "published = 2024-11-20",
            )],
            &rubric,
        );
        near(c.confidence, 0.8);
        let text = format!(
            "{SOURCES}\n{}",
            report(
                "r1",
                "dod",
                "supports",
                "2024-11-04",
                "published = 2024-11-20"
            )
        );
        let ledger = parse_ledgers(&[SourceText::new("t.toml", text)]).unwrap();
        let early = score(&ledger, &rubric, Moment::ymd(2024, 11, 10));
        near(early.claims[0].confidence, 0.5);
        assert_eq!(early.claims[0].admiralty.rating, "F6");
    }
}
