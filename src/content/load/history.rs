//! Dates from git: each page's "Last updated", where its file does not set `updated`, is its
//! file's last commit; and a translation older than its original is told, naming both files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::translations::Translation;
use super::{Loader, Location, Problem};
use crate::content::history::History;
use crate::content::{City, ContentError, Event, Meta, Page, Post, Priority};

/// A page made from one file, whose date git may give.
pub(super) trait Dated {
    fn address(&self) -> String;
    fn meta_mut(&mut self) -> &mut Meta;
}

macro_rules! dated {
    ($($kind:ty),*) => {$(
        impl Dated for $kind {
            fn address(&self) -> String {
                self.url()
            }
            fn meta_mut(&mut self) -> &mut Meta {
                &mut self.meta
            }
        }
    )*};
}

dated!(Priority, City, Page, Post, Event);

impl Loader {
    /// The history of every page's file and every translation's in `dir`; empty outside git.
    pub(super) fn history(&self, dir: &Path, translations: &[Translation]) -> History {
        let mut files: Vec<PathBuf> = self
            .urls
            .iter()
            .filter(|(_, _, alias)| !alias)
            .map(|(_, at, _)| at.path.clone())
            .collect();
        files.extend(translations.iter().map(|t| t.path.clone()));
        History::read(dir, &files)
    }

    /// Gives each of `items` without an `updated` its file's last commit date.
    pub(super) fn date_from_git<T: Dated>(&self, history: &History, items: &mut [T]) {
        if history.is_empty() {
            return;
        }
        let files: HashMap<&str, &Path> = self
            .urls
            .iter()
            .filter(|(_, _, alias)| !alias)
            .map(|(url, at, _)| (url.as_str(), at.path.as_path()))
            .collect();
        for item in items {
            let address = item.address();
            let meta = item.meta_mut();
            if meta.updated.is_none()
                && let Some(change) = files.get(address.as_str()).and_then(|f| history.change(f))
            {
                meta.updated = Some(change.date());
            }
        }
    }

    /// Dates each translation from git, and tells of each whose original changed in a later
    /// commit than it did: it may no longer say what the original says.
    pub(super) fn find_stale(
        &mut self,
        dir: &Path,
        history: &History,
        translations: &mut [Translation],
    ) {
        for translation in translations.iter_mut() {
            let own = history.change(&translation.path);
            if translation.updated.is_none() {
                translation.updated = own.map(|c| c.date());
            }
            let (Some(own), Some(original)) = (own, history.change(&translation.original_file))
            else {
                continue;
            };
            if original.age < own.age {
                let name = translation
                    .original_file
                    .strip_prefix(dir)
                    .unwrap_or(&translation.original_file)
                    .display();
                let message = format!(
                    "this translation may be out of date: its original, `{name}`, changed in a later commit ({}) than this translation did ({}); check it against the original, bring it up to date, and commit it",
                    crate::words::Words::english().long_date(original.date()),
                    crate::words::Words::english().long_date(own.date()),
                );
                self.warnings.push(ContentError::new(
                    Location::file(&translation.path),
                    Problem::Advice(message),
                ));
            }
        }
    }
}
