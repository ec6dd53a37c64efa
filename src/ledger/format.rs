//! The ledger file format, as written in TOML. Plain structs and externally tagged enums only, so
//! that the spans of values survive deserialisation; every struct rejects unknown keys.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{ClaimKind, DateBasis, Grade, Hedging, SourceKind, Stance, Verification};

/// A date as written: a TOML local date (`2024-11-04`), an offset date-time
/// (`2024-11-04T14:30:00Z`), or either as a string.
pub type DateValue = Spanned<toml::Value>;

/// An outcome as written: `true`, `false` or `"unresolvable"`.
pub type OutcomeValue = Spanned<toml::Value>;

#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerFile {
    pub case: Option<CaseFile>,
    #[serde(default)]
    pub sources: Vec<SourceFile>,
    #[serde(default)]
    pub questions: Vec<QuestionFile>,
    #[serde(default)]
    pub claims: Vec<ClaimFile>,
    #[serde(default)]
    pub reports: Vec<ReportFile>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub title: Option<String>,
    #[schemars(with = "Option<crate::schema::Date>")]
    pub as_of: Option<DateValue>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    pub kind: SourceKind,
    pub official: Option<bool>,
    pub organisation: Option<String>,
    pub government: Option<String>,
    pub interested: Option<bool>,
    /// The party whose interest the source serves (`ua`, `ru`, ...).
    pub side: Option<String>,
    pub grade: Option<Grade>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionFile {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "String")]
    pub text: Spanned<String>,
    #[serde(default)]
    pub exhaustive: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimFile {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "String")]
    pub statement: Spanned<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[schemars(with = "Option<String>")]
    pub question: Option<Spanned<String>>,
    pub resolution: Option<ResolutionFile>,
    /// fact (default) | assessment | forecast | opinion.
    #[serde(default)]
    pub kind: ClaimKind,
    /// Sides whose interest the claim's truth serves.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub favours: Vec<Spanned<String>>,
    /// Sides whose interest the claim's truth harms.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub disfavours: Vec<Spanned<String>>,
    /// Where the review of this claim is published (an `http://` or `https://` URL): the
    /// ClaimReview `url`, in place of `--base-url` + the claim id.
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolutionFile {
    #[schemars(with = "crate::schema::OutcomeSchema")]
    pub outcome: OutcomeValue,
    #[schemars(with = "Option<crate::schema::Date>")]
    pub date: Option<DateValue>,
    pub note: Option<String>,
    pub citation: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(with = "String")]
    pub claim: Spanned<String>,
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    pub stance: Stance,
    #[schemars(with = "crate::schema::Date")]
    pub stated: DateValue,
    #[schemars(with = "Option<crate::schema::Date>")]
    pub published: Option<DateValue>,
    #[serde(default)]
    pub dates: DateBasis,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub via: Vec<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub cites: Option<Spanned<String>>,
    #[serde(default)]
    pub verification: Verification,
    #[serde(default)]
    pub hedging: Hedging,
    pub document: Option<String>,
    pub quote: Option<String>,
    pub note: Option<String>,
}
