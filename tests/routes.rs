//! Every route through the router, as a browser would meet it.

mod common;

use axum::http::{Method, StatusCode};
use common::{get, request, snapshot};

/// Each partner city, words only its own story uses, and the priority its work serves.
const PARTNERS: [(&str, &str, &str); 7] = [
    (
        "brno",
        "Gypsy and Roma Travellers",
        "safer-stronger-communities",
    ),
    (
        "dortmund",
        "Ruhr Valley European Capital of Culture",
        "sustainable-economy-culture",
    ),
    (
        "durban",
        "procurement and business support",
        "sustainable-economy-culture",
    ),
    ("hangzhou", "disability sports", "health-wellbeing"),
    ("lille", "primary schools", "children-young-people"),
    ("louisville", "Muhammad Ali Center", "children-young-people"),
    (
        "siegen",
        "exchanges for older people",
        "working-with-local-people",
    ),
];

fn main_of(body: &str) -> &str {
    let start = body.find("<main").expect("a main element");
    let end = body.find("</main>").expect("main is closed");
    &body[start..end]
}

#[tokio::test]
async fn every_page_answers_with_one_h1_a_skip_link_first_and_its_language() {
    let paths: Vec<String> = snapshot()
        .page_paths()
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(paths, common::bundled_page_paths(), "a page for every file");
    for path in paths {
        let answer = get(&path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.header("content-type"), "text/html; charset=utf-8");
        let body = &answer.body;
        // English at the usual addresses; a translated page under its language's tag.
        let languages = common::declared_languages();
        let lang = languages
            .iter()
            .find(|(code, _)| path.starts_with(&format!("/{}/", code.to_lowercase())))
            .map_or("en-GB", |(code, _)| code.as_str());
        assert!(
            body.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">")),
            "{path}"
        );
        assert_eq!(body.matches("<h1").count(), 1, "{path} has one h1");
        let first_link = body.find("<a ").expect("a link");
        assert!(
            body[first_link..].starts_with("<a class=\"skip-link\" href=\"#main\">"),
            "{path}: the skip link comes first"
        );
        assert!(body.contains("<main id=\"main\""), "{path}");
        assert!(
            body.contains("aria-current=\"page\""),
            "{path} marks the current page"
        );
        let home = path == "/" || path == format!("/{}/", lang.to_lowercase());
        if !home {
            assert!(
                body.contains("<nav class=\"breadcrumbs"),
                "{path} has breadcrumbs"
            );
        }
        for link in [
            "https://www.international-leeds.org.uk/",
            "https://twitter.com/Intl_Rel_Leeds",
            "/accessibility/",
        ] {
            assert!(
                body.contains(&format!("href=\"{link}\"")),
                "{path} links to {link}"
            );
        }
    }
}

#[tokio::test]
async fn each_partner_city_page_tells_its_own_story_and_no_other() {
    for (slug, story, _) in PARTNERS {
        let answer = get(&format!("/partnerships/{slug}/")).await;
        assert_eq!(answer.status, StatusCode::OK, "{slug}");
        let main = main_of(&answer.body);
        assert!(main.contains(story), "{slug} tells its story");
        for (other, other_story, _) in PARTNERS {
            if other != slug {
                assert!(
                    !main.contains(other_story),
                    "{slug}'s page carries {other}'s story"
                );
            }
        }
    }
}

#[tokio::test]
async fn cities_link_to_their_priorities_and_priorities_to_their_cities() {
    for (slug, _, priority) in PARTNERS {
        let city = get(&format!("/partnerships/{slug}/")).await;
        assert!(
            main_of(&city.body).contains(&format!("href=\"/priorities/{priority}/\"")),
            "{slug} links to {priority}"
        );
        let priority_page = get(&format!("/priorities/{priority}/")).await;
        assert!(
            main_of(&priority_page.body).contains(&format!("href=\"/partnerships/{slug}/\"")),
            "{priority} links to {slug}"
        );
    }
    let regeneration = get("/priorities/regeneration/").await;
    let main = main_of(&regeneration.body);
    assert!(!main.contains("href=\"/partnerships/brno/\""));
    // An empty list is left out, not admitted to ("… yet").
    assert!(!main.contains("Partner cities working on this"), "{main}");
    assert!(!main.contains(" yet"), "{main}");
}

#[tokio::test]
async fn every_page_s_words_have_typographic_quotes_and_apostrophes() {
    // From Markdown (smart punctuation), from front matter and from the templates alike.
    for path in snapshot().page_paths() {
        let page = get(path).await;
        // What a visitor reads: the text between the tags, without the JSON-LD script.
        let mut body = page.body.clone();
        while let Some(start) = body.find("<script") {
            let end = body[start..].find("</script>").expect("a closed script") + start;
            body.replace_range(start..end + "</script>".len(), "");
        }
        let mut text = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        for straight in ["&#39;", "&#x27;", "&quot;", "'"] {
            assert!(!text.contains(straight), "{path}: {straight} in {text}");
        }
    }
    let home = get("/").await;
    assert!(main_of(&home.body).contains("Leeds’ links around the world"));
    assert!(
        home.body
            .contains("in support of Leeds City Council’s priorities")
    );
}

