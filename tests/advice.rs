//! Mistakes editors make, each told in their words with the fix: the bundled content with one
//! file changed as an editor would change it, and the message the loader gives for it.

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use common::load_errors as errors;
use international_leeds::content;
use international_leeds::live::Live;
use international_leeds::reload::Reloader;
use international_leeds::snapshot::{BuildError, BuildOptions, DEFAULT_BASE_URL, Snapshot};
use international_leeds::{AppState, app};
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

/// The bundled content with `relative` replaced by what `change` makes of it (or written
/// anew); the errors of loading it, each as `file:line:column: message` with the file relative
/// to the content folder.
fn errors_after(relative: &str, change: impl FnOnce(String) -> String) -> Vec<String> {
    let dir = common::content_copy();
    let path = dir.path().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("make the folder");
    common::write(dir.path(), relative, &change(text));
    errors(dir.path())
}

/// Lille's file with `from` replaced by `to`: the one error it gives.
fn lille(from: &str, to: &str) -> String {
    let errors = errors_after("partnerships/lille.md", |text| {
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1)
    });
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].clone()
}

#[test]
fn a_local_name_s_language_must_fit_its_script() {
    let errors = errors_after("partnerships/nis.md", |text| {
        text.replacen("lang = \"sr-Cyrl\"", "lang = \"sr\"", 1)
    });
    assert_eq!(
        errors,
        [
            "partnerships/nis.md:11:8: lang: `Ниш` is written in Cyrillic, and `sr` is a language written in more than one script: say which, `lang = \"sr-Cyrl\"`"
        ]
    );
    assert_eq!(
        lille("lang = \"fr\"", "lang = \"ru\""),
        "partnerships/lille.md:14:8: lang: `Lille` is written in Latin letters, but `ru` is written in Cyrillic: check the language code"
    );
}

#[test]
fn values_of_the_wrong_type_say_how_to_write_them() {
    assert_eq!(
        lille("since = 1968", "since = \"1968\""),
        "partnerships/lille.md:8:9: since is the year the link began, a whole number without quotes: `since = 1968`"
    );
    assert!(
        lille("latitude = 50.63", "latitude = \"50.63\"").starts_with(
            "partnerships/lille.md:6:12: latitude is a number of degrees, written without quotes: `latitude = 50.63`. Use decimal degrees"
        )
    );
    assert_eq!(
        lille(
            "priorities = [\"children-young-people\"]",
            "priorities = \"children-young-people\""
        ),
        "partnerships/lille.md:9:14: priorities is a list: put the values in square brackets, `priorities = [\"children-young-people\"]`"
    );
    assert!(
        lille("[[local_names]]", "[local_names]")
            .contains("each of the local names starts with a line `[[local_names]]`")
    );
    assert_eq!(
        lille("updated = 2026-11-29", "updated = \"2026-11-29\""),
        "partnerships/lille.md:3:11: dates are written year-month-day, without quotes: `updated = 2026-11-29` for 29 November 2026"
    );
    assert_eq!(
        lille("updated = 2026-11-29", "draft = \"false\""),
        "partnerships/lille.md:3:9: draft is true or false, written without quotes: `draft = true`"
    );
    assert_eq!(
        lille("title = \"Lille\"", "title = 1968"),
        "partnerships/lille.md:2:9: title is text, written in double quotes: `title = \"1968\"`"
    );
}

#[test]
fn a_city_field_written_below_the_local_names_is_told_to_move_up() {
    assert_eq!(
        lille(
            "lang = \"fr\"",
            "lang = \"fr\"\nnote = \"Twinned since 1968.\""
        ),
        "partnerships/lille.md:15:1: `note` is below a `[[local_names]]` line, so it is read as part of that entry; move the line up, above the first `[[local_names]]`"
    );
    assert_eq!(
        lille("lang = \"fr\"\n", ""),
        "partnerships/lille.md:12:1: each `[[local_names]]` needs `lang`: add a line `lang = \"…\"` below this `[[local_names]]` line"
    );
}

