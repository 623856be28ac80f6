//! What a user should know before sending the token: each warning says what would go wrong.

use std::time::Duration;

use token_response::{Timestamp, TokenResponse, TokenType};

use crate::report::{printable, span};
use crate::response::AnyResponse;

/// A lifetime this long that is a whole number of minutes when read as milliseconds (a multiple
/// of 60,000) may be milliseconds read as seconds. Whole minutes rather than any multiple of
/// 1000: 30- and 60-day lifetimes in seconds (2,592,000 and 5,184,000, sent by Pinterest and
/// LinkedIn) are multiples of 1000, and no one means 43 min 12 s.
const MILLIS_SUSPECT: Duration = Duration::from_secs(30 * 86_400);
/// A lifetime longer than this is reported as absurd.
const ABSURD_LIFETIME: Duration = Duration::from_secs(366 * 86_400);
const NOT_A_TIME: &str = "is not a time (neither a Unix time nor an RFC 3339 date-time with an offset)";

pub fn warnings(r: &AnyResponse) -> Vec<String> {
    let mut warnings = Vec::new();
    warnings.extend(token_type(r.token_type()));
    if let Err(e) = r.authorization_header() {
        warnings.push(format!("cannot be sent in an Authorization header: {e}"));
    }
    warnings.extend(r.expires_in().and_then(lifetime));

    let times = r.times();
    if times.expires == Timestamp::Unreadable {
        warnings.push(format!("expires_at/expires_on {NOT_A_TIME}: the token counts as expired (fail closed)"));
    }
    if times.issued == Timestamp::Unreadable {
        warnings.push(format!(
            "issued_at/created_at {NOT_A_TIME}: an expiry computed from it counts as passed (fail closed)"
        ));
    }
    if times.refresh_expires == Timestamp::Unreadable {
        warnings.push(format!("refresh_expires_at {NOT_A_TIME}: the refresh token counts as expired (fail closed)"));
    }

    if r.expires_at().is_none() {
        warnings.push(if overflowed(r.expires_in(), times.issued, times.expires) {
            "the expiry overflowed (past what the clock can hold): the token never counts as expired".to_owned()
        } else {
            "no expiry sent (no expires_in, expires_at or expires_on): the token never counts as expired".to_owned()
        });
    }
    if r.refresh_expires_at().is_none() && overflowed(r.refresh_expires_in(), times.issued, times.refresh_expires) {
        warnings.push(
            "the refresh token's expiry overflowed (past what the clock can hold): it never counts as expired"
                .to_owned(),
        );
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

fn lifetime(lifetime: Duration) -> Option<String> {
    let seconds = lifetime.as_secs();
    if lifetime.is_zero() {
        Some(
            "expires_in is zero, negative or not a number: the token counts as expired when issued (fail closed)"
                .into(),
        )
    } else if lifetime >= MILLIS_SUSPECT && lifetime.subsec_nanos() == 0 && seconds % 60_000 == 0 {
        Some(format!(
            "expires_in is {seconds} s ({}), whole minutes in milliseconds: milliseconds? use `#[token(unit = \"ms\")]` \
             (it would be {})",
            span(lifetime),
            span(lifetime / 1000)
        ))
    } else if lifetime > ABSURD_LIFETIME {
        Some(format!(
            "expires_in is {} (over a year): a Unix time or milliseconds sent as a lifetime in seconds?",
            span(lifetime)
        ))
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
