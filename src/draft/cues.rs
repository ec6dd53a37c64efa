//! Attributions in one article: the cue (the words that mark a statement as someone's), the source
//! (who says it, as the text names them) and the content (what is said), as token ranges.
//!
//! Spans follow the conventions of the news attribution corpora (PARC 3.0, PolNeAR): the cue holds
//! the reporting verb with its auxiliaries and adverbs ("has also said") and a colon written against
//! it ("said:"); the source is the whole noun phrase of the speaker, appositive included ("Andrii
//! Kovalenko, Ukraine's head of …"); the content of indirect speech starts with its "that" and
//! leaves out the full stop; a quotation keeps its quotation marks and the punctuation inside them;
//! a content split by its cue ("The troops, he said, are tired") has two fragments.
//!
//! Over 600 lines: the cue grammar (verbs, auxiliaries, speakers before and after) is one matcher;
//! about 210 of its lines are tests of the forms it recognises.

use std::ops::Range;

use super::lexicon::{
    self, CUE_MODIFIERS, DETERMINERS, NAME_JOINERS, PRONOUNS, Verb, VerbClass, VerbForm,
};
use super::text::{Doc, TokenKind};

/// How the attribution is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueForm {
    /// A reporting verb: "said", "told reporters", "has warned".
    Verb,
    /// "according to X".
    According,
    /// A belief or knowledge phrase: "is convinced that", "has information that".
    Stative,
    /// A headed quotation: "Quote from X: “…”".
    QuoteFrom,
    /// A passive with its agent: "…, a fact later confirmed by X" (the content is the earlier
    /// attribution's).
    Passive,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub cue: Vec<Range<usize>>,
    pub source: Option<Range<usize>>,
    pub content: Vec<Range<usize>>,
    /// The sentence the cue is in.
    pub sentence: usize,
    pub form: CueForm,
    pub verb: Option<Verb>,
    /// The source is the previous cue's in the same sentence ("Lamsa said … and noted that …").
    pub shared_source: bool,
    /// The content is an earlier attribution's (a passive with a relative subject).
    pub borrowed: bool,
    /// "told X": the recipient, when the text names one.
    pub recipient: Option<Range<usize>>,
    /// "X, citing Y": the cited speaker.
    pub citing: Option<Range<usize>>,
    /// Content fragments added from following quotations with no cue of their own.
    pub continued: usize,
    /// Where the attribution's own words begin when that is before its cue and source (a
    /// passive's relative subject: ", a fact that was later confirmed by").
    pub lead: Option<usize>,
}

impl Attr {
    fn new(form: CueForm, cue: Range<usize>, sentence: usize) -> Attr {
        Attr {
            cue: vec![cue],
            source: None,
            content: Vec::new(),
            sentence,
            form,
            verb: None,
            shared_source: false,
            borrowed: false,
            recipient: None,
            citing: None,
            continued: 0,
            lead: None,
        }
    }

    /// The first token of any of its spans.
    pub fn first_token(&self) -> usize {
        self.cue
            .iter()
            .chain(self.source.iter())
            .chain(self.content.iter())
            .map(|r| r.start)
            .min()
            .unwrap_or(0)
    }
}

/// Quotations of a paragraph: (opening token, closing token inclusive). An opening mark without a
/// closing one in its paragraph runs to the paragraph's end (a quotation continued in the next
/// paragraph reopens there, as news style does).
pub fn quotations(doc: &Doc) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, t) in doc.tokens.iter().enumerate() {
        if let Some(o) = open
            && doc.tokens[o].paragraph != t.paragraph
        {
            out.push((o, i - 1));
            open = None;
        }
        match t.kind {
            TokenKind::OpenQuote if open.is_none() => open = Some(i),
            TokenKind::CloseQuote => {
                if let Some(o) = open.take() {
                    out.push((o, i));
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push((o, doc.tokens.len() - 1));
    }
    out
}

/// Finds every attribution in the document.
pub fn attributions(doc: &Doc) -> Vec<Attr> {
    let quotes = quotations(doc);
    let mut in_quote = vec![false; doc.tokens.len()];
    for &(a, b) in &quotes {
        for q in in_quote.iter_mut().take(b + 1).skip(a) {
            *q = true;
        }
    }
    let units = units(doc, &quotes);
    let mut out: Vec<Attr> = Vec::new();
    for unit in &units {
        let found = unit_attributions(doc, unit.clone(), &in_quote, &out);
        if found.is_empty() {
            continue_quotation(doc, unit.clone(), &quotes, &mut out);
        }
        out.extend(found);
    }
    out
}

/// Sentences joined where a quotation runs across them: the stretches within which an
/// attribution's parts lie.
fn units(doc: &Doc, quotes: &[(usize, usize)]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for s in &doc.sentences {
        let joins = out.last().is_some_and(|last| {
            quotes.iter().any(|&(a, b)| {
                a < last.end
                    && b >= s.start
                    && doc.tokens[a].paragraph == doc.tokens[s.start].paragraph
            })
        });
        if joins {
            if let Some(last) = out.last_mut() {
                last.end = s.end;
            }
        } else {
            out.push(s.clone());
        }
    }
    out
}

/// A unit that is only a quotation, right after an attributed quotation in the same or the
/// previous paragraph, continues what that speaker said.
fn continue_quotation(doc: &Doc, unit: Range<usize>, quotes: &[(usize, usize)], out: &mut [Attr]) {
    let Some(&(a, b)) = quotes.iter().find(|&&(a, _)| a == unit.start) else {
        return;
    };
    let rest_is_punct = (b + 1..unit.end).all(|i| doc.kind(i) == Some(TokenKind::Punct));
    if !rest_is_punct {
        return;
    }
    let Some(last) = out.last_mut() else { return };
    let Some(prev_end) = last.content.last().map(|r| r.end) else {
        return;
    };
    let quoted = last
        .content
        .iter()
        .any(|r| doc.kind(r.start) == Some(TokenKind::OpenQuote));
    // Nothing but this unit between the last content and the quotation.
    let adjacent = doc.sentence_of(a) <= doc.sentence_of(prev_end.saturating_sub(1)) + 2;
    if quoted && adjacent && last.continued < 8 {
        last.content.push(a..b + 1);
        last.continued += 1;
    }
}

fn lower<'d>(doc: &'d Doc, i: usize) -> &'d str {
    doc.lower(i)
}

