//! What is kept of each request to count it in the metrics and write its log line, and only
//! when something needs it: a server that neither counts (no `--metrics-bind`) nor logs
//! requests (a level above `info` for [`REQUESTS`]) reads no clock and keeps nothing for them.
//!
//! A request's log line is one event, with no span: method, path (never the query, which may
//! hold what a visitor searched for), status, latency, bytes of body sent and the version of
//! the content that answered. Nothing about the visitor (address, agent, cookies) is logged.

use axum::http::{Method, Request, StatusCode, Uri};
use axum::{BoxError, Router};
use http_body::Body as _;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;
use tower::Service;

use crate::live::Live;
use crate::logs::{self, RequestLine};
use crate::metrics::Kind;
use crate::snapshot::Snapshot;

type Response = axum::response::Response;

/// The target of the request lines, to filter them apart from the rest: for example
/// `--log-level info,international_leeds::request=warn` keeps every other line at `info`.
pub const REQUESTS: &str = "international_leeds::request";

/// nginx's status for a request whose client closed the connection before the answer.
const CLIENT_CLOSED_REQUEST: u16 = 499;

/// When a request that is counted or logged came, and what for.
pub struct Seen {
    started: Instant,
    logged: bool,
}

/// What a request's line tells of it: its method and path (never the query), and the version
/// of the content that answered.
pub struct Asked<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub version: &'a str,
}

impl Seen {
    /// What to keep of a request to `live`, or `None` when nothing counts or logs it.
    pub fn new(live: &Live) -> Option<Self> {
        let logged = tracing::enabled!(target: REQUESTS, tracing::Level::INFO);
        (logged || live.metrics().is_some()).then(|| Self {
            started: Instant::now(),
            logged,
        })
    }

    /// Counts in `metrics` and logs `response`, the answer of `kind` to `asked`.
    pub fn answered(&self, live: &Live, asked: &Asked<'_>, kind: Kind, response: &Response) {
        let bytes = body_bytes(response);
        self.record(live, Some(asked), kind, response.status(), bytes);
    }

    /// Counts in `live`'s metrics and logs (when `asked` is known) an answer of `kind`.
    fn record(
        &self,
        live: &Live,
        asked: Option<&Asked<'_>>,
        kind: Kind,
        status: StatusCode,
        bytes: u64,
    ) {
        let latency = self.started.elapsed();
        if let Some(metrics) = live.metrics() {
            metrics.answered(kind, status, bytes, latency);
        }
        let Some(asked) = asked.filter(|_| self.logged) else {
            return;
        };
        let line = RequestLine {
            method: asked.method.as_str(),
            path: asked.path,
            status: status.as_u16(),
            latency_us: u64::try_from(latency.as_micros()).unwrap_or(u64::MAX),
            bytes,
            content_version: asked.version,
        };
        if !logs::request(&line) {
            line.emit();
        }
    }
}

/// The router's answer, counted and logged once it is ready.
pub type Observed = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

/// A request on its way through the router: what its answer is counted and logged with.
struct Pending {
    seen: Seen,
    live: Arc<Live>,
    /// The method, the address and the site that answers, when its line is logged.
    asked: Option<(Method, Uri, Arc<Snapshot>)>,
}

impl Pending {
    fn record(&self, kind: Kind, status: StatusCode, bytes: u64) {
        let asked = self.asked.as_ref().map(|(method, uri, snapshot)| Asked {
            method,
            path: uri.path(),
            version: &snapshot.version,
        });
        self.seen
            .record(&self.live, asked.as_ref(), kind, status, bytes);
    }
}

/// `router`'s answer to `request`, asked of `live` and `seen` coming, counted and logged when
/// it is ready: its kind is the mark its handler gave it. A request whose
/// answer is dropped before it is ready (the client left, or the drain time after SIGTERM ran
/// out) is counted and logged too, as `other`, with nginx's 499 for a client that closed its
/// request.
pub fn observed<B>(
    router: &mut Router,
    request: Request<B>,
    seen: Seen,
    live: &Arc<Live>,
) -> Observed
where
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let asked = seen.logged.then(|| {
        let (method, uri) = (request.method().clone(), request.uri().clone());
        (method, uri, live.snapshot_arc())
    });
    let routed = router.call(request);
    let pending = Pending {
        seen,
        live: Arc::clone(live),
        asked,
    };
    Box::pin(async move {
        let mut pending = Unanswered(Some(pending));
        let response = routed.await?;
        if let Some(pending) = pending.0.take() {
            let kind = response.extensions().get::<Kind>().copied();
            let status = response.status();
            pending.record(kind.unwrap_or(Kind::Other), status, body_bytes(&response));
        }
        Ok(response)
    })
}

/// The bytes of `response`'s body, as sent (none for HEAD and 304, whose bodies are empty).
fn body_bytes(response: &Response) -> u64 {
    response.body().size_hint().exact().unwrap_or(0)
}

/// A request not yet answered, counted and logged as 499 if it is dropped so.
struct Unanswered(Option<Pending>);

impl Drop for Unanswered {
    fn drop(&mut self) {
        if let Some(pending) = self.0.take() {
            let status =
                StatusCode::from_u16(CLIENT_CLOSED_REQUEST).unwrap_or(StatusCode::BAD_REQUEST);
            pending.record(Kind::Other, status, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metrics;
    use axum::body::Body;
    use axum::routing::get;

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
        let live =
            Arc::new(Live::new(Snapshot::default(), false).with_metrics(Arc::clone(&metrics)));
        let observe = |router: &mut Router, path: &'static str| {
            let request = Request::get(path).body(Body::empty()).expect("a request");
            let seen = Seen::new(&live).expect("counted");
            observed(router, request, seen, &live)
        };
        let mut waiting = observe(&mut router, "/wait");
        assert!((&mut waiting).now_or_never().is_none(), "still waiting");
        assert_eq!(count(&metrics, "other", "4xx"), "0");
        drop(waiting);
        assert_eq!(count(&metrics, "other", "4xx"), "1");
        let answered = observe(&mut router, "/now").await.expect("infallible");
        assert_eq!(answered.status(), StatusCode::OK);
        assert_eq!(count(&metrics, "other", "2xx"), "1");
        assert_eq!(count(&metrics, "other", "4xx"), "1", "counted once");
    }
}
