//! Untrusted text (ledgers are copied from the web, file names and arguments come from anyone) on
//! its way out. One rule decides which characters are dangerous ([`hidden_control`]); each kind of
//! output makes them harmless in its own way:
//!
//! - on a terminal (every table, every error message, every line a command prints): one visible
//!   character each ([`terminal_safe`]), applied where a command's text is written and where an
//!   error is rendered;
//! - in JSON (reports, exports, every `--format json`): `\uXXXX` escapes ([`json`]), which read
//!   back as the same text;
//! - in HTML: numeric character references ([`html_controls`]), which a browser shows as before.
//!
//! Error messages also bound what they echo ([`bound_echo`]): a 2 MB id is shown by its start and
//! its length.

use std::io::{self, Write};

/// The characters no output may carry raw: C0 controls but tab and line feed (escape sequences
/// could recolour, retitle or rewrite the screen; a carriage return rewrites the line), DEL, C1
/// controls (U+009B is a one-byte CSI), the bidirectional marks, embeddings, overrides and isolates
/// (which reorder what is shown: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), and the
/// line and paragraph separators U+2028 and U+2029 (which break a line where no line break is).
pub fn hidden_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One character made safe to print: C0 controls become their visible control pictures (␛, ␀, …),
/// DEL becomes ␡, every other [`hidden_control`] U+FFFD. Tab and newline stay.
pub fn safe_char(c: char) -> char {
    if !hidden_control(c) {
        return c;
    }
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Whether `s` holds a [`hidden_control`], found a byte at a time: every such character is an
/// ASCII control or starts with the byte 0xC2 (U+0080–U+009F), 0xD8 (U+061C) or 0xE2 (U+200E
/// and after), so only at those bytes, each the start of a character, is a character decoded
/// (decoding every character of a page of tens of megabytes cost a tenth of an HTML report).
///
/// Eight bytes are looked at together first: a word with no byte below 0x20, no DEL and no byte
/// from 0x80 (the exact "has less than" and "has zero" tests of Anderson's *Bit Twiddling Hacks*)
/// holds no candidate and is skipped.
pub fn has_hidden_control(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    let at = |i: usize| {
        let b = bytes[i];
        let candidate =
            (b < 0x20 && b != b'\t' && b != b'\n') || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2);
        // A candidate byte is ASCII or a lead byte: the start of a character.
        candidate && s[i..].chars().next().is_some_and(hidden_control)
    };
    let mut i = 0;
    for word in bytes.chunks_exact(8) {
        let w = u64::from_le_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        let del = {
            let x = w ^ (ONES * 0x7f);
            x.wrapping_sub(ONES) & !x & HIGH
        };
        if (below_space | del | (w & HIGH)) != 0 && (i..i + 8).any(at) {
            return true;
        }
        i += 8;
    }
    (i..bytes.len()).any(at)
}

/// A string made safe to print on a terminal, character by character (see [`safe_char`]).
pub fn terminal_safe(s: &str) -> String {
    terminal_safe_cow(s).into_owned()
}

/// [`terminal_safe`], borrowing `s` when it is safe as it is (no copy of a large output).
pub fn terminal_safe_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_hidden_control(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(safe_char).collect())
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

/// Prose broken into lines of at most `width` characters at spaces (a word longer than `width`
/// keeps a line of its own).
pub fn wrap(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in s.split(' ').filter(|w| !w.is_empty()) {
        let n = w.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += n;
    }
    out
}

/// The text with its first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The longest text shown between backquotes in a message, in characters; longer ones are cut.
pub const MAX_QUOTED: usize = 80;
/// The longest message, in characters; longer ones are cut.
pub const MAX_MESSAGE: usize = 2000;

/// A message with what it echoes bounded: each backquoted text longer than [`MAX_QUOTED`]
/// characters is cut to its start, with its length said after it, and the whole message to
/// [`MAX_MESSAGE`] characters. A line break inside a backquoted text (a value read from a quoted
/// CSV field or a TOML string) is shown as its control picture, ␊ or ␍, so that the message stays
/// on its line.
pub fn bound_echo(msg: &str) -> String {
    let parts: Vec<&str> = msg.split('`').collect();
    let mut out = String::with_capacity(msg.len().min(4 * MAX_MESSAGE));
    let mut cut_length = None;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
            if let Some(n) = cut_length.take() {
                out.push_str(&format!(" ({n} characters)"));
            }
        }
        let n = part.chars().count();
        // A part between two backquotes: odd, and not the last (an unpaired backquote opens none).
        let quoted = i % 2 == 1 && i + 1 < parts.len();
        let shown = |c: char| match c {
            '\n' if quoted => '\u{240a}',
            '\r' if quoted => '\u{240d}',
            c => c,
        };
        if quoted && n > MAX_QUOTED {
            out.extend(part.chars().take(MAX_QUOTED - 20).map(shown));
            out.push('…');
            cut_length = Some(n);
        } else if quoted {
            out.extend(part.chars().map(shown));
        } else {
            out.push_str(part);
        }
    }
    let n = out.chars().count();
    if n > MAX_MESSAGE {
        let cut: String = out.chars().take(MAX_MESSAGE - 40).collect();
        return format!("{cut}… (message cut: {n} characters)");
    }
    out
}

