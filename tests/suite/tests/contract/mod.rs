//! What the contract says of every method's answer, checked on any value: shared by the
//! property tests (`tests/suite/tests/properties.rs`) and the fuzz targets (`fuzz/`), which include this file.
//! Each check panics on a breach, which proptest and libFuzzer both report.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use token_response::{Delimiter, HeaderError, Lifetime, Scopes, Timestamp, TokenResponse, TokenType};

/// Where a response's scopes come from, to check them against.
#[derive(Debug, Clone)]
pub enum ScopeSource<'a> {
    /// A scope string split by a delimiter (an absent one: `""`).
    Text(&'a str, Delimiter),
    /// A list, one scope an element (an absent one: empty).
    List(Vec<&'a str>),
}

/// Calls every method of `t` and checks each answer against the others and the contract.
pub fn check_response(t: &dyn TokenResponse, scopes: &ScopeSource<'_>) {
    assert!(t.refresh_token().is_none_or(|refresh| !refresh.is_empty()), "an empty refresh token is None");
    check_times(t);
    check_scopes(t.scopes(), scopes);
    for scope in t.scopes() {
        assert!(t.has_scope(scope), "{scope:?} is granted");
    }
    assert!(t.has_scopes(&t.scopes().collect::<Vec<_>>()));
    assert!(t.has_scopes(&[]));
    check_headers(t);
}

/// Expiry and refresh: derived from the fields as the contract says, and consistent over time.
fn check_times(t: &dyn TokenResponse) {
    let expires = t.expires_at();
    let sum = |at: Option<SystemTime>, life: Option<Duration>| at?.checked_add(life?);
    // The earlier of those known; or, when a time it depends on is unreadable (which the
    // accessors answer as absent), `UNIX_EPOCH`: never later than what the readable times say.
    let earliest = |a: Option<SystemTime>, b: Option<SystemTime>| match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    for (computed, expiry) in [
        (earliest(t.absolute_expiry(), sum(t.issued_at(), t.expires_in())), expires),
        (
            earliest(t.refresh_token_absolute_expiry(), sum(t.issued_at(), t.refresh_expires_in())),
            t.refresh_expires_at(),
        ),
    ] {
        assert!(expiry == computed || expiry == Some(UNIX_EPOCH), "{expiry:?}, computed {computed:?}");
    }
    let _ = (t.is_expired(), t.remaining(), t.needs_refresh(), t.is_refresh_expired());

    let (mut was_expired, mut was_due) = (false, false);
    for now in probes(t) {
        let expired = t.is_expired_at(now);
        assert_eq!(expired, expires.is_some_and(|e| now >= e));
        match (t.remaining_at(now), expires) {
            (None, None) => {}
            (Some(left), Some(_)) if expired => assert_eq!(left, Duration::ZERO),
            (Some(left), Some(e)) => assert_eq!(now.checked_add(left), Some(e)),
            (left, e) => panic!("remaining {left:?} with expiry {e:?}"),
        }
        let due = t.needs_refresh_at(now);
        assert!(!expired || due, "an expired token needs a refresh");
        assert!(expires.is_some() || !due, "an unknown expiry never needs a refresh");
        assert!(!was_expired || expired, "expiry does not go back");
        assert!(!was_due || due, "a refresh, once due, stays due");
        (was_expired, was_due) = (expired, due);
        assert_eq!(t.is_refresh_expired_at(now), t.refresh_expires_at().is_some_and(|e| now >= e));
    }
    // The leeway, capped at half the lifetime, is never more than `refresh_leeway`.
    let early = expires.and_then(|e| e.checked_sub(t.refresh_leeway())?.checked_sub(Duration::from_nanos(1)));
    if let Some(early) = early {
        assert!(!t.needs_refresh_at(early), "no refresh due earlier than the leeway before expiry");
    }
}

/// The expiry inputs of one token (or of its refresh token), as its fields hold them: what the
/// fail-closed rule is written in.
#[derive(Debug, Clone, Copy)]
pub struct Inputs {
    pub absolute: Timestamp,
    pub issued: Timestamp,
    pub received: Timestamp,
    pub lifetime: Lifetime,
}

/// The fail-closed rule: an expiry input that holds a value but no readable one (an absolute
/// expiry; a lifetime; an issue or receipt time when a lifetime is given) makes `expiry`
/// `UNIX_EPOCH`, whatever the others say, except an unreadable lifetime beside a readable issue
/// time, which is a lifetime of zero. Otherwise `expiry` is the earlier of the absolute expiry
/// and issue time + lifetime, the issue time being the earlier of issue and receipt time.
pub fn check_fail_closed(inputs: Inputs, expiry: Option<SystemTime>) {
    let Inputs { absolute, issued, received, lifetime } = inputs;
    let issue_time = match (issued, received) {
        (Timestamp::At(a), Timestamp::At(b)) => Some(a.min(b)),
        (Timestamp::At(a), Timestamp::Absent) | (Timestamp::Absent, Timestamp::At(a)) => Some(a),
        _ => None,
    };
    let bad_issue = issued.is_unreadable() || received.is_unreadable();
    let with_lifetime = lifetime != Lifetime::Absent;
    if absolute.is_unreadable()
        || (with_lifetime && bad_issue)
        || (lifetime == Lifetime::Unreadable && issue_time.is_none())
    {
        assert_eq!(expiry, Some(UNIX_EPOCH), "{inputs:?}");
        return;
    }
    let relative = match lifetime {
        Lifetime::Of(lifetime) => issue_time.and_then(|issued| issued.checked_add(lifetime)),
        Lifetime::Unreadable => issue_time,
        Lifetime::Absent => None,
    };
    let expected = match (absolute.instant(), relative) {
        (Some(a), Some(r)) => Some(a.min(r)),
        (a, r) => a.or(r),
    };
    assert_eq!(expiry, expected, "{inputs:?}");
}

/// `merged` is `before` after `merged.inherit(previous)`: the access token and the access
/// token's times are unchanged; the refresh token is `previous`'s when `before` has none; the
/// scopes are `previous`'s when `before` has none. The refresh token's expiry, when the refresh
/// token was copied and `before`'s own is later, is `previous`'s to the second when `can_hold`
/// (or earlier: `before`'s issue time when no time was left, `before`'s own relative expiry when
/// that is earlier, `UNIX_EPOCH` when `before` had an unreadable input that still fails closed),
/// and as it was otherwise.
pub fn check_inherit(
    before: &dyn TokenResponse,
    previous: &dyn TokenResponse,
    merged: &dyn TokenResponse,
    can_hold: bool,
) {
    assert_eq!(merged.access_token(), before.access_token(), "inherit never changes the access token");
    assert_eq!(merged.token_type(), before.token_type());
    assert_eq!(
        (merged.expires_in(), merged.issued_at(), merged.absolute_expiry(), merged.expires_at()),
        (before.expires_in(), before.issued_at(), before.absolute_expiry(), before.expires_at())
    );
    let copied = before.refresh_token().is_none() && previous.refresh_token().is_some();
    let refresh = if copied { previous.refresh_token() } else { before.refresh_token() };
    assert_eq!(merged.refresh_token(), refresh);
    let scopes = if before.scopes().next().is_none() { previous.scopes() } else { before.scopes() };
    assert!(merged.scopes().eq(scopes), "the scopes");

    let (own, merged_expiry) = (before.refresh_expires_at(), merged.refresh_expires_at());
    match previous.refresh_expires_at() {
        Some(kept) if copied && own.is_none_or(|own| own > kept) && can_hold => {
            let merged_expiry = merged_expiry.expect("an expiry kept");
            let issued = before.issued_at();
            let relative = issued.and_then(|issued| issued.checked_add(before.refresh_expires_in()?));
            let to_the_second = merged_expiry <= kept
                && kept.duration_since(merged_expiry).unwrap_or_default() < Duration::from_secs(1);
            let no_time_left = issued.is_some_and(|issued| kept < issued && merged_expiry == issued);
            let own_earlier = relative.is_some_and(|relative| relative < kept && merged_expiry == relative);
            let still_closed = merged_expiry == UNIX_EPOCH && own == Some(UNIX_EPOCH);
            assert!(
                to_the_second || no_time_left || own_earlier || still_closed,
                "kept {kept:?}, own {own:?}, now {merged_expiry:?}"
            );
        }
        _ => assert_eq!(merged_expiry, own, "the refresh token's expiry as it was"),
    }
}

/// Instants to ask the time-dependent methods about, in order: far off, and around the token's
/// own times.
fn probes(t: &dyn TokenResponse) -> Vec<SystemTime> {
    let far = |secs: i64| UNIX_EPOCH.checked_add(Duration::from_secs(secs.unsigned_abs()));
    let far_past = UNIX_EPOCH.checked_sub(Duration::from_secs(i64::MIN.unsigned_abs()));
    let mut at: Vec<SystemTime> =
        [far_past, Some(UNIX_EPOCH), far(i64::MAX), Some(SystemTime::now())].into_iter().flatten().collect();
    for known in [t.issued_at(), t.expires_at(), t.refresh_expires_at()].into_iter().flatten() {
        let leeway = t.refresh_leeway();
        let near = [
            known.checked_sub(Duration::from_nanos(1)),
            known.checked_add(Duration::from_secs(30)),
            known.checked_sub(leeway),
            known.checked_sub(leeway / 2),
        ];
        at.extend(near.into_iter().flatten().chain([known]));
    }
    at.sort();
    at
}

/// Whether every byte is visible ASCII, `0x21..=0x7E`.
pub fn visible(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, 0x21..=0x7E))
}

