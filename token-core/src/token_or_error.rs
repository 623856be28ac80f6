//! `TokenOrError`: a token response or an error response, told apart while `T` reads the input.
//!
//! Nothing is buffered. [`TokenOrError::deserialize`] hands `T` a [`Wrap`] of the format's
//! deserializer. `Wrap` forwards every method with the visitor wrapped in a [`WrapVisitor`],
//! which forwards every `visit_*` and tells its [`Hook`] what passed. At the top level the hook
//! ([`Top`]) hands `T`'s visitor the map wrapped in [`Members`], which wraps each key seed
//! ([`Key`] notes the key as it passes to `T`'s key visitor, borrowed or not) and, for the keys
//! `error`, `error_description` and `error_uri`, the value seed ([`Value`] records the value while
//! `T`'s own seed reads it). So `T` reads exactly what it reads alone, and the decision comes
//! after `T` returns. The models are `serde_ignored` and `serde_path_to_error`.

use std::fmt;
use std::marker::PhantomData;

use serde_core::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::{ErrorCode, ErrorResponse};

/// A token endpoint's answer: the token `T`, or the error response it sent instead.
///
/// RFC 6749 section 5.2 error responses come with status 400 or 401, but some endpoints send
/// them with status 200 (GitHub, form-encoded), so the body decides. `TokenOrError<T>`
/// deserializes from any self-describing format (JSON with `serde_json`, a form body with
/// `serde_urlencoded`, ...):
///
/// - an input whose top-level `error` member is a string is [`TokenOrError::Error`], whatever
///   else it holds (token fields included), unless `T` refuses the value of some member (below);
/// - an `error` member that is null counts as absent;
/// - any other input is read as `T` alone reads it: the same inputs accepted and refused with
///   the same errors, borrowed fields still borrowed, numbers sent as text in a form body still
///   read as numbers, and nothing buffered. `T`'s errors are passed through unchanged (serde's
///   messages may quote values of the input: do not show them to users).
///
/// The `error` member is found while `T` reads the input, so:
///
/// - When `T` fails at a key or between members (`#[serde(deny_unknown_fields)]`, a duplicate
///   field) or at the end (a missing field), the rest of the map is read to look for `error`.
///   If it is there, the answer is the error response; if not, or if the rest cannot be read,
///   `T`'s error is returned, but serde_json then reports it at the position where the reading
///   stopped (the end of the object) rather than at the key.
/// - When `T` refuses the value of a member (a wrong type, a malformed value), the rest is not
///   read and `T`'s error is returned, even if a string `error` came before.
/// - `T` must read the input as a map (a struct, a map, `Option` or a newtype of one, a
///   flattened or untagged type: `deserialize_any` works). An externally tagged enum's input is
///   not looked into, and nor is anything a map's values hold: only top-level members count.
/// - A top-level `error`, `error_description` or `error_uri` that `T` does not read is read
///   with the format's `deserialize_any` instead of `deserialize_ignored_any`, to see whether it
///   is a string. For serde_json the two differ on a few inputs in such a member, which are then
///   refused (where `T` alone skips them) or refused with other wording: a number beyond `f64`'s
///   range (`1e400`), a string with an escape of a lone surrogate (`"\ud800"`) or invalid
///   UTF-8, and a malformed value. serde_urlencoded has no such difference.
/// - With more than one `error` member, the last one counts.
///
/// ```
/// use serde::Deserialize;
/// use token_response::{ErrorCode, TokenOrError, TokenResponse};
///
/// #[derive(Deserialize, TokenResponse)]
/// struct Google {
///     access_token: String,
///     expires_in: u64,
/// }
///
/// let body = r#"{"error": "invalid_grant", "error_description": "Bad Request"}"#;
/// let reply: TokenOrError<Google> = serde_json::from_str(body)?;
/// let error = reply.into_result().err().expect("an error response");
/// assert_eq!(error.error, ErrorCode::InvalidGrant);
/// assert_eq!(error.to_string(), "invalid_grant: Bad Request");
///
/// let body = r#"{"access_token": "ya29.a0", "expires_in": 3599, "error": null}"#;
/// let token = serde_json::from_str::<TokenOrError<Google>>(body)?.into_result()?;
/// assert_eq!(token.bearer_header().as_deref(), Ok("Bearer ya29.a0"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// GitHub answers form-encoded by default, errors with status 200:
///
/// ```
/// use std::borrow::Cow;
///
/// use serde::Deserialize;
/// use token_response::{TokenOrError, TokenResponse};
///
/// #[derive(Deserialize, TokenResponse)]
/// struct GitHub<'a> {
///     #[serde(borrow)]
///     access_token: Cow<'a, str>, // borrowed; a `&str` would fail on an encoded value
///     #[serde(borrow)]
///     #[token(scope, delimiter = ",")]
///     scope: Cow<'a, str>, // `repo%2Cgist` is decoded: not borrowed, but a `Cow` takes both
/// }
///
/// let body = "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer";
/// let token = serde_urlencoded::from_str::<TokenOrError<GitHub<'_>>>(body)?.into_result()?;
/// assert_eq!(token.scopes().collect::<Vec<_>>(), ["repo", "gist"]);
///
/// let body = "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.";
/// let error = serde_urlencoded::from_str::<TokenOrError<GitHub<'_>>>(body)?.into_result().err();
/// assert_eq!(error.map(|e| e.error.as_str().to_owned()).as_deref(), Some("bad_verification_code"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOrError<T> {
    /// The input read as `T`.
    Token(T),
    /// The error response: the input had a string `error` member.
    Error(ErrorResponse),
}

