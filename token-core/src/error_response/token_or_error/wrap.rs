//! The wrapping deserializer. [`Wrap`] forwards every `Deserializer` method to the format's
//! deserializer with the visitor wrapped in a [`WrapVisitor`], which forwards every `visit_*`
//! after telling its [`Hook`] what passed. So `T` reads exactly what it reads alone, and the hook
//! sees it. The models are `serde_ignored` and `serde_path_to_error`.
//!
//! A hook that must see what a value is ([`Hook::SEES_VALUE`]), however `T` reads it, has an
//! ignored value read with `deserialize_any`, and an enum too: the format then says whether the
//! value is a string (a unit variant, handed to `T` as a string's variant) or a map (a variant
//! with content, handed on as a map's), as it does for `deserialize_enum`.

use std::fmt;

use serde_core::de::value::{MapAccessDeserializer, StrDeserializer};
use serde_core::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

use crate::passing::{Pass, Passing};
use crate::serde_methods::{deserializer_methods, visit_methods};

/// What a wrapper does with what passes through it; everything else is forwarded untouched.
pub(super) trait Hook<'de>: Sized {
    /// Whether the hook must see what the value is, however `T` reads it: an ignored value is
    /// then read with `deserialize_any`, and so is an enum.
    const SEES_VALUE: bool;

    /// A value was handed to the visitor.
    fn pass(&mut self, value: Passing<'_>);

    /// `visit_map`: noted as a value and forwarded, unless the hook reads the members.
    fn visit_map<V: Visitor<'de>, A: MapAccess<'de>>(mut self, visitor: V, map: A) -> Result<V::Value, A::Error> {
        self.pass(Passing::Other);
        visitor.visit_map(map)
    }
}

/// A deserializer whose visitors are wrapped with `hook`.
pub(super) struct Wrap<D, H> {
    pub(super) inner: D,
    pub(super) hook: H,
}

/// A visitor that tells `hook` what it is handed, then hands it on to `inner`.
pub(super) struct WrapVisitor<V, H> {
    inner: V,
    hook: H,
}

/// A seed whose deserializer is wrapped with `hook`.
pub(super) struct WrapSeed<S, H> {
    pub(super) seed: S,
    pub(super) hook: H,
}

impl<'de, S: DeserializeSeed<'de>, H: Hook<'de>> DeserializeSeed<'de> for WrapSeed<S, H> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Wrap { inner: deserializer, hook: self.hook })
    }
}

/// Forwards `Deserializer` methods to `self.inner`, the visitor wrapped, but the two written out
/// in the impl.
macro_rules! forward_deserialize {
    ($($method:ident $args:tt;)*) => {
        $(forward_deserialize!(@ $method $args);)*
    };
    (@ deserialize_ignored_any $args:tt) => {};
    (@ deserialize_enum $args:tt) => {};
    (@ $method:ident($($arg:ident: $ty:ty),*)) => {
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* WrapVisitor { inner: visitor, hook: self.hook })
        }
    };
}

impl<'de, D: Deserializer<'de>, H: Hook<'de>> Deserializer<'de> for Wrap<D, H> {
    type Error = D::Error;

