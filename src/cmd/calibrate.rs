//! `calibrate`: how good a rubric's probabilities were for the claims whose outcome is known.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::args::{InputArgs, Inputs, inputs};
use super::emit::write_out;
use super::input::load;
use super::tuning::{
    CutArgs, FormatArgs, StatsArgs, TuneFormat, cut, ledger_names, nothing_resolved, stats, width,
};
use crate::error::Result;
use crate::render::calibrate as r_cal;
use crate::tune::bootstrap::BootstrapSpec;
use crate::tune::calibrate::calibrate as calibrate_set;
use crate::tune::{Cut, ResolvedSet};

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub cut: CutArgs,
    #[command(flatten)]
    pub stats: StatsArgs,
    #[command(flatten)]
    pub output: FormatArgs,
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

pub fn plan(a: CalibrateArgs) -> Result<CalibratePlan> {
    let (cut, _) = cut(&a.cut)?;
    let (bins, bootstrap) = stats(&a.stats)?;
    Ok(CalibratePlan {
        inputs: inputs(a.input, &[])?,
        cut,
        bins,
        bootstrap,
        format: a.output.format,
        width: width(&a.output)?,
    })
}

pub fn run(p: &CalibratePlan, _protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let (ledger, rubric) = load(&p.inputs, "calibrate")?;
    let names = ledger_names(&p.inputs.ledgers);
    let set = ResolvedSet::new(&ledger, p.cut);
    if set.is_empty() {
        return Err(nothing_resolved(&names, &set));
    }
    let rep = calibrate_set(&set, &rubric, &names, p.bins, &p.bootstrap);
    let text = match p.format {
        TuneFormat::Table => r_cal::render_table(&rep, p.width),
        TuneFormat::Json => r_cal::render_json(&rep),
        TuneFormat::Html => crate::render::calibrate_html::render_html(&rep),
    };
    write_out(out, &text)
}
