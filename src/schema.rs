//! JSON Schemas of the two file formats (ledger and rubric), derived from their serde structs with
//! schemars, for TOML editors: Taplo and Even Better TOML validate and complete a file that starts
//! with `#:schema ./ledger.schema.json`.
//!
//! The schemas use draft 7, which every editor's validator understands. Descriptions of the keys
//! come from [`LEDGER_DOCS`] and [`RUBRIC_DOCS`]; a test checks that each names a real key.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use crate::ledger::format::LedgerFile;
use crate::rubric::format::RubricFile;

/// A date in a ledger: a TOML local date (`2024-11-04`), an RFC 3339 date-time with an offset
/// (`2024-11-04T14:30:00Z`), or either as a string. TOML editors hand dates to the validator as
/// strings.
pub struct Date;

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date, YYYY-MM-DD (2024-11-04), or a date and time with an offset, RFC 3339 (2024-11-04T14:30:00Z); bare or as a string.",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$"
        })
    }
}

/// A resolution's outcome: `true`, `false` or `"unresolvable"`.
pub struct OutcomeSchema;

impl JsonSchema for OutcomeSchema {
    fn schema_name() -> Cow<'static, str> {
        "Outcome".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "What became of the claim: true, false, or \"unresolvable\" (never to be known; left out of calibration).",
            "oneOf": [ { "type": "boolean" }, { "type": "string", "enum": ["unresolvable"] } ]
        })
    }
}

/// Which file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ledger,
    Rubric,
    /// The JSON of `report --format json`: the ledger report (version 2) or the triples report.
    Report,
}

