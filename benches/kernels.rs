//! Kernels of the bulk path, timed with divan: `cargo bench --bench kernels`.
//!
//! A synthetic benchmark of 100 sources, coverage 0.1 and 10 000 questions (about 100 000
//! assertions, the generator of `corroborate synth`) is built once; each learning method runs on its
//! graph, and the triples reader interns its rows.

use corroborate::bulk::Triples;
use corroborate::bulk::triples::TriplesReader;
use corroborate::learn::{LearnMethod, Params, run};
use corroborate::synth::{SynthFormat, SynthParams, generate};

fn main() {
    divan::main();
}

fn rows() -> Vec<(String, String, String)> {
    let p = SynthParams {
        questions: 10_000,
        ..SynthParams::default()
    };
    let mut csv = Vec::new();
    generate(&p, SynthFormat::Csv, &mut csv, None).expect("writing to memory");
    String::from_utf8(csv)
        .expect("ASCII")
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split(',').map(String::from);
            let mut next = || f.next().unwrap_or_default();
            (next(), next(), next())
        })
        .collect()
}

fn data() -> Triples {
    let mut r = TriplesReader::new();
    for (s, q, v) in rows() {
        r.push(&s, &q, &v);
    }
    r.finish()
}

#[divan::bench]
fn intern_100k_rows(bencher: divan::Bencher) {
    let rows = rows();
    bencher.bench(|| {
        let mut r = TriplesReader::new();
        for (s, q, v) in &rows {
            r.push(s, q, v);
        }
        r.finish()
    });
}

#[divan::bench(args = [
    LearnMethod::None,
    LearnMethod::Em,
    LearnMethod::Sums,
    LearnMethod::AverageLog,
    LearnMethod::Investment,
    LearnMethod::PooledInvestment,
    LearnMethod::Truthfinder,
])]
fn learn_100k_assertions(bencher: divan::Bencher, method: LearnMethod) {
    let d = data();
    // The number of alternatives resolved from the data, as `corroborate report` does.
    let p = Params {
        method,
        alternatives: Params::default().resolve_alternatives(d.values.len(), d.graph.n_claims()),
        ..Params::default()
    };
    bencher.bench(|| run(&d.graph, &p));
}
