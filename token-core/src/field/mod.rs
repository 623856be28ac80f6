//! The field-type traits: one a role, saying which types the role accepts and how each reads.
//!
//! `#[derive(TokenResponse)]` reads every role's field through its trait; a field type that does
//! not implement it is a compile error naming the role and the types it accepts. Implement the
//! trait for a type of your own to use it as that role's field. The implementations for the
//! standard types are in `impls.rs`.
//!
//! [`TokenResponse::inherit`](crate::TokenResponse::inherit) copies the refresh token, the
//! scope and the refresh token's absolute expiry: their traits have a
//! [`copied`](RefreshTokenField::copied) method, which a type of your own may implement (its
//! default, `None`, leaves the field as it is). It also writes the refresh token's expiry anew
//! into a refresh token absolute expiry or lifetime field, through hidden methods that build a
//! value of every accepted type (a type of your own is left as it is).

mod impls;

use std::time::{Duration, SystemTime};

#[cfg(any(feature = "chrono", feature = "time"))]
pub(crate) use impls::timestamp;

use crate::{Delimiter, Lifetime, Scopes, Timestamp, Unit};

/// The hidden method by which the derive reads the field of a role that `inherit` copies or
/// writes: so that reading and writing a field check its type by one trait alike (one error).
macro_rules! read {
    ($role:ident) => {
        #[doc(hidden)]
        #[inline]
        fn __read(&self) -> &dyn $role
        where
            Self: Sized,
        {
            self
        }
    };
}

/// The methods of a role that [`TokenResponse::inherit`](crate::TokenResponse::inherit) copies
/// as it is: `copied`, which a type of your own may implement, and the hidden `__copy` the derive
/// calls.
macro_rules! copied {
    ($role:ident) => {
        /// A copy of this value, for [`TokenResponse::inherit`](crate::TokenResponse::inherit);
        /// `None` (the default) when the type cannot be copied, and the field is then left as it
        /// is.
        fn copied(&self) -> Option<Self>
        where
            Self: Sized,
        {
            None
        }

        read!($role);

        #[doc(hidden)]
        #[inline]
        fn __copy(&mut self, previous: &Self, yes: bool)
        where
            Self: Sized,
        {
            if yes {
                if let Some(copy) = previous.copied() {
                    *self = copy;
                }
            }
        }
    };
}

/// A type the access token field can have: `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`,
/// `Rc<str>`, or an `Option` of one.
///
/// ```
/// use token_response::{AccessTokenField, TokenResponse};
///
/// /// A token that zeroes itself on drop, say.
/// struct Secret(Box<str>);
///
/// impl AccessTokenField for Secret {
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
/// assert_eq!(Tok { access_token: Secret("abc".into()) }.access_token(), "abc");
/// ```
#[diagnostic::on_unimplemented(
    message = "the access token role does not accept `{Self}`",
    label = "not a token string",
    note = "the access token role accepts `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`, or an `Option` of one",
    note = "a type of your own can implement `AccessTokenField`"
)]
pub trait AccessTokenField {
    /// The token, or `None` when absent.
    fn token_str(&self) -> Option<&str>;
}

/// A type the refresh token field can have: `String`, `&str`, `Cow<str>`, `Box<str>`,
/// `Arc<str>`, `Rc<str>`, or an `Option` of one.
///
/// ```
/// use token_response::{RefreshTokenField, TokenResponse};
///
/// #[derive(Clone)]
/// struct Secret(Box<str>);
///
/// impl RefreshTokenField for Secret {
///     fn token_str(&self) -> Option<&str> {
///         Some(&self.0)
///     }
///
///     // Lets `inherit` keep the previous refresh token in a field of this type.
///     fn copied(&self) -> Option<Self> {
///         Some(self.clone())
///     }
/// }
///
/// #[derive(TokenResponse)]
/// struct Tok {
///     access_token: String,
///     refresh_token: Secret,
/// }
///
/// let t = Tok { access_token: "a".into(), refresh_token: Secret("r".into()) };
/// assert_eq!(t.refresh_token(), Some("r"));
/// ```
#[diagnostic::on_unimplemented(
    message = "the refresh token role does not accept `{Self}`",
    label = "not a token string",
    note = "the refresh token role accepts `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`, or an `Option` of one",
    note = "a type of your own can implement `RefreshTokenField`"
)]
pub trait RefreshTokenField {
    /// The token, or `None` when absent.
    fn token_str(&self) -> Option<&str>;

