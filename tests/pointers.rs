//! `TokenResponse` through pointers: `&T`, `&mut T`, `Box<T>`, `Rc<T>`, `Arc<T>` and
//! `Box<dyn TokenResponse>` each answer every method as the token they point to, whether it is
//! derived, written by hand, or generic and written by hand.

use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use token_response::{HeaderError, TokenResponse, TokenType};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// What a request would do with a token: the one place the tests go through.
fn send(t: &impl TokenResponse) -> Result<String, HeaderError> {
    t.authorization_header()
}

/// Every method's answer, at fixed instants, to compare a pointer's with its token's.
fn answers(t: &(impl TokenResponse + ?Sized)) -> Vec<String> {
    let mut out = vec![
        format!("{:?}", t.access_token()),
        format!("{:?}", t.refresh_token()),
        format!("{:?}", t.token_type()),
        format!("{:?}", t.expires_in()),
        format!("{:?}", t.issued_at()),
        format!("{:?}", t.absolute_expiry()),
        format!("{:?}", t.refresh_expires_in()),
        format!("{:?}", t.refresh_token_absolute_expiry()),
        format!("{:?}", t.scopes().collect::<Vec<_>>()),
        format!("{:?}", t.refresh_leeway()),
        format!("{:?}", t.expires_at()),
        format!("{:?}", t.refresh_expires_at()),
        format!("{:?}", (t.is_expired(), t.remaining().is_some(), t.needs_refresh(), t.is_refresh_expired())),
        format!("{:?}", (t.has_scope("read"), t.has_scope("admin"), t.has_scopes(&["read", "write"]))),
        format!("{:?}", (t.bearer_header(), t.authorization_header())),
    ];
    for now in [at(0), at(1_000), at(4_540), at(4_600), at(100_000)] {
        out.push(format!(
            "{:?}",
            (t.is_expired_at(now), t.remaining_at(now), t.needs_refresh_at(now), t.is_refresh_expired_at(now))
        ));
    }
    #[cfg(feature = "http")]
    out.push(format!("{:?}", t.authorization_header_value().map(|value| value.as_bytes().to_vec())));
    out
}

#[derive(TokenResponse)]
#[token(refresh_leeway = 30)]
struct Derived {
    access_token: String,
    refresh_token: Option<String>,
    token_type: String,
    expires_in: u64,
    issued_at: u64,
    expires_at: Option<&'static str>,
    refresh_expires_in: u64,
    refresh_expires_at: Option<&'static str>,
    scope: String,
}

fn derived() -> Derived {
    Derived {
        access_token: "2YotnFZFEjr1zCsicMWpAA".into(),
        refresh_token: Some("tGzv3JOkF0XG5Qx2TlKWIA".into()),
        token_type: "DPoP".into(),
        expires_in: 3600,
        issued_at: 1_000,
        expires_at: Some("1970-01-01T01:16:00Z"),
        refresh_expires_in: 86_400,
        refresh_expires_at: Some("soon"),
        scope: "read write".into(),
    }
}

#[test]
fn a_reference() {
    let t = derived();
    assert_eq!(send(&&t).as_deref(), Ok("DPoP 2YotnFZFEjr1zCsicMWpAA"));
    assert_eq!(answers(&&t), answers(&t));
}

#[test]
fn a_mutable_reference() {
    let mut t = derived();
    let expected = answers(&t);
    let pointer = &mut t;
    assert_eq!(send(&pointer).as_deref(), Ok("DPoP 2YotnFZFEjr1zCsicMWpAA"));
    assert_eq!(answers(&pointer), expected);
}

#[test]
fn a_box() {
    let t = Box::new(derived());
    assert_eq!(send(&t).as_deref(), Ok("DPoP 2YotnFZFEjr1zCsicMWpAA"));
    assert_eq!(answers(&t), answers(&*t));
}

#[test]
fn an_rc() {
    let t = Rc::new(derived());
    assert_eq!(send(&t).as_deref(), Ok("DPoP 2YotnFZFEjr1zCsicMWpAA"));
    assert_eq!(answers(&t), answers(&*t));
}

#[test]
fn an_arc_as_a_cache_hands_out() {
    let t = Arc::new(derived());
    let shared = Arc::clone(&t);
    let from_thread = std::thread::spawn(move || send(&shared)).join().unwrap();
    assert_eq!(from_thread.as_deref(), Ok("DPoP 2YotnFZFEjr1zCsicMWpAA"));
    assert_eq!(answers(&t), answers(&*t));
}

#[test]
fn a_boxed_trait_object() {
    let t: Box<dyn TokenResponse> = Box::new(derived());
    assert_eq!(send(&t).as_deref(), Ok("DPoP 2YotnFZFEjr1zCsicMWpAA"));
    assert_eq!(answers(&t), answers(&derived()));
    // And shared across threads.
    let t: Arc<dyn TokenResponse + Send + Sync> = Arc::new(derived());
    assert_eq!(answers(&t), answers(&derived()));
}

