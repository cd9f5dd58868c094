//! A [`Snapshot`]: everything the server answers with, built in one go from the content and
//! static folders, so that a request only looks things up.

use bytes::Bytes;
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::assets::Assets;
use crate::content::{self, ContentError, LoadErrors, Problem, Site, dates};
use crate::encoding::{self, Effort, Encoded, Packer};
use crate::routes::{Route, RouteTable};
use crate::search::SearchIndex;
use crate::{links, media, render};

/// The public address the site is served at when none is configured.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:3000";

/// Why a snapshot could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Content(#[from] LoadErrors),
    #[error("a template failed to render: {0}")]
    Render(#[from] askama::Error),
}

impl BuildError {
    /// A render that failed; pages over the limits are told with the content's `warnings`.
    fn rendering(error: render::RenderError, warnings: &[ContentError]) -> Self {
        match error {
            render::RenderError::Template(error) => Self::Render(error),
            render::RenderError::TooBig(errors) => Self::Content(LoadErrors {
                errors,
                warnings: warnings.to_vec(),
            }),
        }
    }
}

/// The most warnings each preview page lists: every page carries the list, so a site with
/// thousands would be thousands of times bigger.
const MAX_PREVIEW_WARNINGS: usize = 50;

/// The warnings a preview page lists, the first [`MAX_PREVIEW_WARNINGS`] and how many more.
fn preview_list(warnings: &[ContentError]) -> Vec<String> {
    let mut list: Vec<String> = warnings
        .iter()
        .take(MAX_PREVIEW_WARNINGS)
        .map(ToString::to_string)
        .collect();
    if warnings.len() > MAX_PREVIEW_WARNINGS {
        list.push(format!(
            "and {} more: `check` lists them all",
            warnings.len() - MAX_PREVIEW_WARNINGS
        ));
    }
    list
}

/// How to build: for the public now, or a preview with drafts.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Show drafts and pages not yet published (or no longer published).
    pub drafts: bool,
    /// The moment the site is built for; pages appear and disappear by it.
    pub now: Timestamp,
    /// The site's public address, without a trailing slash, for canonical links and the
    /// sitemap. Never taken from a request.
    pub base_url: String,
    /// For `serve --dev`: pages list the content's warnings and refresh themselves.
    pub preview: bool,
    /// For `check` in a content repository of its own, which has no static folder: build
    /// without static files, and leave pictures and links to files unchecked.
    pub without_static: bool,
}

impl BuildOptions {
    /// The public site, as of now, at the default address.
    pub fn public() -> Self {
        Self {
            drafts: false,
            now: Timestamp::now(),
            base_url: DEFAULT_BASE_URL.to_string(),
            preview: false,
            without_static: false,
        }
    }
}

/// How long a response may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// Pages change when the content does: cache briefly, then revalidate with the ETag.
    Short,
    /// Fingerprinted assets never change at their address.
    Immutable,
}

impl Cache {
    pub fn header(self) -> &'static str {
        match self {
            Cache::Short => "public, max-age=60",
            Cache::Immutable => "public, max-age=31536000, immutable",
        }
    }
}

/// One thing the server can answer with, prepared in full.
#[derive(Debug, Clone)]
pub struct Resource {
    pub body: Encoded,
    pub content_type: &'static str,
    pub cache: Cache,
}

/// Whether a body of `content_type` is worth compressing.
fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.contains("xml")
        || content_type.contains("json")
}

/// Every static file at its fingerprinted address, compressed with `effort` on every core
/// (see [`encoding::pack_all`]).
fn encode_assets(assets: &Assets, effort: Effort) -> HashMap<String, Resource> {
    let bodies = assets
        .iter()
        .map(|(_, asset)| (asset.body.clone(), compressible(asset.content_type)))
        .collect();
    assets
        .iter()
        .zip(encoding::pack_all(bodies, effort))
        .map(|((url, asset), body)| {
            let resource = Resource {
                body,
                content_type: asset.content_type,
                cache: Cache::Immutable,
            };
            (url.to_string(), resource)
        })
        .collect()
}

const HTML: &str = "text/html; charset=utf-8";

