//! `WWW-Authenticate` challenges (RFC 9110 section 11.6.1), read without panicking on any input.

use std::borrow::Cow;
use std::fmt;

/// One challenge of a `WWW-Authenticate` header: an authentication scheme with either a
/// `token68` or a list of parameters (RFC 9110 section 11.6.1).
///
/// Scheme and parameter names compare case-insensitively; parameter values are as sent, with the
/// quotes and escapes of a quoted string removed.
///
/// ```
/// use token_response::challenge;
///
/// let header = r#"Basic realm="api", Bearer realm="api", error="invalid_token", error_description="expired, \"really\"""#;
/// let challenges = challenge::parse(header)?;
/// assert_eq!(challenges.len(), 2);
/// let bearer = &challenges[1];
/// assert!(bearer.is("bearer"));
/// assert_eq!(bearer.param("ERROR"), Some("invalid_token"));
/// assert_eq!(bearer.param("error_description"), Some(r#"expired, "really""#));
/// assert_eq!(bearer.param("scope"), None);
/// # Ok::<(), challenge::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge<'a> {
    scheme: &'a str,
    token68: Option<&'a str>,
    params: Vec<(&'a str, Cow<'a, str>)>,
}

impl<'a> Challenge<'a> {
    /// The authentication scheme as sent (`Bearer`, `Basic`, `DPoP`, ...).
    ///
    /// ```
    /// assert_eq!(token_response::challenge::parse("bearer")?[0].scheme(), "bearer");
    /// # Ok::<(), token_response::challenge::ParseError>(())
    /// ```
    pub fn scheme(&self) -> &'a str {
        self.scheme
    }

    /// Whether the scheme is `scheme`, ignoring ASCII case.
    ///
    /// ```
    /// assert!(token_response::challenge::parse("BEARER")?[0].is("Bearer"));
    /// # Ok::<(), token_response::challenge::ParseError>(())
    /// ```
    pub fn is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// The `token68` that follows the scheme, when the challenge has one instead of parameters.
    ///
    /// ```
    /// let challenges = token_response::challenge::parse("Negotiate YII+nw==, Bearer")?;
    /// assert_eq!(challenges[0].token68(), Some("YII+nw=="));
    /// assert_eq!(challenges[1].token68(), None);
    /// # Ok::<(), token_response::challenge::ParseError>(())
    /// ```
    pub fn token68(&self) -> Option<&'a str> {
        self.token68
    }

    /// The value of the first parameter named `name` (ignoring ASCII case), unquoted and
    /// unescaped; `None` when there is none.
    ///
    /// ```
    /// let challenge = &token_response::challenge::parse(r#"Bearer scope="a b", Scope=c"#)?[0];
    /// assert_eq!(challenge.param("scope"), Some("a b"));
    /// # Ok::<(), token_response::challenge::ParseError>(())
    /// ```
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value)
    }

    /// Every parameter in order, as (name as sent, value unquoted and unescaped).
    ///
    /// ```
    /// let challenge = &token_response::challenge::parse(r#"Bearer realm="x\"y", error=invalid_token"#)?[0];
    /// let params: Vec<_> = challenge.params().collect();
    /// assert_eq!(params, [("realm", "x\"y"), ("error", "invalid_token")]);
    /// # Ok::<(), token_response::challenge::ParseError>(())
    /// ```
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(name, value)| (*name, value.as_ref()))
    }
}

/// A `WWW-Authenticate` value that is not a list of challenges; says where reading stopped.
///
/// ```
/// let error = token_response::challenge::parse(r#"Bearer realm="unterminated"#).unwrap_err();
/// assert_eq!(error.to_string(), "malformed WWW-Authenticate header at byte 26");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    at: usize,
}

impl ParseError {
    /// The byte offset in the header value where reading stopped.
    ///
    /// ```
    /// assert_eq!(token_response::challenge::parse("Bearer =x").unwrap_err().at(), 7);
    /// ```
    pub fn at(&self) -> usize {
        self.at
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed WWW-Authenticate header at byte {}", self.at)
    }
}

impl std::error::Error for ParseError {}

/// Reads every challenge of one `WWW-Authenticate` header value, in order (RFC 9110 section
/// 11.6.1): several challenges separated by commas, each a scheme alone, a scheme with a
/// `token68`, or a scheme with `name=value` parameters whose values are tokens or quoted strings
/// (with `\` escapes, and commas inside the quotes). Empty list elements (`, ,`) are skipped.
/// An empty value is no challenge at all.
///
/// Returns an error for anything else (an unterminated quoted string, a parameter without a
/// value, a control character), never a part of the challenges.
///
/// ```
/// use token_response::challenge;
///
/// let challenges = challenge::parse(r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#)?;
/// let schemes: Vec<_> = challenges.iter().map(|c| c.scheme()).collect();
/// assert_eq!(schemes, ["Newauth", "Basic"]);
/// assert_eq!(challenges[0].param("title"), Some(r#"Login to "apps""#));
/// assert!(challenge::parse(r#"Bearer realm="x, error=invalid_token"#).is_err());
/// # Ok::<(), challenge::ParseError>(())
/// ```
pub fn parse(header: &str) -> Result<Vec<Challenge<'_>>, ParseError> {
    let mut cursor = Cursor { text: header, at: 0 };
    let mut challenges = Vec::new();
    cursor.skip_separators();
    while !cursor.done() {
        challenges.push(cursor.challenge()?);
    }
    Ok(challenges)
}

