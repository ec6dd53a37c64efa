//! The rubric: how claims are scored. Loaded from TOML (`config/*.toml`; the default is embedded),
//! every number range-checked with its place in the file.
//!
//! Over 600 lines: the validated rubric and the range check of every key belong together (one list
//! of ranges, also used by the schema); the tail is its tests.

pub mod format;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result, SourceText};
use crate::ledger::load::toml_diag;
use crate::ledger::{ClaimKind, Grade, Hedging, SourceKind, Stance, Verification};
use format::{DirectedFile, Int, Num, RubricFile};

/// The default rubric, embedded so that the binary works from any directory.
pub const DEFAULT_RUBRIC: &str = include_str!("../../config/default.toml");

/// How the evidence of independent origins is combined into a probability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Naive-Bayes log-odds pooling: each origin adds its weight of evidence to the prior's log-odds.
    LogOdds,
    /// Subjective logic: each origin is an opinion from evidence; opinions are combined by cumulative
    /// fusion and the result's projected probability is reported.
    SubjectiveLogic,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::LogOdds => "log-odds",
            Method::SubjectiveLogic => "subjective-logic",
        }
    }
}

/// Whose latest word on a claim stands (`[dependence] supersession`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Supersession {
    /// Each speaker's latest statement replaces that speaker's earlier ones.
    Speaker,
    /// An organisation speaks with one voice: its latest statement, by whichever of its speakers,
    /// replaces the earlier contrary ones of all of them.
    Organisation,
    /// As `organisation`, for a whole government.
    Government,
}

impl Supersession {
    pub fn as_str(self) -> &'static str {
        match self {
            Supersession::Speaker => "speaker",
            Supersession::Organisation => "organisation",
            Supersession::Government => "government",
        }
    }
}

/// How claims of one kind are treated (`[kinds]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KindRule {
    /// Scored and shown with the facts.
    Scored,
    /// Scored, but shown in a section of its own (forecasts: what the sources expect).
    Apart,
    /// Not scored: shown in a section of its own with its reports, without a probability.
    Unscored,
}

impl KindRule {
    pub fn as_str(self) -> &'static str {
        match self {
            KindRule::Scored => "scored",
            KindRule::Apart => "apart",
            KindRule::Unscored => "unscored",
        }
    }
}

/// A reliability for each direction of a statement: the probability that the source is right
/// when it supports a claim, and when it denies one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Directed {
    pub supports: f64,
    pub refutes: f64,
}

impl Directed {
    pub fn both(r: f64) -> Directed {
        Directed {
            supports: r,
            refutes: r,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfidenceRule {
    pub min_origins: f64,
    pub min_quality: f64,
}

/// The bounds every reliability is kept in: 0.5 ("cannot be judged": adds nothing) up to 0.999
/// (6.9 nats, odds of 999 to 1; a single statement is never taken as certain).
pub const RELIABILITY_RANGE: (f64, f64) = (0.5, 0.999);
/// The largest weight of a criterion, and the largest verification bonus, in nats (odds of e^20,
/// about 5e8 to 1): beyond it no rubric means anything a user could check, and sums of many
/// origins stay far from overflow.
pub const MAX_NATS: f64 = 20.0;

/// The range a rubric number must lie in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
    /// Both ends excluded.
    pub open: bool,
    /// A whole number (a TOML integer).
    pub whole: bool,
}

const fn closed(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        hi,
        open: false,
        whole: false,
    }
}
const fn whole(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        hi,
        open: false,
        whole: true,
    }
}
/// A share or multiplier.
const LEVEL: Range = closed(0.0, 1.0);
/// A probability that must not be 0 or 1 (a threshold, a tolerance, an interval's mass).
const PROBABILITY: Range = Range {
    lo: 0.0,
    hi: 1.0,
    open: true,
    whole: false,
};
const RELIABILITY: Range = closed(RELIABILITY_RANGE.0, RELIABILITY_RANGE.1);
const NATS: Range = closed(0.0, MAX_NATS);
/// A criterion's weight: it multiplies nats of at most [`MAX_NATS`] (or a reliability's logit of
/// at most 6.9), so 10 keeps one origin's evidence within 200 nats.
const WEIGHT: Range = closed(0.0, 10.0);
/// A count of effective origins: 10^6 is more than any ledger holds on one claim.
const ORIGINS: Range = closed(0.0, 1e6);

