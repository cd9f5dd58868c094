//! The words of the layout (navigation, headings, dates, the 404 page) in each language the
//! site is written in. English is built in (`src/words/en.toml`); each other language has its
//! own file in the content, `languages/<tag>.toml`, with the same keys under `[words]`. A word
//! a language lacks is shown in English, and `check` names the file and the key.

use std::sync::{Arc, LazyLock};

use jiff::civil::Date;

/// Declares [`Words`] and the list of its keys from one list, so they cannot drift apart.
macro_rules! words {
    ($($key:ident,)*) => {
        /// The layout's words in one language.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Words {
            /// Month names as they are written inside a date, January first.
            pub months: Vec<String>,
            $(pub $key: String,)*
        }

        /// Every key of a language's `[words]`, in the order of `src/words/en.toml`.
        pub const KEYS: &[&str] = &["months", $(stringify!($key),)*];

        impl Words {
            /// The word `key`, where it is one of the plain words.
            pub fn get(&self, key: &str) -> Option<&str> {
                match key {
                    $(stringify!($key) => Some(&self.$key),)*
                    _ => None,
                }
            }

            /// Words with nothing in them, for reading the English over.
            fn blank() -> Words {
                Words {
                    months: Vec::new(),
                    $($key: String::new(),)*
                }
            }

            fn slot(&mut self, key: &str) -> Option<&mut String> {
                match key {
                    $(stringify!($key) => Some(&mut self.$key),)*
                    _ => None,
                }
            }
        }
    };
}

words! {
    date,
    skip_link,
    search_label,
    search_button,
    main_navigation,
    breadcrumb,
    home,
    partnerships,
    news,
    last_updated,
    feed_title,
    footer_news,
    footer_twitter,
    accessibility_statement,
    no_cookies,
    languages,
    in_english,
    draft_translation,
    read_in_english,
    photo_credit,
    more_priorities,
    map_heading,
    partner_cities,
    friendship_cities,
    all_partnerships,
    latest_news,
    all_news,
    more_local_partnerships,
    map_leeds,
    map_partner,
    map_friendship,
    map_note,
    map_locator,
    country,
    local_name,
    former_name,
    linked_since,
    linked_since_short,
    priorities_served,
    all_cities,
    priority_areas,
    cities_working,
    all_priorities,
    no_news,
    news_pages,
    page_of,
    newer_posts,
    older_posts,
    follow_feed,
    published,
    not_found,
    not_found_text,
    not_found_try,
    the_home_page,
    search_title,
    search_results,
    search_help,
    search_none,
    search_hint,
    search_hint_priorities,
    search_hint_partnerships,
    search_one,
    search_many,
    search_best,
    search_corrected,
    search_as_typed,
    search_other_languages,
    kind_home,
    kind_priorities,
    kind_priority,
    kind_partnerships,
    kind_partner_city,
    kind_friendship_city,
    kind_page,
    kind_news,
    city_description,
    news_description,
    news_page_title,
    events,
    events_description,
    upcoming_events,
    all_events,
    past_events,
    past_events_page_title,
    no_events,
    see_past_events,
    no_past_events,
    event_pages,
    newer_events,
    older_events,
    event_time,
    event_when,
    event_where,
    event_online,
    event_join,
    event_book,
    event_accessibility,
    event_cities,
    event_priorities,
    event_ended,
    add_to_calendar,
    events_calendar,
    events_calendar_name,
    kind_event,
}

/// The English words, the site's own: built in, complete.
pub const ENGLISH_FILE: &str = include_str!("words/en.toml");

static ENGLISH: LazyLock<Arc<Words>> = LazyLock::new(|| {
    let table: toml::Table = ENGLISH_FILE.parse().expect("src/words/en.toml is TOML");
    let (words, missing) = Words::from_table(&table, &Words::blank());
    assert!(missing.is_empty(), "src/words/en.toml lacks {missing:?}");
    Arc::new(words)
});

/// What is wrong with a language's `[words]`: keys it lacks, keys it has that the site does
/// not know, and words that lost a `{placeholder}`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Gaps {
    pub missing: Vec<&'static str>,
    pub unknown: Vec<String>,
    /// The key, and the placeholder its word lacks.
    pub placeholders: Vec<(&'static str, String)>,
    /// Keys whose value is not text (or, for `months`, not twelve names).
    pub not_text: Vec<&'static str>,
}

impl Gaps {
    pub fn is_empty(&self) -> bool {
        *self == Gaps::default()
    }
}

impl Words {
    /// The site's own words, in English.
    pub fn english() -> Arc<Words> {
        Arc::clone(&ENGLISH)
    }

    /// The words of `table`, English where it lacks one, and what it lacks.
    pub fn read(table: &toml::Table) -> (Words, Gaps) {
        let (words, mut gaps) = Words::from_table(table, &ENGLISH);
        gaps.unknown = table
            .keys()
            .filter(|key| !KEYS.contains(&key.as_str()))
            .cloned()
            .collect();
        for &key in KEYS {
            let (Some(theirs), Some(ours)) = (table.get(key), ENGLISH.get(key)) else {
                continue;
            };
            let Some(theirs) = theirs.as_str() else {
                continue;
            };
            for placeholder in placeholders(ours) {
                if !theirs.contains(placeholder) {
                    gaps.placeholders.push((key, placeholder.to_string()));
                }
            }
        }
        (words, gaps)
    }

    /// Reads each key of `table` over `base`; the keys it lacks or gives as something other
    /// than text go in the gaps.
    fn from_table(table: &toml::Table, base: &Words) -> (Words, Gaps) {
        let mut words = base.clone();
        let mut gaps = Gaps::default();
        for &key in KEYS {
            let Some(value) = table.get(key) else {
                gaps.missing.push(key);
                continue;
            };
            if key == "months" {
                let months: Option<Vec<String>> = value.as_array().and_then(|list| {
                    list.iter()
                        .map(|m| m.as_str().map(str::to_string))
                        .collect()
                });
                match months {
                    Some(months) if months.len() == 12 => words.months = months,
                    _ => gaps.not_text.push(key),
                }
                continue;
            }
            match (value.as_str(), words.slot(key)) {
                (Some(text), Some(slot)) => *slot = text.to_string(),
                _ => gaps.not_text.push(key),
            }
        }
        (words, gaps)
    }

    /// `date` in these words: `29 November 2026`, `29. listopadu 2026`.
    pub fn long_date(&self, date: Date) -> String {
        let month = usize::try_from(date.month() - 1).unwrap_or(0);
        self.date
            .replace("{day}", &date.day().to_string())
            .replace("{month}", self.months.get(month).map_or("", String::as_str))
            .replace("{year}", &date.year().to_string())
    }

    /// The sentence that says how many pages match a search: one, or `{count}`.
    pub fn matches(&self, total: usize) -> &str {
        if total == 1 {
            &self.search_one
        } else {
            &self.search_many
        }
    }

    /// The word `key`, or nothing for a key the site does not have.
    pub fn label(&self, key: &str) -> &str {
        self.get(key).unwrap_or_default()
    }

    /// The parts of `text` before and after `placeholder`, for a sentence with a link or a
    /// marked word in it; all of it before, when the placeholder is missing.
    pub fn around<'t>(&self, text: &'t str, placeholder: &str) -> (&'t str, &'t str) {
        text.split_once(placeholder).unwrap_or((text, ""))
    }
}

/// The `{placeholders}` of an English word.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('{').filter_map(move |(start, _)| {
        let end = text[start..].find('}')?;
        Some(&text[start..=start + end])
    })
}
