//! Claims from contents: a content split into its statements ("…, and that …", "…; …", "…, while
//! …"), each worded as a claim, and near-duplicates merged within and across articles.
//!
//! Two wordings are one claim when they share most of their content words: overlap coefficient
//! |A ∩ B| / min(|A|, |B|) ≥ 0.6 and Jaccard |A ∩ B| / |A ∪ B| ≥ 0.35 over content words (lower
//! case, stop words out, a plural -s off), and the same numbers. The overlap coefficient lets a
//! short wording match a longer one that contains it; the Jaccard floor keeps a two-word
//! statement from matching every long one that happens to contain both words; numbers must agree
//! because "10,000 troops" and "12,000 troops" are competing claims, not one.

use std::collections::BTreeSet;

use super::qualify::ClaimKind;
use super::slug;
use super::text::normalise;

/// Minimum overlap coefficient of two wordings of one claim.
pub const MIN_OVERLAP: f64 = 0.6;
/// Minimum Jaccard similarity of two wordings of one claim.
pub const MIN_JACCARD: f64 = 0.35;

const STOP: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "and", "or", "that", "this", "is", "are",
    "was", "were", "be", "been", "have", "has", "had", "it", "its", "they", "their", "them", "we",
    "our", "for", "with", "by", "as", "from", "into", "about", "there", "which", "who", "what",
    "will", "would", "do", "does", "did", "so", "far", "some", "any", "also", "than", "then",
    "but", "not", "very", "such", "these", "those", "he", "she", "his", "her", "i", "you", "all",
    "more",
];

