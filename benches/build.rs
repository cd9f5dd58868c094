//! `cargo bench`: loading, rendering and compressing the bundled site and a generated one, and
//! the work of answering one request for a page, with and without the metrics counted. The
//! HTTP comparison with nginx is `benches/compare.sh`; see docs/performance.md.

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::time::Duration;

use international_leeds::generate::{generate_site, translate_site};
use international_leeds::snapshot::{BuildOptions, Snapshot};

fn repo(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn build(content: &Path) -> Snapshot {
    Snapshot::build(content, &repo("static"), BuildOptions::public()).expect("valid content")
}

fn bundled(c: &mut Criterion) {
    let content = repo("content");
    c.bench_function("build the bundled site", |b| b.iter(|| build(&content)));
}

fn generated(c: &mut Criterion) {
    let pages: usize = std::env::var("PAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    generate_site(&repo("content"), dir.path(), pages).expect("the generated site");
    let mut group = c.benchmark_group("generated");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function(format!("build a site of {pages} pages"), |b| {
        b.iter_with_large_drop(|| build(dir.path()))
    });
    // The same site with every page translated into four languages: five times the pages.
    let translated = tempfile::tempdir().expect("a temporary folder");
    generate_site(&repo("content"), translated.path(), pages).expect("the generated site");
    translate_site(translated.path(), 4).expect("the translations");
    group.bench_function(
        format!("build a site of {pages} pages in five languages"),
        |b| b.iter_with_large_drop(|| build(translated.path())),
    );
    group.finish();
}

/// One request for the home page answered by the application, in process (no network): the
/// lookup, the headers and, when counted, the metrics.
fn answering(c: &mut Criterion) {
    use axum::body::Body;
    use axum::http::Request;
    use futures_util::FutureExt;
    use international_leeds::live::Live;
    use international_leeds::metrics::Metrics;
    use international_leeds::{AppState, app};
    use std::sync::Arc;
    use tower::Service;

    let snapshot = Arc::new(build(&repo("content")));
    let mut group = c.benchmark_group("answer GET / with brotli");
    for counted in [false, true] {
        let mut live = Live::new(Arc::clone(&snapshot), false);
        if counted {
            live = live.with_metrics(Arc::new(Metrics::new()));
        }
        let mut app = app(AppState::from_live(Arc::new(live)));
        let name = if counted {
            "metrics counted"
        } else {
            "not counted"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let request = Request::get("/")
                    .header("accept-encoding", "br, gzip")
                    .header("host", "localhost")
                    .body(Body::empty())
                    .expect("a request");
                app.call(request).now_or_never().expect("answered at once")
            })
        });
    }
}

criterion_group!(benches, bundled, generated, answering);
criterion_main!(benches);
