//! The sparse source–claim graph every learning algorithm runs on.
//!
//! Claims are numbered so that the answers of one question are contiguous (`q_ptr`), and the graph is
//! kept twice in compressed-sparse-row form: claim → sources (`c_ptr`, `c_src`) and source → claims
//! (`s_ptr`, and the list behind [`Graph::source_claims`], made on first use: EM needs only each
//! source's count). Memory is 8 bytes per distinct (source, claim) pair plus 4 bytes per claim,
//! question and source; nothing is quadratic in anything.

use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

/// Below this many pairs per block, the source side is built on one thread.
const TRANSPOSE_MIN_PAIRS: usize = 1 << 16;
/// At most this many blocks build the source side.
const TRANSPOSE_BLOCKS: usize = 8;

/// A bipartite graph of sources and claims, claims grouped into questions of competing answers.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub n_sources: usize,
    /// Claims of question `q`: `q_ptr[q]..q_ptr[q + 1]`.
    pub q_ptr: Vec<u32>,
    /// Sources asserting claim `c`: `c_src[c_ptr[c]..c_ptr[c + 1]]`, ascending, without repeats.
    pub c_ptr: Vec<u32>,
    pub c_src: Vec<u32>,
    /// Claims asserted by source `s`: `source_claims(s)`, the range `s_ptr[s]..s_ptr[s + 1]` of
    /// a list made on first use (EM needs only the counts, and the list of a million pairs took
    /// a few milliseconds to make).
    pub s_ptr: Vec<u32>,
    s_claim: OnceLock<Vec<u32>>,
}

/// Graphs are equal when their claim sides are (the source side follows from them).
impl PartialEq for Graph {
    fn eq(&self, other: &Graph) -> bool {
        self.n_sources == other.n_sources
            && self.q_ptr == other.q_ptr
            && self.c_ptr == other.c_ptr
            && self.c_src == other.c_src
    }
}

impl Eq for Graph {}

/// Turns a count per bucket into CSR offsets (length `counts.len() + 1`).
fn offsets(counts: &[u32]) -> Vec<u32> {
    let mut ptr = Vec::with_capacity(counts.len() + 1);
    let mut acc = 0u32;
    ptr.push(0);
    for &n in counts {
        acc += n;
        ptr.push(acc);
    }
    ptr
}

/// Each claim's sources from `(claim, source)` pairs in any order: CSR offsets and the sources of
/// each claim, ascending, a pair given twice kept once. Counting sort by claim: O(pairs), no
/// comparison sort over all pairs.
pub fn claim_lists(n_claims: usize, edges: Vec<(u32, u32)>) -> (Vec<u32>, Vec<u32>) {
    claim_lists_mapped(n_claims, edges, |s| s)
}

/// Lists this short are sorted by insertion (with repeats dropped on the way); longer ones by
/// `sort_unstable`, whose set-up costs more than sorting a handful.
const INSERTION_MAX: usize = 16;

/// [`claim_lists`] of the pairs with each source `s` replaced by `source(s)`.
pub fn claim_lists_mapped(
    n_claims: usize,
    edges: Vec<(u32, u32)>,
    source: impl Fn(u32) -> u32,
) -> (Vec<u32>, Vec<u32>) {
    let mut counts = vec![0u32; n_claims];
    for &(c, _) in &edges {
        counts[c as usize] += 1;
    }
    let start = offsets(&counts);
    drop(counts);
    let mut fill: Vec<u32> = start[..n_claims].to_vec();
    let mut c_src = vec![0u32; edges.len()];
    for (c, s) in edges {
        let slot = &mut fill[c as usize];
        c_src[*slot as usize] = source(s);
        *slot += 1;
    }
    drop(fill);
    // Sort each claim's list of sources and drop repeats, compacting in place: the output never
    // gets ahead of the input (`write <= i`), so nothing unread is overwritten.
    let mut c_ptr = Vec::with_capacity(n_claims + 1);
    c_ptr.push(0u32);
    let mut write = 0usize;
    for c in 0..n_claims {
        let (lo, hi) = (start[c] as usize, start[c + 1] as usize);
        let base = write;
        if hi - lo <= INSERTION_MAX {
            for i in lo..hi {
                let s = c_src[i];
                let mut j = write;
                while j > base && c_src[j - 1] > s {
                    j -= 1;
                }
                if j > base && c_src[j - 1] == s {
                    continue;
                }
                // A loop, not `copy_within`: a call to `memmove` per source cost more than the
                // few moves it makes.
                for t in (j..write).rev() {
                    c_src[t + 1] = c_src[t];
                }
                c_src[j] = s;
                write += 1;
            }
        } else {
            c_src[lo..hi].sort_unstable();
            let mut last = None;
            for i in lo..hi {
                let s = c_src[i];
                if last != Some(s) {
                    c_src[write] = s;
                    write += 1;
                    last = Some(s);
                }
            }
        }
        c_ptr.push(write as u32);
    }
    c_src.truncate(write);
    c_src.shrink_to_fit();
    (c_ptr, c_src)
}

