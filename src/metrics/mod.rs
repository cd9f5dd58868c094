//! What ops graph and alert on, in Prometheus' text format: requests by kind of answer and
//! status class, their latency and bytes, connections, shed requests, reloads, the content
//! served and the process. Kept only when `--metrics-bind` is given, and served on that
//! private listener alone, never on the public port (`src/main.rs`).
//!
//! The request path touches only counters and a histogram resolved in advance (a few atomic
//! additions); everything that describes the site is read from [`Live`] when scraped.

mod requests;

use axum::http::StatusCode;
use prometheus::{
    Gauge, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use crate::live::Live;
use crate::logs::DroppedLines;
use requests::Requests;

/// The prefix of every metric of this program (the process metrics are Prometheus' own).
const NAMESPACE: &str = "international_leeds";

/// What kind of answer a request got. A handler of the router marks its answer with one (a
/// response extension); an answer without a mark is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A page, asset, sitemap or calendar from the snapshot (304 included).
    File,
    Search,
    /// An old address, or the address without its trailing slash.
    Redirect,
    NotFound,
    Health,
    /// Anything else: bad requests, other methods, shed or timed-out requests, the preview.
    Other,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::File,
        Kind::Search,
        Kind::Redirect,
        Kind::NotFound,
        Kind::Health,
        Kind::Other,
    ];

    fn label(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::Search => "search",
            Kind::Redirect => "redirect",
            Kind::NotFound => "not_found",
            Kind::Health => "health",
            Kind::Other => "other",
        }
    }
}

/// Every metric.
pub struct Metrics {
    registry: Registry,
    requests: Requests,
    shed: IntCounter,
    connections: Connections,
    reloads: Reloads,
    site: SiteGauges,
    /// One scrape at a time: the site's gauges are set, then read.
    scraping: Mutex<()>,
    /// Log lines dropped because the log thread could not keep up, and where they are counted.
    log_lines_dropped: IntCounter,
    dropped_log_lines: OnceLock<DroppedLines>,
}

/// The public listener's connections.
struct Connections {
    open: IntGauge,
    accepted: IntCounter,
    /// Over the cap, answered 503 and closed.
    refused: IntCounter,
    max: IntGauge,
}

struct Reloads {
    succeeded: IntCounter,
    failed: IntCounter,
    last_duration: Gauge,
    last_time: Gauge,
}

/// What describes the site being served, set at each scrape.
struct SiteGauges {
    info: IntGaugeVec,
    pages: IntGauge,
    warnings: IntGauge,
    stale: IntGauge,
    stale_seconds: Gauge,
    loaded_time: Gauge,
    build_duration: Gauge,
    watching: IntGauge,
}

/// Makes and registers metrics in one registry.
struct Maker<'a>(&'a Registry);

impl Maker<'_> {
    fn opts(name: &str, help: &str) -> Opts {
        Opts::new(name, help).namespace(NAMESPACE)
    }

    fn register<M: prometheus::core::Collector + Clone + 'static>(&self, metric: M) -> M {
        self.0
            .register(Box::new(metric.clone()))
            .expect("each metric is registered once");
        metric
    }

    fn counter(&self, name: &str, help: &str) -> IntCounter {
        self.register(IntCounter::with_opts(Self::opts(name, help)).expect("a valid metric"))
    }

    fn counters(&self, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
        self.register(IntCounterVec::new(Self::opts(name, help), labels).expect("a valid metric"))
    }

    fn gauges(&self, name: &str, help: &str, labels: &[&str]) -> IntGaugeVec {
        self.register(IntGaugeVec::new(Self::opts(name, help), labels).expect("a valid metric"))
    }

    fn gauge(&self, name: &str, help: &str) -> Gauge {
        self.register(Gauge::with_opts(Self::opts(name, help)).expect("a valid metric"))
    }

    fn int_gauge(&self, name: &str, help: &str) -> IntGauge {
        self.register(IntGauge::with_opts(Self::opts(name, help)).expect("a valid metric"))
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let make = Maker(&registry);
        let requests = make.register(Requests::new());
        #[cfg(target_os = "linux")]
        registry
            .register(Box::new(
                prometheus::process_collector::ProcessCollector::for_self(),
            ))
            .expect("the process metrics are registered once");
        Self {
            requests,
            shed: make.counter(
                "http_requests_shed_total",
                "Requests answered 503 at once because too many were being served.",
            ),
            connections: Connections::new(&make),
            reloads: Reloads::new(&make),
            site: SiteGauges::new(&make),
            scraping: Mutex::new(()),
            log_lines_dropped: make.counter(
                "log_lines_dropped_total",
                "Log lines dropped because the log thread could not keep up (a slow disk or journald).",
            ),
            dropped_log_lines: OnceLock::new(),
            registry,
        }
    }

    /// Counts one answer: its kind, status, body bytes and latency.
    pub fn answered(&self, kind: Kind, status: StatusCode, bytes: u64, latency: Duration) {
        self.requests.add(kind, status.as_u16(), bytes, latency);
    }

    /// Counts a connection taken on the site's port, and open until [`Metrics::closed`].
    pub fn opened(&self) {
        self.connections.accepted.inc();
        self.connections.open.inc();
    }

    /// Counts a connection closed.
    pub fn closed(&self) {
        self.connections.open.dec();
    }

    /// Counts a connection over the cap, answered 503 and closed.
    pub fn refused(&self) {
        self.connections.refused.inc();
    }

    /// Sets the cap on connections.
    pub fn cap(&self, connections: usize) {
        let cap = i64::try_from(connections).unwrap_or(i64::MAX);
        self.connections.max.set(cap);
    }

    /// Reports the log lines that `counter` counts as dropped.
    pub fn count_dropped_log_lines(&self, counter: DroppedLines) {
        let _ = self.dropped_log_lines.set(counter);
    }

    /// Counts a request shed by the limit on requests served at once.
    pub fn shed(&self) {
        self.shed.inc();
    }

    /// Counts a reload (a rebuild for edited files, SIGHUP or a publishing time), and how
    /// long it took.
    pub fn reloaded(&self, succeeded: bool, took: Duration) {
        let reloads = &self.reloads;
        if succeeded {
            reloads.succeeded.inc();
        } else {
            reloads.failed.inc();
        }
        reloads.last_duration.set(took.as_secs_f64());
        reloads
            .last_time
            .set(seconds_since_epoch(jiff::Timestamp::now()));
    }

    /// Every metric in Prometheus' text format (version 0.0.4), the site's as of now.
    pub fn render(&self, live: &Live) -> String {
        let _one_at_a_time = self
            .scraping
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.site.set(live);
        if let Some(dropped) = self.dropped_log_lines.get() {
            let dropped = u64::try_from(dropped.count()).unwrap_or(u64::MAX);
            let reported = self.log_lines_dropped.get();
            self.log_lines_dropped
                .inc_by(dropped.saturating_sub(reported));
        }
        let mut text = String::new();
        if let Err(error) = TextEncoder::new().encode_utf8(&self.registry.gather(), &mut text) {
            tracing::error!(%error, "the metrics could not be written");
        }
        text
    }
}

