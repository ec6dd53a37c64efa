//! A STIX 2.1 bundle that passes `stix2-validator --strict` and loads in the `stix2` library with
//! `allow_custom=False`:
//!
//! - an `identity` for the producer and for every source (`identity_class` from the STIX
//!   identity-class vocabulary: individual, organization or unknown);
//! - a `note` per claim (its statement, referring to the identities of its origins, with
//!   `external_references` to the documents it was read in; `confidence` the probability on the
//!   0–100 scale), an `opinion` on each scored claim's note, and a `note` per report (the
//!   statement's quote, referring to the claim's note and to its speaker and relays);
//! - a `report` that gathers them.
//!
//! Everything that STIX has no property for (the exact figures, and the ledger's own entries, so
//! that `corroborate import stix` can rebuild the ledger) is in a property extension declared by an
//! `extension-definition` object (STIX 2.1 §7.3), never in undeclared custom properties.
//!
//! - `opinion.opinion` follows the ICD 203 phrase: almost no chance and very unlikely →
//!   strongly-disagree, unlikely → disagree, roughly even chance → neutral, likely → agree, very
//!   likely and almost certain → strongly-agree.
//! - `opinion.confidence` is the ICD 203 confidence level on STIX's None/Low/Med/High scale (STIX 2.1
//!   appendix A): low 15, moderate 50, high 85.
//! - `--tlp` adds the TLP marking definition (STIX 2.1 §7.2.1.4; TLP 2.0 CLEAR is TLP 1.0 WHITE's
//!   new name, FIRST 2022) and marks every object with it.
//!
//! Timestamps (`created`, `modified`, `published`) are the as-of date at midnight UTC with
//! milliseconds, as STIX requires. Claim note and opinion ids also depend on the as-of date, since
//! their content does; identities and report notes depend only on the ledger.

use serde_json::{Value, json};

use super::{ExportOptions, Tlp, as_of, records, summary, title};
use crate::error::Result;
use crate::ledger::{Ledger, SourceKind};
use crate::score::{CaseScore, ConfidenceLevel};

/// The STIX opinion for an ICD 203 phrase.
pub fn opinion(phrase: &str) -> &'static str {
    match phrase {
        "almost no chance" | "very unlikely" => "strongly-disagree",
        "unlikely" => "disagree",
        "roughly even chance" => "neutral",
        "likely" => "agree",
        _ => "strongly-agree",
    }
}

/// The ICD 203 confidence level on STIX's None/Low/Med/High confidence scale.
pub fn confidence(level: ConfidenceLevel) -> u8 {
    match level {
        ConfidenceLevel::Low => 15,
        ConfidenceLevel::Moderate => 50,
        ConfidenceLevel::High => 85,
    }
}

/// A STIX id: the deterministic UUIDv5 with its version nibble set to 4. STIX 2.1 §2.9 asks for
/// UUIDv4 ids on SDOs (the validator's strict mode rejects others); RFC 9562 lets a v4's 122 bits
/// be pseudo-random, and a SHA-1 digest of the case namespace and name is, so the ids stay
/// reproducible and keep the namespace's separation.
pub fn v4(u: uuid::Uuid) -> uuid::Uuid {
    let mut b = *u.as_bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    uuid::Uuid::from_bytes(b)
}

/// The STIX identity-class of a source kind (identity-class-ov: individual, group, system,
/// organization, class, unknown).
fn identity_class(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::HeadOfState | SourceKind::Spokesperson => "individual",
        SourceKind::Anonymous | SourceKind::SocialMedia | SourceKind::Other => "unknown",
        _ => "organization",
    }
}

/// The extension that declares corroborate's properties: its id is fixed forever (UUIDv5 of
/// `urn:corroborate:stix-extension:1` in the default namespace), since platforms key extensions by
/// id; a new version of the properties gets a new id.
pub fn extension_id() -> String {
    format!(
        "extension-definition--{}",
        v4(super::uuid(
            "",
            "stix-extension",
            "urn:corroborate:stix-extension:1"
        ))
    )
}

/// The identity that defines the extension: corroborate itself, the same in every bundle.
fn extension_author() -> String {
    format!(
        "identity--{}",
        v4(super::uuid("", "stix-extension-author", "corroborate"))
    )
}

/// The predefined TLP marking definitions of STIX 2.1 §7.2.1.4 (their ids and contents are fixed
/// by the standard; TLP:CLEAR is TLP 1.0's WHITE).
fn tlp_marking(t: Tlp) -> Value {
    let (id, colour) = match t {
        Tlp::Clear => ("613f2e26-407d-48c7-9eca-b8e91df99dc9", "white"),
        Tlp::Green => ("34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"),
        Tlp::Amber => ("f88d31f6-486f-44da-b317-01333bde0b82", "amber"),
        Tlp::Red => ("5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"),
    };
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": format!("marking-definition--{id}"),
        "created": "2017-01-20T00:00:00.000Z",
        "definition_type": "tlp",
        "name": format!("TLP:{}", colour.to_uppercase()),
        "definition": { "tlp": colour },
    })
}