/// The JSON Schema (draft 7) of `report --format json`, for the two documents it prints: the
/// scored ledger (version [`crate::render::json::REPORT_VERSION`]) and the scored triples (version
/// [`crate::render::json::FORMAT_VERSION`]). It is written by hand from the README's contract (the
/// result structs are plain `Serialize` types read by every renderer, not annotated for schemars);
/// `tests/ecosystem.rs` validates every JSON output against it, so that the two cannot drift.
/// Fields are only ever added within a version: objects allow properties the schema does not name.
pub fn report_schema() -> Value {
    let num = serde_json::json!({ "type": "number" });
    let unit = serde_json::json!({ "type": "number", "minimum": 0, "maximum": 1 });
    let count = serde_json::json!({ "type": "integer", "minimum": 0 });
    let date = serde_json::json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?$" });
    let opt = |v: &Value| serde_json::json!({ "anyOf": [v, { "type": "null" }] });
    let interval = serde_json::json!({
        "type": "object",
        "required": ["low", "high", "level"],
        "properties": { "low": unit, "high": unit, "level": unit }
    });
    // A qualifier at its default is left out (version 4): the schema gives the default.
    let name = |d: &str| serde_json::json!({ "type": "string", "default": d });
    let report = serde_json::json!({
        "type": "object",
        "required": ["id", "stated"],
        "properties": {
            "id": { "type": "string" }, "stated": date,
            "published": { "description": "Left out when it is `stated`.", "pattern": date["pattern"] },
            "dates": name("inferred"), "verification": name("unverified"), "hedging": name("none"),
            "hops": { "type": "integer", "minimum": 0, "default": 0 },
            "via": { "type": "array", "items": { "type": "string" } }, "cites": { "type": "string" },
            "document": { "type": "string" }, "quote": { "type": "string" }
        }
    });
    let origin = serde_json::json!({
        "type": "object",
        "required": ["source", "stance", "first_stated", "source_level", "best_report", "strength", "discount", "contributions", "reports"],
        "properties": {
            "source": { "type": "string" }, "source_name": { "type": "string", "description": "Left out when it is `source`." },
            "stance": { "enum": ["supports", "refutes", "repeats", "cannot-confirm", "doubts", "no-comment"] },
            "first_stated": date, "source_level": unit, "best_report": { "type": "string" },
            "interest": name("none"), "verification": name("unverified"), "hedging": name("none"),
            "hops": { "type": "integer", "minimum": 0, "default": 0 },
            "multiplier": { "type": "number", "default": 1 }, "stance_factor": { "type": "number", "default": 1 },
            "strength": num, "discount": unit, "later": { "type": "boolean", "default": false },
            "reports": { "type": "array", "items": report }
        }
    });
    let claim = serde_json::json!({
        "type": "object",
        "required": ["id", "statement", "tags", "question", "kind", "confidence", "interval", "likelihood",
                     "confidence_level", "admiralty", "reports", "origins", "effective_origins", "first", "last",
                     "criteria", "quality", "conflict", "aggregation", "by_origin", "resolution"],
        "properties": {
            "id": { "type": "string" },
            "statement": { "type": "string" },
            "tags": { "type": "array", "items": { "type": "string" } },
            "question": opt(&serde_json::json!({ "type": "string" })),
            "kind": { "enum": ["fact", "assessment", "forecast", "opinion"] },
            "confidence": { "description": "The probability that the claim is true; null for an unscored kind.", "anyOf": [unit, { "type": "null" }] },
            "interval": interval,
            "likelihood": { "enum": ["almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely", "very likely", "almost certain"] },
            "confidence_level": { "enum": ["low", "moderate", "high"] },
            "admiralty": {
                "type": "object",
                "required": ["rating", "source", "information"],
                "properties": {
                    "rating": { "type": "string", "pattern": "^[A-F][1-6]$" },
                    "source": { "enum": ["A", "B", "C", "D", "E", "F"] },
                    "information": { "type": "integer", "minimum": 1, "maximum": 6 }
                }
            },
            "reports": count, "origins": count, "effective_origins": num,
            "first": opt(&date), "last": opt(&date),
            "criteria": {
                "type": "object",
                "required": ["verification", "official", "later"],
                "properties": { "verification": num, "official": num, "later": num }
            },
            "quality": unit, "conflict": unit,
            "aggregation": { "type": "object" },
            "by_origin": { "type": "array", "items": origin },
            "resolution": { "anyOf": [{ "type": "null" }, {
                "type": "object",
                "required": ["outcome"],
                "properties": { "outcome": { "anyOf": [{ "type": "boolean" }, { "enum": ["unresolvable"] }] }, "date": opt(&date) }
            }] }
        }
    });
    let source = serde_json::json!({
        "type": "object",
        "required": ["id", "name", "kind", "official", "interested", "level", "letter", "reports", "relays"],
        "properties": {
            "id": { "type": "string" }, "name": { "type": "string" }, "kind": { "type": "string" },
            "official": { "type": "boolean" }, "interested": { "type": "boolean" },
            "level": unit, "letter": { "enum": ["A", "B", "C", "D", "E", "F"] },
            "reports": count, "relays": count
        }
    });
    let ledger = serde_json::json!({
        "title": "the scored ledger",
        "type": "object",
        "required": ["format", "version", "title", "as_of", "rubric", "questions", "claims", "sources"],
        "properties": {
            "format": { "const": "corroborate-report" },
            "version": { "const": crate::render::json::REPORT_VERSION },
            "title": opt(&serde_json::json!({ "type": "string" })),
            "as_of": opt(&date),
            "rubric": { "type": "object", "required": ["name", "method"], "properties": {
                "name": { "type": "string" }, "method": { "enum": ["log-odds", "subjective-logic"] } } },
            "questions": { "type": "array", "items": {
                "type": "object",
                "required": ["id", "text", "exhaustive", "claims", "total"],
                "properties": { "id": { "type": "string" }, "text": { "type": "string" }, "exhaustive": { "type": "boolean" },
                                "claims": { "type": "array", "items": { "type": "string" } }, "total": unit }
            } },
            "claims": { "type": "array", "items": claim },
            "sources": { "type": "array", "items": source }
        }
    });
    let triples = serde_json::json!({
        "title": "the scored triples",
        "type": "object",
        "required": ["format", "version", "title", "rubric", "reliability", "counts", "claims", "sources"],
        "properties": {
            "format": { "const": "corroborate-report" },
            "version": { "const": crate::render::json::FORMAT_VERSION },
            "title": { "type": "string" },
            "rubric": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } },
            "reliability": { "type": "object", "required": ["method", "iterations", "converged"] },
            "counts": { "type": "object", "required": ["reports", "pairs", "questions", "claims", "sources"] },
            "claims": { "type": "array", "items": {
                "type": "object",
                "required": ["id", "question", "value", "confidence", "sources", "top"],
                "properties": { "id": { "type": "string" }, "confidence": unit, "sources": count, "top": { "type": "boolean" } }
            } },
            "sources": { "type": "array", "items": {
                "type": "object",
                "required": ["id", "claims", "correct", "reliability", "interval"],
                "properties": { "id": { "type": "string" }, "claims": count, "reliability": unit, "interval": interval }
            } }
        }
    });
    serde_json::json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://corroborate.invalid/report.schema.json",
        "title": "corroborate report (report --format json)",
        "description": "The scored claims and sources of a ledger, or of truth-discovery triples. Fields are only ever added within a version.",
        "oneOf": [ledger, triples]
    })
}

