//! Shared by the bulk targets: any bytes as a bulk file of one format must load or be refused with
//! a diagnostic; what loads is learned and scored by every method, checking the invariants.

use corroborate::bulk::csvin::CsvIn;
use corroborate::bulk::triples::TriplesReader;
use corroborate::bulk::{Bulk, NoProgress, Role, load, open};
use corroborate::learn::{LearnMethod, Params};
use corroborate::render::triples::write_json;
use corroborate::rubric::Rubric;
use corroborate::score;
use corroborate::score::triples::score_triples;


/// A triples file read by `read_csv` (blocks on every thread when plain) gives exactly what the
/// record-by-record reader gives, or the same error.
fn same_as_record_by_record(path: &std::path::Path, delimiter: u8) {
    let read = |fast: bool| {
        let mut t = CsvIn::new(open(path).ok()?, delimiter).ok()?;
        if t.role() != Some(Role::Triples) {
            return None;
        }
        let mut r = TriplesReader::new();
        let done = if fast {
            r.read_csv(&mut t, &NoProgress)
        } else {
            r.read_records(&mut t, &NoProgress)
        };
        // `read_csv` also names the input; the rows are what must agree.
        let done = done.map(|()| {
            let mut t = r.finish();
            t.inputs.clear();
            t
        });
        Some(done.map_err(|d| d.to_string()))
    };
    assert_eq!(read(true), read(false));
}

pub fn check(data: &[u8], extension: &str) {
    // One scratch file per fuzzing process, rewritten for each input.
    let dir = std::env::temp_dir().join(format!("corroborate-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("input.{extension}"));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if extension == "csv" || extension == "tsv" {
        same_as_record_by_record(&path, if extension == "csv" { b',' } else { b'\t' });
    }
    match load(&[path], None, &NoProgress) {
        Ok(Bulk::Triples(t)) => {
            for method in LearnMethod::ALL {
                let params = Params {
                    method,
                    max_iterations: Some(50),
                    ..Params::default()
                };
                let scored = score_triples(&t, "fuzz", &params, 0.9, None, None);
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
