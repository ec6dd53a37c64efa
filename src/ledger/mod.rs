//! The ledger: sources, questions, claims and reports, validated and cross-referenced.
//!
//! `format` holds the TOML file format as plain serde structs; `load` parses one or more files and
//! checks every rule, `resolve` follows relay chains to their origins, and together they build the
//! [`Ledger`] below, in which every reference is an index and every
//! list is sorted by id, so that nothing downstream depends on the order of files or entries.

pub mod format;
pub mod load;
pub mod resolve;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use load::{load_ledgers, parse_ledgers};

/// What kind of body a source is. The kind sets the default for `official` and the level the rubric
/// gives an unofficial source.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Government,
    Military,
    Intelligence,
    HeadOfState,
    Spokesperson,
    InternationalOrganisation,
    WireAgency,
    Newspaper,
    Broadcaster,
    OnlineOutlet,
    SocialMedia,
    ThinkTank,
    Ngo,
    Anonymous,
    Other,
}

impl SourceKind {
    /// Kinds that speak for a state or an international body count as official unless the ledger
    /// says otherwise.
    pub fn official_by_default(self) -> bool {
        matches!(
            self,
            SourceKind::Government
                | SourceKind::Military
                | SourceKind::Intelligence
                | SourceKind::HeadOfState
                | SourceKind::Spokesperson
                | SourceKind::InternationalOrganisation
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Government => "government",
            SourceKind::Military => "military",
            SourceKind::Intelligence => "intelligence",
            SourceKind::HeadOfState => "head-of-state",
            SourceKind::Spokesperson => "spokesperson",
            SourceKind::InternationalOrganisation => "international-organisation",
            SourceKind::WireAgency => "wire-agency",
            SourceKind::Newspaper => "newspaper",
            SourceKind::Broadcaster => "broadcaster",
            SourceKind::OnlineOutlet => "online-outlet",
            SourceKind::SocialMedia => "social-media",
            SourceKind::ThinkTank => "think-tank",
            SourceKind::Ngo => "ngo",
            SourceKind::Anonymous => "anonymous",
            SourceKind::Other => "other",
        }
    }
}

/// Whether a report says the claim is true or false.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Supports,
    Refutes,
}

impl Stance {
    /// +1 for support, -1 for refutation: the sign of a report's evidence.
    pub fn sign(self) -> f64 {
        match self {
            Stance::Supports => 1.0,
            Stance::Refutes => -1.0,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Refutes => "refutes",
        }
    }
}

/// How a report's dates are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DateBasis {
    /// Printed in the text.
    Printed,
    /// Worked out from the text ("on Monday" and the article's date). The cautious default.
    #[default]
    Inferred,
    /// Only roughly known ("mid-October").
    Approximate,
}

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Printed => "printed",
            DateBasis::Inferred => "inferred",
            DateBasis::Approximate => "approximate",
        }
    }
}

/// The verification qualifier a report carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    IndependentlyVerified,
    Imagery,
    Documents,
    /// Nothing said about verification. The cautious default.
    #[default]
    Unverified,
    /// The outlet says it "could not be independently verified".
    NotIndependentlyVerified,
}

impl Verification {
    pub fn as_str(self) -> &'static str {
        match self {
            Verification::IndependentlyVerified => "independently-verified",
            Verification::Imagery => "imagery",
            Verification::Documents => "documents",
            Verification::Unverified => "unverified",
            Verification::NotIndependentlyVerified => "not-independently-verified",
        }
    }
}

/// How the speaker hedged the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Hedging {
    #[default]
    None,
    /// "we assess"
    Assess,
    /// "we expect", a forecast
    Expect,
    /// "indications"
    Indications,
    /// "reportedly", "according to a source"
    Reportedly,
    Rumour,
}

impl Hedging {
    pub fn as_str(self) -> &'static str {
        match self {
            Hedging::None => "none",
            Hedging::Assess => "assess",
            Hedging::Expect => "expect",
            Hedging::Indications => "indications",
            Hedging::Reportedly => "reportedly",
            Hedging::Rumour => "rumour",
        }
    }
}

/// An Admiralty (NATO AJP-2.1) source-reliability letter.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Grade {
    pub const ALL: [Grade; 6] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E, Grade::F];
    pub fn as_char(self) -> char {
        match self {
            Grade::A => 'A',
            Grade::B => 'B',
            Grade::C => 'C',
            Grade::D => 'D',
            Grade::E => 'E',
            Grade::F => 'F',
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub id: String,
    pub name: String,
    pub kind: SourceKind,
    pub official: bool,
    pub organisation: Option<String>,
    pub government: Option<String>,
    pub interested: bool,
    pub grade: Option<Grade>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub exhaustive: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    pub outcome: bool,
    pub date: NaiveDate,
    pub note: Option<String>,
    pub citation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    pub id: String,
    pub statement: String,
    pub tags: Vec<String>,
    /// Index into [`Ledger::questions`].
    pub question: Option<usize>,
    pub resolution: Option<Resolution>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub id: String,
    /// Index into [`Ledger::claims`].
    pub claim: usize,
    /// Index into [`Ledger::sources`]: who made the statement.
    pub source: usize,
    pub stance: Stance,
    pub stated: NaiveDate,
    pub published: NaiveDate,
    pub dates: DateBasis,
    /// Relaying sources, nearest the speaker first.
    pub via: Vec<usize>,
    /// Index into [`Ledger::reports`] of the report this one repeats.
    pub cites: Option<usize>,
    pub verification: Verification,
    pub hedging: Hedging,
    pub document: Option<String>,
    pub quote: Option<String>,
    pub note: Option<String>,
    /// Index of the source the statement originates from (after following `cites` to its root).
    pub origin: usize,
    /// Relay hops between the origin and us: the `via` outlets of this report and of every report it
    /// cites, plus one for each `cites` link.
    pub hops: u32,
}

/// A validated ledger. All lists are sorted by id; all references are indices.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Ledger {
    pub title: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub sources: Vec<Source>,
    pub questions: Vec<Question>,
    pub claims: Vec<Claim>,
    pub reports: Vec<Report>,
}

impl Ledger {
    /// The date results are computed for when the user gives none: the ledger's own `as_of`, else
    /// the latest publication date in it. Never the clock.
    pub fn default_as_of(&self) -> Option<NaiveDate> {
        self.as_of
            .or_else(|| self.reports.iter().map(|r| r.published).max())
    }

    pub fn claim_index(&self, id: &str) -> Option<usize> {
        self.claims.binary_search_by(|c| c.id.as_str().cmp(id)).ok()
    }
}
