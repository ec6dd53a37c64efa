//! The one loader of every command: the ledgers in any form — the bundled case, TOML files, a bulk
//! ledger's CSV / TSV / JSON Lines files, truth-discovery triples, standard input (`-`) — and the
//! rubric (a file, standard input, or the embedded default), with the problems of both reported
//! together.

use std::path::{Path, PathBuf};

use crate::bulk::{self, Bulk, InputFormat, Progress, Triples};
use crate::error::{Error, Result, SourceText};
use crate::ledger::{Ledger, load_ledgers, parse_ledgers};
use crate::read::is_stdin;
use crate::rubric::{Rubric, load_rubric};

use super::progress::CliProgress;

/// The bundled case: North Korean troops in Russia's Kursk region, Oct–Dec 2024.
pub const SEEDS: &str = include_str!("../../seeds/kursk.toml");
pub const SEEDS_NAME: &str = "<embedded seeds/kursk.toml>";

/// Where the ledgers and rubric come from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inputs {
    /// Empty: the embedded seeds case.
    pub ledgers: Vec<PathBuf>,
    /// None: the embedded default rubric.
    pub rubric: Option<PathBuf>,
    /// The syntax of the ledgers, instead of telling it by extension (`--input-format`).
    pub format: Option<InputFormat>,
}

impl Inputs {
    /// The files read (never to be overwritten).
    pub fn files(&self) -> Vec<PathBuf> {
        self.ledgers
            .iter()
            .chain(self.rubric.iter())
            .cloned()
            .collect()
    }
}

/// The ledgers, as read.
#[derive(Debug)]
pub enum Data {
    /// TOML ledgers, or the bundled case.
    Toml(Ledger),
    /// The sources, claims and reports files of a bulk ledger.
    BulkLedger(Ledger),
    /// Truth-discovery triples (`source,question,value`).
    Triples(Box<Triples>),
}

/// Whether the ledgers are all TOML: by `--input-format`, else by extension (`.toml`, or one no
/// bulk format claims). Standard input needs `--input-format`.
fn all_toml(ledgers: &[PathBuf], format: Option<InputFormat>) -> Result<bool> {
    if let Some(f) = format {
        return Ok(f == InputFormat::Toml);
    }
    let mut toml = true;
    for p in ledgers {
        if is_stdin(p) {
            bulk::format_of(p, None)?;
        }
        toml &= !InputFormat::from_path(p).is_some_and(InputFormat::is_bulk);
    }
    Ok(toml)
}

/// Reads the ledgers in whatever form they come, through one path for every command.
pub fn load_data(
    ledgers: &[PathBuf],
    format: Option<InputFormat>,
    progress: &dyn Progress,
) -> Result<Data> {
    if ledgers.is_empty() {
        return parse_ledgers(&[SourceText::new(SEEDS_NAME, SEEDS)]).map(Data::Toml);
    }
    if all_toml(ledgers, format)? {
        return load_ledgers(ledgers).map(Data::Toml);
    }
    Ok(match bulk::load(ledgers, format, progress)? {
        Bulk::Ledger(l) => Data::BulkLedger(l),
        Bulk::Triples(t) => Data::Triples(t),
    })
}

/// The ledgers, with a progress bar on stderr for long bulk reads.
pub fn load_data_shown(ledgers: &[PathBuf], format: Option<InputFormat>) -> Result<Data> {
    let progress = CliProgress::new(total_size(ledgers));
    let data = load_data(ledgers, format, &progress);
    progress.finish();
    data
}

/// The rubric alone: the file's (or standard input's), or the embedded default.
pub fn rubric(path: Option<&Path>) -> Result<Rubric> {
    match path {
        Some(p) => load_rubric(p),
        None => Ok(Rubric::default_rubric()),
    }
}

/// Both results, or every problem of both.
pub fn both<A, B>(a: Result<A>, b: Result<B>) -> Result<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(Error::Input(mut x)), Err(Error::Input(y))) => {
            x.extend(y);
            Err(Error::Input(x))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// A ledger from data that must be one: triples are refused, naming `command`.
pub fn ledger_of(data: Data, ledgers: &[PathBuf], command: &str) -> Result<Ledger> {
    match data {
        Data::Toml(l) | Data::BulkLedger(l) => Ok(l),
        Data::Triples(_) => Err(triples_refused(ledgers, command)),
    }
}

/// The error for triples given to a command that needs a ledger.
pub fn triples_refused(ledgers: &[PathBuf], command: &str) -> Error {
    let names: Vec<String> = ledgers
        .iter()
        .map(|p| crate::read::display_name(p))
        .collect();
    Error::Usage(format!(
        "`{}` holds truth-discovery triples (`source,question,value`): `{command}` needs a ledger (TOML, or the sources, claims and reports files of a bulk ledger); triples are read by `report` and `check`",
        names.join("`, `")
    ))
}

/// Loads the ledgers (any form but triples) and the rubric for `command`, reporting the problems of
/// both together.
pub fn load(inputs: &Inputs, command: &str) -> Result<(Ledger, Rubric)> {
    let data = load_data_shown(&inputs.ledgers, inputs.format);
    let (data, rubric) = both(data, rubric(inputs.rubric.as_deref()))?;
    Ok((ledger_of(data, &inputs.ledgers, command)?, rubric))
}

/// The ledger and the rubric for scoring the one claim `claim` (`explain`): a bulk ledger is built
/// with only the reports that claim needs (see [`bulk::load_keeping`]) unless the rubric learns
/// reliability from every report; when the claim is not among them, the whole ledger is read, so
/// that the message names what the ledger has.
pub fn load_for_claim(inputs: &Inputs, claim: &str, command: &str) -> Result<(Ledger, Rubric)> {
    let rubric = rubric(inputs.rubric.as_deref());
    let learns = rubric.as_ref().is_ok_and(|r| {
        r.reliability
            .is_some_and(|p| p.method != crate::learn::LearnMethod::None)
    });
    let ledgers = &inputs.ledgers;
    if learns || ledgers.is_empty() || all_toml(ledgers, inputs.format)? {
        return load(inputs, command);
    }
    let progress = CliProgress::new(total_size(ledgers));
    let data = bulk::load_keeping(ledgers, inputs.format, &progress, Some(claim));
    progress.finish();
    let (data, rubric) = both(data, rubric)?;
    let ledger = match data {
        Bulk::Ledger(l) => l,
        Bulk::Triples(_) => return Err(triples_refused(ledgers, command)),
    };
    if ledger.claim_index(claim).is_none() {
        return load(inputs, command);
    }
    Ok((ledger, rubric))
}

/// The ledger alone, for `command`.
pub fn load_ledger(inputs: &Inputs, command: &str) -> Result<Ledger> {
    let data = load_data_shown(&inputs.ledgers, inputs.format)?;
    ledger_of(data, &inputs.ledgers, command)
}

/// The error for a claim id the ledger does not have.
pub fn unknown_claim(ledger: &Ledger, claim: &str) -> Error {
    let mut ids: Vec<&str> = ledger.claims.iter().map(|c| c.id.as_str()).collect();
    ids.truncate(40);
    Error::Usage(format!(
        "unknown claim `{claim}`: expected one of {}",
        ids.join(", ")
    ))
}

/// Total size of the input files, if every one is a file whose size is known.
pub fn total_size(paths: &[PathBuf]) -> Option<u64> {
    paths
        .iter()
        .map(|p| {
            if is_stdin(p) {
                None
            } else {
                std::fs::metadata(p)
                    .ok()
                    .filter(std::fs::Metadata::is_file)
                    .map(|m| m.len())
            }
        })
        .sum()
}
