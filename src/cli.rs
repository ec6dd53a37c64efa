//! The command line: clap's raw arguments, turned into a validated [`Plan`] that nothing downstream
//! sees clap through, and the one function that carries a plan out.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::bulk::{self, Bulk, InputFormat, Progress};
use crate::error::{Error, Result, SourceText};
use crate::export::{ExportOptions, Target};
use crate::learn::LearnMethod;
use crate::ledger::{Ledger, load_ledgers, parse_ledgers};
use crate::output::{Destination, check_writable, write_file, write_file_with};
use crate::render::{Renderer, explain, json::JsonRenderer, table::TableRenderer};
use crate::render::{csv::CsvRenderer, html::HtmlRenderer, markdown::MarkdownRenderer};
use crate::rubric::{Rubric, load_rubric};
use crate::schema;
use crate::score::score;
use crate::score::timeline::{claim_timeline, timelines};
use crate::score::track_record::source_records;
use crate::synth::{SynthFormat, SynthParams};

pub mod tune;

/// The bundled case: North Korean troops in Russia's Kursk region, Oct–Dec 2024.
pub const SEEDS: &str = include_str!("../seeds/kursk.toml");
pub const SEEDS_NAME: &str = "<embedded seeds/kursk.toml>";

/// Tells how far to believe each claim in a story, and each source behind it.
///
/// With no command, prints the scored report of the bundled Kursk case with the default rubric.
#[derive(Debug, Parser)]
#[command(name = "corroborate", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score claims and print per-claim confidence tables and a per-source summary.
    Report(ReportArgs),
    /// Validate ledgers and a rubric; list every problem found (exit 0 if none, 2 otherwise).
    Check(InputArgs),
    /// Show how one claim's numbers were reached: origins, criteria, aggregation, grades.
    Explain(ExplainArgs),
    /// Show the dates on which a claim's standing changed, and the reports that changed it.
    Timeline(TimelineArgs),
    /// List the sources with their reports, claims, outcomes and track-record reliability.
    Sources(SourcesArgs),
    /// Print the JSON Schema of the ledger or rubric format, for TOML editors (Taplo).
    Schema(SchemaArgs),
    /// Export the scored claims to MISP, STIX 2.1 or schema.org ClaimReview (JSON).
    Export(ExportArgs),
    /// Score a rubric against resolved claims, each judged as it stood before its outcome was
    /// known: Brier score, log loss, expected calibration error and a reliability table, with
    /// bootstrap intervals.
    Calibrate(tune::CalibrateArgs),
    /// Two rubrics side by side: every claim's probability and phrase under each, rank
    /// correlations, claims that change phrase or cross 50%, and both calibrations.
    Compare(tune::CompareArgs),
    /// What each weight and level of a rubric does: the effect of a ±step change on every claim
    /// and on the Brier score, largest first.
    Sensitivity(tune::SensitivityArgs),
    /// Learn a rubric's weights from resolved claims (penalised maximum likelihood, k-fold
    /// cross-validation) and write them into a copy of the rubric.
    Fit(tune::FitArgs),
    /// Write the synthetic truth-discovery benchmark (triples and gold answers) and print the
    /// Bayes-optimal ceiling of its accuracy.
    Synth(SynthArgs),
}

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

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The id of the claim.
    #[arg(value_name = "CLAIM_ID")]
    pub claim: String,
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

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum, value_name = "FORMAT")]
    pub which: SchemaFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to export to.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: ExportFormat,
    #[command(flatten)]
    pub input: InputArgs,
    /// Count only reports published on or before this date (YYYY-MM-DD); also the date the export
    /// is stamped with.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Who publishes the assessment: the ClaimReview author and the STIX producer.
    #[arg(long, value_name = "NAME", default_value = "corroborate")]
    pub author: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

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
    fn format(self) -> InputFormat {
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
    Bayes,
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

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// S: the number of sources.
    #[arg(long, value_name = "S", default_value_t = 100)]
    pub sources: u32,
    /// V: the number of questions [default: 100000, about 1M assertions with the other defaults].
    #[arg(long, value_name = "V", conflicts_with = "assertions")]
    pub questions: Option<u64>,
    /// The number of assertions wanted, on average: sets V = N / (S · p).
    #[arg(long, value_name = "N")]
    pub assertions: Option<u64>,
    /// p: the probability that a source answers a question.
    #[arg(long, value_name = "P", default_value_t = 0.1)]
    pub coverage: f64,
    /// k: the number of values a question can take.
    #[arg(long, value_name = "K", default_value_t = 4)]
    pub values: u32,
    /// Seed of the generator: the same seed writes the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the triples (`.csv`, `.tsv` or `.jsonl`).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: PathBuf,
    /// Where to write the gold answers (`question,value`, same syntax as the triples).
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The id of the claim to explain.
    #[arg(value_name = "CLAIM_ID")]
    pub claim: String,
    #[command(flatten)]
    pub input: InputArgs,
    /// Count only reports published on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// `text` for people, `json` for the claim's full score.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Csv,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourcesFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    Ledger,
    Rubric,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Misp,
    Stix,
    #[value(name = "claimreview")]
    ClaimReview,
}

