//! The table itself: one route for every page and file, each made from the content it shows.

use jiff::civil::Date;
use std::collections::HashMap;

use super::{
    Collection, Crumb, FEED, HOME, Kind, POSTS_PER_PAGE, ROBOTS, Route, SEARCH, SITEMAP, news_page,
};
use crate::content::{City, Meta, Page, Post, Priority, Section, Site};

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

    /// The publishing details of everything made from one file, with where a link to it
    /// goes: the pages of the table, and the cities listed without a page of their own.
    pub fn metas(&self) -> impl Iterator<Item = (String, &'a Meta)> {
        let pages = self.pages().filter_map(|r| Some((r.path.clone(), r.meta?)));
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
    pub fn search(site: &Site, title: &str) -> Route<'static> {
        Route {
            trail: vec![Crumb::new(SEARCH, "Search")],
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
fn crumb(collection: Collection, title: &str) -> Crumb {
    Crumb::new(collection.prefix(), title)
}

/// A collection's own page, made from its `_index.md`.
fn index<'a>(
    kind: Kind<'a>,
    collection: Collection,
    section: &Section,
    lastmod: Option<Date>,
) -> Route<'a> {
    Route {
        kind,
        path: collection.prefix().to_string(),
        title: section.title.clone(),
        description: section.description.clone(),
        trail: vec![crumb(collection, &section.title)],
        lastmod,
        meta: None,
    }
}

fn priorities(site: &Site) -> Route<'_> {
    let section = &site.priorities_section;
    index(
        Kind::Priorities,
        Collection::Priorities,
        section,
        priorities_changed(site),
    )
}

fn priority<'a>(site: &Site, priority: &'a Priority) -> Route<'a> {
    let path = priority.url();
    let title = &site.priorities_section.title;
    Route {
        kind: Kind::Priority(priority),
        trail: vec![
            crumb(Collection::Priorities, title),
            Crumb::new(&path, &priority.title),
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
    index(
        Kind::Partnerships,
        Collection::Partnerships,
        section,
        cities_changed(site),
    )
}

fn city<'a>(site: &Site, city: &'a City) -> Route<'a> {
    let path = city.url();
    let title = &site.partnerships_section.title;
    let description = city
        .summary
        .clone()
        .unwrap_or_else(|| format!("Leeds’ link with {}, {}.", city.title, city.country));
    Route {
        kind: Kind::City(city),
        trail: vec![
            crumb(Collection::Partnerships, title),
            Crumb::new(&path, &city.title),
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
        trail: vec![Crumb::new(&path, &page.title)],
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
    // The layout adds the site's name to the title.
    let title = "News".to_string();
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
                trail.push(Crumb::new(&path, &title));
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
            Crumb::new(&path, &post.title),
        ],
        path,
        title: post.title.clone(),
        description: post.summary.clone(),
        lastmod: Some(post.meta.updated.unwrap_or(post.date)),
        meta: Some(&post.meta),
    }
}
