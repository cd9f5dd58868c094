//! Search, as visitors use it: through the router, by English and local names, with or
//! without diacritics, titles first, drafts never.

mod common;

use axum::http::{Method, StatusCode};
use common::{content_copy, get, load_errors, repo_path, request, snapshot, write};
use international_leeds::content;
use international_leeds::snapshot::{BuildOptions, Snapshot};
use std::sync::Arc;

/// The addresses of the results for `query` on `snapshot`, in order.
async fn results(snapshot: impl Into<Arc<Snapshot>>, query: &str) -> Vec<String> {
    let uri = format!("/search?q={}", query.replace(' ', "+"));
    let answer = request(snapshot, Method::GET, &uri).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), "text/html; charset=utf-8");
    answer
        .body
        .split("<h2><a href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("quote")].to_string())
        .collect()
}

fn percent(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn every_city_is_found_by_its_english_and_local_names_with_or_without_diacritics() {
    for (query, url) in [
        ("Brno", "/partnerships/brno/"),
        ("dortmund", "/partnerships/dortmund/"),
        ("Durban", "/partnerships/durban/"),
        ("eThekwini", "/partnerships/durban/"),
        ("HANGZHOU", "/partnerships/hangzhou/"),
        (&percent("杭州"), "/partnerships/hangzhou/"),
        ("Lille", "/partnerships/lille/"),
        ("Louisville", "/partnerships/louisville/"),
        ("Siegen", "/partnerships/siegen/"),
        ("Ballina", "/partnerships/#ballina"),
        ("Beal an Atha", "/partnerships/#ballina"),
        (&percent("Béal"), "/partnerships/#ballina"),
        ("Barcelona", "/partnerships/#barcelona"),
        ("Brasov", "/partnerships/#brasov"),
        (&percent("Brașov"), "/partnerships/#brasov"),
        ("Colombo", "/partnerships/#colombo"),
        (&percent("கொழும்பு"), "/partnerships/#colombo"),
        ("Dnipro", "/partnerships/#dnipro"),
        ("Dnipropetrovsk", "/partnerships/#dnipro"),
        (&percent("Дніпро"), "/partnerships/#dnipro"),
        ("Nis", "/partnerships/#nis"),
        (&percent("Niš"), "/partnerships/#nis"),
        (&percent("Ниш"), "/partnerships/#nis"),
        ("saint mary", "/partnerships/#saint-mary"),
        ("Jamaica", "/partnerships/#saint-mary"),
    ] {
        let found = results(snapshot(), query).await;
        assert_eq!(
            found.first().map(String::as_str),
            Some(url),
            "{query}: {found:?}"
        );
    }
}

#[tokio::test]
async fn plurals_and_case_do_not_matter() {
    let found = results(snapshot(), "SCHOOL").await;
    assert!(
        found.contains(&"/partnerships/lille/".to_string()),
        "{found:?}"
    );
    let plural = results(snapshot(), "schools").await;
    assert_eq!(found, plural);
    let site = content::load(&repo_path("content")).expect("bundled content is valid");
    let mut german: Vec<String> = site
        .cities
        .iter()
        .filter(|city| city.country == "Germany")
        .map(|city| {
            if city.has_page() {
                city.url()
            } else {
                format!("/partnerships/#{}", city.slug)
            }
        })
        .collect();
    german.sort_unstable();
    let mut found = results(snapshot(), "germany").await;
    found.sort_unstable();
    assert_eq!(found, german, "every German city, and nothing else");
}

#[tokio::test]
async fn title_matches_rank_above_text_matches() {
    let dir = content_copy();
    write(
        dir.path(),
        "pages/funding.md",
        "+++\ntitle = \"Funding\"\ndescription = \"d\"\n+++\nHow we bid.\n",
    );
    let snapshot =
        Snapshot::build(dir.path(), &repo_path("static"), BuildOptions::public()).expect("valid");
    let found = results(snapshot, "funding").await;
    assert_eq!(
        found.first().map(String::as_str),
        Some("/funding/"),
        "{found:?}"
    );
    // Both overviews mention funding in their text only.
    assert_eq!(found[1..], ["/partnerships/", "/priorities/"]);
}

#[tokio::test]
async fn drafts_are_never_found() {
    let dir = content_copy();
    write(
        dir.path(),
        "pages/secret.md",
        "+++\ntitle = \"Secret\"\ndescription = \"d\"\ndraft = true\n+++\nZanzibar.\n",
    );
    let snapshot =
        Snapshot::build(dir.path(), &repo_path("static"), BuildOptions::public()).expect("valid");
    assert!(results(snapshot, "zanzibar").await.is_empty());
}

#[tokio::test]
async fn results_show_a_count_and_highlighted_snippets_and_escape_the_query() {
    let answer = get("/search?q=Roma+Travellers").await;
    assert!(
        answer
            .body
            .contains("1 page matches <strong>Roma Travellers</strong>."),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains("<mark>Roma</mark> <mark>Travellers</mark>")
    );
    assert!(
        answer
            .body
            .contains("<meta name=\"robots\" content=\"noindex\">")
    );
    assert!(
        answer.body.contains("value=\"Roma Travellers\""),
        "the box keeps the query"
    );

    let hostile = get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E").await;
    assert_eq!(hostile.status, StatusCode::OK);
    assert!(!hostile.body.contains("<script>alert"), "{}", hostile.body);
    assert!(hostile.body.contains("&#60;script&#62;alert(1)"));
}

#[tokio::test]
async fn empty_and_fruitless_searches_help_the_reader_on() {
    for uri in ["/search", "/search?q=", "/search?q=+++"] {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert!(
            answer.body.contains("Type a word or two in the search box"),
            "{uri}"
        );
    }
    let answer = get("/search?q=zzzqqq").await;
    assert!(
        answer
            .body
            .contains("No pages match <strong>zzzqqq</strong>.")
    );
    assert!(answer.body.contains("href=\"/partnerships/\""));
    let long = "a".repeat(5000);
    assert!(get(&format!("/search?q={}", &long[..3000])).await.status == StatusCode::OK);
}

#[tokio::test]
async fn every_page_has_a_labelled_search_form_in_its_header() {
    let home = get("/").await;
    assert!(home.body.contains(
        "<form class=\"site-search\" action=\"/search\" method=\"get\" role=\"search\">"
    ));
    assert!(
        home.body
            .contains("<label for=\"search-q\">Search this site</label>")
    );
    assert!(
        home.body
            .contains("<input id=\"search-q\" name=\"q\" type=\"search\"")
    );
}

#[tokio::test]
async fn a_common_word_on_a_large_site_shows_the_best_fifty_and_the_count() {
    let dir = tempfile::tempdir().expect("temporary folder");
    international_leeds::generate::generate_site(&repo_path("content"), dir.path(), 300)
        .expect("generate");
    let large = Arc::new(
        Snapshot::build(dir.path(), &repo_path("static"), BuildOptions::public())
            .expect("the generated site builds"),
    );
    let shown = results(Arc::clone(&large), "leeds").await;
    assert_eq!(
        shown.len(),
        international_leeds::search::MAX_HITS,
        "{shown:?}"
    );
    let answer = request(large, Method::GET, "/search?q=leeds").await;
    let count: usize = answer
        .body
        .split("<p>")
        .find_map(|p| {
            p.split(" pages match <strong>leeds</strong>.")
                .next()?
                .parse()
                .ok()
        })
        .expect("a count of the matching pages");
    assert!(
        count > shown.len(),
        "{count} pages match, {} shown",
        shown.len()
    );
    assert!(
        answer
            .body
            .contains("Here are the 50 best; add a word to find fewer."),
        "{}",
        answer.body
    );
}

/// The "Showing results for" line of a search page, without its tags, if it has one.
fn correction_line(body: &str) -> Option<String> {
    let start = body.find("<p class=\"corrected\">")?;
    let end = start + body[start..].find("</p>")?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in body[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(text)
}

#[tokio::test]
async fn misspelt_place_names_find_their_city_first_and_say_so() {
    let site = content::load(&repo_path("content")).expect("bundled content is valid");
    let shared = snapshot();
    for (typed, meant) in [
        ("Dortmnd", "Dortmund"),
        ("Hangzou", "Hangzhou"),
        ("Lile", "Lille"),
        ("Louisvile", "Louisville"),
        ("dortmnud", "Dortmund"),
        ("Sigen", "Siegen"),
        ("Barcelna", "Barcelona"),
    ] {
        let city = site
            .cities
            .iter()
            .find(|c| c.title == meant)
            .expect("a city of the site");
        let found = results(Arc::clone(&shared), typed).await;
        assert_eq!(found.first(), Some(&city.href()), "{typed}: {found:?}");
        let answer = request(
            Arc::clone(&shared),
            Method::GET,
            &format!("/search?q={typed}"),
        )
        .await;
        assert_eq!(
            correction_line(&answer.body).as_deref(),
            Some(format!("Showing results for {meant}. Search instead for {typed}.").as_str()),
            "{typed}"
        );
        // Both links are plain addresses: the corrected search, and the search as typed.
        assert!(
            answer.body.contains(&format!("href=\"/search?q={meant}\"")),
            "{typed}"
        );
        let as_typed = format!("href=\"/search?q={typed}&#38;as_typed=1\"");
        assert!(answer.body.contains(&as_typed), "{typed}");
        let literal = request(
            Arc::clone(&shared),
            Method::GET,
            &format!("/search?q={typed}&as_typed=1"),
        )
        .await;
        assert!(correction_line(&literal.body).is_none(), "{typed}");
        assert!(
            literal
                .body
                .contains(&format!("No pages match <strong>{typed}</strong>.")),
            "{typed}"
        );
    }
    // Names spelt right, with or without their diacritics, are not corrected.
    for typed in ["Brasov", "Nis", "Lille", "schools"] {
        let answer = request(
            Arc::clone(&shared),
            Method::GET,
            &format!("/search?q={typed}"),
        )
        .await;
        assert!(correction_line(&answer.body).is_none(), "{typed}");
    }
    // A misspelt word beside a right one: only the misspelt one is replaced.
    let answer = request(
        Arc::clone(&shared),
        Method::GET,
        "/search?q=Dortmnd+culture",
    )
    .await;
    assert_eq!(
        correction_line(&answer.body).as_deref(),
        Some("Showing results for Dortmund culture. Search instead for Dortmnd culture.")
    );
}

#[tokio::test]
async fn the_councils_own_words_find_the_partnerships() {
    for typed in [
        "twinning",
        "twin town",
        "Twin Towns",
        "twin city",
        "sister cities",
    ] {
        let found = results(snapshot(), typed).await;
        assert_eq!(
            found.first().map(String::as_str),
            Some("/partnerships/"),
            "{typed}: {found:?}"
        );
    }
    // A synonym with two meanings: "twinning" with another word finds the page with both.
    let found = results(snapshot(), "twinning+Lille").await;
    assert_eq!(
        found.first().map(String::as_str),
        Some("/partnerships/lille/"),
        "{found:?}"
    );
    let found = results(snapshot(), "Czechia").await;
    assert_eq!(
        found.first().map(String::as_str),
        Some("/partnerships/brno/")
    );
    // A synonym's words are marked in the snippet, as the query's would be.
    let answer = get("/search?q=twinning").await;
    assert!(
        answer.body.contains("<mark>partnerships</mark>"),
        "{}",
        answer.body
    );
    assert!(correction_line(&answer.body).is_none());
}

#[tokio::test]
async fn each_language_is_stemmed_by_its_own_rules() {
    let shared = snapshot();
    // French: "partenariats" (plural) finds the French overview, "Nos partenariats
    // internationaux", first on the French site.
    let answer = request(Arc::clone(&shared), Method::GET, "/fr/search?q=partenariat").await;
    let first = answer
        .body
        .split("<h2><a href=\"")
        .nth(1)
        .expect("a result");
    assert!(first.starts_with("/fr/partnerships/"), "{first}");
    // German, typed without umlauts.
    let answer = request(
        Arc::clone(&shared),
        Method::GET,
        "/de/search?q=Partnerschaft",
    )
    .await;
    let first = answer
        .body
        .split("<h2><a href=\"")
        .nth(1)
        .expect("a result");
    assert!(first.starts_with("/de/partnerships/"), "{first}");
}

#[test]
fn mistakes_in_the_synonyms_are_told_at_their_lines() {
    let dir = content_copy();
    let text = "[[synonym]]\nwords = [\"twinning\"]\nmeans = \"partnerships\"\n\n\
                [[synonym]]\nwords = [\"\", \"TWINNING\", \"twin town\", \"twin town\", \"partner city\"]\nmeans = \"partner city\"\n\n\
                [[synonym]]\nwords = [\"kids\"]\nmeans = \"\"\n\n\
                [[synonym]]\nwords = [\"grants\"]\nmeaning = \"funding\"\n";
    write(dir.path(), "synonyms.toml", text);
    let errors = load_errors(dir.path());
    for expected in [
        "synonyms.toml:6:10: words: has an empty word",
        "synonyms.toml:6:14: words: has \"TWINNING\", which the synonym that means \"partnerships\" (line 3) already has: keep one",
        "synonyms.toml:6:39: words: has \"twin town\" twice: keep one",
        "synonyms.toml:6:52: words: has \"partner city\", which is what it means: remove it",
        "synonyms.toml:11:9: means: give the words the pages use",
        "synonyms.toml:15:1: unknown field `meaning`",
        // The entry whose `means` is misspelt has none.
        "synonyms.toml:13:1: means: give the words the pages use",
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "{expected}\n{errors:#?}"
        );
    }
    assert_eq!(errors.len(), 7, "{errors:#?}");
    // The good entry is kept: "twinning" still finds the partnerships.
    let mut site = content::load_partial(dir.path()).0;
    assert_eq!(site.synonyms.len(), 2, "{:#?}", site.synonyms);
    assert_eq!(site.synonyms.remove(0).words, ["twinning"]);
}

#[test]
fn a_synonym_that_means_words_no_page_uses_is_a_warning_for_check() {
    let dir = content_copy();
    let text = "[[synonym]]\nwords = [\"twinning\"]\nmeans = \"jumelage international\"\n";
    write(dir.path(), "synonyms.toml", text);
    let report =
        international_leeds::check::run(dir.path(), &repo_path("static"), BuildOptions::public());
    assert!(report.ok, "{}", report.text);
    assert!(
        report.text.contains("synonyms.toml:3:9: warning: `means` has \"jumelage international\": no page uses the word \"jumelage\""),
        "{}",
        report.text
    );
}

#[tokio::test]
async fn a_translated_page_is_found_by_its_english_title_in_its_language_first() {
    let shared = snapshot();
    for (uri, first) in [
        (
            "/zh-hans/search?q=Hangzhou",
            "/zh-hans/partnerships/hangzhou/",
        ),
        (
            "/zh-hans/search?q=Hangzou",
            "/zh-hans/partnerships/hangzhou/",
        ),
        ("/fr/search?q=Lile", "/fr/partnerships/lille/"),
        ("/de/search?q=Dortmnd", "/de/partnerships/dortmund/"),
    ] {
        let answer = request(Arc::clone(&shared), Method::GET, uri).await;
        let found = answer
            .body
            .split("<h2><a href=\"")
            .nth(1)
            .expect("a result");
        assert!(found.starts_with(&format!("{first}\"")), "{uri}: {found}");
    }
    let answer = request(Arc::clone(&shared), Method::GET, "/fr/search?q=Lile").await;
    assert_eq!(
        correction_line(&answer.body).as_deref(),
        Some("Résultats pour Lille. Rechercher plutôt Lile.")
    );
    assert!(
        answer
            .body
            .contains("href=\"/fr/search?q=Lile&#38;as_typed=1\"")
    );
}

#[test]
fn synonyms_written_any_way_toml_allows_are_told_at_their_own_lines() {
    let dir = content_copy();
    // Literal strings after a comment in Czech, a spaced header, an inline list of tables,
    // a plural of a word another synonym has, and an entry without `means` in the middle.
    let text = "[[synonym]] # město\nwords = ['Dnipropetrovsk', 'Dnepr']\nmeans = \"Dnipro\"\n\n\
                [[ synonym ]]\nwords = [\"kids\"]\n\n\
                [[synonym]]\nwords = [\"twin towns\", \"Czechia\"]\nmeans = \"partnerships\"\n\n\
                [[synonym]]\nwords = [\"twin town\"]\nmeans = \"partner city\"\n";
    write(dir.path(), "synonyms.toml", text);
    let errors = load_errors(dir.path());
    assert_eq!(
        errors,
        [
            "synonyms.toml:5:1: means: give the words the pages use, such as `means = \"partner city\"`",
            "synonyms.toml:13:10: words: has \"twin town\", which the synonym that means \"partnerships\" (line 10) already has: keep one",
        ]
    );
    let site = content::load_partial(dir.path()).0;
    let kept: Vec<&str> = site.synonyms.iter().map(|s| s.means[0].as_str()).collect();
    assert_eq!(kept, ["Dnipro", "partnerships"]);

    // `means` of the wrong kind is told in words, at its line.
    write(
        dir.path(),
        "synonyms.toml",
        "[[synonym]]\nwords = [\"kids\"]\nmeans = 3\n",
    );
    assert_eq!(
        load_errors(dir.path()),
        [
            "synonyms.toml:3:9: means: write a phrase in quotes, or a list of them in square brackets: `means = \"partner city\"` or `means = [\"partner city\", \"partnerships\"]`"
        ]
    );
    // Limits that keep every search quick: phrases in one `means`, words in all.
    let many: Vec<String> = (0..11).map(|i| format!("\"phrase {i}\"")).collect();
    let text = format!(
        "[[synonym]]\nwords = [\"kids\"]\nmeans = [{}]\n",
        many.join(", ")
    );
    write(dir.path(), "synonyms.toml", &text);
    let errors = load_errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("synonyms.toml:3:9: means: has 11 phrases: at most 10"),
        "{errors:?}"
    );
    let words: Vec<String> = (0..1001).map(|i| format!("\"w{i}\"")).collect();
    let text = format!(
        "[[synonym]]\nwords = [{}]\nmeans = \"partner city\"\n",
        words.join(", ")
    );
    write(dir.path(), "synonyms.toml", &text);
    let errors = load_errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("synonyms.toml:1:1: words: the synonyms have more than 1000 words"),
        "{errors:?}"
    );
    // An empty file is no synonyms, and no mistake.
    write(dir.path(), "synonyms.toml", "");
    assert!(load_errors(dir.path()).is_empty());

    let inline = "# Slova, která lidé hledají\nsynonym = [{ words = ['partner town', 'twin'], means = \"partnerships\" }, { words = [\"\"], means = \"x\" }]\n";
    write(dir.path(), "synonyms.toml", inline);
    let errors = load_errors(dir.path());
    assert_eq!(
        errors,
        [
            "synonyms.toml:2:85: words: has an empty word: write a word or a phrase people search for, or remove it"
        ]
    );
}

