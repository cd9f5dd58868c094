//! The real-browser quality gate (tests/browser/gate.mjs) against the real binary, in Debian's
//! headless Chromium: axe-core, keyboard and focus, reflow, text spacing, the Nu HTML Checker
//! and links on every page found by crawling from `/`; and the preview that refreshes itself
//! (tests/browser/preview.mjs); and Lighthouse's four scores (tests/browser/lighthouse.mjs).
//!
//! Needs `chromium`, Node.js and Java (see README.md). Without them the tests say so loudly and
//! pass; with `CI=true` a missing tool is a failure, never a skip.

mod common;

use international_leeds::routes::Collection;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// One browser test at a time: several Chromiums at once on two cores slow each other, and
/// Lighthouse measures the time a page's work takes.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Once this test's turn has come, whether the tools are here (with the npm packages
/// installed); the guard holds the turn.
fn ready() -> Option<MutexGuard<'static, ()>> {
    let turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    if !tools_ready() {
        return None;
    }
    install_packages();
    Some(turn)
}

fn gate_dir() -> PathBuf {
    common::repo_path("tests/browser")
}

/// Whether the tools are here; if not, a loud message, and a failure under CI.
fn tools_ready() -> bool {
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if !Path::new(&chromium).exists() {
        missing.push(format!(
            "Chromium (no {chromium}; apt-get install chromium chromium-driver)"
        ));
    }
    for (tool, arg) in [
        ("node", "--version"),
        ("npm", "--version"),
        ("java", "-version"),
    ] {
        let found = Command::new(tool)
            .arg(arg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            missing.push(format!("{tool} (see README.md, 'Browser tests')"));
        }
    }
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "\n\n*** BROWSER TESTS NOT RUN: missing {} ***\n\n",
        missing.join(", ")
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
    // Straight to the terminal: the test harness would swallow eprintln! of a passing test.
    let _ = std::io::stderr().write_all(message.as_bytes());
    false
}

/// Installs the gate's npm packages (axe-core, playwright-core, vnu-jar, lighthouse) on first
/// use.
fn install_packages() {
    let dir = gate_dir();
    let installed = ["axe-core", "playwright-core", "vnu-jar", "lighthouse"]
        .iter()
        .all(|p| {
            dir.join("node_modules")
                .join(p)
                .join("package.json")
                .exists()
        });
    if installed {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .status()
        .expect("npm runs");
    assert!(status.success(), "npm ci in tests/browser failed");
}

fn run_gate(args: &[&str]) {
    let status = Command::new("node")
        .arg(gate_dir().join("gate.mjs"))
        .args(args)
        .status()
        .expect("node runs");
    assert!(
        status.success(),
        "the browser gate failed: see FAIL lines above"
    );
}

#[test]
fn every_page_passes_the_browser_gate() {
    let Some(_alone) = ready() else {
        return;
    };
    // Lille's page has three photos: its main photo and two in its text; three events, one
    // past, give the events pages.
    let content = common::content_for_browsers();
    let server = common::start_server(&["--content", &content.path().to_string_lossy()]);
    let out = common::repo_path("target/browser-gate");
    run_gate(&[
        &format!("http://{}", server.address),
        out.to_str().expect("a UTF-8 path"),
    ]);
}

#[test]
fn a_page_of_each_kind_passes_lighthouse() {
    let Some(_alone) = ready() else {
        return;
    };
    // The home page, each section's page, and the first page of each kind below them; the
    // search page is left out, since it asks not to be indexed (SEO 66 by design).
    let pages = common::snapshot().page_paths().to_vec();
    let mut chosen = vec!["/".to_string()];
    // The events' list reads as the news list does: an event's page is scored instead.
    for collection in Collection::ALL
        .into_iter()
        .filter(|c| *c != Collection::Events)
    {
        let prefix = collection.prefix();
        let below = pages
            .iter()
            .find(|p| p.starts_with(prefix) && p.len() > prefix.len());
        chosen.extend(collection.index().map(str::to_string));
        chosen.extend(below.cloned());
    }
    // And a page with three photos, and an event's.
    chosen.push("/partnerships/lille/".to_string());
    chosen.push("/events/lille-school-exchange/".to_string());
    chosen.dedup();
    assert!(chosen.len() >= 8, "{chosen:?}");
    let content = common::content_for_browsers();
    let server = common::start_server(&["--content", &content.path().to_string_lossy()]);
    let status = Command::new("node")
        .arg(gate_dir().join("lighthouse.mjs"))
        .arg(format!("http://{}", server.address))
        .args(&chosen)
        .status()
        .expect("node runs");
    assert!(
        status.success(),
        "a Lighthouse score is too low: see FAIL lines above"
    );
}

#[test]
fn the_preview_shows_each_save_without_a_reload() {
    let Some(_alone) = ready() else {
        return;
    };
    let dir = common::content_copy();
    let content = dir.path().to_str().expect("a UTF-8 path");
    let server = common::start_server(&["--dev", "--content", content]);
    let status = Command::new("node")
        .arg(gate_dir().join("preview.mjs"))
        .arg(format!("http://{}", server.address))
        .arg(content)
        .status()
        .expect("node runs");
    assert!(
        status.success(),
        "the preview did not refresh: see FAIL lines above"
    );
}

#[test]
fn no_site_title_can_swallow_the_page_through_its_json_ld() {
    let Some(_alone) = ready() else {
        return;
    };
    let dir = common::content_copy();
    let settings = std::fs::read_to_string(dir.path().join("site.toml")).expect("site.toml");
    let hostile = settings.replacen(
        "title = \"International Leeds\"",
        "title = \"International Leeds <!--<script>\"",
        1,
    );
    assert_ne!(settings, hostile, "the title is in site.toml");
    common::write(dir.path(), "site.toml", &hostile);
    let content = dir.path().to_str().expect("a UTF-8 path");
    let server = common::start_server(&["--content", content]);
    let status = Command::new("node")
        .arg(gate_dir().join("visible.mjs"))
        .arg(format!("http://{}", server.address))
        .args(["/", "/partnerships/", "/partnerships/lille/"])
        .status()
        .expect("node runs");
    assert!(
        status.success(),
        "a page shows nothing: see FAIL lines above"
    );
}

#[test]
fn the_gate_fails_on_pages_made_to_fail_it() {
    let Some(_alone) = ready() else {
        return;
    };
    let out = common::repo_path("target/browser-gate-selftest");
    run_gate(&["--selftest", out.to_str().expect("a UTF-8 path")]);
}
