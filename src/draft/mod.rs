//! Drafting a ledger from article text: sentences → attribution cues → source and content spans →
//! speakers resolved across mentions → claims merged → reports with relays, qualifiers, hedges and
//! dates → a ledger draft. Every stage is a pure function from text to plain structs; the TOML
//! ledger ([`toml_out`]) and the `--format spans` JSON Lines ([`spans`]) are rendered from them.
//!
//! Every guess is kept with the entry it shaped (`review`), so that the rendered draft can say
//! what to check.
//!
//! Over 600 lines: the drafting pipeline and the types its stages share; about 200 of its lines are
//! tests.

pub mod claims;
pub mod cues;
pub mod dates;
pub mod lexicon;
pub mod qualify;
pub mod spans;
pub mod speakers;
pub mod text;
pub mod toml_out;

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use crate::ledger::{DateBasis, Verification};
use cues::{Attr, CueForm};
use qualify::{ClaimKind, Hedging, Stance};
use speakers::Mention;
use text::{Doc, TokenKind};

/// One article to draft from.
#[derive(Debug, Clone)]
pub struct Article {
    /// The name shown in the draft (`document`) and in the spans (`article`): the path as given.
    pub name: String,
    pub text: String,
}

/// What the command line adds to the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The publication date to use where none is printed.
    pub published: Option<NaiveDate>,
    /// The outlet the articles were read in.
    pub outlet: Option<String>,
}

/// A drafted source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftSource {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub official: bool,
    pub organisation: Option<String>,
    pub government: Option<String>,
    pub side: Option<String>,
    pub review: Vec<String>,
}

/// A drafted claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftClaim {
    pub id: String,
    pub statement: String,
    pub kind: ClaimKind,
    pub review: Vec<String>,
}

/// A drafted report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftReport {
    pub id: String,
    pub claim: String,
    pub source: String,
    pub stance: Stance,
    pub stated: Option<NaiveDate>,
    pub published: Option<NaiveDate>,
    pub dates: DateBasis,
    pub via: Vec<String>,
    pub verification: Verification,
    pub hedging: Hedging,
    pub document: String,
    pub quote: String,
    pub note: Option<String>,
    pub review: Vec<String>,
}

/// The spans of one attribution, in Unicode scalar values of the article's text (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpanAttribution {
    pub cue: Vec<[usize; 2]>,
    pub source: Vec<[usize; 2]>,
    pub content: Vec<[usize; 2]>,
    pub speaker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSpans {
    pub article: String,
    pub attributions: Vec<SpanAttribution>,
}

/// What one article's text gave: its publication date and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleInfo {
    pub name: String,
    pub published: Option<NaiveDate>,
    /// "printed (line N)", "--published" or "none".
    pub published_from: String,
    pub outlet: String,
    pub attributions: usize,
}

/// The whole draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    pub articles: Vec<ArticleInfo>,
    pub sources: Vec<DraftSource>,
    pub claims: Vec<DraftClaim>,
    pub reports: Vec<DraftReport>,
    pub spans: Vec<ArticleSpans>,
}

/// A speaker while the draft is built: the mentions that name it.
struct Speaker {
    mentions: Vec<Mention>,
    id: String,
    /// Why mentions were merged into it.
    review: Vec<String>,
}

impl Speaker {
    fn surname(&self) -> Option<&str> {
        self.mentions.iter().find_map(|m| m.surname.as_deref())
    }
    fn body_key(&self) -> Option<(Option<&'static str>, String)> {
        let m = self.mentions.first()?;
        (m.person.is_none()).then(|| (m.country, body_name(m)))
    }
    fn is_person(&self) -> bool {
        self.mentions
            .iter()
            .any(|m| m.person.is_some() || m.role.is_some() && !m.anonymous)
    }
}

/// What a body is called for matching: its institution, else its kind and anonymity.
fn body_name(m: &Mention) -> String {
    if m.outlet {
        return slug(&strip_article(&m.text));
    }
    match (&m.institution, m.anonymous) {
        (Some(i), false) => i.clone(),
        (Some(i), true) => format!("{i}-source"),
        (None, true) if m.kind == "anonymous" => "source".into(),
        (None, _) if m.kind == "government" && m.country.is_some() => "government".into(),
        (None, _) => slug(&strip_article(&m.text)),
    }
}

fn strip_article(s: &str) -> String {
    let t = s.trim();
    for p in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = t.strip_prefix(p) {
            return rest.to_string();
        }
    }
    t.to_string()
}

/// A lower-case id fragment of letters, digits and hyphens.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in text::normalise(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.len() > 40 {
        out[..40].trim_end_matches('-').to_string()
    } else {
        out
    }
}

/// Byte offset → Unicode scalar offset, for the spans.
fn char_offsets(text: &str) -> Vec<usize> {
    let mut map = vec![0; text.len() + 1];
    let mut n = 0;
    for (b, c) in text.char_indices() {
        for slot in map.iter_mut().skip(b).take(c.len_utf8()) {
            *slot = n;
        }
        n += 1;
    }
    map[text.len()] = n;
    map
}