/// Where the ledgers and rubric come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// Empty: the embedded seeds case.
    pub ledgers: Vec<PathBuf>,
    /// None: the embedded default rubric.
    pub rubric: Option<PathBuf>,
}

/// A validated, immutable run plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    Report {
        inputs: Inputs,
        as_of: Option<NaiveDate>,
        format: Format,
        width: Option<u16>,
        output: Destination,
    },
    Check {
        inputs: Inputs,
    },
    Explain {
        claim: String,
        inputs: Inputs,
        as_of: Option<NaiveDate>,
        format: ExplainFormat,
    },
    Calibrate(tune::CalibratePlan),
    Compare(tune::ComparePlan),
    Sensitivity(tune::SensitivityPlan),
    Fit(tune::FitPlan),
    Timeline {
        claim: String,
        inputs: Inputs,
        as_of: Option<NaiveDate>,
        format: TimelineFormat,
        width: Option<u16>,
        output: Destination,
    },
    Sources {
        inputs: Inputs,
        as_of: Option<NaiveDate>,
        format: SourcesFormat,
        width: Option<u16>,
        output: Destination,
    },
    Schema {
        which: SchemaFormat,
        output: Destination,
    },
    Export {
        to: ExportFormat,
        inputs: Inputs,
        as_of: Option<NaiveDate>,
        author: String,
        output: Destination,
    },
    /// A report of bulk files (triples or a bulk ledger), or of TOML ledgers with a learning
    /// override.
    Bulk {
        inputs: Inputs,
        input_format: Option<InputFormat>,
        gold: Option<PathBuf>,
        seed: Option<PathBuf>,
        method: Option<LearnMethod>,
        as_of: Option<NaiveDate>,
        format: Format,
        width: Option<u16>,
        limit: usize,
        output: Destination,
    },
    /// Check bulk files.
    CheckBulk {
        inputs: Inputs,
    },
    Synth {
        params: SynthParams,
        format: SynthFormat,
        output: PathBuf,
        gold: Option<PathBuf>,
        force: bool,
    },
}

fn width(w: Option<u16>) -> Result<Option<u16>> {
    if w == Some(0) {
        return Err(Error::Usage(
            "invalid --width 0: expected a number of columns of at least 1".into(),
        ));
    }
    Ok(w)
}

fn destination(o: OutputArgs) -> Destination {
    Destination::new(o.output, o.force)
}

