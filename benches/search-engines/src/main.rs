//! `search-engines CONTENT_DIR...`: the site's own search index against tantivy, on the same
//! pages (issue 20). For each content folder: build time (best of 3), live heap after the
//! build and its peak during it, query times (p50, p99, max over 200 rounds of the query
//! list), and what each engine finds first for each query.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::error::Error;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use international_leeds::content::languages::ENGLISH_TAG;
use international_leeds::content::{self, Synonym};
use international_leeds::routes::RouteTable;
use international_leeds::search::{self, Entry, SearchIndex};

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, NgramTokenizer, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

// ---------------------------------------------------------------------------------------------
// A counting allocator: live bytes, and the highest live bytes since the last reset.

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let live = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Starts a peak measurement: the peak is set to what is live now.
fn reset_peak() -> usize {
    let now = live();
    PEAK.store(now, Ordering::Relaxed);
    now
}

fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

// ---------------------------------------------------------------------------------------------
// The queries.

/// (query, language of the reader who searches)
const QUERIES: &[(&str, &str)] = &[
    ("Dortmund", "en"),
    ("Dortmnd", "en"),
    ("Hangzou", "en"),
    ("Lile", "en"),
    ("Louisvile", "en"),
    ("Brasov", "en"),
    ("Nis", "en"),
    ("twinning", "en"),
    ("twin town", "en"),
    ("Dnipropetrovsk", "en"),
    ("schools", "en"),
    ("leeds", "en"),
    ("杭州", "en"),
    ("jumelage", "fr"),
];

const ROUNDS: usize = 200;
const TOP: usize = 50;

// ---------------------------------------------------------------------------------------------
// tantivy.

const TITLE_BOOST: f32 = 10.0;
const KEYWORD_BOOST: f32 = 5.0;
/// Pages in the reader's language first, then English, then the rest, as the site's engine
/// ranks them: constants far above any BM25 score of these pages, added to the pages in the
/// reader's language and in English.
const LANG_BONUS: f32 = 2000.0;
const ENGLISH_BONUS: f32 = 1000.0;

/// How a language's text is cut into terms.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Analysis {
    /// Words, lowercased, without diacritics, stemmed.
    Stemmed(Language),
    /// Words, lowercased, without diacritics (no stemmer for the language: Czech).
    Folded,
    /// Every character and pair of characters (Chinese, Japanese: no spaces between words).
    Ngrams,
}

fn analysis_of(lang: &str) -> Analysis {
    let primary = lang.split('-').next().unwrap_or(lang);
    match primary {
        "en" => Analysis::Stemmed(Language::English),
        "fr" => Analysis::Stemmed(Language::French),
        "de" => Analysis::Stemmed(Language::German),
        "ro" => Analysis::Stemmed(Language::Romanian),
        "es" => Analysis::Stemmed(Language::Spanish),
        "it" => Analysis::Stemmed(Language::Italian),
        "pt" => Analysis::Stemmed(Language::Portuguese),
        "nl" => Analysis::Stemmed(Language::Dutch),
        "da" => Analysis::Stemmed(Language::Danish),
        "sv" => Analysis::Stemmed(Language::Swedish),
        "no" | "nb" | "nn" => Analysis::Stemmed(Language::Norwegian),
        "fi" => Analysis::Stemmed(Language::Finnish),
        "hu" => Analysis::Stemmed(Language::Hungarian),
        "el" => Analysis::Stemmed(Language::Greek),
        "ru" => Analysis::Stemmed(Language::Russian),
        "tr" => Analysis::Stemmed(Language::Turkish),
        "ar" => Analysis::Stemmed(Language::Arabic),
        "ta" => Analysis::Stemmed(Language::Tamil),
        "zh" | "ja" => Analysis::Ngrams,
        _ => Analysis::Folded,
    }
}

