//! The metrics for ops (`--metrics-bind`), as Prometheus sees them: a private listener that
//! passes `promtool check metrics` and is never on the public port; counters that add up to
//! the requests sent while they were scraped; the stale gauge through a broken edit and its
//! fix; connections over the cap and requests shed; and the alert rules and scrape
//! configuration of docs/deploy.md, checked and unit-tested by promtool.
//!
//! Needs promtool (Debian's `prometheus` package). Without it those checks say so loudly and
//! pass; with `CI=true` a missing promtool is a failure.

mod common;

use common::{Client, DEADLINE, fetch, start_server_with, wait_until};
use std::collections::BTreeMap;
use std::io::Write;
use std::net::TcpStream;
use std::process::{Command, Stdio};

/// Whether promtool is here to run; a loud note (or, in CI, a failure) when it is not.
fn promtool_ready() -> bool {
    let found = Command::new("promtool")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let message =
            "\n\n*** PROMTOOL CHECKS NOT RUN: no promtool (apt-get install prometheus) ***\n\n";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        let _ = std::io::stderr().write_all(message.as_bytes());
    }
    found
}

/// Runs promtool with `args` and `input` on its standard input: whether it passed, and what
/// it said.
fn promtool(args: &[&str], input: &str) -> (bool, String) {
    let mut child = Command::new("promtool")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("write to promtool");
    let output = child.wait_with_output().expect("promtool ends");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), said)
}

/// A server of the bundled content with its metrics on a loopback port of their own, and the
/// metrics' address.
fn serve_with_metrics(args: &[&str]) -> (common::Server, String) {
    let mut server = start_server_with(args, &[("METRICS_BIND", "127.0.0.1:0")], Stdio::null());
    let metrics = server.metrics_address();
    (server, metrics)
}

/// One scrape: the status, the content type and the text.
fn scrape(metrics: &str) -> (u16, String, String) {
    let answer = common::raw(
        metrics,
        b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    let answer = String::from_utf8(answer).expect("UTF-8");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head");
    let status = head[9..12].parse().expect("a status");
    let content_type = head
        .lines()
        .find_map(|line| line.strip_prefix("content-type: "))
        .unwrap_or_default()
        .to_string();
    (status, content_type, body.to_string())
}

/// The samples of a scrape: each series (name and labels, as written) and its value.
struct Samples(BTreeMap<String, f64>);

impl Samples {
    fn of(metrics: &str) -> Self {
        let (status, _, text) = scrape(metrics);
        assert_eq!(status, 200);
        Self::parse(&text)
    }

    fn parse(text: &str) -> Self {
        let samples = text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| {
                let (series, value) = line.rsplit_once(' ').expect("a value");
                let value = value.parse().unwrap_or_else(|_| panic!("a number: {line}"));
                (series.to_string(), value)
            })
            .collect();
        Self(samples)
    }

    /// The value of one series, such as `x_total{kind="file",status="2xx"}`.
    fn get(&self, series: &str) -> f64 {
        *self
            .0
            .get(series)
            .unwrap_or_else(|| panic!("no series {series}"))
    }

    /// The sum of every series of the family `name` whose labels include each of `labels`.
    fn sum(&self, name: &str, labels: &[&str]) -> f64 {
        self.0
            .iter()
            .filter(|(series, _)| {
                let (family, rest) = series.split_once('{').unwrap_or((series, ""));
                family == name && labels.iter().all(|label| rest.contains(label))
            })
            .map(|(_, value)| value)
            .sum()
    }

    /// The labels of the one series of the family `name`.
    fn labels(&self, name: &str) -> String {
        let prefix = format!("{name}{{");
        let mut found = self.0.keys().filter(|series| series.starts_with(&prefix));
        let series = found.next().unwrap_or_else(|| panic!("no {name}"));
        assert!(found.next().is_none(), "one series of {name}");
        series[prefix.len()..series.len() - 1].to_string()
    }
}

