//! The tunable numbers of a rubric: one table of named parameters, each with its TOML key, its
//! valid range and how to read and write it on a validated [`Rubric`]. `sensitivity` perturbs
//! them, `fit` learns them and writes them back into the rubric file by the same key.
//!
//! Only numbers that can move a probability are listed: the prior, the prior weight (subjective
//! logic and intervals), the single-origin cap, the criteria's weights, bonuses and reliabilities,
//! stances, interest, hedging, dependence and correlation. Thresholds that only turn a probability
//! into words (likelihood bounds, confidence rules, Admiralty bounds) and whole-number or duration
//! settings (later-corroboration gap and cap) are not.

use serde::Serialize;

use crate::rubric::Rubric;

/// What sort of number a parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A probability strictly between 0 and 1 (fitted on the logit scale).
    Prior,
    /// A non-negative multiplier, in nats of log-odds per unit of level.
    Weight,
    /// A number from 0 to 1.
    Level,
}

/// One named number of a rubric.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The rubric file's key, e.g. `criteria.verification.weight`.
    pub name: &'static str,
    pub kind: Kind,
    /// The valid range (closed); perturbations are clamped to it.
    pub lo: f64,
    pub hi: f64,
    get: fn(&Rubric) -> Option<f64>,
    set: fn(&mut Rubric, f64),
}

impl Param {
    /// The value in the rubric, `None` for an optional key the rubric does not set.
    pub fn get(&self, r: &Rubric) -> Option<f64> {
        (self.get)(r)
    }
    /// Sets the value, clamped to the valid range.
    pub fn set(&self, r: &mut Rubric, v: f64) {
        (self.set)(r, v.clamp(self.lo, self.hi));
    }
    /// The TOML key path, one element per table.
    pub fn path(&self) -> Vec<&'static str> {
        self.name.split('.').collect()
    }
}

macro_rules! param {
    ($name:literal, $kind:ident, $lo:expr, $hi:expr, |$r:ident| $field:expr) => {
        Param {
            name: $name,
            kind: Kind::$kind,
            lo: $lo,
            hi: $hi,
            get: |$r: &Rubric| Some($field),
            set: |$r: &mut Rubric, v: f64| $field = v,
        }
    };
}

macro_rules! level {
    ($name:literal, |$r:ident| $field:expr) => {
        param!($name, Level, 0.0, 1.0, |$r| $field)
    };
}

/// Nats: a bonus or weight of evidence, 0 to [`crate::rubric::MAX_NATS`].
macro_rules! nats {
    ($name:literal, |$r:ident| $field:expr) => {
        param!($name, Weight, 0.0, crate::rubric::MAX_NATS, |$r| $field)
    };
}

/// A reliability, in [`crate::rubric::RELIABILITY_RANGE`].
macro_rules! reliability {
    ($name:literal, |$r:ident| $field:expr) => {
        param!(
            $name,
            Level,
            crate::rubric::RELIABILITY_RANGE.0,
            crate::rubric::RELIABILITY_RANGE.1,
            |$r| $field
        )
    };
}

