//! The tuning commands — `calibrate`, `compare`, `sensitivity`, `fit` — from clap's arguments to a
//! validated plan, and from a plan to the text printed. The statistics are in [`crate::tune`].

use std::path::PathBuf;

use crate::ledger::Moment;
use clap::{Args, ValueEnum};

use super::{InputArgs, Inputs, SEEDS_NAME, as_of, inputs, load};
use crate::error::{Error, Result, SourceText};
use crate::ledger::Ledger;
use crate::ledger::load::read_text;
use crate::render::{calibrate as r_cal, compare as r_cmp, fit as r_fit, sensitivity as r_sens};
use crate::rubric::{DEFAULT_RUBRIC, load_rubric, parse_rubric};
use crate::score::score;
use crate::tune::bootstrap::{BootstrapSpec, DEFAULT_SEED};
use crate::tune::calibrate::calibrate as calibrate_set;
use crate::tune::compare::{Sides, compare as compare_sides};
use crate::tune::edit::with_values;
use crate::tune::fit::{
    DEFAULT_FOLDS, DEFAULT_LAMBDA, FitReport, FitSpec, MIN_RESOLVED, fit as fit_ledger,
};
use crate::tune::params::{DEFAULT_FIT, PARAMS, Param, find};
use crate::tune::sensitivity::{Subject, sensitivity as sensitivity_of};
use crate::tune::{Cut, Evaluator, ResolvedSet};

const EMBEDDED_RUBRIC: &str = "<embedded config/default.toml>";

