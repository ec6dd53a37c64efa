//! The evidence of one report: a likelihood ratio, in nats, with its parts.
//!
//! A report of source S, with stance t, on claim C contributes, unsigned (the stance gives the sign):
//!
//! ```text
//! strength = k(t) x m x (O + V)
//!     O = official.weight x logit(r)                 the source (criterion "official versus unofficial")
//!     V = verification.weight x bonus(v)  -  (1 - f(v)) x O      the report's checking
//!     m = hedging(h) x relay_decay^hops
//! ```
//!
//! - `r` is the source's reliability in the direction of the stance: the probability that it is right
//!   when it supports a claim (`supports`, also used for `repeats`: an echo weighs against the claim
//!   by what an endorsement would have been worth) or when it denies one (`refutes`, `cannot-confirm`,
//!   `doubts`). It is the analyst's grade, else the learned reliability, else the rubric's level for an
//!   official source or for the kind. `logit(0.5) = 0`: a source whose reliability cannot be judged
//!   adds nothing, and reliabilities are never below 0.5 (a source often wrong is not evidence of the
//!   opposite).
//! - Interest: a source with a `side`, on a claim that `favours` or `disfavours` it. A statement that
//!   serves the speaker's side (support of a claim that favours it, denial of one that disfavours it)
//!   has its O multiplied by `interest.self_serving`; a statement against it (an admission) is believed
//!   at least as much as `interest.admission`. A source marked `interested` whose side the claim does
//!   not name counts as self-serving (the cautious reading).
//! - `bonus(v)` is the rubric's nats for `independently-verified`, `imagery` or `documents` (0 for
//!   the others); `f(v)` is 1 but for `not-independently-verified`, so that qualifier can only cut.
//!   Hedging and relay decay are at most 1. So no qualifier ever raises a report above the same
//!   report without it.
//! - `k(t)` is the stance's share (`[stances]`): 1 for supports and refutes by default.

use serde::Serialize;

use crate::ledger::{Claim, Report, Source, Stance};
use crate::rubric::Rubric;

use super::aggregate::logit;

/// How the speaker's interest bears on one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Interest {
    /// The claim names no side of the speaker's, and the speaker is not marked interested.
    None,
    /// The statement serves the speaker's side.
    SelfServing,
    /// The statement goes against the speaker's side: an admission.
    Admission,
    /// The speaker is marked `interested`, with no side the claim names: counted as self-serving.
    Interested,
}

impl Interest {
    pub fn as_str(self) -> &'static str {
        match self {
            Interest::None => "none",
            Interest::SelfServing => "self-serving",
            Interest::Admission => "admission",
            Interest::Interested => "interested",
        }
    }
}

/// Whether a stance reads the source's support reliability (else its denial reliability).
pub fn uses_support_reliability(t: Stance) -> bool {
    matches!(t, Stance::Supports | Stance::Repeats | Stance::NoComment)
}

/// The reliability of a source in one direction, and how it was reached (`official`, `grade B`,
/// `unofficial online-outlet`, `learned`). Never below 0.5.
pub fn reliability(rubric: &Rubric, s: &Source, learned: Option<f64>, t: Stance) -> (f64, String) {
    let basis = match (s.grade, learned) {
        (Some(g), _) => format!("grade {}", g.as_char()),
        (None, Some(_)) => "learned".to_string(),
        (None, None) if s.official => "official".to_string(),
        (None, None) => format!("unofficial {}", s.kind.as_str()),
    };
    (reliability_level(rubric, s, learned, t), basis)
}

/// The level of [`reliability`] alone (without the text of its basis).
pub fn reliability_level(rubric: &Rubric, s: &Source, learned: Option<f64>, t: Stance) -> f64 {
    let support = uses_support_reliability(t);
    let pick = |d: crate::rubric::Directed| if support { d.supports } else { d.refutes };
    let r = match (s.grade, learned) {
        (Some(g), _) => rubric.grade_level(g),
        (None, Some(l)) => l,
        (None, None) if s.official => pick(rubric.official),
        (None, None) => pick(rubric.unofficial_level(s.kind)),
    };
    r.clamp(0.5, crate::rubric::RELIABILITY_RANGE.1)
}

