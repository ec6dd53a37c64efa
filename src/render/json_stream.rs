//! `--format json` written as it is made: the same bytes as [`JsonRenderer`](super::json::JsonRenderer)
//! (checked by `tests/stream.rs`), from a [`Prepared`] case whose claims are scored a block at a
//! time, each claim's JSON made on the thread that scored it.

use std::io::{self, Write};
use std::sync::Mutex;

use serde::Serialize;

use super::json::{FORMAT_NAME, RECORD_DEPTH, REPORT_VERSION};
use crate::ledger::{DateBasis, Hedging, Ledger, Moment, Verification};
use crate::score::engine::{OriginDetail, Tally};
use crate::score::evidence::origin_reports;
use crate::score::model::Interest;
use crate::score::stream::Prepared;
use crate::text::json::{f64_into, pretty_records_at, string_into};

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
    pretty_records_at(buf, key, 1, RECORD_DEPTH).map_err(io_error)?;
    buf.extend_from_slice(b": ");
    pretty_records_at(buf, value, 1, RECORD_DEPTH).map_err(io_error)?;
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
    // The source table, written after the claims, counts their origins as they are written.
    let mut counts = case.no_counts();
    // Each claim's buffer is used again once written: freed, its memory went back to the system
    // and came back as fresh pages, whose zeroing by the kernel was a sixth of a 1M-report run.
    // At most the claims of the two blocks in flight are held.
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    case.each_claim_in_order(
        |ci| {
            let (head, ev) = case.claim_head(ci);
            let mut out = spare
                .lock()
                .ok()
                .and_then(|mut s| s.pop())
                .unwrap_or_default();
            out.clear();
            out.reserve(2048 + 1024 * ev.summary.reports);
            out.extend_from_slice(b"\n    ");
            pretty_records_at(&mut out, &head, 2, RECORD_DEPTH)?;
            splice_origins(case.ledger(), &mut out, &ev.origins)?;
            let tallies: Vec<Tally> = ev.origins.iter().map(|o| o.tally()).collect();
            Ok((out, tallies))
        },
        |made: serde_json::Result<(Vec<u8>, Vec<Tally>)>| {
            let (mut bytes, tallies) = made.map_err(io_error)?;
            counts.add(&tallies);
            // Every claim's bytes start with the line break; all but the first after a comma.
            if !first {
                w.write_all(b",")?;
            }
            first = false;
            written += 1;
            if written.is_multiple_of(1024) {
                shown(written);
            }
            w.write_all(&bytes)?;
            bytes.clear();
            if let Ok(mut s) = spare.lock() {
                s.push(bytes);
            }
            Ok::<(), io::Error>(())
        },
    )?;
    w.write_all(if first { b"]" } else { b"\n  ]" })?;
    field(w, &mut buf, false, "sources", &case.sources(&counts))?;
    if let Some(r) = case.reliability() {
        field(w, &mut buf, false, "reliability", r)?;
    }
    w.write_all(b"\n}\n")?;
    w.flush()
}

/// The claim's origins written into its JSON, which serde wrote with `by_origin` empty.
///
/// The origins are most of a report's bytes (about 630 bytes per report), so they are written here
/// straight from the evidence, in the layout [`pretty_records_at`] gives
/// [`OriginScore`](crate::score::OriginScore) at that depth (one origin a line), instead of being
/// built as strings and serialised (`tests/stream.rs` checks the bytes against the reference on every test ledger and on
/// random ones). The key `"by_origin": ` appears once in a claim's JSON: a `"` inside a JSON string
/// is always escaped, so the key's closing quote followed by `:` cannot come from a value.
fn splice_origins(
    ledger: &Ledger,
    out: &mut Vec<u8>,
    origins: &[OriginDetail],
) -> serde_json::Result<()> {
    const KEY: &[u8] = b"\"by_origin\": []";
    let at = memchr::memmem::rfind(out, KEY).ok_or_else(|| {
        serde_json::Error::io(io::Error::other("no `by_origin` in a claim's JSON"))
    })?;
    if origins.is_empty() {
        return Ok(());
    }
    // Keep `"by_origin": [`, write the origins, then `]` and the rest; the claim's fields are 3
    // levels deep, its origins 4 (RECORD_DEPTH).
    let tail = out.split_off(at + KEY.len() - 1);
    for (k, o) in origins.iter().enumerate() {
        out.extend_from_slice(if k == 0 { b"\n" } else { b",\n" });
        indent(out, RECORD_DEPTH);
        write_origin(ledger, out, o);
    }
    out.push(b'\n');
    indent(out, RECORD_DEPTH - 1);
    out.extend_from_slice(&tail);
    Ok(())
}

