//! The borrowing iterator over a response's scopes.

use std::borrow::Cow;
use std::iter::FusedIterator;
use std::slice;
use std::str::Split;

/// How a scope string is split: set with `#[token(scope, delimiter = ",")]`.
///
/// ```
/// use token_response::{Delimiter, Scopes};
///
/// let github = Scopes::from_text("repo, gist", Delimiter::Char(','));
/// assert_eq!(github.collect::<Vec<_>>(), ["repo", "gist"]);
/// let rfc = Scopes::from_text("openid  email", Delimiter::Whitespace);
/// assert_eq!(rfc.collect::<Vec<_>>(), ["openid", "email"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Delimiter {
    /// Runs of ASCII whitespace (RFC 6749 §3.3): the default.
    #[default]
    Whitespace,
    /// One character (GitHub and Slack send `,`); each piece is trimmed of ASCII whitespace.
    Char(char),
}

/// The scopes of a token response, in order: an `Iterator<Item = &str>` that allocates nothing.
///
/// Each piece of a scope string, or each element of a scope list, is trimmed of ASCII
/// whitespace and skipped when empty, so no item is ever `""` or contains the delimiter.
///
/// ```
/// use token_response::{Delimiter, Scopes};
///
/// let scopes = Scopes::from_text(" read  write ", Delimiter::Whitespace);
/// assert_eq!(scopes.clone().count(), 2);
/// assert_eq!(scopes.collect::<Vec<_>>(), ["read", "write"]);
///
/// let twitch = vec!["chat:read".to_owned(), " ".to_owned()];
/// assert_eq!(Scopes::from(twitch.as_slice()).collect::<Vec<_>>(), ["chat:read"]);
/// ```
#[derive(Debug, Clone)]
pub struct Scopes<'a> {
    inner: Inner<'a>,
}

#[derive(Debug, Clone)]
enum Inner<'a> {
    /// The text not yet split.
    Whitespace(&'a str),
    Delimited(Split<'a, char>),
    Strings(slice::Iter<'a, String>),
    Strs(slice::Iter<'a, &'a str>),
    Cows(slice::Iter<'a, Cow<'a, str>>),
}

impl<'a> Scopes<'a> {
    /// No scopes: what a response without a scope field answers.
    ///
    /// ```
    /// assert_eq!(token_response::Scopes::empty().next(), None);
    /// ```
    #[must_use]
    #[inline]
    pub fn empty() -> Self {
        Self::from_text("", Delimiter::Whitespace)
    }

    /// The scopes in a scope string, split by `delimiter`.
    ///
    /// ```
    /// use token_response::{Delimiter, Scopes};
    ///
    /// let slack = Scopes::from_text("commands,,incoming-webhook,", Delimiter::Char(','));
    /// assert_eq!(slack.collect::<Vec<_>>(), ["commands", "incoming-webhook"]);
    /// ```
    #[must_use]
    #[inline]
    pub fn from_text(text: &'a str, delimiter: Delimiter) -> Self {
        let inner = match delimiter {
            Delimiter::Whitespace => Inner::Whitespace(text),
            Delimiter::Char(c) => Inner::Delimited(text.split(c)),
        };
        Scopes { inner }
    }
}

impl<'a> From<&'a [String]> for Scopes<'a> {
    /// One scope an element.
    ///
    /// ```
    /// let list = vec!["a".to_owned()];
    /// assert_eq!(token_response::Scopes::from(list.as_slice()).next(), Some("a"));
    /// ```
    #[inline]
    fn from(list: &'a [String]) -> Self {
        Scopes { inner: Inner::Strings(list.iter()) }
    }
}

impl<'a> From<&'a [&'a str]> for Scopes<'a> {
    /// One scope an element.
    ///
    /// ```
    /// assert_eq!(token_response::Scopes::from(&["a", ""][..]).count(), 1);
    /// ```
    #[inline]
    fn from(list: &'a [&'a str]) -> Self {
        Scopes { inner: Inner::Strs(list.iter()) }
    }
}

impl<'a> From<&'a [Cow<'a, str>]> for Scopes<'a> {
    /// One scope an element.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// let list = [Cow::Borrowed("a")];
    /// assert_eq!(token_response::Scopes::from(&list[..]).next(), Some("a"));
    /// ```
    #[inline]
    fn from(list: &'a [Cow<'a, str>]) -> Self {
        Scopes { inner: Inner::Cows(list.iter()) }
    }
}

/// The next non-empty trimmed piece.
fn next_piece<'a, I: Iterator<Item = &'a S>, S: AsRef<str> + ?Sized + 'a>(pieces: &mut I) -> Option<&'a str> {
    pieces.map(|piece| piece.as_ref().trim_ascii()).find(|piece| !piece.is_empty())
}

/// The next run of non-whitespace in `rest`, which is advanced past it: what
/// `split_ascii_whitespace` yields, found eight bytes at a time.
#[inline]
fn next_word<'a>(rest: &mut &'a str) -> Option<&'a str> {
    let text = rest.trim_ascii_start();
    // The index is that of an ASCII byte or the length, so always a char boundary.
    let (word, tail) = text.split_at_checked(whitespace_index(text.as_bytes())).unwrap_or((text, ""));
    *rest = tail;
    (!word.is_empty()).then_some(word)
}

