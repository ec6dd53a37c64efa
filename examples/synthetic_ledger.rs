//! Writes a synthetic resolved ledger to stdout, for trying `corroborate fit` on data whose right
//! answer is known.
//!
//!     cargo run --example synthetic_ledger -- [CLAIMS] [SEED] > ledger.toml
//!
//! Outcomes are drawn with the probabilities a known "true" rubric gives the claims the day before
//! their resolution: the default rubric with prior 0.35 and weights verification 1.6, official 0.6,
//! later 0.9 (`corroborate::tune::synthetic::fixture_truth`). `tests/fixtures/synthetic.toml` is
//! `-- 1000 7`, and a test holds it to that.

use corroborate::tune::synthetic::fixture;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    print!("{}", fixture(n, seed));
}