/// Splits a byte range at line breaks (a span never crosses a paragraph), trimming spaces.
fn fragments(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = r.start;
    for (i, c) in text[r.clone()].char_indices() {
        if c == '\n' {
            out.push(start..r.start + i);
            start = r.start + i + 1;
        }
    }
    out.push(start..r.end);
    out.into_iter()
        .filter_map(|f| {
            let s = &text[f.clone()];
            let lead = s.len() - s.trim_start().len();
            let trail = s.len() - s.trim_end().len();
            let g = f.start + lead..f.end - trail;
            (g.start < g.end).then_some(g)
        })
        .collect()
}

/// One article after the text analysis.
struct Analysed<'a> {
    doc: Doc<'a>,
    attrs: Vec<Attr>,
    /// "Source: X, citing Y": (outlet phrase, cited phrase).
    headers: Vec<(String, String)>,
    published: Option<(NaiveDate, String)>,
}

fn analyse<'a>(article: &'a Article, options: &Options) -> Analysed<'a> {
    let doc = Doc::new(&article.text);
    let attrs = cues::attributions(&doc);
    let headers = relay_headers(&doc);
    let printed = dates::publication(&doc);
    let published = match (printed, options.published) {
        (Some((d, line)), _) => Some((d, format!("printed (line {line})"))),
        (None, Some(d)) => Some((d, "--published".to_string())),
        (None, None) => None,
    };
    Analysed {
        doc,
        attrs,
        headers,
        published,
    }
}

/// "Source: Ukrinform, citing Pentagon spokesperson General Pat Ryder during a press briefing".
fn relay_headers(doc: &Doc) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        let r = s.clone();
        if r.len() < 5 || doc.lower(r.start) != "source" || doc.tok(r.start + 1) != ":" {
            continue;
        }
        let Some(c) = (r.start + 2..r.end).find(|&k| doc.lower(k) == "citing") else {
            continue;
        };
        let outlet = doc
            .slice(r.start + 2..c)
            .trim_end_matches(',')
            .trim()
            .to_string();
        let mut e = c + 1;
        while e < r.end
            && !matches!(doc.lower(e), "during" | "in" | "at" | "on")
            && doc.kind(e) != Some(TokenKind::Punct)
        {
            e += 1;
        }
        let cited = doc.slice(c + 1..e).to_string();
        if !outlet.is_empty() && !cited.is_empty() {
            out.push((outlet, cited));
        }
    }
    out
}

/// The speakers of every article, resolved. Returns, per article, the speaker index of each
/// attribution (None when a pronoun has no antecedent) and a review note for guesses.
/// A speaker's index and, when it was a guess, the review note saying how it was found.
type Placed = (usize, Option<String>);

struct Resolved {
    speakers: Vec<Speaker>,
    of: Vec<Vec<Option<Placed>>>,
}

fn role_compatible(a: &Mention, s: &Speaker) -> bool {
    s.mentions.iter().any(|m| {
        m.role.is_some()
            && m.role == a.role
            && (a.country.is_none() || m.country.is_none() || a.country == m.country)
            && (a.institution.is_none()
                || m.institution.is_none()
                || a.institution == m.institution)
    })
}

fn resolve_speakers(analysed: &[Analysed]) -> Resolved {
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut of = Vec::new();
    for a in analysed {
        let mut in_article: Vec<usize> = Vec::new();
        let mut last_person: Option<usize> = None;
        let mut last_body: Option<usize> = None;
        // Speakers named in "Source: X, citing Y" lines come first.
        for (_, cited) in &a.headers {
            let m = speakers::mention(cited);
            let idx = place(&mut speakers, m, &in_article);
            in_article.push(idx);
            last_person = Some(idx);
        }
        // People named anywhere in the article, so that "the Pentagon spokesperson" before
        // "General Ryder" still finds him.
        let mut named_here: Vec<usize> = Vec::new();
        for attr in &a.attrs {
            if let Some(src) = &attr.source {
                let m = speakers::mention(a.doc.slice(src.clone()));
                if m.surname.is_some() && m.role.is_some() {
                    let i = place(&mut speakers, m, &in_article);
                    if !named_here.contains(&i) {
                        named_here.push(i);
                    }
                }
            }
        }
        let mut row = Vec::new();
        for attr in &a.attrs {
            let Some(src) = &attr.source else {
                row.push(None);
                continue;
            };
            let m = speakers::mention(a.doc.slice(src.clone()));
            let found = if let Some(p) = &m.pronoun {
                let target = match p.as_str() {
                    "he" | "she" => last_person,
                    "it" => last_body,
                    _ => last_body.or(last_person),
                };
                target.map(|t| {
                    (
                        t,
                        Some(format!(
                            "speaker \"{p}\" resolved to {} (the last {} named before)",
                            speakers[t].id,
                            if matches!(p.as_str(), "he" | "she") {
                                "person"
                            } else {
                                "speaker"
                            }
                        )),
                    )
                })
            } else if m.definite && m.person.is_none() {
                // "the Pentagon spokesperson": the last person of that role in the article,
                // else one named later in it, else the one person of that role named elsewhere.
                let hit = in_article
                    .iter()
                    .rev()
                    .chain(named_here.iter())
                    .copied()
                    .find(|&i| role_compatible(&m, &speakers[i]))
                    .or_else(|| {
                        // Named in another article: only if exactly one person fits.
                        let fits: Vec<usize> = (0..speakers.len())
                            .filter(|&i| {
                                speakers[i].surname().is_some() && role_compatible(&m, &speakers[i])
                            })
                            .collect();
                        (fits.len() == 1).then(|| fits[0])
                    });
                match hit {
                    Some(i) => Some((
                        i,
                        Some(format!(
                            "speaker \"{}\" resolved to {} (same role, named before)",
                            m.text, speakers[i].id
                        )),
                    )),
                    None => Some((place(&mut speakers, m, &in_article), None)),
                }
            } else {
                let before = speakers.len();
                let i = place(&mut speakers, m.clone(), &in_article);
                let note = (i < before
                    && speakers[i].mentions.len() > 1
                    && speakers[i].mentions[0].text != m.text)
                    .then(|| {
                        format!(
                            "\"{}\" taken as the same speaker as \"{}\"",
                            m.text, speakers[i].mentions[0].text
                        )
                    });
                Some((i, note))
            };
            if let Some((i, _)) = &found {
                if !in_article.contains(i) {
                    in_article.push(*i);
                }
                if speakers[*i].is_person() {
                    last_person = Some(*i);
                } else {
                    last_body = Some(*i);
                }
            }
            row.push(found);
        }
        of.push(row);
    }
    Resolved { speakers, of }
}

