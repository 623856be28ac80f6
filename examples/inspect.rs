//! `inspect`: what a token endpoint's response means, in any provider's dialect.
//!
//! ```sh
//! cargo run --example inspect                        # the bundled sample
//! cargo run --example inspect -- response.json       # a file
//! curl ... | cargo run --example inspect             # standard input
//! cargo run --example inspect -- response.json --json --now 1735689600
//! ```
//!
//! One struct, [`AnyResponse`], reads every dialect. Its field types are this file's own:
//! [`Numeric`] (a number or a numeric string), [`IssueTime`] (sent, or else the time of receipt)
//! and [`ScopeValue`] (a string or a list). Each implements one of token-response's field-type
//! traits (`LifetimeField`, `IssueTimeField`, `ScopeField`, ...), which is all the derive asks of a
//! field type.

use std::fmt;
use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use token_response::{
    AbsoluteExpiryField, Delimiter, IssueTimeField, LifetimeField, RefreshTokenLifetimeField, ScopeField, Scopes,
    Timestamp, TokenResponse, TokenType, Unit,
};

const USAGE: &str = "\
inspect: what an OAuth 2.0 token response means

usage: cargo run --example inspect -- [FILE | -] [--json] [--now UNIX_SECONDS]

Reads a token response (JSON) from FILE, from standard input when it is piped (or FILE is -),
or else inspects a bundled sample. Every provider's dialect is read without flags: numbers or
numeric strings, a scope string (space- or comma-separated) or list, expires_in, expires_at or
expires_on, issued_at or created_at in seconds or milliseconds, snake_case or camelCase keys.

options:
  --json               print the report as JSON
  --now UNIX_SECONDS   evaluate at this time instead of the system clock (the bundled
                       sample is evaluated 10 minutes after it was issued)
  --sample             inspect the bundled sample
  -h, --help           print this help

exit status: 0 usable, 1 expired or unusable, 2 not a token response or a usage error
";

/// The bundled sample: the shape of the crate's seed model, `RefreshTokenAuthentication`.
const SAMPLE: &str = include_str!("../tests/fixtures/seed-model.json");
/// The largest input read; no token response comes near it.
const MAX_INPUT: u64 = 1 << 20;
/// When the bundled sample is evaluated, unless `--now` says otherwise: 10 minutes after its
/// issue time, so a first run shows a live token rather than one that expired in 2023.
const SAMPLE_AGE: Duration = Duration::from_secs(600);
/// A lifetime longer than this is reported as absurd.
const ABSURD_LIFETIME: Duration = Duration::from_secs(366 * 86_400);

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args_os().skip(1)) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Inspect(options)) => options,
        Err(message) => {
            eprintln!("inspect: {message} (see --help)");
            return ExitCode::from(2);
        }
    };
    match inspect(&options) {
        Ok(report) => {
            if options.json {
                print_json(&report);
            } else {
                print_text(&report);
            }
            ExitCode::from(report.verdict.exit_code())
        }
        Err(failure) => {
            if options.json {
                print_json(&failure);
            } else {
                eprintln!("inspect: {}", failure.error);
            }
            ExitCode::from(2)
        }
    }
}

/// Reads, parses and evaluates the response the options name.
fn inspect(options: &Options) -> Result<Report, Failure> {
    let (source, text) = options.source.read()?;
    let mut response = AnyResponse::parse(&text)?;
    let (now, clock) = match (options.now, source) {
        (Some(now), _) => (now, "--now"),
        (None, Source::Sample) => match response.issued_at().and_then(|issued| issued.checked_add(SAMPLE_AGE)) {
            Some(now) => (now, "10 minutes after the sample was issued"),
            None => (SystemTime::now(), "system clock"),
        },
        (None, _) => (SystemTime::now(), "system clock"),
    };
    // A response that sends its expiry needs no issue time; any other is dated at its receipt.
    if response.absolute_expiry().is_none() {
        response.issued_at.received_at(now);
    }
    Ok(Report::new(source, &response, now, clock))
}

