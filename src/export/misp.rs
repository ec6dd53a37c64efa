//! A MISP event (the JSON of MISP's event import/export): one `text` attribute per claim, tagged
//! with the MISP taxonomies for the Admiralty scale (`admiralty-scale:source-reliability="b"`,
//! `admiralty-scale:information-credibility="2"`) and ICD 203 estimative language
//! (`estimative-language:likelihood-probability="likely"`,
//! `estimative-language:confidence-in-analytic-judgment="moderate"`).
//!
//! The judgement is also MISP 2.5 analyst data on each claim's attribute: an `Opinion` (the
//! probability on MISP's 0–100 opinion scale, the figures as its comment) and an analyst `Note`
//! (what the claim rests on), both by `--author`. Unscored kinds (opinions in the ledger) keep
//! their attribute, with no tag or analyst data that would grade them.
//!
//! The ledger's sources, claims and reports travel as MISP `annotation` objects (the standard
//! template, `format` `application/json`, `type` `corroborate-source`, `-claim` or `-report`), each
//! claim's and report's referring to the claim's attribute, so that `corroborate import misp`
//! rebuilds the ledger. `--tlp` adds the `tlp:` tag to the event.
//!
//! The event is not published, its distribution is "your organisation only" (0) and its attributes
//! inherit it (5): sharing wider is the analyst's decision, made in MISP. Threat level 4 is
//! "undefined" and analysis 1 "ongoing": a scored case is a snapshot of work in progress.

use serde_json::{Value, json};

use super::{ExportOptions, as_of, records, summary, title};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::score::CaseScore;

/// `likely` → `likely`, `almost no chance` → `almost-no-chance`: the taxonomy's value.
fn machine(phrase: &str) -> String {
    phrase.replace(' ', "-")
}

fn tag(name: String) -> Value {
    json!({ "name": name })
}

/// The MISP `annotation` object template (misp-objects, `objects/annotation/definition.json`).
const ANNOTATION_TEMPLATE: &str = "5d8dc046-15a1-4ca3-a09f-ed4ede7c4487";
const ANNOTATION_VERSION: &str = "3";

/// A ledger entry as an `annotation` object, referring to `about` (an attribute's uuid).
fn annotation(
    uuid: String,
    kind: &str,
    record: &Value,
    about: Option<&str>,
    timestamp: &str,
) -> Value {
    let text = serde_json::to_string(record).unwrap_or_default();
    let mut o = json!({
        "name": "annotation",
        "meta-category": "misc",
        "description": "An annotation or analysis",
        "template_uuid": ANNOTATION_TEMPLATE,
        "template_version": ANNOTATION_VERSION,
        "uuid": uuid,
        "timestamp": timestamp,
        "distribution": "5",
        "comment": format!("{kind} `{}`", record["id"].as_str().unwrap_or("")),
        "Attribute": [
            { "object_relation": "text", "type": "text", "category": "Other", "value": text,
              "to_ids": false, "disable_correlation": true, "distribution": "5", "timestamp": timestamp },
            { "object_relation": "type", "type": "text", "category": "Other", "value": format!("corroborate-{kind}"),
              "to_ids": false, "disable_correlation": true, "distribution": "5", "timestamp": timestamp },
            { "object_relation": "format", "type": "text", "category": "Other", "value": "application/json",
              "to_ids": false, "disable_correlation": true, "distribution": "5", "timestamp": timestamp },
        ],
    });
    if let Some(a) = about {
        o["ObjectReference"] = json!([{
            "uuid": super::uuid(a, "misp-reference", o["uuid"].as_str().unwrap_or("")).to_string(),
            "object_uuid": o["uuid"].clone(),
            "referenced_uuid": a,
            "relationship_type": "annotates",
            "timestamp": timestamp,
        }]);
    }
    o
}

