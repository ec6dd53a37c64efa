//! Numbers that cannot run away, and mistakes that are not silent: the probability of a claim is
//! never above 1 nor the answers of a question above 1 in sum, whatever the rubric; no output of
//! any format holds NaN or an infinity at the ends of the rubric's ranges with hundreds of
//! origins; and the ledger mistakes that used to score quietly are errors in the bulk reader as in
//! TOML (tests/hostile/ holds the TOML cases).

mod common;

use corroborate::error::SourceText;
use corroborate::ledger::parse_ledgers;
use corroborate::rubric::{DEFAULT_RUBRIC, Rubric, parse_rubric};
use proptest::prelude::*;
use toml_edit::{DocumentMut, Item, value};

fn ledger(text: &str) -> corroborate::Ledger {
    parse_ledgers(&[SourceText::new("l.toml", text)]).unwrap()
}

/// Every number's dotted key in a rubric document.
fn keys(item: &Item, path: &str, out: &mut Vec<String>) {
    if let Some(t) = item.as_table_like() {
        for (k, v) in t.iter() {
            let here = if path.is_empty() {
                k.to_string()
            } else {
                format!("{path}.{k}")
            };
            keys(v, &here, out);
        }
    } else if item
        .as_value()
        .is_some_and(|v| v.is_float() || v.is_integer())
    {
        out.push(path.to_string());
    }
}

/// The default rubric with every number whose dotted key `select` picks set to the value it
/// returns.
fn edited(edits: &[(&str, f64)], method: &str) -> String {
    let mut doc: DocumentMut = DEFAULT_RUBRIC.parse().unwrap();
    let mut all = Vec::new();
    keys(doc.as_item(), "", &mut all);
    for key in all {
        let Some(&(_, x)) = edits.iter().find(|(p, _)| matches(p, &key)) else {
            continue;
        };
        let parts: Vec<&str> = key.split('.').collect();
        let mut item = doc.as_item_mut();
        for p in &parts[..parts.len() - 1] {
            item = &mut item[*p];
        }
        let last = parts[parts.len() - 1];
        let integer = item[last].as_integer().is_some();
        item[last] = if integer { value(x as i64) } else { value(x) };
    }
    doc["aggregation"]["method"] = value(method);
    doc.to_string()
}

fn matches(pattern: &str, key: &str) -> bool {
    let (p, k): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), key.split('.').collect());
    p.len() == k.len() && p.iter().zip(&k).all(|(p, k)| *p == "*" || p == k)
}

fn rubric(text: &str) -> Rubric {
    parse_rubric(&SourceText::new("r.toml", text)).unwrap()
}

const SOURCES: &str = r#"
[[sources]]
id = "a"
name = "A"
kind = "newspaper"

[[sources]]
id = "b"
name = "B"
kind = "wire-agency"
"#;

/// A question of `k` answers, each refuted by both sources (and one supported by `a`, if `support`).
fn question(k: usize, exhaustive: bool, support: bool) -> String {
    let mut t = format!(
        "{SOURCES}\n[[questions]]\nid = \"q\"\ntext = \"Which?\"\nexhaustive = {exhaustive}\n"
    );
    for i in 0..k {
        t +=
            &format!("\n[[claims]]\nid = \"c{i}\"\nstatement = \"Answer {i}\"\nquestion = \"q\"\n");
        for (j, s) in ["a", "b"].iter().enumerate() {
            let stance = if support && i == 0 && j == 0 {
                "supports"
            } else {
                "refutes"
            };
            t += &format!(
                "\n[[reports]]\nid = \"r{i}-{s}\"\nclaim = \"c{i}\"\nsource = \"{s}\"\nstance = \"{stance}\"\nstated = 2024-01-0{}\n",
                1 + j
            );
        }
    }
    t
}

#[test]
fn a_subjective_logic_prior_next_to_one_gives_at_most_one() {
    for prior in [1.0 - 1e-6, 1e-6] {
        let r = rubric(&edited(&[("aggregation.prior", prior)], "subjective-logic"));
        let text = format!(
            "{SOURCES}\n[[claims]]\nid = \"c\"\nstatement = \"S\"\n\n[[reports]]\nid = \"r\"\nclaim = \"c\"\nsource = \"a\"\nstance = \"supports\"\nstated = 2024-01-01\n"
        );
        let case = corroborate::score(&ledger(&text), &r, None);
        let p = case.claims[0].confidence;
        assert!((0.0..=1.0).contains(&p), "{p:?}");
        let i = case.claims[0].interval;
        assert!(
            0.0 <= i.low && i.low <= p && p <= i.high && i.high <= 1.0,
            "{i:?}"
        );
    }
}

