//! Every page of the site, rendered once per content load through askama templates: one loop
//! over the route table, each kind of page with its template.

mod calendar;
mod layout;
mod parallel;
mod structured;
mod templates;

use askama::Template;
use jiff::Timestamp;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::assets::Assets;
use crate::content::{City, ContentError, Event, Location, Problem, Site};
use crate::limits::MAX_SITE_BYTES;
use crate::map;
use crate::routes::{Kind, Route, RouteTable, SitemapFile};
use crate::search::Found;
use layout::Context;
pub use layout::{Layout, NavItem};
pub use parallel::Share;
use templates::{
    CityTemplate, Correction, ErrorsTemplate, EventTemplate, EventsTemplate, FeedTemplate,
    HomeTemplate, InternalErrorTemplate, MapView, NewsTemplate, NotFoundTemplate, PageTemplate,
    PartnershipsTemplate, PastEventsTemplate, PostTemplate, PrioritiesTemplate, PriorityTemplate,
    SearchTemplate, SitemapEntry, SitemapIndexTemplate, SitemapTemplate,
};

/// Pages and files (feed, sitemap) rendered since the process started, but for search
/// results: serving must never add to it.
static PAGES_RENDERED: AtomicU64 = AtomicU64::new(0);

/// How many pages and files have been rendered since the process started.
pub fn pages_rendered() -> u64 {
    PAGES_RENDERED.load(Ordering::Relaxed)
}

/// One rendered route: where it is served, its body and its type.
pub struct RenderedFile {
    pub path: String,
    pub body: String,
    pub content_type: &'static str,
}

/// Why a site could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("a template failed to render: {0}")]
    Template(#[from] askama::Error),
    /// Pages over [`crate::limits::MAX_PAGE_BYTES`], or a site over [`MAX_SITE_BYTES`], at
    /// their addresses.
    #[error("the site is too big to serve")]
    TooBig(Vec<ContentError>),
}

/// Renders every route of `table` as the site stands at `now`; with `preview`, the content's
/// warnings, each page lists them and refreshes itself when the site is rebuilt. Each body
/// is handed to `take` on the thread that rendered it, with that thread's state, made by
/// `start` (see `parallel.rs`). Stops once the pages are more than [`MAX_SITE_BYTES`] for each
/// language together.
pub fn render_site_with<S: Send, P: Send>(
    table: &RouteTable<'_>,
    assets: &Assets,
    now: Timestamp,
    base_url: &str,
    preview: Option<&[String]>,
    start: impl Fn() -> S + Sync,
    take: impl Fn(&mut S, &Route<'_>, String) -> P + Sync,
) -> Result<Vec<Share<S, P>>, RenderError> {
    let cx = Context {
        assets,
        links: layout::Links::all(table.site),
        now,
        base_url,
        preview,
    };
    // Each language may be as large as the English site.
    let site_limit = MAX_SITE_BYTES * (1 + table.site.versions.len());
    let (shares, too_big) = parallel::render_each(&cx, table, site_limit, &start, &take)?;
    if too_big.is_empty() {
        Ok(shares)
    } else {
        Err(RenderError::TooBig(too_big))
    }
}

/// Every route of `table`, rendered whole and in the table's order (see [`render_site_with`]).
pub fn render_site(
    table: &RouteTable<'_>,
    assets: &Assets,
    now: Timestamp,
    base_url: &str,
    preview: Option<&[String]>,
) -> Result<Vec<RenderedFile>, RenderError> {
    let keep = |_: &mut (), route: &Route<'_>, body| RenderedFile {
        path: route.path.clone(),
        body,
        content_type: route.content_type(),
    };
    let shares = render_site_with(table, assets, now, base_url, preview, || (), keep)?;
    let mut files: Vec<(usize, RenderedFile)> = shares.into_iter().flat_map(|s| s.taken).collect();
    files.sort_unstable_by_key(|(index, _)| *index);
    Ok(files.into_iter().map(|(_, file)| file).collect())
}

/// A page at `address` over a limit, and what to do.
fn over_limit(address: &str, message: String) -> ContentError {
    let address = if address.is_empty() {
        "the 404 page"
    } else {
        address
    };
    ContentError::new(
        Location::file(std::path::Path::new(address)),
        Problem::TooBig(message),
    )
}