// ---------------------------------------------------------------------------------------------
// Command line.

enum Command {
    Help,
    Inspect(Options),
}

struct Options {
    source: Source,
    json: bool,
    /// `--now`, if given.
    now: Option<SystemTime>,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = std::ffi::OsString>) -> Result<Command, String> {
        let (mut path, mut sample, mut json, mut now) = (None, false, false, None);
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("-h" | "--help") => return Ok(Command::Help),
                Some("--json") => json = true,
                Some("--sample") => sample = true,
                Some("--now") => now = Some(parse_now(args.next())?),
                Some(flag) if flag.starts_with('-') && flag != "-" => return Err(format!("unknown option {flag:?}")),
                _ if path.is_none() => path = Some(PathBuf::from(arg)),
                _ => return Err("more than one input given".to_owned()),
            }
        }
        let source = match (path, sample) {
            (Some(_), true) => return Err("--sample takes no input file".to_owned()),
            (Some(path), false) if path.as_os_str() == "-" => Source::Stdin,
            (Some(path), false) => Source::File(path),
            (None, true) => Source::Sample,
            (None, false) if io::stdin().is_terminal() => Source::Sample,
            (None, false) => Source::StdinOrSample,
        };
        Ok(Command::Inspect(Options { source, json, now }))
    }
}

/// `--now`'s value: Unix seconds, negative before 1970.
fn parse_now(value: Option<std::ffi::OsString>) -> Result<SystemTime, String> {
    let text = value.ok_or("--now needs a Unix time in seconds")?;
    let seconds: i64 = text.to_str().and_then(|s| s.parse().ok()).ok_or(format!("--now {text:?} is not an integer"))?;
    let offset = Duration::from_secs(seconds.unsigned_abs());
    let now = if seconds < 0 { UNIX_EPOCH.checked_sub(offset) } else { UNIX_EPOCH.checked_add(offset) };
    now.ok_or(format!("--now {seconds} is out of range"))
}

// ---------------------------------------------------------------------------------------------
// Input.

enum Source {
    File(PathBuf),
    Stdin,
    /// Neither a file nor a terminal: standard input, or the sample when it is empty (a run
    /// from a script or an IDE with nothing piped in).
    StdinOrSample,
    Sample,
}

impl Source {
    /// The source actually read and its text, or why it is not a token response.
    fn read(&self) -> Result<(&Source, String), Failure> {
        let stdin =
            || read_limited(io::stdin().lock()).map_err(|e| Failure::new(format!("cannot read standard input: {e}")));
        let (source, bytes) = match self {
            Source::File(path) => {
                let cannot = |e: io::Error| Failure::new(format!("cannot read {}: {e}", path.display()));
                (self, read_limited(File::open(path).map_err(cannot)?).map_err(cannot)?)
            }
            Source::Stdin => (self, stdin()?),
            Source::StdinOrSample => match stdin()? {
                piped if piped.is_empty() => (&Source::Sample, SAMPLE.as_bytes().to_vec()),
                piped => (&Source::Stdin, piped),
            },
            Source::Sample => (self, SAMPLE.as_bytes().to_vec()),
        };
        Ok((source, text(bytes)?))
    }

    fn kind(&self) -> &'static str {
        match self {
            Source::File(_) => "file",
            Source::Stdin | Source::StdinOrSample => "stdin",
            Source::Sample => "sample",
        }
    }

    fn describe(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin | Source::StdinOrSample => "standard input".to_owned(),
            Source::Sample => "the bundled sample (pass a file or pipe a response to inspect yours)".to_owned(),
        }
    }
}

