//! `fit -o NEW.toml`: learns a rubric's weights from resolved claims and writes them into a copy
//! of the rubric.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::args::{InputArgs, Inputs, OutputArgs, destination, inputs};
use super::emit::{self, write_out};
use super::input::{both, load_ledger};
use super::tuning::{
    CutArgs, EMBEDDED_RUBRIC, FormatArgs, TuneFormat, cut, ledger_names, nothing_resolved,
    rubric_name, usage, width,
};
use crate::error::{Error, Result, SourceText};
use crate::output::Destination;
use crate::read::{MAX_RUBRIC_BYTES, read_text};
use crate::render::fit as r_fit;
use crate::rubric::{DEFAULT_RUBRIC, parse_rubric};
use crate::tune::edit::with_values;
use crate::tune::fit::{
    DEFAULT_FOLDS, FitReport, FitSpec, LAMBDA_GRID, MIN_RESOLVED, fit_with_progress,
};
use crate::tune::params::{DEFAULT_FIT, PARAMS, Param, find};
use crate::tune::{Cut, ResolvedSet};

#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the fitted rubric (TOML). Never overwritten unless --force. `-` prints it on
    /// standard output instead of the summary (which its header comments repeat).
    #[arg(short, long = "output", value_name = "NEW.toml")]
    pub out: PathBuf,
    /// Overwrite the output file if it exists (never an input file).
    #[arg(long)]
    pub force: bool,
    /// Comma-separated rubric keys to fit. Default: aggregation.prior,
    /// criteria.verification.weight, criteria.official.weight, criteria.later.weight. Any weight or
    /// level can be added, e.g. interest.self_serving, dependence.same_organisation.
    #[arg(long, value_name = "KEYS", value_delimiter = ',')]
    pub params: Vec<String>,
    /// Cross-validation folds (each fit is repeated once per fold).
    #[arg(long, value_name = "K", default_value_t = DEFAULT_FOLDS)]
    pub folds: usize,
    /// Strength of the L2 pull towards the starting rubric's values: λ Σ (θ - θ0)², on the
    /// summed log-likelihood; λ = 1/(2σ²) is a normal prior with σ nats on each parameter (0.5:
    /// σ = 1). `auto` chooses it by the cross-validated log loss from 0.125, 0.5, 2, 8, 32 and 128.
    #[arg(long, value_name = "λ|auto", default_value = "auto")]
    pub lambda: String,
    /// Fit for claims of which half come true: each outcome's claims weigh half in the likelihood
    /// (the class-balanced likelihood), so the fit learns how evidence weighs and not how often
    /// this ledger's claims came true. For a rubric meant for claims from elsewhere.
    #[arg(long)]
    pub half_true: bool,
    /// Keep the claims that share a tag starting with PREFIX (e.g. `event:` for tags such as
    /// `event:ferguson`) in one fold, so that cross-validation scores each group by a fit made
    /// without it: how the fit does on a new story, not on more claims of the stories it has seen.
    #[arg(long, value_name = "PREFIX")]
    pub group: Option<String>,
    #[command(flatten)]
    pub cut: CutArgs,
    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FitPlan {
    pub inputs: Inputs,
    pub cut: Cut,
    /// The fitted rubric's file, or standard output.
    pub output: Destination,
    pub params: Vec<&'static str>,
    pub folds: usize,
    /// `None`: chosen by cross-validation.
    pub lambda: Option<f64>,
    pub half_true: bool,
    /// `--group`: the tag prefix whose groups the folds keep whole.
    pub group: Option<String>,
    pub format: TuneFormat,
    pub width: Option<u16>,
}

pub fn plan(a: FitArgs) -> Result<FitPlan> {
    let (cut, _) = cut(&a.cut)?;
    let output = destination(OutputArgs {
        output: Some(a.out),
        force: a.force,
    });
    if !(2..=100).contains(&a.folds) {
        return Err(usage(format!(
            "invalid --folds {}: expected from 2 to 100 cross-validation folds",
            a.folds
        )));
    }
    let lambda = match a.lambda.trim() {
        "auto" => None,
        t => match t.parse::<f64>() {
            Ok(l) if l.is_finite() && l >= 0.0 => Some(l),
            _ => {
                return Err(usage(format!(
                    "invalid --lambda `{}`: expected `auto` or a finite penalty of at least 0",
                    crate::text::bounded(&a.lambda)
                )));
            }
        },
    };
    if a.group.as_deref().is_some_and(|g| g.trim().is_empty()) {
        return Err(usage(
            "invalid --group ``: expected the start of a tag, such as `event:`".to_string(),
        ));
    }
    let names: Vec<String> = if a.params.is_empty() {
        DEFAULT_FIT.iter().map(|s| s.to_string()).collect()
    } else {
        a.params.iter().map(|s| s.trim().to_string()).collect()
    };
    let mut params: Vec<&'static str> = Vec::new();
    for n in &names {
        let p = find(n).ok_or_else(|| {
            let near = closest(n, PARAMS.iter().map(|p| p.name));
            usage(format!(
                "unknown parameter `{n}` in --params: expected one of the {} numeric rubric keys{} \
                 (`corroborate sensitivity --format json` lists every one)",
                PARAMS.len(),
                near.map_or(String::new(), |k| format!(", such as `{k}`, the closest"))
            ))
        })?;
        if !params.contains(&p.name) {
            params.push(p.name);
        }
    }
    Ok(FitPlan {
        inputs: inputs(a.input, &[])?,
        cut,
        output,
        params,
        folds: a.folds,
        lambda,
        half_true: a.half_true,
        group: a.group,
        format: super::tuning::table_or_json(a.output.format, "fit")?,
        width: width(&a.output)?,
    })
}

