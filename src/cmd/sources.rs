//! `sources`: every source with its reports, claims, outcomes and track record.

use std::io::Write;
use std::path::PathBuf;

use crate::ledger::Moment;
use clap::{Args, ValueEnum};

use super::args::{InputArgs, Inputs, OutputArgs, as_of, destination, inputs, width};
use super::emit::{self, to_json};
use super::input::load;
use crate::error::Result;
use crate::output::Destination;
use crate::score::score;
use crate::score::track_record::source_records;

#[derive(Debug, Args)]
pub struct SourcesArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Count only reports published on or before this date (YYYY-MM-DD). Resolutions count
    /// whatever their date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SourcesFormat::Table)]
    pub format: SourcesFormat,
    /// Wrap the table to this many columns.
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourcesFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SourcesPlan {
    pub inputs: Inputs,
    pub as_of: Option<Moment>,
    pub format: SourcesFormat,
    pub width: Option<u16>,
    pub output: Destination,
}

pub fn plan(s: SourcesArgs) -> Result<SourcesPlan> {
    Ok(SourcesPlan {
        as_of: as_of(s.as_of.as_deref())?,
        width: width(s.width)?,
        inputs: inputs(s.input, &[])?,
        format: s.format,
        output: destination(s.output),
    })
}

pub fn run(p: &SourcesPlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    let (ledger, rubric) = load(&p.inputs, "sources")?;
    let case = score(&ledger, &rubric, p.as_of);
    let records = source_records(&case, rubric.interval);
    let text = match p.format {
        SourcesFormat::Table => crate::render::sources::render(&records, p.width),
        SourcesFormat::Json => to_json(&serde_json::json!({
            "format": "corroborate-sources",
            "version": 1,
            "as_of": case.as_of,
            "sources": records,
        }))?,
        SourcesFormat::Csv => crate::render::csv::sources(&records),
        SourcesFormat::Markdown => crate::render::markdown::sources(&records),
    };
    emit::emit(&p.output, &text, protected, out)
}