#[test]
fn what_a_word_processor_or_a_british_date_does_is_named() {
    assert_eq!(
        lille("updated = 2026-11-29", "updated = 29/11/2026"),
        "partnerships/lille.md:3:11: dates are written year-month-day, without quotes: `updated = 2026-11-29` for 29 November 2026"
    );
    assert_eq!(
        lille("country = \"France\"", "country = “France”"),
        "partnerships/lille.md:4:11: the text is in curly quotes (“ ”), which a word processor puts in; use straight quotes: `country = \"France\"`"
    );
    assert_eq!(
        lille("longitude = 3.06", "longitude = 3,06"),
        "partnerships/lille.md:7:14: write decimal numbers with a point, not a comma: `longitude = 3.06`"
    );
    assert_eq!(
        lille(
            "country = \"France\"",
            "country = \"France\"\ntitle = \"Lille\""
        ),
        "partnerships/lille.md:5:1: `title` is set twice, on lines 2 and 5; keep one of them"
    );
}

#[test]
fn every_mistake_in_a_file_is_told_at_once_and_other_files_are_still_read() {
    let dir = common::content_copy();
    let lille = dir.path().join("partnerships/lille.md");
    let text = std::fs::read_to_string(&lille).expect("Lille's file");
    let broken = [
        ("updated = 2026-11-29", "updated = 29/11/2026"),
        ("country = \"France\"", "contry = \"France\""),
        ("kind = \"partner\"", "kind = \"partnr\""),
        ("latitude = 50.63", "latitude = 95.63"),
        ("since = 1968", "since = \"1968\""),
        ("lang = \"fr\"", "lang = \"french\""),
    ]
    .iter()
    .fold(text, |text, (from, to)| {
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1)
    });
    common::write(dir.path(), "partnerships/lille.md", &broken);
    // A syntax error in another file stops only that file.
    let brno = dir.path().join("partnerships/brno.md");
    let text = std::fs::read_to_string(&brno).expect("Brno's file");
    common::write(
        dir.path(),
        "partnerships/brno.md",
        &text.replacen("since = ", "since = = ", 1),
    );
    let errors = errors(dir.path());
    let lille: Vec<&String> = errors.iter().filter(|e| e.contains("lille.md")).collect();
    let expected = [
        "lille.md:3:11: dates are written year-month-day",
        "lille.md:4:1: unknown field `contry`, did you mean `country`?",
        "lille.md:5:8: `partnr` is not a value kind can take",
        "lille.md:6:12: latitude: must be between -90 and 90 degrees",
        "lille.md:8:9: since is the year the link began, a whole number without quotes: `since = 1968`",
        "lille.md:14:8: lang: `french` is not a language tag",
    ];
    assert_eq!(lille.len(), expected.len(), "{errors:#?}");
    for (error, expected) in lille.iter().zip(expected) {
        assert!(error.contains(expected), "{error} is not {expected}");
    }
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("partnerships/brno.md:")),
        "{errors:#?}"
    );
}

#[test]
fn no_wrong_advice() {
    let empty = errors_after("site.toml", |_| String::new());
    assert_eq!(empty.len(), 1, "{empty:#?}");
    assert!(
        empty[0].starts_with("site.toml:1:1: the file is empty; site.toml gives the site's title"),
        "{empty:#?}"
    );

    let post = "+++\ntitle = \"A visit\"\ndate = 2026-11-02\nsummary = \"Who came.\"\n+++\nText.\n";
    let misplaced = errors_after("partnerships/visit.md", |_| post.to_string());
    assert_eq!(
        misplaced,
        [
            "partnerships/visit.md:3:1: this looks like a news post, which belongs in the news/ folder; move the file there"
        ]
    );

    let page = "+++\ntitle = \"Kraków\"\ndescription = \"A city\"\n+++\nText.\n";
    let named = errors_after("pages/kraków.md", |_| page.to_string());
    assert_eq!(named.len(), 1, "{named:#?}");
    assert!(named[0].contains("such as `krakow`"), "{named:#?}");

    let aliased = errors_after("partnerships/lille.md", |text| {
        text.replacen(
            "kind = \"partner\"",
            "kind = \"partner\"\naliases = [\"/accessibility/\"]",
            1,
        )
    });
    assert_eq!(
        aliased,
        [
            "pages/accessibility.md:1:1: the address /accessibility/ is also used by partnerships/lille.md, as an old address in its `aliases`; remove it from there, or change it"
        ]
    );
}

