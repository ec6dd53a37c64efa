//! The words the drafter recognises: reporting verbs and their forms, what they say about the
//! stance and hedging of the statement, the nouns and titles that make up a speaker's name, and the
//! names of countries, institutions and outlets.
//!
//! Written for this project from the reporting verbs of news English (the verbs that introduce
//! speech, writing and stated belief in the attribution corpora PARC 3.0 and PolNeAR, and in style
//! books' lists of attribution verbs); no list is copied.
//!
//! Over 600 lines: word lists (reporting verbs, titles, institutions, hedges), data rather than
//! code.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::text::normalise;

/// The lower-case form of a word, without allocating when it already is one.
fn key(w: &str) -> Cow<'_, str> {
    if w.chars()
        .any(|c| c.is_uppercase() || matches!(c, '’' | '‘' | 'ʼ'))
    {
        Cow::Owned(normalise(w))
    } else {
        Cow::Borrowed(w)
    }
}

/// A word list as a set, built once.
fn set(
    cell: &'static OnceLock<HashSet<&'static str>>,
    words: &'static [&'static str],
) -> &'static HashSet<&'static str> {
    cell.get_or_init(|| words.iter().copied().collect())
}

/// What a reporting verb tells about the statement it introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// Neutral speech: say, state, add, note, write.
    Say,
    /// Speech to a recipient named after the verb: tell, inform, assure, brief.
    Tell,
    /// A claim that what follows is so: confirm, acknowledge, reveal.
    Confirm,
    /// A denial: deny, reject, dismiss.
    Deny,
    /// A warning or forecast: warn, predict, expect.
    Expect,
    /// A judgement: assess, believe, think, estimate.
    Assess,
    /// A report by an outlet or agency: report.
    Report,
    /// A question or doubt: question, doubt.
    Doubt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbForm {
    Base,
    Third,
    Past,
    Gerund,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb {
    pub lemma: &'static str,
    pub class: VerbClass,
    pub form: VerbForm,
}

/// (base, third person, past, gerund, class). The past participle equals the past form except for
/// the verbs listed in [`PARTICIPLES`].
const VERBS: &[(&str, &str, &str, &str, VerbClass)] = &[
    ("say", "says", "said", "saying", VerbClass::Say),
    ("state", "states", "stated", "stating", VerbClass::Say),
    ("add", "adds", "added", "adding", VerbClass::Say),
    ("note", "notes", "noted", "noting", VerbClass::Say),
    ("write", "writes", "wrote", "writing", VerbClass::Say),
    (
        "mention",
        "mentions",
        "mentioned",
        "mentioning",
        VerbClass::Say,
    ),
    (
        "explain",
        "explains",
        "explained",
        "explaining",
        VerbClass::Say,
    ),
    ("argue", "argues", "argued", "arguing", VerbClass::Say),
    ("insist", "insists", "insisted", "insisting", VerbClass::Say),
    ("claim", "claims", "claimed", "claiming", VerbClass::Say),
    ("assert", "asserts", "asserted", "asserting", VerbClass::Say),
    (
        "announce",
        "announces",
        "announced",
        "announcing",
        VerbClass::Say,
    ),
    (
        "declare",
        "declares",
        "declared",
        "declaring",
        VerbClass::Say,
    ),
    (
        "emphasize",
        "emphasizes",
        "emphasized",
        "emphasizing",
        VerbClass::Say,
    ),
    (
        "emphasise",
        "emphasises",
        "emphasised",
        "emphasising",
        VerbClass::Say,
    ),
    (
        "stress",
        "stresses",
        "stressed",
        "stressing",
        VerbClass::Say,
    ),
    (
        "reiterate",
        "reiterates",
        "reiterated",
        "reiterating",
        VerbClass::Say,
    ),
    ("repeat", "repeats", "repeated", "repeating", VerbClass::Say),
    ("reply", "replies", "replied", "replying", VerbClass::Say),
    (
        "respond",
        "responds",
        "responded",
        "responding",
        VerbClass::Say,
    ),
    ("recall", "recalls", "recalled", "recalling", VerbClass::Say),
    ("remark", "remarks", "remarked", "remarking", VerbClass::Say),
    (
        "observe",
        "observes",
        "observed",
        "observing",
        VerbClass::Say,
    ),
    (
        "contend",
        "contends",
        "contended",
        "contending",
        VerbClass::Say,
    ),
    (
        "maintain",
        "maintains",
        "maintained",
        "maintaining",
        VerbClass::Say,
    ),
    ("allege", "alleges", "alleged", "alleging", VerbClass::Say),
    (
        "suggest",
        "suggests",
        "suggested",
        "suggesting",
        VerbClass::Say,
    ),
    (
        "indicate",
        "indicates",
        "indicated",
        "indicating",
        VerbClass::Say,
    ),
    ("tweet", "tweets", "tweeted", "tweeting", VerbClass::Say),
    ("post", "posts", "posted", "posting", VerbClass::Say),
    (
        "complain",
        "complains",
        "complained",
        "complaining",
        VerbClass::Say,
    ),
    (
        "promise",
        "promises",
        "promised",
        "promising",
        VerbClass::Say,
    ),
    ("vow", "vows", "vowed", "vowing", VerbClass::Say),
    ("pledge", "pledges", "pledged", "pledging", VerbClass::Say),
    ("urge", "urges", "urged", "urging", VerbClass::Say),
    (
        "testify",
        "testifies",
        "testified",
        "testifying",
        VerbClass::Say,
    ),
    (
        "concede",
        "concedes",
        "conceded",
        "conceding",
        VerbClass::Confirm,
    ),
    (
        "confirm",
        "confirms",
        "confirmed",
        "confirming",
        VerbClass::Confirm,
    ),
    (
        "reaffirm",
        "reaffirms",
        "reaffirmed",
        "reaffirming",
        VerbClass::Confirm,
    ),
    (
        "affirm",
        "affirms",
        "affirmed",
        "affirming",
        VerbClass::Confirm,
    ),
    (
        "acknowledge",
        "acknowledges",
        "acknowledged",
        "acknowledging",
        VerbClass::Confirm,
    ),
    (
        "admit",
        "admits",
        "admitted",
        "admitting",
        VerbClass::Confirm,
    ),
    (
        "reveal",
        "reveals",
        "revealed",
        "revealing",
        VerbClass::Confirm,
    ),
    (
        "disclose",
        "discloses",
        "disclosed",
        "disclosing",
        VerbClass::Confirm,
    ),
    ("deny", "denies", "denied", "denying", VerbClass::Deny),
    (
        "reject",
        "rejects",
        "rejected",
        "rejecting",
        VerbClass::Deny,
    ),
    (
        "dismiss",
        "dismisses",
        "dismissed",
        "dismissing",
        VerbClass::Deny,
    ),
    ("tell", "tells", "told", "telling", VerbClass::Tell),
    (
        "inform",
        "informs",
        "informed",
        "informing",
        VerbClass::Tell,
    ),
    ("assure", "assures", "assured", "assuring", VerbClass::Tell),
    ("brief", "briefs", "briefed", "briefing", VerbClass::Tell),
    (
        "remind",
        "reminds",
        "reminded",
        "reminding",
        VerbClass::Tell,
    ),
    ("warn", "warns", "warned", "warning", VerbClass::Expect),
    (
        "caution",
        "cautions",
        "cautioned",
        "cautioning",
        VerbClass::Expect,
    ),
    (
        "predict",
        "predicts",
        "predicted",
        "predicting",
        VerbClass::Expect,
    ),
    (
        "forecast",
        "forecasts",
        "forecast",
        "forecasting",
        VerbClass::Expect,
    ),
    (
        "expect",
        "expects",
        "expected",
        "expecting",
        VerbClass::Expect,
    ),
    (
        "assess",
        "assesses",
        "assessed",
        "assessing",
        VerbClass::Assess,
    ),
    (
        "estimate",
        "estimates",
        "estimated",
        "estimating",
        VerbClass::Assess,
    ),
    (
        "believe",
        "believes",
        "believed",
        "believing",
        VerbClass::Assess,
    ),
    ("think", "thinks", "thought", "thinking", VerbClass::Assess),
    (
        "conclude",
        "concludes",
        "concluded",
        "concluding",
        VerbClass::Assess,
    ),
    ("find", "finds", "found", "finding", VerbClass::Assess),
    (
        "report",
        "reports",
        "reported",
        "reporting",
        VerbClass::Report,
    ),
    (
        "question",
        "questions",
        "questioned",
        "questioning",
        VerbClass::Doubt,
    ),
    ("doubt", "doubts", "doubted", "doubting", VerbClass::Doubt),
];

/// Past participles that differ from the past form.
const PARTICIPLES: &[(&str, &str)] = &[("written", "write")];

/// Forms that are far more often nouns or other words than reporting verbs in news text: accepted
/// as cues only where a verb is expected (after a subject and before "that" or a quotation).
const AMBIGUOUS: &[&str] = &[
    "claims",
    "reports",
    "notes",
    "posts",
    "states",
    "questions",
    "doubts",
    "finding",
    "briefing",
    "warning",
    "forecast",
    "remarks",
    "promise",
    "post",
    "report",
    "claim",
    "note",
    "state",
    "question",
    "doubt",
    "find",
    "found",
    "expected",
    "thought",
    "estimate",
    "estimates",
    "estimated",
];
/// Every form of every verb, built once. A form shared by two forms of one verb ("forecast")
/// keeps the first.
fn verbs() -> &'static HashMap<&'static str, Verb> {
    static TABLE: OnceLock<HashMap<&'static str, Verb>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashMap::new();
        for &(base, third, past, ing, class) in VERBS {
            for (w, form) in [
                (base, VerbForm::Base),
                (third, VerbForm::Third),
                (past, VerbForm::Past),
                (ing, VerbForm::Gerund),
            ] {
                t.entry(w).or_insert(Verb {
                    lemma: base,
                    class,
                    form,
                });
            }
        }
        for &(p, b) in PARTICIPLES {
            if let Some(v) = VERBS.iter().find(|v| v.0 == b) {
                t.entry(p).or_insert(Verb {
                    lemma: v.0,
                    class: v.4,
                    form: VerbForm::Past,
                });
            }
        }
        t
    })
}

