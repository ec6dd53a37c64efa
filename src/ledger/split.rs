//! Large TOML ledgers parsed in pieces, on every core.
//!
//! The `toml` crate builds a document tree of the whole file before serde sees it: a 36 MB ledger
//! took about 1.1 GB and 6 s of CPU. A ledger is mostly `[[reports]]` (and `[[claims]]`,
//! `[[sources]]`, `[[questions]]`) tables, each complete in itself, so the file is cut at those
//! header lines into pieces of about [`PIECE_BYTES`], each piece is parsed alone into a
//! [`LedgerFile`] (in parallel), every span is moved by the piece's offset, and the pieces' lists
//! are joined in file order: the same [`LedgerFile`] as one parse of the whole text.
//!
//! Why the same: a TOML document is its root table (the text before the first header) followed by
//! its tables; a `[[kind]]` header at the start of a line outside any string starts a new element
//! of the array `kind`, whatever came before. So cutting there changes nothing, except in the
//! cases checked below, where the whole text is parsed instead:
//! - a cut inside a multi-line string, array or inline table (the scanner follows strings and
//!   comments; any other such cut leaves a piece unterminated, so that piece fails to parse);
//! - any piece that fails to parse (the whole text is parsed, so that every message and position
//!   is exactly the one-parse one);
//! - `[case]` in more than one piece, or the root table (first piece) holding a key that a later
//!   header extends (`reports = [...]` then `[[reports]]` is an error in one parse).
//!
//! Small files (under two pieces) are parsed whole.

use rayon::prelude::*;
use toml::Spanned;

use super::format::{
    CaseFile, ClaimFile, LedgerFile, QuestionFile, ReportFile, ResolutionFile, SourceFile,
};

/// Bytes per piece: enough that a piece's parse costs far more than starting one, few enough that
/// the pieces parsed at once (one per core) hold little memory.
const PIECE_BYTES: usize = 1 << 16;

/// The array headers a ledger is cut at.
const KINDS: [&str; 4] = ["sources", "questions", "claims", "reports"];

/// Parses a TOML ledger file's text, in pieces when it is large.
pub fn parse_file(text: &str) -> Result<LedgerFile, toml::de::Error> {
    match cuts(text) {
        Some(cuts) if cuts.len() > 2 => match parse_pieces(text, &cuts) {
            Some(file) => Ok(file),
            None => toml::from_str(text),
        },
        _ => toml::from_str(text),
    }
}

/// The pieces' parses joined, or `None` where the one parse of the whole must decide.
fn parse_pieces(text: &str, cuts: &[usize]) -> Option<LedgerFile> {
    let bounds: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    // The root table: no key of it may be one that a header of a later piece extends.
    let root: toml::Table = toml::from_str(&text[..bounds[0].1]).ok()?;
    if KINDS.iter().any(|k| root.contains_key(*k)) {
        return None;
    }
    let parsed: Vec<Option<LedgerFile>> = bounds
        .par_iter()
        .map(|&(a, b)| {
            toml::from_str::<LedgerFile>(&text[a..b])
                .ok()
                .map(|f| f.shifted(a))
        })
        .collect();
    let mut out = LedgerFile::default();
    for piece in parsed {
        let piece = piece?;
        if piece.case.is_some() {
            if out.case.is_some() {
                return None;
            }
            out.case = piece.case;
        }
        out.sources.extend(piece.sources);
        out.questions.extend(piece.questions);
        out.claims.extend(piece.claims);
        out.reports.extend(piece.reports);
    }
    Some(out)
}

/// Where the pieces start and end: 0, the start of some `[[kind]]` header lines (the first one,
/// then one at least [`PIECE_BYTES`] after the previous cut), and the end of the text. `None` when
/// the text ends inside a string (the one parse reports it).
fn cuts(text: &str) -> Option<Vec<usize>> {
    let b = text.as_bytes();
    let mut cuts = vec![0];
    let mut at = 0;
    // Inside a multi-line string: its quote (`"` or `'`).
    let mut open: Option<u8> = None;
    while at < b.len() {
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i + 1);
        let line = &b[at..end];
        if open.is_none()
            && (cuts.len() == 1 || at - cuts[cuts.len() - 1] >= PIECE_BYTES)
            && is_kind_header(line)
        {
            cuts.push(at);
        }
        open = scan_line(line, open);
        at = end;
    }
    if open.is_some() {
        return None;
    }
    cuts.push(b.len());
    Some(cuts)
}

/// Whether `line` is `[[kind]]` for one of [`KINDS`] (spaces allowed, a comment after it).
fn is_kind_header(line: &[u8]) -> bool {
    let s = match std::str::from_utf8(line) {
        Ok(s) => s.trim_start_matches([' ', '\t']),
        Err(_) => return false,
    };
    let Some(rest) = s.strip_prefix("[[") else {
        return false;
    };
    let Some((key, after)) = rest.split_once("]]") else {
        return false;
    };
    let after = after.trim();
    KINDS.contains(&key.trim_matches([' ', '\t'])) && (after.is_empty() || after.starts_with('#'))
}

