//! Bulk ledgers: the TOML ledger's sources, claims and reports as CSV/TSV/JSON Lines rows.
//!
//! A file's columns (or its first object's keys) tell what it holds:
//! - sources: `id`, `kind` and optionally `name`, `official`, `organisation`, `government`,
//!   `interested`, `grade`, `note`;
//! - claims: `id`, `statement` and optionally `question`, `exhaustive`, `tags` (`;`-separated),
//!   `outcome` and `resolved` (a resolution: true/false and its date);
//! - reports: `claim`, `source` and optionally `id` (default `r<n>`, numbering the reports in the
//!   order read), `stance` (default `supports`), `stated`, `published`, `dates`, `via`
//!   (`;`-separated source ids), `cites`, `verification`, `hedging`, `document`, `quote`, `note`, and
//!   `question` (only without a claims file).
//!
//! The values mean what they mean in TOML. A run may give only a reports file: sources it names are then
//! created with kind `other` and claims with their id as statement (and the report's `question`).
//! Questions are created from the claims' `question` values. Every problem is collected with its file
//! and line, and the same rules as for TOML ledgers apply (unique ids, known references, no relay
//! cycles, `cites` about the same claim and not later).
//!
//! Over 600 lines: the three row kinds (sources, claims, reports) are read by one reader that
//! applies every rule of the TOML ledger to them; split, the rules would be repeated.

use crate::ledger::checks::{Subject, answer_problems, chain_problem};
use crate::ledger::resolve::{cites_problem, cycle_message, resolve_chains};
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::de::{DeserializeOwned, IntoDeserializer};

use super::csvin::CsvIn;
use super::jsonl::JsonlIn;
use super::{Role, at_line};
use crate::error::{Diagnostic, Error, FieldAt, Result};
use crate::ledger::load::valid_id;
use crate::ledger::{
    Claim, ClaimKind, DateBasis, Grade, Hedging, Ix, Ledger, Moment, Outcome, Question, Report,
    ReportText, Resolution, Source, SourceKind, Stance, Verification,
};

const SOURCE_COLUMNS: &[&str] = &[
    "id",
    "name",
    "kind",
    "official",
    "organisation",
    "government",
    "interested",
    "grade",
    "note",
    "side",
];
const CLAIM_COLUMNS: &[&str] = &[
    "id",
    "statement",
    "question",
    "exhaustive",
    "tags",
    "outcome",
    "resolved",
    "kind",
    "favours",
    "disfavours",
];
const REPORT_COLUMNS: &[&str] = &[
    "id",
    "claim",
    "source",
    "stance",
    "stated",
    "published",
    "dates",
    "via",
    "cites",
    "verification",
    "hedging",
    "document",
    "quote",
    "note",
    "question",
];

// The longest list of columns: a row's values fit in an array of its length.
const _: () = assert!(
    SOURCE_COLUMNS.len() <= REPORT_COLUMNS.len() && CLAIM_COLUMNS.len() <= REPORT_COLUMNS.len()
);

#[inline(always)]
fn columns_of(role: Role) -> &'static [&'static str] {
    match role {
        Role::Sources => SOURCE_COLUMNS,
        Role::Claims => CLAIM_COLUMNS,
        _ => REPORT_COLUMNS,
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Sources => "sources",
        Role::Claims => "claims",
        Role::Reports => "reports",
        Role::Triples => "triples",
    }
}

/// The rows of one kind (sources, claims or reports) of every file read, end to end in a few
/// buffers: no allocation per row. A row is its place, its values one after another in `text`, and
/// where each value ends (`ends`, one per column of its file, relative to the row's start). A
/// million-row reports file of five columns takes about 80 MB (it took 150 MB as one string and
/// one list of ends per row, 350 MB as one string per value).
#[derive(Default)]
struct Rows {
    text: String,
    ends: Vec<u32>,
    at: Vec<RowAt>,
    /// Each row's number among the rows read (for the default report ids `r<n>`), when only some
    /// rows are kept ([`Parts::keep_claim`]); else row `i` is number `i`.
    numbers: Option<Vec<usize>>,
}

/// Where one row is.
struct RowAt {
    /// Index into [`Parts::files`] (and [`Parts::columns`]).
    file: u32,
    /// Its line in the file. A file holds at most 4 GiB (`MAX_LEDGER_DATA_BYTES`) and a row at
    /// least two bytes, so the line fits in 32 bits: 8 bytes a row fewer, 80 MB of a 10M-row
    /// feed's peak.
    line: u32,
    /// Start of its values in [`Rows::text`] and of their ends in [`Rows::ends`].
    text: usize,
    ends: usize,
}

/// For each column of a role (by its place in the role's list), its place among the file's
/// columns, or [`ABSENT`].
type ColumnMap = [u8; REPORT_COLUMNS.len()];
const ABSENT: u8 = u8::MAX;

impl Rows {
    /// Adds a row of `values`, one per column of its file. A row's text is bounded by the reader's
    /// record limit, far below 4 GiB.
    fn push(&mut self, file: u32, line: u64, values: &[&str]) {
        let (text, ends) = (self.text.len(), self.ends.len());
        for v in values {
            self.text.push_str(v);
            self.ends
                .push(u32::try_from(self.text.len() - text).unwrap_or(u32::MAX));
        }
        self.at.push(RowAt {
            file,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            text,
            ends,
        });
    }

    fn len(&self) -> usize {
        self.at.len()
    }

    /// Makes room for about `rows` more rows of `columns` values (a tenth more, since the
    /// estimate comes from the first rows). Room is only reserved, not touched: a wrong estimate
    /// costs address space, not memory.
    fn reserve(&mut self, rows: usize, columns: usize) {
        let rows = rows.saturating_add(rows / 10);
        let bytes_per_row = self.text.len() / self.at.len().max(1) + 1;
        self.at.reserve(rows);
        self.ends.reserve(rows.saturating_mul(columns));
        self.text.reserve(rows.saturating_mul(bytes_per_row));
    }

    /// The number of row `i` among the rows read.
    fn number(&self, i: usize) -> usize {
        self.numbers.as_ref().map_or(i, |n| n[i])
    }

    /// The rows for which `keep` holds, numbered as they were.
    fn retain(&self, columns: &[ColumnMap], keep: impl Fn(Row<'_>) -> bool) -> Rows {
        let mut out = Rows {
            numbers: Some(Vec::new()),
            ..Rows::default()
        };
        for i in 0..self.len() {
            let row = self.row(i, columns);
            if keep(row) {
                let n = row.ends.len();
                let mut values = [""; REPORT_COLUMNS.len()];
                let mut start = 0;
                for (k, v) in values.iter_mut().enumerate().take(n) {
                    let end = row.ends[k] as usize;
                    *v = &row.text[start..end];
                    start = end;
                }
                out.push(row.file, row.line, &values[..n]);
                if let Some(numbers) = &mut out.numbers {
                    numbers.push(self.number(i));
                }
            }
        }
        out
    }

    fn row<'r>(&'r self, i: usize, columns: &'r [ColumnMap]) -> Row<'r> {
        let a = &self.at[i];
        let (text_end, ends_end) = match self.at.get(i + 1) {
            Some(b) => (b.text, b.ends),
            None => (self.text.len(), self.ends.len()),
        };
        Row {
            file: a.file,
            line: u64::from(a.line),
            text: &self.text[a.text..text_end],
            ends: &self.ends[a.ends..ends_end],
            columns: &columns[a.file as usize],
        }
    }
}

/// The rows of one kind with their files' columns.
#[derive(Clone, Copy)]
struct Table<'r> {
    rows: &'r Rows,
    columns: &'r [ColumnMap],
}

impl<'r> Table<'r> {
    fn len(&self) -> usize {
        self.rows.len()
    }
    fn row(&self, i: usize) -> Row<'r> {
        self.rows.row(i, self.columns)
    }
    fn number(&self, i: usize) -> usize {
        self.rows.number(i)
    }
    fn iter(&self) -> impl Iterator<Item = Row<'r>> + use<'r> {
        let t = *self;
        (0..t.len()).map(move |i| t.row(i))
    }
}

