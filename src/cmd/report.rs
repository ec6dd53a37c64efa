//! `report` (also the command run with none): the scored claims and sources of TOML ledgers, and
//! the lean report of bulk files (triples with learned reliability, or a bulk ledger).

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::Plan;
use super::args::{InputArgs, Inputs, OutputArgs, as_of, destination, inputs};
use super::emit::{self, write_out};
use super::input::{self, load};
use super::progress::CliProgress;
use crate::bulk::{self, Bulk, InputFormat};
use crate::error::{Error, Result};
use crate::learn::LearnMethod;
use crate::ledger::Ledger;
use crate::output::Destination;
use crate::render::{Renderer, json::JsonRenderer, table::TableRenderer};
use crate::render::{csv::CsvRenderer, html::HtmlRenderer, markdown::MarkdownRenderer};
use crate::rubric::Rubric;
use crate::score::score;
use crate::score::timeline::timelines;
use crate::score::track_record::source_records;

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Count only reports published on or before this date (YYYY-MM-DD). Default: the ledger's
    /// `as_of`, else its latest publication date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Wrap tables to this many columns (default: the terminal's width; no wrapping when piped).
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub bulk: BulkArgs,
}

/// Bulk input (CSV, TSV, JSON Lines) and learned reliability.
#[derive(Debug, Args, Default)]
pub struct BulkArgs {
    /// Gold answers for triples: a CSV/TSV/JSON Lines file with columns `question,value`. Adds the
    /// share of gold questions whose top answer is the gold one (`accuracy`).
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    /// The syntax of every input, instead of telling it by extension; needed to read standard
    /// input (`-`).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,
    /// How to learn source reliability, overriding the rubric's `[reliability] method`.
    #[arg(long, value_enum, value_name = "METHOD")]
    pub method: Option<MethodArg>,
    /// Triples tables: rows shown per table (0: all). JSON always has every row.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    None,
    Em,
    Sums,
    AverageLog,
    Investment,
    PooledInvestment,
    Truthfinder,
}

impl MethodArg {
    fn method(self) -> LearnMethod {
        match self {
            MethodArg::None => LearnMethod::None,
            MethodArg::Em => LearnMethod::Em,
            MethodArg::Sums => LearnMethod::Sums,
            MethodArg::AverageLog => LearnMethod::AverageLog,
            MethodArg::Investment => LearnMethod::Investment,
            MethodArg::PooledInvestment => LearnMethod::PooledInvestment,
            MethodArg::Truthfinder => LearnMethod::Truthfinder,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Csv,
    Html,
}

/// The report of TOML ledgers.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPlan {
    pub inputs: Inputs,
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub width: Option<u16>,
    pub output: Destination,
}

/// A report of bulk files (triples or a bulk ledger), or of TOML ledgers with a learning override.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkPlan {
    pub inputs: Inputs,
    pub input_format: Option<InputFormat>,
    pub gold: Option<PathBuf>,
    pub method: Option<LearnMethod>,
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub width: Option<u16>,
    pub limit: usize,
    pub output: Destination,
}

impl BulkPlan {
    /// The files the plan reads (never to be overwritten).
    pub fn input_files(&self) -> Vec<PathBuf> {
        self.inputs.files()
    }
}

pub fn plan(r: ReportArgs) -> Result<Plan> {
    let width = super::args::width(r.width)?;
    let b = &r.bulk;
    let forced = b.input_format.map(InputFormatArg::format);
    if bulk::any_bulk(&r.input.ledgers, forced) || b.gold.is_some() || b.method.is_some() {
        return Ok(Plan::Bulk(BulkPlan {
            as_of: as_of(r.as_of.as_deref())?,
            input_format: forced,
            gold: r.bulk.gold,
            method: r.bulk.method.map(MethodArg::method),
            limit: r.bulk.limit,
            inputs: inputs(r.input),
            format: r.format,
            width,
            output: destination(r.output),
        }));
    }
    Ok(Plan::Report(ReportPlan {
        as_of: as_of(r.as_of.as_deref())?,
        inputs: inputs(r.input),
        format: r.format,
        width,
        output: destination(r.output),
    }))
}

pub fn run(p: &ReportPlan, out: &mut dyn Write) -> Result<()> {
    let protected = p.inputs.files();
    emit::check(&p.output, &protected)?;
    let (ledger, rubric) = load(&p.inputs)?;
    let text = render_case(&ledger, &rubric, p.as_of, p.format, p.width);
    emit::emit(&p.output, &text, &protected, out)
}

