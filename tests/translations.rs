//! Translations: each declared language's pages under its prefix, with `lang`, reciprocal
//! hreflang, a switcher and its words; search, feeds and the sitemap per language; and the
//! rules editors meet in translation files.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{
    content_copy, declared_languages, get, load_errors, load_warnings, translation_files, write,
};
use international_leeds::content;

/// The `lang` of a page.
fn lang_of(html: &str) -> &str {
    let start = html.find("<html lang=\"").expect("<html lang>") + 12;
    &html[start..start + html[start..].find('"').expect("quote")]
}

/// Each `<link rel="alternate" hreflang>` of a page, by language.
fn alternates(html: &str) -> BTreeMap<String, String> {
    html.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .map(|rest| {
            let lang = &rest[..rest.find('"').expect("quote")];
            let href = rest.split("href=\"").nth(1).expect("href");
            let href = &href[..href.find('"').expect("quote")];
            let path = href.trim_start_matches("http://127.0.0.1:3000");
            (lang.to_string(), path.to_string())
        })
        .collect()
}

/// The bundled `languages/<code>.toml`.
fn language_file(code: &str) -> toml::Table {
    let path = common::repo_path("content/languages").join(format!("{code}.toml"));
    let text = std::fs::read_to_string(path).expect("the language's words");
    text.parse().expect("TOML")
}

/// The version of `site` in the language `tag`.
fn version<'s>(site: &'s content::Site, tag: &str) -> &'s content::Site {
    site.versions
        .iter()
        .find(|v| v.language.tag == tag)
        .unwrap_or_else(|| panic!("no version in {tag}"))
}

