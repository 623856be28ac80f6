//! serde's data model as two lists, each written once: the methods of `Deserializer` and the
//! `visit_*` methods of `Visitor` that are handed a value. The crate's two wrapping deserializers
//! (`read::wrap` and `error_response::token_or_error::wrap`) forward each list with a macro of
//! their own, and the test support (`testing`) answers and calls them, so a method serde adds is
//! added here once and then missed nowhere.

/// Calls the macro `$callback` with every `Deserializer` method that takes a visitor, in the
/// trait's order, each with the arguments it takes before its visitor.
///
/// A wrapper that writes some of them out itself skips those by name in its `$callback`.
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
            deserialize_ignored_any();
        }
    };
}
pub(crate) use deserializer_methods;

/// Calls the macro `$callback` with every `Visitor` method that is handed a value, and the value's
/// type, in two groups: `strings`, whose value may name an enum's variant, then `others`. (The
/// methods handed nothing, or another deserializer or access, differ in every visitor and are
/// written out where they are.) A `$callback` that treats the groups alike matches
/// `$($group:ident: $($method:ident($ty:ty)),*;)*`.
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
pub(crate) use visit_methods;