/// The range of every number of a rubric, by dotted key (`*`: any key of that table). The one
/// table: [`parse_rubric`] checks each number against it, the JSON Schema (`schema rubric`)
/// states it as minimum and maximum, and `config/default.toml` says it in its closing comment; a
/// test (tests/rubric_ranges.rs) holds the three together.
pub const RANGES: &[(&str, Range)] = &[
    // A prior of 0 or 1 could never move; 10^-6 from either end is odds of a million to one.
    ("aggregation.prior", closed(1e-6, 1.0 - 1e-6)),
    // W from a thousandth of an observation to a million of them.
    ("aggregation.prior_weight", closed(1e-3, 1e6)),
    ("aggregation.interval", PROBABILITY),
    ("aggregation.single_origin_cap", LEVEL),
    ("criteria.verification.weight", WEIGHT),
    ("criteria.verification.independently-verified", NATS),
    ("criteria.verification.imagery", NATS),
    ("criteria.verification.documents", NATS),
    ("criteria.verification.not-independently-verified", LEVEL),
    ("criteria.official.weight", WEIGHT),
    ("criteria.official.official.*", RELIABILITY),
    ("criteria.official.unofficial.*.*", RELIABILITY),
    ("criteria.official.grades.*", RELIABILITY),
    ("criteria.later.weight", NATS),
    // 100 years, in days or in hours.
    ("criteria.later.min_gap_days", closed(0.0, 36_500.0)),
    ("criteria.later.min_gap_hours", closed(0.0, 876_000.0)),
    ("criteria.later.cap", whole(0.0, 100.0)),
    ("stances.*", LEVEL),
    ("interest.self_serving", LEVEL),
    ("interest.admission", RELIABILITY),
    ("hedging.*", LEVEL),
    ("dependence.same_organisation", LEVEL),
    ("dependence.same_government", LEVEL),
    ("dependence.relay_decay", LEVEL),
    ("correlation.*", LEVEL),
    ("likelihood.*", PROBABILITY),
    ("confidence.*.min_origins", ORIGINS),
    ("confidence.*.min_quality", LEVEL),
    ("admiralty.letters.*", LEVEL),
    ("admiralty.information.*", LEVEL),
    ("admiralty.confirm_origins", ORIGINS),
    ("reliability.tolerance", PROBABILITY),
    ("reliability.max_iterations", whole(1.0, 100_000.0)),
    ("reliability.prior_a", closed(1.0, 1e6)),
    ("reliability.prior_b", closed(1.0, 1e6)),
    ("reliability.alternatives", whole(0.0, 1e6)),
];

/// The range of the number at `key` (a dotted path), if it is one.
pub fn range_of(key: &str) -> Option<Range> {
    let n = key.split('.').count();
    RANGES.iter().find_map(|(pattern, r)| {
        (pattern.split('.').count() == n
            && pattern
                .split('.')
                .zip(key.split('.'))
                .all(|(p, k)| p == "*" || p == k))
        .then_some(*r)
    })
}

/// The range of a key the checks below ask about: every one is in [`RANGES`] (tests/rubric_ranges.rs
/// loads a rubric with every key, optional ones too, and moves each to both ends of its range).
fn range(key: &str) -> Range {
    range_of(key).unwrap_or_else(|| unreachable!("no range for rubric key `{key}` in RANGES"))
}

/// A number as a message quotes it: as written where that is short, else in scientific notation
/// (1e308 is 309 digits written out).
fn shown_number(x: f64) -> String {
    let plain = format!("{x}");
    if plain.len() <= 24 {
        plain
    } else {
        format!("{x:e}")
    }
}

