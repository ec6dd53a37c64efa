//! The fast reader of triples files: plain CSV/TSV rows read in blocks, each block split between
//! threads at line breaks.
//!
//! It reads what the record-by-record reader ([`super::csvin`]) reads, and only that: a block is
//! taken only if it is valid UTF-8, holds no `"` (in CSV, where quotes have a meaning), no carriage
//! return except before a line break, and every line has exactly the header's three values, none
//! empty once trimmed, or is blank. At the first block that is not plain it gives up, and the file is
//! read again record by record, which then reports any error with its line. Values are trimmed of
//! ASCII spaces as that reader trims them.

use std::ops::Range;

use memchr::{memchr_iter, memrchr};
use rayon::prelude::*;

use super::Progress;
use super::csvin::ChunkSpec;
use super::triples::{MAX_WORKERS, Shared, TriplesReader, Worker, too_many_sources};
use crate::error::Diagnostic;
use crate::read::{MAX_LINE_BYTES, MAX_TRIPLES_BYTES};

/// Bytes read per block.
const BLOCK: usize = 1 << 21;
/// Zero bytes kept after a block, so that a short value can be loaded 16 bytes at a time.
const PAD: usize = 16;
/// Blocks smaller than this are parsed on one thread.
const SPLIT_MIN: usize = 1 << 16;
/// Pieces of a block per thread (each parsed by a worker of its own). One per thread left a
/// thread idle whenever the other was still on its piece, while the previous block's rows were
/// handed over at the same time: smaller pieces share the work out more evenly.
const PIECES_PER_THREAD: usize = 4;

/// Why a piece was not taken.
enum Stop {
    /// Not plain: read the file record by record instead.
    NotPlain,
    /// A thread met more distinct sources than it can number.
    TooManySources,
}

/// Reads the triples of `spec`'s file from byte `start` (just after the header) into `into`, whose
/// columns `source`, `question` and `value` are `columns`. `Ok(false)`: the file is not plain, and
/// `into` must be dropped.
pub fn read(
    spec: &ChunkSpec,
    start: u64,
    columns: [usize; 3],
    into: &mut TriplesReader,
    progress: &dyn Progress,
) -> Result<bool, Diagnostic> {
    read_blocks(spec, start, columns, into, progress, (BLOCK, SPLIT_MIN))
}

/// [`read`] with blocks of `sizes.0` bytes (more when a line is longer), split between threads from
/// `sizes.1` bytes.
fn read_blocks(
    spec: &ChunkSpec,
    start: u64,
    columns: [usize; 3],
    into: &mut TriplesReader,
    progress: &dyn Progress,
    sizes: (usize, usize),
) -> Result<bool, Diagnostic> {
    let (block, split_min) = sizes;
    let io = |e: std::io::Error| Diagnostic::file(&spec.name, format!("cannot read the file: {e}"));
    let file = std::fs::File::open(&spec.path).map_err(io)?;
    let threads = rayon::current_num_threads().clamp(1, MAX_WORKERS);
    let mut buf = vec![0u8; block + PAD];
    // Bytes of `buf` holding data, and the file offset of the byte after them.
    let mut filled = 0;
    let mut pos = start;
    let mut eof = false;
    let mut first = true;
    // The last block's rows, not yet handed to their partitions.
    let mut staged = None;
    while !eof || filled > 0 {
        let end = buf.len() - PAD;
        if pos - start > MAX_TRIPLES_BYTES {
            // A file growing past the cap as it is read: the record reader stops at the cap.
            return Ok(false);
        }
        if !eof && filled < end {
            let n = fill(&file, pos, &mut buf[filled..end], threads, split_min).map_err(io)?;
            eof = n < end - filled;
            filled += n;
            pos += n as u64;
        }
        let cut = if eof {
            filled
        } else {
            match memrchr(b'\n', &buf[..filled]) {
                Some(i) => i + 1,
                None if buf.len() - PAD > MAX_LINE_BYTES as usize => {
                    // A line longer than the cap: the record reader reports it, with its line.
                    return Ok(false);
                }
                None => {
                    // One line longer than the buffer: make room and read on.
                    buf.resize(2 * buf.len(), 0);
                    continue;
                }
            }
        };
        buf[filled..].iter_mut().take(PAD).for_each(|b| *b = 0);
        let pieces = split(
            &buf[..cut],
            if cut < split_min {
                1
            } else {
                (threads * PIECES_PER_THREAD).min(MAX_WORKERS)
            },
        );
        if first {
            // Rows expected, from the first block's line length and the file's size.
            first = false;
            let sample = &buf[..cut.min(1 << 20)];
            let lines = memchr_iter(b'\n', sample).count().max(1);
            let per_line = (sample.len() / lines).max(1);
            let total = spec.size.map_or(cut, |s| s as usize) / per_line;
            into.reserve(total, cut / per_line, pieces.len());
        }
        let data = &buf[..cut + PAD.min(buf.len() - cut)];
        // The previous block's rows go to their partitions while this block is parsed.
        let (stops, emptied) = into.absorb_while(staged.take(), pieces.len(), |workers, shared| {
            workers
                .par_iter_mut()
                .zip(pieces)
                .filter_map(|(w, r)| {
                    // Each thread checks its own piece; only the file's last byte may be a lone
                    // `\r`.
                    let last = eof && r.end == cut;
                    if !plain_block(&data[r.clone()], spec.delimiter, last) {
                        return Some(Stop::NotPlain);
                    }
                    parse(data, r, spec.delimiter, columns, w, shared).err()
                })
                .collect::<Vec<Stop>>()
        });
        if let Some(stop) = stops.into_iter().next() {
            return match stop {
                Stop::NotPlain => Ok(false),
                Stop::TooManySources => Err(too_many_sources(&spec.name)),
            };
        }
        staged = Some(into.stage(emptied));
        progress.advance(cut as u64);
        buf.copy_within(cut..filled, 0);
        filled -= cut;
    }
    into.absorb_while(staged, 1, |_, _| ());
    Ok(true)
}

