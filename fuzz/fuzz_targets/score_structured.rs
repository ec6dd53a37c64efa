//! Structured ledgers (always valid) under any rubric `check` accepts: every number of the rubric
//! is drawn over its whole range (`rubric::RANGES`: ends included where the range includes them,
//! just inside where it does not, orders of magnitude between), in order where the rubric asks for
//! order, and the rubric text must load. Scoring must keep its invariants — every number finite,
//! probabilities in [0, 1] inside their intervals, answers of a question summing to at most 1 — and
//! end (libFuzzer's timeout catches a loop). Timelines are built and checked too.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use corroborate::error::SourceText;
use corroborate::ledger::parse_ledgers;
use corroborate::rubric::{DEFAULT_RUBRIC, parse_rubric, range_of};
use corroborate::{Moment, score};
use libfuzzer_sys::fuzz_target;
use toml_edit::{DocumentMut, Item, value};

const KINDS: [&str; 8] = [
    "spokesperson", "newspaper", "wire-agency", "anonymous", "head-of-state", "social-media", "government", "ngo",
];
const VERIF: [&str; 5] = ["independently-verified", "imagery", "documents", "unverified", "not-independently-verified"];
const HEDGE: [&str; 7] = ["none", "assess", "expect", "indications", "reportedly", "rumour", "estimate"];
const STANCES: [&str; 6] = ["supports", "refutes", "repeats", "cannot-confirm", "doubts", "no-comment"];
const CLAIM_KINDS: [&str; 4] = ["fact", "assessment", "forecast", "opinion"];

#[derive(Debug, Arbitrary)]
struct Src {
    kind: u8,
    org: Option<u8>,
    gov: Option<u8>,
    interested: bool,
    side: Option<u8>,
    grade: Option<u8>,
}

#[derive(Debug, Arbitrary)]
struct Rep {
    claim: u8,
    source: u8,
    stance: u8,
    stated: u16,
    delay: u8,
    via: Vec<u8>,
    cites: Option<u8>,
    verification: u8,
    hedging: u8,
}

#[derive(Debug, Arbitrary)]
struct Cl {
    question: Option<u8>,
    kind: u8,
    favours: Option<u8>,
    outcome: Option<u8>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    sources: Vec<Src>,
    claims: Vec<Cl>,
    exhaustive: bool,
    reports: Vec<Rep>,
    subjective_logic: bool,
    supersession: u8,
    /// One per number of the rubric, in the order of the file; missing ones keep the default.
    numbers: Vec<u64>,
    cap: Option<u64>,
    gap_hours: Option<u64>,
    as_of: Option<u16>,
}

fn next_up(x: f64) -> f64 {
    if x == 0.0 { f64::from_bits(1) } else { f64::from_bits(x.to_bits() + 1) }
}

fn next_down(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

/// A number anywhere in `key`'s range as `check` accepts it: the low end, the high end, and
/// everything between (most bit patterns), spread evenly or by orders of magnitude.
fn in_range(key: &str, x: u64) -> f64 {
    let r = range_of(key).unwrap_or_else(|| panic!("no range for {key}"));
    let (lo, hi) = if r.open { (next_up(r.lo), next_down(r.hi)) } else { (r.lo, r.hi) };
    let u = (x >> 3) as f64 / (1u64 << 61) as f64;
    let v = match x % 8 {
        0 => lo,
        1 => hi,
        // Orders of magnitude from the smallest positive number (or the low end) to the top.
        2 => {
            let floor = lo.max(f64::MIN_POSITIVE);
            (floor.ln() + u * (hi.ln() - floor.ln())).exp()
        }
        // Close under the top.
        3 => hi - (hi - lo) * u.powi(8),
        _ => lo + (hi - lo) * u,
    };
    let v = v.clamp(lo, hi);
    if r.whole { v.round() } else { v }
}

/// Every number of the default rubric: dotted key and whether TOML holds it as an integer.
fn keys() -> &'static Vec<(String, bool)> {
    static KEYS: OnceLock<Vec<(String, bool)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        fn walk(item: &Item, path: &str, out: &mut Vec<(String, bool)>) {
            if let Some(t) = item.as_table_like() {
                for (k, v) in t.iter() {
                    let here = if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
                    walk(v, &here, out);
                }
            } else if let Some(v) = item.as_value() {
                if v.is_integer() || v.is_float() {
                    out.push((path.to_string(), v.is_integer()));
                }
            }
        }
        let doc: DocumentMut = DEFAULT_RUBRIC.parse().unwrap();
        let mut out = Vec::new();
        walk(doc.as_item(), "", &mut out);
        out
    })
}

