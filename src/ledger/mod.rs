//! The ledger: sources, questions, claims and reports, validated and cross-referenced.
//!
//! `format` holds the TOML file format as plain serde structs; `load` parses one or more files and
//! checks every rule, `resolve` follows relay chains to their origins, and together they build the
//! [`Ledger`] below, in which every reference is an index and every
//! list is sorted by id, so that nothing downstream depends on the order of files or entries.

pub mod checks;
pub mod format;
pub mod load;
pub mod moment;
pub mod resolve;
pub mod split;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use load::{load_ledgers, parse_ledgers};
pub use moment::Moment;

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

/// What a report says about its claim.
///
/// `supports` and `refutes` take a position on the claim; `cannot-confirm` and `doubts` are a
/// well-placed source's failure to confirm and a query; `repeats` (an outlet passing on what others
/// say without endorsing it) and `no-comment` take none. The rubric's `[stances]` table says what each
/// weighs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Supports,
    Refutes,
    /// Repeats the claim without endorsing it ("observing"; "reports say").
    Repeats,
    /// Cannot confirm it, or has no information ("we are aware of the reports but cannot confirm").
    CannotConfirm,
    /// Questions or doubts it (a query).
    Doubts,
    /// Declines to comment.
    NoComment,
}

impl Stance {
    pub const ALL: [Stance; 6] = [
        Stance::Supports,
        Stance::Refutes,
        Stance::Repeats,
        Stance::CannotConfirm,
        Stance::Doubts,
        Stance::NoComment,
    ];

    /// The direction of the evidence a report of this stance can carry: +1 towards true (supports),
    /// -1 towards false (refutes, cannot confirm, doubts, and repeats: an echo that does not
    /// endorse weighs, if the rubric says so, against), 0 for no comment.
    pub fn sign(self) -> f64 {
        match self {
            Stance::Supports => 1.0,
            Stance::Refutes | Stance::CannotConfirm | Stance::Doubts | Stance::Repeats => -1.0,
            Stance::NoComment => 0.0,
        }
    }

    /// Whether the stance takes a position (for or against) that a later statement of the same
    /// speaker or organisation can replace. `repeats` and `no-comment` take none.
    pub fn is_position(self) -> bool {
        !matches!(self, Stance::Repeats | Stance::NoComment)
    }

    /// Ties between positions stated at the same moment go to the most cautious one: refutes, then
    /// doubts, then cannot confirm, then supports.
    pub fn caution(self) -> u8 {
        match self {
            Stance::Refutes => 3,
            Stance::Doubts => 2,
            Stance::CannotConfirm => 1,
            Stance::Supports | Stance::Repeats | Stance::NoComment => 0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Refutes => "refutes",
            Stance::Repeats => "repeats",
            Stance::CannotConfirm => "cannot-confirm",
            Stance::Doubts => "doubts",
            Stance::NoComment => "no-comment",
        }
    }
}

/// What kind of statement a claim is. Only facts are scored as true or false by default; the
/// rubric's `[kinds]` table says how assessments, forecasts and opinions are treated.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    /// Something that happened or is the case, checkable in principle. The default.
    #[default]
    Fact,
    /// An analytic judgement ("we assess that ..."): scored, but shown as an assessment.
    Assessment,
    /// A statement about the future ("will", "expects").
    Forecast,
    /// A value judgement or characterisation ("cannon fodder").
    Opinion,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 4] = [
        ClaimKind::Fact,
        ClaimKind::Assessment,
        ClaimKind::Forecast,
        ClaimKind::Opinion,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Fact => "fact",
            ClaimKind::Assessment => "assessment",
            ClaimKind::Forecast => "forecast",
            ClaimKind::Opinion => "opinion",
        }
    }
}

/// What became of a claim. Serialised as it is written in a ledger: `true`, `false` or
/// `"unresolvable"` (so that JSON consumers of the boolean outcome keep working).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    True,
    False,
    /// It will never be known (kept out of calibration).
    Unresolvable,
}

