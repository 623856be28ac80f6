//! `challenge::parse` on any header value: never panics; an error points inside the input; what
//! it reads is well formed (schemes and names are RFC 9110 tokens) and reads back the same when
//! written out again with every value quoted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use token_response::challenge::{self, Challenge};

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(is_tchar)
}

/// The challenges as a header again: each value a quoted string.
fn write(challenges: &[Challenge<'_>]) -> String {
    let mut header = String::new();
    for (i, challenge) in challenges.iter().enumerate() {
        if i > 0 {
            header.push_str(", ");
        }
        header.push_str(challenge.scheme());
        if let Some(token68) = challenge.token68() {
            header.push(' ');
            header.push_str(token68);
        }
        for (j, (name, value)) in challenge.params().enumerate() {
            header.push_str(if j == 0 { " " } else { ", " });
            header.push_str(name);
            header.push_str("=\"");
            for c in value.chars() {
                if c == '"' || c == '\\' {
                    header.push('\\');
                }
                header.push(c);
            }
            header.push('"');
        }
    }
    header
}

fuzz_target!(|header: &str| {
    match challenge::parse(header) {
        Err(error) => assert!(error.at() <= header.len(), "{error} in {header:?}"),
        Ok(challenges) => {
            for challenge in &challenges {
                assert!(token(challenge.scheme()), "{challenge:?}");
                assert!(challenge.token68().is_none() || challenge.params().next().is_none(), "{challenge:?}");
                assert!(challenge.params().all(|(name, _)| token(name)), "{challenge:?}");
                for (name, value) in challenge.params() {
                    assert!(challenge.param(name).is_some());
                    assert!(!value.contains(|c: char| c.is_ascii_control() && c != '\t'), "{value:?}");
                }
            }
            let again = write(&challenges);
            assert_eq!(challenge::parse(&again).as_deref(), Ok(&challenges[..]), "{header:?} written as {again:?}");
        }
    }
});