fn item_at<'a>(doc: &'a mut DocumentMut, key: &str) -> &'a mut Item {
    let mut item = doc.as_item_mut();
    for p in key.split('.') {
        item = &mut item[p];
    }
    item
}

/// A rubric text `check` accepts, every number drawn from `numbers`.
fn rubric_text(input: &Input) -> String {
    let mut doc: DocumentMut = DEFAULT_RUBRIC.parse().unwrap();
    let mut drawn: Vec<(String, f64, bool)> = Vec::new();
    for (i, (key, integer)) in keys().iter().enumerate() {
        if let Some(&x) = input.numbers.get(i) {
            drawn.push((key.clone(), in_range(key, x), *integer));
        }
    }
    // Ordered groups, keys in file order: ICD 203 bounds increase, letter and information bounds
    // decrease, strictly. The values drawn are sorted into that order; a group with a value
    // missing or two equal keeps its defaults.
    for (prefix, increasing) in [("likelihood.", true), ("admiralty.letters.", false), ("admiralty.information.", false)] {
        let group: Vec<String> =
            keys().iter().filter(|(k, _)| k.starts_with(prefix)).map(|(k, _)| k.clone()).collect();
        let mut xs: Vec<f64> = drawn.iter().filter(|(k, ..)| group.contains(k)).map(|d| d.1).collect();
        drawn.retain(|(k, ..)| !group.contains(k));
        if xs.len() != group.len() {
            continue;
        }
        xs.sort_by(f64::total_cmp);
        if !increasing {
            xs.reverse();
        }
        if xs.windows(2).all(|w| w[0] != w[1]) {
            drawn.extend(group.into_iter().zip(xs).map(|(k, x)| (k, x, false)));
        }
    }
    for what in ["min_origins", "min_quality"] {
        let (h, m) = (format!("confidence.high.{what}"), format!("confidence.moderate.{what}"));
        let hx = drawn.iter().position(|d| d.0 == h);
        let mx = drawn.iter().position(|d| d.0 == m);
        let default_of = |k: &str| item_at(&mut doc.clone(), k).as_float().unwrap();
        let hv = hx.map_or_else(|| default_of(&h), |i| drawn[i].1);
        let mv = mx.map_or_else(|| default_of(&m), |i| drawn[i].1);
        if hv < mv {
            match (hx, mx) {
                (Some(i), _) => drawn[i].1 = mv,
                (None, Some(j)) => drawn[j].1 = hv,
                (None, None) => {}
            }
        }
    }
    for (key, x, integer) in drawn {
        *item_at(&mut doc, &key) = if integer && range_of(&key).is_some_and(|r| r.whole) {
            value(x as i64)
        } else {
            value(x)
        };
    }
    doc["aggregation"]["method"] = value(if input.subjective_logic { "subjective-logic" } else { "log-odds" });
    doc["dependence"]["supersession"] =
        value(["speaker", "organisation", "government"][input.supersession as usize % 3]);
    if let Some(c) = input.cap {
        doc["aggregation"]["single_origin_cap"] = value(in_range("aggregation.single_origin_cap", c));
    }
    if let Some(h) = input.gap_hours {
        doc["criteria"]["later"].as_table_like_mut().unwrap().remove("min_gap_days");
        doc["criteria"]["later"]["min_gap_hours"] = value(in_range("criteria.later.min_gap_hours", h));
    }
    doc.to_string()
}

