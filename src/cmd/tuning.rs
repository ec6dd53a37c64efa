//! What the tuning commands (`calibrate`, `compare`, `sensitivity`, `fit`) share: when resolved
//! claims are judged, the calibration statistics, the output format, and how inputs are named. The
//! statistics themselves are in [`crate::tune`].

use std::path::PathBuf;

use crate::ledger::Moment;
use clap::{Args, ValueEnum};

use super::args::as_of;
use super::input::SEEDS_NAME;
use crate::error::{Error, Result};
use crate::read::display_name;
use crate::tune::bootstrap::{BootstrapSpec, DEFAULT_SEED};
use crate::tune::{Cut, ResolvedSet};

pub const EMBEDDED_RUBRIC: &str = "<embedded config/default.toml>";

/// Output format of the tuning commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TuneFormat {
    Table,
    Json,
    /// A page with a reliability diagram (`calibrate` only).
    Html,
}

/// `--format html` is for `calibrate`; the other tuning commands print tables or JSON.
pub fn table_or_json(f: TuneFormat, command: &str) -> Result<TuneFormat> {
    if f == TuneFormat::Html {
        return Err(usage(format!(
            "invalid --format html for `{command}`: expected table or json (html is for `calibrate`)"
        )));
    }
    Ok(f)
}

/// When resolved claims are judged.
#[derive(Debug, Args)]
pub struct CutArgs {
    /// Judge every resolved claim as it stood on DATE (YYYY-MM-DD). Claims resolved on or before
    /// DATE are left out: their outcome was already known. Default: each claim as of the day
    /// before its resolution date.
    #[arg(long, value_name = "DATE", conflicts_with = "horizon")]
    pub as_of: Option<String>,
    /// Judge each resolved claim as it stood DAYS days before its resolution date (at least 1).
    #[arg(long, value_name = "DAYS")]
    pub horizon: Option<u32>,
}

/// Calibration statistics.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Equal-width bins of the expected calibration error and the reliability table.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub bins: usize,
    /// Bootstrap resamples behind each interval (time grows linearly with N).
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub resamples: usize,
    /// Seed of the bootstrap: the same seed gives the same intervals.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
}

/// The format and width of a tuning command's output.
#[derive(Debug, Args)]
pub struct FormatArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TuneFormat::Table)]
    pub format: TuneFormat,
    /// Wrap tables to this many columns (default: the terminal's width; no wrapping when piped).
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
}

pub fn usage(msg: String) -> Error {
    Error::Usage(msg)
}

pub fn cut(c: &CutArgs) -> Result<(Cut, Option<Moment>)> {
    if let Some(d) = as_of(c.as_of.as_deref())? {
        return Ok((Cut::AsOf(d), Some(d)));
    }
    match c.horizon {
        Some(0) => Err(usage(
            "invalid --horizon 0: expected at least 1 day (0 would count reports from the day the outcome became known)".into(),
        )),
        Some(h) => Ok((Cut::Horizon(h), None)),
        None => Ok((Cut::default(), None)),
    }
}

pub fn stats(s: &StatsArgs) -> Result<(usize, BootstrapSpec)> {
    if !(1..=1000).contains(&s.bins) {
        return Err(usage(format!(
            "invalid --bins {}: expected a number of bins from 1 to 1000",
            s.bins
        )));
    }
    if !(1..=1_000_000).contains(&s.resamples) {
        return Err(usage(format!(
            "invalid --resamples {}: expected a number of bootstrap resamples from 1 to 1000000",
            s.resamples
        )));
    }
    Ok((
        s.bins,
        BootstrapSpec {
            resamples: s.resamples,
            seed: s.seed,
            level: 0.95,
        },
    ))
}

pub fn width(o: &FormatArgs) -> Result<Option<u16>> {
    super::args::width(o.width)
}

pub fn ledger_names(paths: &[PathBuf]) -> Vec<String> {
    if paths.is_empty() {
        vec![SEEDS_NAME.to_string()]
    } else {
        paths.iter().map(|p| display_name(p)).collect()
    }
}

pub fn rubric_name(p: &Option<PathBuf>) -> String {
    p.as_ref()
        .map_or(EMBEDDED_RUBRIC.to_string(), |p| display_name(p))
}

/// An error for a case with nothing resolved to learn from or score.
pub fn nothing_resolved(names: &[String], set: &ResolvedSet) -> Error {
    let mut msg = format!(
        "no resolved claim to score in {}: expected claims with `resolution = {{ outcome = true|false, date = YYYY-MM-DD }}`",
        names.join(", ")
    );
    if !set.hindsight.is_empty() {
        msg.push_str(&format!(
            " judged before their resolution ({} resolved claim(s) were settled on or before the --as-of date, and judging them then would use hindsight)",
            set.hindsight.len()
        ));
    }
    usage(msg)
}
