//! Reading inputs with bounded size. Every reader of the crate opens its input here: a file,
//! standard input (`-`), a FIFO, process substitution (`<(…)`) or a device such as `/dev/zero`.
//! The caps below count the bytes actually read, not the size a file reports (a FIFO or a device
//! reports none, or 0), so that no input can make a run read for ever or exhaust memory. Each cap,
//! when passed, is an error naming the file, the line reached and the limit (exit 2).

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, SourceText};

const MIB: u64 = 1 << 20;

/// A TOML ledger. Parsing TOML builds a document tree many times the file's size, so bulk data
/// belongs in the streaming CSV / JSON Lines readers; the bundled case is about 60 KB.
pub const MAX_TOML_BYTES: u64 = 64 * MIB;
/// A rubric: a fixed set of keys with their comments (the default is about 12 KB).
pub const MAX_RUBRIC_BYTES: u64 = MIB;
/// One line (one record) of a CSV, TSV, JSON Lines or gold file. A row holds a handful of ids,
/// dates and short texts; the readers hold one line at a time, so this bounds their memory.
pub const MAX_LINE_BYTES: u64 = MIB;
/// All the files of one bulk ledger (sources, claims, reports), or one gold file: both are held in
/// memory whole, at several times their size as text.
pub const MAX_LEDGER_DATA_BYTES: u64 = 4096 * MIB;
/// All the triples files of one run. Triples are streamed and only their distinct strings and
/// source–claim pairs are kept, so the cap bounds time rather than memory: 1 TiB is some 60 billion
/// rows of 16 bytes, more than the 2^32 pairs the graph can number, and a stream that never ends
/// (a FIFO fed for ever) stops with an error instead of running for ever.
pub const MAX_TRIPLES_BYTES: u64 = 1 << 40;

/// A size for people: `1 MiB`, `64 MiB`, `4 GiB`, `1 TiB`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [(&str, u64); 4] = [
        ("TiB", 1 << 40),
        ("GiB", 1 << 30),
        ("MiB", 1 << 20),
        ("KiB", 1 << 10),
    ];
    for (name, unit) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// `-` means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name of an input in messages: its path as given, or `<stdin>`.
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

fn open_error(name: &str, e: &io::Error) -> Diagnostic {
    let why = match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    Diagnostic::file(name, format!("cannot read the file: {why}"))
}

/// An opened input: its name for messages, a reader and its size if known.
pub struct Opened {
    pub name: String,
    /// The file, when it is a regular file that can be opened again and read in parallel blocks
    /// (`None` for standard input, FIFOs and devices, which can be read only once, in order).
    pub path: Option<PathBuf>,
    pub reader: Box<dyn Read + Send>,
    /// The size of a regular file.
    pub size: Option<u64>,
}

/// Opens a file, or standard input for `-`. `what` says what was expected ("a TOML file").
pub fn open(path: &Path, what: &str) -> Result<Opened, Diagnostic> {
    if is_stdin(path) {
        return Ok(Opened {
            name: "<stdin>".into(),
            path: None,
            reader: Box::new(io::stdin()),
            size: None,
        });
    }
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(Diagnostic::file(
            &name,
            format!("is a directory; expected {what}"),
        ));
    }
    let file = File::open(path).map_err(|e| open_error(&name, &e))?;
    let regular = file.metadata().ok().filter(std::fs::Metadata::is_file);
    Ok(Opened {
        name,
        path: regular.as_ref().map(|_| path.to_path_buf()),
        size: regular.map(|m| m.len()),
        reader: Box::new(BufReader::with_capacity(1 << 16, file)),
    })
}

/// The message for an input that passed `limit` bytes, `line` lines in.
pub fn too_large(name: &str, line: u64, limit: u64, what: &str) -> Diagnostic {
    Diagnostic {
        file: name.to_string(),
        line: Some(line as usize),
        column: None,
        message: format!(
            "more than {} read: expected {what} of at most {}",
            size_text(limit),
            size_text(limit)
        ),
        snippet: None,
        field: None,
    }
}