/// Every tunable parameter, in the order of the rubric file.
pub static PARAMS: &[Param] = &[
    // The prior must stay strictly inside (0, 1); 1e-6 from either end is as close as we go.
    param!("aggregation.prior", Prior, 1e-6, 1.0 - 1e-6, |r| r.prior),
    param!("aggregation.prior_weight", Weight, 1e-3, 1e6, |r| r
        .prior_weight),
    Param {
        name: "aggregation.single_origin_cap",
        kind: Kind::Level,
        lo: 0.0,
        hi: 1.0,
        get: |r: &Rubric| r.single_origin_cap,
        set: |r: &mut Rubric, v: f64| r.single_origin_cap = Some(v),
    },
    param!("criteria.verification.weight", Weight, 0.0, 10.0, |r| r
        .verification_weight),
    nats!("criteria.verification.independently-verified", |r| r
        .verification_bonus[0]),
    nats!("criteria.verification.imagery", |r| r.verification_bonus[1]),
    nats!("criteria.verification.documents", |r| r.verification_bonus
        [2]),
    level!("criteria.verification.not-independently-verified", |r| r
        .not_verified_factor),
    param!("criteria.official.weight", Weight, 0.0, 10.0, |r| r
        .official_weight),
    reliability!("criteria.official.official.supports", |r| r
        .official
        .supports),
    reliability!("criteria.official.official.refutes", |r| r.official.refutes),
    reliability!("criteria.official.unofficial.government.supports", |r| r
        .unofficial[0]
        .supports),
    reliability!("criteria.official.unofficial.government.refutes", |r| r
        .unofficial[0]
        .refutes),
    reliability!("criteria.official.unofficial.military.supports", |r| r
        .unofficial[1]
        .supports),
    reliability!("criteria.official.unofficial.military.refutes", |r| r
        .unofficial[1]
        .refutes),
    reliability!("criteria.official.unofficial.intelligence.supports", |r| r
        .unofficial[2]
        .supports),
    reliability!("criteria.official.unofficial.intelligence.refutes", |r| r
        .unofficial[2]
        .refutes),
    reliability!("criteria.official.unofficial.head-of-state.supports", |r| r
        .unofficial[3]
        .supports),
    reliability!("criteria.official.unofficial.head-of-state.refutes", |r| r
        .unofficial[3]
        .refutes),
    reliability!("criteria.official.unofficial.spokesperson.supports", |r| r
        .unofficial[4]
        .supports),
    reliability!("criteria.official.unofficial.spokesperson.refutes", |r| r
        .unofficial[4]
        .refutes),
    reliability!(
        "criteria.official.unofficial.international-organisation.supports",
        |r| r.unofficial[5].supports
    ),
    reliability!(
        "criteria.official.unofficial.international-organisation.refutes",
        |r| r.unofficial[5].refutes
    ),
    reliability!("criteria.official.unofficial.wire-agency.supports", |r| r
        .unofficial[6]
        .supports),
    reliability!("criteria.official.unofficial.wire-agency.refutes", |r| r
        .unofficial[6]
        .refutes),
    reliability!("criteria.official.unofficial.newspaper.supports", |r| r
        .unofficial[7]
        .supports),
    reliability!("criteria.official.unofficial.newspaper.refutes", |r| r
        .unofficial[7]
        .refutes),
    reliability!("criteria.official.unofficial.broadcaster.supports", |r| r
        .unofficial[8]
        .supports),
    reliability!("criteria.official.unofficial.broadcaster.refutes", |r| r
        .unofficial[8]
        .refutes),
    reliability!("criteria.official.unofficial.online-outlet.supports", |r| r
        .unofficial[9]
        .supports),
    reliability!("criteria.official.unofficial.online-outlet.refutes", |r| r
        .unofficial[9]
        .refutes),
    reliability!("criteria.official.unofficial.social-media.supports", |r| r
        .unofficial[10]
        .supports),
    reliability!("criteria.official.unofficial.social-media.refutes", |r| r
        .unofficial[10]
        .refutes),
    reliability!("criteria.official.unofficial.think-tank.supports", |r| r
        .unofficial[11]
        .supports),
    reliability!("criteria.official.unofficial.think-tank.refutes", |r| r
        .unofficial[11]
        .refutes),
    reliability!("criteria.official.unofficial.ngo.supports", |r| r
        .unofficial[12]
        .supports),
    reliability!("criteria.official.unofficial.ngo.refutes", |r| r.unofficial
        [12]
    .refutes),
    reliability!("criteria.official.unofficial.anonymous.supports", |r| r
        .unofficial[13]
        .supports),
    reliability!("criteria.official.unofficial.anonymous.refutes", |r| r
        .unofficial[13]
        .refutes),
    reliability!("criteria.official.unofficial.other.supports", |r| r
        .unofficial[14]
        .supports),
    reliability!("criteria.official.unofficial.other.refutes", |r| r
        .unofficial[14]
        .refutes),
    reliability!("criteria.official.grades.A", |r| r.grade_levels[0]),
    reliability!("criteria.official.grades.B", |r| r.grade_levels[1]),
    reliability!("criteria.official.grades.C", |r| r.grade_levels[2]),
    reliability!("criteria.official.grades.D", |r| r.grade_levels[3]),
    reliability!("criteria.official.grades.E", |r| r.grade_levels[4]),
    reliability!("criteria.official.grades.F", |r| r.grade_levels[5]),
    nats!("criteria.later.weight", |r| r.later_weight),
    level!("stances.supports", |r| r.stance_factors[0]),
    level!("stances.refutes", |r| r.stance_factors[1]),
    level!("stances.repeats", |r| r.stance_factors[2]),
    level!("stances.cannot-confirm", |r| r.stance_factors[3]),
    level!("stances.doubts", |r| r.stance_factors[4]),
    level!("stances.no-comment", |r| r.stance_factors[5]),
    level!("interest.self_serving", |r| r.self_serving),
    reliability!("interest.admission", |r| r.admission),
    level!("hedging.none", |r| r.hedging_levels[0]),
    level!("hedging.assess", |r| r.hedging_levels[1]),
    level!("hedging.expect", |r| r.hedging_levels[2]),
    level!("hedging.indications", |r| r.hedging_levels[3]),
    level!("hedging.reportedly", |r| r.hedging_levels[4]),
    level!("hedging.rumour", |r| r.hedging_levels[5]),
    level!("hedging.estimate", |r| r.hedging_levels[6]),
    level!("dependence.same_organisation", |r| r.same_organisation),
    level!("dependence.same_government", |r| r.same_government),
    level!("dependence.relay_decay", |r| r.relay_decay),
    level!("correlation.government", |r| r.correlation[0]),
    level!("correlation.military", |r| r.correlation[1]),
    level!("correlation.intelligence", |r| r.correlation[2]),
    level!("correlation.head-of-state", |r| r.correlation[3]),
    level!("correlation.spokesperson", |r| r.correlation[4]),
    level!("correlation.international-organisation", |r| r.correlation
        [5]),
    level!("correlation.wire-agency", |r| r.correlation[6]),
    level!("correlation.newspaper", |r| r.correlation[7]),
    level!("correlation.broadcaster", |r| r.correlation[8]),
    level!("correlation.online-outlet", |r| r.correlation[9]),
    level!("correlation.social-media", |r| r.correlation[10]),
    level!("correlation.think-tank", |r| r.correlation[11]),
    level!("correlation.ngo", |r| r.correlation[12]),
    level!("correlation.anonymous", |r| r.correlation[13]),
    level!("correlation.other", |r| r.correlation[14]),
];

