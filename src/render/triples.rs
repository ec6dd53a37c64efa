//! Renderers for scored triples. JSON is streamed to the writer (one claim per line) so that a
//! million claims never sit in memory as text; the table shows the summary, the most and least
//! reliable sources and the first questions.
//!
//! JSON, the same contract as the ledger report (`format`, `version`, `title`, `claims` with `id` and
//! `confidence`, `sources`), plus: `reliability` (how it was learned), `counts`, with the Bayesian
//! model `model` (its learned prior, wrong-value model, kinds of values, seeds and copying), and
//! with a gold file `accuracy` (a number) and `gold` (counts, both accuracies, both tie rules, ECE,
//! Brier, the reliability diagram). Each claim: `id` (`c1`, `c2`, … in claim order: by question,
//! then value), `question`, `value`, `confidence`, `sources` (how many assert it) and `top` (true
//! for the top answer of its question; among tied answers, the first). Each source: `id`, `claims`,
//! `correct`, `reliability`, `interval` {`low`, `high`, `level`}, `trust`, and with copying found
//! `copies` {`source`, `probability`} (its likeliest partner) and `dependent` (partners at least
//! even odds).

use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use rayon::prelude::*;
use serde::Serialize;

use super::json::{FORMAT_NAME, FORMAT_VERSION};
use super::shorten;
use super::table::prob;
use crate::learn::top_answer;
use crate::score::Interval;
use crate::score::triples::TriplesScore;

#[derive(Serialize)]
struct Counts {
    reports: u64,
    pairs: usize,
    questions: usize,
    claims: usize,
    sources: usize,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    id: &'a str,
    claims: usize,
    correct: f64,
    reliability: f64,
    interval: Interval,
    trust: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    copies: Option<Partner<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dependent: Option<usize>,
}

/// A source's likeliest copying partner.
#[derive(Serialize, Clone, Copy)]
pub struct Partner<'a> {
    pub source: &'a str,
    pub probability: f64,
}

/// Pairs at least this likely to be dependent are reported as copying.
pub const REPORTED_DEPENDENCE: f64 = 0.5;

#[derive(Serialize)]
struct PriorOut {
    a: f64,
    b: f64,
    mean: f64,
    learned: bool,
}

#[derive(Serialize)]
struct WrongOut {
    /// `label-set` (a Dirichlet over the other labels) or `restaurant` (unbounded values).
    model: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<u32>,
    concentration: f64,
    /// Probability that two independent wrong answers coincide.
    coincidence: f64,
}

#[derive(Serialize)]
struct PairOut<'a> {
    a: &'a str,
    b: &'a str,
    probability: f64,
    a_copies_b: f64,
    b_copies_a: f64,
    shared: u32,
    same: u32,
    same_false: f64,
}

#[derive(Serialize)]
struct CopyOut<'a> {
    rounds: u32,
    settled: bool,
    /// Pairs answering a question in common, and the learned prior of copying per direction.
    examined: usize,
    prior: f64,
    /// Pairs at least even odds to be dependent, likeliest first.
    pairs: Vec<PairOut<'a>>,
}

#[derive(Serialize)]
struct ModelOut<'a> {
    prior: PriorOut,
    wrong_values: WrongOut,
    kinds: crate::learn::values::KindCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    seeds: Option<SeedsOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copying: Option<CopyOut<'a>>,
}

#[derive(Serialize)]
struct SeedsOut<'a> {
    file: &'a str,
    questions: usize,
}

fn model_out<'a>(s: &'a TriplesScore) -> Option<ModelOut<'a>> {
    let b = s.learned.bayes.as_ref()?;
    let name = |i: u32| &s.data.sources[i as usize];
    let (wrong, labels) = match b.labels {
        Some(k) => ("label-set", Some(k)),
        None => ("restaurant", None),
    };
    let coincidence = match b.labels {
        Some(k) => (b.concentration + 1.0) / (f64::from(k.max(2) - 1) * b.concentration + 1.0),
        None => 1.0 / (1.0 + b.concentration),
    };
    Some(ModelOut {
        prior: PriorOut {
            a: b.prior.0,
            b: b.prior.1,
            mean: b.prior.0 / (b.prior.0 + b.prior.1),
            learned: b.prior_learned,
        },
        wrong_values: WrongOut {
            model: wrong,
            labels,
            concentration: b.concentration,
            coincidence,
        },
        kinds: b.kinds,
        seeds: s.seeds.as_ref().map(|(f, n)| SeedsOut {
            file: f,
            questions: *n,
        }),
        copying: b.dependence.as_ref().map(|d| CopyOut {
            rounds: b.copy_rounds,
            settled: b.copy_settled,
            examined: d.examined,
            prior: d.prior,
            pairs: d
                .pairs
                .iter()
                .filter(|p| p.probability() >= REPORTED_DEPENDENCE)
                .map(|p| PairOut {
                    a: name(p.a),
                    b: name(p.b),
                    probability: p.probability(),
                    a_copies_b: p.a_copies_b,
                    b_copies_a: p.b_copies_a,
                    shared: p.shared,
                    same: p.same,
                    same_false: p.same_false,
                })
                .collect(),
        }),
    })
}

