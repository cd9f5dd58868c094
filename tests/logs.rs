//! The logs as ops run them: plain text when standard error is not a terminal, no line of an
//! answered request lost at SIGTERM, and a log reader that never reads (a stuck journald)
//! costs lines, counted, never the server's answers.

mod common;

use common::{Client, DEADLINE, fetch, start_server_with, wait_until};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};

#[test]
fn human_logs_sent_to_a_file_have_no_colour_codes() {
    let logs = tempfile::NamedTempFile::new().expect("a log file");
    let mut server = start_server_with(&[], &[], Stdio::from(logs.reopen().expect("reopen")));
    assert_eq!(fetch(&server.address, "/").0, 200);
    assert_eq!(fetch(&server.address, "/nowhere/").0, 404);
    assert_eq!(server.terminate(), Some(0));
    let text = std::fs::read_to_string(logs.path()).expect("the logs");
    assert!(text.contains("response"), "{text}");
    assert!(text.contains("serving"), "{text}");
    assert!(!text.contains('\u{1b}'), "escape codes in a file: {text:?}");
}

#[test]
fn a_sigterm_during_load_loses_no_line_of_an_answered_request() {
    const CLIENTS: usize = 4;
    let logs = tempfile::NamedTempFile::new().expect("a log file");
    let mut server = start_server_with(
        &["--log-format", "json"],
        &[],
        Stdio::from(logs.reopen().expect("reopen")),
    );
    let answered_count = AtomicUsize::new(0);
    let address = server.address.clone();
    let answered: Vec<(Vec<String>, usize)> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let (address, count) = (&address, &answered_count);
                scope.spawn(move || {
                    // Each answered 404 by its own address; pages by their count.
                    let (mut gone, mut pages) = (Vec::new(), 0);
                    let mut connection = Client::new(address);
                    for n in 0.. {
                        let path = format!("/gone/{client}-{n}/");
                        match connection.try_send("GET", &path).map(|(status, _)| status) {
                            Some(404) => gone.push(path),
                            _ => break,
                        }
                        match connection.try_send("GET", "/").map(|(status, _)| status) {
                            Some(200) => pages += 1,
                            _ => break,
                        }
                        count.fetch_add(2, Ordering::Relaxed);
                    }
                    (gone, pages)
                })
            })
            .collect();
        assert!(
            wait_until(DEADLINE, || answered_count.load(Ordering::Relaxed) >= 400),
            "the load runs"
        );
        assert_eq!(server.terminate(), Some(0));
        clients
            .into_iter()
            .map(|client| client.join().expect("a client"))
            .collect()
    });
    let text = std::fs::read_to_string(logs.path()).expect("the logs");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let logged = |path: &str, status: u64| {
        lines
            .iter()
            .filter(|line| line["message"] == "response" && line["path"] == path)
            .filter(|line| line["status"] == status)
            .count()
    };
    let pages: usize = answered.iter().map(|(_, pages)| pages).sum();
    assert!(logged("/", 200) >= pages, "{} of {pages}", logged("/", 200));
    for (gone, _) in &answered {
        for path in gone {
            assert_eq!(logged(path, 404), 1, "{path} answered, not logged");
        }
    }
    assert!(
        lines
            .last()
            .is_some_and(|line| line["message"] == "stopped"),
        "the last line is written too"
    );
}

#[test]
fn a_log_reader_that_never_reads_costs_lines_counted_never_answers() {
    // Standard error is a pipe nobody reads, as a stuck journald: it fills at 64 KB.
    let mut server = start_server_with(
        &["--log-format", "json"],
        &[("METRICS_BIND", "127.0.0.1:0")],
        Stdio::piped(),
    );
    let metrics = server.metrics_address();
    // Far more lines than the pipe and the log thread's buffer hold together.
    // A JSON line is about 250 bytes.
    let requests = international_leeds::logs::BUFFERED_BYTES / 250 + 20_000;
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                let mut client = Client::new(&server.address);
                for _ in 0..requests / 4 {
                    assert_eq!(client.send("GET", "/robots.txt").0, 200, "answered");
                }
            });
        }
    });
    let (status, body) = fetch(&metrics, "/metrics");
    assert_eq!(status, 200);
    let dropped: f64 = body
        .lines()
        .find_map(|line| line.strip_prefix("international_leeds_log_lines_dropped_total "))
        .expect("the dropped lines' count")
        .parse()
        .expect("a number");
    assert!(dropped > 0.0, "{body}");
    assert_eq!(fetch(&server.address, "/").0, 200, "and it goes on");
}

#[test]
fn request_lines_can_be_filtered_apart_from_the_rest() {
    let logs = tempfile::NamedTempFile::new().expect("a log file");
    let level = format!("info,{}=warn", international_leeds::http::observe::REQUESTS);
    let mut server = start_server_with(
        &["--log-format", "json", "--log-level", &level],
        &[],
        Stdio::from(logs.reopen().expect("reopen")),
    );
    assert_eq!(fetch(&server.address, "/").0, 200);
    assert_eq!(fetch(&server.address, "/nowhere/").0, 404);
    assert_eq!(server.terminate(), Some(0));
    // Every line is written by the time the server has exited.
    let text = std::fs::read_to_string(logs.path()).expect("the logs");
    let messages: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("JSON"))
        .filter_map(|line| line["message"].as_str().map(str::to_string))
        .collect();
    assert!(messages.iter().any(|m| m == "serving"), "{text}");
    assert!(messages.iter().any(|m| m == "stopped"), "{text}");
    assert!(!messages.iter().any(|m| m == "response"), "{text}");
}

#[test]
fn a_last_error_comes_after_the_lines_logged_before_it() {
    // A page whose link says nothing ("click here"): a warning, logged once the site is
    // built; then the port is taken, and the server stops with an error of its own.
    let dir = common::content_copy();
    common::write(
        dir.path(),
        "pages/guide.md",
        "+++\ntitle = \"Guide\"\ndescription = \"d\"\n+++\n[click here](/partnerships/)\n",
    );
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("its address").port().to_string();
    let output = common::binary()
        .args([
            "--content",
            dir.path().to_str().expect("UTF-8"),
            "--port",
            &port,
        ])
        .args(["--no-watch", "--log-format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let warning = lines
        .iter()
        .position(|line| line.contains("content warning"));
    let error = lines
        .iter()
        .position(|line| line.starts_with("error: cannot listen"));
    assert!(
        warning
            .zip(error)
            .is_some_and(|(warning, error)| warning < error),
        "{stderr}"
    );
    assert_eq!(
        error,
        Some(lines.len() - 1),
        "the error is the last line: {stderr}"
    );
}
