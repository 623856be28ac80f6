//! The token client (feature `reqwest`) against a real token endpoint on loopback
//! (`support/api.rs`): grants, client authentication with RFC 6749's special characters, JSON
//! and form answers, error responses with 200 and 4xx, and the cache it feeds.

#[path = "support/api.rs"]
mod api;
#[path = "support/clock.rs"]
mod clock;

mod http_client {
    use std::future::Future;
    use std::sync::Arc;

    use token_response::client::{ClientAuth, Error, TokenClient};
    use token_response::{ErrorCode, TokenResponse};

    use super::api::{CLIENT_ID, CLIENT_SECRET, CODE, Server, Tok, VERIFIER};
    use super::clock::Clock;

    const START: u64 = 1_800_000_000;
    const LIFETIME: u64 = 3600;

    fn run<F: Future<Output = ()>>(test: impl FnOnce(Clock, Server) -> F) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let clock = Clock::new(START);
            let server = Server::start(&clock, LIFETIME).unwrap();
            test(clock, server).await;
        });
    }

    fn client(url: &str, auth: ClientAuth) -> TokenClient {
        TokenClient::new(reqwest::Client::new(), url.parse().unwrap(), auth)
    }

    fn basic() -> ClientAuth {
        ClientAuth::basic(CLIENT_ID, CLIENT_SECRET)
    }

    /// Neither the error's `Display` nor its `Debug` holds a token, a secret or a description.
    fn assert_quotes_nothing(error: &Error) {
        for text in [error.to_string(), format!("{error:?}")] {
            for secret in ["at-", "rt-", "secret-looking", CLIENT_SECRET, "description"] {
                assert!(!text.contains(secret), "{secret:?} in {text:?}");
            }
        }
    }

    #[test]
    fn client_basic_auth_carries_rfc6749_special_characters() {
        run(|_, server| async move {
            let token: Tok = client(&server.token_url(), basic()).client_credentials().await.unwrap();
            assert_eq!(token.access_token(), "at-1");
            let request = &server.token_requests()[0];
            // The server undid Base64, split at the first colon, and form-decoded each half.
            assert_eq!(request.basic, Some((CLIENT_ID.to_owned(), CLIENT_SECRET.to_owned())));
            assert_eq!(request.get("client_secret"), None, "the secret is not in the body too");
            assert_eq!(request.get("grant_type"), Some("client_credentials"));
        });
    }

    #[test]
    fn client_body_auth_and_extras() {
        run(|_, server| async move {
            let client = client(&server.token_url(), ClientAuth::body(CLIENT_ID, CLIENT_SECRET))
                .scope("read write")
                .audience("https://api.example.com")
                .resource("https://api.example.com/a")
                .resource("urn:b");
            let _: Tok = client.client_credentials().await.unwrap();
            let request = &server.token_requests()[0];
            assert_eq!(request.basic, None);
            let form: Vec<(&str, &str)> = request.form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(
                form,
                [
                    ("grant_type", "client_credentials"),
                    ("scope", "read write"),
                    ("audience", "https://api.example.com"),
                    ("resource", "https://api.example.com/a"),
                    ("resource", "urn:b"),
                    ("client_id", CLIENT_ID),
                    ("client_secret", CLIENT_SECRET),
                ]
            );
        });
    }

    #[test]
    fn client_reads_json_and_form_answers() {
        run(|clock, server| async move {
            let client = client(&server.token_url(), basic());
            let json: Tok = client.client_credentials().await.unwrap();
            server.set_form_answers(true);
            let form: Tok = client.refresh(json.refresh_token().unwrap()).await.unwrap();
            assert_eq!(form.access_token(), "at-2");
            assert_eq!(form.refresh_token(), Some("rt-2"));
            assert_eq!(form.expires_at(), json.expires_at(), "numbers sent as text read as numbers");
            assert!(!form.is_expired_at(clock.now()));
            let request = &server.token_requests()[1];
            assert_eq!(request.get("grant_type"), Some("refresh_token"));
            assert_eq!(request.get("refresh_token"), Some("rt-1"));
        });
    }

    #[test]
    fn client_authorization_code_with_pkce_verifier() {
        run(|_, server| async move {
            let client = client(&server.token_url(), ClientAuth::public(CLIENT_ID));
            let redirect = "http://127.0.0.1:8400/callback";
            let token: Tok = client.exchange_code(CODE, redirect, Some(VERIFIER)).await.unwrap();
            assert_eq!(token.access_token(), "at-1");
            let request = &server.token_requests()[0];
            assert_eq!(request.get("code_verifier"), Some(VERIFIER));
            assert_eq!(request.get("redirect_uri"), Some(redirect));
            assert_eq!(request.get("client_id"), Some(CLIENT_ID));

            let error = client.exchange_code::<Tok>(CODE, redirect, Some("wrong-verifier")).await.unwrap_err();
            assert!(matches!(&error, Error::Refused { code: ErrorCode::InvalidGrant, .. }), "{error:?}");
            assert!(error.is_terminal());
            assert_quotes_nothing(&error);
        });
    }

    #[test]
    fn client_error_responses_with_4xx_and_200() {
        run(|_, server| async move {
            let wrong = client(&server.token_url(), ClientAuth::basic(CLIENT_ID, "not the secret"));
            let error = wrong.client_credentials::<Tok>().await.unwrap_err();
            assert!(
                matches!(&error, Error::Refused { status, code: ErrorCode::InvalidClient } if status.as_u16() == 401),
                "{error:?}"
            );
            assert!(error.is_terminal());
            assert_quotes_nothing(&error);

            let right = client(&server.token_url(), basic());
            let error = right.refresh::<Tok>("rt-unknown").await.unwrap_err();
            assert!(
                matches!(&error, Error::Refused { status, code: ErrorCode::InvalidGrant } if status.as_u16() == 400)
            );
            assert_quotes_nothing(&error);

            server.set_errors_with_200(true);
            let error = right.refresh::<Tok>("rt-unknown").await.unwrap_err();
            assert!(
                matches!(&error, Error::Refused { status, code: ErrorCode::InvalidGrant } if status.as_u16() == 200)
            );
            assert!(error.is_terminal());
            assert_quotes_nothing(&error);
        });
    }

    #[test]
    fn client_errors_say_which_step_failed() {
        run(|_, server| async move {
            let missing = client(&format!("http://{}/missing", server.addr()), basic());
            let error = missing.client_credentials::<Tok>().await.unwrap_err();
            assert!(matches!(&error, Error::Status(status) if status.as_u16() == 404), "{error:?}");
            assert!(!error.is_terminal());

            // A port that was free a moment ago: nothing listens there.
            let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
            let error =
                client(&format!("http://{closed}/token"), basic()).client_credentials::<Tok>().await.unwrap_err();
            assert!(matches!(error, Error::Transport(_)), "{error:?}");
            assert!(!error.is_terminal());

            let before = server.counts().token_calls;
            let error = client("http://auth.example.com/token", basic()).client_credentials::<Tok>().await.unwrap_err();
            assert!(matches!(error, Error::InsecureUrl), "{error:?}");
            assert!(error.is_terminal());
            assert_eq!(server.counts().token_calls, before);
        });
    }

    #[test]
    fn client_cache_first_grant_then_rotating_refresh() {
        run(|clock, server| async move {
            let cache = Arc::new(client(&server.token_url(), basic()).cache::<Tok>().with_clock(clock.reader()));
            let first = cache.get().await.unwrap();
            assert_eq!(first.access_token(), "at-1");
            clock.advance(LIFETIME);
            let second = cache.get().await.unwrap();
            assert_eq!(second.access_token(), "at-2");
            let requests = server.token_requests();
            assert_eq!(requests[0].get("grant_type"), Some("client_credentials"));
            assert_eq!(requests[1].get("grant_type"), Some("refresh_token"));
            assert_eq!(requests[1].get("refresh_token"), Some("rt-1"));

            // The refresh token dies: invalid_grant is terminal, and the cache stops asking.
            server.forget_refresh_token();
            clock.advance(LIFETIME);
            let error = cache.get().await.unwrap_err();
            assert!(error.refresh_error().is_some_and(Error::is_terminal), "{error:?}");
            let calls = server.counts().token_calls;
            assert!(cache.get().await.is_err());
            assert_eq!(server.counts().token_calls, calls, "signed out: no second call");
        });
    }

    #[test]
    fn client_refresh_token_only_never_uses_client_credentials() {
        run(|_, server| async move {
            let client = client(&server.token_url(), basic()).refresh_token_only();
            let refresh = client.refresher::<Tok>();
            let error = refresh(None).await.unwrap_err();
            assert!(matches!(error, Error::NoRefreshToken) && error.is_terminal());
            assert_eq!(server.counts().token_calls, 0);
        });
    }
}
