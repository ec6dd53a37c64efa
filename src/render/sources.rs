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
        "Off.".to_string(),
        "Int.".to_string(),
        "Adm.".to_string(),
        "Rep.".to_string(),
        "Rel.".to_string(),
        "Sup.".to_string(),
        "Later".to_string(),
        "Ref.".to_string(),
        "T/F".to_string(),
        format!("Track [{:.0}%]", level * 100.0),
    ]);
    let flag = |b: bool| if b { "yes" } else { "" }.to_string();
    for s in records {
        let tr = &s.track_record;
        t.add_row(vec![
            s.id.clone(),
            shorten(&s.name, 48),
            flag(s.official),
            flag(s.interested),
            s.letter.to_string(),
            s.reports.to_string(),
            s.relays.to_string(),
            s.claims_supported.to_string(),
            s.later_corroborated.to_string(),
            s.claims_refuted.to_string(),
            format!("{}/{}", s.resolved_true, s.resolved_false),
            format!(
                "{:.2} [{:.2}–{:.2}] {}/{}",
                tr.mean,
                tr.interval.low,
                tr.interval.high,
                tr.successes,
                tr.resolved()
            ),
        ]);
    }
    for i in [5, 6, 7, 8, 9, 10, 11] {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = format!("{t}\n");
    let _ = writeln!(
        out,
        "Off./Int.: official, interested party. Adm.: Admiralty source letter (the analyst's grade, else\n\
from the rubric's level). Rep./Rel.: reports spoken/relayed. Sup./Ref.: claims supported/refuted as\n\
an origin. Later: supported claims an independent origin confirmed later. T/F: claims it supported or\n\
refuted that resolved true/false. Track: mean of Beta(1 + right, 1 + wrong) [interval] right/resolved;\n\
0.50 with nothing resolved. `--format json|csv|markdown` give every field."
    );
    out
}
