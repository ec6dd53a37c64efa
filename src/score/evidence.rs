//! From the reports in force about one claim to the contribution of each independent origin.
//!
//! 1. Reports are grouped by origin (the speaker, after following `cites`): relays and repeats of one
//!    origin count once. The origin's stance is that of its latest statement (a tie on the latest
//!    date counts as a refutation, the cautious reading); its strongest report with that stance
//!    carries its qualifiers, so a weaker relay or repeat changes nothing.
//! 2. Within each stance, origins are taken strongest first; a second origin of an organisation
//!    already heard is multiplied by `dependence.same_organisation`, else a second origin of a
//!    government already heard by `dependence.same_government`.
//! 3. Contributions (nats, signed by stance):
//!    verification = discount x multiplier x verification.weight x verification level;
//!    official     = discount x multiplier x official.weight x source level;
//!    later        = discount x multiplier x later.weight, for the strongest `cap` origins of each
//!    stance whose first statement is `min_gap_days`..=`window_days` after the claim's first, and
//!    that are independent of what came before: no earlier origin with the same stance from the
//!    same organisation or government.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::ledger::Moment;

use super::{Criteria, OriginScore, ReportRef};
use crate::learn::ledger::LedgerLearning;
use crate::ledger::{Hedging, Ledger, Source, Stance, Verification};
use crate::rubric::Rubric;

/// One independent origin of a claim, with everything that went into its contribution.
#[derive(Debug, Clone)]
pub struct Origin {
    pub source: usize,
    pub stance: Stance,
    pub first_stated: Moment,
    pub source_level: f64,
    pub source_basis: String,
    pub best_report: usize,
    pub reports: Vec<usize>,
    pub superseded: Vec<usize>,
    pub verification: Verification,
    pub verification_level: f64,
    pub hedging: Hedging,
    pub hops: u32,
    pub multiplier: f64,
    /// Undiscounted strength: multiplier x (wv x verification level + wo x source level).
    pub strength: f64,
    pub discount: f64,
    pub discount_reason: Option<String>,
    pub later: bool,
    /// Why the origin did or did not count as later corroboration.
    pub later_note: String,
    pub contributions: Criteria,
}

impl Origin {
    /// Absolute size of the origin's contribution: its evidence count in subjective logic.
    pub fn weight(&self) -> f64 {
        self.contributions.total().abs()
    }

    /// Quality in [0, 1]: mean of verification and source levels, times the multiplier.
    pub fn quality(&self) -> f64 {
        (self.verification_level + self.source_level) / 2.0 * self.multiplier
    }

    pub fn to_score(&self, ledger: &Ledger) -> OriginScore {
        let src = &ledger.sources[self.source];
        OriginScore {
            source: src.id.clone(),
            source_name: src.name.clone(),
            stance: self.stance,
            first_stated: self.first_stated,
            source_level: self.source_level,
            source_basis: self.source_basis.clone(),
            best_report: ledger.reports[self.best_report].id.clone(),
            verification: self.verification,
            verification_level: self.verification_level,
            hedging: self.hedging,
            hops: self.hops,
            multiplier: self.multiplier,
            discount: self.discount,
            discount_reason: self.discount_reason.clone(),
            later: self.later,
            later_note: self.later_note.clone(),
            contributions: self.contributions,
            reports: self
                .reports
                .iter()
                .map(|&i| {
                    let r = &ledger.reports[i];
                    ReportRef {
                        id: r.id.clone(),
                        stance: r.stance,
                        stated: r.stated,
                        published: r.published,
                        dates: r.dates,
                        via: r
                            .via
                            .iter()
                            .map(|&v| ledger.sources[v].id.clone())
                            .collect(),
                        cites: r.cites.map(|c| ledger.reports[c].id.clone()),
                        verification: r.verification,
                        hedging: r.hedging,
                        hops: r.hops,
                        document: r.document.clone(),
                        quote: r.quote.clone(),
                    }
                })
                .collect(),
            superseded: self
                .superseded
                .iter()
                .map(|&i| ledger.reports[i].id.clone())
                .collect(),
        }
    }
}

/// The evidence about one claim.
#[derive(Debug, Clone, Default)]
pub struct ClaimEvidence {
    /// Sorted by stance (supports first), then contribution size, then source id.
    pub origins: Vec<Origin>,
    pub first: Option<Moment>,
    pub last: Option<Moment>,
}

