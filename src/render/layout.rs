//! What the base layout needs on every page: titles, navigation, breadcrumbs, dates, and the
//! tags that describe the page to search engines and social sites.

use jiff::Timestamp;
use std::collections::HashMap;

use crate::assets::Assets;
use crate::content::languages::ENGLISH_TAG;
use crate::content::{Event, Language, Page, Section, Settings, Site, Version};
use crate::routes::{ADDRESSES, Alternate, Collection, Crumb, HOME, OgType, Route, news_page};
use crate::words::Words;

use super::structured;

/// One link in the main navigation.
pub struct NavItem {
    pub title: String,
    pub href: String,
    /// `aria-current`: `page` for the page itself, `true` for the section it belongs to.
    pub current: Option<&'static str>,
    /// The language of the page it leads to, where it is not the page's: a page not
    /// translated into the reader's language.
    pub foreign: Option<String>,
    /// The language of the title, where it is not the page's: an English page's own title.
    pub title_lang: Option<String>,
}

/// A link the layout makes to one of the site's own pages: in the reader's language where
/// that page is translated, and otherwise to the English page, saying so.
#[derive(Clone)]
pub struct Target {
    pub href: String,
    /// The language of the page it leads to, where it is not the reader's.
    pub foreign: Option<String>,
}

impl Target {
    fn new(href: String, lang: &str, reader: &Language) -> Self {
        Target {
            href,
            foreign: (lang != reader.tag).then(|| lang.to_string()),
        }
    }
}

/// The pages the layout and templates link to, in the reader's language where they can be.
#[derive(Clone)]
pub struct Links {
    pub home: String,
    pub priorities: Target,
    pub partnerships: Target,
    pub news: Target,
    /// The events, their past and their calendar: in English only.
    pub events: &'static str,
    pub past_events: &'static str,
    pub events_calendar: &'static str,
    /// The feed of the reader's language where it has news, else the English one.
    pub feed: String,
    /// The search of the reader's language.
    pub search: String,
    pub accessibility: Option<Target>,
    pub preview_script: &'static str,
    pub preview_events: &'static str,
    /// The pages of the main navigation (`menu`), in order, with their titles.
    menu: Vec<(String, Target)>,
}

impl Links {
    /// The links of `site` and of each of its languages' versions, by language: found once
    /// for a whole build, not for each page.
    pub fn all(site: &Site) -> HashMap<String, Links> {
        std::iter::once(site)
            .chain(&site.versions)
            .map(|version| (version.language.tag.clone(), Links::of(version)))
            .collect()
    }

    fn of(site: &Site) -> Self {
        let language = &site.language;
        let section = |section: &Section, collection: Collection| {
            Target::new(section.url(collection), section.version.lang(), language)
        };
        let has_news = site.posts.iter().any(|p| p.version.is_in(language));
        let news = if has_news || language.is_english() {
            Target::new(language.address(&news_page(1)), &language.tag, language)
        } else {
            Target::new(news_page(1), ENGLISH_TAG, language)
        };
        Links {
            home: language.address(HOME),
            priorities: section(&site.priorities_section, Collection::Priorities),
            partnerships: section(&site.partnerships_section, Collection::Partnerships),
            news,
            events: ADDRESSES.events,
            past_events: ADDRESSES.past_events,
            events_calendar: ADDRESSES.events_calendar,
            feed: if has_news {
                language.address(ADDRESSES.feed)
            } else {
                ADDRESSES.feed.to_string()
            },
            search: language.address(ADDRESSES.search),
            accessibility: site
                .page(ACCESSIBILITY)
                .map(|page| Target::new(page.url(), page.version.lang(), language)),
            preview_script: ADDRESSES.preview_script,
            preview_events: ADDRESSES.preview_events,
            menu: menu(site),
        }
    }
}

/// The pages `site` puts in its main navigation, in their order.
fn menu(site: &Site) -> Vec<(String, Target)> {
    let mut menu: Vec<&Page> = site.pages.iter().filter(|p| p.menu.is_some()).collect();
    menu.sort_by_key(|p| p.menu);
    menu.into_iter()
        .map(|page| {
            let target = Target::new(page.url(), page.version.lang(), &site.language);
            (page.title.clone(), target)
        })
        .collect()
}

/// The slug of the accessibility statement, which the footer links to.
const ACCESSIBILITY: &str = "accessibility";