/// A validated rubric. All numbers are finite and in range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rubric {
    pub name: String,
    pub description: Option<String>,
    pub method: Method,
    pub prior: f64,
    pub prior_weight: f64,
    pub interval: f64,
    /// At most this probability for a claim with fewer than two effective independent supporting
    /// origins (`[aggregation] single_origin_cap`; None = no cap). See `score::aggregate`.
    pub single_origin_cap: Option<f64>,
    /// V: scale of the verification contributions.
    pub verification_weight: f64,
    /// V: nats added by `independently-verified`, `imagery`, `documents`.
    pub verification_bonus: [f64; 3],
    /// V: multiplier of the O evidence of a report that could not be independently verified.
    pub not_verified_factor: f64,
    /// O: scale of the source contributions.
    pub official_weight: f64,
    pub official: Directed,
    pub unofficial: [Directed; 15],
    pub grade_levels: [f64; 6],
    pub later_weight: f64,
    /// Seconds.
    pub later_min_gap: i64,
    pub later_cap: usize,
    /// By [`Stance`](crate::ledger::Stance) order: supports, refutes, repeats, cannot-confirm,
    /// doubts, no-comment.
    pub stance_factors: [f64; 6],
    pub self_serving: f64,
    pub admission: f64,
    pub hedging_levels: [f64; 7],
    pub same_organisation: f64,
    pub same_government: f64,
    pub relay_decay: f64,
    pub supersession: Supersession,
    /// Correlation of unlinked origins of one kind (intra-class ρ), by [`SourceKind`] order.
    pub correlation: [f64; 15],
    /// By [`ClaimKind`](crate::ledger::ClaimKind) order.
    pub kinds: [KindRule; 4],
    /// Upper bounds of the first six ICD 203 phrases, increasing.
    pub likelihood_bounds: [f64; 6],
    pub confidence_high: ConfidenceRule,
    pub confidence_moderate: ConfidenceRule,
    /// Lowest support reliability for A, B, C, D (decreasing).
    pub letter_bounds: [f64; 4],
    /// Lowest probability for information 1, 2, 3, 4 (decreasing).
    pub information_bounds: [f64; 4],
    pub confirm_origins: f64,
    /// `[reliability]`: how sources' reliability is learned. `None` when the table is absent: TOML
    /// ledgers then learn nothing, triples use Bayes with the defaults of [`crate::learn::Params`].
    pub reliability: Option<crate::learn::Params>,
}

impl Rubric {
    pub fn default_rubric() -> Rubric {
        parse_rubric(&SourceText::new(
            "<embedded config/default.toml>",
            DEFAULT_RUBRIC,
        ))
        .unwrap_or_else(|e| unreachable!("the embedded default rubric is valid: {e:?}"))
    }

    /// Nats that a verification qualifier adds (0 for `unverified` and
    /// `not-independently-verified`, which act through [`Rubric::verification_factor`]).
    pub fn verification_bonus(&self, v: Verification) -> f64 {
        match v {
            Verification::IndependentlyVerified => self.verification_bonus[0],
            Verification::Imagery => self.verification_bonus[1],
            Verification::Documents => self.verification_bonus[2],
            Verification::Unverified | Verification::NotIndependentlyVerified => 0.0,
        }
    }

    /// The multiplier a verification qualifier puts on the source's evidence (1 but for
    /// `not-independently-verified`).
    pub fn verification_factor(&self, v: Verification) -> f64 {
        match v {
            Verification::NotIndependentlyVerified => self.not_verified_factor,
            _ => 1.0,
        }
    }

    /// Whether a report shows evidence of its own (then it is never pooled with unlinked origins).
    pub fn shows_evidence(&self, v: Verification) -> bool {
        self.verification_bonus(v) > 0.0
    }

