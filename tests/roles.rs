//! Every role, by attribute and by name: the normalised names, the aliases, `skip`, raw
//! identifiers, and the options each role takes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use token_response::{TokenResponse, TokenType};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Every role by its canonical snake_case name.
#[derive(TokenResponse)]
struct ByName {
    access_token: String,
    refresh_token: String,
    token_type: String,
    expires_in: u64,
    issued_at: u64,
    scope: String,
    refresh_expires_in: u64,
}

#[test]
fn every_role_is_matched_by_its_name() {
    let t = ByName {
        access_token: "at".into(),
        refresh_token: "rt".into(),
        token_type: "DPoP".into(),
        expires_in: 3600,
        issued_at: 1_000,
        scope: "a b".into(),
        refresh_expires_in: 7200,
    };
    assert_eq!(t.access_token(), "at");
    assert_eq!(t.refresh_token(), Some("rt"));
    assert_eq!(t.token_type(), TokenType::DPoP);
    assert_eq!(t.expires_in(), Some(Duration::from_secs(3600)));
    assert_eq!(t.issued_at(), Some(at(1_000)));
    assert_eq!(t.expires_at(), Some(at(4_600)));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(t.refresh_expires_in(), Some(Duration::from_secs(7200)));
    assert_eq!(t.refresh_expires_at(), Some(at(8_200)));
}

/// Every role by attribute, on fields whose names match nothing.
#[derive(TokenResponse)]
struct ByAttribute {
    #[token(access_token)]
    bearer: String,
    #[token(refresh_token)]
    renewal: String,
    #[token(token_type)]
    kind: String,
    #[token(expires_in)]
    lifetime: u64,
    #[token(issued_at)]
    stamp: u64,
    #[token(scope)]
    grants: String,
    #[token(refresh_expires_in)]
    renewal_lifetime: u64,
}

#[test]
fn every_role_is_assigned_by_its_attribute() {
    let t = ByAttribute {
        bearer: "at".into(),
        renewal: "rt".into(),
        kind: "mac".into(),
        lifetime: 60,
        stamp: 100,
        grants: "x".into(),
        renewal_lifetime: 600,
    };
    assert_eq!(t.access_token(), "at");
    assert_eq!(t.refresh_token(), Some("rt"));
    assert_eq!(t.token_type(), TokenType::Other("mac"));
    assert_eq!(t.expires_in(), Some(Duration::from_secs(60)));
    assert_eq!(t.issued_at(), Some(at(100)));
    assert_eq!(t.expires_at(), Some(at(160)));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["x"]);
    assert_eq!(t.refresh_expires_at(), Some(at(700)));
}

#[derive(TokenResponse)]
struct AbsoluteByAttribute {
    #[token(access_token)]
    key: String,
    #[token(expires_at)]
    deadline: u64,
}

#[test]
fn the_absolute_expiry_is_assigned_by_its_attribute() {
    let t = AbsoluteByAttribute { key: "k".into(), deadline: 500 };
    assert_eq!(t.absolute_expiry(), Some(at(500)));
    assert_eq!(t.expires_at(), Some(at(500)));
}

#[derive(TokenResponse)]
struct CreatedAtAttribute {
    access_token: String,
    #[token(created_at)]
    minted: u64,
    expires_in: u64,
}

#[test]
fn created_at_is_an_attribute_alias_of_issued_at() {
    let t = CreatedAtAttribute { access_token: "a".into(), minted: 10, expires_in: 5 };
    assert_eq!(t.issued_at(), Some(at(10)));
    assert_eq!(t.expires_at(), Some(at(15)));
}

/// camelCase names, as a struct with `#[serde(rename_all = "camelCase")]` might spell them in Rust.
#[allow(non_snake_case)]
#[derive(TokenResponse)]
struct CamelCase {
    accessToken: String,
    refreshToken: String,
    tokenType: String,
    expiresIn: u64,
    createdAt: u64,
    refreshTokenExpiresIn: u64,
}

