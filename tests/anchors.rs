//! What the route table knows without reading rendered HTML: the anchors links may name
//! (headings in Markdown and in raw HTML, and the entries of the partnerships page), and where
//! old addresses of cities without a page lead.

mod common;

use axum::http::Method;
use international_leeds::snapshot::{BuildError, BuildOptions, Snapshot};
use std::path::Path;

fn build(dir: &Path) -> Result<Snapshot, BuildError> {
    Snapshot::build(dir, &common::repo_path("static"), BuildOptions::public())
}

/// The error lines of a build that must fail.
fn errors(dir: &Path) -> Vec<String> {
    let problems = common::failed_build(dir, &common::repo_path("static"));
    problems.errors.iter().map(ToString::to_string).collect()
}

const PAGE: &str = "+++\ntitle = \"Links\"\ndescription = \"Links to anchors\"\n+++\n";

#[test]
fn links_may_name_headings_in_markdown_or_raw_html_and_city_entries() {
    let dir = common::content_copy();
    let page = format!(
        "{PAGE}## Visits\n\n<h2 id=\"contact\">Contact</h2>\n\n[visits](#visits), [contact](#contact), [Ballina](/partnerships/#ballina), [a city in the list](/#ballina), [the main text](/accessibility/#main)\n"
    );
    common::write(dir.path(), "pages/links.md", &page);
    build(dir.path()).expect("every anchor exists");
}

#[test]
fn a_missing_anchor_is_an_error_at_its_line() {
    let dir = common::content_copy();
    let page = format!(
        "{PAGE}## Visits\n\n[nowhere](#nowhere) and [Lille's entry](/partnerships/#lille)\n"
    );
    common::write(dir.path(), "pages/links.md", &page);
    let errors = errors(dir.path());
    let file = dir.path().join("pages/links.md");
    let expected = [
        format!(
            "{}:7:1: the link to #nowhere is broken: /links/ has no element with id `nowhere`; use the id of one of its headings",
            file.display()
        ),
        // Lille has a page of its own, so the partnerships page has no entry for it.
        format!(
            "{}:7:25: the link to /partnerships/#lille is broken: /partnerships/ has no element with id `lille`; use the id of one of its headings",
            file.display()
        ),
    ];
    assert_eq!(errors, expected);
}

#[tokio::test]
async fn an_old_address_of_a_city_without_a_page_leads_to_its_entry() {
    let dir = common::content_copy();
    let ballina =
        std::fs::read_to_string(dir.path().join("partnerships/ballina.md")).expect("read Ballina");
    let ballina = ballina.replacen(
        "kind = \"friendship\"",
        "kind = \"friendship\"\naliases = [\"/twinning/ballina/\"]\nreview_by = 2020-01-01",
        1,
    );
    common::write(dir.path(), "partnerships/ballina.md", &ballina);
    let page = format!("{PAGE}[Ballina, as it was](/twinning/ballina/)\n");
    common::write(dir.path(), "pages/links.md", &page);
    let snapshot = build(dir.path()).expect("the old address leads somewhere");
    assert_eq!(
        snapshot.redirect("/twinning/ballina/"),
        Some("/partnerships/#ballina")
    );
    let overdue: Vec<String> = snapshot.warnings.iter().map(ToString::to_string).collect();
    assert!(
        overdue
            .iter()
            .any(|w| w.contains("/partnerships/#ballina was due for review on 1 January 2020")),
        "{overdue:#?}"
    );
    let answer = common::request(snapshot, Method::GET, "/twinning/ballina/?from=old").await;
    assert_eq!(answer.status, 301);
    assert_eq!(answer.header("location"), "/partnerships/?from=old#ballina");
}