/// True for a token that can be part of a speaker's noun phrase.
fn np_word(doc: &Doc, i: usize) -> bool {
    let Some(kind) = doc.kind(i) else {
        return false;
    };
    let w = lower(doc, i);
    match kind {
        TokenKind::Word => {
            if lexicon::verb(w).is_some_and(|v| !lexicon::speaker_word(w) && v.lemma != "brief")
                && !doc.capitalised(i)
            {
                return false;
            }
            (doc.capitalised(i) && !lexicon::capital_non_name(w))
                || lexicon::speaker_word(w)
                || DETERMINERS.contains(&w)
                || lexicon::country(w).is_some()
        }
        TokenKind::Number => true,
        _ => false,
    }
}

/// A speaker's noun phrase ending just before token `end` (exclusive), not reaching before
/// `floor`.
fn np_left(doc: &Doc, end: usize, floor: usize) -> Option<Range<usize>> {
    if end <= floor {
        return None;
    }
    let last = end - 1;
    let w = lower(doc, last);
    if doc.kind(last) == Some(TokenKind::Word) && PRONOUNS.contains(&w) {
        return Some(last..end);
    }
    let mut start = end;
    let mut i = end;
    while i > floor {
        let j = i - 1;
        let t = doc.tok(j);
        let lw = lower(doc, j);
        let ok = if np_word(doc, j) {
            true
        } else if start == end && common_head(doc, j, floor) {
            // "The city", "a clerk": a common noun right after a determiner.
            true
        } else if start < end && modifier_word(doc, j) && j > floor && {
            // "A port official": an unknown lower-case word between a determiner or another
            // word of the phrase and the head.
            let l = lower(doc, j - 1);
            DETERMINERS.contains(&l)
                || np_word(doc, j - 1)
                || modifier_word(doc, j - 1)
                || doc.kind(j - 1) != Some(TokenKind::Word)
        } {
            true
        } else if t == "." && j > floor && doc.tokens[j - 1].end == doc.tokens[j].start {
            // The dot of "Maj." or "Gen.".
            true
        } else if t == ")" {
            // "(HUR)": a bracketed short name inside the phrase.
            let open = (j.saturating_sub(6).max(floor)..j)
                .rev()
                .find(|&k| doc.tok(k) == "(");
            if let Some(o) = open {
                i = o;
                start = o;
                continue;
            }
            false
        } else if NAME_JOINERS.contains(&lw) {
            // A joiner only inside a name: something of the phrase before it, and a capitalised
            // word after it ("head of the Center", not "Austin in a conversation").
            let after_cap = (j > floor
                && !doc.capitalised(j - 1)
                && lexicon::speaker_word(doc.tok(j - 1))
                && lw == "of")
                || doc.capitalised(j + 1)
                || (DETERMINERS.contains(&lower(doc, j + 1)) && doc.capitalised(j + 2))
                || lexicon::country(doc.tok(j + 1)).is_some();
            j > floor && np_word(doc, j - 1) && start < end && after_cap
        } else {
            false
        };
        if !ok {
            break;
        }
        // A determiner opens the phrase unless a joiner comes before it ("head of the Center").
        start = j;
        i = j;
        if DETERMINERS.contains(&lw) && !(j > floor && NAME_JOINERS.contains(&lower(doc, j - 1))) {
            break;
        }
    }
    // Trim: no leading joiner; the head (last word) must be a name, a speaker noun or a bracket.
    while start < end && NAME_JOINERS.contains(&lower(doc, start)) {
        start += 1;
    }
    if start >= end {
        return None;
    }
    let head = lower(doc, last);
    let head_ok = common_head(doc, last, floor)
        || doc.capitalised(last)
        || lexicon::speaker_word(head)
        || doc.tok(last) == ")"
        || doc.tok(last) == "."
        || lexicon::country(head).is_some();
    let only_dets = (start..end).all(|k| DETERMINERS.contains(&lower(doc, k)));
    (head_ok && !only_dets).then_some(start..end)
}

/// A speaker's noun phrase starting at token `start`, not reaching `ceil`.
fn np_right(doc: &Doc, start: usize, ceil: usize) -> Option<Range<usize>> {
    let mut end = start;
    let mut i = start;
    while i < ceil {
        let t = doc.tok(i);
        let lw = lower(doc, i);
        let ok = np_word(doc, i)
            || (t == "." && i > start && doc.tokens[i - 1].end == doc.tokens[i].start && {
                // An abbreviation's dot, not a full stop.
                let prev = doc.tok(i - 1);
                prev.len() <= 4 && prev.chars().next().is_some_and(char::is_uppercase)
            })
            || (NAME_JOINERS.contains(&lw)
                && i + 1 < ceil
                && np_word(doc, i + 1)
                // "a source in South Korean intelligence", not "Austin in a conversation".
                && ((i > start && !doc.capitalised(i - 1) && lexicon::speaker_word(doc.tok(i - 1)))
                    || doc.capitalised(i + 1)
                    || lexicon::country(doc.tok(i + 1)).is_some()
                    || (DETERMINERS.contains(&lower(doc, i + 1))
                        && i + 2 < ceil
                        && (doc.capitalised(i + 2) || lw == "of"))))
            || (PRONOUNS.contains(&lw) && i == start);
        if t == "(" {
            if let Some(c) = (i + 1..(i + 6).min(ceil)).find(|&k| doc.tok(k) == ")") {
                i = c + 1;
                end = i;
                continue;
            }
            break;
        }
        let ok = ok
            || (modifier_word(doc, i) && {
                let head = |k: usize| {
                    k < ceil && (lexicon::speaker_word(doc.tok(k)) || doc.capitalised(k))
                };
                head(i + 1)
                    || (i + 1 < ceil && modifier_word(doc, i + 1) && head(i + 2))
                    // "the coast guard": common nouns right after a determiner.
                    || (i > start
                        && (DETERMINERS.contains(&lower(doc, i - 1))
                            || (modifier_word(doc, i - 1)
                                && i - 1 > start
                                && DETERMINERS.contains(&lower(doc, i - 2)))))
            });
        if !ok {
            break;
        }
        // A second determiner starts another phrase ("told the Gazette the envoy …").
        if i > start && DETERMINERS.contains(&lw) && !NAME_JOINERS.contains(&lower(doc, i - 1)) {
            break;
        }
        if PRONOUNS.contains(&lw) {
            end = i + 1;
            break;
        }
        // Weekdays and months end the phrase ("Zelensky on Monday").
        if i > start && doc.capitalised(i) && lexicon::capital_non_name(lw) {
            break;
        }
        i += 1;
        end = i;
    }
    while end > start
        && (NAME_JOINERS.contains(&lower(doc, end - 1))
            || DETERMINERS.contains(&lower(doc, end - 1))
            || doc.tok(end - 1) == ".")
    {
        end -= 1;
    }
    (end > start).then_some(start..end)
}

