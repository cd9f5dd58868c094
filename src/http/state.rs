//! What every handler can see: the live site, and the limits ops set for serving it.

use std::sync::Arc;
use std::time::Duration;

use crate::live::Live;
use crate::snapshot::Snapshot;

/// Per-request limits and headers that ops may tune.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// A request taking longer than this is answered 408.
    pub request_timeout: Duration,
    /// Requests served at once; more are answered 503 at once rather than queued.
    pub max_concurrent_requests: usize,
    /// `Strict-Transport-Security: max-age=…`, when the site is only reached over HTTPS.
    pub hsts_max_age: Option<u32>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(10),
            max_concurrent_requests: 512,
            hsts_max_age: None,
        }
    }
}

/// What every handler can see: the live site, and how to serve it.
#[derive(Clone)]
pub struct AppState {
    pub live: Arc<Live>,
    pub http: HttpConfig,
}

impl AppState {
    /// A public site that serves `snapshot` (owned, or shared with other applications), with
    /// the default limits.
    pub fn new(snapshot: impl Into<Arc<Snapshot>>) -> Self {
        Self::from_live(Arc::new(Live::new(snapshot, false)))
    }

    pub fn from_live(live: Arc<Live>) -> Self {
        Self {
            live,
            http: HttpConfig::default(),
        }
    }
}
