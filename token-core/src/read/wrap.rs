//! The wrappers that the type being read sees instead of the format's own: a deserializer, its
//! visitors, seeds, and the sequence, map and enum accesses. Each forwards every call untouched
//! (the type reads exactly what it reads alone) with two changes: the error type is [`Fault`],
//! and a map or enum notes which of the type's own names each key or variant is, so an error
//! says where it happened. The models are `serde_path_to_error` and `serde_ignored`.

use std::fmt;

use serde_core::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use super::error::Segment;
use super::fault::{Fault, State};

/// What a wrapper knows of the value it reads, to name the path to an error.
#[derive(Clone, Copy)]
pub(super) enum Shape {
    /// Nothing: a map's keys are not named.
    Any,
    /// A struct, with its members' names (`deserialize_struct`'s `fields`).
    Struct(&'static [&'static str]),
    /// An enum, with its variants' names (`deserialize_enum`'s `variants`).
    Enum(&'static [&'static str]),
    /// A key or a variant name: noted in the state, by name when it is one of these.
    Name(Option<&'static [&'static str]>),
}

impl Shape {
    /// The shape of what an `Option` or a newtype holds: a name stays a name.
    fn inner(self) -> Shape {
        match self {
            Shape::Name(names) => Shape::Name(names),
            _ => Shape::Any,
        }
    }
}

/// A deserializer whose visitors are wrapped.
pub(super) struct Wrap<'s, D> {
    inner: D,
    state: &'s State,
    shape: Shape,
}

/// A visitor that hands what it is given, wrapped, to the type's visitor.
struct WrapVisitor<'s, V> {
    inner: V,
    state: &'s State,
    shape: Shape,
}

/// A seed whose deserializer is wrapped.
pub(super) struct WrapSeed<'s, S> {
    seed: S,
    state: &'s State,
    shape: Shape,
}

impl<'s, S> WrapSeed<'s, S> {
    /// The seed of a whole input.
    pub(super) fn new(seed: S, state: &'s State) -> Self {
        WrapSeed { seed, state, shape: Shape::Any }
    }
}

/// A list's elements, counted.
struct WrapSeq<'s, A> {
    inner: A,
    state: &'s State,
    index: usize,
}

/// A map's entries, each value under its key's segment.
struct WrapMap<'s, A> {
    inner: A,
    state: &'s State,
    /// The struct's members' names; `None` for a map.
    names: Option<&'static [&'static str]>,
    /// The segment of the last key read.
    key: Segment,
}

/// An enum's variant, named when it is one of `variants`.
struct WrapEnum<'s, A> {
    inner: A,
    state: &'s State,
    variants: Option<&'static [&'static str]>,
}

/// A variant's data, under the variant's segment.
struct WrapVariant<'s, A> {
    inner: A,
    state: &'s State,
    variant: Segment,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for WrapSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        let state = self.state;
        let wrapped = Wrap { inner: deserializer, state, shape: self.shape };
        self.seed.deserialize(wrapped).map_err(|fault| state.keep(fault))
    }
}

/// Calls the macro `$callback` with every `Deserializer` method that wraps its visitor with the
/// deserializer's shape, and the arguments each takes before its visitor.
macro_rules! plain_deserializer_methods {
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
            deserialize_identifier();
            deserialize_ignored_any();
        }
    };
}

/// Forwards `Deserializer` methods to the inner deserializer, the visitor wrapped with `shape`.
macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Fault> {
            let shape = self.shape;
            self.forward(shape, visitor, |inner, visitor| inner.$method($($arg,)* visitor))
        }
    )*};
}