/// A lower-case noun not in the lexicon heading a speaker's phrase: right after a determiner, or
/// after a determiner and one modifier ("the regional authority").
fn common_head(doc: &Doc, j: usize, floor: usize) -> bool {
    let det = |k: usize| DETERMINERS.contains(&lower(doc, k));
    modifier_word(doc, j)
        && j > floor
        && (det(j - 1) || (j - 1 > floor && modifier_word(doc, j - 1) && det(j - 2)))
}

/// A lower-case word that may modify a speaker noun: not a function word, verb or adverb.
fn modifier_word(doc: &Doc, i: usize) -> bool {
    if doc.kind(i) != Some(TokenKind::Word) || doc.capitalised(i) {
        return false;
    }
    let w = lower(doc, i);
    let w = w.strip_suffix("'s").unwrap_or(w).to_string();
    w.chars().all(|c| c.is_alphabetic() || c == '-')
        && !w.ends_with("ly")
        && lexicon::verb(&w).is_none()
        && !lexicon::capital_non_name(&w)
        && !NAME_JOINERS.contains(&w.as_str())
        && !PRONOUNS.contains(&w.as_str())
        && !matches!(
            w.as_str(),
            "is" | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "not"
                | "who"
                | "that"
                | "which"
                | "said"
                | "also"
                | "there"
        )
}

fn is_punct(doc: &Doc, i: usize, p: &str) -> bool {
    i < doc.tokens.len() && doc.kind(i) == Some(TokenKind::Punct) && doc.tok(i) == p
}

/// A reporting verb at token `i` that introduces a statement here.
fn cue_verb(doc: &Doc, i: usize, unit: &Range<usize>, in_quote: &[bool]) -> Option<Verb> {
    if in_quote[i] || doc.kind(i) != Some(TokenKind::Word) {
        return None;
    }
    let v = lexicon::verb(doc.tok(i))?;
    let prev = (i > unit.start).then(|| lower(doc, i - 1));
    let next = |k: usize| (i + k < unit.end).then(|| lower(doc, i + k));
    // A passive or a noun ("the reports", "is expected to arrive") is not a cue here.
    if let Some(p) = prev
        && (DETERMINERS.contains(&p)
            || matches!(p, "been" | "being" | "be" | "is" | "are" | "was" | "were")
                && v.form == VerbForm::Past)
    {
        return None;
    }
    let follows_that = next(1) == Some("that");
    let follows_quote = (1..=2)
        .any(|k| i + k < unit.end && doc.kind(i + k) == Some(TokenKind::OpenQuote))
        && (doc.kind(i + 1) == Some(TokenKind::OpenQuote)
            || is_punct(doc, i + 1, ",")
            || is_punct(doc, i + 1, ":"));
    let after_content = i > unit.start
        && (doc.kind(i - 1) == Some(TokenKind::CloseQuote)
            || is_punct(doc, i - 1, ",")
            || preceded_by_postposed_np(doc, i, unit));
    let progressive = v.form == VerbForm::Gerund
        && prev.is_some_and(|p| matches!(p, "is" | "are" | "was" | "were" | "been" | "am"));
    if progressive {
        return (follows_that || follows_quote || after_content).then_some(Verb {
            form: VerbForm::Third,
            ..v
        });
    }
    match v.form {
        VerbForm::Gerund => {
            let after_comma_or_word = prev.is_some();
            let ok = matches!(
                v.lemma,
                "say"
                    | "add"
                    | "state"
                    | "note"
                    | "claim"
                    | "insist"
                    | "stress"
                    | "argue"
                    | "warn"
                    | "explain"
                    | "emphasize"
                    | "emphasise"
                    | "suggest"
                    | "tell"
                    | "write"
                    | "assert"
                    | "allege"
                    | "deny"
                    | "indicate"
                    | "predict"
                    | "acknowledge"
                    | "admit"
                    | "confirm"
                    | "reiterate"
            ) && after_comma_or_word
                && (follows_that
                    || follows_quote
                    || (is_punct(doc, i - 1, ",") && v.lemma != "warn" && v.lemma != "tell"));
            ok.then_some(v)
        }
        VerbForm::Base => {
            // "did not say", "would not confirm", "declined to say".
            let aux = prev.is_some_and(|p| {
                matches!(
                    p,
                    "not"
                        | "will"
                        | "would"
                        | "could"
                        | "can"
                        | "may"
                        | "might"
                        | "did"
                        | "to"
                        | "does"
                        | "do"
                        | "cannot"
                        | "should"
                        | "must"
                        | "also"
                )
            });
            (aux && (follows_that || follows_quote || next(1).is_some())
                && !matches!(v.lemma, "report" | "post" | "question" | "doubt" | "find"))
            .then_some(v)
        }
        VerbForm::Third | VerbForm::Past => {
            if lexicon::ambiguous(doc.tok(i)) && !(follows_that || follows_quote || after_content) {
                return None;
            }
            // "said" needs nothing more; other verbs need a complement or a postposed speaker.
            // Verbs that take a bare clause ("said the probe is ongoing"); "wrote the letter" is
            // an object, not a statement.
            let bare_ok = !matches!(
                v.lemma,
                "write"
                    | "post"
                    | "tweet"
                    | "explain"
                    | "describe"
                    | "question"
                    | "doubt"
                    | "recall"
                    | "observe"
                    | "remark"
                    | "promise"
                    | "pledge"
                    | "vow"
                    | "urge"
            );
            let complement = v.lemma == "say"
                || (next(1) == Some(",") && next(2) == Some("citing"))
                || follows_that
                || follows_quote
                || after_content
                || next(1) == Some(":")
                || matches!(v.class, VerbClass::Tell)
                || bare_ok
                    && next(1).is_some_and(|n| {
                        DETERMINERS.contains(&n)
                            || PRONOUNS.contains(&n)
                            || matches!(
                                n,
                                "on" | "in"
                                    | "during"
                                    | "at"
                                    | "last"
                                    | "after"
                                    | "earlier"
                                    | "yesterday"
                                    | "today"
                                    | "about"
                                    | "regarding"
                            )
                    })
                || (bare_ok
                    && i + 1 < unit.end
                    && (doc.capitalised(i + 1) || doc.kind(i + 1) == Some(TokenKind::Number)));
            complement.then_some(v)
        }
    }
}