/// Blocks of consecutive claims for counting and listing the source side: several when there
/// are many pairs for few sources.
fn transpose_blocks(n_sources: usize, c_ptr: &[u32], pairs: usize) -> Vec<Range<usize>> {
    let n_claims = c_ptr.len().saturating_sub(1);
    let n_blocks = if pairs >= TRANSPOSE_MIN_PAIRS {
        TRANSPOSE_BLOCKS
            .min(pairs / TRANSPOSE_MIN_PAIRS)
            .min(pairs / (16 * n_sources.max(1)))
            .max(1)
    } else {
        1
    };
    let per = n_claims.div_ceil(n_blocks).max(1);
    (0..n_blocks)
        .map(|k| (k * per).min(n_claims)..((k + 1) * per).min(n_claims))
        .collect()
}

/// For each block of claims, each source's number of claims in it (the blocks in parallel).
fn block_counts(
    n_sources: usize,
    c_ptr: &[u32],
    c_src: &[u32],
    blocks: &[Range<usize>],
) -> Vec<Vec<u32>> {
    blocks
        .par_iter()
        .map(|r| {
            let mut counts = vec![0u32; n_sources];
            for &s in &c_src[c_ptr[r.start] as usize..c_ptr[r.end] as usize] {
                counts[s as usize] += 1;
            }
            counts
        })
        .collect()
}

impl Graph {
    /// Builds the graph from `(claim, source)` pairs in any order; a pair given twice counts once.
    /// `q_ptr` gives the claim range of each question (its last entry is the number of claims).
    /// The pairs are consumed so that their memory is freed before the second index is built.
    pub fn new(n_sources: usize, q_ptr: Vec<u32>, edges: Vec<(u32, u32)>) -> Graph {
        let n_claims = q_ptr.last().copied().unwrap_or(0) as usize;
        let (c_ptr, c_src) = claim_lists(n_claims, edges);
        Graph::from_claim_lists(n_sources, q_ptr, c_ptr, c_src)
    }

    /// Builds the graph from each claim's sources (`c_src[c_ptr[c]..c_ptr[c + 1]]`, ascending,
    /// without repeats): counts each source's claims (the list of them is made on first use).
    pub fn from_claim_lists(
        n_sources: usize,
        q_ptr: Vec<u32>,
        c_ptr: Vec<u32>,
        c_src: Vec<u32>,
    ) -> Graph {
        let blocks = transpose_blocks(n_sources, &c_ptr, c_src.len());
        let counts = block_counts(n_sources, &c_ptr, &c_src, &blocks);
        let total: Vec<u32> = (0..n_sources)
            .map(|s| counts.iter().map(|c| c[s]).sum())
            .collect();
        Graph {
            n_sources,
            q_ptr,
            c_ptr,
            c_src,
            s_ptr: offsets(&total),
            s_claim: OnceLock::new(),
        }
    }

    /// Every source's claims, ascending, source after source: filled by blocks of consecutive
    /// claims, each on its own thread when there are few sources for many pairs (each block keeps
    /// a slice per source), so each source's claims come out ascending whatever the number of
    /// blocks.
    fn list_source_claims(&self) -> Vec<u32> {
        let (n_sources, c_ptr, c_src) = (self.n_sources, &self.c_ptr, &self.c_src);
        let blocks = transpose_blocks(n_sources, c_ptr, c_src.len());
        // Claims of each source in each block: the first block's, then the next's...
        let counts = block_counts(n_sources, c_ptr, c_src, &blocks);
        let mut s_claim = vec![0u32; c_src.len()];
        // Slice (source, block) of `s_claim`, handed to its block.
        let mut slices: Vec<Vec<&mut [u32]>> = blocks
            .iter()
            .map(|_| Vec::with_capacity(n_sources))
            .collect();
        let mut rest = s_claim.as_mut_slice();
        for s in 0..n_sources {
            for (k, c) in counts.iter().enumerate() {
                let (head, tail) = std::mem::take(&mut rest).split_at_mut(c[s] as usize);
                slices[k].push(head);
                rest = tail;
            }
        }
        blocks.par_iter().zip(slices).for_each(|(r, mut out)| {
            let mut fill = vec![0usize; n_sources];
            for c in r.clone() {
                for &s in &c_src[c_ptr[c] as usize..c_ptr[c + 1] as usize] {
                    let s = s as usize;
                    out[s][fill[s]] = c as u32;
                    fill[s] += 1;
                }
            }
        });
        s_claim
    }

