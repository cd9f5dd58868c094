//! What the base layout needs on every page: titles, navigation, breadcrumbs, dates, and the
//! tags that describe the page to search engines and social sites.

use jiff::Timestamp;

use crate::assets::Assets;
use crate::content::{Page, Settings, Site, dates};
use crate::routes::{ADDRESSES, Addresses, Collection, Crumb, HOME, OgType, Route};

use super::structured;

/// One link in the main navigation.
pub struct NavItem {
    pub title: String,
    pub href: String,
    /// `aria-current`: `page` for the page itself, `true` for the section it belongs to.
    pub current: Option<&'static str>,
}

/// What the base layout needs on every page.
pub struct Layout<'a> {
    pub settings: &'a Settings,
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
    pub og_type: OgType,
    /// The fixed addresses the templates link to.
    pub to: &'static Addresses,
    /// JSON-LD blocks, already serialised and safe inside a script element.
    pub json_ld: Vec<String>,
    /// The search box's current text, on the search page.
    pub query: String,
    /// Asks search engines not to index the page (search results).
    pub noindex: bool,
    /// In preview mode, the content's warnings: the page lists them and loads the script that
    /// refreshes it.
    pub preview: Option<&'a [String]>,
}

/// What every page's layout is made from.
pub struct Context<'a> {
    pub site: &'a Site,
    pub assets: &'a Assets,
    pub now: Timestamp,
    pub base_url: &'a str,
    /// In preview mode, the content's warnings.
    pub preview: Option<&'a [String]>,
}

impl<'a> Context<'a> {
    /// The layout of the page at `route`.
    pub fn layout(&self, route: &Route<'_>) -> Layout<'a> {
        let mut breadcrumbs = Vec::new();
        if !route.trail.is_empty() {
            breadcrumbs.push(Crumb {
                title: "Home".into(),
                href: HOME.into(),
            });
            breadcrumbs.extend(route.trail.iter().cloned());
        }
        let mut json_ld = Vec::new();
        if !breadcrumbs.is_empty() {
            json_ld.push(structured::breadcrumbs(&breadcrumbs, self.base_url));
        }
        let meta = route.meta;
        Layout {
            settings: &self.site.settings,
            title: route.title.clone(),
            description: route.description.clone(),
            style_url: self.assets.url("style.css").unwrap_or("/static/style.css"),
            icon_url: self.assets.url("icon.svg"),
            nav: self.nav(&route.path),
            breadcrumbs,
            updated: meta.and_then(|m| m.updated).map(dates::long_date),
            unpublished: meta.is_some_and(|m| m.is_unpublished(self.now)),
            canonical: (!route.path.is_empty()).then(|| format!("{}{}", self.base_url, route.path)),
            og_type: route.og_type(),
            to: &ADDRESSES,
            json_ld,
            query: String::new(),
            noindex: false,
            preview: self.preview,
        }
    }

    fn nav(&self, path: &str) -> Vec<NavItem> {
        let site = self.site;
        let index = |collection: Collection| collection.prefix().to_string();
        let mut items = vec![
            ("Home".to_string(), HOME.to_string()),
            (
                site.priorities_section.title.clone(),
                index(Collection::Priorities),
            ),
            ("Partnerships".to_string(), index(Collection::Partnerships)),
        ];
        let mut menu: Vec<&Page> = site.pages.iter().filter(|p| p.menu.is_some()).collect();
        menu.sort_by_key(|p| p.menu);
        items.extend(menu.into_iter().map(|p| (p.title.clone(), p.url())));
        // News joins the navigation only once there is some.
        if !site.posts.is_empty() {
            items.push(("News".to_string(), index(Collection::News)));
        }
        items
            .into_iter()
            .map(|(title, href)| {
                let current = if href == path {
                    Some("page")
                } else if href != HOME && path.starts_with(&href) {
                    Some("true")
                } else {
                    None
                };
                NavItem {
                    title,
                    href,
                    current,
                }
            })
            .collect()
    }
}