/// "…, General Ryder said": a short speaker phrase between a comma or closing quotation mark and
/// the verb.
fn preceded_by_postposed_np(doc: &Doc, i: usize, unit: &Range<usize>) -> bool {
    let mut k = i;
    while k > unit.start && CUE_MODIFIERS.contains(&lower(doc, k - 1)) {
        k -= 1;
    }
    match np_left(doc, k, unit.start) {
        Some(np) if np.start > unit.start && np.len() <= 12 => {
            let b = np.start - 1;
            doc.kind(b) == Some(TokenKind::CloseQuote) || is_punct(doc, b, ",")
        }
        _ => false,
    }
}

/// The attributions of one unit (a sentence, or sentences joined by a quotation).
fn unit_attributions(
    doc: &Doc,
    unit: Range<usize>,
    in_quote: &[bool],
    earlier: &[Attr],
) -> Vec<Attr> {
    let sentence = doc.sentence_of(unit.start);
    // Skip a leading label ("Details:", "Background:", a bullet).
    let mut begin = unit.start;
    while begin < unit.end
        && doc.kind(begin) == Some(TokenKind::Punct)
        && !matches!(doc.tok(begin), "(" | "“" | "\"")
    {
        begin += 1;
    }
    if begin + 1 < unit.end
        && doc.kind(begin) == Some(TokenKind::Word)
        && is_punct(doc, begin + 1, ":")
        && matches!(
            lower(doc, begin),
            "details" | "background" | "update" | "context" | "recap" | "note"
        )
    {
        begin += 2;
    }
    let unit = begin..unit.end;
    let mut found: Vec<Attr> = Vec::new();
    // "Lynch: No outside influence on the probe": a headline's speaker and colon.
    if let Some(np) = np_right(doc, unit.start, unit.end)
        && np.len() <= 5
        && is_punct(doc, np.end, ":")
        && doc.capitalised(unit.start)
        && !matches!(
            lower(doc, unit.start),
            "source"
                | "sources"
                | "details"
                | "background"
                | "update"
                | "photo"
                | "images"
                | "image"
                | "video"
                | "read"
                | "watch"
                | "related"
                | "editor"
                | "note"
                | "quote"
                | "date"
                | "updated"
                | "published"
        )
        && np.end + 2 < unit.end
        && !in_quote[np.start]
    {
        let mut a = Attr::new(CueForm::Verb, np.end..np.end + 1, sentence);
        a.source = Some(np.clone());
        if let Some(c) = trim_content(doc, np.end + 1..unit.end, in_quote) {
            a.content.push(c);
            found.push(a);
            return found;
        }
    }
    let mut i = unit.start;
    while i < unit.end {
        if in_quote[i] {
            i += 1;
            continue;
        }
        // "Quote from X: “…”".
        if i == unit.start
            && lower(doc, i) == "quote"
            && i + 1 < unit.end
            && lower(doc, i + 1) == "from"
            && let Some(colon) = (i + 2..unit.end).find(|&k| is_punct(doc, k, ":"))
            && let Some(src) = np_right(doc, i + 2, colon)
        {
            let mut a = Attr::new(CueForm::QuoteFrom, i..i + 2, sentence);
            a.source = Some(src);
            let content = trim_content(doc, colon + 1..unit.end, in_quote);
            if let Some(c) = content {
                a.content.push(c);
                found.push(a);
            }
            i = unit.end;
            continue;
        }
        // "according to X".
        if lower(doc, i) == "according" && i + 1 < unit.end && lower(doc, i + 1) == "to" {
            if let Some(a) = according(doc, &unit, i, sentence, in_quote) {
                found.push(a);
            }
            i += 2;
            continue;
        }
        // "is convinced that", "has information that".
        if let Some((cue, that)) = stative(doc, &unit, i) {
            let mut a = Attr::new(CueForm::Stative, cue.clone(), sentence);
            a.source = np_left(doc, cue.start, floor(&found, &unit));
            if let Some(c) = trim_content(doc, that..content_end(doc, &unit, that), in_quote) {
                a.content.push(c);
                found.push(a);
            }
            i = that;
            continue;
        }
        // A passive with a relative subject: "…, a fact that was later confirmed by X".
        if let Some(a) = passive(doc, &unit, i, sentence, &found) {
            i = a.cue[0].end;
            found.push(a);
            continue;
        }
        if let Some(v) = cue_verb(doc, i, &unit, in_quote)
            && let Some(a) = verb_attribution(doc, &unit, i, v, sentence, in_quote, &found)
        {
            i = a.cue[0].end;
            // "He added that the U.S. expects …": what he said, not a second attribution.
            let nested = found.last().is_some_and(|p| {
                p.content.first().is_some_and(|c| {
                    lower(doc, c.start) == "that"
                        && a.source.as_ref().is_some_and(|s| s.start == c.start + 1)
                        && !a.shared_source
                })
            });
            if !nested {
                found.push(a);
            }
            continue;
        }
        i += 1;
    }
    // Contents end where the next attribution in the unit begins.
    let starts: Vec<usize> = found
        .iter()
        .map(|a| {
            a.cue
                .iter()
                .chain(a.source.iter().filter(|_| !a.shared_source))
                .map(|r| r.start)
                .chain(a.lead)
                .min()
                .unwrap_or(0)
        })
        .collect();
    for (k, a) in found.iter_mut().enumerate() {
        let limit = starts
            .iter()
            .enumerate()
            .filter(|&(j, &s)| j != k && s > a.cue[0].end)
            .map(|(_, &s)| s)
            .min();
        if let Some(limit) = limit {
            let mut kept = Vec::new();
            for c in a.content.drain(..) {
                if c.start >= limit && c.start > a.cue[0].end {
                    continue;
                }
                let mut c = c.start..c.end.min(limit);
                // ", and a day later": a short tail before the next speaker is not content.
                if let Some(and) = (c.start..c.end)
                    .rev()
                    .take(5)
                    .find(|&k| matches!(lower(doc, k), "and" | "but" | "while") && !in_quote[k])
                    && (and..c.end).all(|k| !in_quote[k] && lexicon::verb(doc.tok(k)).is_none())
                {
                    c.end = and;
                }
                if let Some(t) = trim_content(doc, c, in_quote) {
                    kept.push(t);
                }
            }
            a.content = kept;
        }
    }
    let _ = earlier;
    found.retain(|a| !a.content.is_empty() || a.borrowed);
    found
}

