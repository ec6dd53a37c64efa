//! The column of a problem in a row of a bulk file.
//!
//! A bulk ledger keeps each row's values, not where they stood: a million rows' positions would
//! cost memory on every run for the sake of the runs that fail. When a run fails on values of
//! rows, the files concerned are read again, once each and only up to the last row with a
//! problem, and each such problem gets the line and column where its value starts and the line
//! quoted under it with a caret, as a TOML ledger's problems have. A file that cannot be read again
//! (standard input, a pipe) or that no longer holds the row keeps the problem's line alone.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, FieldAt, SourceText};

/// Gives the problems that name a value of a row (`Diagnostic::field`) their column and snippet,
/// reading each file again (`paths`: the files of the run, by the name their problems carry).
pub fn place(diags: &mut [Diagnostic], paths: &[(String, PathBuf)]) {
    let mut by_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in diags.iter().enumerate() {
        if d.field.is_some() && d.line.is_some() {
            by_file.entry(d.file.as_str()).or_default().push(i);
        }
    }
    let by_file: Vec<(PathBuf, Vec<usize>)> = by_file
        .into_iter()
        .filter_map(|(name, at)| {
            let path = paths.iter().find(|(n, _)| n == name)?.1.clone();
            Some((path, at))
        })
        .collect();
    for (path, mut at) in by_file {
        at.sort_by_key(|&i| diags[i].line);
        place_in_file(diags, &path, &at);
    }
    for d in diags.iter_mut() {
        d.field = None;
    }
}

/// Places the problems `at` (indices into `diags`, by line) of one file.
fn place_in_file(diags: &mut [Diagnostic], path: &Path, at: &[usize]) {
    let Ok(opened) = crate::read::open(path, "a file") else {
        return;
    };
    // Standard input, a pipe or a device was read once already.
    if opened.path.is_none() {
        return;
    }
    let mut reader = BufReader::new(opened.reader);
    let mut line_no = 0usize;
    let mut next = 0;
    let mut buf: Vec<u8> = Vec::new();
    while next < at.len() {
        let want = diags[at[next]].line.unwrap_or(0);
        // Skip to the wanted line without keeping the lines before it.
        while line_no + 1 < want {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => return,
                Ok(_) => line_no += 1,
            }
        }
        // The record at `want`: its first line, and more while a quoted value spans lines.
        let mut record: Vec<u8> = Vec::new();
        let mut lines = 0usize;
        // Quotes seen so far, counted a line at a time: a value of a million line breaks costs
        // one pass, not one per line.
        let mut quotes = 0usize;
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    lines += 1;
                    quotes += buf.iter().filter(|&&b| b == b'"').count();
                    record.extend_from_slice(&buf);
                }
            }
            let open_quote = match diags[at[next]].field.as_deref() {
                Some(FieldAt::Delimited { delimiter, .. } | FieldAt::End { delimiter }) => {
                    *delimiter == b',' && quotes % 2 == 1
                }
                _ => false,
            };
            if !open_quote {
                break;
            }
        }
        line_no += lines;
        if lines == 0 {
            return;
        }
        let Ok(text) = String::from_utf8(record) else {
            // Not text: the row was refused for that already, with its line.
            while next < at.len() && diags[at[next]].line == Some(want) {
                next += 1;
            }
            continue;
        };
        let source = SourceText::new(diags[at[next]].file.clone(), text);
        while next < at.len() && diags[at[next]].line == Some(want) {
            let d = &mut diags[at[next]];
            let span = match d.field.as_deref() {
                Some(FieldAt::Delimited { index, delimiter }) => {
                    delimited_value(&source.text, *index, *delimiter)
                }
                Some(FieldAt::End { .. }) => {
                    let t = source.text.trim_end_matches(['\n', '\r']);
                    Some(t.len()..t.len())
                }
                Some(FieldAt::Key(key)) => json_value(&source.text, key),
                None => None,
            };
            if let Some(span) = span {
                let placed = source.diag(span, std::mem::take(&mut d.message));
                d.message = placed.message;
                // Lines of the record's own text, counted from its first.
                d.line = placed.line.map(|l| want + l - 1);
                d.column = placed.column;
                d.snippet = placed.snippet;
            }
            next += 1;
        }
    }
}

