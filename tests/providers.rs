//! Every provider's dialect: for each fixture in `tests/fixtures/providers/` (a token response as
//! the provider documents it, sources in `SOURCES.md`), the struct a user would write for it, and
//! what that struct answers.
//!
//! Providers that follow RFC 6749 §5.1 share one struct, [`Standard`]; the others need a field
//! type or an attribute, and each gets the struct its users would write.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use token_response::{HeaderError, ReceivedAt, TokenResponse, TokenType};

/// The fixtures, each tested below; [`every_fixture_is_tested_and_sourced`] keeps this list equal
/// to the directory's contents.
const TESTED: &[&str] = &[
    "amazon-lwa",
    "apple-signin",
    "auth0",
    "aws-sso-cache",
    "discord",
    "dropbox",
    "epic-games-exchange-code",
    "firebase-securetoken-refresh",
    "firebase-signin-password",
    "fitbit",
    "github-app-user-token",
    "github-oauth-app",
    "google",
    "hubspot",
    "intuit-quickbooks",
    "keycloak",
    "linkedin",
    "mastodon",
    "microsoft-v1-authcode",
    "microsoft-v1-client-credentials",
    "microsoft-v2",
    "notion-refresh",
    "okta",
    "pinterest",
    "rfc6749-4.4.3-client-credentials",
    "rfc6749-5.1",
    "rfc9449-dpop",
    "salesforce",
    "slack",
    "spotify",
    "strava",
    "twitch",
    "twitch-refresh",
    "xero-refresh",
    "zoho-writer-refresh",
];

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/providers");

// ---------------------------------------------------------------------------------------------
// The dialects' structs.

/// RFC 6749 §5.1 as most providers send it. The response carries no issue time, so
/// `received_at` stamps the moment of parsing and the expiry is receipt + `expires_in`.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Standard {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
    scope: Option<String>,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// GitHub OAuth app: comma-separated scopes, lower-case `bearer`, no expiry.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct GitHubOAuthApp {
    access_token: String,
    token_type: String,
    #[token(scope, delimiter = ",")]
    scope: String,
}

/// GitHub App user token: lifetimes as strings (`"28800"`), a refresh token lifetime, comma
/// scopes. Current docs send numbers; a string field type reads only strings, so a user who
/// must take both writes an enum (see `examples/inspect/response.rs`).
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct GitHubApp {
    access_token: String,
    token_type: String,
    expires_in: String,
    refresh_token: String,
    refresh_token_expires_in: String,
    #[token(scope, delimiter = ",")]
    scope: String,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Azure AD v1: every number a string, and `expires_on`, an absolute expiry in Unix seconds.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct MicrosoftV1 {
    access_token: String,
    token_type: String,
    expires_in: String,
    expires_on: String,
    refresh_token: Option<String>,
    scope: Option<String>,
    resource: String,
}

/// Slack `oauth.v2.access`: `token_type` is the kind of token (`bot`, `user`), not an HTTP
/// scheme, and Slack takes both kinds as `Bearer`; so the field is kept out of its role.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Slack {
    ok: bool,
    access_token: String,
    #[token(skip)]
    token_type: String,
    #[token(scope, delimiter = ",")]
    scope: String,
    bot_user_id: String,
    authed_user: SlackUser,
}

/// Slack's nested user token: a second token response inside the first.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct SlackUser {
    id: String,
    access_token: String,
    #[token(skip)]
    token_type: String,
    #[token(scope, delimiter = ",")]
    scope: String,
}

/// What a user gets who derives Slack's response without skipping `token_type`: the library
/// fails closed on a type it does not know as bearer.
#[derive(Deserialize, TokenResponse)]
struct SlackNaive {
    access_token: String,
    token_type: String,
}

/// Salesforce: `issued_at` as a string of milliseconds, no lifetime, no token type.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Salesforce {
    access_token: String,
    #[token(unit = "ms")]
    issued_at: String,
    instance_url: String,
    id: String,
    signature: String,
}

/// Strava: `expires_at`, an absolute expiry in Unix seconds, beside `expires_in`.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Strava {
    access_token: String,
    token_type: String,
    expires_at: i64,
    expires_in: u32,
    refresh_token: String,
    athlete: serde_json::Value,
}