/// The earliest token a new attribution's source may start at: after the previous attribution's
/// parts.
fn floor(found: &[Attr], unit: &Range<usize>) -> usize {
    found
        .last()
        .map(|a| {
            a.cue
                .iter()
                .chain(a.source.iter())
                .map(|r| r.end)
                .max()
                .unwrap_or(unit.start)
        })
        .unwrap_or(unit.start)
        .max(unit.start)
}

fn stative(doc: &Doc, unit: &Range<usize>, i: usize) -> Option<(Range<usize>, usize)> {
    let w = lower(doc, i);
    let be = matches!(w, "is" | "are" | "was" | "were" | "remains");
    let have = matches!(w, "has" | "have" | "had");
    if !(be || have) {
        return None;
    }
    let mut k = i + 1;
    while k < unit.end && matches!(lower(doc, k), "seen" | "no" | "also" | "now") {
        k += 1;
    }
    if k + 1 >= unit.end {
        return None;
    }
    let word = lower(doc, k);
    let ok =
        (be && matches!(
            word,
            "convinced" | "aware" | "confident" | "sure" | "certain" | "adamant" | "hopeful"
        )) || (have
            && matches!(
                word,
                "information" | "evidence" | "indications" | "intelligence" | "reason"
            ));
    let that = k + 1;
    (ok && lower(doc, that) == "that").then_some((i..that, that))
}

fn according(
    doc: &Doc,
    unit: &Range<usize>,
    i: usize,
    sentence: usize,
    in_quote: &[bool],
) -> Option<Attr> {
    let src = np_right(doc, i + 2, unit.end)?;
    let mut a = Attr::new(CueForm::According, i..i + 2, sentence);
    a.source = Some(src.clone());
    let mut after = src.end;
    if lower(doc, after) == "," && lower(doc, after + 1) == "citing" {
        a.citing = np_right(doc, after + 2, unit.end);
        after = a.citing.as_ref().map_or(after, |c| c.end);
    }
    let before_comma = i > unit.start && is_punct(doc, i - 1, ",");
    if i == unit.start || (i > unit.start && !before_comma && i - unit.start <= 1) {
        // "According to X, CONTENT."
        let mut s = after;
        while s < unit.end && is_punct(doc, s, ",") {
            s += 1;
        }
        a.content
            .extend(trim_content(doc, s..content_end(doc, unit, s), in_quote));
    } else {
        // "CONTENT, according to X."
        let end = if before_comma { i - 1 } else { i };
        a.content
            .extend(trim_content(doc, unit.start..end, in_quote));
    }
    Some(a)
}

fn passive(
    doc: &Doc,
    unit: &Range<usize>,
    i: usize,
    sentence: usize,
    found: &[Attr],
) -> Option<Attr> {
    // that|which (was|were|has been) (later|also)* VERB-ed by X
    let rel = lower(doc, i);
    if !matches!(rel, "that" | "which") || found.is_empty() {
        return None;
    }
    let mut k = i + 1;
    while k < unit.end
        && matches!(
            lower(doc, k),
            "was" | "were" | "has" | "have" | "been" | "later" | "also" | "since" | "subsequently"
        )
    {
        k += 1;
    }
    let v = lexicon::verb(doc.tok(k.min(unit.end - 1)))?;
    if k + 1 >= unit.end || v.form != VerbForm::Past || lower(doc, k + 1) != "by" {
        return None;
    }
    let src = np_right(doc, k + 2, unit.end)?;
    let mut a = Attr::new(CueForm::Passive, k..k + 2, sentence);
    a.lead = (unit.start..i).rev().find(|&c| is_punct(doc, c, ","));
    a.verb = Some(v);
    a.source = Some(src);
    a.borrowed = true;
    Some(a)
}

/// The end of a content that starts at `from`: the unit's end, or a gerund cue or "while"-clause
/// that starts another statement.
fn content_end(doc: &Doc, unit: &Range<usize>, from: usize) -> usize {
    let _ = doc;
    let _ = from;
    unit.end
}

/// "… but did not provide any other details": the speaker's own qualification ends the content.
fn qualifier_start(doc: &Doc, r: &Range<usize>, in_quote: &[bool]) -> Option<usize> {
    (r.start + 1..r.end).find(|&k| {
        !in_quote[k]
            && matches!(lower(doc, k), "but" | "without")
            && matches!(
                lower(doc, k + 1),
                "did"
                    | "didn't"
                    | "declined"
                    | "gave"
                    | "would"
                    | "could"
                    | "refused"
                    | "providing"
                    | "giving"
                    | "offering"
                    | "does"
                    | "has"
            )
    })
}