/// Every page of `table` rendered and compressed, with the assets, by path; and the search
/// index, built beside them. Each page is compressed on the core that rendered it, as soon
/// as it is rendered, so that no page is held twice (its HTML and its packed copy) and the
/// HTML of all pages is never held at once (537 MB for 10,000 pages in five languages).
fn pages_and_search(
    table: &RouteTable<'_>,
    assets: &Assets,
    options: &BuildOptions,
    preview: Option<&[String]>,
) -> (
    Result<HashMap<String, Resource>, render::RenderError>,
    SearchIndex,
) {
    // Pictures are not compressed: only what is counts toward the work.
    let compressed = assets.iter().filter(|(_, a)| compressible(a.content_type));
    let effort = Effort::for_site(table.iter().count() + compressed.count());
    let pack = |packer: &mut Packer, route: &Route<'_>, body: String| {
        packer.add(body.as_bytes(), compressible(route.content_type()))
    };
    // The first thread builds the search index before it renders, and the others render
    // meanwhile: they share the work of both, and no third thread competes for the cores
    // (which cost a fifth more time, in context switches and the allocator's locks).
    let search = OnceLock::new();
    let claimed = AtomicBool::new(false);
    let start = || {
        if !claimed.swap(true, Ordering::Relaxed) {
            let started = std::time::Instant::now();
            let index = SearchIndex::build(table);
            tracing::debug!(
                ms = started.elapsed().as_millis() as u64,
                words = index.vocabulary_size(),
                "search index built"
            );
            search
                .set(index)
                .expect("only the first thread builds the index");
        }
        Packer::new(effort, 0)
    };
    let shares = render::render_site_with(
        table,
        assets,
        options.now,
        &options.base_url,
        preview,
        start,
        pack,
    );
    let search = search
        .into_inner()
        .expect("every build has a first thread, which built the index");
    let files = shares.map(|shares| {
        let routes: Vec<&Route<'_>> = table.iter().collect();
        let mut files = encode_assets(assets, effort);
        for share in shares {
            let (places, packed): (Vec<usize>, Vec<_>) = share.taken.into_iter().unzip();
            for (place, body) in places.into_iter().zip(share.state.finish(packed)) {
                let route = routes[place];
                let resource = Resource {
                    body,
                    content_type: route.content_type(),
                    cache: Cache::Short,
                };
                files.insert(route.path.clone(), resource);
            }
        }
        files
    });
    (files, search)
}

/// A warning for each synonym that means a word no page uses: searching for it would find
/// nothing.
fn unused_synonyms(search: &SearchIndex, site: &Site) -> Vec<ContentError> {
    let unused = search.unused_meanings(&site.synonyms);
    unused
        .into_iter()
        .map(|(synonym, phrase, word)| {
            let searched = synonym.words.first().map_or("", String::as_str);
            let message = format!(
                "`means` has \"{phrase}\": no page uses the word \"{word}\", so searching for \"{searched}\" finds nothing through it; write words the pages use"
            );
            ContentError::new(synonym.location.clone(), Problem::Advice(message))
        })
        .collect()
}

/// What a snapshot was made from: the content as loaded and the static files, kept so that the
/// site can be rendered again at a later moment (an event ends, a page's `publish_at` comes)
/// while the files on disk do not build.
#[derive(Debug, Default)]
pub struct Source {
    pub site: Site,
    pub assets: Assets,
}

/// The whole site, rendered and ready to serve.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The content as the public sees it (with drafts, when previewing).
    pub site: Site,
    /// Every page, asset, the sitemap and robots.txt, by path.
    files: HashMap<String, Resource>,
    /// The paths of the HTML pages, sorted.
    pages: Vec<String>,
    /// Old addresses (aliases) and the pages they lead to.
    redirects: HashMap<String, String>,
    not_found: Option<Resource>,
    /// Each translated language's 404 page, by its prefix (`/cs`).
    not_found_in: Vec<(String, Resource)>,
    assets: Assets,
    /// A short hash of everything served, which changes whenever any page or asset does.
    pub version: String,
    pub built_at: Timestamp,
    /// How long it took to make: loading, rendering and compressing.
    pub build_time: std::time::Duration,
    /// When a page is next due to appear or disappear.
    pub next_change: Option<Timestamp>,
    /// Advice for editors that did not stop the build.
    pub warnings: Vec<ContentError>,
    /// The public pages, ready to search.
    pub search: SearchIndex,
    /// The public address the site was built for.
    pub base_url: String,
    /// In preview mode, the warnings that the pages list.
    preview: Option<Vec<String>>,
    /// What it was made from, when it was made from the files.
    source: Option<Arc<Source>>,
}

