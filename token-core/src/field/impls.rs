//! The field-type traits for the standard types: strings, numbers, `Duration`, `SystemTime`,
//! scope lists, and `Option` of each. Every conversion is in `number.rs` and `timestamp.rs`;
//! this file only says which type takes which road.
//!
//! Every impl is `#[diagnostic::do_not_recommend]`, so a compile error names the role and its
//! accepted types instead of listing impls.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::time::number::{AsNumber, Number};
use crate::{
    AbsoluteExpiryField, AccessTokenField, Delimiter, IssueTimeField, LifetimeField, RefreshTokenAbsoluteExpiryField,
    RefreshTokenField, RefreshTokenLifetimeField, ScopeField, Scopes, Timestamp, TokenTypeField, Unit,
};

/// `Option<T>`: `None` is absent; a copy of `None` is `None`.
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
            fn duration(&self, unit: Unit) -> Option<Duration> {
                self.as_ref()?.duration(unit)
            }
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
        }
    )*};
    (@copied AccessTokenField) => {};
    (@copied TokenTypeField) => {};
    (@copied IssueTimeField) => {};
    (@copied AbsoluteExpiryField) => {};
    (@copied $role:ident) => {
        fn copied(&self) -> Option<Self> {
            match self {
                Some(value) => Some(Some(value.copied()?)),
                None => Some(None),
            }
        }
    };
}
option!(token: AccessTokenField, RefreshTokenField, TokenTypeField);
option!(lifetime: LifetimeField, RefreshTokenLifetimeField);
option!(timestamp: IssueTimeField, AbsoluteExpiryField, RefreshTokenAbsoluteExpiryField);

#[diagnostic::do_not_recommend]
impl<T: ScopeField> ScopeField for Option<T> {
    #[inline]
    fn scopes(&self, delimiter: Delimiter) -> Scopes<'_> {
        self.as_ref().map_or_else(Scopes::empty, |field| field.scopes(delimiter))
    }

    fn copied(&self) -> Option<Self> {
        match self {
            Some(value) => Some(Some(value.copied()?)),
            None => Some(None),
        }
    }
}

/// Every type whose value is a number or a numeric string: lifetimes and timestamps alike.
macro_rules! numeric {
    ($($t:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl LifetimeField for $t {
            #[inline]
            fn duration(&self, unit: Unit) -> Option<Duration> {
                Some(self.as_number().map_or(Duration::ZERO, |n| n.lifetime(unit)))
            }
        }

        #[diagnostic::do_not_recommend]
        impl RefreshTokenLifetimeField for $t {
            #[inline]
            fn duration(&self, unit: Unit) -> Option<Duration> {
                LifetimeField::duration(self, unit)
            }
        }
    )*};
}
numeric!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);
numeric!(String, &str, Cow<'_, str>, Box<str>, Arc<str>, Rc<str>);

/// Every numeric type as a timestamp: Unix time in the field's unit.
macro_rules! unix_time {
    ($($t:ty),*) => {$(
        timestamp!([] $t => |value: &$t, unit| value.as_number().map_or(Timestamp::Unreadable, |n| n.instant(unit)));
    )*};
}

/// The three timestamp roles for `$t`, reading it with `$read`; the refresh token's absolute
/// expiry is copied with `Clone`.
macro_rules! timestamp {
    ([$($generics:tt)*] $t:ty => $read:expr) => {
        #[diagnostic::do_not_recommend]
        impl<$($generics)*> $crate::IssueTimeField for $t {
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
        }
    };
}
#[cfg(any(feature = "chrono", feature = "time"))]
pub(crate) use timestamp;

unix_time!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);
timestamp!([] SystemTime => |value: &SystemTime, _| Timestamp::At(*value));

/// Every string type: a token string, a scope string, a numeric string or a timestamp string.
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

        timestamp!([] $t => |value: &$t, unit| Timestamp::from_text(value, unit));
    )*};
}
strings!(String, &str, Cow<'_, str>, Box<str>, Arc<str>, Rc<str>);

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
    fn duration(&self, _: Unit) -> Option<Duration> {
        Some(*self)
    }
}

/// A `Duration` is the refresh token's lifetime as it is; `unit` does not apply.
#[diagnostic::do_not_recommend]
impl RefreshTokenLifetimeField for Duration {
    #[inline]
    fn duration(&self, _: Unit) -> Option<Duration> {
        Some(*self)
    }
}
