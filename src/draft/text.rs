//! Tokens, sentences and paragraphs of an article, with byte offsets into its text.
//!
//! A rule-based splitter of our own: news text abbreviates titles and months ("Maj. Gen.", "Nov.
//! 12", "U.S."), and the Unicode sentence rules (UAX #29, as in `unicode-segmentation`) break after
//! every one of them. Quotation marks are classified here, once, as opening or closing.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with inner apostrophes, hyphens and abbreviation dots ("they’ve",
    /// "cross-border", "U.S.").
    Word,
    /// Digits with inner separators ("10,000", "3.5").
    Number,
    /// An opening double quotation mark (“, or " before a word).
    OpenQuote,
    /// A closing double quotation mark (”, or " after a word).
    CloseQuote,
    /// Any other character that is not a space.
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Index of the paragraph (line) the token is on.
    pub paragraph: usize,
}

/// A tokenised article: the text, its tokens and its sentences (as token ranges).
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    /// Each token in lower case ([`normalise`]), made once: the rules ask for it many times.
    lows: Vec<String>,
    /// Token ranges, in order, covering every token once.
    pub sentences: Vec<Range<usize>>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let lows = tokens
            .iter()
            .map(|t| normalise(&text[t.start..t.end]))
            .collect();
        Doc {
            text,
            tokens,
            lows,
            sentences,
        }
    }

    /// The text of token `i`.
    pub fn tok(&self, i: usize) -> &'a str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// The token's text in lower case (ASCII letters only; enough for the lexicon).
    pub fn lower(&self, i: usize) -> &str {
        self.lows.get(i).map_or("", String::as_str)
    }

    /// The text from the start of token `a` to the end of token `b - 1`.
    pub fn slice(&self, r: Range<usize>) -> &'a str {
        if r.start >= r.end || r.end > self.tokens.len() {
            return "";
        }
        &self.text[self.tokens[r.start].start..self.tokens[r.end - 1].end]
    }

    /// Byte range of tokens `r`.
    pub fn bytes(&self, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end || r.end > self.tokens.len() {
            return 0..0;
        }
        self.tokens[r.start].start..self.tokens[r.end - 1].end
    }

    pub fn is(&self, i: usize, word: &str) -> bool {
        self.lower(i) == word
    }

    pub fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// True when the token starts with an upper-case letter.
    pub fn capitalised(&self, i: usize) -> bool {
        i < self.tokens.len()
            && self.tokens[i].kind == TokenKind::Word
            && self.tok(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences
            .partition_point(|s| s.end <= i)
            .min(self.sentences.len().saturating_sub(1))
    }
}

/// Lower case with typographic apostrophes made plain, so that "Ukraine’s" and "Ukraine's" are one
/// word.
pub fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '’' | '‘' | 'ʼ' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Splits the text into tokens. Newlines separate paragraphs.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let byte = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let mut tokens = Vec::new();
    let mut paragraph = 0;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if c == '\n' {
            paragraph += 1;
            k += 1;
            continue;
        }
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        let start = k;
        let kind;
        if c.is_alphanumeric() {
            let digits_only = c.is_ascii_digit();
            let mut all_digits = digits_only;
            k += 1;
            loop {
                match at(k) {
                    Some(d) if d.is_alphanumeric() => {
                        all_digits &= d.is_ascii_digit();
                        k += 1;
                    }
                    // Inner apostrophe, hyphen or (between digits) a separator: part of the word.
                    Some(d)
                        if (is_apostrophe(d) || is_hyphen(d))
                            && at(k + 1).is_some_and(char::is_alphanumeric) =>
                    {
                        all_digits = false;
                        k += 2;
                    }
                    Some(',' | '.')
                        if all_digits && at(k + 1).is_some_and(|d| d.is_ascii_digit()) =>
                    {
                        k += 2;
                    }
                    // Abbreviations written with inner dots: "U.S.", "a.m.", "D.C.".
                    Some('.')
                        if at(k + 1).is_some_and(char::is_alphabetic)
                            && at(k + 2) == Some('.')
                            && k - start <= 2 =>
                    {
                        k += 2;
                    }
                    _ => break,
                }
            }
            // The final dot of a dotted abbreviation ("U.S.") belongs to it.
            let word: String = chars[start..k].iter().map(|&(_, c)| c).collect();
            if word.contains('.') && at(k) == Some('.') {
                k += 1;
            }
            kind = if all_digits {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
        } else {
            k += 1;
            kind = match c {
                '“' | '„' => TokenKind::OpenQuote,
                '”' => TokenKind::CloseQuote,
                '"' => {
                    // A straight quote opens before a word and after a space or the start.
                    let before = start.checked_sub(1).and_then(at);
                    let after = at(k);
                    let opens = before.is_none_or(|b| b.is_whitespace() || "([{—–-".contains(b))
                        && after.is_some_and(|a| !a.is_whitespace());
                    if opens {
                        TokenKind::OpenQuote
                    } else {
                        TokenKind::CloseQuote
                    }
                }
                _ => TokenKind::Punct,
            };
        }
        tokens.push(Token {
            start: byte(start),
            end: byte(k),
            kind,
            paragraph,
        });
    }
    tokens
}

