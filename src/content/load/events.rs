//! `events/*.md`: what is on, when and where.

use std::path::Path;

use super::{Loader, invalid};
use crate::content::dates::{self, EventTime};
use crate::content::document::Document;
use crate::content::schema::{EventFields, PlaceFields, PlaceParts};
use crate::content::{Event, Meta, Place, When};
use crate::routes::{self, Collection};

impl Loader {
    /// The events of `folder`, soonest first; at one time, by title.
    pub(super) fn events(&mut self, folder: &Path) -> Vec<Event> {
        let files = self.section_files(folder);
        let mut events = self.load_each(files, Collection::Events, Loader::event);
        events.sort_by(|a, b| {
            let key = |e: &Event| (e.when.starts_at(), e.when.ends_at());
            key(a).cmp(&key(b)).then_with(|| a.title.cmp(&b.title))
        });
        events
    }

    fn event(&mut self, path: &Path) -> Option<Event> {
        self.document(path, |this, doc, mut fields: EventFields| {
            let meta = this.meta(doc, fields.take_meta());
            this.require_text(
                doc,
                &[("title", &fields.title), ("summary", &fields.summary)],
            );
            let when = this.event_when(doc, &fields);
            // Where it is, unless a place or an address was given (even a wrong one, told).
            let nowhere = fields.location.is_none() && fields.online_url.is_none();
            let place = fields.location.take().and_then(|p| this.place(doc, p));
            let online_url = this.web_address(doc, "online_url", fields.online_url.as_ref());
            let booking_url = this.web_address(doc, "booking_url", fields.booking_url.as_ref());
            if nowhere {
                this.push(
                    doc.field_location(path, "location"),
                    invalid(
                        "location",
                        "say where the event takes place: `location = \"Civic Hall, Portland Crescent, Leeds LS1 1UR\"` for an event in person, or `online_url = \"https://…\"` for one online (or both)",
                    ),
                );
            }
            if let Some(when) = &when {
                this.check_publishing(doc, &meta, when);
            }
            let cities = this.references(doc, fields.cities.take(), false);
            let priorities = this.references(doc, fields.priorities.take(), true);
            let collection = Collection::Events;
            let slug = this.slug(doc, fields.slug.as_ref(), collection)?;
            if routes::is_reserved_event(&slug) {
                this.push(
                    doc.field_location(path, "slug"),
                    invalid(
                        "slug",
                        &format!("`{slug}` is an address the events section uses itself; rename the file, or give the event another `slug`"),
                    ),
                );
            }
            let body = this.body(doc, &collection.address(&slug), meta.image.is_some());
            Some(Event {
                slug,
                title: fields.title,
                summary: fields.summary,
                when: when?,
                start_at: doc.field_location(path, "start"),
                place,
                online_url,
                booking_url,
                cities,
                priorities,
                accessibility: fields.accessibility.filter(|a| !a.trim().is_empty()),
                body,
                meta,
                version: Default::default(),
            })
        })
    }

    /// The event's start and end, read and checked together.
    fn event_when(&mut self, doc: &Document<'_>, fields: &EventFields) -> Option<When> {
        let start = self.when(doc, "start", Some(&fields.start), dates::event_time)?;
        let end = match &fields.end {
            Some(end) => self.when(doc, "end", Some(end), dates::event_time)?,
            None => match start {
                EventTime::Day(day) => EventTime::Day(day),
                EventTime::At(_) => {
                    self.push(
                        doc.field_location(doc.path, "start"),
                        invalid(
                            "end",
                            "an event with a start time needs an `end` time too, such as `end = 2027-03-14T20:00:00`; for an event that lasts all day, give `start` as a date, such as `start = 2027-03-14`",
                        ),
                    );
                    return None;
                }
            },
        };
        let end_at = || doc.field_location(doc.path, "end");
        let when = match (start, end) {
            (EventTime::At(start), EventTime::At(end)) => When::Timed { start, end },
            (EventTime::Day(first), EventTime::Day(last)) => When::AllDay { first, last },
            _ => {
                self.push(
                    end_at(),
                    invalid(
                        "end",
                        "`start` and `end` must both be dates (an all-day event) or both dates with times",
                    ),
                );
                return None;
            }
        };
        let (starts, ends) = (when.starts_at(), when.ends_at());
        if ends <= starts {
            self.push(
                end_at(),
                invalid(
                    "end",
                    "the event ends before it starts; check the date and time of `end` against `start`",
                ),
            );
            return None;
        }
        Some(when)
    }

    /// A past event cannot be published later: it would appear only among the past events.
    fn check_publishing(&mut self, doc: &Document<'_>, meta: &Meta, when: &When) {
        if let Some(publish_at) = meta.publish_at
            && publish_at >= when.ends_at()
        {
            self.push(
                doc.field_location(doc.path, "publish_at"),
                invalid(
                    "publish_at",
                    "the event has ended by then, so it would appear only among past events; publish it before it starts, or check its dates",
                ),
            );
        }
    }

    /// The event's place, from one line or its name and address.
    fn place(&mut self, doc: &Document<'_>, fields: PlaceFields) -> Option<Place> {
        let place = match fields {
            PlaceFields::Line(line) => Place {
                name: line.trim().to_string(),
                address: None,
            },
            PlaceFields::Parts(PlaceParts { name, address }) => Place {
                name: name.trim().to_string(),
                address: address
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty()),
            },
        };
        if place.name.is_empty() {
            self.push(
                doc.field_location(doc.path, "location"),
                invalid(
                    "location",
                    "must not be empty; give the place's name and address",
                ),
            );
            return None;
        }
        Some(place)
    }

    /// An address on the web: `https://`, `http://` or, for booking, `mailto:`.
    fn web_address(
        &mut self,
        doc: &Document<'_>,
        field: &str,
        value: Option<&toml::Spanned<String>>,
    ) -> Option<String> {
        let value = value?;
        let text = value.get_ref().trim();
        let parsed = url::Url::parse(text).ok();
        let allowed = match parsed.as_ref().map(url::Url::scheme) {
            Some("https" | "http") => parsed.as_ref().is_some_and(|u| u.host().is_some()),
            Some("mailto") => field == "booking_url",
            _ => false,
        };
        if !allowed {
            let reason = format!(
                "`{text}` is not a full web address; write it as it appears in the browser, starting with https://{}",
                if field == "booking_url" {
                    " (or mailto: and an email address)"
                } else {
                    ""
                }
            );
            self.push(
                doc.locate(doc.path, value.span().start),
                invalid(field, &reason),
            );
            return None;
        }
        Some(text.to_string())
    }

    /// The slugs an event names in `cities` or `priorities`, kept to be checked once every
    /// file is read.
    fn references(
        &mut self,
        doc: &Document<'_>,
        slugs: Option<Vec<toml::Spanned<String>>>,
        priorities: bool,
    ) -> Vec<String> {
        let slugs = slugs.unwrap_or_default();
        for slug in &slugs {
            let location = doc.locate(doc.path, slug.span().start);
            let reference = (slug.get_ref().clone(), location);
            if priorities {
                self.priority_refs.push(reference);
            } else {
                self.city_refs.push(reference);
            }
        }
        slugs.into_iter().map(toml::Spanned::into_inner).collect()
    }
}
