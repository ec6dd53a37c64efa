//! End-to-end: the binary as a new user runs it.

mod common;
use common::{LEDGER, cmd, run};

#[test]
fn no_arguments_prints_the_seeds_report_from_any_directory() {
    let (code, stdout, stderr) = run(&[], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("North Korean troops in Russia's Kursk region\nas of 2024-12-16 · rubric `default` (log-odds)"), "{stdout}");
    assert!(stdout.contains("Question `troop-count`"));
    assert!(stdout.contains("nk-engaged-combat"));
    assert!(stdout.contains("\nSources\n"));
}

#[test]
fn json_has_claims_with_confidence_and_sources() {
    let (code, stdout, _) = run(&[], &["report", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["format"], "corroborate-report");
    assert_eq!(doc["version"], 4);
    let claims = doc["claims"].as_array().unwrap();
    assert!(claims.len() >= 20);
    for c in claims {
        assert!(c["id"].is_string());
        // An unscored kind (an opinion) prints no probability.
        if c["treatment"] == "unscored" {
            assert!(c["confidence"].is_null());
            continue;
        }
        let p = c["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
    }
    assert!(!doc["sources"].as_array().unwrap().is_empty());
}

#[test]
fn check_accepts_the_seeds_and_config() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = cmd(std::path::Path::new(root))
        .args([
            "check",
            "seeds/kursk.toml",
            "--rubric",
            "config/default.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ok: 1 ledger file(s): 23 sources, 1 questions, 32 claims, 66 reports; rubric `default`\n"
    );
}

#[test]
fn as_of_counts_only_what_had_been_published() {
    // On 5 December the Pentagon's latest word (2 December) was that it had not seen the DPRK in
    // offensive combat: it could not confirm; by 16 December it said they were in combat.
    let (_, early, _) = run(
        &[],
        &["explain", "nk-engaged-combat", "--as-of", "2024-12-05"],
    );
    assert!(
        early
            .contains("dod-ryder — Maj. Gen. Pat Ryder, Pentagon press secretary [cannot-confirm]"),
        "{early}"
    );
    let (_, late, _) = run(&[], &["explain", "nk-engaged-combat"]);
    assert!(late.contains("dod-ryder — Maj. Gen. Pat Ryder, Pentagon press secretary [supports]"));
    assert!(
        late.contains("replaced by its later statement: r003-ryder-nocombat, r004-ryder-nocombat")
    );
}

#[test]
fn the_order_of_files_does_not_matter() {
    let (head, tail) = LEDGER.split_at(LEDGER.find("[[claims]]").unwrap());
    let files: [(&str, &[u8]); 2] = [("a.toml", head.as_bytes()), ("b.toml", tail.as_bytes())];
    let (c1, ab, _) = run(&files, &["report", "a.toml", "b.toml", "--format", "json"]);
    let (c2, ba, _) = run(&files, &["report", "b.toml", "a.toml", "--format", "json"]);
    assert_eq!((c1, c2), (0, 0));
    assert_eq!(ab, ba);
}

#[test]
fn explain_traces_the_numbers() {
    let (code, stdout, _) = run(
        &[("l.toml", LEDGER.as_bytes())],
        &["explain", "deployed", "l.toml"],
    );
    assert_eq!(code, 0);
    // One origin: dod (official, reliability 0.8: ln 4 nats) via one outlet: multiplier 0.9;
    // 0.9 ln 4 = 1.2477; p = 4^0.9 / (1 + 4^0.9) = 0.7769.
    assert!(
        stdout.contains(
            "contributions     verification  0.000  official +1.248  later  0.000  = +1.248"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("p = sigmoid(+1.248) = 0.7769"), "{stdout}");
    let (_, json, _) = run(
        &[("l.toml", LEDGER.as_bytes())],
        &["explain", "deployed", "l.toml", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["by_origin"][0]["source"], "dod");
}

#[test]
fn help_lists_the_commands() {
    let (code, stdout, _) = run(&[], &["--help"]);
    assert_eq!(code, 0);
    for c in ["report", "check", "explain"] {
        assert!(stdout.contains(c), "{stdout}");
    }
}

#[test]
fn inputs_are_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let p = common::write(dir.path(), "l.toml", LEDGER);
    let before = std::fs::metadata(&p).unwrap().modified().unwrap();
    cmd(dir.path())
        .args(["report", "l.toml"])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&p).unwrap(), LEDGER);
    assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), before);
}

#[test]
fn an_interrupt_leaves_no_partial_output() {
    // A case big enough that the HTML report (a timeline per claim) takes a while.
    let mut ledger = String::from("[[sources]]\nid = \"a\"\nname = \"A\"\nkind = \"newspaper\"\n");
    for c in 0..3000 {
        ledger += &format!("[[claims]]\nid = \"c{c}\"\nstatement = \"Claim {c}\"\n");
        for r in 0..6 {
            ledger += &format!(
                "[[reports]]\nid = \"r{c}-{r}\"\nclaim = \"c{c}\"\nsource = \"a\"\nstance = \"supports\"\nstated = 2024-{:02}-{:02}\n",
                1 + (c + r) % 12,
                1 + (c * 7 + r) % 28
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "big.toml", &ledger);
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("corroborate"))
        .current_dir(dir.path())
        .args(["report", "big.toml", "--format", "html", "-o", "out.html"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Signal once the temporary file is there (the output is being written), or after 20 s.
    let writing = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"))
    };
    let start = std::time::Instant::now();
    while !writing() && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    #[cfg(unix)]
    let interrupted = {
        use std::os::unix::process::ExitStatusExt;
        // The process ends by the signal, as a shell reports with 130.
        out.status.signal() == Some(2)
    };
    #[cfg(not(unix))]
    let interrupted = out.status.code() == Some(130);
    if !interrupted {
        // It finished before the signal.
        assert_eq!(out.status.code(), Some(0));
    }
    // Interrupted while writing, there is no output; interrupted just after the rename (or not at
    // all), the output is whole.
    if names.contains(&"out.html".to_string()) {
        let html = std::fs::read_to_string(dir.path().join("out.html")).unwrap();
        assert!(html.trim_end().ends_with("</html>"), "a partial output");
    } else {
        assert!(interrupted, "{names:?}");
    }
}