/// The content type of [`Metrics::render`]'s text.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

impl Connections {
    fn new(make: &Maker) -> Self {
        Self {
            open: make.int_gauge("connections_open", "Connections open on the public port."),
            accepted: make.counter(
                "connections_accepted_total",
                "Connections accepted on the public port, within the cap.",
            ),
            refused: make.counter(
                "connections_refused_total",
                "Connections over the cap (--max-connections), answered 503 and closed.",
            ),
            max: make.int_gauge(
                "connections_max",
                "The cap on open connections, fitted to the open-file limit.",
            ),
        }
    }
}

impl Reloads {
    fn new(make: &Maker) -> Self {
        let reloads = make.counters(
            "reloads_total",
            "Rebuilds of the site after a change (edited files, SIGHUP, a publishing time), \
             by outcome: a failed one leaves the last good site served.",
            &["outcome"],
        );
        Self {
            succeeded: reloads.with_label_values(&["success"]),
            failed: reloads.with_label_values(&["failure"]),
            last_duration: make.gauge(
                "reload_last_duration_seconds",
                "How long the last reload took, whatever its outcome.",
            ),
            last_time: make.gauge(
                "reload_last_timestamp_seconds",
                "When the last reload ended, in seconds since the Unix epoch (0: none yet).",
            ),
        }
    }
}

impl SiteGauges {
    fn new(make: &Maker) -> Self {
        Self {
            info: make.gauges(
                "info",
                "Always 1: the binary's version and the version of the content served.",
                &["version", "content_version"],
            ),
            pages: make.int_gauge("pages", "Pages served."),
            warnings: make.int_gauge("content_warnings", "Warnings for editors in the content."),
            stale: make.int_gauge(
                "content_stale",
                "1 while the last reload has failed and an older site is served, else 0.",
            ),
            stale_seconds: make.gauge(
                "content_stale_seconds",
                "How long the content has been stale (0 when it is not).",
            ),
            loaded_time: make.gauge(
                "content_loaded_timestamp_seconds",
                "When the site served was built, in seconds since the Unix epoch.",
            ),
            build_duration: make.gauge(
                "content_build_duration_seconds",
                "How long the site served took to load, render and compress.",
            ),
            watching: make.int_gauge(
                "content_watching",
                "1 while the content and static folders are watched for edits, else 0.",
            ),
        }
    }

    fn set(&self, live: &Live) {
        let snapshot = live.snapshot();
        let now = jiff::Timestamp::now();
        self.info.reset();
        self.info
            .with_label_values(&[env!("CARGO_PKG_VERSION"), snapshot.version.as_str()])
            .set(1);
        self.pages.set(count(snapshot.page_paths().len()));
        self.warnings.set(count(snapshot.warnings.len()));
        let stale_since = live.failure().map(|failure| failure.at);
        self.stale.set(i64::from(stale_since.is_some()));
        self.stale_seconds.set(stale_since.map_or(0.0, |since| {
            now.duration_since(since).as_secs_f64().max(0.0)
        }));
        self.loaded_time.set(seconds_since_epoch(snapshot.built_at));
        self.build_duration.set(snapshot.build_time.as_secs_f64());
        self.watching.set(i64::from(live.is_watching()));
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn seconds_since_epoch(time: jiff::Timestamp) -> f64 {
    time.as_millisecond() as f64 / 1000.0
}
