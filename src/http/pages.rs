//! Handlers: each looks up a response the snapshot already holds.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use bytes::Bytes;

use super::AppState;

const HTML: &str = "text/html; charset=utf-8";

/// Pages, static assets, the trailing-slash redirect and the 404 page.
pub async fn serve(State(state): State<AppState>, uri: Uri) -> Response {
    let snapshot = &state.snapshot;
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
    if !path.ends_with('/') {
        let canonical = format!("{path}/");
        if snapshot.page(&canonical).is_some() {
            let target = match uri.query() {
                Some(query) => format!("{canonical}?{query}"),
                None => canonical,
            };
            return Redirect::permanent(&target).into_response();
        }
    }
    with_type(StatusCode::NOT_FOUND, HTML, snapshot.not_found().clone())
}

/// Liveness and a summary of what is being served.
pub async fn health(State(state): State<AppState>) -> Response {
    let body = format!(
        "{{\"status\":\"ok\",\"pages\":{}}}\n",
        state.snapshot.page_paths().len()
    );
    let mut response = with_type(StatusCode::OK, "application/json", Bytes::from(body));
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
