//! Words as search sees them: split from text, folded to lowercase without diacritics and
//! stemmed by the rules of the page's language (Snowball's, for those that have them), so
//! that "Brasov" finds Brașov, "cities" finds "city", "écoles" finds "école" and "Muenchen"
//! finds "München".

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How one language's words become terms.
pub struct Analyzer {
    tag: Box<str>,
    stemmer: Option<Stemmer>,
    /// German writes ä, ö and ü as ae, oe and ue where they cannot be typed.
    german: bool,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("tag", &self.tag)
            .field("stems", &self.stemmer.is_some())
            .finish()
    }
}

impl Analyzer {
    /// The analyzer of the language tagged `tag` (`fr`, `zh-Hans`): a language without a
    /// stemmer (Czech, Chinese) is folded only.
    pub fn new(tag: &str) -> Self {
        let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
        let algorithm = match primary.as_str() {
            "ar" => Some(Algorithm::Arabic),
            "da" => Some(Algorithm::Danish),
            "de" => Some(Algorithm::German),
            "el" => Some(Algorithm::Greek),
            "en" => Some(Algorithm::English),
            "es" => Some(Algorithm::Spanish),
            "fi" => Some(Algorithm::Finnish),
            "fr" => Some(Algorithm::French),
            "hu" => Some(Algorithm::Hungarian),
            "it" => Some(Algorithm::Italian),
            "nb" | "nn" | "no" => Some(Algorithm::Norwegian),
            "nl" => Some(Algorithm::Dutch),
            "pt" => Some(Algorithm::Portuguese),
            "ro" => Some(Algorithm::Romanian),
            "ru" => Some(Algorithm::Russian),
            "sv" => Some(Algorithm::Swedish),
            "ta" => Some(Algorithm::Tamil),
            "tr" => Some(Algorithm::Turkish),
            _ => None,
        };
        Self {
            tag: tag.into(),
            stemmer: algorithm.map(Stemmer::create),
            german: primary == "de",
        }
    }

    /// The language's tag.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The search terms of `text`: its words as terms. Chinese and Japanese, written
    /// without spaces, give each character and each pair of neighbouring characters, so
    /// that 杭州 is found inside 杭州市.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        for (_, word) in words(text) {
            self.push_terms(word, &mut terms, true);
        }
        terms
    }

    /// The terms a query must find: as [`Analyzer::terms`], but Chinese and Japanese words
    /// give only their pairs of characters (a single character, alone), so that every pair
    /// must be on the page.
    pub fn query_terms(&self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        for (_, word) in words(text) {
            self.push_terms(word, &mut terms, false);
        }
        terms
    }

    /// The terms of one word; `singles`, each ideograph on its own too.
    pub(super) fn push_terms(&self, word: &str, terms: &mut Vec<String>, singles: bool) {
        if !word.chars().any(is_ideographic) {
            terms.push(self.term(word));
            return;
        }
        // Runs of ideographs, and runs of other letters (a Latin name inside Chinese text).
        let mut rest = word;
        while let Some(first) = rest.chars().next() {
            let ideographic = is_ideographic(first);
            let end = rest
                .char_indices()
                .find(|&(_, c)| is_ideographic(c) != ideographic)
                .map_or(rest.len(), |(i, _)| i);
            let (run, after) = rest.split_at(end);
            if ideographic {
                let chars: Vec<char> = run.chars().collect();
                if singles || chars.len() == 1 {
                    terms.extend(chars.iter().map(char::to_string));
                }
                terms.extend(chars.windows(2).map(|pair| pair.iter().collect::<String>()));
            } else {
                terms.push(self.term(run));
            }
            rest = after;
        }
    }

    /// The term of one word (without ideographs): folded, then stemmed. Folded first, so
    /// that a word typed without its diacritics is stemmed as the word with them
    /// ("orasele" as "orașele").
    pub fn term(&self, word: &str) -> String {
        let folded = fold(word);
        let mut term = match &self.stemmer {
            Some(stemmer) => match stemmer.stem(&folded) {
                Cow::Borrowed(_) => folded,
                Cow::Owned(stemmed) => stemmed,
            },
            None => folded,
        };
        if self.german && ["ae", "oe", "ue"].iter().any(|pair| term.contains(pair)) {
            // Both sides the same way: "Muenchen", "München" and "Munchen" meet as "munchen".
            term = term
                .replace("ae", "a")
                .replace("oe", "o")
                .replace("ue", "u");
        }
        term
    }

    /// Whether `word` of a page in this language matches one of the `wanted` terms: as a
    /// whole, or, in Chinese or Japanese (where a "word" runs to the next punctuation), by
    /// holding one.
    pub(super) fn is_wanted(&self, word: &str, wanted: &[String]) -> bool {
        if word.chars().any(is_ideographic) {
            return wanted
                .iter()
                .any(|w| w.chars().any(is_ideographic) && word.contains(w.as_str()));
        }
        // A stem keeps the start of its word: only a word that begins as a wanted term does
        // is stemmed (most of a page's words are not).
        let Some(first) = word.chars().next().map(fold_char) else {
            return false;
        };
        wanted.iter().any(|w| w.starts_with(first.as_str())) && wanted.contains(&self.term(word))
    }
}

