//! Preview mode's self-refreshing pages: an event stream that says "rebuilt" whenever the site
//! is swapped or a rebuild fails, and the few lines of script that reload the page on it. Only
//! `serve --dev` routes them; the public site has no script at all.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use super::AppState;
use crate::live::Live;
use crate::snapshot::Cache;

/// The script on every preview page.
const SCRIPT: &str = include_str!("refresh.js");

/// A comment sent when nothing else has been, so that a connection that has gone is noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The policy of preview pages: the public one, and the preview's script and event stream
/// from the site itself.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'";

/// What every preview answer carries: `no-store` (a preview shows each save at once, so the
/// browser keeps none of it; fingerprinted files excepted), the policy that lets its pages run
/// the refresh script, and, in `Server-Timing`, the number of the build it comes from, which
/// the script compares with the event stream's to catch a rebuild that came in between.
pub async fn headers(State(live): State<Arc<Live>>, request: Request, next: Next) -> Response {
    // Read before the answer is made: a build that comes in between makes the page newer than
    // its number, which costs at most one refresh more.
    let build = live.build_number();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let immutable = HeaderValue::from_static(Cache::Immutable.header());
    if headers.get(header::CACHE_CONTROL) != Some(&immutable) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    if let Ok(timing) = HeaderValue::try_from(format!("build;desc=\"{build}\"")) {
        headers.insert(HeaderName::from_static("server-timing"), timing);
    }
    response
}

/// `GET /_preview/refresh.js`.
pub async fn script() -> Response {
    let mut response = SCRIPT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /_preview/events`: the number of the current build at once, then again after each
/// rebuild (or failed rebuild), until the server stops.
pub async fn events(State(state): State<AppState>) -> Response {
    let live = Arc::clone(&state.live);
    let changes = live.changes();
    // Reconnect after a second when the server restarts, not the default three.
    let hello =
        futures_util::stream::iter([Ok::<_, Infallible>(Bytes::from_static(b"retry: 1000\n\n"))]);
    let builds = futures_util::stream::unfold(
        (live, changes, true),
        |(live, mut changes, first)| async move {
            if live.is_closing() {
                return None;
            }
            if !first {
                tokio::select! {
                    changed = changes.changed() => {
                        if changed.is_err() || live.is_closing() {
                            return None;
                        }
                    }
                    () = tokio::time::sleep(HEARTBEAT) => {
                        let beat = Bytes::from_static(b": still here\n\n");
                        return Some((Ok(beat), (live, changes, false)));
                    }
                }
            }
            let number = *changes.borrow_and_update();
            let message = Bytes::from(format!("event: build\ndata: {number}\n\n"));
            Some((Ok(message), (live, changes, false)))
        },
    );
    let mut response =
        Body::from_stream(futures_util::StreamExt::chain(hello, builds)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
