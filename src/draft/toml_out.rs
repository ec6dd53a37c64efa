//! The TOML renderer of a draft, and `--merge`: the draft added to an existing ledger without
//! duplicating its sources or claims, the existing text and comments kept byte for byte.
//!
//! Every guess is written as a `# review:` comment on the entry it shaped, so that a person can
//! check them one by one.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::claims::same_claim;
use super::speakers::{mention, same_surname};
use super::{Draft, DraftClaim, DraftReport, DraftSource};
use crate::ledger::{DateBasis, Verification};

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment line's text: one line, no control characters.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn review(out: &mut String, notes: &[String]) {
    for n in notes {
        let _ = writeln!(out, "# review: {}", comment(n));
    }
}

fn source(out: &mut String, s: &DraftSource) {
    review(out, &s.review);
    let _ = writeln!(out, "[[sources]]");
    let _ = writeln!(out, "id = {}", quoted(&s.id));
    let _ = writeln!(out, "name = {}", quoted(&s.name));
    let _ = writeln!(out, "kind = {}", quoted(s.kind));
    let _ = writeln!(out, "official = {}", s.official);
    if let Some(o) = &s.organisation {
        let _ = writeln!(out, "organisation = {}", quoted(o));
    }
    if let Some(g) = &s.government {
        let _ = writeln!(out, "government = {}", quoted(g));
    }
    if let Some(g) = &s.side {
        let _ = writeln!(out, "side = {}", quoted(g));
    }
    out.push('\n');
}

fn claim(out: &mut String, c: &DraftClaim) {
    review(out, &c.review);
    let _ = writeln!(out, "[[claims]]");
    let _ = writeln!(out, "id = {}", quoted(&c.id));
    let _ = writeln!(out, "statement = {}", quoted(&c.statement));
    let _ = writeln!(out, "kind = {}", quoted(c.kind.as_str()));
    out.push('\n');
}

fn report(out: &mut String, r: &DraftReport) {
    review(out, &r.review);
    let _ = writeln!(out, "[[reports]]");
    let _ = writeln!(out, "id = {}", quoted(&r.id));
    let _ = writeln!(out, "claim = {}", quoted(&r.claim));
    let _ = writeln!(out, "source = {}", quoted(&r.source));
    let _ = writeln!(out, "stance = {}", quoted(r.stance.as_str()));
    if let Some(d) = r.stated {
        let _ = writeln!(out, "stated = {d}");
    }
    if let Some(d) = r.published {
        let _ = writeln!(out, "published = {d}");
    }
    if r.dates != DateBasis::Inferred {
        let _ = writeln!(out, "dates = {}", quoted(r.dates.as_str()));
    }
    if !r.via.is_empty() {
        let via: Vec<String> = r.via.iter().map(|v| quoted(v)).collect();
        let _ = writeln!(out, "via = [{}]", via.join(", "));
    }
    if r.verification != Verification::Unverified {
        let _ = writeln!(out, "verification = {}", quoted(r.verification.as_str()));
    }
    if r.hedging != super::qualify::Hedging::None {
        let _ = writeln!(out, "hedging = {}", quoted(r.hedging.as_str()));
    }
    let _ = writeln!(out, "document = {}", quoted(&r.document));
    let _ = writeln!(out, "quote = {}", quoted(&r.quote));
    if let Some(n) = &r.note {
        let _ = writeln!(out, "note = {}", quoted(n));
    }
    out.push('\n');
}

fn entries(
    out: &mut String,
    sources: &[DraftSource],
    claims: &[DraftClaim],
    reports: &[DraftReport],
) {
    if !sources.is_empty() {
        out.push_str("# --- Sources ---\n\n");
    }
    for s in sources {
        source(out, s);
    }
    if !claims.is_empty() {
        out.push_str("# --- Claims ---\n\n");
    }
    for c in claims {
        claim(out, c);
    }
    if !reports.is_empty() {
        out.push_str("# --- Reports ---\n\n");
    }
    for r in reports {
        report(out, r);
    }
}

fn header(out: &mut String, draft: &Draft) {
    let names: Vec<&str> = draft.articles.iter().map(|a| a.name.as_str()).collect();
    let _ = writeln!(
        out,
        "# Ledger draft written by `corroborate draft` from {} article(s).",
        draft.articles.len()
    );
    for a in &draft.articles {
        let _ = writeln!(
            out,
            "#   {}: published {} ({}), outlet `{}`, {} attribution(s) found",
            comment(&a.name),
            a.published.map_or("unknown".to_string(), |d| d.to_string()),
            a.published_from,
            a.outlet,
            a.attributions
        );
    }
    let _ = writeln!(
        out,
        "# Every guess carries a `# review:` comment. Check them, edit, then run `corroborate check`."
    );
    let _ = names;
}

/// The draft as a ledger file.
pub fn render(draft: &Draft) -> String {
    let mut out = String::new();
    header(&mut out, draft);
    out.push('\n');
    let as_of = draft.reports.iter().filter_map(|r| r.published).max();
    out.push_str("[case]\n");
    let titles: Vec<String> = draft
        .articles
        .iter()
        .map(|a| super::file_name(&a.name))
        .collect();
    let _ = writeln!(
        out,
        "title = {}",
        quoted(&format!("Draft from {}", titles.join(", ")))
    );
    if let Some(d) = as_of {
        let _ = writeln!(out, "as_of = {d}");
    }
    out.push('\n');
    entries(&mut out, &draft.sources, &draft.claims, &draft.reports);
    out
}

