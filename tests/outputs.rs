//! Snapshots of every output of issue 3 on the bundled seeds (run in-process through `cmd::run`),
//! and checks of each interchange format against the required fields of its specification.

use serde_json::Value;

fn run(args: &[&str]) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = corroborate::cmd::run(
        std::iter::once("corroborate").chain(args.iter().copied()),
        &mut out,
        &mut err,
    );
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?} failed: {err}");
    assert!(err.is_empty(), "{args:?} wrote to stderr: {err}");
    out
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

// ----- Snapshots -----

#[test]
fn report_markdown() {
    insta::assert_snapshot!(ok(&["report", "--format", "markdown"]));
}

#[test]
fn report_csv() {
    insta::assert_snapshot!(ok(&["report", "--format", "csv"]));
}

#[test]
fn report_html() {
    insta::assert_snapshot!(ok(&["report", "--format", "html"]));
}

#[test]
fn timeline_table() {
    insta::assert_snapshot!(ok(&["timeline", "nk-troops-in-russia", "--width", "120"]));
}

#[test]
fn timeline_table_of_a_question_answer() {
    insta::assert_snapshot!(ok(&["timeline", "troop-count-11k", "--width", "120"]));
}

#[test]
fn timeline_json() {
    insta::assert_snapshot!(ok(&["timeline", "nk-engaged-combat", "--format", "json"]));
}

#[test]
fn sources_table() {
    insta::assert_snapshot!(ok(&["sources", "--width", "160"]));
}

#[test]
fn sources_json() {
    insta::assert_snapshot!(ok(&["sources", "--format", "json"]));
}

#[test]
fn sources_csv() {
    insta::assert_snapshot!(ok(&["sources", "--format", "csv"]));
}

#[test]
fn sources_markdown() {
    insta::assert_snapshot!(ok(&["sources", "--format", "markdown"]));
}

#[test]
fn schema_ledger() {
    insta::assert_snapshot!(ok(&["schema", "ledger"]));
}

#[test]
fn schema_rubric() {
    insta::assert_snapshot!(ok(&["schema", "rubric"]));
}

#[test]
fn export_misp() {
    insta::assert_snapshot!(ok(&["export", "--to", "misp"]));
}

#[test]
fn export_stix() {
    insta::assert_snapshot!(ok(&["export", "--to", "stix"]));
}

#[test]
fn export_claimreview() {
    insta::assert_snapshot!(ok(&[
        "export",
        "--to",
        "claimreview",
        "--base-url",
        "https://example.org/checks"
    ]));
}

// ----- Contracts -----

