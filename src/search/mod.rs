//! Site search without JavaScript: an index of every public page, built with the snapshot,
//! that matches words case-insensitively, with or without diacritics ("Brasov" finds
//! Brașov), with simple English stemming, and ranks title matches above text matches.

mod snippet;
mod text;

use std::collections::{HashMap, HashSet};

pub use text::{fold, query_terms, terms};

use crate::content::{Body, City, CityKind};
use crate::routes::{Kind, Route, RouteTable};

/// The most characters of a query that are read; longer ones are cut.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most results shown: a common word on a large site would otherwise make a page of
/// megabytes (2.8 MB for "leeds" on 10,000 pages), slow to build and to read.
pub const MAX_HITS: usize = 50;

const TITLE_WEIGHT: u32 = 10;
const KEYWORD_WEIGHT: u32 = 5;
/// Matches in the text count up to this many times.
const TEXT_COUNT_LIMIT: u32 = 5;

/// What kind of page a result is, shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Home,
    Priorities,
    Priority,
    Partnerships,
    PartnerCity,
    FriendshipCity,
    Page,
    News,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::Home => "Home",
            Category::Priorities => "Priorities",
            Category::Priority => "Priority",
            Category::Partnerships => "Partnerships",
            Category::PartnerCity => "Partner city",
            Category::FriendshipCity => "Friendship city",
            Category::Page => "Page",
            Category::News => "News",
        }
    }
}

impl Category {
    /// The key of its label among the layout's words.
    pub fn key(self) -> &'static str {
        match self {
            Category::Home => "kind_home",
            Category::Priorities => "kind_priorities",
            Category::Priority => "kind_priority",
            Category::Partnerships => "kind_partnerships",
            Category::PartnerCity => "kind_partner_city",
            Category::FriendshipCity => "kind_friendship_city",
            Category::Page => "kind_page",
            Category::News => "kind_news",
        }
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One searchable page.
#[derive(Debug, Clone)]
struct Document {
    url: String,
    /// The language of the page.
    lang: Box<str>,
    title: String,
    /// The language of the title, where it is a local name (Brașov).
    title_lang: Option<String>,
    category: Category,
    /// Words shown before the body: a summary, or a city's facts.
    lead: Box<str>,
    /// The body's text is shared with the site, not copied.
    body: Option<Body>,
    /// The page's address in English, which it shares with its translations: a search
    /// shows one of them.
    original: Box<str>,
}

impl Document {
    /// A few words around the first match: in the lead if it has one, else in the body; with
    /// no match in either (the title matched), the start of the page.
    fn snippet(&self, wanted: &[String]) -> Vec<Piece> {
        let body = self.body.as_ref().map_or("", Body::text);
        let text = if snippet::matches(&self.lead, wanted) {
            &self.lead
        } else if snippet::matches(body, wanted) || self.lead.is_empty() {
            body
        } else {
            &self.lead
        };
        snippet::snippet(text, wanted)
    }
}

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
/// page of its own is an entry of the partnerships page's (in English).
pub fn entries<'a>(table: &RouteTable<'a>) -> Vec<Entry<'a>> {
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
            _ => {}
        }
    }
    entries
}

/// A page a term is found in, and what the term is worth there: more in the title or the
/// names a page is known by, less in facts such as a city's country, and a little for each
/// time it is in the text (up to five).
#[derive(Debug, Clone, Copy)]
struct Posting {
    document: u32,
    score: u32,
}

/// A piece of a snippet; `marked` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// What a search found: the best results, and how many pages match in all.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// At most [`MAX_HITS`], best first.
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub url: String,
    /// The language of the page.
    pub lang: String,
    pub title: String,
    pub title_lang: Option<String>,
    pub kind: Category,
    pub snippet: Vec<Piece>,
    pub score: u32,
}

/// Every public page, ready to search: for each term, the pages it is found in. (A list of
/// each page's words took ten times the memory for a site of 10,000 pages.)
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    documents: Vec<Document>,
    /// Each term's postings, in the order of `documents`.
    postings: HashMap<Box<str>, Vec<Posting>>,
}

