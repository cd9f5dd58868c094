//! The site's content as typed, validated data: read once from `content/`, then never changed.

mod advice;
pub mod dates;
pub mod document;
pub mod error;
pub mod event;
pub mod history;
pub mod languages;
mod load;
pub(crate) use load::is_ignored;
pub use load::{load, load_partial};
pub mod reading;
pub mod schema;
pub(crate) mod scripts;
pub mod typography;

pub use error::{ContentError, LoadErrors, Location, Problem};
pub use event::{Event, Place, When};
pub use languages::{Language, Version};

use jiff::Timestamp;
use jiff::civil::Date;
use std::sync::Arc;

use crate::markdown::Rendered;
use crate::routes::{self, Collection};

/// Everything the site says, validated and cross-checked.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub settings: Settings,
    pub priorities_section: Section,
    /// In the order editors gave them.
    pub priorities: Vec<Priority>,
    pub partnerships_section: Section,
    /// The sentence above the list of friendship cities.
    pub friendship_intro: String,
    /// Partner and friendship cities, in alphabetical order of slug.
    pub cities: Vec<City>,
    /// Stand-alone pages such as the accessibility statement.
    pub pages: Vec<Page>,
    /// News posts, newest first.
    pub posts: Vec<Post>,
    /// Events, soonest first: as loaded, all of them; in the site as of a moment
    /// ([`Site::visible_at`]), those that have not ended.
    pub events: Vec<Event>,
    /// In the site as of a moment, the events that have ended, the latest first.
    pub past_events: Vec<Event>,
    /// Every internal link in the content, to be checked against the route table.
    pub links: Vec<ContentLink>,
    /// Things editors should fix that do not stop the site being published.
    pub warnings: Vec<ContentError>,
    /// Addresses of files that failed to load, whose errors are already reported.
    pub unloaded: Vec<String>,
    /// The language of this version of the site: English for the site as loaded.
    pub language: Language,
    /// The site in each language declared in `site.toml`, in their order: what is translated
    /// in its words, the rest in English. Empty in a translated version.
    pub versions: Vec<Site>,
    /// The editors' synonyms for search (`synonyms.toml`), for every language.
    pub synonyms: Vec<Synonym>,
    /// The photos of `content/media/`, processed: shared by every version of the site.
    pub media: std::sync::Arc<crate::media::Media>,
}

/// One of the editors' synonyms for search: searching for any of `words` (a word or a
/// phrase each) also finds the pages that say one of the phrases of `means`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub words: Vec<String>,
    pub means: Vec<String>,
    /// Where its `means` is written.
    pub location: Location,
}

/// How two synonyms are compared: as search reads them in English, folded and stemmed
/// ("Twin Towns" is "twin town").
pub fn synonym_key(text: &str) -> String {
    let english = crate::search::Analyzer::new(languages::ENGLISH_TAG);
    english.query_terms(text).join(" ")
}

/// The words of `text` in lowercase without diacritics, one space between them.
pub fn fold_words(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(crate::search::fold)
        .collect();
    words.join(" ")
}

/// A link from one page to an address on this site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLink {
    /// The address of the page that holds the link.
    pub from: String,
    /// Where it goes, as written: `/partnerships/`, `#contact`, `/pages/x/#top`,
    /// `/static/lille.jpg`, `https://…`.
    pub dest: String,
    pub location: Location,
    /// A picture's source (`![…](dest)`), which must be a file, not a page.
    pub picture: bool,
}

/// A Markdown body, rendered once: shared, so that a copy of the site copies no text.
#[derive(Debug, Clone, Default)]
pub struct Body(Arc<BodyParts>);

#[derive(Debug, Default)]
struct BodyParts {
    html: String,
    text: String,
    ids: Vec<String>,
}

impl Body {
    /// Keeps what the site shows and searches of `rendered`; its links and findings are the
    /// loader's.
    pub fn new(rendered: Rendered) -> Self {
        Self(Arc::new(BodyParts {
            html: rendered.html,
            text: rendered.text,
            ids: rendered.ids,
        }))
    }

