//! schema.org ClaimReview JSON-LD: an array with one ClaimReview per claim that has a report in
//! force (a claim nobody has made yet has nothing to review).
//!
//! - `reviewRating`: the ICD 203 phrase on a 1–7 scale (1 almost no chance … 7 almost certain),
//!   `alternateName` the phrase itself, `ratingExplanation` the figures behind it;
//! - `itemReviewed`: the Claim, its `author` the earliest origin, its `appearance` the documents the
//!   reports were read in (with their outlet and publication date) and `firstAppearance` the earliest;
//! - `datePublished`: the as-of date; `author`: `--author` (default `corroborate`).

use std::collections::BTreeMap;

use crate::ledger::Moment;
use serde_json::{Value, json};

use super::{ExportOptions, as_of, summary, title, uuid};
use crate::error::Result;
use crate::ledger::SourceKind;
use crate::score::grade::PHRASES;
use crate::score::{CaseScore, SourceScore};

fn party(s: Option<&SourceScore>, id: &str) -> Value {
    match s {
        Some(s) => json!({
            "@type": match s.kind {
                SourceKind::HeadOfState | SourceKind::Spokesperson | SourceKind::Anonymous => "Person",
                _ => "Organization",
            },
            "name": s.name,
        }),
        None => json!({ "@type": "Organization", "name": id }),
    }
}

/// A document as schema.org CreativeWork: a `url` when the ledger gives one, else a `name`.
fn work(document: &str, published: Moment, outlet: Option<Value>) -> Value {
    let mut w = json!({ "@type": "CreativeWork", "datePublished": published.to_string() });
    if document.starts_with("https://") || document.starts_with("http://") {
        w["url"] = json!(document);
    } else {
        w["name"] = json!(document);
    }
    if let Some(o) = outlet {
        w["publisher"] = o;
    }
    w
}

pub fn reviews(case: &CaseScore, opts: &ExportOptions) -> Result<Value> {
    let date = as_of(case)?;
    let title = title(case);
    let source = |id: &str| case.sources.iter().find(|s| s.id == id);
    let mut out = Vec::new();
    // An unscored kind (an opinion) has no rating to publish.
    for c in case.claims.iter().filter(|c| c.reports > 0 && c.scored()) {
        let rating = PHRASES
            .iter()
            .position(|p| *p == c.likelihood)
            .map_or(4, |i| i + 1);
        // Documents the claim appeared in, earliest first (by publication date, then name).
        let mut docs: BTreeMap<(Moment, String), Option<Value>> = BTreeMap::new();
        for o in &c.by_origin {
            for r in &o.reports {
                if let Some(d) = &r.document {
                    let outlet = r.via.last().map(|v| party(source(v), v));
                    docs.entry((r.published, d.clone())).or_insert(outlet);
                }
            }
        }
        let appearance: Vec<Value> = docs
            .iter()
            .map(|((p, d), outlet)| work(d, *p, outlet.clone()))
            .collect();
        let first_origin = c
            .by_origin
            .iter()
            .min_by(|a, b| (a.first_stated, &a.source).cmp(&(b.first_stated, &b.source)));
        let mut claim = json!({
            "@type": "Claim",
            "name": c.statement,
        });
        if let Some(o) = first_origin {
            claim["author"] = party(source(&o.source), &o.source);
            claim["datePublished"] = json!(o.first_stated.to_string());
        }
        if let Some(first) = appearance.first() {
            claim["firstAppearance"] = first.clone();
            claim["appearance"] = json!(appearance);
        }
        out.push(json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": format!("urn:uuid:{}", uuid(title, "claimreview", &c.id)),
            "claimReviewed": c.statement,
            "datePublished": date.to_string(),
            "author": { "@type": "Organization", "name": opts.author },
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": rating,
                "bestRating": PHRASES.len(),
                "worstRating": 1,
                "alternateName": c.likelihood,
                "ratingExplanation": summary(c),
            },
            "itemReviewed": claim,
        }));
    }
    Ok(Value::Array(out))
}
