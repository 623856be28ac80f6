//! serde_json's raw value (`Box<RawValue>`, `&RawValue`) as the value of an error response's
//! member: serde_json hands its visitor a map of one member, whose key is a token of its own and
//! whose value is the JSON text as sent. [`Probe`] passes that map on untouched and reads the
//! text: a JSON string is the member's text, `null` is null.

use serde_core::de::{DeserializeSeed, MapAccess};

use super::wrap::{Hook, WrapSeed};
use crate::error_response::capture::Seen;
use crate::passing::Passing;

/// The key serde_json gives a raw value's one member.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// A map handed to the visitor of a member's value, noting the raw value's text if it is one.
pub(super) struct Probe<'s, A> {
    inner: A,
    seen: &'s mut Option<Seen>,
    raw: bool,
}

impl<'s, A> Probe<'s, A> {
    pub(super) fn new(inner: A, seen: &'s mut Option<Seen>) -> Self {
        Probe { inner, seen, raw: false }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Probe<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(WrapSeed { seed, hook: RawKey(&mut self.raw) })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        if self.raw {
            self.inner.next_value_seed(WrapSeed { seed, hook: RawText(self.seen) })
        } else {
            self.inner.next_value_seed(seed)
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A key: notes whether it is the raw value's.
struct RawKey<'k>(&'k mut bool);

impl Hook<'_> for RawKey<'_> {
    const SEES_VALUE: bool = false;

    fn pass(&mut self, value: Passing<'_>) {
        *self.0 = matches!(value, Passing::Text(RAW_VALUE));
    }
}

/// The raw value's text: what the member's value is.
struct RawText<'s>(&'s mut Option<Seen>);

impl Hook<'_> for RawText<'_> {
    const SEES_VALUE: bool = false;

    fn pass(&mut self, value: Passing<'_>) {
        if let Passing::Text(json) = value {
            *self.0 = Some(seen(json));
        }
    }
}

/// What a JSON value, as text, is to an error response: a string's text, null, or other.
fn seen(json: &str) -> Seen {
    let json = json.trim_ascii();
    if json == "null" {
        return Seen::Null;
    }
    match json.strip_prefix('"').and_then(|body| body.strip_suffix('"')).and_then(unescape) {
        Some(text) => Seen::Text(text),
        None => Seen::Other,
    }
}

/// The text of a JSON string's body, escapes read; a lone surrogate is U+FFFD.
fn unescape(body: &str) -> Option<String> {
    let mut text = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        text.push(match chars.next()? {
            c @ ('"' | '\\' | '/') => c,
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let unit = hex4(&mut chars)?;
                let mut after = chars.clone();
                let low = (after.next() == Some('\\') && after.next() == Some('u')).then(|| hex4(&mut after)).flatten();
                match low {
                    Some(low) if (0xD800..0xDC00).contains(&unit) && (0xDC00..0xE000).contains(&low) => {
                        chars = after;
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    _ => char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER),
                }
            }
            _ => return None,
        });
    }
    Some(text)
}

/// Four hex digits.
fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    (0..4).try_fold(0, |value, _| Some(value * 16 + chars.next()?.to_digit(16)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_reads_as_its_value() {
        assert_eq!(seen(r#""invalid_grant""#), Seen::Text("invalid_grant".into()));
        assert_eq!(seen(r#""a\"b\\c\/d\b\f\n\r\t""#), Seen::Text("a\"b\\c/d\u{8}\u{c}\n\r\t".into()));
        assert_eq!(seen(r#""\u00e9\ud83d\ude00""#), Seen::Text("\u{e9}\u{1f600}".into()));
        assert_eq!(seen(r#""\ud800x\udc00""#), Seen::Text("\u{fffd}x\u{fffd}".into()));
        assert_eq!(seen(" null "), Seen::Null);
        for other in ["1", "true", "[\"x\"]", "{\"a\":\"b\"}", r#""\x""#, r#""\u12""#] {
            assert_eq!(seen(other), Seen::Other, "{other}");
        }
    }
}