/// The index of the first ASCII whitespace byte, or the length.
#[inline]
fn whitespace_index(bytes: &[u8]) -> usize {
    // Every ASCII whitespace byte is at most `b' '`: find those, stepping over control bytes.
    let mut from = 0;
    while let Some(at) = bytes.get(from..).and_then(low_byte_index).map(|i| from + i) {
        if bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            return at;
        }
        from = at + 1;
    }
    bytes.len()
}

/// The index of the first byte at most `b' '`, eight bytes at a time.
#[inline]
fn low_byte_index(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let mut blocks = bytes.chunks_exact(8);
    for (n, block) in blocks.by_ref().enumerate() {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(block).ok()?);
        // Sets the high bit of each byte below 0x21; a borrow carries only upward, so the
        // lowest bit set is exact.
        let low = word.wrapping_sub(ONES * 0x21) & !word & (ONES * 0x80);
        if low != 0 {
            return Some(n * 8 + low.trailing_zeros() as usize / 8);
        }
    }
    let tail = blocks.remainder();
    tail.iter().position(|&b| b <= b' ').map(|i| bytes.len() - tail.len() + i)
}

impl<'a> Iterator for Scopes<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        match &mut self.inner {
            Inner::Whitespace(rest) => next_word(rest),
            Inner::Delimited(pieces) => next_piece(pieces),
            Inner::Strings(list) => next_piece(list),
            Inner::Strs(list) => next_piece(list),
            Inner::Cows(list) => next_piece(list),
        }
    }
}

impl FusedIterator for Scopes<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whitespace split agrees with `split_ascii_whitespace` on every placement of
    /// whitespace, control, non-ASCII and visible bytes around the eight-byte blocks.
    #[test]
    fn whitespace_split_matches_split_ascii_whitespace() {
        let pieces = [
            " ",
            "\t",
            "\n",
            "\x0C",
            "\r",
            "\x0B",
            "\x01",
            "\0",
            "\x7F",
            "é",
            "a",
            "scope",
            "https://x.y/z-0123456789",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            texts = texts.iter().flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}"))).collect();
            for text in &texts {
                for pad in ["", "a", "abcdefg", "abcdefgh", "abcdefghijklmno"] {
                    let text = format!("{pad}{text}{pad}");
                    let expected: Vec<&str> = text.split_ascii_whitespace().collect();
                    assert_eq!(
                        Scopes::from_text(&text, Delimiter::Whitespace).collect::<Vec<_>>(),
                        expected,
                        "{text:?}"
                    );
                }
            }
        }
    }
}
