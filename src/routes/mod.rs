//! Every address the site answers, and the one table of its pages, built once from the loaded
//! content: for each page, what kind of page it is, its address, its old addresses, its
//! last-modified date, its Open Graph type, its breadcrumbs and the anchors links may name.
//! Rendering, the sitemap, search, the map and the link checker all read from here; the
//! addresses of the site's sections are written in this module and nowhere else (templates
//! take them from [`ADDRESSES`]).

mod table;

use jiff::civil::Date;

use crate::content::{City, CityKind, Event, Meta, Page, Post, Priority, Site};
pub use table::RouteTable;

pub const HOME: &str = "/";
/// Search results, rendered for each request.
pub const SEARCH: &str = "/search";
/// Search results on a translated site, `/fr/search`: the router's pattern.
pub const SEARCH_IN_LANGUAGE: &str = "/{language}/search";
pub const FEED: &str = "/news/feed.xml";
/// Every upcoming event, as one calendar to subscribe to.
pub const EVENTS_CALENDAR: &str = "/events/calendar.ics";
/// The list of past events; its later pages are under `page/`.
pub const PAST_EVENTS: &str = "/events/past/";
/// What an event's own calendar file is named after: `/events/<slug>.ics`.
const CALENDAR_FILE: &str = ".ics";
pub const SITEMAP: &str = "/sitemap.xml";
/// The parts of a sitemap too long for one file: `/sitemap-1.xml`, `/sitemap-2.xml`…
const SITEMAP_PART: (&str, &str) = ("/sitemap-", ".xml");

/// The address of part `number` (from 1) of the sitemap.
pub fn sitemap_part(number: usize) -> String {
    format!("{}{number}{}", SITEMAP_PART.0, SITEMAP_PART.1)
}

/// The most addresses one sitemap may list: the sitemaps protocol's limit.
pub const MAX_SITEMAP_URLS: usize = 50_000;
/// The most bytes a sitemap is let grow to, under the protocol's 50 MB.
pub const MAX_SITEMAP_BYTES: usize = 40_000_000;
/// What a sitemap writes for an address besides its path: the tags, a date, and the site's
/// address in front, allowed 100 characters (the public address is not known to the table).
const SITEMAP_BYTES_PER_LINK: usize = 200;

/// The bytes the sitemap gives `route`: its address and date, and a link to each language's
/// version of it, each written out in full.
pub fn sitemap_bytes(route: &Route<'_>) -> usize {
    let alternates: usize = route
        .alternates
        .iter()
        .map(|a| SITEMAP_BYTES_PER_LINK + a.path.len())
        .sum();
    SITEMAP_BYTES_PER_LINK + route.path.len() + alternates
}

/// How many parts a sitemap of `urls` addresses and about `bytes` bytes takes: 1 when it
/// fits in one file (at most [`MAX_SITEMAP_URLS`] addresses and [`MAX_SITEMAP_BYTES`]);
/// else enough parts of equal numbers of addresses that each does.
pub fn sitemap_parts(urls: usize, bytes: usize) -> usize {
    urls.div_ceil(MAX_SITEMAP_URLS)
        .max(bytes.div_ceil(MAX_SITEMAP_BYTES))
        .max(1)
}

/// Which file of the sitemap a route is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapFile {
    /// Every address, at `/sitemap.xml`.
    Whole,
    /// At `/sitemap.xml`, the list of the parts, for a site too large for one file.
    Index { parts: usize },
    /// Part `number` (from 1) of `parts`: an equal share of the addresses, in order.
    Part { number: usize, parts: usize },
}
pub const ROBOTS: &str = "/robots.txt";
pub const HEALTH: &str = "/healthz";
/// Prometheus' metrics, on the private listener only (`--metrics-bind`): never on the public
/// port, where it is an address like any other (404).
pub const METRICS: &str = "/metrics";
/// Stylesheets, icons and the map, under fingerprinted names.
pub const STATIC: &str = "/static/";
/// Preview mode only: the event stream that says when the site was rebuilt, and the script
/// that listens to it and refreshes the page.
pub const PREVIEW_EVENTS: &str = "/_preview/events";
pub const PREVIEW_SCRIPT: &str = "/_preview/refresh.js";

