//! Invariants of scoring, checked on generated ledgers (proptest).
//!
//! - probabilities are in [0, 1], inside their intervals, and answers of a question sum to at most 1;
//! - results do not depend on the order of files, sources or reports;
//! - a relay or a duplicate of an existing report changes no claim's probability;
//! - an added independent supporting origin, of any date, linked to nothing or with an organisation
//!   and government of its own, never lowers that claim's probability or its confidence level;
//! - an added refuting origin (refutes, cannot confirm, doubts, repeats) never raises it;
//! - a hedge or "could not be independently verified" never raises the evidence on a report's side;
//! - `--as-of` is the same as deleting the reports published after that date.

use chrono::NaiveDate;
use corroborate::error::SourceText;
use corroborate::ledger::parse_ledgers;
use corroborate::rubric::{Method, Rubric};
use corroborate::score;
use proptest::prelude::*;

const KINDS: [&str; 7] = [
    "spokesperson",
    "newspaper",
    "wire-agency",
    "anonymous",
    "head-of-state",
    "online-outlet",
    "social-media",
];
const STANCES: [&str; 6] = [
    "supports",
    "refutes",
    "repeats",
    "cannot-confirm",
    "doubts",
    "no-comment",
];
const CLAIM_KINDS: [&str; 4] = ["fact", "assessment", "forecast", "opinion"];
const SIDES: [&str; 2] = ["a", "b"];
const VERIF: [&str; 5] = [
    "independently-verified",
    "imagery",
    "documents",
    "unverified",
    "not-independently-verified",
];
const HEDGE: [&str; 5] = ["none", "assess", "indications", "reportedly", "estimate"];

#[derive(Debug, Clone)]
struct Src {
    kind: usize,
    org: Option<u8>,
    gov: Option<u8>,
    interested: bool,
    side: Option<usize>,
}

#[derive(Debug, Clone)]
struct Rep {
    claim: usize,
    source: usize,
    stance: usize,
    /// Hours into the day, or a bare date.
    hour: Option<u8>,
    stated: i64,
    delay: i64,
    via: Vec<usize>,
    verification: usize,
    hedging: usize,
}

#[derive(Debug, Clone)]
struct Spec {
    sources: Vec<Src>,
    /// Per claim: is it an answer of the one question?
    in_question: Vec<bool>,
    /// Per claim: its kind, and the side it favours and the side it disfavours.
    claims: Vec<(usize, Option<usize>, Option<usize>)>,
    exhaustive: bool,
    reports: Vec<Rep>,
}

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 10, 1).unwrap() + chrono::Duration::days(n)
}

fn spec() -> impl Strategy<Value = Spec> {
    let src = (
        0..KINDS.len(),
        proptest::option::of(0u8..2),
        proptest::option::of(0u8..2),
        any::<bool>(),
        proptest::option::of(0..SIDES.len()),
    )
        .prop_map(|(kind, org, gov, interested, side)| Src {
            kind,
            org,
            gov,
            interested,
            side,
        });
    let claim = (
        0..CLAIM_KINDS.len(),
        proptest::option::of(0..SIDES.len()),
        proptest::option::of(0..SIDES.len()),
    )
        .prop_map(|(k, f, d)| (k, f, d.filter(|d| Some(*d) != f)));
    (
        prop::collection::vec(src, 1..6),
        prop::collection::vec((any::<bool>(), claim), 1..5),
        any::<bool>(),
    )
        .prop_flat_map(|(sources, claims, exhaustive)| {
            let in_question: Vec<bool> = claims.iter().map(|c| c.0).collect();
            let claims: Vec<(usize, Option<usize>, Option<usize>)> =
                claims.into_iter().map(|c| c.1).collect();
            let ns = sources.len();
            let nc = in_question.len();
            let rep = (
                (
                    0..nc,
                    0..ns,
                    0..STANCES.len(),
                    proptest::option::of(0u8..24),
                ),
                0i64..60,
                0i64..5,
                prop::collection::vec(0..ns, 0..3),
                0..VERIF.len(),
                0..HEDGE.len(),
            )
                .prop_map(
                    |((claim, source, stance, hour), stated, delay, via, verification, hedging)| {
                        let mut v: Vec<usize> = Vec::new();
                        for x in via {
                            if x != source && !v.contains(&x) {
                                v.push(x);
                            }
                        }
                        Rep {
                            claim,
                            source,
                            stance,
                            hour,
                            stated,
                            delay,
                            via: v,
                            verification,
                            hedging,
                        }
                    },
                );
            (
                Just(sources),
                Just(in_question),
                Just(claims),
                Just(exhaustive),
                prop::collection::vec(rep, 0..14),
            )
        })
        .prop_map(|(sources, in_question, claims, exhaustive, reports)| Spec {
            sources,
            in_question,
            claims,
            exhaustive,
            reports,
        })
}

