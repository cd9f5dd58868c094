//! The askama template of each kind of page; each struct names its file in `templates/`.

use askama::Template;

use crate::content::{City, Event, Page, Post, Priority, Section, Site};
use crate::map::{Marker, View};
use crate::routes::Alternate;
use crate::search::Hit;

use super::layout::Layout;

/// A map, with its markers placed.
pub struct MapView<'a> {
    pub markers: Vec<Marker>,
    /// The part of the world shown.
    pub view: View,
    pub world_url: &'a str,
    /// A city page's small locator map.
    pub small: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomeTemplate<'a> {
    pub layout: Layout<'a>,
    pub site: &'a Site,
    pub local_partnerships: Option<&'a Page>,
    /// The newest posts, at most three.
    pub latest: &'a [Post],
    /// The next events, at most three.
    pub events: &'a [Event],
    pub map: MapView<'a>,
}

#[derive(Template)]
#[template(path = "priorities.html")]
pub struct PrioritiesTemplate<'a> {
    pub layout: Layout<'a>,
    pub section: &'a Section,
    pub priorities: &'a [Priority],
}

#[derive(Template)]
#[template(path = "priority.html")]
pub struct PriorityTemplate<'a> {
    pub layout: Layout<'a>,
    pub priority: &'a Priority,
    pub cities: Vec<&'a City>,
    /// Its upcoming events.
    pub events: Vec<&'a Event>,
}

#[derive(Template)]
#[template(path = "partnerships.html")]
pub struct PartnershipsTemplate<'a> {
    pub layout: Layout<'a>,
    pub site: &'a Site,
    pub map: MapView<'a>,
}

#[derive(Template)]
#[template(path = "city.html")]
pub struct CityTemplate<'a> {
    pub layout: Layout<'a>,
    pub city: &'a City,
    pub priorities: Vec<&'a Priority>,
    pub map: MapView<'a>,
    /// Its upcoming events.
    pub events: Vec<&'a Event>,
}

#[derive(Template)]
#[template(path = "page.html")]
pub struct PageTemplate<'a> {
    pub layout: Layout<'a>,
    pub page: &'a Page,
}

/// One page of the list of news posts.
#[derive(Template)]
#[template(path = "news.html")]
pub struct NewsTemplate<'a> {
    pub layout: Layout<'a>,
    pub posts: &'a [Post],
    /// 1-based.
    pub number: usize,
    pub count: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub news_url: &'a str,
}

#[derive(Template)]
#[template(path = "post.html")]
pub struct PostTemplate<'a> {
    pub layout: Layout<'a>,
    pub post: &'a Post,
}

/// The upcoming events, by month.
#[derive(Template)]
#[template(path = "events.html")]
pub struct EventsTemplate<'a> {
    pub layout: Layout<'a>,
    /// Each month with an event ("March 2027"), soonest first, with its events.
    pub months: Vec<(String, Vec<&'a Event>)>,
    /// Whether any event has ended, for the link to them.
    pub has_past: bool,
}

/// One page of the past events.
#[derive(Template)]
#[template(path = "past_events.html")]
pub struct PastEventsTemplate<'a> {
    pub layout: Layout<'a>,
    pub events: &'a [Event],
    /// 1-based.
    pub number: usize,
    pub count: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Template)]
#[template(path = "event.html")]
pub struct EventTemplate<'a> {
    pub layout: Layout<'a>,
    pub event: &'a Event,
    /// Whether it is over: no booking, no joining, no adding to a calendar.
    pub ended: bool,
    /// The cities it is about, each with where a link to it goes.
    pub cities: Vec<(&'a City, String)>,
    pub priorities: Vec<&'a Priority>,
}

#[derive(Template)]
#[template(path = "not_found.html")]
pub struct NotFoundTemplate<'a> {
    pub layout: Layout<'a>,
    pub site: &'a Site,
}

/// What a visitor sees when something fails inside the server: no detail, a way on. It
/// needs nothing from the content, so that it can be shown whatever went wrong.
#[derive(Template)]
#[template(path = "internal_error.html")]
pub struct InternalErrorTemplate;

#[derive(Template)]
#[template(path = "errors.html")]
pub struct ErrorsTemplate<'a> {
    pub errors: &'a [String],
    pub style_url: Option<&'a str>,
    /// The addresses of the preview's script and event stream.
    pub to: &'static crate::routes::Addresses,
}

/// One address in the sitemap.
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<String>,
    /// The page in each language it is in, when it is in more than one.
    pub alternates: std::sync::Arc<[Alternate]>,
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
pub struct SitemapTemplate<'a> {
    pub entries: &'a [SitemapEntry],
    pub base_url: &'a str,
}

/// The list of a sitemap's parts, for a site too large for one.
#[derive(Template)]
#[template(path = "sitemap_index.xml")]
pub struct SitemapIndexTemplate<'a> {
    /// Each part's full address.
    pub parts: &'a [String],
}

#[derive(Template)]
#[template(path = "feed.xml")]
pub struct FeedTemplate<'a> {
    pub base_url: &'a str,
    /// The language of the feed and its posts.
    pub lang: &'a str,
    /// The news list's address, and the feed's own.
    pub news: String,
    pub feed: String,
    pub title: String,
    pub author: &'a str,
    /// RFC 3339.
    pub updated: String,
    pub posts: &'a [Post],
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchTemplate<'a> {
    pub layout: Layout<'a>,
    pub query: &'a str,
    /// The best results, at most [`crate::search::MAX_HITS`].
    pub hits: &'a [Hit],
    /// How many pages match in all.
    pub total: usize,
    /// The query the results are for, when it is not the one typed.
    pub corrected: Option<Correction<'a>>,
}

impl SearchTemplate<'_> {
    /// The query the results are for: as corrected, or as typed.
    pub fn answered(&self) -> &str {
        self.corrected.as_ref().map_or(self.query, |c| c.query)
    }
}

/// A query answered for other words than those typed ("Dortmund" for "Dortmnd"), with the
/// links to either.
pub struct Correction<'a> {
    pub query: &'a str,
    /// The search for the corrected query.
    pub href: String,
    /// The search for the query as typed, not corrected.
    pub as_typed_href: String,
}
