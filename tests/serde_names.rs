//! Field names from serde: `rename`, `rename(deserialize = ..)`, each `alias`, in any case style,
//! beside `rename_all` on the struct; a role attribute deciding alone; `skip` hiding serde names;
//! and every serde attribute serde accepts passing through the derive without an error of ours.

#![allow(dead_code)]

use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use token_response::TokenResponse;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn secs(secs: u64) -> Option<Duration> {
    Some(Duration::from_secs(secs))
}

/// The contract's example: a field named `lifetime` that serde reads as `expires_in`.
#[derive(Deserialize, TokenResponse)]
#[serde(deny_unknown_fields)]
struct Lifetime {
    access_token: String,
    #[serde(rename = "expires_in")]
    lifetime: u64,
    issued_at: u64,
}

#[test]
fn a_field_renamed_to_expires_in_is_the_lifetime_and_reads_the_json() {
    let t: Lifetime = serde_json::from_str(r#"{"access_token": "a", "expires_in": 3600, "issued_at": 1000}"#).unwrap();
    assert_eq!(t.lifetime, 3600);
    assert_eq!(t.expires_in(), secs(3600));
    assert_eq!(t.expires_at(), Some(at(4_600)));
    assert!(t.is_expired_at(at(4_600)) && !t.is_expired_at(at(4_599)));
}

/// Every role by `rename`, on fields whose identifiers match nothing.
#[derive(Deserialize, TokenResponse)]
struct Renamed {
    #[serde(rename = "access_token")]
    a: String,
    #[serde(rename = "refresh_token")]
    b: String,
    #[serde(rename = "token_type")]
    c: String,
    #[serde(rename = "expires_in")]
    d: u64,
    #[serde(rename = "created_at")]
    e: u64,
    #[serde(rename = "expires_on")]
    f: u64,
    #[serde(rename = "refresh_token_expires_at")]
    g: u64,
    #[serde(rename = "scopes")]
    h: Vec<String>,
    #[serde(rename = "x_refresh_token_expires_in")]
    i: u64,
}

#[test]
fn every_role_is_matched_by_its_rename() {
    let t: Renamed = serde_json::from_str(
        r#"{
            "access_token": "at", "refresh_token": "rt", "token_type": "DPoP", "expires_in": 60,
            "created_at": 1000, "expires_on": 1030, "refresh_token_expires_at": 5000,
            "scopes": ["read", "write"], "x_refresh_token_expires_in": 3000
        }"#,
    )
    .unwrap();
    assert_eq!(t.access_token(), "at");
    assert_eq!(t.refresh_token(), Some("rt"));
    assert_eq!(t.token_type(), token_response::TokenType::DPoP);
    assert_eq!(t.expires_in(), secs(60));
    assert_eq!(t.issued_at(), Some(at(1_000)));
    assert_eq!(t.absolute_expiry(), Some(at(1_030)));
    assert_eq!(t.expires_at(), Some(at(1_030)));
    assert_eq!(t.refresh_token_absolute_expiry(), Some(at(5_000)));
    assert_eq!(t.refresh_expires_in(), secs(3_000));
    assert_eq!(t.refresh_expires_at(), Some(at(4_000)));
    assert!(t.has_scopes(&["read", "write"]));
}

/// `rename(deserialize = ..)` counts, alone or beside `serialize`; `rename(serialize = ..)` alone
/// does not: serde never reads the field under that name.
#[derive(Deserialize, TokenResponse)]
struct DeserializeNames {
    access_token: String,
    #[serde(rename(deserialize = "expires_in"))]
    ttl: u64,
    #[serde(rename(serialize = "ignored", deserialize = "issued_at"))]
    minted: u64,
    #[serde(rename(serialize = "scope"))]
    grants: String,
    #[serde(rename(serialize = "expires_at"))]
    deadline: u64,
}

#[test]
fn rename_deserialize_counts_and_rename_serialize_alone_does_not() {
    let t: DeserializeNames = serde_json::from_str(
        r#"{"access_token": "a", "expires_in": 10, "issued_at": 100, "grants": "read", "deadline": 105}"#,
    )
    .unwrap();
    assert_eq!(t.expires_in(), secs(10));
    assert_eq!(t.issued_at(), Some(at(100)));
    assert_eq!(t.expires_at(), Some(at(110)), "`deadline` plays no role");
    assert_eq!(t.absolute_expiry(), None);
    assert_eq!(t.scopes().next(), None, "`grants` plays no role");
    assert_eq!((t.grants.as_str(), t.deadline), ("read", 105));
}

