//! Shared by the bulk targets: any bytes as a bulk file of one format must load or be refused with
//! a diagnostic; what loads is learned and scored by every method, checking the invariants.

use corroborate::bulk::{Bulk, NoProgress, load};
use corroborate::learn::{LearnMethod, Params};
use corroborate::render::triples::write_json;
use corroborate::rubric::Rubric;
use corroborate::score;
use corroborate::score::triples::score_triples;


pub fn check(data: &[u8], extension: &str) {
    // One scratch file per fuzzing process, rewritten for each input.
    let dir = std::env::temp_dir().join(format!("corroborate-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("input.{extension}"));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    match load(&[path], None, &NoProgress) {
        Ok(Bulk::Triples(t)) => {
            for method in LearnMethod::ALL {
                let params = Params {
                    method,
                    max_iterations: Some(50),
                    ..Params::default()
                };
                let scored = score_triples(&t, "fuzz", &params, 0.9, None);
                let mut sink = Vec::new();
                write_json(&scored, &mut sink).expect("writing to memory cannot fail");
                let v: serde_json::Value = serde_json::from_slice(&sink).expect("the JSON reads back");
                for c in v["claims"].as_array().into_iter().flatten() {
                    let p = c["confidence"].as_f64().expect("a confidence");
                    assert!((0.0..=1.0).contains(&p), "{method:?}: confidence {p}");
                }
            }
        }
        Ok(Bulk::Ledger(l)) => {
            let case = score(&l, &Rubric::default_rubric(), None);
            for c in &case.claims {
                assert!((0.0..=1.0).contains(&c.confidence));
            }
        }
        Err(e) => {
            let _ = e.render();
        }
    }
}
