//! The command line, one file per command (as xsv's `src/cmd/`): each holds its clap arguments, the
//! validated plan they become (nothing downstream sees clap) and the function that carries the plan
//! out. Shared plumbing has its own modules: [`args`] (arguments several commands take), [`input`]
//! (loading ledgers and rubrics), [`emit`] (where the text goes), [`progress`] (the progress bar).
//! Errors are rendered and exit codes chosen in [`crate::error`], once, by [`run`].

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::error::Result;

pub mod args;
pub mod calibrate;
pub mod check;
pub mod compare;
pub mod completions;
pub mod draft;
pub mod emit;
pub mod explain;
pub mod export;
pub mod fit;
pub mod from_spark;
pub mod import;
pub mod input;
pub mod progress;
pub mod report;
pub mod schema;
pub mod sensitivity;
pub mod signals;
pub mod sources;
pub mod spark_job;
pub mod synth;
pub mod timeline;
pub mod tuning;

pub use input::{SEEDS, SEEDS_NAME, load};

/// Tells how far to believe each claim in a story, and each source behind it.
///
/// With no command, prints the scored report of the bundled Kursk case with the default rubric.
#[derive(Debug, Parser)]
#[command(name = "corroborate", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub report: report::ReportArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score claims and print per-claim confidence tables and a per-source summary.
    Report(report::ReportArgs),
    /// Validate ledgers and a rubric; list every problem found (exit 0 if none, 2 otherwise).
    Check(check::CheckArgs),
    /// Show how one claim's numbers were reached: origins, criteria, aggregation, grades.
    Explain(explain::ExplainArgs),
    /// Show the dates on which a claim's standing changed, and the reports that changed it.
    Timeline(timeline::TimelineArgs),
    /// List the sources with their reports, claims, outcomes and track-record reliability.
    Sources(sources::SourcesArgs),
    /// Print the JSON Schema of the ledger or rubric format, for TOML editors (Taplo), or of the
    /// report's JSON.
    Schema(schema::SchemaArgs),
    /// Export the scored claims to MISP, STIX 2.1 or schema.org ClaimReview (JSON).
    Export(export::ExportArgs),
    /// Score a rubric against resolved claims, each judged as it stood before its outcome was
    /// known: Brier score, log loss, expected calibration error and a reliability table, with
    /// bootstrap intervals.
    Calibrate(calibrate::CalibrateArgs),
    /// Two rubrics side by side: every claim's probability and phrase under each, rank
    /// correlations, claims that change phrase or cross 50%, and both calibrations.
    Compare(compare::CompareArgs),
    /// What each weight and level of a rubric does: the effect of a ±step change on every claim
    /// and on the Brier score, largest first.
    Sensitivity(sensitivity::SensitivityArgs),
    /// Learn a rubric's weights from resolved claims (penalised maximum likelihood, k-fold
    /// cross-validation) and write them into a copy of the rubric.
    Fit(fit::FitArgs),
    /// Write the synthetic truth-discovery benchmark (triples and gold answers) and print the
    /// Bayes-optimal ceiling of its accuracy.
    Synth(synth::SynthArgs),
    /// Write a PySpark program that learns source reliability from triples on Apache Spark as
    /// `report` does in process (`spark-submit job.py --input claims.csv --output DIR`, then
    /// `report --from-spark DIR`).
    SparkJob(spark_job::SparkJobArgs),
    /// Draft a ledger from plain-text news articles: who said what, when, through whom, hedged
    /// how; every guess marked for review.
    Draft(draft::DraftArgs),
    /// Read a STIX 2.1 bundle or a MISP event (an export of corroborate, or what those platforms
    /// hold) into a TOML ledger that passes `check`.
    Import(import::ImportArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish), generated from the
    /// command-line definition.
    Completions(completions::CompletionsArgs),
    /// Print the man page, corroborate(1), in roff (`corroborate man | man -l -`).
    Man(completions::ManArgs),
}

/// A validated, immutable run plan: one per command.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    Report(report::ReportPlan),
    Check(check::CheckPlan),
    Explain(explain::ExplainPlan),
    Timeline(timeline::TimelinePlan),
    Sources(sources::SourcesPlan),
    Schema(schema::SchemaPlan),
    Export(export::ExportPlan),
    Calibrate(calibrate::CalibratePlan),
    Compare(compare::ComparePlan),
    Sensitivity(sensitivity::SensitivityPlan),
    Fit(fit::FitPlan),
    Synth(synth::SynthPlan),
    SparkJob(spark_job::SparkJobPlan),
    Draft(draft::DraftPlan),
    Import(import::ImportPlan),
    Completions(completions::CompletionsPlan),
    Man(completions::ManPlan),
}

impl Plan {
    pub fn from_cli(cli: Cli) -> Result<Plan> {
        match cli.command {
            None => {
                mistyped_command(&cli.report.input.ledgers)?;
                report::plan(cli.report).map(Plan::Report)
            }
            Some(Command::Report(r)) => report::plan(r).map(Plan::Report),
            Some(Command::Check(i)) => check::plan(i).map(Plan::Check),
            Some(Command::Explain(e)) => explain::plan(e).map(Plan::Explain),
            Some(Command::Timeline(t)) => timeline::plan(t).map(Plan::Timeline),
            Some(Command::Sources(s)) => sources::plan(s).map(Plan::Sources),
            Some(Command::Schema(s)) => Ok(Plan::Schema(schema::plan(s))),
            Some(Command::Export(e)) => export::plan(e).map(Plan::Export),
            Some(Command::Calibrate(a)) => calibrate::plan(a).map(Plan::Calibrate),
            Some(Command::Compare(a)) => compare::plan(a).map(Plan::Compare),
            Some(Command::Sensitivity(a)) => sensitivity::plan(a).map(Plan::Sensitivity),
            Some(Command::Fit(a)) => fit::plan(a).map(Plan::Fit),
            Some(Command::Synth(a)) => synth::plan(a).map(Plan::Synth),
            Some(Command::SparkJob(a)) => spark_job::plan(a).map(Plan::SparkJob),
            Some(Command::Draft(a)) => draft::plan(a).map(Plan::Draft),
            Some(Command::Import(a)) => Ok(Plan::Import(import::plan(a))),
            Some(Command::Completions(a)) => Ok(Plan::Completions(completions::plan(a))),
            Some(Command::Man(a)) => Ok(Plan::Man(completions::man_plan(a))),
        }
    }

