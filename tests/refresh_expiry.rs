//! The refresh token's expiry: the role `refresh_expires_at` (its names, attribute and units),
//! the name `refresh_expires` for the refresh token lifetime, and `refresh_expires_at()`: the
//! earlier of the absolute and the relative expiry, failing closed on an unreadable time.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use token_response::TokenResponse;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Epic Games' names: `refresh_expires` (a lifetime) and `refresh_expires_at` (an instant).
#[derive(TokenResponse)]
struct Epic {
    access_token: String,
    issued_at: Option<String>,
    refresh_expires: Option<u64>,
    refresh_expires_at: Option<String>,
}

fn epic(issued_at: Option<&str>, refresh_expires: Option<u64>, refresh_expires_at: Option<&str>) -> Epic {
    Epic {
        access_token: "a".into(),
        issued_at: issued_at.map(str::to_owned),
        refresh_expires,
        refresh_expires_at: refresh_expires_at.map(str::to_owned),
    }
}

#[test]
fn refresh_expires_is_the_refresh_token_lifetime() {
    let t = epic(Some("1000"), Some(28_800), None);
    assert_eq!(t.refresh_expires_in(), Some(Duration::from_secs(28_800)));
    assert_eq!(t.refresh_expires_at(), Some(at(29_800)));
    // Neither name is the access token's.
    assert_eq!((t.expires_in(), t.expires_at()), (None, None));
}

#[test]
fn refresh_expires_at_is_the_refresh_token_absolute_expiry() {
    let t = epic(None, None, Some("2023-08-31T00:29:11.893Z"));
    let expected = UNIX_EPOCH + Duration::from_millis(1_693_441_751_893);
    assert_eq!(t.refresh_token_absolute_expiry(), Some(expected));
    assert_eq!(t.refresh_expires_at(), Some(expected));
    assert!(t.is_refresh_expired_at(expected));
    assert!(!t.is_refresh_expired_at(expected - Duration::from_millis(1)));
    assert!(t.is_refresh_expired(), "2023 is past");
    assert_eq!((t.absolute_expiry(), t.expires_at()), (None, None), "the access token's expiry is apart");
}

#[test]
fn the_earlier_of_absolute_and_relative_counts_either_way() {
    // Relative first: 1000 + 100 < 5000.
    let t = epic(Some("1000"), Some(100), Some("5000"));
    assert_eq!(t.refresh_token_absolute_expiry(), Some(at(5_000)));
    assert_eq!(t.refresh_expires_at(), Some(at(1_100)));
    // Absolute first: 1050 < 1000 + 100.
    let t = epic(Some("1000"), Some(100), Some("1050"));
    assert_eq!(t.refresh_expires_at(), Some(at(1_050)));
    // Only one known: that one.
    assert_eq!(epic(None, Some(100), Some("1050")).refresh_expires_at(), Some(at(1_050)));
    assert_eq!(epic(Some("1000"), None, Some("7000")).refresh_expires_at(), Some(at(7_000)));
    assert_eq!(epic(Some("1000"), Some(100), None).refresh_expires_at(), Some(at(1_100)));
    // Neither: unknown, never expired.
    let t = epic(Some("1000"), None, None);
    assert_eq!(t.refresh_expires_at(), None);
    assert!(!t.is_refresh_expired_at(at(u32::MAX.into())));
}

#[test]
fn an_unreadable_refresh_expiry_fails_closed() {
    for unreadable in ["", " ", "never", "2023-08-31T00:29:11", "2023-08-31T00:29:11+0000", "NaN"] {
        // An unreadable absolute expiry, beside a later relative one or alone.
        for t in [epic(Some("1000"), Some(100_000), Some(unreadable)), epic(None, None, Some(unreadable))] {
            assert_eq!(t.refresh_token_absolute_expiry(), None, "{unreadable:?}");
            assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH), "{unreadable:?}");
            assert!(t.is_refresh_expired_at(UNIX_EPOCH), "{unreadable:?}");
        }
        // An unreadable issue time next to a known refresh lifetime.
        let t = epic(Some(unreadable), Some(100), Some("4102444800"));
        assert_eq!(t.issued_at(), None);
        assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH), "{unreadable:?}");
        // Without a refresh lifetime the expiry does not depend on the issue time.
        let t = epic(Some(unreadable), None, Some("4102444800"));
        assert_eq!(t.refresh_expires_at(), Some(at(4_102_444_800)), "{unreadable:?}");
        let t = epic(Some(unreadable), None, None);
        assert_eq!(t.refresh_expires_at(), None, "{unreadable:?}");
    }
}

#[test]
fn a_refresh_expiry_past_9999_is_unreadable_and_fails_closed() {
    for far in ["9".repeat(400), "1".repeat(40), "253402300800000".into(), "9999-12-31T23:59:60Z".into()] {
        let t = epic(None, None, Some(&far));
        assert_eq!((t.refresh_token_absolute_expiry(), t.refresh_expires_at()), (None, Some(UNIX_EPOCH)), "{far}");
        // Whatever a known relative expiry beside it says.
        let t = epic(Some("1000"), Some(10), Some(&far));
        assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH), "{far}");
    }
    let t = epic(None, None, Some("253402300799000"));
    assert_eq!(t.refresh_expires_at(), Some(at(253_402_300_799)));
}

