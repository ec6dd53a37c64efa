//! `fit`: learns a rubric's numbers from resolved claims.
//!
//! **Model.** The rubric's own scoring, unchanged: each resolved claim's probability as it stood
//! before its outcome was known (see [`super::eval`]) under the rubric with the chosen parameters
//! replaced. By default the parameters are the prior and the three criterion weights
//! ([`super::params::DEFAULT_FIT`]); any parameter of the table can be added (e.g. the interest
//! factor and the dependence discounts).
//!
//! **Objective.** Penalised maximum likelihood: minimise
//!   Σ_i -ln P(outcome_i) + λ Σ_j (θ_j - θ0_j)²,
//! the log loss of [`super::metrics`] summed over the claims (probabilities clipped to [1e-6,
//! 1 - 1e-6]), plus an L2 penalty pulling each parameter towards the starting rubric's value θ0_j.
//! θ is the value itself for weights and levels and the logit of the prior for the prior, so the
//! penalty is in nats of log-odds throughout. λ = 1 / (2σ²) is a normal prior with standard
//! deviation σ nats on each parameter.
//!
//! **Choosing λ.** By default λ is chosen by the same k-fold cross-validation from
//! [`LAMBDA_GRID`] (σ = 2, 1, 1/2, …, 1/16 nats: from a loose pull to one that keeps the start):
//! the λ whose pooled out-of-fold predictions have the lowest log loss (weighted as the
//! objective is), the larger on a tie. How far the numbers may move is then set by how well
//! moving them predicted claims held out, not by a constant: a few dozen claims keep the start
//! nearly unchanged, thousands move it freely. The cross-validated figures printed are those of the
//! chosen λ, the best of the grid, so slightly optimistic; every λ's figure is reported. A fixed λ
//! (`--lambda X`) skips the choice.
//!
//! **Folds.** Stratified by outcome and dealt from a seeded shuffle ([`folds`]), or, with a group
//! prefix, keeping whole the claims that share a tag ([`grouped_folds`]): then each claim is
//! predicted by a fit made without its whole story, which is what a rubric meant for the next
//! story must do.
//!
//! **Optimiser.** Projected Newton with Levenberg–Marquardt damping, written here: gradient and
//! Hessian by central differences (step 1e-4), parameters at a bound held fixed while the gradient
//! pushes outwards, every step projected into the box (weights 0–50, levels 0–1, prior logit ±12)
//! and accepted only if it lowers the objective (Armijo backtracking), else a projected gradient
//! step is tried. It stops when the predicted improvement (the Newton decrement) is below 1e-12
//! nats, when no step lowers the objective, or after 100 iterations. Everything is deterministic.
//!
//! **Honesty.** k-fold cross-validation (default k = 5) with deterministic, stratified folds: the
//! true and the false claims are each shuffled by SplitMix64 from a fixed seed and dealt in turn,
//! so every fold holds both outcomes. Each fold's claims are predicted by a rubric fitted on the
//! other folds only. Fitting is refused unless there are at least [`MIN_RESOLVED`] resolved claims
//! with at least k true and k false.
//!
//! Over 600 lines: the optimiser, the cross-validation and the writing of the fitted rubric share
//! one set of private types; about 170 of its lines are the unit tests beside the maths.

use serde::Serialize;

use super::bootstrap::SplitMix64;
use super::eval::{Cut, ResolvedSet};
use super::metrics::{CLIP, at_even_share, brier, brier_one, log_loss, log_loss_one};
use super::params::{Kind, Param};
use crate::ledger::Ledger;
use crate::rubric::Rubric;
use crate::score::aggregate::{logit, sigmoid};

/// The fewest resolved claims `fit` accepts.
pub const MIN_RESOLVED: usize = 10;
/// The penalties tried when λ is chosen by cross-validation: λ = 1/(2σ²) for σ = 2, 1, 1/2, 1/4,
/// 1/8 and 1/16 nats around each starting value. σ = 2 nats lets a weight double or a prior move
/// from 0.5 to 0.88 at little cost; σ = 1/16 nat holds every value within a few percent of its
/// start. Each step halves σ, so multiplies λ by four.
pub const LAMBDA_GRID: [f64; 6] = [0.125, 0.5, 2.0, 8.0, 32.0, 128.0];
pub const DEFAULT_FOLDS: usize = 5;
/// Seed of the fold assignment.
pub const FOLD_SEED: u64 = 0x00C0_FFEE;
/// Decimals kept in the written rubric.
pub const DECIMALS: i32 = 4;

const MAX_ITERATIONS: usize = 100;
const STEP: f64 = 1e-4;
const MAX_WEIGHT: f64 = 50.0;
const MAX_LOGIT: f64 = 12.0;

/// What to fit and how.
#[derive(Debug, Clone)]
pub struct FitSpec {
    pub params: Vec<&'static Param>,
    /// The penalty; `None`: chosen from [`LAMBDA_GRID`] by cross-validation.
    pub lambda: Option<f64>,
    pub folds: usize,
    pub cut: Cut,
    /// Weigh each outcome's claims half in the likelihood ([`outcome_weights`]): fit for claims of
    /// which half come true, whatever the ledger's share.
    pub half_true: bool,
    /// Keep the claims that share a tag starting with this prefix in one fold ([`grouped_folds`]).
    pub group: Option<String>,
}

/// Each claim's weight in the likelihood: 1, or with `half_true`, n / (2 × the number of claims of
/// its outcome), so that the true and the false claims each weigh n / 2 in all (the
/// class-balanced likelihood; an importance weighting to a population half true, in which claims
/// of each outcome look as they do here). The weights sum to n either way, so λ keeps its meaning.
pub fn outcome_weights(ys: &[bool], half_true: bool) -> Vec<f64> {
    let n = ys.len() as f64;
    let n_true = ys.iter().filter(|&&y| y).count() as f64;
    let n_false = n - n_true;
    ys.iter()
        .map(|&y| match (half_true, y) {
            (false, _) => 1.0,
            (true, true) if n_true > 0.0 => n / (2.0 * n_true),
            (true, false) if n_false > 0.0 => n / (2.0 * n_false),
            _ => 1.0,
        })
        .collect()
}

