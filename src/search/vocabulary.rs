//! The site's own words, to forgive a query's misspellings: "Dortmnd" is "Dortmund". Every
//! word of every page, folded, in an `fst` set searched with a Levenshtein automaton (the
//! same parts tantivy's fuzzy queries use): the nearest word, by one edit for a short word
//! and two for a longer one, costs microseconds whatever the size of the site.

use std::collections::HashMap;
use std::sync::LazyLock;

use fst::{IntoStreamer, Map, Streamer};
use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};

use super::text::{fold, is_ideographic};

/// Words of fewer letters are not corrected: too many words are one edit from them.
const SHORTEST: usize = 3;
/// Words of up to this many letters are corrected by one edit, longer ones by up to two.
const SHORT: usize = 4;
/// Longer words are not corrected: few words are longer, and the automaton grows with the
/// word (0.2 ms and 660 states of 1 KB for 24 letters, two edits).
const LONGEST: usize = 24;

/// Automata for one and two edits, a transposition ("Dortmnud") counting as one.
static ONE_EDIT: LazyLock<LevenshteinAutomatonBuilder> =
    LazyLock::new(|| LevenshteinAutomatonBuilder::new(1, true));
static TWO_EDITS: LazyLock<LevenshteinAutomatonBuilder> =
    LazyLock::new(|| LevenshteinAutomatonBuilder::new(2, true));

/// One word of the site.
#[derive(Debug, Clone)]
struct Word {
    /// As a correction shows it: as a title writes it (Dortmund), else in lowercase.
    shown: Box<str>,
    /// How many times pages use it.
    count: u32,
    /// Whether it is in a page's title or names, where the names of places are.
    in_title: bool,
}

/// Every word of the site, folded, for the nearest to a misspelt one.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Each folded word, with its place in `words`.
    set: Map<Vec<u8>>,
    words: Vec<Word>,
}

/// The words of the site as the index meets them.
#[derive(Debug, Default)]
pub struct Collector {
    places: HashMap<String, u32>,
    words: Vec<Word>,
}

impl Collector {
    /// The place of `word` (as a page writes it), or `None` for a word that is not
    /// corrected to: ideographs, numbers, a letter or two, or one too long.
    pub fn place(&mut self, word: &str) -> Option<u32> {
        let letters = word.chars().count();
        if !(SHORTEST..=LONGEST).contains(&letters)
            || word.chars().any(is_ideographic)
            || !word.chars().any(char::is_alphabetic)
        {
            return None;
        }
        let folded = fold(word);
        if let Some(&place) = self.places.get(&folded) {
            return Some(place);
        }
        let place = u32::try_from(self.words.len()).expect("fewer than 4 billion words");
        self.places.insert(folded, place);
        self.words.push(Word {
            shown: word.to_lowercase().into_boxed_str(),
            count: 0,
            in_title: false,
        });
        Some(place)
    }

    /// One use of the word at `place`, written `word`; `in_title`, in a title or a name.
    pub fn count(&mut self, place: u32, word: &str, in_title: bool) {
        let entry = &mut self.words[place as usize];
        entry.count = entry.count.saturating_add(1);
        if in_title && !entry.in_title {
            entry.in_title = true;
            entry.shown = word.into();
        }
    }

    pub fn finish(self) -> Vocabulary {
        let mut sorted: Vec<(String, u32)> = self.places.into_iter().collect();
        sorted.sort_unstable();
        let set = Map::from_iter(
            sorted
                .into_iter()
                .map(|(word, place)| (word, u64::from(place))),
        )
        .expect("the words are sorted and each is there once");
        Vocabulary {
            set,
            words: self.words,
        }
    }
}

impl Vocabulary {
    /// How many different words the site uses.
    pub fn size(&self) -> usize {
        self.words.len()
    }

    /// The site's word nearest to `word`, as a correction shows it; `None` when the site
    /// uses `word` itself, or has no word near enough. Of words equally near, one in a title
    /// (the name of a place) is taken first, then the most used.
    pub fn nearest(&self, word: &str) -> Option<&str> {
        let letters = word.chars().count();
        if !(SHORTEST..=LONGEST).contains(&letters) || word.chars().any(is_ideographic) {
            return None;
        }
        let folded = fold(word);
        if self.set.contains_key(&folded) {
            return None;
        }
        let builder = if letters <= SHORT {
            &*ONE_EDIT
        } else {
            &*TWO_EDITS
        };
        let automaton = builder.build_dfa(&folded);
        let mut stream = self.set.search_with_state(Near(&automaton)).into_stream();
        let mut best: Option<(u8, &Word)> = None;
        while let Some((_, place, state)) = stream.next() {
            let Distance::Exact(distance) = automaton.distance(state) else {
                continue;
            };
            let candidate = &self.words[place as usize];
            let better = best.is_none_or(|(d, word)| {
                (
                    distance,
                    !candidate.in_title,
                    std::cmp::Reverse(candidate.count),
                ) < (d, !word.in_title, std::cmp::Reverse(word.count))
            });
            if better {
                best = Some((distance, candidate));
            }
        }
        best.map(|(_, word)| &*word.shown)
    }
}

/// A Levenshtein automaton as `fst` walks one.
struct Near<'a>(&'a DFA);

impl fst::Automaton for Near<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(titles: &[&str], text: &[&str]) -> Vocabulary {
        let mut collector = Collector::default();
        for (words, in_title) in [(titles, true), (text, false)] {
            for word in words {
                if let Some(place) = collector.place(word) {
                    collector.count(place, word, in_title);
                }
            }
        }
        collector.finish()
    }

    #[test]
    fn the_nearest_word_of_the_site_is_found() {
        let words = vocabulary(
            &["Dortmund", "Lille", "Louisville", "Hangzhou", "Brașov"],
            &["like", "life", "line", "line", "schools", "exchange"],
        );
        assert_eq!(words.nearest("Dortmnd"), Some("Dortmund"));
        assert_eq!(words.nearest("dortmnud"), Some("Dortmund"));
        assert_eq!(words.nearest("Hangzou"), Some("Hangzhou"));
        assert_eq!(words.nearest("Louisvile"), Some("Louisville"));
        // One edit from "like", "life" and "line" too: the name of a place comes first.
        assert_eq!(words.nearest("Lile"), Some("Lille"));
        assert_eq!(words.nearest("lin"), Some("line"));
        assert_eq!(words.nearest("excange"), Some("exchange"));
        assert_eq!(words.nearest("brasov"), None, "the site's own word");
        assert_eq!(words.nearest("Lille"), None);
        assert_eq!(words.nearest("Manchester"), None);
        assert_eq!(words.nearest("xy"), None, "too short to correct");
        assert_eq!(words.nearest(&"a".repeat(500)), None);
        assert_eq!(words.nearest("BRASOV"), None);
        assert_eq!(words.size(), 10);
    }
}
