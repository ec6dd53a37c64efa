//! Arguments shared by several commands, and the checks that turn them into parts of a plan.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use crate::error::{Error, Result};
use crate::output::Destination;

/// Where to write the output.
#[derive(Debug, Args, Default)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output (atomically: a temporary file, then a rename).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists (without it, an existing file is left untouched and the run fails).
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// The ledgers and the rubric.
#[derive(Debug, Args, Default)]
pub struct InputArgs {
    /// Ledger files (TOML), scored together; ids must be unique across them. Default: the bundled
    /// seeds case.
    #[arg(value_name = "LEDGER")]
    pub ledgers: Vec<PathBuf>,
    /// Rubric file (TOML). Default: config/default.toml, embedded in the binary.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
}

/// Where the ledgers and rubric come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// Empty: the embedded seeds case.
    pub ledgers: Vec<PathBuf>,
    /// None: the embedded default rubric.
    pub rubric: Option<PathBuf>,
}

impl Inputs {
    /// The files read (never to be overwritten).
    pub fn files(&self) -> Vec<PathBuf> {
        self.ledgers
            .iter()
            .chain(self.rubric.iter())
            .cloned()
            .collect()
    }
}

pub fn inputs(a: InputArgs) -> Inputs {
    Inputs {
        ledgers: a.ledgers,
        rubric: a.rubric,
    }
}

pub fn width(w: Option<u16>) -> Result<Option<u16>> {
    if w == Some(0) {
        return Err(Error::Usage(
            "invalid --width 0: expected a number of columns of at least 1".into(),
        ));
    }
    Ok(w)
}

pub fn destination(o: OutputArgs) -> Destination {
    Destination::new(o.output, o.force)
}

pub fn as_of(s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(|s| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .filter(|_| s.len() == 10)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "invalid --as-of `{s}`: expected a date as YYYY-MM-DD"
                ))
            })
    })
    .transpose()
}
