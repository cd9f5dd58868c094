//! A [`Snapshot`]: everything the server answers with, built in one go from the content and
//! static folders, so that a request only looks things up.

use bytes::Bytes;
use std::collections::HashMap;
use std::path::Path;

use crate::assets::{Asset, Assets};
use crate::content::{self, LoadErrors, Site};
use crate::render;

/// Why a snapshot could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Content(#[from] LoadErrors),
    #[error("a template failed to render: {0}")]
    Render(#[from] askama::Error),
}

/// The whole site, rendered and ready to serve.
#[derive(Debug)]
pub struct Snapshot {
    pub site: Site,
    pages: HashMap<String, Bytes>,
    not_found: Bytes,
    assets: Assets,
}

impl Snapshot {
    /// Loads and validates `content_dir`, reads `static_dir` and renders every page.
    pub fn build(content_dir: &Path, static_dir: &Path) -> Result<Self, BuildError> {
        let (site, assets) = match (content::load(content_dir), Assets::load(static_dir)) {
            (Ok(site), Ok(assets)) => (site, assets),
            (site, assets) => {
                let mut errors = site.err().map(|e| e.0).unwrap_or_default();
                errors.extend(assets.err());
                return Err(LoadErrors(errors).into());
            }
        };
        Self::from_parts(site, assets)
    }

    /// Renders `site` with `assets`.
    pub fn from_parts(site: Site, assets: Assets) -> Result<Self, BuildError> {
        let rendered = render::render_site(&site, &assets)?;
        let pages = rendered
            .pages
            .into_iter()
            .map(|page| (page.path, Bytes::from(page.html)))
            .collect();
        Ok(Self {
            site,
            pages,
            not_found: Bytes::from(rendered.not_found),
            assets,
        })
    }

    /// The HTML of the page at `path` (with its trailing slash).
    pub fn page(&self, path: &str) -> Option<&Bytes> {
        self.pages.get(path)
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