/// The scored case in one of the report's formats.
fn render_case(
    ledger: &Ledger,
    rubric: &Rubric,
    as_of: Option<NaiveDate>,
    format: Format,
    width: Option<u16>,
) -> String {
    let case = score(ledger, rubric, as_of);
    match format {
        Format::Table => TableRenderer { width }.render(&case),
        Format::Json => JsonRenderer.render(&case),
        Format::Markdown => MarkdownRenderer.render(&case),
        Format::Csv => CsvRenderer.render(&case),
        Format::Html => HtmlRenderer {
            timelines: timelines(ledger, rubric, as_of),
            sources: source_records(&case, rubric.interval),
            likelihood_bounds: rubric.likelihood_bounds,
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
        .render(&case),
    }
}

/// The ledger report, with the learning method overridden if asked.
fn report_ledger(
    ledger: &Ledger,
    mut rubric: Rubric,
    method: Option<LearnMethod>,
    as_of: Option<NaiveDate>,
    format: Format,
    width: Option<u16>,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(m) = method {
        let mut p = rubric.reliability.unwrap_or_default();
        p.method = m;
        rubric.reliability = Some(p);
    }
    write_out(out, &render_case(ledger, &rubric, as_of, format, width))
}

pub fn run_bulk(p: &BulkPlan, out: &mut dyn Write) -> Result<()> {
    let protected = p.input_files();
    emit::check(&p.output, &protected)?;
    // The output: straight to `out`, or gathered for an atomic write to the file.
    let mut buffer = Vec::new();
    let to_file = matches!(p.output, Destination::File { .. });
    let sink: &mut dyn Write = if to_file { &mut buffer } else { out };
    let mut rubric = input::rubric(p.inputs.rubric.as_deref())?;
    let toml_only = !p.inputs.ledgers.is_empty()
        && !bulk::any_bulk(&p.inputs.ledgers, p.input_format)
        || p.inputs.ledgers.is_empty();
    if toml_only {
        if p.gold.is_some() {
            return Err(Error::Usage(
                "--gold needs triples (`source,question,value` files): TOML ledgers have no gold answers".into(),
            ));
        }
        let (ledger, _) = load(&p.inputs)?;
        report_ledger(&ledger, rubric, p.method, p.as_of, p.format, p.width, sink)?;
        return emit::finish(&p.output, &buffer, &protected);
    }
    let total = total_size(&p.inputs.ledgers);
    let progress = CliProgress::new(total);
    // The gold file is read while the data is (it needs only the data's questions later).
    let (loaded, gold_loaded) = rayon::join(
        || bulk::load(&p.inputs.ledgers, p.input_format, &progress),
        || p.gold.as_ref().map(|g| bulk::gold::load_gold(g)),
    );
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => {
            progress.finish();
            return Err(e);
        }
    };
    match loaded {
        Bulk::Ledger(ledger) => {
            progress.finish();
            if p.gold.is_some() {
                return Err(Error::Usage(
                    "--gold needs triples (`source,question,value` files), not a bulk ledger"
                        .into(),
                ));
            }
            report_ledger(&ledger, rubric, p.method, p.as_of, p.format, p.width, sink)?;
            emit::finish(&p.output, &buffer, &protected)
        }
        Bulk::Triples(data) => {
            let gold = match gold_loaded {
                Some(g) => {
                    let g = g?;
                    let answers = bulk::gold::resolve(&g, &data);
                    let name = g.name.clone();
                    drop_later(g);
                    Some((name, answers))
                }
                None => None,
            };
            let mut params = rubric.reliability.take().unwrap_or_default();
            if let Some(m) = p.method {
                params.method = m;
            }
            progress.phase(&format!(
                "learning reliability ({})",
                params.method.as_str()
            ));
            let scored = crate::score::triples::score_triples(
                &data,
                &rubric.name,
                &params,
                rubric.interval,
                gold.as_ref().map(|(n, a)| (n.as_str(), a.as_slice())),
            );
            progress.finish();
            let written = match p.format {
                Format::Json => crate::render::triples::write_json(&scored, sink),
                Format::Table => {
                    let text = crate::render::triples::render_table(&scored, p.width, p.limit);
                    sink.write_all(text.as_bytes()).and_then(|()| sink.flush())
                }
                other => {
                    return Err(Error::Usage(format!(
                        "--format {} is not available for triples: expected table or json",
                        other
                            .to_possible_value()
                            .map_or_else(|| "?".to_string(), |v| v.get_name().to_string())
                    )));
                }
            };
            drop(scored);
            drop_later(data);
            match written {
                Ok(()) => emit::finish(&p.output, &buffer, &protected),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::Run(format!("cannot write the output: {e}"))),
            }
        }
    }
}

/// Drops `x` on a thread of its own. Freeing a large data set (hundreds of thousands of small
/// allocations, and large blocks given back to the system) took about 6 ms after the output of a
/// million triples was written; nobody needs to wait for it. The binary exits without waiting, and
/// the system reclaims the memory; a longer-lived caller gets it freed in the background. If no
/// thread can be started, `x` is dropped here.
fn drop_later<T: Send + 'static>(x: T) {
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(x));
}

/// Total size of the input files, if every one is a file whose size is known.
pub fn total_size(paths: &[PathBuf]) -> Option<u64> {
    paths
        .iter()
        .map(|p| {
            if bulk::is_stdin(p) {
                None
            } else {
                std::fs::metadata(p).ok().map(|m| m.len())
            }
        })
        .sum()
}
