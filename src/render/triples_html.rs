//! `--format html` for triples: one self-contained page (inline CSS and SVG, no script, a
//! Content-Security-Policy that forbids the rest) with the summary, the model, the accuracy and the
//! reliability diagram when a gold file is given, the sources, the copying pairs and the questions.
//!
//! Source, question and value names are untrusted text: they reach the page only through the
//! minijinja template `triples.html`, whose name makes every value HTML-escaped, and only in element
//! text and double-quoted attributes. Every figure comes from the score.

use minijinja::value::Serde;
use minijinja::{Environment, context};
use serde::Serialize;

use super::shorten;
use super::table::prob;
use super::triples::{REPORTED_DEPENDENCE, fmt_conc, fmt_credit, partner, pick, unclaimed};
use crate::learn::top_answer;
use crate::score::triples::TriplesScore;

const TEMPLATE: &str = include_str!("triples.html");

/// Most copying pairs listed on the page.
const PAIRS_SHOWN: usize = 50;

#[derive(Serialize)]
struct Bar {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    cx: f64,
    cy: f64,
    label: String,
}

#[derive(Serialize)]
struct Tick {
    x: f64,
    y: f64,
    label: &'static str,
}

#[derive(Serialize)]
struct Diagram {
    size: f64,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    w: f64,
    mid: f64,
    bars: Vec<Bar>,
    ticks: Vec<Tick>,
}

#[derive(Serialize)]
struct BinRow {
    range: String,
    count: usize,
    confidence: String,
    accuracy: String,
    gap: String,
}

#[derive(Serialize)]
struct Gold {
    file: String,
    facts: Vec<(String, String)>,
    svg: Diagram,
    bins: Vec<BinRow>,
}

#[derive(Serialize)]
struct SourceRow {
    name: String,
    claims: usize,
    correct: String,
    reliability: String,
    interval: String,
    copies: String,
}

#[derive(Serialize)]
struct PairRow {
    a: String,
    b: String,
    probability: String,
    shared: u32,
    same: u32,
    same_false: String,
}

#[derive(Serialize)]
struct QuestionRow {
    question: String,
    answer: String,
    p: String,
    answers: usize,
    sources: usize,
    tie: String,
    unclaimed: String,
}

#[derive(Serialize)]
struct Page {
    title: String,
    version: String,
    rubric: String,
    method: &'static str,
    iterations: u32,
    convergence: String,
    reports: u64,
    n_sources: usize,
    n_questions: usize,
    n_claims: usize,
    model: Option<Vec<(String, String)>>,
    gold: Option<Gold>,
    level: String,
    copying: bool,
    sources: Vec<SourceRow>,
    sources_more: Option<String>,
    pairs: Vec<PairRow>,
    pairs_more: Option<String>,
    unclaimed: bool,
    questions: Vec<QuestionRow>,
    questions_more: Option<String>,
}

