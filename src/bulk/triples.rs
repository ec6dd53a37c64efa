//! Truth-discovery triples: rows of `source,question,value`.
//!
//! Each distinct (question, value) is a claim; the claims of one question are its competing answers;
//! each row is a report of its source supporting its claim (a row repeated counts once). Sources,
//! questions and values are interned as they stream by, and a row leaves behind only a (claim, source)
//! pair of two 32-bit numbers: no per-report structure is kept. At the end everything is put in a
//! canonical order (sources, questions and values sorted by their text), so the result does not depend
//! on the order of the rows.

use std::hash::BuildHasherDefault;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde::Deserialize;

use super::csvin::CsvIn;
use super::jsonl::{JsonlIn, Text};
use super::{Progress, at_line};
use crate::error::Diagnostic;
use crate::learn::Graph;

type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// How often (in rows) readers report progress.
const PROGRESS_ROWS: u64 = 1 << 16;

/// Strings and their numbers, in order of first appearance. Strings of up to 15 bytes (most ids)
/// are kept inline in a 16-byte key: no allocation, and a lookup compares two integers.
#[derive(Default)]
pub struct Interner {
    small: FxMap<u128, u32>,
    large: FxMap<Box<str>, u32>,
}

/// Up to 8 bytes as a little-endian integer, with whole-word loads (no byte-by-byte stores that
/// the processor would have to forward to a wider load).
fn load_le(s: &[u8]) -> u64 {
    let n = s.len();
    match n {
        8.. => u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]),
        4..=7 => {
            let lo = u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
            let hi = u64::from(u32::from_le_bytes([s[n - 4], s[n - 3], s[n - 2], s[n - 1]]));
            lo | (hi << ((n - 4) * 8))
        }
        _ => s
            .iter()
            .enumerate()
            .fold(0, |x, (i, &b)| x | (u64::from(b) << (8 * i))),
    }
}

/// A string of at most 15 bytes packed with its length (in the top byte).
fn pack(s: &[u8]) -> Option<u128> {
    let n = s.len();
    if n > 15 {
        return None;
    }
    let lo = load_le(&s[..n.min(8)]);
    let hi = if n > 8 { load_le(&s[8..]) } else { 0 } | ((n as u64) << 56);
    Some(u128::from(lo) | (u128::from(hi) << 64))
}

fn unpack(k: u128) -> Box<str> {
    let b = k.to_le_bytes();
    let n = usize::from(b[15]).min(15);
    // Packed from a `str`, so always UTF-8.
    std::str::from_utf8(&b[..n]).unwrap_or_default().into()
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        let next = self.len() as u32;
        if let Some(k) = pack(s.as_bytes()) {
            return *self.small.entry(k).or_insert(next);
        }
        if let Some(&i) = self.large.get(s) {
            return i;
        }
        self.large.insert(s.into(), next);
        next
    }

    /// Interns a string already owned (no copy when it is new and long).
    fn intern_owned(&mut self, s: Box<str>) -> u32 {
        if pack(s.as_bytes()).is_some() {
            return self.intern(&s);
        }
        if let Some(&i) = self.large.get(&*s) {
            return i;
        }
        let i = self.len() as u32;
        self.large.insert(s, i);
        i
    }

    /// The strings by number.
    fn into_names(self) -> Vec<Box<str>> {
        let mut names: Vec<Box<str>> = vec![Box::default(); self.len()];
        for (k, i) in self.small {
            names[i as usize] = unpack(k);
        }
        for (k, i) in self.large {
            names[i as usize] = k;
        }
        names
    }

    pub fn get(&self, s: &str) -> Option<u32> {
        match pack(s.as_bytes()) {
            Some(k) => self.small.get(&k).copied(),
            None => self.large.get(s).copied(),
        }
    }

    pub fn len(&self) -> usize {
        self.small.len() + self.large.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The strings sorted, and for each first-appearance number its rank in that order.
    fn into_sorted(self) -> (Vec<Box<str>>, Vec<u32>) {
        let mut names = self.into_names();
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.par_sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut rank = vec![0u32; names.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let mut sorted: Vec<Box<str>> = Vec::with_capacity(names.len());
        for &i in &order {
            sorted.push(std::mem::take(&mut names[i as usize]));
        }
        (sorted, rank)
    }
}

/// A triples data set, ready to learn from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Triples {
    /// Names of the inputs, for the report's title.
    pub inputs: Vec<String>,
    /// Sorted.
    pub sources: Vec<Box<str>>,
    /// Sorted.
    pub questions: Vec<Box<str>>,
    /// Distinct values, sorted.
    pub values: Vec<Box<str>>,
    /// Value of each claim (index into `values`). Claims are sorted by question, then value.
    pub claim_value: Vec<u32>,
    pub graph: Graph,
    /// Rows read (reports), repeats included.
    pub rows: u64,
}