fn as_of(s: Option<&str>) -> Result<Option<NaiveDate>> {
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

fn inputs(a: InputArgs) -> Inputs {
    Inputs {
        ledgers: a.ledgers,
        rubric: a.rubric,
    }
}

impl Plan {
    pub fn from_cli(cli: Cli) -> Result<Plan> {
        let report = |r: ReportArgs| -> Result<Plan> {
            if r.width == Some(0) {
                return Err(Error::Usage(
                    "invalid --width 0: expected a number of columns of at least 1".into(),
                ));
            }
            let b = &r.bulk;
            let forced = b.input_format.map(InputFormatArg::format);
            if bulk::any_bulk(&r.input.ledgers, forced)
                || b.gold.is_some()
                || b.seed.is_some()
                || b.method.is_some()
            {
                return Ok(Plan::Bulk {
                    as_of: as_of(r.as_of.as_deref())?,
                    input_format: forced,
                    gold: r.bulk.gold,
                    seed: r.bulk.seed,
                    method: r.bulk.method.map(MethodArg::method),
                    limit: r.bulk.limit,
                    inputs: inputs(r.input),
                    format: r.format,
                    width: r.width,
                    output: destination(r.output),
                });
            }
            Ok(Plan::Report {
                as_of: as_of(r.as_of.as_deref())?,
                inputs: inputs(r.input),
                format: r.format,
                width: r.width,
                output: destination(r.output),
            })
        };
        match cli.command {
            None => report(cli.report),
            Some(Command::Report(r)) => report(r),
            Some(Command::Check(i)) if bulk::any_bulk(&i.ledgers, None) => {
                Ok(Plan::CheckBulk { inputs: inputs(i) })
            }
            Some(Command::Check(i)) => Ok(Plan::Check { inputs: inputs(i) }),
            Some(Command::Synth(a)) => synth_plan(a),
            Some(Command::Explain(e)) => Ok(Plan::Explain {
                as_of: as_of(e.as_of.as_deref())?,
                claim: e.claim,
                inputs: inputs(e.input),
                format: e.format,
            }),
            Some(Command::Calibrate(a)) => tune::calibrate_plan(a).map(Plan::Calibrate),
            Some(Command::Compare(a)) => tune::compare_plan(a).map(Plan::Compare),
            Some(Command::Sensitivity(a)) => tune::sensitivity_plan(a).map(Plan::Sensitivity),
            Some(Command::Fit(a)) => tune::fit_plan(a).map(Plan::Fit),
            Some(Command::Timeline(t)) => Ok(Plan::Timeline {
                as_of: as_of(t.as_of.as_deref())?,
                width: width(t.width)?,
                claim: t.claim,
                inputs: inputs(t.input),
                format: t.format,
                output: destination(t.output),
            }),
            Some(Command::Sources(s)) => Ok(Plan::Sources {
                as_of: as_of(s.as_of.as_deref())?,
                width: width(s.width)?,
                inputs: inputs(s.input),
                format: s.format,
                output: destination(s.output),
            }),
            Some(Command::Schema(s)) => Ok(Plan::Schema {
                which: s.which,
                output: destination(s.output),
            }),
            Some(Command::Export(e)) => {
                if e.author.trim().is_empty() {
                    return Err(Error::Usage("invalid --author ``: expected a name".into()));
                }
                Ok(Plan::Export {
                    as_of: as_of(e.as_of.as_deref())?,
                    to: e.to,
                    inputs: inputs(e.input),
                    author: e.author,
                    output: destination(e.output),
                })
            }
        }
    }
}

/// Loads the ledgers and the rubric, reporting the problems of both together.
pub fn load(inputs: &Inputs) -> Result<(Ledger, Rubric)> {
    let ledger = if inputs.ledgers.is_empty() {
        parse_ledgers(&[SourceText::new(SEEDS_NAME, SEEDS)])
    } else {
        load_ledgers(&inputs.ledgers)
    };
    let rubric = match &inputs.rubric {
        Some(p) => load_rubric(p),
        None => Ok(Rubric::default_rubric()),
    };
    match (ledger, rubric) {
        (Ok(l), Ok(r)) => Ok((l, r)),
        (Err(Error::Input(mut a)), Err(Error::Input(b))) => {
            a.extend(b);
            Err(Error::Input(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

impl Plan {
    /// Where the plan's output goes.
    pub fn destination(&self) -> Destination {
        match self {
            Plan::Report { output, .. }
            | Plan::Timeline { output, .. }
            | Plan::Sources { output, .. }
            | Plan::Schema { output, .. }
            | Plan::Export { output, .. }
            | Plan::Bulk { output, .. } => output.clone(),
            _ => Destination::Stdout,
        }
    }

    /// The files the plan reads (never to be overwritten).
    pub fn input_files(&self) -> Vec<PathBuf> {
        let inputs = match self {
            Plan::Report { inputs, .. }
            | Plan::Check { inputs }
            | Plan::Explain { inputs, .. }
            | Plan::Timeline { inputs, .. }
            | Plan::Sources { inputs, .. }
            | Plan::Export { inputs, .. }
            | Plan::Bulk { inputs, .. }
            | Plan::CheckBulk { inputs } => inputs,
            _ => return Vec::new(),
        };
        let answers: Vec<&PathBuf> = match self {
            Plan::Bulk { gold, seed, .. } => gold.iter().chain(seed.iter()).collect(),
            _ => Vec::new(),
        };
        inputs
            .ledgers
            .iter()
            .chain(inputs.rubric.iter())
            .chain(answers)
            .cloned()
            .collect()
    }
}

fn unknown_claim(ledger: &Ledger, claim: &str) -> Error {
    let mut ids: Vec<&str> = ledger.claims.iter().map(|c| c.id.as_str()).collect();
    ids.truncate(40);
    Error::Usage(format!(
        "unknown claim `{claim}`: expected one of {}",
        ids.join(", ")
    ))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    let mut s = serde_json::to_string_pretty(v).map_err(|e| Error::Run(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Carries out a plan, writing the result to `out` or to the plan's output file.
pub fn execute(plan: &Plan, out: &mut dyn Write) -> Result<()> {
    let dest = plan.destination();
    let protected = plan.input_files();
    // Refuse early, before any work, if the output file may not be written.
    if let Destination::File { path, force } = &dest {
        check_writable(path, *force, &protected)?;
    }
    let text = match plan {
        Plan::Bulk { .. } | Plan::CheckBulk { .. } | Plan::Synth { .. } => {
            return execute_bulk(plan, out);
        }
        Plan::Report {
            inputs,
            as_of,
            format,
            width,
            ..
        } => {
            let (ledger, rubric) = load(inputs)?;
            let case = score(&ledger, &rubric, *as_of);
            match format {
                Format::Table => TableRenderer { width: *width }.render(&case),
                Format::Json => JsonRenderer.render(&case),
                Format::Markdown => MarkdownRenderer.render(&case),
                Format::Csv => CsvRenderer.render(&case),
                Format::Html => HtmlRenderer {
                    timelines: timelines(&ledger, &rubric, *as_of),
                    sources: source_records(&case, rubric.interval),
                    likelihood_bounds: rubric.likelihood_bounds,
                    version: env!("CARGO_PKG_VERSION").to_string(),
                }
                .render(&case),
            }
        }
        Plan::Timeline {
            claim,
            inputs,
            as_of,
            format,
            width,
            ..
        } => {
            let (ledger, rubric) = load(inputs)?;
            let t = claim_timeline(&ledger, &rubric, *as_of, claim)
                .ok_or_else(|| unknown_claim(&ledger, claim))?;
            match format {
                TimelineFormat::Table => crate::render::timeline::render(&t, *width),
                TimelineFormat::Json => to_json(&t)?,
            }
        }
        Plan::Sources {
            inputs,
            as_of,
            format,
            width,
            ..
        } => {
            let (ledger, rubric) = load(inputs)?;
            let case = score(&ledger, &rubric, *as_of);
            let records = source_records(&case, rubric.interval);
            match format {
                SourcesFormat::Table => crate::render::sources::render(&records, *width),
                SourcesFormat::Json => to_json(&serde_json::json!({
                    "format": "corroborate-sources",
                    "version": 1,
                    "as_of": case.as_of,
                    "sources": records,
                }))?,
                SourcesFormat::Csv => crate::render::csv::sources(&records),
                SourcesFormat::Markdown => crate::render::markdown::sources(&records),
            }
        }
        Plan::Schema { which, .. } => schema::schema(match which {
            SchemaFormat::Ledger => schema::Format::Ledger,
            SchemaFormat::Rubric => schema::Format::Rubric,
        }),
        Plan::Export {
            to,
            inputs,
            as_of,
            author,
            ..
        } => {
            let (ledger, rubric) = load(inputs)?;
            let case = score(&ledger, &rubric, *as_of);
            let target = match to {
                ExportFormat::Misp => Target::Misp,
                ExportFormat::Stix => Target::Stix,
                ExportFormat::ClaimReview => Target::ClaimReview,
            };
            crate::export::export(
                &case,
                target,
                &ExportOptions {
                    author: author.clone(),
                },
            )?
        }
        Plan::Check { inputs } => {
            let (ledger, rubric) = load(inputs)?;
            let files = if inputs.ledgers.is_empty() {
                1
            } else {
                inputs.ledgers.len()
            };
            format!(
                "ok: {} ledger file(s): {} sources, {} questions, {} claims, {} reports; rubric `{}`\n",
                files,
                ledger.sources.len(),
                ledger.questions.len(),
                ledger.claims.len(),
                ledger.reports.len(),
                rubric.name
            )
        }
        Plan::Explain {
            claim,
            inputs,
            as_of,
            format,
        } => {
            if bulk::any_bulk(&inputs.ledgers, None) {
                return Err(Error::Usage(
                    "`explain` works on TOML ledgers: bulk files carry no per-report detail to explain; use `report --format json`".into(),
                ));
            }
            let (ledger, rubric) = load(inputs)?;
            if ledger.claim_index(claim).is_none() {
                return Err(unknown_claim(&ledger, claim));
            }
            let case = score(&ledger, &rubric, *as_of);
            let c = case
                .claim(claim)
                .ok_or_else(|| Error::Run(format!("claim `{claim}` was not scored")))?;
            match format {
                ExplainFormat::Text => explain::explain(c, &rubric, case.as_of),
                ExplainFormat::Json => {
                    let mut s =
                        serde_json::to_string_pretty(c).map_err(|e| Error::Run(e.to_string()))?;
                    s.push('\n');
                    s
                }
            }
        }
        Plan::Calibrate(p) => tune::calibrate(p)?,
        Plan::Compare(p) => tune::compare(p)?,
        Plan::Sensitivity(p) => tune::sensitivity(p)?,
        Plan::Fit(p) => tune::fit(p)?,
    };
    if let Destination::File { path, force } = &dest {
        return write_file(path, text.as_bytes(), *force, &protected);
    }
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`corroborate | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Run(format!("cannot write the output: {e}"))),
    }
}

/// Parses `args` and runs. Returns the exit code; clap prints its own help and usage errors.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            // `--help` and `--version` are output, not errors.
            let to: &mut dyn Write = if e.use_stderr() { err } else { out };
            let _ = write!(to, "{}", e.render());
            return code;
        }
    };
    match Plan::from_cli(cli).and_then(|plan| execute(&plan, out)) {
        Ok(()) => 0,
        Err(e) => {
            let _ = write!(err, "{}", e.render());
            e.exit_code()
        }
    }
}

fn synth_plan(a: SynthArgs) -> Result<Plan> {
    if a.sources == 0 || a.sources > 10_000_000 {
        return Err(Error::Usage(format!(
            "invalid --sources {}: expected 1 to 10000000",
            a.sources
        )));
    }
    if !(a.coverage > 0.0 && a.coverage <= 1.0) {
        return Err(Error::Usage(format!(
            "invalid --coverage {}: expected a probability greater than 0 and at most 1",
            a.coverage
        )));
    }
    if !(2..=255).contains(&a.values) {
        return Err(Error::Usage(format!(
            "invalid --values {}: expected 2 to 255",
            a.values
        )));
    }
    let questions = match (a.questions, a.assertions) {
        (Some(q), _) => q,
        (None, Some(n)) => (n as f64 / (f64::from(a.sources) * a.coverage)).round() as u64,
        (None, None) => 100_000,
    };
    let expected = f64::from(a.sources) * a.coverage * questions as f64;
    if questions == 0 || questions > 1_000_000_000 || expected > 2e9 {
        return Err(Error::Usage(format!(
            "invalid size: {questions} questions, about {expected:.0} assertions: expected 1 to 10^9 questions and at most 2·10^9 assertions"
        )));
    }
    let format = match InputFormat::from_path(&a.output) {
        Some(InputFormat::Csv) => SynthFormat::Csv,
        Some(InputFormat::Tsv) => SynthFormat::Tsv,
        Some(InputFormat::Jsonl) => SynthFormat::Jsonl,
        _ => {
            return Err(Error::Usage(format!(
                "cannot tell the format of `{}` from its extension: expected .csv, .tsv or .jsonl",
                a.output.display()
            )));
        }
    };
    Ok(Plan::Synth {
        params: SynthParams {
            sources: a.sources,
            questions,
            coverage: a.coverage,
            values: a.values,
            seed: a.seed,
            ..SynthParams::default()
        },
        format,
        output: a.output,
        gold: a.gold,
        force: a.force,
    })
}

/// Progress on stderr for runs longer than a second: nothing is drawn before then, nor ever when
/// stderr is not a terminal (indicatif hides its bar then).
struct CliProgress {
    start: std::time::Instant,
    total: Option<u64>,
    done: std::sync::atomic::AtomicU64,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl CliProgress {
    fn new(total: Option<u64>) -> CliProgress {
        CliProgress {
            start: std::time::Instant::now(),
            total,
            done: std::sync::atomic::AtomicU64::new(0),
            bar: std::sync::OnceLock::new(),
        }
    }

    fn bar(&self) -> Option<&indicatif::ProgressBar> {
        if let Some(b) = self.bar.get() {
            return Some(b);
        }
        if self.start.elapsed() < std::time::Duration::from_secs(1) {
            return None;
        }
        Some(self.bar.get_or_init(|| {
            let target = indicatif::ProgressDrawTarget::stderr();
            let b = match self.total {
                Some(n) => {
                    let b = indicatif::ProgressBar::with_draw_target(Some(n), target);
                    if let Ok(style) = indicatif::ProgressStyle::with_template(
                        "{msg} {wide_bar} {bytes}/{total_bytes} ({eta})",
                    ) {
                        b.set_style(style);
                    }
                    b
                }
                None => indicatif::ProgressBar::with_draw_target(None, target),
            };
            b.set_message("reading");
            b
        }))
    }

    /// A phase without byte counts (learning): a spinner, if the run is already long.
    fn phase(&self, msg: &str) {
        if let Some(b) = self.bar() {
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            {
                b.set_style(style);
            }
            b.set_message(msg.to_string());
            b.enable_steady_tick(std::time::Duration::from_millis(120));
        }
    }

    fn finish(&self) {
        if let Some(b) = self.bar.get() {
            b.finish_and_clear();
        }
    }
}

impl Progress for CliProgress {
    fn advance(&self, bytes: u64) {
        let done = self
            .done
            .fetch_add(bytes, std::sync::atomic::Ordering::Relaxed)
            + bytes;
        if let Some(b) = self.bar() {
            b.set_position(done);
        }
    }
}

fn write_out(out: &mut dyn Write, text: &str) -> Result<()> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Run(format!("cannot write the output: {e}"))),
    }
}

/// Carries out the bulk plans: reports of triples and bulk ledgers, checks of bulk files, `synth`.
fn execute_bulk(plan: &Plan, out: &mut dyn Write) -> Result<()> {
    match plan {
        Plan::Synth {
            params,
            format,
            output,
            gold,
            force,
        } => {
            check_writable(output, *force, &[])?;
            if let Some(g) = gold {
                check_writable(g, *force, &[])?;
            }
            let mut gold_bytes = Vec::new();
            let summary = write_file_with(output, *force, &[], |f| {
                crate::synth::generate(
                    params,
                    *format,
                    f,
                    gold.as_ref().map(|_| &mut gold_bytes as &mut dyn Write),
                )
            })?;
            if let Some(g) = gold {
                write_file(g, &gold_bytes, *force, &[])?;
            }
            let text = format!(
                "wrote {} assertions to `{}`: {} sources, {} questions ({} answered), coverage {}, {} values, seed {}\n{}Bayes-optimal ceiling (vote weighted by each source's true log-odds ln({}·acc/(1−acc))): {:.4}\nmajority vote: {:.4}\n",
                summary.assertions,
                output.display(),
                params.sources,
                params.questions,
                summary.answered,
                params.coverage,
                params.values,
                params.seed,
                gold.as_ref().map_or(String::new(), |g| format!(
                    "wrote the gold answers of the {} answered questions to `{}`\n",
                    summary.answered,
                    g.display()
                )),
                params.values - 1,
                summary.ceiling,
                summary.majority,
            );
            write_out(out, &text)
        }
        Plan::CheckBulk { inputs } => {
            let total = total_size(&inputs.ledgers);
            let progress = CliProgress::new(total);
            let loaded = bulk::load(&inputs.ledgers, None, &progress);
            progress.finish();
            let rubric = match &inputs.rubric {
                Some(p) => load_rubric(p)?,
                None => Rubric::default_rubric(),
            };
            let text = match loaded? {
                Bulk::Triples(t) => format!(
                    "ok: {} triples file(s): {} reports, {} sources, {} questions, {} claims, {} distinct source–claim pairs; rubric `{}`\n",
                    inputs.ledgers.len(),
                    t.rows,
                    t.graph.n_sources,
                    t.graph.n_questions(),
                    t.graph.n_claims(),
                    t.graph.n_edges(),
                    rubric.name
                ),
                Bulk::Ledger(l) => format!(
                    "ok: {} bulk ledger file(s): {} sources, {} questions, {} claims, {} reports; rubric `{}`\n",
                    inputs.ledgers.len(),
                    l.sources.len(),
                    l.questions.len(),
                    l.claims.len(),
                    l.reports.len(),
                    rubric.name
                ),
            };
            write_out(out, &text)
        }
        Plan::Bulk {
            inputs,
            input_format,
            gold,
            seed,
            method,
            as_of,
            format,
            width,
            limit,
            output,
        } => {
            let protected = plan.input_files();
            if let Destination::File { path, force } = output {
                check_writable(path, *force, &protected)?;
            }
            // The output: straight to `out`, or gathered for an atomic write to the file.
            let mut buffer = Vec::new();
            let to_file = matches!(output, Destination::File { .. });
            let sink: &mut dyn Write = if to_file { &mut buffer } else { out };
            let mut rubric = match &inputs.rubric {
                Some(p) => load_rubric(p)?,
                None => Rubric::default_rubric(),
            };
            let toml_only = !inputs.ledgers.is_empty()
                && !bulk::any_bulk(&inputs.ledgers, *input_format)
                || inputs.ledgers.is_empty();
            if toml_only {
                if gold.is_some() || seed.is_some() {
                    return Err(Error::Usage(format!(
                        "{} needs triples (`source,question,value` files): TOML ledgers have no gold answers",
                        if gold.is_some() { "--gold" } else { "--seed" }
                    )));
                }
                let (ledger, _) = load(inputs)?;
                report_ledger(&ledger, rubric, *method, *as_of, *format, *width, sink)?;
                return finish_output(output, &buffer, &protected);
            }
            let total = total_size(&inputs.ledgers);
            let progress = CliProgress::new(total);
            // The gold file is read while the data is (it needs only the data's questions later).
            let (loaded, (gold_loaded, seed_loaded)) = rayon::join(
                || bulk::load(&inputs.ledgers, *input_format, &progress),
                || {
                    (
                        gold.as_ref().map(|g| bulk::gold::load_gold(g)),
                        seed.as_ref().map(|g| bulk::gold::load_gold(g)),
                    )
                },
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
                    if gold.is_some() || seed.is_some() {
                        return Err(Error::Usage(format!(
                            "{} needs triples (`source,question,value` files), not a bulk ledger",
                            if gold.is_some() { "--gold" } else { "--seed" }
                        )));
                    }
                    report_ledger(&ledger, rubric, *method, *as_of, *format, *width, sink)?;
                    finish_output(output, &buffer, &protected)
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
                    let seeds = match seed_loaded {
                        Some(g) => {
                            let g = g?;
                            let answers = bulk::gold::resolve(&g, &data);
                            Some((g.name.clone(), answers))
                        }
                        None => None,
                    };
                    let mut params = rubric.reliability.take().unwrap_or_default();
                    if let Some(m) = method {
                        params.method = *m;
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
                    let written = match format {
                        Format::Json => crate::render::triples::write_json(&scored, sink),
                        Format::Table => {
                            let text =
                                crate::render::triples::render_table(&scored, *width, *limit);
                            sink.write_all(text.as_bytes()).and_then(|()| sink.flush())
                        }
                        Format::Html => {
                            let text = crate::render::triples_html::render(
                                &scored,
                                *limit,
                                env!("CARGO_PKG_VERSION"),
                            );
                            sink.write_all(text.as_bytes()).and_then(|()| sink.flush())
                        }
                        other => {
                            return Err(Error::Usage(format!(
                                "--format {} is not available for triples: expected table, json or html",
                                other
                                    .to_possible_value()
                                    .map_or_else(|| "?".to_string(), |v| v.get_name().to_string())
                            )));
                        }
                    };
                    drop(scored);
                    drop_later(data);
                    match written {
                        Ok(()) => finish_output(output, &buffer, &protected),
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                        Err(e) => Err(Error::Run(format!("cannot write the output: {e}"))),
                    }
                }
            }
        }
        _ => execute(plan, out),
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
    let case = score(ledger, &rubric, as_of);
    let text = match format {
        Format::Table => TableRenderer { width }.render(&case),
        Format::Json => JsonRenderer.render(&case),
        Format::Markdown => MarkdownRenderer.render(&case),
        Format::Csv => CsvRenderer.render(&case),
        Format::Html => HtmlRenderer {
            timelines: timelines(ledger, &rubric, as_of),
            sources: source_records(&case, rubric.interval),
            likelihood_bounds: rubric.likelihood_bounds,
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
        .render(&case),
    };
    write_out(out, &text)
}

/// Writes gathered output to the plan's file, if it has one (atomically, never over an input).
fn finish_output(output: &Destination, buffer: &[u8], protected: &[PathBuf]) -> Result<()> {
    match output {
        Destination::File { path, force } => write_file(path, buffer, *force, protected),
        Destination::Stdout => Ok(()),
    }
}

/// Total size of the input files, if every one is a file whose size is known.
fn total_size(paths: &[PathBuf]) -> Option<u64> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_arguments_means_the_seeds_report() {
        let plan = Plan::from_cli(Cli::try_parse_from(["corroborate"]).unwrap()).unwrap();
        assert_eq!(
            plan,
            Plan::Report {
                inputs: Inputs {
                    ledgers: vec![],
                    rubric: None
                },
                as_of: None,
                format: Format::Table,
                width: None,
                output: Destination::Stdout,
            }
        );
    }

    #[test]
    fn a_bad_as_of_is_a_usage_error() {
        let e = Plan::from_cli(
            Cli::try_parse_from(["corroborate", "report", "--as-of", "2024-13-01"]).unwrap(),
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert_eq!(
            e.to_string(),
            "invalid --as-of `2024-13-01`: expected a date as YYYY-MM-DD"
        );
    }
}
