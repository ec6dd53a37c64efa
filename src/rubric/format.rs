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
    pub hedging: HedgingFile,
    pub dependence: DependenceFile,
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

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationFile {
    pub weight: Num,
    pub levels: VerificationLevelsFile,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VerificationLevelsFile {
    pub independently_verified: Num,
    pub imagery: Num,
    pub documents: Num,
    pub unverified: Num,
    pub not_independently_verified: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficialFile {
    pub weight: Num,
    pub official: Num,
    pub interest_factor: Num,
    pub unofficial: KindLevelsFile,
    pub grades: GradeLevelsFile,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KindLevelsFile {
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
    pub min_gap_days: Int,
    pub window_days: Int,
    pub cap: Int,
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
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DependenceFile {
    pub same_organisation: Num,
    pub same_government: Num,
    pub relay_decay: Num,
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
    pub max_conflict: Num,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdmiraltyFile {
    pub letters: LetterFile,
    pub information: InformationFile,
    pub confirm_origins: Num,
}

/// Lowest source level that earns each letter; below `D` is `E`.
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
