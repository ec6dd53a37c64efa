//! The generated Spark job, run for real on Spark in local mode (`local[2]`), against the in-process
//! run of the same data and rubric: every number of the two JSON reports (each claim's confidence,
//! each source's reliability, interval and expected correct claims, the learned prior and
//! concentration, accuracy against gold) within 1e-9, every count (iterations included) equal.
//!
//! Spark comes from the venv that `scripts/spark-env.sh` makes (Java 17+ and pyspark 4.3, kept under
//! `target/spark-venv`; `SPARK_VENV` names another). Without it, each test prints why it is skipped
//! and passes: run `scripts/spark-env.sh` once to make it. `.ci/run` does.
//!
//! By default the small cases run (the flight set, the book sample with its gold answers and the
//! default `bayes`; `em` on a synthetic set with seeds). `CORROBORATE_SPARK_FULL=1` adds the
//! synthetic file of 100,000 assertions for both methods.
//!
//! The real sets are committed samples (`tests/fixtures/spark/`, see its README).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The Spark venv's bin folder, if it has been made.
fn spark_bin() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let venv = std::env::var_os("SPARK_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("target"))
                .join("spark-venv")
        });
    let bin = venv.join("bin");
    bin.join("spark-submit").is_file().then_some(bin)
}

fn skip(test: &str) -> Option<PathBuf> {
    let bin = spark_bin();
    if bin.is_none() {
        println!(
            "{test}: skipped, no Spark venv (make it with `scripts/spark-env.sh`: Java 17+ and pyspark 4.3 under target/spark-venv)"
        );
    }
    bin
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spark")
        .join(name)
}