impl Outcome {
    /// `Some(truth)` for a claim resolved true or false.
    pub fn truth(self) -> Option<bool> {
        match self {
            Outcome::True => Some(true),
            Outcome::False => Some(false),
            Outcome::Unresolvable => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::True => "true",
            Outcome::False => "false",
            Outcome::Unresolvable => "unresolvable",
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
    /// An estimate or a bound: "could be as high as", "about", "up to".
    Estimate,
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
            Hedging::Estimate => "estimate",
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
    /// The party whose interest the source serves (`ua`, `ru`, ...), if the ledger names one.
    pub side: Option<String>,
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
    pub outcome: Outcome,
    /// When the outcome became known, if the ledger says.
    pub date: Option<Moment>,
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
    pub kind: ClaimKind,
    /// Sides whose interest the claim's truth serves.
    pub favours: Vec<String>,
    /// Sides whose interest the claim's truth harms: their support is an admission.
    pub disfavours: Vec<String>,
    /// Where its review is published (ClaimReview `url`), if the ledger says.
    pub url: Option<String>,
}

impl Claim {
    /// A claim known only by its id (a bulk ledger's report names it and no claims file does): its
    /// statement is its id, a fact, in no question, unresolved.
    pub fn named(id: &str) -> Claim {
        Claim {
            id: id.to_string(),
            statement: id.to_string(),
            tags: Vec::new(),
            question: None,
            resolution: None,
            kind: ClaimKind::Fact,
            favours: Vec::new(),
            disfavours: Vec::new(),
            url: None,
        }
    }
}

/// An index into one of the ledger's lists ([`Ledger::claims`], [`Ledger::sources`],
/// [`Ledger::reports`]) in four bytes, and `Option<Ix>` in four too: it holds the index plus one,
/// so zero is free for `None`. Four bytes suffice: a ledger is at most
/// [`MAX_LEDGER_DATA_BYTES`](crate::read::MAX_LEDGER_DATA_BYTES) (4 GiB) of text and every report,
/// claim or source takes more than one byte of it, so no list reaches `u32::MAX` entries;
/// [`Ix::new`] still refuses what does not fit, and the loaders check before they build.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ix(std::num::NonZeroU32);

impl Ix {
    /// The most entries a list of the ledger may hold.
    pub const LIMIT: usize = u32::MAX as usize - 1;

    /// The index `i`; `None` when it does not fit (never for a list of a loaded ledger).
    pub fn try_new(i: usize) -> Option<Ix> {
        u32::try_from(i)
            .ok()
            .and_then(|i| i.checked_add(1))
            .and_then(std::num::NonZeroU32::new)
            .map(Ix)
    }

    /// The index `i` of a list of a loaded ledger (at most [`Ix::LIMIT`] entries).
    ///
    /// # Panics
    /// If `i` exceeds [`Ix::LIMIT`], which the loaders rule out.
    pub fn new(i: usize) -> Ix {
        Ix::try_new(i).expect("ledger lists are at most Ix::LIMIT long")
    }

    pub fn get(self) -> usize {
        self.0.get() as usize - 1
    }
}

impl PartialEq<usize> for Ix {
    fn eq(&self, other: &usize) -> bool {
        self.get() == *other
    }
}

impl std::fmt::Debug for Ix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl std::fmt::Display for Ix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl Serialize for Ix {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.get() as u64)
    }
}

impl<T> std::ops::Index<Ix> for [T] {
    type Output = T;
    fn index(&self, i: Ix) -> &T {
        &self[i.get()]
    }
}

impl<T> std::ops::IndexMut<Ix> for [T] {
    fn index_mut(&mut self, i: Ix) -> &mut T {
        &mut self[i.get()]
    }
}

impl<T> std::ops::Index<Ix> for Vec<T> {
    type Output = T;
    fn index(&self, i: Ix) -> &T {
        &self[i.get()]
    }
}

impl<T> std::ops::IndexMut<Ix> for Vec<T> {
    fn index_mut(&mut self, i: Ix) -> &mut T {
        &mut self[i.get()]
    }
}

/// A report: the compact record of one statement (README, "Memory"). 64 bytes: indices of four
/// bytes, dates as packed integers, qualifiers as one-byte enums, its id in a boxed `str`, and what
/// most reports of a large feed lack (relays, document, quote, note) behind one pointer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub id: Box<str>,
    /// Index into [`Ledger::claims`].
    pub claim: Ix,
    /// Index into [`Ledger::sources`]: who made the statement.
    pub source: Ix,
    pub stance: Stance,
    pub stated: Moment,
    pub published: Moment,
    pub dates: DateBasis,
    /// Index into [`Ledger::reports`] of the report this one repeats.
    pub cites: Option<Ix>,
    pub verification: Verification,
    pub hedging: Hedging,
    /// Its relays, document, quote and note, if it has any (see [`ReportText`]).
    #[serde(flatten)]
    pub text: Option<Box<ReportText>>,
    /// Index of the source the statement originates from (after following `cites` to its root).
    pub origin: Ix,
    /// Relay hops between the origin and us: the `via` outlets of this report and of every report it
    /// cites, plus one for each `cites` link.
    pub hops: u32,
}

