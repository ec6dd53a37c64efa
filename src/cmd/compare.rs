//! `compare R1 R2`: two rubrics side by side on the same ledgers.

use std::io::Write;
use std::path::PathBuf;

use crate::ledger::Moment;
use clap::Args;

use super::args::{InputArgs, InputFormatArg, Inputs, inputs};
use super::emit::write_out;
use super::input::load_ledger;
use super::tuning::{CutArgs, FormatArgs, StatsArgs, TuneFormat, cut, ledger_names, stats, width};
use crate::error::{Error, Result};
use crate::read::display_name;
use crate::render::compare as r_cmp;
use crate::rubric::load_rubric;
use crate::score::score;
use crate::tune::bootstrap::BootstrapSpec;
use crate::tune::compare::{Sides, compare as compare_sides};
use crate::tune::{Cut, ResolvedSet};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first rubric file (TOML; `-` reads standard input).
    #[arg(value_name = "R1")]
    pub rubric1: PathBuf,
    /// The second rubric file (TOML; `-` reads standard input).
    #[arg(value_name = "R2")]
    pub rubric2: PathBuf,
    /// Ledger files, scored together: TOML, or the CSV / TSV / JSON Lines files of a bulk ledger;
    /// `-` reads standard input. Default: the bundled seeds case.
    #[arg(value_name = "LEDGER")]
    pub ledgers: Vec<PathBuf>,
    /// The syntax of the ledgers, instead of telling it by extension; needed to read standard
    /// input (`-`).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,
    /// With --as-of, the claims are also compared as of that date (default: the ledger's date).
    #[command(flatten)]
    pub cut: CutArgs,
    #[command(flatten)]
    pub stats: StatsArgs,
    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComparePlan {
    pub rubric1: PathBuf,
    pub rubric2: PathBuf,
    pub ledgers: Inputs,
    pub as_of: Option<Moment>,
    pub cut: Cut,
    pub bins: usize,
    pub bootstrap: BootstrapSpec,
    pub format: TuneFormat,
    pub width: Option<u16>,
}

pub fn plan(a: CompareArgs) -> Result<ComparePlan> {
    let (cut, as_of) = cut(&a.cut)?;
    let (bins, bootstrap) = stats(&a.stats)?;
    let ledgers = inputs(
        InputArgs {
            ledgers: a.ledgers,
            rubric: None,
            input_format: a.input_format,
        },
        &[&a.rubric1, &a.rubric2],
    )?;
    Ok(ComparePlan {
        rubric1: a.rubric1,
        rubric2: a.rubric2,
        ledgers,
        as_of,
        cut,
        bins,
        bootstrap,
        format: super::tuning::table_or_json(a.output.format, "compare")?,
        width: width(&a.output)?,
    })
}

impl ComparePlan {
    /// The files the plan reads (never to be overwritten).
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut files = self.ledgers.files();
        files.extend([self.rubric1.clone(), self.rubric2.clone()]);
        files
    }
}

pub fn run(p: &ComparePlan, _protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let ledger = load_ledger(&p.ledgers, "compare");
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
    let names = ledger_names(&p.ledgers.ledgers);
    let (c1, c2) = (score(&ledger, &r1, p.as_of), score(&ledger, &r2, p.as_of));
    let set = ResolvedSet::new(&ledger, p.cut);
    let cmp = compare_sides(
        &Sides {
            case1: &c1,
            case2: &c2,
            rubric1: (&r1, display_name(&p.rubric1)),
            rubric2: (&r2, display_name(&p.rubric2)),
        },
        &set,
        &names,
        p.bins,
        &p.bootstrap,
    );
    let text = match p.format {
        TuneFormat::Table | TuneFormat::Html => r_cmp::render_table(&cmp, p.width),
        TuneFormat::Json => r_cmp::render_json(&cmp),
    };
    write_out(out, &text)
}
