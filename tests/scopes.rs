//! `scopes()`, `has_scope()` and `has_scopes()`: splitting, trimming, delimiters, lists, and
//! exact matching.

use token_response::{Scopes, TokenResponse};

#[derive(TokenResponse)]
struct Spaced {
    access_token: String,
    scope: Option<String>,
}

fn spaced(scope: &str) -> Spaced {
    Spaced { access_token: "a".into(), scope: Some(scope.into()) }
}

fn list(t: &dyn TokenResponse) -> Vec<&str> {
    t.scopes().collect()
}

#[test]
fn scopes_are_split_on_runs_of_ascii_whitespace_in_order() {
    assert_eq!(list(&spaced("openid email profile")), ["openid", "email", "profile"]);
    assert_eq!(list(&spaced("a  b\t\tc \t d\r\ne\n")), ["a", "b", "c", "d", "e"]);
    assert_eq!(list(&spaced("   leading and trailing \t ")), ["leading", "and", "trailing"]);
    assert_eq!(list(&spaced("z y x")), ["z", "y", "x"]);
}

#[test]
fn an_empty_or_blank_scope_string_has_no_scopes() {
    for blank in ["", " ", "\t \n"] {
        let t = spaced(blank);
        assert_eq!(t.scopes().next(), None, "{blank:?}");
        assert!(!t.has_scope(""));
        assert!(!t.has_scope(" "));
    }
    let t = Spaced { access_token: "a".into(), scope: None };
    assert_eq!(t.scopes().next(), None);
}

#[test]
fn non_ascii_whitespace_does_not_split() {
    assert_eq!(list(&spaced("a\u{a0}b c")), ["a\u{a0}b", "c"]);
}

#[derive(TokenResponse)]
struct Comma {
    access_token: String,
    #[token(scope, delimiter = ",")]
    scope: String,
}

fn comma(scope: &str) -> Comma {
    Comma { access_token: "a".into(), scope: scope.into() }
}

#[test]
fn a_delimiter_splits_trims_and_drops_empty_pieces() {
    assert_eq!(list(&comma("repo,gist")), ["repo", "gist"]);
    assert_eq!(list(&comma(" repo , gist ,\t,user,")), ["repo", "gist", "user"]);
    assert_eq!(list(&comma(",,commands,,incoming-webhook,")), ["commands", "incoming-webhook"]);
    // Whitespace inside a piece is kept: only the delimiter splits.
    assert_eq!(list(&comma("read write,admin")), ["read write", "admin"]);
    assert_eq!(comma("").scopes().next(), None);
    assert_eq!(comma(" , ,").scopes().next(), None);
}

#[derive(TokenResponse)]
struct NonAscii {
    access_token: String,
    #[token(scope, delimiter = "·")]
    scope: &'static str,
}

#[derive(TokenResponse)]
struct SpaceChar {
    access_token: String,
    #[token(scope, delimiter = " ")]
    scope: &'static str,
}

#[test]
fn any_one_char_is_a_delimiter() {
    assert_eq!(list(&NonAscii { access_token: "a".into(), scope: "x·y ·z" }), ["x", "y", "z"]);
    assert_eq!(list(&SpaceChar { access_token: "a".into(), scope: "  a  b " }), ["a", "b"]);
}

#[derive(TokenResponse)]
struct Twitch {
    access_token: String,
    scope: Vec<String>,
}

fn twitch(scopes: &[&str]) -> Twitch {
    Twitch { access_token: "a".into(), scope: scopes.iter().map(|&s| s.to_owned()).collect() }
}

#[test]
fn list_elements_are_trimmed_and_empty_ones_dropped() {
    assert_eq!(list(&twitch(&["chat:read", "", " chat:edit\t", "  "])), ["chat:read", "chat:edit"]);
    assert_eq!(twitch(&[]).scopes().next(), None);
    // An element is one scope, spaces and all.
    assert_eq!(list(&twitch(&["a b"])), ["a b"]);
}

#[test]
fn has_scope_is_exact_and_case_sensitive() {
    let t = spaced("read write user:email");
    assert!(t.has_scope("read"));
    assert!(t.has_scope("user:email"));
    for absent in ["READ", "Read", "rea", "reads", "user", "read write", " read", "", "email"] {
        assert!(!t.has_scope(absent), "{absent:?}");
    }
    let t = twitch(&["chat:read"]);
    assert!(t.has_scope("chat:read"));
    assert!(!t.has_scope("chat"));
    assert!(!t.has_scope("Chat:Read"));
}

#[test]
fn has_scopes_needs_every_listed_scope() {
    let t = spaced("a b c");
    assert!(t.has_scopes(&["a"]));
    assert!(t.has_scopes(&["c", "a"]));
    assert!(t.has_scopes(&["a", "a", "b", "c"]));
    assert!(!t.has_scopes(&["a", "d"]));
    assert!(!t.has_scopes(&["A"]));
    assert!(t.has_scopes(&[]));
}

#[derive(TokenResponse)]
struct NoScopeField {
    access_token: String,
}

#[test]
fn without_a_scope_field_nothing_is_granted_but_the_empty_list() {
    let t = NoScopeField { access_token: "a".into() };
    assert_eq!(t.scopes().next(), None);
    assert!(!t.has_scope("openid"));
    assert!(t.has_scopes(&[]));
    assert!(!t.has_scopes(&["openid"]));
    let t = spaced("");
    assert!(t.has_scopes(&[]));
}

#[test]
fn scopes_is_a_cloneable_iterator_of_borrowed_strs() {
    let t = spaced("a b c");
    let mut scopes: Scopes<'_> = t.scopes();
    assert_eq!(scopes.next(), Some("a"));
    let rest = scopes.clone();
    assert_eq!(scopes.collect::<Vec<_>>(), ["b", "c"]);
    assert_eq!(rest.collect::<Vec<_>>(), ["b", "c"]);
    // The items borrow from the response, not from the iterator.
    let first: &str = t.scopes().next().unwrap();
    assert!(std::ptr::eq(first.as_ptr(), t.scope.as_deref().unwrap().as_ptr()));
    // Ended stays ended.
    let mut done = t.scopes().skip(3);
    assert_eq!((done.next(), done.next()), (None, None));
}
