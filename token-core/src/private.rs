//! What the derive's generated code refers to. Not public API.
//!
//! A derived `TokenResponse` impl overrides one method, [`TokenResponse::__fields`], returning
//! [`Fields`]: each role's field seen through its role's trait, the rest filled in from
//! [`Fields::NONE`]. Every other method of the trait reads it, each rule written once in
//! `response/mod.rs`. A struct with a field that `inherit` copies or writes also gets `__inherit`,
//! calling the hidden `__copy` method of that role's trait.
//!
//! The shape is chosen for compile time: a struct literal of `&field` coercions is the cheapest
//! code rustc type-checks per field (BENCHMARKS.md). At run time `__fields` inlines and each
//! method keeps the one field it reads, through a vtable known statically.

use std::time::{Duration, SystemTime};

use crate::{
    AbsoluteExpiryField, AccessTokenField, DEFAULT_REFRESH_LEEWAY, IssueTimeField, Lifetime, LifetimeField,
    ReceiptTimeField, RefreshTokenAbsoluteExpiryField, RefreshTokenField, RefreshTokenLifetimeField, ScopeField,
    Scopes, Timestamp, TokenTypeField,
};
pub use crate::{Delimiter, TokenResponse, Unit};

/// Every role's field of a derived struct, and each role's option. A role the struct has no
/// field for reads [`Absent`]. Each entry is named by the role's attribute key, and so is each
/// role's unit in [`Units`]: one entry for all, so that a struct that sets none copies one
/// value from [`Fields::NONE`], not six.
#[derive(Clone, Copy)]
pub struct Fields<'a> {
    pub access_token: &'a dyn AccessTokenField,
    pub refresh_token: &'a dyn RefreshTokenField,
    pub token_type: &'a dyn TokenTypeField,
    pub expires_in: &'a dyn LifetimeField,
    pub issued_at: &'a dyn IssueTimeField,
    pub received_at: &'a dyn ReceiptTimeField,
    pub expires_at: &'a dyn AbsoluteExpiryField,
    pub refresh_expires_at: &'a dyn RefreshTokenAbsoluteExpiryField,
    pub scope: &'a dyn ScopeField,
    pub refresh_expires_in: &'a dyn RefreshTokenLifetimeField,
    pub unit: Units,
    pub scope_delimiter: Delimiter,
    pub refresh_leeway: Duration,
}

impl Fields<'_> {
    /// No field for any role, each option's default: what a derived struct's own fields are
    /// written over, and what a hand-written impl answers.
    pub const NONE: Fields<'static> = Fields {
        access_token: &Absent,
        refresh_token: &Absent,
        token_type: &Absent,
        expires_in: &Absent,
        issued_at: &Absent,
        received_at: &Absent,
        expires_at: &Absent,
        refresh_expires_at: &Absent,
        scope: &Absent,
        refresh_expires_in: &Absent,
        unit: Units::DEFAULT,
        scope_delimiter: Delimiter::Whitespace,
        refresh_leeway: DEFAULT_REFRESH_LEEWAY,
    };
}

/// The unit of each role that takes one (`#[token(.., unit = "..")]`).
#[derive(Clone, Copy)]
pub struct Units {
    pub expires_in: Unit,
    pub issued_at: Unit,
    pub received_at: Unit,
    pub expires_at: Unit,
    pub refresh_expires_at: Unit,
    pub refresh_expires_in: Unit,
}

impl Units {
    /// Each role's default: seconds for lifetimes, `auto` for timestamps.
    pub const DEFAULT: Units = Units {
        expires_in: Unit::Seconds,
        issued_at: Unit::Auto,
        received_at: Unit::Auto,
        expires_at: Unit::Auto,
        refresh_expires_at: Unit::Auto,
        refresh_expires_in: Unit::Seconds,
    };
}

/// The field of a role the struct does not have: absent in every role.
pub struct Absent;

macro_rules! absent {
    (token: $($role:ident),*) => {$(
        impl $role for Absent {
            #[inline]
            fn token_str(&self) -> Option<&str> {
                None
            }
        }
    )*};
    (lifetime: $($role:ident),*) => {$(
        impl $role for Absent {
            #[inline]
            fn lifetime(&self, _: Unit) -> Lifetime {
                Lifetime::Absent
            }
        }
    )*};
    (timestamp: $($role:ident),*) => {$(
        impl $role for Absent {
            #[inline]
            fn timestamp(&self, _: Unit) -> Timestamp {
                Timestamp::Absent
            }
        }
    )*};
}
absent!(token: AccessTokenField, RefreshTokenField, TokenTypeField);
absent!(lifetime: LifetimeField, RefreshTokenLifetimeField);
absent!(timestamp: IssueTimeField, ReceiptTimeField, AbsoluteExpiryField, RefreshTokenAbsoluteExpiryField);

impl ScopeField for Absent {
    #[inline]
    fn scopes(&self, _: Delimiter) -> Scopes<'_> {
        Scopes::empty()
    }
}

/// What `inherit` does to each field it may change, decided in `response/mod.rs` and
/// `time/expiry.rs`: copy the previous token's refresh token and scope, or make the refresh token
/// expiry fields hold an instant or a lifetime (in the field's unit).
#[derive(Clone, Copy)]
pub struct Inherit {
    pub refresh_token: bool,
    pub scope: bool,
    pub refresh_expires_at: Option<(SystemTime, Unit)>,
    pub refresh_expires_in: Option<(Duration, Unit)>,
}

impl Inherit {
    /// Nothing changed.
    pub const NOTHING: Inherit =
        Inherit { refresh_token: false, scope: false, refresh_expires_at: None, refresh_expires_in: None };
}

/// `#[token(refresh_leeway = N)]`.
#[must_use]
pub const fn refresh_leeway(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

/// What `#[token(debug)]` prints in place of a secret.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}
