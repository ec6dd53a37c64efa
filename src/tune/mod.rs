//! Tuning rubrics with evidence: how well a rubric's judgements matched what happened
//! ([`calibrate`]), how two rubrics differ ([`compare`]), what each number of a rubric does
//! ([`sensitivity`]) and what the resolved claims say the numbers should be ([`fit`]).
//!
//! Every judgement is scored as it stood before its outcome was known ([`eval::Cut`]): by default
//! as of the day before the claim's resolution date, so that no report from the day the outcome
//! became known, or later, is counted. All functions here are pure; the statistics
//! ([`metrics`], [`bootstrap`], [`rank`]) have hand-computed unit tests.

pub mod bootstrap;
pub mod calibrate;
pub mod compare;
pub mod edit;
pub mod eval;
pub mod fit;
pub mod metrics;
pub mod params;
pub mod rank;
pub mod sensitivity;
pub mod synthetic;

pub use eval::{Cut, Evaluator, ResolvedSet};
