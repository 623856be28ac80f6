//! The field-type traits: which types each role accepts, and how each converts.
//!
//! The derive calls these traits on each role field; a type that implements none gets a
//! compile error naming the role and the accepted types. Implement them for a type of your own
//! to use it as a field.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::number::{AsNumber, Number};
use crate::{Delimiter, Scopes, Unit};

/// A field that holds a token string: the access token, refresh token and token type.
///
/// Implemented for `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>` and `Option`
/// of any of them. `R` is a [role marker](crate::role); implement it for every `R`.
///
/// ```
/// use token_response::{TokenResponse, TokenStrField};
///
/// /// A token that zeroes itself on drop, say.
/// struct Secret(Box<str>);
///
/// impl<R> TokenStrField<R> for Secret {
///     fn token_str(&self) -> Option<&str> {
///         Some(&self.0)
///     }
/// }
///
/// #[derive(TokenResponse)]
/// struct Tok {
///     access_token: Secret,
/// }
///
/// let t = Tok { access_token: Secret("abc".into()) };
/// assert_eq!(t.access_token(), "abc");
/// ```
#[diagnostic::on_unimplemented(
    message = "the {R} role does not accept `{Self}`",
    label = "not a token string",
    note = "the {R} role accepts `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`, or an `Option` of one",
    note = "a type of your own can implement `TokenStrField<R>`"
)]
pub trait TokenStrField<R> {
    /// The text, or `None` when absent.
    fn token_str(&self) -> Option<&str>;
}

/// A field that holds the scopes: a scope string split by the field's [`Delimiter`], or a list
/// with one scope an element.
///
/// Implemented for the string types of [`TokenStrField`], `Vec<String>`, `Vec<&str>`,
/// `Vec<Cow<str>>`, `Box<[String]>`, and `Option` of any of them.
///
/// ```
/// use token_response::{Delimiter, ScopeField, Scopes, TokenResponse};
///
/// /// Scopes kept as one string with `+` between them.
/// struct PlusScopes(String);
///
/// impl ScopeField for PlusScopes {
///     fn scopes(&self, _: Delimiter) -> Scopes<'_> {
///         Scopes::from_text(&self.0, Delimiter::Char('+'))
///     }
/// }
///
/// #[derive(TokenResponse)]
/// struct Tok {
///     access_token: String,
///     scope: PlusScopes,
/// }
///
/// let t = Tok { access_token: "t".into(), scope: PlusScopes("a+b".into()) };
/// assert!(t.has_scopes(&["a", "b"]));
/// ```
#[diagnostic::on_unimplemented(
    message = "the Scope role does not accept `{Self}`",
    label = "not a scope string or list",
    note = "the Scope role accepts a string type (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), `Vec<String>`, `Vec<&str>`, `Vec<Cow<str>>`, `Box<[String]>`, or an `Option` of one",
    note = "a type of your own can implement `ScopeField`"
)]
pub trait ScopeField {
    /// The scopes; `delimiter` applies to strings only.
    fn scopes(&self, delimiter: Delimiter) -> Scopes<'_>;
}

/// A field that holds a lifetime: the token's `expires_in` or the refresh token's.
///
/// Implemented for every primitive integer, `f32`, `f64`, `Duration`, a numeric string in any
/// string type of [`TokenStrField`], and `Option` of any of them. `R` is a
/// [role marker](crate::role).
///
/// ```
/// use std::time::Duration;
/// use token_response::{DurationField, Unit, role::ExpiresIn};
///
/// let lifetime = |f: &dyn DurationField<ExpiresIn>| f.duration(Unit::Seconds);
/// assert_eq!(lifetime(&3599_u32), Some(Duration::from_secs(3599)));
/// assert_eq!(lifetime(&"3599"), Some(Duration::from_secs(3599)));
/// assert_eq!(lifetime(&-5_i64), Some(Duration::ZERO)); // fails closed
/// assert_eq!(lifetime(&"soon"), Some(Duration::ZERO)); // fails closed
/// assert_eq!(lifetime(&None::<u64>), None);
/// ```
#[diagnostic::on_unimplemented(
    message = "the {R} role does not accept `{Self}`",
    label = "not a lifetime",
    note = "the {R} role accepts every primitive integer, `f32`, `f64`, `std::time::Duration`, a numeric string (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), or an `Option` of one",
    note = "a type of your own can implement `DurationField<R>`"
)]
pub trait DurationField<R> {
    /// The lifetime: `None` when absent; `Some(Duration::ZERO)` when negative, NaN, infinite
    /// or not a number (fail closed); `Duration::MAX` when too large.
    fn duration(&self, unit: Unit) -> Option<Duration>;
}