/// A position in a header value. Every slice it takes ends before an ASCII byte or at the end,
/// so it is always on a character boundary.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn done(&self) -> bool {
        self.at >= self.text.len()
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn error(&self) -> ParseError {
        ParseError { at: self.at }
    }

    /// Skips optional whitespace (SP, HTAB); says whether there was any.
    fn skip_whitespace(&mut self) -> bool {
        let start = self.at;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
        self.at > start
    }

    /// Skips whitespace and the commas of empty list elements.
    fn skip_separators(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b',')) {
            self.at += 1;
        }
    }

    /// Bytes from `from` on while `accept` holds; returns the position after them.
    fn scan(&self, from: usize, accept: impl Fn(u8) -> bool) -> usize {
        let rest = self.text.as_bytes().get(from..).unwrap_or_default();
        from + rest.iter().take_while(|&&b| accept(b)).count()
    }

    /// A `token` (1*tchar), possibly empty.
    fn token(&mut self) -> &'a str {
        let start = self.at;
        self.at = self.scan(start, is_tchar);
        self.text.get(start..self.at).unwrap_or_default()
    }

    /// After the end of a list element: OWS, then the end or a comma (and any empty elements).
    fn separator(&mut self) -> Result<(), ParseError> {
        self.skip_whitespace();
        if self.done() {
            return Ok(());
        }
        if self.peek() != Some(b',') {
            return Err(self.error());
        }
        self.skip_separators();
        Ok(())
    }

    /// One challenge, and the separator after it.
    fn challenge(&mut self) -> Result<Challenge<'a>, ParseError> {
        let scheme = self.token();
        if scheme.is_empty() {
            return Err(self.error());
        }
        let mut challenge = Challenge { scheme, token68: None, params: Vec::new() };
        if !self.skip_whitespace() || self.done() || self.peek() == Some(b',') {
            // A scheme alone.
            self.separator()?;
            return Ok(challenge);
        }
        if let Some(token68) = self.token68() {
            challenge.token68 = Some(token68);
            self.separator()?;
            return Ok(challenge);
        }
        loop {
            challenge.params.push(self.param()?);
            self.separator()?;
            if self.done() || !self.at_param() {
                return Ok(challenge);
            }
        }
    }

    /// A `token68` here, when what follows it is the end of the element; else nothing is read.
    fn token68(&mut self) -> Option<&'a str> {
        let start = self.at;
        let chars = self.scan(start, is_token68_char);
        if chars == start {
            return None;
        }
        let end = self.scan(chars, |b| b == b'=');
        let after = self.scan(end, |b| matches!(b, b' ' | b'\t'));
        if after < self.text.len() && self.text.as_bytes().get(after) != Some(&b',') {
            return None;
        }
        self.at = end;
        self.text.get(start..end)
    }

    /// Whether a parameter (`token BWS "="`) starts here, rather than a new challenge.
    fn at_param(&self) -> bool {
        let name = self.scan(self.at, is_tchar);
        let equals = self.scan(name, |b| matches!(b, b' ' | b'\t'));
        name > self.at && self.text.as_bytes().get(equals) == Some(&b'=')
    }

    /// `token BWS "=" BWS ( token / quoted-string )`.
    fn param(&mut self) -> Result<(&'a str, Cow<'a, str>), ParseError> {
        let name = self.token();
        if name.is_empty() {
            return Err(self.error());
        }
        self.skip_whitespace();
        if self.peek() != Some(b'=') {
            return Err(self.error());
        }
        self.at += 1;
        self.skip_whitespace();
        if self.peek() == Some(b'"') {
            return Ok((name, self.quoted()?));
        }
        let value = self.token();
        if value.is_empty() { Err(self.error()) } else { Ok((name, Cow::Borrowed(value))) }
    }

    /// A quoted string starting at `"`: its content, borrowed unless it holds escapes.
    fn quoted(&mut self) -> Result<Cow<'a, str>, ParseError> {
        let start = self.at + 1;
        let rest = self.text.get(start..).unwrap_or_default();
        let mut unescaped: Option<String> = None;
        let mut chars = rest.char_indices();
        while let Some((offset, c)) = chars.next() {
            match c {
                '"' => {
                    self.at = start + offset + 1;
                    let content = rest.get(..offset).unwrap_or_default();
                    return Ok(unescaped.map_or(Cow::Borrowed(content), Cow::Owned));
                }
                '\\' => {
                    let Some((_, escaped)) = chars.next().filter(|&(_, c)| is_quoted_text(c) || c == '"' || c == '\\')
                    else {
                        self.at = start + offset;
                        return Err(self.error());
                    };
                    unescaped.get_or_insert_with(|| rest.get(..offset).unwrap_or_default().to_owned()).push(escaped);
                }
                c if is_quoted_text(c) => {
                    if let Some(text) = &mut unescaped {
                        text.push(c);
                    }
                }
                _ => {
                    self.at = start + offset;
                    return Err(self.error());
                }
            }
        }
        self.at = self.text.len();
        Err(self.error())
    }
}

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The characters of a `token68` before its trailing `=`s.
fn is_token68_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

