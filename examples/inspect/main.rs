//! `inspect`: what a token endpoint's response means, in any provider's dialect.
//!
//! ```sh
//! cargo run --example inspect                        # in a terminal: the bundled sample
//! cargo run --example inspect -- response.json       # a file
//! curl ... | cargo run --example inspect             # standard input
//! cargo run --example inspect -- response.json --json --now 1735689600
//! cargo run --example inspect -- refreshed.json --previous first.json
//! ```
//!
//! One struct, [`response::AnyResponse`], reads every dialect through the crate's derive and
//! field-type traits; [`input`] reads and parses it (JSON or a form body, token or error
//! response) with the crate's `from_json` and `from_form`, whose errors never quote the input;
//! [`report`] and [`warnings`] say what it means, [`text`] prints that, and [`escape`] makes
//! what it shows of the input safe for a terminal.

mod escape;
mod input;
mod report;
mod response;
mod text;
mod warnings;

use std::ffi::OsString;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use token_response::{IssueTimeField, Timestamp, TokenResponse, Unit};

use crate::input::{Failure, Source};
use crate::report::Report;
use crate::response::AnyResponse;
use crate::warnings::Previous;

const USAGE: &str = "\
inspect: what an OAuth 2.0 token response means

usage: cargo run --example inspect -- [FILE | - | --sample] [--json] [--now TIME] [--previous FILE]

Reads a token response from FILE, or from standard input (FILE is -, or none is given and
standard input is not a terminal). With no input in a terminal, or with --sample, it inspects
a bundled sample. The response is JSON, or a form body (access_token=...&scope=repo%2Cgist).
Every provider's dialect is read without flags: snake_case or camelCase members; lifetimes
(expires_in, refresh_expires_in, ...) as numbers or numeric strings in seconds; issue times and
absolute expiries (issued_at, created_at, expires_at, expires_on, refresh_expires_at) as Unix
times in seconds or milliseconds, as numbers or strings, or RFC 3339 date-times; the scope as
a space- or comma-separated string or a list. A member that is sent but cannot be read as a
time makes the token count as expired.

options:
  --json        print the report (or the error) as JSON
  --now TIME    evaluate at TIME (Unix seconds or an RFC 3339 date-time) instead of the system
                clock (the bundled sample is evaluated 10 minutes after it was issued)
  --previous FILE
                the response this one refreshes (the answer to grant_type=refresh_token
                replaces it): when this one has no refresh token and that one has, the
                previous refresh token stays valid, and the report shows the token as
                `inherit` keeps it, with a hint to call it
  --sample      inspect the bundled sample
  -h, --help    print this help

exit status: 0 usable, 1 expired or unusable, 2 not a token response (empty, binary, over 1 MiB,
not a JSON object or a form body, an error response from the server) or a usage error
";

/// When the bundled sample is evaluated, unless `--now` says otherwise: 10 minutes after its
/// issue time, so a first run shows a live token rather than one that expired in 2023.
const SAMPLE_AGE: Duration = Duration::from_secs(600);

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
                text::print(&report);
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
    let (format, mut response) = input::parse(&options.source.read()?)?;
    let previous = match &options.previous {
        Some(source) => inherit(&mut response, source)?,
        None => Previous::NotGiven,
    };
    let (now, clock) = match (options.now, &options.source) {
        (Some(now), _) => (now, "--now"),
        (None, Source::Sample) => match response.issued_at().and_then(|issued| issued.checked_add(SAMPLE_AGE)) {
            Some(now) => (now, "10 minutes after the sample was issued"),
            None => (SystemTime::now(), "system clock"),
        },
        (None, _) => (SystemTime::now(), "system clock"),
    };
    response.received_at(now);
    Ok(Report::new(&options.source, format, &response, previous, now, clock))
}

/// Reads the response `response` refreshes, and keeps its refresh token when `response` sent
/// none (RFC 6749 section 6), as `inherit` does.
fn inherit(response: &mut AnyResponse, source: &Source) -> Result<Previous, Failure> {
    let (_, previous) = input::parse(&source.read()?)
        .map_err(|failure| Failure::new(format!("--previous {}: {}", source.describe(), failure.error)))?;
    if response.refresh_token().is_some() || previous.refresh_token().is_none() {
        return Ok(Previous::Given);
    }
    response.inherit(&previous);
    Ok(Previous::Inherited)
}

/// JSON, with every hidden character of the input escaped.
fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(json) => println!("{}", escape::json(&json)),
        Err(e) => eprintln!("inspect: cannot write JSON: {e}"),
    }
}

enum Command {
    Help,
    Inspect(Options),
}

struct Options {
    source: Source,
    /// `--previous`, if given.
    previous: Option<Source>,
    json: bool,
    /// `--now`, if given.
    now: Option<SystemTime>,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = OsString>) -> Result<Command, String> {
        let (mut path, mut sample, mut json, mut now, mut previous) = (None, false, false, None, None);
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("-h" | "--help") => return Ok(Command::Help),
                Some("--json") => json = true,
                Some("--sample") => sample = true,
                Some("--now") => now = Some(parse_now(args.next())?),
                Some("--previous") => {
                    let file = args.next().ok_or("--previous needs the file of the response this one refreshes")?;
                    previous = Some(Source::File(PathBuf::from(file)));
                }
                Some(flag) if flag.starts_with('-') && flag != "-" => {
                    return Err(format!("unknown option \"{}\"", escape::printable(flag)));
                }
                _ if path.is_none() => path = Some(PathBuf::from(arg)),
                _ => return Err("more than one input given".to_owned()),
            }
        }
        let source = match (path, sample) {
            (Some(_), true) => return Err("--sample takes no input file".to_owned()),
            (Some(path), false) if path.as_os_str() == "-" => Source::Stdin,
            (Some(path), false) => Source::File(path),
            // Nothing piped in a terminal: a first run, show what a report looks like. Anywhere
            // else (a pipe, a file, /dev/null) standard input is the input, empty or not.
            (None, false) if !io::stdin().is_terminal() => Source::Stdin,
            (None, _) => Source::Sample,
        };
        Ok(Command::Inspect(Options { source, previous, json, now }))
    }
}

/// `--now`'s value, read as the crate reads a timestamp string in seconds: Unix seconds
/// (negative before 1970) or an RFC 3339 date-time.
fn parse_now(value: Option<OsString>) -> Result<SystemTime, String> {
    let text = value.ok_or("--now needs a time: Unix seconds or an RFC 3339 date-time")?;
    match text.to_str().map(|text| text.timestamp(Unit::Seconds)) {
        Some(Timestamp::At(now)) => Ok(now),
        _ => Err(format!(
            "--now \"{}\" is neither Unix seconds nor an RFC 3339 date-time in range",
            escape::printable(&text.to_string_lossy())
        )),
    }
}