/// Too few resolved claims to fit honestly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shortfall {
    pub resolved: usize,
    pub true_count: usize,
    pub false_count: usize,
    pub folds: usize,
    /// At least this many more resolved claims are needed …
    pub more: usize,
    /// … of which at least this many true and this many false.
    pub more_true: usize,
    pub more_false: usize,
}

impl Shortfall {
    /// The refusal, naming the data and what is missing.
    pub fn message(&self, data: &str, cut: &str) -> String {
        let k = self.folds;
        let mut which = Vec::new();
        if self.more_true > 0 {
            which.push(format!("{} true", self.more_true));
        }
        if self.more_false > 0 {
            which.push(format!("{} false", self.more_false));
        }
        let which = if which.is_empty() {
            String::new()
        } else {
            format!(", including at least {}", which.join(" and "))
        };
        format!(
            "cannot fit honestly: {data} has {} resolved claim(s) judged {cut} ({} true, {} false); fitting needs at least {MIN_RESOLVED} resolved claims with at least {k} true and {k} false, so that each of the {k} cross-validation folds holds both outcomes. Resolve at least {} more claim(s){which}.",
            self.resolved, self.true_count, self.false_count, self.more
        )
    }
}

/// The refusal rule: at least [`MIN_RESOLVED`] claims, at least `folds` of each outcome.
pub fn check_enough(true_count: usize, false_count: usize, folds: usize) -> Result<(), Shortfall> {
    let n = true_count + false_count;
    let more_true = folds.saturating_sub(true_count);
    let more_false = folds.saturating_sub(false_count);
    let more = MIN_RESOLVED.saturating_sub(n).max(more_true + more_false);
    if more == 0 {
        Ok(())
    } else {
        Err(Shortfall {
            resolved: n,
            true_count,
            false_count,
            folds,
            more,
            more_true,
            more_false,
        })
    }
}

/// Why a fit was refused: too few resolved claims, or groups that cannot make the folds.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    TooFew(Shortfall),
    /// The whole message: what `--group` made and what the folds need.
    Groups(String),
}

impl Refusal {
    pub fn message(&self, data: &str, cut: &str) -> String {
        match self {
            Refusal::TooFew(s) => s.message(data, cut),
            Refusal::Groups(m) => m.clone(),
        }
    }
}

/// The folds of a grouped cross-validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// (claim index, fold), sorted by claim index, as [`folds`] gives.
    pub assignment: Vec<(usize, usize)>,
    /// Groups of resolved claims, each claim without a tag of the prefix counting as one.
    pub groups: usize,
    /// Resolved claims without a tag of the prefix.
    pub untagged: usize,
}

/// The fold of each group of these sizes, in this order: each to the fold with the fewest claims
/// so far (ties: the lowest fold). Given largest first, no fold ends more than the largest group
/// above another (the last group placed on the fullest fold found it the emptiest).
fn deal(sizes: &[usize], k: usize) -> Vec<usize> {
    let mut load = vec![0usize; k];
    sizes
        .iter()
        .map(|&n| {
            let f = (0..k).min_by_key(|&f| (load[f], f)).unwrap_or(0);
            load[f] += n;
            f
        })
        .collect()
}

/// Folds that keep whole the groups of claims sharing a tag that starts with `prefix` (the first
/// such tag of a claim; a claim without one is a group of its own): the groups, largest first
/// (ties in a seeded order), each go to the fold with the fewest claims so far (ties: the lowest
/// fold). Each claim is then predicted by a fit made without its group — how the fit does on a
/// new story, not on more claims of the stories it has seen. Refused when there are fewer groups
/// than folds, or when one fold would hold every true or every false claim (its training set
/// could not learn from that outcome).
pub fn grouped_folds(
    ledger: &Ledger,
    set: &ResolvedSet,
    k: usize,
    prefix: &str,
) -> Result<Grouping, Refusal> {
    use std::collections::BTreeMap;
    // Group key (`t` and the tag, or `c` and the id of an untagged claim) -> its claims.
    let mut groups: BTreeMap<String, Vec<&super::eval::ResolvedClaim>> = BTreeMap::new();
    let mut untagged = 0;
    for c in &set.claims {
        let tag = ledger.claims[c.claim]
            .tags
            .iter()
            .find(|t| t.starts_with(prefix));
        let key = match tag {
            Some(t) => format!("t{t}"),
            None => {
                untagged += 1;
                format!("c{}", ledger.claims[c.claim].id)
            }
        };
        groups.entry(key).or_default().push(c);
    }
    if untagged == set.claims.len() {
        let mut seen: Vec<&str> = set
            .claims
            .iter()
            .flat_map(|c| ledger.claims[c.claim].tags.iter().map(String::as_str))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let some: Vec<String> = seen
            .iter()
            .take(3)
            .map(|t| format!("`{}`", crate::text::bounded(t)))
            .collect();
        return Err(Refusal::Groups(format!(
            "cannot group the folds by --group `{}`: none of the {} resolved claims has a tag starting with it ({})",
            crate::text::bounded(prefix),
            set.claims.len(),
            if some.is_empty() {
                "they have no tags".to_string()
            } else {
                format!(
                    "their tags include {}{}",
                    some.join(", "),
                    if seen.len() > 3 {
                        format!(" and {} more", seen.len() - 3)
                    } else {
                        String::new()
                    }
                )
            }
        )));
    }
    let n_groups = groups.len();
    let untagged_note = if untagged > 0 {
        format!(", each of the {untagged} claim(s) without one counting as a group")
    } else {
        String::new()
    };
    if n_groups < k {
        return Err(Refusal::Groups(format!(
            "cannot fit honestly: --group `{}` makes {n_groups} group(s) of the {} resolved claims (by their first tag starting with it{untagged_note}); {k} cross-validation folds need at least {k} groups. Use --folds {} or fewer, or tag the claims by a finer grouping.",
            crate::text::bounded(prefix),
            set.claims.len(),
            n_groups.max(2)
        )));
    }
    let mut order: Vec<(String, Vec<&super::eval::ResolvedClaim>)> = groups.into_iter().collect();
    SplitMix64::new(FOLD_SEED).shuffle(&mut order);
    order.sort_by_key(|(_, cs)| std::cmp::Reverse(cs.len()));
    let dealt = deal(&order.iter().map(|(_, cs)| cs.len()).collect::<Vec<_>>(), k);
    let mut sizes = vec![0usize; k];
    let mut trues = vec![0usize; k];
    let mut names: Vec<Vec<String>> = vec![Vec::new(); k];
    let mut assignment = Vec::with_capacity(set.claims.len());
    for ((key, cs), &f) in order.iter().zip(&dealt) {
        sizes[f] += cs.len();
        trues[f] += cs.iter().filter(|c| c.outcome).count();
        names[f].push(key[1..].to_string());
        assignment.extend(cs.iter().map(|c| (c.claim, f)));
    }
    assignment.sort_unstable();
    let all_true: usize = trues.iter().sum();
    let all_false = set.claims.len() - all_true;
    for f in 0..k {
        let false_here = sizes[f] - trues[f];
        let lacking = if trues[f] == all_true {
            Some("true")
        } else if false_here == all_false {
            Some("false")
        } else {
            None
        };
        if let Some(outcome) = lacking {
            let mut held = names[f].clone();
            let more = held.len().saturating_sub(3);
            held.truncate(3);
            let held: Vec<String> = held
                .iter()
                .map(|h| format!("`{}`", crate::text::bounded(h)))
                .collect();
            return Err(Refusal::Groups(format!(
                "cannot fit honestly: with --group `{}` one of the {k} folds ({}{}) holds every {outcome} claim, so the fit made without it could not learn from a {outcome} claim. Use more folds (--folds), or group more finely.",
                crate::text::bounded(prefix),
                held.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )));
        }
    }
    Ok(Grouping {
        assignment,
        groups: n_groups,
        untagged,
    })
}

