//! Who a source phrase names: a person (by surname), a body (country and institution), an outlet,
//! an anonymous source or a pronoun; its kind, official status, organisation and government as far
//! as the words show them. Mentions of one speaker ("Maj. Gen. Pat Ryder", "General Ryder", "the
//! Pentagon spokesman", "he") are then resolved to one speaker, within and across articles.
//!
//! Over 600 lines: speaker resolution (names, roles, pronouns, bodies) is one pass with shared
//! state; the tail is its tests.

use super::lexicon::{self, PRONOUNS};
use super::text::normalise;

/// What a source phrase says about its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub text: String,
    /// A personal name ("Pat Ryder"), if the phrase holds one.
    pub person: Option<String>,
    /// The last word of the personal name, lower case.
    pub surname: Option<String>,
    /// A pronoun, lower case.
    pub pronoun: Option<String>,
    pub country: Option<&'static str>,
    /// The institution, as a short slug ("dod", "state", "nsdc", "intelligence").
    pub institution: Option<String>,
    /// The ledger kind guessed from the words.
    pub kind: &'static str,
    /// Which words gave the kind (for the review mark).
    pub kind_from: String,
    /// The role words of a person ("spokesperson", "president"): used to resolve "the Pentagon
    /// spokesman" to a person named before.
    pub role: Option<&'static str>,
    /// An unnamed person or group ("a source", "officials").
    pub anonymous: bool,
    /// An outlet, by the words of its name.
    pub outlet: bool,
    /// Starts with "the" and names no one: a description of someone named before.
    pub definite: bool,
}

/// Capitalised words that are titles, ranks or institution words, not parts of a personal name.
fn title_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "president",
        "prime",
        "minister",
        "secretary",
        "general",
        "gen",
        "maj",
        "major",
        "lt",
        "lieutenant",
        "col",
        "colonel",
        "sgt",
        "sergeant",
        "capt",
        "captain",
        "adm",
        "admiral",
        "commander",
        "chief",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "press",
        "ambassador",
        "deputy",
        "vice",
        "chairman",
        "chairwoman",
        "director",
        "head",
        "leader",
        "pope",
        "king",
        "queen",
        "prince",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "mayor",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "air",
        "force",
        "army",
        "navy",
        "marine",
        "corps",
        "pentagon",
        "state",
        "defense",
        "defence",
        "foreign",
        "national",
        "security",
        "intelligence",
        "department",
        "council",
        "ministry",
        "agency",
        "service",
        "office",
        "center",
        "centre",
        "countering",
        "disinformation",
        "committee",
        "commission",
        "staff",
        "military",
        "armed",
        "forces",
        "directorate",
        "bureau",
        "institute",
        "union",
        "news",
        "times",
        "post",
        "journal",
        "party",
        "federal",
        "republic",
        "democratic",
        "people's",
        "kremlin",
        "parliament",
        "congress",
        "senate",
        "assembly",
        "government",
        "administration",
        "cabinet",
        "embassy",
        "mission",
        "organization",
        "organisation",
        "nations",
        "united",
        "house",
        "white",
        "quote",
        "source",
        "sources",
        "and",
        "of",
        "for",
        "the",
        "at",
        "to",
        "in",
        "department's",
        "affairs",
        "operations",
        "command",
        "guard",
        "world",
        "international",
        "european",
        "north",
        "south",
        "east",
        "west",
        "central",
        "main",
        "special",
        "general's",
        "secretary-general",
        "first",
        "lady",
        "korea",
        "korean",
        "koreans",
        "korea's",
        "states",
        "kingdom",
    ];
    WORDS.contains(&normalise(w).trim_end_matches('.'))
        || lexicon::country(w).is_some()
        || lexicon::capital_non_name(w)
}

/// Institutions named by common words, with the slug used for organisations (the United States'
/// departments by their usual short names, others by the words themselves).
fn institution(words: &str) -> Option<(&'static str, &'static str)> {
    institution_and_country(words).map(|(s, k, _)| (s, k))
}

/// The country an institution's own name implies: in English-language news "the Pentagon", "the
/// State Department", "the Secretary of State" and "the White House" are the United States', "the
/// Kremlin" is Russia's.
pub fn implied_country(words: &str) -> Option<&'static str> {
    institution_and_country(words).and_then(|(_, _, c)| c)
}

