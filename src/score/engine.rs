//! The evidence of one claim, built report by report.
//!
//! [`ClaimEngine`] takes a claim's reports in one canonical order (publication time, statement time,
//! id) and keeps, after each, everything the claim's standing depends on. Adding a report costs
//! O(log n) in the usual case, so a whole timeline comes from one sweep (O(n log n) for the ledger)
//! and the final score is the sweep's last state. The stages:
//!
//! 1. **Origins.** A report belongs to its origin (the speaker at the root of its `cites` chain).
//!    An origin keeps, per stance, its strongest report and its first statement; its *position* is
//!    its latest statement that takes one (supports, refutes, cannot-confirm, doubts; a tie at one
//!    moment goes to the most cautious). `repeats` and `no-comment` take no position.
//! 2. **Supersession.** Origins are grouped in units (`[dependence] supersession`: each speaker, each
//!    organisation or each government). A unit speaks with its latest position: an origin of the unit
//!    with another position, or with none, is superseded and counts for nothing.
//! 3. **Dependence.** The origins in force, by stance, fall in groups:
//!    - a government's origins (each organisation within it, and each origin without one, a
//!      sub-group): the strongest counts 1, the strongest of each other organisation
//!      `same_government`, the rest `same_organisation`;
//!    - an organisation's origins (no government): the strongest 1, the rest `same_organisation`;
//!    - unlinked origins of one source kind: a pool with intra-class correlation ρ (`[correlation]`).
//!      With S the sum of their strengths and M the largest, N = S / M full-strength equivalents
//!      count as n(N) = N / (1 + ρ (N - 1)) (Kish's design effect), so the pool adds M n(N). Equal
//!      strengths give the textbook n / (1 + ρ (n - 1)); the form never falls when an origin joins;
//!    - origins with a report of the stance that shows evidence of its own (imagery, documents, an
//!      independent check), whether or not that report is their strongest: 1 each.
//! 4. **Later corroboration**, for supports and refutes: an origin whose first statement of the
//!    stance comes at least `min_gap` after the stance's first statement, and that is the first of
//!    its organisation and of its government to take the stance, is a candidate; the `cap` strongest
//!    candidates add `later.weight` x k x m each.
//!
//! Sums are kept in fixed point (2^-60 nats), so they are exact: the result depends only on which
//! reports are in force, never on the order in which they were added or on rounding along the way.
//!
//! Over 600 lines: the one sweep that computes every claim's standing (origins, dependence, later
//! corroboration, aggregation) keeps its state in private types; cut apart, the invariants it keeps
//! would cross module lines.

use std::collections::{BTreeMap, BTreeSet};

// Fx hashing: the keys are small integers made here, not input an adversary picks, and SipHash
// cost a few per cent of a million-report run.
use rustc_hash::FxHashMap as HashMap;

use crate::ledger::{Ledger, SourceKind, Stance};
use crate::rubric::Rubric;

use super::Criteria;
use super::model::{ReportEvidence, quality, report_evidence};

/// A sum of nats kept exactly: units of 2^-60.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Fixed(i128);

impl Fixed {
    const SCALE: f64 = 1_152_921_504_606_846_976.0; // 2^60
    pub fn from_f64(x: f64) -> Fixed {
        // Contributions are bounded by the rubric (at most a few hundred nats each), so the product
        // fits easily; a non-finite value cannot arise from a validated rubric.
        Fixed((x * Self::SCALE).round() as i128)
    }
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE
    }
}

impl std::ops::AddAssign for Fixed {
    fn add_assign(&mut self, o: Fixed) {
        self.0 += o.0;
    }
}
impl std::ops::SubAssign for Fixed {
    fn sub_assign(&mut self, o: Fixed) {
        self.0 -= o.0;
    }
}

/// Strength, O part and V part, summed exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Sum3 {
    s: Fixed,
    o: Fixed,
    v: Fixed,
}

impl Sum3 {
    fn of(p: &Parts) -> Sum3 {
        Sum3 {
            s: Fixed::from_f64(p.strength),
            o: Fixed::from_f64(p.official),
            v: Fixed::from_f64(p.verification),
        }
    }
    fn add(&mut self, x: Sum3) {
        self.s += x.s;
        self.o += x.o;
        self.v += x.v;
    }
    fn sub(&mut self, x: Sum3) {
        self.s -= x.s;
        self.o -= x.o;
        self.v -= x.v;
    }
}

/// An origin's strength and its split into the O and V criteria.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Parts {
    strength: f64,
    official: f64,
    verification: f64,
}

/// Where an origin's evidence goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupKind {
    /// Reports that show their own evidence: each counts fully.
    Independent,
    /// Unlinked origins of one source kind.
    Pool(SourceKind),
    /// An organisation with no government.
    Organisation(u32),
    /// A government, with its organisations inside.
    Government(u32),
}

/// Sub-group accumulator: a sum, a count, and the strongest member (ties: the lowest origin).
#[derive(Debug, Clone, Default)]
struct Acc {
    sum: Sum3,
    count: u32,
    max: Option<(f64, u32)>,
    members: Vec<u32>,
}

impl Acc {
    fn better(a: (f64, u32), b: Option<(f64, u32)>) -> bool {
        match b {
            None => true,
            Some(b) => a.0 > b.0 || (a.0 == b.0 && a.1 < b.1),
        }
    }
    fn insert(&mut self, o: u32, p: &Parts) {
        self.sum.add(Sum3::of(p));
        self.count += 1;
        self.members.push(o);
        if Self::better((p.strength, o), self.max) {
            self.max = Some((p.strength, o));
        }
    }
    /// Removes `o`; `parts_of` gives the parts of any member (for a new maximum).
    fn remove(&mut self, o: u32, p: &Parts, parts_of: impl Fn(u32) -> Parts) {
        self.sum.sub(Sum3::of(p));
        self.count -= 1;
        if let Some(i) = self.members.iter().position(|&m| m == o) {
            self.members.swap_remove(i);
        }
        if self.max.is_some_and(|(_, m)| m == o) {
            self.max = None;
            for &m in &self.members {
                let s = parts_of(m).strength;
                if Self::better((s, m), self.max) {
                    self.max = Some((s, m));
                }
            }
        }
    }
}