/// The key the 404 page of a language is kept under: no request's path, which all start with
/// `/`. English's is empty.
pub fn not_found_key(prefix: &str) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        format!("404:{prefix}")
    }
}

/// News posts per page of the list.
pub const POSTS_PER_PAGE: usize = 10;

/// Past events per page of their list.
pub const EVENTS_PER_PAGE: usize = 20;

/// The address of event `slug`'s own calendar file.
pub fn event_calendar(slug: &str) -> String {
    format!("{}{slug}{CALENDAR_FILE}", Collection::Events.prefix())
}

/// The address of page `number` (from 1) of the past events.
pub fn past_events_page(number: usize) -> String {
    if number == 1 {
        PAST_EVENTS.to_string()
    } else {
        format!("{PAST_EVENTS}page/{number}/")
    }
}

/// Whether no event may be called `slug`, because the events section answers that address
/// itself: its past events, and its calendar.
pub fn is_reserved_event(slug: &str) -> bool {
    let own = [PAST_EVENTS, EVENTS_CALENDAR];
    own.iter().any(|address| {
        let rest = address.strip_prefix(Collection::Events.prefix());
        rest.map(|rest| rest.trim_end_matches('/').trim_end_matches(CALENDAR_FILE)) == Some(slug)
    })
}

/// Ids that the layout gives every page: the skip link's target and the search box.
pub const LAYOUT_ANCHORS: [&str; 2] = ["main", "search-q"];

/// A folder of `content/` whose files are pages, and where those pages live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Priorities,
    Partnerships,
    Pages,
    News,
    Events,
}

impl Collection {
    pub const ALL: [Collection; 5] = [
        Collection::Priorities,
        Collection::Partnerships,
        Collection::Pages,
        Collection::News,
        Collection::Events,
    ];

    /// Its folder in `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            Collection::Priorities => "priorities",
            Collection::Partnerships => "partnerships",
            Collection::Pages => "pages",
            Collection::News => "news",
            Collection::Events => "events",
        }
    }

    /// Where its pages live: the address of its own page, or the home page's for `pages/`.
    pub const fn prefix(self) -> &'static str {
        match self {
            Collection::Priorities => "/priorities/",
            Collection::Partnerships => "/partnerships/",
            Collection::Pages => HOME,
            Collection::News => "/news/",
            Collection::Events => "/events/",
        }
    }

    /// The address of the collection's own page, if it has one.
    pub fn index(self) -> Option<&'static str> {
        (self != Collection::Pages).then(|| self.prefix())
    }

    /// The address of the page `slug` of this collection.
    pub fn address(self, slug: &str) -> String {
        format!("{}{slug}/", self.prefix())
    }
}

/// The fixed addresses that templates link to, so that no template writes one out.
#[derive(Debug)]
pub struct Addresses {
    pub priorities: &'static str,
    pub partnerships: &'static str,
    pub news: &'static str,
    pub events: &'static str,
    pub past_events: &'static str,
    pub events_calendar: &'static str,
    pub feed: &'static str,
    pub search: &'static str,
    pub preview_script: &'static str,
    pub preview_events: &'static str,
}

pub const ADDRESSES: Addresses = Addresses {
    priorities: Collection::Priorities.prefix(),
    partnerships: Collection::Partnerships.prefix(),
    news: Collection::News.prefix(),
    events: Collection::Events.prefix(),
    past_events: PAST_EVENTS,
    events_calendar: EVENTS_CALENDAR,
    feed: FEED,
    search: SEARCH,
    preview_script: PREVIEW_SCRIPT,
    preview_events: PREVIEW_EVENTS,
};