    /// Sanitised HTML.
    pub fn html(&self) -> &str {
        &self.0.html
    }

    /// The plain text, for search.
    pub fn text(&self) -> &str {
        &self.0.text
    }

    /// The ids of its headings, which links may name.
    pub fn ids(&self) -> &[String] {
        &self.0.ids
    }
}

/// When a page is shown, what dates it shows, and the old addresses that lead to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub draft: bool,
    pub publish_at: Option<Timestamp>,
    pub unpublish_at: Option<Timestamp>,
    /// Shown as "Last updated".
    pub updated: Option<Date>,
    /// When editors should look at the page again, and where the file says so; `check`
    /// warns after it.
    pub review_by: Option<(Date, Location)>,
    /// Old addresses that redirect here.
    pub aliases: Vec<String>,
    /// The page's main photo, shown under its title and when it is shared.
    pub image: Option<MainImage>,
}

/// A page's main photo, with its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MainImage {
    pub picture: std::sync::Arc<crate::media::Picture>,
    pub alt: String,
    pub caption: Option<String>,
    /// Who owns the photo: "Photo: …" under it.
    pub credit: Option<String>,
}

impl MainImage {
    /// Its `<picture>`, fetched first: it is the first picture of its page.
    pub fn html(&self) -> String {
        self.picture.html(&self.alt, true)
    }
}

impl Meta {
    /// Whether the page is public at `now`; with `drafts`, everything is shown.
    pub fn is_visible(&self, now: Timestamp, drafts: bool) -> bool {
        drafts
            || (!self.draft
                && self.publish_at.is_none_or(|t| t <= now)
                && self.unpublish_at.is_none_or(|t| t > now))
    }

    /// Whether the page is hidden from the public for now (a draft, or not yet published).
    pub fn is_unpublished(&self, now: Timestamp) -> bool {
        !self.is_visible(now, false)
    }

    /// The moments after `now` when the page appears or disappears.
    fn changes_after(&self, now: Timestamp) -> impl Iterator<Item = Timestamp> {
        [self.publish_at, self.unpublish_at]
            .into_iter()
            .flatten()
            .filter(move |t| *t > now)
    }
}

/// Site-wide settings and text, from `site.toml`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub title: String,
    pub organisation: String,
    pub description: String,
    pub intro: String,
    pub news_url: String,
    pub news_label: String,
    pub twitter_handle: String,
    /// The languages the site is translated into, besides English, in the order the
    /// language switcher lists them.
    #[serde(default)]
    pub languages: Vec<schema::DeclaredLanguage>,
}

impl Settings {
    pub fn twitter_url(&self) -> String {
        format!("https://twitter.com/{}", self.twitter_handle)
    }
}

/// A section's own page (`_index.md`).
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub title: String,
    pub description: String,
    pub body: Body,
    pub version: Version,
}

impl Section {
    /// The address of the section's page in its language.
    pub fn url(&self, collection: Collection) -> String {
        format!("{}{}", self.version.prefix, collection.prefix())
    }
}

/// One of the team's priority areas.
#[derive(Debug, Clone)]
pub struct Priority {
    pub slug: String,
    pub title: String,
    pub order: u32,
    pub summary: String,
    pub body: Body,
    pub meta: Meta,
    /// The original, or a translation.
    pub version: Version,
}

impl Priority {
    pub fn url(&self) -> String {
        format!(
            "{}{}",
            self.version.prefix,
            Collection::Priorities.address(&self.slug)
        )
    }
}

/// Whether a city is a formal partner or a friendship city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CityKind {
    Partner,
    Friendship,
}

/// A city's name in its own language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalName {
    pub name: String,
    /// A BCP 47 language tag, such as `cs` or `zh-Hans`.
    pub lang: String,
}

impl LocalName {
    /// The language's English name, where the site knows it.
    pub fn language(&self) -> Option<&'static str> {
        language_name(&self.lang)
    }
}

