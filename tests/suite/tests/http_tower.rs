//! The middleware as a tower layer (feature `tower`) around hyper-util's client, against a real
//! token endpoint and API on loopback (`support/api.rs`): bodies that are `Clone` (`Full`),
//! replayed after a refresh; and bodies that are not (a boxed stream, tonic's body), through
//! `without_replay`.

#[path = "support/api.rs"]
mod api;
#[path = "support/clock.rs"]
mod clock;

mod http_tower {
    use std::future::Future;
    use std::sync::Arc;

    use http::header::AUTHORIZATION;
    use http::{Request, StatusCode};
    use http_body_util::combinators::UnsyncBoxBody;
    use http_body_util::{BodyExt, Full, StreamBody};
    use hyper::body::{Body, Bytes, Frame, Incoming};
    use hyper_util::client::legacy::Client;
    use hyper_util::client::legacy::connect::HttpConnector;
    use hyper_util::rt::TokioExecutor;
    use token_response::cache::TokenCache;
    use token_response::client::{self, ClientAuth, TokenClient};
    use token_response::middleware::{self, NoReplay, Policy, TokenLayer, TokenRefreshed, TokenService};
    use tokio::task::JoinSet;
    use tower::{BoxError, Layer, ServiceExt};

    use super::api::{Api, CLIENT_ID, CLIENT_SECRET, Counts, Server, Tok};
    use super::clock::Clock;

    const START: u64 = 1_800_000_000;
    const LIFETIME: u64 = 3600;
    const CALLERS: usize = 100;

    type Cache = Arc<TokenCache<Tok, client::Error>>;
    type Service = TokenService<Client<HttpConnector, Full<Bytes>>, Tok, client::Error>;
    /// A body that cannot be replayed: a stream, boxed (not `Clone`).
    type Stream = UnsyncBoxBody<Bytes, BoxError>;
    type StreamService = TokenService<Client<HttpConnector, Stream>, Tok, client::Error, NoReplay>;

    /// `test` with the layer made by `TokenLayer::new` around hyper-util's client of `Full` bodies.
    fn run<F: Future<Output = ()>>(policy: Policy, test: impl FnOnce(Server, Cache, Service) -> F) {
        run_layer(policy, |server, cache, layer| test(server, cache, layer.layer(hyper_client())));
    }

