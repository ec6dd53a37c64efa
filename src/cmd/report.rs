//! `report` (also the command run with none): the scored claims and sources of TOML ledgers, and
//! the lean report of bulk files (triples with learned reliability, or a bulk ledger).

use std::io::Write;
use std::path::PathBuf;

use crate::ledger::Moment;
use clap::{Args, ValueEnum};

use super::args::{InputArgs, Inputs, OutputArgs, as_of, destination, inputs};
use super::emit;
use super::input::{self, Data};
use super::progress::CliProgress;
use crate::bulk;
use crate::error::{Error, Result};
use crate::learn::LearnMethod;
use crate::ledger::Ledger;
use crate::output::Destination;
use crate::render::{Renderer, json::JsonRenderer, table::TableRenderer};
use crate::render::{csv::CsvRenderer, html::HtmlRenderer, markdown::MarkdownRenderer};
use crate::rubric::Rubric;
use crate::score::timeline::timelines_of;
use crate::score::track_record::source_records;
use crate::score::{CaseScore, score_with};

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
    /// Known answers for triples (same columns as `--gold`): they take part in learning every
    /// source's reliability; with `--gold`, accuracy is measured on the other questions only.
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// How to learn source reliability, overriding the rubric's `[reliability] method`.
    #[arg(long, value_enum, value_name = "METHOD")]
    pub method: Option<MethodArg>,
    /// Triples tables: rows shown per table (0: all). JSON always has every row.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Render the output folder of a Spark job (`corroborate spark-job`, then `spark-submit job.py
    /// --output DIR`) instead of learning here: the job's settings and results, with --gold and
    /// --seed as for triples (--seed: the file the job was given).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["ledgers", "rubric", "method", "as_of", "input_format"])]
    pub from_spark: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    None,
    Bayes,
    Em,
    Sums,
    AverageLog,
    Investment,
    PooledInvestment,
    Truthfinder,
}

