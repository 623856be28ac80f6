//! Text from the input made safe to show: in a terminal, and in JSON that a terminal may show.
//! One rule, [`is_hidden`], says which characters change how text looks without being seen.

use std::fmt::Write;

/// Whether `c` is a control (C0, DEL, C1), a bidirectional control (U+200E, U+200F, U+202A to
/// U+202E, U+2066 to U+2069) or a line or paragraph separator (U+2028, U+2029): characters that
/// can reorder, hide or break the text around them.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` as a reader types it, safe for a terminal: hidden and other unprintable characters and
/// `\` escaped as in Rust (`\n`, `\u{202e}`, `\\`), quotes left alone.
pub fn printable(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\'' | '"' => shown.push(c),
            '\t' | '\r' | '\n' | '\\' => shown.extend(c.escape_debug()),
            c if is_hidden(c) => shown.extend(c.escape_unicode()),
            c => shown.extend(c.escape_debug()),
        }
    }
    shown
}

/// JSON text with every hidden character in it escaped (`\u202e`): serde_json escapes only C0
/// controls, `"` and `\`. The others stand only inside strings, where an escape means the same.
pub fn json(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) && (c == '\u{7f}' || !c.is_ascii()) {
            let mut units = [0; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(escaped, "\\u{unit:04x}");
            }
        } else {
            escaped.push(c);
        }
    }
    escaped
}
