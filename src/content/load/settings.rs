//! `site.toml`: the site's name, introduction and links.

use std::path::Path;

use super::{Loader, Location, Problem, invalid};
use crate::content::Settings;
use crate::content::document;

impl Loader {
    pub(super) fn settings(&mut self, path: &Path) -> Option<Settings> {
        let bytes = self.read(path)?;
        let parsed = document::decode(path, &bytes)
            .and_then(|text| document::parse_toml::<Settings>(path, text, text, 0));
        match parsed {
            Ok(settings) => {
                if !settings.news_url.starts_with("https://") {
                    let text = String::from_utf8_lossy(&bytes);
                    let offset = text.find("news_url").unwrap_or(0);
                    self.push(
                        Location::at(path, &text, offset),
                        invalid("news_url", "must be a full address starting with https://"),
                    );
                }
                Some(settings)
            }
            Err(mut e) => {
                // site.toml has no front matter: an empty one needs its fields, not `+++`.
                if e.problem == Problem::Empty {
                    e.problem = Problem::EmptySettings;
                }
                self.errors.push(e);
                None
            }
        }
    }
}