#[test]
fn an_old_address_that_clashes_is_fixed_in_aliases() {
    let post = "+++\ntitle = \"A visit\"\ndate = 2026-11-02\nsummary = \"Who came.\"\naliases = [\"/accessibility/\"]\n+++\nText.\n";
    let errors = errors_after("news/visit.md", |_| post.to_string());
    assert_eq!(
        errors,
        [
            "news/visit.md:5:12: the address /accessibility/ is also used by pages/accessibility.md; remove this old address from `aliases`, or change it"
        ]
    );
}

#[test]
fn one_city_in_two_files_and_two_priorities_in_one_place_are_caught() {
    let dir = common::content_copy();
    let lille = std::fs::read_to_string(dir.path().join("partnerships/lille.md")).expect("Lille");
    common::write(dir.path(), "partnerships/lille-again.md", &lille);
    let rijsel = lille
        .replacen("title = \"Lille\"", "title = \"Rijsel\"", 1)
        .replacen("latitude = 50.63", "latitude = 50.65", 1);
    common::write(dir.path(), "partnerships/rijsel.md", &rijsel);
    let health = std::fs::read_to_string(dir.path().join("priorities/health-wellbeing.md"))
        .expect("a priority");
    let order = health
        .lines()
        .find(|l| l.starts_with("order = "))
        .expect("an order")
        .to_string();
    let regeneration = dir.path().join("priorities/regeneration.md");
    let text = std::fs::read_to_string(&regeneration).expect("a priority");
    let changed: String = text
        .lines()
        .map(|l| {
            if l.starts_with("order = ") {
                order.as_str()
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    common::write(dir.path(), "priorities/regeneration.md", &changed);
    let errors = errors(dir.path());
    let expected = [
        "partnerships/lille.md:2:1: title: Lille is already in partnerships/lille-again.md; a city has one file (delete one, or correct its name and coordinates)",
        "partnerships/rijsel.md:2:1: title: Rijsel is already in partnerships/lille-again.md; a city has one file (delete one, or correct its name and coordinates)",
    ];
    for line in expected {
        assert!(
            errors.iter().any(|e| e == line),
            "missing {line} in {errors:#?}"
        );
    }
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("priorities/regeneration.md:")
                && e.contains(&format!(
                    "order: {} is also the order of priorities/health-wellbeing.md",
                    &order[8..]
                ))),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn leftovers_of_editors_and_systems_are_ignored() {
    let dir = common::content_copy();
    for name in [
        "partnerships/#lille.md#",
        "partnerships/.~lock.lille.md#",
        "partnerships/~$lille.md",
        "partnerships/Thumbs.db",
        "pages/desktop.ini",
        "Thumbs.db",
    ] {
        common::write(dir.path(), name, "not content");
    }
    assert_eq!(errors(dir.path()), Vec::<String>::new());
}

const VAGUE: &str =
    "+++\ntitle = \"Guide\"\ndescription = \"d\"\n+++\n[click here](/partnerships/)\n";

#[tokio::test]
async fn healthz_counts_warnings_and_only_the_preview_lists_them() {
    let dir = common::content_copy();
    common::write(dir.path(), "pages/guide.md", VAGUE);
    let snapshot = Snapshot::build(
        dir.path(),
        &common::repo_path("static"),
        BuildOptions::public(),
    )
    .expect("warnings do not stop a build");
    let snapshot = Arc::new(snapshot);
    let answer = common::request(Arc::clone(&snapshot), Method::GET, "/healthz").await;
    let json: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON");
    assert_eq!(json["warning_count"], 1, "{json}");
    assert!(json["warnings"].is_null(), "{json}");
    let preview = AppState::from_live(Arc::new(Live::new(snapshot, true)));
    let response = app(preview)
        .oneshot(
            Request::get("/healthz")
                .body(Body::empty())
                .expect("a request"),
        )
        .await
        .expect("an answer");
    let json: serde_json::Value =
        serde_json::from_slice(&common::body(response).await).expect("JSON");
    assert_eq!(json["warning_count"], 1, "{json}");
    let warning = json["warnings"][0].as_str().expect("a warning");
    assert!(
        warning.ends_with("pages/guide.md:5:1: the link text \"click here\" says nothing on its own; name where the link goes"),
        "{warning}"
    );
}

#[test]
fn warnings_are_logged_when_the_server_starts() {
    let dir = common::content_copy();
    common::write(dir.path(), "pages/guide.md", VAGUE);
    let content = dir.path().to_str().expect("UTF-8");
    let (_server, logs) = common::start_server_logged(&["--content", content, "--no-watch"]);
    let logged = common::wait_until(common::DEADLINE, || {
        !logs.with_message("content warning").is_empty()
    });
    assert!(logged, "{:#?}", logs.lines());
    let line = &logs.with_message("content warning")[0];
    assert_eq!(line["level"], "WARN", "{line}");
    assert!(
        line["warning"]
            .as_str()
            .is_some_and(|w| w.contains("\"click here\" says nothing")),
        "{line}"
    );
}

/// GETs `path` from a preview of `dir`, built as `serve --dev` builds it at start: the status,
/// the Cache-Control header and the body.
async fn preview(dir: &Path, paths: &[&str]) -> Vec<(u16, String, String)> {
    let live = Arc::new(Live::new(Snapshot::default(), true));
    let reloader = Reloader {
        content_dir: dir.to_path_buf(),
        static_dir: common::repo_path("static"),
        drafts: true,
        base_url: DEFAULT_BASE_URL.to_string(),
        live: Arc::clone(&live),
    };
    match reloader.build() {
        Ok(snapshot) => live.replace(snapshot),
        Err(error) => reloader.fail(&error),
    }
    let mut answers = Vec::new();
    for path in paths {
        let request = Request::get(*path).body(Body::empty()).expect("a request");
        let response = app(AppState::from_live(Arc::clone(&live)))
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status().as_u16();
        let cache = response.headers()["cache-control"]
            .to_str()
            .expect("ASCII")
            .to_string();
        let body = String::from_utf8_lossy(&common::body(response).await).into_owned();
        answers.push((status, cache, body));
    }
    answers
}

#[tokio::test]
async fn a_broken_preview_has_its_stylesheet_and_a_preview_is_never_cached() {
    let dir = common::content_copy();
    let answers = preview(dir.path(), &["/", "/no-such-page/"]).await;
    for (status, cache, _) in &answers {
        assert!(*status == 200 || *status == 404, "{status}");
        assert_eq!(cache, "no-store");
    }
    let stylesheet = answers[0]
        .2
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a stylesheet")
        .to_string();

    common::write(dir.path(), "pages/broken.md", "+++\ntitle = \"Broken\"\n");
    let answers = preview(dir.path(), &["/", &stylesheet]).await;
    let (status, cache, page) = &answers[0];
    assert_eq!((*status, cache.as_str()), (500, "no-store"));
    assert!(page.contains("never closed"), "{page}");
    assert!(
        page.contains(&stylesheet),
        "the error page has the stylesheet: {page}"
    );
    let (status, _, css) = &answers[1];
    assert_eq!(
        *status, 200,
        "the stylesheet is served while the page shows errors"
    );
    assert!(css.contains('{'), "{css}");
}

#[tokio::test]
async fn pictures_and_files_the_text_names_must_be_in_the_static_folder() {
    let content = common::content_copy();
    let statics = tempfile::tempdir().expect("a temporary folder");
    let photo = b"\xff\xd8\xff\xe0 a JPEG, as far as the server cares";
    std::fs::create_dir_all(statics.path().join("photos")).expect("a folder");
    std::fs::write(statics.path().join("photos/lille-school.jpg"), photo).expect("a photo");
    std::fs::write(statics.path().join("report.pdf"), b"%PDF-1.7").expect("a file");
    let good = "![Pupils in Lille](/static/photos/lille-school.jpg)\n\n[The 2025 report](/static/report.pdf)\n";
    let bad = "![A map](map.png)\n\n![A photo](/static/photos/lile-school.jpg)\n\n[The 2019 report](/static/report-2019.pdf)\n\n<p><img src=\"/static/logo.png\" alt=\"Our logo\"> <a href=\"/partnerships/lile/\">Lille</a></p>\n";
    let page = |body: &str| format!("+++\ntitle = \"Guide\"\ndescription = \"d\"\n+++\n{body}");
    common::write(
        content.path(),
        "pages/guide.md",
        &page(&format!("{good}\n{bad}")),
    );
    let build = || Snapshot::build(content.path(), statics.path(), BuildOptions::public());
    let Err(BuildError::Content(problems)) = build() else {
        panic!("missing pictures and files are errors");
    };
    let prefix = format!("{}/", content.path().display());
    let errors: Vec<String> = problems
        .errors
        .iter()
        .map(|e| e.to_string().replace(&prefix, ""))
        .collect();
    assert_eq!(
        errors,
        [
            "pages/guide.md:9:1: the picture map.png is missing: there is no file `map.png` in content/media/; save the photo there, or correct its name (a picture of the static folder is written with its address: `/static/map.png`)",
            "pages/guide.md:11:1: the picture /static/photos/lile-school.jpg is missing: there is no file photos/lile-school.jpg in the static folder; put the picture there, or correct the address; did you mean /static/photos/lille-school.jpg?",
            "pages/guide.md:13:1: the link to /static/report-2019.pdf is broken: there is no file report-2019.pdf in the static folder; put the file there, or correct the address; did you mean /static/report.pdf?",
            "pages/guide.md:15:1: the link to /partnerships/lile/ is broken: there is no page at /partnerships/lile/; did you mean /partnerships/lille/?",
            "pages/guide.md:15:1: the picture /static/logo.png is missing: there is no file logo.png in the static folder; put the picture there, or correct the address",
        ]
    );

    common::write(content.path(), "pages/guide.md", &page(good));
    let snapshot = Arc::new(build().expect("the pictures and files are there"));
    let html = String::from_utf8_lossy(snapshot.page("/guide/").expect("the page")).into_owned();
    assert!(
        html.contains("src=\"/static/photos/lille-school.jpg\""),
        "{html}"
    );
    for (path, content_type) in [
        ("/static/photos/lille-school.jpg", "image/jpeg"),
        ("/static/report.pdf", "application/pdf"),
    ] {
        let answer = common::request(Arc::clone(&snapshot), Method::HEAD, path).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("content-type"), content_type, "{path}");
        assert_eq!(
            answer.header("cache-control"),
            "public, max-age=60",
            "{path}"
        );
    }
    let served = snapshot
        .file("/static/photos/lille-school.jpg")
        .expect("served");
    assert_eq!(served.body.identity.as_ref(), photo);
}

#[test]
fn coordinates_outside_the_country_say_what_slipped() {
    assert_eq!(
        lille(
            "latitude = 50.63\nlongitude = 3.06",
            "latitude = 3.06\nlongitude = 50.63"
        ),
        "partnerships/lille.md:6:12: latitude: 3.06, 50.63 is not in France; latitude and longitude look swapped: write `latitude = 50.63` and `longitude = 3.06`"
    );
    let louisville = errors_after("partnerships/louisville.md", |text| {
        text.replacen("longitude = -85.75", "longitude = 85.75", 1)
    });
    assert_eq!(
        louisville,
        [
            "partnerships/louisville.md:6:12: latitude: 38.26, 85.75 is not in USA; longitude is negative west of Greenwich: write `longitude = -85.75`"
        ]
    );
    let durban = errors_after("partnerships/durban.md", |text| {
        text.replacen("latitude = -29.88", "latitude = 29.88", 1)
    });
    assert!(
        durban[0].ends_with("latitude is negative south of the equator: write `latitude = -29.88`"),
        "{durban:#?}"
    );
    // One slip, one message: swapped coordinates out of range are told as swapped.
    let hangzhou = errors_after("partnerships/hangzhou.md", |text| {
        text.replacen(
            "latitude = 30.27\nlongitude = 120.15",
            "latitude = 120.15\nlongitude = 30.27",
            1,
        )
    });
    assert_eq!(hangzhou.len(), 1, "{hangzhou:#?}");
    assert!(hangzhou[0].contains("look swapped"), "{hangzhou:#?}");
    // A longitude written wrong is told once, as such: its stand-in does not move the city.
    assert_eq!(
        lille("longitude = 3.06", "longitude = \"3.06\""),
        "partnerships/lille.md:7:13: longitude is a number of degrees, written without quotes: `longitude = 3.06`. Use decimal degrees (50.63, not 50° 38′), negative for south and west; a city's Wikipedia page gives them (click its coordinates)"
    );
}

#[tokio::test]
async fn only_the_preview_has_the_refresh_script_and_its_event_stream() {
    use http_body_util::BodyExt;
    let get = |live: &Arc<Live>, path: &str| {
        let request = Request::get(path).body(Body::empty()).expect("a request");
        app(AppState::from_live(Arc::clone(live))).oneshot(request)
    };
    let public = Arc::new(Live::new(common::snapshot(), false));
    for path in ["/_preview/refresh.js", "/_preview/events"] {
        let response = get(&public, path).await.expect("infallible");
        assert_eq!(response.status(), 404, "{path}");
    }
    let home = common::body(get(&public, "/").await.expect("infallible")).await;
    assert!(!String::from_utf8_lossy(&home).contains("<script src"));

    for path in ["/", "/search?q=lille"] {
        let response = get(&public, path).await.expect("infallible");
        assert_eq!(
            response.headers()["content-security-policy"],
            international_leeds::http::CONTENT_SECURITY_POLICY,
            "{path}"
        );
        assert!(!response.headers().contains_key("server-timing"), "{path}");
    }

    let live = Arc::new(Live::new(common::snapshot(), true));
    let script = get(&live, "/_preview/refresh.js")
        .await
        .expect("infallible");
    assert_eq!(script.status(), 200);
    assert_eq!(
        script.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    // Every preview page, search included, may run the script, is never kept, and says which
    // build it comes from.
    for path in ["/", "/search?q=lille", "/no-such-page/"] {
        let response = get(&live, path).await.expect("infallible");
        let headers = response.headers();
        assert!(
            headers["content-security-policy"]
                .to_str()
                .is_ok_and(|csp| csp.contains("script-src 'self'; connect-src 'self'")),
            "{path}"
        );
        assert_eq!(headers["cache-control"], "no-store", "{path}");
        assert_eq!(headers["server-timing"], "build;desc=\"0\"", "{path}");
    }
    let events = get(&live, "/_preview/events").await.expect("infallible");
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    assert_eq!(events.headers()["cache-control"], "no-store");
    let mut body = events.into_body();
    let mut next = async || {
        let frame = tokio::time::timeout(common::DEADLINE, body.frame()).await;
        let frame = frame.expect("a frame in time");
        frame.map(|f| f.expect("no error").into_data().expect("data"))
    };
    assert_eq!(next().await.as_deref(), Some(&b"retry: 1000\n\n"[..]));
    // The build now, then each swap, and each failed rebuild, tell the open pages to refresh.
    assert_eq!(
        next().await.as_deref(),
        Some(&b"event: build\ndata: 0\n\n"[..])
    );
    live.replace(Snapshot::default());
    assert_eq!(
        next().await.as_deref(),
        Some(&b"event: build\ndata: 1\n\n"[..])
    );
    // The stream ends when the server stops, so that stopping does not wait for it.
    live.close();
    assert_eq!(next().await, None);
}

#[test]
fn a_link_to_the_site_written_in_full_is_checked_too() {
    let content = common::content_copy();
    let page = "+++\ntitle = \"Guide\"\ndescription = \"d\"\n+++\n[Lille](https://international-leeds.example/partnerships/lile/) and [another site](https://example.org/partnerships/lile/)\n";
    common::write(content.path(), "pages/guide.md", page);
    let options = BuildOptions {
        base_url: "https://international-leeds.example".to_string(),
        ..BuildOptions::public()
    };
    let Err(BuildError::Content(problems)) =
        Snapshot::build(content.path(), &common::repo_path("static"), options)
    else {
        panic!("the link is broken");
    };
    let errors: Vec<String> = problems.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].ends_with("guide.md:5:1: the link to https://international-leeds.example/partnerships/lile/ is broken: there is no page at /partnerships/lile/; did you mean /partnerships/lille/?"),
        "{errors:#?}"
    );
}

#[test]
fn habits_from_other_systems_and_slips_of_the_keyboard_are_named() {
    let dashed = errors_after("partnerships/lille.md", |text| {
        text.replacen("+++", "---", 2)
            .replacen("title = \"Lille\"", "title: \"Lille\"", 1)
    });
    assert_eq!(dashed.len(), 1, "{dashed:#?}");
    assert!(
        dashed[0].contains("the front matter is between `---` lines, as in Hugo or Jekyll"),
        "{dashed:#?}"
    );
    // One slip, one message: the rest of the file is still read, and not told as missing.
    assert_eq!(
        lille("title = \"Lille\"", "title: \"Lille\""),
        "partnerships/lille.md:2:8: fields are written with an equals sign, not a colon: `title = \"Lille\"`"
    );
    assert_eq!(
        lille("country = \"France\"", "country = \"France"),
        "partnerships/lille.md:4:18: the text has no closing quote: end it on the same line with a straight double quote, `country = \"France\"`"
    );
    assert_eq!(
        lille("since = 1968", "since = 19 1968"),
        "partnerships/lille.md:8:9: since is one number, written without quotes or words: `since = 1969`"
    );
    assert!(
        lille("updated = 2026-11-29", "updated = 2026-02-30")
            .contains("`2026-02-30` is not a date that exists"),
    );
}

#[test]
fn an_old_address_cannot_take_over_the_site_s_own() {
    for alias in [
        "/",
        "/partnerships",
        "/healthz",
        "/news/",
        "/static/style.css",
    ] {
        let errors = errors_after("pages/accessibility.md", |text| {
            text.replacen("+++\n", &format!("+++\naliases = [\"{alias}\"]\n"), 1)
        });
        assert_eq!(
            errors,
            [format!(
                "pages/accessibility.md:2:12: aliases: `{alias}` is an address of the site itself, which an old address cannot take over; remove it"
            )]
        );
    }
    // Without its slash, it would take over the slash's redirect of Lille's page.
    let errors = errors_after("pages/accessibility.md", |text| {
        text.replacen("+++\n", "+++\naliases = [\"/partnerships/lille\"]\n", 1)
    });
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("the address /partnerships/lille/ is also used by"),
        "{errors:#?}"
    );
}

