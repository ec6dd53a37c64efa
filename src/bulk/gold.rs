//! Gold answers: a CSV, TSV or JSON Lines file with columns `question,value`, one row per question.

use std::path::Path;

use rayon::prelude::*;

use super::csvin::CsvIn;
use super::jsonl::{JsonlIn, Text};
use super::{InputFormat, Triples, at_line, format_of, open, sort_head};
use crate::error::{Diagnostic, Error, Result};
use crate::learn::GoldAnswer;
use crate::read::MAX_LEDGER_DATA_BYTES;

/// The gold answers, in file order, and their order by question.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Gold {
    pub name: String,
    pub answers: Vec<(String, String)>,
    /// Rows of `answers` by question (as `str` orders them).
    by_question: Vec<u32>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    #[serde(borrow)]
    question: Text<'a>,
    #[serde(borrow)]
    value: Text<'a>,
}

fn wrong_columns(name: &str, cols: &[String], sep: &str) -> Diagnostic {
    at_line(
        name,
        1,
        format!(
            "unrecognised gold columns `{}`: expected `question{sep}value`",
            cols.join(sep)
        ),
    )
}

/// Reads a gold file (standard input for `-`, whose syntax is then `forced`). A question given
/// twice is an error.
pub fn load_gold(path: &Path, forced: Option<InputFormat>) -> Result<Gold> {
    let format = format_of(path, forced.filter(|_| super::is_stdin(path)))?;
    let opened = open(path).map_err(Error::input)?;
    let name = opened.name.clone();
    let mut rows: Vec<(String, String, u64)> = Vec::new();
    match format {
        InputFormat::Csv | InputFormat::Tsv => {
            let delim = if format == InputFormat::Tsv {
                b'\t'
            } else {
                b','
            };
            let mut t = CsvIn::new(opened, delim).map_err(Error::input)?;
            t.limit(MAX_LEDGER_DATA_BYTES, "a gold file");
            let sep = if delim == b',' { "," } else { "\\t" };
            let (Some(qi), Some(vi), 2) =
                (t.column("question"), t.column("value"), t.columns.len())
            else {
                return Err(Error::input(wrong_columns(&name, &t.columns, sep)));
            };
            // About one row per 8 bytes: growing by doubling would copy the rows and touch
            // twice the memory (room never written costs nothing).
            if let Some(size) = t.spec().and_then(|s| s.size) {
                rows.reserve((size / 8).min(1 << 24) as usize);
            }
            while t.advance().map_err(Error::input)? {
                let q = t.nonempty(qi).map_err(Error::input)?.to_string();
                let v = t.nonempty(vi).map_err(Error::input)?.to_string();
                rows.push((q, v, t.line()));
            }
        }
        InputFormat::Jsonl => {
            let mut t = JsonlIn::new(opened).map_err(Error::input)?;
            t.limit(MAX_LEDGER_DATA_BYTES, "a gold file");
            while t.advance().map_err(Error::input)? {
                let l: Line = t.parse().map_err(Error::input)?;
                rows.push((
                    l.question.0.trim().to_string(),
                    l.value.0.trim().to_string(),
                    t.line,
                ));
            }
        }
        InputFormat::Toml => {
            return Err(Error::Usage(format!(
                "gold file `{name}` is TOML: expected a CSV, TSV or JSON Lines file with columns `question,value`"
            )));
        }
    }
    // Rows by question, then line: a question given twice is found next to itself. The sort
    // compares whole questions only where their first 16 bytes are equal (see [`sort_head`]).
    let mut order: Vec<(u128, u32)> = rows
        .par_iter()
        .enumerate()
        .map(|(i, (q, _, _))| (sort_head(q.as_bytes()), i as u32))
        .collect();
    order.par_sort_unstable_by(|a, b| {
        let (ra, rb) = (&rows[a.1 as usize], &rows[b.1 as usize]);
        a.0.cmp(&b.0)
            .then_with(|| ra.0.cmp(&rb.0))
            .then(ra.2.cmp(&rb.2))
    });
    // A question met again names the line it was last given on.
    let mut diags: Vec<(u64, Diagnostic)> = order
        .windows(2)
        .filter_map(|w| {
            let (first, again) = (&rows[w[0].1 as usize], &rows[w[1].1 as usize]);
            (first.0 == again.0).then(|| {
                (again.2, at_line(
                    &name,
                    again.2,
                    format!("duplicate gold question `{}`: already given on line {}; expected one gold answer per question", again.0, first.2),
                ))
            })
        })
        .collect();
    if !diags.is_empty() {
        diags.sort_by_key(|d| d.0);
        return Err(Error::Input(diags.into_iter().map(|d| d.1).collect()));
    }
    Ok(Gold {
        name,
        answers: rows.into_iter().map(|(q, v, _)| (q, v)).collect(),
        by_question: order.into_iter().map(|(_, i)| i).collect(),
    })
}

