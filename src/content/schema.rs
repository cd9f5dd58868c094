//! The fields each kind of content file may have, exactly as editors write them. Unknown fields
//! are errors; spans let later checks point at the line of a field.

use serde::Deserialize;
use toml::Spanned;

use super::CityKind;

/// `priorities/_index.md`, `pages/*.md` share title and description with every section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFields {
    pub title: String,
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnershipsFields {
    pub title: String,
    pub description: String,
    pub friendship_intro: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityFields {
    pub title: String,
    pub slug: Option<Spanned<String>>,
    pub order: u32,
    pub summary: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalNameFields {
    pub name: String,
    pub lang: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityFields {
    pub title: String,
    pub slug: Option<Spanned<String>>,
    pub country: String,
    pub kind: CityKind,
    pub latitude: Spanned<f64>,
    pub longitude: Spanned<f64>,
    pub since: Option<Spanned<u16>>,
    pub link_note: Option<String>,
    pub former_name: Option<String>,
    pub note: Option<String>,
    pub priorities: Option<Vec<Spanned<String>>>,
    pub summary: Option<String>,
    pub local_names: Spanned<Vec<LocalNameFields>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFields {
    pub title: String,
    pub slug: Option<Spanned<String>>,
    pub description: String,
    pub summary: Option<String>,
    pub menu: Option<u32>,
}