/// What the base layout needs on every page.
pub struct Layout<'a> {
    pub settings: &'a Settings,
    /// The page's language, for `<html lang>`.
    pub lang: &'a str,
    /// The layout's words in that language.
    pub words: &'a Words,
    /// The page's own title, without the site's name.
    pub title: String,
    pub description: String,
    pub style_url: &'a str,
    /// The site's icon, so that browsers do not ask for a missing `/favicon.ico`.
    pub icon_url: Option<&'a str>,
    pub nav: Vec<NavItem>,
    /// Empty on the home page; ends with the page itself.
    pub breadcrumbs: Vec<Crumb>,
    /// "Last updated", as a long date.
    pub updated: Option<String>,
    /// Shown only when previewing drafts: the page is not public.
    pub unpublished: bool,
    /// The page's full public address; none for the 404 page.
    pub canonical: Option<String>,
    /// The page in every language it is in, English first; empty when it is only in one.
    pub alternates: std::sync::Arc<[Alternate]>,
    /// The site's public address, before each page's.
    pub base_url: &'a str,
    /// For a translation no native speaker has checked yet: the English page, which the
    /// notice on the page points to.
    pub draft_of: Option<String>,
    pub og_type: OgType,
    /// The addresses the templates link to.
    pub to: Links,
    /// JSON-LD blocks, already serialised and safe inside a script element.
    pub json_ld: Vec<String>,
    /// The search box's current text, on the search page.
    pub query: String,
    /// Asks search engines not to index the page (search results).
    pub noindex: bool,
    /// In preview mode, the content's warnings: the page lists them and loads the script that
    /// refreshes it.
    pub preview: Option<&'a [String]>,
    /// The picture social media show for the page: its main photo, or its share card.
    pub share: Option<Share>,
}

/// A picture for `og:image`: its full address, size, kind and alt text.
pub struct Share {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub content_type: &'static str,
    pub alt: String,
}

impl Layout<'_> {
    /// The language of `version` where it is not the page's: an English page or title on a
    /// translated page.
    fn foreign<'v>(&self, version: &'v Version) -> Option<&'v str> {
        Some(version.lang()).filter(|lang| *lang != self.lang)
    }

    /// The `lang` attribute of words in `version` where they are not in the page's language
    /// (English titles on a translated page), with a leading space; else nothing.
    pub fn lang_of(&self, version: &Version) -> String {
        self.foreign(version)
            .map_or_else(String::new, |lang| format!(" lang=\"{lang}\""))
    }

    /// The `lang` attribute of words written in English (a main photo's alt text and
    /// caption, which translations share) on a page in another language; else nothing.
    pub fn english_lang(&self) -> String {
        self.lang_of(&Version::default())
    }

    /// The page's own `lang` for its words inside an element of English words (see
    /// [`Layout::english_lang`]); else nothing.
    pub fn own_lang_within_english(&self) -> String {
        self.own_lang_within(&Version::default())
    }

    /// The page's own `lang`, for the layout's words inside an element in `version` where
    /// that is another language; else nothing.
    pub fn own_lang_within(&self, version: &Version) -> String {
        self.foreign(version)
            .map_or_else(String::new, |_| format!(" lang=\"{}\"", self.lang))
    }

    /// The `lang` and `hreflang` of a link to a page in `version`, where it is not in the
    /// page's language; else nothing.
    pub fn link_lang(&self, version: &Version) -> String {
        self.foreign(version).map_or_else(String::new, |lang| {
            format!(" lang=\"{lang}\" hreflang=\"{lang}\"")
        })
    }

    /// The `hreflang` of a link to `target`, where it leads to a page in another language.
    pub fn hreflang(&self, target: &Target) -> String {
        hreflang(target.foreign.as_deref())
    }

    /// The words after a link to `target` that say its page is in English, with a leading
    /// space; else nothing.
    pub fn in_english(&self, target: &Target) -> String {
        self.in_english_if(target.foreign.is_some())
    }

    /// The `hreflang` of a link whose words are the page's to a page in `version`, where
    /// that is in another language.
    pub fn hreflang_of(&self, version: &Version) -> String {
        hreflang(self.foreign(version))
    }

    /// The words after such a link that say its page is in English; else nothing.
    pub fn in_english_of(&self, version: &Version) -> String {
        self.in_english_if(self.foreign(version).is_some())
    }

    /// The words after a link to a page in `lang` (a search result) that say it is in
    /// English, on a page that is not; else nothing.
    pub fn in_english_lang(&self, lang: &str) -> String {
        let english = crate::content::languages::ENGLISH_TAG;
        self.in_english_if(lang == english && self.lang != english)
    }

    fn in_english_if(&self, foreign: bool) -> String {
        if foreign {
            format!(" {}", self.words.in_english)
        } else {
            String::new()
        }
    }

    /// When `event` is, as the page's language writes it.
    pub fn when(&self, event: &Event) -> String {
        event.describe_when(self.words, self.lang == ENGLISH_TAG)
    }

    /// Where `event` is, in a line: its place, or that it is online.
    pub fn place(&self, event: &Event) -> String {
        match &event.place {
            Some(place) => place.line(),
            None => self.words.event_online.clone(),
        }
    }

    /// `date` as the page's language writes it.
    pub fn date(&self, date: &jiff::civil::Date) -> String {
        self.words.long_date(*date)
    }
}

/// ` hreflang="…"` for a link to a page in `lang`, or nothing.
fn hreflang(lang: Option<&str>) -> String {
    lang.map_or_else(String::new, |lang| format!(" hreflang=\"{lang}\""))
}

