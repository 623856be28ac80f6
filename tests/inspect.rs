//! `examples/inspect.rs` end to end: the built example run on every provider fixture and on
//! input that is not a token response, with `--now` fixed so the output is reproducible.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// 2025-01-01T00:00:00Z: after every documented absolute expiry, before every receipt + lifetime.
const NOW: &str = "1735689600";

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/providers");

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

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e} in:\n{}", self.stdout))
    }
}

/// The example binary that `cargo test` built beside this test, in `target/<profile>/examples`;
/// built here if a narrower `cargo test --test inspect` did not build it.
fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        let profile_dir = exe.parent().and_then(Path::parent).unwrap();
        let binary = profile_dir.join("examples").join(format!("inspect{}", std::env::consts::EXE_SUFFIX));
        if !binary.exists() {
            let profile = profile_dir.file_name().unwrap().to_str().unwrap();
            let profile = if profile == "debug" { "dev" } else { profile };
            let status = Command::new(env!("CARGO"))
                .args(["build", "--example", "inspect", "--profile", profile])
                .env("CARGO_TARGET_DIR", profile_dir.parent().unwrap())
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .unwrap();
            assert!(status.success(), "cannot build the inspect example");
        }
        binary
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

fn fixture_path(name: &str) -> String {
    format!("{FIXTURES}/{name}.json")
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
fn no_fixture_token_is_printed_whole() {
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().unwrap().to_str().unwrap().strip_suffix(".json") else { continue };
        let text = std::fs::read_to_string(&path).unwrap();
        let response: serde_json::Value = serde_json::from_str(&text).unwrap();
        for json in [false, true] {
            let run = inspect_fixture(name, if json { &["--json"] } else { &[] });
            assert!([0, 1].contains(&run.code), "{name}: exit {}", run.code);
            for key in ["access_token", "refresh_token", "id_token", "idToken", "refreshToken"] {
                if let Some(secret) = response[key].as_str() {
                    assert!(!run.stdout.contains(secret), "{name}: {key} printed whole");
                }
            }
        }
    }
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

#[test]
fn salesforce_millisecond_issue_time_is_exact() {
    let run = inspect_fixture("salesforce", &[]);
    assert_eq!(run.row("issued"), "2010-07-06T20:40:32.702Z (14y 182d ago)");
    assert_eq!(run.row("needs refresh"), "unknown (no expiry)");
    assert!(run.items("warnings")[0].starts_with("no expiry known"));
}

#[test]
fn refresh_token_lifetimes_are_reported() {
    let run = inspect_fixture("github-app-user-token", &[]);
    assert_eq!(run.row("refresh token"), "ghr_…1498 (80 chars), expires 2025-07-03T00:00:00Z (in 183d)");
    let keycloak = inspect_fixture("keycloak", &[]);
    assert_eq!(keycloak.row("refresh token"), "<…> (7 chars), expires 2025-01-01T00:30:00Z (in 30m)");
    let intuit = inspect_fixture("intuit-quickbooks", &[]);
    assert_eq!(intuit.row("refresh token"), "<r…n> (15 chars), expires 2025-06-30T00:00:00Z (in 180d)");
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
fn expiry_is_evaluated_at_now() {
    let path = fixture_path("strava");
    let before = run(&[&path, "--now", "1562908001"], b"");
    assert_eq!((before.code, before.row("expires")), (0, "2019-07-12T05:06:42Z (in 1s)"));
    assert_eq!(before.row("needs refresh"), "yes");
    let at = run(&[&path, "--now", "1562908002"], b"");
    assert_eq!((at.code, at.row("expires")), (1, "2019-07-12T05:06:42Z (expired just now)"));
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
    assert_eq!(report["now"]["unix"], 1_735_689_600);
    assert_eq!(report["token_type"], "Bearer");
    assert_eq!(report["header"]["scheme"], "Bearer");
    assert_eq!(report["access_token"], serde_json::json!({"shown": "<…>", "length": 7}));
    assert_eq!(report["issued_sent"], false);
    assert_eq!(report["expires"]["rfc3339"], "2025-01-01T00:05:00Z");
    assert_eq!(report["expires"]["unix"], 1_735_689_900);
    assert_eq!(report["expires"]["relative"], "in 5m");
    assert_eq!((report["expired"].as_bool(), report["needs_refresh"].as_bool()), (Some(false), Some(false)));
    assert_eq!(report["refresh_token"]["expires"]["unix"], 1_735_691_400);
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
fn bundled_sample_is_the_seed_model() {
    let run = run(&["--sample", "--now", NOW], b"");
    assert_eq!(run.code, 1);
    assert!(run.row("read").starts_with("the bundled sample"));
    assert_eq!(run.row("issued"), "2023-11-14T22:13:20Z (1y 48d ago)");
    assert_eq!(run.row("expires"), "2023-11-14T23:13:20Z (expired 1y 48d ago)");
    assert_eq!(run.items("scopes"), ["read", "write"]);
    assert_eq!(run.row("verdict"), "expired (exit 1)");
}

#[test]
fn with_nothing_piped_the_sample_is_evaluated_10_minutes_after_issue() {
    let run = run(&[], b"");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.row("read").starts_with("the bundled sample"));
    assert_eq!(run.row("evaluated at"), "2023-11-14T22:23:20Z (10 minutes after the sample was issued)");
    assert_eq!(run.row("expires"), "2023-11-14T23:13:20Z (in 50m)");
    assert_eq!(run.row("verdict"), "usable (exit 0)");
}

#[test]
fn unusable_tokens_exit_1_with_warnings() {
    let input = br#"{"access_token": "a b\r\nX-Injected: 1", "token_type": "two words", "expires_in": "-5"}"#;
    let run = run(&["--now", NOW], input);
    assert_eq!(run.code, 1);
    assert_eq!(run.row("header"), "none: access token has a byte outside visible ASCII");
    assert!(!run.stdout.contains("X-Injected"));
    let warnings = run.items("warnings");
    assert!(warnings[1].starts_with("cannot be sent in an Authorization header"), "{warnings:?}");
    assert!(warnings[2].starts_with("expires_in \"-5\" is zero, negative or not a number"), "{warnings:?}");
    assert_eq!(run.row("verdict"), "unusable (exit 1)");

    let empty = self::run(&["--now", NOW], br#"{"access_token": ""}"#);
    assert_eq!((empty.code, empty.row("header")), (1, "none: access token is empty"));
}

#[test]
fn absurd_lifetimes_are_warned_about() {
    let run = run(&["--now", NOW], br#"{"accessToken": "abcdefghijkl", "expiresIn": 1735689600}"#);
    assert_eq!(run.code, 0);
    assert!(run.items("warnings")[0].contains("is over a year"), "{}", run.stdout);
}

#[test]
fn input_that_is_not_a_token_response_exits_2() {
    let oversized = vec![b' '; (1 << 20) + 1];
    let cases: &[(&[u8], &str)] = &[
        (b"", "inspect: the input is empty: expected a JSON token response\n"),
        (b" \n\t", "inspect: the input is empty: expected a JSON token response\n"),
        (
            b"\x7fELF\x02\x01\x01\x00\x00",
            "inspect: the input is binary (a NUL byte at offset 7): expected a JSON token response\n",
        ),
        (b"\xff\xfe{}", "inspect: the input is binary (not UTF-8 at offset 0): expected a JSON token response\n"),
        (&oversized, "inspect: the input is larger than 1 MiB: expected a JSON token response\n"),
        (b"access_token=gho_16C7&scope=repo", "inspect: not a token response: expected value at line 1 column 1\n"),
        (
            b"{\n  \"access_token\": 12\n}",
            "inspect: not a token response: invalid type: integer `12`, expected a string at line 2 column 20\n",
        ),
        (
            b"{\"access_token\": \"a\",",
            "inspect: not a token response: EOF while parsing a value at line 1 column 21\n",
        ),
        (b"{}", "inspect: not a token response: no access_token (or id_token) field\n"),
        (
            br#"{"error": "invalid_grant", "error_description": "Bad code"}"#,
            "inspect: the server refused: OAuth error \"invalid_grant\": \"Bad code\"\n",
        ),
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
    let message = "not a token response: expected a number or a numeric string at line 2 column 22";
    assert_eq!(error["error"], message);

    let scope = self::run(&["--json"], br#"{"access_token": "a", "scope": {"read": true}}"#).json();
    assert_eq!(
        scope["error"],
        "not a token response: expected a scope string or a list of scope strings at line 1 column 46"
    );
}

#[test]
fn usage_errors_and_help() {
    for (args, message) in [
        (&["--bogus"][..], "inspect: unknown option \"--bogus\" (see --help)\n"),
        (&["a.json", "b.json"], "inspect: more than one input given (see --help)\n"),
        (&["--now"], "inspect: --now needs a Unix time in seconds (see --help)\n"),
        (&["--now", "soon"], "inspect: --now \"soon\" is not an integer (see --help)\n"),
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
    assert!(help.stdout.contains("--now UNIX_SECONDS"));
}

#[test]
fn readme_shows_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let command = "$ cargo run --example inspect -- tests/fixtures/providers/twitch.json --now 1735689600\n";
    let shown = readme.split_once(command).and_then(|(_, rest)| rest.split_once("\n```")).map(|(shown, _)| shown);
    let run = run(&["tests/fixtures/providers/twitch.json", "--now", "1735689600"], b"");
    assert_eq!(shown, Some(run.stdout.trim_end()), "README.md's `## inspect` output is out of date");
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
    ] {
        let input = format!(r#"{{"access_token": "abcdefghijkl", "expires_at": {expires_at}}}"#);
        let report = run(&["--json", "--now", "0"], input.as_bytes()).json();
        assert_eq!(report["expires"]["rfc3339"], rfc3339, "{expires_at}");
    }
}