/// Rounds a pixel coordinate to 0.1.
fn px(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

/// The reliability diagram of the gold questions: a square plot, confidence across, share right up.
fn diagram(bins: &[crate::learn::CalibrationBin]) -> Diagram {
    let (size, x0, top) = (300.0, 44.0, 10.0);
    let w = size - x0 - top;
    let y1 = top + w;
    let at_x = |p: f64| px(x0 + p * w);
    let at_y = |p: f64| px(y1 - p * w);
    let bars = bins
        .iter()
        .filter(|b| b.count > 0)
        .map(|b| Bar {
            x: at_x(b.low) + 1.0,
            y: at_y(b.accuracy),
            w: px((b.high - b.low) * w - 2.0),
            h: px(b.accuracy * w),
            cx: at_x(b.confidence),
            cy: at_y(b.accuracy),
            label: format!(
                "{:.1}–{:.1}: {} question{}, mean confidence {:.3}, share right {:.3}",
                b.low,
                b.high,
                b.count,
                if b.count == 1 { "" } else { "s" },
                b.confidence,
                b.accuracy
            ),
        })
        .collect();
    let ticks = [(0.0, "0"), (0.5, "0.5"), (1.0, "1")]
        .into_iter()
        .map(|(p, label)| Tick {
            x: at_x(p),
            y: at_y(p),
            label,
        })
        .collect();
    Diagram {
        size,
        x0,
        x1: px(x0 + w),
        y0: top,
        y1,
        w,
        mid: px(x0 + w / 2.0),
        bars,
        ticks,
    }
}

fn model_facts(s: &TriplesScore) -> Option<Vec<(String, String)>> {
    let b = s.learned.bayes.as_ref()?;
    let mut f = vec![(
        "Prior on accuracy".to_string(),
        format!(
            "Beta({:.2}, {:.2}), mean {:.3}, {}",
            b.prior.0,
            b.prior.1,
            b.prior.0 / (b.prior.0 + b.prior.1),
            if b.prior_learned {
                "learned from the sources"
            } else {
                "set by the rubric"
            }
        ),
    )];
    f.push((
        "Wrong values".to_string(),
        match b.labels {
            Some(k) => format!(
                "a label set of {k} values; errors Dirichlet with β = {}",
                fmt_conc(b.concentration)
            ),
            None => format!(
                "unbounded; errors a restaurant process with α = {}",
                fmt_conc(b.concentration)
            ),
        },
    ));
    let k = b.kinds;
    f.push((
        "Questions".to_string(),
        format!(
            "{} categorical, {} times, {} dates, {} numbers, {} lists",
            k.categorical, k.time, k.date, k.number, k.list
        ),
    ));
    if let Some((file, n)) = &s.seeds {
        f.push((
            "Seeds".to_string(),
            format!("{n} known answers from {file}"),
        ));
    }
    if let Some(d) = &b.dependence {
        let n = d
            .pairs
            .iter()
            .filter(|p| p.probability() >= REPORTED_DEPENDENCE)
            .count();
        f.push((
            "Copying".to_string(),
            format!(
                "{n} of {} pairs answering a question in common at least even odds to be dependent; prior {:.3} per direction; {} round{}{}",
                d.examined,
                d.prior,
                b.copy_rounds,
                if b.copy_rounds == 1 { "" } else { "s" },
                if b.copy_settled { "" } else { ", not settled" }
            ),
        ));
    }
    Some(f)
}

/// Renders the page; `limit` rows per table (0: all).
pub fn render(s: &TriplesScore, limit: usize, version: &str) -> String {
    let g = &s.data.graph;
    let sum = s.summary();
    let gold = s.accuracy.as_ref().map(|a| {
        let x = &a.accuracy;
        let facts = vec![
            (
                "Accuracy, every gold line".to_string(),
                format!(
                    "{:.4} ({} of {} gold questions{}; ties earn 1/k)",
                    x.accuracy,
                    fmt_credit(x.correct),
                    x.questions - x.seeded,
                    if x.seeded > 0 {
                        format!(", {} seeded left out", x.seeded)
                    } else {
                        String::new()
                    }
                ),
            ),
            (
                "Accuracy, questions in the data".to_string(),
                format!(
                    "{:.4} of {} (ties earn 1/k); {:.4} with ties to the smallest value",
                    x.accuracy_found, x.found, x.accuracy_smallest
                ),
            ),
            (
                "Gold answer among the answers".to_string(),
                format!("{} of {}", x.answerable, x.found),
            ),
            (
                "Calibration of the top answer".to_string(),
                format!("ECE {:.4} (10 bins), Brier {:.4}", x.ece, x.brier),
            ),
        ];
        Gold {
            file: a.file.clone(),
            facts,
            svg: diagram(&x.bins),
            bins: x
                .bins
                .iter()
                .map(|b| BinRow {
                    range: format!("{:.1}–{:.1}", b.low, b.high),
                    count: b.count,
                    confidence: if b.count > 0 {
                        format!("{:.3}", b.confidence)
                    } else {
                        "–".into()
                    },
                    accuracy: if b.count > 0 {
                        format!("{:.3}", b.accuracy)
                    } else {
                        "–".into()
                    },
                    gap: if b.count > 0 {
                        format!("{:+.3}", b.accuracy - b.confidence)
                    } else {
                        "–".into()
                    },
                })
                .collect(),
        }
    });
    let mut order: Vec<usize> = (0..s.sources.len()).collect();
    order.sort_by(|&a, &b| {
        s.sources[b]
            .reliability
            .total_cmp(&s.sources[a].reliability)
            .then_with(|| s.data.sources[a].cmp(&s.data.sources[b]))
    });
    let copying = (0..s.sources.len()).any(|i| partner(s, i).is_some_and(|p| p.1 > 0));
    let shown = pick(&order, limit);
    let sources: Vec<SourceRow> = shown
        .iter()
        .flatten()
        .map(|&i| {
            let r = &s.sources[i];
            SourceRow {
                name: shorten(&s.data.sources[i], 80),
                claims: r.claims,
                correct: format!("{:.1}", r.correct),
                reliability: format!("{:.3}", r.reliability),
                interval: format!("{:.3}–{:.3}", r.low, r.high),
                copies: match partner(s, i) {
                    Some((Some(p), n)) => format!(
                        "{} ({:.2}){}",
                        shorten(p.source, 60),
                        p.probability,
                        if n > 1 {
                            format!(" and {} more", n - 1)
                        } else {
                            String::new()
                        }
                    ),
                    _ => String::new(),
                },
            }
        })
        .collect();
    let sources_more = (shown.len() < order.len() || shown.contains(&None)).then(|| {
        format!(
            "The {} most and least reliable of {} sources are shown.",
            sources.len(),
            order.len()
        )
    });
    let all_pairs: Vec<_> = s
        .learned
        .bayes
        .as_ref()
        .and_then(|b| b.dependence.as_ref())
        .map(|d| {
            d.pairs
                .iter()
                .filter(|p| p.probability() >= REPORTED_DEPENDENCE)
                .collect()
        })
        .unwrap_or_default();
    let pairs = all_pairs
        .iter()
        .take(PAIRS_SHOWN)
        .map(|p| PairRow {
            a: shorten(&s.data.sources[p.a as usize], 60),
            b: shorten(&s.data.sources[p.b as usize], 60),
            probability: prob(p.probability()),
            shared: p.shared,
            same: p.same,
            same_false: format!("{:.1}", p.same_false),
        })
        .collect();
    let pairs_more = (all_pairs.len() > PAIRS_SHOWN).then(|| {
        format!(
            "The {PAIRS_SHOWN} likeliest of {} pairs are shown; `--format json` lists them all.",
            all_pairs.len()
        )
    });
    let nq = g.n_questions();
    let n = if limit == 0 { nq } else { nq.min(limit) };
    let questions = (0..n)
        .filter_map(|q| {
            let (c, ties) = top_answer(g, &s.learned.confidence, q)?;
            Some(QuestionRow {
                question: shorten(&s.data.questions[q], 80),
                answer: shorten(s.data.value_of(c), 120),
                p: prob(s.learned.confidence[c]),
                answers: g.question_claims(q).len(),
                sources: g.claim_degree(c),
                tie: if ties > 1 {
                    format!("{ties}-way")
                } else {
                    String::new()
                },
                unclaimed: prob(unclaimed(s, q)),
            })
        })
        .collect();
    let page = Page {
        title: s.data.inputs.join(", "),
        version: version.to_string(),
        rubric: s.rubric.clone(),
        method: sum.method.as_str(),
        iterations: sum.iterations,
        convergence: if sum.converged {
            format!("converged to {:e}", sum.tolerance)
        } else {
            "stopped at the iteration cap, not converged".to_string()
        },
        reports: s.data.rows,
        n_sources: g.n_sources,
        n_questions: nq,
        n_claims: g.n_claims(),
        model: model_facts(s),
        gold,
        level: format!("{:.0}%", s.sources.first().map_or(0.9, |r| r.level) * 100.0),
        copying,
        sources,
        sources_more,
        pairs,
        pairs_more,
        unclaimed: s.learned.bayes.is_some(),
        questions,
        questions_more: (n < nq).then(|| format!("The first {n} of {nq} questions are shown.")),
    };
    let mut env = Environment::new();
    // The template is part of the binary; a failure here is a bug, shown in the page.
    if let Err(e) = env.add_template("triples.html", TEMPLATE) {
        return format!("template error: {e}");
    }
    // Control characters of the data's names as character references, as in the ledger's page.
    env.get_template("triples.html")
        .and_then(|t| t.render(context! { page => Serde(&page) }))
        .map_or_else(
            |e| format!("template error: {e}"),
            crate::text::html_controls,
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diagram_puts_a_calibrated_bin_on_the_diagonal() {
        let bins = [crate::learn::CalibrationBin {
            low: 0.7,
            high: 0.8,
            count: 4,
            confidence: 0.75,
            accuracy: 0.75,
        }];
        let d = diagram(&bins);
        let b = &d.bars[0];
        // On the diagonal: as far from the left edge as from the bottom.
        assert!(
            ((b.cx - d.x0) - (d.y1 - b.cy)).abs() < 0.2,
            "{} {}",
            b.cx,
            b.cy
        );
        assert_eq!(d.bars.len(), 1);
    }
}
