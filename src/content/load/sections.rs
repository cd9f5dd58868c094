//! The `_index.md` of a collection: the text of its own page.

use std::path::Path;

use super::{Loader, Location};
use crate::content::Section;
use crate::content::document::Document;
use crate::content::schema::{PartnershipsFields, SectionFields};
use crate::routes::Collection;

const INDEX: &str = "_index.md";

impl Loader {
    /// `priorities/_index.md`.
    pub(super) fn priorities_section(&mut self, folder: &Path) -> Option<Section> {
        self.document(&folder.join(INDEX), |this, doc, fields: SectionFields| {
            Some(this.section(
                doc,
                Collection::Priorities,
                fields.title,
                fields.description,
            ))
        })
    }

    /// `partnerships/_index.md`, with the sentence above the friendship cities.
    pub(super) fn partnerships_section(&mut self, folder: &Path) -> Option<(Section, String)> {
        self.document(
            &folder.join(INDEX),
            |this, doc, fields: PartnershipsFields| {
                let collection = Collection::Partnerships;
                let section = this.section(doc, collection, fields.title, fields.description);
                Some((section, fields.friendship_intro))
            },
        )
    }

    /// The section's page, its address claimed.
    fn section(
        &mut self,
        doc: &Document<'_>,
        collection: Collection,
        title: String,
        description: String,
    ) -> Section {
        let url = collection.prefix();
        self.urls
            .push((url.to_string(), Location::file(doc.path), false));
        Section {
            title,
            description,
            body: self.body(doc, url, false),
            version: Default::default(),
        }
    }
}