/// The byte range of value `index` of the record `text` (CSV quoting for `,`; a tab-separated
/// record has none): from its first byte (a quote, if quoted) to its end.
fn delimited_value(text: &str, index: usize, delimiter: u8) -> Option<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let quoting = delimiter == b',';
    let (mut field, mut start, mut quoted) = (0usize, 0usize, false);
    for (i, &b) in bytes.iter().enumerate() {
        if quoting && b == b'"' {
            quoted = !quoted;
        } else if !quoted && (b == delimiter || b == b'\n' || b == b'\r') {
            if field == index {
                return Some(start..i);
            }
            if b != delimiter {
                return None;
            }
            field += 1;
            start = i + 1;
        }
    }
    (field == index).then_some(start..bytes.len())
}

/// The byte range of the value of `key` in the JSON object of `text` (one line of JSON Lines), at
/// its top level.
fn json_value(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut i = skip_space(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_space(b, i);
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(b, i)?;
        let name: Option<String> = serde_json::from_str(&text[i..key_end]).ok();
        i = skip_space(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let start = skip_space(b, i + 1);
        let end = value_end(b, start)?;
        if name.as_deref() == Some(key) {
            return Some(start..end);
        }
        i = skip_space(b, end);
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return None,
        }
    }
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// The end (exclusive) of the JSON string starting at `i` (a quote).
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// The end (exclusive) of the JSON value starting at `i`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
            {
                j += 1;
            }
            Some(j)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delimited_value_is_found_past_quoted_commas() {
        let t = "c1,\"a, b\",2024-13-01,supports\n";
        assert_eq!(&t[delimited_value(t, 2, b',').unwrap()], "2024-13-01");
        assert_eq!(&t[delimited_value(t, 1, b',').unwrap()], "\"a, b\"");
        assert_eq!(&t[delimited_value(t, 3, b',').unwrap()], "supports");
        assert_eq!(delimited_value(t, 4, b','), None);
        // An empty value is where it would be.
        assert_eq!(delimited_value("a,,b", 1, b','), Some(2..2));
        // Tabs do not quote.
        let t = "c1\t\"x\tmaybe\n";
        assert_eq!(&t[delimited_value(t, 2, b'\t').unwrap()], "maybe");
    }

    #[test]
    fn a_json_value_is_found_at_the_top_level_only() {
        let t = r#"{"note": {"stance": "x"}, "claim": "c\"1", "stance": "maybe", "n": 3}"#;
        assert_eq!(&t[json_value(t, "stance").unwrap()], "\"maybe\"");
        assert_eq!(&t[json_value(t, "n").unwrap()], "3");
        assert_eq!(&t[json_value(t, "claim").unwrap()], r#""c\"1""#);
        assert_eq!(json_value(t, "via"), None);
        assert_eq!(json_value("not json", "a"), None);
    }

    proptest::proptest! {
        /// Whatever the values (commas, quotes, line breaks), the span found for each is the
        /// text the `csv` crate wrote for it, and reading that text back gives the value.
        #[test]
        fn every_value_written_by_the_csv_crate_is_found(
            values in proptest::collection::vec("[a-c,\"\n ]{0,6}", 1..6),
        ) {
            let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
            w.write_record(&values).unwrap();
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            for (i, v) in values.iter().enumerate() {
                let span = delimited_value(&text, i, b',').unwrap();
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(text[span].as_bytes());
                let got = r.records().next().map(|x| x.unwrap()[0].to_string());
                proptest::prop_assert_eq!(got.unwrap_or_default(), v.clone());
            }
            proptest::prop_assert_eq!(delimited_value(&text, values.len(), b','), None);
        }
    }
}
