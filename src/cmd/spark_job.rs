//! `spark-job`: writes the PySpark program that learns source reliability from triples on Apache
//! Spark, with the rubric's settings as constants ([`crate::spark`]).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::args::{OutputArgs, destination};
use super::emit;
use super::input;
use super::report::MethodArg;
use crate::error::Result;
use crate::output::Destination;

#[derive(Debug, Args)]
pub struct SparkJobArgs {
    /// How to learn source reliability, overriding the rubric's `[reliability] method` (on Spark:
    /// `bayes` without copying and structure, `em` or `none`).
    #[arg(long, value_enum, value_name = "METHOD")]
    pub method: Option<MethodArg>,
    /// Rubric file (TOML; `-` reads standard input) whose `[reliability]` settings the job takes.
    /// Default: config/default.toml, embedded in the binary (whose `bayes` detects copying, which
    /// Spark cannot: give a rubric with `copying = false` and `structure = false`, or `--method em`).
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SparkJobPlan {
    pub method: Option<crate::learn::LearnMethod>,
    pub rubric: Option<PathBuf>,
    pub output: Destination,
}

impl SparkJobPlan {
    pub fn input_files(&self) -> Vec<PathBuf> {
        self.rubric.iter().cloned().collect()
    }
}

pub fn plan(a: SparkJobArgs) -> Result<SparkJobPlan> {
    Ok(SparkJobPlan {
        method: a.method.map(MethodArg::method),
        rubric: a.rubric,
        output: destination(a.output),
    })
}

pub fn run(p: &SparkJobPlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    let rubric = input::rubric(p.rubric.as_deref())?;
    let mut params = rubric.reliability.unwrap_or_default();
    if let Some(m) = p.method {
        params.method = m;
    }
    let text = crate::spark::job(&params, &rubric.name, rubric.interval)?;
    emit::emit(&p.output, &text, protected, out)
}