const FAMILIES: [&str; 26] = [
    "international_leeds_http_requests_total",
    "international_leeds_log_lines_dropped_total",
    "international_leeds_http_request_duration_seconds",
    "international_leeds_http_response_body_bytes_total",
    "international_leeds_http_requests_shed_total",
    "international_leeds_connections_open",
    "international_leeds_connections_accepted_total",
    "international_leeds_connections_refused_total",
    "international_leeds_connections_max",
    "international_leeds_reloads_total",
    "international_leeds_reload_last_duration_seconds",
    "international_leeds_reload_last_timestamp_seconds",
    "international_leeds_content_stale",
    "international_leeds_content_stale_seconds",
    "international_leeds_content_loaded_timestamp_seconds",
    "international_leeds_content_build_duration_seconds",
    "international_leeds_content_warnings",
    "international_leeds_content_watching",
    "international_leeds_info",
    "international_leeds_pages",
    "process_resident_memory_bytes",
    "process_cpu_seconds_total",
    "process_open_fds",
    "process_max_fds",
    "process_start_time_seconds",
    "process_threads",
];

#[test]
fn metrics_pass_promtool_on_their_own_port_and_are_never_on_the_public_one() {
    let (server, metrics) = serve_with_metrics(&[]);
    for path in ["/metrics", "/metrics/", "/metrics?format=text"] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path} on the public port");
        assert!(!body.contains("international_leeds_"), "{path}: {body}");
    }
    let (status, content_type, text) = scrape(&metrics);
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/plain; version=0.0.4; charset=utf-8");
    for family in FAMILIES {
        assert!(
            text.contains(&format!("# TYPE {family} ")),
            "{family} is missing:\n{text}"
        );
    }
    let samples = Samples::parse(&text);
    // What the metrics say of the site is what /healthz says.
    let health = health(&server);
    assert_eq!(
        samples.get("international_leeds_pages"),
        health["pages"].as_f64().expect("pages")
    );
    assert_eq!(
        samples.labels("international_leeds_info"),
        format!(
            "content_version=\"{}\",version=\"{}\"",
            health["content_version"].as_str().expect("a version"),
            health["version"].as_str().expect("a version")
        )
    );
    assert_eq!(samples.get("international_leeds_content_stale"), 0.0);
    assert!(samples.get("process_resident_memory_bytes") > 1e6);
    // The metrics port answers nothing else.
    let (status, body) = fetch(&metrics, "/");
    assert_eq!(status, 404);
    assert!(!body.contains("international_leeds_"));
    if promtool_ready() {
        let (passed, said) = promtool(&["check", "metrics"], &text);
        assert!(passed && said.trim().is_empty(), "promtool: {said}\n{text}");
    }
}

#[test]
fn without_the_flag_there_is_no_metrics_listener() {
    let mut server = start_server_with(&[], &[], Stdio::null());
    assert_eq!(server.get("/metrics").0, 404);
    let rest = server.stop();
    assert!(!rest.contains("Metrics"), "{rest}");
}

/// What the load sends, in turn, with the kind of answer each gets.
const LOAD: [(&str, &str, &str); 8] = [
    ("GET", "/", "file"),
    ("GET", "/partnerships/lille/", "file"),
    ("HEAD", "/", "file"),
    ("GET", "/no-such-page/", "not_found"),
    ("GET", "/partnerships/lille", "redirect"),
    ("GET", "/search?q=leeds", "search"),
    ("GET", "/healthz", "health"),
    ("POST", "/", "other"),
];

/// Per kind: requests and body bytes received.
type Sent = BTreeMap<&'static str, (u64, u64)>;

/// Sends `rounds` rounds of [`LOAD`] on one connection, stopping a quarter of the way until
/// the others and the test have met at `pause` twice (once there, once to go on).
fn load(address: &str, rounds: usize, pause: &std::sync::Barrier) -> Sent {
    let mut client = Client::new(address);
    let mut sent = Sent::new();
    for round in 0..rounds {
        if round == rounds / 4 {
            pause.wait();
            pause.wait();
        }
        for (method, path, kind) in LOAD {
            let (status, bytes) = client.send(method, path);
            assert!(status < 500, "{method} {path}: {status}");
            let count = sent.entry(kind).or_default();
            count.0 += 1;
            count.1 += bytes;
        }
    }
    sent
}

