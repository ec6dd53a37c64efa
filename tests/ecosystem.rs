//! The analyst's ecosystem through the binary: exports that STIX, MISP and ClaimReview consumers
//! accept (the platforms' own validators run in scripts/validate-exports.sh), imports and their
//! round trips, completions, the man page and the suggestion for a mistyped command.

use assert_cmd::Command;
use serde_json::Value;

fn cmd() -> Command {
    Command::cargo_bin("corroborate").unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let out = cmd()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).unwrap()
}

/// Exports the seeds to `to`, imports the export back and returns (the imported ledger's text,
/// the report JSON of the seeds, the report JSON of the imported ledger).
fn round_trip(to: &str) -> (String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.json");
    let ledger = dir.path().join("ledger.toml");
    cmd()
        .args(["export", "--to", to, "-o"])
        .arg(&export)
        .assert()
        .success();
    cmd()
        .args(["import", to])
        .arg(&export)
        .arg("-o")
        .arg(&ledger)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    cmd().arg("check").arg(&ledger).assert().success().stdout(
        "ok: 1 ledger file(s): 23 sources, 1 questions, 32 claims, 66 reports; rubric `default`\n",
    );
    let original = stdout_of(&["report", "--format", "json"]);
    let imported = stdout_of(&["report", "--format", "json", ledger.to_str().unwrap()]);
    (
        std::fs::read_to_string(&ledger).unwrap(),
        original,
        imported,
    )
}

#[test]
fn stix_round_trip_keeps_every_source_claim_and_report() {
    let (text, original, imported) = round_trip("stix");
    // Every number of the report is the same: nothing of the ledger was lost on the way.
    assert_eq!(original, imported);
    assert!(text.starts_with("# Imported by `corroborate import`"));
}

#[test]
fn misp_round_trip_keeps_every_source_claim_and_report() {
    let (_, original, imported) = round_trip("misp");
    assert_eq!(original, imported);
}

#[test]
fn stix_declares_its_properties_and_marks_tlp() {
    let b = json_of(&["export", "--to", "stix", "--tlp", "amber"]);
    let objects = b["objects"].as_array().unwrap();
    let ext = objects
        .iter()
        .find(|o| o["type"] == "extension-definition")
        .expect("an extension-definition");
    let ext_id = ext["id"].as_str().unwrap();
    assert_eq!(
        ext["extension_types"],
        serde_json::json!(["property-extension"])
    );
    let tlp = objects
        .iter()
        .find(|o| o["type"] == "marking-definition")
        .unwrap();
    assert_eq!(
        tlp["id"],
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
    );
    for o in objects {
        assert!(
            o.as_object().unwrap().keys().all(|k| !k.starts_with("x_")),
            "undeclared custom property on {}",
            o["id"]
        );
        if o["type"] != "marking-definition" {
            assert_eq!(o["object_marking_refs"][0], tlp["id"], "{}", o["id"]);
            // STIX 2.1 asks for UUIDv4 ids: the version nibble is 4.
            let id = o["id"].as_str().unwrap();
            assert_eq!(&id[id.len() - 22..id.len() - 21], "4", "{id}");
        }
        if o["type"] == "identity" {
            let class = o["identity_class"].as_str().unwrap();
            assert!(
                ["individual", "organization", "system", "unknown"].contains(&class),
                "{class}"
            );
        }
        if let Some(e) = o.get("extensions") {
            assert!(e.get(ext_id).is_some(), "{}", o["id"]);
        }
    }
    // Notes point at their documents.
    assert!(
        objects
            .iter()
            .any(|o| o["type"] == "note" && o.get("external_references").is_some())
    );
}