impl Snapshot {
    /// Loads and validates `content_dir`, reads `static_dir`, renders every page and checks
    /// every link. On failure, every problem found is reported, links included.
    pub fn build(
        content_dir: &Path,
        static_dir: &Path,
        options: BuildOptions,
    ) -> Result<Self, BuildError> {
        let started = std::time::Instant::now();
        let (site, mut problems) = content::load_partial(content_dir);
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "content loaded");
        let assets = if options.without_static {
            Assets::default()
        } else {
            Assets::load(static_dir).unwrap_or_else(|error| {
                problems.errors.push(error);
                Assets::default()
            })
        };
        let built = Self::from_parts(&site, assets.clone(), options);
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "snapshot built");
        if problems.errors.is_empty() {
            return built.map(|snapshot| Self {
                build_time: started.elapsed(),
                ..snapshot.made_from(Arc::new(Source { site, assets }))
            });
        }
        // Broken links in a partly loaded site are still worth reporting with the rest.
        match built {
            Ok(snapshot) => problems.warnings = snapshot.warnings,
            Err(BuildError::Content(more)) => {
                problems.errors.extend(more.errors);
                problems.warnings = more.warnings;
            }
            Err(BuildError::Render(_)) => {}
        }
        Err(problems.into())
    }

    /// The same site rendered again with `options` (as of their `now`), from what it was made
    /// of; `None` for a snapshot not made from files.
    pub fn again(&self, options: BuildOptions) -> Option<Result<Self, BuildError>> {
        let source = Arc::clone(self.source.as_ref()?);
        let built = Self::from_parts(&source.site, source.assets.clone(), options);
        Some(built.map(|snapshot| snapshot.made_from(source)))
    }

    fn made_from(self, source: Arc<Source>) -> Self {
        Self {
            source: Some(source),
            ..self
        }
    }

    /// Renders `site` with `assets`, and checks its links.
    pub fn from_parts(
        all: &Site,
        mut assets: Assets,
        options: BuildOptions,
    ) -> Result<Self, BuildError> {
        let started = std::time::Instant::now();
        let site = all.visible_at(options.now, options.drafts);
        let table = RouteTable::build(&site);
        add_pictures(&mut assets, &site, &table);
        let redirects = table.redirects();
        let on_the_web = links::Site {
            base_url: &options.base_url,
            redirects: &redirects,
            assets: (!options.without_static).then_some(&assets),
        };
        let broken = links::check(&RouteTable::build(all), &table, &on_the_web);
        let mut warnings = site.warnings.clone();
        warnings.extend(overdue_reviews(&table, options.now));
        warnings.extend(past_events_held_back(all, options.now));
        if !broken.is_empty() {
            return Err(LoadErrors {
                errors: broken,
                warnings,
            }
            .into());
        }
        let preview = options.preview.then(|| preview_list(&warnings));
        let (files, search) = pages_and_search(&table, &assets, &options, preview.as_deref());
        let mut files = files.map_err(|error| BuildError::rendering(error, &warnings))?;
        warnings.extend(unused_synonyms(&search, &site));
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            files = files.len(),
            "links checked, pages rendered and compressed, search index built"
        );
        let mut pages: Vec<String> = table.pages().map(|r| r.path.clone()).collect();
        // The 404 page has no address.
        let not_found = files.remove("");
        let not_found_in = languages_not_found(&site, &mut files);
        add_plain_addresses(&mut files, &assets);
        let next_change = all.next_change_after(options.now, options.drafts);
        pages.sort_unstable();
        Ok(Self {
            preview,
            search,
            base_url: options.base_url,
            version: version(&files),
            site,
            files,
            pages,
            redirects,
            not_found,
            not_found_in,
            assets,
            built_at: options.now,
            build_time: started.elapsed(),
            next_change,
            warnings,
            source: None,
        })
    }

    /// What is served at `path`: a page, an asset, the sitemap or robots.txt.
    pub fn file(&self, path: &str) -> Option<&Resource> {
        self.files.get(path)
    }

    /// The HTML of the page at `path` (with its trailing slash).
    pub fn page(&self, path: &str) -> Option<&Bytes> {
        self.files
            .get(path)
            .filter(|r| r.content_type == HTML)
            .map(|r| &r.body.identity)
    }

    /// Where an old address now lives.
    pub fn redirect(&self, path: &str) -> Option<&str> {
        self.redirects.get(path).map(String::as_str)
    }

    /// The "page not found" page, answered with status 404; none before the first build.
    pub fn not_found(&self) -> Option<&Resource> {
        self.not_found.as_ref()
    }

    /// Each translated language's "page not found" page, with its prefix (`/cs`).
    pub fn not_found_in_languages(&self) -> impl Iterator<Item = (&str, &Resource)> {
        self.not_found_in
            .iter()
            .map(|(prefix, page)| (prefix.as_str(), page))
    }

    /// The "page not found" page for a request for `path`: in the language whose prefix
    /// `path` starts with, else in English.
    pub fn not_found_for(&self, path: &str) -> Option<&Resource> {
        let under = |prefix: &str| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        self.not_found_in
            .iter()
            .find(|(prefix, _)| under(prefix))
            .map(|(_, page)| page)
            .or(self.not_found.as_ref())
    }

    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    /// The search page for `query`: its hits, rendered in the site's layout.
    /// In the language whose pages live under `prefix` (empty for English), that
    /// language's pages first; none for a prefix that is no language of the site. Unless
    /// `as_typed`, a misspelt query is answered for the site's nearest words.
    pub fn search_page(
        &self,
        query: &str,
        prefix: &str,
        as_typed: bool,
    ) -> Option<Result<String, askama::Error>> {
        let site = if prefix.is_empty() {
            &self.site
        } else {
            self.site
                .versions
                .iter()
                .find(|v| v.language.prefix == prefix)?
        };
        let found = self.search.search(query, &site.language.tag, as_typed);
        let preview = self.preview.as_deref();
        Some(render::render_search(
            site,
            &self.assets,
            &self.base_url,
            preview,
            (query, &found),
        ))
    }

    /// Every page's path, sorted.
    pub fn page_paths(&self) -> &[String] {
        &self.pages
    }

    /// Every path served, sorted: pages, assets, the sitemap and robots.txt.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.files.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }
}

