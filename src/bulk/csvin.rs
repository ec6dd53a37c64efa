//! Streaming CSV and TSV input with located errors.
//!
//! CSV is RFC 4180 (comma, `"` quotes, `""` for a quote inside a quoted value, values may span lines).
//! TSV is tab-separated without quoting: a `"` is an ordinary character, and values cannot hold tabs
//! or line breaks. Values and column names are trimmed of surrounding spaces; blank lines are skipped.
//!
//! The `csv` crate reads an unterminated quote leniently, to the end of the file; a thin watcher on the
//! bytes notices a quoted value still open at the end, so the error points at the opening quote.

use std::io::Read;
use std::path::PathBuf;

use csv::{ByteRecord, ReaderBuilder, StringRecord};
use memchr::{memchr, memchr2};

use super::{Opened, Role, at_line, unknown_columns};
use crate::error::{Diagnostic, FieldAt, SourceText};
use crate::read::{MAX_LINE_BYTES, MAX_TRIPLES_BYTES, line_too_long, too_large};

/// Passes bytes through while following CSV quoting, to tell whether the input ends inside a quoted
/// value and where that value's opening quote was; and bounds what the `csv` crate may buffer: a
/// record (from one line break outside quotes to the next) of more than [`MAX_LINE_BYTES`], or a
/// file of more than its cap, stops the read with an error the reader reports with its line.
pub struct QuoteWatch<R> {
    inner: R,
    enabled: bool,
    delimiter: u8,
    offset: u64,
    prev: u8,
    quoted: bool,
    /// The previous chunk ended with a `"` inside a quoted value: closing, or the first of `""`.
    pending: bool,
    open_at: u64,
    /// Offset where the current record began, and line breaks seen so far.
    record_start: u64,
    newlines: u64,
    /// Bytes that may still be read.
    left: u64,
    /// Why reading stopped, if it was stopped here.
    stopped: Option<Stopped>,
}

/// A cap that stopped the read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// A record longer than [`MAX_LINE_BYTES`], on this line.
    LongRecord(u64),
    /// More bytes than the file's cap, on this line.
    Size(u64),
}

impl<R: Read> QuoteWatch<R> {
    pub fn new(inner: R, delimiter: u8, enabled: bool) -> Self {
        QuoteWatch {
            inner,
            enabled,
            delimiter,
            offset: 0,
            prev: b'\n',
            quoted: false,
            pending: false,
            open_at: 0,
            record_start: 0,
            newlines: 0,
            left: MAX_TRIPLES_BYTES,
            stopped: None,
        }
    }

    /// Byte offset of the opening quote of a quoted value still open, if the input so far ends in one.
    pub fn unterminated(&self) -> Option<u64> {
        (self.quoted && !self.pending).then_some(self.open_at)
    }

