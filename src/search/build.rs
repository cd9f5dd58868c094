//! Building the index: each page's words, each distinct word analysed once per language
//! (stemming is the costly part), its terms counted where they are worth most.

use std::collections::HashMap;

use super::entries::{Entry, entries};
use super::text::words;
use super::vocabulary::Collector;
use super::{
    Analyzer, Document, KEYWORD_WEIGHT, Language, Posting, SearchIndex, TEXT_COUNT_LIMIT,
    TITLE_WEIGHT, synonyms,
};
use crate::content::Synonym;
use crate::routes::RouteTable;

impl SearchIndex {
    /// Indexes the pages of `table` (whose site is already without drafts), with the
    /// synonyms of its site.
    pub fn build(table: &RouteTable<'_>) -> Self {
        let mut builder = Builder {
            index: SearchIndex::default(),
            synonyms: &table.site.synonyms,
            seen: Vec::new(),
            vocabulary: Collector::default(),
        };
        for entry in entries(table) {
            builder.add(entry);
        }
        builder.finish()
    }
}

/// A word as a page writes it, analysed: its terms' places in its language, and its place
/// in the vocabulary.
struct Analysed {
    terms: Box<[u32]>,
    word: Option<u32>,
}

struct Builder<'s> {
    index: SearchIndex,
    synonyms: &'s [Synonym],
    /// For each language of the index, each word met so far, analysed.
    seen: Vec<HashMap<Box<str>, Analysed>>,
    vocabulary: Collector,
}

impl Language {
    /// The place of `term`'s postings, made on its first use.
    fn place(&mut self, term: String) -> u32 {
        if let Some(&place) = self.terms.get(term.as_str()) {
            return place;
        }
        let place = u32::try_from(self.postings.len()).expect("fewer than 4 billion terms");
        self.terms.insert(term.into_boxed_str(), place);
        self.postings.push(Vec::new());
        place
    }
}

impl Builder<'_> {
    /// The place of the language tagged `tag` in the index, added on its first page.
    fn language(&mut self, tag: &str) -> u16 {
        let languages = &mut self.index.languages;
        let place = match languages.iter().position(|l| l.analyzer.tag() == tag) {
            Some(place) => place,
            None => {
                let analyzer = Analyzer::new(tag);
                languages.push(Language {
                    synonyms: synonyms::rules(self.synonyms, &analyzer),
                    analyzer,
                    terms: HashMap::new(),
                    postings: Vec::new(),
                });
                self.seen.push(HashMap::new());
                languages.len() - 1
            }
        };
        u16::try_from(place).expect("fewer than 65,536 languages")
    }

    /// Pushes on `out` the places of the terms of each word of `text`, in `language`; each
    /// word counted in the vocabulary (`in_title`: as a title's or a name's).
    fn analyse(&mut self, language: u16, text: &str, in_title: bool, out: &mut Vec<u32>) {
        let seen = &mut self.seen[usize::from(language)];
        let terms = &mut self.index.languages[usize::from(language)];
        for (_, word) in words(text) {
            let analysed = match seen.get(word) {
                Some(analysed) => analysed,
                None => {
                    let mut found = Vec::new();
                    terms.analyzer.push_terms(word, &mut found, true);
                    let analysed = Analysed {
                        terms: found.into_iter().map(|term| terms.place(term)).collect(),
                        word: self.vocabulary.place(word),
                    };
                    seen.entry(word.into()).or_insert(analysed)
                }
            };
            out.extend_from_slice(&analysed.terms);
            if let Some(place) = analysed.word {
                self.vocabulary.count(place, word, in_title);
            }
        }
    }

    /// Adds one page: its terms, each worth more in the title and names than in the text.
    fn add(&mut self, entry: Entry<'_>) {
        let language = self.language(entry.lang);
        let mut worth: Vec<(u32, u32)> = Vec::new();
        let mut terms = Vec::new();
        for name in entry.names.iter().chain([&entry.title]) {
            self.analyse(language, name, true, &mut terms);
        }
        once_each(&mut terms, TITLE_WEIGHT, &mut worth);
        for keyword in &entry.keywords {
            self.analyse(language, keyword, true, &mut terms);
        }
        once_each(&mut terms, KEYWORD_WEIGHT, &mut worth);
        let body = entry.body.as_ref().map_or("", |body| body.text());
        self.analyse(language, &entry.lead, false, &mut terms);
        self.analyse(language, body, false, &mut terms);
        terms.sort_unstable();
        for run in terms.chunk_by(|a, b| a == b) {
            let count = u32::try_from(run.len()).unwrap_or(u32::MAX);
            worth.push((run[0], count.min(TEXT_COUNT_LIMIT)));
        }
        worth.sort_unstable_by_key(|&(term, _)| term);
        let document =
            u32::try_from(self.index.documents.len()).expect("fewer than 4 billion pages");
        let postings = &mut self.index.languages[usize::from(language)].postings;
        for run in worth.chunk_by(|a, b| a.0 == b.0) {
            let score = run.iter().map(|&(_, score)| score).sum();
            postings[run[0].0 as usize].push(Posting { document, score });
        }
        self.index.documents.push(Document {
            original: entry.original.into_boxed_str(),
            url: entry.url,
            language,
            title: entry.title.to_string(),
            title_lang: entry.title_lang.map(str::to_string),
            category: entry.category,
            lead: entry.lead.into_boxed_str(),
            body: entry.body,
        });
    }

    fn finish(mut self) -> SearchIndex {
        for language in &mut self.index.languages {
            for list in &mut language.postings {
                list.shrink_to_fit();
            }
            language.terms.shrink_to_fit();
        }
        self.index.documents.shrink_to_fit();
        self.index.vocabulary = self.vocabulary.finish();
        self.index
    }
}

/// Each of `terms` once, worth `score`, moved to `worth`.
fn once_each(terms: &mut Vec<u32>, score: u32, worth: &mut Vec<(u32, u32)>) {
    terms.sort_unstable();
    terms.dedup();
    worth.extend(terms.drain(..).map(|term| (term, score)));
}
