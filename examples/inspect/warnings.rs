//! What a user should know before sending the token: each warning says what would go wrong.

use std::time::Duration;

use token_response::{Timestamp, TokenResponse, TokenType};

use crate::escape::printable;
use crate::report::span;
use crate::response::AnyResponse;

/// A lifetime this long that is a whole number of minutes when read as milliseconds (a multiple
/// of 60,000) may be milliseconds read as seconds. Whole minutes rather than any multiple of
/// 1000: 30- and 60-day lifetimes in seconds (2,592,000 and 5,184,000, sent by Pinterest and
/// LinkedIn) are multiples of 1000, and no one means 43 min 12 s.
const MILLIS_SUSPECT: Duration = Duration::from_secs(30 * 86_400);
/// A lifetime longer than this is reported as absurd.
const ABSURD_LIFETIME: Duration = Duration::from_secs(366 * 86_400);
const NOT_A_TIME: &str = "is not a time (neither a Unix time nor an RFC 3339 date-time with an offset)";

/// A warning, and whether it makes the access token count as expired: the verdict follows it.
pub struct Warning {
    pub text: String,
    pub expired: bool,
}

impl Warning {
    fn note(text: impl Into<String>) -> Self {
        Warning { text: text.into(), expired: false }
    }

    fn expired(text: impl Into<String>) -> Self {
        Warning { text: text.into(), expired: true }
    }
}

/// What `--previous` (the response this one refreshes) showed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Previous {
    /// Not given: whether this response answers a refresh cannot be told.
    NotGiven,
    /// Given; this response sent a refresh token of its own, or neither did.
    Given,
    /// Given with a refresh token, and this response sent none: the previous one was inherited.
    Inherited,
}

pub fn warnings(r: &AnyResponse, previous: Previous) -> Vec<Warning> {
    let mut warnings = Vec::new();
    warnings.extend(token_type(r.token_type()).map(Warning::note));
    if let Err(e) = r.authorization_header() {
        warnings.push(Warning::note(format!("cannot be sent in an Authorization header: {e}")));
    }
    warnings.extend(r.expires_in().and_then(lifetime));

    let times = r.times();
    if times.expires == Timestamp::Unreadable {
        warnings.push(Warning::expired(format!(
            "expires_at/expires_on {NOT_A_TIME}: the token counts as expired (fail closed)"
        )));
    }
    if times.issued == Timestamp::Unreadable {
        let text =
            format!("issued_at/created_at {NOT_A_TIME}: an expiry computed from it counts as passed (fail closed)");
        warnings.push(Warning { text, expired: r.expires_in().is_some() });
    }
    if times.refresh_expires == Timestamp::Unreadable {
        warnings.push(Warning::note(format!(
            "refresh_expires_at {NOT_A_TIME}: the refresh token counts as expired (fail closed)"
        )));
    }

    if r.expires_at().is_none() {
        warnings.push(Warning::note(if overflowed(r.expires_in(), times.issued, times.expires) {
            "the expiry overflowed (past what the clock can hold): the token never counts as expired"
        } else {
            "no expiry sent (no expires_in, expires_at or expires_on): the token never counts as expired"
        }));
    }
    if r.refresh_expires_at().is_none() && overflowed(r.refresh_expires_in(), times.issued, times.refresh_expires) {
        warnings.push(Warning::note(
            "the refresh token's expiry overflowed (past what the clock can hold): it never counts as expired",
        ));
    }
    if previous == Previous::Inherited {
        warnings.push(Warning::note(
            "no refresh token in this refresh response: the previous one stays valid (RFC 6749 section 6); \
             call `token.inherit(&previous)` to keep it, as shown above",
        ));
    }
    warnings
}

fn token_type(token_type: TokenType<'_>) -> Option<String> {
    match token_type {
        TokenType::Bearer => None,
        TokenType::DPoP => Some(
            "token type DPoP: send it as `Authorization: DPoP <token>` with a DPoP proof; bearer_header() refuses it"
                .to_owned(),
        ),
        other => {
            let scheme = printable(other.scheme());
            Some(format!(
                "token type \"{scheme}\" is not Bearer: bearer_header() refuses it and authorization_header() \
                 sends `{scheme} <token>`; if the provider takes it as a bearer token (Slack's \"bot\"), \
                 mark the field #[token(skip)]"
            ))
        }
    }
}

fn lifetime(lifetime: Duration) -> Option<Warning> {
    let seconds = lifetime.as_secs();
    if lifetime.is_zero() {
        Some(Warning::expired(
            "expires_in is zero, negative or not a number: the token counts as expired when issued (fail closed)",
        ))
    } else if lifetime >= MILLIS_SUSPECT && lifetime.subsec_nanos() == 0 && seconds % 60_000 == 0 {
        Some(Warning::note(format!(
            "expires_in is {seconds} s ({}), whole minutes in milliseconds: milliseconds? use `#[token(unit = \"ms\")]` \
             (it would be {})",
            span(lifetime),
            span(lifetime / 1000)
        )))
    } else if lifetime > ABSURD_LIFETIME {
        Some(Warning::note(format!(
            "expires_in is {} (over a year): a Unix time or milliseconds sent as a lifetime in seconds?",
            span(lifetime)
        )))
    } else {
        None
    }
}

/// Whether an expiry is unknown because a time is past what `SystemTime` holds: the absolute
/// expiry, or issue time + lifetime.
fn overflowed(lifetime: Option<Duration>, issued: Timestamp, absolute: Timestamp) -> bool {
    let relative = match (lifetime, issued) {
        (Some(lifetime), Timestamp::At(issued)) => issued.checked_add(lifetime).is_none(),
        (Some(_), Timestamp::TooLate) => true,
        _ => false,
    };
    relative || absolute == Timestamp::TooLate
}