/// English names of the languages the content uses; unknown tags are shown without one.
pub fn language_name(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "ca" => "Catalan",
        "cs" => "Czech",
        "de" => "German",
        "en" => "English",
        "es" => "Spanish",
        "fr" => "French",
        "ga" => "Irish",
        "ro" => "Romanian",
        "si" => "Sinhala",
        "sr" | "sr-Cyrl" | "sr-Latn" => "Serbian",
        "ta" => "Tamil",
        "uk" => "Ukrainian",
        "zh-Hans" => "Chinese",
        "zu" => "Zulu",
        _ => return None,
    })
}

/// A partner or friendship city.
#[derive(Debug, Clone)]
pub struct City {
    pub slug: String,
    pub title: String,
    pub country: String,
    pub kind: CityKind,
    pub latitude: f64,
    pub longitude: f64,
    /// The year the link began, where known.
    pub since: Option<u16>,
    pub link_note: Option<String>,
    pub former_name: Option<String>,
    pub note: Option<String>,
    /// Slugs of the priorities this city's work serves; each one exists.
    pub priorities: Vec<String>,
    pub summary: Option<String>,
    pub local_names: Vec<LocalName>,
    /// `None` when the file has no text, and so the city has no page of its own.
    pub body: Option<Body>,
    pub meta: Meta,
    /// The original, or a translation.
    pub version: Version,
}

impl City {
    /// The address of the city's own page, if it has one.
    pub fn url(&self) -> String {
        format!(
            "{}{}",
            self.version.prefix,
            Collection::Partnerships.address(&self.slug)
        )
    }

    pub fn has_page(&self) -> bool {
        self.body.is_some()
    }

    /// Where a link to the city goes: its page, or else its entry on the partnerships page.
    pub fn href(&self) -> String {
        routes::city_href(self)
    }

    /// The language of the city's own name where the English name is written the local way
    /// (Brașov, Niš), so it can be marked up for screen readers. English names need no mark.
    pub fn title_lang(&self) -> Option<&str> {
        self.local_names
            .iter()
            .find(|local| local.name == self.title && !local.lang.starts_with("en"))
            .map(|local| local.lang.as_str())
    }

    /// Local names worth showing beside the English one: those spelt differently.
    pub fn other_names(&self) -> impl Iterator<Item = &LocalName> {
        self.local_names.iter().filter(|l| l.name != self.title)
    }
}

/// A stand-alone page from `pages/`.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub summary: Option<String>,
    /// Position in the main navigation, if the page belongs there.
    pub menu: Option<u32>,
    pub body: Body,
    pub meta: Meta,
    /// The original, or a translation.
    pub version: Version,
}

impl Page {
    pub fn url(&self) -> String {
        format!(
            "{}{}",
            self.version.prefix,
            Collection::Pages.address(&self.slug)
        )
    }
}

/// A dated news post from `news/`.
#[derive(Debug, Clone)]
pub struct Post {
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub summary: String,
    pub body: Body,
    pub meta: Meta,
    /// The original, or a translation.
    pub version: Version,
}

impl Post {
    pub fn url(&self) -> String {
        format!(
            "{}{}",
            self.version.prefix,
            Collection::News.address(&self.slug)
        )
    }

    /// The date as the site shows it: `29 November 2026`.
    pub fn long_date(&self) -> String {
        dates::long_date(self.date)
    }
}

impl Site {
    pub fn priority(&self, slug: &str) -> Option<&Priority> {
        self.priorities.iter().find(|p| p.slug == slug)
    }

    pub fn partner_cities(&self) -> impl Iterator<Item = &City> {
        self.cities.iter().filter(|c| c.kind == CityKind::Partner)
    }

    pub fn friendship_cities(&self) -> impl Iterator<Item = &City> {
        self.cities
            .iter()
            .filter(|c| c.kind == CityKind::Friendship)
    }

    /// The cities whose work serves the priority `slug`.
    pub fn cities_serving<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a City> {
        self.cities
            .iter()
            .filter(move |c| c.priorities.iter().any(|p| p == slug))
    }