#[test]
fn a_namespace_changes_every_id_and_nothing_else() {
    let a = stdout_of(&["export", "--to", "stix"]);
    let b = stdout_of(&["export", "--to", "stix", "--namespace", "team-b.example"]);
    assert_ne!(a, b);
    let strip = |t: &str| {
        let v: Value = serde_json::from_str(t).unwrap();
        v["objects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["type"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&a), strip(&b));
    // The same namespace twice: the same bytes.
    assert_eq!(
        b,
        stdout_of(&["export", "--to", "stix", "--namespace", "team-b.example"])
    );
}

#[test]
fn claimreview_is_publishable() {
    let text = stdout_of(&[
        "export",
        "--to",
        "claimreview",
        "--base-url",
        "https://example.org/checks",
    ]);
    assert!(!text.contains(['<', '>', '&']));
    let v: Value = serde_json::from_str(&text).unwrap();
    for r in v.as_array().unwrap() {
        let id = r["itemReviewed"]["name"].as_str().unwrap();
        assert!(
            r["url"]
                .as_str()
                .unwrap()
                .starts_with("https://example.org/checks/"),
            "{id}"
        );
        assert!(
            r["claimReviewed"].as_str().unwrap().chars().count() < 75,
            "{id}"
        );
        assert_eq!(
            r["reviewRating"]["name"],
            r["reviewRating"]["alternateName"]
        );
        for a in r["itemReviewed"]["appearance"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(a["url"].as_str().unwrap().starts_with("http"), "{id}");
        }
    }
}

#[test]
fn a_claims_own_url_and_script_breaking_text() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("l.toml");
    std::fs::write(
        &l,
        r#"[[sources]]
id = "s"
name = "S"
kind = "newspaper"
[[claims]]
id = "c"
statement = "A </script><script>alert(1)</script> & <!-- claim"
url = "https://example.org/own"
[[reports]]
id = "r"
claim = "c"
source = "s"
stance = "supports"
stated = 2024-11-04
document = "https://news.example/a?b=1&c=2"
"#,
    )
    .unwrap();
    let text = stdout_of(&[
        "export",
        "--to",
        "claimreview",
        "--base-url",
        "https://x.example",
        l.to_str().unwrap(),
    ]);
    assert!(!text.contains(['<', '>', '&']), "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v[0]["url"], "https://example.org/own");
    assert_eq!(
        v[0]["itemReviewed"]["name"],
        "A </script><script>alert(1)</script> & <!-- claim"
    );
    assert_eq!(
        v[0]["itemReviewed"]["appearance"][0]["url"],
        "https://news.example/a?b=1&c=2"
    );
}

#[test]
fn a_bad_claim_url_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("l.toml");
    std::fs::write(
        &l,
        "[[claims]]\nid = \"c\"\nstatement = \"S\"\nurl = \"javascript:alert(1)\"\n",
    )
    .unwrap();
    cmd().arg("check").arg(&l).assert().code(2).stderr(format!(
        "error: invalid url `javascript:alert(1)` of claim `c`: expected an absolute http:// or https:// URL\n  --> {}:4:7\n  |\n4 | url = \"javascript:alert(1)\"\n  |       ^^^^^^^^^^^^^^^^^^^^^\n",
        l.display()
    ));
}

#[test]
fn misp_tags_and_analyst_data() {
    let v = json_of(&["export", "--to", "misp", "--tlp", "green"]);
    let e = &v["Event"];
    assert!(
        e["Tag"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "tlp:green")
    );
    let a = &e["Attribute"].as_array().unwrap()[0];
    let o = &a["Opinion"][0];
    assert_eq!(o["object_uuid"], a["uuid"]);
    assert_eq!(o["object_type"], "Attribute");
    assert!(o["opinion"].as_u64().unwrap() <= 100);
    assert_eq!(a["Note"][0]["object_uuid"], a["uuid"]);
    for t in a["Tag"].as_array().unwrap() {
        let n = t["name"].as_str().unwrap();
        let ok = n.starts_with("admiralty-scale:source-reliability=\"")
            || n.starts_with("admiralty-scale:information-credibility=\"")
            || n.starts_with("estimative-language:likelihood-probability=\"")
            || n.starts_with("estimative-language:confidence-in-analytic-judgment=\"")
            || n.starts_with("corroborate:tag=\"");
        assert!(ok && n.ends_with('"'), "{n}");
    }
}

#[test]
fn import_of_a_foreign_stix_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.json");
    std::fs::write(
        &b,
        r#"{"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
  {"type": "identity", "spec_version": "2.1", "id": "identity--311b2d2d-f010-4473-83ec-1edf84858f4c", "created": "2024-11-01T00:00:00.000Z", "modified": "2024-11-01T00:00:00.000Z", "name": "Ministry of Defence", "identity_class": "organization"},
  {"type": "identity", "spec_version": "2.1", "id": "identity--a3a0fd5a-7c2f-4c0e-9d55-3f0e1b6f2a11", "created": "2024-11-01T00:00:00.000Z", "modified": "2024-11-01T00:00:00.000Z", "name": "An analyst", "identity_class": "individual"},
  {"type": "note", "spec_version": "2.1", "id": "note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "created": "2024-11-04T10:00:00.000Z", "modified": "2024-11-04T10:00:00.000Z", "abstract": "troops", "content": "Troops are in the region", "object_refs": ["identity--311b2d2d-f010-4473-83ec-1edf84858f4c"], "external_references": [{"source_name": "news", "url": "https://news.example/1"}]},
  {"type": "opinion", "spec_version": "2.1", "id": "opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7", "created": "2024-11-05T00:00:00.000Z", "modified": "2024-11-05T00:00:00.000Z", "created_by_ref": "identity--a3a0fd5a-7c2f-4c0e-9d55-3f0e1b6f2a11", "opinion": "disagree", "object_refs": ["note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"]},
  {"type": "report", "spec_version": "2.1", "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3", "created": "2024-11-06T00:00:00.000Z", "modified": "2024-11-06T00:00:00.000Z", "name": "A case", "published": "2024-11-06T00:00:00Z", "object_refs": ["note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"]}
]}"#,
    )
    .unwrap();
    let text = stdout_of(&["import", "stix", b.to_str().unwrap()]);
    assert_eq!(
        text,
        r#"# Imported by `corroborate import`. Check it with `corroborate check`.
[case]
title = "A case"
as_of = "2024-11-06"

[[sources]]
id = "ministry-of-defence"
name = "Ministry of Defence"
kind = "other"

[[sources]]
id = "an-analyst"
name = "An analyst"
kind = "other"

[[claims]]
id = "troops"
statement = "Troops are in the region"

[[reports]]
id = "r0001"
claim = "troops"
source = "ministry-of-defence"
stance = "supports"
stated = "2024-11-04"
document = "https://news.example/1"

[[reports]]
id = "r0002"
claim = "troops"
source = "an-analyst"
stance = "refutes"
stated = "2024-11-05"
"#
    );
}