/// The body of one route.
fn render_route<'a>(
    cx: &Context<'a>,
    table: &RouteTable<'a>,
    route: &Route<'a>,
) -> Result<String, askama::Error> {
    let site = route.site;
    let layout = cx.layout(route);
    match route.kind {
        Kind::Home => home(cx, layout, site),
        Kind::Priorities => PrioritiesTemplate {
            layout,
            section: &site.priorities_section,
            priorities: &site.priorities,
        }
        .render(),
        Kind::Priority(priority) => PriorityTemplate {
            layout,
            priority,
            cities: site.cities_serving(&priority.slug).collect(),
            events: site.events_serving(&priority.slug).collect(),
        }
        .render(),
        Kind::Partnerships => PartnershipsTemplate {
            layout,
            site,
            map: world_map(cx, site),
        }
        .render(),
        Kind::City(city) => city_page(cx, layout, site, city),
        Kind::Page(page) => PageTemplate { layout, page }.render(),
        Kind::News {
            number,
            count,
            posts,
        } => NewsTemplate {
            layout,
            posts,
            number,
            count,
            previous: (number > 1).then(|| news_page(site, number - 1)),
            next: (number < count).then(|| news_page(site, number + 1)),
            news_url: &site.settings.news_url,
        }
        .render(),
        Kind::Post(post) => PostTemplate { layout, post }.render(),
        Kind::Events(events) => EventsTemplate {
            layout,
            months: by_month(events),
            has_past: !site.past_events.is_empty(),
        }
        .render(),
        Kind::PastEvents {
            number,
            count,
            events,
        } => past_events(layout, events, number, count),
        Kind::Event(event) => event_page(cx, layout, site, event),
        Kind::EventCalendar(event) => Ok(calendar::calendar([event], site, cx)),
        Kind::EventsCalendar(events) => Ok(calendar::calendar(events, site, cx)),
        // Not in the table (each query is rendered when asked), but an empty search is a page.
        Kind::Search => search_page(layout, "", &Found::default()),
        Kind::NotFound => NotFoundTemplate { layout, site }.render(),
        Kind::Feed => feed(cx, table, site),
        Kind::Sitemap(file) => sitemap(table, file, cx.base_url),
        Kind::Robots => Ok(format!(
            "User-agent: *\nAllow: /\nSitemap: {}{}\n",
            cx.base_url,
            crate::routes::SITEMAP
        )),
    }
}

fn home<'a>(
    cx: &Context<'a>,
    mut layout: Layout<'a>,
    site: &'a Site,
) -> Result<String, askama::Error> {
    layout
        .json_ld
        .push(structured::organisation(&site.settings, cx.base_url));
    HomeTemplate {
        layout,
        site,
        local_partnerships: site.local_partnerships(),
        latest: &site.posts[..site.posts.len().min(3)],
        events: &site.events[..site.events.len().min(3)],
        map: world_map(cx, site),
    }
    .render()
}

/// One page of the past events.
fn past_events(
    layout: Layout<'_>,
    events: &[Event],
    number: usize,
    count: usize,
) -> Result<String, askama::Error> {
    PastEventsTemplate {
        layout,
        events,
        number,
        count,
        previous: (number > 1).then(|| crate::routes::past_events_page(number - 1)),
        next: (number < count).then(|| crate::routes::past_events_page(number + 1)),
    }
    .render()
}

/// The events, grouped by the month they start in ("March 2027"), in their order.
fn by_month(events: &[Event]) -> Vec<(String, Vec<&Event>)> {
    let mut months: Vec<(String, Vec<&Event>)> = Vec::new();
    for event in events {
        let month = event.when.first_day().strftime("%B %Y").to_string();
        match months.last_mut() {
            Some((last, list)) if *last == month => list.push(event),
            _ => months.push((month, vec![event])),
        }
    }
    months
}

/// An event's page, with its schema.org description.
fn event_page<'a>(
    cx: &Context<'a>,
    mut layout: Layout<'a>,
    site: &'a Site,
    event: &'a Event,
) -> Result<String, askama::Error> {
    layout
        .json_ld
        .push(structured::event(event, &site.settings, cx.base_url));
    let cities = event
        .cities
        .iter()
        .filter_map(|slug| site.cities.iter().find(|c| c.slug == *slug))
        .map(|city| (city, crate::routes::city_href_on(city, site)))
        .collect();
    EventTemplate {
        layout,
        event,
        ended: event.has_ended(cx.now),
        cities,
        priorities: event
            .priorities
            .iter()
            .filter_map(|slug| site.priority(slug))
            .collect(),
    }
    .render()
}

/// The address of page `number` of the news list in the language of `site`.
fn news_page(site: &Site, number: usize) -> String {
    site.language.address(&crate::routes::news_page(number))
}

