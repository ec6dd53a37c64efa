//! Truth-discovery triples: rows of `source,question,value`.
//!
//! Each distinct (question, value) is a claim; the claims of one question are its competing answers;
//! each row is a report of its source supporting its claim (a row repeated counts once). A row
//! leaves behind only a (claim, source) pair of two 32-bit numbers: no per-report structure is kept.
//! At the end everything is put in a canonical order (sources, questions and values sorted by their
//! text), so the result depends neither on the order of the rows nor on the number of threads.
//!
//! How the rows are gathered, fast:
//! - Every string becomes a 16-byte [`Key`]: a string of up to 15 bytes is the key itself (its bytes
//!   and length packed in two integers, no allocation, compared as integers); a longer one is numbered
//!   once by a shared, sharded table ([`Shared`]).
//! - Claims live in [`PARTS`] partitions by a hash of the question, each with its own table. Rows are
//!   first buffered by partition, then each partition takes its rows at once: the table being probed
//!   stays in the processor's cache (probing one big table in row order would miss it on nearly every
//!   row), and the partitions are filled in parallel without locks.
//! - Each reading thread ([`Worker`]) numbers the sources it meets in its own table, so reading needs
//!   no locks either; the tables are merged at the end.
//! - A CSV/TSV file is read in blocks split between threads by [`super::fastcsv`]; anything unusual
//!   (quotes, a bad row) sends the file to the record-by-record reader, which reports the error.
//!
//! Over 600 lines: the streaming reader, the string interning and the parallel block parser share
//! one packed representation that no other module should see.

use std::borrow::Cow;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde::Deserialize;

use super::csvin::CsvIn;
use super::jsonl::{JsonlIn, Text};
use super::{Progress, at_line};
use crate::error::Diagnostic;
use crate::learn::Graph;

type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// How often (in rows) the record-by-record readers report progress.
const PROGRESS_ROWS: u64 = 1 << 16;

/// A string as 16 bytes: for up to 15 bytes, the bytes (little-endian in `lo` then `hi`) with the
/// length in the top byte of `hi`; for a longer string, its number in [`Shared`] in `lo` and
/// [`LONG_TAG`] in `hi`. Equal keys are equal strings.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Key {
    lo: u64,
    hi: u64,
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.lo);
        state.write_u64(self.hi);
    }
}

/// The top byte of a long string's key (a packed string's length is at most 15).
const LONG_TAG: u64 = 0xff << 56;

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

/// The key of a string of at most 15 bytes.
fn pack(s: &[u8]) -> Option<Key> {
    let n = s.len();
    if n > 15 {
        return None;
    }
    let lo = load_le(&s[..n.min(8)]);
    let hi = if n > 8 { load_le(&s[8..]) } else { 0 } | ((n as u64) << 56);
    Some(Key { lo, hi })
}

/// The key of `buf[at..at + len]` (`len` ≤ 15), loading 16 bytes at once when the buffer has them.
#[inline(always)]
pub(super) fn pack_at(buf: &[u8], at: usize, len: usize) -> Option<Key> {
    if len > 15 {
        return None;
    }
    let Some(w) = buf.get(at..at + 16) else {
        return pack(&buf[at..at + len]);
    };
    let w0 = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
    let w1 = u64::from_le_bytes([w[8], w[9], w[10], w[11], w[12], w[13], w[14], w[15]]);
    let mask = |k: usize| {
        if k >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * k)) - 1
        }
    };
    let (lo, hi) = if len >= 8 {
        (w0, w1 & mask(len - 8))
    } else {
        (w0 & mask(len), 0)
    };
    Some(Key {
        lo,
        hi: hi | ((len as u64) << 56),
    })
}

/// The bytes of a packed key (zero after its length) and its length.
fn short_bytes(k: Key) -> ([u8; 16], usize) {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&k.lo.to_le_bytes());
    b[8..].copy_from_slice(&k.hi.to_le_bytes());
    let n = usize::from(b[15]).min(15);
    b[15] = 0;
    (b, n)
}

/// The text of a packed key.
#[cfg(test)]
fn unpack(k: Key) -> Box<str> {
    let (b, n) = short_bytes(k);
    // Packed from a `str` cut at ASCII bytes, so always UTF-8.
    std::str::from_utf8(&b[..n]).unwrap_or_default().into()
}

/// Shards of [`Shared`]'s tables: threads numbering strings rarely wait for each other.
const SHARDS: usize = 64;

#[derive(Default)]
struct SharedShard {
    ids: FxHashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

#[derive(Default)]
struct ValueShard {
    ids: FxMap<Key, u32>,
    keys: Vec<Key>,
}

/// Bits of a value's number that number it within its shard.
const VALUE_BITS: u32 = 26;

/// What every thread of a reader shares: the strings longer than 15 bytes, numbered, and the
/// values, numbered (a value's number is part of its claim's key, so it must mean the same on
/// every thread).
#[derive(Default)]
pub struct Shared {
    shards: Vec<Mutex<SharedShard>>,
    values: Vec<Mutex<ValueShard>>,
}

/// Locks a shard. A panic while holding the lock cannot leave a shard half-written (insertions are
/// single calls), so a poisoned lock is still usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn new() -> Shared {
        Shared {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            values: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    fn shard(&self, i: usize) -> std::sync::MutexGuard<'_, SharedShard> {
        lock(&self.shards[i])
    }

    fn key(&self, s: &str) -> Key {
        let mut h = FxHasher::default();
        h.write(s.as_bytes());
        let i = (h.finish() >> 58) as usize % SHARDS;
        let mut shard = self.shard(i);
        let n = match shard.ids.get(s) {
            Some(&n) => n,
            None => {
                let n = shard.names.len() as u32;
                let name: Arc<str> = s.into();
                shard.names.push(name.clone());
                shard.ids.insert(name, n);
                n
            }
        };
        Key {
            lo: ((i as u64) << 32) | u64::from(n),
            hi: LONG_TAG,
        }
    }

