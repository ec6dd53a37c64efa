//! Invariants of scoring, checked on generated ledgers (proptest).
//!
//! - probabilities are in [0, 1], inside their intervals, and answers of a question sum to at most 1;
//! - results do not depend on the order of files, sources or reports;
//! - a relay or a duplicate of an existing report changes no claim's probability;
//! - an added independent supporting report, not dated before the claim's first report, never lowers
//!   that claim's probability (an earlier one can turn an existing refutation into a "later"
//!   refutation, which the rubric weighs more: by design, see README);
//! - `--as-of` is the same as deleting the reports published after that date.

use chrono::NaiveDate;
use corroborate::error::SourceText;
use corroborate::ledger::parse_ledgers;
use corroborate::rubric::{Method, Rubric};
use corroborate::score;
use proptest::prelude::*;

const KINDS: [&str; 5] = [
    "spokesperson",
    "newspaper",
    "wire-agency",
    "anonymous",
    "head-of-state",
];
const VERIF: [&str; 5] = [
    "independently-verified",
    "imagery",
    "documents",
    "unverified",
    "not-independently-verified",
];
const HEDGE: [&str; 4] = ["none", "assess", "indications", "reportedly"];

#[derive(Debug, Clone)]
struct Src {
    kind: usize,
    org: Option<u8>,
    gov: Option<u8>,
    interested: bool,
}

#[derive(Debug, Clone)]
struct Rep {
    claim: usize,
    source: usize,
    refutes: bool,
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
    )
        .prop_map(|(kind, org, gov, interested)| Src {
            kind,
            org,
            gov,
            interested,
        });
    (
        prop::collection::vec(src, 1..6),
        prop::collection::vec(any::<bool>(), 1..5),
        any::<bool>(),
    )
        .prop_flat_map(|(sources, in_question, exhaustive)| {
            let ns = sources.len();
            let nc = in_question.len();
            let rep = (
                0..nc,
                0..ns,
                any::<bool>(),
                0i64..60,
                0i64..5,
                prop::collection::vec(0..ns, 0..3),
                0..VERIF.len(),
                0..HEDGE.len(),
            )
                .prop_map(
                    |(claim, source, refutes, stated, delay, via, verification, hedging)| {
                        let mut v: Vec<usize> = Vec::new();
                        for x in via {
                            if x != source && !v.contains(&x) {
                                v.push(x);
                            }
                        }
                        Rep {
                            claim,
                            source,
                            refutes,
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
                Just(exhaustive),
                prop::collection::vec(rep, 0..14),
            )
        })
        .prop_map(|(sources, in_question, exhaustive, reports)| Spec {
            sources,
            in_question,
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
    t
}

fn report_toml(id: &str, r: &Rep) -> String {
    let via: Vec<String> = r.via.iter().map(|v| format!("\"s{v}\"")).collect();
    format!(
        "[[reports]]\nid = \"{id}\"\nclaim = \"c{}\"\nsource = \"s{}\"\nstance = \"{}\"\nstated = {}\npublished = {}\nvia = [{}]\nverification = \"{}\"\nhedging = \"{}\"\n",
        r.claim,
        r.source,
        if r.refutes { "refutes" } else { "supports" },
        day(r.stated),
        day(r.stated + r.delay),
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
        head += &format!("[[claims]]\nid = \"c{i}\"\nstatement = \"Claim {i}\"\n");
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
    fn an_independent_supporting_report_never_lowers_confidence(
        spec in spec(), claim in any::<prop::sample::Index>(), offset in 0i64..40, verification in 0..VERIF.len(), sl in any::<bool>()
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
        texts[0].text += "[[sources]]\nid = \"indep\"\nname = \"An independent source\"\nkind = \"newspaper\"\norganisation = \"indep-org\"\ngovernment = \"indep-gov\"\n";
        texts[0].text += &format!(
            "[[reports]]\nid = \"r-new\"\nclaim = \"{id}\"\nsource = \"indep\"\nstance = \"supports\"\nstated = {}\nverification = \"{}\"\n",
            day(first + offset), VERIF[verification]
        );
        let after = scored(&texts, &r, as_of);
        let p0 = before.claim(&id).unwrap().confidence;
        let p1 = after.claim(&id).unwrap().confidence;
        prop_assert!(p1 >= p0 - 1e-12, "{p0} -> {p1}");
    }

    #[test]
    fn as_of_equals_removing_later_reports(spec in spec(), cut in 0i64..65, sl in any::<bool>()) {
        let r = rubric(sl);
        let d = day(cut);
        let all: Vec<usize> = (0..spec.reports.len()).collect();
        let kept: Vec<usize> = all.iter().copied().filter(|&i| day(spec.reports[i].stated + spec.reports[i].delay) <= d).collect();
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
            let p: f64 = row[p_col].parse().unwrap();
            prop_assert!((p - c.confidence).abs() <= 5e-7, "{} vs {}", p, c.confidence);
        }
    }
}
