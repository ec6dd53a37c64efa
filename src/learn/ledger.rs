//! Learned reliability for ledgers (TOML or bulk).
//!
//! The ledger becomes a learning graph:
//! - each question of the ledger is a learning question whose answers are its claims; an origin
//!   supporting an answer asserts it (refutations of an answer of a multi-answer question say nothing
//!   about which other answer is true, and are left out of learning);
//! - each claim outside a question is a question with two answers, "true" and "false": an origin
//!   supporting the claim asserts "true", one refuting it asserts "false".
//!
//! Who asserts is the origin (the speaker at the root of a `cites` chain), once per claim, with its
//! latest stance (a tie on the latest date counts as a refutation), as in scoring. Only reports in
//! force count.
//!
//! How it enters the score: where the rubric's `[reliability] method` is not `none`, a source without
//! an analyst's grade takes its learned reliability as its level (in place of the level of its kind or
//! of an official source; the interest discount still applies). A graded source keeps its grade's level.
//! A source that asserted nothing learnable keeps the rubric's level.

use std::collections::HashMap;

use crate::ledger::Moment;
use serde::Serialize;

use super::{Graph, LearnMethod, Learned, Params, SourceReliability, run, source_reliability};
use crate::ledger::{Ledger, Stance};

/// The learned reliability of one source, as shown in the per-source table and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LearnedReliability {
    pub method: LearnMethod,
    /// Estimated probability that a claim of this source is true.
    pub reliability: f64,
    pub low: f64,
    pub high: f64,
    pub level: f64,
    /// Claims (learning answers) the source asserted.
    pub claims: usize,
    /// Expected number of them that are true.
    pub correct: f64,
    /// Whether it replaced the rubric's level (false for a graded source).
    pub used: bool,
}

/// A summary of the learning run, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LearningSummary {
    pub method: LearnMethod,
    pub iterations: u32,
    pub converged: bool,
    pub tolerance: f64,
    pub max_iterations: u32,
    pub prior_a: f64,
    pub prior_b: f64,
    /// EM: the values a question can take at least (0: only its observed answers).
    pub alternatives: u32,
}

impl LearningSummary {
    pub fn new(params: &Params, learned: &Learned) -> Self {
        LearningSummary {
            method: learned.method,
            iterations: learned.iterations,
            converged: learned.converged,
            tolerance: params.tolerance,
            max_iterations: params.cap(),
            prior_a: params.prior_a,
            prior_b: params.prior_b,
            alternatives: params.alternatives,
        }
    }
}

/// What learning yields for a ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerLearning {
    pub summary: LearningSummary,
    /// Per ledger source (indexed like `ledger.sources`).
    pub sources: Vec<Option<LearnedReliability>>,
}

impl LedgerLearning {
    /// The level that replaces the rubric's for source `i`, if any.
    pub fn level(&self, i: usize) -> Option<f64> {
        self.sources
            .get(i)
            .copied()
            .flatten()
            .filter(|r| r.used)
            .map(|r| r.reliability)
    }
}

/// Builds the learning graph of a ledger from the reports in force.
pub fn ledger_graph(ledger: &Ledger, in_force: &[usize]) -> Graph {
    // Answers: the claims of each question, then "true"/"false" for each claim outside a question.
    let mut fact_of_claim = vec![0u32; ledger.claims.len()];
    let mut q_ptr = vec![0u32];
    let mut next = 0u32;
    let mut by_question: Vec<Vec<usize>> = vec![Vec::new(); ledger.questions.len()];
    for (ci, c) in ledger.claims.iter().enumerate() {
        if let Some(q) = c.question {
            by_question[q].push(ci);
        }
    }
    for members in &by_question {
        if members.is_empty() {
            continue;
        }
        for &ci in members {
            fact_of_claim[ci] = next;
            next += 1;
        }
        q_ptr.push(next);
    }
    for (ci, c) in ledger.claims.iter().enumerate() {
        if c.question.is_none() {
            fact_of_claim[ci] = next;
            next += 2;
            q_ptr.push(next);
        }
    }
    // Latest stance of each origin on each claim; a tie on the date counts as a refutation.
    let mut latest: HashMap<(usize, usize), (Moment, Stance)> = HashMap::new();
    for &i in in_force {
        let r = &ledger.reports[i];
        if !matches!(r.stance, Stance::Supports | Stance::Refutes) {
            continue;
        }
        latest
            .entry((r.claim.get(), r.origin.get()))
            .and_modify(|(d, s)| {
                if r.stated > *d || (r.stated == *d && r.stance == Stance::Refutes) {
                    *d = r.stated;
                    *s = r.stance;
                }
            })
            .or_insert((r.stated, r.stance));
    }
    let mut edges: Vec<(u32, u32)> = Vec::with_capacity(latest.len());
    for ((claim, origin), (_, stance)) in latest {
        let fact = fact_of_claim[claim];
        match (ledger.claims[claim].question.is_some(), stance) {
            (true, Stance::Supports) | (false, Stance::Supports) => {
                edges.push((fact, origin as u32))
            }
            (false, Stance::Refutes) => edges.push((fact + 1, origin as u32)),
            (true, _) | (false, _) => {}
        }
    }
    Graph::new(ledger.sources.len(), q_ptr, edges)
}

