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
pub mod timeline;
pub mod track_record;
pub mod triples;

use crate::ledger::Moment;
use serde::Serialize;

use crate::learn::LearnMethod;
use crate::learn::ledger::{LearnedReliability, LearningSummary, LedgerLearning, learn_ledger};
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
    pub stated: Moment,
    pub published: Moment,
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
    /// The origin's first statement on the claim (of either stance).
    pub first_stated: Moment,
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
    /// Why it did or did not count as later corroboration.
    pub later_note: String,
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
    /// The denominator: log-odds, the sum over answers of prior x e^evidence plus the none prior;
    /// subjective logic, all evidence in the question plus the prior weight.
    pub normaliser: f64,
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
    pub first: Option<Moment>,
    pub last: Option<Moment>,
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
    /// skipped), then the other claims. Linear in the number of claims.
    pub fn groups(&self) -> Vec<ClaimGroup<'_>> {
        let by_id: std::collections::HashMap<&str, &ClaimScore> =
            self.claims.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut groups: Vec<ClaimGroup<'_>> = self
            .questions
            .iter()
            .map(|q| ClaimGroup {
                question: Some(q),
                claims: q
                    .claims
                    .iter()
                    .filter_map(|id| by_id.get(id.as_str()).copied())
                    .collect(),
            })
            .filter(|g| !g.claims.is_empty())
            .collect();
        let others: Vec<&ClaimScore> = self
            .claims
            .iter()
            .filter(|c| c.question.is_none())
            .collect();
        if !others.is_empty() {
            groups.push(ClaimGroup {
                question: None,
                claims: others,
            });
        }
        groups
    }
}

/// The answers of one question, or (`question: None`) the claims outside any question.
#[derive(Debug, Clone)]
pub struct ClaimGroup<'a> {
    pub question: Option<&'a QuestionScore>,
    pub claims: Vec<&'a ClaimScore>,
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

