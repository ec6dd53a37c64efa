//! Structured ledgers (always valid) under arbitrary rubric settings: scoring must keep its invariants —
//! probabilities in [0, 1] inside their intervals, answers of a question summing to at most 1.
#![no_main]

use arbitrary::Arbitrary;
use corroborate::error::SourceText;
use corroborate::ledger::parse_ledgers;
use corroborate::rubric::{Method, Rubric};
use corroborate::score;
use libfuzzer_sys::fuzz_target;

const KINDS: [&str; 6] = ["spokesperson", "newspaper", "wire-agency", "anonymous", "head-of-state", "social-media"];
const VERIF: [&str; 5] = ["independently-verified", "imagery", "documents", "unverified", "not-independently-verified"];
const HEDGE: [&str; 6] = ["none", "assess", "expect", "indications", "reportedly", "rumour"];

#[derive(Debug, Arbitrary)]
struct Src {
    kind: u8,
    org: Option<u8>,
    gov: Option<u8>,
    interested: bool,
    grade: Option<u8>,
}

#[derive(Debug, Arbitrary)]
struct Rep {
    claim: u8,
    source: u8,
    refutes: bool,
    stated: u16,
    delay: u8,
    via: Vec<u8>,
    cites: Option<u8>,
    verification: u8,
    hedging: u8,
}

#[derive(Debug, Arbitrary)]
struct Input {
    sources: Vec<Src>,
    claims: Vec<Option<u8>>,
    exhaustive: bool,
    reports: Vec<Rep>,
    subjective_logic: bool,
    prior: u16,
    weights: [u16; 3],
    same_org: u8,
    same_gov: u8,
    as_of: Option<u16>,
}

/// A valid calendar date for every day index, increasing with it (28-day months keep it simple).
fn date(days: u32) -> String {
    let (year, rest) = (2020 + days / 336, days % 336);
    format!("{year}-{:02}-{:02}", rest / 28 + 1, rest % 28 + 1)
}

fuzz_target!(|input: Input| {
    if input.sources.is_empty() || input.claims.is_empty() {
        return;
    }
    let ns = input.sources.len().min(50);
    let nc = input.claims.len().min(50);
    let mut t = String::new();
    for q in 0..3 {
        t += &format!("[[questions]]\nid = \"q{q}\"\ntext = \"Q\"\nexhaustive = {}\n", input.exhaustive);
    }
    for (i, s) in input.sources.iter().take(ns).enumerate() {
        t += &format!(
            "[[sources]]\nid = \"s{i}\"\nname = \"S\"\nkind = \"{}\"\ninterested = {}\n",
            KINDS[s.kind as usize % KINDS.len()],
            s.interested
        );
        if let Some(o) = s.org {
            t += &format!("organisation = \"o{}\"\n", o % 4);
        }
        if let Some(g) = s.gov {
            t += &format!("government = \"g{}\"\n", g % 3);
        }
        if let Some(g) = s.grade {
            t += &format!("grade = \"{}\"\n", ["A", "B", "C", "D", "E", "F"][g as usize % 6]);
        }
    }
    for (i, q) in input.claims.iter().take(nc).enumerate() {
        t += &format!("[[claims]]\nid = \"c{i}\"\nstatement = \"C\"\n");
        if let Some(q) = q {
            t += &format!("question = \"q{}\"\n", q % 3);
        }
    }
    let mut stated_of: Vec<(usize, u32)> = Vec::new();
    for (i, r) in input.reports.iter().take(200).enumerate() {
        let source = r.source as usize % ns;
        let claim = r.claim as usize % nc;
        let stated = u32::from(r.stated % 2000);
        let mut via: Vec<usize> = Vec::new();
        for v in r.via.iter().take(5) {
            let v = *v as usize % ns;
            if v != source && !via.contains(&v) {
                via.push(v);
            }
        }
        let via: Vec<String> = via.iter().map(|v| format!("\"s{v}\"")).collect();
        t += &format!(
            "[[reports]]\nid = \"r{i}\"\nclaim = \"c{claim}\"\nsource = \"s{source}\"\nstance = \"{}\"\nstated = {}\npublished = {}\nvia = [{}]\nverification = \"{}\"\nhedging = \"{}\"\n",
            if r.refutes { "refutes" } else { "supports" },
            date(stated),
            date(stated + u32::from(r.delay)),
            via.join(", "),
            VERIF[r.verification as usize % VERIF.len()],
            HEDGE[r.hedging as usize % HEDGE.len()],
        );
        // Cite an earlier report about the same claim, stated no later: always valid, never a cycle.
        if let Some(c) = r.cites {
            let earlier: Vec<&(usize, u32)> =
                stated_of.iter().filter(|(c2, s)| *c2 == claim && *s <= stated).collect();
            if !earlier.is_empty() {
                let pick = c as usize % earlier.len();
                let idx = stated_of.iter().position(|x| std::ptr::eq(x, earlier[pick])).unwrap();
                t += &format!("cites = \"r{idx}\"\n");
            }
        }
        stated_of.push((claim, stated));
    }
    let ledger = parse_ledgers(&[SourceText::new("gen.toml", t.clone())])
        .unwrap_or_else(|e| panic!("generated ledger rejected: {}\n{t}", e.render()));

    let mut rubric = Rubric::default_rubric();
    rubric.method = if input.subjective_logic { Method::SubjectiveLogic } else { Method::LogOdds };
    rubric.prior = (f64::from(input.prior) + 1.0) / 65537.0;
    rubric.verification_weight = f64::from(input.weights[0]) / 1000.0;
    rubric.official_weight = f64::from(input.weights[1]) / 1000.0;
    rubric.later_weight = f64::from(input.weights[2]) / 1000.0;
    rubric.same_organisation = f64::from(input.same_org) / 255.0;
    rubric.same_government = f64::from(input.same_gov) / 255.0;
    let as_of = input
        .as_of
        .and_then(|d| corroborate::NaiveDate::parse_from_str(&date(u32::from(d % 2100)), "%Y-%m-%d").ok());

    let case = score(&ledger, &rubric, as_of);
    for c in &case.claims {
        assert!((0.0..=1.0).contains(&c.confidence), "{} = {}", c.id, c.confidence);
        assert!(c.interval.low <= c.confidence + 1e-9 && c.confidence <= c.interval.high + 1e-9, "{c:?}");
    }
    for q in &case.questions {
        assert!(q.total <= 1.0 + 1e-9, "question {} sums to {}", q.id, q.total);
    }
});
