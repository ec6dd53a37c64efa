//! Writes new values into a rubric file without disturbing anything else: comments, order, layout
//! and the comments after each changed value are kept (toml_edit); only the values change, and a
//! header comment is put on top.

use toml_edit::{DocumentMut, Item, Value};

use super::params::Param;

/// `text` with each parameter's value replaced and `header` (one comment line per line, `# `
/// added) put above it. Errors name the key that could not be found.
pub fn with_values(text: &str, values: &[(&Param, f64)], header: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("the rubric is not valid TOML: {e}"))?;
    for (p, v) in values {
        let path = p.path();
        let (leaf, tables) = path
            .split_last()
            .ok_or_else(|| format!("empty key for {}", p.name))?;
        let mut item: &mut Item = doc.as_item_mut();
        for k in tables {
            item = item
                .as_table_like_mut()
                .and_then(|t| t.get_mut(k))
                .ok_or_else(|| format!("key `{}` not found in the rubric", p.name))?;
        }
        let slot = item
            .as_table_like_mut()
            .and_then(|t| t.get_mut(leaf))
            .and_then(Item::as_value_mut)
            .ok_or_else(|| format!("key `{}` not found in the rubric", p.name))?;
        let decor = slot.decor().clone();
        let mut new = Value::from(*v);
        *new.decor_mut() = decor;
        *slot = new;
    }
    let mut out = String::new();
    for line in header.lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    if !header.is_empty() {
        out.push_str("#\n");
    }
    out.push_str(&doc.to_string());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SourceText;
    use crate::rubric::{DEFAULT_RUBRIC, parse_rubric};
    use crate::tune::params::find;

    #[test]
    fn only_the_values_change_and_comments_stay() {
        let w = find("criteria.verification.weight").unwrap();
        let prior = find("aggregation.prior").unwrap();
        let imagery = find("criteria.verification.imagery").unwrap();
        let out = with_values(
            DEFAULT_RUBRIC,
            &[(w, 1.2345), (prior, 0.35), (imagery, 0.4)],
            "Fitted by test.\nSecond line.",
        )
        .unwrap();
        assert!(out.starts_with("# Fitted by test.\n# Second line.\n#\n# corroborate"));
        assert!(out.contains("\nprior = 0.35\n"));
        // The trailing comment of a changed value is kept.
        assert!(out.contains(
            "imagery = 0.4                       # satellite or photo evidence shown: odds x 2.2"
        ));
        // Nothing else changed: the texts differ in exactly the three lines and the header.
        let before: Vec<&str> = DEFAULT_RUBRIC.lines().collect();
        let after: Vec<&str> = out.lines().skip(3).collect();
        assert_eq!(before.len(), after.len());
        let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        assert_eq!(changed, 3);
        let r = parse_rubric(&SourceText::new("fitted", out)).unwrap();
        assert_eq!(r.verification_weight, 1.2345);
        assert_eq!(r.prior, 0.35);
        assert_eq!(r.verification_bonus[1], 0.4);
    }

    #[test]
    fn values_inside_inline_tables_and_missing_keys() {
        let text = "[criteria]\nverification = { weight = 1.0, levels = {} } # w\n";
        let w = find("criteria.verification.weight").unwrap();
        let out = with_values(text, &[(w, 2.0)], "").unwrap();
        assert_eq!(
            out,
            "[criteria]\nverification = { weight = 2.0, levels = {} } # w\n"
        );
        let cap = find("aggregation.single_origin_cap").unwrap();
        assert_eq!(
            with_values(text, &[(cap, 0.5)], "").unwrap_err(),
            "key `aggregation.single_origin_cap` not found in the rubric"
        );
    }
}