impl<T> TokenOrError<T> {
    /// The token as `Ok`, the error response as `Err`, for `?`.
    ///
    /// ```
    /// use token_response::TokenOrError;
    ///
    /// let reply: TokenOrError<std::collections::HashMap<String, String>> =
    ///     serde_json::from_str(r#"{"error": "slow_down"}"#)?;
    /// assert_eq!(reply.into_result().map_err(|e| e.to_string()), Err("slow_down".to_owned()));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_result(self) -> Result<T, ErrorResponse> {
        match self {
            TokenOrError::Token(token) => Ok(token),
            TokenOrError::Error(error) => Err(error),
        }
    }
}

impl<T> From<TokenOrError<T>> for Result<T, ErrorResponse> {
    /// [`TokenOrError::into_result`].
    fn from(reply: TokenOrError<T>) -> Self {
        reply.into_result()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for TokenOrError<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut capture = Capture::default();
        let token = T::deserialize(Wrap { inner: deserializer, hook: Top(&mut capture) });
        // A failed `T` leaves the map read to its end only when `Members` could finish it.
        let read_all = token.is_ok() || capture.read_all;
        match capture.into_response() {
            Some(error) if read_all => Ok(TokenOrError::Error(error)),
            _ => token.map(TokenOrError::Token),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What is recorded.

/// A member of an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    /// `error`, the code.
    Error,
    /// `error_description`.
    Description,
    /// `error_uri`.
    Uri,
}

impl Member {
    /// Every member, in the order of [`Member::NAMES`].
    const ALL: [Member; 3] = [Member::Error, Member::Description, Member::Uri];

    /// The members' names, as a struct's field list.
    pub(crate) const NAMES: [&'static str; 3] = ["error", "error_description", "error_uri"];

    /// Its name on the wire.
    #[inline]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Member::Error => Member::NAMES[0],
            Member::Description => Member::NAMES[1],
            Member::Uri => Member::NAMES[2],
        }
    }

    /// The member a key names, if any.
    #[inline]
    fn of(key: &[u8]) -> Option<Member> {
        Member::ALL.into_iter().find(|member| member.name().as_bytes() == key)
    }
}

/// A member's value, as far as an error response cares.
enum Seen {
    /// `null` (or a unit or `None`).
    Null,
    /// A string.
    Text(String),
    /// Anything else.
    Other,
}

/// The error response's members found at the top level of the input so far.
#[derive(Default)]
struct Capture {
    error: Option<Seen>,
    description: Option<Seen>,
    uri: Option<Seen>,
    /// Whether every member of the map was read, up to its end.
    read_all: bool,
}

impl Capture {
    #[inline]
    fn slot(&mut self, member: Member) -> &mut Option<Seen> {
        match member {
            Member::Error => &mut self.error,
            Member::Description => &mut self.description,
            Member::Uri => &mut self.uri,
        }
    }

