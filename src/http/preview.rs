//! Preview mode's self-refreshing pages: an event stream that says "rebuilt" whenever the site
//! is swapped or a rebuild fails, and the few lines of script that reload the page on it. Only
//! `serve --dev` routes them; the public site has no script at all.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use super::AppState;

/// The script on every preview page.
const SCRIPT: &str = include_str!("refresh.js");

/// A comment sent when nothing else has been, so that a connection that has gone is noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The policy of preview pages: the public one, and the preview's script and event stream
/// from the site itself.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'";

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

/// `GET /_preview/events`: a server-sent event `rebuilt` after each rebuild, until the server
/// stops.
pub async fn events(State(state): State<AppState>) -> Response {
    let live = Arc::clone(&state.live);
    let mut changes = live.changes();
    changes.mark_unchanged();
    // Reconnect after a second when the server restarts, not the default three.
    let hello =
        futures_util::stream::iter([Ok::<_, Infallible>(Bytes::from_static(b"retry: 1000\n\n"))]);
    let rebuilds = futures_util::stream::unfold((live, changes), |(live, mut changes)| async {
        let message: &'static [u8] = tokio::select! {
            changed = changes.changed() => {
                if changed.is_err() || live.is_closing() {
                    return None;
                }
                b"event: rebuilt\ndata: \n\n"
            }
            () = tokio::time::sleep(HEARTBEAT) => b": still here\n\n",
        };
        Some((Ok(Bytes::from_static(message)), (live, changes)))
    });
    let mut response =
        Body::from_stream(futures_util::StreamExt::chain(hello, rebuilds)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
