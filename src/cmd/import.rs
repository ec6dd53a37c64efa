//! `import stix|misp FILE`: a TOML ledger from a STIX 2.1 bundle or a MISP event, checked before
//! it is written.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::{OutputArgs, destination};
use super::emit;
use crate::error::{Error, Result};
use crate::import::{self, MAX_JSON_BYTES};
use crate::output::Destination;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file is.
    #[arg(value_enum, value_name = "FROM")]
    pub from: ImportFormat,
    /// The STIX bundle or MISP event (JSON; `-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Stix,
    Misp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub from: ImportFormat,
    pub file: PathBuf,
    pub output: Destination,
}

pub fn plan(a: ImportArgs) -> ImportPlan {
    ImportPlan {
        from: a.from,
        file: a.file,
        output: destination(a.output),
    }
}

pub fn run(p: &ImportPlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    let what = match p.from {
        ImportFormat::Stix => "a STIX 2.1 bundle (JSON)",
        ImportFormat::Misp => "a MISP event (JSON)",
    };
    let src = crate::read::read_text(&p.file, MAX_JSON_BYTES, what).map_err(Error::input)?;
    let found = match p.from {
        ImportFormat::Stix => import::stix::read(&src)?,
        ImportFormat::Misp => import::misp::read(&src)?,
    };
    let name = match &p.output {
        Destination::File { path, .. } => crate::read::display_name(path),
        Destination::Stdout => format!("<ledger imported from {}>", src.name),
    };
    let text = import::to_ledger(found, &name)?;
    emit::emit(&p.output, &text, protected, out)
}
