//! `schema ledger|rubric|report`: the JSON Schemas of the file formats, for TOML editors, and of the
//! report's JSON, for its consumers.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::{OutputArgs, destination};
use super::emit;
use crate::error::Result;
use crate::output::Destination;
use crate::schema;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum, value_name = "FORMAT")]
    pub which: SchemaFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    Ledger,
    Rubric,
    /// The JSON of `report --format json` (ledger and triples reports).
    Report,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SchemaPlan {
    pub which: SchemaFormat,
    pub output: Destination,
}

pub fn plan(s: SchemaArgs) -> SchemaPlan {
    SchemaPlan {
        which: s.which,
        output: destination(s.output),
    }
}

pub fn run(p: &SchemaPlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    let text = schema::schema(match p.which {
        SchemaFormat::Ledger => schema::Format::Ledger,
        SchemaFormat::Rubric => schema::Format::Rubric,
        SchemaFormat::Report => schema::Format::Report,
    });
    emit::emit(&p.output, &text, protected, out)
}