impl Triples {
    /// The claim of `question` = `value`, if some source asserted it.
    pub fn find_claim(&self, question: u32, value: &str) -> Option<u32> {
        let r = self.graph.question_claims(question as usize);
        let vals = &self.claim_value[r.clone()];
        vals.binary_search_by(|&v| (*self.values[v as usize]).cmp(value))
            .ok()
            .map(|i| (r.start + i) as u32)
    }

    pub fn find_question(&self, question: &str) -> Option<u32> {
        self.questions
            .binary_search_by(|q| (**q).cmp(question))
            .ok()
            .map(|i| i as u32)
    }

    pub fn value_of(&self, claim: usize) -> &str {
        &self.values[self.claim_value[claim] as usize]
    }
}

/// Line breaks before byte `offset` of a file, to turn a chunk's line numbers into the file's (only
/// on the error path).
fn lines_before(path: &std::path::Path, offset: u64) -> u64 {
    use std::io::Read;
    let Ok(f) = std::fs::File::open(path) else {
        return 0;
    };
    let mut r = std::io::BufReader::with_capacity(1 << 16, f.take(offset));
    let mut buf = [0u8; 1 << 16];
    let mut n = 0;
    while let Ok(k) = r.read(&mut buf) {
        if k == 0 {
            break;
        }
        n += memchr::memchr_iter(b'\n', &buf[..k]).count() as u64;
    }
    n
}

/// Accumulates triples from any number of files.
#[derive(Default)]
pub struct TriplesReader {
    inputs: Vec<String>,
    sources: Interner,
    questions: Interner,
    values: Interner,
    /// Claims of questions of up to 11 bytes, keyed by the question's bytes and the value's number
    /// packed in one integer (see [`short_key`]), in [`PARTS`] maps by the key's hash.
    short_claims: Vec<FxMap<u128, u32>>,
    /// Rows of short questions not yet matched to their claims: (key, source), by the key's map.
    /// Matching a batch one map at a time keeps the map being probed in the processor's cache,
    /// where probing one big map in row order would miss it on nearly every row.
    pending: Vec<Vec<(u128, u32)>>,
    pending_rows: usize,
    /// Other claims, keyed by question and value numbers.
    claims: FxHashMap<u64, u32>,
    claim_question: Vec<u32>,
    claim_value: Vec<u32>,
    edges: Vec<(u32, u32)>,
    rows: u64,
}

/// Partitions of the short-question claims.
const PARTS: usize = 64;
/// Rows buffered before they are matched to claims (16 MiB of keys and sources).
const BATCH_ROWS: usize = 1 << 20;

/// Bytes 0..11: the question (at most 11 bytes); byte 11: its length; bytes 12..16: the value's
/// number. `None` for a longer question.
fn short_key(q: &[u8], v: u32) -> Option<u128> {
    let n = q.len();
    if n > 11 {
        return None;
    }
    let lo = load_le(&q[..n.min(8)]);
    let hi = if n > 8 { load_le(&q[8..]) } else { 0 } | ((n as u64) << 24) | (u64::from(v) << 32);
    Some(u128::from(lo) | (u128::from(hi) << 64))
}

/// The question and value number packed by [`short_key`].
fn short_key_parts(key: u128) -> (Box<str>, u32) {
    let b = key.to_le_bytes();
    let n = usize::from(b[11]).min(11);
    let v = u32::from_le_bytes([b[12], b[13], b[14], b[15]]);
    // Packed from a `str`, so always UTF-8.
    (std::str::from_utf8(&b[..n]).unwrap_or_default().into(), v)
}

/// Which of the [`PARTS`] maps holds a short key: the top bits of its hash.
fn part_of(key: u128) -> usize {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    h.write_u128(key);
    (h.finish() >> 58) as usize % PARTS
}

/// Files at least this large are read on several threads.
pub const PARALLEL_MIN_BYTES: u64 = 1 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    #[serde(borrow)]
    source: Text<'a>,
    #[serde(borrow)]
    question: Text<'a>,
    #[serde(borrow)]
    value: Text<'a>,
}

