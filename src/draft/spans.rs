//! The `--format spans` renderer: one JSON object per article per line, with the cue, source and
//! content spans of every attribution in Unicode scalar values of the article's text (end
//! exclusive; a role may have several fragments, and `source` is empty when the text names no
//! one), and the id of the speaker it was resolved to.

use super::Draft;

/// JSON Lines, one line per article, in the order the articles were given.
pub fn render(draft: &Draft) -> String {
    let mut out = String::new();
    for a in &draft.spans {
        // Plain structs of strings and numbers: serialising cannot fail.
        if let Ok(line) = serde_json::to_string(a) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
