//! The fields each kind of content file may have, exactly as editors write them. Unknown fields
//! are errors; spans let later checks point at the line of a field.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::CityKind;
use super::reading::Schema;

/// Fields that every page-like file may set: publishing state, dates and old addresses.
#[derive(Debug, Default)]
pub struct MetaFields {
    pub draft: bool,
    pub publish_at: Option<Spanned<Datetime>>,
    pub unpublish_at: Option<Spanned<Datetime>>,
    pub updated: Option<Spanned<Datetime>>,
    pub review_by: Option<Spanned<Datetime>>,
    pub aliases: Vec<Spanned<String>>,
    pub image: Option<Spanned<ImageFields>>,
}

/// A page's main picture: a photo of `content/media/`, what it shows for those who cannot
/// see it, and what is written under it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageFields {
    /// Its name in `content/media/`.
    pub file: Spanned<String>,
    pub alt: Option<Spanned<String>>,
    pub caption: Option<String>,
    /// Who owns the photo.
    pub credit: Option<String>,
}

/// Declares the fields of one kind of file, adding [`MetaFields`]' fields to it: serde cannot
/// flatten a struct into one that denies unknown fields.
macro_rules! page_fields {
    ($(#[$doc:meta])* $name:ident { $($(#[$attr:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($(#[$attr])* pub $field: $ty,)*
            #[serde(default)]
            pub draft: bool,
            pub publish_at: Option<Spanned<Datetime>>,
            pub unpublish_at: Option<Spanned<Datetime>>,
            pub updated: Option<Spanned<Datetime>>,
            pub review_by: Option<Spanned<Datetime>>,
            #[serde(default)]
            pub aliases: Vec<Spanned<String>>,
            pub image: Option<Spanned<ImageFields>>,
        }

        impl $name {
            /// Moves the shared fields out.
            pub fn take_meta(&mut self) -> MetaFields {
                MetaFields {
                    draft: self.draft,
                    publish_at: self.publish_at.take(),
                    unpublish_at: self.unpublish_at.take(),
                    updated: self.updated.take(),
                    review_by: self.review_by.take(),
                    aliases: std::mem::take(&mut self.aliases),
                    image: self.image.take(),
                }
            }
        }
    };
}

/// `priorities/_index.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFields {
    pub title: String,
    pub description: String,
}

/// `partnerships/_index.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnershipsFields {
    pub title: String,
    pub description: String,
    pub friendship_intro: String,
}

page_fields!(
    /// `priorities/*.md`.
    PriorityFields {
        title: String,
        slug: Option<Spanned<String>>,
        order: u32,
        summary: String,
    }
);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalNameFields {
    pub name: String,
    pub lang: Spanned<String>,
}

page_fields!(
    /// `partnerships/*.md`.
    CityFields {
        title: String,
        slug: Option<Spanned<String>>,
        country: String,
        kind: CityKind,
        latitude: Spanned<f64>,
        longitude: Spanned<f64>,
        since: Option<Spanned<u16>>,
        link_note: Option<String>,
        former_name: Option<String>,
        note: Option<String>,
        priorities: Option<Vec<Spanned<String>>>,
        summary: Option<String>,
        local_names: Spanned<Vec<LocalNameFields>>,
    }
);

page_fields!(
    /// `pages/*.md`.
    PageFields {
        title: String,
        slug: Option<Spanned<String>>,
        description: String,
        summary: Option<String>,
        menu: Option<u32>,
    }
);

page_fields!(
    /// `news/*.md`.
    PostFields {
        title: String,
        slug: Option<Spanned<String>>,
        date: Spanned<Datetime>,
        summary: String,
    }
);