fn analyzer(analysis: Analysis) -> TextAnalyzer {
    match analysis {
        Analysis::Stemmed(language) => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(language))
            .build(),
        Analysis::Folded => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
        Analysis::Ngrams => TextAnalyzer::builder(
            NgramTokenizer::new(1, 2, false).expect("1 to 2 is a valid n-gram range"),
        )
        .filter(LowerCaser)
        .build(),
    }
}

/// The words of `text`, in lowercase (to compare with the synonyms; each field's analyser
/// does the rest).
fn folded_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// One language's text fields, each analysed with the language's analyser.
struct LangFields {
    lang: String,
    analysis: Analysis,
    analyzer: TextAnalyzer,
    title: Field,
    names: Field,
    keywords: Field,
    lead: Field,
    body: Field,
}

impl LangFields {
    /// Each field with its boost.
    fn weighted(&self) -> [(Field, f32); 5] {
        [
            (self.title, TITLE_BOOST),
            (self.names, TITLE_BOOST),
            (self.keywords, KEYWORD_BOOST),
            (self.lead, 1.0),
            (self.body, 1.0),
        ]
    }
}

struct Tantivy {
    index: Index,
    reader: IndexReader,
    url: Field,
    lang: Field,
    original: Field,
    langs: Vec<LangFields>,
    /// The editors' synonyms as folded words, the longest first: (searched for, meant).
    synonyms: Vec<(Vec<String>, Vec<String>)>,
}

/// What a tantivy search found.
struct TantivyFound {
    urls: Vec<String>,
    count: usize,
    fuzzy: bool,
}

