//! `timeline CLAIM_ID` / `timeline --all`: the dates on which a claim's standing changed, and why.

use std::io::Write;
use std::path::PathBuf;

use crate::ledger::{Ledger, Moment};
use crate::rubric::Rubric;
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::args::{InputArgs, Inputs, OutputArgs, as_of, destination, inputs, width};
use super::emit;
use super::input::{both, ledger_of, load, load_data, rubric, total_size, unknown_claim};
use super::progress::CliProgress;
use crate::error::{Error, Result};
use crate::output::Destination;
use crate::score::timeline::{ClaimTimeline, Sweep, claim_timeline, learns, timelines};

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The id of the claim (with `--all`, the first ledger).
    #[arg(value_name = "CLAIM_ID", required_unless_present = "all")]
    pub claim: Option<String>,
    /// Every claim's timeline, in the report's order: tables one after another, or a JSON array of
    /// what `timeline CLAIM_ID --format json` prints for each.
    #[arg(long)]
    pub all: bool,
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

/// Which timelines to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Which {
    Claim(String),
    All,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePlan {
    pub which: Which,
    pub inputs: Inputs,
    pub as_of: Option<Moment>,
    pub format: TimelineFormat,
    pub width: Option<u16>,
    pub output: Destination,
}

pub fn plan(mut t: TimelineArgs) -> Result<TimelinePlan> {
    let which = match (t.all, t.claim.take()) {
        (false, Some(claim)) => Which::Claim(claim),
        // `timeline --all a.csv b.csv`: the first positional argument is a ledger.
        (true, first) => {
            if let Some(first) = first {
                let path = PathBuf::from(first);
                if path.as_os_str() != "-" && !path.exists() {
                    return Err(Error::Usage(format!(
                        "`{}` is not a file: with --all every argument is a ledger; expected `timeline --all [LEDGER...]` or `timeline CLAIM_ID [LEDGER...]`",
                        crate::text::bounded(&path.to_string_lossy())
                    )));
                }
                t.input.ledgers.insert(0, path);
            }
            Which::All
        }
        (false, None) => {
            return Err(Error::Usage(
                "a claim id or --all is needed: expected `timeline CLAIM_ID [LEDGER...]` or `timeline --all [LEDGER...]`"
                    .into(),
            ));
        }
    };
    Ok(TimelinePlan {
        as_of: as_of(t.as_of.as_deref())?,
        width: width(t.width)?,
        which,
        inputs: inputs(t.input, &[])?,
        format: t.format,
        output: destination(t.output),
    })
}

pub fn run(p: &TimelinePlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    let claim = match &p.which {
        Which::Claim(c) => c,
        Which::All => return run_all(p, protected, out),
    };
    let (ledger, rubric) = load(&p.inputs, "timeline")?;
    let t = claim_timeline(&ledger, &rubric, p.as_of, claim)
        .ok_or_else(|| unknown_claim(&ledger, claim))?;
    emit::emit(&p.output, &text_of(p, &t)?, protected, out)
}

/// One timeline as the plan's format prints it.
fn text_of(p: &TimelinePlan, t: &ClaimTimeline) -> Result<String> {
    Ok(match p.format {
        TimelineFormat::Table => crate::render::timeline::render(t, p.width),
        TimelineFormat::Json => crate::text::json::pretty_records(t, RECORD_DEPTH)
            .map_err(|e| Error::Run(e.to_string()))?,
    })
}

/// A timeline's JSON is pretty down to its lists, whose steps and reports are a line each (the
/// report's layout, `jq -c` records): arrays and objects opened this deep are compact.
const RECORD_DEPTH: usize = 2;

/// Timelines swept and written at a time: the run never holds more than a block of them.
const BLOCK: usize = 512;