#[tokio::test]
async fn brochure_text_is_on_the_right_pages() {
    let home = get("/").await;
    let main = main_of(&home.body);
    assert!(main.contains("aims to bring the benefits of international cooperation to Leeds"));
    for (slug, _, _) in PARTNERS {
        assert!(
            main.contains(&format!("href=\"/partnerships/{slug}/\"")),
            "home lists {slug}"
        );
    }
    assert!(main.contains("href=\"/local-partnerships/\""));

    let priorities = get("/priorities/").await;
    let main = main_of(&priorities.body);
    for words in [
        "ranging from local economic development and social inclusion to arts and culture",
        "promote a sense of a global citizenship",
        "from the European Commission, government bodies and other funders",
    ] {
        assert!(main.contains(words), "the overview says {words}");
    }

    let culture = get("/priorities/sustainable-economy-culture/").await;
    assert!(culture.body.contains("Leeds’ cultural life is a key asset"));
    assert!(
        culture
            .body
            .contains("city-wide partnership for business support agencies")
    );

    let local = get("/local-partnerships/").await;
    for words in [
        "equally important when it comes to the council’s international work",
        "voluntary and community sector",
        "private sector companies",
    ] {
        assert!(local.body.contains(words), "local partnerships say {words}");
    }
    assert!(get("/accessibility/").await.body.contains("WCAG"));
}

#[tokio::test]
async fn local_names_are_marked_with_their_language() {
    let partnerships = get("/partnerships/").await;
    let body = &partnerships.body;
    for marked in [
        "<span lang=\"ro\">Brașov</span>",
        "<span lang=\"sr-Latn\">Niš</span>",
        "<span lang=\"sr-Cyrl\">Ниш</span>",
        "<span lang=\"uk\">Дніпро</span>",
        "<span lang=\"si\">කොළඹ</span>",
        "<span lang=\"ta\">கொழும்பு</span>",
        "<span lang=\"ga\">Béal an Átha</span>",
        "<span lang=\"cs\">Brno</span>",
    ] {
        assert!(body.contains(marked), "{marked}");
    }
    assert!(body.contains("Dnipropetrovsk until 2016"));
    let hangzhou = get("/partnerships/hangzhou/").await;
    assert!(hangzhou.body.contains("<span lang=\"zh-Hans\">杭州</span>"));
    let durban = get("/partnerships/durban/").await;
    assert!(durban.body.contains("<span lang=\"zu\">eThekwini</span>"));
}

#[tokio::test]
async fn friendship_cities_without_text_have_no_page() {
    assert_eq!(
        get("/partnerships/ballina/").await.status,
        StatusCode::NOT_FOUND
    );
    let partnerships = get("/partnerships/").await;
    assert!(
        !partnerships
            .body
            .contains("href=\"/partnerships/ballina/\"")
    );
    assert!(partnerships.body.contains("id=\"ballina\""));
}

#[tokio::test]
async fn unknown_paths_get_a_helpful_404_page() {
    for path in [
        "/nope/",
        "/partnerships/paris/",
        "/static/nope.css",
        "/static/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
    ] {
        let answer = get(path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(answer.header("content-type"), "text/html; charset=utf-8");
        assert!(answer.body.contains("<h1>Page not found</h1>"), "{path}");
        assert!(
            answer.body.contains("href=\"/partnerships/\""),
            "{path} offers a way on"
        );
        assert!(!answer.body.contains("[package]"), "{path} leaks no file");
    }
}

#[tokio::test]
async fn paths_without_a_trailing_slash_redirect_to_the_canonical_one() {
    let answer = get("/partnerships/lille").await;
    assert_eq!(answer.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(answer.header("location"), "/partnerships/lille/");
    let answer = get("/priorities?from=print").await;
    assert_eq!(answer.header("location"), "/priorities/?from=print");
}

#[tokio::test]
async fn other_methods_are_refused_with_allow() {
    let answer = request(snapshot(), Method::POST, "/").await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        answer.header("allow").contains("GET"),
        "{:?}",
        answer.headers
    );
    let head = request(snapshot(), Method::HEAD, "/").await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn the_stylesheet_is_fingerprinted_and_cached_for_a_year() {
    let home = get("/").await;
    let start = home.body.find("/static/style.").expect("a stylesheet link");
    let end = start + home.body[start..].find('"').expect("closing quote");
    let url = &home.body[start..end];
    let css = get(url).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(
        css.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(css.body.contains("prefers-color-scheme: dark"));
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    for path in ["/", "/nope", "/healthz"] {
        let answer = get(path).await;
        let csp = answer.header("content-security-policy");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(answer.header("x-content-type-options"), "nosniff", "{path}");
    }
}

#[tokio::test]
async fn health_reports_the_page_count() {
    let answer = get("/healthz").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("cache-control"), "no-store");
    let health: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON");
    assert_eq!(
        health["pages"],
        common::bundled_page_paths().len(),
        "{}",
        answer.body
    );
}
