//! Handlers: each looks up a response the live snapshot already holds.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::AppState;

const HTML: &str = "text/html; charset=utf-8";

/// Pages, static assets, old addresses, the trailing-slash redirect and the 404 page.
pub async fn serve(State(state): State<AppState>, uri: Uri) -> Response {
    let live = &state.live;
    if live.dev
        && let Some(failure) = live.failure()
    {
        return with_type(
            StatusCode::INTERNAL_SERVER_ERROR,
            HTML,
            failure.page.clone(),
        );
    }
    let snapshot = live.snapshot();
    let path = uri.path();
    if let Some(page) = snapshot.page(path) {
        return with_type(StatusCode::OK, HTML, page.clone());
    }
    if let Some(asset) = snapshot.asset(path) {
        let mut response = with_type(StatusCode::OK, asset.content_type, asset.body.clone());
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        return response;
    }
    if let Some(target) = snapshot.redirect(path) {
        return moved(target, uri.query());
    }
    if !path.ends_with('/') {
        let canonical = format!("{path}/");
        if snapshot.page(&canonical).is_some() {
            return moved(&canonical, uri.query());
        }
        if let Some(target) = snapshot.redirect(&canonical) {
            return moved(target, uri.query());
        }
    }
    with_type(StatusCode::NOT_FOUND, HTML, snapshot.not_found().clone())
}

/// A permanent redirect to `path`, keeping the query string.
fn moved(path: &str, query: Option<&str>) -> Response {
    let location = match query {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    };
    match HeaderValue::try_from(location) {
        Ok(location) => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// Liveness and what is being served: 200 while the server can answer, with `"status":
/// "stale"` and the reason when the last reload failed and an older site is being served.
pub async fn health(State(state): State<AppState>) -> Response {
    let snapshot = state.live.snapshot();
    let failure = state.live.failure();
    let body = serde_json::json!({
        "status": if failure.is_some() { "stale" } else { "ok" },
        "content_version": snapshot.version,
        "pages": snapshot.page_paths().len(),
        "loaded_at": snapshot.built_at.to_string(),
        "reload_error": failure.as_ref().map(|f| serde_json::json!({
            "at": f.at.to_string(),
            "message": f.message,
        })),
    });
    let mut response = with_type(
        StatusCode::OK,
        "application/json",
        Bytes::from(body.to_string()),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub async fn robots() -> Response {
    with_type(
        StatusCode::OK,
        "text/plain; charset=utf-8",
        Bytes::from_static(b"User-agent: *\nAllow: /\n"),
    )
}

fn with_type(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}
