//! `check`: validates ledgers (TOML or bulk) and a rubric, listing every problem found.

use std::io::Write;

use super::Plan;
use super::args::{InputArgs, Inputs, inputs};
use super::emit::write_out;
use super::input::{self, load};
use super::progress::CliProgress;
use super::report::total_size;
use crate::bulk::{self, Bulk};
use crate::error::Result;

/// Checks of TOML ledgers (`bulk` false) or of bulk files.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckPlan {
    pub inputs: Inputs,
}

pub fn plan(i: InputArgs) -> Plan {
    if bulk::any_bulk(&i.ledgers, None) {
        Plan::CheckBulk(CheckPlan { inputs: inputs(i) })
    } else {
        Plan::Check(CheckPlan { inputs: inputs(i) })
    }
}

pub fn run(p: &CheckPlan, out: &mut dyn Write) -> Result<()> {
    let (ledger, rubric) = load(&p.inputs)?;
    let files = if p.inputs.ledgers.is_empty() {
        1
    } else {
        p.inputs.ledgers.len()
    };
    write_out(
        out,
        &format!(
            "ok: {} ledger file(s): {} sources, {} questions, {} claims, {} reports; rubric `{}`\n",
            files,
            ledger.sources.len(),
            ledger.questions.len(),
            ledger.claims.len(),
            ledger.reports.len(),
            rubric.name
        ),
    )
}

pub fn run_bulk(p: &CheckPlan, out: &mut dyn Write) -> Result<()> {
    let inputs = &p.inputs;
    let total = total_size(&inputs.ledgers);
    let progress = CliProgress::new(total);
    let loaded = bulk::load(&inputs.ledgers, None, &progress);
    progress.finish();
    let rubric = input::rubric(inputs.rubric.as_deref())?;
    let text = match loaded? {
        Bulk::Triples(t) => format!(
            "ok: {} triples file(s): {} reports, {} sources, {} questions, {} claims, {} distinct source–claim pairs; rubric `{}`\n",
            inputs.ledgers.len(),
            t.rows,
            t.graph.n_sources,
            t.graph.n_questions(),
            t.graph.n_claims(),
            t.graph.n_edges(),
            rubric.name
        ),
        Bulk::Ledger(l) => format!(
            "ok: {} bulk ledger file(s): {} sources, {} questions, {} claims, {} reports; rubric `{}`\n",
            inputs.ledgers.len(),
            l.sources.len(),
            l.questions.len(),
            l.claims.len(),
            l.reports.len(),
            rubric.name
        ),
    };
    write_out(out, &text)
}