    deserializer_methods!(forward_deserialize);

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = WrapVisitor { inner: visitor, hook: self.hook };
        if H::SEES_VALUE { self.inner.deserialize_any(visitor) } else { self.inner.deserialize_ignored_any(visitor) }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = WrapVisitor { inner: visitor, hook: self.hook };
        if H::SEES_VALUE {
            self.inner.deserialize_any(AsEnum(visitor))
        } else {
            self.inner.deserialize_enum(name, variants, visitor)
        }
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Forwards the `visit_*` methods that are handed a value to `self.inner`, after telling the
/// hook what passed.
macro_rules! forward_visit {
    ($($group:ident: $($method:ident($ty:ty)),*;)*) => {$($(
        fn $method<E: de::Error>(mut self, v: $ty) -> Result<V::Value, E> {
            self.hook.pass(Pass::passing(&v));
            self.inner.$method(v)
        }
    )*)*};
}

impl<'de, V: Visitor<'de>, H: Hook<'de>> Visitor<'de> for WrapVisitor<V, H> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    visit_methods!(forward_visit);

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

/// An enum read with `deserialize_any`, as self-describing formats read one: a string is a unit
/// variant (serde's string deserializer is its enum access), a map holds one variant and its
/// content (serde's map access deserializer is its enum access); anything else is handed on as
/// it is, for the enum's visitor to refuse.
struct AsEnum<V, H>(WrapVisitor<V, H>);

/// `AsEnum`'s `visit_*`: strings name a variant, everything else goes on to the wrapped visitor.
macro_rules! as_enum {
    (strings: $($s:ident($sty:ty)),*; others: $($o:ident($oty:ty)),*;) => {
        $(
            fn $s<E: de::Error>(mut self, v: $sty) -> Result<V::Value, E> {
                let text: &str = &v;
                self.0.hook.pass(Passing::Text(text));
                self.0.inner.visit_enum(StrDeserializer::new(text))
            }
        )*
        $(
            fn $o<E: de::Error>(self, v: $oty) -> Result<V::Value, E> {
                self.0.$o(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>, H: Hook<'de>> Visitor<'de> for AsEnum<V, H> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit_methods!(as_enum);

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<V::Value, A::Error> {
        self.0.hook.pass(Passing::Other);
        self.0.inner.visit_enum(MapAccessDeserializer::new(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(data)
    }
}

#[cfg(test)]
pub(super) mod tests {
    //! One test per serde data model entry point the wrapper forwards: every `deserialize_*` of
    //! [`Wrap`] reaches its namesake with its arguments, every `visit_*` of [`WrapVisitor`]
    //! reaches its namesake with the same value (borrowed stays borrowed), and the hook is told
    //! what passed; the two methods `Wrap` writes out, each way; and the enum adapter.

    use super::*;
    use crate::testing::{Describe, Echo, Script, call, calls, deserialize_methods};

    /// A hook that writes down what passes, seeing values or not as `SEES` says.
    struct Recorder<'r, const SEES: bool>(&'r mut Vec<String>);

    impl<const SEES: bool> Hook<'_> for Recorder<'_, SEES> {
        const SEES_VALUE: bool = SEES;

        fn pass(&mut self, value: Passing<'_>) {
            self.0.push(match value {
                Passing::Text(text) => format!("text {text}"),
                Passing::Char(c) => format!("char {c}"),
                Passing::Bytes(bytes) => format!("bytes {bytes:?}"),
                Passing::Null => "null".into(),
                Passing::Other => "other".into(),
            });
        }
    }

    #[test]
    fn every_deserialize_method_reaches_its_namesake_with_its_arguments() {
        let mut notes = Vec::new();
        for method in deserialize_methods() {
            let alone = call(Echo, method).expect("an answer");
            let wrapped = call(Wrap { inner: Echo, hook: Recorder::<false>(&mut notes) }, method);
            assert_eq!(wrapped.as_ref(), Ok(&alone), "{method}");
            // A hook that sees values reads these two otherwise: see the next test.
            if !matches!(method, "deserialize_ignored_any" | "deserialize_enum") {
                let wrapped = call(Wrap { inner: Echo, hook: Recorder::<true>(&mut notes) }, method);
                assert_eq!(wrapped.as_ref(), Ok(&alone), "{method}");
            }
        }
    }

    #[test]
    fn ignored_values_and_enums_are_read_with_any_only_where_the_value_is_seen() {
        let mut notes = Vec::new();
        let ignored = Wrap { inner: Echo, hook: Recorder::<false>(&mut notes) }.deserialize_ignored_any(Describe);
        assert_eq!(ignored, Ok("visit_string \"deserialize_ignored_any ()\"".into()));
        let an_enum = Wrap { inner: Echo, hook: Recorder::<false>(&mut notes) }.deserialize_enum("E", &["A"], Describe);
        assert_eq!(an_enum, Ok("visit_string \"deserialize_enum (\\\"E\\\", [\\\"A\\\"])\"".into()));
        let ignored = Wrap { inner: Echo, hook: Recorder::<true>(&mut notes) }.deserialize_ignored_any(Describe);
        assert_eq!(ignored, Ok("visit_string \"deserialize_any ()\"".into()));
        // Echo answers with a string: the enum visitor is handed it as a variant's name.
        let an_enum = Wrap { inner: Echo, hook: Recorder::<true>(&mut notes) }.deserialize_enum("E", &["A"], Describe);
        assert_eq!(
            an_enum.map_err(|e| e.to_string()),
            Err("invalid type: unit variant, expected newtype variant".into())
        );
        assert_eq!(
            notes,
            [
                "text deserialize_ignored_any ()",
                "text deserialize_enum (\"E\", [\"A\"])",
                "text deserialize_any ()",
                "text deserialize_any ()"
            ]
        );
    }

    #[test]
    fn is_human_readable_is_the_formats() {
        let mut notes = Vec::new();
        assert!(!Wrap { inner: Echo, hook: Recorder::<false>(&mut notes) }.is_human_readable());
        assert!(Wrap { inner: serde_json::Value::Null, hook: Recorder::<false>(&mut notes) }.is_human_readable());
    }

    /// What the hook is told of each call of `Script`.
    pub(in crate::error_response) fn told(call: &str) -> &'static str {
        match call {
            "visit_char" => "char e",
            "visit_str" | "visit_borrowed_str" | "visit_string" | "visit_some" | "visit_newtype_struct" => "text error",
            "visit_bytes" | "visit_borrowed_bytes" | "visit_byte_buf" => "bytes [101, 114, 114, 111, 114]",
            "visit_none" | "visit_unit" => "null",
            _ => "other",
        }
    }

    #[test]
    fn every_visit_method_reaches_its_namesake_with_the_same_value() {
        for call in calls() {
            let alone = Script(call).deserialize_any(Describe).expect("described");
            let mut notes = Vec::new();
            let wrapped = Wrap { inner: Script(call), hook: Recorder::<false>(&mut notes) }.deserialize_any(Describe);
            assert_eq!(wrapped.as_ref(), Ok(&alone), "{call}");
            assert_eq!(notes, [told(call)], "{call}");
        }
    }

    /// An enum of each variant kind.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Kind<'a> {
        Unit,
        Newtype(u8),
        Tuple(u8, u8),
        Struct { x: u8 },
        Borrowed(&'a str),
    }

    #[test]
    fn an_enum_read_with_any_accepts_and_refuses_what_it_does_alone() {
        for json in [
            r#""Unit""#,
            r#"{"Newtype": 1}"#,
            r#"{"Tuple": [1, 2]}"#,
            r#"{"Struct": {"x": 1}}"#,
            r#"{"Borrowed": "b"}"#,
            r#""Newtype""#,
            r#""Other""#,
            r#"{"Unit": null}"#,
            r#"{"Unit": 1}"#,
            r#"{}"#,
            r#"{"Unit": null, "Newtype": 1}"#,
            "1",
            "null",
            "[1]",
            "true",
            r#"{"Newtype": "x"}"#,
        ] {
            let alone = serde_json::from_str::<Kind<'_>>(json).ok();
            let mut notes = Vec::new();
            let mut de = serde_json::Deserializer::from_str(json);
            let wrapped = <Kind<'_> as serde::Deserialize>::deserialize(Wrap {
                inner: &mut de,
                hook: Recorder::<true>(&mut notes),
            })
            .and_then(|kind| de.end().map(|()| kind))
            .ok();
            assert_eq!(wrapped, alone, "{json}");
            let string = json.starts_with('"');
            assert_eq!(notes.first().is_some_and(|note| note.starts_with("text ")), string, "{json}: {notes:?}");
        }
    }
}
