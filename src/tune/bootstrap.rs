//! A small deterministic PRNG and the percentile bootstrap.
//!
//! SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
//! the constants are those of Vigna's reference `splitmix64.c`) is enough for resampling and for
//! drawing synthetic outcomes: it is fast, passes BigCrush, and — unlike a crate's `StdRng` — its
//! output is fixed forever, so that every interval and every fold printed by this crate is
//! reproducible from the seed alone.

use serde::Serialize;

/// The SplitMix64 generator.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index in `0..n` (`n` > 0) by Lemire's multiply-shift; the bias, at most n / 2^64,
    /// is far below anything a bootstrap could show.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform number in [0, 1) with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Shuffles `v` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// How the bootstrap intervals are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BootstrapSpec {
    /// Number of resamples.
    pub resamples: usize,
    /// Seed of the SplitMix64 generator: the same seed gives the same intervals.
    pub seed: u64,
    /// Central coverage of the percentile interval, e.g. 0.95.
    pub level: f64,
}

impl Default for BootstrapSpec {
    fn default() -> Self {
        BootstrapSpec {
            resamples: 2000,
            seed: DEFAULT_SEED,
            level: 0.95,
        }
    }
}

/// The default seed (any fixed number would do; this one is the date of the first seed article).
pub const DEFAULT_SEED: u64 = 20_241_023;

/// `resamples` resamples with replacement of `0..n`, drawn from one generator seeded with `seed`.
pub fn resamples(n: usize, spec: &BootstrapSpec) -> Vec<Vec<usize>> {
    let mut rng = SplitMix64::new(spec.seed);
    (0..spec.resamples)
        .map(|_| (0..n).map(|_| rng.below(n.max(1))).collect())
        .collect()
}

/// The `q` quantile of sorted values, linear between order statistics (Hyndman and Fan's type 7,
/// the default of R and NumPy). `None` for no values.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// The central `level` percentile interval of bootstrap replicates (NaNs ignored).
pub fn percentile_interval(values: &[f64], level: f64) -> Option<(f64, f64)> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    let a = (1.0 - level) / 2.0;
    Some((quantile(&v, a)?, quantile(&v, 1.0 - a)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // Reference output of Vigna's splitmix64.c for seed 1234567.
        let mut r = SplitMix64::new(1_234_567);
        let got: Vec<u64> = (0..5).map(|_| r.next_u64()).collect();
        assert_eq!(
            got,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821,
            ]
        );
    }

    #[test]
    fn below_and_unit_stay_in_range() {
        let mut r = SplitMix64::new(7);
        for _ in 0..10_000 {
            assert!(r.below(3) < 3);
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }

    #[test]
    fn quantiles_interpolate_like_type_7() {
        let v = [1.0, 2.0, 3.0, 4.0];
        // h = 3 x 0.25 = 0.75: 1 + 0.75 x (2 - 1).
        assert_eq!(quantile(&v, 0.25), Some(1.75));
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 1.0), Some(4.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(percentile_interval(&[5.0, f64::NAN], 0.9), Some((5.0, 5.0)));
    }

    #[test]
    fn resampling_is_deterministic() {
        let spec = BootstrapSpec {
            resamples: 3,
            seed: 42,
            level: 0.95,
        };
        assert_eq!(resamples(5, &spec), resamples(5, &spec));
        assert_ne!(
            resamples(5, &spec),
            resamples(5, &BootstrapSpec { seed: 43, ..spec })
        );
    }
}
