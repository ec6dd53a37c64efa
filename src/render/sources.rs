//! `sources`: the sources of a case with their track records, as a terminal table.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::shorten;
use crate::score::track_record::SourceRecord;

/// Renders the sources wrapped to `width` columns (the terminal's width where `None`).
pub fn render(records: &[SourceRecord], width: Option<u16>) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        t.force_no_tty().set_width(w);
    }
    let level = records
        .first()
        .map_or(0.9, |s| s.track_record.interval.level);
    t.set_header(vec![
        "Source".to_string(),
        "Name".to_string(),
        "Kind".to_string(),
        "Flags".to_string(),
        "Letter".to_string(),
        "Reports".to_string(),
        "Relays".to_string(),
        "Supported".to_string(),
        "Later corr.".to_string(),
        "Refuted".to_string(),
        "Resolved T/F".to_string(),
        "Track record".to_string(),
        format!("{:.0}% interval", level * 100.0),
    ]);
    for s in records {
        let mut flags = Vec::new();
        if s.official {
            flags.push("official");
        }
        if s.interested {
            flags.push("interested");
        }
        let tr = &s.track_record;
        t.add_row(vec![
            s.id.clone(),
            shorten(&s.name, 60),
            s.kind.as_str().to_string(),
            flags.join(", "),
            s.letter.to_string(),
            s.reports.to_string(),
            s.relays.to_string(),
            s.claims_supported.to_string(),
            s.later_corroborated.to_string(),
            s.claims_refuted.to_string(),
            format!("{}/{}", s.resolved_true, s.resolved_false),
            format!("{:.2} ({}/{})", tr.mean, tr.successes, tr.resolved()),
            format!("{:.2}–{:.2}", tr.interval.low, tr.interval.high),
        ]);
    }
    for i in [5, 6, 7, 8, 9, 10, 11, 12] {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = format!("{t}\n");
    let _ = writeln!(
        out,
        "Letter: Admiralty source letter (the analyst's grade, else from the rubric's level). Later corr.:\n\
supported claims an independent origin confirmed later. Resolved T/F: claims it supported or refuted\n\
whose outcome is known, true/false. Track record: mean of Beta(1 + right, 1 + wrong), right/resolved\n\
in brackets; 0.50 with nothing resolved."
    );
    out
}