    /// The number of a value; `None` when its shard is full (2^26 values).
    fn value(&self, k: Key) -> Option<u32> {
        let i = part_of(k) % SHARDS;
        let mut shard = lock(&self.values[i]);
        let next = shard.keys.len() as u32;
        if let Some(&n) = shard.ids.get(&k) {
            return Some(n);
        }
        if next >= 1 << VALUE_BITS {
            return None;
        }
        shard.keys.push(k);
        let n = ((i as u32) << VALUE_BITS) | next;
        shard.ids.insert(k, n);
        Some(n)
    }

    /// Every value's key, by shard.
    fn value_keys(&self) -> Vec<Vec<Key>> {
        self.values.iter().map(|m| lock(m).keys.clone()).collect()
    }

    /// The text of a long key (`None` for a packed one).
    fn long_text(&self, k: Key) -> Option<Arc<str>> {
        if k.hi != LONG_TAG {
            return None;
        }
        let shard = self.shard((k.lo >> 32) as usize % SHARDS);
        shard.names.get((k.lo & 0xffff_ffff) as usize).cloned()
    }

    /// The text of any key.
    #[cfg(test)]
    fn text(&self, k: Key) -> Box<str> {
        if k.hi != LONG_TAG {
            return unpack(k);
        }
        let shard = self.shard((k.lo >> 32) as usize % SHARDS);
        shard
            .names
            .get((k.lo & 0xffff_ffff) as usize)
            .map(|s| Box::from(&**s))
            .unwrap_or_default()
    }
}

/// Sources met by one reading thread, numbered in order of appearance.
#[derive(Default)]
struct SourceTable {
    ids: FxMap<Key, u32>,
    keys: Vec<Key>,
    /// The last source looked up: rows of one source often come together.
    last: Option<(Key, u32)>,
}

impl SourceTable {
    #[inline(always)]
    fn id(&mut self, k: Key) -> u32 {
        if let Some((lk, i)) = self.last
            && lk == k
        {
            return i;
        }
        self.look_up(k)
    }

    /// [`Self::id`] when `k` is not the last source (kept out of line, so that the common case
    /// is inlined small).
    #[inline(never)]
    fn look_up(&mut self, k: Key) -> u32 {
        let next = self.keys.len() as u32;
        let keys = &mut self.keys;
        let i = *self.ids.entry(k).or_insert_with(|| {
            keys.push(k);
            next
        });
        self.last = Some((k, i));
        i
    }
}

/// Bits of a row's source number that number it within its thread's table; the bits above tell the
/// thread.
const SOURCE_BITS: u32 = 27;
/// At most this many threads read one file (2^(32 − SOURCE_BITS)).
pub(super) const MAX_WORKERS: usize = 1 << (32 - SOURCE_BITS);
/// Distinct sources one thread can number.
const MAX_THREAD_SOURCES: usize = 1 << SOURCE_BITS;

/// A row on its way to its partition.
#[derive(Clone, Copy)]
struct Row {
    question: Key,
    /// The value's number in [`Shared`].
    value: u32,
    /// Thread and the source's number in that thread's table.
    source: u32,
}

/// Rows taken from the reading threads, waiting for their partitions: by thread, then partition.
pub(super) struct Staged(Vec<Vec<Vec<Row>>>);

/// What one reading thread has: its sources, and its rows not yet handed to their partitions.
pub(super) struct Worker {
    tag: u32,
    sources: SourceTable,
    /// Values already numbered in [`Shared`].
    values: FxMap<Key, u32>,
    /// Values recently looked up, each in the slot its key's hash picks (a direct-mapped cache in
    /// front of `values`). A data set's few frequent values stay in it, and a hit takes no branch
    /// the processor could mispredict; the empty key it starts with is no value's (values are not
    /// empty).
    recent: Box<[(Key, u32)]>,
    pending: Vec<Vec<Row>>,
    pending_rows: usize,
    rows: u64,
}

impl Worker {
    fn new(index: usize) -> Worker {
        Worker {
            tag: (index as u32) << SOURCE_BITS,
            sources: SourceTable::default(),
            values: FxMap::default(),
            recent: vec![(Key::default(), 0); RECENT_VALUES].into_boxed_slice(),
            pending: (0..PARTS).map(|_| Vec::new()).collect(),
            pending_rows: 0,
            rows: 0,
        }
    }

