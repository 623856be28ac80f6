//! The wrappers that the type being read sees instead of the format's own: a deserializer, its
//! visitors, seeds, and the sequence, map and enum accesses. Each forwards every call untouched
//! (the type reads exactly what it reads alone) with two changes: the error type is [`Fault`],
//! and a map or enum notes which of the type's own names each key or variant is, so an error
//! says where it happened. The models are `serde_path_to_error` and `serde_ignored`.

use std::fmt;

use serde_core::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use super::error::Segment;
use super::fault::{Fault, State};
use crate::passing::{Pass, Passing};
use crate::serde_methods::{deserializer_methods, visit_methods};

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

/// Forwards `Deserializer` methods to the inner deserializer, the visitor wrapped with the
/// deserializer's shape, but the two written out in the impl, which name a shape of their own.
macro_rules! forward_deserialize {
    ($($method:ident $args:tt;)*) => {
        $(forward_deserialize!(@ $method $args);)*
    };
    (@ deserialize_struct $args:tt) => {};
    (@ deserialize_enum $args:tt) => {};
    (@ $method:ident($($arg:ident: $ty:ty),*)) => {
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Fault> {
            let shape = self.shape;
            self.forward(shape, visitor, |inner, visitor| inner.$method($($arg,)* visitor))
        }
    };
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

    deserializer_methods!(forward_deserialize);

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

/// Forwards `visit_*` methods taking a value to the type's visitor, noting a key or variant
/// name first.
macro_rules! forward_visit {
    ($($group:ident: $($method:ident($ty:ty)),*;)*) => {$($(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.note(Pass::passing(&value));
            let state = self.state;
            self.inner.$method(value).map_err(|fault| state.keep(fault))
        }
    )*)*};
}

impl<V> WrapVisitor<'_, V> {
    /// Notes what passed when this visitor reads a key or variant name: text and bytes are one.
    #[inline]
    fn note(&self, value: Passing<'_>) {
        if let Shape::Name(names) = self.shape {
            match value {
                Passing::Text(text) => self.state.note_name(names, text.as_bytes()),
                Passing::Bytes(bytes) => self.state.note_name(names, bytes),
                Passing::Char(_) | Passing::Null | Passing::Other => {}
            }
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
    use crate::testing::{Describe, Echo, Script, call, calls, deserialize_methods};

    /// A wrapper of `inner` with a state of its own.
    fn wrap<'de, D: Deserializer<'de>>(inner: D, state: &State) -> Wrap<'_, D> {
        Wrap { inner, state, shape: Shape::Any }
    }

    #[test]
    fn every_deserialize_method_reaches_its_namesake_with_its_arguments() {
        for method in deserialize_methods() {
            let alone = call(Echo, method).expect("an answer");
            let wrapped = call(wrap(Echo, &State::default()), method);
            assert_eq!(wrapped.ok().as_ref(), Some(&alone), "{method}");
        }
        assert!(!wrap(Echo, &State::default()).is_human_readable());
        assert!(wrap(serde_json::Value::Null, &State::default()).is_human_readable());
    }

    #[test]
    fn every_visit_method_reaches_its_namesake_with_the_same_value() {
        for call in calls() {
            let alone = Script(call).deserialize_any(Describe).expect("described");
            let wrapped = wrap(Script(call), &State::default()).deserialize_any(Describe);
            assert_eq!(wrapped.ok().as_ref(), Some(&alone), "{call}");
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
