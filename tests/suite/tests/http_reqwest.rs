//! The middleware through reqwest-middleware (feature `reqwest-middleware`): reqwest on loopback
//! against a real token endpoint and API (`support/api.rs`), the token from the token client.

#[path = "support/api.rs"]
mod api;
#[path = "support/clock.rs"]
mod clock;

mod http_reqwest {
    use std::future::Future;
    use std::sync::Arc;

    use reqwest::header::AUTHORIZATION;
    use reqwest::{Body, StatusCode};
    use reqwest_middleware::ClientWithMiddleware;
    use token_response::cache::TokenCache;
    use token_response::client::{self, ClientAuth, TokenClient};
    use token_response::middleware::{self, Policy, TokenMiddleware, TokenRefreshed};
    use tokio::task::JoinSet;

    use super::api::{Api, CLIENT_ID, CLIENT_SECRET, Counts, Server, Tok};
    use super::clock::Clock;

    const START: u64 = 1_800_000_000;
    const LIFETIME: u64 = 3600;
    const CALLERS: usize = 100;

    type Cache = Arc<TokenCache<Tok, client::Error>>;

    fn run<F: Future<Output = ()>>(policy: Policy, test: impl FnOnce(Server, Cache, ClientWithMiddleware) -> F) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let clock = Clock::new(START);
            let server = Server::start(&clock, LIFETIME).unwrap();
            let tokens = TokenClient::new(
                reqwest::Client::new(),
                server.token_url().parse().unwrap(),
                ClientAuth::basic(CLIENT_ID, CLIENT_SECRET),
            );
            let cache = Arc::new(tokens.cache::<Tok>().with_clock(clock.reader()));
            let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
                .with(TokenMiddleware::new(cache.clone()).with_policy(policy))
                .build();
            test(server, cache, api).await;
        });
    }

    /// The middleware's error inside reqwest-middleware's.
    fn middleware_error(error: &reqwest_middleware::Error) -> &middleware::Error<client::Error> {
        match error {
            reqwest_middleware::Error::Middleware(error) => error.downcast_ref().expect("the middleware's error"),
            reqwest_middleware::Error::Reqwest(error) => panic!("not the middleware's: {error}"),
        }
    }

    fn since(before: Counts, now: Counts) -> Counts {
        Counts {
            token_calls: now.token_calls - before.token_calls,
            issued: now.issued - before.issued,
            api_calls: now.api_calls - before.api_calls,
            api_ok: now.api_ok - before.api_ok,
            api_refused: now.api_refused - before.api_refused,
        }
    }

    #[test]
    fn reqwest_hundred_requests_with_a_revoked_token_one_refresh_hundred_retries() {
        run(Policy::new(), |server, _, api| async move {
            assert_eq!(api.get(server.api_url("warm-up")).send().await.unwrap().status(), StatusCode::OK);
            for round in 0..5 {
                server.revoke();
                server.gather_refusals(CALLERS); // every request is refused before any refresh ends
                let before = server.counts();
                let mut tasks = JoinSet::new();
                for i in 0..CALLERS {
                    let (api, url) = (api.clone(), server.api_url(&format!("item/{i}")));
                    tasks.spawn(async move { api.get(url).send().await });
                }
                for response in tasks.join_all().await {
                    let response = response.unwrap();
                    assert_eq!(response.status(), StatusCode::OK, "round {round}");
                    assert_eq!(response.extensions().get::<TokenRefreshed>(), Some(&TokenRefreshed { retried: true }));
                }
                let counts = since(before, server.counts());
                assert_eq!(counts.token_calls, 1, "round {round}: one refresh for {CALLERS} refusals");
                assert_eq!((counts.api_refused, counts.api_ok), (CALLERS, CALLERS), "round {round}");
            }
        });
    }

    #[test]
    fn reqwest_post_body_replayed_byte_for_byte() {
        run(Policy::new(), |server, cache, api| async move {
            let first = cache.get().await.unwrap();
            server.revoke();
            let body: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
            let response = api.post(server.api_url("upload")).body(body.clone()).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), Some(&TokenRefreshed { retried: true }));
            assert_eq!(response.bytes().await.unwrap(), body, "the API echoed the replayed body");
            let requests = server.api_requests();
            assert_eq!(requests.len(), 2);
            assert_eq!(requests[0].authorization, Some(format!("Bearer {}", first.access_token)));
            assert_eq!(requests[0].status, StatusCode::UNAUTHORIZED);
            assert_eq!(requests[1].authorization, Some("Bearer at-2".to_owned()));
            for request in &requests {
                assert_eq!(request.method, reqwest::Method::POST);
                assert_eq!(request.body, body);
            }
        });
    }

    #[test]
    fn reqwest_streaming_body_not_replayed_but_marked() {
        run(Policy::new(), |server, cache, api| async move {
            cache.get().await.unwrap();
            server.revoke();
            let chunks = ["a stream ", "that cannot ", "be read twice"].map(Ok::<_, std::io::Error>);
            let body = Body::wrap_stream(futures_util::stream::iter(chunks));
            let response = api.post(server.api_url("stream")).body(body).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), Some(&TokenRefreshed { retried: false }));
            assert_eq!(server.api_requests().len(), 1, "not sent again");
            assert_eq!(server.api_requests()[0].body, "a stream that cannot be read twice");
            assert_eq!(server.counts().token_calls, 2, "refreshed for the next request");
            // The next request carries the new token at once.
            let response = api.get(server.api_url("after")).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), None);
            assert_eq!(server.counts().token_calls, 2);
        });
    }

    #[test]
    fn reqwest_second_401_returned_not_looped() {
        run(Policy::new(), |server, _, api| async move {
            server.set_api(Api::RejectAll);
            let response = api.get(server.api_url("never")).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), Some(&TokenRefreshed { retried: true }));
            let counts = server.counts();
            assert_eq!((counts.api_calls, counts.token_calls), (2, 2), "one retry, one refresh after the first grant");
        });
    }

    #[test]
    fn reqwest_insufficient_scope_and_invalid_request_refresh_nothing() {
        run(Policy::new(), |server, _, api| async move {
            server.set_api(Api::InsufficientScope);
            let response = api.get(server.api_url("admin")).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), None);

            server.set_api(Api::Normal);
            server.revoke();
            server.set_challenge(Some(r#"Bearer realm="api", error="invalid_request""#));
            let response = api.get(server.api_url("bad")).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), None);

            server.set_challenge(None); // a 401 without a challenge
            let response = api.get(server.api_url("bare")).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            let counts = server.counts();
            assert_eq!((counts.token_calls, counts.api_calls), (1, 3), "the first grant only, no retry");
        });
    }

    #[test]
    fn reqwest_unchallenged_401_refreshes_when_the_policy_says_so() {
        run(Policy::new().refresh_unchallenged(true), |server, cache, api| async move {
            cache.get().await.unwrap();
            server.revoke();
            server.set_challenge(None);
            let response = api.get(server.api_url("bare")).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(server.counts().token_calls, 2);
        });
    }

    #[test]
    fn reqwest_own_authorization_left_untouched() {
        run(Policy::new(), |server, _, api| async move {
            let response = api.get(server.api_url("mine")).header(AUTHORIZATION, "Bearer my-own").send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "returned as the API answered");
            assert_eq!(response.extensions().get::<TokenRefreshed>(), None);
            assert_eq!(server.api_requests()[0].authorization.as_deref(), Some("Bearer my-own"));
            assert_eq!(server.counts().token_calls, 0, "no token fetched, none refreshed");
        });
    }

    #[test]
    fn reqwest_refuses_plain_http_beyond_loopback_and_hosts_not_allowed() {
        run(Policy::new(), |server, _, api| async move {
            let error = api.get("http://api.example.com/orders").send().await.unwrap_err();
            assert!(
                matches!(middleware_error(&error), middleware::Error::PlainHttp { host } if host == "api.example.com")
            );
            assert_eq!(server.counts().token_calls, 0, "refused before a token was fetched");
        });
        run(Policy::new().only_hosts(["api.example.com"]), |server, _, api| async move {
            let error = api.get(server.api_url("x")).send().await.unwrap_err();
            assert!(
                matches!(middleware_error(&error), middleware::Error::HostNotAllowed { host } if host == "127.0.0.1")
            );
            assert_eq!(server.counts(), Counts::default());
        });
        run(Policy::new().only_hosts(["localhost"]), |server, _, api| async move {
            let url = format!("http://localhost:{}/api/by-name", server.addr().port());
            assert_eq!(api.get(url).send().await.unwrap().status(), StatusCode::OK);
        });
    }

    #[test]
    fn reqwest_refuses_a_dpop_token() {
        run(Policy::new(), |server, _, api| async move {
            server.set_token_type("DPoP");
            let error = api.get(server.api_url("x")).send().await.unwrap_err();
            assert!(matches!(middleware_error(&error), middleware::Error::Dpop), "{error}");
            assert_eq!(server.counts().api_calls, 0, "never sent, as DPoP or as Bearer");
        });
    }

    #[test]
    fn reqwest_failed_refresh_after_401_is_an_error_without_tokens() {
        run(Policy::new(), |server, cache, api| async move {
            cache.get().await.unwrap();
            server.revoke();
            server.forget_refresh_token();
            let error = api.get(server.api_url("x")).send().await.unwrap_err();
            let inner = middleware_error(&error);
            assert!(matches!(inner, middleware::Error::Token(_)), "{inner:?}");
            for text in [error.to_string(), format!("{error:?}"), format!("{inner:?}"), inner.to_string()] {
                assert!(!text.contains("at-1") && !text.contains("rt-1") && !text.contains("secret"), "{text}");
            }
        });
    }
}
