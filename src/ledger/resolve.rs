//! Resolve: follows `cites` links from every report to the original report it repeats.
//!
//! Iterative and linear in the number of reports, so that a hostile ledger (a chain a million reports
//! deep, or a cycle as long) needs neither deep recursion nor quadratic time.

use super::{Claim, Report};

/// What is wrong with `report` citing `cited`, if anything: a report may only repeat an earlier
/// report about the same claim. Shared by the TOML and bulk loaders.
pub fn cites_problem(report: &Report, cited: &Report, claims: &[Claim]) -> Option<String> {
    if cited.claim != report.claim {
        Some(format!(
            "report `{}` cites `{}`, which is about claim `{}`, not `{}`: expected a report about the same claim",
            report.id, cited.id, claims[cited.claim].id, claims[report.claim].id
        ))
    } else if cited.stated > report.stated {
        Some(format!(
            "report `{}` (stated {}) cites `{}`, stated later on {}: expected the cited report to come first",
            report.id, report.stated, cited.id, cited.stated
        ))
    } else {
        None
    }
}

/// The message for a `cites` cycle, given the ids of the reports on it in citing order; a long
/// cycle is summarised (its first four and last two reports).
pub fn cycle_message(mut ids: Vec<&str>) -> String {
    let n = ids.len();
    let first = ids.first().copied().unwrap_or_default();
    let what = if n > 8 {
        ids = [&ids[..4], &["…"], &ids[n - 2..]].concat();
        format!("relay cycle of {n} reports")
    } else {
        "relay cycle".to_string()
    };
    ids.push(first);
    format!(
        "{what}: {}; expected `cites` chains to end at an original report",
        ids.join(" cites ")
    )
}

/// For each report: the index of its root (the original report) and its relay hops (`via` outlets of
/// it and every report it cites, plus one per `cites` link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chains {
    pub root: Vec<usize>,
    pub hops: Vec<u32>,
}

/// Follows `links[i]` (the report that report `i` cites) to the end. `via_len[i]` is the number of
/// outlets report `i` names. Returns the chains, or every cycle found (each as the reports on it, in
/// citing order, starting from the lowest index reached first).
pub fn resolve_chains(links: &[Option<usize>], via_len: &[u32]) -> Result<Chains, Vec<Vec<usize>>> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let n = links.len();
    let mut state = vec![NEW; n];
    let mut root: Vec<usize> = (0..n).collect();
    let mut hops: Vec<u32> = via_len.to_vec();
    let mut cycles = Vec::new();
    let mut path: Vec<usize> = Vec::new();
    for start in 0..n {
        let mut cur = start;
        loop {
            match state[cur] {
                DONE => break,
                ON_PATH => {
                    // `cur` is on the current path: the part of the path from it is a cycle.
                    let pos = path.iter().rposition(|&x| x == cur).unwrap_or(0);
                    cycles.push(path[pos..].to_vec());
                    for &i in &path {
                        state[i] = DONE;
                    }
                    path.clear();
                    break;
                }
                _ => {
                    state[cur] = ON_PATH;
                    path.push(cur);
                    match links[cur] {
                        Some(next) if next < n => cur = next,
                        _ => break,
                    }
                }
            }
        }
        // Unwind, nearest the root first: each report takes its cited report's root and adds hops.
        while let Some(i) = path.pop() {
            if let Some(j) = links[i].filter(|&j| j < n && j != i) {
                root[i] = root[j];
                hops[i] = hops[j].saturating_add(1).saturating_add(via_len[i]);
            }
            state[i] = DONE;
        }
    }
    if cycles.is_empty() {
        Ok(Chains { root, hops })
    } else {
        Err(cycles)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_end_at_their_root() {
        // 2 cites 1 cites 0; 3 stands alone. via: 0 has 1 outlet, 2 has 2.
        let c = resolve_chains(&[None, Some(0), Some(1), None], &[1, 0, 2, 0]).unwrap();
        assert_eq!(c.root, vec![0, 0, 0, 3]);
        // hops: 0 -> 1; 1 -> 1 + 1 + 0 = 2; 2 -> 2 + 1 + 2 = 5.
        assert_eq!(c.hops, vec![1, 2, 5, 0]);
    }

    #[test]
    fn finds_each_cycle_once() {
        // 0 -> 1 -> 2 -> 0, and 3 -> 1 leads into it.
        let e = resolve_chains(&[Some(1), Some(2), Some(0), Some(1)], &[0; 4]).unwrap_err();
        assert_eq!(e, vec![vec![0, 1, 2]]);
        let self_cite = resolve_chains(&[Some(0)], &[0]).unwrap_err();
        assert_eq!(self_cite, vec![vec![0]]);
    }

    #[test]
    fn a_chain_a_million_deep_needs_no_recursion() {
        let n = 1_000_000;
        // Report i cites report i - 1; the root is report 0, visited last from the deepest start.
        let links: Vec<Option<usize>> = (0..n).map(|i: usize| i.checked_sub(1)).collect();
        let c = resolve_chains(&links, &vec![0; n]).unwrap();
        assert!(c.root.iter().all(|&r| r == 0));
        assert_eq!(c.hops[n - 1], (n - 1) as u32);
        // The same chain closed into a cycle a million long.
        let mut cyclic = links;
        cyclic[0] = Some(n - 1);
        let e = resolve_chains(&cyclic, &vec![0; n]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].len(), n);
    }
}
