//! Renderers for scored triples. JSON is streamed to the writer (one claim per line) so that a
//! million claims never sit in memory as text; the table shows the summary, the most and least
//! reliable sources and the first questions.
//!
//! JSON, the same contract as the ledger report (`format`, `version`, `title`, `claims` with `id` and
//! `confidence`, `sources`), plus: `reliability` (how it was learned), `counts`, and with a gold file
//! `accuracy` (a number) and `gold` (its counts). Each claim: `id` (`c1`, `c2`, … in claim order:
//! by question, then value), `question`, `value`, `confidence`, `sources` (how many assert it) and
//! `top` (true for the top answer of its question; among tied answers, the first). Each source: `id`,
//! `claims`, `correct`, `reliability`, `interval` {`low`, `high`, `level`} and `trust`.

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
    if let Some(a) = &s.accuracy {
        let x = &a.accuracy;
        let _ = writeln!(
            out,
            "accuracy against `{}`: {:.4} ({} of {} gold questions; {} in the data, {} with the gold answer among their answers; ties earn 1/k)",
            a.file,
            x.accuracy,
            fmt_credit(x.correct),
            x.questions,
            x.found,
            x.answerable
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
    let mut t = table();
    t.set_header(vec![
        "Source".to_string(),
        "Claims".to_string(),
        "Expected correct".to_string(),
        "Reliability".to_string(),
        format!("{:.0}% interval", level * 100.0),
        "Trust".to_string(),
    ]);
    let shown = pick(&order, limit);
    for &i in &shown {
        match i {
            Some(i) => {
                let r = &s.sources[i];
                t.add_row(vec![
                    shorten(&s.data.sources[i], 40),
                    r.claims.to_string(),
                    format!("{:.1}", r.correct),
                    format!("{:.3}", r.reliability),
                    format!("{:.3}–{:.3}", r.low, r.high),
                    format!("{:.3}", r.trust),
                ]);
            }
            None => {
                t.add_row(vec![
                    format!("… {} more", order.len() - shown.len() + 1),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
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
    t.set_header(vec![
        "Question",
        "Top answer",
        "P",
        "Answers",
        "Sources for it",
        "Tie",
    ]);
    let nq = g.n_questions();
    let n = if limit == 0 { nq } else { nq.min(limit) };
    for q in 0..n {
        let Some((c, ties)) = top_answer(g, &s.learned.confidence, q) else {
            continue;
        };
        t.add_row(vec![
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
        ]);
    }
    if n < nq {
        t.add_row(vec![
            format!("… {} more", nq - n),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for i in [2, 3, 4] {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let _ = writeln!(out, "\nQuestions (top answer of each)\n{t}");
    let _ = writeln!(
        out,
        "Reliability: estimated probability that a claim of the source is true, with the central interval of\nBeta(prior_a + expected correct, prior_b + claims − expected correct). P: the top answer's confidence.\n`--format json` lists every claim and source; `--limit 0` shows every row here."
    );
    super::terminal_safe(&out)
}

fn fmt_credit(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The rows to show: all if they fit in `limit` (0: no limit), else the first and last halves with a
/// `None` marking the gap.
fn pick(order: &[usize], limit: usize) -> Vec<Option<usize>> {
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