#[test]
fn import_of_a_foreign_misp_event() {
    let dir = tempfile::tempdir().unwrap();
    let e = dir.path().join("e.json");
    std::fs::write(
        &e,
        r#"{"Event": {"info": "Phishing wave", "date": "2024-10-01", "Orgc": {"name": "CERT Example"},
  "Attribute": [
    {"uuid": "5f1c3c0e-0000-4000-8000-000000000001", "type": "domain", "value": "bad.example", "timestamp": "1727913600",
     "Tag": [{"name": "admiralty-scale:source-reliability=\"b\""}, {"name": "tlp:green"}, {"name": "phishing"}]},
    {"uuid": "5f1c3c0e-0000-4000-8000-000000000002", "type": "text", "value": "The campaign targets banks"}
  ]}}"#,
    )
    .unwrap();
    let text = stdout_of(&["import", "misp", e.to_str().unwrap()]);
    assert!(
        text.contains(
            "id = \"cert-example-b\"\nname = \"CERT Example\"\nkind = \"other\"\ngrade = \"B\""
        ),
        "{text}"
    );
    assert!(
        text.contains("statement = \"domain: bad.example\"\ntags = [\"phishing\"]"),
        "{text}"
    );
    assert!(text.contains("stated = \"2024-10-03\""), "{text}");
    assert!(
        text.contains("source = \"cert-example\"\nstance = \"supports\"\nstated = \"2024-10-01\""),
        "{text}"
    );
}