type Institution = (&'static str, &'static str, Option<&'static str>);

fn institution_and_country(words: &str) -> Option<Institution> {
    // (phrase, slug, kind, country)
    const TABLE: &[(&str, &str, &str, Option<&str>)] = &[
        ("pentagon", "dod", "government", Some("us")),
        ("department of defense", "dod", "government", Some("us")),
        ("defense department", "dod", "government", Some("us")),
        ("secretary of defense", "dod", "government", Some("us")),
        ("defense secretary", "dod", "government", Some("us")),
        ("state department", "state", "government", Some("us")),
        ("department of state", "state", "government", Some("us")),
        ("secretary of state", "state", "government", Some("us")),
        ("national security council", "nsc", "government", None),
        ("white house", "white-house", "government", Some("us")),
        ("kremlin", "kremlin", "government", Some("ru")),
        ("foreign ministry", "mfa", "government", None),
        ("ministry of foreign affairs", "mfa", "government", None),
        ("foreign minister", "mfa", "government", None),
        ("defence ministry", "mod", "government", None),
        ("defense ministry", "mod", "government", None),
        ("ministry of defence", "mod", "government", None),
        ("ministry of defense", "mod", "government", None),
        ("defence minister", "mod", "government", None),
        ("defense minister", "mod", "government", None),
        ("general staff", "general-staff", "military", None),
        ("armed forces", "armed-forces", "military", None),
        (
            "military intelligence",
            "intelligence",
            "intelligence",
            None,
        ),
        ("intelligence", "intelligence", "intelligence", None),
        ("hur", "intelligence", "intelligence", Some("ua")),
        ("gur", "intelligence", "intelligence", Some("ua")),
        ("nis", "intelligence", "intelligence", Some("kr")),
        ("cia", "intelligence", "intelligence", Some("us")),
        ("nato", "nato", "international-organisation", None),
        ("united nations", "un", "international-organisation", None),
        ("u.n.", "un", "international-organisation", None),
        ("european union", "eu", "international-organisation", None),
        ("iaea", "iaea", "international-organisation", None),
        ("president's office", "president", "government", None),
        ("presidential office", "president", "government", None),
    ];
    let padded = format!(" {words} ");
    TABLE
        .iter()
        .find(|(p, _, _, _)| {
            padded.contains(&format!(" {p} ")) || padded.contains(&format!(" {p}'s "))
        })
        .map(|(_, s, k, c)| (*s, *k, *c))
}

fn role(words: &[String]) -> Option<&'static str> {
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("spokesperson")
        || has("spokesman")
        || has("spokeswoman")
        || (has("press") && has("secretary"))
    {
        Some("spokesperson")
    } else if has("president") || has("leader") || has("prime") || has("chancellor") || has("king")
    {
        Some("head-of-state")
    } else if has("secretary") || has("minister") {
        Some("minister")
    } else if has("general") || has("commander") || has("gen") {
        Some("officer")
    } else if has("ambassador") || has("envoy") {
        Some("diplomat")
    } else {
        None
    }
}

