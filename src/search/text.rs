//! Words as search sees them: split from text, folded to lowercase without diacritics, and
//! stemmed, so that "Brasov" finds Brașov and "cities" finds "city".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The search terms of `text`: words folded to lowercase without diacritics, then stemmed.
/// Chinese and Japanese, written without spaces, give each character and each pair of
/// neighbouring characters, so that 杭州 is found inside 杭州市.
pub fn terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for (_, word) in words(text) {
        push_terms(word, &mut terms, true);
    }
    terms
}

/// The terms a query must find: as [`terms`], but Chinese and Japanese words give only their
/// pairs of characters (a single character, alone), so that every pair must be on the page.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for (_, word) in words(text) {
        push_terms(word, &mut terms, false);
    }
    terms
}

/// The terms of one word; `singles`, each ideograph on its own too.
fn push_terms(word: &str, terms: &mut Vec<String>, singles: bool) {
    if !word.chars().any(is_ideographic) {
        terms.push(term(word));
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
            terms.push(term(run));
        }
        rest = after;
    }
}

/// Whether `word` of a page matches one of the `wanted` terms: as a whole, or, in Chinese or
/// Japanese (where a "word" runs to the next punctuation), by holding one.
pub(super) fn is_wanted(word: &str, wanted: &[String]) -> bool {
    if word.chars().any(is_ideographic) {
        return wanted
            .iter()
            .any(|w| w.chars().any(is_ideographic) && word.contains(w.as_str()));
    }
    wanted.contains(&term(word))
}

/// Whether `c` is written without spaces between words: Chinese characters, Japanese kana.
fn is_ideographic(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// The search term of one word.
pub(super) fn term(word: &str) -> String {
    let mut term = fold(word);
    stem(&mut term);
    term
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
        assert_eq!(fold("Brașov"), "brasov");
        assert_eq!(fold("NIŠ"), "nis");
        assert_eq!(
            terms("Schools, cities and exchanges"),
            ["school", "city", "and", "exchange"]
        );
        assert_eq!(terms("churches bus Paris"), ["church", "bus", "paris"]);
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Łódź"), "lodz");
    }

    #[test]
    fn chinese_is_searched_by_characters_and_their_pairs() {
        assert_eq!(terms("杭州市"), ["杭", "州", "市", "杭州", "州市"]);
        assert_eq!(query_terms("杭州"), ["杭州"]);
        assert_eq!(query_terms("杭"), ["杭"]);
        assert_eq!(terms("利兹Leeds"), ["利", "兹", "利兹", "leed"]);
        let page = terms("利兹与杭州的合作");
        assert!(query_terms("杭州").iter().all(|t| page.contains(t)));
        assert!(!query_terms("州杭").iter().all(|t| page.contains(t)));
    }
}
