//! The evidence about one claim as the reports show it: the [`engine`](super::engine)'s totals and,
//! for the final score, every origin with what it contributed.
//!
//! The model itself (what a report is worth) is in [`model`](super::model), how origins combine in
//! [`engine`](super::engine).

use super::engine::{ClaimEngine, OriginDetail, Summary, Tally};
use super::{Criteria, OriginScore, ReportRef, SupersededBy};
use crate::learn::ledger::LedgerLearning;
use crate::ledger::{Ledger, Moment, Stance};
use crate::rubric::Rubric;

/// The evidence about one claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimEvidence {
    pub summary: Summary,
    /// Every origin with a report in force (superseded ones included, with weight 0), supporting
    /// first, then by the size of their contribution, then by source id. Empty when only the
    /// totals were asked for.
    pub origins: Vec<OriginDetail>,
}

impl ClaimEvidence {
    /// No report in force.
    pub fn empty() -> ClaimEvidence {
        ClaimEvidence {
            summary: Summary {
                criteria: Criteria::default(),
                evidence_for: 0.0,
                evidence_against: 0.0,
                effective: 0.0,
                effective_for: 0.0,
                quality: 0.0,
                best_support: None,
                origins: 0,
                origins_for: 0,
                origins_against: 0,
                latest: None,
                reports: 0,
                first: None,
                last: None,
            },
            origins: Vec::new(),
        }
    }

    pub fn criteria(&self) -> Criteria {
        self.summary.criteria
    }
    pub fn effective_origins(&self) -> f64 {
        self.summary.effective
    }
    pub fn quality(&self) -> f64 {
        self.summary.quality
    }
    /// The weaker side's evidence divided by the stronger side's: 0 when all agree, 1 when split.
    pub fn conflict(&self) -> f64 {
        let (f, a) = (self.summary.evidence_for, self.summary.evidence_against);
        let hi = f.max(a);
        if hi <= 0.0 { 0.0 } else { f.min(a) / hi }
    }
}

/// Learned reliability of a source, where the rubric asks for it.
pub fn learned_of(learning: Option<&LedgerLearning>) -> impl Fn(usize) -> Option<f64> + '_ {
    move |s| learning.and_then(|l| l.level(s))
}

/// How much of a claim's evidence to make beyond its totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The totals alone (no origins).
    Totals,
    /// Every origin with what it contributed: what reports show.
    Origins,
    /// Every origin with, besides, the sentences saying why (its dependence discount and whether
    /// it counts as later corroboration): what `explain` shows. They are made only here, since they
    /// cost a few hundred bytes an origin.
    Notes,
}

/// The evidence of one claim from its reports in force (indices into `ledger.reports`), with as
/// much of every origin's detail as `detail` asks.
pub fn claim_evidence(
    ledger: &Ledger,
    rubric: &Rubric,
    claim: usize,
    reports: &[usize],
    learning: Option<&LedgerLearning>,
    detail: Detail,
) -> ClaimEvidence {
    if reports.is_empty() {
        return ClaimEvidence::empty();
    }
    let learned = learned_of(learning);
    let mut engine = ClaimEngine::new(ledger, rubric, claim, reports, &learned);
    engine.add_all();
    snapshot(ledger, &engine, detail)
}

/// A claim's totals and its origins' tallies for the source table (what [`claim_evidence`] gives,
/// without the origins' details).
pub fn claim_totals(
    ledger: &Ledger,
    rubric: &Rubric,
    claim: usize,
    reports: &[usize],
    learning: Option<&LedgerLearning>,
) -> (ClaimEvidence, Vec<Tally>) {
    if reports.is_empty() {
        return (ClaimEvidence::empty(), Vec::new());
    }
    let learned = learned_of(learning);
    let mut engine = ClaimEngine::new(ledger, rubric, claim, reports, &learned);
    engine.add_all();
    (
        ClaimEvidence {
            summary: engine.summary(),
            origins: Vec::new(),
        },
        engine.tallies(),
    )
}