/// One row, seen in its [`Rows`].
#[derive(Clone, Copy)]
struct Row<'r> {
    file: u32,
    line: u64,
    text: &'r str,
    ends: &'r [u32],
    columns: &'r ColumnMap,
}

impl<'r> Row<'r> {
    /// The value of column `col`, if the row's file has it and it is not empty. Inlined so that
    /// the column's place, found from two constants, is folded away (a search of the column names
    /// on every call cost a tenth of loading a million-row feed).
    #[inline(always)]
    fn get(&self, role: Role, col: &str) -> Option<&'r str> {
        let i = columns_of(role).iter().position(|c| *c == col)?;
        let k = self.columns[i];
        if k == ABSENT {
            return None;
        }
        let k = usize::from(k);
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        self.text
            .get(start..self.ends[k] as usize)
            .filter(|s| !s.is_empty())
    }
}

/// The rows of a bulk ledger's files, not yet checked.
#[derive(Default)]
pub struct Parts {
    files: Vec<String>,
    /// Each file's delimiter, or `None` for JSON Lines.
    delimiters: Vec<Option<u8>>,
    /// Each file's columns.
    columns: Vec<ColumnMap>,
    sources: Rows,
    claims: Rows,
    reports: Rows,
    has_sources: bool,
    has_claims: bool,
    diags: Vec<Diagnostic>,
    /// Bytes a block of the plain-rows reader (0: [`super::plain_rows::BLOCK`]); tests make it
    /// small to read a file in many blocks, or [`usize::MAX`] to read every file record by
    /// record.
    block: usize,
}

fn unknown_column(file: &str, line: u64, role: Role, col: &str) -> Diagnostic {
    at_line(
        file,
        line,
        format!(
            "unknown column `{col}` in a {} file: expected some of {}",
            role_name(role),
            columns_of(role).join(", ")
        ),
    )
}

impl Parts {
    fn rows(&mut self, role: Role) -> &mut Rows {
        match role {
            Role::Sources => {
                self.has_sources = true;
                &mut self.sources
            }
            Role::Claims => {
                self.has_claims = true;
                &mut self.claims
            }
            _ => &mut self.reports,
        }
    }

    /// Reads a CSV/TSV file of sources, claims or reports.
    pub fn read_csv(
        &mut self,
        t: &mut CsvIn,
        role: Role,
        progress: &dyn super::Progress,
    ) -> std::result::Result<(), Diagnostic> {
        let known = columns_of(role);
        let mut columns = [ABSENT; REPORT_COLUMNS.len()];
        for (k, c) in t.columns.iter().enumerate() {
            let i = known
                .iter()
                .position(|x| x == c)
                .ok_or_else(|| unknown_column(&t.name, 1, role, c))?;
            columns[i] = u8::try_from(k).unwrap_or(ABSENT);
        }
        let file = self.files.len() as u32;
        self.files.push(t.name.clone());
        self.delimiters.push(Some(t.delimiter()));
        self.columns.push(columns);
        // Each column once (the reader refuses a column named twice), each a known one.
        let n = t.columns.len().min(REPORT_COLUMNS.len());
        // Bytes of the file the progress bar has been told of.
        let mut reported = 0;
        if n == t.columns.len() && self.block != usize::MAX {
            let plain;
            (plain, reported) = self.read_plain(t, role, file, n, progress);
            if plain {
                return Ok(());
            }
        }
        let text_before = self.rows(role).text.len();
        let mut read = 0usize;
        while t.advance()? {
            if read.is_multiple_of(4096) && t.bytes() > reported {
                progress.advance(t.bytes() - reported);
                reported = t.bytes();
            }
            let mut values = [""; REPORT_COLUMNS.len()];
            for (col, v) in values.iter_mut().enumerate().take(n) {
                *v = t.str(col)?;
            }
            let line = t.line();
            let rows = self.rows(role);
            rows.push(file, line, &values[..n]);
            read += 1;
            // Once the first rows show their size, room for the whole file is made at once: the
            // buffers growing by doubling copied themselves and touched twice the memory.
            if read == 4096
                && let Some(size) = t.size
            {
                // A row takes at least a byte per value (its separators and line break): at
                // most size / n rows.
                let size = usize::try_from(size).unwrap_or(0);
                let per_row = (rows.text.len() - text_before) / read + n;
                let left = size.saturating_sub(rows.text.len() - text_before);
                rows.reserve((left / per_row.max(1)).min(left / n.max(1)), n);
            }
        }
        progress.advance(t.bytes().saturating_sub(reported));
        // A file of only a header still says which parts the ledger has.
        self.rows(role);
        Ok(())
    }