/// How the speaker's interest bears on a statement of stance `t` about `claim`.
pub fn interest(s: &Source, claim: &Claim, t: Stance) -> Interest {
    let pro = t == Stance::Supports;
    if let Some(side) = &s.side {
        let serves = claim.favours.iter().any(|x| x == side);
        let harms = claim.disfavours.iter().any(|x| x == side);
        if serves || harms {
            return if pro == serves {
                Interest::SelfServing
            } else {
                Interest::Admission
            };
        }
    }
    if s.interested {
        Interest::Interested
    } else {
        Interest::None
    }
}

/// The evidence of one report, unsigned: what it would add as an independent origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportEvidence {
    pub stance: Stance,
    /// The source's reliability in the stance's direction, after interest.
    pub reliability: f64,
    pub interest: Interest,
    /// k(t) x m x O.
    pub official: f64,
    /// k(t) x m x V (negative for a report that could not be verified).
    pub verification: f64,
    /// official + verification, at least 0.
    pub strength: f64,
    /// hedging x relay_decay^hops.
    pub multiplier: f64,
    /// k(t): the stance's share.
    pub factor: f64,
    /// k(t) x m x later.weight: what it adds if it counts as later corroboration.
    pub later: f64,
    /// It shows evidence of its own (imagery, documents, an independent check): never pooled with
    /// unlinked origins.
    pub own_evidence: bool,
}

/// hedging level x relay_decay^hops.
pub fn multiplier(rubric: &Rubric, r: &Report) -> f64 {
    rubric.hedging_level(r.hedging) * rubric.relay_decay.powi(r.hops.min(10_000) as i32)
}

/// The evidence of report `r` (of `source`, about `claim`). `learned` is the source's learned
/// reliability, where the rubric asks for one.
pub fn report_evidence(
    rubric: &Rubric,
    source: &Source,
    claim: &Claim,
    r: &Report,
    learned: Option<f64>,
) -> ReportEvidence {
    let t = r.stance;
    let rel = reliability_level(rubric, source, learned, t);
    let int = interest(source, claim, t);
    let o_raw = logit(rel).max(0.0);
    let (rel, o_raw) = match int {
        Interest::SelfServing | Interest::Interested => (
            crate::score::aggregate::sigmoid(o_raw * rubric.self_serving),
            o_raw * rubric.self_serving,
        ),
        Interest::Admission => {
            let a = logit(rubric.admission);
            if a > o_raw {
                (rubric.admission, a)
            } else {
                (rel, o_raw)
            }
        }
        Interest::None => (rel, o_raw),
    };
    let o = rubric.official_weight * o_raw;
    let v = rubric.verification_weight * rubric.verification_bonus(r.verification)
        - (1.0 - rubric.verification_factor(r.verification)) * o;
    let m = multiplier(rubric, r);
    let k = rubric.stance_factor(t);
    let official = k * m * o;
    let verification = k * m * v;
    ReportEvidence {
        stance: t,
        reliability: rel,
        interest: int,
        official,
        verification,
        strength: (official + verification).max(0.0),
        multiplier: m,
        factor: k,
        later: k * m * rubric.later_weight,
        own_evidence: rubric.shows_evidence(r.verification),
    }
}

