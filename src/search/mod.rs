//! Site search without JavaScript: an index of every public page, built with the snapshot,
//! that matches words case-insensitively, with or without diacritics ("Brasov" finds
//! Brașov), stemmed by each page's language ("schools" finds "school", "écoles" "école"),
//! with the editors' synonyms ("twinning" finds the partnerships), ranking title matches
//! above text matches. A query that finds nothing, or little, through a misspelt word is
//! answered for the site's nearest words ("Dortmnd" is "Dortmund"), and says so.

mod build;
mod entries;
mod snippet;
mod synonyms;
mod text;
mod vocabulary;

use std::collections::HashMap;

pub use entries::{Entry, entries};
pub use text::{Analyzer, fold};

use crate::content::{Body, Synonym};
use text::words;
use vocabulary::Vocabulary;

/// The most characters of a query that are read; longer ones are cut.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most results shown: a common word on a large site would otherwise make a page of
/// megabytes (2.8 MB for "leeds" on 10,000 pages), slow to build and to read.
pub const MAX_HITS: usize = 50;

const TITLE_WEIGHT: u32 = 10;
const KEYWORD_WEIGHT: u32 = 5;
/// The most words of a query corrected: each costs an automaton and a walk of the words.
const MAX_CORRECTED_WORDS: usize = 5;
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
    Event,
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
            Category::Event => "Event",
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
            Category::Event => "kind_event",
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
    /// The language of the page, its place in the index's languages.
    language: u16,
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
    fn snippet(&self, analyzer: &Analyzer, wanted: &[String]) -> Vec<Piece> {
        let body = self.body.as_ref().map_or("", Body::text);
        let text = if snippet::matches(analyzer, &self.lead, wanted) {
            &self.lead
        } else if snippet::matches(analyzer, body, wanted) || self.lead.is_empty() {
            body
        } else {
            &self.lead
        };
        snippet::snippet(analyzer, text, wanted)
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

/// The pages of one language, by the terms its analyzer makes of their words.
#[derive(Debug)]
struct Language {
    analyzer: Analyzer,
    /// Each term's place in `postings`.
    terms: HashMap<Box<str>, u32>,
    /// Each term's postings, in the order of the documents.
    postings: Vec<Vec<Posting>>,
    /// The editors' synonyms, as this language's terms.
    synonyms: Vec<synonyms::Rule>,
}

impl Language {
    /// The pages with every one of `terms`, with the sum of what the terms are worth there.
    fn all_of(&self, terms: &[String]) -> Vec<(u32, u32)> {
        let mut lists: Vec<&[Posting]> = Vec::with_capacity(terms.len());
        for term in terms {
            match self.terms.get(term.as_str()) {
                Some(&place) => lists.push(&self.postings[place as usize]),
                None => return Vec::new(),
            }
        }
        // Walk the shortest list, look each page up in the others.
        lists.sort_by_key(|list| list.len());
        let Some((shortest, others)) = lists.split_first() else {
            return Vec::new();
        };
        shortest
            .iter()
            .filter_map(|first| {
                let mut score = first.score;
                for list in others {
                    let found = list
                        .binary_search_by_key(&first.document, |p| p.document)
                        .ok()?;
                    score += list[found].score;
                }
                Some((first.document, score))
            })
            .collect()
    }

    /// Whether any page in this language has `word`, as its term.
    fn has(&self, word: &str) -> bool {
        let mut terms = Vec::new();
        self.analyzer.push_terms(word, &mut terms, false);
        !terms.is_empty() && terms.iter().all(|t| self.terms.contains_key(t.as_str()))
    }

    /// Whether `word` is in one of the editors' synonyms, as this language's term.
    fn has_synonym(&self, word: &str) -> bool {
        let mut terms = Vec::new();
        self.analyzer.push_terms(word, &mut terms, false);
        terms
            .iter()
            .any(|term| synonyms::mentions(&self.synonyms, term))
    }
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
    /// The query as it was answered, when its misspelt words were replaced by the site's
    /// nearest ones.
    pub corrected: Option<String>,
}

impl Found {
    /// Whether the results are too few and too weak to show rather than a correction's: none,
    /// or a couple that match only in their text.
    fn is_poor(&self) -> bool {
        let best = self.hits.first().map_or(0, |hit| hit.score);
        self.total == 0 || (self.total < 3 && best < TITLE_WEIGHT)
    }
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

/// Every public page, ready to search: for each language, each term and the pages it is
/// found in. (A list of each page's words took ten times the memory for a site of 10,000
/// pages.)
#[derive(Debug, Default)]
pub struct SearchIndex {
    documents: Vec<Document>,
    languages: Vec<Language>,
    vocabulary: Vocabulary,
}

impl SearchIndex {
    /// The pages that contain every word of `query` (or the words the editors' synonyms give
    /// for some of them), best first, at most [`MAX_HITS`] of them. Pages in `lang` come
    /// first, then English, then the rest: a reader searching the French site finds the
    /// French pages before the English ones. Each page is given once, in the first of those
    /// languages it matches in. Unless `as_typed`, a query that finds nothing or little is
    /// answered for the site's words nearest to its misspelt ones, if they find more.
    pub fn search(&self, query: &str, lang: &str, as_typed: bool) -> Found {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let found = self.find(&query, lang);
        if as_typed || !found.is_poor() {
            return found;
        }
        let Some(corrected) = self.correct(&query) else {
            return found;
        };
        let again = self.find(&corrected, lang);
        let best = |found: &Found| found.hits.first().map_or(0, |hit| hit.score);
        if again.total == 0 || (found.total > 0 && best(&again) <= best(&found)) {
            return found;
        }
        Found {
            corrected: Some(corrected),
            ..again
        }
    }

    /// `query` with each word that no page has (nor any synonym) replaced by the site's
    /// nearest word, or `None` when there is none to replace.
    fn correct(&self, query: &str) -> Option<String> {
        let mut corrected = String::with_capacity(query.len());
        let mut rest = 0;
        let mut changed = false;
        let unknown = words(query).filter(|(_, word)| !self.knows(word));
        for (offset, word) in unknown.take(MAX_CORRECTED_WORDS) {
            if let Some(nearest) = self.vocabulary.nearest(word) {
                corrected.push_str(&query[rest..offset]);
                corrected.push_str(nearest);
                rest = offset + word.len();
                changed = true;
            }
        }
        corrected.push_str(&query[rest..]);
        changed.then_some(corrected)
    }

    /// Whether some page has `word`, in its language's terms, or a synonym does: "America"
    /// is no misspelling of "Africa" when the editors gave it as "USA".
    fn knows(&self, word: &str) -> bool {
        self.languages
            .iter()
            .any(|l| l.has(word) || l.has_synonym(word))
    }

    /// The pages for `query` as typed, with its synonyms.
    fn find(&self, query: &str, lang: &str) -> Found {
        // Each language's pages, by its own terms of the query; what they mark in snippets.
        let mut matches: Vec<(u32, u32)> = Vec::new();
        let mut wanted: Vec<Vec<String>> = Vec::with_capacity(self.languages.len());
        for language in &self.languages {
            let terms = language.analyzer.query_terms(query);
            let mut marked = Vec::new();
            for alternative in synonyms::alternatives(&language.synonyms, terms) {
                matches.extend(language.all_of(&alternative));
                marked.extend(alternative);
            }
            wanted.push(marked);
        }
        // A page found by the query and by a synonym counts once, at its best.
        matches.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        matches.dedup_by_key(|(document, _)| *document);
        let rank = |doc: &Document| match self.languages[usize::from(doc.language)].analyzer.tag() {
            own if own == lang => 0,
            english if english == crate::content::languages::ENGLISH_TAG => 1,
            _ => 2,
        };
        let mut matches: Vec<(u32, &Document)> = matches
            .into_iter()
            .map(|(document, score)| (score, &self.documents[document as usize]))
            .collect();
        matches.sort_by(|a, b| {
            (rank(a.1).cmp(&rank(b.1)))
                .then_with(|| b.0.cmp(&a.0))
                .then_with(|| a.1.title.cmp(&b.1.title))
        });
        let mut shown = std::collections::HashSet::with_capacity(matches.len());
        matches.retain(|(_, doc)| shown.insert(&*doc.original));
        let total = matches.len();
        let hits = matches
            .into_iter()
            .take(MAX_HITS)
            .map(|(score, doc)| {
                let language = usize::from(doc.language);
                Hit {
                    url: doc.url.clone(),
                    lang: self.languages[language].analyzer.tag().to_string(),
                    title: doc.title.clone(),
                    title_lang: doc.title_lang.clone(),
                    kind: doc.category,
                    snippet: doc.snippet(&self.languages[language].analyzer, &wanted[language]),
                    score,
                }
            })
            .collect();
        Found {
            hits,
            total,
            corrected: None,
        }
    }

    /// How many different words the pages use, in all languages.
    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary.size()
    }

    /// The synonyms of `synonyms` with a phrase in `means` that has a word no page uses (in
    /// any language): each, with that phrase and that word.
    pub fn unused_meanings<'s>(
        &self,
        synonyms: &'s [Synonym],
    ) -> Vec<(&'s Synonym, &'s str, String)> {
        let mut unused = Vec::new();
        for synonym in synonyms {
            for phrase in &synonym.means {
                let missing = words(phrase)
                    .map(|(_, word)| word)
                    .find(|word| !self.languages.iter().any(|l| l.has(word)));
                if let Some(word) = missing {
                    unused.push((synonym, phrase.as_str(), word.to_string()));
                }
            }
        }
        unused
    }
}
