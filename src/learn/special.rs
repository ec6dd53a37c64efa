//! The special functions the Bayesian model needs: ψ (digamma), ψ′ (trigamma) and ln Γ, and the
//! fit of a Beta distribution to mean logarithms (Minka's fixed point).
//!
//! ψ and ψ′ use the recurrence ψ(x) = ψ(x + 1) − 1/x (ψ′(x) = ψ′(x + 1) + 1/x²) up to x ≥ 10, then
//! their asymptotic series (Abramowitz & Stegun 6.3.18 and 6.4.12), whose first omitted terms are
//! below 1e-15 there. ln Γ is statrs's Lanczos approximation.

/// Where the asymptotic series take over from the recurrence.
const ASYMPTOTIC_FROM: f64 = 10.0;

/// ψ(x), the derivative of ln Γ, for x > 0.
pub fn digamma(mut x: f64) -> f64 {
    let mut r = 0.0;
    while x < ASYMPTOTIC_FROM {
        r -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    // ln x − 1/(2x) − Σ B₂ₖ/(2k x^2k): B₂/2 = 1/12, B₄/4 = −1/120, B₆/6 = 1/252, B₈/8 = −1/240,
    // B₁₀/10 = 1/132.
    r + x.ln()
        - 0.5 / x
        - f * (1.0 / 12.0 - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f / 132.0))))
}

