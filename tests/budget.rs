//! The weight of the home page on a slow phone: the page and everything it makes the browser
//! fetch, as sent to a browser that accepts brotli, within 40 KB; one stylesheet and no other
//! request that blocks rendering.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use international_leeds::{AppState, app};
use std::io::Read;
use tower::ServiceExt;

const BUDGET: usize = 40 * 1024;

/// The body of `path` as sent with `Accept-Encoding: br, gzip`, and its text once decoded.
async fn fetch(app: &international_leeds::http::App, path: &str) -> (usize, String) {
    let request = Request::get(path)
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .expect("a request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let brotli = response.headers().get(header::CONTENT_ENCODING).is_some();
    let sent = common::body(response).await;
    let mut text = String::new();
    if brotli {
        brotli::Decompressor::new(&sent[..], 4096)
            .read_to_string(&mut text)
            .expect("brotli");
    } else {
        text = String::from_utf8_lossy(&sent).into_owned();
    }
    (sent.len(), text)
}

/// The opening tags named `name` in `html`.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    html.match_indices(&open)
        .map(|(start, _)| {
            let end = html[start..].find('>').expect("a tag ends");
            &html[start..start + end]
        })
        .collect()
}

/// The value of `attribute` in `tag`, if it has one.
fn attribute<'a>(tag: &'a str, attribute: &str) -> Option<&'a str> {
    let key = format!(" {attribute}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')?;
    Some(&tag[start..start + end])
}

#[tokio::test]
async fn the_home_page_and_all_it_loads_weigh_at_most_40_kb() {
    let app = app(AppState::new(common::snapshot()));
    let (page_bytes, html) = fetch(&app, "/").await;
    let head = &html[..html.find("</head>").expect("a head")];

    let stylesheets: Vec<&str> = tags(head, "link")
        .into_iter()
        .filter(|tag| attribute(tag, "rel") == Some("stylesheet"))
        .filter_map(|tag| attribute(tag, "href"))
        .collect();
    assert_eq!(stylesheets.len(), 1, "one stylesheet: {stylesheets:?}");
    let scripts: Vec<&str> = tags(&html, "script")
        .into_iter()
        .filter(|tag| attribute(tag, "type") != Some("application/ld+json"))
        .collect();
    assert!(scripts.is_empty(), "no scripts: {scripts:?}");
    for tag in tags(head, "link") {
        let rel = attribute(tag, "rel").unwrap_or_default();
        assert!(
            ["stylesheet", "icon", "canonical", "alternate"].contains(&rel),
            "a request the page may wait for: {tag}"
        );
    }

    let mut fetched: Vec<String> = stylesheets.iter().map(|s| s.to_string()).collect();
    fetched.extend(
        tags(head, "link")
            .into_iter()
            .filter(|tag| attribute(tag, "rel") == Some("icon"))
            .filter_map(|tag| attribute(tag, "href"))
            .map(str::to_string),
    );
    fetched.extend(
        tags(&html, "img")
            .into_iter()
            .filter_map(|tag| attribute(tag, "src"))
            .map(str::to_string),
    );
    assert!(
        fetched.iter().any(|url| url.contains("icon")),
        "the page names its icon, so browsers do not ask for /favicon.ico: {fetched:?}"
    );
    let mut total = page_bytes;
    let mut lines = vec![format!("/ {page_bytes}")];
    let mut queue = fetched;
    while let Some(url) = queue.pop() {
        let (bytes, text) = fetch(&app, &url).await;
        if url.ends_with(".css") {
            // What the stylesheet loads in turn: fonts, images.
            for (start, _) in text.match_indices("url(") {
                let rest = &text[start + 4..];
                let target = rest[..rest.find(')').expect("url( ends")].trim_matches(['"', '\'']);
                if !target.starts_with("data:") && !target.starts_with('#') {
                    queue.push(target.to_string());
                }
            }
        }
        total += bytes;
        lines.push(format!("{url} {bytes}"));
    }
    assert!(
        total <= BUDGET,
        "the home page weighs {total} bytes, over {BUDGET}:\n{}",
        lines.join("\n")
    );
    eprintln!("home page transfer: {total} bytes\n{}", lines.join("\n"));
}