/// The reporting verb spelled `word`, if any.
pub fn verb(word: &str) -> Option<Verb> {
    verbs().get(key(word).as_ref()).copied()
}

/// True when the form is usually something other than a reporting verb.
pub fn ambiguous(word: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(&S, AMBIGUOUS).contains(key(word).as_ref())
}

/// Auxiliaries and adverbs that sit between a subject and its reporting verb and belong to the
/// cue ("has also said", "previously stated", "did not confirm").
pub const CUE_MODIFIERS: &[&str] = &[
    "also",
    "has",
    "have",
    "had",
    "is",
    "was",
    "were",
    "are",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "did",
    "does",
    "do",
    "not",
    "never",
    "previously",
    "earlier",
    "later",
    "first",
    "repeatedly",
    "similarly",
    "additionally",
    "further",
    "publicly",
    "privately",
    "reportedly",
    "again",
    "already",
    "recently",
    "once",
    "then",
    "often",
    "still",
    "now",
    "just",
    "frequently",
    "separately",
    "initially",
    "subsequently",
    "since",
    "openly",
    "explicitly",
    "directly",
    "flatly",
    "strongly",
    "firmly",
    "quickly",
    "immediately",
    "officially",
    "formally",
    "long",
    "yet",
    "to",
    "declined",
    "refused",
    "failed",
    "unable",
    "able",
];