#[tokio::test]
async fn redirects_are_kept_by_browsers_for_a_minute_only() {
    let answer = common::get("/partnerships").await;
    assert_eq!(answer.status, 301);
    assert_eq!(answer.header("cache-control"), "public, max-age=60");
}

#[test]
fn a_heading_cannot_take_the_layout_s_ids() {
    let page = "+++\ntitle = \"Guide\"\ndescription = \"d\"\n+++\n## Main\n\nText.\n\n## Contact {#main}\n";
    let errors = errors_after("pages/guide.md", |_| page.to_string());
    assert_eq!(
        errors,
        [
            "pages/guide.md:9:13: id: `main` is an id the page already has (the skip link's target, or the search box); give the heading another id"
        ]
    );
    let page = "+++\ntitle = \"Guide\"\ndescription = \"d\"\n+++\n## Main\n";
    let (site, problems) = {
        let dir = common::content_copy();
        common::write(dir.path(), "pages/guide.md", page);
        content::load_partial(dir.path())
    };
    assert!(problems.errors.is_empty(), "{problems}");
    let guide = site
        .pages
        .iter()
        .find(|p| p.slug == "guide")
        .expect("the guide");
    assert_eq!(guide.body.ids(), ["main-2"]);
}

#[test]
fn invisible_characters_and_pictures_from_elsewhere_are_refused() {
    assert_eq!(
        lille("title = \"Lille\"", "title = \"Lil\u{1}le\""),
        "partnerships/lille.md:2:13: an invisible character (U+0001) is here, which the news feed cannot carry; delete it (it often comes with text copied from a PDF or a word processor)"
    );
    let content = common::content_copy();
    let page = "+++\ntitle = \"Guide\"\ndescription = \"d\"\n+++\n![Leeds](https://example.org/leeds.jpg)\n";
    common::write(content.path(), "pages/guide.md", page);
    let built = Snapshot::build(
        content.path(),
        &common::repo_path("static"),
        BuildOptions::public(),
    );
    let Err(BuildError::Content(problems)) = built else {
        panic!("a picture from another site is an error");
    };
    assert!(
        problems.errors[0]
            .to_string()
            .contains("the picture https://example.org/leeds.jpg is missing: pictures from other sites are not shown"),
        "{problems}"
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_content_folder_are_refused_and_nothing_behind_them_is_read() {
    use std::os::unix::fs::symlink;
    let dir = common::content_copy();
    let elsewhere = tempfile::tempdir().expect("a folder outside");
    let post = "+++\ntitle = \"Secret\"\ndate = 2026-11-02\nsummary = \"s\"\n+++\nPrivate.\n";
    common::write(elsewhere.path(), "secret.md", post);
    let page = "+++\ntitle = \"Outside\"\ndescription = \"d\"\n+++\nPrivate.\n";
    common::write(elsewhere.path(), "outside.md", page);
    symlink(elsewhere.path(), dir.path().join("news")).expect("a linked folder");
    symlink(
        elsewhere.path().join("outside.md"),
        dir.path().join("pages/outside.md"),
    )
    .expect("a linked file");
    // A link that stays inside is fine.
    symlink(
        dir.path().join("pages/accessibility.md"),
        dir.path().join("pages/access.md"),
    )
    .expect("a link inside");
    let (site, problems) = content::load_partial(dir.path());
    let errors: Vec<String> = problems
        .errors
        .iter()
        .map(|e| {
            e.to_string()
                .replace(&format!("{}/", dir.path().display()), "")
        })
        .collect();
    let expected = "unexpected link to a file or folder outside the content folder; the site publishes only what is in it: copy the file in instead";
    assert_eq!(
        errors,
        [
            format!("news: {expected}"),
            format!("pages/outside.md: {expected}")
        ]
    );
    assert!(site.posts.is_empty());
    assert!(site.pages.iter().all(|p| p.title != "Outside"));
    assert!(site.pages.iter().any(|p| p.slug == "access"));
}