    /// The error response, when `error` is a string; a description or uri that is not a string
    /// is `None`.
    fn into_response(self) -> Option<ErrorResponse> {
        let text = |seen: Option<Seen>| match seen {
            Some(Seen::Text(text)) => Some(text),
            _ => None,
        };
        let code = text(self.error)?;
        Some(ErrorResponse {
            error: ErrorCode::from(code),
            error_description: text(self.description),
            error_uri: text(self.uri),
        })
    }
}

/// Reads a whole map as an error response: `ErrorResponse`'s `Deserialize`.
pub(crate) fn read_error_response<'de, A: MapAccess<'de>>(mut map: A) -> Result<ErrorResponse, A::Error> {
    let mut capture = Capture::default();
    read_rest(&mut map, &mut capture, State::Key)?;
    let not_text = matches!(capture.error, Some(Seen::Other));
    capture.into_response().ok_or_else(|| {
        if not_text {
            de::Error::custom("the `error` member is not a string")
        } else {
            de::Error::missing_field("error")
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The wrappers.

/// What a wrapper does with what passes through it; everything else is forwarded untouched.
trait Hook<'de>: Sized {
    /// Whether `deserialize_ignored_any` becomes `deserialize_any`, so the value is seen.
    const SEES_IGNORED: bool;

    /// A value was handed to the visitor.
    fn pass(&mut self, value: Passing<'_>);

    /// `visit_map`: noted as a value and forwarded, unless the hook reads the members.
    fn visit_map<V: Visitor<'de>, A: MapAccess<'de>>(mut self, visitor: V, map: A) -> Result<V::Value, A::Error> {
        self.pass(Passing::Other);
        visitor.visit_map(map)
    }
}

/// A value as it passes a visitor.
enum Passing<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
    Null,
    Other,
}

/// The top level: its map's members are read through [`Members`].
struct Top<'c>(&'c mut Capture);

impl<'de> Hook<'de> for Top<'_> {
    const SEES_IGNORED: bool = false;

    fn pass(&mut self, _: Passing<'_>) {}

    fn visit_map<V: Visitor<'de>, A: MapAccess<'de>>(self, visitor: V, map: A) -> Result<V::Value, A::Error> {
        let mut members = Members { inner: map, capture: self.0, state: State::Key };
        let value = visitor.visit_map(&mut members);
        if value.is_err() {
            members.finish();
        }
        value
    }
}

/// A key: notes which member it names (`Some(None)` for any other key) once it has passed.
struct Key<'k>(&'k mut Option<Option<Member>>);

impl Hook<'_> for Key<'_> {
    const SEES_IGNORED: bool = false;

    #[inline]
    fn pass(&mut self, value: Passing<'_>) {
        *self.0 = Some(match value {
            Passing::Text(text) => Member::of(text.as_bytes()),
            Passing::Bytes(bytes) => Member::of(bytes),
            Passing::Null | Passing::Other => None,
        });
    }
}

/// The value of an error response's member: recorded in its slot.
struct Value<'s>(&'s mut Option<Seen>);

impl Hook<'_> for Value<'_> {
    const SEES_IGNORED: bool = true;

    #[inline]
    fn pass(&mut self, value: Passing<'_>) {
        *self.0 = Some(match value {
            Passing::Text(text) => Seen::Text(text.to_owned()),
            Passing::Null => Seen::Null,
            Passing::Bytes(_) | Passing::Other => Seen::Other,
        });
    }
}

/// A deserializer whose visitors are wrapped with `hook`.
struct Wrap<D, H> {
    inner: D,
    hook: H,
}

/// A visitor that tells `hook` what it is handed, then hands it on to `inner`.
struct WrapVisitor<V, H> {
    inner: V,
    hook: H,
}

/// A seed whose deserializer is wrapped with `hook`.
struct WrapSeed<S, H> {
    seed: S,
    hook: H,
}

impl<'de, S: DeserializeSeed<'de>, H: Hook<'de>> DeserializeSeed<'de> for WrapSeed<S, H> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Wrap { inner: deserializer, hook: self.hook })
    }
}

