//! The pipeline a client runs per token response, on a realistic Google response, four ways:
//! derived (owned), derived (borrowed), hand-written, and `oauth2::basic::BasicTokenResponse`.
//!
//! Each pipeline parses the body with serde_json (stamping the receipt time, one clock read),
//! counts the scopes under [`PREFIX`], builds the bearer header and checks
//! `needs_refresh_at(now)`.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use oauth2::TokenResponse as _;
use oauth2::basic::{BasicTokenResponse, BasicTokenType};
use serde::Deserialize;
use token_response::{ReceivedAt, TokenResponse};

use crate::hand::{GoogleByHand, GoogleTraitByHand};

/// The scopes the pipeline counts.
pub const PREFIX: &str = "https://www.googleapis.com/auth/";

/// What each pipeline returns: scopes under [`PREFIX`], the header, whether to refresh.
pub type Outcome = (usize, String, bool);

/// A pipeline: the response body and `now` in, the [`Outcome`] out.
pub type Pipeline = fn(&str, SystemTime) -> Outcome;

/// The bodies the pipeline parses, by name.
pub const BODIES: [(&str, bool); 2] = [("google", false), ("google_openid", true)];

/// A Google token response with the sizes Google sends today: a 218-byte `ya29.` access token,
/// a 103-byte refresh token and five scopes, four of them under [`PREFIX`]. With `openid`, the
/// `openid` scope replaces Gmail's and the response carries a 1 KB `id_token` (a JWT the
/// pipeline does not read). The fields are those of Google's documentation; the values are
/// made up.
///
/// Every struct here keeps the fields `oauth2::basic::BasicTokenResponse` keeps (access token,
/// token type, lifetime, refresh token, scope), so each pipeline retains the same information:
/// all four skip the `id_token`.
pub fn body(openid: bool) -> String {
    let (last_scope, id_token) = if openid {
        let jwt = format!(
            "eyJhbGciOiJSUzI1NiIsImtpZCI6IjZmOTc3N2E2ODU5MDc3OThlZjc5NDA2MmMwMGI2NWQ2NmMyNDBiMWIiLCJ0eXAiOiJKV1QifQ.{}.{}",
            base64url(3, 600),
            base64url(4, 342)
        );
        ("openid", format!(",\n  \"id_token\": \"{jwt}\""))
    } else {
        ("https://mail.google.com/", String::new())
    };
    format!(
        r#"{{
  "access_token": "ya29.{access}",
  "expires_in": 3599,
  "refresh_token": "1//{refresh}",
  "scope": "https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/drive.readonly {last_scope} https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/userinfo.profile",
  "token_type": "Bearer"{id_token}
}}"#,
        access = base64url(1, 213),
        refresh = base64url(2, 100),
    )
}

/// `len` base64url characters, the same for the same `seed`.
pub fn base64url(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            // xorshift64: deterministic, uniform enough for made-up tokens.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(ALPHABET[usize::try_from(state % 64).unwrap_or(0)])
        })
        .collect()
}

/// (a) The derived struct, owning its strings, plus the receipt time.
#[derive(Deserialize, TokenResponse)]
pub struct Google {
    pub access_token: String,
    pub expires_in: u64,
    pub token_type: String,
    pub scope: String,
    pub refresh_token: Option<String>,
    #[serde(default)]
    #[token(issued_at)]
    pub received_at: ReceivedAt,
}

/// The derived struct borrowing from the body: `Cow` with `#[serde(borrow)]` for the fields
/// read, `&str` for the optional one (serde borrows an `Option<Cow>` never, an `Option<&str>`
/// always). The bench's body has no escapes; a body that writes `/` as `\/` (PHP does, and
/// Google's refresh tokens start with `1//`) fails on that `&str`: outside a bench, use `String`.
#[derive(Deserialize, TokenResponse)]
pub struct GoogleBorrowed<'a> {
    #[serde(borrow)]
    pub access_token: Cow<'a, str>,
    pub expires_in: u64,
    #[serde(borrow)]
    pub token_type: Cow<'a, str>,
    #[serde(borrow)]
    pub scope: Cow<'a, str>,
    pub refresh_token: Option<&'a str>,
    #[serde(default)]
    #[token(issued_at)]
    pub received_at: ReceivedAt,
}

/// (a) The pipeline on the derived, owned struct.
pub fn derived(body: &str, now: SystemTime) -> Outcome {
    let token: Google = serde_json::from_str(body).expect("a Google token response");
    (
        token.scopes().filter(|scope| scope.starts_with(PREFIX)).count(),
        token.bearer_header().expect("a bearer token"),
        token.needs_refresh_at(now),
    )
}

/// The pipeline on the derived, borrowed struct.
pub fn borrowed(body: &str, now: SystemTime) -> Outcome {
    let token: GoogleBorrowed<'_> = serde_json::from_str(body).expect("a Google token response");
    (
        token.scopes().filter(|scope| scope.starts_with(PREFIX)).count(),
        token.bearer_header().expect("a bearer token"),
        token.needs_refresh_at(now),
    )
}

/// The pipeline on the same struct with `TokenResponse` implemented by hand.
pub fn trait_by_hand(body: &str, now: SystemTime) -> Outcome {
    let token: GoogleTraitByHand = serde_json::from_str(body).expect("a Google token response");
    (
        token.scopes().filter(|scope| scope.starts_with(PREFIX)).count(),
        token.bearer_header().expect("a bearer token"),
        token.needs_refresh_at(now),
    )
}

/// (b) The pipeline on the same struct with the logic written by hand.
pub fn hand(body: &str, now: SystemTime) -> Outcome {
    let token: GoogleByHand = serde_json::from_str(body).expect("a Google token response");
    (
        token.scopes().filter(|scope| scope.starts_with(PREFIX)).count(),
        token.bearer_header().expect("a bearer token"),
        token.needs_refresh_at(now),
    )
}

/// (c) The nearest equivalent with `oauth2`: its response type, its scope list, `"Bearer {}"`
/// from its secret, and the expiry from `expires_in` and a receipt time kept beside it, with
/// the same leeway rule as the others.
pub fn oauth2(body: &str, now: SystemTime) -> Outcome {
    let received = SystemTime::now();
    let token: BasicTokenResponse = serde_json::from_str(body).expect("a Google token response");
    let scopes = token.scopes().map_or(0, |scopes| scopes.iter().filter(|scope| scope.starts_with(PREFIX)).count());
    assert!(matches!(token.token_type(), BasicTokenType::Bearer), "a bearer token");
    let header = format!("Bearer {}", token.access_token().secret());
    let refresh = token.expires_in().is_some_and(|lifetime| {
        let leeway = Duration::from_secs(60).min(lifetime / 2);
        match (received.checked_add(lifetime), now.checked_add(leeway)) {
            (Some(expires), Some(soon)) => soon >= expires,
            (Some(_), None) => true,
            (None, _) => false,
        }
    });
    (scopes, header, refresh)
}
