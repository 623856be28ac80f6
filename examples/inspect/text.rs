//! The report as text, one row a fact.

use std::fmt;

use crate::input::Format;
use crate::report::{Moment, Report};

pub fn print(report: &Report) {
    let row = |label: &str, value: &dyn fmt::Display| println!("{label:<14} {value}");
    let form = if matches!(report.format, Format::Form) { " (a form body)" } else { "" };
    row("read", &format!("{}{form}", report.source_text));
    row("evaluated at", &format!("{} ({})", date(&report.now), report.clock));
    println!();
    row("token type", &report.token_type);
    match (&report.header.scheme, &report.header.error) {
        (Some(scheme), _) => row("header", &format!("Authorization: {scheme} {}", report.access_token.shown)),
        (None, error) => row("header", &format!("none: {}", error.as_deref().unwrap_or("unknown"))),
    }
    let from = if report.access_token_field == "access_token" { "" } else { " from id_token" };
    row("access token", &format!("{}{from}", report.access_token));
    let issued = match (&report.issued, report.issued_sent) {
        (Some(_), false) => format!("not sent; received {}", moment(report.issued.as_ref(), false)),
        _ => moment(report.issued.as_ref(), false),
    };
    row("issued", &issued);
    row("expires", &moment(report.expires.as_ref(), report.expired));
    row("needs refresh", &yes_no(report.needs_refresh, report.expires.is_some()));
    let refresh_expires = moment(report.refresh_expires.as_ref(), report.refresh_expired);
    match (&report.refresh_token, &report.refresh_expires) {
        (Some(token), _) => {
            let kept = if report.refresh_token_inherited { " (kept from --previous)" } else { "" };
            row("refresh token", &format!("{token}, expires {refresh_expires}{kept}"));
        }
        (None, Some(_)) => row("refresh token", &format!("none, but an expiry is sent: {refresh_expires}")),
        (None, None) => row("refresh token", &"none"),
    }
    list("scopes", &report.scopes);
    list("warnings", &report.warnings);
    println!();
    row("verdict", &format!("{} (exit {})", report.verdict.text(), report.verdict.exit_code()));
}

/// A label alone when the list is empty, else the label and one item a line.
fn list(label: &str, items: &[String]) {
    if items.is_empty() {
        println!("{label:<14} none");
    } else {
        println!("{label}");
        for item in items {
            println!("  - {item}");
        }
    }
}

/// `2025-01-01T01:05:20Z (in 1h 5m)`, `... (expired 3h ago)`, or `unknown`.
/// `... (in 1h; counts as expired, see warnings)` when a warning makes a token count as expired
/// before its expiry, or without one.
fn moment(moment: Option<&Moment>, expired: bool) -> String {
    const FAIL_CLOSED: &str = "counts as expired, see warnings";
    match moment {
        None if expired => format!("unknown ({FAIL_CLOSED})"),
        None => "unknown".to_owned(),
        Some(m) if expired && m.passed => format!("{} (expired {})", date(m), m.relative),
        Some(m) if expired => format!("{} ({}; {FAIL_CLOSED})", date(m), m.relative),
        Some(m) => format!("{} ({})", date(m), m.relative),
    }
}

/// RFC 3339, or the Unix time of an instant past the calendar.
fn date(moment: &Moment) -> String {
    moment.rfc3339.clone().unwrap_or_else(|| format!("Unix time {}", moment.unix))
}

fn yes_no(yes: bool, known: bool) -> &'static str {
    match (yes, known) {
        (_, false) => "unknown (no expiry)",
        (true, true) => "yes",
        (false, true) => "no",
    }
}