/// Whether a Debug form shows a number that is not finite (`NaN`, `inf`, `-inf` as words).
fn non_finite(shown: &str) -> bool {
    shown
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == "NaN" || w == "inf")
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
    let claims = &input.claims[..nc];
    let mut t = String::new();
    // An exhaustive question needs two answers (one would be certain, which `check` refuses), and
    // one answer not resolved false.
    let answers = |q: u8| claims.iter().filter(|c| c.question.map(|x| x % 3) == Some(q)).count();
    for q in 0..3 {
        t += &format!(
            "[[questions]]\nid = \"q{q}\"\ntext = \"Q\"\nexhaustive = {}\n",
            input.exhaustive && answers(q) >= 2
        );
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
        if let Some(side) = s.side {
            t += &format!("side = \"side{}\"\n", side % 2);
        }
        if let Some(g) = s.grade {
            t += &format!("grade = \"{}\"\n", ["A", "B", "C", "D", "E", "F"][g as usize % 6]);
        }
    }
    // At most one true answer per question, and never every answer false: the first answer of a
    // question is never resolved false, later ones never true.
    let mut seen_answer = [false; 3];
    for (i, c) in claims.iter().enumerate() {
        t += &format!(
            "[[claims]]\nid = \"c{i}\"\nstatement = \"C\"\nkind = \"{}\"\n",
            CLAIM_KINDS[c.kind as usize % CLAIM_KINDS.len()]
        );
        if let Some(f) = c.favours {
            t += &format!("{} = [\"side{}\"]\n", if f % 2 == 0 { "favours" } else { "disfavours" }, (f / 2) % 2);
        }
        let first = match c.question {
            Some(q) => {
                t += &format!("question = \"q{}\"\n", q % 3);
                !std::mem::replace(&mut seen_answer[(q % 3) as usize], true)
            }
            None => true,
        };
        if let Some(o) = c.outcome {
            let outcome = match (o % 3, c.question.is_some(), first) {
                (0, false, _) | (0, true, true) => Some("true"),
                (1, false, _) | (1, true, false) => Some("false"),
                (2, ..) => Some("\"unresolvable\""),
                _ => None,
            };
            if let Some(outcome) = outcome {
                t += &format!("resolution = {{ outcome = {outcome}, date = 2026-01-01 }}\n");
            }
        }
    }
    let mut stated_of: Vec<(usize, u32)> = Vec::new();
    // Per report: its source, and the origin at the root of its `cites` chain.
    let mut speaker: Vec<(usize, usize)> = Vec::new();
    for (i, r) in input.reports.iter().take(200).enumerate() {
        let source = r.source as usize % ns;
        let claim = r.claim as usize % nc;
        let stated = u32::from(r.stated % 2000);
        // Cite an earlier report about the same claim, stated no later: always valid, never a cycle.
        let cited = r.cites.and_then(|c| {
            let earlier: Vec<usize> =
                (0..stated_of.len()).filter(|&j| stated_of[j].0 == claim && stated_of[j].1 <= stated).collect();
            (!earlier.is_empty()).then(|| earlier[c as usize % earlier.len()])
        });
        let origin = cited.map_or(source, |j| speaker[j].1);
        // A relay is never the speaker, the origin or the cited report's speaker (the chain would
        // name one source twice).
        let mut via: Vec<usize> = Vec::new();
        for v in r.via.iter().take(5) {
            let v = *v as usize % ns;
            let taken = v == source || v == origin || cited.is_some_and(|j| speaker[j].0 == v);
            if !taken && !via.contains(&v) {
                via.push(v);
            }
        }
        speaker.push((source, origin));
        let via: Vec<String> = via.iter().map(|v| format!("\"s{v}\"")).collect();
        t += &format!(
            "[[reports]]\nid = \"r{i}\"\nclaim = \"c{claim}\"\nsource = \"s{source}\"\nstance = \"{}\"\nstated = {}\npublished = {}\nvia = [{}]\nverification = \"{}\"\nhedging = \"{}\"\n",
            STANCES[r.stance as usize % STANCES.len()],
            date(stated),
            date(stated + u32::from(r.delay)),
            via.join(", "),
            VERIF[r.verification as usize % VERIF.len()],
            HEDGE[r.hedging as usize % HEDGE.len()],
        );
        if let Some(j) = cited {
            t += &format!("cites = \"r{j}\"\n");
        }
        stated_of.push((claim, stated));
    }
    let ledger = parse_ledgers(&[SourceText::new("gen.toml", t.clone())])
        .unwrap_or_else(|e| panic!("generated ledger rejected: {}\n{t}", e.render()));
    let text = rubric_text(&input);
    let rubric = parse_rubric(&SourceText::new("gen-rubric.toml", text.clone()))
        .unwrap_or_else(|e| panic!("generated rubric rejected: {}\n{text}", e.render()));
    let as_of = input.as_of.and_then(|d| Moment::parse(&date(u32::from(d % 2100))));

    let case = score(&ledger, &rubric, as_of);
    let shown = format!("{case:?}");
    assert!(!non_finite(&shown), "a non-finite number: {shown}");
    for c in &case.claims {
        assert!((0.0..=1.0).contains(&c.confidence), "{} = {}", c.id, c.confidence);
        assert!(c.interval.low <= c.confidence + 1e-9 && c.confidence <= c.interval.high + 1e-9, "{c:?}");
    }
    for q in &case.questions {
        assert!(q.total <= 1.0, "question {} sums to {}", q.id, q.total);
    }
    let timelines = corroborate::score::timeline::timelines(&ledger, &rubric, as_of);
    let shown = format!("{timelines:?}");
    assert!(!non_finite(&shown), "a non-finite number in a timeline: {shown}");
});
