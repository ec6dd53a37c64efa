//! Where a command's text goes: standard output, or a file written atomically (never an input).

use std::io::Write;
use std::path::PathBuf;

use super::progress::CliProgress;
use crate::error::{Error, Result};
use crate::output::{Destination, check_writable, write_file};
use crate::text::terminal_safe_cow;

/// Refuses early, before any work, if the output file may not be written.
pub fn check(dest: &Destination, protected: &[PathBuf]) -> Result<()> {
    if let Destination::File { path, force } = dest {
        check_writable(path, *force, protected)?;
    }
    Ok(())
}

/// Writes `text` to `out`, made safe for a terminal (see [`terminal_safe`](crate::text::terminal_safe): every text a command
/// prints passes here or through [`emit`]). A closed pipe (`corroborate | head`) is the reader's
/// choice, not a failure.
pub fn write_out(out: &mut dyn Write, text: &str) -> Result<()> {
    write_clean(out, &terminal_safe_cow(text))
}

/// Writes `text`, safe for a terminal already, to `out` (see [`write_out`]).
fn write_clean(out: &mut dyn Write, text: &str) -> Result<()> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Run(format!("cannot write the output: {e}"))),
    }
}

/// Writes `text` to the destination: the file (atomically, never over an input), or `out`. Either
/// way the text is made safe for a terminal first, so that a file holds what would have been
/// printed: machine formats have escaped their control characters already (JSON as `\uXXXX`, HTML
/// as character references), and CSV, Markdown and tables show them as visible symbols.
pub fn emit(
    dest: &Destination,
    text: &str,
    protected: &[PathBuf],
    out: &mut dyn Write,
) -> Result<()> {
    let text = terminal_safe_cow(text);
    match dest {
        Destination::File { path, force } => write_file(path, text.as_bytes(), *force, protected),
        Destination::Stdout => write_clean(out, &text),
    }
}

/// [`emit`] for a text made as it is written (`fill` writes it, free of hidden controls,
/// into a buffered writer): to the file atomically, or to `out`, where a closed pipe is the
/// reader's choice. Written to a terminal, it stops `progress` first (see
/// [`CliProgress::before_stdout`]).
pub fn stream_clean(
    dest: &Destination,
    protected: &[PathBuf],
    out: &mut dyn Write,
    progress: &CliProgress,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match dest {
        Destination::File { path, force } => {
            crate::output::write_file_with(path, *force, protected, |f| {
                let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
                fill(&mut w).and_then(|()| w.flush())
            })
        }
        Destination::Stdout => {
            progress.before_stdout();
            let mut w = std::io::BufWriter::with_capacity(1 << 20, out);
            match fill(&mut w).and_then(|()| w.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::Run(format!("cannot write the output: {e}"))),
            }
        }
    }
}

/// Writes gathered output to the file, if the destination is one (atomically, never over an
/// input); for standard output it was written already.
pub fn finish(dest: &Destination, buffer: &[u8], protected: &[PathBuf]) -> Result<()> {
    match dest {
        Destination::File { path, force } => write_file(path, buffer, *force, protected),
        Destination::Stdout => Ok(()),
    }
}

/// The pretty JSON of `v`, with a final line break.
pub fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    crate::text::json::pretty(v).map_err(|e| Error::Run(e.to_string()))
}