/// The content words of a text.
fn words(s: &str) -> BTreeSet<String> {
    normalise(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .map(|w| {
            if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// The numbers of a text ("10,000" and "10000" are one number).
fn numbers(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map(|n| n.trim_matches(|c| c == ',' || c == '.').replace(',', ""))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .collect()
}

/// How alike two wordings are: (overlap coefficient, Jaccard).
pub fn similarity(a: &str, b: &str) -> (f64, f64) {
    let (x, y) = (words(a), words(b));
    if x.is_empty() || y.is_empty() {
        return (0.0, 0.0);
    }
    let inter = x.intersection(&y).count() as f64;
    let union = x.union(&y).count() as f64;
    (inter / x.len().min(y.len()) as f64, inter / union)
}

/// True when two wordings state one claim.
pub fn same_claim(a: &str, b: &str) -> bool {
    let (o, j) = similarity(a, b);
    o >= MIN_OVERLAP && j >= MIN_JACCARD && numbers(a) == numbers(b)
}

/// Splits a content into its statements, outside quotation marks.
pub fn parts(content: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes: Vec<(usize, char)> = content.char_indices().collect();
    let lower = normalise(content);
    let at = |b: usize, pat: &str| {
        content
            .get(b..)
            .is_some_and(|r| normalise(r).starts_with(pat))
    };
    let _ = &lower;
    for &(b, c) in &bytes {
        match c {
            '“' => depth += 1,
            '”' => depth -= 1,
            _ => {}
        }
        if depth > 0 {
            continue;
        }
        let cut = if at(b, ", and that ") || at(b, "; ") || at(b, ", while ") || at(b, ", whereas ")
        {
            true
        } else if at(b, ", and ") {
            // ", and Pyongyang intends …": a new subject, not a list.
            content[b + 6..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        } else {
            false
        };
        if cut && b > start {
            out.push(content[start..b].to_string());
            start = b;
        }
    }
    out.push(content[start..].to_string());
    out.into_iter()
        .map(|p| {
            let p = p.trim_start_matches([',', ';', ' ']);
            let p = ["and that ", "while ", "whereas ", "and "]
                .iter()
                .find_map(|w| p.strip_prefix(w))
                .unwrap_or(p);
            p.trim().to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// A content that only points back ("the claims", "this", "it"): no claim of its own.
pub fn anaphoric(part: &str) -> bool {
    let w: Vec<String> = normalise(part)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    w.len() <= 3
        && w.iter().all(|x| {
            matches!(
                x.as_str(),
                "the"
                    | "claims"
                    | "claim"
                    | "this"
                    | "that"
                    | "it"
                    | "so"
                    | "these"
                    | "those"
                    | "report"
                    | "reports"
                    | "them"
                    | "such"
                    | "details"
                    | "accuracy"
                    | "of"
            )
        })
}

/// A claim's statement from a content part: without its "that", its quotation marks and its end
/// punctuation, starting with a capital.
pub fn statement(part: &str) -> String {
    let t = part.trim();
    let t = t.strip_prefix("that ").unwrap_or(t);
    let t: String = t
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"'))
        .collect();
    let t = t.trim().trim_end_matches([',', '.', ';', ':']).trim();
    let t = t.trim_start_matches(['.', '…']).trim();
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The report's quote: the part as written, without a leading "that", at most 300 characters.
pub fn quote(part: &str) -> String {
    let t = part.trim();
    let t = t.strip_prefix("that ").unwrap_or(t);
    let t = t.trim_start_matches(['“', '"']);
    let t = t.strip_suffix(['”', '"']).unwrap_or(t);
    let t = t.strip_suffix([',', ';']).unwrap_or(t).trim();
    if t.chars().count() <= 300 {
        t.to_string()
    } else {
        let cut: String = t.chars().take(299).collect();
        format!("{cut}…")
    }
}

/// The claims of a draft, merged as they are added.
#[derive(Debug, Default)]
pub struct ClaimSet {
    claims: Vec<super::DraftClaim>,
}

impl ClaimSet {
    /// Adds a wording; returns the claim's id and, when it joined an existing claim, the review
    /// note saying so.
    pub fn add(
        &mut self,
        statement: &str,
        kind: ClaimKind,
        kind_why: Option<&str>,
    ) -> (String, Option<String>) {
        if let Some(c) = self
            .claims
            .iter()
            .find(|c| same_claim(&c.statement, statement))
        {
            let (o, j) = similarity(&c.statement, statement);
            let note = (c.statement != statement).then(|| {
                format!(
                    "claim merged with `{}` (overlap {o:.2}, Jaccard {j:.2}): \"{}\"",
                    c.id,
                    short(statement)
                )
            });
            return (c.id.clone(), note);
        }
        let base: Vec<String> = words(statement).into_iter().collect();
        let ordered: Vec<String> = normalise(statement)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !STOP.contains(w))
            .take(6)
            .map(str::to_string)
            .collect();
        let _ = base;
        let mut id = format!("c-{}", slug(&ordered.join(" ")));
        if id == "c-" {
            id = format!("c-{}", self.claims.len() + 1);
        }
        let mut n = 1;
        let stem = id.clone();
        while self.claims.iter().any(|c| c.id == id) {
            n += 1;
            id = format!("{stem}-{n}");
        }
        let mut review = Vec::new();
        if let Some(w) = kind_why {
            review.push(format!("kind \"{}\": {w}", kind.as_str()));
        }
        self.claims.push(super::DraftClaim {
            id: id.clone(),
            statement: statement.to_string(),
            kind,
            review,
        });
        (id, None)
    }

    pub fn into_claims(self) -> Vec<super::DraftClaim> {
        self.claims
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(79).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicates_merge_and_numbers_must_agree() {
        assert!(same_claim(
            "North Korean troops have engaged in combat in Kursk",
            "North Korean troops engaged in combat in the Kursk region"
        ));
        assert!(!same_claim(
            "At least 10,000 troops are in Kursk",
            "About 12,000 troops are in Kursk"
        ));
        assert!(!same_claim(
            "The dam held",
            "The levee broke after the storm"
        ));
    }

    #[test]
    fn contents_split_into_statements() {
        assert_eq!(
            parts("about 12,000 soldiers are there, and that many more will be sent"),
            vec!["about 12,000 soldiers are there", "many more will be sent"]
        );
        assert_eq!(
            parts("the pumps failed, while the city plans repairs"),
            vec!["the pumps failed", "the city plans repairs"]
        );
        assert_eq!(
            parts("further deployments are planned, and Pyongyang intends to send more"),
            vec![
                "further deployments are planned",
                "Pyongyang intends to send more"
            ]
        );
        assert_eq!(
            parts("“we came, and we saw; we left”"),
            vec!["“we came, and we saw; we left”"]
        );
        assert_eq!(parts("bread, and butter"), vec!["bread, and butter"]);
    }

    #[test]
    fn statements_and_ids() {
        assert_eq!(statement("that the dam held."), "The dam held");
        assert_eq!(statement("“We are ready,”"), "We are ready");
        assert!(anaphoric("the claims"));
        assert!(!anaphoric("the dam held"));
        let mut set = ClaimSet::default();
        let (a, n) = set.add("The dam held", ClaimKind::Fact, None);
        assert_eq!((a.as_str(), n), ("c-dam-held", None));
        let (b, n) = set.add("The dam has held", ClaimKind::Fact, None);
        assert_eq!(b, a);
        assert!(n.unwrap().contains("merged"));
    }
}
