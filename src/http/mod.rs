//! The HTTP face of the site: a router over the live [`Snapshot`](crate::snapshot::Snapshot),
//! and the headers every answer gets.

mod headers;
mod pages;

use axum::routing::get;
use axum::{Router, middleware};
use std::sync::Arc;

use crate::live::Live;
use crate::snapshot::Snapshot;

/// What every handler can see: the live site.
#[derive(Clone)]
pub struct AppState {
    pub live: Arc<Live>,
}

impl AppState {
    /// A public site that serves `snapshot`.
    pub fn new(snapshot: Snapshot) -> Self {
        Self::from_live(Arc::new(Live::new(snapshot, false)))
    }

    pub fn from_live(live: Arc<Live>) -> Self {
        Self { live }
    }
}

/// The whole application, for `main` and for tests.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(pages::health))
        .route("/robots.txt", get(pages::robots))
        .fallback_service(get(pages::serve).with_state(state.clone()))
        .with_state(state)
        .layer(middleware::map_response(headers::add_security_headers))
}
