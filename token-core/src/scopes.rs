//! The borrowing iterator over a response's scopes.

use std::borrow::Cow;
use std::iter::FusedIterator;
use std::slice;
use std::str::{Split, SplitAsciiWhitespace};

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
    Whitespace(SplitAsciiWhitespace<'a>),
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
    pub fn from_text(text: &'a str, delimiter: Delimiter) -> Self {
        let inner = match delimiter {
            Delimiter::Whitespace => Inner::Whitespace(text.split_ascii_whitespace()),
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
    fn from(list: &'a [Cow<'a, str>]) -> Self {
        Scopes { inner: Inner::Cows(list.iter()) }
    }
}

/// The next non-empty trimmed piece.
fn next_piece<'a, I: Iterator<Item = &'a S>, S: AsRef<str> + ?Sized + 'a>(pieces: &mut I) -> Option<&'a str> {
    pieces.map(|piece| piece.as_ref().trim_ascii()).find(|piece| !piece.is_empty())
}

impl<'a> Iterator for Scopes<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match &mut self.inner {
            Inner::Whitespace(pieces) => pieces.next(),
            Inner::Delimited(pieces) => next_piece(pieces),
            Inner::Strings(list) => next_piece(list),
            Inner::Strs(list) => next_piece(list),
            Inner::Cows(list) => next_piece(list),
        }
    }
}

impl FusedIterator for Scopes<'_> {}