/// Trims a content range: no leading comma or colon, no trailing full stop, comma or conjunction
/// (punctuation inside a closing quotation stays).
fn trim_content(doc: &Doc, r: Range<usize>, in_quote: &[bool]) -> Option<Range<usize>> {
    let r = r.start..qualifier_start(doc, &r, in_quote).unwrap_or(r.end);
    let (mut s, mut e) = (r.start, r.end.min(doc.tokens.len()));
    while s < e
        && (doc.kind(s) == Some(TokenKind::Punct)
            && matches!(doc.tok(s), "," | ":" | ";" | "—" | "–" | "-"))
    {
        s += 1;
    }
    loop {
        if e <= s {
            return None;
        }
        let last = e - 1;
        let t = doc.tok(last);
        let lw = lower(doc, last);
        let strip = (doc.kind(last) == Some(TokenKind::Punct)
            && !in_quote[last]
            && matches!(t, "." | "," | ";" | ":" | "—" | "–" | "-" | "!" | "?" | "…"))
            || (!in_quote[last] && matches!(lw, "and" | "but" | "while" | "or" | "as"));
        if strip {
            e -= 1;
        } else {
            break;
        }
    }
    // A bracket left open at the end, or nothing but punctuation, is no content.
    let words = (s..e).any(|k| doc.kind(k) != Some(TokenKind::Punct));
    (words && e > s).then_some(s..e)
}

#[allow(clippy::too_many_arguments)]
fn verb_attribution(
    doc: &Doc,
    unit: &Range<usize>,
    i: usize,
    v: Verb,
    sentence: usize,
    in_quote: &[bool],
    found: &[Attr],
) -> Option<Attr> {
    let floor = floor(found, unit);
    // The cue: the verb with its auxiliaries and adverbs, and a colon written against it.
    let mut cs = i;
    while cs > floor
        && doc.kind(cs - 1) == Some(TokenKind::Word)
        && CUE_MODIFIERS.contains(&lower(doc, cs - 1))
    {
        cs -= 1;
    }
    let mut ce = i + 1;
    if is_punct(doc, ce, ":") && doc.tokens[ce].start == doc.tokens[i].end {
        ce += 1;
    }
    let mut a = Attr::new(CueForm::Verb, cs..ce, sentence);
    a.verb = Some(v);

    let gerund = v.form == VerbForm::Gerund;
    let before = cs.checked_sub(1).filter(|&b| b >= floor);
    let inverted = before
        .is_some_and(|b| doc.kind(b) == Some(TokenKind::CloseQuote) || is_punct(doc, b, ","))
        && !gerund
        && v.class != VerbClass::Tell
        && np_right(doc, ce, unit.end).is_some_and(|np| {
            // "…,” said Ryder" / "…, stated Pentagon Chief Lloyd Austin during …"
            let w = lower(doc, np.start);
            (doc.capitalised(np.start) && !DETERMINERS.contains(&w))
                || PRONOUNS.contains(&w)
                || (DETERMINERS.contains(&w) && np.len() >= 2)
        })
        && lower(doc, ce) != "that";

    if gerund {
        // "…, adding that …" / "… saying, “…”": the speaker is the previous cue's.
        if let Some(prev) = found.last() {
            a.source = prev.source.clone();
            a.shared_source = true;
        } else if let Some(subject) = np_right(doc, unit.start, cs) {
            // "He did not provide details, simply stating that …": the sentence's subject.
            a.source = Some(subject);
            a.shared_source = true;
        }
        let start = skip_to_content(doc, unit, ce, v);
        a.content
            .extend(trim_content(doc, start..unit.end, in_quote));
        return (a.shared_source || found.is_empty()).then_some(a);
    }

    if inverted {
        let np = np_right(doc, ce, unit.end)?;
        a.source = Some(np.clone());
        let b = before.unwrap_or(unit.start);
        let content_end = if doc.kind(b) == Some(TokenKind::CloseQuote) {
            b + 1
        } else {
            b
        };
        a.content
            .extend(trim_content(doc, floor..content_end, in_quote));
        // "X, citing Y"
        if lower(doc, np.end) == "," && lower(doc, np.end + 1) == "citing" {
            a.citing = np_right(doc, np.end + 2, unit.end);
        }
        return Some(a);
    }

    // The speaker before the cue, with an appositive: "Kovalenko, Ukraine's head of …, said".
    let mut source = None;
    if let Some(b) = before {
        if is_punct(doc, b, ",") {
            if let Some(np2) = np_left(doc, b, floor)
                && np2.start > floor
                && is_punct(doc, np2.start - 1, ",")
                && let Some(np1) = np_left(doc, np2.start - 1, floor)
                && (np1.start..np1.end).any(|k| doc.capitalised(k))
            {
                source = Some(np1.start..np2.end);
            }
        } else {
            source = np_left(doc, cs, floor);
        }
    }
    let Some(src) = source else {
        // No speaker of its own: a second verb of the same speaker ("… and noted that").
        let prev = found.last()?;
        let joined = before.is_some_and(|b| matches!(lower(doc, b), "and" | "but"));
        if !joined {
            return None;
        }
        a.source = prev.source.clone();
        a.shared_source = true;
        let start = skip_to_content(doc, unit, ce, v);
        a.content
            .extend(trim_content(doc, start..unit.end, in_quote));
        return Some(a);
    };
    a.source = Some(src.clone());

    // Postposed: the content came first ("“…,” General Ryder said." / "…, U.S. officials said.").
    let pre = src.start.checked_sub(1).filter(|&p| p >= floor);
    let postposed = pre.is_some_and(|p| {
        doc.kind(p) == Some(TokenKind::CloseQuote)
            || (is_punct(doc, p, ",") && !leading_adverbial(doc, floor..p))
    }) && src.start > floor + 1;
    if postposed {
        let p = pre.unwrap_or(floor);
        let end = if doc.kind(p) == Some(TokenKind::CloseQuote) {
            p + 1
        } else {
            p
        };
        a.content.extend(trim_content(doc, floor..end, in_quote));
        // "The troops, he said, are tired": the rest of the sentence is content too, unless the
        // first part was a whole quotation or the rest is a participle phrase ("…, adding that").
        let quoted = doc.kind(end.saturating_sub(1)) == Some(TokenKind::CloseQuote);
        if is_punct(doc, ce, ",") && !quoted && ce + 1 < unit.end {
            let next = lower(doc, ce + 1);
            // Nor a time phrase: "…, the harbour master said, a day after the pumps were fixed."
            let timed = super::dates::find(doc, ce + 1..(ce + 5).min(unit.end))
                .first()
                .is_some_and(|(d, _)| d.start == ce + 1)
                || lexicon::adverbial_opener(next);
            let participle = next.ends_with("ing") || next == "citing" || timed;
            if !participle && let Some(c) = trim_content(doc, ce + 1..unit.end, in_quote) {
                a.content.push(c);
            }
        }
        citing(doc, unit, &mut a, ce);
        return Some(a);
    }

    // The content after the cue.
    if matches!(v.class, VerbClass::Tell) && !is_punct(doc, ce, ":") {
        let np = np_right(doc, ce, unit.end);
        if let Some(np) = &np
            && lower(doc, np.start) != "that"
        {
            a.recipient = Some(np.clone());
        }
    }
    citing(doc, unit, &mut a, ce);
    let from = a
        .recipient
        .as_ref()
        .map_or(ce, |r| r.end)
        .max(a.citing.as_ref().map_or(ce, |c| c.end));
    let start = skip_to_content(doc, unit, from, v);
    a.content
        .extend(trim_content(doc, start..unit.end, in_quote));
    Some(a)
}