/// Whether a page in `pages/` may not be called `slug`, because the site answers that first
/// segment itself.
pub fn is_reserved(slug: &str) -> bool {
    let indexes = Collection::ALL.iter().filter_map(|c| c.index());
    let answered = [
        SEARCH,
        FEED,
        SITEMAP,
        ROBOTS,
        HEALTH,
        STATIC,
        PREVIEW_EVENTS,
    ];
    indexes
        .chain(answered)
        .any(|address| address.split('/').nth(1) == Some(slug))
}

/// Whether `path` is an address the site answers itself, which no old address (alias) may
/// take over: the home page, a section's page (with or without its slash), the news pages,
/// search, the feed, the sitemap, robots.txt, the health check, static files and the preview's.
pub fn is_site_address(path: &str) -> bool {
    let bare = path.trim_end_matches('/');
    let own = [
        SEARCH,
        FEED,
        EVENTS_CALENDAR,
        PAST_EVENTS,
        SITEMAP,
        ROBOTS,
        HEALTH,
        PREVIEW_EVENTS,
        PREVIEW_SCRIPT,
    ];
    let preview = PREVIEW_EVENTS
        .rsplit_once('/')
        .map_or(PREVIEW_EVENTS, |(dir, _)| dir);
    let news_pages = format!("{}page/", Collection::News.prefix());
    bare.is_empty()
        || own
            .iter()
            .any(|address| address.trim_end_matches('/') == bare)
        || Collection::ALL
            .iter()
            .any(|c| c.prefix().trim_end_matches('/') == bare)
        || path.starts_with(STATIC)
        || bare
            .strip_prefix(SITEMAP_PART.0)
            .and_then(|rest| rest.strip_suffix(SITEMAP_PART.1))
            .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
        || path.starts_with(preview)
        || path.starts_with(&news_pages)
        || path.starts_with(PAST_EVENTS)
}

/// The address of page `number` (from 1) of the news list.
pub fn news_page(number: usize) -> String {
    let first = Collection::News.prefix();
    if number == 1 {
        first.to_string()
    } else {
        format!("{first}page/{number}/")
    }
}

/// Where a link to `city` goes: its own page, or its entry on the partnerships page.
pub fn city_href(city: &City) -> String {
    city_in_list(city, Collection::Partnerships.prefix())
}

/// Where a link to `city` goes from a page of `site`: as [`city_href`], but a city without a
/// page of its own is found in the list on the partnerships page in `site`'s language, where
/// that page is translated.
pub fn city_href_on(city: &City, site: &Site) -> String {
    let partnerships = Collection::Partnerships.prefix();
    if site.partnerships_section.version.is_in(&site.language) {
        city_in_list(city, &site.language.address(partnerships))
    } else {
        city_in_list(city, partnerships)
    }
}

/// `city`'s page, or else its entry in the list on the partnerships page at `list`.
fn city_in_list(city: &City, list: &str) -> String {
    if city.has_page() {
        city.url()
    } else {
        format!("{list}#{}", city.slug)
    }
}