/// What every page's layout is made from.
pub struct Context<'a> {
    pub assets: &'a Assets,
    /// Each language's links ([`Links::all`]); a language without is worked out per page.
    pub links: HashMap<String, Links>,
    pub now: Timestamp,
    pub base_url: &'a str,
    /// In preview mode, the content's warnings.
    pub preview: Option<&'a [String]>,
}

impl<'a> Context<'a> {
    /// The layout of the page at `route`, in its language.
    pub fn layout(&self, route: &Route<'a>) -> Layout<'a> {
        let site = route.site;
        let words: &'a Words = &site.language.words;
        let mut breadcrumbs = Vec::new();
        if !route.trail.is_empty() {
            breadcrumbs.push(Crumb {
                title: words.home.clone(),
                href: site.language.address(HOME),
            });
            breadcrumbs.extend(route.trail.iter().cloned());
        }
        let mut json_ld = Vec::new();
        if !breadcrumbs.is_empty() {
            json_ld.push(structured::breadcrumbs(&breadcrumbs, self.base_url));
        }
        let meta = route.meta;
        let to = match self.links.get(&site.language.tag) {
            Some(links) => links.clone(),
            None => Links::of(site),
        };
        let full = |path: &str| format!("{}{path}", self.base_url);
        let english = route.alternates.first().map(|a| a.path.clone());
        Layout {
            settings: &site.settings,
            lang: &site.language.tag,
            words,
            title: route.title.clone(),
            description: route.description.clone(),
            style_url: self.assets.url("style.css").unwrap_or("/static/style.css"),
            icon_url: self.assets.url("icon.svg"),
            nav: nav(site, &route.path, &to),
            breadcrumbs,
            updated: meta.and_then(|m| m.updated).map(|d| words.long_date(d)),
            unpublished: meta.is_some_and(|m| m.is_unpublished(self.now)),
            canonical: route.path.starts_with('/').then(|| full(&route.path)),
            alternates: route.alternates.clone(),
            base_url: self.base_url,
            draft_of: route.is_draft_translation().then_some(english).flatten(),
            og_type: route.og_type(),
            to,
            json_ld,
            query: String::new(),
            noindex: false,
            preview: self.preview,
            share: self.share(route),
        }
    }

    /// The page's main photo's crop for sharing, else its share card (that of its language's
    /// home page for a page with none: search results, a page not found).
    fn share(&self, route: &Route<'a>) -> Option<Share> {
        let (width, height) = crate::media::process::SHARE;
        let full = |url: &str| format!("{}{url}", self.base_url);
        if let Some(image) = route.meta.and_then(|m| m.image.as_ref()) {
            return Some(Share {
                url: full(&image.picture.share),
                width,
                height,
                content_type: "image/jpeg",
                alt: image.alt.clone(),
            });
        }
        let site = route.site;
        let url = self
            .assets
            .url(&crate::media::card_name(&route.path))
            .or_else(|| {
                let home = site.language.address(HOME);
                self.assets.url(&crate::media::card_name(&home))
            })?;
        let title = if route.title.is_empty() || route.title == site.settings.title {
            site.settings.title.clone()
        } else {
            format!("{} – {}", route.title, site.settings.title)
        };
        Some(Share {
            url: full(url),
            width,
            height,
            content_type: "image/png",
            alt: title,
        })
    }
}

/// The main navigation of the page at `path`.
fn nav(site: &Site, path: &str, to: &Links) -> Vec<NavItem> {
    let language = &site.language;
    let words = &language.words;
    let item = |title: &str, target: Target, title_lang: Option<String>| NavItem {
        title: title.to_string(),
        current: current(&target.href, path, &to.home),
        href: target.href,
        foreign: target.foreign,
        title_lang,
    };
    let section = &site.priorities_section;
    // An English section's title on a translated page is in English; the word is not.
    let priorities = if section.version.is_in(language) {
        &section.title
    } else {
        &words.kind_priorities
    };
    let home = Target::new(to.home.clone(), &language.tag, language);
    let mut items = vec![
        item(&words.home, home, None),
        item(priorities, to.priorities.clone(), None),
        item(&words.partnerships, to.partnerships.clone(), None),
    ];
    for (title, target) in &to.menu {
        // An English page's title is in English.
        let title_lang = target.foreign.clone();
        items.push(item(title, target.clone(), title_lang));
    }
    // News joins the navigation only once there is some, events once there are any.
    if !site.posts.is_empty() {
        items.push(item(&words.news, to.news.clone(), None));
    }
    if !site.events.is_empty() || !site.past_events.is_empty() {
        let events = Target::new(to.events.to_string(), ENGLISH_TAG, language);
        items.push(item(&words.events, events, None));
    }
    items
}

/// `aria-current` of a link to `href` on the page at `path`: `page` for the page itself,
/// `true` for the section it belongs to.
fn current(href: &str, path: &str, home: &str) -> Option<&'static str> {
    if href == path {
        Some("page")
    } else if href != home && path.starts_with(href) {
        Some("true")
    } else {
        None
    }
}
