//! Words as search sees them: split from text, folded to lowercase without diacritics, and
//! stemmed, so that "Brasov" finds Brașov and "cities" finds "city".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The search terms of `text`: words folded to lowercase without diacritics, then stemmed.
pub fn terms(text: &str) -> Vec<String> {
    words(text).map(|(_, word)| term(word)).collect()
}

/// The search term of one word.
pub(super) fn term(word: &str) -> String {
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
    }
}
