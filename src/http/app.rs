//! The application as a service: the files of the snapshot, nearly every request, answered at
//! once with a lookup; everything else through the router and its layers.

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{BoxError, Router};
use futures_util::future::Either;
use http_body::Body as _;
use std::convert::Infallible;
use std::sync::Arc;
use tower::Service;

use super::layers::{self, hsts, oversized, require_host};
use super::observe::{Asked, Observed, Seen, observed};
use super::{AppState, headers, pages, preview};
use crate::live::Live;
use crate::metrics::{self, Kind, Metrics};
use crate::routes;
use crate::snapshot::Snapshot;

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
    let mut routes = Router::new()
        .route(routes::HEALTH, get(pages::health))
        .route(routes::SEARCH, get(pages::search))
        .route(routes::SEARCH_IN_LANGUAGE, get(pages::search_in));
    if state.live.dev {
        routes = routes
            .route(routes::PREVIEW_EVENTS, get(preview::events))
            .route(routes::PREVIEW_SCRIPT, get(preview::script));
    }
    let mut routes = routes
        .fallback_service(get(pages::serve).with_state(state.clone()))
        .with_state(state.clone());
    if state.live.dev {
        let live = Arc::clone(&state.live);
        routes = routes.layer(middleware::from_fn_with_state(live, preview::headers));
    }
    layers::with_layers(routes, &http, state.live.metrics().cloned())
}

/// The private listener's application (`--metrics-bind`): `/metrics` and nothing else.
pub fn metrics_app(live: Arc<Live>, metrics: Arc<Metrics>) -> Router {
    Router::new()
        .route(routes::METRICS, get(scrape))
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                format!("Not found: this port serves {} only.\n", routes::METRICS),
            )
        })
        .with_state((live, metrics))
        .layer(middleware::map_response_with_state(
            None,
            headers::add_security_headers,
        ))
}

/// Every metric, the site's as of now.
async fn scrape(
    axum::extract::State((live, metrics)): axum::extract::State<(Arc<Live>, Arc<Metrics>)>,
) -> Response {
    let text = metrics.render(&live);
    (
        [
            (header::CONTENT_TYPE, metrics::CONTENT_TYPE),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// The application as a service. A request for a file of the snapshot cannot wait, time out
/// or need shedding, so it skips the router's machinery for that, and is answered exactly as
/// the router would answer it, only sooner.
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
        self.router = require_host(self.router, self.hsts.clone());
        self.require_host = true;
        self
    }

    /// The answer for a file of the snapshot, or `None` for anything the router must see:
    /// other methods, other paths, oversized or host-less requests, preview mode.
    fn prepared<B>(&self, snapshot: &Snapshot, request: &Request<B>) -> Option<Response> {
        let head = *request.method() == Method::HEAD;
        if !(head || *request.method() == Method::GET) || self.state.live.dev {
            return None;
        }
        let bad_host = self.require_host && layers::bad_host(request).is_some();
        if bad_host || oversized(request).is_some() {
            return None;
        }
        let resource = snapshot.file(request.uri().path())?;
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
        Some(response)
    }
}

type Response = axum::response::Response;

impl<B> Service<Request<B>> for App
where
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<
        std::future::Ready<Result<Response, Self::Error>>,
        Either<axum::routing::future::RouteFuture<Self::Error>, Observed>,
    >;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let live = &self.state.live;
        let seen = Seen::new(live);
        let snapshot = live.snapshot();
        if let Some(response) = self.prepared(&snapshot, &request) {
            if let Some(seen) = seen {
                let asked = Asked {
                    method: request.method(),
                    path: request.uri().path(),
                    version: &snapshot.version,
                };
                seen.answered(live, &asked, Kind::File, &response);
            }
            return Either::Left(std::future::ready(Ok(response)));
        }
        drop(snapshot);
        Either::Right(match seen {
            Some(seen) => Either::Right(observed(&mut self.router, request, seen, live)),
            None => Either::Left(self.router.call(request)),
        })
    }
}