/// Scores every claim and source of `ledger` under `rubric`, counting only reports published on or
/// before `as_of` (default: the ledger's own date, else its latest publication date).
pub fn score(ledger: &Ledger, rubric: &Rubric, as_of: Option<Moment>) -> CaseScore {
    let as_of = as_of.or_else(|| ledger.default_as_of());
    let in_force: Vec<usize> = (0..ledger.reports.len())
        .filter(|&i| as_of.is_none_or(|d| ledger.reports[i].published <= d))
        .collect();
    let mut by_claim: Vec<Vec<usize>> = vec![Vec::new(); ledger.claims.len()];
    for &i in &in_force {
        by_claim[ledger.reports[i].claim].push(i);
    }

    let learning = rubric
        .reliability
        .filter(|p| p.method != LearnMethod::None)
        .map(|p| learn_ledger(ledger, &in_force, &p, rubric.interval));
    let evidence: Vec<evidence::ClaimEvidence> = by_claim
        .iter()
        .map(|reports| evidence::claim_evidence_with(ledger, rubric, reports, learning.as_ref()))
        .collect();
    let posteriors = aggregate::posteriors(ledger, rubric, &evidence);

    let mut intervals: std::collections::HashMap<(u64, u64), Interval> =
        std::collections::HashMap::new();
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
                // Beta quantiles are iterative and costly; claims with the same probability and
                // strength (e.g. the unreported answers of a large question) share one.
                interval: *intervals
                    .entry((p.to_bits(), post.aggregation.interval_strength.to_bits()))
                    .or_insert_with(|| {
                        aggregate::interval(p, post.aggregation.interval_strength, rubric.interval)
                    }),
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
        .map(|(q, m)| QuestionScore {
            id: q.id.clone(),
            text: q.text.clone(),
            exhaustive: q.exhaustive,
            claims: m.iter().map(|&i| claims[i].id.clone()).collect(),
            total: m.iter().map(|&i| claims[i].confidence).sum::<f64>() + 0.0,
        })
        .collect();

    let sources = source_scores(ledger, rubric, &in_force, &evidence, learning.as_ref());
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
        for &v in &r.via {
            relays[v] += 1;
        }
    }
    let mut supported = vec![0usize; n];
    let mut refuted = vec![0usize; n];
    let mut later_corroborated = vec![0usize; n];
    for ev in evidence {
        // The two latest later-supporting origins (first statement, source): enough to tell, for
        // every supporting origin, whether some *other* origin confirmed the claim after it.
        let mut top: [Option<(Moment, usize)>; 2] = [None, None];
        for o in ev
            .origins
            .iter()
            .filter(|o| o.later && o.stance == Stance::Supports)
        {
            let v = Some((o.first_stated, o.source));
            if v > top[0] {
                top = [v, top[0]];
            } else if v > top[1] {
                top[1] = v;
            }
        }
        for o in &ev.origins {
            match o.stance {
                Stance::Supports => {
                    supported[o.source] += 1;
                    let other = top.iter().flatten().find(|(_, s)| *s != o.source);
                    if other.is_some_and(|(d, _)| *d > o.first_stated) {
                        later_corroborated[o.source] += 1;
                    }
                }
                _ if o.stance.sign() < 0.0 => refuted[o.source] += 1,
                _ => {}
            }
        }
    }
    let mut out: Vec<SourceScore> = ledger
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (level, _) =
                evidence::source_level_with(rubric, s, learning.and_then(|l| l.level(i)));
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

    fn near(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn one_official_unverified_origin() {
        // verification 1 x 0.4 = 0.4; official 1 x 1.0 = 1.0; p = sigmoid(1.4) = 0.8021838885585817
        let c = case(
            &[report("r1", "dod", "supports", "2024-11-04", "")],
            &Rubric::default_rubric(),
        );
        near(c.criteria.verification, 0.4);
        near(c.criteria.official, 1.0);
        near(c.criteria.later, 0.0);
        near(c.confidence, 0.802_183_888_558_581_7);
        assert_eq!(c.likelihood, "very likely");
    }

    #[test]
    fn relays_decay_and_a_relay_of_an_origin_adds_nothing() {
        let rubric = Rubric::default_rubric();
        // Through two outlets: multiplier 0.9^2 = 0.81, evidence 1.4 x 0.81 = 1.134.
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
        near(relayed.criteria.total(), 1.134);
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
        near(both.criteria.total(), 1.4);
    }

    #[test]
    fn same_organisation_and_government_are_discounted() {
        let rubric = Rubric::default_rubric();
        // dod and secdef (same organisation) and state (same government), all the same day.
        // Each undiscounted: 1.4. Order: strongest first, ties by id: dod, secdef, state.
        // dod x 1 + secdef x 0.2 + state x 0.5 = 1.4 x 1.7 = 2.38.
        let c = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "secdef", "supports", "2024-11-04", ""),
                report("r3", "state", "supports", "2024-11-04", ""),
            ],
            &rubric,
        );
        near(c.criteria.total(), 2.38);
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
        near(two.criteria.total(), 2.8);
        assert!(two.confidence > one.confidence);
        // A refutation by an unofficial wire: -(0.4 + 0.7) = -1.1; total 1.4 - 1.1 = 0.3.
        let refuted = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "wire", "refutes", "2024-11-04", ""),
            ],
            &rubric,
        );
        near(refuted.criteria.total(), 0.3);
        near(refuted.conflict, 1.1 / 1.4);
    }

    #[test]
    fn later_corroboration_needs_an_independent_later_origin() {
        let rubric = Rubric::default_rubric();
        // kr confirms ten days later: + 0.5 x 1 x 1 = 0.5 on top of 2 x 1.4.
        let c = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "kr", "supports", "2024-11-14", ""),
            ],
            &rubric,
        );
        near(c.criteria.later, 0.5);
        near(c.criteria.total(), 3.3);
        // secdef ten days later is the Pentagon again: discounted, and not later corroboration.
        let same = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "secdef", "supports", "2024-11-14", ""),
            ],
            &rubric,
        );
        near(same.criteria.later, 0.0);
        near(same.criteria.total(), 1.4 * 1.2);
    }

    #[test]
    fn hedging_and_interest_multiply() {
        let rubric = Rubric::default_rubric();
        // ua: official 1.0 x interest 0.5 = 0.5; "indications" 0.7: 0.7 x (0.4 + 0.5) = 0.63.
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
        near(c.criteria.total(), 0.63);
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
        near(c.criteria.total(), 1.4);
    }

    #[test]
    fn subjective_logic_uses_evidence_counts() {
        let mut rubric = Rubric::default_rubric();
        rubric.method = Method::SubjectiveLogic;
        // r = 1.4, s = 0, W = 2, a = 0.5: p = (1.4 + 1) / 3.4 = 0.7058823529411765.
        let c = case(
            &[report("r1", "dod", "supports", "2024-11-04", "")],
            &rubric,
        );
        near(c.confidence, 2.4 / 3.4);
        // One for (1.4), one against (wire: 1.1): p = (1.4 + 1) / (2.5 + 2) = 0.5333...
        let c = case(
            &[
                report("r1", "dod", "supports", "2024-11-04", ""),
                report("r2", "wire", "refutes", "2024-11-04", ""),
            ],
            &rubric,
        );
        near(c.confidence, 2.4 / 4.5);
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
        // Two answers, not exhaustive: each prior 1/3, none 1/3. E = 1.4 for `c`, 0 for `c2`:
        // p(c) = e^1.4 / (e^1.4 + 1 + 1), p(c2) = 1 / (e^1.4 + 2).
        let s = question_case(&rubric, false);
        let e = 1.4f64.exp();
        near(s.claim("c").unwrap().confidence, e / (e + 2.0));
        near(s.claim("c2").unwrap().confidence, 1.0 / (e + 2.0));
        assert!(s.questions[0].total < 1.0);
        // Exhaustive: priors 1/2 each, no "none": p(c) = e^1.4 / (e^1.4 + 1); the two sum to 1.
        let s = question_case(&rubric, true);
        near(s.claim("c").unwrap().confidence, e / (e + 1.0));
        near(s.questions[0].total, 1.0);
    }

    #[test]
    fn answers_of_a_question_form_a_dirichlet_in_subjective_logic() {
        let mut rubric = Rubric::default_rubric();
        rubric.method = Method::SubjectiveLogic;
        // Categories c, c2, none; r = (1.4, 0, 0), W = 2, priors 1/3: p(c) = (1.4 + 2/3) / 3.4.
        let s = question_case(&rubric, false);
        near(s.claim("c").unwrap().confidence, (1.4 + 2.0 / 3.0) / 3.4);
        near(s.claim("c2").unwrap().confidence, (2.0 / 3.0) / 3.4);
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
        near(c.confidence, 0.802_183_888_558_581_7);
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