impl<'s, 'de, D: Deserializer<'de>> Wrap<'s, D> {
    /// `call` on the inner deserializer with `visitor` wrapped with `shape`, its error recovered.
    #[inline]
    fn forward<V: Visitor<'de>>(
        self,
        shape: Shape,
        visitor: V,
        call: impl FnOnce(D, WrapVisitor<'s, V>) -> Result<V::Value, D::Error>,
    ) -> Result<V::Value, Fault> {
        let state = self.state;
        call(self.inner, WrapVisitor { inner: visitor, state, shape }).map_err(|error| state.recover(error))
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Wrap<'_, D> {
    type Error = Fault;

    plain_deserializer_methods!(forward_deserialize);

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.forward(Shape::Struct(fields), visitor, |inner, visitor| inner.deserialize_struct(name, fields, visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.forward(Shape::Enum(variants), visitor, |inner, visitor| inner.deserialize_enum(name, variants, visitor))
    }

    #[inline]
    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// The text a visitor's `expecting` writes.
struct Expecting<'a, V>(&'a V);

impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

/// Calls the macro `$callback` with every `Visitor` method that takes a value, and the value's
/// type: the one list that [`WrapVisitor`] forwards and the tests' visitor answers.
macro_rules! visit_methods {
    ($callback:ident) => {
        $callback! {
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
    };
}
#[cfg(test)]
pub(crate) use visit_methods;

/// A value a visitor is handed, as the name of a key or variant: text and bytes are one.
trait AsName {
    fn as_name(&self) -> Option<&[u8]> {
        None
    }
}

macro_rules! unnamed {
    ($($ty:ty),*) => {$(impl AsName for $ty {})*};
}
unnamed!(bool, i8, i16, i32, i64, i128, u8, u16, u32, u64, u128, f32, f64, char);

impl AsName for &str {
    fn as_name(&self) -> Option<&[u8]> {
        Some(self.as_bytes())
    }
}

impl AsName for String {
    fn as_name(&self) -> Option<&[u8]> {
        Some(self.as_bytes())
    }
}

impl AsName for &[u8] {
    fn as_name(&self) -> Option<&[u8]> {
        Some(self)
    }
}

impl AsName for Vec<u8> {
    fn as_name(&self) -> Option<&[u8]> {
        Some(self)
    }
}

/// Forwards `visit_*` methods taking a value to the type's visitor, noting a key or variant
/// name first.
macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            if let Some(name) = value.as_name() {
                self.note(name);
            }
            let state = self.state;
            self.inner.$method(value).map_err(|fault| state.keep(fault))
        }
    )*};
}

