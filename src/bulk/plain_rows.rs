//! The fast reader of a bulk ledger's CSV/TSV rows: plain lines read in blocks, each block parsed
//! on every core in pieces cut at line breaks.
//!
//! It reads what the record-by-record reader ([`super::csvin`]) reads, and only that. A piece is
//! taken only if it is valid UTF-8 and holds no `"` (in CSV, where quotes have a meaning), no
//! carriage return, no empty line, no line over [`MAX_LINE_BYTES`], and every line has exactly the
//! header's number of values. Then the record-by-record reader would read each line as one record
//! of those values, and this reader gives the same values (trimmed of ASCII spaces, as
//! [`super::csvin::CsvIn::str`] trims them) with the same line numbers. At the first piece that is
//! not plain it gives up, and the caller reads the file record by record, which then reports any
//! error with its line, as if this reader had not run.

use memchr::{memchr, memchr_iter, memrchr};
use rayon::prelude::*;

use crate::read::MAX_LINE_BYTES;

/// Bytes read per block: large enough that each of the pieces it is cut into is worth a thread.
pub const BLOCK: usize = 1 << 23;
/// Pieces a block is cut into (several per thread, so that a slow piece does not leave a core
/// idle).
const PIECES: usize = 8;

/// The rows of one piece, laid out as the ledger's rows are: the values one after another in
/// `text`, where each ends (relative to its row's start) in `ends`, and per row the start of its
/// values in `text` and of its ends in `ends`. Row `k` is the piece's line `k` (a plain piece has
/// no empty line).
#[derive(Debug, Default, PartialEq)]
pub struct Piece {
    pub text: String,
    pub ends: Vec<u32>,
    pub rows: Vec<(usize, usize)>,
}

/// The rows of `bytes` (whole lines, each ended by `\n` but perhaps the last), `n` values a line
/// separated by `delimiter`; `None` if they are not plain (module docs). `quoting`: `"` has a
/// meaning (CSV).
pub fn parse_piece(bytes: &[u8], n: usize, delimiter: u8, quoting: bool) -> Option<Piece> {
    if (quoting && memchr(b'"', bytes).is_some()) || memchr(b'\r', bytes).is_some() {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let lines = memchr_iter(b'\n', bytes).count() + usize::from(!bytes.ends_with(b"\n"));
    let mut out = Piece {
        text: String::with_capacity(bytes.len()),
        ends: Vec::with_capacity(lines * n),
        rows: Vec::with_capacity(lines),
    };
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &text[start..end];
        if line.is_empty() || line.len() as u64 > MAX_LINE_BYTES {
            return None;
        }
        let (t0, e0) = (out.text.len(), out.ends.len());
        let mut count = 0;
        for v in line.split(char::from(delimiter)) {
            count += 1;
            if count > n {
                return None;
            }
            out.text.push_str(v.trim_ascii());
            out.ends.push(u32::try_from(out.text.len() - t0).ok()?);
        }
        if count != n {
            return None;
        }
        out.rows.push((t0, e0));
        start = end + 1;
    }
    Some(out)
}

/// Cuts `bytes` (whole lines) into about [`PIECES`] pieces at line breaks and parses them on every
/// core, in order; `None` if one is not plain.
pub fn parse_block(bytes: &[u8], n: usize, delimiter: u8, quoting: bool) -> Option<Vec<Piece>> {
    let mut cuts = vec![0];
    let step = bytes.len() / PIECES + 1;
    while let Some(&last) = cuts.last()
        && last < bytes.len()
    {
        let want = last + step;
        let cut = if want >= bytes.len() {
            bytes.len()
        } else {
            memchr(b'\n', &bytes[want..]).map_or(bytes.len(), |i| want + i + 1)
        };
        cuts.push(cut);
    }
    let pieces: Vec<Option<Piece>> = cuts
        .windows(2)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|w| parse_piece(&bytes[w[0]..w[1]], n, delimiter, quoting))
        .collect();
    pieces.into_iter().collect()
}

/// Where the lines of `buf` that are complete end: after its last `\n`, or at its end when it is
/// the file's last block.
pub fn complete(buf: &[u8], at_end: bool) -> usize {
    if at_end {
        buf.len()
    } else {
        memrchr(b'\n', buf).map_or(0, |i| i + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(p: &Piece) -> Vec<(u32, Vec<&str>)> {
        p.rows
            .iter()
            .enumerate()
            .map(|(k, &(t, e))| {
                let e_end = p.rows.get(k + 1).map_or(p.ends.len(), |r| r.1);
                let mut start = t;
                let vs = p.ends[e..e_end]
                    .iter()
                    .map(|&end| {
                        let v = &p.text[start..t + end as usize];
                        start = t + end as usize;
                        v
                    })
                    .collect();
                (k as u32, vs)
            })
            .collect()
    }

    #[test]
    fn plain_lines_become_trimmed_values_with_their_lines() {
        let p = parse_piece(
            b"c1, s1 ,2024-01-01,supports,\nc2,s2,2024-01-02,refutes,s9",
            5,
            b',',
            true,
        )
        .unwrap();
        assert_eq!(
            values(&p),
            [
                (0, vec!["c1", "s1", "2024-01-01", "supports", ""]),
                (1, vec!["c2", "s2", "2024-01-02", "refutes", "s9"]),
            ]
        );
        let p = parse_piece("a\t\"b\"\n".as_bytes(), 2, b'\t', false).unwrap();
        assert_eq!(values(&p), [(0, vec!["a", "\"b\""])]);
    }

    #[test]
    fn what_is_not_plain_is_refused() {
        for bad in [
            &b"a,\"b\"\n"[..],
            b"a,b\r\n",
            b"a,b\n\nc,d\n",
            b"a,b,c\n",
            b"a\n",
            b"a,\xff\n",
        ] {
            assert_eq!(parse_piece(bad, 2, b',', true), None, "{bad:?}");
        }
    }

    #[test]
    fn a_block_is_parsed_in_pieces_cut_at_line_breaks() {
        let text: String = (0..1000).map(|i| format!("c{i},s{}\n", i % 7)).collect();
        let pieces = parse_block(text.as_bytes(), 2, b',', true).unwrap();
        assert!(pieces.len() > 1);
        let all: Vec<Vec<&str>> = pieces
            .iter()
            .flat_map(|p| values(p).into_iter().map(|v| v.1))
            .collect();
        assert_eq!(all.len(), 1000);
        assert_eq!(all[999], ["c999", "s5"]);
        assert_eq!(complete(b"a,b\nc,", false), 4);
        assert_eq!(complete(b"a,b\nc,", true), 6);
        assert_eq!(complete(b"a,b", false), 0);
    }
}
