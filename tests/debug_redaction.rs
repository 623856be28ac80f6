//! `#[token(debug)]`: a `Debug` impl that shows the struct and its fields but never any part of
//! a credential: the access and refresh tokens, every field whose name (identifier or serde name)
//! ends in `token` or contains `secret`, `password` or `assertion`, and every field marked
//! `#[token(redact)]`.

use token_response::TokenResponse;

const ACCESS: &str = "Xq7Zk2Lp9Wm4Hc6Tv";
const REFRESH: &str = "Rf3Jh8Nn5Vb1Gy0Ds";
const ID: &str = "eyJhbGciOiJSUzI1NiJ9.Qm9keQ.U2ln";

// As with std's `derive(Debug)`, a field read only by `Debug` counts as unread.
#[allow(dead_code)]
#[derive(TokenResponse)]
#[token(debug)]
struct Full {
    access_token: String,
    refresh_token: Option<String>,
    token_type: String,
    expires_in: u64,
    scope: String,
    id_token: Option<String>,
    r#type: u8,
}

fn full(access: &str, refresh: Option<&str>) -> Full {
    Full {
        access_token: access.into(),
        refresh_token: refresh.map(String::from),
        token_type: "Bearer".into(),
        expires_in: 3599,
        scope: "openid email".into(),
        id_token: Some(ID.into()),
        r#type: 7,
    }
}

/// Fails if any run of 4 or more characters of `secret` appears in `output`.
fn assert_no_part_of(secret: &str, output: &str) {
    for start in 0..secret.len() {
        for end in start + 4..=secret.len() {
            let part = &secret[start..end];
            assert!(!output.contains(part), "{part:?} of a secret appears in {output}");
        }
    }
}

#[test]
fn debug_shows_the_struct_and_every_field_but_no_secret() {
    let t = full(ACCESS, Some(REFRESH));
    for output in [format!("{t:?}"), format!("{t:#?}")] {
        assert!(output.starts_with("Full"), "{output}");
        for field in ["access_token", "refresh_token", "token_type", "expires_in", "scope", "id_token", "type"] {
            assert!(output.contains(field), "{field} missing from {output}");
        }
        for value in ["\"Bearer\"", "3599", "\"openid email\"", "7"] {
            assert!(output.contains(value), "{value} missing from {output}");
        }
        assert!(!output.contains("r#type"), "{output}");
        assert_no_part_of(ACCESS, &output);
        assert_no_part_of(REFRESH, &output);
        assert_no_part_of(ID, &output);
        assert_eq!(output.matches("<redacted>").count(), 3, "{output}");
    }
}

#[test]
fn debug_matches_a_std_debug_struct_with_markers() {
    let t = full(ACCESS, Some(REFRESH));
    let expected = "Full { access_token: <redacted>, refresh_token: <redacted>, token_type: \"Bearer\", \
                    expires_in: 3599, scope: \"openid email\", id_token: <redacted>, type: 7 }";
    assert_eq!(format!("{t:?}"), expected);
    assert!(format!("{t:#?}").contains("\n    access_token: <redacted>,\n"));
}

#[test]
fn the_marker_is_fixed_whatever_the_secret() {
    let a = format!("{:?}", full(ACCESS, Some(REFRESH)));
    let b = format!("{:?}", full("x", Some("a-much-longer-refresh-token-value")));
    assert_eq!(a, b);
    // Not even whether a refresh token was sent.
    assert_eq!(a, format!("{:?}", full(ACCESS, None)));
    assert_eq!(a, format!("{:?}", full("", Some(""))));
}

/// Secrets taken by attribute are redacted too, under the field's own name.
#[allow(dead_code)]
#[derive(TokenResponse)]
#[token(debug)]
struct ByAttribute<'a> {
    #[token(access_token)]
    key: &'a str,
    #[token(refresh_token)]
    renewal: Box<str>,
    #[token(skip)]
    access_token: &'a str,
}