#[test]
fn camel_case_names_match() {
    let t = CamelCase {
        accessToken: "at".into(),
        refreshToken: "rt".into(),
        tokenType: "bearer".into(),
        expiresIn: 10,
        createdAt: 20,
        refreshTokenExpiresIn: 30,
    };
    assert_eq!(t.access_token(), "at");
    assert_eq!(t.refresh_token(), Some("rt"));
    assert_eq!(t.token_type(), TokenType::Bearer);
    assert_eq!(t.expires_at(), Some(at(30)));
    assert_eq!(t.refresh_expires_at(), Some(at(50)));
}

#[allow(non_snake_case)]
#[derive(TokenResponse)]
struct PascalCase {
    AccessToken: String,
    ExpiresOn: u64,
    Scopes: Vec<String>,
}

#[test]
fn pascal_case_names_match() {
    let t = PascalCase { AccessToken: "at".into(), ExpiresOn: 99, Scopes: vec!["s".into()] };
    assert_eq!(t.access_token(), "at");
    assert_eq!(t.expires_at(), Some(at(99)));
    assert!(t.has_scope("s"));
}

#[allow(non_snake_case)]
#[derive(TokenResponse)]
struct ScreamingCase {
    ACCESS_TOKEN: String,
    X_REFRESH_TOKEN_EXPIRES_IN: u64,
    ISSUED_AT: u64,
}

#[test]
fn screaming_snake_case_names_match() {
    let t = ScreamingCase { ACCESS_TOKEN: "at".into(), X_REFRESH_TOKEN_EXPIRES_IN: 8, ISSUED_AT: 2 };
    assert_eq!(t.access_token(), "at");
    assert_eq!(t.refresh_expires_at(), Some(at(10)));
}

#[allow(non_snake_case)]
#[derive(TokenResponse)]
struct OddUnderscores {
    Access__Token_: String,
    _expires_in: u64,
    created_at: u64,
}

#[test]
fn every_underscore_is_removed_before_matching() {
    let t = OddUnderscores { Access__Token_: "at".into(), _expires_in: 7, created_at: 1 };
    assert_eq!(t.access_token(), "at");
    assert_eq!(t.expires_at(), Some(at(8)));
}

/// The alias names of the absolute expiry, the scopes and the refresh token lifetime.
#[derive(TokenResponse)]
struct Microsoft {
    access_token: String,
    expires_on: String,
    scopes: String,
    refresh_token_expires_in: u32,
    created_at: u64,
}

#[test]
fn alias_names_match() {
    let t = Microsoft {
        access_token: "eyJ0eX".into(),
        expires_on: "1700003600".into(),
        scopes: "User.Read Mail.Read".into(),
        refresh_token_expires_in: 100,
        created_at: 1_700_000_000,
    };
    assert_eq!(t.absolute_expiry(), Some(at(1_700_003_600)));
    assert_eq!(t.expires_at(), Some(at(1_700_003_600)));
    assert!(t.has_scopes(&["User.Read", "Mail.Read"]));
    assert_eq!(t.refresh_expires_in(), Some(Duration::from_secs(100)));
    assert_eq!(t.refresh_expires_at(), Some(at(1_700_000_100)));
}

#[derive(TokenResponse)]
struct Intuit {
    access_token: String,
    x_refresh_token_expires_in: u64,
    issued_at: u64,
}

#[test]
fn x_refresh_token_expires_in_is_the_refresh_token_lifetime() {
    let t = Intuit { access_token: "a".into(), x_refresh_token_expires_in: 8_726_400, issued_at: 0 };
    assert_eq!(t.refresh_expires_in(), Some(Duration::from_secs(8_726_400)));
    assert_eq!(t.refresh_expires_at(), Some(at(8_726_400)));
}

/// `skip` hides a field's name, so a second field can take its role.
#[derive(TokenResponse)]
struct Skipped {
    #[token(skip)]
    access_token: String,
    #[token(access_token)]
    real: String,
    #[token(skip)]
    expires_in: u64,
    #[token(skip)]
    scope: String,
}

