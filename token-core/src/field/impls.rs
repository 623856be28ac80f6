//! The field-type traits for the standard types: strings, numbers, `Duration`, `SystemTime`,
//! scope lists, and `Option` of each. Every conversion is in `time/number.rs` and
//! `time/timestamp.rs`; this file only says which type takes which road.
//!
//! Every impl is `#[diagnostic::do_not_recommend]`, so a compile error names the role and its
//! accepted types instead of listing impls.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::time::number::{AsNumber, FromWhole, Number, Whole};
use crate::{
    AbsoluteExpiryField, AccessTokenField, Delimiter, IssueTimeField, Lifetime, LifetimeField, ReceiptTimeField,
    RefreshTokenAbsoluteExpiryField, RefreshTokenField, RefreshTokenLifetimeField, ScopeField, Scopes, Timestamp,
    TokenTypeField, Unit,
};

/// `Option<T>`: `None` is absent; a copy of `None` is `None`; a value built is `Some`.
macro_rules! option {
    (token: $($role:ident),*) => {$(
        #[diagnostic::do_not_recommend]
        impl<T: $role> $role for Option<T> {
            #[inline]
            fn token_str(&self) -> Option<&str> {
                self.as_ref()?.token_str()
            }
            option!(@copied $role);
        }
    )*};
    (lifetime: $($role:ident),*) => {$(
        #[diagnostic::do_not_recommend]
        impl<T: $role> $role for Option<T> {
            #[inline]
            fn lifetime(&self, unit: Unit) -> Lifetime {
                self.as_ref().map_or(Lifetime::Absent, |field| field.lifetime(unit))
            }
            option!(@built $role, Duration);
        }
    )*};
    (timestamp: $($role:ident),*) => {$(
        #[diagnostic::do_not_recommend]
        impl<T: $role> $role for Option<T> {
            #[inline]
            fn timestamp(&self, unit: Unit) -> Timestamp {
                self.as_ref().map_or(Timestamp::Absent, |field| field.timestamp(unit))
            }
            option!(@copied $role);
            option!(@built $role, SystemTime);
        }
    )*};
    (@copied RefreshTokenField) => { option!(@copy); };
    (@copied RefreshTokenAbsoluteExpiryField) => { option!(@copy); };
    (@copied $role:ident) => {};
    (@copy) => {
        fn copied(&self) -> Option<Self> {
            match self {
                Some(value) => Some(Some(value.copied()?)),
                None => Some(None),
            }
        }
    };
    (@built RefreshTokenLifetimeField, $value:ty) => { option!(@build $value); };
    (@built RefreshTokenAbsoluteExpiryField, $value:ty) => { option!(@build $value); };
    (@built $role:ident, $value:ty) => {};
    (@build $value:ty) => {
        fn __built(value: $value, unit: Unit) -> Option<Self> {
            Some(Some(T::__built(value, unit)?))
        }
    };
}
option!(token: AccessTokenField, RefreshTokenField, TokenTypeField);
option!(lifetime: LifetimeField, RefreshTokenLifetimeField);
option!(timestamp: IssueTimeField, ReceiptTimeField, AbsoluteExpiryField, RefreshTokenAbsoluteExpiryField);

#[diagnostic::do_not_recommend]
impl<T: ScopeField> ScopeField for Option<T> {
    #[inline]
    fn scopes(&self, delimiter: Delimiter) -> Scopes<'_> {
        self.as_ref().map_or_else(Scopes::empty, |field| field.scopes(delimiter))
    }

    option!(@copy);
}