impl<V> WrapVisitor<'_, V> {
    /// Notes `name` when this visitor reads a key or variant name.
    #[inline]
    fn note(&self, name: &[u8]) {
        if let Shape::Name(names) = self.shape {
            self.state.note_name(names, name);
        }
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for WrapVisitor<'_, V> {
    type Value = V::Value;

    /// The type's words, also kept for an error the format builds with them.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = Expecting(&self.inner).to_string();
        f.write_str(&text)?;
        self.state.expecting.set(Some(text.into_boxed_str()));
        Ok(())
    }

    visit_methods!(forward_visit);

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        let state = self.state;
        self.inner.visit_none().map_err(|fault| state.keep(fault))
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        let state = self.state;
        self.inner.visit_unit().map_err(|fault| state.keep(fault))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        let state = self.state;
        let wrapped = Wrap { inner: deserializer, state, shape: self.shape.inner() };
        self.inner.visit_some(wrapped).map_err(|fault| state.keep(fault))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        let state = self.state;
        let wrapped = Wrap { inner: deserializer, state, shape: self.shape.inner() };
        self.inner.visit_newtype_struct(wrapped).map_err(|fault| state.keep(fault))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let state = self.state;
        self.inner.visit_seq(WrapSeq { inner: seq, state, index: 0 }).map_err(|fault| state.keep(fault))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let state = self.state;
        let names = if let Shape::Struct(fields) = self.shape { Some(fields) } else { None };
        let wrapped = WrapMap { inner: map, state, names, key: Segment::Unnamed };
        self.inner.visit_map(wrapped).map_err(|fault| state.keep(fault))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let state = self.state;
        let variants = if let Shape::Enum(variants) = self.shape { Some(variants) } else { None };
        self.inner.visit_enum(WrapEnum { inner: data, state, variants }).map_err(|fault| state.keep(fault))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for WrapSeq<'_, A> {
    type Error = Fault;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Fault> {
        let state = self.state;
        match self.inner.next_element_seed(WrapSeed { seed, state, shape: Shape::Any }) {
            Ok(element) => {
                self.index = self.index.saturating_add(1);
                Ok(element)
            }
            Err(error) => Err(state.recover(error).under(Segment::Index(self.index))),
        }
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WrapMap<'_, A> {
    type Error = Fault;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Fault> {
        let state = self.state;
        state.take_name();
        let key = self.inner.next_key_seed(WrapSeed { seed, state, shape: Shape::Name(self.names) });
        let key = key.map_err(|error| state.recover(error))?;
        self.key = state.take_name();
        Ok(key)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Fault> {
        let state = self.state;
        let value = self.inner.next_value_seed(WrapSeed { seed, state, shape: Shape::Any });
        value.map_err(|error| state.recover(error).under(self.key))
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'s, 'de, A: EnumAccess<'de>> EnumAccess<'de> for WrapEnum<'s, A> {
    type Error = Fault;
    type Variant = WrapVariant<'s, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), Fault> {
        let state = self.state;
        state.take_name();
        let read = self.inner.variant_seed(WrapSeed { seed, state, shape: Shape::Name(self.variants) });
        let (value, variant) = read.map_err(|error| state.recover(error))?;
        Ok((value, WrapVariant { inner: variant, state, variant: state.take_name() }))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for WrapVariant<'_, A> {
    type Error = Fault;

    fn unit_variant(self) -> Result<(), Fault> {
        let (state, variant) = (self.state, self.variant);
        self.inner.unit_variant().map_err(|error| state.recover(error).under(variant))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Fault> {
        let (state, variant) = (self.state, self.variant);
        let value = self.inner.newtype_variant_seed(WrapSeed { seed, state, shape: Shape::Any });
        value.map_err(|error| state.recover(error).under(variant))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Fault> {
        let (state, variant) = (self.state, self.variant);
        let value = self.inner.tuple_variant(len, WrapVisitor { inner: visitor, state, shape: Shape::Any });
        value.map_err(|error| state.recover(error).under(variant))
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Fault> {
        let (state, variant) = (self.state, self.variant);
        let wrapped = WrapVisitor { inner: visitor, state, shape: Shape::Struct(fields) };
        let value = self.inner.struct_variant(fields, wrapped);
        value.map_err(|error| state.recover(error).under(variant))
    }
}

#[cfg(test)]
mod tests {
    use serde_core::de::value::Error;
    use serde_core::de::{Deserialize, IgnoredAny};

    use super::*;
    use crate::read::error::{Found, Problem};
    use crate::testing::{CALLS, Describe, Script};

    /// Answers every `deserialize_*` with the method's name and arguments, as a string.
    struct Echo;

    macro_rules! echo {
        ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
                visitor.visit_string(format!("{} {:?}", stringify!($method), ($($arg,)*)))
            }
        )*};
    }

    impl<'de> Deserializer<'de> for Echo {
        type Error = Error;

        plain_deserializer_methods!(echo);
        echo! {
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        }

        fn is_human_readable(&self) -> bool {
            false
        }
    }

    /// An argument for each type a `deserialize_*` method takes.
    trait Sample {
        const SAMPLE: Self;
    }
    impl Sample for &'static str {
        const SAMPLE: Self = "Name";
    }
    impl Sample for usize {
        const SAMPLE: Self = 3;
    }
    impl Sample for &'static [&'static str] {
        const SAMPLE: Self = &["a", "b"];
    }

    /// A wrapper of `inner` with a state of its own.
    fn wrap<'de, D: Deserializer<'de>>(inner: D, state: &State) -> Wrap<'_, D> {
        Wrap { inner, state, shape: Shape::Any }
    }

    /// `Echo`'s answer to each method, through `Wrap` and alone.
    macro_rules! answers {
        ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
            vec![$((
                stringify!($method),
                wrap(Echo, &State::default()).$method($(<$ty as Sample>::SAMPLE,)* Describe).ok(),
                Echo.$method($(<$ty as Sample>::SAMPLE,)* Describe).ok(),
            )),*]
        };
    }

    #[test]
    fn every_deserialize_method_reaches_its_namesake_with_its_arguments() {
        let mut answers = plain_deserializer_methods!(answers);
        answers.extend(answers! {
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        });
        assert_eq!(answers.len(), 31);
        for (method, wrapped, alone) in answers {
            assert!(alone.as_deref().is_some_and(|answer| answer.contains(&format!("\"{method} "))), "{method}");
            assert_eq!(wrapped, alone, "{method}");
        }
        assert!(!wrap(Echo, &State::default()).is_human_readable());
        assert!(wrap(serde_json::Value::Null, &State::default()).is_human_readable());
    }

    #[test]
    fn every_visit_method_reaches_its_namesake_with_the_same_value() {
        for call in 0..CALLS {
            let alone = Script(call).deserialize_any(Describe).expect("described");
            let wrapped = wrap(Script(call), &State::default()).deserialize_any(Describe);
            assert_eq!(wrapped.ok().as_ref(), Some(&alone), "call {call}");
        }
    }

    /// Refuses what it is handed, or one element, key or value of it, with a fault of its own.
    struct Refuse;

    impl<'de> Visitor<'de> for Refuse {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("nothing")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            seq.next_element::<IgnoredAny>()?;
            seq.next_element::<bool>()?;
            Ok(())
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while map.next_key::<IgnoredAny>()?.is_some() {
                map.next_value::<u8>()?;
            }
            Err(de::Error::missing_field("absent"))
        }
    }

    /// The fault `visitor` meets reading `json` through the wrapper, with its path and position.
    fn fault<'de, V: Visitor<'de>>(
        json: &'de str,
        call: impl FnOnce(
            Wrap<'_, &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>>,
            V,
        ) -> Result<V::Value, Fault>,
        visitor: V,
    ) -> Option<Fault> {
        let state = State::default();
        let mut deserializer = serde_json::Deserializer::from_str(json);
        call(wrap(&mut deserializer, &state), visitor).err()
    }

    #[test]
    fn members_are_named_only_when_they_are_the_structs() {
        let json = r#"{"expires_in": 1, "secret": 300}"#;
        let fields: &'static [&'static str] = &["expires_in"];
        let named = fault(json, |wrap, visitor| wrap.deserialize_struct("T", fields, visitor), Refuse).unwrap().0;
        assert_eq!(named.problem, Problem::InvalidValue { found: Found::Integer, expected: Some("u8".into()) });
        assert_eq!(named.path, [Segment::Unnamed]);
        assert_eq!(named.position, Some((1, 31)));

        let json = r#"{"secret": 1, "expires_in": 300}"#;
        let named = fault(json, |wrap, visitor| wrap.deserialize_struct("T", fields, visitor), Refuse).unwrap().0;
        assert_eq!(named.path, [Segment::Name("expires_in")]);
        // A map's keys are the input's.
        let unnamed = fault(json, |wrap, visitor| wrap.deserialize_map(visitor), Refuse).unwrap().0;
        assert_eq!(unnamed.path, [Segment::Unnamed]);

        let missing = fault("{}", |wrap, visitor| wrap.deserialize_struct("T", fields, visitor), Refuse).unwrap().0;
        assert_eq!((missing.problem, missing.path), (Problem::MissingMember("absent"), Vec::new()));
    }

    #[test]
    fn elements_are_counted_and_the_formats_own_errors_name_what_the_type_expected() {
        let wrong = fault(r#"["secret", "secret"]"#, |wrap, visitor| wrap.deserialize_seq(visitor), Refuse).unwrap().0;
        assert_eq!(wrong.problem, Problem::WrongType { found: Found::Str, expected: Some("a boolean".into()) });
        assert_eq!(wrong.path, [Segment::Index(1)]);
        assert_eq!(wrong.position, Some((1, 19)));
    }

    #[test]
    fn variants_are_named_only_when_they_are_the_enums() {
        #[derive(Debug)]
        enum Kind {
            Known(#[allow(dead_code)] bool),
        }
        impl<'de> Deserialize<'de> for Kind {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct KindVisitor;
                impl<'de> Visitor<'de> for KindVisitor {
                    type Value = Kind;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("enum Kind")
                    }
                    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Kind, A::Error> {
                        let (_, variant) = data.variant::<IgnoredAny>()?;
                        variant.newtype_variant().map(Kind::Known)
                    }
                }
                d.deserialize_enum("Kind", &["Known"], KindVisitor)
            }
        }
        for (json, segment) in [(r#"{"Known": 1}"#, Segment::Name("Known")), (r#"{"secret": 1}"#, Segment::Unnamed)] {
            let state = State::default();
            let fault = Kind::deserialize(wrap(&mut serde_json::Deserializer::from_str(json), &state)).unwrap_err();
            assert_eq!(fault.0.path, [segment], "{json}");
            assert!(matches!(fault.0.problem, Problem::WrongType { found: Found::Integer, .. }), "{json}");
        }
    }

    #[test]
    fn a_fault_kept_aside_is_only_taken_back_from_its_marker() {
        let state = State::default();
        let marker: Error = state.keep(Fault::new(Problem::MissingMember("a")));
        // Another error of the format comes out first: it is read, and the fault kept is dropped.
        let other = state.recover(<Error as de::Error>::custom("trailing characters"));
        assert_eq!(other.0.problem, Problem::Syntax("more after the value"));
        assert_eq!(state.recover(marker).0.problem, Problem::Unrecognized);
    }
}
