//! Bulk input: CSV, TSV and JSON Lines files, read streaming.
//!
//! Two kinds of bulk data:
//! - **triples** ([`triples`]): rows `source,question,value` as truth-discovery data sets ship them.
//!   Each distinct (question, value) is a claim, the answers to one question compete, each row is a
//!   supporting report. Strings are interned and only the source–claim graph is kept, so memory grows
//!   with the number of distinct sources, questions, claims and (source, claim) pairs.
//! - **bulk ledgers** ([`ledger`]): the TOML ledger's sources, claims and reports as rows, in separate
//!   files or as a single reports file; they become an ordinary [`crate::Ledger`].
//!
//! The format is chosen by the file's extension (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`; `.toml`
//! stays TOML), or for standard input (`-`) by `--input-format`. What a file holds is told by its
//! header (CSV/TSV) or by the keys of its first object (JSON Lines).

pub mod csvin;
mod fastcsv;
pub mod gold;
pub mod jsonl;
pub mod ledger;
pub mod place;
mod plain_rows;
pub mod triples;

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::ledger::Ledger;
use crate::read::MAX_LEDGER_DATA_BYTES;
pub use triples::Triples;

/// The syntax of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    Toml,
    Csv,
    Tsv,
    Jsonl,
}

impl InputFormat {
    /// The format of a path by its extension (case-insensitive); `None` for other extensions.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(InputFormat::Toml),
            "csv" => Some(InputFormat::Csv),
            "tsv" | "tab" => Some(InputFormat::Tsv),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Toml => "toml",
            InputFormat::Csv => "csv",
            InputFormat::Tsv => "tsv",
            InputFormat::Jsonl => "jsonl",
        }
    }

    pub fn is_bulk(self) -> bool {
        self != InputFormat::Toml
    }
}

pub use crate::read::{Opened, is_stdin};

/// The format of one input: `forced` (from `--input-format`) wins; otherwise the extension. Standard
/// input has no extension, so it needs `forced`.
pub fn format_of(path: &Path, forced: Option<InputFormat>) -> Result<InputFormat> {
    if let Some(f) = forced {
        return Ok(f);
    }
    if is_stdin(path) {
        return Err(Error::Usage(
            "reading standard input (`-`) needs --input-format: expected one of csv, tsv, jsonl, toml"
                .into(),
        ));
    }
    InputFormat::from_path(path).ok_or_else(|| {
        Error::Usage(format!(
            "cannot tell the format of `{}` from its extension: expected .toml, .csv, .tsv, .jsonl or .ndjson, or give --input-format",
            path.display()
        ))
    })
}

/// Reports how many bytes of input have been consumed, for a progress bar. The library never looks
/// at the clock; the command line decides whether and when to draw.
pub trait Progress: Sync {
    fn advance(&self, bytes: u64);
    /// The input is read and a phase without byte counts begins (`msg`: what it does).
    fn phase(&self, _msg: &str) {}
}

/// No progress reporting.
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&self, _bytes: u64) {}
}

/// Opens a file, or standard input for `-`.
pub fn open(path: &Path) -> std::result::Result<Opened, Diagnostic> {
    crate::read::open(path, "a file")
}

/// A diagnostic at a line, without a column.
pub fn at_line(file: &str, line: u64, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line: Some(line as usize),
        column: None,
        message: message.into(),
        snippet: None,
        field: None,
    }
}

/// What a set of bulk files holds.
#[derive(Debug)]
pub enum Bulk {
    Triples(Box<Triples>),
    Ledger(Ledger),
}

/// What one file holds, told by its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Triples,
    Sources,
    Claims,
    Reports,
}

impl Role {
    /// The role of a file with these columns, if any.
    pub fn of_columns(cols: &[String]) -> Option<Role> {
        let has = |c: &str| cols.iter().any(|x| x == c);
        let mut sorted: Vec<&str> = cols.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        if sorted == ["question", "source", "value"] {
            Some(Role::Triples)
        } else if has("claim") && has("source") {
            Some(Role::Reports)
        } else if has("id") && has("statement") {
            Some(Role::Claims)
        } else if has("id") && has("kind") {
            Some(Role::Sources)
        } else {
            None
        }
    }
}

/// The message for a header that fits no role.
pub fn unknown_columns(cols: &[String], sep: &str) -> String {
    format!(
        "unrecognised columns `{}`: expected `source,question,value` (triples), or a sources (`id`, `kind`, …), claims (`id`, `statement`, …) or reports (`claim`, `source`, …) file",
        cols.join(sep)
    )
}

/// A text's first 16 bytes as one number, zero-padded: numbers order as the texts do wherever
/// they differ (where one text ends, its padding is below the other's byte, or equal to a NUL that
/// only the whole texts tell apart), so a sort by this number needs the whole texts only on ties.
pub(crate) fn sort_head(text: &[u8]) -> u128 {
    let mut b = [0u8; 16];
    let n = text.len().min(16);
    b[..n].copy_from_slice(&text[..n]);
    u128::from_be_bytes(b)
}

/// Reads bulk files: all triples (read together as one data set) or the parts of one bulk ledger.
pub fn load(
    paths: &[PathBuf],
    forced: Option<InputFormat>,
    progress: &dyn Progress,
) -> Result<Bulk> {
    load_keeping(paths, forced, progress, None)
}