#[test]
fn the_counters_add_up_to_the_requests_sent_while_they_were_scraped() {
    const CLIENTS: usize = 4;
    const ROUNDS: usize = 40;
    let (server, metrics) = serve_with_metrics(&[]);
    let before = Samples::of(&metrics);
    let pause = std::sync::Barrier::new(CLIENTS + 1);
    let (sent, middle, scrapes) = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| scope.spawn(|| load(&server.address, ROUNDS, &pause)))
            .collect();
        // Every client has sent a quarter of its requests and holds its connection open.
        pause.wait();
        let (status, _, middle) = scrape(&metrics);
        assert_eq!(status, 200);
        pause.wait();
        // The rest is scraped while it is sent.
        let mut scrapes = Vec::new();
        while clients.iter().any(|client| !client.is_finished()) {
            let (status, _, text) = scrape(&metrics);
            assert_eq!(status, 200);
            scrapes.push(text);
        }
        let mut sent = Sent::new();
        for client in clients {
            for (kind, (count, bytes)) in client.join().expect("a client") {
                let total = sent.entry(kind).or_default();
                total.0 += count;
                total.1 += bytes;
            }
        }
        (sent, middle, scrapes)
    });
    let mid = Samples::parse(&middle);
    assert_eq!(
        mid.get("international_leeds_connections_open"),
        CLIENTS as f64,
        "every client's connection is open at the pause"
    );
    let requests = "international_leeds_http_requests_total";
    let quarter = (CLIENTS * ROUNDS / 4 * LOAD.len()) as f64;
    assert_eq!(mid.sum(requests, &[]) - before.sum(requests, &[]), quarter);
    // Scraped while requests were in flight: the text holds together for promtool.
    assert!(!scrapes.is_empty(), "scraped during the load");
    if promtool_ready() {
        for text in [&middle, &scrapes[scrapes.len() / 2]] {
            let (passed, said) = promtool(&["check", "metrics"], text);
            assert!(passed && said.trim().is_empty(), "promtool: {said}");
        }
    }
    // Counters never go back.
    let mut last = mid.sum(requests, &[]);
    for text in &scrapes {
        let now = Samples::parse(text).sum(requests, &[]);
        assert!(now >= last, "{now} after {last}");
        last = now;
    }
    let after = Samples::of(&metrics);
    let grown = |name: &str, labels: &[&str]| after.sum(name, labels) - before.sum(name, labels);
    assert_eq!(grown(requests, &[]), (CLIENTS * ROUNDS * LOAD.len()) as f64);
    for (kind, (count, bytes)) in &sent {
        let kind_label = format!("kind=\"{kind}\"");
        let label = [kind_label.as_str()];
        assert_eq!(grown(requests, &label), *count as f64, "{kind} requests");
        assert_eq!(
            grown(
                "international_leeds_http_request_duration_seconds_count",
                &label
            ),
            *count as f64,
            "{kind} latencies"
        );
        assert_eq!(
            grown("international_leeds_http_response_body_bytes_total", &label),
            *bytes as f64,
            "{kind} bytes"
        );
    }
    assert_eq!(
        grown(requests, &["kind=\"redirect\"", "status=\"3xx\""]),
        (CLIENTS * ROUNDS) as f64
    );
    assert_eq!(
        grown(requests, &["kind=\"not_found\"", "status=\"4xx\""]),
        (CLIENTS * ROUNDS) as f64
    );
    assert_eq!(
        grown("international_leeds_connections_accepted_total", &[]),
        CLIENTS as f64
    );
    assert!(
        wait_until(DEADLINE, || Samples::of(&metrics)
            .get("international_leeds_connections_open")
            == 0.0),
        "the connections are closed"
    );
}

/// What /healthz says, as JSON.
fn health(server: &common::Server) -> serde_json::Value {
    serde_json::from_str(&server.get("/healthz").1).expect("JSON")
}

/// The text field `name` of /healthz.
fn health_text(server: &common::Server, name: &str) -> String {
    health(server)[name]
        .as_str()
        .unwrap_or_else(|| panic!("no {name}"))
        .to_string()
}

/// Waits until the stale gauge reads `value`.
fn stale_becomes(metrics: &str, value: f64) -> bool {
    wait_until(DEADLINE, || {
        Samples::of(metrics).get("international_leeds_content_stale") == value
    })
}

