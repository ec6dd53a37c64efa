//! Scores of probabilities against outcomes: Brier score, log loss and expected calibration error
//! (ECE) with a reliability table, each with a percentile-bootstrap interval.
//!
//! - Brier score (Brier 1950): mean of (p - y)², 0 is perfect, 0.25 is what p = 0.5 always earns.
//! - Log loss: mean of -ln(p) for true outcomes and -ln(1 - p) for false ones, natural log (nats),
//!   with p clipped to [1e-6, 1 - 1e-6] so that one confident miss costs at most ln(10^6) ≈ 13.8
//!   rather than infinity.
//! - ECE (Naeini, Cooper and Hauskrecht 2015; Guo et al. 2017): `bins` equal-width bins of p over
//!   [0, 1] (bin i holds i/B <= p < (i+1)/B, the last also p = 1); ECE = Σ (n_b / n) x |mean p of b
//!   - observed frequency of b|.

use serde::Serialize;

use super::bootstrap::{BootstrapSpec, percentile_interval, resamples};

/// Probabilities are clipped to [CLIP, 1 - CLIP] in the log loss.
pub const CLIP: f64 = 1e-6;

/// Mean squared difference between probability and outcome.
pub fn brier(ps: &[f64], ys: &[bool]) -> f64 {
    mean(ps.iter().zip(ys).map(|(&p, &y)| brier_one(p, y)))
}

/// -ln of the probability given to what happened, clipped (see [`CLIP`]).
pub fn log_loss_one(p: f64, y: bool) -> f64 {
    let p = p.clamp(CLIP, 1.0 - CLIP);
    if y { -p.ln() } else { -(1.0 - p).ln() }
}

/// Mean log loss in nats, probabilities clipped to [1e-6, 1 - 1e-6].
pub fn log_loss(ps: &[f64], ys: &[bool]) -> f64 {
    mean(ps.iter().zip(ys).map(|(&p, &y)| log_loss_one(p, y)))
}

/// A per-claim score averaged with each outcome's claims weighing half: the mean over the claims
/// that came true and the mean over those that did not, averaged. It is what the same predictions
/// would score among claims of which half came true, if claims of each outcome looked as they do
/// here (importance weights 1 / (2 × the outcome's share); the class-balanced score). NaN when one
/// outcome has no claim.
pub fn at_even_share(ps: &[f64], ys: &[bool], score: impl Fn(f64, bool) -> f64) -> f64 {
    let side = |outcome: bool| {
        mean(
            ps.iter()
                .zip(ys)
                .filter(|&(_, &y)| y == outcome)
                .map(|(&p, &y)| score(p, y)),
        )
    };
    (side(true) + side(false)) / 2.0
}

/// The squared error of one probability against its outcome.
pub fn brier_one(p: f64, y: bool) -> f64 {
    (p - f64::from(u8::from(y))).powi(2)
}

/// The equal-width bin of `p` among `bins` (p = 1 goes to the last bin).
pub fn bin_of(p: f64, bins: usize) -> usize {
    ((p.clamp(0.0, 1.0) * bins as f64).floor() as usize).min(bins - 1)
}

/// Per-bin counts, sums of p and sums of outcomes.
fn bin_sums(ps: &[f64], ys: &[bool], idx: &[usize], bins: usize) -> Vec<(usize, f64, f64)> {
    let mut s = vec![(0usize, 0.0, 0.0); bins];
    for &i in idx {
        let b = &mut s[bin_of(ps[i], bins)];
        b.0 += 1;
        b.1 += ps[i];
        b.2 += f64::from(u8::from(ys[i]));
    }
    s
}

fn ece_of(sums: &[(usize, f64, f64)], n: usize) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    sums.iter()
        .filter(|b| b.0 > 0)
        .map(|&(k, sp, sy)| (k as f64 / n as f64) * (sp / k as f64 - sy / k as f64).abs())
        .sum()
}

/// Expected calibration error with `bins` equal-width bins.
pub fn ece(ps: &[f64], ys: &[bool], bins: usize) -> f64 {
    let idx: Vec<usize> = (0..ps.len()).collect();
    ece_of(&bin_sums(ps, ys, &idx, bins), ps.len())
}

fn mean(it: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = it.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 { f64::NAN } else { s / n as f64 }
}