#[test]
fn skip_leaves_a_field_without_a_role() {
    let t = Skipped { access_token: "decoy".into(), real: "real".into(), expires_in: 10, scope: "s".into() };
    assert_eq!(t.access_token(), "real");
    assert_eq!(t.expires_in(), None);
    assert_eq!(t.scopes().next(), None);
    // The skipped fields keep their values; they just play no role.
    assert_eq!((t.access_token.as_str(), t.expires_in, t.scope.as_str()), ("decoy", 10, "s"));
}

/// A skipped field needs no accepted type, and fields with no role are left alone.
#[derive(TokenResponse)]
struct Unrecognised {
    access_token: String,
    #[token(skip)]
    #[allow(dead_code)]
    expires_in: Vec<u8>,
    #[allow(dead_code)]
    id_token: std::collections::HashMap<u8, u8>,
    #[allow(dead_code)]
    expires: bool,
}

#[test]
fn fields_without_a_role_need_no_accepted_type() {
    let t = Unrecognised { access_token: "a".into(), expires_in: vec![1], id_token: Default::default(), expires: true };
    assert_eq!(t.access_token(), "a");
    assert_eq!(t.expires_in(), None);
    assert_eq!(t.expires_at(), None);
}

/// Raw identifiers are matched by their name without `r#`.
#[derive(TokenResponse)]
struct Raw {
    r#access_token: String,
    r#scope: String,
    #[allow(dead_code)]
    r#type: String,
}

#[test]
fn raw_identifiers_match_by_name() {
    let t = Raw { r#access_token: "at".into(), r#scope: "s".into(), r#type: "x".into() };
    assert_eq!(t.access_token(), "at");
    assert!(t.has_scope("s"));
}

#[derive(TokenResponse)]
#[token(refresh_leeway = 5)]
struct RawAttr {
    #[token(r#access_token)]
    key: String,
    #[token(issued_at)]
    r#in: u64,
    #[token(expires_in)]
    r#for: u64,
}

#[test]
fn raw_identifier_fields_take_roles_by_attribute() {
    let t = RawAttr { key: "k".into(), r#in: 3, r#for: 4 };
    assert_eq!(t.access_token(), "k");
    assert_eq!(t.expires_at(), Some(at(7)));
}

/// An option alone on a field matched by name applies to that field's role.
#[derive(TokenResponse)]
struct OptionsAlone {
    access_token: String,
    #[token(unit = "ms")]
    expires_in: u64,
    #[token(unit = "s")]
    issued_at: u64,
    #[token(delimiter = ",")]
    scope: String,
}

#[test]
fn an_option_alone_applies_to_the_role_matched_by_name() {
    let t =
        OptionsAlone { access_token: "a".into(), expires_in: 1_500, issued_at: 200_000_000_000, scope: "a,b".into() };
    assert_eq!(t.expires_in(), Some(Duration::from_millis(1_500)));
    // `s` forces seconds even above the `auto` threshold.
    assert_eq!(t.issued_at(), Some(at(200_000_000_000)));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["a", "b"]);
}

/// `unit` on every role that takes it, combined with the role attribute.
#[derive(TokenResponse)]
struct Units {
    access_token: String,
    #[token(expires_in, unit = "ms")]
    lifetime_ms: u64,
    #[token(issued_at, unit = "ms")]
    issued_ms: u64,
    #[token(refresh_expires_in, unit = "ms")]
    refresh_ms: u64,
}

#[test]
fn unit_ms_applies_to_each_role() {
    let t = Units { access_token: "a".into(), lifetime_ms: 2_500, issued_ms: 1_000, refresh_ms: 4_000 };
    assert_eq!(t.expires_in(), Some(Duration::from_millis(2_500)));
    assert_eq!(t.issued_at(), Some(at(1)));
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_millis(3_500)));
    assert_eq!(t.refresh_expires_at(), Some(at(5)));
}

#[derive(TokenResponse)]
struct ExpiryUnits {
    access_token: String,
    #[token(expires_at, unit = "ms")]
    deadline_ms: u64,
}

