//! A MISP event (the JSON of MISP's event import/export): one `text` attribute per claim, tagged
//! with the MISP taxonomies for the Admiralty scale (`admiralty-scale:source-reliability="b"`,
//! `admiralty-scale:information-credibility="2"`) and ICD 203 estimative language
//! (`estimative-language:likelihood-probability="likely"`,
//! `estimative-language:confidence-in-analytic-judgment="moderate"`).
//!
//! The event is not published, its distribution is "your organisation only" (0) and its attributes
//! inherit it (5): sharing wider is the analyst's decision, made in MISP. Threat level 4 is
//! "undefined" and analysis 1 "ongoing": a scored case is a snapshot of work in progress.

use serde_json::{Value, json};

use super::{ExportOptions, as_of, summary, title, uuid};
use crate::error::Result;
use crate::score::CaseScore;

/// `likely` → `likely`, `almost no chance` → `almost-no-chance`: the taxonomy's value.
fn machine(phrase: &str) -> String {
    phrase.replace(' ', "-")
}

fn tag(name: String) -> Value {
    json!({ "name": name })
}

pub fn event(case: &CaseScore, _opts: &ExportOptions) -> Result<Value> {
    let date = as_of(case)?;
    let title = title(case);
    let timestamp = date.secs().to_string();
    // An unscored kind (an opinion) carries no judgement to tag.
    let attributes: Vec<Value> = case
        .claims
        .iter()
        .filter(|c| c.scored())
        .map(|c| {
            let mut tags = vec![
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
            ];
            tags.extend(
                c.tags
                    .iter()
                    .map(|t| tag(format!("corroborate:tag=\"{t}\""))),
            );
            let mut comment = format!("claim `{}`: {}", c.id, summary(c));
            if let Some(q) = &c.question {
                comment.push_str(&format!("; answer of question `{q}`"));
            }
            if let Some(r) = &c.resolution {
                comment.push_str(&format!("; {}", r.phrase()));
            }
            let mut a = json!({
                "uuid": uuid(title, "claim", &c.id).to_string(),
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
            a
        })
        .collect();
    Ok(json!({
        "Event": {
            "uuid": uuid(title, "event", &date.to_string()).to_string(),
            "info": title,
            "date": date.to_string(),
            "timestamp": timestamp,
            "threat_level_id": "4",
            "analysis": "1",
            "distribution": "0",
            "published": false,
            "Tag": [tag(format!("corroborate:rubric=\"{}\"", case.rubric.name))],
            "Attribute": attributes,
        }
    }))
}