    /// Adds one row of keys. `false` when there are too many distinct sources or values to number.
    #[inline(always)]
    pub(super) fn push(&mut self, shared: &Shared, source: Key, question: Key, value: Key) -> bool {
        let slot = ((value.lo ^ value.hi.rotate_left(23)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            >> (64 - RECENT_BITS)) as usize;
        let (k, v) = self.recent[slot];
        let v = if k == value {
            v
        } else {
            let v = match self.values.get(&value) {
                Some(&v) => v,
                None => {
                    let Some(v) = shared.value(value) else {
                        return false;
                    };
                    self.values.insert(value, v);
                    v
                }
            };
            self.recent[slot] = (value, v);
            v
        };
        self.rows += 1;
        self.push_row(source, question, v)
    }

    /// Buffers a row whose value is already numbered, for its partition. `false` when there are
    /// too many distinct sources to number.
    #[inline(always)]
    fn push_row(&mut self, source: Key, question: Key, value: u32) -> bool {
        let s = self.sources.id(source);
        self.pending[part_of(question)].push(Row {
            question,
            value,
            source: self.tag | s,
        });
        self.pending_rows += 1;
        self.sources.keys.len() <= MAX_THREAD_SOURCES
    }
}

/// Slots of a reading thread's cache of recent values ([`Worker::recent`]).
const RECENT_BITS: u32 = 8;
const RECENT_VALUES: usize = 1 << RECENT_BITS;

/// Partitions of the claims.
const PARTS: usize = 64;
/// Rows buffered by the record-by-record readers before they are handed to their partitions.
const BATCH_ROWS: usize = 1 << 16;

/// Which partition holds a question's claims.
fn part_of(q: Key) -> usize {
    let h = (q.lo ^ q.hi.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> 58) as usize % PARTS
}

/// The claims of the questions of one partition, numbered in order of appearance, and the
/// (claim, source) pairs read for them.
#[derive(Default)]
struct Part {
    ids: FxMap<(Key, u32), u32>,
    question: Vec<Key>,
    value: Vec<u32>,
    edges: Vec<(u32, u32)>,
}

impl Part {
    fn absorb(&mut self, rows: &[Row]) {
        let Part {
            ids,
            question,
            value,
            edges,
        } = self;
        edges.reserve(rows.len());
        for r in rows {
            let next = question.len() as u32;
            let c = *ids.entry((r.question, r.value)).or_insert_with(|| {
                question.push(r.question);
                value.push(r.value);
                next
            });
            edges.push((c, r.source));
        }
    }
}

/// Hands rows buffered by partition (one buffer set per reading thread, taken in order) to their
/// partitions, the partitions in parallel, and empties the buffers.
fn hand_over<'a>(parts: &mut [Part], sets: impl Iterator<Item = &'a mut Vec<Vec<Row>>>) {
    let mut sets: Vec<&mut Vec<Vec<Row>>> = sets.collect();
    let all: &[&mut Vec<Vec<Row>>] = &sets;
    parts.par_iter_mut().enumerate().for_each(|(p, part)| {
        for set in all {
            part.absorb(&set[p]);
        }
    });
    for set in &mut sets {
        set.iter_mut().for_each(Vec::clear);
    }
}

/// Texts in order, stored end to end in one string: a hundred thousand question names are one
/// allocation, not a hundred thousand.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Names {
    text: String,
    /// Where each text ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
}

impl Names {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| &self[i])
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    /// The number of texts for which `pred` holds, when it holds for a first part of them only
    /// (as [`slice::partition_point`]).
    pub fn partition_point(&self, mut pred: impl FnMut(&str) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(&self[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Where `s` is, when the texts are sorted (as [`slice::binary_search`]).
    pub fn binary_search(&self, s: &str) -> Result<usize, usize> {
        let i = self.partition_point(|x| x < s);
        if i < self.len() && &self[i] == s {
            Ok(i)
        } else {
            Err(i)
        }
    }
}

impl std::ops::Index<usize> for Names {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

impl<'a> FromIterator<&'a str> for Names {
    fn from_iter<I: IntoIterator<Item = &'a str>>(texts: I) -> Names {
        let mut names = Names::default();
        for t in texts {
            names.push(t);
        }
        names
    }
}

/// A triples data set, ready to learn from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Triples {
    /// Names of the inputs, for the report's title.
    pub inputs: Vec<String>,
    /// Sorted.
    pub sources: Names,
    /// Sorted.
    pub questions: Names,
    /// Distinct values, sorted.
    pub values: Names,
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
        vals.binary_search_by(|&v| self.values[v as usize].cmp(value))
            .ok()
            .map(|i| (r.start + i) as u32)
    }

    pub fn find_question(&self, question: &str) -> Option<u32> {
        self.questions
            .binary_search(question)
            .ok()
            .map(|i| i as u32)
    }

    pub fn value_of(&self, claim: usize) -> &str {
        &self.values[self.claim_value[claim] as usize]
    }
}

/// Accumulates triples from any number of files.
pub struct TriplesReader {
    inputs: Vec<String>,
    shared: Arc<Shared>,
    /// Reading threads; the record-by-record readers use the first.
    workers: Vec<Worker>,
    parts: Vec<Part>,
}

impl Default for TriplesReader {
    fn default() -> Self {
        TriplesReader::new()
    }
}

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

/// The message when a reading thread has met more distinct sources (or values) than it can number.
pub(super) fn too_many_sources(name: &str) -> Diagnostic {
    Diagnostic::file(
        name,
        format!(
            "too many distinct sources or values: expected at most {MAX_THREAD_SOURCES} sources per reading thread and {} values",
            SHARDS << VALUE_BITS
        ),
    )
}

impl TriplesReader {
    pub fn new() -> TriplesReader {
        TriplesReader::sharing(Arc::new(Shared::new()))
    }

    /// A reader whose strings and values are numbered in `shared` (so that its keys and values mean
    /// the same as another reader's).
    fn sharing(shared: Arc<Shared>) -> TriplesReader {
        TriplesReader {
            inputs: Vec::new(),
            shared,
            workers: vec![Worker::new(0)],
            parts: (0..PARTS).map(|_| Part::default()).collect(),
        }
    }

    /// The key of a string.
    pub(super) fn key(&self, s: &str) -> Key {
        pack(s.as_bytes()).unwrap_or_else(|| self.shared.key(s))
    }

    /// The key of a field of a block (`buf[at..at + len]`, valid UTF-8).
    #[inline(always)]
    pub(super) fn key_at(shared: &Shared, buf: &[u8], at: usize, len: usize) -> Key {
        pack_at(buf, at, len).unwrap_or_else(|| {
            shared.key(std::str::from_utf8(&buf[at..at + len]).unwrap_or_default())
        })
    }