/// Follows one line's strings and comments; returns the multi-line string still open at its end.
fn scan_line(line: &[u8], mut open: Option<u8>) -> Option<u8> {
    let mut i = 0;
    while i < line.len() {
        if let Some(q) = open {
            // Inside a multi-line string: a run of 3 to 5 quotes closes it (up to two belong to
            // the string); in a basic one, a backslash escapes the next character.
            if q == b'"' && line[i] == b'\\' {
                i += 2;
                continue;
            }
            if line[i] == q {
                let run = line[i..].iter().take_while(|&&c| c == q).count();
                i += run;
                if run >= 3 {
                    open = None;
                }
                continue;
            }
            i += 1;
            continue;
        }
        match line[i] {
            b'#' => return None,
            q @ (b'"' | b'\'') => {
                if line[i..].starts_with(&[q, q, q]) {
                    open = Some(q);
                    i += 3;
                    continue;
                }
                // A one-line string: to its closing quote (escapes in basic strings).
                i += 1;
                while i < line.len() && line[i] != q && line[i] != b'\n' {
                    if q == b'"' && line[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    open
}

fn shift<T>(s: Spanned<T>, by: usize) -> Spanned<T> {
    let span = s.span();
    Spanned::new(span.start + by..span.end + by, s.into_inner())
}

fn shift_opt<T>(s: Option<Spanned<T>>, by: usize) -> Option<Spanned<T>> {
    s.map(|s| shift(s, by))
}

fn shift_all<T>(v: Vec<Spanned<T>>, by: usize) -> Vec<Spanned<T>> {
    v.into_iter().map(|s| shift(s, by)).collect()
}

/// Every span moved by `by` bytes. The structs are taken apart field by field, so that a new
/// spanned field cannot be forgotten here (the pattern would not compile).
trait Shifted {
    fn shifted(self, by: usize) -> Self;
}

impl Shifted for LedgerFile {
    fn shifted(self, by: usize) -> Self {
        let LedgerFile {
            case,
            sources,
            questions,
            claims,
            reports,
        } = self;
        LedgerFile {
            case: case.map(|c| c.shifted(by)),
            sources: sources.into_iter().map(|x| x.shifted(by)).collect(),
            questions: questions.into_iter().map(|x| x.shifted(by)).collect(),
            claims: claims.into_iter().map(|x| x.shifted(by)).collect(),
            reports: reports.into_iter().map(|x| x.shifted(by)).collect(),
        }
    }
}

impl Shifted for CaseFile {
    fn shifted(self, by: usize) -> Self {
        let CaseFile { title, as_of, note } = self;
        CaseFile {
            title,
            as_of: shift_opt(as_of, by),
            note,
        }
    }
}

impl Shifted for SourceFile {
    fn shifted(self, by: usize) -> Self {
        let SourceFile {
            id,
            name,
            kind,
            official,
            organisation,
            government,
            interested,
            side,
            grade,
            note,
        } = self;
        SourceFile {
            id: shift(id, by),
            name: shift(name, by),
            kind,
            official,
            organisation,
            government,
            interested,
            side,
            grade,
            note,
        }
    }
}

impl Shifted for QuestionFile {
    fn shifted(self, by: usize) -> Self {
        let QuestionFile {
            id,
            text,
            exhaustive,
        } = self;
        QuestionFile {
            id: shift(id, by),
            text: shift(text, by),
            exhaustive,
        }
    }
}

impl Shifted for ClaimFile {
    fn shifted(self, by: usize) -> Self {
        let ClaimFile {
            id,
            statement,
            tags,
            question,
            resolution,
            kind,
            favours,
            disfavours,
            url,
        } = self;
        ClaimFile {
            id: shift(id, by),
            statement: shift(statement, by),
            tags,
            question: shift_opt(question, by),
            resolution: resolution.map(|r| r.shifted(by)),
            kind,
            favours: shift_all(favours, by),
            disfavours: shift_all(disfavours, by),
            url: shift_opt(url, by),
        }
    }
}

impl Shifted for ResolutionFile {
    fn shifted(self, by: usize) -> Self {
        let ResolutionFile {
            outcome,
            date,
            note,
            citation,
        } = self;
        ResolutionFile {
            outcome: shift(outcome, by),
            date: shift_opt(date, by),
            note,
            citation,
        }
    }
}

impl Shifted for ReportFile {
    fn shifted(self, by: usize) -> Self {
        let ReportFile {
            id,
            claim,
            source,
            stance,
            stated,
            published,
            dates,
            via,
            cites,
            verification,
            hedging,
            document,
            quote,
            note,
        } = self;
        ReportFile {
            id: shift(id, by),
            claim: shift(claim, by),
            source: shift(source, by),
            stance,
            stated: shift(stated, by),
            published: shift_opt(published, by),
            dates,
            via: shift_all(via, by),
            cites: shift_opt(cites, by),
            verification,
            hedging,
            document,
            quote,
            note,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger of `n` reports with every awkward thing a cut could meet: comments, headers with
    /// spaces and comments, multi-line strings holding header-like lines and quote runs, escapes,
    /// CRLF line ends, sub-tables and dotted keys.
    fn ledger(n: usize, crlf: bool) -> String {
        let mut t = String::from("# a ledger\n[case]\ntitle = \"big\"\nas_of = 2024-12-31\n\n");
        t.push_str("[[sources]]\nid = \"s1\"\nname = \"S1\"\nkind = \"newspaper\"\n");
        t.push_str("[[claims]]\nid = \"c1\"\nstatement = '''\n[[reports]]\nnot a header'''\n");
        for i in 0..n {
            match i % 5 {
                0 => t.push_str("[[reports]]\n"),
                1 => t.push_str("  [[ reports ]]  # with a comment\n"),
                _ => t.push_str("[[reports]]\r\n"),
            }
            t.push_str(&format!(
                "id = \"r{i}\"\nclaim = \"c1\"\nsource = \"s1\"\nstance = \"supports\"\nstated = 2024-01-{:02}\n",
                i % 28 + 1
            ));
            if i % 7 == 0 {
                t.push_str("quote = \"\"\"\n[[reports]]\nid = \\\"fake\\\" \"\"\"\"\"\n");
            }
            if i % 11 == 0 {
                t.push_str("note = \"a # not a comment, \\\" [[reports]]\"  # a comment \"\n");
            }
            if i % 13 == 0 {
                t.push_str("via = [\n  \"s1\", # the outlet\n]\n");
            }
        }
        t.push_str("[[questions]]\nid = \"q1\"\ntext = \"Q?\"\n");
        if crlf {
            t = t.replace('\n', "\r\n").replace("\r\r\n", "\r\n");
        }
        t
    }

    #[test]
    fn pieces_give_the_one_parse_spans_included() {
        for crlf in [false, true] {
            let text = ledger(3000, crlf);
            let cut = cuts(&text).unwrap();
            assert!(cut.len() > 4, "{} pieces", cut.len() - 1);
            let one: LedgerFile = toml::from_str(&text).unwrap();
            let pieces = parse_pieces(&text, &cut).expect("parsed in pieces");
            assert_eq!(format!("{pieces:?}"), format!("{one:?}"));
            assert_eq!(one.reports.len(), 3000);
            assert!(
                one.reports[7]
                    .quote
                    .as_deref()
                    .unwrap()
                    .contains("[[reports]]")
            );
        }
    }

    #[test]
    fn what_one_parse_refuses_is_left_to_it() {
        // A key of the root table that a later header extends.
        let mut text = String::from("reports = []\n");
        text.push_str(&ledger(3000, false).replace("[case]", "[other]"));
        assert!(cuts(&text).unwrap().len() > 2);
        let whole = toml::from_str::<LedgerFile>(&text).map(|_| ()).unwrap_err();
        let split = parse_file(&text).map(|_| ()).unwrap_err();
        assert_eq!(split.to_string(), whole.to_string());
        // `[case]` twice, far apart.
        let text = format!("{}[case]\ntitle = \"again\"\n", ledger(3000, false));
        let whole = toml::from_str::<LedgerFile>(&text).map(|_| ()).unwrap_err();
        let split = parse_file(&text).map(|_| ()).unwrap_err();
        assert_eq!(split.to_string(), whole.to_string());
        // An error deep in the file: the one parse's message and place.
        let text = ledger(3000, false).replace("id = \"r2500\"", "id = \"r2500\"\nid = \"x\"");
        let whole = toml::from_str::<LedgerFile>(&text).map(|_| ()).unwrap_err();
        let split = parse_file(&text).map(|_| ()).unwrap_err();
        assert_eq!(split.to_string(), whole.to_string());
        assert_eq!(split.span(), whole.span());
        // A multi-line string left open.
        let text = format!("{}quote = \"\"\"\n[[reports]]\n", ledger(3000, false));
        assert_eq!(cuts(&text), None);
        assert!(parse_file(&text).is_err());
    }

    #[test]
    fn only_array_headers_of_the_ledger_cut() {
        assert!(is_kind_header(b"[[reports]]\n"));
        assert!(is_kind_header(b" [[ claims ]] # c\r\n"));
        assert!(!is_kind_header(b"[[reports.via]]\n"));
        assert!(!is_kind_header(b"[reports]\n"));
        assert!(!is_kind_header(b"[[reports]] x = 1\n"));
        assert!(!is_kind_header(b"[[\"reports\"]]\n"));
        assert_eq!(scan_line(b"a = \"\"\"x\n", None), Some(b'"'));
        assert_eq!(scan_line(b"x\"\"\"\"\" # end\n", Some(b'"')), None);
        assert_eq!(
            scan_line(b"x \\\"\"\" still open\n", Some(b'"')),
            Some(b'"')
        );
        assert_eq!(scan_line(b"a = '''x''' # '''\n", None), None);
        assert_eq!(scan_line(b"a = \"'''\" # \"\"\"\n", None), None);
    }
}
