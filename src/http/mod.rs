//! The HTTP face of the site: a router over the live [`Snapshot`](crate::snapshot::Snapshot),
//! the layers every request passes through, and the server loop.

mod headers;
mod pages;
pub mod server;

use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::http::{HeaderValue, Method, Request, StatusCode, Version, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{BoxError, Router};
use futures_util::future::Either;
use http_body::Body as _;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::live::Live;
use crate::snapshot::Snapshot;

/// The longest request target the site answers; real addresses are far shorter.
const MAX_URI_BYTES: usize = 4096;
/// The most header fields, and header bytes, in a request the site answers. Browsers send
/// a dozen fields and a few kilobytes.
const MAX_HEADERS: usize = 100;
const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Per-request limits and headers that ops may tune.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// A request taking longer than this is answered 408.
    pub request_timeout: Duration,
    /// Requests served at once; more are answered 503 at once rather than queued.
    pub max_concurrent_requests: usize,
    /// `Strict-Transport-Security: max-age=…`, when the site is only reached over HTTPS.
    pub hsts_max_age: Option<u32>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(10),
            max_concurrent_requests: 512,
            hsts_max_age: None,
        }
    }
}

/// What every handler can see: the live site, and how to serve it.
#[derive(Clone)]
pub struct AppState {
    pub live: Arc<Live>,
    pub http: HttpConfig,
}

impl AppState {
    /// A public site that serves `snapshot` (owned, or shared with other applications), with
    /// the default limits.
    pub fn new(snapshot: impl Into<Arc<Snapshot>>) -> Self {
        Self::from_live(Arc::new(Live::new(snapshot, false)))
    }

    pub fn from_live(live: Arc<Live>) -> Self {
        Self {
            live,
            http: HttpConfig::default(),
        }
    }
}

/// The whole application, for the server and for tests.
pub fn app(state: AppState) -> App {
    App {
        hsts: hsts(&state.http),
        router: router(state.clone()),
        state,
        require_host: false,
    }
}

/// Every route with its layers: all of the application but the shortcut for files.
pub fn router(state: AppState) -> Router {
    let http = state.http.clone();
    let routes = Router::new()
        .route("/healthz", get(pages::health))
        .route("/search", get(pages::search))
        .fallback_service(get(pages::serve).with_state(state.clone()))
        .with_state(state);
    with_layers(routes, &http)
}

/// The application as a service. The files of the snapshot, nearly every request, are
/// answered at once with a lookup; everything else goes through the router and its layers
/// (which would answer those files the same way, only slower: a request for a file cannot
/// wait, time out or need shedding, so it skips the machinery for that).
#[derive(Clone)]
pub struct App {
    state: AppState,
    hsts: Option<HeaderValue>,
    router: Router,
    require_host: bool,
}

impl App {
    /// Refuses HTTP/1.1 requests without a Host header with 400, as RFC 9112 requires;
    /// hyper accepts them. (Only for real connections: tests call the application directly.)
    pub fn requiring_host(mut self) -> Self {
        self.router = require_host(self.router);
        self.require_host = true;
        self
    }

    /// The answer for a file of the snapshot, or `None` for anything the router must see:
    /// other methods, other paths, oversized or host-less requests, preview mode.
    fn prepared<B>(&self, request: &Request<B>) -> Option<Response> {
        let started = std::time::Instant::now();
        let head = *request.method() == Method::HEAD;
        if !(head || *request.method() == Method::GET) || self.state.live.dev {
            return None;
        }
        let missing_host = self.require_host
            && request.version() == Version::HTTP_11
            && !request.headers().contains_key(header::HOST);
        if missing_host || oversized(request).is_some() {
            return None;
        }
        let snapshot = self.state.live.snapshot();
        let path = request.uri().path();
        let resource = snapshot.file(path)?;
        // A lookup has nothing in it that should panic; if it ever does, the router answers.
        let mut response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pages::respond(StatusCode::OK, resource, request.headers())
        }))
        .ok()?;
        headers::secure(response.headers_mut(), self.hsts.as_ref());
        // As the router does: the length of the body, which for HEAD is the one GET would get.
        let bytes = response.body().size_hint().exact();
        if let Some(length) = bytes {
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        }
        if head {
            *response.body_mut() = Body::empty();
        }
        if tracing::enabled!(tracing::Level::INFO) {
            // The same span and event as the router's trace layer.
            let span = request_span(request);
            let _entered = span.enter();
            log_response(&response, bytes, started.elapsed());
        }
        Some(response)
    }
}

