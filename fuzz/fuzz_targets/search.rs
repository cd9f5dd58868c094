//! Any text as a search on the bundled site, in each of its languages, corrected or as
//! typed: searching never panics, shows at most the best 50 of the count it gives, marks
//! only text of the page, and a correction is never the query itself.
#![no_main]

use international_leeds::content;
use international_leeds::routes::RouteTable;
use international_leeds::search::{MAX_HITS, SearchIndex};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

/// The bundled site's index, built once.
fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let site = content::load(&bundled).expect("the bundled content loads");
        SearchIndex::build(&RouteTable::build(&site))
    })
}

fuzz_target!(|query: &str| {
    for lang in ["en", "fr", "zh-Hans", "xx"] {
        for as_typed in [false, true] {
            let found = index().search(query, lang, as_typed);
            assert!(found.hits.len() <= MAX_HITS);
            assert!(found.total >= found.hits.len());
            if let Some(corrected) = &found.corrected {
                assert!(!as_typed, "{query:?} corrected as typed");
                assert_ne!(corrected, query);
                assert!(found.total > 0, "{query:?}: a correction that finds nothing");
            }
            for hit in &found.hits {
                assert!(hit.snippet.iter().all(|piece| !piece.text.is_empty()));
            }
        }
    }
});