impl MethodArg {
    pub(crate) fn method(self) -> LearnMethod {
        match self {
            MethodArg::None => LearnMethod::None,
            MethodArg::Bayes => LearnMethod::Bayes,
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

/// The report of any ledgers: TOML, a bulk ledger, or triples with learned reliability.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPlan {
    pub inputs: Inputs,
    /// Gold answers, for triples.
    pub gold: Option<PathBuf>,
    /// Known answers for triples, learned from.
    pub seed: Option<PathBuf>,
    /// The learning method, overriding the rubric's.
    pub method: Option<LearnMethod>,
    pub as_of: Option<Moment>,
    pub format: Format,
    pub width: Option<u16>,
    /// Rows per table of a triples report (0: all).
    pub limit: usize,
    /// The output folder of a Spark job to render, instead of learning here.
    pub from_spark: Option<PathBuf>,
    pub output: Destination,
}

impl ReportPlan {
    /// The files the plan reads (never to be overwritten).
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut files = self.inputs.files();
        files.extend(self.gold.iter().cloned());
        files.extend(self.seed.iter().cloned());
        files
    }
}

pub fn plan(r: ReportArgs) -> Result<ReportPlan> {
    let width = super::args::width(r.width)?;
    let (gold, seed) = (r.bulk.gold, r.bulk.seed);
    let answers: Vec<&std::path::Path> = gold.iter().chain(&seed).map(PathBuf::as_path).collect();
    Ok(ReportPlan {
        as_of: as_of(r.as_of.as_deref())?,
        inputs: inputs(r.input, &answers)?,
        gold,
        seed,
        method: r.bulk.method.map(MethodArg::method),
        limit: r.bulk.limit,
        from_spark: r.bulk.from_spark,
        format: r.format,
        width,
        output: destination(r.output),
    })
}

/// The claims whose origins a format shows: JSON every claim's; HTML those of resolved claims (its
/// track records count them); the tables none.
fn origins_shown(format: Format) -> fn(&crate::ledger::Claim) -> bool {
    match format {
        Format::Json => |_| true,
        Format::Html => |c| c.resolution.is_some(),
        Format::Table | Format::Markdown | Format::Csv => |_| false,
    }
}

/// The scored case in one of the report's formats.
fn render_case(
    ledger: &Ledger,
    rubric: &Rubric,
    as_of: Option<Moment>,
    format: Format,
    width: Option<u16>,
) -> String {
    let case = score_with(ledger, rubric, as_of, origins_shown(format));
    match format {
        // `report` writes a page as it is drawn ([`html_page`]); this is the same page at once.
        Format::Html => html_renderer(ledger, rubric, &case).render(&case),
        Format::Table => TableRenderer { width }.render(&case),
        Format::Json => JsonRenderer.render(&case),
        Format::Markdown => MarkdownRenderer.render(&case),
        Format::Csv => CsvRenderer.render(&case),
    }
}

fn html_renderer(ledger: &Ledger, rubric: &Rubric, case: &CaseScore) -> HtmlRenderer {
    HtmlRenderer {
        timelines: timelines_of(ledger, rubric, case),
        sources: source_records(case, rubric.interval),
        likelihood_bounds: rubric.likelihood_bounds,
        version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// The HTML page of a ledger, written to the destination as its cards are drawn.
fn html_page(
    p: &ReportPlan,
    progress: &CliProgress,
    ledger: &Ledger,
    rubric: &Rubric,
    protected: &[PathBuf],
    out: &mut dyn Write,
) -> Result<()> {
    progress.phase(&format!("scoring {} claims", ledger.claims.len()));
    let case = score_with(ledger, rubric, p.as_of, origins_shown(Format::Html));
    progress.phase("timelines and track records");
    let page = html_renderer(ledger, rubric, &case);
    let drawn = |done: usize, total: usize| {
        progress.phase(&format!("drawing timelines: {done} of {total}"));
    };
    // The page's controls are character references already (`text::html_controls`).
    emit::stream_clean(&p.output, protected, out, progress, |w| {
        page.write_owned(case, w, &drawn)
    })
}

pub fn run(p: &ReportPlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    if let Some(dir) = &p.from_spark {
        return super::from_spark::run(p, dir, protected, out);
    }
    let progress = CliProgress::new(input::total_size(&p.inputs.ledgers));
    // The gold file is read while the data is (it needs only the data's questions later).
    let (data, (gold_loaded, seed_loaded)) = rayon::join(
        || input::load_data(&p.inputs.ledgers, p.inputs.format, &progress),
        || {
            let load = |f: &Option<PathBuf>| {
                f.as_ref()
                    .map(|g| bulk::gold::load_gold(g, p.inputs.format))
            };
            (load(&p.gold), load(&p.seed))
        },
    );
    let loaded = input::both(data, input::rubric(p.inputs.rubric.as_deref()));
    let (data, mut rubric) = match loaded {
        Ok(x) => x,
        Err(e) => {
            progress.finish();
            return Err(e);
        }
    };
    let ledger = match data {
        Data::Toml(l) | Data::BulkLedger(l) if p.gold.is_some() || p.seed.is_some() => {
            progress.finish();
            drop(l);
            let flag = if p.gold.is_some() { "--gold" } else { "--seed" };
            return Err(Error::Usage(format!(
                "{flag} needs triples (`source,question,value` files): a ledger has no gold answers"
            )));
        }
        Data::Toml(l) | Data::BulkLedger(l) => l,
        Data::Triples(data) => {
            let answers = [gold_loaded, seed_loaded];
            return report_triples(p, protected, &progress, data, answers, rubric, out);
        }
    };
    if let Some(m) = p.method {
        let mut params = rubric.reliability.unwrap_or_default();
        params.method = m;
        rubric.reliability = Some(params);
    }
    if p.format == Format::Json {
        let written = report_json(p, protected, &progress, &ledger, &rubric, out);
        progress.finish();
        return written;
    }
    if p.format == Format::Html {
        let written = html_page(p, &progress, &ledger, &rubric, protected, out);
        progress.finish();
        return written;
    }
    progress.finish();
    let text = render_case(&ledger, &rubric, p.as_of, p.format, p.width);
    emit::emit(&p.output, &text, protected, out)
}

/// The JSON report of a ledger, written while its claims are scored (the same bytes as
/// [`JsonRenderer`], without holding every claim's details; see [`crate::score::stream`]): to a file
/// atomically, or to `out`. JSON escapes every control character, so it needs no terminal sanitising.
fn report_json(
    p: &ReportPlan,
    protected: &[PathBuf],
    progress: &CliProgress,
    ledger: &Ledger,
    rubric: &Rubric,
    out: &mut dyn Write,
) -> Result<()> {
    progress.phase(&format!("scoring {} claims", ledger.claims.len()));
    let case = crate::score::stream::Prepared::new(ledger, rubric, p.as_of);
    let total = case.order.len();
    let shown = |done: usize| progress.phase(&format!("writing claims: {done} of {total}"));
    emit::stream_clean(&p.output, protected, out, progress, |w| {
        crate::render::json_stream::write_json(&case, w, &shown)
    })
}

/// The lean report of triples, streamed to `out` or gathered for an atomic write to the file.
fn report_triples(
    p: &ReportPlan,
    protected: &[PathBuf],
    progress: &CliProgress,
    data: Box<bulk::Triples>,
    [gold_loaded, seed_loaded]: [Option<Result<bulk::gold::Gold>>; 2],
    mut rubric: Rubric,
    out: &mut dyn Write,
) -> Result<()> {
    if let Err(e) = triples_format(p.format) {
        progress.finish();
        return Err(e);
    }
    let resolve = |loaded: Option<Result<bulk::gold::Gold>>| -> Result<_> {
        Ok(match loaded {
            Some(g) => {
                let g = g?;
                let answers = bulk::gold::resolve(&g, &data);
                let name = g.name.clone();
                drop_later(g);
                Some((name, answers))
            }
            None => None,
        })
    };
    let (gold, seeds) = match resolve(gold_loaded).and_then(|g| Ok((g, resolve(seed_loaded)?))) {
        Ok(x) => x,
        Err(e) => {
            progress.finish();
            return Err(e);
        }
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
        seeds.as_ref().map(|(n, a)| (n.as_str(), a.as_slice())),
    );
    progress.finish();
    let written = write_triples(p, protected, &scored, out);
    drop(scored);
    drop_later(data);
    written
}

/// Triples are rendered as a table, JSON or HTML.
pub(crate) fn triples_format(format: Format) -> Result<()> {
    if matches!(format, Format::Table | Format::Json | Format::Html) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "--format {} is not available for triples: expected table, json or html",
        format
            .to_possible_value()
            .map_or_else(|| "?".to_string(), |v| v.get_name().to_string())
    )))
}

