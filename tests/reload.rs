//! Live reload on a running server: edits show without a restart, broken edits never reach
//! visitors, bursts of changes end in one consistent site, and requests never see a mixed
//! site; pages due and events that end move on their own. Every wait is for the event itself,
//! with a deadline only a broken server misses.

mod common;

use common::{DEADLINE, Logs, fetch, start_server, start_server_logged, wait_until, write};
use jiff::Timestamp;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

const LOCAL: &str = "pages/local-partnerships.md";
const LOCAL_PAGE: &str =
    "+++\ntitle = \"Local partnerships\"\ndescription = \"d\"\nmenu = 4\n+++\n";
/// Longer than the reloader waits for the files to be quiet (300 ms after the last change):
/// a build caused by one change has started before a change this much later, on an idle
/// machine. On a busy one the two may share a build, which can hide a stray build but never
/// fail a correct server.
const APART: Duration = Duration::from_secs(1);

fn serve(dir: &tempfile::TempDir, extra: &[&str]) -> common::Server {
    let content = dir.path().to_str().expect("a UTF-8 path");
    let mut args = vec!["--content", content];
    args.extend_from_slice(extra);
    start_server(&args)
}

/// Like [`serve`], with the server's logs, to count its builds and reloads.
fn serve_logged(dir: &tempfile::TempDir, extra: &[&str]) -> (common::Server, Logs) {
    let content = dir.path().to_str().expect("a UTF-8 path");
    // Every build logs "snapshot built" at debug level, even one never put live.
    let mut args = vec![
        "--content",
        content,
        "--log-level",
        "info,international_leeds::snapshot=debug",
    ];
    args.extend_from_slice(extra);
    start_server_logged(&args)
}

/// What the server has done since it started serving, oldest first: each build started,
/// whether put live or not ("snapshot built"), each reload put live ("content reloaded"),
/// and each SIGHUP, once a reload has been logged.
fn events_since_start(logs: &Logs) -> Vec<String> {
    let messages: Vec<String> = logs
        .lines_once(|line| line["message"] == "content reloaded")
        .iter()
        .filter_map(|line| line["message"].as_str().map(str::to_string))
        .collect();
    let start = messages
        .iter()
        .position(|message| message == "serving")
        .expect("a start-up line");
    messages[start + 1..]
        .iter()
        .filter(|m| *m == "snapshot built" || *m == "content reloaded" || m.starts_with("SIGHUP"))
        .cloned()
        .collect()
}

fn health(server: &common::Server) -> String {
    server.get("/healthz").1
}

/// The number of pages the server reports it serves.
fn pages(server: &common::Server) -> u64 {
    let health: serde_json::Value = serde_json::from_str(&health(server)).expect("JSON");
    health["pages"].as_u64().expect("a count of pages")
}

/// Writes `text` to `relative` below `dir` in one step, as `git checkout` does (a new file
/// renamed over the old): the watcher sees a single change.
fn replace(dir: &Path, relative: &str, text: &str) {
    let outside = dir.parent().expect("the content folder has a parent");
    let mut file = tempfile::NamedTempFile::new_in(outside).expect("a temporary file");
    std::io::Write::write_all(&mut file, text.as_bytes()).expect("write");
    file.persist(dir.join(relative)).expect("rename into place");
}