impl ClaimEvidence {
    pub fn criteria(&self) -> Criteria {
        let mut c = Criteria::default();
        for o in &self.origins {
            c.add(&o.contributions);
        }
        c
    }
    /// Sum of the weights of the origins with this stance.
    pub fn weight_of(&self, stance: Stance) -> f64 {
        self.origins
            .iter()
            .filter(|o| o.stance == stance)
            .map(Origin::weight)
            // fold from +0.0: an empty `sum()` of f64 is -0.0, which would print as "-0".
            .fold(0.0, |a, w| a + w)
    }
    pub fn effective_origins(&self) -> f64 {
        self.origins.iter().map(|o| o.discount).sum()
    }
    pub fn effective_origins_of(&self, stance: Stance) -> f64 {
        self.origins
            .iter()
            .filter(|o| o.stance == stance)
            .map(|o| o.discount)
            .sum()
    }
    /// Discount-weighted mean quality of the origins (0 with none).
    pub fn quality(&self) -> f64 {
        let n = self.effective_origins();
        if n <= 0.0 {
            return 0.0;
        }
        self.origins
            .iter()
            .map(|o| o.discount * o.quality())
            .sum::<f64>()
            / n
    }
    /// The weaker side's evidence divided by the stronger side's: 0 when all agree, 1 when split.
    pub fn conflict(&self) -> f64 {
        let (f, a) = (
            self.weight_of(Stance::Supports),
            self.weight_of(Stance::Refutes),
        );
        let hi = f.max(a);
        if hi <= 0.0 { 0.0 } else { f.min(a) / hi }
    }
}

/// The official-versus-unofficial level of a source and how it was reached.
pub fn source_level(rubric: &Rubric, s: &Source) -> (f64, String) {
    source_level_with(rubric, s, None)
}

/// As [`source_level`], with the source's learned reliability (used only without a grade).
pub fn source_level_with(rubric: &Rubric, s: &Source, learned: Option<f64>) -> (f64, String) {
    let (base, mut basis) = match s.grade {
        Some(g) => (rubric.grade_level(g), format!("grade {}", g.as_char())),
        None if learned.is_some() => {
            let l = learned.unwrap_or_default();
            (l, format!("learned reliability {l:.2}"))
        }
        None if s.official => (rubric.official_level, "official".to_string()),
        None => (
            rubric.unofficial_level(s.kind),
            format!("unofficial {}", s.kind.as_str()),
        ),
    };
    let level = if s.interested {
        basis.push_str(&format!(" x interest {}", rubric.interest_factor));
        base * rubric.interest_factor
    } else {
        base
    };
    (level, basis)
}

/// Builds the origins of one claim from the indices of its reports in force.
pub fn claim_evidence(ledger: &Ledger, rubric: &Rubric, reports: &[usize]) -> ClaimEvidence {
    claim_evidence_with(ledger, rubric, reports, None)
}

