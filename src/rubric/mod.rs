//! The rubric: how claims are scored. Loaded from TOML (`config/*.toml`; the default is embedded),
//! every number range-checked with its place in the file.

pub mod format;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result, SourceText};
use crate::ledger::load::{read_text, toml_diag};
use crate::ledger::{Grade, Hedging, SourceKind, Verification};
use format::{Int, Num, RubricFile};

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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfidenceRule {
    pub min_origins: f64,
    pub min_quality: f64,
    pub max_conflict: f64,
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
    /// At most this probability for a claim with fewer than two independent supporting origins
    /// (`[aggregation] single_origin_cap`; None = no cap). See `score::aggregate`.
    pub single_origin_cap: Option<f64>,
    pub verification_weight: f64,
    pub verification_levels: [f64; 5],
    pub official_weight: f64,
    pub official_level: f64,
    pub interest_factor: f64,
    pub unofficial_levels: [f64; 15],
    pub grade_levels: [f64; 6],
    pub later_weight: f64,
    pub later_min_gap_days: i64,
    pub later_window_days: i64,
    pub later_cap: usize,
    pub hedging_levels: [f64; 6],
    pub same_organisation: f64,
    pub same_government: f64,
    pub relay_decay: f64,
    /// Upper bounds of the first six ICD 203 phrases, increasing.
    pub likelihood_bounds: [f64; 6],
    pub confidence_high: ConfidenceRule,
    pub confidence_moderate: ConfidenceRule,
    /// Lowest source level for A, B, C, D (decreasing).
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

    pub fn verification_level(&self, v: Verification) -> f64 {
        self.verification_levels[match v {
            Verification::IndependentlyVerified => 0,
            Verification::Imagery => 1,
            Verification::Documents => 2,
            Verification::Unverified => 3,
            Verification::NotIndependentlyVerified => 4,
        }]
    }

    pub fn hedging_level(&self, h: Hedging) -> f64 {
        self.hedging_levels[match h {
            Hedging::None => 0,
            Hedging::Assess => 1,
            Hedging::Expect => 2,
            Hedging::Indications => 3,
            Hedging::Reportedly => 4,
            Hedging::Rumour => 5,
        }]
    }

    pub fn unofficial_level(&self, k: SourceKind) -> f64 {
        self.unofficial_levels[k as usize]
    }

    pub fn grade_level(&self, g: Grade) -> f64 {
        self.grade_levels[g as usize]
    }
}

/// Reads and validates a rubric file.
pub fn load_rubric(path: &Path) -> Result<Rubric> {
    let text = read_text(path).map_err(Error::input)?;
    parse_rubric(&text)
}

struct Check<'a> {
    src: &'a SourceText,
    diags: Vec<Diagnostic>,
}

impl Check<'_> {
    /// A number in `[lo, hi]` (or `(lo, hi)` where `open`), finite.
    fn num(&mut self, v: &Num, key: &str, lo: f64, hi: f64, open: bool) -> f64 {
        let x = *v.get_ref();
        let ok = x.is_finite()
            && if open {
                x > lo && x < hi
            } else {
                x >= lo && x <= hi
            };
        if !ok {
            let range = if open {
                format!("greater than {lo} and less than {hi}")
            } else if hi.is_infinite() {
                format!("a finite number of at least {lo}")
            } else {
                format!("a number from {lo} to {hi}")
            };
            self.diags.push(self.src.diag(
                v.span(),
                format!("`{key}` = {x} is out of range: expected {range}"),
            ));
        }
        x
    }
    fn level(&mut self, v: &Num, key: &str) -> f64 {
        self.num(v, key, 0.0, 1.0, false)
    }
    fn weight(&mut self, v: &Num, key: &str) -> f64 {
        self.num(v, key, 0.0, f64::INFINITY, false)
    }
    fn int(&mut self, v: &Int, key: &str, lo: i64, hi: i64) -> i64 {
        let x = *v.get_ref();
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
            min_origins: self.weight(&r.min_origins, &format!("confidence.{which}.min_origins")),
            min_quality: self.level(&r.min_quality, &format!("confidence.{which}.min_quality")),
            max_conflict: self.level(&r.max_conflict, &format!("confidence.{which}.max_conflict")),
        }
    }
}