/// Adds a mention to the speaker it names, or to a new speaker. Returns the speaker's index.
fn place(speakers: &mut Vec<Speaker>, m: Mention, in_article: &[usize]) -> usize {
    let hit = if let Some(sn) = &m.surname {
        speakers
            .iter()
            .position(|s| s.surname().is_some_and(|t| speakers::same_surname(t, sn)))
    } else if m.role.is_some() && !m.anonymous && m.person.is_none() {
        // An unnamed role: a person of that role named before in this article, else any.
        in_article
            .iter()
            .rev()
            .copied()
            .find(|&i| role_compatible(&m, &speakers[i]))
    } else {
        let key = (m.country, body_name(&m));
        speakers
            .iter()
            .position(|s| s.body_key().is_some_and(|k| k == key))
    };
    match hit {
        Some(i) => {
            speakers[i].mentions.push(m);
            i
        }
        None => {
            speakers.push(Speaker {
                mentions: vec![m],
                id: String::new(),
                review: Vec::new(),
            });
            let i = speakers.len() - 1;
            speakers[i].id = speaker_id(&speakers[i]);
            i
        }
    }
}

fn speaker_id(s: &Speaker) -> String {
    let m = &s.mentions[0];
    let base = if let Some(sn) = s.surname() {
        slug(sn)
    } else {
        body_name(m)
    };
    // A name with no Latin letters or digits ("李") still needs an id.
    let base = if base.is_empty() {
        "speaker".to_string()
    } else {
        base
    };
    match m.country {
        Some(c) if !m.outlet && !base.starts_with(&format!("{c}-")) => format!("{c}-{base}"),
        _ => base,
    }
}

/// The fullest name of a speaker: its longest mention with a personal name, else its longest.
fn speaker_name(s: &Speaker) -> String {
    let best = s
        .mentions
        .iter()
        .filter(|m| m.person.is_some())
        .max_by_key(|m| m.text.len())
        .or_else(|| {
            s.mentions
                .iter()
                .filter(|m| m.pronoun.is_none())
                .max_by_key(|m| m.text.len())
        });
    best.map(|m| strip_article(&m.text))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| s.id.clone())
}

/// The kind of a speaker: the most specific kind among its mentions.
fn speaker_kind(s: &Speaker) -> (&'static str, String) {
    const ORDER: &[&str] = &[
        "spokesperson",
        "head-of-state",
        "intelligence",
        "international-organisation",
        "wire-agency",
        "newspaper",
        "broadcaster",
        "online-outlet",
        "military",
        "government",
        "think-tank",
        "anonymous",
        "other",
    ];
    let mut best: Option<&Mention> = None;
    for m in s.mentions.iter().filter(|m| m.pronoun.is_none()) {
        let rank = ORDER
            .iter()
            .position(|k| *k == m.kind)
            .unwrap_or(ORDER.len());
        let cur = best.map_or(usize::MAX, |b| {
            ORDER
                .iter()
                .position(|k| *k == b.kind)
                .unwrap_or(ORDER.len())
        });
        if rank < cur {
            best = Some(m);
        }
    }
    best.map_or(("other", "no title in the text".into()), |m| {
        (m.kind, format!("{} in \"{}\"", m.kind_from, m.text))
    })
}

fn official_by_default(kind: &str) -> bool {
    matches!(
        kind,
        "government"
            | "military"
            | "intelligence"
            | "head-of-state"
            | "spokesperson"
            | "international-organisation"
    )
}

