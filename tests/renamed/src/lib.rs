//! A user's crate that depends on the facade under another name (`my_tokens`) and names it with
//! `#[token(crate = "...")]`: the generated code must compile and answer correctly with no
//! `token_response` in scope.
#![forbid(unsafe_code)]

use my_tokens::TokenResponse;

/// Every role, a redacting `Debug` and a non-default leeway, through the renamed crate.
#[derive(TokenResponse)]
#[token(crate = "my_tokens", debug, refresh_leeway = 10)]
pub struct Renamed {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub token_type: Option<String>,
    pub expires_in: u64,
    pub issued_at: String,
    pub refresh_expires_in: u32,
    #[token(delimiter = ",")]
    pub scope: String,
}

/// The crate named by an absolute path, on a generic struct with a lifetime.
#[derive(TokenResponse)]
#[token(crate = "::my_tokens")]
pub struct Absolute<'a, T> {
    pub access_token: T,
    pub expires_at: &'a str,
    #[serde(default)]
    pub received: my_tokens::ReceivedAt,
}

/// The crate reached through a re-export of the user's own.
pub mod reexport {
    pub use my_tokens as inner;
}

#[derive(TokenResponse)]
#[token(crate = "crate::reexport::inner")]
pub struct ThroughReexport {
    #[token(access_token)]
    pub key: Box<str>,
    #[serde(default)]
    #[token(issued_at)]
    pub received: my_tokens::ReceivedAt,
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use my_tokens::{HeaderError, ReceivedAt, TokenResponse, TokenType};

    use super::{Absolute, Renamed, ThroughReexport};

    fn renamed() -> Renamed {
        Renamed {
            access_token: "Ab3Cd5Ef7Gh9".into(),
            refresh_token: Some("Rz1Yx2Wv3Ut4".into()),
            token_type: Some("DPoP".into()),
            expires_in: 100,
            issued_at: "1700000000000".into(),
            refresh_expires_in: 3600,
            scope: "repo, gist".into(),
        }
    }

    #[test]
    fn every_role_answers_through_the_renamed_crate() {
        let t = renamed();
        let issued = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(t.access_token(), "Ab3Cd5Ef7Gh9");
        assert_eq!(t.refresh_token(), Some("Rz1Yx2Wv3Ut4"));
        assert_eq!(t.token_type(), TokenType::DPoP);
        assert_eq!(t.issued_at(), Some(issued));
        assert_eq!(t.expires_at(), Some(issued + Duration::from_secs(100)));
        assert_eq!(t.refresh_expires_at(), Some(issued + Duration::from_secs(3600)));
        assert_eq!(t.scopes().collect::<Vec<_>>(), ["repo", "gist"]);
        assert_eq!(t.refresh_leeway(), Duration::from_secs(10));
        assert!(!t.needs_refresh_at(issued + Duration::from_secs(89)));
        assert!(t.needs_refresh_at(issued + Duration::from_secs(90)));
        assert_eq!(t.bearer_header(), Err(HeaderError::NotBearer));
        assert_eq!(t.authorization_header().as_deref(), Ok("DPoP Ab3Cd5Ef7Gh9"));
    }

    #[test]
    fn debug_redacts_through_the_renamed_crate() {
        let output = format!("{:?}", renamed());
        assert!(output.starts_with("Renamed {"), "{output}");
        assert!(output.contains("expires_in: 100"), "{output}");
        assert!(!output.contains("Ab3C") && !output.contains("Rz1Y"), "{output}");
    }

    #[test]
    fn an_absolute_crate_path_and_generics() {
        let t = Absolute { access_token: "abc", expires_at: "1700000000", received: ReceivedAt::now() };
        assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
        assert!(t.is_expired());
        assert_eq!(t.bearer_header().as_deref(), Ok("Bearer abc"));
        assert!(t.received <= ReceivedAt::now());
    }

    #[test]
    fn a_crate_path_through_a_reexport() {
        let received = ReceivedAt::from(UNIX_EPOCH);
        let t = ThroughReexport { key: "k".into(), received };
        assert_eq!(t.access_token(), "k");
        assert_eq!(t.issued_at(), Some(UNIX_EPOCH));
        assert_eq!(t.expires_at(), None);
    }
}
