//! Every address the site answers, and the one table of its pages, built once from the loaded
//! content: for each page, what kind of page it is, its address, its old addresses, its
//! last-modified date, its Open Graph type, its breadcrumbs and the anchors links may name.
//! Rendering, the sitemap, search, the map and the link checker all read from here; the
//! addresses of the site's sections are written in this module and nowhere else.

use jiff::civil::Date;
use std::collections::HashMap;

use crate::content::{City, CityKind, Meta, Page, Post, Priority, Site};

pub const HOME: &str = "/";
/// Search results, rendered for each request.
pub const SEARCH: &str = "/search";
pub const FEED: &str = "/news/feed.xml";
pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
pub const HEALTH: &str = "/healthz";
/// Stylesheets, icons and the map, under fingerprinted names.
pub const STATIC: &str = "/static/";

/// News posts per page of the list.
pub const POSTS_PER_PAGE: usize = 10;

/// Ids that the layout gives every page: the skip link's target and the search box.
const LAYOUT_ANCHORS: [&str; 2] = ["main", "search-q"];

/// A folder of `content/` whose files are pages, and where those pages live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Priorities,
    Partnerships,
    Pages,
    News,
}

impl Collection {
    pub const ALL: [Collection; 4] = [
        Collection::Priorities,
        Collection::Partnerships,
        Collection::Pages,
        Collection::News,
    ];

    /// Its folder in `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            Collection::Priorities => "priorities",
            Collection::Partnerships => "partnerships",
            Collection::Pages => "pages",
            Collection::News => "news",
        }
    }

    /// The address of the collection's own page, if it has one.
    pub fn index(self) -> Option<&'static str> {
        match self {
            Collection::Priorities => Some("/priorities/"),
            Collection::Partnerships => Some("/partnerships/"),
            Collection::Pages => None,
            Collection::News => Some("/news/"),
        }
    }

    /// The address of the page `slug` of this collection.
    pub fn address(self, slug: &str) -> String {
        format!("{}{slug}/", self.index().unwrap_or(HOME))
    }
}

/// Whether a page in `pages/` may not be called `slug`, because the site answers that first
/// segment itself.
pub fn is_reserved(slug: &str) -> bool {
    let indexes = Collection::ALL.iter().filter_map(|c| c.index());
    let answered = [SEARCH, FEED, SITEMAP, ROBOTS, HEALTH, STATIC];
    indexes
        .chain(answered)
        .any(|address| address.split('/').nth(1) == Some(slug))
}

/// The address of page `number` (from 1) of the news list.
pub fn news_page(number: usize) -> String {
    let first = Collection::News.index().unwrap_or(HOME);
    if number == 1 {
        first.to_string()
    } else {
        format!("{first}page/{number}/")
    }
}

/// Where a link to `city` goes: its own page, or its entry on the partnerships page.
pub fn city_href(city: &City) -> String {
    if city.has_page() {
        city.url()
    } else {
        let partnerships = Collection::Partnerships.index().unwrap_or(HOME);
        format!("{partnerships}#{}", city.slug)
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
    /// Search results: not in the table, since each query is rendered when asked.
    Search,
    /// The page answered with status 404.
    NotFound,
    Feed,
    Sitemap,
    Robots,
}

/// The Open Graph type of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OgType {
    Website,
    Article,
}

impl OgType {
    pub fn as_str(self) -> &'static str {
        match self {
            OgType::Website => "website",
            OgType::Article => "article",
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
    /// The pages above this one and this one, as (address, title); empty on the home page.
    pub trail: Vec<(String, String)>,
    /// When its content last changed, for the sitemap.
    pub lastmod: Option<Date>,
    /// Publishing state, dates and old addresses, for pages made from one file.
    pub meta: Option<&'a Meta>,
}

impl Route<'_> {
    /// Whether it is an HTML page with an address, listed in the sitemap.
    pub fn is_page(&self) -> bool {
        !matches!(
            self.kind,
            Kind::NotFound | Kind::Feed | Kind::Sitemap | Kind::Robots | Kind::Search
        )
    }