/// Nouns (and adjectives that go with them) that name people or bodies who speak: allowed inside a
/// speaker's noun phrase in lower case.
const SPEAKER_WORDS: &[&str] = &[
    "official",
    "officials",
    "officer",
    "officers",
    "spokesperson",
    "spokespeople",
    "spokesman",
    "spokesmen",
    "spokeswoman",
    "spokeswomen",
    "secretary",
    "press",
    "president",
    "leader",
    "leaders",
    "minister",
    "ministry",
    "chief",
    "head",
    "director",
    "agency",
    "intelligence",
    "military",
    "government",
    "governments",
    "department",
    "council",
    "administration",
    "authorities",
    "authority",
    "source",
    "sources",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "police",
    "representative",
    "representatives",
    "ambassador",
    "envoy",
    "member",
    "members",
    "lawmaker",
    "lawmakers",
    "senator",
    "senators",
    "governor",
    "mayor",
    "commander",
    "commanders",
    "staff",
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "group",
    "groups",
    "campaign",
    "team",
    "correspondent",
    "reporter",
    "reporters",
    "journalist",
    "journalists",
    "newspaper",
    "media",
    "outlet",
    "outlets",
    "statement",
    "survey",
    "poll",
    "study",
    "data",
    "researchers",
    "scientists",
    "residents",
    "witnesses",
    "witness",
    "people",
    "person",
    "voters",
    "supporters",
    "critics",
    "opponents",
    "candidate",
    "candidates",
    "party",
    "forces",
    "force",
    "army",
    "navy",
    "national",
    "security",
    "defense",
    "defence",
    "foreign",
    "state",
    "former",
    "senior",
    "top",
    "deputy",
    "acting",
    "general",
    "unnamed",
    "anonymous",
    "local",
    "federal",
    "regional",
    "military's",
    "country's",
    "nation's",
    "company",
    "firm",
    "organization",
    "organisation",
    "committee",
    "court",
    "judge",
    "prosecutors",
    "prosecutor",
    "investigators",
    "diplomat",
    "diplomats",
    "delegation",
    "office",
    "service",
    "services",
    "chairman",
    "chairwoman",
    "chair",
    "speaker",
    "vice",
    "assistant",
    "communications",
    "presidential",
    "spy",
    "agencies",
    "ministries",
    "figures",
    "employee",
    "employees",
    "worker",
    "workers",
    "activist",
    "activists",
    "historian",
    "economist",
    "economists",
    "strategist",
    "strategists",
    "consultant",
    "organizer",
    "organizers",
    "manager",
    "founder",
    "owner",
    "host",
    "anchor",
    "editor",
    "columnist",
    "author",
    "authors",
    "report",
    "documents",
    "document",
    "filing",
    "memo",
    "letter",
    "center",
    "centre",
    "institute",
    "think",
    "tank",
    "watchdog",
    "monitor",
    "monitors",
    "observers",
    "coalition",
    "alliance",
    "union",
    "association",
    "board",
    "bureau",
    "commission",
    "parliament",
    "legislature",
    "congress",
    "kremlin",
    "pentagon",
    "white",
    "house",
    "mission",
    "embassy",
    "consulate",
    "counterpart",
    "counterparts",
    "colleague",
    "colleagues",
    "allies",
    "ally",
    "partner",
    "partners",
    "individual",
    "individuals",
    "man",
    "woman",
    "men",
    "women",
    "soldier",
    "soldiers",
    "troops",
    "veteran",
    "veterans",
    "family",
    "families",
    "friend",
    "friends",
    "familiar",
    "knowledgeable",
    "close",
    "matter",
    "situation",
    "talks",
    "plans",
    "condition",
    "anonymity",
    "ukrainian",
    "russian",
    "american",
    "korean",
    "chinese",
    "british",
    "french",
    "german",
    "japanese",
    "iranian",
    "israeli",
    "european",
    "western",
    "republican",
    "democratic",
    "democrat",
    "democrats",
    "republicans",
    "conservative",
    "liberal",
    "independent",
    "legal",
    "medical",
    "health",
    "election",
    "electoral",
    "campaign's",
    "trump's",
    "clinton's",
];

