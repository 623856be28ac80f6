//! The token type, parsed from the response's `token_type`.

use std::fmt;

/// The kind of token a response carries, parsed case-insensitively from `token_type`.
///
/// Absent or empty is [`TokenType::Bearer`] (RFC 6749 makes `token_type` required, but many
/// providers omit it for bearer tokens).
///
/// ```
/// use token_response::TokenType;
///
/// assert_eq!(TokenType::parse("bearer"), TokenType::Bearer);
/// assert_eq!(TokenType::parse(""), TokenType::Bearer);
/// assert_eq!(TokenType::parse("DPOP"), TokenType::DPoP);
/// assert_eq!(TokenType::parse("bot"), TokenType::Other("bot"));
/// assert_eq!(TokenType::DPoP.to_string(), "DPoP");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenType<'a> {
    /// `Bearer` (RFC 6750): the token goes out as `Authorization: Bearer <token>`.
    Bearer,
    /// `DPoP` (RFC 9449): a proof-of-possession token that must never go out as `Bearer`.
    DPoP,
    /// Any other type, with its text as sent (Slack's `bot`, `mac`, `N_A`).
    Other(&'a str),
}

impl<'a> TokenType<'a> {
    /// Parses a `token_type` value: `bearer` and `dpop` in any case, `""` as `Bearer`, anything
    /// else (surrounding whitespace included) as `Other` with the text as sent.
    ///
    /// ```
    /// use token_response::TokenType;
    ///
    /// assert_eq!(TokenType::parse("BEARER"), TokenType::Bearer);
    /// assert_eq!(TokenType::parse(" Bearer"), TokenType::Other(" Bearer"));
    /// ```
    #[must_use]
    #[inline]
    pub fn parse(text: &'a str) -> Self {
        if text.is_empty() || text.eq_ignore_ascii_case("bearer") {
            TokenType::Bearer
        } else if text.eq_ignore_ascii_case("dpop") {
            TokenType::DPoP
        } else {
            TokenType::Other(text)
        }
    }

    /// The authorization scheme: `"Bearer"`, `"DPoP"`, or the `Other` text as sent.
    ///
    /// ```
    /// use token_response::TokenType;
    ///
    /// assert_eq!(TokenType::parse("bearer").scheme(), "Bearer");
    /// assert_eq!(TokenType::Other("MAC").scheme(), "MAC");
    /// ```
    #[must_use]
    #[inline]
    pub fn scheme(self) -> &'a str {
        match self {
            TokenType::Bearer => "Bearer",
            TokenType::DPoP => "DPoP",
            TokenType::Other(text) => text,
        }
    }
}

impl fmt::Display for TokenType<'_> {
    /// Prints [`TokenType::scheme`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.scheme())
    }
}