/// Writes scored triples in the plan's format, streamed to `out` or gathered for an atomic write
/// to the file.
pub(crate) fn write_triples(
    p: &ReportPlan,
    protected: &[PathBuf],
    scored: &crate::score::triples::TriplesScore,
    out: &mut dyn Write,
) -> Result<()> {
    let mut buffer = Vec::new();
    let to_file = matches!(p.output, Destination::File { .. });
    let sink: &mut dyn Write = if to_file { &mut buffer } else { out };
    let written = match p.format {
        Format::Json => crate::render::triples::write_json(scored, sink),
        Format::Html => {
            let text =
                crate::render::triples_html::render(scored, p.limit, env!("CARGO_PKG_VERSION"));
            sink.write_all(text.as_bytes()).and_then(|()| sink.flush())
        }
        _ => {
            let text = crate::render::triples::render_table(scored, p.width, p.limit);
            sink.write_all(text.as_bytes()).and_then(|()| sink.flush())
        }
    };
    match written {
        Ok(()) => emit::finish(&p.output, &buffer, protected),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Run(format!("cannot write the output: {e}"))),
    }
}

/// Drops `x` on a thread of its own. Freeing a large data set (hundreds of thousands of small
/// allocations, and large blocks given back to the system) took about 6 ms after the output of a
/// million triples was written; nobody needs to wait for it. The binary exits without waiting, and
/// the system reclaims the memory; a longer-lived caller gets it freed in the background. If no
/// thread can be started, `x` is dropped here.
pub(crate) fn drop_later<T: Send + 'static>(x: T) {
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(x));
}
