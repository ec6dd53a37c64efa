//! A ledger from a STIX 2.1 bundle.
//!
//! Objects with corroborate's extension ([`crate::export::stix::extension_id`]) are read back as
//! the ledger entries they carry. Other content is read as an analyst would:
//!
//! - an `identity` is a source (kind `other`, its name; official only when the ledger says so);
//! - a `note` is a claim (its `content` the statement, its `abstract` the id when it is one), made
//!   by every identity in its `object_refs` (else by its `created_by_ref`): one report each,
//!   supporting it, stated on the note's `created` date, with its first external reference as the
//!   document;
//! - an `opinion` on a note is a report of its `created_by_ref` about that note's claim:
//!   strongly-agree and agree support it, disagree and strongly-disagree refute it, neutral cannot
//!   confirm it;
//! - a `report` gives the case title (`name`) and date (`published`).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{Found, Ids, at, day, slug, str_of};
use crate::error::{Error, Result, SourceText};
use crate::export::stix::extension_id;

fn record(o: &Value, ext: &str, key: &str) -> Option<Map<String, Value>> {
    o.get("extensions")?
        .get(ext)?
        .get(key)?
        .as_object()
        .cloned()
}

pub fn read(src: &SourceText) -> Result<Found> {
    let v = super::parse_json(src, "a STIX 2.1 bundle")?;
    if str_of(&v, "type") != Some("bundle") {
        return Err(Error::input(at(
            src,
            str_of(&v, "type").unwrap_or("type"),
            format!(
                "not a STIX bundle (`type` is {}): expected an object with \"type\": \"bundle\" and its \"objects\"",
                v.get("type")
                    .map_or("missing".to_string(), |t| crate::text::bounded(
                        &t.to_string()
                    ))
            ),
        )));
    }
    let Some(objects) = v.get("objects").and_then(Value::as_array) else {
        return Err(Error::input(src.diag_file(
            "a STIX bundle without `objects`: expected an array of STIX objects",
        )));
    };
    let ext = extension_id();
    // An export of corroborate: its entries are the ledger, and the objects without the
    // extension (the producer, the extension's author) are no part of it.
    let ours = objects
        .iter()
        .any(|o| o.get("extensions").and_then(|e| e.get(&ext)).is_some());
    let mut found = Found::default();
    let mut diags = Vec::new();
    // Foreign content: STIX id → ledger id.
    let mut ids = Ids::default();
    let mut source_of: BTreeMap<String, String> = BTreeMap::new();
    let mut claim_of: BTreeMap<String, String> = BTreeMap::new();
    let mut foreign_notes = Vec::new();
    let mut foreign_opinions = Vec::new();
    for o in objects {
        let id = str_of(o, "id").unwrap_or("");
        let ty = str_of(o, "type").unwrap_or("");
        if id.is_empty() || ty.is_empty() {
            diags.push(at(
                src,
                ty,
                format!(
                    "a STIX object without `{}`: expected every object to have `type` and `id`",
                    if ty.is_empty() { "type" } else { "id" }
                ),
            ));
            continue;
        }
        match ty {
            "identity" => match record(o, &ext, "source") {
                Some(mut s) => {
                    s.remove("admiralty_letter");
                    if let Some(sid) = s.get("id").and_then(Value::as_str) {
                        ids.take(sid);
                        source_of.insert(id.to_string(), sid.to_string());
                    }
                    found.sources.push(s);
                }
                None if ours => {}
                None => {
                    let Some(name) = str_of(o, "name") else {
                        diags.push(at(
                            src,
                            id,
                            format!("identity `{id}` has no `name`: expected the name of a source"),
                        ));
                        continue;
                    };
                    let sid = ids.take(&slug(name, "source"));
                    source_of.insert(id.to_string(), sid.clone());
                    found.sources.push(
                        json!({ "id": sid, "name": name, "kind": "other" })
                            .as_object()
                            .cloned()
                            .unwrap_or_default(),
                    );
                }
            },
            "note" => {
                if let Some(c) = record(o, &ext, "claim") {
                    if let Some(cid) = c.get("id").and_then(Value::as_str) {
                        claim_of.insert(id.to_string(), cid.to_string());
                    }
                    found.claims.push(c);
                } else if let Some(r) = record(o, &ext, "report") {
                    found.reports.push(r);
                } else if !ours {
                    foreign_notes.push(o);
                }
            }
            "opinion" if !ours => foreign_opinions.push(o),
            "report" => {
                if let Some(case) = o
                    .get("extensions")
                    .and_then(|e| e.get(&ext))
                    .and_then(|e| e.get("case"))
                {
                    found.title = str_of(case, "title").map(String::from);
                    found.as_of = str_of(case, "as_of").map(String::from);
                } else {
                    found.title = found.title.or_else(|| str_of(o, "name").map(String::from));
                    found.as_of = found.as_of.or_else(|| str_of(o, "published").and_then(day));
                }
            }
            _ => {}
        }
    }
    let mut claim_ids = Ids::default();
    for c in &found.claims {
        if let Some(id) = c.get("id").and_then(Value::as_str) {
            claim_ids.take(id);
        }
    }
    let mut report_n = found.reports.len();
    let mut report = |found: &mut Found,
                      claim: &str,
                      source: &str,
                      stance: &str,
                      stated: String,
                      doc: Option<&str>| {
        report_n += 1;
        let mut r = json!({
            "id": format!("r{report_n:04}"),
            "claim": claim,
            "source": source,
            "stance": stance,
            "stated": stated,
        });
        if let Some(d) = doc {
            r["document"] = json!(d);
        }
        found
            .reports
            .push(r.as_object().cloned().unwrap_or_default());
    };
    for o in foreign_notes {
        let id = str_of(o, "id").unwrap_or("");
        let Some(content) = str_of(o, "content").filter(|c| !c.trim().is_empty()) else {
            diags.push(at(
                src,
                id,
                format!("note `{id}` has no `content`: expected the statement of a claim"),
            ));
            continue;
        };
        let Some(stated) = str_of(o, "created").and_then(day) else {
            diags.push(at(src, id, format!("note `{id}` has no valid `created` timestamp: expected a STIX timestamp such as 2024-11-04T00:00:00.000Z")));
            continue;
        };
        let base = str_of(o, "abstract")
            .filter(|a| crate::ledger::load::valid_id(a))
            .map_or_else(|| slug(content, "claim"), String::from);
        let cid = claim_ids.take(&base.chars().take(60).collect::<String>());
        claim_of.insert(id.to_string(), cid.clone());
        let mut c = json!({ "id": cid, "statement": content });
        if let Some(l) = o.get("labels").filter(|l| l.is_array()) {
            c["tags"] = l.clone();
        }
        found
            .claims
            .push(c.as_object().cloned().unwrap_or_default());
        let doc = o
            .get("external_references")
            .and_then(|r| r.get(0))
            .and_then(|r| {
                str_of(r, "url")
                    .or_else(|| str_of(r, "description"))
                    .or_else(|| str_of(r, "source_name"))
            })
            .map(String::from);
        let mut speakers: Vec<String> = o
            .get("object_refs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter_map(|r| source_of.get(r).cloned())
            .collect();
        if speakers.is_empty() {
            speakers.extend(str_of(o, "created_by_ref").and_then(|r| source_of.get(r).cloned()));
        }
        if speakers.is_empty() {
            diags.push(at(src, id, format!("note `{id}` refers to no identity in the bundle: expected `object_refs` or `created_by_ref` to name who made the claim")));
            continue;
        }
        for s in speakers {
            report(
                &mut found,
                &cid,
                &s,
                "supports",
                stated.clone(),
                doc.as_deref(),
            );
        }
    }
    for o in foreign_opinions {
        let id = str_of(o, "id").unwrap_or("");
        let stance = match str_of(o, "opinion") {
            Some("strongly-agree" | "agree") => "supports",
            Some("disagree" | "strongly-disagree") => "refutes",
            Some("neutral") => "cannot-confirm",
            other => {
                diags.push(at(src, id, format!(
                    "opinion `{id}` has opinion {}: expected strongly-disagree, disagree, neutral, agree or strongly-agree",
                    other.map_or("missing".into(), |o| format!("`{}`", crate::text::bounded(o)))
                )));
                continue;
            }
        };
        let Some(who) = str_of(o, "created_by_ref")
            .and_then(|r| source_of.get(r))
            .cloned()
        else {
            diags.push(at(src, id, format!("opinion `{id}` has no `created_by_ref` to an identity of the bundle: expected who holds the opinion")));
            continue;
        };
        let Some(stated) = str_of(o, "created").and_then(day) else {
            diags.push(at(
                src,
                id,
                format!("opinion `{id}` has no valid `created` timestamp"),
            ));
            continue;
        };
        for r in o
            .get("object_refs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if let Some(c) = claim_of.get(r) {
                report(&mut found, c, &who, stance, stated.clone(), None);
            }
        }
    }
    if diags.is_empty() {
        Ok(found)
    } else {
        Err(Error::Input(diags))
    }
}