/// Determiners and possessives that can open a speaker's noun phrase.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "another", "one", "two", "three",
    "several", "many", "some", "both", "all", "each", "other", "these", "those", "this", "that",
    "any", "no", "most", "few", "more", "multiple", "numerous", "four", "five", "dozens",
    "hundreds",
];

/// Personal pronouns that can be speakers.
pub const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

/// Prepositions that join two parts of one speaker's name ("head of the Center for Countering
/// Disinformation at the National Security and Defense Council", "a source in South Korean
/// intelligence").
pub const NAME_JOINERS: &[&str] = &[
    "of", "for", "at", "from", "in", "on", "with", "to", "and", "&",
];

pub fn speaker_word(w: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let w = key(w);
    set(&S, SPEAKER_WORDS).contains(w.as_ref()) || speaker_suffix(&w)
}

/// Agent nouns not in the list ("negotiator", "employee", "strategist") by their endings, minus the
/// common words with the same endings that are not people.
fn speaker_suffix(w: &str) -> bool {
    const NOT: &[&str] = &[
        "later",
        "after",
        "never",
        "ever",
        "however",
        "whether",
        "either",
        "neither",
        "rather",
        "together",
        "over",
        "under",
        "other",
        "another",
        "per",
        "recent",
        "current",
        "different",
        "apparent",
        "present",
        "frequent",
        "consistent",
        "further",
        "order",
        "number",
        "matter",
        "water",
        "power",
        "border",
        "letter",
        "minor",
        "major",
        "prior",
        "error",
        "paper",
        "member",
        "percent",
        "cent",
        "event",
        "moment",
        "statement",
        "government",
        "comment",
        "agreement",
        "equipment",
        "important",
        "significant",
        "want",
        "went",
        "sent",
        "spent",
        "meant",
        "but",
        "than",
        "then",
        "when",
        "even",
        "been",
        "seen",
        "between",
        "often",
        "latter",
        "former",
        "upper",
        "lower",
        "winter",
        "summer",
        "october",
        "november",
        "december",
        "september",
        "quarter",
        "chapter",
        "center",
        "offer",
        "answer",
        "enter",
        "consider",
        "remember",
        "better",
        "bigger",
        "larger",
        "longer",
        "stronger",
        "higher",
        "greater",
        "earlier",
        "within",
        "urgent",
        "sentiment",
        "content",
        "extent",
        "intent",
        "violent",
        "silent",
        "recipient",
        "ancient",
        "efficient",
        "sufficient",
        "patient",
    ];
    if w.len() < 6 || NOT.contains(&w) || !w.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let stem = w.strip_suffix('s').unwrap_or(w);
    ["er", "or", "ist", "ian", "ee"]
        .iter()
        .any(|s| stem.ends_with(s))
}

