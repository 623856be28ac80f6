//! The report: every fact about a token response, computed once, printed as text or JSON.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, SecondsFormat};
use serde::Serialize;
use token_response::TokenResponse;

use crate::escape::printable;
use crate::input::{Format, Source};
use crate::response::AnyResponse;
use crate::warnings::{Previous, warnings};

#[derive(Serialize)]
pub struct Report {
    pub source: &'static str,
    #[serde(skip)]
    pub source_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub format: Format,
    pub now: Moment,
    /// What the evaluation time is: `--now`, the system clock, or the sample's age.
    #[serde(skip)]
    pub clock: &'static str,
    pub token_type: String,
    pub header: Header,
    pub access_token: Redacted,
    pub access_token_field: &'static str,
    pub issued: Option<Moment>,
    pub issued_sent: bool,
    pub expires: Option<Moment>,
    pub expired: bool,
    pub needs_refresh: bool,
    pub refresh_token: Option<Redacted>,
    /// The refresh token is the previous response's, kept by `inherit`.
    pub refresh_token_inherited: bool,
    pub refresh_expires: Option<Moment>,
    pub refresh_expired: bool,
    pub scopes: Vec<String>,
    pub warnings: Vec<String>,
    pub verdict: Verdict,
}

impl Report {
    pub fn new(
        source: &Source,
        format: Format,
        r: &AnyResponse,
        previous: Previous,
        now: SystemTime,
        clock: &'static str,
    ) -> Self {
        let header = r.authorization_header();
        let warnings = warnings(r, previous);
        // A warning that the token counts as expired decides, whatever the expiry says.
        let expired = r.is_expired_at(now) || warnings.iter().any(|warning| warning.expired);
        let verdict = match (&header, expired) {
            (Err(_), _) => Verdict::Unusable,
            (Ok(_), true) => Verdict::Expired,
            (Ok(_), false) => Verdict::Usable,
        };
        Report {
            source: source.kind(),
            source_text: source.describe(),
            path: source.path(),
            format,
            now: Moment::new(now, now),
            clock,
            token_type: printable(r.token_type().scheme()),
            header: Header {
                scheme: header.as_ref().ok().map(|_| printable(r.token_type().scheme())),
                error: header.err().map(|e| e.to_string()),
            },
            access_token: Redacted::new(r.access_token()),
            access_token_field: r.token_member(),
            issued: r.issued_at().map(|t| Moment::new(t, now)),
            issued_sent: r.issue_time_sent(),
            expires: r.expires_at().map(|t| Moment::new(t, now)),
            expired,
            needs_refresh: expired || r.needs_refresh_at(now),
            refresh_token: r.refresh_token().map(Redacted::new),
            refresh_token_inherited: previous == Previous::Inherited,
            refresh_expires: r.refresh_expires_at().map(|t| Moment::new(t, now)),
            refresh_expired: r.is_refresh_expired_at(now),
            scopes: r.scopes().map(printable).collect(),
            warnings: warnings.into_iter().map(|warning| warning.text).collect(),
            verdict,
        }
    }
}

#[derive(Serialize)]
pub struct Header {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Usable,
    Expired,
    Unusable,
}

impl Verdict {
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Usable => 0,
            Verdict::Expired | Verdict::Unusable => 1,
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Verdict::Usable => "usable",
            Verdict::Expired => "expired",
            Verdict::Unusable => "unusable",
        }
    }
}

/// An instant: Unix seconds, RFC 3339 in UTC (`None` past chrono's calendar, ±262,143 years), and
/// relative to the evaluation time.
#[derive(Serialize)]
pub struct Moment {
    pub unix: i64,
    pub rfc3339: Option<String>,
    pub relative: String,
    /// Whether it is at or before the evaluation time.
    #[serde(skip)]
    pub passed: bool,
}

impl Moment {
    pub fn new(time: SystemTime, now: SystemTime) -> Self {
        let (unix, nanos) = unix_time(time);
        let rfc3339 = DateTime::from_timestamp(unix, nanos).map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true));
        Moment { unix, rfc3339, relative: relative(time, now), passed: time <= now }
    }
}

/// Unix time in whole seconds (rounded down, so negative before 1970) and the nanoseconds past.
fn unix_time(time: SystemTime) -> (i64, u32) {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => (i64::try_from(after.as_secs()).unwrap_or(i64::MAX), after.subsec_nanos()),
        Err(before) => {
            let before = before.duration();
            let seconds = i64::try_from(before.as_secs()).map_or(i64::MIN, |s| -s);
            match before.subsec_nanos() {
                0 => (seconds, 0),
                nanos => (seconds.saturating_sub(1), 1_000_000_000 - nanos),
            }
        }
    }
}

/// `in 59m 12s`, `3h ago`, `just now`.
fn relative(time: SystemTime, now: SystemTime) -> String {
    match time.duration_since(now) {
        Ok(ahead) if ahead.is_zero() => "just now".to_owned(),
        Ok(ahead) => format!("in {}", span(ahead)),
        Err(behind) => format!("{} ago", span(behind.duration())),
    }
}

/// A span in its largest unit and the next one down when that is not zero: `1h 5m`, `3h`.
pub fn span(length: Duration) -> String {
    const UNITS: [(u64, &str); 5] = [(365 * 86_400, "y"), (86_400, "d"), (3600, "h"), (60, "m"), (1, "s")];
    let seconds = length.as_secs();
    let Some(largest) = UNITS.iter().position(|&(size, _)| seconds >= size) else {
        return "<1s".to_owned();
    };
    let (size, name) = UNITS[largest];
    let head = format!("{}{name}", seconds / size);
    match UNITS.get(largest + 1) {
        Some(&(next_size, next_name)) if seconds % size >= next_size => {
            format!("{head} {}{next_name}", seconds % size / next_size)
        }
        _ => head,
    }
}

/// A secret as the report shows it: its length, and at most four characters at each end but
/// never more than a third of it (a token of fewer than 6 characters shows none).
#[derive(Serialize)]
pub struct Redacted {
    pub shown: String,
    pub length: usize,
}

impl Redacted {
    fn new(secret: &str) -> Self {
        let length = secret.chars().count();
        let each_end = (length / 6).min(4);
        let head: String = secret.chars().take(each_end).collect();
        let tail: String = secret.chars().skip(length - each_end).collect();
        Redacted { shown: printable(&format!("{head}…{tail}")), length }
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} chars)", self.shown, self.length)
    }
}