#[test]
fn an_edited_file_shows_without_a_restart() {
    let dir = common::content_copy();
    let server = serve(&dir, &[]);
    write(
        dir.path(),
        LOCAL,
        &format!("{LOCAL_PAGE}Freshly edited text.\n"),
    );
    assert!(
        wait_until(DEADLINE, || server
            .get("/local-partnerships/")
            .1
            .contains("Freshly edited text.")),
        "the edit never showed"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_health_says_it_is_stale() {
    let dir = common::content_copy();
    let server = serve(&dir, &[]);
    write(
        dir.path(),
        "partnerships/brno.md",
        "+++\ntitle = \"Brno\nbroken\n+++\n",
    );
    assert!(
        wait_until(DEADLINE, || health(&server)
            .contains("\"status\":\"stale\"")),
        "health never reported the failed reload: {}",
        health(&server)
    );
    // How many problems, not which: the public answer names no file (the log does).
    let body: serde_json::Value = serde_json::from_str(&health(&server)).expect("JSON");
    assert!(
        body["error_count"].as_u64().is_some_and(|n| n >= 1),
        "{body}"
    );
    assert!(!body.to_string().contains("brno"), "{body}");
    let (status, page) = server.get("/partnerships/brno/");
    assert_eq!(status, 200, "visitors still get the last good page");
    assert!(page.contains("Gypsy and Roma Travellers"));

    std::fs::copy(
        common::repo_path("content/partnerships/brno.md"),
        dir.path().join("partnerships/brno.md"),
    )
    .expect("restore the file");
    assert!(
        wait_until(DEADLINE, || health(&server).contains("\"status\":\"ok\"")),
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
    // Each change may come in a reload of its own: wait until every one has.
    let unfollowed = || {
        let mut unfollowed = Vec::new();
        if server.get("/local-links/").0 != 200 {
            unfollowed.push("the renamed page is not at its new address");
        }
        if server.get("/local-partnerships/").0 != 404 {
            unfollowed.push("the renamed page is still at its old address");
        }
        if server.get("/partnerships/siegen/").0 != 404 {
            unfollowed.push("the deleted city still has its page");
        }
        if server
            .get("/priorities/working-with-local-people/")
            .1
            .contains("/partnerships/siegen/")
        {
            unfollowed.push("its priority still links to the deleted city");
        }
        if !server.get("/accessibility/").1.contains("Saved by rename.") {
            unfollowed.push("the page saved by rename shows the old text");
        }
        unfollowed
    };
    assert!(
        wait_until(DEADLINE, || unfollowed().is_empty()),
        "{:?}",
        unfollowed()
    );
}

#[test]
fn editor_temporary_files_do_not_trigger_a_reload() {
    let dir = common::content_copy();
    let (server, logs) = serve_logged(&dir, &[]);
    for name in [
        "pages/.local-partnerships.md.swp",
        "pages/local-partnerships.md~",
        "pages/.#local-partnerships.md",
    ] {
        write(dir.path(), name, "scratch");
    }
    // Then a real edit, which must cause the only build: a build for the scratch files would
    // start before it.
    std::thread::sleep(APART);
    replace(dir.path(), LOCAL, &format!("{LOCAL_PAGE}A real edit.\n"));
    assert!(
        wait_until(DEADLINE, || server
            .get("/local-partnerships/")
            .1
            .contains("A real edit.")),
        "the real edit never showed"
    );
    assert_eq!(
        events_since_start(&logs),
        ["snapshot built", "content reloaded"],
        "one build, for the real edit: a temporary file caused another"
    );
}

#[test]
fn a_burst_of_300_changes_ends_in_one_reload_of_a_consistent_site() {
    let dir = common::content_copy();
    let (server, logs) = serve_logged(&dir, &[]);
    let before = pages(&server);
    for n in 0..300 {
        write(
            dir.path(),
            &format!("pages/bulk-{n:03}.md"),
            &format!("+++\ntitle = \"Bulk {n}\"\ndescription = \"d\"\n+++\nPage {n}.\n"),
        );
    }
    assert!(
        wait_until(DEADLINE, || pages(&server) == before + 300),
        "the 300 pages did not all arrive: {}",
        health(&server)
    );
    assert_eq!(server.get("/bulk-299/").0, 200);
    // One more page, in one step: its reload must be the next one, with nothing left over
    // from the burst.
    replace(
        dir.path(),
        "pages/after-the-burst.md",
        "+++\ntitle = \"After\"\ndescription = \"d\"\n+++\nAfter the burst.\n",
    );
    assert!(
        wait_until(DEADLINE, || pages(&server) == before + 301),
        "the page after the burst did not arrive: {}",
        health(&server)
    );
    // The log thread writes the line a moment after the reload.
    let reloads: Vec<u64> = logs
        .lines_once(|line| line["message"] == "content reloaded" && line["pages"] == before + 301)
        .iter()
        .filter(|line| line["message"] == "content reloaded")
        .map(|line| line["pages"].as_u64().expect("a count of pages"))
        .collect();
    let (burst, after) = reloads.split_at(reloads.len() - 1);
    assert_eq!(after, [before + 301], "{reloads:?}");
    assert_eq!(burst.last(), Some(&(before + 300)), "{reloads:?}");
    // One reload once the tree is quiet, not hundreds. On a heavily loaded machine the
    // writing itself can pause for longer than the quiet period, so allow one more.
    assert!(burst.len() <= 2, "expected one reload, saw {reloads:?}");
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
            wait_until(DEADLINE, || server
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
    let (server, logs) = serve_logged(&dir, &["--no-watch"]);
    write(
        dir.path(),
        LOCAL,
        &format!("{LOCAL_PAGE}Pulled from git.\n"),
    );
    // Time enough for a watcher to have reloaded on its own, so that its reload would stand
    // apart from the signal's.
    std::thread::sleep(APART);
    server.signal("-HUP");
    assert!(
        wait_until(DEADLINE, || server
            .get("/local-partnerships/")
            .1
            .contains("Pulled from git.")),
        "SIGHUP did not reload"
    );
    assert_eq!(
        events_since_start(&logs),
        [
            "SIGHUP: reloading the content",
            "snapshot built",
            "content reloaded"
        ],
        "one build, for the signal, and none without it"
    );
}

#[test]
fn a_page_appears_at_its_publish_at_time_without_a_restart() {
    // The server must be serving before the page is due, to show it missing at first. On a
    // busy machine start-up is slow: each attempt allows it longer.
    for lead in [5_u64, 20, 60] {
        let dir = common::content_copy();
        let due = (Timestamp::now() + Duration::from_secs(lead))
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        write(
            dir.path(),
            "pages/announcement.md",
            &format!(
                "+++\ntitle = \"Announcement\"\ndescription = \"d\"\npublish_at = {due}\n+++\nNews.\n"
            ),
        );
        let due: Timestamp = due.parse().expect("a timestamp");
        let server = serve(&dir, &[]);
        let (status, _) = server.get("/announcement/");
        if Timestamp::now() >= due {
            continue;
        }
        assert_eq!(status, 404, "not before its time");
        assert!(
            wait_until(Duration::from_secs(lead) + DEADLINE, || server
                .get("/announcement/")
                .0
                == 200),
            "the page did not appear at {due}"
        );
        assert!(Timestamp::now() >= due, "the page appeared before {due}");
        return;
    }
    panic!("the server never started before the page was due");
}

/// A Leeds time `seconds` from now, as an editor writes it.
fn leeds_in(seconds: i64) -> String {
    let moment = Timestamp::now() + jiff::SignedDuration::from_secs(seconds);
    let leeds = international_leeds::content::dates::uk().to_datetime(moment);
    leeds.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

/// In this binary, whose other tests take longer, so that its wait for the end costs the
/// suite no time.
#[test]
fn an_event_moves_to_the_past_when_it_ends_without_a_restart_or_an_edit() {
    let content = common::content_copy();
    let dir = content.path();
    let server = serve(&content, &[]);
    std::fs::create_dir_all(dir.join("events")).expect("a folder");
    // Added once the server runs, ending soon after: the editor's last good edit.
    let ends = 40;
    write(
        dir,
        "events/ending-soon.md",
        &format!(
            "+++\ntitle = \"An event ending soon\"\nsummary = \"For the tests.\"\nstart = {}\nend = {}\nlocation = \"Civic Hall\"\ncities = [\"lille\"]\n+++\n\nText.\n",
            leeds_in(-3600),
            leeds_in(ends)
        ),
    );
    let link = "href=\"/events/ending-soon/\"";
    let listed = |path: &str| server.get(path).1.contains(link);
    let in_calendar = || server.get("/events/calendar.ics").1.contains("ending soon");
    let upcoming = wait_until(DEADLINE, || listed("/events/"));
    assert!(upcoming, "the new event is listed");
    assert!(listed("/") && listed("/partnerships/lille/") && in_calendar());
    assert!(!listed("/events/past/"));
    // Then a broken edit: the last good site is served, and its time still moves on.
    write(dir, "events/broken.md", "+++\ntitle = \"Broken\n+++\n");
    let stale = || server.get("/healthz").1.contains("\"stale\"");
    assert!(wait_until(DEADLINE, stale), "the edit is refused");
    assert!(listed("/events/"));
    // It ends, and the site moves it on its own.
    let moved = wait_until(DEADLINE + Duration::from_secs(ends as u64), || {
        listed("/events/past/")
    });
    assert!(moved, "the event moved to the past");
    assert!(!listed("/events/") && !listed("/") && !listed("/partnerships/lille/"));
    assert!(!in_calendar());
    let page = server.get("/events/ending-soon/").1;
    assert!(page.contains("This event has ended."));
    assert!(stale(), "the broken edit is still refused");
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
        wait_until(DEADLINE, || server.get("/partnerships/lille/").0 == 200),
        "the preview did not recover"
    );
}

#[test]
fn a_file_saved_while_the_server_starts_is_not_missed() {
    // A site large enough that its first build takes a while, even on a fast machine.
    let dir = tempfile::tempdir().expect("a temporary folder");
    international_leeds::generate::generate_site(&common::repo_path("content"), dir.path(), 1000)
        .expect("generate a site");
    let site = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&site).expect("read site.toml");
    let title = text
        .lines()
        .find_map(|line| line.strip_prefix("title = "))
        .expect("a title")
        .trim_matches('"')
        .to_string();
    let renamed = text.replacen(
        &format!("title = \"{title}\""),
        "title = \"Renamed at start\"",
        1,
    );
    // Saved while the first build runs: site.toml has been read by then, so only the watcher
    // can bring the change in.
    let editor = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(&site, renamed).expect("save site.toml");
    });
    let server = serve(&dir, &[]);
    editor.join().expect("the edit was saved");
    assert!(
        wait_until(DEADLINE, || server.get("/").1.contains("Renamed at start")),
        "the edit made while the server started never showed"
    );
}

#[test]
fn watching_survives_a_deploy_that_replaces_the_content_folder() {
    // The content in a folder of its own, as deployed: `site/content`.
    let site = tempfile::tempdir().expect("a temporary folder");
    let content = site.path().join("content");
    std::fs::rename(common::content_copy().path(), &content).expect("the content in place");
    let path = content.to_str().expect("UTF-8");
    let server = start_server(&["--content", path]);
    let watching = |server: &common::Server| {
        let health: serde_json::Value = serde_json::from_str(&health(server)).expect("JSON");
        health["watching"] == true
    };
    assert!(
        wait_until(DEADLINE, || watching(&server)),
        "{}",
        health(&server)
    );

    // What many deploy scripts do: a new folder beside, the old removed, the new moved in.
    let new = site.path().join("content.new");
    std::fs::rename(common::content_copy().path(), &new).expect("the new content");
    let accessibility =
        "+++\ntitle = \"Accessibility statement\"\ndescription = \"d\"\n+++\nDeployed.\n";
    write(&new, "pages/accessibility.md", accessibility);
    std::fs::remove_dir_all(&content).expect("the old content removed");
    std::fs::rename(&new, &content).expect("the new content moved in");
    assert!(
        wait_until(DEADLINE, || server
            .get("/accessibility/")
            .1
            .contains("Deployed.")),
        "the deployed content was not picked up"
    );
    // And an edit after the deploy is picked up too: the new folder is watched.
    replace(
        &content,
        "pages/accessibility.md",
        &accessibility.replace("Deployed.", "Edited after the deploy."),
    );
    assert!(
        wait_until(DEADLINE, || server
            .get("/accessibility/")
            .1
            .contains("Edited after the deploy.")),
        "an edit after the deploy was not picked up"
    );
    assert!(watching(&server), "{}", health(&server));
}

#[test]
fn a_file_rewritten_every_quarter_second_does_not_hold_back_other_edits() {
    let dir = common::content_copy();
    let server = serve(&dir, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let busy = {
        let (stop, root) = (Arc::clone(&stop), dir.path().to_path_buf());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let page =
                    format!("+++\ntitle = \"Busy\"\ndescription = \"d\"\n+++\nSaved {n} times.\n");
                write(&root, "pages/busy.md", &page);
                std::thread::sleep(Duration::from_millis(250));
            }
        })
    };
    replace(
        dir.path(),
        "pages/accessibility.md",
        "+++\ntitle = \"Accessibility statement\"\ndescription = \"d\"\n+++\nEdited beside a busy file.\n",
    );
    let shown = wait_until(DEADLINE, || {
        server
            .get("/accessibility/")
            .1
            .contains("Edited beside a busy file.")
    });
    stop.store(true, Ordering::Relaxed);
    busy.join().expect("the busy writer");
    assert!(
        shown,
        "an edit beside a file saved every 250 ms never went live"
    );
}
