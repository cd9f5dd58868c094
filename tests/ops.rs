//! What ops meet: configuration, health, logs, graceful shutdown, HTTP caching and encodings,
//! security headers, hostile clients, and the static export.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{DEADLINE, fetch, raw, snapshot, start_server, start_server_with, wait_until};
use http_body_util::BodyExt;
use international_leeds::http::HttpConfig;
use international_leeds::{AppState, app};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::Duration;
use tower::ServiceExt;

/// Sends a GET with `headers` through the router.
async fn get_with(
    state: AppState,
    path: &str,
    headers: &[(&str, &str)],
) -> axum::response::Response {
    let mut request = Request::builder().uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app(state)
        .oneshot(request.body(Body::empty()).expect("a request"))
        .await
        .expect("infallible")
}

async fn body(response: axum::response::Response) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes()
        .to_vec()
}

fn header<'a>(response: &'a axum::response::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[test]
fn bad_configuration_is_one_line_and_exit_code_2() {
    for args in [
        vec!["--port", "http"],
        vec!["--base-url", "example.org"],
        vec!["--log-format", "xml"],
        vec!["--log-level", "[["],
        vec!["--header-read-timeout", "0"],
        vec!["--no-such-flag"],
    ] {
        let output = common::binary().args(&args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
    let output = common::binary()
        .env("PORT", "seventy")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn help_documents_every_setting_with_its_environment_variable() {
    let output = common::binary().arg("--help").output().expect("runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for setting in [
        "--bind",
        "[env: BIND=]",
        "--port",
        "[env: PORT=]",
        "--content",
        "[env: CONTENT_DIR=]",
        "--base-url",
        "[env: BASE_URL=]",
        "--log-format",
        "[env: LOG_FORMAT=]",
        "--log-level",
        "[env: LOG_LEVEL=]",
        "--hsts-max-age",
        "--header-read-timeout",
        "--request-timeout",
        "--shutdown-timeout",
        "--max-connections",
        "--max-concurrent-requests",
        "--metrics-bind",
        "[env: METRICS_BIND=]",
        "check",
        "export",
    ] {
        assert!(help.contains(setting), "{setting} missing from:\n{help}");
    }
}

#[test]
fn environment_variables_configure_the_server() {
    let server = start_server_with(
        &[],
        &[
            ("BASE_URL", "https://international.example.org/"),
            ("HSTS_MAX_AGE", "600"),
        ],
        Stdio::null(),
    );
    let (_, robots) = fetch(&server.address, "/robots.txt");
    assert!(
        robots.contains("Sitemap: https://international.example.org/sitemap.xml"),
        "{robots}"
    );
    let head = raw(
        &server.address,
        b"HEAD / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    let head = String::from_utf8_lossy(&head).to_lowercase();
    assert!(
        head.contains("strict-transport-security: max-age=600; includesubdomains"),
        "{head}"
    );
    assert!(!head.contains("\r\nserver:"), "no Server header: {head}");
    let (_, home) = fetch(&server.address, "/");
    assert!(home.contains("<link rel=\"canonical\" href=\"https://international.example.org/\">"));
    assert!(
        !home.contains("evil.example"),
        "the Host header is never trusted"
    );
}

#[tokio::test]
async fn health_is_small_json_and_never_cached() {
    let response = get_with(AppState::new(snapshot()), "/healthz", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "cache-control"), "no-store");
    assert_eq!(header(&response, "content-type"), "application/json");
    let json: serde_json::Value = serde_json::from_slice(&body(response).await).expect("JSON");
    assert_eq!(json["status"], "ok");
    assert_eq!(json["pages"], common::bundled_page_paths().len());
    assert_eq!(json["content_version"].as_str().map(str::len), Some(12));
    assert!(json["loaded_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    assert!(json["stale_since"].is_null());
    assert_eq!(json["error_count"], 0);
    // Only status, version and counts: nothing a visitor could learn the server from.
    let fields: Vec<&str> = json
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        [
            "content_version",
            "error_count",
            "loaded_at",
            "pages",
            "stale_since",
            "status",
            "version",
            "warning_count",
            "watching"
        ]
    );
}

#[test]
fn a_failed_reload_tells_the_public_only_its_count_and_the_log_the_rest() {
    // A link `news -> /etc` once listed /etc on the public /healthz, with absolute paths.
    let dir = common::content_copy();
    let content = dir.path().to_str().expect("a UTF-8 path");
    let (server, logs) = common::start_server_logged(&["--content", content]);
    std::os::unix::fs::symlink("/etc", dir.path().join("news")).expect("link news to /etc");
    common::write(dir.path(), "pages/broken.md", "+++\ntitle = 1\n+++\n");
    let health =
        || -> serde_json::Value { serde_json::from_str(&server.get("/healthz").1).expect("JSON") };
    assert!(
        wait_until(DEADLINE, || health()["status"] == "stale"),
        "{}",
        health()
    );
    let json = health();
    assert!(
        json["stale_since"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "{json}"
    );
    assert!(
        json["error_count"].as_u64().is_some_and(|n| n >= 2),
        "{json}"
    );
    let text = json.to_string();
    for private in [content, "/etc", "broken.md", "passwd", "title"] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    let problems = || -> Vec<String> {
        logs.lines()
            .iter()
            .filter_map(|line| line["problem"].as_str().map(str::to_string))
            .collect()
    };
    // The log thread writes the lines a moment after the reload that they tell of.
    let both = |problems: &[String]| {
        problems.iter().any(|p| p.contains("pages/broken.md:2:"))
            && problems.iter().any(|p| p.contains("news: unexpected link"))
    };
    assert!(
        wait_until(DEADLINE, || both(&problems())),
        "{:#?}",
        problems()
    );
}

#[test]
fn logs_a_json_line_per_request_and_a_startup_line() {
    let logs = tempfile::NamedTempFile::new().expect("a log file");
    let server = start_server_with(
        &["--log-format", "json"],
        &[],
        Stdio::from(logs.reopen().expect("reopen")),
    );
    assert_eq!(fetch(&server.address, "/partnerships/lille/").0, 200);
    assert_eq!(fetch(&server.address, "/nowhere/").0, 404);
    assert_eq!(fetch(&server.address, "/search?q=my+private+words").0, 200);
    let health: serde_json::Value =
        serde_json::from_str(&fetch(&server.address, "/healthz").1).expect("JSON");
    server.signal("-TERM");
    let mut child = server;
    let _ = child.child.wait();
    let text = std::fs::read_to_string(logs.path()).expect("read logs");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let start = lines
        .iter()
        .find(|l| l["message"] == "serving")
        .expect("a start-up line");
    assert!(
        start["address"]
            .as_str()
            .is_some_and(|a| a.starts_with("127.0.0.1:"))
    );
    assert_eq!(start["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(start["pages"], common::bundled_page_paths().len());
    let requests: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l["message"] == "response")
        .collect();
    assert_eq!(requests.len(), 4, "{text}");
    // One flat line each, with what ops filter on.
    assert_eq!(requests[0]["method"], "GET");
    assert_eq!(requests[0]["path"], "/partnerships/lille/");
    assert_eq!(requests[0]["status"], 200);
    assert!(requests[0]["bytes"].as_u64().is_some_and(|b| b > 1000));
    assert!(requests[0]["latency_us"].as_u64().is_some());
    assert_eq!(requests[0]["content_version"], health["content_version"]);
    assert_eq!(requests[0]["target"], "international_leeds::request");
    assert_eq!(requests[1]["status"], 404);
    assert_eq!(requests[1]["path"], "/nowhere/");
    assert_eq!(requests[2]["path"], "/search");
    // Nothing private: not what a visitor searched for, nor where they came from.
    assert!(!text.contains("private"), "{text}");
    assert!(
        requests
            .iter()
            .all(|line| !line.to_string().contains("127.0.0.1")),
        "{text}"
    );
}

#[test]
fn sigterm_finishes_requests_in_flight_then_exits_0() {
    // Timeouts far beyond the test's own waits, so that only the signal ends the request.
    let mut server = start_server(&["--header-read-timeout", "300", "--shutdown-timeout", "300"]);
    let mut in_flight = TcpStream::connect(&server.address).expect("connect");
    in_flight.set_read_timeout(Some(DEADLINE)).expect("timeout");
    in_flight
        .write_all(b"GET /partnerships/ HTTP/1.1\r\nHost: localhost\r\n")
        .expect("half a request");
    // Not before the server has the half request: a connection still waiting to be
    // accepted is not yet in flight.
    assert!(
        wait_until(DEADLINE, || read_by_server(&in_flight)),
        "the server never read the half request"
    );
    server.signal("-TERM");
    assert!(
        wait_until(DEADLINE, || TcpStream::connect(&server.address).is_err()),
        "it stops accepting"
    );
    assert!(
        server.child.try_wait().expect("status").is_none(),
        "it waits for the request in flight"
    );
    in_flight
        .write_all(b"\r\n")
        .expect("the rest of the request");
    let mut response = String::new();
    in_flight
        .read_to_string(&mut response)
        .expect("the response");
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("</html>"), "the whole page arrives");
    assert_eq!(server.exit_code(), Some(0));
}

/// Whether the server has taken in every byte sent on `stream` so far, which it does only
/// once it has accepted the connection. On Linux the kernel tells: the server's end of the
/// connection has nothing left in its receive queue (`/proc/net/tcp`). Elsewhere, a pause
/// stands in.
fn read_by_server(stream: &TcpStream) -> bool {
    let (client, server) = (
        stream.local_addr().expect("an address"),
        stream.peer_addr().expect("an address"),
    );
    let Ok(table) = std::fs::read_to_string("/proc/net/tcp") else {
        std::thread::sleep(Duration::from_millis(500));
        return true;
    };
    let port = |address: &str| {
        address
            .rsplit(':')
            .next()
            .and_then(|hex| u16::from_str_radix(hex, 16).ok())
    };
    // Each line: number, local address, remote address, state, tx_queue:rx_queue, ...
    table.lines().skip(1).any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.len() > 4
            && port(fields[1]) == Some(server.port())
            && port(fields[2]) == Some(client.port())
            && fields[4].ends_with(":00000000")
    })
}

#[tokio::test]
async fn pages_come_precompressed_with_vary_and_per_encoding_etags() {
    let state = AppState::new(snapshot());
    let plain = get_with(state.clone(), "/partnerships/", &[]).await;
    assert_eq!(header(&plain, "vary"), "accept-encoding");
    assert_eq!(header(&plain, "cache-control"), "public, max-age=60");
    assert_eq!(header(&plain, "content-type"), "text/html; charset=utf-8");
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_etag = header(&plain, "etag").to_string();
    let plain_body = body(plain).await;

    let br = get_with(
        state.clone(),
        "/partnerships/",
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(header(&br, "content-encoding"), "br");
    let br_etag = header(&br, "etag").to_string();
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&body(br).await[..], 4096)
        .read_to_end(&mut decoded)
        .expect("brotli");
    assert_eq!(decoded, plain_body);

    let gz = get_with(
        state.clone(),
        "/partnerships/",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    let gz_etag = header(&gz, "etag").to_string();
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&body(gz).await[..])
        .read_to_end(&mut decoded)
        .expect("gzip");
    assert_eq!(decoded, plain_body);

    assert!(
        plain_etag.starts_with('"') && !plain_etag.starts_with("W/"),
        "strong: {plain_etag}"
    );
    assert_ne!(plain_etag, br_etag);
    assert_ne!(br_etag, gz_etag);

    let cached = get_with(
        state.clone(),
        "/partnerships/",
        &[("accept-encoding", "br"), ("if-none-match", &br_etag)],
    )
    .await;
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&cached, "etag"), br_etag);
    assert!(body(cached).await.is_empty());
    let stale = get_with(state, "/partnerships/", &[("if-none-match", "\"old\"")]).await;
    assert_eq!(stale.status(), StatusCode::OK);
}

#[tokio::test]
async fn assets_are_immutable_and_head_has_no_body() {
    let state = AppState::new(snapshot());
    let home =
        String::from_utf8(body(get_with(state.clone(), "/", &[]).await).await).expect("UTF-8");
    let start = home.find("/static/style.").expect("a stylesheet");
    let css_url = &home[start..start + home[start..].find('"').expect("quote")];
    let css = get_with(state.clone(), css_url, &[("accept-encoding", "br")]).await;
    assert_eq!(
        header(&css, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&css, "content-type"), "text/css; charset=utf-8");
    assert_eq!(header(&css, "content-encoding"), "br");

    let head = app(state.clone())
        .oneshot(
            Request::head("/priorities/")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    assert_eq!(head.status(), StatusCode::OK);
    assert!(head.headers().get("etag").is_some());
    assert!(body(head).await.is_empty());
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        let response = app(state.clone())
            .oneshot(
                Request::builder()
                    .method(method.clone())
                    .uri("/")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("infallible");
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert!(header(&response, "allow").contains("GET"), "{method}");
        assert!(header(&response, "content-security-policy").contains("frame-ancestors 'none'"));
    }
}

#[tokio::test]
async fn security_headers_on_every_answer_and_hsts_only_when_configured() {
    let state = AppState::new(snapshot());
    for path in [
        "/",
        "/nowhere/",
        "/healthz",
        "/sitemap.xml",
        "/partnerships",
    ] {
        let response = get_with(state.clone(), path, &[]).await;
        let csp = header(&response, "content-security-policy");
        for part in [
            "default-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(
            header(&response, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert!(!header(&response, "permissions-policy").is_empty());
        assert_eq!(
            header(&response, "cross-origin-opener-policy"),
            "same-origin"
        );
        assert_eq!(
            header(&response, "cross-origin-resource-policy"),
            "same-origin"
        );
        assert!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none()
        );
        assert!(response.headers().get("server").is_none());
    }
    let hsts = AppState {
        http: HttpConfig {
            hsts_max_age: Some(31_536_000),
            ..HttpConfig::default()
        },
        ..state
    };
    let response = get_with(hsts, "/", &[]).await;
    assert_eq!(
        header(&response, "strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
}

#[test]
fn a_slowloris_client_is_cut_off_while_others_are_served_promptly() {
    // Long enough for a normal request to come back first, however busy the machine.
    let server = start_server(&["--header-read-timeout", "5"]);
    let mut slow = TcpStream::connect(&server.address).expect("connect");
    slow.set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    slow.write_all(b"GET / HTTP/1.1\r\n").expect("a start");
    let mut served_meanwhile = 0;
    let mut answer = Vec::new();
    let mut n = 0;
    // The head must be whole within the header timeout, however steadily it trickles in: a
    // timeout reset by every byte would never cut this client off.
    let cut_off = wait_until(DEADLINE, || {
        n += 1;
        let _ = slow.write_all(format!("X-Slow-{n}: a\r\n").as_bytes());
        assert_eq!(
            fetch(&server.address, "/").0,
            200,
            "a normal request failed"
        );
        let mut buffer = [0; 4096];
        match slow.read(&mut buffer) {
            Ok(0) => true,
            Ok(read) => {
                answer.extend_from_slice(&buffer[..read]);
                true
            }
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                served_meanwhile += 1;
                false
            }
            Err(_) => true,
        }
    });
    assert!(cut_off, "the slow client was never cut off");
    assert!(
        served_meanwhile > 0,
        "no normal request was answered while the slow client was connected"
    );
    slow.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let _ = slow.read_to_end(&mut answer);
    assert!(
        !String::from_utf8_lossy(&answer).contains("200 OK"),
        "the slow client was served"
    );
}

#[test]
fn traversal_in_any_encoding_never_reaches_a_file() {
    let server = start_server(&[]);
    for path in [
        "/../Cargo.toml",
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e/Cargo.toml",
        "/static/..%5cCargo.toml",
        "/static/..\\Cargo.toml",
        "/static/%c0%ae%c0%ae/Cargo.toml",
        "/static/style.css%00.css",
        "/static/.%2e/src/main.rs",
        "//etc/passwd",
        "/content/site.toml",
        "/static/",
    ] {
        let response = raw(
            &server.address,
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let response = String::from_utf8_lossy(&response);
        let status: u16 = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        assert!((400..500).contains(&status), "{path} answered {status}");
        for secret in ["[package]", "root:x:0", "fn main", "twitter_handle"] {
            assert!(!response.contains(secret), "{path} leaked a file");
        }
    }
}

#[test]
fn oversized_requests_are_refused_with_4xx() {
    let server = start_server(&[]);
    let status = |request: Vec<u8>| {
        let response = raw(&server.address, &request);
        String::from_utf8_lossy(&response)
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
    };
    let long_uri = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(5000)
    );
    assert_eq!(status(long_uri.into_bytes()), Some(414));
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(100_000)
    );
    assert_eq!(status(huge_header.into_bytes()), Some(431));
    let many: String = (0..200).map(|n| format!("X-{n}: y\r\n")).collect();
    assert_eq!(
        status(format!("GET / HTTP/1.1\r\nHost: x\r\n{many}\r\n").into_bytes()),
        Some(431)
    );
    assert_eq!(fetch(&server.address, "/").0, 200, "and the server goes on");
}

#[test]
fn connections_over_the_limit_are_answered_503_at_once() {
    // Idle connections are held far longer than the test takes.
    let server = start_server(&["--max-connections", "2", "--header-read-timeout", "300"]);
    // Connections are accepted in the order they were made: these two take the places.
    let held: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(&server.address).expect("connect"))
        .collect();
    let (status, body) = fetch(&server.address, "/");
    assert_eq!(status, 503);
    assert!(body.contains("Too busy"));
    let answer = common::raw(&server.address, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    let answer = String::from_utf8_lossy(&answer).to_lowercase();
    assert!(
        answer.contains("content-security-policy: default-src 'none'"),
        "the 503 has the security headers too: {answer}"
    );
    drop(held);
    assert!(
        wait_until(DEADLINE, || fetch(&server.address, "/").0 == 200),
        "served again once connections close"
    );
}

#[tokio::test]
async fn export_writes_exactly_what_the_server_sends() {
    let out = tempfile::tempdir().expect("a folder");
    let dir = out.path().join("site");
    let output = common::binary()
        .args(["export", dir.to_str().expect("UTF-8")])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("export runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let state = AppState::new(snapshot());
    let served = state
        .live
        .snapshot()
        .paths()
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>();
    assert!(served.len() > 20, "{served:?}");
    for path in &served {
        let file = if path.ends_with('/') {
            dir.join(path.trim_start_matches('/')).join("index.html")
        } else {
            dir.join(path.trim_start_matches('/'))
        };
        let written =
            std::fs::read(&file).unwrap_or_else(|_| panic!("{} not exported", file.display()));
        let sent = body(get_with(state.clone(), path, &[]).await).await;
        assert_eq!(written, sent, "{path} differs");
    }
    let not_found = get_with(state.clone(), "/no-such-page/", &[]).await;
    assert_eq!(
        std::fs::read(dir.join("404.html")).expect("404.html"),
        body(not_found).await
    );
    // Each language's 404 page beside its pages, as the server answers under its address.
    for (code, _) in common::declared_languages() {
        let prefix = code.to_lowercase();
        let not_found = get_with(state.clone(), &format!("/{prefix}/no-such-page/"), &[]).await;
        let page = body(not_found).await;
        assert!(
            String::from_utf8_lossy(&page).contains(&format!("<html lang=\"{code}\"")),
            "{code}"
        );
        let file = dir.join(&prefix).join("404.html");
        let written = std::fs::read(&file).unwrap_or_else(|_| panic!("{} missing", file.display()));
        assert_eq!(written, page, "{code}");
    }
    assert!(dir.join("sitemap.xml").exists() && dir.join("robots.txt").exists());

    let again = common::binary()
        .args(["export", dir.to_str().expect("UTF-8")])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("export runs");
    assert!(
        !again.status.success(),
        "export refuses a folder that is not empty"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}

#[test]
fn the_connection_cap_fits_the_open_file_limit() {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    const FILES: u64 = 256;
    let logs = tempfile::NamedTempFile::new().expect("a log file");
    let mut command = common::binary();
    command
        .args([
            "--port",
            "0",
            "--header-read-timeout",
            "300",
            "--log-format",
            "json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(logs.reopen().expect("the log file"));
    // SAFETY: setrlimit is async-signal-safe, and only this child's limits change.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: FILES,
                rlim_max: FILES,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let mut child = command.spawn().expect("the binary starts");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("a first line");
    let address = line
        .trim()
        .trim_start_matches("Serving International Leeds at http://")
        .trim_end_matches('/')
        .to_string();
    // The figures are logged as it starts serving.
    let read = || std::fs::read_to_string(logs.path()).unwrap_or_default();
    assert!(wait_until(DEADLINE, || read().contains("max_connections")));
    let logged = read();
    let capped: serde_json::Value = logged
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .find(|l: &serde_json::Value| l["max_connections"].is_u64())
        .expect("the cap is logged");
    let fit = capped["max_connections"].as_u64().expect("a number");
    assert!(fit < FILES, "{capped}");
    assert_eq!(capped["open_file_limit"], FILES, "{capped}");
    // Every connection the cap allows, held; the next is told 503, not reset.
    let held: Vec<TcpStream> = (0..fit)
        .map(|_| TcpStream::connect(&address).expect("connect"))
        .collect();
    let (status, _) = fetch(&address, "/");
    assert_eq!(status, 503);
    drop(held);
    assert!(wait_until(DEADLINE, || fetch(&address, "/").0 == 200));
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn export_fills_a_folder_of_its_own_and_swaps_it_in_whole() {
    let out = tempfile::tempdir().expect("a folder");
    let dir = out.path().join("site");
    std::fs::create_dir(&dir).expect("an empty folder made beforehand");
    let export = || {
        common::binary()
            .args(["export", dir.to_str().expect("UTF-8")])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("export runs")
    };
    let first = export();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(dir.join("404.html").is_file() && dir.join("index.html").is_file());
    // Nothing is left beside it.
    let beside: Vec<_> = std::fs::read_dir(out.path())
        .expect("the parent")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(beside, ["site"]);
    // A folder that is not empty is left as it is.
    let again = export();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    assert!(dir.join("404.html").is_file());
}
