//! Sources judged by their record: what each said about claims whose truth later became known.
//!
//! A source is credited for every claim on which it is an origin (it said so itself, not as a relay)
//! and whose `resolution` the ledger records, whatever the resolution's date: the as-of date limits
//! the reports, not what the ledger knows about outcomes. A success is a supported claim that
//! resolved true or a refuted claim that resolved false; a failure is the opposite. With a uniform
//! prior Beta(1, 1), the reliability is Beta(1 + successes, 1 + failures): its mean (Laplace's rule of
//! succession) and central interval at the rubric's interval level.

use serde::Serialize;
use statrs::distribution::{Beta, ContinuousCDF};

use std::collections::HashMap;

use super::{CaseScore, Interval, SourceScore};
use crate::ledger::Stance;

/// The Beta posterior of a source's reliability from its resolved claims.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrackRecord {
    pub successes: usize,
    pub failures: usize,
    /// (1 + successes) / (2 + successes + failures).
    pub mean: f64,
    pub interval: Interval,
}

impl TrackRecord {
    /// Beta(1 + s, 1 + f), its mean and central `level` interval.
    pub fn new(successes: usize, failures: usize, level: f64) -> TrackRecord {
        let (a, b) = (1.0 + successes as f64, 1.0 + failures as f64);
        let mean = a / (a + b);
        let (lo_q, hi_q) = ((1.0 - level) / 2.0, (1.0 + level) / 2.0);
        let (low, high) = match Beta::new(a, b) {
            Ok(d) => (
                d.try_inverse_cdf(lo_q).unwrap_or(mean),
                d.try_inverse_cdf(hi_q).unwrap_or(mean),
            ),
            Err(_) => (mean, mean),
        };
        TrackRecord {
            successes,
            failures,
            mean,
            interval: Interval {
                low: low.min(mean),
                high: high.max(mean),
                level,
            },
        }
    }

    /// Resolved claims behind the record.
    pub fn resolved(&self) -> usize {
        self.successes + self.failures
    }
}

/// Everything `corroborate sources` prints about one source: its summary in the scored case, plus
/// what became of the claims it spoke on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRecord {
    #[serde(flatten)]
    pub source: SourceScore,
    /// Claims it supported or refuted that resolved true.
    pub resolved_true: usize,
    /// Claims it supported or refuted that resolved false.
    pub resolved_false: usize,
    pub track_record: TrackRecord,
}

impl std::ops::Deref for SourceRecord {
    type Target = SourceScore;
    fn deref(&self) -> &SourceScore {
        &self.source
    }
}

/// The sources of a scored case with their track records, in the case's order (most reports first).
/// `level` is the interval's central mass (the rubric's `aggregation.interval`). One pass over the
/// claims' origins.
pub fn source_records(case: &CaseScore, level: f64) -> Vec<SourceRecord> {
    let index: HashMap<&str, usize> = case
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    // Per source: resolved true, resolved false, successes, failures.
    let mut counts = vec![[0usize; 4]; case.sources.len()];
    for c in &case.claims {
        let Some(outcome) = c.resolution.as_ref().and_then(|r| r.outcome.truth()) else {
            continue;
        };
        for o in &c.by_origin {
            let Some(&i) = index.get(o.source.as_str()) else {
                continue;
            };
            counts[i][usize::from(!outcome)] += 1;
            let success = (o.stance == Stance::Supports) == outcome;
            counts[i][2 + usize::from(!success)] += 1;
        }
    }
    case.sources
        .iter()
        .zip(counts)
        .map(|(s, [res_true, res_false, ok, bad])| SourceRecord {
            source: s.clone(),
            resolved_true: res_true,
            resolved_false: res_false,
            track_record: TrackRecord::new(ok, bad, level),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;
    use crate::ledger::parse_ledgers;
    use crate::rubric::Rubric;
    use crate::score::score;

    #[test]
    fn no_resolved_claim_leaves_the_uniform_prior() {
        // Beta(1, 1): mean 1/2, 90% interval [0.05, 0.95].
        let t = TrackRecord::new(0, 0, 0.9);
        assert_eq!(t.mean, 0.5);
        assert!((t.interval.low - 0.05).abs() < 1e-9);
        assert!((t.interval.high - 0.95).abs() < 1e-9);
    }

    #[test]
    fn two_successes_give_beta_3_1() {
        // Beta(3, 1): mean 3/4; CDF x^3, so the 5% quantile is 0.05^(1/3) = 0.368403…
        // and the 95% quantile 0.95^(1/3) = 0.983048…
        let t = TrackRecord::new(2, 0, 0.9);
        assert_eq!(t.mean, 0.75);
        assert!((t.interval.low - 0.05f64.powf(1.0 / 3.0)).abs() < 1e-6);
        assert!((t.interval.high - 0.95f64.powf(1.0 / 3.0)).abs() < 1e-6);
        assert_eq!(t.resolved(), 2);
    }

    #[test]
    fn supported_true_and_refuted_false_are_successes() {
        let text = r#"
[[sources]]
id = "a"
name = "A"
kind = "government"

[[sources]]
id = "b"
name = "B"
kind = "newspaper"

[[claims]]
id = "t"
statement = "T"
resolution = { outcome = true, date = "2025-01-01" }

[[claims]]
id = "f"
statement = "F"
resolution = { outcome = false, date = "2025-01-01" }

[[claims]]
id = "open"
statement = "O"

[[reports]]
id = "r1"
claim = "t"
source = "a"
stance = "supports"
stated = "2024-01-01"

[[reports]]
id = "r2"
claim = "f"
source = "a"
stance = "refutes"
stated = "2024-01-01"

[[reports]]
id = "r3"
claim = "f"
source = "b"
stance = "supports"
stated = "2024-01-01"

[[reports]]
id = "r4"
claim = "open"
source = "b"
stance = "supports"
stated = "2024-01-01"
"#;
        let ledger = parse_ledgers(&[SourceText::new("t.toml", text)]).unwrap();
        let case = score(&ledger, &Rubric::default_rubric(), None);
        let recs = source_records(&case, 0.9);
        let a = recs.iter().find(|r| r.id == "a").unwrap();
        assert_eq!((a.resolved_true, a.resolved_false), (1, 1));
        assert_eq!((a.track_record.successes, a.track_record.failures), (2, 0));
        let b = recs.iter().find(|r| r.id == "b").unwrap();
        assert_eq!((b.resolved_true, b.resolved_false), (0, 1));
        assert_eq!((b.track_record.successes, b.track_record.failures), (0, 1));
        // Beta(1, 2): mean 1/3.
        assert!((b.track_record.mean - 1.0 / 3.0).abs() < 1e-12);
    }
}
