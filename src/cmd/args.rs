//! Arguments shared by several commands, and the checks that turn them into parts of a plan.

use std::path::{Path, PathBuf};

use crate::ledger::Moment;
use clap::{Args, ValueEnum};

pub use super::input::Inputs;
use crate::bulk::InputFormat;
use crate::error::{Error, Result};
use crate::output::Destination;
use crate::read::is_stdin;

/// Where to write the output.
#[derive(Debug, Args, Default)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output (atomically: a temporary file, then a rename; `-`
    /// is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists (without it, an existing file is left untouched and the run fails).
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// The ledgers and the rubric.
#[derive(Debug, Args, Default)]
pub struct InputArgs {
    /// Ledger files, scored together (ids unique across them): TOML, or the CSV / TSV / JSON Lines
    /// files of a bulk ledger; `-` reads standard input (with --input-format). Default: the bundled
    /// seeds case.
    #[arg(value_name = "LEDGER")]
    pub ledgers: Vec<PathBuf>,
    /// Rubric file (TOML; `-` reads standard input). Default: config/default.toml, embedded in the
    /// binary.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// The syntax of the ledgers, instead of telling it by extension; needed to read standard
    /// input (`-`).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Toml,
    Csv,
    Tsv,
    Jsonl,
}

impl InputFormatArg {
    pub fn format(self) -> InputFormat {
        match self {
            InputFormatArg::Toml => InputFormat::Toml,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Tsv => InputFormat::Tsv,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
        }
    }
}

/// The validated inputs: standard input named at most once among `others` too.
pub fn inputs(a: InputArgs, others: &[&Path]) -> Result<Inputs> {
    let all: Vec<&Path> = a
        .ledgers
        .iter()
        .map(PathBuf::as_path)
        .chain(a.rubric.as_deref())
        .chain(others.iter().copied())
        .collect();
    stdin_once(&all)?;
    Ok(Inputs {
        ledgers: a.ledgers,
        rubric: a.rubric,
        format: a.input_format.map(InputFormatArg::format),
    })
}

/// Standard input can be read once: `-` may name one input of a run.
pub fn stdin_once(paths: &[&Path]) -> Result<()> {
    let n = paths.iter().filter(|p| is_stdin(p)).count();
    if n > 1 {
        return Err(Error::Usage(format!(
            "standard input (`-`) is given as {n} inputs: expected it for one input at most (it can be read only once)"
        )));
    }
    Ok(())
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

/// Where the output goes: `-o FILE`, or standard output (no `-o`, or `-o -`).
pub fn destination(o: OutputArgs) -> Destination {
    Destination::new(o.output.filter(|p| !is_stdin(p)), o.force)
}

pub fn as_of(s: Option<&str>) -> Result<Option<Moment>> {
    s.map(|s| {
        Moment::parse(s).ok_or_else(|| {
            Error::Usage(format!(
                "invalid --as-of `{}`: expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)",
                crate::text::bounded(s)
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