/// What a group adds, signed by its stance, and its effective number of origins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Contribution {
    official: Fixed,
    verification: Fixed,
    magnitude: Fixed,
    effective: Fixed,
}

#[derive(Debug, Clone)]
struct Group {
    stance: Stance,
    kind: GroupKind,
    /// Everything in the group (for a government: all its organisations together).
    all: Acc,
    /// A government's sub-groups: organisation key -> accumulator.
    orgs: HashMap<u32, Acc>,
    /// A government: the sum of its sub-groups' strongest members, and their number.
    firsts: Sum3,
    contribution: Contribution,
}

/// An origin's place in the structures while it counts.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Placed {
    stance: Stance,
    rep: u32,
    first: i64,
    /// A report of its stance shows evidence of its own.
    shows: bool,
    parts: Parts,
    /// Index into `groups`, when the origin adds anything (strength > 0).
    group: Option<u32>,
    /// Sub-group key within a government.
    sub: u32,
}

#[derive(Debug, Clone)]
struct OriginState {
    source: usize,
    unit: u32,
    /// Per stance: the strongest report (strength, ledger index, local report).
    best: [Option<(f64, usize, u32)>; 6],
    /// Per stance: the first statement.
    earliest: [i64; 6],
    /// Per stance: does any of its reports show evidence of its own? Then the origin counts alone
    /// (not in a group), whichever report is its strongest, so weakening one report can never move
    /// the origin into a group and lift the discount on another origin's.
    shows: [bool; 6],
    /// The latest statement that takes a position: (stated, caution, stance, local report).
    position: Option<(i64, u8, Stance, u32)>,
    /// The latest statement that takes none.
    neutral: Option<(i64, u8, Stance, u32)>,
    placed: Option<Placed>,
    /// Organisation and government keys (interned), if any.
    org: Option<u32>,
    gov: Option<u32>,
    /// The source's learned reliability, where the rubric asks for it.
    learned: Option<f64>,
}

impl OriginState {
    /// Its own latest word: the latest statement taking a position, else the latest taking none.
    fn own_stance(&self) -> Stance {
        self.position
            .or(self.neutral)
            .map_or(Stance::NoComment, |x| x.2)
    }
}

#[derive(Debug, Clone, Default)]
struct Unit {
    position: Option<(i64, u8, Stance, u32, u32)>, // + origin
    members: Vec<u32>,
}

/// Later corroboration for one stance.
#[derive(Debug, Clone, Default)]
struct Later {
    /// First statements of the origins in force with this stance (a multiset).
    firsts: BTreeMap<i64, u32>,
    /// (first, origin) per organisation and per government: who said it first there.
    by_org: HashMap<u32, BTreeSet<(i64, u32)>>,
    by_gov: HashMap<u32, BTreeSet<(i64, u32)>>,
    /// Eligible origins whose first statement is before the threshold: (first, origin) -> bonus.
    early: BTreeMap<(i64, u32), u64>,
    /// Eligible origins at or after the threshold, by first statement and by bonus.
    late: BTreeMap<(i64, u32), u64>,
    late_by_bonus: BTreeSet<(std::cmp::Reverse<u64>, usize, u32)>,
    /// The threshold: the stance's first statement plus the gap (None with no origin).
    threshold: Option<i64>,
    /// Whether each origin is eligible (by origin).
    eligible: HashMap<u32, u64>,
}

/// The standing-relevant totals of a claim at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub criteria: Criteria,
    /// Magnitudes of the evidence for and against (later bonuses included).
    pub evidence_for: f64,
    pub evidence_against: f64,
    /// Effective independent origins, after dependence (origins that add evidence).
    pub effective: f64,
    pub effective_for: f64,
    /// The best origin's quality.
    pub quality: f64,
    /// The most reliable supporting origin: (support reliability, source index).
    pub best_support: Option<(f64, usize)>,
    /// Origins in force (every stance, superseded ones not counted).
    pub origins: usize,
    /// Origins in force that take a position for / against.
    pub origins_for: usize,
    pub origins_against: usize,
    /// The stance of the latest statement that takes a position.
    pub latest: Option<Stance>,
    pub reports: usize,
    pub first: Option<i64>,
    pub last: Option<i64>,
}

/// One claim's evidence, report by report.
pub struct ClaimEngine<'a> {
    ledger: &'a Ledger,
    rubric: &'a Rubric,
    claim: usize,
    /// Ledger indices of the claim's reports, in canonical order.
    order: Vec<usize>,
    evidence: Vec<ReportEvidence>,
    origin_of: Vec<u32>,
    origins: Vec<OriginState>,
    units: Vec<Unit>,
    groups: Vec<Group>,
    group_index: HashMap<(Stance, GroupKind), u32>,
    /// Interned names: organisations, governments and speakers (keys of groups and units, and
    /// the names for messages).
    names: Vec<&'a str>,
    qualities: BTreeMap<u64, u32>,
    supports: BTreeSet<(u64, std::cmp::Reverse<usize>, u32)>,
    later: [Later; 2],
    later_sums: [Fixed; 2],
    totals: Contribution,
    totals_for: Contribution,
    active: usize,
    active_for: usize,
    active_against: usize,
    latest: Option<(i64, u8, Stance)>,
    added: usize,
    first: Option<i64>,
    last: Option<i64>,
}

fn caution(t: Stance) -> u8 {
    t.caution()
}

/// Bits of a non-negative float, ordered as the float.
fn key(x: f64) -> u64 {
    x.max(0.0).to_bits()
}

