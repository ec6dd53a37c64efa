//! Gold answers: a CSV, TSV or JSON Lines file with columns `question,value`, one row per question.

use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::csvin::CsvIn;
use super::jsonl::{JsonlIn, Text};
use super::{InputFormat, Triples, at_line, format_of, open};
use crate::error::{Diagnostic, Error, Result};
use crate::learn::GoldAnswer;

/// The gold answers, in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Gold {
    pub name: String,
    pub answers: Vec<(String, String)>,
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

/// Reads a gold file. A question given twice is an error.
pub fn load_gold(path: &Path) -> Result<Gold> {
    let format = format_of(path, None)?;
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
            let sep = if delim == b',' { "," } else { "\\t" };
            let (Some(qi), Some(vi), 2) =
                (t.column("question"), t.column("value"), t.columns.len())
            else {
                return Err(Error::input(wrong_columns(&name, &t.columns, sep)));
            };
            while t.advance().map_err(Error::input)? {
                let q = t.nonempty(qi).map_err(Error::input)?.to_string();
                let v = t.nonempty(vi).map_err(Error::input)?.to_string();
                rows.push((q, v, t.line()));
            }
        }
        InputFormat::Jsonl => {
            let mut t = JsonlIn::new(opened).map_err(Error::input)?;
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
    let mut seen: FxHashMap<&str, u64> = FxHashMap::default();
    seen.reserve(rows.len());
    let mut diags = Vec::new();
    for (q, _, line) in &rows {
        if let Some(first) = seen.insert(q.as_str(), *line) {
            diags.push(at_line(
                &name,
                *line,
                format!("duplicate gold question `{q}`: already given on line {first}; expected one gold answer per question"),
            ));
        }
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    Ok(Gold {
        name,
        answers: rows.into_iter().map(|(q, v, _)| (q, v)).collect(),
    })
}

/// Resolves gold answers against the data's questions and claims.
pub fn resolve(gold: &Gold, data: &Triples) -> Vec<GoldAnswer> {
    let mut index: FxHashMap<&str, u32> = FxHashMap::default();
    index.reserve(data.questions.len());
    for (i, q) in data.questions.iter().enumerate() {
        index.insert(q, i as u32);
    }
    gold.answers
        .par_iter()
        .map(|(q, v)| {
            let question = index.get(q.as_str()).copied();
            GoldAnswer {
                question,
                claim: question.and_then(|qi| data.find_claim(qi, v)),
            }
        })
        .collect()
}
