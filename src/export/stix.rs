//! A STIX 2.1 bundle: an `identity` for the producer and for every source, a `note` per claim (its
//! statement, referring to the identities of its origins), an `opinion` per claim on that note, and
//! a `report` that gathers them.
//!
//! - `opinion.opinion` follows the ICD 203 phrase: almost no chance and very unlikely →
//!   strongly-disagree, unlikely → disagree, roughly even chance → neutral, likely → agree, very
//!   likely and almost certain → strongly-agree.
//! - `opinion.confidence` is the ICD 203 confidence level on STIX's None/Low/Med/High scale (STIX 2.1
//!   appendix A): low 15, moderate 50, high 85.
//! - `note.confidence` is the claim's probability on the 0–100 scale, rounded.
//! - `x_corroborate_*` properties (custom properties, STIX 2.1 §11.1) carry the exact figures.
//!
//! Timestamps (`created`, `modified`, `published`) are the as-of date at midnight UTC with
//! milliseconds, as STIX requires. Note and opinion ids also depend on the as-of date, since their
//! content does; identities depend only on the source.

use serde_json::{Value, json};

use super::{ExportOptions, as_of, summary, title, uuid};
use crate::error::Result;
use crate::ledger::SourceKind;
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

fn identity_class(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::HeadOfState | SourceKind::Spokesperson => "individual",
        SourceKind::Anonymous | SourceKind::SocialMedia | SourceKind::Other => "unspecified",
        _ => "organization",
    }
}

pub fn bundle(case: &CaseScore, opts: &ExportOptions) -> Result<Value> {
    let date = as_of(case)?;
    let title = title(case);
    let ts = format!("{date}T00:00:00.000Z");
    let dated = |key: &str| format!("{key}\u{1f}{date}");
    let producer = format!("identity--{}", uuid(title, "producer", &opts.author));
    let source_ref = |id: &str| format!("identity--{}", uuid(title, "source", id));

    let mut objects = vec![json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": producer,
        "created": ts,
        "modified": ts,
        "name": opts.author,
        "identity_class": if opts.author == "corroborate" { "system" } else { "organization" },
    })];
    let mut refs: Vec<String> = Vec::new();
    for s in &case.sources {
        let mut o = json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": source_ref(&s.id),
            "created_by_ref": producer,
            "created": ts,
            "modified": ts,
            "name": s.name,
            "identity_class": identity_class(s.kind),
            "x_corroborate_source": s.id,
            "x_corroborate_kind": s.kind.as_str(),
            "x_corroborate_official": s.official,
            "x_corroborate_interested": s.interested,
            "x_corroborate_admiralty_letter": s.letter.to_string(),
        });
        if let Some(org) = &s.organisation {
            o["x_corroborate_organisation"] = json!(org);
        }
        if let Some(g) = &s.government {
            o["x_corroborate_government"] = json!(g);
        }
        refs.push(source_ref(&s.id));
        objects.push(o);
    }
    // An unscored kind (an opinion) carries no judgement to share.
    for c in case.claims.iter().filter(|c| c.scored()) {
        let note_id = format!("note--{}", uuid(title, "note", &dated(&c.id)));
        let mut about: Vec<String> = c.by_origin.iter().map(|o| source_ref(&o.source)).collect();
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
            "confidence": (c.confidence * 100.0).round() as u8,
            "x_corroborate_claim": c.id,
            "x_corroborate_probability": c.confidence,
            "x_corroborate_interval": [c.interval.low, c.interval.high],
            "x_corroborate_interval_level": c.interval.level,
            "x_corroborate_likelihood": c.likelihood,
            "x_corroborate_admiralty": c.admiralty.rating,
        });
        if !c.tags.is_empty() {
            note["labels"] = json!(c.tags);
        }
        if let Some(r) = &c.resolution {
            note["x_corroborate_resolution"] = json!({ "outcome": r.outcome, "date": r.date });
        }
        let opinion_id = format!("opinion--{}", uuid(title, "opinion", &dated(&c.id)));
        objects.push(note);
        objects.push(json!({
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
            "x_corroborate_confidence_level": c.confidence_level.as_str(),
        }));
        refs.push(note_id);
        refs.push(opinion_id);
    }
    let report_id = format!("report--{}", uuid(title, "report", &date.to_string()));
    objects.push(json!({
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
    }));
    Ok(json!({
        "type": "bundle",
        "id": format!("bundle--{}", uuid(title, "bundle", &date.to_string())),
        "objects": objects,
    }))
}