fn draft_source(s: &Speaker) -> DraftSource {
    let (kind, why) = speaker_kind(s);
    let country = s.mentions.iter().find_map(|m| m.country);
    let institution = s.mentions.iter().find_map(|m| m.institution.clone());
    let official = official_by_default(kind);
    let organisation = institution.as_ref().map(|i| match country {
        Some(c) if i != "nato" && i != "un" && i != "eu" => format!("{c}-{i}"),
        _ => i.clone(),
    });
    let government = country
        .filter(|_| official && kind != "international-organisation")
        .map(str::to_string);
    let mut review = vec![format!(
        "kind \"{kind}\" and official = {official} guessed from {why}"
    )];
    if let Some(o) = &organisation {
        review.push(format!(
            "organisation \"{o}\" guessed from the institution named"
        ));
    }
    let side = government.clone();
    if let Some(g) = &government {
        review.push(format!(
            "government and side \"{g}\" guessed from the country named"
        ));
    }
    review.extend(s.review.iter().cloned());
    let names: Vec<&str> = s
        .mentions
        .iter()
        .filter(|m| m.pronoun.is_none())
        .map(|m| m.text.as_str())
        .collect();
    let mut uniq: Vec<&str> = Vec::new();
    for n in names {
        if !uniq.contains(&n) {
            uniq.push(n);
        }
    }
    if uniq.len() > 1 {
        review.push(format!(
            "one speaker named {}",
            uniq.iter()
                .take(6)
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    DraftSource {
        id: s.id.clone(),
        name: speaker_name(s),
        kind,
        official,
        organisation,
        government,
        side,
        review,
    }
}

/// Drafts a ledger from articles. Pure: the same text and options give the same draft.
pub fn draft(articles: &[Article], options: &Options) -> Draft {
    let analysed: Vec<Analysed> = articles.iter().map(|a| analyse(a, options)).collect();
    let mut resolved = resolve_speakers(&analysed);
    // Unique speaker ids.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for s in &mut resolved.speakers {
        let n = seen.entry(s.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            s.id = format!("{}-{}", s.id, n);
        }
    }
    let mut sources: Vec<DraftSource> = resolved.speakers.iter().map(draft_source).collect();
    let mut used = vec![false; sources.len()];

    // Outlets: the one given, else one per article.
    let mut outlet_ids: Vec<String> = Vec::new();
    let mut infos = Vec::new();
    for (k, (article, an)) in articles.iter().zip(&analysed).enumerate() {
        let id = match &options.outlet {
            Some(name) => {
                let id = match slug(name) {
                    s if s.is_empty() => "outlet".to_string(),
                    s => s,
                };
                if !sources.iter().any(|s| s.id == id) {
                    let kind =
                        lexicon::outlet_kind(&text::normalise(name)).unwrap_or("online-outlet");
                    sources.push(DraftSource {
                        id: id.clone(),
                        name: name.clone(),
                        kind,
                        official: false,
                        organisation: Some(id.clone()),
                        government: None,
                        side: None,
                        review: vec![format!(
                            "kind \"{kind}\" guessed from the name given with --outlet"
                        )],
                    });
                    used.push(true);
                }
                id
            }
            None => {
                let stem = std::path::Path::new(&article.name)
                    .file_stem()
                    .map_or_else(|| format!("{k}"), |s| s.to_string_lossy().into_owned());
                let id = match slug(&stem) {
                    s if s.is_empty() => format!("outlet-{}", k + 1),
                    s => format!("outlet-{s}"),
                };
                sources.push(DraftSource {
                    id: id.clone(),
                    name: format!("The outlet of {}", file_name(&article.name)),
                    kind: "online-outlet",
                    official: false,
                    organisation: None,
                    government: None,
                    side: None,
                    review: vec!["the outlet is not named: give it with --outlet NAME, or edit its name and kind".into()],
                });
                used.push(true);
                id
            }
        };
        outlet_ids.push(id.clone());
        infos.push(ArticleInfo {
            name: article.name.clone(),
            published: an.published.as_ref().map(|p| p.0),
            published_from: an.published.as_ref().map_or("none".into(), |p| p.1.clone()),
            outlet: id,
            attributions: an.attrs.len(),
        });
    }

    let mut claim_set = claims::ClaimSet::default();
    let mut reports: Vec<DraftReport> = Vec::new();
    let mut spans_out = Vec::new();
    for (k, an) in analysed.iter().enumerate() {
        let doc = &an.doc;
        let offsets = char_offsets(doc.text);
        let published = an.published.as_ref().map(|p| p.0);
        let mut last_date: Option<NaiveDate> = None;
        let mut speaker_date: HashMap<usize, (NaiveDate, DateBasis, String)> = HashMap::new();
        let mut interview_outlet: HashMap<usize, String> = HashMap::new();
        let mut article_spans = Vec::new();
        let mut seq = 0;
        // The sentence of a verification qualifier → it applies to the attributions before it.
        let mut not_verified_units: Vec<usize> = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            if qualify::not_independently_verified(doc.slice(s.clone())) {
                not_verified_units.push(si);
            }
        }
        for (ai, attr) in an.attrs.iter().enumerate() {
            let speaker = resolved.of[k][ai].clone();
            let speaker_ref = speaker
                .as_ref()
                .map(|(i, _)| resolved.speakers[*i].id.clone());
            // Spans (not for a passive whose content is an earlier attribution's).
            if !attr.borrowed {
                let to_chars = |r: &Range<usize>| -> Vec<[usize; 2]> {
                    fragments(doc.text, doc.bytes(r.clone()))
                        .into_iter()
                        .map(|f| [offsets[f.start], offsets[f.end]])
                        .collect()
                };
                article_spans.push(SpanAttribution {
                    cue: attr.cue.iter().flat_map(&to_chars).collect(),
                    source: attr.source.iter().flat_map(&to_chars).collect(),
                    content: attr.content.iter().flat_map(&to_chars).collect(),
                    speaker: speaker_ref.clone(),
                });
            }
            let Some((si, speaker_note)) = speaker else {
                continue;
            };
            let sentence_text = doc.slice(doc.sentences[attr.sentence].clone());
            let cue_text: String = attr
                .cue
                .iter()
                .map(|r| doc.slice(r.clone()))
                .collect::<Vec<_>>()
                .join(" ");
            let mention =
                speakers::mention(attr.source.as_ref().map_or("", |s| doc.slice(s.clone())));

            // The statement date: a date phrase outside the content, else the speaker's last date
            // in this article, else the publication date.
            let content_tokens: Vec<Range<usize>> = attr.content.clone();
            let unit = unit_of(doc, attr);
            let outside: Vec<(Range<usize>, dates::DateExpr)> = dates::find(doc, unit.clone())
                .into_iter()
                .filter(|(r, _)| {
                    !content_tokens
                        .iter()
                        .any(|c| c.start <= r.start && r.start < c.end)
                })
                .collect();
            let cue_at = attr.cue[0].start;
            let nearest = outside
                .iter()
                .min_by_key(|(r, _)| r.start.abs_diff(cue_at))
                .cloned();
            let mut review: Vec<String> = speaker_note.into_iter().collect();
            let (stated, basis, date_note) = match (nearest, published) {
                (Some((r, e)), Some(p)) => match dates::resolve(e, p, last_date) {
                    Some((d, b)) => (Some(d), b, Some(format!("\"{}\"", doc.slice(r)))),
                    None => (Some(p), DateBasis::Approximate, None),
                },
                (None, Some(p)) => match speaker_date.get(&si) {
                    Some((d, b, phrase)) => (
                        Some(*d),
                        *b,
                        Some(format!(
                            "the speaker's statement dated {phrase} earlier in the article"
                        )),
                    ),
                    None => (
                        Some(p),
                        DateBasis::Approximate,
                        Some("no date in the text: the publication date".into()),
                    ),
                },
                (_, None) => (None, DateBasis::Approximate, None),
            };
            // A date read from the text after the publication ("a day after" a date the article
            // itself carries, a printed date still to come) cannot be the statement's: a ledger
            // refuses a report stated after it was published. The publication date stands in.
            let (stated, basis) = match (stated, published) {
                (Some(d), Some(p)) if d > p => {
                    review.push(format!(
                        "the date read from the text, {d}, is after the publication date {p}: stated {p} instead"
                    ));
                    (Some(p), DateBasis::Approximate)
                }
                _ => (stated, basis),
            };
            if let (Some(d), Some(note)) = (stated, &date_note) {
                review.push(format!("stated {d} ({}) from {note}", basis.as_str()));
            }
            if let Some(d) = stated
                && date_note.as_deref().is_some_and(|n| n.starts_with('"'))
            {
                last_date = Some(d);
                speaker_date.insert(si, (d, basis, date_note.clone().unwrap_or_default()));
            }

            // Relays: "Source: X, citing Y", "in an interview with X", "told X", "X, citing Y".
            let mut via: Vec<String> = Vec::new();
            let add_relay = |name: &str,
                             sources: &mut Vec<DraftSource>,
                             used: &mut Vec<bool>,
                             via: &mut Vec<String>| {
                let id = slug(&strip_article(name));
                if id.is_empty() {
                    return;
                }
                if let Some(p) = sources.iter().position(|s| s.id == id) {
                    used[p] = true;
                } else {
                    let kind =
                        lexicon::outlet_kind(&text::normalise(name)).unwrap_or("online-outlet");
                    sources.push(DraftSource {
                        id: id.clone(),
                        name: strip_article(name),
                        kind,
                        official: false,
                        organisation: Some(id.clone()),
                        government: None,
                        side: None,
                        review: vec![format!("a relay: kind \"{kind}\" guessed from its name")],
                    });
                    used.push(true);
                }
                if !via.contains(&id) {
                    via.push(id);
                }
            };
            for (outlet, cited) in &an.headers {
                let m = speakers::mention(cited);
                let same = resolved.speakers[si]
                    .surname()
                    .zip(m.surname.as_deref())
                    .is_some_and(|(a, b)| speakers::same_surname(a, b));
                if same {
                    add_relay(outlet, &mut sources, &mut used, &mut via);
                    review.push(format!(
                        "relayed by {outlet} (\"Source: {outlet}, citing …\")"
                    ));
                }
            }
            let unit_lower: Vec<&str> = (unit.start..unit.end).map(|i| doc.lower(i)).collect();
            if let Some(p) = unit_lower
                .windows(2)
                .position(|w| w[0] == "interview" && w[1] == "with")
            {
                let start = unit.start + p + 2;
                let mut e = start;
                while e < unit.end
                    && doc.kind(e) == Some(TokenKind::Word)
                    && !matches!(doc.lower(e), "on" | "in" | "that" | "last" | "during")
                {
                    e += 1;
                }
                // "Japan’s Kyodo News agency": the outlet is after the possessive.
                let whole = doc.slice(start..e);
                let name = whole
                    .rsplit_once("’s ")
                    .or_else(|| whole.rsplit_once("'s "))
                    .map_or(whole, |(_, b)| b)
                    .trim()
                    .to_string();
                if lexicon::outlet_kind(&text::normalise(&name)).is_some() {
                    interview_outlet.insert(si, name.clone());
                    add_relay(&name, &mut sources, &mut used, &mut via);
                    review.push(format!("relayed by {name} (an interview with it)"));
                }
            } else if unit_lower.contains(&"interview")
                && let Some(name) = interview_outlet.get(&si).cloned()
            {
                add_relay(&name, &mut sources, &mut used, &mut via);
                review.push(format!("relayed by {name} (the interview named earlier)"));
            }
            if let Some(r) = &attr.recipient {
                let name = doc.slice(r.clone());
                if lexicon::outlet_kind(&text::normalise(name)).is_some() {
                    add_relay(name, &mut sources, &mut used, &mut via);
                    review.push(format!("relayed by {name} (told to it)"));
                }
            }
            let mut speaker_index = si;
            if let Some(c) = &attr.citing
                && mention.outlet
            {
                // "X reported, citing Y": Y spoke, X relayed.
                let m = speakers::mention(doc.slice(c.clone()));
                let before = resolved.speakers.len();
                let i = place(&mut resolved.speakers, m, &[]);
                if i >= before {
                    resolved.speakers[i].id = speaker_id(&resolved.speakers[i]);
                    sources.push(draft_source(&resolved.speakers[i]));
                    used.push(false);
                }
                add_relay(mention.text.as_str(), &mut sources, &mut used, &mut via);
                speaker_index = i;
            }
            via.push(outlet_ids[k].clone());
            let source_id = resolved.speakers[speaker_index].id.clone();
            if let Some(p) = sources.iter().position(|s| s.id == source_id) {
                used[p] = true;
            }
            via.retain(|v| *v != source_id);

            // Medium: "in a post on Telegram".
            let mut notes: Vec<String> = Vec::new();
            if let Some(pl) = unit_lower.iter().find_map(|w| lexicon::platform(w))
                && unit_lower.iter().any(|w| {
                    matches!(
                        *w,
                        "post" | "posted" | "wrote" | "tweeted" | "channel" | "video" | "message"
                    )
                })
            {
                notes.push(format!("posted on {pl}"));
            }

            // Verification qualifiers: in this sentence, or in the next one when it is only the
            // qualifier ("The claims could not be independently verified.").
            let next_is_qualifier = not_verified_units.iter().any(|&u| {
                u == attr.sentence
                    || (u == attr.sentence + 1 && !an.attrs.iter().any(|b| b.sentence == u))
            });
            let verification = if next_is_qualifier {
                review.push(
                    "verification: the outlet says it could not be independently verified".into(),
                );
                Verification::NotIndependentlyVerified
            } else {
                Verification::Unverified
            };
            if qualify::no_details(sentence_text) {
                notes.push("the speaker gave no further details".into());
            }

            // Content parts → claims.
            let contents: Vec<String> = if attr.borrowed {
                an.attrs[..ai]
                    .iter()
                    .rev()
                    .find(|b| b.sentence == attr.sentence && !b.borrowed)
                    .map(|b| {
                        b.content
                            .iter()
                            .map(|r| doc.slice(r.clone()).to_string())
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                attr.content
                    .iter()
                    .map(|r| doc.slice(r.clone()).to_string())
                    .collect()
            };
            let speakers_here: Vec<usize> = coordinated(
                &mention,
                speaker_index,
                &mut resolved,
                &mut sources,
                &mut used,
            );
            for fragment in &contents {
                for part in claims::parts(fragment) {
                    if claims::anaphoric(&part) {
                        continue;
                    }
                    let (stance, stance_why) = qualify::stance(&cue_text, attr.verb, &part);
                    let anonymous = mention.anonymous && attr.form == CueForm::According
                        || mention.kind == "anonymous";
                    let (hedge, hedge_why) =
                        qualify::hedging(&cue_text, attr.verb, &part, sentence_text, anonymous);
                    let (kind, kind_why) = qualify::claim_kind(&part, attr.verb, hedge);
                    let statement = claims::statement(&part);
                    // Punctuation alone ("“”") states nothing.
                    if !statement.chars().any(char::is_alphanumeric) {
                        continue;
                    }
                    let (claim_id, merged) = claim_set.add(&statement, kind, kind_why);
                    let mut r_review = review.clone();
                    if let Some(m) = merged {
                        r_review.push(m);
                    }
                    if let Some(w) = stance_why {
                        r_review.push(format!("stance \"{}\" from {w}", stance.as_str()));
                    }
                    if let Some(w) = hedge_why {
                        r_review.push(format!("hedging \"{}\" from \"{w}\"", hedge.as_str()));
                    }
                    for &sp in &speakers_here {
                        seq += 1;
                        let sid = resolved.speakers[sp].id.clone();
                        if let Some(p) = sources.iter().position(|s| s.id == sid) {
                            used[p] = true;
                        }
                        let mut review = r_review.clone();
                        if speakers_here.len() > 1 {
                            review.push(format!(
                                "one of {} speakers named together (\"{}\")",
                                speakers_here.len(),
                                mention.text
                            ));
                        }
                        reports.push(DraftReport {
                            id: format!("r{:02}-{}-{}", k + 1, slug(&sid), seq),
                            claim: claim_id.clone(),
                            source: sid.clone(),
                            stance,
                            stated,
                            published,
                            dates: basis,
                            via: via.iter().filter(|v| **v != sid).cloned().collect(),
                            verification,
                            hedging: hedge,
                            document: file_name(&articles[k].name),
                            quote: claims::quote(&part),
                            note: (!notes.is_empty()).then(|| notes.join("; ")),
                            review,
                        });
                    }
                }
            }
        }
        spans_out.push(ArticleSpans {
            article: articles[k].name.clone(),
            attributions: article_spans,
        });
    }
    // Sources that no report uses (a speaker whose only statements were anaphoric) are dropped.
    let used_ids: Vec<String> = reports
        .iter()
        .flat_map(|r| std::iter::once(r.source.clone()).chain(r.via.iter().cloned()))
        .collect();
    let sources = sources
        .into_iter()
        .filter(|s| used_ids.contains(&s.id))
        .collect();
    Draft {
        articles: infos,
        sources,
        claims: claim_set.into_claims(),
        reports,
        spans: spans_out,
    }
}

/// The speakers of "the U.S. and NATO": one per conjunct, each placed like a mention of its own.
fn coordinated(
    m: &Mention,
    speaker: usize,
    resolved: &mut Resolved,
    sources: &mut Vec<DraftSource>,
    used: &mut Vec<bool>,
) -> Vec<usize> {
    let parts: Vec<&str> = m.text.split(" and ").collect();
    if parts.len() != 2 || m.text.contains(',') {
        return vec![speaker];
    }
    let ms: Vec<Mention> = parts.iter().map(|p| speakers::mention(p)).collect();
    // Only short names of whole speakers: "Ukraine and South Korea", "the U.S. and NATO" — not
    // "the National Security and Defense Council".
    let whole = |x: &Mention, p: &str| {
        p.split_whitespace().count() <= 5
            && (x.person.is_some()
                || (x.country.is_some() && p.split_whitespace().count() <= 3)
                || x.institution
                    .as_deref()
                    .is_some_and(|i| i.len() <= 5 && !p.contains("Council")))
    };
    if !ms.iter().zip(&parts).all(|(x, p)| whole(x, p))
        || ms.iter().any(|x| x.kind == "other" && x.person.is_none())
    {
        return vec![speaker];
    }
    let mut out = Vec::new();
    for x in ms {
        let before = resolved.speakers.len();
        let i = place(&mut resolved.speakers, x, &[]);
        if i >= before {
            resolved.speakers[i].id = speaker_id(&resolved.speakers[i]);
            sources.push(draft_source(&resolved.speakers[i]));
            used.push(true);
        }
        out.push(i);
    }
    out
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |f| f.to_string_lossy().into_owned())
}

/// The tokens of the unit (sentences joined by a quotation) an attribution is in.
fn unit_of(doc: &Doc, a: &Attr) -> Range<usize> {
    let first = a.first_token();
    let last = a
        .cue
        .iter()
        .chain(a.source.iter())
        .chain(a.content.iter())
        .map(|r| r.end)
        .max()
        .unwrap_or(first + 1);
    let s0 = doc.sentence_of(first);
    let s1 = doc.sentence_of(last.saturating_sub(1));
    doc.sentences[s0].start..doc.sentences[s1].end
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The draft of one article published on Tuesday 3 December 2024.
    fn one(text: &str) -> Draft {
        draft(
            &[Article {
                name: "a.txt".into(),
                text: text.into(),
            }],
            &Options {
                published: Some(d("2024-12-03")),
                outlet: Some("The Daily Wire Service".into()),
            },
        )
    }

    fn report<'a>(d: &'a Draft, quote_start: &str) -> &'a DraftReport {
        d.reports
            .iter()
            .find(|r| r.quote.starts_with(quote_start))
            .unwrap_or_else(|| panic!("no report quoting {quote_start:?}: {:#?}", d.reports))
    }

    #[test]
    fn relay_source_citing_header() {
        let x = one(
            "Source: Harbour Wire, citing port spokesperson Lea Marr during a briefing\n\nQuote from Marr: \"The port is closed.\"",
        );
        let r = report(&x, "The port is closed");
        assert_eq!(r.source, "marr");
        assert_eq!(r.via, vec!["harbour-wire", "the-daily-wire-service"]);
    }

    #[test]
    fn relay_interview_with_an_outlet_and_the_interview_named_again() {
        let x = one(
            "Mayor Tomas Berg said in an interview with Japan’s Kyodo News agency on Sunday that the port was closed.\n\nIn Sunday’s interview, Berg said the ferries would resume.",
        );
        assert_eq!(
            report(&x, "the port was closed").via,
            vec!["kyodo-news-agency", "the-daily-wire-service"]
        );
        assert_eq!(
            report(&x, "the ferries would resume").via,
            vec!["kyodo-news-agency", "the-daily-wire-service"]
        );
        assert_eq!(
            report(&x, "the port was closed").stated,
            Some(d("2024-12-01"))
        );
    }

    #[test]
    fn relay_told_an_outlet_but_not_reporters() {
        let x = one(
            "The minister told CNN that talks had stalled. The envoy told reporters that talks would resume.",
        );
        assert_eq!(
            report(&x, "talks had stalled").via,
            vec!["cnn", "the-daily-wire-service"]
        );
        assert_eq!(
            report(&x, "talks would resume").via,
            vec!["the-daily-wire-service"]
        );
    }

    #[test]
    fn relay_an_outlet_citing_a_speaker() {
        let x = one("Reuters reported, citing two port officials, that the dam had failed.");
        let r = report(&x, "the dam had failed");
        assert_eq!(r.via, vec!["reuters", "the-daily-wire-service"]);
        assert_ne!(r.source, "reuters");
    }

    #[test]
    fn relay_a_post_on_telegram_is_a_note_not_a_relay() {
        let x = one(
            "Andrii Marko, head of the regional council, said in a Monday post on Telegram that the bridge was hit but did not provide any other details.",
        );
        let r = report(&x, "the bridge was hit");
        assert_eq!(r.via, vec!["the-daily-wire-service"]);
        assert_eq!(
            r.note.as_deref(),
            Some("posted on Telegram; the speaker gave no further details")
        );
        assert_eq!(r.stated, Some(d("2024-12-02")));
    }

    #[test]
    fn qualifier_in_the_next_sentence_applies_to_the_statement_before_it() {
        let x = one(
            "On Monday, the regional military said at least 30 soldiers were wounded. The claims could not be independently verified.\n\nThe mayor said the roads were open.",
        );
        assert_eq!(
            report(&x, "at least 30").verification,
            Verification::NotIndependentlyVerified
        );
        assert_eq!(
            report(&x, "the roads were open").verification,
            Verification::Unverified
        );
    }

    #[test]
    fn dates_chain_and_carry_over_to_the_same_speaker() {
        let x = one(
            "The ministry confirmed on Nov. 12 that the pact was signed, and a day later Foreign Minister Ana Ruiz repeated the claims.\n\n“We see a new era,” Ruiz said.",
        );
        assert_eq!(
            report(&x, "the pact was signed").stated,
            Some(d("2024-11-12"))
        );
        let r = report(&x, "We see a new era");
        assert_eq!(
            (r.stated, r.dates),
            (Some(d("2024-11-13")), DateBasis::Inferred)
        );
        assert!(
            r.review
                .iter()
                .any(|n| n.contains("earlier in the article")),
            "{:?}",
            r.review
        );
    }

    #[test]
    fn one_speaker_named_several_ways_across_articles() {
        let a = Article { name: "a.txt".into(), text: "Air Force Maj. Gen. Pat Ryder, the Pentagon spokesman, told reporters on Monday that the troops had arrived. He added that more would follow.".into() };
        let b = Article { name: "b.txt".into(), text: "The Pentagon spokesperson noted that the troops were trained.\n\nGeneral Ryder said the troops were tired.".into() };
        let x = draft(
            &[a, b],
            &Options {
                published: Some(d("2024-12-03")),
                outlet: None,
            },
        );
        let ids: BTreeSet<&str> = x.reports.iter().map(|r| r.source.as_str()).collect();
        assert_eq!(
            ids.into_iter().collect::<Vec<_>>(),
            vec!["us-ryder"],
            "{:#?}",
            x.reports
        );
        let s = x.sources.iter().find(|s| s.id == "us-ryder").unwrap();
        assert_eq!(
            (s.kind, s.organisation.as_deref(), s.government.as_deref()),
            ("spokesperson", Some("us-dod"), Some("us"))
        );
        assert_eq!(
            x.sources
                .iter()
                .filter(|s| s.kind == "online-outlet")
                .count(),
            2
        );
    }

    #[test]
    fn coordinated_speakers_each_get_a_report_and_passives_borrow_the_content() {
        let x = one(
            "Ukraine first claimed that the troops were deployed in mid-October, a fact that was later confirmed by the U.S. and NATO.",
        );
        let by: BTreeSet<&str> = x
            .reports
            .iter()
            .filter(|r| r.quote.starts_with("the troops were deployed"))
            .map(|r| r.source.as_str())
            .collect();
        assert_eq!(
            by.into_iter().collect::<Vec<_>>(),
            vec!["nato", "ua-government", "us-government"]
        );
    }

    #[test]
    fn near_duplicate_claims_merge_across_speakers() {
        let x = one(
            "The mayor said the northern dam had been breached. The police said the northern dam was breached.",
        );
        assert_eq!(x.claims.len(), 1);
        assert_eq!(x.reports.len(), 2);
        assert!(x.reports[1].review.iter().any(|n| n.contains("merged")));
    }

    #[test]
    fn spans_count_characters_and_split_at_line_breaks() {
        // A quotation continued in the next paragraph reopens there, as news style does.
        let x = one("Café owner Ana Ruiz said: “Closed.\n\n“For good.”");
        let s = &x.spans[0].attributions[0];
        // "Café" is four characters (five bytes); the quotation's two lines are two fragments.
        assert_eq!(s.cue, vec![[20, 25]]);
        assert_eq!(s.source, vec![[0, 19]]);
        assert_eq!(s.content, vec![[26, 34], [36, 47]]);
    }
}
