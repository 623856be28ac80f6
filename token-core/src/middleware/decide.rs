//! The middleware's decisions, on plain data: where a token may go, which token may go, and
//! which answer means the token was refused. No HTTP crate here: the skins hand in strings and
//! numbers.

use super::{Error, Policy};
use crate::challenge;
use crate::{HeaderError, TokenType};

/// Whether a token may go to `scheme://host` (`None`: the URL has neither).
pub(crate) fn origin<E>(target: Option<(&str, &str)>, policy: &Policy) -> Result<(), Error<E>> {
    let Some((scheme, host)) = target.filter(|(scheme, host)| !scheme.is_empty() && !host.is_empty()) else {
        return Err(Error::NoHost);
    };
    if let Some(hosts) = &policy.only_hosts {
        if !hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(host)) {
            return Err(Error::HostNotAllowed { host: host.to_owned() });
        }
    }
    if crate::origin::is_secure(scheme, host, &policy.plain_http_hosts) {
        Ok(())
    } else {
        Err(Error::PlainHttp { host: host.to_owned() })
    }
}

/// Whether a token of this type may be sent as `Authorization: Bearer`.
pub(crate) fn bearer<E>(token_type: TokenType<'_>) -> Result<(), Error<E>> {
    match token_type {
        TokenType::Bearer => Ok(()),
        TokenType::DPoP => Err(Error::Dpop),
        _ => Err(Error::Header(HeaderError::NotBearer)),
    }
}

/// Whether an answer says the bearer token was refused: a 401 with a `Bearer` challenge whose
/// `error` is `invalid_token` or absent (RFC 6750 section 3.1); or, with
/// `refresh_unchallenged`, a 401 without any `WWW-Authenticate`. Malformed header values count
/// as no challenge.
pub(crate) fn refused<'a>(status: u16, www_authenticate: impl Iterator<Item = &'a str>, policy: &Policy) -> bool {
    if status != 401 {
        return false;
    }
    let mut challenged = false;
    for header in www_authenticate {
        challenged = true;
        let challenges = challenge::parse(header).unwrap_or_default();
        let refused = challenges
            .iter()
            .filter(|challenge| challenge.is("Bearer"))
            .any(|bearer| bearer.param("error").is_none_or(|error| error == "invalid_token"));
        if refused {
            return true;
        }
    }
    !challenged && policy.refresh_unchallenged
}

#[cfg(test)]
mod tests {
    use super::*;

    type E = std::convert::Infallible;

    fn refused_by(status: u16, headers: &[&str]) -> bool {
        refused(status, headers.iter().copied(), &Policy::new())
    }

    #[test]
    fn decide_refresh_only_for_an_invalid_or_bare_bearer_challenge() {
        assert!(refused_by(401, &[r#"Bearer realm="api", error="invalid_token", error_description="expired""#]));
        assert!(refused_by(401, &["Bearer"]));
        assert!(refused_by(401, &[r#"bearer realm="api""#]));
        assert!(refused_by(401, &[r#"Basic realm="x", Bearer error="invalid_token""#]));
        assert!(refused_by(401, &[r#"Basic realm="x""#, r#"Bearer error="invalid_token""#]));
        assert!(refused_by(401, &["garbage \"", "Bearer"]), "a malformed value does not hide the next");

        assert!(!refused_by(403, &[r#"Bearer error="insufficient_scope", scope="admin""#]));
        assert!(!refused_by(401, &[r#"Bearer error="insufficient_scope""#]));
        assert!(!refused_by(401, &[r#"Bearer error="invalid_request""#]));
        assert!(!refused_by(403, &[r#"Bearer error="invalid_token""#]));
        assert!(!refused_by(200, &["Bearer"]));
        assert!(!refused_by(401, &[r#"Basic realm="x""#]));
        assert!(!refused_by(401, &[r#"DPoP error="invalid_token""#]));
        assert!(!refused_by(401, &[r#"Bearer error="invalid_token"#]), "unterminated: no challenge");
        assert!(!refused_by(401, &[]));
    }

    #[test]
    fn decide_unchallenged_401_only_by_policy() {
        let policy = Policy::new().refresh_unchallenged(true);
        assert!(refused(401, [].into_iter(), &policy));
        assert!(!refused(401, [r#"Basic realm="x""#].into_iter(), &policy), "a challenge of another scheme");
        assert!(!refused(500, [].into_iter(), &policy));
    }

    #[test]
    fn decide_origin() {
        let policy = Policy::new();
        assert!(origin::<E>(Some(("https", "api.example.com")), &policy).is_ok());
        assert!(origin::<E>(Some(("http", "127.0.0.1")), &policy).is_ok());
        assert!(
            matches!(origin::<E>(Some(("http", "api.example.com")), &policy), Err(Error::PlainHttp { host }) if host == "api.example.com")
        );
        assert!(matches!(origin::<E>(None, &policy), Err(Error::NoHost)));
        assert!(matches!(origin::<E>(Some(("", "")), &policy), Err(Error::NoHost)));

        let policy = Policy::new().only_hosts(["api.example.com"]).allow_plain_http("sidecar");
        assert!(origin::<E>(Some(("https", "API.example.com")), &policy).is_ok());
        assert!(matches!(origin::<E>(Some(("https", "evil.example")), &policy), Err(Error::HostNotAllowed { .. })));
        assert!(matches!(origin::<E>(Some(("http", "sidecar")), &policy), Err(Error::HostNotAllowed { .. })));
        let policy = policy.only_hosts(["sidecar"]);
        assert!(origin::<E>(Some(("http", "sidecar")), &policy).is_ok());
    }

    #[test]
    fn decide_bearer_only() {
        assert!(bearer::<E>(TokenType::Bearer).is_ok());
        assert!(matches!(bearer::<E>(TokenType::DPoP), Err(Error::Dpop)));
        assert!(matches!(bearer::<E>(TokenType::Other("MAC")), Err(Error::Header(HeaderError::NotBearer))));
    }
}
