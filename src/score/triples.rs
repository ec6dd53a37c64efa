//! The lean scoring path for triples: learned reliability and each claim's confidence, without the
//! per-report explanation structures of the ledger path (a triple has no dates, qualifiers or relays
//! to explain). Memory stays proportional to claims and sources.

use serde::Serialize;

use crate::bulk::Triples;
use crate::learn::bayes::Extra;
use crate::learn::ledger::LearningSummary;
use crate::learn::values::{Structure, label_set};
use crate::learn::{
    Accuracy, GoldAnswer, LearnMethod, Learned, Params, SourceReliability, accuracy, run_with,
    source_reliability,
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
    /// The seed file and how many of its answers were used (questions found in the data).
    pub seeds: Option<(String, usize)>,
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

/// Learns reliability and confidences; with `seeds` (known answers), learns from them too; with
/// `gold`, measures accuracy on the questions that were not seeded.
pub fn score_triples<'a>(
    data: &'a Triples,
    rubric: &str,
    params: &Params,
    level: f64,
    gold: Option<(&str, &[GoldAnswer])>,
    seeds: Option<(&str, &[GoldAnswer])>,
) -> TriplesScore<'a> {
    let g = &data.graph;
    let params = &Params {
        alternatives: params.resolve_alternatives(data.values.len(), g.n_claims()),
        ..*params
    };
    let bayes = params.method == LearnMethod::Bayes;
    let n_values = data.values.len();
    let structure = (bayes && params.structure)
        .then(|| Structure::detect(g, &data.claim_value, n_values, |v| &data.values[v as usize]));
    let labels = if bayes {
        let none;
        let s = match &structure {
            Some(s) => s,
            None => {
                none = Structure::none(g);
                &none
            }
        };
        label_set(g, s, &data.claim_value, n_values)
    } else {
        None
    };
    let seed_list: Vec<(u32, Option<u32>)> = seeds
        .map(|(_, s)| {
            s.iter()
                .filter_map(|a| a.question.map(|q| (q, a.claim)))
                .collect()
        })
        .unwrap_or_default();
    let extra = Extra {
        structure: structure.as_ref(),
        labels,
        seeds: &seed_list,
    };
    let learned = run_with(g, params, &extra);
    let sources = source_reliability(g, &learned, params, level);
    let mut seeded = vec![
        false;
        if seed_list.is_empty() {
            0
        } else {
            g.n_questions()
        }
    ];
    for &(q, _) in &seed_list {
        seeded[q as usize] = true;
    }
    let accuracy = gold.map(|(file, answers)| GoldSummary {
        file: file.to_string(),
        accuracy: accuracy(g, &learned.confidence, answers, &seeded),
    });
    TriplesScore {
        data,
        rubric: rubric.to_string(),
        params: *params,
        learned,
        sources,
        accuracy,
        seeds: seeds.map(|(f, _)| (f.to_string(), seed_list.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::triples::TriplesReader;

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
            None,
        );
        assert_eq!(s.learned.method, LearnMethod::Bayes);
        let a = s.accuracy.unwrap().accuracy;
        assert_eq!((a.correct, a.accuracy), (1.0, 0.5));
        assert!(s.sources[0].reliability > s.sources[2].reliability);
    }
}
