//! `pages/*.md`: stand-alone pages such as the accessibility statement.

use std::path::Path;

use super::Loader;
use crate::content::Page;
use crate::content::schema::PageFields;
use crate::routes::Collection;

impl Loader {
    pub(super) fn page(&mut self, path: &Path) -> Option<Page> {
        self.document(path, |this, doc, mut fields: PageFields| {
            let meta = this.meta(doc, fields.take_meta());
            this.require_text(
                doc,
                &[
                    ("title", &fields.title),
                    ("description", &fields.description),
                ],
            );
            let collection = Collection::Pages;
            let slug = this.slug(doc, fields.slug.as_ref(), collection)?;
            let body = this.body(doc, &collection.address(&slug), meta.image.is_some());
            Some(Page {
                slug,
                title: fields.title,
                description: fields.description,
                summary: fields.summary,
                menu: fields.menu,
                body,
                meta,
                version: Default::default(),
            })
        })
    }
}