/// What a page is, and what it is made from. A new kind of page is a new variant here and a
/// template in `render`.
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    Home,
    /// The overview of the priorities.
    Priorities,
    Priority(&'a Priority),
    /// The partner and friendship cities.
    Partnerships,
    City(&'a City),
    Page(&'a Page),
    /// One page of the news list: `number` of `count`, from 1.
    News {
        number: usize,
        count: usize,
        posts: &'a [Post],
    },
    Post(&'a Post),
    /// The upcoming events, soonest first.
    Events(&'a [Event]),
    /// One page of the past events, newest first: `number` of `count`, from 1.
    PastEvents {
        number: usize,
        count: usize,
        events: &'a [Event],
    },
    Event(&'a Event),
    /// An event's calendar file.
    EventCalendar(&'a Event),
    /// Every upcoming event's, in one calendar.
    EventsCalendar(&'a [Event]),
    /// Search results: not in the table, since each query is rendered when asked.
    Search,
    /// The page answered with status 404.
    NotFound,
    Feed,
    Sitemap(SitemapFile),
    Robots,
}

/// The Open Graph type of a page: a post is an article, everything else a website.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OgType {
    Website,
    Article,
}

impl std::fmt::Display for OgType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OgType::Website => "website",
            OgType::Article => "article",
        })
    }
}

/// One step in a breadcrumb trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    pub title: String,
    pub href: String,
}

impl Crumb {
    pub fn new(href: &str, title: &str) -> Self {
        Self {
            title: title.to_string(),
            href: href.to_string(),
        }
    }
}

/// One address of the site and everything known about it before it is rendered.
#[derive(Debug, Clone)]
pub struct Route<'a> {
    pub kind: Kind<'a>,
    /// Where it is served; empty for the 404 page, which has no address.
    pub path: String,
    /// The page's own title, without the site's name.
    pub title: String,
    pub description: String,
    /// The pages above this one, and this one; empty on the home page.
    pub trail: Vec<Crumb>,
    /// When its content last changed, for the sitemap.
    pub lastmod: Option<Date>,
    /// Publishing state, dates and old addresses, for pages made from one file.
    pub meta: Option<&'a Meta>,
    /// The version of the site the page belongs to, in its language.
    pub site: &'a Site,
    /// The same page in each language it is in, this one too; empty when it is only in one.
    pub alternates: std::sync::Arc<[Alternate]>,
}

/// The same page in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    /// The language's tag, for `lang` and `hreflang`.
    pub lang: String,
    /// Its name in its own language.
    pub name: String,
    pub path: String,
}

impl Route<'_> {
    /// The address of the same page in English: its address without its language's prefix.
    pub fn english_path(&self) -> &str {
        let prefix = &self.site.language.prefix;
        self.path
            .strip_prefix(prefix.as_str())
            .unwrap_or(&self.path)
    }

    /// Whether the page is a translation that no native speaker has checked yet: its page
    /// says so. The pages of a language made from the layout's words (its home page, its news
    /// list) follow the language's own `reviewed`.
    pub fn is_draft_translation(&self) -> bool {
        let site = self.site;
        if site.language.is_english() {
            return false;
        }
        match self.kind {
            Kind::Priorities => site.priorities_section.version.is_draft(),
            Kind::Priority(priority) => priority.version.is_draft(),
            Kind::Partnerships => site.partnerships_section.version.is_draft(),
            Kind::City(city) => city.version.is_draft(),
            Kind::Page(page) => page.version.is_draft(),
            Kind::Post(post) => post.version.is_draft(),
            Kind::Event(event) => event.version.is_draft(),
            _ => !site.language.reviewed,
        }
    }

    /// Whether it is an HTML page with an address, listed in the sitemap.
    pub fn is_page(&self) -> bool {
        !matches!(
            self.kind,
            Kind::NotFound
                | Kind::Feed
                | Kind::Sitemap(_)
                | Kind::Robots
                | Kind::Search
                | Kind::EventCalendar(_)
                | Kind::EventsCalendar(_)
        )
    }

    /// Whether it is a section's page with nothing in it yet (the news before the first
    /// post): not advertised in the sitemap.
    pub fn is_empty_section(&self) -> bool {
        match self.kind {
            Kind::News { posts, .. } => posts.is_empty(),
            Kind::Events(events) | Kind::PastEvents { events, .. } => events.is_empty(),
            _ => false,
        }
    }

    /// Whether the sitemap lists it: a page with an address and something on it.
    pub fn in_sitemap(&self) -> bool {
        self.is_page() && !self.is_empty_section()
    }

    pub fn content_type(&self) -> &'static str {
        match self.kind {
            Kind::Feed => "application/atom+xml; charset=utf-8",
            Kind::Sitemap(_) => "application/xml; charset=utf-8",
            Kind::Robots => "text/plain; charset=utf-8",
            Kind::EventCalendar(_) | Kind::EventsCalendar(_) => "text/calendar; charset=utf-8",
            _ => "text/html; charset=utf-8",
        }
    }

    pub fn og_type(&self) -> OgType {
        match self.kind {
            Kind::Post(_) => OgType::Article,
            _ => OgType::Website,
        }
    }

    /// Old addresses that redirect here.
    pub fn aliases(&self) -> &[String] {
        self.meta.map_or(&[], |meta| &meta.aliases)
    }

    /// The ids of the elements a link to this page may name with `#`.
    pub fn anchors<'s>(&'s self, site: &'s Site) -> Vec<&'s str> {
        let mut anchors = LAYOUT_ANCHORS.to_vec();
        let friendship = || {
            site.cities
                .iter()
                .filter(|c| c.kind == CityKind::Friendship)
                .map(|c| c.slug.as_str())
        };
        match self.kind {
            Kind::Home => {
                anchors.extend(["priorities-heading", "map-heading"]);
                anchors.extend(["partners-heading", "friendship-heading"]);
                anchors.extend(friendship());
                if !site.posts.is_empty() {
                    anchors.push("news-heading");
                }
                if site.local_partnerships().is_some() {
                    anchors.push("local-heading");
                }
                if !site.events.is_empty() {
                    anchors.push("events-heading");
                }
            }
            Kind::Priorities => anchors.extend(ids(site.priorities_section.body.ids())),
            Kind::Partnerships => {
                anchors.extend(ids(site.partnerships_section.body.ids()));
                anchors.extend(["partners-heading", "friendship-heading"]);
                anchors.extend(friendship());
            }
            Kind::Priority(priority) => anchors.extend(ids(priority.body.ids())),
            Kind::City(city) => anchors.extend(city.body.iter().flat_map(|b| ids(b.ids()))),
            Kind::Page(page) => anchors.extend(ids(page.body.ids())),
            Kind::Post(post) => anchors.extend(ids(post.body.ids())),
            Kind::Event(event) => anchors.extend(ids(event.body.ids())),
            Kind::News { .. }
            | Kind::Events(_)
            | Kind::PastEvents { .. }
            | Kind::Search
            | Kind::NotFound => {}
            Kind::Feed
            | Kind::Sitemap(_)
            | Kind::Robots
            | Kind::EventCalendar(_)
            | Kind::EventsCalendar(_) => anchors.clear(),
        }
        anchors
    }
}

