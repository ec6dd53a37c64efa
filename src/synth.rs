//! `corroborate synth`: the synthetic truth-discovery benchmark.
//!
//! S sources and V questions. Each question's true value is uniform over `values` (4) values; each
//! source has an accuracy drawn uniformly from [0.2, 0.95] and, independently for each question with
//! probability p (the coverage), asserts a value: the true one with its accuracy, else one of the
//! others uniformly. Expected size: S·p·V assertions. Seeded with our own PRNG (xoshiro256**, seeded
//! through SplitMix64; Blackman & Vigna 2018), so a seed gives the same files on every machine.
//!
//! Also computed: the Bayes-optimal ceiling, the accuracy of the vote weighted by each source's true
//! log-odds ln((k − 1)·acc / (1 − acc)) (the posterior mode when accuracies are known), and the plain
//! majority vote's accuracy, both over the questions that received at least one assertion (the gold
//! file lists exactly those). Ties earn 1/k, as in `--gold`.

use std::io::{self, Write};

/// SplitMix64 (Steele, Lea & Flood 2014): expands a seed into the state of the main generator.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2018).
pub struct Rng([u64; 4]);

impl Rng {
    pub fn seed(seed: u64) -> Rng {
        let mut sm = SplitMix64(seed);
        Rng([sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()])
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), 53 random bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (Lemire's multiply-shift; the bias is below 2^-32 for the small n used here).
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthParams {
    pub sources: u32,
    pub questions: u64,
    /// p: the probability that a source answers a question.
    pub coverage: f64,
    /// k: values per question.
    pub values: u32,
    pub accuracy_low: f64,
    pub accuracy_high: f64,
    pub seed: u64,
}

impl Default for SynthParams {
    fn default() -> Self {
        SynthParams {
            sources: 100,
            questions: 100_000,
            coverage: 0.1,
            values: 4,
            accuracy_low: 0.2,
            accuracy_high: 0.95,
            seed: 1,
        }
    }
}

/// The syntax of the files written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthFormat {
    Csv,
    Tsv,
    Jsonl,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SynthSummary {
    pub assertions: u64,
    /// Questions with at least one assertion (the gold file's rows).
    pub answered: u64,
    pub ceiling: f64,
    pub majority: f64,
    /// Each source's true accuracy.
    pub accuracies: Vec<f64>,
}

fn digits(n: u64) -> usize {
    n.max(1).saturating_sub(1).to_string().len().max(1)
}

/// Credit of the value with the largest score among `scores` for `truth` (ties: 1/k).
fn credit(scores: &[f64], truth: usize) -> f64 {
    let best = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let tied = scores.iter().filter(|&&x| x >= best - 1e-9).count();
    if scores[truth] >= best - 1e-9 {
        1.0 / tied as f64
    } else {
        0.0
    }
}

/// Writes the triples to `out` and, if given, the gold answers to `gold`.
pub fn generate(
    p: &SynthParams,
    format: SynthFormat,
    out: &mut dyn Write,
    gold: Option<&mut dyn Write>,
) -> io::Result<SynthSummary> {
    let k = p.values.max(2) as usize;
    let mut rng = Rng::seed(p.seed);
    let accuracies: Vec<f64> = (0..p.sources)
        .map(|_| p.accuracy_low + (p.accuracy_high - p.accuracy_low) * rng.f64())
        .collect();
    let nq = p.questions as usize;
    let truth: Vec<u8> = (0..nq).map(|_| rng.below(k as u32) as u8).collect();
    let mut weighted = vec![0.0f64; nq * k];
    let mut votes = vec![0u32; nq * k];
    let sw = digits(u64::from(p.sources));
    let qw = digits(p.questions);
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    match format {
        SynthFormat::Csv => w.write_all(b"source,question,value\n")?,
        SynthFormat::Tsv => w.write_all(b"source\tquestion\tvalue\n")?,
        SynthFormat::Jsonl => {}
    }
    let sep = if format == SynthFormat::Tsv {
        '\t'
    } else {
        ','
    };
    let mut assertions = 0u64;
    // Geometric gaps between the questions a source answers: the same law as a coin per question.
    let log_miss = (1.0 - p.coverage).ln();
    for (s, &acc) in accuracies.iter().enumerate() {
        let weight = ((k - 1) as f64 * acc / (1.0 - acc)).ln();
        let mut q = 0usize;
        loop {
            if p.coverage < 1.0 {
                let u = 1.0 - rng.f64(); // (0, 1]
                let skip = (u.ln() / log_miss).floor();
                if !skip.is_finite() || skip >= (nq - q) as f64 {
                    break;
                }
                q += skip as usize;
            }
            if q >= nq {
                break;
            }
            let t = truth[q] as usize;
            let v = if rng.f64() < acc {
                t
            } else {
                let x = rng.below(k as u32 - 1) as usize;
                if x >= t { x + 1 } else { x }
            };
            weighted[q * k + v] += weight;
            votes[q * k + v] += 1;
            match format {
                SynthFormat::Jsonl => writeln!(
                    w,
                    "{{\"source\":\"s{s:0sw$}\",\"question\":\"q{q:0qw$}\",\"value\":\"v{}\"}}",
                    v + 1
                )?,
                _ => writeln!(w, "s{s:0sw$}{sep}q{q:0qw$}{sep}v{}", v + 1)?,
            }
            assertions += 1;
            q += 1;
        }
    }
    w.flush()?;
    drop(w);
    let mut answered = 0u64;
    let mut ceiling = 0.0;
    let mut majority = 0.0;
    for q in 0..nq {
        let v = &votes[q * k..(q + 1) * k];
        if v.iter().all(|&x| x == 0) {
            continue;
        }
        answered += 1;
        let t = truth[q] as usize;
        let counts: Vec<f64> = v.iter().map(|&x| f64::from(x)).collect();
        majority += credit(&counts, t);
        // Only values somebody asserted compete in the weighted vote.
        let scores: Vec<f64> = (0..k)
            .map(|i| {
                if v[i] > 0 {
                    weighted[q * k + i]
                } else {
                    f64::NEG_INFINITY
                }
            })
            .collect();
        ceiling += credit(&scores, t);
    }
    if let Some(g) = gold {
        let mut g = io::BufWriter::with_capacity(1 << 16, g);
        match format {
            SynthFormat::Csv => g.write_all(b"question,value\n")?,
            SynthFormat::Tsv => g.write_all(b"question\tvalue\n")?,
            SynthFormat::Jsonl => {}
        }
        for q in 0..nq {
            if votes[q * k..(q + 1) * k].iter().all(|&x| x == 0) {
                continue;
            }
            let v = truth[q] + 1;
            match format {
                SynthFormat::Jsonl => {
                    writeln!(g, "{{\"question\":\"q{q:0qw$}\",\"value\":\"v{v}\"}}")?
                }
                _ => writeln!(g, "q{q:0qw$}{sep}v{v}")?,
            }
        }
        g.flush()?;
    }
    let n = answered.max(1) as f64;
    Ok(SynthSummary {
        assertions,
        answered,
        ceiling: ceiling / n,
        majority: majority / n,
        accuracies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_stable() {
        let mut r = Rng::seed(42);
        // Fixed by the algorithms above; a change here changes every benchmark file.
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut again = Rng::seed(42);
        assert_eq!(first, (0..3).map(|_| again.next_u64()).collect::<Vec<_>>());
        // SplitMix64's published first output for seed 0.
        assert_eq!(SplitMix64(0).next_u64(), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn writes_triples_and_gold_with_the_expected_size() {
        let p = SynthParams {
            sources: 20,
            questions: 2_000,
            coverage: 0.25,
            seed: 7,
            ..SynthParams::default()
        };
        let mut out = Vec::new();
        let mut gold = Vec::new();
        let s = generate(&p, SynthFormat::Csv, &mut out, Some(&mut gold)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("source,question,value\ns00,q0"));
        assert_eq!(text.lines().count() as u64, s.assertions + 1);
        // 20 · 0.25 · 2000 = 10 000 expected; the standard deviation is about 61.
        assert!((9_700..10_300).contains(&s.assertions), "{}", s.assertions);
        let g = String::from_utf8(gold).unwrap();
        assert_eq!(g.lines().count() as u64, s.answered + 1);
        assert!(s.ceiling > s.majority && s.ceiling <= 1.0, "{s:?}");
        // Same seed, same bytes.
        let mut again = Vec::new();
        generate(&p, SynthFormat::Csv, &mut again, None).unwrap();
        assert_eq!(text.as_bytes(), &again[..]);
    }

    #[test]
    fn credit_splits_ties() {
        assert_eq!(credit(&[1.0, 1.0, 0.0], 0), 0.5);
        assert_eq!(credit(&[1.0, 2.0, 0.0], 0), 0.0);
        assert_eq!(credit(&[3.0, 2.0, 0.0], 0), 1.0);
    }
}
