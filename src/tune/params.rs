//! The tunable numbers of a rubric: one table of named parameters, each with its TOML key, its
//! valid range and how to read and write it on a validated [`Rubric`]. `sensitivity` perturbs
//! them, `fit` learns them and writes them back into the rubric file by the same key.
//!
//! Only numbers that can move a probability are listed: the prior, the prior weight (subjective
//! logic and intervals), the single-origin cap, the criteria's weights and levels, hedging and
//! dependence. Thresholds that only turn a probability into words (likelihood bounds, confidence
//! rules, Admiralty bounds) and whole-number settings (later-corroboration gap, window, cap) are not.

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

macro_rules! weight {
    ($name:literal, |$r:ident| $field:expr) => {
        param!($name, Weight, 0.0, f64::INFINITY, |$r| $field)
    };
}

/// Every tunable parameter, in the order of the rubric file.
pub static PARAMS: &[Param] = &[
    // The prior must stay strictly inside (0, 1); 1e-6 from either end is as close as we go.
    param!("aggregation.prior", Prior, 1e-6, 1.0 - 1e-6, |r| r.prior),
    param!("aggregation.prior_weight", Weight, 1e-6, 1e6, |r| r
        .prior_weight),
    Param {
        name: "aggregation.single_origin_cap",
        kind: Kind::Level,
        lo: 0.0,
        hi: 1.0,
        get: |r: &Rubric| r.single_origin_cap,
        set: |r: &mut Rubric, v: f64| r.single_origin_cap = Some(v),
    },
    weight!("criteria.verification.weight", |r| r.verification_weight),
    level!("criteria.verification.levels.independently-verified", |r| r
        .verification_levels[0]),
    level!("criteria.verification.levels.imagery", |r| r
        .verification_levels[1]),
    level!("criteria.verification.levels.documents", |r| r
        .verification_levels[2]),
    level!("criteria.verification.levels.unverified", |r| r
        .verification_levels[3]),
    level!(
        "criteria.verification.levels.not-independently-verified",
        |r| r.verification_levels[4]
    ),
    weight!("criteria.official.weight", |r| r.official_weight),
    level!("criteria.official.official", |r| r.official_level),
    level!("criteria.official.interest_factor", |r| r.interest_factor),
    level!("criteria.official.unofficial.government", |r| r
        .unofficial_levels[0]),
    level!("criteria.official.unofficial.military", |r| r
        .unofficial_levels[1]),
    level!("criteria.official.unofficial.intelligence", |r| r
        .unofficial_levels[2]),
    level!("criteria.official.unofficial.head-of-state", |r| r
        .unofficial_levels[3]),
    level!("criteria.official.unofficial.spokesperson", |r| r
        .unofficial_levels[4]),
    level!(
        "criteria.official.unofficial.international-organisation",
        |r| r.unofficial_levels[5]
    ),
    level!("criteria.official.unofficial.wire-agency", |r| r
        .unofficial_levels[6]),
    level!("criteria.official.unofficial.newspaper", |r| r
        .unofficial_levels[7]),
    level!("criteria.official.unofficial.broadcaster", |r| r
        .unofficial_levels[8]),
    level!("criteria.official.unofficial.online-outlet", |r| r
        .unofficial_levels[9]),
    level!("criteria.official.unofficial.social-media", |r| r
        .unofficial_levels[10]),
    level!("criteria.official.unofficial.think-tank", |r| r
        .unofficial_levels[11]),
    level!("criteria.official.unofficial.ngo", |r| r.unofficial_levels
        [12]),
    level!("criteria.official.unofficial.anonymous", |r| r
        .unofficial_levels[13]),
    level!("criteria.official.unofficial.other", |r| r
        .unofficial_levels[14]),
    level!("criteria.official.grades.A", |r| r.grade_levels[0]),
    level!("criteria.official.grades.B", |r| r.grade_levels[1]),
    level!("criteria.official.grades.C", |r| r.grade_levels[2]),
    level!("criteria.official.grades.D", |r| r.grade_levels[3]),
    level!("criteria.official.grades.E", |r| r.grade_levels[4]),
    level!("criteria.official.grades.F", |r| r.grade_levels[5]),
    weight!("criteria.later.weight", |r| r.later_weight),
    level!("hedging.none", |r| r.hedging_levels[0]),
    level!("hedging.assess", |r| r.hedging_levels[1]),
    level!("hedging.expect", |r| r.hedging_levels[2]),
    level!("hedging.indications", |r| r.hedging_levels[3]),
    level!("hedging.reportedly", |r| r.hedging_levels[4]),
    level!("hedging.rumour", |r| r.hedging_levels[5]),
    level!("dependence.same_organisation", |r| r.same_organisation),
    level!("dependence.same_government", |r| r.same_government),
    level!("dependence.relay_decay", |r| r.relay_decay),
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
            p.set(&mut r, 0.123);
            assert_eq!(p.get(&r), Some(0.123), "{}", p.name);
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
        assert!(find("nope").is_none());
    }
}
