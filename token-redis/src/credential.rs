//! Which credential a token belongs to, and the Redis keys of that credential.

/// The credential a stored token belongs to: one key in Redis per issuer, client, subject and
/// set of scopes, so that two credentials never share a token.
///
/// ```
/// use token_response_redis::Credential;
///
/// let credential = Credential::new("https://login.example.com", "my-client")
///     .subject("user-42")
///     .scopes(["read", "write"]);
/// assert_eq!(credential, Credential::new("https://login.example.com", "my-client")
///     .subject("user-42")
///     .scopes(["write", "read", "read"])); // scopes are a set
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    issuer: String,
    client: String,
    subject: String,
    scopes: Vec<String>,
}

impl Credential {
    /// A credential of `client` at `issuer`, with no subject (client credentials) and no scopes.
    ///
    /// ```
    /// use token_response_redis::Credential;
    ///
    /// let credential = Credential::new("https://login.example.com", "my-client");
    /// # drop(credential);
    /// ```
    pub fn new(issuer: impl Into<String>, client: impl Into<String>) -> Self {
        Self { issuer: issuer.into(), client: client.into(), subject: String::new(), scopes: Vec::new() }
    }

    /// The user (or other subject) the token acts for. It becomes part of a Redis key name:
    /// use an identifier, not a name or an e-mail address you would rather not show there.
    ///
    /// ```
    /// use token_response_redis::Credential;
    ///
    /// let credential = Credential::new("https://login.example.com", "my-client").subject("user-42");
    /// # drop(credential);
    /// ```
    #[must_use]
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }

    /// The scopes asked for, in any order, duplicates ignored.
    ///
    /// ```
    /// use token_response_redis::Credential;
    ///
    /// let credential = Credential::new("https://login.example.com", "my-client").scopes(["read"]);
    /// # drop(credential);
    /// ```
    #[must_use]
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        let mut scopes: Vec<String> = scopes.into_iter().map(Into::into).collect();
        scopes.sort();
        scopes.dedup();
        self.scopes = scopes;
        self
    }
}

/// The keys and the channel of one credential, under one hash tag (`{..}`), so that they live
/// in one slot of a Redis cluster.
#[derive(Debug, Clone)]
pub(crate) struct Keys {
    /// A hash: `version`, `token`.
    pub(crate) token: String,
    /// The lease: the holder's id, expiring after the lease time.
    pub(crate) lease: String,
    /// Published to when the lease is let go or a token is stored.
    pub(crate) channel: String,
}

/// `\`, `|`, `{` and `}` escaped, so that fields cannot run into each other or end the hash tag.
fn escape(text: &str, into: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => into.push_str("\\\\"),
            '|' => into.push_str("\\!"),
            '{' => into.push_str("\\("),
            '}' => into.push_str("\\)"),
            c => into.push(c),
        }
    }
}

impl Keys {
    pub(crate) fn new(prefix: &str, credential: &Credential) -> Self {
        let mut tag = String::new();
        escape(&credential.issuer, &mut tag);
        tag.push('|');
        escape(&credential.client, &mut tag);
        tag.push('|');
        escape(&credential.subject, &mut tag);
        tag.push('|');
        escape(&credential.scopes.join(" "), &mut tag);
        let base = format!("{prefix}{{{tag}}}");
        Keys { token: format!("{base}:token"), lease: format!("{base}:lease"), channel: format!("{base}:changed") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_per_credential() {
        let keys = |c: &Credential| Keys::new("p:", c).token;
        let base = Credential::new("https://a", "c");
        assert_eq!(keys(&base), "p:{https://a|c||}:token");
        let all = [
            base.clone(),
            Credential::new("https://b", "c"),
            Credential::new("https://a", "d"),
            base.clone().subject("s"),
            base.clone().scopes(["x"]),
            base.clone().scopes(["x", "y"]),
            Credential::new("https://a|c", ""),
            Credential::new("https://a", "c|"),
        ];
        let mut names: Vec<String> = all.iter().map(keys).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert!(!keys(&Credential::new("{x}", "}")).contains("{x}"), "braces cannot end the hash tag");
    }
}