/// `properties` as this object's corroborate extension.
fn extended(o: &mut Value, properties: Value) {
    let mut ext = json!({ "extension_type": "property-extension" });
    if let (Some(e), Value::Object(p)) = (ext.as_object_mut(), properties) {
        e.extend(p);
    }
    o["extensions"] = json!({ extension_id(): ext });
}

/// A document as a STIX external reference: `url` when it is one, its name as `source_name`.
fn reference(document: &str) -> Value {
    if super::is_web_url(document) {
        json!({ "source_name": "document", "url": document })
    } else {
        json!({ "source_name": "document", "description": document })
    }
}

/// A STIX id in the export's namespace.
fn sid(opts: &ExportOptions, title: &str, kind: &str, key: &str) -> uuid::Uuid {
    v4(opts.id(title, kind, key))
}

pub fn bundle(ledger: &Ledger, case: &CaseScore, opts: &ExportOptions) -> Result<Value> {
    let date = as_of(case)?;
    let title = title(case);
    let ts = format!("{}T00:00:00.000Z", date.date());
    let dated = |key: &str| format!("{key}\u{1f}{date}");
    let producer = format!("identity--{}", sid(opts, title, "producer", &opts.author));
    let source_ref = |id: &str| format!("identity--{}", sid(opts, title, "source", id));
    let claim_note = |id: &str| format!("note--{}", sid(opts, title, "note", &dated(id)));
    let in_force = records::reports_in_force(ledger, date);

    let mut objects = vec![
        json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": extension_author(),
            "created": "2024-01-01T00:00:00.000Z",
            "modified": "2024-01-01T00:00:00.000Z",
            "name": "corroborate",
            "identity_class": "system",
            "description": "The corroborate command-line tool, author of the corroborate STIX extension.",
        }),
        json!({
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": extension_id(),
            "created_by_ref": extension_author(),
            "created": "2024-01-01T00:00:00.000Z",
            "modified": "2024-01-01T00:00:00.000Z",
            "name": "corroborate",
            "description": "Scores of claims and the ledger entries they were computed from, as written by corroborate.",
            "schema": "Property extension. On an identity: the ledger's source (id, name, kind, official, organisation, government, interested, side, grade, note) and admiralty_letter. On a claim's note: the ledger's claim (id, statement, kind, tags, favours, disfavours, url, question, question_text, question_exhaustive, resolution) and, for a scored claim, probability, interval [low, high], interval_level, likelihood (ICD 203), admiralty (rating), confidence_level. On a report's note: the ledger's report (id, claim, source, stance, stated, published, dates, via, cites, verification, hedging, document, quote, note). On an opinion: claim, confidence_level. Keys and values are those of the corroborate TOML ledger format (README, section The ledger).",
            "version": "1.0.0",
            "extension_types": ["property-extension"],
        }),
    ];
    if let Some(t) = opts.tlp {
        objects.push(tlp_marking(t));
    }
    let mut producer_o = json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": producer,
        "created": ts,
        "modified": ts,
        "name": opts.author,
        "identity_class": if opts.author == "corroborate" { "system" } else { "organization" },
    });
    if opts.author == "corroborate" {
        producer_o["description"] = json!(
            "The corroborate command-line tool: the scores were computed, not judged by a person."
        );
    }
    objects.push(producer_o);
    let mut refs: Vec<String> = Vec::new();
    for s in &ledger.sources {
        let letter = case
            .sources
            .iter()
            .find(|x| x.id == s.id)
            .map(|x| x.letter.to_string());
        let mut o = json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": source_ref(&s.id),
            "created_by_ref": producer,
            "created": ts,
            "modified": ts,
            "name": s.name,
            "identity_class": identity_class(s.kind),
        });
        let mut p = records::source(s);
        if let Some(l) = letter {
            p["admiralty_letter"] = json!(l);
        }
        extended(&mut o, json!({ "source": p }));
        refs.push(source_ref(&s.id));
        objects.push(o);
    }
    let documents = |claim: &str| -> Vec<Value> {
        let mut d: Vec<&str> = in_force
            .iter()
            .filter(|r| ledger.claims[r.claim].id == claim)
            .filter_map(|r| r.document())
            .collect();
        d.sort_unstable();
        d.dedup();
        d.into_iter().map(reference).collect()
    };
    for (ci, lc) in ledger.claims.iter().enumerate() {
        let Some(c) = case.claims.iter().find(|c| c.id == lc.id) else {
            continue;
        };
        let note_id = claim_note(&c.id);
        let mut about: Vec<String> = c.by_origin.iter().map(|o| source_ref(&o.source)).collect();
        about.sort_unstable();
        about.dedup();
        if about.is_empty() {
            // `object_refs` may not be empty: a claim nobody made yet is the producer's own.
            about.push(producer.clone());
        }
        let mut note = json!({
            "type": "note",
            "spec_version": "2.1",
            "id": note_id,
            "created_by_ref": producer,
            "created": ts,
            "modified": ts,
            "abstract": c.id,
            "content": c.statement,
            "authors": [opts.author],
            "object_refs": about,
        });
        if !c.tags.is_empty() {
            note["labels"] = json!(c.tags);
        }
        let docs = documents(&c.id);
        if !docs.is_empty() {
            note["external_references"] = json!(docs);
        }
        let mut p = json!({ "claim": records::claim(ledger, ci) });
        // An unscored kind (an opinion) carries no judgement to share: its note records what was
        // said, with no confidence and no opinion on it.
        if c.scored() {
            note["confidence"] = json!((c.confidence * 100.0).round() as u8);
            p["probability"] = json!(c.confidence);
            p["interval"] = json!([c.interval.low, c.interval.high]);
            p["interval_level"] = json!(c.interval.level);
            p["likelihood"] = json!(c.likelihood);
            p["admiralty"] = json!(c.admiralty.rating);
            p["confidence_level"] = json!(c.confidence_level.as_str());
        }
        extended(&mut note, p);
        objects.push(note);
        refs.push(note_id.clone());
        if c.scored() {
            let opinion_id = format!("opinion--{}", sid(opts, title, "opinion", &dated(&c.id)));
            let mut op = json!({
                "type": "opinion",
                "spec_version": "2.1",
                "id": opinion_id,
                "created_by_ref": producer,
                "created": ts,
                "modified": ts,
                "opinion": opinion(c.likelihood),
                "explanation": format!("{}: {}", c.id, summary(c)),
                "authors": [opts.author],
                "object_refs": [note_id],
                "confidence": confidence(c.confidence_level),
            });
            if !docs.is_empty() {
                op["external_references"] = json!(docs);
            }
            extended(
                &mut op,
                json!({ "claim": c.id, "confidence_level": c.confidence_level.as_str() }),
            );
            objects.push(op);
            refs.push(opinion_id);
        }
    }
    for r in &in_force {
        let claim = &ledger.claims[r.claim];
        let speaker = &ledger.sources[r.source];
        let id = format!("note--{}", sid(opts, title, "report-note", &r.id));
        let mut about = vec![claim_note(&claim.id), source_ref(&speaker.id)];
        for &v in r.via() {
            let v = source_ref(&ledger.sources[v].id);
            if !about.contains(&v) {
                about.push(v);
            }
        }
        let mut note = json!({
            "type": "note",
            "spec_version": "2.1",
            "id": id,
            "created_by_ref": producer,
            "created": ts,
            "modified": ts,
            "abstract": format!("{} {} `{}`", speaker.name, r.stance.as_str(), claim.id),
            "content": r.quote().map_or_else(|| claim.statement.clone(), String::from),
            "authors": [speaker.name],
            "object_refs": about,
        });
        if let Some(d) = r.document() {
            note["external_references"] = json!([reference(d)]);
        }
        extended(&mut note, json!({ "report": records::report(ledger, r) }));
        objects.push(note);
        refs.push(id);
    }
    let report_id = format!("report--{}", sid(opts, title, "report", &date.to_string()));
    let mut report = json!({
        "type": "report",
        "spec_version": "2.1",
        "id": report_id,
        "created_by_ref": producer,
        "created": ts,
        "modified": ts,
        "name": title,
        "description": format!(
            "Claims scored by corroborate as of {date} with rubric `{}` ({}).",
            case.rubric.name,
            case.rubric.method.as_str()
        ),
        "published": ts,
        "object_refs": refs,
    });
    extended(
        &mut report,
        json!({ "case": { "title": case.title, "as_of": date.to_string() }, "rubric": case.rubric.name }),
    );
    objects.push(report);
    if let Some(t) = opts.tlp {
        let marking = tlp_marking(t)["id"].clone();
        for o in &mut objects {
            if o["type"] != "marking-definition" {
                o["object_marking_refs"] = json!([marking]);
            }
        }
    }
    Ok(json!({
        "type": "bundle",
        "id": format!("bundle--{}", sid(opts, title, "bundle", &date.to_string())),
        "objects": objects,
    }))
}
