//! The middleware as a tower layer (feature `tower`) around hyper-util's client, against a real
//! token endpoint and API on loopback (`support/api.rs`).

#[path = "support/api.rs"]
mod api;
#[path = "support/clock.rs"]
mod clock;

mod http_tower {
    use std::future::Future;
    use std::sync::Arc;

    use http::header::AUTHORIZATION;
    use http::{Request, StatusCode};
    use http_body_util::{BodyExt, Full};
    use hyper::body::{Bytes, Incoming};
    use hyper_util::client::legacy::Client;
    use hyper_util::client::legacy::connect::HttpConnector;
    use hyper_util::rt::TokioExecutor;
    use token_response::cache::TokenCache;
    use token_response::client::{self, ClientAuth, TokenClient};
    use token_response::middleware::{self, Policy, TokenLayer, TokenRefreshed, TokenService};
    use tokio::task::JoinSet;
    use tower::{BoxError, Layer, ServiceExt};

    use super::api::{Api, CLIENT_ID, CLIENT_SECRET, Counts, Server, Tok};
    use super::clock::Clock;

    const START: u64 = 1_800_000_000;
    const LIFETIME: u64 = 3600;
    const CALLERS: usize = 100;

    type Cache = Arc<TokenCache<Tok, client::Error>>;
    type Service = TokenService<Client<HttpConnector, Full<Bytes>>, Tok, client::Error>;

    fn run<F: Future<Output = ()>>(policy: Policy, test: impl FnOnce(Server, Cache, Service) -> F) {
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
            let hyper_client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
            let service = TokenLayer::new(cache.clone()).with_policy(policy).layer(hyper_client);
            test(server, cache, service).await;
        });
    }

    fn get(url: String) -> Request<Full<Bytes>> {
        Request::get(url).body(Full::default()).unwrap()
    }

    async fn send(service: &Service, request: Request<Full<Bytes>>) -> Result<http::Response<Incoming>, BoxError> {
        service.clone().oneshot(request).await
    }

    fn middleware_error(error: &BoxError) -> &middleware::Error<client::Error> {
        error.downcast_ref().expect("the middleware's error")
    }

    #[test]
    fn tower_hundred_requests_with_a_revoked_token_one_refresh_hundred_retries() {
        run(Policy::new(), |server, _, service| async move {
            assert_eq!(send(&service, get(server.api_url("warm-up"))).await.unwrap().status(), StatusCode::OK);
            for round in 0..5 {
                server.revoke();
                server.gather_refusals(CALLERS);
                let before = server.counts();
                let mut tasks = JoinSet::new();
                for i in 0..CALLERS {
                    let (service, url) = (service.clone(), server.api_url(&format!("item/{i}")));
                    tasks.spawn(async move { service.oneshot(get(url)).await });
                }
                for response in tasks.join_all().await {
                    let response = response.unwrap();
                    assert_eq!(response.status(), StatusCode::OK, "round {round}");
                    assert_eq!(response.extensions().get::<TokenRefreshed>(), Some(&TokenRefreshed { retried: true }));
                }
                let now = server.counts();
                assert_eq!(
                    now.token_calls - before.token_calls,
                    1,
                    "round {round}: one refresh for {CALLERS} refusals"
                );
                assert_eq!(now.api_refused - before.api_refused, CALLERS, "round {round}");
                assert_eq!(now.api_ok - before.api_ok, CALLERS, "round {round}");
            }
        });
    }

    #[test]
    fn tower_post_body_replayed_byte_for_byte() {
        run(Policy::new(), |server, cache, service| async move {
            cache.get().await.unwrap();
            server.revoke();
            let body: Vec<u8> = (0..=255u8).rev().cycle().take(50_000).collect();
            let request = Request::post(server.api_url("upload"))
                .header("x-request-id", "42")
                .body(Full::new(Bytes::from(body.clone())))
                .unwrap();
            let response = send(&service, request).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), Some(&TokenRefreshed { retried: true }));
            assert_eq!(response.into_body().collect().await.unwrap().to_bytes(), body);
            let requests = server.api_requests();
            assert_eq!(requests.len(), 2);
            assert!(requests.iter().all(|request| request.body == body && request.method == http::Method::POST));
            assert_eq!(requests[1].authorization.as_deref(), Some("Bearer at-2"));
        });
    }

    #[test]
    fn tower_no_retry_by_policy_marks_the_401() {
        run(Policy::new().retry(false), |server, cache, service| async move {
            cache.get().await.unwrap();
            server.revoke();
            let response = send(&service, get(server.api_url("once"))).await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), Some(&TokenRefreshed { retried: false }));
            assert_eq!((server.counts().api_calls, server.counts().token_calls), (1, 2));
            assert_eq!(send(&service, get(server.api_url("next"))).await.unwrap().status(), StatusCode::OK);
        });
    }

    #[test]
    fn tower_second_401_returned_not_looped() {
        run(Policy::new(), |server, _, service| async move {
            server.set_api(Api::RejectAll);
            let response = send(&service, get(server.api_url("never"))).await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), Some(&TokenRefreshed { retried: true }));
            assert_eq!((server.counts().api_calls, server.counts().token_calls), (2, 2));
        });
    }

    #[test]
    fn tower_insufficient_scope_refreshes_nothing() {
        run(Policy::new(), |server, _, service| async move {
            server.set_api(Api::InsufficientScope);
            let response = send(&service, get(server.api_url("admin"))).await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
            assert_eq!(response.extensions().get::<TokenRefreshed>(), None);
            assert_eq!((server.counts().api_calls, server.counts().token_calls), (1, 1));
        });
    }

    #[test]
    fn tower_own_authorization_left_untouched() {
        run(Policy::new(), |server, _, service| async move {
            let request =
                Request::get(server.api_url("mine")).header(AUTHORIZATION, "Basic bWluZTptaW5l").body(Full::default());
            let response = send(&service, request.unwrap()).await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(server.api_requests()[0].authorization.as_deref(), Some("Basic bWluZTptaW5l"));
            assert_eq!(server.counts().token_calls, 0);
        });
    }

    #[test]
    fn tower_refuses_plain_http_beyond_loopback() {
        run(Policy::new(), |server, _, service| async move {
            let error = send(&service, get("http://api.example.com/orders".into())).await.unwrap_err();
            assert!(
                matches!(middleware_error(&error), middleware::Error::PlainHttp { host } if host == "api.example.com")
            );
            let error = send(&service, get("/relative/only".into())).await.unwrap_err();
            assert!(matches!(middleware_error(&error), middleware::Error::NoHost));
            assert_eq!(server.counts(), Counts::default());
        });
        run(
            Policy::new().allow_plain_http("api.example.com").only_hosts(["api.example.com"]),
            |server, _, service| async move {
                // Plain http allowed to a host does not let the token go to hosts not listed.
                let error = send(&service, get(server.api_url("x"))).await.unwrap_err();
                assert!(matches!(middleware_error(&error), middleware::Error::HostNotAllowed { .. }));
            },
        );
    }
}
