//! News, the feed, the sitemap, and the tags that describe pages to search engines.

mod common;

use common::{repo_path, snapshot};
use international_leeds::snapshot::{BuildOptions, Snapshot};
use std::sync::LazyLock;

const ATOM: &str = "http://www.w3.org/2005/Atom";
/// Posts to a page of the news list.
const PER_PAGE: usize = 10;

/// The bundled content with the fixture news posts added, built once for the tests that
/// read it.
static WITH_NEWS: LazyLock<Snapshot> = LazyLock::new(|| {
    let dir = common::content_copy();
    let news = dir.path().join("news");
    std::fs::create_dir(&news).expect("news folder");
    for entry in std::fs::read_dir(repo_path("tests/fixtures/news")).expect("fixtures") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), news.join(entry.file_name())).expect("copy");
    }
    Snapshot::build(dir.path(), &repo_path("static"), BuildOptions::public())
        .expect("valid content")
});

/// How many of the fixture posts are public: all but the drafts.
fn public_posts() -> usize {
    std::fs::read_dir(repo_path("tests/fixtures/news"))
        .expect("fixtures")
        .map(|entry| std::fs::read_to_string(entry.expect("entry").path()).expect("a post"))
        .filter(|post| !post.contains("\ndraft = true\n"))
        .count()
}

fn text(snapshot: &Snapshot, path: &str) -> String {
    let resource = snapshot
        .file(path)
        .unwrap_or_else(|| panic!("{path} is served"));
    String::from_utf8(resource.body.identity.to_vec()).expect("UTF-8")
}