#[test]
fn the_stale_gauge_is_1_after_a_broken_edit_and_0_after_the_fix() {
    let dir = common::content_copy();
    let content = dir.path().to_str().expect("UTF-8");
    let (server, metrics) = serve_with_metrics(&["--content", content]);
    let first = Samples::of(&metrics);
    let good = health_text(&server, "content_version");
    let info = |version: &str| {
        format!(
            "content_version=\"{version}\",version=\"{}\"",
            env!("CARGO_PKG_VERSION")
        )
    };
    assert_eq!(first.labels("international_leeds_info"), info(&good));
    assert_eq!(first.get("international_leeds_content_stale"), 0.0);
    assert_eq!(
        first.get("international_leeds_reload_last_timestamp_seconds"),
        0.0
    );
    let failures = "international_leeds_reloads_total{outcome=\"failure\"}";
    let successes = "international_leeds_reloads_total{outcome=\"success\"}";
    assert_eq!(first.get(failures) + first.get(successes), 0.0);

    let page = "pages/local-partnerships.md";
    let original = std::fs::read_to_string(dir.path().join(page)).expect("the page");
    common::write(dir.path(), page, "+++\ntitle = \n+++\nBroken.\n");
    assert!(stale_becomes(&metrics, 1.0), "stale after a broken edit");
    let broken = Samples::of(&metrics);
    assert!(broken.get(failures) >= 1.0);
    assert!(broken.get("international_leeds_reload_last_timestamp_seconds") > 0.0);
    // The last good site is still served, and said to be.
    assert_eq!(broken.labels("international_leeds_info"), info(&good));
    let stale_seconds = "international_leeds_content_stale_seconds";
    assert!(
        wait_until(DEADLINE, || Samples::of(&metrics).get(stale_seconds) > 0.5),
        "the time since it became stale grows"
    );
    // Broken again: stale since the first failure, not the last.
    let since = health_text(&server, "stale_since");
    let before_second = Samples::of(&metrics);
    common::write(dir.path(), page, "+++\ntitle = \n+++\nBroken again.\n");
    assert!(
        wait_until(DEADLINE, || Samples::of(&metrics).get(failures)
            > before_second.get(failures)),
        "the second broken edit is reloaded"
    );
    assert_eq!(health_text(&server, "stale_since"), since);
    let again = Samples::of(&metrics);
    assert!(again.get(stale_seconds) >= before_second.get(stale_seconds));
    assert_eq!(again.get("international_leeds_content_stale"), 1.0);

    let fixed = original.replace("\n+++\n", "\n+++\nFixed, with a new sentence.\n\n");
    assert_ne!(fixed, original);
    common::write(dir.path(), page, &fixed);
    assert!(stale_becomes(&metrics, 0.0), "fresh after the fix");
    let after = Samples::of(&metrics);
    assert_eq!(after.get("international_leeds_content_stale_seconds"), 0.0);
    assert!(after.get(successes) >= 1.0);
    let now = health_text(&server, "content_version");
    assert_ne!(now, good, "the fix changed the site");
    assert_eq!(after.labels("international_leeds_info"), info(&now));
}

#[test]
fn connections_over_the_cap_are_counted_as_refused() {
    // Idle connections are held far longer than the test takes.
    let (server, metrics) =
        serve_with_metrics(&["--max-connections", "2", "--header-read-timeout", "300"]);
    let held: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(&server.address).expect("connect"))
        .collect();
    assert!(
        wait_until(DEADLINE, || Samples::of(&metrics)
            .get("international_leeds_connections_open")
            == 2.0),
        "both held connections are open"
    );
    assert_eq!(server.get("/").0, 503);
    assert_eq!(server.get("/").0, 503);
    let full = Samples::of(&metrics);
    assert_eq!(
        full.get("international_leeds_connections_refused_total"),
        2.0
    );
    assert_eq!(full.get("international_leeds_connections_max"), 2.0);
    assert_eq!(
        full.get("international_leeds_connections_accepted_total"),
        2.0
    );
    drop(held);
    assert!(
        wait_until(DEADLINE, || Samples::of(&metrics)
            .get("international_leeds_connections_open")
            == 0.0),
        "closed connections are no longer open"
    );
}