    /// Rows read so far.
    pub fn rows(&self) -> u64 {
        self.workers.iter().map(|w| w.rows).sum()
    }

    /// Adds one row; `false` when there are too many distinct sources to number.
    pub fn push(&mut self, source: &str, question: &str, value: &str) -> bool {
        let (s, q, v) = (self.key(source), self.key(question), self.key(value));
        let ok = self.workers[0].push(&self.shared, s, q, v);
        if self.workers[0].pending_rows >= BATCH_ROWS {
            self.flush();
        }
        ok
    }

    /// Hands every thread's buffered rows to their partitions, the partitions in parallel.
    pub(super) fn flush(&mut self) {
        let workers = &mut self.workers;
        if workers.iter().all(|w| w.pending_rows == 0) {
            return;
        }
        hand_over(&mut self.parts, workers.iter_mut().map(|w| &mut w.pending));
        for w in workers.iter_mut() {
            w.pending_rows = 0;
        }
    }

    /// Takes every thread's buffered rows, to be handed to their partitions by
    /// [`Self::absorb_while`] while the threads read on; the threads get `spare`'s empty buffers
    /// (or new ones).
    pub(super) fn stage(&mut self, spare: Option<Staged>) -> Staged {
        let mut spare = spare.map_or_else(Vec::new, |s| s.0);
        let taken = self
            .workers
            .iter_mut()
            .enumerate()
            .map(|(i, w)| {
                // The first time, new buffers as large as the ones taken (growing them would
                // copy).
                let empty = spare.get_mut(i).map(std::mem::take).unwrap_or_else(|| {
                    w.pending
                        .iter()
                        .map(|p| Vec::with_capacity(p.capacity()))
                        .collect()
                });
                w.pending_rows = 0;
                std::mem::replace(&mut w.pending, empty)
            })
            .collect();
        Staged(taken)
    }

    /// Hands `staged` rows to their partitions (in parallel) while `read` runs on the reading
    /// threads (at least `n`) and the shared tables; returns what `read` returns, and `staged`'s
    /// buffers emptied for [`Self::stage`] to reuse. Partitions take rows in the order they were
    /// staged, so the result is what reading and flushing block by block gives.
    pub(super) fn absorb_while<R: Send>(
        &mut self,
        staged: Option<Staged>,
        n: usize,
        read: impl FnOnce(&mut [Worker], &Shared) -> R + Send,
    ) -> (R, Option<Staged>) {
        self.workers(n);
        let n = n.clamp(1, MAX_WORKERS);
        let TriplesReader {
            parts,
            workers,
            shared,
            ..
        } = self;
        let shared: &Shared = shared;
        let workers = &mut workers[..n];
        let (emptied, r) = rayon::join(
            move || {
                staged.map(|mut st| {
                    hand_over(parts, st.0.iter_mut());
                    st
                })
            },
            move || read(workers, shared),
        );
        (r, emptied)
    }

    /// Makes room for about `rows` rows in all, arriving `batch` rows at a time on `threads` threads:
    /// growing tables and buffers one doubling at a time would allocate (and have the kernel clear)
    /// about twice the memory, and copy it.
    pub(super) fn reserve(&mut self, rows: usize, batch: usize, threads: usize) {
        let per_part = rows / PARTS + rows / PARTS / 8 + 16;
        for p in &mut self.parts {
            p.edges.reserve(per_part);
            p.ids.reserve(per_part / 3);
            p.question.reserve(per_part / 3);
            p.value.reserve(per_part / 3);
        }
        let (workers, _) = self.workers(threads);
        let per_worker = batch / PARTS / threads.max(1);
        for w in workers {
            for v in &mut w.pending {
                v.reserve(per_worker + per_worker / 4 + 16);
            }
        }
    }

    /// The reading threads (at least `n`) and the shared tables, for the block reader.
    pub(super) fn workers(&mut self, n: usize) -> (&mut [Worker], &Shared) {
        while self.workers.len() < n.clamp(1, MAX_WORKERS) {
            let i = self.workers.len();
            self.workers.push(Worker::new(i));
        }
        (&mut self.workers[..n.clamp(1, MAX_WORKERS)], &self.shared)
    }

    /// Adds everything another reader (sharing this one's tables) read, after what this one
    /// read; `false` when there are then too many distinct sources to number. When this one has read
    /// nothing, it simply becomes the other.
    fn absorb_reader(&mut self, mut other: TriplesReader) -> bool {
        if self.rows() == 0 {
            let inputs = std::mem::take(&mut self.inputs);
            *self = other;
            self.inputs = inputs;
            return true;
        }
        other.flush();
        for part in &other.parts {
            for &(c, s) in &part.edges {
                let w = &other.workers[(s >> SOURCE_BITS) as usize];
                let source = w.sources.keys[(s as usize) & (MAX_THREAD_SOURCES - 1)];
                let (question, value) = (part.question[c as usize], part.value[c as usize]);
                if !self.workers[0].push_row(source, question, value) {
                    return false;
                }
                if self.workers[0].pending_rows >= BATCH_ROWS {
                    self.flush();
                }
            }
        }
        self.flush();
        self.workers[0].rows += other.rows();
        true
    }

    /// Reads a CSV/TSV file whose columns are `source`, `question` and `value` (in any order): in
    /// blocks on every thread when it is a file and its rows are plain (see [`super::fastcsv`]),
    /// otherwise record by record.
    pub fn read_csv(&mut self, t: &mut CsvIn, progress: &dyn Progress) -> Result<(), Diagnostic> {
        self.inputs.push(t.name.clone());
        if let Some(spec) = t.spec() {
            let mut fresh = TriplesReader::sharing(self.shared.clone());
            let columns = [col(t, "source"), col(t, "question"), col(t, "value")];
            if super::fastcsv::read(&spec, t.offset(), columns, &mut fresh, progress)? {
                if !self.absorb_reader(fresh) {
                    return Err(too_many_sources(&t.name));
                }
                return Ok(());
            }
        }
        self.read_records(t, progress)
    }