#[test]
fn secrets_taken_by_attribute_are_redacted_and_so_is_a_skipped_credential_name() {
    let t = ByAttribute { key: ACCESS, renewal: REFRESH.into(), access_token: ID };
    let output = format!("{t:#?}");
    assert!(output.starts_with("ByAttribute {"), "{output}");
    assert!(output.contains("key: <redacted>"), "{output}");
    assert!(output.contains("renewal: <redacted>"), "{output}");
    // A skipped field plays no role, but its name still names a credential.
    assert!(output.contains("access_token: <redacted>"), "{output}");
    assert_no_part_of(ACCESS, &output);
    assert_no_part_of(REFRESH, &output);
    assert_no_part_of(ID, &output);
}

/// Credentials by name, whatever the role: identifiers and serde names, compared as role names
/// are; and fields marked `redact`. Names that only come close (`token_type`, `tokens`) are shown.
#[allow(dead_code)]
#[derive(TokenResponse)]
#[token(debug)]
struct Credentials {
    access_token: String,
    #[serde(rename = "idToken")]
    oidc: String,
    session_token: String,
    #[serde(alias = "Session-Token")]
    session: String,
    client_secret: String,
    #[serde(rename = "clientSecretHash")]
    hash: String,
    password: String,
    #[serde(rename = "DB_PASSWORD_FILE")]
    db: String,
    client_assertion: String,
    assertion_type: String,
    #[token(redact)]
    api_key: String,
    token_type: String,
    refresh_token_expires_in: u64,
    tokens: u32,
    secretary: &'static str,
}

#[test]
fn every_credential_name_and_every_redact_field_is_redacted() {
    let secret = "S3cr3tV4lu3Nev3rSh0wn";
    let t = Credentials {
        access_token: secret.into(),
        oidc: secret.into(),
        session_token: secret.into(),
        session: secret.into(),
        client_secret: secret.into(),
        hash: secret.into(),
        password: secret.into(),
        db: secret.into(),
        client_assertion: secret.into(),
        assertion_type: secret.into(),
        api_key: secret.into(),
        token_type: "Bearer".into(),
        refresh_token_expires_in: 3600,
        tokens: 2,
        secretary: "redacted: the name contains `secret`",
    };
    for output in [format!("{t:?}"), format!("{t:#?}")] {
        for name in [
            "access_token",
            "oidc",
            "session_token",
            "session",
            "client_secret",
            "hash",
            "password",
            "db",
            "client_assertion",
            "assertion_type",
            "api_key",
        ] {
            assert!(output.contains(&format!("{name}: <redacted>")), "{name} in {output}");
        }
        assert!(output.contains("token_type: \"Bearer\""), "{output}");
        assert!(output.contains("refresh_token_expires_in: 3600"), "{output}");
        assert!(output.contains("tokens: 2"), "{output}");
        assert!(output.contains("secretary: <redacted>"), "{output}");
        assert_no_part_of(secret, &output);
    }
}

/// Without `#[token(debug)]` the derive adds no `Debug`, so the user may derive their own.
#[derive(Debug, TokenResponse)]
struct OwnDebug {
    access_token: String,
}

#[test]
fn without_the_attribute_the_user_chooses_debug() {
    assert_eq!(format!("{:?}", OwnDebug { access_token: "a".into() }), "OwnDebug { access_token: \"a\" }");
}

/// Other derives after the token's, `Debug` not among them, do not trip the hint against a
/// second `Debug` impl.
#[derive(TokenResponse)]
#[token(debug)]
#[derive(Clone, PartialEq, Default)]
struct WithOtherDerives {
    access_token: String,
}

#[test]
fn other_derives_beside_token_debug_are_fine() {
    let t = WithOtherDerives { access_token: ACCESS.into() };
    assert!(t.clone() == t);
    assert_eq!(format!("{t:?}"), "WithOtherDerives { access_token: <redacted> }");
    assert_eq!(WithOtherDerives::default().access_token(), "");
}