fn indent(out: &mut Vec<u8>, depth: usize) {
    const SPACES: &[u8] = &[b' '; 64];
    let mut n = 2 * depth;
    while n > 0 {
        let k = n.min(SPACES.len());
        out.extend_from_slice(&SPACES[..k]);
        n -= k;
    }
}

/// An object's fields, written compact as [`pretty_records`](crate::text::json::pretty_records)
/// writes a record (`{"key":value,…}`, no spaces, no line breaks).
struct Fields<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Fields<'a> {
    fn open(out: &'a mut Vec<u8>) -> Fields<'a> {
        out.push(b'{');
        Fields { out, first: true }
    }
    /// `"key":` (after a comma unless first). Keys are the field names below, lowercase ASCII
    /// and `_`: nothing to escape (checked in debug builds).
    fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
        debug_assert!(key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.reserve(key.len() + 3);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }
    fn str(&mut self, key: &'static str, v: &str) {
        string_into(self.key(key), v);
    }
    /// A qualifier's name (`as_str`: lowercase ASCII and `-`, nothing to escape).
    fn name(&mut self, key: &'static str, v: &'static str) {
        debug_assert!(v.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        let out = self.key(key);
        out.push(b'"');
        out.extend_from_slice(v.as_bytes());
        out.push(b'"');
    }
    fn f64(&mut self, key: &'static str, v: f64) {
        f64_into(self.key(key), v);
    }
    fn u64(&mut self, key: &'static str, v: u64) {
        let out = self.key(key);
        match v {
            // A relay's hops: almost always one digit.
            0..=9 => out.push(b'0' + v as u8),
            _ => {
                let _ = write!(out, "{v}");
            }
        }
    }
    fn bool(&mut self, key: &'static str, v: bool) {
        let text: &[u8] = if v { b"true" } else { b"false" };
        self.key(key).extend_from_slice(text);
    }
    fn moment(&mut self, key: &'static str, m: Moment) {
        // A moment's text is digits, `-`, `:`, `T` and `Z`: nothing to escape.
        let out = self.key(key);
        match m.ascii() {
            Some((b, len)) => {
                out.push(b'"');
                out.extend_from_slice(&b[..len]);
                out.push(b'"');
            }
            None => {
                let _ = write!(out, "\"{m}\"");
            }
        }
    }
    /// An array of strings.
    fn strs<'s>(&mut self, key: &'static str, items: impl Iterator<Item = &'s str>) {
        let out = self.key(key);
        out.push(b'[');
        for (k, s) in items.enumerate() {
            if k > 0 {
                out.push(b',');
            }
            string_into(out, s);
        }
        out.push(b']');
    }
    fn close(self) {
        self.out.push(b'}');
    }
}

/// One origin, as [`origin_score`](crate::score::evidence::origin_score) makes it and serde
/// serialises it, on one line.
fn write_origin(ledger: &Ledger, out: &mut Vec<u8>, o: &OriginDetail) {
    let src = &ledger.sources[o.source];
    let best = &ledger.reports[o.best_report];
    let shown = origin_reports(ledger, o);
    let mut f = Fields::open(out);
    f.str("source", &src.id);
    if src.name != src.id {
        f.str("source_name", &src.name);
    }
    f.name("stance", o.stance.as_str());
    f.moment("first_stated", shown.first_stated);
    f.f64("source_level", o.evidence.reliability);
    f.str("source_basis", &o.reliability_basis);
    // Values at their defaults are left out, as serde leaves them out of an `OriginScore`.
    if o.evidence.interest != Interest::None {
        f.name("interest", o.evidence.interest.as_str());
    }
    f.str("best_report", &best.id);
    qualifiers(&mut f, best);
    if o.evidence.multiplier != 1.0 {
        f.f64("multiplier", o.evidence.multiplier);
    }
    if o.evidence.factor != 1.0 {
        f.f64("stance_factor", o.evidence.factor);
    }
    f.f64("strength", o.evidence.strength);
    f.f64("discount", o.weight);
    if let Some(r) = &o.weight_reason {
        f.str("discount_reason", r);
    }
    if o.later {
        f.bool("later", true);
    }
    if let Some(n) = &o.later_note {
        f.str("later_note", n);
    }
    {
        let out = f.key("contributions");
        let mut c = Fields::open(out);
        c.f64("verification", o.contributions.verification);
        c.f64("official", o.contributions.official);
        c.f64("later", o.contributions.later);
        c.close();
    }
    {
        let out = f.key("reports");
        out.push(b'[');
        for (k, &i) in shown.current.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            write_report(ledger, out, i);
        }
        out.push(b']');
    }
    if !shown.superseded.is_empty() {
        f.strs(
            "superseded",
            shown.superseded.iter().map(|&i| &*ledger.reports[i].id),
        );
    }
    if let Some(s) = &o.superseded_by {
        let out = f.key("superseded_by");
        let mut b = Fields::open(out);
        b.str("source", &s.source);
        b.str("report", &s.report);
        b.name("stance", s.stance.as_str());
        b.moment("stated", s.stated);
        b.close();
    }
    f.close();
}