    /// Reads every record with the `csv` crate, checking each (what [`Self::read_csv`] does when the
    /// block reader gives up; public so that fuzzing can compare the two).
    pub fn read_records(
        &mut self,
        t: &mut CsvIn,
        progress: &dyn Progress,
    ) -> Result<(), Diagnostic> {
        let (si, qi, vi) = (col(t, "source"), col(t, "question"), col(t, "value"));
        let start = t.bytes();
        let mut reported = start;
        let mut rows = 0u64;
        while t.advance()? {
            let (s, q, v) = (t.nonempty(si)?, t.nonempty(qi)?, t.nonempty(vi)?);
            if !self.push(s, q, v) {
                return Err(too_many_sources(&t.name));
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
                    let mut d =
                        at_line(&t.name, t.line, format!("empty `{key}`: expected a value"));
                    d.field = Some(Box::new(crate::error::FieldAt::Key(key)));
                    return Err(d);
                }
            }
            if !self.push(
                line.source.0.trim(),
                line.question.0.trim(),
                line.value.0.trim(),
            ) {
                return Err(too_many_sources(&t.name));
            }
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
            shared,
            workers,
            parts,
        } = self;
        let shared = &*shared;
        let rows = workers.iter().map(|w| w.rows).sum();

        // Sources: every thread's table, merged and sorted; each thread's numbers → ranks.
        let tables: Vec<&[Key]> = workers.iter().map(|w| w.sources.keys.as_slice()).collect();
        let (sources, thread_rank) = rank_tables(shared, &tables);
        // Values, sorted; each value's number (shard, index) → rank.
        let value_keys = shared.value_keys();
        let tables: Vec<&[Key]> = value_keys.iter().map(Vec::as_slice).collect();
        let (values, v_rank) = rank_tables(shared, &tables);
        let value_rank =
            |v: u32| v_rank[(v >> VALUE_BITS) as usize][(v & ((1 << VALUE_BITS) - 1)) as usize];

        // Each partition on its own: its distinct questions, each question's claims in value
        // order, and its claims' sources (as ranks).
        let locals: Vec<LocalClaims> = parts
            .into_par_iter()
            .map(|p| LocalClaims::new(p, &thread_rank, &value_rank))
            .collect();

        // Questions (each in one partition), sorted by their text: `owner[r]` is the partition and
        // local number of the question of rank r.
        // (On one thread: a parallel collect of pieces of unknown length took longer.)
        let mut all: Vec<(Key, (u32, u32))> =
            Vec::with_capacity(locals.iter().map(|l| l.questions.len()).sum());
        for (p, l) in locals.iter().enumerate() {
            all.extend(
                l.questions
                    .iter()
                    .enumerate()
                    .map(|(i, &k)| (k, (p as u32, i as u32))),
            );
        }
        let (questions, owner) = by_text(shared, all);

        // Claims in canonical order (by question, then value), gathered question by question
        // from their partitions, in parallel blocks of questions: first each claim's value and
        // number of sources, then (once those are added up into offsets) its sources.
        let mut q_ptr = Vec::with_capacity(owner.len() + 1);
        q_ptr.push(0u32);
        let mut n_claims = 0u32;
        for &(p, lq) in &owner {
            n_claims += locals[p as usize].question_claims(lq as usize).len() as u32;
            q_ptr.push(n_claims);
        }
        let n_claims = n_claims as usize;
        let mut claim_value = vec![0u32; n_claims];
        // c_ptr[c + 1] holds claim c's degree until the running sum below.
        let mut c_ptr = vec![0u32; n_claims + 1];
        let blocks: Vec<Range<usize>> = (0..owner.len())
            .step_by(GATHER_QUESTIONS)
            .map(|lo| lo..(lo + GATHER_QUESTIONS).min(owner.len()))
            .collect();
        let gather = |qs: &Range<usize>, values: &mut [u32], degrees: &mut [u32]| {
            let mut at = 0;
            for &(p, lq) in &owner[qs.clone()] {
                let l = &locals[p as usize];
                for c in l.question_claims(lq as usize) {
                    values[at] = l.claim_value[c];
                    degrees[at] = l.degree(c);
                    at += 1;
                }
            }
        };
        let claim_slices = split_by(&mut claim_value, &blocks, |r| q_ptr[r.start]..q_ptr[r.end]);
        let degree_slices = split_by(&mut c_ptr[1..], &blocks, |r| q_ptr[r.start]..q_ptr[r.end]);
        blocks
            .par_iter()
            .zip(claim_slices)
            .zip(degree_slices)
            .for_each(|((qs, v), d)| gather(qs, v, d));
        for c in 0..n_claims {
            c_ptr[c + 1] += c_ptr[c];
        }
        let n_pairs = c_ptr[n_claims] as usize;
        let mut c_src = vec![0u32; n_pairs];
        let src_slices = split_by(&mut c_src, &blocks, |r| {
            c_ptr[q_ptr[r.start] as usize]..c_ptr[q_ptr[r.end] as usize]
        });
        blocks.par_iter().zip(src_slices).for_each(|(qs, out)| {
            let mut at = 0;
            for &(p, lq) in &owner[qs.clone()] {
                let l = &locals[p as usize];
                // Element by element: a question has a few sources, and a call to `memmove`
                // per question cost more than the copy.
                for (o, &s) in out[at..]
                    .iter_mut()
                    .zip(l.sources(l.question_claims(lq as usize)))
                {
                    *o = s;
                    at += 1;
                }
            }
        });
        drop(locals);
        let graph = Graph::from_claim_lists(sources.len(), q_ptr, c_ptr, c_src);
        Triples {
            inputs,
            sources,
            questions,
            values,
            claim_value,
            graph,
            rows,
        }
    }
}

