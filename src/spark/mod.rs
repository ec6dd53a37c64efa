//! Learned reliability beyond one machine: a self-contained PySpark program that computes what the
//! in-process triples path computes ([`job`]), and the reading of its output back into the usual
//! triples report ([`output`]).
//!
//! The program (`job.py`, embedded) mirrors `src/learn/` function by function: the per-source maths
//! (ψ, ln Γ, the prior fit, the concentration fit, the M-steps) runs on the driver in plain Python
//! with the same formulas and constants, about one row per source; the per-question step (a
//! log-sum-exp over each question's answers, each report weighed by its source's cavity with the
//! claim's previous probability, kept on the question's row) runs on the executors as Spark SQL
//! higher-order functions, with no Python UDF; so do the kinds of the questions' values and the
//! support of close values (`src/learn/values.rs`). `bayes` without copy detection, `em` and `none`
//! are distributed; anything else is refused by [`job`], naming the method and the rubric key.

pub mod output;

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::learn::{LearnMethod, Params};

/// The program, with a `# @SETTINGS@` line that [`job`] replaces by the rubric's settings.
pub const JOB: &str = include_str!("job.py");

const SETTINGS_MARK: &str = "# @SETTINGS@";

/// The methods the job distributes.
pub const METHODS: [LearnMethod; 3] = [LearnMethod::Bayes, LearnMethod::Em, LearnMethod::None];

/// Why `params` cannot run on Spark, if it cannot.
pub fn refusal(params: &Params) -> Option<String> {
    let m = params.method.as_str();
    if !METHODS.contains(&params.method) {
        return Some(format!(
            "method `{m}` is not available on Spark yet: expected `bayes`, `em` or `none` (the rubric's [reliability] method, or --method)"
        ));
    }
    if params.method == LearnMethod::Bayes && params.copying {
        return Some(format!(
            "method `{m}` with copy detection cannot run on Spark yet (it tests pairs of sources for dependence): set `copying = false` in the rubric's [reliability] table"
        ));
    }
    None
}

/// A Python float literal that gives back `x` exactly (Rust's shortest round-trip text).
fn py_float(x: f64) -> String {
    if x.is_finite() {
        let s = format!("{x:?}");
        if s.contains(['.', 'e', 'E']) {
            s
        } else {
            format!("{s}.0")
        }
    } else if x.is_nan() {
        "math.nan".to_string()
    } else if x > 0.0 {
        "math.inf".to_string()
    } else {
        "-math.inf".to_string()
    }
}

/// A Python string literal (JSON's escapes are Python's for every character JSON escapes).
fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// The settings block of the program: each constant with the rubric key it comes from.
pub fn settings(params: &Params, rubric: &str, interval: f64) -> String {
    let mut s = String::new();
    let p = params;
    let _ = writeln!(
        s,
        "METHOD = {}  # [reliability] method (or --method)",
        py_str(p.method.as_str())
    );
    let _ = writeln!(s, "RUBRIC = {}  # [rubric] name", py_str(rubric));
    let _ = writeln!(
        s,
        "TOLERANCE = {}  # [reliability] tolerance: stop when no source's accuracy moves more",
        py_float(p.tolerance)
    );
    let _ = writeln!(
        s,
        "MAX_ITERATIONS = {}  # [reliability] max_iterations ({})",
        p.cap(),
        if p.max_iterations.is_some() {
            "set by the rubric".to_string()
        } else {
            format!("unset: the default of `{}`", p.method.as_str())
        }
    );
    let _ = writeln!(
        s,
        "PRIOR_A = {}  # [reliability] prior_a",
        py_float(p.prior_a)
    );
    let _ = writeln!(
        s,
        "PRIOR_B = {}  # [reliability] prior_b",
        py_float(p.prior_b)
    );
    let _ = writeln!(
        s,
        "LEARN_PRIOR = {}  # bayes: the prior is learned unless the rubric sets prior_a or prior_b",
        if p.learn_prior { "True" } else { "False" }
    );
    let _ = writeln!(
        s,
        "ALTERNATIVES = {}  # [reliability] alternatives (0: a shared label set's size, else the answers seen)",
        p.alternatives
    );
    let _ = writeln!(
        s,
        "COPYING = {}  # [reliability] copying (bayes: must be False on Spark; em ignores it)",
        if p.copying { "True" } else { "False" }
    );
    let _ = writeln!(
        s,
        "STRUCTURE = {}  # [reliability] structure: close times, dates, numbers and lists support each other (bayes; em ignores it)",
        if p.structure { "True" } else { "False" }
    );
    let _ = write!(
        s,
        "INTERVAL = {}  # [aggregation] interval: the mass of the sources' intervals, shown by --from-spark",
        py_float(interval)
    );
    s
}

/// The PySpark program for `params` (the rubric's `[reliability]`, with `--method` applied), or
/// the reason it cannot run on Spark.
pub fn job(params: &Params, rubric: &str, interval: f64) -> Result<String> {
    if let Some(why) = refusal(params) {
        return Err(Error::Usage(format!("spark-job: {why}")));
    }
    let block = settings(params, rubric, interval);
    Ok(JOB.replacen(SETTINGS_MARK, &block, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bayes() -> Params {
        Params {
            copying: false,
            structure: false,
            ..Params::default()
        }
    }

    #[test]
    fn the_job_has_its_settings_in_place_of_the_mark() {
        let text = job(&bayes(), "default", 0.9).unwrap();
        assert!(!text.contains(SETTINGS_MARK));
        assert!(text.contains("METHOD = \"bayes\"  # [reliability] method"));
        assert!(text.contains(
            "MAX_ITERATIONS = 1000  # [reliability] max_iterations (unset: the default of `bayes`)"
        ));
        assert!(text.contains("TOLERANCE = 1e-6  #"));
        assert!(text.contains("LEARN_PRIOR = True  #"));
        assert!(text.contains("INTERVAL = 0.9  #"));
    }

    #[test]
    fn floats_are_python_literals_that_round_trip() {
        assert_eq!(py_float(2.0), "2.0");
        assert_eq!(py_float(1e-6), "1e-6");
        assert_eq!(py_float(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(py_float(f64::INFINITY), "math.inf");
        assert_eq!(py_str("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }

    #[test]
    fn what_cannot_be_distributed_is_refused_naming_the_key() {
        let copy = Params {
            copying: true,
            ..bayes()
        };
        assert_eq!(
            job(&copy, "r", 0.9).unwrap_err().to_string(),
            "spark-job: method `bayes` with copy detection cannot run on Spark yet (it tests pairs of sources for dependence): set `copying = false` in the rubric's [reliability] table"
        );
        // Structured values are distributed.
        let st = Params {
            structure: true,
            ..bayes()
        };
        assert!(job(&st, "r", 0.9).unwrap().contains("STRUCTURE = True  #"));
        for m in LearnMethod::ALL {
            let p = Params {
                method: m,
                ..bayes()
            };
            assert_eq!(job(&p, "r", 0.9).is_ok(), METHODS.contains(&m), "{m:?}");
        }
        // EM ignores copying and structure (they are settings of bayes).
        let em = Params {
            method: LearnMethod::Em,
            ..Params::default()
        };
        assert!(job(&em, "r", 0.9).is_ok());
    }
}
