//! Load → validate → resolve: turns ledger files into a [`Ledger`], collecting every problem found.
//!
//! Over 600 lines: every validation rule of the ledger, each with its exact message, in one pass
//! over the files; about 170 of its lines are tests.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::checks::{Subject, answer_problems, chain_problem};
use super::format::{DateValue, LedgerFile, OutcomeValue};
use super::resolve::{cites_problem, cycle_message, resolve_chains};
use super::{Claim, Ledger, Moment, Outcome, Question, Report, Resolution, Source};
use crate::error::{Diagnostic, Error, Result, SourceText};

pub use crate::read::MAX_TOML_BYTES;

/// Reads a TOML ledger (a file, or standard input for `-`) as UTF-8 text, at most
/// [`MAX_TOML_BYTES`] of it, with a message naming the file for every way that can fail.
pub fn read_text(path: &Path) -> std::result::Result<SourceText, Diagnostic> {
    crate::read::read_text(path, MAX_TOML_BYTES, "a TOML file")
}

/// Reads and validates ledger files together (ids must be unique across them).
pub fn load_ledgers(paths: &[impl AsRef<Path>]) -> Result<Ledger> {
    let mut texts = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        match read_text(p.as_ref()) {
            Ok(t) => texts.push(t),
            Err(d) => diags.push(d),
        }
    }
    match parse_ledgers(&texts) {
        Ok(l) if diags.is_empty() => Ok(l),
        Ok(_) => Err(Error::Input(diags)),
        Err(Error::Input(more)) => {
            diags.extend(more);
            Err(Error::Input(diags))
        }
        Err(e) => Err(e),
    }
}

/// The shared checks of the ledger's meaning ([`super::checks`]), located at the question's or the
/// claim's id.
fn meaning_checks(
    ck: &mut Checker,
    files: &[(usize, LedgerFile)],
    questions: &[Question],
    claims: &[Claim],
) {
    let problems = answer_problems(questions, claims);
    if problems.is_empty() {
        return;
    }
    // Where each id is first defined (one pass, so many problems cost no more than one).
    let mut q_at: HashMap<&str, At> = HashMap::new();
    let mut c_at: HashMap<&str, At> = HashMap::new();
    for (fi, f) in files {
        for q in &f.questions {
            q_at.entry(q.id.get_ref().as_str())
                .or_insert_with(|| Checker::at(*fi, &q.id));
        }
        for c in &f.claims {
            c_at.entry(c.id.get_ref().as_str())
                .or_insert_with(|| Checker::at(*fi, &c.id));
        }
    }
    for p in problems {
        let at = match p.subject {
            Subject::Question(q) => q_at.get(questions[q].id.as_str()),
            Subject::Claim(c) => c_at.get(claims[c].id.as_str()),
        };
        match at {
            Some(at) => ck.err(at, p.message),
            None => ck
                .diags
                .push(Diagnostic::file(&ck.texts[0].name, p.message)),
        }
    }
}

/// Turns a TOML deserialisation error into a diagnostic pointing at its span, in words a user
/// of the file (not of serde) understands, naming the key where the parser did not.
pub(crate) fn toml_diag(src: &SourceText, e: &toml::de::Error) -> Diagnostic {
    let raw = e.message().trim_end();
    let msg = raw
        .replace("wanted string or table", "invalid type, expected a string")
        .replace("expected i64", "expected a whole number")
        .replace("expected f64", "expected a number");
    let Some(span) = e.span() else {
        return src.diag_file(msg);
    };
    // The key on the line of the error, if the line is `key = value`.
    let line_start = src.text[..span.start.min(src.text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let key = src.text[line_start..]
        .split('\n')
        .next()
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim().trim_matches('"'))
        .filter(|k| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
        });
    let msg = match key {
        Some(k) if msg == "duplicate key" => {
            format!("duplicate key `{k}`: expected each key at most once in a table")
        }
        Some(k) if !msg.contains(&format!("`{k}`")) => format!("{msg} (key `{k}`)"),
        _ => msg,
    };
    src.diag(span, msg)
}