/// Reads a source phrase.
pub fn mention(text: &str) -> Mention {
    let clean: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let raw: Vec<&str> = clean
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let words: Vec<String> = raw
        .iter()
        .map(|w| normalise(w).trim_end_matches('.').to_string())
        .collect();
    let joined = words.join(" ");
    let mut m = Mention {
        text: clean.clone(),
        person: None,
        surname: None,
        pronoun: None,
        country: None,
        institution: None,
        kind: "other",
        kind_from: String::new(),
        role: role(&words),
        anonymous: false,
        outlet: false,
        definite: false,
    };
    if words.len() == 1 && PRONOUNS.contains(&words[0].as_str()) {
        m.pronoun = Some(words[0].clone());
        return m;
    }
    // Country: the first country word or two-word country name.
    for k in 0..raw.len() {
        if k + 1 < raw.len()
            && let Some(c) = lexicon::country2(raw[k], raw[k + 1])
        {
            m.country = Some(c);
            break;
        }
        if let Some(c) = lexicon::country(raw[k]) {
            m.country = Some(c);
            break;
        }
    }
    // The personal name: the last run of capitalised words that are not titles.
    let mut best: Option<(usize, usize)> = None;
    let mut k = 0;
    while k < raw.len() {
        let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase) && !title_word(w);
        if cap(raw[k]) {
            let s = k;
            while k < raw.len() && cap(raw[k]) {
                k += 1;
            }
            if k - s <= 4 {
                best = Some((s, k));
            }
        } else {
            k += 1;
        }
    }
    let det = words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "the" | "a" | "an"));
    let inst = institution(&joined);
    m.outlet = lexicon::outlet_kind(&joined).is_some() && m.role.is_none();
    if let Some((s, e)) = best
        && !m.outlet
        && !(det && m.role.is_none())
    {
        let name = raw[s..e].join(" ");
        let surname = normalise(raw[e - 1]).trim_end_matches("'s").to_string();
        // A single word that is an institution's acronym ("HUR", "NATO") is not a person.
        let acronym = e - s == 1
            && raw[s]
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic());
        if !acronym {
            m.person = Some(name);
            m.surname = Some(surname);
        }
    }
    m.institution = inst
        .map(|(s, _)| s.to_string())
        .or_else(|| acronym_of_body(&raw));
    m.anonymous = m.person.is_none()
        && words.iter().any(|w| {
            matches!(
                w.as_str(),
                "source"
                    | "sources"
                    | "official"
                    | "officials"
                    | "officers"
                    | "people"
                    | "person"
                    | "diplomat"
                    | "diplomats"
                    | "aides"
                    | "aide"
                    | "insider"
                    | "insiders"
            )
        })
        && !words.iter().any(|w| w == "the" && m.role.is_some());
    m.definite = det && words[0] == "the" && m.person.is_none() && m.role.is_some();
    let (kind, from) = kind_of(&m, &words, inst.map(|(_, k)| k));
    m.kind = kind;
    m.kind_from = from;
    m
}

/// An institution named in capitals ("the National Security and Defense Council"): its
/// initials, the last such name in the phrase (the body the others belong to).
fn acronym_of_body(raw: &[&str]) -> Option<String> {
    const BODY: &[&str] = &[
        "council",
        "center",
        "centre",
        "department",
        "ministry",
        "agency",
        "service",
        "office",
        "committee",
        "commission",
        "directorate",
        "bureau",
        "institute",
        "command",
        "staff",
        "parliament",
        "assembly",
        "administration",
        "organization",
        "organisation",
        "union",
        "alliance",
        "guard",
        "forces",
    ];
    let mut best = None;
    let mut k = 0;
    while k < raw.len() {
        let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        if cap(raw[k]) && lexicon::country(raw[k]).is_none() {
            let s = k;
            let mut e = k;
            while e < raw.len()
                && (cap(raw[e])
                    || matches!(raw[e], "and" | "of" | "for" | "&")
                        && e + 1 < raw.len()
                        && cap(raw[e + 1]))
            {
                e += 1;
            }
            let words: Vec<&str> = raw[s..e].to_vec();
            if e - s >= 2 && words.iter().any(|w| BODY.contains(&normalise(w).as_str())) {
                let initials: String = words
                    .iter()
                    .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .filter_map(|w| w.chars().next())
                    .flat_map(char::to_lowercase)
                    .collect();
                best = Some(initials);
            }
            k = e.max(k + 1);
        } else {
            k += 1;
        }
    }
    best
}