/// Each alias counts, wherever it stands among the field's names.
#[derive(Deserialize, TokenResponse)]
struct Aliases {
    #[serde(alias = "token", alias = "access_token")]
    bearer: String,
    #[serde(alias = "ttl")]
    #[serde(alias = "lifetime", alias = "expires_in")]
    duration: u64,
    #[serde(rename = "iat", alias = "issued_at")]
    minted: u64,
    #[serde(alias = "scope", alias = "scopes")]
    grants: Option<String>,
}

#[test]
fn each_alias_counts_and_serde_reads_every_one() {
    let expected = (Some(at(1_060)), vec!["read"]);
    for json in [
        r#"{"bearer": "t", "duration": 60, "iat": 1000, "grants": "read"}"#,
        r#"{"token": "t", "ttl": 60, "issued_at": 1000, "scope": "read"}"#,
        r#"{"access_token": "t", "lifetime": 60, "iat": 1000, "scopes": "read"}"#,
        r#"{"access_token": "t", "expires_in": 60, "issued_at": 1000, "scopes": "read"}"#,
    ] {
        let t: Aliases = serde_json::from_str(json).unwrap();
        assert_eq!(t.access_token(), "t", "{json}");
        assert_eq!((t.expires_at(), t.scopes().collect::<Vec<_>>()), expected, "{json}");
    }
}

/// Serde names in every case style are one name with the role's.
#[derive(Deserialize, TokenResponse)]
struct CaseStyles {
    #[serde(rename = "access-token")]
    kebab: String,
    #[serde(rename = "REFRESH_TOKEN")]
    screaming: String,
    #[serde(rename = "tokenType")]
    camel: String,
    #[serde(rename = "ExpiresIn")]
    pascal: u64,
    #[serde(rename = "ISSUED-AT")]
    screaming_kebab: u64,
    #[serde(rename = "Refresh-Token-Expires-In")]
    train: u64,
    #[serde(rename = "refreshexpiresat")]
    flat: u64,
}

#[test]
fn kebab_screaming_camel_and_pascal_serde_names_match() {
    let t: CaseStyles = serde_json::from_str(
        r#"{
            "access-token": "at", "REFRESH_TOKEN": "rt", "tokenType": "bearer", "ExpiresIn": 5,
            "ISSUED-AT": 10, "Refresh-Token-Expires-In": 100, "refreshexpiresat": 50
        }"#,
    )
    .unwrap();
    assert_eq!(t.access_token(), "at");
    assert_eq!(t.refresh_token(), Some("rt"));
    assert_eq!(t.token_type(), token_response::TokenType::Bearer);
    assert_eq!(t.expires_at(), Some(at(15)));
    assert_eq!(t.refresh_expires_in(), secs(100));
    assert_eq!(t.refresh_expires_at(), Some(at(50)), "the earlier of 50 and 10 + 100");
}

/// `rename_all` changes the wire names, not the identifiers, which still match.
#[derive(Deserialize, TokenResponse)]
#[serde(rename_all = "kebab-case")]
struct KebabWire {
    access_token: String,
    expires_in: u64,
    issued_at: u64,
    refresh_expires_at: Option<String>,
}

#[derive(Deserialize, TokenResponse)]
#[serde(rename_all(deserialize = "SCREAMING_SNAKE_CASE"))]
struct ScreamingWire {
    access_token: Cow<'static, str>,
    expires_at: u64,
    scope: String,
}