    /// Follows quotes and line breaks through the next `chunk` (at `self.offset`).
    fn scan(&mut self, chunk: &[u8]) {
        let mut i = 0;
        if self.pending && !chunk.is_empty() {
            self.pending = false;
            if chunk[0] == b'"' {
                i = 1;
            } else {
                self.quoted = false;
            }
        }
        while i < chunk.len() {
            let found = if self.enabled {
                memchr2(b'"', b'\n', &chunk[i..])
            } else {
                memchr(b'\n', &chunk[i..])
            };
            let Some(j) = found else {
                break;
            };
            let k = i + j;
            if chunk[k] == b'\n' {
                self.newlines += 1;
                if !self.quoted {
                    self.record_start = self.offset + k as u64 + 1;
                }
                i = k + 1;
            } else if self.quoted {
                match chunk.get(k + 1) {
                    Some(b'"') => i = k + 2,
                    Some(_) => {
                        self.quoted = false;
                        i = k + 1;
                    }
                    None => {
                        self.pending = true;
                        i = k + 1;
                    }
                }
            } else {
                // A quote opens a value only at the start of a field; elsewhere it is a character.
                let before = if k == 0 { self.prev } else { chunk[k - 1] };
                if before == self.delimiter || before == b'\n' || before == b'\r' {
                    self.quoted = true;
                    self.open_at = self.offset + k as u64;
                }
                i = k + 1;
            }
        }
        if let Some(&last) = chunk.last() {
            self.prev = last;
        }
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(s) = self.stopped {
            return Err(std::io::Error::other(StoppedError(s)));
        }
        // One byte more than the cap is asked for, to tell "exactly the cap" from "more".
        let want = buf
            .len()
            .min(usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.scan(&buf[..n]);
        self.offset += n as u64;
        let stop = if n as u64 > self.left {
            Some(Stopped::Size(self.newlines + 1))
        } else if self.offset - self.record_start > MAX_LINE_BYTES {
            Some(Stopped::LongRecord(self.newlines + 1))
        } else {
            None
        };
        self.left = self.left.saturating_sub(n as u64);
        if let Some(s) = stop {
            self.stopped = Some(s);
            return Err(std::io::Error::other(StoppedError(s)));
        }
        Ok(n)
    }
}

/// The I/O error of a stopped [`QuoteWatch`].
#[derive(Debug)]
struct StoppedError(Stopped);

impl std::fmt::Display for StoppedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for StoppedError {}

/// The file, columns and syntax of a CSV/TSV file, to open more readers of it.
#[derive(Debug, Clone)]
pub struct ChunkSpec {
    pub name: String,
    pub path: PathBuf,
    pub columns: Vec<String>,
    pub delimiter: u8,
    pub size: Option<u64>,
}

/// A CSV or TSV file being read record by record.
pub struct CsvIn {
    pub name: String,
    path: Option<PathBuf>,
    rdr: csv::Reader<QuoteWatch<Box<dyn Read + Send>>>,
    pub columns: Vec<String>,
    pub record: ByteRecord,
    /// The current record as text (validated once per record). Its buffer and `record`'s are
    /// passed back and forth, so reading allocates nothing per record.
    text: Option<StringRecord>,
    separator: &'static str,
    line: u64,
    pub size: Option<u64>,
    /// What the file was expected to be, for the message when its cap is passed.
    what: &'static str,
    /// The file's cap in bytes.
    cap: u64,
}

fn read_error(name: &str, e: &csv::Error, what: &str, cap: u64) -> Diagnostic {
    if let csv::ErrorKind::Io(io) = e.kind()
        && let Some(StoppedError(s)) = io.get_ref().and_then(|x| x.downcast_ref::<StoppedError>())
    {
        return match *s {
            Stopped::LongRecord(line) => line_too_long(name, line),
            Stopped::Size(line) => too_large(name, line, cap, what),
        };
    }
    Diagnostic::file(name, format!("cannot read the file: {e}"))
}

impl CsvIn {
    /// Opens the table and reads its header line.
    pub fn new(o: Opened, delimiter: u8) -> Result<CsvIn, Diagnostic> {
        let quoting = delimiter == b',';
        let rdr = ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(quoting)
            .has_headers(false)
            .flexible(true)
            .from_reader(QuoteWatch::new(o.reader, delimiter, quoting));
        let mut t = CsvIn {
            name: o.name,
            path: o.path,
            rdr,
            columns: Vec::new(),
            record: ByteRecord::new(),
            text: None,
            separator: if quoting { "," } else { "\\t" },
            line: 1,
            size: o.size,
            what: "a triples file",
            cap: MAX_TRIPLES_BYTES,
        };
        if !t.next_raw()? {
            return Err(Diagnostic::file(
                &t.name,
                "is empty: expected a header line naming the columns",
            ));
        }
        let mut columns = Vec::with_capacity(t.record.len());
        let mut seen = std::collections::HashSet::with_capacity(t.record.len());
        for (i, f) in t.record.iter().enumerate() {
            let s = std::str::from_utf8(f).map_err(|_| {
                at_line(
                    &t.name,
                    t.line,
                    format!(
                        "column name {} is not valid UTF-8: expected UTF-8 text",
                        i + 1
                    ),
                )
            })?;
            let s = s.trim_start_matches('\u{feff}').trim().to_string();
            if !seen.insert(s.clone()) {
                return Err(at_line(
                    &t.name,
                    t.line,
                    format!("duplicate column `{s}`: expected each column once"),
                ));
            }
            columns.push(s);
        }
        t.columns = columns;
        Ok(t)
    }

    /// What it takes to open other readers of the same file (`None` for standard input).
    pub fn spec(&self) -> Option<ChunkSpec> {
        Some(ChunkSpec {
            name: self.name.clone(),
            path: self.path.clone()?,
            columns: self.columns.clone(),
            delimiter: if self.separator == "," { b',' } else { b'\t' },
            size: self.size,
        })
    }

    /// The file's path (`None` for standard input).
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// Byte offset in the file of the next record to read.
    pub fn offset(&self) -> u64 {
        self.rdr.position().byte()
    }

    /// What the file holds, by its columns.
    pub fn role(&self) -> Option<Role> {
        Role::of_columns(&self.columns)
    }

    /// The error for columns that fit no role.
    pub fn header_error(&self) -> Diagnostic {
        at_line(
            &self.name,
            1,
            unknown_columns(&self.columns, self.separator),
        )
    }

    /// Line of the current record's start.
    /// The delimiter between values: `,` or a tab.
    pub fn delimiter(&self) -> u8 {
        if self.separator == "," { b',' } else { b'\t' }
    }

    pub fn line(&self) -> u64 {
        self.line
    }

    /// Bytes consumed so far.
    pub fn bytes(&self) -> u64 {
        self.rdr.position().byte()
    }

    /// Index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// Caps the file at `limit` bytes in all (from its start), saying it was expected to be `what`
    /// ("a gold file") when it is larger.
    pub fn limit(&mut self, limit: u64, what: &'static str) {
        let w = self.rdr.get_mut();
        w.left = limit.saturating_sub(w.offset);
        self.cap = limit;
        self.what = what;
    }

