//! Glue for the derive's generated code: the `Fields` trait it implements, and the blanket
//! `TokenResponse` impl that reads it. Not public API.

pub use std::time::{Duration, SystemTime};

pub use crate::{
    DEFAULT_REFRESH_LEEWAY, Delimiter, DurationField, ScopeField, Scopes, TimestampField, TokenResponse, TokenStrField,
    TokenType, Unit, role,
};

/// What `#[derive(TokenResponse)]` implements: one method handing the runtime every role's
/// field, seen through the field-type trait of its role, with the role's option.
///
/// One method a struct, rather than one per role, keeps the derive cheap to type-check: the
/// blanket impl below turns it into every `TokenResponse` method, each rule written once. At run
/// time `fields()` inlines and each method keeps only the field it reads; the trait objects point
/// at statically known vtables, which the optimiser resolves to direct calls.
pub trait Fields {
    /// Every role's field.
    fn fields(&self) -> RawFields<'_>;
}

/// Every role's field of a derived struct; `None` where the struct has no field for the role.
#[derive(Clone, Copy)]
pub struct RawFields<'a> {
    /// The access token.
    pub access_token: Option<&'a dyn TokenStrField<role::AccessToken>>,
    /// The refresh token.
    pub refresh_token: Option<&'a dyn TokenStrField<role::RefreshToken>>,
    /// The token type.
    pub token_type: Option<&'a dyn TokenStrField<role::TokenType>>,
    /// The lifetime and its unit.
    pub expires_in: Option<(&'a dyn DurationField<role::ExpiresIn>, Unit)>,
    /// The issue time and its unit.
    pub issued_at: Option<(&'a dyn TimestampField<role::IssuedAt>, Unit)>,
    /// The absolute expiry and its unit.
    pub absolute_expiry: Option<(&'a dyn TimestampField<role::ExpiresAt>, Unit)>,
    /// The scopes and their delimiter.
    pub scopes: Option<(&'a dyn ScopeField, Delimiter)>,
    /// The refresh token's lifetime and its unit.
    pub refresh_expires_in: Option<(&'a dyn DurationField<role::RefreshExpiresIn>, Unit)>,
    /// `#[token(refresh_leeway = N)]`, or the default.
    pub refresh_leeway: Duration,
}

impl RawFields<'_> {
    /// No field for any role, and the default leeway: what the derive fills in around the
    /// struct's own fields.
    pub const NONE: RawFields<'static> = RawFields {
        access_token: None,
        refresh_token: None,
        token_type: None,
        expires_in: None,
        issued_at: None,
        absolute_expiry: None,
        scopes: None,
        refresh_expires_in: None,
        refresh_leeway: DEFAULT_REFRESH_LEEWAY,
    };
}

// The field-type check of each role: the derive calls these with the field's type spelt out,
// so a type that does not fit is reported at it, naming the role (written out, not by a macro,
// so the compiler's note quotes one plain line). Each returns the role's `RawFields` entry.

/// The access token field, seen through its role's trait.
#[inline]
pub fn access_token<T: TokenStrField<role::AccessToken>>(field: &T) -> Option<&dyn TokenStrField<role::AccessToken>> {
    Some(field)
}

/// The refresh token field, seen through its role's trait.
#[inline]
pub fn refresh_token<T: TokenStrField<role::RefreshToken>>(
    field: &T,
) -> Option<&dyn TokenStrField<role::RefreshToken>> {
    Some(field)
}

/// The token type field, seen through its role's trait.
#[inline]
pub fn token_type<T: TokenStrField<role::TokenType>>(field: &T) -> Option<&dyn TokenStrField<role::TokenType>> {
    Some(field)
}

/// The lifetime field, seen through its role's trait, with its unit.
#[inline]
pub fn expires_in<T: DurationField<role::ExpiresIn>>(
    field: &T,
    unit: Unit,
) -> Option<(&dyn DurationField<role::ExpiresIn>, Unit)> {
    Some((field, unit))
}

/// The issue time field, seen through its role's trait, with its unit.
#[inline]
pub fn issued_at<T: TimestampField<role::IssuedAt>>(
    field: &T,
    unit: Unit,
) -> Option<(&dyn TimestampField<role::IssuedAt>, Unit)> {
    Some((field, unit))
}

/// The absolute expiry field, seen through its role's trait, with its unit.
#[inline]
pub fn absolute_expiry<T: TimestampField<role::ExpiresAt>>(
    field: &T,
    unit: Unit,
) -> Option<(&dyn TimestampField<role::ExpiresAt>, Unit)> {
    Some((field, unit))
}

/// The scope field, seen through its role's trait, with its delimiter.
#[inline]
pub fn scopes<T: ScopeField>(field: &T, delimiter: Delimiter) -> Option<(&dyn ScopeField, Delimiter)> {
    Some((field, delimiter))
}

/// The refresh token lifetime field, seen through its role's trait, with its unit.
#[inline]
pub fn refresh_expires_in<T: DurationField<role::RefreshExpiresIn>>(
    field: &T,
    unit: Unit,
) -> Option<(&dyn DurationField<role::RefreshExpiresIn>, Unit)> {
    Some((field, unit))
}

#[doc(hidden)]
impl<T: Fields + ?Sized> TokenResponse for T {
    /// `""` when absent.
    #[inline]
    fn access_token(&self) -> &str {
        self.fields().access_token.and_then(TokenStrField::token_str).unwrap_or("")
    }

    /// `None` when absent or empty.
    #[inline]
    fn refresh_token(&self) -> Option<&str> {
        self.fields().refresh_token?.token_str().filter(|token| !token.is_empty())
    }

    /// Absent is `Bearer`.
    #[inline]
    fn token_type(&self) -> TokenType<'_> {
        TokenType::parse(self.fields().token_type.and_then(TokenStrField::token_str).unwrap_or(""))
    }

    #[inline]
    fn expires_in(&self) -> Option<Duration> {
        let (field, unit) = self.fields().expires_in?;
        field.duration(unit)
    }

    #[inline]
    fn issued_at(&self) -> Option<SystemTime> {
        let (field, unit) = self.fields().issued_at?;
        field.timestamp(unit)
    }

    #[inline]
    fn absolute_expiry(&self) -> Option<SystemTime> {
        let (field, unit) = self.fields().absolute_expiry?;
        field.timestamp(unit)
    }

    #[inline]
    fn refresh_expires_in(&self) -> Option<Duration> {
        let (field, unit) = self.fields().refresh_expires_in?;
        field.duration(unit)
    }

    #[inline]
    fn scopes(&self) -> Scopes<'_> {
        match self.fields().scopes {
            Some((field, delimiter)) => field.scopes(delimiter),
            None => Scopes::empty(),
        }
    }

    #[inline]
    fn refresh_leeway(&self) -> Duration {
        self.fields().refresh_leeway
    }
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
        f.write_str(REDACTED)
    }
}

/// The fixed marker `#[token(debug)]` prints for the access and refresh tokens.
pub const REDACTED: &str = "<redacted>";