/// The engine's state as [`ClaimEvidence`].
pub fn snapshot(ledger: &Ledger, engine: &ClaimEngine<'_>, detail: Detail) -> ClaimEvidence {
    let origins = match detail {
        Detail::Totals => Vec::new(),
        Detail::Origins => engine.origins(false),
        Detail::Notes => engine.origins(true),
    };
    // Superseded last, then by stance, by weight (largest first) and source id. An origin is one
    // source of the claim, so no two compare equal: sorted by position on keys made once.
    let keys: Vec<(bool, Stance, f64, &str)> = origins
        .iter()
        .map(|o| {
            (
                o.superseded_by.is_some(),
                o.stance,
                o.contributions.total().abs(),
                ledger.sources[o.source].id.as_str(),
            )
        })
        .collect();
    let mut by: Vec<usize> = (0..origins.len()).collect();
    by.sort_unstable_by(|&a, &b| {
        let (ka, kb) = (&keys[a], &keys[b]);
        (ka.0, ka.1)
            .cmp(&(kb.0, kb.1))
            .then(kb.2.total_cmp(&ka.2))
            .then_with(|| ka.3.cmp(kb.3))
    });
    drop(keys);
    let mut slots: Vec<Option<OriginDetail>> = origins.into_iter().map(Some).collect();
    let origins: Vec<OriginDetail> = by.iter().filter_map(|&i| slots[i].take()).collect();
    ClaimEvidence {
        summary: engine.summary(),
        origins,
    }
}

/// How an origin's reports are shown: those with its current stance (oldest first), the others
/// (superseded by its later statement), and its first statement of the stance as written.
pub struct OriginReports {
    pub current: Vec<usize>,
    pub superseded: Vec<usize>,
    pub first_stated: Moment,
}

/// The reports of origin `o` as [`origin_score`] shows them (and `render::json_stream` writes them).
pub fn origin_reports(ledger: &Ledger, o: &OriginDetail) -> OriginReports {
    let (mut current, superseded): (Vec<usize>, Vec<usize>) = o
        .reports
        .iter()
        .partition(|&&i| ledger.reports[i].stance == o.stance);
    current.sort_by_key(|&i| (ledger.reports[i].stated, i));
    let first_stated = Moment::from_timestamp(o.first)
        .map(|m| {
            // As written: a bare date stays a date.
            current
                .iter()
                .map(|&i| ledger.reports[i].stated)
                .find(|s| s.secs() == m.secs())
                .unwrap_or(m)
        })
        .unwrap_or_default();
    OriginReports {
        current,
        superseded,
        first_stated,
    }
}

/// An origin as reports show it.
pub fn origin_score(ledger: &Ledger, o: &OriginDetail) -> OriginScore {
    let src = &ledger.sources[o.source];
    let best = &ledger.reports[o.best_report];
    let OriginReports {
        current,
        superseded,
        first_stated,
    } = origin_reports(ledger, o);
    OriginScore {
        source: src.id.clone(),
        source_name: (src.name != src.id).then(|| src.name.clone()),
        stance: o.stance,
        first_stated,
        source_level: o.evidence.reliability,
        source_basis: o.reliability_basis.clone(),
        interest: o.evidence.interest,
        best_report: best.id.to_string(),
        verification: best.verification,
        hedging: best.hedging,
        hops: best.hops,
        multiplier: o.evidence.multiplier,
        stance_factor: o.evidence.factor,
        strength: o.evidence.strength,
        discount: o.weight,
        discount_reason: o.weight_reason.clone(),
        later: o.later,
        later_note: o.later_note.clone(),
        contributions: o.contributions,
        reports: current.iter().map(|&i| report_ref(ledger, i)).collect(),
        superseded: superseded
            .iter()
            .map(|&i| ledger.reports[i].id.to_string())
            .collect(),
        superseded_by: o.superseded_by.as_ref().map(|s| SupersededBy {
            source: s.source.clone(),
            report: s.report.clone(),
            stance: s.stance,
            stated: s.stated,
        }),
    }
}

fn report_ref(ledger: &Ledger, i: usize) -> ReportRef {
    let r = &ledger.reports[i];
    ReportRef {
        id: r.id.to_string(),
        stance: r.stance,
        stated: r.stated,
        published: r.published,
        dates: r.dates,
        via: r
            .via()
            .iter()
            .map(|&v| ledger.sources[v].id.clone())
            .collect(),
        cites: r.cites.map(|c| ledger.reports[c].id.to_string()),
        verification: r.verification,
        hedging: r.hedging,
        hops: r.hops,
        document: r.document().map(String::from),
        quote: r.quote().map(String::from),
    }
}
