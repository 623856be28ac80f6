//! Every expiry input that holds a value but no readable one fails closed, whatever the other
//! fields say (contract v3): a lifetime that is negative, NaN, infinite or not a number; an
//! absolute expiry, issue time or receipt time that is no time, or past 9999-12-31T23:59:59Z
//! (`f64::MAX`, a 40-digit number). The token then counts as expired: `expires_at()` is
//! `UNIX_EPOCH`, except for a bad lifetime beside a readable issue time, which is a lifetime of
//! zero. The same for the refresh token. An absent field is unknown, not unreadable.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use token_response::TokenResponse;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Every expiry input as JSON sends it: a number or a string, or absent.
#[derive(Deserialize, TokenResponse, Debug)]
struct Loose {
    access_token: String,
    expires_in: Option<Json>,
    expires_at: Option<Json>,
    issued_at: Option<Json>,
    received_at: Option<Json>,
    refresh_token: Option<String>,
    refresh_expires_in: Option<Json>,
    refresh_expires_at: Option<Json>,
}

/// A JSON value as a field type: numbers as `f64` (with NaN for one too large), strings as
/// timestamp or numeric strings.
mod value {
    use serde_json::Value;
    use token_response::{
        AbsoluteExpiryField, IssueTimeField, Lifetime, LifetimeField, ReceiptTimeField,
        RefreshTokenAbsoluteExpiryField, RefreshTokenLifetimeField, Timestamp, Unit,
    };

    fn float(value: &Value) -> f64 {
        value.as_f64().unwrap_or(f64::NAN)
    }

    macro_rules! by_kind {
        ($($role:ident :: $method:ident -> $out:ty),*) => {$(
            impl $role for super::Json {
                fn $method(&self, unit: Unit) -> $out {
                    match &self.0 {
                        Value::String(text) => $role::$method(&text.as_str(), unit),
                        number => $role::$method(&float(number), unit),
                    }
                }
            }
        )*};
    }
    by_kind!(
        LifetimeField::lifetime -> Lifetime,
        RefreshTokenLifetimeField::lifetime -> Lifetime,
        IssueTimeField::timestamp -> Timestamp,
        ReceiptTimeField::timestamp -> Timestamp,
        AbsoluteExpiryField::timestamp -> Timestamp,
        RefreshTokenAbsoluteExpiryField::timestamp -> Timestamp
    );
}

/// One JSON value as a field.
#[derive(Deserialize, Debug)]
struct Json(serde_json::Value);

/// Each field of a token, a JSON value or absent.
#[derive(TokenResponse)]
struct Tok {
    access_token: &'static str,
    expires_in: Option<Json>,
    expires_at: Option<Json>,
    issued_at: Option<Json>,
    received_at: Option<Json>,
    refresh_expires_in: Option<Json>,
    refresh_expires_at: Option<Json>,
}

fn tok(fields: serde_json::Value) -> Tok {
    let field = |name: &str| fields.get(name).cloned().map(Json);
    Tok {
        access_token: "a",
        expires_in: field("expires_in"),
        expires_at: field("expires_at"),
        issued_at: field("issued_at"),
        received_at: field("received_at"),
        refresh_expires_in: field("refresh_expires_in"),
        refresh_expires_at: field("refresh_expires_at"),
    }
}

const FAR: f64 = 4_000_000_000.0; // 2096

/// Lifetimes that are no lifetime.
fn bad_lifetimes() -> Vec<serde_json::Value> {
    use serde_json::json;
    vec![json!(-1), json!(-0.5), json!("n/a"), json!(""), json!(" "), json!("-60"), json!("1e3"), json!("NaN")]
}

/// Times that are no time, or past 9999-12-31T23:59:59Z.
fn bad_times() -> Vec<serde_json::Value> {
    use serde_json::json;
    vec![
        json!("soon"),
        json!(""),
        json!("2023-08-30T18:29:11"),
        json!("2023-08-30T18:29:11+0200"),
        json!(f64::MAX),
        json!("1".repeat(40)),
        json!("9".repeat(400)),
        json!(253_402_300_800_000_i64), // 10000-01-01T00:00:00Z in milliseconds
        json!("9999-12-31T23:59:60Z"),
        json!("9999-12-31T23:59:59.5Z"),
        json!(u64::MAX),
        json!("inf"),
    ]
}

