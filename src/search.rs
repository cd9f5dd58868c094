//! Site search without JavaScript: an index of every public page, built with the snapshot,
//! that matches words case-insensitively, with or without diacritics ("Brasov" finds
//! Brașov), with simple English stemming, and ranks title matches above text matches.

use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::content::{Body, City, CityKind};
use crate::routes::{Kind, Route, RouteTable};

/// The most characters of a query that are read; longer ones are cut.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most results shown: a common word on a large site would otherwise make a page of
/// megabytes (2.8 MB for "leeds" on 10,000 pages), slow to build and to read.
pub const MAX_HITS: usize = 50;
/// Words of context either side of the first match in a snippet.
const SNIPPET_WORDS: usize = 14;

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

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One searchable page.
#[derive(Debug, Clone)]
struct Document {
    url: String,
    title: String,
    /// The language of the title, where it is a local name (Brașov).
    title_lang: Option<String>,
    category: Category,
    /// Words shown before the body: a summary, or a city's facts.
    lead: Box<str>,
    /// The body's text is shared with the site, not copied.
    body: Option<Body>,
}

impl Document {
    /// The plain text, for making snippets.
    fn text(&self) -> String {
        let body = self.body.as_ref().map_or("", Body::text);
        match (self.lead.is_empty(), body.is_empty()) {
            (_, true) => self.lead.to_string(),
            (true, false) => body.to_string(),
            (false, false) => format!("{} {body}", self.lead),
        }
    }
}

/// A page as it is handed to the index.
struct Entry<'a> {
    url: String,
    title: &'a str,
    title_lang: Option<&'a str>,
    category: Category,
    /// Other names the page is known by (a city's local and former names).
    names: Vec<&'a str>,
    /// Facts worth less than the title and more than the text (a city's country).
    keywords: Vec<&'a str>,
    lead: String,
    body: Option<Body>,
}