impl Tantivy {
    /// Indexes `entries` in RAM with one writer thread and a 50 MB budget.
    fn build(entries: Vec<Entry<'_>>, synonyms: &[Synonym]) -> tantivy::Result<Self> {
        let mut languages: Vec<&str> = Vec::new();
        for entry in &entries {
            if !languages.contains(&entry.lang) {
                languages.push(entry.lang);
            }
        }
        let mut builder = Schema::builder();
        let url = builder.add_text_field("url", STRING | STORED);
        let lang = builder.add_text_field("lang", STRING | STORED);
        let original = builder.add_text_field("original", STRING | STORED);
        let mut langs = Vec::new();
        for &code in &languages {
            let tokenizer = format!("text_{code}");
            let options = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqs),
            );
            let mut field = |name: &str| builder.add_text_field(&format!("{name}_{code}"), options.clone());
            let analysis = analysis_of(code);
            langs.push(LangFields {
                lang: code.to_string(),
                analysis,
                analyzer: analyzer(analysis),
                title: field("title"),
                names: field("names"),
                keywords: field("keywords"),
                lead: field("lead"),
                body: field("body"),
            });
        }
        let index = Index::create_in_ram(builder.build());
        for l in &langs {
            index
                .tokenizers()
                .register(&format!("text_{}", l.lang), analyzer(l.analysis));
        }
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000)?;
        for entry in entries {
            let fields = langs
                .iter()
                .find(|l| l.lang == entry.lang)
                .expect("every language has its fields");
            let mut doc = TantivyDocument::default();
            doc.add_text(url, &entry.url);
            doc.add_text(lang, entry.lang);
            doc.add_text(original, &entry.original);
            doc.add_text(fields.title, entry.title);
            for name in &entry.names {
                doc.add_text(fields.names, name);
            }
            for keyword in &entry.keywords {
                doc.add_text(fields.keywords, keyword);
            }
            if !entry.lead.is_empty() {
                doc.add_text(fields.lead, &entry.lead);
            }
            let body = entry.body.as_ref().map_or("", |b| b.text());
            if !body.is_empty() {
                doc.add_text(fields.body, body);
            }
            writer.add_document(doc)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        reader.reload()?;
        let mut rules: Vec<(Vec<String>, Vec<String>)> = synonyms
            .iter()
            .flat_map(|s| {
                let to = folded_words(&s.means);
                s.words.iter().map(move |w| (folded_words(w), to.clone()))
            })
            .filter(|(from, to)| !from.is_empty() && !to.is_empty() && from != to)
            .collect();
        rules.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        Ok(Self { index, reader, url, lang, original, langs, synonyms: rules })
    }

    /// The terms of `word` in the fields of `fields`' language. Chinese n-grams: a word of two
    /// characters or more gives only its pairs, as the site's engine does (every pair must be
    /// on the page), not its single characters.
    fn analyse(fields: &mut LangFields, word: &str) -> Vec<String> {
        let mut terms = Vec::new();
        let mut stream = fields.analyzer.token_stream(word);
        while stream.advance() {
            terms.push(stream.token().text.clone());
        }
        if fields.analysis == Analysis::Ngrams && word.chars().count() >= 2 {
            terms.retain(|t| t.chars().count() == 2);
        }
        terms.sort();
        terms.dedup();
        terms
    }

    /// The query for `words`: every word must match (as on the site); each word in any field of
    /// any language, analysed as that field is; `fuzzy`, each term within 1 edit (words of up to
    /// 4 letters) or 2 (longer), a transposition costing 1. Pages in `lang` score
    /// [`LANG_BONUS`] more.
    fn query(&mut self, words: &[String], lang: &str, fuzzy: bool, synonyms: bool) -> Box<dyn Query> {
        let mut alternatives = vec![self.all_words(words, fuzzy)];
        if synonyms && let Some(replaced) = self.with_synonyms(words) {
            alternatives.push(self.all_words(&replaced, fuzzy));
        }
        let words_query: Box<dyn Query> = if alternatives.len() == 1 {
            alternatives.pop().expect("one")
        } else {
            Box::new(BooleanQuery::new(
                alternatives.into_iter().map(|q| (Occur::Should, q)).collect(),
            ))
        };
        let in_lang = |tag: &str, bonus: f32| -> Box<dyn Query> {
            let term = TermQuery::new(Term::from_field_text(self.lang, tag), IndexRecordOption::Basic);
            Box::new(ConstScoreQuery::new(Box::new(term), bonus))
        };
        let mut clauses = vec![(Occur::Must, words_query), (Occur::Should, in_lang(lang, LANG_BONUS))];
        if lang != ENGLISH_TAG {
            clauses.push((Occur::Should, in_lang(ENGLISH_TAG, ENGLISH_BONUS)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// `words` with the first synonym that applies at each place replaced by what it means,
    /// as the site does (on folded words here, not on stemmed terms); `None` when none
    /// applies.
    fn with_synonyms(&self, words: &[String]) -> Option<Vec<String>> {
        let mut replaced = Vec::with_capacity(words.len());
        let mut changed = false;
        let mut at = 0;
        while at < words.len() {
            match self.synonyms.iter().find(|(from, _)| words[at..].starts_with(from)) {
                Some((from, to)) => {
                    replaced.extend(to.iter().cloned());
                    at += from.len();
                    changed = true;
                }
                None => {
                    replaced.push(words[at].clone());
                    at += 1;
                }
            }
        }
        changed.then_some(replaced)
    }

    /// Every word must match: each in any field of any language.
    fn all_words(&mut self, words: &[String], fuzzy: bool) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words {
            let distance: u8 = if word.chars().count() <= 4 { 1 } else { 2 };
            let mut anywhere: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for fields in &mut self.langs {
                let terms = Self::analyse(fields, word);
                if terms.is_empty() {
                    continue;
                }
                // n-grams are not fuzzed: every pair of letters is one edit from thousands.
                let fuzz = fuzzy && fields.analysis != Analysis::Ngrams;
                for (field, boost) in fields.weighted() {
                    let term_query = |text: &str| -> Box<dyn Query> {
                        let term = Term::from_field_text(field, text);
                        if fuzz {
                            Box::new(FuzzyTermQuery::new(term, distance, true))
                        } else {
                            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                        }
                    };
                    let in_field: Box<dyn Query> = if terms.len() == 1 {
                        term_query(&terms[0])
                    } else {
                        Box::new(BooleanQuery::new(
                            terms.iter().map(|t| (Occur::Must, term_query(t))).collect(),
                        ))
                    };
                    let weighted: Box<dyn Query> = if boost == 1.0 {
                        in_field
                    } else {
                        Box::new(BoostQuery::new(in_field, boost))
                    };
                    anywhere.push((Occur::Should, weighted));
                }
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(anywhere))));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Searches: exact terms first, fuzzy terms when they find nothing; the top 50 with their
    /// stored documents, and the count.
    fn search(&mut self, query: &str, lang: &str, synonyms: bool) -> tantivy::Result<TantivyFound> {
        let words = folded_words(query);
        if words.is_empty() {
            return Ok(TantivyFound { urls: vec![], count: 0, fuzzy: false });
        }
        let searcher = self.reader.searcher();
        let mut fuzzy = false;
        let collector = (TopDocs::with_limit(TOP).order_by_score(), Count);
        let mut q = self.query(&words, lang, false, synonyms);
        let (mut top, mut count) = searcher.search(&*q, &collector)?;
        if count == 0 {
            fuzzy = true;
            q = self.query(&words, lang, true, synonyms);
            (top, count) = searcher.search(&*q, &collector)?;
        }
        let mut urls = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let url = doc
                .get_first(self.url)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            urls.push(url);
        }
        Ok(TantivyFound { urls, count, fuzzy })
    }

    /// How many distinct pages (English addresses) match, as the site counts them: not timed.
    fn distinct(&mut self, query: &str, lang: &str, fuzzy: bool) -> tantivy::Result<usize> {
        let words = folded_words(query);
        let searcher = self.reader.searcher();
        let q = self.query(&words, lang, fuzzy, true);
        let all = searcher.search(&*q, &DocSetCollector)?;
        let mut originals = HashSet::new();
        for address in all {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(o) = doc.get_first(self.original).and_then(|v| v.as_str()) {
                originals.insert(o.to_string());
            }
        }
        Ok(originals.len())
    }

    fn segments(&self) -> usize {
        self.index.searchable_segment_ids().map_or(0, |s| s.len())
    }

    /// The bytes of the index's files (in the RAM directory), as tantivy counts them.
    fn files(&self) -> u64 {
        self.reader
            .searcher()
            .space_usage()
            .map_or(0, |usage| usage.total().get_bytes())
    }
}

// ---------------------------------------------------------------------------------------------
// Figures.

struct Figures {
    engine: &'static str,
    build: Duration,
    heap: isize,
    peak: usize,
    heap_after_queries: isize,
    p50: u128,
    p99: u128,
    max: u128,
}

fn mib(bytes: isize) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn percentiles(mut samples: Vec<u128>) -> (u128, u128, u128) {
    samples.sort_unstable();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize];
    (at(0.50), at(0.99), *samples.last().unwrap())
}