    /// Reads the rows of `t`'s file after its header with the block reader of
    /// [`super::plain_rows`], on every core, and `true`; or, when the file is not plain (or is
    /// standard input, or cannot be read again), adds nothing and `false`, and the file is read
    /// record by record from where `t` stands, just after its header. Beside it, the bytes of the
    /// file it told `progress` of.
    fn read_plain(
        &mut self,
        t: &CsvIn,
        role: Role,
        file: u32,
        n: usize,
        progress: &dyn super::Progress,
    ) -> (bool, u64) {
        use super::plain_rows::{BLOCK, complete, parse_block};
        use std::io::Read;
        let (Some(path), Some(size)) = (t.path(), t.size) else {
            return (false, 0);
        };
        if size > crate::read::MAX_LEDGER_DATA_BYTES {
            return (false, 0);
        }
        let Ok(mut f) = std::fs::File::open(path) else {
            return (false, 0);
        };
        // The line of the first row: one more than the line breaks before it.
        let block = if self.block == 0 { BLOCK } else { self.block };
        let mut head = vec![0u8; usize::try_from(t.offset()).unwrap_or(usize::MAX).min(BLOCK)];
        if u64::try_from(head.len()).ok() != Some(t.offset()) || f.read_exact(&mut head).is_err() {
            return (false, 0);
        }
        let mut line = 1 + memchr::memchr_iter(b'\n', &head).count() as u64;
        drop(head);
        let mut reported = t.offset();
        progress.advance(reported);
        let mut left = size.saturating_sub(t.offset());
        let delimiter = t.delimiter();
        let quoting = delimiter == b',';
        let rows = self.rows(role);
        let kept = (rows.text.len(), rows.ends.len(), rows.at.len());
        let mut buf: Vec<u8> = Vec::with_capacity(block);
        let mut first = true;
        let plain = loop {
            // Fill the block (after the part line of the last one), up to the file's size.
            let have = buf.len();
            let want = (block - have.min(block)).min(usize::try_from(left).unwrap_or(usize::MAX));
            buf.resize(have + want, 0);
            let mut got = 0;
            while got < want {
                match f.read(&mut buf[have + got..]) {
                    Ok(0) => break,
                    Ok(k) => got += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            buf.truncate(have + got);
            left -= got as u64;
            let at_end = got < want || left == 0;
            let upto = complete(&buf, at_end);
            if upto == 0 && !at_end {
                // A block without a line break: a line longer than any the reader takes.
                break false;
            }
            let Some(pieces) = parse_block(&buf[..upto], n, delimiter, quoting) else {
                break false;
            };
            for p in pieces {
                let (tb, eb) = (rows.text.len(), rows.ends.len());
                rows.text.push_str(&p.text);
                rows.ends.extend_from_slice(&p.ends);
                rows.at
                    .extend(p.rows.iter().enumerate().map(|(k, &(t, e))| RowAt {
                        file,
                        line: u32::try_from(line + k as u64).unwrap_or(u32::MAX),
                        text: tb + t,
                        ends: eb + e,
                    }));
                line += p.rows.len() as u64;
            }
            if first {
                // Room for the rest at once, from the first block's rows (as the record reader
                // does from its first rows).
                first = false;
                let rows_read = rows.at.len() - kept.2;
                if rows_read > 0 && upto > 0 {
                    let per_row = upto / rows_read;
                    rows.reserve(usize::try_from(left).unwrap_or(0) / per_row.max(1), n);
                }
            }
            progress.advance(upto as u64);
            reported += upto as u64;
            buf.drain(..upto);
            if at_end {
                break buf.is_empty();
            }
        };
        if !plain {
            rows.text.truncate(kept.0);
            rows.ends.truncate(kept.1);
            rows.at.truncate(kept.2);
        }
        (plain, reported)
    }

    /// Reads a JSON Lines file of sources, claims or reports. Values may be strings, numbers,
    /// booleans, null (absent) or, for `via` and `tags`, arrays of strings.
    pub fn read_jsonl(
        &mut self,
        t: &mut JsonlIn,
        role: Role,
        progress: &dyn super::Progress,
    ) -> std::result::Result<(), Diagnostic> {
        let known = columns_of(role);
        let file = self.files.len() as u32;
        self.files.push(t.name.clone());
        self.delimiters.push(None);
        // Every known column, in the role's order.
        let mut columns = [ABSENT; REPORT_COLUMNS.len()];
        for (i, c) in columns.iter_mut().enumerate().take(known.len()) {
            *c = i as u8;
        }
        self.columns.push(columns);
        let (mut reported, mut read) = (0, 0usize);
        while t.advance()? {
            if read.is_multiple_of(4096) {
                progress.advance(t.bytes().saturating_sub(reported));
                reported = t.bytes();
            }
            read += 1;
            let obj: serde_json::Map<String, serde_json::Value> = t.parse()?;
            let mut f: Vec<Option<String>> = vec![None; known.len()];
            for (k, v) in obj {
                let i = known
                    .iter()
                    .position(|c| *c == k)
                    .ok_or_else(|| unknown_column(&t.name, t.line, role, &k))?;
                let text = match v {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) => Some(s),
                    serde_json::Value::Bool(b) => Some(b.to_string()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    serde_json::Value::Array(items) if k == "via" || k == "tags" => {
                        let mut parts = Vec::new();
                        for x in items {
                            match x {
                                serde_json::Value::String(s) => parts.push(s),
                                other => {
                                    return Err(at_line(
                                        &t.name,
                                        t.line,
                                        format!(
                                            "`{k}` holds {other}: expected an array of strings"
                                        ),
                                    ));
                                }
                            }
                        }
                        Some(parts.join(";"))
                    }
                    other => {
                        return Err(at_line(
                            &t.name,
                            t.line,
                            format!("`{k}` holds {other}: expected a string, number or boolean"),
                        ));
                    }
                };
                f[i] = text.map(|s| s.trim().to_string());
            }
            let values: Vec<&str> = f.iter().map(|v| v.as_deref().unwrap_or("")).collect();
            let line = t.line;
            self.rows(role).push(file, line, &values);
        }
        progress.advance(t.bytes().saturating_sub(reported));
        self.rows(role);
        Ok(())
    }

    /// Keeps only the report rows that scoring `claim` needs: its own and those of the other
    /// answers of its question (`explain`, on a feed of millions of reports). Reports keep the
    /// default ids of their place among all rows. Returns the latest publication date of all the
    /// report rows (the date scoring defaults to), or `None` when a date of a row left out is not
    /// one (the whole ledger must be read, to report it).
    pub fn keep_claim(&mut self, claim: &str) -> Option<Option<Moment>> {
        let (c, r) = (Role::Claims, Role::Reports);
        let columns = &self.columns;
        let reports = Table {
            rows: &self.reports,
            columns,
        };
        let claims = Table {
            rows: &self.claims,
            columns,
        };
        let mut latest: Option<Moment> = None;
        for row in reports.iter() {
            let Some(text) = row.get(r, "published").or_else(|| row.get(r, "stated")) else {
                continue;
            };
            let m = Moment::parse(text)?;
            latest = Some(latest.map_or(m, |l| l.max(m)));
        }
        // The claims scored together: the answers of its question, else the claim alone.
        let question = if self.has_claims {
            claims
                .iter()
                .find(|row| row.get(c, "id") == Some(claim))
                .and_then(|row| row.get(c, "question"))
        } else {
            reports
                .iter()
                .filter(|row| row.get(r, "claim") == Some(claim))
                .find_map(|row| row.get(r, "question"))
        };
        let mut needed: std::collections::HashSet<&str> = std::collections::HashSet::new();
        needed.insert(claim);
        if let Some(q) = question {
            if self.has_claims {
                for row in claims.iter() {
                    if row.get(c, "question") == Some(q)
                        && let Some(id) = row.get(c, "id")
                    {
                        needed.insert(id);
                    }
                }
            } else {
                for row in reports.iter() {
                    if row.get(r, "question") == Some(q)
                        && let Some(id) = row.get(r, "claim")
                    {
                        needed.insert(id);
                    }
                }
            }
        }
        let kept = self.reports.retain(columns, |row| {
            row.get(r, "claim").is_some_and(|id| needed.contains(id))
        });
        self.reports = kept;
        Some(latest)
    }

    /// Checks everything and builds the ledger, or lists every problem found.
    pub fn into_ledger(self) -> Result<Ledger> {
        let table = |rows| Table {
            rows,
            columns: &self.columns,
        };
        Builder {
            files: &self.files,
            delimiters: &self.delimiters,
            diags: self.diags,
        }
        .build(
            table(&self.sources),
            table(&self.claims),
            table(&self.reports),
            self.has_sources,
            self.has_claims,
        )
    }
}

fn parse_enum<T: DeserializeOwned>(s: &str) -> std::result::Result<T, String> {
    T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(s))
        .map_err(|e| e.to_string())
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// The values of a `;`-separated list, trimmed, empty ones left out.
fn list(s: Option<&str>) -> impl Iterator<Item = &str> {
    s.into_iter()
        .flat_map(|s| s.split(';').map(str::trim).filter(|x| !x.is_empty()))
}

fn split_list(s: Option<&str>) -> Vec<String> {
    s.map(|s| {
        s.split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

struct Builder<'a> {
    files: &'a [String],
    /// Each file's delimiter, or `None` for JSON Lines.
    delimiters: &'a [Option<u8>],
    diags: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn err(&mut self, row: &Row, msg: String) {
        self.diags
            .push(at_line(&self.files[row.file as usize], row.line, msg));
    }

    /// A problem with the value of column `col` of `row`: the file is read again for its column
    /// and a snippet, if the run fails ([`crate::bulk::place`]).
    fn err_in(&mut self, row: &Row, role: Role, col: &str, msg: String) {
        let mut d = at_line(&self.files[row.file as usize], row.line, msg);
        let known = columns_of(role);
        d.field = known.iter().position(|c| *c == col).and_then(|i| {
            let k = row.columns[i];
            (k != ABSENT).then(|| {
                Box::new(match self.delimiters[row.file as usize] {
                    Some(delimiter) => FieldAt::Delimited {
                        index: usize::from(k),
                        delimiter,
                    },
                    None => FieldAt::Key(known[i]),
                })
            })
        });
        self.diags.push(d);
    }

    fn loc(&self, row: &Row) -> String {
        format!("{}:{}", self.files[row.file as usize], row.line)
    }

    fn required<'r>(&mut self, row: &Row<'r>, role: Role, col: &str) -> Option<&'r str> {
        let v = row.get(role, col);
        if v.is_none() {
            self.err_in(
                row,
                role,
                col,
                format!(
                    "missing `{col}` in a {} row: expected a value",
                    role_name(role)
                ),
            );
        }
        v
    }

    fn id(&mut self, row: &Row, role: Role, col: &str, what: &str, s: &str) {
        if !valid_id(s) {
            self.err_in(
                row,
                role,
                col,
                format!(
                    "invalid {what} id `{s}`: expected 1 to 200 characters from A-Z a-z 0-9 . _ -"
                ),
            );
        }
    }

    fn enumerated<T: DeserializeOwned>(&mut self, row: &Row, role: Role, col: &str) -> Option<T> {
        let s = row.get(role, col)?;
        match parse_enum::<T>(s) {
            Ok(v) => Some(v),
            Err(e) => {
                self.err_in(row, role, col, format!("invalid `{col}` `{s}`: {e}"));
                None
            }
        }
    }

    fn boolean(&mut self, row: &Row, role: Role, col: &str) -> Option<bool> {
        let s = row.get(role, col)?;
        let b = parse_bool(s);
        if b.is_none() {
            self.err_in(
                row,
                role,
                col,
                format!("invalid `{col}` `{s}`: expected true or false"),
            );
        }
        b
    }

    fn date(&mut self, row: &Row, role: Role, col: &str) -> Option<Moment> {
        let s = row.get(role, col)?;
        let d = Moment::parse(s);
        if d.is_none() {
            self.err_in(
                row,
                role,
                col,
                format!(
                    "invalid date `{}` for `{col}`: expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)",
                    crate::text::bounded(s)
                ),
            );
        }
        d
    }

    fn outcome(&mut self, row: &Row, role: Role, col: &str) -> Option<Outcome> {
        let s = row.get(role, col)?;
        let o = match parse_bool(s) {
            Some(true) => Some(Outcome::True),
            Some(false) => Some(Outcome::False),
            None if s == "unresolvable" => Some(Outcome::Unresolvable),
            None => None,
        };
        if o.is_none() {
            self.err_in(
                row,
                role,
                col,
                format!(
                    "invalid `{col}` `{}`: expected true, false or unresolvable",
                    crate::text::bounded(s)
                ),
            );
        }
        o
    }

    /// Index of each id among the sorted distinct ids; duplicates reported.
    fn index<'r>(&mut self, rows: Table<'r>, role: Role, what: &str) -> HashMap<&'r str, usize> {
        let mut first: HashMap<&str, Row<'r>> = HashMap::new();
        for r in rows.iter() {
            let Some(id) = r.get(role, "id") else {
                continue;
            };
            if let Some(prev) = first.get(id) {
                let at = self.loc(prev);
                self.err_in(
                    &r,
                    role,
                    "id",
                    format!("duplicate {what} id `{id}`: already defined at {at}"),
                );
            } else {
                first.insert(id, r);
            }
        }
        let mut ids: Vec<&str> = first.into_keys().collect();
        ids.sort_unstable();
        ids.into_iter().enumerate().map(|(i, s)| (s, i)).collect()
    }

