//! `report --from-spark DIR`: the triples report of a Spark job's output (see [`crate::spark`]),
//! rendered as `report` renders triples learned in process, with `--gold` and `--seed` meaning
//! what they mean there.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::report::{ReportPlan, triples_format, write_triples};
use crate::bulk::gold;
use crate::error::{Error, Result};
use crate::learn::accuracy;
use crate::score::triples::{GoldSummary, TriplesScore};
use crate::text::bounded;

pub fn run(p: &ReportPlan, dir: &Path, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    triples_format(p.format)?;
    let run = crate::spark::output::read(dir)?;
    let load = |f: &PathBuf| -> Result<_> {
        let g = gold::load_gold(f, None)?;
        let answers = gold::resolve(&g, &run.data);
        Ok((g.name, answers))
    };
    let gold = p.gold.as_ref().map(load).transpose()?;
    let seeds = p.seed.as_ref().map(load).transpose()?;
    let shown = bounded(&dir.display().to_string());
    let seed_list: Vec<u32> = seeds
        .iter()
        .flat_map(|(_, a)| a.iter().filter_map(|a| a.question))
        .collect();
    match (&run.seeds, &seeds) {
        (Some((file, n)), None) => {
            return Err(Error::Usage(format!(
                "`{shown}` was learned with the known answers of `{}` ({n} questions): expected the same file as --seed, so that accuracy leaves those questions out",
                bounded(file)
            )));
        }
        (None, Some((name, _))) => {
            return Err(Error::Usage(format!(
                "--seed `{}`: the job of `{shown}` learned without known answers: expected the job to be run with `--seed` to learn from them",
                bounded(name)
            )));
        }
        (Some((file, n)), Some((name, _))) if seed_list.len() != *n => {
            return Err(Error::Usage(format!(
                "--seed `{}` has {} questions of the data, but the job of `{shown}` learned from {n} (of `{}`): expected the file the job was given",
                bounded(name),
                seed_list.len(),
                bounded(file)
            )));
        }
        _ => {}
    }
    let g = &run.data.graph;
    let mut seeded = vec![
        false;
        if seed_list.is_empty() {
            0
        } else {
            g.n_questions()
        }
    ];
    for &q in &seed_list {
        seeded[q as usize] = true;
    }
    let accuracy = gold.map(|(file, answers)| GoldSummary {
        file,
        accuracy: accuracy(g, &run.learned.confidence, &answers, &seeded),
    });
    let scored = TriplesScore {
        data: &run.data,
        rubric: run.rubric.clone(),
        params: run.params,
        learned: run.learned.clone(),
        sources: run.sources.clone(),
        accuracy,
        seeds: seeds.map(|(name, _)| (name, seed_list.len())),
    };
    write_triples(p, protected, &scored, out)
}