#[test]
fn pointers_to_pointers() {
    let t = Arc::new(Box::new(derived()));
    assert_eq!(answers(&&t), answers(&derived()));
    let mut boxed: Box<dyn TokenResponse> = Box::new(derived());
    assert_eq!(answers(&Rc::new(&mut boxed)), answers(&derived()));
}

#[test]
fn the_fields_of_a_derived_token_show_through_every_pointer() {
    // The absolute expiry (4560 s) comes before issue time + lifetime (4600 s); the refresh
    // expiry is unreadable, so the refresh token counts as expired: both read from the fields.
    let t: Box<dyn TokenResponse> = Box::new(derived());
    assert_eq!(t.expires_at(), Some(at(4_560)));
    assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH));
    assert!(t.needs_refresh_at(at(4_530)) && !t.needs_refresh_at(at(4_529)), "the 30 s leeway");
}

/// A hand-written impl that overrides more than the field methods: a pointer answers with its
/// overrides, not with what the defaults would compute.
struct Manual {
    token: &'static str,
}

impl TokenResponse for Manual {
    fn access_token(&self) -> &str {
        self.token
    }

    fn token_type(&self) -> TokenType<'_> {
        TokenType::Other("MAC")
    }

    fn expires_at(&self) -> Option<SystemTime> {
        Some(at(2_000))
    }

    fn needs_refresh_at(&self, now: SystemTime) -> bool {
        now >= at(1_000)
    }

    fn has_scope(&self, scope: &str) -> bool {
        scope == "everything"
    }

    fn bearer_header(&self) -> Result<String, HeaderError> {
        Err(HeaderError::NotBearer)
    }
}

#[test]
fn a_hand_written_impl_through_every_pointer() {
    let expected = answers(&Manual { token: "m" });
    assert_eq!(expected[10], format!("{:?}", Some(at(2_000))), "the override is what answers");
    let mut owned = Manual { token: "m" };
    let boxed: Box<dyn TokenResponse> = Box::new(Manual { token: "m" });
    for got in [
        answers(&&Manual { token: "m" }),
        answers(&&mut owned),
        answers(&Box::new(Manual { token: "m" })),
        answers(&Rc::new(Manual { token: "m" })),
        answers(&Arc::new(Manual { token: "m" })),
        answers(&boxed),
    ] {
        assert_eq!(got, expected);
    }
    assert_eq!(send(&boxed).as_deref(), Ok("MAC m"));
    assert!(boxed.has_scope("everything") && !boxed.has_scope("read"));
    assert!(boxed.needs_refresh_at(at(1_000)) && !boxed.needs_refresh_at(at(999)));
    assert!(boxed.is_expired_at(at(2_000)), "is_expired_at reads the overridden expires_at");
}

/// A hand-written impl generic over the token's storage.
struct Stored<S> {
    token: S,
    lifetime: Duration,
}

impl<S: AsRef<str>> TokenResponse for Stored<S> {
    fn access_token(&self) -> &str {
        self.token.as_ref()
    }

    fn expires_in(&self) -> Option<Duration> {
        Some(self.lifetime)
    }

    fn issued_at(&self) -> Option<SystemTime> {
        Some(at(1_000))
    }
}

#[test]
fn a_generic_hand_written_impl_through_every_pointer() {
    let make = || Stored { token: String::from("g"), lifetime: Duration::from_secs(30) };
    let t = make();
    // A 30 s lifetime: the leeway is capped at 15 s, from the field methods' answers.
    assert_eq!(t.expires_at(), Some(at(1_030)));
    assert!(!t.needs_refresh_at(at(1_014)) && t.needs_refresh_at(at(1_015)));
    let expected = answers(&t);
    let borrowed = Stored { token: "g", lifetime: Duration::from_secs(30) };
    assert_eq!(answers(&borrowed), expected);
    let objects: Vec<Box<dyn TokenResponse>> = vec![Box::new(make()), Box::new(borrowed)];
    for got in [answers(&&t), answers(&Box::new(make())), answers(&Rc::new(make())), answers(&Arc::new(make()))] {
        assert_eq!(got, expected);
    }
    for object in &objects {
        assert_eq!(answers(object), expected);
        assert_eq!(send(object).as_deref(), Ok("Bearer g"));
    }
}

#[test]
fn inherit_through_a_pointer_does_nothing_and_on_the_token_it_works() {
    let previous = derived();
    let fresh = || Derived { refresh_token: None, ..derived() };
    // On a `Box` the pointer's own `inherit` runs: it cannot reach the token's fields.
    let mut boxed = Box::new(fresh());
    boxed.inherit(&Box::new(derived()));
    assert_eq!(boxed.refresh_token(), None);
    // Through the box to the token, it works.
    (*boxed).inherit(&previous);
    assert_eq!(boxed.refresh_token(), Some("tGzv3JOkF0XG5Qx2TlKWIA"));
}
