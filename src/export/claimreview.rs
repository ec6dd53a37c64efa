//! schema.org ClaimReview JSON-LD: an array with one ClaimReview per claim that has a report in
//! force (a claim nobody has made yet has nothing to review), in the form Google's fact-check
//! markup requires (developers.google.com/search/docs/appearance/structured-data/factcheck):
//!
//! - `url`: where the review is published: the claim's `url` in the ledger, else `--base-url`
//!   followed by the claim id; without either the review cannot be published and the field is
//!   left out;
//! - `claimReviewed`: the statement, cut at a word to fewer than 75 characters (Google asks for
//!   a short summary; the whole statement is the Claim's `name`);
//! - `reviewRating`: the ICD 203 phrase on a 1–7 scale (1 almost no chance … 7 almost certain),
//!   `name` and `alternateName` the phrase itself, `ratingExplanation` the figures behind it;
//! - `itemReviewed`: the Claim, its `author` the earliest origin, its `appearance` the documents the
//!   reports were read in when they are URLs (with their outlet and publication date; a file name
//!   is no appearance a reader can follow) and `firstAppearance` the earliest;
//! - `datePublished`: the as-of date; `author`: `--author` (default `corroborate`).
//!
//! The JSON text escapes `<`, `>` and `&` ([`super::script_safe`]) so that it can be pasted into
//! a `<script type="application/ld+json">` block.

use std::collections::BTreeMap;

use crate::ledger::Moment;
use serde_json::{Value, json};

use super::{ExportOptions, as_of, summary, title};
use crate::error::Result;
use crate::ledger::{Ledger, SourceKind};
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

/// A document as schema.org CreativeWork, when it is a URL.
fn work(document: &str, published: Moment, outlet: Option<Value>) -> Option<Value> {
    if !super::is_web_url(document) {
        return None;
    }
    let mut w = json!({
        "@type": "CreativeWork",
        "url": document,
        "datePublished": published.to_string(),
    });
    if let Some(o) = outlet {
        w["publisher"] = o;
    }
    Some(w)
}

/// The most characters `claimReviewed` has: Google asks for fewer than 75.
pub const CLAIM_REVIEWED_MAX: usize = 74;

/// `statement` in at most [`CLAIM_REVIEWED_MAX`] characters: whole when it fits, else cut at the
/// last space that leaves room for `…` (or mid-word when there is none).
pub fn short(statement: &str) -> String {
    let s = statement.trim();
    if s.chars().count() <= CLAIM_REVIEWED_MAX {
        return s.to_string();
    }
    let head: String = s.chars().take(CLAIM_REVIEWED_MAX - 1).collect();
    let cut = match head.rfind(' ') {
        Some(i) if i > 0 => head[..i].trim_end_matches([',', ';', ':', ' ']).to_string(),
        _ => head,
    };
    format!("{cut}…")
}

/// The review URL of a claim: its own, else the base followed by the id.
pub fn review_url(own: Option<&str>, base: Option<&str>, id: &str) -> Option<String> {
    own.map(str::to_string).or_else(|| {
        base.map(|b| {
            if b.ends_with(['/', '#', '=']) {
                format!("{b}{id}")
            } else {
                format!("{b}/{id}")
            }
        })
    })
}

pub fn reviews(ledger: &Ledger, case: &CaseScore, opts: &ExportOptions) -> Result<Value> {
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
            .filter_map(|((p, d), outlet)| work(d, *p, outlet.clone()))
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
        let mut review = json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": format!("urn:uuid:{}", opts.id(title, "claimreview", &c.id)),
            "claimReviewed": short(&c.statement),
            "datePublished": date.to_string(),
            "author": { "@type": "Organization", "name": opts.author },
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": rating,
                "bestRating": PHRASES.len(),
                "worstRating": 1,
                "name": c.likelihood,
                "alternateName": c.likelihood,
                "ratingExplanation": summary(c),
            },
            "itemReviewed": claim,
        });
        let own = ledger
            .claim_index(&c.id)
            .and_then(|i| ledger.claims[i].url.as_deref());
        if let Some(u) = review_url(own, opts.base_url.as_deref(), &c.id) {
            review["url"] = json!(u);
        }
        out.push(review);
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_reviewed_is_shorter_than_75_characters() {
        let s =
            "North Korean troops have been deployed to Russia to support its war against Ukraine";
        assert_eq!(s.chars().count(), 83);
        let t = short(s);
        assert_eq!(
            t,
            "North Korean troops have been deployed to Russia to support its war…"
        );
        assert!(t.chars().count() < 75);
        assert_eq!(short("Short."), "Short.");
        let word: String = "x".repeat(100);
        assert_eq!(short(&word).chars().count(), CLAIM_REVIEWED_MAX);
    }

    #[test]
    fn review_urls() {
        assert_eq!(
            review_url(None, Some("https://e.org/checks"), "c1").as_deref(),
            Some("https://e.org/checks/c1")
        );
        assert_eq!(
            review_url(None, Some("https://e.org/r?id="), "c1").as_deref(),
            Some("https://e.org/r?id=c1")
        );
        assert_eq!(
            review_url(Some("https://own"), Some("https://e.org/"), "c1").as_deref(),
            Some("https://own")
        );
        assert_eq!(review_url(None, None, "c1"), None);
    }
}