/// Brier score and log loss, plain and at an even share of true and false claims.
///
/// Cross-validation draws its held-out claims from the ledger itself, so it cannot see a gain that
/// comes only from the ledger's share of true claims (a prior learned from it, or a level that
/// stands in for one). The scores at an even share ([`at_even_share`]) can: a fit that improves the
/// plain scores but not these has learned mostly how often this ledger's claims come true.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub brier: f64,
    pub log_loss: f64,
    pub brier_at_even_share: f64,
    pub log_loss_at_even_share: f64,
}

impl Scores {
    fn of(ps: &[f64], ys: &[bool]) -> Scores {
        Scores {
            brier: brier(ps, ys),
            log_loss: log_loss(ps, ys),
            brier_at_even_share: at_even_share(ps, ys, brier_one),
            log_loss_at_even_share: at_even_share(ps, ys, log_loss_one),
        }
    }
}

/// One fitted parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FittedParam {
    pub name: String,
    pub start: f64,
    /// Fitted on all resolved claims, rounded to [`DECIMALS`] decimals (as written).
    pub fitted: f64,
    /// Standard error from the curvature of the penalised log-likelihood at the optimum (None
    /// where it is flat or the parameter sits on a bound).
    pub standard_error: Option<f64>,
    /// Range of the values fitted on the cross-validation training sets: how stable the estimate is.
    pub fold_min: f64,
    pub fold_max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitResult {
    pub resolved: usize,
    pub true_count: usize,
    pub false_count: usize,
    pub without_reports: usize,
    pub cut_description: String,
    /// The penalty the fit used.
    pub lambda: f64,
    /// Whether λ was chosen by cross-validation (else given with `--lambda`).
    pub lambda_chosen: bool,
    /// Each penalty tried, in ascending order, with its cross-validated scores (empty when λ was
    /// given).
    pub lambdas_tried: Vec<PenaltyScore>,
    pub folds: usize,
    /// The tag prefix whose groups the folds kept whole (`--group`), if any …
    pub group: Option<String>,
    /// … the number of groups of resolved claims it made …
    pub groups: Option<usize>,
    /// … and how many resolved claims had no tag of it (each a group of its own).
    pub untagged: usize,
    /// Whether each outcome's claims weighed half in the likelihood (`--half-true`).
    pub half_true: bool,
    pub params: Vec<FittedParam>,
    /// The starting rubric on all resolved claims (nothing learned, so also out of sample).
    pub start: Scores,
    /// The fitted rubric (rounded values) on the claims it was fitted on.
    pub in_sample: Scores,
    /// Each claim predicted by the rubric fitted without its fold, pooled (at the chosen λ).
    pub cross_validated: Scores,
    pub iterations: usize,
    pub converged: bool,
    #[serde(skip)]
    pub rubric: Rubric,
}

/// A fit with what it was run on and where it was written: what `fit` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    pub start_rubric: String,
    pub start_file: String,
    pub ledgers: Vec<String>,
    pub output: String,
    #[serde(flatten)]
    pub result: FitResult,
}

/// The result of [`minimise`].
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub iterations: usize,
    pub converged: bool,
    /// The Fisher information of the objective at `x` (with the penalty's curvature).
    pub information: Vec<Vec<f64>>,
}

/// A penalised Bernoulli likelihood: `model` maps parameters to the probability of each outcome;
/// the objective is Σ w_i × -ln P(outcome_i) (clipped as in [`log_loss_one`]) + λ Σ (x_j -
/// anchor_j)², minimised over the box [lo, hi]. The weights w_i are [`outcome_weights`].
pub struct Problem<'a> {
    pub model: &'a dyn Fn(&[f64]) -> Vec<f64>,
    pub outcomes: &'a [bool],
    pub weights: &'a [f64],
    pub lambda: f64,
    pub anchor: &'a [f64],
    pub lo: &'a [f64],
    pub hi: &'a [f64],
}