#[test]
fn rename_all_on_the_struct_leaves_identifiers_matching() {
    let t: KebabWire = serde_json::from_str(
        r#"{"access-token": "k", "expires-in": 30, "issued-at": 70, "refresh-expires-at": "1970-01-01T00:01:40Z"}"#,
    )
    .unwrap();
    assert_eq!(t.access_token(), "k");
    assert_eq!(t.expires_at(), Some(at(100)));
    assert_eq!(t.refresh_expires_at(), Some(at(100)));

    let t: ScreamingWire = serde_json::from_str(r#"{"ACCESS_TOKEN": "s", "EXPIRES_AT": 9, "SCOPE": "a b"}"#).unwrap();
    assert_eq!(t.access_token(), "s");
    assert_eq!(t.expires_at(), Some(at(9)));
    assert!(t.has_scopes(&["a", "b"]));
}

/// The identifier keeps its role when serde reads the field under a name matching nothing.
#[derive(Deserialize, TokenResponse)]
#[serde(rename_all = "camelCase")]
struct IdentifierStillCounts {
    #[serde(rename = "at")]
    access_token: String,
    #[serde(alias = "life")]
    expires_in: u64,
}

#[test]
fn an_identifier_keeps_its_role_beside_serde_names_that_match_nothing() {
    let t: IdentifierStillCounts = serde_json::from_str(r#"{"at": "x", "life": 7}"#).unwrap();
    assert_eq!(t.access_token(), "x");
    assert_eq!(t.expires_in(), secs(7));
}

/// A role attribute decides alone: the field's serde names are not matched, so they neither
/// give it another role nor conflict.
#[derive(Deserialize, TokenResponse)]
struct AttributeDecides {
    #[token(access_token)]
    #[serde(rename = "refresh_token")]
    key: String,
    #[token(issued_at)]
    #[serde(rename = "expires_in", alias = "expires_at")]
    stamp: u64,
    #[token(refresh_expires_in)]
    #[serde(alias = "scope")]
    renewal: u64,
}

#[test]
fn a_role_attribute_decides_alone_over_serde_names() {
    let t: AttributeDecides =
        serde_json::from_str(r#"{"refresh_token": "k", "expires_at": 500, "scope": 60}"#).unwrap();
    assert_eq!(t.access_token(), "k");
    assert_eq!(t.refresh_token(), None);
    assert_eq!(t.issued_at(), Some(at(500)));
    assert_eq!((t.expires_in(), t.absolute_expiry(), t.expires_at()), (None, None, None));
    assert_eq!(t.scopes().next(), None);
    assert_eq!(t.refresh_expires_at(), Some(at(560)));
}

/// `skip` hides every name of a field, its serde names included: another field takes the role.
#[derive(Deserialize, TokenResponse)]
struct SkipWithSerdeName {
    access_token: String,
    #[token(skip)]
    #[serde(rename = "expires_in")]
    raw_lifetime: String,
    #[token(expires_in, unit = "ms")]
    #[serde(rename = "expires_in_ms")]
    lifetime_ms: u64,
    #[token(skip)]
    #[serde(alias = "scope")]
    scope_text: String,
    scopes: Vec<String>,
    // Its identifier and its serde name point at two roles: skipped, that is no conflict.
    #[token(skip)]
    #[serde(rename = "refresh_token")]
    expires_at: String,
}

#[test]
fn skip_hides_serde_names_too() {
    let t: SkipWithSerdeName = serde_json::from_str(
        r#"{"access_token": "a", "expires_in": "soon", "expires_in_ms": 1500, "scope": "x", "scopes": ["y"],
            "refresh_token": "r"}"#,
    )
    .unwrap();
    assert_eq!(t.expires_in(), Some(Duration::from_millis(1_500)));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["y"]);
    assert_eq!((t.raw_lifetime.as_str(), t.scope_text.as_str()), ("soon", "x"));
    assert_eq!((t.refresh_token(), t.absolute_expiry()), (None, None));
    assert_eq!(t.expires_at, "r");
}

/// An option alone on a field applies to the role its serde name gives it.
#[derive(Deserialize, TokenResponse)]
struct OptionOnSerdeName {
    access_token: String,
    #[serde(rename = "expires_in")]
    #[token(unit = "ms")]
    ttl: u64,
    #[serde(alias = "scope")]
    #[token(delimiter = ",")]
    grants: String,
}

#[test]
fn an_option_applies_to_the_role_of_a_serde_name() {
    let t: OptionOnSerdeName =
        serde_json::from_str(r#"{"access_token": "a", "expires_in": 1500, "scope": "repo,gist"}"#).unwrap();
    assert_eq!(t.expires_in(), Some(Duration::from_millis(1_500)));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["repo", "gist"]);
}

/// Two names of one field that point at one role are one role, not a conflict.
#[derive(Deserialize, TokenResponse)]
struct SameRoleTwice {
    #[serde(rename = "expires_on", alias = "expires_at", alias = "expiresOn")]
    expires_at: u64,
    #[serde(alias = "accessToken")]
    access_token: String,
}

#[test]
fn names_pointing_at_one_role_agree() {
    let t: SameRoleTwice = serde_json::from_str(r#"{"accessToken": "a", "expiresOn": 12}"#).unwrap();
    assert_eq!((t.access_token(), t.expires_at()), ("a", Some(at(12))));
}

/// `cfg_attr` is resolved before the derive runs: a serde name behind a true predicate counts,
/// one behind a false predicate does not.
#[derive(Deserialize, TokenResponse)]
struct ConditionalNames {
    access_token: String,
    #[cfg_attr(all(), serde(rename = "expires_in"))]
    ttl: u64,
    #[cfg_attr(any(), serde(rename = "issued_at"))]
    minted: u64,
}

#[test]
fn serde_names_behind_cfg_attr_count_when_the_predicate_holds() {
    let t: ConditionalNames = serde_json::from_str(r#"{"access_token": "a", "expires_in": 9, "minted": 1}"#).unwrap();
    assert_eq!((t.expires_in(), t.issued_at()), (secs(9), None));
}

// ---------------------------------------------------------------------------------------------
// Serde attributes the derive does not own: whatever serde accepts, the derive accepts silently.

mod as_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn one_hour() -> u64 {
    3600
}

fn trimmed<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(String::deserialize(deserializer)?.trim().to_owned())
}

#[derive(Deserialize, Default)]
struct Extra {
    id_token: Option<String>,
    user_id: Option<u64>,
}

/// Every serde field and container attribute a token struct might carry, on role fields and on
/// others, in each spelling serde accepts.
#[derive(serde::Serialize, Deserialize, TokenResponse)]
#[serde(bound(deserialize = "'de: 'a"), expecting = "a token response", crate = "serde")]
#[serde(rename_all(serialize = "camelCase", deserialize = "snake_case"))]
struct EverySerdeAttribute<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    #[serde(borrow = "'a", skip_serializing_if = "Option::is_none", default)]
    refresh_token: Option<Cow<'a, str>>,
    #[serde(with = "as_text")]
    expires_in: u64,
    #[serde(default = "one_hour", serialize_with = "as_text::serialize")]
    refresh_expires_in: u64,
    #[serde(deserialize_with = "trimmed", rename(serialize = "Scope"))]
    scope: String,
    #[serde(skip_deserializing, skip_serializing)]
    #[token(skip)]
    expires_at: Option<u64>,
    #[serde(skip)]
    issued_at: Option<u64>,
    #[serde(bound = "")]
    #[serde(skip_serializing)]
    #[serde(flatten)]
    extra: Extra,
    #[serde(rename = r"token_type", alias = r#"type"#, default)]
    kind: Option<String>,
}

#[test]
fn serde_attributes_serde_accepts_are_accepted() {
    let json = r#"{
        "access_token": "at", "refresh_token": "rt", "expires_in": "60", "scope": "  read  ",
        "type": "bearer", "id_token": "eyJ", "user_id": 7
    }"#;
    let t: EverySerdeAttribute<'_> = serde_json::from_str(json).unwrap();
    assert!(matches!(t.access_token, Cow::Borrowed("at")), "`borrow` still borrows");
    assert_eq!(t.refresh_token(), Some("rt"));
    assert_eq!(t.expires_in(), secs(60));
    assert_eq!(t.refresh_expires_in(), secs(3600));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["read"]);
    assert_eq!(t.token_type(), token_response::TokenType::Bearer);
    assert_eq!((t.absolute_expiry(), t.issued_at()), (None, None));
    assert_eq!((t.extra.id_token.as_deref(), t.extra.user_id), (Some("eyJ"), Some(7)));

    let wire = serde_json::to_value(&t).unwrap();
    assert_eq!(wire["expiresIn"], "60");
    assert_eq!(wire["Scope"], "read");
    assert_eq!(wire["accessToken"], "at");
}
