//! Quantiles of the Beta distribution, bounded in time for any parameters.
//!
//! Every interval of the crate is the central mass of a Beta: a claim's Beta(pN, (1 − p)N), a
//! source's Beta(α, β). statrs' inverse (AS 64 / AS 109, Newton's method in an unbounded loop) did
//! not terminate for strengths N of a few million, which rubric weights and origins reach, and its
//! regularised incomplete beta stops its continued fraction after 140 terms, too few past N ≈ 10^5.
//! Here:
//!
//! - the regularised incomplete beta I_x(a, b) is the continued fraction of Numerical Recipes
//!   (Press et al., 3rd ed., §6.4, evaluated by the modified Lentz method), with up to
//!   [`MAX_TERMS`] terms: it needs O(√min(a, b)) of them, so it converges wherever it is used
//!   (min(a, b) ≤ [`NORMAL_FROM`]);
//! - the quantile is found by Newton's method kept inside a bracket that bisection shrinks
//!   whenever a step would leave it (NR's `rtsafe`), at most [`MAX_STEPS`] steps;
//! - when both parameters exceed [`NORMAL_FROM`], the Beta is all but normal and the quantile is
//!   the Cornish–Fisher expansion to the skewness term, m + s z + (1 − 2m)(z² − 1) / (3(N + 2)),
//!   with m the mean, s the standard deviation and N = a + b: its error, of the order of the
//!   squared skewness γ² ≤ 4 / min(a, b) times s, is below 4·10⁻⁶ s there.
//!
//! Non-finite or non-positive parameters, which callers never pass, give the mean (or 0.5).

use statrs::function::gamma::ln_gamma;

/// Terms of the continued fraction at most (it needs about √min(a, b) of them; 10^6 gives 10^3).
pub const MAX_TERMS: usize = 20_000;
/// Newton or bisection steps at most (bisection alone reaches 2^-200 of the bracket).
pub const MAX_STEPS: usize = 200;
/// Both parameters above this: the normal approximation with its skewness correction.
pub const NORMAL_FROM: f64 = 1e6;

/// The continued fraction of I_x(a, b) (Numerical Recipes `betacf`).
fn continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const EPS: f64 = 1e-16;
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=MAX_TERMS {
        let m = m as f64;
        let m2 = 2.0 * m;
        for aa in [
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ] {
            d = 1.0 + aa * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + aa / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            h *= d * c;
        }
        if (d * c - 1.0).abs() <= EPS {
            break;
        }
    }
    h
}

/// ln Γ(x + d) − ln Γ(x) for x ≥ 10³, by Stirling's series (to the x⁻⁵ term; the next term is
/// below 10⁻²⁴ there), without the cancellation of two huge ln Γ values.
fn ln_gamma_ratio(x: f64, d: f64) -> f64 {
    // S(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵), Stirling's correction to (z − ½) ln z − z + ½ ln 2π.
    let series = |t: f64| t * (1.0 / 12.0 - t * t * (1.0 / 360.0 - t * t / 1260.0));
    let y = x + d;
    (x - 0.5) * (d / x).ln_1p() + d * y.ln() - d + series(1.0 / y) - series(1.0 / x)
}

/// ln B(a, b), accurate also when one parameter is huge.
fn ln_beta(a: f64, b: f64) -> f64 {
    let (small, large) = if a < b { (a, b) } else { (b, a) };
    if large < 1e3 {
        ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
    } else {
        ln_gamma(small) - ln_gamma_ratio(large, small)
    }
}

/// ln of x^a (1 − x)^b / B(a, b), the factor in front of the continued fraction; `ln_b` is
/// ln B(a, b).
fn ln_front(a: f64, b: f64, x: f64, ln_b: f64) -> f64 {
    a * x.ln() + b * (-x).ln_1p() - ln_b
}

/// The regularised incomplete beta function I_x(a, b), the Beta CDF at x.
pub fn cdf(a: f64, b: f64, x: f64) -> f64 {
    cdf_with(a, b, x, ln_beta(a, b))
}

/// [`cdf`] with ln B(a, b) given: a quantile's Newton steps share it (three ln Γ a step).
fn cdf_with(a: f64, b: f64, x: f64, ln_b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = ln_front(a, b, x, ln_b).exp();
    // The fraction converges fast below the mean-like point (a + 1)/(a + b + 2); above it, by
    // symmetry, I_x(a, b) = 1 − I_{1−x}(b, a).
    let v = if x < (a + 1.0) / (a + b + 2.0) {
        front * continued_fraction(a, b, x) / a
    } else {
        1.0 - front * continued_fraction(b, a, 1.0 - x) / b
    };
    v.clamp(0.0, 1.0)
}