/// Words written with a capital letter that are not names: sentence openers, weekdays, months and
/// other function words a speaker's name never starts with.
pub fn capital_non_name(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "by",
        "for",
        "of",
        "to",
        "as",
        "after",
        "before",
        "during",
        "since",
        "despite",
        "while",
        "when",
        "if",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "also",
        "however",
        "meanwhile",
        "last",
        "earlier",
        "later",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "his",
        "her",
        "their",
        "our",
        "speaking",
        "asked",
        "separately",
        "yesterday",
        "today",
        "tonight",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "quote",
        "details",
        "background",
        "source",
        "update",
        "read",
        "more",
        "according",
        "citing",
        "with",
        "without",
        "from",
        "into",
        "about",
        "over",
        "under",
        "than",
        "then",
        "now",
        "still",
        "already",
        "even",
        "only",
        "just",
        "not",
        "no",
        "yes",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "where",
        "all",
        "some",
        "many",
        "most",
        "both",
        "each",
        "every",
        "such",
        "until",
        "though",
        "although",
        "because",
        "instead",
        "indeed",
        "thus",
        "therefore",
        "overall",
    ];
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(&S, WORDS).contains(key(w).as_ref())
}

/// Words that begin a time or place adverbial at the start of a sentence ("On Monday,", "In a
/// statement,", "Speaking to reporters,"): the speaker comes after its comma.
pub fn adverbial_opener(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "on",
        "in",
        "at",
        "during",
        "after",
        "before",
        "last",
        "earlier",
        "later",
        "meanwhile",
        "however",
        "but",
        "and",
        "also",
        "speaking",
        "asked",
        "separately",
        "yesterday",
        "today",
        "since",
        "despite",
        "while",
        "when",
        "as",
        "following",
        "amid",
        "in",
        "until",
        "by",
        "this",
        "next",
        "previously",
        "still",
        "overall",
        "instead",
        "indeed",
        "now",
        "then",
        "so",
        "yet",
        "thus",
        "moreover",
        "furthermore",
        "additionally",
        "for",
        "with",
        "without",
        "writing",
        "responding",
        "addressing",
        "appearing",
        "interviewed",
        "like",
        "unlike",
        "under",
        "over",
        "from",
        "through",
        "throughout",
        "within",
        "about",
        "around",
        "into",
        "if",
        "although",
        "though",
        "because",
    ];
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(&S, WORDS).contains(key(w).as_ref())
}

