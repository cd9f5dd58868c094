//! `site.toml`: the site's name, introduction and links.

use std::path::Path;

use super::{Loader, Location, Problem, invalid};
use crate::content::Settings;
use crate::content::document;

impl Loader {
    pub(super) fn settings(&mut self, path: &Path) -> Option<Settings> {
        let bytes = self.read(path)?;
        let text = match document::decode(path, &bytes) {
            Ok(text) => text,
            Err(mut e) => {
                // site.toml has no front matter: an empty one needs its fields, not `+++`.
                if e.problem == Problem::Empty {
                    e.problem = Problem::EmptySettings;
                }
                self.errors.push(e);
                return None;
            }
        };
        self.errors.extend(document::invisible(path, text));
        let fields = document::read_toml::<Settings>(path, text, text, 0);
        let good = fields.errors.is_empty();
        self.errors.extend(fields.errors);
        let settings = fields.value?;
        if !settings.news_url.starts_with("https://")
            && !fields.set_aside.iter().any(|f| f == "news_url")
        {
            let offset = text.find("news_url").unwrap_or(0);
            self.push(
                Location::at(path, text, offset),
                invalid("news_url", "must be a full address starting with https://"),
            );
        }
        good.then_some(settings)
    }
}
