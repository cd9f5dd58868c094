//! The HTTP face of the site: a router over the live [`Snapshot`](crate::snapshot::Snapshot),
//! the layers every request passes through, and the server loop.

mod headers;
mod pages;
pub mod server;

use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{BoxError, Router};
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
    /// A public site that serves `snapshot`, with the default limits.
    pub fn new(snapshot: Snapshot) -> Self {
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
pub fn app(state: AppState) -> Router {
    let http = state.http.clone();
    let routes = Router::new()
        .route("/healthz", get(pages::health))
        .route("/search", get(pages::search))
        .fallback_service(get(pages::serve).with_state(state.clone()))
        .with_state(state);
    with_layers(routes, &http)
}

/// Wraps `routes` in what every request passes through: logging, security headers, load
/// shedding, size limits, panic catching and the request timeout.
pub fn with_layers(routes: Router, http: &HttpConfig) -> Router {
    let hsts = http
        .hsts_max_age
        .and_then(|age| HeaderValue::try_from(format!("max-age={age}; includeSubDomains")).ok());
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
        .layer(middleware::map_response_with_state(hsts, headers::add_security_headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_request(())
                .on_response(|response: &Response, latency: Duration, _: &tracing::Span| {
                    use http_body::Body as _;
                    tracing::info!(
                        status = response.status().as_u16(),
                        latency_us = latency.as_micros() as u64,
                        bytes = response.body().size_hint().exact(),
                        "response"
                    );
                })
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
async fn refuse_oversized(request: Request, next: Next) -> Response {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if length > MAX_URI_BYTES {
        return (StatusCode::URI_TOO_LONG, "That address is too long.\n").into_response();
    }
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers.len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        return (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "The request's headers are too large.\n",
        )
            .into_response();
    }
    next.run(request).await
}