/// "On Monday,", "In another post,", "Despite his claims that …,": a phrase before the
/// speaker that sets the scene rather than says what was said.
fn leading_adverbial(doc: &Doc, r: Range<usize>) -> bool {
    if r.is_empty() || doc.kind(r.start) == Some(TokenKind::OpenQuote) {
        return false;
    }
    let first = lower(doc, r.start);
    let subordinate = matches!(
        first,
        "despite"
            | "although"
            | "though"
            | "while"
            | "after"
            | "before"
            | "when"
            | "as"
            | "since"
            | "because"
            | "if"
            | "unlike"
            | "like"
            | "following"
            | "amid"
    );
    // "A month ago,": the whole phrase is a date.
    let dated = super::dates::find(doc, r.clone())
        .first()
        .is_some_and(|(d, _)| d.start == r.start && d.end == r.end);
    // A prepositional opener of any length ("In a letter filed in federal court Monday as part
    // of a lawsuit,"), unless it holds a quotation or a finite verb of its own.
    let finite = (r.start..r.end).any(|k| {
        doc.kind(k) == Some(TokenKind::OpenQuote)
            || matches!(
                lower(doc, k),
                "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "would" | "can"
            )
    });
    subordinate || dated || (lexicon::adverbial_opener(first) && (r.len() <= 10 || !finite))
}

/// A full stop, not the dot of an abbreviation ("Nov.", "Gen.").
fn full_stop(doc: &Doc, k: usize) -> bool {
    doc.kind(k) == Some(TokenKind::Punct)
        && matches!(doc.tok(k), "." | ";" | "?" | "!")
        && !(doc.tok(k) == "."
            && k > 0
            && doc.tokens[k - 1].end == doc.tokens[k].start
            && doc.tok(k - 1).len() <= 4
            && doc
                .tok(k - 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase))
}

/// ", citing Y" right after the cue.
fn citing(doc: &Doc, unit: &Range<usize>, a: &mut Attr, ce: usize) {
    if is_punct(doc, ce, ",") && lower(doc, ce + 1) == "citing" {
        a.citing = np_right(doc, ce + 2, unit.end);
    }
}

