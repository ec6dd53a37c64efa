//! One loader for every command: each command that takes ledgers reads a bulk ledger (CSV, TSV,
//! JSON Lines) exactly as the same ledger in TOML, and standard input (`-`) for any input, TOML and
//! the rubric included; `-o -` is standard output.

mod common;
use common::{cmd, write};

/// One case, in TOML and as the three files of a bulk ledger.
const TOML: &str = r#"[[sources]]
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
resolution = { outcome = true, date = 2024-12-01 }

[[claims]]
id = "withdrawn"
statement = "Troops are withdrawn"

[[reports]]
id = "r1"
claim = "deployed"
source = "dod"
stance = "supports"
stated = 2024-11-04
published = 2024-11-05
via = ["wire"]

[[reports]]
id = "r2"
claim = "deployed"
source = "wire"
stance = "supports"
stated = 2024-11-20

[[reports]]
id = "r3"
claim = "withdrawn"
source = "wire"
stance = "refutes"
stated = 2024-11-21
"#;

const SOURCES: &str = "id,name,kind,organisation,government
dod,Pentagon spokesperson,spokesperson,us-dod,us
wire,A wire agency,wire-agency,,
";
const CLAIMS: &str = "id,statement,outcome,resolved
deployed,Troops are deployed,true,2024-12-01
withdrawn,Troops are withdrawn,,
";
const REPORTS: &str = "id,claim,source,stance,stated,published,via
r1,deployed,dod,supports,2024-11-04,2024-11-05,wire
r2,deployed,wire,supports,2024-11-20,,
r3,withdrawn,wire,refutes,2024-11-21,,
";

fn case() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "case.toml", TOML);
    write(dir.path(), "sources.csv", SOURCES);
    write(dir.path(), "claims.csv", CLAIMS);
    write(dir.path(), "reports.csv", REPORTS);
    write(dir.path(), "sources.tsv", SOURCES.replace(',', "\t"));
    write(dir.path(), "claims.tsv", CLAIMS.replace(',', "\t"));
    write(dir.path(), "reports.tsv", REPORTS.replace(',', "\t"));
    write(
        dir.path(),
        "reports.jsonl",
        concat!(
            r#"{"id": "r1", "claim": "deployed", "source": "dod", "stance": "supports", "stated": "2024-11-04", "published": "2024-11-05", "via": ["wire"]}"#,
            "\n",
            r#"{"id": "r2", "claim": "deployed", "source": "wire", "stance": "supports", "stated": "2024-11-20"}"#,
            "\n",
            r#"{"id": "r3", "claim": "withdrawn", "source": "wire", "stance": "refutes", "stated": "2024-11-21"}"#,
            "\n"
        ),
    );
    write(
        dir.path(),
        "sources.jsonl",
        concat!(
            r#"{"id": "dod", "name": "Pentagon spokesperson", "kind": "spokesperson", "organisation": "us-dod", "government": "us"}"#,
            "\n",
            r#"{"id": "wire", "name": "A wire agency", "kind": "wire-agency"}"#,
            "\n"
        ),
    );
    write(
        dir.path(),
        "claims.jsonl",
        concat!(
            r#"{"id": "deployed", "statement": "Troops are deployed", "outcome": true, "resolved": "2024-12-01"}"#,
            "\n",
            r#"{"id": "withdrawn", "statement": "Troops are withdrawn"}"#,
            "\n"
        ),
    );
    dir
}