/// Questions per block when claims are gathered in canonical order.
const GATHER_QUESTIONS: usize = 1 << 12;

/// `out` cut into consecutive slices, one per block, of the lengths `span(block)` gives (the
/// spans are consecutive and start at 0).
fn split_by<'a, T>(
    out: &'a mut [T],
    blocks: &[Range<usize>],
    span: impl Fn(&Range<usize>) -> Range<u32>,
) -> Vec<&'a mut [T]> {
    let mut rest = out;
    blocks
        .iter()
        .map(|b| {
            let r = span(b);
            let (head, tail) = std::mem::take(&mut rest).split_at_mut((r.end - r.start) as usize);
            rest = tail;
            head
        })
        .collect()
}

/// One partition's claims, ready to be put in order: its distinct questions, and its claims
/// numbered question by question (each question's by value rank), with each claim's value rank and
/// sources (as ranks, ascending, once each). A question's claims, and their sources, are thus
/// contiguous here as they are in the canonical order, and are gathered in one piece.
struct LocalClaims {
    questions: Vec<Key>,
    /// Claims of local question q: `q_ptr[q]..q_ptr[q + 1]`.
    q_ptr: Vec<u32>,
    claim_value: Vec<u32>,
    c_ptr: Vec<u32>,
    c_src: Vec<u32>,
}

impl LocalClaims {
    fn new(
        p: Part,
        thread_rank: &[Vec<u32>],
        value_rank: &(impl Fn(u32) -> u32 + Sync),
    ) -> LocalClaims {
        let Part {
            ids,
            question,
            value,
            edges,
        } = p;
        drop(ids);
        // A partition's claims have about a third as many distinct questions (4 values each in
        // the benchmark); reserving avoids growing the table a dozen times.
        let mut index: FxMap<Key, u32> = FxMap::default();
        index.reserve(question.len() / 3 + 1);
        let mut questions = Vec::with_capacity(question.len() / 3 + 1);
        let claim_question: Vec<u32> = question
            .iter()
            .map(|&q| {
                let next = questions.len() as u32;
                *index.entry(q).or_insert_with(|| {
                    questions.push(q);
                    next
                })
            })
            .collect();
        drop(index);
        drop(question);
        let claim_value: Vec<u32> = value.iter().map(|&v| value_rank(v)).collect();
        // Each question's claims (a question's claims have distinct values).
        let (q_ptr, mut q_claims) = crate::learn::graph::claim_lists(
            questions.len(),
            claim_question
                .iter()
                .enumerate()
                .map(|(c, &q)| (q, c as u32))
                .collect(),
        );
        for q in 0..questions.len() {
            let list = &mut q_claims[q_ptr[q] as usize..q_ptr[q + 1] as usize];
            // A question has a few answers: insertion sort costs less than setting up a sort.
            if list.len() <= 16 {
                for i in 1..list.len() {
                    let c = list[i];
                    let mut j = i;
                    while j > 0 && claim_value[list[j - 1] as usize] > claim_value[c as usize] {
                        list[j] = list[j - 1];
                        j -= 1;
                    }
                    list[j] = c;
                }
            } else {
                list.sort_unstable_by_key(|&c| claim_value[c as usize]);
            }
        }
        // Claims renumbered in that order.
        let mut renumbered = vec![0u32; q_claims.len()];
        for (i, &c) in q_claims.iter().enumerate() {
            renumbered[c as usize] = i as u32;
        }
        let claim_value: Vec<u32> = q_claims.iter().map(|&c| claim_value[c as usize]).collect();
        drop(q_claims);
        let mut edges = edges;
        for e in &mut edges {
            e.0 = renumbered[e.0 as usize];
        }
        drop(renumbered);
        // Each source (thread, number in that thread's table) becomes its rank.
        let (c_ptr, c_src) =
            crate::learn::graph::claim_lists_mapped(claim_value.len(), edges, |s| {
                thread_rank[(s >> SOURCE_BITS) as usize][(s as usize) & (MAX_THREAD_SOURCES - 1)]
            });
        LocalClaims {
            questions,
            q_ptr,
            claim_value,
            c_ptr,
            c_src,
        }
    }

    fn question_claims(&self, q: usize) -> Range<usize> {
        self.q_ptr[q] as usize..self.q_ptr[q + 1] as usize
    }

    fn degree(&self, c: usize) -> u32 {
        self.c_ptr[c + 1] - self.c_ptr[c]
    }

    /// The sources of claims `claims`, claim after claim.
    fn sources(&self, claims: Range<usize>) -> &[u32] {
        &self.c_src[self.c_ptr[claims.start] as usize..self.c_ptr[claims.end] as usize]
    }
}

/// Column `name` of a triples file (its header was checked to have it).
fn col(t: &CsvIn, name: &str) -> usize {
    t.column(name).unwrap_or(0)
}

/// Texts of at most this many bytes can be sorted as single numbers (see [`short_order`]).
const SHORT_SORT_MAX: usize = 11;