#[test]
fn answers_all_refuted_sum_to_at_most_one() {
    for method in ["log-odds", "subjective-logic"] {
        for weight in [1.0, 10.0] {
            let r = rubric(&edited(
                &[
                    ("criteria.verification.weight", weight),
                    ("criteria.official.weight", weight),
                ],
                method,
            ));
            for k in [2, 3, 7, 13, 50] {
                for exhaustive in [true, false] {
                    for support in [true, false] {
                        let case = corroborate::score(
                            &ledger(&question(k, exhaustive, support)),
                            &r,
                            None,
                        );
                        let q = &case.questions[0];
                        let sum: f64 = case.claims.iter().map(|c| c.confidence).sum();
                        assert!(
                            q.total <= 1.0 && sum <= 1.0,
                            "{method} w {weight} k {k} exhaustive {exhaustive}: total {:?}, sum {sum:?}",
                            q.total
                        );
                        assert!(
                            case.claims
                                .iter()
                                .all(|c| (0.0..=1.0).contains(&c.confidence))
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_bulk_chain_that_names_one_source_twice_is_an_error() {
    // r2 repeats r1 (whose speaker is `a`) and reached us through `a` again.
    let (code, _, err) = common::run(
        &[(
            "r.csv",
            b"id,claim,source,stated,cites,via\nr1,c,a,2024-01-01,,\nr2,c,b,2024-01-02,r1,a\n",
        )],
        &["check", "r.csv"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: relay cycle in report `r2`: `a` appears twice in the chain from the speaker to the outlet (as the origin of the report it cites, and as a relay); expected each source at most once\n  --> r.csv:3:19\n  |\n3 | r2,c,b,2024-01-02,r1,a\n  |                   ^^\n"
    );
}

#[test]
fn a_bulk_exhaustive_question_of_one_answer_is_an_error() {
    let (code, _, err) = common::run(
        &[
            (
                "c.csv",
                b"id,statement,question,exhaustive\nc1,One,q,true\n",
            ),
            (
                "r.csv",
                b"claim,source,stance,stated\nc1,a,refutes,2024-01-01\n",
            ),
        ],
        &["check", "c.csv", "r.csv"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: question `q` is exhaustive with one answer, `c1`: that answer is certain whatever the reports say; expected at least two answers, or `exhaustive = false`\n  --> c.csv:2\n"
    );
}

/// Whether a printed number is not finite: `NaN`, `inf`, `-inf` as words.
fn has_non_finite(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-')
        .any(|w| {
            matches!(
                w.trim_start_matches('-'),
                "NaN" | "nan" | "inf" | "infinity" | "Infinity"
            )
        })
}

/// A case of `origins` independent sources supporting one claim and refuting another, and split on
/// a third that is an answer of an exhaustive question, every report showing its own check.
fn huge(origins: usize) -> String {
    let mut t = String::from(
        "[[questions]]\nid = \"q\"\ntext = \"Which?\"\nexhaustive = true\n\n[[claims]]\nid = \"x\"\nstatement = \"X\"\nquestion = \"q\"\n\n[[claims]]\nid = \"y\"\nstatement = \"Y\"\nquestion = \"q\"\n\n[[claims]]\nid = \"z\"\nstatement = \"Z\"\n",
    );
    for i in 0..origins {
        t += &format!(
            "\n[[sources]]\nid = \"s{i}\"\nname = \"S{i}\"\nkind = \"government\"\norganisation = \"o{i}\"\ngovernment = \"g{i}\"\n"
        );
        for (c, stance) in [
            ("x", "supports"),
            ("z", "refutes"),
            ("y", if i % 2 == 0 { "refutes" } else { "supports" }),
        ] {
            t += &format!(
                "\n[[reports]]\nid = \"r{i}{c}\"\nclaim = \"{c}\"\nsource = \"s{i}\"\nstance = \"{stance}\"\nstated = 2024-01-{:02}\nverification = \"independently-verified\"\n",
                1 + i % 28
            );
        }
    }
    t
}

/// A rubric at the ends of its ranges: every weight, bonus and reliability at the value given,
/// the prior and its weight at theirs, no correlation between unlinked origins (all count).
fn extreme_rubric(
    weight: f64,
    reliability: f64,
    prior: f64,
    prior_weight: f64,
    method: &str,
) -> String {
    edited(
        &[
            ("criteria.verification.weight", weight),
            ("criteria.official.weight", weight),
            (
                "criteria.verification.independently-verified",
                20.0 * weight / 10.0,
            ),
            ("criteria.later.weight", 20.0 * weight / 10.0),
            ("criteria.later.cap", 100.0),
            ("criteria.later.min_gap_days", 0.0),
            ("criteria.official.official.*", reliability),
            ("criteria.official.unofficial.*.*", reliability),
            ("criteria.official.grades.*", reliability),
            ("interest.admission", reliability),
            ("correlation.*", 0.0),
            ("aggregation.prior", prior),
            ("aggregation.prior_weight", prior_weight),
        ],
        method,
    )
}

/// Every output of the binary for one ledger and rubric, by its arguments.
fn outputs(dir: &std::path::Path) -> Vec<(String, String)> {
    let runs: Vec<Vec<&str>> = vec![
        vec!["report"],
        vec!["report", "--format", "markdown"],
        vec!["report", "--format", "csv"],
        vec!["report", "--format", "json"],
        vec!["report", "--format", "html"],
        vec!["explain", "x"],
        vec!["explain", "y", "--format", "json"],
        vec!["timeline", "y"],
        vec!["timeline", "x", "--format", "json"],
        vec!["sources", "--format", "csv"],
        vec!["sources", "--format", "json"],
        vec!["export", "--to", "misp"],
        vec!["export", "--to", "stix"],
        vec!["export", "--to", "claimreview"],
    ];
    runs.into_iter()
        .map(|mut a| {
            a.extend(["l.toml", "--rubric", "r.toml"]);
            let out = common::cmd(dir).args(&a).output().unwrap();
            assert!(
                out.status.success(),
                "{a:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            (a.join(" "), String::from_utf8(out.stdout).unwrap())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// No output holds NaN or an infinity, at the ends of every range the rubric accepts and with
    /// evidence far past any real case.
    #[test]
    fn no_output_holds_a_non_finite_number(
        weight in prop::sample::select(vec![0.0, 1e-9, 1.0, 10.0]),
        reliability in prop::sample::select(vec![0.5, 0.8, 0.999]),
        prior in prop::sample::select(vec![1e-6, 0.5, 1.0 - 1e-6]),
        prior_weight in prop::sample::select(vec![1e-3, 2.0, 1e6]),
        method in prop::sample::select(vec!["log-odds", "subjective-logic"]),
        origins in prop::sample::select(vec![1usize, 40, 400]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let text = extreme_rubric(weight, reliability, prior, prior_weight, method);
        common::write(dir.path(), "l.toml", huge(origins));
        common::write(dir.path(), "r.toml", &text);
        for (args, out) in outputs(dir.path()) {
            prop_assert!(!has_non_finite(&out), "{} printed a non-finite number", args);
        }
        // JSON writes a NaN as null: the scores themselves are checked, whose Debug form shows
        // every number as it is (every JSON output serialises these).
        let l = ledger(&huge(origins));
        let r = rubric(&text);
        let case = corroborate::score(&l, &r, None);
        prop_assert!(!has_non_finite(&format!("{case:?}")), "the scores hold a non-finite number");
        let records = corroborate::score::track_record::source_records(&case, r.interval);
        prop_assert!(!has_non_finite(&format!("{records:?}")), "the track records hold a non-finite number");
        let t = corroborate::score::timeline::timelines(&l, &r, None);
        prop_assert!(!has_non_finite(&format!("{t:?}")), "the timelines hold a non-finite number");
    }
}

#[test]
fn the_extreme_rubrics_are_valid_and_extreme() {
    let text = extreme_rubric(10.0, 0.999, 1.0 - 1e-6, 1e6, "log-odds");
    let r = rubric(&text);
    assert_eq!(
        (r.official_weight, r.verification_bonus[0], r.later_cap),
        (10.0, 20.0, 100)
    );
    assert_eq!(r.unofficial[3].refutes, 0.999);
    assert_eq!(r.correlation[10], 0.0);
}

#[test]
fn the_detector_sees_non_finite_numbers() {
    assert!(has_non_finite("p NaN here"));
    assert!(has_non_finite("0.5,inf,2"));
    assert!(has_non_finite("-inf"));
    assert!(!has_non_finite("information infinite 0.25"));
}