/// Words after which a full stop does not end a sentence: titles, ranks, months and other
/// abbreviations of news style (AP and Reuters style books abbreviate these before names and dates).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "maj", "lt", "col", "sgt", "capt", "cmdr", "adm",
    "cpl", "pvt", "sen", "rep", "gov", "pres", "rev", "hon", "st", "jr", "sr", "no", "nos", "vol",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc",
    "corp", "co", "ltd", "vs", "etc", "approx", "dept", "est", "fig", "op", "ft", "mt",
];

fn is_abbreviation(word: &str) -> bool {
    let w = normalise(word);
    ABBREVIATIONS.contains(&w.as_str())
        // A single capital initial: "Vladimir V. Putin".
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// Sentence boundaries: after `.`, `!`, `?` (and closing quotes or brackets after them) when the
/// next token can start a sentence, and at every newline.
fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let s = &text[t.start..t.end];
        let mut end_here = false;
        let mut j = i + 1;
        if t.kind == TokenKind::Punct && matches!(s, "." | "!" | "?" | "…") {
            // Closing quotes and brackets after the stop belong to this sentence.
            while j < tokens.len()
                && tokens[j].paragraph == t.paragraph
                && (tokens[j].kind == TokenKind::CloseQuote
                    || matches!(&text[tokens[j].start..tokens[j].end], ")" | "]" | "’" | "'"))
            {
                j += 1;
            }
            let prev_abbrev = s == "."
                && i > 0
                && tokens[i - 1].end == t.start
                && is_abbreviation(&text[tokens[i - 1].start..tokens[i - 1].end]);
            let next_starts = match tokens.get(j) {
                None => true,
                Some(n) if n.paragraph != t.paragraph => true,
                Some(n) => {
                    let c = text[n.start..].chars().next().unwrap_or(' ');
                    c.is_uppercase()
                        || c.is_ascii_digit()
                        || n.kind == TokenKind::OpenQuote
                        || "‘•(".contains(c)
                }
            };
            end_here = next_starts && !prev_abbrev;
        } else if t.kind == TokenKind::Word && s.ends_with('.') && s.contains('.') {
            // "... confirmed by the U.S. The next sentence": a dotted abbreviation ending a
            // sentence is followed by a capitalised function word.
            if let Some(n) = tokens.get(j)
                && n.paragraph == t.paragraph
            {
                let next = normalise(&text[n.start..n.end]);
                end_here = SENTENCE_STARTERS.contains(&next.as_str())
                    && text[n.start..].starts_with(|c: char| c.is_uppercase());
            }
        }
        let newline_next = tokens.get(j).is_none_or(|n| n.paragraph != t.paragraph);
        if end_here || newline_next {
            out.push(start..j);
            start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Capitalised words that start a sentence far more often than they follow "U.S." inside one.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "and",
    "in",
    "on",
    "at",
    "a",
    "an",
    "this",
    "that",
    "there",
    "his",
    "her",
    "their",
    "its",
    "however",
    "meanwhile",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let d = Doc::new(text);
        (0..d.tokens.len()).map(|i| d.tok(i)).collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        let d = Doc::new(text);
        d.sentences.iter().map(|s| d.slice(s.clone())).collect()
    }

    #[test]
    fn tokens_keep_apostrophes_hyphens_numbers_and_dotted_abbreviations() {
        assert_eq!(
            words("U.S. troops’ cross-border 10,000 (HUR) said:"),
            vec![
                "U.S.",
                "troops",
                "’",
                "cross-border",
                "10,000",
                "(",
                "HUR",
                ")",
                "said",
                ":"
            ]
        );
        assert_eq!(words("they’ve 3.5"), vec!["they’ve", "3.5"]);
    }

    #[test]
    fn quotes_are_opening_or_closing() {
        let d = Doc::new("He said \"yes,\" and “no.”");
        let kinds: Vec<TokenKind> = d.tokens.iter().map(|t| t.kind).collect();
        assert_eq!(kinds[2], TokenKind::OpenQuote);
        assert_eq!(kinds[5], TokenKind::CloseQuote);
        assert_eq!(kinds[7], TokenKind::OpenQuote);
        assert_eq!(kinds[10], TokenKind::CloseQuote);
    }

    #[test]
    fn titles_months_and_initials_do_not_end_sentences() {
        assert_eq!(
            sentences(
                "Maj. Gen. Jo Ray spoke on Nov. 12. President Vladimir V. Putin did not. It rained."
            ),
            vec![
                "Maj. Gen. Jo Ray spoke on Nov. 12.",
                "President Vladimir V. Putin did not.",
                "It rained."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence_and_lines_split() {
        assert_eq!(
            sentences("“We left.” She agreed.\nA new line without a stop\nThe U.S. The end."),
            vec![
                "“We left.”",
                "She agreed.",
                "A new line without a stop",
                "The U.S.",
                "The end."
            ]
        );
    }

    #[test]
    fn empty_and_odd_text_gives_no_panic() {
        assert!(sentences("").is_empty());
        assert_eq!(sentences("...").len(), 1);
        assert_eq!(sentences("\"").len(), 1);
    }
}