impl<'a> Entry<'a> {
    fn new(route: &Route<'_>, title: &'a str, category: Category) -> Self {
        Self {
            url: route.path.clone(),
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

    /// A city, found on its own page or else on the partnerships page.
    fn city(city: &'a City) -> Self {
        let category = match city.kind {
            CityKind::Partner => Category::PartnerCity,
            CityKind::Friendship => Category::FriendshipCity,
        };
        let place = format!("{} of Leeds, in {}.", category.label(), city.country);
        let facts = [
            Some(place.as_str()),
            city.summary.as_deref(),
            city.link_note.as_deref(),
            city.note.as_deref(),
        ];
        let lead: Vec<&str> = facts.into_iter().flatten().collect();
        Self {
            url: city.href(),
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
        let site = table.site;
        for route in table.pages() {
            let entry = |title, category| Entry::new(route, title, category);
            match route.kind {
                Kind::Home => index.add(
                    entry(&site.settings.title, Category::Home).with(&site.settings.intro, None),
                ),
                Kind::Priorities => {
                    let section = &site.priorities_section;
                    index.add(
                        entry(&section.title, Category::Priorities).with("", Some(&section.body)),
                    );
                }
                Kind::Priority(p) => {
                    index.add(entry(&p.title, Category::Priority).with(&p.summary, Some(&p.body)));
                }
                Kind::Partnerships => {
                    let section = &site.partnerships_section;
                    index.add(
                        entry(&section.title, Category::Partnerships).with("", Some(&section.body)),
                    );
                    // Cities without a page of their own are found on this one.
                    for city in site.cities.iter().filter(|c| !c.has_page()) {
                        index.add(Entry::city(city));
                    }
                }
                Kind::City(city) => index.add(Entry::city(city)),
                Kind::Page(page) => {
                    index.add(entry(&page.title, Category::Page).with("", Some(&page.body)));
                }
                Kind::Post(post) => {
                    index.add(
                        entry(&post.title, Category::News).with(&post.summary, Some(&post.body)),
                    );
                }
                _ => {}
            }
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
            url: entry.url,
            title: entry.title.to_string(),
            title_lang: entry.title_lang.map(str::to_string),
            category: entry.category,
            lead: entry.lead.into_boxed_str(),
            body: entry.body,
        });
    }

    /// The pages that contain every word of `query`, best first, at most [`MAX_HITS`] of them.
    pub fn search(&self, query: &str) -> Found {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let wanted: Vec<String> = terms(&query);
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
        matches.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
        let total = matches.len();
        let hits = matches
            .into_iter()
            .take(MAX_HITS)
            .map(|(score, doc)| Hit {
                url: doc.url.clone(),
                title: doc.title.clone(),
                title_lang: doc.title_lang.clone(),
                kind: doc.category,
                snippet: snippet(&doc.text(), &wanted),
                score,
            })
            .collect();
        Found { hits, total }
    }
}

/// The search terms of `text`: words folded to lowercase without diacritics, then stemmed.
pub fn terms(text: &str) -> Vec<String> {
    words(text).map(|(_, word)| term(word)).collect()
}

/// The search term of one word.
fn term(word: &str) -> String {
    let mut term = fold(word);
    stem(&mut term);
    term
}

/// Lowercase, without diacritics: "Brașov" is "brasov".
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A light English stemmer for plurals: enough that "cities" finds "city", "schools" finds
/// "school" and "churches" finds "church".
fn stem(word: &mut String) {
    if word.chars().count() <= 3 {
        return;
    }
    if word.ends_with("ies") {
        word.truncate(word.len() - 3);
        word.push('y');
    } else if word.ends_with("sses") {
        word.truncate(word.len() - 2);
    } else if let Some(root) = word.strip_suffix("es")
        && ["s", "x", "z", "ch", "sh"]
            .iter()
            .any(|end| root.ends_with(end))
    {
        word.truncate(word.len() - 2);
    } else if let Some(root) = word.strip_suffix('s')
        && !["s", "u", "i"].iter().any(|end| root.ends_with(end))
    {
        word.truncate(word.len() - 1);
    }
}

/// The words of `text` (runs of letters and digits), with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = rest.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            // Marks inside a word (a decomposed accent) belong to it.
            if !(c.is_alphanumeric() || is_combining_mark(c)) {
                end = i;
                break;
            }
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

/// A few words around the first match in `text`, matches marked.
fn snippet(text: &str, wanted: &[String]) -> Vec<Piece> {
    let all: Vec<(usize, &str)> = words(text).collect();
    let is_match = |word: &str| wanted.contains(&term(word));
    let first = all.iter().position(|(_, w)| is_match(w)).unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_WORDS);
    let to = (first + SNIPPET_WORDS).min(all.len().saturating_sub(1));
    let Some(&(start, _)) = all.get(from) else {
        return Vec::new();
    };
    let cut = to + 1 < all.len();
    let end = match all.get(to) {
        Some((i, w)) if cut => i + w.len(),
        _ => text.len(),
    };
    let mut pieces = Vec::new();
    let mut plain = String::new();
    if from > 0 {
        plain.push('…');
    }
    let mut cursor = start;
    for &(offset, word) in &all[from..=to.max(from)] {
        if is_match(word) {
            plain.push_str(&text[cursor..offset]);
            pieces.push(Piece {
                text: std::mem::take(&mut plain),
                marked: false,
            });
            pieces.push(Piece {
                text: word.to_string(),
                marked: true,
            });
            cursor = offset + word.len();
        }
    }
    plain.push_str(&text[cursor..end]);
    if cut {
        plain.push('…');
    }
    pieces.push(Piece {
        text: plain,
        marked: false,
    });
    pieces.retain(|p| !p.text.is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_stemming() {
        assert_eq!(fold("Brașov"), "brasov");
        assert_eq!(fold("NIŠ"), "nis");
        assert_eq!(
            terms("Schools, cities and exchanges"),
            ["school", "city", "and", "exchange"]
        );
        assert_eq!(terms("churches bus Paris"), ["church", "bus", "paris"]);
    }

    #[test]
    fn snippets_mark_matches_in_the_original_text() {
        let pieces = snippet("Leeds links with Brașov in Romania.", &terms("brasov"));
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|p| p.marked)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["Brașov"]);
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "Leeds links with Brașov in Romania.");
    }
}