    /// Every file the plan reads, of any kind (ledgers, rubrics, gold answers): no output of the
    /// run may replace one of them, whatever name or link it is reached by.
    pub fn input_files(&self) -> Vec<PathBuf> {
        let files = match self {
            Plan::Report(p) => p.input_files(),
            Plan::Compare(p) => p.input_files(),
            Plan::SparkJob(p) => p.input_files(),
            Plan::Check(check::CheckPlan { inputs, .. })
            | Plan::Explain(explain::ExplainPlan { inputs, .. })
            | Plan::Timeline(timeline::TimelinePlan { inputs, .. })
            | Plan::Sources(sources::SourcesPlan { inputs, .. })
            | Plan::Export(export::ExportPlan { inputs, .. })
            | Plan::Calibrate(calibrate::CalibratePlan { inputs, .. })
            | Plan::Sensitivity(sensitivity::SensitivityPlan { inputs, .. })
            | Plan::Fit(fit::FitPlan { inputs, .. }) => inputs.files(),
            Plan::Draft(d) => d.articles.iter().chain(&d.merge).cloned().collect(),
            Plan::Import(i) => vec![i.file.clone()],
            Plan::Schema(_) | Plan::Synth(_) | Plan::Completions(_) | Plan::Man(_) => Vec::new(),
        };
        files
            .into_iter()
            .filter(|p| !crate::read::is_stdin(p))
            .collect()
    }
}

/// Carries out a plan, writing the result to `out` or to the plan's output file (`err` takes what
/// a command prints beside data written to standard output).
pub fn execute(plan: &Plan, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let protected = plan.input_files();
    let p = protected.as_slice();
    match plan {
        Plan::Report(x) => report::run(x, p, out),
        Plan::Check(x) => check::run(x, p, out),
        Plan::Explain(x) => explain::run(x, p, out),
        Plan::Timeline(x) => timeline::run(x, p, out),
        Plan::Sources(x) => sources::run(x, p, out),
        Plan::Schema(x) => schema::run(x, p, out),
        Plan::Export(x) => export::run(x, p, out),
        Plan::Calibrate(x) => calibrate::run(x, p, out),
        Plan::Compare(x) => compare::run(x, p, out),
        Plan::Sensitivity(x) => sensitivity::run(x, p, out),
        Plan::Fit(x) => fit::run(x, p, out),
        Plan::Synth(x) => synth::run(x, p, out, err),
        Plan::SparkJob(x) => spark_job::run(x, p, out),
        Plan::Draft(x) => draft::run(x, out),
        Plan::Import(x) => import::run(x, p, out),
        Plan::Completions(x) => completions::run(x, p, out),
        Plan::Man(x) => completions::run_man(x, p, out),
    }
}

/// With no command, the first word is a ledger file: when no such file exists and the word is a
/// near miss of a command's name (`reprot`), the user meant the command. Names within a
/// Damerau–Levenshtein distance of 2, or a prefix of one command, are suggested; a word with a
/// path separator or an extension is a file name and is left to the loader.
fn mistyped_command(ledgers: &[PathBuf]) -> Result<()> {
    use clap::CommandFactory;
    let Some(first) = ledgers.first() else {
        return Ok(());
    };
    let Some(word) = first.to_str() else {
        return Ok(());
    };
    if word.is_empty()
        || word.contains(['/', '\\', '.'])
        || word == "-"
        || std::fs::symlink_metadata(first).is_ok()
    {
        return Ok(());
    }
    let cmd = Cli::command();
    let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
    let mut best: Option<(usize, &str)> = None;
    for name in &names {
        let d = strsim::damerau_levenshtein(word, name);
        if d <= 2 && d < name.len() && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, name));
        }
    }
    let prefixed: Vec<&&str> = names.iter().filter(|n| n.starts_with(word)).collect();
    let guess = match (best, prefixed.as_slice()) {
        (Some((_, n)), _) => n,
        (None, [one]) => **one,
        _ => return Ok(()),
    };
    Err(crate::error::Error::Usage(format!(
        "unknown command `{}`: did you mean `{guess}`? (no ledger file of that name exists either; `corroborate --help` lists the commands)",
        crate::text::bounded(word)
    )))
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
    match Plan::from_cli(cli).and_then(|plan| execute(&plan, out, err)) {
        Ok(()) => 0,
        Err(e) => {
            let _ = write!(err, "{}", e.render());
            e.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Destination;
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
            Plan::Report(report::ReportPlan {
                inputs: args::Inputs::default(),
                gold: None,
                seed: None,
                method: None,
                as_of: None,
                format: report::Format::Table,
                width: None,
                limit: 20,
                from_spark: None,
                output: Destination::Stdout,
            })
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
            "invalid --as-of `2024-13-01`: expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)"
        );
    }
}
