//! Role markers: the `R` of the field-type traits, naming which role a field plays.
//!
//! They are types with no values, used only to let one field type be accepted for some roles
//! and not others ([`ReceivedAt`](crate::ReceivedAt) is an issue time, never an expiry), and to
//! name the role in compile errors. Implement a field-type trait for every role with a generic
//! `R`:
//!
//! ```
//! use token_response::{TokenStrField, role};
//!
//! struct Secret(String);
//!
//! impl<R> TokenStrField<R> for Secret {
//!     fn token_str(&self) -> Option<&str> {
//!         Some(&self.0)
//!     }
//! }
//! # let _ = <Secret as TokenStrField<role::AccessToken>>::token_str;
//! ```

macro_rules! roles {
    ($($(#[$doc:meta])* $name:ident,)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub enum $name {}
    )*};
}

roles! {
    /// The access token: `access_token`, `#[token(access_token)]`.
    AccessToken,
    /// The refresh token: `refresh_token`, `#[token(refresh_token)]`.
    RefreshToken,
    /// The token type: `token_type`, `#[token(token_type)]`.
    TokenType,
    /// The lifetime: `expires_in`, `#[token(expires_in)]`.
    ExpiresIn,
    /// The refresh token's lifetime: `refresh_expires_in` and its aliases.
    RefreshExpiresIn,
    /// The issue time: `issued_at`, `created_at`, `#[token(issued_at)]`.
    IssuedAt,
    /// The absolute expiry: `expires_at`, `expires_on`, `#[token(expires_at)]`.
    ExpiresAt,
}