/// Countries and their adjectives, mapped to a short code (ISO 3166-1 alpha-2 in lower case; the
/// capitals that stand for a government in news style map to their country).
pub fn country(word: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("ukraine", "ua"),
        ("ukrainian", "ua"),
        ("ukrainians", "ua"),
        ("ukraine's", "ua"),
        ("kyiv", "ua"),
        ("kiev", "ua"),
        ("russia", "ru"),
        ("russian", "ru"),
        ("russians", "ru"),
        ("russia's", "ru"),
        ("moscow", "ru"),
        ("kremlin", "ru"),
        ("u.s.", "us"),
        ("u.s", "us"),
        ("us", "us"),
        ("usa", "us"),
        ("american", "us"),
        ("americans", "us"),
        ("america", "us"),
        ("washington", "us"),
        ("pentagon", "us"),
        ("america's", "us"),
        ("washington's", "us"),
        ("pentagon's", "us"),
        ("dprk", "kp"),
        ("pyongyang", "kp"),
        ("pyongyang's", "kp"),
        ("seoul", "kr"),
        ("japan", "jp"),
        ("japanese", "jp"),
        ("japan's", "jp"),
        ("tokyo", "jp"),
        ("china", "cn"),
        ("chinese", "cn"),
        ("china's", "cn"),
        ("beijing", "cn"),
        ("britain", "gb"),
        ("british", "gb"),
        ("uk", "gb"),
        ("u.k.", "gb"),
        ("london", "gb"),
        ("france", "fr"),
        ("french", "fr"),
        ("paris", "fr"),
        ("germany", "de"),
        ("german", "de"),
        ("berlin", "de"),
        ("iran", "ir"),
        ("iranian", "ir"),
        ("tehran", "ir"),
        ("israel", "il"),
        ("israeli", "il"),
        ("poland", "pl"),
        ("polish", "pl"),
        ("warsaw", "pl"),
        ("belarus", "by"),
        ("belarusian", "by"),
        ("minsk", "by"),
        ("turkey", "tr"),
        ("turkish", "tr"),
        ("ankara", "tr"),
        ("india", "in"),
        ("indian", "in"),
        ("italy", "it"),
        ("italian", "it"),
        ("rome", "it"),
        ("canada", "ca"),
        ("canadian", "ca"),
    ];
    static M: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    M.get_or_init(|| TABLE.iter().copied().collect())
        .get(key(word).as_ref())
        .copied()
}

/// Two-word country names ("North Korea", "South Korean", "United States").
pub fn country2(a: &str, b: &str) -> Option<&'static str> {
    let a = normalise(a);
    let b = normalise(b);
    let b = b.strip_suffix("'s").unwrap_or(&b);
    match (a.as_str(), b) {
        ("north", "korea" | "korean" | "koreans") => Some("kp"),
        ("south", "korea" | "korean" | "koreans") => Some("kr"),
        ("united", "states") => Some("us"),
        ("united", "kingdom") => Some("gb"),
        ("white", "house") => Some("us"),
        _ => None,
    }
}

