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

/// Calls the macro `$callback` with every `Deserializer` method but the two [`Wrap`] writes out
/// (`deserialize_ignored_any` and `deserialize_enum`), and the arguments each takes before its
/// visitor: the one list that `Wrap` forwards and the tests answer.
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
            deserialize_identifier();
        }
    };
}

/// Calls the macro `$callback` with every `visit_*` method that is handed a value, strings first:
/// the one list that [`WrapVisitor`] forwards, the enum adapter reads and the tests answer. (The
/// others, handed nothing or another deserializer or access, are written out where they differ.)
macro_rules! visit_methods {
    ($callback:ident) => {
        $callback! {
            strings: visit_str(&str), visit_borrowed_str(&'de str), visit_string(String);
            others: visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
                visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64), visit_u128(u128),
                visit_f32(f32), visit_f64(f64), visit_char(char), visit_bytes(&[u8]),
                visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>);
        }
    };
}

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

/// A value as it passes a visitor.
pub(super) enum Passing<'a> {
    Text(&'a str),
    Char(char),
    Bytes(&'a [u8]),
    Null,
    Other,
}

/// What each type handed to a `visit_*` method passes as.
pub(super) trait Pass {
    fn passing(&self) -> Passing<'_>;
}

macro_rules! pass {
    ($($t:ty => |$v:ident| $passing:expr),* $(,)?) => {$(
        impl Pass for $t {
            #[inline]
            fn passing(&self) -> Passing<'_> {
                let $v = self;
                $passing
            }
        }
    )*};
    (other: $($t:ty)*) => {
        pass!($($t => |_v| Passing::Other),*);
    };
}
pass!(&str => |v| Passing::Text(v), String => |v| Passing::Text(v), char => |v| Passing::Char(*v));
pass!(&[u8] => |v| Passing::Bytes(v), Vec<u8> => |v| Passing::Bytes(v));
pass!(other: bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64);

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
    (strings: $($s:ident($sty:ty)),*; others: $($o:ident($oty:ty)),*;) => {
        $(
            fn $s<E: de::Error>(mut self, v: $sty) -> Result<V::Value, E> {
                self.hook.pass(Pass::passing(&v));
                self.inner.$s(v)
            }
        )*
        $(
            fn $o<E: de::Error>(mut self, v: $oty) -> Result<V::Value, E> {
                self.hook.pass(Pass::passing(&v));
                self.inner.$o(v)
            }
        )*
    };
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

    use serde::de::value::{Error, MapAccessDeserializer, MapDeserializer, SeqDeserializer};
    use serde::forward_to_deserialize_any;

    use super::*;

    /// A hook that writes down what passes, seeing values or not as `SEES` says.
    pub(in crate::error_response) struct Recorder<'r, const SEES: bool>(
        pub(in crate::error_response) &'r mut Vec<String>,
    );

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

    /// A value of each type a method takes, for calling it.
    pub(in crate::error_response) trait Sample {
        fn sample() -> Self;
    }

    macro_rules! sample {
        ($($t:ty => $value:expr),* $(,)?) => {$(
            impl Sample for $t {
                fn sample() -> Self {
                    $value
                }
            }
        )*};
    }
    sample!(
        bool => true, i8 => -8, i16 => -16, i32 => -32, i64 => -64, i128 => -128, u8 => 8, u16 => 16, u32 => 32,
        u64 => 64, u128 => 128, f32 => 0.5, f64 => 0.25, char => 'e', &str => "error", String => "error".into(),
        &[u8] => b"error", Vec<u8> => b"error".to_vec(), usize => 3, &[&str] => &["a", "b"],
    );

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
            deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        }

        fn is_human_readable(&self) -> bool {
            false
        }
    }

    /// Describes what it is handed, nested values included.
    #[derive(Clone, Copy)]
    pub(in crate::error_response) struct Describe;

    macro_rules! describe {
        (strings: $($s:ident($sty:ty)),*; others: $($o:ident($oty:ty)),*;) => {
            $(
                fn $s<E: de::Error>(self, v: $sty) -> Result<String, E> {
                    Ok(format!("{} {:?}", stringify!($s), v))
                }
            )*
            $(
                fn $o<E: de::Error>(self, v: $oty) -> Result<String, E> {
                    Ok(format!("{} {:?}", stringify!($o), v))
                }
            )*
        };
    }

    impl<'de> Visitor<'de> for Describe {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("anything at all")
        }

        visit_methods!(describe);

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

    /// The `visit_*` methods handed no value or something other than a value, after those of
    /// the list.
    pub(in crate::error_response) const COMPOUND: [&str; 7] =
        ["visit_none", "visit_some", "visit_unit", "visit_newtype_struct", "visit_seq", "visit_map", "visit_enum"];

    macro_rules! names {
        (strings: $($s:ident($sty:ty)),*; others: $($o:ident($oty:ty)),*;) => {
            [$(stringify!($s),)* $(stringify!($o),)*]
        };
    }

    /// Every `visit_*` method, by name.
    pub(in crate::error_response) fn calls() -> impl Iterator<Item = &'static str> {
        visit_methods!(names).into_iter().chain(COMPOUND)
    }

    /// Makes the one call it is named after on whatever it is asked; strings say `error`.
    pub(in crate::error_response) struct Script(pub(in crate::error_response) &'static str);

    macro_rules! script {
        (strings: $($s:ident($sty:ty)),*; others: $($o:ident($oty:ty)),*;) => {
            fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                match self.0 {
                    $(stringify!($s) => visitor.$s(Sample::sample()),)*
                    $(stringify!($o) => visitor.$o(Sample::sample()),)*
                    "visit_none" => visitor.visit_none(),
                    "visit_some" => visitor.visit_some(Script("visit_borrowed_str")),
                    "visit_unit" => visitor.visit_unit(),
                    "visit_newtype_struct" => visitor.visit_newtype_struct(Script("visit_string")),
                    "visit_seq" => visitor.visit_seq(SeqDeserializer::new([1_u8, 2].into_iter())),
                    "visit_map" => visitor.visit_map(MapDeserializer::new([("error", "x"), ("k", "y")].into_iter())),
                    "visit_enum" => visitor.visit_enum(MapAccessDeserializer::new(MapDeserializer::new([("Variant", 1_u8)].into_iter()))),
                    other => Err(de::Error::custom(format!("no call {other}"))),
                }
            }
        };
    }

    impl<'de> Deserializer<'de> for Script {
        type Error = Error;

        visit_methods!(script);

        forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
        }
    }

    /// `Echo`'s answer to each method of the list, through `Wrap` with a recorder that sees
    /// values as `$sees` says, and alone.
    macro_rules! echoes {
        ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
            [false, true].map(|sees| vec![$({
                let mut notes = Vec::new();
                let wrapped = if sees {
                    Wrap { inner: Echo, hook: Recorder::<true>(&mut notes) }.$method($(<$ty>::sample(),)* Describe)
                } else {
                    Wrap { inner: Echo, hook: Recorder::<false>(&mut notes) }.$method($(<$ty>::sample(),)* Describe)
                };
                (wrapped.expect("an answer"), Echo.$method($(<$ty>::sample(),)* Describe).expect("an answer"))
            }),*])
        };
    }

    #[test]
    fn every_deserialize_method_reaches_its_namesake_with_its_arguments() {
        for echoes in deserializer_methods!(echoes) {
            assert_eq!(echoes.len(), 29);
            for (wrapped, alone) in echoes {
                assert_eq!(wrapped, alone);
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

    /// What the hook is told of each call.
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
        let mut count = 0;
        for call in calls() {
            count += 1;
            let alone = Script(call).deserialize_any(Describe).expect("described");
            let mut notes = Vec::new();
            let wrapped = Wrap { inner: Script(call), hook: Recorder::<false>(&mut notes) }.deserialize_any(Describe);
            assert_eq!(wrapped.as_ref(), Ok(&alone), "{call}");
            assert_eq!(notes, [told(call)], "{call}");
        }
        assert_eq!(count, 27, "every visit_* method of serde's Visitor");
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