fn later_index(t: Stance) -> Option<usize> {
    match t {
        Stance::Supports => Some(0),
        Stance::Refutes => Some(1),
        _ => None,
    }
}

/// n(N) = N / (1 + ρ (N - 1)) for N >= 1 (N itself below 1).
pub fn design_effect(n: f64, rho: f64) -> f64 {
    if n <= 1.0 {
        n
    } else {
        n / (1.0 + rho * (n - 1.0))
    }
}

impl<'a> ClaimEngine<'a> {
    /// An engine for `claim` over `reports` (ledger indices of its reports, any order: they are put
    /// in the canonical one). `learned` gives the learned reliability of a source, where the rubric
    /// asks for it.
    pub fn new(
        ledger: &'a Ledger,
        rubric: &'a Rubric,
        claim: usize,
        reports: &[usize],
        learned: &dyn Fn(usize) -> Option<f64>,
    ) -> ClaimEngine<'a> {
        // Sorted on keys read once (a report's record is read once, not at every comparison: the
        // claim's reports are scattered over the ledger); the keys are distinct (`i`), so an
        // unstable sort gives the one order.
        let mut keyed: Vec<(i64, i64, usize)> = reports
            .iter()
            .map(|&i| {
                let r = &ledger.reports[i];
                (r.published.secs(), r.stated.secs(), i)
            })
            .collect();
        keyed.sort_unstable();
        let order: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();
        // Organisations, governments and speakers, each kind apart (0, 1, 2), by their names in
        // the ledger: borrowed, not copied.
        let mut names: Vec<&'a str> = Vec::with_capacity(reports.len());
        let mut interned: HashMap<(u8, &'a str), u32> =
            HashMap::with_capacity_and_hasher(reports.len(), Default::default());
        let mut intern = |kind: u8, s: &'a str| -> u32 {
            *interned.entry((kind, s)).or_insert_with(|| {
                names.push(s);
                (names.len() - 1) as u32
            })
        };
        // Sized for one origin per report (a feed's usual claim): no growing while filled.
        let n = order.len();
        let mut origin_index: HashMap<usize, u32> =
            HashMap::with_capacity_and_hasher(n, Default::default());
        let mut origins: Vec<OriginState> = Vec::with_capacity(n);
        let mut units: Vec<Unit> = Vec::with_capacity(n);
        let mut unit_index: HashMap<u32, u32> =
            HashMap::with_capacity_and_hasher(n, Default::default());
        let mut origin_of = Vec::with_capacity(order.len());
        let mut evidence = Vec::with_capacity(order.len());
        let c = &ledger.claims[claim];
        for &i in &order {
            let r = &ledger.reports[i];
            let src = &ledger.sources[r.origin];
            evidence.push(report_evidence(rubric, src, c, r, learned(r.origin.get())));
            let o = *origin_index.entry(r.origin.get()).or_insert_with(|| {
                let org = src.organisation.as_deref().map(|g| intern(0, g));
                let gov = src.government.as_deref().map(|g| intern(1, g));
                let own = intern(2, &src.id);
                let unit_key = match rubric.supersession {
                    crate::rubric::Supersession::Speaker => own,
                    crate::rubric::Supersession::Organisation => org.unwrap_or(own),
                    crate::rubric::Supersession::Government => gov.or(org).unwrap_or(own),
                };
                let id = origins.len() as u32;
                let unit = *unit_index.entry(unit_key).or_insert_with(|| {
                    units.push(Unit::default());
                    (units.len() - 1) as u32
                });
                units[unit as usize].members.push(id);
                origins.push(OriginState {
                    source: r.origin.get(),
                    unit,
                    best: [None; 6],
                    earliest: [i64::MAX; 6],
                    shows: [false; 6],
                    position: None,
                    neutral: None,
                    placed: None,
                    org,
                    gov,
                    learned: learned(r.origin.get()),
                });
                id
            });
            origin_of.push(o);
        }
        ClaimEngine {
            ledger,
            rubric,
            claim,
            order,
            evidence,
            origin_of,
            origins,
            units,
            groups: Vec::new(),
            group_index: HashMap::default(),
            names,
            qualities: BTreeMap::new(),
            supports: BTreeSet::new(),
            later: [Later::default(), Later::default()],
            later_sums: [Fixed::default(); 2],
            totals: Contribution::default(),
            totals_for: Contribution::default(),
            active: 0,
            active_for: 0,
            active_against: 0,
            latest: None,
            added: 0,
            first: None,
            last: None,
        }
    }

    /// Ledger indices of the claim's reports, in the order they are added.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// How many reports have been added.
    pub fn added(&self) -> usize {
        self.added
    }

    /// Adds the next report in the canonical order.
    pub fn add_next(&mut self) {
        let i = self.added;
        self.added += 1;
        let li = self.order[i];
        let r = &self.ledger.reports[li];
        let t = r.stance;
        let stated = r.stated.secs();
        self.first = Some(self.first.map_or(stated, |f| f.min(stated)));
        self.last = Some(self.last.map_or(stated, |f| f.max(stated)));
        let o = self.origin_of[i] as usize;
        let ev = self.evidence[i];
        let st = t as usize;
        let origin = &mut self.origins[o];
        let cand = (ev.strength, li, i as u32);
        if origin.best[st].is_none_or(|(s, l, _)| ev.strength > s || (ev.strength == s && li < l)) {
            origin.best[st] = Some(cand);
        }
        origin.earliest[st] = origin.earliest[st].min(stated);
        origin.shows[st] |= ev.own_evidence;
        let mark = (stated, caution(t), t, i as u32);
        let mut unit_changed = false;
        if t.is_position() {
            if self
                .latest
                .is_none_or(|l| (stated, caution(t)) > (l.0, l.1))
            {
                self.latest = Some((stated, caution(t), t));
            }
            if origin
                .position
                .is_none_or(|p| (p.0, p.1) < (mark.0, mark.1))
            {
                origin.position = Some(mark);
            }
            let unit = &mut self.units[origin.unit as usize];
            let before = unit.position.map(|p| p.2);
            if unit.position.is_none_or(|p| (p.0, p.1) < (mark.0, mark.1)) {
                unit.position = Some((mark.0, mark.1, mark.2, mark.3, o as u32));
            }
            unit_changed = before != unit.position.map(|p| p.2);
        } else {
            // repeats weighs more than no-comment: the cautious one wins a tie.
            let rank = u8::from(t == Stance::Repeats);
            if origin.neutral.is_none_or(|p| (p.0, p.1) < (stated, rank)) {
                origin.neutral = Some((stated, rank, t, i as u32));
            }
        }
        if unit_changed {
            let members = self.units[self.origins[o].unit as usize].members.clone();
            for m in members {
                self.refresh(m as usize);
            }
        } else {
            self.refresh(o);
        }
    }

    /// Adds every report.
    pub fn add_all(&mut self) {
        while self.added < self.order.len() {
            self.add_next();
        }
    }

    /// Where origin `o` should count now: (stance, local report of its strongest statement).
    fn desired(&self, o: usize) -> Option<(Stance, u32, i64, bool)> {
        let origin = &self.origins[o];
        let unit = &self.units[origin.unit as usize];
        let stance = match (unit.position, origin.position) {
            (Some(u), Some(p)) if u.2 == p.2 => p.2,
            (Some(_), _) => return None,
            (None, _) => origin.neutral?.2,
        };
        let (_, _, rep) = origin.best[stance as usize]?;
        let st = stance as usize;
        Some((stance, rep, origin.earliest[st], origin.shows[st]))
    }

    fn refresh(&mut self, o: usize) {
        let want = self.desired(o);
        let have = self.origins[o]
            .placed
            .map(|p| (p.stance, p.rep, p.first, p.shows));
        if want == have {
            return;
        }
        if self.origins[o].placed.is_some() {
            self.unplace(o);
        }
        if let Some((stance, rep, first, shows)) = want {
            self.place(o, stance, rep, first, shows);
        }
    }

    /// The group origin `o` falls in; `shows`: a report of its stance shows evidence of its own.
    fn group_kind(&self, o: usize, shows: bool) -> (GroupKind, u32) {
        let origin = &self.origins[o];
        if shows {
            return (GroupKind::Independent, 0);
        }
        match (origin.gov, origin.org) {
            (Some(g), org) => (
                GroupKind::Government(g),
                // Within a government, an origin without an organisation is a sub-group of its own.
                org.unwrap_or(u32::MAX - o as u32),
            ),
            (None, Some(org)) => (GroupKind::Organisation(org), org),
            (None, None) => (GroupKind::Pool(self.ledger.sources[origin.source].kind), 0),
        }
    }

    fn parts_of(&self, o: u32) -> Parts {
        self.origins[o as usize]
            .placed
            .map(|p| p.parts)
            .unwrap_or_default()
    }

    fn place(&mut self, o: usize, stance: Stance, rep: u32, first: i64, shows: bool) {
        let ev = self.evidence[rep as usize];
        let parts = Parts {
            strength: ev.strength,
            official: ev.official,
            verification: ev.verification,
        };
        let mut placed = Placed {
            stance,
            rep,
            first,
            shows,
            parts,
            group: None,
            sub: 0,
        };
        self.active += 1;
        if stance.is_position() {
            if stance == Stance::Supports {
                self.active_for += 1;
            } else {
                self.active_against += 1;
            }
        }
        if stance == Stance::Supports {
            let src = self.origins[o].source;
            self.supports
                .insert((key(ev.reliability), std::cmp::Reverse(src), o as u32));
        }
        if parts.strength > 0.0 {
            *self.qualities.entry(key(parts.strength)).or_insert(0) += 1;
            let (kind, sub) = self.group_kind(o, shows);
            let g = match self.group_index.get(&(stance, kind)) {
                Some(&g) => g,
                None => {
                    self.groups.push(Group {
                        stance,
                        kind,
                        all: Acc::default(),
                        orgs: HashMap::default(),
                        firsts: Sum3::default(),
                        contribution: Contribution::default(),
                    });
                    let g = (self.groups.len() - 1) as u32;
                    self.group_index.insert((stance, kind), g);
                    g
                }
            };
            placed.group = Some(g);
            placed.sub = sub;
            self.origins[o].placed = Some(placed);
            let group = &mut self.groups[g as usize];
            group.all.insert(o as u32, &parts);
            if let GroupKind::Government(_) = kind {
                let acc = group.orgs.entry(sub).or_default();
                let before = acc.max;
                acc.insert(o as u32, &parts);
                let after = acc.max;
                if before != after {
                    if let Some((_, m)) = before {
                        let p = self.parts_of(m);
                        self.groups[g as usize].firsts.sub(Sum3::of(&p));
                    }
                    if let Some((_, m)) = after {
                        let p = self.parts_of(m);
                        self.groups[g as usize].firsts.add(Sum3::of(&p));
                    }
                }
            }
            self.update_group(g as usize);
        } else {
            self.origins[o].placed = Some(placed);
        }
        if let Some(li) = later_index(stance) {
            self.later_insert(li, o);
        }
    }

    fn unplace(&mut self, o: usize) {
        let Some(placed) = self.origins[o].placed else {
            return;
        };
        let stance = placed.stance;
        if let Some(li) = later_index(stance) {
            self.later_remove(li, o);
        }
        self.active -= 1;
        if stance.is_position() {
            if stance == Stance::Supports {
                self.active_for -= 1;
            } else {
                self.active_against -= 1;
            }
        }
        let ev = self.evidence[placed.rep as usize];
        if stance == Stance::Supports {
            let src = self.origins[o].source;
            self.supports
                .remove(&(key(ev.reliability), std::cmp::Reverse(src), o as u32));
        }
        if let Some(g) = placed.group {
            let k = key(placed.parts.strength);
            if let Some(n) = self.qualities.get_mut(&k) {
                *n -= 1;
                if *n == 0 {
                    self.qualities.remove(&k);
                }
            }
            let mut group = std::mem::replace(
                &mut self.groups[g as usize],
                Group {
                    stance,
                    kind: GroupKind::Independent,
                    all: Acc::default(),
                    orgs: HashMap::default(),
                    firsts: Sum3::default(),
                    contribution: Contribution::default(),
                },
            );
            let parts_of = |m: u32| -> Parts {
                if m as usize == o {
                    placed.parts
                } else {
                    self.parts_of(m)
                }
            };
            group.all.remove(o as u32, &placed.parts, parts_of);
            if let GroupKind::Government(_) = group.kind
                && let Some(acc) = group.orgs.get_mut(&placed.sub)
            {
                let before = acc.max;
                acc.remove(o as u32, &placed.parts, parts_of);
                let after = acc.max;
                if before != after {
                    if let Some((_, m)) = before {
                        group.firsts.sub(Sum3::of(&parts_of(m)));
                    }
                    if let Some((_, m)) = after {
                        group.firsts.add(Sum3::of(&parts_of(m)));
                    }
                }
                if acc.count == 0 {
                    group.orgs.remove(&placed.sub);
                }
            }
            self.groups[g as usize] = group;
            self.origins[o].placed = None;
            self.update_group(g as usize);
        } else {
            self.origins[o].placed = None;
        }
    }

    /// Recomputes a group's contribution and moves the claim's totals by the difference.
    fn update_group(&mut self, g: usize) {
        let rubric = self.rubric;
        let group = &self.groups[g];
        let sign = group.stance.sign();
        let (so, sg) = (rubric.same_organisation, rubric.same_government);
        let all = &group.all;
        let (total, official, verification, effective) = if all.count == 0 {
            (0.0, 0.0, 0.0, 0.0)
        } else {
            let s = all.sum.s.to_f64();
            let (o, v) = (all.sum.o.to_f64(), all.sum.v.to_f64());
            let max = all.max.map(|(_, m)| self.parts_of(m)).unwrap_or_default();
            match group.kind {
                GroupKind::Independent => (s, o, v, f64::from(all.count)),
                GroupKind::Pool(kind) => {
                    let n = if max.strength > 0.0 {
                        s / max.strength
                    } else {
                        0.0
                    };
                    let eff = design_effect(n, rubric.correlation_of(kind));
                    let f = if n > 0.0 { eff / n } else { 0.0 };
                    (s * f, o * f, v * f, eff)
                }
                GroupKind::Organisation(_) => (
                    max.strength + so * (s - max.strength),
                    max.official + so * (o - max.official),
                    max.verification + so * (v - max.verification),
                    1.0 + so * f64::from(all.count - 1),
                ),
                GroupKind::Government(_) => {
                    let f = group.firsts;
                    let (fs, fo, fv) = (f.s.to_f64(), f.o.to_f64(), f.v.to_f64());
                    let subs = group.orgs.len() as f64;
                    (
                        max.strength + sg * (fs - max.strength) + so * (s - fs),
                        max.official + sg * (fo - max.official) + so * (o - fo),
                        max.verification + sg * (fv - max.verification) + so * (v - fv),
                        1.0 + sg * (subs - 1.0) + so * (f64::from(all.count) - subs),
                    )
                }
            }
        };
        let new = Contribution {
            official: Fixed::from_f64(sign * official),
            verification: Fixed::from_f64(sign * verification),
            magnitude: Fixed::from_f64(total.max(0.0)),
            effective: Fixed::from_f64(effective),
        };
        let old = self.groups[g].contribution;
        self.groups[g].contribution = new;
        let target = if sign > 0.0 {
            &mut self.totals_for
        } else {
            &mut self.totals
        };
        target.official -= old.official;
        target.official += new.official;
        target.verification -= old.verification;
        target.verification += new.verification;
        target.magnitude -= old.magnitude;
        target.magnitude += new.magnitude;
        target.effective -= old.effective;
        target.effective += new.effective;
    }

    // ---- later corroboration ----------------------------------------------------------------

    fn bonus_of(&self, o: usize) -> u64 {
        let p = self.origins[o].placed.expect("placed");
        key(self.evidence[p.rep as usize].later)
    }

    fn later_insert(&mut self, li: usize, o: usize) {
        let first = self.origins[o].placed.map(|p| p.first).unwrap_or(i64::MAX);
        let (org, gov) = (self.origins[o].org, self.origins[o].gov);
        let l = &mut self.later[li];
        *l.firsts.entry(first).or_insert(0) += 1;
        let mut touched: Vec<u32> = vec![o as u32];
        for (map, k) in [(&mut l.by_org, org), (&mut l.by_gov, gov)] {
            if let Some(k) = k {
                let set = map.entry(k).or_default();
                let before = set.first().copied();
                set.insert((first, o as u32));
                if let Some((_, b)) = before
                    && set.first().copied() != before
                {
                    touched.push(b);
                }
            }
        }
        self.retarget(li);
        for t in touched {
            self.reconsider(li, t as usize);
        }
    }

    fn later_remove(&mut self, li: usize, o: usize) {
        let first = self.origins[o].placed.map(|p| p.first).unwrap_or(i64::MAX);
        let (org, gov) = (self.origins[o].org, self.origins[o].gov);
        self.set_eligible(li, o, None);
        let l = &mut self.later[li];
        if let Some(n) = l.firsts.get_mut(&first) {
            *n -= 1;
            if *n == 0 {
                l.firsts.remove(&first);
            }
        }
        let mut touched: Vec<u32> = Vec::new();
        for (map, k) in [(&mut l.by_org, org), (&mut l.by_gov, gov)] {
            if let Some(k) = k
                && let Some(set) = map.get_mut(&k)
            {
                let was_first = set.first().is_some_and(|&(_, m)| m == o as u32);
                set.remove(&(first, o as u32));
                if was_first && let Some(&(_, n)) = set.first() {
                    touched.push(n);
                }
                if set.is_empty() {
                    map.remove(&k);
                }
            }
        }
        self.retarget(li);
        for t in touched {
            self.reconsider(li, t as usize);
        }
    }

    /// Whether origin `o` (placed with the stance of `li`) may count as later corroboration: it adds
    /// something and is the first of its organisation and of its government to take the stance.
    fn reconsider(&mut self, li: usize, o: usize) {
        let Some(p) = self.origins[o].placed else {
            return;
        };
        let l = &self.later[li];
        let first_of = |map: &HashMap<u32, BTreeSet<(i64, u32)>>, k: Option<u32>| {
            k.is_none_or(|k| {
                map.get(&k)
                    .and_then(|s| s.first())
                    .is_some_and(|&(_, m)| m == o as u32)
            })
        };
        let ok = p.parts.strength > 0.0
            && self.evidence[p.rep as usize].later > 0.0
            && first_of(&l.by_org, self.origins[o].org)
            && first_of(&l.by_gov, self.origins[o].gov);
        let bonus = ok.then(|| self.bonus_of(o));
        self.set_eligible(li, o, bonus);
    }

    fn set_eligible(&mut self, li: usize, o: usize, bonus: Option<u64>) {
        let first = self.origins[o].placed.map(|p| p.first).unwrap_or(i64::MAX);
        let src = self.origins[o].source;
        let l = &mut self.later[li];
        let o32 = o as u32;
        if let Some(old) = l.eligible.remove(&o32) {
            l.early.remove(&(first, o32));
            if l.late.remove(&(first, o32)).is_some() {
                l.late_by_bonus.remove(&(std::cmp::Reverse(old), src, o32));
            }
        }
        if let Some(b) = bonus {
            l.eligible.insert(o32, b);
            if l.threshold.is_some_and(|t| first >= t) {
                l.late.insert((first, o32), b);
                l.late_by_bonus.insert((std::cmp::Reverse(b), src, o32));
            } else {
                l.early.insert((first, o32), b);
            }
        }
        self.sum_later(li);
    }

    /// Moves candidates across the threshold when the stance's first statement moves.
    fn retarget(&mut self, li: usize) {
        let gap = self.rubric.later_min_gap;
        let new = self.later[li]
            .firsts
            .keys()
            .next()
            .map(|&f| f.saturating_add(gap));
        let old = self.later[li].threshold;
        if new == old {
            return;
        }
        let sources: Vec<usize> = self.origins.iter().map(|x| x.source).collect();
        let l = &mut self.later[li];
        l.threshold = new;
        match new {
            None => {
                let late = std::mem::take(&mut l.late);
                l.late_by_bonus.clear();
                l.early.extend(late);
            }
            Some(t) => {
                // Early ones now at or past the threshold move up; late ones now before it move down.
                let up = l.early.split_off(&(t, 0));
                for ((f, o), b) in up {
                    l.late.insert((f, o), b);
                    l.late_by_bonus
                        .insert((std::cmp::Reverse(b), sources[o as usize], o));
                }
                let down: Vec<((i64, u32), u64)> =
                    l.late.range(..(t, 0)).map(|(k, v)| (*k, *v)).collect();
                for ((f, o), b) in down {
                    l.late.remove(&(f, o));
                    l.late_by_bonus
                        .remove(&(std::cmp::Reverse(b), sources[o as usize], o));
                    l.early.insert((f, o), b);
                }
            }
        }
        self.sum_later(li);
    }

    fn sum_later(&mut self, li: usize) {
        let cap = self.rubric.later_cap;
        let mut s = Fixed::default();
        for (std::cmp::Reverse(b), _, _) in self.later[li].late_by_bonus.iter().take(cap) {
            s += Fixed::from_f64(f64::from_bits(*b));
        }
        self.later_sums[li] = s;
    }

    // ---- results ----------------------------------------------------------------------------

    /// The claim's standing-relevant totals now.
    pub fn summary(&self) -> Summary {
        let (lf, la) = (self.later_sums[0].to_f64(), self.later_sums[1].to_f64());
        let f = &self.totals_for;
        let a = &self.totals;
        Summary {
            criteria: Criteria {
                verification: f.verification.to_f64() + a.verification.to_f64(),
                official: f.official.to_f64() + a.official.to_f64(),
                later: lf - la,
            },
            evidence_for: f.magnitude.to_f64() + lf,
            evidence_against: a.magnitude.to_f64() + la,
            effective: f.effective.to_f64() + a.effective.to_f64(),
            effective_for: f.effective.to_f64(),
            quality: self
                .qualities
                .keys()
                .next_back()
                .map_or(0.0, |&k| quality(f64::from_bits(k))),
            best_support: self
                .supports
                .iter()
                .next_back()
                .map(|&(k, std::cmp::Reverse(s), _)| (f64::from_bits(k), s)),
            origins: self.active,
            origins_for: self.active_for,
            origins_against: self.active_against,
            latest: self.latest.map(|l| l.2),
            reports: self.added,
            first: self.first,
            last: self.last,
        }
    }

    /// The later candidates, per stance: whether each is counted (within the cap).
    fn counted_later(&self) -> HashMap<u32, bool> {
        let mut counted: HashMap<u32, bool> = HashMap::default();
        for l in &self.later {
            for (i, (_, _, o)) in l.late_by_bonus.iter().enumerate() {
                counted.insert(*o, i < self.rubric.later_cap);
            }
        }
        counted
    }

    /// What the source table counts of each origin: [`origins`](Self::origins) without the
    /// reports, the numbers and the reasons (the same origins, in the same order, with the same
    /// source, stance, first statement, later flag and supersession).
    pub fn tallies(&self) -> Vec<Tally> {
        let counted = self.counted_later();
        let mut has_reports = vec![false; self.origins.len()];
        for &o in &self.origin_of[..self.added] {
            has_reports[o as usize] = true;
        }
        let mut out = Vec::with_capacity(self.origins.len());
        for (oi, origin) in self.origins.iter().enumerate() {
            if !has_reports[oi] {
                continue;
            }
            out.push(match origin.placed {
                None => {
                    let own = origin.own_stance();
                    Tally {
                        source: origin.source,
                        stance: own,
                        first: origin.earliest[own as usize],
                        later: false,
                        superseded: self.units[origin.unit as usize].position.is_some(),
                    }
                }
                Some(p) => Tally {
                    source: origin.source,
                    stance: p.stance,
                    first: p.first,
                    later: later_index(p.stance).is_some()
                        && counted.get(&(oi as u32)) == Some(&true),
                    superseded: false,
                },
            });
        }
        out
    }

    /// Every origin of the claim with what it contributed; with `notes`, also the sentences saying
    /// why (its discount and whether it is later corroboration), for `explain`.
    pub fn origins(&self, notes: bool) -> Vec<OriginDetail> {
        let rubric = self.rubric;
        let ledger = self.ledger;
        let sid = |o: u32| ledger.sources[self.origins[o as usize].source].id.as_str();
        // Later: the counted candidates, per stance.
        let counted = self.counted_later();
        // Each origin's reports in the order added, in one pass (not one pass per origin).
        let mut reports_of: Vec<Vec<usize>> = vec![Vec::new(); self.origins.len()];
        for i in 0..self.added {
            reports_of[self.origin_of[i] as usize].push(self.order[i]);
        }
        let mut out: Vec<OriginDetail> = Vec::with_capacity(self.origins.len());
        let mut pooled: Vec<Option<(f64, Option<String>)>> = vec![None; self.groups.len()];
        for (oi, origin) in self.origins.iter().enumerate() {
            let reports = std::mem::take(&mut reports_of[oi]);
            if reports.is_empty() {
                continue;
            }
            let src = &ledger.sources[origin.source];
            let Some(p) = origin.placed else {
                // Superseded: its own latest word, replaced by its unit's.
                let unit = &self.units[origin.unit as usize];
                let own = origin.own_stance();
                let best = origin.best[own as usize];
                let by = unit.position.map(|u| {
                    let li = self.order[u.3 as usize];
                    Supersession {
                        source: sid(u.4).to_string(),
                        report: ledger.reports[li].id.to_string(),
                        stance: u.2,
                        stated: ledger.reports[li].stated,
                    }
                });
                let (_, basis) = super::model::reliability(rubric, src, origin.learned, own);
                out.push(OriginDetail {
                    source: origin.source,
                    stance: own,
                    best_report: best.map_or(reports[0], |b| b.1),
                    reports,
                    evidence: self.evidence[best.map_or(0, |b| b.2 as usize)],
                    first: origin.earliest[own as usize],
                    weight: 0.0,
                    weight_reason: None,
                    contributions: Criteria::default(),
                    later: false,
                    later_note: None,
                    superseded_by: by,
                    reliability_basis: basis,
                });
                continue;
            };
            let ev = self.evidence[p.rep as usize];
            // A pool's weight and reason are the same for each of its origins: made once.
            let (weight, reason) = match p.group {
                Some(g) if matches!(self.groups[g as usize].kind, GroupKind::Pool(_)) => pooled
                    [g as usize]
                    .get_or_insert_with(|| self.weight_of(oi as u32, &p, src.kind, notes))
                    .clone(),
                _ => self.weight_of(oi as u32, &p, src.kind, notes),
            };
            let sign = p.stance.sign();
            let mut contributions = Criteria {
                verification: sign * weight * p.parts.verification,
                official: sign * weight * p.parts.official,
                later: 0.0,
            };
            let later = later_index(p.stance).is_some() && counted.get(&(oi as u32)) == Some(&true);
            let later_note = match later_index(p.stance) {
                Some(li) if notes => Some(self.later_note(li, oi as u32, &p, &counted)),
                _ => None,
            };
            if later {
                contributions.later = sign * ev.later;
            }
            let (_, basis) = super::model::reliability(rubric, src, origin.learned, p.stance);
            out.push(OriginDetail {
                source: origin.source,
                stance: p.stance,
                best_report: self.order[p.rep as usize],
                reports,
                evidence: ev,
                first: p.first,
                weight,
                weight_reason: reason,
                contributions,
                later,
                later_note,
                superseded_by: None,
                reliability_basis: basis,
            });
        }
        out
    }

    /// An origin's dependence weight and, with `notes`, the sentence saying why.
    fn weight_of(
        &self,
        o: u32,
        p: &Placed,
        kind: SourceKind,
        notes: bool,
    ) -> (f64, Option<String>) {
        let Some(g) = p.group else {
            return (1.0, None);
        };
        let rubric = self.rubric;
        let group = &self.groups[g as usize];
        let name = |k: u32| self.names[k as usize].to_string();
        let sid = |m: u32| {
            self.ledger.sources[self.origins[m as usize].source]
                .id
                .clone()
        };
        match group.kind {
            GroupKind::Independent => {
                if !notes || self.evidence[p.rep as usize].own_evidence {
                    return (1.0, None);
                }
                // Its strongest report shows nothing of its own; say which report does.
                let shown = (0..self.added).find(|&i| {
                    self.origin_of[i] == o
                        && self.evidence[i].stance == p.stance
                        && self.evidence[i].own_evidence
                });
                let reason = shown.map(|i| {
                    let r = &self.ledger.reports[self.order[i]];
                    format!(
                        "counted alone: its report `{}` shows evidence of its own ({})",
                        r.id,
                        r.verification.as_str()
                    )
                });
                (1.0, reason)
            }
            GroupKind::Pool(_) => {
                let s = group.all.sum.s.to_f64();
                let m = group
                    .all
                    .max
                    .map_or(0.0, |(_, x)| self.parts_of(x).strength);
                let n = if m > 0.0 { s / m } else { 0.0 };
                let rho = rubric.correlation_of(kind);
                let eff = design_effect(n, rho);
                if group.all.count <= 1 {
                    return (1.0, None);
                }
                let w = if n > 0.0 { eff / n } else { 0.0 };
                if !notes {
                    return (w, None);
                }
                (
                    w,
                    Some(format!(
                        "pooled with {} other unlinked {} origin(s) of the same stance: {n:.2} full-strength equivalents count as {eff:.2} (correlation {rho})",
                        group.all.count - 1,
                        kind.as_str(),
                    )),
                )
            }
            GroupKind::Organisation(org) => match group.all.max {
                Some((_, m)) if m != o => (
                    rubric.same_organisation,
                    notes.then(|| format!("same organisation `{}` as `{}`", name(org), sid(m))),
                ),
                _ => (1.0, None),
            },
            GroupKind::Government(gov) => {
                let top = group.all.max.map(|(_, m)| m);
                let sub_top = group.orgs.get(&p.sub).and_then(|a| a.max).map(|(_, m)| m);
                if top == Some(o) {
                    (1.0, None)
                } else if sub_top == Some(o) {
                    (
                        rubric.same_government,
                        notes.then(|| {
                            format!(
                                "same government `{}` as `{}`",
                                name(gov),
                                top.map(sid).unwrap_or_default()
                            )
                        }),
                    )
                } else {
                    let org = self.origins[o as usize].org.map(name).unwrap_or_default();
                    (
                        rubric.same_organisation,
                        notes.then(|| {
                            format!(
                                "same organisation `{org}` as `{}`",
                                sub_top.map(sid).unwrap_or_default()
                            )
                        }),
                    )
                }
            }
        }
    }

    fn later_note(&self, li: usize, o: u32, p: &Placed, counted: &HashMap<u32, bool>) -> String {
        let l = &self.later[li];
        let stance_first = l.firsts.keys().next().copied().unwrap_or(p.first);
        let gap = (p.first - stance_first) as f64 / 86_400.0;
        let need = self.rubric.later_min_gap as f64 / 86_400.0;
        let shown = self.first_moment(p.first).unwrap_or_default();
        match counted.get(&o) {
            Some(true) => format!(
                "later: first said {shown}, {} after the first statement of this stance",
                days(gap)
            ),
            Some(false) => format!(
                "later, but beyond the cap of {} later origins (first said {shown})",
                self.rubric.later_cap
            ),
            None if l.eligible.contains_key(&o) || gap < need => format!(
                "not later: first said {shown}, {} after the first statement of this stance (later needs {})",
                days(gap),
                days(need)
            ),
            None => {
                let origin = &self.origins[o as usize];
                let who = [(&l.by_org, origin.org), (&l.by_gov, origin.gov)]
                    .into_iter()
                    .filter_map(|(map, k)| map.get(&k?)?.first().copied())
                    .filter(|&(_, m)| m != o)
                    .min();
                match who {
                    Some((d, m)) => format!(
                        "not later corroboration: `{}`, of the same organisation or government, said it first on {}",
                        self.ledger.sources[self.origins[m as usize].source].id,
                        self.first_moment(d).unwrap_or_default()
                    ),
                    None => "adds no evidence".to_string(),
                }
            }
        }
    }

    /// A statement time as the ledger wrote it (a bare date or a date-time), from the reports.
    fn first_moment(&self, secs: i64) -> Option<String> {
        (0..self.added)
            .map(|i| self.ledger.reports[self.order[i]].stated)
            .find(|m| m.secs() == secs)
            .map(|m| m.to_string())
    }

    pub fn claim(&self) -> usize {
        self.claim
    }
}

