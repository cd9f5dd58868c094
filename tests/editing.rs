//! What editors meet: the `check` command, drafts, publishing dates, "Last updated", review
//! dates and old addresses.

mod common;

use axum::http::{Method, StatusCode};
use common::{repo_path, request, write};
use international_leeds::snapshot::{BuildError, BuildOptions, Snapshot};
use jiff::Timestamp;
use std::sync::Arc;

fn check(args: &[&str]) -> (bool, String) {
    let output = common::binary()
        .arg("check")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("check runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn build(dir: &std::path::Path, drafts: bool, now: &str) -> Result<Snapshot, BuildError> {
    let options = BuildOptions {
        drafts,
        now: now.parse::<Timestamp>().expect("a timestamp"),
        ..BuildOptions::public()
    };
    Snapshot::build(dir, &repo_path("static"), options)
}

fn html(snapshot: &Snapshot, path: &str) -> String {
    String::from_utf8(snapshot.page(path).expect("the page exists").to_vec()).expect("UTF-8")
}

const NOW: &str = "2026-11-29T12:00:00Z";

#[test]
fn check_passes_the_bundled_content() {
    let (ok, out) = check(&[]);
    assert!(ok, "{out}");
    let pages = common::bundled_page_paths().len();
    assert!(
        out.ends_with(&format!(
            "content: 0 errors, 0 warnings; ok: {pages} pages ready to publish\n"
        )),
        "{out}"
    );
}

#[test]
fn one_check_run_lists_every_problem_with_file_line_and_column() {
    let (ok, out) = check(&["--content", "tests/fixtures/broken"]);
    assert!(!ok, "check must exit 1");
    let dir = "tests/fixtures/broken";
    for expected in [
        "site.toml:3:1: error: unknown field `titel`, did you mean `title`?",
        "priorities/bad-toml.md:2:18: error: the text has no closing quote",
        "priorities/unclosed.md:1:1: error: the front matter opened with `+++` on line 1 is never closed",
        "priorities/no-front-matter.md:1:1: error: no front matter",
        "priorities/missing-field.md:2:1: error: missing field `summary`",
        "partnerships/unknown-field.md:3:1: error: unknown field `contry`, did you mean `country`?",
        "priorities/wrong-type.md:3:9: error: order is a whole number, written without quotes: `order = 1`",
        "pages/two.md:3:8: error: the address /same/ is also used by",
        "partnerships/dangling.md:7:23: error: unknown priority `nope`; the priorities are: good",
        "pages/bad-date.md:4:11: error: `2026-02-30` is not a date that exists",
        "priorities/latin1.md:3:15: error: the file is not valid UTF-8 text",
        "priorities/empty.md:1:1: error: the file is empty",
        "pages/links.md:7:5: error: the link to /nowhere/ is broken: there is no page at /nowhere/",
        "pages/links.md:7:36: error: the link to /same/#missing is broken: /same/ has no element with id `missing`",
        "pages/links.md:8:1: error: the link to /same is broken: addresses end with a slash: write /same/",
        "pages/links.md:8:23: error: the link to /draft-page/ is broken: /draft-page/ is a draft",
        "pages/links.md:10:1: warning: the link text \"Click here\" says nothing on its own",
    ] {
        assert!(
            out.contains(&format!("{dir}/{expected}")),
            "missing `{expected}` in:\n{out}"
        );
    }
    assert!(out.ends_with("tests/fixtures/broken: 19 errors, 1 warning; not publishable until the errors are fixed\n"), "{out}");
}

#[test]
fn check_warns_of_what_hurts_readers_without_failing() {
    let dir = common::content_copy();
    write(
        dir.path(),
        "pages/guide.md",
        "+++\ntitle = \"Guide\"\ndescription = \"d\"\nreview_by = 2026-01-31\n+++\n#### Too deep\n\n![](/static/world.svg)\n\n[read more](/partnerships/)\n",
    );
    let (ok, out) = check(&["--content", dir.path().to_str().expect("UTF-8")]);
    assert!(ok, "warnings do not fail a check: {out}");
    for expected in [
        "guide.md:4:13: warning: /guide/ was due for review on 31 January 2026",
        "guide.md:6:1: warning: the heading skips from level 1 to level 4; use ##",
        "guide.md:8:1: warning: an image has no alt text",
        "guide.md:10:1: warning: the link text \"read more\" says nothing on its own",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    let pages = common::bundled_page_paths().len() + 1;
    assert!(
        out.contains(&format!("0 errors, 4 warnings; ok: {pages} pages")),
        "{out}"
    );
}

#[test]
fn drafts_stay_out_of_the_site_unless_previewing() {
    let dir = common::content_copy();
    write(
        dir.path(),
        "pages/plans.md",
        "+++\ntitle = \"Plans\"\ndescription = \"d\"\ndraft = true\nmenu = 9\n+++\nSecret.\n",
    );
    let city = std::fs::read_to_string(dir.path().join("partnerships/lille.md")).expect("read");
    write(
        dir.path(),
        "partnerships/lille.md",
        &city.replace("kind = \"partner\"", "kind = \"partner\"\ndraft = true"),
    );

    let public = build(dir.path(), false, NOW).expect("valid content");
    assert!(public.page("/plans/").is_none());
    assert!(public.page("/partnerships/lille/").is_none());
    let home = html(&public, "/");
    assert!(
        !home.contains("/plans/"),
        "a draft is not in the navigation"
    );
    assert!(!home.contains("/partnerships/lille/"));
    assert!(!html(&public, "/priorities/children-young-people/").contains("/partnerships/lille/"));

    let preview = build(dir.path(), true, NOW).expect("valid content");
    let plans = html(&preview, "/plans/");
    assert!(
        plans.contains("this page is a draft or not yet published"),
        "{plans}"
    );
    assert!(html(&preview, "/").contains("href=\"/plans/\""));
}

#[test]
fn publish_and_unpublish_times_decide_what_is_public() {
    let dir = common::content_copy();
    write(
        dir.path(),
        "pages/event.md",
        "+++\ntitle = \"Event\"\ndescription = \"d\"\npublish_at = 2026-12-01T09:00:00Z\nunpublish_at = 2026-12-24\n+++\nText.\n",
    );
    let before = build(dir.path(), false, "2026-12-01T08:59:59Z").expect("valid");
    assert!(before.page("/event/").is_none());
    assert_eq!(
        before.next_change.map(|t| t.to_string()).as_deref(),
        Some("2026-12-01T09:00:00Z")
    );
    let during = build(dir.path(), false, "2026-12-01T09:00:00Z").expect("valid");
    assert!(during.page("/event/").is_some());
    assert_eq!(
        during.next_change.map(|t| t.to_string()).as_deref(),
        Some("2026-12-24T00:00:00Z")
    );
    let after = build(dir.path(), false, "2026-12-24T00:00:00Z").expect("valid");
    assert!(after.page("/event/").is_none());
    assert!(after.next_change.is_none());
}

#[test]
fn updated_shows_as_last_updated() {
    let dir = common::content_copy();
    let page = std::fs::read_to_string(dir.path().join("pages/accessibility.md")).expect("read");
    assert!(page.contains("updated = 2026-11-29\n"));
    write(
        dir.path(),
        "pages/accessibility.md",
        &page.replace("updated = 2026-11-29\n", "updated = 2026-10-01\n"),
    );
    let snapshot = build(dir.path(), false, NOW).expect("valid");
    assert!(html(&snapshot, "/accessibility/").contains("Last updated: 1 October 2026"));
}

#[tokio::test]
async fn old_addresses_redirect_to_the_page() {
    let dir = common::content_copy();
    let lille = std::fs::read_to_string(dir.path().join("partnerships/lille.md")).expect("read");
    write(
        dir.path(),
        "partnerships/lille.md",
        &lille.replace(
            "kind = \"partner\"",
            "kind = \"partner\"\naliases = [\"/twinning/lille/\", \"/lille.html\"]",
        ),
    );
    let snapshot = Arc::new(build(dir.path(), false, NOW).expect("valid"));
    for (old, query) in [
        ("/twinning/lille/", ""),
        ("/twinning/lille", ""),
        ("/lille.html", "?x=1"),
    ] {
        let answer = request(Arc::clone(&snapshot), Method::GET, &format!("{old}{query}")).await;
        assert_eq!(answer.status, StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(
            answer.header("location"),
            format!("/partnerships/lille/{query}"),
            "{old}"
        );
    }
    assert!(snapshot.redirect("/twinning/lille/").is_some());
}

#[test]
fn two_pages_cannot_claim_one_address() {
    let dir = common::content_copy();
    for city in ["lille", "siegen"] {
        let text = std::fs::read_to_string(dir.path().join(format!("partnerships/{city}.md")))
            .expect("read");
        write(
            dir.path(),
            &format!("partnerships/{city}.md"),
            &text.replace(
                "kind = \"partner\"",
                "kind = \"partner\"\naliases = [\"/twinning/\"]",
            ),
        );
    }
    let errors = build(dir.path(), false, NOW)
        .expect_err("a clash")
        .to_string();
    assert!(
        errors.contains("siegen.md:6:12: the address /twinning/ is also used by"),
        "{errors}"
    );
    assert!(errors.contains("lille.md"), "{errors}");
}

#[test]
fn a_content_repository_without_a_static_folder_is_checked_without_its_files() {
    let repo = tempfile::tempdir().expect("a temporary folder");
    let content = common::content_copy();
    let dir = repo.path().join("content");
    // Both temporary folders are on one file system: the copy moves.
    std::fs::rename(content.path(), &dir).expect("the content in the repository");
    write(
        &dir,
        "pages/guide.md",
        "+++\ntitle = \"Guide\"\ndescription = \"d\"\n+++\n![Pupils in Lille](/static/lille.jpg)\n",
    );
    // As the pre-commit hook runs it, from the repository's top folder.
    let output = common::binary()
        .args(["check", "--content", "content", "--static", "static"])
        .current_dir(repo.path())
        .output()
        .expect("check runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{out}");
    assert!(
        out.contains("static: warning: there is no static folder here, so pictures and links to files were not checked"),
        "{out}"
    );
    let pages = common::bundled_page_paths().len() + 1;
    assert!(
        out.ends_with(&format!(
            "content: 0 errors, 1 warning; ok: {pages} pages ready to publish\n"
        )),
        "{out}"
    );
    // A static folder named but missing is a mistake, not a content repository.
    let output = common::binary()
        .args(["check", "--content", "content", "--static", "../site/statc"])
        .current_dir(repo.path())
        .output()
        .expect("check runs");
    assert!(!output.status.success());
}
