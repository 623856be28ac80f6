//! How the client proves who it is to the token endpoint (RFC 6749 section 2.3.1).

use std::fmt;

/// The client's credentials and where they go: an HTTP Basic `Authorization` header, the request
/// body, or only a `client_id` for a public client (one that uses PKCE and has no secret).
///
/// `Debug` prints the client id and the method, never the secret.
///
/// ```
/// use token_response::client::ClientAuth;
///
/// let auth = ClientAuth::basic("s6BhdRkqt3", "7Fjfp0ZBr1KtDRbnfVdmIw");
/// assert_eq!(format!("{auth:?}"), r#"ClientAuth { id: "s6BhdRkqt3", method: "basic", secret: "<redacted>" }"#);
/// ```
#[derive(Clone)]
pub struct ClientAuth {
    id: String,
    method: Method,
}

#[derive(Clone)]
enum Method {
    Basic(String),
    Body(String),
    Public,
}

impl ClientAuth {
    /// `client_secret_basic`: id and secret in an HTTP Basic `Authorization` header, each
    /// form-urlencoded before they are joined and Base64-encoded, as RFC 6749 section 2.3.1
    /// says (so `:` in an id, or `%` and `+` in a secret, arrive as sent). The method servers
    /// must support.
    ///
    /// ```
    /// let auth = token_response::client::ClientAuth::basic("my client", "s3cr:t");
    /// # let _ = auth;
    /// ```
    pub fn basic(id: impl Into<String>, secret: impl Into<String>) -> Self {
        ClientAuth { id: id.into(), method: Method::Basic(secret.into()) }
    }

    /// `client_secret_post`: `client_id` and `client_secret` in the request body.
    ///
    /// ```
    /// let auth = token_response::client::ClientAuth::body("my-client", "secret");
    /// # let _ = auth;
    /// ```
    pub fn body(id: impl Into<String>, secret: impl Into<String>) -> Self {
        ClientAuth { id: id.into(), method: Method::Body(secret.into()) }
    }

    /// A public client: `client_id` in the request body, no secret (pair it with PKCE).
    ///
    /// ```
    /// let auth = token_response::client::ClientAuth::public("my-cli");
    /// # let _ = auth;
    /// ```
    pub fn public(id: impl Into<String>) -> Self {
        ClientAuth { id: id.into(), method: Method::Public }
    }

    /// The client id.
    ///
    /// ```
    /// assert_eq!(token_response::client::ClientAuth::public("my-cli").id(), "my-cli");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The user name and password of the Basic header, each form-urlencoded; `None` unless the
    /// method is Basic.
    pub(crate) fn basic_credentials(&self) -> Option<(String, String)> {
        match &self.method {
            Method::Basic(secret) => Some((form_encode(&self.id), form_encode(secret))),
            Method::Body(_) | Method::Public => None,
        }
    }

    /// The members this method adds to the request body.
    pub(crate) fn body_params(&self) -> Vec<(&'static str, &str)> {
        match &self.method {
            Method::Basic(_) => Vec::new(),
            Method::Body(secret) => vec![("client_id", self.id.as_str()), ("client_secret", secret.as_str())],
            Method::Public => vec![("client_id", self.id.as_str())],
        }
    }
}

impl fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ClientAuth");
        debug.field("id", &self.id);
        match self.method {
            Method::Basic(_) => debug.field("method", &"basic").field("secret", &"<redacted>"),
            Method::Body(_) => debug.field("method", &"body").field("secret", &"<redacted>"),
            Method::Public => debug.field("method", &"public"),
        };
        debug.finish()
    }
}

/// `application/x-www-form-urlencoded` encoding of one value (a space is `+`).
fn form_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6749 appendix A allows any of `%x20-7E` in a client id and secret.
    const SPECIAL: &str = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    #[test]
    fn client_auth_basic_form_encodes_id_and_secret() {
        let (user, password) =
            ClientAuth::basic(format!("id{SPECIAL}"), format!("pw{SPECIAL}é")).basic_credentials().unwrap();
        let encoded = "+%21%22%23%24%25%26%27%28%29*%2B%2C-.%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D%7E";
        assert_eq!(user, format!("id{encoded}"));
        assert_eq!(password, format!("pw{encoded}%C3%A9"));
        assert!(!user.contains(':'), "the id's colon cannot end the user name early");
    }

    #[test]
    fn client_auth_body_and_public_params() {
        assert_eq!(ClientAuth::body("a", "b").body_params(), [("client_id", "a"), ("client_secret", "b")]);
        assert_eq!(ClientAuth::public("a").body_params(), [("client_id", "a")]);
        assert!(ClientAuth::basic("a", "b").body_params().is_empty());
        assert!(ClientAuth::body("a", "b").basic_credentials().is_none());
    }

    #[test]
    fn client_auth_debug_never_shows_the_secret() {
        for auth in [ClientAuth::basic("id", "hunter2"), ClientAuth::body("id", "hunter2")] {
            assert!(!format!("{auth:?}").contains("hunter2"));
        }
    }
}
