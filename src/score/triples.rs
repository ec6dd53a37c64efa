//! The lean scoring path for triples: learned reliability and each claim's confidence, without the
//! per-report explanation structures of the ledger path (a triple has no dates, qualifiers or relays
//! to explain). Memory stays proportional to claims and sources.

use serde::Serialize;

use crate::bulk::Triples;
use crate::learn::ledger::LearningSummary;
use crate::learn::{
    Accuracy, GoldAnswer, Learned, Params, SourceReliability, accuracy, run, source_reliability,
};

/// A scored triples data set: what the triples renderers print.
#[derive(Debug, Clone)]
pub struct TriplesScore<'a> {
    pub data: &'a Triples,
    pub rubric: String,
    pub params: Params,
    pub learned: Learned,
    /// Per source (indexed like `data.sources`).
    pub sources: Vec<SourceReliability>,
    pub accuracy: Option<GoldSummary>,
}

/// Agreement with a gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldSummary {
    pub file: String,
    #[serde(flatten)]
    pub accuracy: Accuracy,
}

impl TriplesScore<'_> {
    pub fn summary(&self) -> LearningSummary {
        LearningSummary::new(&self.params, &self.learned)
    }
}

/// Learns reliability and confidences; with `gold`, measures accuracy.
pub fn score_triples<'a>(
    data: &'a Triples,
    rubric: &str,
    params: &Params,
    level: f64,
    gold: Option<(&str, &[GoldAnswer])>,
) -> TriplesScore<'a> {
    let params = &Params {
        alternatives: params.resolve_alternatives(data.values.len(), data.graph.n_claims()),
        ..*params
    };
    let learned = run(&data.graph, params);
    let sources = source_reliability(&data.graph, &learned, params, level);
    let accuracy = gold.map(|(file, answers)| GoldSummary {
        file: file.to_string(),
        accuracy: accuracy(&data.graph, &learned.confidence, answers),
    });
    TriplesScore {
        data,
        rubric: rubric.to_string(),
        params: *params,
        learned,
        sources,
        accuracy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::triples::TriplesReader;
    use crate::learn::LearnMethod;

    #[test]
    fn scores_and_measures_against_gold() {
        let mut r = TriplesReader::new();
        for (s, q, v) in [
            ("a", "q1", "x"),
            ("b", "q1", "x"),
            ("c", "q1", "y"),
            ("a", "q2", "u"),
            ("b", "q2", "u"),
            ("c", "q2", "w"),
        ] {
            r.push(s, q, v);
        }
        let t = r.finish();
        let gold = [
            GoldAnswer {
                question: t.find_question("q1"),
                claim: t.find_question("q1").and_then(|q| t.find_claim(q, "x")),
            },
            GoldAnswer {
                question: t.find_question("q2"),
                claim: t.find_question("q2").and_then(|q| t.find_claim(q, "w")),
            },
        ];
        let s = score_triples(
            &t,
            "default",
            &Params::default(),
            0.9,
            Some(("g.csv", &gold)),
        );
        assert_eq!(s.learned.method, LearnMethod::Em);
        let a = s.accuracy.unwrap().accuracy;
        assert_eq!((a.correct, a.accuracy), (1.0, 0.5));
        assert!(s.sources[0].reliability > s.sources[2].reliability);
    }
}
