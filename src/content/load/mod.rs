//! Reading `content/` into a [`Site`]: every file is parsed and checked, every problem is
//! collected, and the cross-file checks (addresses, priority references) run once at the end.
//! Each kind of file has its own module; what they share (front matter, publishing fields,
//! required text, the slug and the body's links) is in `fields` and `files`, written once.

mod checks;
mod cities;
mod events;
mod fields;
mod files;
mod history;
mod languages;
mod media;
mod news;
mod pages;
mod priorities;
mod sections;
mod settings;
mod synonyms;
mod translations;

use std::path::Path;

use super::error::{ContentError, LoadErrors, Location, Problem};
use super::{ContentLink, Site};
use crate::routes::Collection;
pub(crate) use files::is_ignored;
pub(crate) use translations::is_translation;

/// Loads and validates the content in `dir`, reporting every problem found.
pub fn load(dir: &Path) -> Result<Site, LoadErrors> {
    let (site, problems) = load_partial(dir);
    if problems.errors.is_empty() {
        Ok(site)
    } else {
        Err(problems)
    }
}

/// Loads as much of the content in `dir` as can be read, with every problem found: the
/// partial site lets `check` go on to find broken links too.
pub fn load_partial(dir: &Path) -> (Site, LoadErrors) {
    let mut loader = Loader {
        root: dir.canonicalize().ok(),
        ..Loader::default()
    };
    loader.check_layout(dir);
    if !loader.within_budget(dir) {
        return (Site::default(), loader.problems());
    }
    loader.media(&dir.join(crate::media::FOLDER));
    let settings = loader.settings(&dir.join("site.toml"));
    let languages = loader.languages(dir, settings.as_ref());
    let folder = |collection: Collection| dir.join(collection.folder());

    let priorities_section = loader.priorities_section(&folder(Collection::Priorities));
    let files = loader.section_files(&folder(Collection::Priorities));
    let mut priorities = loader.load_each(files, Collection::Priorities, Loader::priority);
    priorities.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));

    let partnerships = loader.partnerships_section(&folder(Collection::Partnerships));
    let files = loader.section_files(&folder(Collection::Partnerships));
    let mut cities = loader.load_each(files, Collection::Partnerships, Loader::city);
    cities.sort_by(|a, b| a.slug.cmp(&b.slug));

    let files = loader.section_files(&folder(Collection::Pages));
    let mut pages = loader.load_each(files, Collection::Pages, Loader::page);
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));

    let mut posts = loader.posts(&folder(Collection::News));

    let mut events = loader.events(&folder(Collection::Events));

    // Without site.toml, no language is known: the translations wait for it.
    let mut translations: Vec<_> = Collection::ALL
        .into_iter()
        .filter(|_| settings.is_some())
        .flat_map(|c| loader.translations(&folder(c), c, &languages))
        .collect();

    loader.check_language_addresses(&languages.loaded);

    // Where the content is in git: dates from its commits, and stale translations.
    let history = loader.history(dir, &translations);
    loader.date_from_git(&history, &mut priorities);
    loader.date_from_git(&history, &mut cities);
    loader.date_from_git(&history, &mut pages);
    loader.date_from_git(&history, &mut posts);
    loader.date_from_git(&history, &mut events);
    loader.find_stale(dir, &history, &mut translations);

    let synonyms = loader.synonyms(dir);
    loader.check_across_files(&priorities, &cities);

    let (partnerships_section, friendship_intro) = partnerships.unwrap_or_default();
    let mut site = Site {
        settings: settings.unwrap_or_default(),
        priorities_section: priorities_section.unwrap_or_default(),
        priorities,
        partnerships_section,
        friendship_intro,
        cities,
        pages,
        posts,
        events,
        past_events: Vec::new(),
        links: std::mem::take(&mut loader.links),
        warnings: loader.warnings.clone(),
        unloaded: std::mem::take(&mut loader.unloaded),
        language: Default::default(),
        versions: Vec::new(),
        synonyms,
        media: std::sync::Arc::clone(&loader.media),
    };
    site.versions = languages
        .loaded
        .iter()
        .map(|(language, settings)| loader.localize(&site, language, settings, &translations))
        .collect();
    (site, loader.problems())
}

/// Accumulates problems while files are read, and what the cross-file checks need.
#[derive(Default)]
struct Loader {
    errors: Vec<ContentError>,
    warnings: Vec<ContentError>,
    /// Internal links found so far, checked once the route table is built.
    links: Vec<ContentLink>,
    /// Every address claimed so far, with the place that claims it and whether it is an old
    /// address (an alias).
    urls: Vec<(String, Location, bool)>,
    /// References from cities and events to priorities, checked once all priorities are read.
    priority_refs: Vec<(String, Location)>,
    /// References from events to cities, checked once all cities are read.
    city_refs: Vec<(String, Location)>,
    /// Addresses of files that could not be read, so links to them are not reported twice.
    unloaded: Vec<String>,
    /// Each priority's place in the list, and where it is given, to find two in one place.
    orders: Vec<(u32, Location)>,
    /// Each city's name and coordinates, and where its file gives them, to find one city
    /// in two files.
    places: Vec<checks::Place>,
    /// Fields of the file being checked whose values are stand-ins for mistaken ones: the
    /// checks that compare several fields skip them.
    stand_ins: Vec<String>,
    /// The content folder, resolved: no file or folder outside it is read, whatever links
    /// lead there. Set on the loader that lists the files.
    root: Option<std::path::PathBuf>,
    /// Links out of the content folder already reported.
    outside: Vec<std::path::PathBuf>,
    /// The photos of `content/media/`, processed before any page is read.
    media: std::sync::Arc<crate::media::Media>,
    /// The photos pages show, by name: those of the media folder that none does are told.
    media_used: Vec<String>,
    /// The addresses of the pages with a main photo, which their translations share.
    illustrated: std::collections::HashSet<String>,
}

impl Loader {
    /// The checks of what several files say together, once every file is read.
    fn check_across_files(&mut self, priorities: &[super::Priority], cities: &[super::City]) {
        self.check_priority_references(priorities);
        self.check_city_references(cities);
        self.check_urls();
        self.check_orders();
        self.check_places();
        self.check_media_use();
    }

    fn push(&mut self, location: Location, problem: Problem) {
        self.errors.push(ContentError::new(location, problem));
    }

    /// What the loader found wrong.
    fn problems(self) -> LoadErrors {
        LoadErrors {
            errors: self.errors,
            warnings: self.warnings,
        }
    }

    /// Takes in what another loader found.
    fn absorb(&mut self, other: Loader) {
        let Loader {
            errors,
            warnings,
            links,
            urls,
            priority_refs,
            city_refs,
            unloaded,
            orders,
            places,
            stand_ins: _,
            root: _,
            outside: _,
            media: _,
            media_used,
            illustrated,
        } = other;
        self.media_used.extend(media_used);
        self.illustrated.extend(illustrated);
        self.errors.extend(errors);
        self.warnings.extend(warnings);
        self.links.extend(links);
        self.urls.extend(urls);
        self.priority_refs.extend(priority_refs);
        self.city_refs.extend(city_refs);
        self.unloaded.extend(unloaded);
        self.orders.extend(orders);
        self.places.extend(places);
    }
}

/// The problem of a field with a bad value, and why.
fn invalid(field: &str, reason: &str) -> Problem {
    Problem::InvalidField {
        field: field.to_string(),
        reason: reason.to_string(),
    }
}
