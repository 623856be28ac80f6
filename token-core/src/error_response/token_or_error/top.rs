//! The hooks of `TokenOrError`: at the top level ([`Top`]), `T`'s visitor is handed the map
//! wrapped in [`Members`], which wraps each key seed ([`Key`] notes the key as it passes to `T`'s
//! key visitor, borrowed or not) and, for the keys `error`, `error_description` and `error_uri`,
//! the value seed ([`Value`] notes the value while `T`'s own seed reads it, whether `T` reads it
//! as a string, bytes, an enum, a raw value, or not at all). When `T` fails, [`Members::finish`]
//! reads the rest of the map, where the input allows.

use serde_core::de::{DeserializeSeed, MapAccess, Visitor};

use super::raw;
use super::wrap::{Hook, WrapSeed};
use crate::error_response::capture::{Capture, Member, Seen, State, read_rest};
use crate::passing::Passing;

/// The top level: its map's members are read through [`Members`].
pub(super) struct Top<'c>(pub(super) &'c mut Capture);

impl<'de> Hook<'de> for Top<'_> {
    const SEES_VALUE: bool = false;

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
pub(super) struct Key<'k>(pub(super) &'k mut Option<Option<Member>>);

impl Hook<'_> for Key<'_> {
    const SEES_VALUE: bool = false;

    #[inline]
    fn pass(&mut self, value: Passing<'_>) {
        *self.0 = Some(match value {
            Passing::Text(text) => Member::of(text.as_bytes()),
            Passing::Char(c) => Member::of(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Passing::Bytes(bytes) => Member::of(bytes),
            Passing::Null | Passing::Other => None,
        });
    }
}

/// The value of an error response's member, noted as it passes (a string's text only while the
/// member has none yet: a later one counts for nothing).
pub(super) struct Value<'s> {
    pub(super) seen: &'s mut Option<Seen>,
    pub(super) wants_text: bool,
}

impl<'de> Hook<'de> for Value<'_> {
    const SEES_VALUE: bool = true;

    #[inline]
    fn pass(&mut self, value: Passing<'_>) {
        *self.seen = Some(match value {
            Passing::Text(text) if self.wants_text => Seen::Text(text.to_owned()),
            Passing::Char(c) if self.wants_text => Seen::Text(c.to_string()),
            Passing::Bytes(bytes) if self.wants_text => Seen::Text(String::from_utf8_lossy(bytes).into_owned()),
            Passing::Text(_) | Passing::Char(_) | Passing::Bytes(_) => Seen::Text(String::new()),
            Passing::Null => Seen::Null,
            Passing::Other => Seen::Other,
        });
    }

    /// A map, unless it is serde_json's raw value, whose text is the value as sent.
    fn visit_map<V: Visitor<'de>, A: MapAccess<'de>>(self, visitor: V, map: A) -> Result<V::Value, A::Error> {
        let seen = self.seen;
        *seen = Some(Seen::Other);
        visitor.visit_map(raw::Probe::new(map, seen))
    }
}

