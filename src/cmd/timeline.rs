//! `timeline CLAIM_ID`: the dates on which a claim's standing changed, and why.

use std::io::Write;
use std::path::PathBuf;

use crate::ledger::Moment;
use clap::{Args, ValueEnum};

use super::args::{InputArgs, Inputs, OutputArgs, as_of, destination, inputs, width};
use super::emit::{self, to_json};
use super::input::{load, unknown_claim};
use crate::error::Result;
use crate::output::Destination;
use crate::score::timeline::claim_timeline;

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The id of the claim.
    #[arg(value_name = "CLAIM_ID")]
    pub claim: String,
    #[command(flatten)]
    pub input: InputArgs,
    /// Last date of the timeline (YYYY-MM-DD). Default: the ledger's `as_of`, else its latest
    /// publication date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// `table` for people, `json` for the timeline's data.
    #[arg(long, value_enum, default_value_t = TimelineFormat::Table)]
    pub format: TimelineFormat,
    /// Wrap the table to this many columns.
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePlan {
    pub claim: String,
    pub inputs: Inputs,
    pub as_of: Option<Moment>,
    pub format: TimelineFormat,
    pub width: Option<u16>,
    pub output: Destination,
}

pub fn plan(t: TimelineArgs) -> Result<TimelinePlan> {
    Ok(TimelinePlan {
        as_of: as_of(t.as_of.as_deref())?,
        width: width(t.width)?,
        claim: t.claim,
        inputs: inputs(t.input, &[])?,
        format: t.format,
        output: destination(t.output),
    })
}

pub fn run(p: &TimelinePlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    let (ledger, rubric) = load(&p.inputs, "timeline")?;
    let t = claim_timeline(&ledger, &rubric, p.as_of, &p.claim)
        .ok_or_else(|| unknown_claim(&ledger, &p.claim))?;
    let text = match p.format {
        TimelineFormat::Table => crate::render::timeline::render(&t, p.width),
        TimelineFormat::Json => to_json(&t)?,
    };
    emit::emit(&p.output, &text, protected, out)
}