    pub fn page(&self, slug: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.slug == slug)
    }

    /// The page about the team's partnerships in Leeds, which the home page sums up.
    pub fn local_partnerships(&self) -> Option<&Page> {
        self.page("local-partnerships")
    }

    /// The site as the public sees it at `now`: drafts and unpublished pages left out, with
    /// every city's reference to them (links to them are for the link check to report).
    /// With `drafts`, everything is kept.
    pub fn visible_at(&self, now: Timestamp, drafts: bool) -> Site {
        let mut site = Site {
            links: self.links.clone(),
            warnings: self.warnings.clone(),
            ..self.pages_only()
        };
        site.priorities.retain(|p| p.meta.is_visible(now, drafts));
        site.cities.retain(|c| c.meta.is_visible(now, drafts));
        site.pages.retain(|p| p.meta.is_visible(now, drafts));
        site.posts.retain(|p| p.meta.is_visible(now, drafts));
        let events = std::mem::take(&mut site.events).into_iter();
        let (past, upcoming) = events
            .filter(|e| e.meta.is_visible(now, drafts))
            .partition(|e| e.has_ended(now));
        site.events = upcoming;
        site.past_events = past;
        site.past_events.reverse();
        site.versions = self
            .versions
            .iter()
            .map(|version| version.visible_at(now, drafts))
            .collect();
        let priorities: Vec<String> = site.priorities.iter().map(|p| p.slug.clone()).collect();
        for city in &mut site.cities {
            city.priorities.retain(|slug| priorities.contains(slug));
        }
        let cities: Vec<String> = site.cities.iter().map(|c| c.slug.clone()).collect();
        for event in site.events.iter_mut().chain(&mut site.past_events) {
            event.priorities.retain(|slug| priorities.contains(slug));
            event.cities.retain(|slug| cities.contains(slug));
        }
        site
    }

    /// A copy of this version's settings, pages and language, without the content's links
    /// and warnings and without the other languages' versions, which a copy made for one
    /// use (the public site at a moment, a language's version) would copy for nothing.
    pub(crate) fn pages_only(&self) -> Site {
        Site {
            settings: self.settings.clone(),
            priorities_section: self.priorities_section.clone(),
            priorities: self.priorities.clone(),
            partnerships_section: self.partnerships_section.clone(),
            friendship_intro: self.friendship_intro.clone(),
            cities: self.cities.clone(),
            pages: self.pages.clone(),
            posts: self.posts.clone(),
            events: self.events.clone(),
            past_events: self.past_events.clone(),
            links: Vec::new(),
            warnings: Vec::new(),
            unloaded: self.unloaded.clone(),
            language: self.language.clone(),
            versions: Vec::new(),
            synonyms: self.synonyms.clone(),
            media: std::sync::Arc::clone(&self.media),
        }
    }

    /// The publishing details of every page that has them.
    pub fn metas(&self) -> impl Iterator<Item = &Meta> {
        let priorities = self.priorities.iter().map(|p| &p.meta);
        let cities = self.cities.iter().map(|c| &c.meta);
        let pages = self.pages.iter().map(|p| &p.meta);
        let posts = self.posts.iter().map(|p| &p.meta);
        let events = self.events.iter().chain(&self.past_events).map(|e| &e.meta);
        priorities
            .chain(cities)
            .chain(pages)
            .chain(posts)
            .chain(events)
    }

    /// The next moment after `now` when a page appears or disappears, or an event ends, so
    /// the site can be rebuilt then; with `drafts` (a preview, which shows every page), only
    /// when an event ends.
    pub fn next_change_after(&self, now: Timestamp, drafts: bool) -> Option<Timestamp> {
        let pages = self
            .metas()
            .filter(|_| !drafts)
            .flat_map(|meta| meta.changes_after(now));
        let ends = self.events.iter().map(|e| e.when.ends_at());
        pages.chain(ends.filter(|end| *end > now)).min()
    }

    /// The events of the city `slug` that have not ended.
    pub fn events_of_city<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a Event> {
        self.events
            .iter()
            .filter(move |e| e.cities.iter().any(|c| c == slug))
    }

    /// The events serving the priority `slug` that have not ended.
    pub fn events_serving<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a Event> {
        self.events
            .iter()
            .filter(move |e| e.priorities.iter().any(|p| p == slug))
    }
}