fn stdout(dir: &std::path::Path, args: &[&str]) -> String {
    let out = cmd(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every command's output on the TOML ledger, with the ledger's name as `LEDGER`.
fn outputs(dir: &std::path::Path, ledger: &[&str]) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (from, to) in [("default.toml", "r1.toml"), ("sceptical.toml", "r2.toml")] {
        std::fs::copy(root.join("config").join(from), dir.join(to)).unwrap();
    }
    let commands: Vec<Vec<&str>> = vec![
        vec!["report", "--format", "json"],
        vec!["report", "--format", "csv"],
        vec!["report", "--width", "120"],
        vec!["explain", "deployed"],
        vec!["timeline", "deployed", "--format", "json"],
        vec!["sources", "--format", "json"],
        vec!["export", "--to", "stix"],
        vec!["calibrate", "--format", "json", "--resamples", "50"],
        vec!["sensitivity", "--format", "json"],
        vec![
            "compare",
            "r1.toml",
            "r2.toml",
            "--format",
            "json",
            "--resamples",
            "50",
        ],
    ];
    commands
        .into_iter()
        .map(|mut args| {
            args.extend_from_slice(ledger);
            one_name(&stdout(dir, &args), ledger)
        })
        .collect()
}

/// `text` with the list of ledger names (joined by `, ` in tables, a JSON array in JSON) as one
/// name, `LEDGER`.
fn one_name(text: &str, ledger: &[&str]) -> String {
    let mut s = text.replace(&ledger.join(", "), "LEDGER");
    for name in ledger {
        s = s.replace(&format!("\"{name}\""), "\"LEDGER\"");
    }
    loop {
        let Some(i) = s.find("\"LEDGER\",") else {
            return s;
        };
        let rest = &s[i + 9..];
        let next = rest.trim_start();
        if !next.starts_with("\"LEDGER\"") {
            // Another kind of list: leave it, look further on.
            let (head, tail) = s.split_at(i + 9);
            return format!("{head}{}", one_name(tail, ledger));
        }
        let skipped = rest.len() - next.len();
        s.replace_range(i + 8..i + 9 + skipped + 8, "");
    }
}

#[test]
fn every_command_reads_a_bulk_ledger_as_the_same_ledger_in_toml() {
    let dir = case();
    let toml = outputs(dir.path(), &["case.toml"]);
    for files in [
        ["sources.csv", "claims.csv", "reports.csv"],
        ["sources.tsv", "claims.tsv", "reports.tsv"],
        ["sources.jsonl", "claims.jsonl", "reports.jsonl"],
    ] {
        let bulk = outputs(dir.path(), &files);
        for (t, b) in toml.iter().zip(&bulk) {
            assert_eq!(t, b, "{files:?}");
        }
    }
    // `fit` reads it too: it then says how few resolved claims there are.
    let out = cmd(dir.path())
        .args([
            "fit",
            "sources.csv",
            "claims.csv",
            "reports.csv",
            "-o",
            "f.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error: cannot fit honestly:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_names_what_it_read() {
    let dir = case();
    assert_eq!(
        stdout(
            dir.path(),
            &["check", "sources.csv", "claims.csv", "reports.csv"]
        ),
        "ok: 3 bulk ledger file(s): 2 sources, 0 questions, 2 claims, 3 reports; rubric `default`\n"
    );
    assert_eq!(
        stdout(dir.path(), &["check", "case.toml"]),
        "ok: 1 ledger file(s): 2 sources, 0 questions, 2 claims, 3 reports; rubric `default`\n"
    );
}

#[test]
fn standard_input_for_every_input() {
    let dir = case();
    let p = dir.path();
    let by_file = stdout(p, &["report", "case.toml", "--format", "json"]);
    let piped = cmd(p)
        .args(["report", "-", "--input-format", "toml", "--format", "json"])
        .write_stdin(TOML)
        .output()
        .unwrap();
    assert!(piped.status.success(), "{piped:?}");
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), by_file);
    // A bulk reports file on standard input, beside the other two files.
    let piped = cmd(p)
        .args([
            "report",
            "sources.csv",
            "claims.csv",
            "-",
            "--input-format",
            "csv",
            "--format",
            "json",
        ])
        .write_stdin(REPORTS)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), by_file);
    // The rubric on standard input.
    let rubric = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/sceptical.toml"),
    )
    .unwrap();
    write(p, "sceptical.toml", &rubric);
    let by_file = stdout(
        p,
        &[
            "timeline",
            "deployed",
            "case.toml",
            "--rubric",
            "sceptical.toml",
        ],
    );
    let piped = cmd(p)
        .args(["timeline", "deployed", "case.toml", "--rubric", "-"])
        .write_stdin(rubric.clone())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), by_file);
    // `fit` reads its rubric once, also from standard input.
    let piped = cmd(p)
        .args(["fit", "case.toml", "--rubric", "-", "-o", "f.toml"])
        .write_stdin(rubric)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&piped.stderr).starts_with("error: cannot fit honestly:"),
        "{piped:?}"
    );
}

#[test]
fn standard_input_is_read_once() {
    let dir = case();
    let out = cmd(dir.path())
        .args(["report", "-", "--rubric", "-", "--input-format", "toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: standard input (`-`) is given as 2 inputs: expected it for one input at most (it can be read only once)\n"
    );
}

#[test]
fn dash_o_dash_is_standard_output() {
    let dir = case();
    let p = dir.path();
    let plain = stdout(p, &["report", "case.toml", "--format", "csv"]);
    assert_eq!(
        stdout(p, &["report", "case.toml", "--format", "csv", "-o", "-"]),
        plain
    );
    assert_eq!(
        stdout(p, &["sources", "case.toml", "-o", "-", "--format", "csv"]),
        stdout(p, &["sources", "case.toml", "--format", "csv"])
    );
    assert!(stdout(p, &["schema", "rubric", "-o", "-"]).contains("\"$schema\""));
    assert!(!p.join("-").exists());
    // synth: the data on standard output, its summary on standard error.
    let out = cmd(p)
        .args(["synth", "--questions", "3", "--sources", "2", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("source,question,value\n"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("to standard output"));
    assert!(!p.join("-").exists());
}

#[test]
fn triples_are_refused_by_the_commands_that_need_a_ledger() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.csv", "source,question,value\na,q,x\n");
    for command in ["calibrate", "sources", "export", "sensitivity"] {
        let mut args = vec![command, "t.csv"];
        if command == "export" {
            args.extend(["--to", "misp"]);
        }
        let out = cmd(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "error: `t.csv` holds truth-discovery triples (`source,question,value`): `{command}` needs a ledger (TOML, or the sources, claims and reports files of a bulk ledger); triples are read by `report` and `check`\n"
            )
        );
    }
}
