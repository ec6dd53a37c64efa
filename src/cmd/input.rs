//! Loading the inputs of a run: the ledgers (or the bundled case) and the rubric (or the embedded
//! default), with the problems of both reported together.

use crate::error::{Error, Result, SourceText};
use crate::ledger::{Ledger, load_ledgers, parse_ledgers};
use crate::rubric::{Rubric, load_rubric};

use super::args::Inputs;

/// The bundled case: North Korean troops in Russia's Kursk region, Oct–Dec 2024.
pub const SEEDS: &str = include_str!("../../seeds/kursk.toml");
pub const SEEDS_NAME: &str = "<embedded seeds/kursk.toml>";

/// Loads the ledgers and the rubric, reporting the problems of both together.
pub fn load(inputs: &Inputs) -> Result<(Ledger, Rubric)> {
    let ledger = if inputs.ledgers.is_empty() {
        parse_ledgers(&[SourceText::new(SEEDS_NAME, SEEDS)])
    } else {
        load_ledgers(&inputs.ledgers)
    };
    let rubric = match &inputs.rubric {
        Some(p) => load_rubric(p),
        None => Ok(Rubric::default_rubric()),
    };
    match (ledger, rubric) {
        (Ok(l), Ok(r)) => Ok((l, r)),
        (Err(Error::Input(mut a)), Err(Error::Input(b))) => {
            a.extend(b);
            Err(Error::Input(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// The rubric alone: the file's, or the embedded default.
pub fn rubric(path: Option<&std::path::Path>) -> Result<Rubric> {
    match path {
        Some(p) => load_rubric(p),
        None => Ok(Rubric::default_rubric()),
    }
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
