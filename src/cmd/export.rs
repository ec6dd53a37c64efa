//! `export --to misp|stix|claimreview`: the scored claims for other platforms.

use std::io::Write;
use std::path::PathBuf;

use crate::ledger::Moment;
use clap::{Args, ValueEnum};

use super::args::{InputArgs, Inputs, OutputArgs, as_of, destination, inputs};
use super::emit;
use super::input::load;
use crate::error::{Error, Result};
use crate::export::{ExportOptions, Target};
use crate::output::Destination;
use crate::score::score;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to export to.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: ExportFormat,
    #[command(flatten)]
    pub input: InputArgs,
    /// Count only reports published on or before this date (YYYY-MM-DD); also the date the export
    /// is stamped with.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Who publishes the assessment: the ClaimReview author and the STIX producer.
    #[arg(long, value_name = "NAME", default_value = "corroborate")]
    pub author: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Misp,
    Stix,
    #[value(name = "claimreview")]
    ClaimReview,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportPlan {
    pub to: ExportFormat,
    pub inputs: Inputs,
    pub as_of: Option<Moment>,
    pub author: String,
    pub output: Destination,
}

pub fn plan(e: ExportArgs) -> Result<ExportPlan> {
    if e.author.trim().is_empty() {
        return Err(Error::Usage("invalid --author ``: expected a name".into()));
    }
    Ok(ExportPlan {
        as_of: as_of(e.as_of.as_deref())?,
        to: e.to,
        inputs: inputs(e.input, &[])?,
        author: e.author,
        output: destination(e.output),
    })
}

pub fn run(p: &ExportPlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    let (ledger, rubric) = load(&p.inputs, "export")?;
    let case = score(&ledger, &rubric, p.as_of);
    let target = match p.to {
        ExportFormat::Misp => Target::Misp,
        ExportFormat::Stix => Target::Stix,
        ExportFormat::ClaimReview => Target::ClaimReview,
    };
    let text = crate::export::export(
        &case,
        target,
        &ExportOptions {
            author: p.author.clone(),
        },
    )?;
    emit::emit(&p.output, &text, protected, out)
}