/// Bins of at most this many claims get the exact expectation in [`ece_if_calibrated`]; larger
/// ones the normal approximation, whose error there is under 1% (a unit test compares them).
const EXACT_BIN: usize = 2048;

/// The ECE that a perfectly calibrated predictor giving these probabilities would show on average:
/// the expectation of [`ece`] over outcomes drawn y_i ~ Bernoulli(p_i). ECE sums absolute errors, so
/// even a perfect predictor scores above 0 on a finite sample (about 0.09 on a hundred claims
/// spread over the bins), and an ECE is read against this floor. In each bin the number of true
/// claims K has a Poisson-binomial distribution; the bin adds E|Σp − K| / n. Up to [`EXACT_BIN`]
/// claims the distribution is computed exactly (the recurrence P_j(k) = P_{j-1}(k)(1 − p_j) +
/// P_{j-1}(k − 1) p_j); above, E|K − EK| ≈ σ √(2/π), σ² = Σ p(1 − p) (central limit theorem).
pub fn ece_if_calibrated(ps: &[f64], bins: usize) -> f64 {
    let n = ps.len();
    if n == 0 || bins == 0 {
        return f64::NAN;
    }
    let mut by_bin: Vec<Vec<f64>> = vec![Vec::new(); bins];
    for &p in ps {
        by_bin[bin_of(p, bins)].push(p.clamp(0.0, 1.0));
    }
    let total: f64 = by_bin
        .iter()
        .filter(|b| !b.is_empty())
        .map(|b| {
            let mu: f64 = b.iter().sum();
            if b.len() > EXACT_BIN {
                let var: f64 = b.iter().map(|p| p * (1.0 - p)).sum();
                return var.sqrt() * (2.0 / std::f64::consts::PI).sqrt();
            }
            let mut dist = vec![0.0; b.len() + 1];
            dist[0] = 1.0;
            for (j, &p) in b.iter().enumerate() {
                for k in (1..=j + 1).rev() {
                    dist[k] = dist[k] * (1.0 - p) + dist[k - 1] * p;
                }
                dist[0] *= 1.0 - p;
            }
            dist.iter()
                .enumerate()
                .map(|(k, q)| q * (mu - k as f64).abs())
                .sum::<f64>()
        })
        .sum();
    total / n as f64
}

/// A statistic and its bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// One row of the reliability table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// Lower and upper edge of the bin (the upper edge is excluded, except 1).
    pub low: f64,
    pub high: f64,
    pub count: usize,
    pub true_count: usize,
    /// Mean probability of the claims in the bin (None when empty).
    pub mean_predicted: Option<f64>,
    /// Share of them that turned out true, with its bootstrap interval (over the resamples in
    /// which the bin is not empty).
    pub observed: Option<Estimate>,
    /// observed - mean predicted: + means the claims came true more often than predicted.
    pub gap: Option<f64>,
}

/// Calibration of a set of probabilities against outcomes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub count: usize,
    pub true_count: usize,
    pub brier: Estimate,
    /// Natural log; probabilities clipped to [clip, 1 - clip].
    pub log_loss: Estimate,
    pub log_loss_clip: f64,
    pub ece: Estimate,
    /// What a perfectly calibrated predictor giving the same probabilities would score on average
    /// ([`ece_if_calibrated`]): the floor an ECE is read against.
    pub ece_if_calibrated: f64,
    pub bins: Vec<Bin>,
    pub bootstrap: BootstrapSpec,
}