pub fn run(p: &FitPlan, protected: &[PathBuf], out_text: &mut dyn Write) -> Result<()> {
    // Refuse early, before minutes of fitting, and never touch an input even with --force.
    emit::check(&p.output, protected)?;
    // The rubric's text is read once (it may be standard input) and kept, comments and all.
    let start_text = match &p.inputs.rubric {
        Some(path) => read_text(path, MAX_RUBRIC_BYTES, "a rubric file").map_err(Error::input),
        None => Ok(SourceText::new(EMBEDDED_RUBRIC, DEFAULT_RUBRIC)),
    };
    let start = start_text.and_then(|t| parse_rubric(&t).map(|r| (t, r)));
    let (ledger, (start_text, start)) = both(load_ledger(&p.inputs, "fit"), start)?;
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
        half_true: p.half_true,
        group: p.group.clone(),
    };
    // A fit of many claims takes minutes: a terminal is shown that it is under way.
    let progress = super::progress::CliProgress::phases();
    let result = fit_with_progress(&ledger, &start, &spec, &progress);
    progress.finish();
    let result = result.map_err(|s| {
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
        "Data: {}: {} resolved claims ({} true, {} false),\n  judged {}.\nMethod: penalised maximum likelihood{}, lambda = {} (L2 towards the starting values{}), {}-fold cross-validation ({}).\nBrier / log loss: start {:.4} / {:.4}; fitted in sample {:.4} / {:.4}; cross-validated {:.4} / {:.4}.\nHalf true (each outcome's claims weighing half): start {:.4} / {:.4}; cross-validated {:.4} / {:.4}.",
        names.join(", "),
        result.resolved,
        result.true_count,
        result.false_count,
        result.cut_description,
        if result.half_true {
            " with each outcome's claims weighing half (--half-true)"
        } else {
            ""
        },
        result.lambda,
        if result.lambda_chosen {
            let grid: Vec<String> = LAMBDA_GRID.iter().map(|l| l.to_string()).collect();
            format!(
                "; chosen by the cross-validated log loss from {}",
                grid.join(", ")
            )
        } else {
            String::new()
        },
        result.folds,
        r_fit::folds_made(&result),
        result.start.brier,
        result.start.log_loss,
        result.in_sample.brier,
        result.in_sample.log_loss,
        result.cross_validated.brier,
        result.cross_validated.log_loss,
        result.start.brier_at_even_share,
        result.start.log_loss_at_even_share,
        result.cross_validated.brier_at_even_share,
        result.cross_validated.log_loss_at_even_share,
    ));
    let values: Vec<(&Param, f64)> = params
        .iter()
        .map(|q| (*q, q.get(&result.rubric).unwrap_or(f64::NAN)))
        .collect();
    let text = with_values(&start_text.text, &values, &header)
        .map_err(|e| Error::Run(format!("cannot write the fitted rubric: {e}")))?;
    // The file must load and say what was fitted, before it is written.
    let out_name = match &p.output {
        Destination::File { path, .. } => path.display().to_string(),
        Destination::Stdout => "<stdout>".to_string(),
    };
    let check = parse_rubric(&SourceText::new(out_name.clone(), text.clone())).map_err(|e| {
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
    emit::emit(&p.output, &text, protected, out_text)?;
    if p.output == Destination::Stdout {
        // The rubric was the output; its header comments carry the summary.
        return Ok(());
    }
    let report = FitReport {
        start_rubric: start.name.clone(),
        start_file,
        ledgers: names,
        output: out_name,
        result,
    };
    let summary = match p.format {
        TuneFormat::Table | TuneFormat::Html => r_fit::render_table(&report, p.width),
        TuneFormat::Json => r_fit::render_json(&report),
    };
    write_out(out_text, &summary)
}

/// The candidate nearest to `name` by edit distance (Levenshtein, over characters), if it is near
/// enough to be a plausible typo: at most a third of the name's length, and at least 3 edits.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let name: Vec<char> = name.chars().take(200).collect();
    let limit = (name.len() / 3).max(3);
    candidates
        .map(|c| (edit_distance(&name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Levenshtein distance, one row of the table at a time.
fn edit_distance(a: &[char], b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (up + 1).min(row[j] + 1).min(diag + usize::from(ca != cb));
            diag = up;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_by_hand() {
        let d = |a: &str, b: &str| edit_distance(&a.chars().collect::<Vec<_>>(), b);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("prior", "prior"), 0);
    }

    #[test]
    fn a_typo_gets_the_nearest_key_and_nonsense_gets_none() {
        let keys = [
            "aggregation.prior",
            "interest.self_serving",
            "stances.doubts",
        ];
        assert_eq!(
            closest("interest.self-serving", keys.into_iter()),
            Some("interest.self_serving")
        );
        assert_eq!(
            closest("aggregation.prio", keys.into_iter()),
            Some("aggregation.prior")
        );
        assert_eq!(closest("bogus", keys.into_iter()), None);
    }
}