impl Problem<'_> {
    fn value(&self, ps: &[f64], x: &[f64]) -> f64 {
        let nll: f64 = ps
            .iter()
            .zip(self.outcomes)
            .zip(self.weights)
            .map(|((&p, &y), &w)| w * log_loss_one(p, y))
            .sum();
        let pen: f64 = x
            .iter()
            .zip(self.anchor)
            .map(|(a, b)| (a - b).powi(2))
            .sum();
        nll + self.lambda * pen
    }

    /// The objective at `x`.
    pub fn objective(&self, x: &[f64]) -> f64 {
        self.value(&(self.model)(x), x)
    }

    /// Gradient and Fisher information (expected Hessian) of the objective at `x`, from each
    /// claim's derivatives of p by central differences. Only first derivatives are needed, so the
    /// kinks of the scoring (an origin overtaking another of its organisation, say) cannot make
    /// the curvature explode, and the information is positive semi-definite.
    #[allow(clippy::needless_range_loop)] // matrix code reads best with indices
    fn gradient_and_information(&self, x: &[f64], ps: &[f64]) -> (Vec<f64>, Vec<Vec<f64>>) {
        let d = x.len();
        let dp: Vec<Vec<f64>> = (0..d)
            .map(|j| {
                let (mut up, mut down) = (x.to_vec(), x.to_vec());
                up[j] += STEP;
                down[j] -= STEP;
                let (pu, pd) = ((self.model)(&up), (self.model)(&down));
                pu.iter()
                    .zip(&pd)
                    .map(|(a, b)| (a - b) / (2.0 * STEP))
                    .collect()
            })
            .collect();
        let mut g: Vec<f64> = (0..d)
            .map(|j| 2.0 * self.lambda * (x[j] - self.anchor[j]))
            .collect();
        let mut h = vec![vec![0.0; d]; d];
        for (j, row) in h.iter_mut().enumerate() {
            row[j] = 2.0 * self.lambda;
        }
        for (i, ((&p, &y), &weight)) in ps.iter().zip(self.outcomes).zip(self.weights).enumerate() {
            // Where the clip binds the loss is flat in p.
            if !(p > CLIP && p < 1.0 - CLIP) {
                continue;
            }
            let dl = weight * if y { -1.0 / p } else { 1.0 / (1.0 - p) };
            let w = weight / (p * (1.0 - p));
            for j in 0..d {
                g[j] += dl * dp[j][i];
                for k in 0..=j {
                    h[j][k] += w * dp[j][i] * dp[k][i];
                }
            }
        }
        for j in 0..d {
            for k in 0..j {
                h[k][j] = h[j][k];
            }
        }
        (g, h)
    }
}

fn project(x: &mut [f64], lo: &[f64], hi: &[f64]) {
    for j in 0..x.len() {
        x[j] = x[j].clamp(lo[j], hi[j]);
    }
}