/// Brier score, log loss, ECE and the reliability table, each with a bootstrap interval. `None`
/// when there is nothing to score.
pub fn calibration(
    ps: &[f64],
    ys: &[bool],
    bins: usize,
    spec: &BootstrapSpec,
) -> Option<Calibration> {
    let n = ps.len().min(ys.len());
    if n == 0 || bins == 0 {
        return None;
    }
    let (ps, ys) = (&ps[..n], &ys[..n]);
    let all: Vec<usize> = (0..n).collect();
    let sums = bin_sums(ps, ys, &all, bins);

    let mut b_brier = Vec::with_capacity(spec.resamples);
    let mut b_log = Vec::with_capacity(spec.resamples);
    let mut b_ece = Vec::with_capacity(spec.resamples);
    let mut b_bins: Vec<Vec<f64>> = vec![Vec::new(); bins];
    for idx in resamples(n, spec) {
        b_brier.push(mean(
            idx.iter()
                .map(|&i| (ps[i] - f64::from(u8::from(ys[i]))).powi(2)),
        ));
        b_log.push(mean(idx.iter().map(|&i| log_loss_one(ps[i], ys[i]))));
        let s = bin_sums(ps, ys, &idx, bins);
        b_ece.push(ece_of(&s, n));
        for (b, &(k, _, sy)) in s.iter().enumerate() {
            if k > 0 {
                b_bins[b].push(sy / k as f64);
            }
        }
    }
    let est = |value: f64, reps: &[f64]| {
        let (low, high) = percentile_interval(reps, spec.level).unwrap_or((value, value));
        Estimate { value, low, high }
    };
    let bins_out = sums
        .iter()
        .enumerate()
        .map(|(b, &(k, sp, sy))| {
            let (mp, ob) = if k > 0 {
                (Some(sp / k as f64), Some(sy / k as f64))
            } else {
                (None, None)
            };
            Bin {
                low: b as f64 / bins as f64,
                high: (b + 1) as f64 / bins as f64,
                count: k,
                true_count: sy.round() as usize,
                mean_predicted: mp,
                observed: ob.map(|o| est(o, &b_bins[b])),
                gap: mp.zip(ob).map(|(m, o)| o - m),
            }
        })
        .collect();
    Some(Calibration {
        count: n,
        true_count: ys.iter().filter(|&&y| y).count(),
        brier: est(brier(ps, ys), &b_brier),
        log_loss: est(log_loss(ps, ys), &b_log),
        log_loss_clip: CLIP,
        ece: est(ece_of(&sums, n), &b_ece),
        ece_if_calibrated: ece_if_calibrated(ps, bins),
        bins: bins_out,
        bootstrap: *spec,
    })
}

