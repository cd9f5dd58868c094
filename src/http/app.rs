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
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;
use tower::Service;

use super::layers::{self, hsts, oversized, require_host};
use super::{AppState, headers, pages, preview};
use crate::live::Live;
use crate::metrics::{self, Kind, Metrics};
use crate::routes;

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
    fn prepared<B>(&self, request: &Request<B>, started: Instant) -> Option<Response> {
        let head = *request.method() == Method::HEAD;
        if !(head || *request.method() == Method::GET) || self.state.live.dev {
            return None;
        }
        let bad_host = self.require_host && layers::bad_host(request).is_some();
        if bad_host || oversized(request).is_some() {
            return None;
        }
        let snapshot = self.state.live.snapshot();
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
        let counted = self.state.live.metrics();
        let logged = tracing::enabled!(tracing::Level::INFO);
        if counted.is_some() || logged {
            let latency = started.elapsed();
            if let Some(metrics) = counted {
                let sent = if head { 0 } else { bytes.unwrap_or(0) };
                metrics.answered(Kind::File, response.status(), sent, latency);
            }
            if logged {
                // The same span and event as the router's trace layer.
                let span = layers::request_span(request);
                let _entered = span.enter();
                layers::log_response(&response, bytes, latency);
            }
        }
        Some(response)
    }
}

type Response = axum::response::Response;

/// The router's answer, counted once it is ready.
type Counted = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

/// Counts the router's answer to a request that came in at `started`: its kind is the mark
/// its handler gave it. A request whose answer is dropped before it is ready (the client
/// left, or the drain time after SIGTERM ran out) is counted too, as `other`, with nginx's
/// 499 for a client that closed its request.
fn counted(
    routed: axum::routing::future::RouteFuture<Infallible>,
    metrics: Arc<Metrics>,
    started: Instant,
) -> Counted {
    Box::pin(async move {
        let mut pending = Unanswered(Some((metrics, started)));
        let response = routed.await?;
        if let Some((metrics, started)) = pending.0.take() {
            let kind = response.extensions().get::<Kind>().copied();
            let bytes = response.body().size_hint().exact().unwrap_or(0);
            metrics.answered(
                kind.unwrap_or(Kind::Other),
                response.status(),
                bytes,
                started.elapsed(),
            );
        }
        Ok(response)
    })
}

/// A request not yet answered, counted as 499 if it is dropped so.
struct Unanswered(Option<(Arc<Metrics>, Instant)>);

/// nginx's status for a request whose client closed the connection before the answer.
const CLIENT_CLOSED_REQUEST: u16 = 499;

impl Drop for Unanswered {
    fn drop(&mut self) {
        if let Some((metrics, started)) = self.0.take() {
            let status =
                StatusCode::from_u16(CLIENT_CLOSED_REQUEST).unwrap_or(StatusCode::BAD_REQUEST);
            metrics.answered(Kind::Other, status, 0, started.elapsed());
        }
    }
}

impl<B> Service<Request<B>> for App
where
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<
        std::future::Ready<Result<Response, Self::Error>>,
        Either<axum::routing::future::RouteFuture<Self::Error>, Counted>,
    >;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let started = Instant::now();
        if let Some(response) = self.prepared(&request, started) {
            return Either::Left(std::future::ready(Ok(response)));
        }
        let routed = self.router.call(request);
        Either::Right(match self.state.live.metrics() {
            Some(metrics) => Either::Right(counted(routed, Arc::clone(metrics), started)),
            None => Either::Left(routed),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::Snapshot;

    /// The count of `kind`'s answers of `status` class in `metrics`.
    fn count(metrics: &Metrics, kind: &str, status: &str) -> String {
        let live = Live::new(Snapshot::default(), false);
        let series = format!(
            "international_leeds_http_requests_total{{kind=\"{kind}\",status=\"{status}\"}} "
        );
        let text = metrics.render(&live);
        let line = text.lines().find(|line| line.starts_with(&series));
        line.and_then(|line| line.strip_prefix(&series))
            .unwrap_or_else(|| panic!("no {series} in {text}"))
            .to_string()
    }

    #[tokio::test]
    async fn a_request_dropped_before_its_answer_is_counted_as_a_client_that_left() {
        use futures_util::FutureExt;
        let mut router: Router = Router::new()
            .route("/wait", get(std::future::pending::<&'static str>))
            .route("/now", get(|| async { "now" }));
        let metrics = Arc::new(Metrics::new());
        let request = |path| Request::get(path).body(Body::empty()).expect("a request");
        let mut waiting = counted(
            router.call(request("/wait")),
            Arc::clone(&metrics),
            Instant::now(),
        );
        assert!((&mut waiting).now_or_never().is_none(), "still waiting");
        assert_eq!(count(&metrics, "other", "4xx"), "0");
        drop(waiting);
        assert_eq!(count(&metrics, "other", "4xx"), "1");
        let answered = counted(
            router.call(request("/now")),
            Arc::clone(&metrics),
            Instant::now(),
        )
        .await
        .expect("infallible");
        assert_eq!(answered.status(), StatusCode::OK);
        assert_eq!(count(&metrics, "other", "2xx"), "1");
        assert_eq!(count(&metrics, "other", "4xx"), "1", "counted once");
    }
}
