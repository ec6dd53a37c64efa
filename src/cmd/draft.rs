//! `corroborate draft ARTICLE.txt...`: from clap's arguments to a validated plan, and from a plan
//! to the ledger draft (or the spans) written. The text analysis is in [`crate::draft`].

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::emit;
use crate::draft::{self, Article, Options};
use crate::error::{Diagnostic, Error, Result, SourceText};
use crate::output::Destination;
use crate::read::{Capped, MAX_TOML_BYTES, is_cap, open, read_text};

/// The largest article read: news articles are a few tens of kilobytes; a larger file is not one.
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1_048_576;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftFormat {
    /// A ledger draft (TOML) with a `# review:` comment on every guess.
    Toml,
    /// One JSON object per article per line: the cue, source and content spans of each
    /// attribution (character offsets) and its speaker's id.
    Spans,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// Plain-text news articles (UTF-8).
    #[arg(value_name = "ARTICLE", required = true)]
    pub articles: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) of the articles that print none in their first lines.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// The outlet the articles were read in (default: one unnamed outlet per article, to edit).
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// Add to this existing ledger without duplicating its sources or claims; its text and
    /// comments are kept. The result goes to -o or standard output; the ledger is never changed.
    #[arg(long, value_name = "LEDGER")]
    pub merge: Option<PathBuf>,
    /// `toml`: the ledger draft; `spans`: the attribution spans, for measuring precision and
    /// recall.
    #[arg(long, value_enum, default_value_t = DraftFormat::Toml)]
    pub format: DraftFormat,
    #[command(flatten)]
    pub output: super::args::OutputArgs,
}

/// A validated draft run.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftPlan {
    pub articles: Vec<PathBuf>,
    pub options: Options,
    pub merge: Option<PathBuf>,
    pub format: DraftFormat,
    pub output: Destination,
}

pub fn plan(a: DraftArgs) -> Result<DraftPlan> {
    let published = match a.published.as_deref() {
        Some(s) => Some(
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .filter(|_| s.len() == 10)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "invalid --published `{}`: expected a date as YYYY-MM-DD",
                        crate::text::terminal_safe(&s.chars().take(40).collect::<String>())
                    ))
                })?,
        ),
        None => None,
    };
    if let Some(o) = &a.outlet
        && (o.trim().is_empty() || o.chars().count() > 200)
    {
        return Err(Error::Usage(
            "invalid --outlet: expected the outlet's name (1 to 200 characters)".into(),
        ));
    }
    if a.merge.is_some() && a.format == DraftFormat::Spans {
        return Err(Error::Usage(
            "--merge adds to a ledger: it needs --format toml, not spans".into(),
        ));
    }
    Ok(DraftPlan {
        articles: a.articles,
        options: Options {
            published,
            outlet: a.outlet.map(|o| o.trim().to_string()),
        },
        merge: a.merge,
        format: a.format,
        output: super::args::destination(a.output),
    })
}

/// Reads one article: a UTF-8 text file (or standard input, `-`), not empty, not binary, of at
/// most [`MAX_ARTICLE_BYTES`] bytes actually read.
pub fn read_article(path: &Path) -> std::result::Result<Article, Diagnostic> {
    let what = "a text file holding a news article";
    let opened = open(path, what)?;
    let name = opened.name.clone();
    if let Some(size) = opened.size
        && size > MAX_ARTICLE_BYTES
    {
        return Err(Diagnostic::file(
            &name,
            format!(
                "is {:.1} MiB; expected a news article of at most {} MiB",
                size as f64 / 1_048_576.0,
                MAX_ARTICLE_BYTES / 1_048_576
            ),
        ));
    }
    let mut bytes = Vec::new();
    if let Err(e) = Capped::new(opened.reader, MAX_ARTICLE_BYTES).read_to_end(&mut bytes) {
        if is_cap(&e) {
            return Err(Diagnostic::file(
                &name,
                format!(
                    "passed {} MiB while being read; expected a news article of at most {} MiB",
                    MAX_ARTICLE_BYTES / 1_048_576,
                    MAX_ARTICLE_BYTES / 1_048_576
                ),
            ));
        }
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        return Err(Diagnostic::file(
            &name,
            format!("cannot read the file: {why}"),
        ));
    }
    let text =
        match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let valid = String::from_utf8_lossy(&bytes[..at]).into_owned();
                let src = SourceText::new(name.clone(), valid);
                let mut d = src.diag(at..at, format!(
                "is not valid UTF-8 (byte 0x{:02X} at offset {at}); expected a UTF-8 text file",
                bytes[at]
            ));
                d.snippet = None;
                return Err(d);
            }
        };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    // Binary data: a NUL, or other control characters than tab, newline, carriage return and
    // form feed.
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| c == '\0' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')))
    {
        let src = SourceText::new(name.clone(), text.clone());
        let mut d = src.diag(at..at + c.len_utf8(), format!(
            "holds the control character U+{:04X}: a binary file; expected the plain text of a news article",
            c as u32
        ));
        d.snippet = None;
        return Err(d);
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::file(
            &name,
            "is empty; expected the text of a news article",
        ));
    }
    // CRLF line ends: the analysis sees "\n" only, and offsets still count the file's characters
    // ("\r" stays in the text as a space-like character).
    Ok(Article { name, text })
}

/// Carries out a draft plan.
pub fn run(p: &DraftPlan, out: &mut dyn Write) -> Result<()> {
    let mut protected: Vec<PathBuf> = p.articles.clone();
    protected.extend(p.merge.iter().cloned());
    protected.retain(|x| !crate::read::is_stdin(x));
    emit::check(&p.output, &protected)?;
    let mut articles = Vec::new();
    let mut diags = Vec::new();
    for a in &p.articles {
        match read_article(a) {
            Ok(x) => articles.push(x),
            Err(d) => diags.push(d),
        }
    }
    let existing = match &p.merge {
        Some(m) => match read_text(m, MAX_TOML_BYTES, "a TOML ledger") {
            Ok(t) => Some(t),
            Err(d) => {
                diags.push(d);
                None
            }
        },
        None => None,
    };
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let d = draft::draft(&articles, &p.options);
    let text = match p.format {
        DraftFormat::Spans => draft::spans::render(&d),
        DraftFormat::Toml => {
            let undated: Vec<Diagnostic> = d
                .articles
                .iter()
                .filter(|a| a.published.is_none())
                .map(|a| {
                    Diagnostic::file(
                        &a.name,
                        "prints no publication date in its first 15 lines; expected one there, or give it with --published YYYY-MM-DD",
                    )
                })
                .collect();
            if !undated.is_empty() {
                return Err(Error::Input(undated));
            }
            match &existing {
                Some(src) => {
                    // The ledger to add to must itself be valid.
                    crate::ledger::parse_ledgers(std::slice::from_ref(src))?;
                    draft::toml_out::merge(&src.text, &d)
                        .map_err(|m| Error::input(src.diag_file(m)))?
                        .0
                }
                None => draft::toml_out::render(&d),
            }
        }
    };
    emit::emit(&p.output, &text, &protected, out)
}