/// Brier score and log loss of `b` minus those of `a` on the same claims, with paired bootstrap
/// intervals (both sets scored on each resample): negative means `b` does better.
pub fn paired_difference(
    a: &[f64],
    b: &[f64],
    ys: &[bool],
    spec: &BootstrapSpec,
) -> Option<(Estimate, Estimate)> {
    let n = a.len().min(b.len()).min(ys.len());
    if n == 0 {
        return None;
    }
    let y = |i: usize| f64::from(u8::from(ys[i]));
    let d_brier = |idx: &[usize]| {
        mean(
            idx.iter()
                .map(|&i| (b[i] - y(i)).powi(2) - (a[i] - y(i)).powi(2)),
        )
    };
    let d_log = |idx: &[usize]| {
        mean(
            idx.iter()
                .map(|&i| log_loss_one(b[i], ys[i]) - log_loss_one(a[i], ys[i])),
        )
    };
    let all: Vec<usize> = (0..n).collect();
    let (mut rb, mut rl) = (Vec::new(), Vec::new());
    for idx in resamples(n, spec) {
        rb.push(d_brier(&idx));
        rl.push(d_log(&idx));
    }
    let est = |value: f64, reps: &[f64]| {
        let (low, high) = percentile_interval(reps, spec.level).unwrap_or((value, value));
        Estimate { value, low, high }
    };
    Some((est(d_brier(&all), &rb), est(d_log(&all), &rl)))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The fixture: four judgements and what happened.
    const PS: [f64; 4] = [0.9, 0.8, 0.3, 0.6];
    const YS: [bool; 4] = [true, false, false, true];

    #[test]
    fn the_ece_of_a_calibrated_predictor_by_hand() {
        // One claim at 0.5: |0.5 - 0| or |0.5 - 1|, 0.5 either way.
        assert_eq!(ece_if_calibrated(&[0.5], 10), 0.5);
        // Two at 0.5 in one bin: K = 0, 1, 2 with chances 1/4, 1/2, 1/4; E|1 - K| = 1/2, over 2.
        assert!((ece_if_calibrated(&[0.5, 0.5], 10) - 0.25).abs() < 1e-12);
        // Certain predictions cannot miss.
        assert_eq!(ece_if_calibrated(&[0.0, 1.0], 10), 0.0);
        // Three at 0.05: Σp = 0.15; P(K) = 0.857375, 0.135375, 0.007125, 0.000125;
        // E|0.15 - K| = 0.128606 + 0.115069 + 0.013181 + 0.000356 = 0.257213, over 3.
        assert!((ece_if_calibrated(&[0.05; 3], 10) - 0.0857375).abs() < 1e-7);
        // Bins add: a claim at 0.5 (bin 5) gives 0.5, one at 0.05 (bin 0) gives
        // E|0.05 - K| = 0.95 x 0.05 + 0.05 x 0.95 = 0.095; their sum over the 2 claims.
        assert!((ece_if_calibrated(&[0.5, 0.05], 10) - (0.5 + 0.095) / 2.0).abs() < 1e-12);
        assert!(ece_if_calibrated(&[], 10).is_nan());
    }

    #[test]
    fn the_normal_approximation_of_a_large_bin_is_within_one_percent_of_the_exact_value() {
        // 2,048 claims at 0.33 (bin 3) are computed exactly; 2,049 by the approximation.
        let exact = ece_if_calibrated(&[0.33; EXACT_BIN], 10) * EXACT_BIN as f64;
        let approx = ece_if_calibrated(&[0.33; EXACT_BIN + 1], 10) * (EXACT_BIN + 1) as f64;
        let sigma = (EXACT_BIN as f64 * 0.33 * 0.67).sqrt();
        assert!((exact / (sigma * (2.0 / std::f64::consts::PI).sqrt()) - 1.0).abs() < 0.01);
        assert!((approx / exact - 1.0).abs() < 0.01, "{approx} {exact}");
    }

    #[test]
    fn scores_at_an_even_share_by_hand() {
        // True claims 0.9 and 0.6: squared errors 0.01 and 0.16, mean 0.085. False claims 0.8 and
        // 0.3: 0.64 and 0.09, mean 0.365. Even share: (0.085 + 0.365) / 2 = 0.225, the plain mean
        // here, since half the fixture came true.
        assert!((at_even_share(&PS, &YS, brier_one) - 0.225).abs() < 1e-12);
        // Three true claims at 0.9 and one false at 0.9: the plain Brier score is
        // (3 × 0.01 + 0.81) / 4 = 0.21; at an even share (0.01 + 0.81) / 2 = 0.41.
        let (ps, ys) = ([0.9; 4], [true, true, true, false]);
        assert!((brier(&ps, &ys) - 0.21).abs() < 1e-12);
        assert!((at_even_share(&ps, &ys, brier_one) - 0.41).abs() < 1e-12);
        // Log loss: (-ln 0.9 + -ln 0.1) / 2.
        let want = (-(0.9f64.ln()) - 0.1f64.ln()) / 2.0;
        assert!((at_even_share(&ps, &ys, log_loss_one) - want).abs() < 1e-12);
        assert!(at_even_share(&[0.5], &[true], brier_one).is_nan());
    }

    #[test]
    fn brier_by_hand() {
        // (0.1² + 0.8² + 0.3² + 0.4²) / 4 = (0.01 + 0.64 + 0.09 + 0.16) / 4 = 0.225
        assert!((brier(&PS, &YS) - 0.225).abs() < 1e-12);
        assert_eq!(brier(&[0.5], &[true]), 0.25);
    }

    #[test]
    fn log_loss_by_hand() {
        // -(ln 0.9 + ln 0.2 + ln 0.7 + ln 0.6) / 4
        //   = (0.105360516 + 1.609437912 + 0.356674944 + 0.510825624) / 4 = 0.645574749
        assert!((log_loss(&PS, &YS) - 0.645_574_749).abs() < 1e-9);
        // Clipped: a certain miss costs -ln(1e-6) = 13.815510558, not infinity.
        assert!((log_loss(&[1.0], &[false]) - 13.815_510_558).abs() < 1e-6);
        assert!((log_loss(&[0.0], &[false]) - 1e-6).abs() < 1e-9);
    }

    #[test]
    fn ece_by_hand() {
        // 10 bins: 0.9 → bin 9, 0.8 → bin 8, 0.3 → bin 3, 0.6 → bin 6; one claim each, so
        // ECE = (|0.9-1| + |0.8-0| + |0.3-0| + |0.6-1|) / 4 = (0.1 + 0.8 + 0.3 + 0.4) / 4 = 0.4
        assert!((ece(&PS, &YS, 10) - 0.4).abs() < 1e-12);
        // 2 bins: [0, 0.5) holds 0.3 (false): gap 0.3; [0.5, 1] holds 0.9, 0.8, 0.6 with 2 of 3
        // true: |0.7667 - 0.6667| = 0.1. ECE = 1/4 x 0.3 + 3/4 x 0.1 = 0.15
        assert!((ece(&PS, &YS, 2) - 0.15).abs() < 1e-12);
        // 1 bin: |mean p 0.65 - frequency 0.5| = 0.15
        assert!((ece(&PS, &YS, 1) - 0.15).abs() < 1e-12);
    }

    #[test]
    fn bins_are_half_open_and_one_goes_last() {
        assert_eq!(bin_of(0.0, 10), 0);
        assert_eq!(bin_of(0.1, 10), 1);
        assert_eq!(bin_of(0.0999, 10), 0);
        assert_eq!(bin_of(1.0, 10), 9);
        assert_eq!(bin_of(0.5, 2), 1);
    }

    #[test]
    fn calibration_reports_the_table_and_intervals_around_the_values() {
        let spec = BootstrapSpec {
            resamples: 500,
            seed: 1,
            level: 0.95,
        };
        let c = calibration(&PS, &YS, 2, &spec).unwrap();
        assert_eq!((c.count, c.true_count), (4, 2));
        assert!((c.brier.value - 0.225).abs() < 1e-12);
        assert!((c.ece.value - 0.15).abs() < 1e-12);
        for e in [c.brier, c.log_loss, c.ece] {
            assert!(
                e.low <= e.value + 1e-12 && e.value <= e.high + 1e-12,
                "{e:?}"
            );
        }
        assert_eq!(c.bins.len(), 2);
        let hi = &c.bins[1];
        assert_eq!((hi.count, hi.true_count), (3, 2));
        assert!((hi.mean_predicted.unwrap() - 0.766_666_666_666_666_7).abs() < 1e-12);
        assert!((hi.gap.unwrap() - (2.0 / 3.0 - 0.766_666_666_666_666_7)).abs() < 1e-12);
        // Same seed, same intervals.
        assert_eq!(calibration(&PS, &YS, 2, &spec), Some(c));
        assert_eq!(calibration(&[], &[], 10, &spec), None);
    }

    #[test]
    fn paired_differences_by_hand() {
        // b = a except the second judgement, 0.8 → 0.4 on a false claim: squared error 0.64 →
        // 0.16, so the Brier score falls by 0.48 / 4 = 0.12; log loss by (ln 0.6 - ln 0.2) / 4.
        let b = [0.9, 0.4, 0.3, 0.6];
        let (db, dl) = paired_difference(&PS, &b, &YS, &BootstrapSpec::default()).unwrap();
        assert!((db.value + 0.12).abs() < 1e-12);
        assert!((dl.value - (0.6f64.ln() - 0.2f64.ln()) / -4.0).abs() < 1e-12);
        assert!(db.low <= db.value && db.value <= db.high && db.high <= 0.0);
    }

    proptest::proptest! {
        #[test]
        fn scores_stay_in_their_ranges(
            v in proptest::collection::vec((0.0f64..=1.0, proptest::bool::ANY), 1..60),
            bins in 1usize..20,
        ) {
            let ps: Vec<f64> = v.iter().map(|x| x.0).collect();
            let ys: Vec<bool> = v.iter().map(|x| x.1).collect();
            let b = brier(&ps, &ys);
            proptest::prop_assert!((0.0..=1.0).contains(&b));
            let l = log_loss(&ps, &ys);
            proptest::prop_assert!((0.0..=-(CLIP.ln()) + 1e-9).contains(&l));
            let e = ece(&ps, &ys, bins);
            proptest::prop_assert!((0.0..=1.0).contains(&e));
            // One bin: ECE is |mean p - share true|.
            let share = ys.iter().filter(|&&y| y).count() as f64 / ys.len() as f64;
            let mp = ps.iter().sum::<f64>() / ps.len() as f64;
            proptest::prop_assert!((ece(&ps, &ys, 1) - (mp - share).abs()).abs() < 1e-9);
        }
    }

    #[test]
    fn one_claim_gives_a_point_interval() {
        let c = calibration(&[0.7], &[true], 10, &BootstrapSpec::default()).unwrap();
        assert_eq!((c.brier.low, c.brier.high), (c.brier.value, c.brier.value));
        assert!((c.brier.value - 0.09).abs() < 1e-12);
    }
}
