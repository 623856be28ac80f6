//! `examples/inspect` end to end: the built example run on every provider fixture, every error
//! response fixture and on input that is not a token response, with `--now` fixed so the output
//! is reproducible. Standard input is a pipe here, never a terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

/// 2025-01-01T00:00:00Z: after every documented absolute expiry, before every receipt + lifetime.
const NOW: &str = "1735689600";

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/providers");
const ERROR_FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/errors");

/// What one run printed, and how it exited.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The value of a report row: `label` padded, then the value.
    fn row(&self, label: &str) -> &str {
        self.stdout
            .lines()
            .find_map(|line| line.strip_prefix(label).filter(|rest| rest.starts_with(' ')).map(str::trim))
            .unwrap_or_else(|| panic!("no row {label:?} in:\n{}", self.stdout))
    }

    /// The items listed under a heading (`scopes`, `warnings`).
    fn items(&self, heading: &str) -> Vec<&str> {
        let mut lines = self.stdout.lines().skip_while(|line| *line != heading);
        lines.next();
        lines.map_while(|line| line.strip_prefix("  - ")).collect()
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e} in:\n{}", self.stdout))
    }

    /// Everything it printed.
    fn output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// The example binary, in `target/<profile>/examples`: built (or found up to date) by Cargo
/// first, since `cargo test --test inspect` builds no example and would run a stale one. With
/// `--all-features`, as `.ci/run` builds it, so a whole-workspace run builds nothing more.
fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        let profile_dir = exe.parent().and_then(Path::parent).unwrap();
        let profile = profile_dir.file_name().unwrap().to_str().unwrap();
        let profile = if profile == "debug" { "dev" } else { profile };
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", "inspect", "--all-features", "--profile", profile])
            .env("CARGO_TARGET_DIR", profile_dir.parent().unwrap())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(status.success(), "cannot build the inspect example");
        profile_dir.join("examples").join(format!("inspect{}", std::env::consts::EXE_SUFFIX))
    })
}

