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
use memchr::memchr;

use super::{Opened, Role, at_line, unknown_columns};
use crate::error::{Diagnostic, SourceText};

/// Passes bytes through while following CSV quoting, to tell whether the input ends inside a quoted
/// value and where that value's opening quote was.
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
}

impl<R: Read> QuoteWatch<R> {
    pub fn new(inner: R, delimiter: u8, enabled: bool) -> Self {
        Self::at(inner, delimiter, enabled, 0)
    }

    /// A watcher on input that starts `offset` bytes into the file, at the start of a record.
    pub fn at(inner: R, delimiter: u8, enabled: bool, offset: u64) -> Self {
        QuoteWatch {
            inner,
            enabled,
            delimiter,
            offset,
            prev: b'\n',
            quoted: false,
            pending: false,
            open_at: 0,
        }
    }

    /// Byte offset of the opening quote of a quoted value still open, if the input so far ends in one.
    pub fn unterminated(&self) -> Option<u64> {
        (self.quoted && !self.pending).then_some(self.open_at)
    }

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
            let Some(j) = memchr(b'"', &chunk[i..]) else {
                break;
            };
            let k = i + j;
            if self.quoted {
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
        let n = self.inner.read(buf)?;
        if self.enabled {
            self.scan(&buf[..n]);
        }
        self.offset += n as u64;
        Ok(n)
    }
}

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
    /// Byte offset in the file where this reader started (non-zero for a chunk of the file).
    base: u64,
}

fn read_error(name: &str, e: &csv::Error) -> Diagnostic {
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
            base: 0,
        };
        if !t.next_raw()? {
            return Err(Diagnostic::file(
                &t.name,
                "is empty: expected a header line naming the columns",
            ));
        }
        let mut columns = Vec::with_capacity(t.record.len());
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
            if columns.contains(&s) {
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

    /// A reader of the same file from byte `start` (the start of a record), with the columns of
    /// `spec`. Its line numbers count from `start`: line 1 is the line at `start`.
    pub fn chunk(spec: &ChunkSpec, start: u64) -> std::io::Result<CsvIn> {
        use std::io::{Seek, SeekFrom};
        let mut file = std::fs::File::open(&spec.path)?;
        file.seek(SeekFrom::Start(start))?;
        let quoting = spec.delimiter == b',';
        let reader: Box<dyn Read + Send> =
            Box::new(std::io::BufReader::with_capacity(1 << 16, file));
        let rdr = ReaderBuilder::new()
            .delimiter(spec.delimiter)
            .quoting(quoting)
            .has_headers(false)
            .flexible(true)
            .from_reader(QuoteWatch::at(reader, spec.delimiter, quoting, start));
        Ok(CsvIn {
            name: spec.name.clone(),
            path: Some(spec.path.clone()),
            rdr,
            columns: spec.columns.clone(),
            record: ByteRecord::new(),
            text: None,
            separator: if quoting { "," } else { "\\t" },
            line: 1,
            size: spec.size,
            base: start,
        })
    }

    /// The file's path (`None` for standard input).
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// Byte offset in the file of the next record to read.
    pub fn offset(&self) -> u64 {
        self.base + self.rdr.position().byte()
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

    fn next_raw(&mut self) -> Result<bool, Diagnostic> {
        let ok = self
            .rdr
            .read_byte_record(&mut self.record)
            .map_err(|e| read_error(&self.name, &e))?;
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
            return Err(at_line(
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
            ));
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
            return Err(at_line(
                &self.name,
                self.line,
                format!(
                    "empty `{}` (column {}): expected a value",
                    self.columns[i],
                    i + 1
                ),
            ));
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