impl TriplesReader {
    pub fn new() -> TriplesReader {
        TriplesReader::default()
    }

    /// Makes room for about `bytes / 12` rows (a short triple takes about 12 bytes).
    pub fn reserve_for(&mut self, bytes: u64) {
        let rows = (bytes / 12).min(1 << 28) as usize;
        self.edges.reserve(rows);
        self.claim_question.reserve(rows / 4);
        self.claim_value.reserve(rows / 4);
    }

    /// Adds one row.
    pub fn push(&mut self, source: &str, question: &str, value: &str) {
        let s = self.sources.intern(source);
        let v = self.values.intern(value);
        self.rows += 1;
        if let Some(key) = short_key(question.as_bytes(), v) {
            if self.pending.is_empty() {
                self.pending = vec![Vec::new(); PARTS];
            }
            self.pending[part_of(key)].push((key, s));
            self.pending_rows += 1;
            if self.pending_rows >= BATCH_ROWS {
                self.flush();
            }
            return;
        }
        let c = self.claim(question, v);
        self.edges.push((c, s));
    }

    /// Matches the buffered rows to their claims, one partition at a time.
    fn flush(&mut self) {
        if self.pending_rows == 0 {
            return;
        }
        if self.short_claims.is_empty() {
            self.short_claims = vec![FxMap::default(); PARTS];
        }
        let mut pending = std::mem::take(&mut self.pending);
        for (p, rows) in pending.iter_mut().enumerate() {
            for (key, s) in rows.drain(..) {
                let c = self.short_claim(p, key);
                self.edges.push((c, s));
            }
        }
        self.pending = pending;
        self.pending_rows = 0;
    }

