//! What reading with `token_response::from_json` costs over `serde_json::from_str`, the price of
//! errors that never quote the input: the parses of [`crate::token_or_error`], each through
//! `from_json` instead. Its `owned` against `token_or_error`'s `owned` is that price for `T`;
//! its `owned_wrapped` against its `owned` is `TokenOrError<T>`'s over `T` when both read
//! through `from_json`.

use token_response::{TokenOrError, from_json};

use crate::google::{Google, GoogleBorrowed};
use crate::token_or_error::Parse;

/// The parses, by name, as [`crate::token_or_error::PARSES`] names them.
pub const PARSES: [(&str, Parse); 4] = [
    ("owned", owned),
    ("owned_wrapped", owned_wrapped),
    ("borrowed", borrowed),
    ("borrowed_wrapped", borrowed_wrapped),
];

fn owned(body: &str) -> bool {
    from_json::<Google>(body).is_ok()
}

fn owned_wrapped(body: &str) -> bool {
    matches!(from_json::<TokenOrError<Google>>(body), Ok(TokenOrError::Token(_)))
}

fn borrowed(body: &str) -> bool {
    from_json::<GoogleBorrowed<'_>>(body).is_ok()
}

fn borrowed_wrapped(body: &str) -> bool {
    matches!(from_json::<TokenOrError<GoogleBorrowed<'_>>>(body), Ok(TokenOrError::Token(_)))
}