fn corroborate(dir: &Path, args: &[&str]) -> String {
    let out = common::cmd(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "corroborate {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The default rubric with a `[reliability]` table.
fn rubric(dir: &Path, table: &str) -> PathBuf {
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml"))
            .unwrap();
    common::write(
        dir,
        "rubric.toml",
        format!("{base}\n[reliability]\n{table}\n"),
    )
}

/// How far a number may differ: 1e-9, relative beyond 1, for every number, the learned prior and
/// the sources' intervals included. The prior fit (`special::fit_beta_binomial`) takes its last
/// Newton steps without comparing the likelihood at rounding level and stops on a step of 1e-10,
/// so sums over the same terms in another order end it within about 1e-14.
const TOLERANCE: f64 = 1e-9;

/// Every number within [`TOLERANCE`] (relative beyond 1), every integer, string and key equal;
/// `worst` gets the largest difference.
fn same(path: &str, a: &Value, b: &Value, worst: &mut f64) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            assert_eq!(kx, ky, "{path}: keys");
            for (k, v) in x {
                same(&format!("{path}.{k}"), v, &y[k], worst);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: length");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                same(&format!("{path}[{i}]"), v, w, worst);
            }
        }
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (p, q) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            let d = (p - q).abs() / p.abs().max(1.0);
            *worst = worst.max(d);
            assert!(d <= TOLERANCE, "{path}: in process {p}, on Spark {q}");
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

/// One Spark run at a time: each takes both cores.
static SPARK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs the job of `table` on `input` in Spark and compares its report with the in-process one.
fn case(bin: &Path, input: &Path, table: &str, gold: Option<&Path>, seed: Option<&Path>) {
    let _one = SPARK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = rubric(d, table);
    let r = r.to_str().unwrap();
    corroborate(d, &["spark-job", "--rubric", r, "-o", "job.py"]);
    let out = d.join("out");
    let mut submit = Command::new(bin.join("spark-submit"));
    // find-spark-home looks for the venv's python on PATH.
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    submit
        .current_dir(d)
        .env("PATH", path)
        .args(["--master", "local[2]", "--driver-memory", "1g", "job.py"])
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(&out);
    if let Some(s) = seed {
        submit.arg("--seed").arg(s);
    }
    let ran = submit.output().unwrap();
    assert!(
        ran.status.success(),
        "spark-submit: {}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let mut extra: Vec<String> = Vec::new();
    if let Some(g) = gold {
        extra.extend(["--gold".into(), g.display().to_string()]);
    }
    if let Some(s) = seed {
        extra.extend(["--seed".into(), s.display().to_string()]);
    }
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let input = input.to_str().unwrap();
    let mut here = vec!["report", input, "--rubric", r, "--format", "json"];
    here.extend(&extra);
    let mut there = vec![
        "report",
        "--from-spark",
        out.to_str().unwrap(),
        "--format",
        "json",
    ];
    there.extend(&extra);
    let a: Value = serde_json::from_str(&corroborate(d, &here)).unwrap();
    let b: Value = serde_json::from_str(&corroborate(d, &there)).unwrap();
    let mut worst = 0.0;
    same("", &a, &b, &mut worst);
    println!(
        "{} ({table:?}): {} iterations, {} claims, {} sources; largest difference of any number {worst:e}",
        Path::new(input).file_name().unwrap().to_string_lossy(),
        a["reliability"]["iterations"],
        a["counts"]["claims"],
        a["counts"]["sources"],
    );
}

/// The default `bayes` as Spark runs it: structured values on, copy detection (refused) off.
const BAYES: &str = "method = \"bayes\"\ncopying = false";
/// And with every question categorical.
const CATEGORICAL: &str = "method = \"bayes\"\ncopying = false\nstructure = false";

#[test]
fn bayes_on_the_flight_set_matches_in_process() {
    let Some(bin) = skip("bayes_on_the_flight_set_matches_in_process") else {
        return;
    };
    let gold = fixture("flight-gold.csv");
    // The prior is learned, as by default; 273 of the 400 questions are times.
    case(&bin, &fixture("flight.csv"), BAYES, Some(&gold), None);
    case(&bin, &fixture("flight.csv"), CATEGORICAL, Some(&gold), None);
}

#[test]
fn structured_values_are_told_apart_and_linked_as_in_process() {
    let Some(bin) = skip("structured_values_are_told_apart_and_linked_as_in_process") else {
        return;
    };
    // Every kind of value and the edges of each parser (see the fixtures' README): the kind of
    // each question, the labels of the categorical ones and each link show in the confidences.
    case(&bin, &fixture("structured.csv"), BAYES, None, None);
}

#[test]
fn bayes_on_the_book_sample_matches_in_process() {
    let Some(bin) = skip("bayes_on_the_book_sample_matches_in_process") else {
        return;
    };
    let gold = fixture("book-gold.csv");
    case(&bin, &fixture("book.csv"), BAYES, Some(&gold), None);
}

/// A synthetic set of about `n` assertions (`corroborate synth`), with its gold file and the gold
/// answers of every tenth question as seeds.
fn synthetic(dir: &Path, n: u64) -> (PathBuf, PathBuf, PathBuf) {
    let n = n.to_string();
    corroborate(
        dir,
        &[
            "synth",
            "--assertions",
            &n,
            "-o",
            "t.csv",
            "--gold",
            "g.csv",
        ],
    );
    let gold = std::fs::read_to_string(dir.join("g.csv")).unwrap();
    let mut lines = gold.lines();
    let mut seeds = format!("{}\n", lines.next().unwrap());
    for l in lines.step_by(10) {
        seeds.push_str(l);
        seeds.push('\n');
    }
    let s = common::write(dir, "s.csv", seeds);
    (dir.join("t.csv"), dir.join("g.csv"), s)
}

#[test]
fn em_and_bayes_with_seeds_on_a_synthetic_set_match_in_process() {
    let Some(bin) = skip("em_and_bayes_with_seeds_on_a_synthetic_set_match_in_process") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (t, g, s) = synthetic(dir.path(), 5000);
    case(&bin, &t, "method = \"em\"", Some(&g), None);
    case(&bin, &t, "method = \"none\"", Some(&g), None);
    case(&bin, &t, BAYES, Some(&g), Some(&s));
}

#[test]
fn both_methods_on_100k_synthetic_assertions_match_in_process() {
    if std::env::var_os("CORROBORATE_SPARK_FULL").is_none() {
        println!("100k assertions: skipped (set CORROBORATE_SPARK_FULL=1 to run it)");
        return;
    }
    let Some(bin) = skip("both_methods_on_100k_synthetic_assertions_match_in_process") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (t, g, _) = synthetic(dir.path(), 100_000);
    case(&bin, &t, "method = \"em\"", Some(&g), None);
    case(&bin, &t, BAYES, Some(&g), None);
}