    copied!(RefreshTokenField);
}

/// A type the token type field can have: `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`,
/// `Rc<str>`, or an `Option` of one.
///
/// ```
/// use token_response::{TokenResponse, TokenType, TokenTypeField};
///
/// enum Kind {
///     Bearer,
///     DPoP,
/// }
///
/// impl TokenTypeField for Kind {
///     fn token_str(&self) -> Option<&str> {
///         Some(match self {
///             Kind::Bearer => "Bearer",
///             Kind::DPoP => "DPoP",
///         })
///     }
/// }
///
/// #[derive(TokenResponse)]
/// struct Tok {
///     access_token: String,
///     token_type: Kind,
/// }
///
/// assert_eq!(Tok { access_token: "a".into(), token_type: Kind::DPoP }.token_type(), TokenType::DPoP);
/// ```
#[diagnostic::on_unimplemented(
    message = "the token type role does not accept `{Self}`",
    label = "not a token string",
    note = "the token type role accepts `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`, or an `Option` of one",
    note = "a type of your own can implement `TokenTypeField`"
)]
pub trait TokenTypeField {
    /// The token type as sent, or `None` when absent.
    fn token_str(&self) -> Option<&str>;
}

/// A type the lifetime field (`expires_in`) can have: every primitive integer, `f32`, `f64`,
/// `Duration`, a numeric string in any string type, or an `Option` of one.
///
/// ```
/// use std::time::Duration;
/// use token_response::{Lifetime, LifetimeField, Unit};
///
/// let of = |seconds| Lifetime::Of(Duration::from_secs(seconds));
/// assert_eq!(3599_u32.lifetime(Unit::Seconds), of(3599));
/// assert_eq!("3599".lifetime(Unit::Seconds), of(3599));
/// assert_eq!(3_600_000_u64.lifetime(Unit::Millis), of(3600));
/// assert_eq!((-5_i64).lifetime(Unit::Seconds), Lifetime::Unreadable); // fails closed
/// assert_eq!("soon".lifetime(Unit::Seconds), Lifetime::Unreadable); // fails closed
/// assert_eq!(None::<u64>.lifetime(Unit::Seconds), Lifetime::Absent);
/// ```
#[diagnostic::on_unimplemented(
    message = "the lifetime role does not accept `{Self}`",
    label = "not a lifetime",
    note = "the lifetime role accepts every primitive integer, `f32`, `f64`, `std::time::Duration`, a numeric string (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), or an `Option` of one",
    note = "a type of your own can implement `LifetimeField`"
)]
pub trait LifetimeField {
    /// The lifetime: [`Lifetime::Absent`] when absent; [`Lifetime::Unreadable`] when negative,
    /// NaN, infinite or not a number (fail closed); `Duration::MAX` when too large. `unit`
    /// applies to numbers and numeric strings.
    fn lifetime(&self, unit: Unit) -> Lifetime;
}

/// A type the refresh token lifetime field (`refresh_expires_in`) can have: the types of
/// [`LifetimeField`].
///
/// ```
/// use std::time::Duration;
/// use token_response::{Lifetime, RefreshTokenLifetimeField, Unit};
///
/// assert_eq!("1800".lifetime(Unit::Seconds), Lifetime::Of(Duration::from_secs(1800)));
/// ```
#[diagnostic::on_unimplemented(
    message = "the refresh token lifetime role does not accept `{Self}`",
    label = "not a lifetime",
    note = "the refresh token lifetime role accepts every primitive integer, `f32`, `f64`, `std::time::Duration`, a numeric string (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), or an `Option` of one",
    note = "a type of your own can implement `RefreshTokenLifetimeField`"
)]
pub trait RefreshTokenLifetimeField {
    /// The lifetime, with the rules of [`LifetimeField::lifetime`].
    fn lifetime(&self, unit: Unit) -> Lifetime;

