//! A [`Snapshot`]: everything the server answers with, built in one go from the content and
//! static folders, so that a request only looks things up.

use bytes::Bytes;
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

use crate::assets::{Asset, Assets};
use crate::content::{self, ContentError, LoadErrors, Problem, Site, dates};
use crate::{links, render};

/// Why a snapshot could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Content(#[from] LoadErrors),
    #[error("a template failed to render: {0}")]
    Render(#[from] askama::Error),
}

/// How to build: for the public now, or a preview with drafts.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    /// Show drafts and pages not yet published (or no longer published).
    pub drafts: bool,
    /// The moment the site is built for; pages appear and disappear by it.
    pub now: Timestamp,
}

impl BuildOptions {
    /// The public site, as of now.
    pub fn public() -> Self {
        Self {
            drafts: false,
            now: Timestamp::now(),
        }
    }
}

/// The whole site, rendered and ready to serve.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The content as the public sees it (with drafts, when previewing).
    pub site: Site,
    pages: HashMap<String, Bytes>,
    /// Old addresses (aliases) and the pages they lead to.
    redirects: HashMap<String, String>,
    not_found: Bytes,
    assets: Assets,
    /// A short hash of everything served, which changes whenever any page or asset does.
    pub version: String,
    pub built_at: Timestamp,
    /// When a page is next due to appear or disappear.
    pub next_change: Option<Timestamp>,
    /// Advice for editors that did not stop the build.
    pub warnings: Vec<ContentError>,
}

impl Snapshot {
    /// Loads and validates `content_dir`, reads `static_dir`, renders every page and checks
    /// every link. On failure, every problem found is reported, links included.
    pub fn build(
        content_dir: &Path,
        static_dir: &Path,
        options: BuildOptions,
    ) -> Result<Self, BuildError> {
        let (site, mut problems) = content::load_partial(content_dir);
        let assets = Assets::load(static_dir).unwrap_or_else(|error| {
            problems.errors.push(error);
            Assets::default()
        });
        let built = Self::from_parts(&site, assets, options);
        if problems.errors.is_empty() {
            return built;
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

    /// Renders `site` with `assets`, and checks its links.
    pub fn from_parts(
        all: &Site,
        assets: Assets,
        options: BuildOptions,
    ) -> Result<Self, BuildError> {
        let site = all.visible_at(options.now, options.drafts);
        let rendered = render::render_site(&site, &assets, options.now)?;
        let pages: HashMap<String, Bytes> = rendered
            .pages
            .into_iter()
            .map(|page| (page.path, Bytes::from(page.html)))
            .collect();
        let redirects: HashMap<String, String> = site
            .metas()
            .flat_map(|(url, meta)| {
                meta.aliases
                    .iter()
                    .map(move |alias| (alias.clone(), url.clone()))
            })
            .collect();
        let mut warnings = site.warnings.clone();
        warnings.extend(overdue_reviews(&site, options.now));
        let broken = links::check(all, &site, &pages, &redirects);
        if !broken.is_empty() {
            return Err(LoadErrors {
                errors: broken,
                warnings,
            }
            .into());
        }
        let next_change = if options.drafts {
            None
        } else {
            all.next_change_after(options.now)
        };
        Ok(Self {
            version: version(&pages, &assets),
            site,
            pages,
            redirects,
            not_found: Bytes::from(rendered.not_found),
            assets,
            built_at: options.now,
            next_change,
            warnings,
        })
    }

    /// The HTML of the page at `path` (with its trailing slash).
    pub fn page(&self, path: &str) -> Option<&Bytes> {
        self.pages.get(path)
    }

    /// Where an old address now lives.
    pub fn redirect(&self, path: &str) -> Option<&str> {
        self.redirects.get(path).map(String::as_str)
    }

    /// The HTML of the "page not found" page.
    pub fn not_found(&self) -> &Bytes {
        &self.not_found
    }

    pub fn asset(&self, path: &str) -> Option<&Asset> {
        self.assets.get(path)
    }

    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    /// Every page's path, sorted.
    pub fn page_paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.pages.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }
}

/// Warnings for pages whose `review_by` date has passed.
fn overdue_reviews(site: &Site, now: Timestamp) -> Vec<ContentError> {
    let today = dates::uk().to_datetime(now).date();
    site.metas()
        .filter_map(|(url, meta)| {
            let (date, location) = meta.review_by.as_ref()?;
            (*date < today).then(|| {
                ContentError::new(
                    location.clone(),
                    Problem::Advice(format!(
                        "{url} was due for review on {}; check it is still right, then set a new review_by",
                        dates::long_date(*date)
                    )),
                )
            })
        })
        .collect()
}

fn version(pages: &HashMap<String, Bytes>, assets: &Assets) -> String {
    let mut hasher = Sha256::new();
    let mut paths: Vec<&String> = pages.keys().collect();
    paths.sort_unstable();
    for path in paths {
        hasher.update(path.as_bytes());
        hasher.update(&pages[path]);
    }
    let mut urls: Vec<&str> = assets.iter().map(|(url, _)| url).collect();
    urls.sort_unstable();
    for url in urls {
        hasher.update(url.as_bytes());
    }
    hasher.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