#[derive(TokenResponse)]
struct ExpiryAuto {
    access_token: String,
    #[token(unit = "auto")]
    expires_at: u64,
}

#[test]
fn unit_applies_to_the_absolute_expiry() {
    let forced = ExpiryUnits { access_token: "a".into(), deadline_ms: 5_000 };
    assert_eq!(forced.expires_at(), Some(at(5)));
    let auto = ExpiryAuto { access_token: "a".into(), expires_at: 1_700_000_000_000 };
    assert_eq!(auto.expires_at(), Some(at(1_700_000_000)));
    let auto = ExpiryAuto { access_token: "a".into(), expires_at: 1_700_000_000 };
    assert_eq!(auto.expires_at(), Some(at(1_700_000_000)));
}

#[derive(TokenResponse)]
struct CharDelimiter {
    access_token: String,
    #[token(scope, delimiter = '+')]
    perms: String,
}

#[test]
fn delimiter_takes_a_char_literal_too() {
    let t = CharDelimiter { access_token: "a".into(), perms: "x+y".into() };
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["x", "y"]);
}

#[derive(TokenResponse)]
#[token(refresh_leeway = 300)]
struct Leeway {
    access_token: String,
}

#[derive(TokenResponse)]
struct NoLeeway {
    access_token: String,
}

#[test]
fn refresh_leeway_defaults_to_60_seconds_and_is_set_by_attribute() {
    assert_eq!(NoLeeway { access_token: "a".into() }.refresh_leeway(), Duration::from_secs(60));
    assert_eq!(NoLeeway { access_token: "a".into() }.refresh_leeway(), token_response::DEFAULT_REFRESH_LEEWAY);
    assert_eq!(Leeway { access_token: "a".into() }.refresh_leeway(), Duration::from_secs(300));
}

/// Several `#[token]` attributes on one item combine.
#[derive(TokenResponse)]
#[token(refresh_leeway = 0)]
#[token(debug)]
struct SplitAttributes {
    #[token(expires_in)]
    #[token(unit = "ms")]
    life: u64,
    access_token: String,
}

#[test]
fn attributes_split_across_lines_combine() {
    let t = SplitAttributes { life: 10, access_token: "secret-token".into() };
    assert_eq!(t.refresh_leeway(), Duration::ZERO);
    assert_eq!(t.expires_in(), Some(Duration::from_millis(10)));
    assert!(!format!("{t:?}").contains("secret"));
}

/// With only an access token, every other accessor answers "absent".
#[derive(TokenResponse)]
struct Minimal {
    access_token: String,
}

#[test]
fn a_struct_with_only_an_access_token_answers_absent_elsewhere() {
    let t = Minimal { access_token: "a".into() };
    assert_eq!(t.refresh_token(), None);
    assert_eq!(t.token_type(), TokenType::Bearer);
    assert_eq!(t.expires_in(), None);
    assert_eq!(t.issued_at(), None);
    assert_eq!(t.absolute_expiry(), None);
    assert_eq!(t.expires_at(), None);
    assert_eq!(t.refresh_expires_in(), None);
    assert_eq!(t.refresh_expires_at(), None);
    assert_eq!(t.scopes().next(), None);
}

/// `unit` applies to numeric strings as to numbers.
#[derive(TokenResponse)]
struct StringUnits {
    access_token: String,
    #[token(unit = "ms")]
    expires_in: String,
    #[token(unit = "ms")]
    issued_at: &'static str,
    #[token(refresh_expires_in, unit = "s")]
    renewal: &'static str,
}

#[test]
fn unit_applies_to_numeric_strings() {
    let t = StringUnits { access_token: "a".into(), expires_in: " 1500 ".into(), issued_at: "2000", renewal: "+60" };
    assert_eq!(t.expires_in(), Some(Duration::from_millis(1_500)));
    assert_eq!(t.issued_at(), Some(at(2)));
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_millis(3_500)));
    assert_eq!(t.refresh_expires_in(), Some(Duration::from_secs(60)));
}
