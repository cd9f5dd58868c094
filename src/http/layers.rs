//! What every request through the router passes through (security headers, load shedding,
//! size limits, panic catching and the request timeout), and the Host check that real
//! connections add. Requests are counted and logged around all of it (`observe.rs`).

use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::http::{HeaderValue, Request, StatusCode, Version, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{BoxError, Router};
use std::sync::Arc;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use super::{HttpConfig, headers};
use crate::metrics::Metrics;

/// The longest request target the site answers; real addresses are far shorter.
const MAX_URI_BYTES: usize = 4096;
/// The most header fields, and header bytes, in a request the site answers. Browsers send
/// a dozen fields and a few kilobytes.
const MAX_HEADERS: usize = 100;
const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Wraps `routes` in what every request passes through: security headers, load shedding
/// (counted in `metrics`, if any), size limits, panic catching and the request timeout.
pub fn with_layers(routes: Router, http: &HttpConfig, metrics: Option<Arc<Metrics>>) -> Router {
    let limits = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(move |_: BoxError| {
            if let Some(metrics) = &metrics {
                metrics.shed();
            }
            async {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Too busy: please try again in a moment.\n",
                )
            }
        }))
        .load_shed()
        .concurrency_limit(http.max_concurrent_requests);
    let timeout = TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, http.request_timeout);
    let routes = routes
        .layer(timeout)
        .layer(CatchPanicLayer::custom(|_| internal_error()))
        .layer(middleware::from_fn(refuse_oversized));
    // The limit wraps the whole router: a router's layer is given to each route apart, which
    // would make it a limit for each route.
    Router::new()
        .fallback_service(limits.service(routes))
        .layer(middleware::map_response_with_state(
            hsts(http),
            headers::add_security_headers,
        ))
}

/// The `Strict-Transport-Security` value, when configured.
pub(super) fn hsts(http: &HttpConfig) -> Option<HeaderValue> {
    http.hsts_max_age
        .and_then(|age| HeaderValue::try_from(format!("max-age={age}; includeSubDomains")).ok())
}

/// Refuses, with 400, a request whose Host header RFC 9112 (section 3.2) forbids: none in
/// HTTP/1.1 (hyper accepts it), two, or one that is not a host with a valid port. The answer
/// carries the security headers, as every answer does.
pub(super) fn require_host(app: Router, hsts: Option<HeaderValue>) -> Router {
    app.layer(middleware::from_fn(
        move |request: Request<Body>, next: Next| {
            let hsts = hsts.clone();
            async move {
                if let Some(problem) = bad_host(&request) {
                    let mut response = (StatusCode::BAD_REQUEST, problem).into_response();
                    headers::secure(response.headers_mut(), hsts.as_ref());
                    return response;
                }
                next.run(request).await
            }
        },
    ))
}

/// What is wrong with the Host header of `request`, if anything.
pub(super) fn bad_host<B>(request: &Request<B>) -> Option<&'static str> {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let first = hosts.next();
    if hosts.next().is_some() {
        return Some("Only one Host header is allowed.\n");
    }
    let Some(host) = first else {
        return (request.version() == Version::HTTP_11).then_some("A Host header is required.\n");
    };
    // An empty Host is what a request without an authority sends.
    if host.is_empty() {
        return None;
    }
    let valid = host.to_str().ok().is_some_and(|host| {
        // The port, if any, is after the last colon that is not inside an IPv6 address.
        let port = host
            .rsplit_once(':')
            .filter(|(_, port)| !port.contains(']'));
        let port_is_valid =
            port.is_none_or(|(_, port)| port.is_empty() || port.parse::<u16>().is_ok());
        port_is_valid && host.parse::<axum::http::uri::Authority>().is_ok()
    });
    (!valid).then_some("The Host header is not a valid host and port.\n")
}

/// A panic in a handler becomes a plain 500, logged, and the server goes on.
fn internal_error() -> Response {
    tracing::error!("a handler panicked; answered 500");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        crate::render::internal_error_page(),
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
pub(super) fn oversized<B>(request: &Request<B>) -> Option<StatusCode> {
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