/// The ids and texts of an existing ledger's entries, read with toml_edit.
struct Existing {
    sources: Vec<(String, String)>,
    claims: Vec<(String, String)>,
    reports: Vec<String>,
}

fn existing(doc: &toml_edit::DocumentMut) -> Existing {
    let table = |key: &str, text: &str| -> Vec<(String, String)> {
        doc.get(key)
            .and_then(|i| i.as_array_of_tables())
            .map(|a| {
                a.iter()
                    .filter_map(|t| {
                        let id = t.get("id")?.as_str()?.to_string();
                        let x = t
                            .get(text)
                            .and_then(|v| v.as_str())
                            .unwrap_or("")
                            .to_string();
                        Some((id, x))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    Existing {
        sources: table("sources", "name"),
        claims: table("claims", "statement"),
        reports: table("reports", "id")
            .into_iter()
            .map(|(id, _)| id)
            .collect(),
    }
}

/// The existing source a drafted one names, if any: the same id, the same surname, or the same
/// name.
fn same_source(d: &DraftSource, id: &str, name: &str) -> bool {
    if d.id == id {
        return true;
    }
    let (a, b) = (mention(&d.name), mention(name));
    match (&a.surname, &b.surname) {
        (Some(x), Some(y)) => same_surname(x, y),
        (None, None) => {
            super::text::normalise(&super::strip_article(&d.name))
                == super::text::normalise(&super::strip_article(name))
        }
        _ => false,
    }
}

/// The draft added to an existing ledger's text: its sources and claims reused where the ledger
/// already has them (the reports then point at the ledger's ids), everything else appended after
/// the existing text, which is kept as it was. Returns the text and how many entries were reused.
pub fn merge(existing_text: &str, draft: &Draft) -> Result<(String, usize, usize), String> {
    let doc: toml_edit::DocumentMut =
        existing_text.parse().map_err(|e: toml_edit::TomlError| {
            let msg = e.message().to_string();
            match e.span() {
                Some(s) => {
                    let line = existing_text[..s.start.min(existing_text.len())]
                        .matches('\n')
                        .count()
                        + 1;
                    format!("line {line}: {msg}")
                }
                None => msg,
            }
        })?;
    let ex = existing(&doc);
    let mut source_map: HashMap<String, String> = HashMap::new();
    let mut new_sources = Vec::new();
    for s in &draft.sources {
        match ex
            .sources
            .iter()
            .find(|(id, name)| same_source(s, id, name))
        {
            Some((id, _)) => {
                source_map.insert(s.id.clone(), id.clone());
            }
            None => {
                // A new source whose id the ledger already uses for someone else.
                let mut id = s.id.clone();
                let mut n = 1;
                while ex.sources.iter().any(|(e, _)| *e == id) {
                    n += 1;
                    id = format!("{}-{n}", s.id);
                }
                source_map.insert(s.id.clone(), id.clone());
                let mut s = s.clone();
                s.id = id;
                new_sources.push(s);
            }
        }
    }
    let mut claim_map: HashMap<String, String> = HashMap::new();
    let mut new_claims = Vec::new();
    for c in &draft.claims {
        match ex
            .claims
            .iter()
            .find(|(_, st)| same_claim(st, &c.statement))
        {
            Some((id, _)) => {
                claim_map.insert(c.id.clone(), id.clone());
            }
            None => {
                let mut id = c.id.clone();
                let mut n = 1;
                while ex.claims.iter().any(|(e, _)| *e == id) {
                    n += 1;
                    id = format!("{}-{n}", c.id);
                }
                claim_map.insert(c.id.clone(), id.clone());
                let mut c = c.clone();
                c.id = id;
                new_claims.push(c);
            }
        }
    }
    let reused = (
        draft.sources.len() - new_sources.len(),
        draft.claims.len() - new_claims.len(),
    );
    let mut reports = Vec::new();
    for r in &draft.reports {
        let mut r = r.clone();
        let map = |m: &HashMap<String, String>, x: &str| {
            m.get(x).cloned().unwrap_or_else(|| x.to_string())
        };
        if let Some(c) = claim_map.get(&r.claim)
            && ex.claims.iter().any(|(id, _)| id == c)
        {
            r.review.push(format!("claim `{c}` of the existing ledger"));
        }
        if let Some(s) = source_map.get(&r.source)
            && ex.sources.iter().any(|(id, _)| id == s)
        {
            r.review
                .push(format!("source `{s}` of the existing ledger"));
        }
        r.claim = map(&claim_map, &r.claim);
        r.source = map(&source_map, &r.source);
        r.via = r.via.iter().map(|v| map(&source_map, v)).collect();
        let mut id = r.id.clone();
        let mut n = 1;
        while ex.reports.contains(&id) {
            n += 1;
            id = format!("{}-{n}", r.id);
        }
        r.id = id;
        reports.push(r);
    }
    let mut out = existing_text.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    header(&mut out, draft);
    let _ = writeln!(
        out,
        "# Merged: {} source(s) and {} claim(s) of this ledger reused; the entries below are new.",
        reused.0, reused.1
    );
    out.push('\n');
    entries(&mut out, &new_sources, &new_claims, &reports);
    Ok((out, reused.0, reused.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(
            quoted("a \"b\" \\ c\n\u{1}"),
            "\"a \\\"b\\\" \\\\ c\\n\\u0001\""
        );
        assert_eq!(comment("a\nb"), "a b");
    }
}