    /// `test` with the layer, to wrap a client of its own body type.
    fn run_layer<F: Future<Output = ()>>(
        policy: Policy,
        test: impl FnOnce(Server, Cache, TokenLayer<Tok, client::Error>) -> F,
    ) {
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
            let layer = TokenLayer::new(cache.clone()).with_policy(policy);
            test(server, cache, layer).await;
        });
    }

    fn hyper_client<B>() -> Client<HttpConnector, B>
    where
        B: Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        Client::builder(TokioExecutor::new()).build_http()
    }

    /// A body streamed in `chunks`, boxed.
    fn stream<C: Into<Bytes>>(chunks: impl IntoIterator<Item = C>) -> Stream {
        let frames: Vec<Result<_, BoxError>> = chunks.into_iter().map(|chunk| Ok(Frame::data(chunk.into()))).collect();
        StreamBody::new(futures_util::stream::iter(frames)).boxed_unsync()
    }

    fn marker<B>(response: &http::Response<B>) -> Option<TokenRefreshed> {
        response.extensions().get::<TokenRefreshed>().copied()
    }

    /// Revokes the token and sends `CALLERS` requests at once (`send(i)`), every one refused
    /// before any refresh ends: their responses, and what the server did meanwhile.
    async fn revoked_round<F>(server: &Server, send: impl Fn(usize) -> F) -> (Vec<http::Response<Incoming>>, Counts)
    where
        F: Future<Output = Result<http::Response<Incoming>, BoxError>> + Send + 'static,
    {
        server.revoke();
        server.gather_refusals(CALLERS);
        let before = server.counts();
        let mut tasks = JoinSet::new();
        for i in 0..CALLERS {
            tasks.spawn(send(i));
        }
        let responses = tasks.join_all().await.into_iter().map(Result::unwrap).collect();
        let now = server.counts();
        let counts = Counts {
            token_calls: now.token_calls - before.token_calls,
            issued: now.issued - before.issued,
            api_calls: now.api_calls - before.api_calls,
            api_ok: now.api_ok - before.api_ok,
            api_refused: now.api_refused - before.api_refused,
        };
        (responses, counts)
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
                let (responses, counts) =
                    revoked_round(&server, |i| service.clone().oneshot(get(server.api_url(&format!("item/{i}")))))
                        .await;
                for response in responses {
                    assert_eq!(response.status(), StatusCode::OK, "round {round}");
                    assert_eq!(marker(&response), Some(TokenRefreshed { retried: true }), "round {round}");
                }
                assert_eq!(counts.token_calls, 1, "round {round}: one refresh for {CALLERS} refusals");
                assert_eq!((counts.api_refused, counts.api_ok), (CALLERS, CALLERS), "round {round}");
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

    #[test]
    fn tower_streaming_body_gets_the_token_then_a_401_is_returned_marked_not_replayed() {
        run_layer(Policy::new(), |server, _, layer| async move {
            let service: StreamService = layer.without_replay().layer(hyper_client());
            let post = |path: &str, chunks: [&'static str; 3]| Request::post(server.api_url(path)).body(stream(chunks));

            let response =
                service.clone().oneshot(post("first", ["a stream ", "sent ", "once"]).unwrap()).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(marker(&response), None);
            assert_eq!(response.into_body().collect().await.unwrap().to_bytes(), "a stream sent once");
            assert_eq!(server.api_requests()[0].authorization.as_deref(), Some("Bearer at-1"));

            server.revoke();
            let chunks = ["a stream ", "that cannot ", "be read twice"];
            let response = service.clone().oneshot(post("stream", chunks).unwrap()).await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(marker(&response), Some(TokenRefreshed { retried: false }));
            let requests = server.api_requests();
            assert_eq!(requests.len(), 2, "not sent again");
            assert_eq!(requests[1].body, "a stream that cannot be read twice");
            assert_eq!(server.counts().token_calls, 2, "the first grant and one refresh");

            // The next request carries the new token at once.
            let response = service.clone().oneshot(post("after", ["the ", "next ", "one"]).unwrap()).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(marker(&response), None);
            assert_eq!(server.api_requests()[2].authorization.as_deref(), Some("Bearer at-2"));
            assert_eq!(server.counts().token_calls, 2);
        });
    }

    #[test]
    fn tower_hundred_streaming_requests_with_a_revoked_token_one_refresh_no_retry() {
        run_layer(Policy::new(), |server, _, layer| async move {
            let service: StreamService = layer.without_replay().layer(hyper_client());
            let post = |path: String, body: String| Request::post(server.api_url(&path)).body(stream([body])).unwrap();
            assert_eq!(
                service.clone().oneshot(post("warm-up".into(), "x".into())).await.unwrap().status(),
                StatusCode::OK
            );
            for round in 0..5 {
                let (responses, counts) = revoked_round(&server, |i| {
                    service.clone().oneshot(post(format!("item/{i}"), format!("body {round}/{i}")))
                })
                .await;
                for response in responses {
                    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "round {round}");
                    assert_eq!(marker(&response), Some(TokenRefreshed { retried: false }), "round {round}");
                }
                assert_eq!(counts.token_calls, 1, "round {round}: one refresh for {CALLERS} refusals");
                assert_eq!(
                    (counts.api_calls, counts.api_refused),
                    (CALLERS, CALLERS),
                    "round {round}: none sent twice"
                );
                let requests = server.api_requests();
                let mut bodies: Vec<_> = requests[requests.len() - CALLERS..].iter().map(|r| r.body.clone()).collect();
                let mut sent: Vec<_> = (0..CALLERS).map(|i| Bytes::from(format!("body {round}/{i}"))).collect();
                bodies.sort();
                sent.sort();
                assert_eq!(bodies, sent, "round {round}: every stream sent whole, once");
                let response = service.clone().oneshot(post("after".into(), "y".into())).await.unwrap();
                assert_eq!((response.status(), marker(&response)), (StatusCode::OK, None), "round {round}");
            }
        });
    }

    #[test]
    fn tower_tonic_body_gets_the_token_and_a_401_marked_not_replayed() {
        run_layer(Policy::new(), |server, _, layer| async move {
            // A gRPC message frame: no compression, length 5, payload.
            let frame = Bytes::from_static(b"\0\0\0\0\x05hello");
            let service = layer.without_replay().layer(hyper_client::<tonic::body::Body>());
            let post = |path: &str| {
                let body = tonic::body::Body::new(Full::new(frame.clone()));
                Request::post(server.api_url(path)).header("content-type", "application/grpc").body(body).unwrap()
            };

            let response = service.clone().oneshot(post("Greeter/SayHello")).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.into_body().collect().await.unwrap().to_bytes(), frame);
            assert_eq!(server.api_requests()[0].authorization.as_deref(), Some("Bearer at-1"));

            server.revoke();
            let response = service.clone().oneshot(post("Greeter/SayHello")).await.unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(marker(&response), Some(TokenRefreshed { retried: false }));
            assert_eq!((server.counts().api_calls, server.counts().token_calls), (2, 2));
            assert_eq!(server.api_requests()[1].body, frame);

            let response = service.clone().oneshot(post("Greeter/SayHello")).await.unwrap();
            assert_eq!((response.status(), marker(&response)), (StatusCode::OK, None));
            assert_eq!(server.api_requests()[2].authorization.as_deref(), Some("Bearer at-2"));
        });
    }
}