fn ids(ids: &[String]) -> impl Iterator<Item = &str> {
    ids.iter().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_each_collection() {
        assert_eq!(Collection::Priorities.address("a"), "/priorities/a/");
        assert_eq!(Collection::Partnerships.address("a"), "/partnerships/a/");
        assert_eq!(Collection::Pages.address("a"), "/a/");
        assert_eq!(Collection::News.address("a"), "/news/a/");
        assert_eq!(news_page(1), "/news/");
        assert_eq!(news_page(3), "/news/page/3/");
    }

    #[test]
    fn a_sitemap_is_split_only_past_the_protocol_s_limits() {
        assert_eq!(sitemap_parts(0, 0), 1);
        assert_eq!(sitemap_parts(MAX_SITEMAP_URLS, MAX_SITEMAP_BYTES), 1);
        assert_eq!(sitemap_parts(MAX_SITEMAP_URLS + 1, 1_000), 2);
        // Fewer addresses, but long ones (many languages, long paths): by the bytes.
        assert_eq!(sitemap_parts(30_000, 2 * MAX_SITEMAP_BYTES + 1), 3);
        for path in ["/sitemap-1.xml", "/sitemap-12.xml"] {
            assert!(is_site_address(path), "{path}");
        }
        for path in ["/sitemap-a.xml", "/sitemap-.xml"] {
            assert!(!is_site_address(path), "{path}");
        }
    }

    #[test]
    fn reserved_first_segments() {
        for reserved in [
            "priorities",
            "partnerships",
            "news",
            "search",
            "static",
            "healthz",
            "sitemap.xml",
            "robots.txt",
        ] {
            assert!(is_reserved(reserved), "{reserved}");
        }
        assert!(!is_reserved("accessibility"));
        assert!(!is_reserved(""));
    }
}
