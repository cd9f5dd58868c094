//! Serving does no rendering: every page was rendered when the content was loaded, so a
//! thousand requests leave the count of rendered pages where it was. (Alone in its own test
//! binary, so that no other test renders meanwhile.)

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use international_leeds::http::router;
use international_leeds::{AppState, app, render};
use tower::ServiceExt;

#[tokio::test]
async fn a_thousand_requests_render_nothing() {
    let snapshot = common::snapshot();
    let paths: Vec<String> = snapshot.page_paths().to_vec();
    let state = AppState::new(snapshot);
    let app = app(state.clone());
    // The router answers what the application's lookup does not; it must not render either.
    let router = router(state);
    let before = render::pages_rendered();
    assert!(
        before >= paths.len() as u64,
        "the snapshot rendered its pages: {before}"
    );
    for n in 0..1000 {
        let path = &paths[n % paths.len()];
        let request = Request::get(path.as_str())
            .header("accept-encoding", if n % 2 == 0 { "br, gzip" } else { "" })
            .body(Body::empty())
            .expect("a request");
        let response = if n % 4 < 2 {
            app.clone().oneshot(request).await
        } else {
            router.clone().oneshot(request).await
        }
        .expect("infallible");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    assert_eq!(
        render::pages_rendered(),
        before,
        "a request rendered a page"
    );
}