fn source_toml(i: usize, s: &Src) -> String {
    let mut t = format!(
        "[[sources]]\nid = \"s{i}\"\nname = \"Source {i}\"\nkind = \"{}\"\ninterested = {}\n",
        KINDS[s.kind], s.interested
    );
    if let Some(o) = s.org {
        t += &format!("organisation = \"org{o}\"\n");
    }
    if let Some(g) = s.gov {
        t += &format!("government = \"gov{g}\"\n");
    }
    if let Some(x) = s.side {
        t += &format!("side = \"{}\"\n", SIDES[x]);
    }
    t
}

/// A statement time: a bare date, or the date at an hour (UTC).
fn when(r: &Rep, days: i64) -> String {
    match r.hour {
        Some(h) => format!("{}T{h:02}:00:00Z", day(days)),
        None => day(days).to_string(),
    }
}

fn report_toml(id: &str, r: &Rep) -> String {
    let via: Vec<String> = r.via.iter().map(|v| format!("\"s{v}\"")).collect();
    format!(
        "[[reports]]\nid = \"{id}\"\nclaim = \"c{}\"\nsource = \"s{}\"\nstance = \"{}\"\nstated = {}\npublished = {}\nvia = [{}]\nverification = \"{}\"\nhedging = \"{}\"\n",
        r.claim,
        r.source,
        STANCES[r.stance],
        when(r, r.stated),
        when(r, r.stated + r.delay),
        via.join(", "),
        VERIF[r.verification],
        HEDGE[r.hedging]
    )
}

/// The ledger as TOML files: everything in one file, entries in the order given.
fn files(spec: &Spec, report_order: &[usize], split: bool) -> Vec<SourceText> {
    let mut head = String::from("[[questions]]\nid = \"q\"\ntext = \"Which?\"\n");
    head += &format!("exhaustive = {}\n", spec.exhaustive);
    for (i, s) in spec.sources.iter().enumerate() {
        head += &source_toml(i, s);
    }
    for (i, q) in spec.in_question.iter().enumerate() {
        let (kind, favours, disfavours) = spec.claims[i];
        head += &format!(
            "[[claims]]\nid = \"c{i}\"\nstatement = \"Claim {i}\"\nkind = \"{}\"\n",
            CLAIM_KINDS[kind]
        );
        if let Some(f) = favours {
            head += &format!("favours = [\"{}\"]\n", SIDES[f]);
        }
        if let Some(d) = disfavours {
            head += &format!("disfavours = [\"{}\"]\n", SIDES[d]);
        }
        if *q {
            head += "question = \"q\"\n";
        }
    }
    let mut tail = String::new();
    for &i in report_order {
        tail += &report_toml(&format!("r{i}"), &spec.reports[i]);
    }
    // An empty file is an error ("holds no ledger entries"), so only split when both halves hold some.
    if split && !tail.is_empty() {
        vec![
            SourceText::new("b.toml", tail),
            SourceText::new("a.toml", head),
        ]
    } else {
        vec![SourceText::new("a.toml", head + &tail)]
    }
}

fn rubric(sl: bool) -> Rubric {
    let mut r = Rubric::default_rubric();
    if sl {
        r.method = Method::SubjectiveLogic;
    }
    r
}

fn scored(
    texts: &[SourceText],
    rubric: &Rubric,
    as_of: Option<NaiveDate>,
) -> corroborate::CaseScore {
    let ledger = parse_ledgers(texts).expect("generated ledgers are valid");
    score(&ledger, rubric, as_of.map(Into::into))
}

fn probs(c: &corroborate::CaseScore) -> Vec<(String, f64)> {
    c.claims
        .iter()
        .map(|c| (c.id.clone(), c.confidence))
        .collect()
}

fn same(a: &[(String, f64)], b: &[(String, f64)]) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        prop_assert_eq!(&x.0, &y.0);
        prop_assert!((x.1 - y.1).abs() < 1e-12, "{} {} != {}", x.0, x.1, y.1);
    }
    Ok(())
}