/// The order of `items` by their keys' texts when every text has at most [`SHORT_SORT_MAX`] bytes
/// (`None` otherwise): each item is one number, its text's bytes (zero after its end), then its
/// length, then the item's index, so that plain numeric order is text order. Zero padding alone
/// would tie a text with itself followed by NUL bytes; the length puts the shorter first, as text
/// order does. Numbers sort faster than pairs compared by a closure.
fn short_order<T: Sync>(items: &[(Key, T)]) -> Option<Vec<u32>> {
    u32::try_from(items.len()).ok()?;
    let short = |k: Key| k.hi != LONG_TAG && short_bytes(k).1 <= SHORT_SORT_MAX;
    // Checked first: a parallel collect into an `Option` ran on one thread.
    if !items.par_iter().all(|&(k, _)| short(k)) {
        return None;
    }
    let mut numbers: Vec<u128> = items
        .par_iter()
        .enumerate()
        .map(|(i, &(k, _))| {
            let (b, n) = short_bytes(k);
            let mut x = [0u8; 16];
            x[..SHORT_SORT_MAX].copy_from_slice(&b[..SHORT_SORT_MAX]);
            x[SHORT_SORT_MAX] = n as u8;
            x[12..].copy_from_slice(&(i as u32).to_be_bytes());
            u128::from_be_bytes(x)
        })
        .collect();
    numbers.par_sort_unstable();
    Some(numbers.into_par_iter().map(|x| x as u32).collect())
}

/// Items with their keys' texts, sorted by those texts: as numbers when the texts are short
/// ([`short_order`]), otherwise by [`super::sort_head`], and by the whole texts where those are
/// equal.
fn by_text<T: Copy + Send + Sync>(shared: &Shared, items: Vec<(Key, T)>) -> (Names, Vec<T>) {
    if let Some(order) = short_order(&items) {
        return in_order(&items, &order, |names, i| push_packed(names, items[i].0));
    }
    let long: Vec<Option<Arc<str>>> = items
        .par_iter()
        .map(|&(k, _)| shared.long_text(k))
        .collect();
    // The bytes of item i's text: a long key's shared text, or a packed key's bytes.
    let text = |i: usize| -> Cow<'_, [u8]> {
        match &long[i] {
            Some(t) => Cow::Borrowed(t.as_bytes()),
            None => {
                let (b, n) = short_bytes(items[i].0);
                Cow::Owned(b[..n].to_vec())
            }
        }
    };
    let mut order: Vec<(u128, u32)> = (0..items.len())
        .into_par_iter()
        .map(|i| {
            let head = match &long[i] {
                Some(t) => super::sort_head(t.as_bytes()),
                // Zero after its length: already the padded first 16 bytes.
                None => u128::from_be_bytes(short_bytes(items[i].0).0),
            };
            (head, i as u32)
        })
        .collect();
    order.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| text(a.1 as usize).cmp(&text(b.1 as usize)))
    });
    let order: Vec<u32> = order.into_par_iter().map(|(_, i)| i).collect();
    in_order(&items, &order, |names, i| match &long[i] {
        Some(t) => names.push(t),
        None => push_packed(names, items[i].0),
    })
}

/// Adds the text of a packed key to `names`.
fn push_packed(names: &mut Names, k: Key) {
    let (b, n) = short_bytes(k);
    // Packed from a `str` cut at ASCII bytes, so always UTF-8.
    names.push(std::str::from_utf8(&b[..n]).unwrap_or_default());
}

/// Items per piece of [`in_order`].
const NAMES_PIECE: usize = 1 << 13;

/// The names and the payloads of `items` in `order`, `add(names, i)` adding item i's text to
/// names: in pieces on all threads, then put end to end.
fn in_order<T: Copy + Send + Sync>(
    items: &[(Key, T)],
    order: &[u32],
    add: impl Fn(&mut Names, usize) + Sync,
) -> (Names, Vec<T>) {
    let pieces: Vec<Names> = order
        .par_chunks(NAMES_PIECE)
        .map(|piece| {
            let mut names = Names::default();
            for &i in piece {
                add(&mut names, i as usize);
            }
            names
        })
        .collect();
    let mut names = Names {
        text: String::with_capacity(pieces.iter().map(|p| p.text.len()).sum()),
        ends: Vec::with_capacity(order.len()),
    };
    for p in pieces {
        let base = names.text.len();
        names.text.push_str(&p.text);
        names.ends.extend(p.ends.iter().map(|e| e + base));
    }
    let xs = order.par_iter().map(|&i| items[i as usize].1).collect();
    (names, xs)
}

