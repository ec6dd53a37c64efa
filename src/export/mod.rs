//! Exports for the tools analysts already run: MISP events ([`misp`]), STIX 2.1 bundles ([`stix`])
//! and schema.org ClaimReview JSON-LD ([`claimreview`]).
//!
//! Outputs are reproducible: object ids are UUIDv5 in the case's namespace (`--namespace`, else a
//! fixed one), named from the case title and the ledger id of the claim or source, and every
//! timestamp is the as-of date at midnight UTC — never the clock. Exporting the same ledger twice
//! gives the same bytes.
//!
//! Every export also carries the ledger's own entries ([`records`]), so that `import` rebuilds the
//! ledger from it.

pub mod claimreview;
pub mod misp;
pub mod records;
pub mod stix;

use crate::ledger::{Ledger, Moment};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::score::CaseScore;

/// The default namespace of the ids corroborate makes: UUIDv5 of the URL namespace and
/// `urn:corroborate`.
pub fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:corroborate")
}

/// The namespace `--namespace TEXT` names: TEXT itself when it is a UUID, else the UUIDv5 of TEXT in
/// the default namespace. Two teams that export cases of the same title into one platform pick
/// different namespaces (their organisation's UUID, or its domain) and their ids cannot collide.
pub fn case_namespace(text: &str) -> Uuid {
    Uuid::parse_str(text.trim())
        .unwrap_or_else(|_| Uuid::new_v5(&namespace(), format!("namespace\u{1f}{text}").as_bytes()))
}

/// A deterministic id for `kind`/`key` within the case titled `title`, in the namespace `ns`.
pub fn uuid_in(ns: &Uuid, title: &str, kind: &str, key: &str) -> Uuid {
    let name = format!("{title}\u{1f}{kind}\u{1f}{key}");
    Uuid::new_v5(ns, name.as_bytes())
}

/// [`uuid_in`] the default namespace.
pub fn uuid(title: &str, kind: &str, key: &str) -> Uuid {
    uuid_in(&namespace(), title, kind, key)
}

/// Whether `s` is an absolute web URL (`http://` or `https://`, a host, no space or control).
pub fn is_web_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && !s
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'))
        }
        None => false,
    }
}

/// Traffic Light Protocol (FIRST TLP 2.0) marking of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tlp {
    Clear,
    Green,
    Amber,
    Red,
}

impl Tlp {
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "clear",
            Tlp::Green => "green",
            Tlp::Amber => "amber",
            Tlp::Red => "red",
        }
    }
}

/// Which format to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Misp,
    Stix,
    ClaimReview,
}

/// Options that are not part of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Who publishes the assessment (the ClaimReview author, the STIX producer identity).
    pub author: String,
    /// The namespace of the ids ([`case_namespace`]).
    pub namespace: Uuid,
    /// The TLP marking (STIX marking definition, MISP `tlp:` tag), if any.
    pub tlp: Option<Tlp>,
    /// Where the reviews are published: a ClaimReview's `url` is this followed by the claim id
    /// (unless the claim has its own `url` in the ledger).
    pub base_url: Option<String>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            author: "corroborate".to_string(),
            namespace: namespace(),
            tlp: None,
            base_url: None,
        }
    }
}

impl ExportOptions {
    /// The id of `kind`/`key` in this export's namespace.
    fn id(&self, title: &str, kind: &str, key: &str) -> Uuid {
        uuid_in(&self.namespace, title, kind, key)
    }
}

/// The as-of date every export is stamped with.
fn as_of(case: &CaseScore) -> Result<Moment> {
    case.as_of.ok_or_else(|| {
        Error::Usage(
            "the case has no date (no report and no `as_of` in the ledger): give --as-of YYYY-MM-DD"
                .into(),
        )
    })
}

/// The title that scopes the ids.
fn title(case: &CaseScore) -> &str {
    case.title.as_deref().unwrap_or("corroborate case")
}

/// Renders `case` in the target format, as pretty-printed JSON with a final newline.
///
/// `ledger` is the ledger `case` was scored from: its entries in force on the as-of date travel
/// with the export ([`records`]).
pub fn export(
    ledger: &Ledger,
    case: &CaseScore,
    target: Target,
    opts: &ExportOptions,
) -> Result<String> {
    let v = match target {
        Target::Misp => misp::event(ledger, case, opts)?,
        Target::Stix => stix::bundle(ledger, case, opts)?,
        Target::ClaimReview => claimreview::reviews(ledger, case, opts)?,
    };
    let text = crate::text::json::pretty(&v).map_err(|e| Error::Run(e.to_string()))?;
    Ok(match target {
        Target::ClaimReview => script_safe(&text),
        _ => text,
    })
}

/// JSON that can be pasted into a `<script type="application/ld+json">` block: `<`, `>` and `&`
/// written as `\u003c`, `\u003e`, `\u0026`, so that no `</script>` or `<!--` in a statement ends
/// the block (the escaping schema.org's and Google's JSON-LD examples recommend). JSON uses none of
/// these characters outside strings, so replacing them in the text is exact.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// One line on a claim's standing, for comments and explanations.
fn summary(c: &crate::score::ClaimScore) -> String {
    format!(
        "P = {:.2} ({}), {:.0}% interval {:.2}-{:.2}; {} confidence; Admiralty {}; {} report(s) from {} independent origin(s)",
        c.confidence,
        c.likelihood,
        c.interval.level * 100.0,
        c.interval.low,
        c.interval.high,
        c.confidence_level.as_str(),
        c.admiralty.rating,
        c.reports,
        c.origins
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_a_script_block() {
        let v = serde_json::json!({ "s": "</script><!-- & -->" });
        let t = script_safe(&serde_json::to_string(&v).unwrap());
        assert_eq!(t, r#"{"s":"\u003c/script\u003e\u003c!-- \u0026 --\u003e"}"#);
        // Still the same JSON.
        assert_eq!(serde_json::from_str::<serde_json::Value>(&t).unwrap(), v);
    }

    #[test]
    fn namespaces_keep_two_teams_ids_apart() {
        let a = case_namespace("team-a.example");
        let b = case_namespace("team-b.example");
        assert_ne!(
            uuid_in(&a, "t", "claim", "c1"),
            uuid_in(&b, "t", "claim", "c1")
        );
        let u = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";
        assert_eq!(case_namespace(u).to_string(), u);
    }

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://example.org/a?b#c"));
        assert!(is_web_url("http://x"));
        assert!(!is_web_url("https://"));
        assert!(!is_web_url("001_dc83f891c1e4e3ee.txt"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https://a b"));
    }

    #[test]
    fn ids_are_version_5_and_stable() {
        let a = uuid("t", "claim", "c1");
        assert_eq!(a.get_version_num(), 5);
        assert_eq!(a, uuid("t", "claim", "c1"));
        assert_ne!(a, uuid("t", "claim", "c2"));
        assert_ne!(a, uuid("u", "claim", "c1"));
        // Fixed forever: changing it would change every exported id.
        assert_eq!(
            namespace(),
            Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:corroborate")
        );
    }
}