/// Gold questions per block of [`resolve`].
const RESOLVE_BLOCK: usize = 1 << 13;

/// Resolves gold answers against the data's questions and claims, in the gold file's order. Both
/// lists are sorted by question, so each block of gold questions is matched by walking the data's
/// questions from where the block's first would be.
pub fn resolve(gold: &Gold, data: &Triples) -> Vec<GoldAnswer> {
    let qs = &data.questions;
    let found: Vec<Vec<(u32, GoldAnswer)>> = gold
        .by_question
        .par_chunks(RESOLVE_BLOCK)
        .map(|rows| {
            let first = gold.answers[rows[0] as usize].0.as_str();
            let mut i = qs.partition_point(|q| q < first);
            let mut out = Vec::with_capacity(rows.len());
            for &row in rows {
                let (q, v) = &gold.answers[row as usize];
                while i < qs.len() && &qs[i] < q.as_str() {
                    i += 1;
                }
                if i < qs.len() && &qs[i] == q.as_str() {
                    let question = i as u32;
                    let claim = data.find_claim(question, v);
                    out.push((
                        row,
                        GoldAnswer {
                            question: Some(question),
                            claim,
                        },
                    ));
                }
            }
            out
        })
        .collect();
    let mut out = vec![
        GoldAnswer {
            question: None,
            claim: None,
        };
        gold.answers.len()
    ];
    for (row, a) in found.into_iter().flatten() {
        out[row as usize] = a;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::triples::TriplesReader;

    #[test]
    fn resolves_in_file_order_whatever_the_questions_share() {
        let long = "https://example.org/a/long/path";
        let mut r = TriplesReader::new();
        for (q, v) in [
            (format!("{long}/2"), "x"),
            (format!("{long}/10"), "y"),
            (long.to_string(), "z"),
            ("b".to_string(), "w"),
        ] {
            r.push("s", &q, v);
        }
        let data = r.finish();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.csv");
        let body =
            format!("question,value\nb,w\n{long}/10,x\nmissing,x\n{long},z\n{long}/2,x\na,v\n");
        std::fs::write(&path, body).unwrap();
        let gold = load_gold(&path, None).unwrap();
        let got = resolve(&gold, &data);
        let q = |s: &str| data.find_question(s);
        let c = |s: &str, v: &str| q(s).and_then(|i| data.find_claim(i, v));
        let want = [
            (q("b"), c("b", "w")),
            (q(&format!("{long}/10")), None),
            (None, None),
            (q(long), c(long, "z")),
            (q(&format!("{long}/2")), c(&format!("{long}/2"), "x")),
            (None, None),
        ];
        let got: Vec<_> = got.iter().map(|a| (a.question, a.claim)).collect();
        assert_eq!(got, want);
        assert!(want[0].1.is_some() && want[3].1.is_some() && want[4].1.is_some());
    }
}
