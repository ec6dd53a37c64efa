//! Rank correlations between two sets of scores of the same claims.
//!
//! - Spearman's ρ: Pearson's correlation of the ranks, tied values sharing their mean rank.
//! - Kendall's τ-b (Kendall 1945): (concordant - discordant) / sqrt((n0 - n1)(n0 - n2)), n0 = n(n-1)/2
//!   pairs, n1 and n2 the pairs tied in the first and in the second scores; pairs tied in either
//!   count as neither concordant nor discordant. O(n²), exact.
//!
//! Both are `None` when undefined: fewer than two claims, or one side all tied.

/// Ranks from 1, ties sharing the mean of the ranks they span.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        // Positions i..=j (0-based) hold ranks i+1..=j+1; their mean is (i + j)/2 + 1.
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            r[k] = mean_rank;
        }
        i = j + 1;
    }
    r
}

fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Spearman's rank correlation, ties handled by mean ranks.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    pearson(&ranks(x), &ranks(y))
}

/// Kendall's τ-b, which corrects τ for ties in either ranking.
pub fn kendall_tau_b(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n != y.len() || n < 2 {
        return None;
    }
    let (mut concordant, mut discordant, mut ties_x, mut ties_y) = (0u64, 0u64, 0u64, 0u64);
    for i in 0..n {
        for j in i + 1..n {
            let dx = x[i].total_cmp(&x[j]);
            let dy = y[i].total_cmp(&y[j]);
            if dx.is_eq() {
                ties_x += 1;
            }
            if dy.is_eq() {
                ties_y += 1;
            }
            if dx.is_ne() && dy.is_ne() {
                if dx == dy {
                    concordant += 1;
                } else {
                    discordant += 1;
                }
            }
        }
    }
    let n0 = (n * (n - 1) / 2) as u64;
    let denom = ((n0 - ties_x) as f64 * (n0 - ties_y) as f64).sqrt();
    (denom > 0.0).then(|| (concordant as f64 - discordant as f64) / denom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_their_mean_rank() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), [2.0, 3.5, 3.5, 1.0]);
    }

    #[test]
    fn kendall_without_ties_by_hand() {
        // Pairs of (1,2,3,4) vs (1,3,2,4): only (2,3) is discordant: (5 - 1) / 6.
        let t = kendall_tau_b(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((t - 4.0 / 6.0).abs() < 1e-12);
        // Spearman: d = (0, 1, -1, 0), ρ = 1 - 6 Σd² / (n(n²-1)) = 1 - 12/60 = 0.8
        let r = spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((r - 0.8).abs() < 1e-12);
    }

    #[test]
    fn ties_by_hand() {
        // x = (1,2,2,3), y = (1,2,3,3): 4 concordant, 0 discordant; one pair tied in x (2,3), one in
        // y (3,4): τ-b = 4 / sqrt((6-1)(6-1)) = 0.8.
        let (x, y) = ([1.0, 2.0, 2.0, 3.0], [1.0, 2.0, 3.0, 3.0]);
        assert!((kendall_tau_b(&x, &y).unwrap() - 0.8).abs() < 1e-12);
        // Ranks (1, 2.5, 2.5, 4) and (1, 2, 3.5, 3.5): deviations (-1.5, 0, 0, 1.5) and
        // (-1.5, -0.5, 1, 1); ρ = 3.75 / sqrt(4.5 x 4.5) = 0.8333…
        assert!((spearman(&x, &y).unwrap() - 3.75 / 4.5).abs() < 1e-12);
    }

    proptest::proptest! {
        #[test]
        fn correlations_are_bounded_and_ignore_monotone_transforms(
            v in proptest::collection::vec((0.0f64..1.0, 0.0f64..1.0), 2..40),
        ) {
            let x: Vec<f64> = v.iter().map(|p| (p.0 * 10.0).round() / 10.0).collect();
            let y: Vec<f64> = v.iter().map(|p| p.1).collect();
            let cubed: Vec<f64> = x.iter().map(|a| a * a * a + 1.0).collect();
            if let Some(r) = spearman(&x, &y) {
                proptest::prop_assert!((-1.0..=1.0).contains(&r));
                proptest::prop_assert!((spearman(&cubed, &y).unwrap() - r).abs() < 1e-9);
            }
            if let Some(t) = kendall_tau_b(&x, &y) {
                proptest::prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&t));
                proptest::prop_assert!((kendall_tau_b(&cubed, &y).unwrap() - t).abs() < 1e-12);
                // Symmetric in its arguments.
                proptest::prop_assert!((kendall_tau_b(&y, &x).unwrap() - t).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn reversed_and_degenerate() {
        let x = [0.1, 0.5, 0.9];
        let y = [0.9, 0.5, 0.1];
        assert_eq!(kendall_tau_b(&x, &y), Some(-1.0));
        assert!((spearman(&x, &y).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&x, &[0.3, 0.3, 0.3]), None);
        assert_eq!(kendall_tau_b(&x, &[0.3, 0.3, 0.3]), None);
        assert_eq!(spearman(&[0.1], &[0.2]), None);
    }
}
