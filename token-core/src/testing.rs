//! Test support for the crate's wrapping deserializers, built from the lists of
//! [`serde_methods`](crate::serde_methods) so that a test of a wrapper covers every entry point:
//!
//! - every `Deserializer` method: [`Echo`] answers each with its name and arguments, and
//!   [`call`] asks any deserializer by a method's name ([`deserialize_methods`]);
//! - every `visit_*` method: [`Script`] makes the call it is named after ([`calls`]), and
//!   [`Describe`] describes whatever it is handed.
//!
//! Strings are `error`, characters `e`, bytes `b"error"` ([`Sample`]).

use std::fmt;

use serde_core::de::value::{Error, MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde_core::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_core::forward_to_deserialize_any;

use crate::serde_methods::{deserializer_methods, visit_methods};

/// A value of each type a method takes, for calling it.
pub(crate) trait Sample {
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
pub(crate) struct Echo;

macro_rules! echo {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
            visitor.visit_string(format!("{} {:?}", stringify!($method), ($($arg,)*)))
        }
    )*};
}

impl<'de> Deserializer<'de> for Echo {
    type Error = Error;

    deserializer_methods!(echo);

    fn is_human_readable(&self) -> bool {
        false
    }
}

macro_rules! deserialize_names {
    ($($method:ident $args:tt;)*) => {
        [$(stringify!($method)),*]
    };
}

/// Every `Deserializer` method that takes a visitor, by name.
pub(crate) fn deserialize_methods() -> impl Iterator<Item = &'static str> {
    deserializer_methods!(deserialize_names).into_iter()
}

macro_rules! call {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        /// `deserializer.<method>(...)` with [`Sample`] arguments and [`Describe`].
        pub(crate) fn call<'de, D: Deserializer<'de>>(deserializer: D, method: &str) -> Result<String, D::Error> {
            match method {
                $(stringify!($method) => deserializer.$method($(<$ty>::sample(),)* Describe),)*
                other => Err(de::Error::custom(format!("no method {other}"))),
            }
        }
    };
}
deserializer_methods!(call);

/// Describes what it is handed, nested values included.
#[derive(Clone, Copy)]
pub(crate) struct Describe;

macro_rules! describe {
    ($($group:ident: $($method:ident($ty:ty)),*;)*) => {$($(
        fn $method<E: de::Error>(self, v: $ty) -> Result<String, E> {
            Ok(format!("{} {:?}", stringify!($method), v))
        }
    )*)*};
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
        Ok(format!("visit_enum {variant} ({})", access.newtype_variant_seed(self)?))
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
const COMPOUND: [&str; 7] =
    ["visit_none", "visit_some", "visit_unit", "visit_newtype_struct", "visit_seq", "visit_map", "visit_enum"];

macro_rules! visit_names {
    ($($group:ident: $($method:ident($ty:ty)),*;)*) => {
        [$($(stringify!($method),)*)*]
    };
}

/// Every `visit_*` method, by name.
pub(crate) fn calls() -> impl Iterator<Item = &'static str> {
    visit_methods!(visit_names).into_iter().chain(COMPOUND)
}

/// Makes the one call it is named after on whatever it is asked; strings say `error`.
pub(crate) struct Script(pub(crate) &'static str);

macro_rules! script {
    ($($group:ident: $($method:ident($ty:ty)),*;)*) => {
        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0 {
                $($(stringify!($method) => visitor.$method(Sample::sample()),)*)*
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

#[test]
fn echo_answers_every_method_by_its_name_and_script_makes_every_call() {
    let methods: Vec<_> = deserialize_methods().collect();
    assert_eq!(methods.len(), 31, "every method of serde's Deserializer but is_human_readable");
    for method in methods {
        let answer = call(Echo, method).expect("an answer");
        assert!(answer.starts_with(&format!("visit_string \"{method} (")), "{method}: {answer}");
    }
    let calls: Vec<_> = calls().collect();
    assert_eq!(calls.len(), 27, "every visit_* method of serde's Visitor");
    for call in calls {
        let described = Script(call).deserialize_any(Describe).expect("described");
        assert_eq!(described.split([' ', '(']).next(), Some(call), "{described}");
    }
}
