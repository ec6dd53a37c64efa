//! `spark-job` and `report --from-spark` without Spark: the generated program (a snapshot), the
//! refusals, every triples format rendered from a committed job output
//! (`tests/fixtures/spark/flight-out`, written by the job on Spark 4.3 in local mode from
//! `flight.csv`), and the exact messages for output folders that are not a job's.

mod common;

use std::path::{Path, PathBuf};

use common::{cmd, write};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spark")
        .join(name)
}

fn rubric(dir: &Path, table: &str) -> PathBuf {
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml"))
            .unwrap();
    write(
        dir,
        "spark.toml",
        format!("{base}\n[reliability]\n{table}\n"),
    )
}

/// (exit code, stdout, stderr) of the binary run in `dir`.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cmd(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_generated_bayes_job() {
    let dir = tempfile::tempdir().unwrap();
    // The default rubric but for copy detection: structured values on.
    let r = rubric(dir.path(), "copying = false");
    let (code, job, err) = run(dir.path(), &["spark-job", "--rubric", r.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(job);
}

#[test]
fn the_em_job_differs_by_its_settings_only() {
    let dir = tempfile::tempdir().unwrap();
    let r = rubric(dir.path(), "copying = false");
    let (_, bayes, _) = run(dir.path(), &["spark-job", "--rubric", r.to_str().unwrap()]);
    let (code, em, err) = run(dir.path(), &["spark-job", "--method", "em", "-o", "job.py"]);
    assert_eq!((code, em.as_str()), (0, ""), "{err}");
    let em = std::fs::read_to_string(dir.path().join("job.py")).unwrap();
    let differ: Vec<(&str, &str)> = bayes
        .lines()
        .zip(em.lines())
        .filter(|(a, b)| a != b)
        .collect();
    let names: Vec<&str> = differ
        .iter()
        .map(|(_, b)| b.split(" = ").next().unwrap())
        .collect();
    assert_eq!(names, ["METHOD", "MAX_ITERATIONS", "COPYING"], "{differ:?}");
    // Written once: no overwrite without --force.
    let (code, _, err) = run(dir.path(), &["spark-job", "--method", "em", "-o", "job.py"]);
    assert_eq!(code, 2);
    assert!(err.contains("job.py"), "{err}");
}

#[test]
fn what_spark_cannot_do_is_refused_with_the_key_to_change() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["spark-job", "-o", "job.py"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: spark-job: method `bayes` with copy detection cannot run on Spark yet (it tests pairs of sources for dependence): set `copying = false` in the rubric's [reliability] table\n"
    );
    // Structured values are distributed: the default rubric but for copy detection runs.
    let r = rubric(dir.path(), "copying = false");
    let (code, job, err) = run(dir.path(), &["spark-job", "--rubric", r.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(job.contains("\nSTRUCTURE = True  #"), "{job}");
    let (code, _, err) = run(dir.path(), &["spark-job", "--method", "truthfinder"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: spark-job: method `truthfinder` is not available on Spark yet: expected `bayes`, `em` or `none` (the rubric's [reliability] method, or --method)\n"
    );
    assert!(!dir.path().join("job.py").exists());
}

/// The committed output rendered from the repository's root (file names as a user there gives
/// them).
fn from_spark(args: &[&str]) -> (i32, String, String) {
    let mut all = vec![
        "report",
        "--from-spark",
        "tests/fixtures/spark/flight-out",
        "--gold",
        "tests/fixtures/spark/flight-gold.csv",
    ];
    all.extend(args);
    run(Path::new(env!("CARGO_MANIFEST_DIR")), &all)
}

#[test]
fn from_spark_renders_the_table() {
    let (code, out, err) = from_spark(&["--width", "120", "--limit", "5"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn from_spark_renders_json() {
    let (code, out, err) = from_spark(&["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["reliability"]["method"], "bayes");
    assert_eq!(doc["counts"]["claims"], 864);
    assert_eq!(doc["claims"].as_array().unwrap().len(), 864);
    // The first claims and sources, and everything but the long lists.
    let mut head = doc.clone();
    head["claims"] = serde_json::Value::Array(doc["claims"].as_array().unwrap()[..4].to_vec());
    head["sources"] = serde_json::Value::Array(doc["sources"].as_array().unwrap()[..3].to_vec());
    head["gold"]["bins"] = serde_json::Value::Null;
    insta::assert_json_snapshot!(head);
}

#[test]
fn from_spark_renders_html() {
    let (code, out, err) = from_spark(&["--format", "html", "--limit", "3"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<!doctype html>"), "{}", &out[..100]);
    assert!(out.contains("flightstats"));
    assert!(out.contains("0.9375"));
}

#[test]
fn from_spark_refuses_csv_as_triples_do() {
    let (code, _, err) = from_spark(&["--format", "csv"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: --format csv is not available for triples: expected table, json or html\n"
    );
}

#[test]
fn from_spark_with_a_seed_the_job_did_not_learn_from_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let seed = write(
        dir.path(),
        "s.csv",
        "question,value\nAA-1007-MIA-PHX|act_arr_time,19:55\n",
    );
    let (code, _, err) = from_spark(&["--seed", seed.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "error: --seed `{}`: the job of `tests/fixtures/spark/flight-out` learned without known answers: expected the job to be run with `--seed` to learn from them\n",
            seed.display(),
        )
    );
}

#[test]
fn from_spark_with_ledgers_or_a_rubric_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["report", "x.csv", "--from-spark", "out"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

/// Copies the fixture's output into `dir/out` for a test to damage.
fn copy_output(dir: &Path) -> PathBuf {
    let to = dir.join("out");
    for table in ["summary", "sources", "claims"] {
        let from = fixture("flight-out/corroborate").join(table);
        let dest = to.join("corroborate").join(table);
        std::fs::create_dir_all(&dest).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dest.join(e.file_name())).unwrap();
        }
    }
    to
}

fn part(dir: &Path, table: &str) -> PathBuf {
    let folder = dir.join("out/corroborate").join(table);
    let mut parts: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    parts.sort();
    parts.remove(0)
}

#[test]
fn bad_output_folders_are_named_with_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Not a folder at all.
    let (code, _, err) = run(d, &["report", "--from-spark", "nowhere"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: `nowhere` is not the output of a corroborate Spark job (no such folder): expected the folder given to `spark-submit job.py --output DIR`, holding corroborate/summary, corroborate/sources and corroborate/claims\n"
    );
    // A folder without the tables.
    std::fs::create_dir(d.join("empty")).unwrap();
    let (code, _, err) = run(d, &["report", "--from-spark", "empty"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: `empty` is not the output of a corroborate Spark job (no folder corroborate/summary): expected the folder given to `spark-submit job.py --output DIR`, holding corroborate/summary, corroborate/sources and corroborate/claims\n"
    );
    // A table still being written (no _SUCCESS).
    copy_output(d);
    std::fs::remove_file(d.join("out/corroborate/claims/_SUCCESS")).unwrap();
    let (code, _, err) = run(d, &["report", "--from-spark", "out"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: has no `_SUCCESS` marker: expected the complete output of a job that finished (it failed, or is still writing)\n  --> out/corroborate/claims\n"
    );
    std::fs::write(d.join("out/corroborate/claims/_SUCCESS"), "").unwrap();
    // A confidence that is not a probability, with its file and line.
    let p = part(d, "claims");
    let text = std::fs::read_to_string(&p).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let cols: Vec<&str> = lines[1].split(',').collect();
    let (q, v) = (cols[0].to_string(), cols[1].to_string());
    lines[1] = format!("{q},{v},1.5,3");
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    let (code, _, err) = run(d, &["report", "--from-spark", "out"]);
    assert_eq!(code, 2);
    let name = p.strip_prefix(d).unwrap().display().to_string();
    assert_eq!(
        err,
        format!("error: `confidence` is `1.5`: expected a number from 0 to 1\n  --> {name}:2\n")
    );
    // A table of another run: counts that disagree with the summary.
    lines.remove(1);
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    let (code, _, err) = run(d, &["report", "--from-spark", "out"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("says 864 claims, but the tables hold 863: expected the tables of one run"),
        "{err}"
    );
    // Columns that are not the job's.
    let s = part(d, "summary");
    std::fs::write(&s, "method,iterations\nbayes,3\n").unwrap();
    let (code, _, err) = run(d, &["report", "--from-spark", "out"]);
    assert_eq!(code, 2);
    let name = s.strip_prefix(d).unwrap().display().to_string();
    assert!(
        err.starts_with(
            "error: unrecognised columns of corroborate/summary: it lacks `converged,tolerance,max_iterations,prior_a,prior_b,alternati…` (253 characters): expected the 29 columns that this version's job writes (an output of an older job: run `spark-job` and the job again)\n"
        ),
        "{err}"
    );
    assert!(err.ends_with(&format!("  --> {name}:1\n")), "{err}");
    // The summary of a job written before structured values ran on Spark, and a column unknown.
    std::fs::write(
        &s,
        "method,iterations,converged,tolerance,max_iterations,prior_a,prior_b,alternatives,rubric,interval,input,reports,pairs,questions,claims,sources,values,seed_file,seeded,fitted_a,fitted_b,prior_learned,concentration,labels,extra\n",
    )
    .unwrap();
    let (code, _, err) = run(d, &["report", "--from-spark", "out"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "error: unrecognised columns of corroborate/summary: it lacks `structure,kind_time,kind_date,kind_number,kind_list` and has unknown `extra`: expected the 29 columns that this version's job writes (an output of an older job: run `spark-job` and the job again)\n  --> {name}:1\n"
        )
    );
}
