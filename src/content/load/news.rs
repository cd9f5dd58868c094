//! `news/*.md`: dated news posts.

use std::path::Path;

use super::{Loader, invalid};
use crate::content::schema::PostFields;
use crate::content::{Post, dates};
use crate::routes::Collection;

impl Loader {
    /// The news posts of `folder`, newest first; on one day, by title.
    pub(super) fn posts(&mut self, folder: &Path) -> Vec<Post> {
        let files = self.section_files(folder);
        let mut posts = self.load_each(files, Collection::News, Loader::post);
        posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
        posts
    }

    fn post(&mut self, path: &Path) -> Option<Post> {
        self.document(path, |this, doc, mut fields: PostFields| {
            let meta = this.meta(doc, fields.take_meta());
            this.require_text(
                doc,
                &[("title", &fields.title), ("summary", &fields.summary)],
            );
            let date = dates::date(fields.date.get_ref())
                .map_err(|reason| {
                    this.push(
                        doc.locate(path, fields.date.span().start),
                        invalid("date", &reason),
                    )
                })
                .ok();
            this.require_body(doc, "a news post");
            let collection = Collection::News;
            let slug = this.slug(doc, fields.slug.as_ref(), collection)?;
            let body = this.body(doc, &collection.address(&slug), meta.image.is_some());
            Some(Post {
                slug,
                title: fields.title,
                date: date?,
                summary: fields.summary,
                body,
                meta,
                version: Default::default(),
            })
        })
    }
}