/// Solves A x = b for symmetric positive definite A by Cholesky; None if A is not.
#[allow(clippy::needless_range_loop)] // matrix code reads best with indices
fn cholesky_solve(a: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    let n = b.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - s;
                if !(d > 0.0 && d.is_finite()) {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        y[i] = (b[i] - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        x[i] = (y[i] - (i + 1..n).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
    }
    Some(x)
}

/// The Newton direction on the free coordinates (0 on the others), damped (Levenberg–Marquardt)
/// until the system is positive definite.
fn newton_direction(g: &[f64], h: &[Vec<f64>], free: &[usize]) -> Option<Vec<f64>> {
    if free.is_empty() {
        return None;
    }
    let scale = free
        .iter()
        .map(|&j| h[j][j].abs())
        .fold(0.0, f64::max)
        .max(1e-12);
    let mut mu = 0.0;
    for _ in 0..30 {
        let a: Vec<Vec<f64>> = free
            .iter()
            .map(|&i| {
                free.iter()
                    .map(|&j| h[i][j] + if i == j { mu } else { 0.0 })
                    .collect()
            })
            .collect();
        let b: Vec<f64> = free.iter().map(|&j| -g[j]).collect();
        if let Some(step) = cholesky_solve(&a, &b) {
            let mut dir = vec![0.0; g.len()];
            for (k, &j) in free.iter().enumerate() {
                dir[j] = step[k];
            }
            return Some(dir);
        }
        mu = if mu == 0.0 { 1e-8 * scale } else { mu * 10.0 };
    }
    None
}

/// Minimises the problem's objective from `x0` by projected Fisher scoring (see the module docs).
pub fn minimise(problem: &Problem<'_>, x0: &[f64]) -> Minimum {
    let (lo, hi) = (problem.lo, problem.hi);
    let d = x0.len();
    let mut x = x0.to_vec();
    project(&mut x, lo, hi);
    let mut ps = (problem.model)(&x);
    let mut fx = problem.value(&ps, &x);
    let mut converged = false;
    let mut iterations = 0;
    let (mut g, mut h) = problem.gradient_and_information(&x, &ps);
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        let free: Vec<usize> = (0..d)
            .filter(|&j| !((x[j] <= lo[j] && g[j] > 0.0) || (x[j] >= hi[j] && g[j] < 0.0)))
            .collect();
        let newton = newton_direction(&g, &h, &free);
        let decrement = newton
            .as_ref()
            .map_or(0.0, |dir| -(0..d).map(|j| g[j] * dir[j]).sum::<f64>());
        if free.is_empty() || decrement < 1e-12 {
            converged = true;
            break;
        }
        let gnorm = free
            .iter()
            .map(|&j| g[j].abs())
            .fold(0.0, f64::max)
            .max(1e-300);
        let gradient: Vec<f64> = (0..d)
            .map(|j| {
                if free.contains(&j) {
                    -g[j] / gnorm
                } else {
                    0.0
                }
            })
            .collect();
        let mut moved = false;
        for dir in newton.iter().chain(std::iter::once(&gradient)) {
            let mut t = 1.0;
            for _ in 0..50 {
                let mut y: Vec<f64> = (0..d).map(|j| x[j] + t * dir[j]).collect();
                project(&mut y, lo, hi);
                let slope: f64 = (0..d).map(|j| g[j] * (y[j] - x[j])).sum();
                let py = (problem.model)(&y);
                let fy = problem.value(&py, &y);
                // Armijo: a real decrease, at least 1e-4 of the one the slope promises.
                if fy < fx && fy <= fx + 1e-4 * slope.min(0.0) {
                    x = y;
                    ps = py;
                    fx = fy;
                    moved = true;
                    break;
                }
                t *= 0.5;
            }
            if moved {
                break;
            }
        }
        if !moved {
            // No step lowers the objective: a minimum to the precision of the differences.
            converged = true;
            break;
        }
        (g, h) = problem.gradient_and_information(&x, &ps);
    }
    Minimum {
        x,
        value: fx,
        iterations,
        converged,
        information: h,
    }
}

fn bounds(p: &Param) -> (f64, f64) {
    match p.kind {
        Kind::Prior => (-MAX_LOGIT, MAX_LOGIT),
        Kind::Weight => (p.lo, p.hi.min(MAX_WEIGHT)),
        Kind::Level => (p.lo, p.hi),
    }
}

fn to_coord(p: &Param, v: f64) -> f64 {
    match p.kind {
        Kind::Prior => logit(v),
        _ => v,
    }
}

fn from_coord(p: &Param, x: f64) -> f64 {
    match p.kind {
        Kind::Prior => sigmoid(x),
        _ => x,
    }
}

fn with(start: &Rubric, params: &[&Param], x: &[f64]) -> Rubric {
    let mut r = start.clone();
    for (p, &v) in params.iter().zip(x) {
        p.set(&mut r, from_coord(p, v));
    }
    r
}

/// A rubric fitted on one set of claims.
struct Fitted {
    rubric: Rubric,
    /// Standard error of each parameter (natural units), from the inverse Hessian of the
    /// penalised objective at the optimum; None where it is not positive definite there.
    standard_errors: Vec<Option<f64>>,
}

/// Fits the parameters on one set of resolved claims.
fn fit_on(set: &ResolvedSet, start: &Rubric, spec: &FitSpec, lambda: f64) -> (Fitted, Minimum) {
    let ys = set.outcomes();
    let x0: Vec<f64> = spec
        .params
        .iter()
        .map(|p| to_coord(p, p.get(start).unwrap_or(p.lo)))
        .collect();
    let (lo, hi): (Vec<f64>, Vec<f64>) = spec.params.iter().map(|p| bounds(p)).unzip();
    let model = |x: &[f64]| set.probabilities(&with(start, &spec.params, x));
    let weights = outcome_weights(&ys, spec.half_true);
    let problem = Problem {
        model: &model,
        outcomes: &ys,
        weights: &weights,
        lambda,
        anchor: &x0,
        lo: &lo,
        hi: &hi,
    };
    let m = minimise(&problem, &x0);
    let standard_errors = (0..x0.len())
        .map(|j| {
            let mut e = vec![0.0; x0.len()];
            e[j] = 1.0;
            let se = cholesky_solve(&m.information, &e)?[j].sqrt();
            // The prior is fitted as a logit: delta method, dp = p(1 - p) d logit.
            let se = match spec.params[j].kind {
                Kind::Prior => {
                    let p = sigmoid(m.x[j]);
                    p * (1.0 - p) * se
                }
                _ => se,
            };
            se.is_finite().then_some(se)
        })
        .collect();
    let fitted = Fitted {
        rubric: with(start, &spec.params, &m.x),
        standard_errors,
    };
    (fitted, m)
}

fn round(p: &Param, v: f64) -> f64 {
    let f = 10f64.powi(DECIMALS);
    let r = (v * f).round() / f;
    match p.kind {
        Kind::Prior => r.clamp(1.0 / f, 1.0 - 1.0 / f),
        _ => r.clamp(p.lo, p.hi),
    }
}

/// The fold (0..k) of each claim of `ledger` that is in `set`; stratified and seeded.
pub fn folds(set: &ResolvedSet, k: usize) -> Vec<(usize, usize)> {
    let mut rng = SplitMix64::new(FOLD_SEED);
    let mut out = Vec::new();
    let mut next = 0;
    for outcome in [true, false] {
        let mut ids: Vec<usize> = set
            .claims
            .iter()
            .filter(|c| c.outcome == outcome)
            .map(|c| c.claim)
            .collect();
        rng.shuffle(&mut ids);
        for ci in ids {
            out.push((ci, next % k));
            next += 1;
        }
    }
    out.sort_unstable();
    out
}

/// One penalty's cross-validation: every claim of the set predicted by the rubric fitted without
/// its fold, and each parameter's value on each training set.
struct CrossValidation {
    lambda: f64,
    predictions: Vec<f64>,
    per_fold: Vec<Vec<f64>>,
    scores: Scores,
}

/// A penalty tried and its cross-validated scores (when λ is chosen by cross-validation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PenaltyScore {
    pub lambda: f64,
    pub cross_validated: Scores,
}

/// The score λ is chosen by: the objective's own loss, per claim.
fn objective_loss(s: &Scores, half_true: bool) -> f64 {
    if half_true {
        s.log_loss_at_even_share
    } else {
        s.log_loss
    }
}

/// The index of the lowest cross-validated loss; on a tie the last, which on an ascending grid is
/// the larger λ: the smaller move from the start. A NaN loss (no claim scored) is never chosen
/// over a number.
fn chosen_penalty(losses: &[f64]) -> usize {
    let mut best = losses.len() - 1;
    for (i, &l) in losses.iter().enumerate().rev() {
        if l < losses[best] || losses[best].is_nan() && !l.is_nan() {
            best = i;
        }
    }
    best
}

fn cross_validate(
    all: &ResolvedSet,
    splits: &[(ResolvedSet, ResolvedSet)],
    start: &Rubric,
    spec: &FitSpec,
    lambda: f64,
    fitted_one: &(dyn Fn() + Sync),
) -> CrossValidation {
    let mut predictions = vec![f64::NAN; all.len()];
    let mut per_fold: Vec<Vec<f64>> = vec![Vec::new(); spec.params.len()];
    for (train, test) in splits {
        let (r, _) = fit_on(train, start, spec, lambda);
        fitted_one();
        for (j, p) in spec.params.iter().enumerate() {
            per_fold[j].push(p.get(&r.rubric).unwrap_or(f64::NAN));
        }
        for (c, p) in test.claims.iter().zip(test.probabilities(&r.rubric)) {
            if let Ok(i) = all.claims.binary_search_by_key(&c.claim, |x| x.claim) {
                predictions[i] = p;
            }
        }
    }
    let scores = Scores::of(&predictions, &all.outcomes());
    CrossValidation {
        lambda,
        predictions,
        per_fold,
        scores,
    }
}

