//! `import stix|misp`: a ledger from what the exports write and what those platforms hold.
//!
//! An export of corroborate carries the ledger's entries ([`crate::export::records`]): they are
//! read back as they were, so that a round trip keeps every source, question, claim and report.
//! Content made elsewhere is read by the rules in [`stix`] and [`misp`]. Either way the result is
//! a TOML ledger that is loaded (checked) before it is written.
//!
//! Bad input — a file that is not JSON, not a bundle or an event, an object without what it
//! needs — is a diagnostic naming the file, line and column (of the JSON error, or of the
//! offending object's id in the text) and the value, with exit code 2.

pub mod misp;
pub mod stix;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Error, Result, SourceText};

/// What an import found: the ledger's entries as records with the TOML ledger's keys.
#[derive(Debug, Default)]
pub struct Found {
    pub title: Option<String>,
    pub as_of: Option<String>,
    pub sources: Vec<Map<String, Value>>,
    pub claims: Vec<Map<String, Value>>,
    pub reports: Vec<Map<String, Value>>,
}

/// The most bytes of JSON an import reads (the cap on TOML ledgers: an export of a case that fits
/// one fits the other).
pub const MAX_JSON_BYTES: u64 = crate::read::MAX_TOML_BYTES;

/// Parses the JSON text of `src`, with the line and column of a syntax error.
pub fn parse_json(src: &SourceText, what: &str) -> Result<Value> {
    serde_json::from_str(&src.text).map_err(|e| {
        let offset = offset_of(&src.text, e.line(), e.column());
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        Error::input(src.diag(
            offset..offset + 1,
            format!("invalid JSON ({msg}): expected {what}"),
        ))
    })
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// A diagnostic at the first place `needle` (a JSON string value, quoted) appears in the text, or
/// on the file when it does not.
pub fn at(src: &SourceText, needle: &str, message: String) -> Diagnostic {
    let quoted = serde_json::to_string(needle).unwrap_or_default();
    match src.text.find(&quoted) {
        Some(i) => src.diag(i..i + quoted.len(), message),
        None => src.diag_file(message),
    }
}

/// A ledger id made of `text`: letters, digits, `.`, `_` and `-`, others replaced by `-`, lower
/// case, at most 60 characters; `fallback` when nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 60 {
            break;
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

/// Gives out ids that are unique: `base`, then `base-2`, `base-3`…
#[derive(Debug, Default)]
pub struct Ids(BTreeSet<String>);

impl Ids {
    pub fn take(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut n = 1;
        while !self.0.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// A JSON value as TOML (nulls dropped: TOML has none).
fn toml_value(v: &Value) -> Option<toml_edit::Value> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into(),
            None => n.as_f64()?.into(),
        },
        Value::String(s) => s.as_str().into(),
        Value::Array(a) => {
            let mut arr = toml_edit::Array::new();
            for x in a.iter().filter_map(toml_value) {
                arr.push(x);
            }
            toml_edit::Value::Array(arr)
        }
        Value::Object(o) => {
            let mut t = toml_edit::InlineTable::new();
            for (k, x) in o {
                if let Some(x) = toml_value(x) {
                    t.insert(k, x);
                }
            }
            toml_edit::Value::InlineTable(t)
        }
    })
}

/// Order of keys in a written entry: as in the README's ledger section.
const ORDER: &[&str] = &[
    "id",
    "name",
    "kind",
    "official",
    "organisation",
    "government",
    "side",
    "interested",
    "grade",
    "text",
    "exhaustive",
    "statement",
    "favours",
    "disfavours",
    "tags",
    "question",
    "url",
    "resolution",
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
];

fn ordered(o: &Map<String, Value>) -> toml_edit::Table {
    let mut t = toml_edit::Table::new();
    let mut keys: Vec<&String> = o.keys().collect();
    keys.sort_by_key(|k| ORDER.iter().position(|x| x == k).unwrap_or(ORDER.len()));
    for k in keys {
        if let Some(v) = toml_value(&o[k]) {
            t.insert(k, toml_edit::Item::Value(v));
        }
    }
    t
}

/// The TOML ledger of what was found, checked by the ledger loader (`name` names it in messages).
pub fn to_ledger(found: Found, name: &str) -> Result<String> {
    let mut questions: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut claims = Vec::new();
    for mut c in found.claims {
        let text = c.remove("question_text");
        let exhaustive = c.remove("question_exhaustive");
        if let Some(Value::String(q)) = c.get("question") {
            let e = questions.entry(q.clone()).or_insert_with(|| {
                let mut m = Map::new();
                m.insert("id".into(), Value::String(q.clone()));
                m.insert("text".into(), Value::String(q.clone()));
                m
            });
            if let Some(t) = text {
                e.insert("text".into(), t);
            }
            if let Some(Value::Bool(true)) = exhaustive {
                e.insert("exhaustive".into(), Value::Bool(true));
            }
        }
        claims.push(c);
    }
    let mut doc =
        String::from("# Imported by `corroborate import`. Check it with `corroborate check`.\n");
    let mut case = toml_edit::Table::new();
    if let Some(t) = found.title {
        case.insert("title", toml_edit::value(t));
    }
    if let Some(a) = found.as_of {
        case.insert("as_of", toml_edit::value(a));
    }
    let mut top = toml_edit::DocumentMut::new();
    if !case.is_empty() {
        top.insert("case", toml_edit::Item::Table(case));
    }
    let arrays: [(&str, Vec<Map<String, Value>>); 4] = [
        ("sources", found.sources),
        ("questions", questions.into_values().collect()),
        ("claims", claims),
        ("reports", found.reports),
    ];
    for (key, entries) in arrays {
        if !entries.is_empty() {
            let mut arr = toml_edit::ArrayOfTables::new();
            for e in &entries {
                arr.push(ordered(e));
            }
            top.insert(key, toml_edit::Item::ArrayOfTables(arr));
        }
    }
    doc.push_str(&top.to_string());
    // The result must be a ledger that `check` passes: load it.
    crate::ledger::parse_ledgers(&[SourceText::new(name, doc.clone())])?;
    Ok(doc)
}

/// A record field as a string.
pub fn str_of<'a>(o: &'a Value, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

/// The date part (`YYYY-MM-DD`) of a STIX or MISP timestamp.
pub fn day(ts: &str) -> Option<String> {
    let d = ts.get(..10)?;
    crate::ledger::Moment::parse(d).map(|_| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_unique_ids() {
        assert_eq!(slug("Maj. Gen. Pat Ryder", "x"), "maj.-gen.-pat-ryder");
        assert_eq!(slug("  ", "x"), "x");
        let mut ids = Ids::default();
        assert_eq!(ids.take("a"), "a");
        assert_eq!(ids.take("a"), "a-2");
        assert_eq!(ids.take("a"), "a-3");
    }

    #[test]
    fn a_json_error_has_its_line_and_column() {
        let src = SourceText::new("e.json", "{\n  \"a\": 1,\n  oops\n}\n");
        let e = parse_json(&src, "a MISP event").unwrap_err();
        let t = e.render();
        assert!(t.contains("--> e.json:3:3"), "{t}");
        assert!(t.contains("expected a MISP event"), "{t}");
    }
}