/// As [`claim_evidence`], with learned reliability as the level of ungraded sources.
pub fn claim_evidence_with(
    ledger: &Ledger,
    rubric: &Rubric,
    reports: &[usize],
    learning: Option<&LedgerLearning>,
) -> ClaimEvidence {
    // Until the stance model: only reports that support or refute carry evidence.
    let reports: Vec<usize> = reports
        .iter()
        .copied()
        .filter(|&i| matches!(ledger.reports[i].stance, Stance::Supports | Stance::Refutes))
        .collect();
    let reports = &reports[..];
    if reports.is_empty() {
        return ClaimEvidence::default();
    }
    let first = reports.iter().map(|&i| ledger.reports[i].stated).min();
    let last = reports.iter().map(|&i| ledger.reports[i].stated).max();

    // 1. Group by origin; BTreeMap keeps the order independent of the input order.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in reports {
        groups.entry(ledger.reports[i].origin).or_default().push(i);
    }
    let mut origins: Vec<Origin> = groups
        .into_iter()
        .map(|(source, mut idx)| {
            idx.sort_unstable();
            let latest = idx
                .iter()
                .map(|&i| ledger.reports[i].stated)
                .max()
                .unwrap_or_default();
            let refutes_latest = idx.iter().any(|&i| {
                let r = &ledger.reports[i];
                r.stated == latest && r.stance == Stance::Refutes
            });
            let stance = if refutes_latest {
                Stance::Refutes
            } else {
                Stance::Supports
            };
            let (current, superseded): (Vec<usize>, Vec<usize>) = idx
                .into_iter()
                .partition(|&i| ledger.reports[i].stance == stance);
            let (source_level, source_basis) = source_level_with(
                rubric,
                &ledger.sources[source],
                learning.and_then(|l| l.level(source)),
            );
            // The strongest report carries the qualifiers; ties go to the smallest id (index).
            let mut best = current[0];
            let mut best_strength = f64::NEG_INFINITY;
            for &i in &current {
                let s = report_strength(rubric, ledger, i, source_level);
                if s > best_strength {
                    best = i;
                    best_strength = s;
                }
            }
            let r = &ledger.reports[best];
            let mut current = current;
            current.sort_by_key(|&i| (ledger.reports[i].stated, i));
            Origin {
                source,
                stance,
                // The origin's first word on the claim, whatever its stance then: an origin that
                // changes its mind is not a later, independent corroboration of itself.
                first_stated: current
                    .iter()
                    .chain(&superseded)
                    .map(|&i| ledger.reports[i].stated)
                    .min()
                    .unwrap_or(latest),
                source_level,
                source_basis,
                best_report: best,
                reports: current,
                superseded,
                verification: r.verification,
                verification_level: rubric.verification_level(r.verification),
                hedging: r.hedging,
                hops: r.hops,
                multiplier: multiplier(rubric, r.hedging, r.hops),
                strength: best_strength,
                discount: 1.0,
                discount_reason: None,
                later: false,
                later_note: String::new(),
                contributions: Criteria::default(),
            }
        })
        .collect();

    // 2. Dependence discounts, strongest origin of each organisation/government first.
    origins.sort_by(|a, b| {
        a.stance
            .cmp(&b.stance)
            .then(b.strength.total_cmp(&a.strength))
            .then_with(|| {
                ledger.sources[a.source]
                    .id
                    .cmp(&ledger.sources[b.source].id)
            })
    });
    for stance in [Stance::Supports, Stance::Refutes] {
        let mut orgs: HashSet<&str> = HashSet::new();
        let mut govs: HashSet<&str> = HashSet::new();
        let mut first_of_org: BTreeMap<&str, &str> = BTreeMap::new();
        let mut first_of_gov: BTreeMap<&str, &str> = BTreeMap::new();
        for o in origins.iter_mut().filter(|o| o.stance == stance) {
            let s = &ledger.sources[o.source];
            let org = s.organisation.as_deref();
            let gov = s.government.as_deref();
            if let Some(g) = org.filter(|g| orgs.contains(g)) {
                o.discount = rubric.same_organisation;
                o.discount_reason = Some(format!(
                    "same organisation `{g}` as `{}`",
                    first_of_org.get(g).copied().unwrap_or_default()
                ));
            } else if let Some(g) = gov.filter(|g| govs.contains(g)) {
                o.discount = rubric.same_government;
                o.discount_reason = Some(format!(
                    "same government `{g}` as `{}`",
                    first_of_gov.get(g).copied().unwrap_or_default()
                ));
            }
            if let Some(g) = org
                && orgs.insert(g)
            {
                first_of_org.insert(g, &s.id);
            }
            if let Some(g) = gov
                && govs.insert(g)
            {
                first_of_gov.insert(g, &s.id);
            }
        }
    }

    // 3. Contributions; later corroboration for the strongest `cap` later origins of each stance.
    let claim_first = first.unwrap_or_default();
    for o in &mut origins {
        let sign = o.stance.sign();
        let k = sign * o.discount * o.multiplier;
        o.contributions.verification = k * rubric.verification_weight * o.verification_level;
        o.contributions.official = k * rubric.official_weight * o.source_level;
    }
    for stance in [Stance::Supports, Stance::Refutes] {
        let mut candidates: Vec<usize> = Vec::new();
        let earliest = Earliest::new(ledger, &origins);
        let verdicts: Vec<(usize, Result<(), String>)> = (0..origins.len())
            .filter(|&i| origins[i].stance == stance)
            .map(|i| {
                (
                    i,
                    later_eligibility(ledger, rubric, &earliest, &origins[i], claim_first),
                )
            })
            .collect();
        for (i, v) in verdicts {
            match v {
                Ok(()) => candidates.push(i),
                Err(note) => origins[i].later_note = note,
            }
        }
        let bonus = |o: &Origin| o.discount * o.multiplier * rubric.later_weight;
        candidates.sort_by(|&a, &b| {
            bonus(&origins[b])
                .total_cmp(&bonus(&origins[a]))
                .then_with(|| {
                    ledger.sources[origins[a].source]
                        .id
                        .cmp(&ledger.sources[origins[b].source].id)
                })
        });
        for (rank, &i) in candidates.iter().enumerate() {
            let o = &mut origins[i];
            let gap = o.first_stated.days_since(claim_first);
            if rank < rubric.later_cap {
                o.later = true;
                o.contributions.later = o.stance.sign() * bonus(o);
                o.later_note = format!(
                    "later: first said {}, {gap} days after the claim's first report",
                    o.first_stated
                );
            } else {
                o.later_note = format!(
                    "later, but beyond the cap of {} later origins (first said {})",
                    rubric.later_cap, o.first_stated
                );
            }
        }
    }
    origins.sort_by(|a, b| {
        a.stance
            .cmp(&b.stance)
            .then(b.weight().total_cmp(&a.weight()))
            .then_with(|| {
                ledger.sources[a.source]
                    .id
                    .cmp(&ledger.sources[b.source].id)
            })
    });
    ClaimEvidence {
        origins,
        first,
        last,
    }
}