/// The texts of the keys in `tables` (a key may be in several), sorted, and each table's keys
/// replaced by their ranks in that order.
fn rank_tables(shared: &Shared, tables: &[&[Key]]) -> (Names, Vec<Vec<u32>>) {
    let distinct: FxHashSet<Key> = tables.iter().flat_map(|t| t.iter().copied()).collect();
    let (names, keys) = by_text(shared, distinct.into_iter().map(|k| (k, k)).collect());
    let mut rank = FxMap::default();
    rank.reserve(keys.len());
    for (i, k) in keys.into_iter().enumerate() {
        rank.insert(k, i as u32);
    }
    let ranks = tables
        .iter()
        .map(|t| t.iter().map(|k| rank[k]).collect())
        .collect();
    (names, ranks)
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
            assert!(keys.insert((k.lo, k.hi)), "{w:?}");
            assert_eq!(&*unpack(k), w);
            // The 16-byte load gives the same key, with and without bytes after the string.
            let mut padded = w.as_bytes().to_vec();
            padded.extend_from_slice(b",xxxxxxxxxxxxxxxxx");
            assert_eq!(pack_at(&padded, 0, w.len()), Some(k), "{w:?}");
            assert_eq!(pack_at(w.as_bytes(), 0, w.len()), Some(k), "{w:?}");
        }
        assert_eq!(pack(b"abcdefghijklmnop"), None);
        assert_eq!(load_le(b"abcde"), u64::from_le_bytes(*b"abcde\0\0\0"));
    }

    #[test]
    fn long_strings_are_numbered_once_and_keep_their_text() {
        let long = Shared::new();
        let a = long.key("a string longer than fifteen bytes");
        let b = long.key("another string longer than fifteen");
        assert_ne!(a, b);
        assert_eq!(long.key("a string longer than fifteen bytes"), a);
        assert_eq!(&*long.text(a), "a string longer than fifteen bytes");
        assert_eq!(&*long.text(pack(b"short").unwrap()), "short");
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
        assert_eq!(t.sources.iter().collect::<Vec<_>>(), ["s1", "s2"]);
        assert_eq!(t.questions.iter().collect::<Vec<_>>(), ["q1", "q2"]);
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
    fn row_order_and_string_length_do_not_matter() {
        let long = "a question whose text is longer than fifteen bytes";
        let rows = [
            ("a", "q", "1"),
            ("b", "q", "2"),
            ("c", "r", "1"),
            ("a", "r", "3"),
            (
                "a source with a long name",
                long,
                "a value with a long text",
            ),
            ("b", long, "1"),
        ];
        let mut one = TriplesReader::new();
        let mut two = TriplesReader::new();
        for r in rows {
            one.push(r.0, r.1, r.2);
        }
        for r in rows.iter().rev() {
            two.push(r.0, r.1, r.2);
        }
        let (one, two) = (one.finish(), two.finish());
        assert_eq!(one, two);
        assert_eq!(&one.questions[0], long);
        assert_eq!(one.sources.len(), 4);
        assert_eq!(one.values.len(), 4);
    }

    #[test]
    fn a_second_reader_is_added_after_the_first() {
        let mut whole = TriplesReader::new();
        let mut first = TriplesReader::new();
        let mut second = TriplesReader::sharing(first.shared.clone());
        for (i, (s, q, v)) in [("a", "q", "1"), ("b", "q", "2"), ("a", "q", "1")]
            .into_iter()
            .enumerate()
        {
            whole.push(s, q, v);
            if i == 0 {
                first.push(s, q, v);
            } else {
                second.push(s, q, v);
            }
        }
        assert!(first.absorb_reader(second));
        assert_eq!(first.finish(), whole.finish());
    }

    #[test]
    fn names_index_and_search_like_a_sorted_slice() {
        let texts = ["", "a", "ab", "zz", "é"];
        let names: Names = texts.iter().copied().collect();
        assert_eq!(names.len(), 5);
        assert!(!names.is_empty() && Names::default().is_empty());
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(&names[i], *t);
            assert_eq!(names.binary_search(t), Ok(i));
        }
        assert_eq!(names.iter().collect::<Vec<_>>(), texts);
        for probe in ["0", "aa", "b", "zzz", "ë"] {
            assert_eq!(names.binary_search(probe), texts.binary_search(&probe));
            assert_eq!(
                names.partition_point(|x| x < probe),
                texts.partition_point(|x| *x < probe)
            );
        }
    }

    /// Each text's key (numbered in `shared` when long) with its index.
    fn keyed(shared: &Shared, texts: &[impl AsRef<str>]) -> Vec<(Key, u32)> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let t = t.as_ref();
                (
                    pack(t.as_bytes()).unwrap_or_else(|| shared.key(t)),
                    i as u32,
                )
            })
            .collect()
    }

    #[test]
    fn sorts_many_texts_in_pieces() {
        // More texts than one piece of names holds, short ones only and then with long ones.
        let n = 3 * NAMES_PIECE + 5;
        let short: Vec<String> = (0..n).map(|i| format!("q{}", (i * 7919) % n)).collect();
        let long: Vec<String> = (0..n)
            .map(|i| format!("https://example.org/{}", (i * 7919) % n))
            .collect();
        for texts in [short.clone(), [short, long].concat()] {
            let shared = Shared::new();
            let items = keyed(&shared, &texts);
            let (names, xs) = by_text(&shared, items);
            let mut want: Vec<&str> = texts.iter().map(String::as_str).collect();
            want.sort();
            assert_eq!(names.iter().collect::<Vec<_>>(), want);
            for (t, &i) in names.iter().zip(&xs) {
                assert_eq!(t, texts[i as usize]);
            }
        }
    }

    #[test]
    fn sorts_by_text_whatever_the_keys() {
        let texts = [
            "ab\0\0",
            "\0",
            "a\u{7f}",
            "abcdefghijk",
            "abcdefghij",
            "abcdefghijj",
            "abcdefghijkl",
            "ab",
            "ab\0",
            "ab\0x",
            "a",
            "",
            "b",
            "é",
            "zzzzzzzzzzzzzzz",
            "https://example.org/a/long/path/2",
            "https://example.org/a/long/path/10",
            "https://example.org/a/long/path",
            "https://example.org/",
            "https://example.org/a/long/path/1",
            "https://example.org/a",
        ];
        // All of them (sorted with the texts' heads), and the short ones only (sorted as numbers).
        let short: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| t.len() <= SHORT_SORT_MAX)
            .collect();
        assert!(short.len() > 10 && short.len() < texts.len());
        for texts in [&texts[..], &short[..]] {
            let shared = Shared::new();
            let items = keyed(&shared, texts);
            assert_eq!(short_order(&items).is_some(), texts.len() == short.len());
            let sorted = by_text(&shared, items);
            let mut want: Vec<&str> = texts.to_vec();
            want.sort();
            let got: Vec<&str> = sorted.0.iter().collect();
            assert_eq!(got, want);
            for (t, &i) in sorted.0.iter().zip(&sorted.1) {
                assert_eq!(t, texts[i as usize]);
            }
        }
    }
}