/// What most reports of a large feed lack: the relays it came through, where it appeared, what it
/// quoted, a note. Behind one pointer in [`Report`] (8 bytes, not the 96 of a list and three
/// optional strings).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ReportText {
    /// Relaying sources (indices into [`Ledger::sources`]), nearest the speaker first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<usize>,
    pub document: Option<String>,
    pub quote: Option<String>,
    pub note: Option<String>,
}

impl ReportText {
    /// The extras of a report, boxed; `None` when it has none of them.
    pub fn boxed(
        via: Vec<usize>,
        document: Option<String>,
        quote: Option<String>,
        note: Option<String>,
    ) -> Option<Box<ReportText>> {
        (!via.is_empty() || document.is_some() || quote.is_some() || note.is_some()).then(|| {
            Box::new(ReportText {
                via,
                document,
                quote,
                note,
            })
        })
    }
}

static NO_RELAYS: Vec<usize> = Vec::new();

impl Report {
    /// Relaying sources, nearest the speaker first (indices into [`Ledger::sources`]).
    pub fn via(&self) -> &[usize] {
        self.text.as_ref().map_or(&NO_RELAYS, |t| &t.via)
    }
    /// The document the report appeared in.
    pub fn document(&self) -> Option<&str> {
        self.text.as_ref().and_then(|t| t.document.as_deref())
    }
    /// The words quoted.
    pub fn quote(&self) -> Option<&str> {
        self.text.as_ref().and_then(|t| t.quote.as_deref())
    }
    /// The ledger's note on it.
    pub fn note(&self) -> Option<&str> {
        self.text.as_ref().and_then(|t| t.note.as_deref())
    }
}

/// A validated ledger. All lists are sorted by id; all references are indices.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Ledger {
    pub title: Option<String>,
    pub as_of: Option<Moment>,
    pub sources: Vec<Source>,
    pub questions: Vec<Question>,
    pub claims: Vec<Claim>,
    pub reports: Vec<Report>,
}

impl Ledger {
    /// The date results are computed for when the user gives none: the ledger's own `as_of`, else
    /// the latest publication date in it. Never the clock.
    pub fn default_as_of(&self) -> Option<Moment> {
        self.as_of
            .or_else(|| self.reports.iter().map(|r| r.published).max())
    }

    pub fn claim_index(&self, id: &str) -> Option<usize> {
        self.claims.binary_search_by(|c| c.id.as_str().cmp(id)).ok()
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.truth() {
            Some(b) => s.serialize_bool(b),
            None => s.serialize_str("unresolvable"),
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Resolution {
    /// How a report states the resolution: `resolved true on 2025-04-28`, `resolved false`,
    /// `unresolvable`.
    pub fn phrase(&self) -> String {
        match (self.outcome, self.date) {
            (Outcome::Unresolvable, Some(d)) => format!("unresolvable (so judged on {d})"),
            (Outcome::Unresolvable, None) => "unresolvable".to_string(),
            (o, Some(d)) => format!("resolved {o} on {d}"),
            (o, None) => format!("resolved {o}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact record of a report (README, "Memory"): 64 bytes, its extras behind a pointer.
    #[test]
    fn a_report_is_a_compact_record() {
        assert_eq!(std::mem::size_of::<Moment>(), 8);
        assert_eq!(std::mem::size_of::<Option<Box<ReportText>>>(), 8);
        assert_eq!(std::mem::size_of::<Option<Ix>>(), 4);
        assert_eq!(std::mem::size_of::<Report>(), 64);
        let r = ReportText::boxed(vec![], None, Some("q".into()), None).unwrap();
        assert_eq!(r.quote.as_deref(), Some("q"));
        assert_eq!(ReportText::boxed(vec![], None, None, None), None);
        assert_eq!(
            ReportText::boxed(vec![2], None, None, None).unwrap().via,
            [2]
        );
    }

    /// An index keeps its value, `None` takes no room, and what does not fit is refused.
    #[test]
    fn an_index_is_four_bytes() {
        assert_eq!(Ix::new(0).get(), 0);
        assert_eq!(Ix::new(Ix::LIMIT).get(), Ix::LIMIT);
        assert_eq!(Ix::try_new(Ix::LIMIT + 1), None);
        assert_eq!(Ix::try_new(usize::MAX), None);
        let mut v: Vec<char> = "abc".chars().collect();
        assert_eq!(v[Ix::new(2)], 'c');
        assert_eq!(v[..][Ix::new(1)], 'b');
        v[Ix::new(0)] = 'z';
        assert_eq!(v, ['z', 'b', 'c']);
        assert!(Ix::new(7) == 7usize);
        assert_eq!(serde_json::to_string(&Ix::new(5)).unwrap(), "5");
    }
}
