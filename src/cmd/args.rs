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

/// The width tables wrap to: `--width` if given, else the terminal's when standard output is one
/// (see [`terminal_width`]), else none (piped output is not wrapped).
pub fn width(w: Option<u16>) -> Result<Option<u16>> {
    if w == Some(0) {
        return Err(Error::Usage(
            "invalid --width 0: expected a number of columns of at least 1".into(),
        ));
    }
    Ok(w.or_else(|| terminal_width(std::env::var("COLUMNS").ok().as_deref())))
}

/// The width of the terminal on standard output, `None` when it is not a terminal. A terminal that
/// reports no width (a pseudo-terminal whose size was never set reports 0 columns, and tables would
/// be drawn one character per column) gets `COLUMNS` if that is a number, else 80.
pub fn terminal_width(columns: Option<&str>) -> Option<u16> {
    let reported = comfy_table::Table::new().width()?;
    Some(usable_width(reported, columns))
}

/// A reported terminal width, or the fallback for a terminal that reports 0: `COLUMNS`, else 80
/// (the width of the VT100 and of POSIX's default).
pub fn usable_width(reported: u16, columns: Option<&str>) -> u16 {
    if reported > 0 {
        return reported;
    }
    columns
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0)
        .unwrap_or(80)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_without_a_width_gets_columns_or_80() {
        assert_eq!(usable_width(132, Some("40")), 132);
        assert_eq!(usable_width(0, Some("100")), 100);
        assert_eq!(usable_width(0, Some(" 100 ")), 100);
        assert_eq!(usable_width(0, Some("0")), 80);
        assert_eq!(usable_width(0, Some("wide")), 80);
        assert_eq!(usable_width(0, None), 80);
    }
}