/// Reads at most one byte past [`MAX_INPUT`], enough to tell that the input is too large.
fn read_limited(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_INPUT + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The input as text: not too large, not empty, not binary.
fn text(bytes: Vec<u8>) -> Result<String, Failure> {
    const EXPECTED: &str = "expected a JSON token response";
    if u64::try_from(bytes.len()).map_or(true, |len| len > MAX_INPUT) {
        return Err(Failure::new(format!("the input is larger than 1 MiB: {EXPECTED}")));
    }
    if bytes.trim_ascii().is_empty() {
        return Err(Failure::new(format!("the input is empty: {EXPECTED}")));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Failure::new(format!("the input is binary (a NUL byte at offset {at}): {EXPECTED}")));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Failure::new(format!("the input is binary (not UTF-8 at offset {at}): {EXPECTED}"))
    })
}

/// Why the input is not a token response; `line` and `column` where JSON parsing stopped.
#[derive(Serialize)]
struct Failure {
    error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

impl Failure {
    fn new(error: String) -> Self {
        Failure { error, line: None, column: None }
    }

    fn json(e: &serde_json::Error) -> Self {
        Failure { error: format!("not a token response: {e}"), line: Some(e.line()), column: Some(e.column()) }
    }
}

// ---------------------------------------------------------------------------------------------
// One struct for every dialect, with field types of its own.

/// Any provider's token response.
#[derive(Deserialize, TokenResponse)]
#[serde(expecting = "a JSON object")]
struct AnyResponse {
    /// The token to send: `access_token`, or else `id_token` (Firebase sends its ID token as the
    /// bearer token, and no access token). Filled by [`AnyResponse::parse`].
    #[serde(skip)]
    #[token(access_token)]
    token: String,
    #[serde(alias = "accessToken")]
    #[token(skip)]
    access_token: Option<String>,
    #[serde(alias = "idToken")]
    id_token: Option<String>,
    #[serde(alias = "tokenType")]
    token_type: Option<String>,
    #[serde(alias = "expiresIn")]
    expires_in: Option<Numeric>,
    #[serde(default, alias = "issuedAt", alias = "created_at", alias = "createdAt")]
    issued_at: IssueTime,
    #[serde(alias = "expiresAt", alias = "expires_on", alias = "expiresOn")]
    expires_at: Option<Numeric>,
    #[serde(alias = "refreshToken")]
    refresh_token: Option<String>,
    #[serde(
        alias = "refreshExpiresIn",
        alias = "refresh_token_expires_in",
        alias = "refreshTokenExpiresIn",
        alias = "x_refresh_token_expires_in"
    )]
    refresh_expires_in: Option<Numeric>,
    #[serde(alias = "scopes")]
    scope: Option<ScopeValue>,
    /// An OAuth error response's code (RFC 6749 §5.2).
    error: Option<String>,
    error_description: Option<String>,
}

impl AnyResponse {
    fn parse(text: &str) -> Result<Self, Failure> {
        let mut response: AnyResponse = serde_json::from_str(text).map_err(|e| Failure::json(&e))?;
        if let Some(token) = response.access_token.as_ref().or(response.id_token.as_ref()) {
            response.token = token.clone();
            return Ok(response);
        }
        Err(Failure::new(match (&response.error, &response.error_description) {
            (Some(code), Some(why)) => format!("the server refused: OAuth error {code:?}: {why:?}"),
            (Some(code), None) => format!("the server refused: OAuth error {code:?}"),
            (None, _) => "not a token response: no access_token (or id_token) field".to_owned(),
        }))
    }
}

/// A number, or a number sent as a string: `3600` or `"3600"`.
#[derive(Deserialize)]
#[serde(untagged, expecting = "expected a number or a numeric string")]
enum Numeric {
    Number(f64),
    Text(String),
}

impl LifetimeField for Numeric {
    fn duration(&self, unit: Unit) -> Option<Duration> {
        match self {
            Numeric::Number(n) => LifetimeField::duration(n, unit),
            Numeric::Text(text) => LifetimeField::duration(text, unit),
        }
    }
}

impl RefreshTokenLifetimeField for Numeric {
    fn duration(&self, unit: Unit) -> Option<Duration> {
        LifetimeField::duration(self, unit)
    }
}

