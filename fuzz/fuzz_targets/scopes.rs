//! The scope iterator: a scope string split by any delimiter, and lists of every type, alone
//! and through a derived struct. Each scope non-empty, trimmed, free of the delimiter, in order,
//! none lost.
#![no_main]

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use token_response::{Delimiter, ScopeField, Scopes, TokenResponse};
use token_response_fuzz::contract::{ScopeSource, check_response, check_scopes};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text: &'a str,
    delimiter: char,
    list: Vec<&'a str>,
    probe: &'a str,
}

#[derive(TokenResponse)]
struct Comma<'a> {
    access_token: &'a str,
    #[token(scope, delimiter = ",")]
    scope: Option<Cow<'a, str>>,
}

#[derive(TokenResponse)]
struct Listed<'a> {
    access_token: &'a str,
    scopes: Vec<&'a str>,
}

fuzz_target!(|input: Input<'_>| {
    let text = input.text;
    for delimiter in [Delimiter::Whitespace, Delimiter::Char(input.delimiter)] {
        let scopes = Scopes::from_text(text, delimiter);
        check_scopes(scopes.clone(), &ScopeSource::Text(text, delimiter));
        let expected: Vec<&str> = scopes.collect();
        let (owned, boxed) = (text.to_owned(), Box::<str>::from(text));
        let (arc, rc) = (Arc::<str>::from(text), Rc::<str>::from(text));
        for scopes in [
            owned.scopes(delimiter),
            Cow::Borrowed(text).scopes(delimiter),
            boxed.scopes(delimiter),
            arc.scopes(delimiter),
            rc.scopes(delimiter),
            Some(text).scopes(delimiter),
        ] {
            assert_eq!(scopes.collect::<Vec<_>>(), expected, "every string type splits alike");
        }
    }

    let source = ScopeSource::List(input.list.clone());
    let owned: Vec<String> = input.list.iter().map(|s| (*s).to_owned()).collect();
    let cows: Vec<Cow<str>> = input.list.iter().map(|s| Cow::Borrowed(*s)).collect();
    let boxed: Box<[String]> = owned.clone().into_boxed_slice();
    for delimiter in [Delimiter::Whitespace, Delimiter::Char(input.delimiter)] {
        for scopes in
            [owned.scopes(delimiter), input.list.scopes(delimiter), cows.scopes(delimiter), boxed.scopes(delimiter)]
        {
            check_scopes(scopes, &source);
        }
    }

    let comma = Comma { access_token: "t", scope: Some(Cow::Borrowed(text)) };
    check_response(&comma, &ScopeSource::Text(text, Delimiter::Char(',')));
    let listed = Listed { access_token: "t", scopes: input.list.clone() };
    check_response(&listed, &source);
    for t in [&comma as &dyn TokenResponse, &listed] {
        assert_eq!(t.has_scope(input.probe), t.scopes().any(|s| s == input.probe));
        assert_eq!(t.has_scopes(&[input.probe, input.probe]), t.has_scope(input.probe));
    }
});