/// The earliest origin of each organisation and each government, per stance: what a later origin
/// must be independent of. Keys are (stance, name); values (first statement, source id, index).
struct Earliest<'a> {
    org: HashMap<(Stance, &'a str), (Moment, &'a str)>,
    gov: HashMap<(Stance, &'a str), (Moment, &'a str)>,
}

impl<'a> Earliest<'a> {
    fn new(ledger: &'a Ledger, origins: &[Origin]) -> Self {
        let mut e = Earliest {
            org: HashMap::new(),
            gov: HashMap::new(),
        };
        for o in origins {
            let s = &ledger.sources[o.source];
            let v = (o.first_stated, s.id.as_str());
            for (map, key) in [(&mut e.org, &s.organisation), (&mut e.gov, &s.government)] {
                if let Some(k) = key.as_deref() {
                    let slot = map.entry((o.stance, k)).or_insert(v);
                    if v < *slot {
                        *slot = v;
                    }
                }
            }
        }
        e
    }
}

/// Whether origin `o` can count as later corroboration; if not, why.
fn later_eligibility(
    ledger: &Ledger,
    rubric: &Rubric,
    earliest: &Earliest<'_>,
    o: &Origin,
    claim_first: Moment,
) -> Result<(), String> {
    let gap = o.first_stated.days_since(claim_first);
    if gap < rubric.later_min_gap_days as f64 {
        return Err(format!(
            "not later: first said {}, {gap} day(s) after the claim's first report (later needs {})",
            o.first_stated, rubric.later_min_gap_days
        ));
    }
    if gap > rubric.later_window_days as f64 {
        return Err(format!(
            "not later: first said {gap} days after the claim's first report, beyond the {}-day window",
            rubric.later_window_days
        ));
    }
    // Corroboration must be independent of what was said before: no earlier origin with this
    // stance from the same organisation or government.
    let me = &ledger.sources[o.source];
    type Map<'m> = HashMap<(Stance, &'m str), (Moment, &'m str)>;
    fn before<'m>(map: &Map<'m>, key: &Option<String>, o: &Origin) -> Option<(Moment, &'m str)> {
        key.as_deref()
            .and_then(|k| map.get(&(o.stance, k)))
            .filter(|(d, _)| *d < o.first_stated)
            .copied()
    }
    let earlier = match (
        before(&earliest.org, &me.organisation, o),
        before(&earliest.gov, &me.government, o),
    ) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    match earlier {
        Some((date, id)) => Err(format!(
            "not later corroboration: `{id}`, of the same organisation or government, said it first on {date}"
        )),
        None => Ok(()),
    }
}

/// hedging level x relay_decay^hops.
pub fn multiplier(rubric: &Rubric, hedging: Hedging, hops: u32) -> f64 {
    rubric.hedging_level(hedging) * rubric.relay_decay.powi(hops.min(10_000) as i32)
}

fn report_strength(rubric: &Rubric, ledger: &Ledger, i: usize, source_level: f64) -> f64 {
    let r = &ledger.reports[i];
    multiplier(rubric, r.hedging, r.hops)
        * (rubric.verification_weight * rubric.verification_level(r.verification)
            + rubric.official_weight * source_level)
}
