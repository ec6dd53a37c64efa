//! Every number of a rubric has a documented range that is checked: the table of ranges
//! (`rubric::RANGES`), the checks on load, the JSON Schema (`schema rubric`) and the closing
//! comment of `config/default.toml` say the same thing.

use corroborate::error::{Error, SourceText};
use corroborate::rubric::{DEFAULT_RUBRIC, RANGES, Range, parse_rubric, range_of};
use corroborate::schema::{Format, schema_value};
use serde_json::Value;
use toml_edit::{DocumentMut, Item, value};

/// The default rubric with its optional keys set too; `hours` gives the later gap in hours.
fn full_rubric(hours: bool) -> String {
    let mut text = DEFAULT_RUBRIC.replacen(
        "interval = 0.9 ",
        "single_origin_cap = 0.8\ninterval = 0.9 ",
        1,
    );
    if hours {
        text = text.replacen("min_gap_days = 3 ", "min_gap_hours = 72 ", 1);
    }
    text + "\n[reliability]\nmethod = \"em\"\ntolerance = 1e-6\nmax_iterations = 100\nprior_a = 2.0\nprior_b = 2.0\nalternatives = 0\n"
}

/// Every number of the document with its dotted key, and whether it is a whole number.
fn numbers(item: &Item, path: &str, out: &mut Vec<(String, bool)>) {
    let here = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    if let Some(t) = item.as_table_like() {
        for (k, v) in t.iter() {
            numbers(v, &here(k), out);
        }
    } else if let Some(v) = item.as_value() {
        if v.is_integer() {
            out.push((path.to_string(), true));
        } else if v.is_float() {
            out.push((path.to_string(), false));
        }
    }
}

fn set(doc: &DocumentMut, key: &str, x: f64, whole: bool) -> String {
    let mut d = doc.clone();
    let parts: Vec<&str> = key.split('.').collect();
    let mut item = d.as_item_mut();
    for p in &parts[..parts.len() - 1] {
        item = &mut item[*p];
    }
    let last = parts[parts.len() - 1];
    if whole {
        item[last] = value(x as i64);
    } else {
        item[last] = value(x);
    }
    d.to_string()
}

/// Whether loading reports `key` out of range.
fn out_of_range(text: String, key: &str) -> bool {
    match parse_rubric(&SourceText::new("r.toml", text)) {
        Ok(_) => false,
        Err(Error::Input(d)) => d.iter().any(|d| {
            d.message.starts_with(&format!("`{key}` = ")) && d.message.contains("out of range")
        }),
        Err(e) => panic!("{e}"),
    }
}

/// The schema node of a dotted key, following the tables' definitions.
fn schema_node<'a>(root: &'a Value, key: &str) -> &'a Value {
    let mut node = root;
    for part in key.split('.') {
        node = &node["properties"][part];
        let r = node.get("$ref").or_else(|| {
            node.get("anyOf")
                .and_then(|a| a.as_array()?.iter().find_map(|x| x.get("$ref")))
        });
        if let Some(r) = r.and_then(Value::as_str) {
            node = root.pointer(&r.replacen('#', "", 1)).unwrap();
        }
    }
    node
}

#[test]
fn every_number_has_a_range_that_is_checked_and_shown() {
    let schema = schema_value(Format::Rubric);
    let mut patterns_used = std::collections::BTreeSet::new();
    let mut total = 0;
    for hours in [false, true] {
        let text = full_rubric(hours);
        parse_rubric(&SourceText::new("r.toml", text.clone())).unwrap();
        let doc: DocumentMut = text.parse().unwrap();
        let mut found = Vec::new();
        numbers(doc.as_item(), "", &mut found);
        total += found.len();
        for (key, integer) in found {
            let r: Range = range_of(&key).unwrap_or_else(|| panic!("no range for `{key}`"));
            // A whole-number key is written as an integer (other numbers may be too: `3` days).
            assert!(integer || !r.whole, "`{key}` is a whole number");
            let whole = r.whole;
            for (pattern, pr) in RANGES {
                if *pr == r && range_of(&key) == Some(*pr) && matches(pattern, &key) {
                    patterns_used.insert(*pattern);
                }
            }
            // The schema says it.
            let node = schema_node(&schema, &key);
            let (lo, hi) = if r.open {
                ("exclusiveMinimum", "exclusiveMaximum")
            } else {
                ("minimum", "maximum")
            };
            assert_eq!(
                node[lo].as_f64(),
                Some(r.lo),
                "`{key}` in the schema: {node}"
            );
            assert_eq!(
                node[hi].as_f64(),
                Some(r.hi),
                "`{key}` in the schema: {node}"
            );
            // Loading checks it: the ends are in (unless open), just past them is out.
            let step = if whole { 1.0 } else { (r.hi - r.lo) * 1e-6 };
            assert!(
                out_of_range(set(&doc, &key, r.hi + step, whole), &key),
                "`{key}` above {}",
                r.hi
            );
            assert!(
                out_of_range(set(&doc, &key, r.lo - step, whole), &key),
                "`{key}` below {}",
                r.lo
            );
            assert_eq!(
                out_of_range(set(&doc, &key, r.hi, whole), &key),
                r.open,
                "`{key}` at {}",
                r.hi
            );
            assert_eq!(
                out_of_range(set(&doc, &key, r.lo, whole), &key),
                r.open,
                "`{key}` at {}",
                r.lo
            );
            if !whole {
                for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e308] {
                    assert!(
                        out_of_range(set(&doc, &key, bad, false), &key),
                        "`{key}` = {bad}"
                    );
                }
            }
        }
    }
    assert!(total > 2 * 90, "{total} numbers");
    // Every entry of the table is used by some key of the rubric: none is stale.
    for (pattern, _) in RANGES {
        assert!(
            patterns_used.contains(pattern),
            "`{pattern}` matches no key"
        );
    }
}

fn matches(pattern: &str, key: &str) -> bool {
    let (p, k): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), key.split('.').collect());
    p.len() == k.len() && p.iter().zip(&k).all(|(p, k)| *p == "*" || p == k)
}

/// The number as `config/default.toml` writes it in its closing comment.
fn shown(x: f64) -> String {
    if x == 1e6 {
        "10^6".to_string()
    } else if x == 1e-6 {
        "10^-6".to_string()
    } else if x == 1.0 - 1e-6 {
        "1 - 10^-6".to_string()
    } else {
        format!("{x}")
    }
}

#[test]
fn the_default_rubric_states_every_range() {
    let closing = DEFAULT_RUBRIC
        .split("# Ranges, checked on load")
        .nth(1)
        .expect("config/default.toml ends with `# Ranges, checked on load ...`");
    let closing: String = closing
        .lines()
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ");
    for (pattern, r) in RANGES {
        let (open, close) = if r.open { ("(", ")") } else { ("[", "]") };
        let want = format!("`{pattern}` {open}{}, {}{close}", shown(r.lo), shown(r.hi));
        assert!(
            closing.contains(&want),
            "config/default.toml does not say {want:?}"
        );
    }
}

#[test]
fn a_looser_high_confidence_than_moderate_is_refused() {
    let text = DEFAULT_RUBRIC.replacen("min_quality = 0.6", "min_quality = 0.3", 1);
    let Err(Error::Input(d)) = parse_rubric(&SourceText::new("r.toml", text)) else {
        panic!("accepted");
    };
    assert_eq!(
        d[0].message,
        "`confidence.high` (min_origins 3, min_quality 0.3) is looser than `confidence.moderate` (min_origins 1.5, min_quality 0.35): expected high to ask at least as much as moderate on both"
    );
}