/// A field that holds an instant: the issue time or the absolute expiry.
///
/// Implemented for every primitive integer, `f32`, `f64` (Unix time in the field's [`Unit`]), a
/// numeric string in any string type of [`TokenStrField`], `SystemTime`, `Option` of any of
/// them, and [`ReceivedAt`](crate::ReceivedAt) for the issue time only.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use token_response::{TimestampField, Unit, role::IssuedAt};
///
/// let instant = |f: &dyn TimestampField<IssuedAt>| f.timestamp(Unit::Auto);
/// assert_eq!(instant(&"1278448384422"), UNIX_EPOCH.checked_add(Duration::from_millis(1278448384422)));
/// assert_eq!(instant(&1_700_000_000), UNIX_EPOCH.checked_add(Duration::from_secs(1_700_000_000)));
/// assert_eq!(instant(&f64::NAN), None);
/// assert_eq!(instant(&u128::MAX), None); // past what SystemTime holds
/// ```
#[diagnostic::on_unimplemented(
    message = "the {R} role does not accept `{Self}`",
    label = "not a timestamp",
    note = "the {R} role accepts every primitive integer, `f32`, `f64`, a numeric string (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), `std::time::SystemTime`, `ReceivedAt` (issue time only), or an `Option` of one",
    note = "a type of your own can implement `TimestampField<R>`"
)]
pub trait TimestampField<R> {
    /// The instant: `None` when absent, not a number, or past what `SystemTime` holds.
    fn timestamp(&self, unit: Unit) -> Option<SystemTime>;
}

#[diagnostic::do_not_recommend]
impl<R, T: TokenStrField<R>> TokenStrField<R> for Option<T> {
    fn token_str(&self) -> Option<&str> {
        self.as_ref()?.token_str()
    }
}

#[diagnostic::do_not_recommend]
impl<T: ScopeField> ScopeField for Option<T> {
    fn scopes(&self, delimiter: Delimiter) -> Scopes<'_> {
        self.as_ref().map_or_else(Scopes::empty, |field| field.scopes(delimiter))
    }
}

#[diagnostic::do_not_recommend]
impl<R, T: DurationField<R>> DurationField<R> for Option<T> {
    fn duration(&self, unit: Unit) -> Option<Duration> {
        self.as_ref()?.duration(unit)
    }
}

#[diagnostic::do_not_recommend]
impl<R, T: TimestampField<R>> TimestampField<R> for Option<T> {
    fn timestamp(&self, unit: Unit) -> Option<SystemTime> {
        self.as_ref()?.timestamp(unit)
    }
}

/// Every type whose value is a number or a numeric string: lifetimes and timestamps alike.
macro_rules! numeric {
    ($($t:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl<R> DurationField<R> for $t {
            fn duration(&self, unit: Unit) -> Option<Duration> {
                Some(self.as_number().map_or(Duration::ZERO, |n| n.lifetime(unit)))
            }
        }

        #[diagnostic::do_not_recommend]
        impl<R> TimestampField<R> for $t {
            fn timestamp(&self, unit: Unit) -> Option<SystemTime> {
                self.as_number()?.instant(unit)
            }
        }
    )*};
}
numeric!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);

/// Every string type: a token string, a scope string, or a numeric string.
macro_rules! strings {
    ($($t:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl<R> TokenStrField<R> for $t {
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
        }

        impl AsNumber for $t {
            fn as_number(&self) -> Option<Number> {
                Number::parse(self)
            }
        }

        numeric!($t);
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
        }
    )*};
}
lists!(Vec<String>, Vec<&str>, Vec<Cow<'_, str>>, Box<[String]>);

#[diagnostic::do_not_recommend]
impl<R> DurationField<R> for Duration {
    /// The duration as it is; `unit` does not apply.
    fn duration(&self, _: Unit) -> Option<Duration> {
        Some(*self)
    }
}

#[diagnostic::do_not_recommend]
impl<R> TimestampField<R> for SystemTime {
    /// The instant as it is; `unit` does not apply.
    fn timestamp(&self, _: Unit) -> Option<SystemTime> {
        Some(*self)
    }
}
