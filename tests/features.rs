//! The optional ecosystem integrations, one module per cargo feature: each compiles and runs
//! only with its feature (`cargo test --all-features` runs them all).

#[cfg(feature = "chrono")]
mod chrono {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use chrono::{DateTime, FixedOffset, Utc};
    use serde::Deserialize;
    use token_response::TokenResponse;

    #[derive(TokenResponse)]
    struct Issued {
        access_token: String,
        issued_at: DateTime<Utc>,
        expires_in: u64,
    }

    #[derive(Deserialize, TokenResponse)]
    struct Absolute {
        access_token: String,
        expires_at: Option<DateTime<Utc>>,
    }

    fn utc(secs: i64, nanos: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, nanos).expect("in chrono's range")
    }

    fn absolute(expires_at: DateTime<Utc>) -> Option<SystemTime> {
        Absolute { access_token: "a".into(), expires_at: Some(expires_at) }.expires_at()
    }

    #[test]
    fn issue_time_plus_lifetime_keeps_nanoseconds() {
        let t = Issued { access_token: "a".into(), issued_at: utc(1_700_000_000, 250_000_001), expires_in: 60 };
        let issued = UNIX_EPOCH + Duration::new(1_700_000_000, 250_000_001);
        assert_eq!(t.issued_at(), Some(issued));
        assert_eq!(t.expires_at(), Some(issued + Duration::from_secs(60)));
        assert!(!t.is_expired_at(issued + Duration::from_secs(59)));
        assert!(t.is_expired_at(issued + Duration::from_secs(60)));
    }

    #[test]
    fn absolute_expiry_from_json_and_absent() {
        let t: Absolute =
            serde_json::from_str(r#"{"access_token": "a", "expires_at": "2023-11-14T22:13:20Z"}"#).expect("valid");
        assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
        let t: Absolute = serde_json::from_str(r#"{"access_token": "a", "expires_at": null}"#).expect("valid");
        assert_eq!(t.expires_at(), None);
        assert!(!t.is_expired());
    }

    #[test]
    fn before_1970_counts_back_from_the_epoch() {
        // -1.5 s is second -2 plus half a second.
        assert_eq!(absolute(utc(-2, 500_000_000)), UNIX_EPOCH.checked_sub(Duration::from_millis(1_500)));
    }

    #[test]
    fn a_leap_second_is_the_second_after() {
        assert_eq!(
            absolute(utc(1_483_228_799, 1_500_000_000)),
            Some(UNIX_EPOCH + Duration::from_millis(1_483_228_800_500))
        );
    }

    #[test]
    fn chronos_range_converts_exactly_up_to_the_end_of_9999() {
        let last = utc(253_402_300_799, 0);
        for edge in [DateTime::<Utc>::MIN_UTC, last] {
            let secs = edge.timestamp();
            let whole = match u64::try_from(secs) {
                Ok(after) => UNIX_EPOCH.checked_add(Duration::from_secs(after)),
                Err(_) => UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs())),
            };
            let expected =
                whole.and_then(|w| w.checked_add(Duration::from_nanos(edge.timestamp_subsec_nanos().into())));
            assert!(expected.is_some(), "SystemTime on this platform holds chrono's range");
            assert_eq!(absolute(edge), expected);
        }
        // Later is no expiry a server means: it fails closed.
        for later in [utc(253_402_300_799, 1), DateTime::<Utc>::MAX_UTC] {
            assert_eq!(absolute(later), Some(UNIX_EPOCH), "{later}");
        }
    }

    #[test]
    fn any_time_zone_is_the_same_instant() {
        #[derive(TokenResponse)]
        struct Zoned {
            access_token: String,
            expires_at: DateTime<FixedOffset>,
        }

        let offset = FixedOffset::east_opt(5 * 3600 + 1800).expect("valid offset");
        let t = Zoned { access_token: "a".into(), expires_at: utc(1_700_000_000, 0).with_timezone(&offset) };
        assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
    }

    #[test]
    fn unit_does_not_apply() {
        #[derive(TokenResponse)]
        struct Millis {
            access_token: String,
            #[token(expires_at, unit = "ms")]
            expires_at: DateTime<Utc>,
        }

        let t = Millis { access_token: "a".into(), expires_at: utc(1_700_000_000, 0) };
        assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
    }
}

#[cfg(feature = "time")]
mod time {
    use std::time::{Duration, UNIX_EPOCH};