/// A report's `verification`, `hedging` and `hops`, each left out at its default (an origin writes
/// its best report's).
fn qualifiers(f: &mut Fields<'_>, r: &crate::ledger::Report) {
    if r.verification != Verification::default() {
        f.name("verification", r.verification.as_str());
    }
    if r.hedging != Hedging::default() {
        f.name("hedging", r.hedging.as_str());
    }
    if r.hops != 0 {
        f.u64("hops", u64::from(r.hops));
    }
}

/// One report under its origin, as a [`ReportRef`](crate::score::ReportRef) serialises.
fn write_report(ledger: &Ledger, out: &mut Vec<u8>, i: usize) {
    let r = &ledger.reports[i];
    let mut f = Fields::open(out);
    f.str("id", &r.id);
    f.moment("stated", r.stated);
    if r.published != r.stated {
        f.moment("published", r.published);
    }
    if r.dates != DateBasis::default() {
        f.name("dates", r.dates.as_str());
    }
    if !r.via().is_empty() {
        f.strs(
            "via",
            r.via().iter().map(|&v| ledger.sources[v].id.as_str()),
        );
    }
    if let Some(c) = r.cites {
        f.str("cites", &ledger.reports[c].id);
    }
    qualifiers(&mut f, r);
    if let Some(d) = r.document() {
        f.str("document", d);
    }
    if let Some(q) = r.quote() {
        f.str("quote", q);
    }
    f.close();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Stance;

    /// The hand-written origins name every qualifier by `as_str`: serde's name for it.
    #[test]
    fn every_qualifier_is_written_as_serde_names_it() {
        let json = |v: &dyn erased::Ser| v.json();
        for s in Stance::ALL {
            assert_eq!(json(&s), format!("\"{}\"", s.as_str()));
        }
        for v in [
            Verification::IndependentlyVerified,
            Verification::Imagery,
            Verification::Documents,
            Verification::Unverified,
            Verification::NotIndependentlyVerified,
        ] {
            assert_eq!(json(&v), format!("\"{}\"", v.as_str()));
        }
        for h in [
            Hedging::None,
            Hedging::Assess,
            Hedging::Expect,
            Hedging::Indications,
            Hedging::Reportedly,
            Hedging::Rumour,
            Hedging::Estimate,
        ] {
            assert_eq!(json(&h), format!("\"{}\"", h.as_str()));
        }
        for d in [
            DateBasis::Printed,
            DateBasis::Inferred,
            DateBasis::Approximate,
        ] {
            assert_eq!(json(&d), format!("\"{}\"", d.as_str()));
        }
        for i in [
            Interest::None,
            Interest::SelfServing,
            Interest::Admission,
            Interest::Interested,
        ] {
            assert_eq!(json(&i), format!("\"{}\"", i.as_str()));
        }
    }

    /// Strings and numbers as serde_json writes them, escapes and non-finite numbers included.
    #[test]
    fn strings_and_numbers_are_serde_jsons() {
        for s in [
            "plain",
            "",
            "quote \" and \\ backslash",
            "tab\tnew\nline",
            "del \u{7f} and c1 \u{85} and bidi \u{202e}",
            "ünïcödé — “quotes”",
        ] {
            let mut out = Vec::new();
            string_into(&mut out, s);
            assert_eq!(out, crate::text::json::to_vec(s).unwrap(), "{s:?}");
        }
        for x in [0.0, -0.0, 1.0, 0.1, 1e300, 5e-324, f64::NAN, f64::INFINITY] {
            let mut out = Vec::new();
            f64_into(&mut out, x);
            assert_eq!(out, serde_json::to_vec(&x).unwrap(), "{x}");
        }
    }

    mod erased {
        pub trait Ser {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Ser for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }
}
