//! The checks across files, once every file is read: each address claimed once, and every
//! city's priorities known.

use std::collections::HashMap;

use super::Loader;
use crate::content::{ContentError, Priority, Problem};
use crate::routes::Collection;
use crate::suggest;

impl Loader {
    pub(super) fn check_priority_references(&mut self, priorities: &[Priority]) {
        let known: Vec<&str> = priorities.iter().map(|p| p.slug.as_str()).collect();
        for (slug, location) in std::mem::take(&mut self.priority_refs) {
            let unloaded = Collection::Priorities.address(&slug);
            if !known.contains(&slug.as_str()) && !self.unloaded.contains(&unloaded) {
                let known = match suggest::closest(&slug, known.iter().copied()) {
                    Some(near) => format!("{} (did you mean `{near}`?)", known.join(", ")),
                    None => known.join(", "),
                };
                self.push(location, Problem::UnknownPriority { slug, known });
            }
        }
    }

    /// Reports every address claimed twice, at the later file, naming the earlier one. When
    /// one of the two is an old address (an alias), the fix is to the alias, not the page.
    pub(super) fn check_urls(&mut self) {
        let mut first = HashMap::new();
        let mut duplicates = Vec::new();
        for (url, location, alias) in &self.urls {
            if let Some((other, other_alias)) = first.insert(url, (location, *alias)) {
                // Keep the earlier as first.
                first.insert(url, (other, other_alias));
                let (url, other) = (url.clone(), other.path.display().to_string());
                let problem = match (alias, other_alias) {
                    (true, _) => Problem::AliasTaken { url, other },
                    (false, true) => Problem::TakenByAlias { url, other },
                    (false, false) => Problem::DuplicateUrl { url, other },
                };
                duplicates.push(ContentError::new(location.clone(), problem));
            }
        }
        self.errors.extend(duplicates);
    }
}