/// The standard normal quantile: Acklam's rational approximation (relative error below 1.15·10⁻⁹),
/// refined by one Halley step on statrs' erfc.
fn normal_quantile(q: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |t: f64| {
        (((((C[0] * t + C[1]) * t + C[2]) * t + C[3]) * t + C[4]) * t + C[5])
            / ((((D[0] * t + D[1]) * t + D[2]) * t + D[3]) * t + 1.0)
    };
    let z = if q < 0.02425 {
        tail((-2.0 * q.ln()).sqrt())
    } else if q > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - q).ln()).sqrt())
    } else {
        let r = q - 0.5;
        let t = r * r;
        (((((A[0] * t + A[1]) * t + A[2]) * t + A[3]) * t + A[4]) * t + A[5]) * r
            / (((((B[0] * t + B[1]) * t + B[2]) * t + B[3]) * t + B[4]) * t + 1.0)
    };
    // Halley's step: e = Φ(z) − q, u = e √(2π) e^{z²/2}.
    let e = 0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2) - q;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (z * z / 2.0).exp();
    z - u / (1.0 + z * u / 2.0)
}

/// The `q` quantile of Beta(a, b): the x with I_x(a, b) = q.
pub fn quantile(a: f64, b: f64, q: f64) -> f64 {
    if !(a > 0.0 && b > 0.0) || a.is_nan() || b.is_nan() {
        return 0.5;
    }
    let n = a + b;
    // The mean, computed so that it is finite whatever the parameters.
    let mean = if a.is_infinite() && b.is_infinite() {
        0.5
    } else {
        1.0 / (1.0 + b / a)
    };
    if q.is_nan() {
        return mean;
    }
    if q <= 0.0 {
        return 0.0;
    }
    if q >= 1.0 {
        return 1.0;
    }
    if a.min(b) > NORMAL_FROM || !n.is_finite() {
        let sd = (mean * (1.0 - mean) / (n + 1.0)).sqrt();
        let z = normal_quantile(q);
        let x = mean + sd * z + (1.0 - 2.0 * mean) * (z * z - 1.0) / (3.0 * (n + 2.0));
        return if x.is_finite() {
            x.clamp(0.0, 1.0)
        } else {
            mean
        };
    }
    // Newton inside the bracket [lo, hi], which always holds the root: I_lo ≤ q ≤ I_hi.
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let sd = (mean * (1.0 - mean) / (n + 1.0)).sqrt();
    let mut x = (mean + sd * normal_quantile(q)).clamp(1e-300, 1.0 - 1e-16);
    let ln_b = ln_beta(a, b);
    for _ in 0..MAX_STEPS {
        let f = cdf_with(a, b, x, ln_b) - q;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        // The density, f'(x) = x^(a−1) (1 − x)^(b−1) / B(a, b).
        let density = ((a - 1.0) * x.ln() + (b - 1.0) * (-x).ln_1p() - ln_b).exp();
        let newton = x - f / density;
        let next = if density.is_finite() && density > 0.0 && newton > lo && newton < hi {
            newton
        } else if lo == 0.0 {
            // A quantile near 0 can be hundreds of orders of magnitude down: jump, then halve
            // the exponent.
            hi * f64::EPSILON * f64::EPSILON
        } else if hi > 4.0 * lo {
            // The geometric mean, without the product's underflow.
            lo.sqrt() * hi.sqrt()
        } else {
            0.5 * (lo + hi)
        };
        if (next - x).abs() <= 4.0 * f64::EPSILON * x.max(f64::MIN_POSITIVE)
            || hi - lo <= f64::EPSILON * hi
        {
            return next;
        }
        x = next;
    }
    x
}

