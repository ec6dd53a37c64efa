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

/// Strings and their numbers, in order of first appearance.
#[derive(Default)]
pub struct Interner {
    map: FxMap<Box<str>, u32>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.map.get(s) {
            return i;
        }
        let i = self.map.len() as u32;
        self.map.insert(s.into(), i);
        i
    }

    pub fn get(&self, s: &str) -> Option<u32> {
        self.map.get(s).copied()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The strings sorted, and for each first-appearance number its rank in that order.
    fn into_sorted(self) -> (Vec<Box<str>>, Vec<u32>) {
        let mut names: Vec<Box<str>> = vec![Box::default(); self.map.len()];
        for (k, i) in self.map {
            names[i as usize] = k;
        }
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

/// Accumulates triples from any number of files.
#[derive(Default)]
pub struct TriplesReader {
    inputs: Vec<String>,
    sources: Interner,
    questions: Interner,
    values: Interner,
    claims: FxHashMap<u64, u32>,
    claim_question: Vec<u32>,
    claim_value: Vec<u32>,
    edges: Vec<(u32, u32)>,
    rows: u64,
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

impl TriplesReader {
    pub fn new() -> TriplesReader {
        TriplesReader::default()
    }

    /// Adds one row.
    pub fn push(&mut self, source: &str, question: &str, value: &str) {
        let s = self.sources.intern(source);
        let q = self.questions.intern(question);
        let v = self.values.intern(value);
        let key = (u64::from(q) << 32) | u64::from(v);
        let next = self.claims.len() as u32;
        let c = *self.claims.entry(key).or_insert_with(|| {
            self.claim_question.push(q);
            self.claim_value.push(v);
            next
        });
        self.edges.push((c, s));
        self.rows += 1;
    }

    /// Reads a CSV/TSV file whose columns are `source`, `question` and `value` (in any order).
    pub fn read_csv(&mut self, t: &mut CsvIn, progress: &dyn Progress) -> Result<(), Diagnostic> {
        self.inputs.push(t.name.clone());
        let col = |n: &str| t.column(n).unwrap_or(0);
        let (si, qi, vi) = (col("source"), col("question"), col("value"));
        let mut reported = 0;
        let mut n = 0u64;
        while t.next()? {
            let (s, q, v) = (t.nonempty(si)?, t.nonempty(qi)?, t.nonempty(vi)?);
            self.push(s, q, v);
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

    /// Reads a JSON Lines file of objects `{"source": …, "question": …, "value": …}` (strings or
    /// integers).
    pub fn read_jsonl(&mut self, t: &mut JsonlIn, progress: &dyn Progress) -> Result<(), Diagnostic> {
        self.inputs.push(t.name.clone());
        let mut reported = 0;
        let mut n = 0u64;
        while t.next()? {
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
    pub fn finish(self) -> Triples {
        let TriplesReader {
            inputs,
            sources,
            questions,
            values,
            claims,
            claim_question,
            claim_value,
            edges,
            rows,
        } = self;
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