#[tokio::test]
async fn only_words_no_page_or_synonym_has_are_corrected_wherever_they_are() {
    let shared = snapshot();
    for (typed, shown, first) in [
        // "America" is a synonym (of USA), not a misspelling of "Africa".
        (
            "Louisvile America",
            "Louisville America",
            "/partnerships/louisville/",
        ),
        // The misspelt word is the sixth: words the pages have are not counted.
        (
            "Leeds and Dortmund and the Ruhr dortmnd",
            "Leeds and Dortmund and the Ruhr Dortmund",
            "/partnerships/dortmund/",
        ),
    ] {
        let uri = format!("/search?q={}", typed.replace(' ', "+"));
        let answer = request(Arc::clone(&shared), Method::GET, &uri).await;
        assert_eq!(
            correction_line(&answer.body).as_deref(),
            Some(format!("Showing results for {shown}. Search instead for {typed}.").as_str()),
            "{typed}"
        );
        assert!(
            answer
                .body
                .contains(&format!("<h1>Search results for “{shown}”</h1>")),
            "the heading says what the results are for: {typed}"
        );
        let found = results(Arc::clone(&shared), &typed.replace(' ', "+")).await;
        assert_eq!(found.first().map(String::as_str), Some(first), "{typed}");
    }
    let answer = get("/search?q=America").await;
    assert!(correction_line(&answer.body).is_none(), "{}", answer.body);
    assert!(answer.body.contains("href=\"/partnerships/louisville/\""));
}