/// Learns every source's reliability from the ledger. `level` is the interval's probability mass.
pub fn learn_ledger(
    ledger: &Ledger,
    in_force: &[usize],
    params: &Params,
    level: f64,
) -> LedgerLearning {
    let g = ledger_graph(ledger, in_force);
    let learned = run(&g, params);
    let rel: Vec<SourceReliability> = source_reliability(&g, &learned, params, level);
    let sources = ledger
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let r = rel[i];
            (r.claims > 0).then_some(LearnedReliability {
                method: learned.method,
                reliability: r.reliability,
                low: r.low,
                high: r.high,
                level: r.level,
                claims: r.claims,
                correct: r.correct,
                used: s.grade.is_none() && learned.method != LearnMethod::None,
            })
        })
        .collect();
    LedgerLearning {
        summary: LearningSummary::new(params, &learned),
        sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;

    const LEDGER: &str = r#"
[[sources]]
id = "a"
name = "A"
kind = "newspaper"
[[sources]]
id = "b"
name = "B"
kind = "newspaper"
grade = "C"
[[sources]]
id = "c"
name = "C"
kind = "newspaper"
[[questions]]
id = "q"
text = "Which?"
[[claims]]
id = "x"
statement = "X"
question = "q"
[[claims]]
id = "y"
statement = "Y"
question = "q"
[[claims]]
id = "z"
statement = "Z"
[[reports]]
id = "r1"
claim = "x"
source = "a"
stance = "supports"
stated = 2024-01-01
[[reports]]
id = "r2"
claim = "x"
source = "b"
stance = "supports"
stated = 2024-01-01
[[reports]]
id = "r3"
claim = "y"
source = "c"
stance = "supports"
stated = 2024-01-01
[[reports]]
id = "r4"
claim = "z"
source = "a"
stance = "supports"
stated = 2024-01-01
[[reports]]
id = "r5"
claim = "z"
source = "c"
stance = "supports"
stated = 2024-01-01
[[reports]]
id = "r6"
claim = "z"
source = "c"
stance = "refutes"
stated = 2024-01-02
[[reports]]
id = "r7"
claim = "y"
source = "a"
stance = "refutes"
stated = 2024-01-01
"#;

    #[test]
    fn maps_questions_binary_claims_and_latest_stances() {
        let l = parse_ledgers(&[SourceText::new("t.toml", LEDGER)]).unwrap();
        let all: Vec<usize> = (0..l.reports.len()).collect();
        let g = ledger_graph(&l, &all);
        // q = {x, y} -> facts 0, 1; z -> facts 2 (true), 3 (false).
        assert_eq!(g.q_ptr, vec![0, 2, 4]);
        assert_eq!(g.claim_sources(0), &[0, 1]); // x: a, b
        assert_eq!(g.claim_sources(1), &[2]); // y: c (a's refutation of y is left out)
        assert_eq!(g.claim_sources(2), &[0]); // z true: a
        assert_eq!(g.claim_sources(3), &[2]); // z false: c, whose latest stance refutes
    }

    #[test]
    fn a_graded_source_keeps_its_grade() {
        let l = parse_ledgers(&[SourceText::new("t.toml", LEDGER)]).unwrap();
        let all: Vec<usize> = (0..l.reports.len()).collect();
        let learning = learn_ledger(&l, &all, &Params::default(), 0.9);
        assert!(learning.level(0).is_some());
        assert!(learning.sources[1].is_some());
        assert_eq!(learning.level(1), None);
        assert!(learning.level(0).unwrap() > learning.level(2).unwrap());
    }
}