/// The sizes of the photos, and the share card of each page (up to
/// [`media::MAX_CARDS`]), drawn on every core unless cached, among the static files.
fn add_pictures(assets: &mut Assets, site: &Site, table: &RouteTable<'_>) {
    let started = std::time::Instant::now();
    for (name, bytes) in site.media.files() {
        assets.insert(name, bytes.clone());
    }
    // Each language's home page first: the pages past the limit share its card. A page
    // with a main photo is shared with that.
    let (homes, others): (Vec<_>, Vec<_>) = table
        .pages()
        .filter(|route| route.meta.is_none_or(|m| m.image.is_none()))
        .partition(|route| route.path == route.site.language.address(crate::routes::HOME));
    let (names, cards): (Vec<String>, Vec<media::card::Card>) = homes
        .into_iter()
        .chain(others)
        .take(media::MAX_CARDS)
        .map(|route| {
            let settings = &route.site.settings;
            let home = route.title == settings.title;
            let card = media::card::Card {
                title: route.title.clone(),
                site: if home {
                    &settings.organisation
                } else {
                    &settings.title
                }
                .clone(),
                lang: route.site.language.tag.clone(),
            };
            (media::card_name(&route.path), card)
        })
        .unzip();
    for (name, png) in names.iter().zip(media::draw_cards(&cards)) {
        assets.insert(name, png);
    }
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        cards = cards.len(),
        "pictures and share cards added"
    );
}