/// The parameter with this key.
pub fn find(name: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.name == name)
}

/// What `fit` learns unless told otherwise: the three criterion weights and the prior.
pub const DEFAULT_FIT: [&str; 4] = [
    "aggregation.prior",
    "criteria.verification.weight",
    "criteria.official.weight",
    "criteria.later.weight",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::DEFAULT_RUBRIC;

    #[test]
    fn names_are_unique_and_every_getter_matches_its_setter() {
        let base = Rubric::default_rubric();
        for (i, p) in PARAMS.iter().enumerate() {
            assert!(
                PARAMS[..i].iter().all(|q| q.name != p.name),
                "{} twice",
                p.name
            );
            let mut r = base.clone();
            // A value inside every range, unlike any default.
            let v = p.lo + 0.123 * (p.hi.min(1.0) - p.lo);
            p.set(&mut r, v);
            assert_eq!(p.get(&r), Some(v), "{}", p.name);
            // Exactly one field moved: every other parameter reads as before.
            for q in PARAMS.iter().filter(|q| q.name != p.name) {
                assert_eq!(q.get(&r), q.get(&base), "{} moved {}", p.name, q.name);
            }
        }
    }

    #[test]
    fn every_name_is_a_key_of_the_default_rubric_with_the_same_value() {
        let doc: toml::Table = toml::from_str(DEFAULT_RUBRIC).unwrap();
        let r = Rubric::default_rubric();
        for p in PARAMS {
            let mut v = toml::Value::Table(doc.clone());
            let mut found = true;
            for k in p.path() {
                match v.get(k) {
                    Some(x) => v = x.clone(),
                    None => found = false,
                }
            }
            match p.get(&r) {
                Some(x) => {
                    assert!(found, "{} not in the default rubric", p.name);
                    let in_file = v.as_float().or(v.as_integer().map(|i| i as f64));
                    assert_eq!(in_file, Some(x), "{}", p.name);
                }
                None => assert!(!found, "{}", p.name),
            }
        }
    }

    #[test]
    fn set_clamps_to_the_valid_range() {
        let mut r = Rubric::default_rubric();
        let p = find("hedging.none").unwrap();
        p.set(&mut r, 1.7);
        assert_eq!(r.hedging_levels[0], 1.0);
        let w = find("criteria.later.weight").unwrap();
        w.set(&mut r, -3.0);
        assert_eq!(r.later_weight, 0.0);
        let o = find("criteria.official.official.supports").unwrap();
        o.set(&mut r, 0.2);
        assert_eq!(r.official.supports, 0.5);
        assert!(find("nope").is_none());
    }
}
