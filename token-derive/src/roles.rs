//! The one table of roles: the names each role matches, the attribute key that assigns it, the
//! option it takes, the token-core trait its field implements, and whether `inherit` copies or
//! writes it.
//! Name matching, option checking, error texts and the generated code all read it.
//!
//! Adding a role touches, in this order:
//! 1. token-core `field/mod.rs`: the role's trait (`on_unimplemented` in the role's words; for a role
//!    `inherit` copies or writes, the `__read` and `__copy` methods of the other such roles),
//!    its impls for the standard types in `field/impls.rs` (one macro list) and for `Absent` in
//!    `private.rs`;
//! 2. token-core `private.rs`: the role's entry in `Fields` (named by the key) and its default in
//!    `Fields::NONE`; its unit's entry in `Units` (named by the key) and default in
//!    `Units::DEFAULT`, or a `<key>_delimiter` entry; for a copied or written role, its entry in
//!    `Inherit` (named by the key);
//! 3. token-core `response/mod.rs` or `time/expiry.rs`: the method that reads the entry;
//! 4. a row below. The derive needs nothing else.

use crate::attr::Unit;

/// The option a role takes, with its accepted values.
#[derive(Clone, Copy)]
pub enum RoleOption {
    /// `unit = "..."`: the units accepted, the default first.
    Unit(&'static [Unit]),
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
    /// The attribute key that assigns it (`#[token(access_token)]`), and the name of its entry
    /// in token-core's `__private::Fields`.
    pub key: &'static str,
    /// Other attribute keys that assign it.
    pub aliases: &'static [&'static str],
    /// The field names it matches, normalised (lowercase, no `_` or `-`).
    pub names: &'static [&'static str],
    /// The role's name in messages: "the {what} role".
    pub what: &'static str,
    /// The option it takes, if any.
    pub option: Option<RoleOption>,
    /// Whether every struct needs a field with this role.
    pub required: bool,
    /// The secret a `#[token(debug)]` impl redacts.
    pub secret: bool,
    /// The token-core trait its field's type must implement.
    pub field_trait: &'static str,
    /// Whether `inherit` copies or writes it: its field is then read and changed through the
    /// hidden `__read` and `__copy` methods of its trait.
    pub copied: bool,
}

/// Option keys.
pub const UNIT: &str = "unit";
pub const DELIMITER: &str = "delimiter";
/// The field key that opts a field out of name matching.
pub const SKIP: &str = "skip";
/// The field key that hides a field in the `#[token(debug)]` impl.
pub const REDACT: &str = "redact";
/// Container keys.
pub const CRATE: &str = "crate";
pub const REFRESH_LEEWAY: &str = "refresh_leeway";
pub const DEBUG: &str = "debug";
pub const CONTAINER_KEYS: &[&str] = &[CRATE, REFRESH_LEEWAY, DEBUG];

const LIFETIME_UNITS: RoleOption = RoleOption::Unit(&[Unit::Seconds, Unit::Millis]);
const TIMESTAMP_UNITS: RoleOption = RoleOption::Unit(&[Unit::Auto, Unit::Seconds, Unit::Millis]);

pub static ROLES: &[Role] = &[
    Role {
        key: "access_token",
        aliases: &[],
        names: &["accesstoken"],
        what: "access token",
        option: None,
        required: true,
        secret: true,
        field_trait: "AccessTokenField",
        copied: false,
    },
    Role {
        key: "refresh_token",
        aliases: &[],
        names: &["refreshtoken"],
        what: "refresh token",
        option: None,
        required: false,
        secret: true,
        field_trait: "RefreshTokenField",
        copied: true,
    },
    Role {
        key: "token_type",
        aliases: &[],
        names: &["tokentype"],
        what: "token type",
        option: None,
        required: false,
        secret: false,
        field_trait: "TokenTypeField",
        copied: false,
    },
    Role {
        key: "expires_in",
        aliases: &[],
        names: &["expiresin"],
        what: "lifetime",
        option: Some(LIFETIME_UNITS),
        required: false,
        secret: false,
        field_trait: "LifetimeField",
        copied: false,
    },
    Role {
        key: "issued_at",
        aliases: &["created_at"],
        names: &["issuedat", "createdat"],
        what: "issue time",
        option: Some(TIMESTAMP_UNITS),
        required: false,
        secret: false,
        field_trait: "IssueTimeField",
        copied: false,
    },
    Role {
        key: "received_at",
        aliases: &[],
        names: &["receivedat"],
        what: "receipt time",
        option: Some(TIMESTAMP_UNITS),
        required: false,
        secret: false,
        field_trait: "ReceiptTimeField",
        copied: false,
    },
    Role {
        key: "expires_at",
        aliases: &[],
        names: &["expiresat", "expireson"],
        what: "absolute expiry",
        option: Some(TIMESTAMP_UNITS),
        required: false,
        secret: false,
        field_trait: "AbsoluteExpiryField",
        copied: false,
    },
    Role {
        key: "refresh_expires_at",
        aliases: &[],
        names: &["refreshexpiresat", "refreshtokenexpiresat"],
        what: "refresh token absolute expiry",
        option: Some(TIMESTAMP_UNITS),
        required: false,
        secret: false,
        field_trait: "RefreshTokenAbsoluteExpiryField",
        copied: true,
    },
    Role {
        key: "scope",
        aliases: &[],
        names: &["scope", "scopes"],
        what: "scope",
        option: Some(RoleOption::Delimiter),
        required: false,
        secret: false,
        field_trait: "ScopeField",
        copied: true,
    },
    Role {
        key: "refresh_expires_in",
        aliases: &[],
        names: &["refreshexpiresin", "refreshtokenexpiresin", "xrefreshtokenexpiresin", "refreshexpires"],
        what: "refresh token lifetime",
        option: Some(LIFETIME_UNITS),
        required: false,
        secret: false,
        field_trait: "RefreshTokenLifetimeField",
        copied: true,
    },
];

impl Role {
    /// The role an attribute key assigns.
    pub fn by_key(key: &str) -> Option<&'static Role> {
        ROLES.iter().find(|role| role.key == key || role.aliases.contains(&key))
    }

    /// The role a field name (an identifier or a serde name) matches.
    pub fn by_name(name: &str) -> Option<&'static Role> {
        let name = normal_name(name);
        ROLES.iter().find(|role| role.names.contains(&name.as_str()))
    }

    /// Every key a field attribute accepts, for "did you mean" and "expected one of".
    pub fn field_keys() -> impl Iterator<Item = &'static str> + Clone {
        ROLES
            .iter()
            .flat_map(|role| std::iter::once(role.key).chain(role.aliases.iter().copied()))
            .chain([SKIP, REDACT, UNIT, DELIMITER])
    }
}

/// A name as roles match it: lowercased, `_` and `-` removed, a raw identifier's `r#` dropped, so
/// `access_token`, `accessToken`, `AccessToken` and `access-token` are one name.
pub fn normal_name(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    name.chars().filter(|&c| c != '_' && c != '-').flat_map(char::to_lowercase).collect()
}

/// Whether a field name (an identifier or a serde name) names a credential, which a
/// `#[token(debug)]` impl redacts whatever the field's role: normalised, it ends in `token`
/// (`id_token`, `session_token`) or contains `secret`, `password` or `assertion`.
pub fn is_credential(name: &str) -> bool {
    let name = normal_name(name);
    name.ends_with("token") || ["secret", "password", "assertion"].iter().any(|word| name.contains(word))
}

impl PartialEq for Role {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
