//! Handlers: each looks up a response the live snapshot already holds, and answers it in the
//! form the client accepts, or with 304 when the client already has it.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::AppState;
use crate::encoding::none_match;
use crate::live::{Failure, Live};
use crate::metrics::Kind;
use crate::search::MAX_QUERY_CHARS;
use crate::snapshot::{Cache, Resource};

/// Pages, assets, the sitemap, old addresses, the trailing-slash redirect and the 404 page.
pub async fn serve(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let live = &*state.live;
    if live.dev
        && let Some(failure) = live.failure()
    {
        return preview_failure(&failure, uri.path());
    }
    serve_snapshot(live, &headers, &uri)
}

/// The answer from the live snapshot: a file, a redirect or the 404 page, marked with its
/// kind for the metrics.
fn serve_snapshot(live: &Live, headers: &HeaderMap, uri: &Uri) -> Response {
    let snapshot = live.snapshot();
    let path = uri.path();
    if let Some(resource) = snapshot.file(path) {
        return marked(respond(StatusCode::OK, resource, headers), Kind::File);
    }
    let redirect = snapshot.redirect(path).map(str::to_string).or_else(|| {
        let canonical = format!("{path}/");
        if path.ends_with('/') {
            None
        } else if snapshot.page(&canonical).is_some() {
            Some(canonical)
        } else {
            snapshot.redirect(&canonical).map(str::to_string)
        }
    });
    if let Some(target) = redirect {
        return marked(moved(&target, uri.query()), Kind::Redirect);
    }
    match snapshot.not_found_for(path) {
        Some(not_found) => marked(
            respond(StatusCode::NOT_FOUND, not_found, headers),
            Kind::NotFound,
        ),
        None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `response`, marked as an answer of `kind` for the metrics.
fn marked(mut response: Response, kind: Kind) -> Response {
    response.extensions_mut().insert(kind);
    response
}

/// What preview mode answers while the content is broken: the page of problems for every
/// address, but the static files (its stylesheet) as they are.
fn preview_failure(failure: &Failure, path: &str) -> Response {
    if let Some((_, asset)) = failure.assets.iter().find(|(url, _)| *url == path) {
        let mut response = asset.body.clone().into_response();
        if let Ok(content_type) = HeaderValue::from_str(asset.content_type) {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type);
        }
        set(
            &mut response,
            header::CACHE_CONTROL,
            Cache::Immutable.header(),
        );
        return response;
    }
    let mut response = (StatusCode::INTERNAL_SERVER_ERROR, failure.page.clone()).into_response();
    set(
        &mut response,
        header::CONTENT_TYPE,
        "text/html; charset=utf-8",
    );
    set(&mut response, header::CACHE_CONTROL, "no-store");
    response
}

/// The query string of `/search`.
#[derive(Debug, serde::Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    /// Given (with any value), the query is answered as typed, not corrected.
    as_typed: Option<String>,
}

/// Search results, rendered for each query: the only page not prepared in advance.
pub async fn search(State(state): State<AppState>, Query(params): Query<SearchParams>) -> Response {
    let query: String = params.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let page = state
        .live
        .snapshot()
        .search_page(&query, "", params.as_typed.is_some());
    search_answer(page.expect("English is always there"))
}

/// Search results on a translated site (`/fr/search`): that language's pages first. Any
/// other `/x/search` is answered as any other address.
pub async fn search_in(
    State(state): State<AppState>,
    Path(language): Path<String>,
    Query(params): Query<SearchParams>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let query: String = params.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let prefix = format!("/{language}");
    match state
        .live
        .snapshot()
        .search_page(&query, &prefix, params.as_typed.is_some())
    {
        Some(page) => search_answer(page),
        None => serve_snapshot(&state.live, &headers, &uri),
    }
}