/// Outlets named in the text: wire agencies, newspapers, broadcasters (the largest of each, and the
/// words that mark any outlet's name). Returns the kind.
pub fn outlet_kind(name_lower: &str) -> Option<&'static str> {
    const WIRES: &[&str] = &[
        "reuters",
        "associated press",
        "ap",
        "afp",
        "agence france-presse",
        "bloomberg",
        "ukrinform",
        "kyodo",
        "yonhap",
        "tass",
        "ria novosti",
        "interfax",
        "xinhua",
        "kcna",
        "anadolu",
        "dpa",
        "ansa",
        "efe",
        "pap",
        "unian",
        "irna",
        "mehr",
    ];
    const BROADCASTERS: &[&str] = &[
        "cnn",
        "bbc",
        "nbc",
        "abc",
        "cbs",
        "fox",
        "msnbc",
        "npr",
        "sky",
        "al jazeera",
        "dw",
        "euronews",
        "france 24",
        "rt",
        "nhk",
        "kbs",
        "voa",
        "rfe/rl",
        "radio liberty",
        "pbs",
    ];
    let n = name_lower;
    let has = |w: &str| n.split(|c: char| !c.is_alphanumeric()).any(|t| t == w);
    if WIRES
        .iter()
        .any(|w| n == *w || (w.contains(' ') && n.contains(w)) || has(w))
        || n.contains("news agency")
        || n.ends_with(" agency") && n.contains("news")
    {
        return Some("wire-agency");
    }
    if BROADCASTERS.iter().any(|w| n == *w || has(w))
        || has("television")
        || has("tv")
        || has("radio")
        || has("broadcaster")
    {
        return Some("broadcaster");
    }
    if has("times")
        || has("post")
        || has("journal")
        || has("guardian")
        || has("telegraph")
        || has("newspaper")
        || has("daily")
        || has("gazette")
        || has("herald")
        || has("tribune")
        || has("pravda")
        || has("izvestia")
        || has("kommersant")
        || has("magazine")
        || has("economist")
        || has("politico")
        || has("axios")
    {
        return Some("newspaper");
    }
    if n.ends_with(".com") || n.ends_with(".net") || n.ends_with(".org") || has("website") {
        return Some("online-outlet");
    }
    None
}

/// Social networks and messaging services, named as where a statement was posted.
pub fn platform(word: &str) -> Option<&'static str> {
    match normalise(word).as_str() {
        "telegram" => Some("Telegram"),
        "twitter" => Some("Twitter"),
        "x" => Some("X"),
        "facebook" => Some("Facebook"),
        "instagram" => Some("Instagram"),
        "youtube" => Some("YouTube"),
        "tiktok" => Some("TikTok"),
        "truth" => Some("Truth Social"),
        "vkontakte" | "vk" => Some("VKontakte"),
        "weibo" => Some("Weibo"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_found_in_every_form() {
        assert_eq!(verb("said").map(|v| v.lemma), Some("say"));
        assert_eq!(verb("Says").map(|v| v.form), Some(VerbForm::Third));
        assert_eq!(verb("adding").map(|v| v.form), Some(VerbForm::Gerund));
        assert_eq!(verb("told").map(|v| v.class), Some(VerbClass::Tell));
        assert_eq!(verb("denied").map(|v| v.class), Some(VerbClass::Deny));
        assert_eq!(verb("written").map(|v| v.lemma), Some("write"));
        assert_eq!(verb("table"), None);
    }

    #[test]
    fn speaker_words_include_agent_nouns_but_not_their_lookalikes() {
        assert!(speaker_word("spokesman"));
        assert!(speaker_word("negotiators"));
        assert!(speaker_word("Officials"));
        assert!(!speaker_word("however"));
        assert!(!speaker_word("later"));
    }

    #[test]
    fn countries_and_outlets() {
        assert_eq!(country("Ukraine’s"), Some("ua"));
        assert_eq!(country("U.S."), Some("us"));
        assert_eq!(country2("South", "Korean"), Some("kr"));
        assert_eq!(country2("North", "Korea's"), Some("kp"));
        assert_eq!(outlet_kind("kyodo news"), Some("wire-agency"));
        assert_eq!(outlet_kind("the new york times"), Some("newspaper"));
        assert_eq!(outlet_kind("cnn"), Some("broadcaster"));
        assert_eq!(outlet_kind("the pentagon"), None);
    }
}