/// ψ′(x), the derivative of ψ, for x > 0.
pub fn trigamma(mut x: f64) -> f64 {
    let mut r = 0.0;
    while x < ASYMPTOTIC_FROM {
        r += 1.0 / (x * x);
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    // 1/x + 1/(2x²) + Σ B₂ₖ/x^(2k+1): B₂ = 1/6, B₄ = −1/30, B₆ = 1/42, B₈ = −1/30.
    r + 1.0 / x + f / 2.0 + f / x * (1.0 / 6.0 - f * (1.0 / 30.0 - f * (1.0 / 42.0 - f / 30.0)))
}

/// ln Γ(x) for x > 0.
pub fn ln_gamma(x: f64) -> f64 {
    statrs::function::gamma::ln_gamma(x)
}

/// Bounds of a fitted Beta prior's parameters. At least 1, the range the rubric allows for
/// `prior_a` and `prior_b`: a prior with a mode (a typical source), never U- or J-shaped. With
/// b < 1, ψ(b + n − C) falls without bound as b does, and a source right on its three claims
/// could make an answer certain; with a, b ≥ 1 a source with n claims weighs at most
/// ψ(a + n) − ψ(1) = ψ(a + n) + γ nats (about ln n: a record, not a verdict). At most 10⁴: a prior
/// stronger than 10⁴ pseudo-claims would overrule any source's record.
pub const BETA_MIN: f64 = 1.0;
pub const BETA_MAX: f64 = 1e4;

/// A Newton step of at most this much in ln a and ln b is taken without asking whether it raises
/// F. Near the mode F is quadratic, F(x + δ) − F(x) ≈ ½ δᵀHδ, which for |δ| = 10⁻⁴ and the curvature
/// of even a few sources (|H| ≳ 1) is about 5·10⁻⁹ or more, while F is a sum over every source's
/// claims whose rounding, ε·Σ|terms| (ε = 2.2·10⁻¹⁶), reaches 10⁻⁹–10⁻⁸ at 10⁷ claims: there the
/// comparison is decided by the order of the sums, not by the step. Newton's own convergence is
/// quadratic in that neighbourhood, so the step is trusted instead (Nocedal & Wright, Numerical
/// Optimization, 2nd ed., Thm. 3.5); larger steps are still checked.
pub const NEWTON_TRUSTED: f64 = 1e-4;
/// The fit has converged when a Newton step moves ln a and ln b by at most this much: a relative
/// change of 10⁻¹⁰ in a and b, after which the next step (quadratic convergence) is below rounding.
/// The sums of another order (a cluster's partial aggregates) then end within about 10⁻¹² of it.
pub const NEWTON_DONE: f64 = 1e-10;

/// The Beta(a, b) prior of sources with `n` claims of which `c` are right (fractional counts
/// allowed): the mode of the marginal likelihood (Minka, "Estimating a Dirichlet distribution",
/// 2000, §2 and §4) times a hyperprior,
///     F = Σ_s [ln B(a + c_s, b + n_s − c_s) − ln B(a, b)] + ln a + ln b − ln s − 2 ln(1 + s),
/// on (ln a, ln b), with s = a + b. The hyperprior is uniform on the prior's mean a/s and on the
/// weight s/(s + 1) that the prior carries against a source's single claim: the uniform shrinkage
/// prior p(s) = 1/(1 + s)² (Christiansen & Morris, JASA 1997; Daniels, Can. J. Statist. 1999),
/// proper, so F has a finite mode whatever the data. The likelihood alone has none when the
/// sources look alike (it grows without bound in s: a few sources, or a start where all are at
/// 1/2) or are all always right. Newton steps on (ln a, ln b), each kept only if it raises F (or
/// is at most [`NEWTON_TRUSTED`]: then rounding, not the step, would decide), else the fixed point
/// a ← (a Σ [ψ(a + c_s) − ψ(a)] + 1) / (Σ [ψ(s + n_s) − ψ(s)] + 1/s + 2/(1 + s))
/// (Minka's, with the hyperprior's terms) while it does; within [`BETA_MIN`], [`BETA_MAX`]. It stops
/// after a Newton step of at most [`NEWTON_DONE`], or when a fixed-point step moves a and b by at
/// most 10⁻⁹ of themselves.
/// Sources without claims carry no information.
pub fn fit_beta_binomial(counts: &[(f64, f64)], start: (f64, f64)) -> (f64, f64) {
    let data: Vec<(f64, f64)> = counts
        .iter()
        .filter(|&&(n, _)| n > 0.0)
        .map(|&(n, c)| (n, c.clamp(0.0, n)))
        .collect();
    if data.is_empty() {
        return start;
    }
    let clamp = |x: f64| x.clamp(BETA_MIN, BETA_MAX);
    let lik = |a: f64, b: f64| -> f64 {
        let base = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b);
        let l: f64 = data
            .iter()
            .map(|&(n, c)| base + ln_gamma(a + c) + ln_gamma(b + n - c) - ln_gamma(a + b + n))
            .sum();
        let s = a + b;
        l + a.ln() + b.ln() - s.ln() - 2.0 * s.ln_1p()
    };
    let (mut a, mut b) = (clamp(start.0), clamp(start.1));
    let mut l = lik(a, b);
    for _ in 0..200 {
        let (da, db, dab) = (digamma(a), digamma(b), digamma(a + b));
        let (ta, tb, tab) = (trigamma(a), trigamma(b), trigamma(a + b));
        let (mut ga, mut gb, mut haa, mut hbb, mut hab) = (0.0, 0.0, 0.0, 0.0, 0.0);
        let (mut num_a, mut num_b, mut den) = (0.0, 0.0, 0.0);
        for &(n, c) in &data {
            let (x, y, z) = (a + c, b + n - c, a + b + n);
            let (px, py, pz) = (digamma(x), digamma(y), digamma(z));
            let (qx, qy, qz) = (trigamma(x), trigamma(y), trigamma(z));
            ga += px - da - pz + dab;
            gb += py - db - pz + dab;
            haa += qx - ta - qz + tab;
            hbb += qy - tb - qz + tab;
            hab += tab - qz;
            num_a += px - da;
            num_b += py - db;
            den += pz - dab;
        }
        // Newton on (u, v) = (ln a, ln b): the likelihood's gradient (a g_a, b g_b) and Hessian
        // [[a² H_aa + a g_a, a b H_ab], [a b H_ab, b² H_bb + b g_b]], plus the hyperprior's
        // u + v − ln s − 2 ln(1 + s): gradient 1 − a/s − 2a/(1 + s) (in u), Hessian −ab/s² −
        // 2a(1 + b)/(1 + s)² (uu), ab/s² + 2ab/(1 + s)² (uv).
        let s = a + b;
        let t = 1.0 + s;
        let (lu, lv) = (a * ga, b * gb);
        let (gu, gv) = (
            lu + 1.0 - a / s - 2.0 * a / t,
            lv + 1.0 - b / s - 2.0 * b / t,
        );
        let cross = a * b / (s * s) + 2.0 * a * b / (t * t);
        let (huu, hvv, huv) = (
            a * a * haa + lu - a * b / (s * s) - 2.0 * a * (1.0 + b) / (t * t),
            b * b * hbb + lv - a * b / (s * s) - 2.0 * b * (1.0 + a) / (t * t),
            a * b * hab + cross,
        );
        // A parameter at a bound whose gradient points outward stays there (the step is
        // projected): Newton then runs on the other one alone.
        let held_a = (a <= BETA_MIN && gu < 0.0) || (a >= BETA_MAX && gu > 0.0);
        let held_b = (b <= BETA_MIN && gv < 0.0) || (b >= BETA_MAX && gv > 0.0);
        let det = huu * hvv - huv * huv;
        let step = match (held_a, held_b) {
            (false, false) if huu < 0.0 && det > 0.0 => {
                Some(((-hvv * gu + huv * gv) / det, (huv * gu - huu * gv) / det))
            }
            (false, true) if huu < 0.0 => Some((-gu / huu, 0.0)),
            (true, false) if hvv < 0.0 => Some((0.0, -gv / hvv)),
            (true, true) => break,
            _ => None,
        };
        let mut next = None;
        let mut converged = false;
        if let Some((du, dv)) = step {
            let (na, nb) = (
                clamp(a * du.clamp(-5.0, 5.0).exp()),
                clamp(b * dv.clamp(-5.0, 5.0).exp()),
            );
            let nl = lik(na, nb);
            let size = du.abs().max(dv.abs());
            if nl >= l || (size <= NEWTON_TRUSTED && nl.is_finite()) {
                next = Some((na, nb, nl));
                converged = size <= NEWTON_DONE;
            }
        }
        let (na, nb, nl) = match next {
            Some(x) => x,
            None => {
                let extra = 1.0 / s + 2.0 / t;
                let (na, nb) = (
                    if held_a {
                        a
                    } else {
                        clamp((a * num_a + 1.0) / (den + extra))
                    },
                    if held_b {
                        b
                    } else {
                        clamp((b * num_b + 1.0) / (den + extra))
                    },
                );
                let nl = lik(na, nb);
                // Stop unless F rose or held (a NaN never does).
                if nl.partial_cmp(&l).is_none_or(|o| o.is_lt()) {
                    break;
                }
                (na, nb, nl)
            }
        };
        let done = converged || ((na - a).abs() <= 1e-9 * a && (nb - b).abs() <= 1e-9 * b);
        a = na;
        b = nb;
        l = nl;
        if done {
            break;
        }
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digamma_and_trigamma_at_known_points() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ′(1) = π²/6, ψ′(1/2) = π²/2.
        let g = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + g).abs() < 1e-12);
        assert!((digamma(0.5) + g + 2.0 * 2f64.ln()).abs() < 1e-12);
        let pi2 = std::f64::consts::PI.powi(2);
        assert!((trigamma(1.0) - pi2 / 6.0).abs() < 1e-11);
        assert!((trigamma(0.5) - pi2 / 2.0).abs() < 1e-11);
        // ψ(x + 1) = ψ(x) + 1/x across the switch to the series.
        for x in [0.3, 5.5, 5.9, 6.0, 40.0] {
            assert!(
                (digamma(x + 1.0) - digamma(x) - 1.0 / x).abs() < 1e-12,
                "{x}"
            );
        }
    }

    #[test]
    fn the_beta_binomial_fit_by_hand() {
        // Sources all right on all their claims: b at its bound 1 (the likelihood alone is
        // largest at a point mass on 1), a mean well above 1/2 yet finite.
        let (a, b) = fit_beta_binomial(&[(10.0, 10.0), (20.0, 20.0)], (1.0, 1.0));
        assert!(a > 2.0 * b && a < 100.0 && b == BETA_MIN, "{a} {b}");
        // Three sources with 10 claims, 5 right each, and two with 10 claims, 0 and 10 right: both
        // fits have mean 1/2 (by symmetry), the first a strong prior, the second the flattest
        // allowed, Beta(1, 1) (the likelihood alone would make it U-shaped).
        let (a1, b1) = fit_beta_binomial(&[(10.0, 5.0), (10.0, 5.0), (10.0, 5.0)], (1.0, 1.0));
        let (a2, b2) = fit_beta_binomial(&[(10.0, 0.0), (10.0, 10.0)], (1.0, 1.0));
        assert!((a1 - b1).abs() < 1e-6 * a1 && (a2 - b2).abs() < 1e-6 * a2);
        assert!(a1 > 4.0 && a2 == BETA_MIN, "{a1} {a2}");
        // The likelihood alone grows without bound in a + b there (identical sources look like a
        // point prior); the hyperprior keeps the fit finite, far from the bound.
        assert!(a1 < BETA_MAX / 10.0, "{a1}");
        // At the fit the gradient of F in a and in b vanishes, the hyperprior's terms included.
        let counts = [(3.0, 2.0), (7.0, 2.5), (1.0, 1.0), (12.0, 11.0)];
        let (a, b) = fit_beta_binomial(&counts, (2.0, 2.0));
        let s = a + b;
        let ga: f64 = counts
            .iter()
            .map(|&(n, c)| digamma(a + c) - digamma(a) - digamma(s + n) + digamma(s))
            .sum::<f64>()
            + 1.0 / a
            - 1.0 / s
            - 2.0 / (1.0 + s);
        let gb: f64 = counts
            .iter()
            .map(|&(n, c)| digamma(b + n - c) - digamma(b) - digamma(s + n) + digamma(s))
            .sum::<f64>()
            + 1.0 / b
            - 1.0 / s
            - 2.0 / (1.0 + s);
        // b is held at its bound 1, where F would rise only below it.
        assert!(
            ga.abs() < 1e-7 && b == BETA_MIN && gb < 0.0,
            "{a} {b} {ga} {gb}"
        );
        // Within the bounds both derivatives vanish.
        let counts = [
            (10.0, 7.0),
            (10.0, 3.0),
            (10.0, 6.0),
            (10.0, 4.0),
            (10.0, 5.5),
        ];
        let (a, b) = fit_beta_binomial(&counts, (1.0, 1.0));
        let s = a + b;
        let d = |x: f64, right: bool| -> f64 {
            counts
                .iter()
                .map(|&(n, c)| {
                    digamma(x + if right { c } else { n - c }) - digamma(x) - digamma(s + n)
                        + digamma(s)
                })
                .sum::<f64>()
                + 1.0 / x
                - 1.0 / s
                - 2.0 / (1.0 + s)
        };
        assert!(a > 1.0 && b > 1.0, "{a} {b}");
        assert!(
            d(a, true).abs() < 1e-7 && d(b, false).abs() < 1e-7,
            "{a} {b}"
        );
    }

    #[test]
    fn the_prior_fit_does_not_depend_on_the_order_of_its_sums() {
        // Sources by the hundred with thousands to a million claims each, right on a share spread
        // over [0.2, 0.95]: the likelihood is flat at its mode, where comparing F decides on
        // rounding. The same counts in the opposite order, each moved by at most one unit in its
        // last place (what the E-step's sums over the same claims in another order give), must
        // fit the same prior, to far less than the 1e-9 a Spark run is held to. When every step
        // had to raise F, these fits ended up to 2.3e-5 apart; now 1.4e-14.
        let mut state: u64 = 12345;
        let mut uniform = || {
            // Knuth's MMIX linear congruential generator, the top 53 bits.
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut worst: f64 = 0.0;
        for trial in 0..300 {
            let sources = 20 + (trial % 5) * 40;
            let claims = [1e3, 1e4, 1e5, 1e6][trial % 4];
            let counts: Vec<(f64, f64)> = (0..sources)
                .map(|_| {
                    let share = 0.2 + 0.75 * uniform();
                    let n = claims * (0.5 + uniform());
                    (n, n * share)
                })
                .collect();
            let moved: Vec<(f64, f64)> = counts
                .iter()
                .rev()
                .map(|&(n, c)| (n, c * (1.0 + f64::EPSILON * (uniform() - 0.5))))
                .collect();
            let (a1, b1) = fit_beta_binomial(&counts, (2.0, 2.0));
            let (a2, b2) = fit_beta_binomial(&moved, (2.0, 2.0));
            assert!(a1 > 1.0 && b1 > 1.0, "{a1} {b1}");
            worst = worst.max(((a1 - a2).abs() / a1).max((b1 - b2).abs() / b1));
        }
        assert!(worst < 1e-12, "the fits differ by {worst:e}");
    }
}
