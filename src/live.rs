//! The site being served right now, swapped whole when the content changes, and what went
//! wrong with the last reload, if anything.

use arc_swap::{ArcSwap, ArcSwapOption, Guard};
use bytes::Bytes;
use jiff::Timestamp;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::watch;

use crate::assets::Assets;
use crate::metrics::Metrics;
use crate::snapshot::Snapshot;

/// A reload that failed: the last good site is still served.
#[derive(Debug)]
pub struct Failure {
    /// Every problem, one per line, each naming its file.
    pub message: String,
    /// How many problems there are.
    pub count: usize,
    /// When the content became stale: the first failure since the last good reload.
    pub at: Timestamp,
    /// The page that preview mode shows instead of the site.
    pub page: Bytes,
    /// The static files as they are on disk, so that the page has its stylesheet even when
    /// no build has succeeded yet.
    pub assets: Assets,
}

/// The current snapshot and the state of reloading.
#[derive(Debug)]
pub struct Live {
    snapshot: ArcSwap<Snapshot>,
    failure: ArcSwapOption<Failure>,
    /// Preview mode: show a failed reload's errors instead of the last good site.
    pub dev: bool,
    /// Counts the swaps and failures, for the preview's open pages to refresh on.
    changes: watch::Sender<u64>,
    /// Set when the server stops, so that the preview's event streams end.
    closing: AtomicBool,
    /// Whether the content and static folders are watched for changes.
    watching: AtomicBool,
    /// What is counted for Prometheus, when ops asked for it (`--metrics-bind`).
    metrics: Option<Arc<Metrics>>,
}

impl Live {
    /// Serves `snapshot`, which tests may share between many applications.
    pub fn new(snapshot: impl Into<Arc<Snapshot>>, dev: bool) -> Self {
        Self {
            snapshot: ArcSwap::new(snapshot.into()),
            failure: ArcSwapOption::empty(),
            dev,
            changes: watch::Sender::new(0),
            closing: AtomicBool::new(false),
            watching: AtomicBool::new(false),
            metrics: None,
        }
    }

    /// Counts requests, connections and reloads into `metrics`.
    pub fn with_metrics(self, metrics: Arc<Metrics>) -> Self {
        Self {
            metrics: Some(metrics),
            ..self
        }
    }

    /// The metrics being counted, if any.
    pub fn metrics(&self) -> Option<&Arc<Metrics>> {
        self.metrics.as_ref()
    }

    /// The number of swaps and failures so far: which build an answer comes from.
    pub fn build_number(&self) -> u64 {
        *self.changes.borrow()
    }

    /// Wakes on every swap or failure from now on, and when the server stops.
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Whether edits to the folders are being picked up (false with `--no-watch`).
    pub fn is_watching(&self) -> bool {
        self.watching.load(Ordering::Relaxed)
    }

    pub fn set_watching(&self, watching: bool) {
        self.watching.store(watching, Ordering::Relaxed);
    }

    /// Whether the server is stopping.
    pub fn is_closing(&self) -> bool {
        self.closing.load(Ordering::Relaxed)
    }

    /// Ends the waits of [`Live::changes`]: the server is stopping.
    pub fn close(&self) {
        self.closing.store(true, Ordering::Relaxed);
        self.changes.send_modify(|_| ());
    }

    /// The site to answer this request from: old or new, never a mix.
    pub fn snapshot(&self) -> Guard<Arc<Snapshot>> {
        self.snapshot.load()
    }

    /// The site to answer from, to keep beyond this moment.
    pub fn snapshot_arc(&self) -> Arc<Snapshot> {
        self.snapshot.load_full()
    }

    /// The last reload's failure, if it failed.
    pub fn failure(&self) -> Option<Arc<Failure>> {
        self.failure.load_full()
    }

    /// Serves `snapshot` from now on.
    pub fn replace(&self, snapshot: Snapshot) {
        self.snapshot.store(Arc::new(snapshot));
        self.failure.store(None);
        self.changes.send_modify(|n| *n += 1);
        crate::memory::release_freed();
    }

    /// Serves `snapshot`, the last good site rendered again, from now on: the failure of the
    /// last reload, if any, still stands.
    pub fn refresh(&self, snapshot: Snapshot) {
        self.snapshot.store(Arc::new(snapshot));
        self.changes.send_modify(|n| *n += 1);
        crate::memory::release_freed();
    }

    /// Records a failed reload; the current snapshot stays. The content became stale at the
    /// first failure since the last good reload: a failure after a failure keeps that moment,
    /// so that "stale for ten minutes" means ten minutes, however often editors save.
    pub fn fail(&self, mut failure: Failure) {
        if let Some(earlier) = self.failure.load().as_ref() {
            failure.at = earlier.at;
        }
        self.failure.store(Some(Arc::new(failure)));
        self.changes.send_modify(|n| *n += 1);
    }
}