impl SearchIndex {
    /// Indexes the pages of `table` (whose site is already without drafts).
    pub fn build(table: &RouteTable<'_>) -> Self {
        let mut index = Self::default();
        for entry in entries(table) {
            index.add(entry);
        }
        for list in index.postings.values_mut() {
            list.shrink_to_fit();
        }
        index.documents.shrink_to_fit();
        index
    }

    /// Adds one page: its terms, each worth more in the title and names than in the text.
    fn add(&mut self, entry: Entry<'_>) {
        let mut scores: HashMap<String, u32> = HashMap::new();
        let title_terms: HashSet<String> = entry
            .names
            .iter()
            .chain([&entry.title])
            .flat_map(|t| terms(t))
            .collect();
        for term in title_terms {
            *scores.entry(term).or_default() += TITLE_WEIGHT;
        }
        let keyword_terms: HashSet<String> = entry.keywords.iter().flat_map(|t| terms(t)).collect();
        for term in keyword_terms {
            *scores.entry(term).or_default() += KEYWORD_WEIGHT;
        }
        let body = entry.body.as_ref().map_or("", Body::text);
        let mut counts: HashMap<String, u32> = HashMap::new();
        for term in terms(&entry.lead).into_iter().chain(terms(body)) {
            *counts.entry(term).or_default() += 1;
        }
        for (term, count) in counts {
            *scores.entry(term).or_default() += count.min(TEXT_COUNT_LIMIT);
        }
        let document = u32::try_from(self.documents.len()).expect("fewer than 4 billion pages");
        for (term, score) in scores {
            let posting = Posting { document, score };
            match self.postings.get_mut(term.as_str()) {
                Some(list) => list.push(posting),
                None => {
                    self.postings.insert(term.into_boxed_str(), vec![posting]);
                }
            }
        }
        self.documents.push(Document {
            original: entry.original.into_boxed_str(),
            url: entry.url,
            lang: entry.lang.into(),
            title: entry.title.to_string(),
            title_lang: entry.title_lang.map(str::to_string),
            category: entry.category,
            lead: entry.lead.into_boxed_str(),
            body: entry.body,
        });
    }

    /// The pages that contain every word of `query`, best first, at most [`MAX_HITS`] of them.
    /// Pages in `lang` come first, then English, then the rest: a reader searching the French
    /// site finds the French pages before the English ones. Each page is given once, in the
    /// first of those languages it matches in.
    pub fn search(&self, query: &str, lang: &str) -> Found {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let wanted: Vec<String> = query_terms(&query);
        if wanted.is_empty() {
            return Found::default();
        }
        let mut lists: Vec<&[Posting]> = Vec::with_capacity(wanted.len());
        for term in &wanted {
            match self.postings.get(term.as_str()) {
                Some(list) => lists.push(list),
                None => return Found::default(),
            }
        }
        // Every page with every term: walk the shortest list, look the page up in the others.
        lists.sort_by_key(|list| list.len());
        let (shortest, others) = lists.split_first().expect("at least one term");
        let mut matches: Vec<(u32, &Document)> = shortest
            .iter()
            .filter_map(|first| {
                let mut score = first.score;
                for list in others {
                    let found = list
                        .binary_search_by_key(&first.document, |p| p.document)
                        .ok()?;
                    score += list[found].score;
                }
                Some((score, &self.documents[first.document as usize]))
            })
            .collect();
        let rank = |doc: &Document| match &*doc.lang {
            own if own == lang => 0,
            english if english == crate::content::languages::ENGLISH_TAG => 1,
            _ => 2,
        };
        matches.sort_by(|a, b| {
            (rank(a.1).cmp(&rank(b.1)))
                .then_with(|| b.0.cmp(&a.0))
                .then_with(|| a.1.title.cmp(&b.1.title))
        });
        let mut shown = HashSet::with_capacity(matches.len());
        matches.retain(|(_, doc)| shown.insert(&*doc.original));
        let total = matches.len();
        let hits = matches
            .into_iter()
            .take(MAX_HITS)
            .map(|(score, doc)| Hit {
                url: doc.url.clone(),
                lang: doc.lang.to_string(),
                title: doc.title.clone(),
                title_lang: doc.title_lang.clone(),
                kind: doc.category,
                snippet: doc.snippet(&wanted),
                score,
            })
            .collect();
        Found { hits, total }
    }
}
