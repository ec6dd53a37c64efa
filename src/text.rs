//! Untrusted text (ledgers are copied from the web) on its way to a terminal.

/// One character made safe to print: control characters (escape sequences could recolour, retitle
/// or rewrite the screen) become their visible control pictures (␛, ␀, …), C1 controls and
/// bidirectional overrides (which can reorder what is shown) become U+FFFD. Tab and newline stay.
pub fn safe_char(c: char) -> char {
    match c {
        '\t' | '\n' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
        _ => c,
    }
}

/// A string made safe to print on a terminal, character by character (see [`safe_char`]).
pub fn terminal_safe(s: &str) -> String {
    s.chars().map(safe_char).collect()
}

/// The most characters of an offending value that an error message quotes.
pub const ECHO_CHARS: usize = 80;

/// A value as quoted in a message: at most [`ECHO_CHARS`] characters, with `…` and the full length
/// when cut, so that a 2 MB id does not make a 2 MB line.
pub fn bounded(s: &str) -> String {
    let n = s.chars().count();
    if n <= ECHO_CHARS {
        s.to_string()
    } else {
        let head: String = s.chars().take(ECHO_CHARS).collect();
        format!("{head}… ({n} characters)")
    }
}

/// The text with its first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