fn median(samples: &mut [u128]) -> u128 {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

/// The machine's load average over the last minute, as /proc/loadavg tells it.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

fn run(dir: &Path) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    println!("## {}\n", dir.display());
    println!("Load average at the start: {}.\n", loadavg());
    let all = content::load(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let site = all.visible_at(jiff::Timestamp::now(), false);
    drop(all);
    let table = RouteTable::build(&site);
    let loaded = started.elapsed();
    let entries = search::entries(&table);
    let pages = entries.len();
    let mut langs: Vec<&str> = entries.iter().map(|e| e.lang).collect();
    langs.sort();
    langs.dedup();
    let text_bytes: usize = entries
        .iter()
        .map(|e| e.lead.len() + e.body.as_ref().map_or(0, |b| b.text().len()))
        .sum();
    drop(entries);

    println!(
        "{pages} searchable pages (search::entries) in {} languages ({}), {:.1} MiB of lead and body text; loaded in {:.2?}.\n",
        langs.len(),
        langs.join(", "),
        text_bytes as f64 / (1024.0 * 1024.0),
        loaded
    );

    // --- The site's index.
    let before = reset_peak();
    let site_index = SearchIndex::build(&table);
    let site_heap = live() as isize - before as isize;
    let site_peak = peak() - before;
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let other = SearchIndex::build(&table);
        best = best.min(t.elapsed());
        drop(other);
    }
    let site_build = best;

    // --- tantivy.
    let before = reset_peak();
    let mut engine = Tantivy::build(search::entries(&table), &table.site.synonyms)?;
    let tantivy_heap = live() as isize - before as isize;
    let tantivy_peak = peak() - before;
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let other = Tantivy::build(search::entries(&table), &table.site.synonyms)?;
        best = best.min(t.elapsed());
        drop(other);
    }
    let tantivy_build = best;
    let segments = engine.segments();
    let files = engine.files();

    // The server passes the site's tag of the reader's language ("en-GB" for English): the
    // list's "en" and "fr" are taken as the site's tags with the same primary subtag.
    let resolve = |lang: &'static str| -> String {
        let primary = |t: &str| t.split('-').next().unwrap_or(t).to_ascii_lowercase();
        langs
            .iter()
            .find(|t| **t == lang)
            .or_else(|| langs.iter().find(|t| primary(t) == primary(lang)))
            .map_or(lang.to_string(), |t| t.to_string())
    };
    let queries: Vec<(&'static str, String)> = QUERIES.iter().map(|&(q, l)| (q, resolve(l))).collect();

    // --- Quality: the first hit of each query on each engine.
    struct Row<'a> {
        q: &'static str,
        lang: &'a str,
        site_first: String,
        site_total: usize,
        site_corrected: Option<String>,
        site_next: Vec<String>,
        first: String,
        count: usize,
        distinct: usize,
        fuzzy: bool,
        next: Vec<String>,
        plain: String,
    }
    let first = |urls: &[String]| urls.first().map_or("—".to_string(), |u| u.clone());
    let mut quality = Vec::new();
    for (q, lang) in &queries {
        let (q, lang) = (*q, lang.as_str());
        let found = site_index.search(q, lang, false);
        let t = engine.search(q, lang, true)?;
        let distinct = engine.distinct(q, lang, t.fuzzy)?;
        let plain = engine.search(q, lang, false)?;
        let plain = format!(
            "{} ({}{})",
            first(&plain.urls),
            plain.count,
            if plain.fuzzy { ", fuzzy" } else { "" }
        );
        quality.push(Row {
            q,
            lang,
            site_first: found.hits.first().map_or("—".to_string(), |h| h.url.clone()),
            site_total: found.total,
            site_corrected: found.corrected.clone(),
            site_next: found.hits.iter().skip(1).take(2).map(|h| h.url.clone()).collect(),
            first: first(&t.urls),
            count: t.count,
            distinct,
            fuzzy: t.fuzzy,
            next: t.urls.iter().skip(1).take(2).cloned().collect(),
            plain,
        });
    }

    // --- What a round of queries leaves on the heap (caches): one round of each engine, not
    // timed.
    let before = live();
    for (q, lang) in &queries {
        std::hint::black_box(site_index.search(q, lang, false));
    }
    let site_after_queries = site_heap + (live() as isize - before as isize);
    let before = live();
    for (q, lang) in &queries {
        std::hint::black_box(engine.search(q, lang, true)?);
    }
    let tantivy_after_queries = tantivy_heap + (live() as isize - before as isize);

    // --- Query times: the whole list, ROUNDS times, each query timed; the engines take turns
    // round by round, so that the load of the machine falls on both alike.
    let mut site_times: Vec<Vec<u128>> = vec![Vec::with_capacity(ROUNDS); QUERIES.len()];
    let mut tantivy_times: Vec<Vec<u128>> = vec![Vec::with_capacity(ROUNDS); QUERIES.len()];
    let load_before = loadavg();
    for _ in 0..ROUNDS {
        for (i, (q, lang)) in queries.iter().enumerate() {
            let t = Instant::now();
            let found = site_index.search(q, lang, false);
            std::hint::black_box(&found);
            site_times[i].push(t.elapsed().as_micros());
        }
        for (i, (q, lang)) in queries.iter().enumerate() {
            let t = Instant::now();
            let found = engine.search(q, lang, true)?;
            std::hint::black_box(&found);
            tantivy_times[i].push(t.elapsed().as_micros());
        }
    }
    let load_after = loadavg();

    let (p50, p99, max) = percentiles(site_times.concat());
    let site = Figures {
        engine: "site (SearchIndex)",
        build: site_build,
        heap: site_heap,
        peak: site_peak,
        heap_after_queries: site_after_queries,
        p50,
        p99,
        max,
    };
    let (p50, p99, max) = percentiles(tantivy_times.concat());
    let tantivy = Figures {
        engine: "tantivy 0.27.0",
        build: tantivy_build,
        heap: tantivy_heap,
        peak: tantivy_peak,
        heap_after_queries: tantivy_after_queries,
        p50,
        p99,
        max,
    };

    println!("| engine | build time (best of 3) | heap after build | build peak | heap after a round of queries | query p50 | p99 | max |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for f in [&site, &tantivy] {
        println!(
            "| {} | {:.1} ms | {} | {} | {} | {} µs | {} µs | {} µs |",
            f.engine,
            f.build.as_secs_f64() * 1000.0,
            mib(f.heap),
            mib(f.peak as isize),
            mib(f.heap_after_queries),
            f.p50,
            f.p99,
            f.max
        );
    }
    println!(
        "\nQuery times: {ROUNDS} rounds of the {} queries, {} samples per engine (load average before and after: {load_before}, {load_after}). The site's index: {} different words. tantivy: {} segment(s) after the build, {} of index files by its own count (space_usage).\n",
        QUERIES.len(),
        ROUNDS * QUERIES.len(),
        site_index.vocabulary_size(),
        segments,
        mib(files as isize)
    );

    println!("| query (lang) | site engine: first hit (pages) | tantivy: first hit (documents / pages, fuzzy?) | tantivy without the synonyms | site median | tantivy median |");
    println!("| --- | --- | --- | --- | ---: | ---: |");
    for (i, r) in quality.iter().enumerate() {
        let corrected = r
            .site_corrected
            .as_ref()
            .map_or(String::new(), |c| format!(", corrected to \"{c}\""));
        println!(
            "| `{}` ({}) | {} ({}{}) | {} ({} / {}{}) | {} | {} µs | {} µs |",
            r.q,
            r.lang,
            r.site_first,
            r.site_total,
            corrected,
            r.first,
            r.count,
            r.distinct,
            if r.fuzzy { ", **fuzzy**" } else { "" },
            r.plain,
            median(&mut site_times[i]),
            median(&mut tantivy_times[i]),
        );
    }
    println!("\nThe next two hits of each engine, for reading the ranking:\n");
    println!("| query | site: 2nd, 3rd | tantivy: 2nd, 3rd |");
    println!("| --- | --- | --- |");
    for r in &quality {
        println!("| `{}` ({}) | {} | {} |", r.q, r.lang, r.site_next.join(", "), r.next.join(", "));
    }
    println!();
    drop(engine);
    drop(site_index);
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    if dirs.is_empty() {
        eprintln!("usage: search-engines CONTENT_DIR...");
        std::process::exit(2);
    }
    for dir in dirs {
        run(Path::new(&dir))?;
    }
    Ok(())
}
