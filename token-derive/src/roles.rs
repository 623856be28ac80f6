//! The one table of roles: the names each role matches, the attribute that assigns it, the
//! option it takes, and the accessor it generates. Adding a role is adding a row.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::ext::IdentExt;

/// The option a role takes, with its accepted values.
#[derive(Clone, Copy)]
pub enum RoleOption {
    /// `unit = "..."`: each accepted value with the `Unit` variant it names, the default first.
    Unit(&'static [(&'static str, &'static str)]),
    /// `delimiter = ","`: any one character; default runs of ASCII whitespace.
    Delimiter,
}

impl RoleOption {
    /// The option's key in `#[token(...)]`.
    pub fn key(self) -> &'static str {
        match self {
            RoleOption::Unit(_) => UNIT,
            RoleOption::Delimiter => DELIMITER,
        }
    }
}

/// One role a field can play.
pub struct Role {
    /// The attribute key that assigns it: `#[token(access_token)]`.
    pub key: &'static str,
    /// Other attribute keys that assign it.
    pub aliases: &'static [&'static str],
    /// The field names it matches, normalised (lowercase, no `_`).
    pub names: &'static [&'static str],
    /// What the role is, for messages.
    pub what: &'static str,
    /// The option it takes, if any.
    pub option: Option<RoleOption>,
    /// Whether every struct needs a field with this role.
    pub required: bool,
    /// The secret a `#[token(debug)]` impl redacts.
    pub secret: bool,
    /// Its field in the runtime's `__private::RawFields`, and the `__private` function that
    /// checks the field's type.
    pub entry: &'static str,
    /// The field-type trait its field must implement, given the same path.
    pub accepts: fn(&TokenStream) -> TokenStream,
}

/// Option keys.
pub const UNIT: &str = "unit";
pub const DELIMITER: &str = "delimiter";
/// The field key that opts a field out of name matching.
pub const SKIP: &str = "skip";
/// Container keys.
pub const CRATE: &str = "crate";
pub const REFRESH_LEEWAY: &str = "refresh_leeway";
pub const DEBUG: &str = "debug";
pub const CONTAINER_KEYS: &[&str] = &[CRATE, REFRESH_LEEWAY, DEBUG];

const SECONDS: (&str, &str) = ("s", "Seconds");
const MILLIS: (&str, &str) = ("ms", "Millis");
const AUTO: (&str, &str) = ("auto", "Auto");
const LIFETIME_UNITS: RoleOption = RoleOption::Unit(&[SECONDS, MILLIS]);
const TIMESTAMP_UNITS: RoleOption = RoleOption::Unit(&[AUTO, SECONDS, MILLIS]);

pub static ROLES: &[Role] = &[
    Role {
        key: "access_token",
        aliases: &[],
        names: &["accesstoken"],
        what: "access token",
        option: None,
        required: true,
        secret: true,
        entry: "access_token",
        accepts: |p| quote!(#p::TokenStrField<#p::role::AccessToken>),
    },
    Role {
        key: "refresh_token",
        aliases: &[],
        names: &["refreshtoken"],
        what: "refresh token",
        option: None,
        required: false,
        secret: true,
        entry: "refresh_token",
        accepts: |p| quote!(#p::TokenStrField<#p::role::RefreshToken>),
    },
    Role {
        key: "token_type",
        aliases: &[],
        names: &["tokentype"],
        what: "token type",
        option: None,
        required: false,
        secret: false,
        entry: "token_type",
        accepts: |p| quote!(#p::TokenStrField<#p::role::TokenType>),
    },
    Role {
        key: "expires_in",
        aliases: &[],
        names: &["expiresin"],
        what: "lifetime",
        option: Some(LIFETIME_UNITS),
        required: false,
        secret: false,
        entry: "expires_in",
        accepts: |p| quote!(#p::DurationField<#p::role::ExpiresIn>),
    },
    Role {
        key: "issued_at",
        aliases: &["created_at"],
        names: &["issuedat", "createdat"],
        what: "issue time",
        option: Some(TIMESTAMP_UNITS),
        required: false,
        secret: false,
        entry: "issued_at",
        accepts: |p| quote!(#p::TimestampField<#p::role::IssuedAt>),
    },
    Role {
        key: "expires_at",
        aliases: &[],
        names: &["expiresat", "expireson"],
        what: "absolute expiry",
        option: Some(TIMESTAMP_UNITS),
        required: false,
        secret: false,
        entry: "absolute_expiry",
        accepts: |p| quote!(#p::TimestampField<#p::role::ExpiresAt>),
    },
    Role {
        key: "scope",
        aliases: &[],
        names: &["scope", "scopes"],
        what: "scope",
        option: Some(RoleOption::Delimiter),
        required: false,
        secret: false,
        entry: "scopes",
        accepts: |p| quote!(#p::ScopeField),
    },
    Role {
        key: "refresh_expires_in",
        aliases: &[],
        names: &["refreshexpiresin", "refreshtokenexpiresin", "xrefreshtokenexpiresin"],
        what: "refresh token lifetime",
        option: Some(LIFETIME_UNITS),
        required: false,
        secret: false,
        entry: "refresh_expires_in",
        accepts: |p| quote!(#p::DurationField<#p::role::RefreshExpiresIn>),
    },
];

impl Role {
    /// The role an attribute key assigns.
    pub fn by_key(key: &str) -> Option<&'static Role> {
        ROLES.iter().find(|role| role.key == key || role.aliases.contains(&key))
    }

    /// The role a field name matches.
    pub fn by_name(name: &Ident) -> Option<&'static Role> {
        let name = normal_name(name);
        ROLES.iter().find(|role| role.names.contains(&name.as_str()))
    }

    /// Every key a field attribute accepts, for "did you mean" and "expected one of".
    pub fn field_keys() -> impl Iterator<Item = &'static str> + Clone {
        ROLES
            .iter()
            .flat_map(|role| std::iter::once(role.key).chain(role.aliases.iter().copied()))
            .chain([SKIP, UNIT, DELIMITER])
    }
}

/// A field's name as roles match it: lowercased, `_` removed, so `access_token`, `accessToken`
/// and `AccessToken` are one name.
pub fn normal_name(name: &Ident) -> String {
    name.unraw().to_string().chars().filter(|&c| c != '_').flat_map(char::to_lowercase).collect()
}

impl PartialEq for Role {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