    /// The shared checks of the ledger's meaning ([`answer_problems`]), each at the row that defines
    /// the claim (in the claims file, else its first report).
    fn answer_problems(
        &mut self,
        questions: &[Question],
        claims: &[Claim],
        claim_rows: Table<'_>,
        report_rows: Table<'_>,
        has_claims: bool,
    ) {
        let (c, r) = (Role::Claims, Role::Reports);
        let problems = answer_problems(questions, claims);
        if !problems.is_empty() {
            // The row that defines each claim (in the claims file, else its first report), and a
            // question's first answer, found in one pass each.
            let mut claim_row: HashMap<&str, Row<'_>> = HashMap::new();
            if has_claims {
                for row in claim_rows.iter() {
                    let row = &row;
                    if let Some(id) = row.get(c, "id") {
                        claim_row.entry(id).or_insert(*row);
                    }
                }
            }
            for row in report_rows.iter() {
                let row = &row;
                if let Some(id) = row.get(r, "claim") {
                    claim_row.entry(id).or_insert(*row);
                }
            }
            let mut first_answer: HashMap<usize, usize> = HashMap::new();
            for (ci, cl) in claims.iter().enumerate() {
                if let Some(q) = cl.question {
                    first_answer.entry(q).or_insert(ci);
                }
            }
            for p in problems {
                let claim = match p.subject {
                    Subject::Claim(ci) => Some(ci),
                    Subject::Question(q) => first_answer.get(&q).copied(),
                };
                match claim.and_then(|ci| claim_row.get(claims[ci].id.as_str())) {
                    Some(row) => self.err(row, p.message),
                    None => self.diags.push(Diagnostic::file(&self.files[0], p.message)),
                }
            }
        }
    }

    /// One row of the reports: its report, or `None` with its problems in `diags`. `cited` is the
    /// row its `cites` names ([`NONE`] for none or an unknown id).
    fn report(
        &mut self,
        row: &Row<'_>,
        id: String,
        cited: usize,
        c_index: &FxHashMap<&str, usize>,
        s_index: &FxHashMap<&str, usize>,
    ) -> Option<Report> {
        let r = Role::Reports;
        let owner = Owner(&id);
        let lookup = |this: &mut Self,
                      map: &FxHashMap<&str, usize>,
                      col: &str,
                      what: &str,
                      v: &str| {
            let found = map.get(v).copied();
            if found.is_none() {
                this.err_in(
                    row,
                    Role::Reports,
                    col,
                    format!(
                        "unknown {what} `{v}` in `{col}` of {owner}: expected the id of a {what} defined in the ledger"
                    ),
                );
            }
            found
        };
        let claim = self
            .required(row, r, "claim")
            .and_then(|v| lookup(self, c_index, "claim", "claim", v));
        let source = self
            .required(row, r, "source")
            .and_then(|v| lookup(self, s_index, "source", "source", v));
        let mut via = Vec::new();
        if let Some(list) = row.get(r, "via")
            && list.split(';').any(|x| x.trim().is_empty())
        {
            self.err_in(
                row,
                r,
                "via",
                format!(
                    "empty source in `via` of {owner} (`{list}`): expected source ids separated by `;`"
                ),
            );
        }
        for v in list(row.get(r, "via")) {
            if let Some(i) = lookup(self, s_index, "via", "source", v) {
                if Some(i) == source || via.contains(&i) {
                    self.err_in(
                        row,
                        r,
                        "via",
                        format!(
                            "relay cycle in {owner}: `{v}` appears twice in the chain from the speaker to the outlet; expected each source at most once"
                        ),
                    );
                }
                via.push(i);
            }
        }
        let stance = match row.get(r, "stance") {
            Some(_) => self.enumerated::<Stance>(row, r, "stance"),
            None => Some(Stance::Supports),
        };
        let stated = match row.get(r, "stated") {
            Some(_) => self.date(row, r, "stated"),
            None => {
                self.required(row, r, "stated");
                None
            }
        };
        let published = match row.get(r, "published") {
            Some(_) => self.date(row, r, "published"),
            None => stated,
        };
        if let (Some(st), Some(p)) = (stated, published)
            && st > p
        {
            self.err_in(
                row,
                r,
                "published",
                format!(
                    "{owner} is published on {p}, before its statement date {st}: expected `published` on or after `stated`"
                ),
            );
        }
        let dates = self.enumerated::<DateBasis>(row, r, "dates");
        let verification = self.enumerated::<Verification>(row, r, "verification");
        let hedging = self.enumerated::<Hedging>(row, r, "hedging");
        if let Some(ci) = row.get(r, "cites")
            && cited == NONE
        {
            self.err_in(
                row,
                r,
                "cites",
                format!(
                    "unknown report `{ci}` in `cites` of {owner}: expected the id of a report defined in the ledger"
                ),
            );
        }
        let (Some(claim), Some(source), Some(stance), Some(stated), Some(published)) =
            (claim, source, stance, stated, published)
        else {
            return None;
        };
        Some(Report {
            id: id.into(),
            claim: Ix::new(claim),
            source: Ix::new(source),
            stance,
            stated,
            published,
            dates: dates.unwrap_or_default(),
            cites: None,
            verification: verification.unwrap_or_default(),
            hedging: hedging.unwrap_or_default(),
            text: ReportText::boxed(
                via,
                row.get(r, "document").map(String::from),
                row.get(r, "quote").map(String::from),
                row.get(r, "note").map(String::from),
            ),
            origin: Ix::new(source),
            hops: 0,
        })
    }