/// Calls the macro `$callback` with every `Deserializer` method but `deserialize_ignored_any`,
/// and the arguments each takes before its visitor: the one list that [`Wrap`] forwards and the
/// tests answer.
macro_rules! deserializer_methods {
    ($callback:ident) => {
        $callback! {
            deserialize_any();
            deserialize_bool();
            deserialize_i8();
            deserialize_i16();
            deserialize_i32();
            deserialize_i64();
            deserialize_i128();
            deserialize_u8();
            deserialize_u16();
            deserialize_u32();
            deserialize_u64();
            deserialize_u128();
            deserialize_f32();
            deserialize_f64();
            deserialize_char();
            deserialize_str();
            deserialize_string();
            deserialize_bytes();
            deserialize_byte_buf();
            deserialize_option();
            deserialize_unit();
            deserialize_unit_struct(name: &'static str);
            deserialize_newtype_struct(name: &'static str);
            deserialize_seq();
            deserialize_tuple(len: usize);
            deserialize_tuple_struct(name: &'static str, len: usize);
            deserialize_map();
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            deserialize_enum(name: &'static str, variants: &'static [&'static str]);
            deserialize_identifier();
        }
    };
}

/// Forwards `Deserializer` methods to `self.inner`, the visitor wrapped.
macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                self.inner.$method($($arg,)* WrapVisitor { inner: visitor, hook: self.hook })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>, H: Hook<'de>> Deserializer<'de> for Wrap<D, H> {
    type Error = D::Error;

    deserializer_methods!(forward_deserialize);

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = WrapVisitor { inner: visitor, hook: self.hook };
        if H::SEES_IGNORED { self.inner.deserialize_any(visitor) } else { self.inner.deserialize_ignored_any(visitor) }
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Forwards `visit_*` methods to `self.inner`, after telling the hook what `$passing` says of
/// the value `$v`.
macro_rules! forward_visit {
    (|$v:ident| $passing:expr; $($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(mut self, $v: $ty) -> Result<V::Value, E> {
                self.hook.pass($passing);
                self.inner.$method($v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>, H: Hook<'de>> Visitor<'de> for WrapVisitor<V, H> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit!(|v| Passing::Other;
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64), visit_i128(i128),
        visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64), visit_u128(u128), visit_f32(f32), visit_f64(f64),
    );
    forward_visit!(|v| Passing::Text(v); visit_str(&str), visit_borrowed_str(&'de str));
    forward_visit!(|v| Passing::Text(&v); visit_string(String));
    forward_visit!(|v| Passing::Bytes(v); visit_bytes(&[u8]), visit_borrowed_bytes(&'de [u8]));
    forward_visit!(|v| Passing::Bytes(&v); visit_byte_buf(Vec<u8>));

    fn visit_char<E: de::Error>(mut self, v: char) -> Result<V::Value, E> {
        self.hook.pass(Passing::Text(v.encode_utf8(&mut [0; 4])));
        self.inner.visit_char(v)
    }

    fn visit_none<E: de::Error>(mut self) -> Result<V::Value, E> {
        self.hook.pass(Passing::Null);
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(mut self) -> Result<V::Value, E> {
        self.hook.pass(Passing::Null);
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Wrap { inner: deserializer, hook: self.hook })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Wrap { inner: deserializer, hook: self.hook })
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, seq: A) -> Result<V::Value, A::Error> {
        self.hook.pass(Passing::Other);
        self.inner.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.hook.visit_map(self.inner, map)
    }

    fn visit_enum<A: EnumAccess<'de>>(mut self, data: A) -> Result<V::Value, A::Error> {
        self.hook.pass(Passing::Other);
        self.inner.visit_enum(data)
    }
}

// ---------------------------------------------------------------------------------------------
// The top-level map.

/// Where the reading of a map stands.
#[derive(Debug, Clone, Copy)]
enum State {
    /// Before a key (or the end).
    Key,
    /// A key was read (naming a member, or `None`); its value comes next.
    Value(Option<Member>),
    /// The end was read.
    End,
    /// Something failed where the input cannot be resumed.
    Failed,
}

/// The top-level map as `T`'s visitor reads it: keys noted, members recorded.
struct Members<'c, A> {
    inner: A,
    capture: &'c mut Capture,
    state: State,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Members<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let mut key = None;
        let result = self.inner.next_key_seed(WrapSeed { seed, hook: Key(&mut key) });
        // A key that passed was read whole, even when `T` refused it: its value comes next.
        self.state = match (&result, key) {
            (Ok(None), _) => {
                self.capture.read_all = true;
                State::End
            }
            (_, Some(member)) => State::Value(member),
            (Ok(Some(_)), None) => State::Value(None),
            (Err(_), None) => State::Failed,
        };
        result
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let member = match self.state {
            State::Value(member) => member,
            State::Key | State::End | State::Failed => None,
        };
        self.state = State::Failed;
        let value = match member {
            Some(member) => self.inner.next_value_seed(WrapSeed { seed, hook: Value(self.capture.slot(member)) }),
            None => self.inner.next_value_seed(seed),
        };
        if value.is_ok() {
            self.state = State::Key;
        }
        value
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> Members<'_, A> {
    /// After `T` failed: reads the rest of the map for the error response's members when the
    /// input is where a key or a value starts. A failure here leaves `read_all` false, so
    /// `T`'s error stands.
    fn finish(&mut self) {
        let _ = read_rest(&mut self.inner, self.capture, self.state);
    }
}

/// Reads the rest of a map from `state`, recording the error response's members, up to its
/// end, then sets `read_all`. Stops at once on `Failed`.
fn read_rest<'de, A: MapAccess<'de>>(map: &mut A, capture: &mut Capture, mut state: State) -> Result<(), A::Error> {
    loop {
        state = match state {
            State::Key => match map.next_key_seed(MemberSeed)? {
                Some(member) => State::Value(member),
                None => State::End,
            },
            State::Value(Some(member)) => {
                map.next_value_seed(WrapSeed { seed: PhantomData::<IgnoredAny>, hook: Value(capture.slot(member)) })?;
                State::Key
            }
            State::Value(None) => {
                map.next_value::<IgnoredAny>()?;
                State::Key
            }
            State::End => {
                capture.read_all = true;
                return Ok(());
            }
            State::Failed => return Ok(()),
        };
    }
}

/// Reads a key as the member it names (`None` for any other key).
struct MemberSeed;

impl<'de> DeserializeSeed<'de> for MemberSeed {
    type Value = Option<Member>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Member>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for MemberSeed {
    type Value = Option<Member>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<Member>, E> {
        Ok(Member::of(key.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<Member>, E> {
        Ok(Member::of(key))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<Member>, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<Member>, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    //! One test per serde data model entry point the wrappers forward: every `deserialize_*`
    //! of [`Wrap`] reaches its namesake with its arguments, every `visit_*` of [`WrapVisitor`]
    //! reaches its namesake with the same value (borrowed stays borrowed), under each hook; and
    //! what each hook records of it.

    use serde::de::value::{Error, MapAccessDeserializer, MapDeserializer, SeqDeserializer};
    use serde::forward_to_deserialize_any;

    use super::*;

    /// Answers every `deserialize_*` with the method's name and arguments, as an owned string.
    struct Echo;

    macro_rules! echo {
        ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
            $(
                fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
                    visitor.visit_string(format!("{} {:?}", stringify!($method), ($($arg,)*)))
                }
            )*
        };
    }

    impl<'de> Deserializer<'de> for Echo {
        type Error = Error;

        deserializer_methods!(echo);
        echo! {
            deserialize_ignored_any();
        }

        fn is_human_readable(&self) -> bool {
            false
        }
    }

    /// Describes what it is handed, nested values included.
    #[derive(Clone, Copy)]
    struct Describe;

    macro_rules! describe {
        ($($method:ident($ty:ty);)*) => {
            $(
                fn $method<E: de::Error>(self, v: $ty) -> Result<String, E> {
                    Ok(format!("{} {:?}", stringify!($method), v))
                }
            )*
        };
    }

    impl<'de> Visitor<'de> for Describe {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("anything at all")
        }

        describe! {
            visit_bool(bool);
            visit_i8(i8);
            visit_i16(i16);
            visit_i32(i32);
            visit_i64(i64);
            visit_i128(i128);
            visit_u8(u8);
            visit_u16(u16);
            visit_u32(u32);
            visit_u64(u64);
            visit_u128(u128);
            visit_f32(f32);
            visit_f64(f64);
            visit_char(char);
            visit_str(&str);
            visit_borrowed_str(&'de str);
            visit_string(String);
            visit_bytes(&[u8]);
            visit_borrowed_bytes(&'de [u8]);
            visit_byte_buf(Vec<u8>);
        }

        fn visit_none<E: de::Error>(self) -> Result<String, E> {
            Ok("visit_none".into())
        }

        fn visit_unit<E: de::Error>(self) -> Result<String, E> {
            Ok("visit_unit".into())
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
            Ok(format!("visit_some({})", d.deserialize_any(self)?))
        }

        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
            Ok(format!("visit_newtype_struct({})", d.deserialize_any(self)?))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
            let mut out = format!("visit_seq {:?}", seq.size_hint());
            while let Some(element) = seq.next_element_seed(self)? {
                out = format!("{out} [{element}]");
            }
            Ok(out)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let mut out = format!("visit_map {:?}", map.size_hint());
            while let Some((key, value)) = map.next_entry_seed(self, self)? {
                out = format!("{out} [{key}: {value}]");
            }
            Ok(out)
        }

        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
            let (variant, access) = data.variant_seed(self)?;
            Ok(format!("visit_enum {variant} ({})", de::VariantAccess::newtype_variant_seed(access, self)?))
        }
    }

    impl<'de> DeserializeSeed<'de> for Describe {
        type Value = String;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
            d.deserialize_any(self)
        }
    }

    /// One call of each `visit_*`; strings say `error`.
    #[derive(Debug, Clone, Copy)]
    enum Call {
        Bool,
        I8,
        I16,
        I32,
        I64,
        I128,
        U8,
        U16,
        U32,
        U64,
        U128,
        F32,
        F64,
        Char,
        Str,
        BorrowedStr,
        String,
        Bytes,
        BorrowedBytes,
        ByteBuf,
        None,
        Some,
        Unit,
        NewtypeStruct,
        Seq,
        Map,
        Enum,
    }

    const CALLS: [Call; 27] = [
        Call::Bool,
        Call::I8,
        Call::I16,
        Call::I32,
        Call::I64,
        Call::I128,
        Call::U8,
        Call::U16,
        Call::U32,
        Call::U64,
        Call::U128,
        Call::F32,
        Call::F64,
        Call::Char,
        Call::Str,
        Call::BorrowedStr,
        Call::String,
        Call::Bytes,
        Call::BorrowedBytes,
        Call::ByteBuf,
        Call::None,
        Call::Some,
        Call::Unit,
        Call::NewtypeStruct,
        Call::Seq,
        Call::Map,
        Call::Enum,
    ];

    /// Makes its one call on whatever it is asked.
    struct Script(Call);

    impl<'de> Deserializer<'de> for Script {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0 {
                Call::Bool => visitor.visit_bool(true),
                Call::I8 => visitor.visit_i8(-8),
                Call::I16 => visitor.visit_i16(-16),
                Call::I32 => visitor.visit_i32(-32),
                Call::I64 => visitor.visit_i64(-64),
                Call::I128 => visitor.visit_i128(-128),
                Call::U8 => visitor.visit_u8(8),
                Call::U16 => visitor.visit_u16(16),
                Call::U32 => visitor.visit_u32(32),
                Call::U64 => visitor.visit_u64(64),
                Call::U128 => visitor.visit_u128(128),
                Call::F32 => visitor.visit_f32(0.5),
                Call::F64 => visitor.visit_f64(0.25),
                Call::Char => visitor.visit_char('e'),
                Call::Str => visitor.visit_str(&String::from("error")),
                Call::BorrowedStr => visitor.visit_borrowed_str("error"),
                Call::String => visitor.visit_string("error".into()),
                Call::Bytes => visitor.visit_bytes(&Vec::from(*b"error")),
                Call::BorrowedBytes => visitor.visit_borrowed_bytes(b"error"),
                Call::ByteBuf => visitor.visit_byte_buf(b"error".to_vec()),
                Call::None => visitor.visit_none(),
                Call::Some => visitor.visit_some(Script(Call::BorrowedStr)),
                Call::Unit => visitor.visit_unit(),
                Call::NewtypeStruct => visitor.visit_newtype_struct(Script(Call::String)),
                Call::Seq => visitor.visit_seq(SeqDeserializer::new([1_u8, 2].into_iter())),
                Call::Map => visitor.visit_map(MapDeserializer::new([("error", "x"), ("k", "y")].into_iter())),
                Call::Enum => visitor
                    .visit_enum(MapAccessDeserializer::new(MapDeserializer::new([("Variant", 1_u8)].into_iter()))),
            }
        }

        forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
        }
    }

    /// `Echo`'s answer to each method, through `Wrap` with the hook `$hook` (over fresh
    /// `$storage` each time) and alone.
    macro_rules! echoes {
        ($hook:ident, $storage:expr) => {
            echoes!(@each $hook, $storage;
                deserialize_any();
                deserialize_bool();
                deserialize_i8();
                deserialize_i16();
                deserialize_i32();
                deserialize_i64();
                deserialize_i128();
                deserialize_u8();
                deserialize_u16();
                deserialize_u32();
                deserialize_u64();
                deserialize_u128();
                deserialize_f32();
                deserialize_f64();
                deserialize_char();
                deserialize_str();
                deserialize_string();
                deserialize_bytes();
                deserialize_byte_buf();
                deserialize_option();
                deserialize_unit();
                deserialize_unit_struct("Unit");
                deserialize_newtype_struct("Newtype");
                deserialize_seq();
                deserialize_tuple(3);
                deserialize_tuple_struct("Tuple", 2);
                deserialize_map();
                deserialize_struct("Struct", &["a", "b"]);
                deserialize_enum("Enum", &["A", "B"]);
                deserialize_identifier();
            )
        };
        (@each $hook:ident, $storage:expr; $($method:ident($($arg:expr),*);)*) => {
            vec![$({
                let mut storage = $storage;
                (
                    Wrap { inner: Echo, hook: $hook(&mut storage) }.$method($($arg,)* Describe).expect("an answer"),
                    Echo.$method($($arg,)* Describe).expect("an answer"),
                )
            }),*]
        };
    }

    #[test]
    fn every_deserialize_method_reaches_its_namesake_with_its_arguments() {
        let all = [echoes!(Top, Capture::default()), echoes!(Key, None), echoes!(Value, None)];
        for echoes in all {
            assert_eq!(echoes.len(), 30);
            for (wrapped, alone) in echoes {
                assert_eq!(wrapped, alone);
            }
        }
    }

    #[test]
    fn deserialize_ignored_any_is_any_only_where_the_value_is_recorded() {
        let mut capture = Capture::default();
        let top = Wrap { inner: Echo, hook: Top(&mut capture) }.deserialize_ignored_any(Describe);
        assert_eq!(top, Ok("visit_string \"deserialize_ignored_any ()\"".into()));
        let mut key = None;
        let key = Wrap { inner: Echo, hook: Key(&mut key) }.deserialize_ignored_any(Describe);
        assert_eq!(key, Ok("visit_string \"deserialize_ignored_any ()\"".into()));
        let mut slot = None;
        let value = Wrap { inner: Echo, hook: Value(&mut slot) }.deserialize_ignored_any(Describe);
        assert_eq!(value, Ok("visit_string \"deserialize_any ()\"".into()));
        assert!(matches!(slot, Some(Seen::Text(ref text)) if text == "deserialize_any ()"));
    }

    #[test]
    fn is_human_readable_is_the_formats() {
        let mut capture = Capture::default();
        assert!(!Wrap { inner: Echo, hook: Top(&mut capture) }.is_human_readable());
        assert!(Wrap { inner: serde_json::Value::Null, hook: Top(&mut capture) }.is_human_readable());
    }

    /// What the value hook records of each call.
    fn recorded(call: Call) -> &'static str {
        match call {
            Call::Char => "text e",
            Call::Str | Call::BorrowedStr | Call::String | Call::Some | Call::NewtypeStruct => "text error",
            Call::None | Call::Unit => "null",
            _ => "other",
        }
    }

    #[test]
    fn every_visit_method_reaches_its_namesake_with_the_same_value() {
        for call in CALLS {
            let alone = Script(call).deserialize_any(Describe).expect("described");

            let mut slot = None;
            let wrapped = Wrap { inner: Script(call), hook: Value(&mut slot) }.deserialize_any(Describe);
            assert_eq!(wrapped.as_ref(), Ok(&alone), "{call:?} under the value hook");
            let seen = match slot {
                Some(Seen::Text(text)) => format!("text {text}"),
                Some(Seen::Null) => "null".into(),
                Some(Seen::Other) => "other".into(),
                None => "nothing".into(),
            };
            assert_eq!(seen, recorded(call), "{call:?}");

            let mut key = None;
            let wrapped = Wrap { inner: Script(call), hook: Key(&mut key) }.deserialize_any(Describe);
            assert_eq!(wrapped.as_ref(), Ok(&alone), "{call:?} under the key hook");
            let names_error = matches!(
                call,
                Call::Str
                    | Call::BorrowedStr
                    | Call::String
                    | Call::Bytes
                    | Call::BorrowedBytes
                    | Call::ByteBuf
                    | Call::Some
                    | Call::NewtypeStruct
            );
            assert_eq!(key, Some(names_error.then_some(Member::Error)), "{call:?}");

            let mut capture = Capture::default();
            let wrapped = Wrap { inner: Script(call), hook: Top(&mut capture) }.deserialize_any(Describe);
            assert_eq!(wrapped.as_ref(), Ok(&alone), "{call:?} under the top hook");
        }
    }

    #[test]
    fn the_top_map_is_read_through_members_which_forward_size_hint_and_record() {
        let mut capture = Capture::default();
        let wrapped = Wrap { inner: Script(Call::Map), hook: Top(&mut capture) }.deserialize_any(Describe);
        assert_eq!(
            wrapped,
            Ok("visit_map Some(2) [visit_str \"error\": visit_str \"x\"] [visit_str \"k\": visit_str \"y\"]".into())
        );
        assert!(capture.read_all);
        assert_eq!(capture.into_response().map(|e| e.error), Some(ErrorCode::Other("x".into())));
    }

    #[test]
    fn only_the_top_map_counts() {
        let mut capture = Capture::default();
        let nested = serde_json::json!({"a": {"error": "x"}, "b": [{"error": "y"}]});
        let read = Wrap { inner: nested, hook: Top(&mut capture) }.deserialize_any(Describe);
        assert!(read.is_ok());
        assert!(capture.read_all);
        assert!(capture.into_response().is_none());
    }

    #[test]
    fn after_a_failure_the_rest_is_read_only_from_a_clean_position() {
        /// Fails on its first key, or on its first value, as told.
        struct Refuse(bool);
        impl<'de> Visitor<'de> for Refuse {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("nothing")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                if self.0 {
                    map.next_key::<IgnoredAny>()?;
                    map.next_value::<u8>()?;
                }
                Err(de::Error::custom("refused"))
            }
        }
        let input = || MapDeserializer::<_, Error>::new([("a", "x"), ("error", "e")].into_iter());
        // Refused at once: the whole map is read and the error response found.
        let mut capture = Capture::default();
        let refused =
            Wrap { inner: MapAccessDeserializer::new(input()), hook: Top(&mut capture) }.deserialize_map(Refuse(false));
        assert!(refused.is_err());
        assert!(capture.read_all);
        assert!(capture.into_response().is_some());
        // Refused a value: nothing more is read.
        let mut capture = Capture::default();
        let refused =
            Wrap { inner: MapAccessDeserializer::new(input()), hook: Top(&mut capture) }.deserialize_map(Refuse(true));
        assert!(refused.is_err());
        assert!(!capture.read_all);
    }
}
