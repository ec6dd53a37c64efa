//! Errors and their one renderer.
//!
//! Every problem with an input becomes a [`Diagnostic`] that names the file and, where the problem has a
//! place in the text, the line, the column and the offending text with a caret under it. The binary
//! prints them in one place ([`Error::render`]) and picks the exit code ([`Error::exit_code`]).

use std::fmt::{self, Write as _};
use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

/// A text we read, kept so that byte spans can be turned into line, column and a quoted line.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The name shown in messages: the path as the user typed it, or `<embedded …>`.
    pub name: String,
    pub text: String,
    /// Byte offsets of line starts, built on the first diagnostic (so many diagnostics in a large
    /// file cost one pass, not one pass each).
    line_starts: OnceLock<Vec<usize>>,
}

/// The widest part of a line quoted under a message; longer lines are cut around the caret.
const SNIPPET_WIDTH: usize = 100;

impl SourceText {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceText {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// A diagnostic pointing at `span` (byte offsets into the text).
    pub fn diag(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let start = span.start.min(self.text.len());
        // Walk back to a char boundary so that slicing never panics on odd spans.
        let start = (0..=start)
            .rev()
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(0);
        let starts = self.line_starts();
        let line_idx = starts.partition_point(|&s| s <= start).saturating_sub(1);
        let line_start = starts[line_idx];
        let line_end = starts
            .get(line_idx + 1)
            .map_or(self.text.len(), |&n| n.saturating_sub(1));
        let line_no = line_idx + 1;
        let column = self.text[line_start..start].chars().count() + 1;
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let end = span.end.clamp(start, line_end);
        let width = self
            .text
            .get(start..end)
            .map_or(1, |s| s.chars().count())
            .max(1);
        // Cut very long lines to a window around the caret.
        let chars: Vec<char> = line_text.chars().collect();
        let (text, caret_column) = if chars.len() <= SNIPPET_WIDTH {
            (line_text.to_string(), column)
        } else {
            let from = (column - 1).saturating_sub(SNIPPET_WIDTH / 2);
            let to = (from + SNIPPET_WIDTH).min(chars.len());
            let mut t: String = chars[from..to].iter().collect();
            let mut caret = column - from;
            if from > 0 {
                t.insert(0, '…');
                caret += 1;
            }
            if to < chars.len() {
                t.push('…');
            }
            (t, caret)
        };
        Diagnostic {
            file: self.name.clone(),
            line: Some(line_no),
            column: Some(column),
            message: message.into(),
            snippet: Some(Box::new(Snippet {
                text,
                caret_column,
                caret_width: width.min(SNIPPET_WIDTH),
            })),
            field: None,
        }
    }

    /// A diagnostic about the file as a whole (no place in it).
    pub fn diag_file(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::file(&self.name, message)
    }
}

/// One line of input quoted under a message, with a caret.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub caret_column: usize,
    pub caret_width: usize,
}

/// One problem found in an input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    #[serde(skip)]
    pub snippet: Option<Box<Snippet>>,
    /// For a problem with one value of a row of a bulk file, which value it is, until the file is
    /// read again to give its column and snippet ([`crate::bulk::place`]).
    #[serde(skip)]
    pub field: Option<Box<FieldAt>>,
}

/// Where a value is in a row of a bulk file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldAt {
    /// The value of a CSV / TSV record at this place among the file's columns (0-based).
    Delimited { index: usize, delimiter: u8 },
    /// The end of a CSV / TSV record (where its missing values would be).
    End { delimiter: u8 },
    /// The value of this key of a JSON Lines object.
    Key(&'static str),
}

impl Diagnostic {
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
            snippet: None,
            field: None,
        }
    }

    /// `file:line:column`, `file:line` or just `file`.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{}:{}", self.file, l, c),
            (Some(l), None) => format!("{}:{}", self.file, l),
            _ => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-style: the message, then `--> file:line:col`, the line and a caret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", crate::text::bound_echo(&self.message))?;
        write!(f, "  --> {}", self.location())?;
        if let (Some(snip), Some(line)) = (&self.snippet, self.line) {
            let gutter = line.to_string().len();
            let pad = " ".repeat(gutter);
            // Tabs would misplace the caret: single spaces. Control characters and bidirectional
            // overrides from the input must not reach the terminal as such: one visible
            // character each, so the caret stays in place.
            let shown: String = snip
                .text
                .chars()
                .map(|c| {
                    if c == '\t' {
                        ' '
                    } else {
                        crate::text::safe_char(c)
                    }
                })
                .collect();
            write!(
                f,
                "\n{pad} |\n{line} | {shown}\n{pad} | {}{}",
                " ".repeat(snip.caret_column.saturating_sub(1)),
                "^".repeat(snip.caret_width.min(80))
            )?;
        }
        Ok(())
    }
}

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: one or more problems in the files we were given (exit 2).
    #[error("{} problem(s) in the input", .0.len())]
    Input(Vec<Diagnostic>),
    /// The command line asks for something that cannot be done (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The run itself failed, e.g. an output could not be written (exit 1).
    #[error("{0}")]
    Run(String),
}

impl Error {
    pub fn input(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }

    /// 0 ok, 1 failure of the run, 2 bad input or usage.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            Error::Run(_) => 1,
        }
    }

    /// The text printed on stderr: every echoed value bounded, every control character visible.
    pub fn render(&self) -> String {
        let mut out = String::new();
        match self {
            Error::Input(diags) => {
                for d in diags {
                    let _ = writeln!(out, "{d}");
                }
                if diags.len() > 1 {
                    let _ = writeln!(out, "{} problems found", diags.len());
                }
            }
            Error::Usage(m) | Error::Run(m) => {
                let _ = writeln!(out, "error: {}", crate::text::bound_echo(m));
            }
        }
        // Messages quote what they were given (ids, values, file names, arguments): nothing of
        // it reaches the terminal as a control character.
        crate::text::terminal_safe(&out)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_becomes_line_column_and_caret() {
        let src = SourceText::new("a.toml", "x = 1\nkind = \"blog\"\n");
        let d = src.diag(13..19, "unknown kind `blog`");
        assert_eq!(d.location(), "a.toml:2:8");
        assert_eq!(
            d.to_string(),
            "error: unknown kind `blog`\n  --> a.toml:2:8\n  |\n2 | kind = \"blog\"\n  |        ^^^^^^"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = SourceText::new("a.toml", "name = \"é\" x");
        let d = src.diag(11..12, "m");
        assert_eq!(d.column, Some(11));
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("x = {}", "[".repeat(1000));
        let src = SourceText::new("a.toml", format!("a = 1\n{line}\n"));
        let d = src.diag(6 + 500..6 + 501, "too deep");
        assert_eq!(d.column, Some(501));
        let snip = d.snippet.unwrap();
        assert_eq!(snip.text.chars().count(), SNIPPET_WIDTH + 2);
        assert_eq!(snip.text.chars().nth(snip.caret_column - 1), Some('['));
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let src = SourceText::new("a.toml", "é");
        let d = src.diag(1..99, "m");
        assert_eq!(d.line, Some(1));
    }
}