    /// A value of this type that reads as `lifetime` in `unit`, rounded down: what `inherit`
    /// writes; `None` (the default) when the type cannot hold it.
    #[doc(hidden)]
    fn __built(lifetime: Duration, unit: Unit) -> Option<Self>
    where
        Self: Sized,
    {
        let _ = (lifetime, unit);
        None
    }

    read!(RefreshTokenLifetimeField);

    /// Writes `what`'s lifetime, when given and the type can hold it.
    #[doc(hidden)]
    #[inline]
    fn __copy(&mut self, previous: &Self, what: Option<(Duration, Unit)>)
    where
        Self: Sized,
    {
        let _ = previous;
        if let Some(built) = what.and_then(|(lifetime, unit)| Self::__built(lifetime, unit)) {
            *self = built;
        }
    }
}

/// A type the issue time field can have: every primitive integer, `f32`, `f64` (Unix time in the
/// field's [`Unit`]), a timestamp string (a numeric string or an RFC 3339 date-time) in any string
/// type, `SystemTime`, [`ReceivedAt`](crate::ReceivedAt), or an `Option` of one.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use token_response::{IssueTimeField, Timestamp, Unit};
///
/// let at = |ms| Timestamp::At(UNIX_EPOCH + Duration::from_millis(ms));
/// assert_eq!("1278448384422".timestamp(Unit::Auto), at(1_278_448_384_422));
/// assert_eq!(1_700_000_000.timestamp(Unit::Auto), at(1_700_000_000_000));
/// assert_eq!("2010-07-06T20:33:04.422Z".timestamp(Unit::Auto), at(1_278_448_384_422));
/// assert_eq!(f64::NAN.timestamp(Unit::Auto), Timestamp::Unreadable);
/// ```
#[diagnostic::on_unimplemented(
    message = "the issue time role does not accept `{Self}`",
    label = "not a timestamp",
    note = "the issue time role accepts every primitive integer, `f32`, `f64`, a timestamp string (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), `std::time::SystemTime`, `ReceivedAt`, or an `Option` of one",
    note = "a type of your own can implement `IssueTimeField`"
)]
pub trait IssueTimeField {
    /// The instant, absent, unreadable or too late; `unit` applies to numbers and numeric strings.
    fn timestamp(&self, unit: Unit) -> Timestamp;
}

/// A type the receipt time field (`received_at`) can have: the types of [`IssueTimeField`].
///
/// With an issue time too, the earlier of the two counts, so a server clock ahead of ours never
/// makes a token live longer.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use token_response::{ReceiptTimeField, ReceivedAt, Timestamp, Unit};
///
/// let received = ReceivedAt::from(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
/// assert_eq!(received.timestamp(Unit::Auto), Timestamp::At(received.time()));
/// ```
#[diagnostic::on_unimplemented(
    message = "the receipt time role does not accept `{Self}`",
    label = "not a timestamp",
    note = "the receipt time role accepts every primitive integer, `f32`, `f64`, a timestamp string (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), `std::time::SystemTime`, `ReceivedAt`, or an `Option` of one",
    note = "a type of your own can implement `ReceiptTimeField`"
)]
pub trait ReceiptTimeField {
    /// The instant, with the rules of [`IssueTimeField::timestamp`].
    fn timestamp(&self, unit: Unit) -> Timestamp;
}