fn city_page<'a>(
    cx: &Context<'a>,
    mut layout: Layout<'a>,
    site: &'a Site,
    city: &City,
) -> Result<String, askama::Error> {
    layout.json_ld.push(structured::city(city, cx.base_url));
    let (view, markers) = map::locator(site, city);
    CityTemplate {
        layout,
        city,
        priorities: city
            .priorities
            .iter()
            .filter_map(|slug| site.priority(slug))
            .collect(),
        map: MapView {
            markers,
            view,
            world_url: world_url(cx.assets),
            small: true,
        },
        events: site.events_of_city(&city.slug).collect(),
    }
    .render()
}

/// The Atom feed of the posts in the language of `site`.
fn feed(cx: &Context<'_>, table: &RouteTable<'_>, site: &Site) -> Result<String, askama::Error> {
    // With no posts, the feed changed when the content last did.
    let content_date = || match table.pages().filter_map(|route| route.lastmod).max() {
        Some(date) => format!("{date}T00:00:00Z"),
        None => cx.now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    };
    let language = &site.language;
    // A language's own posts come first in its version of the site.
    let own = site
        .posts
        .iter()
        .take_while(|p| p.version.is_in(language))
        .count();
    let posts = &site.posts[..own.min(FEED_POSTS)];
    FeedTemplate {
        base_url: cx.base_url,
        lang: &language.tag,
        news: language.address(&crate::routes::news_page(1)),
        feed: language.address(crate::routes::FEED),
        title: language
            .words
            .feed_title
            .replace("{site}", &site.settings.title),
        author: &site.settings.organisation,
        updated: posts
            .first()
            .map_or_else(content_date, |p| format!("{}T00:00:00Z", p.date)),
        // Newest first: a feed reader wants what is new, not the archive.
        posts,
    }
    .render()
}

/// The most posts in the Atom feed, the newest; the news pages list them all.
pub const FEED_POSTS: usize = 50;

/// The file `file` of the sitemap of `table`, under `base_url`: every page, a share of them,
/// or the index of the shares.
fn sitemap(
    table: &RouteTable<'_>,
    file: SitemapFile,
    base_url: &str,
) -> Result<String, askama::Error> {
    let (number, parts) = match file {
        SitemapFile::Whole => (1, 1),
        SitemapFile::Part { number, parts } => (number, parts),
        SitemapFile::Index { parts } => {
            let parts: Vec<String> = (1..=parts)
                .map(|n| format!("{base_url}{}", crate::routes::sitemap_part(n)))
                .collect();
            return SitemapIndexTemplate { parts: &parts }.render();
        }
    };
    let mut listed: Vec<&Route<'_>> = table.iter().filter(|r| r.in_sitemap()).collect();
    listed.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    let share = listed.len().div_ceil(parts).max(1);
    let entries: Vec<SitemapEntry> = listed
        .chunks(share)
        .nth(number - 1)
        .unwrap_or_default()
        .iter()
        .map(|route| SitemapEntry {
            loc: format!("{base_url}{}", route.path),
            lastmod: route.lastmod.map(|d| d.to_string()),
            alternates: route.alternates.clone(),
        })
        .collect();
    SitemapTemplate {
        entries: &entries,
        base_url,
    }
    .render()
}

fn world_url(assets: &Assets) -> &str {
    assets.url("world.svg").unwrap_or("/static/world.svg")
}

fn world_map<'a>(cx: &Context<'a>, site: &Site) -> MapView<'a> {
    MapView {
        markers: map::markers(site),
        view: map::View::WORLD,
        world_url: world_url(cx.assets),
        small: false,
    }
}

/// The search page for `query` with what was `found`: the one page rendered per request.
pub fn render_search(
    site: &Site,
    assets: &Assets,
    base_url: &str,
    preview: Option<&[String]>,
    (query, found): (&str, &Found),
) -> Result<String, askama::Error> {
    let cx = Context {
        assets,
        links: Default::default(),
        now: Timestamp::now(),
        base_url,
        preview,
    };
    let words = &site.language.words;
    // A corrected search is headed by what it shows results for.
    let answered = found.corrected.as_deref().unwrap_or(query);
    let title = if query.is_empty() {
        words.search_title.clone()
    } else {
        words.search_results.replace("{query}", answered)
    };
    let layout = cx.layout(&RouteTable::search(site, &title));
    search_page(layout, query, found)
}

fn search_page(
    mut layout: Layout<'_>,
    query: &str,
    found: &Found,
) -> Result<String, askama::Error> {
    layout.query = query.to_string();
    layout.noindex = true;
    let href = |query: &str, as_typed: bool| {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("q", query);
        if as_typed {
            form.append_pair("as_typed", "1");
        }
        format!("{}?{}", layout.to.search, form.finish())
    };
    let corrected = found.corrected.as_deref().map(|corrected| Correction {
        query: corrected,
        href: href(corrected, false),
        as_typed_href: href(query, true),
    });
    SearchTemplate {
        query,
        hits: &found.hits,
        total: found.total,
        corrected,
        layout,
    }
    .render()
}

