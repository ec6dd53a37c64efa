//! `check`: validates ledgers (in any form) and a rubric, listing every problem found.

use std::io::Write;
use std::path::PathBuf;

use super::args::{InputArgs, Inputs, inputs};
use super::emit::write_out;
use super::input::{self, Data};
use crate::error::Result;
use crate::ledger::Ledger;

#[derive(Debug, Clone, PartialEq)]
pub struct CheckPlan {
    pub inputs: Inputs,
}

pub fn plan(i: InputArgs) -> Result<CheckPlan> {
    Ok(CheckPlan {
        inputs: inputs(i, &[])?,
    })
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

pub fn run(p: &CheckPlan, _protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let inputs = &p.inputs;
    let data = input::load_data_shown(&inputs.ledgers, inputs.format);
    let (data, rubric) = input::both(data, input::rubric(inputs.rubric.as_deref()))?;
    let files = inputs.ledgers.len().max(1);
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