    pub fn hedging_level(&self, h: Hedging) -> f64 {
        self.hedging_levels[match h {
            Hedging::None => 0,
            Hedging::Assess => 1,
            Hedging::Expect => 2,
            Hedging::Indications => 3,
            Hedging::Reportedly => 4,
            Hedging::Rumour => 5,
            Hedging::Estimate => 6,
        }]
    }

    pub fn unofficial_level(&self, k: SourceKind) -> Directed {
        self.unofficial[k as usize]
    }

    pub fn grade_level(&self, g: Grade) -> f64 {
        self.grade_levels[g as usize]
    }

    pub fn stance_factor(&self, s: Stance) -> f64 {
        self.stance_factors[s as usize]
    }

    pub fn correlation_of(&self, k: SourceKind) -> f64 {
        self.correlation[k as usize]
    }

    pub fn kind_rule(&self, k: ClaimKind) -> KindRule {
        self.kinds[k as usize]
    }
}

/// Reads and validates a rubric file.
pub fn load_rubric(path: &Path) -> Result<Rubric> {
    let text = crate::read::read_text(path, crate::read::MAX_RUBRIC_BYTES, "a rubric file")
        .map_err(Error::input)?;
    parse_rubric(&text)
}

struct Check<'a> {
    src: &'a SourceText,
    diags: Vec<Diagnostic>,
}

impl Check<'_> {
    /// A number in its range ([`RANGES`]), finite.
    fn num(&mut self, v: &Num, key: &str) -> f64 {
        let x = *v.get_ref();
        let Range { lo, hi, open, .. } = range(key);
        let ok = x.is_finite()
            && if open {
                x > lo && x < hi
            } else {
                x >= lo && x <= hi
            };
        if !ok {
            let range = if open {
                format!("greater than {lo} and less than {hi}")
            } else {
                format!("a number from {lo} to {hi}")
            };
            self.diags.push(self.src.diag(
                v.span(),
                format!(
                    "`{key}` = {} is out of range: expected {range}",
                    shown_number(x)
                ),
            ));
        }
        x
    }
    fn int(&mut self, v: &Int, key: &str) -> i64 {
        let x = *v.get_ref();
        let r = range(key);
        // The bounds are whole numbers well inside i64.
        let (lo, hi) = (r.lo as i64, r.hi as i64);
        if x < lo || x > hi {
            self.diags.push(self.src.diag(
                v.span(),
                format!("`{key}` = {x} is out of range: expected a whole number from {lo} to {hi}"),
            ));
        }
        x
    }
    /// Values that must strictly increase (or decrease) in the order given.
    fn ordered(&mut self, vals: &[(&Num, &str)], increasing: bool) {
        for w in vals.windows(2) {
            let (a, b) = (*w[0].0.get_ref(), *w[1].0.get_ref());
            let ok = if increasing { a < b } else { a > b };
            if !ok {
                let word = if increasing { "greater" } else { "less" };
                self.diags.push(self.src.diag(
                    w[1].0.span(),
                    format!(
                        "`{}` = {b} must be {word} than `{}` = {a}: expected the thresholds in order",
                        w[1].1, w[0].1
                    ),
                ));
            }
        }
    }
    fn rule(&mut self, r: &format::ConfidenceRuleFile, which: &str) -> ConfidenceRule {
        ConfidenceRule {
            min_origins: self.num(&r.min_origins, &format!("confidence.{which}.min_origins")),
            min_quality: self.num(&r.min_quality, &format!("confidence.{which}.min_quality")),
        }
    }
    fn directed(&mut self, d: &DirectedFile, key: &str) -> Directed {
        Directed {
            supports: self.num(&d.supports, &format!("{key}.supports")),
            refutes: self.num(&d.refutes, &format!("{key}.refutes")),
        }
    }
}

