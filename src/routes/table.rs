//! The table itself: one route for every page and file, each made from the content it shows.

use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::Arc;

use super::{
    Alternate, Collection, Crumb, EVENTS_CALENDAR, EVENTS_PER_PAGE, FEED, HOME, Kind,
    POSTS_PER_PAGE, ROBOTS, Route, SEARCH, SITEMAP, SitemapFile, news_page, not_found_key,
    past_events_page, sitemap_bytes, sitemap_part, sitemap_parts,
};
use crate::content::{City, Event, Meta, Page, Post, Priority, Section, Site, Version};

/// Every page and file the site renders from its content, in a stable order.
#[derive(Debug)]
pub struct RouteTable<'a> {
    pub site: &'a Site,
    routes: Vec<Route<'a>>,
}

impl<'a> RouteTable<'a> {
    /// The table of `site`, as given (drafts already left out, or kept for a preview): its
    /// pages in English, then each language's translated pages.
    pub fn build(site: &'a Site) -> Self {
        let mut routes = pages_of(site);
        for version in &site.versions {
            routes.extend(pages_of(version));
        }
        link_alternates(&mut routes);
        let words = &site.language.words;
        routes.push(plain(Kind::NotFound, "", &words.not_found, site));
        routes.push(plain(Kind::Feed, FEED, "", site));
        routes.extend(sitemap_files(&routes, site));
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

    /// The publishing details of everything made from one file, with where a link to it
    /// goes: the pages of the table, and the cities listed without a page of their own.
    /// A translation shares its original's details, which are told once, for the original.
    pub fn metas(&self) -> impl Iterator<Item = (String, &'a Meta)> {
        let originals = self.pages().filter(|r| r.site.language.is_english());
        let pages = originals.filter_map(|r| Some((r.path.clone(), r.meta?)));
        let listed = self.site.cities.iter().filter(|c| !c.has_page());
        pages.chain(listed.map(|c| (c.href(), &c.meta)))
    }

    /// Each old address, with where it now leads.
    pub fn redirects(&self) -> HashMap<String, String> {
        self.metas()
            .flat_map(|(to, meta)| {
                meta.aliases
                    .iter()
                    .map(move |alias| (alias.clone(), to.clone()))
            })
            .collect()
    }

    /// The search page's route, for the layout of its results.
    pub fn search(site: &'a Site, title: &str) -> Route<'a> {
        let path = site.language.address(SEARCH);
        Route {
            trail: vec![Crumb::new(&path, &site.language.words.search_title)],
            ..plain(Kind::Search, &path, title, site)
        }
    }
}

/// The pages of one version of the site that are in its language: all of them in English;
/// in a translated version, its home page and what is translated.
fn pages_of(site: &Site) -> Vec<Route<'_>> {
    let language = &site.language;
    let mine = |version: &Version| version.is_in(language);
    let mut routes = vec![home(site)];
    if mine(&site.priorities_section.version) {
        routes.push(priorities(site));
    }
    let translated = site.priorities.iter().filter(|p| mine(&p.version));
    routes.extend(translated.map(|p| priority(site, p)));
    if mine(&site.partnerships_section.version) {
        routes.push(partnerships(site));
    }
    let with_pages = site
        .cities
        .iter()
        .filter(|c| c.has_page() && mine(&c.version));
    routes.extend(with_pages.map(|c| city(site, c)));
    let translated = site.pages.iter().filter(|p| mine(&p.version));
    routes.extend(translated.map(|p| page(site, p)));
    routes.extend(news(site));
    let translated = site.posts.iter().filter(|p| mine(&p.version));
    routes.extend(translated.map(|p| post(site, p)));
    routes.extend(events(site));
    if !language.is_english() {
        // Its own feed once it has posts (English has one even with no news), and its own
        // page for an address under its prefix that does not exist.
        if !own_posts(site).is_empty() {
            routes.push(plain(Kind::Feed, &language.address(FEED), "", site));
        }
        let key = not_found_key(&language.prefix);
        routes.push(plain(Kind::NotFound, &key, &language.words.not_found, site));
    }
    routes
}

/// Gives each page the addresses of the same page in every language it is in: the pages
/// whose addresses are the same but for their language's prefix.
fn link_alternates(routes: &mut [Route<'_>]) {
    let mut versions: HashMap<String, Vec<Alternate>> = HashMap::new();
    for route in routes.iter() {
        let language = &route.site.language;
        versions
            .entry(route.english_path().to_string())
            .or_default()
            .push(Alternate {
                lang: language.tag.clone(),
                name: language.name.clone(),
                path: route.path.clone(),
            });
    }
    // Shared by the pages of a group, not copied for each.
    let shared: HashMap<String, Arc<[Alternate]>> = versions
        .into_iter()
        .filter(|(_, alternates)| alternates.len() > 1)
        .map(|(path, alternates)| (path, alternates.into()))
        .collect();
    for route in routes.iter_mut() {
        if let Some(alternates) = shared.get(route.english_path()) {
            route.alternates = Arc::clone(alternates);
        }
    }
}

/// The sitemap of `pages`: one file, or an index and its parts (see [`sitemap_parts`]).
fn sitemap_files<'a>(pages: &[Route<'a>], site: &'a Site) -> Vec<Route<'a>> {
    let listed = pages.iter().filter(|r| r.in_sitemap());
    let (urls, bytes) = listed.fold((0, 0), |(n, b), r| (n + 1, b + sitemap_bytes(r)));
    let parts = sitemap_parts(urls, bytes);
    if parts == 1 {
        return vec![plain(Kind::Sitemap(SitemapFile::Whole), SITEMAP, "", site)];
    }
    let part = |number| {
        let kind = Kind::Sitemap(SitemapFile::Part { number, parts });
        plain(kind, &sitemap_part(number), "", site)
    };
    let index = Kind::Sitemap(SitemapFile::Index { parts });
    std::iter::once(plain(index, SITEMAP, "", site))
        .chain((1..=parts).map(part))
        .collect()
}

/// A route with no trail, date or file of its own.
fn plain<'a>(kind: Kind<'a>, path: &str, title: &str, site: &'a Site) -> Route<'a> {
    Route {
        kind,
        path: path.to_string(),
        title: title.to_string(),
        description: site.settings.description.clone(),
        trail: Vec::new(),
        lastmod: None,
        meta: None,
        site,
        alternates: Arc::new([]),
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
        ..plain(Kind::Home, &site.language.address(HOME), "", site)
    }
}

/// The crumb of a collection's own page, in the language of `section`.
fn crumb(collection: Collection, section: &Section) -> Crumb {
    Crumb::new(&section.url(collection), &section.title)
}

/// A collection's own page, made from its `_index.md`.
fn index<'a>(
    kind: Kind<'a>,
    collection: Collection,
    section: &Section,
    lastmod: Option<Date>,
    site: &'a Site,
) -> Route<'a> {
    Route {
        title: section.title.clone(),
        description: section.description.clone(),
        trail: vec![crumb(collection, section)],
        lastmod,
        ..plain(kind, &section.url(collection), "", site)
    }
}

