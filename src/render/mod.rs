//! Every page of the site, rendered once per content load through askama templates, with the
//! sitemap and the news feed.

mod layout;
mod structured;
mod templates;

use askama::Template;
use jiff::Timestamp;
use jiff::civil::Date;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::assets::Assets;
use crate::content::Site;

use crate::map;
use layout::{Context, PageInfo};
pub use layout::{Crumb, Layout, NavItem};
use templates::{
    CityTemplate, ErrorsTemplate, FeedTemplate, HomeTemplate, MapView, NewsTemplate,
    NotFoundTemplate, PageTemplate, PartnershipsTemplate, PostTemplate, PrioritiesTemplate,
    PriorityTemplate, SearchTemplate, SitemapEntry, SitemapTemplate,
};

/// Pages rendered since the process started: serving must never add to it.
static PAGES_RENDERED: AtomicU64 = AtomicU64::new(0);

/// How many pages have been rendered since the process started.
pub fn pages_rendered() -> u64 {
    PAGES_RENDERED.load(Ordering::Relaxed)
}

/// News posts per page of the list.
pub const POSTS_PER_PAGE: usize = 10;

/// A rendered page: its URL path, its HTML, and when its content last changed.
pub struct RenderedPage {
    pub path: String,
    pub html: String,
    pub lastmod: Option<Date>,
}

/// Every page of `site`, the "not found" page and the news feed.
pub struct RenderedSite {
    pub pages: Vec<RenderedPage>,
    pub not_found: String,
    pub feed: String,
}

impl RenderedSite {
    /// The sitemap of every page, under `base_url`.
    pub fn sitemap(&self, base_url: &str) -> Result<String, askama::Error> {
        let mut entries: Vec<SitemapEntry> = self
            .pages
            .iter()
            .map(|page| SitemapEntry {
                loc: format!("{base_url}{}", page.path),
                lastmod: page.lastmod.map(|d| d.to_string()),
            })
            .collect();
        entries.sort_by(|a, b| a.loc.cmp(&b.loc));
        SitemapTemplate { entries: &entries }.render()
    }
}

fn world_url(assets: &Assets) -> &str {
    assets.url("world.svg").unwrap_or("/static/world.svg")
}

fn world_map<'a>(site: &Site, assets: &'a Assets) -> MapView<'a> {
    MapView {
        markers: map::markers(site),
        world_url: world_url(assets),
        small: false,
    }
}

/// The search page for `query` with its `hits`: the one page rendered per request.
pub fn render_search(
    site: &Site,
    assets: &Assets,
    base_url: &str,
    query: &str,
    found: &crate::search::Found,
) -> Result<String, askama::Error> {
    let cx = Context {
        site,
        assets,
        now: Timestamp::now(),
        base_url,
    };
    let title = if query.is_empty() {
        "Search".to_string()
    } else {
        format!("Search results for “{query}”")
    };
    let mut layout = cx.layout(&PageInfo::new(
        "/search",
        &title,
        &site.settings.description,
        &[("/search", "Search")],
        None,
    ));
    layout.query = query.to_string();
    layout.noindex = true;
    SearchTemplate {
        layout,
        query,
        hits: &found.hits,
        total: found.total,
    }
    .render()
}

/// The page preview mode shows when the content is broken.
pub fn render_errors(errors: &[String], style_url: Option<&str>) -> Result<String, askama::Error> {
    ErrorsTemplate { errors, style_url }.render()
}