/// Parses a date or date-time written as a TOML value: a local date (`2024-11-04`), an offset
/// date-time (`2024-11-04T14:30:00Z`), or either as a string.
pub(crate) fn parse_date(
    src: &SourceText,
    value: &DateValue,
    key: &str,
) -> std::result::Result<Moment, Diagnostic> {
    let span = value.span();
    let bad = |shown: String, why: &str| {
        src.diag(
            span.clone(),
            format!(
                "invalid date {shown} for `{key}`{why}: expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)"
            ),
        )
    };
    match value.get_ref() {
        toml::Value::String(s) => {
            Moment::parse(s).ok_or_else(|| bad(format!("`{}`", crate::text::bounded(s)), ""))
        }
        toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(_), None, None) | (Some(_), Some(_), Some(_)) => {
                Moment::parse(&dt.to_string()).ok_or_else(|| bad(format!("`{dt}`"), ""))
            }
            (Some(_), Some(_), None) => Err(bad(
                format!("`{dt}`"),
                " (a time needs an offset: Z for UTC, or +hh:mm)",
            )),
            _ => Err(bad(format!("`{dt}`"), " (a time without a date)")),
        },
        other => Err(bad(format!("of type {}", other.type_str()), "")),
    }
}

/// Parses a resolution's outcome: `true`, `false` or `"unresolvable"`.
pub(crate) fn parse_outcome(
    src: &SourceText,
    value: &OutcomeValue,
) -> std::result::Result<Outcome, Diagnostic> {
    match value.get_ref() {
        toml::Value::Boolean(true) => Ok(Outcome::True),
        toml::Value::Boolean(false) => Ok(Outcome::False),
        toml::Value::String(s) if s == "unresolvable" => Ok(Outcome::Unresolvable),
        toml::Value::String(s) if s == "true" => Ok(Outcome::True),
        toml::Value::String(s) if s == "false" => Ok(Outcome::False),
        other => {
            let shown = match other {
                toml::Value::String(s) => format!("`{}`", crate::text::bounded(s)),
                v => format!("of type {}", v.type_str()),
            };
            Err(src.diag(
                value.span(),
                format!("invalid outcome {shown}: expected true, false or \"unresolvable\""),
            ))
        }
    }
}

pub(crate) fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Where an entry was defined: file index and the span of its id.
#[derive(Clone)]
struct At {
    file: usize,
    span: Range<usize>,
}

struct Checker<'a> {
    texts: &'a [SourceText],
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn err(&mut self, at: &At, msg: String) {
        let d = self.texts[at.file].diag(at.span.clone(), msg);
        self.diags.push(d);
    }
    fn at<T>(file: usize, s: &Spanned<T>) -> At {
        At {
            file,
            span: s.span(),
        }
    }
    fn date(&mut self, file: usize, v: &DateValue, key: &str) -> Option<Moment> {
        parse_date(&self.texts[file], v, key)
            .map_err(|d| self.diags.push(d))
            .ok()
    }
    fn nonempty(&mut self, file: usize, v: &Spanned<String>, key: &str) {
        if v.get_ref().trim().is_empty() {
            self.err(
                &Self::at(file, v),
                format!("`{key}` is empty; expected some text"),
            );
        }
    }

    /// Registers the ids of one kind of entry, reporting bad and duplicate ids. Returns the map
    /// from id to index in the id-sorted list, and the sorted order of the entries.
    fn ids(&mut self, what: &str, entries: &[(usize, &Spanned<String>)]) -> HashMap<String, usize> {
        let mut seen: HashMap<&str, At> = HashMap::new();
        for (file, id) in entries {
            let at = Self::at(*file, id);
            let s = id.get_ref().as_str();
            if !valid_id(s) {
                self.err(
                    &at,
                    format!(
                        "invalid {what} id `{s}`: expected 1 to 200 characters from A-Z a-z 0-9 . _ -"
                    ),
                );
            }
            if let Some(first) = seen.get(s) {
                let first_loc = self.texts[first.file]
                    .diag(first.span.clone(), "")
                    .location();
                self.err(
                    &at,
                    format!("duplicate {what} id `{s}`: already defined at {first_loc}"),
                );
            } else {
                seen.insert(s, at);
            }
        }
        let mut sorted: Vec<&str> = seen.keys().copied().collect();
        sorted.sort_unstable();
        sorted
            .into_iter()
            .enumerate()
            .map(|(i, s)| (s.to_string(), i))
            .collect()
    }

    fn lookup(
        &mut self,
        map: &HashMap<String, usize>,
        file: usize,
        r: &Spanned<String>,
        what: &str,
        owner: &str,
    ) -> Option<usize> {
        let found = map.get(r.get_ref()).copied();
        if found.is_none() {
            self.err(
                &Self::at(file, r),
                format!(
                    "unknown {what} `{}` in {owner}: expected the id of a {what} defined in the ledger",
                    r.get_ref()
                ),
            );
        }
        found
    }
}