fn search_answer(page: Result<String, askama::Error>) -> Response {
    let answer = match page {
        Ok(html) => {
            let mut response = html.into_response();
            set(
                &mut response,
                header::CONTENT_TYPE,
                "text/html; charset=utf-8",
            );
            set(&mut response, header::CACHE_CONTROL, "public, max-age=60");
            response
        }
        Err(error) => {
            tracing::error!(%error, "the search page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, search is not working right now.\n",
            )
                .into_response()
        }
    };
    marked(answer, Kind::Search)
}

/// `resource` in the best form `Accept-Encoding` allows, or 304 if `If-None-Match` has it.
pub(super) fn respond(status: StatusCode, resource: &Resource, request: &HeaderMap) -> Response {
    let text = |name| {
        request
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let (coding, body) = resource
        .body
        .choose(text(header::ACCEPT_ENCODING).unwrap_or_default());
    let etag = resource.body.etag(coding);
    let unchanged = status == StatusCode::OK
        && etag.to_str().is_ok_and(|etag| {
            text(header::IF_NONE_MATCH).is_some_and(|tags| none_match(tags, etag))
        });
    let (status, body) = if unchanged {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else {
        (status, Body::from(body.clone()))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.reserve(16);
    if !unchanged {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(resource.content_type),
        );
        if let Some(encoding) = coding.header() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
    }
    headers.insert(header::ETAG, etag.clone());
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(resource.cache.header()),
    );
    if resource.body.varies() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

fn set(response: &mut Response, name: header::HeaderName, value: &'static str) {
    response
        .headers_mut()
        .insert(name, HeaderValue::from_static(value));
}

/// A permanent redirect to `target` (a path, perhaps with a `#fragment`), keeping the query
/// string.
fn moved(target: &str, query: Option<&str>) -> Response {
    let (path, fragment) = match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (target, None),
    };
    let mut location = path.to_string();
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    if let Some(fragment) = fragment {
        location.push('#');
        location.push_str(fragment);
    }
    // Browsers keep a 301 for good unless told otherwise: an old address that an editor
    // later gives back to a page must not stay redirected in visitors' browsers.
    match HeaderValue::try_from(location) {
        Ok(location) => (
            StatusCode::MOVED_PERMANENTLY,
            [
                (header::LOCATION, location),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(Cache::Short.header()),
                ),
            ],
        )
            .into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// The most warnings the preview's `/healthz` lists; it gives the count of all.
const MAX_HEALTH_WARNINGS: usize = 50;

/// Liveness and what is being served: 200 while the server can answer, with `"status":
/// "stale"` and the time and count of errors when the last reload failed and an older site is
/// being served. The public answer tells no file, path or message (the log has them); the
/// preview (`serve --dev`, on an editor's own machine) adds the errors and warnings.
pub async fn health(State(state): State<AppState>) -> Response {
    let snapshot = state.live.snapshot();
    let failure = state.live.failure();
    let mut body = serde_json::json!({
        "status": if failure.is_some() { "stale" } else { "ok" },
        "version": env!("CARGO_PKG_VERSION"),
        "content_version": snapshot.version,
        "pages": snapshot.page_paths().len(),
        "loaded_at": snapshot.built_at.to_string(),
        "stale_since": failure.as_ref().map(|f| f.at.to_string()),
        "error_count": failure.as_ref().map_or(0, |f| f.count),
        "watching": state.live.is_watching(),
        "warning_count": snapshot.warnings.len(),
    });
    if state.live.dev {
        let warnings: Vec<String> = snapshot
            .warnings
            .iter()
            .take(MAX_HEALTH_WARNINGS)
            .map(ToString::to_string)
            .collect();
        body["errors"] = serde_json::json!(failure.as_ref().map(|f| &f.message));
        body["warnings"] = serde_json::json!(warnings);
    }
    let mut response = Bytes::from(body.to_string()).into_response();
    set(&mut response, header::CONTENT_TYPE, "application/json");
    set(&mut response, header::CACHE_CONTROL, "no-store");
    marked(response, Kind::Health)
}