/// The message for a line longer than [`MAX_LINE_BYTES`].
pub fn line_too_long(name: &str, line: u64) -> Diagnostic {
    Diagnostic {
        file: name.to_string(),
        line: Some(line as usize),
        column: None,
        message: format!(
            "line longer than {}: expected lines (records) of at most {} each",
            size_text(MAX_LINE_BYTES),
            size_text(MAX_LINE_BYTES)
        ),
        snippet: None,
        field: None,
    }
}

/// The error a [`Capped`] reader returns past its cap (its message is never shown: readers turn it
/// into [`too_large`] with the line they reached).
#[derive(Debug)]
pub struct CapReached;

impl std::fmt::Display for CapReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("input size cap reached")
    }
}

impl std::error::Error for CapReached {}

/// Whether an I/O error is a [`Capped`] reader's.
pub fn is_cap(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|x| x.is::<CapReached>())
}

/// A reader that fails with [`CapReached`] once more than `limit` bytes have come through.
pub struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Capped<R> {
    pub fn new(inner: R, limit: u64) -> Self {
        Capped { inner, left: limit }
    }

    /// Allows `left` more bytes from now on.
    pub fn set_limit(&mut self, left: u64) {
        self.left = left;
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // One byte more than the cap is asked for, to tell "exactly the cap" from "more".
        let want = buf
            .len()
            .min(usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            self.left = 0;
            return Err(io::Error::other(CapReached));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Reads a whole text input (TOML) of at most `limit` bytes as UTF-8, from a file or standard
/// input, with a message naming it for every way that can fail. `what` is what was expected ("a
/// TOML file"). A regular file's reported size is checked first, so that a large file is refused
/// before it is read; every input is then capped on the bytes actually read.
pub fn read_text(path: &Path, limit: u64, what: &str) -> Result<SourceText, Diagnostic> {
    let opened = open(path, what)?;
    let name = opened.name;
    if let Some(size) = opened.size
        && size > limit
    {
        return Err(Diagnostic::file(
            &name,
            format!(
                "is {:.1} MiB; expected {what} of at most {}{}",
                size as f64 / MIB as f64,
                size_text(limit),
                if limit == MAX_TOML_BYTES {
                    " (use CSV or JSON Lines for bulk ledgers)"
                } else {
                    ""
                }
            ),
        ));
    }
    let mut bytes = Vec::new();
    if let Err(e) = Capped::new(opened.reader, limit).read_to_end(&mut bytes) {
        if is_cap(&e) {
            let line = memchr::memchr_iter(b'\n', &bytes).count() as u64 + 1;
            return Err(too_large(&name, line, limit, what));
        }
        return Err(open_error(&name, &e));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::file(
            &name,
            format!(
                "is not valid UTF-8 (invalid byte at offset {}); expected a UTF-8 text file",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    // A byte-order mark is harmless; drop it so that spans and TOML parsing see the text itself.
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(SourceText::new(name, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_reader_passes_the_cap_exactly_and_fails_past_it() {
        let mut out = Vec::new();
        Capped::new(&b"abcd"[..], 4).read_to_end(&mut out).unwrap();
        assert_eq!(out, b"abcd");
        let mut out = Vec::new();
        let e = Capped::new(&b"abcde"[..], 4)
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(is_cap(&e));
        assert!(out.len() <= 4);
    }

    #[test]
    fn an_endless_input_stops_at_the_cap() {
        let mut out = Vec::new();
        let e = Capped::new(io::repeat(b'x'), 1000)
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(is_cap(&e));
        assert!(out.len() <= 1000);
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(size_text(MAX_TOML_BYTES), "64 MiB");
        assert_eq!(size_text(MAX_RUBRIC_BYTES), "1 MiB");
        assert_eq!(size_text(MAX_LEDGER_DATA_BYTES), "4 GiB");
        assert_eq!(size_text(MAX_TRIPLES_BYTES), "1 TiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_as_text_is_refused_at_the_cap() {
        let e = read_text(Path::new("/dev/zero"), 4096, "a TOML file").unwrap_err();
        assert_eq!(e.location(), "/dev/zero:1");
        assert_eq!(
            e.message,
            "more than 4 KiB read: expected a TOML file of at most 4 KiB"
        );
    }
}
