//! International Leeds: the website of Leeds City Council's International Relations team.
//! Content files are loaded into an immutable [`content::Site`], rendered once into a
//! [`snapshot::Snapshot`] of responses, and served from memory by [`http::app`].

pub mod assets;
pub mod check;
pub mod config;
pub mod content;
pub mod encoding;
pub mod export;
pub mod generate;
pub mod http;
pub mod limits;
pub mod links;
pub mod live;
pub mod logs;
pub mod map;
pub mod markdown;
pub mod media;
pub mod memory;
pub mod metrics;
pub mod reload;
pub mod render;
pub mod routes;
pub mod search;
pub mod snapshot;
pub mod suggest;
pub mod words;

pub use http::{AppState, app};