fn priorities(site: &Site) -> Route<'_> {
    let section = &site.priorities_section;
    let changed = priorities_changed(site);
    index(
        Kind::Priorities,
        Collection::Priorities,
        section,
        changed,
        site,
    )
}

fn priority<'a>(site: &'a Site, priority: &'a Priority) -> Route<'a> {
    let path = priority.url();
    Route {
        kind: Kind::Priority(priority),
        trail: vec![
            crumb(Collection::Priorities, &site.priorities_section),
            Crumb::new(&path, &priority.title),
        ],
        title: priority.title.clone(),
        description: priority.summary.clone(),
        lastmod: priority.meta.updated,
        meta: Some(&priority.meta),
        ..plain(Kind::Home, &path, "", site)
    }
}

fn partnerships(site: &Site) -> Route<'_> {
    let section = &site.partnerships_section;
    let changed = cities_changed(site);
    index(
        Kind::Partnerships,
        Collection::Partnerships,
        section,
        changed,
        site,
    )
}

fn city<'a>(site: &'a Site, city: &'a City) -> Route<'a> {
    let path = city.url();
    let words = &site.language.words;
    let description = city.summary.clone().unwrap_or_else(|| {
        words
            .city_description
            .replace("{city}", &city.title)
            .replace("{country}", &city.country)
    });
    Route {
        kind: Kind::City(city),
        trail: vec![
            crumb(Collection::Partnerships, &site.partnerships_section),
            Crumb::new(&path, &city.title),
        ],
        title: city.title.clone(),
        description,
        lastmod: city.meta.updated,
        meta: Some(&city.meta),
        ..plain(Kind::Home, &path, "", site)
    }
}

fn page<'a>(site: &'a Site, page: &'a Page) -> Route<'a> {
    let path = page.url();
    Route {
        kind: Kind::Page(page),
        trail: vec![Crumb::new(&path, &page.title)],
        title: page.title.clone(),
        description: page.description.clone(),
        lastmod: page.meta.updated,
        meta: Some(&page.meta),
        ..plain(Kind::Home, &path, "", site)
    }
}

/// The posts of a version in its own language: all of them in English.
fn own_posts(site: &Site) -> Vec<&Post> {
    let language = &site.language;
    site.posts
        .iter()
        .filter(|p| p.version.is_in(language))
        .collect()
}