/// Output format of the tuning commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TuneFormat {
    Table,
    Json,
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

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = TuneFormat::Table)]
    pub format: TuneFormat,
    /// Wrap tables to this many columns (default: the terminal's width; no wrapping when piped).
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub cut: CutArgs,
    #[command(flatten)]
    pub stats: StatsArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first rubric file (TOML).
    #[arg(value_name = "R1")]
    pub rubric1: PathBuf,
    /// The second rubric file (TOML).
    #[arg(value_name = "R2")]
    pub rubric2: PathBuf,
    /// Ledger files (TOML), scored together. Default: the bundled seeds case.
    #[arg(value_name = "LEDGER")]
    pub ledgers: Vec<PathBuf>,
    /// With --as-of, the claims are also compared as of that date (default: the ledger's date).
    #[command(flatten)]
    pub cut: CutArgs,
    #[command(flatten)]
    pub stats: StatsArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Relative change tried in each direction: each value v becomes v x (1 - STEP) and
    /// v x (1 + STEP), clamped to its valid range. Costs two scorings of the case per parameter.
    #[arg(long, value_name = "STEP", default_value_t = 0.2)]
    pub step: f64,
    /// With --as-of, the claims are also scored as of that date (default: the ledger's date).
    #[command(flatten)]
    pub cut: CutArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the fitted rubric (TOML). Never overwritten unless --force.
    #[arg(short, long = "output", value_name = "NEW.toml")]
    pub out: PathBuf,
    /// Overwrite the output file if it exists (never an input file).
    #[arg(long)]
    pub force: bool,
    /// Comma-separated rubric keys to fit. Default: aggregation.prior,
    /// criteria.verification.weight, criteria.official.weight, criteria.later.weight. Any weight or
    /// level can be added, e.g. criteria.official.interest_factor, dependence.same_organisation.
    #[arg(long, value_name = "KEYS", value_delimiter = ',')]
    pub params: Vec<String>,
    /// Cross-validation folds (each fit is repeated once per fold).
    #[arg(long, value_name = "K", default_value_t = DEFAULT_FOLDS)]
    pub folds: usize,
    /// Strength of the L2 pull towards the starting rubric's values: λ Σ (θ - θ0)², on the
    /// summed log-likelihood; 0.5 is a normal prior with σ = 1 nat on each parameter.
    #[arg(long, value_name = "λ", default_value_t = DEFAULT_LAMBDA)]
    pub lambda: f64,
    #[command(flatten)]
    pub cut: CutArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CalibratePlan {
    pub inputs: Inputs,
    pub cut: Cut,
    pub bins: usize,
    pub bootstrap: BootstrapSpec,
    pub format: TuneFormat,
    pub width: Option<u16>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComparePlan {
    pub rubric1: PathBuf,
    pub rubric2: PathBuf,
    pub ledgers: Vec<PathBuf>,
    pub as_of: Option<Moment>,
    pub cut: Cut,
    pub bins: usize,
    pub bootstrap: BootstrapSpec,
    pub format: TuneFormat,
    pub width: Option<u16>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityPlan {
    pub inputs: Inputs,
    pub as_of: Option<Moment>,
    pub cut: Cut,
    pub step: f64,
    pub format: TuneFormat,
    pub width: Option<u16>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FitPlan {
    pub inputs: Inputs,
    pub cut: Cut,
    pub output: PathBuf,
    pub force: bool,
    pub params: Vec<&'static str>,
    pub folds: usize,
    pub lambda: f64,
    pub format: TuneFormat,
    pub width: Option<u16>,
}

fn usage(msg: String) -> Error {
    Error::Usage(msg)
}

fn cut(c: &CutArgs) -> Result<(Cut, Option<Moment>)> {
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

fn stats(s: &StatsArgs) -> Result<(usize, BootstrapSpec)> {
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

fn width(o: &OutputArgs) -> Result<Option<u16>> {
    if o.width == Some(0) {
        return Err(usage(
            "invalid --width 0: expected a number of columns of at least 1".into(),
        ));
    }
    Ok(o.width)
}

pub fn calibrate_plan(a: CalibrateArgs) -> Result<CalibratePlan> {
    let (cut, _) = cut(&a.cut)?;
    let (bins, bootstrap) = stats(&a.stats)?;
    Ok(CalibratePlan {
        inputs: inputs(a.input),
        cut,
        bins,
        bootstrap,
        format: a.output.format,
        width: width(&a.output)?,
    })
}

pub fn compare_plan(a: CompareArgs) -> Result<ComparePlan> {
    let (cut, as_of) = cut(&a.cut)?;
    let (bins, bootstrap) = stats(&a.stats)?;
    Ok(ComparePlan {
        rubric1: a.rubric1,
        rubric2: a.rubric2,
        ledgers: a.ledgers,
        as_of,
        cut,
        bins,
        bootstrap,
        format: a.output.format,
        width: width(&a.output)?,
    })
}

pub fn sensitivity_plan(a: SensitivityArgs) -> Result<SensitivityPlan> {
    let (cut, as_of) = cut(&a.cut)?;
    if !(a.step.is_finite() && a.step > 0.0 && a.step <= 1.0) {
        return Err(usage(format!(
            "invalid --step {}: expected a relative change greater than 0 and at most 1 (0.2 = ±20%)",
            a.step
        )));
    }
    Ok(SensitivityPlan {
        inputs: inputs(a.input),
        as_of,
        cut,
        step: a.step,
        format: a.output.format,
        width: width(&a.output)?,
    })
}

pub fn fit_plan(a: FitArgs) -> Result<FitPlan> {
    let (cut, _) = cut(&a.cut)?;
    let output = a.out;
    if !(2..=100).contains(&a.folds) {
        return Err(usage(format!(
            "invalid --folds {}: expected from 2 to 100 cross-validation folds",
            a.folds
        )));
    }
    if !(a.lambda.is_finite() && a.lambda >= 0.0) {
        return Err(usage(format!(
            "invalid --lambda {}: expected a finite penalty of at least 0",
            a.lambda
        )));
    }
    let names: Vec<String> = if a.params.is_empty() {
        DEFAULT_FIT.iter().map(|s| s.to_string()).collect()
    } else {
        a.params.iter().map(|s| s.trim().to_string()).collect()
    };
    let mut params: Vec<&'static str> = Vec::new();
    for n in &names {
        let p = find(n).ok_or_else(|| {
            let all: Vec<&str> = PARAMS.iter().map(|p| p.name).collect();
            usage(format!(
                "unknown parameter `{n}` in --params: expected rubric keys among {}",
                all.join(", ")
            ))
        })?;
        if !params.contains(&p.name) {
            params.push(p.name);
        }
    }
    Ok(FitPlan {
        inputs: inputs(a.input),
        cut,
        output,
        force: a.force,
        params,
        folds: a.folds,
        lambda: a.lambda,
        format: a.output.format,
        width: width(&a.output)?,
    })
}

fn ledger_names(paths: &[PathBuf]) -> Vec<String> {
    if paths.is_empty() {
        vec![SEEDS_NAME.to_string()]
    } else {
        paths.iter().map(|p| p.display().to_string()).collect()
    }
}

fn rubric_name(p: &Option<PathBuf>) -> String {
    p.as_ref()
        .map_or(EMBEDDED_RUBRIC.to_string(), |p| p.display().to_string())
}

/// An error for a case with nothing resolved to learn from or score.
fn nothing_resolved(names: &[String], set: &ResolvedSet) -> Error {
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

pub fn calibrate(p: &CalibratePlan) -> Result<String> {
    let (ledger, rubric) = load(&p.inputs)?;
    let names = ledger_names(&p.inputs.ledgers);
    let set = ResolvedSet::new(&ledger, p.cut);
    if set.is_empty() {
        return Err(nothing_resolved(&names, &set));
    }
    let rep = calibrate_set(&set, &rubric, &names, p.bins, &p.bootstrap);
    Ok(match p.format {
        TuneFormat::Table => r_cal::render_table(&rep, p.width),
        TuneFormat::Json => r_cal::render_json(&rep),
    })
}

pub fn compare(p: &ComparePlan) -> Result<String> {
    let ledger = load(&Inputs {
        ledgers: p.ledgers.clone(),
        rubric: None,
    })
    .map(|(l, _)| l);
    let r1 = load_rubric(&p.rubric1);
    let r2 = load_rubric(&p.rubric2);
    let (ledger, r1, r2) = match (ledger, r1, r2) {
        (Ok(l), Ok(a), Ok(b)) => (l, a, b),
        (l, a, b) => {
            let mut diags = Vec::new();
            for e in [l.err(), a.err(), b.err()].into_iter().flatten() {
                match e {
                    Error::Input(d) => diags.extend(d),
                    other => return Err(other),
                }
            }
            return Err(Error::Input(diags));
        }
    };
    let names = ledger_names(&p.ledgers);
    let (c1, c2) = (score(&ledger, &r1, p.as_of), score(&ledger, &r2, p.as_of));
    let set = ResolvedSet::new(&ledger, p.cut);
    let cmp = compare_sides(
        &Sides {
            case1: &c1,
            case2: &c2,
            rubric1: (&r1, p.rubric1.display().to_string()),
            rubric2: (&r2, p.rubric2.display().to_string()),
        },
        &set,
        &names,
        p.bins,
        &p.bootstrap,
    );
    Ok(match p.format {
        TuneFormat::Table => r_cmp::render_table(&cmp, p.width),
        TuneFormat::Json => r_cmp::render_json(&cmp),
    })
}

fn all_claims(ledger: &Ledger, as_of: Option<Moment>) -> (Evaluator, Option<Moment>) {
    let date = as_of.or_else(|| ledger.default_as_of());
    // With no date at all the ledger has no reports: any date gives every claim its prior.
    let d = date.unwrap_or(Moment::MAX);
    let targets: Vec<(usize, Moment)> = (0..ledger.claims.len()).map(|i| (i, d)).collect();
    (Evaluator::new(ledger, &targets), date)
}

pub fn sensitivity(p: &SensitivityPlan) -> Result<String> {
    let (ledger, rubric) = load(&p.inputs)?;
    let names = ledger_names(&p.inputs.ledgers);
    let (all, date) = all_claims(&ledger, p.as_of);
    let ids: Vec<String> = ledger.claims.iter().map(|c| c.id.clone()).collect();
    let resolved = ResolvedSet::new(&ledger, p.cut);
    let rep = sensitivity_of(
        &Subject {
            all: &all,
            claim_ids: &ids,
            as_of: date,
            resolved: &resolved,
            ledgers: &names,
        },
        &rubric,
        p.step,
    );
    Ok(match p.format {
        TuneFormat::Table => r_sens::render_table(&rep, p.width),
        TuneFormat::Json => r_sens::render_json(&rep),
    })
}

pub fn fit(p: &FitPlan) -> Result<String> {
    let out = &p.output;
    // Refuse early, before minutes of fitting, and never touch an input even with --force.
    let read: Vec<PathBuf> = p
        .inputs
        .ledgers
        .iter()
        .chain(&p.inputs.rubric)
        .cloned()
        .collect();
    crate::output::check_writable(out, p.force, &read)?;
    let (ledger, start) = load(&p.inputs)?;
    let start_text = match &p.inputs.rubric {
        Some(path) => read_text(path).map_err(Error::input)?,
        None => SourceText::new(EMBEDDED_RUBRIC, DEFAULT_RUBRIC),
    };
    let names = ledger_names(&p.inputs.ledgers);
    let start_file = rubric_name(&p.inputs.rubric);
    let params: Vec<&'static Param> = p.params.iter().filter_map(|n| find(n)).collect();
    if let Some(missing) = params.iter().find(|q| q.get(&start).is_none()) {
        return Err(usage(format!(
            "`{}` is not set in {start_file}: add it to the rubric to fit it",
            missing.name
        )));
    }
    let spec = FitSpec {
        params: params.clone(),
        lambda: p.lambda,
        folds: p.folds,
        cut: p.cut,
    };
    let result = fit_ledger(&ledger, &start, &spec).map_err(|s| {
        let set = ResolvedSet::new(&ledger, p.cut);
        if set.is_empty() && !set.hindsight.is_empty() {
            return nothing_resolved(&names, &set);
        }
        usage(s.message(&names.join(", "), &p.cut.describe()))
    })?;
    debug_assert!(result.resolved >= MIN_RESOLVED);

    let mut header = format!(
        "Fitted by `corroborate fit` from {start_file} (rubric `{}`).\nFitted values (start -> fitted ± standard error; every other value and comment is the start's):\n",
        start.name
    );
    for q in &result.params {
        header.push_str(&format!(
            "  {} = {} -> {}{}\n",
            q.name,
            q.start,
            q.fitted,
            q.standard_error
                .map_or(String::new(), |s| format!(" ± {s:.4}"))
        ));
    }
    header.push_str(&format!(
        "Data: {}: {} resolved claims ({} true, {} false),\n  judged {}.\nMethod: penalised maximum likelihood, lambda = {} (L2 towards the starting values), {}-fold cross-validation.\nBrier / log loss: start {:.4} / {:.4}; fitted in sample {:.4} / {:.4}; cross-validated {:.4} / {:.4}.",
        names.join(", "),
        result.resolved,
        result.true_count,
        result.false_count,
        result.cut_description,
        result.lambda,
        result.folds,
        result.start.brier,
        result.start.log_loss,
        result.in_sample.brier,
        result.in_sample.log_loss,
        result.cross_validated.brier,
        result.cross_validated.log_loss,
    ));
    let values: Vec<(&Param, f64)> = params
        .iter()
        .map(|q| (*q, q.get(&result.rubric).unwrap_or(f64::NAN)))
        .collect();
    let text = with_values(&start_text.text, &values, &header)
        .map_err(|e| Error::Run(format!("cannot write the fitted rubric: {e}")))?;
    // The file must load and say what was fitted, before it is written.
    let check =
        parse_rubric(&SourceText::new(out.display().to_string(), text.clone())).map_err(|e| {
            Error::Run(format!(
                "the fitted rubric does not validate: {}",
                e.render()
            ))
        })?;
    if params
        .iter()
        .any(|q| q.get(&check) != q.get(&result.rubric))
    {
        return Err(Error::Run(
            "the fitted rubric does not read back with the fitted values".into(),
        ));
    }
    crate::output::write_file(out, text.as_bytes(), p.force, &read)?;
    let report = FitReport {
        start_rubric: start.name.clone(),
        start_file,
        ledgers: names,
        output: out.display().to_string(),
        result,
    };
    Ok(match p.format {
        TuneFormat::Table => r_fit::render_table(&report, p.width),
        TuneFormat::Json => r_fit::render_json(&report),
    })
}