/// The languages the switcher of a page lists, as (lang, address).
fn switcher(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("<nav class=\"languages\"") else {
        return Vec::new();
    };
    let nav = &html[start..start + html[start..].find("</nav>").expect("closed")];
    nav.split("<li><a href=\"")
        .skip(1)
        .map(|rest| {
            let href = &rest[..rest.find('"').expect("quote")];
            let lang = rest.split("hreflang=\"").nth(1).expect("hreflang");
            (
                lang[..lang.find('"').expect("quote")].to_string(),
                href.to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_translated_page_has_its_lang_words_notice_and_reciprocal_alternates() {
    let languages = declared_languages();
    assert!(!languages.is_empty(), "the bundled content is translated");
    let paths = common::bundled_page_paths();
    let mut pages = BTreeMap::new();
    for path in &paths {
        pages.insert(path.clone(), get(path).await.body);
    }
    for (path, html) in &pages {
        let lang = lang_of(html);
        let here = alternates(html);
        let listed = switcher(html);
        if here.is_empty() {
            assert!(listed.is_empty(), "{path}: a switcher with one language");
            continue;
        }
        // Every alternate links back, with the same set of languages.
        for (other, href) in here.iter().filter(|(l, _)| *l != "x-default") {
            let there = pages
                .get(href)
                .unwrap_or_else(|| panic!("{path}: {href} is no page"));
            assert_eq!(lang_of(there), other, "{href}");
            assert_eq!(alternates(there), here, "{path} and {href} disagree");
        }
        assert_eq!(here.get(lang), Some(path), "{path} names itself");
        assert_eq!(here.get("x-default"), here.get("en-GB"), "{path}");
        // The switcher lists exactly the languages the page is in, each in its own.
        let expected: Vec<(String, String)> = here
            .iter()
            .filter(|(l, _)| *l != "x-default")
            .map(|(l, p)| (l.clone(), p.clone()))
            .collect();
        let mut sorted = listed.clone();
        sorted.sort();
        let mut expected_sorted = expected;
        expected_sorted.sort();
        assert_eq!(sorted, expected_sorted, "{path}");
        assert!(html.contains(&format!(
            "lang=\"{lang}\" hreflang=\"{lang}\" aria-current=\"page\""
        )));
    }
    // Each language: its home page in its words, with the notice while it is a draft.
    for (code, name) in &languages {
        let home = &pages[&format!("/{}/", code.to_lowercase())];
        assert_eq!(lang_of(home), code);
        let table = language_file(code);
        let skip = table["words"]["skip_link"].as_str().expect("a skip link");
        assert!(
            home.contains(&format!("<a class=\"skip-link\" href=\"#main\">{skip}</a>")),
            "{code}"
        );
        assert!(
            home.contains(&format!(">{name}</a>")),
            "{code}: the switcher names it"
        );
        if table.get("reviewed").and_then(toml::Value::as_bool) != Some(true) {
            assert!(home.contains("class=\"translation-notice\""), "{code}");
        }
    }
}

#[tokio::test]
async fn each_partner_city_is_in_its_own_language_with_a_draft_notice() {
    for (city, lang) in [
        ("brno", "cs"),
        ("dortmund", "de"),
        ("siegen", "de"),
        ("lille", "fr"),
        ("hangzhou", "zh-Hans"),
    ] {
        let path = format!("/{}/partnerships/{city}/", lang.to_lowercase());
        let answer = get(&path).await;
        assert_eq!(answer.status, 200, "{path}");
        let html = &answer.body;
        assert_eq!(lang_of(html), lang, "{path}");
        let (_, _, text) = translation_files("partnerships")
            .into_iter()
            .find(|(name, l, _)| name == city && l == lang)
            .expect("the translation file");
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("title = \""))
            .expect("a title")
            .trim_end_matches('"');
        assert!(
            html.contains(&format!("{title}</span></h1>"))
                || html.contains(&format!("<h1>{title}</h1>")),
            "{path}"
        );
        if text.contains("reviewed = false") {
            assert!(html.contains("class=\"translation-notice\""), "{path}");
            assert!(html.contains(&format!(
                "href=\"/partnerships/{city}/\" hreflang=\"en-GB\""
            )));
        }
        // The English page offers the translation.
        let english = get(&format!("/partnerships/{city}/")).await.body;
        assert!(english.contains(&format!(
            "hreflang=\"{lang}\" href=\"http://127.0.0.1:3000{path}\""
        )));
    }
}

#[tokio::test]
async fn a_translated_page_says_which_links_lead_to_english() {
    let html = get("/fr/partnerships/lille/").await.body;
    let table = language_file("fr");
    let in_english = table["words"]["in_english"].as_str().expect("in_english");
    // The priorities are in English only: the navigation says so, and links there in French.
    assert!(
        html.contains("<a href=\"/priorities/\" hreflang=\"en-GB\">"),
        "{html}"
    );
    assert!(html.contains(in_english));
    // The partnerships overview is in French: linked in French.
    assert!(html.contains("href=\"/fr/partnerships/\""));
    assert!(
        !html.contains("href=\"/partnerships/\""),
        "no English overview in the French navigation"
    );
    // A card for a city not in French says so, in French, after its English name.
    let overview = get("/fr/partnerships/").await.body;
    let card = overview
        .split("<li class=\"card\"")
        .skip(1)
        .find(|card| card.contains("href=\"/partnerships/louisville/\""))
        .expect("Louisville's card");
    assert!(
        card.contains(&format!("</a><span lang=\"fr\"> {in_english}</span></h3>")),
        "{card}"
    );
    let lille = overview
        .split("<li class=\"card\"")
        .skip(1)
        .find(|card| card.contains("href=\"/fr/partnerships/lille/\""))
        .expect("Lille's card");
    assert!(!lille.contains(in_english), "{lille}");
}

#[tokio::test]
async fn search_on_a_translated_page_finds_its_language_first_and_chinese_by_its_characters() {
    let french = get("/fr/search?q=Lille").await;
    assert_eq!(french.status, 200);
    assert_eq!(lang_of(&french.body), "fr");
    let hits = |html: &str| -> Vec<String> {
        let first = html.find("<ol class=\"results\">").expect("results");
        html[first..]
            .split("<h2><a href=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').expect("quote")].to_string())
            .collect()
    };
    let found = hits(&french.body);
    assert_eq!(
        found.first().map(String::as_str),
        Some("/fr/partnerships/lille/")
    );
    // Each page once, in the reader's language where it is in it.
    assert!(
        !found.contains(&"/partnerships/lille/".to_string()),
        "{found:?}"
    );
    let english = hits(&get("/search?q=Lille").await.body);
    assert_eq!(
        english.first().map(String::as_str),
        Some("/partnerships/lille/")
    );
    assert!(
        !english.iter().any(|hit| hit.starts_with("/fr/")),
        "{english:?}"
    );
    // Then the rest: a page not in French is found in English, and says so.
    let louisville = get("/fr/search?q=Louisville").await.body;
    assert!(
        hits(&louisville).contains(&"/partnerships/louisville/".to_string()),
        "{louisville}"
    );
    assert!(louisville.contains("href=\"/partnerships/louisville/\" hreflang=\"en-GB\""));
    let in_english = &language_file("fr")["words"]["in_english"];
    let marked = format!(
        "<span lang=\"fr\"> {}</span>",
        in_english.as_str().expect("text")
    );
    assert!(louisville.contains(&marked), "{louisville}");
    // The French page's search form searches the French pages.
    let page = get("/fr/partnerships/lille/").await.body;
    assert!(page.contains("action=\"/fr/search\""));
    // 杭州 finds Hangzhou: the Chinese page on the Chinese site, the English one (whose
    // local name it is) on the English site.
    for (path, hangzhou) in [
        (
            "/zh-hans/search?q=%E6%9D%AD%E5%B7%9E",
            "/zh-hans/partnerships/hangzhou/",
        ),
        ("/search?q=%E6%9D%AD%E5%B7%9E", "/partnerships/hangzhou/"),
    ] {
        let found = hits(&get(path).await.body);
        assert_eq!(found.first().map(String::as_str), Some(hangzhou), "{path}");
    }
    // Another /x/search is no search page.
    assert_eq!(get("/xx/search?q=a").await.status, 404);
}

#[tokio::test]
async fn a_translated_map_leads_to_the_list_in_its_own_language() {
    for (code, _) in declared_languages() {
        let prefix = format!("/{}", code.to_lowercase());
        let home = get(&format!("{prefix}/")).await.body;
        let markers: Vec<&str> = home
            .split("<a href=\"")
            .skip(1)
            .filter(|rest| rest[..rest.find('>').expect("tag end")].contains("marker-friendship"))
            .map(|rest| &rest[..rest.find('"').expect("quote")])
            .collect();
        assert!(
            markers.iter().any(|href| href.contains('#')),
            "{code}: friendship cities without a page of their own on the map: {markers:?}"
        );
        for href in markers.iter().filter(|href| href.contains('#')) {
            assert!(
                href.starts_with(&format!("{prefix}/partnerships/#")),
                "{code}: {href}"
            );
        }
    }
}

#[tokio::test]
async fn the_sitemap_lists_every_language_with_its_alternates() {
    let sitemap = get("/sitemap.xml").await.body;
    let document = roxmltree::Document::parse(&sitemap).expect("XML");
    let mut listed = BTreeSet::new();
    for url in document.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .and_then(|n| n.text())
            .expect("loc");
        listed.insert(loc.trim_start_matches("http://127.0.0.1:3000").to_string());
        let links: Vec<&str> = url
            .children()
            .filter(|n| n.has_tag_name("link"))
            .filter_map(|n| n.attribute("href"))
            .collect();
        if !links.is_empty() {
            assert!(links.contains(&loc), "{loc} is among its own alternates");
        }
    }
    // The empty sections (no news, no events yet) are not listed.
    let expected: BTreeSet<String> = common::bundled_page_paths()
        .into_iter()
        .filter(|p| p != "/news/" && !p.starts_with("/events/"))
        .collect();
    assert_eq!(listed, expected);
}

#[test]
fn a_word_a_language_lacks_is_named_with_its_file_and_key_and_shown_in_english() {
    let dir = content_copy();
    let path = dir.path().join("languages/de.toml");
    let text = std::fs::read_to_string(&path).expect("de.toml");
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("skip_link ="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, without.replace("no_cookies =", "no_cookie =")).expect("write");
    let warnings = load_warnings(dir.path());
    assert!(
        warnings.iter().any(|w| w.starts_with("languages/de.toml")
            && w.contains("`skip_link`")
            && w.contains("Skip to main content")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`no_cookie`") && w.contains("did you mean `no_cookies`")),
        "{warnings:?}"
    );
    let site = content::load(dir.path()).expect("a missing word does not stop the site");
    let german = version(&site, "de");
    assert_eq!(german.language.words.skip_link, "Skip to main content");
}

#[test]
fn a_translation_holds_only_words_and_needs_its_language_and_its_original() {
    let dir = content_copy();
    write(
        dir.path(),
        "partnerships/brno.cs.md",
        "+++\ntitle = \"Brno\"\nlatitude = 49.2\n+++\nText.\n",
    );
    let errors = load_errors(dir.path());
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("partnerships/brno.cs.md:3:1:")
                && e.contains("comes from the original, `brno.md`")),
        "{errors:?}"
    );
    // A translation whose original has text needs text.
    write(
        dir.path(),
        "partnerships/brno.cs.md",
        "+++\ntitle = \"Brno\"\n+++\n",
    );
    let errors = load_errors(dir.path());
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("partnerships/brno.cs.md") && e.contains("no text")),
        "{errors:?}"
    );
    // Into a language the site is not in, or without its original: not published, told.
    std::fs::remove_file(dir.path().join("partnerships/brno.cs.md")).expect("remove");
    write(
        dir.path(),
        "partnerships/brno.it.md",
        "+++\ntitle = \"Brno\"\n+++\nTesto.\n",
    );
    write(
        dir.path(),
        "partnerships/brnoo.cs.md",
        "+++\ntitle = \"Brno\"\n+++\nText.\n",
    );
    let warnings = load_warnings(dir.path());
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("partnerships/brno.it.md") && w.contains("`it`")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("partnerships/brnoo.cs.md") && w.contains("`brnoo.md`")),
        "{warnings:?}"
    );
    let site = content::load(dir.path()).expect("loads");
    let czech = version(&site, "cs");
    assert!(
        czech.cities.iter().all(|c| c.version.is_original()),
        "nothing of them is published"
    );
}