    fn build(
        mut self,
        source_rows: Table<'_>,
        claim_rows: Table<'_>,
        report_rows: Table<'_>,
        has_sources: bool,
        has_claims: bool,
    ) -> Result<Ledger> {
        let (s, c, r) = (Role::Sources, Role::Claims, Role::Reports);
        // Sources: from the sources file, or created from the reports' `source` and `via`.
        let mut sources: BTreeMap<String, Source> = BTreeMap::new();
        if has_sources {
            let _ = self.index(source_rows, s, "source");
            for row in source_rows.iter() {
                let row = &row;
                let Some(id) = self.required(row, s, "id") else {
                    continue;
                };
                self.id(row, Role::Sources, "id", "source", id);
                let kind = match row.get(s, "kind") {
                    Some(_) => self.enumerated::<SourceKind>(row, s, "kind"),
                    None => {
                        self.required(row, s, "kind");
                        None
                    }
                };
                let official = self.boolean(row, s, "official");
                let interested = self.boolean(row, s, "interested");
                let grade = self.enumerated::<Grade>(row, s, "grade");
                let Some(kind) = kind else { continue };
                sources.entry(id.to_string()).or_insert(Source {
                    id: id.to_string(),
                    name: row.get(s, "name").unwrap_or(id).to_string(),
                    kind,
                    official: official.unwrap_or(kind.official_by_default()),
                    organisation: row.get(s, "organisation").map(String::from),
                    government: row.get(s, "government").map(String::from),
                    interested: interested.unwrap_or(false),
                    side: row.get(s, "side").map(String::from),
                    grade,
                    note: row.get(s, "note").map(String::from),
                });
            }
        } else {
            // The distinct names, gathered on every core before anything is allocated: a million
            // rows name a few thousand. (Which row names a source first does not matter: a source
            // made from a report is its id and nothing else.)
            let seen = distinct(report_rows, |row, put| {
                if let Some(id) = row.get(r, "source") {
                    put(id);
                }
                for id in list(row.get(r, "via")) {
                    put(id);
                }
            });
            for id in seen {
                if valid_id(id) {
                    sources.insert(
                        id.to_string(),
                        Source {
                            name: id.to_string(),
                            id: id.to_string(),
                            kind: SourceKind::Other,
                            official: false,
                            organisation: None,
                            government: None,
                            interested: false,
                            side: None,
                            grade: None,
                            note: None,
                        },
                    );
                }
            }
        }

        // Claims and their questions.
        let mut claims: BTreeMap<String, (Claim, Option<String>)> = BTreeMap::new();
        let mut exhaustive: BTreeMap<String, bool> = BTreeMap::new();
        if has_claims {
            let _ = self.index(claim_rows, c, "claim");
            for row in claim_rows.iter() {
                let row = &row;
                let Some(id) = self.required(row, c, "id") else {
                    continue;
                };
                self.id(row, c, "id", "claim", id);
                let statement = self.required(row, c, "statement");
                let question = row.get(c, "question");
                if let Some(q) = question {
                    self.id(row, c, "question", "question", q);
                    let e = self.boolean(row, c, "exhaustive").unwrap_or(false);
                    *exhaustive.entry(q.to_string()).or_insert(false) |= e;
                }
                let outcome = self.outcome(row, c, "outcome");
                let resolved = self.date(row, c, "resolved");
                let resolution = match (outcome, resolved) {
                    (Some(outcome), date) => Some(Resolution {
                        outcome,
                        date,
                        note: None,
                        citation: None,
                    }),
                    (None, None) => None,
                    (None, Some(_)) => {
                        self.err_in(
                            row,
                            c,
                            "resolved",
                            "a resolution date `resolved` needs an `outcome`: expected both or only the outcome".into(),
                        );
                        None
                    }
                };
                let kind = self
                    .enumerated::<ClaimKind>(row, c, "kind")
                    .unwrap_or_default();
                let favours = split_list(row.get(c, "favours"));
                let disfavours = split_list(row.get(c, "disfavours"));
                let Some(statement) = statement else { continue };
                claims.entry(id.to_string()).or_insert((
                    Claim {
                        id: id.to_string(),
                        statement: statement.to_string(),
                        tags: split_list(row.get(c, "tags")),
                        question: None,
                        resolution,
                        kind,
                        favours,
                        disfavours,
                        url: None,
                    },
                    question.map(String::from),
                ));
            }
        } else if !(0..report_rows.len())
            .into_par_iter()
            .any(|n| report_rows.row(n).get(r, "question").is_some())
        {
            // No report puts its claim in a question (the usual feed): each claim is its id, and
            // the distinct ids are gathered on every core.
            for id in distinct(report_rows, |row, put| {
                if let Some(id) = row.get(r, "claim") {
                    put(id);
                }
            }) {
                if valid_id(id) {
                    claims.insert(id.to_string(), (Claim::named(id), None));
                }
            }
        } else {
            // Each claim's question, as first put (a hash map looked up before anything is
            // allocated).
            let mut seen: FxHashMap<&str, Option<&str>> = FxHashMap::default();
            for row in report_rows.iter() {
                let row = &row;
                let Some(id) = row.get(r, "claim") else {
                    continue;
                };
                let question = row.get(r, "question");
                if let Some(q) = question {
                    self.id(row, r, "question", "question", q);
                    if !exhaustive.contains_key(q) {
                        exhaustive.insert(q.to_string(), false);
                    }
                }
                if !valid_id(id) {
                    continue;
                }
                let put_in = *seen.entry(id).or_insert_with(|| {
                    claims.insert(
                        id.to_string(),
                        (Claim::named(id), question.map(String::from)),
                    );
                    question
                });
                if let Some(q) = question
                    && put_in != Some(q)
                {
                    let was = put_in.unwrap_or("none").to_string();
                    self.err_in(
                        row,
                        r,
                        "question",
                        format!(
                            "claim `{id}` is put in question `{q}` here but in `{was}` by an earlier report: expected one question per claim"
                        ),
                    );
                }
            }
        }
        let questions: Vec<Question> = exhaustive
            .iter()
            .map(|(id, &e)| Question {
                id: id.clone(),
                text: id.clone(),
                exhaustive: e,
            })
            .collect();
        let q_index: HashMap<&str, usize> = questions
            .iter()
            .enumerate()
            .map(|(i, q)| (q.id.as_str(), i))
            .collect();
        let claims: Vec<Claim> = claims
            .into_values()
            .map(|(mut cl, q)| {
                cl.question = q.and_then(|q| q_index.get(q.as_str()).copied());
                cl
            })
            .collect();
        let sources: Vec<Source> = sources.into_values().collect();
        let s_index: FxHashMap<&str, usize> = sources
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i))
            .collect();
        let c_index: FxHashMap<&str, usize> = claims
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i))
            .collect();

        // Reports. Ids default to r1, r2, … in the order read.
        // With no `id` in any row (a feed), every id is `r` and a distinct row number: valid and
        // unique, so neither is checked, and they are looked up only if a row cites another; they
        // are made only then, or as their reports are.
        let any = |col: &str| {
            (0..report_rows.len())
                .into_par_iter()
                .any(|n| report_rows.row(n).get(r, col).is_some())
        };
        let (named, citing) = (any("id"), any("cites"));
        let default_id = |n: usize| format!("r{}", report_rows.number(n) + 1);
        let ids: Vec<String> = if named || citing {
            (0..report_rows.len())
                .into_par_iter()
                .map(|n| {
                    report_rows
                        .row(n)
                        .get(r, "id")
                        .map_or_else(|| default_id(n), String::from)
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut first_at: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(
            if named || citing { ids.len() } else { 0 },
            Default::default(),
        );
        for (n, row) in report_rows.iter().enumerate() {
            if !named {
                if citing {
                    first_at.insert(ids[n].as_str(), n);
                }
                continue;
            }
            let row = &row;
            let id = ids[n].as_str();
            self.id(row, r, "id", "report", id);
            if let Some(&prev) = first_at.get(id) {
                let at = self.loc(&report_rows.row(prev));
                self.err_in(
                    row,
                    r,
                    "id",
                    format!("duplicate report id `{id}`: already defined at {at}"),
                );
            } else {
                first_at.insert(id, n);
            }
        }
        if has_claims
            && report_rows
                .iter()
                .any(|row| row.get(r, "question").is_some())
        {
            let row = report_rows
                .iter()
                .find(|row| row.get(r, "question").is_some());
            if let Some(row) = row {
                self.err_in(
                    &row,
                    r,
                    "question",
                    "`question` in a reports file is for runs without a claims file: expected the question in the claims file".into(),
                );
            }
        }
        // The row each row's `cites` names ([`NONE`] for none, or an unknown id), found now, so
        // that the ids can move into the reports below, not be copied.
        let cited_rows: Vec<usize> = (0..report_rows.len())
            .into_par_iter()
            .map(|n| {
                report_rows
                    .row(n)
                    .get(r, "cites")
                    .and_then(|c| first_at.get(c).copied())
                    .unwrap_or(NONE)
            })
            .collect();
        drop(first_at);
        // The reports are made in id order (each id with its row), so that nothing is moved
        // afterwards: a permutation of ten million reports in place, on one core, took 1.6 s.
        let in_order = if named {
            // Sorted by id; duplicates were errors above, so ids are unique here.
            let mut pairs: Vec<(String, usize)> = ids
                .into_par_iter()
                .enumerate()
                .map(|(n, id)| (id, n))
                .collect();
            pairs.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
            rayon::iter::Either::Left(pairs.into_par_iter())
        } else {
            drop(ids);
            let order = if report_rows.rows.numbers.is_none() {
                // Every id is `r<n>` for n = 1, 2, … in row order: their order as text is made
                // directly.
                text_order(report_rows.len())
            } else {
                // Every id is `r<n>`, some numbers missing: their order as text is that of
                // `id_order_key(n)`, integers sorted without comparing strings.
                let mut keyed: Vec<((u128, u8), usize)> = (0..report_rows.len())
                    .into_par_iter()
                    .map(|n| (id_order_key(report_rows.number(n) + 1), n))
                    .collect();
                keyed.par_sort_unstable();
                keyed.into_iter().map(|(_, n)| n).collect()
            };
            rayon::iter::Either::Right(order.into_par_iter().map(|n| (default_id(n), n)))
        };
        // The reports in id order, and beside them (same positions) their row and the id they
        // cite: kept apart so that finishing the reports happens in place, with no second copy.
        // Rows are made on every core, each into its place; a row's problems are kept with its
        // number and put back in row order, so the messages are those of a pass in order. A row
        // with a problem has no report, and then the ledger is not built at all.
        let (files, delimiters) = (self.files, self.delimiters);
        let problems: std::sync::Mutex<Vec<(usize, Vec<Diagnostic>)>> =
            std::sync::Mutex::new(Vec::new());
        let mut made: Vec<Option<Report>> = Vec::with_capacity(report_rows.len());
        let mut pending: Vec<Pending> = Vec::with_capacity(report_rows.len());
        in_order
            .map(|(id, n)| {
                let mut b = Builder {
                    files,
                    delimiters,
                    diags: Vec::new(),
                };
                let report = b.report(&report_rows.row(n), id, cited_rows[n], &c_index, &s_index);
                if !b.diags.is_empty()
                    && let Ok(mut p) = problems.lock()
                {
                    p.push((n, b.diags));
                }
                (
                    report,
                    Pending {
                        row: n,
                        cites: cited_rows[n],
                    },
                )
            })
            .unzip_into_vecs(&mut made, &mut pending);
        let mut problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
        problems.sort_unstable_by_key(|(n, _)| *n);
        self.diags.extend(problems.into_iter().flat_map(|(_, d)| d));
        // Without problems every row made its report (an `Option<Report>` is a `Report` in size:
        // the vector is reused in place).
        // `filter_map`, not `flatten`: it collects in place (no second vector of reports).
        #[allow(clippy::filter_map_identity)]
        let mut reports: Vec<Report> = made.into_iter().filter_map(|r| r).collect();
        if !self.diags.is_empty() {
            return Err(Error::Input(self.diags));
        }
        drop(cited_rows);
        // A feed in which no report cites another (the usual one) needs no chains: each report is its
        // own origin (as made above) with its `via` outlets as hops. Ten million reports save the
        // chains' tables, about 40 bytes a report, at the build's peak.
        if pending.iter().all(|p| p.cites == NONE) {
            drop(pending);
            self.answer_problems(&questions, &claims, claim_rows, report_rows, has_claims);
            if !self.diags.is_empty() {
                return Err(Error::Input(self.diags));
            }
            for r in &mut reports {
                r.hops = u32::try_from(r.via().len()).unwrap_or(u32::MAX);
            }
            return Ok(Ledger {
                title: None,
                as_of: None,
                sources,
                questions,
                claims,
                reports,
            });
        }
        // Every row is a report now (a row that is not was an error above): the report of each row.
        let mut report_of_row = vec![NONE; report_rows.len()];
        for (i, p) in pending.iter().enumerate() {
            report_of_row[p.row] = i;
        }
        let links: Vec<Option<usize>> = pending
            .iter()
            .map(|p| (p.cites != NONE).then(|| report_of_row[p.cites]))
            .collect();
        drop(report_of_row);
        for (i, p) in pending.iter().enumerate() {
            let Some(j) = links[i] else { continue };
            if let Some(msg) = cites_problem(&reports[i], &reports[j], &claims) {
                self.err_in(&report_rows.row(p.row), Role::Reports, "cites", msg);
            }
        }
        // Origins: follow `cites` to the original reports (iteratively, shared with TOML ledgers).
        let via_len: Vec<u32> = reports
            .iter()
            .map(|r| u32::try_from(r.via().len()).unwrap_or(u32::MAX))
            .collect();
        let (origin, hops) = match resolve_chains(&links, &via_len) {
            Ok(c) => (
                c.root
                    .iter()
                    .map(|&r| reports[r].source)
                    .collect::<Vec<Ix>>(),
                c.hops,
            ),
            Err(cycles) => {
                for cycle in cycles {
                    let ids = cycle.iter().map(|&i| &*reports[i].id).collect();
                    let row = report_rows.row(pending[cycle[0]].row);
                    self.err_in(&row, Role::Reports, "cites", cycle_message(ids));
                }
                return Err(Error::Input(self.diags));
            }
        };
        for (i, p) in pending.iter().enumerate() {
            let Some(j) = links[i] else { continue };
            if let Some(msg) = chain_problem(
                &reports[i],
                origin[i].get(),
                reports[j].source.get(),
                &sources,
            ) {
                self.err_in(&report_rows.row(p.row), Role::Reports, "cites", msg);
            }
        }
        self.answer_problems(&questions, &claims, claim_rows, report_rows, has_claims);
        if !self.diags.is_empty() {
            return Err(Error::Input(self.diags));
        }
        for (i, r) in reports.iter_mut().enumerate() {
            r.cites = links[i].map(Ix::new);
            r.origin = origin[i];
            r.hops = hops[i];
        }
        Ok(Ledger {
            title: None,
            as_of: None,
            sources,
            questions,
            claims,
            reports,
        })
    }
}

/// A key whose order is that of the decimal text of `n` (`"12" < "120" < "13"`): the digits
/// padded on the right with zeros to 20 places, then the number of digits (of two texts equal
/// once padded, the shorter is a prefix of the longer, and sorts first). `u64::MAX` has 20 digits.
/// The distinct values that `named` puts for the rows of `rows`, gathered on every core (each
/// thread into a set of its own, the sets then merged): the same set as one pass over the rows.
fn distinct<'r>(
    rows: Table<'r>,
    named: impl Fn(&Row<'r>, &mut dyn FnMut(&'r str)) + Sync,
) -> rustc_hash::FxHashSet<&'r str> {
    (0..rows.len())
        .into_par_iter()
        .fold(rustc_hash::FxHashSet::default, |mut set, n| {
            named(&rows.row(n), &mut |id| {
                set.insert(id);
            });
            set
        })
        .reduce(rustc_hash::FxHashSet::default, |a, b| {
            let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            big.extend(small);
            big
        })
}