    pub fn n_claims(&self) -> usize {
        self.c_ptr.len().saturating_sub(1)
    }
    pub fn n_questions(&self) -> usize {
        self.q_ptr.len().saturating_sub(1)
    }
    /// Distinct (source, claim) pairs.
    pub fn n_edges(&self) -> usize {
        self.c_src.len()
    }
    pub fn question_claims(&self, q: usize) -> Range<usize> {
        self.q_ptr[q] as usize..self.q_ptr[q + 1] as usize
    }
    pub fn claim_sources(&self, c: usize) -> &[u32] {
        &self.c_src[self.c_ptr[c] as usize..self.c_ptr[c + 1] as usize]
    }
    /// Claims asserted by source `s`, ascending (the first call lists every source's).
    pub fn source_claims(&self, s: usize) -> &[u32] {
        let all = self.s_claim.get_or_init(|| self.list_source_claims());
        &all[self.s_ptr[s] as usize..self.s_ptr[s + 1] as usize]
    }
    /// Number of claims source `s` asserts.
    pub fn source_degree(&self, s: usize) -> usize {
        (self.s_ptr[s + 1] - self.s_ptr[s]) as usize
    }
    /// Number of sources asserting claim `c`.
    pub fn claim_degree(&self, c: usize) -> usize {
        (self.c_ptr[c + 1] - self.c_ptr[c]) as usize
    }
    /// The question of every claim.
    pub fn claim_questions(&self) -> Vec<u32> {
        let mut out = vec![0u32; self.n_claims()];
        for q in 0..self.n_questions() {
            for c in self.question_claims(q) {
                out[c] = q as u32;
            }
        }
        out
    }
}

/// A graph large enough for the learning methods to run in parallel (20,000 questions of three
/// values, 12 sources, about 5/16 of the possible claims; a fixed LCG), for the tests that compare a
/// run on every core with a run on one thread.
#[cfg(test)]
pub(crate) fn parallel_test_graph() -> Graph {
    let mut edges = Vec::new();
    let mut q_ptr = vec![0u32];
    let mut x: u64 = 1;
    for q in 0..20_000u32 {
        for v in 0..3u32 {
            for s in 0..4u32 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if (x >> 60) < 5 {
                    edges.push((3 * q + v, s + 4 * v));
                }
            }
        }
        q_ptr.push(3 * q + 3);
    }
    Graph::new(12, q_ptr, edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_both_indices_and_drops_repeated_pairs() {
        // Question 0 has claims 0 and 1, question 1 has claim 2.
        let g = Graph::new(
            3,
            vec![0, 2, 3],
            vec![(1, 2), (0, 0), (2, 1), (0, 1), (0, 0), (2, 0)],
        );
        assert_eq!(g.n_edges(), 5);
        assert_eq!(g.claim_sources(0), &[0, 1]);
        assert_eq!(g.claim_sources(1), &[2]);
        assert_eq!(g.claim_sources(2), &[0, 1]);
        assert_eq!(g.source_claims(0), &[0, 2]);
        assert_eq!(g.source_claims(1), &[0, 2]);
        assert_eq!(g.source_claims(2), &[1]);
        assert_eq!(g.claim_questions(), vec![0, 0, 1]);
        assert_eq!(g.question_claims(1), 2..3);
    }

    #[test]
    fn claim_lists_sort_and_drop_repeats_short_and_long() {
        // Claim c gets 3c pairs from sources drawn from a range smaller than that (so with
        // repeats), for list lengths on both sides of INSERTION_MAX; sources are mapped.
        let mut edges = Vec::new();
        let mut x: u64 = 7;
        for c in 0..20u32 {
            for _ in 0..3 * c {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                edges.push((c, ((x >> 33) % u64::from(2 * c + 1)) as u32));
            }
        }
        // Pairs in any order.
        edges.reverse();
        let mut want: Vec<Vec<u32>> = vec![Vec::new(); 20];
        for &(c, s) in &edges {
            want[c as usize].push(1000 - s);
        }
        for w in &mut want {
            w.sort_unstable();
            w.dedup();
        }
        assert!(want.iter().any(|w| w.len() > INSERTION_MAX));
        let (c_ptr, c_src) = claim_lists_mapped(20, edges, |s| 1000 - s);
        for (c, w) in want.iter().enumerate() {
            assert_eq!(
                &c_src[c_ptr[c] as usize..c_ptr[c + 1] as usize],
                w.as_slice()
            );
        }
    }

    #[test]
    fn the_source_side_is_the_same_in_blocks() {
        // Enough pairs for several blocks: each source's claims must still come out ascending.
        let mut edges = Vec::new();
        let mut x: u64 = 3;
        let n_claims = 150_000u32;
        for c in 0..n_claims {
            for _ in 0..3 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                edges.push((c, ((x >> 33) % 50) as u32));
            }
        }
        let g = Graph::new(50, vec![0, n_claims], edges);
        assert!(g.n_edges() >= 4 * TRANSPOSE_MIN_PAIRS);
        let mut want: Vec<Vec<u32>> = vec![Vec::new(); 50];
        for c in 0..g.n_claims() {
            for &s in g.claim_sources(c) {
                want[s as usize].push(c as u32);
            }
        }
        for (s, w) in want.iter().enumerate() {
            assert_eq!(g.source_claims(s), w.as_slice());
        }
    }
}
