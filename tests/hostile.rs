//! Hostile requests against the binary on loopback: each gets a 4xx or a closed connection,
//! never a 5xx, a panic or a file from outside the site, and a normal request is answered
//! after each one. (Traversal, huge heads, slowloris and connection floods are in
//! tests/ops.rs.)

mod common;

use common::{fetch, raw, start_server};

/// The status of the answer to `request`, or None if the server closed without one.
fn status_of(address: &str, request: &[u8]) -> Option<u16> {
    let response = raw(address, request);
    let text = String::from_utf8_lossy(&response);
    text.strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse().ok())
}

fn assert_refused(address: &str, name: &str, request: &[u8]) {
    // Closing without an answer is fine too.
    if let Some(code) = status_of(address, request) {
        assert!((400..500).contains(&code), "{name}: answered {code}");
    }
    // A server wedged by the hostile request would leave this without an answer: `fetch`
    // gives up after `common::DEADLINE` and fails.
    assert_eq!(
        fetch(address, "/").0,
        200,
        "{name}: the server stopped answering"
    );
}

#[test]
fn hostile_requests_get_4xx_or_a_closed_connection_and_the_server_goes_on() {
    let server = start_server(&[]);
    let address = server.address.as_str();
    let headers = |n: usize| (0..n).map(|i| format!("X-H{i}: v\r\n")).collect::<String>();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("invalid UTF-8 in the path", b"GET /\xff\xfe/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("percent-encoded invalid UTF-8", b"GET /%ff%fe/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("a NUL in the path", b"GET /a%00b/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("a URI of 100 KB", format!("GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "x".repeat(100_000)).into_bytes()),
        ("thousands of headers", format!("GET / HTTP/1.1\r\nHost: x\r\n{}Connection: close\r\n\r\n", headers(5000)).into_bytes()),
        ("a huge header value", format!("GET / HTTP/1.1\r\nHost: x\r\nCookie: {}\r\nConnection: close\r\n\r\n", "c".repeat(200_000)).into_bytes()),
        ("an unknown method", b"BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("a method that is not a token", b"G\x01T / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("HTTP/1.1 without Host", b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
        (
            "Content-Length and Transfer-Encoding together",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n".to_vec(),
        ),
        ("two different Content-Lengths", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab".to_vec()),
        ("a bad chunked body", b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n".to_vec()),
        ("garbage", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n".to_vec()),
        ("an absolute URI for another host", b"GET http://evil.example/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("a header with no colon", b"GET / HTTP/1.1\r\nHost: x\r\nnot a header\r\nConnection: close\r\n\r\n".to_vec()),
        ("a newline in a header value", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\nConnection: close\r\n\r\n".to_vec()),
    ];
    for (name, request) in &cases {
        // An absolute URI for another host is fine to answer from our own content; anything
        // else here must be refused.
        if *name == "an absolute URI for another host" {
            let code = status_of(address, request).unwrap_or(0);
            assert!(code == 200 || (400..500).contains(&code), "{name}: {code}");
            continue;
        }
        assert_refused(address, name, request);
    }
}

#[test]
fn lenient_but_harmless_requests_are_served_normally() {
    let server = start_server(&[]);
    let address = server.address.as_str();
    // HTTP/1.0 needs no Host; a body on GET is ignored.
    assert_eq!(status_of(address, b"GET / HTTP/1.0\r\n\r\n"), Some(200));
    let with_body = b"GET /partnerships/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
    assert_eq!(status_of(address, with_body), Some(200));
    // Query strings are never reflected unescaped.
    let (status, body) = fetch(
        address,
        "/partnerships/?q=%3Cscript%3Ealert(1)%3C/script%3E",
    );
    assert_eq!(status, 200);
    assert!(!body.contains("<script>alert"));
    let redirect = raw(address, b"GET /partnerships?x=%0d%0aSet-Cookie:%20a=b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let redirect = String::from_utf8_lossy(&redirect).to_lowercase();
    assert!(redirect.starts_with("http/1.1 301"), "{redirect}");
    assert!(
        !redirect.contains("\r\nset-cookie:"),
        "a header was injected: {redirect}"
    );
}

async fn boom() -> &'static str {
    panic!("secret internal detail")
}

#[test]
fn a_panicking_handler_is_answered_500_and_the_server_goes_on() {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use international_leeds::http::{HttpConfig, with_layers};
    use tower::ServiceExt;

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let routes = Router::new()
            .route("/boom", get(boom))
            .route("/fine", get(|| async { "fine" }));
        let app = with_layers(routes, &HttpConfig::default(), None);
        let response = app
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            response.headers()["content-type"],
            "text/html; charset=utf-8"
        );
        assert!(response.headers().contains_key("content-security-policy"));
        let body = common::body(response).await;
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("<h1>Sorry, something went wrong</h1>"));
        assert!(
            !body.contains("secret internal detail"),
            "the visitor never sees internal errors"
        );
        let after = app
            .oneshot(Request::get("/fine").body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        assert_eq!(after.status(), StatusCode::OK, "the server goes on");
    });
}

#[test]
fn a_host_header_rfc_9112_forbids_gets_400_with_the_security_headers() {
    let server = start_server(&[]);
    let address = server.address.as_str();
    for (name, request) in [
        (
            "no Host",
            &b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"[..],
        ),
        (
            "two Hosts",
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
        ),
        (
            "a port too large",
            b"GET / HTTP/1.1\r\nHost: x:99999\r\nConnection: close\r\n\r\n",
        ),
        (
            "not a host",
            b"GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n",
        ),
    ] {
        let answer = String::from_utf8_lossy(&common::raw(address, request)).to_lowercase();
        assert!(answer.starts_with("http/1.1 400"), "{name}: {answer}");
        assert_secure(name, &answer);
    }
    let fine = common::raw(
        address,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nConnection: close\r\n\r\n",
    );
    assert!(String::from_utf8_lossy(&fine).starts_with("HTTP/1.1 200"));
}

/// That `answer` (a whole answer, in lower case) carries the security headers.
fn assert_secure(name: &str, answer: &str) {
    for header in [
        "content-security-policy: default-src 'none'",
        "x-content-type-options: nosniff",
    ] {
        assert!(answer.contains(header), "{name}: no {header} in {answer}");
    }
}

#[test]
fn hyper_s_own_answers_to_unparsable_requests_carry_the_security_headers() {
    let server = start_server(&[]);
    let many_headers: String = (0..500).map(|n| format!("X-{n}: 1\r\n")).collect();
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("garbage", b"GARBAGE\r\n\r\n".to_vec(), "400"),
        (
            "a header without a colon",
            b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".to_vec(),
            "400",
        ),
        (
            "an unknown version",
            b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(),
            "400",
        ),
        (
            "a NUL in the path",
            b"GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            "400",
        ),
        (
            "a head of 200 KB",
            format!(
                "GET / HTTP/1.1\r\nHost: x\r\nX-A: {}\r\n\r\n",
                "a".repeat(200_000)
            )
            .into_bytes(),
            "431",
        ),
        (
            "500 headers",
            format!("GET / HTTP/1.1\r\nHost: x\r\n{many_headers}\r\n").into_bytes(),
            "431",
        ),
    ];
    for (name, request, status) in cases {
        let answer =
            String::from_utf8_lossy(&common::raw(&server.address, &request)).to_lowercase();
        assert!(
            answer.starts_with(&format!("http/1.1 {status}")),
            "{name}: {answer}"
        );
        assert_secure(name, &answer);
    }
    // After a good answer on the same connection, too.
    let pipelined = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nBad Header\r\n\r\n";
    let answer = String::from_utf8_lossy(&common::raw(&server.address, pipelined)).to_lowercase();
    let last = &answer[answer.rfind("http/1.1 ").expect("two answers")..];
    assert!(last.starts_with("http/1.1 400"), "{answer}");
    assert_secure("after a good answer", last);
    assert_eq!(fetch(&server.address, "/").0, 200);
}

#[test]
fn a_client_that_never_reads_gives_its_place_back_after_the_write_timeout() {
    use std::io::Write;
    let server = start_server(&["--max-connections", "2", "--write-timeout", "1"]);
    // Each pipelines 2,000 requests for the home page and reads nothing: far more answer
    // than the sockets' buffers hold.
    let requests = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000);
    let hogs: Vec<std::net::TcpStream> = (0..2)
        .map(|_| {
            let mut hog = std::net::TcpStream::connect(&server.address).expect("connect");
            hog.write_all(requests.as_bytes())
                .expect("send the requests");
            hog
        })
        .collect();
    assert!(
        common::wait_until(common::DEADLINE, || fetch(&server.address, "/").0 == 200),
        "the connections that never read still hold every place"
    );
    drop(hogs);
}

/// Queries made to cost the most: the longest words corrected, as many as a query holds,
/// ideographs, marks without letters, every script. Each is answered with a page, and the
/// server goes on (each costs at most five automata of 24 letters: docs/performance.md).
#[test]
fn hostile_searches_are_answered_and_the_server_goes_on() {
    let server = start_server(&[]);
    let address = server.address.as_str();
    let word = |i: usize| -> String {
        (0..24)
            .map(|j| char::from(b'a' + u8::try_from((i * 7 + j * 13) % 26).expect("a letter")))
            .collect()
    };
    let queries = [
        (0..9).map(word).collect::<Vec<_>>().join(" "),
        "a ".repeat(100),
        "杭".repeat(200),
        "\u{301}".repeat(200),
        "Ünïcödé Дніпро கொழும்பு 杭州 Brașov ".repeat(6),
        "twin town ".repeat(20),
        "Dortmnd Lile Hangzou Louisvile Sigen Barcelna Brno".to_string(),
        "%00%ff".to_string(),
    ];
    for query in &queries {
        let encoded: String = url::form_urlencoded::byte_serialize(query.as_bytes()).collect();
        for prefix in ["", "/fr", "/zh-hans"] {
            let path = format!("{prefix}/search?q={encoded}");
            let (status, body) = fetch(address, &path);
            assert_eq!(status, 200, "{path}");
            assert!(body.trim_end().ends_with("</html>"), "{path}");
        }
        assert_eq!(fetch(address, "/").0, 200, "the server stopped answering");
    }
}