/// The pages of the news list; in English, one, empty, when there is no news yet; in another
/// language, none until a post is translated into it.
fn news(site: &Site) -> Vec<Route<'_>> {
    let language = &site.language;
    let words = &language.words;
    let posts = &site.posts;
    // A version's posts are its own language's: the translated ones come first.
    let own = own_posts(site).len();
    if own == 0 && !language.is_english() {
        return Vec::new();
    }
    let chunks: Vec<&[Post]> = if own == 0 {
        vec![&[]]
    } else {
        posts[..own].chunks(POSTS_PER_PAGE).collect()
    };
    let count = chunks.len();
    // The layout adds the site's name to the title.
    let title = words.news.clone();
    let description = words
        .news_description
        .replace("{organisation}", &site.settings.organisation);
    let first = Crumb::new(&language.address(&news_page(1)), &words.news);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, posts)| {
            let number = i + 1;
            let path = language.address(&news_page(number));
            let mut trail = vec![first.clone()];
            let title = if number == 1 {
                title.clone()
            } else {
                let title = words
                    .news_page_title
                    .replace("{title}", &title)
                    .replace("{number}", &number.to_string());
                trail.push(Crumb::new(&path, &title));
                title
            };
            Route {
                kind: Kind::News {
                    number,
                    count,
                    posts,
                },
                title,
                description: description.clone(),
                trail,
                lastmod: posts.first().map(|p| p.date),
                ..plain(Kind::Home, &path, "", site)
            }
        })
        .collect()
}

/// The events section of `site`: in English, the upcoming events (a page even when none are
/// planned), the pages of past events, every event's page and calendar file, and the
/// calendar of upcoming events; in another language, the pages of its translated events.
fn events(site: &Site) -> Vec<Route<'_>> {
    let language = &site.language;
    let all = site.events.iter().chain(&site.past_events);
    let translated = all.filter(|e| e.version.is_in(language));
    let pages = translated.map(|e| event(site, e));
    if !language.is_english() {
        return pages.collect();
    }
    let words = &language.words;
    let description = words
        .events_description
        .replace("{organisation}", &site.settings.organisation);
    let first = Crumb::new(Collection::Events.prefix(), &words.events);
    let upcoming = Route {
        kind: Kind::Events(&site.events),
        title: words.events.clone(),
        description,
        trail: vec![first.clone()],
        lastmod: newest(site.events.iter().map(|e| e.meta.updated)),
        ..plain(Kind::Home, Collection::Events.prefix(), "", site)
    };
    let mut routes = vec![upcoming];
    routes.extend(past_events(site, &first));
    routes.extend(pages);
    let everything = site.events.iter().chain(&site.past_events);
    routes.extend(everything.map(|e| plain(Kind::EventCalendar(e), &e.calendar_url(), "", site)));
    routes.push(plain(
        Kind::EventsCalendar(&site.events),
        EVENTS_CALENDAR,
        "",
        site,
    ));
    routes
}

/// The pages of the past events, the latest first: one, empty, before any has ended.
fn past_events<'a>(site: &'a Site, events: &Crumb) -> Vec<Route<'a>> {
    let words = &site.language.words;
    let past = &site.past_events;
    let chunks: Vec<&[Event]> = if past.is_empty() {
        vec![&[]]
    } else {
        past.chunks(EVENTS_PER_PAGE).collect()
    };
    let count = chunks.len();
    let first = Crumb::new(&past_events_page(1), &words.past_events);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, events_here)| {
            let number = i + 1;
            let path = past_events_page(number);
            let mut trail = vec![events.clone(), first.clone()];
            let title = if number == 1 {
                words.past_events.clone()
            } else {
                let title = words
                    .past_events_page_title
                    .replace("{title}", &words.past_events)
                    .replace("{number}", &number.to_string());
                trail.push(Crumb::new(&path, &title));
                title
            };
            Route {
                kind: Kind::PastEvents {
                    number,
                    count,
                    events: events_here,
                },
                title,
                trail,
                lastmod: newest(events_here.iter().map(|e| e.meta.updated)),
                ..plain(Kind::Home, &path, "", site)
            }
        })
        .collect()
}

fn event<'a>(site: &'a Site, event: &'a Event) -> Route<'a> {
    let path = event.url();
    let events = &site.language.words.events;
    Route {
        kind: Kind::Event(event),
        trail: vec![
            Crumb::new(Collection::Events.prefix(), events),
            Crumb::new(&path, &event.title),
        ],
        title: event.title.clone(),
        description: event.summary.clone(),
        lastmod: event.meta.updated,
        meta: Some(&event.meta),
        ..plain(Kind::Home, &path, "", site)
    }
}

fn post<'a>(site: &'a Site, post: &'a Post) -> Route<'a> {
    let path = post.url();
    let language = &site.language;
    let news = &language.words.news;
    Route {
        kind: Kind::Post(post),
        trail: vec![
            Crumb::new(&language.address(&news_page(1)), news),
            Crumb::new(&path, &post.title),
        ],
        title: post.title.clone(),
        description: post.summary.clone(),
        lastmod: Some(post.meta.updated.unwrap_or(post.date)),
        meta: Some(&post.meta),
        ..plain(Kind::Home, &path, "", site)
    }
}
