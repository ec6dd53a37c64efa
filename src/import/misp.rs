//! A ledger from a MISP event (the JSON of MISP's event export, `{"Event": {…}}` or the event
//! object itself).
//!
//! The `annotation` objects an export of corroborate writes (type `corroborate-source`, `-claim`,
//! `-report`) are read back as the ledger entries they carry. Other content is read as an analyst
//! would:
//!
//! - every attribute is a claim: its `value` the statement (with the attribute type before it
//!   when it is not `text`), its `uuid` its id, its tags outside the taxonomies below its tags;
//! - its source is the organisation that created the event (`Orgc`, else `Org`, else one source
//!   `misp-event`), graded by the attribute's `admiralty-scale:source-reliability` tag when it has
//!   one (one source per organisation and grade);
//! - each claim is reported once, supporting it, on its `first_seen` date, else its `timestamp`,
//!   else the event's `date`.
//!
//! The case title is the event's `info`, its date the event's `date`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{Found, Ids, at, day, slug, str_of};
use crate::error::{Error, Result, SourceText};

/// The ledger record an annotation object carries, with its kind (`source`, `claim`, `report`).
/// A ledger record, or why the text is none.
type Record = std::result::Result<Map<String, Value>, String>;

fn annotation(o: &Value) -> Option<(String, Record)> {
    if str_of(o, "name") != Some("annotation") {
        return None;
    }
    let attrs = o.get("Attribute")?.as_array()?;
    let rel = |r: &str| {
        attrs
            .iter()
            .find(|a| str_of(a, "object_relation") == Some(r))
            .and_then(|a| str_of(a, "value"))
    };
    let kind = rel("type")?.strip_prefix("corroborate-")?.to_string();
    let text = rel("text").unwrap_or("");
    let rec = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("is not a JSON object".to_string()),
        Err(e) => Err(format!("is not JSON ({e})")),
    };
    Some((kind, rec))
}

fn grade(tags: &[&str]) -> Option<String> {
    tags.iter().find_map(|t| {
        let v = t.strip_prefix("admiralty-scale:source-reliability=")?;
        let v = v.trim_matches('"').to_ascii_uppercase();
        matches!(v.as_str(), "A" | "B" | "C" | "D" | "E" | "F").then_some(v)
    })
}

pub fn read(src: &SourceText) -> Result<Found> {
    let v = super::parse_json(src, "a MISP event")?;
    let event = v.get("Event").unwrap_or(&v);
    if !event.is_object()
        || (event.get("Attribute").is_none()
            && event.get("Object").is_none()
            && event.get("info").is_none())
    {
        return Err(Error::input(src.diag_file(
            "not a MISP event: expected {\"Event\": {\"info\": …, \"Attribute\": […], \"Object\": […]}}",
        )));
    }
    let mut found = Found {
        title: str_of(event, "info").map(String::from),
        as_of: str_of(event, "date").and_then(day),
        ..Found::default()
    };
    let mut diags = Vec::new();
    let objects = event
        .get("Object")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut ours = false;
    for o in &objects {
        if let Some((kind, rec)) = annotation(o) {
            let uuid = str_of(o, "uuid").unwrap_or("annotation");
            match (kind.as_str(), rec) {
                (_, Err(e)) => diags.push(at(src, uuid, format!("the record of annotation `{uuid}` {e}: expected the JSON object corroborate wrote"))),
                ("source", Ok(m)) => found.sources.push(m),
                ("claim", Ok(m)) => found.claims.push(m),
                ("report", Ok(m)) => found.reports.push(m),
                (k, Ok(_)) => diags.push(at(src, uuid, format!("annotation `{uuid}` is of type `corroborate-{}`: expected corroborate-source, -claim or -report", crate::text::bounded(k)))),
            }
            ours = true;
        }
    }
    if !ours {
        foreign(src, event, &mut found, &mut diags);
    }
    if diags.is_empty() {
        Ok(found)
    } else {
        Err(Error::Input(diags))
    }
}