/// A type the absolute expiry field (`expires_at`) can have: the types of [`IssueTimeField`]
/// but [`ReceivedAt`](crate::ReceivedAt).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use token_response::{AbsoluteExpiryField, Timestamp, Unit};
///
/// assert_eq!(1_568_775_134_i64.timestamp(Unit::Auto), Timestamp::At(UNIX_EPOCH + Duration::from_secs(1_568_775_134)));
/// ```
#[diagnostic::on_unimplemented(
    message = "the absolute expiry role does not accept `{Self}`",
    label = "not a timestamp",
    note = "the absolute expiry role accepts every primitive integer, `f32`, `f64`, a timestamp string (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), `std::time::SystemTime`, or an `Option` of one",
    note = "a type of your own can implement `AbsoluteExpiryField`"
)]
pub trait AbsoluteExpiryField {
    /// The instant, with the rules of [`IssueTimeField::timestamp`].
    fn timestamp(&self, unit: Unit) -> Timestamp;
}

/// A type the refresh token absolute expiry field (`refresh_expires_at`) can have: the types of
/// [`AbsoluteExpiryField`].
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use token_response::{RefreshTokenAbsoluteExpiryField, Timestamp, Unit};
///
/// let epic = "2023-08-31T02:29:11.892Z";
/// assert_eq!(epic.timestamp(Unit::Auto), Timestamp::At(UNIX_EPOCH + Duration::from_millis(1_693_448_951_892)));
/// ```
#[diagnostic::on_unimplemented(
    message = "the refresh token absolute expiry role does not accept `{Self}`",
    label = "not a timestamp",
    note = "the refresh token absolute expiry role accepts every primitive integer, `f32`, `f64`, a timestamp string (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), `std::time::SystemTime`, or an `Option` of one",
    note = "a type of your own can implement `RefreshTokenAbsoluteExpiryField`"
)]
pub trait RefreshTokenAbsoluteExpiryField {
    /// The instant, with the rules of [`IssueTimeField::timestamp`].
    fn timestamp(&self, unit: Unit) -> Timestamp;

    /// A copy of this value, for [`TokenResponse::inherit`](crate::TokenResponse::inherit);
    /// `None` (the default) when the type cannot be copied.
    fn copied(&self) -> Option<Self>
    where
        Self: Sized,
    {
        None
    }

    /// A value of this type that reads as `at` in `unit`, rounded down: what `inherit` writes
    /// when the previous token's field does not hold the instant; `None` (the default) when the
    /// type cannot hold it.
    #[doc(hidden)]
    fn __built(at: SystemTime, unit: Unit) -> Option<Self>
    where
        Self: Sized,
    {
        let _ = (at, unit);
        None
    }

    read!(RefreshTokenAbsoluteExpiryField);

    /// Makes the field hold `what`'s instant, when given: a copy of `previous`'s field when that
    /// reads it, else a value built anew; left as it is when the type can do neither.
    #[doc(hidden)]
    #[inline]
    fn __copy(&mut self, previous: &Self, what: Option<(SystemTime, Unit)>)
    where
        Self: Sized,
    {
        let Some((at, unit)) = what else { return };
        let holds_it = previous.timestamp(unit) == Timestamp::At(at);
        let copy = if holds_it { previous.copied() } else { None };
        if let Some(value) = copy.or_else(|| Self::__built(at, unit)) {
            *self = value;
        }
    }
}

/// A type the scope field can have: a scope string split by the field's [`Delimiter`] in any
/// string type, a list with one scope an element (`Vec<String>`, `Vec<&str>`, `Vec<Cow<str>>`,
/// `Box<[String]>`), or an `Option` of one.
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
    message = "the scope role does not accept `{Self}`",
    label = "not a scope string or list",
    note = "the scope role accepts a string type (`String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`), `Vec<String>`, `Vec<&str>`, `Vec<Cow<str>>`, `Box<[String]>`, or an `Option` of one",
    note = "a type of your own can implement `ScopeField`"
)]
pub trait ScopeField {
    /// The scopes; `delimiter` applies to strings only.
    fn scopes(&self, delimiter: Delimiter) -> Scopes<'_>;

    copied!(ScopeField);
}