/// Fills `buf` with the file's bytes from offset `pos`, by positional reads on up to `threads`
/// threads (each its share of the buffer; one thread below `split_min` bytes); returns how many bytes were read, fewer than `buf.len()`
/// only at the end of the file.
fn fill(
    file: &std::fs::File,
    pos: u64,
    buf: &mut [u8],
    threads: usize,
    split_min: usize,
) -> std::io::Result<usize> {
    let n = if buf.len() < split_min { 1 } else { threads };
    let chunk = buf.len().div_ceil(n).max(1);
    let got: Vec<std::io::Result<(usize, usize)>> = buf
        .par_chunks_mut(chunk)
        .enumerate()
        .map(|(k, part)| {
            let mut at = 0;
            while at < part.len() {
                match read_at(file, &mut part[at..], pos + (k * chunk + at) as u64) {
                    Ok(0) => break,
                    Ok(m) => at += m,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            Ok((at, part.len()))
        })
        .collect();
    let mut total = 0;
    for g in got {
        let (read, wanted) = g?;
        total += read;
        if read < wanted {
            // The end of the file: anything after it in the buffer is not data.
            break;
        }
    }
    Ok(total)
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, pos)
}

/// Whether a block may be read by the fast reader: valid UTF-8, no quote in CSV, and a carriage
/// return only before a line break (or as the file's last byte).
fn plain_block(block: &[u8], delimiter: u8, at_end: bool) -> bool {
    if std::str::from_utf8(block).is_err() {
        return false;
    }
    if delimiter == b',' && memchr::memchr(b'"', block).is_some() {
        return false;
    }
    memchr_iter(b'\r', block).all(|i| match block.get(i + 1) {
        Some(&b) => b == b'\n',
        None => at_end,
    })
}

/// `block` cut into at most `n` ranges of whole lines of about equal size.
fn split(block: &[u8], n: usize) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(n);
    let mut from = 0;
    for k in 1..n {
        let target = (block.len() * k / n).max(from);
        let to = match memchr::memchr(b'\n', &block[target..]) {
            Some(i) => target + i + 1,
            None => block.len(),
        };
        if to > from {
            out.push(from..to);
            from = to;
        }
    }
    if from < block.len() || out.is_empty() {
        out.push(from..block.len());
    }
    out
}

/// The bounds of `piece[a..b]` trimmed of ASCII spaces.
fn trim(piece: &[u8], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && piece[a].is_ascii_whitespace() {
        a += 1;
    }
    while b > a && piece[b - 1].is_ascii_whitespace() {
        b -= 1;
    }
    (a, b)
}