#[test]
fn a_declared_language_needs_its_file_and_a_tag() {
    let dir = content_copy();
    std::fs::remove_file(dir.path().join("languages/fr.toml")).expect("remove");
    let site_toml = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&site_toml).expect("site.toml");
    std::fs::write(
        &site_toml,
        format!("{text}\n[[languages]]\ncode = \"en\"\nname = \"English\"\n"),
    )
    .expect("write");
    let errors = load_errors(dir.path());
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("languages/fr.toml") && e.contains("create `fr.toml`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(
            |e| e.starts_with("site.toml:") && e.contains("English is the site's own language")
        ),
        "{errors:?}"
    );
    // French is declared: its translations wait for its file without claiming otherwise.
    let warnings = load_warnings(dir.path());
    let french: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains(".fr.md") && w.contains("not in that language"))
        .collect();
    assert!(french.is_empty(), "{french:?}");
}

#[test]
fn two_translations_into_one_language_are_an_error_naming_both() {
    let dir = content_copy();
    let (original, code) = translation_files("partnerships")
        .into_iter()
        .map(|(original, code, _)| (original, code))
        .find(|(original, _)| original != "_index")
        .expect("a translated city");
    let upper = format!("partnerships/{original}.{}.md", code.to_uppercase());
    write(
        dir.path(),
        &upper,
        "+++\ntitle = \"Another\"\n+++\nAnother text.\n",
    );
    let errors = load_errors(dir.path());
    let lower = format!("{original}.{code}.md");
    assert!(
        errors.iter().any(|e| e.starts_with(upper.as_str())
            && e.contains(&format!("`{lower}`"))
            && e.contains(&format!("`{original}.md`"))
            && e.contains("keep one")),
        "{errors:?}"
    );
}