/// The top-level map as `T`'s visitor reads it: keys noted, members recorded.
pub(super) struct Members<'c, A> {
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
        let Some(member) = member else {
            self.state = State::Failed;
            let value = self.inner.next_value_seed(seed);
            if value.is_ok() {
                self.state = State::Key;
            }
            return value;
        };
        let mut seen = None;
        let hook = Value { seen: &mut seen, wants_text: !self.capture.has_text(member) };
        let value = self.inner.next_value_seed(WrapSeed { seed, hook });
        // A string or null handed to a visitor was read whole, even when `T` then refused it.
        let whole = matches!(seen, Some(Seen::Text(_) | Seen::Null));
        self.state = if value.is_ok() || whole { State::Key } else { State::Failed };
        if let Some(seen) = seen {
            self.capture.record(member, seen);
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

#[cfg(test)]
mod tests {
    //! What each hook notes of every `visit_*` call, and how the top-level map is read.

    use std::fmt;

    use serde::de::value::{Error, MapAccessDeserializer, MapDeserializer};
    use serde_core::de::{self, Deserializer, IgnoredAny};

    use super::super::wrap::Wrap;
    use super::super::wrap::tests::told;
    use super::*;
    use crate::ErrorCode;
    use crate::testing::{Describe, Script, calls};

    /// What the value hook notes of each call: what the wrapper tells it, a character and bytes
    /// as text.
    fn noted(call: &str) -> &'static str {
        match told(call) {
            "char e" => "text e",
            bytes if bytes.starts_with("bytes") => "text error",
            told => told,
        }
    }

    #[test]
    fn the_key_and_value_hooks_note_every_call() {
        for call in calls() {
            let alone = Script(call).deserialize_any(Describe).expect("described");

            let mut seen = None;
            let hook = Value { seen: &mut seen, wants_text: true };
            let wrapped = Wrap { inner: Script(call), hook }.deserialize_any(Describe);
            assert_eq!(wrapped.as_ref(), Ok(&alone), "{call} under the value hook");
            let noted_as = match seen {
                Some(Seen::Text(text)) => format!("text {text}"),
                Some(Seen::Null) => "null".into(),
                Some(Seen::Other) => "other".into(),
                None => "nothing".into(),
            };
            assert_eq!(noted_as, noted(call), "{call}");

            let mut key = None;
            let wrapped = Wrap { inner: Script(call), hook: Key(&mut key) }.deserialize_any(Describe);
            assert_eq!(wrapped.as_ref(), Ok(&alone), "{call} under the key hook");
            let names_error = noted(call) == "text error";
            assert_eq!(key, Some(names_error.then_some(Member::Error)), "{call}");

            let mut capture = Capture::default();
            let wrapped = Wrap { inner: Script(call), hook: Top(&mut capture) }.deserialize_any(Describe);
            assert_eq!(wrapped.as_ref(), Ok(&alone), "{call} under the top hook");
        }
    }

    #[test]
    fn a_text_already_noted_is_not_copied_again() {
        let mut seen = None;
        let hook = Value { seen: &mut seen, wants_text: false };
        let _ = Wrap { inner: Script("visit_string"), hook }.deserialize_any(Describe);
        assert_eq!(seen, Some(Seen::Text(String::new())));
    }

    #[test]
    fn the_top_map_is_read_through_members_which_forward_size_hint_and_record() {
        let mut capture = Capture::default();
        let wrapped = Wrap { inner: Script("visit_map"), hook: Top(&mut capture) }.deserialize_any(Describe);
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
    fn a_raw_value_is_read_as_the_json_it_holds() {
        let raw = |json: &'static str| {
            let map = MapDeserializer::<_, Error>::new([("$serde_json::private::RawValue", json)].into_iter());
            let mut seen = None;
            let hook = Value { seen: &mut seen, wants_text: true };
            let described = Wrap { inner: MapAccessDeserializer::new(map), hook }.deserialize_any(Describe);
            assert!(described.is_ok_and(|d| d.contains("RawValue")), "{json} handed on as it is");
            seen
        };
        assert_eq!(raw(r#""invalid_grant""#), Some(Seen::Text("invalid_grant".into())));
        assert_eq!(raw("null"), Some(Seen::Null));
        assert_eq!(raw("{}"), Some(Seen::Other));
        // Another map with a string in it is no string.
        let map = MapDeserializer::<_, Error>::new([("code", "\"x\"")].into_iter());
        let mut seen = None;
        let hook = Value { seen: &mut seen, wants_text: true };
        let _ = Wrap { inner: MapAccessDeserializer::new(map), hook }.deserialize_any(Describe);
        assert_eq!(seen, Some(Seen::Other));
    }

    /// Fails on its first key, on its first value, or after reading its first value as a `u8`, as
    /// told.
    struct Refuse(u8);

    impl<'de> Visitor<'de> for Refuse {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("nothing")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            if self.0 > 0 {
                map.next_key::<IgnoredAny>()?;
                map.next_value::<u8>()?;
            }
            Err(de::Error::custom("refused"))
        }
    }

    #[test]
    fn after_a_failure_the_rest_is_read_only_from_a_clean_position() {
        let input = |first: &'static str| MapDeserializer::<_, Error>::new([(first, "x"), ("error", "e")].into_iter());
        let refused = |first, refuse| {
            let mut capture = Capture::default();
            let map = MapAccessDeserializer::new(input(first));
            assert!(Wrap { inner: map, hook: Top(&mut capture) }.deserialize_map(Refuse(refuse)).is_err());
            capture
        };
        // Refused at once: the whole map is read and the error response found.
        let capture = refused("a", 0);
        assert!(capture.read_all);
        assert!(capture.into_response().is_some());
        // Refused another member's value: nothing more is read.
        assert!(!refused("a", 1).read_all);
        // Refused a string `error` (an enum without that variant, say): it was read whole.
        let capture = refused("error", 1);
        assert!(capture.read_all);
        assert_eq!(capture.into_response().map(|e| e.error), Some(ErrorCode::Other("x".into())));
    }
}