/// Where the content starts after position `from`: at its "that" or opening quotation mark if one
/// comes after a short adverbial ("said in a Monday post on Telegram that"), else after such an
/// adverbial, else right there.
fn skip_to_content(doc: &Doc, unit: &Range<usize>, from: usize, v: Verb) -> usize {
    let mut s = from;
    while s < unit.end && doc.kind(s) == Some(TokenKind::Punct) && matches!(doc.tok(s), "," | ":") {
        s += 1;
    }
    if s >= unit.end {
        return s;
    }
    let first = lower(doc, s);
    if first == "that" || doc.kind(s) == Some(TokenKind::OpenQuote) {
        return s;
    }
    let adverbial = matches!(
        first,
        "on" | "in"
            | "during"
            | "at"
            | "last"
            | "earlier"
            | "yesterday"
            | "today"
            | "this"
            | "after"
            | "before"
            | "via"
            | "through"
            | "late"
            | "early"
            | "while"
            | "when"
            | "reporters"
            | "journalists"
            | "the"
            | "a"
            | "an"
    ) || doc.capitalised(s)
        || v.class == VerbClass::Tell;
    if adverbial {
        for k in s..(s + 18).min(unit.end) {
            let w = lower(doc, k);
            if w == "that" || doc.kind(k) == Some(TokenKind::OpenQuote) {
                return k;
            }
            if is_punct(doc, k, ",") {
                break;
            }
            if full_stop(doc, k) {
                break;
            }
            if k > s
                && !lexicon::ambiguous(doc.tok(k))
                && lexicon::verb(doc.tok(k)).is_some_and(|v| v.form != VerbForm::Gerund)
            {
                break;
            }
        }
        // A short time adverbial with no "that" after it: "said on Monday the troops …".
        if matches!(first, "on" | "last" | "yesterday" | "today" | "earlier") {
            let mut k = s + 1;
            while k < unit.end
                && k < s + 4
                && (doc.capitalised(k)
                    || doc.kind(k) == Some(TokenKind::Number)
                    || (doc.tok(k) == "." && !full_stop(doc, k))
                    || matches!(
                        lower(doc, k),
                        "week" | "month" | "night" | "morning" | "evening" | "afternoon"
                    ))
            {
                k += 1;
            }
            if is_punct(doc, k, ",") {
                k += 1;
            }
            return k;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (cue, source, content) texts of each attribution; fragments joined with " | ".
    fn parts(text: &str) -> Vec<(String, String, String)> {
        let doc = Doc::new(text);
        attributions(&doc)
            .iter()
            .map(|a| {
                let j = |v: &[Range<usize>]| {
                    v.iter()
                        .map(|r| doc.slice(r.clone()))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                (
                    j(&a.cue),
                    a.source
                        .clone()
                        .map_or(String::new(), |s| doc.slice(s).to_string()),
                    j(&a.content),
                )
            })
            .collect()
    }

    fn one(text: &str) -> (String, String, String) {
        let p = parts(text);
        assert_eq!(p.len(), 1, "{text}: {p:?}");
        p[0].clone()
    }

    fn t(c: &str, s: &str, x: &str) -> (String, String, String) {
        (c.to_string(), s.to_string(), x.to_string())
    }

    #[test]
    fn said_that() {
        assert_eq!(
            one("The mayor said that the bridge would reopen in May."),
            t("said", "The mayor", "that the bridge would reopen in May")
        );
    }

    #[test]
    fn said_without_that_and_with_an_adverbial() {
        assert_eq!(
            one("A port official said on Friday the ferry had been delayed."),
            t("said", "A port official", "the ferry had been delayed")
        );
        assert_eq!(
            one("Harbour master Ines Vall said in a Friday post on Telegram that two ships sank."),
            t("said", "Harbour master Ines Vall", "that two ships sank")
        );
    }

    #[test]
    fn told_skips_the_recipient() {
        let (c, s, x) = one("The minister told reporters on Tuesday that talks had stalled.");
        assert_eq!((c.as_str(), s.as_str()), ("told", "The minister"));
        assert_eq!(x, "that talks had stalled");
        let (_, _, x) = one("A diplomat told the Daily Gazette the envoy would resign.");
        assert_eq!(x, "the envoy would resign");
    }

    #[test]
    fn postposed_quote_keeps_its_marks_and_comma() {
        assert_eq!(
            one("“We will rebuild the dam,” Governor Ana Ruiz said."),
            t("said", "Governor Ana Ruiz", "“We will rebuild the dam,”")
        );
    }

    #[test]
    fn inverted_speaker_after_the_verb() {
        assert_eq!(
            one("“The river is rising,” said Tomas Berg, a hydrologist."),
            t("said", "Tomas Berg", "“The river is rising,”")
        );
        assert_eq!(
            one("There is evidence of a leak, stated Fire Chief Dana Okafor during a briefing."),
            t(
                "stated",
                "Fire Chief Dana Okafor",
                "There is evidence of a leak"
            )
        );
    }

    #[test]
    fn postposed_unquoted_content_drops_its_comma() {
        assert_eq!(
            one("The curfew was a response to the riots, city officials said."),
            t(
                "said",
                "city officials",
                "The curfew was a response to the riots"
            )
        );
    }

    #[test]
    fn appositive_source_and_cue_adverbs() {
        assert_eq!(
            one(
                "Lea Marr, the head of the Office for Coastal Safety at the Port Authority, also said that the pier was closed."
            ),
            t(
                "also said",
                "Lea Marr, the head of the Office for Coastal Safety at the Port Authority",
                "that the pier was closed"
            )
        );
    }

    #[test]
    fn according_to_before_and_after() {
        assert_eq!(
            one("According to a source in the harbour police, two ships are missing."),
            t(
                "According to",
                "a source in the harbour police",
                "two ships are missing"
            )
        );
        assert_eq!(
            one("Two ships are missing, according to the coast guard."),
            t("according to", "the coast guard", "Two ships are missing")
        );
    }

    #[test]
    fn gerund_and_second_verb_share_the_speaker() {
        let p = parts("“We see no risk,” Ruiz said, adding that the dam was sound.");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0], t("said", "Ruiz", "“We see no risk,”"));
        assert_eq!(p[1], t("adding", "Ruiz", "that the dam was sound"));
        let p = parts("The council said the vote will go ahead and noted that turnout was high.");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0], t("said", "The council", "the vote will go ahead"));
        assert_eq!(p[1], t("noted", "The council", "that turnout was high"));
    }

    #[test]
    fn two_speakers_in_one_sentence() {
        let p = parts(
            "A clerk told the Gazette “we saw smoke,” while police said they were investigating.",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].2, "“we saw smoke,”");
        assert_eq!(p[1], t("said", "police", "they were investigating"));
    }

    #[test]
    fn pronoun_speaker_and_stative_cues() {
        assert_eq!(
            one("He is convinced that the levee will hold."),
            t("is convinced", "He", "that the levee will hold")
        );
        assert_eq!(
            one("The agency has information that the pumps failed."),
            t("has information", "The agency", "that the pumps failed")
        );
    }

    #[test]
    fn quote_from_headed_line() {
        assert_eq!(
            one("Quote from Okafor: \"We have contained the fire.\""),
            t("Quote from", "Okafor", "\"We have contained the fire.\"")
        );
    }

    #[test]
    fn passive_with_relative_subject_borrows_the_content() {
        let doc = Doc::new(
            "The city first claimed that the dam was cracked, a fact that was later confirmed by the regional authority.",
        );
        let a = attributions(&doc);
        assert_eq!(a.len(), 2);
        assert!(a[1].borrowed);
        assert_eq!(
            doc.slice(a[1].source.clone().unwrap()),
            "the regional authority"
        );
    }

    #[test]
    fn a_following_quotation_continues_the_speaker() {
        let p = parts("“We are ready,” Ruiz said. “The pumps work.”\n“Nothing failed.”");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(
            p[0].2,
            "“We are ready,” | “The pumps work.” | “Nothing failed.”"
        );
    }

    #[test]
    fn a_split_content_has_two_fragments() {
        assert_eq!(
            one("The bridge, the engineer said, will reopen."),
            t("said", "the engineer", "The bridge | will reopen")
        );
    }

    #[test]
    fn nouns_and_passives_are_not_cues() {
        assert!(parts("The reports of flooding were exaggerated.").is_empty());
        assert!(parts("The ferry is expected to arrive on Monday.").is_empty());
        assert!(parts("").is_empty());
    }
}
