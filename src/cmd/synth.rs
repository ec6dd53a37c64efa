//! `synth`: writes the synthetic truth-discovery benchmark and prints its Bayes-optimal ceiling.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::{OutputArgs, destination};
use super::emit::{self, write_out};
use crate::bulk::InputFormat;
use crate::error::{Error, Result};
use crate::output::{Destination, same_output, write_file_with};
use crate::read::is_stdin;
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
    /// Where to write the triples (`.csv`, `.tsv` or `.jsonl`; `-` for standard output, the
    /// summary then going to standard error).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: PathBuf,
    /// Where to write the gold answers (`question,value`, same syntax as the triples; `-` for
    /// standard output).
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    /// The syntax of both files, instead of telling it by the extension of `-o` (CSV for `-`).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<SynthFormatArg>,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SynthFormatArg {
    Csv,
    Tsv,
    Jsonl,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SynthPlan {
    pub params: SynthParams,
    pub format: SynthFormat,
    pub output: Destination,
    pub gold: Option<Destination>,
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
    let format = match (a.format, InputFormat::from_path(&a.output)) {
        (Some(SynthFormatArg::Csv), _) => SynthFormat::Csv,
        (Some(SynthFormatArg::Tsv), _) => SynthFormat::Tsv,
        (Some(SynthFormatArg::Jsonl), _) => SynthFormat::Jsonl,
        (None, _) if is_stdin(&a.output) => SynthFormat::Csv,
        (None, Some(InputFormat::Csv)) => SynthFormat::Csv,
        (None, Some(InputFormat::Tsv)) => SynthFormat::Tsv,
        (None, Some(InputFormat::Jsonl)) => SynthFormat::Jsonl,
        _ => {
            return Err(Error::Usage(format!(
                "cannot tell the format of `{}` from its extension: expected .csv, .tsv or .jsonl, or give --format",
                a.output.display()
            )));
        }
    };
    if let Some(g) = &a.gold
        && (is_stdin(g) && is_stdin(&a.output) || same_output(g, &a.output))
    {
        return Err(Error::Usage(format!(
            "--gold `{}` and -o `{}` name the same file: expected two different files",
            g.display(),
            a.output.display()
        )));
    }
    let dest = |p: PathBuf| {
        destination(OutputArgs {
            output: Some(p),
            force: a.force,
        })
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
        output: dest(a.output),
        gold: a.gold.map(dest),
    })
}

/// Where a synth output goes, in words.
fn named(d: &Destination) -> String {
    match d {
        Destination::File { path, .. } => format!("`{}`", path.display()),
        Destination::Stdout => "standard output".to_string(),
    }
}

/// Writes `fill`'s bytes to the destination: the file atomically, or standard output.
fn write_to<T>(
    d: &Destination,
    out: &mut dyn Write,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> Result<T> {
    match d {
        Destination::File { path, force } => write_file_with(path, *force, &[], |f| fill(f)),
        Destination::Stdout => {
            let mut w = std::io::BufWriter::new(out);
            fill(&mut w)
                .and_then(|t| w.flush().map(|()| t))
                .map_err(|e| Error::Run(format!("cannot write the output: {e}")))
        }
    }
}

pub fn run(
    p: &SynthPlan,
    protected: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let params = &p.params;
    emit::check(&p.output, protected)?;
    if let Some(g) = &p.gold {
        emit::check(g, protected)?;
    }
    let mut gold_bytes = Vec::new();
    let summary = write_to(&p.output, out, |f| {
        crate::synth::generate(
            params,
            p.format,
            f,
            p.gold.as_ref().map(|_| &mut gold_bytes as &mut dyn Write),
        )
    })?;
    if let Some(g) = &p.gold {
        write_to(g, out, |f| f.write_all(&gold_bytes))?;
    }
    let text = format!(
        "wrote {} assertions to {}: {} sources, {} questions ({} answered), coverage {}, {} values, seed {}\n{}Bayes-optimal ceiling (vote weighted by each source's true log-odds ln({}·acc/(1−acc))): {:.4}\nmajority vote: {:.4}\n",
        summary.assertions,
        named(&p.output),
        params.sources,
        params.questions,
        summary.answered,
        params.coverage,
        params.values,
        params.seed,
        p.gold.as_ref().map_or(String::new(), |g| format!(
            "wrote the gold answers of the {} answered questions to {}\n",
            summary.answered,
            named(g)
        )),
        params.values - 1,
        summary.ceiling,
        summary.majority,
    );
    // The summary goes where the data does not.
    let data_on_stdout =
        p.output == Destination::Stdout || p.gold.as_ref() == Some(&Destination::Stdout);
    write_out(if data_on_stdout { err } else { out }, &text)
}