const LAST: i64 = 70;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn probabilities_are_coherent(spec in spec(), sl in any::<bool>()) {
        let order: Vec<usize> = (0..spec.reports.len()).collect();
        let case = scored(&files(&spec, &order, false), &rubric(sl), None);
        for c in &case.claims {
            prop_assert!((0.0..=1.0).contains(&c.confidence), "{}", c.confidence);
            prop_assert!(c.interval.low <= c.confidence + 1e-12 && c.confidence <= c.interval.high + 1e-12);
        }
        for q in &case.questions {
            prop_assert!(q.total <= 1.0 + 1e-9, "question total {}", q.total);
            if q.exhaustive && !q.claims.is_empty() {
                prop_assert!((q.total - 1.0).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn order_of_files_and_reports_does_not_matter(spec in spec(), seed in any::<u64>(), sl in any::<bool>()) {
        let order: Vec<usize> = (0..spec.reports.len()).collect();
        let mut shuffled = order.clone();
        // A deterministic shuffle from the seed (Fisher–Yates with an LCG).
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (x >> 33) as usize % (i + 1));
        }
        let r = rubric(sl);
        let a = scored(&files(&spec, &order, false), &r, None);
        let b = scored(&files(&spec, &shuffled, true), &r, None);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    #[test]
    fn a_relay_or_duplicate_of_a_report_changes_nothing(spec in spec(), pick in any::<prop::sample::Index>(), relay in any::<bool>(), sl in any::<bool>()) {
        prop_assume!(!spec.reports.is_empty());
        let r = rubric(sl);
        let as_of = Some(day(LAST));
        let order: Vec<usize> = (0..spec.reports.len()).collect();
        let before = probs(&scored(&files(&spec, &order, false), &r, as_of));
        let original = spec.reports[pick.index(spec.reports.len())].clone();
        let mut copy = original.clone();
        let mut texts = files(&spec, &order, false);
        if relay {
            // One more outlet between the speaker and us: a new source appended to the chain.
            copy.via.push(spec.sources.len());
            texts[0].text += "[[sources]]\nid = \"outlet-x\"\nname = \"Relaying outlet\"\nkind = \"online-outlet\"\n";
        }
        let mut extra = report_toml("r-copy", &copy);
        if relay {
            extra = extra.replace(&format!("\"s{}\"]", spec.sources.len()), "\"outlet-x\"]");
        }
        texts[0].text += &extra;
        let after = probs(&scored(&texts, &r, as_of));
        same(&before, &after)?;
    }

    #[test]
    fn an_independent_supporting_origin_never_lowers_p_or_the_confidence_level(
        spec in spec(), claim in any::<prop::sample::Index>(), offset in -30i64..40,
        verification in 0..VERIF.len(), hedging in 0..HEDGE.len(), linked in any::<bool>(),
        kind in 0..KINDS.len(), sl in any::<bool>()
    ) {
        let r = rubric(sl);
        let as_of = Some(day(LAST));
        let order: Vec<usize> = (0..spec.reports.len()).collect();
        let texts = files(&spec, &order, false);
        let before = scored(&texts, &r, as_of);
        let c = claim.index(spec.in_question.len());
        let id = format!("c{c}");
        let first = spec.reports.iter().filter(|x| x.claim == c).map(|x| x.stated).min().unwrap_or(0);
        let mut texts = texts;
        // Its own organisation and government, or no link at all (then it joins the pool of
        // unlinked origins of its kind).
        let links = if linked { "organisation = \"indep-org\"\ngovernment = \"indep-gov\"\n" } else { "" };
        texts[0].text += &format!(
            "[[sources]]\nid = \"indep\"\nname = \"An independent source\"\nkind = \"{}\"\nofficial = false\n{links}",
            KINDS[kind]
        );
        texts[0].text += &format!(
            "[[reports]]\nid = \"r-new\"\nclaim = \"{id}\"\nsource = \"indep\"\nstance = \"supports\"\nstated = {}\nverification = \"{}\"\nhedging = \"{}\"\n",
            day((first + offset).max(0)), VERIF[verification], HEDGE[hedging]
        );
        let after = scored(&texts, &r, as_of);
        let (b, a) = (before.claim(&id).unwrap(), after.claim(&id).unwrap());
        prop_assert!(a.confidence >= b.confidence - 1e-12, "{} -> {}", b.confidence, a.confidence);
        prop_assert!(a.confidence_level >= b.confidence_level, "{:?} -> {:?}", b.confidence_level, a.confidence_level);
    }

    #[test]
    fn an_added_refuting_origin_never_raises_p(
        spec in spec(), claim in any::<prop::sample::Index>(), offset in -30i64..40,
        stance in prop::sample::select(vec!["refutes", "cannot-confirm", "doubts", "repeats"]),
        verification in 0..VERIF.len(), linked in any::<bool>(), kind in 0..KINDS.len(), sl in any::<bool>()
    ) {
        let r = rubric(sl);
        let as_of = Some(day(LAST));
        let order: Vec<usize> = (0..spec.reports.len()).collect();
        let texts = files(&spec, &order, false);
        let before = scored(&texts, &r, as_of);
        let c = claim.index(spec.in_question.len());
        let id = format!("c{c}");
        let first = spec.reports.iter().filter(|x| x.claim == c).map(|x| x.stated).min().unwrap_or(0);
        let mut texts = texts;
        let links = if linked { "organisation = \"indep-org\"\ngovernment = \"indep-gov\"\n" } else { "" };
        texts[0].text += &format!(
            "[[sources]]\nid = \"indep\"\nname = \"An independent source\"\nkind = \"{}\"\n{links}",
            KINDS[kind]
        );
        texts[0].text += &format!(
            "[[reports]]\nid = \"r-new\"\nclaim = \"{id}\"\nsource = \"indep\"\nstance = \"{stance}\"\nstated = {}\nverification = \"{}\"\n",
            day((first + offset).max(0)), VERIF[verification]
        );
        let after = scored(&texts, &r, as_of);
        let (b, a) = (before.claim(&id).unwrap(), after.claim(&id).unwrap());
        prop_assert!(a.confidence <= b.confidence + 1e-12, "{} -> {}", b.confidence, a.confidence);
    }

    #[test]
    fn a_hedge_or_not_verified_never_raises_the_evidence_on_its_side(
        spec in spec(), pick in any::<prop::sample::Index>(), hedge in 1..HEDGE.len(), cut in any::<bool>(), sl in any::<bool>()
    ) {
        prop_assume!(!spec.reports.is_empty());
        let r = rubric(sl);
        let as_of = Some(day(LAST));
        let i = pick.index(spec.reports.len());
        let mut plain = spec.clone();
        plain.reports[i].hedging = 0;
        plain.reports[i].verification = 3; // unverified
        let mut qualified = plain.clone();
        if cut {
            qualified.reports[i].verification = 4; // not independently verified
        } else {
            qualified.reports[i].hedging = hedge;
        }
        let order: Vec<usize> = (0..spec.reports.len()).collect();
        let a = scored(&files(&plain, &order, false), &r, as_of);
        let b = scored(&files(&qualified, &order, false), &r, as_of);
        let id = format!("c{}", plain.reports[i].claim);
        let (x, y) = (&a.claim(&id).unwrap().aggregation, &b.claim(&id).unwrap().aggregation);
        prop_assert!(y.evidence_for <= x.evidence_for + 1e-12, "for {} -> {}", x.evidence_for, y.evidence_for);
        prop_assert!(y.evidence_against <= x.evidence_against + 1e-12, "against {} -> {}", x.evidence_against, y.evidence_against);
    }

    #[test]
    fn as_of_equals_removing_later_reports(spec in spec(), cut in 0i64..65, sl in any::<bool>()) {
        let r = rubric(sl);
        let d = day(cut);
        let all: Vec<usize> = (0..spec.reports.len()).collect();
        // A report is in force when published by the end of day `cut` (hours included).
        let kept: Vec<usize> = all.iter().copied().filter(|&i| spec.reports[i].stated + spec.reports[i].delay <= cut).collect();
        let a = scored(&files(&spec, &all, false), &r, Some(d));
        let b = scored(&files(&spec, &kept, false), &r, Some(d));
        same(&probs(&a), &probs(&b))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// The machine formats read back: the JSON document parses to the same claims and numbers, and
    /// the CSV (six decimals) has one row per claim, in the same order, with the same probability.
    #[test]
    fn json_and_csv_read_back(spec in spec(), sl in any::<bool>()) {
        use corroborate::render::{Renderer, csv::CsvRenderer, json::JsonRenderer};
        let order: Vec<usize> = (0..spec.reports.len()).collect();
        let case = scored(&files(&spec, &order, false), &rubric(sl), None);

        let json: serde_json::Value = serde_json::from_str(&JsonRenderer.render(&case)).unwrap();
        let direct = serde_json::to_value(&case).unwrap();
        prop_assert_eq!(&json["claims"], &direct["claims"]);
        prop_assert_eq!(&json["sources"], &direct["sources"]);

        let text = CsvRenderer.render(&case);
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let headers = rdr.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (id_col, p_col) = (col("claim"), col("probability"));
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        prop_assert_eq!(rows.len(), case.claims.len());
        for (row, c) in rows.iter().zip(&case.claims) {
            prop_assert_eq!(&row[id_col], c.id.as_str());
            if !c.scored() {
                // An unscored kind (an opinion) has no probability to print.
                prop_assert_eq!(&row[p_col], "");
                continue;
            }
            let p: f64 = row[p_col].parse().unwrap();
            // Six decimals: within half a unit of the last one (a tie may round either way).
            prop_assert!((p - c.confidence).abs() <= 5e-7 + 1e-12, "{} vs {}", p, c.confidence);
        }
    }
}
