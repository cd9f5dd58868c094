//! Security headers that every response carries.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;

/// No script, no frames, no third parties: the pages need only their own stylesheet and images.
/// `connect-src 'self'` lets a tool run in the page read the site's own files (Lighthouse's SEO
/// audit fetches /robots.txt, and scored 92 without it); with no script allowed, the site
/// itself never fetches anything.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static HEADERS: [(HeaderName, &str); 6] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    ),
];

/// Adds the security headers a handler has not set itself, and HSTS when configured.
pub async fn add_security_headers(
    State(hsts): State<Option<HeaderValue>>,
    mut response: Response,
) -> Response {
    secure(response.headers_mut(), hsts.as_ref());
    response
}

/// Adds the security headers not already in `headers`, and HSTS when configured.
pub fn secure(headers: &mut HeaderMap, hsts: Option<&HeaderValue>) {
    for (name, value) in &HEADERS {
        headers
            .entry(name.clone())
            .or_insert(HeaderValue::from_static(value));
    }
    if let Some(hsts) = hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
}

/// The security headers as lines of a raw HTTP/1.1 head, each ending in CRLF, for the few
/// answers written without the router (the connection cap's 503).
pub fn raw_lines() -> String {
    HEADERS
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect()
}