/// Every type whose value is a number or a numeric string: lifetimes and timestamps alike. A
/// lifetime `inherit` writes is a whole number in the field's unit.
macro_rules! numeric {
    ($($t:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl LifetimeField for $t {
            #[inline]
            fn lifetime(&self, unit: Unit) -> Lifetime {
                self.as_number().map_or(Lifetime::Unreadable, |n| n.lifetime(unit))
            }
        }

        #[diagnostic::do_not_recommend]
        impl RefreshTokenLifetimeField for $t {
            #[inline]
            fn lifetime(&self, unit: Unit) -> Lifetime {
                LifetimeField::lifetime(self, unit)
            }

            fn __built(lifetime: Duration, unit: Unit) -> Option<Self> {
                Self::from_whole(Whole::lifetime(lifetime, unit))
            }
        }
    )*};
}
numeric!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);
numeric!(String, &str, Cow<'_, str>, Box<str>, Arc<str>, Rc<str>);

/// Every numeric type as a timestamp: Unix time in the field's unit; an instant `inherit` writes
/// is a whole number in that unit.
macro_rules! unix_time {
    ($($t:ty),*) => {$(
        timestamp!([] $t =>
            |value: &$t, unit| value.as_number().map_or(Timestamp::Unreadable, |n| n.instant(unit)),
            |at, unit| <$t>::from_whole(Whole::unix(at, unit)?)
        );
    )*};
}

/// The four timestamp roles for `$t`, reading it with `$read`; the refresh token's absolute
/// expiry is copied with `Clone` and built by `inherit` with `$build`.
macro_rules! timestamp {
    ([$($generics:tt)*] $t:ty => $read:expr, $build:expr) => {
        #[diagnostic::do_not_recommend]
        impl<$($generics)*> $crate::IssueTimeField for $t {
            #[inline]
            fn timestamp(&self, unit: $crate::Unit) -> $crate::Timestamp {
                $read(self, unit)
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($generics)*> $crate::ReceiptTimeField for $t {
            #[inline]
            fn timestamp(&self, unit: $crate::Unit) -> $crate::Timestamp {
                $read(self, unit)
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($generics)*> $crate::AbsoluteExpiryField for $t {
            #[inline]
            fn timestamp(&self, unit: $crate::Unit) -> $crate::Timestamp {
                $read(self, unit)
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($generics)*> $crate::RefreshTokenAbsoluteExpiryField for $t {
            #[inline]
            fn timestamp(&self, unit: $crate::Unit) -> $crate::Timestamp {
                $read(self, unit)
            }

            fn copied(&self) -> Option<Self> {
                Some(self.clone())
            }

            fn __built(at: ::std::time::SystemTime, unit: $crate::Unit) -> Option<Self> {
                $build(at, unit)
            }
        }
    };
}
#[cfg(any(feature = "chrono", feature = "time"))]
pub(crate) use timestamp;

unix_time!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);
timestamp!([] SystemTime => |value: &SystemTime, _| Timestamp::at(*value), |at, _| Some(at));

/// Every string type: a token string, a scope string, a numeric string or a timestamp string.
/// A time `inherit` writes is a numeric string in the field's unit.
macro_rules! strings {
    ($($t:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl AccessTokenField for $t {
            #[inline]
            fn token_str(&self) -> Option<&str> {
                Some(self)
            }
        }

        #[diagnostic::do_not_recommend]
        impl RefreshTokenField for $t {
            #[inline]
            fn token_str(&self) -> Option<&str> {
                Some(self)
            }

            fn copied(&self) -> Option<Self> {
                Some(self.clone())
            }
        }

        #[diagnostic::do_not_recommend]
        impl TokenTypeField for $t {
            #[inline]
            fn token_str(&self) -> Option<&str> {
                Some(self)
            }
        }

        #[diagnostic::do_not_recommend]
        impl ScopeField for $t {
            #[inline]
            fn scopes(&self, delimiter: Delimiter) -> Scopes<'_> {
                Scopes::from_text(self, delimiter)
            }

            fn copied(&self) -> Option<Self> {
                Some(self.clone())
            }
        }

        impl AsNumber for $t {
            #[inline]
            fn as_number(&self) -> Option<Number> {
                Number::parse(self)
            }
        }

        timestamp!([] $t =>
            |value: &$t, unit| Timestamp::from_text(value, unit),
            |at, unit| <$t>::from_whole(Whole::unix(at, unit)?)
        );
    )*};
}
strings!(String, &str, Cow<'_, str>, Box<str>, Arc<str>, Rc<str>);

/// The owned string types hold a number written anew; a borrowed `&str` cannot.
macro_rules! owned_text {
    ($($t:ty),*) => {$(
        impl FromWhole for $t {
            fn from_whole(whole: Whole) -> Option<Self> {
                Some(whole.0.to_string().into())
            }
        }
    )*};
}
owned_text!(String, Cow<'_, str>, Box<str>, Arc<str>, Rc<str>);

impl FromWhole for &str {
    fn from_whole(_: Whole) -> Option<Self> {
        None
    }
}

/// Lists of scopes, one scope an element.
macro_rules! lists {
    ($($t:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl ScopeField for $t {
            #[inline]
            fn scopes(&self, _: Delimiter) -> Scopes<'_> {
                Scopes::from(&self[..])
            }

            fn copied(&self) -> Option<Self> {
                Some(self.clone())
            }
        }
    )*};
}
lists!(Vec<String>, Vec<&str>, Vec<Cow<'_, str>>, Box<[String]>);

/// A `Duration` is the lifetime as it is; `unit` does not apply.
#[diagnostic::do_not_recommend]
impl LifetimeField for Duration {
    #[inline]
    fn lifetime(&self, _: Unit) -> Lifetime {
        Lifetime::Of(*self)
    }
}

/// A `Duration` is the refresh token's lifetime as it is, and holds any lifetime `inherit`
/// writes; `unit` does not apply.
#[diagnostic::do_not_recommend]
impl RefreshTokenLifetimeField for Duration {
    #[inline]
    fn lifetime(&self, _: Unit) -> Lifetime {
        Lifetime::Of(*self)
    }

    fn __built(lifetime: Duration, _: Unit) -> Option<Self> {
        Some(lifetime)
    }
}