fn foreign(
    src: &SourceText,
    event: &Value,
    found: &mut Found,
    diags: &mut Vec<crate::error::Diagnostic>,
) {
    let org = event
        .get("Orgc")
        .or_else(|| event.get("Org"))
        .and_then(|o| str_of(o, "name"))
        .unwrap_or("MISP event")
        .to_string();
    let event_day = str_of(event, "date").and_then(day);
    let mut claim_ids = Ids::default();
    let mut sources: BTreeMap<Option<String>, String> = BTreeMap::new();
    let mut source_ids = Ids::default();
    let attrs: Vec<&Value> = event
        .get("Attribute")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(
            event
                .get("Object")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|o| o.get("Attribute").and_then(Value::as_array))
                .flatten(),
        )
        .collect();
    for (n, a) in attrs.into_iter().enumerate() {
        let uuid = str_of(a, "uuid")
            .map(String::from)
            .unwrap_or_else(|| format!("attribute-{}", n + 1));
        let Some(value) = a
            .get("value")
            .and_then(|v| {
                v.as_str()
                    .map(String::from)
                    .or_else(|| v.as_number().map(|n| n.to_string()))
            })
            .filter(|v| !v.trim().is_empty())
        else {
            diags.push(at(
                src,
                &uuid,
                format!("attribute `{uuid}` has no `value`: expected the text of a claim"),
            ));
            continue;
        };
        let ty = str_of(a, "type").unwrap_or("text");
        let statement = if ty == "text" {
            value
        } else {
            format!("{ty}: {value}")
        };
        let tags: Vec<&str> = a
            .get("Tag")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| str_of(t, "name"))
            .collect();
        let g = grade(&tags);
        let source = sources
            .entry(g.clone())
            .or_insert_with(|| {
                let base = slug(&org, "misp-event");
                let id = source_ids.take(&match &g {
                    Some(g) => format!("{base}-{}", g.to_ascii_lowercase()),
                    None => base,
                });
                let mut s = json!({ "id": id, "name": org, "kind": "other" });
                if let Some(g) = &g {
                    s["grade"] = json!(g);
                }
                found
                    .sources
                    .push(s.as_object().cloned().unwrap_or_default());
                id
            })
            .clone();
        let stated = str_of(a, "first_seen")
            .and_then(day)
            .or_else(|| {
                a.get("timestamp")
                    .and_then(|t| {
                        t.as_str()
                            .and_then(|s| s.parse::<i64>().ok())
                            .or_else(|| t.as_i64())
                    })
                    .and_then(crate::ledger::Moment::from_timestamp)
                    .map(|m| m.date().to_string())
            })
            .or_else(|| event_day.clone());
        let Some(stated) = stated else {
            diags.push(at(src, &uuid, format!("attribute `{uuid}` has no date (`first_seen`, `timestamp`) and the event none (`date`): expected when the claim was made")));
            continue;
        };
        let cid = claim_ids.take(&slug(&uuid, "claim"));
        let mut c = json!({ "id": cid, "statement": statement });
        let own: Vec<&str> = tags
            .iter()
            .filter(|t| {
                !t.starts_with("admiralty-scale:")
                    && !t.starts_with("estimative-language:")
                    && !t.starts_with("tlp:")
            })
            .map(|t| {
                t.strip_prefix("corroborate:tag=")
                    .map_or(*t, |v| v.trim_matches('"'))
            })
            .collect();
        if !own.is_empty() {
            c["tags"] = json!(own);
        }
        found
            .claims
            .push(c.as_object().cloned().unwrap_or_default());
        let mut r = json!({
            "id": format!("r{:04}", found.reports.len() + 1),
            "claim": cid,
            "source": source,
            "stance": "supports",
            "stated": stated,
        });
        if let Some(comment) = str_of(a, "comment").filter(|c| !c.is_empty()) {
            r["note"] = json!(comment);
        }
        found
            .reports
            .push(r.as_object().cloned().unwrap_or_default());
    }
}
