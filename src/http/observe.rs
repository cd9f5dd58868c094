//! What is kept of each request to count it in the metrics and write its log line, and only
//! when something needs it: a server that neither counts (no `--metrics-bind`) nor logs
//! requests (a level above `info` for [`REQUESTS`]) reads no clock and keeps nothing for them.
//!
//! A request's log line is one event, with no span: method, path (never the query, which may
//! hold what a visitor searched for), status, latency, bytes of body sent and the version of
//! the content that answered. Nothing about the visitor (address, agent, cookies) is logged.

use axum::http::{Method, StatusCode, Uri};
use http_body::Body as _;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use crate::live::Live;
use crate::metrics::{Kind, Metrics};
use crate::snapshot::Snapshot;

type Response = axum::response::Response;

/// The target of the request lines, to filter them apart from the rest: for example
/// `--log-level info,international_leeds::request=warn` keeps every other line at `info`.
pub const REQUESTS: &str = "international_leeds::request";

/// nginx's status for a request whose client closed the connection before the answer.
const CLIENT_CLOSED_REQUEST: u16 = 499;

/// What is kept of a request that is counted or logged.
pub struct Seen {
    metrics: Option<Arc<Metrics>>,
    /// The method, the address and the site that answers, when its line is logged.
    log: Option<(Method, Uri, Arc<Snapshot>)>,
    started: Instant,
}

impl Seen {
    /// What to keep of a request for `method uri` to `live`, or `None` when nothing needs it.
    pub fn new(live: &Live, method: &Method, uri: &Uri) -> Option<Self> {
        let metrics = live.metrics().cloned();
        let logged = tracing::enabled!(target: REQUESTS, tracing::Level::INFO);
        if metrics.is_none() && !logged {
            return None;
        }
        Some(Self {
            metrics,
            log: logged.then(|| (method.clone(), uri.clone(), live.snapshot_arc())),
            started: Instant::now(),
        })
    }

    /// Counts and logs `response`, an answer of `kind`.
    pub fn answered(&self, kind: Kind, response: &Response) {
        let bytes = response.body().size_hint().exact().unwrap_or(0);
        self.record(kind, response.status(), bytes);
    }

    fn record(&self, kind: Kind, status: StatusCode, bytes: u64) {
        let latency = self.started.elapsed();
        if let Some(metrics) = &self.metrics {
            metrics.answered(kind, status, bytes, latency);
        }
        if let Some((method, uri, snapshot)) = &self.log {
            tracing::info!(
                target: REQUESTS,
                method = method.as_str(),
                path = uri.path(),
                status = status.as_u16(),
                latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX),
                bytes,
                content_version = snapshot.version.as_str(),
                "response"
            );
        }
    }
}

/// The router's answer, counted and logged once it is ready.
pub type Observed = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

/// `routed`, the router's answer to the request `seen`, counted and logged when it is ready:
/// its kind is the mark its handler gave it. A request whose answer is dropped before it is
/// ready (the client left, or the drain time after SIGTERM ran out) is counted and logged
/// too, as `other`, with nginx's 499 for a client that closed its request.
pub fn observed(routed: axum::routing::future::RouteFuture<Infallible>, seen: Seen) -> Observed {
    Box::pin(async move {
        let mut pending = Unanswered(Some(seen));
        let response = routed.await?;
        if let Some(seen) = pending.0.take() {
            let kind = response.extensions().get::<Kind>().copied();
            seen.answered(kind.unwrap_or(Kind::Other), &response);
        }
        Ok(response)
    })
}

/// A request not yet answered, counted and logged as 499 if it is dropped so.
struct Unanswered(Option<Seen>);

impl Drop for Unanswered {
    fn drop(&mut self) {
        if let Some(seen) = self.0.take() {
            let status =
                StatusCode::from_u16(CLIENT_CLOSED_REQUEST).unwrap_or(StatusCode::BAD_REQUEST);
            seen.record(Kind::Other, status, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::http::Request;
    use axum::routing::get;
    use tower::Service;

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
        let live = Live::new(Snapshot::default(), false).with_metrics(Arc::clone(&metrics));
        let request = |path| Request::get(path).body(Body::empty()).expect("a request");
        let seen = |path: &str| {
            Seen::new(&live, &Method::GET, &path.parse().expect("a path")).expect("counted")
        };
        let mut waiting = observed(router.call(request("/wait")), seen("/wait"));
        assert!((&mut waiting).now_or_never().is_none(), "still waiting");
        assert_eq!(count(&metrics, "other", "4xx"), "0");
        drop(waiting);
        assert_eq!(count(&metrics, "other", "4xx"), "1");
        let answered = observed(router.call(request("/now")), seen("/now"))
            .await
            .expect("infallible");
        assert_eq!(answered.status(), StatusCode::OK);
        assert_eq!(count(&metrics, "other", "2xx"), "1");
        assert_eq!(count(&metrics, "other", "4xx"), "1", "counted once");
    }
}
