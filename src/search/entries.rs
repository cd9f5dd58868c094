//! What search knows of each page: its address, language, title, other names, facts and
//! text, taken from the route table.

use std::collections::HashMap;

use super::Category;
use crate::content::languages::ENGLISH_TAG;
use crate::content::{Body, City, CityKind};
use crate::routes::{Kind, Route, RouteTable};

/// A page as it is handed to the index.
#[derive(Debug)]
pub struct Entry<'a> {
    pub url: String,
    /// The address of the page in English, which all its translations share.
    pub original: String,
    /// The language of the page.
    pub lang: &'a str,
    pub title: &'a str,
    pub title_lang: Option<&'a str>,
    pub category: Category,
    /// Other names the page is known by (a city's local and former names).
    pub names: Vec<&'a str>,
    /// Facts worth less than the title and more than the text (a city's country).
    pub keywords: Vec<&'a str>,
    /// Words shown before the body: a summary, or a city's facts.
    pub lead: String,
    pub body: Option<Body>,
}

impl<'a> Entry<'a> {
    fn new(route: &Route<'a>, title: &'a str, category: Category) -> Self {
        Self {
            url: route.path.clone(),
            original: route.english_path().to_string(),
            lang: &route.site.language.tag,
            title,
            title_lang: None,
            category,
            names: Vec::new(),
            keywords: Vec::new(),
            lead: String::new(),
            body: None,
        }
    }

    fn with(mut self, lead: &str, body: Option<&Body>) -> Self {
        self.lead = lead.to_string();
        self.body = body.cloned();
        self
    }

    /// A city, found on its own page or else on the partnerships page; `original`, its
    /// address in English.
    fn city(city: &'a City, original: String) -> Self {
        let category = match city.kind {
            CityKind::Partner => Category::PartnerCity,
            CityKind::Friendship => Category::FriendshipCity,
        };
        let place = if city.version.is_original() {
            format!("{} of Leeds, in {}.", category.label(), city.country)
        } else {
            // The kind of city is said on the page in its language; the country is enough.
            format!("{}.", city.country)
        };
        let facts = [
            Some(place.as_str()),
            city.summary.as_deref(),
            city.link_note.as_deref(),
            city.note.as_deref(),
        ];
        let lead: Vec<&str> = facts.into_iter().flatten().collect();
        Self {
            url: city.href(),
            original,
            lang: city.version.lang(),
            title: &city.title,
            title_lang: city.title_lang(),
            category,
            names: city
                .local_names
                .iter()
                .map(|l| l.name.as_str())
                .chain(city.former_name.as_deref())
                .collect(),
            keywords: vec![&city.country],
            lead: lead.join(" "),
            body: city.body.clone(),
        }
    }
}

/// What search knows of each public page of `table`, in the table's order: a city without a
/// page of its own is an entry of the partnerships page's (in English). A translated page is
/// also known by its English title, so that "Hangzhou" finds the Chinese page, 杭州, on the
/// Chinese site's search.
pub fn entries<'a>(table: &RouteTable<'a>) -> Vec<Entry<'a>> {
    let mut entries = pages(table);
    let english: HashMap<String, &'a str> = entries
        .iter()
        .filter(|e| e.lang == ENGLISH_TAG)
        .map(|e| (e.original.clone(), e.title))
        .collect();
    for entry in entries.iter_mut().filter(|e| e.lang != ENGLISH_TAG) {
        if let Some(&title) = english.get(&entry.original)
            && title != entry.title
        {
            entry.names.push(title);
        }
    }
    entries
}

/// Each page's entry, as its own language has it.
fn pages<'a>(table: &RouteTable<'a>) -> Vec<Entry<'a>> {
    let mut entries = Vec::new();
    for route in table.pages() {
        let site = route.site;
        let entry = |title, category| Entry::new(route, title, category);
        match route.kind {
            Kind::Home => entries
                .push(entry(&site.settings.title, Category::Home).with(&site.settings.intro, None)),
            Kind::Priorities => {
                let section = &site.priorities_section;
                entries.push(
                    entry(&section.title, Category::Priorities).with("", Some(&section.body)),
                );
            }
            Kind::Priority(p) => {
                entries.push(entry(&p.title, Category::Priority).with(&p.summary, Some(&p.body)));
            }
            Kind::Partnerships => {
                let section = &site.partnerships_section;
                entries.push(
                    entry(&section.title, Category::Partnerships).with("", Some(&section.body)),
                );
                // Cities without a page of their own are found on this one, in English.
                let listed = site.cities.iter().filter(|c| !c.has_page());
                for city in listed.filter(|_| site.language.is_english()) {
                    entries.push(Entry::city(city, city.href()));
                }
            }
            Kind::City(city) => {
                entries.push(Entry::city(city, route.english_path().to_string()));
            }
            Kind::Page(page) => {
                entries.push(entry(&page.title, Category::Page).with("", Some(&page.body)));
            }
            Kind::Post(post) => {
                entries
                    .push(entry(&post.title, Category::News).with(&post.summary, Some(&post.body)));
            }
            Kind::Event(event) => {
                // When and where it is are found too: "Civic Hall", "March".
                let words = &site.language.words;
                let when = event.describe_when(words, site.language.is_english());
                let place = event.place.as_ref().map(|p| p.line());
                let facts = [Some(event.summary.clone()), Some(when), place];
                let lead: Vec<String> = facts.into_iter().flatten().collect();
                entries.push(
                    entry(&event.title, Category::Event).with(&lead.join(" "), Some(&event.body)),
                );
            }
            _ => {}
        }
    }
    entries
}