/// `qdtext` of a quoted string: HTAB, SP, visible ASCII but `"` and `\`, and `obs-text` (here any
/// character beyond ASCII).
fn is_quoted_text(c: char) -> bool {
    matches!(c, '\t' | ' ' | '!' | '#'..='[' | ']'..='~') || !c.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemes(header: &str) -> Vec<&str> {
        parse(header).unwrap().iter().map(Challenge::scheme).collect()
    }

    #[test]
    fn challenge_scheme_alone_and_empty_header() {
        assert_eq!(schemes("Bearer"), ["Bearer"]);
        assert_eq!(schemes(""), Vec::<&str>::new());
        assert_eq!(schemes(" , ,"), Vec::<&str>::new());
        assert_eq!(schemes("Bearer, Basic"), ["Bearer", "Basic"]);
        assert_eq!(schemes("Bearer ,Basic ,"), ["Bearer", "Basic"]);
    }

    #[test]
    fn challenge_quoted_string_with_commas_and_escapes() {
        let challenges =
            parse(r#"Bearer realm="a, b", error="invalid_token", error_description="say \"hi\", \\ ok""#).unwrap();
        assert_eq!(challenges.len(), 1);
        assert_eq!(challenges[0].param("realm"), Some("a, b"));
        assert_eq!(challenges[0].param("error"), Some("invalid_token"));
        assert_eq!(challenges[0].param("error_description"), Some(r#"say "hi", \ ok"#));
        assert!(matches!(challenges[0].params[0].1, Cow::Borrowed(_)), "no escape: borrowed");
        assert!(matches!(challenges[0].params[2].1, Cow::Owned(_)));
    }

    #[test]
    fn challenge_several_in_one_header() {
        let challenges = parse(
            r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple", Bearer error="insufficient_scope" , scope="a b""#,
        )
        .unwrap();
        let schemes: Vec<_> = challenges.iter().map(Challenge::scheme).collect();
        assert_eq!(schemes, ["Newauth", "Basic", "Bearer"]);
        assert_eq!(challenges[0].params().count(), 3);
        assert_eq!(challenges[0].param("type"), Some("1"));
        assert_eq!(challenges[2].param("scope"), Some("a b"));
    }

    #[test]
    fn challenge_token68() {
        let challenges = parse("Negotiate a87421000492aa874209af8bc028==, Basic, Other abc/+~._-").unwrap();
        assert_eq!(challenges[0].token68(), Some("a87421000492aa874209af8bc028=="));
        assert_eq!(challenges[1].token68(), None);
        assert_eq!(challenges[2].token68(), Some("abc/+~._-"));
        assert_eq!(parse("X abc= ").unwrap()[0].token68(), Some("abc="));
        // A token68 may look like a parameter without a value: RFC 9110's grammar reads it so.
        assert_eq!(parse("Bearer error=").unwrap()[0].token68(), Some("error="));
        // `a=b` is a parameter, not a token68.
        assert_eq!(parse("X a=b").unwrap()[0].param("a"), Some("b"));
        assert_eq!(parse("X a = b").unwrap()[0].param("a"), Some("b"));
    }

    #[test]
    fn challenge_empty_quoted_and_non_ascii() {
        let challenge = &parse("Bearer realm=\"\", x=\"caf\u{e9} \\\u{e9}\"").unwrap()[0];
        assert_eq!(challenge.param("realm"), Some(""));
        assert_eq!(challenge.param("x"), Some("caf\u{e9} \u{e9}"));
    }

    #[test]
    fn challenge_malformed_is_an_error_with_its_position() {
        for (header, at) in [
            (r#"Bearer realm="x"#, 15),
            ("Bearer realm=x, error=", 22),
            ("Bearer =x", 7),
            ("Bearer realm=x y", 15),
            ("Bearer realm=\"a\u{1}\"", 15),
            ("Bearer realm=\"a\\\u{1}\"", 15),
            ("\"Bearer\"", 0),
            ("Bearer a=b, c==", 14),
            ("Bearer abc==, =", 14),
        ] {
            assert_eq!(parse(header).map_err(|e| e.at()), Err(at), "{header:?}");
        }
    }

    #[test]
    fn challenge_param_names_ignore_case_first_one_counts() {
        let challenge = &parse("Bearer Error=invalid_token, error=invalid_request").unwrap()[0];
        assert_eq!(challenge.param("error"), Some("invalid_token"));
    }
}
