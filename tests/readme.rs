//! The README's examples, run against the binary so that they cannot drift.
//!
//! Every ```console block is a session: each `$ COMMAND` line runs (through `sh`, with this build's
//! `corroborate` first on PATH, in a scratch directory that has the repository's `config/`,
//! `seeds/` and `tests/` beside it, standard error merged into standard output), and the lines
//! after it are what it prints. A line that is only `…` stands for any number of lines, and the
//! lines around it must appear in that order; `$ echo $?` prints the exit code of the command before
//! it. A block preceded by `<!-- readme-test: skip -->` is not run (say why beside it). The blocks
//! run in README order in one scratch directory, so a file one block writes (`fitted.toml`) is
//! there for the next.
//!
//! [`PENDING`] lists the blocks (by their first command) whose figures are known to be stale and
//! are being refreshed: they must still fail, so that the list shrinks as soon as one is fixed.
//!
//! To refresh a block after a change of the figures: `README_ACTUAL=1 cargo test --test readme`
//! prints what each failing block's commands print now; paste it over the block, keeping the `…`
//! lines where an excerpt is wanted.

use std::path::Path;
use std::process::Command;

/// Blocks whose figures are known to be stale and are being refreshed (none now): each must still
/// mismatch (the test says when one matches and should leave the list).
const PENDING: &[&str] = &[];

struct Block {
    line: usize,
    steps: Vec<(String, Vec<String>)>,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let lines: Vec<&str> = readme.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() == "```console" {
            let skip = i > 0 && lines[i - 1].starts_with("<!-- readme-test: skip");
            let start = i + 1;
            let mut steps: Vec<(String, Vec<String>)> = Vec::new();
            i += 1;
            while i < lines.len() && lines[i].trim_end() != "```" {
                let l = lines[i];
                if let Some(c) = l.strip_prefix("$ ") {
                    steps.push((c.to_string(), Vec::new()));
                } else if let Some(s) = steps.last_mut() {
                    s.1.push(l.to_string());
                }
                i += 1;
            }
            if !skip {
                out.push(Block { line: start, steps });
            }
        }
        i += 1;
    }
    out
}

/// Whether `actual` shows `expected`: the same lines, `…` matching any run of lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    fn go(e: &[String], a: &[&str]) -> bool {
        match e.split_first() {
            None => a.is_empty(),
            Some((first, rest)) if first.trim() == "…" => {
                (0..=a.len()).any(|k| go(rest, &a[k..]))
            }
            Some((first, rest)) => {
                !a.is_empty() && a[0].trim_end() == first.trim_end() && go(rest, &a[1..])
            }
        }
    }
    go(expected, actual)
}

#[test]
fn every_console_block_of_the_readme_prints_what_it_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("corroborate");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let all = blocks(&readme);
    assert!(all.len() >= 5, "the README's console blocks were not found");
    let mut failures = Vec::new();
    let mut checked = 0;
    let dir = tempfile::tempdir().unwrap();
    for d in ["config", "seeds", "tests"] {
        std::os::unix::fs::symlink(root.join(d), dir.path().join(d)).unwrap();
    }
    for b in &all {
        let pending = b
            .steps
            .first()
            .is_some_and(|(c, _)| PENDING.contains(&c.as_str()));
        let mut ok = true;
        let mut rc = 0;
        for (command, expected) in &b.steps {
            let out = if command.trim() == "echo $?" {
                format!("{rc}\n")
            } else {
                let o = Command::new("sh")
                    .arg("-c")
                    .arg(format!("{command} 2>&1"))
                    .current_dir(dir.path())
                    .env("PATH", &path)
                    .env("COLUMNS", "100")
                    .output()
                    .unwrap();
                rc = o.status.code().unwrap_or(-1);
                String::from_utf8_lossy(&o.stdout).into_owned()
            };
            let actual: Vec<&str> = out.lines().collect();
            if !matches(expected, &actual) {
                ok = false;
                if pending {
                    break;
                }
                let mut msg = format!("README.md:{}: `$ {command}` printed:\n", b.line);
                if std::env::var_os("README_ACTUAL").is_some() {
                    msg.push_str(&out);
                } else {
                    for l in actual.iter().take(12) {
                        msg.push_str(l);
                        msg.push('\n');
                    }
                    msg.push_str("(README_ACTUAL=1 prints all of it)\n");
                }
                failures.push(msg);
                break;
            }
        }
        if pending && ok {
            failures.push(format!(
                "README.md:{}: the block of `{}` matches now: remove it from PENDING in tests/readme.rs",
                b.line, b.steps[0].0
            ));
        }
        checked += usize::from(!pending);
    }
    assert!(checked >= 2, "only {checked} README block(s) checked");
    assert!(
        failures.is_empty(),
        "{} README block(s) do not match:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_matcher() {
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&e(&["a", "…"]), &["a", "b"]));
    assert!(!matches(&e(&["a", "d"]), &["a", "b", "d"]));
    assert!(!matches(&e(&["a", "…", "x"]), &["a", "b"]));
    assert!(matches(&e(&[]), &[]));
}