/// Every claim's timeline, in the report's order, written a block at a time as it is swept (each
/// block's claims on every core): tables separated by a blank line, or one JSON array of the
/// timelines, the same bytes as the array serialised whole.
fn run_all(p: &TimelinePlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let progress = CliProgress::new(total_size(&p.inputs.ledgers));
    let data = load_data(&p.inputs.ledgers, p.inputs.format, &progress);
    let loaded = both(data, rubric(p.inputs.rubric.as_deref()))
        .and_then(|(d, r)| Ok((ledger_of(d, &p.inputs.ledgers, "timeline")?, r)));
    let (ledger, rubric) = match loaded {
        Ok(x) => x,
        Err(e) => {
            progress.finish();
            return Err(e);
        }
    };
    progress.phase(&format!("ordering {} claims", ledger.claims.len()));
    let written = write_all(p, &ledger, &rubric, &progress, protected, out);
    progress.finish();
    written
}

/// Where `--all`'s timelines come from.
enum Made<'a> {
    /// All of them, in the report's order (a rubric that learns reliability).
    Whole(Vec<ClaimTimeline>),
    /// The claims in the report's order, to be swept a block at a time.
    Swept(Vec<usize>, Sweep<'a>),
}

fn write_all(
    p: &TimelinePlan,
    ledger: &Ledger,
    rubric: &Rubric,
    progress: &CliProgress,
    protected: &[PathBuf],
    out: &mut dyn Write,
) -> Result<()> {
    // Where the rubric learns reliability from every report, each date re-scores the case: the
    // timelines are made together.
    let made = if learns(rubric) {
        Made::Whole(timelines(ledger, rubric, p.as_of))
    } else {
        let case = crate::score::stream::Prepared::new(ledger, rubric, p.as_of);
        Made::Swept(case.order, Sweep::new(ledger, rubric, case.as_of))
    };
    let total = match &made {
        Made::Whole(ts) => ts.len(),
        Made::Swept(order, _) => order.len(),
    };
    let json = p.format == TimelineFormat::Json;
    emit::stream_clean(&p.output, protected, out, progress, |w| {
        if json {
            w.write_all(if total == 0 { b"[]\n" } else { b"[\n" })?;
        }
        let mut done = 0;
        let mut block = |ts: &[ClaimTimeline], w: &mut dyn Write| -> std::io::Result<()> {
            let pieces: Vec<std::io::Result<Vec<u8>>> = ts
                .par_iter()
                .enumerate()
                .map(|(k, t)| piece(p, t, done + k == 0))
                .collect();
            for piece in pieces {
                w.write_all(&piece?)?;
            }
            done += ts.len();
            progress.phase(&format!("timelines: {done} of {total} claims"));
            Ok(())
        };
        match &made {
            Made::Whole(ts) => {
                for ts in ts.chunks(BLOCK) {
                    block(ts, w)?;
                }
            }
            Made::Swept(order, sweep) => {
                for claims in order.chunks(BLOCK) {
                    block(&sweep.timelines(claims), w)?;
                }
            }
        }
        if json && total > 0 {
            w.write_all(b"\n]\n")?;
        }
        Ok(())
    })
}

/// The bytes of one timeline of `--all`: a table (after a blank line unless it is the first), or
/// an element of the JSON array (after a comma unless it is the first), safe for a terminal.
fn piece(p: &TimelinePlan, t: &ClaimTimeline, first: bool) -> std::io::Result<Vec<u8>> {
    let io = |e: serde_json::Error| std::io::Error::other(e.to_string());
    match p.format {
        TimelineFormat::Table => {
            let table = crate::render::timeline::render(t, p.width);
            let mut s = String::with_capacity(table.len() + 1);
            if !first {
                s.push('\n');
            }
            s.push_str(&crate::text::terminal_safe_cow(&table));
            Ok(s.into_bytes())
        }
        TimelineFormat::Json => {
            let mut v = Vec::with_capacity(4096);
            v.extend_from_slice(if first { b"  " } else { b",\n  " });
            crate::text::json::pretty_records_at(&mut v, t, 1, RECORD_DEPTH + 1).map_err(io)?;
            Ok(v)
        }
    }
}