/// Reads the lines of `data[range]` into `w`.
fn parse(
    data: &[u8],
    range: Range<usize>,
    delimiter: u8,
    columns: [usize; 3],
    w: &mut Worker,
    shared: &Shared,
) -> Result<(), Stop> {
    let base = range.start;
    let piece = &data[range];
    let n = piece.len();
    let mut i = 0;
    while i < n {
        // One line: the bounds of its first three values, relative to `piece`.
        let mut bounds = [0usize; 4];
        let mut fields = 0usize;
        let start = i;
        while i < n && piece[i] != b'\n' {
            if piece[i] == delimiter {
                fields += 1;
                if fields < 4 {
                    bounds[fields] = i + 1;
                } else {
                    return Err(Stop::NotPlain);
                }
            }
            i += 1;
        }
        let end = i;
        i += 1;
        if end - start > MAX_LINE_BYTES as usize {
            // The record reader reports it, with its line.
            return Err(Stop::NotPlain);
        }
        if fields != 2 {
            // A blank line (or one holding only the `\r` of a CRLF) is skipped, as by `csv`.
            let line = &piece[start..end];
            if fields == 0 && (line.is_empty() || line == b"\r") {
                continue;
            }
            return Err(Stop::NotPlain);
        }
        bounds[0] = start;
        // Keys are computed in line (not returned from a call, whose result would be stored as
        // two words and reloaded as one, which the processor cannot forward).
        let key = |col: usize| {
            let (a, b) = trim(
                piece,
                bounds[col],
                if col == 2 { end } else { bounds[col + 1] - 1 },
            );
            (a < b).then(|| TriplesReader::key_at(shared, data, base + a, b - a))
        };
        let (Some(source), Some(question), Some(value)) =
            (key(columns[0]), key(columns[1]), key(columns[2]))
        else {
            return Err(Stop::NotPlain);
        };
        if !w.push(shared, source, question, value) {
            return Err(Stop::TooManySources);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::NoProgress;
    use crate::bulk::triples::Triples;

    #[test]
    fn splits_at_line_breaks() {
        let b = b"a,b,c\nd,e,f\ng,h,i\n";
        assert_eq!(split(b, 2), vec![0..12, 12..18]);
        assert_eq!(split(b, 1), vec![0..18]);
        assert_eq!(split(b"abc", 4), vec![0..3]);
        assert_eq!(split(b"", 2), vec![0..0]);
    }

    #[test]
    fn plain_blocks() {
        assert!(plain_block(b"a,b,c\r\n", b',', false));
        assert!(plain_block(b"a,b,c\r", b',', true));
        assert!(!plain_block(b"a,b,c\rd,e,f\n", b',', false));
        assert!(!plain_block(b"a,\"b\",c\n", b',', false));
        assert!(plain_block(b"a\t\"b\"\tc\n", b'\t', false));
        assert!(!plain_block(b"a,\xff,c\n", b',', false));
    }

    /// Reads `body` (the lines after a `value,source,question` header) with the block reader, in
    /// blocks of `block` bytes on `threads` threads; `None` if it gives up.
    fn fast(body: &str, delimiter: u8, block: usize, threads: usize) -> Option<Triples> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let sep = char::from(delimiter);
        let header = format!("value{sep}source{sep}question\n");
        std::fs::write(&path, format!("{header}{body}")).unwrap();
        let spec = ChunkSpec {
            name: "t.csv".into(),
            path,
            columns: vec!["value".into(), "source".into(), "question".into()],
            delimiter,
            size: None,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut r = TriplesReader::new();
            let start = header.len() as u64;
            // Split between threads at any size, so that small tests take the parallel paths.
            let sizes = (block, 0);
            let done = read_blocks(&spec, start, [1, 2, 0], &mut r, &NoProgress, sizes).unwrap();
            done.then(|| r.finish())
        })
    }

    /// A small linear congruential generator: the tests need no crate for randomness.
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    #[test]
    fn reads_what_the_rows_say_in_any_blocks_on_any_threads() {
        let mut rng = Lcg(7);
        let long = "a question whose text is longer than fifteen bytes";
        for delimiter in [b',', b'\t'] {
            let sep = char::from(delimiter);
            let mut body = String::new();
            let mut direct = TriplesReader::new();
            for i in 0..600 {
                let s = format!("s{}", rng.below(13));
                let q = match rng.below(10) {
                    0 => format!("{long} {}", rng.below(5)),
                    _ => format!("q{}", rng.below(120)),
                };
                let v = match rng.below(8) {
                    0 => "a value longer than fifteen bytes".to_string(),
                    k => format!("v{k}"),
                };
                direct.push(&s, &q, &v);
                // Spaces around values, CRLF line ends and blank lines are all allowed.
                let pad = if i % 7 == 0 { "  " } else { "" };
                let end = if i % 5 == 0 { "\r\n" } else { "\n" };
                body.push_str(&format!("{pad}{v}{sep}{s}{pad}{sep}{q}{end}"));
                if i % 97 == 0 {
                    body.push_str("\n\r\n");
                }
            }
            body.push_str(
                "v1,s1,last-line-without-a-break"
                    .replace(',', &sep.to_string())
                    .as_str(),
            );
            direct.push("s1", "last-line-without-a-break", "v1");
            let want = direct.finish();
            for (block, threads) in [(1 << 20, 1), (1 << 20, 3), (64, 2), (7, 2), (1000, 4)] {
                let got = fast(&body, delimiter, block, threads).expect("plain file");
                assert_eq!(got, want, "block {block}, {threads} threads");
            }
        }
    }

    #[test]
    fn gives_up_on_anything_not_plain() {
        for body in [
            "v,s,\"q\"\n",
            "v,s,q\nv,s\n",
            "v,s,q,extra\n",
            "v, ,q\n",
            "v,s,q\rv,s,q\n",
            "   \n",
        ] {
            assert!(fast(body, b',', 1 << 20, 2).is_none(), "{body:?}");
            assert!(fast(body, b',', 4, 2).is_none(), "{body:?}");
        }
        // Invalid UTF-8 (written as bytes).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, b"value,source,question\nv,s,\xff\n").unwrap();
        let spec = ChunkSpec {
            name: "t.csv".into(),
            path,
            columns: vec!["value".into(), "source".into(), "question".into()],
            delimiter: b',',
            size: None,
        };
        let mut r = TriplesReader::new();
        assert!(!read(&spec, 22, [1, 2, 0], &mut r, &NoProgress).unwrap());
        // In TSV a quote is an ordinary character.
        let t = fast("v\ts\t\"q\"\n", b'\t', 1 << 20, 2).unwrap();
        assert_eq!(&t.questions[0], "\"q\"");
    }
}