impl IssueTimeField for Numeric {
    fn timestamp(&self, unit: Unit) -> Timestamp {
        match self {
            Numeric::Number(n) => IssueTimeField::timestamp(n, unit),
            Numeric::Text(text) => IssueTimeField::timestamp(text, unit),
        }
    }
}

impl AbsoluteExpiryField for Numeric {
    fn timestamp(&self, unit: Unit) -> Timestamp {
        IssueTimeField::timestamp(self, unit)
    }
}

impl fmt::Display for Numeric {
    /// As sent: a number bare, a string quoted and escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Numeric::Number(n) => write!(f, "{n}"),
            Numeric::Text(text) => write!(f, "{text:?}"),
        }
    }
}

/// The issue time: as sent (seconds or milliseconds, told apart by `unit = "auto"`), or else
/// the moment the response was read, or unknown.
#[derive(Deserialize, Default)]
#[serde(from = "Option<Numeric>")]
enum IssueTime {
    Sent(Numeric),
    Received(SystemTime),
    #[default]
    Unknown,
}

impl IssueTime {
    /// Dates a response that carries no issue time at `at`.
    fn received_at(&mut self, at: SystemTime) {
        if let IssueTime::Unknown = self {
            *self = IssueTime::Received(at);
        }
    }
}

impl From<Option<Numeric>> for IssueTime {
    fn from(sent: Option<Numeric>) -> Self {
        sent.map_or(IssueTime::Unknown, IssueTime::Sent)
    }
}

impl IssueTimeField for IssueTime {
    fn timestamp(&self, unit: Unit) -> Timestamp {
        match self {
            IssueTime::Sent(sent) => IssueTimeField::timestamp(sent, unit),
            IssueTime::Received(time) => Timestamp::At(*time),
            IssueTime::Unknown => Timestamp::Absent,
        }
    }
}

/// The scopes: a string, or a list with one scope an element.
#[derive(Deserialize)]
#[serde(untagged, expecting = "expected a scope string or a list of scope strings")]
enum ScopeValue {
    Text(String),
    List(Vec<String>),
}

