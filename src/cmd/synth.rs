//! `synth`: writes the synthetic truth-discovery benchmark and prints its Bayes-optimal ceiling.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::emit::write_out;
use crate::bulk::InputFormat;
use crate::error::{Error, Result};
use crate::output::{check_writable, write_file, write_file_with};
use crate::synth::{SynthFormat, SynthParams};

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

#[derive(Debug, Clone, PartialEq)]
pub struct SynthPlan {
    pub params: SynthParams,
    pub format: SynthFormat,
    pub output: PathBuf,
    pub gold: Option<PathBuf>,
    pub force: bool,
}

pub fn plan(a: SynthArgs) -> Result<SynthPlan> {
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
    Ok(SynthPlan {
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

pub fn run(p: &SynthPlan, out: &mut dyn Write) -> Result<()> {
    let (params, output, gold, force) = (&p.params, &p.output, &p.gold, p.force);
    check_writable(output, force, &[])?;
    if let Some(g) = gold {
        check_writable(g, force, &[])?;
    }
    let mut gold_bytes = Vec::new();
    let summary = write_file_with(output, force, &[], |f| {
        crate::synth::generate(
            params,
            p.format,
            f,
            gold.as_ref().map(|_| &mut gold_bytes as &mut dyn Write),
        )
    })?;
    if let Some(g) = gold {
        write_file(g, &gold_bytes, force, &[])?;
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