impl<B> tower::Service<Request<B>> for App
where
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = Either<
        std::future::Ready<Result<Response, Self::Error>>,
        axum::routing::future::RouteFuture<Self::Error>,
    >;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        match self.prepared(&request) {
            Some(response) => Either::Left(std::future::ready(Ok(response))),
            None => Either::Right(self.router.call(request)),
        }
    }
}

/// The `Strict-Transport-Security` value, when configured.
fn hsts(http: &HttpConfig) -> Option<HeaderValue> {
    http.hsts_max_age
        .and_then(|age| HeaderValue::try_from(format!("max-age={age}; includeSubDomains")).ok())
}

/// Refuses HTTP/1.1 requests without a Host header with 400.
fn require_host(app: Router) -> Router {
    app.layer(middleware::from_fn(
        |request: Request<Body>, next: Next| async move {
            let missing = request.version() == Version::HTTP_11
                && !request.headers().contains_key(header::HOST);
            if missing {
                return (StatusCode::BAD_REQUEST, "A Host header is required.\n").into_response();
            }
            next.run(request).await
        },
    ))
}

/// The span every request is logged in.
fn request_span<B>(request: &Request<B>) -> tracing::Span {
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
}

/// The log line for every answer.
fn log_response(response: &Response, bytes: Option<u64>, latency: Duration) {
    tracing::info!(
        status = response.status().as_u16(),
        latency_us = latency.as_micros() as u64,
        bytes,
        "response"
    );
}

/// Wraps `routes` in what every request passes through: logging, security headers, load
/// shedding, size limits, panic catching and the request timeout.
pub fn with_layers(routes: Router, http: &HttpConfig) -> Router {
    let hsts = hsts(http);
    let limits = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: BoxError| async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Too busy: please try again in a moment.\n",
            )
        }))
        .load_shed()
        .concurrency_limit(http.max_concurrent_requests);
    let timeout = TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, http.request_timeout);
    routes
        .layer(timeout)
        .layer(CatchPanicLayer::custom(|_| internal_error()))
        .layer(middleware::from_fn(refuse_oversized))
        .layer(limits)
        .layer(middleware::map_response_with_state(
            hsts,
            headers::add_security_headers,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span::<Body>)
                .on_request(())
                .on_response(
                    |response: &Response, latency: Duration, _: &tracing::Span| {
                        log_response(response, response.body().size_hint().exact(), latency);
                    },
                )
                .on_failure(()),
        )
}

/// What a visitor sees when something fails inside the server: no detail, a way on.
const INTERNAL_ERROR_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n\
<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Sorry, something went wrong – International Leeds</title>\n</head>\n<body>\n\
<main>\n<h1>Sorry, something went wrong</h1>\n\
<p>The problem is on our side, and it has been logged. Please try again in a moment, or go to\n\
<a href=\"/\">the home page</a>.</p>\n</main>\n</body>\n</html>\n";

/// A panic in a handler becomes a plain 500, logged, and the server goes on.
fn internal_error() -> Response {
    tracing::error!("a handler panicked; answered 500");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        INTERNAL_ERROR_PAGE,
    )
        .into_response()
}

/// Answers 414 for a huge address and 431 for too many or too large headers. hyper bounds
/// the whole request head too, but only loosely.
async fn refuse_oversized(request: Request<Body>, next: Next) -> Response {
    match oversized(&request) {
        Some(StatusCode::URI_TOO_LONG) => {
            (StatusCode::URI_TOO_LONG, "That address is too long.\n").into_response()
        }
        Some(status) => (status, "The request's headers are too large.\n").into_response(),
        None => next.run(request).await,
    }
}

/// 414 for an address over the limit, 431 for headers over it.
fn oversized<B>(request: &Request<B>) -> Option<StatusCode> {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if length > MAX_URI_BYTES {
        return Some(StatusCode::URI_TOO_LONG);
    }
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    (headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES)
        .then_some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE)
}
