//! The ledger's own entries as JSON objects with the keys of the TOML ledger format (ids in place
//! of indices, defaults left out): exports carry them (in the STIX extension, in MISP `annotation`
//! objects) so that `import` can rebuild the ledger exactly — every source, question, claim and
//! report, with every field.

use serde_json::{Map, Value, json};

use crate::ledger::{ClaimKind, DateBasis, Hedging, Ledger, Report, Source, Verification};

fn put(m: &mut Map<String, Value>, key: &str, v: Option<impl Into<Value>>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v.into());
    }
}

pub fn source(s: &Source) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(s.id));
    m.insert("name".into(), json!(s.name));
    m.insert("kind".into(), json!(s.kind.as_str()));
    // Written always: the default depends on the kind, and the reader need not know the rule.
    m.insert("official".into(), json!(s.official));
    put(&mut m, "organisation", s.organisation.clone());
    put(&mut m, "government", s.government.clone());
    if s.interested {
        m.insert("interested".into(), json!(true));
    }
    put(&mut m, "side", s.side.clone());
    put(&mut m, "grade", s.grade.map(|g| g.as_char().to_string()));
    put(&mut m, "note", s.note.clone());
    Value::Object(m)
}

/// A claim, with its question (`question` the id; `question_text`, `question_exhaustive` beside
/// it, so that one record rebuilds the question too).
pub fn claim(l: &Ledger, i: usize) -> Value {
    let c = &l.claims[i];
    let mut m = Map::new();
    m.insert("id".into(), json!(c.id));
    m.insert("statement".into(), json!(c.statement));
    if c.kind != ClaimKind::default() {
        m.insert("kind".into(), json!(c.kind.as_str()));
    }
    if !c.tags.is_empty() {
        m.insert("tags".into(), json!(c.tags));
    }
    if !c.favours.is_empty() {
        m.insert("favours".into(), json!(c.favours));
    }
    if !c.disfavours.is_empty() {
        m.insert("disfavours".into(), json!(c.disfavours));
    }
    put(&mut m, "url", c.url.clone());
    if let Some(q) = c.question.map(|q| &l.questions[q]) {
        m.insert("question".into(), json!(q.id));
        m.insert("question_text".into(), json!(q.text));
        m.insert("question_exhaustive".into(), json!(q.exhaustive));
    }
    if let Some(r) = &c.resolution {
        let mut res = Map::new();
        res.insert(
            "outcome".into(),
            serde_json::to_value(r.outcome).unwrap_or(Value::Null),
        );
        put(&mut res, "date", r.date.map(|d| d.to_string()));
        put(&mut res, "note", r.note.clone());
        put(&mut res, "citation", r.citation.clone());
        m.insert("resolution".into(), Value::Object(res));
    }
    Value::Object(m)
}

pub fn report(l: &Ledger, r: &Report) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(r.id));
    m.insert("claim".into(), json!(l.claims[r.claim].id));
    m.insert("source".into(), json!(l.sources[r.source].id));
    m.insert("stance".into(), json!(r.stance.as_str()));
    m.insert("stated".into(), json!(r.stated.to_string()));
    if r.published != r.stated {
        m.insert("published".into(), json!(r.published.to_string()));
    }
    if r.dates != DateBasis::default() {
        m.insert("dates".into(), json!(r.dates.as_str()));
    }
    if !r.via().is_empty() {
        let via: Vec<&str> = r.via().iter().map(|&v| l.sources[v].id.as_str()).collect();
        m.insert("via".into(), json!(via));
    }
    put(
        &mut m,
        "cites",
        r.cites.map(|c| l.reports[c].id.to_string()),
    );
    if r.verification != Verification::default() {
        m.insert("verification".into(), json!(r.verification.as_str()));
    }
    if r.hedging != Hedging::default() {
        m.insert("hedging".into(), json!(r.hedging.as_str()));
    }
    put(&mut m, "document", r.document().map(String::from));
    put(&mut m, "quote", r.quote().map(String::from));
    put(&mut m, "note", r.note().map(String::from));
    Value::Object(m)
}

/// The reports an export carries: those in force on the as-of date (published by then), in the
/// ledger's order (by id).
pub fn reports_in_force(l: &Ledger, as_of: crate::ledger::Moment) -> Vec<&Report> {
    l.reports
        .iter()
        .filter(|r| as_of.covers(r.published))
        .collect()
}