#[tokio::test]
async fn requests_over_the_limit_on_requests_at_once_are_shed_on_every_route_and_counted() {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use international_leeds::http::{HttpConfig, with_layers};
    use international_leeds::live::Live;
    use international_leeds::metrics::Metrics;
    use international_leeds::snapshot::Snapshot;
    use std::sync::{Arc, Mutex};
    use tokio::sync::oneshot;
    use tower::ServiceExt;

    let metrics = Arc::new(Metrics::new());
    let (started, has_started) = oneshot::channel::<()>();
    let (release, released) = oneshot::channel::<()>();
    let waiting = Arc::new(Mutex::new(Some((started, released))));
    let routes = Router::new()
        .route("/fast", get(|| async { "fast" }))
        .route(
            "/slow",
            get(move || {
                let waiting = waiting.lock().expect("a lock").take();
                async move {
                    if let Some((started, released)) = waiting {
                        let _ = started.send(());
                        let _ = released.await;
                    }
                    "done"
                }
            }),
        )
        // As the site's router is: its handlers made into services once, not at each request.
        .with_state(());
    let http = HttpConfig {
        max_concurrent_requests: 1,
        ..HttpConfig::default()
    };
    let app = with_layers(routes, &http, Some(Arc::clone(&metrics)));
    let request = |path| Request::get(path).body(Body::empty()).expect("a request");
    let first = tokio::spawn(app.clone().oneshot(request("/slow")));
    has_started
        .await
        .expect("the first request is being served");
    // The limit is one for the whole site, not one for each route.
    for path in ["/slow", "/fast"] {
        let second = app
            .clone()
            .oneshot(request(path))
            .await
            .expect("infallible");
        assert_eq!(second.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
    }
    let live = Live::new(Snapshot::default(), false);
    let text = metrics.render(&live);
    assert!(
        text.contains("\ninternational_leeds_http_requests_shed_total 2\n"),
        "{text}"
    );
    release.send(()).expect("the first request waits");
    let first = first.await.expect("a task").expect("infallible");
    assert_eq!(first.status(), StatusCode::OK);
    let fast = app.oneshot(request("/fast")).await.expect("infallible");
    assert_eq!(
        fast.status(),
        StatusCode::OK,
        "served once the first is done"
    );
    assert!(
        metrics
            .render(&live)
            .contains("\ninternational_leeds_http_requests_shed_total 2\n")
    );
}

/// The YAML blocks of the Metrics section of docs/deploy.md, in order.
fn documented_yaml() -> Vec<String> {
    let deploy = std::fs::read_to_string(common::repo_path("docs/deploy.md")).expect("deploy.md");
    let section = deploy
        .split("\n## Metrics\n")
        .nth(1)
        .expect("a Metrics section")
        .split("\n## ")
        .next()
        .expect("its text");
    section
        .split("```yaml\n")
        .skip(1)
        .map(|block| {
            block
                .split("```")
                .next()
                .expect("a closed block")
                .to_string()
        })
        .collect()
}

#[test]
fn the_documented_alert_rules_and_scrape_configuration_pass_promtool_and_fire_as_described() {
    let blocks = documented_yaml();
    let config = blocks
        .iter()
        .find(|block| block.contains("scrape_configs:"))
        .expect("a scrape configuration");
    let rules = blocks
        .iter()
        .find(|block| block.starts_with("groups:"))
        .expect("alert rules");
    for alert in [
        "InternationalLeedsDown",
        "InternationalLeedsContentStale",
        "InternationalLeedsContentVersionsDiffer",
        "InternationalLeedsConnectionsRefused",
    ] {
        assert!(rules.contains(&format!("alert: {alert}\n")), "{alert}");
    }
    if !promtool_ready() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path.to_str().expect("UTF-8").to_string()
    };
    let rules_file = write("international-leeds-alerts.yml", rules);
    let config_file = write("prometheus.yml", config);
    let tests =
        std::fs::read_to_string(common::repo_path("tests/fixtures/metrics/alerts-test.yml"))
            .expect("the rules' tests");
    let tests_file = write("alerts-test.yml", &tests);
    for args in [
        ["check", "rules", rules_file.as_str()],
        ["check", "config", config_file.as_str()],
        ["test", "rules", tests_file.as_str()],
    ] {
        let (passed, said) = promtool(&args, "");
        assert!(passed, "promtool {}: {said}", args.join(" "));
    }
    // The tests can fail: each rule made to fire a minute later (or forget a minute sooner)
    // fails them.
    for (from, to) in [
        ("for: 2m", "for: 3m"),
        ("> 600", "> 660"),
        ("for: 5m", "for: 6m"),
        ("[5m]", "[4m]"),
    ] {
        assert_eq!(rules.matches(from).count(), 1, "{from}");
        write("international-leeds-alerts.yml", &rules.replace(from, to));
        let (passed, said) = promtool(&["test", "rules", &tests_file], "");
        assert!(!passed, "{from} made {to} passes the tests: {said}");
    }
}