/// Validates `[reliability]`; absent keys take the defaults of [`crate::learn::Params`].
fn reliability(c: &mut Check, r: &format::ReliabilityFile) -> crate::learn::Params {
    let d = crate::learn::Params::default();
    crate::learn::Params {
        method: r.method.unwrap_or(d.method),
        tolerance: r
            .tolerance
            .as_ref()
            .map_or(d.tolerance, |v| c.num(v, "reliability.tolerance")),
        max_iterations: r.max_iterations.as_ref().map_or(d.max_iterations, |v| {
            Some(c.int(v, "reliability.max_iterations") as u32)
        }),
        prior_a: r
            .prior_a
            .as_ref()
            .map_or(d.prior_a, |v| c.num(v, "reliability.prior_a")),
        prior_b: r
            .prior_b
            .as_ref()
            .map_or(d.prior_b, |v| c.num(v, "reliability.prior_b")),
        alternatives: r.alternatives.as_ref().map_or(d.alternatives, |v| {
            c.int(v, "reliability.alternatives") as u32
        }),
        // A prior the rubric sets is used as it is; otherwise Bayes learns it from the data.
        learn_prior: r.prior_a.is_none() && r.prior_b.is_none(),
        copying: r.copying.unwrap_or(d.copying),
        structure: r.structure.unwrap_or(d.structure),
    }
}

