//! Reading the input and parsing it into an [`AnyResponse`], or saying why it is none. The
//! crate's `from_json` and `from_form` read it: their errors never quote the input.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

use serde::Serialize;
use serde::de::IgnoredAny;
use token_response::{ErrorResponse, ReadError, TokenOrError, from_form, from_json};

use crate::escape::printable;
use crate::response::AnyResponse;

/// The bundled sample: the shape of the crate's seed model, `RefreshTokenAuthentication`.
const SAMPLE: &str = include_str!("../../tests/fixtures/seed-model.json");
/// The largest input read; no token response comes near it.
const MAX_INPUT: u64 = 1 << 20;

pub enum Source {
    File(PathBuf),
    Stdin,
    Sample,
}

impl Source {
    /// The text read, or why it is not a token response.
    pub fn read(&self) -> Result<String, Failure> {
        let bytes = match self {
            Source::File(path) => {
                let cannot = |e: io::Error| Failure::new(format!("cannot read {}: {e}", self.describe()));
                read_limited(File::open(path).map_err(cannot)?).map_err(cannot)?
            }
            Source::Stdin => read_limited(io::stdin().lock())
                .map_err(|e| Failure::new(format!("cannot read standard input: {e}")))?,
            Source::Sample => return Ok(SAMPLE.to_owned()),
        };
        text(bytes, matches!(self, Source::Stdin))
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Source::File(_) => "file",
            Source::Stdin => "stdin",
            Source::Sample => "sample",
        }
    }

    /// The file's name, as it is (JSON escapes it).
    pub fn path(&self) -> Option<String> {
        match self {
            Source::File(path) => Some(path.to_string_lossy().into_owned()),
            Source::Stdin | Source::Sample => None,
        }
    }

    /// What was read, for a terminal: a file's name with its hidden characters escaped.
    pub fn describe(&self) -> String {
        match self {
            Source::File(path) => printable(&path.to_string_lossy()),
            Source::Stdin => "standard input".to_owned(),
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
fn text(bytes: Vec<u8>, stdin: bool) -> Result<String, Failure> {
    const EXPECTED: &str = "expected a token response";
    if u64::try_from(bytes.len()).map_or(true, |len| len > MAX_INPUT) {
        return Err(Failure::new(format!("the input is larger than 1 MiB: {EXPECTED}")));
    }
    if bytes.trim_ascii().is_empty() {
        let hint = if stdin { " (nothing was piped in; --sample inspects the bundled sample)" } else { "" };
        return Err(Failure::new(format!("the input is empty: {EXPECTED}{hint}")));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Failure::new(format!("the input is binary (a NUL byte at offset {at}): {EXPECTED}")));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Failure::new(format!("the input is binary (not UTF-8 at offset {at}): {EXPECTED}"))
    })
}

/// How the response was encoded.
#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    /// `application/x-www-form-urlencoded`, as GitHub answers by default.
    Form,
}

/// The token response `text` holds; an error response, or anything else, is a [`Failure`].
pub fn parse(text: &str) -> Result<(Format, AnyResponse), Failure> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (format, reply) = if is_form(text) {
        (Format::Form, from_form(text.trim_ascii()).map_err(Failure::refused)?)
    } else {
        (Format::Json, json(text)?)
    };
    match reply {
        TokenOrError::Token(response) => {
            let response = response.with_token().ok_or_else(|| Failure::new(NOT_A_TOKEN.to_owned() + NO_TOKEN))?;
            Ok((format, response))
        }
        TokenOrError::Error(error) => Err(Failure::error_response(error)),
    }
}

const NOT_A_TOKEN: &str = "not a token response: ";
const NO_TOKEN: &str = "no access_token (or id_token) member";

/// Whether `text` is a form body (`access_token=...&scope=repo%2Cgist`): visible ASCII, every
/// `&`-separated pair with a name and `=`. No JSON text has an `=` outside a string and starts
/// with neither `{`, `[` nor `"`.
fn is_form(text: &str) -> bool {
    let text = text.trim_ascii();
    !text.starts_with(['{', '[', '"'])
        && text.bytes().all(|b| b.is_ascii_graphic())
        && text.split('&').all(|pair| pair.find('=').is_some_and(|at| at > 0))
}

/// A JSON object read as a token or error response. `from_json`'s errors quote nothing of the
/// input, so they are shown as they are.
fn json(text: &str) -> Result<TokenOrError<AnyResponse>, Failure> {
    from_json::<IgnoredAny>(text).map_err(Failure::refused)?;
    // serde fills a struct from an array by position: only an object is a token response.
    let kind = match text.trim_ascii_start().as_bytes().first() {
        Some(b'{') => None,
        Some(b'[') => Some("an array"),
        Some(b'"') => Some("a string"),
        Some(b't' | b'f') => Some("true or false"),
        Some(b'n') => Some("null"),
        _ => Some("a number"),
    };
    if let Some(kind) = kind {
        return Err(Failure::new(format!("{NOT_A_TOKEN}the input is {kind} in JSON, not an object")));
    }
    from_json(text).map_err(Failure::refused)
}

/// Why the input is not a token response, in our own words; where JSON parsing stopped; the
/// error response the server sent instead of a token.
#[derive(Serialize)]
pub struct Failure {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_response: Option<Box<ErrorResponse>>,
}

impl Failure {
    pub fn new(error: String) -> Self {
        Failure { error, line: None, column: None, error_response: None }
    }

    /// Why the text is not a token response, as `from_json` or `from_form` says it, with the
    /// line and column where JSON gives them.
    fn refused(e: ReadError) -> Self {
        Failure { line: e.line(), column: e.column(), ..Failure::new(format!("{NOT_A_TOKEN}{e}")) }
    }

    /// An error response (RFC 6749 section 5.2): its code and description are shown, as the
    /// server meant them to be.
    fn error_response(response: ErrorResponse) -> Self {
        let see = response.error_uri.as_deref().map(|uri| format!(" (see {})", printable(uri))).unwrap_or_default();
        let error = format!("the server answered an error, not a token: {}{see}", printable(&response.to_string()));
        Failure { error_response: Some(Box::new(response)), ..Failure::new(error) }
    }
}
