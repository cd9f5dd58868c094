//! Live reload on a running server: edits show quickly, broken edits never reach visitors,
//! bursts of changes end in one consistent site, and requests never see a mixed site.

mod common;

use common::{fetch, start_server, wait_until, write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

const LOCAL: &str = "pages/local-partnerships.md";
const LOCAL_PAGE: &str =
    "+++\ntitle = \"Local partnerships\"\ndescription = \"d\"\nmenu = 4\n+++\n";

fn serve(dir: &tempfile::TempDir, extra: &[&str]) -> common::Server {
    let content = dir.path().to_str().expect("a UTF-8 path");
    let mut args = vec!["--content", content];
    args.extend_from_slice(extra);
    start_server(&args)
}

fn health(server: &common::Server) -> String {
    server.get("/healthz").1
}

#[test]
fn an_edited_file_shows_within_two_seconds() {
    let dir = common::content_copy();
    let server = serve(&dir, &[]);
    write(
        dir.path(),
        LOCAL,
        &format!("{LOCAL_PAGE}Freshly edited text.\n"),
    );
    assert!(
        wait_until(Duration::from_secs(2), || server
            .get("/local-partnerships/")
            .1
            .contains("Freshly edited text.")),
        "the edit did not show within 2 s"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_health_says_why() {
    let dir = common::content_copy();
    let server = serve(&dir, &[]);
    write(
        dir.path(),
        "partnerships/brno.md",
        "+++\ntitle = \"Brno\nbroken\n+++\n",
    );
    assert!(
        wait_until(Duration::from_secs(3), || health(&server)
            .contains("\"status\":\"stale\"")),
        "health never reported the failed reload: {}",
        health(&server)
    );
    let body = health(&server);
    assert!(
        body.contains("partnerships/brno.md:3:7: key with no value"),
        "{body}"
    );
    let (status, page) = server.get("/partnerships/brno/");
    assert_eq!(status, 200, "visitors still get the last good page");
    assert!(page.contains("Gypsy and Roma Travellers"));

    std::fs::copy(
        common::repo_path("content/partnerships/brno.md"),
        dir.path().join("partnerships/brno.md"),
    )
    .expect("restore the file");
    assert!(
        wait_until(Duration::from_secs(3), || health(&server)
            .contains("\"status\":\"ok\"")),
        "health never recovered: {}",
        health(&server)
    );
}

#[test]
fn renames_deletes_and_save_by_rename_are_followed() {
    let dir = common::content_copy();
    let server = serve(&dir, &[]);
    let root = dir.path();
    std::fs::rename(root.join(LOCAL), root.join("pages/local-links.md")).expect("rename");
    std::fs::remove_file(root.join("partnerships/siegen.md")).expect("delete");
    // How many editors save: write a temporary file, then rename it over the real one.
    write(
        root,
        "pages/.accessibility.md.tmp",
        "+++\ntitle = \"Accessibility statement\"\ndescription = \"d\"\n+++\nSaved by rename.\n",
    );
    std::fs::rename(
        root.join("pages/.accessibility.md.tmp"),
        root.join("pages/accessibility.md"),
    )
    .expect("rename");
    assert!(
        wait_until(Duration::from_secs(3), || server.get("/local-links/").0
            == 200),
        "the renamed page did not appear"
    );
    assert_eq!(server.get("/local-partnerships/").0, 404);
    assert_eq!(server.get("/partnerships/siegen/").0, 404);
    assert!(
        !server
            .get("/priorities/working-with-local-people/")
            .1
            .contains("/partnerships/siegen/")
    );
    assert!(server.get("/accessibility/").1.contains("Saved by rename."));
}

#[test]
fn editor_temporary_files_do_not_trigger_a_reload() {
    let dir = common::content_copy();
    let server = serve(&dir, &[]);
    let before = health(&server);
    for name in [
        "pages/.local-partnerships.md.swp",
        "pages/local-partnerships.md~",
        "pages/.#local-partnerships.md",
    ] {
        write(dir.path(), name, "scratch");
    }
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(health(&server), before, "a temporary file caused a reload");
}

#[test]
fn a_burst_of_300_changes_ends_in_one_reload_of_a_consistent_site() {
    let dir = common::content_copy();
    let server = serve(&dir, &[]);
    let version = |body: &str| {
        body.split("\"content_version\":\"")
            .nth(1)
            .map(|v| v[..12].to_string())
    };
    let first = version(&health(&server)).expect("a version");
    let seen = Arc::new(std::sync::Mutex::new(vec![first.clone()]));
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (seen, stop, address) = (Arc::clone(&seen), Arc::clone(&stop), server.address.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Some(v) = version(&fetch(&address, "/healthz").1) {
                    let mut seen = seen.lock().expect("not poisoned");
                    if seen.last() != Some(&v) {
                        seen.push(v);
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    for n in 0..300 {
        write(
            dir.path(),
            &format!("pages/bulk-{n:03}.md"),
            &format!("+++\ntitle = \"Bulk {n}\"\ndescription = \"d\"\n+++\nPage {n}.\n"),
        );
    }
    assert!(
        wait_until(Duration::from_secs(15), || health(&server)
            .contains("\"pages\":319")),
        "the 300 pages did not all arrive: {}",
        health(&server)
    );
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    watcher.join().expect("the watcher thread");
    let seen = seen.lock().expect("not poisoned");
    // One reload once the tree is quiet, not hundreds. On a heavily loaded machine the
    // writing itself can pause for longer than the quiet period, so allow one more.
    assert!(
        seen.len() <= 3,
        "expected one reload, saw versions {seen:?}"
    );
    assert!(seen.len() >= 2, "no reload at all: {seen:?}");
    assert_eq!(server.get("/bulk-299/").0, 200);
}

#[test]
fn fifty_reloads_under_continuous_requests_never_serve_an_error_or_a_mixed_site() {
    let dir = common::content_copy();
    let server = serve(&dir, &[]);
    let site_toml = std::fs::read_to_string(dir.path().join("site.toml")).expect("read");
    let priority =
        std::fs::read_to_string(dir.path().join("priorities/regeneration.md")).expect("read");
    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..2)
        .map(|_| {
            let (stop, requests, address) = (
                Arc::clone(&stop),
                Arc::clone(&requests),
                server.address.clone(),
            );
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let (status, body) = fetch(&address, "/");
                    assert_eq!(status, 200, "a request during reloads failed");
                    // Both markers come from different files; one page must never mix them.
                    let marker =
                        |prefix: &str| body.split(prefix).nth(1).map(|r| r[..3].to_string());
                    assert_eq!(
                        marker("Intro marker "),
                        marker("Summary marker "),
                        "a mixed site was served"
                    );
                    requests.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for n in 0..50 {
        let marker = format!("{n:03}");
        write(
            dir.path(),
            "site.toml",
            &site_toml.replace("intro = \"", &format!("intro = \"Intro marker {marker}. ")),
        );
        write(
            dir.path(),
            "priorities/regeneration.md",
            &priority.replace(
                "summary = \"",
                &format!("summary = \"Summary marker {marker}. "),
            ),
        );
        assert!(
            wait_until(Duration::from_secs(3), || server
                .get("/")
                .1
                .contains(&format!("Intro marker {marker}"))),
            "reload {n} did not happen"
        );
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client
            .join()
            .expect("a client saw an error or a mixed site");
    }
    assert!(
        requests.load(Ordering::Relaxed) > 100,
        "too few requests to mean anything"
    );
}

#[cfg(unix)]
#[test]
fn sighup_reloads_when_not_watching() {
    let dir = common::content_copy();
    let server = serve(&dir, &["--no-watch"]);
    write(
        dir.path(),
        LOCAL,
        &format!("{LOCAL_PAGE}Pulled from git.\n"),
    );
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        !server
            .get("/local-partnerships/")
            .1
            .contains("Pulled from git."),
        "reloaded without a signal"
    );
    server.signal("-HUP");
    assert!(
        wait_until(Duration::from_secs(3), || server
            .get("/local-partnerships/")
            .1
            .contains("Pulled from git.")),
        "SIGHUP did not reload"
    );
}

#[test]
fn a_page_appears_at_its_publish_at_time_without_a_restart() {
    let dir = common::content_copy();
    let when = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(2);
    let when = when.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    write(
        dir.path(),
        "pages/announcement.md",
        &format!(
            "+++\ntitle = \"Announcement\"\ndescription = \"d\"\npublish_at = {when}\n+++\nNews.\n"
        ),
    );
    let server = serve(&dir, &[]);
    assert_eq!(server.get("/announcement/").0, 404, "not before its time");
    assert!(
        wait_until(Duration::from_secs(5), || server.get("/announcement/").0
            == 200),
        "the page did not appear at {when}"
    );
}

#[test]
fn preview_mode_shows_the_errors_on_every_page() {
    let dir = common::content_copy();
    write(
        dir.path(),
        "partnerships/lille.md",
        "+++\ntitle = \"Lille\"\ncontry = \"France\"\n+++\n",
    );
    let server = serve(&dir, &["--dev"]);
    for path in ["/", "/partnerships/", "/anything/"] {
        let (status, body) = server.get(path);
        assert_eq!(status, 500, "{path}");
        assert!(
            body.contains(
                "partnerships/lille.md:3:1: unknown field `contry`, did you mean `country`?"
            ),
            "{body}"
        );
    }
    std::fs::copy(
        common::repo_path("content/partnerships/lille.md"),
        dir.path().join("partnerships/lille.md"),
    )
    .expect("restore");
    assert!(
        wait_until(Duration::from_secs(3), || server
            .get("/partnerships/lille/")
            .0
            == 200),
        "the preview did not recover"
    );
}
