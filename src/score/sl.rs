//! Binomial subjective-logic opinions (Jøsang, *Subjective Logic*, Springer 2016): the operators the
//! `subjective-logic` aggregator uses, checked against `../shared/data/subjective-logic/vectors.json`.

use serde::Serialize;

/// An opinion about a binary proposition: belief + disbelief + uncertainty = 1, with a base rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Opinion {
    pub belief: f64,
    pub disbelief: f64,
    pub uncertainty: f64,
    pub base_rate: f64,
}

impl Opinion {
    /// The opinion that knows nothing.
    pub fn vacuous(base_rate: f64) -> Opinion {
        Opinion {
            belief: 0.0,
            disbelief: 0.0,
            uncertainty: 1.0,
            base_rate,
        }
    }

    /// From evidence: r for, s against, with non-informative prior weight `w` (Jøsang eq. 3.11):
    /// b = r/(r+s+W), d = s/(r+s+W), u = W/(r+s+W).
    pub fn from_evidence(r: f64, s: f64, w: f64, base_rate: f64) -> Opinion {
        let n = r + s + w;
        Opinion {
            belief: r / n,
            disbelief: s / n,
            uncertainty: w / n,
            base_rate,
        }
    }

    /// Projected probability P = b + a u, within [0, 1] by construction (with a base rate a few
    /// ulps below 1, rounding carries b + a u above 1: 1.0000000000000002).
    pub fn probability(&self) -> f64 {
        (self.belief + self.base_rate * self.uncertainty).clamp(0.0, 1.0)
    }

    /// Cumulative fusion (Jøsang eq. 12.3), for independent sources whose evidence adds up. `None`
    /// when both are dogmatic (u = 0), where the operator is undefined.
    pub fn cumulative_fusion(&self, other: &Opinion) -> Option<Opinion> {
        let (ua, ub) = (self.uncertainty, other.uncertainty);
        let k = ua + ub - ua * ub;
        if k <= 0.0 {
            return None;
        }
        let a = if ua + ub - 2.0 * ua * ub > 0.0 {
            (self.base_rate * ub + other.base_rate * ua
                - (self.base_rate + other.base_rate) * ua * ub)
                / (ua + ub - 2.0 * ua * ub)
        } else {
            (self.base_rate + other.base_rate) / 2.0
        };
        Some(Opinion {
            belief: (self.belief * ub + other.belief * ua) / k,
            disbelief: (self.disbelief * ub + other.disbelief * ua) / k,
            uncertainty: ua * ub / k,
            base_rate: a,
        })
    }

    /// Averaging fusion (Jøsang eq. 12.6), for dependent sources. `None` when both are dogmatic.
    pub fn averaging_fusion(&self, other: &Opinion) -> Option<Opinion> {
        let (ua, ub) = (self.uncertainty, other.uncertainty);
        let k = ua + ub;
        if k <= 0.0 {
            return None;
        }
        Some(Opinion {
            belief: (self.belief * ub + other.belief * ua) / k,
            disbelief: (self.disbelief * ub + other.disbelief * ua) / k,
            uncertainty: 2.0 * ua * ub / k,
            base_rate: (self.base_rate + other.base_rate) / 2.0,
        })
    }

    /// Trust discounting (Jøsang eq. 14.8): `self` is the trust in the source, `opinion` what the
    /// source says; belief and disbelief shrink by the trust's projected probability.
    pub fn discount(&self, opinion: &Opinion) -> Opinion {
        let t = self.probability();
        Opinion {
            belief: t * opinion.belief,
            disbelief: t * opinion.disbelief,
            uncertainty: 1.0 - t * (opinion.belief + opinion.disbelief),
            base_rate: opinion.base_rate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projected_probability_is_within_zero_and_one() {
        // A base rate one ulp below 1 with no evidence: b = 0, u = 1, P = a; with a little
        // evidence for, b + a u rounds past 1 unless clamped.
        let a = 1.0 - f64::EPSILON / 2.0;
        for r in [0.0, 1e-9, 0.3, 1.0, 7.0] {
            let o = Opinion::from_evidence(r, 0.0, 2.0, a);
            let p = o.probability();
            assert!((0.0..=1.0).contains(&p), "r {r}: {p}");
        }
    }

    fn op(b: f64, d: f64, u: f64) -> Opinion {
        Opinion {
            belief: b,
            disbelief: d,
            uncertainty: u,
            base_rate: 0.5,
        }
    }

    fn close(a: &Opinion, b: &Opinion) {
        for (x, y) in [
            (a.belief, b.belief),
            (a.disbelief, b.disbelief),
            (a.uncertainty, b.uncertainty),
            (a.base_rate, b.base_rate),
        ] {
            assert!((x - y).abs() < 1e-6, "{a:?} != {b:?}");
        }
    }

    // Reference values: vectors.json (PyPI `subjective-logic` 1.0.2), rounded to 6 decimals there.
    #[test]
    fn cumulative_fusion_matches_reference() {
        let out = op(0.7, 0.1, 0.2)
            .cumulative_fusion(&op(0.4, 0.4, 0.2))
            .unwrap();
        close(&out, &op(0.611111, 0.277778, 0.111111));
        let vac = op(0.7, 0.1, 0.2)
            .cumulative_fusion(&Opinion::vacuous(0.5))
            .unwrap();
        close(&vac, &op(0.7, 0.1, 0.2));
        assert!(
            op(1.0, 0.0, 0.0)
                .cumulative_fusion(&op(0.0, 1.0, 0.0))
                .is_none()
        );
    }

    #[test]
    fn averaging_fusion_matches_reference() {
        let out = op(0.7, 0.1, 0.2)
            .averaging_fusion(&op(0.4, 0.4, 0.2))
            .unwrap();
        close(&out, &op(0.55, 0.25, 0.2));
    }

    #[test]
    fn trust_discounting_matches_reference() {
        let out = op(0.8, 0.1, 0.1).discount(&op(0.7, 0.1, 0.2));
        close(&out, &op(0.595, 0.085, 0.32));
    }

    #[test]
    fn probability_and_evidence_match_reference() {
        assert!((op(0.7, 0.1, 0.2).probability() - 0.8).abs() < 1e-12);
        close(
            &Opinion::from_evidence(0.0, 0.0, 2.0, 0.5),
            &op(0.0, 0.0, 1.0),
        );
        close(
            &Opinion::from_evidence(8.0, 2.0, 2.0, 0.5),
            &op(0.666667, 0.166667, 0.166667),
        );
        close(
            &Opinion::from_evidence(3.0, 0.0, 2.0, 0.5),
            &op(0.6, 0.0, 0.4),
        );
        close(
            &Opinion::from_evidence(90.0, 10.0, 2.0, 0.5),
            &op(0.882353, 0.098039, 0.019608),
        );
    }

    #[test]
    fn fusing_evidence_opinions_adds_their_evidence() {
        // Cumulative fusion of evidence-based opinions equals the opinion of the summed evidence:
        // (3,1) fused with (2,4) is (5,5) -> b = 5/12.
        let f = Opinion::from_evidence(3.0, 1.0, 2.0, 0.5)
            .cumulative_fusion(&Opinion::from_evidence(2.0, 4.0, 2.0, 0.5))
            .unwrap();
        close(&f, &Opinion::from_evidence(5.0, 5.0, 2.0, 0.5));
    }
}