/// HTML with every [`hidden_control`] written as a numeric character reference: a browser shows
/// the page as before, and the bytes carry no control character to a terminal they are printed on.
/// A page without any is given back as it is (a report's page can be tens of megabytes).
pub fn html_controls(html: String) -> String {
    if !has_hidden_control(&html) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 64);
    for c in html.chars() {
        if hidden_control(c) {
            out.push_str(&format!("&#x{:X};", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON output: serde_json's, with every [`hidden_control`] in a string escaped as `\uXXXX`
/// (serde_json escapes C0 controls itself, but writes C1 controls, bidirectional overrides and the
/// line separators raw).
pub mod json {
    use super::*;
    use serde::Serialize;
    use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

    /// A formatter that escapes what [`hidden_control`] names, around serde_json's own.
    struct Escaping<F>(F);

    macro_rules! delegate {
        ($($name:ident $(($arg:ident: $t:ty))?),* $(,)?) => {
            $(fn $name<W: ?Sized + Write>(&mut self, w: &mut W $(, $arg: $t)?) -> io::Result<()> {
                self.0.$name(w $(, $arg)?)
            })*
        };
    }

    impl<F: Formatter> Formatter for Escaping<F> {
        delegate!(
            begin_array,
            end_array,
            begin_array_value(first: bool),
            end_array_value,
            begin_object,
            end_object,
            begin_object_key(first: bool),
            end_object_key,
            begin_object_value,
            end_object_value,
        );

        fn write_string_fragment<W: ?Sized + Write>(
            &mut self,
            w: &mut W,
            fragment: &str,
        ) -> io::Result<()> {
            // serde_json has escaped every byte below 0x20 already, and every other hidden control
            // is DEL or outside ASCII: a fragment of printable ASCII goes out as it is.
            if fragment.bytes().all(|b| b < 0x7f) {
                return w.write_all(fragment.as_bytes());
            }
            let mut from = 0;
            for (i, c) in fragment.char_indices() {
                if hidden_control(c) {
                    w.write_all(&fragment.as_bytes()[from..i])?;
                    // Every such character is in the Basic Multilingual Plane: one escape.
                    write!(w, "\\u{:04x}", c as u32)?;
                    from = i + c.len_utf8();
                }
            }
            w.write_all(&fragment.as_bytes()[from..])
        }
    }

    /// Pretty JSON (two-space indent), with a final line break.
    pub fn pretty<T: ?Sized + Serialize>(v: &T) -> serde_json::Result<String> {
        let mut out = Vec::with_capacity(1024);
        let mut ser =
            serde_json::Serializer::with_formatter(&mut out, Escaping(PrettyFormatter::new()));
        v.serialize(&mut ser)?;
        out.push(b'\n');
        // serde_json writes UTF-8 and the escapes are ASCII.
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    /// serde_json's `PrettyFormatter` (two-space indent), started `depth` levels deep, so that a
    /// value serialised alone reads exactly as it does inside a larger document at that depth.
    /// An array or object that opens `flat_from` or more levels deep is written compact, on one
    /// line ([`pretty_records`]).
    struct PrettyAt {
        depth: usize,
        has_value: bool,
        flat_from: usize,
        /// Compact levels open (0: pretty).
        flat: usize,
    }

    impl PrettyAt {
        fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
            for _ in 0..self.depth {
                w.write_all(b"  ")?;
            }
            Ok(())
        }
        fn open<W: ?Sized + Write>(&mut self, w: &mut W, c: &[u8]) -> io::Result<()> {
            if self.flat > 0 || self.depth >= self.flat_from {
                self.flat += 1;
                return w.write_all(c);
            }
            self.depth += 1;
            self.has_value = false;
            w.write_all(c)
        }
        fn close<W: ?Sized + Write>(&mut self, w: &mut W, c: &[u8]) -> io::Result<()> {
            if self.flat > 0 {
                self.flat -= 1;
                return w.write_all(c);
            }
            self.depth -= 1;
            if self.has_value {
                w.write_all(b"\n")?;
                self.indent(w)?;
            }
            w.write_all(c)
        }
        fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
            if self.flat > 0 {
                return if first { Ok(()) } else { w.write_all(b",") };
            }
            w.write_all(if first { b"\n" } else { b",\n" })?;
            self.indent(w)
        }
    }

    impl Formatter for PrettyAt {
        fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.open(w, b"[")
        }
        fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.close(w, b"]")
        }
        fn begin_array_value<W: ?Sized + Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            self.item(w, first)
        }
        fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
            self.has_value = true;
            Ok(())
        }
        fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.open(w, b"{")
        }
        fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.close(w, b"}")
        }
        fn begin_object_key<W: ?Sized + Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            self.item(w, first)
        }
        fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            w.write_all(if self.flat > 0 { b":" } else { b": " })
        }
        fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
            self.has_value = true;
            Ok(())
        }
    }

    /// Appends the pretty JSON of `v` to `out` as it reads `depth` levels deep in a document
    /// written by [`pretty`] (no line break before or after it).
    pub fn pretty_at<T: ?Sized + Serialize>(
        out: &mut Vec<u8>,
        v: &T,
        depth: usize,
    ) -> serde_json::Result<()> {
        pretty_records_at(out, v, depth, usize::MAX)
    }

    /// Pretty JSON whose arrays and objects that open `flat_from` or more levels deep are each one
    /// compact line (a record a line, as `jq -c` writes it), with a final line break. With
    /// `flat_from` 4 a document's third-level arrays list one record a line:
    ///
    /// ```text
    /// {
    ///   "claims": [
    ///     {
    ///       "by_origin": [
    ///         {"source":"a","reports":[{"id":"r1"}]}
    ///       ]
    /// ```
    pub fn pretty_records<T: ?Sized + Serialize>(
        v: &T,
        flat_from: usize,
    ) -> serde_json::Result<String> {
        let mut out = Vec::with_capacity(1024);
        pretty_records_at(&mut out, v, 0, flat_from)?;
        out.push(b'\n');
        // serde_json writes UTF-8 and the escapes are ASCII.
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    /// [`pretty_records`] of `v` appended to `out` as it reads `depth` levels deep in such a
    /// document (no line break before or after it).
    pub fn pretty_records_at<T: ?Sized + Serialize>(
        out: &mut Vec<u8>,
        v: &T,
        depth: usize,
        flat_from: usize,
    ) -> serde_json::Result<()> {
        let f = Escaping(PrettyAt {
            depth,
            has_value: false,
            flat_from,
            flat: 0,
        });
        let mut ser = serde_json::Serializer::with_formatter(out, f);
        v.serialize(&mut ser)
    }

    /// A JSON string for `s`, as every serialiser here writes it (escapes included), appended to
    /// `out`. Printable ASCII without `"` or `\\` (ids, dates, most names) is copied as it is.
    pub fn string_into(out: &mut Vec<u8>, s: &str) {
        if s.bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
        {
            out.reserve(s.len() + 2);
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
        } else {
            // Writing a string into a Vec cannot fail.
            let _ = to_writer(&mut *out, s);
        }
    }

    /// A number as serde_json writes an `f64` (`null` if it is not finite), appended to `out`.
    pub fn f64_into(out: &mut Vec<u8>, x: f64) {
        // Writing a number into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &x);
    }

    /// Compact JSON written to `w`.
    pub fn to_writer<W: Write, T: ?Sized + Serialize>(w: W, v: &T) -> serde_json::Result<()> {
        let mut ser = serde_json::Serializer::with_formatter(w, Escaping(CompactFormatter));
        v.serialize(&mut ser)
    }

    /// Compact JSON as bytes.
    pub fn to_vec<T: ?Sized + Serialize>(v: &T) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(64);
        to_writer(&mut out, v)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_wraps_at_spaces_within_the_width() {
        assert_eq!(wrap("aa bb cc", 5), "aa bb\ncc");
        assert_eq!(wrap("aa bb cc", 8), "aa bb cc");
        // A word longer than the width stands alone; doubled spaces are one.
        assert_eq!(wrap("a  bbbbbbb c", 4), "a\nbbbbbbb\nc");
        assert_eq!(wrap("λλ λλ", 5), "λλ λλ");
        assert_eq!(wrap("", 5), "");
    }

    #[test]
    fn every_hidden_control_becomes_visible_on_a_terminal() {
        assert_eq!(
            terminal_safe("a\u{1b}]0;x\u{7}b\r"),
            "a\u{241b}]0;x\u{2407}b\u{240d}"
        );
        assert_eq!(
            terminal_safe("x\u{202e}y\u{9b}z\u{200f}\u{2028}\u{2066}\u{61c}"),
            "x\u{fffd}y\u{fffd}z\u{fffd}\u{fffd}\u{fffd}\u{fffd}"
        );
        assert_eq!(
            terminal_safe("tab\tand\nnewline é ✓"),
            "tab\tand\nnewline é ✓"
        );
    }

    #[test]
    fn the_byte_scan_finds_exactly_the_hidden_controls() {
        // Every character of the first planes' blocks that matter, alone and amid others.
        for c in (0u32..0x3000)
            .chain([0xfeff, 0xfffd, 0x1f600])
            .filter_map(char::from_u32)
        {
            for text in [
                c.to_string(),
                format!("é{c}✓"),
                format!("a\t{c}\n"),
                // At every place of a word of eight bytes, and across two.
                format!("abcdefg{c}hijklmnop"),
                format!("abc{c}defghijklmnop"),
                format!("abcdefghijklmno{c}"),
            ] {
                assert_eq!(
                    has_hidden_control(&text),
                    hidden_control(c),
                    "{:X}",
                    c as u32
                );
            }
        }
        assert!(!has_hidden_control(""));
    }

    #[test]
    fn json_escapes_what_a_terminal_would_obey_and_reads_back_the_same() {
        let s = "a\u{9b}31m\u{202e}b\u{2028}c\u{1b}d\u{7f}é";
        let out = json::pretty(&s).unwrap();
        assert_eq!(out, "\"a\\u009b31m\\u202eb\\u2028c\\u001bd\\u007fé\"\n");
        assert!(!out.chars().any(hidden_control));
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, s);
        let compact = json::to_vec(&serde_json::json!({"k\u{85}": [s]})).unwrap();
        let text = String::from_utf8(compact).unwrap();
        assert!(!text.chars().any(hidden_control), "{text}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            serde_json::json!({"k\u{85}": [s]})
        );
    }

    #[test]
    fn pretty_json_is_serde_jsons_for_plain_text() {
        let v = serde_json::json!({"a": [1, 2.5, null], "b": {"c": "d"}, "e": []});
        assert_eq!(
            json::pretty(&v).unwrap(),
            format!("{}\n", serde_json::to_string_pretty(&v).unwrap())
        );
    }

    #[test]
    fn records_nested_deep_enough_are_one_line_each() {
        let v = serde_json::json!({
            "claims": [{"id": "c1", "by_origin": [
                {"source": "a", "reports": [{"id": "r1"}, {"id": "r2"}], "none": []},
                {"source": "b\u{202e}", "n": {"x": 1.5}}
            ], "empty": []}]
        });
        let text = json::pretty_records(&v, 4).unwrap();
        assert_eq!(
            text,
            r#"{
  "claims": [
    {
      "by_origin": [
        {"none":[],"reports":[{"id":"r1"},{"id":"r2"}],"source":"a"},
        {"n":{"x":1.5},"source":"b\u202e"}
      ],
      "empty": [],
      "id": "c1"
    }
  ]
}
"#
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
        // Deep enough never reached: serde_json's pretty layout.
        assert_eq!(
            json::pretty_records(&v, usize::MAX).unwrap(),
            json::pretty(&v).unwrap()
        );
    }

    #[test]
    fn html_keeps_its_meaning_without_raw_controls() {
        assert_eq!(
            html_controls("<p>a\u{1b}[2J\u{7}\u{202e}b</p>\n".to_string()),
            "<p>a&#x1B;[2J&#x7;&#x202E;b</p>\n"
        );
    }

    #[test]
    fn echoes_are_bounded() {
        let id = "x".repeat(2_000_000);
        let msg = format!("unknown source `{id}` in report `r1`: expected an id");
        let b = bound_echo(&msg);
        assert_eq!(
            b,
            format!(
                "unknown source `{}…` (2000000 characters) in report `r1`: expected an id",
                "x".repeat(MAX_QUOTED - 20)
            )
        );
        assert_eq!(bound_echo("plain `short` text"), "plain `short` text");
        assert_eq!(bound_echo("odd ` count"), "odd ` count");
        let long = "word ".repeat(1000);
        let b = bound_echo(&long);
        assert!(b.chars().count() <= MAX_MESSAGE);
        assert!(b.ends_with("… (message cut: 5000 characters)"), "{b}");
    }

    #[test]
    fn a_line_break_in_an_echo_is_shown_not_kept() {
        assert_eq!(
            bound_echo("unknown claim `two\nlines\r` in `claim`:\nexpected an id"),
            "unknown claim `two\u{240a}lines\u{240d}` in `claim`:\nexpected an id"
        );
    }
}