/// The page a visitor sees when something fails inside the server.
pub fn internal_error_page() -> &'static str {
    static PAGE: LazyLock<String> = LazyLock::new(|| {
        InternalErrorTemplate
            .render()
            .expect("a template without fields renders")
    });
    &PAGE
}

/// The page preview mode shows when the content is broken.
pub fn render_errors(errors: &[String], style_url: Option<&str>) -> Result<String, askama::Error> {
    ErrorsTemplate {
        errors,
        style_url,
        to: &crate::routes::ADDRESSES,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::BuildOptions;
    use std::collections::BTreeSet;

    /// The ids each page really has, read from its HTML: a test may scrape what the site
    /// must not.
    fn element_ids(html: &str) -> BTreeSet<&str> {
        html.split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    /// Renders every route of `site` and compares each page's ids with its route's anchors.
    fn assert_anchors_match(site: &Site, assets: &Assets) {
        let options = BuildOptions::public();
        let table = RouteTable::build(site);
        let files = render_site(&table, assets, options.now, &options.base_url, None)
            .expect("the pages render");
        for (route, file) in table.iter().zip(&files) {
            let declared: BTreeSet<&str> = route.anchors(route.site).into_iter().collect();
            assert_eq!(element_ids(&file.body), declared, "{}", route.path);
        }
    }

    #[test]
    fn a_preview_page_lists_the_warnings_and_loads_the_refresh_script() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::content::load(&root.join("content")).expect("bundled content loads");
        let table = RouteTable::build(&site);
        let options = BuildOptions::public();
        let render = |preview| {
            render_site(
                &table,
                &Assets::default(),
                options.now,
                &options.base_url,
                preview,
            )
            .expect("the pages render")
        };
        let warnings =
            ["pages/guide.md:5:1: the link text \"click here\" says nothing".to_string()];
        for (public, preview) in render(None).iter().zip(&render(Some(&warnings))) {
            if public.content_type.starts_with("text/html") {
                assert!(!public.body.contains("<script src"), "{}", public.path);
                assert!(
                    preview
                        .body
                        .contains("<script src=\"/_preview/refresh.js\"")
                );
                assert!(
                    preview
                        .body
                        .contains("the link text &#34;click here&#34; says nothing")
                );
            } else {
                assert_eq!(public.body, preview.body, "{}", public.path);
            }
        }
    }

    #[test]
    fn a_sitemap_in_parts_lists_each_address_once_and_its_index_every_part() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::content::load(&root.join("content")).expect("bundled content loads");
        let table = RouteTable::build(&site);
        let base = "https://example.org";
        let render = |file| sitemap(&table, file, base).expect("renders");
        let locs = |xml: &str| -> Vec<String> {
            let document = roxmltree::Document::parse(xml).expect("well-formed XML");
            document
                .descendants()
                .filter(|n| n.has_tag_name("loc"))
                .filter_map(|n| n.text().map(str::to_string))
                .collect()
        };
        let whole = locs(&render(SitemapFile::Whole));
        let parts = 3;
        let mut joined = Vec::new();
        for number in 1..=parts {
            let part = locs(&render(SitemapFile::Part { number, parts }));
            assert!(!part.is_empty() && part.len() <= whole.len().div_ceil(parts));
            joined.extend(part);
        }
        assert_eq!(
            joined, whole,
            "the parts are the whole, in order, each address once"
        );
        let index = render(SitemapFile::Index { parts });
        assert!(index.contains("<sitemapindex"));
        let expected: Vec<String> = (1..=parts)
            .map(|n| format!("{base}{}", crate::routes::sitemap_part(n)))
            .collect();
        assert_eq!(locs(&index), expected);
    }

    #[test]
    fn every_page_has_exactly_the_anchors_its_route_declares() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::content::load(&root.join("content")).expect("bundled content loads");
        let assets = Assets::load(&root.join("static")).expect("bundled assets load");
        assert_anchors_match(&site, &assets);
        // Without what some anchors depend on: news, the local partnerships page, friendship
        // cities.
        let mut bare = site.clone();
        bare.posts.clear();
        bare.pages.retain(|p| p.slug != "local-partnerships");
        bare.cities
            .retain(|c| c.kind == crate::content::CityKind::Partner);
        assert_anchors_match(&bare, &assets);
    }
}