    pub fn content_type(&self) -> &'static str {
        match self.kind {
            Kind::Feed => "application/atom+xml; charset=utf-8",
            Kind::Sitemap => "application/xml; charset=utf-8",
            Kind::Robots => "text/plain; charset=utf-8",
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
                if site.page("local-partnerships").is_some() {
                    anchors.push("local-heading");
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
            Kind::News { .. } | Kind::Search | Kind::NotFound => {}
            Kind::Feed | Kind::Sitemap | Kind::Robots => anchors.clear(),
        }
        anchors
    }
}

fn ids(ids: &[String]) -> impl Iterator<Item = &str> {
    ids.iter().map(String::as_str)
}

/// Every page and file the site renders from its content, in a stable order.
#[derive(Debug)]
pub struct RouteTable<'a> {
    pub site: &'a Site,
    routes: Vec<Route<'a>>,
}

impl<'a> RouteTable<'a> {
    /// The table of `site`, as given (drafts already left out, or kept for a preview).
    pub fn build(site: &'a Site) -> Self {
        let mut routes = vec![home(site), priorities(site)];
        routes.extend(site.priorities.iter().map(|p| priority(site, p)));
        routes.push(partnerships(site));
        let with_pages = site.cities.iter().filter(|c| c.has_page());
        routes.extend(with_pages.map(|c| city(site, c)));
        routes.extend(site.pages.iter().map(page));
        routes.extend(news(site));
        routes.extend(site.posts.iter().map(post));
        routes.push(plain(Kind::NotFound, "", "Page not found", site));
        routes.push(plain(Kind::Feed, FEED, "", site));
        routes.push(plain(Kind::Sitemap, SITEMAP, "", site));
        routes.push(plain(Kind::Robots, ROBOTS, "", site));
        Self { site, routes }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Route<'a>> {
        self.routes.iter()
    }

    /// The HTML pages with an address.
    pub fn pages(&self) -> impl Iterator<Item = &Route<'a>> {
        self.routes.iter().filter(|r| r.is_page())
    }

    /// The route at `path`.
    pub fn get(&self, path: &str) -> Option<&Route<'a>> {
        self.routes.iter().find(|r| r.path == path)
    }

    /// Each old address, with the page it now leads to.
    pub fn redirects(&self) -> HashMap<String, String> {
        self.pages()
            .flat_map(|route| {
                let to = &route.path;
                route
                    .aliases()
                    .iter()
                    .map(|alias| (alias.clone(), to.clone()))
            })
            .collect()
    }

    /// The search page's route, for the layout of its results.
    pub fn search(site: &Site, title: &str) -> Route<'static> {
        Route {
            trail: vec![(SEARCH.to_string(), "Search".to_string())],
            ..plain(Kind::Search, SEARCH, title, site)
        }
    }
}

/// A route with no trail, date or file of its own.
fn plain<'a>(kind: Kind<'a>, path: &str, title: &str, site: &Site) -> Route<'a> {
    Route {
        kind,
        path: path.to_string(),
        title: title.to_string(),
        description: site.settings.description.clone(),
        trail: Vec::new(),
        lastmod: None,
        meta: None,
    }
}

/// The newest of some dates.
fn newest(dates: impl IntoIterator<Item = Option<Date>>) -> Option<Date> {
    dates.into_iter().flatten().max()
}

fn priorities_changed(site: &Site) -> Option<Date> {
    newest(site.priorities.iter().map(|p| p.meta.updated))
}

fn cities_changed(site: &Site) -> Option<Date> {
    newest(site.cities.iter().map(|c| c.meta.updated))
}

fn home(site: &Site) -> Route<'_> {
    let pages = site.pages.iter().map(|p| p.meta.updated);
    let news = site.posts.first().map(|p| p.date);
    let parts = [priorities_changed(site), cities_changed(site), news];
    Route {
        title: site.settings.title.clone(),
        lastmod: newest(parts.into_iter().chain(pages)),
        ..plain(Kind::Home, HOME, "", site)
    }
}

