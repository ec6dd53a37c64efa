//! The output of the Spark job read back into a triples data set and what was learned from it, for
//! the usual renderers (`report --from-spark DIR`).
//!
//! The job writes, besides its Parquet, `DIR/corroborate/{summary,sources,claims}/part-*.csv` (Spark
//! writes a folder of part files per table, and `_SUCCESS` when the table is complete), every
//! number to 17 significant digits so that it gives back the job's double. Reading CSV keeps the
//! project free of a Parquet reader (the `parquet` and `arrow` crates would add far more than the
//! rest of the project's dependencies together).
//!
//! What the output holds is what the report shows: each claim's question, value, confidence and
//! number of sources, and each source's counts and posterior. It does not say which sources assert
//! which claim (that is the input again); the data set read back therefore has a graph of the
//! claims' shape only (every claim has its number of sources, all recorded as source 0), and every
//! per-source figure comes from the sources table, never from that graph.

use std::path::{Path, PathBuf};

use crate::bulk::at_line;
use crate::bulk::csvin::CsvIn;
use crate::bulk::triples::{Names, Triples};
use crate::error::{Diagnostic, Error, Result};
use crate::learn::bayes::BayesInfo;
use crate::learn::values::KindCounts;
use crate::learn::{Graph, LearnMethod, Learned, Params, SourceReliability, beta_interval};
use crate::text::bounded;

/// One run of the job, read back.
#[derive(Debug, Clone)]
pub struct SparkRun {
    pub data: Triples,
    pub params: Params,
    pub learned: Learned,
    pub sources: Vec<SourceReliability>,
    pub rubric: String,
    /// The name of the seed file the job learned from, and how many of its questions it found.
    pub seeds: Option<(String, usize)>,
}

const SUMMARY: [&str; 29] = [
    "method",
    "iterations",
    "converged",
    "tolerance",
    "max_iterations",
    "prior_a",
    "prior_b",
    "alternatives",
    "rubric",
    "interval",
    "input",
    "reports",
    "pairs",
    "questions",
    "claims",
    "sources",
    "values",
    "seed_file",
    "seeded",
    "fitted_a",
    "fitted_b",
    "prior_learned",
    "concentration",
    "labels",
    "structure",
    "kind_time",
    "kind_date",
    "kind_number",
    "kind_list",
];
const SOURCES: [&str; 7] = [
    "source",
    "claims",
    "correct",
    "reliability",
    "alpha",
    "beta",
    "trust",
];
const CLAIMS: [&str; 4] = ["question", "value", "confidence", "sources"];

fn not_output(dir: &Path, why: &str) -> Error {
    Error::Usage(format!(
        "`{}` is not the output of a corroborate Spark job ({why}): expected the folder given to `spark-submit job.py --output DIR`, holding corroborate/summary, corroborate/sources and corroborate/claims",
        bounded(&dir.display().to_string())
    ))
}

