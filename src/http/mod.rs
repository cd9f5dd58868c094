//! The HTTP face of the site: a router over a [`Snapshot`], and the headers every answer gets.

mod headers;
mod pages;

use axum::routing::get;
use axum::{Router, middleware};
use std::sync::Arc;

use crate::snapshot::Snapshot;

/// What every handler can see: the current snapshot of the site.
#[derive(Clone)]
pub struct AppState {
    pub snapshot: Arc<Snapshot>,
}

impl AppState {
    pub fn new(snapshot: Snapshot) -> Self {
        Self {
            snapshot: Arc::new(snapshot),
        }
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