/// `refresh_token_expires_at` is the role's other name, in any case style.
#[allow(non_snake_case)]
#[derive(TokenResponse)]
struct Pinterest {
    access_token: String,
    refresh_token_expires_at: i64,
}

#[allow(non_snake_case)]
#[derive(TokenResponse)]
struct Camel {
    accessToken: String,
    refreshTokenExpiresAt: f64,
    RefreshExpires: u32,
    createdAt: u64,
}

#[test]
fn refresh_token_expires_at_is_the_same_role_in_any_case() {
    let t = Pinterest { access_token: "a".into(), refresh_token_expires_at: 1_700_000_000 };
    assert_eq!(t.refresh_expires_at(), Some(at(1_700_000_000)));
    let t = Camel { accessToken: "a".into(), refreshTokenExpiresAt: 2_000.5, RefreshExpires: 3_000, createdAt: 0 };
    assert_eq!(t.refresh_token_absolute_expiry(), Some(UNIX_EPOCH + Duration::from_millis(2_000_500)));
    assert_eq!(t.refresh_expires_in(), Some(Duration::from_secs(3_000)));
    assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH + Duration::from_millis(2_000_500)));
}

/// The role by attribute, with each unit; `auto` by default.
#[derive(TokenResponse)]
struct Units {
    access_token: String,
    #[token(refresh_expires_at)]
    auto: Option<u64>,
}

#[derive(TokenResponse)]
struct Seconds {
    access_token: String,
    #[token(refresh_expires_at, unit = "s")]
    renewal_deadline: u64,
}

#[derive(TokenResponse)]
struct Millis {
    access_token: String,
    #[token(unit = "ms")]
    refresh_expires_at: String,
}

#[derive(TokenResponse)]
struct ExplicitAuto {
    access_token: String,
    #[token(refresh_expires_at, unit = "auto")]
    deadline: i64,
}

#[test]
fn the_role_by_attribute_takes_every_timestamp_unit() {
    let ms = |ms: u64| Some(UNIX_EPOCH + Duration::from_millis(ms));
    // `auto`: 100,000,000,000 and above is milliseconds.
    assert_eq!(
        Units { access_token: "a".into(), auto: Some(1_700_000_000) }.refresh_expires_at(),
        Some(at(1_700_000_000))
    );
    assert_eq!(
        Units { access_token: "a".into(), auto: Some(1_700_000_000_123) }.refresh_expires_at(),
        ms(1_700_000_000_123)
    );
    assert_eq!(Units { access_token: "a".into(), auto: None }.refresh_expires_at(), None);
    assert_eq!(
        ExplicitAuto { access_token: "a".into(), deadline: 100_000_000_000 }.refresh_expires_at(),
        at(100_000_000).into()
    );
    assert_eq!(
        ExplicitAuto { access_token: "a".into(), deadline: 99_999_999_999 }.refresh_expires_at(),
        at(99_999_999_999).into()
    );
    // `s` reads a large number as seconds, `ms` a small one as milliseconds, numeric strings too.
    let t = Seconds { access_token: "a".into(), renewal_deadline: 200_000_000_123 };
    assert_eq!(t.refresh_expires_at(), Some(at(200_000_000_123)));
    let t = Millis { access_token: "a".into(), refresh_expires_at: " 1500 ".into() };
    assert_eq!(t.refresh_expires_at(), ms(1_500));
    // `unit` does not apply to RFC 3339.
    let t = Millis { access_token: "a".into(), refresh_expires_at: "1970-01-01T00:00:02Z".into() };
    assert_eq!(t.refresh_expires_at(), Some(at(2)));
}

/// The refresh token's times never move the access token's, nor the other way round.
#[derive(TokenResponse)]
struct Both {
    access_token: String,
    issued_at: u64,
    expires_in: u64,
    expires_at: Option<u64>,
    refresh_expires_in: Option<u64>,
    refresh_expires_at: Option<&'static str>,
}

#[test]
fn the_two_tokens_expiries_are_independent() {
    let t = Both {
        access_token: "a".into(),
        issued_at: 1_000,
        expires_in: 60,
        expires_at: None,
        refresh_expires_in: Some(86_400),
        refresh_expires_at: Some("soon"),
    };
    assert_eq!(t.expires_at(), Some(at(1_060)), "an unreadable refresh expiry does not expire the access token");
    assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH));
    let t = Both { expires_at: Some(1_010), refresh_expires_at: None, ..t };
    assert_eq!(t.expires_at(), Some(at(1_010)));
    assert_eq!(
        t.refresh_expires_at(),
        Some(at(87_400)),
        "the access token's absolute expiry is not the refresh token's"
    );
    assert!(!t.is_refresh_expired_at(at(1_010)));
}
