//! A generator of synthetic resolved ledgers, for testing `fit` (a development helper; the tests
//! and `examples/synthetic_ledger.rs` use it).
//!
//! Claims get one to four reports from a fixed cast of sources of known kinds, officialness,
//! interest, grades and organisations, with random stances (three in four support), verification,
//! hedging, relays and dates spread over a month. Each claim's probability is then computed under a
//! known "true" rubric as of the day before its resolution — exactly what `calibrate` and `fit`
//! will do — and its outcome drawn true with that probability. Everything comes from one SplitMix64
//! seed, so a ledger is reproducible from (true rubric, number of claims, seed).

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};

use crate::ledger::Moment;

use super::bootstrap::SplitMix64;
use super::eval::Evaluator;
use crate::error::SourceText;
use crate::ledger::parse_ledgers;
use crate::rubric::Rubric;

/// The cast: (id, kind, official, organisation, government, interested, grade).
const SOURCES: &[(&str, &str, bool, &str, &str, bool, &str)] = &[
    ("a-defence", "government", true, "a-mod", "a", false, ""),
    ("a-spokes", "spokesperson", true, "a-mod", "a", false, ""),
    ("a-foreign", "government", true, "a-mfa", "a", false, ""),
    ("b-intel", "intelligence", true, "b-intel", "b", false, ""),
    (
        "c-president",
        "head-of-state",
        true,
        "c-pres",
        "c",
        true,
        "",
    ),
    ("c-army", "military", true, "c-army", "c", true, ""),
    (
        "io",
        "international-organisation",
        true,
        "io",
        "",
        false,
        "",
    ),
    ("wire", "wire-agency", false, "wire", "", false, ""),
    ("paper-1", "newspaper", false, "paper-1", "", false, ""),
    ("paper-2", "newspaper", false, "paper-2", "", false, "B"),
    ("tv", "broadcaster", false, "tv", "", false, ""),
    ("web", "online-outlet", false, "web", "", false, ""),
    ("social", "social-media", false, "", "", false, ""),
    ("tank", "think-tank", false, "tank", "", false, ""),
    ("ngo", "ngo", false, "ngo", "", false, ""),
    ("anon", "anonymous", false, "", "", false, ""),
    ("blog", "other", false, "", "", false, "E"),
];

const VERIFICATION: &[(&str, u32)] = &[
    ("independently-verified", 3),
    ("imagery", 3),
    ("documents", 3),
    ("unverified", 6),
    ("not-independently-verified", 5),
];

const HEDGING: &[(&str, u32)] = &[
    ("none", 10),
    ("assess", 2),
    ("expect", 2),
    ("indications", 2),
    ("reportedly", 3),
    ("rumour", 1),
];

fn pick<'a>(rng: &mut SplitMix64, table: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = table.iter().map(|t| t.1).sum();
    let mut x = rng.below(total as usize) as u32;
    for &(name, w) in table {
        if x < w {
            return name;
        }
        x -= w;
    }
    table[table.len() - 1].0
}

struct Report {
    source: usize,
    supports: bool,
    stated: NaiveDate,
    verification: &'static str,
    hedging: &'static str,
    via_wire: bool,
}

struct Claim {
    reports: Vec<Report>,
    resolved: NaiveDate,
}

fn render(claims: &[Claim], outcomes: Option<&[bool]>, header: &str) -> String {
    let mut t = String::new();
    t.push_str(header);
    t.push_str("claims = [\n");
    for (i, c) in claims.iter().enumerate() {
        let res = match outcomes {
            Some(o) => format!(
                ", resolution = {{ outcome = {}, date = {} }}",
                o[i], c.resolved
            ),
            None => String::new(),
        };
        let _ = writeln!(
            t,
            "  {{ id = \"c{:05}\", statement = \"Synthetic claim {}\"{res} }},",
            i + 1,
            i + 1
        );
    }
    t.push_str("]\nreports = [\n");
    for (i, c) in claims.iter().enumerate() {
        for (k, r) in c.reports.iter().enumerate() {
            // Defaults (unverified, no hedging) are left out to keep the file small.
            let mut extra = String::new();
            if r.verification != "unverified" {
                let _ = write!(extra, ", verification = \"{}\"", r.verification);
            }
            if r.hedging != "none" {
                let _ = write!(extra, ", hedging = \"{}\"", r.hedging);
            }
            if r.via_wire {
                extra.push_str(", via = [\"wire\"]");
            }
            let _ = writeln!(
                t,
                "  {{ id = \"r{:05}-{}\", claim = \"c{:05}\", source = \"{}\", stance = \"{}\", stated = {}{extra} }},",
                i + 1,
                k + 1,
                i + 1,
                SOURCES[r.source].0,
                if r.supports { "supports" } else { "refutes" },
                r.stated,
            );
        }
    }
    t.push_str("]\n\n[case]\ntitle = \"Synthetic resolved ledger\"\n");
    for &(id, kind, official, org, gov, interested, grade) in SOURCES {
        let _ = write!(
            t,
            "\n[[sources]]\nid = \"{id}\"\nname = \"Synthetic source {id}\"\nkind = \"{kind}\"\nofficial = {official}\n"
        );
        if !org.is_empty() {
            let _ = writeln!(t, "organisation = \"{org}\"");
        }
        if !gov.is_empty() {
            let _ = writeln!(t, "government = \"{gov}\"");
        }
        if interested {
            t.push_str("interested = true\n");
        }
        if !grade.is_empty() {
            let _ = writeln!(t, "grade = \"{grade}\"");
        }
    }
    t
}

