//! Test support for the crate's wrapping deserializers: a visitor that describes whatever it
//! is handed, and a deserializer that makes each `visit_*` call in turn, so a test can check
//! that a wrapper hands every call on unchanged.

use std::fmt;

use serde_core::de::value::{Error, MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde_core::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_core::forward_to_deserialize_any;

use crate::read::visit_methods;

/// Describes what it is handed, nested values included.
#[derive(Clone, Copy)]
pub(crate) struct Describe;

macro_rules! describe {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<String, E> {
            Ok(format!("{} {:?}", stringify!($method), v))
        }
    )*};
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

/// The number of calls [`Script`] makes.
pub(crate) const CALLS: u8 = 27;

/// Makes one `visit_*` call, the `n`th, whatever it is asked.
pub(crate) struct Script(pub(crate) u8);

impl<'de> Deserializer<'de> for Script {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            0 => visitor.visit_bool(true),
            1 => visitor.visit_i8(-8),
            2 => visitor.visit_i16(-16),
            3 => visitor.visit_i32(-32),
            4 => visitor.visit_i64(-64),
            5 => visitor.visit_i128(-128),
            6 => visitor.visit_u8(8),
            7 => visitor.visit_u16(16),
            8 => visitor.visit_u32(32),
            9 => visitor.visit_u64(64),
            10 => visitor.visit_u128(128),
            11 => visitor.visit_f32(0.5),
            12 => visitor.visit_f64(0.25),
            13 => visitor.visit_char('c'),
            14 => visitor.visit_str(&String::from("str")),
            15 => visitor.visit_borrowed_str("borrowed"),
            16 => visitor.visit_string("string".into()),
            17 => visitor.visit_bytes(&Vec::from(*b"bytes")),
            18 => visitor.visit_borrowed_bytes(b"borrowed"),
            19 => visitor.visit_byte_buf(b"buf".to_vec()),
            20 => visitor.visit_none(),
            21 => visitor.visit_some(Script(15)),
            22 => visitor.visit_unit(),
            23 => visitor.visit_newtype_struct(Script(16)),
            24 => visitor.visit_seq(SeqDeserializer::new([1_u8, 2].into_iter())),
            25 => visitor.visit_map(MapDeserializer::new([("k", "x"), ("l", "y")].into_iter())),
            _ => visitor.visit_enum(MapAccessDeserializer::new(MapDeserializer::new([("Variant", 1_u8)].into_iter()))),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}
