//! `export --to misp|stix|claimreview`: the scored claims for other platforms, with the ledger's
//! entries so that `import` can rebuild it.

use std::io::Write;
use std::path::PathBuf;

use crate::ledger::Moment;
use clap::{Args, ValueEnum};

use super::args::{InputArgs, Inputs, OutputArgs, as_of, destination, inputs};
use super::emit;
use super::input::load;
use crate::error::{Error, Result};
use crate::export::{ExportOptions, Target, Tlp};
use crate::output::Destination;
use crate::score::score;

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
    /// The namespace of the exported ids (a UUID, or any text such as your organisation's domain):
    /// two teams exporting cases of the same title into one platform get different ids.
    #[arg(long, value_name = "UUID|TEXT")]
    pub namespace: Option<String>,
    /// Mark the export with a Traffic Light Protocol level (STIX marking definition, MISP tag).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub tlp: Option<TlpArg>,
    /// Where the reviews are published: each ClaimReview's `url` is URL/CLAIM_ID (a claim's own
    /// `url` in the ledger comes first). Google requires a `url` to publish a review.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Misp,
    Stix,
    #[value(name = "claimreview")]
    ClaimReview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TlpArg {
    Clear,
    Green,
    Amber,
    Red,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportPlan {
    pub to: ExportFormat,
    pub inputs: Inputs,
    pub as_of: Option<Moment>,
    pub options: ExportOptions,
    pub output: Destination,
}

pub fn plan(e: ExportArgs) -> Result<ExportPlan> {
    if e.author.trim().is_empty() {
        return Err(Error::Usage("invalid --author ``: expected a name".into()));
    }
    let namespace = match e.namespace.as_deref() {
        Some(n) if n.trim().is_empty() => {
            return Err(Error::Usage(
                "invalid --namespace ``: expected a UUID or a non-empty text".into(),
            ));
        }
        Some(n) => crate::export::case_namespace(n),
        None => crate::export::namespace(),
    };
    if let Some(u) = &e.base_url
        && !crate::export::is_web_url(u)
    {
        return Err(Error::Usage(format!(
            "invalid --base-url `{}`: expected an absolute http:// or https:// URL",
            crate::text::bounded(u)
        )));
    }
    Ok(ExportPlan {
        as_of: as_of(e.as_of.as_deref())?,
        to: e.to,
        inputs: inputs(e.input, &[])?,
        options: ExportOptions {
            author: e.author,
            namespace,
            tlp: e.tlp.map(|t| match t {
                TlpArg::Clear => Tlp::Clear,
                TlpArg::Green => Tlp::Green,
                TlpArg::Amber => Tlp::Amber,
                TlpArg::Red => Tlp::Red,
            }),
            base_url: e.base_url,
        },
        output: destination(e.output),
    })
}

pub fn run(p: &ExportPlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    let (ledger, rubric) = load(&p.inputs, "export")?;
    let case = score(&ledger, &rubric, p.as_of);
    let target = match p.to {
        ExportFormat::Misp => Target::Misp,
        ExportFormat::Stix => Target::Stix,
        ExportFormat::ClaimReview => Target::ClaimReview,
    };
    let text = crate::export::export(&ledger, &case, target, &p.options)?;
    emit::emit(&p.output, &text, protected, out)
}