#[test]
fn bad_import_input_names_the_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.json");
    std::fs::write(&b, "{\"type\": \"bundle\",\n \"objects\": [}\n").unwrap();
    cmd().args(["import", "stix"]).arg(&b).assert().code(2).stderr(format!(
        "error: invalid JSON (expected value): expected a STIX 2.1 bundle\n  --> {}:2:14\n  |\n2 |  \"objects\": [}}\n  |              ^\n",
        b.display()
    ));
    std::fs::write(&b, "{\"type\": \"indicator\"}").unwrap();
    cmd().args(["import", "stix"]).arg(&b).assert().code(2).stderr(predicates::str::contains(
        "error: not a STIX bundle (`type` is \"indicator\"): expected an object with \"type\": \"bundle\" and its \"objects\"",
    ));
    std::fs::write(&b, "[1, 2]").unwrap();
    cmd().args(["import", "misp"]).arg(&b).assert().code(2).stderr(format!(
        "error: not a MISP event: expected {{\"Event\": {{\"info\": …, \"Attribute\": […], \"Object\": […]}}}}\n  --> {}\n",
        b.display()
    ));
    // A note without content: the message points at its id.
    std::fs::write(
        &b,
        "{\"type\": \"bundle\", \"objects\": [\n  {\"type\": \"note\", \"id\": \"note--1\", \"created\": \"2024-11-04T00:00:00Z\"}\n]}",
    )
    .unwrap();
    cmd().args(["import", "stix"]).arg(&b).assert().code(2).stderr(predicates::str::contains(format!(
        "error: note `note--1` has no `content`: expected the statement of a claim\n  --> {}:2:26",
        b.display()
    )));
}

#[test]
fn an_import_never_replaces_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.json");
    std::fs::write(&b, stdout_of(&["export", "--to", "stix"])).unwrap();
    let before = std::fs::read(&b).unwrap();
    cmd()
        .args(["import", "stix"])
        .arg(&b)
        .arg("-o")
        .arg(&b)
        .arg("--force")
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&b).unwrap(), before);
}

// ----- completions, man page, suggestions -----

#[test]
fn completions_come_from_the_clap_definition() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let s = stdout_of(&["completions", shell]);
        // Every subcommand is completed.
        for sub in [
            "report",
            "check",
            "export",
            "import",
            "completions",
            "man",
            "draft",
        ] {
            assert!(s.contains(sub), "{shell} lacks {sub}");
        }
    }
    assert!(stdout_of(&["completions", "bash"]).contains("--base-url"));
}

#[test]
fn the_man_page_has_every_command_and_option() {
    let m = stdout_of(&["man"]);
    assert!(
        m.starts_with(".ie \\n(.g .ds Aq \\(aq") || m.contains(".TH corroborate 1"),
        "{}",
        &m[..200]
    );
    for sub in ["REPORT", "CHECK", "EXPORT", "IMPORT", "COMPLETIONS", "MAN"] {
        assert!(m.contains(&format!(".SH \"COMMAND {sub}\"")), "{sub}");
    }
    assert!(m.contains("base\\-url"));
}

#[test]
fn a_mistyped_command_is_suggested() {
    let dir = tempfile::tempdir().unwrap();
    cmd().current_dir(dir.path()).arg("reprot").assert().code(2).stdout("").stderr(
        "error: unknown command `reprot`: did you mean `report`? (no ledger file of that name exists either; `corroborate --help` lists the commands)\n",
    );
    cmd()
        .current_dir(dir.path())
        .arg("exprot")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `export`?"));
    // A file of that name is a ledger, as before.
    std::fs::write(dir.path().join("reprot"), "[case]\ntitle = \"t\"\n").unwrap();
    cmd()
        .current_dir(dir.path())
        .args(["reprot", "--format", "json"])
        .assert()
        .success();
    // A word near no command is a missing ledger.
    cmd()
        .current_dir(dir.path())
        .arg("zzzzzzzz")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read the file"));
}