fn id_order_key(n: usize) -> (u128, u8) {
    let n = n as u64;
    let digits = n.checked_ilog10().map_or(1, |d| d + 1);
    (u128::from(n) * 10u128.pow(20 - digits), digits as u8)
}

/// The indices `0..n` in the order of the texts of `1..=n` (`r1`, `r10`, `r100`, `r11`, …, `r2`):
/// a walk of the decimal digits' tree, in O(n) without comparing or making a string.
fn text_order(n: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(n);
    let mut cur = 1usize;
    while out.len() < n {
        out.push(cur - 1);
        if cur.checked_mul(10).is_some_and(|c| c <= n) {
            cur *= 10;
        } else {
            // The next number in text order: up past the last digit 9 or the end, then one on.
            while cur % 10 == 9 || cur >= n {
                cur /= 10;
            }
            cur += 1;
        }
    }
    out
}

/// "report `id`" in a message, written only when a message is.
struct Owner<'a>(&'a str);

impl std::fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "report `{}`", self.0)
    }
}

/// A report's row and the row of the report it cites ([`NONE`]: none), while the ledger is built.
struct Pending {
    row: usize,
    cites: usize,
}

/// No row.
const NONE: usize = usize::MAX;

// The reports are made as `Option<Report>` and kept in place as `Report`s: the same size.
const _: () = assert!(std::mem::size_of::<Option<Report>>() == std::mem::size_of::<Report>());

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::Opened;

    fn csv(
        parts: &mut Parts,
        name: &str,
        text: &'static str,
    ) -> std::result::Result<(), Diagnostic> {
        let mut t = CsvIn::new(
            Opened {
                name: name.into(),
                path: None,
                reader: Box::new(text.as_bytes()),
                size: None,
            },
            b',',
        )?;
        let role = t.role().expect("a role");
        parts.read_csv(&mut t, role, &crate::bulk::NoProgress)
    }

    /// Reads `text` as the file `name` (in `dir`) with the plain-rows reader in blocks of `block`
    /// bytes (0: the usual size), or record by record when `block` is `None`, and places the
    /// problems in the file as a run does.
    fn read_both(
        dir: &std::path::Path,
        name: &str,
        text: &str,
        block: Option<usize>,
    ) -> Result<Ledger> {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let mut parts = Parts {
            block: block.unwrap_or(usize::MAX),
            ..Parts::default()
        };
        let opened = crate::bulk::open(&path).unwrap();
        let mut t = CsvIn::new(opened, b',').map_err(|d| Error::Input(vec![d]))?;
        t.limit(crate::read::MAX_LEDGER_DATA_BYTES, "a bulk ledger file");
        let role = t.role().expect("a role");
        let placed = |e: Error| match e {
            Error::Input(mut d) => {
                crate::bulk::place::place(&mut d, &[(path.display().to_string(), path.clone())]);
                Error::Input(d)
            }
            other => other,
        };
        parts
            .read_csv(&mut t, role, &crate::bulk::NoProgress)
            .map_err(|d| placed(Error::Input(vec![d])))?;
        parts.into_ledger().map_err(placed)
    }

    /// The plain-rows reader gives the ledger, or the messages, that reading record by record
    /// gives: in one block or in many (a line cut between two), and when it gives up part way (a
    /// quote, a short row, an empty line, a carriage return) and the file is read record by record.
    #[test]
    fn plain_rows_read_in_blocks_are_the_rows_read_record_by_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut plain = String::from("claim , source,stated,stance,via\n");
        for i in 0..400 {
            plain.push_str(&format!(
                "c{},s{}, 2024-01-{:02} ,{},{}\n",
                i % 13,
                i % 7,
                1 + i % 28,
                ["supports", "refutes", "repeats"][i % 3],
                if i % 10 == 0 { "s99" } else { "" }
            ));
        }
        let mut cases = vec![plain.clone(), plain.trim_end().to_string()];
        for (at, bad) in [
            (300, "c1,\"s1\",2024-02-01,supports,\n"),
            (250, "c1,s1,2024-02-01,supports\n"),
            (200, "\n"),
            (150, "c1,s1,2024-02-01,supports,\r\n"),
            (100, "c1,nosuch one,2024-02-30,support,\n"),
        ] {
            let mut lines: Vec<&str> = plain.split_inclusive('\n').collect();
            lines.insert(at, bad);
            cases.push(lines.concat());
        }
        let mut failed = 0;
        for (k, text) in cases.iter().enumerate() {
            for block in [0, 64, 200, 1000] {
                let stream = read_both(dir.path(), "feed.csv", text, None);
                let fast = read_both(dir.path(), "feed.csv", text, Some(block));
                match (stream, fast) {
                    (Ok(a), Ok(b)) => {
                        assert!(a.reports.len() >= 400, "case {k}");
                        assert_eq!(a, b, "case {k}, block {block}");
                    }
                    (a, b) => {
                        failed += 1;
                        assert_eq!(messages(a), messages(b), "case {k}, block {block}");
                    }
                }
            }
        }
        // The short row and the bad values are errors; the quote, the empty line and the carriage
        // return are not (they only send the file to the record reader).
        assert_eq!(failed, 2 * 4);
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]
        /// On random files, some lines plain rows and some anything (quotes, separators, carriage
        /// returns, empty lines, spaces), the plain-rows reader in blocks of any size gives what
        /// reading record by record gives: the same ledger or the same messages.
        #[test]
        fn the_two_readers_agree_on_random_files(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    30 => (0..6usize, 0..5usize, 1..28u32, 0..4usize, proptest::bool::ANY, 0..12usize, 0..40usize)
                        .prop_map(|(c, s, d, st, via, noise, at)| {
                            let mut line = format!(
                                "c{c}, s{s},2024-03-{d:02},{},{}",
                                ["supports", "refutes", "repeats", "support"][st],
                                if via { "s9" } else { "" },
                            );
                            // Now and then something a plain row has not, anywhere in it.
                            let noise = ["\r", " ", "\"", "\"\"", "\t", ",", "\r\n"].get(noise).copied().unwrap_or("");
                            let at = (0..=at.min(line.len())).rev().find(|&k| line.is_char_boundary(k)).unwrap_or(0);
                            line.insert_str(at, noise);
                            line
                        }),
                    1 => "[cs0-9, \"\r\t-]{0,12}",
                ],
                0..40,
            ),
            block in 1..200usize,
            end in proptest::bool::ANY,
        ) {
            let mut text = String::from("claim,source,stated,stance,via\n");
            text.push_str(&lines.join("\n"));
            if end {
                text.push('\n');
            }
            let dir = tempfile::tempdir().unwrap();
            let stream = read_both(dir.path(), "f.csv", &text, None);
            let fast = read_both(dir.path(), "f.csv", &text, Some(block));
            match (stream, fast) {
                (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                (Err(Error::Input(a)), Err(Error::Input(b))) => {
                    let m = |d: &[Diagnostic]| -> Vec<String> {
                        d.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect()
                    };
                    proptest::prop_assert_eq!(m(&a), m(&b));
                }
                (a, b) => proptest::prop_assert!(false, "{:?} against {:?}", a.map(|_| ()), b.map(|_| ())),
            }
        }
    }

    fn messages(r: Result<Ledger>) -> Vec<String> {
        match r {
            Err(Error::Input(d)) => d
                .iter()
                .map(|d| format!("{}: {}", d.location(), d.message))
                .collect(),
            other => panic!("expected input errors, got {other:?}"),
        }
    }

    #[test]
    fn the_id_order_key_sorts_as_the_ids_text() {
        let mut numbers: Vec<usize> = (0..2500)
            .chain([9_999_999, 10_000_000, 10_000_001, usize::MAX])
            .collect();
        let mut by_text = numbers.clone();
        by_text.sort_by_key(|n| format!("r{n}"));
        numbers.sort_by_key(|&n| id_order_key(n));
        assert_eq!(numbers, by_text);
        assert_eq!(id_order_key(12), (12 * 10u128.pow(18), 2));
        assert_eq!(id_order_key(0), (0, 1));
        for n in [0usize, 1, 9, 10, 11, 99, 100, 101, 1234, 10_000] {
            let mut by_text: Vec<usize> = (0..n).collect();
            by_text.sort_by_key(|i| format!("r{}", i + 1));
            assert_eq!(text_order(n), by_text, "n = {n}");
        }
        assert_eq!(text_order(12), [0, 9, 10, 11, 1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn a_row_is_placed_in_24_bytes() {
        assert_eq!(std::mem::size_of::<RowAt>(), 24);
    }

    #[test]
    fn a_single_reports_file_creates_sources_and_claims() {
        let mut p = Parts::default();
        csv(
            &mut p,
            "r.csv",
            "claim,source,stated,question,via\nc1,a,2024-01-02,q,b\nc2,b,2024-01-03,q,\nc1,b,2024-01-04,q,\n",
        )
        .unwrap();
        let l = p.into_ledger().unwrap();
        assert_eq!(
            l.sources.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(l.claims.len(), 2);
        assert_eq!(l.questions.len(), 1);
        assert_eq!(l.claims[1].question, Some(0));
        assert_eq!(
            l.reports.iter().map(|r| &*r.id).collect::<Vec<_>>(),
            ["r1", "r2", "r3"]
        );
        assert_eq!(l.reports[0].via(), [1]);
        assert_eq!(l.reports[0].hops, 1);
    }

    #[test]
    fn separate_files_are_cross_checked() {
        let mut p = Parts::default();
        csv(&mut p, "s.csv", "id,kind,grade\na,newspaper,B\nb,blog,\n").unwrap();
        csv(&mut p, "c.csv", "id,statement\nc1,It happened\n").unwrap();
        csv(
            &mut p,
            "r.csv",
            "id,claim,source,stated,published,cites\nr1,c1,a,2024-01-05,2024-01-04,\nr2,c2,zz,2024-01-05,,r9\n",
        )
        .unwrap();
        assert_eq!(
            messages(p.into_ledger()),
            vec![
                "s.csv:3: invalid `kind` `blog`: unknown variant `blog`, expected one of `government`, `military`, `intelligence`, `head-of-state`, `spokesperson`, `international-organisation`, `wire-agency`, `newspaper`, `broadcaster`, `online-outlet`, `social-media`, `think-tank`, `ngo`, `anonymous`, `other`",
                "r.csv:2: report `r1` is published on 2024-01-04, before its statement date 2024-01-05: expected `published` on or after `stated`",
                "r.csv:3: unknown claim `c2` in `claim` of report `r2`: expected the id of a claim defined in the ledger",
                "r.csv:3: unknown source `zz` in `source` of report `r2`: expected the id of a source defined in the ledger",
                "r.csv:3: unknown report `r9` in `cites` of report `r2`: expected the id of a report defined in the ledger",
            ]
        );
    }

    #[test]
    fn problems_of_rows_made_on_every_core_come_in_row_order() {
        // Thousands of rows, so that the rows are shared among threads: the problems of rows 2,
        // 3001 and 6000 (each with two) read in row order, each row's in the order checked.
        let mut text = String::from("claim,source,stated,stance\n");
        for n in 1..=6000 {
            text += &match n {
                1 | 3000 | 5999 => format!("c{n},s,2024-13-0{},nope\n", n % 9),
                _ => format!("c{},s,2024-01-01,supports\n", n % 50),
            };
        }
        let mut p = Parts::default();
        csv(&mut p, "r.csv", Box::leak(text.into_boxed_str())).unwrap();
        let got = messages(p.into_ledger());
        let dates =
            "expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)";
        let stance = "unknown variant `nope`, expected one of";
        assert_eq!(got.len(), 6, "{got:?}");
        for (k, line) in [2, 3001, 6000].into_iter().enumerate() {
            assert!(
                got[2 * k].starts_with(&format!("r.csv:{line}: invalid `stance` `nope`: {stance}")),
                "{got:?}"
            );
            assert!(
                got[2 * k + 1].starts_with(&format!("r.csv:{line}: invalid date `2024-13-0")),
                "{got:?}"
            );
            assert!(got[2 * k + 1].ends_with(dates), "{got:?}");
        }
    }

    #[test]
    fn the_meaning_checks_of_toml_ledgers_apply() {
        let mut p = Parts::default();
        csv(
            &mut p,
            "c.csv",
            "id,statement,question,exhaustive,outcome,resolved\nc1,One,q1,true,,\nc2,Two,q2,false,true,2024-02-01\nc3,Three,q2,false,true,2024-02-01\nc4,Four,q3,true,false,2024-02-01\nc5,Five,q3,true,false,2024-02-01\n",
        )
        .unwrap();
        csv(
            &mut p,
            "r.csv",
            "id,claim,source,stated,via,cites\nr1,c1,a,2024-01-01,,\nr2,c1,b,2024-01-02,a,r1\nr3,c2,a,2024-01-01,b,\n",
        )
        .unwrap();
        assert_eq!(
            messages(p.into_ledger()),
            vec![
                "r.csv:3: relay cycle in report `r2`: `a` appears twice in the chain from the speaker to the outlet (as the origin of the report it cites, and as a relay); expected each source at most once",
                "c.csv:2: question `q1` is exhaustive with one answer, `c1`: that answer is certain whatever the reports say; expected at least two answers, or `exhaustive = false`",
                "c.csv:4: claims `c2` and `c3` are answers of question `q2`, which exclude each other, and both resolve true: expected at most one true answer",
                "c.csv:5: every answer of exhaustive question `q3` resolves false: expected one of them true, or `exhaustive = false`",
            ]
        );
    }

    #[test]
    fn an_empty_source_in_via_is_an_error_as_in_toml() {
        let mut p = Parts::default();
        csv(
            &mut p,
            "r.csv",
            "claim,source,stated,via\nc,s1,2024-11-04,s2;;s3\nc,s1,2024-11-04,s2;\n",
        )
        .unwrap();
        assert_eq!(
            messages(p.into_ledger()),
            vec![
                "r.csv:2: empty source in `via` of report `r1` (`s2;;s3`): expected source ids separated by `;`",
                "r.csv:3: empty source in `via` of report `r2` (`s2;`): expected source ids separated by `;`",
            ]
        );
    }

    #[test]
    fn unknown_columns_are_errors() {
        let mut p = Parts::default();
        let e = csv(&mut p, "s.csv", "id,kind,colour\na,other,red\n").unwrap_err();
        assert_eq!(
            e.message,
            "unknown column `colour` in a sources file: expected some of id, name, kind, official, organisation, government, interested, grade, note, side"
        );
        assert_eq!(e.location(), "s.csv:1");
    }

    #[test]
    fn cites_cycles_are_found() {
        let mut p = Parts::default();
        csv(
            &mut p,
            "r.csv",
            "id,claim,source,stated,cites\nr1,c,a,2024-01-01,r2\nr2,c,b,2024-01-01,r1\n",
        )
        .unwrap();
        assert_eq!(
            messages(p.into_ledger()),
            vec![
                "r.csv:2: relay cycle: r1 cites r2 cites r1; expected `cites` chains to end at an original report"
            ]
        );
    }
}
