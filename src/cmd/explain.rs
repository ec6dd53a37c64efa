//! `explain CLAIM_ID`: how one claim's numbers were reached.

use std::io::Write;

use crate::ledger::Moment;
use clap::{Args, ValueEnum};

use std::path::PathBuf;

use super::args::{InputArgs, Inputs, as_of, inputs};
use super::emit::{to_json, write_out};
use super::input::{load_for_claim, unknown_claim};
use crate::error::Result;
use crate::render::explain;
use crate::score::stream::claim_alone;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The id of the claim to explain.
    #[arg(value_name = "CLAIM_ID")]
    pub claim: String,
    #[command(flatten)]
    pub input: InputArgs,
    /// Count only reports published on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// `text` for people, `json` for the claim's full score.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExplainPlan {
    pub claim: String,
    pub inputs: Inputs,
    pub as_of: Option<Moment>,
    pub format: ExplainFormat,
}

pub fn plan(e: ExplainArgs) -> Result<ExplainPlan> {
    Ok(ExplainPlan {
        as_of: as_of(e.as_of.as_deref())?,
        claim: e.claim,
        inputs: inputs(e.input, &[])?,
        format: e.format,
    })
}

pub fn run(p: &ExplainPlan, _protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let claim = &p.claim;
    let (ledger, rubric) = load_for_claim(&p.inputs, claim, "explain")?;
    let Some(ci) = ledger.claim_index(claim) else {
        return Err(unknown_claim(&ledger, claim));
    };
    // The claim's score as the whole case's would give it, from its own reports (and its
    // question's): see `score::stream::claim_alone`.
    let (as_of, c) = claim_alone(&ledger, &rubric, p.as_of, ci);
    let text = match p.format {
        ExplainFormat::Text => explain::explain(&c, &rubric, as_of),
        ExplainFormat::Json => to_json(&c)?,
    };
    write_out(out, &text)
}