fn atom_entries(feed: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(feed).expect("the feed is XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().namespace(), Some(ATOM));
    assert_eq!(root.tag_name().name(), "feed");
    for required in ["id", "title", "updated"] {
        assert!(
            root.children().any(|c| c.tag_name().name() == required),
            "the feed has no {required}"
        );
    }
    root.children()
        .filter(|c| c.tag_name().name() == "entry")
        .map(|entry| {
            for required in ["id", "title", "updated", "link"] {
                assert!(
                    entry.children().any(|c| c.tag_name().name() == required),
                    "an entry has no {required}"
                );
            }
            entry
                .children()
                .find(|c| c.tag_name().name() == "title")
                .and_then(|t| t.text())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn without_posts_news_says_so_and_stays_out_of_the_navigation() {
    let snapshot = snapshot();
    let news = text(&snapshot, "/news/");
    assert!(news.contains("There is no news on this site yet."));
    assert!(news.contains("https://www.international-leeds.org.uk/"));
    let home = text(&snapshot, "/");
    assert!(
        !home.contains("href=\"/news/\""),
        "no News link while there is no news"
    );
    assert!(atom_entries(&text(&snapshot, "/news/feed.xml")).is_empty());
    // An empty section is not advertised, and an empty feed is as new as the content.
    assert!(!text(&snapshot, "/sitemap.xml").contains("/news/"));
    let feed = text(&snapshot, "/news/feed.xml");
    let document = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let updated = document
        .descendants()
        .find(|n| n.tag_name().name() == "updated")
        .and_then(|n| n.text())
        .expect("the feed says when it changed");
    let sitemap = text(&snapshot, "/sitemap.xml");
    let newest = sitemap
        .split("<lastmod>")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .max()
        .expect("pages have dates");
    assert_eq!(updated, format!("{newest}T00:00:00Z"));
    assert!(news.contains("<title>News – "), "{news}");
    assert!(
        snapshot
            .file("/news/feed.xml")
            .expect("feed")
            .content_type
            .starts_with("application/atom+xml")
    );
}

#[test]
fn posts_are_listed_newest_first_ten_to_a_page_with_the_latest_three_on_home() {
    let snapshot = &*WITH_NEWS;
    let posts = public_posts();
    assert!(
        (PER_PAGE + 1..=2 * PER_PAGE).contains(&posts),
        "the fixture fills two pages"
    );
    let first = text(snapshot, "/news/");
    assert_eq!(first.matches("<li>\n    <h2>").count(), PER_PAGE, "{first}");
    assert!(
        first.find("News post 11").expect("newest") < first.find("News post 12").expect("next")
    );
    assert!(first.contains("Page 1 of 2") && first.contains("href=\"/news/page/2/\""));
    let second = text(snapshot, "/news/page/2/");
    assert_eq!(second.matches("<li>\n    <h2>").count(), posts - PER_PAGE);
    assert!(second.contains("href=\"/news/\" rel=\"prev\""));
    let post = text(snapshot, "/news/post-03/");
    assert!(
        post.contains("<h1>News post 3</h1>")
            && post.contains("Published <time datetime=\"2026-02-15\">15 February 2026</time>")
    );
    assert!(post.contains("<meta property=\"og:type\" content=\"article\">"));
    let home = text(snapshot, "/");
    assert!(
        home.contains("href=\"/news/\" aria-current")
            || home.contains("<a href=\"/news/\">News</a>"),
        "News is in the navigation"
    );
    let latest: Vec<usize> = ["News post 11", "News post 12", "News post 9"]
        .iter()
        .map(|t| home.find(t).expect("on home"))
        .collect();
    assert!(latest.windows(2).all(|w| w[0] < w[1]));
    assert!(!home.contains("News post 10"), "only three");
    assert!(snapshot.page("/news/draft-post/").is_none());
}

#[test]
fn the_feed_is_atom_with_every_public_post() {
    let titles = atom_entries(&text(&WITH_NEWS, "/news/feed.xml"));
    assert_eq!(titles.len(), public_posts());
    assert_eq!(titles[0], "News post 11");
    assert!(!titles.iter().any(|t| t.contains("draft")));
}

#[test]
fn the_feed_carries_the_newest_posts_only() {
    use international_leeds::render::FEED_POSTS;
    let dir = common::content_copy();
    std::fs::create_dir_all(dir.path().join("news")).expect("the news folder");
    let posts = FEED_POSTS + 5;
    for i in 0..posts {
        let (month, day) = (1 + i / 28, 1 + i % 28);
        common::write(
            dir.path(),
            &format!("news/post-{i}.md"),
            &format!(
                "+++\ntitle = \"Post {i}\"\ndate = 2025-{month:02}-{day:02}\nsummary = \"s\"\n+++\nText.\n"
            ),
        );
    }
    let snapshot = Snapshot::build(dir.path(), &repo_path("static"), BuildOptions::public())
        .expect("valid content");
    let titles = atom_entries(&text(&snapshot, "/news/feed.xml"));
    assert_eq!(titles.len(), FEED_POSTS);
    assert_eq!(titles[0], format!("Post {}", posts - 1));
    assert!(
        snapshot.page("/news/post-0/").is_some(),
        "every post keeps its page"
    );
}

#[test]
fn the_sitemap_lists_every_public_page_with_lastmod_and_no_draft() {
    let snapshot = &*WITH_NEWS;
    let sitemap = text(snapshot, "/sitemap.xml");
    let document = roxmltree::Document::parse(&sitemap).expect("XML");
    let urls: Vec<(String, Option<String>)> = document
        .descendants()
        .filter(|n| n.tag_name().name() == "url")
        .map(|url| {
            let child = |name: &str| {
                url.children()
                    .find(|c| c.tag_name().name() == name)
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").expect("loc"), child("lastmod"))
        })
        .collect();
    // This content has no events: an empty section is not listed.
    let expected: Vec<String> = snapshot
        .page_paths()
        .iter()
        .filter(|p| !p.starts_with("/events/"))
        .map(|p| format!("http://127.0.0.1:3000{p}"))
        .collect();
    let listed: Vec<String> = urls.iter().map(|(loc, _)| loc.clone()).collect();
    assert_eq!(listed, expected);
    assert!(!listed.iter().any(|l| l.contains("draft")));
    for (loc, lastmod) in &urls {
        assert!(
            lastmod.as_deref().is_some_and(|d| d.len() == 10),
            "{loc} has no lastmod"
        );
    }
    let robots = text(snapshot, "/robots.txt");
    assert!(robots.contains("Sitemap: http://127.0.0.1:3000/sitemap.xml"));
}

#[test]
fn every_page_describes_itself_to_search_engines_and_social_sites() {
    let snapshot = &*WITH_NEWS;
    for path in snapshot.page_paths() {
        let html = text(snapshot, path);
        let canonical = format!("<link rel=\"canonical\" href=\"http://127.0.0.1:3000{path}\">");
        assert!(html.contains(&canonical), "{path}");
        for tag in [
            "<meta name=\"description\" content=\"",
            "<meta property=\"og:title\"",
            "<meta property=\"og:description\"",
            "<meta name=\"twitter:card\" content=\"summary_large_image\">",
            "<meta property=\"og:image\" content=\"http://127.0.0.1:3000/static/cards/",
            "<meta property=\"og:image:width\" content=\"1200\">",
            "<meta property=\"og:image:height\" content=\"630\">",
            "<meta property=\"og:image:alt\" content=\"",
            "<meta property=\"og:locale\" content=\"",
        ] {
            assert!(html.contains(tag), "{path} lacks {tag}");
        }
        let blocks: Vec<serde_json::Value> = html
            .split("<script type=\"application/ld+json\">")
            .skip(1)
            .map(|rest| {
                serde_json::from_str(&rest[..rest.find("</script>").expect("closed")])
                    .expect("JSON-LD parses")
            })
            .collect();
        let types: Vec<&str> = blocks.iter().filter_map(|b| b["@type"].as_str()).collect();
        let homes = common::declared_languages()
            .into_iter()
            .map(|(code, _)| format!("/{}/", code.to_lowercase()));
        if path == "/" || homes.into_iter().any(|home| &home == path) {
            assert_eq!(types, ["GovernmentOrganization"]);
        } else {
            assert!(types.contains(&"BreadcrumbList"), "{path}: {types:?}");
        }
        if path.starts_with("/partnerships/") && path.len() > "/partnerships/".len() {
            let city = blocks
                .iter()
                .find(|b| b["@type"] == "City")
                .expect("a City");
            assert!(city["geo"]["latitude"].is_number(), "{path}");
        }
    }
    let hangzhou = text(snapshot, "/partnerships/hangzhou/");
    assert!(hangzhou.contains("\"alternateName\":[\"杭州\"]"));
}
