//! The HTTP face of the site: the application over the live
//! [`Snapshot`](crate::snapshot::Snapshot), with its fast path for prepared files, the router
//! and the layers every other request passes through, and the server loop.

mod app;
mod headers;
mod layers;
pub mod observe;
mod pages;
mod preview;
pub mod server;
mod state;

pub use app::{App, app, metrics_app, router};
pub use headers::CONTENT_SECURITY_POLICY;
pub use layers::with_layers;
pub use state::{AppState, HttpConfig};