// ----- check --format json -----

#[test]
fn check_as_json_for_pipelines() {
    let v = json_of(&["check", "--format", "json"]);
    assert_eq!(
        v,
        serde_json::json!({
            "format": "corroborate-check", "version": 1, "ok": true,
            "input": { "kind": "ledger", "files": 1, "sources": 23, "questions": 1, "claims": 32, "reports": 66, "rubric": "default" }
        })
    );
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("l.toml");
    std::fs::write(
        &l,
        "[[claims]]\nid = \"c\"\nstatement = \"S\"\nkind = \"rumour\"\n",
    )
    .unwrap();
    let out = cmd()
        .args(["check", "--format", "json"])
        .arg(&l)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["ok"], false);
    let p = &v["problems"][0];
    assert_eq!(p["file"], l.display().to_string());
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64()),
        (Some(4), Some(8))
    );
    assert!(p["message"].as_str().unwrap().contains("rumour"), "{p}");
}

// ----- the report's JSON and its schema -----

#[test]
fn every_report_json_meets_the_report_schema() {
    let schema = json_of(&["schema", "report"]);
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors = |doc: &Value| {
        v.iter_errors(doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect::<Vec<_>>()
    };
    let dir = tempfile::tempdir().unwrap();
    let triples = dir.path().join("t.csv");
    std::fs::write(
        &triples,
        "source,question,value\ns1,q1,a\ns2,q1,a\ns3,q1,b\ns3,q2,x\n",
    )
    .unwrap();
    let reports = dir.path().join("reports.csv");
    std::fs::write(&reports, "claim,source,stated,stance\nc1,s1,2024-11-04,supports\nc1,s2,2024-11-05,refutes\nc2,s1,2024-11-05,supports\n").unwrap();
    let subjective = dir.path().join("sl.toml");
    std::fs::write(
        &subjective,
        corroborate::rubric::DEFAULT_RUBRIC
            .replace("method = \"log-odds\"", "method = \"subjective-logic\""),
    )
    .unwrap();
    let docs = [
        json_of(&["report", "--format", "json"]),
        json_of(&["report", "--format", "json", "--as-of", "2024-11-01"]),
        json_of(&[
            "report",
            "--format",
            "json",
            "--rubric",
            subjective.to_str().unwrap(),
        ]),
        json_of(&["report", "--format", "json", triples.to_str().unwrap()]),
        json_of(&["report", "--format", "json", reports.to_str().unwrap()]),
        json_of(&[
            "report",
            "--format",
            "json",
            "tests/fixtures/synthetic.toml",
        ]),
    ];
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(errors(d), Vec::<String>::new(), "document {i}");
        // `rubric` is an object with the rubric's name in both kinds of report.
        assert!(d["rubric"]["name"].is_string(), "document {i}");
    }
    // `explain CLAIM --format json` prints one `claims[]` entry: it meets the claim's schema.
    let mut claim_schema = schema["oneOf"][0]["properties"]["claims"]["items"].clone();
    claim_schema["$schema"] = schema["$schema"].clone();
    let cv = jsonschema::validator_for(&claim_schema).unwrap();
    for id in ["nk-troops-in-kursk", "troop-count-11k", "nk-cannon-fodder"] {
        let e = json_of(&["explain", id, "--format", "json"]);
        let errs: Vec<String> = cv.iter_errors(&e).map(|e| e.to_string()).collect();
        assert_eq!(errs, Vec::<String>::new(), "{id}");
    }
    // The schema is not vacuous: a wrong document fails it.
    let mut bad = docs[0].clone();
    bad["claims"][0]["likelihood"] = Value::from("probable");
    assert!(!errors(&bad).is_empty());
    bad = docs[3].clone();
    bad["rubric"] = Value::from("default");
    assert!(!errors(&bad).is_empty());
}