#[test]
fn each_language_with_posts_has_its_news_and_feed() {
    let dir = content_copy();
    std::fs::create_dir_all(dir.path().join("news")).expect("news");
    write(
        dir.path(),
        "news/visit.md",
        "+++\ntitle = \"A visit from Lille\"\ndate = 2026-11-20\nsummary = \"Guests from Lille.\"\n+++\nGuests came from Lille.\n",
    );
    write(
        dir.path(),
        "news/visit.fr.md",
        "+++\ntitle = \"Une visite de Lille\"\nsummary = \"Des invités de Lille.\"\n+++\nDes invités sont venus de Lille.\n",
    );
    let snapshot = international_leeds::snapshot::Snapshot::build(
        dir.path(),
        &common::repo_path("static"),
        international_leeds::snapshot::BuildOptions::public(),
    )
    .expect("builds");
    let text = |path: &str| {
        String::from_utf8(
            snapshot
                .file(path)
                .unwrap_or_else(|| panic!("{path}"))
                .body
                .identity
                .to_vec(),
        )
        .expect("UTF-8")
    };
    let feed = text("/fr/news/feed.xml");
    assert!(feed.contains("xml:lang=\"fr\""));
    assert!(feed.contains("<title>Une visite de Lille</title>"));
    assert!(!feed.contains("A visit from Lille"));
    let news = text("/fr/news/");
    assert!(news.contains("/fr/news/visit/"));
    assert!(text("/fr/news/visit/").contains("<h1>Une visite de Lille</h1>"));
    // German has no posts: no news list or feed of its own.
    assert!(snapshot.file("/de/news/feed.xml").is_none());
    assert!(snapshot.file("/de/news/").is_none());
}