/// Source `i`'s likeliest copying partner (at least [`REPORTED_DEPENDENCE`]) and how many partners
/// are; `None` without copying.
pub fn partner<'a>(s: &'a TriplesScore, i: usize) -> Option<(Option<Partner<'a>>, usize)> {
    let d = s.learned.bayes.as_ref()?.dependence.as_ref()?;
    let ps: Vec<&(u32, f64)> = d
        .partners(i)
        .iter()
        .filter(|p| p.1 >= REPORTED_DEPENDENCE)
        .collect();
    let best = ps
        .iter()
        .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
        .map(|p| Partner {
            source: &s.data.sources[p.0 as usize],
            probability: p.1,
        });
    Some((best, ps.len()))
}

/// The probability of "a value nobody claimed" in question `q`.
pub fn unclaimed(s: &TriplesScore, q: usize) -> f64 {
    let total: f64 = s
        .data
        .graph
        .question_claims(q)
        .map(|c| s.learned.confidence[c])
        .sum();
    (1.0 - total).max(0.0)
}

fn title(s: &TriplesScore) -> String {
    s.data.inputs.join(", ")
}

/// Keeps the kind of an I/O error (a closed pipe must stay a closed pipe).
fn json_err(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

/// Questions per block of claims rendered at once.
const JSON_BLOCK_QUESTIONS: usize = 4096;
/// Blocks rendered before they are written (bounds the memory held).
const JSON_WINDOW_BLOCKS: usize = 4;

/// Appends `n` in decimal.
fn push_int(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// A string as a JSON string literal.
fn json_string(x: &str) -> io::Result<Vec<u8>> {
    crate::text::json::to_vec(x).map_err(json_err)
}

/// The claims of `questions` as JSON lines, each preceded by its separator:
/// `{"id", "question", "value", "confidence", "sources", "top"}`, written directly (`values` holds
/// every value already as JSON).
fn claims_json(
    s: &TriplesScore,
    questions: Range<usize>,
    values: &[Vec<u8>],
) -> io::Result<Vec<u8>> {
    let g = &s.data.graph;
    let mut out =
        Vec::with_capacity(128 * (g.q_ptr[questions.end] - g.q_ptr[questions.start]) as usize);
    for q in questions {
        let top = top_answer(g, &s.learned.confidence, q).map(|t| t.0);
        let question = json_string(&s.data.questions[q])?;
        for c in g.question_claims(q) {
            out.extend_from_slice(if c == 0 { b"\n    " } else { b",\n    " });
            out.extend_from_slice(b"{\"id\":\"c");
            push_int(&mut out, c as u64 + 1);
            out.extend_from_slice(b"\",\"question\":");
            out.extend_from_slice(&question);
            out.extend_from_slice(b",\"value\":");
            out.extend_from_slice(&values[s.data.claim_value[c] as usize]);
            out.extend_from_slice(b",\"confidence\":");
            crate::text::json::to_writer(&mut out, &s.learned.confidence[c]).map_err(json_err)?;
            out.extend_from_slice(b",\"sources\":");
            push_int(&mut out, g.claim_degree(c) as u64);
            out.extend_from_slice(if top == Some(c) {
                b",\"top\":true}"
            } else {
                b",\"top\":false}"
            });
        }
    }
    Ok(out)
}

/// Writes the scored triples as one JSON document.
pub fn write_json(s: &TriplesScore, out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    let g = &s.data.graph;
    w.write_all(b"{\n")?;
    let text = |w: &mut io::BufWriter<_>, k: &str, x: &str| -> io::Result<()> {
        write!(w, "  \"{k}\": ")?;
        w.write_all(&json_string(x)?)?;
        w.write_all(b",\n")
    };
    text(&mut w, "format", FORMAT_NAME)?;
    writeln!(w, "  \"version\": {FORMAT_VERSION},")?;
    text(&mut w, "title", &title(s))?;
    // An object, as in the ledger report (whose `method` is the aggregation, which triples do
    // not use: their method is `reliability.method`).
    write!(w, "  \"rubric\": {{\"name\": ")?;
    w.write_all(&json_string(&s.rubric)?)?;
    w.write_all(b"},\n")?;
    let field = |w: &mut io::BufWriter<_>, k: &str, v: &dyn erased::Ser| -> io::Result<()> {
        write!(w, "  \"{k}\": ")?;
        v.write(w)?;
        w.write_all(b",\n")
    };
    field(&mut w, "reliability", &s.summary())?;
    field(
        &mut w,
        "counts",
        &Counts {
            reports: s.data.rows,
            pairs: g.n_edges(),
            questions: g.n_questions(),
            claims: g.n_claims(),
            sources: g.n_sources,
        },
    )?;
    if let Some(m) = model_out(s) {
        field(&mut w, "model", &m)?;
    }
    if let Some(a) = &s.accuracy {
        field(&mut w, "accuracy", &a.accuracy.accuracy)?;
        field(&mut w, "gold", a)?;
    }
    // Claims, one per line, rendered by blocks of questions in parallel and written in order.
    w.write_all(b"  \"claims\": [")?;
    let blocks: Vec<Range<usize>> = (0..g.n_questions())
        .step_by(JSON_BLOCK_QUESTIONS)
        .map(|a| a..(a + JSON_BLOCK_QUESTIONS).min(g.n_questions()))
        .collect();
    let values = s
        .data
        .values
        .iter()
        .map(json_string)
        .collect::<io::Result<Vec<_>>>()?;
    // Each window is written while the next is rendered.
    let render = |window: &[Range<usize>]| -> Vec<io::Result<Vec<u8>>> {
        window
            .par_iter()
            .map(|r| claims_json(s, r.clone(), &values))
            .collect()
    };
    let write = |w: &mut io::BufWriter<_>, texts: Vec<io::Result<Vec<u8>>>| -> io::Result<()> {
        for t in texts {
            w.write_all(&t?)?;
        }
        Ok(())
    };
    let mut done = Vec::new();
    for window in blocks.chunks(JSON_WINDOW_BLOCKS) {
        let mut next = Vec::new();
        let written = rayon::in_place_scope(|scope| {
            scope.spawn(|_| next = render(window));
            write(&mut w, std::mem::take(&mut done))
        });
        written?;
        done = next;
    }
    write(&mut w, done)?;
    w.write_all(if g.n_claims() == 0 {
        b"],\n"
    } else {
        b"\n  ],\n"
    })?;
    w.write_all(b"  \"sources\": [")?;
    for (i, r) in s.sources.iter().enumerate() {
        w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        let copying = partner(s, i);
        crate::text::json::to_writer(
            &mut w,
            &SourceOut {
                id: &s.data.sources[i],
                claims: r.claims,
                correct: r.correct,
                reliability: r.reliability,
                interval: Interval {
                    low: r.low,
                    high: r.high,
                    level: r.level,
                },
                trust: r.trust,
                copies: copying.and_then(|c| c.0),
                dependent: copying.map(|c| c.1),
            },
        )
        .map_err(json_err)?;
    }
    w.write_all(if s.sources.is_empty() {
        b"]\n}\n"
    } else {
        b"\n  ]\n}\n"
    })?;
    w.flush()
}

/// Serialising through a trait object, for the helper above.
mod erased {
    use std::io::{self, Write};

    pub trait Ser {
        fn write(&self, w: &mut dyn Write) -> io::Result<()>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn write(&self, w: &mut dyn Write) -> io::Result<()> {
            crate::text::json::to_writer(w, self).map_err(super::json_err)
        }
    }
}

/// Renders the table for people: the summary, sources by reliability and the first `limit`
/// questions (0: all).
pub fn render_table(s: &TriplesScore, width: Option<u16>, limit: usize) -> String {
    let g = &s.data.graph;
    let mut out = String::new();
    let sum = s.summary();
    let _ = writeln!(
        out,
        "{}\nrubric `{}` · learned reliability: {} ({} iteration{}, {}) · {} reports · {} sources · {} questions · {} claims",
        title(s),
        s.rubric,
        sum.method.as_str(),
        sum.iterations,
        if sum.iterations == 1 { "" } else { "s" },
        if sum.converged {
            format!("converged to {:e}", sum.tolerance)
        } else {
            "stopped at the iteration cap, not converged".to_string()
        },
        s.data.rows,
        g.n_sources,
        g.n_questions(),
        g.n_claims(),
    );
    if let Some(b) = &s.learned.bayes {
        let wrong = match b.labels {
            Some(k) => format!(
                "a label set of {k} values, errors Dirichlet with β = {}",
                fmt_conc(b.concentration)
            ),
            None => format!(
                "unbounded values, errors a restaurant process with α = {}",
                fmt_conc(b.concentration)
            ),
        };
        let k = b.kinds;
        let mut kinds = vec![format!("{} categorical", k.categorical)];
        for (n, name) in [
            (k.time, "time"),
            (k.date, "date"),
            (k.number, "number"),
            (k.list, "list"),
        ] {
            if n > 0 {
                kinds.push(format!("{n} {name}"));
            }
        }
        let _ = writeln!(
            out,
            "model: accuracy prior Beta({:.2}, {:.2}) (mean {:.3}, {}) · {} · questions: {}",
            b.prior.0,
            b.prior.1,
            b.prior.0 / (b.prior.0 + b.prior.1),
            if b.prior_learned {
                "learned from the sources"
            } else {
                "set by the rubric"
            },
            wrong,
            kinds.join(", ")
        );
        match &b.dependence {
            Some(d) => {
                let n = d
                    .pairs
                    .iter()
                    .filter(|p| p.probability() >= REPORTED_DEPENDENCE)
                    .count();
                let _ = writeln!(
                    out,
                    "copying: {n} of {} pairs of sources answering a question in common at least even odds to be dependent (prior {:.3} per direction; {} round{}{})",
                    d.examined,
                    d.prior,
                    b.copy_rounds,
                    if b.copy_rounds == 1 { "" } else { "s" },
                    if b.copy_settled { "" } else { ", not settled" }
                );
            }
            None if s.params.copying => {
                let _ = writeln!(
                    out,
                    "copying: not examined (the estimates did not converge)"
                );
            }
            None => {}
        }
    }
    if let Some((file, n)) = &s.seeds {
        let _ = writeln!(
            out,
            "seeds: {n} known answer{} from `{file}` taken into learning",
            if *n == 1 { "" } else { "s" }
        );
    }
    if let Some(a) = &s.accuracy {
        let x = &a.accuracy;
        let seeded = if x.seeded > 0 {
            let plural = if x.seeded == 1 { "" } else { "s" };
            format!(" ({} seeded question{plural} left out)", x.seeded)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "accuracy against `{}`: {:.4} ({} of {} gold questions{seeded}; {} in the data, {} with the gold answer among their answers; ties earn 1/k)",
            a.file,
            x.accuracy,
            fmt_credit(x.correct),
            x.questions - x.seeded,
            x.found,
            x.answerable
        );
        let _ = writeln!(
            out,
            "over the gold questions in the data: {:.4} (ties earn 1/k), {:.4} (ties go to the smallest value); top answer's confidence: ECE {:.4}, Brier {:.4}",
            x.accuracy_found, x.accuracy_smallest, x.ece, x.brier
        );
    }
    let table = || {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = width {
            t.force_no_tty().set_width(w);
        }
        t
    };

    // Sources, most reliable first (then by id).
    let mut order: Vec<usize> = (0..s.sources.len()).collect();
    order.sort_by(|&a, &b| {
        s.sources[b]
            .reliability
            .total_cmp(&s.sources[a].reliability)
            .then_with(|| s.data.sources[a].cmp(&s.data.sources[b]))
    });
    let level = s.sources.first().map_or(0.9, |r| r.level);
    let copying = (0..s.sources.len()).any(|i| partner(s, i).is_some_and(|p| p.1 > 0));
    let mut t = table();
    let mut header = vec![
        "Source".to_string(),
        "Claims".to_string(),
        "Expected correct".to_string(),
        "Reliability".to_string(),
        format!("{:.0}% interval", level * 100.0),
        "Trust".to_string(),
    ];
    if copying {
        header.push("Copies (P)".to_string());
    }
    let columns = header.len();
    t.set_header(header);
    let shown = pick(&order, limit);
    for &i in &shown {
        match i {
            Some(i) => {
                let r = &s.sources[i];
                let mut row = vec![
                    shorten(&s.data.sources[i], 40),
                    r.claims.to_string(),
                    format!("{:.1}", r.correct),
                    format!("{:.3}", r.reliability),
                    format!("{:.3}–{:.3}", r.low, r.high),
                    format!("{:.3}", r.trust),
                ];
                if copying {
                    row.push(match partner(s, i) {
                        Some((Some(p), n)) => format!(
                            "{} ({:.2}){}",
                            shorten(p.source, 30),
                            p.probability,
                            if n > 1 {
                                format!(" +{}", n - 1)
                            } else {
                                String::new()
                            }
                        ),
                        _ => String::new(),
                    });
                }
                t.add_row(row);
            }
            None => {
                let mut row = vec![format!("… {} more", order.len() - shown.len() + 1)];
                row.resize(columns, String::new());
                t.add_row(row);
            }
        }
    }
    for i in [1, 2, 3, 4, 5] {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let _ = writeln!(out, "\nSources (most reliable first)\n{t}");

    // Questions with their top answers.
    let mut t = table();
    let bayes = s.learned.bayes.is_some();
    let mut header = vec![
        "Question",
        "Top answer",
        "P",
        "Answers",
        "Sources for it",
        "Tie",
    ];
    if bayes {
        header.push("Unclaimed");
    }
    t.set_header(header);
    let nq = g.n_questions();
    let n = if limit == 0 { nq } else { nq.min(limit) };
    for q in 0..n {
        let Some((c, ties)) = top_answer(g, &s.learned.confidence, q) else {
            continue;
        };
        let mut row = vec![
            shorten(&s.data.questions[q], 40),
            shorten(s.data.value_of(c), 60),
            prob(s.learned.confidence[c]),
            g.question_claims(q).len().to_string(),
            g.claim_degree(c).to_string(),
            if ties > 1 {
                format!("{ties}-way")
            } else {
                String::new()
            },
        ];
        if bayes {
            row.push(prob(unclaimed(s, q)));
        }
        t.add_row(row);
    }
    if n < nq {
        let mut row = vec![format!("… {} more", nq - n)];
        row.resize(if bayes { 7 } else { 6 }, String::new());
        t.add_row(row);
    }
    for i in [2, 3, 4, 6] {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let _ = writeln!(out, "\nQuestions (top answer of each)\n{t}");
    let _ = writeln!(
        out,
        "Reliability: estimated probability that a claim of the source is true, with the central interval of\nBeta(prior_a + expected correct, prior_b + claims − expected correct). P: the top answer's confidence.{}\n`--format json` lists every claim and source; `--limit 0` shows every row here.",
        if bayes {
            "\nUnclaimed: the probability that the truth is a value no source gave."
        } else {
            ""
        }
    );
    super::terminal_safe(&out)
}

/// A concentration: its limit shown as such.
pub(crate) fn fmt_conc(x: f64) -> String {
    if x >= crate::learn::bayes::CONCENTRATION_MAX {
        "∞ (uniform)".to_string()
    } else if x <= crate::learn::bayes::CONCENTRATION_MIN {
        "0".to_string()
    } else {
        format!("{x:.3}")
    }
}

pub(crate) fn fmt_credit(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The rows to show: all if they fit in `limit` (0: no limit), else the first and last halves with a
/// `None` marking the gap.
pub(crate) fn pick(order: &[usize], limit: usize) -> Vec<Option<usize>> {
    if limit == 0 || order.len() <= limit {
        return order.iter().copied().map(Some).collect();
    }
    let head = limit.div_ceil(2);
    let tail = limit - head;
    let mut v: Vec<Option<usize>> = order[..head].iter().copied().map(Some).collect();
    v.push(None);
    v.extend(order[order.len() - tail..].iter().copied().map(Some));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_keeps_both_ends() {
        assert_eq!(pick(&[1, 2, 3], 0), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            pick(&[1, 2, 3, 4, 5], 3),
            vec![Some(1), Some(2), None, Some(5)]
        );
    }
}