/// Validates `[reliability]`; absent keys take the defaults of [`crate::learn::Params`].
fn reliability(c: &mut Check, r: &format::ReliabilityFile) -> crate::learn::Params {
    let d = crate::learn::Params::default();
    crate::learn::Params {
        method: r.method.unwrap_or(d.method),
        tolerance: r.tolerance.as_ref().map_or(d.tolerance, |v| {
            c.num(v, "reliability.tolerance", 0.0, 1.0, true)
        }),
        max_iterations: r.max_iterations.as_ref().map_or(d.max_iterations, |v| {
            Some(c.int(v, "reliability.max_iterations", 1, 100_000) as u32)
        }),
        prior_a: r.prior_a.as_ref().map_or(d.prior_a, |v| {
            c.num(v, "reliability.prior_a", 1.0, 1e6, false)
        }),
        prior_b: r.prior_b.as_ref().map_or(d.prior_b, |v| {
            c.num(v, "reliability.prior_b", 1.0, 1e6, false)
        }),
        alternatives: r.alternatives.as_ref().map_or(d.alternatives, |v| {
            c.int(v, "reliability.alternatives", 0, 1_000_000) as u32
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
    let vl = &v.levels;
    let o = &f.criteria.official;
    let k = &o.unofficial;
    let g = &o.grades;
    let l = &f.criteria.later;
    let h = &f.hedging;
    let d = &f.dependence;
    let p = &f.likelihood;
    let ad = &f.admiralty;

    let kinds: [(&Num, &str); 15] = [
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
    let mut unofficial_levels = [0.0; 15];
    for (i, (n, key)) in kinds.iter().enumerate() {
        unofficial_levels[i] = c.level(n, &format!("criteria.official.unofficial.{key}"));
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
        grade_levels[i] = c.level(n, &format!("criteria.official.grades.{key}"));
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
        likelihood_bounds[i] = c.num(n, key, 0.0, 1.0, true);
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
        letter_bounds[i] = c.level(n, key);
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
        information_bounds[i] = c.level(n, key);
    }
    c.ordered(&info, false);

    let later_min_gap_days = c.int(&l.min_gap_days, "criteria.later.min_gap_days", 0, 36_500);
    let later_window_days = c.int(&l.window_days, "criteria.later.window_days", 0, 36_500);
    if later_window_days < later_min_gap_days {
        let msg = format!(
            "`criteria.later.window_days` = {later_window_days} is less than `min_gap_days` = {later_min_gap_days}: expected a window at least as long as the gap"
        );
        c.diags.push(src.diag(l.window_days.span(), msg));
    }

    let rubric = Rubric {
        name: f.rubric.name.clone(),
        description: f.rubric.description.clone(),
        method: a.method,
        prior: c.num(&a.prior, "aggregation.prior", 0.0, 1.0, true),
        prior_weight: c.num(&a.prior_weight, "aggregation.prior_weight", 0.0, 1e6, true),
        interval: c.num(&a.interval, "aggregation.interval", 0.0, 1.0, true),
        single_origin_cap: a
            .single_origin_cap
            .as_ref()
            .map(|v| c.level(v, "aggregation.single_origin_cap")),
        verification_weight: c.weight(&v.weight, "criteria.verification.weight"),
        verification_levels: [
            c.level(
                &vl.independently_verified,
                "criteria.verification.levels.independently-verified",
            ),
            c.level(&vl.imagery, "criteria.verification.levels.imagery"),
            c.level(&vl.documents, "criteria.verification.levels.documents"),
            c.level(&vl.unverified, "criteria.verification.levels.unverified"),
            c.level(
                &vl.not_independently_verified,
                "criteria.verification.levels.not-independently-verified",
            ),
        ],
        official_weight: c.weight(&o.weight, "criteria.official.weight"),
        official_level: c.level(&o.official, "criteria.official.official"),
        interest_factor: c.level(&o.interest_factor, "criteria.official.interest_factor"),
        unofficial_levels,
        grade_levels,
        later_weight: c.weight(&l.weight, "criteria.later.weight"),
        later_min_gap_days,
        later_window_days,
        later_cap: c.int(&l.cap, "criteria.later.cap", 0, 1000) as usize,
        hedging_levels: [
            c.level(&h.none, "hedging.none"),
            c.level(&h.assess, "hedging.assess"),
            c.level(&h.expect, "hedging.expect"),
            c.level(&h.indications, "hedging.indications"),
            c.level(&h.reportedly, "hedging.reportedly"),
            c.level(&h.rumour, "hedging.rumour"),
        ],
        same_organisation: c.level(&d.same_organisation, "dependence.same_organisation"),
        same_government: c.level(&d.same_government, "dependence.same_government"),
        relay_decay: c.num(&d.relay_decay, "dependence.relay_decay", 0.0, 1.0, false),
        likelihood_bounds,
        confidence_high: c.rule(&f.confidence.high, "high"),
        confidence_moderate: c.rule(&f.confidence.moderate, "moderate"),
        letter_bounds,
        information_bounds,
        confirm_origins: c.weight(&ad.confirm_origins, "admiralty.confirm_origins"),
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
            "`criteria.verification.weight` = -1 is out of range: expected a finite number of at least 0"
        );
    }
}