/// Renders every page of `site` as it stands at `now`.
pub fn render_site(
    site: &Site,
    assets: &Assets,
    now: Timestamp,
    base_url: &str,
) -> Result<RenderedSite, askama::Error> {
    let cx = Context {
        site,
        assets,
        now,
        base_url,
    };
    let mut pages = Vec::new();
    let mut add = |path: String, html: String, lastmod: Option<Date>| {
        PAGES_RENDERED.fetch_add(1, Ordering::Relaxed);
        pages.push(RenderedPage {
            path,
            html,
            lastmod,
        })
    };

    let newest = |dates: &mut dyn Iterator<Item = Option<Date>>| dates.flatten().max();
    let priorities_changed = newest(&mut site.priorities.iter().map(|p| p.meta.updated));
    let cities_changed = newest(&mut site.cities.iter().map(|c| c.meta.updated));
    let news_changed = site.posts.first().map(|p| p.date);
    let all_changed = newest(
        &mut [priorities_changed, cities_changed, news_changed]
            .into_iter()
            .chain(site.pages.iter().map(|p| p.meta.updated)),
    );

    let mut layout = cx.layout(&PageInfo::new(
        "/",
        &site.settings.title,
        &site.settings.description,
        &[],
        None,
    ));
    layout
        .json_ld
        .push(structured::organisation(&site.settings, base_url));
    let home = HomeTemplate {
        layout,
        site,
        local_partnerships: site.page("local-partnerships"),
        latest: &site.posts[..site.posts.len().min(3)],
        map: world_map(site, assets),
    };
    add("/".into(), home.render()?, all_changed);

    let section = &site.priorities_section;
    let priorities_crumb = ("/priorities/", section.title.as_str());
    let overview = PrioritiesTemplate {
        layout: cx.layout(&PageInfo::new(
            "/priorities/",
            &section.title,
            &section.description,
            &[priorities_crumb],
            None,
        )),
        section,
        priorities: &site.priorities,
    };
    add(
        "/priorities/".into(),
        overview.render()?,
        priorities_changed,
    );
    for priority in &site.priorities {
        let url = priority.url();
        let trail = [priorities_crumb, (url.as_str(), priority.title.as_str())];
        let page = PriorityTemplate {
            layout: cx.layout(&PageInfo::new(
                &url,
                &priority.title,
                &priority.summary,
                &trail,
                Some(&priority.meta),
            )),
            priority,
            cities: site.cities_serving(&priority.slug).collect(),
        };
        add(url.clone(), page.render()?, priority.meta.updated);
    }

    let section = &site.partnerships_section;
    let partnerships_crumb = ("/partnerships/", section.title.as_str());
    let overview = PartnershipsTemplate {
        layout: cx.layout(&PageInfo::new(
            "/partnerships/",
            &section.title,
            &section.description,
            &[partnerships_crumb],
            None,
        )),
        site,
        map: world_map(site, assets),
    };
    add("/partnerships/".into(), overview.render()?, cities_changed);
    for city in site.cities.iter().filter(|c| c.has_page()) {
        let url = city.url();
        let description = city
            .summary
            .clone()
            .unwrap_or_else(|| format!("Leeds' link with {}, {}.", city.title, city.country));
        let trail = [partnerships_crumb, (url.as_str(), city.title.as_str())];
        let mut layout = cx.layout(&PageInfo::new(
            &url,
            &city.title,
            &description,
            &trail,
            Some(&city.meta),
        ));
        layout.json_ld.push(structured::city(city, base_url));
        let page = CityTemplate {
            layout,
            city,
            priorities: city
                .priorities
                .iter()
                .filter_map(|slug| site.priority(slug))
                .collect(),
            map: MapView {
                markers: map::locator(city),
                world_url: world_url(assets),
                small: true,
            },
        };
        add(url.clone(), page.render()?, city.meta.updated);
    }

    for page in &site.pages {
        let url = page.url();
        let trail = [(url.as_str(), page.title.as_str())];
        let template = PageTemplate {
            layout: cx.layout(&PageInfo::new(
                &url,
                &page.title,
                &page.description,
                &trail,
                Some(&page.meta),
            )),
            page,
        };
        add(url.clone(), template.render()?, page.meta.updated);
    }

    let news_title = format!("News from {}", site.settings.title);
    let news_description = format!("The latest news from the {}.", site.settings.organisation);
    let news_crumb = ("/news/", "News");
    let chunks: Vec<&[_]> = if site.posts.is_empty() {
        vec![&[]]
    } else {
        site.posts.chunks(POSTS_PER_PAGE).collect()
    };
    let page_url = |n: usize| {
        if n == 1 {
            "/news/".to_string()
        } else {
            format!("/news/page/{n}/")
        }
    };
    for (i, posts) in chunks.iter().enumerate() {
        let number = i + 1;
        let url = page_url(number);
        let title = if number == 1 {
            news_title.clone()
        } else {
            format!("{news_title}, page {number}")
        };
        let trail = [news_crumb, (url.as_str(), title.as_str())];
        let trail = if number == 1 { &trail[..1] } else { &trail[..] };
        let list = NewsTemplate {
            layout: cx.layout(&PageInfo::new(&url, &title, &news_description, trail, None)),
            posts,
            number,
            count: chunks.len(),
            previous: (number > 1).then(|| page_url(number - 1)),
            next: (number < chunks.len()).then(|| page_url(number + 1)),
            news_url: &site.settings.news_url,
        };
        add(url, list.render()?, posts.first().map(|p| p.date));
    }
    for post in &site.posts {
        let url = post.url();
        let trail = [news_crumb, (url.as_str(), post.title.as_str())];
        let page = PostTemplate {
            layout: cx.layout(&PageInfo::new(
                &url,
                &post.title,
                &post.summary,
                &trail,
                Some(&post.meta),
            )),
            post,
        };
        add(
            url.clone(),
            page.render()?,
            Some(post.meta.updated.unwrap_or(post.date)),
        );
    }

    let not_found = NotFoundTemplate {
        layout: cx.layout(&PageInfo::new(
            "",
            "Page not found",
            &site.settings.description,
            &[],
            None,
        )),
        site,
    }
    .render()?;
    let feed = FeedTemplate {
        base_url,
        title: news_title,
        author: &site.settings.organisation,
        // A feed with no posts says it has not changed since the epoch: honest, and stable.
        updated: news_changed.map_or_else(
            || "1970-01-01T00:00:00Z".into(),
            |d| format!("{d}T00:00:00Z"),
        ),
        posts: &site.posts,
    }
    .render()?;
    Ok(RenderedSite {
        pages,
        not_found,
        feed,
    })
}