/// Validates a rubric text.
pub fn parse_rubric(src: &SourceText) -> Result<Rubric> {
    let f: RubricFile = toml::from_str(&src.text).map_err(|e| Error::input(toml_diag(src, &e)))?;
    let mut c = Check {
        src,
        diags: Vec::new(),
    };
    let a = &f.aggregation;
    let v = &f.criteria.verification;
    let o = &f.criteria.official;
    let k = &o.unofficial;
    let g = &o.grades;
    let l = &f.criteria.later;
    let st = &f.stances;
    let h = &f.hedging;
    let d = &f.dependence;
    let co = &f.correlation;
    let p = &f.likelihood;
    let ad = &f.admiralty;

    let kinds: [(&DirectedFile, &str); 15] = [
        (&k.government, "government"),
        (&k.military, "military"),
        (&k.intelligence, "intelligence"),
        (&k.head_of_state, "head-of-state"),
        (&k.spokesperson, "spokesperson"),
        (&k.international_organisation, "international-organisation"),
        (&k.wire_agency, "wire-agency"),
        (&k.newspaper, "newspaper"),
        (&k.broadcaster, "broadcaster"),
        (&k.online_outlet, "online-outlet"),
        (&k.social_media, "social-media"),
        (&k.think_tank, "think-tank"),
        (&k.ngo, "ngo"),
        (&k.anonymous, "anonymous"),
        (&k.other, "other"),
    ];
    let mut unofficial = [Directed::both(0.5); 15];
    for (i, (n, key)) in kinds.iter().enumerate() {
        unofficial[i] = c.directed(n, &format!("criteria.official.unofficial.{key}"));
    }
    let rhos: [(&Num, &str); 15] = [
        (&co.government, "government"),
        (&co.military, "military"),
        (&co.intelligence, "intelligence"),
        (&co.head_of_state, "head-of-state"),
        (&co.spokesperson, "spokesperson"),
        (&co.international_organisation, "international-organisation"),
        (&co.wire_agency, "wire-agency"),
        (&co.newspaper, "newspaper"),
        (&co.broadcaster, "broadcaster"),
        (&co.online_outlet, "online-outlet"),
        (&co.social_media, "social-media"),
        (&co.think_tank, "think-tank"),
        (&co.ngo, "ngo"),
        (&co.anonymous, "anonymous"),
        (&co.other, "other"),
    ];
    let mut correlation = [0.0; 15];
    for (i, (n, key)) in rhos.iter().enumerate() {
        correlation[i] = c.num(n, &format!("correlation.{key}"));
    }
    let mut grade_levels = [0.0; 6];
    for (i, (n, key)) in [
        (&g.A, "A"),
        (&g.B, "B"),
        (&g.C, "C"),
        (&g.D, "D"),
        (&g.E, "E"),
        (&g.F, "F"),
    ]
    .iter()
    .enumerate()
    {
        grade_levels[i] = c.num(n, &format!("criteria.official.grades.{key}"));
    }
    let phrases: [(&Num, &str); 6] = [
        (&p.almost_no_chance, "likelihood.almost_no_chance"),
        (&p.very_unlikely, "likelihood.very_unlikely"),
        (&p.unlikely, "likelihood.unlikely"),
        (&p.roughly_even_chance, "likelihood.roughly_even_chance"),
        (&p.likely, "likelihood.likely"),
        (&p.very_likely, "likelihood.very_likely"),
    ];
    let mut likelihood_bounds = [0.0; 6];
    for (i, (n, key)) in phrases.iter().enumerate() {
        likelihood_bounds[i] = c.num(n, key);
    }
    c.ordered(&phrases, true);
    let letters: [(&Num, &str); 4] = [
        (&ad.letters.A, "admiralty.letters.A"),
        (&ad.letters.B, "admiralty.letters.B"),
        (&ad.letters.C, "admiralty.letters.C"),
        (&ad.letters.D, "admiralty.letters.D"),
    ];
    let mut letter_bounds = [0.0; 4];
    for (i, (n, key)) in letters.iter().enumerate() {
        letter_bounds[i] = c.num(n, key);
    }
    c.ordered(&letters, false);
    let info: [(&Num, &str); 4] = [
        (&ad.information.confirmed, "admiralty.information.confirmed"),
        (
            &ad.information.probably_true,
            "admiralty.information.probably_true",
        ),
        (
            &ad.information.possibly_true,
            "admiralty.information.possibly_true",
        ),
        (&ad.information.doubtful, "admiralty.information.doubtful"),
    ];
    let mut information_bounds = [0.0; 4];
    for (i, (n, key)) in info.iter().enumerate() {
        information_bounds[i] = c.num(n, key);
    }
    c.ordered(&info, false);

    // 100 years, in days or hours.
    let later_min_gap = match (&l.min_gap_days, &l.min_gap_hours) {
        (Some(days), None) => {
            (c.num(days, "criteria.later.min_gap_days") * 86_400.0).round() as i64
        }
        (None, Some(hours)) => {
            (c.num(hours, "criteria.later.min_gap_hours") * 3600.0).round() as i64
        }
        (Some(_), Some(hours)) => {
            c.diags.push(src.diag(
                hours.span(),
                "`criteria.later.min_gap_hours` and `min_gap_days` are both given: expected one of them",
            ));
            0
        }
        (None, None) => {
            c.diags.push(src.diag_file(
                "`[criteria.later]` gives no gap: expected `min_gap_days` or `min_gap_hours`",
            ));
            0
        }
    };

    let confidence_high = c.rule(&f.confidence.high, "high");
    let confidence_moderate = c.rule(&f.confidence.moderate, "moderate");
    if confidence_high.min_origins < confidence_moderate.min_origins
        || confidence_high.min_quality < confidence_moderate.min_quality
    {
        c.diags.push(src.diag(
            f.confidence.high.min_origins.span(),
            format!(
                "`confidence.high` (min_origins {}, min_quality {}) is looser than `confidence.moderate` (min_origins {}, min_quality {}): expected high to ask at least as much as moderate on both",
                confidence_high.min_origins,
                confidence_high.min_quality,
                confidence_moderate.min_origins,
                confidence_moderate.min_quality
            ),
        ));
    }

    let rubric = Rubric {
        name: f.rubric.name.clone(),
        description: f.rubric.description.clone(),
        method: a.method,
        prior: c.num(&a.prior, "aggregation.prior"),
        prior_weight: c.num(&a.prior_weight, "aggregation.prior_weight"),
        interval: c.num(&a.interval, "aggregation.interval"),
        single_origin_cap: a
            .single_origin_cap
            .as_ref()
            .map(|v| c.num(v, "aggregation.single_origin_cap")),
        verification_weight: c.num(&v.weight, "criteria.verification.weight"),
        verification_bonus: [
            c.num(
                &v.independently_verified,
                "criteria.verification.independently-verified",
            ),
            c.num(&v.imagery, "criteria.verification.imagery"),
            c.num(&v.documents, "criteria.verification.documents"),
        ],
        not_verified_factor: c.num(
            &v.not_independently_verified,
            "criteria.verification.not-independently-verified",
        ),
        official_weight: c.num(&o.weight, "criteria.official.weight"),
        official: c.directed(&o.official, "criteria.official.official"),
        unofficial,
        grade_levels,
        later_weight: c.num(&l.weight, "criteria.later.weight"),
        later_min_gap,
        later_cap: c.int(&l.cap, "criteria.later.cap") as usize,
        stance_factors: [
            c.num(&st.supports, "stances.supports"),
            c.num(&st.refutes, "stances.refutes"),
            c.num(&st.repeats, "stances.repeats"),
            c.num(&st.cannot_confirm, "stances.cannot-confirm"),
            c.num(&st.doubts, "stances.doubts"),
            c.num(&st.no_comment, "stances.no-comment"),
        ],
        self_serving: c.num(&f.interest.self_serving, "interest.self_serving"),
        admission: c.num(&f.interest.admission, "interest.admission"),
        hedging_levels: [
            c.num(&h.none, "hedging.none"),
            c.num(&h.assess, "hedging.assess"),
            c.num(&h.expect, "hedging.expect"),
            c.num(&h.indications, "hedging.indications"),
            c.num(&h.reportedly, "hedging.reportedly"),
            c.num(&h.rumour, "hedging.rumour"),
            c.num(&h.estimate, "hedging.estimate"),
        ],
        same_organisation: c.num(&d.same_organisation, "dependence.same_organisation"),
        same_government: c.num(&d.same_government, "dependence.same_government"),
        relay_decay: c.num(&d.relay_decay, "dependence.relay_decay"),
        supersession: d.supersession,
        correlation,
        kinds: [
            f.kinds.fact,
            f.kinds.assessment,
            f.kinds.forecast,
            f.kinds.opinion,
        ],
        likelihood_bounds,
        confidence_high,
        confidence_moderate,
        letter_bounds,
        information_bounds,
        confirm_origins: c.num(&ad.confirm_origins, "admiralty.confirm_origins"),
        reliability: f.reliability.as_ref().map(|r| reliability(&mut c, r)),
    };
    if c.diags.is_empty() {
        Ok(rubric)
    } else {
        Err(Error::Input(c.diags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_default_is_valid() {
        let r = Rubric::default_rubric();
        assert_eq!(r.method, Method::LogOdds);
        assert_eq!(r.name, "default");
    }

    #[test]
    fn a_negative_weight_is_shown_in_place() {
        let text = DEFAULT_RUBRIC.replacen("weight = 1.0", "weight = -1.0", 1);
        let err = parse_rubric(&SourceText::new("r.toml", text)).unwrap_err();
        let Error::Input(d) = err else { panic!() };
        assert_eq!(
            d[0].message,
            "`criteria.verification.weight` = -1 is out of range: expected a number from 0 to 10"
        );
    }

    #[test]
    fn a_huge_number_is_quoted_short() {
        assert_eq!(shown_number(1e308), "1e308");
        assert_eq!(shown_number(-4e6), "-4000000");
        assert_eq!(shown_number(0.9999999999999999), "0.9999999999999999");
        assert_eq!(shown_number(1e-300), "1e-300");
    }

    #[test]
    fn high_confidence_looser_than_moderate_is_an_error() {
        let text = DEFAULT_RUBRIC.replacen("min_origins = 3.0", "min_origins = 1.0", 1);
        let err = parse_rubric(&SourceText::new("r.toml", text)).unwrap_err();
        let Error::Input(d) = err else { panic!() };
        assert!(
            d[0].message
                .starts_with("`confidence.high` (min_origins 1, min_quality"),
            "{}",
            d[0].message
        );
    }
}
