//! The hostile-input corpus: every file in tests/hostile/ is checked by the binary, and what it prints
//! must equal the file's `.expected` twin exactly (exit 0 when that starts with `ok:`, else exit 2).
//! Files named `rubric-*` are checked as rubrics, `draft-*` are articles drafted into a ledger that
//! must be valid, the others are checked as ledgers. Nothing may panic, overflow
//! the stack or hang. A few inputs are made at test time rather than committed (a 100 MB file, a
//! directory, a missing file).

mod common;
use std::path::Path;

use common::cmd;

fn check(args: &[&str]) -> (i32, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = cmd(root).args(args).output().unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn every_hostile_file_gets_its_expected_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".expected") && !n.starts_with("draft-"))
        .collect();
    names.sort();
    assert!(names.len() >= 40, "the corpus has {} files", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let rel = format!("tests/hostile/{name}");
        let args: Vec<&str> = if name.starts_with("rubric-") {
            vec!["check", "--rubric", &rel, "tests/hostile/bom.toml"]
        } else {
            vec!["check", &rel]
        };
        let (code, got) = check(&args);
        let expected_path = dir.join(format!("{name}.expected"));
        if std::env::var_os("HOSTILE_BLESS").is_some() {
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!("{name}: no {name}.expected (run with HOSTILE_BLESS=1 to write it, then review)")
        });
        let want_code = if expected.starts_with("ok:") { 0 } else { 2 };
        if got != expected || code != want_code || got.contains("panicked") {
            failures.push(format!(
                "--- {name} (exit {code}, want {want_code})\n{got}--- expected\n{expected}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_100_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.toml");
    std::fs::File::create(&p)
        .unwrap()
        .set_len(100 * 1_048_576)
        .unwrap();
    let out = cmd(dir.path())
        .args(["check", "huge.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: is 100.0 MiB; expected a TOML file of at most 64 MiB (use CSV or JSON Lines for bulk ledgers)\n  --> huge.toml\n"
    );
}

#[test]
fn a_directory_or_a_missing_file() {
    let (code, got) = check(&["check", "tests"]);
    assert_eq!(
        (code, got.as_str()),
        (
            2,
            "error: is a directory; expected a TOML file\n  --> tests\n"
        )
    );
    let (code, got) = check(&["report", "--rubric", "no/such/rubric.toml"]);
    assert_eq!(
        (code, got.as_str()),
        (
            2,
            "error: cannot read the file: no such file\n  --> no/such/rubric.toml\n"
        )
    );
}

/// Runs the binary in `dir` with `args` (standard input from `stdin`, if given): exit code, stderr.
fn refused_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> (i32, String) {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_corroborate"));
    c.current_dir(dir).env_remove("COLUMNS").args(args);
    if let Some(path) = stdin {
        // A file handle, not its contents (assert_cmd's `pipe_stdin` would read all of it first).
        c.stdin(std::fs::File::open(path).unwrap());
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `/dev/zero` (endless NUL bytes, size 0) as every kind of input: each reader stops at its cap on
/// the bytes actually read, or at its cap on a line, with the file, the line and the limit.
#[cfg(unix)]
#[test]
fn dev_zero_as_every_kind_of_input() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("t.csv"), "source,question,value\ns,q,v\n").unwrap();
    let line = |file: &str| {
        format!(
            "error: line longer than 1 MiB: expected lines (records) of at most 1 MiB each\n  --> {file}:1\n"
        )
    };
    let toml = |file: &str| {
        format!(
            "error: more than 64 MiB read: expected a TOML file of at most 64 MiB\n  --> {file}:1\n"
        )
    };
    let rubric =
        "error: more than 1 MiB read: expected a rubric file of at most 1 MiB\n  --> /dev/zero:1\n";
    let cases: Vec<(Vec<&str>, Option<&str>, String)> = vec![
        (
            vec!["check", "--input-format", "csv", "/dev/zero"],
            None,
            line("/dev/zero"),
        ),
        (
            vec!["check", "--input-format", "tsv", "/dev/zero"],
            None,
            line("/dev/zero"),
        ),
        (
            vec!["report", "--input-format", "jsonl", "/dev/zero"],
            None,
            line("/dev/zero"),
        ),
        (
            vec!["timeline", "x", "--input-format", "toml", "/dev/zero"],
            None,
            toml("/dev/zero"),
        ),
        (
            vec!["check", "--input-format", "toml", "-"],
            Some("/dev/zero"),
            toml("<stdin>"),
        ),
        (
            vec!["report", "--input-format", "csv", "-"],
            Some("/dev/zero"),
            line("<stdin>"),
        ),
        (
            vec!["check", "--rubric", "/dev/zero"],
            None,
            rubric.to_string(),
        ),
        (
            vec!["report", "--rubric", "-"],
            Some("/dev/zero"),
            rubric.replace("/dev/zero", "<stdin>"),
        ),
        (
            vec!["report", "--input-format", "csv", "t.csv", "--gold", "-"],
            Some("/dev/zero"),
            line("<stdin>"),
        ),
    ];
    for (args, stdin, want) in cases {
        let (code, err) = refused_in(p, &args, stdin);
        assert_eq!((code, err.as_str()), (2, want.as_str()), "{args:?}");
    }
    // Two rubrics, both endless.
    let (code, err) = refused_in(p, &["compare", "/dev/zero", "/dev/zero"], None);
    assert_eq!(code, 2);
    assert_eq!(err, format!("{rubric}{rubric}2 problems found\n"));
    // An article to draft from.
    let (code, err) = refused_in(p, &["draft", "/dev/zero"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("expected a news article of at most 16 MiB"),
        "{err}"
    );
}

/// A header of 130,000 columns whose last repeats the first: the duplicate is found (in linear
/// time: the check used to compare every pair, over 30 s), and a longer header stops at the line
/// cap.
#[test]
fn a_header_of_a_hundred_thousand_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut header: Vec<String> = ["claim", "source", "stated"].map(String::from).to_vec();
    header.extend((0..130_000).map(|i| format!("c{i}")));
    header.push("claim".into());
    common::write(dir.path(), "wide.csv", header.join(",") + "\n");
    let (code, err) = refused_in(dir.path(), &["check", "wide.csv"], None);
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "error: duplicate column `claim`: expected each column once\n  --> wide.csv:1\n"
        )
    );
    header.extend((0..100_000).map(|i| format!("d{i}")));
    common::write(dir.path(), "wider.tsv", header.join("\t") + "\n");
    let (code, err) = refused_in(dir.path(), &["report", "wider.tsv"], None);
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "error: line longer than 1 MiB: expected lines (records) of at most 1 MiB each\n  --> wider.tsv:1\n"
        )
    );
}

/// Articles that once drafted into an invalid ledger (found by fuzzing `draft_text`): the draft of
/// each must pass `check`.
#[test]
fn every_hostile_article_drafts_a_valid_ledger() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(root.join("tests/hostile"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("draft-"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let out = tempfile::tempdir().unwrap();
    for name in names {
        let draft = out.path().join(format!("{name}.toml"));
        let (code, got) = check(&[
            "draft",
            &format!("tests/hostile/{name}"),
            "--published",
            "2024-12-03",
            "-o",
            draft.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{name}: {got}");
        let (code, got) = check(&["check", draft.to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: the draft is refused: {got}");
    }
}