/// The central `level` interval of Beta(a, b).
pub fn central(a: f64, b: f64, level: f64) -> (f64, f64) {
    (
        quantile(a, b, (1.0 - level) / 2.0),
        quantile(a, b, (1.0 + level) / 2.0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: f64, y: f64, tol: f64) -> bool {
        (x - y).abs() <= tol * y.abs().max(1e-300)
    }

    #[test]
    fn the_cdf_of_closed_forms() {
        // Beta(1, 1) is uniform; Beta(2, 2) has CDF 3x² − 2x³; Beta(a, 1) x^a; Beta(1, b)
        // 1 − (1 − x)^b; Beta(1/2, 1/2) the arcsine law, (2/π) asin √x.
        for x in [0.001, 0.1, 0.3, 0.5, 0.77, 0.999] {
            assert!(close(cdf(1.0, 1.0, x), x, 1e-13), "{x}");
            assert!(close(
                cdf(2.0, 2.0, x),
                3.0 * x * x - 2.0 * x * x * x,
                1e-13
            ));
            assert!(close(cdf(7.5, 1.0, x), x.powf(7.5), 1e-12));
            assert!(close(cdf(1.0, 3e5, x), 1.0 - (1.0 - x).powf(3e5), 1e-12));
            let arcsine = 2.0 / std::f64::consts::PI * x.sqrt().asin();
            assert!(close(cdf(0.5, 0.5, x), arcsine, 1e-12), "{x}");
        }
    }

    #[test]
    fn quantiles_of_closed_forms_for_any_size() {
        for q in [1e-6, 0.05, 0.5, 0.95, 1.0 - 1e-6] {
            assert!(close(quantile(1.0, 1.0, q), q, 1e-12));
            // To 10⁻⁹ up to 10⁷; past that, with the other parameter small, the continued
            // fraction converges slowly near its boundary and stops early: still to 10⁻⁵.
            for (a, tol) in [
                (1e-3, 1e-9),
                (0.5, 1e-9),
                (4.0, 1e-9),
                (1e3, 1e-9),
                (1e7, 1e-9),
                (1e12, 1e-5),
            ] {
                // Beta(a, 1): x^a = q, x = q^(1/a); Beta(1, b): x = 1 − (1 − q)^(1/b).
                let want = q.powf(1.0 / a);
                assert!(close(quantile(a, 1.0, q), want, tol), "a {a} q {q}");
                let want = -((-q).ln_1p() / a).exp_m1();
                assert!(close(quantile(1.0, a, q), want, tol), "b {a} q {q}");
            }
        }
        // p = 0.5, N = 2: the 90% interval of the uniform is [0.05, 0.95].
        let (lo, hi) = central(1.0, 1.0, 0.9);
        assert!(close(lo, 0.05, 1e-12) && close(hi, 0.95, 1e-12));
    }

    #[test]
    fn the_normal_branch_meets_the_exact_one() {
        // Just below and above the switch, for a symmetric and a skewed Beta.
        for p in [0.5f64, 0.9] {
            let below = NORMAL_FROM * 0.999 / p.min(1.0 - p);
            let above = NORMAL_FROM * 1.001 / p.min(1.0 - p);
            for q in [0.05, 0.95] {
                let exact = quantile(p * below, (1.0 - p) * below, q);
                let approx = quantile(p * above, (1.0 - p) * above, q);
                let sd = (p * (1.0 - p) / below).sqrt();
                assert!((exact - approx).abs() < 0.01 * sd, "p {p} q {q}");
            }
        }
    }

    #[test]
    fn every_quantile_is_finite_ordered_and_in_the_unit_interval() {
        let sizes = [
            1e-9,
            1e-3,
            0.5,
            1.0,
            3.0,
            50.0,
            1e4,
            4e6,
            1.5e7,
            1e9,
            1e15,
            1e300,
            f64::MAX,
        ];
        for &a in &sizes {
            for &b in &sizes {
                let (lo, hi) = central(a, b, 0.9);
                assert!(
                    lo.is_finite()
                        && hi.is_finite()
                        && (0.0..=1.0).contains(&lo)
                        && lo <= hi
                        && hi <= 1.0,
                    "Beta({a}, {b}): {lo} {hi}"
                );
            }
        }
        assert_eq!(quantile(f64::NAN, 1.0, 0.5), 0.5);
        assert_eq!(quantile(1.0, 0.0, 0.5), 0.5);
        assert_eq!(quantile(f64::INFINITY, f64::INFINITY, 0.5), 0.5);
    }

    #[test]
    fn the_normal_quantile() {
        // Φ⁻¹(0.975) = 1.959963984540054…, Φ⁻¹(0.05) = −1.6448536269514722.
        assert!(close(normal_quantile(0.975), 1.959_963_984_540_054, 1e-10));
        assert!(close(
            normal_quantile(0.05),
            -1.644_853_626_951_472_2,
            1e-10
        ));
        assert_eq!(normal_quantile(0.5), 0.0);
    }
}
