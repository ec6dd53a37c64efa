//! The rubric file format. Every number keeps its span so that a bad value is shown in place.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::Method;

/// A number as written, with its place in the file. A newtype rather than an alias only so that it
/// can describe itself in the JSON Schema (as a number); it dereferences to the `Spanned<f64>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Num(pub Spanned<f64>);
/// A whole number as written, with its place in the file (see [`Num`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Int(pub Spanned<i64>);

impl std::ops::Deref for Num {
    type Target = Spanned<f64>;
    fn deref(&self) -> &Spanned<f64> {
        &self.0
    }
}

impl std::ops::Deref for Int {
    type Target = Spanned<i64>;
    fn deref(&self) -> &Spanned<i64> {
        &self.0
    }
}

impl JsonSchema for Num {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        f64::json_schema(g)
    }
}

impl JsonSchema for Int {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Integer".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        i64::json_schema(g)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricFile {
    pub rubric: MetaFile,
    pub aggregation: AggregationFile,
    pub criteria: CriteriaFile,
    pub stances: StancesFile,
    pub interest: InterestFile,
    pub hedging: HedgingFile,
    pub dependence: DependenceFile,
    pub correlation: KindNumbersFile,
    pub kinds: KindsFile,
    pub likelihood: LikelihoodFile,
    pub confidence: ConfidenceFile,
    pub admiralty: AdmiraltyFile,
    /// Optional: how sources' reliability is learned from the data (absent: the input's default).
    pub reliability: Option<ReliabilityFile>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetaFile {
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AggregationFile {
    pub method: Method,
    pub prior: Num,
    pub prior_weight: Num,
    pub interval: Num,
    /// Optional: the highest probability a claim resting on a single independent supporting origin
    /// may reach. Absent = no cap, so rubrics written before it stay valid.
    #[serde(default)]
    pub single_origin_cap: Option<Num>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriteriaFile {
    pub verification: VerificationFile,
    pub official: OfficialFile,
    pub later: LaterFile,
}

/// V: what a report shows of its own checking.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VerificationFile {
    /// Scales every V contribution (1: as the levels say).
    pub weight: Num,
    /// Nats added to the report's evidence.
    pub independently_verified: Num,
    pub imagery: Num,
    pub documents: Num,
    /// Multiplier (0-1) of the source's evidence when the report says it could not be verified.
    pub not_independently_verified: Num,
}

/// O: who the source is, as reliabilities: the probability that what it states is right.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficialFile {
    /// Scales every O contribution (1: as the reliabilities say).
    pub weight: Num,
    pub official: DirectedFile,
    pub unofficial: KindDirectedFile,
    pub grades: GradeLevelsFile,
}

/// A reliability for each direction: what the source's support and its denial are worth.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectedFile {
    pub supports: Num,
    pub refutes: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KindDirectedFile {
    pub government: DirectedFile,
    pub military: DirectedFile,
    pub intelligence: DirectedFile,
    pub head_of_state: DirectedFile,
    pub spokesperson: DirectedFile,
    pub international_organisation: DirectedFile,
    pub wire_agency: DirectedFile,
    pub newspaper: DirectedFile,
    pub broadcaster: DirectedFile,
    pub online_outlet: DirectedFile,
    pub social_media: DirectedFile,
    pub think_tank: DirectedFile,
    pub ngo: DirectedFile,
    pub anonymous: DirectedFile,
    pub other: DirectedFile,
}

/// One number per source kind.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KindNumbersFile {
    pub government: Num,
    pub military: Num,
    pub intelligence: Num,
    pub head_of_state: Num,
    pub spokesperson: Num,
    pub international_organisation: Num,
    pub wire_agency: Num,
    pub newspaper: Num,
    pub broadcaster: Num,
    pub online_outlet: Num,
    pub social_media: Num,
    pub think_tank: Num,
    pub ngo: Num,
    pub anonymous: Num,
    pub other: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct GradeLevelsFile {
    pub A: Num,
    pub B: Num,
    pub C: Num,
    pub D: Num,
    pub E: Num,
    pub F: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LaterFile {
    pub weight: Num,
    /// "Later" means at least this long after the first statement of the same stance: in days
    /// (fractions allowed) or in hours; give one of the two.
    pub min_gap_days: Option<Num>,
    pub min_gap_hours: Option<Num>,
    pub cap: Int,
}

/// What each stance is worth, as a share of a full statement of the source.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StancesFile {
    pub supports: Num,
    pub refutes: Num,
    pub cannot_confirm: Num,
    pub doubts: Num,
    pub repeats: Num,
    pub no_comment: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestFile {
    /// Multiplier (0-1) of the O evidence of a statement that serves the speaker's side.
    pub self_serving: Num,
    /// Reliability of a statement against the speaker's side (an admission).
    pub admission: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HedgingFile {
    pub none: Num,
    pub assess: Num,
    pub expect: Num,
    pub indications: Num,
    pub reportedly: Num,
    pub rumour: Num,
    pub estimate: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DependenceFile {
    pub same_organisation: Num,
    pub same_government: Num,
    pub relay_decay: Num,
    /// Whose latest word stands: each speaker's, each organisation's or each government's.
    pub supersession: super::Supersession,
}

/// How each kind of claim is treated.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KindsFile {
    pub fact: super::KindRule,
    pub assessment: super::KindRule,
    pub forecast: super::KindRule,
    pub opinion: super::KindRule,
}

/// Upper bounds of the ICD 203 phrases; above `very_likely` is "almost certain".
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LikelihoodFile {
    pub almost_no_chance: Num,
    pub very_unlikely: Num,
    pub unlikely: Num,
    pub roughly_even_chance: Num,
    pub likely: Num,
    pub very_likely: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceFile {
    pub high: ConfidenceRuleFile,
    pub moderate: ConfidenceRuleFile,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceRuleFile {
    pub min_origins: Num,
    pub min_quality: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdmiraltyFile {
    pub letters: LetterFile,
    pub information: InformationFile,
    pub confirm_origins: Num,
}

/// Lowest support reliability that earns each letter; below `D` is `E`; a source whose
/// reliability cannot be judged (0.5, no grade) is `F`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct LetterFile {
    pub A: Num,
    pub B: Num,
    pub C: Num,
    pub D: Num,
}

/// Lowest probability that earns each information digit; below `doubtful` is 5 (improbable).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InformationFile {
    pub confirmed: Num,
    pub probably_true: Num,
    pub possibly_true: Num,
    pub doubtful: Num,
}

/// `[reliability]`: learned source reliability. Every key is optional.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReliabilityFile {
    pub method: Option<crate::learn::LearnMethod>,
    pub tolerance: Option<Num>,
    pub max_iterations: Option<Int>,
    pub prior_a: Option<Num>,
    pub prior_b: Option<Num>,
    pub alternatives: Option<Int>,
    /// Bayes: detect copying between sources and discount copies (default true).
    pub copying: Option<bool>,
    /// Bayes: close values of times, dates, numbers and lists support each other (default true).
    pub structure: Option<bool>,
}