    /// The claim of a short key in partition `p`, new or not.
    fn short_claim(&mut self, p: usize, key: u128) -> u32 {
        use std::collections::hash_map::Entry;
        let next = self.claim_question.len() as u32;
        match self.short_claims[p].entry(key) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                e.insert(next);
                let (question, v) = short_key_parts(key);
                let qi = self.questions.intern_owned(question);
                self.claim_question.push(qi);
                self.claim_value.push(v);
                next
            }
        }
    }

    /// The number of the claim `question` = value `v`, new or not.
    fn claim(&mut self, question: &str, v: u32) -> u32 {
        if let Some(key) = short_key(question.as_bytes(), v) {
            if self.short_claims.is_empty() {
                self.short_claims = vec![FxMap::default(); PARTS];
            }
            return self.short_claim(part_of(key), key);
        }
        let next = self.claim_question.len() as u32;
        let qi = self.questions.intern(question);
        let key = (u64::from(qi) << 32) | u64::from(v);
        *self.claims.entry(key).or_insert_with(|| {
            self.claim_question.push(qi);
            self.claim_value.push(v);
            next
        })
    }

    /// Reads a CSV/TSV file whose columns are `source`, `question` and `value` (in any order). A
    /// large file is read on several threads (same result, see [`Self::read_csv_split`]).
    pub fn read_csv(&mut self, t: &mut CsvIn, progress: &dyn Progress) -> Result<(), Diagnostic> {
        self.inputs.push(t.name.clone());
        if let Some(size) = t.size {
            self.reserve_for(size);
            if size >= PARALLEL_MIN_BYTES
                && rayon::current_num_threads() > 1
                && t.path().is_some()
                && self.read_csv_split(t, progress)?
            {
                return Ok(());
            }
        }
        self.read_share(t, 0, 1, progress)
    }

    /// Reads the rest of the file on every thread at once: each thread parses all of it but
    /// keeps only the rows whose question falls in its share (by a hash of the question), so the
    /// threads build disjoint, smaller tables; they are merged in thread order. Every thread checks
    /// every row, so the first error of the file is found by each; the first thread's is reported.
    pub fn read_csv_split(
        &mut self,
        t: &CsvIn,
        progress: &dyn Progress,
    ) -> Result<bool, Diagnostic> {
        let Some(spec) = t.spec() else {
            return Ok(false);
        };
        let start = t.offset();
        // Each thread parses the whole file: beyond a few, parsing costs more than it saves.
        let n = rayon::current_num_threads().clamp(1, 4) as u64;
        if n < 2 {
            return Ok(false);
        }
        let size = spec.size.unwrap_or(0);
        let parts: Vec<Result<TriplesReader, Diagnostic>> = (0..n)
            .into_par_iter()
            .map(|k| {
                let mut c = CsvIn::chunk(&spec, start).map_err(|e| {
                    Diagnostic::file(&spec.name, format!("cannot read the file: {e}"))
                })?;
                let mut r = TriplesReader::new();
                r.reserve_for(size / n);
                // Only the first thread reports progress: they all read the whole file.
                let quiet = super::NoProgress;
                let shown: &dyn Progress = if k == 0 { progress } else { &quiet };
                r.read_share(&mut c, k, n, shown).map_err(|mut d| {
                    // Lines count from the chunk's start; a quoted snippet already has its line.
                    if d.snippet.is_none()
                        && let Some(l) = d.line.as_mut()
                    {
                        *l += lines_before(&spec.path, start) as usize;
                    }
                    d
                })?;
                Ok(r)
            })
            .collect();
        let mut readers = Vec::with_capacity(parts.len());
        for p in parts {
            readers.push(p?);
        }
        let mut readers = readers.into_iter();
        if self.rows == 0
            && let Some(first) = readers.next()
        {
            let inputs = std::mem::take(&mut self.inputs);
            *self = first;
            self.inputs = inputs;
        }
        for r in readers {
            self.merge(r);
        }
        Ok(true)
    }

    /// Reads every record, checking each, and keeps those whose question's hash is `k` modulo `n`.
    fn read_share(
        &mut self,
        t: &mut CsvIn,
        k: u64,
        n: u64,
        progress: &dyn Progress,
    ) -> Result<(), Diagnostic> {
        use std::hash::Hasher;
        let col = |name: &str| t.column(name).unwrap_or(0);
        let (si, qi, vi) = (col("source"), col("question"), col("value"));
        let start = t.bytes();
        let mut reported = start;
        let mut rows = 0u64;
        while t.advance()? {
            let (s, q, v) = (t.nonempty(si)?, t.nonempty(qi)?, t.nonempty(vi)?);
            let mut h = FxHasher::default();
            if n > 1 {
                h.write(q.as_bytes());
            }
            // The high bits: FxHash mixes its input into them best.
            if n == 1 || (h.finish() >> 40) % n == k {
                self.push(s, q, v);
            }
            rows += 1;
            if rows.is_multiple_of(PROGRESS_ROWS) {
                let b = t.bytes();
                progress.advance(b - reported);
                reported = b;
            }
        }
        progress.advance(t.bytes().saturating_sub(reported));
        Ok(())
    }

    /// Adds everything another reader read, after what this one read.
    fn merge(&mut self, mut other: TriplesReader) {
        self.flush();
        other.flush();
        let TriplesReader {
            sources,
            questions,
            values,
            claim_question,
            claim_value,
            edges,
            rows,
            ..
        } = other;
        let s_map: Vec<u32> = sources
            .into_names()
            .into_iter()
            .map(|s| self.sources.intern_owned(s))
            .collect();
        let q_names = questions.into_names();
        let v_map: Vec<u32> = values
            .into_names()
            .into_iter()
            .map(|s| self.values.intern_owned(s))
            .collect();
        let mut c_map = Vec::with_capacity(claim_question.len());
        for (q, v) in claim_question.into_iter().zip(claim_value) {
            let c = self.claim(&q_names[q as usize], v_map[v as usize]);
            c_map.push(c);
        }
        self.edges.extend(
            edges
                .into_iter()
                .map(|(c, s)| (c_map[c as usize], s_map[s as usize])),
        );
        self.rows += rows;
    }

    /// Reads a JSON Lines file of objects `{"source": …, "question": …, "value": …}` (strings or
    /// integers).
    pub fn read_jsonl(
        &mut self,
        t: &mut JsonlIn,
        progress: &dyn Progress,
    ) -> Result<(), Diagnostic> {
        self.inputs.push(t.name.clone());
        let mut reported = 0;
        let mut n = 0u64;
        while t.advance()? {
            let line: Line = t.parse()?;
            for (key, x) in [
                ("source", &line.source),
                ("question", &line.question),
                ("value", &line.value),
            ] {
                if x.0.trim().is_empty() {
                    return Err(at_line(
                        &t.name,
                        t.line,
                        format!("empty `{key}`: expected a value"),
                    ));
                }
            }
            self.push(
                line.source.0.trim(),
                line.question.0.trim(),
                line.value.0.trim(),
            );
            n += 1;
            if n.is_multiple_of(PROGRESS_ROWS) {
                let b = t.bytes();
                progress.advance(b - reported);
                reported = b;
            }
        }
        progress.advance(t.bytes().saturating_sub(reported));
        Ok(())
    }

    /// Puts everything in canonical order and builds the graph.
    pub fn finish(mut self) -> Triples {
        self.flush();
        let TriplesReader {
            inputs,
            sources,
            questions,
            values,
            short_claims,
            claims,
            claim_question,
            claim_value,
            edges,
            rows,
            ..
        } = self;
        drop(short_claims);
        drop(claims);
        let n_sources = sources.len();
        let ((sources, s_rank), ((questions, q_rank), (values, v_rank))) = rayon::join(
            || sources.into_sorted(),
            || rayon::join(|| questions.into_sorted(), || values.into_sorted()),
        );
        // Claims by (question rank, value rank).
        let key = |c: usize| {
            (u64::from(q_rank[claim_question[c] as usize]) << 32)
                | u64::from(v_rank[claim_value[c] as usize])
        };
        let mut order: Vec<u32> = (0..claim_question.len() as u32).collect();
        order.par_sort_unstable_by_key(|&c| key(c as usize));
        let mut new_id = vec![0u32; order.len()];
        let mut q_counts = vec![0u32; questions.len()];
        let mut sorted_value = Vec::with_capacity(order.len());
        for (i, &c) in order.iter().enumerate() {
            new_id[c as usize] = i as u32;
            q_counts[q_rank[claim_question[c as usize] as usize] as usize] += 1;
            sorted_value.push(v_rank[claim_value[c as usize] as usize]);
        }
        drop(order);
        drop(claim_question);
        let mut q_ptr = Vec::with_capacity(questions.len() + 1);
        q_ptr.push(0u32);
        let mut acc = 0u32;
        for n in q_counts {
            acc += n;
            q_ptr.push(acc);
        }
        let mut edges = edges;
        edges.par_iter_mut().for_each(|e| {
            *e = (new_id[e.0 as usize], s_rank[e.1 as usize]);
        });
        drop(new_id);
        let graph = Graph::new(n_sources, q_ptr, edges);
        Triples {
            inputs,
            sources,
            questions,
            values,
            claim_value: sorted_value,
            graph,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_keeps_strings_apart_and_round_trips() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "a\0",
            "é",
            "abcdefghijklmno",
        ];
        let mut keys = std::collections::HashSet::new();
        for w in words {
            let k = pack(w.as_bytes()).unwrap();
            assert!(keys.insert(k), "{w:?}");
            assert_eq!(&*unpack(k), w);
        }
        assert_eq!(pack(b"abcdefghijklmnop"), None);
        assert_eq!(load_le(b"abcde"), u64::from_le_bytes(*b"abcde\0\0\0"));
    }

    #[test]
    fn interns_and_orders_canonically() {
        let mut r = TriplesReader::new();
        r.push("s2", "q2", "b");
        r.push("s1", "q1", "x");
        r.push("s1", "q2", "a");
        r.push("s2", "q2", "b");
        let t = r.finish();
        assert_eq!(t.rows, 4);
        assert_eq!(t.sources, vec!["s1".into(), "s2".into()] as Vec<Box<str>>);
        assert_eq!(t.questions, vec!["q1".into(), "q2".into()] as Vec<Box<str>>);
        // Claims: q1=x, q2=a, q2=b.
        assert_eq!(t.graph.q_ptr, vec![0, 1, 3]);
        assert_eq!(t.value_of(0), "x");
        assert_eq!(t.value_of(1), "a");
        assert_eq!(t.value_of(2), "b");
        assert_eq!(t.graph.claim_sources(2), &[1]);
        assert_eq!(t.graph.n_edges(), 3);
        assert_eq!(t.find_claim(1, "b"), Some(2));
        assert_eq!(t.find_claim(1, "x"), None);
        assert_eq!(t.find_question("q2"), Some(1));
    }

    #[test]
    fn row_order_does_not_matter() {
        let rows = [
            ("a", "q", "1"),
            ("b", "q", "2"),
            ("c", "r", "1"),
            ("a", "r", "3"),
        ];
        let mut one = TriplesReader::new();
        let mut two = TriplesReader::new();
        for r in rows {
            one.push(r.0, r.1, r.2);
        }
        for r in rows.iter().rev() {
            two.push(r.0, r.1, r.2);
        }
        assert_eq!(one.finish(), two.finish());
    }
}