/// Descriptions of ledger keys: (definition, property, text). The definition `""` is the root.
pub const LEDGER_DOCS: &[(&str, &str, &str)] = &[
    (
        "",
        "case",
        "The case as a whole: title, as-of date and a note.",
    ),
    (
        "",
        "sources",
        "Who speaks or relays: people, bodies and outlets.",
    ),
    (
        "",
        "questions",
        "Sets of competing, mutually exclusive answers (claims).",
    ),
    (
        "",
        "claims",
        "What is asserted, each with an id referred to by reports.",
    ),
    (
        "",
        "reports",
        "One statement by one source on one claim, as it reached us.",
    ),
    (
        "CaseFile",
        "as_of",
        "Date the results are computed for; default: the latest publication date.",
    ),
    (
        "SourceFile",
        "id",
        "Unique id: letters, digits, '.', '_' and '-'.",
    ),
    (
        "SourceFile",
        "kind",
        "What kind of body the source is; sets the default for `official`.",
    ),
    (
        "SourceFile",
        "official",
        "Speaks for a state or an international body (default by kind).",
    ),
    (
        "SourceFile",
        "organisation",
        "Organisation id: a second origin of one organisation is discounted.",
    ),
    (
        "SourceFile",
        "government",
        "Government id: a second origin of one government is discounted.",
    ),
    (
        "SourceFile",
        "interested",
        "A party to the story: its level is multiplied by the interest factor.",
    ),
    (
        "SourceFile",
        "side",
        "The party whose interest the source serves (e.g. ua, ru); see claims' favours.",
    ),
    (
        "SourceFile",
        "grade",
        "The analyst's Admiralty reliability letter A-F, overriding the kind.",
    ),
    (
        "QuestionFile",
        "exhaustive",
        "The listed answers cover every possibility (no 'none of these').",
    ),
    (
        "ClaimFile",
        "question",
        "Id of the question this claim is one answer of.",
    ),
    (
        "ClaimFile",
        "resolution",
        "What later became known: whether the claim was true.",
    ),
    (
        "ClaimFile",
        "kind",
        "fact (default), assessment, forecast or opinion.",
    ),
    (
        "ClaimFile",
        "favours",
        "Sides whose interest the claim's truth serves: their support counts less.",
    ),
    (
        "ClaimFile",
        "disfavours",
        "Sides whose interest the claim's truth harms: their support is an admission.",
    ),
    (
        "ReportFile",
        "claim",
        "Id of the claim the report is about.",
    ),
    (
        "ReportFile",
        "source",
        "Id of the SPEAKER (not the outlet that carried it: see `via`).",
    ),
    (
        "ReportFile",
        "stance",
        "supports, refutes, repeats (without endorsing), cannot-confirm, doubts or no-comment.",
    ),
    ("ReportFile", "stated", "When the speaker said it."),
    (
        "ReportFile",
        "published",
        "When we could first read it; default: `stated`. --as-of counts this date.",
    ),
    (
        "ReportFile",
        "dates",
        "How the dates are known: printed, inferred (default) or approximate.",
    ),
    (
        "ReportFile",
        "via",
        "Ids of the outlets that relayed the statement, nearest the speaker first.",
    ),
    (
        "ReportFile",
        "cites",
        "Id of the report this one repeats: both count as one origin.",
    ),
    (
        "ReportFile",
        "verification",
        "What verification the report carries (default: unverified).",
    ),
    (
        "ReportFile",
        "hedging",
        "How the speaker hedged the statement (default: none).",
    ),
    (
        "ReportFile",
        "document",
        "The document the report was read in (file name or URL).",
    ),
    ("ReportFile", "quote", "The words of the report."),
];

/// Descriptions of rubric keys.
pub const RUBRIC_DOCS: &[(&str, &str, &str)] = &[
    ("", "rubric", "Name and description of the rubric."),
    (
        "",
        "aggregation",
        "How origins are combined into a probability.",
    ),
    (
        "",
        "criteria",
        "The three criteria: verification, official vs unofficial, later corroboration.",
    ),
    (
        "",
        "hedging",
        "Multiplier of a report's evidence for each hedging level (0-1).",
    ),
    (
        "",
        "dependence",
        "Discounts for origins that are not independent, and per relay hop.",
    ),
    (
        "",
        "likelihood",
        "Upper bounds of the ICD 203 phrases; above very_likely is almost certain.",
    ),
    (
        "",
        "confidence",
        "Thresholds of the high and moderate confidence levels.",
    ),
    (
        "",
        "admiralty",
        "Bounds of the Admiralty source letters and information digits.",
    ),
    (
        "AggregationFile",
        "method",
        "log-odds (naive-Bayes pooling) or subjective-logic.",
    ),
    (
        "AggregationFile",
        "prior",
        "Probability of a claim before any report (0-1, exclusive).",
    ),
    (
        "AggregationFile",
        "prior_weight",
        "Weight of the prior, in units of evidence, for the interval.",
    ),
    (
        "AggregationFile",
        "interval",
        "Central mass of the interval printed beside each probability.",
    ),
];

