//! The hostile-input corpus: every file in tests/hostile/ is checked by the binary, and what it prints
//! must equal the file's `.expected` twin exactly (exit 0 when that starts with `ok:`, else exit 2).
//! Files named `rubric-*` are checked as rubrics, the others as ledgers. Nothing may panic, overflow
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
        .filter(|n| !n.ends_with(".expected"))
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
