//! Every page of the site, rendered once per content load through askama templates.

use askama::Template;
use jiff::Timestamp;

use crate::assets::Assets;
use crate::content::{City, Meta, Page, Priority, Section, Settings, Site, dates};

/// A rendered page: its URL path and its HTML.
pub struct RenderedPage {
    pub path: String,
    pub html: String,
}

/// Every page of `site`, and the body of the "not found" page.
pub struct RenderedSite {
    pub pages: Vec<RenderedPage>,
    pub not_found: String,
}

/// One link in the main navigation.
pub struct NavItem {
    pub title: String,
    pub href: String,
    /// `aria-current`: `page` for the page itself, `true` for the section it belongs to.
    pub current: Option<&'static str>,
}

/// One step in the breadcrumb trail; the last is the page itself.
pub struct Crumb {
    pub title: String,
    pub href: String,
}

/// What the base layout needs on every page.
pub struct Layout<'a> {
    pub settings: &'a Settings,
    /// The page's own title, without the site's name.
    pub title: String,
    pub description: String,
    pub style_url: &'a str,
    pub nav: Vec<NavItem>,
    /// Empty on the home page; ends with the page itself.
    pub breadcrumbs: Vec<Crumb>,
    /// "Last updated", as a long date.
    pub updated: Option<String>,
    /// Shown only when previewing drafts: the page is not public.
    pub unpublished: bool,
    /// The page's full public address; none for the 404 page.
    pub canonical: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomeTemplate<'a> {
    pub layout: Layout<'a>,
    pub site: &'a Site,
    pub local_partnerships: Option<&'a Page>,
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
}

#[derive(Template)]
#[template(path = "partnerships.html")]
pub struct PartnershipsTemplate<'a> {
    pub layout: Layout<'a>,
    pub site: &'a Site,
}

#[derive(Template)]
#[template(path = "city.html")]
pub struct CityTemplate<'a> {
    pub layout: Layout<'a>,
    pub city: &'a City,
    pub priorities: Vec<&'a Priority>,
}

#[derive(Template)]
#[template(path = "page.html")]
pub struct PageTemplate<'a> {
    pub layout: Layout<'a>,
    pub page: &'a Page,
}

#[derive(Template)]
#[template(path = "not_found.html")]
pub struct NotFoundTemplate<'a> {
    pub layout: Layout<'a>,
    pub site: &'a Site,
}

#[derive(Template)]
#[template(path = "errors.html")]
pub struct ErrorsTemplate<'a> {
    pub errors: &'a [String],
    pub style_url: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
pub struct SitemapTemplate<'a> {
    pub base_url: &'a str,
    pub paths: &'a [String],
}