/// As [`load`]; with `keep`, a bulk ledger holds only the reports that scoring claim `keep` needs
/// (see [`ledger::Parts::keep_claim`]): `explain` of one claim of a large feed. Its `as_of` is then
/// the date scoring the whole ledger defaults to (the latest publication date of every report
/// row), so that the claim scores as in the whole.
pub fn load_keeping(
    paths: &[PathBuf],
    forced: Option<InputFormat>,
    progress: &dyn Progress,
    keep: Option<&str>,
) -> Result<Bulk> {
    let mut kinds = Vec::new();
    for p in paths {
        let format = format_of(p, forced)?;
        if format == InputFormat::Toml {
            return Err(Error::Usage(format!(
                "`{}` is a TOML ledger: TOML ledgers cannot be mixed with CSV or JSON Lines files in one run",
                p.display()
            )));
        }
        kinds.push(format);
    }
    let mut reader = triples::TriplesReader::new();
    let mut parts = ledger::Parts::default();
    let mut diags = Vec::new();
    let mut saw_triples = None::<String>;
    let mut saw_ledger = None::<String>;
    for (p, format) in paths.iter().zip(kinds) {
        let opened = match open(p) {
            Ok(o) => o,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let name = opened.name.clone();
        let result = match format {
            InputFormat::Csv | InputFormat::Tsv => {
                let delim = if format == InputFormat::Tsv {
                    b'\t'
                } else {
                    b','
                };
                csvin::CsvIn::new(opened, delim).and_then(|mut t| match t.role() {
                    Some(Role::Triples) => {
                        saw_triples.get_or_insert(name.clone());
                        reader.read_csv(&mut t, progress)
                    }
                    Some(role) => {
                        saw_ledger.get_or_insert(name.clone());
                        t.limit(MAX_LEDGER_DATA_BYTES, "a bulk ledger file");
                        parts.read_csv(&mut t, role, progress)
                    }
                    None => Err(t.header_error()),
                })
            }
            _ => jsonl::JsonlIn::new(opened).and_then(|mut t| match t.role()? {
                Role::Triples => {
                    saw_triples.get_or_insert(name.clone());
                    reader.read_jsonl(&mut t, progress)
                }
                role => {
                    saw_ledger.get_or_insert(name.clone());
                    t.limit(MAX_LEDGER_DATA_BYTES, "a bulk ledger file");
                    parts.read_jsonl(&mut t, role, progress)
                }
            }),
        };
        if let Err(d) = result {
            diags.push(d);
        }
        if let (Some(t), Some(l)) = (&saw_triples, &saw_ledger) {
            return Err(Error::Usage(format!(
                "`{t}` holds triples and `{l}` part of a ledger: expected either triples files or the files of one ledger"
            )));
        }
    }
    // Problems with values of rows are placed in their files, read again (see [`place`]).
    let placed = |e: Error| match e {
        Error::Input(mut diags) => {
            let names: Vec<(String, PathBuf)> = paths
                .iter()
                .filter(|p| !crate::read::is_stdin(p))
                .map(|p| (p.display().to_string(), p.clone()))
                .collect();
            place::place(&mut diags, &names);
            Error::Input(diags)
        }
        other => other,
    };
    if !diags.is_empty() {
        return Err(placed(Error::Input(diags)));
    }
    if saw_ledger.is_some() {
        progress.phase("checking the ledger");
        if let Some(claim) = keep
            && let Some(latest) = parts.keep_claim(claim)
        {
            let mut ledger = parts.into_ledger().map_err(placed)?;
            ledger.as_of = ledger.as_of.or(latest);
            return Ok(Bulk::Ledger(ledger));
        }
        parts.into_ledger().map(Bulk::Ledger).map_err(placed)
    } else {
        Ok(Bulk::Triples(Box::new(reader.finish())))
    }
}

/// Whether any of the paths is a bulk file (by `forced` or extension), or standard input.
pub fn any_bulk(paths: &[PathBuf], forced: Option<InputFormat>) -> bool {
    match forced {
        Some(f) => f.is_bulk(),
        None => paths
            .iter()
            .any(|p| is_stdin(p) || InputFormat::from_path(p).is_some_and(InputFormat::is_bulk)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(
            InputFormat::from_path(Path::new("a/B.CSV")),
            Some(InputFormat::Csv)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.ndjson")),
            Some(InputFormat::Jsonl)
        );
        assert_eq!(InputFormat::from_path(Path::new("x.txt")), None);
        let e = format_of(Path::new("-"), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "reading standard input (`-`) needs --input-format: expected one of csv, tsv, jsonl, toml"
        );
    }

    #[test]
    fn roles_by_columns() {
        let cols = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            Role::of_columns(&cols("value,source,question")),
            Some(Role::Triples)
        );
        assert_eq!(
            Role::of_columns(&cols("id,claim,source,stance")),
            Some(Role::Reports)
        );
        assert_eq!(
            Role::of_columns(&cols("id,statement,question")),
            Some(Role::Claims)
        );
        assert_eq!(Role::of_columns(&cols("id,name,kind")), Some(Role::Sources));
        assert_eq!(Role::of_columns(&cols("source,claim_id,value")), None);
    }
}