/// The "true" rubric of `tests/fixtures/synthetic.toml` and `examples/synthetic_ledger.rs`: the
/// default with prior 0.35 and weights verification 1.6, official 0.6, later 0.9.
pub fn fixture_truth() -> Rubric {
    Rubric {
        prior: 0.35,
        verification_weight: 1.6,
        official_weight: 0.6,
        later_weight: 0.9,
        ..Rubric::default_rubric()
    }
}

/// The ledger `cargo run --example synthetic_ledger -- N SEED` prints, header and all:
/// `tests/fixtures/synthetic.toml` is `fixture(1000, 7)`, and a test holds it to that.
pub fn fixture(n: usize, seed: u64) -> String {
    let header = format!(
        "# A synthetic resolved ledger for trying `corroborate fit`: {n} claims, seed {seed}.\n\
         # Generated by `cargo run --example synthetic_ledger -- {n} {seed}`; do not edit.\n\
         # Each outcome was drawn with the probability that this TRUE rubric gives the claim the day\n\
         # before its resolution: config/default.toml with aggregation.prior = 0.35,\n\
         # criteria.verification.weight = 1.6, criteria.official.weight = 0.6 and\n\
         # criteria.later.weight = 0.9 (everything else as in the default). Fitting the default\n\
         # rubric to this file should move its values towards these, within sampling error.\n\n"
    );
    synthetic_ledger(&fixture_truth(), n, seed, &header)
}

/// A synthetic ledger of `n` resolved claims whose outcomes were drawn with the probabilities
/// `truth` gives them the day before their resolution. `header` is put at the top (comments).
pub fn synthetic_ledger(truth: &Rubric, n: usize, seed: u64, header: &str) -> String {
    let mut rng = SplitMix64::new(seed);
    let epoch = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let claims: Vec<Claim> = (0..n)
        .map(|_| {
            let first = epoch + Days::new(rng.below(300) as u64);
            let m = 1 + rng.below(4);
            let reports = (0..m)
                .map(|k| {
                    let source = rng.below(SOURCES.len());
                    Report {
                        source,
                        supports: rng.unit() < 0.75,
                        stated: if k == 0 {
                            first
                        } else {
                            first + Days::new(rng.below(30) as u64)
                        },
                        verification: pick(&mut rng, VERIFICATION),
                        hedging: pick(&mut rng, HEDGING),
                        via_wire: SOURCES[source].0 != "wire" && rng.unit() < 0.2,
                    }
                })
                .collect();
            Claim {
                reports,
                resolved: first + Days::new(60 + rng.below(30) as u64),
            }
        })
        .collect();
    let draft = render(&claims, None, "");
    let ledger = parse_ledgers(&[SourceText::new("<synthetic>", draft)])
        .unwrap_or_else(|e| unreachable!("the synthetic ledger is valid: {e:?}"));
    // Claim ids are zero-padded, so the ledger's id order is the generation order.
    let targets: Vec<(usize, Moment)> = claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                i,
                Moment::from_date(c.resolved.pred_opt().unwrap_or(c.resolved)),
            )
        })
        .collect();
    let ps = Evaluator::new(&ledger, &targets).probabilities(truth);
    let outcomes: Vec<bool> = ps.iter().map(|&p| rng.unit() < p).collect();
    render(&claims, Some(&outcomes), header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_valid_and_reproducible() {
        let r = Rubric::default_rubric();
        let a = synthetic_ledger(&r, 50, 3, "# test\n");
        assert_eq!(a, synthetic_ledger(&r, 50, 3, "# test\n"));
        assert_ne!(a, synthetic_ledger(&r, 50, 4, "# test\n"));
        let l = parse_ledgers(&[SourceText::new("s", a)]).unwrap();
        assert_eq!(l.claims.len(), 50);
        assert!(l.claims.iter().all(|c| c.resolution.is_some()));
        let t = l
            .claims
            .iter()
            .filter(|c| {
                c.resolution
                    .as_ref()
                    .is_some_and(|r| r.outcome == crate::ledger::Outcome::True)
            })
            .count();
        assert!(t > 0 && t < 50, "{t}");
    }
}