/// Runs git in `dir` with fixed names and the commit date `date`.
fn git(dir: &std::path::Path, args: &[&str], date: &str) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Editor")
        .env("GIT_AUTHOR_EMAIL", "editor@example.org")
        .env("GIT_COMMITTER_NAME", "Editor")
        .env("GIT_COMMITTER_EMAIL", "editor@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// The warnings that a translation may be out of date.
fn stale(root: &std::path::Path) -> Vec<String> {
    let warnings = load_warnings(root).into_iter();
    warnings.filter(|w| w.contains("out of date")).collect()
}

/// Adds a paragraph to the content file `file` and commits it on `date`.
fn append_and_commit(root: &std::path::Path, file: &str, paragraph: &str, date: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("a content file");
    std::fs::write(&path, format!("{text}\n{paragraph}\n")).expect("write");
    git(
        root,
        &["commit", "-q", "-am", &format!("Edit {file}")],
        date,
    );
}

#[test]
fn in_git_dates_come_from_commits_and_a_translation_older_than_its_original_is_told() {
    let dir = content_copy();
    let root = dir.path();
    // A page without `updated`, and one with it.
    let page = root.join("pages/accessibility.md");
    let text = std::fs::read_to_string(&page).expect("the page");
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("updated"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&page, without).expect("write");
    git(
        root,
        &["init", "-q", "-b", "main"],
        "2026-03-01T10:00:00+00:00",
    );
    git(root, &["add", "-A"], "2026-03-01T10:00:00+00:00");
    git(
        root,
        &["commit", "-q", "-m", "The content"],
        "2026-03-01T10:00:00+00:00",
    );
    let site = content::load(root).expect("loads");
    let statement = site
        .pages
        .iter()
        .find(|p| p.slug == "accessibility")
        .expect("the statement");
    assert_eq!(
        statement.meta.updated.map(|d| d.to_string()).as_deref(),
        Some("2026-03-01")
    );
    let czech = version(&site, "cs");
    let brno = czech
        .cities
        .iter()
        .find(|c| c.slug == "brno")
        .expect("Brno");
    assert!(!brno.version.is_original());
    assert!(stale(root).is_empty(), "one commit: nothing is stale");
    // The original changes after its translation: the translation is told, with both files.
    let paragraph = "A second paragraph.";
    append_and_commit(
        root,
        "partnerships/brno.md",
        paragraph,
        "2026-04-02T10:00:00+00:00",
    );
    let stale_now = stale(root);
    assert_eq!(stale_now.len(), 1, "{stale_now:?}");
    assert!(
        stale_now[0].starts_with("partnerships/brno.cs.md"),
        "{stale_now:?}"
    );
    assert!(
        stale_now[0].contains("`partnerships/brno.md`") && stale_now[0].contains("2 April 2026"),
        "{stale_now:?}"
    );
    // Brought up to date and committed: no longer told.
    let czech = "Druhý odstavec.";
    append_and_commit(
        root,
        "partnerships/brno.cs.md",
        czech,
        "2026-04-03T10:00:00+00:00",
    );
    assert!(stale(root).is_empty());
    // Outside git, dates are the files' own.
    std::fs::remove_dir_all(root.join(".git")).expect("remove .git");
    let site = content::load(root).expect("loads");
    let statement = site
        .pages
        .iter()
        .find(|p| p.slug == "accessibility")
        .expect("the statement");
    assert_eq!(statement.meta.updated, None);
}

#[tokio::test]
async fn a_wrong_address_under_a_language_is_answered_in_that_language() {
    let czech = get("/cs/no-such-page/").await;
    assert_eq!(czech.status, 404);
    assert_eq!(lang_of(&czech.body), "cs");
    assert!(
        czech.body.contains("href=\"/cs/\""),
        "it leads to the Czech home page"
    );
    assert!(
        !czech.body.contains("rel=\"canonical\""),
        "a 404 page has no address"
    );
    for path in ["/no-such-page/", "/csx/", "/cs-nope"] {
        let english = get(path).await;
        assert_eq!(english.status, 404, "{path}");
        assert_eq!(lang_of(&english.body), "en-GB", "{path}");
    }
}

#[test]
fn a_translation_adds_no_page_loses_no_word_silently_and_takes_no_address() {
    let dir = content_copy();
    let root = dir.path();
    // A friendship city has no page: its translation may not give it one.
    write(
        root,
        "partnerships/ballina.fr.md",
        "+++\ntitle = \"Ballina\"\n+++\nUn texte.\n",
    );
    // A word the original has and the translation lacks is told.
    write(
        root,
        "partnerships/brno.cs.md",
        "+++\ntitle = \"Brno\"\ncountry = \"Česká republika\"\nsummary = \"Výměna.\"\n+++\nText.\n",
    );
    // A page may not take a language's address.
    write(
        root,
        "pages/de.md",
        "+++\ntitle = \"De\"\ndescription = \"d\"\n+++\nText.\n",
    );
    // A dot that is no language does not make a translation: the page is read, and its name told.
    write(
        root,
        "pages/st.helens.md",
        "+++\ntitle = \"St Helens\"\ndescription = \"d\"\n+++\nText.\n",
    );
    let errors = load_errors(root);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("partnerships/ballina.fr.md")
                && e.contains("a translation adds none")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("pages/de.md") && e.contains("belongs to the site in Deutsch")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with("pages/st.helens.md")),
        "{errors:?}"
    );
    let warnings = load_warnings(root);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("partnerships/brno.cs.md") && w.contains("no `link_note`")),
        "{warnings:?}"
    );
}