/// `c` folded, as [`fold`] folds it.
fn fold_char(c: char) -> String {
    let mut buffer = [0; 4];
    fold(c.encode_utf8(&mut buffer))
}

/// Whether `c` is written without spaces between words: Chinese characters, Japanese kana.
pub(super) fn is_ideographic(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// Lowercase, without diacritics: "Brașov" is "brasov", "Straße" is "strasse", "Œuvre" is
/// "oeuvre": the letters each language writes as two are written as two.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(word.len());
    for c in word.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ß' | 'ẞ' => folded.push_str("ss"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'œ' | 'Œ' => folded.push_str("oe"),
            'ø' | 'Ø' => folded.push('o'),
            'đ' | 'Đ' => folded.push('d'),
            'ł' | 'Ł' => folded.push('l'),
            _ => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// The words of `text` (runs of letters and digits), with their byte offsets.
pub(super) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_stemming() {
        let english = Analyzer::new("en");
        assert_eq!(fold("Brașov"), "brasov");
        assert_eq!(fold("NIŠ"), "nis");
        assert_eq!(
            english.terms("Schools, cities and exchanges"),
            ["school", "citi", "and", "exchang"]
        );
        assert_eq!(english.terms("city"), ["citi"]);
        assert_eq!(
            english.terms("churches Brașov Paris"),
            ["church", "brasov", "pari"]
        );
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Łódź"), "lodz");
    }

    #[test]
    fn each_language_stems_by_its_own_rules() {
        let french = Analyzer::new("fr");
        assert_eq!(french.term("écoles"), french.term("ecole"));
        assert_eq!(french.term("jumelages"), french.term("jumelage"));
        let german = Analyzer::new("de");
        assert_eq!(german.term("Partnerschaften"), german.term("Partnerschaft"));
        assert_eq!(german.term("München"), german.term("Muenchen"));
        assert_eq!(german.term("München"), german.term("Munchen"));
        assert_eq!(german.term("Düsseldorf"), german.term("Duesseldorf"));
        let romanian = Analyzer::new("ro");
        assert_eq!(romanian.term("orașele"), romanian.term("orasele"));
        // Czech has no stemmer: folded only.
        assert_eq!(Analyzer::new("cs").term("Česká"), "ceska");
        assert_eq!(Analyzer::new("zh-Hans").term("Leeds"), "leeds");
    }

    #[test]
    fn chinese_is_searched_by_characters_and_their_pairs() {
        let chinese = Analyzer::new("zh-Hans");
        assert_eq!(chinese.terms("杭州市"), ["杭", "州", "市", "杭州", "州市"]);
        assert_eq!(chinese.query_terms("杭州"), ["杭州"]);
        assert_eq!(chinese.query_terms("杭"), ["杭"]);
        assert_eq!(chinese.terms("利兹Leeds"), ["利", "兹", "利兹", "leeds"]);
        let page = chinese.terms("利兹与杭州的合作");
        assert!(chinese.query_terms("杭州").iter().all(|t| page.contains(t)));
        assert!(!chinese.query_terms("州杭").iter().all(|t| page.contains(t)));
    }

    #[test]
    fn a_page_word_is_wanted_by_its_term() {
        let english = Analyzer::new("en");
        let wanted = english.query_terms("school");
        assert!(english.is_wanted("Schools", &wanted));
        assert!(!english.is_wanted("Lille", &wanted));
        let french = Analyzer::new("fr");
        assert!(french.is_wanted("Écoles", &french.query_terms("ecole")));
    }
}