fn kind_of(
    m: &Mention,
    words: &[String],
    inst_kind: Option<&'static str>,
) -> (&'static str, String) {
    let has = |w: &str| words.iter().any(|x| x == w);
    let joined = words.join(" ");
    if m.anonymous
        && (has("source") || has("sources") || has("people") || has("person") || has("insider"))
    {
        return ("anonymous", "an unnamed source".into());
    }
    if m.role == Some("spokesperson") {
        return ("spokesperson", "a spokesperson's title".into());
    }
    if m.role == Some("head-of-state") && !has("party") && !has("opposition") {
        return (
            "head-of-state",
            "the title of a head of state or government".into(),
        );
    }
    if let Some(k) = lexicon::outlet_kind(&joined)
        && m.role.is_none()
    {
        return (k, "an outlet's name".into());
    }
    if let Some(k) = inst_kind {
        return (
            k,
            format!(
                "the institution named ({})",
                m.institution.as_deref().unwrap_or("?")
            ),
        );
    }
    if has("general")
        || has("army")
        || has("military")
        || has("commander")
        || has("forces")
        || has("troops")
        || has("gen")
    {
        return ("military", "military words".into());
    }
    if m.role == Some("minister")
        || has("government")
        || has("authorities")
        || has("authority")
        || has("police")
        || has("official")
        || has("officials")
        || has("officers")
        || has("ministry")
        || has("council")
        || has("administration")
        || has("senator")
        || has("lawmaker")
        || has("lawmakers")
        || has("governor")
        || has("mayor")
        || m.role == Some("diplomat")
    {
        return ("government", "a government title or body".into());
    }
    if has("institute") || has("think") {
        return ("think-tank", "an institute's name".into());
    }
    if m.person.is_none() && m.country.is_some() && words.len() <= 3 {
        return ("government", "a country named as the speaker".into());
    }
    ("other", "no title in the text".into())
}

/// Surnames that name one person: equal, or one a transliteration variant of the other with one
/// letter more ("Zelensky" and "Zelenskyy"), in names of at least five letters. A changed letter
/// ("Miller", "Milner") is another name.
pub fn same_surname(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if x.len() < y.len() { (x, y) } else { (y, x) };
    if short.len() < 5 || long.len() != short.len() + 1 {
        return false;
    }
    // `long` is `short` with one letter inserted.
    let cut = short.iter().zip(&long).take_while(|(p, q)| p == q).count();
    short[cut..] == long[cut + 1..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_with_titles() {
        let m = mention("Air Force Maj. Gen. Pat Ryder, the Pentagon spokesman");
        assert_eq!(m.person.as_deref(), Some("Pat Ryder"));
        assert_eq!(m.surname.as_deref(), Some("ryder"));
        assert_eq!(m.kind, "spokesperson");
        assert_eq!(m.institution.as_deref(), Some("dod"));
        assert_eq!(m.country, Some("us"));
        let m = mention("Ukrainian President Volodymyr Zelensky");
        assert_eq!(m.person.as_deref(), Some("Volodymyr Zelensky"));
        assert_eq!((m.kind, m.country), ("head-of-state", Some("ua")));
        let m = mention("Secretary of State Antony Blinken");
        assert_eq!(
            (m.kind, m.institution.as_deref()),
            ("government", Some("state"))
        );
    }

    #[test]
    fn bodies_descriptions_sources_and_pronouns() {
        let m = mention("Ukraine’s military intelligence agency");
        assert_eq!(
            (m.person.clone(), m.kind, m.country),
            (None, "intelligence", Some("ua"))
        );
        let m = mention("Ukrainian military intelligence (HUR)");
        assert_eq!(
            (m.person.clone(), m.institution.as_deref()),
            (None, Some("intelligence"))
        );
        let m = mention("a source in South Korean intelligence");
        assert_eq!(
            (m.kind, m.country, m.anonymous),
            ("anonymous", Some("kr"), true)
        );
        let m = mention("The Pentagon spokesperson");
        assert!(m.definite && m.person.is_none());
        assert_eq!(m.role, Some("spokesperson"));
        let m = mention("U.S. officials");
        assert_eq!((m.kind, m.country), ("government", Some("us")));
        assert_eq!(mention("he").pronoun.as_deref(), Some("he"));
        let m = mention(
            "Andrii Kovalenko, Ukraine’s head of the Center for Countering Disinformation at the National Security and Defense Council",
        );
        assert_eq!(m.person.as_deref(), Some("Andrii Kovalenko"));
        assert_eq!(m.institution.as_deref(), Some("nsdc"));
        assert_eq!(mention("The New York Times").kind, "newspaper");
        assert_eq!(mention("Ukraine").kind, "government");
    }

    #[test]
    fn surname_variants() {
        assert!(same_surname("zelensky", "zelenskyy"));
        assert!(same_surname("ryder", "ryder"));
        assert!(!same_surname("miller", "milner"));
        assert!(same_surname("zelenskyy", "zelensky"));
        assert!(!same_surname("kim", "kin"));
        assert!(!same_surname("austin", "ryder"));
    }
}
