//! `check`: validates ledgers (in any form) and a rubric, listing every problem found.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::args::{InputArgs, Inputs, inputs};
use super::emit::write_out;
use super::input::{self, Data};
use crate::error::{Error, Result};
use crate::ledger::Ledger;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// `text` (default), or `json` for CI pipelines: one document with `ok` and either the counts
    /// or every problem with its file, line and column (the exit code is the same: 0 or 2).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckPlan {
    pub inputs: Inputs,
    pub format: CheckFormat,
}

pub fn plan(a: CheckArgs) -> Result<CheckPlan> {
    Ok(CheckPlan {
        inputs: inputs(a.input, &[])?,
        format: a.format,
    })
}

/// The JSON document of `check --format json`: format `corroborate-check`, version 1.
fn json_doc(result: &std::result::Result<serde_json::Value, &Error>) -> serde_json::Value {
    match result {
        Ok(counts) => {
            json!({ "format": "corroborate-check", "version": 1, "ok": true, "input": counts })
        }
        Err(Error::Input(diags)) => json!({
            "format": "corroborate-check",
            "version": 1,
            "ok": false,
            "problems": diags,
        }),
        Err(e) => json!({
            "format": "corroborate-check",
            "version": 1,
            "ok": false,
            "problems": [{ "file": null, "line": null, "column": null, "message": e.to_string() }],
        }),
    }
}

fn ledger_line(what: &str, files: usize, l: &Ledger, rubric: &str) -> String {
    format!(
        "ok: {files} {what} file(s): {} sources, {} questions, {} claims, {} reports; rubric `{rubric}`\n",
        l.sources.len(),
        l.questions.len(),
        l.claims.len(),
        l.reports.len(),
    )
}

fn counts(what: &str, files: usize, l: &Ledger, rubric: &str) -> serde_json::Value {
    json!({
        "kind": what,
        "files": files,
        "sources": l.sources.len(),
        "questions": l.questions.len(),
        "claims": l.claims.len(),
        "reports": l.reports.len(),
        "rubric": rubric,
    })
}

pub fn run(p: &CheckPlan, _protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let inputs = &p.inputs;
    let data = input::load_data_shown(&inputs.ledgers, inputs.format);
    let loaded = input::both(data, input::rubric(inputs.rubric.as_deref()));
    let files = inputs.ledgers.len().max(1);
    if p.format == CheckFormat::Json {
        let result = loaded.as_ref().map(|(data, rubric)| match data {
            Data::Toml(l) => counts("ledger", files, l, &rubric.name),
            Data::BulkLedger(l) => counts("bulk ledger", files, l, &rubric.name),
            Data::Triples(t) => json!({
                "kind": "triples",
                "files": files,
                "reports": t.rows,
                "sources": t.graph.n_sources,
                "questions": t.graph.n_questions(),
                "claims": t.graph.n_claims(),
                "pairs": t.graph.n_edges(),
                "rubric": rubric.name,
            }),
        });
        write_out(out, &super::emit::to_json(&json_doc(&result))?)?;
        return loaded.map(|_| ());
    }
    let (data, rubric) = loaded?;
    let text = match data {
        Data::Toml(l) => ledger_line("ledger", files, &l, &rubric.name),
        Data::BulkLedger(l) => ledger_line("bulk ledger", files, &l, &rubric.name),
        Data::Triples(t) => format!(
            "ok: {} triples file(s): {} reports, {} sources, {} questions, {} claims, {} distinct source–claim pairs; rubric `{}`\n",
            files,
            t.rows,
            t.graph.n_sources,
            t.graph.n_questions(),
            t.graph.n_claims(),
            t.graph.n_edges(),
            rubric.name
        ),
    };
    write_out(out, &text)
}