/// The part files of one table, in name order, once the table is complete.
fn parts(dir: &Path, table: &str) -> Result<Vec<PathBuf>> {
    let folder = dir.join("corroborate").join(table);
    let entries = std::fs::read_dir(&folder)
        .map_err(|_| not_output(dir, &format!("no folder corroborate/{table}")))?;
    if !folder.join("_SUCCESS").is_file() {
        return Err(Error::input(Diagnostic::file(
            &folder.display().to_string(),
            "has no `_SUCCESS` marker: expected the complete output of a job that finished (it failed, or is still writing)",
        )));
    }
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("part-") && n.ends_with(".csv"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Reads every record of a table: the values of `columns`, in that order, with the file name and
/// line of each record.
fn records(dir: &Path, table: &str, columns: &[&str]) -> Result<Vec<(String, u64, Vec<String>)>> {
    let mut out = Vec::new();
    for file in parts(dir, table)? {
        let opened = crate::read::open(&file, "a Spark output table").map_err(Error::input)?;
        let mut t = CsvIn::new(opened, b',').map_err(Error::input)?;
        let mut sorted_have = t.columns.clone();
        sorted_have.sort();
        let mut sorted_want: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        sorted_want.sort();
        if sorted_have != sorted_want {
            // Name what differs: the whole list is too long to read in a message.
            let missing: Vec<&str> = columns
                .iter()
                .copied()
                .filter(|c| !t.columns.iter().any(|h| h == c))
                .collect();
            let extra: Vec<&str> = t
                .columns
                .iter()
                .map(String::as_str)
                .filter(|h| !columns.contains(h))
                .collect();
            // (The error printer cuts a long value and says how long it was.)
            let list = |v: &[&str]| v.join(",");
            let mut what = Vec::new();
            if !missing.is_empty() {
                what.push(format!("lacks `{}`", list(&missing)));
            }
            if !extra.is_empty() {
                what.push(format!("has unknown `{}`", list(&extra)));
            }
            if what.is_empty() {
                what.push("names a column twice".to_string());
            }
            return Err(Error::input(at_line(
                &t.name,
                1,
                format!(
                    "unrecognised columns of corroborate/{table}: it {}: expected the {} columns that this version's job writes (an output of an older job: run `spark-job` and the job again)",
                    what.join(" and "),
                    columns.len()
                ),
            )));
        }
        let index: Vec<usize> = columns
            .iter()
            .map(|c| t.column(c).unwrap_or_default())
            .collect();
        while t.advance().map_err(Error::input)? {
            let mut values = Vec::with_capacity(index.len());
            for &i in &index {
                values.push(t.str(i).map_err(Error::input)?.to_string());
            }
            out.push((t.name.clone(), t.line(), values));
        }
    }
    Ok(out)
}

/// A value of a record parsed as `T`, or an error naming the file, line, column and value.
fn parse<T: std::str::FromStr>(
    rec: &(String, u64, Vec<String>),
    columns: &[&str],
    i: usize,
    expected: &str,
) -> Result<T> {
    let v = &rec.2[i];
    v.parse::<T>().map_err(|_| {
        Error::input(at_line(
            &rec.0,
            rec.1,
            format!("`{}` is `{}`: expected {expected}", columns[i], bounded(v)),
        ))
    })
}

/// A finite number within [lo, hi].
fn number(
    rec: &(String, u64, Vec<String>),
    columns: &[&str],
    i: usize,
    lo: f64,
    hi: f64,
) -> Result<f64> {
    let expected = format!("a number from {lo} to {hi}");
    let x: f64 = parse(rec, columns, i, &expected)?;
    if !(x.is_finite() && x >= lo && x <= hi) {
        return Err(Error::input(at_line(
            &rec.0,
            rec.1,
            format!(
                "`{}` is `{}`: expected {expected}",
                columns[i],
                bounded(&rec.2[i])
            ),
        )));
    }
    Ok(x)
}

/// A disagreement between two tables of the output.
fn inconsistent(file: &str, what: String) -> Error {
    Error::input(Diagnostic::file(file, what))
}

/// The job's summary.
struct Summary {
    file: String,
    method: LearnMethod,
    iterations: u32,
    converged: bool,
    params: Params,
    rubric: String,
    interval: f64,
    input: String,
    reports: u64,
    pairs: u64,
    questions: usize,
    claims: usize,
    sources: usize,
    seed_file: String,
    seeded: usize,
    fitted: (f64, f64),
    prior_learned: bool,
    concentration: f64,
    labels: u32,
    kinds: KindCounts,
}

fn summary(dir: &Path) -> Result<Summary> {
    let recs = records(dir, "summary", &SUMMARY)?;
    let [rec] = recs.as_slice() else {
        let file = dir.join("corroborate/summary").display().to_string();
        return Err(inconsistent(
            &file,
            format!(
                "holds {} rows: expected the one row of the job's summary",
                recs.len()
            ),
        ));
    };
    let c = &SUMMARY;
    let boolean = |i: usize| parse::<bool>(rec, c, i, "true or false");
    let method_text = &rec.2[0];
    let method = LearnMethod::parse(method_text)
        .filter(|m| super::METHODS.contains(m))
        .ok_or_else(|| {
            Error::input(at_line(
                &rec.0,
                rec.1,
                format!(
                    "`method` is `{}`: expected `bayes`, `em` or `none`",
                    bounded(method_text)
                ),
            ))
        })?;
    let count = |i: usize| parse::<u64>(rec, c, i, "a whole number of at least 0");
    let max_iterations = parse::<u32>(rec, c, 4, "a whole number of at least 1")?;
    let params = Params {
        method,
        tolerance: number(rec, c, 3, 0.0, f64::MAX)?,
        max_iterations: Some(max_iterations),
        prior_a: number(rec, c, 5, 0.0, f64::MAX)?,
        prior_b: number(rec, c, 6, 0.0, f64::MAX)?,
        learn_prior: boolean(21)?,
        copying: false,
        structure: boolean(24)?,
        alternatives: parse::<u32>(rec, c, 7, "a whole number of at least 0")?,
    };
    let to_usize = |x: u64| usize::try_from(x).unwrap_or(usize::MAX);
    let questions = to_usize(count(13)?);
    Ok(Summary {
        file: rec.0.clone(),
        method,
        iterations: parse::<u32>(rec, c, 1, "a whole number of at least 0")?,
        converged: boolean(2)?,
        params,
        rubric: rec.2[8].clone(),
        interval: number(rec, c, 9, 0.0, 1.0)?,
        input: rec.2[10].clone(),
        reports: count(11)?,
        pairs: count(12)?,
        questions,
        claims: to_usize(count(14)?),
        sources: to_usize(count(15)?),
        seed_file: rec.2[17].clone(),
        seeded: to_usize(count(18)?),
        fitted: (
            number(rec, c, 19, 0.0, f64::MAX)?,
            number(rec, c, 20, 0.0, f64::MAX)?,
        ),
        prior_learned: boolean(21)?,
        concentration: number(rec, c, 22, 0.0, f64::MAX)?,
        labels: parse::<u32>(rec, c, 23, "a whole number of at least 0")?,
        kinds: {
            let k = |i: usize| count(i).map(to_usize);
            let (time, date, number, list) = (k(25)?, k(26)?, k(27)?, k(28)?);
            let structured = [time, date, number, list]
                .iter()
                .try_fold(0usize, |a, &b| a.checked_add(b));
            let Some(categorical) = structured.and_then(|n| questions.checked_sub(n)) else {
                return Err(inconsistent(
                    &rec.0,
                    format!(
                        "counts more questions by kind than its {questions} questions: expected the summary of one run"
                    ),
                ));
            };
            KindCounts {
                categorical,
                time,
                date,
                number,
                list,
            }
        },
    })
}

/// One source as the job wrote it.
struct SourceRow {
    name: String,
    claims: u64,
    correct: f64,
    reliability: f64,
    alpha: f64,
    beta: f64,
    trust: f64,
}

/// One claim as the job wrote it.
struct ClaimRow {
    question: String,
    value: String,
    confidence: f64,
    sources: u32,
}

/// Reads the job's output folder.
pub fn read(dir: &Path) -> Result<SparkRun> {
    if !dir.is_dir() {
        return Err(not_output(dir, "no such folder"));
    }
    let sum = summary(dir)?;
    let c = &SOURCES;
    let mut sources = Vec::new();
    for rec in records(dir, "sources", c)? {
        sources.push(SourceRow {
            name: rec.2[0].clone(),
            claims: parse(&rec, c, 1, "a whole number of at least 1")?,
            correct: number(&rec, c, 2, 0.0, f64::MAX)?,
            reliability: number(&rec, c, 3, 0.0, 1.0)?,
            alpha: number(&rec, c, 4, 0.0, f64::MAX)?,
            beta: number(&rec, c, 5, 0.0, f64::MAX)?,
            trust: number(&rec, c, 6, 0.0, 1.0)?,
        });
    }
    let c = &CLAIMS;
    let mut claims = Vec::new();
    for rec in records(dir, "claims", c)? {
        claims.push(ClaimRow {
            question: rec.2[0].clone(),
            value: rec.2[1].clone(),
            confidence: number(&rec, c, 2, 0.0, 1.0)?,
            sources: parse(&rec, c, 3, "a whole number of at least 1")?,
        });
    }
    build(dir, sum, sources, claims)
}

fn build(
    dir: &Path,
    sum: Summary,
    mut sources: Vec<SourceRow>,
    mut claims: Vec<ClaimRow>,
) -> Result<SparkRun> {
    let claims_dir = dir.join("corroborate/claims").display().to_string();
    let sources_dir = dir.join("corroborate/sources").display().to_string();
    // Byte order of the texts, as the in-process reader orders them.
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(w) = sources.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(inconsistent(
            &sources_dir,
            format!(
                "names source `{}` twice: expected each source once",
                bounded(&w[0].name)
            ),
        ));
    }
    claims.sort_by(|a, b| (&a.question, &a.value).cmp(&(&b.question, &b.value)));
    if let Some(w) = claims
        .windows(2)
        .find(|w| w[0].question == w[1].question && w[0].value == w[1].value)
    {
        return Err(inconsistent(
            &claims_dir,
            format!(
                "names question `{}` value `{}` twice: expected each claim once",
                bounded(&w[0].question),
                bounded(&w[0].value)
            ),
        ));
    }
    let pairs: u64 = claims.iter().map(|c| u64::from(c.sources)).sum();
    let per_source: u64 = sources.iter().map(|s| s.claims).sum();
    for (what, have, want) in [
        ("sources", sources.len() as u64, sum.sources as u64),
        ("claims", claims.len() as u64, sum.claims as u64),
        ("(source, claim) pairs", pairs, sum.pairs),
        ("source claims", per_source, sum.pairs),
    ] {
        if have != want {
            return Err(inconsistent(
                &sum.file,
                format!(
                    "says {want} {what}, but the tables hold {have}: expected the tables of one run"
                ),
            ));
        }
    }
    if u32::try_from(pairs).is_err() || u32::try_from(claims.len()).is_err() {
        return Err(inconsistent(
            &claims_dir,
            format!(
                "holds {pairs} (source, claim) pairs: expected at most {} to render on one machine",
                u32::MAX
            ),
        ));
    }
    let mut values: Vec<&str> = claims.iter().map(|c| c.value.as_str()).collect();
    values.sort_unstable();
    values.dedup();
    let claim_value: Vec<u32> = claims
        .iter()
        .map(|c| values.binary_search(&c.value.as_str()).unwrap_or_default() as u32)
        .collect();
    let mut q_ptr = vec![0u32];
    let mut question_names: Vec<&str> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        if question_names.last() != Some(&c.question.as_str()) {
            if i > 0 {
                q_ptr.push(i as u32);
            }
            question_names.push(&c.question);
        }
    }
    if !claims.is_empty() {
        q_ptr.push(claims.len() as u32);
    }
    if question_names.len() != sum.questions {
        return Err(inconsistent(
            &sum.file,
            format!(
                "says {} questions, but the claims hold {}: expected the tables of one run",
                sum.questions,
                question_names.len()
            ),
        ));
    }
    let mut c_ptr = Vec::with_capacity(claims.len() + 1);
    c_ptr.push(0u32);
    let mut acc = 0u32;
    for c in &claims {
        acc += c.sources;
        c_ptr.push(acc);
    }
    // The claims' shape only (see the module documentation).
    let c_src = vec![0u32; acc as usize];
    let graph = Graph::from_claim_lists(sources.len(), q_ptr, c_ptr, c_src);
    let data = Triples {
        inputs: vec![sum.input.clone()],
        sources: sources.iter().map(|s| s.name.as_str()).collect::<Names>(),
        questions: question_names.into_iter().collect::<Names>(),
        values: values.into_iter().collect::<Names>(),
        claim_value,
        graph,
        rows: sum.reports,
    };
    let level = sum.interval;
    let reliability: Vec<SourceReliability> = sources
        .iter()
        .map(|s| {
            // As learn::source_reliability: the central interval of the source's Beta, widened to
            // hold its reliability.
            let (low, high) = beta_interval(s.alpha, s.beta, level);
            SourceReliability {
                claims: usize::try_from(s.claims).unwrap_or(usize::MAX),
                correct: s.correct,
                reliability: s.reliability,
                low: low.min(s.reliability),
                high: high.max(s.reliability),
                level,
                trust: s.trust,
            }
        })
        .collect();
    let bayes = (sum.method == LearnMethod::Bayes).then(|| {
        Box::new(BayesInfo {
            prior: sum.fitted,
            prior_learned: sum.prior_learned,
            concentration: sum.concentration,
            labels: (sum.labels > 0).then_some(sum.labels),
            posterior: sources.iter().map(|s| (s.alpha, s.beta)).collect(),
            dependence: None,
            copy_rounds: 0,
            copy_settled: sum.converged,
            kinds: sum.kinds,
            seeded: sum.seeded,
        })
    });
    let learned = Learned {
        method: sum.method,
        iterations: sum.iterations,
        converged: sum.converged,
        confidence: claims.iter().map(|c| c.confidence).collect(),
        trust: sources.iter().map(|s| s.trust).collect(),
        correct: Some(sources.iter().map(|s| s.correct).collect()),
        bayes,
    };
    Ok(SparkRun {
        data,
        params: sum.params,
        learned,
        sources: reliability,
        rubric: sum.rubric,
        seeds: (!sum.seed_file.is_empty()).then(|| (sum.seed_file.clone(), sum.seeded)),
    })
}
