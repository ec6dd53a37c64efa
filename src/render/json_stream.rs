//! `--format json` written as it is made: the same bytes as [`JsonRenderer`](super::json::JsonRenderer)
//! (checked by `tests/stream.rs`), from a [`Prepared`] case whose claims are scored a block at a
//! time, each claim's JSON made on the thread that scored it.

use std::io::{self, Write};

use serde::Serialize;

use super::json::{FORMAT_NAME, REPORT_VERSION};
use crate::score::stream::Prepared;
use crate::text::json::pretty_at;

fn io_error(e: serde_json::Error) -> io::Error {
    io::Error::other(e)
}

/// Writes `"key": value` one level deep, after a comma unless it is the first.
fn field<T: ?Sized + Serialize>(
    w: &mut dyn Write,
    buf: &mut Vec<u8>,
    first: bool,
    key: &str,
    value: &T,
) -> io::Result<()> {
    buf.clear();
    buf.extend_from_slice(if first { b"\n  " } else { b",\n  " });
    pretty_at(buf, key, 1).map_err(io_error)?;
    buf.extend_from_slice(b": ");
    pretty_at(buf, value, 1).map_err(io_error)?;
    w.write_all(buf)
}

/// The scored case as one JSON document, claims written as they are scored; `shown` hears how many
/// claims are written, every 1024 (for a progress bar).
pub fn write_json(case: &Prepared<'_>, w: &mut dyn Write, shown: &dyn Fn(usize)) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    w.write_all(b"{")?;
    field(w, &mut buf, true, "format", FORMAT_NAME)?;
    field(w, &mut buf, false, "version", &REPORT_VERSION)?;
    field(w, &mut buf, false, "title", &case.title())?;
    field(w, &mut buf, false, "as_of", &case.as_of)?;
    field(w, &mut buf, false, "rubric", &case.rubric())?;
    field(w, &mut buf, false, "questions", &case.questions)?;
    w.write_all(b",\n  \"claims\": [")?;
    let mut first = true;
    let mut written = 0usize;
    case.claims_in_order(
        |c| {
            let mut out = Vec::with_capacity(4096);
            out.extend_from_slice(b"\n    ");
            pretty_at(&mut out, &c, 2).map(|()| out)
        },
        |made| {
            let bytes = made.map_err(io_error)?;
            // Every claim's bytes start with the line break; all but the first after a comma.
            if !first {
                w.write_all(b",")?;
            }
            first = false;
            written += 1;
            if written.is_multiple_of(1024) {
                shown(written);
            }
            w.write_all(&bytes)
        },
    )?;
    w.write_all(if first { b"]" } else { b"\n  ]" })?;
    field(w, &mut buf, false, "sources", &case.sources)?;
    if let Some(r) = case.reliability() {
        field(w, &mut buf, false, "reliability", r)?;
    }
    w.write_all(b"\n}\n")?;
    w.flush()
}