/// The sitemap of the pages at `paths`, under `base_url`.
pub fn render_sitemap(base_url: &str, paths: &[String]) -> Result<String, askama::Error> {
    SitemapTemplate { base_url, paths }.render()
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
    let renderer = Renderer {
        site,
        assets,
        now,
        base_url,
    };
    let mut pages = Vec::new();
    let mut add = |path: String, html: String| pages.push(RenderedPage { path, html });

    add(
        "/".into(),
        HomeTemplate {
            layout: renderer.layout("/", &site.settings.title, &site.settings.description, &[]),
            site,
            local_partnerships: site.page("local-partnerships"),
        }
        .render()?,
    );

    let section = &site.priorities_section;
    let priorities_crumb = [("/priorities/", section.title.as_str())];
    add(
        "/priorities/".into(),
        PrioritiesTemplate {
            layout: renderer.layout(
                "/priorities/",
                &section.title,
                &section.description,
                &priorities_crumb,
            ),
            section,
            priorities: &site.priorities,
        }
        .render()?,
    );
    for priority in &site.priorities {
        let url = priority.url();
        add(
            url.clone(),
            PriorityTemplate {
                layout: renderer.page_layout(
                    &url,
                    &priority.title,
                    &priority.summary,
                    &[priorities_crumb[0], (url.as_str(), priority.title.as_str())],
                    &priority.meta,
                ),
                priority,
                cities: site.cities_serving(&priority.slug).collect(),
            }
            .render()?,
        );
    }

    let section = &site.partnerships_section;
    let partnerships_crumb = ("/partnerships/", section.title.as_str());
    add(
        "/partnerships/".into(),
        PartnershipsTemplate {
            layout: renderer.layout(
                "/partnerships/",
                &section.title,
                &section.description,
                &[partnerships_crumb],
            ),
            site,
        }
        .render()?,
    );
    for city in site.cities.iter().filter(|c| c.has_page()) {
        let url = city.url();
        let description = city
            .summary
            .clone()
            .unwrap_or_else(|| format!("Leeds' link with {}, {}.", city.title, city.country));
        add(
            url.clone(),
            CityTemplate {
                layout: renderer.page_layout(
                    &url,
                    &city.title,
                    &description,
                    &[partnerships_crumb, (url.as_str(), city.title.as_str())],
                    &city.meta,
                ),
                city,
                priorities: city
                    .priorities
                    .iter()
                    .filter_map(|slug| site.priority(slug))
                    .collect(),
            }
            .render()?,
        );
    }

    for page in &site.pages {
        let url = page.url();
        add(
            url.clone(),
            PageTemplate {
                layout: renderer.page_layout(
                    &url,
                    &page.title,
                    &page.description,
                    &[(url.as_str(), page.title.as_str())],
                    &page.meta,
                ),
                page,
            }
            .render()?,
        );
    }

    let not_found = NotFoundTemplate {
        layout: renderer.layout("", "Page not found", &site.settings.description, &[]),
        site,
    }
    .render()?;
    Ok(RenderedSite { pages, not_found })
}

struct Renderer<'a> {
    site: &'a Site,
    assets: &'a Assets,
    now: Timestamp,
    base_url: &'a str,
}

impl<'a> Renderer<'a> {
    /// The layout of the page at `path`; `trail` lists the pages above it and itself.
    fn layout(
        &self,
        path: &str,
        title: &str,
        description: &str,
        trail: &[(&str, &str)],
    ) -> Layout<'a> {
        let mut breadcrumbs = Vec::new();
        if !trail.is_empty() {
            breadcrumbs.push(Crumb {
                title: "Home".into(),
                href: "/".into(),
            });
            breadcrumbs.extend(trail.iter().map(|(href, title)| Crumb {
                title: (*title).to_string(),
                href: (*href).to_string(),
            }));
        }
        Layout {
            updated: None,
            unpublished: false,
            canonical: (!path.is_empty()).then(|| format!("{}{path}", self.base_url)),
            settings: &self.site.settings,
            title: title.to_string(),
            description: description.to_string(),
            style_url: self.assets.url("style.css").unwrap_or("/static/style.css"),
            nav: self.nav(path),
            breadcrumbs,
        }
    }

    /// The layout of a page with publishing details.
    fn page_layout(
        &self,
        path: &str,
        title: &str,
        description: &str,
        trail: &[(&str, &str)],
        meta: &Meta,
    ) -> Layout<'a> {
        Layout {
            updated: meta.updated.map(dates::long_date),
            unpublished: meta.is_unpublished(self.now),
            ..self.layout(path, title, description, trail)
        }
    }

    fn nav(&self, path: &str) -> Vec<NavItem> {
        let site = self.site;
        let mut items = vec![
            ("Home".to_string(), "/".to_string()),
            (
                site.priorities_section.title.clone(),
                "/priorities/".to_string(),
            ),
            ("Partnerships".to_string(), "/partnerships/".to_string()),
        ];
        let mut menu: Vec<&Page> = site.pages.iter().filter(|p| p.menu.is_some()).collect();
        menu.sort_by_key(|p| p.menu);
        items.extend(menu.into_iter().map(|p| (p.title.clone(), p.url())));
        items
            .into_iter()
            .map(|(title, href)| {
                let current = if href == path {
                    Some("page")
                } else if href != "/" && path.starts_with(&href) {
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
