//! A form body (`application/x-www-form-urlencoded`) as a serde deserializer, on serde's own
//! [`MapDeserializer`]: it reads what `serde_urlencoded` 0.7 reads, into the same values, with
//! the same errors, and needs only `serde_core` (not the `serde` facade, which waits for
//! `serde_derive` in a user's build).
//!
//! The body is a map of its pairs, in order, duplicates kept. Each name and value is text
//! (borrowed from the body unless `+` or a `%` escape had to be decoded; bytes that are not UTF-8
//! after decoding become U+FFFD); a number or a boolean is parsed from it with `FromStr`, an
//! option is always present, and an enum is a unit variant named by the text.

use std::borrow::Cow;

use serde_core::de::value::{Error, MapDeserializer};
use serde_core::de::{self, EnumAccess, Error as _, IntoDeserializer, VariantAccess, Visitor};
use serde_core::forward_to_deserialize_any;

/// The whole body: a map of its pairs, or a sequence of them as 2-tuples.
pub(super) struct Form<'de>(MapDeserializer<'de, Pairs<'de>, Error>);

impl<'de> Form<'de> {
    pub(super) fn new(body: &'de str) -> Self {
        Self(MapDeserializer::new(Pairs(form_urlencoded::parse(body.as_bytes()))))
    }
}

impl<'de> de::Deserializer<'de> for Form<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self.0)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(self.0)
    }

    /// `()` is only the empty body.
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.0.end()?;
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool u8 u16 u32 u64 i8 i16 i32 i64 f32 f64 char str string option bytes byte_buf
        unit_struct newtype_struct tuple_struct map struct identifier tuple enum ignored_any
    }
}

/// The body's pairs, decoded. No size hint, so a visitor is never told a length.
struct Pairs<'de>(form_urlencoded::Parse<'de>);

impl<'de> Iterator for Pairs<'de> {
    type Item = (Text<'de>, Text<'de>);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(name, value)| (Text(name), Text(value)))
    }
}

/// One name or value of the body.
struct Text<'de>(Cow<'de, str>);

impl<'de> IntoDeserializer<'de, Error> for Text<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// `deserialize_$kind`: the text parsed as `$ty`, handed on as serde's deserializer of a `$ty`
/// does, or std's parse error's words.
macro_rules! parsed {
    ($($kind:ident: $ty:ty),* $(,)?) => {$(
        fn $kind<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let parsed: $ty = self.0.parse().map_err(Error::custom)?;
            IntoDeserializer::<Error>::into_deserializer(parsed).$kind(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Text<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(Variant(self.0))
    }

    parsed! {
        deserialize_bool: bool,
        deserialize_u8: u8, deserialize_u16: u16, deserialize_u32: u32, deserialize_u64: u64,
        deserialize_i8: i8, deserialize_i16: i16, deserialize_i32: i32, deserialize_i64: i64,
        deserialize_f32: f32, deserialize_f64: f64,
    }

    forward_to_deserialize_any! {
        char str string unit bytes byte_buf unit_struct tuple_struct struct identifier tuple
        ignored_any seq map
    }
}

/// An enum's text: the name of a unit variant, read by serde's deserializer of a `Cow<str>`.
struct Variant<'de>(Cow<'de, str>);

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<S: de::DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, UnitOnly), Error> {
        let name = seed.deserialize(IntoDeserializer::<Error>::into_deserializer(self.0))?;
        Ok((name, UnitOnly))
    }
}

/// A form value holds no data beside the variant's name.
struct UnitOnly;

/// Refusing a variant with data.
fn unit_only() -> Error {
    Error::custom("expected unit variant")
}

impl<'de> VariantAccess<'de> for UnitOnly {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(self, _seed: S) -> Result<S::Value, Error> {
        Err(unit_only())
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(unit_only())
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], _visitor: V) -> Result<V::Value, Error> {
        Err(unit_only())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt::Debug;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    enum Scheme {
        Bearer,
        Newtype(u8),
        Tuple(u8, u8),
        Struct { x: u8 },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Id(u32);

    #[derive(Debug, PartialEq, Deserialize)]
    struct Fields<'a> {
        #[serde(borrow)]
        a: Option<Cow<'a, str>>,
        b: Option<&'a str>,
        n: Option<i16>,
        x: Option<f32>,
        t: Option<bool>,
        c: Option<char>,
        s: Option<Scheme>,
        id: Option<Id>,
        u: Option<()>,
        big: Option<u128>,
        bytes: Option<Vec<u8>>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Unit;

    /// Ours and `serde_urlencoded::from_str` give equal values (by `Debug`, for NaN), or errors
    /// of the same words.
    fn agree<'a, T: Deserialize<'a> + Debug>(body: &'a str) {
        let ours = T::deserialize(Form::new(body)).map(|v| format!("{v:?}")).map_err(|e| e.to_string());
        let theirs = serde_urlencoded::from_str::<T>(body).map(|v| format!("{v:?}")).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "{body:?} as {}", std::any::type_name::<T>());
    }

    #[test]
    fn every_kind_reads_and_fails_as_serde_urlencoded_with_its_words() {
        let bodies = [
            "",
            "&",
            "a",
            "a=",
            "=",
            "=b",
            "a=b=c",
            "a=1&a=2",
            "a=x+y",
            "a=%41%",
            "a=%G1",
            "a=%FF%C3",
            "b=plain",
            "b=es%63aped",
            "b=x+y",
            "n=-300",
            "n=70000",
            "n=+7",
            "n= 7",
            "n=",
            "n=1.5",
            "x=1e3",
            "x=inf",
            "x=NaN",
            "x=.5",
            "x=",
            "x=abc",
            "t=true",
            "t=True",
            "t=1",
            "t=",
            "c=a",
            "c=ab",
            "c=",
            "c=%C3%A9",
            "s=Bearer",
            "s=Be%61rer",
            "s=bearer",
            "s=Newtype",
            "s=Tuple",
            "s=Struct",
            "s=",
            "id=7",
            "id=x",
            "u=",
            "u=x",
            "big=1",
            "bytes=ab",
            "q=1&n=2",
            "n=2&n=3",
        ];
        for body in bodies {
            agree::<Fields<'_>>(body);
            agree::<BTreeMap<String, String>>(body);
            agree::<BTreeMap<&str, &str>>(body);
            agree::<BTreeMap<String, u8>>(body);
            agree::<Vec<(String, String)>>(body);
            agree::<Vec<(Cow<'_, str>, Cow<'_, str>)>>(body);
            agree::<Vec<String>>(body);
            agree::<()>(body);
            agree::<Unit>(body);
            agree::<Id>(body);
            agree::<Option<BTreeMap<String, String>>>(body);
            agree::<String>(body);
            agree::<u8>(body);
            agree::<(String, String)>(body);
            agree::<Scheme>(body);
        }
    }

    #[derive(Deserialize)]
    struct Borrowing<'a> {
        #[serde(borrow)]
        a: Cow<'a, str>,
        #[serde(borrow)]
        b: Cow<'a, str>,
        #[serde(borrow)]
        c: Cow<'a, str>,
    }

    #[test]
    fn text_is_borrowed_unless_it_was_decoded() {
        let read = Borrowing::deserialize(Form::new("a=x&b=y+z&%63=%FF")).unwrap();
        assert!(matches!(read.a, Cow::Borrowed("x")));
        assert!(matches!(read.b, Cow::Owned(ref b) if b == "y z"));
        assert!(matches!(read.c, Cow::Owned(ref c) if c == "\u{FFFD}"));
    }
}
