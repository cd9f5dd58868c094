//! The application answers the snapshot's files by a lookup that skips the router. These
//! tests hold the shortcut to the router's answers, so that the two can never drift apart.

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use axum::response::Response;
use international_leeds::http::{HttpConfig, router};
use international_leeds::{AppState, app};
use tower::ServiceExt;

/// What a response says, in a form to compare: status, headers and body.
async fn parts(response: Response) -> (StatusCode, HeaderMap, Vec<u8>) {
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, common::body(response).await.to_vec())
}

fn request(method: &Method, path: &str, headers: &[(&str, String)]) -> Request<Body> {
    let mut request = Request::builder().method(method.clone()).uri(path);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.body(Body::empty()).expect("a request")
}

async fn both_answer_alike(state: AppState) {
    let snapshot = state.live.snapshot();
    let paths = snapshot.paths();
    assert!(paths.len() > 20, "{paths:?}");
    for path in paths {
        let resource = snapshot.file(path).expect("a listed path is served");
        let etags = ["", "gzip", "br"]
            .map(|encoding| resource.body.choose(encoding).0)
            .map(|coding| {
                resource
                    .body
                    .etag(coding)
                    .to_str()
                    .expect("ascii")
                    .to_string()
            });
        // The identity ETag matches a gzip request only for a body not worth compressing.
        let compressed = resource.body.varies();
        let variants: Vec<(Vec<(&str, String)>, StatusCode)> = vec![
            (vec![], StatusCode::OK),
            (vec![("accept-encoding", "gzip".into())], StatusCode::OK),
            (vec![("accept-encoding", "br, gzip".into())], StatusCode::OK),
            (
                vec![("if-none-match", etags[0].clone())],
                StatusCode::NOT_MODIFIED,
            ),
            (
                vec![
                    ("accept-encoding", "br".into()),
                    ("if-none-match", format!("\"other\", {}", etags[2])),
                ],
                StatusCode::NOT_MODIFIED,
            ),
            (
                vec![
                    ("accept-encoding", "gzip".into()),
                    ("if-none-match", etags[0].clone()),
                ],
                if compressed {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_MODIFIED
                },
            ),
        ];
        for method in [Method::GET, Method::HEAD] {
            for (headers, expected) in &variants {
                let quick = app(state.clone())
                    .oneshot(request(&method, path, headers))
                    .await
                    .expect("infallible");
                let routed = router(state.clone())
                    .oneshot(request(&method, path, headers))
                    .await
                    .expect("infallible");
                let (quick, routed) = (parts(quick).await, parts(routed).await);
                assert_eq!(
                    (quick.0, &quick.1),
                    (routed.0, &routed.1),
                    "{method} {path} {headers:?}"
                );
                assert!(
                    quick.2 == routed.2,
                    "{method} {path} {headers:?}: bodies differ"
                );
                assert_eq!(quick.0, *expected, "{method} {path} {headers:?}");
                if method == Method::HEAD {
                    assert!(quick.2.is_empty(), "HEAD {path} has a body");
                }
            }
        }
    }
}

#[tokio::test]
async fn every_file_is_answered_as_the_router_would() {
    both_answer_alike(AppState::new(common::snapshot())).await;
}

#[tokio::test]
async fn and_so_with_hsts_configured() {
    let mut state = AppState::new(common::snapshot());
    state.http = HttpConfig {
        hsts_max_age: Some(31_536_000),
        ..HttpConfig::default()
    };
    let response = app(state.clone())
        .oneshot(request(&Method::GET, "/", &[]))
        .await
        .expect("infallible");
    assert_eq!(
        response.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
    both_answer_alike(state).await;
}

#[tokio::test]
async fn requests_the_shortcut_leaves_to_the_router_are_answered_by_it() {
    let app = app(AppState::new(common::snapshot()));
    let cases: [(Request<Body>, StatusCode); 4] = [
        (
            Request::post("/").body(Body::empty()).expect("a request"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            Request::get(format!("/?{}", "q".repeat(5000)))
                .body(Body::empty())
                .expect("a request"),
            StatusCode::URI_TOO_LONG,
        ),
        (
            Request::get("/partnerships/lille")
                .body(Body::empty())
                .expect("a request"),
            StatusCode::MOVED_PERMANENTLY,
        ),
        (
            Request::get("/nowhere/")
                .body(Body::empty())
                .expect("a request"),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (request, status) in cases {
        let uri = request.uri().clone();
        let response = app.clone().oneshot(request).await.expect("infallible");
        assert_eq!(response.status(), status, "{uri}");
        assert_eq!(
            response.headers()[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{uri}"
        );
    }
    let mut request = Request::get("/").body(Body::empty()).expect("a request");
    for n in 0..101 {
        let name = axum::http::HeaderName::try_from(format!("x-{n}")).expect("a name");
        request
            .headers_mut()
            .append(name, "1".parse().expect("a value"));
    }
    let response = app.clone().oneshot(request).await.expect("infallible");
    assert_eq!(
        response.status(),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );
}
