//! `partnerships/*.md`: partner and friendship cities.

use std::path::Path;

use super::{Loader, invalid};
use crate::content::document::Document;
use crate::content::schema::{CityFields, LocalNameFields};
use crate::content::{City, CityKind, LocalName, scripts};
use crate::routes::Collection;

impl Loader {
    pub(super) fn city(&mut self, path: &Path) -> Option<City> {
        self.document(path, |this, doc, mut fields: CityFields| {
            let meta = this.meta(doc, fields.take_meta());
            this.require_text(
                doc,
                &[("title", &fields.title), ("country", &fields.country)],
            );
            let priorities = fields.priorities.take().unwrap_or_default();
            if fields.kind == CityKind::Partner {
                this.require_partner_fields(doc, &fields, priorities.is_empty());
            }
            this.check_place(doc, &fields);
            this.places.push(super::checks::Place {
                title: fields.title.clone(),
                latitude: *fields.latitude.get_ref(),
                longitude: *fields.longitude.get_ref(),
                location: doc.field_location(path, "title"),
            });
            let local_names = this.local_names(doc, fields.local_names);
            for reference in &priorities {
                let location = doc.locate(path, reference.span().start);
                this.priority_refs
                    .push((reference.get_ref().clone(), location));
            }
            let collection = Collection::Partnerships;
            let slug = this.slug(doc, fields.slug.as_ref(), collection)?;
            // A city without text has no page of its own: it is listed, not linked.
            let has_text = !doc.body.trim().is_empty();
            let body =
                has_text.then(|| this.body(doc, &collection.address(&slug), meta.image.is_some()));
            Some(City {
                slug,
                title: fields.title,
                country: fields.country,
                kind: fields.kind,
                latitude: *fields.latitude.get_ref(),
                longitude: *fields.longitude.get_ref(),
                since: fields.since.map(|s| *s.get_ref()),
                link_note: fields.link_note,
                former_name: fields.former_name,
                note: fields.note,
                priorities: priorities.into_iter().map(|p| p.into_inner()).collect(),
                summary: fields.summary,
                local_names,
                body,
                meta,
                version: Default::default(),
            })
        })
    }

    /// A partner city needs a summary, a priority and text.
    fn require_partner_fields(
        &mut self,
        doc: &Document<'_>,
        fields: &CityFields,
        no_priorities: bool,
    ) {
        let summary = fields.summary.as_deref().unwrap_or_default();
        if summary.trim().is_empty() {
            self.push(
                doc.field_location(doc.path, "summary"),
                invalid(
                    "summary",
                    "a partner city needs a one-line summary of the work",
                ),
            );
        }
        if no_priorities {
            self.push(
                doc.field_location(doc.path, "priorities"),
                invalid(
                    "priorities",
                    "a partner city needs at least one priority its work serves",
                ),
            );
        }
        self.require_body(doc, "a partner city");
    }

    /// Coordinates on the globe and in the city's country, and a year the link could have
    /// begun. One slip is told once: swapped coordinates can also be out of range.
    fn check_place(&mut self, doc: &Document<'_>, fields: &CityFields) {
        let mut out_of_range = Vec::new();
        for (field, value, limit) in [
            ("latitude", &fields.latitude, 90.0),
            ("longitude", &fields.longitude, 180.0),
        ] {
            if !(-limit..=limit).contains(value.get_ref()) {
                let reason = format!("must be between -{limit} and {limit} degrees");
                out_of_range.push((value.span().start, invalid(field, &reason)));
            }
        }
        match self.country_slip(fields) {
            Some((reason, explained)) if out_of_range.is_empty() || explained => {
                let at = doc.locate(doc.path, fields.latitude.span().start);
                self.push(at, invalid("latitude", &reason));
            }
            _ => {
                for (offset, problem) in out_of_range {
                    self.push(doc.locate(doc.path, offset), problem);
                }
            }
        }
        if let Some(since) = &fields.since
            && !(1900..=2100).contains(since.get_ref())
        {
            self.push(
                doc.locate(doc.path, since.span().start),
                invalid("since", "must be the year the link began, such as 1969"),
            );
        }
    }

    /// Why the coordinates are not in the city's country, where the map data knows the
    /// country, and whether a slip explains it: latitude and longitude swapped, or a missing
    /// minus sign, puts a city at sea.
    fn country_slip(&self, fields: &CityFields) -> Option<(String, bool)> {
        use crate::map::countries::contains;
        let (latitude, longitude) = (*fields.latitude.get_ref(), *fields.longitude.get_ref());
        let country = fields.country.as_str();
        let mistaken = ["latitude", "longitude", "country"];
        if self
            .stand_ins
            .iter()
            .any(|f| mistaken.contains(&f.as_str()))
            || contains(country, latitude, longitude) != Some(false)
        {
            return None;
        }
        let slip = if contains(country, longitude, latitude) == Some(true) {
            Some(format!(
                "latitude and longitude look swapped: write `latitude = {longitude}` and `longitude = {latitude}`"
            ))
        } else if contains(country, latitude, -longitude) == Some(true) {
            Some(format!(
                "longitude is negative west of Greenwich: write `longitude = {}`",
                -longitude
            ))
        } else if contains(country, -latitude, longitude) == Some(true) {
            Some(format!(
                "latitude is negative south of the equator: write `latitude = {}`",
                -latitude
            ))
        } else {
            None
        };
        let explained = slip.is_some();
        let fix = slip.unwrap_or_else(|| {
            "check them on the city's Wikipedia page (click its coordinates)".to_string()
        });
        Some((
            format!("{latitude}, {longitude} is not in {country}; {fix}"),
            explained,
        ))
    }

    fn local_names(
        &mut self,
        doc: &Document<'_>,
        names: toml::Spanned<Vec<LocalNameFields>>,
    ) -> Vec<LocalName> {
        if names.get_ref().is_empty() {
            self.push(
                doc.locate(doc.path, names.span().start),
                invalid(
                    "local_names",
                    "give at least one `[[local_names]]` with `name` and `lang`",
                ),
            );
        }
        names
            .into_inner()
            .into_iter()
            .map(|local| {
                let reason = if is_valid_lang(local.lang.get_ref()) {
                    scripts::mismatch(&local.name, local.lang.get_ref())
                } else {
                    Some(format!(
                        "`{}` is not a language tag; use one such as `cs`, `de` or `zh-Hans`",
                        local.lang.get_ref()
                    ))
                };
                if let Some(reason) = reason {
                    self.push(
                        doc.locate(doc.path, local.lang.span().start),
                        invalid("lang", &reason),
                    );
                }
                LocalName {
                    name: local.name,
                    lang: local.lang.into_inner(),
                }
            })
            .collect()
    }
}

/// A BCP 47 tag in the common form: a language, then optional script, region or variants.
fn is_valid_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for good in ["cs", "zh-Hans", "sr-Cyrl-RS", "ast"] {
            assert!(is_valid_lang(good), "{good}");
        }
        for bad in ["", "c", "czech", "zh_Hans", "cs-", "1a"] {
            assert!(!is_valid_lang(bad), "{bad}");
        }
    }
}