/// Each translated language's 404 page, taken out of `files` (it has no address), by the
/// language's prefix.
fn languages_not_found(
    site: &Site,
    files: &mut HashMap<String, Resource>,
) -> Vec<(String, Resource)> {
    site.versions
        .iter()
        .filter_map(|version| {
            let prefix = &version.language.prefix;
            let page = files.remove(&crate::routes::not_found_key(prefix))?;
            Some((prefix.clone(), page))
        })
        .collect()
}

/// Each static file at its plain address too (`/static/lille.jpg`), as editors write it in
/// the content: the same bodies, cached briefly since the address stays when the file changes.
fn add_plain_addresses(files: &mut HashMap<String, Resource>, assets: &Assets) {
    for (name, url) in assets.names() {
        let Some(resource) = files.get(url) else {
            continue;
        };
        let plain = Resource {
            cache: Cache::Short,
            ..resource.clone()
        };
        files.insert(plain_address(name), plain);
    }
}

/// The address a browser asks for to fetch the static file `name`: percent-encoded as a URL's
/// path is.
fn plain_address(name: &str) -> String {
    let encoded: Vec<String> = name
        .split('/')
        .map(|segment| percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT).to_string())
        .collect();
    format!("{}{}", crate::routes::STATIC, encoded.join("/"))
}

/// What a URL's path segment percent-encodes (the WHATWG URL standard's path set, and `/`).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/');

/// Warnings for pages whose `review_by` date has passed.
fn overdue_reviews(table: &RouteTable<'_>, now: Timestamp) -> Vec<ContentError> {
    let today = dates::uk().to_datetime(now).date();
    table
        .metas()
        .filter_map(|(href, meta)| {
            let (date, location) = meta.review_by.as_ref()?;
            (*date < today).then(|| {
                ContentError::new(
                    location.clone(),
                    Problem::Advice(format!(
                        "{} was due for review on {}; check it is still right, then set a new review_by",
                        href,
                        dates::long_date(*date)
                    )),
                )
            })
        })
        .collect()
}

/// Events that have ended but are drafts, or wait to be published: published, they would
/// appear only among past events, which is seldom what was meant (a wrong year, most
/// often). A warning, not an error: time, not an edit, made it so, and the rest of the site
/// must go on being published.
fn past_events_held_back(all: &Site, now: Timestamp) -> Vec<ContentError> {
    all.events
        .iter()
        .filter(|e| e.has_ended(now))
        .filter(|e| e.meta.draft || e.meta.publish_at.is_some_and(|t| t > now))
        .map(|event| {
            let held = if event.meta.draft {
                "is a draft"
            } else {
                "waits to be published"
            };
            ContentError::new(
                event.start_at.clone(),
                Problem::Advice(format!(
                    "this event ended on {}, but it {held}: published, it would appear only among past events; check its dates (the year, most often), or delete it",
                    dates::long_date(event.when.last_day())
                )),
            )
        })
        .collect()
}

fn version(files: &HashMap<String, Resource>) -> String {
    let mut hasher = Sha256::new();
    let mut paths: Vec<&String> = files.keys().collect();
    paths.sort_unstable();
    // Each body's ETag is already a hash of its bytes: hashing the ETags is hashing the site,
    // without reading its half a gigabyte (in five languages) a second time.
    for path in paths {
        hasher.update(path.as_bytes());
        hasher.update(files[path].body.etag(encoding::Coding::Identity).as_bytes());
    }
    hasher.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Location;

    #[test]
    fn a_preview_page_lists_the_first_warnings_and_counts_the_rest() {
        let warning = |n: usize| {
            ContentError::new(
                Location::file(Path::new("pages/a.md")),
                Problem::Advice(format!("warning {n}")),
            )
        };
        let few: Vec<ContentError> = (0..3).map(warning).collect();
        assert_eq!(preview_list(&few).len(), 3);
        let many: Vec<ContentError> = (0..MAX_PREVIEW_WARNINGS + 7).map(warning).collect();
        let list = preview_list(&many);
        assert_eq!(list.len(), MAX_PREVIEW_WARNINGS + 1);
        assert_eq!(list[0], "pages/a.md: warning 0");
        assert_eq!(
            list[MAX_PREVIEW_WARNINGS],
            "and 7 more: `check` lists them all"
        );
    }
}