/// The crumb of a collection's own page.
fn crumb(collection: Collection, title: &str) -> (String, String) {
    let index = collection.index().unwrap_or(HOME);
    (index.to_string(), title.to_string())
}

fn priorities(site: &Site) -> Route<'_> {
    let section = &site.priorities_section;
    let collection = Collection::Priorities;
    Route {
        kind: Kind::Priorities,
        path: collection.index().unwrap_or(HOME).to_string(),
        title: section.title.clone(),
        description: section.description.clone(),
        trail: vec![crumb(collection, &section.title)],
        lastmod: priorities_changed(site),
        meta: None,
    }
}

fn priority<'a>(site: &Site, priority: &'a Priority) -> Route<'a> {
    let path = priority.url();
    let title = &site.priorities_section.title;
    Route {
        kind: Kind::Priority(priority),
        trail: vec![
            crumb(Collection::Priorities, title),
            (path.clone(), priority.title.clone()),
        ],
        path,
        title: priority.title.clone(),
        description: priority.summary.clone(),
        lastmod: priority.meta.updated,
        meta: Some(&priority.meta),
    }
}

fn partnerships(site: &Site) -> Route<'_> {
    let section = &site.partnerships_section;
    let collection = Collection::Partnerships;
    Route {
        kind: Kind::Partnerships,
        path: collection.index().unwrap_or(HOME).to_string(),
        title: section.title.clone(),
        description: section.description.clone(),
        trail: vec![crumb(collection, &section.title)],
        lastmod: cities_changed(site),
        meta: None,
    }
}

fn city<'a>(site: &Site, city: &'a City) -> Route<'a> {
    let path = city.url();
    let title = &site.partnerships_section.title;
    let description = city
        .summary
        .clone()
        .unwrap_or_else(|| format!("Leeds' link with {}, {}.", city.title, city.country));
    Route {
        kind: Kind::City(city),
        trail: vec![
            crumb(Collection::Partnerships, title),
            (path.clone(), city.title.clone()),
        ],
        path,
        title: city.title.clone(),
        description,
        lastmod: city.meta.updated,
        meta: Some(&city.meta),
    }
}

fn page(page: &Page) -> Route<'_> {
    let path = page.url();
    Route {
        kind: Kind::Page(page),
        trail: vec![(path.clone(), page.title.clone())],
        path,
        title: page.title.clone(),
        description: page.description.clone(),
        lastmod: page.meta.updated,
        meta: Some(&page.meta),
    }
}

/// The pages of the news list; one, empty, when there is no news yet.
fn news(site: &Site) -> Vec<Route<'_>> {
    let chunks: Vec<&[Post]> = if site.posts.is_empty() {
        vec![&[]]
    } else {
        site.posts.chunks(POSTS_PER_PAGE).collect()
    };
    let count = chunks.len();
    let title = format!("News from {}", site.settings.title);
    let description = format!("The latest news from the {}.", site.settings.organisation);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, posts)| {
            let number = i + 1;
            let path = news_page(number);
            let mut trail = vec![crumb(Collection::News, "News")];
            let title = if number == 1 {
                title.clone()
            } else {
                let title = format!("{title}, page {number}");
                trail.push((path.clone(), title.clone()));
                title
            };
            Route {
                kind: Kind::News {
                    number,
                    count,
                    posts,
                },
                path,
                title,
                description: description.clone(),
                trail,
                lastmod: posts.first().map(|p| p.date),
                meta: None,
            }
        })
        .collect()
}

fn post(post: &Post) -> Route<'_> {
    let path = post.url();
    Route {
        kind: Kind::Post(post),
        trail: vec![
            crumb(Collection::News, "News"),
            (path.clone(), post.title.clone()),
        ],
        path,
        title: post.title.clone(),
        description: post.summary.clone(),
        lastmod: Some(post.meta.updated.unwrap_or(post.date)),
        meta: Some(&post.meta),
    }
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