/// "3 days", "1 day", "5.5 hours".
fn days(d: f64) -> String {
    if d.fract() == 0.0 {
        if d == 1.0 {
            "1 day".to_string()
        } else {
            format!("{d} days")
        }
    } else {
        format!("{:.1} hours", d * 24.0)
    }
}

/// What the source table counts of an origin ([`ClaimEngine::tallies`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub source: usize,
    pub stance: Stance,
    /// Its first statement of its stance (seconds).
    pub first: i64,
    pub later: bool,
    pub superseded: bool,
}

impl OriginDetail {
    pub fn tally(&self) -> Tally {
        Tally {
            source: self.source,
            stance: self.stance,
            first: self.first,
            later: self.later,
            superseded: self.superseded_by.is_some(),
        }
    }
}

/// Whose later statement replaced an origin's.
#[derive(Debug, Clone, PartialEq)]
pub struct Supersession {
    pub source: String,
    pub report: String,
    pub stance: Stance,
    pub stated: crate::ledger::Moment,
}

/// One origin with what it contributed (see [`ClaimEngine::origins`]).
#[derive(Debug, Clone, PartialEq)]
pub struct OriginDetail {
    pub source: usize,
    pub stance: Stance,
    /// Ledger indices of its reports in force.
    pub reports: Vec<usize>,
    pub best_report: usize,
    pub evidence: ReportEvidence,
    /// Its first statement of its stance (seconds).
    pub first: i64,
    /// Its dependence weight (0 when superseded).
    pub weight: f64,
    /// Why the weight is below 1 (made for `explain` only).
    pub weight_reason: Option<String>,
    pub contributions: Criteria,
    pub later: bool,
    /// Why it does or does not count as later corroboration (made for `explain` only).
    pub later_note: Option<String>,
    pub superseded_by: Option<Supersession>,
    pub reliability_basis: String,
}
