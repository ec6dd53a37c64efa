//! What the words around a statement say about it: its stance (a denial, a refusal to confirm, a
//! doubt), its hedging ("we assess", "indications", "reportedly", "could be as high as"), the
//! outlet's verification qualifier ("could not be independently verified") and the kind of claim
//! (an assessment, a forecast, an opinion).

use super::lexicon::{Verb, VerbClass};
use super::text::normalise;

/// The stances of the ledger vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Supports,
    Refutes,
    Repeats,
    CannotConfirm,
    Doubts,
    NoComment,
}

impl Stance {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hedging {
    None,
    Assess,
    Expect,
    Indications,
    Reportedly,
    Rumour,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    Fact,
    Assessment,
    Forecast,
    Opinion,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Fact => "fact",
            ClaimKind::Assessment => "assessment",
            ClaimKind::Forecast => "forecast",
            ClaimKind::Opinion => "opinion",
        }
    }
}

fn words(s: &str) -> Vec<String> {
    normalise(s)
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn has_seq(ws: &[String], seq: &[&str]) -> bool {
    ws.windows(seq.len())
        .any(|w| w.iter().zip(seq).all(|(a, b)| a == b))
}

/// The stance, from the cue and the content; and the words that gave it.
pub fn stance(cue: &str, verb: Option<Verb>, content: &str) -> (Stance, Option<&'static str>) {
    let c = words(cue);
    let x = words(content);
    let negated = c.iter().any(|w| {
        matches!(
            w.as_str(),
            "not" | "never" | "yet" | "declined" | "refused" | "failed" | "unable"
        )
    });
    if let Some(v) = verb {
        if negated && matches!(v.lemma, "confirm" | "verify" | "say" | "acknowledge") {
            if x.iter().any(|w| w == "comment") {
                return (Stance::NoComment, Some("declined to comment"));
            }
            return (Stance::CannotConfirm, Some("did not confirm"));
        }
        if v.class == VerbClass::Deny && !negated {
            return (Stance::Refutes, Some("a denial"));
        }
        if v.class == VerbClass::Doubt {
            return (Stance::Doubts, Some("a question or doubt"));
        }
    }
    if has_seq(&x, &["declined", "to", "comment"]) || has_seq(&x, &["no", "comment"]) {
        return (Stance::NoComment, Some("no comment"));
    }
    for seq in [
        &["does", "not", "have", "information"][..],
        &["do", "not", "have", "information"],
        &["has", "no", "information"],
        &["have", "no", "information"],
        &["no", "specific", "information"],
        &["cannot", "confirm"],
        &["could", "not", "confirm"],
        &["can't", "confirm"],
    ] {
        if has_seq(&x, seq) {
            return (Stance::CannotConfirm, Some("no information to confirm it"));
        }
    }
    (Stance::Supports, None)
}

/// The hedge of a statement, from its cue, its content and its sentence; the strongest one
/// found, in the order rumour, reportedly, indications, assess, expect, estimate.
pub fn hedging(
    cue: &str,
    verb: Option<Verb>,
    content: &str,
    sentence: &str,
    anonymous: bool,
) -> (Hedging, Option<String>) {
    let x = words(content);
    let s = words(sentence);
    let c = words(cue);
    let any =
        |ws: &[String], list: &[&str]| ws.iter().find(|w| list.contains(&w.as_str())).cloned();
    if let Some(w) = any(&s, &["rumor", "rumors", "rumour", "rumours", "unconfirmed"]) {
        return (Hedging::Rumour, Some(w));
    }
    if let Some(w) = any(&s, &["reportedly", "allegedly"]) {
        return (Hedging::Reportedly, Some(w));
    }
    if anonymous {
        return (Hedging::Reportedly, Some("an unnamed source".into()));
    }
    if let Some(w) = any(&x, &["indications", "indication", "signs", "suggesting"]) {
        return (Hedging::Indications, Some(w));
    }
    if verb.is_some_and(|v| v.lemma == "assess")
        || any(&x, &["assess", "assessed", "assesses"]).is_some()
    {
        return (Hedging::Assess, Some("assess".into()));
    }
    if verb.is_some_and(|v| v.lemma == "expect")
        || any(&x, &["expect", "expects", "expected"]).is_some()
        || has_seq(&x, &["supposed", "to"])
        || has_seq(&x, &["very", "likely"])
    {
        return (Hedging::Expect, Some("expect".into()));
    }
    let _ = c;
    for seq in [
        &["as", "high", "as"][..],
        &["as", "many", "as"],
        &["up", "to"],
        &["about"],
        &["around"],
        &["approximately"],
        &["roughly"],
        &["an", "estimated"],
        &["nearly"],
    ] {
        if let Some(p) = x.windows(seq.len() + 1).position(|w| {
            w[..seq.len()].iter().zip(seq).all(|(a, b)| a == b)
                && w[seq.len()]
                    .chars()
                    .next()
                    .is_some_and(|ch| ch.is_ascii_digit())
        }) {
            let _ = p;
            return (Hedging::Estimate, Some(seq.join(" ")));
        }
    }
    (Hedging::None, None)
}

/// A sentence that says the outlet could not verify what was reported.
pub fn not_independently_verified(sentence: &str) -> bool {
    let s = words(sentence);
    let verified = |w: &String| w.starts_with("verif") || w == "confirmed" || w == "confirm";
    s.windows(4).any(|w| {
        matches!(
            w[0].as_str(),
            "could" | "couldn't" | "cannot" | "can't" | "not" | "unable" | "been"
        ) && w[1..].iter().any(|x| x == "independently")
            && w[1..].iter().any(verified)
    }) || has_seq(&s, &["not", "independently", "verify"])
        || has_seq(&s, &["not", "be", "verified"])
        || has_seq(&s, &["couldn't", "be", "verified"])
}

/// "did not provide any other details", "gave no details", "without providing evidence".
pub fn no_details(text: &str) -> bool {
    let s = words(text);
    (s.iter().any(|w| {
        matches!(
            w.as_str(),
            "details" | "evidence" | "elaborate" | "specifics"
        )
    }) && s
        .iter()
        .any(|w| matches!(w.as_str(), "not" | "no" | "without" | "didn't")))
        && (has_seq(&s, &["provide"])
            || has_seq(&s, &["providing"])
            || has_seq(&s, &["gave"])
            || has_seq(&s, &["give"])
            || has_seq(&s, &["elaborate"])
            || has_seq(&s, &["offer"])
            || has_seq(&s, &["offering"]))
}

/// The kind of claim: a forecast (future or intention), an assessment (a judgement or estimate),
/// an opinion (what ought to be), else a fact.
pub fn claim_kind(
    content: &str,
    verb: Option<Verb>,
    hedge: Hedging,
) -> (ClaimKind, Option<&'static str>) {
    let x = words(content);
    let any = |list: &[&str]| x.iter().any(|w| list.contains(&w.as_str()));
    if hedge == Hedging::Expect
        || any(&["will", "won't", "would", "plans", "intends", "going"])
        || has_seq(&x, &["to", "be", "deployed"])
        || has_seq(&x, &["supposed", "to"])
        || verb.is_some_and(|v| matches!(v.lemma, "predict" | "forecast" | "warn" | "expect"))
    {
        return (ClaimKind::Forecast, Some("future or intended"));
    }
    if matches!(
        hedge,
        Hedging::Assess | Hedging::Indications | Hedging::Estimate
    ) || any(&[
        "likely", "probably", "unlikely", "appears", "may", "might", "could",
    ]) || verb.is_some_and(|v| v.class == VerbClass::Assess)
    {
        return (ClaimKind::Assessment, Some("a judgement or estimate"));
    }
    if any(&["should", "must", "ought", "legitimate", "unacceptable"]) {
        return (ClaimKind::Opinion, Some("what ought to be"));
    }
    (ClaimKind::Fact, None)
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::verb;
    use super::*;

    #[test]
    fn stances() {
        assert_eq!(
            stance("denied", verb("denied"), "that troops crossed").0,
            Stance::Refutes
        );
        assert_eq!(
            stance(
                "did not confirm",
                verb("confirm"),
                "the accuracy of such claims"
            )
            .0,
            Stance::CannotConfirm
        );
        assert_eq!(
            stance("has yet to confirm", verb("confirm"), "the strike").0,
            Stance::CannotConfirm
        );
        assert_eq!(
            stance(
                "said",
                verb("said"),
                "the US does not have information regarding the claims"
            )
            .0,
            Stance::CannotConfirm
        );
        assert_eq!(
            stance("declined to say", verb("say"), "whether to comment").0,
            Stance::NoComment
        );
        assert_eq!(
            stance("questioned", verb("questioned"), "the figures").0,
            Stance::Doubts
        );
        assert_eq!(
            stance("said", verb("said"), "the dam held").0,
            Stance::Supports
        );
    }

    #[test]
    fn hedges() {
        let h = |c: &str, x: &str| hedging(c, verb(c), x, x, false).0;
        assert_eq!(
            h("said", "We do assess that the levee failed"),
            Hedging::Assess
        );
        assert_eq!(
            h("said", "We have indications that it failed"),
            Hedging::Indications
        );
        assert_eq!(
            h("said", "the toll could be as high as 12,000"),
            Hedging::Estimate
        );
        assert_eq!(h("said", "about 1,500 people left"), Hedging::Estimate);
        assert_eq!(
            h("said", "we do expect that it will happen"),
            Hedging::Expect
        );
        assert_eq!(
            hedging("said", None, "x", "The mayor reportedly said x", false).0,
            Hedging::Reportedly
        );
        assert_eq!(
            hedging("according to", None, "x", "x", true).0,
            Hedging::Reportedly
        );
        assert_eq!(
            hedging("said", None, "x", "There were daily rumors about x", false).0,
            Hedging::Rumour
        );
        assert_eq!(h("said", "the dam held"), Hedging::None);
    }

    #[test]
    fn verification_qualifiers() {
        assert!(not_independently_verified(
            "The claims couldn’t be independently verified."
        ));
        assert!(not_independently_verified(
            "The claim could not be independently verified."
        ));
        assert!(not_independently_verified(
            "Reuters could not independently verify the report."
        ));
        assert!(!not_independently_verified("The claim was verified."));
        assert!(no_details("but did not provide any other details"));
        assert!(no_details("without providing evidence"));
        assert!(!no_details("gave a speech"));
    }

    #[test]
    fn claim_kinds() {
        assert_eq!(
            claim_kind("the pumps will fail", None, Hedging::None).0,
            ClaimKind::Forecast
        );
        assert_eq!(
            claim_kind("the pumps probably failed", None, Hedging::None).0,
            ClaimKind::Assessment
        );
        assert_eq!(
            claim_kind("the city should act", None, Hedging::None).0,
            ClaimKind::Opinion
        );
        assert_eq!(
            claim_kind("the pumps failed", None, Hedging::None).0,
            ClaimKind::Fact
        );
    }
}