/// Twitch: the scopes are a JSON array; `expires_in` is absent from a refresh response.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Twitch {
    access_token: String,
    token_type: String,
    expires_in: Option<u64>,
    refresh_token: String,
    scope: Vec<String>,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Keycloak: `refresh_expires_in`, and a hyphenated `not-before-policy`.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Keycloak {
    access_token: String,
    token_type: String,
    expires_in: u64,
    refresh_token: String,
    refresh_expires_in: u64,
    scope: String,
    #[serde(rename = "not-before-policy")]
    not_before_policy: i64,
    session_state: String,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Intuit QuickBooks: `x_refresh_token_expires_in`, matched by name.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Intuit {
    access_token: String,
    token_type: String,
    expires_in: u64,
    refresh_token: String,
    x_refresh_token_expires_in: u64,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Firebase `signInWithPassword`: camelCase keys, `idToken` is the bearer token, `expiresIn` is
/// a string.
#[derive(Deserialize, TokenResponse)]
#[serde(rename_all = "camelCase")]
#[token(debug)]
struct FirebaseSignIn {
    local_id: String,
    email: String,
    #[token(access_token)]
    id_token: String,
    refresh_token: String,
    expires_in: String,
    registered: bool,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Firebase secure token refresh: snake_case, but still `id_token` as the bearer token.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct FirebaseRefresh {
    #[token(access_token)]
    id_token: String,
    token_type: String,
    expires_in: String,
    refresh_token: String,
    user_id: String,
    project_id: String,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Sign in with Apple: RFC 6749 §5.1 plus an OpenID Connect `id_token`, kept secret. A refresh
/// (token validation) response has no refresh token.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Apple {
    access_token: String,
    token_type: String,
    expires_in: u64,
    refresh_token: Option<String>,
    id_token: SecretString,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Fitbit: the issue time is only inside the JWT access token, so the expiry counts from receipt.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Fitbit {
    access_token: String,
    token_type: String,
    expires_in: u64,
    refresh_token: String,
    user_id: String,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Xero: standard fields, an `id_token`, thirteen space-separated scopes.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Xero {
    id_token: SecretString,
    access_token: String,
    expires_in: u64,
    token_type: String,
    refresh_token: String,
    scope: String,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// HubSpot: `scopes` (plural) as a JSON array, matched by name, and the account's `hub_id`.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct HubSpot {
    token_type: String,
    refresh_token: String,
    hub_id: u64,
    scopes: Vec<String>,
    access_token: String,
    expires_in: u64,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Mastodon: `created_at`, the issue time in Unix seconds, and no lifetime: tokens do not expire.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Mastodon {
    access_token: String,
    token_type: String,
    scope: String,
    created_at: i64,
}

/// Notion: no token type and no expiry of any kind; the rest describes the workspace.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Notion {
    access_token: String,
    refresh_token: String,
    bot_id: String,
    duplicated_template_id: Option<String>,
    owner: serde_json::Value,
    workspace_icon: Option<String>,
    workspace_id: String,
    workspace_name: Option<String>,
}

/// Pinterest: `refresh_token_expires_in` in the documented body, and `refresh_token_expires_at`
/// (Unix seconds) that Pinterest's OpenAPI description adds to refresh responses.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Pinterest {
    access_token: String,
    refresh_token: String,
    response_type: String,
    token_type: String,
    expires_in: u64,
    refresh_token_expires_in: u64,
    refresh_token_expires_at: Option<i64>,
    scope: String,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// Epic Games account service: both tokens' absolute expiries as RFC 3339 strings, and
/// `refresh_expires`, the refresh token's lifetime.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct EpicGames {
    access_token: String,
    expires_in: u64,
    expires_at: String,
    token_type: String,
    refresh_token: String,
    refresh_expires: u64,
    refresh_expires_at: String,
    account_id: String,
    #[serde(rename = "displayName")]
    display_name: String,
}

/// Zoho, as Zoho Writer documents its refresh response: `expires_in` in milliseconds, with
/// `expires_in_sec` beside it (left alone: its name matches no role).
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct ZohoWriter {
    access_token: String,
    expires_in_sec: u64,
    api_domain: String,
    token_type: String,
    #[token(expires_in, unit = "ms")]
    expires_in: u64,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

/// The AWS SSO token cache file: camelCase keys, `expiresAt` as an RFC 3339 string. The client
/// registration's expiry is not the refresh token's, and no name of it matches a role.
#[derive(Deserialize, TokenResponse)]
#[serde(rename_all = "camelCase")]
#[token(debug)]
struct AwsSsoCachedToken {
    access_token: String,
    expires_at: String,
    refresh_token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    registration_expires_at: Option<String>,
    region: Option<String>,
    start_url: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// What each fixture answers.

#[test]
fn rfc6749_5_1() {
    // `example` is the RFC's placeholder type: not bearer, but a valid scheme.
    check::<Standard>(
        "rfc6749-5.1",
        Expected {
            access_token: "2YotnFZFEjr1zCsicMWpAA",
            token_type: TokenType::Other("example"),
            scheme: "example",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            refresh_token: Some("tGzv3JOkF0XG5Qx2TlKWIA"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn rfc6749_4_4_3_client_credentials() {
    check::<Standard>(
        "rfc6749-4.4.3-client-credentials",
        Expected {
            access_token: "2YotnFZFEjr1zCsicMWpAA",
            token_type: TokenType::Other("example"),
            scheme: "example",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn rfc9449_dpop() {
    // `check` asserts that `bearer_header()` refuses it with `NotBearer`.
    check::<Standard>(
        "rfc9449-dpop",
        Expected {
            access_token: "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU",
            token_type: TokenType::DPoP,
            scheme: "DPoP",
            lifetime: Some(2677),
            expires: When::AfterReceipt(2677),
            refresh_token: Some("Q..Zkm29lexi8VnWg2zPW1x-tgGad0Ibc3s3EwM_Ni4-g"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn google() {
    check::<Standard>(
        "google",
        Expected {
            access_token: "1/fFAGRNJru1FTz70BzhT3Zg",
            lifetime: Some(3920),
            expires: When::AfterReceipt(3920),
            scopes: &["https://www.googleapis.com/auth/drive.metadata.readonly"],
            refresh_token: Some("1//xEoDL4iW3cxlI7yDbSRFYNG01kVKM2C-259HOF2aQbI"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn github_oauth_app() {
    check::<GitHubOAuthApp>(
        "github-oauth-app",
        Expected {
            access_token: "gho_16C7e42F292c6912E7710c838347Ae178B4a",
            scopes: &["repo", "gist"],
            ..Expected::default()
        },
    );
}

#[test]
fn github_app_user_token() {
    check::<GitHubApp>(
        "github-app-user-token",
        Expected {
            access_token: "ghu_16C7e42F292c6912E7710c838347Ae178B4a",
            lifetime: Some(28_800),
            expires: When::AfterReceipt(28_800),
            refresh_token: Some("ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498"),
            refresh_expires: When::AfterReceipt(15_811_200),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn microsoft_v1_authcode() {
    let t = check::<MicrosoftV1>(
        "microsoft-v1-authcode",
        Expected {
            access_token: ACCESS_TOKEN_MICROSOFT_V1,
            lifetime: Some(3600),
            expires: When::UnixMillis(1_388_444_763_000),
            // Percent-encoded as sent: decoding is the user's call.
            scopes: &["https%3A%2F%2Fgraph.microsoft.com%2Fmail.read"],
            refresh_token: Some(REFRESH_TOKEN_MICROSOFT_V1),
            ..Expected::default()
        },
    );
    assert_eq!(t.resource, "https://service.contoso.com/");
}

#[test]
fn microsoft_v1_client_credentials() {
    check::<MicrosoftV1>(
        "microsoft-v1-client-credentials",
        Expected {
            access_token: "your-access-token",
            lifetime: Some(3599),
            expires: When::UnixMillis(1_578_523_094_000),
            ..Expected::default()
        },
    );
}

#[test]
fn microsoft_v2() {
    check::<Standard>(
        "microsoft-v2",
        Expected {
            access_token: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik5HVEZ2ZEstZnl0aEV1Q...",
            lifetime: Some(3599),
            expires: When::AfterReceipt(3599),
            scopes: &["https%3A%2F%2Fgraph.microsoft.com%2Fmail.read"],
            refresh_token: Some("AwABAAAAvPM1KaPlrEqdFSBzjqfTGAMxZGUTdM0t4B4..."),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn okta() {
    check::<Standard>(
        "okta",
        Expected {
            access_token: "eyJhbG[...]9pDQ",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            scopes: &["openid"],
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn auth0() {
    check::<Standard>(
        "auth0",
        Expected {
            access_token: "eyJz93a...k4laUWw",
            lifetime: Some(86_400),
            expires: When::AfterReceipt(86_400),
            refresh_token: Some("GEbRxBN...edjnXbL"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn slack() {
    let t = check::<Slack>(
        "slack",
        Expected {
            access_token: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
            scopes: &["commands", "incoming-webhook"],
            ..Expected::default()
        },
    );
    assert!(t.ok);
    assert_eq!((t.token_type.as_str(), t.bot_user_id.as_str()), ("bot", "U0KRQLJ9H"));

    let user = &t.authed_user;
    assert_eq!((user.id.as_str(), user.token_type.as_str()), ("U1234", "user"));
    assert_eq!(user.bearer_header().as_deref(), Ok("Bearer xoxp-1234"));
    assert_eq!(user.scopes().collect::<Vec<_>>(), ["chat:write"]);
    assert_eq!(user.expires_at(), None);
}

#[test]
fn slack_token_type_left_in_its_role_is_not_bearer() {
    let t: SlackNaive = serde_json::from_str(&fixture("slack")).unwrap();
    assert_eq!(t.token_type(), TokenType::Other("bot"));
    assert_eq!(t.bearer_header(), Err(HeaderError::NotBearer));
    assert_eq!(t.authorization_header().as_deref(), Ok("bot xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"));
}

#[test]
fn salesforce() {
    let t = check::<Salesforce>(
        "salesforce",
        Expected {
            access_token: ACCESS_TOKEN_SALESFORCE,
            issued: When::UnixMillis(1_278_448_832_702),
            ..Expected::default()
        },
    );
    assert_eq!(t.instance_url, "https://na1.salesforce.com");
    assert!(t.id.ends_with("/005x00000012Q9P"));
    assert!(t.signature.ends_with('='));
}

#[test]
fn strava() {
    let t = check::<Strava>(
        "strava",
        Expected {
            access_token: "ACCESSTOKEN",
            lifetime: Some(21_600),
            expires: When::UnixMillis(1_562_908_002_000),
            refresh_token: Some("REFRESHTOKEN"),
            ..Expected::default()
        },
    );
    assert_eq!(t.athlete["username"], "MeowTheCat");
}

#[test]
fn twitch() {
    check::<Twitch>(
        "twitch",
        Expected {
            access_token: "rfx2uswqe8l4g1mkagrvg5tv0ks3",
            lifetime: Some(14_124),
            expires: When::AfterReceipt(14_124),
            scopes: &["channel:moderate", "chat:edit", "chat:read"],
            refresh_token: Some("5b93chm6hdve3mycz05zfzatkfdenfspp1h1ar2xxdalen01"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn twitch_refresh() {
    // No `expires_in`: the receipt time alone says nothing about expiry.
    check::<Twitch>(
        "twitch-refresh",
        Expected {
            access_token: "1ssjqsqfy6bads1ws7m03gras79zfr",
            scopes: &["channel:read:subscriptions", "channel:manage:polls"],
            refresh_token: Some("eyJfMzUtNDU0OC4MWYwLTQ5MDY5ODY4NGNlMSJ9%asdfasdf="),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn keycloak() {
    let t = check::<Keycloak>(
        "keycloak",
        Expected {
            access_token: "<token>",
            lifetime: Some(300),
            expires: When::AfterReceipt(300),
            scopes: &["profile", "email"],
            refresh_token: Some("<token>"),
            refresh_expires: When::AfterReceipt(1800),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
    assert_eq!((t.not_before_policy, t.session_state.len()), (0, 36));
}

#[test]
fn firebase_signin_password() {
    let t = check::<FirebaseSignIn>(
        "firebase-signin-password",
        Expected {
            access_token: "[ID_TOKEN]",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            refresh_token: Some("[REFRESH_TOKEN]"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
    assert!(t.registered);
    assert_eq!((t.local_id.as_str(), t.email.as_str()), ("ZY1rJK0eYLg...", "[user@example.com]"));
}

#[test]
fn firebase_securetoken_refresh() {
    let t = check::<FirebaseRefresh>(
        "firebase-securetoken-refresh",
        Expected {
            access_token: "[ID_TOKEN]",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            refresh_token: Some("[REFRESH_TOKEN]"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
    assert_eq!((t.user_id.as_str(), t.project_id.as_str()), ("tRcfmLH7o2XrNELi...", "1234567890"));
}

#[test]
fn intuit_quickbooks() {
    check::<Intuit>(
        "intuit-quickbooks",
        Expected {
            access_token: "<access_token>",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            refresh_token: Some("<refresh_token>"),
            refresh_expires: When::AfterReceipt(15_552_000),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn spotify() {
    check::<Standard>(
        "spotify",
        Expected {
            access_token: "NgCXRK...MzYjw",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            scopes: &["user-read-private", "user-read-email"],
            refresh_token: Some("NgAagA...Um_SHo"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn discord() {
    check::<Standard>(
        "discord",
        Expected {
            access_token: "6qrZcUqja7812RVdnEKjpzOL4CvHBFG",
            lifetime: Some(604_800),
            expires: When::AfterReceipt(604_800),
            scopes: &["identify"],
            refresh_token: Some("D43f5y0ahjqew82jZ4NViEr2YafMKhue"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn dropbox() {
    check::<Standard>(
        "dropbox",
        Expected {
            access_token: ACCESS_TOKEN_DROPBOX,
            lifetime: Some(14_400),
            expires: When::AfterReceipt(14_400),
            scopes: &["account_info.read", "files.content.read", "files.content.write", "files.metadata.read"],
            refresh_token: Some("nBiM85CZALsAAAAAAAAAAQXHBoNpNutK4ngsXHsqW4iGz9tisb3JyjGqikMJIYbd"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn amazon_lwa() {
    check::<Standard>(
        "amazon-lwa",
        Expected {
            access_token: "Atza|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSREXAMPLE",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            refresh_token: Some("Atzr|IQEBLzAtAhRPpMJxdwVz2Nn6f2y-tpJX2DeXEXAMPLE"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn linkedin() {
    // No `token_type`: absent is bearer.
    check::<Standard>(
        "linkedin",
        Expected {
            access_token: "AQUvlL_DYEzvT2wz1QJiEPeLioeA",
            lifetime: Some(5_184_000),
            expires: When::AfterReceipt(5_184_000),
            scopes: &["r_basicprofile"],
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
}

#[test]
fn apple_signin() {
    let t = check::<Apple>(
        "apple-signin",
        Expected {
            access_token: "adg61...67Or9",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            refresh_token: Some("rca7...lABoQ"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
    assert_eq!(t.token_type, "Bearer");
    assert_eq!(t.id_token.expose_secret(), "eyJra...96sZg");
    assert!(!format!("{t:?}").contains("eyJra"), "Debug shows the id token");
}

/// `inherit`. Apple: "The refresh token isn't returned when validating an existing refresh
/// token", so the refreshed token keeps the one it replaces.
#[test]
fn apple_refresh_response_inherits_the_refresh_token() {
    let previous: Apple = serde_json::from_str(&fixture("apple-signin")).unwrap();
    let mut body: serde_json::Value = serde_json::from_str(&fixture("apple-signin")).unwrap();
    body.as_object_mut().unwrap().remove("refresh_token");
    let mut refreshed: Apple = serde_json::from_value(body).unwrap();
    assert_eq!(refreshed.refresh_token(), None);

    refreshed.inherit(&previous);
    assert_eq!(refreshed.refresh_token(), Some("rca7...lABoQ"));
    assert_eq!(refreshed.access_token(), "adg61...67Or9");
    assert_eq!(refreshed.expires_in(), Some(Duration::from_secs(3600)));
}

#[test]
fn fitbit() {
    let t = check::<Fitbit>(
        "fitbit",
        Expected {
            access_token: ACCESS_TOKEN_FITBIT,
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            refresh_token: Some("c643a63c072f0f05478e9d18b991db80ef6061e4f8e6c822d83fed53e5fafdd7"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
    assert_eq!((t.token_type.as_str(), t.user_id.as_str()), ("Bearer", "26FWFL"));
}

#[test]
fn xero_refresh() {
    let t = check::<Xero>(
        "xero-refresh",
        Expected {
            access_token: "xero-access-token",
            lifetime: Some(1800),
            expires: When::AfterReceipt(1800),
            scopes: &[
                "email",
                "profile",
                "openid",
                "accounting.reports.read",
                "accounting.attachments.read",
                "accounting.settings",
                "accounting.settings.read",
                "accounting.attachments",
                "accounting.transactions",
                "accounting.journals.read",
                "accounting.transactions.read",
                "accounting.contacts",
                "accounting.contacts.read",
                "offline_access",
            ],
            refresh_token: Some("xero-refresh-token"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
    assert_eq!(t.token_type, "Bearer");
    assert_eq!(t.id_token.expose_secret(), "xero-id-token");
    assert!(t.has_scope("offline_access") && !t.has_scope("accounting"));
}

#[test]
fn hubspot() {
    let t = check::<HubSpot>(
        "hubspot",
        Expected {
            access_token: "AAA1234-TOKEN",
            lifetime: Some(1800),
            expires: When::AfterReceipt(1800),
            scopes: &["oauth", "crm.objects.contacts.write", "crm.objects.contacts.read"],
            refresh_token: Some("na1-ab12-cd34-ef56-gh78-abcdef123456"),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
    assert_eq!((t.token_type.as_str(), t.hub_id), ("bearer", 62_515));
}

#[test]
fn mastodon() {
    // python3 -c 'print(1573979017 * 1000)'; datetime.fromtimestamp(1573979017, timezone.utc)
    // is 2019-11-17T08:23:37+00:00.
    let t = check::<Mastodon>(
        "mastodon",
        Expected {
            access_token: "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0",
            issued: When::UnixMillis(1_573_979_017_000),
            scopes: &["read", "write", "follow", "push"],
            ..Expected::default()
        },
    );
    assert_eq!(t.token_type, "Bearer");
    // An issue time alone says nothing about expiry.
    assert_eq!(t.remaining(), None);
}

#[test]
fn notion_refresh() {
    // No token type, no lifetime, no issue time: a bearer token whose expiry is unknown.
    let t = check::<Notion>(
        "notion-refresh",
        Expected {
            access_token: "ntn_e4502e8c9-1990-60af-845f-ff8f872b1ec6c",
            refresh_token: Some("ntn_1202e8c9-0920-412f-055f-8f872ba1df26c"),
            ..Expected::default()
        },
    );
    assert_eq!(t.owner["workspace"], true);
    assert_eq!(t.duplicated_template_id, None);
    assert_eq!(t.workspace_name.as_deref(), Some("Ada's Notion Workspace"));
    assert_eq!(t.bot_id, "b3414d659-1224-5ty7-6ffr-cc9d8773drt601288f");
    assert_eq!(t.workspace_id, "j565j4d7x3-2882-61bs-564a-jj9d9ui-c36hxfr7x");
    assert_eq!(t.workspace_icon.as_deref(), Some("https://website.domain/images/image.png"));
}

/// (`check` does not apply: the documented tokens cannot be sent at all.)
#[test]
fn pinterest() {
    let json = fixture("pinterest");
    let before = SystemTime::now();
    let t: Pinterest = serde_json::from_str(&json).unwrap();
    let receipt = Receipt { before, after: SystemTime::now() };

    assert_eq!(t.access_token(), "{an access token string prefixed with 'pina'}");
    assert_eq!(t.refresh_token(), Some("{a refresh token string prefixed with 'pinr'}"));
    // The docs' tokens are descriptions with spaces: no header carries them, fail closed.
    assert_eq!(t.token_type(), TokenType::Bearer);
    assert_eq!(t.bearer_header(), Err(HeaderError::InvalidChar));
    assert_eq!(t.authorization_header(), Err(HeaderError::InvalidChar));

    assert_eq!(t.expires_in(), Some(Duration::from_secs(2_592_000)));
    assert_when(t.issued_at(), When::AfterReceipt(0), &receipt, "pinterest: issued_at");
    assert_when(t.expires_at(), When::AfterReceipt(2_592_000), &receipt, "pinterest: expires_at");
    assert_expiry(&t, When::AfterReceipt(2_592_000), &receipt, "pinterest");
    // 31536000 s = 365 days; `refresh_token_expires_at` is not in this response.
    assert_eq!(t.refresh_token_expires_at, None);
    assert_when(t.refresh_expires_at(), When::AfterReceipt(31_536_000), &receipt, "pinterest: refresh_expires_at");
    assert!(!t.is_refresh_expired());
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["boards:read", "boards:write", "pins:read"]);
    assert_eq!((t.response_type.as_str(), t.token_type.as_str()), ("authorization_code", "bearer"));

    let debug = format!("{t:?}");
    assert!(!debug.contains("prefixed with"), "Debug shows a token");
}

/// The role `refresh_expires_at`, by the name `refresh_token_expires_at`, and the earlier of
/// it and receipt + `refresh_token_expires_in`. Pinterest's OpenAPI description has
/// `refresh_token_expires_at` (integer, Unix seconds) in refresh responses; the documented body
/// lacks it, so it is added here.
#[test]
fn pinterest_refresh_token_expires_at_and_in_the_earlier_counts() {
    // 1700000000 is 2023-11-14T22:13:20Z, before receipt + 365 days; 4102444800 is
    // python3 -c 'print(datetime(2100, 1, 1, tzinfo=timezone.utc).timestamp())', after it.
    for (at, expected) in
        [(1_700_000_000, When::UnixMillis(1_700_000_000_000)), (4_102_444_800, When::AfterReceipt(31_536_000))]
    {
        let mut body: serde_json::Value = serde_json::from_str(&fixture("pinterest")).unwrap();
        body["refresh_token_expires_at"] = at.into();
        let before = SystemTime::now();
        let t: Pinterest = serde_json::from_value(body).unwrap();
        let receipt = Receipt { before, after: SystemTime::now() };

        assert_eq!(t.refresh_token_expires_at, Some(at));
        assert_when(t.refresh_expires_at(), expected, &receipt, &format!("refresh_token_expires_at {at}"));
        assert_eq!(t.is_refresh_expired(), at == 1_700_000_000, "{at}");
        // The access token's expiry is unaffected.
        assert_when(t.expires_at(), When::AfterReceipt(2_592_000), &receipt, "expires_at");
    }
}

/// RFC 3339 timestamp strings, the role `refresh_expires_at`, the name `refresh_expires`.
#[test]
fn epic_games_exchange_code() {
    // python3: datetime.fromisoformat("2023-08-30T18:29:11.892+00:00").timestamp() * 1000
    //          == 1693420151892.0, and "2023-08-31T00:29:11.893+00:00" gives 1693441751893.0.
    // No issue time is sent, so the lifetimes (7200 s, 28800 s) cannot place an expiry: the
    // absolute times alone count.
    let t = check::<EpicGames>(
        "epic-games-exchange-code",
        Expected {
            access_token: "065981d58ba642e7ac6ef7d6c4ed15b2",
            lifetime: Some(7200),
            expires: When::UnixMillis(1_693_420_151_892),
            refresh_token: Some("4f665dd625f146bf8d6a57f8af327aaf"),
            refresh_expires: When::UnixMillis(1_693_441_751_893),
            ..Expected::default()
        },
    );
    assert!(t.is_refresh_expired());
    assert_eq!((t.token_type.as_str(), t.refresh_expires), ("bearer", 28_800));
    assert_eq!(t.expires_at, "2023-08-30T18:29:11.892Z");
    assert_eq!(t.refresh_expires_at, "2023-08-31T00:29:11.893Z");
    assert_eq!(
        (t.account_id.as_str(), t.display_name.as_str()),
        ("94b1569506b04f9f8557af611e8c5e47", "lele stw moment")
    );
}

#[test]
fn zoho_writer_refresh() {
    // 3600000 ms = 3600 s, as `expires_in_sec` says.
    let t = check::<ZohoWriter>(
        "zoho-writer-refresh",
        Expected {
            access_token: "{new_access_token}",
            lifetime: Some(3600),
            expires: When::AfterReceipt(3600),
            issued: When::AfterReceipt(0),
            ..Expected::default()
        },
    );
    assert_eq!(t.expires_in, 3_600_000);
    assert_eq!(t.expires_in(), Some(Duration::from_secs(t.expires_in_sec)));
    assert_eq!((t.token_type.as_str(), t.api_domain.as_str()), ("Bearer", "https://writer.zoho.com"));
}

/// An RFC 3339 timestamp string (`expiresAt`).
#[test]
fn aws_sso_cache() {
    // python3: datetime.fromisoformat("2019-11-14T04:05:45+00:00").timestamp() * 1000
    //          == 1573704345000.0. `registrationExpiresAt` (2022-03-06T19:53:17Z) is the client
    // registration's: the refresh token's expiry stays unknown.
    let t = check::<AwsSsoCachedToken>(
        "aws-sso-cache",
        Expected {
            access_token: "string",
            expires: When::UnixMillis(1_573_704_345_000),
            refresh_token: Some("string"),
            ..Expected::default()
        },
    );
    assert_eq!(t.registration_expires_at.as_deref(), Some("2022-03-06T19:53:17Z"));
    assert_eq!(t.client_id.as_deref(), Some("ABCDEFG323242423121312312312312312"));
    assert_eq!(t.client_secret.as_ref().map(ExposeSecret::expose_secret), Some("ABCDE123"));
    assert!(!format!("{t:?}").contains("ABCDE123"), "Debug shows the client secret");
    assert_eq!(t.region.as_deref(), Some("us-west-2"));
    assert_eq!(t.start_url.as_deref(), Some("https://d-abc123.awsapps.com/start"));
}

#[test]
fn every_fixture_is_tested_and_sourced() {
    let sources = std::fs::read_to_string(format!("{FIXTURES}/SOURCES.md")).unwrap();
    let mut found: Vec<String> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter_map(|file| file.strip_suffix(".json").map(str::to_owned))
        .collect();
    found.sort();
    assert_eq!(found, TESTED, "a fixture without a test, or a test without a fixture");
    assert!(found.len() >= 20);
    for name in &found {
        assert!(sources.contains(&format!("| `{name}.json` |")), "{name}.json is not in SOURCES.md");
    }
}

// ---------------------------------------------------------------------------------------------
// The checks every fixture goes through.

/// When something happens, as a test expects it.
#[derive(Clone, Copy, Debug)]
enum When {
    /// The response does not say.
    Unknown,
    /// At this Unix time in milliseconds, as the response carries it.
    UnixMillis(u64),
    /// This many seconds after the response was parsed.
    AfterReceipt(u64),
}

/// What a fixture's struct must answer. The default is a bearer token with nothing else known.
struct Expected {
    access_token: &'static str,
    token_type: TokenType<'static>,
    /// The scheme of `authorization_header()`; `bearer_header()` must refuse any but `Bearer`.
    scheme: &'static str,
    /// `expires_in` as sent, in seconds.
    lifetime: Option<u64>,
    issued: When,
    expires: When,
    scopes: &'static [&'static str],
    refresh_token: Option<&'static str>,
    refresh_expires: When,
}

impl Default for Expected {
    fn default() -> Self {
        Expected {
            access_token: "",
            token_type: TokenType::Bearer,
            scheme: "Bearer",
            lifetime: None,
            issued: When::Unknown,
            expires: When::Unknown,
            scopes: &[],
            refresh_token: None,
            refresh_expires: When::Unknown,
        }
    }
}

/// The clock just before and just after a fixture was parsed: a receipt time lies between.
struct Receipt {
    before: SystemTime,
    after: SystemTime,
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}.json")).unwrap()
}

/// Parses a fixture into `T`, asserts everything `expected` says, and returns the value for
/// checks of the dialect's own fields.
fn check<T: DeserializeOwned + TokenResponse + std::fmt::Debug>(name: &str, expected: Expected) -> T {
    let json = fixture(name);
    let before = SystemTime::now();
    let t: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
    let receipt = Receipt { before, after: SystemTime::now() };

    assert_eq!(t.access_token(), expected.access_token, "{name}: access token");
    assert_eq!(t.token_type(), expected.token_type, "{name}: token type");
    assert_header(&t, &expected, name);
    assert_eq!(t.scopes().collect::<Vec<_>>(), expected.scopes, "{name}: scopes");
    assert!(t.has_scopes(expected.scopes), "{name}: has_scopes");
    assert_eq!(t.expires_in(), expected.lifetime.map(Duration::from_secs), "{name}: expires_in");
    assert_when(t.issued_at(), expected.issued, &receipt, &format!("{name}: issued_at"));
    assert_when(t.expires_at(), expected.expires, &receipt, &format!("{name}: expires_at"));
    assert_expiry(&t, expected.expires, &receipt, name);
    assert_eq!(t.refresh_token(), expected.refresh_token, "{name}: refresh token");
    assert_when(t.refresh_expires_at(), expected.refresh_expires, &receipt, &format!("{name}: refresh_expires_at"));

    let debug = format!("{t:?}");
    assert!(!debug.contains(expected.access_token), "{name}: Debug shows the access token");
    if let Some(refresh) = expected.refresh_token {
        assert!(!debug.contains(refresh), "{name}: Debug shows the refresh token");
    }
    t
}

fn assert_header<T: TokenResponse>(t: &T, expected: &Expected, name: &str) {
    let header = format!("{} {}", expected.scheme, expected.access_token);
    assert_eq!(t.authorization_header(), Ok(header.clone()), "{name}: authorization_header");
    let bearer = if expected.scheme == "Bearer" { Ok(header) } else { Err(HeaderError::NotBearer) };
    assert_eq!(t.bearer_header(), bearer, "{name}: bearer_header");
}

fn assert_when(got: Option<SystemTime>, expected: When, receipt: &Receipt, what: &str) {
    match expected {
        When::Unknown => assert_eq!(got, None, "{what}"),
        When::UnixMillis(ms) => assert_eq!(got, Some(UNIX_EPOCH + Duration::from_millis(ms)), "{what}"),
        When::AfterReceipt(secs) => {
            let got = got.unwrap_or_else(|| panic!("{what}: none, expected receipt + {secs} s"));
            let lifetime = Duration::from_secs(secs);
            assert!(
                receipt.before + lifetime <= got && got <= receipt.after + lifetime,
                "{what}: not receipt + {secs} s"
            );
        }
    }
}

/// The expiry methods agree with `expires_at`.
fn assert_expiry<T: TokenResponse>(t: &T, expires: When, receipt: &Receipt, name: &str) {
    match expires {
        When::Unknown => {
            let far = UNIX_EPOCH + Duration::from_secs(1 << 40);
            assert!(!t.is_expired_at(far) && !t.needs_refresh_at(far), "{name}: unknown expiry fails open");
            assert_eq!(t.remaining_at(far), None, "{name}: remaining");
        }
        When::UnixMillis(ms) => {
            let at = UNIX_EPOCH + Duration::from_millis(ms);
            assert!(t.is_expired_at(at) && !t.is_expired_at(at - Duration::from_millis(1)), "{name}: is_expired_at");
            assert_eq!(t.remaining_at(at - Duration::from_secs(10)), Some(Duration::from_secs(10)), "{name}");
            assert!(t.is_expired(), "{name}: every documented absolute expiry is in the past");
        }
        When::AfterReceipt(secs) => {
            let lifetime = Duration::from_secs(secs);
            assert!(!t.is_expired() && !t.needs_refresh(), "{name}: fresh at receipt");
            assert!(t.is_expired_at(receipt.after + lifetime), "{name}: expired after its lifetime");
            assert!(t.needs_refresh_at(receipt.after + lifetime - Duration::from_secs(60)), "{name}: refresh leeway");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Long values, kept out of the tests' bodies.

const ACCESS_TOKEN_SALESFORCE: &str =
    "00Dx0000000BV7z!AR8AQAxo9UfVkh8AlV0Gomt9Czx9LjHnSSpwBMmbRcgKFmxOtvxjTrKW19ye6PE3Ds1eQz3z8jr3W7_VbWmEu4Q8TVGSTHxs";
const ACCESS_TOKEN_DROPBOX: &str = "sl.u.AbX9y6Fe3AuH5o66-gmJpR032jwAwQPIVVzWXZNkdzcYT02akC2de219dZi6gxYPVnYPrpvISRSf9lxKWJzYLjtMPH-d9fo_0gXex7X37VIvpty4-G8f4-WX45AcEPfRnJJDwzv-";
const ACCESS_TOKEN_MICROSOFT_V1: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik5HVEZ2ZEstZnl0aEV1THdqcHdBSk9NOW4tQSJ9.eyJhdWQiOiJodHRwczovL3NlcnZpY2UuY29udG9zby5jb20vIiwiaXNzIjoiaHR0cHM6Ly9zdHMud2luZG93cy5uZXQvN2ZlODE0NDctZGE1Ny00Mzg1LWJlY2ItNmRlNTdmMjE0NzdlLyIsImlhdCI6MTM4ODQ0MDg2MywibmJmIjoxMzg4NDQwODYzLCJleHAiOjEzODg0NDQ3NjMsInZlciI6IjEuMCIsInRpZCI6IjdmZTgxNDQ3LWRhNTctNDM4NS1iZWNiLTZkZTU3ZjIxNDc3ZSIsIm9pZCI6IjY4Mzg5YWUyLTYyZmEtNGIxOC05MWZlLTUzZGQxMDlkNzRmNSIsInVwbiI6ImZyYW5rbUBjb250b3NvLmNvbSIsInVuaXF1ZV9uYW1lIjoiZnJhbmttQGNvbnRvc28uY29tIiwic3ViIjoiZGVOcUlqOUlPRTlQV0pXYkhzZnRYdDJFYWJQVmwwQ2o4UUFtZWZSTFY5OCIsImZhbWlseV9uYW1lIjoiTWlsbGVyIiwiZ2l2ZW5fbmFtZSI6IkZyYW5rIiwiYXBwaWQiOiIyZDRkMTFhMi1mODE0LTQ2YTctODkwYS0yNzRhNzJhNzMwOWUiLCJhcHBpZGFjciI6IjAiLCJzY3AiOiJ1c2VyX2ltcGVyc29uYXRpb24iLCJhY3IiOiIxIn0.JZw8jC0gptZxVC-7l5sFkdnJgP3_tRjeQEPgUn28XctVe3QqmheLZw7QVZDPCyGycDWBaqy7FLpSekET_BftDkewRhyHk9FW_KeEz0ch2c3i08NGNDbr6XYGVayNuSesYk5Aw_p3ICRlUV1bqEwk-Jkzs9EEkQg4hbefqJS6yS1HoV_2EsEhpd_wCQpxK89WPs3hLYZETRJtG5kvCCEOvSHXmDE6eTHGTnEgsIk--UlPe275Dvou4gEAwLofhLDQbMSjnlV5VLsjimNBVcSRFShoxmQwBJR_b2011Y5IuD6St5zPnzruBbZYkGNurQK63TJPWmRd3mbJsGM0mf3CUQ";
const REFRESH_TOKEN_MICROSOFT_V1: &str = "AwABAAAAvPM1KaPlrEqdFSBzjqfTGAMxZGUTdM0t4B4rTfgV29ghDOHRc2B-C_hHeJaJICqjZ3mY2b_YNqmf9SoAylD1PycGCB90xzZeEDg6oBzOIPfYsbDWNf621pKo2Q3GGTHYlmNfwoc-OlrxK69hkha2CF12azM_NYhgO668yfcUl4VBbiSHZyd1NVZG5QTIOcbObu3qnLutbpadZGAxqjIbMkQ2bQS09fTrjMBtDE3D6kSMIodpCecoANon9b0LATkpitimVCrl-NyfN3oyG4ZCWu18M9-vEou4Sq-1oMDzExgAf61noxzkNiaTecM-Ve5cq6wHqYQjfV9DOz4lbceuYCAA";

/// A JWT whose payload is `{"exp":1430343735,…,"iat":1430340135}`: issued one `expires_in` before
/// it expires.
const ACCESS_TOKEN_FITBIT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE0MzAzNDM3MzUsInNjb3BlcyI6Indwcm8gd2xvYyB3bnV0IHdzbGUgd3NldCB3aHIgd3dlaSB3YWN0IHdzb2MiLCJzdWIiOiJBQkNERUYiLCJhdWQiOiJJSktMTU4iLCJpc3MiOiJGaXRiaXQiLCJ0eXAiOiJhY2Nlc3NfdG9rZW4iLCJpYXQiOjE0MzAzNDAxMzV9.z0VHrIEzjsBnjiNMBey6wtu26yHTnSWz_qlqoEpUlpc";