#[test]
fn a_bad_lifetime_beside_a_far_absolute_expiry_is_expired() {
    for bad in bad_lifetimes() {
        let t = tok(serde_json::json!({"expires_in": bad, "expires_at": FAR}));
        assert_eq!(t.expires_in(), Some(Duration::ZERO), "{bad}");
        assert_eq!(t.expires_at(), Some(UNIX_EPOCH), "{bad}");
        assert!(t.is_expired() && t.needs_refresh(), "{bad}");
        // Beside a readable issue time: a lifetime of zero, expired at its issue time.
        let t = tok(serde_json::json!({"expires_in": bad, "expires_at": FAR, "issued_at": 1_000}));
        assert_eq!(t.expires_at(), Some(at(1_000)), "{bad}");
        // The refresh token's alike.
        let t = tok(serde_json::json!({"refresh_expires_in": bad, "refresh_expires_at": FAR}));
        assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH), "{bad}");
        let t = tok(serde_json::json!({"refresh_expires_in": bad, "refresh_expires_at": FAR, "received_at": 1_000}));
        assert_eq!(t.refresh_expires_at(), Some(at(1_000)), "{bad}");
    }
}

#[test]
fn a_bad_absolute_expiry_is_expired_whatever_the_lifetime() {
    for bad in bad_times() {
        let t = tok(serde_json::json!({"expires_at": bad, "expires_in": 3600, "issued_at": FAR}));
        assert_eq!((t.absolute_expiry(), t.expires_at()), (None, Some(UNIX_EPOCH)), "{bad}");
        assert!(t.is_expired(), "{bad}");
        let t = tok(serde_json::json!({"refresh_expires_at": bad, "refresh_expires_in": 3600, "issued_at": FAR}));
        assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH), "{bad}");
        assert!(t.is_refresh_expired(), "{bad}");
    }
}

#[test]
fn a_bad_issue_or_receipt_time_beside_a_lifetime_is_expired() {
    for bad in bad_times() {
        for time in ["issued_at", "received_at"] {
            let t =
                tok(serde_json::json!({time: bad, "expires_in": 3600, "expires_at": FAR, "refresh_expires_in": 60}));
            assert_eq!(t.issued_at(), None, "{time} {bad}");
            assert_eq!(t.expires_at(), Some(UNIX_EPOCH), "{time} {bad}");
            assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH), "{time} {bad}");
            // With no lifetime, no expiry depends on it.
            let t = tok(serde_json::json!({time: bad, "expires_at": FAR}));
            assert_eq!(t.expires_at(), Some(at(4_000_000_000)), "{time} {bad}");
        }
    }
}

#[test]
fn absent_is_unknown_and_readable_is_read() {
    let t = tok(serde_json::json!({}));
    assert_eq!((t.expires_in(), t.issued_at(), t.expires_at(), t.refresh_expires_at()), (None, None, None, None));
    assert!(!t.is_expired());
    let t = tok(serde_json::json!({"expires_in": "3600", "issued_at": "2023-11-14T22:13:20Z"}));
    assert_eq!(t.expires_at(), Some(at(1_700_003_600)));
    let t = tok(serde_json::json!({"expires_at": "9999-12-31T23:59:59Z"}));
    assert_eq!(t.expires_at(), Some(at(253_402_300_799)), "the last readable second");
    assert!(!t.is_expired());
}

#[test]
fn the_issues_hostile_shapes_read_from_json() {
    let read = |body: &str| serde_json::from_str::<Loose>(body).unwrap();
    for body in [
        r#"{"access_token": "a", "expires_in": -1, "expires_at": 4000000000}"#,
        r#"{"access_token": "a", "expires_in": "n/a", "expires_at": 4000000000}"#,
        r#"{"access_token": "a", "expires_at": 1.7976931348623157e308}"#,
        r#"{"access_token": "a", "expires_at": "1111111111111111111111111111111111111111"}"#,
    ] {
        let t = read(body);
        assert_eq!(t.expires_at(), Some(UNIX_EPOCH), "{body}");
        assert!(t.is_expired(), "{body}");
    }
}