page_fields!(
    /// `events/*.md`.
    EventFields {
        title: String,
        slug: Option<Spanned<String>>,
        summary: String,
        /// A Leeds date-time, or a date for an all-day event.
        start: Spanned<Datetime>,
        end: Option<Spanned<Datetime>>,
        location: Option<PlaceFields>,
        online_url: Option<Spanned<String>>,
        booking_url: Option<Spanned<String>>,
        cities: Option<Vec<Spanned<String>>>,
        priorities: Option<Vec<Spanned<String>>>,
        accessibility: Option<String>,
    }
);

/// An event's place: one line ("Civic Hall, Portland Crescent, Leeds LS1 1UR"), or its name
/// and address apart.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PlaceFields {
    Line(String),
    Parts(PlaceParts),
}

/// A place's name and address, given apart.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceParts {
    pub name: String,
    pub address: Option<String>,
}

/// A translation (`brno.cs.md` beside `brno.md`): only the words of a page. Its facts
/// (coordinates, kind, year, priorities, order, dates, addresses) are the original's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationFields {
    pub title: String,
    pub description: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub country: Option<Spanned<String>>,
    pub link_note: Option<Spanned<String>>,
    pub note: Option<Spanned<String>>,
    pub former_name: Option<Spanned<String>>,
    pub friendship_intro: Option<Spanned<String>>,
    /// Whether a native speaker has checked it; until then the page says it is a draft.
    #[serde(default)]
    pub reviewed: bool,
    /// When the translation last changed; "Last updated" on its page.
    pub updated: Option<Spanned<Datetime>>,
}

impl TranslationFields {
    /// The fields of a translation, as editors write them.
    pub const FIELDS: [&'static str; 10] = [
        "title",
        "description",
        "summary",
        "country",
        "link_note",
        "note",
        "former_name",
        "friendship_intro",
        "reviewed",
        "updated",
    ];

    /// The word fields it sets, with their values and where they are.
    pub fn words(&self) -> Vec<(&'static str, &Spanned<String>)> {
        [
            ("description", &self.description),
            ("summary", &self.summary),
            ("country", &self.country),
            ("link_note", &self.link_note),
            ("note", &self.note),
            ("former_name", &self.former_name),
            ("friendship_intro", &self.friendship_intro),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value.as_ref()?)))
        .collect()
    }
}

impl Schema for TranslationFields {
    const MINIMAL: &'static str = "title = \"-\"\n";
}

/// One language declared in `site.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeclaredLanguage {
    /// Its BCP 47 tag: `cs`, `zh-Hans`.
    pub code: String,
    /// Its name in its own language: `Čeština`.
    pub name: String,
}

impl Schema for SectionFields {
    const MINIMAL: &'static str = "title = \"-\"\ndescription = \"-\"\n";
}

impl Schema for PartnershipsFields {
    const MINIMAL: &'static str = "title = \"-\"\ndescription = \"-\"\nfriendship_intro = \"-\"\n";
}

impl Schema for PriorityFields {
    const MINIMAL: &'static str = "title = \"-\"\norder = 1\nsummary = \"-\"\n";
}

impl Schema for CityFields {
    // A friendship city needs no summary, priorities or text.
    const MINIMAL: &'static str = "title = \"-\"\ncountry = \"-\"\nkind = \"friendship\"\nlatitude = 0.0\nlongitude = 0.0\nlocal_names = [{ name = \"-\", lang = \"en\" }]\n";
}

impl Schema for PageFields {
    const MINIMAL: &'static str = "title = \"-\"\ndescription = \"-\"\n";
}

impl Schema for PostFields {
    const MINIMAL: &'static str = "title = \"-\"\ndate = 2000-01-01\nsummary = \"-\"\n";
}

impl Schema for EventFields {
    const MINIMAL: &'static str = "title = \"-\"\nsummary = \"-\"\nstart = 2000-01-01\n";
}

impl Schema for super::Settings {
    const MINIMAL: &'static str = "title = \"-\"\norganisation = \"-\"\ndescription = \"-\"\nintro = \"-\"\nnews_url = \"https://example.org/\"\nnews_label = \"-\"\ntwitter_handle = \"-\"\n";
}
