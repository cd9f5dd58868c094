//! The steps every kind of page shares: publishing fields and aliases, required text, the
//! slug and its address, and the body rendered once with its links and advice recorded.

use super::{Loader, Location, invalid};
use crate::content::document::Document;
use crate::content::error::Locator;
use crate::content::schema::MetaFields;
use crate::content::{Body, ContentError, ContentLink, Meta, Problem, dates};
use crate::limits::{MAX_ELEMENTS, MAX_NESTING, MAX_TEXT_HTML_BYTES, size};
use crate::markdown::{self, Refusal};
use crate::routes::{self, Collection};

impl Loader {
    /// Renders the body of `doc`, the page at `url`: its internal links are kept for the link
    /// check, and what would hurt readers becomes a warning at its line. With a
    /// `main_image`, the page's first picture is that, not the first of its text.
    pub(super) fn body(&mut self, doc: &Document<'_>, url: &str, main_image: bool) -> Body {
        if main_image {
            self.illustrated.insert(url.to_string());
        }
        let eager = !main_image;
        let media = std::sync::Arc::clone(&self.media);
        let picture = |found: &markdown::PictureRef<'_>| {
            let name = crate::media::reference(found.dest)?;
            let picture = media.get(&name)?.ok()?;
            Some(picture.html(found.alt, eager && found.number == 0))
        };
        let rendered = markdown::render_with(doc.body, &picture);
        let locator = Locator::new(doc.path, doc.text);
        let at = |offset: usize| locator.at(doc.body_offset() + offset);
        if let Some(refusal) = &rendered.refused {
            // The text is not published: what is in it waits until it is within the limits.
            let (offset, message) = refused(refusal);
            self.push(at(offset), Problem::TooBig(message));
            return Body::default();
        }
        // Made ids avoid the layout's; one given by the editor (`{#main}`) may not.
        for id in &rendered.ids {
            if routes::LAYOUT_ANCHORS.contains(&id.as_str()) {
                let reason = format!(
                    "`{id}` is an id the page already has (the skip link's target, or the search box); give the heading another id"
                );
                let written = [format!("#{id}}}"), format!("\"{id}\""), format!("={id}")];
                let offset = written.iter().find_map(|w| doc.body.find(w.as_str()));
                self.push(at(offset.unwrap_or(0)), invalid("id", &reason));
            }
        }
        // Photos of the media folder are checked here; the others by the link check.
        let mut photos = Vec::new();
        let mut pictures = Vec::new();
        for image in &rendered.images {
            match crate::media::reference(&image.dest) {
                Some(name) => {
                    self.check_photo(&name, Some(&image.alt), at(image.offset));
                    photos.push(image.offset);
                }
                None => pictures.push(image),
            }
        }
        // A photo's missing alt text is an error, told by the check above, not advice.
        let about_a_photo = |f: &&markdown::Finding| {
            f.message == markdown::NO_ALT_TEXT && photos.contains(&f.offset)
        };
        for finding in rendered.findings.iter().filter(|f| !about_a_photo(f)) {
            self.warnings.push(ContentError::new(
                at(finding.offset),
                Problem::Advice(finding.message.clone()),
            ));
        }
        // Every link and picture is kept: the link check tells those of other sites apart.
        let links = rendered.links.iter().map(|l| (&l.dest, l.offset, false));
        let pictures = pictures.into_iter().map(|i| (&i.dest, i.offset, true));
        for (dest, offset, picture) in links.chain(pictures) {
            self.links.push(ContentLink {
                from: url.to_string(),
                dest: dest.clone(),
                location: at(offset),
                picture,
            });
        }
        Body::new(rendered)
    }

    /// Reports each of `fields` (name and value) that is empty.
    pub(super) fn require_text(&mut self, doc: &Document<'_>, fields: &[(&str, &str)]) {
        for (name, value) in fields {
            if value.trim().is_empty() {
                self.push(
                    doc.field_location(doc.path, name),
                    invalid(name, "must not be empty"),
                );
            }
        }
    }

    /// Reports a body with no text, for `what` ("a news post") that needs one.
    pub(super) fn require_body(&mut self, doc: &Document<'_>, what: &str) {
        if doc.body.trim().is_empty() {
            self.push(
                Location::at(doc.path, doc.text, doc.text.len()),
                invalid("text", &format!("{what} needs text below its front matter")),
            );
        }
    }

    /// The slug from the `slug` field or else the file name, checked, and its address in
    /// `collection` claimed.
    pub(super) fn slug(
        &mut self,
        doc: &Document<'_>,
        field: Option<&toml::Spanned<String>>,
        collection: Collection,
    ) -> Option<String> {
        let (slug, location) = match field {
            Some(spanned) => (
                spanned.get_ref().clone(),
                doc.locate(doc.path, spanned.span().start),
            ),
            None => (
                super::files::file_stem(doc.path),
                Location::at(doc.path, doc.text, 0),
            ),
        };
        if !is_valid_slug(&slug) {
            let reason = match ascii_slug(&slug) {
                fix if fix.is_empty() => format!(
                    "`{slug}` cannot be an address; use lowercase letters a to z, digits and single hyphens (rename the file or set `slug`)"
                ),
                fix => format!(
                    "`{slug}` cannot be an address; use lowercase letters, digits and single hyphens, such as `{fix}` (rename the file or set `slug`)"
                ),
            };
            self.push(location, invalid("slug", &reason));
            return None;
        }
        if collection == Collection::Pages && routes::is_reserved(&slug) {
            let reason = format!("`{slug}` is reserved for the site itself; choose another name");
            self.push(
                Location::at(doc.path, doc.text, 0),
                invalid("slug", &reason),
            );
            return None;
        }
        self.urls.push((collection.address(&slug), location, false));
        Some(slug)
    }

    /// Publishing state, dates and aliases, checked; aliases claim their addresses.
    pub(super) fn meta(&mut self, doc: &Document<'_>, fields: MetaFields) -> Meta {
        let publish_at = self.when(doc, "publish_at", fields.publish_at.as_ref(), dates::moment);
        let unpublish_at = self.when(
            doc,
            "unpublish_at",
            fields.unpublish_at.as_ref(),
            dates::moment,
        );
        let updated = self.when(doc, "updated", fields.updated.as_ref(), dates::date);
        let review_by_at = fields
            .review_by
            .as_ref()
            .map(|v| doc.locate(doc.path, v.span().start));
        let review_by = self
            .when(doc, "review_by", fields.review_by.as_ref(), dates::date)
            .zip(review_by_at);
        if let (Some(publish), Some(unpublish)) = (publish_at, unpublish_at)
            && unpublish <= publish
        {
            self.push(
                doc.field_location(doc.path, "unpublish_at"),
                invalid("unpublish_at", "must come after publish_at"),
            );
        }
        Meta {
            draft: fields.draft,
            publish_at,
            unpublish_at,
            updated,
            review_by,
            aliases: self.aliases(doc, fields.aliases),
            image: fields.image.and_then(|image| self.main_image(doc, image)),
        }
    }

    /// Old addresses, checked, each claiming its address.
    fn aliases(&mut self, doc: &Document<'_>, aliases: Vec<toml::Spanned<String>>) -> Vec<String> {
        let mut valid = Vec::new();
        for alias in aliases {
            let location = doc.locate(doc.path, alias.span().start);
            let alias = alias.into_inner();
            if routes::is_site_address(&alias) {
                let reason = format!(
                    "`{alias}` is an address of the site itself, which an old address cannot take over; remove it"
                );
                self.push(location, invalid("aliases", &reason));
            } else if is_valid_alias(&alias) {
                // Without its slash, an old address would take over the slash's redirect of
                // the page with the slash: it claims that address too.
                if !alias.ends_with('/') {
                    self.urls
                        .push((format!("{alias}/"), location.clone(), true));
                }
                self.urls.push((alias.clone(), location, true));
                valid.push(alias);
            } else {
                let reason = format!(
                    "`{alias}` is not an address on this site; write it as a path such as \"/twinning/lille/\""
                );
                self.push(location, invalid("aliases", &reason));
            }
        }
        valid
    }

    /// Reads a date or moment field with `parse`, reporting a bad one at its place.
    pub(super) fn when<T>(
        &mut self,
        doc: &Document<'_>,
        field: &str,
        value: Option<&toml::Spanned<toml::value::Datetime>>,
        parse: fn(&toml::value::Datetime) -> Result<T, String>,
    ) -> Option<T> {
        let value = value?;
        parse(value.get_ref())
            .map_err(|reason| {
                self.push(
                    doc.locate(doc.path, value.span().start),
                    invalid(field, &reason),
                )
            })
            .ok()
    }
}

