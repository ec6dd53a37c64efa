//! Streaming JSON Lines input: one JSON object per line, read line by line. Blank lines are skipped.
//! Errors name the file, the line and the column within it, with the line quoted.

use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::{Opened, Role, at_line, unknown_columns};
use crate::error::{Diagnostic, SourceText};
use crate::read::{Capped, MAX_LINE_BYTES, MAX_TRIPLES_BYTES, is_cap, line_too_long, too_large};

/// A JSON Lines file being read line by line.
pub struct JsonlIn {
    pub name: String,
    reader: BufReader<Capped<Box<dyn Read + Send>>>,
    /// The file's cap in bytes, and what the file was expected to be (for the message).
    cap: u64,
    what: &'static str,
    /// The current line, without its line break.
    pub buf: Vec<u8>,
    /// Number of the current line (1-based).
    pub line: u64,
    bytes: u64,
    /// A line read ahead to learn the file's role.
    peeked: bool,
    pub size: Option<u64>,
}

impl JsonlIn {
    pub fn new(o: Opened) -> Result<JsonlIn, Diagnostic> {
        Ok(JsonlIn {
            name: o.name,
            reader: BufReader::with_capacity(1 << 16, Capped::new(o.reader, MAX_TRIPLES_BYTES)),
            cap: MAX_TRIPLES_BYTES,
            what: "a triples file",
            buf: Vec::with_capacity(256),
            line: 0,
            bytes: 0,
            peeked: false,
            size: o.size,
        })
    }

    /// Bytes consumed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Caps the file at `limit` bytes in all (from its start), saying it was expected to be `what`
    /// ("a gold file") when it is larger.
    pub fn limit(&mut self, limit: u64, what: &'static str) {
        let read = self.bytes + self.reader.buffer().len() as u64;
        self.reader.get_mut().set_limit(limit.saturating_sub(read));
        self.cap = limit;
        self.what = what;
    }

    /// Reads one line into `buf` (with its line break), at most [`MAX_LINE_BYTES`] of it.
    fn read_line(&mut self) -> Result<usize, Diagnostic> {
        let mut total = 0;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) if is_cap(&e) => {
                    return Err(too_large(&self.name, self.line + 1, self.cap, self.what));
                }
                Err(e) => {
                    return Err(Diagnostic::file(
                        &self.name,
                        format!("cannot read the file: {e}"),
                    ));
                }
            };
            if available.is_empty() {
                return Ok(total);
            }
            let (used, done) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            // The line without its break (and a CR before it) may be up to the cap.
            if (self.buf.len() + used) as u64 > MAX_LINE_BYTES + 2 {
                return Err(line_too_long(&self.name, self.line + 1));
            }
            self.buf.extend_from_slice(&available[..used]);
            self.reader.consume(used);
            total += used;
            if done {
                return Ok(total);
            }
        }
    }

    /// Reads the next non-blank line into `buf`; `false` at the end.
    pub fn advance(&mut self) -> Result<bool, Diagnostic> {
        if self.peeked {
            self.peeked = false;
            return Ok(true);
        }
        loop {
            self.buf.clear();
            let n = self.read_line()?;
            if n == 0 {
                return Ok(false);
            }
            self.bytes += n as u64;
            self.line += 1;
            while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
                self.buf.pop();
            }
            if self.line == 1 && self.buf.starts_with("\u{feff}".as_bytes()) {
                self.buf.drain(..3);
            }
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }

    /// What the file holds, by the keys of its first object.
    pub fn role(&mut self) -> Result<Role, Diagnostic> {
        if !self.advance()? {
            return Err(Diagnostic::file(
                &self.name,
                "is empty: expected one JSON object per line",
            ));
        }
        let obj: serde_json::Map<String, serde_json::Value> = self.parse()?;
        let keys: Vec<String> = obj.keys().cloned().collect();
        self.peeked = true;
        Role::of_columns(&keys)
            .ok_or_else(|| at_line(&self.name, self.line, unknown_columns(&keys, ",")))
    }

    /// Parses the current line.
    pub fn parse<'a, T: Deserialize<'a>>(&'a self) -> Result<T, Diagnostic> {
        serde_json::from_slice(&self.buf).map_err(|e| self.json_error(&e))
    }

    /// A diagnostic at byte `column` (1-based) of the current line.
    pub fn diag_at(&self, column: usize, message: String) -> Diagnostic {
        let text = String::from_utf8_lossy(&self.buf).into_owned();
        let at = column.saturating_sub(1).min(text.len());
        let mut d = SourceText::new(self.name.clone(), text).diag(at..at + 1, message);
        d.line = Some(self.line as usize);
        d
    }

    fn json_error(&self, e: &serde_json::Error) -> Diagnostic {
        let full = e.to_string();
        let msg = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(m, _)| m);
        self.diag_at(
            e.column(),
            format!("invalid JSON Lines record: {msg}; expected one JSON object per line"),
        )
    }
}

/// A string, or an integer written as a JSON number (kept as its digits).
#[derive(Debug, Clone, PartialEq)]
pub struct Text<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &'static str) -> JsonlIn {
        JsonlIn::new(Opened {
            name: "t.jsonl".into(),
            path: None,
            reader: Box::new(text.as_bytes()),
            size: None,
        })
        .unwrap()
    }

    #[test]
    fn skips_blank_lines_and_counts_them() {
        let mut j = open("\n{\"a\": 1}\r\n\n  \n{\"a\": 2}\n");
        assert!(j.advance().unwrap());
        assert_eq!(j.line, 2);
        assert!(j.advance().unwrap());
        assert_eq!(j.line, 5);
        assert!(!j.advance().unwrap());
    }

    #[test]
    fn a_broken_line_is_located() {
        let mut j = open("{\"a\": 1}\n{\"a\": 1,\n");
        j.advance().unwrap();
        j.advance().unwrap();
        let e = j.parse::<serde_json::Value>().unwrap_err();
        assert_eq!(e.location(), "t.jsonl:2:8");
        assert_eq!(
            e.message,
            "invalid JSON Lines record: EOF while parsing a value; expected one JSON object per line"
        );
    }
}
