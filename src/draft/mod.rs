//! Drafting a ledger from article text: sentences → attribution cues → source and content spans →
//! speakers resolved across mentions → claims merged → reports with relays, qualifiers, hedges and
//! dates → a ledger draft. Every stage is a pure function from text to plain structs; the TOML
//! ledger and the `--format spans` JSON Lines are rendered from them.

pub mod cues;
pub mod dates;
pub mod lexicon;
pub mod qualify;
pub mod speakers;
pub mod text;