/// Keeps the first entry of each id (duplicates were already reported), sorted by id.
fn dedup_sorted<T>(mut v: Vec<(String, T)>) -> Vec<T> {
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.dedup_by(|b, a| a.0 == b.0);
    v.into_iter().map(|(_, t)| t).collect()
}

/// Validates and cross-references parsed ledger texts.
pub fn parse_ledgers(texts: &[SourceText]) -> Result<Ledger> {
    let mut ck = Checker {
        texts,
        diags: Vec::new(),
    };
    let mut files: Vec<(usize, LedgerFile)> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        match super::split::parse_file(&t.text) {
            Ok(f)
                if f.case.is_none()
                    && f.sources.is_empty()
                    && f.questions.is_empty()
                    && f.claims.is_empty()
                    && f.reports.is_empty() =>
            {
                ck.diags.push(t.diag_file(
                    "holds no ledger entries; expected [case], [[sources]], [[questions]], [[claims]] or [[reports]]",
                ));
            }
            Ok(f) => files.push((i, f)),
            Err(e) => ck.diags.push(toml_diag(t, &e)),
        }
    }

    let mut title = None;
    let mut as_of: Option<Moment> = None;
    for (fi, f) in &files {
        if let Some(case) = &f.case {
            if title.is_none() {
                title.clone_from(&case.title);
            }
            if let Some(v) = &case.as_of
                && let Some(d) = ck.date(*fi, v, "as_of")
            {
                as_of = Some(as_of.map_or(d, |a| a.max(d)));
            }
        }
    }

    let all = |sel: fn(&LedgerFile) -> Vec<&Spanned<String>>| -> Vec<(usize, &Spanned<String>)> {
        files
            .iter()
            .flat_map(|(fi, f)| sel(f).into_iter().map(move |id| (*fi, id)))
            .collect()
    };
    let source_ids = ck.ids(
        "source",
        &all(|f| f.sources.iter().map(|s| &s.id).collect()),
    );
    let question_ids = ck.ids(
        "question",
        &all(|f| f.questions.iter().map(|q| &q.id).collect()),
    );
    let claim_ids = ck.ids("claim", &all(|f| f.claims.iter().map(|c| &c.id).collect()));
    let report_ids = ck.ids(
        "report",
        &all(|f| f.reports.iter().map(|r| &r.id).collect()),
    );

    let mut sources = Vec::new();
    let mut questions = Vec::new();
    let mut claims = Vec::new();
    for (fi, f) in &files {
        let fi = *fi;
        for s in &f.sources {
            ck.nonempty(fi, &s.name, "name");
            sources.push((
                s.id.get_ref().clone(),
                Source {
                    id: s.id.get_ref().clone(),
                    name: s.name.get_ref().trim().to_string(),
                    kind: s.kind,
                    official: s.official.unwrap_or(s.kind.official_by_default()),
                    organisation: s.organisation.clone(),
                    government: s.government.clone(),
                    interested: s.interested.unwrap_or(false),
                    side: s.side.clone(),
                    grade: s.grade,
                    note: s.note.clone(),
                },
            ));
        }
        for q in &f.questions {
            ck.nonempty(fi, &q.text, "text");
            questions.push((
                q.id.get_ref().clone(),
                Question {
                    id: q.id.get_ref().clone(),
                    text: q.text.get_ref().trim().to_string(),
                    exhaustive: q.exhaustive,
                },
            ));
        }
        for c in &f.claims {
            let owner = format!("claim `{}`", c.id.get_ref());
            ck.nonempty(fi, &c.statement, "statement");
            let question = c
                .question
                .as_ref()
                .and_then(|q| ck.lookup(&question_ids, fi, q, "question", &owner));
            let resolution = c.resolution.as_ref().and_then(|r| {
                let outcome = parse_outcome(&ck.texts[fi], &r.outcome)
                    .map_err(|d| ck.diags.push(d))
                    .ok();
                let date = match &r.date {
                    Some(d) => Some(ck.date(fi, d, "resolution.date")?),
                    None => None,
                };
                Some(Resolution {
                    outcome: outcome?,
                    date,
                    note: r.note.clone(),
                    citation: r.citation.clone(),
                })
            });
            let sides = |v: &[Spanned<String>], ck: &mut Checker<'_>, key: &str| {
                let mut out: Vec<String> = Vec::new();
                for s in v {
                    if !valid_id(s.get_ref()) {
                        ck.err(
                            &Checker::at(fi, s),
                            format!(
                                "invalid side `{}` in `{key}` of {owner}: expected 1 to 200 characters from A-Z a-z 0-9 . _ -",
                                crate::text::bounded(s.get_ref())
                            ),
                        );
                    } else if !out.contains(s.get_ref()) {
                        out.push(s.get_ref().clone());
                    }
                }
                out.sort();
                out
            };
            let favours = sides(&c.favours, &mut ck, "favours");
            let disfavours = sides(&c.disfavours, &mut ck, "disfavours");
            if let Some(both) = favours.iter().find(|f| disfavours.contains(f)) {
                let at = c
                    .favours
                    .iter()
                    .find(|s| s.get_ref() == both)
                    .map(|s| Checker::at(fi, s))
                    .unwrap_or_else(|| Checker::at(fi, &c.id));
                ck.err(
                    &at,
                    format!(
                        "side `{both}` is both in `favours` and in `disfavours` of {owner}: expected each side in at most one of them"
                    ),
                );
            }
            let url = c.url.as_ref().and_then(|u| {
                let v = u.get_ref().trim();
                if crate::export::is_web_url(v) {
                    Some(v.to_string())
                } else {
                    ck.err(
                        &Checker::at(fi, u),
                        format!(
                            "invalid url `{}` of claim `{}`: expected an absolute http:// or https:// URL",
                            crate::text::bounded(v),
                            crate::text::bounded(c.id.get_ref())
                        ),
                    );
                    None
                }
            });
            claims.push((
                c.id.get_ref().clone(),
                Claim {
                    id: c.id.get_ref().clone(),
                    statement: c.statement.get_ref().trim().to_string(),
                    tags: c.tags.clone(),
                    question,
                    resolution,
                    kind: c.kind,
                    favours,
                    disfavours,
                    url,
                },
            ));
        }
    }

    // Reports, with the spans needed for the checks that follow.
    struct Pending {
        report: Report,
        file: usize,
        id_span: Range<usize>,
        cites: Option<(String, Range<usize>)>,
    }
    let mut pending: Vec<(String, Pending)> = Vec::new();
    for (fi, f) in &files {
        let fi = *fi;
        for r in &f.reports {
            let rid = r.id.get_ref().clone();
            let owner = format!("report `{rid}`");
            let claim = ck.lookup(&claim_ids, fi, &r.claim, "claim", &owner);
            let source = ck.lookup(&source_ids, fi, &r.source, "source", &owner);
            let stated = ck.date(fi, &r.stated, "stated");
            let published = match &r.published {
                Some(p) => ck.date(fi, p, "published"),
                None => stated,
            };
            if let (Some(s), Some(p), Some(pv)) = (stated, published, &r.published)
                && s > p
            {
                ck.err(
                    &Checker::at(fi, pv),
                    format!(
                        "report `{rid}` is published on {p}, before its statement date {s}: expected `published` on or after `stated`"
                    ),
                );
            }
            let mut via = Vec::new();
            let mut in_chain: HashSet<usize> = HashSet::new();
            for v in &r.via {
                if let Some(i) =
                    ck.lookup(&source_ids, fi, v, "source", &format!("`via` of {owner}"))
                {
                    if Some(i) == source || !in_chain.insert(i) {
                        ck.err(
                            &Checker::at(fi, v),
                            format!(
                                "relay cycle in report `{rid}`: `{}` appears twice in the chain from the speaker to the outlet; expected each source at most once",
                                v.get_ref()
                            ),
                        );
                    }
                    via.push(i);
                }
            }
            let cites = r.cites.as_ref().map(|c| (c.get_ref().clone(), c.span()));
            if let Some((cid, span)) = &cites
                && !report_ids.contains_key(cid)
            {
                ck.err(
                    &At {
                        file: fi,
                        span: span.clone(),
                    },
                    format!(
                        "unknown report `{cid}` in `cites` of {owner}: expected the id of a report defined in the ledger"
                    ),
                );
            }
            let (Some(claim), Some(source), Some(stated), Some(published)) =
                (claim, source, stated, published)
            else {
                continue;
            };
            pending.push((
                rid.clone(),
                Pending {
                    report: Report {
                        id: rid.into(),
                        claim: super::Ix::new(claim),
                        source: super::Ix::new(source),
                        stance: r.stance,
                        stated,
                        published: published.max(stated),
                        dates: r.dates,
                        cites: None,
                        verification: r.verification,
                        hedging: r.hedging,
                        text: super::ReportText::boxed(
                            via,
                            r.document.clone(),
                            r.quote.clone(),
                            r.note.clone(),
                        ),
                        origin: super::Ix::new(source),
                        hops: 0,
                    },
                    file: fi,
                    id_span: r.id.span(),
                    cites,
                },
            ));
        }
    }

    let sources = dedup_sorted(sources);
    let questions = dedup_sorted(questions);
    let claims = dedup_sorted(claims);
    let pending = dedup_sorted(pending);
    if !ck.diags.is_empty() {
        return Err(Error::Input(ck.diags));
    }

    // `cites` links, now that every report has an index.
    let index: HashMap<&str, usize> = pending
        .iter()
        .enumerate()
        .map(|(i, p)| (&*p.report.id, i))
        .collect();
    let links: Vec<Option<usize>> = pending
        .iter()
        .map(|p| {
            p.cites
                .as_ref()
                .and_then(|(c, _)| index.get(c.as_str()).copied())
        })
        .collect();
    for (i, p) in pending.iter().enumerate() {
        let Some(j) = links[i] else { continue };
        let cited = &pending[j].report;
        let span = p.cites.as_ref().map_or(p.id_span.clone(), |c| c.1.clone());
        if let Some(msg) = cites_problem(&p.report, cited, &claims) {
            ck.err(&At { file: p.file, span }, msg);
        }
    }

    // Resolve `cites` chains to their original reports (iteratively; see `resolve`).
    let via_len: Vec<u32> = pending
        .iter()
        .map(|p| u32::try_from(p.report.via().len()).unwrap_or(u32::MAX))
        .collect();
    let chains = match resolve_chains(&links, &via_len) {
        Ok(c) => c,
        Err(cycles) => {
            for cycle in cycles {
                let p = &pending[cycle[0]];
                let ids = cycle.iter().map(|&i| &*pending[i].report.id).collect();
                ck.err(
                    &At {
                        file: p.file,
                        span: p.cites.as_ref().map_or(p.id_span.clone(), |c| c.1.clone()),
                    },
                    cycle_message(ids),
                );
            }
            return Err(Error::Input(ck.diags));
        }
    };
    if !ck.diags.is_empty() {
        return Err(Error::Input(ck.diags));
    }
    let origin: Vec<super::Ix> = chains
        .root
        .iter()
        .map(|&r| pending[r].report.source)
        .collect();
    let hops = chains.hops;
    meaning_checks(&mut ck, &files, &questions, &claims);
    for (i, p) in pending.iter().enumerate() {
        let Some(j) = links[i] else { continue };
        if let Some(msg) = chain_problem(
            &p.report,
            origin[i].get(),
            pending[j].report.source.get(),
            &sources,
        ) {
            let span = p.cites.as_ref().map_or(p.id_span.clone(), |c| c.1.clone());
            ck.err(&At { file: p.file, span }, msg);
        }
    }
    if !ck.diags.is_empty() {
        return Err(Error::Input(ck.diags));
    }

    let reports = pending
        .into_iter()
        .enumerate()
        .map(|(i, p)| Report {
            cites: links[i].map(super::Ix::new),
            origin: origin[i],
            hops: hops[i],
            ..p.report
        })
        .collect();

    Ok(Ledger {
        title,
        as_of,
        sources,
        questions,
        claims,
        reports,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Ledger> {
        parse_ledgers(&[SourceText::new("t.toml", text)])
    }

    fn messages(text: &str) -> Vec<String> {
        match parse(text) {
            Err(Error::Input(d)) => d
                .iter()
                .map(|d| format!("{}: {}", d.location(), d.message))
                .collect(),
            other => panic!("expected input errors, got {other:?}"),
        }
    }

    const BASE: &str = r#"
[[sources]]
id = "a"
name = "A"
kind = "newspaper"
[[sources]]
id = "b"
name = "B"
kind = "wire-agency"
[[claims]]
id = "c"
statement = "S"
"#;

    #[test]
    fn follows_cites_to_the_origin_and_counts_hops() {
        let l = parse(&format!(
            "{BASE}
[[reports]]
id = \"r1\"
claim = \"c\"
source = \"a\"
stance = \"supports\"
stated = 2024-11-04
[[reports]]
id = \"r2\"
claim = \"c\"
source = \"b\"
stance = \"supports\"
stated = \"2024-11-05\"
via = [\"w\"]
cites = \"r1\"
[[sources]]
id = \"w\"
name = \"W\"
kind = \"wire-agency\"
"
        ))
        .unwrap();
        let r2 = &l.reports[1];
        assert_eq!(l.sources[r2.origin].id, "a");
        assert_eq!(r2.hops, 2);
        assert_eq!(r2.cites, Some(crate::ledger::Ix::new(0)));
    }

    #[test]
    fn reports_a_cites_cycle_without_recursing() {
        let m = messages(&format!(
            "{BASE}
[[reports]]
id = \"r1\"
claim = \"c\"
source = \"a\"
stance = \"supports\"
stated = 2024-11-04
cites = \"r2\"
[[reports]]
id = \"r2\"
claim = \"c\"
source = \"b\"
stance = \"supports\"
stated = 2024-11-04
cites = \"r1\"
"
        ));
        assert_eq!(
            m,
            vec![
                "t.toml:20:9: relay cycle: r1 cites r2 cites r1; expected `cites` chains to end at an original report"
            ]
        );
    }

    #[test]
    fn collects_every_problem() {
        let m = messages(&format!(
            "{BASE}
[[reports]]
id = \"r1\"
claim = \"nope\"
source = \"zz\"
stance = \"supports\"
stated = \"2024-02-30\"
"
        ));
        assert_eq!(m.len(), 3, "{m:?}");
    }

    #[test]
    fn reads_the_new_vocabulary() {
        let base = BASE.replace("\"wire-agency\"", "\"wire-agency\"\nside = \"ua\"");
        let l = parse(&format!(
            "{base}
[[claims]]
id = \"d\"
statement = \"T\"
kind = \"forecast\"
favours = [\"ua\", \"ua\"]
disfavours = [\"ru\"]
resolution = {{ outcome = \"unresolvable\" }}
[[reports]]
id = \"r1\"
claim = \"c\"
source = \"a\"
stance = \"cannot-confirm\"
stated = 2024-11-04T16:30:00+02:00
published = \"2024-11-04T15:00:00Z\"
hedging = \"estimate\"
[[reports]]
id = \"r2\"
claim = \"d\"
source = \"b\"
stance = \"repeats\"
stated = 2024-11-05
"
        ))
        .unwrap();
        assert_eq!(l.sources[1].side.as_deref(), Some("ua"));
        let d = &l.claims[1];
        assert_eq!(d.kind, super::super::ClaimKind::Forecast);
        assert_eq!(d.favours, vec!["ua".to_string()]);
        assert_eq!(d.disfavours, vec!["ru".to_string()]);
        let res = d.resolution.as_ref().unwrap();
        assert_eq!((res.outcome, res.date), (Outcome::Unresolvable, None));
        let r1 = &l.reports[0];
        assert_eq!(r1.stance, super::super::Stance::CannotConfirm);
        assert_eq!(r1.stated.to_string(), "2024-11-04T14:30:00Z");
        assert_eq!(r1.published.to_string(), "2024-11-04T15:00:00Z");
        assert_eq!(l.reports[1].stated.to_string(), "2024-11-05");
    }

    #[test]
    fn a_time_needs_an_offset_and_a_side_cannot_be_both() {
        let m = messages(&format!(
            "{BASE}favours = [\"ua\"]
disfavours = [\"ua\"]
resolution = {{ outcome = \"maybe\" }}
[[reports]]
id = \"r1\"
claim = \"c\"
source = \"a\"
stance = \"supports\"
stated = 2024-11-04T16:30:00
"
        ));
        assert_eq!(
            m,
            vec![
                "t.toml:15:26: invalid outcome `maybe`: expected true, false or \"unresolvable\"",
                "t.toml:13:12: side `ua` is both in `favours` and in `disfavours` of claim `c`: expected each side in at most one of them",
                "t.toml:21:10: invalid date `2024-11-04T16:30:00` for `stated` (a time needs an offset: Z for UTC, or +hh:mm): expected a date as YYYY-MM-DD or a date and time as RFC 3339 (2024-11-04T14:30:00Z)",
            ]
        );
    }
}