/// RFC 9110 `tchar`s, one or more: what a scheme may be.
fn is_tchars(scheme: &str) -> bool {
    !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Each header `Ok` exactly when the contract allows, then equal to scheme + space + token with
/// every other byte visible ASCII; else the error the contract names, `Empty` and `InvalidChar`
/// first.
pub fn check_headers(t: &dyn TokenResponse) {
    let token = t.access_token();
    let token_error = if token.is_empty() {
        Some(HeaderError::Empty)
    } else if !visible(token) {
        Some(HeaderError::InvalidChar)
    } else {
        None
    };
    let scheme = t.token_type().scheme();
    for (header, scheme, refusal) in [
        (t.bearer_header(), "Bearer", (t.token_type() != TokenType::Bearer).then_some(HeaderError::NotBearer)),
        (t.authorization_header(), scheme, (!is_tchars(scheme)).then_some(HeaderError::InvalidScheme)),
    ] {
        match token_error.or(refusal) {
            Some(error) => assert_eq!(header, Err(error)),
            None => {
                let header = header.expect("no error applies");
                assert_eq!(header, format!("{scheme} {token}"));
                let (left, right) = header.split_once(' ').expect("a space after the scheme");
                assert!(visible(left) && visible(right) && !left.is_empty(), "{header:?}");
            }
        }
    }
    #[cfg(feature = "http")]
    match (t.authorization_header_value(), t.authorization_header()) {
        (Ok(value), Ok(text)) => assert!(value.is_sensitive() && value.as_bytes() == text.as_bytes()),
        (Err(value), Err(text)) => assert_eq!(value, text),
        (value, text) => panic!("http {value:?} but text {text:?}"),
    }
}

/// Each scope non-empty and trimmed, taken in order from its source, and a clone yields the same.
/// From a string: free of the delimiter (of ASCII whitespace for the default), and nothing lost:
/// every character that is neither whitespace nor the delimiter is in some scope.
pub fn check_scopes(scopes: Scopes<'_>, source: &ScopeSource<'_>) {
    let pieces: Vec<&str> = scopes.clone().collect();
    assert_eq!(pieces, scopes.collect::<Vec<_>>(), "a clone yields the same");
    for piece in &pieces {
        assert!(!piece.is_empty() && *piece == piece.trim_ascii(), "{piece:?}");
    }
    match source {
        ScopeSource::Text(text, delimiter) => {
            let split = |c: char| match delimiter {
                Delimiter::Whitespace => c.is_ascii_whitespace(),
                Delimiter::Char(d) => c == *d,
                other => panic!("a delimiter this check does not know: {other:?}"),
            };
            let mut rest = *text;
            for piece in &pieces {
                assert!(!piece.contains(split), "{piece:?} holds the delimiter {delimiter:?}");
                let at = rest.find(piece).unwrap_or_else(|| panic!("{piece:?} not in order in {text:?}"));
                rest = &rest[at + piece.len()..];
            }
            let kept = |s: &str| s.chars().filter(|&c| !c.is_ascii_whitespace() && !split(c)).count();
            assert_eq!(pieces.iter().map(|piece| kept(piece)).sum::<usize>(), kept(text), "a scope was lost");
        }
        ScopeSource::List(list) => {
            let expected: Vec<&str> = list.iter().map(|s| s.trim_ascii()).filter(|s| !s.is_empty()).collect();
            assert_eq!(pieces, expected, "one scope an element, trimmed, empty ones skipped");
        }
    }
}