/// An origin's quality in [0, 1): 2 sigmoid(strength) - 1, the probability its evidence alone moves
/// an even prior by, doubled. An unhedged official statement (logit 0.8 = 1.386 nats) is 0.6.
pub fn quality(strength: f64) -> f64 {
    (2.0 * crate::score::aggregate::sigmoid(strength) - 1.0).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;

    const CASE: &str = r#"
[[sources]]
id = "dod"
name = "Pentagon"
kind = "spokesperson"
[[sources]]
id = "ru"
name = "Russian MoD"
kind = "government"
side = "ru"
[[sources]]
id = "web"
name = "A site"
kind = "online-outlet"
[[sources]]
id = "anon"
name = "Someone"
kind = "anonymous"
[[claims]]
id = "c"
statement = "North Korean troops are in Kursk"
disfavours = ["ru"]
[[reports]]
id = "r1"
claim = "c"
source = "dod"
stance = "supports"
stated = 2024-11-04
[[reports]]
id = "r2"
claim = "c"
source = "dod"
stance = "supports"
stated = 2024-11-04
verification = "not-independently-verified"
hedging = "indications"
[[reports]]
id = "r3"
claim = "c"
source = "ru"
stance = "supports"
stated = 2024-11-04
[[reports]]
id = "r4"
claim = "c"
source = "ru"
stance = "refutes"
stated = 2024-11-04
[[reports]]
id = "r5"
claim = "c"
source = "web"
stance = "refutes"
stated = 2024-11-04
verification = "imagery"
[[reports]]
id = "r6"
claim = "c"
source = "anon"
stance = "supports"
stated = 2024-11-04
[[reports]]
id = "r7"
claim = "c"
source = "web"
stance = "repeats"
stated = 2024-11-04
"#;

    fn ev(id: &str) -> ReportEvidence {
        let l = parse_ledgers(&[SourceText::new("t.toml", CASE)]).unwrap();
        let r = l.reports.iter().find(|r| &*r.id == id).unwrap();
        report_evidence(
            &Rubric::default_rubric(),
            &l.sources[r.source],
            &l.claims[r.claim],
            r,
            None,
        )
    }

    fn near(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn an_official_statement_is_the_logit_of_its_reliability() {
        // official 0.8: ln(0.8 / 0.2) = ln 4 = 1.3862943611198906; unverified adds nothing.
        let e = ev("r1");
        near(e.official, 4f64.ln());
        near(e.verification, 0.0);
        near(e.strength, 4f64.ln());
        near(quality(e.strength), 0.6);
    }

    #[test]
    fn a_hedge_and_could_not_be_verified_only_cut() {
        // indications 0.7; not verified halves O: 0.7 x (ln 4 - 0.5 ln 4) = 0.35 ln 4.
        let e = ev("r2");
        near(e.official, 0.7 * 4f64.ln());
        near(e.verification, -0.35 * 4f64.ln());
        near(e.strength, 0.35 * 4f64.ln());
        assert!(e.strength < ev("r1").strength);
    }

    #[test]
    fn an_admission_is_believed_and_a_self_serving_denial_is_halved() {
        // Russia confirming a claim that disfavours Russia: admission 0.95, ln 19.
        let a = ev("r3");
        assert_eq!(a.interest, Interest::Admission);
        near(a.strength, 19f64.ln());
        // Russia denying it: self-serving, official (a government is official by default) 0.8
        // halved: 0.5 x ln 4.
        let d = ev("r4");
        assert_eq!(d.interest, Interest::SelfServing);
        near(d.strength, 0.5 * 4f64.ln());
    }

    #[test]
    fn a_denial_with_imagery_adds_its_bonus_and_counts_as_own_evidence() {
        // online-outlet denial 0.85: ln(0.85/0.15) + imagery 0.8.
        let e = ev("r5");
        near(e.strength, (0.85f64 / 0.15).ln() + 0.8);
        assert!(e.own_evidence);
    }

    #[test]
    fn a_source_that_cannot_be_judged_adds_nothing() {
        near(ev("r6").strength, 0.0);
    }

    #[test]
    fn an_echo_weighs_half_its_endorsement() {
        // online-outlet support 0.6: 0.5 x ln(0.6/0.4).
        near(ev("r7").strength, 0.5 * 1.5f64.ln());
    }
}