fn run(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(binary())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The example may exit before reading everything (it stops past 1 MiB): ignore a broken pipe.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().expect("exited, not killed by a signal (a panic would abort with 101)"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// `stdin` inspected at [`NOW`], as text and as JSON.
fn run_both(stdin: &[u8]) -> [Run; 2] {
    [run(&["-", "--now", NOW], stdin), run(&["-", "--now", NOW, "--json"], stdin)]
}

fn fixture_path(name: &str) -> String {
    format!("{FIXTURES}/{name}.json")
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .filter_map(|entry| entry.unwrap().file_name().to_str()?.strip_suffix(".json").map(str::to_owned))
        .collect();
    names.sort();
    assert!(names.len() >= 35, "{names:?}");
    names
}

fn inspect_fixture(name: &str, extra: &[&str]) -> Run {
    let path = fixture_path(name);
    let mut args = vec![path.as_str(), "--now", NOW];
    args.extend_from_slice(extra);
    let run = run(&args, b"");
    assert_eq!(run.stderr, "", "{name}");
    if !extra.contains(&"--json") {
        assert_eq!(run.row("read"), path);
        assert_eq!(run.row("evaluated at"), "2025-01-01T00:00:00Z (--now)");
    }
    run
}

// ---------------------------------------------------------------------------------------------
// Leaks: no output quotes a value of the input.

/// The values of a JSON input (strings and numbers, at any depth) and its member names; for a
/// form body its decoded values and names; for anything else the whole text as one value.
fn values_and_names(input: &[u8]) -> (Vec<String>, Vec<String>) {
    fn walk(value: &Value, values: &mut Vec<String>, names: &mut Vec<String>) {
        match value {
            Value::String(text) => values.push(text.clone()),
            Value::Number(number) => values.push(number.to_string()),
            Value::Array(items) => items.iter().for_each(|item| walk(item, values, names)),
            Value::Object(members) => {
                for (name, value) in members {
                    names.push(name.clone());
                    walk(value, values, names);
                }
            }
            Value::Bool(_) | Value::Null => {}
        }
    }
    let (mut values, mut names) = (Vec::new(), Vec::new());
    let text = String::from_utf8_lossy(input);
    if let Ok(json) = serde_json::from_str::<Value>(&text) {
        walk(&json, &mut values, &mut names);
    } else if let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(&text) {
        for (name, value) in pairs {
            names.push(name);
            values.push(value);
        }
    } else {
        values.push(text.into_owned());
    }
    (values, names)
}

/// The member names inspect reads, which its messages may name.
const MEMBER_NAMES: [&str; 11] = [
    "access_token",
    "id_token",
    "refresh_token",
    "token_type",
    "expires_in",
    "issued_at",
    "created_at",
    "expires_at",
    "expires_on",
    "refresh_expires_at",
    "scope",
];

/// Asserts that no run of more than 8 characters of a value of `input` (but a member name) is
/// in what `run` printed.
fn assert_quotes_nothing(input: &[u8], run: &Run) {
    let (values, mut names) = values_and_names(input);
    names.extend(MEMBER_NAMES.map(str::to_owned));
    for value in &values {
        assert_no_run_of(value, &names, &run.output());
    }
}

/// Asserts that no run of more than 8 characters of `value` (but one in a member name) is in
/// `output`.
fn assert_no_run_of(value: &str, names: &[String], output: &str) {
    let chars: Vec<char> = value.chars().collect();
    for window in chars.windows(9) {
        let window: String = window.iter().collect();
        if !names.iter().any(|name| name.contains(&window)) {
            assert!(!output.contains(&window), "{window:?} of the input is in:\n{output}");
        }
    }
}

/// Runs `input` as text and JSON: it is refused (exit 2, nothing on stdout in text mode) and no
/// output quotes it.
fn assert_refused_quietly(input: &[u8]) -> [Run; 2] {
    let runs = run_both(input);
    for run in &runs {
        assert_eq!(run.code, 2, "{}\n{}", String::from_utf8_lossy(input), run.output());
        assert_quotes_nothing(input, run);
    }
    assert_eq!(runs[0].stdout, "");
    assert!(runs[1].json()["error"].is_string());
    runs
}

#[test]
fn no_fixture_token_is_printed_whole() {
    for name in fixture_names() {
        let text = std::fs::read_to_string(fixture_path(&name)).unwrap();
        let response: Value = serde_json::from_str(&text).unwrap();
        for json in [false, true] {
            let run = inspect_fixture(&name, if json { &["--json"] } else { &[] });
            assert!([0, 1].contains(&run.code), "{name}: exit {}", run.code);
            for key in ["access_token", "refresh_token", "id_token", "accessToken", "idToken", "refreshToken"] {
                if let Some(secret) = response[key].as_str().filter(|secret| secret.len() > 8) {
                    assert!(!run.stdout.contains(secret), "{name}: {key} printed whole");
                }
            }
        }
    }
}

/// Every fixture's tokens, placed where inspect refuses the input, are never quoted.
#[test]
fn fixture_tokens_in_refused_input_are_never_quoted() {
    let mut checked = 0;
    for name in fixture_names() {
        let text = std::fs::read_to_string(fixture_path(&name)).unwrap();
        let response: Value = serde_json::from_str(&text).unwrap();
        for key in ["access_token", "refresh_token", "id_token", "accessToken", "idToken", "refreshToken"] {
            let Some(token) = response[key].as_str().filter(|token| token.chars().count() > 8) else { continue };
            let quoted = Value::from(token).to_string();
            let encoded = serde_urlencoded::to_string([("access_token", token)]).unwrap();
            for input in [
                quoted.clone(),
                format!("[{text}]"),
                format!("[{quoted}]"),
                format!(r#"{{"access_token": {{"nested": {{"deeper": {quoted}}}}}}}"#),
                format!(r#"{{"access_token": "abcdefghijkl", "expires_in": [{quoted}]}}"#),
                format!(r#"{{"access_token": "abcdefghijkl", "scope": {{"read": {quoted}}}}}"#),
                format!(r#"{{"access_token": {quoted}, "accessToken": {quoted}}}"#),
                format!(r#"{{"refresh_token": {quoted}}}"#),
                format!(r#"{{"access_token": {quoted}"#),
                format!("{text} {quoted}"),
                token.to_owned(),
                format!("{encoded}&{encoded}"),
            ] {
                assert_refused_quietly(input.as_bytes());
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn hostile_input_exits_2_with_our_own_words() {
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV";
    let huge = "Q".repeat(400_000);
    let deep =
        format!(r#"{{"access_token": "abcdefghijkl", "scope": {}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (format!("\"{token}\"").into_bytes(), "not a token response: the input is a string in JSON, not an object"),
        (b"17356896001735689600".to_vec(), "not a token response: the input is a number in JSON, not an object"),
        (b"-1.5e300".to_vec(), "not a token response: the input is a number in JSON, not an object"),
        (b"true".to_vec(), "not a token response: the input is true or false in JSON, not an object"),
        (b"null".to_vec(), "not a token response: the input is null in JSON, not an object"),
        (
            format!(r#"["{token}", "Bearer", 3600]"#).into_bytes(),
            "not a token response: the input is an array in JSON, not an object",
        ),
        (
            format!(r#"[{{"access_token": "{token}", "expires_in": 3600}}]"#).into_bytes(),
            "not a token response: the input is an array in JSON, not an object",
        ),
        (
            format!(r#"{{"access_token": {{"jwt": {{"value": "{token}"}}}}}}"#).into_bytes(),
            "not a token response: wrong type at `access_token`: an object, expected a string (line 1, column 17)",
        ),
        (
            format!(r#"{{"token_type": "{huge}", "access_token": ["{huge}"]}}"#).into_bytes(),
            "not a token response: wrong type at `access_token`: a list, expected a string (line 1, column 400035)",
        ),
        (
            format!(r#"{{"expiresIn": "{huge}", "refreshToken": "{token}"}}"#).into_bytes(),
            "not a token response: no access_token (or id_token) member",
        ),
        (
            deep.into_bytes(),
            "not a token response: not JSON at `scope[0][0][0][0][0][0][0]…`: nested too deeply (line 1, column 169)",
        ),
        (
            br#"{"access_token": "abcdefghijkl", "expires_in": 1e400}"#.to_vec(),
            "not a token response: not JSON at `expires_in`: a number out of range (line 1, column 52)",
        ),
        (
            format!(r#"{{"access_token": "{token}", "expires_at": 1, "expires_on": 2}}"#).into_bytes(),
            "not a token response: duplicate member `expires_at` (line 1, column 137)",
        ),
        (
            [format!("{{\"access_token\": \"{token}").as_bytes(), b"\xff\"}"].concat(),
            "the input is binary (not UTF-8 at offset 101): expected a token response",
        ),
        (
            format!("{token} is my token").into_bytes(),
            "not a token response: not JSON: expected a value (line 1, column 1)",
        ),
        (
            format!("{{\"access_token\": \"{token}\"").into_bytes(),
            "not a token response: truncated JSON: the input ends inside an object (line 1, column 102)",
        ),
    ];
    for (input, message) in &cases {
        let [text, json] = assert_refused_quietly(input);
        assert_eq!(text.stderr, format!("inspect: {message}\n"));
        assert_eq!(json.json()["error"], *message);
    }
}

// ---------------------------------------------------------------------------------------------
// Reports.

#[test]
fn standard_response_is_usable_and_expires_after_its_lifetime() {
    let run = inspect_fixture("google", &[]);
    assert_eq!(run.code, 0);
    assert_eq!(run.row("token type"), "Bearer");
    assert_eq!(run.row("header"), "Authorization: Bearer 1/fF…T3Zg");
    assert_eq!(run.row("access token"), "1/fF…T3Zg (24 chars)");
    assert_eq!(run.row("issued"), "not sent; received 2025-01-01T00:00:00Z (just now)");
    assert_eq!(run.row("expires"), "2025-01-01T01:05:20Z (in 1h 5m)");
    assert_eq!(run.row("needs refresh"), "no");
    assert_eq!(run.row("refresh token"), "1//x…aQbI (46 chars), expires unknown");
    assert_eq!(run.items("scopes"), ["https://www.googleapis.com/auth/drive.metadata.readonly"]);
    assert_eq!(run.row("warnings"), "none");
    assert_eq!(run.row("verdict"), "usable (exit 0)");
}

#[test]
fn every_dialect_is_read_without_flags() {
    // (fixture, token type, expires, scopes, exit code)
    let cases: &[(&str, &str, &str, &[&str], i32)] = &[
        ("github-oauth-app", "Bearer", "unknown", &["repo", "gist"], 0),
        ("github-app-user-token", "Bearer", "2025-01-01T08:00:00Z (in 8h)", &[], 0),
        ("microsoft-v1-authcode", "Bearer", "2013-12-30T23:06:03Z (expired 11y 4d ago)", &[MS_SCOPE], 1),
        ("microsoft-v1-client-credentials", "Bearer", "2020-01-08T22:38:14Z (expired 4y 359d ago)", &[], 1),
        ("salesforce", "Bearer", "unknown", &[], 0),
        ("strava", "Bearer", "2019-07-12T05:06:42Z (expired 5y 174d ago)", &[], 1),
        ("twitch", "Bearer", "2025-01-01T03:55:24Z (in 3h 55m)", &["channel:moderate", "chat:edit", "chat:read"], 0),
        ("keycloak", "Bearer", "2025-01-01T00:05:00Z (in 5m)", &["profile", "email"], 0),
        ("firebase-signin-password", "Bearer", "2025-01-01T01:00:00Z (in 1h)", &[], 0),
        ("firebase-securetoken-refresh", "Bearer", "2025-01-01T01:00:00Z (in 1h)", &[], 0),
        ("rfc9449-dpop", "DPoP", "2025-01-01T00:44:37Z (in 44m 37s)", &[], 0),
        ("slack", "bot", "unknown", &["commands", "incoming-webhook"], 0),
        ("linkedin", "Bearer", "2025-03-02T00:00:00Z (in 60d)", &["r_basicprofile"], 0),
        // RFC 3339 absolute expiries, read by the crate.
        ("epic-games-exchange-code", "Bearer", "2023-08-30T18:29:11.892Z (expired 1y 124d ago)", &[], 1),
        ("aws-sso-cache", "Bearer", "2019-11-14T04:05:45Z (expired 5y 49d ago)", &[], 1),
        ("hubspot", "Bearer", "2025-01-01T00:30:00Z (in 30m)", HUBSPOT_SCOPES, 0),
        ("mastodon", "Bearer", "unknown", &["read", "write", "follow", "push"], 0),
        ("apple-signin", "Bearer", "2025-01-01T01:00:00Z (in 1h)", &[], 0),
        ("notion-refresh", "Bearer", "unknown", &[], 0),
        ("pinterest", "Bearer", "2025-01-31T00:00:00Z (in 30d)", &["boards:read", "boards:write", "pins:read"], 1),
    ];
    for &(name, token_type, expires, scopes, code) in cases {
        let run = inspect_fixture(name, &[]);
        assert_eq!(run.row("token type"), token_type, "{name}");
        assert_eq!(run.row("expires"), expires, "{name}");
        assert_eq!(run.items("scopes"), scopes, "{name}");
        assert_eq!(run.code, code, "{name}");
    }
}

const MS_SCOPE: &str = "https%3A%2F%2Fgraph.microsoft.com%2Fmail.read";
const HUBSPOT_SCOPES: &[&str] = &["oauth", "crm.objects.contacts.write", "crm.objects.contacts.read"];

#[test]
fn dialects_the_fixtures_do_not_cover() {
    // (input, issued, expires, scopes)
    let cases: &[(&str, &str, &str, &[&str])] = &[
        // A millisecond issue time as a number, camelCase, comma scopes.
        (
            r#"{"accessToken": "abcdefghijkl", "expiresIn": "600", "issuedAt": 1735689000000, "scopes": "a, b"}"#,
            "2024-12-31T23:50:00Z (10m ago)",
            "2025-01-01T00:00:00Z (expired just now)",
            &["a", "b"],
        ),
        // An RFC 3339 issue time with an offset, a lifetime as a fraction, a scope list.
        (
            r#"{"access_token": "abcdefghijkl", "created_at": "2025-01-01T00:30:00+01:00", "expires_in": 3600.5,
                "scope": ["x", " y "]}"#,
            "2024-12-31T23:30:00Z (30m ago)",
            "2025-01-01T00:30:00.500Z (in 30m)",
            &["x", "y"],
        ),
        // The earlier of the absolute expiry and issue time + lifetime.
        (
            r#"{"access_token": "abcdefghijkl", "createdAt": 1735689600, "expires_in": 60, "expiresOn": "1735693200"}"#,
            "2025-01-01T00:00:00Z (just now)",
            "2025-01-01T00:01:00Z (in 1m)",
            &[],
        ),
    ];
    for &(input, issued, expires, scopes) in cases {
        let [run, _] = run_both(input.as_bytes());
        assert_eq!(run.row("issued"), issued, "{input}");
        assert_eq!(run.row("expires"), expires, "{input}");
        assert_eq!(run.items("scopes"), scopes, "{input}");
    }
}

#[test]
fn salesforce_millisecond_issue_time_is_exact() {
    let run = inspect_fixture("salesforce", &[]);
    assert_eq!(run.row("issued"), "2010-07-06T20:40:32.702Z (14y 182d ago)");
    assert_eq!(run.row("needs refresh"), "unknown (no expiry)");
    assert_eq!(
        run.items("warnings"),
        ["no expiry sent (no expires_in, expires_at or expires_on): the token never counts as expired"]
    );
}

#[test]
fn refresh_token_expiry_is_shown_whenever_known() {
    for (name, row) in [
        ("github-app-user-token", "ghr_…1498 (80 chars), expires 2025-07-03T00:00:00Z (in 183d)"),
        ("keycloak", "<…> (7 chars), expires 2025-01-01T00:30:00Z (in 30m)"),
        ("intuit-quickbooks", "<r…n> (15 chars), expires 2025-06-30T00:00:00Z (in 180d)"),
        ("pinterest", "{a r…nr'} (45 chars), expires 2026-01-01T00:00:00Z (in 1y)"),
        // Absolute, RFC 3339: `refresh_expires_at`.
        ("epic-games-exchange-code", "4f66…7aaf (32 chars), expires 2023-08-31T00:29:11.893Z (expired 1y 123d ago)"),
    ] {
        assert_eq!(inspect_fixture(name, &[]).row("refresh token"), row, "{name}");
    }
    let epic = inspect_fixture("epic-games-exchange-code", &["--json"]).json();
    assert_eq!(epic["refresh_expires"]["rfc3339"], "2023-08-31T00:29:11.893Z");
    assert_eq!(epic["refresh_expired"], true);

    let [run, json] = run_both(br#"{"access_token": "abcdefghijkl", "refresh_token_expires_at": 1735693200}"#);
    assert_eq!(run.row("refresh token"), "none, but an expiry is sent: 2025-01-01T01:00:00Z (in 1h)");
    assert_eq!(json.json()["refresh_expires"]["unix"], 1_735_693_200);
}

#[test]
fn firebase_id_token_is_the_access_token() {
    let run = inspect_fixture("firebase-signin-password", &[]);
    assert_eq!(run.row("access token"), "[…] (10 chars) from id_token");
}

#[test]
fn non_bearer_types_are_warned_about() {
    let dpop = inspect_fixture("rfc9449-dpop", &[]);
    assert_eq!(dpop.row("header"), "Authorization: DPoP Kz~8….gxU");
    assert!(dpop.items("warnings")[0].starts_with("token type DPoP"), "{}", dpop.stdout);

    let slack = inspect_fixture("slack", &[]);
    assert_eq!(slack.row("header"), "Authorization: bot xoxb…bqgy");
    assert!(slack.items("warnings")[0].contains("#[token(skip)]"), "{}", slack.stdout);

    let rfc = inspect_fixture("rfc6749-5.1", &[]);
    assert!(rfc.items("warnings")[0].starts_with("token type \"example\" is not Bearer"), "{}", rfc.stdout);
}

#[test]
fn text_is_escaped_as_a_reader_types_it() {
    let pinterest = inspect_fixture("pinterest", &[]);
    assert_eq!(pinterest.row("access token"), "{an …na'} (45 chars)");
    assert!(!pinterest.stdout.contains("\\'"), "{}", pinterest.stdout);

    let [run, _] = run_both(br#"{"access_token": "a'b\"cdefghijklmnopqrst\r\n", "token_type": "it's"}"#);
    assert_eq!(run.row("access token"), "a'b\"…st\\r\\n (24 chars)");
    assert_eq!(run.row("token type"), "it's");
    assert!(run.items("warnings")[0].starts_with("token type \"it's\" is not Bearer"), "{}", run.stdout);
    let [run, _] = run_both(br#"{"access_token": "abcdefghijkl", "scope": ["a\u202eb", "c\\d"]}"#);
    assert_eq!(run.items("scopes"), ["a\\u{202e}b", "c\\\\d"]);
}

/// Every character that can reorder, hide or break the text around it.
const HIDDEN: [char; 19] = [
    '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}', '\u{200e}', '\u{200f}', '\u{2028}', '\u{2029}', '\u{202a}', '\u{202b}',
    '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{0}', '\u{9}',
];

/// Whether `text` holds a hidden character (a line break between lines aside).
fn has_hidden(text: &str) -> bool {
    text.chars().any(|c| c != '\n' && (c.is_control() || HIDDEN.contains(&c)))
}

#[test]
fn json_output_escapes_every_control_and_bidirectional_character() {
    let text: String = HIDDEN.iter().flat_map(|&c| ['a', c]).collect();
    let input = serde_json::json!({
        "access_token": "abcdefghijkl",
        "token_type": text,
        "scope": [text],
        "expires_in": 3600,
    });
    let [plain, json] = run_both(input.to_string().as_bytes());
    assert!(!has_hidden(&plain.output()), "{}", plain.output());
    assert!(!has_hidden(&json.output()), "{}", json.output());
    assert!(plain.stdout.contains("a\\u{202e}a"), "{}", plain.stdout);
    // An error response's description, shown as sent: escaped in JSON, not dropped.
    let input = serde_json::json!({"error": "invalid_grant", "error_description": text});
    let [plain, json] = run_both(input.to_string().as_bytes());
    assert!(!has_hidden(&plain.output()), "{}", plain.output());
    assert!(!has_hidden(&json.output()), "{}", json.output());
    assert_eq!(json.json()["error_response"]["error_description"], text);
    for escape in ["\\u202e", "\\u2028", "\\u0085", "\\u007f", "\\u2066", "\\u200e"] {
        assert!(json.stdout.contains(escape), "{escape} in {}", json.stdout);
    }
}

#[test]
fn file_names_are_escaped() {
    let dir = std::env::temp_dir().join(format!("inspect-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("tok\u{1b}[31m\u{202e}nosj.json");
    std::fs::copy(fixture_path("google"), &path).unwrap();
    let name = path.to_str().unwrap();
    let [text, json] = [run(&[name, "--now", NOW], b""), run(&[name, "--now", NOW, "--json"], b"")];
    assert_eq!(text.code, 0, "{}", text.output());
    assert!(!has_hidden(&text.output()) && !has_hidden(&json.output()));
    assert!(text.row("read").ends_with("tok\\u{1b}[31m\\u{202e}nosj.json"), "{}", text.stdout);
    assert_eq!(json.json()["path"], name);
    std::fs::remove_file(&path).unwrap();
    let missing = run(&[name, "--json"], b"");
    assert_eq!(missing.code, 2);
    assert!(!has_hidden(&missing.output()), "{}", missing.output());
    assert!(missing.json()["error"].as_str().unwrap().contains("tok\\u{1b}[31m"), "{}", missing.stdout);
    std::fs::remove_dir(&dir).unwrap();
}

#[test]
fn a_token_that_counts_as_expired_is_never_usable() {
    // A lifetime that fails closed beside an absolute expiry in 2030.
    for lifetime in ["-1", "0", "\"n/a\""] {
        let input =
            format!(r#"{{"access_token": "abcdefghijkl", "expires_in": {lifetime}, "expires_at": 1900000000}}"#);
        let [text, json] = run_both(input.as_bytes());
        assert_eq!((text.code, json.code), (1, 1), "{lifetime}");
        assert!(text.items("warnings").iter().any(|w| w.contains("counts as expired")), "{}", text.stdout);
        assert_eq!(text.row("verdict"), "expired (exit 1)");
        assert_eq!(text.row("needs refresh"), "yes");
        // The expiry row says so too: expired, or counting as expired before its time.
        let expires = text.row("expires");
        assert!(expires.contains("(expired ") || expires.ends_with("; counts as expired, see warnings)"), "{expires}");
        let report = json.json();
        assert_eq!((report["verdict"].as_str(), report["expired"].as_bool()), (Some("expired"), Some(true)));
    }
    // Every fixture: a warning that the token counts as expired comes with the verdict to match.
    for name in fixture_names() {
        let run = inspect_fixture(&name, &[]);
        if run.items("warnings").iter().any(|w| w.contains("the token counts as expired")) {
            assert_eq!(run.code, 1, "{name}");
        }
    }
}

#[test]
fn a_refresh_response_without_a_refresh_token_keeps_the_previous_one() {
    let dir = std::env::temp_dir().join(format!("inspect-previous-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let refreshed = dir.join("refreshed.json");
    std::fs::write(&refreshed, r#"{"access_token": "ya29.a0AfH6SMBx-second", "expires_in": 3599}"#).unwrap();
    let refreshed = refreshed.to_str().unwrap();
    let previous = fixture_path("google");
    let hint = "no refresh token in this refresh response: the previous one stays valid (RFC 6749 section 6); \
                call `token.inherit(&previous)` to keep it, as shown above";

    let run = run(&[refreshed, "--now", NOW, "--previous", &previous], b"");
    assert_eq!(run.code, 0, "{}", run.output());
    assert_eq!(run.row("refresh token"), "1//x…aQbI (46 chars), expires unknown (kept from --previous)");
    assert_eq!(run.items("warnings"), [hint]);
    let json = self::run(&[refreshed, "--now", NOW, "--previous", &previous, "--json"], b"").json();
    assert_eq!(json["refresh_token_inherited"], true);
    assert_eq!(json["refresh_token"]["length"], 46);

    // Without --previous a first response cannot be told from a refresh: no hint.
    let alone = self::run(&[refreshed, "--now", NOW], b"");
    assert_eq!((alone.row("refresh token"), alone.row("warnings")), ("none", "none"));
    // A response that sends its own refresh token keeps it.
    let own = self::run(&[&fixture_path("twitch"), "--now", NOW, "--previous", &previous], b"");
    assert!(!own.row("refresh token").contains("--previous"), "{}", own.stdout);
    assert!(!own.stdout.contains("inherit"));
    // A previous file that is no token response is refused, quoting nothing of it.
    let bad = self::run(&[refreshed, "--previous", &fixture_path("../errors/google-invalid-grant")], b"");
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.starts_with("inspect: --previous "), "{}", bad.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn expiry_is_evaluated_at_now() {
    let path = fixture_path("strava");
    let before = run(&[&path, "--now", "1562908001"], b"");
    assert_eq!((before.code, before.row("expires")), (0, "2019-07-12T05:06:42Z (in 1s)"));
    assert_eq!(before.row("needs refresh"), "yes");
    let at = run(&[&path, "--now", "2019-07-12T05:06:42Z"], b"");
    assert_eq!((at.code, at.row("expires")), (1, "2019-07-12T05:06:42Z (expired just now)"));
    assert_eq!(at.row("evaluated at"), "2019-07-12T05:06:42Z (--now)");
    let early = run(&[&path, "--now", "1562800000"], b"");
    assert_eq!((early.row("expires"), early.row("needs refresh")), ("2019-07-12T05:06:42Z (in 1d 6h)", "no"));
}

#[test]
fn json_output_has_the_same_facts() {
    let run = inspect_fixture("keycloak", &["--json"]);
    assert_eq!(run.code, 0);
    let report = run.json();
    assert_eq!(report["source"], "file");
    assert_eq!(report["path"], fixture_path("keycloak"));
    assert_eq!(report["format"], "json");
    assert_eq!(report["now"]["unix"], 1_735_689_600);
    assert_eq!(report["token_type"], "Bearer");
    assert_eq!(report["header"]["scheme"], "Bearer");
    assert_eq!(report["access_token"], serde_json::json!({"shown": "<…>", "length": 7}));
    assert_eq!(report["issued_sent"], false);
    assert_eq!(report["expires"]["rfc3339"], "2025-01-01T00:05:00Z");
    assert_eq!(report["expires"]["unix"], 1_735_689_900);
    assert_eq!(report["expires"]["relative"], "in 5m");
    assert_eq!((report["expired"].as_bool(), report["needs_refresh"].as_bool()), (Some(false), Some(false)));
    assert_eq!(report["refresh_token"], serde_json::json!({"shown": "<…>", "length": 7}));
    assert_eq!(report["refresh_expires"]["unix"], 1_735_691_400);
    assert_eq!(report["refresh_expired"], false);
    assert_eq!(report["scopes"], serde_json::json!(["profile", "email"]));
    assert_eq!(report["warnings"], serde_json::json!([]));
    assert_eq!(report["verdict"], "usable");

    let expired = inspect_fixture("strava", &["--json"]).json();
    assert_eq!((expired["verdict"].as_str(), expired["expired"].as_bool()), (Some("expired"), Some(true)));
}

#[test]
fn stdin_is_read_when_piped() {
    let stdin = std::fs::read(fixture_path("twitch")).unwrap();
    let run = run(&["--now", NOW], &stdin);
    assert_eq!((run.code, run.row("read")), (0, "standard input"));
    assert_eq!(run.items("scopes"), ["channel:moderate", "chat:edit", "chat:read"]);
    let dash = self::run(&["-", "--now", NOW, "--json"], &stdin);
    assert_eq!(dash.json()["source"], "stdin");
}

#[test]
fn form_bodies_are_read_like_json() {
    let body = b"access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer\n";
    let [run, json] = run_both(body);
    assert_eq!((run.code, run.row("read")), (0, "standard input (a form body)"));
    assert_eq!(run.row("access token"), "gho_…8B4a (40 chars)");
    assert_eq!(run.items("scopes"), ["repo", "gist"]);
    assert_eq!(json.json()["format"], "form");

    let [run, _] = run_both(b"token_type=bearer&access_token=abcdefghijkl&expires_in=3600&created_at=1735689000");
    assert_eq!(run.row("expires"), "2025-01-01T00:50:00Z (in 50m)");
}

// ---------------------------------------------------------------------------------------------
// Error responses, empty input, the sample.

#[test]
fn error_responses_exit_2_with_code_and_description() {
    let mut files: Vec<_> = std::fs::read_dir(ERROR_FIXTURES).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.retain(|path| path.extension().is_some_and(|ext| ext == "json" || ext == "form"));
    files.sort();
    assert_eq!(files.len(), 7, "{files:?}");
    for path in files {
        let body = std::fs::read(&path).unwrap();
        let expected: Value = match path.extension().and_then(|ext| ext.to_str()) {
            Some("form") => serde_json::to_value(
                serde_urlencoded::from_bytes::<std::collections::BTreeMap<String, String>>(&body).unwrap(),
            )
            .unwrap(),
            _ => serde_json::from_slice(&body).unwrap(),
        };
        let (code, description) =
            (expected["error"].as_str().unwrap(), expected["error_description"].as_str().unwrap());
        let shown = description.replace('\r', "\\r").replace('\n', "\\n");
        let [text, json] = run_both(&body);
        assert_eq!((text.code, text.stdout.as_str()), (2, ""), "{path:?}");
        let message = format!("inspect: the server answered an error, not a token: {code}: {shown}");
        assert!(text.stderr.starts_with(&message), "{path:?}: {}", text.stderr);
        assert_eq!(json.code, 2);
        let json = json.json();
        assert_eq!(json["error_response"]["error"], code, "{path:?}");
        assert_eq!(json["error_response"]["error_description"], description, "{path:?}");
        assert_eq!(json["error_response"]["error_uri"], expected["error_uri"], "{path:?}");
    }
}

#[test]
fn error_responses_never_show_tokens_sent_beside_them() {
    let token = "ya29.a0AfH6SMBx3dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu";
    for body in [
        format!(r#"{{"access_token": "{token}", "refresh_token": "{token}", "error": "invalid_grant"}}"#),
        format!("access_token={token}&error=invalid_grant"),
    ] {
        let [text, json] = run_both(body.as_bytes());
        assert_eq!(text.stderr, "inspect: the server answered an error, not a token: invalid_grant\n");
        for run in [&text, &json] {
            assert_eq!(run.code, 2);
            assert_no_run_of(token, &[], &run.output());
        }
    }
}

#[test]
fn empty_standard_input_is_refused_unless_in_a_terminal() {
    let message = "inspect: the input is empty: expected a token response \
                   (nothing was piped in; --sample inspects the bundled sample)\n";
    for args in [&[][..], &["-"], &["--now", NOW]] {
        for stdin in [&b""[..], b" \n\t"] {
            let run = run(args, stdin);
            assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (2, "", message), "{args:?}");
        }
    }
    let json = run(&["--json"], b"").json();
    assert_eq!(json["error"], message.strip_prefix("inspect: ").unwrap().trim_end());
}

#[test]
fn sample_is_evaluated_10_minutes_after_issue() {
    let run = run(&["--sample"], b"ignored, since --sample was given");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.row("read").starts_with("the bundled sample"));
    assert_eq!(run.row("evaluated at"), "2023-11-14T22:23:20Z (10 minutes after the sample was issued)");
    assert_eq!(run.row("expires"), "2023-11-14T23:13:20Z (in 50m)");
    assert_eq!(run.row("verdict"), "usable (exit 0)");
}

#[test]
fn bundled_sample_is_the_seed_model() {
    let run = run(&["--sample", "--now", NOW], b"");
    assert_eq!(run.code, 1);
    assert!(run.row("read").starts_with("the bundled sample"));
    assert_eq!(run.row("issued"), "2023-11-14T22:13:20Z (1y 48d ago)");
    assert_eq!(run.row("expires"), "2023-11-14T23:13:20Z (expired 1y 48d ago)");
    assert_eq!(run.items("scopes"), ["read", "write"]);
    assert_eq!(run.row("verdict"), "expired (exit 1)");
}

// ---------------------------------------------------------------------------------------------
// Warnings.

#[test]
fn unusable_tokens_exit_1_with_warnings() {
    let input = br#"{"access_token": "a b\r\nX-Injected: 1", "token_type": "two words", "expires_in": "-5"}"#;
    let run = run(&["--now", NOW], input);
    assert_eq!(run.code, 1);
    assert_eq!(run.row("header"), "none: access token has a byte outside visible ASCII");
    assert!(!run.stdout.contains("X-Injected"));
    let warnings = run.items("warnings");
    assert!(warnings[1].starts_with("cannot be sent in an Authorization header"), "{warnings:?}");
    assert_eq!(
        warnings[2],
        "expires_in is zero, negative or not a number: the token counts as expired when issued (fail closed)"
    );
    assert_eq!(run.row("verdict"), "unusable (exit 1)");

    let empty = self::run(&["--now", NOW], br#"{"access_token": ""}"#);
    assert_eq!((empty.code, empty.row("header")), (1, "none: access token is empty"));
}

#[test]
fn lifetimes_that_look_like_milliseconds_are_warned_about() {
    let zoho = inspect_fixture("zoho-writer-refresh", &[]);
    assert_eq!(
        zoho.items("warnings"),
        [
            "expires_in is 3600000 s (41d 16h), whole minutes in milliseconds: milliseconds? use `#[token(unit = \"ms\")]` (it would be 1h)"
        ]
    );
    let warnings = |lifetime: &str| {
        let input = format!(r#"{{"access_token": "abcdefghijkl", "expires_in": {lifetime}}}"#);
        run(&["--now", NOW], input.as_bytes()).items("warnings").join("\n")
    };
    assert!(warnings("86400000").contains("milliseconds?"));
    assert!(warnings("\"2640000\"").contains("(it would be 44m)"));
    assert_eq!(warnings("2580000"), ""); // under 30 days
    // 30 and 60 days in seconds (Pinterest, LinkedIn): multiples of 1000, but no whole minutes.
    assert_eq!(warnings("2592000"), "");
    assert_eq!(warnings("5184000"), "");
    assert_eq!(warnings("2640001"), "");
    assert!(warnings("1735689601").starts_with("expires_in is 55y 14d (over a year)"));
}

#[test]
fn unreadable_times_count_as_expired() {
    let input = br#"{"access_token": "abcdefghijkl", "expires_at": "2025-01-01T00:00:00", "issued_at": "now",
        "expires_in": 5, "refresh_token": "r", "refresh_expires_at": "tomorrow"}"#;
    let run = run(&["--now", NOW], input);
    assert_eq!(run.code, 1);
    assert_eq!(run.row("expires"), "1970-01-01T00:00:00Z (expired 55y 14d ago)");
    assert_eq!(run.row("refresh token"), "… (1 chars), expires 1970-01-01T00:00:00Z (expired 55y 14d ago)");
    let not_a_time = "is not a time (neither a Unix time nor an RFC 3339 date-time with an offset)";
    assert_eq!(
        run.items("warnings"),
        [
            format!("expires_at/expires_on {not_a_time}: the token counts as expired (fail closed)"),
            format!("issued_at/created_at {not_a_time}: an expiry computed from it counts as passed (fail closed)"),
            format!("refresh_expires_at {not_a_time}: the refresh token counts as expired (fail closed)"),
        ]
    );
}

#[test]
fn an_overflowed_expiry_says_so() {
    for lifetime in ["1e300", &format!("\"{}\"", "9".repeat(400)), &format!("\"{}.5\"", "9".repeat(400))] {
        let input = format!(r#"{{"access_token": "abcdefghijkl", "expires_in": {lifetime}}}"#);
        let run = run(&["--now", NOW], input.as_bytes());
        assert_eq!((run.code, run.row("expires")), (0, "unknown"), "{lifetime}");
        assert_eq!(
            run.items("warnings")[1],
            "the expiry overflowed (past what the clock can hold): the token never counts as expired"
        );
    }
    let input = br#"{"access_token": "abcdefghijkl", "refresh_token": "r", "refresh_expires_in": 1e300}"#;
    let warnings = run(&["--now", NOW], input).items("warnings").join("\n");
    assert!(warnings.contains("the refresh token's expiry overflowed"), "{warnings}");
}

// ---------------------------------------------------------------------------------------------
// Input that is not a token response, usage, the README.

#[test]
fn input_that_is_not_a_token_response_exits_2() {
    let oversized = vec![b' '; (1 << 20) + 1];
    let cases: &[(&[u8], &str)] = &[
        (
            b"\x7fELF\x02\x01\x01\x00\x00",
            "inspect: the input is binary (a NUL byte at offset 7): expected a token response\n",
        ),
        (b"\xff\xfe{}", "inspect: the input is binary (not UTF-8 at offset 0): expected a token response\n"),
        (&oversized, "inspect: the input is larger than 1 MiB: expected a token response\n"),
        (
            b"{\n  \"access_token\": 12\n}",
            "inspect: not a token response: wrong type at `access_token`: an integer, expected a string (line 2, \
             column 20)\n",
        ),
        (b"{}", "inspect: not a token response: no access_token (or id_token) member\n"),
        (b"scope=repo&token_type=bearer", "inspect: not a token response: no access_token (or id_token) member\n"),
        (b"access_token=a&access_token=b", "inspect: not a token response: duplicate member `access_token`\n"),
    ];
    for (stdin, message) in cases {
        let run = run(&["-", "--now", NOW], stdin);
        assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (2, "", *message));
    }
}

#[test]
fn json_errors_carry_line_and_column() {
    let run = run(&["--json"], b"{\n  \"expires_in\": [3600],\n  \"access_token\": \"a\"\n}");
    assert_eq!(run.code, 2);
    let error = run.json();
    assert_eq!((error["line"].as_u64(), error["column"].as_u64()), (Some(2), Some(22)));
    let refused = "value refused by the type reading it";
    let withheld = "its message is not shown, as it may quote the input";
    assert_eq!(
        error["error"],
        format!("not a token response: {refused} at `expires_in`: {withheld} (line 2, column 22)")
    );

    let scope = self::run(&["--json"], br#"{"access_token": "a", "scope": {"read": true}}"#).json();
    assert_eq!(scope["error"], format!("not a token response: {refused} at `scope`: {withheld} (line 1, column 46)"));
}

#[test]
fn usage_errors_and_help() {
    for (args, message) in [
        (&["--bogus"][..], "inspect: unknown option \"--bogus\" (see --help)\n"),
        (&["a.json", "b.json"], "inspect: more than one input given (see --help)\n"),
        (&["--now"], "inspect: --now needs a time: Unix seconds or an RFC 3339 date-time (see --help)\n"),
        (
            &["--now", "soon"],
            "inspect: --now \"soon\" is neither Unix seconds nor an RFC 3339 date-time in range (see --help)\n",
        ),
        (&["--sample", "a.json"], "inspect: --sample takes no input file (see --help)\n"),
    ] {
        let run = run(args, b"");
        assert_eq!((run.code, run.stderr.as_str()), (2, message), "{args:?}");
    }
    let missing = run(&["/nonexistent/token.json"], b"");
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.starts_with("inspect: cannot read /nonexistent/token.json: "), "{}", missing.stderr);

    let help = run(&["--help"], b"");
    assert_eq!(help.code, 0);
    assert!(help.stdout.starts_with("inspect: what an OAuth 2.0 token response means"));
    assert!(help.stdout.contains("--now TIME"));
}

#[test]
fn readme_shows_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let command = "$ cargo run --example inspect -- tests/fixtures/providers/twitch.json --now 1735689600\n";
    let shown = readme.split_once(command).and_then(|(_, rest)| rest.split_once("\n```")).map(|(shown, _)| shown);
    let run = run(&["tests/fixtures/providers/twitch.json", "--now", "1735689600"], b"");
    assert_eq!(shown, Some(run.stdout.trim_end()), "README.md's first screen is out of date");
}

#[test]
fn dates_are_rfc3339_utc_across_leap_days_centuries_and_1970() {
    for (expires_at, rfc3339) in [
        ("951782400", "2000-02-29T00:00:00Z"),
        ("4107542400", "2100-03-01T00:00:00Z"),
        ("-2203891200", "1900-03-01T00:00:00Z"),
        ("-86400", "1969-12-31T00:00:00Z"),
        ("-1.5", "1969-12-31T23:59:58.500Z"),
        ("\"1278448832702\"", "2010-07-06T20:40:32.702Z"),
        ("\"2023-08-30T20:29:11.892123+02:00\"", "2023-08-30T18:29:11.892123Z"),
    ] {
        let input = format!(r#"{{"access_token": "abcdefghijkl", "expires_at": {expires_at}}}"#);
        let report = run(&["--json", "--now", "0"], input.as_bytes()).json();
        assert_eq!(report["expires"]["rfc3339"], rfc3339, "{expires_at}");
    }
    // Past 9999-12-31T23:59:59Z: no time a server means, so unreadable, and expired (fail closed).
    let input = br#"{"access_token": "abcdefghijkl", "expires_at": 9e15}"#;
    assert!(run(&["--now", NOW], input).row("expires").starts_with("1970-01-01T00:00:00Z (expired"));
}