impl ScopeField for ScopeValue {
    /// Ignores the field's delimiter: a string with a comma is comma-separated (GitHub, Slack),
    /// any other is space-separated.
    fn scopes(&self, _: Delimiter) -> Scopes<'_> {
        match self {
            ScopeValue::Text(text) if text.contains(',') => Scopes::from_text(text, Delimiter::Char(',')),
            ScopeValue::Text(text) => Scopes::from_text(text, Delimiter::Whitespace),
            ScopeValue::List(list) => Scopes::from(list.as_slice()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The report: every fact, computed once, printed as text or JSON.

#[derive(Serialize)]
struct Report {
    source: &'static str,
    #[serde(skip)]
    source_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    now: Moment,
    /// What the evaluation time is: `--now`, the system clock, or the sample's age.
    #[serde(skip)]
    clock: &'static str,
    token_type: String,
    header: Header,
    access_token: Redacted,
    access_token_field: &'static str,
    issued: Option<Moment>,
    issued_sent: bool,
    expires: Option<Moment>,
    expired: bool,
    needs_refresh: bool,
    refresh_token: Option<Refresh>,
    scopes: Vec<String>,
    warnings: Vec<String>,
    verdict: Verdict,
}

impl Report {
    fn new(source: &Source, r: &AnyResponse, now: SystemTime, clock: &'static str) -> Self {
        let header = r.authorization_header();
        let expired = r.is_expired_at(now);
        let verdict = match (&header, expired) {
            (Err(_), _) => Verdict::Unusable,
            (Ok(_), true) => Verdict::Expired,
            (Ok(_), false) => Verdict::Usable,
        };
        Report {
            source: source.kind(),
            source_text: source.describe(),
            path: matches!(source, Source::File(_)).then(|| source.describe()),
            now: Moment::new(now, now),
            clock,
            token_type: printable(r.token_type().scheme()),
            header: Header {
                scheme: header.as_ref().ok().map(|_| printable(r.token_type().scheme())),
                error: header.err().map(|e| e.to_string()),
            },
            access_token: Redacted::new(r.access_token()),
            access_token_field: if r.access_token.is_some() { "access_token" } else { "id_token" },
            issued: r.issued_at().map(|t| Moment::new(t, now)),
            issued_sent: matches!(r.issued_at, IssueTime::Sent(_)),
            expires: r.expires_at().map(|t| Moment::new(t, now)),
            expired,
            needs_refresh: r.needs_refresh_at(now),
            refresh_token: r.refresh_token().map(|token| Refresh {
                token: Redacted::new(token),
                expires: r.refresh_expires_at().map(|t| Moment::new(t, now)),
                expired: r.is_refresh_expired_at(now),
            }),
            scopes: r.scopes().map(printable).collect(),
            warnings: warnings(r),
            verdict,
        }
    }
}

/// What a user should know before sending the token.
fn warnings(r: &AnyResponse) -> Vec<String> {
    let mut warnings = Vec::new();
    let scheme = r.token_type().scheme();
    match r.token_type() {
        TokenType::Bearer => {}
        TokenType::DPoP => warnings.push(
            "token type DPoP: send it as `Authorization: DPoP <token>` with a DPoP proof; \
             bearer_header() refuses it"
                .to_owned(),
        ),
        _ => warnings.push(format!(
            "token type {scheme:?} is not Bearer: bearer_header() refuses it and authorization_header() \
             sends `{} <token>`; if the provider takes it as a bearer token (Slack's \"bot\"), \
             mark the field #[token(skip)]",
            printable(scheme)
        )),
    }
    if let Err(e) = r.authorization_header() {
        warnings.push(format!("cannot be sent in an Authorization header: {e}"));
    }
    if let Some(sent) = &r.expires_in {
        match r.expires_in() {
            Some(Duration::ZERO) => warnings.push(format!(
                "expires_in {sent} is zero, negative or not a number: the token counts as expired when issued"
            )),
            Some(lifetime) if lifetime > ABSURD_LIFETIME => warnings.push(format!(
                "expires_in {sent} is over a year: a Unix time or milliseconds sent as a lifetime in seconds?"
            )),
            _ => {}
        }
    }
    if let (Some(sent), None) = (&r.expires_at, r.absolute_expiry()) {
        warnings.push(format!("expires_at/expires_on {sent} is not a Unix time: ignored"));
    }
    if let (IssueTime::Sent(sent), None) = (&r.issued_at, r.issued_at()) {
        warnings.push(format!("issued_at/created_at {sent} is not a Unix time: ignored"));
    }
    if r.expires_at().is_none() {
        warnings.push(
            "no expiry known (no usable expires_in, expires_at or expires_on): it never counts as expired".to_owned(),
        );
    }
    warnings
}

#[derive(Serialize)]
struct Header {
    #[serde(skip_serializing_if = "Option::is_none")]
    scheme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Serialize)]
struct Refresh {
    token: Redacted,
    expires: Option<Moment>,
    expired: bool,
}

#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Verdict {
    Usable,
    Expired,
    Unusable,
}

impl Verdict {
    fn exit_code(self) -> u8 {
        match self {
            Verdict::Usable => 0,
            Verdict::Expired | Verdict::Unusable => 1,
        }
    }

    fn text(self) -> &'static str {
        match self {
            Verdict::Usable => "usable",
            Verdict::Expired => "expired",
            Verdict::Unusable => "unusable",
        }
    }
}

/// An instant: Unix seconds, RFC 3339 in UTC, and relative to the evaluation time.
#[derive(Serialize)]
struct Moment {
    unix: i64,
    rfc3339: String,
    relative: String,
}

impl Moment {
    fn new(time: SystemTime, now: SystemTime) -> Self {
        let (unix, millis) = unix_time(time);
        Moment { unix, rfc3339: rfc3339(unix, millis), relative: relative(time, now) }
    }
}

