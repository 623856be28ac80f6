//! What `TokenOrError<T>` costs over `T`: the Google bodies of [`crate::google`] parsed with
//! serde_json as the derived struct (owned and borrowed) directly, and as `TokenOrError` of it.
//! Parsing only: everything after the parse is the same for both.

use std::hint::black_box;

use criterion::Criterion;
use token_response::TokenOrError;

use crate::google::{self, Google, GoogleBorrowed};

/// A parse: the body in, whether the token was read out.
pub type Parse = fn(&str) -> bool;

/// The parses, by name: each `T` alone, then through `TokenOrError`.
pub const PARSES: [(&str, Parse); 4] = [
    ("owned", owned),
    ("owned_wrapped", owned_wrapped),
    ("borrowed", borrowed),
    ("borrowed_wrapped", borrowed_wrapped),
];

fn owned(body: &str) -> bool {
    serde_json::from_str::<Google>(body).is_ok()
}

fn owned_wrapped(body: &str) -> bool {
    matches!(serde_json::from_str::<TokenOrError<Google>>(body), Ok(TokenOrError::Token(_)))
}

fn borrowed(body: &str) -> bool {
    serde_json::from_str::<GoogleBorrowed<'_>>(body).is_ok()
}

fn borrowed_wrapped(body: &str) -> bool {
    matches!(serde_json::from_str::<TokenOrError<GoogleBorrowed<'_>>>(body), Ok(TokenOrError::Token(_)))
}

/// The `<group>/<body>` groups of `parses`: `token_or_error` with [`PARSES`], `from_json` with
/// [`crate::from_json::PARSES`].
pub fn bench(c: &mut Criterion, group_name: &str, parses: [(&str, Parse); 4]) {
    for (body_name, openid) in google::BODIES {
        let body = google::body(openid);
        assert!(parses.iter().all(|(_, parse)| parse(&body)), "every parse reads the token");
        let mut group = c.benchmark_group(format!("{group_name}/{body_name}"));
        for (name, parse) in parses {
            group.bench_function(name, |b| b.iter(|| parse(black_box(&body))));
        }
        group.finish();
    }
}