#[test]
fn csv_has_the_documented_header_and_one_row_per_claim() {
    let text = ok(&["report", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, corroborate::render::csv::CLAIM_HEADER);
    let rows = r.records().count();
    let claims = json(&["report", "--format", "json"])["claims"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(rows, claims);
}

#[test]
fn timeline_steps_agree_with_report_as_of_each_date() {
    let t = json(&["timeline", "nk-casualties", "--format", "json"]);
    let steps = t["steps"].as_array().unwrap();
    assert!(steps.len() >= 2);
    for s in steps {
        let date = s["date"].as_str().unwrap();
        let report = json(&["report", "--format", "json", "--as-of", date]);
        let claim = report["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "nk-casualties")
            .unwrap();
        assert_eq!(claim["confidence"], s["standing"]["confidence"], "{date}");
        assert_eq!(claim["likelihood"], s["standing"]["likelihood"], "{date}");
    }
}

#[test]
fn exports_are_reproducible() {
    for to in ["misp", "stix", "claimreview"] {
        assert_eq!(
            ok(&["export", "--to", to]),
            ok(&["export", "--to", to]),
            "{to}"
        );
    }
    // Another as-of date changes the stamps but not the identities of the sources.
    let a = json(&["export", "--to", "stix"]);
    let b = json(&["export", "--to", "stix", "--as-of", "2024-11-30"]);
    let ids = |v: &Value, ty: &str| -> std::collections::BTreeSet<String> {
        v["objects"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["type"] == ty)
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&a, "identity"), ids(&b, "identity"));
    assert!(ids(&a, "opinion").is_disjoint(&ids(&b, "opinion")));
}

/// `type--UUID` with a version 4 or 5 UUID, as STIX 2.1 §2.9 requires of identifiers.
fn is_stix_id(id: &str, ty: &str) -> bool {
    let Some(u) = id.strip_prefix(&format!("{ty}--")) else {
        return false;
    };
    let groups: Vec<&str> = u.split('-').collect();
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    lens == [8, 4, 4, 4, 12]
        && u.chars()
            .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        && matches!(groups[2].chars().next(), Some('4' | '5'))
        && matches!(groups[3].chars().next(), Some('8' | '9' | 'a' | 'b'))
}

fn is_stix_timestamp(s: &str) -> bool {
    // YYYY-MM-DDTHH:MM:SS.sssZ (RFC 3339, UTC, millisecond precision for created/modified).
    s.len() == 24 && s.ends_with('Z') && s.as_bytes()[10] == b'T' && s.as_bytes()[19] == b'.'
}

#[test]
fn stix_bundle_has_the_required_properties() {
    let b = json(&["export", "--to", "stix"]);
    assert_eq!(b["type"], "bundle");
    assert!(is_stix_id(b["id"].as_str().unwrap(), "bundle"));
    let objects = b["objects"].as_array().unwrap();
    let ids: std::collections::HashSet<&str> =
        objects.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), objects.len(), "ids are unique");
    let opinions = [
        "strongly-disagree",
        "disagree",
        "neutral",
        "agree",
        "strongly-agree",
    ];
    let mut n_opinions = 0;
    for o in objects {
        let ty = o["type"].as_str().unwrap();
        assert_eq!(o["spec_version"], "2.1", "{o}");
        assert!(is_stix_id(o["id"].as_str().unwrap(), ty), "{o}");
        for k in ["created", "modified"] {
            assert!(is_stix_timestamp(o[k].as_str().unwrap()), "{k} of {o}");
        }
        if let Some(c) = o.get("confidence") {
            let c = c.as_u64().unwrap();
            assert!(c <= 100);
        }
        if let Some(r) = o.get("created_by_ref") {
            assert!(ids.contains(r.as_str().unwrap()));
        }
        match ty {
            "identity" => assert!(o["name"].is_string()),
            "note" => {
                assert!(o["content"].is_string());
                assert!(!o["object_refs"].as_array().unwrap().is_empty());
            }
            "opinion" => {
                n_opinions += 1;
                assert!(opinions.contains(&o["opinion"].as_str().unwrap()));
                let refs = o["object_refs"].as_array().unwrap();
                assert!(!refs.is_empty());
                for r in refs {
                    assert!(ids.contains(r.as_str().unwrap()), "dangling {r}");
                }
            }
            "report" => {
                assert!(o["name"].is_string());
                assert!(is_stix_timestamp(o["published"].as_str().unwrap()));
                for r in o["object_refs"].as_array().unwrap() {
                    assert!(ids.contains(r.as_str().unwrap()), "dangling {r}");
                }
            }
            "extension-definition" => {
                assert_eq!(o["extension_types"][0], "property-extension");
                assert!(ids.contains(o["created_by_ref"].as_str().unwrap()));
            }
            other => panic!("unexpected object type {other}"),
        }
    }
    assert_eq!(n_opinions, 31, "one opinion per scored claim");
    let notes = objects.iter().filter(|o| o["type"] == "note").count();
    assert_eq!(notes, 32 + 66, "a note per claim and per report");
}

