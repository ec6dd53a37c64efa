//! Hostile sizes run in bounded stack and memory: iterative algorithms, nothing quadratic.
//! (Speed is measured by benchmarks, never here; these only have to finish.)

use corroborate::ledger::{
    Claim, DateBasis, Hedging, Ix, Ledger, Question, Report, Source, SourceKind, Stance,
    Verification,
};
use corroborate::rubric::{Method, Rubric};
use corroborate::{NaiveDate, score};

fn source(id: String, organisation: Option<String>) -> Source {
    Source {
        id,
        name: "S".into(),
        kind: SourceKind::Newspaper,
        official: false,
        organisation,
        government: None,
        interested: false,
        side: None,
        grade: None,
        note: None,
    }
}

fn report(i: usize, claim: usize, source: usize, day: u32) -> Report {
    let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
    Report {
        id: format!("r{i:07}").into(),
        claim: Ix::new(claim),
        source: Ix::new(source),
        stance: if i.is_multiple_of(5) {
            Stance::Refutes
        } else {
            Stance::Supports
        },
        stated: d.into(),
        published: d.into(),
        dates: DateBasis::Printed,
        cites: None,
        verification: Verification::Unverified,
        hedging: Hedging::None,
        text: None,
        origin: Ix::new(source),
        hops: 0,
    }
}

#[test]
fn a_million_claims_in_one_question() {
    let n = 1_000_000;
    let ledger = Ledger {
        sources: vec![source("s".into(), None)],
        questions: vec![Question {
            id: "q".into(),
            text: "Which?".into(),
            exhaustive: false,
        }],
        claims: (0..n)
            .map(|i| Claim {
                id: format!("c{i:07}"),
                statement: "An answer".into(),
                tags: vec![],
                question: Some(0),
                resolution: None,
                kind: Default::default(),
                favours: vec![],
                disfavours: vec![],
                url: None,
            })
            .collect(),
        reports: vec![report(1, 7, 0, 3)],
        ..Ledger::default()
    };
    for (method, claims) in [(Method::LogOdds, n), (Method::SubjectiveLogic, n / 10)] {
        let mut ledger = ledger.clone();
        ledger.claims.truncate(claims);
        let mut rubric = Rubric::default_rubric();
        rubric.method = method;
        let case = score(&ledger, &rubric, None);
        assert_eq!(case.claims.len(), claims);
        assert!(case.questions[0].total <= 1.0 + 1e-9);
        let best = case
            .claims
            .iter()
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
            .unwrap();
        assert_eq!(best.id, "c0000007");
    }
}

#[test]
fn a_hundred_thousand_origins_on_one_claim() {
    let n = 100_000;
    let ledger = Ledger {
        sources: (0..n)
            .map(|i| source(format!("s{i:06}"), Some(format!("org{}", i % 1000))))
            .collect(),
        claims: vec![Claim {
            id: "c".into(),
            statement: "S".into(),
            tags: vec![],
            question: None,
            resolution: None,
            kind: Default::default(),
            favours: vec![],
            disfavours: vec![],
            url: None,
        }],
        reports: (0..n).map(|i| report(i, 0, i, (i % 300) as u32)).collect(),
        ..Ledger::default()
    };
    let case = score(&ledger, &Rubric::default_rubric(), None);
    let c = &case.claims[0];
    assert_eq!(c.origins, n);
    assert!((0.0..=1.0).contains(&c.confidence));
}

fn one_claim() -> Claim {
    Claim {
        id: "c".into(),
        statement: "S".into(),
        tags: vec![],
        question: None,
        resolution: None,
        kind: Default::default(),
        url: None,
        favours: vec![],
        disfavours: vec![],
    }
}

/// The timeline table and the HTML report of one claim, each listing every report once.
fn timeline_and_html(ledger: &Ledger) {
    use corroborate::render::Renderer;
    let rubric = Rubric::default_rubric();
    let case = score(ledger, &rubric, None);
    let timelines = corroborate::score::timeline::timelines(ledger, &rubric, None);
    let t = &timelines[0];
    let listed: usize = t.steps.iter().map(|s| s.reports.len()).sum();
    assert_eq!(listed, ledger.reports.len());
    let table = corroborate::render::timeline::render(t, Some(120));
    // The last report is listed in the table (the lookup of each listed report by id).
    let last = &ledger.reports.iter().max_by_key(|r| &r.id).unwrap().id;
    assert!(table.contains(&**last), "{last} not in the table");
    let html = corroborate::render::html::HtmlRenderer {
        sources: corroborate::score::track_record::source_records(&case, rubric.interval),
        timelines,
        likelihood_bounds: rubric.likelihood_bounds,
        version: "test".into(),
    }
    .render(&case);
    assert!(html.contains(&**last));
}

/// 30,000 dated reports on one claim (the case: quadratic, it aborted), from 300 sources
/// over 1,500 days, and a `cites` chain 100,000 reports long (past 60 s in timeline and HTML: a
/// lookup of each listed report by a scan of all of them). `benches/timeline_scale.sh` times them.
#[test]
fn timelines_of_thirty_thousand_reports_and_of_a_long_cites_chain() {
    let n = 30_000;
    let ledger = Ledger {
        sources: (0..300).map(|i| source(format!("s{i:03}"), None)).collect(),
        claims: vec![one_claim()],
        reports: (0..n)
            .map(|i| report(i, 0, i % 300, (i % 1500) as u32))
            .collect(),
        ..Ledger::default()
    };
    timeline_and_html(&ledger);

    let n = 100_000;
    let mut reports: Vec<Report> = (0..n)
        .map(|i| report(i, 0, i % 200, (i / 100) as u32))
        .collect();
    for (i, r) in reports.iter_mut().enumerate() {
        r.stance = Stance::Supports;
        r.cites = i.checked_sub(1).map(Ix::new);
        r.origin = Ix::new(0);
        r.hops = u32::try_from(i).unwrap();
    }
    let ledger = Ledger {
        sources: (0..200).map(|i| source(format!("s{i:03}"), None)).collect(),
        claims: vec![one_claim()],
        reports,
        ..Ledger::default()
    };
    timeline_and_html(&ledger);
}