/// An old address: a path on this site, without `..`, a query or a fragment.
fn is_valid_alias(alias: &str) -> bool {
    alias.starts_with('/')
        && !alias.contains("//")
        && !alias
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        && alias
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '?' | '#' | '\\' | '%'))
}

/// An address for `name` in the letters addresses use: accents dropped (`kraków` is
/// `krakow`), a few letters spelt the usual way (`ł` as `l`, `ß` as `ss`), others left out.
fn ascii_slug(name: &str) -> String {
    let mut spelt = String::with_capacity(name.len());
    for c in crate::search::fold(name).chars() {
        match c {
            'ł' => spelt.push('l'),
            'đ' => spelt.push('d'),
            'ø' => spelt.push('o'),
            'ı' => spelt.push('i'),
            'ß' => spelt.push_str("ss"),
            'æ' => spelt.push_str("ae"),
            'œ' => spelt.push_str("oe"),
            c if c.is_ascii() => spelt.push(c),
            _ => spelt.push(' '),
        }
    }
    markdown::slugify(&spelt)
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Where a text over a limit is, and what to do about it.
fn refused(refusal: &Refusal) -> (usize, String) {
    match refusal {
        Refusal::TooDeep { offset } => (
            *offset,
            format!(
                "lists, quotes or HTML elements here are nested more than {MAX_NESTING} deep, which no page needs and the site cannot show; this is usually a paste gone wrong: remove the extra `>`, `-` or `<div>`s"
            ),
        ),
        Refusal::TooBig => (
            0,
            format!(
                "this text would be more than {} of HTML, the most one page's text may be; split it into several pages",
                size(MAX_TEXT_HTML_BYTES as u64)
            ),
        ),
        Refusal::LongRuns => (
            0,
            "the text has a very long stretch without a break (a paragraph, or a link or picture address) full of characters such as `&`, `£` or `«`, which would take the site too long to write out; break it into shorter paragraphs".to_string(),
        ),
        Refusal::TooManyElements { offset } => (
            *offset,
            format!(
                "by here the text has more paragraphs, lines, list items, links, table cells and other parts than one page may have (at most {MAX_ELEMENTS} elements), more than a phone can show well; split it into several pages"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_addresses_use_plain_letters() {
        assert_eq!(ascii_slug("kraków"), "krakow");
        assert_eq!(ascii_slug("Łódź"), "lodz");
        assert_eq!(ascii_slug("Bad_Name"), "bad-name");
        assert_eq!(ascii_slug("Brașov & Niš"), "brasov-nis");
        assert_eq!(ascii_slug("杭州"), "");
    }

    #[test]
    fn slugs_and_aliases() {
        assert!(is_valid_slug("saint-mary"));
        for bad in ["", "Brno", "a--b", "-a", "a-", "niš", "a b"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert!(is_valid_alias("/twinning/lille/"));
        for bad in ["twinning", "/a//b/", "/a/../b/", "/a?b", "/a#b"] {
            assert!(!is_valid_alias(bad), "{bad}");
        }
    }
}