    use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};
    use token_response::TokenResponse;

    #[derive(TokenResponse)]
    struct Tok {
        access_token: String,
        issued_at: Option<OffsetDateTime>,
        expires_at: Option<OffsetDateTime>,
        refresh_expires_in: u64,
    }

    fn at(unix_nanos: i128) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(unix_nanos).expect("in time's range")
    }

    fn tok(issued_at: Option<OffsetDateTime>, expires_at: Option<OffsetDateTime>) -> Tok {
        Tok { access_token: "a".into(), issued_at, expires_at, refresh_expires_in: 600 }
    }

    #[test]
    fn issue_time_and_absolute_expiry_to_the_nanosecond() {
        let t = tok(Some(at(1_700_000_000_000_000_007)), Some(at(1_700_003_600_000_000_007)));
        let issued = UNIX_EPOCH + Duration::new(1_700_000_000, 7);
        assert_eq!(t.issued_at(), Some(issued));
        assert_eq!(t.expires_at(), Some(issued + Duration::from_secs(3600)));
        assert_eq!(t.refresh_expires_at(), Some(issued + Duration::from_secs(600)));
        assert_eq!(t.remaining_at(issued), Some(Duration::from_secs(3600)));
    }

    #[test]
    fn absent_is_unknown() {
        let t = tok(None, None);
        assert_eq!((t.issued_at(), t.expires_at(), t.refresh_expires_at()), (None, None, None));
        assert!(!t.is_expired() && !t.needs_refresh() && !t.is_refresh_expired());
    }

    #[test]
    fn the_offset_does_not_move_the_instant() {
        let offset = UtcOffset::from_hms(-9, -30, 0).expect("valid offset");
        let t = tok(None, Some(at(1_700_000_000_000_000_000).to_offset(offset)));
        assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
    }

    #[test]
    fn before_1970_counts_back_from_the_epoch() {
        let t = tok(Some(at(-1_500_000_000)), None);
        assert_eq!(t.issued_at(), UNIX_EPOCH.checked_sub(Duration::from_millis(1_500)));
    }

    #[test]
    fn times_range_converts_exactly_up_to_the_end_of_9999() {
        let last = OffsetDateTime::from_unix_timestamp(253_402_300_799).expect("in range");
        for edge in [PrimitiveDateTime::MIN.assume_utc(), last] {
            let nanos = edge.unix_timestamp_nanos();
            let length = Duration::new(
                u64::try_from(nanos.unsigned_abs() / 1_000_000_000).expect("fits"),
                u32::try_from(nanos.unsigned_abs() % 1_000_000_000).expect("below a second"),
            );
            let expected = if nanos < 0 { UNIX_EPOCH.checked_sub(length) } else { UNIX_EPOCH.checked_add(length) };
            assert!(expected.is_some(), "SystemTime on this platform holds time's range");
            assert_eq!(tok(None, Some(edge)).expires_at(), expected);
        }
        // Later is no expiry a server means: it fails closed.
        assert_eq!(tok(None, Some(PrimitiveDateTime::MAX.assume_utc())).expires_at(), Some(UNIX_EPOCH));
    }
}

#[cfg(feature = "secrecy")]
mod secrecy {
    use secrecy::SecretString;
    use serde::Deserialize;
    use token_response::TokenResponse;

    const ACCESS: &str = "s3cr3t-access-9f8e7d";
    const REFRESH: &str = "s3cr3t-refresh-1a2b3c";

    #[derive(Debug, Deserialize, TokenResponse)]
    struct Plain {
        access_token: SecretString,
        refresh_token: Option<SecretString>,
        token_type: String,
    }

    #[derive(TokenResponse)]
    #[token(debug)]
    struct Redacting {
        access_token: SecretString,
        refresh_token: SecretString,
        scope: String,
    }

    fn plain() -> Plain {
        serde_json::from_str(&format!(
            r#"{{"access_token": "{ACCESS}", "refresh_token": "{REFRESH}", "token_type": "Bearer"}}"#
        ))
        .expect("valid")
    }

    #[test]
    fn accepted_as_access_and_refresh_token() {
        let t = plain();
        assert_eq!(t.access_token(), ACCESS);
        assert_eq!(t.refresh_token(), Some(REFRESH));
        assert_eq!(t.bearer_header(), Ok(format!("Bearer {ACCESS}")));
        assert_eq!(t.authorization_header(), Ok(format!("Bearer {ACCESS}")));
    }

    #[test]
    fn empty_or_absent_refresh_token_is_none() {
        let t: Plain = serde_json::from_str(r#"{"access_token": "a", "refresh_token": "", "token_type": "Bearer"}"#)
            .expect("valid");
        assert_eq!(t.refresh_token(), None);
        let t: Plain = serde_json::from_str(r#"{"access_token": "a", "token_type": "Bearer"}"#).expect("valid");
        assert_eq!(t.refresh_token(), None);
    }

    #[test]
    fn derived_debug_exposes_nothing() {
        for debug in [format!("{:?}", plain()), format!("{:#?}", plain())] {
            assert!(!debug.contains(ACCESS) && !debug.contains(REFRESH), "{debug}");
            assert!(debug.contains("Bearer"), "other fields still show: {debug}");
        }
    }

    #[test]
    fn token_debug_redacts_and_shows_the_rest() {
        let t = Redacting { access_token: ACCESS.into(), refresh_token: REFRESH.into(), scope: "read".into() };
        let debug = format!("{t:?}");
        assert!(!debug.contains(ACCESS) && !debug.contains(REFRESH), "{debug}");
        assert!(
            debug.starts_with("Redacting {") && debug.contains("<redacted>") && debug.contains("\"read\""),
            "{debug}"
        );
        assert!(t.has_scope("read"));
    }

    #[test]
    fn a_header_is_still_guarded() {
        let t = Redacting { access_token: "a\r\nX-Evil: 1".into(), refresh_token: "".into(), scope: String::new() };
        assert_eq!(t.bearer_header(), Err(token_response::HeaderError::InvalidChar));
        assert_eq!(t.refresh_token(), None);
    }
}
