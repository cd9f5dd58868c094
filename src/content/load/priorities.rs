//! `priorities/*.md`: the team's priority areas.

use std::path::Path;

use super::Loader;
use crate::content::Priority;
use crate::content::schema::PriorityFields;
use crate::routes::Collection;

impl Loader {
    pub(super) fn priority(&mut self, path: &Path) -> Option<Priority> {
        self.document(path, |this, doc, mut fields: PriorityFields| {
            let meta = this.meta(doc, fields.take_meta());
            this.orders
                .push((fields.order, doc.field_location(path, "order")));
            this.require_text(
                doc,
                &[("title", &fields.title), ("summary", &fields.summary)],
            );
            this.require_body(doc, "a priority");
            let collection = Collection::Priorities;
            let slug = this.slug(doc, fields.slug.as_ref(), collection)?;
            let body = this.body(doc, &collection.address(&slug), meta.image.is_some());
            Some(Priority {
                slug,
                title: fields.title,
                order: fields.order,
                summary: fields.summary,
                body,
                meta,
                version: Default::default(),
            })
        })
    }
}