pub fn event(ledger: &Ledger, case: &CaseScore, opts: &ExportOptions) -> Result<Value> {
    let date = as_of(case)?;
    let title = title(case);
    let timestamp = date.secs().to_string();
    let created = format!("{} 00:00:00", date.date());
    let attr_uuid = |id: &str| opts.id(title, "claim", id).to_string();
    let mut attributes = Vec::new();
    let mut objects = Vec::new();
    for (ci, lc) in ledger.claims.iter().enumerate() {
        let Some(c) = case.claims.iter().find(|c| c.id == lc.id) else {
            continue;
        };
        let uuid = attr_uuid(&c.id);
        // An unscored kind (an opinion) carries no judgement to tag.
        let mut tags = Vec::new();
        if c.scored() {
            tags.extend([
                tag(format!(
                    "admiralty-scale:source-reliability=\"{}\"",
                    c.admiralty.source.to_ascii_lowercase()
                )),
                tag(format!(
                    "admiralty-scale:information-credibility=\"{}\"",
                    c.admiralty.information
                )),
                tag(format!(
                    "estimative-language:likelihood-probability=\"{}\"",
                    machine(c.likelihood)
                )),
                tag(format!(
                    "estimative-language:confidence-in-analytic-judgment=\"{}\"",
                    c.confidence_level.as_str()
                )),
            ]);
        }
        tags.extend(
            c.tags
                .iter()
                .map(|t| tag(format!("corroborate:tag=\"{}\"", t.replace('"', "'")))),
        );
        let mut comment = if c.scored() {
            format!("claim `{}`: {}", c.id, summary(c))
        } else {
            format!("claim `{}`: a {}, not scored", c.id, c.kind.as_str())
        };
        if let Some(q) = &c.question {
            comment.push_str(&format!("; answer of question `{q}`"));
        }
        if let Some(r) = &c.resolution {
            comment.push_str(&format!("; {}", r.phrase()));
        }
        let mut a = json!({
            "uuid": uuid,
            "type": "text",
            "category": "Other",
            "value": c.statement,
            "comment": comment,
            "to_ids": false,
            "distribution": "5",
            "timestamp": timestamp,
            "disable_correlation": true,
            "Tag": tags,
        });
        if let (Some(f), Some(l)) = (c.first, c.last) {
            a["first_seen"] = json!(format!("{f}T00:00:00.000000+00:00"));
            a["last_seen"] = json!(format!("{l}T00:00:00.000000+00:00"));
        }
        if c.scored() {
            let dated = format!("{}\u{1f}{date}", c.id);
            a["Opinion"] = json!([{
                "uuid": opts.id(title, "misp-opinion", &dated).to_string(),
                "object_uuid": uuid,
                "object_type": "Attribute",
                "authors": opts.author,
                "created": created,
                "modified": created,
                "distribution": "5",
                "opinion": (c.confidence * 100.0).round() as u8,
                "comment": format!("{}: {}", c.likelihood, summary(c)),
            }]);
            let best = c
                .by_origin
                .iter()
                .filter(|o| o.discount > 0.0)
                .map(|o| format!("{} ({})", o.name(), o.stance.as_str()))
                .collect::<Vec<_>>();
            let rests = if best.is_empty() {
                "no report in force: the prior".to_string()
            } else {
                format!("origins counted: {}", best.join("; "))
            };
            a["Note"] = json!([{
                "uuid": opts.id(title, "misp-note", &dated).to_string(),
                "object_uuid": uuid,
                "object_type": "Attribute",
                "authors": opts.author,
                "created": created,
                "modified": created,
                "distribution": "5",
                "language": "en",
                "note": format!(
                    "ICD 203: {} ({} confidence); Admiralty {}; {rests}. Computed by corroborate with rubric `{}` as of {date}.",
                    c.likelihood,
                    c.confidence_level.as_str(),
                    c.admiralty.rating,
                    case.rubric.name
                ),
            }]);
        }
        attributes.push(a);
        objects.push(annotation(
            opts.id(title, "misp-claim", &c.id).to_string(),
            "claim",
            &records::claim(ledger, ci),
            Some(&uuid),
            &timestamp,
        ));
    }
    for s in &ledger.sources {
        objects.push(annotation(
            opts.id(title, "misp-source", &s.id).to_string(),
            "source",
            &records::source(s),
            None,
            &timestamp,
        ));
    }
    for r in records::reports_in_force(ledger, date) {
        let about = attr_uuid(&ledger.claims[r.claim].id);
        objects.push(annotation(
            opts.id(title, "misp-report", &r.id).to_string(),
            "report",
            &records::report(ledger, r),
            Some(&about),
            &timestamp,
        ));
    }
    let mut event_tags = vec![tag(format!("corroborate:rubric=\"{}\"", case.rubric.name))];
    if let Some(t) = opts.tlp {
        event_tags.push(tag(format!("tlp:{}", t.as_str())));
    }
    Ok(json!({
        "Event": {
            "uuid": opts.id(title, "event", &date.to_string()).to_string(),
            "info": title,
            "date": date.to_string(),
            "timestamp": timestamp,
            "threat_level_id": "4",
            "analysis": "1",
            "distribution": "0",
            "published": false,
            "Tag": event_tags,
            "Attribute": attributes,
            "Object": objects,
        }
    }))
}
