//! The site being served right now, swapped whole when the content changes, and what went
//! wrong with the last reload, if anything.

use arc_swap::{ArcSwap, ArcSwapOption, Guard};
use bytes::Bytes;
use jiff::Timestamp;
use std::sync::Arc;

use crate::assets::Assets;
use crate::snapshot::Snapshot;

/// A reload that failed: the last good site is still served.
#[derive(Debug)]
pub struct Failure {
    /// Every problem, one per line, each naming its file.
    pub message: String,
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
}

impl Live {
    /// Serves `snapshot`, which tests may share between many applications.
    pub fn new(snapshot: impl Into<Arc<Snapshot>>, dev: bool) -> Self {
        Self {
            snapshot: ArcSwap::new(snapshot.into()),
            failure: ArcSwapOption::empty(),
            dev,
        }
    }

    /// The site to answer this request from: old or new, never a mix.
    pub fn snapshot(&self) -> Guard<Arc<Snapshot>> {
        self.snapshot.load()
    }

    /// The last reload's failure, if it failed.
    pub fn failure(&self) -> Option<Arc<Failure>> {
        self.failure.load_full()
    }

    /// Serves `snapshot` from now on.
    pub fn replace(&self, snapshot: Snapshot) {
        self.snapshot.store(Arc::new(snapshot));
        self.failure.store(None);
        crate::memory::release_freed();
    }

    /// Records a failed reload; the current snapshot stays.
    pub fn fail(&self, failure: Failure) {
        self.failure.store(Some(Arc::new(failure)));
    }
}