fn describe(root: &mut Value, docs: &[(&str, &str, &str)]) {
    for (def, prop, text) in docs {
        let target = if def.is_empty() {
            root.pointer_mut(&format!("/properties/{prop}"))
        } else {
            root.pointer_mut(&format!("/definitions/{def}/properties/{prop}"))
        };
        if let Some(Value::Object(m)) = target {
            m.insert("description".into(), Value::String((*text).into()));
        }
    }
}

/// The JSON Schema of a format, as a JSON value.
pub fn schema_value(format: Format) -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let (schema, title, docs, description) = match format {
        Format::Report => return report_schema(),
        Format::Ledger => (
            generator.into_root_schema_for::<LedgerFile>(),
            "corroborate ledger",
            LEDGER_DOCS,
            "A corroborate ledger: sources, questions, claims and reports (TOML). See the README, \"Ledger format\".",
        ),
        Format::Rubric => (
            generator.into_root_schema_for::<RubricFile>(),
            "corroborate rubric",
            RUBRIC_DOCS,
            "A corroborate rubric: how claims are scored (TOML). The default is config/default.toml.",
        ),
    };
    let mut v = schema.to_value();
    if let Value::Object(m) = &mut v {
        m.insert("title".into(), Value::String(title.into()));
        m.insert("description".into(), Value::String(description.into()));
    }
    describe(&mut v, docs);
    if format == Format::Rubric {
        state_ranges(&mut v);
    }
    v
}

/// Every number of the rubric schema gets its range from [`crate::rubric::RANGES`], as
/// `minimum`/`maximum` (or the exclusive pair), on the property of the table that holds it.
fn state_ranges(v: &mut Value) {
    let mut found = Vec::new();
    number_ranges(v, v, None, "", 0, &mut found);
    let found: Vec<(String, crate::rubric::Range)> = found
        .into_iter()
        .map(|(def, key, r)| {
            let at = match def {
                Some(d) => format!("/definitions/{d}/properties/{key}"),
                None => format!("/properties/{key}"),
            };
            (at, r)
        })
        .collect();
    for (at, r) in found {
        if let Some(Value::Object(m)) = v.pointer_mut(&at) {
            let (lo, hi) = if r.open {
                ("exclusiveMinimum", "exclusiveMaximum")
            } else {
                ("minimum", "maximum")
            };
            m.insert(lo.into(), serde_json::json!(r.lo));
            m.insert(hi.into(), serde_json::json!(r.hi));
        }
    }
}

/// The definition a schema node refers to (`$ref`, possibly inside `anyOf` for an optional table).
fn referenced<'a>(node: &Value, root: &'a Value) -> Option<(&'a Value, &'a str)> {
    let r = node.get("$ref").or_else(|| {
        node.get("anyOf")?
            .as_array()?
            .iter()
            .find_map(|x| x.get("$ref"))
    })?;
    let name = r.as_str()?.strip_prefix("#/definitions/")?;
    let (key, def) = root.get("definitions")?.as_object()?.get_key_value(name)?;
    Some((def, key.as_str()))
}

/// Every number of the rubric schema with its range: (definition, or `None` for the root;
/// property; range), found by following the tables from the root. `node` is at the dotted key
/// `path`.
fn number_ranges<'a>(
    root: &'a Value,
    node: &'a Value,
    def: Option<&'a str>,
    path: &str,
    depth: usize,
    out: &mut Vec<(Option<&'a str>, &'a str, crate::rubric::Range)>,
) {
    // Tables nest four deep; the guard only keeps a malformed schema from looping.
    let Some(props) = node.get("properties").and_then(Value::as_object) else {
        return;
    };
    if depth > 8 {
        return;
    }
    for (key, prop) in props {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        if let Some((table, name)) = referenced(prop, root) {
            number_ranges(root, table, Some(name), &here, depth + 1, out);
        } else if let Some(r) = crate::rubric::range_of(&here) {
            out.push((def, key.as_str(), r));
        }
    }
}

/// The JSON Schema of a format, pretty-printed, with a final newline.
pub fn schema(format: Format) -> String {
    crate::text::json::pretty(&schema_value(format)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_description_names_a_key() {
        for (format, docs) in [(Format::Ledger, LEDGER_DOCS), (Format::Rubric, RUBRIC_DOCS)] {
            let v = schema_value(format);
            for (def, prop, _) in docs {
                let path = if def.is_empty() {
                    format!("/properties/{prop}")
                } else {
                    format!("/definitions/{def}/properties/{prop}")
                };
                assert!(v.pointer(&path).is_some(), "{format:?}: no key at {path}");
            }
        }
    }

    #[test]
    fn unknown_keys_are_refused_everywhere() {
        let v = schema_value(Format::Ledger);
        assert_eq!(v["additionalProperties"], Value::Bool(false));
        for (name, def) in v["definitions"].as_object().unwrap() {
            if def.get("properties").is_some() {
                assert_eq!(def["additionalProperties"], Value::Bool(false), "{name}");
            }
        }
    }
}
