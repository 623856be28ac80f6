//! What a value handed to a `visit_*` method is, for the crate's wrapping deserializers: text,
//! a character, bytes, null, or anything else. One table for every type of
//! [`visit_methods!`](crate::serde_methods::visit_methods).

/// A value as it passes a visitor.
pub(crate) enum Passing<'a> {
    Text(&'a str),
    Char(char),
    Bytes(&'a [u8]),
    Null,
    Other,
}

/// What each type handed to a `visit_*` method passes as.
pub(crate) trait Pass {
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