    fn next_raw(&mut self) -> Result<bool, Diagnostic> {
        let (cap, what) = (self.cap, self.what);
        let ok = self
            .rdr
            .read_byte_record(&mut self.record)
            .map_err(|e| read_error(&self.name, &e, what, cap))?;
        if let Some(p) = self.record.position() {
            self.line = p.line();
        }
        if !ok && let Some(at) = self.rdr.get_ref().unterminated() {
            return Err(self.unterminated(at));
        }
        Ok(ok)
    }

    /// Reads the next record; `false` at the end. A record must have one value per column.
    pub fn advance(&mut self) -> Result<bool, Diagnostic> {
        if !self.next_raw()? {
            return Ok(false);
        }
        if self.record.len() != self.columns.len() {
            if let Some(at) = self.rdr.get_ref().unterminated() {
                return Err(self.unterminated(at));
            }
            let mut d = at_line(
                &self.name,
                self.line,
                format!(
                    "{} value(s) where the header has {} columns: expected one value per column{}",
                    self.record.len(),
                    self.columns.len(),
                    if self.separator == "," {
                        " (quote a value that contains `,`)"
                    } else {
                        ""
                    }
                ),
            );
            // At the first value too many, or where the missing ones would start.
            let delimiter = self.delimiter();
            d.field = Some(Box::new(if self.record.len() > self.columns.len() {
                FieldAt::Delimited {
                    index: self.columns.len(),
                    delimiter,
                }
            } else {
                FieldAt::End { delimiter }
            }));
            return Err(d);
        }
        self.validate()?;
        Ok(true)
    }

    /// Validates the current record as UTF-8, once, and keeps it as text.
    fn validate(&mut self) -> Result<(), Diagnostic> {
        let spare = self
            .text
            .take()
            .map(StringRecord::into_byte_record)
            .unwrap_or_default();
        let raw = std::mem::replace(&mut self.record, spare);
        match StringRecord::from_byte_record(raw) {
            Ok(text) => {
                self.text = Some(text);
                Ok(())
            }
            Err(e) => {
                let field = e.utf8_error().field();
                let valid = e.utf8_error().valid_up_to();
                self.record = e.into_byte_record();
                Err(at_line(
                    &self.name,
                    self.line,
                    format!(
                        "`{}` (column {}) is not valid UTF-8 (invalid byte after {valid} bytes): expected UTF-8 text",
                        self.columns.get(field).map_or("?", String::as_str),
                        field + 1,
                    ),
                ))
            }
        }
    }

    /// Value `i` of the current record as text, trimmed of surrounding spaces (here rather than by
    /// the `csv` crate, whose trimming copies every record).
    pub fn str(&self, i: usize) -> Result<&str, Diagnostic> {
        Ok(self
            .text
            .as_ref()
            .and_then(|t| t.get(i))
            .unwrap_or_default()
            .trim_ascii())
    }

    /// Value `i` as text, which must not be empty.
    pub fn nonempty(&self, i: usize) -> Result<&str, Diagnostic> {
        let s = self.str(i)?;
        if s.is_empty() {
            let mut d = at_line(
                &self.name,
                self.line,
                format!(
                    "empty `{}` (column {}): expected a value",
                    self.columns[i],
                    i + 1
                ),
            );
            d.field = Some(Box::new(FieldAt::Delimited {
                index: i,
                delimiter: self.delimiter(),
            }));
            return Err(d);
        }
        Ok(s)
    }

    fn unterminated(&self, at: u64) -> Diagnostic {
        let msg = "unterminated quoted value: this `\"` is never closed; expected a closing `\"` (write `\"\"` for a quote inside a quoted value)";
        // Re-read the start of the file to show the line (only on this error path).
        if let Some(path) = &self.path
            && let Ok(f) = std::fs::File::open(path)
        {
            let mut bytes = Vec::new();
            let limit = at.saturating_add(4096);
            if f.take(limit).read_to_end(&mut bytes).is_ok() && (at as usize) < bytes.len() {
                let head = String::from_utf8_lossy(&bytes[..at as usize]).into_owned();
                let start = head.len();
                let mut text = head;
                text.push_str(&String::from_utf8_lossy(&bytes[at as usize..]));
                return SourceText::new(self.name.clone(), text).diag(start..start + 1, msg);
            }
        }
        at_line(&self.name, self.line, msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watch(chunks: &[&[u8]]) -> Option<u64> {
        let mut w = QuoteWatch::new(std::io::empty(), b',', true);
        for c in chunks {
            w.scan(c);
            w.offset += c.len() as u64;
        }
        w.unterminated()
    }

    #[test]
    fn follows_quotes_across_chunks() {
        assert_eq!(watch(&[b"a,\"b,c\"\n"]), None);
        assert_eq!(watch(&[b"a,\"b\"", b"\"c\"\n"]), None);
        assert_eq!(watch(&[b"a,\"b\"", b"\"c\n"]), Some(2));
        assert_eq!(watch(&[b"a,b\n\"x", b",y\n"]), Some(4));
        // A quote inside an unquoted value is an ordinary character.
        assert_eq!(watch(&[b"a,12\" vinyl\n"]), None);
        assert_eq!(watch(&[b"a,\"", b"\""]), None);
    }
}
