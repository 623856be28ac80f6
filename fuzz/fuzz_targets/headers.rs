//! The header builders on any token and token type: `Ok` only for a token of visible ASCII with
//! a fitting scheme, then exactly scheme + space + token; else the error the contract names.
#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use token_response::TokenResponse;
use token_response_fuzz::contract::{check_headers, visible};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    access_token: &'a str,
    token_type: Option<&'a str>,
}

#[derive(TokenResponse)]
struct Tok<'a> {
    access_token: Cow<'a, str>,
    token_type: Option<&'a str>,
}

fuzz_target!(|input: Input<'_>| {
    let t = Tok { access_token: Cow::Borrowed(input.access_token), token_type: input.token_type };
    check_headers(&t);
    for header in [t.bearer_header(), t.authorization_header()].into_iter().flatten() {
        assert_eq!(header.matches(' ').count(), 1, "one space, between scheme and token: {header:?}");
        assert!(header.split(' ').all(|part| !part.is_empty() && visible(part)), "{header:?}");
    }
});
