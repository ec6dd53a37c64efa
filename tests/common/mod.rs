//! A small harness for end-to-end tests: the binary, a temporary work directory, files in it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `corroborate` binary built by cargo, run in `dir`.
pub fn cmd(dir: &Path) -> Command {
    let mut c = assert_cmd::cargo::cargo_bin_cmd!("corroborate");
    c.current_dir(dir).env_remove("COLUMNS");
    c
}

pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// A small valid ledger that tests change one thing in.
pub const LEDGER: &str = r#"[case]
title = "Test case"

[[sources]]
id = "dod"
name = "Pentagon spokesperson"
kind = "spokesperson"
organisation = "us-dod"
government = "us"

[[sources]]
id = "wire"
name = "A wire agency"
kind = "wire-agency"

[[claims]]
id = "deployed"
statement = "Troops are deployed"

[[reports]]
id = "r1"
claim = "deployed"
source = "dod"
stance = "supports"
stated = 2024-11-04
published = 2024-11-05
via = ["wire"]
"#;

/// Runs the binary in a fresh directory holding `files`, with `args`; returns (exit code, stdout, stderr).
pub fn run(files: &[(&str, &[u8])], args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        write(dir.path(), name, content);
    }
    let out = cmd(dir.path()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