#[test]
fn misp_event_has_the_required_fields_and_admiralty_tags() {
    let v = json(&["export", "--to", "misp"]);
    let e = &v["Event"];
    assert_eq!(e["info"], "North Korean troops in Russia's Kursk region");
    assert_eq!(e["date"], "2024-12-16");
    for k in [
        "threat_level_id",
        "analysis",
        "distribution",
        "timestamp",
        "uuid",
    ] {
        assert!(e[k].is_string(), "{k}");
    }
    assert!(["1", "2", "3", "4"].contains(&e["threat_level_id"].as_str().unwrap()));
    assert!(["0", "1", "2"].contains(&e["analysis"].as_str().unwrap()));
    assert!(e["Tag"].is_array());
    let attrs = e["Attribute"].as_array().unwrap();
    assert_eq!(attrs.len(), 32, "one attribute per claim");
    let scored: Vec<&Value> = attrs
        .iter()
        .filter(|a| a.get("Opinion").is_some())
        .collect();
    assert_eq!(scored.len(), 31, "analyst data on every scored claim");
    for a in scored {
        for k in ["type", "category", "value", "uuid", "distribution"] {
            assert!(a[k].is_string(), "{k} of {a}");
        }
        let tags: Vec<&str> = a["Tag"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        let letter = tags
            .iter()
            .find_map(|t| t.strip_prefix("admiralty-scale:source-reliability=\""))
            .unwrap();
        assert!(
            ["a\"", "b\"", "c\"", "d\"", "e\"", "f\""].contains(&letter),
            "{letter}"
        );
        let digit = tags
            .iter()
            .find_map(|t| t.strip_prefix("admiralty-scale:information-credibility=\""))
            .unwrap();
        assert!(
            ["1\"", "2\"", "3\"", "4\"", "5\"", "6\""].contains(&digit),
            "{digit}"
        );
        assert!(
            tags.iter()
                .any(|t| t.starts_with("estimative-language:likelihood-probability=\""))
        );
    }
    let first = attrs
        .iter()
        .find(|a| a["value"] == "North Korean troops have been deployed to Russia to support its war against Ukraine")
        .unwrap();
    let tags: Vec<&str> = first["Tag"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    // Official sources read as B, "usually reliable"; the claim is confirmed (digit 1).
    assert!(tags.contains(&"admiralty-scale:source-reliability=\"b\""));
    assert!(tags.contains(&"admiralty-scale:information-credibility=\"1\""));
    assert!(tags.contains(&"estimative-language:likelihood-probability=\"almost-certain\""));
}

#[test]
fn claimreview_has_the_required_fields() {
    let v = json(&["export", "--to", "claimreview"]);
    let reviews = v.as_array().unwrap();
    assert_eq!(reviews.len(), 31, "every scored seed claim has a report");
    for r in reviews {
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        assert!(r["claimReviewed"].is_string());
        assert_eq!(r["datePublished"], "2024-12-16");
        assert!(r["author"]["name"].is_string());
        let rating = &r["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        let value = rating["ratingValue"].as_u64().unwrap();
        assert!((1..=7).contains(&value));
        assert_eq!(rating["bestRating"], 7);
        assert_eq!(rating["worstRating"], 1);
        assert!(rating["alternateName"].is_string());
        assert_eq!(rating["name"], rating["alternateName"]);
        let item = &r["itemReviewed"];
        assert_eq!(item["@type"], "Claim");
        // The seeds' documents are file names, not URLs: no appearance a reader could follow.
        assert!(item.get("appearance").is_none());
        assert!(item.get("firstAppearance").is_none());
        // Without --base-url or a claim's url there is nowhere the review is published.
        assert!(r.get("url").is_none());
    }
    let russia = reviews
        .iter()
        .find(|r| r["itemReviewed"]["name"]
            == "North Korean troops have been deployed to Russia to support its war against Ukraine")
        .unwrap();
    assert_eq!(
        russia["claimReviewed"],
        "North Korean troops have been deployed to Russia to support its war…"
    );
    assert_eq!(russia["reviewRating"]["alternateName"], "almost certain");
    assert_eq!(russia["reviewRating"]["ratingValue"], 7);
}

#[test]
fn export_author_is_used() {
    let v = json(&["export", "--to", "claimreview", "--author", "Example Desk"]);
    assert_eq!(v[0]["author"]["name"], "Example Desk");
    let s = json(&["export", "--to", "stix", "--author", "Example Desk"]);
    let producer = s["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Example Desk")
        .unwrap();
    assert_eq!(producer["name"], "Example Desk");
    assert_eq!(producer["identity_class"], "organization");
}

// ----- Schemas -----

/// TOML to JSON as an editor hands it to a validator: dates become strings.
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn validator(which: &str) -> jsonschema::Validator {
    jsonschema::validator_for(&json(&["schema", which])).unwrap()
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| e.to_string()).collect()
}

#[test]
fn the_ledger_schema_accepts_the_seeds() {
    let v = validator("ledger");
    let seeds = toml_to_json(toml::from_str(corroborate::cmd::SEEDS).unwrap());
    assert_eq!(errors(&v, &seeds), Vec::<String>::new());
    // A TOML date (not a string) is accepted as well.
    let dated = toml_to_json(toml::from_str("[case]\nas_of = 2024-12-16\n").unwrap());
    assert!(v.is_valid(&dated));
}

#[test]
fn the_rubric_schema_accepts_the_default_rubric() {
    let v = validator("rubric");
    let rubric = toml_to_json(toml::from_str(corroborate::rubric::DEFAULT_RUBRIC).unwrap());
    assert_eq!(errors(&v, &rubric), Vec::<String>::new());
}

#[test]
fn the_schemas_reject_unknown_keys_and_bad_values() {
    let v = validator("ledger");
    let with = |extra: &str| {
        toml_to_json(
            toml::from_str(&format!(
                "[[sources]]\nid = \"a\"\nname = \"A\"\nkind = \"newspaper\"\n{extra}"
            ))
            .unwrap(),
        )
    };
    assert!(v.is_valid(&with("")));
    assert!(!v.is_valid(&with("colour = \"red\"")), "unknown key");
    assert!(!v.is_valid(&with("grade = \"G\"")), "grade outside A-F");
    let bad_kind = toml_to_json(
        toml::from_str("[[sources]]\nid = \"a\"\nname = \"A\"\nkind = \"blog\"\n").unwrap(),
    );
    assert!(!v.is_valid(&bad_kind), "unknown kind");
    let no_name =
        toml_to_json(toml::from_str("[[sources]]\nid = \"a\"\nkind = \"ngo\"\n").unwrap());
    assert!(!v.is_valid(&no_name), "missing required key");
    let bad_date = toml_to_json(toml::from_str("[case]\nas_of = \"16 Dec 2024\"\n").unwrap());
    assert!(!v.is_valid(&bad_date), "date not YYYY-MM-DD");

    let r = validator("rubric");
    let mut rubric = toml_to_json(toml::from_str(corroborate::rubric::DEFAULT_RUBRIC).unwrap());
    rubric["aggregation"]["smoothing"] = Value::from(1.0);
    assert!(!r.is_valid(&rubric), "unknown rubric key");
}
