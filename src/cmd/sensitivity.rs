//! `sensitivity`: what each weight and level of a rubric does to this case.

use std::io::Write;
use std::path::PathBuf;

use crate::ledger::Moment;
use clap::Args;

use super::args::{InputArgs, Inputs, inputs};
use super::emit::write_out;
use super::input::load;
use super::tuning::{CutArgs, FormatArgs, TuneFormat, cut, ledger_names, usage, width};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::render::sensitivity as r_sens;
use crate::tune::sensitivity::{Subject, sensitivity as sensitivity_of};
use crate::tune::{Cut, Evaluator, ResolvedSet};

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
    pub output: FormatArgs,
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

pub fn plan(a: SensitivityArgs) -> Result<SensitivityPlan> {
    let (cut, as_of) = cut(&a.cut)?;
    if !(a.step.is_finite() && a.step > 0.0 && a.step <= 1.0) {
        return Err(usage(format!(
            "invalid --step {}: expected a relative change greater than 0 and at most 1 (0.2 = ±20%)",
            a.step
        )));
    }
    Ok(SensitivityPlan {
        inputs: inputs(a.input, &[])?,
        as_of,
        cut,
        step: a.step,
        format: super::tuning::table_or_json(a.output.format, "sensitivity")?,
        width: width(&a.output)?,
    })
}

fn all_claims(ledger: &Ledger, as_of: Option<Moment>) -> (Evaluator, Option<Moment>) {
    let date = as_of.or_else(|| ledger.default_as_of());
    // With no date at all the ledger has no reports: any date gives every claim its prior.
    let d = date.unwrap_or(Moment::MAX);
    let targets: Vec<(usize, Moment)> = (0..ledger.claims.len()).map(|i| (i, d)).collect();
    (Evaluator::new(ledger, &targets), date)
}

pub fn run(p: &SensitivityPlan, _protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let (ledger, rubric) = load(&p.inputs, "sensitivity")?;
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
    let text = match p.format {
        TuneFormat::Table | TuneFormat::Html => r_sens::render_table(&rep, p.width),
        TuneFormat::Json => r_sens::render_json(&rep),
    };
    write_out(out, &text)
}
