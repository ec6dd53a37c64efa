//! The streamed rubric path (`score::stream`, `render::json_stream`) against the reference
//! (`score::score` and `JsonRenderer`): the same case and the same JSON bytes, on the seeds, every
//! valid test ledger, bulk ledgers, several rubrics and dates, and random ledgers (proptest).

use std::path::{Path, PathBuf};

use corroborate::error::SourceText;
use corroborate::learn::LearnMethod;
use corroborate::ledger::{load_ledgers, parse_ledgers};
use corroborate::render::Renderer;
use corroborate::render::json::JsonRenderer;
use corroborate::rubric::{Method, Rubric, Supersession};
use corroborate::score::score_with;
use corroborate::score::stream::{Prepared, claim_alone};
use corroborate::{Ledger, Moment, score};
use proptest::prelude::*;

fn streamed(ledger: &Ledger, rubric: &Rubric, as_of: Option<Moment>) -> String {
    let prepared = Prepared::new(ledger, rubric, as_of);
    let mut out = Vec::new();
    corroborate::render::json_stream::write_json(&prepared, &mut out, &|_| {}).unwrap();
    String::from_utf8(out).unwrap()
}

/// The streamed JSON is the reference's, byte for byte, and the streamed case equals the reference.
fn agree(what: &str, ledger: &Ledger, rubric: &Rubric, as_of: Option<Moment>) {
    let reference = score(ledger, rubric, as_of);
    let want = JsonRenderer.render(&reference);
    let got = streamed(ledger, rubric, as_of);
    if want != got {
        let at = want
            .bytes()
            .zip(got.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(want.len().min(got.len()));
        let from = at.saturating_sub(200);
        panic!(
            "{what}: the streamed JSON differs at byte {at}:\nreference: …{}\nstreamed:  …{}",
            &want[from..(at + 200).min(want.len())],
            &got[from..(at + 200).min(got.len())]
        );
    }
    let case = Prepared::new(ledger, rubric, as_of).into_case();
    assert!(case == reference, "{what}: the streamed case differs");
    // Scored without origins (tables, Markdown, CSV): the same case, `by_origin` empty.
    let mut bare = score(ledger, rubric, as_of);
    for c in &mut bare.claims {
        c.by_origin.clear();
    }
    assert!(
        score_with(ledger, rubric, as_of, |_| false) == bare,
        "{what}: the case scored without origins differs"
    );
    // One claim alone (`explain`) is the same claim as in the whole case, with the notes saying
    // why (which a report leaves out) besides.
    for (ci, c) in ledger.claims.iter().enumerate() {
        let (when, mut alone) = claim_alone(ledger, rubric, as_of, ci);
        assert_eq!(when, reference.as_of, "{what}");
        for o in &mut alone.by_origin {
            // A discount below 1 says why (superseded origins excepted: `superseded_by` does).
            assert!(
                o.discount == 1.0 || o.superseded_by.is_some() || o.discount_reason.is_some(),
                "{what}: `{}` on claim `{}` has a discount and no reason",
                o.source,
                c.id
            );
            o.discount_reason = None;
            o.later_note = None;
        }
        assert!(
            Some(&alone) == reference.claim(&c.id),
            "{what}: claim `{}` alone differs",
            c.id
        );
    }
}

fn rubrics() -> Vec<(&'static str, Rubric)> {
    let mut sl = Rubric::default_rubric();
    sl.method = Method::SubjectiveLogic;
    let mut speaker = Rubric::default_rubric();
    speaker.supersession = Supersession::Speaker;
    let mut government = Rubric::default_rubric();
    government.supersession = Supersession::Government;
    let mut learned = Rubric::default_rubric();
    let mut params = learned.reliability.unwrap_or_default();
    params.method = LearnMethod::Em;
    learned.reliability = Some(params);
    vec![
        ("default", Rubric::default_rubric()),
        ("subjective logic", sl),
        ("per speaker", speaker),
        ("per government", government),
        ("learned", learned),
    ]
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_seeds_agree_under_every_rubric_and_date() {
    let ledger = load_ledgers(&[root().join("seeds/kursk.toml")]).unwrap();
    for (name, rubric) in rubrics() {
        for as_of in [None, Moment::ymd(2024, 11, 5), Moment::ymd(2024, 12, 5)] {
            agree(
                &format!("seeds, {name}, {as_of:?}"),
                &ledger,
                &rubric,
                as_of,
            );
        }
    }
}

/// Every TOML ledger among the tests' files that loads (the hostile corpus holds many that do not,
/// on purpose).
fn test_ledgers() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root().join("tests"), root().join("seeds")];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_test_ledger_agrees() {
    let mut checked = 0;
    for path in test_ledgers() {
        let Ok(ledger) = load_ledgers(std::slice::from_ref(&path)) else {
            continue;
        };
        for (name, rubric) in rubrics() {
            agree(
                &format!("{}, {name}", path.display()),
                &ledger,
                &rubric,
                None,
            );
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} test ledgers loaded");
}

fn bulk(files: &[(&str, &str)]) -> Ledger {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(name, text)| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    match corroborate::bulk::load(&paths, None, &corroborate::bulk::NoProgress).unwrap() {
        corroborate::bulk::Bulk::Ledger(l) => l,
        corroborate::bulk::Bulk::Triples(_) => panic!("a ledger was expected"),
    }
}

#[test]
fn bulk_ledgers_agree() {
    let ledger = bulk(&[(
        "r.csv",
        "claim,source,stated,stance,via,question,cites,id\n\
         c1,a,2024-01-02,supports,b,q,,x1\n\
         c2,b,2024-01-03,refutes,,q,,x2\n\
         c1,b,2024-01-04,supports,,q,x1,x3\n\
         c1,c,2024-01-04T10:00:00Z,doubts,a;b,q,,x4\n\
         c3,a,2024-02-01,repeats,,,,x5\n\
         c3,c,2024-02-03,no-comment,,,,x6\n",
    )]);
    for (name, rubric) in rubrics() {
        agree(&format!("bulk, {name}"), &ledger, &rubric, None);
        agree(
            &format!("bulk, {name}, as of"),
            &ledger,
            &rubric,
            Moment::ymd(2024, 1, 3),
        );
    }
}

/// `explain`'s ledger of one claim (only the reports it needs, `bulk::load_keeping`) scores that
/// claim as the whole ledger does, with and without a claims file, with questions and default ids.
#[test]
fn a_bulk_ledger_kept_for_one_claim_scores_it_as_the_whole() {
    let feeds: [&[(&str, &str)]; 2] = [
        &[(
            "r.csv",
            "claim,source,stated,stance,via,question,cites,published\n\
             c1,a,2024-01-02,supports,b,q,,\n\
             c2,b,2024-01-03,refutes,,q,,\n\
             c1,b,2024-01-04,supports,,q,r1,\n\
             c1,c,2024-01-04T10:00:00Z,doubts,a;b,q,,\n\
             c3,a,2024-02-01,repeats,,,,\n\
             c3,c,2024-02-03,no-comment,,,,2024-03-09\n\
             c4,b,2024-01-01,supports,,,,\n",
        )],
        &[
            (
                "c.csv",
                "id,statement,question,exhaustive\nc1,One,q,true\nc2,Two,q,\nc3,Three,,\nc5,Five,,\n",
            ),
            (
                "r.jsonl",
                "{\"claim\":\"c1\",\"source\":\"a\",\"stated\":\"2024-01-02\"}\n\
                 {\"claim\":\"c2\",\"source\":\"b\",\"stated\":\"2024-01-05\",\"stance\":\"refutes\"}\n\
                 {\"claim\":\"c3\",\"source\":\"c\",\"stated\":\"2024-01-01\",\"published\":\"2024-04-01\"}\n",
            ),
        ],
    ];
    for files in feeds {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = files
            .iter()
            .map(|(name, text)| {
                let p = dir.path().join(name);
                std::fs::write(&p, text).unwrap();
                p
            })
            .collect();
        let load = |keep: Option<&str>| match corroborate::bulk::load_keeping(
            &paths,
            None,
            &corroborate::bulk::NoProgress,
            keep,
        )
        .unwrap()
        {
            corroborate::bulk::Bulk::Ledger(l) => l,
            corroborate::bulk::Bulk::Triples(_) => panic!("a ledger was expected"),
        };
        let whole = load(None);
        for (name, rubric) in rubrics() {
            if rubric
                .reliability
                .is_some_and(|p| p.method != LearnMethod::None)
            {
                continue; // `explain` reads the whole ledger when reliability is learned
            }
            for c in &whole.claims {
                let kept = load(Some(&c.id));
                assert!(kept.reports.len() <= whole.reports.len());
                let ci = whole.claim_index(&c.id).unwrap();
                let ki = kept.claim_index(&c.id).unwrap();
                for as_of in [None, Moment::ymd(2024, 1, 3)] {
                    let want = claim_alone(&whole, &rubric, as_of, ci);
                    let got = claim_alone(&kept, &rubric, as_of, ki);
                    assert!(want == got, "{name}: claim `{}` kept alone differs", c.id);
                }
            }
        }
    }
}

#[test]
fn an_empty_case_agrees() {
    let ledger = parse_ledgers(&[SourceText::new(
        "e.toml",
        "[[sources]]\nid = \"s\"\nname = \"S\"\nkind = \"other\"\n[[claims]]\nid = \"c\"\nstatement = \"C\"\n",
    )])
    .unwrap();
    agree("no reports", &ledger, &Rubric::default_rubric(), None);
}

// ---- random ledgers ----------------------------------------------------------------------------

const KINDS: [&str; 5] = [
    "spokesperson",
    "newspaper",
    "wire-agency",
    "anonymous",
    "government",
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
const VERIF: [&str; 5] = [
    "independently-verified",
    "imagery",
    "documents",
    "unverified",
    "not-independently-verified",
];
const HEDGE: [&str; 4] = ["none", "assess", "reportedly", "estimate"];

#[derive(Debug, Clone)]
struct Rep {
    claim: usize,
    source: usize,
    stance: usize,
    hour: Option<u8>,
    stated: u32,
    delay: u32,
    via: Vec<usize>,
    cites: Option<usize>,
    verification: usize,
    hedging: usize,
}

type Src = (usize, Option<u8>, Option<u8>, bool, Option<u8>);
type Cl = (usize, bool, Option<u8>, Option<u8>);

fn date(r: &Rep, day: u32) -> String {
    let d = Moment::ymd(2024, 10, 1).unwrap().secs() + i64::from(day) * 86_400;
    let m = Moment::from_timestamp(d).unwrap().to_string();
    match r.hour {
        Some(h) => format!("\"{}T{h:02}:00:00Z\"", &m[..10]),
        None => m[..10].to_string(),
    }
}

fn ledger_text(sources: &[Src], claims: &[Cl], exhaustive: bool, reports: &[Rep]) -> String {
    // An exhaustive question needs two answers or more (one would be certain: a check refuses it).
    let exhaustive = exhaustive && claims.iter().filter(|c| c.1).count() >= 2;
    let mut t =
        format!("[[questions]]\nid = \"q\"\ntext = \"Which?\"\nexhaustive = {exhaustive}\n");
    for (i, (kind, org, gov, interested, side)) in sources.iter().enumerate() {
        t += &format!(
            "[[sources]]\nid = \"s{i}\"\nname = \"Source {i}\"\nkind = \"{}\"\ninterested = {interested}\n",
            KINDS[*kind]
        );
        if let Some(o) = org {
            t += &format!("organisation = \"org{o}\"\n");
        }
        if let Some(g) = gov {
            t += &format!("government = \"gov{g}\"\n");
        }
        if let Some(s) = side {
            t += &format!("side = \"side{s}\"\n");
        }
    }
    for (i, (kind, q, favours, disfavours)) in claims.iter().enumerate() {
        t += &format!(
            "[[claims]]\nid = \"c{i}\"\nstatement = \"Claim {i}\"\nkind = \"{}\"\n",
            CLAIM_KINDS[*kind]
        );
        if *q {
            t += "question = \"q\"\n";
        }
        if let Some(f) = favours {
            t += &format!("favours = [\"side{f}\"]\n");
        }
        if let Some(d) = disfavours.filter(|d| Some(*d) != *favours) {
            t += &format!("disfavours = [\"side{d}\"]\n");
        }
    }
    for (i, r) in reports.iter().enumerate() {
        let via: Vec<String> = r.via.iter().map(|v| format!("\"s{v}\"")).collect();
        t += &format!(
            "[[reports]]\nid = \"r{i:02}\"\nclaim = \"c{}\"\nsource = \"s{}\"\nstance = \"{}\"\nstated = {}\npublished = {}\nvia = [{}]\nverification = \"{}\"\nhedging = \"{}\"\n",
            r.claim,
            r.source,
            STANCES[r.stance],
            date(r, r.stated),
            date(r, r.stated + r.delay),
            via.join(", "),
            VERIF[r.verification],
            HEDGE[r.hedging],
        );
        // `cites`: an earlier report about the same claim, stated no later.
        if let Some(c) = r.cites
            && c < i
            && reports[c].claim == r.claim
            && (reports[c].stated, reports[c].hour) <= (r.stated, r.hour)
            && reports[c].hour.is_some() == r.hour.is_some()
        {
            t += &format!("cites = \"r{c:02}\"\n");
        }
    }
    t
}

fn case() -> impl Strategy<Value = (String, u8, Option<u32>)> {
    let src = (
        0..KINDS.len(),
        proptest::option::of(0u8..2),
        proptest::option::of(0u8..2),
        any::<bool>(),
        proptest::option::of(0u8..2),
    );
    let cl = (
        0..CLAIM_KINDS.len(),
        any::<bool>(),
        proptest::option::of(0u8..2),
        proptest::option::of(0u8..2),
    );
    (
        prop::collection::vec(src, 1..7),
        prop::collection::vec(cl, 1..6),
        any::<bool>(),
    )
        .prop_flat_map(|(sources, claims, exhaustive)| {
            let (ns, nc) = (sources.len(), claims.len());
            let rep = (
                (
                    0..nc,
                    0..ns,
                    0..STANCES.len(),
                    proptest::option::of(0u8..24),
                ),
                (0u32..40, 0u32..4),
                prop::collection::vec(0..ns, 0..3),
                proptest::option::of(0usize..20),
                (0..VERIF.len(), 0..HEDGE.len()),
            )
                .prop_map(
                    move |((claim, source, stance, hour), (stated, delay), via, cites, (v, h))| {
                        let mut chain = Vec::new();
                        for x in via {
                            if x != source && !chain.contains(&x) {
                                chain.push(x);
                            }
                        }
                        Rep {
                            claim,
                            source,
                            stance,
                            hour,
                            stated,
                            delay,
                            via: chain,
                            cites,
                            verification: v,
                            hedging: h,
                        }
                    },
                );
            (
                Just(sources),
                Just(claims),
                Just(exhaustive),
                prop::collection::vec(rep, 0..24),
                0u8..5,
                proptest::option::of(0u32..44),
            )
        })
        .prop_map(|(sources, claims, exhaustive, reports, rubric, as_of)| {
            (
                ledger_text(&sources, &claims, exhaustive, &reports),
                rubric,
                as_of,
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_ledgers_agree((text, rubric, as_of) in case()) {
        let parsed = parse_ledgers(&[SourceText::new("p.toml", text.clone())]);
        // A cites chain may name one source twice (a speaker relaying itself): the meaning checks
        // refuse it, as they should, and there is nothing to score.
        prop_assume!(!matches!(&parsed, Err(e) if format!("{e:?}").contains("appears twice in the chain")));
        let ledger = parsed.unwrap_or_else(|e| panic!("a generated ledger is valid: {e:?}\n{text}"));
        let (name, rubric) = rubrics().swap_remove(usize::from(rubric));
        let as_of = as_of.map(|d| {
            Moment::from_timestamp(Moment::ymd(2024, 10, 1).unwrap().secs() + i64::from(d) * 86_400)
                .unwrap()
        });
        agree(&format!("{name}:\n{text}"), &ledger, &rubric, as_of);
    }
}

#[test]
fn the_test_ledgers_are_found() {
    assert!(
        test_ledgers()
            .iter()
            .any(|p| p.ends_with(Path::new("seeds/kursk.toml")))
    );
}