/// Fits `spec.params` of `start` to the resolved claims of `ledger`, with cross-validation (and λ
/// chosen by it unless `spec.lambda` fixes it).
pub fn fit(ledger: &Ledger, start: &Rubric, spec: &FitSpec) -> Result<FitResult, Refusal> {
    fit_with_progress(ledger, start, spec, &crate::bulk::NoProgress)
}

/// [`fit`], telling `progress` how many of its fits are done (a phase message such as "fitting:
/// 12 of 31 fits done"): one per fold and penalty, and the last on every claim.
pub fn fit_with_progress(
    ledger: &Ledger,
    start: &Rubric,
    spec: &FitSpec,
    progress: &dyn crate::bulk::Progress,
) -> Result<FitResult, Refusal> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let all = ResolvedSet::new(ledger, spec.cut);
    let ys = all.outcomes();
    let true_count = ys.iter().filter(|&&y| y).count();
    check_enough(true_count, ys.len() - true_count, spec.folds).map_err(Refusal::TooFew)?;

    let grouping = match &spec.group {
        Some(prefix) => Some(grouped_folds(ledger, &all, spec.folds, prefix)?),
        None => None,
    };
    let assignment = match &grouping {
        Some(g) => g.assignment.clone(),
        None => folds(&all, spec.folds),
    };
    let fold_of = |ci: usize| {
        assignment
            .binary_search_by_key(&ci, |&(c, _)| c)
            .map(|i| assignment[i].1)
            .ok()
    };
    let splits: Vec<(ResolvedSet, ResolvedSet)> = (0..spec.folds)
        .map(|f| {
            (
                ResolvedSet::select(ledger, spec.cut, |ci| fold_of(ci).is_some_and(|x| x != f)),
                ResolvedSet::select(ledger, spec.cut, |ci| fold_of(ci) == Some(f)),
            )
        })
        .collect();
    let grid: &[f64] = match &spec.lambda {
        Some(l) => std::slice::from_ref(l),
        None => &LAMBDA_GRID,
    };
    let fits = grid.len() * spec.folds + 1;
    // The count shown only rises, though the fits end on several threads.
    let shown = std::sync::Mutex::new(None::<usize>);
    let say = |n: usize| {
        let mut last = shown.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_none_or(|l| n > l) {
            *last = Some(n);
            progress.phase(&format!("fitting: {n} of {fits} fits done"));
        }
    };
    say(0);
    let done = AtomicUsize::new(0);
    let fitted_one = || say(done.fetch_add(1, Ordering::Relaxed) + 1);
    // Each penalty's cross-validation is independent of the others: one per core.
    let tried: Vec<CrossValidation> = grid
        .par_iter()
        .map(|&l| cross_validate(&all, &splits, start, spec, l, &fitted_one))
        .collect();
    let losses: Vec<f64> = tried
        .iter()
        .map(|c| objective_loss(&c.scores, spec.half_true))
        .collect();
    let chosen = &tried[chosen_penalty(&losses)];
    let lambda = chosen.lambda;

    let (fitted, m) = fit_on(&all, start, spec, lambda);
    fitted_one();
    let mut rubric = start.clone();
    for p in &spec.params {
        if let Some(v) = p.get(&fitted.rubric) {
            p.set(&mut rubric, round(p, v));
        }
    }
    let params = spec
        .params
        .iter()
        .enumerate()
        .map(|(j, p)| FittedParam {
            name: p.name.to_string(),
            start: p.get(start).unwrap_or(f64::NAN),
            fitted: p.get(&rubric).unwrap_or(f64::NAN),
            standard_error: fitted.standard_errors[j],
            fold_min: chosen.per_fold[j]
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min),
            fold_max: chosen.per_fold[j]
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max),
        })
        .collect();
    let lambda_chosen = spec.lambda.is_none();
    Ok(FitResult {
        resolved: all.len(),
        true_count,
        false_count: all.len() - true_count,
        without_reports: all.without_reports(),
        cut_description: spec.cut.describe(),
        lambda,
        lambda_chosen,
        lambdas_tried: if lambda_chosen {
            tried
                .iter()
                .map(|c| PenaltyScore {
                    lambda: c.lambda,
                    cross_validated: c.scores,
                })
                .collect()
        } else {
            Vec::new()
        },
        folds: spec.folds,
        group: spec.group.clone(),
        groups: grouping.as_ref().map(|g| g.groups),
        untagged: grouping.as_ref().map_or(0, |g| g.untagged),
        half_true: spec.half_true,
        params,
        start: Scores::of(&all.probabilities(start), &ys),
        in_sample: Scores::of(&all.probabilities(&rubric), &ys),
        cross_validated: Scores::of(&chosen.predictions, &ys),
        iterations: m.iterations,
        converged: m.converged,
        rubric,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem<'a>(
        model: &'a dyn Fn(&[f64]) -> Vec<f64>,
        ys: &'a [bool],
        lambda: f64,
        anchor: &'a [f64],
        lo: &'a [f64],
        hi: &'a [f64],
    ) -> Problem<'a> {
        Problem {
            model,
            outcomes: ys,
            // Leaked: a test's few bytes, for the problem's lifetime.
            weights: Box::leak(vec![1.0; ys.len()].into_boxed_slice()),
            lambda,
            anchor,
            lo,
            hi,
        }
    }

    #[test]
    fn half_true_weights_make_the_intercept_even_odds() {
        // Three true, one false: weights 4 / (2 x 3) = 2/3 and 4 / (2 x 1) = 2, summing to 4.
        let ys = [true, true, true, false];
        let w = outcome_weights(&ys, true);
        assert_eq!(w.len(), 4);
        for (got, want) in w.iter().zip([2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 2.0]) {
            assert!((got - want).abs() < 1e-12);
        }
        assert_eq!(outcome_weights(&ys, false), [1.0; 4]);
        // The weighted MLE of p = sigmoid(θ): 3 x 2/3 = 2 true against 2 false, so θ = 0.
        let model = |x: &[f64]| vec![sigmoid(x[0]); 4];
        let mut pr = problem(&model, &ys, 0.0, &[1.0], &[-10.0], &[10.0]);
        pr.weights = &w;
        let m = minimise(&pr, &[1.0]);
        assert!(m.converged);
        assert!(m.x[0].abs() < 1e-5, "{m:?}");
    }

    #[test]
    fn an_intercept_is_the_logit_of_the_frequency() {
        // p = sigmoid(θ) for all four claims, three true: the MLE is logit(3/4) = ln 3.
        let ys = [true, true, true, false];
        let model = |x: &[f64]| vec![sigmoid(x[0]); 4];
        let m = minimise(
            &problem(&model, &ys, 0.0, &[0.0], &[-10.0], &[10.0]),
            &[0.0],
        );
        assert!(m.converged);
        assert!((m.x[0] - 3f64.ln()).abs() < 1e-5, "{m:?}");
        // Fisher information n p (1 - p) = 4 x 3/16 = 0.75.
        assert!((m.information[0][0] - 0.75).abs() < 1e-6);
        // A bound below it stops it there.
        let m = minimise(&problem(&model, &ys, 0.0, &[0.0], &[-10.0], &[0.5]), &[0.0]);
        assert_eq!(m.x[0], 0.5);
        // With a penalty λ θ², the optimum solves 4 (sigmoid(θ) - 3/4) + 2 λ θ = 0.
        let m = minimise(
            &problem(&model, &ys, 1.0, &[0.0], &[-10.0], &[10.0]),
            &[0.0],
        );
        let t = m.x[0];
        assert!((4.0 * (sigmoid(t) - 0.75) + 2.0 * t).abs() < 1e-6, "{t}");
    }

    #[test]
    fn two_correlated_parameters_reach_a_stationary_point() {
        // p_i = sigmoid(a u_i + b v_i) with u and v strongly correlated.
        let u = [1.0, 0.9, 0.2, 0.5, 0.7, 0.1, 0.8, 0.3];
        let v = [0.9, 1.0, 0.1, 0.6, 0.6, 0.2, 0.7, 0.4];
        let ys = [true, true, false, true, false, false, true, true];
        let model = |x: &[f64]| -> Vec<f64> {
            u.iter()
                .zip(&v)
                .map(|(a, b)| sigmoid(x[0] * a + x[1] * b - 0.5))
                .collect()
        };
        let pr = problem(
            &model,
            &ys,
            0.1,
            &[0.0, 0.0],
            &[-20.0, -20.0],
            &[20.0, 20.0],
        );
        let m = minimise(&pr, &[0.0, 0.0]);
        assert!(m.converged, "{m:?}");
        for j in 0..2 {
            let h = 1e-6;
            let (mut up, mut down) = (m.x.clone(), m.x.clone());
            up[j] += h;
            down[j] -= h;
            let g = (pr.objective(&up) - pr.objective(&down)) / (2.0 * h);
            assert!(g.abs() < 1e-5, "gradient {g} at {:?}", m.x);
        }
    }

    #[test]
    fn the_lowest_loss_chooses_the_penalty_and_a_tie_keeps_the_larger() {
        assert_eq!(chosen_penalty(&[0.46, 0.45, 0.47]), 1);
        // 0.45 at λ index 1 and 3: the later (larger λ) wins.
        assert_eq!(chosen_penalty(&[0.46, 0.45, 0.47, 0.45]), 3);
        assert_eq!(chosen_penalty(&[0.5]), 0);
        assert_eq!(chosen_penalty(&[0.4, f64::NAN]), 0);
        assert_eq!(chosen_penalty(&[f64::NAN, 0.4]), 1);
    }

    /// A ledger of resolved claims without reports, each `(id, tag, outcome)`.
    fn tagged(claims: &[(&str, Option<&str>, bool)]) -> Ledger {
        use crate::error::SourceText;
        let mut text = String::from("claims = [\n");
        for (id, tag, outcome) in claims {
            let tags = tag.map_or(String::new(), |t| format!(", tags = [\"{t}\"]"));
            text += &format!(
                "  {{ id = \"{id}\", statement = \"{id}\"{tags}, resolution = {{ outcome = {outcome}, date = 2024-10-10 }} }},\n"
            );
        }
        text += "]\n";
        crate::ledger::parse_ledgers(&[SourceText::new("tagged", text)]).unwrap()
    }

    #[test]
    fn grouped_folds_keep_each_tag_whole_and_balance_the_folds() {
        let l = tagged(&[
            ("a1", Some("story:a"), true),
            ("a2", Some("story:a"), true),
            ("a3", Some("story:a"), false),
            ("b1", Some("story:b"), true),
            ("b2", Some("story:b"), false),
            ("c1", Some("story:c"), false),
            ("d1", Some("story:d"), true),
            // Another prefix's tag does not group: an untagged claim, a group of its own.
            ("x1", Some("desk:x"), false),
        ]);
        let set = ResolvedSet::new(&l, Cut::default());
        let g = grouped_folds(&l, &set, 3, "story:").unwrap();
        assert_eq!((g.groups, g.untagged), (5, 1));
        let fold = |id: &str| {
            let ci = l.claims.iter().position(|c| c.id == id).unwrap();
            g.assignment.iter().find(|&&(c, _)| c == ci).unwrap().1
        };
        assert_eq!(g.assignment.len(), 8);
        assert!(fold("a1") == fold("a2") && fold("a2") == fold("a3"));
        assert_eq!(fold("b1"), fold("b2"));
        // Largest first, each to the emptiest fold: a (3) to fold 0, b (2) to fold 1, and the
        // four single claims fill fold 2 to 2, then folds 1 and 2 to 3: sizes 3, 3, 2.
        assert_eq!(fold("a1"), 0);
        assert_eq!(fold("b1"), 1);
        let mut sizes = [0; 3];
        for &(_, f) in &g.assignment {
            sizes[f] += 1;
        }
        assert_eq!(sizes, [3, 3, 2]);
    }

    #[test]
    fn grouped_folds_refuse_too_few_groups_and_a_fold_holding_one_outcome_whole() {
        let l = tagged(&[
            ("a1", Some("story:a"), true),
            ("a2", Some("story:a"), false),
            ("b1", Some("story:b"), true),
            ("c1", Some("story:c"), false),
        ]);
        let set = ResolvedSet::new(&l, Cut::default());
        assert_eq!(
            grouped_folds(&l, &set, 4, "story:")
                .unwrap_err()
                .message("", ""),
            "cannot fit honestly: --group `story:` makes 3 group(s) of the 4 resolved claims (by their first tag starting with it); 4 cross-validation folds need at least 4 groups. Use --folds 3 or fewer, or tag the claims by a finer grouping."
        );
        // Every false claim in story f: its fold's training set has none.
        let l = tagged(&[
            ("f1", Some("story:f"), false),
            ("f2", Some("story:f"), false),
            ("t1", Some("story:t"), true),
            ("u1", Some("story:u"), true),
        ]);
        let set = ResolvedSet::new(&l, Cut::default());
        assert_eq!(
            grouped_folds(&l, &set, 2, "story:")
                .unwrap_err()
                .message("", ""),
            "cannot fit honestly: with --group `story:` one of the 2 folds (`story:f`) holds every false claim, so the fit made without it could not learn from a false claim. Use more folds (--folds), or group more finely."
        );
    }

    proptest::proptest! {
        #[test]
        fn dealt_groups_fill_every_fold_within_the_largest_group(
            mut sizes in proptest::collection::vec(1usize..40, 2..30),
            k in 2usize..8,
        ) {
            proptest::prop_assume!(sizes.len() >= k);
            sizes.sort_unstable_by(|a, b| b.cmp(a));
            let folds = deal(&sizes, k);
            proptest::prop_assert_eq!(folds.len(), sizes.len());
            let mut load = vec![0usize; k];
            for (&n, &f) in sizes.iter().zip(&folds) {
                proptest::prop_assert!(f < k);
                load[f] += n;
            }
            let (lo, hi) = (*load.iter().min().unwrap(), *load.iter().max().unwrap());
            // At least as many groups as folds: none is empty.
            proptest::prop_assert!(lo > 0, "{:?}", load);
            proptest::prop_assert!(hi - lo <= sizes[0], "{:?} largest {}", load, sizes[0]);
        }
    }

    #[test]
    fn cholesky_by_hand() {
        // [[4, 2], [2, 3]] x = [2, 1]: x = (0.5, 0).
        let x = cholesky_solve(&[vec![4.0, 2.0], vec![2.0, 3.0]], &[2.0, 1.0]).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12);
        assert!(cholesky_solve(&[vec![-1.0]], &[1.0]).is_none());
    }

    #[test]
    fn fit_recovers_the_weights_a_synthetic_ledger_was_drawn_with() {
        // 6000 claims drawn under `fixture_truth()` (the fixture's prior 0.35 and weights 1.6, 0.6,
        // 0.9); starting from the default rubric (prior 0.5, weights 1.0, 1.0, 0.5). With this many claims the standard errors are about 0.09 nats for the
        // weights and 0.01 for the prior, so the stated tolerances are about two standard errors:
        // weights within 0.2 nats, the prior within 0.03.
        use crate::error::SourceText;
        use crate::ledger::parse_ledgers;
        use crate::tune::params::{DEFAULT_FIT, find};
        use crate::tune::synthetic::{fixture_truth, synthetic_ledger};
        // σ = 1 nat around each starting value.
        const LAMBDA: f64 = 0.5;
        let t = fixture_truth();
        let text = synthetic_ledger(&t, 6000, 11, "");
        let ledger = parse_ledgers(&[SourceText::new("synthetic", text)]).unwrap();
        let spec = FitSpec {
            params: DEFAULT_FIT.iter().filter_map(|n| find(n)).collect(),
            lambda: Some(LAMBDA),
            folds: 2,
            cut: Cut::default(),
            half_true: false,
            group: None,
        };
        let set = ResolvedSet::new(&ledger, Cut::default());
        let start = Rubric::default_rubric();
        let (r, m) = fit_on(&set, &start, &spec, LAMBDA);
        assert!(m.converged, "{m:?}");
        let tolerance = [0.03, 0.2, 0.2, 0.2];
        for (j, p) in spec.params.iter().enumerate() {
            let (got, want) = (p.get(&r.rubric).unwrap(), p.get(&t).unwrap());
            assert!(
                (got - want).abs() < tolerance[j],
                "{}: fitted {got}, true {want}, standard error {:?}",
                p.name,
                r.standard_errors[j]
            );
            let se = r.standard_errors[j].unwrap();
            assert!(se > 0.0 && se < tolerance[j], "{}: {se}", p.name);
        }
        // The optimiser does at least as well as the truth on the objective it minimises.
        let ys = set.outcomes();
        let penalised = |rb: &Rubric| -> f64 {
            let nll: f64 = set
                .probabilities(rb)
                .iter()
                .zip(&ys)
                .map(|(&p, &y)| log_loss_one(p, y))
                .sum();
            let pen: f64 = spec
                .params
                .iter()
                .map(|p| {
                    (to_coord(p, p.get(rb).unwrap()) - to_coord(p, p.get(&start).unwrap())).powi(2)
                })
                .sum();
            nll + LAMBDA * pen
        };
        assert!(penalised(&r.rubric) <= penalised(&t) + 1e-9);
    }

    #[test]
    fn the_refusal_rule() {
        // The seeds: 6 resolved, all true. Need 5 false, and 10 in all: at least 5 more.
        let s = check_enough(6, 0, 5).unwrap_err();
        assert_eq!((s.more, s.more_true, s.more_false), (5, 0, 5));
        assert_eq!(
            s.message(
                "seeds.toml",
                "as of the day before each claim's resolution date"
            ),
            "cannot fit honestly: seeds.toml has 6 resolved claim(s) judged as of the day before each claim's resolution date (6 true, 0 false); fitting needs at least 10 resolved claims with at least 5 true and 5 false, so that each of the 5 cross-validation folds holds both outcomes. Resolve at least 5 more claim(s), including at least 5 false."
        );
        let s = check_enough(4, 4, 3).unwrap_err();
        assert_eq!((s.more, s.more_true, s.more_false), (2, 0, 0));
        assert!(check_enough(5, 5, 5).is_ok());
        assert!(check_enough(9, 1, 2).is_err());
    }
}