/// A secret as the report shows it: its length, and at most four characters at each end but
/// never more than a third of it (a token of fewer than 6 characters shows none).
#[derive(Serialize)]
struct Redacted {
    shown: String,
    length: usize,
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

/// Text from the input, safe for a terminal: control characters escaped.
fn printable(text: &str) -> String {
    text.escape_debug().to_string()
}

// ---------------------------------------------------------------------------------------------
// Output.

fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("inspect: cannot write JSON: {e}"),
    }
}

fn print_text(report: &Report) {
    let row = |label: &str, value: &dyn fmt::Display| println!("{label:<14} {value}");
    row("read", &report.source_text);
    row("evaluated at", &format!("{} ({})", report.now.rfc3339, report.clock));
    println!();
    row("token type", &report.token_type);
    match (&report.header.scheme, &report.header.error) {
        (Some(scheme), _) => row("header", &format!("Authorization: {scheme} {}", report.access_token.shown)),
        (None, error) => row("header", &format!("none: {}", error.as_deref().unwrap_or("unknown"))),
    }
    let from = if report.access_token_field == "access_token" { String::new() } else { " from id_token".to_owned() };
    row("access token", &format!("{}{from}", report.access_token));
    let issued = match (&report.issued, report.issued_sent) {
        (Some(_), false) => format!("not sent; received {}", moment(report.issued.as_ref(), false)),
        _ => moment(report.issued.as_ref(), false),
    };
    row("issued", &issued);
    row("expires", &moment(report.expires.as_ref(), report.expired));
    row("needs refresh", &yes_no(report.needs_refresh, report.expires.is_some()));
    match &report.refresh_token {
        Some(refresh) => {
            let expires = moment(refresh.expires.as_ref(), refresh.expired);
            row("refresh token", &format!("{}, expires {expires}", refresh.token));
        }
        None => row("refresh token", &"none"),
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
fn moment(moment: Option<&Moment>, expired: bool) -> String {
    let prefix = if expired { "expired " } else { "" };
    moment.map_or_else(|| "unknown".to_owned(), |m| format!("{} ({prefix}{})", m.rfc3339, m.relative))
}

fn yes_no(yes: bool, known: bool) -> &'static str {
    match (yes, known) {
        (_, false) => "unknown (no expiry)",
        (true, true) => "yes",
        (false, true) => "no",
    }
}

// ---------------------------------------------------------------------------------------------
// Time, by hand: no date library needed for UTC.

/// Unix time in whole seconds (rounded down, so negative before 1970) and the milliseconds past.
fn unix_time(time: SystemTime) -> (i64, u32) {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => (i64::try_from(after.as_secs()).unwrap_or(i64::MAX), after.subsec_millis()),
        Err(before) => {
            let before = before.duration();
            let seconds = i64::try_from(before.as_secs()).map_or(i64::MIN, |s| -s);
            match before.subsec_millis() {
                0 => (seconds, 0),
                millis => (seconds.saturating_sub(1), 1000 - millis),
            }
        }
    }
}

/// `2025-01-01T00:00:00Z`, with `.mmm` when there are milliseconds.
fn rfc3339(unix: i64, millis: u32) -> String {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    let second_of_day = unix.rem_euclid(86_400);
    let (hour, minute, second) = (second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
    let fraction = if millis == 0 { String::new() } else { format!(".{millis:03}") };
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}Z")
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`): shift the epoch to 0000-03-01 so that leap days end each year, split into
/// 400-year eras of 146,097 days, then years of the era, then months of 153 days per 5.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days.saturating_add(719_468); // 1970-01-01 is day 719,468 from 0000-03-01
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097); // 0..=146_096
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365; // 0..=399
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); // 0..=365, from March 1
    let month_from_march = (5 * day_of_year + 2) / 153; // 0..=11
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = era.saturating_mul(400).saturating_add(year_of_era) + i64::from(month <= 2);
    (year, month, day)
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
fn span(length: Duration) -> String {
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
