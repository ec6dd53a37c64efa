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
